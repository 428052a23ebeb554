//! Issue 15 through the commands and the year's report: the one-action
//! closes on confirmed dates, withdrawals, the office's correction period,
//! the 首页 lists, the year's warnings, table 三's （六）2 with section 六's
//! fee sentence, and the new fields in the ledger workbook.

use serde_json::{json, Value};

use crate::annual::assemble;
use crate::api::{dispatch, Reply};
use crate::registers::applications::test_support::*;
use crate::report::figures::CheckLevel;
use crate::report::sentences::fee_sentence;
use crate::App;

fn app() -> App {
    App::open_in_memory().unwrap()
}

fn call(app: &mut App, name: &str, args: Value) -> taizhang_base::Result<Value> {
    match dispatch(app, name, args)? {
        Reply::Json(v) => Ok(v),
        _ => panic!("{name} answers JSON"),
    }
}

fn new(app: &mut App, extra: Value) -> Value {
    let record = with(received("2023-09-25"), extra);
    call(app, "register.create", json!({"register": "applications", "record": record})).unwrap()
}

/// 按量 120 pages (1100 yuan), noticed 2023-09-27, served 09-28: the period
/// runs to 2023-11-01 across National Day and its make-up weekend.
fn fee_noticed(app: &mut App) -> Value {
    new(
        app,
        json!({"fee_basis": "per_page", "fee_pages": 120, "fee_yuan": 1100,
               "fee_notice_on": "2023-09-27", "fee_served_on": "2023-09-28"}),
    )
}

#[test]
fn an_unpaid_fee_closes_as_six_two_on_a_confirmed_date_after_its_period() {
    let mut app = app();
    let a = fee_noticed(&mut app);
    assert_eq!(a["_payment_due_on"], "2023-11-01");
    assert_eq!(a["_fee_unpaid_from"], "2023-11-02");
    let id = a["id"].clone();
    let no_date = call(&mut app, "applications.close_fee_unpaid", json!({"id": id})).unwrap_err();
    assert_eq!(no_date.to_json()["field"], "replied_on");
    assert!(no_date.to_string().contains("请确认办结日期"), "{no_date}");
    let early = call(
        &mut app,
        "applications.close_fee_unpaid",
        json!({"id": id, "replied_on": "2023-11-01"}),
    )
    .unwrap_err();
    assert!(early.to_string().contains("缴费期限（2023-11-01）届满后才能办结"), "{early}");
    let closed = call(
        &mut app,
        "applications.close_fee_unpaid",
        json!({"id": id, "replied_on": "2023-11-02"}),
    )
    .unwrap();
    assert_eq!(closed["result"], "other.fee_unpaid");
    assert_eq!(closed["replied_on"], "2023-11-02");
    let again = call(
        &mut app,
        "applications.close_fee_unpaid",
        json!({"id": id, "replied_on": "2023-11-03"}),
    )
    .unwrap_err();
    assert_eq!(again.code(), "conflict");

    // A paid fee in the same year: only it is collected.
    new(
        &mut app,
        json!({"fee_basis": "per_item", "fee_yuan": 200, "fee_notice_on": "2023-09-27",
               "fee_served_on": "2023-09-28", "fee_paid_on": "2023-10-10",
               "replied_on": "2023-10-20", "result": "disclosed"}),
    );
    let annual = assemble(&app, 2023).unwrap();
    let f = annual.figures();
    let total = |code: &str| f.applications.rows.get(code).map(|r| r[6]);
    assert_eq!(total("other.fee_unpaid"), Some(1));
    assert_eq!(f.fees_collected_yuan, 200.0);
    assert_eq!(
        fee_sentence(&annual.input),
        "本年度对1件政府信息公开申请收取信息处理费，共计200元。"
    );
}

#[test]
fn a_withdrawal_closes_under_other_in_one_action_with_its_reason() {
    let mut app = app();
    let a = new(&mut app, json!({}));
    let done = call(
        &mut app,
        "applications.withdraw",
        json!({"id": a["id"], "withdrawn_on": "2023-10-09", "reason": "申请人已通过其他途径获取"}),
    )
    .unwrap();
    assert_eq!(done["result"], "other.other");
    assert_eq!(done["replied_on"], "2023-10-09");
    assert_eq!(done["withdrawn_on"], "2023-10-09");
    assert_eq!(done["withdrawal_reason"], "申请人已通过其他途径获取");
    let other = new(&mut app, json!({}));
    let bad = call(
        &mut app,
        "applications.withdraw",
        json!({"id": other["id"], "withdrawn_on": "十月"}),
    )
    .unwrap_err();
    assert_eq!(bad.to_json()["field"], "withdrawn_on");
}

