//! The disclosure register: validation of every field, the two deadlines and
//! their statuses (decorated and filtered alike), recomputation when the
//! calendar or the local limit changes, year locks, lists.

use chrono::Duration;
use serde_json::{json, Value};

use super::test_support::*;
use super::timeliness::{self, Deadlines, Status};
use super::SPEC;
use crate::framework::DataFile as App;
use crate::framework::{self as register, ListQuery, Record};
use taizhang_base::calendar::{Calendar, HolidayYear};

fn count(app: &App, table: &str) -> i64 {
    app.store
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// The problems a form would get: path → message.
fn problems(app: &mut App, input: Record) -> Vec<(String, String)> {
    let err = register::create(app, &SPEC, &input).unwrap_err();
    let v = err.to_json();
    match v.get("problems") {
        Some(ps) => ps
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["path"].as_str().unwrap().into(),
                    p["message"].as_str().unwrap().into(),
                )
            })
            .collect(),
        None => vec![(
            v["field"].as_str().unwrap().into(),
            v["message"].as_str().unwrap().into(),
        )],
    }
}

#[test]
fn a_complete_form_is_stored_normalized_with_both_due_dates() {
    let mut app = app_with_units();
    let created = register::create(
        &mut app,
        &SPEC,
        &with(json!({"formed_on": "20230927", "published_on": "2023/10/9"})),
    )
    .unwrap();
    assert_eq!(created["formed_on"], "2023-09-27");
    assert_eq!(created["published_on"], "2023-10-09");
    assert_eq!(created["key_areas"], json!(["财政预算", "民生实事"]));
    assert_eq!(created["channels"], json!(["门户网站", "公开栏/公示板"]));
    assert_eq!(
        created["_due_on"], "2023-10-31",
        "20 working days over National Day"
    );
    assert_eq!(
        created["_due_local_on"], "2023-10-12",
        "09-28, 10-07 and 10-08 (调休), 10-09 … 10-12"
    );
    assert_eq!(created["_status"], "on_time");
    assert_eq!(created["_status_label"], "按时");
    assert_eq!(created["_status_kind"], "ok");
    assert_eq!(
        created["_due_explain"],
        "法定期限截止 2023-10-31：20个工作日，跳过中秋节、国庆节 09-29至10-06，调休上班 10-07、10-08；\
         本单位时限截止 2023-10-12：7个工作日，跳过中秋节、国庆节 09-29至10-06，调休上班 10-07、10-08"
    );
    let id = created["id"].as_str().unwrap();
    let stored: (String, String, i32) = app
        .store
        .conn()
        .query_row(
            "SELECT due_on, due_local_on, year FROM disclosures WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(stored, ("2023-10-31".into(), "2023-10-12".into(), 2023));
}

#[test]
fn dates_are_accepted_the_ways_clerks_type_them() {
    let mut app = app_with_units();
    for typed in ["20231005", "2023-10-5", "2023/10/05", "2023年10月5日"] {
        let r = register::create(
            &mut app,
            &SPEC,
            &with(json!({"formed_on": typed, "published_on": null, "title": typed})),
        )
        .unwrap();
        assert_eq!(r["formed_on"], "2023-10-05", "{typed}");
    }
}

#[test]
fn every_field_is_checked_with_a_chinese_message_naming_it() {
    let mut app = app_with_units();
    let cases: Vec<(Value, &str, &str)> = vec![
        (json!({"title": "  "}), "title", "请填写标题"),
        (
            json!({"title": "标".repeat(201)}),
            "title",
            "标题不能超过200个字",
        ),
        (json!({"title": "一行\n两行"}), "title", "标题不能换行"),
        (json!({"category": ""}), "category", "请选择类别"),
        (
            json!({"category": "财政信息"}),
            "category",
            "类别“财政信息”不在可选列表中",
        ),
        (json!({"unit": "不存在科"}), "unit", "科室“不存在科”不存在"),
        (
            json!({"channels": ["飞鸽传书"]}),
            "channels",
            "公开渠道“飞鸽传书”不在可选列表中",
        ),
        (json!({"channels": 5}), "channels", "公开渠道应为一组文字"),
        (
            json!({"doc_number": "号".repeat(101)}),
            "doc_number",
            "文号不能超过100个字",
        ),
        (
            json!({"formed_on": "", "published_on": null}),
            "formed_on",
            "形成日期和公开日期至少填写一个",
        ),
        (
            json!({"formed_on": "2023-02-30"}),
            "formed_on",
            "形成日期：“2023-02-30”不是有效日期",
        ),
        (
            json!({"formed_on": "2099-01-01", "published_on": null}),
            "formed_on",
            "形成日期不能晚于今天",
        ),
        (
            json!({"published_on": "10/9"}),
            "published_on",
            "公开日期：“10/9”不是有效日期",
        ),
        (
            json!({"published_on": "2023-09-26"}),
            "published_on",
            "公开日期不能早于形成日期",
        ),
        (
            json!({"url": "www.example.gov.cn"}),
            "url",
            "网址应以 http:// 或 https:// 开头",
        ),
        (
            json!({"url": "https://a b"}),
            "url",
            "网址应以 http:// 或 https:// 开头",
        ),
        (
            json!({"reviewed": "也许"}),
            "reviewed",
            "已保密审查应为“是”或“否”",
        ),
        (
            json!({"reviewed": false}),
            "reviewed",
            "已填写审查人，请勾选“已保密审查”",
        ),
        (
            json!({"reviewer": "审".repeat(51)}),
            "reviewer",
            "审查人不能超过50个字",
        ),
        (
            json!({"key_areas": {"a": 1}}),
            "key_areas",
            "重点领域应为一组文字",
        ),
        (json!({"note": 3}), "note", "备注应为文字"),
    ];
    for (change, field, message) in cases {
        let found = problems(&mut app, with(change.clone()));
        assert_eq!(found.len(), 1, "{change}: {found:?}");
        assert_eq!(found[0].0, field, "{change}");
        assert!(found[0].1.contains(message), "{change}: {}", found[0].1);
    }
    assert_eq!(count(&app, "disclosures"), 0, "nothing saved");
    assert_eq!(count(&app, "audit_log"), 2, "only the two units");
}

#[test]
fn several_bad_fields_are_all_reported_at_once() {
    let mut app = app_with_units();
    let found = problems(
        &mut app,
        with(json!({"title": "", "category": "不存在", "formed_on": "abc"})),
    );
    let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, vec!["title", "category", "formed_on"]);
}

