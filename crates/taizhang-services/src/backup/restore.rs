//! Putting a copy back.
//!
//! The copy is first prepared in a temporary folder: copied (with the `-wal`
//! beside it, if the chosen file has one, since its latest changes may be
//! there; never the `-shm`, which SQLite rebuilds), checked (a taizhang file,
//! not from a newer program, `integrity_check` ok) and brought up to this
//! program's schema. Only then is the current file touched: a copy of it goes
//! to the backups folder (kind before-restore), and the prepared copy is
//! written into the open file with SQLite's online backup API, as one
//! transaction of the open connection. So:
//!
//! - a crash or power cut during the restore leaves the old data or the new,
//!   never a mixture: SQLite's own journal covers the page copy;
//! - the open file is never deleted or renamed under a connection, so a stale
//!   `-wal`/`-shm` of the old file can never be applied to the new one, and a
//!   second program with the file open (the CLI beside the window) sees the
//!   restored data instead of writing into an unlinked file;
//! - the [`App`] keeps its connection and works on without a restart (its
//!   calendar is reloaded).
//!
//! A restore is not refused by year locks: it replaces the whole file,
//! including its locks, and is itself audited in the restored file (the
//! replaced file's own history stays in its before-restore copy).

use std::path::Path;
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use super::inspect::{describe, BackupInfo};
use super::{create_locked, BackupFile, Kind, BUSY};
use crate::app::App;
use taizhang_base::error::{Error, Result};
use taizhang_store::store::{self, migrations, AuditAction};

#[derive(Debug, Clone, Serialize)]
pub struct RestoreReport {
    /// The file restored (its name).
    pub source: String,
    /// What it held.
    pub info: BackupInfo,
    /// The copy of the replaced data, to undo the restore.
    pub safety_copy: Option<BackupFile>,
    /// Its schema version before it was brought up to date.
    pub migrated_from: i64,
    /// Where the damaged file was kept, byte for byte, when it was replaced
    /// because it was damaged (a damaged file is never a backup copy).
    pub damaged_copy: Option<String>,
}

/// A checked, up-to-date working copy of the file to restore.
/// Fields drop in order: the connection closes before its folder is deleted
/// (Windows cannot delete a file SQLite holds open; the folder would be left
/// behind in `%TEMP%`).
struct Prepared {
    conn: Connection,
    info: BackupInfo,
    _dir: tempfile::TempDir,
}

/// Restore the data file from the copy at `source` (left unchanged).
pub fn restore_path(app: &mut App, source: &Path) -> Result<RestoreReport> {
    let page_size = page_size(app.store.conn())?;
    let prepared = prepare(source, page_size)?;
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    put_back(app, prepared, &name)
}

/// Restore the data file from a copy the clerk uploaded.
pub fn restore_bytes(app: &mut App, name: &str, bytes: &[u8]) -> Result<RestoreReport> {
    let dir = super::work_dir()?;
    let path = dir.path().join("upload.db");
    std::fs::write(&path, bytes)?;
    let page_size = page_size(app.store.conn())?;
    let prepared = prepare(&path, page_size)?;
    put_back(app, prepared, name)
}

/// Describe a copy the clerk uploaded, before asking to restore it.
pub fn inspect_bytes(bytes: &[u8]) -> Result<BackupInfo> {
    let dir = super::work_dir()?;
    let path = dir.path().join("upload.db");
    std::fs::write(&path, bytes)?;
    let mut info = super::inspect(&path)?;
    info.size = bytes.len() as u64;
    Ok(info)
}

fn page_size(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA page_size", [], |r| r.get(0))?)
}

fn with_suffix(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    p.into()
}

