//! Two editors of one record, through the smallest register (网友留言): a
//! form that showed an older version may neither save nor delete.

use serde_json::{json, Value};

use super::VERSION_KEY;
use crate::framework::{
    create, delete_checked, find, get, list, update_checked, DataFile, ListQuery, Record,
    RegisterSpec,
};

fn spec() -> &'static RegisterSpec {
    find("messages").unwrap()
}

fn rec(v: Value) -> Record {
    v.as_object().unwrap().clone()
}

fn version(app: &DataFile, id: &str) -> i64 {
    get(app, spec(), id).unwrap()[VERSION_KEY].as_i64().unwrap()
}

fn audit_entries(app: &DataFile) -> i64 {
    app.store
        .conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

/// A message as a form opened it: its id and its version.
fn opened(app: &mut DataFile) -> (String, i64) {
    let created = create(
        app,
        spec(),
        &rec(json!({"received_on": "2023-09-27", "topic": "路灯不亮", "note": "东门"})),
    )
    .unwrap();
    let id = created["id"].as_str().unwrap().to_string();
    let v = version(app, &id);
    (id, v)
}

fn form(topic: &str, note: &str) -> Record {
    rec(json!({"received_on": "2023-09-27", "topic": topic, "note": note}))
}

#[test]
fn a_record_starts_at_version_1_and_each_change_raises_it_by_one() {
    let mut app = DataFile::open_in_memory().unwrap();
    let (id, v) = opened(&mut app);
    assert_eq!(v, 1);
    update_checked(&mut app, spec(), &id, &form("路灯修好", "东门"), Some(1)).unwrap();
    assert_eq!(version(&app, &id), 2);
    // Saving what is stored changes nothing, and so keeps the version.
    update_checked(&mut app, spec(), &id, &form("路灯修好", "东门"), Some(2)).unwrap();
    assert_eq!(version(&app, &id), 2);
    let page = list(&app, spec(), &ListQuery::default()).unwrap();
    assert_eq!(
        page.rows[0][VERSION_KEY], 2,
        "the list carries it for the form"
    );
}

#[test]
fn a_save_from_a_stale_form_is_refused_naming_what_changed() {
    let mut app = DataFile::open_in_memory().unwrap();
    let (id, v) = opened(&mut app);
    // The other window saves first.
    update_checked(
        &mut app,
        spec(),
        &id,
        &form("路灯不亮（已派单）", "西门"),
        Some(v),
    )
    .unwrap();
    let stored = get(&app, spec(), &id).unwrap();
    let entries = audit_entries(&app);

    let err =
        update_checked(&mut app, spec(), &id, &form("路灯修好", "东门"), Some(v)).unwrap_err();
    let e = err.to_json();
    assert_eq!(e["code"], "stale_record");
    assert_eq!(e["version"], 2);
    let message = e["message"].as_str().unwrap();
    assert!(
        message.contains("留言主题：“路灯不亮”→“路灯不亮（已派单）”"),
        "{message}"
    );
    assert!(message.contains("备注：“东门”→“西门”"), "{message}");
    assert!(message.contains("未执行"), "{message}");
    let fields: Vec<&str> = e["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["topic", "note"]);

    assert_eq!(get(&app, spec(), &id).unwrap(), stored, "nothing changed");
    assert_eq!(audit_entries(&app), entries, "nothing audited");
    // Reloaded at the new version, the clerk's save goes through.
    update_checked(&mut app, spec(), &id, &form("路灯修好", "西门"), Some(2)).unwrap();
    assert_eq!(get(&app, spec(), &id).unwrap()["topic"], "路灯修好");
}

#[test]
fn the_message_names_every_change_since_the_form_opened_not_only_the_last() {
    let mut app = DataFile::open_in_memory().unwrap();
    let (id, v) = opened(&mut app);
    update_checked(&mut app, spec(), &id, &form("甲", "东门"), Some(1)).unwrap();
    update_checked(&mut app, spec(), &id, &form("乙", "南门"), Some(2)).unwrap();
    let e = update_checked(&mut app, spec(), &id, &form("丙", "东门"), Some(v))
        .unwrap_err()
        .to_json();
    let message = e["message"].as_str().unwrap();
    assert!(message.contains("留言主题：“路灯不亮”→“乙”"), "{message}");
    assert!(message.contains("备注：“东门”→“南门”"), "{message}");
}

#[test]
fn a_delete_from_a_stale_form_is_refused_and_the_record_stays() {
    let mut app = DataFile::open_in_memory().unwrap();
    let (id, v) = opened(&mut app);
    update_checked(&mut app, spec(), &id, &form("路灯修好", "东门"), Some(v)).unwrap();
    let err = delete_checked(&mut app, spec(), &id, Some(v)).unwrap_err();
    assert_eq!(err.code(), "stale_record");
    assert!(err.to_string().contains("本次删除未执行"), "{err}");
    assert_eq!(get(&app, spec(), &id).unwrap()["topic"], "路灯修好");
    delete_checked(&mut app, spec(), &id, Some(2)).unwrap();
    assert_eq!(get(&app, spec(), &id).unwrap_err().code(), "not_found");
}

#[test]
fn an_import_raises_the_version_and_the_message_says_so() {
    let mut app = DataFile::open_in_memory().unwrap();
    let (id, v) = opened(&mut app);
    let mut package_rec = form("导入的主题", "东门");
    package_rec.insert("id".into(), json!(id));
    let arrival = crate::framework::merge::Arrival::default();
    app.write(|tx, ctx| {
        crate::framework::merge::record(
            tx,
            ctx,
            spec(),
            &package_rec,
            package_rec.clone(),
            &arrival,
        )
    })
    .unwrap();
    assert_eq!(version(&app, &id), 2);
    let err =
        update_checked(&mut app, spec(), &id, &form("路灯修好", "东门"), Some(v)).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("导入数据包"), "{message}");
    assert!(
        message.contains("留言主题：“路灯不亮”→“导入的主题”"),
        "{message}"
    );
}

#[test]
fn without_the_history_the_message_still_says_when_it_changed() {
    let mut app = DataFile::open_in_memory().unwrap();
    let (id, v) = opened(&mut app);
    // As after restoring an older backup: the version moved, no entries say how.
    app.store
        .conn()
        .execute(
            "UPDATE messages SET version = 7, updated_at = '2026-03-04T10:20:00+08:00' WHERE id = ?1",
            [&id],
        )
        .unwrap();
    let e = update_checked(&mut app, spec(), &id, &form("路灯修好", "东门"), Some(v))
        .unwrap_err()
        .to_json();
    assert_eq!(e["code"], "stale_record");
    assert_eq!(e["changes"], json!([]));
    let message = e["message"].as_str().unwrap();
    assert!(message.contains("2026-03-04 10:20"), "{message}");
    assert_eq!(get(&app, spec(), &id).unwrap()["topic"], "路灯不亮");
}

#[test]
fn every_register_has_a_version_the_list_and_the_form_read() {
    let app = DataFile::open_in_memory().unwrap();
    for spec in crate::framework::all() {
        // The list selects `version`; a register whose table lacked it fails here.
        list(&app, spec, &ListQuery::default()).unwrap_or_else(|e| panic!("{}: {e}", spec.key));
        assert_eq!(
            super::version_of(app.store.conn(), spec, "none").unwrap(),
            None,
            "{}",
            spec.key
        );
    }
}
