//! The command-line program, run as a real process on real data files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const CLI: &str = env!("CARGO_BIN_EXE_taizhang-cli");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn cli(db: &Path, args: &[&str]) -> Output {
    Command::new(CLI)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("TAIZHANG_DB")
        .output()
        .expect("the CLI runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_sample_office_and_units_import_and_export_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("taizhang.db");
    let out = cli(
        &db,
        &["import", fixture("changqing-2018.json").to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("已导入"));

    let exported = dir.path().join("out.json");
    let out = cli(&db, &["export-data", "--out", exported.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));

    let sample = read_json(&fixture("changqing-2018.json"));
    let back = read_json(&exported);
    assert_eq!(back["format"], "taizhang.dataset/1");
    assert_eq!(back["office"], sample["office"]);
    assert_eq!(back["units"], sample["units"]);

    // Importing the export again changes nothing.
    let out = cli(&db, &["import", exported.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("新增或修改 0 条"), "{}", stdout(&out));
}

#[test]
fn a_bad_package_fails_with_every_problem_on_stderr_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("taizhang.db");
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"format":"taizhang.dataset/1","office":{"name":""},"units":[{"name":"党政办","kind":"planet"}]}"#,
    )
    .unwrap();
    let out = cli(&db, &["import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("office.name"), "{err}");
    assert!(err.contains("units[0].kind"), "{err}");
    let exported = dir.path().join("out.json");
    assert!(
        cli(&db, &["export-data", "--out", exported.to_str().unwrap()])
            .status
            .success()
    );
    let back = read_json(&exported);
    assert_eq!(back["units"], serde_json::json!([]));
    assert_eq!(back["office"]["name"], "");
}

#[test]
fn every_error_exits_non_zero_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("taizhang.db");
    let out = cli(&db, &["import", "/nonexistent/package.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("无法读取"));
    let out = cli(&db, &["no-such-command"]);
    assert!(!out.status.success());
    assert!(!stderr(&out).is_empty());
}

#[test]
fn a_newer_data_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("future.db");
    {
        let conn = rusqlite_free_sqlite_file(&db);
        drop(conn);
    }
    let before = std::fs::read(&db).unwrap();
    let out = cli(
        &db,
        &[
            "export-data",
            "--out",
            dir.path().join("x.json").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("更新版本"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

/// A SQLite file whose header says user_version 999, written by hand (the CLI
/// crate does not depend on SQLite itself): page size 4096, one empty page.
fn rusqlite_free_sqlite_file(path: &Path) {
    let mut page = vec![0u8; 4096];
    page[..16].copy_from_slice(b"SQLite format 3\0");
    page[16..18].copy_from_slice(&4096u16.to_be_bytes());
    page[18] = 1; // file format write version
    page[19] = 1; // read version
    page[21] = 64;
    page[22] = 32;
    page[23] = 32;
    page[28..32].copy_from_slice(&1u32.to_be_bytes()); // database size in pages
    page[44..48].copy_from_slice(&4u32.to_be_bytes()); // schema format
    page[56..60].copy_from_slice(&1u32.to_be_bytes()); // text encoding UTF-8
    page[60..64].copy_from_slice(&999u32.to_be_bytes()); // user_version
    page[96..100].copy_from_slice(&3045000u32.to_be_bytes());
    page[100] = 0x0d; // an empty table b-tree leaf page (sqlite_schema)
    page[105..107].copy_from_slice(&4096u16.to_be_bytes());
    std::fs::write(path, page).unwrap();
}

#[test]
fn the_data_file_comes_from_the_flag_or_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let from_env = dir.path().join("env.db");
    let out_file = dir.path().join("x.json");
    let out = Command::new(CLI)
        .args(["export-data", "--out", out_file.to_str().unwrap()])
        .env("TAIZHANG_DB", &from_env)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(from_env.exists(), "TAIZHANG_DB chose the file");
}

#[test]
fn personal_data_leaves_only_with_the_flag() {
    // The register carrying personal data arrives with the applications issue;
    // here the flag must at least be accepted and produce a valid package.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("taizhang.db");
    let out_file = dir.path().join("x.json");
    let out = cli(
        &db,
        &[
            "export-data",
            "--out",
            out_file.to_str().unwrap(),
            "--year",
            "2018",
            "--with-personal-data",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("含申请人个人信息"));
    assert_eq!(read_json(&out_file)["format"], "taizhang.dataset/1");
}

#[test]
fn version_and_help_answer() {
    let out = Command::new(CLI).arg("--version").output().unwrap();
    assert!(out.status.success());
    assert!(stdout(&out).contains(env!("CARGO_PKG_VERSION")));
    let out = Command::new(CLI).arg("--help").output().unwrap();
    assert!(out.status.success());
    for word in ["import", "export-data", "serve", "--db"] {
        assert!(stdout(&out).contains(word), "{word} in --help");
    }
}

#[test]
fn the_cli_does_not_link_webkit_or_gtk() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let out = Command::new("ldd").arg(CLI).output().expect("ldd runs");
    let libs = String::from_utf8_lossy(&out.stdout);
    assert!(libs.contains("libc.so"), "ldd listed the libraries: {libs}");
    for forbidden in ["webkit", "gtk", "gdk", "soup", "javascriptcore"] {
        assert!(
            !libs.to_lowercase().contains(forbidden),
            "taizhang-cli links {forbidden}:\n{libs}"
        );
    }
}
