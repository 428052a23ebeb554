use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::api::{dispatch, Reply};
use crate::app::App;
use crate::backup::*;
use crate::store::migrations::{self, latest_version, MIGRATIONS};

fn call(app: &mut App, name: &str, args: Value) -> Value {
    match dispatch(app, name, args).unwrap_or_else(|e| panic!("{name}: {e}")) {
        Reply::Json(v) => v,
        Reply::Files { .. } => panic!("{name} gave files"),
    }
}

fn temp_app() -> (tempfile::TempDir, PathBuf, App) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("taizhang.db");
    let app = App::open(&path).unwrap();
    (dir, path, app)
}

/// An office with a unit, two messages, a tally, a figure and a locked year.
fn fill(app: &mut App) {
    call(app, "office.save", json!({"name": "长庆街道办事处"}));
    // Completing the first launch added the window 前台.
    let unit = &call(app, "units.list", json!({}))[0];
    let item = call(
        app,
        "service_items.add",
        json!({"name": "居住证", "unit": "本"}),
    );
    for (id, day) in [("m-1", "2023-03-01"), ("m-2", "2023-04-02")] {
        call(
            app,
            "register.create",
            json!({"register": "messages", "record": {"id": id, "received_on": day, "topic": format!("咨询{id}")}}),
        );
    }
    call(
        app,
        "tallies.set",
        json!({"window": unit["id"], "item": item["id"], "period": "2023-03-01", "count": 7}),
    );
    call(
        app,
        "metrics.save",
        json!({"year": 2023, "name": "会议次数", "unit": "次", "value": 4}),
    );
    call(app, "locks.lock", json!({"year": 2021, "note": "已报送"}));
}

/// Everything in the file, as a data package with personal data, minus its time.
fn snapshot(app: &App) -> Value {
    let mut p = crate::dataset::export(
        app,
        &crate::dataset::ExportOptions {
            year: None,
            personal: true,
        },
    )
    .unwrap();
    // When and on which PC it was made: not the data (a restore starts a new PC id).
    p.as_object_mut().unwrap().remove("exported_at");
    p.as_object_mut().unwrap().remove("pc");
    let locks = crate::locks::list(app.store.conn()).unwrap();
    json!({"package": p, "locks": locks})
}

