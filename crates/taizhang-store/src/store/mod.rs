//! The one SQLite file that holds an office's records.
//!
//! Every write goes through [`Store::write`]: one IMMEDIATE transaction, durable
//! when it returns (WAL with `synchronous=FULL`), with its audit entries and
//! year-lock checks inside the same transaction.

pub mod health;
pub mod migrations;

use std::cell::RefCell;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use serde_json::Value;

use taizhang_base::dates;
use taizhang_base::error::{Error, Result};
use taizhang_base::fault::Fault;

pub use health::Health;

/// The identifier the desktop shell is configured with; the default data folder
/// is named after it so that the app and the command-line program share a file.
pub const APP_IDENTIFIER: &str = "cn.taizhang.app";
pub const DB_FILE_NAME: &str = "taizhang.db";
pub const DB_ENV: &str = "TAIZHANG_DB";

pub struct Store {
    conn: Connection,
    path: PathBuf,
    last_saved_at: Option<String>,
    health: Health,
    /// The file at `path` when it was opened, to notice it was replaced or removed.
    identity: Option<FileIdentity>,
    /// The connection failed in a way only reopening cures (a read-only file
    /// made writable, a USB stick plugged back in): reopened before the next command.
    stale: bool,
    /// Where the file is (host and path), which its PC id belongs to ([`crate::sync`]).
    home: String,
}

/// Which file a path named (device and inode where the system has them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileIdentity(u64, u64);

fn identity_of(path: &Path) -> Option<FileIdentity> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(FileIdentity(meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        // Windows refuses to delete an open file; its existence is enough.
        let _ = meta;
        Some(FileIdentity(0, 0))
    }
}

/// SQLite reports a read-only disk or a vanished file as a plain I/O error
/// (or "cannot open"); asking the system about the file says which it was.
fn refine(path: &Path, e: Error) -> Error {
    if e.fault() != Some(Fault::Gone) {
        return e;
    }
    let probe = std::fs::OpenOptions::new().append(true).open(path);
    match probe.as_ref().map_err(Fault::of_io) {
        Err(Some(Fault::ReadOnly)) => sqlite_error(8), // SQLITE_READONLY
        Err(Some(Fault::Permission)) => sqlite_error(3), // SQLITE_PERM
        Err(None) if identity_of(path).is_none() => moved_error(),
        _ => e,
    }
}

/// The error SQLite gives for a file moved while open (`SQLITE_READONLY_DBMOVED`).
fn moved_error() -> Error {
    sqlite_error(1032)
}

fn sqlite_error(code: i32) -> Error {
    Error::Db(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(code),
        None,
    ))
}

/// Where the data file is: `--db FILE`, else `TAIZHANG_DB`, else the platform's
/// app-data folder.
pub fn resolve_db_path(cli_db: Option<&Path>) -> PathBuf {
    if let Some(p) = cli_db {
        return p.to_path_buf();
    }
    match std::env::var_os(DB_ENV) {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => default_data_dir().join(DB_FILE_NAME),
    }
}

/// The platform's per-user app-data folder for this app: the `dirs` crate's
/// data folder (`$XDG_DATA_HOME` or `~/.local/share`; the roaming AppData
/// folder on Windows; `~/Library/Application Support` on macOS) joined with
/// [`APP_IDENTIFIER`], which is exactly what Tauri's `app_data_dir` gives the
/// desktop shell.
pub fn default_data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(APP_IDENTIFIER)
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Read `user_version` straight from the file header (offset 60), without
/// opening the file with SQLite: a file from a newer program must be left
/// exactly as it is, not even switched to WAL.
pub fn peek_header_version(path: &Path) -> Result<Option<i64>> {
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let mut header = [0u8; 100];
    let mut read = 0;
    while read < header.len() {
        match f.read(&mut header[read..])? {
            0 => break,
            n => read += n,
        }
    }
    if read == 0 {
        return Ok(None); // an empty file becomes a new database
    }
    if read < 100 || &header[..16] != SQLITE_MAGIC {
        return Err(Error::NotADatabase {
            path: path.display().to_string(),
        });
    }
    let v = i32::from_be_bytes([header[60], header[61], header[62], header[63]]);
    Ok(Some(v as i64))
}

fn wal_exists(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    Path::new(&wal).exists()
}

