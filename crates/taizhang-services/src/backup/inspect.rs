//! What a copy holds: its office, schema version, and how many records of each
//! kind, read without changing the file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Serialize;

use taizhang_base::error::{Error, Result};
use taizhang_store::store::migrations;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Count {
    pub key: String,
    pub label: String,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupInfo {
    pub office: String,
    pub schema_version: i64,
    /// Made by a newer program: this one cannot restore it.
    pub too_new: bool,
    /// The time of the last change recorded in it.
    pub last_change_at: Option<String>,
    pub counts: Vec<Count>,
    pub size: u64,
}

/// Tables counted besides the registers, with their Chinese names.
const OTHER_TABLES: &[(&str, &str)] = &[
    ("units", "科室与社区"),
    ("service_items", "服务事项"),
    ("service_tallies", "窗口业务数字"),
    ("metrics", "其他数据"),
    ("holiday_years", "节假日安排（年）"),
    ("year_locks", "已锁定年度"),
    ("audit_log", "修改记录"),
];

/// Open a copy (compressed or plain) read-only and describe it.
pub fn inspect(path: &Path) -> Result<BackupInfo> {
    let plain = super::compress::plain(path)?;
    inspect_plain(path, &plain.path)
}

/// Describe `plain`, the plain form of the copy at `path`.
fn inspect_plain(path: &Path, plain: &Path) -> Result<BackupInfo> {
    let not_ours = || Error::NotADatabase {
        path: path.display().to_string(),
    };
    taizhang_store::store::peek_header_version(plain)?.ok_or_else(not_ours)?;
    let conn = Connection::open_with_flags(
        plain,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let mut info = describe(&conn).map_err(|_| not_ours())?;
    info.size = std::fs::metadata(path)?.len();
    Ok(info)
}

/// What a copy in the backups folder holds, remembered by name, size and
/// time: a compressed copy is decompressed to be read, and the list in 设置
/// describes every copy each time it is shown.
pub fn inspect_listed(file: &super::BackupFile) -> Result<BackupInfo> {
    type Key = (PathBuf, u64, Option<SystemTime>);
    static SEEN: Mutex<Option<HashMap<Key, BackupInfo>>> = Mutex::new(None);
    let modified = std::fs::metadata(&file.path)
        .and_then(|m| m.modified())
        .ok();
    let key = (file.path.clone(), file.size, modified);
    let cached = SEEN
        .lock()
        .ok()
        .and_then(|m| m.as_ref()?.get(&key).cloned());
    if let Some(info) = cached {
        return Ok(info);
    }
    let info = inspect(&file.path)?;
    if let Ok(mut seen) = SEEN.lock() {
        seen.get_or_insert_with(HashMap::new)
            .insert(key, info.clone());
    }
    Ok(info)
}

/// Describe an open database (a copy, or one being prepared for a restore).
pub fn describe(conn: &Connection) -> Result<BackupInfo> {
    let schema_version = migrations::user_version(conn)?;
    if !table_exists(conn, "office")? || !table_exists(conn, "audit_log")? {
        return Err(Error::Internal("not a taizhang file".into()));
    }
    let office: String = conn
        .query_row("SELECT name FROM office WHERE id = 1", [], |r| r.get(0))
        .optional()?
        .unwrap_or_default();
    let last_change_at: Option<String> =
        conn.query_row("SELECT max(at) FROM audit_log", [], |r| r.get(0))?;
    let registers = taizhang_records::framework::all()
        .iter()
        .map(|s| (s.key, s.table, s.label));
    let others = OTHER_TABLES.iter().map(|(t, l)| (*t, *t, *l));
    let mut counts = vec![];
    for (key, table, label) in registers.chain(others) {
        if table_exists(conn, table)? {
            // The table name comes from our static specs, never from input.
            let count =
                conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            counts.push(Count {
                key: key.to_string(),
                label: label.to_string(),
                count,
            });
        }
    }
    Ok(BackupInfo {
        office,
        schema_version,
        too_new: schema_version > migrations::latest_version(),
        last_change_at,
        counts,
        size: 0,
    })
}

fn table_exists(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [name],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// The newest copy of the data file at `db_path` that passes SQLite's
/// `integrity_check`, with what it holds: what a damaged file is restored
/// from. Older copies are only checked when the newer ones fail.
pub fn newest_good(db_path: &Path) -> Result<Option<(super::BackupFile, BackupInfo)>> {
    for file in super::list(db_path)? {
        if let Ok(info) = checked(&file.path) {
            return Ok(Some((file, info)));
        }
    }
    Ok(None)
}

/// A compressed copy is checked in its decompressed temporary form.
fn checked(path: &Path) -> Result<BackupInfo> {
    let plain = super::compress::plain(path)?;
    let info = inspect_plain(path, &plain.path)?;
    let conn = Connection::open_with_flags(
        &plain.path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    match taizhang_store::store::health::integrity_check(&conn)? {
        None if !info.too_new => Ok(info),
        _ => Err(Error::conflict("该备份未通过完整性检查")),
    }
}
