use serde_json::{json, Value};

use crate::annual;
use crate::api::dispatch;
use crate::consolidate::*;
use crate::official::TABLE3_ROWS;
use crate::report::ReportFigures;
use crate::App;

fn office(
    name: &str,
    applications: &[(&str, &str, Option<&str>, Option<&str>)],
    tallies: u64,
    metrics: &[(&str, &str, f64)],
) -> Value {
    let mut app = App::open_in_memory().unwrap();
    // Completing the first launch adds the window 前台.
    dispatch(&mut app, "office.save", json!({"name": name})).unwrap();
    dispatch(
        &mut app,
        "units.add",
        json!({"name": "党政办", "kind": "section"}),
    )
    .unwrap();
    for (received, kind, replied, result) in applications {
        dispatch(
            &mut app,
            "register.create",
            json!({"register": "applications", "record": {"received_on": received, "applicant_kind": kind,
                   "channel": "online", "request": "某项信息", "replied_on": replied, "result": result}}),
        )
        .unwrap();
    }
    dispatch(
        &mut app,
        "register.create",
        json!({"register": "disclosures", "record": {"title": format!("{name}预算"), "category": "财政预决算",
               "unit": "党政办", "channels": ["门户网站"], "formed_on": "2023-02-01", "published_on": "2023-02-03"}}),
    )
    .unwrap();
    let package = json!({
        "format": "taizhang.dataset/1",
        "service_items": [{"name": "办理老年卡", "unit": "人", "group": "综合受理"}],
        "service_tallies": [{"item": "办理老年卡", "window": "前台", "period": "2023", "count": tallies}],
        "metrics": metrics.iter().map(|(name, unit, value)| json!({"year": 2023, "name": name, "unit": unit, "value": value})).collect::<Vec<_>>(),
    });
    crate::dataset::import(&mut app, &package).unwrap();
    crate::dataset::export(&app, &Default::default()).unwrap()
}

fn figures_of(package: &Value) -> ReportFigures {
    let mut app = App::open_in_memory().unwrap();
    crate::dataset::import(&mut app, package).unwrap();
    annual::assemble(&app, 2023).unwrap().input.figures
}

#[test]
fn the_district_total_is_the_sum_of_the_offices_reports() {
    let a = office(
        "长庆街道办事处",
        &[
            ("2022-12-20", "natural_person", None, None),
            (
                "2023-03-01",
                "natural_person",
                Some("2023-03-10"),
                Some("disclosed"),
            ),
            ("2023-12-25", "commercial_enterprise", None, None),
        ],
        980,
        &[("志愿者队伍", "支", 6.0), ("志愿者人数", "人", 221.0)],
    );
    let b = office(
        "潮鸣街道办事处",
        &[(
            "2023-05-04",
            "legal_service_org",
            Some("2023-05-20"),
            Some("unavailable.not_held"),
        )],
        20,
        &[("志愿者人数", "人", 79.0), ("志愿活动", "次", 12.5)],
    );
    let (fa, fb) = (figures_of(&a), figures_of(&b));
    let c = consolidate(&[("a.json".into(), a), ("b.json".into(), b)], 2023).unwrap();
    assert_eq!(c.offices.len(), 2);
    assert_eq!(c.offices[1].office, "潮鸣街道办事处");
    for row in TABLE3_ROWS {
        let (x, y, t) = (
            fa.applications.rows.get(row.code).unwrap(),
            fb.applications.rows.get(row.code).unwrap(),
            c.total.applications.rows.get(row.code).unwrap(),
        );
        for col in 0..7 {
            assert_eq!(t[col], x[col] + y[col], "{} column {col}", row.code);
        }
    }
    assert_eq!(c.total.applications.rows.total("new"), 3);
    assert_eq!(
        c.total.disclosures.total,
        fa.disclosures.total + fb.disclosures.total
    );
    assert_eq!(c.total.disclosures.by_category.get("财政预决算"), Some(2));
    assert_eq!(
        c.total.service_tallies.len(),
        1,
        "the same item is added up"
    );
    assert_eq!(c.total.service_tallies[0].count, 1000);
    assert!(!c.has_errors(), "{:?}", c.total.checks);
    assert!(relations(&c.total).is_empty());
    assert_eq!(
        fa.metrics.len(),
        2,
        "each office's metrics are in its figures"
    );
    let metrics: Vec<(&str, &str, f64)> = c
        .total
        .metrics
        .iter()
        .map(|m| (m.name.as_str(), m.unit.as_str(), m.value))
        .collect();
    assert_eq!(
        metrics,
        [
            ("志愿者队伍", "支", 6.0),
            ("志愿者人数", "人", 300.0),
            ("志愿活动", "次", 12.5),
        ],
        "summed by name and unit, in first-seen order"
    );

    let book = workbook(&c).unwrap();
    assert_eq!(&book[..2], b"PK");
    let json = to_json(&c);
    assert_eq!(json["total"]["applications"]["rows"]["new"][6], 3);
    assert_eq!(
        json["total"]["metrics"][1],
        json!({"name": "志愿者人数", "unit": "人", "value": 300})
    );
    assert_eq!(json["offices"][1]["figures"]["metrics"][0]["value"], 79);
}