#[test]
fn no_correction_needs_a_confirmed_date_after_the_deadline() {
    let mut app = app();
    call(&mut app, "applications.save_correction_days", json!({"correction_days": 5})).unwrap();
    assert_eq!(
        call(&mut app, "applications.correction_days", json!({})).unwrap()["correction_days"],
        5
    );
    // Notice 2023-09-28 + 5 working days: 10-07, 10-08, 10-09, 10-10, 10-11.
    let a = new(&mut app, json!({"correction_requested_on": "2023-09-28"}));
    assert_eq!(a["correction_deadline_on"], "2023-10-11");
    assert_eq!(a["_no_correction_from"], "2023-10-12");
    let err = call(&mut app, "applications.set_no_correction", json!({"id": a["id"]})).unwrap_err();
    assert_eq!(err.to_json()["field"], "replied_on");
    let early = call(
        &mut app,
        "applications.set_no_correction",
        json!({"id": a["id"], "replied_on": "2023-10-11"}),
    )
    .unwrap_err();
    assert!(early.to_string().contains("补正期限（2023-10-11）届满后才能办结"), "{early}");
    let out = call(&mut app, "applications.save_correction_days", json!({"correction_days": 0}));
    assert_eq!(out.unwrap_err().to_json()["field"], "correction_days");
}

#[test]
fn the_home_card_lists_notices_running_out_corrections_awaited_and_lapsed_fees() {
    let mut app = app();
    let today = taizhang_base::dates::today();
    let day = taizhang_base::dates::iso(today);
    let marked = new(
        &mut app,
        json!({"received_on": day, "correction_needed": true}),
    );
    let not_marked = new(&mut app, json!({"received_on": day}));
    let awaited = new(&mut app, json!({"correction_requested_on": "2023-09-27"}));
    let lapsed = fee_noticed(&mut app);
    let card = call(&mut app, "applications.attention", json!({})).unwrap();
    let ids = |k: &str| -> Vec<Value> {
        card[k].as_array().unwrap().iter().map(|r| r["id"].clone()).collect()
    };
    // Received today: its 7 working days end later than 3 from today.
    assert!(ids("notice_due_soon").is_empty());
    assert_eq!(ids("awaiting_correction"), vec![awaited["id"].clone()]);
    assert_eq!(ids("payment_lapsed"), vec![lapsed["id"].clone()]);
    assert!(!ids("overdue").contains(&lapsed["id"]), "the clock waits for the payment");
    let old = new(&mut app, json!({"correction_needed": true}));
    let card = call(&mut app, "applications.attention", json!({})).unwrap();
    let notice: Vec<Value> = card["notice_due_soon"].as_array().unwrap().iter().map(|r| r["id"].clone()).collect();
    assert_eq!(notice, vec![old["id"].clone()]);
    assert!(!notice.contains(&marked["id"]) && !notice.contains(&not_marked["id"]));
}

#[test]
fn the_years_check_names_lapsed_fees_passed_deadlines_and_unnotified_extensions() {
    let mut app = app();
    let lapsed = fee_noticed(&mut app);
    new(
        &mut app,
        json!({"fee_notice_on": "2023-09-27", "fee_served_on": "2023-09-28", "fee_yuan": 100,
               "fee_paid_on": "2023-10-10"}),
    );
    let passed = new(
        &mut app,
        json!({"correction_requested_on": "2023-09-27", "correction_deadline_on": "2023-10-20"}),
    );
    let unnotified = new(
        &mut app,
        json!({"extended_on": "2023-10-20", "extension_working_days": 5,
               "replied_on": "2023-10-30", "result": "disclosed"}),
    );
    new(
        &mut app,
        json!({"extended_on": "2023-10-20", "extension_working_days": 5, "extension_notified_on": "2023-10-20",
               "replied_on": "2023-10-30", "result": "disclosed"}),
    );
    let annual = assemble(&app, 2023).unwrap();
    let named = |code: &str| {
        let c = annual
            .figures()
            .checks
            .iter()
            .find(|c| c.code == code)
            .unwrap_or_else(|| panic!("{code}"));
        assert_eq!(c.level, CheckLevel::Warning);
        c.records.clone()
    };
    let id = |v: &Value| v["id"].as_str().unwrap().to_string();
    assert_eq!(named("applications.fee_unpaid_open"), vec![id(&lapsed)]);
    assert_eq!(named("applications.correction_deadline_passed"), vec![id(&passed)]);
    assert_eq!(named("applications.extension_unnotified"), vec![id(&unnotified)]);
}

#[test]
fn the_ledger_workbook_carries_the_new_fields() {
    let mut app = app();
    fee_noticed(&mut app);
    let annual = assemble(&app, 2023).unwrap();
    let sheet = annual
        .input
        .ledger
        .iter()
        .find(|t| t.sheet == "依申请公开")
        .unwrap();
    let col = |label: &str| sheet.columns.iter().position(|c| c == label).unwrap_or_else(|| panic!("{label}"));
    let row = &sheet.rows[0];
    assert_eq!(row[col("收费方式")], "按量计收");
    assert_eq!(row[col("按量页数")], "120");
    assert_eq!(row[col("收费通知送达日期")], "2023-09-28");
    assert_eq!(row[col("申请事项数")], "1");
}