#[test]
fn statuses_against_both_limits() {
    let cal = Calendar::bundled();
    let dl = Deadlines::new(&cal, d("2023-09-27"), 7); // local 10-12, statutory 10-31
    let status =
        |published: Option<&str>, today: &str| Status::of(&cal, &dl, published.map(d), d(today));
    assert_eq!(status(Some("2023-10-12"), "2024-01-01"), Status::OnTime);
    assert_eq!(status(Some("2023-10-13"), "2024-01-01"), Status::LateLocal);
    assert_eq!(status(Some("2023-10-31"), "2024-01-01"), Status::LateLocal);
    assert_eq!(status(Some("2023-11-01"), "2024-01-01"), Status::Late);
    assert_eq!(status(None, "2023-09-28"), Status::Pending { left: 6 });
    assert_eq!(status(None, "2023-10-09"), Status::Soon { left: 3 });
    assert_eq!(status(None, "2023-10-12"), Status::Soon { left: 0 });
    assert_eq!(
        status(None, "2023-10-13"),
        Status::OverdueLocal { left: 12 }
    );
    assert_eq!(status(None, "2023-10-31"), Status::OverdueLocal { left: 0 });
    assert_eq!(status(None, "2023-11-01"), Status::Overdue);
    assert_eq!(Status::Soon { left: 3 }.label(), "3个工作日内到期");
    assert_eq!(Status::Overdue.label(), "已逾期（超法定时限）");
    assert_eq!(Status::Overdue.kind(), "late");
    assert_eq!(Status::LateLocal.kind(), "warning");
    let soon = SPEC.statuses.iter().find(|s| s.code == "soon").unwrap();
    let today = d("2023-10-09");
    let mut bound = vec![];
    let sql = SPEC.filter_sql(
        soon,
        &crate::framework::Today {
            date: today,
            calendar: Some(&cal),
        },
        &mut |v| {
            bound.push(v);
            "?".to_string()
        },
    );
    assert_eq!(
        (sql.as_str(), bound),
        (
            "((published_on IS NULL) AND (due_local_on >= ?) AND (due_local_on <= ?))",
            vec![
                rusqlite::types::Value::Text("2023-10-09".into()),
                rusqlite::types::Value::Text(taizhang_base::dates::iso(
                    cal.add_working_days(today, timeliness::SOON_DAYS).due
                )),
            ]
        ),
        "the filter and the label count the same days"
    );
}