#[test]
fn the_district_workbook_breaks_the_metrics_down_by_office() {
    use taizhang_documents::test_support::{sheet_row, xlsx_sheet};
    use calamine::Data;
    let a = office("长庆街道办事处", &[], 1, &[("志愿者人数", "人", 221.0)]);
    let b = office(
        "潮鸣街道办事处",
        &[],
        1,
        &[("志愿活动", "次", 12.0), ("志愿者人数", "名", 79.0)],
    );
    let c = consolidate(&[("a.json".into(), a), ("b.json".into(), b)], 2023).unwrap();
    let sheet = xlsx_sheet(workbook(&c).unwrap(), "其他数据");
    let row = |r: u32| sheet_row(&sheet, r, 4);
    // The title and caption rows, then the header at row 2.
    let s = |t: &str| Data::String(t.into());
    // The same name in another measure word is another figure.
    let n = Data::Float;
    assert_eq!(
        row(2),
        [
            s("单位"),
            s("志愿者人数（人）"),
            s("志愿活动（次）"),
            s("志愿者人数（名）")
        ]
    );
    assert_eq!(
        row(3),
        [s("长庆街道办事处"), n(221.0), Data::Empty, Data::Empty]
    );
    assert_eq!(row(4), [s("潮鸣街道办事处"), Data::Empty, n(12.0), n(79.0)]);
    assert_eq!(row(5), [s("合计"), n(221.0), n(12.0), n(79.0)]);
}

#[test]
fn a_district_without_metrics_has_no_metrics_sheet() {
    use calamine::{open_workbook_from_rs, Reader, Xlsx};
    let a = office("长庆街道办事处", &[], 1, &[]);
    let c = consolidate(&[("a.json".into(), a)], 2023).unwrap();
    assert!(c.total.metrics.is_empty());
    let book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(workbook(&c).unwrap())).unwrap();
    assert!(!book.sheet_names().contains(&"其他数据".to_string()));
}

#[test]
fn a_bad_package_is_named_by_its_file() {
    let bad = json!({"format": "taizhang.dataset/1", "units": [{"name": "x", "kind": "planet"}]});
    let err = consolidate(&[("第二个.json".into(), bad)], 2023).unwrap_err();
    assert!(
        err.to_json()["field"]
            .as_str()
            .unwrap_or_default()
            .starts_with("第二个.json")
            || err.to_json()["problems"][0]["path"]
                .as_str()
                .unwrap_or_default()
                .starts_with("第二个.json"),
        "{}",
        err.to_json()
    );
}

#[test]
fn the_relations_are_checked_on_the_sum() {
    let mut f = ReportFigures::empty(2023, "x");
    f.applications.rows.row_mut("new")[0] = 1;
    f.applications.rows.row_mut("new")[6] = 1;
    let codes: Vec<String> = relations(&f).into_iter().map(|c| c.code).collect();
    assert!(
        codes.contains(&"applications.balance".to_string()),
        "{codes:?}"
    );
}

fn json_of(reply: crate::Result<crate::api::Reply>) -> Value {
    match reply.unwrap() {
        crate::api::Reply::Json(v) => v,
        _ => panic!("a JSON reply"),
    }
}

