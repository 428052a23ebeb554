//! The command line when its surroundings fail: a reader that closed stdout,
//! a damaged data file (the message gives the commands that repair it, and
//! they do).

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

mod common;

use common::{cli, CLI};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Run with a stdout whose reader is already gone, as `… | head -1` leaves it
/// once `head` has its line (closed first, so the write surely fails).
fn with_closed_stdout(db: &Path, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Command::new(CLI)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("TAIZHANG_DB")
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn a_closed_stdout_ends_the_program_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("taizhang.db");
    // println! (check) and a raw write of the report's JSON (report).
    for args in [&["check", "--year", "2023"][..], &["report", "--year", "2023"]] {
        let out = with_closed_stdout(&db, args);
        let err = text(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?} {err}", out.status);
        assert_eq!(err, "", "{args:?}");
    }
}

fn messages(first: usize, n: usize) -> Value {
    let records: Vec<Value> = (first..first + n)
        .map(|i| {
            json!({"id": format!("m-{i:05}"), "received_on": "2023-03-01",
                   "topic": format!("关于第{i}号小区加装电梯的咨询，{}", "内容".repeat(40))})
        })
        .collect();
    json!({"format": "taizhang.dataset/1", "office": {"name": "长庆街道办事处"}, "messages": records})
}

fn import(db: &Path, package: &Value) -> Output {
    let file = db.with_file_name(format!("p{}.json", package["messages"][0]["id"]));
    std::fs::write(&file, package.to_string()).unwrap();
    cli(db, &["import", file.to_str().unwrap()])
}

fn damage(path: &Path, pages: u64) {
    let len = std::fs::metadata(path).unwrap().len();
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start(len / 2 / 4096 * 4096)).unwrap();
    let garbage: Vec<u8> = (0..4096 * pages).map(|i| (i * 7 + 13) as u8).collect();
    f.write_all(&garbage).unwrap();
}

/// The quoted arguments of the line of `stderr` that starts with `step`.
fn command_of(stderr: &str, step: &str) -> Vec<String> {
    let line = stderr.lines().find(|l| l.starts_with(step)).unwrap_or_else(|| panic!("{step}: {stderr}"));
    let cmd = &line[line.find("taizhang-cli").unwrap() + "taizhang-cli".len()..];
    let mut args = vec![];
    let mut rest = cmd.trim();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('"') {
            let end = r.find('"').unwrap();
            args.push(r[..end].to_string());
            rest = r[end + 1..].trim_start();
        } else {
            let end = rest.find(' ').unwrap_or(rest.len());
            args.push(rest[..end].to_string());
            rest = rest[end..].trim_start();
        }
    }
    args
}

fn run_line(dir: &Path, args: &[String]) -> Output {
    let out = Command::new(CLI)
        .args(args)
        .current_dir(dir)
        .env_remove("TAIZHANG_DB")
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    out
}

/// 400 messages copied to the backups folder by the CLI, 400 more, then 4
/// pages of the file overwritten: the data file and the good copy.
fn damaged_file_with_a_good_copy(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let db = dir.join("taizhang.db");
    assert!(import(&db, &messages(0, 400)).status.success());
    let copy = dir.join("backups/taizhang-20240105-093012-manual.db");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    assert!(cli(&db, &["backup", "--out", copy.to_str().unwrap()]).status.success());
    assert!(import(&db, &messages(400, 400)).status.success());
    damage(&db, 4);
    (db, copy)
}

#[test]
fn a_damaged_file_is_refused_with_the_commands_that_repair_it_and_they_do() {
    let dir = tempfile::tempdir().unwrap();
    let (db, copy) = damaged_file_with_a_good_copy(dir.path());

    let out = import(&db, &messages(800, 1));
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.starts_with("错误：数据文件已损坏"), "{err}");
    assert!(err.contains("2024-01-05 09:30:12"), "{err}");

    let salvage = command_of(&err, "第一步");
    let out = run_line(dir.path(), &salvage);
    assert!(text(&out.stdout).starts_with("已抢救出"), "{}", text(&out.stdout));
    let restore = command_of(&err, "第二步");
    assert_eq!(restore.last().unwrap(), copy.to_str().unwrap());
    run_line(dir.path(), &restore);
    run_line(dir.path(), &command_of(&err, "第三步"));
    // The file is whole again and takes new records.
    assert!(import(&db, &messages(800, 1)).status.success());
    let exported = dir.path().join("all.json");
    assert!(cli(&db, &["export-data", "--out", exported.to_str().unwrap()]).status.success());
    let package: Value = serde_json::from_str(&std::fs::read_to_string(&exported).unwrap()).unwrap();
    let n = package["messages"].as_array().unwrap().len();
    assert!(n > 401, "the backup's 400, what salvage read, the new one: {n}");
}

/// A command of the running program (the window's or browser mode's `App`).
fn call(app: &mut taizhang_core::App, name: &str, args: Value) -> Value {
    match taizhang_core::api::dispatch(app, name, args).unwrap() {
        taizhang_core::api::Reply::Json(v) => v,
        _ => panic!("{name} answered files"),
    }
}

fn messages_in(app: &mut taizhang_core::App) -> u64 {
    let page = call(app, "register.list", json!({"register": "messages", "query": {"year": null}}));
    page["total"].as_u64().unwrap()
}

#[test]
fn after_a_restore_the_running_program_sees_what_the_cli_writes_beside_it() {
    // A damaged file, restored by the running program from the copy the CLI
    // made; then the CLI reads (a count) and imports beside it. (Keeping the
    // damaged file's bytes once dropped the program's locks on the file: the
    // CLI closing then took the write-ahead log away, and the program went on
    // reading the file as it was.)
    let dir = tempfile::tempdir().unwrap();
    let (db, _copy) = damaged_file_with_a_good_copy(dir.path());

    let mut app = taizhang_core::App::open(&db).unwrap();
    let health = call(&mut app, "health.get", json!({}));
    assert_eq!(health["damaged"], true);
    call(&mut app, "backup.restore", json!({"name": health["good_backup"]["file"]["name"]}));
    assert_eq!(messages_in(&mut app), 400);

    let out = dir.path().join("count.json");
    assert!(cli(&db, &["export-data", "--out", out.to_str().unwrap()]).status.success());
    let imported = import(&db, &messages(400, 10));
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    assert_eq!(messages_in(&mut app), 410, "the running program sees the CLI's records");
}

#[test]
fn the_cli_restores_while_the_program_has_the_file_open_and_the_program_works_on() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("taizhang.db");
    assert!(import(&db, &messages(0, 20)).status.success());
    let copy = dir.path().join("stick/copy.db");
    assert!(cli(&db, &["backup", "--out", copy.to_str().unwrap()]).status.success());
    let mut app = taizhang_core::App::open(&db).unwrap();
    call(
        &mut app,
        "register.create",
        json!({"register": "messages", "record": {"id": "m-after", "received_on": "2024-01-02", "topic": "备份后的"}}),
    );
    assert_eq!(messages_in(&mut app), 21);

    let out = cli(&db, &["restore", copy.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("恢复前的数据已另存为"), "{}", text(&out.stdout));
    // The running program reads the restored file (nothing of its own view
    // left over), and saves into it.
    assert_eq!(messages_in(&mut app), 20);
    call(
        &mut app,
        "register.create",
        json!({"register": "messages", "record": {"id": "m-later", "received_on": "2024-01-03", "topic": "恢复后的"}}),
    );
    assert_eq!(messages_in(&mut app), 21);
    assert_eq!(messages_in(&mut taizhang_core::App::open(&db).unwrap()), 21);
}