fn count(app: &App, table: &str) -> i64 {
    app.store
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn names_carry_the_time_and_kind_and_only_this_files_copies_are_listed() {
    let at = chrono::NaiveDate::from_ymd_opt(2024, 1, 5)
        .unwrap()
        .and_hms_opt(9, 30, 12)
        .unwrap();
    for kind in Kind::ALL {
        let name = file_name("my-data", at, kind);
        assert_eq!(parse_name("my-data", &name), Some((at, kind)), "{name}");
        assert_eq!(parse_name("my", &name), None, "another file's copy");
    }
    assert_eq!(
        file_name("taizhang", at, Kind::Auto),
        "taizhang-20240105-093012-auto.db.zst"
    );
    // Earlier versions' plain copies are still copies.
    assert_eq!(
        parse_name("taizhang", "taizhang-20240105-093012-auto.db"),
        Some((at, Kind::Auto))
    );
    for bad in [
        "taizhang-20240105-093012-auto.db.part",
        "taizhang-20240105-093012-auto.db.zst.part",
        "taizhang-20240105-093012-auto.db.zst.plain.part",
        "taizhang-20241305-093012-auto.db",
        "taizhang-20240105-093012-other.db",
        "taizhang-2024015-093012-auto.db",
    ] {
        assert_eq!(parse_name("taizhang", bad), None, "{bad}");
    }
}

#[test]
fn a_copy_is_one_consistent_file_without_wal_that_holds_everything() {
    let (_dir, path, mut app) = temp_app();
    fill(&mut app);
    let file = create(app.store.conn(), &path, Kind::Manual).unwrap();
    assert_eq!(
        file.path.parent().unwrap(),
        path.parent().unwrap().join(FOLDER)
    );
    let names: Vec<String> = std::fs::read_dir(file.path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        vec![file.name.clone()],
        "no -wal, -shm or .part beside it"
    );
    assert!(compress::is_compressed(&file.path).unwrap());
    let plain = compress::plain(&file.path).unwrap();
    let copy = App::open(&plain.path).unwrap();
    assert_eq!(snapshot(&copy), snapshot(&app));
    drop(copy);
    let info = inspect(&file.path).unwrap();
    assert_eq!(info.office, "长庆街道办事处");
    assert_eq!(info.schema_version, latest_version());
    let messages = info.counts.iter().find(|c| c.key == "messages").unwrap();
    assert_eq!((messages.label.as_str(), messages.count), ("网友留言", 2));
    assert!(info.size > 0 && !info.too_new);
    assert_eq!(
        list(&path).unwrap(),
        vec![BackupFile {
            size: info.size,
            ..file
        }]
    );
}

#[test]
fn backup_then_restore_brings_back_every_record_and_keeps_the_app_working() {
    let (_dir, path, mut app) = temp_app();
    fill(&mut app);
    let before = snapshot(&app);
    let copy = create(app.store.conn(), &path, Kind::Manual).unwrap();

    call(
        &mut app,
        "register.delete",
        json!({"register": "messages", "id": "m-1"}),
    );
    call(&mut app, "office.save", json!({"name": "别的街道"}));
    call(
        &mut app,
        "locks.unlock",
        json!({"year": 2021, "reason": "试验"}),
    );
    assert_ne!(snapshot(&app), before);

    // A second connection to the file, as the CLI beside the window would have.
    let other = rusqlite::Connection::open(&path).unwrap();

    let report = restore_path(&mut app, &copy.path).unwrap();
    assert_eq!(snapshot(&app), before);
    assert_eq!(report.source, copy.name);
    let n: i64 = other
        .query_row("SELECT count(*) FROM messages", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2, "another connection sees the restored file");

    // The replaced state is kept, and the restore is in the log.
    let safety = report.safety_copy.expect("a copy of the replaced data");
    assert_eq!(safety.kind, Kind::BeforeRestore);
    let replaced = inspect(&safety.path).unwrap();
    assert_eq!(replaced.office, "别的街道");
    let last: (String, String) = app
        .store
        .conn()
        .query_row(
            "SELECT action, note FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(last.0, "restore");
    assert!(last.1.contains(&safety.name), "{}", last.1);

    // Still working, no restart: a new record, the lock of the restored file.
    call(
        &mut app,
        "register.create",
        json!({"register": "messages", "record": {"received_on": "2024-01-02", "topic": "新的"}}),
    );
    assert_eq!(count(&app, "messages"), 3);
    let err = dispatch(
        &mut app,
        "register.create",
        json!({"register": "messages", "record": {"received_on": "2021-01-02", "topic": "x"}}),
    )
    .unwrap_err();
    assert_eq!(err.code(), "year_locked");
    // The copy itself is untouched.
    assert_eq!(inspect(&copy.path).unwrap().office, "长庆街道办事处");
}

#[test]
fn an_uploaded_copy_is_described_and_restored() {
    let (_dir, _path, mut app) = temp_app();
    fill(&mut app);
    let before = snapshot(&app);
    let bytes = snapshot_bytes(app.store.conn()).unwrap();
    call(
        &mut app,
        "register.delete",
        json!({"register": "messages", "id": "m-2"}),
    );
    let info = inspect_bytes(&bytes).unwrap();
    assert_eq!(info.size, bytes.len() as u64);
    let data = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &bytes);
    let report = call(
        &mut app,
        "backup.restore_file",
        json!({"name": "U盘备份.db", "data": data}),
    );
    assert_eq!(report["source"], "U盘备份.db");
    assert_eq!(snapshot(&app), before);
}

/// A file at schema version `version`, with an office named 旧文件.
fn old_file(dir: &Path, version: i64) -> PathBuf {
    let path = dir.join(format!("v{version}.db"));
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    migrations::migrate_with(&mut conn, MIGRATIONS, version).unwrap();
    conn.execute("UPDATE office SET name = '旧文件' WHERE id = 1", [])
        .unwrap();
    path
}

#[test]
fn a_copy_from_an_older_schema_is_brought_up_to_date() {
    let (dir, _path, mut app) = temp_app();
    fill(&mut app);
    // Every version a file can be at (the steps' numbers need not be contiguous).
    let versions = MIGRATIONS.iter().map(|m| m.version);
    for version in versions.filter(|v| *v < latest_version()) {
        let old = old_file(dir.path(), version);
        let report = restore_path(&mut app, &old).unwrap();
        assert_eq!(report.migrated_from, version);
        assert_eq!(
            migrations::user_version(app.store.conn()).unwrap(),
            latest_version()
        );
        assert_eq!(
            crate::office::get_office(app.store.conn()).unwrap().name,
            "旧文件"
        );
        // Every table of the newest schema is there and usable.
        call(
            &mut app,
            "units.add",
            json!({"name": format!("单位{version}"), "kind": "other"}),
        );
        call(
            &mut app,
            "metrics.save",
            json!({"year": 2023, "name": "会议次数", "unit": "次", "value": 1}),
        );
    }
}

#[test]
fn a_copy_from_a_newer_program_or_not_a_copy_at_all_is_refused_and_nothing_changes() {
    let (dir, path, mut app) = temp_app();
    fill(&mut app);
    let before = snapshot(&app);
    let newer = old_file(dir.path(), latest_version());
    {
        let conn = rusqlite::Connection::open(&newer).unwrap();
        conn.execute_batch(&format!("PRAGMA user_version = {}", latest_version() + 1))
            .unwrap();
    }
    let newer_bytes = std::fs::read(&newer).unwrap();
    let err = restore_path(&mut app, &newer).unwrap_err();
    assert_eq!(err.code(), "schema_too_new", "{err}");
    assert_eq!(
        std::fs::read(&newer).unwrap(),
        newer_bytes,
        "the copy is untouched"
    );
    assert!(inspect(&newer).unwrap().too_new);

    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"this is not a database, just text that is long enough to have a header of a hundred bytes .........").unwrap();
    assert_eq!(
        restore_path(&mut app, &junk).unwrap_err().code(),
        "not_a_database"
    );
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    assert_eq!(
        restore_path(&mut app, &empty).unwrap_err().code(),
        "not_a_database"
    );
    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    assert_eq!(
        restore_path(&mut app, &other).unwrap_err().code(),
        "not_a_database"
    );

    // A copy cut short (a USB stick pulled out) is refused too.
    let good = create(app.store.conn(), &path, Kind::Manual).unwrap();
    let bytes = std::fs::read(&good.path).unwrap();
    let cut = dir.path().join("cut.db");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let err = restore_path(&mut app, &cut).unwrap_err();
    assert!(
        ["not_a_database", "conflict", "database"].contains(&err.code()),
        "{err}"
    );

    assert_eq!(snapshot(&app), before);
    assert!(
        list(&path)
            .unwrap()
            .iter()
            .all(|f| f.kind != Kind::BeforeRestore),
        "a refused restore does not even make its safety copy"
    );
}

