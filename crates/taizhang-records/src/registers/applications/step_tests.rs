//! Issue 15 through the register: the fields the steps added, the one-action
//! rules they follow, and a property test of table 三 and late replies over
//! random applications with extensions, consultations, fees and withdrawals.

use chrono::{Datelike, Duration, NaiveDate};
use proptest::prelude::*;
use serde_json::json;

use super::counting::{checks, figures, late_replies, TABLE3_WIDTH};
use super::test_support::*;
use super::SPEC;
use crate::framework as register;
use taizhang_base::calendar::Calendar;
use taizhang_base::dates::iso;
use taizhang_base::official;

#[test]
fn a_withdrawal_closes_under_other_with_its_reason_and_nothing_else_fits() {
    let mut app = app();
    let r = create(
        &mut app,
        with(
            received("2024-01-25"),
            json!({"withdrawn_on": "2024-02-18", "withdrawal_reason": "申请人已通过其他途径获取",
                   "replied_on": "2024-02-18", "result": "other.other"}),
        ),
    );
    assert_eq!(r["_status"], "closed");
    assert_eq!(r["withdrawal_reason"], "申请人已通过其他途径获取");
    let wrong = with(
        received("2024-01-25"),
        json!({"withdrawn_on": "2024-02-18", "replied_on": "2024-02-18", "result": "disclosed"}),
    );
    let err = register::create(&mut app, &SPEC, &wrong).unwrap_err();
    assert!(
        format!("{err:?}").contains("申请人撤回的，办理结果应选“其他处理·3.其他”"),
        "{err:?}"
    );
}

#[test]
fn a_correction_notice_gets_the_offices_default_deadline_and_no_close_before_it() {
    let mut app = app();
    // Notice 2024-02-05; 15 working days: 02-06..09, 02-18, 02-19..23, 02-26..29, 03-01.
    let r = create(
        &mut app,
        with(received("2024-02-01"), json!({"correction_requested_on": "2024-02-05"})),
    );
    assert_eq!(r["correction_deadline_on"], "2024-03-01");
    assert_eq!(r["_no_correction_from"], "2024-03-04");
    assert_eq!(r["item_count"], 1, "a blank item count is one");
    let early = with(
        received("2024-02-01"),
        json!({"correction_requested_on": "2024-02-05", "correction_deadline_on": "2024-02-09",
               "replied_on": "2024-02-09", "result": "other.no_correction"}),
    );
    let err = register::create(&mut app, &SPEC, &early).unwrap_err();
    assert!(format!("{err:?}").contains("补正期限（2024-02-09）届满后"), "{err:?}");
    // The first working day after 02-09 is the make-up Sunday 02-18.
    let ok = create(
        &mut app,
        with(
            received("2024-02-01"),
            json!({"correction_requested_on": "2024-02-05", "correction_deadline_on": "2024-02-09",
                   "replied_on": "2024-02-18", "result": "other.no_correction"}),
        ),
    );
    assert_eq!(ok["_no_correction_from"], "2024-02-18");
}

#[test]
fn a_closed_old_no_correction_record_without_a_deadline_still_saves() {
    // As packages from before issue 15 have them: no 补正期限.
    let mut app = app();
    let r = create(
        &mut app,
        with(
            received("2023-09-27"),
            json!({"correction_requested_on": "2023-09-28", "replied_on": "2023-10-09",
                   "result": "other.no_correction"}),
        ),
    );
    assert_eq!(r["correction_deadline_on"], serde_json::Value::Null);
}

#[test]
fn an_unpaid_fee_is_awaiting_payment_then_counts_as_fee_unpaid_and_collects_nothing() {
    let mut app = app();
    let r = create(
        &mut app,
        with(
            received("2023-09-25"),
            json!({"fee_basis": "per_page", "fee_pages": 120, "fee_yuan": 1100,
                   "fee_notice_on": "2023-09-27", "fee_served_on": "2023-09-28"}),
        ),
    );
    assert_eq!(r["_status"], "awaiting_payment");
    assert_eq!(r["_payment_due_on"], "2023-11-01");
    let id = r["id"].as_str().unwrap().to_string();
    let mut closed = r.clone();
    closed.insert("replied_on".into(), json!("2023-11-02"));
    closed.insert("result".into(), json!("other.fee_unpaid"));
    let closed = register::update(&mut app, &SPEC, &id, &closed).unwrap();
    assert_eq!(closed["_status_label"], "已办结", "not late: the wait was the applicant's");
    let f = figures(app.store.conn(), 2023).unwrap();
    assert_eq!(f.applications.count("other.fee_unpaid", TABLE3_WIDTH - 1), 1);
    assert_eq!(f.fees.yuan, 0, "an unpaid fee is not collected");
}

#[test]
fn fee_pages_need_the_per_page_basis() {
    let mut app = app();
    let bad = with(received("2023-09-25"), json!({"fee_basis": "per_item", "fee_pages": 40}));
    let err = register::create(&mut app, &SPEC, &bad).unwrap_err();
    assert!(format!("{err:?}").contains("同一申请不能同时按件和按量计收"), "{err:?}");
}

#[test]
fn a_consultation_under_way_shows_the_third_partys_fifteen_working_days() {
    let mut app = app();
    let r = create(
        &mut app,
        with(received("2024-01-25"), json!({"consultation_started_on": "2024-02-05"})),
    );
    assert_eq!(r["_status"], "consulting");
    assert_eq!(r["_third_party_due_on"], "2024-03-01");
}

