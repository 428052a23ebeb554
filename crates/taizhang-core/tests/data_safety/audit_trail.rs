//! Every kind of change leaves an audit entry with its before and after, and
//! the log cannot be altered.

use base64::Engine;
use serde_json::{json, Value};

use taizhang_core::App;

use super::common::{call, try_call};

/// An audit entry in short: register, action, has before, has after.
type Entry = (String, String, bool, bool);

/// The entries a command added.
fn entries_of(app: &mut App, name: &str, args: Value) -> Vec<Entry> {
    let last: i64 = app
        .store
        .conn()
        .query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| {
            r.get(0)
        })
        .unwrap();
    call(app, name, args);
    app.store
        .conn()
        .prepare("SELECT register, action, before IS NOT NULL, after IS NOT NULL FROM audit_log WHERE id > ?1 ORDER BY id")
        .unwrap()
        .query_map([last], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

fn e(register: &str, action: &str, before: bool, after: bool) -> Entry {
    (register.into(), action.into(), before, after)
}

fn xlsx_of_months(item: &str) -> String {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write(0, 0, "事项").unwrap();
    for m in 1..=12u16 {
        sheet.write(0, m, format!("{m}月")).unwrap();
    }
    sheet.write(1, 0, item).unwrap();
    sheet.write(1, 1, 5).unwrap();
    sheet.write(1, 2, 6).unwrap();
    base64::engine::general_purpose::STANDARD.encode(book.save_to_buffer().unwrap())
}

#[test]
fn every_kind_of_change_is_audited_with_before_and_after() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::open(&dir.path().join("taizhang.db")).unwrap();
    let m = |id: &str, topic: &str| {
        json!({"register": "messages", "id": id,
        "record": {"id": id, "received_on": "2023-03-01", "topic": topic}})
    };
    let unit_id = 1;
    let item_id = 1;
    let steps: Vec<(&str, Value, Vec<Entry>)> = vec![
        (
            "office.save",
            json!({"name": "长庆街道办事处"}),
            // Completing the first launch adds the window 前台 (unit 1).
            vec![
                e("office", "update", true, true),
                e("units", "create", false, true),
            ],
        ),
        (
            "units.add",
            json!({"name": "党政办", "kind": "section"}),
            vec![e("units", "create", false, true)],
        ),
        (
            "units.update",
            json!({"id": unit_id, "name": "服务大厅", "kind": "other"}),
            vec![e("units", "update", true, true)],
        ),
        (
            "units.move",
            json!({"id": 2, "up": true}),
            vec![e("units", "reorder", true, true)],
        ),
        (
            "units.archive",
            json!({"id": 2, "archived": true}),
            vec![e("units", "update", true, true)],
        ),
        (
            "lists.save",
            json!({"name": "message_channel", "values": ["电话", "来信"]}),
            vec![e("lists", "update", true, true)],
        ),
        (
            "register.create",
            m("m-1", "咨询"),
            vec![e("messages", "create", false, true)],
        ),
        (
            "register.update",
            m("m-1", "咨询（改）"),
            vec![e("messages", "update", true, true)],
        ),
        (
            "register.delete",
            json!({"register": "messages", "id": "m-1"}),
            vec![e("messages", "delete", true, false)],
        ),
        (
            "service_items.add",
            json!({"name": "居住证", "unit": "本"}),
            vec![e("service_items", "create", false, true)],
        ),
        (
            "service_items.update",
            json!({"id": item_id, "name": "居住证", "unit": "件"}),
            vec![e("service_items", "update", true, true)],
        ),
        (
            "service_items.add",
            json!({"name": "社保", "unit": "件"}),
            vec![e("service_items", "create", false, true)],
        ),
        (
            "service_items.move",
            json!({"id": 2, "up": true}),
            vec![e("service_items", "reorder", false, true)],
        ),
        (
            "service_items.archive",
            json!({"id": 2, "archived": true}),
            vec![e("service_items", "update", true, true)],
        ),
        (
            "tallies.set",
            json!({"window": unit_id, "item": item_id, "period": "2023-03-01", "count": 3}),
            vec![e("service_tallies", "create", false, true)],
        ),
        (
            "tallies.set",
            json!({"window": unit_id, "item": item_id, "period": "2023-03-01", "count": 4}),
            vec![e("service_tallies", "update", true, true)],
        ),
        (
            "tallies.set",
            json!({"window": unit_id, "item": item_id, "period": "2023-03-01", "count": null}),
            vec![e("service_tallies", "delete", true, false)],
        ),
        (
            "tallies.import_excel",
            json!({"window": unit_id, "layout": "month", "year": 2022, "data": xlsx_of_months("居住证")}),
            vec![
                e("service_tallies", "create", false, true),
                e("service_tallies", "create", false, true),
            ],
        ),
        (
            "metrics.save",
            json!({"year": 2023, "name": "会议次数", "unit": "次", "value": 3}),
            vec![e("metrics", "create", false, true)],
        ),
        (
            "metrics.save",
            json!({"id": 1, "year": 2023, "name": "会议次数", "unit": "次", "value": 4}),
            vec![e("metrics", "update", true, true)],
        ),
        (
            "metrics.delete",
            json!({"id": 1}),
            vec![e("metrics", "delete", true, false)],
        ),
        (
            "data.import",
            json!({"text": json!({"format": "taizhang.dataset/1",
            "holidays": [{"year": 2030, "holidays": ["2030-10-01"], "workdays": []}],
            "messages": [{"id": "m-2", "received_on": "2023-04-01", "topic": "导入的", "channel": "短信"}]}).to_string()}),
            // What it added is in the import's own entry (the package's
            // digest and the ids); what it changed keeps before/after.
            vec![
                e("lists", "update", true, true),
                e("dataset", "import", false, true),
            ],
        ),
        (
            "data.import",
            json!({"text": json!({"format": "taizhang.dataset/1",
            "holidays": [{"year": 2030, "holidays": ["2030-10-02"], "workdays": []}]}).to_string()}),
            vec![
                e("holidays", "update", true, true),
                e("dataset", "import", false, true),
            ],
        ),
        (
            "locks.lock",
            json!({"year": 2021, "note": "已报送"}),
            vec![e("year_locks", "lock", false, true)],
        ),
        (
            "locks.unlock",
            json!({"year": 2021, "reason": "更正"}),
            vec![e("year_locks", "unlock", true, false)],
        ),
    ];
    for (name, args, want) in steps {
        assert_eq!(
            entries_of(&mut app, name, args.clone()),
            want,
            "{name} {args}"
        );
    }
    // A restore is audited in the restored file.
    let made = call(&mut app, "backup.now", json!({}));
    let got = entries_of(&mut app, "backup.restore", json!({"name": made["name"]}));
    assert_eq!(got, vec![e("backup", "restore", true, true)]);

    // audit.list finds them by register, record and date, newest first, paged.
    let page = call(
        &mut app,
        "audit.list",
        json!({"register": "messages", "record_id": "m-1"}),
    );
    let actions: Vec<&str> = page["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["delete", "update", "create"]);
    assert_eq!(
        page["entries"][1]["changes"],
        json!([{"field": "topic", "label": "留言主题", "before": "咨询", "after": "咨询（改）"}])
    );
    assert_eq!(page["entries"][1]["register_label"], "网友留言");
    assert_eq!(page["entries"][1]["action_label"], "修改");
    let all = call(&mut app, "audit.list", json!({"page_size": 5, "page": 2}));
    assert_eq!(all["entries"].as_array().unwrap().len(), 5);
    let logged: u64 = app
        .store
        .conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(all["total"].as_u64().unwrap(), logged);
    assert!(logged > 20, "more than four pages of five: {logged}");
    let today = chrono::Local::now().date_naive().to_string();
    let dated = call(
        &mut app,
        "audit.list",
        json!({"from": today, "to": today, "page_size": 500}),
    );
    assert_eq!(dated["total"], all["total"]);
    let none = call(&mut app, "audit.list", json!({"to": "2000-01-01"}));
    assert_eq!(none["total"], 0);
    let err = try_call(&mut app, "audit.list", json!({"from": "昨天"})).unwrap_err();
    assert_eq!(err.to_json()["field"], "from");
    assert!(all["registers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["label"] == "年度锁定"));
}

#[test]
fn the_log_refuses_every_update_and_delete_whatever_the_action() {
    let mut app = App::open_in_memory().unwrap();
    call(&mut app, "office.save", json!({"name": "长庆街道办事处"}));
    call(
        &mut app,
        "register.create",
        json!({"register": "messages", "record": {"id": "m-1", "received_on": "2023-03-01", "topic": "x"}}),
    );
    call(
        &mut app,
        "register.update",
        json!({"register": "messages", "id": "m-1", "record": {"received_on": "2023-03-01", "topic": "y"}}),
    );
    call(
        &mut app,
        "register.delete",
        json!({"register": "messages", "id": "m-1"}),
    );
    call(&mut app, "units.add", json!({"name": "a", "kind": "other"}));
    call(&mut app, "units.add", json!({"name": "b", "kind": "other"}));
    call(&mut app, "units.move", json!({"id": 2, "up": true}));
    call(
        &mut app,
        "data.import",
        json!({"text": json!({"format": "taizhang.dataset/1", "units": [{"name": "c", "kind": "other"}]}).to_string()}),
    );
    call(&mut app, "locks.lock", json!({"year": 2020}));
    call(
        &mut app,
        "locks.unlock",
        json!({"year": 2020, "reason": "r"}),
    );
    let conn = app.store.conn();
    let actions: Vec<(i64, String)> = conn
        .prepare("SELECT min(id), action FROM audit_log GROUP BY action")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let kinds: Vec<&str> = actions.iter().map(|(_, a)| a.as_str()).collect();
    for want in [
        "create", "update", "delete", "reorder", "import", "lock", "unlock",
    ] {
        assert!(kinds.contains(&want), "{want} in {kinds:?}");
    }
    for (id, action) in &actions {
        for sql in [
            "UPDATE audit_log SET note = 'changed' WHERE id = ?1",
            "UPDATE audit_log SET after = NULL WHERE id = ?1",
            "DELETE FROM audit_log WHERE id = ?1",
        ] {
            let err = conn.execute(sql, [id]).unwrap_err();
            assert!(err.to_string().contains("append-only"), "{action}: {err}");
        }
    }
    let total: i64 = conn
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert!(total >= actions.len() as i64);
}
