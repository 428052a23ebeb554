use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::framework::DataFile as App;
use taizhang_base::official::TABLE3_COLUMNS;
use crate::framework as register;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn application(
    id: &str,
    kind: &str,
    received: &str,
    replied: Option<&str>,
    result: Option<&str>,
) -> ApplicationFacts {
    ApplicationFacts {
        id: id.into(),
        applicant_kind: kind.into(),
        received_on: d(received),
        replied_on: replied.map(d),
        result: result.map(str::to_string),
        fee_yuan: 0,
    }
}

fn appeal(id: &str, kind: &str, outcome: &str, filed: &str, decided: Option<&str>) -> AppealFacts {
    AppealFacts {
        id: id.into(),
        kind: kind.into(),
        outcome: outcome.into(),
        filed_on: d(filed),
        decided_on: decided.map(d),
    }
}

fn ids(cell: &Cell) -> Vec<&str> {
    cell.iter().map(String::as_str).collect()
}

/// Four applications around the turn of 2022/2023.
fn register() -> Vec<ApplicationFacts> {
    vec![
        // Received and answered in 2022.
        application(
            "a1",
            "natural_person",
            "2022-03-01",
            Some("2022-03-20"),
            Some("disclosed"),
        ),
        // Received in 2022, answered in 2023: carried over.
        application(
            "a2",
            "commercial_enterprise",
            "2022-12-20",
            Some("2023-01-10"),
            Some("withheld.state_secret"),
        ),
        // Received in 2023, still open at its end.
        application("a3", "natural_person", "2023-12-25", None, None),
        // Received in 2022, answered in 2024.
        application(
            "a4",
            "other_org",
            "2022-11-01",
            Some("2024-02-01"),
            Some("other.no_correction"),
        ),
    ]
}

#[test]
fn each_cell_counts_exactly_the_applications_the_rules_say() {
    let (t, _) = count_applications(2023, &register());
    assert_eq!(ids(&t.row("new").cells[0]), vec!["a3"]);
    assert_eq!(ids(&t.row("new").cells[TOTAL]), vec!["a3"]);
    assert_eq!(ids(&t.row("carried_in").cells[TOTAL]), vec!["a2", "a4"]);
    assert_eq!(ids(&t.row("carried_in").cells[1]), vec!["a2"]);
    assert_eq!(ids(&t.row("withheld.state_secret").cells[1]), vec!["a2"]);
    assert_eq!(ids(&t.row("results_total").cells[TOTAL]), vec!["a2"]);
    assert_eq!(ids(&t.row("carried_out").cells[TOTAL]), vec!["a3", "a4"]);
    assert_eq!(ids(&t.row("carried_out").cells[5]), vec!["a4"]);
    assert_eq!(t.count("disclosed", TOTAL), 0, "a1 was answered in 2022");
    assert!(table3_checks(&t, None).is_empty());

    let (y2022, _) = count_applications(2022, &register());
    assert_eq!(y2022.row("new").counts(), vec![1, 1, 0, 0, 0, 1, 3]);
    assert_eq!(y2022.row("disclosed").counts(), vec![1, 0, 0, 0, 0, 0, 1]);
    assert_eq!(
        ids(&y2022.row("carried_out").cells[TOTAL]),
        vec!["a2", "a4"]
    );
    assert!(table3_checks(&t, Some(&y2022)).is_empty());
}

#[test]
fn an_application_answered_on_new_years_eve_is_not_carried_out() {
    let a = application(
        "a",
        "natural_person",
        "2023-12-01",
        Some("2023-12-31"),
        Some("disclosed"),
    );
    let (t, _) = count_applications(2023, std::slice::from_ref(&a));
    assert_eq!(t.count("carried_out", TOTAL), 0);
    assert_eq!(t.count("disclosed", TOTAL), 1);
    let (next, _) = count_applications(2024, &[a]);
    assert_eq!(next.count("carried_in", TOTAL), 0);
}

