//! Whether the data file is whole, and what the open connection does when it
//! is not. A damaged file is found by SQLite's `quick_check` at launch (on a
//! thread of its own for a large file) and after any "malformed" or I/O
//! error; from then on writes are refused (`Error::Damaged`) so that nothing
//! more is built on broken pages, until a restore replaces the file.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OpenFlags};

use taizhang_base::error::{Error, Result};
use taizhang_base::fault::Fault;

/// Above this size the launch check runs in the background: `quick_check`
/// reads every page, a few seconds for a ten-year file.
pub const CHECK_IN_BACKGROUND_ABOVE: u64 = 32 * 1024 * 1024;

/// What the last check found, shared with the background check.
#[derive(Clone, Default)]
pub struct Health(Arc<Mutex<Option<String>>>);

impl Health {
    /// SQLite's first finding when the file is damaged.
    pub fn damage(&self) -> Option<String> {
        self.0.lock().map(|d| d.clone()).unwrap_or(None)
    }

    pub fn set(&self, damage: Option<String>) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = damage;
        }
    }

    /// Refuse a write to a damaged file.
    pub fn ensure_whole(&self) -> Result<()> {
        match self.damage() {
            Some(detail) => Err(Error::Damaged { detail }),
            None => Ok(()),
        }
    }
}

/// Run `quick_check` on `conn`: `Ok(None)` when the file is whole,
/// `Ok(Some(finding))` when damaged; an I/O failure (the disk is gone) is an
/// error, not damage.
pub fn quick_check(conn: &Connection) -> Result<Option<String>> {
    check_with(conn, "PRAGMA quick_check")
}

/// The thorough check (`integrity_check`), for backups offered to restore.
pub fn integrity_check(conn: &Connection) -> Result<Option<String>> {
    check_with(conn, "PRAGMA integrity_check")
}

fn check_with(conn: &Connection, pragma: &str) -> Result<Option<String>> {
    let rows: rusqlite::Result<Vec<String>> = conn
        .prepare(pragma)
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect());
    match rows {
        Ok(rows) if rows.len() == 1 && rows[0] == "ok" => Ok(None),
        Ok(rows) => Ok(Some(rows.into_iter().take(3).collect::<Vec<_>>().join("；"))),
        Err(e) if Fault::of_db(&e) == Some(Fault::Damaged) => Ok(Some(e.to_string())),
        Err(e) => Err(e.into()),
    }
}

/// Check the file at `path` on a connection of its own.
pub fn check_file(path: &Path) -> Result<Option<String>> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    quick_check(&conn)
}

/// The launch check: now for a small file, on a thread for a large one.
pub fn check_at_launch(conn: &Connection, path: &Path, health: &Health) -> Result<()> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size <= CHECK_IN_BACKGROUND_ABOVE {
        health.set(quick_check(conn)?);
        return Ok(());
    }
    let (path, health): (PathBuf, Health) = (path.to_path_buf(), health.clone());
    let started = std::thread::Builder::new()
        .name("taizhang-check".into())
        .spawn(move || match check_file(&path) {
            Ok(damage) => health.set(damage),
            Err(e) => eprintln!("检查数据文件失败：{e}"),
        });
    if let Err(e) = started {
        eprintln!("无法启动数据文件检查：{e}");
    }
    Ok(())
}