#[test]
fn a_chosen_file_with_a_wal_beside_it_is_restored_with_the_changes_in_its_wal() {
    let (dir, _path, mut app) = temp_app();
    // Another office's file, copied with its -wal while that program ran.
    let src_dir = dir.path().join("other-pc");
    let src = src_dir.join("taizhang.db");
    let mut other = App::open(&src).unwrap();
    other
        .store
        .conn()
        .execute_batch("PRAGMA wal_autocheckpoint = 0")
        .unwrap();
    call(&mut other, "office.save", json!({"name": "另一街道"}));
    call(
        &mut other,
        "register.create",
        json!({"register": "messages", "record": {"id": "m-wal", "received_on": "2023-05-05", "topic": "只在WAL中"}}),
    );
    let stick = dir.path().join("stick");
    std::fs::create_dir_all(&stick).unwrap();
    for suffix in ["", "-wal", "-shm"] {
        std::fs::copy(
            format!("{}{suffix}", src.display()),
            stick.join(format!("taizhang.db{suffix}")),
        )
        .unwrap();
    }
    drop(other);
    restore_path(&mut app, &stick.join("taizhang.db")).unwrap();
    assert_eq!(
        crate::office::get_office(app.store.conn()).unwrap().name,
        "另一街道"
    );
    assert!(crate::register::crud::load(
        app.store.conn(),
        crate::register::find("messages").unwrap(),
        "m-wal"
    )
    .unwrap()
    .is_some());
}

