//! Building disclosures in tests, here and in the crates above (feature
//! `test-support`).

use chrono::NaiveDate;
use serde_json::{json, Value};

use crate::framework::{DataFile as App, Record};

/// A data file with the units the sample disclosures name.
pub fn app_with_units() -> App {
    let mut app = App::open_in_memory().unwrap();
    add_units(&mut app);
    app
}

/// Add the units the sample disclosures name (党政办, 城管科).
pub fn add_units(app: &mut App) {
    app.store
        .write(|tx| {
            taizhang_store::office::add_unit(tx, "党政办", "section")?;
            taizhang_store::office::add_unit(tx, "城管科", "section")
        })
        .unwrap();
}

pub fn rec(v: Value) -> Record {
    v.as_object().unwrap().clone()
}

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn valid() -> Value {
    json!({
        "title": "长庆街道2023年部门预算", "category": "财政预决算", "unit": "党政办",
        "channels": ["门户网站", "公开栏/公示板"], "doc_number": "长街〔2023〕5号",
        "formed_on": "2023-09-27", "published_on": "2023-10-09",
        "url": "https://www.example.gov.cn/art/2023/10/9/1.html",
        "reviewed": true, "reviewer": "王某", "key_areas": "财政预算、民生实事", "note": "",
    })
}

pub fn with(changes: Value) -> Record {
    let mut r = rec(valid());
    for (k, v) in changes.as_object().unwrap() {
        r.insert(k.clone(), v.clone());
    }
    r
}
