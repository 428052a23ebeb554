//! Consolidation against the district's roster, on packages built as offices
//! export them.

use serde_json::{json, Value};

use super::*;
use taizhang_store::roster::RosterEntry;

/// An office's package with `n` disclosures published in `year`.
fn package(name: &str, code: &str, year: i32, n: usize) -> Value {
    let disclosures: Vec<Value> = (0..n)
        .map(|i| {
            json!({"id": format!("d-{i}"), "title": format!("{name}通知{i}"), "category": "工作动态",
                   "unit": "党政办", "channels": ["门户网站"],
                   "formed_on": format!("{year}-03-0{}", i + 1), "published_on": format!("{year}-03-0{}", i + 2)})
        })
        .collect();
    let mut office = json!({"name": name});
    if !code.is_empty() {
        office["code"] = json!(code);
    }
    let mut app = App::open_in_memory().unwrap();
    crate::dataset::import(
        &mut app,
        &json!({"format": "taizhang.dataset/1", "office": office,
                "units": [{"name": "党政办", "kind": "section"}], "disclosures": disclosures}),
    )
    .unwrap();
    crate::dataset::export(&app, &Default::default()).unwrap()
}

fn roster(entries: &[(&str, &str)]) -> Vec<RosterEntry> {
    entries
        .iter()
        .map(|(n, c)| RosterEntry {
            name: n.to_string(),
            code: c.to_string(),
        })
        .collect()
}

#[test]
fn the_district_hears_who_is_missing_late_by_a_year_or_named_otherwise() {
    let packages = vec![
        (
            "长庆.json".to_string(),
            package("长庆街道办事处", "", 2023, 2),
        ),
        ("潮鸣.json".to_string(), package("潮鸣街道", "", 2022, 5)),
        (
            "武林.json".to_string(),
            package("武林（临时）街道办", "", 2023, 3),
        ),
        ("天水.json".to_string(), package("天水街道", "C4", 2023, 1)),
    ];
    let r = roster(&[
        ("长庆街道", ""),
        ("潮鸣街道办事处", ""),
        ("武林(临时)街道", ""),
        ("米市巷街道", ""),
        ("天水街道办事处", "C4"),
    ]);
    let c = consolidate_for(&packages, 2023, &r).unwrap();
    let lines: Vec<(&str, Status, Option<&str>)> = c
        .roster
        .lines
        .iter()
        .map(|l| (l.name.as_str(), l.status, l.source.as_deref()))
        .collect();
    assert_eq!(
        lines,
        vec![
            ("长庆街道", Status::Received, Some("长庆.json")),
            ("潮鸣街道办事处", Status::OtherYear, Some("潮鸣.json")),
            ("武林(临时)街道", Status::Received, Some("武林.json")),
            ("米市巷街道", Status::Missing, None),
            ("天水街道办事处", Status::Received, Some("天水.json")),
        ]
    );
    assert_eq!(c.roster.lines[4].matched_by, Some("code"));
    assert!(
        c.roster.lines[1].note.contains("数据包是2022年度的"),
        "{}",
        c.roster.lines[1].note
    );
    // Another year's package is not in the sum: 2 + 3 + 1 disclosures.
    assert_eq!(c.offices.len(), 3);
    assert_eq!(c.total.disclosures.total, 6);
    let per_office: Vec<u64> = c
        .offices
        .iter()
        .map(|o| o.figures.disclosures.total)
        .collect();
    assert_eq!(per_office, vec![2, 3, 1]);
    let messages: Vec<&str> = c.total.checks.iter().map(|x| x.message.as_str()).collect();
    assert!(
        messages.contains(&"名单中 1 个单位没有报送2023年度数据包：米市巷街道"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"1 个单位报送的不是2023年度的数据包（未计入汇总）：潮鸣街道办事处"),
        "{messages:?}"
    );
    // The workbook and the JSON carry the same.
    let json = to_json(&c);
    assert_eq!(json["roster"][3]["status"], "missing");
    assert_eq!(json["roster"][1]["status"], "other_year");
    let book = workbook(&c).unwrap();
    assert!(!book.is_empty());
}

