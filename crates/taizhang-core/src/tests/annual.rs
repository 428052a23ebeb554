//! The year's report assembled from a real data file.

use serde_json::json;

use crate::annual::*;
use crate::report::figures::{Check, CheckLevel};
use crate::App;
use crate::api::{dispatch, Reply};
use crate::report::{render, Format, Template};

fn sample_2018() -> App {
    let mut app = App::open_in_memory().unwrap();
    let package: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/fixtures/changqing-2018.json")).unwrap();
    crate::dataset::import(&mut app, &package).unwrap();
    app
}

#[test]
fn the_2018_sample_gives_the_nine_services_in_catalogue_order() {
    let app = sample_2018();
    let annual = assemble(&app, 2018).unwrap();
    let f = annual.figures();
    let items: Vec<(&str, u64)> = f
        .service_tallies
        .iter()
        .map(|s| (s.item.as_str(), s.count))
        .collect();
    assert_eq!(items[0], ("更换/补办证历本", 1200));
    assert_eq!(items[8], ("221文件补缴", 24));
    assert_eq!(f.service_total(), 5247);
    let metrics: Vec<(&str, &str, f64)> = f
        .metrics
        .iter()
        .map(|m| (m.name.as_str(), m.unit.as_str(), m.value))
        .collect();
    assert_eq!(metrics.len(), 6);
    assert_eq!(metrics[0], ("志愿者队伍", "支", 6.0));
    assert_eq!(metrics[1], ("志愿者人数", "人", 221.0));
    assert!(!annual.has_errors(), "{:?}", f.checks);
    // The trace of a figure names the window it came from.
    let trace = &annual.traces["service_tallies.办理老年卡"];
    assert_eq!(trace.len(), 1);
    assert!(trace[0].label.contains("前台"));
}

#[test]
fn the_summary_of_2018_reads_like_the_reference() {
    let app = sample_2018();
    let annual = assemble(&app, 2018).unwrap();
    let html = render(&annual.input, Template::Summary, Format::Html).unwrap();
    let text = String::from_utf8(html.bytes).unwrap();
    assert!(
        text.contains("更换/补办证历本1200本，登记灵活就业体检320人，办理老年卡980人"),
        "{text}"
    );
    assert!(text.contains("5247"));
    assert!(text.contains("未收到政府信息公开申请"));
    assert!(text.contains("志愿者"));
}

#[test]
fn a_narrative_naming_an_unknown_figure_blocks_export_and_saved_texts_print() {
    let mut app = sample_2018();
    dispatch(
        &mut app,
        "report.narrative_save",
        json!({"year": 2018, "template": "summary", "section": "problems", "text": "人手不足，共{{no.such.figure}}人。"}),
    )
    .unwrap();
    let annual = assemble(&app, 2018).unwrap();
    assert!(annual.has_errors());
    let err = dispatch(
        &mut app,
        "report.export",
        json!({"year": 2018, "template": "summary", "formats": ["html"]}),
    )
    .unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert!(err.to_string().contains("no.such.figure"), "{err}");

    dispatch(
        &mut app,
        "report.narrative_save",
        json!({"year": 2018, "template": "summary", "section": "problems", "text": "缺少专职人员，{{year}}年将加强培训。"}),
    )
    .unwrap();
    let Reply::Files { files, .. } = dispatch(
        &mut app,
        "report.export",
        json!({"year": 2018, "template": "summary", "formats": ["html", "json"]}),
    )
    .unwrap() else {
        panic!("files")
    };
    assert_eq!(files.len(), 2);
    assert_eq!(
        files[0].name,
        "长庆街道办事处2018年政务公开工作总结.html"
    );
    let text = String::from_utf8(files[0].bytes.clone()).unwrap();
    assert!(text.contains("缺少专职人员，2018年将加强培训。"));
    let figures: serde_json::Value = serde_json::from_slice(&files[1].bytes).unwrap();
    assert_eq!(figures["format"], "taizhang.report/1");
}

