use super::migrations::{latest_version, migrate_with, user_version, Migration, MIGRATIONS};
use super::*;
use serde_json::json;

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("taizhang.db");
    (dir, path)
}

fn table_names(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn an_empty_file_is_migrated_to_the_newest_version_with_safe_settings() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    let conn = store.conn();
    assert_eq!(user_version(conn).unwrap(), latest_version());
    assert!(table_names(conn).contains(&"units".to_string()));
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let sync: i64 = conn
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "FULL");
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let timeout: i64 = conn
        .query_row("PRAGMA busy_timeout", [], |r| r.get(0))
        .unwrap();
    assert!(timeout >= 1000);
}

#[test]
fn a_zero_length_file_is_treated_as_new() {
    let (_dir, path) = temp_db();
    std::fs::write(&path, b"").unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(user_version(store.conn()).unwrap(), latest_version());
}

#[test]
fn every_earlier_version_upgrades_and_keeps_its_data() {
    // Every version a file can be at: the steps' numbers need not be contiguous.
    let versions = std::iter::once(0).chain(MIGRATIONS.iter().map(|m| m.version));
    for start in versions.filter(|v| *v < latest_version()) {
        let (_dir, path) = temp_db();
        {
            let mut conn = Connection::open(&path).unwrap();
            migrate_with(&mut conn, MIGRATIONS, start).unwrap();
            assert_eq!(user_version(&conn).unwrap(), start);
            if start >= 1 {
                conn.execute("UPDATE office SET name = '长庆街道办事处' WHERE id = 1", [])
                    .unwrap();
                conn.execute(
                    "INSERT INTO units (name, kind) VALUES ('党政办', 'section')",
                    [],
                )
                .unwrap();
            }
        }
        let store = Store::open(&path).unwrap();
        let conn = store.conn();
        assert_eq!(
            user_version(conn).unwrap(),
            latest_version(),
            "from version {start}"
        );
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
        let fk_problems: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(fk_problems, 0);
        if start >= 1 {
            let name: String = conn
                .query_row("SELECT name FROM office", [], |r| r.get(0))
                .unwrap();
            assert_eq!(name, "长庆街道办事处", "from version {start}");
        }
    }
}

#[test]
fn each_step_alone_moves_exactly_one_version() {
    let mut previous = 0;
    for step in MIGRATIONS {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_with(&mut conn, MIGRATIONS, previous).unwrap();
        assert_eq!(user_version(&conn).unwrap(), previous);
        previous = step.version;
        migrate_with(&mut conn, MIGRATIONS, step.version).unwrap();
        assert_eq!(user_version(&conn).unwrap(), step.version, "{}", step.name);
    }
}

#[test]
fn a_failing_upgrade_step_rolls_back_everything() {
    let broken = [
        Migration {
            version: 1,
            name: "first",
            sql: "CREATE TABLE a (x INTEGER);",
        },
        Migration {
            version: 2,
            name: "second",
            sql: "CREATE TABLE b (y INTEGER); INSERT INTO nowhere VALUES (1);",
        },
    ];
    let mut conn = Connection::open_in_memory().unwrap();
    let err = migrate_with(&mut conn, &broken, 2).unwrap_err();
    assert!(err.to_string().contains("第 2 步"), "{err}");
    assert_eq!(user_version(&conn).unwrap(), 0);
    assert!(
        table_names(&conn).is_empty(),
        "nothing of either step remains"
    );
}

fn file_digest(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn a_newer_schema_is_refused_and_the_file_is_left_untouched() {
    let (dir, path) = temp_db();
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE future (x); INSERT INTO future VALUES (1); PRAGMA user_version = 999;",
        )
        .unwrap();
    }
    let before = file_digest(&path);
    let entries_before = std::fs::read_dir(dir.path()).unwrap().count();

    let err = Store::open(&path).err().expect("refused");
    assert_eq!(err.code(), "schema_too_new");
    assert!(err.to_string().contains("999"));

    assert_eq!(file_digest(&path), before, "not a byte changed");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        entries_before,
        "no -wal or -shm created"
    );
}

#[test]
fn a_newer_schema_in_wal_mode_is_refused_too() {
    let (_dir, path) = temp_db();
    let keep_open = Connection::open(&path).unwrap();
    keep_open
        .execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t (x); PRAGMA user_version = 50;")
        .unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert_eq!(err.code(), "schema_too_new");
    let v: i64 = keep_open
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 50);
}

#[test]
fn a_file_that_is_not_a_database_is_refused_unchanged() {
    let (_dir, path) = temp_db();
    std::fs::write(&path, "这不是数据库，而是一段文字。".repeat(20)).unwrap();
    let before = file_digest(&path);
    let err = Store::open(&path).err().expect("refused");
    assert_eq!(err.code(), "not_a_database");
    assert_eq!(file_digest(&path), before);
}