/// Records formed on each of the last 45 days, published or not, on time or
/// late: every status filter lists exactly the records whose decorated status
/// belongs to it, whatever day the test runs.
#[test]
fn status_filters_select_what_the_status_words_say() {
    let mut app = app_with_units();
    let today = taizhang_base::dates::today();
    for k in 0..45i64 {
        let formed = today - Duration::days(k);
        let published = match k % 3 {
            0 => None,
            1 => Some(formed + Duration::days(k / 4)),
            _ => Some(formed + Duration::days(k / 2)),
        }
        .filter(|p| *p <= today);
        register::create(
            &mut app,
            &SPEC,
            &with(json!({
                "title": format!("第{k}条"),
                "formed_on": taizhang_base::dates::iso(formed),
                "published_on": published.map(taizhang_base::dates::iso),
            })),
        )
        .unwrap();
    }
    let all = list(&app, json!({"year": null, "page_size": 500}));
    assert_eq!(all.len(), 45);
    let members = |codes: &[&str]| -> Vec<String> {
        let mut ids: Vec<String> = all
            .iter()
            .filter(|r| codes.contains(&r["_status"].as_str().unwrap()))
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    };
    for (filter, codes) in [
        ("on_time", &["on_time"][..]),
        (
            "late",
            &["late_local", "late", "overdue_local", "overdue"][..],
        ),
        ("late_statutory", &["late", "overdue"][..]),
        ("soon", &["soon"][..]),
        (
            "unpublished",
            &["soon", "pending", "overdue_local", "overdue"][..],
        ),
    ] {
        let mut ids: Vec<String> = list(
            &app,
            json!({"year": null, "status": filter, "page_size": 500}),
        )
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
        ids.sort();
        assert_eq!(ids, members(codes), "{filter}");
    }
    assert!(!members(&["soon"]).is_empty() && !members(&["overdue"]).is_empty());
    let s = super::summary(&app.ctx()).unwrap();
    assert_eq!(s.soon as usize, members(&["soon"]).len());
    assert_eq!(
        s.overdue as usize,
        members(&["overdue_local", "overdue"]).len()
    );
    assert_eq!(s.overdue_statutory as usize, members(&["overdue"]).len());
}

fn list(app: &App, q: Value) -> Vec<Record> {
    let q: ListQuery = serde_json::from_value(q).unwrap();
    register::list(app, &SPEC, &q).unwrap().rows
}

#[test]
fn listed_under_the_year_published_or_else_formed() {
    let mut app = app_with_units();
    let crossing = register::create(
        &mut app,
        &SPEC,
        &with(json!({"formed_on": "2022-12-28", "published_on": "2023-01-05"})),
    )
    .unwrap();
    let pending = register::create(
        &mut app,
        &SPEC,
        &with(json!({"formed_on": "2022-12-29", "published_on": null, "title": "未公开"})),
    )
    .unwrap();
    let ids = |year: i32| -> Vec<Value> {
        list(&app, json!({"year": year}))
            .into_iter()
            .map(|r| r["id"].clone())
            .collect()
    };
    assert_eq!(ids(2023), vec![crossing["id"].clone()]);
    assert_eq!(ids(2022), vec![pending["id"].clone()]);
}

