//! Building applications in tests, here and in the crates above (feature
//! `test-support`).

use chrono::NaiveDate;
use serde_json::{json, Value};

use super::SPEC;
use crate::framework::{self as register, DataFile as App, Record};

pub fn app() -> App {
    App::open_in_memory().unwrap()
}

pub fn rec(v: Value) -> Record {
    v.as_object().unwrap().clone()
}

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A minimal valid application received on `day`.
pub fn received(day: &str) -> Value {
    json!({"received_on": day, "applicant_kind": "natural_person", "applicant_name": "张某",
           "channel": "online", "request": "申请公开某小区加装电梯的审批材料"})
}

pub fn with(mut base: Value, extra: Value) -> Record {
    for (k, v) in extra.as_object().unwrap() {
        base[k] = v.clone();
    }
    rec(base)
}

pub fn create(app: &mut App, r: Record) -> Record {
    register::create(app, &SPEC, &r).unwrap()
}

pub fn stored_due(app: &App, id: &str) -> (Option<String>, Option<String>) {
    app.store
        .conn()
        .query_row(
            "SELECT due_on, correction_due_on FROM applications WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}
