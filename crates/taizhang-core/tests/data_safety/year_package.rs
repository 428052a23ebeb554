//! A year's data package (`export-data --year Y`) holds every record year Y's
//! report depends on: the report computed from it equals the office's own.

use proptest::prelude::*;
use serde_json::{json, Value};

use taizhang_core::dataset::{export, ExportOptions};
use taizhang_core::App;

use super::common::{call, random_database};

/// The package of one year, as `taizhang-cli export-data --year Y` writes it.
fn year_package(app: &App, year: i32) -> Value {
    export(
        app,
        &ExportOptions {
            year: Some(year),
            personal: false,
        },
    )
    .unwrap()
}

/// The year's `taizhang.report/1` figures, checks included.
fn figures(app: &App, year: i32) -> Value {
    serde_json::to_value(
        taizhang_core::annual::assemble(app, year)
            .unwrap()
            .figures(),
    )
    .unwrap()
}

/// The figures of `year` computed from a fresh file holding only its package.
fn figures_from_package(app: &App, year: i32) -> Value {
    let mut copy = App::open_in_memory().unwrap();
    let package = year_package(app, year);
    call(
        &mut copy,
        "data.import",
        json!({"text": package.to_string()}),
    );
    figures(&copy, year)
}

/// The years random records fall in, and one on each side.
const YEARS: std::ops::RangeInclusive<i32> = 2017..=2026;

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn a_years_package_gives_the_years_report(seed in any::<u64>(), size in 0usize..14) {
        let mut app = App::open_in_memory().unwrap();
        random_database(&mut app, seed, size);
        for year in YEARS {
            // Nothing excluded: every figure and every check (with the ids it
            // names) must come out the same.
            prop_assert_eq!(figures_from_package(&app, year), figures(&app, year), "{}", year);
        }
    }
}

fn create(app: &mut App, register: &str, record: Value) {
    call(
        app,
        "register.create",
        json!({"register": register, "record": record}),
    );
}

fn application(id: &str, received: &str, replied: Option<&str>) -> Value {
    json!({"id": id, "received_on": received, "applicant_kind": "natural_person",
           "request": "申请公开某文件", "replied_on": replied,
           "result": replied.map(|_| "disclosed")})
}

/// An office whose 2024 report counts records from earlier years.
fn office_with_carried_records() -> App {
    let mut app = App::open_in_memory().unwrap();
    call(&mut app, "office.save", json!({"name": "长庆街道办事处"}));
    create(
        &mut app,
        "applications",
        application("a-2022", "2022-03-01", Some("2022-03-20")),
    );
    create(
        &mut app,
        "applications",
        application("a-2023-open", "2023-12-20", None),
    );
    create(
        &mut app,
        "applications",
        application("a-2023-late", "2023-12-25", Some("2024-01-10")),
    );
    create(
        &mut app,
        "applications",
        application("a-2023-done", "2023-05-05", Some("2023-05-20")),
    );
    create(
        &mut app,
        "applications",
        application("a-2024", "2024-04-01", Some("2024-04-10")),
    );
    create(
        &mut app,
        "appeals",
        json!({"id": "r-2023", "kind": "reconsideration", "application_id": "a-2022",
               "filed_on": "2023-02-01", "outcome": "upheld", "decided_on": "2024-03-01"}),
    );
    create(
        &mut app,
        "appeals",
        json!({"id": "r-2023-done", "kind": "litigation_direct", "filed_on": "2023-02-01",
               "outcome": "corrected", "decided_on": "2023-09-01"}),
    );
    for (id, issued, repealed) in [
        ("n-2019", "2019-05-01", None),
        ("n-2020", "2020-05-01", Some("2024-06-01")),
        ("n-2021", "2021-05-01", Some("2023-06-01")),
    ] {
        create(
            &mut app,
            "normative_documents",
            json!({"id": id, "kind": "normative_document", "title": "管理办法",
                   "issued_on": issued, "repealed_on": repealed}),
        );
    }
    app
}

fn ids(package: &Value, key: &str) -> Vec<String> {
    package[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_2024_package_holds_what_2024_carries_in_and_what_it_refers_to() {
    let app = office_with_carried_records();
    let package = year_package(&app, 2024);
    // Received in 2023 and answered in 2024 or still open; a-2022 only
    // because the appeal decided in 2024 names it.
    assert_eq!(
        ids(&package, "applications"),
        ["a-2022", "a-2023-late", "a-2023-open", "a-2024"]
    );
    assert_eq!(ids(&package, "appeals"), ["r-2023"]);
    // In force during 2024 (table 二's 现行有效件数), or repealed in it.
    assert_eq!(ids(&package, "normative_documents"), ["n-2019", "n-2020"]);

    let own = figures(&app, 2024);
    assert_eq!(
        own["applications"]["rows"]["carried_in"][6],
        json!(2),
        "{own}"
    );
    assert_eq!(
        own["proactive"]["normative_documents"]["in_force"],
        json!(1)
    );
    assert_eq!(figures_from_package(&app, 2024), own);
}

#[test]
fn consolidating_a_years_package_counts_the_applications_carried_in() {
    let app = office_with_carried_records();
    let package = year_package(&app, 2024);
    let c = taizhang_core::consolidate::consolidate(&[("a.json".into(), package)], 2024).unwrap();
    let own = figures(&app, 2024);
    assert_eq!(
        serde_json::to_value(&c.offices[0].figures).unwrap(),
        own,
        "the district sees the office's own report"
    );
}
