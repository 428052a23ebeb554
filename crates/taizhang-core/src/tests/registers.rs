//! The yearly figures of table 二 through their commands, every section of
//! the smaller registers' part of the data package, and the report's use of
//! them (moved from the registers' own tests: they need the layers above).

use serde_json::{json, Value};

use crate::dataset::{self, ExportOptions};
use crate::App;

#[test]
fn annual_figures_commands_answer_the_editor() {
    let mut app = App::open_in_memory().unwrap();
    let call = |app: &mut App, name: &str, args: Value| match crate::api::dispatch(app, name, args)
    {
        Ok(crate::api::Reply::Json(v)) => Ok(v),
        Ok(_) => panic!("files"),
        Err(e) => Err(e),
    };
    let err = call(
        &mut app,
        "annual_figures.save",
        json!({"year": 2023, "fees_wan_yuan": "abc"}),
    )
    .unwrap_err();
    assert_eq!(err.to_json()["field"], "fees_wan_yuan");
    call(
        &mut app,
        "annual_figures.save",
        json!({"year": 2023, "penalty_decisions": "4"}),
    )
    .unwrap();
    let listed = call(&mut app, "annual_figures.list", json!({})).unwrap();
    assert_eq!(listed["rows"][0]["penalty_decisions"], 4);
    assert_eq!(listed["fields"][4]["label"], "行政事业性收费（万元）");
    call(&mut app, "annual_figures.delete", json!({"year": 2023})).unwrap();
    let err = call(&mut app, "annual_figures.delete", json!({"year": 2023})).unwrap_err();
    assert_eq!(err.code(), "not_found");
}

// ------------------------------------------------------------ data package

/// A package with every section of this issue, as dataset-v1 describes it.
fn package() -> Value {
    json!({
        "format": "taizhang.dataset/1",
        "office": {"name": "长庆街道办事处", "superior": null, "contact": null},
        "units": [{"name": "党政办", "kind": "section"}],
        "disclosures": [
            {"id": "d-2018-001", "title": "长庆街道2018年部门预算", "category": "财政预决算", "unit": "党政办",
             "channels": ["门户网站", "公开栏/公示板"], "doc_number": null,
             "formed_on": "2018-02-26", "published_on": "2018-03-02", "url": null,
             "reviewed": true, "reviewer": "王某", "key_areas": ["财政预算"], "note": null},
            {"id": "d-2018-002", "title": "社区活动通知", "category": "社区自定义类别", "unit": null,
             "channels": ["楼道公告"], "doc_number": "长街〔2018〕1号",
             "formed_on": "2018-04-02", "published_on": null, "url": "https://example.gov.cn/1",
             "reviewed": false, "reviewer": null, "key_areas": [], "note": "待审"}
        ],
        "normative_documents": [
            {"id": "n-1", "kind": "normative_document", "title": "门前三包办法", "number": "长街〔2018〕3号", "issued_on": "2018-05-01", "repealed_on": null}
        ],
        "annual_figures": [
            {"year": 2018, "licensing_decisions": 0, "penalty_decisions": 3, "enforcement_decisions": 0, "fees_wan_yuan": 1.5}
        ],
        "messages": [{"id": "m-1", "received_on": "2018-03-01", "channel": "政府信息公开网", "topic": "咨询", "replied_on": "2018-03-03"}],
        "proposals": [{"id": "p-1", "kind": "npc_suggestion", "number": "12", "title": "关于路灯的建议", "received_on": "2018-03-05", "replied_on": "2018-05-05", "published_in_full": true, "url": null}],
        "spot_checks": [{"id": "s-1", "checked_on": "2018-03-30", "checker": "李某", "findings": "链接失效", "fixed_on": null}],
        "holidays": [{"year": 2027, "holidays": ["2027-01-01"], "workdays": ["2027-01-02"]}]
    })
}

const SECTIONS: &[&str] = &[
    "disclosures",
    "normative_documents",
    "annual_figures",
    "messages",
    "proposals",
    "spot_checks",
    "holidays",
];