impl Store {
    /// Open (or create) the data file and bring its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let supported = migrations::latest_version();
        // Without a WAL file the header is the whole truth; with one, the
        // version may sit in the WAL and SQLite itself must read it (the WAL
        // already exists, so opening adds nothing new to the disk).
        if !wal_exists(path) {
            if let Some(found) = peek_header_version(path)? {
                if found > supported {
                    return Err(Error::SchemaTooNew { found, supported });
                }
            }
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut conn = Connection::open(path)?;
        let found = migrations::user_version(&conn).map_err(|e| match e.fault() {
            // A disk fault (a read-only stick: no `-shm` can be made) is not a
            // stranger's file.
            Some(fault) if fault != Fault::Damaged => refine(path, e),
            _ => Error::NotADatabase {
                path: path.display().to_string(),
            },
        })?;
        if found > supported {
            return Err(Error::SchemaTooNew { found, supported });
        }
        configure(&conn)?;
        migrations::migrate(&mut conn)?;
        let health = Health::default();
        health::check_at_launch(&conn, path, &health)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            last_saved_at: None,
            health,
            identity: identity_of(path),
            stale: false,
            home: crate::sync::home_of(path),
        })
    }

    /// A private in-memory database at the newest version, for tests.
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        configure(&conn)?;
        migrations::migrate(&mut conn)?;
        Ok(Store {
            conn,
            path: PathBuf::from(":memory:"),
            last_saved_at: None,
            health: Health::default(),
            identity: None,
            stale: false,
            home: ":memory:".into(),
        })
    }

    fn in_memory(&self) -> bool {
        self.path.as_os_str() == ":memory:"
    }

    /// What the last check of the file found (`Some` when damaged).
    pub fn damage(&self) -> Option<String> {
        self.health.damage()
    }

    /// Check the file again (`quick_check`), e.g. after a restore replaced it.
    pub fn recheck(&mut self) -> Result<Option<String>> {
        let damage = health::quick_check(&self.conn)?;
        self.health.set(damage.clone());
        Ok(damage)
    }

    /// After a command failed: check the file on a "malformed" or I/O error,
    /// and reopen the connection before the next command when the fault is one
    /// that leaves it stale.
    pub fn note_failure(&mut self, e: &Error) {
        let Some(fault) = e.fault() else { return };
        if matches!(fault, Fault::Damaged | Fault::Gone) && self.recheck().is_err() {
            self.stale = true;
        }
        if fault.needs_reopen() {
            self.stale = true;
        }
    }

    /// Before a command: make sure the connection still works on the file at
    /// `path`, reopening it once the cause of an earlier failure is fixed
    /// (no restart needed). A file removed or replaced under the program is
    /// refused rather than written into a deleted copy.
    pub fn revive(&mut self) -> Result<()> {
        if self.in_memory() {
            return Ok(());
        }
        let now = identity_of(&self.path);
        if now.is_none() {
            self.stale = true;
            return Err(moved_error());
        }
        if !self.stale && now == self.identity {
            return Ok(());
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags)?;
        configure(&conn)?;
        self.stale = conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true);
        self.conn = conn;
        self.identity = now;
        self.recheck()?;
        Ok(())
    }

    /// Run `f` on the file at `path` with this connection closed, then open
    /// it again. Whatever reads or copies the file other than through SQLite
    /// must run here: closing any handle of the file drops every lock this
    /// process holds on it (POSIX), SQLite's too — and another program
    /// closing then would take the write-ahead log away from under this one,
    /// which would no longer see what others write.
    pub fn with_closed<T>(&mut self, f: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
        let open = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
        drop(open);
        // Until the file is open again, no command may run on the stand-in:
        // `revive` reopens it (or says why it cannot) before the next one.
        self.stale = true;
        let result = f(&self.path);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags)?;
        configure(&conn)?;
        self.conn = conn;
        self.identity = identity_of(&self.path);
        self.stale = false;
        result
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The connection itself, for SQLite's backup API (a restore writes the
    /// backup's pages into this open file, see `taizhang_core::backup::restore`).
    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// When the last write of this session committed (local time, RFC 3339).
    pub fn last_saved_at(&self) -> Option<&str> {
        self.last_saved_at.as_deref()
    }

    /// Run `f` in one IMMEDIATE transaction. Nothing is kept unless `f`
    /// returns `Ok` and the commit succeeds.
    pub fn write<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        self.revive()?;
        self.health.ensure_whole()?;
        let result = self.write_once(f).map_err(|e| self.refine(e));
        if let Err(e) = &result {
            self.note_failure(e);
        }
        result
    }

    /// SQLite reports a write to a read-only disk or a vanished file as a
    /// plain I/O error; asking the system about the file says which it was.
    fn refine(&self, e: Error) -> Error {
        if self.in_memory() {
            return e;
        }
        refine(&self.path, e)
    }

    fn write_once<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let now = dates::now_rfc3339();
        let value = f(&Tx {
            tx: &tx,
            now: now.clone(),
            added: RefCell::new(None),
            home: &self.home,
            pc_id: std::cell::OnceCell::new(),
        })?;
        tx.commit()?;
        self.last_saved_at = Some(now);
        Ok(value)
    }
}

/// Connection settings that must be in force before any transaction.
pub fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    set_wal(conn)?;
    // A 16 MB page cache (the default is 2 MB): imports and yearly counts touch
    // far more pages than that.
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -16000;",
    )?;
    Ok(())
}

