//! The faults an office PC has, on real files: a damaged data file, a full
//! disk, a read-only disk, a file removed under the running program. Each
//! asserts the message a clerk reads, that nothing partial was written, and
//! that work continues once the cause is fixed, without reopening the `App`.

use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

use crate::api::{dispatch, Reply};
use crate::app::App;
use crate::error::Error;

fn call(app: &mut App, name: &str, args: Value) -> Result<Value, Error> {
    match dispatch(app, name, args)? {
        Reply::Json(v) => Ok(v),
        Reply::Files { files, message } => Ok(json!({
            "message": message,
            "text": String::from_utf8(files[0].bytes.clone()).unwrap(),
        })),
    }
}

fn ok(app: &mut App, name: &str, args: Value) -> Value {
    call(app, name, args).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A package of `n` messages numbered from `first`, long enough to fill pages.
fn messages(first: usize, n: usize) -> Value {
    let records: Vec<Value> = (first..first + n)
        .map(|i| {
            json!({"id": format!("m-{i:05}"), "received_on": "2023-03-01",
                   "topic": format!("关于第{i}号小区加装电梯的咨询，{}", "内容".repeat(40))})
        })
        .collect();
    json!({"format": "taizhang.dataset/1", "messages": records})
}

fn import(app: &mut App, package: &Value) -> Result<Value, Error> {
    call(app, "data.import", json!({"text": package.to_string()}))
}

fn count(app: &App) -> i64 {
    app.store
        .conn()
        .query_row("SELECT count(*) FROM messages", [], |r| r.get(0))
        .unwrap()
}

fn create_message(app: &mut App, id: &str) -> Result<Value, Error> {
    call(
        app,
        "register.create",
        json!({"register": "messages", "record": {"id": id, "received_on": "2024-05-06", "topic": "咨询"}}),
    )
}

/// Overwrite `pages` pages from the middle of the file with garbage, as a
/// failing disk does, after the WAL has been folded into it.
fn damage(path: &Path, pages: u64) {
    let len = std::fs::metadata(path).unwrap().len();
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start(len / 2 / 4096 * 4096)).unwrap();
    let garbage: Vec<u8> = (0..4096 * pages).map(|i| (i * 7 + 13) as u8).collect();
    f.write_all(&garbage).unwrap();
    f.sync_all().unwrap();
}

fn checkpoint(app: &App) {
    app.store
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
}

#[test]
fn a_damaged_file_is_found_at_launch_refuses_writes_and_comes_back_by_restore_and_salvage() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("taizhang.db");
    let mut app = App::open(&path).unwrap();
    ok(&mut app, "office.save", json!({"name": "长庆街道办事处"}));
    import(&mut app, &messages(0, 400)).unwrap();
    let good = ok(&mut app, "backup.now", json!({}));
    // Typed after the last backup: only salvage brings these back.
    import(&mut app, &messages(400, 400)).unwrap();
    checkpoint(&app);
    drop(app);
    damage(&path, 4);

    let mut app = App::open(&path).unwrap();
    assert!(app.store.damage().is_some(), "the launch check finds the damage");
    let err = create_message(&mut app, "m-new").unwrap_err();
    assert_eq!(err.code(), "damaged");
    assert!(err.to_string().starts_with("数据文件已损坏"), "{err}");
    assert!(err.to_string().contains("抢救数据"), "{err}");
    // A damaged file is never copied: the good copy stays the newest.
    let err = call(&mut app, "backup.now", json!({})).unwrap_err();
    assert_eq!(err.code(), "damaged");
    assert_eq!(crate::backup::list(&path).unwrap().len(), 1);
    let status = ok(&mut app, "app.status", json!({}));
    assert!(status["damage"].is_string(), "{status}");

    let health = ok(&mut app, "health.get", json!({}));
    assert_eq!(health["damaged"], true);
    assert_eq!(health["good_backup"]["file"]["name"], good["name"]);
    let salvaged = ok(&mut app, "health.salvage", json!({}));
    let message = salvaged["message"].as_str().unwrap();
    assert!(message.starts_with("已抢救出"), "{message}");

    let report = ok(&mut app, "backup.restore", json!({"name": good["name"]}));
    assert!(report["damaged_copy"].as_str().unwrap().ends_with("-damaged.db.bad"));
    assert!(app.store.damage().is_none());
    assert_eq!(count(&app), 400);
    // The CLI beside the running program writes into the restored file; the
    // program reads it at once.
    create_message(&mut App::open(&path).unwrap(), "m-cli").unwrap();
    assert_eq!(count(&app), 401, "the running program sees the CLI's record");
    ok(&mut app, "data.import", json!({"text": salvaged["text"]}));
    let package: Value = serde_json::from_str(salvaged["text"].as_str().unwrap()).unwrap();
    let salvaged_ids = package["messages"].as_array().unwrap().len() as i64;
    assert!(salvaged_ids > 400 && salvaged_ids < 800, "{salvaged_ids} of 800 read: {message}");
    // Every record of the backup, and every record salvage could read.
    let back = count(&app);
    assert!(back >= salvaged_ids.max(400) + 1, "{back}");
    create_message(&mut app, "m-after").unwrap();
    assert_eq!(app.store.recheck().unwrap(), None);
}