#[test]
fn every_section_imports_exports_and_reimports_unchanged() {
    let mut app = App::open_in_memory().unwrap();
    let input = package();
    let summary = dataset::import(&mut app, &input).unwrap();
    for key in SECTIONS {
        assert!(summary.changed[*key] > 0, "{key}");
    }
    let out = dataset::export(&app, &ExportOptions::default()).unwrap();
    for key in SECTIONS {
        let mut got = out[*key].clone();
        if *key == "messages" {
            got[0].as_object_mut().unwrap().remove("note"); // the app's own extra field
        }
        // Each record now carries the version this PC gave it.
        for rec in got.as_array_mut().unwrap() {
            if taizhang_records::framework::find(key).is_some() {
                let version = rec.as_object_mut().unwrap().remove("version");
                assert!(
                    version.is_some_and(|v| v["pc"] == out["pc"]),
                    "{key}: {rec}"
                );
            }
        }
        assert_eq!(got, input[*key], "{key} comes back as it went in");
    }
    let categories =
        taizhang_store::lists::values(app.store.conn(), taizhang_store::lists::DISCLOSURE_CATEGORY)
            .unwrap();
    assert!(
        categories.contains(&"社区自定义类别".to_string()),
        "another office's values join the lists"
    );

    // Exported and imported into a fresh file, the package is the same again.
    let mut fresh = App::open_in_memory().unwrap();
    dataset::import(&mut fresh, &out).unwrap();
    let again = dataset::export(&fresh, &ExportOptions::default()).unwrap();
    for key in SECTIONS {
        assert_eq!(again[*key], out[*key], "{key}");
    }

    let audits_before: i64 = app
        .store
        .conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    let second = dataset::import(&mut app, &input).unwrap();
    assert_eq!(second.total, 0, "{:?}", second.changed);
    let audits_after: i64 = app
        .store
        .conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(audits_after, audits_before);
}

#[test]
fn a_year_of_the_package_holds_only_that_years_records() {
    let mut app = App::open_in_memory().unwrap();
    let mut p = package();
    p["annual_figures"]
        .as_array_mut()
        .unwrap()
        .push(json!({"year": 2019, "licensing_decisions": 1, "penalty_decisions": 0, "enforcement_decisions": 0, "fees_wan_yuan": 0.0}));
    dataset::import(&mut app, &p).unwrap();
    let only = dataset::export(
        &app,
        &ExportOptions {
            year: Some(2019),
            personal: false,
        },
    )
    .unwrap();
    assert_eq!(only["annual_figures"].as_array().unwrap().len(), 1);
    assert_eq!(only["annual_figures"][0]["year"], 2019);
    assert_eq!(only["disclosures"], json!([]));
}

#[test]
fn a_bad_package_imports_nothing_and_names_every_problem_by_path() {
    let mut app = App::open_in_memory().unwrap();
    let mut p = package();
    p["disclosures"][0]["published_on"] = json!("2018-02-01");
    p["disclosures"][1]["formed_on"] = json!("2018/04/02");
    p["normative_documents"][0]["kind"] = json!("规章");
    p["annual_figures"] = json!([
        {"year": 2018, "licensing_decisions": -1},
        {"year": 2018},
        {"year": "2019"}
    ]);
    p["messages"][0]["replied_on"] = json!("2018-02-28");
    p["proposals"][0]["published_in_full"] = json!("yes");
    p["spot_checks"][0]["fixed_on"] = json!("2018-03-29");
    p["holidays"][0]["holidays"] = json!(["2027-13-01"]);
    let err = dataset::import(&mut app, &p).unwrap_err();
    let taizhang_base::error::Error::Problems { problems } = &err else {
        panic!("{err:?}")
    };
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "holidays[0].holidays[0]",
            "disclosures[0].published_on",
            "disclosures[1].formed_on",
            "normative_documents[0].kind",
            "messages[0].replied_on",
            "proposals[0].published_in_full",
            "spot_checks[0].fixed_on",
            "annual_figures[0].licensing_decisions",
            "annual_figures[1].year",
            "annual_figures[2].year",
        ]
    );
    let n: i64 = app
        .store
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM disclosures) + (SELECT count(*) FROM annual_figures)
                  + (SELECT count(*) FROM units) + (SELECT count(*) FROM audit_log)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0);
}

// ------------------------------------------------------------ the year's report

