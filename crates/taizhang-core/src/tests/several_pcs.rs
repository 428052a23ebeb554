//! Several PCs, one office: each PC's data file exchanges packages with the
//! others through the commands (`data.export` / `data.import`), on real files
//! (each file is its own PC). A newer version replaces an older one, never the
//! reverse; both PCs changing one record is a conflict, listed and settled the
//! same way whatever the order; deletions travel; packages from an older
//! program compare by their `exported_at`.

use std::path::Path;

use serde_json::{json, Value};

use crate::api::{dispatch, Reply};
use crate::app::App;
use crate::error::Error;

fn call(app: &mut App, name: &str, args: Value) -> Result<Value, Error> {
    match dispatch(app, name, args)? {
        Reply::Json(v) => Ok(v),
        Reply::Files { files, .. } => Ok(serde_json::from_slice(&files[0].bytes).unwrap()),
    }
}

fn ok(app: &mut App, name: &str, args: Value) -> Value {
    call(app, name, args).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A PC: a data file of its own in `dir`.
fn pc(dir: &Path, name: &str) -> App {
    App::open(&dir.join(format!("{name}.db"))).unwrap()
}

fn export(app: &mut App) -> Value {
    ok(app, "data.export", json!({}))
}

fn import(app: &mut App, package: &Value) -> Value {
    ok(app, "data.import", json!({"text": package.to_string()}))
}

fn message(i: usize, topic: &str) -> Value {
    json!({"id": format!("m-{i}"), "received_on": "2024-03-01", "channel": "政府信息公开网", "topic": topic})
}

fn set_topic(app: &mut App, i: usize, topic: &str) {
    ok(
        app,
        "register.update",
        json!({"register": "messages", "id": format!("m-{i}"), "record": message(i, topic)}),
    );
}

fn delete(app: &mut App, i: usize) {
    ok(
        app,
        "register.delete",
        json!({"register": "messages", "id": format!("m-{i}")}),
    );
}

/// The messages as id → topic (absent: deleted).
fn topics(app: &App) -> Vec<(String, String)> {
    let mut stmt = app
        .store
        .conn()
        .prepare("SELECT id, topic FROM messages ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// The records and deletions a package holds, without when and where it was made.
fn content(package: &Value) -> Value {
    let mut p = package.clone();
    for key in ["exported_at", "pc"] {
        p.as_object_mut().unwrap().remove(key);
    }
    p
}

/// The office's first PC makes five messages and hands them to a second PC.
fn two_pcs(dir: &Path) -> (App, App) {
    let mut a = pc(dir, "a");
    ok(&mut a, "office.save", json!({"name": "长庆街道办事处"}));
    for i in 1..=5 {
        ok(
            &mut a,
            "register.create",
            json!({"register": "messages", "record": message(i, &format!("咨询{i}"))}),
        );
    }
    let mut b = pc(dir, "b");
    import(&mut b, &export(&mut a));
    assert_eq!(topics(&b), topics(&a));
    (a, b)
}

#[test]
fn a_newer_version_replaces_an_older_one_and_never_the_reverse() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = two_pcs(dir.path());
    let old = export(&mut a);
    set_topic(&mut a, 1, "咨询1（已补充）");
    let newer = export(&mut a);

    import(&mut b, &newer);
    assert_eq!(topics(&b)[0].1, "咨询1（已补充）");
    // The older package arrives late (a USB stick found in a drawer).
    let result = import(&mut b, &old);
    assert_eq!(
        topics(&b)[0].1,
        "咨询1（已补充）",
        "the newer version stays"
    );
    assert_eq!(result["total"], 0);
    assert_eq!(result["merged"]["kept_newer"], 1);
    let message = result["merged"]["listed"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("网友留言“m-1”（咨询1（已补充））：本机的版本较新"),
        "{message}"
    );

    // And on the first PC: its own package back changes nothing.
    let again = import(&mut a, &newer);
    assert_eq!(
        (
            again["total"].clone(),
            again["merged"]["kept_newer"].clone()
        ),
        (json!(0), json!(0))
    );
}

#[test]
fn both_pcs_changing_one_record_is_a_conflict_listed_and_settled_alike_on_both() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = two_pcs(dir.path());
    set_topic(&mut a, 2, "A 改的");
    set_topic(&mut b, 2, "B 改的");
    let (from_a, from_b) = (export(&mut a), export(&mut b));

    let on_b = import(&mut b, &from_a);
    let on_a = import(&mut a, &from_b);
    for result in [&on_a, &on_b] {
        assert_eq!(result["merged"]["conflicts"], 1, "{result}");
        let message = result["merged"]["listed"][0]["message"].as_str().unwrap();
        assert!(message.contains("两台电脑分别修改了这条记录"), "{message}");
    }
    assert_eq!(topics(&a), topics(&b), "both PCs keep the same version");
    // Nothing is lost: the version not kept is in the record's history.
    let loser = if topics(&a)[1].1 == "A 改的" {
        "B 改的"
    } else {
        "A 改的"
    };
    for app in [&a, &b] {
        let kept: i64 = app
            .store
            .conn()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE record_id = 'm-2' AND (after LIKE ?1 OR before LIKE ?1)",
                [format!("%{loser}%")],
                |r| r.get(0),
            )
            .unwrap();
        assert!(kept > 0, "the version not kept is in the audit log");
    }
}

