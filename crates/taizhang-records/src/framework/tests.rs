//! The register framework, exercised through the smallest register (网友留言).

use serde_json::json;

use super::*;
use crate::framework::DataFile as App;

fn app() -> App {
    App::open_in_memory().unwrap()
}

fn rec(v: serde_json::Value) -> Record {
    v.as_object().unwrap().clone()
}

fn spec() -> &'static RegisterSpec {
    find("messages").unwrap()
}

fn count(app: &App, table: &str) -> i64 {
    app.store
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_form_record_is_normalized_stored_and_audited() {
    let mut app = app();
    let created = create(
        &mut app,
        spec(),
        &rec(json!({"received_on": "2023/9/27", "channel": "门户网站", "topic": " 路灯不亮 ", "replied_on": "20231009"})),
    )
    .unwrap();
    assert_eq!(created["received_on"], "2023-09-27");
    assert_eq!(created["topic"], "路灯不亮");
    assert_eq!(
        created["_working_days"], 4,
        "09-28, then 10-07 and 10-08 (调休), 10-09"
    );
    let id = created["id"].as_str().unwrap();
    assert!(id.starts_with("m-"));
    let hist = history(app.store.conn(), spec(), id).unwrap();
    assert_eq!(hist.len(), 1);
    assert_eq!(hist[0]["action"], "create");
}

#[test]
fn every_bad_field_is_named_and_nothing_is_saved() {
    let mut app = app();
    let err = create(
        &mut app,
        spec(),
        &rec(json!({"received_on": "2023-02-30", "channel": "飞鸽传书", "topic": ""})),
    )
    .unwrap_err();
    let v = err.to_json();
    assert_eq!(v["code"], "invalid");
    let paths: Vec<&str> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, vec!["received_on", "channel", "topic"]);
    assert!(v["problems"][0]["message"]
        .as_str()
        .unwrap()
        .contains("收到日期"));
    assert_eq!(count(&app, "messages"), 0);
    assert_eq!(count(&app, "audit_log"), 0);
}

#[test]
fn cross_field_rules_name_the_later_field() {
    let mut app = app();
    let err = create(
        &mut app,
        spec(),
        &rec(json!({"received_on": "2023-10-05", "topic": "x", "replied_on": "2023-10-01"})),
    )
    .unwrap_err();
    assert_eq!(err.to_json()["field"], "replied_on");
    assert!(err.to_string().contains("回复日期不能早于收到日期"));
}

