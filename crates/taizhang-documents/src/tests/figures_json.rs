//! `taizhang.report/1`, key by key against report-json-v1.md.

use serde_json::{json, Value};

use super::{changqing_2018, sample_2023};
use taizhang_base::official::{TABLE3_COLUMNS, TABLE3_ROWS};
use crate::figures::{ReportFigures, REPORT_FORMAT};
use crate::{render, Format, Template};

fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn json_has_every_key_of_the_format_in_order() {
    let file = render(&sample_2023(), Template::Standard, Format::Json).unwrap();
    assert_eq!(
        file.name,
        "长庆街道办事处2023年政府信息公开工作年度报告.json"
    );
    let v: Value = serde_json::from_slice(&file.bytes).unwrap();
    assert_eq!(
        keys(&v),
        [
            "format",
            "year",
            "office",
            "proactive",
            "applications",
            "appeals",
            "disclosures",
            "fees_collected_yuan",
            "service_tallies",
            "metrics",
            "checks"
        ]
    );
    assert_eq!(v["format"], REPORT_FORMAT);
    assert_eq!(v["year"], 2023);
    assert_eq!(v["office"], "长庆街道办事处");
    assert_eq!(
        keys(&v["proactive"]),
        [
            "rules",
            "normative_documents",
            "licensing",
            "penalty",
            "enforcement",
            "fees"
        ]
    );
    for docs in ["rules", "normative_documents"] {
        assert_eq!(
            keys(&v["proactive"][docs]),
            ["issued", "repealed", "in_force"]
        );
    }
    for decisions in ["licensing", "penalty", "enforcement"] {
        assert_eq!(keys(&v["proactive"][decisions]), ["decisions"]);
    }
    assert_eq!(v["proactive"]["normative_documents"]["in_force"], 9);
    assert_eq!(v["proactive"]["fees"]["amount_wan_yuan"], 1.25);

    assert_eq!(v["applications"]["columns"], json!(TABLE3_COLUMNS));
    let rows = &v["applications"]["rows"];
    let codes: Vec<&str> = TABLE3_ROWS.iter().map(|r| r.code).collect();
    assert_eq!(keys(rows), codes, "one key per row of table 三, in order");
    for code in codes {
        let row = rows[code].as_array().unwrap();
        assert_eq!(row.len(), 7, "{code}");
        assert!(row.iter().all(Value::is_u64), "{code}");
    }
    assert_eq!(rows["new"], json!([30, 32, 29, 31, 31, 30, 183]));

    assert_eq!(
        keys(&v["appeals"]),
        [
            "reconsideration",
            "litigation_direct",
            "litigation_after_reconsideration"
        ]
    );
    assert_eq!(
        v["appeals"]["reconsideration"],
        json!({"upheld": 1, "corrected": 1, "other": 0, "pending": 1, "total": 3})
    );
    assert_eq!(
        keys(&v["disclosures"]),
        [
            "total",
            "by_category",
            "by_channel",
            "on_time",
            "late",
            "on_time_local",
            "late_local",
            "undetermined"
        ]
    );
    assert_eq!(
        keys(&v["disclosures"]["by_category"]),
        ["机构信息", "财政预决算", "政策文件", "其他"],
        "catalogue order kept"
    );
    assert_eq!(
        v["fees_collected_yuan"],
        json!(150),
        "a whole amount prints as an integer"
    );
    assert_eq!(
        v["service_tallies"][0],
        json!({"item": "更换/补办证历本", "unit": "本", "count": 310})
    );
    assert_eq!(v["checks"], json!([]));
}

#[test]
fn json_carries_the_years_metrics_as_printed() {
    let file = render(&changqing_2018(), Template::Standard, Format::Json).unwrap();
    let v: Value = serde_json::from_slice(&file.bytes).unwrap();
    let metrics = v["metrics"].as_array().expect("metrics is an array");
    assert_eq!(metrics.len(), 6);
    assert_eq!(
        metrics[0],
        json!({"name": "志愿者队伍", "unit": "支", "value": 6}),
        "a whole figure prints as an integer"
    );
    assert_eq!(
        metrics[1],
        json!({"name": "志愿者人数", "unit": "人", "value": 221})
    );
    let mut input = changqing_2018();
    input.figures.metrics[0].value = 2.5;
    let v: Value =
        serde_json::from_str(&crate::writers::json::write(&input.figures).unwrap())
            .unwrap();
    assert_eq!(v["metrics"][0]["value"], json!(2.5));
}

#[test]
fn figures_without_metrics_still_read() {
    let mut v = serde_json::to_value(&changqing_2018().figures).unwrap();
    v.as_object_mut().unwrap().remove("metrics");
    let back: ReportFigures = serde_json::from_value(v).unwrap();
    assert!(back.metrics.is_empty());
}

#[test]
fn json_reads_back_into_the_same_figures() {
    for input in [changqing_2018(), sample_2023()] {
        let text = crate::writers::json::write(&input.figures).unwrap();
        let back: ReportFigures = serde_json::from_str(&text).unwrap();
        assert_eq!(back, input.figures);
    }
}

#[test]
fn figures_with_a_missing_or_unknown_row_are_refused() {
    let mut v = serde_json::to_value(&sample_2023().figures).unwrap();
    let rows = v["applications"]["rows"].as_object_mut().unwrap();
    rows.remove("withheld.state_secret");
    let err = serde_json::from_value::<ReportFigures>(v.clone()).unwrap_err();
    assert!(err.to_string().contains("withheld.state_secret"), "{err}");
    v["applications"]["rows"]["withheld.state_secret"] = json!([0, 0, 0, 0, 0, 0, 0]);
    v["applications"]["rows"]["withheld.other"] = json!([0, 0, 0, 0, 0, 0, 0]);
    let err = serde_json::from_value::<ReportFigures>(v).unwrap_err();
    assert!(err.to_string().contains("withheld.other"), "{err}");
}

#[test]
fn an_empty_year_has_every_row_at_zero() {
    let f = ReportFigures::empty(2024, "某某街道办事处");
    let v = serde_json::to_value(&f).unwrap();
    assert_eq!(v["applications"]["rows"].as_object().unwrap().len(), 25);
    assert_eq!(
        v["applications"]["rows"]["carried_out"],
        json!([0, 0, 0, 0, 0, 0, 0])
    );
    assert_eq!(v["fees_collected_yuan"], json!(0));
    assert_eq!(v["proactive"]["fees"]["amount_wan_yuan"], json!(0.0));
}