#[test]
fn creating_copies_rotates_the_folder() {
    let (_dir, path, app) = temp_app();
    let folder = folder_for(&path).unwrap();
    std::fs::create_dir_all(&folder).unwrap();
    // Forty days of old automatic copies, and one of another data file.
    let start = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    for d in 0..40 {
        let at = (start + chrono::Duration::days(d))
            .and_hms_opt(9, 0, 0)
            .unwrap();
        std::fs::write(folder.join(file_name("taizhang", at, Kind::Auto)), b"x").unwrap();
    }
    let foreign = folder.join(file_name(
        "other",
        start.and_hms_opt(9, 0, 0).unwrap(),
        Kind::Auto,
    ));
    std::fs::write(&foreign, b"x").unwrap();
    let made = create(app.store.conn(), &path, Kind::Auto).unwrap();
    let left: Vec<String> = list(&path).unwrap().into_iter().map(|f| f.name).collect();
    // Today's copy and the six newest old days; the newest of January and
    // February 2020 are among them or kept as monthly copies.
    let mut want = vec![made.name.clone()];
    for d in (34..40).rev() {
        let at = (start + chrono::Duration::days(d))
            .and_hms_opt(9, 0, 0)
            .unwrap();
        want.push(file_name("taizhang", at, Kind::Auto));
    }
    want.push(file_name(
        "taizhang",
        chrono::NaiveDate::from_ymd_opt(2020, 1, 31)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap(),
        Kind::Auto,
    ));
    assert_eq!(left, want);
    assert!(
        foreign.exists(),
        "another data file's copies are not ours to rotate"
    );
    assert_eq!(last_backup_at(&path), Some(made.at));
}

#[test]
fn the_auto_backup_uses_its_own_connection_while_the_app_holds_the_file() {
    let (_dir, path, mut app) = temp_app();
    fill(&mut app);
    let made = auto_backup(&path).unwrap();
    assert_eq!(made.kind, Kind::Auto);
    assert_eq!(
        inspect(&made.path).unwrap().counts,
        crate::backup::describe(app.store.conn()).unwrap().counts
    );
    // The app goes on writing.
    call(
        &mut app,
        "register.delete",
        json!({"register": "messages", "id": "m-2"}),
    );
}

#[test]
fn backup_commands_list_save_and_restore_by_name_only() {
    let (_dir, _path, mut app) = temp_app();
    fill(&mut app);
    let made = call(&mut app, "backup.now", json!({}));
    let listed = call(&mut app, "backup.list", json!({}));
    assert_eq!(listed["backups"][0]["name"], made["name"]);
    assert_eq!(listed["backups"][0]["kind_label"], "手动");
    assert_eq!(listed["backups"][0]["info"]["office"], "长庆街道办事处");
    let status = call(&mut app, "app.status", json!({}));
    assert_eq!(status["last_backup_at"], made["at"]);
    let Reply::Files { files, .. } = dispatch(&mut app, "backup.save", json!({})).unwrap() else {
        panic!("files")
    };
    assert!(
        files[0].name.starts_with("长庆街道办事处台账备份"),
        "{}",
        files[0].name
    );
    assert_eq!(&files[0].bytes[..16], b"SQLite format 3\0");
    for name in ["../taizhang.db", "/etc/passwd", "nope.db"] {
        let err = dispatch(&mut app, "backup.restore", json!({"name": name})).unwrap_err();
        assert_eq!(err.code(), "not_found", "{name}");
    }
    call(
        &mut app,
        "register.delete",
        json!({"register": "messages", "id": "m-2"}),
    );
    call(&mut app, "backup.restore", json!({"name": made["name"]}));
    assert_eq!(count(&app, "messages"), 2);
}