#[test]
fn update_records_before_and_after_and_delete_keeps_the_last_state() {
    let mut app = app();
    let r = create(
        &mut app,
        spec(),
        &rec(json!({"received_on": "2023-03-01", "topic": "垃圾分类"})),
    )
    .unwrap();
    let id = r["id"].as_str().unwrap().to_string();
    update(
        &mut app,
        spec(),
        &id,
        &rec(json!({"received_on": "2023-03-01", "topic": "垃圾分类", "replied_on": "2023-03-03"})),
    )
    .unwrap();
    // Saving the same values again records nothing.
    update(
        &mut app,
        spec(),
        &id,
        &rec(json!({"received_on": "2023-03-01", "topic": "垃圾分类", "replied_on": "2023-03-03"})),
    )
    .unwrap();
    delete(&mut app, spec(), &id).unwrap();
    let hist = history(app.store.conn(), spec(), &id).unwrap();
    let actions: Vec<&str> = hist.iter().map(|h| h["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["create", "update", "delete"]);
    assert_eq!(hist[1]["before"]["replied_on"], serde_json::Value::Null);
    assert_eq!(hist[1]["after"]["replied_on"], "2023-03-03");
    assert_eq!(hist[2]["before"]["topic"], "垃圾分类");
    assert_eq!(get(&app, spec(), &id).unwrap_err().code(), "not_found");
}

#[test]
fn a_locked_year_refuses_changes_to_its_records_only() {
    let mut app = app();
    let old = create(
        &mut app,
        spec(),
        &rec(json!({"received_on": "2022-05-01", "topic": "旧"})),
    )
    .unwrap();
    app.store
        .conn()
        .execute(
            "INSERT INTO year_locks (year, locked_at) VALUES (2022, 'x')",
            [],
        )
        .unwrap();
    let old_id = old["id"].as_str().unwrap();
    let err = update(
        &mut app,
        spec(),
        old_id,
        &rec(json!({"received_on": "2022-05-01", "topic": "改"})),
    )
    .unwrap_err();
    assert_eq!(err.code(), "year_locked");
    // Moving a record out of a locked year is a change to that year too.
    let err = update(
        &mut app,
        spec(),
        old_id,
        &rec(json!({"received_on": "2023-05-01", "topic": "旧"})),
    )
    .unwrap_err();
    assert_eq!(err.code(), "year_locked");
    assert_eq!(
        delete(&mut app, spec(), old_id).unwrap_err().code(),
        "year_locked"
    );
    create(
        &mut app,
        spec(),
        &rec(json!({"received_on": "2023-05-01", "topic": "新"})),
    )
    .unwrap();
}

#[test]
fn lists_filter_search_sort_and_page() {
    let mut app = app();
    for (day, topic, replied) in [
        ("2022-12-30", "去年的留言", Some("2023-01-04")),
        ("2023-01-05", "路灯维修", None),
        ("2023-02-10", "小区路灯", Some("2023-02-13")),
        ("2023-03-15", "停车难", None),
    ] {
        create(
            &mut app,
            spec(),
            &rec(json!({"received_on": day, "topic": topic, "replied_on": replied})),
        )
        .unwrap();
    }
    let q = |v: serde_json::Value| -> ListQuery { serde_json::from_value(v).unwrap() };
    let page = list(&app, spec(), &q(json!({"year": 2023}))).unwrap();
    assert_eq!(page.total, 3);
    assert_eq!(
        page.rows[0]["received_on"], "2023-03-15",
        "newest first by default"
    );
    let page = list(&app, spec(), &q(json!({"year": 2023, "search": "路灯"}))).unwrap();
    assert_eq!(page.total, 2);
    let page = list(&app, spec(), &q(json!({"status": "open"}))).unwrap();
    assert_eq!(page.total, 2);
    let page = list(
        &app,
        spec(),
        &q(json!({"sort": "topic", "desc": false, "page_size": 1, "page": 2})),
    )
    .unwrap();
    assert_eq!(
        (page.total, page.pages, page.page, page.rows.len()),
        (4, 4, 2, 1)
    );
    let err = list(
        &app,
        spec(),
        &q(json!({"sort": "topic; DROP TABLE messages"})),
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid");
    let err = list(&app, spec(), &q(json!({"filters": {"nope": "x"}}))).unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert_eq!(
        crate::framework::list::years(&app, spec()).unwrap(),
        vec![2023, 2022]
    );
}

#[test]
fn search_values_are_bound_not_spliced() {
    let mut app = app();
    create(
        &mut app,
        spec(),
        &rec(json!({"received_on": "2023-01-05", "topic": "a'b"})),
    )
    .unwrap();
    let q: ListQuery = serde_json::from_value(json!({"search": "'b"})).unwrap();
    assert_eq!(list(&app, spec(), &q).unwrap().total, 1);
    let q: ListQuery = serde_json::from_value(json!({"search": "' OR 1=1 --"})).unwrap();
    assert_eq!(list(&app, spec(), &q).unwrap().total, 0);
}

#[test]
fn the_schema_lists_fields_with_their_choices() {
    let app = app();
    let s = schema::schema(app.store.conn(), spec()).unwrap();
    assert_eq!(s["label"], "网友留言");
    let channel = s["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "channel")
        .unwrap();
    assert_eq!(channel["type"], "choice");
    assert!(channel["options"]
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o["value"] == "政府信息公开网"));
}
