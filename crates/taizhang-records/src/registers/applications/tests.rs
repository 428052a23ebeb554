//! The application register through the framework, on a real database.

use chrono::NaiveDate;
use proptest::prelude::*;
use serde_json::json;

use super::test_support::*;
use super::*;
use crate::framework::DataFile as App;
use crate::framework::{self as register, ListQuery};

fn problem_paths(err: &taizhang_base::Error) -> Vec<String> {
    let v = err.to_json();
    match v.get("problems") {
        Some(ps) => ps
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["path"].as_str().unwrap().to_string())
            .collect(),
        None => vec![v["field"].as_str().unwrap_or_default().to_string()],
    }
}

#[test]
fn serial_numbers_run_per_year_and_give_readable_ids() {
    let mut app = app();
    let a = create(&mut app, rec(received("2023-03-01")));
    let b = create(&mut app, rec(received("2023-03-02")));
    let c = create(&mut app, rec(received("2024-01-05")));
    assert_eq!(
        [&a["serial"], &b["serial"], &c["serial"]],
        [&json!("2023-001"), &json!("2023-002"), &json!("2024-001")]
    );
    assert_eq!(a["id"], "a-2023-001");
    // An edited serial is kept, and the next one follows the highest.
    let e = create(
        &mut app,
        with(received("2023-05-01"), json!({"serial": "2023-010"})),
    );
    assert_eq!(e["serial"], "2023-010");
    let f = create(&mut app, rec(received("2023-05-02")));
    assert_eq!(f["serial"], "2023-011");
}

#[test]
fn serial_numbers_keep_counting_past_999() {
    let mut app = app();
    create(
        &mut app,
        with(received("2023-05-01"), json!({"serial": "2023-999"})),
    );
    let a = create(&mut app, rec(received("2023-05-02")));
    assert_eq!(a["serial"], "2023-1000");
    // "2023-999" still sorts after "2023-1000" as text: the next is found anyway.
    let b = create(&mut app, rec(received("2023-05-03")));
    assert_eq!(b["serial"], "2023-1001");
    // A clerk's own style of serial does not disturb the count.
    create(
        &mut app,
        with(received("2023-05-04"), json!({"serial": "依申请2023第5号"})),
    );
    let c = create(&mut app, rec(received("2023-05-05")));
    assert_eq!(c["serial"], "2023-1002");
}

#[test]
fn a_serial_is_unique_within_its_year_only() {
    let mut app = app();
    create(&mut app, rec(received("2023-03-01")));
    let err = register::create(
        &mut app,
        &SPEC,
        &with(received("2023-06-01"), json!({"serial": "2023-001"})),
    )
    .unwrap_err();
    assert_eq!(problem_paths(&err), vec!["serial"]);
    assert!(
        err.to_string()
            .contains("编号“2023-001”在2023年已被其他申请使用"),
        "{err}"
    );
    // The same text in another year is another number.
    create(
        &mut app,
        with(received("2024-06-01"), json!({"serial": "2023-001"})),
    );
}

#[test]
fn saving_a_form_without_a_serial_keeps_the_one_it_had() {
    let mut app = app();
    let a = create(&mut app, rec(received("2023-03-01")));
    let id = a["id"].as_str().unwrap();
    let mut form = a.clone();
    form.insert("serial".into(), json!(""));
    form.insert("note".into(), json!("电话确认"));
    form.remove("id");
    let saved = register::update(&mut app, &SPEC, id, &form).unwrap();
    assert_eq!(saved["serial"], "2023-001");
}

