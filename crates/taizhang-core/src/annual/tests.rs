//! The year's report assembled from a real data file.

use serde_json::json;

use super::*;
use crate::api::{dispatch, Reply};
use crate::report::{render, Format, Template};

fn sample_2018() -> App {
    let mut app = App::open_in_memory().unwrap();
    let package: serde_json::Value =
        serde_json::from_str(include_str!("../tallies/testdata/changqing-2018.json")).unwrap();
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
    assert_eq!(annual.input.metrics.len(), 6);
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
        json!({"year": 2018, "template": "standard", "section": "problems", "text": "人手不足，共{{no.such.figure}}人。"}),
    )
    .unwrap();
    let annual = assemble(&app, 2018).unwrap();
    assert!(annual.has_errors());
    let err = dispatch(
        &mut app,
        "report.export",
        json!({"year": 2018, "template": "standard", "formats": ["html"]}),
    )
    .unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert!(err.to_string().contains("no.such.figure"), "{err}");

    dispatch(
        &mut app,
        "report.narrative_save",
        json!({"year": 2018, "template": "standard", "section": "problems", "text": "缺少专职人员，{{year}}年将加强培训。"}),
    )
    .unwrap();
    let Reply::Files { files, .. } = dispatch(
        &mut app,
        "report.export",
        json!({"year": 2018, "template": "standard", "formats": ["html", "json"]}),
    )
    .unwrap() else {
        panic!("files")
    };
    assert_eq!(files.len(), 2);
    assert_eq!(
        files[0].name,
        "长庆街道办事处2018年政府信息公开工作年度报告.html"
    );
    let text = String::from_utf8(files[0].bytes.clone()).unwrap();
    assert!(text.contains("缺少专职人员，2018年将加强培训。"));
    let figures: serde_json::Value = serde_json::from_slice(&files[1].bytes).unwrap();
    assert_eq!(figures["format"], "taizhang.report/1");
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
fn the_table_relations_are_checked_and_name_the_column() {
    let app = sample_2018();
    let mut annual = assemble(&app, 2018).unwrap();
    annual.input.figures.applications.rows.row_mut("new")[0] = 2;
    annual.input.figures.applications.rows.row_mut("new")[6] = 2;
    let found = checks::table3(&annual);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].message.contains("自然人"));
    assert!(found[1].message.contains("总计"));
    annual.input.figures.applications.rows.row_mut("disclosed")[0] = 2;
    annual.input.figures.applications.rows.row_mut("disclosed")[6] = 2;
    annual
        .input
        .figures
        .applications
        .rows
        .row_mut("results_total")[0] = 2;
    annual
        .input
        .figures
        .applications
        .rows
        .row_mut("results_total")[6] = 1;
    let codes: Vec<String> = checks::table3(&annual)
        .into_iter()
        .map(|c| c.code)
        .collect();
    assert!(
        codes.contains(&"applications.row_total".to_string()),
        "{codes:?}"
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
