//! The reviewers' checks (`review.*`) on a real data file: numbers in the
//! prose against the tables, empty sections 五/六, 规章 of a street office,
//! the format of the year; and per office in a district's consolidation.

use serde_json::{json, Value};

use crate::annual::{assemble, Annual};
use crate::api::{dispatch, Reply};
use crate::App;

fn call(app: &mut App, name: &str, args: Value) -> Value {
    let Reply::Json(v) = dispatch(app, name, args).unwrap() else {
        panic!("{name} answers JSON")
    };
    v
}

/// A 2023 office with three applications (two answered), one appeal and one
/// disclosure.
fn office_2023(kind: &str) -> App {
    let mut app = App::open_in_memory().unwrap();
    call(
        &mut app,
        "office.save",
        json!({"name": "长庆街道办事处", "kind": kind}),
    );
    call(
        &mut app,
        "units.add",
        json!({"name": "党政办", "kind": "section"}),
    );
    for (received, replied, result) in [
        ("2023-03-01", Some("2023-03-10"), Some("disclosed")),
        (
            "2023-05-08",
            Some("2023-05-20"),
            Some("unavailable.not_held"),
        ),
        ("2023-12-20", None, None),
    ] {
        call(
            &mut app,
            "register.create",
            json!({"register": "applications", "record": {"received_on": received,
                   "applicant_kind": "natural_person", "channel": "online", "request": "某项信息",
                   "replied_on": replied, "result": result}}),
        );
    }
    call(
        &mut app,
        "register.create",
        json!({"register": "disclosures", "record": {"title": "预算", "category": "财政预决算",
               "unit": "党政办", "channels": ["门户网站"], "formed_on": "2023-02-01", "published_on": "2023-02-03"}}),
    );
    app
}

fn save_text(app: &mut App, template: &str, section: &str, text: &str) {
    call(
        app,
        "report.narrative_save",
        json!({"year": 2023, "template": template, "section": section, "text": text}),
    );
}

fn review_codes(annual: &Annual) -> Vec<String> {
    annual
        .figures()
        .checks
        .iter()
        .filter(|c| c.code.starts_with("review."))
        .map(|c| c.code.clone())
        .collect()
}

#[test]
fn the_drafts_agree_with_the_tables() {
    let app = office_2023("street");
    let annual = assemble(&app, 2023).unwrap();
    assert_eq!(
        review_codes(&annual),
        Vec::<String>::new(),
        "{:?}",
        annual.figures().checks
    );
}

#[test]
fn every_number_the_prose_gets_wrong_is_named_with_its_section() {
    let mut app = office_2023("street");
    save_text(
        &mut app,
        "standard",
        "overview",
        "本年度共收到政府信息公开申请五件，全年办结2件，其中予以公开4件、部分公开1件、不予公开1件、\
         无法提供3件、不予处理1件、其他处理1件，结转下年度继续办理3件。\
         因政府信息公开引起行政复议2件、行政诉讼1件。本年度共主动公开政府信息20条。\n\
         上年度收到申请9件。去年收到申请8件。与上年相比，收到申请增加2件。",
    );
    save_text(
        &mut app,
        "summary",
        "applications",
        "本年度收取信息处理费100元。",
    );
    let annual = assemble(&app, 2023).unwrap();
    let codes = review_codes(&annual);
    let expected: Vec<String> = [
        "applications_new",
        "results_disclosed",
        "results_partially_disclosed",
        "results_withheld",
        "results_unavailable",
        "results_not_processed",
        "results_other",
        "applications_carried_out",
        "appeals_reconsideration",
        "appeals_litigation",
        "disclosures",
        "fees",
    ]
    .iter()
    .map(|c| format!("review.prose.{c}"))
    .collect();
    assert_eq!(codes, expected, "办结2件 is right; other years are skipped");
    let new = annual
        .figures()
        .checks
        .iter()
        .find(|c| c.code == "review.prose.applications_new")
        .unwrap();
    assert_eq!(new.records, vec!["narratives.standard.overview"]);
    assert!(
        new.message.contains("“收到政府信息公开申请五件”"),
        "{}",
        new.message
    );
    assert!(
        new.message.contains("本年新收政府信息公开申请数量”的3"),
        "{}",
        new.message
    );
    assert!(!annual.has_errors(), "warnings only");
}