#[test]
fn each_rule_names_the_field_to_fix() {
    let mut app = app();
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            json!({"replied_on": "2023-02-01", "result": "disclosed"}),
            "replied_on",
            "答复日期不能早于收到日期",
        ),
        (
            json!({"replied_on": "2023-03-10"}),
            "result",
            "请选择办理结果",
        ),
        (
            json!({"result": "disclosed"}),
            "replied_on",
            "请填写答复日期",
        ),
        (
            json!({"correction_requested_on": "2023-02-27"}),
            "correction_requested_on",
            "补正通知日期不能早于收到日期",
        ),
        (
            json!({"correction_received_on": "2023-03-05"}),
            "correction_requested_on",
            "请同时填写补正通知日期",
        ),
        (
            json!({"correction_requested_on": "2023-03-03", "correction_received_on": "2023-03-02"}),
            "correction_received_on",
            "收到补正日期不能早于补正通知日期",
        ),
        (
            json!({"extended_on": "2023-03-20"}),
            "extension_working_days",
            "请填写延期工作日数",
        ),
        (
            json!({"extension_working_days": 5}),
            "extended_on",
            "请填写延期批准日期",
        ),
        (
            json!({"extended_on": "2023-03-20", "extension_working_days": 21}),
            "extension_working_days",
            "延期工作日数应在1到20之间",
        ),
        (
            json!({"consultation_answered_on": "2023-03-20"}),
            "consultation_started_on",
            "请同时填写征求意见开始",
        ),
        (
            json!({"consultation_started_on": "2023-03-10", "consultation_answered_on": "2023-03-09"}),
            "consultation_answered_on",
            "征求意见答复不能早于征求意见开始",
        ),
        (
            json!({"consultation_started_on": "2023-03-10", "replied_on": "2023-03-20", "result": "disclosed"}),
            "consultation_answered_on",
            "请填写征求意见答复日期",
        ),
        (
            json!({"extended_on": "2023-03-25", "extension_working_days": 5, "replied_on": "2023-03-20", "result": "disclosed"}),
            "replied_on",
            "答复日期不能早于延期批准日期",
        ),
        (
            json!({"replied_on": "2023-03-20", "result": "other.no_correction"}),
            "result",
            "逾期不补正",
        ),
        (
            json!({"replied_on": "2023-03-20", "result": "unavailable.unclear_after_correction"}),
            "result",
            "已收到补正",
        ),
        (
            json!({"result": "withheld.nonsense", "replied_on": "2023-03-20"}),
            "result",
            "办理结果“withheld.nonsense”无效",
        ),
        (
            json!({"applicant_kind": "alien"}),
            "applicant_kind",
            "申请人类型",
        ),
    ];
    for (extra, field, words) in cases {
        let err = register::create(
            &mut app,
            &SPEC,
            &with(received("2023-03-01"), extra.clone()),
        )
        .unwrap_err();
        assert_eq!(problem_paths(&err), vec![field], "{extra}: {err}");
        assert!(err.to_string().contains(words), "{extra}: {err}");
    }
    let count: i64 = app
        .store
        .conn()
        .query_row("SELECT count(*) FROM applications", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 0, "nothing saved");
}

#[test]
fn a_result_can_be_chosen_by_its_code_its_table_label_or_its_short_label() {
    let mut app = app();
    for (given, code) in [
        ("partially_disclosed", "partially_disclosed"),
        ("1.属于国家秘密", "withheld.state_secret"),
        ("无法提供·本机关不掌握相关政府信息", "unavailable.not_held"),
    ] {
        let r = create(
            &mut app,
            with(
                received("2023-03-01"),
                json!({"replied_on": "2023-03-10", "result": given}),
            ),
        );
        assert_eq!(r["result"], code);
    }
}

#[test]
fn due_dates_are_stored_and_explained() {
    let mut app = app();
    let r = create(&mut app, rec(received("2023-09-27")));
    let id = r["id"].as_str().unwrap();
    assert_eq!(
        stored_due(&app, id),
        (Some("2023-10-31".into()), Some("2023-10-12".into()))
    );
    assert_eq!(r["_due_on"], "2023-10-31");
    assert!(r["_due_explain"]
        .as_str()
        .unwrap()
        .starts_with("答复期限 2023-10-31：自收到申请（2023-09-27）起20个工作日"));

    // Asking for a correction stops the clock; its arrival restarts it.
    let mut form = r.clone();
    form.insert("correction_requested_on".into(), json!("2023-09-28"));
    let waiting = register::update(&mut app, &SPEC, id, &form).unwrap();
    assert_eq!(waiting["_status"], "awaiting_correction");
    assert_eq!(waiting["_status_label"], "待补正");
    assert_eq!(stored_due(&app, id).0, None);
    form.insert("correction_received_on".into(), json!("2023-10-09"));
    let restarted = register::update(&mut app, &SPEC, id, &form).unwrap();
    assert_eq!(stored_due(&app, id).0.as_deref(), Some("2023-11-06"));
    assert!(restarted["_due_explain"]
        .as_str()
        .unwrap()
        .contains("重新计算20个工作日至 2023-11-06"));
}