#[test]
fn a_package_exported_for_a_year_is_judged_by_that_year() {
    // Its records are dated 2023, but it says it is 2024's (carried-over records).
    let mut p = package("长庆街道", "", 2023, 1);
    p["year"] = json!(2024);
    let c = consolidate_for(
        &[("a.json".into(), p.clone())],
        2023,
        &roster(&[("长庆街道", "")]),
    )
    .unwrap();
    assert_eq!(c.roster.lines[0].status, Status::OtherYear);
    assert!(c.offices.is_empty());
    let c = consolidate_for(&[("a.json".into(), p)], 2024, &roster(&[("长庆街道", "")])).unwrap();
    assert_eq!(c.roster.lines[0].status, Status::Received);
}

#[test]
fn without_a_roster_another_years_package_is_still_set_aside_and_named() {
    let packages = vec![
        ("a.json".to_string(), package("长庆街道", "", 2023, 2)),
        ("b.json".to_string(), package("潮鸣街道", "", 2021, 4)),
    ];
    let c = consolidate(&packages, 2023).unwrap();
    assert_eq!(c.total.disclosures.total, 2);
    assert!(c.roster.lines.is_empty());
    assert_eq!(c.other_years.len(), 1);
    assert!(c.total.checks.iter().any(|x| x.code == "roster.other_year"
        && x.message
            .starts_with("潮鸣街道（b.json）：数据包是2021年度的")));
}

#[test]
fn a_failing_office_is_named_and_its_errors_listed() {
    let mut p = package("长庆街道", "", 2023, 1);
    // A report text naming a figure that does not exist: an error of the year's checks.
    p["narratives"] =
        json!([{"year": 2023, "template": "standard", "section": "other", "text": "{{nope}}"}]);
    let r = roster(&[("长庆街道", ""), ("潮鸣街道", "")]);
    let c = consolidate_for(&[("a.json".into(), p)], 2023, &r).unwrap();
    assert_eq!(c.roster.lines[0].status, Status::FailedChecks);
    assert!(
        c.roster.lines[0].note.starts_with("检查发现 1 处错误"),
        "{}",
        c.roster.lines[0].note
    );
    assert!(c.has_errors());
    let messages: Vec<&str> = c.total.checks.iter().map(|x| x.message.as_str()).collect();
    assert!(
        messages.contains(&"1 个单位的数据未通过检查：长庆街道"),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.starts_with("长庆街道：")),
        "the office's own error follows: {messages:?}"
    );
}

#[test]
fn a_year_of_window_tallies_alone_is_that_years_package() {
    // Records of 2022 only, but 2023's window tallies: it is 2023's package.
    let mut p = package("长庆街道", "", 2022, 1);
    p["service_items"] = json!([{"name": "办理老年卡", "unit": "人"}]);
    p["service_tallies"] =
        json!([{"item": "办理老年卡", "window": "党政办", "period": "2023", "count": 12}]);
    let c = consolidate_for(
        &[("a.json".into(), p.clone())],
        2023,
        &roster(&[("长庆街道", "")]),
    )
    .unwrap();
    assert_eq!(c.roster.lines[0].status, Status::Received);
    assert_eq!(c.total.service_total(), 12);
    // For 2021 it holds nothing: another year's package, naming the years it has.
    let c = consolidate_for(&[("a.json".into(), p)], 2021, &roster(&[("长庆街道", "")])).unwrap();
    assert_eq!(c.roster.lines[0].status, Status::OtherYear);
    assert!(
        c.roster.lines[0]
            .note
            .starts_with("数据包是2022年度、2023年度的"),
        "{}",
        c.roster.lines[0].note
    );
}
