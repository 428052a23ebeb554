//! The smaller registers (规范性文件, 建议提案, 网站抽查) and the yearly figures
//! of table 二 (their commands and data-package sections: `taizhang-core`'s
//! `tests/registers.rs`).

use serde_json::{json, Value};

use crate::framework::DataFile as App;
use crate::framework::{self as register, ListQuery, Record, RegisterSpec};

fn rec(v: Value) -> Record {
    v.as_object().unwrap().clone()
}

fn merged(base: &Value, changes: &Value) -> Record {
    let mut r = rec(base.clone());
    for (k, v) in changes.as_object().unwrap() {
        r.insert(k.clone(), v.clone());
    }
    r
}

/// Each case changes one field of a valid record; the form must be refused
/// with exactly one problem, on that field, whose message contains the words.
fn assert_each_refused(spec: &RegisterSpec, valid: Value, cases: &[(Value, &str, &str)]) {
    let mut app = App::open_in_memory().unwrap();
    register::create(&mut app, spec, &rec(valid.clone())).expect("the valid record is accepted");
    for (change, field, words) in cases {
        let err = register::create(&mut app, spec, &merged(&valid, change)).unwrap_err();
        let v = err.to_json();
        assert_eq!(v["code"], "invalid", "{change}");
        assert_eq!(v["field"], *field, "{change}: {v}");
        assert!(
            v["message"].as_str().unwrap().contains(words),
            "{change}: {v}"
        );
    }
    let n: i64 = app
        .store
        .conn()
        .query_row(&format!("SELECT count(*) FROM {}", spec.table), [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(n, 1, "only the valid record was saved");
}

fn statuses(app: &App, spec: &RegisterSpec, status: &str) -> Vec<String> {
    let q: ListQuery = serde_json::from_value(json!({"year": null, "status": status})).unwrap();
    register::list(app, spec, &q)
        .unwrap()
        .rows
        .iter()
        .map(|r| {
            let text = |k: &str| r.get(k).and_then(Value::as_str);
            text("title").or(text("checker")).unwrap_or("").to_string()
        })
        .collect()
}

#[test]
fn normative_documents_check_every_field() {
    use super::normative_documents::SPEC;
    let valid = json!({"kind": "规章", "title": "长庆街道门前三包管理办法", "number": "长街〔2018〕3号",
        "issued_on": "2018-05-01", "repealed_on": null});
    assert_each_refused(
        &SPEC,
        valid,
        &[
            (json!({"kind": ""}), "kind", "请选择种类"),
            (
                json!({"kind": "决定"}),
                "kind",
                "种类“决定”无效，应为：规章、行政规范性文件",
            ),
            (json!({"title": ""}), "title", "请填写名称"),
            (
                json!({"number": "号".repeat(101)}),
                "number",
                "文号不能超过100个字",
            ),
            (json!({"issued_on": null}), "issued_on", "请填写制发日期"),
            (
                json!({"issued_on": "2018-13-01"}),
                "issued_on",
                "不是有效日期",
            ),
            (
                json!({"repealed_on": "2018-04-30"}),
                "repealed_on",
                "废止日期不能早于制发日期",
            ),
        ],
    );
}

#[test]
fn normative_documents_are_in_force_until_repealed() {
    use super::normative_documents::SPEC;
    let mut app = App::open_in_memory().unwrap();
    let doc = |title: &str, repealed: Option<&str>| {
        rec(
            json!({"kind": "normative_document", "title": title, "issued_on": "2018-05-01", "repealed_on": repealed}),
        )
    };
    let kept = register::create(&mut app, &SPEC, &doc("现行", None)).unwrap();
    register::create(&mut app, &SPEC, &doc("已废止", Some("2020-01-01"))).unwrap();
    assert_eq!(kept["kind"], "normative_document");
    assert_eq!(kept["_status_label"], "现行有效");
    assert_eq!(statuses(&app, &SPEC, "in_force"), vec!["现行"]);
    assert_eq!(statuses(&app, &SPEC, "repealed"), vec!["已废止"]);
    // Repealing in a locked year changes that year's table 二.
    app.store
        .conn()
        .execute(
            "INSERT INTO year_locks (year, locked_at) VALUES (2020, 'x')",
            [],
        )
        .unwrap();
    let err = register::update(
        &mut app,
        &SPEC,
        kept["id"].as_str().unwrap(),
        &doc("现行", Some("2020-06-01")),
    )
    .unwrap_err();
    assert_eq!(err.code(), "year_locked");
}

#[test]
fn proposals_check_every_field() {
    use super::proposals::SPEC;
    let valid = json!({"kind": "npc_suggestion", "number": "第12号", "title": "关于增设公交站点的建议",
        "received_on": "2023-03-10", "replied_on": "2023-05-20", "published_in_full": true,
        "url": "http://www.example.gov.cn/jy/12.html"});
    assert_each_refused(
        &SPEC,
        valid,
        &[
            (
                json!({"kind": "提案"}),
                "kind",
                "类型“提案”无效，应为：人大代表建议、政协委员提案",
            ),
            (
                json!({"number": "1".repeat(51)}),
                "number",
                "编号不能超过50个字",
            ),
            (json!({"title": null}), "title", "请填写标题"),
            (
                json!({"received_on": "2023/2/29"}),
                "received_on",
                "不是有效日期",
            ),
            (
                json!({"replied_on": "2023-03-09"}),
                "replied_on",
                "答复日期不能早于交办日期",
            ),
            (
                json!({"replied_on": null}),
                "published_in_full",
                "还没有答复日期，不能标记为答复全文公开",
            ),
            (
                json!({"published_in_full": "大概"}),
                "published_in_full",
                "应为“是”或“否”",
            ),
            (
                json!({"url": "ftp://x"}),
                "url",
                "公开网址应以 http:// 或 https:// 开头",
            ),
        ],
    );
}

#[test]
fn proposals_say_whether_the_reply_was_published_in_full() {
    use super::proposals::SPEC;
    let mut app = App::open_in_memory().unwrap();
    for (title, replied, full) in [
        ("未答复", None, false),
        ("已答复未公开", Some("2023-04-01"), false),
        ("全文公开", Some("2023-04-02"), true),
    ] {
        register::create(
            &mut app,
            &SPEC,
            &rec(
                json!({"kind": "政协委员提案", "title": title, "received_on": "2023-03-01",
                "replied_on": replied, "published_in_full": full}),
            ),
        )
        .unwrap();
    }
    assert_eq!(statuses(&app, &SPEC, "open"), vec!["未答复"]);
    assert_eq!(statuses(&app, &SPEC, "published"), vec!["全文公开"]);
    assert_eq!(statuses(&app, &SPEC, "not_published"), vec!["已答复未公开"]);
}

#[test]
fn spot_checks_check_every_field_and_know_their_quarter() {
    use super::spot_checks::SPEC;
    let valid = json!({"checked_on": "2023-07-03", "checker": "李某", "findings": "两条链接失效", "fixed_on": "2023-07-05"});
    assert_each_refused(
        &SPEC,
        valid.clone(),
        &[
            (json!({"checked_on": ""}), "checked_on", "请填写抽查日期"),
            (
                json!({"checker": "李".repeat(51)}),
                "checker",
                "抽查人不能超过50个字",
            ),
            (
                json!({"findings": ""}),
                "findings",
                "填写了整改日期，请写明发现的问题",
            ),
            (
                json!({"fixed_on": "2023-07-02"}),
                "fixed_on",
                "整改日期不能早于抽查日期",
            ),
        ],
    );
    let mut app = App::open_in_memory().unwrap();
    let r = register::create(&mut app, &SPEC, &rec(valid)).unwrap();
    assert_eq!(r["_quarter"], 3);
    assert_eq!(r["_quarter_label"], "2023年第三季度");
    assert_eq!(r["_status_label"], "已整改");
    let quarter: i64 = app
        .store
        .conn()
        .query_row("SELECT quarter FROM spot_checks", [], |r| r.get(0))
        .unwrap();
    assert_eq!(quarter, 3, "stored for the report's per-quarter counts");
    register::create(
        &mut app,
        &SPEC,
        &rec(json!({"checked_on": "2023-10-09", "checker": "张某", "findings": "栏目未更新"})),
    )
    .unwrap();
    register::create(
        &mut app,
        &SPEC,
        &rec(json!({"checked_on": "2023-12-29", "checker": "王某"})),
    )
    .unwrap();
    assert_eq!(statuses(&app, &SPEC, "open"), vec!["张某"]);
    assert_eq!(statuses(&app, &SPEC, "clean"), vec!["王某"]);
}

// ------------------------------------------------------------ annual figures

#[test]
fn annual_figures_are_checked_saved_audited_and_locked() {
    use super::table2_figures::{delete, list, parse, save};
    use crate::framework::validate::{DbResolver, Mode};
    let mut app = App::open_in_memory().unwrap();
    let form = |v: Value| {
        parse(
            v.as_object().unwrap(),
            Mode::Form,
            &DbResolver(app.store.conn()),
            "",
        )
    };
    let errors = form(
        json!({"year": "1899", "licensing_decisions": "-1", "penalty_decisions": "三",
        "enforcement_decisions": 2.5, "fees_wan_yuan": "-0.5"}),
    )
    .unwrap_err();
    let got: Vec<(&str, &str)> = errors
        .iter()
        .map(|p| (p.path.as_str(), p.message.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("year", "年度应在1990到2100之间"),
            (
                "licensing_decisions",
                "行政许可处理决定数应在0到100000000之间"
            ),
            ("penalty_decisions", "行政处罚处理决定数应为整数"),
            ("enforcement_decisions", "行政强制处理决定数应为整数"),
            ("fees_wan_yuan", "行政事业性收费（万元）不能为负数"),
        ]
    );
    let figures =
        form(json!({"year": "2023", "licensing_decisions": "12", "fees_wan_yuan": "1.25"}))
            .unwrap();
    assert_eq!(
        (figures.penalty_decisions, figures.fees_wan_yuan),
        (0, 1.25),
        "blank is 0"
    );
    // Typed through an input method in full-width mode: the same figures.
    let full_width = form(json!({"year": "２０２３", "licensing_decisions": "１，２００",
        "penalty_decisions": "１２．０", "fees_wan_yuan": "１．２５"}))
    .unwrap();
    assert_eq!(
        (
            full_width.year,
            full_width.licensing_decisions,
            full_width.penalty_decisions,
            full_width.fees_wan_yuan
        ),
        (2023, 1200, 12, 1.25)
    );
    assert!(app.store.write(|tx| save(tx, &figures, "")).unwrap());
    assert!(
        !app.store.write(|tx| save(tx, &figures, "")).unwrap(),
        "same again: no change"
    );
    assert_eq!(list(app.store.conn(), None).unwrap(), vec![figures.clone()]);
    app.store
        .conn()
        .execute(
            "INSERT INTO year_locks (year, locked_at) VALUES (2023, 'x')",
            [],
        )
        .unwrap();
    let mut changed = figures.clone();
    changed.penalty_decisions = 1;
    let err = app.store.write(|tx| save(tx, &changed, "")).unwrap_err();
    assert_eq!(err.code(), "year_locked");
    assert_eq!(
        app.store.write(|tx| delete(tx, 2023)).unwrap_err().code(),
        "year_locked"
    );
    let audits: i64 = app
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE register = 'annual_figures'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audits, 1);
}