#[test]
fn a_closed_application_says_whether_it_was_on_time() {
    let mut app = app();
    let on_time = create(
        &mut app,
        with(
            received("2023-03-01"),
            json!({"replied_on": "2023-03-29", "result": "disclosed"}),
        ),
    );
    assert_eq!(
        (
            on_time["_status_label"].as_str(),
            on_time["_status_kind"].as_str()
        ),
        (Some("已办结"), Some("ok"))
    );
    let late = create(
        &mut app,
        with(
            received("2023-03-01"),
            json!({"replied_on": "2023-03-31", "result": "disclosed"}),
        ),
    );
    assert_eq!(late["_status_label"], "已办结（超期2个工作日）");
    assert_eq!(late["_status_kind"], "late");
}

/// The status filters' SQL and the status the list shows agree, for any
/// valid record and any day.
fn sql_status(app: &App, id: &str, today: NaiveDate) -> Vec<&'static str> {
    let day = crate::framework::Today {
        date: today,
        calendar: Some(app.calendar()),
    };
    SPEC.statuses
        .iter()
        .filter(|s| {
            let mut params = vec![rusqlite::types::Value::Text(id.to_string())];
            let condition = SPEC.filter_sql(s, &day, &mut |v| {
                params.push(v);
                format!("?{}", params.len())
            });
            let sql = format!(
                "SELECT EXISTS (SELECT 1 FROM applications WHERE id = ?1 AND ({condition}))"
            );
            app.store
                .conn()
                .query_row(&sql, rusqlite::params_from_iter(params), |r| r.get(0))
                .unwrap()
        })
        .map(|s| s.code)
        .collect()
}

/// The status rule that holds on the stored record, with no fallback.
fn rule_status(app: &App, id: &str, today: NaiveDate) -> Option<&'static str> {
    let ctx = Ctx {
        conn: app.store.conn(),
        calendar: app.calendar(),
        today,
    };
    let rec = crate::framework::crud::load(ctx.conn, &SPEC, id)
        .unwrap()
        .unwrap();
    SPEC.status_of(&ctx, &rec)
}

/// The status as the clock's rules of the Regulation give it, written out
/// by hand: an oracle independent of the status rules.
fn status_by_hand(app: &App, id: &str, today: NaiveDate) -> &'static str {
    let rec = crate::framework::crud::load(app.store.conn(), &SPEC, id)
        .unwrap()
        .unwrap();
    let f = Facts::try_from(&rec).unwrap();
    let clock = clock::compute(app.calendar(), &f);
    let waiting = f.correction_requested_on.is_some() && f.correction_received_on.is_none();
    let consulting = f.consultation_started_on.is_some() && f.consultation_answered_on.is_none();
    if f.replied_on.is_some() {
        "closed"
    } else if waiting {
        "awaiting_correction"
    } else if clock.running_due().is_some_and(|due| due < today) {
        "overdue"
    } else if consulting {
        "consulting"
    } else if f.extended_on.is_some() {
        "extended"
    } else {
        "in_progress"
    }
}

fn decorated_status(app: &App, id: &str, today: NaiveDate) -> String {
    let ctx = Ctx {
        conn: app.store.conn(),
        calendar: app.calendar(),
        today,
    };
    let mut r = crate::framework::crud::load(ctx.conn, &SPEC, id)
        .unwrap()
        .unwrap();
    SPEC.hooks.decorate(&ctx, &mut r);
    r["_status"].as_str().unwrap().to_string()
}

