//! Issue 15's fields in the data package: a package written before them
//! (`tests/fixtures/dataset-v1-applications-before-issue-15.json`) imports
//! with every value it has unchanged, and a package with them re-imports to
//! the same data.

use serde_json::{json, Value};

use taizhang_core::App;

use super::common::{call, export};

fn before_issue_15() -> Value {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/dataset-v1-applications-before-issue-15.json"),
    )
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn applications(package: &Value) -> Vec<Value> {
    package["applications"].as_array().unwrap().clone()
}

#[test]
fn an_old_package_imports_with_its_values_unchanged() {
    let old = before_issue_15();
    let mut app = App::open_in_memory().unwrap();
    let done = call(&mut app, "data.import", json!({"text": old.to_string()}));
    assert_eq!(done["total"], json!(3));
    let now = applications(&export(&app));
    for (was, is) in applications(&old).iter().zip(&now) {
        for (key, value) in was.as_object().unwrap() {
            // A blank text is stored as none, as before issue 15.
            let value = if value == "" { &Value::Null } else { value };
            assert_eq!(&is[key], value, "{key} of {}", was["id"]);
        }
        // The new fields read as not given (one item).
        assert_eq!(is["item_count"], json!(1));
        assert_eq!(is["correction_deadline_on"], Value::Null);
        assert_eq!(is["fee_notice_on"], Value::Null);
        assert_eq!(is["withdrawn_on"], Value::Null);
    }
    // The extension approved after 2024-02-27 does not make 03-05 on time.
    let late = call(&mut app, "register.get", json!({"register": "applications", "id": "a-2024-001"}));
    assert_eq!(late["_status_label"], "已办结（超期5个工作日）");
    assert!(late["_due_explain"]
        .as_str()
        .unwrap()
        .contains("延期批准日 2024-02-28 已超过答复期限 2024-02-27，不能延长"));
}

#[test]
fn a_package_with_the_new_fields_reimports_to_the_same_data() {
    let mut app = App::open_in_memory().unwrap();
    call(&mut app, "office.save", json!({"name": "长庆街道办事处"}));
    let records = [
        json!({"received_on": "2023-09-25", "applicant_kind": "natural_person", "request": "按量收费未缴",
               "item_count": 3, "fee_basis": "per_page", "fee_pages": 120, "fee_yuan": 1100,
               "fee_notice_on": "2023-09-27", "fee_served_on": "2023-09-28",
               "replied_on": "2023-11-02", "result": "other.fee_unpaid"}),
        json!({"received_on": "2024-02-01", "applicant_kind": "natural_person", "request": "补正",
               "correction_needed": true, "correction_requested_on": "2024-02-05",
               "correction_deadline_on": "2024-02-09"}),
        json!({"received_on": "2024-01-25", "applicant_kind": "natural_person", "request": "撤回",
               "extended_on": "2024-02-20", "extension_working_days": 5, "extension_notified_on": "2024-02-21",
               "withdrawn_on": "2024-03-01", "withdrawal_reason": "已自行获取",
               "replied_on": "2024-03-01", "result": "other.other"}),
    ];
    for r in records {
        call(&mut app, "register.create", json!({"register": "applications", "record": r}));
    }
    let package = export(&app);
    let mut copy = App::open_in_memory().unwrap();
    call(&mut copy, "data.import", json!({"text": package.to_string()}));
    assert_eq!(export(&copy), package);
    let first = &applications(&package)[0];
    assert_eq!(first["fee_basis"], "per_page");
    assert_eq!(first["item_count"], 3);
}