#[test]
fn a_locked_year_guards_what_was_published_in_it() {
    let mut app = app_with_units();
    let published = register::create(&mut app, &SPEC, &rec(valid())).unwrap();
    let pending = register::create(
        &mut app,
        &SPEC,
        &with(json!({"published_on": null, "title": "待公开"})),
    )
    .unwrap();
    app.store
        .conn()
        .execute(
            "INSERT INTO year_locks (year, locked_at) VALUES (2023, 'x')",
            [],
        )
        .unwrap();
    let id = published["id"].as_str().unwrap();
    let err = register::update(&mut app, &SPEC, id, &with(json!({"note": "改"}))).unwrap_err();
    assert_eq!(err.code(), "year_locked");
    // Unpublished at the lock, it fed no report: it may still be published later.
    let pid = pending["id"].as_str().unwrap();
    register::update(
        &mut app,
        &SPEC,
        pid,
        &with(json!({"title": "待公开", "published_on": null, "note": "补充"})),
    )
    .unwrap();
    let err = register::update(
        &mut app,
        &SPEC,
        pid,
        &with(json!({"title": "待公开", "published_on": "2023-12-01"})),
    )
    .unwrap_err();
    assert_eq!(
        err.code(),
        "year_locked",
        "publishing in the locked year changes its report"
    );
}