#[test]
fn sections_five_and_six_left_empty_or_none_are_named() {
    let mut app = office_2023("street");
    save_text(&mut app, "standard", "problems", "无。");
    save_text(&mut app, "standard", "other", "");
    let annual = assemble(&app, 2023).unwrap();
    let empty: Vec<&Vec<String>> = annual
        .figures()
        .checks
        .iter()
        .filter(|c| c.code == "review.sections.empty")
        .map(|c| &c.records)
        .collect();
    assert_eq!(
        empty,
        [
            &vec!["narratives.standard.problems".to_string()],
            &vec!["narratives.standard.other".to_string()]
        ]
    );
}

fn with_a_rule(kind: &str) -> (App, String) {
    let mut app = office_2023(kind);
    let rule = call(
        &mut app,
        "register.create",
        json!({"register": "normative_documents", "record": {"kind": "rule", "title": "某管理办法",
               "issued_on": "2023-04-01"}}),
    );
    (app, rule["id"].as_str().unwrap().to_string())
}

#[test]
fn a_street_office_reporting_rules_is_named_with_the_documents() {
    let (app, id) = with_a_rule("street");
    let annual = assemble(&app, 2023).unwrap();
    let check = annual
        .figures()
        .checks
        .iter()
        .find(|c| c.code == "review.office.rules")
        .expect("a check");
    assert_eq!(check.records, vec![id]);
    assert!(check.message.contains("规章"), "{}", check.message);

    for kind in ["department", ""] {
        let (app, _) = with_a_rule(kind);
        assert!(
            !review_codes(&assemble(&app, 2023).unwrap()).contains(&"review.office.rules".into())
        );
    }
}

#[test]
fn the_format_of_the_year_is_named() {
    let app = office_2023("street");
    let level = |year| {
        assemble(&app, year)
            .unwrap()
            .figures()
            .checks
            .iter()
            .find(|c| c.code == "review.format.year")
            .map(|c| c.level)
    };
    use crate::report::figures::CheckLevel;
    assert_eq!(level(2018), Some(CheckLevel::Warning));
    assert_eq!(level(2020), Some(CheckLevel::Info));
    assert_eq!(level(2023), None);
}

#[test]
fn the_office_kind_is_checked_and_travels_in_the_package() {
    let mut app = App::open_in_memory().unwrap();
    let err = dispatch(
        &mut app,
        "office.save",
        json!({"name": "长庆街道办事处", "kind": "城堡"}),
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert!(err.to_string().contains("单位类型"), "{err}");

    let (app, _) = with_a_rule("street");
    let package = crate::dataset::export(&app, &Default::default()).unwrap();
    assert_eq!(package["office"]["kind"], "street");
    let mut other = App::open_in_memory().unwrap();
    crate::dataset::import(&mut other, &package).unwrap();
    assert_eq!(
        crate::office::get_office(other.store.conn()).unwrap().kind,
        "street"
    );
}

#[test]
fn a_district_sees_each_offices_review_checks() {
    let (mut app, _) = with_a_rule("street");
    save_text(
        &mut app,
        "standard",
        "overview",
        "本年度收到政府信息公开申请7件。",
    );
    let package = crate::dataset::export(&app, &Default::default()).unwrap();
    let c = crate::consolidate::consolidate(&[("长庆.json".into(), package)], 2023).unwrap();
    let named: Vec<(&str, &str)> = c
        .total
        .checks
        .iter()
        .filter(|x| x.code.starts_with("review."))
        .map(|x| (x.code.as_str(), x.message.split('：').next().unwrap()))
        .collect();
    assert_eq!(
        named,
        [
            ("review.prose.applications_new", "长庆街道办事处"),
            ("review.office.rules", "长庆街道办事处")
        ]
    );
}