#[test]
fn the_standard_report_is_refused_before_2019_saying_why_and_offered_from_2019() {
    let mut app = sample_2018();
    let err = dispatch(
        &mut app,
        "report.export",
        json!({"year": 2018, "template": "standard", "formats": ["docx"]}),
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert_eq!(err.to_json()["field"], "template");
    assert!(err.to_string().contains("自2019年度起"), "{err}");
    // The figures are data, not the format: they still export; so do the summary and ledger.
    for (template, formats) in [("standard", json!(["json"])), ("summary", json!(["docx"])), ("ledger", json!(["xlsx"]))] {
        let Reply::Files { files, .. } = dispatch(
            &mut app,
            "report.export",
            json!({"year": 2018, "template": template, "formats": formats}),
        )
        .unwrap() else {
            panic!("files")
        };
        assert_eq!(files.len(), 1, "{template}");
    }
    // The page is told which templates a year has, and why not.
    let options = call(&mut app, "report.options", json!({"year": 2018}));
    let standard = &options["templates"][0];
    assert_eq!(standard["key"], "standard");
    assert!(standard["unavailable"].as_str().unwrap().contains("2018年度没有这种格式"));
    assert!(options["templates"][1]["unavailable"].is_null());
    let options = call(&mut app, "report.options", json!({"year": 2019}));
    assert!(options["templates"][0]["unavailable"].is_null());
    // The 年报 page's tables for 2018 say the same instead of a format that did not exist.
    let figures = call(&mut app, "report.figures", json!({"year": 2018}));
    assert!(figures["standard_unavailable"].as_str().unwrap().contains("自2019年度起"));
}

#[test]
fn the_page_previews_the_tables_the_export_prints_in_the_years_format() {
    let mut app = sample_2018();
    for (year, format, trial) in [(2019, "2019年试行格式", true), (2020, "2019年试行格式", true), (2021, "2021年格式", false)] {
        let figures = call(&mut app, "report.figures", json!({"year": year}));
        assert_eq!(figures["table_format"], format, "{year}");
        assert!(figures["standard_unavailable"].is_null());
        let annual = assemble(&app, year).unwrap();
        let doc = crate::report::build_document(&annual.input, Template::Standard).unwrap();
        let exported: Vec<&crate::report::document::Table> = doc.tables().collect();
        let tables = figures["tables"].as_array().unwrap();
        assert_eq!(tables.len(), exported.len());
        for (shown, printed) in tables.iter().zip(exported) {
            let shown_text: Vec<Vec<&str>> = shown["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_array().unwrap().iter().map(|c| c["text"].as_str().unwrap()).collect())
                .collect();
            let printed_text: Vec<Vec<String>> = printed
                .rows
                .iter()
                .map(|r| r.iter().map(|c| c.display()).collect())
                .collect();
            assert_eq!(shown_text, printed_text, "{year} {}", printed.name);
        }
        let t2 = serde_json::to_string(&tables[0]).unwrap();
        assert_eq!(t2.contains("政府集中采购"), trial, "{year}");
    }
}

#[test]
fn summary_headings_are_saved_per_year_and_travel_in_the_data_package() {
    let mut app = sample_2018();
    let heading = "四、深化“最多跑一次”改革情况";
    dispatch(
        &mut app,
        "report.heading_save",
        json!({"year": 2018, "section": "key_areas", "heading": heading}),
    )
    .unwrap();
    let sections = call(&mut app, "report.narratives", json!({"year": 2018, "template": "summary"}));
    let key_areas = sections["sections"].as_array().unwrap().iter().find(|s| s["key"] == "key_areas").unwrap();
    assert_eq!(key_areas["heading"], heading);
    assert_eq!(key_areas["default_heading"], "四、重点领域信息公开工作开展情况");
    // Another year keeps the generic heading.
    let other_year = call(&mut app, "report.narratives", json!({"year": 2019, "template": "summary"}));
    assert_eq!(other_year["sections"][3]["heading"], "四、重点领域信息公开工作开展情况");
    // The exported summary prints it.
    let annual = assemble(&app, 2018).unwrap();
    let html = String::from_utf8(render(&annual.input, Template::Summary, Format::Html).unwrap().bytes).unwrap();
    assert!(html.contains("深化“最多跑一次”改革情况"));

    // Bad input changes nothing.
    for (bad, field) in [(json!(""), "heading"), (json!("一行\n两行"), "heading")] {
        let err = dispatch(&mut app, "report.heading_save", json!({"year": 2018, "section": "key_areas", "heading": bad})).unwrap_err();
        assert_eq!(err.to_json()["field"], field, "{err}");
    }
    let err = dispatch(&mut app, "report.heading_save", json!({"year": 2018, "section": "overview", "heading": "x"})).unwrap_err();
    assert_eq!(err.to_json()["field"], "section", "{err}");

    // The package carries it in its own section, not among the texts.
    let package = crate::dataset::export(&app, &Default::default()).unwrap();
    assert_eq!(package["summary_headings"], json!([{"year": 2018, "section": "key_areas", "heading": heading}]));
    assert!(package["narratives"].as_array().unwrap().is_empty(), "{}", package["narratives"]);
    let mut other = App::open_in_memory().unwrap();
    crate::dataset::import(&mut other, &package).unwrap();
    let annual = assemble(&other, 2018).unwrap();
    assert_eq!(annual.input.summary_heading("key_areas").unwrap(), heading);
    // A package from before the section (no summary_headings) still imports.
    let mut older = package.clone();
    older.as_object_mut().unwrap().remove("summary_headings");
    let mut third = App::open_in_memory().unwrap();
    crate::dataset::import(&mut third, &older).unwrap();
    let annual = assemble(&third, 2018).unwrap();
    assert_eq!(annual.input.summary_heading("key_areas").unwrap(), "四、重点领域信息公开工作开展情况");
    // A bad heading in a package is refused whole, naming it.
    let mut bad = package.clone();
    bad["summary_headings"][0]["section"] = json!("nonsense");
    let err = crate::dataset::import(&mut third, &bad).unwrap_err();
    assert_eq!(err.to_json()["problems"][0]["path"], "summary_headings[0].section", "{err}");

    // Back to the default.
    dispatch(&mut app, "report.heading_save", json!({"year": 2018, "section": "key_areas", "heading": null})).unwrap();
    let annual = assemble(&app, 2018).unwrap();
    assert_eq!(annual.input.summary_heading("key_areas").unwrap(), "四、重点领域信息公开工作开展情况");
}

#[test]
fn a_locked_year_refuses_new_narratives() {
    let mut app = sample_2018();
    app.store
        .conn()
        .execute(
            "INSERT INTO year_locks (year, locked_at) VALUES (2018, '2019-01-20T10:00:00+08:00')",
            [],
        )
        .unwrap();
    let err = dispatch(
        &mut app,
        "report.narrative_save",
        json!({"year": 2018, "template": "summary", "section": "plans", "text": "x"}),
    )
    .unwrap_err();
    assert_eq!(err.code(), "year_locked");
    assert_eq!(
        assemble(&app, 2018).unwrap().input.locked_at.as_deref(),
        Some("2019-01-20T10:00:00+08:00")
    );
}

#[test]
fn narratives_travel_in_the_data_package() {
    let mut app = sample_2018();
    dispatch(
        &mut app,
        "report.narrative_save",
        json!({"year": 2018, "template": "summary", "section": "plans", "text": "继续推进“五公开”。"}),
    )
    .unwrap();
    let package = crate::dataset::export(&app, &Default::default()).unwrap();
    assert_eq!(package["narratives"][0]["section"], "plans");
    let mut other = App::open_in_memory().unwrap();
    crate::dataset::import(&mut other, &package).unwrap();
    assert_eq!(
        narratives::load(other.store.conn(), 2018).unwrap()[0].text,
        "继续推进“五公开”。"
    );
    let mut bad = package.clone();
    bad["narratives"][0]["section"] = json!("nonsense");
    let err = crate::dataset::import(&mut other, &bad).unwrap_err();
    assert_eq!(
        err.to_json()["problems"][0]["path"],
        "narratives[0].section",
        "{err}"
    );
}

#[test]
fn a_year_without_a_holiday_schedule_is_a_warning() {
    let app = sample_2018();
    let annual = assemble(&app, 2031).unwrap();
    assert!(annual
        .figures()
        .checks
        .iter()
        .any(|c| c.code == "calendar.unknown_year"));
    assert!(!annual.has_errors());
}

/// A command's JSON answer.
fn call(app: &mut App, name: &str, args: serde_json::Value) -> serde_json::Value {
    let Reply::Json(v) = dispatch(app, name, args).unwrap() else {
        panic!("{name} answers JSON")
    };
    v
}

fn application(app: &mut App, record: serde_json::Value) -> String {
    let v = call(
        app,
        "register.create",
        json!({"register": "applications", "record": record}),
    );
    v["id"].as_str().unwrap().to_string()
}

fn get_application(app: &mut App, id: &str) -> serde_json::Value {
    call(
        app,
        "register.get",
        json!({"register": "applications", "id": id}),
    )
}

#[test]
fn applications_fill_tables_three_and_four_and_late_replies_are_warnings() {
    let mut app = sample_2018();
    let late = application(
        &mut app,
        json!({"received_on": "2018-01-05", "applicant_kind": "natural_person", "channel": "online",
               "request": "某路段改造计划", "replied_on": "2018-03-01", "result": "disclosed"}),
    );
    let on_time = application(
        &mut app,
        json!({"received_on": "2018-06-04", "applicant_kind": "commercial_enterprise", "channel": "mail",
               "request": "招投标结果", "replied_on": "2018-06-20", "result": "partially_disclosed"}),
    );
    let open = application(
        &mut app,
        json!({"received_on": "2018-12-03", "applicant_kind": "natural_person", "channel": "in_person", "request": "年底申请"}),
    );
    let annual = assemble(&app, 2018).unwrap();
    let rows = &annual.figures().applications.rows;
    assert_eq!(rows.get("new").unwrap(), &[2, 1, 0, 0, 0, 0, 3]);
    assert_eq!(rows.get("disclosed").unwrap()[6], 1);
    assert_eq!(rows.get("partially_disclosed").unwrap()[1], 1);
    assert_eq!(rows.get("carried_out").unwrap()[0], 1);
    assert!(!annual.has_errors(), "{:?}", annual.figures().checks);
    let overdue = annual
        .figures()
        .checks
        .iter()
        .find(|c| c.code == "applications.overdue")
        .expect("a warning");
    assert!(overdue.records.contains(&late), "{overdue:?}");
    assert!(!overdue.records.contains(&on_time));
    assert!(
        overdue.records.contains(&open),
        "still open past its due date at the year's end"
    );
    // Every number of table 三 can be traced to its records, described without personal data.
    let mut refs = annual.traces["applications.new.natural_person"].clone();
    describe(app.store.conn(), &mut refs).unwrap();
    assert_eq!(refs.len(), 2);
    assert!(
        refs.iter()
            .any(|r| r.label.contains("某路段改造计划") || r.label.contains("2018")),
        "{refs:?}"
    );
    // The summary no longer says that no application came in.
    let html = String::from_utf8(
        render(&annual.input, Template::Summary, Format::Html)
            .unwrap()
            .bytes,
    )
    .unwrap();
    assert!(!html.contains("未收到政府信息公开申请"));
}

#[test]
fn only_the_data_file_is_exported_for_a_year_with_errors() {
    let mut app = sample_2018();
    dispatch(
        &mut app,
        "report.narrative_save",
        json!({"year": 2018, "template": "standard", "section": "problems", "text": "共{{no.such.figure}}人。"}),
    )
    .unwrap();
    let Reply::Files { files, message } = dispatch(
        &mut app,
        "report.export",
        json!({"year": 2018, "template": "standard", "formats": ["json"]}),
    )
    .unwrap() else {
        panic!("files")
    };
    assert_eq!(files.len(), 1);
    assert!(files[0].name.ends_with(".json"), "{}", files[0].name);
    assert!(message.contains("1 处错误"), "{message}");
    // The file reads back as the format, with the error among its checks.
    let figures: crate::report::ReportFigures = serde_json::from_slice(&files[0].bytes).unwrap();
    let errors: Vec<_> = figures
        .checks
        .iter()
        .filter(|c| c.level == CheckLevel::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{:?}", figures.checks);
    assert!(
        errors[0].message.contains("no.such.figure"),
        "{:?}",
        errors[0]
    );
    assert_eq!(figures.service_tallies[0].count, 1200);

    // Documents stay blocked, also beside the data file: nothing is written.
    // (2018 has no standard report: its work summary is the document.)
    for formats in [json!(["docx"]), json!(["json", "html"])] {
        let err = dispatch(
            &mut app,
            "report.export",
            json!({"year": 2018, "template": "summary", "formats": formats}),
        )
        .unwrap_err();
        assert_eq!(err.code(), "conflict");
        let text = err.to_string();
        assert!(text.contains("no.such.figure"), "{text}");
        assert!(text.contains("只选“数据（.json）”"), "{text}");
    }
}

#[test]
fn the_ledger_has_a_sheet_of_the_years_table_two_figures() {
    use taizhang_documents::test_support::{sheet_row, xlsx_sheet};
    use calamine::Data;
    let mut app = sample_2018();
    dispatch(
        &mut app,
        "annual_figures.save",
        json!({"year": 2018, "licensing_decisions": 12, "penalty_decisions": 3,
               "enforcement_decisions": 1, "fees_wan_yuan": "2.35"}),
    )
    .unwrap();
    dispatch(
        &mut app,
        "annual_figures.save",
        json!({"year": 2019, "licensing_decisions": 99}),
    )
    .unwrap();
    let annual = assemble(&app, 2018).unwrap();
    let file = render(&annual.input, Template::Ledger, Format::Xlsx).unwrap();
    let sheet = xlsx_sheet(file.bytes.clone(), "年度数字");
    let row = |r: u32| sheet_row(&sheet, r, 5);
    // The title and caption rows, then the header at row 2 and the year's row.
    let s = |t: &str| Data::String(t.into());
    assert_eq!(
        row(2),
        [
            s("年度"),
            s("行政许可处理决定数"),
            s("行政处罚处理决定数"),
            s("行政强制处理决定数"),
            s("行政事业性收费（万元）")
        ]
    );
    let n = Data::Float;
    assert_eq!(row(3), [n(2018.0), n(12.0), n(3.0), n(1.0), n(2.35)]);
    assert_eq!(sheet.height(), 4, "only the report year's figures");
    // The contents sheet lists it with its one row.
    let contents = xlsx_sheet(file.bytes, "目录");
    let listed = (0..contents.height() as u32).any(|r| {
        contents.get_value((r, 0)) == Some(&s("年度数字"))
            && contents.get_value((r, 1)) == Some(&n(1.0))
    });
    assert!(listed, "{contents:?}");

    // A year without figures has the sheet, empty.
    let annual = assemble(&app, 2017).unwrap();
    let table = annual
        .input
        .ledger
        .iter()
        .find(|t| t.sheet == "年度数字")
        .unwrap();
    assert!(table.rows.is_empty());
}

/// An application received on `received`, answered (disclosed) on `replied`.
fn record(received: &str, replied: Option<&str>) -> serde_json::Value {
    let mut v = json!({"received_on": received, "applicant_kind": "natural_person",
                       "channel": "online", "request": "某事项"});
    if let Some(r) = replied {
        v["replied_on"] = json!(r);
        v["result"] = json!("disclosed");
    }
    v
}

fn checks_of<'a>(annual: &'a Annual, code: &str) -> Option<&'a Check> {
    annual.figures().checks.iter().find(|c| c.code == code)
}

#[test]
fn a_correction_asked_for_late_is_a_warning_in_the_year_it_was_asked_for() {
    let mut app = sample_2018();
    let correction = |received: &str, asked: &str, arrived: &str, replied: Option<&str>| {
        let mut v = record(received, replied);
        v["correction_requested_on"] = json!(asked);
        v["correction_received_on"] = json!(arrived);
        v
    };
    // Received Fri 2018-01-05: the notice is due 2018-01-16.
    let in_time = application(
        &mut app,
        correction("2018-01-05", "2018-01-16", "2018-01-18", Some("2018-01-30")),
    );
    // Received 2018-03-01: due 2018-03-12, asked for on 03-20.
    let late = application(
        &mut app,
        correction("2018-03-01", "2018-03-20", "2018-03-22", None),
    );
    // Asked for late in 2017, answered in 2018: 2017's warning, not 2018's.
    let asked_2017 = application(
        &mut app,
        correction("2017-11-01", "2017-11-30", "2017-12-01", Some("2018-01-02")),
    );
    let annual = assemble(&app, 2018).unwrap();
    let check = checks_of(&annual, "applications.correction_late").expect("a warning");
    assert_eq!(check.level, CheckLevel::Warning);
    assert_eq!(check.records, vec![late.clone()], "{check:?}");
    assert_eq!(
        check.message,
        "2018年有1件申请超过收到申请后7个工作日才发出补正通知"
    );
    assert!(!annual.has_errors(), "{:?}", annual.figures().checks);
    let y2017 = assemble(&app, 2017).unwrap();
    assert_eq!(
        checks_of(&y2017, "applications.correction_late").map(|c| c.records.clone()),
        Some(vec![asked_2017])
    );
    assert!(!check.records.contains(&in_time));

    // The record says so, explains the notice's date, and its reply clock
    // still runs from the corrected application (2018-03-22).
    let rec = get_application(&mut app, &late);
    assert_eq!(rec["_correction_due_on"], "2018-03-12");
    assert_eq!(
        rec["_correction_late"],
        "补正通知晚于期限（2018-03-12）6个工作日发出"
    );
    assert!(rec["_correction_due_explain"]
        .as_str()
        .unwrap()
        .starts_with("截止 2018-03-12：7个工作日"));
    // 03-23 … 04-04, 清明 04-05 to 04-07 off, Sunday 04-08 worked, … 04-20.
    assert_eq!(rec["_due_on"], "2018-04-20", "{}", rec["_due_explain"]);
    let ok = get_application(&mut app, &in_time);
    assert!(ok.get("_correction_late").is_none(), "{ok}");
}

#[test]
fn applications_whose_due_dates_cross_a_year_without_holidays_are_named() {
    let mut app = sample_2018();
    // Open at the end of 2026, its 20 working days reach into 2027.
    let open = application(&mut app, record("2026-12-15", None));
    // Answered in 2027 after a due date computed without 2027's schedule.
    let answered_2027 = application(&mut app, record("2026-12-18", Some("2027-01-08")));
    // Nothing of these crosses into 2027.
    let early = application(&mut app, record("2026-03-02", Some("2026-03-10")));
    let open_early = application(&mut app, record("2026-06-01", None));
    let annual = assemble(&app, 2026).unwrap();
    let check = checks_of(&annual, "applications.provisional").expect("a warning");
    assert_eq!(check.level, CheckLevel::Warning);
    assert_eq!(check.records, vec![open.clone(), answered_2027.clone()]);
    assert!(check
        .message
        .starts_with("2件申请的期限涉及尚未录入节假日安排的年份"));
    assert!(!check.records.contains(&early) && !check.records.contains(&open_early));
    assert!(!annual.has_errors());
    // 2027 carries both in; 2025 counts none of them.
    let y2027 = assemble(&app, 2027).unwrap();
    assert_eq!(
        checks_of(&y2027, "applications.provisional").map(|c| c.records.clone()),
        Some(vec![open, answered_2027])
    );
    assert!(checks_of(&assemble(&app, 2025).unwrap(), "applications.provisional").is_none());
}

#[test]
fn trial_format_cells_are_typed_per_year_printed_and_travel_in_the_package() {
    let mut app = sample_2018();
    let saved = call(
        &mut app,
        "annual_figures.trial_cells_save",
        json!({"year": 2020, "cells": {"procurement.items": "３", "procurement.amount": "12.5", "licensing.change": "-2", "fees.change": ""}}),
    );
    assert_eq!(saved["changed"], true);
    let amount = saved["cells"].as_array().unwrap().iter().find(|c| c["key"] == "procurement.amount").unwrap();
    assert_eq!(amount["value"], 12.5);
    assert_eq!(amount["row"], "政府集中采购");
    assert_eq!(amount["column"], "采购总金额");
    // The report prints them where the trial format has them, and its JSON carries them.
    let annual = assemble(&app, 2020).unwrap();
    assert_eq!(annual.figures().proactive.trial_cells.get("procurement.items"), Some(&3.0));
    let html = String::from_utf8(render(&annual.input, Template::Standard, Format::Html).unwrap().bytes).unwrap();
    assert!(html.contains(">12.5<"), "{html}");
    let figures = call(&mut app, "report.figures", json!({"year": 2020}));
    assert!(serde_json::to_string(&figures["tables"][0]).unwrap().contains("\"text\":\"-2\""));
    // Bad input names the cell and changes nothing; a 2021-format year has no such cells.
    for (cells, field) in [
        (json!({"procurement.items": "-1"}), "cells.procurement.items"),
        (json!({"licensing.previous_items": "2.5"}), "cells.licensing.previous_items"),
        (json!({"rules.made": "1"}), "cells.rules.made"),
    ] {
        let err = dispatch(&mut app, "annual_figures.trial_cells_save", json!({"year": 2020, "cells": cells})).unwrap_err();
        assert_eq!(err.to_json()["field"], field, "{err}");
    }
    let err = dispatch(&mut app, "annual_figures.trial_cells_save", json!({"year": 2021, "cells": {"procurement.items": 1}})).unwrap_err();
    assert_eq!(err.to_json()["field"], "year");
    assert_eq!(assemble(&app, 2020).unwrap().figures().proactive.trial_cells.len(), 3);
    // The package carries them; another file imports them the same.
    let package = crate::dataset::export(&app, &Default::default()).unwrap();
    assert_eq!(package["table2_trial_cells"].as_array().unwrap().len(), 3);
    let mut other = App::open_in_memory().unwrap();
    crate::dataset::import(&mut other, &package).unwrap();
    assert_eq!(
        assemble(&other, 2020).unwrap().figures().proactive.trial_cells,
        assemble(&app, 2020).unwrap().figures().proactive.trial_cells
    );
    // A package from before the key imports as before; a bad cell refuses the whole package.
    let mut older = package.clone();
    older.as_object_mut().unwrap().remove("table2_trial_cells");
    crate::dataset::import(&mut App::open_in_memory().unwrap(), &older).unwrap();
    let mut bad = package.clone();
    bad["table2_trial_cells"][0]["year"] = json!(2023);
    let mut third = App::open_in_memory().unwrap();
    let err = crate::dataset::import(&mut third, &bad).unwrap_err();
    assert_eq!(err.to_json()["problems"][0]["path"], "table2_trial_cells[0].year", "{err}");
    assert!(assemble(&third, 2020).unwrap().figures().proactive.trial_cells.is_empty(), "nothing imported");
    // Blank clears a cell.
    call(&mut app, "annual_figures.trial_cells_save", json!({"year": 2020, "cells": {"procurement.items": null}}));
    assert_eq!(assemble(&app, 2020).unwrap().figures().proactive.trial_cells.len(), 2);
}

#[test]
fn other_applicants_say_they_are_legal_persons_in_the_form_list_and_ledger() {
    let mut app = sample_2018();
    application(
        &mut app,
        json!({"received_on": "2018-03-05", "applicant_kind": "other_org", "channel": "online",
               "request": "某社区服务设施清单", "replied_on": "2018-03-20", "result": "disclosed"}),
    );
    // The form's choices (and so the list's filter and column) name it in full.
    let schema = call(&mut app, "register.schema", json!({"register": "applications"}));
    let kind = schema["fields"].as_array().unwrap().iter().find(|f| f["name"] == "applicant_kind").unwrap();
    let labels: Vec<&str> = kind["options"].as_array().unwrap().iter().map(|o| o["label"].as_str().unwrap()).collect();
    assert!(labels.contains(&"其他（法人或其他组织）"), "{labels:?}");
    assert!(!labels.contains(&"其他"), "{labels:?}");
    // The ledger's 依申请公开 sheet too.
    let annual = assemble(&app, 2018).unwrap();
    let sheet = annual.input.ledger.iter().find(|t| t.sheet == "依申请公开").expect("an applications sheet");
    assert!(
        sheet.rows.iter().flatten().any(|c| c == "其他（法人或其他组织）"),
        "{:?}",
        sheet.rows
    );
    // Table 三's own header keeps the official 其他 under 法人或其他组织.
    let figures = call(&mut app, "report.figures", json!({"year": 2018}));
    assert!(figures["standard_unavailable"].is_string());
    let figures = call(&mut app, "report.figures", json!({"year": 2021}));
    let header: Vec<&str> = figures["tables"][1]["rows"][2].as_array().unwrap().iter().map(|c| c["text"].as_str().unwrap()).collect();
    assert_eq!(header.last(), Some(&"其他"));
}
