//! Folders and files whose names have Chinese characters and spaces, as a
//! clerk's are (`D:\台账 资料\2018 年\…`): the data file, its backups and
//! every export, run through the real CLI on real files.
//! The same on Windows: tests/windows/cli.wine.test.mjs.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;

use common::CLI;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/changqing-2018.json")
}

fn cli_in(cwd: &Path, db: &Path, args: &[&Path]) -> Output {
    common::command(db)
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("the CLI runs")
}

fn ok(out: Output) -> String {
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "stdout: {text}\nstderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

fn p(s: &str) -> &Path {
    Path::new(s)
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// The office name a taizhang file (or a compressed backup) holds, read with
/// SQLite directly.
fn office_in(db: &Path) -> String {
    let plain = taizhang_core::backup::compress::plain(db).unwrap();
    let conn = rusqlite::Connection::open_with_flags(
        &plain.path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    conn.query_row("SELECT name FROM office WHERE id = 1", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn data_file_backups_and_exports_in_folders_with_chinese_names_and_spaces() {
    let root = tempfile::tempdir().unwrap();
    let data_dir = root.path().join("数据 文件夹");
    let db = data_dir.join("台账 2018.db");
    let exports = root.path().join("导出 文件").join("2018 年");
    let cwd = &data_dir;
    std::fs::create_dir_all(cwd).unwrap();

    let out = ok(cli_in(cwd, &db, &[p("import"), &fixture()]));
    assert!(out.contains("已导入"), "{out}");
    assert_eq!(office_in(&db), "长庆街道办事处");

    // Exports into a folder that does not exist yet; the folder is made.
    let package = exports.join("数据包 2018.json");
    ok(cli_in(
        cwd,
        &db,
        &[
            p("export-data"),
            p("--year"),
            p("2018"),
            p("--out"),
            &package,
        ],
    ));
    let exported: Value =
        serde_json::from_str(&std::fs::read_to_string(&package).unwrap()).unwrap();
    assert_eq!(exported["office"]["name"], "长庆街道办事处");
    // 2018 has no standard report (the format dates from 2019): its summary is the Word file.
    for (template, format) in [
        ("summary", "docx"),
        ("summary", "html"),
        ("ledger", "xlsx"),
    ] {
        let file = exports.join(format!("年报 {template}.{format}"));
        let said = ok(cli_in(
            cwd,
            &db,
            &[
                p("report"),
                p("--year"),
                p("2018"),
                p("--template"),
                p(template),
                p("--format"),
                p(format),
                p("--out"),
                &file,
            ],
        ));
        assert!(said.contains(file.to_str().unwrap()), "{said}");
        let bytes = std::fs::read(&file).unwrap();
        if format == "html" {
            assert!(String::from_utf8(bytes).unwrap().contains("长庆街道办事处"));
        } else {
            assert_eq!(&bytes[..2], b"PK", "{format} is a zip");
        }
    }
    // Without --out: the report's own Chinese name, in the current folder.
    let said = ok(cli_in(
        cwd,
        &db,
        &[
            p("report"),
            p("--year"),
            p("2018"),
            p("--template"),
            p("summary"),
            p("--format"),
            p("docx"),
        ],
    ));
    let default_name = "长庆街道办事处2018年政务公开工作总结.docx";
    assert!(said.contains(default_name), "{said}");
    assert_eq!(&std::fs::read(cwd.join(default_name)).unwrap()[..2], b"PK");
    // No temporary file is left beside any export.
    assert!(
        names(&exports).iter().all(|n| !n.starts_with('.')),
        "{:?}",
        names(&exports)
    );

    // A backup to a "USB stick" folder with a space; it holds the data.
    let stick = root.path().join("U 盘").join("备份 1.db");
    let said = ok(cli_in(cwd, &db, &[p("backup"), p("--out"), &stick]));
    assert!(said.contains("备份 1.db"), "{said}");
    assert_eq!(office_in(&stick), "长庆街道办事处");
    assert_eq!(names(stick.parent().unwrap()), vec!["备份 1.db"]);

    // Change the data, restore the copy: the replaced data goes to backups/
    // beside the data file, named after it.
    let other = root.path().join("别的 单位.json");
    std::fs::write(
        &other,
        r#"{"format": "taizhang.dataset/1", "office": {"name": "别的街道"}}"#,
    )
    .unwrap();
    ok(cli_in(cwd, &db, &[p("import"), &other]));
    assert_eq!(office_in(&db), "别的街道");
    let said = ok(cli_in(cwd, &db, &[p("restore"), &stick]));
    assert!(said.contains("恢复前的数据已另存为"), "{said}");
    assert_eq!(office_in(&db), "长庆街道办事处");
    let kept = names(&data_dir.join("backups"));
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(
        kept[0].starts_with("台账 2018-") && kept[0].ends_with("-before-restore.db.zst"),
        "{kept:?}"
    );
    assert_eq!(
        office_in(&data_dir.join("backups").join(&kept[0])),
        "别的街道"
    );
}

#[test]
fn a_failed_export_names_the_chinese_path_and_leaves_no_temporary_file() {
    let root = tempfile::tempdir().unwrap();
    let data_dir = root.path().join("数据 文件夹");
    let db = data_dir.join("台账.db");
    std::fs::create_dir_all(&data_dir).unwrap();
    ok(cli_in(&data_dir, &db, &[p("import"), &fixture()]));
    // The target is an existing folder: the final rename cannot replace it.
    let target = root.path().join("年度 报告.docx");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("占位"), "").unwrap();
    for args in [
        vec![
            p("report"),
            p("--year"),
            p("2018"),
            p("--template"),
            p("summary"),
            p("--format"),
            p("docx"),
            p("--out"),
            &target,
        ],
        vec![p("export-data"), p("--out"), &target],
    ] {
        let out = cli_in(&data_dir, &db, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with(&format!("错误：无法写入文件 {}：", target.display())),
            "{err}"
        );
        assert_eq!(names(root.path()), vec!["年度 报告.docx", "数据 文件夹"]);
    }
    // A missing package is named in the error.
    let missing = root.path().join("没有 这个.json");
    let out = cli_in(&data_dir, &db, &[p("import"), &missing]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!(
            "错误：无法读取文件 {}：文件或所在文件夹不存在",
            missing.display()
        )),
        "{err}"
    );
}

#[test]
fn browser_mode_makes_its_automatic_backup_beside_a_data_file_in_a_chinese_folder() {
    let root = tempfile::tempdir().unwrap();
    let data_dir = root.path().join("数据 文件夹");
    let db = data_dir.join("台账 2018.db");
    std::fs::create_dir_all(&data_dir).unwrap();
    ok(cli_in(&data_dir, &db, &[p("import"), &fixture()]));
    let mut child = Command::new(CLI)
        .current_dir(&data_dir)
        .arg("--db")
        .arg(&db)
        .args(["serve", "--port", "0"])
        .env_remove("TAIZHANG_DB")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url_line = lines
        .by_ref()
        .map(Result::unwrap)
        .find(|l| l.starts_with("请用浏览器打开："));
    let backups = data_dir.join("backups");
    let started = Instant::now();
    let made = loop {
        let found = std::fs::read_dir(&backups)
            .map(|d| {
                d.flatten()
                    .map(|e| e.path())
                    .find(|p| p.to_string_lossy().ends_with("-auto.db.zst"))
            })
            .unwrap_or(None);
        if found.is_some() || started.elapsed() > Duration::from_secs(30) {
            break found;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let _ = child.kill();
    let _ = child.wait();
    assert!(url_line.is_some(), "serve printed its URL");
    let made = made.expect("an automatic backup within 30 s");
    let name = made.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("台账 2018-"), "{name}");
    assert_eq!(office_in(&made), "长庆街道办事处");
}

/// Without `--db` or `TAIZHANG_DB` the data file is `taizhang.db` in the
/// per-user data folder the desktop shell uses (Tauri's `app_data_dir`):
/// `$XDG_DATA_HOME/cn.taizhang.app`, else `~/.local/share/cn.taizhang.app`.
#[cfg(target_os = "linux")]
#[test]
fn without_a_data_file_named_the_default_is_in_the_users_data_folder() {
    let root = tempfile::tempdir().unwrap();
    let home = root.path().join("用户 主目录");
    let xdg = root.path().join("数据 目录");
    std::fs::create_dir_all(&home).unwrap();
    let import = |xdg_data_home: Option<&Path>| {
        let mut command = Command::new(CLI);
        command
            .current_dir(root.path())
            .arg("import")
            .arg(fixture())
            .env_remove("TAIZHANG_DB")
            .env_remove("XDG_DATA_HOME")
            .env("HOME", &home);
        if let Some(dir) = xdg_data_home {
            command.env("XDG_DATA_HOME", dir);
        }
        ok(command.output().expect("the CLI runs"));
    };
    import(None);
    let default = home.join(".local/share/cn.taizhang.app/taizhang.db");
    assert_eq!(office_in(&default), "长庆街道办事处");
    import(Some(&xdg));
    assert_eq!(
        office_in(&xdg.join("cn.taizhang.app/taizhang.db")),
        "长庆街道办事处"
    );
    // A relative XDG_DATA_HOME is ignored, as the XDG specification says.
    import(Some(Path::new("relative")));
    assert!(!root.path().join("relative").exists());
}