fn prepare(source: &Path, page_size: i64) -> Result<Prepared> {
    let not_ours = || Error::NotADatabase {
        path: source.display().to_string(),
    };
    if !source.exists() {
        return Err(Error::reading(
            source,
            std::io::Error::from(std::io::ErrorKind::NotFound),
        ));
    }
    // A compressed copy is read through a decompressed temporary file (it
    // has no `-wal` beside it: copies in the backups folder are one file).
    let original = source;
    let plain = super::compress::plain(original)?;
    let source = plain.path.as_path();
    let supported = migrations::latest_version();
    let header_version = store::peek_header_version(source)?.ok_or_else(not_ours)?;
    let source_wal = with_suffix(source, "-wal");
    if header_version > supported && !source_wal.exists() {
        return Err(Error::SchemaTooNew {
            found: header_version,
            supported,
        });
    }
    let dir = super::work_dir()?;
    let work = dir.path().join("restore.db");
    std::fs::copy(source, &work).map_err(|e| Error::reading(original, e))?;
    if source_wal.exists() {
        std::fs::copy(&source_wal, with_suffix(&work, "-wal"))
            .map_err(|e| Error::reading(&source_wal, e))?;
    }
    let mut conn = Connection::open(&work)?;
    let info = describe(&conn).map_err(|_| not_ours())?;
    if info.too_new {
        return Err(Error::SchemaTooNew {
            found: info.schema_version,
            supported,
        });
    }
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(Error::conflict(
            "该备份文件已损坏（完整性检查未通过），不能用来恢复。请换一个备份。",
        ));
    }
    // Fold a copied WAL in; from here on the working copy is one file.
    let _mode: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    migrations::migrate(&mut conn)?;
    // SQLite's backup API cannot change the page size of a file in WAL mode.
    if self::page_size(&conn)? != page_size {
        conn.execute_batch(&format!("PRAGMA page_size = {page_size}; VACUUM;"))?;
    }
    Ok(Prepared {
        conn,
        info,
        _dir: dir,
    })
}

fn put_back(app: &mut App, prepared: Prepared, name: &str) -> Result<RestoreReport> {
    let _busy = BUSY.lock().unwrap_or_else(|p| p.into_inner());
    app.store.revive()?;
    let damaged = app.store.damage().is_some();
    // A damaged file may not even say what it holds.
    let before = describe(app.store.conn()).ok();
    let (safety_copy, damaged_copy) = match super::folder_for(app.store.path()) {
        Some(folder) if damaged => (
            None,
            Some(app.store.with_closed(|path| keep_damaged(path, &folder))?),
        ),
        Some(_) => (
            Some(create_locked(
                app.store.conn(),
                app.store.path(),
                Kind::BeforeRestore,
                chrono::Local::now().naive_local(),
            )?),
            None,
        ),
        None => (None, None),
    };
    copy_pages(&prepared.conn, app.store.conn_mut())?;
    store::configure(app.store.conn())?;
    // The pages are new: what the last check found no longer holds.
    app.store.recheck()?;
    let note = match (&safety_copy, &damaged_copy) {
        (Some(copy), _) => format!("恢复备份“{name}”；恢复前的数据已另存为“{}”", copy.name),
        (_, Some(path)) => format!(
            "恢复备份“{name}”；已损坏的数据文件另存为“{}”",
            path.display()
        ),
        _ => format!("恢复备份“{name}”"),
    };
    let before = before.map(|b| json!({"office": b.office, "counts": b.counts}));
    let after = describe(app.store.conn())?;
    app.store.write(|tx| {
        // The restored file's counters went back: its changes from now on
        // are made under a new PC id, never numbered like changes already sent.
        taizhang_store::sync::forget_pc_id(tx)?;
        tx.audit(
            AuditAction::Other("restore"),
            "backup",
            name,
            before.as_ref(),
            Some(&json!({"office": after.office, "counts": after.counts,
                         "schema_version": prepared.info.schema_version})),
            &note,
        )
    })?;
    app.reload_calendar()?;
    Ok(RestoreReport {
        source: name.to_string(),
        migrated_from: prepared.info.schema_version,
        info: prepared.info,
        safety_copy,
        damaged_copy: damaged_copy.map(|p| p.display().to_string()),
    })
}

/// Keep the damaged file byte for byte (with its `-wal`) beside the backups,
/// under a name the backup list never offers: salvage tools may read more of
/// it later than this program can.
fn keep_damaged(db_path: &Path, folder: &Path) -> Result<std::path::PathBuf> {
    std::fs::create_dir_all(folder).map_err(|e| Error::writing(folder, e))?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let stem = super::stem_of(db_path);
    let dest = folder.join(format!("{stem}-{stamp}-damaged.db.bad"));
    std::fs::copy(db_path, &dest).map_err(|e| Error::writing(&dest, e))?;
    let wal = with_suffix(db_path, "-wal");
    if wal.exists() {
        let to = with_suffix(&dest, "-wal");
        std::fs::copy(&wal, &to).map_err(|e| Error::writing(&to, e))?;
    }
    Ok(dest)
}

/// Write every page of `from` into the open file `to`, in one transaction.
fn copy_pages(from: &Connection, to: &mut Connection) -> Result<()> {
    let backup = Backup::new(from, to)?;
    for _ in 0..200 {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            // Another program is writing to the file: wait for it.
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    Err(Error::conflict(
        "数据文件正被其他程序使用，暂时无法恢复。请关闭其他台账程序后再试。",
    ))
}