#[test]
fn the_commands_keep_the_roster_and_consolidate_against_it() {
    let a = office("长庆街道办事处", &[], 1, &[]);
    let mut district = App::open_in_memory().unwrap();
    dispatch(
        &mut district,
        "district.import_roster",
        json!({"text": "序号\t单位名称\t单位代码\n1\t长庆街道\t\n2\t潮鸣街道\t\n"}),
    )
    .unwrap();
    let saved = json_of(dispatch(
        &mut district,
        "district.save_roster",
        json!({"offices": [{"name": "长庆街道"}, {"name": "潮鸣街道办事处", "code": "C2"}]}),
    ));
    assert_eq!(saved["offices"][1]["code"], "C2");
    // A bad list changes nothing.
    let err = dispatch(
        &mut district,
        "district.save_roster",
        json!({"offices": [{"name": "长庆街道"}, {"name": "长庆街道办"}]}),
    )
    .unwrap_err();
    assert!(err.to_string().contains("同一单位的不同写法"), "{err}");
    let listed = json_of(dispatch(&mut district, "district.roster", json!({})));
    assert_eq!(listed["offices"].as_array().unwrap().len(), 2);

    let reply = json_of(dispatch(
        &mut district,
        "district.consolidate",
        json!({"year": 2023, "packages": [{"name": "a.json", "text": a.to_string()}]}),
    ));
    let roster = &reply["consolidation"]["roster"];
    assert_eq!(roster[0]["status"], "received");
    assert_eq!(roster[0]["matched_by"], "name");
    assert_eq!(roster[1]["status"], "missing");

    // The workbook has the same, entry by entry.
    use calamine::Data;
    use taizhang_documents::test_support::{sheet_row, xlsx_sheet};
    let c = consolidate_for(
        &[("a.json".into(), a)],
        2023,
        &crate::roster::list(&district).unwrap(),
    )
    .unwrap();
    let sheet = xlsx_sheet(workbook(&c).unwrap(), "报送情况");
    let s = |t: &str| Data::String(t.into());
    assert_eq!(
        sheet_row(&sheet, 2, 4),
        [s("单位"), s("单位代码"), s("报送情况"), s("数据包")]
    );
    assert_eq!(
        sheet_row(&sheet, 3, 4),
        [s("长庆街道"), Data::Empty, s("已报送"), s("a.json")]
    );
    assert_eq!(
        sheet_row(&sheet, 4, 4),
        [s("潮鸣街道办事处"), s("C2"), s("未报送"), Data::Empty]
    );
}

#[test]
fn a_roster_workbook_imports_through_the_command() {
    use base64::Engine;
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["单位名称", "统一社会信用代码"].iter().enumerate() {
        sheet.write(0, c as u16, *h).unwrap();
    }
    sheet.write(1, 0, "长庆街道办事处").unwrap();
    sheet.write(1, 1, "11330103MB0000001A").unwrap();
    sheet.write(2, 0, "潮鸣街道").unwrap();
    let encoded = base64::engine::general_purpose::STANDARD.encode(book.save_to_buffer().unwrap());
    let mut district = App::open_in_memory().unwrap();
    let done = json_of(dispatch(
        &mut district,
        "district.import_roster",
        json!({"base64": encoded, "name": "名单.xlsx"}),
    ));
    assert_eq!(done["added"], json!(["长庆街道办事处", "潮鸣街道"]));
    assert_eq!(done["offices"][0]["code"], "11330103MB0000001A");
    let err = dispatch(
        &mut district,
        "district.import_roster",
        json!({"base64": "bm90IGEgd29ya2Jvb2s=", "name": "x.xlsx"}),
    )
    .unwrap_err();
    assert!(err.to_string().contains("无法读取这个文件"), "{err}");
}

#[test]
fn the_districts_trial_format_sums_the_cells_the_offices_typed() {
    let package = |name: &str, cells: Value| {
        let mut app = App::open_in_memory().unwrap();
        dispatch(&mut app, "office.save", json!({"name": name})).unwrap();
        dispatch(&mut app, "annual_figures.trial_cells_save", json!({"year": 2020, "cells": cells})).unwrap();
        crate::dataset::export(&app, &Default::default()).unwrap()
    };
    let a = package("长庆街道办事处", json!({"procurement.items": 2, "procurement.amount": "10.5", "licensing.change": -1}));
    let b = package("潮鸣街道办事处", json!({"procurement.items": 3, "licensing.change": 4}));
    let c = consolidate(&[("a.json".into(), a), ("b.json".into(), b)], 2020).unwrap();
    let cells = &c.total.proactive.trial_cells;
    assert_eq!(cells.get("procurement.items"), Some(&5.0));
    assert_eq!(cells.get("procurement.amount"), Some(&10.5), "one office typed it");
    assert_eq!(cells.get("licensing.change"), Some(&3.0), "本年增/减 sums with its sign");
    assert_eq!(cells.get("fees.change"), None, "typed by no office: blank");
}
