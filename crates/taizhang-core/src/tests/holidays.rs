//! Changing a holiday schedule recomputes the disclosures' stored due dates
//! (moved from the register's own tests: the change is a use case above it).

use serde_json::json;

use crate::register;
use crate::registers::disclosures::test_support::{add_units, d, with};
use crate::registers::disclosures::SPEC;
use crate::App;

fn app_with_units() -> App {
    let mut app = App::open_in_memory().unwrap();
    add_units(&mut app);
    app
}

#[test]
fn a_new_holiday_schedule_recomputes_stored_due_dates() {
    let mut app = app_with_units();
    let r = register::create(&mut app, &SPEC, &with(json!({"published_on": null}))).unwrap();
    let id = r["id"].as_str().unwrap().to_string();
    // Suppose the clerk's 2023 schedule had one more day off, on 09-28.
    let mut y2023 = crate::calendar::bundled_year(2023).unwrap();
    y2023.holidays.push(d("2023-09-28"));
    let changed = crate::holidays::store_year(&mut app, &y2023, "手工录入").unwrap();
    assert_eq!(changed, 1);
    let stored: String = app
        .store
        .conn()
        .query_row(
            "SELECT due_local_on FROM disclosures WHERE id = ?1",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, "2023-10-13");
    assert_eq!(
        register::get(&app, &SPEC, &id).unwrap()["_due_local_on"],
        "2023-10-13"
    );
    crate::holidays::remove_year(&mut app, 2023).unwrap();
    assert_eq!(
        register::get(&app, &SPEC, &id).unwrap()["_due_local_on"],
        "2023-10-12"
    );
}