#[test]
fn a_file_removed_under_the_running_program_is_refused_then_used_again_once_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("taizhang.db");
    let mut app = App::open(&path).unwrap();
    create_message(&mut app, "m-1").unwrap();
    let aside = dir.path().join("moved.db");
    std::fs::rename(&path, &aside).unwrap();
    let err = create_message(&mut app, "m-2").unwrap_err();
    assert_eq!(err.code(), "file_moved");
    assert!(err.to_string().contains("不在原来的位置"), "{err}");
    std::fs::rename(&aside, &path).unwrap();
    // Back in place: the same App works on, and nothing was written meanwhile.
    assert_eq!(count(&app), 1);
    create_message(&mut app, "m-2").unwrap();
    assert_eq!(count(&App::open(&path).unwrap()), 2);
}

/// A small tmpfs mounted on a fresh folder, unmounted when dropped; `None`
/// where this machine cannot mount (not root, no tmpfs).
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output()
            .is_ok_and(|o| o.status.success());
        if !mounted {
            eprintln!("跳过：这台机器不能挂载 tmpfs（需要 root），无法模拟磁盘已满/只读");
            return None;
        }
        Some(Tmpfs { dir })
    }

    fn path(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    fn remount(&self, options: &str) {
        let done = Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(self.dir.path())
            .status()
            .unwrap();
        assert!(done.success());
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn a_full_disk_is_explained_keeps_the_data_and_the_same_app_imports_once_there_is_room() {
    let Some(disk) = Tmpfs::mount("2m") else { return };
    let path = disk.path().join("taizhang.db");
    let mut app = App::open(&path).unwrap();
    import(&mut app, &messages(0, 10)).unwrap();
    let err = import(&mut app, &messages(10, 6000)).unwrap_err();
    assert_eq!(err.code(), "disk_full", "{err}");
    assert!(err.to_string().starts_with("磁盘空间已满"), "{err}");
    assert!(err.to_string().contains("已保存的数据没有受影响"));
    assert_eq!(count(&app), 10, "nothing partial");
    disk.remount("size=64m");
    import(&mut app, &messages(10, 6000)).unwrap();
    assert_eq!(count(&app), 6010);
}

/// A read-only view of `disk` (a bind mount), as a write-protected USB stick
/// or a folder the clerk may only read.
fn read_only_view(disk: &Tmpfs) -> Tmpfs {
    let view = Tmpfs {
        dir: tempfile::tempdir().unwrap(),
    };
    let run = |args: &[&str]| {
        let done = Command::new("mount").args(args).arg(view.dir.path()).status().unwrap();
        assert!(done.success(), "{args:?}");
    };
    run(&["--bind", disk.dir.path().to_str().unwrap()]);
    run(&["-o", "remount,bind,ro"]);
    view
}

#[test]
fn a_read_only_disk_is_explained_and_the_same_app_saves_once_it_is_writable() {
    let Some(disk) = Tmpfs::mount("16m") else { return };
    {
        let mut app = App::open(&disk.path().join("taizhang.db")).unwrap();
        create_message(&mut app, "m-1").unwrap();
    }
    let view = read_only_view(&disk);
    let path = view.path().join("taizhang.db");
    // SQLite cannot read a WAL file it may not write beside: opening says why.
    let err = App::open(&path).err().expect("a read-only file is refused");
    assert_eq!(err.code(), "read_only", "{err}");
    assert!(err.to_string().starts_with("数据文件是只读的"), "{err}");
    view.remount("bind,rw");
    let mut app = App::open(&path).unwrap();
    assert_eq!(count(&app), 1, "nothing changed while read-only");
    create_message(&mut app, "m-2").unwrap();
    assert_eq!(count(&app), 2);
}