#[test]
fn many_copies_in_one_second_are_all_made_and_the_newest_kept() {
    // Found by the crash harness: a copy named a second later to avoid a clash
    // must not be rotated away the moment it is made.
    let (_dir, path, app) = temp_app();
    // The clock is fixed: wall-clock seconds passing under load would change the names.
    let now = chrono::NaiveDate::from_ymd_opt(2024, 1, 5)
        .unwrap()
        .and_hms_opt(9, 30, 12)
        .unwrap();
    // Thirteen copies in one second, named over thirteen seconds; the oldest three rotated away.
    let mut made = vec![];
    for _ in 0..(rotation::KEPT_OTHERS + 3) {
        made.push(create_at(app.store.conn(), &path, Kind::Manual, now).unwrap().name);
    }
    let names = |path| -> Vec<String> { list(path).unwrap().into_iter().map(|f| f.name).rev().collect() };
    assert_eq!(names(&path), made[3..]);
    // The next copy in that second is named after the newest, never by a name
    // rotation freed (it would sort below the ten kept and go next time).
    made.push(create_at(app.store.conn(), &path, Kind::Manual, now).unwrap().name);
    assert_eq!(names(&path), made[4..]);
    assert!(made.last().unwrap().contains("-093025-"), "{made:?}");
    // A copy of another kind in that second is named by the second itself.
    let auto = create_at(app.store.conn(), &path, Kind::Auto, now).unwrap();
    assert!(auto.name.contains("-093012-"), "{}", auto.name);
}

#[test]
fn a_backups_folder_that_cannot_be_made_is_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("数据 文件夹");
    let path = data.join("台账.db");
    let app = App::open(&path).unwrap();
    // A file where the folder should be.
    std::fs::write(data.join(FOLDER), "").unwrap();
    let e = create(app.store.conn(), &path, Kind::Manual)
        .unwrap_err()
        .to_string();
    let folder = data.join(FOLDER);
    assert!(
        e.starts_with(&format!("无法写入文件 {}：", folder.display())),
        "{e}"
    );
}

#[test]
fn a_copy_into_a_chinese_folder_with_spaces_leaves_only_the_copy() {
    let (_dir, _path, mut app) = temp_app();
    fill(&mut app);
    let stick = tempfile::tempdir().unwrap();
    let dest = stick.path().join("U 盘").join("备份 1.db");
    copy_to(app.store.conn(), &dest).unwrap();
    let names: Vec<_> = std::fs::read_dir(dest.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["备份 1.db"]);
    assert_eq!(inspect(&dest).unwrap().office, "长庆街道办事处");
}

/// A copy as earlier versions made it: plain SQLite, named `….db`.
fn plain_copy(app: &App, path: &Path, at: &str, kind: Kind) -> PathBuf {
    let at = chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%dT%H:%M:%S").unwrap();
    let name = format!("taizhang-{}-{}.db", at.format("%Y%m%d-%H%M%S"), kind.code());
    let dest = folder_for(path).unwrap().join(name);
    copy_to(app.store.conn(), &dest).unwrap();
    dest
}