/// A valid application built from offsets (days) after 2023-03-01.
fn arbitrary_application() -> impl Strategy<Value = Value> {
    let gap = || proptest::option::of(0i64..40);
    (gap(), gap(), gap(), 1u32..=20, gap(), gap(), gap()).prop_map(
        |(corr, corr_in, ext, ext_days, cons, cons_in, reply)| {
            let base = d("2023-03-01");
            let at = |n: i64| iso(base + chrono::Duration::days(n));
            let mut v = received("2023-03-01");
            let mut last = 0;
            if let Some(c) = corr {
                v["correction_requested_on"] = json!(at(c));
                last = last.max(c);
                if let Some(r) = corr_in {
                    v["correction_received_on"] = json!(at(c + r));
                    last = last.max(c + r);
                }
            }
            if let Some(e) = ext {
                v["extended_on"] = json!(at(e));
                v["extension_working_days"] = json!(ext_days);
                last = last.max(e);
            }
            if let Some(s) = cons {
                v["consultation_started_on"] = json!(at(s));
                last = last.max(s);
                if let Some(a) = cons_in {
                    v["consultation_answered_on"] = json!(at(s + a));
                    last = last.max(s + a);
                }
            }
            if let Some(r) = reply {
                if cons.is_some() && cons_in.is_none() {
                    v["consultation_answered_on"] = json!(at(last + r));
                }
                v["replied_on"] = json!(at(last + r));
                let waiting = corr.is_some() && corr_in.is_none();
                v["result"] = json!(if waiting { NO_CORRECTION } else { "disclosed" });
            }
            v
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn exactly_one_status_filter_matches_the_status_shown(
        application in arbitrary_application(),
        days in proptest::collection::vec(0i64..160, 4),
    ) {
        let mut app = app();
        let r = register::create(&mut app, &SPEC, &rec(application.clone())).unwrap();
        let id = r["id"].as_str().unwrap();
        for n in days {
            let today = d("2023-03-01") + chrono::Duration::days(n);
            let shown = decorated_status(&app, id, today);
            prop_assert_eq!(sql_status(&app, id, today), vec![shown.as_str()], "{} on {}", application, today);
            prop_assert_eq!(status_by_hand(&app, id, today), shown.as_str(), "{} on {}", application, today);
            prop_assert_eq!(rule_status(&app, id, today), Some(shown.as_str()), "{} on {}", application, today);
        }
    }
}

#[test]
fn the_list_filters_by_status() {
    let mut app = app();
    create(&mut app, rec(received("2023-03-01")));
    create(
        &mut app,
        with(
            received("2023-03-01"),
            json!({"correction_requested_on": "2023-03-02"}),
        ),
    );
    create(
        &mut app,
        with(
            received("2023-03-01"),
            json!({"replied_on": "2023-03-10", "result": "disclosed"}),
        ),
    );
    // Whatever today is, these three are overdue (or waiting) and closed.
    let q = |status: &str| ListQuery {
        status: Some(status.to_string()),
        ..Default::default()
    };
    let total = |s: &str| register::list(&app, &SPEC, &q(s)).unwrap().total;
    assert_eq!(total("overdue"), 1);
    assert_eq!(total("awaiting_correction"), 1);
    assert_eq!(total("closed"), 1);
    assert_eq!(total("in_progress"), 0);
}

#[test]
fn personal_fields_are_marked_for_the_framework() {
    let personal: Vec<&str> = SPEC
        .fields
        .iter()
        .filter(|f| f.personal)
        .map(|f| f.name)
        .collect();
    assert_eq!(personal, vec!["applicant_name", "applicant_contact"]);
}

#[test]
fn the_form_explains_the_receipt_rule_of_each_channel() {
    let app = app();
    let schema = crate::framework::schema::schema(app.store.conn(), &SPEC).unwrap();
    let received = schema["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "received_on")
        .unwrap();
    assert_eq!(received["help_by"]["field"], "channel");
    for (code, _) in CHANNELS {
        assert!(received["help_by"]["hints"][code].is_string(), "{code}");
    }
    let result = schema["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "result")
        .unwrap();
    let options = result["options"].as_array().unwrap();
    assert_eq!(options.len(), 21);
    let groups: Vec<Option<&str>> = options.iter().map(|o| o["group"].as_str()).collect();
    assert_eq!(
        groups
            .iter()
            .filter(|g| **g == Some("（三）不予公开"))
            .count(),
        8
    );
    assert_eq!(
        groups
            .iter()
            .filter(|g| **g == Some("（四）无法提供"))
            .count(),
        3
    );
    assert_eq!(
        groups
            .iter()
            .filter(|g| **g == Some("（五）不予处理"))
            .count(),
        5
    );
    assert_eq!(
        groups
            .iter()
            .filter(|g| **g == Some("（六）其他处理"))
            .count(),
        3
    );
    assert_eq!(
        options[1]["label"],
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    );
    assert_eq!(options[1]["short"], "部分公开");
    let result_kind = SPEC.field("result").unwrap().kind;
    assert_eq!(
        crate::framework::validate::kind_code_label(result_kind, "not_processed.duplicate")
            .as_deref(),
        Some("不予处理·重复申请")
    );
    assert_eq!(options[2]["short"], "不予公开·属于国家秘密");
}

// ---------------------------------------------------------------- year locks

fn lock(app: &App, year: i32) {
    app.store
        .conn()
        .execute(
            "INSERT INTO year_locks (year, locked_at) VALUES (?1, 'x')",
            [year],
        )
        .unwrap();
}

#[test]
fn an_application_carried_over_can_be_answered_after_its_year_is_locked() {
    let mut app = app();
    let r = create(&mut app, rec(received("2022-12-20")));
    let id = r["id"].as_str().unwrap().to_string();
    lock(&app, 2022);
    // Answering in 2023 changes only 2023's figures: allowed.
    let mut form = r.clone();
    form.insert("replied_on".into(), json!("2023-01-10"));
    form.insert("result".into(), json!("disclosed"));
    register::update(&mut app, &SPEC, &id, &form).unwrap();
    // A note changes no figure: allowed.
    form.insert("note".into(), json!("已电话告知"));
    register::update(&mut app, &SPEC, &id, &form).unwrap();
    // The applicant kind is a column of 2022's table: refused.
    form.insert("applicant_kind".into(), json!("other_org"));
    let err = register::update(&mut app, &SPEC, &id, &form).unwrap_err();
    assert_eq!(err.code(), "year_locked");
    // Answering it in 2022 would change 2022's results: refused.
    let mut early = r.clone();
    early.insert("replied_on".into(), json!("2022-12-30"));
    early.insert("result".into(), json!("disclosed"));
    let err = register::update(&mut app, &SPEC, &id, &early).unwrap_err();
    assert_eq!(err.code(), "year_locked");
    assert_eq!(
        register::delete(&mut app, &SPEC, &id).unwrap_err().code(),
        "year_locked"
    );
}

#[test]
fn only_the_years_an_application_counts_in_are_guarded() {
    let mut app = app();
    lock(&app, 2022);
    // Received and answered in 2020: nothing of 2022 changes.
    create(
        &mut app,
        with(
            received("2020-03-02"),
            json!({"replied_on": "2020-03-10", "result": "disclosed"}),
        ),
    );
    // Still open: carried into and out of 2022.
    let err = register::create(&mut app, &SPEC, &rec(received("2020-05-06"))).unwrap_err();
    assert_eq!(err.code(), "year_locked");
}

#[test]
fn a_new_application_dated_in_a_locked_year_is_refused() {
    let mut app = app();
    lock(&app, 2022);
    let err = register::create(&mut app, &SPEC, &rec(received("2022-06-01"))).unwrap_err();
    assert_eq!(err.code(), "year_locked");
    create(&mut app, rec(received("2023-01-03")));
}