#[test]
fn the_report_counts_table_two_and_the_disclosures_of_the_year() {
    let mut app = App::open_in_memory().unwrap();
    let d = |id: &str, category: &str, channels: Value, formed: &str, published: Option<&str>| {
        json!({"id": id, "title": id, "category": category, "channels": channels,
               "formed_on": formed, "published_on": published})
    };
    let n = |id: &str, kind: &str, issued: &str, repealed: Option<&str>| json!({"id": id, "kind": kind, "title": id, "issued_on": issued, "repealed_on": repealed});
    dataset::import(
        &mut app,
        &json!({
            "format": "taizhang.dataset/1",
            "disclosures": [
                d("d1", "财政预决算", json!(["门户网站", "公开栏/公示板"]), "2018-02-26", Some("2018-03-02")),
                d("d2", "政策文件", json!(["门户网站"]), "2018-03-01", Some("2018-03-20")),
                d("d3", "政策文件", json!(["微信公众号"]), "2018-03-01", Some("2018-05-02")),
                d("d4", "其他", json!([]), "2018-10-08", None),
                d("d5", "其他", json!(["门户网站"]), "2018-12-20", Some("2019-01-03")),
            ],
            "normative_documents": [
                n("n1", "normative_document", "2016-03-01", Some("2018-06-01")),
                n("n2", "normative_document", "2018-05-01", None),
                n("n3", "rule", "2017-01-01", None),
                n("n4", "normative_document", "2019-01-05", None),
            ],
            "annual_figures": [{"year": 2018, "licensing_decisions": 5, "penalty_decisions": 2,
                                "enforcement_decisions": 1, "fees_wan_yuan": 1.25}],
        }),
    )
    .unwrap();
    let annual = crate::annual::assemble(&app, 2018).unwrap();
    let json = serde_json::to_value(annual.figures()).unwrap();
    assert_eq!(
        json["proactive"],
        json!({
            "rules": {"issued": 0, "repealed": 0, "in_force": 1},
            "normative_documents": {"issued": 1, "repealed": 1, "in_force": 1},
            "licensing": {"decisions": 5}, "penalty": {"decisions": 2},
            "enforcement": {"decisions": 1}, "fees": {"amount_wan_yuan": 1.25},
        })
    );
    let disclosures = &json["disclosures"];
    assert_eq!(disclosures["total"], 3, "published in 2018");
    assert_eq!(
        (disclosures["on_time"].clone(), disclosures["late"].clone()),
        (json!(2), json!(1)),
        "against 20 working days: d3 was late"
    );
    assert_eq!(
        (
            disclosures["on_time_local"].clone(),
            disclosures["late_local"].clone()
        ),
        (json!(1), json!(2)),
        "against the office's 7: d2 too"
    );
    assert_eq!(disclosures["by_category"]["政策文件"], 2);
    assert_eq!(
        disclosures["by_category"]["机构信息"], 0,
        "every category of the list"
    );
    assert_eq!(disclosures["by_channel"]["门户网站"], 2);
    assert_eq!(disclosures["by_channel"]["公开栏/公示板"], 1);
    assert_eq!(annual.input.local_limit_working_days, Some(7));
    let traced = |path: &str| -> Vec<&str> {
        annual
            .traces
            .get(path)
            .map(|t| t.iter().map(|r| r.id.as_str()).collect())
            .unwrap_or_default()
    };
    assert_eq!(traced("disclosures.late_local"), vec!["d2", "d3"]);
    assert_eq!(traced("disclosures.by_category.政策文件"), vec!["d2", "d3"]);
    assert_eq!(traced("proactive.normative_documents.repealed"), vec!["n1"]);
    let overdue = annual
        .figures()
        .checks
        .iter()
        .find(|c| c.code == "disclosures.overdue")
        .expect("the unpublished one is named");
    assert_eq!(overdue.records, vec!["d4"]);
    let check = |code: &str| {
        annual
            .figures()
            .checks
            .iter()
            .find(|c| c.code == code)
            .cloned()
    };
    let late = check("disclosures.published_late").expect("published after 20 working days");
    assert_eq!(late.level, crate::report::figures::CheckLevel::Warning);
    assert_eq!(
        late.records,
        traced("disclosures.late"),
        "exactly the records counted late"
    );
    assert_eq!(late.records, vec!["d3"]);
    assert_eq!(late.message, "有1条主动公开信息超过法定20个工作日才公开");
    let late_local =
        check("disclosures.published_late_local").expect("after the office's limit only");
    assert_eq!(
        late_local.level,
        crate::report::figures::CheckLevel::Warning
    );
    assert_eq!(late_local.records, vec!["d2"], "late_local minus late");
    assert!(
        late_local.message.contains("本单位时限（7个工作日）"),
        "{}",
        late_local.message
    );
    assert!(!annual.has_errors(), "late disclosures do not block export");
    // 2019 has d5 only (formed 2018-12-20, published 2019-01-03): within
    // the statute, after the office's 7 days (12-29 was a make-up Saturday).
    let y2019 = crate::annual::assemble(&app, 2019).unwrap();
    let codes: Vec<(&str, &[String])> = y2019
        .figures()
        .checks
        .iter()
        .filter(|c| c.code.starts_with("disclosures.published_late"))
        .map(|c| (c.code.as_str(), c.records.as_slice()))
        .collect();
    assert_eq!(
        codes,
        vec![("disclosures.published_late_local", &["d5".to_string()][..])]
    );
}