#[test]
fn reopening_keeps_the_data() {
    let (_dir, path) = temp_db();
    {
        let mut store = Store::open(&path).unwrap();
        store
            .write(|tx| {
                tx.execute("UPDATE office SET name = ?1", ["长庆街道办事处"])?;
                Ok(())
            })
            .unwrap();
        assert!(store.last_saved_at().is_some());
    }
    let store = Store::open(&path).unwrap();
    let name: String = store
        .conn()
        .query_row("SELECT name FROM office", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "长庆街道办事处");
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let result: Result<()> = store.write(|tx| {
        tx.execute(
            "INSERT INTO units (name, kind) VALUES ('党政办', 'section')",
            [],
        )?;
        tx.audit(AuditAction::Create, "units", "党政办", None, None, "")?;
        // The second statement violates the CHECK on kind.
        tx.execute(
            "INSERT INTO units (name, kind) VALUES ('某科', 'planet')",
            [],
        )?;
        Ok(())
    });
    assert!(result.is_err());
    assert!(store.last_saved_at().is_none());
    drop(store);
    let store = Store::open(&path).unwrap();
    let units: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM units", [], |r| r.get(0))
        .unwrap();
    let audits: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!((units, audits), (0, 0));
}

#[test]
fn the_audit_log_is_append_only() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .write(|tx| tx.audit(AuditAction::Create, "units", "1", None, None, ""))
        .unwrap();
    let err = store
        .conn()
        .execute("UPDATE audit_log SET note = 'x'", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"));
    let err = store
        .conn()
        .execute("DELETE FROM audit_log", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"));
}

#[test]
fn a_locked_year_refuses_writes_that_touch_it() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .conn()
        .execute(
            "INSERT INTO year_locks (year, locked_at) VALUES (2023, '2024-01-20T10:00:00+08:00')",
            [],
        )
        .unwrap();
    let err = store
        .write(|tx| tx.ensure_unlocked(&[2024, 2023]))
        .unwrap_err();
    assert_eq!(err.code(), "year_locked");
    assert!(err.to_string().contains("2023年度已锁定"));
    store.write(|tx| tx.ensure_unlocked(&[2024])).unwrap();
}

#[test]
fn two_connections_migrating_at_once_both_succeed() {
    let (_dir, path) = temp_db();
    let p1 = path.clone();
    let p2 = path.clone();
    let a = std::thread::spawn(move || Store::open(&p1).map(|_| ()));
    let b = std::thread::spawn(move || Store::open(&p2).map(|_| ()));
    a.join().unwrap().unwrap();
    b.join().unwrap().unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(user_version(store.conn()).unwrap(), latest_version());
}

#[test]
fn the_db_path_prefers_the_flag_then_the_environment() {
    let flag = PathBuf::from("/tmp/from-flag.db");
    assert_eq!(resolve_db_path(Some(&flag)), flag);
    // The environment case is covered by the CLI tests, which own their
    // environment; here only the default's shape is checked.
    assert!(default_data_dir().ends_with(APP_IDENTIFIER));
}

/// The CLI and the desktop shell share one data file: the default folder is
/// what Tauri's `app_data_dir` gives the shell, `dirs::data_dir()` joined with
/// the identifier in tauri.conf.json (`tests/paths.rs` in taizhang-cli runs the
/// program with a chosen `HOME` and `XDG_DATA_HOME`).
#[test]
fn the_default_data_folder_is_the_desktop_shells_app_data_dir() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for conf in ["tauri.conf.json", "src-tauri/tauri.conf.json"] {
        let text = std::fs::read_to_string(root.join(conf)).unwrap();
        let conf: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(conf["identifier"], APP_IDENTIFIER, "{text}");
    }
    assert_eq!(APP_IDENTIFIER, "cn.taizhang.app");
    let data = dirs::data_dir().expect("a home folder");
    assert_eq!(default_data_dir(), data.join("cn.taizhang.app"));
    #[cfg(target_os = "linux")]
    {
        let xdg = std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute());
        let home = PathBuf::from(std::env::var_os("HOME").expect("HOME is set"));
        let expected = xdg.unwrap_or_else(|| home.join(".local").join("share"));
        assert_eq!(default_data_dir(), expected.join("cn.taizhang.app"));
    }
}