/// Switch the file to WAL. Two programs opening a new file at once can meet
/// here: SQLite answers "busy" at once (it does not wait on the busy timeout
/// for a journal-mode change that would deadlock), so the switch is retried
/// for as long as the busy timeout would have waited.
fn set_wal(conn: &Connection) -> Result<()> {
    let started = std::time::Instant::now();
    loop {
        // journal_mode returns a row; the in-memory database answers "memory".
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            Ok(_mode) => return Ok(()),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    && started.elapsed() < Duration::from_secs(5) =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// A write transaction, with the helpers every register's write needs.
pub struct Tx<'a> {
    tx: &'a rusqlite::Transaction<'a>,
    now: String,
    /// While an import collects them ([`Tx::collect_added`]): the records it
    /// created, by register, instead of one audit entry (a full copy) each.
    added: RefCell<Option<Added>>,
    home: &'a str,
    /// This PC's id, read (or made) at the first change that needs it.
    pc_id: std::cell::OnceCell<String>,
}

/// The ids of the records an import created, by register.
pub type Added = std::collections::BTreeMap<String, Vec<String>>;

/// The key of an import's audit entry (`after`) holding its [`Added`] ids.
pub const ADDED_KEY: &str = "added";

impl<'a> std::ops::Deref for Tx<'a> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.tx
    }
}

/// What an audit entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    Create,
    Update,
    Delete,
    /// Anything else worth recording (import, restore, lock, unlock …).
    Other(&'static str),
}

impl AuditAction {
    /// Update when there was something before, else create.
    pub fn for_change(existed: bool) -> AuditAction {
        if existed {
            AuditAction::Update
        } else {
            AuditAction::Create
        }
    }

    /// What a change of a count from `before` to `after` is.
    pub fn for_counts(before: Option<i64>, after: Option<i64>) -> AuditAction {
        match (before, after) {
            (None, _) => AuditAction::Create,
            (_, None) => AuditAction::Delete,
            _ => AuditAction::Update,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Delete => "delete",
            AuditAction::Other(code) => code,
        }
    }
}

impl<'a> Tx<'a> {
    /// The time this transaction started (local, RFC 3339).
    pub fn now(&self) -> &str {
        &self.now
    }

    /// The version a change made in this transaction gives what had version
    /// `base`: this PC's counter raised by one, dated now ([`crate::sync`]).
    pub fn change_of(&self, base: &crate::sync::Clock) -> Result<crate::sync::Version> {
        let pc = self.pc_id()?.to_string();
        Ok(crate::sync::Version {
            clock: base.bumped(&pc),
            changed_on: pc,
            changed_at: self.now.to_string(),
        })
    }

    /// The id of this PC, which stamps the versions of the records this
    /// transaction changes ([`crate::sync`]).
    pub fn pc_id(&self) -> Result<&str> {
        if self.pc_id.get().is_none() {
            let id = crate::sync::pc_id(self.tx, self.home)?;
            let _ = self.pc_id.set(id);
        }
        Ok(self.pc_id.get().expect("set above"))
    }

    /// From now on in this transaction, a record created is noted by its id
    /// instead of an audit entry of its own: an import writes one entry for
    /// everything it added (what it added is in the package it names), while
    /// the records it changed or removed keep their before and after.
    pub fn collect_added(&self) {
        self.added.replace(Some(Added::new()));
    }

    /// The records created since [`Tx::collect_added`]; collecting stops.
    pub fn take_added(&self) -> Added {
        self.added.take().unwrap_or_default()
    }

    /// Append one entry to the audit log (a creation during an import is
    /// only noted, see [`Tx::collect_added`]).
    pub fn audit(
        &self,
        action: AuditAction,
        register: &str,
        record_id: &str,
        before: Option<&Value>,
        after: Option<&Value>,
        note: &str,
    ) -> Result<()> {
        if action == AuditAction::Create && before.is_none() {
            if let Some(added) = self.added.borrow_mut().as_mut() {
                added
                    .entry(register.to_string())
                    .or_default()
                    .push(record_id.to_string());
                return Ok(());
            }
        }
        self.tx
            .prepare_cached(
                "INSERT INTO audit_log (at, action, register, record_id, before, after, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                self.now,
                action.code(),
                register,
                record_id,
                before.map(|v| v.to_string()),
                after.map(|v| v.to_string()),
                note
            ])?;
        Ok(())
    }

    /// Refuse the write when any of `years` is locked.
    pub fn ensure_unlocked(&self, years: &[i32]) -> Result<()> {
        // Called for every record an import writes: keep it a cached statement.
        let mut stmt = self
            .tx
            .prepare_cached("SELECT locked_at FROM year_locks WHERE year = ?1")?;
        for year in years {
            let locked_at: Option<String> = stmt.query_row([year], |r| r.get(0)).optional()?;
            if let Some(locked_at) = locked_at {
                return Err(Error::YearLocked {
                    year: *year,
                    locked_at,
                });
            }
        }
        Ok(())
    }
}

/// Read a JSON setting, or `None` when unset.
pub fn get_setting(conn: &Connection, key: &str) -> Result<Option<Value>> {
    let text: Option<String> = conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
}

pub fn set_setting(conn: &Connection, key: &str, value: &Value) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value.to_string()],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests;