#[test]
fn the_report_json_has_every_row_with_seven_numbers_in_column_order() {
    let (t, _) = count_applications(2023, &register());
    let v = t.to_report_json();
    assert_eq!(v["columns"], json!(TABLE3_COLUMNS));
    let rows = v["rows"].as_object().unwrap();
    let codes: Vec<&str> = rows.keys().map(String::as_str).collect();
    let expected: Vec<&str> = TABLE3_ROWS.iter().map(|r| r.code).collect();
    assert_eq!(codes, expected);
    assert!(rows.values().all(|r| r.as_array().unwrap().len() == 7));
    assert_eq!(v["rows"]["carried_in"], json!([0, 1, 0, 0, 0, 1, 2]));
    assert_eq!(
        t.records_json()["rows"]["carried_in"][TOTAL],
        json!(["a2", "a4"])
    );
}

#[test]
fn table_four_counts_decisions_of_the_year_and_cases_undecided_at_its_end() {
    let cases = vec![
        appeal(
            "r1",
            "reconsideration",
            "upheld",
            "2023-02-01",
            Some("2023-04-01"),
        ),
        appeal(
            "r2",
            "reconsideration",
            "corrected",
            "2022-11-01",
            Some("2023-01-15"),
        ),
        appeal("r3", "litigation_direct", "pending", "2023-06-01", None),
        // Decided in 2024: still pending at the end of 2023.
        appeal(
            "r4",
            "litigation_after_reconsideration",
            "other",
            "2023-09-01",
            Some("2024-03-01"),
        ),
        // Decided in 2022: not in 2023 at all.
        appeal(
            "r5",
            "reconsideration",
            "upheld",
            "2022-01-01",
            Some("2022-05-01"),
        ),
        // Filed in 2024: not yet.
        appeal("r6", "reconsideration", "pending", "2024-01-02", None),
    ];
    let t = count_appeals(2023, &cases);
    let v = t.to_report_json();
    assert_eq!(
        v["reconsideration"],
        json!({"upheld": 1, "corrected": 1, "other": 0, "pending": 0, "total": 2})
    );
    assert_eq!(
        v["litigation_direct"],
        json!({"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1})
    );
    assert_eq!(
        v["litigation_after_reconsideration"],
        json!({"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1})
    );
    assert_eq!(
        t.records_json()["reconsideration"]["corrected"],
        json!(["r2"])
    );
    assert!(table4_checks(&t).is_empty());
    let y2024 = count_appeals(2024, &cases);
    assert_eq!(y2024.count("litigation_after_reconsideration", "other"), 1);
    assert_eq!(
        y2024.count("litigation_direct", "pending"),
        1,
        "still undecided"
    );
    assert_eq!(y2024.count("reconsideration", "pending"), 1, "r6");
}

#[test]
fn broken_records_fail_the_checks_and_are_named() {
    let mut broken = register();
    // Replied without a result; an applicant kind the table does not know.
    broken.push(application(
        "b1",
        "natural_person",
        "2023-05-01",
        Some("2023-05-05"),
        None,
    ));
    broken.push(application("b2", "martian", "2023-05-01", None, None));
    let (t, _) = count_applications(2023, &broken);
    let checks = table3_checks(&t, None);
    let results = checks
        .iter()
        .find(|c| c.code == "applications.results_total")
        .expect("results total check");
    assert_eq!(results.records, vec!["b1"]);
    assert!(results.message.contains("自然人"), "{}", results.message);
    let rows = checks
        .iter()
        .find(|c| c.code == "applications.row_total")
        .expect("row total check");
    assert_eq!(rows.records, vec!["b2"]);
    // A reply before the receipt breaks the balance.
    let odd = vec![application(
        "b3",
        "natural_person",
        "2023-05-01",
        Some("2022-12-01"),
        Some("disclosed"),
    )];
    let (t, _) = count_applications(2023, &odd);
    let balance: Vec<Check> = table3_checks(&t, None)
        .into_iter()
        .filter(|c| c.code == "applications.balance")
        .collect();
    assert_eq!(balance.len(), 2, "its column and 总计");
    assert_eq!(balance[0].records, vec!["b3"]);
}

#[test]
fn carried_numbers_that_disagree_between_years_are_named() {
    let (prev, _) = count_applications(2022, &register());
    let mut other = register();
    other.retain(|a| a.id != "a4");
    let (t, _) = count_applications(2023, &other);
    let check = table3_checks(&t, Some(&prev))
        .into_iter()
        .find(|c| c.code == "applications.carried" && c.message.contains("总计"))
        .expect("carried check");
    assert_eq!(check.records, vec!["a4"]);
}

#[test]
fn the_report_module_reads_the_tables_as_they_are() {
    let (t3, _) = count_applications(2023, &register());
    let applications: taizhang_documents::figures::Applications =
        serde_json::from_value(t3.to_report_json()).unwrap();
    assert_eq!(
        applications.rows.get("carried_in"),
        Some(&[0, 1, 0, 0, 0, 1, 2])
    );
    let t4 = count_appeals(
        2023,
        &[appeal(
            "r1",
            "litigation_direct",
            "corrected",
            "2023-02-01",
            Some("2023-03-01"),
        )],
    );
    let appeals: taizhang_documents::figures::Appeals =
        serde_json::from_value(t4.to_report_json()).unwrap();
    assert_eq!(
        (appeals.litigation_direct.corrected, appeals.total()),
        (1, 1)
    );
}

#[test]
fn traces_name_every_counted_cell_by_its_figure_path() {
    let (applications, fees) = count_applications(2023, &register());
    let f = Figures {
        year: 2023,
        applications,
        appeals: count_appeals(
            2023,
            &[appeal(
                "r1",
                "reconsideration",
                "pending",
                "2023-02-01",
                None,
            )],
        ),
        fees,
    };
    let traces = f.traces();
    let find = |path: &str| {
        traces
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, ids)| ids.to_vec())
    };
    assert_eq!(
        find("applications.carried_in.total"),
        Some(vec!["a2".to_string(), "a4".to_string()])
    );
    assert_eq!(
        find("applications.new.natural_person"),
        Some(vec!["a3".to_string()])
    );
    assert_eq!(
        find("appeals.reconsideration.pending"),
        Some(vec!["r1".to_string()])
    );
    assert_eq!(
        find("applications.disclosed.total"),
        None,
        "empty cells are left out"
    );
}

// ---------------------------------------------------------------- on a database

fn create(app: &mut App, key: &str, v: serde_json::Value) -> String {
    let spec = register::find(key).unwrap();
    let r = register::create(app, spec, v.as_object().unwrap()).unwrap();
    r["id"].as_str().unwrap().to_string()
}

#[test]
fn figures_from_the_data_file_match_the_rules() {
    let mut app = App::open_in_memory().unwrap();
    let a = create(
        &mut app,
        "applications",
        json!({"received_on": "2022-12-20", "applicant_kind": "commercial_enterprise", "request": "x",
               "replied_on": "2023-01-10", "result": "disclosed", "fee_yuan": 200}),
    );
    create(
        &mut app,
        "applications",
        json!({"received_on": "2023-06-01", "applicant_kind": "natural_person", "request": "y"}),
    );
    create(
        &mut app,
        "appeals",
        json!({"kind": "reconsideration", "application_id": a, "filed_on": "2023-02-01", "outcome": "pending"}),
    );
    let f = figures(app.store.conn(), 2023).unwrap();
    assert_eq!(
        f.applications.row("carried_in").counts(),
        vec![0, 1, 0, 0, 0, 0, 1]
    );
    assert_eq!(
        f.applications.row("new").counts(),
        vec![1, 0, 0, 0, 0, 0, 1]
    );
    assert_eq!(
        f.applications.row("carried_out").counts(),
        vec![1, 0, 0, 0, 0, 0, 1]
    );
    assert_eq!(f.appeals.count("reconsideration", "pending"), 1);
    assert_eq!(
        f.fees,
        Fees {
            yuan: 200,
            records: vec![a]
        }
    );
    assert!(checks(app.store.conn(), &f).unwrap().is_empty());
}

/// A random but valid register: applications and appeals over 2019–2024.
#[derive(Debug, Clone)]
struct Generated {
    applications: Vec<(i64, Option<i64>, usize, usize)>,
    appeals: Vec<(i64, Option<i64>, usize, usize)>,
}

fn generated() -> impl Strategy<Value = Generated> {
    let day = 0i64..(6 * 365);
    let gap = proptest::option::weighted(0.8, 0i64..500);
    (
        proptest::collection::vec((day.clone(), gap.clone(), 0usize..6, 0usize..21), 0..30),
        proptest::collection::vec((day, gap, 0usize..3, 0usize..3), 0..8),
    )
        .prop_map(|(applications, appeals)| Generated {
            applications,
            appeals,
        })
}

fn load(app: &mut App, g: &Generated) {
    let base = d("2019-01-01");
    let at = |n: i64| iso(base + chrono::Duration::days(n));
    let results: Vec<&str> = official::result_rows().map(|r| r.code).collect();
    for (received, reply, kind, result) in &g.applications {
        let mut v = json!({"received_on": at(*received), "applicant_kind": APPLICANT_KINDS[*kind].0,
                           "request": "随机申请"});
        if let Some(gap) = reply {
            let code = results[*result];
            if code == "other.no_correction" {
                v["correction_requested_on"] = json!(at(*received));
            }
            if code == "unavailable.unclear_after_correction" {
                v["correction_requested_on"] = json!(at(*received));
                v["correction_received_on"] = json!(at(*received));
            }
            v["replied_on"] = json!(at(received + gap));
            v["result"] = json!(code);
        }
        create(app, "applications", v);
    }
    for (filed, decided, kind, outcome) in &g.appeals {
        let mut v =
            json!({"kind": APPEAL_KINDS[*kind].0, "filed_on": at(*filed), "outcome": "pending"});
        if let Some(gap) = decided {
            v["outcome"] = json!(["upheld", "corrected", "other"][*outcome]);
            v["decided_on"] = json!(at(filed + gap));
        }
        create(app, "appeals", v);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn every_relation_holds_for_every_year(g in generated()) {
        let mut app = App::open_in_memory().unwrap();
        load(&mut app, &g);
        let conn = app.store.conn();
        let mut previous: Option<Figures> = None;
        let base = d("2019-01-01");
        for year in 2018..=2026 {
            let f = figures(conn, year).unwrap();
            prop_assert_eq!(checks(conn, &f).unwrap(), vec![], "year {}", year);
            let t = &f.applications;
            for c in 0..TABLE3_WIDTH {
                // 1. new + carried_in = results_total + carried_out
                prop_assert_eq!(
                    t.count("new", c) + t.count("carried_in", c),
                    t.count("results_total", c) + t.count("carried_out", c)
                );
                // 2. results_total = the sum of the 21 result rows
                let sum: usize = official::result_rows().map(|r| t.count(r.code, c)).sum();
                prop_assert_eq!(sum, t.count("results_total", c));
                // 4. Y's carried_in = (Y−1)'s carried_out
                if let Some(prev) = &previous {
                    prop_assert_eq!(t.count("carried_in", c), prev.applications.count("carried_out", c));
                }
            }
            // 3. total = the sum of the six applicant columns, for every row
            for line in &t.rows {
                let counts = line.counts();
                prop_assert_eq!(counts[..TOTAL].iter().sum::<usize>(), counts[TOTAL]);
            }
            // Independent tallies from the generated data.
            let year_of = |n: i64| (base + chrono::Duration::days(n)).year();
            let received = g.applications.iter().filter(|a| year_of(a.0) == year).count();
            let replied = g.applications.iter().filter(|a| a.1.is_some_and(|gap| year_of(a.0 + gap) == year)).count();
            prop_assert_eq!(t.count("new", TOTAL), received);
            prop_assert_eq!(t.count("results_total", TOTAL), replied);
            // Table 四: decided in the year, or filed by its end and undecided then.
            let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap();
            let expected: usize = g.appeals.iter().filter(|(filed, decided, _, _)| {
                let filed_on = base + chrono::Duration::days(*filed);
                match decided {
                    Some(gap) if year_of(filed + gap) == year => true,
                    Some(gap) => filed_on <= end && base + chrono::Duration::days(filed + gap) > end,
                    None => filed_on <= end,
                }
            }).count();
            let total: usize = APPEAL_KINDS.iter().map(|(k, _)| f.appeals.count(k, "total")).sum();
            prop_assert_eq!(total, expected);
            for (kind, _) in APPEAL_KINDS {
                let parts: usize = ["upheld", "corrected", "other", "pending"].iter().map(|o| f.appeals.count(kind, o)).sum();
                prop_assert_eq!(parts, f.appeals.count(kind, "total"));
            }
            previous = Some(f);
        }
    }
}