#[test]
fn a_version_5_file_with_applications_upgrades_keeping_them() {
    let (_dir, path) = temp_db();
    {
        let mut conn = Connection::open(&path).unwrap();
        migrate_with(&mut conn, MIGRATIONS, 5).unwrap();
        conn.execute(
            "INSERT INTO applications (id, serial, received_on, applicant_kind, applicant_name,
                request, extended_on, extension_working_days, replied_on, result, fee_yuan, year,
                due_on, correction_due_on, created_at, updated_at)
             VALUES ('a-2023-001', '2023-001', '2023-09-27', 'natural_person', '张某', '电梯',
                '2023-10-20', 10, '2023-11-10', 'granted.full', 100, 2023,
                '2023-11-14', '2023-10-12', '2023-09-27T09:00:00', '2023-11-10T09:00:00')",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let conn = store.conn();
    assert_eq!(user_version(conn).unwrap(), latest_version());
    let row: (String, String, i64, i64, Option<i64>, Option<String>, Option<String>) = conn
        .query_row(
            "SELECT serial, due_on, fee_yuan, correction_needed, item_count, fee_basis, withdrawn_on
             FROM applications WHERE id = 'a-2023-001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
        )
        .unwrap();
    assert_eq!(
        row,
        ("2023-001".into(), "2023-11-14".into(), 100, 0, None, None, None),
        "the old row keeps its values; the new columns read as not given"
    );
}

#[test]
fn version_7_keeps_disclosures_and_lets_formed_on_be_unknown() {
    let (_dir, path) = temp_db();
    {
        let mut conn = Connection::open(&path).unwrap();
        migrate_with(&mut conn, MIGRATIONS, 5).unwrap();
        conn.execute_batch(
            "INSERT INTO units (name, kind) VALUES ('党政办', 'section');
             INSERT INTO disclosures (id, title, category, unit, formed_on, published_on, year,
                 due_on, due_local_on, created_at, updated_at)
             VALUES ('d-1', '通知', '工作动态', '党政办', '2023-03-01', '2023-03-02', 2023,
                 '2023-03-29', '2023-03-10', 'x', 'x');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let conn = store.conn();
    let kept: (String, String, String) = conn
        .query_row(
            "SELECT unit, formed_on, due_local_on FROM disclosures WHERE id = 'd-1'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(kept, ("党政办".into(), "2023-03-01".into(), "2023-03-10".into()));
    conn.execute(
        "INSERT INTO disclosures (id, title, category, published_on, created_at, updated_at)
         VALUES ('d-2', '公告', '工作动态', '2023-04-01', 'x', 'x')",
        [],
    )
    .unwrap();
    // Undated twice over is refused: a record needs one of its dates.
    let both_missing = conn.execute(
        "INSERT INTO disclosures (id, title, category, created_at, updated_at)
         VALUES ('d-3', '公告', '工作动态', 'x', 'x')",
        [],
    );
    assert!(both_missing.is_err());
    // Renaming a unit still cascades into the rebuilt table.
    conn.execute("UPDATE units SET name = '综合办' WHERE name = '党政办'", [])
        .unwrap();
    let unit: String = conn
        .query_row("SELECT unit FROM disclosures WHERE id = 'd-1'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(unit, "综合办");
}

#[test]
fn version_8_adds_the_district_roster_and_keeps_a_version_7_file() {
    let (_dir, path) = temp_db();
    {
        let mut conn = Connection::open(&path).unwrap();
        migrate_with(&mut conn, MIGRATIONS, 7).unwrap();
        assert_eq!(user_version(&conn).unwrap(), 7);
        conn.execute_batch(
            "UPDATE office SET name = '某区政府办公室' WHERE id = 1;
             INSERT INTO units (name, kind) VALUES ('党政办', 'section');
             INSERT INTO disclosures (id, title, category, unit, published_on, year,
                 created_at, updated_at)
             VALUES ('d-1', '通知', '工作动态', '党政办', '2023-03-02', 2023, 'x', 'x');",
        )
        .unwrap();
        assert!(!table_names(&conn).contains(&"district_roster".to_string()));
    }
    let store = Store::open(&path).unwrap();
    let conn = store.conn();
    assert_eq!(user_version(conn).unwrap(), latest_version());
    let kept: (String, String) = conn
        .query_row(
            "SELECT o.name, d.title FROM office o, disclosures d WHERE d.id = 'd-1'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(kept, ("某区政府办公室".into(), "通知".into()));
    conn.execute(
        "INSERT INTO district_roster (name, code, position) VALUES ('长庆街道办事处', NULL, 1),
             ('潮鸣街道办事处', NULL, 2), ('武林街道办事处', '11330103002', 3)",
        [],
    )
    .unwrap();
    // Names and codes are unique; unknown codes (NULL) do not collide.
    assert!(conn
        .execute(
            "INSERT INTO district_roster (name) VALUES ('长庆街道办事处')",
            []
        )
        .is_err());
    assert!(conn
        .execute(
            "INSERT INTO district_roster (name, code) VALUES ('米市巷街道', '11330103002')",
            []
        )
        .is_err());
    assert!(conn
        .execute("INSERT INTO district_roster (name) VALUES ('  ')", [])
        .is_err());
}

#[test]
fn version_9_gives_every_register_record_a_version_keeping_its_data() {
    let (_dir, path) = temp_db();
    {
        let mut conn = Connection::open(&path).unwrap();
        migrate_with(&mut conn, MIGRATIONS, 8).unwrap();
        conn.execute_batch(
            "INSERT INTO disclosures (id, title, category, published_on, year, created_at, updated_at)
             VALUES ('d-1', '通知', '工作动态', '2023-03-02', 2023, 'x', 'y');
             INSERT INTO messages (id, received_on, topic, year, created_at, updated_at)
             VALUES ('m-1', '2023-05-01', '路灯', 2023, 'x', 'y');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let conn = store.conn();
    assert_eq!(user_version(conn).unwrap(), latest_version());
    let disclosure: (String, String, i64) = conn
        .query_row(
            "SELECT title, updated_at, version FROM disclosures WHERE id = 'd-1'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(disclosure, ("通知".into(), "y".into(), 1));
    let message: (String, i64) = conn
        .query_row(
            "SELECT topic, version FROM messages WHERE id = 'm-1'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(message, ("路灯".into(), 1));
    for table in [
        "disclosures",
        "normative_documents",
        "messages",
        "proposals",
        "spot_checks",
        "applications",
        "appeals",
    ] {
        let has: i64 = conn
            .query_row(
                "SELECT count(*) FROM pragma_table_info(?1) WHERE name = 'version' AND \"notnull\" = 1",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(has, 1, "{table} has a version");
    }
}

#[test]
fn while_collecting_creations_are_noted_and_changes_still_audited() {
    let mut store = Store::open_in_memory().unwrap();
    let added = store
        .write(|tx| {
            tx.audit(AuditAction::Create, "units", "0", None, None, "before")?;
            tx.collect_added();
            tx.audit(AuditAction::Create, "units", "1", None, Some(&json!({"a": 1})), "")?;
            tx.audit(AuditAction::Create, "messages", "m1", None, Some(&json!({})), "")?;
            tx.audit(AuditAction::Create, "units", "2", None, Some(&json!({})), "")?;
            tx.audit(
                AuditAction::Update,
                "units",
                "0",
                Some(&json!({"a": 1})),
                Some(&json!({"a": 2})),
                "",
            )?;
            Ok(tx.take_added())
        })
        .unwrap();
    assert_eq!(added["units"], vec!["1", "2"]);
    assert_eq!(added["messages"], vec!["m1"]);
    let logged: Vec<(String, String)> = store
        .conn()
        .prepare("SELECT action, record_id FROM audit_log ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(
        logged,
        vec![("create".into(), "0".into()), ("update".into(), "0".into())]
    );
    // Collecting ends with the take: a later creation is audited again.
    store
        .write(|tx| tx.audit(AuditAction::Create, "units", "3", None, None, ""))
        .unwrap();
    let n: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM audit_log WHERE record_id = '3'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn version_10_adds_the_trial_cells_and_keeps_a_version_9_files_data() {
    let (_dir, path) = temp_db();
    {
        let mut conn = Connection::open(&path).unwrap();
        migrate_with(&mut conn, MIGRATIONS, 9).unwrap();
        conn.execute_batch(
            "INSERT INTO annual_figures (year, licensing_decisions, penalty_decisions,
                 enforcement_decisions, fees_wan_yuan, updated_at)
             VALUES (2020, 12, 3, 1, 2.5, 'x');
             INSERT INTO narratives (year, template, section, text, updated_at)
             VALUES (2020, 'summary', 'plans', '继续推进。', 'x');",
        )
        .unwrap();
        assert!(!table_names(&conn).contains(&"table2_trial_cells".to_string()));
    }
    let store = Store::open(&path).unwrap();
    let conn = store.conn();
    assert!(latest_version() >= 10);
    assert_eq!(user_version(conn).unwrap(), latest_version());
    let kept: (i64, f64, String) = conn
        .query_row(
            "SELECT a.licensing_decisions, a.fees_wan_yuan, n.text
             FROM annual_figures a JOIN narratives n ON n.year = a.year WHERE a.year = 2020",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(kept, (12, 2.5, "继续推进。".into()));
    conn.execute(
        "INSERT INTO table2_trial_cells (year, cell, value, updated_at)
         VALUES (2020, 'procurement.amount', 12.5, 'x')",
        [],
    )
    .unwrap();
    // One value per year and cell.
    let again = conn.execute(
        "INSERT INTO table2_trial_cells (year, cell, value, updated_at)
         VALUES (2020, 'procurement.amount', 1, 'x')",
        [],
    );
    assert!(again.is_err());
}
