use serde_json::json;

use super::*;
use crate::framework::DataFile as App;
use crate::framework as register;

fn app() -> App {
    App::open_in_memory().unwrap()
}

fn rec(v: Value) -> Record {
    v.as_object().unwrap().clone()
}

fn application(app: &mut App, received: &str) -> String {
    let r = register::create(
        app,
        &crate::registers::applications::SPEC,
        &rec(json!({"received_on": received, "applicant_kind": "natural_person", "request": "x"})),
    )
    .unwrap();
    r["id"].as_str().unwrap().to_string()
}

fn field_of(err: &taizhang_base::Error) -> String {
    err.to_json()["field"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_case_is_recorded_with_its_application_and_shows_its_status() {
    let mut app = app();
    let a = application(&mut app, "2023-03-01");
    let r = register::create(
        &mut app,
        &SPEC,
        &rec(json!({"kind": "行政复议", "application_id": a, "filed_on": "2023-05-01", "outcome": "pending"})),
    )
    .unwrap();
    assert_eq!(
        r["kind"], "reconsideration",
        "chosen by its label in a form"
    );
    assert_eq!(r["_status_label"], "尚未审结");
    let id = r["id"].as_str().unwrap();
    let mut form = r.clone();
    form.insert("outcome".into(), json!("corrected"));
    form.insert("decided_on".into(), json!("2023-08-01"));
    let decided = register::update(&mut app, &SPEC, id, &form).unwrap();
    assert_eq!(decided["_status_label"], "已审结（纠正）");
    // The application cannot be deleted while a case refers to it.
    let err = register::delete(&mut app, &crate::registers::applications::SPEC, &a).unwrap_err();
    assert_eq!(err.code(), "conflict");
}

#[test]
fn the_decision_date_is_there_exactly_when_the_case_is_decided() {
    let mut app = app();
    let cases = [
        (
            json!({"kind": "reconsideration", "filed_on": "2023-05-01", "outcome": "pending", "decided_on": "2023-06-01"}),
            "decided_on",
            "尚未审结",
        ),
        (
            json!({"kind": "reconsideration", "filed_on": "2023-05-01", "outcome": "upheld"}),
            "decided_on",
            "请填写审结日期",
        ),
        (
            json!({"kind": "reconsideration", "filed_on": "2023-05-01", "outcome": "upheld", "decided_on": "2023-04-01"}),
            "decided_on",
            "审结日期不能早于提起日期",
        ),
        (
            json!({"kind": "appeal_to_heaven", "filed_on": "2023-05-01", "outcome": "pending"}),
            "kind",
            "类别",
        ),
        (
            json!({"kind": "reconsideration", "filed_on": "2023-05-01", "outcome": "pending", "application_id": "a-nope"}),
            "application_id",
            "找不到",
        ),
    ];
    for (input, field, words) in cases {
        let err = register::create(&mut app, &SPEC, &rec(input.clone())).unwrap_err();
        assert_eq!(field_of(&err), field, "{input}");
        assert!(err.to_string().contains(words), "{input}: {err}");
    }
}

#[test]
fn a_case_cannot_be_filed_before_its_application_was_received() {
    let mut app = app();
    let a = application(&mut app, "2023-03-01");
    let err = register::create(
        &mut app,
        &SPEC,
        &rec(json!({"kind": "litigation_direct", "application_id": a, "filed_on": "2023-02-01", "outcome": "pending"})),
    )
    .unwrap_err();
    assert_eq!(field_of(&err), "filed_on");
    assert!(err.to_string().contains("2023-03-01"), "{err}");
}

#[test]
fn deciding_a_case_after_its_filing_year_is_locked_is_allowed() {
    let mut app = app();
    let r = register::create(
        &mut app,
        &SPEC,
        &rec(json!({"kind": "reconsideration", "filed_on": "2022-11-01", "outcome": "pending"})),
    )
    .unwrap();
    app.store
        .conn()
        .execute(
            "INSERT INTO year_locks (year, locked_at) VALUES (2022, 'x')",
            [],
        )
        .unwrap();
    let id = r["id"].as_str().unwrap();
    let mut form = r.clone();
    form.insert("outcome".into(), json!("upheld"));
    form.insert("decided_on".into(), json!("2023-02-01"));
    register::update(&mut app, &SPEC, id, &form).unwrap();
    // Deciding it within 2022 would change 2022's table 四.
    form.insert("decided_on".into(), json!("2022-12-01"));
    assert_eq!(
        register::update(&mut app, &SPEC, id, &form)
            .unwrap_err()
            .code(),
        "year_locked"
    );
    // So would changing its kind.
    form.insert("decided_on".into(), json!("2023-02-01"));
    form.insert("kind".into(), json!("litigation_direct"));
    assert_eq!(
        register::update(&mut app, &SPEC, id, &form)
            .unwrap_err()
            .code(),
        "year_locked"
    );
}