#[test]
fn search_filters_and_sort() {
    let mut app = app_with_units();
    app.store
        .write(|tx| {
            taizhang_store::lists::save(
                tx,
                taizhang_store::lists::DISCLOSURE_CHANNEL,
                &[
                    "门户网站".into(),
                    "公开栏".into(),
                    "公开栏/公示板".into(),
                    "含\"引号\"".into(),
                ],
            )
        })
        .unwrap();
    for (title, unit, channels, doc, formed) in [
        (
            "2023年部门预算",
            "党政办",
            json!(["门户网站"]),
            "长街〔2023〕5号",
            "2023-02-01",
        ),
        (
            "2023年部门决算",
            "党政办",
            json!(["公开栏/公示板"]),
            "长街〔2023〕9号",
            "2023-08-01",
        ),
        (
            "垃圾分类通知",
            "城管科",
            json!(["公开栏"]),
            "",
            "2023-05-01",
        ),
        (
            "引号渠道",
            "城管科",
            json!(["含\"引号\""]),
            "",
            "2023-06-01",
        ),
    ] {
        register::create(
            &mut app,
            &SPEC,
            &with(
                json!({"title": title, "unit": unit, "channels": channels, "doc_number": doc,
                "formed_on": formed, "published_on": null}),
            ),
        )
        .unwrap();
    }
    let titles = |q: Value| -> Vec<String> {
        list(&app, q)
            .iter()
            .map(|r| r["title"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        titles(json!({"year": 2023})),
        vec![
            "2023年部门决算",
            "引号渠道",
            "垃圾分类通知",
            "2023年部门预算"
        ],
        "newest formed first"
    );
    assert_eq!(titles(json!({"search": "预算"})), vec!["2023年部门预算"]);
    assert_eq!(
        titles(json!({"search": "〔2023〕9"})),
        vec!["2023年部门决算"],
        "文号"
    );
    assert_eq!(
        titles(json!({"filters": {"unit": "城管科"}, "sort": "title", "desc": false})).len(),
        2
    );
    assert_eq!(
        titles(json!({"filters": {"channels": "公开栏"}})),
        vec!["垃圾分类通知"],
        "a channel matches whole values only, not 公开栏/公示板"
    );
    assert_eq!(
        titles(json!({"filters": {"channels": "含\"引号\""}})),
        vec!["引号渠道"]
    );
    assert_eq!(
        titles(json!({"filters": {"channels": "引号"}})),
        Vec::<String>::new()
    );
    assert_eq!(
        titles(
            json!({"filters": {"category": "财政预决算", "channels": "门户网站"}, "search": "2023"})
        ),
        vec!["2023年部门预算"]
    );
}

#[test]
fn changing_the_local_limit_recomputes_stored_due_dates() {
    let mut app = app_with_units();
    let r = register::create(
        &mut app,
        &SPEC,
        &with(json!({"published_on": "2023-10-11"})),
    )
    .unwrap();
    assert_eq!(r["_status"], "on_time");
    let err = app
        .write(|tx, ctx| timeliness::save_local_days(tx, ctx, 21))
        .unwrap_err();
    assert_eq!(err.to_json()["field"], "local_limit_days");
    let changed = app
        .write(|tx, ctx| timeliness::save_local_days(tx, ctx, 5))
        .unwrap();
    assert_eq!(changed, 1);
    let r = register::get(&app, &SPEC, r["id"].as_str().unwrap()).unwrap();
    assert_eq!(r["_due_local_on"], "2023-10-10");
    assert_eq!(r["_status"], "late_local");
    let late = list(&app, json!({"year": 2023, "status": "late"}));
    assert_eq!(late.len(), 1, "the stored column moved with the setting");
    assert_eq!(super::limits(app.store.conn())["local_limit_days"], 5);
}

#[test]
fn a_due_date_in_a_year_without_schedule_is_marked_provisional() {
    let app = app_with_units();
    let decorate = |calendar: &Calendar| {
        let ctx = crate::framework::Ctx {
            conn: app.store.conn(),
            calendar,
            today: d("2026-12-30"),
        };
        let mut r = with(json!({"formed_on": "2026-12-28", "published_on": null}));
        SPEC.hooks.decorate(&ctx, &mut r);
        r
    };
    let r = decorate(&Calendar::bundled());
    assert_eq!(r["_provisional"], true);
    assert!(r["_due_explain"]
        .as_str()
        .unwrap()
        .contains("2027年节假日安排未录入"));
    assert!(r["_status_label"]
        .as_str()
        .unwrap()
        .ends_with("（节假日未录入）"));
    // Once the clerk enters 2027, the date is firm.
    let y2027 = HolidayYear {
        year: 2027,
        holidays: vec![d("2027-01-01")],
        workdays: vec![],
        names: Default::default(),
    };
    let r = decorate(&Calendar::with_years(&[y2027]));
    assert_eq!(r["_provisional"], false);
    assert!(!r["_status_label"].as_str().unwrap().contains("未录入"));
}

#[test]
fn the_checks_can_name_disclosures_whose_deadlines_are_provisional() {
    let app = app_with_units();
    // Rows as a year-end import would leave them (written directly: the form
    // refuses dates after today).
    for (id, formed, due) in [
        ("d-a", "2026-11-02", "2026-11-30"),
        ("d-b", "2026-12-20", "2027-01-18"),
    ] {
        app.store
            .conn()
            .execute(
                "INSERT INTO disclosures (id, title, category, formed_on, year, due_on, due_local_on, created_at, updated_at)
                 VALUES (?1, 'x', '其他', ?2, 2026, ?3, ?3, '', '')",
                [id, formed, due],
            )
            .unwrap();
    }
    let ctx = app.ctx();
    assert_eq!(timeliness::provisional(&ctx, 2026).unwrap(), vec!["d-b"]);
    let with_2027 = Calendar::with_years(&[HolidayYear {
        year: 2027,
        holidays: vec![d("2027-01-01")],
        workdays: vec![],
        names: Default::default(),
    }]);
    let ctx = crate::framework::Ctx {
        calendar: &with_2027,
        ..app.ctx()
    };
    assert!(timeliness::provisional(&ctx, 2026).unwrap().is_empty());
}