#[test]
fn a_copy_is_compressed_to_a_fraction_of_the_data_file() {
    let (_dir, path, mut app) = temp_app();
    fill(&mut app);
    for i in 0..300 {
        call(
            &mut app,
            "register.create",
            json!({"register": "messages", "record": {"received_on": "2023-05-01",
                   "topic": format!("关于第{i}号文件公开情况的咨询，请予答复")}}),
        );
    }
    let file = create(app.store.conn(), &path, Kind::Manual).unwrap();
    let plain_size = std::fs::metadata(compress::plain(&file.path).unwrap().path)
        .unwrap()
        .len();
    assert!(
        file.size * 2 <= plain_size,
        "compressed {} of {plain_size}",
        file.size
    );
    let usage = usage(&path).unwrap();
    assert_eq!((usage.files, usage.total_bytes), (1, file.size));
    assert_eq!(
        usage.folder.as_deref(),
        Some(folder_for(&path).unwrap().display().to_string().as_str())
    );
    let listed = call(&mut app, "backup.list", json!({}));
    assert_eq!(listed["usage"]["total_bytes"], file.size);
    assert_eq!(
        listed["data_file_bytes"],
        std::fs::metadata(&path).unwrap().len()
    );
}

#[test]
fn plain_copies_of_earlier_versions_are_listed_checked_rotated_and_restored() {
    let (_dir, path, mut app) = temp_app();
    fill(&mut app);
    let before = snapshot(&app);
    let old = plain_copy(&app, &path, "2024-01-05T09:30:12", Kind::Manual);
    call(
        &mut app,
        "register.delete",
        json!({"register": "messages", "id": "m-2"}),
    );
    let newer = create(app.store.conn(), &path, Kind::Manual).unwrap();
    let names: Vec<String> = list(&path).unwrap().into_iter().map(|f| f.name).collect();
    assert_eq!(names.len(), 2);
    assert!(names.contains(&"taizhang-20240105-093012-manual.db".to_string()));
    assert!(names.contains(&newer.name));
    let info = inspect(&old).unwrap();
    assert_eq!(
        info.counts
            .iter()
            .find(|c| c.key == "messages")
            .unwrap()
            .count,
        2
    );
    call(
        &mut app,
        "backup.restore",
        json!({"name": "taizhang-20240105-093012-manual.db"}),
    );
    assert_eq!(snapshot(&app), before);
}

#[test]
fn a_damaged_compressed_copy_fails_its_check_and_the_next_good_one_is_offered() {
    let (_dir, path, mut app) = temp_app();
    fill(&mut app);
    plain_copy(&app, &path, "2024-01-05T09:30:12", Kind::Manual);
    let newest = create(app.store.conn(), &path, Kind::Manual).unwrap();
    let (good, _) = newest_good(&path).unwrap().unwrap();
    assert_eq!(good.name, newest.name, "a compressed copy passes its check");
    // Cut the newest copy short, as a full disk would have.
    let bytes = std::fs::read(&newest.path).unwrap();
    std::fs::write(&newest.path, &bytes[..bytes.len() / 2]).unwrap();
    let (good, info) = newest_good(&path).unwrap().unwrap();
    assert_eq!(good.name, "taizhang-20240105-093012-manual.db");
    assert_eq!(info.office, "长庆街道办事处");
    let err = dispatch(&mut app, "backup.restore", json!({"name": newest.name})).unwrap_err();
    assert!(err.to_string().contains("已损坏"), "{err}");
    assert_eq!(count(&app, "messages"), 2, "nothing changed");
}

#[test]
fn an_uploaded_compressed_copy_is_described_and_restored() {
    let (_dir, path, mut app) = temp_app();
    fill(&mut app);
    let before = snapshot(&app);
    let made = create(app.store.conn(), &path, Kind::Manual).unwrap();
    let bytes = std::fs::read(&made.path).unwrap();
    call(
        &mut app,
        "register.delete",
        json!({"register": "messages", "id": "m-2"}),
    );
    let info = inspect_bytes(&bytes).unwrap();
    assert_eq!(info.size, bytes.len() as u64);
    let data = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &bytes);
    call(
        &mut app,
        "backup.restore_file",
        json!({"name": made.name, "data": data}),
    );
    assert_eq!(snapshot(&app), before);
}
