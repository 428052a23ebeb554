//! The command-line program, run as a real process on real data files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

mod common;

use common::{cli, CLI};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// `report --year 2018` with more arguments.
fn report_2018(db: &Path, args: &[&str]) -> Output {
    cli(db, &[&["report", "--year", "2018"], args].concat())
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
    // Command-line mistakes: exit code 2, a Chinese first line naming the kind of mistake.
    for (args, says) in [
        (&["no-such-command"][..], "没有这个命令"),
        (&["report", "--year"][..], "参数的值不正确"),
        (&["import"][..], "缺少必需的参数"),
        (&["check", "--year", "2023", "--frob"][..], "无法识别的参数"),
    ] {
        let out = cli(&db, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let first = stderr(&out).lines().next().unwrap_or_default().to_string();
        assert!(
            first.starts_with(&format!("错误：{says}")),
            "{args:?}: {first}"
        );
    }
    // A template or format that does not exist: the same kind of mistake,
    // and clap lists the ones there are.
    for (args, listed) in [
        (
            &["report", "--year", "2018", "--template", "yearly"][..],
            "[possible values: standard, summary, ledger]",
        ),
        (
            &["report", "--year", "2018", "--format", "doc"][..],
            "[possible values: docx, html, xlsx, pdf, json]",
        ),
    ] {
        let out = cli(&db, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let text = stderr(&out);
        assert!(text.starts_with("错误：参数的值不正确"), "{args:?}: {text}");
        assert!(text.contains(listed), "{args:?}: {text}");
    }
}

#[test]
fn a_newer_data_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("future.db");
    rusqlite_free_sqlite_file(&db);
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
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("taizhang.db");
    let package = dir.path().join("a.json");
    std::fs::write(
        &package,
        r#"{"format":"taizhang.dataset/1","applications":[{"id":"a-2018-001","received_on":"2018-06-04",
            "applicant_kind":"natural_person","applicant_name":"张某","applicant_contact":"13800000000",
            "channel":"online","request":"某项信息","replied_on":"2018-06-20","result":"disclosed","fee_yuan":0}]}"#,
    )
    .unwrap();
    assert!(cli(&db, &["import", package.to_str().unwrap()])
        .status
        .success());
    let plain = dir.path().join("plain.json");
    let out = cli(
        &db,
        &[
            "export-data",
            "--out",
            plain.to_str().unwrap(),
            "--year",
            "2018",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&plain).unwrap();
    assert!(text.contains("a-2018-001"));
    assert!(
        !text.contains("张某") && !text.contains("13800000000"),
        "no personal data without the flag"
    );
    let full = dir.path().join("full.json");
    let out = cli(
        &db,
        &[
            "export-data",
            "--out",
            full.to_str().unwrap(),
            "--year",
            "2018",
            "--with-personal-data",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("含申请人个人信息"));
    assert_eq!(
        read_json(&full)["applications"][0]["applicant_name"],
        "张某"
    );
    // Reports never carry it either.
    let report = cli(&db, &["report", "--year", "2018"]);
    assert!(!stdout(&report).contains("张某"));
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

#[test]
fn backup_and_restore_put_the_data_back_and_keep_the_replaced_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("taizhang.db");
    let fixture_path = fixture("changqing-2018.json");
    assert!(cli(&db, &["import", fixture_path.to_str().unwrap()])
        .status
        .success());
    let copy = dir.path().join("stick").join("copy.db");
    let out = cli(&db, &["backup", "--out", copy.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("已备份到"));
    let again = cli(&db, &["backup", "--out", copy.to_str().unwrap()]);
    assert!(
        !again.status.success(),
        "an existing file is not overwritten"
    );
    assert!(stderr(&again).contains("已存在"));

    // Change the data (another office name), then restore.
    let changed = dir.path().join("changed.json");
    std::fs::write(
        &changed,
        r#"{"format": "taizhang.dataset/1", "office": {"name": "别的街道"}}"#,
    )
    .unwrap();
    assert!(cli(&db, &["import", changed.to_str().unwrap()])
        .status
        .success());
    let out = cli(&db, &["restore", copy.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("恢复前的数据已另存为"),
        "{}",
        stdout(&out)
    );

    let exported = dir.path().join("out.json");
    assert!(
        cli(&db, &["export-data", "--out", exported.to_str().unwrap()])
            .status
            .success()
    );
    assert_eq!(read_json(&exported)["office"]["name"], "长庆街道办事处");
    let kept: Vec<String> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        kept.iter().any(|n| n.ends_with("-before-restore.db.zst")),
        "{kept:?}"
    );

    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "not a database").unwrap();
    let out = cli(&db, &["restore", junk.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("不是台账数据文件"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_report_prints_json_and_check_fails_on_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("taizhang.db");
    assert!(cli(
        &db,
        &["import", fixture("changqing-2018.json").to_str().unwrap()]
    )
    .status
    .success());
    let out = cli(&db, &["report", "--year", "2018"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let figures: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(figures["format"], "taizhang.report/1");
    assert_eq!(figures["service_tallies"][0]["count"], 1200);
    let total: u64 = figures["service_tallies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["count"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 5247);
    assert_eq!(
        figures["metrics"][0],
        serde_json::json!({"name": "志愿者队伍", "unit": "支", "value": 6})
    );
    // 2018 had no standard format yet: the one check says so.
    let codes: Vec<&str> = figures["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["review.format.year"]);
    assert_eq!(stderr(&out), "", "no reminder without errors");

    let out = cli(&db, &["check", "--year", "2018"]);
    assert!(out.status.success(), "{}", stdout(&out));

    // A narrative naming a figure that does not exist is an error: check fails, export refuses.
    let package = dir.path().join("narrative.json");
    std::fs::write(
        &package,
        r#"{"format":"taizhang.dataset/1","narratives":[{"year":2018,"template":"standard","section":"other","text":"{{nope}}"}]}"#,
    )
    .unwrap();
    assert!(cli(&db, &["import", package.to_str().unwrap()])
        .status
        .success());
    let out = cli(&db, &["check", "--year", "2018"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("错误"), "{}", stdout(&out));
    assert!(stderr(&out).contains("1 处错误"), "{}", stderr(&out));
    // (2018 has no standard report — refused on its own, saying why — so the summary stands for the documents.)
    let docx = dir.path().join("r.docx");
    let out = report_2018(&db, &["--format", "docx", "--out", docx.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("自2019年度起"), "{}", stderr(&out));
    let out = report_2018(
        &db,
        &["--template", "summary", "--format", "docx", "--out", docx.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(!docx.exists());
    assert!(stderr(&out).contains("nope"), "{}", stderr(&out));

    // The data file still comes out, with the error in its checks: on stdout …
    let out = report_2018(&db, &["--template", "standard", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let figures: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let errors: Vec<&Value> = figures["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["level"] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{}", figures["checks"]);
    assert!(
        errors[0]["message"].as_str().unwrap().contains("nope"),
        "{}",
        errors[0]
    );
    assert_eq!(figures["service_tallies"][0]["count"], 1200);
    assert!(stderr(&out).contains("1 处错误"), "{}", stderr(&out));
    // … and into a file.
    let json_file = dir.path().join("r.json");
    let out = report_2018(
        &db,
        &["--format", "json", "--out", json_file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(read_json(&json_file)["checks"], figures["checks"]);
}

#[test]
fn the_report_help_says_how_errors_affect_the_exit_code() {
    let out = Command::new(CLI)
        .args(["report", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = stdout(&out);
    assert!(help.contains("json 照常导出"), "{help}");
    assert!(help.contains("check 命令"), "{help}");
}

#[test]
fn the_report_writes_a_docx_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("taizhang.db");
    assert!(cli(
        &db,
        &["import", fixture("changqing-2018.json").to_str().unwrap()]
    )
    .status
    .success());
    let docx = dir.path().join("r.docx");
    let out = cli(
        &db,
        &[
            "report",
            "--year",
            "2018",
            "--template",
            "summary",
            "--format",
            "docx",
            "--out",
            docx.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        &std::fs::read(&docx).unwrap()[..2],
        b"PK",
        "a zip container"
    );
    let out = cli(
        &db,
        &[
            "report",
            "--year",
            "2018",
            "--template",
            "ledger",
            "--format",
            "docx",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("不能导出为"), "{}", stderr(&out));
}

#[test]
fn consolidation_sums_two_offices_into_a_workbook_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("unused.db");
    let sample = fixture("changqing-2018.json");
    let other = dir.path().join("other.json");
    let mut second = read_json(&sample);
    second["office"]["name"] = Value::from("潮鸣街道办事处");
    std::fs::write(&other, second.to_string()).unwrap();
    let consolidate = |inputs: &[&Path], out: &Path| {
        let mut args: Vec<&str> = vec!["consolidate"];
        args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
        args.extend(["--year", "2018", "--out", out.to_str().unwrap()]);
        cli(&db, &args)
    };

    let json_out = dir.path().join("district.json");
    let out = consolidate(&[&sample, &other], &json_out);
    assert!(out.status.success(), "{}", stderr(&out));
    let c = read_json(&json_out);
    assert_eq!(c["offices"].as_array().unwrap().len(), 2);
    let total: u64 = c["total"]["service_tallies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["count"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 2 * 5247);

    let xlsx = dir.path().join("district.xlsx");
    let out = consolidate(&[&sample, &other], &xlsx);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(&std::fs::read(&xlsx).unwrap()[..2], b"PK");

    let out = consolidate(&[Path::new("/nonexistent.json")], &xlsx);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_file_that_cannot_be_written_or_read_is_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("taizhang.db");
    // A folder that cannot be made: its would-be parent is a file.
    let blocker = dir.path().join("blocker");
    std::fs::write(&blocker, "").unwrap();
    let target = |name: &str| blocker.join(name).to_str().unwrap().to_string();
    for (args, path) in [
        (
            vec!["export-data".to_string(), "--out".into(), target("x.json")],
            target("x.json"),
        ),
        (
            vec![
                "export-data".to_string(),
                "--year".into(),
                "2023".into(),
                "--out".into(),
                target("y.json"),
            ],
            target("y.json"),
        ),
        (
            vec![
                "report".to_string(),
                "--year".into(),
                "2023".into(),
                "--out".into(),
                target("r.json"),
            ],
            target("r.json"),
        ),
        (
            vec!["backup".to_string(), "--out".into(), target("b.db")],
            target("b.db"),
        ),
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = cli(&db, &args);
        assert!(!out.status.success(), "{args:?}");
        assert!(
            stderr(&out).starts_with(&format!("错误：无法写入文件 {path}：")),
            "{args:?}: {}",
            stderr(&out)
        );
    }

    let missing = dir.path().join("missing.json");
    let missing = missing.to_str().unwrap();
    for command in ["import", "restore"] {
        let out = cli(&db, &[command, missing]);
        assert!(!out.status.success());
        assert!(
            stderr(&out).starts_with(&format!(
                "错误：无法读取文件 {missing}：文件或所在文件夹不存在"
            )),
            "{command}: {}",
            stderr(&out)
        );
    }
}

/// The 主动公开 台账 of `tests/fixtures/ledgers/` (built by the records
/// crate's `ledger_tests`): merged title, 序号, two sheets, four date
/// spellings, 合计 and 填表人/审核人 rows, no 形成日期.
fn ledger_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ledgers/disclosures-2023.xlsx")
}

fn disclosure_count(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT count(*) FROM disclosures", [], |r| r.get(0)).unwrap()
}

#[test]
fn a_clerks_ledger_imports_all_or_nothing_and_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("taizhang.db");
    let file = ledger_fixture();
    let file = file.to_str().unwrap();

    let refused = cli(&db, &["import", file]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("上半年!D3：科室“党政办”不存在"), "{}", stderr(&refused));
    assert_eq!(disclosure_count(&db), 0, "all or nothing");

    let dry = cli(&db, &["import", file, "--dry-run", "--add-missing"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(stdout(&dry).contains("将新增 8 条"), "{}", stdout(&dry));
    assert_eq!(disclosure_count(&db), 0, "a dry run writes nothing");

    let done = cli(&db, &["import", file, "--add-missing"]);
    assert!(done.status.success(), "{}", stderr(&done));
    let out = stdout(&done);
    assert!(out.contains("跳过 上半年!第11行（签名/落款行）：填表人：张三 审核人：李某"), "{out}");
    assert!(out.contains("已加入设置：科室“社区办”"), "{out}");
    assert!(out.contains("新增 8 条"), "{out}");
    assert!(out.contains("8 条没有形成日期"), "{out}");
    assert_eq!(disclosure_count(&db), 8);

    let again = cli(&db, &["import", file, "--register", "disclosures"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(stdout(&again).contains("新增 0 条，8 条以前导入过"));
    assert_eq!(disclosure_count(&db), 8, "re-import adds nothing");
}

#[test]
fn ledger_options_are_refused_for_a_data_package() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("taizhang.db");
    let out = cli(&db, &["import", "x.json", "--dry-run"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("只用于导入台账"), "{}", stderr(&out));
}

#[test]
fn a_prose_contradiction_and_a_street_offices_rules_are_checks_of_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("taizhang.db");
    let package = dir.path().join("office.json");
    std::fs::write(
        &package,
        r#"{"format":"taizhang.dataset/1",
            "office":{"name":"长庆街道办事处","kind":"street"},
            "normative_documents":[{"id":"n-1","kind":"rule","title":"某管理办法","issued_on":"2023-04-01"}],
            "narratives":[{"year":2023,"template":"standard","section":"overview","text":"本年度收到政府信息公开申请5件。"}]}"#,
    )
    .unwrap();
    let out = cli(&db, &["import", package.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = cli(&db, &["report", "--year", "2023", "--format", "json"]);
    assert!(
        out.status.success(),
        "warnings do not block: {}",
        stderr(&out)
    );
    let figures: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let checks: Vec<(&str, &str, &Value)> = figures["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["code"].as_str().unwrap().starts_with("review."))
        .map(|c| {
            (
                c["code"].as_str().unwrap(),
                c["level"].as_str().unwrap(),
                &c["records"],
            )
        })
        .collect();
    assert_eq!(
        checks,
        [
            (
                "review.prose.applications_new",
                "warning",
                &serde_json::json!(["narratives.standard.overview"])
            ),
            (
                "review.office.rules",
                "warning",
                &serde_json::json!(["n-1"])
            ),
        ]
    );
}

#[test]
fn consolidation_reports_the_roster_of_the_data_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("district.db");
    // The district's roster, brought in by a package.
    let roster = dir.path().join("roster.json");
    std::fs::write(
        &roster,
        serde_json::json!({"format": "taizhang.dataset/1", "office": {"name": "某区政府办公室"},
            "district_roster": [{"name": "长庆街道"}, {"name": "潮鸣街道"}, {"name": "武林街道"}]})
        .to_string(),
    )
    .unwrap();
    let out = cli(&db, &["import", roster.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let sample = fixture("changqing-2018.json");
    let other = dir.path().join("chaoming.json");
    let mut second = read_json(&sample);
    second["office"]["name"] = Value::from("潮鸣街道办");
    second["year"] = Value::from(2017);
    std::fs::write(&other, second.to_string()).unwrap();
    let json_out = dir.path().join("district.json");
    let out = cli(
        &db,
        &[
            "consolidate",
            sample.to_str().unwrap(),
            other.to_str().unwrap(),
            "--year",
            "2018",
            "--out",
            json_out.to_str().unwrap(),
        ],
    );
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{}{}", text, stderr(&out));
    assert!(
        text.contains("长庆街道 已报送（changqing-2018.json）"),
        "{text}"
    );
    assert!(
        text.contains("潮鸣街道 年度不符（chaoming.json）：数据包是2017年度的"),
        "{text}"
    );
    assert!(text.contains("武林街道 未报送"), "{text}");
    assert!(
        text.contains("提醒 [roster.missing] 名单中 1 个单位没有报送2018年度数据包：武林街道"),
        "{text}"
    );
    let c = read_json(&json_out);
    assert_eq!(
        c["offices"].as_array().unwrap().len(),
        1,
        "another year's package is not summed"
    );
    assert_eq!(c["roster"][2]["status"], "missing");
}

/// Run the program on a PC whose today is `today`.
fn cli_on(db: &Path, today: &str, args: &[&str]) -> Output {
    common::command(db)
        .args(args)
        .env("TAIZHANG_TODAY", today)
        .output()
        .expect("the CLI runs")
}

#[test]
fn a_clock_before_the_newest_record_is_warned_of_on_stderr_and_the_command_still_runs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("taizhang.db");
    let sample = fixture("changqing-2018.json");
    let out = cli_on(&db, "2019-01-15", &["import", sample.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("电脑的日期"), "{}", stderr(&out));

    // The PC now shows a day two years before the records it holds.
    let exported = dir.path().join("out.json");
    let out = cli_on(&db, "2016-06-01", &["export-data", "--out", exported.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with("警告：电脑的日期可能不对：电脑显示今天是 2016-06-01"),
        "{err}"
    );
    assert!(err.contains("是 2018-"), "names the record's date: {err}");
    assert!(err.contains("请先改正电脑的日期和时间"), "{err}");
    assert_eq!(read_json(&exported)["office"]["name"], "长庆街道办事处");
    assert!(!stdout(&out).contains("电脑的日期"), "stdout is the command's own");
}

/// One application whose fee was served 2023-09-28 and never paid (its
/// payment period ran out on 2023-11-01).
fn unpaid_fee_package(dir: &Path) -> PathBuf {
    let path = dir.join("fee.json");
    std::fs::write(
        &path,
        serde_json::json!({"format": "taizhang.dataset/1",
            "applications": [{"id": "A-1", "received_on": "2023-09-25", "applicant_kind": "natural_person",
                "channel": "online", "request": "申请公开某小区加装电梯的审批材料",
                "fee_basis": "per_page", "fee_pages": 120, "fee_yuan": 1100,
                "fee_notice_on": "2023-09-27", "fee_served_on": "2023-09-28"}]})
        .to_string(),
    )
    .unwrap();
    path
}

#[test]
fn a_check_cut_off_at_today_says_which_day_it_counted_from() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("taizhang.db");
    let package = unpaid_fee_package(dir.path());
    let out = cli_on(&db, "2023-12-05", &["import", package.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Within the year, the lapse is judged on today: the warning names it.
    let out = cli_on(&db, "2023-12-05", &["check", "--year", "2023"]);
    let said = stdout(&out);
    let line = said
        .lines()
        .find(|l| l.contains("applications.fee_unpaid_open"))
        .unwrap_or_else(|| panic!("{said}\n{}", stderr(&out)));
    assert!(line.contains("缴费期限已过（按今天（2023-12-05）计算）"), "{line}");
    // After the year, it is judged on 31 December: no today in the words.
    let out = cli_on(&db, "2024-02-01", &["check", "--year", "2023"]);
    let said = stdout(&out);
    let line = said
        .lines()
        .find(|l| l.contains("applications.fee_unpaid_open"))
        .unwrap_or_else(|| panic!("{said}"));
    assert!(!line.contains("按今天"), "{line}");
}

#[test]
fn an_import_lists_the_records_it_kept_in_their_newer_version() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("taizhang.db");
    let write = |name: &str, exported_at: &str, topic: &str| {
        let path = dir.path().join(name);
        std::fs::write(
            &path,
            serde_json::json!({"format": "taizhang.dataset/1", "exported_at": exported_at,
                "messages": [{"id": "m-1", "received_on": "2024-03-01", "topic": topic}]})
            .to_string(),
        )
        .unwrap();
        path
    };
    let now = write("now.json", "2099-01-01T09:00:00+08:00", "后来的版本");
    assert!(cli(&db, &["import", now.to_str().unwrap()]).status.success());
    // A package an older program exported long before: the record stays.
    let old = write("old.json", "2020-01-01T09:00:00+08:00", "早先的版本");
    let out = cli(&db, &["import", old.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("本机版本较新、未被替换：1 条"), "{text}");
    assert!(text.contains("网友留言“m-1”（后来的版本）：本机的版本较新"), "{text}");
    let exported = dir.path().join("out.json");
    assert!(cli(&db, &["export-data", "--out", exported.to_str().unwrap()]).status.success());
    assert_eq!(read_json(&exported)["messages"][0]["topic"], "后来的版本");
}