#[test]
fn two_pcs_packages_merge_into_one_file_whatever_the_order() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = two_pcs(dir.path());
    let base = export(&mut a);
    // A changes 1 and deletes 4; B changes 2 and adds 6; both change 3.
    set_topic(&mut a, 1, "A 改的1");
    delete(&mut a, 4);
    set_topic(&mut b, 2, "B 改的2");
    ok(
        &mut b,
        "register.create",
        json!({"register": "messages", "record": message(6, "B 新增的")}),
    );
    set_topic(&mut a, 3, "A 改的3");
    set_topic(&mut b, 3, "B 改的3");
    set_topic(&mut b, 3, "B 又改的3");
    let (from_a, from_b) = (export(&mut a), export(&mut b));

    // The district's file (and a third PC) start from the first package.
    let mut ab = pc(dir.path(), "ab");
    let mut ba = pc(dir.path(), "ba");
    for (file, first, second) in [(&mut ab, &from_a, &from_b), (&mut ba, &from_b, &from_a)] {
        import(file, &base);
        import(file, first);
        import(file, second);
    }
    let merged = topics(&ab);
    assert_eq!(merged, topics(&ba), "the same file whatever the order");
    let topic = |id: &str| {
        merged
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, t)| t.as_str())
    };
    assert_eq!(topic("m-1"), Some("A 改的1"));
    assert_eq!(topic("m-2"), Some("B 改的2"));
    assert_eq!(topic("m-4"), None, "the deletion travelled");
    assert_eq!(topic("m-5"), Some("咨询5"));
    assert_eq!(topic("m-6"), Some("B 新增的"));
    assert_eq!(
        topic("m-3"),
        Some("B 又改的3"),
        "the version with more changes is kept"
    );
    assert_eq!(content(&export(&mut ab)), content(&export(&mut ba)));

    // Each PC takes the other's package and ends where the district is.
    import(&mut a, &from_b);
    import(&mut b, &from_a);
    assert_eq!(topics(&a), merged);
    assert_eq!(topics(&b), merged);
}

#[test]
fn a_deletion_meets_a_change_made_apart_and_the_change_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = two_pcs(dir.path());
    delete(&mut a, 5);
    set_topic(&mut b, 5, "B 补充了答复");
    let (from_a, from_b) = (export(&mut a), export(&mut b));
    assert_eq!(from_a["deleted"][0]["id"], "m-5");

    let on_b = import(&mut b, &from_a);
    assert_eq!(on_b["merged"]["conflicts"], 1);
    import(&mut a, &from_b);
    let kept = |app: &App| topics(app).into_iter().find(|(i, _)| i == "m-5");
    assert_eq!(
        kept(&a).unwrap().1,
        "B 补充了答复",
        "brought back on the PC that deleted it"
    );
    assert_eq!(kept(&b).unwrap().1, "B 补充了答复");

    // A deletion made from the latest version goes everywhere, and an older
    // copy of the record does not bring it back.
    let before = export(&mut b);
    import(&mut a, &before);
    delete(&mut a, 5);
    import(&mut b, &export(&mut a));
    assert!(kept(&b).is_none(), "deleted on B too");
    let stays = import(&mut b, &before);
    assert!(kept(&b).is_none());
    assert_eq!(stays["merged"]["stays_deleted"], 1, "{stays}");
}

#[test]
fn a_package_from_an_older_program_compares_by_its_export_time() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _b) = two_pcs(dir.path());
    let old_program = |topic: &str, exported_at: &str| {
        json!({"format": "taizhang.dataset/1", "exported_at": exported_at,
               "messages": [message(1, topic)]})
    };
    // Exported long ago: the record changed here since is kept.
    let result = import(
        &mut a,
        &old_program("2020 年的版本", "2020-01-01T09:00:00+08:00"),
    );
    assert_eq!(topics(&a)[0].1, "咨询1");
    assert_eq!(result["merged"]["kept_newer"], 1);
    // Exported after the change here: it is newer, and replaces it.
    import(
        &mut a,
        &old_program("后来的版本", "2099-01-01T09:00:00+08:00"),
    );
    assert_eq!(topics(&a)[0].1, "后来的版本");
    // One exported between the two is older than what it replaced.
    import(
        &mut a,
        &old_program("中间的版本", "2050-01-01T09:00:00+08:00"),
    );
    assert_eq!(topics(&a)[0].1, "后来的版本");
    // Without `exported_at` (made by hand): the package's records are taken.
    let mut by_hand = old_program("手工数据包", "");
    by_hand.as_object_mut().unwrap().remove("exported_at");
    import(&mut a, &by_hand);
    assert_eq!(topics(&a)[0].1, "手工数据包");
}

