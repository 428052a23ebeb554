//! Applications through the data package and the commands (moved from the
//! register's own tests: they need the layers above).

use serde_json::{json, Value};

use crate::dates::iso;
use crate::register;
use crate::registers::applications::test_support::*;
use crate::registers::applications::{NO_CORRECTION, SPEC};
use crate::App;

/// The application (the helpers' `app()` gives only its data file).
fn app() -> App {
    App::open_in_memory().unwrap()
}

#[test]
fn due_dates_follow_the_calendar_when_a_new_schedule_is_imported() {
    let mut app = app();
    let r = create(&mut app, rec(received("2026-12-21")));
    let id = r["id"].as_str().unwrap().to_string();
    assert_eq!(r["_due_provisional"], true);
    assert!(r["_due_explain"]
        .as_str()
        .unwrap()
        .contains("2027年节假日安排未录入"));
    // Without 2027's schedule every weekday counts: 12-22 … 12-31 (8),
    // 01-01 (9), 01-04 … 01-18 (20).
    assert_eq!(stored_due(&app, &id).0.as_deref(), Some("2027-01-18"));
    crate::dataset::import(
        &mut app,
        &json!({"format": "taizhang.dataset/1", "holidays": [
            {"year": 2027, "holidays": ["2027-01-01", "2027-01-04", "2027-01-05"], "workdays": []}
        ]}),
    )
    .unwrap();
    // Three of those days are now off: three working days later.
    assert_eq!(stored_due(&app, &id).0.as_deref(), Some("2027-01-21"));
    let again = register::get(&app, &SPEC, &id).unwrap();
    assert_eq!(again["_due_provisional"], false);
}

// ---------------------------------------------------------------- commands

fn call(app: &mut App, name: &str, args: Value) -> taizhang_base::Result<Value> {
    match crate::api::dispatch(app, name, args)? {
        crate::api::Reply::Json(v) => Ok(v),
        crate::api::Reply::Files { .. } => panic!("files"),
    }
}

#[test]
fn the_fee_suggestion_counts_the_applicants_applications_in_the_month() {
    let mut app = app();
    for day in 1..=12 {
        let date = format!("2023-10-{day:02}");
        create(&mut app, rec(received(&date)));
    }
    // Another applicant, and the same applicant in another month, do not count.
    create(
        &mut app,
        with(received("2023-10-05"), json!({"applicant_name": "李某"})),
    );
    create(&mut app, rec(received("2023-11-01")));
    let s = call(
        &mut app,
        "applications.suggest_fee",
        json!({"applicant_name": "张某", "received_on": "2023-10-20"}),
    )
    .unwrap();
    assert_eq!(
        (s["nth"].as_u64(), s["fee_yuan"].as_u64()),
        (Some(13), Some(100))
    );
    // A stored application counts only those before it.
    let s = call(
        &mut app,
        "applications.suggest_fee",
        json!({"applicant_name": "张某", "received_on": "2023-10-03", "serial": "2023-003", "id": "a-2023-003"}),
    )
    .unwrap();
    assert_eq!(
        (s["nth"].as_u64(), s["fee_yuan"].as_u64()),
        (Some(3), Some(0))
    );
    let err = call(
        &mut app,
        "applications.suggest_fee",
        json!({"received_on": "2023-10-03"}),
    )
    .unwrap_err();
    assert_eq!(err.to_json()["field"], "applicant_name");
}

#[test]
fn a_correction_never_answered_closes_in_one_step() {
    let mut app = app();
    let open = create(&mut app, rec(received("2023-03-01")));
    let err = call(
        &mut app,
        "applications.set_no_correction",
        json!({"id": open["id"]}),
    )
    .unwrap_err();
    assert_eq!(err.code(), "conflict");
    let waiting = create(
        &mut app,
        with(
            received("2023-03-01"),
            json!({"correction_requested_on": "2023-03-03"}),
        ),
    );
    let closed = call(
        &mut app,
        "applications.set_no_correction",
        json!({"id": waiting["id"], "replied_on": "2023-04-20"}),
    )
    .unwrap();
    assert_eq!(closed["result"], NO_CORRECTION);
    assert_eq!(closed["replied_on"], "2023-04-20");
    assert_eq!(closed["_status"], "closed");
    let hist = register::history(app.store.conn(), &SPEC, waiting["id"].as_str().unwrap()).unwrap();
    assert_eq!(hist.last().unwrap()["action"], "update", "audited");
}

#[test]
fn the_figures_command_answers_in_the_report_shape() {
    let mut app = app();
    create(
        &mut app,
        with(
            received("2023-03-01"),
            json!({"replied_on": "2023-03-10", "result": "partially_disclosed", "fee_yuan": 100}),
        ),
    );
    create(
        &mut app,
        with(
            received("2023-12-28"),
            json!({"applicant_kind": "legal_service_org"}),
        ),
    );
    let f = call(&mut app, "applications.figures", json!({"year": 2023})).unwrap();
    assert_eq!(f["applications"]["columns"][6], "total");
    assert_eq!(
        f["applications"]["rows"]["new"],
        json!([1, 0, 0, 0, 1, 0, 2])
    );
    assert_eq!(
        f["applications"]["rows"]["partially_disclosed"],
        json!([1, 0, 0, 0, 0, 0, 1])
    );
    assert_eq!(
        f["applications"]["rows"]["carried_out"],
        json!([0, 0, 0, 0, 1, 0, 1])
    );
    assert_eq!(
        f["records"]["applications"]["rows"]["carried_out"][4],
        json!(["a-2023-002"])
    );
    assert_eq!(f["appeals"]["reconsideration"]["total"], 0);
    assert_eq!(f["fees_collected_yuan"], 100);
    assert_eq!(f["checks"], json!([]));
    let keys: Vec<&String> = f["applications"]["rows"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(keys.len(), 25);
    assert_eq!(keys[0], "new");
    assert_eq!(keys[24], "carried_out");
}

#[test]
fn the_home_card_lists_overdue_and_soon_due_applications() {
    let mut app = app();
    let today = taizhang_base::dates::today();
    let cal = app.calendar().clone();
    // Received so that the reply is due two working days from today.
    let target = cal.add_working_days(today, 2).due;
    let mut day = today;
    while cal.add_working_days(day, 20).due > target {
        day -= chrono::Duration::days(1);
    }
    assert_eq!(cal.add_working_days(day, 20).due, target);
    let soon = create(&mut app, rec(received(&iso(day))));
    create(&mut app, rec(received(&iso(today))));
    let late = create(&mut app, rec(received("2023-03-01")));
    create(
        &mut app,
        with(
            received("2023-03-01"),
            json!({"correction_requested_on": "2023-03-02"}),
        ),
    );
    let card = call(&mut app, "applications.attention", json!({})).unwrap();
    let ids = |k: &str| -> Vec<Value> {
        card[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].clone())
            .collect()
    };
    assert_eq!(ids("overdue"), vec![late["id"].clone()]);
    assert_eq!(ids("due_soon"), vec![soon["id"].clone()]);
    assert_eq!(card["due_soon"][0]["_status_kind"], "soon");
    assert_eq!(
        card["due_soon"][0]["_status_label"],
        "办理中（剩2个工作日）"
    );
    assert_eq!(card["overdue"][0]["_status_kind"], "late");
}