/// One random application: received (days after 2020-01-01), and steps as
/// days after receipt.
#[derive(Debug, Clone)]
struct Gen {
    received: i64,
    extension: Option<(i64, u32)>,
    consultation: Option<(i64, i64)>,
    fee: Option<(i64, Option<i64>)>,
    reply: Option<(i64, usize)>,
    withdrawn: bool,
}

fn gen() -> impl Strategy<Value = Gen> {
    (
        0i64..(4 * 365),
        proptest::option::of((0i64..45, 1u32..=20)),
        proptest::option::of((0i64..45, 0i64..20)),
        proptest::option::of((0i64..45, proptest::option::of(0i64..30))),
        proptest::option::weighted(0.8, (0i64..60, 0usize..21)),
        any::<bool>(),
    )
        .prop_map(|(received, extension, consultation, fee, reply, withdrawn)| Gen {
            received,
            extension,
            consultation,
            fee,
            reply,
            withdrawn,
        })
}

/// The record, and the reply date if it is closed. A result that needs
/// facts the draw lacks becomes 3.其他.
fn build(g: &Gen) -> (serde_json::Value, Option<NaiveDate>) {
    let base = d("2020-01-01") + Duration::days(g.received);
    let at = |n: i64| base + Duration::days(n);
    let mut v = received(&iso(base));
    let mut last = base;
    if let Some((off, days)) = g.extension {
        v["extended_on"] = json!(iso(at(off)));
        v["extension_working_days"] = json!(days);
        last = last.max(at(off));
    }
    if let Some((off, len)) = g.consultation {
        v["consultation_started_on"] = json!(iso(at(off)));
        v["consultation_answered_on"] = json!(iso(at(off + len)));
        last = last.max(at(off + len));
    }
    let mut unpaid = false;
    if let Some((off, paid)) = g.fee {
        v["fee_notice_on"] = json!(iso(at(off)));
        v["fee_served_on"] = json!(iso(at(off)));
        match paid {
            Some(p) => {
                v["fee_paid_on"] = json!(iso(at(off + p)));
                last = last.max(at(off + p));
            }
            None => unpaid = true,
        }
        last = last.max(at(off));
    }
    let Some((gap, result)) = g.reply else {
        return (v, None);
    };
    let replied = last + Duration::days(gap);
    let codes: Vec<&str> = official::result_rows().map(|r| r.code).collect();
    let mut code = codes[result];
    let needs_correction = matches!(code, "other.no_correction" | "unavailable.unclear_after_correction");
    if needs_correction || (code == "other.fee_unpaid" && !unpaid) {
        code = "other.other";
    }
    if unpaid && !g.withdrawn {
        code = "other.fee_unpaid";
    }
    if g.withdrawn {
        code = "other.other";
        v["withdrawn_on"] = json!(iso(replied));
    }
    v["replied_on"] = json!(iso(replied));
    v["result"] = json!(code);
    (v, Some(replied))
}

/// The due date by the rule, independently: 20 working days, then each step
/// in the order of its date, counted only if it began on or before the due
/// date so far (an unpaid fee runs to the reply).
fn due_by_rule(cal: &Calendar, v: &serde_json::Value) -> NaiveDate {
    let date = |k: &str| v[k].as_str().map(|s| d(s));
    let mut due = cal.add_working_days(date("received_on").unwrap(), 20).due;
    let mut steps: Vec<(NaiveDate, u8)> = vec![];
    if let Some(on) = date("extended_on") {
        steps.push((on, 0));
    }
    if let Some(on) = date("consultation_started_on") {
        steps.push((on, 1));
    }
    if let Some(on) = date("fee_notice_on") {
        steps.push((on, 2));
    }
    steps.sort();
    for (on, kind) in steps {
        if on > due {
            continue;
        }
        let days = match kind {
            0 => v["extension_working_days"].as_u64().unwrap() as u32,
            1 => cal.working_days_between(on, date("consultation_answered_on").unwrap()),
            _ => {
                let end = date("fee_paid_on").or(date("replied_on"));
                end.map_or(0, |end| cal.working_days_between(on, end))
            }
        };
        due = cal.add_working_days(due, days).due;
    }
    due
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn table_three_balances_and_every_reply_after_its_due_date_is_named_late(
        gens in proptest::collection::vec(gen(), 1..25)
    ) {
        let mut app = app();
        let cal = Calendar::bundled();
        let mut expected: Vec<(String, NaiveDate, bool)> = vec![];
        for g in &gens {
            let (v, replied) = build(g);
            let r = create(&mut app, rec(v.clone()));
            if let Some(replied) = replied {
                let late = replied > due_by_rule(&cal, &v);
                expected.push((r["id"].as_str().unwrap().to_string(), replied, late));
                prop_assert_eq!(
                    r["_status_label"].as_str().unwrap().starts_with("已办结（超期"),
                    late,
                    "{:?}", r
                );
            }
        }
        let conn = app.store.conn();
        let total = TABLE3_WIDTH - 1;
        for year in 2020..=2025 {
            let f = figures(conn, year).unwrap();
            prop_assert_eq!(checks(conn, &f).unwrap(), vec![], "year {}", year);
            let t = &f.applications;
            prop_assert_eq!(
                t.count("new", total) + t.count("carried_in", total),
                t.count("results_total", total) + t.count("carried_out", total)
            );
            let sum: usize = official::result_rows().map(|r| t.count(r.code, total)).sum();
            prop_assert_eq!(sum, t.count("results_total", total));
            let named = late_replies(conn, year, d("2030-01-01")).unwrap();
            for (id, replied, late) in &expected {
                if replied.year() == year {
                    prop_assert_eq!(named.contains(id), *late, "{} replied {}", id, replied);
                }
            }
        }
    }
}