#[test]
fn a_restored_or_copied_file_changes_under_a_new_pc_id() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _b) = two_pcs(dir.path());
    let pc_of = |package: &Value| package["pc"].as_str().unwrap().to_string();
    let first = pc_of(&export(&mut a));
    drop(a);
    std::fs::copy(dir.path().join("a.db"), dir.path().join("copy.db")).unwrap();
    let mut copy = pc(dir.path(), "copy");
    set_topic(&mut copy, 1, "在复制的文件中修改");
    let package = export(&mut copy);
    assert_ne!(pc_of(&package), first, "a copy is another PC");
    assert_eq!(package["messages"][0]["version"]["pc"], package["pc"]);

    // A restore takes the counters back: the changes after it are another PC's.
    let made = ok(&mut copy, "backup.now", json!({}));
    set_topic(&mut copy, 2, "备份后的修改");
    let before_restore = pc_of(&export(&mut copy));
    ok(&mut copy, "backup.restore", json!({"name": made["name"]}));
    set_topic(&mut copy, 2, "恢复后的修改");
    let after = export(&mut copy);
    assert_ne!(pc_of(&after), before_restore);
    assert_eq!(after["messages"][1]["version"]["pc"], after["pc"]);
}

#[test]
fn a_bad_version_or_deletion_in_a_package_is_refused_by_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = pc(dir.path(), "a");
    let package = json!({"format": "taizhang.dataset/1",
        "messages": [{"id": "m-1", "received_on": "2024-03-01", "topic": "咨询", "version": {"pc": "我", "counters": {}}}],
        "deleted": [{"register": "planets", "id": "x", "version": {"pc": "p12345678", "counters": {"p12345678": 1}}}]});
    let err = call(&mut a, "data.import", json!({"text": package.to_string()}))
        .unwrap_err()
        .to_json();
    let paths: Vec<&str> = err["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["messages[0].version", "deleted[0].register"],
        "{err}"
    );
    assert!(topics(&a).is_empty(), "nothing imported");
}

// ---------------------------------------------------------------- tallies

const ITEM: &str = "更换/补办证历本";

/// Set a count of the 窗口业务 grid (window 前台) as the clerk types it.
fn set_count(app: &mut App, period: &str, count: Value) {
    let id = |sql: &str| -> i64 { app.store.conn().query_row(sql, [ITEM], |r| r.get(0)).unwrap() };
    let item = id("SELECT id FROM service_items WHERE name = ?1");
    let window = id("SELECT id FROM units WHERE name = '前台' AND ?1 IS NOT NULL");
    ok(
        app,
        "tallies.set",
        json!({"window": window, "item": item, "period": period, "count": count}),
    );
}

/// The counts as period → count.
fn counts(app: &App) -> Vec<(String, i64)> {
    let package = crate::dataset::export(app, &Default::default()).unwrap();
    package["service_tallies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["period"].as_str().unwrap().to_string(), t["count"].as_i64().unwrap()))
        .collect()
}

#[test]
fn the_counts_of_two_pcs_merge_alike_in_either_order_and_a_cleared_count_travels() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = two_pcs(dir.path());
    import(
        &mut a,
        &json!({"format": "taizhang.dataset/1", "service_items": [{"name": ITEM, "unit": "本"}],
                "service_tallies": [{"item": ITEM, "window": "前台", "period": "2024-03-01", "count": 1}]}),
    );
    set_count(&mut a, "2024-03-04", json!(4));
    set_count(&mut a, "2024-03-05", json!(5));
    let base = export(&mut a);
    import(&mut b, &base);
    // A changes the 4th and clears the 5th; B changes the 1st; both change the 6th.
    set_count(&mut a, "2024-03-04", json!(40));
    set_count(&mut a, "2024-03-05", Value::Null);
    set_count(&mut b, "2024-03-01", json!(10));
    set_count(&mut a, "2024-03-06", json!(6));
    set_count(&mut b, "2024-03-06", json!(60));
    set_count(&mut b, "2024-03-06", json!(66));
    let (from_a, from_b) = (export(&mut a), export(&mut b));
    assert_eq!(from_a["deleted"][0]["period"], "2024-03-05", "{}", from_a["deleted"]);

    let mut ab = pc(dir.path(), "ab");
    let mut ba = pc(dir.path(), "ba");
    for (file, first, second) in [(&mut ab, &from_a, &from_b), (&mut ba, &from_b, &from_a)] {
        import(file, &base);
        import(file, first);
        let result = import(file, second);
        assert_eq!(result["merged"]["conflicts"], 1, "{result}");
    }
    let merged = counts(&ab);
    assert_eq!(merged, counts(&ba), "the same counts whatever the order");
    let expected: Vec<(String, i64)> = [("2024-03-01", 10), ("2024-03-04", 40), ("2024-03-06", 66)]
        .iter()
        .map(|(p, n)| (p.to_string(), *n))
        .collect();
    assert_eq!(merged, expected, "each PC's change kept, the clearing travelled, the 6th by more changes");

    // An older package (the base) puts back none of the counts changed since.
    let late = import(&mut ab, &base);
    assert_eq!(counts(&ab), expected);
    assert!(late["merged"]["kept_newer"].as_u64().unwrap() >= 2, "{late}");
    assert_eq!(late["merged"]["stays_deleted"], 1, "{late}");
}
