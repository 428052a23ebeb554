//! The `applications` and `appeals` sections of the data package.

use serde_json::{json, Value};

use crate::App;
use crate::dataset::{self, ExportOptions};
use crate::Error;

fn package() -> Value {
    json!({
        "format": "taizhang.dataset/1",
        "office": {"name": "长庆街道办事处"},
        // Appeals before applications in the text: sections import in their own order.
        "appeals": [
            {"id": "r-1", "kind": "reconsideration", "application_id": "a-2018-001",
             "filed_on": "2018-08-01", "outcome": "upheld", "decided_on": "2018-10-01"},
            {"id": "r-2", "kind": "litigation_direct", "application_id": null,
             "filed_on": "2018-11-01", "outcome": "pending", "decided_on": null}
        ],
        "applications": [
            {"id": "a-2018-001", "received_on": "2018-06-04", "applicant_kind": "natural_person",
             "applicant_name": "张某", "applicant_contact": "13800000000", "channel": "online",
             "request": "申请公开某路段改造的批复", "correction_requested_on": null,
             "correction_received_on": null, "extended_on": null, "extension_working_days": null,
             "consultation_started_on": null, "consultation_answered_on": null,
             "replied_on": "2018-06-20", "result": "disclosed", "fee_yuan": 0, "note": ""},
            {"id": "a-2018-002", "received_on": "2018-12-24", "applicant_kind": "legal_service_org",
             "applicant_name": "某律师事务所", "channel": "mail", "request": "申请公开征收补偿方案",
             "extended_on": "2019-01-15", "extension_working_days": 10,
             "replied_on": null, "result": null}
        ]
    })
}

fn export(app: &App, personal: bool) -> Value {
    dataset::export(
        app,
        &ExportOptions {
            year: None,
            personal,
        },
    )
    .unwrap()
}

/// A number the data file answers.
fn number(app: &App, sql: &str) -> i64 {
    app.store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn audit_count(app: &App) -> i64 {
    number(app, "SELECT count(*) FROM audit_log")
}

#[test]
fn a_package_round_trips_and_a_second_import_changes_nothing() {
    let mut app = App::open_in_memory().unwrap();
    let summary = dataset::import(&mut app, &package()).unwrap();
    assert_eq!(summary.changed["applications"], 2);
    assert_eq!(summary.changed["appeals"], 2);
    let out = export(&app, true);
    let a = &out["applications"][0];
    assert_eq!(a["id"], "a-2018-001");
    assert_eq!(a["serial"], "2018-001", "generated on import");
    assert_eq!(a["applicant_name"], "张某");
    assert_eq!(a["fee_yuan"], 0);
    assert_eq!(out["applications"][1]["extension_working_days"], 10);
    assert_eq!(out["appeals"][0]["application_id"], "a-2018-001");
    assert!(
        out["applications"][0].get("_status").is_none(),
        "display keys never leave"
    );

    let audits = audit_count(&app);
    let again = dataset::import(&mut app, &package()).unwrap();
    assert_eq!(again.total, 0);
    assert_eq!(audit_count(&app), audits);

    // A fresh file fed with the export exports the same records.
    let mut copy = App::open_in_memory().unwrap();
    dataset::import(&mut copy, &out).unwrap();
    let out2 = export(&copy, true);
    assert_eq!(out2["applications"], out["applications"]);
    assert_eq!(out2["appeals"], out["appeals"]);
    assert_eq!(dataset::import(&mut copy, &out).unwrap().total, 0);
}

#[test]
fn personal_data_leaves_only_when_asked_and_stays_when_a_package_lacks_it() {
    let mut app = App::open_in_memory().unwrap();
    dataset::import(&mut app, &package()).unwrap();
    let without = export(&app, false);
    for a in without["applications"].as_array().unwrap() {
        assert!(a.get("applicant_name").is_none(), "{a}");
        assert!(a.get("applicant_contact").is_none(), "{a}");
    }
    assert!(!without.to_string().contains("张某"));
    // Importing the package without personal data keeps the stored names.
    let summary = dataset::import(&mut app, &without).unwrap();
    assert_eq!(summary.total, 0);
    assert_eq!(
        export(&app, true)["applications"][0]["applicant_name"],
        "张某"
    );
}

#[test]
fn every_problem_is_reported_by_its_path_and_nothing_is_imported() {
    let mut app = App::open_in_memory().unwrap();
    let mut bad = package();
    bad["applications"][0]["received_on"] = json!("2018-02-30");
    bad["applications"][1]["replied_on"] = json!("2019-02-01");
    bad["applications"].as_array_mut().unwrap().push(
        json!({"id": "a-2018-003", "received_on": "2018-12-25", "applicant_kind": "alien", "request": "x"}),
    );
    bad["appeals"][1]["decided_on"] = json!("2019-01-01");
    bad["appeals"].as_array_mut().unwrap().push(
        json!({"id": "r-3", "kind": "reconsideration", "application_id": "a-nowhere",
               "filed_on": "2018-08-01", "outcome": "pending"}),
    );
    let err = dataset::import(&mut app, &bad).unwrap_err();
    let Error::Problems { problems } = &err else {
        panic!("{err:?}")
    };
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "applications[0].received_on",
            "applications[1].result",
            "applications[2].applicant_kind",
            "appeals[1].decided_on",
            "appeals[2].application_id",
        ]
    );
    assert_eq!(
        number(
            &app,
            "SELECT (SELECT count(*) FROM applications) + (SELECT count(*) FROM appeals)"
        ),
        0
    );
}

#[test]
fn a_serial_used_twice_in_one_year_of_a_package_is_refused_by_path() {
    let mut app = App::open_in_memory().unwrap();
    let mut p = package();
    p["applications"][0]["serial"] = json!("2018-007");
    p["applications"][1]["serial"] = json!("2018-007");
    let err = dataset::import(&mut app, &p).unwrap_err();
    assert!(
        err.to_json().to_string().contains("applications[1].serial"),
        "{}",
        err.to_json()
    );
    assert_eq!(
        number(&app, "SELECT count(*) FROM applications"),
        0,
        "nothing imported"
    );
}

#[test]
fn imported_applications_get_their_clock() {
    let mut app = App::open_in_memory().unwrap();
    dataset::import(&mut app, &package()).unwrap();
    let due: Option<String> = app
        .store
        .conn()
        .query_row(
            "SELECT due_on FROM applications WHERE id = 'a-2018-002'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // 2018-12-24 + 20 working days (12-29 worked, 12-30 … 01-01 off) = 2019-01-22,
    // then the extension's 10 working days end on the make-up Sunday 2019-02-03.
    assert_eq!(due.as_deref(), Some("2019-02-03"));
}
