//! The filing deadline: 31 January unless the office sets its district's date;
//! counted down in working days from December, amber in the last ten, red
//! after, done once the year is locked.

use chrono::NaiveDate;
use serde_json::json;

use crate::api::dispatch;
use crate::deadline::{get, Deadline};
use crate::App;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn on(app: &App, today: &str) -> Deadline {
    get(app.store.conn(), app.calendar(), 2023, day(today)).unwrap()
}

#[test]
fn the_deadline_counts_down_from_december_and_turns_amber_then_red() {
    let app = App::open_in_memory().unwrap();
    let d = on(&app, "2023-11-30");
    assert_eq!((d.due_on.as_str(), d.custom, d.state), ("2024-01-31", false, "waiting"));
    assert_eq!(on(&app, "2023-12-01").state, "counting");
    // 17 January 2024 (Wednesday): 18, 19, 22–26, 29, 30, 31 January are left.
    let d = on(&app, "2024-01-16");
    assert_eq!((d.state, d.working_days_left), ("counting", 11));
    let d = on(&app, "2024-01-17");
    assert_eq!((d.state, d.working_days_left), ("soon", 10));
    assert_eq!(on(&app, "2024-01-31").state, "soon");
    assert_eq!(on(&app, "2024-02-01").state, "late");
}

#[test]
fn the_office_sets_its_districts_date_and_locking_the_year_ends_the_countdown() {
    let mut app = App::open_in_memory().unwrap();
    dispatch(&mut app, "report.deadline_save", json!({"year": 2023, "due_on": "2024年1月10日"})).unwrap();
    let d = on(&app, "2024-01-11");
    assert_eq!((d.due_on.as_str(), d.custom, d.state), ("2024-01-10", true, "late"));

    let err = dispatch(&mut app, "report.deadline_save", json!({"year": 2023, "due_on": "2023-12-20"})).unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert!(err.to_string().contains("应在2024年内"), "{err}");
    assert_eq!(on(&app, "2024-01-11").due_on, "2024-01-10", "a refused date changes nothing");

    dispatch(&mut app, "report.deadline_save", json!({"year": 2023, "due_on": null})).unwrap();
    assert_eq!(on(&app, "2024-01-11").due_on, "2024-01-31");

    app.store
        .write(|tx| crate::locks::lock(tx, 2023, "已报送"))
        .unwrap();
    assert_eq!(on(&app, "2024-02-05").state, "locked");
}
