//! Changing a holiday schedule recomputes the disclosures' stored due dates
//! (moved from the register's own tests: the change is a use case above it).

use chrono::NaiveDate;
use serde_json::{json, Value};

use crate::register::{self, Record};
use crate::registers::disclosures::SPEC;
use crate::App;

fn app_with_units() -> App {
    let mut app = App::open_in_memory().unwrap();
    app.store
        .write(|tx| {
            crate::office::add_unit(tx, "党政办", "section")?;
            crate::office::add_unit(tx, "城管科", "section")
        })
        .unwrap();
    app
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A complete disclosure with `changes` applied.
fn with(changes: Value) -> Record {
    let mut r = json!({
        "title": "长庆街道2023年部门预算", "category": "财政预决算", "unit": "党政办",
        "channels": ["门户网站", "公开栏/公示板"], "doc_number": "长街〔2023〕5号",
        "formed_on": "2023-09-27", "published_on": "2023-10-09",
        "url": "https://www.example.gov.cn/art/2023/10/9/1.html",
        "reviewed": true, "reviewer": "王某", "key_areas": "财政预算、民生实事", "note": "",
    })
    .as_object()
    .unwrap()
    .clone();
    for (k, v) in changes.as_object().unwrap() {
        r.insert(k.clone(), v.clone());
    }
    r
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
