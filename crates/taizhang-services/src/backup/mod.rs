//! Copies of the data file, so that a year of records survives a broken disk,
//! a wrong import or a clerk's mistake.
//!
//! - **Automatic copies** go to a `backups` folder beside the data file, named
//!   by the data file and the local time they were made
//!   (`taizhang-20240105-093012-auto.db`): one when the program starts and one
//!   every [`AUTO_INTERVAL`] it stays open. A timer thread ([`spawn_auto`])
//!   makes them on its own connection rather than a check on each command: a
//!   copy of a large file takes a second or two, and inside a command it would
//!   hold the `App` lock and freeze the window. With WAL the copy reads a
//!   snapshot while the clerk goes on saving.
//! - [`rotation`] decides which copies stay: the last 7 days' and 12 months'.
//! - Copies in the folder are zstd-compressed ([`compress`], `….db.zst`);
//!   plain `.db` copies made by earlier versions are listed, rotated, checked
//!   and restored the same way.
//! - **A copy** ([`copy_to`]) is `VACUUM INTO` a `.part` name (a consistent,
//!   compacted snapshot), switched to a rollback journal (one self-contained
//!   file, no `-wal` beside it), synced, then renamed durably ([`taizhang_base::durable`]):
//!   a file under a final name is always whole, even if the power fails while
//!   it is written.
//! - [`inspect`] says what a copy holds without changing it; [`restore`] puts
//!   one back (see there for how the open file is replaced safely).

pub mod compress;
mod inspect;
mod restore;
pub mod rotation;
pub mod salvage;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use chrono::{Local, NaiveDateTime};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use taizhang_base::error::{Error, Result};
use taizhang_store::store::health;

pub use inspect::{describe, inspect, inspect_listed, newest_good, BackupInfo, Count};
pub use restore::{inspect_bytes, restore_bytes, restore_path, RestoreReport};

/// The folder beside the data file that holds the automatic copies.
pub const FOLDER: &str = "backups";
/// How often the running program makes a copy (besides one at launch).
pub const AUTO_INTERVAL: Duration = Duration::from_secs(3 * 60 * 60);
const STAMP: &str = "%Y%m%d-%H%M%S";
/// A `.part` file older than this is left over from a copy that was cut off.
const STALE_PART: Duration = Duration::from_secs(60 * 60);

/// One copy at a time in this process: two copies in the same second would
/// want the same name, and a restore must not race a copy's rotation.
static BUSY: Mutex<()> = Mutex::new(());
/// Why the last automatic copy failed, for the status bar (`None` when it worked).
static LAST_AUTO_PROBLEM: Mutex<Option<String>> = Mutex::new(None);

/// Why a copy was made; part of its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// At launch or on the timer: rotated by day and month.
    Auto,
    /// 立即备份 in 设置.
    Manual,
    /// The state just before a restore, to undo it.
    BeforeRestore,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Auto, Kind::Manual, Kind::BeforeRestore];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Auto => "auto",
            Kind::Manual => "manual",
            Kind::BeforeRestore => "before-restore",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Auto => "自动",
            Kind::Manual => "手动",
            Kind::BeforeRestore => "恢复前",
        }
    }
}

/// A copy in the backups folder.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupFile {
    pub name: String,
    #[serde(skip)]
    pub path: PathBuf,
    /// Local time it was made, `2024-01-05T09:30:12`.
    #[serde(serialize_with = "serialize_time")]
    pub at: NaiveDateTime,
    pub kind: Kind,
    pub kind_label: &'static str,
    pub size: u64,
}

fn serialize_time<S: serde::Serializer>(
    t: &NaiveDateTime,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&format_time(*t))
}

pub fn format_time(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// The backups folder of a data file (`None` for an in-memory database).
pub fn folder_for(db_path: &Path) -> Option<PathBuf> {
    if db_path.as_os_str() == ":memory:" {
        return None;
    }
    let dir = db_path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Some(dir.join(FOLDER))
}

fn stem_of(db_path: &Path) -> String {
    db_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "taizhang".into())
}

/// `{stem}-YYYYMMDD-HHMMSS-{kind}.db.zst`.
pub fn file_name(stem: &str, at: NaiveDateTime, kind: Kind) -> String {
    format!("{stem}-{}-{}{}", at.format(STAMP), kind.code(), compress::EXT)
}

/// The time and kind of a copy of the data file `stem`, from its name
/// (compressed `.db.zst`, or plain `.db` as earlier versions made them).
pub fn parse_name(stem: &str, name: &str) -> Option<(NaiveDateTime, Kind)> {
    let rest = name.strip_prefix(stem)?.strip_prefix('-')?;
    let rest = rest
        .strip_suffix(compress::EXT)
        .or_else(|| rest.strip_suffix(".db"))?;
    Kind::ALL.iter().find_map(|kind| {
        let stamp = rest.strip_suffix(kind.code())?.strip_suffix('-')?;
        NaiveDateTime::parse_from_str(stamp, STAMP)
            .ok()
            .filter(|_| stamp.len() == 15)
            .map(|at| (at, *kind))
    })
}

/// The space the backups folder takes: every file in it (damaged files kept
/// aside too), for 设置 → 备份与恢复.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Usage {
    pub folder: Option<String>,
    pub total_bytes: u64,
    pub files: usize,
}

pub fn usage(db_path: &Path) -> Result<Usage> {
    let Some(folder) = folder_for(db_path) else {
        return Ok(Usage { folder: None, total_bytes: 0, files: 0 });
    };
    let mut usage = Usage {
        folder: Some(folder.display().to_string()),
        total_bytes: 0,
        files: 0,
    };
    let entries = match std::fs::read_dir(&folder) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(usage),
        Err(e) => return Err(Error::reading(&folder, e)),
    };
    for entry in entries.flatten() {
        if let Some(meta) = entry.metadata().ok().filter(|m| m.is_file()) {
            usage.total_bytes += meta.len();
            usage.files += 1;
        }
    }
    Ok(usage)
}

/// The copies of the data file at `db_path`, newest first.
pub fn list(db_path: &Path) -> Result<Vec<BackupFile>> {
    let Some(folder) = folder_for(db_path) else {
        return Ok(vec![]);
    };
    let entries = match std::fs::read_dir(&folder) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
        Err(e) => return Err(Error::reading(&folder, e)),
    };
    let stem = stem_of(db_path);
    let mut out = vec![];
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((at, kind)) = parse_name(&stem, &name) else {
            continue;
        };
        out.push(BackupFile {
            path: entry.path(),
            size: entry.metadata().map(|m| m.len()).unwrap_or(0),
            name,
            at,
            kind,
            kind_label: kind.label(),
        });
    }
    out.sort_by(|a, b| b.at.cmp(&a.at).then(b.name.cmp(&a.name)));
    Ok(out)
}

/// When the newest copy of the data file was made.
pub fn last_backup_at(db_path: &Path) -> Option<NaiveDateTime> {
    list(db_path).ok()?.first().map(|b| b.at)
}

/// Why the last automatic copy failed, if it did.
pub fn last_auto_problem() -> Option<String> {
    LAST_AUTO_PROBLEM.lock().map(|p| p.clone()).unwrap_or(None)
}

fn path_text(path: &Path) -> Result<&str> {
    path.to_str().ok_or_else(|| {
        Error::invalid(
            "path",
            format!("路径“{}”含有无法识别的字符，请换一个位置", path.display()),
        )
    })
}

/// Write a consistent copy of the open database to `dest` (which must not
/// exist), complete and synced when this returns.
/// A failure names `dest` (无法写入文件 …).
/// A damaged file is never copied (`Error::Damaged`): its copy would pass for
/// a good one and, rotated in, push the last good copies out.
pub fn copy_to(conn: &Connection, dest: &Path) -> Result<()> {
    if let Some(detail) = health::quick_check(conn)? {
        return Err(Error::Damaged { detail });
    }
    let mut part = dest.as_os_str().to_owned();
    part.push(".part");
    let part = PathBuf::from(part);
    let copy = || -> Result<()> {
        if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        remove_if_exists(&part)?;
        conn.execute("VACUUM INTO ?1", [path_text(&part)?])?;
        {
            // One self-contained file: no WAL beside the copy.
            let copy = Connection::open_with_flags(&part, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
            let _mode: String = copy.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        }
        // Synced through a handle with write access (Windows refuses to
        // flush a read-only one), closed, then renamed durably.
        taizhang_base::durable::sync_file(&part)?;
        taizhang_base::durable::rename(&part, dest)?;
        Ok(())
    };
    copy().map_err(|e| {
        let _ = std::fs::remove_file(&part);
        match e {
            Error::Io(io) => Error::writing(dest, io),
            Error::Db(db) => Error::writing_db(dest, db),
            other => other,
        }
    })?;
    Ok(())
}

fn remove_if_exists(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}

/// The name every scratch folder of a backup, restore or salvage starts with.
const WORK_PREFIX: &str = "taizhang-work-";

/// A scratch folder (in the system's temporary folder) for a working copy. A
/// program killed mid-way leaves its folder behind, as large as the data
/// file: those a day old are removed first, so that they never pile up.
pub(crate) fn work_dir() -> Result<tempfile::TempDir> {
    let day = Duration::from_secs(24 * 3600);
    for left in left_behind(&std::env::temp_dir(), day, |name| name.starts_with(WORK_PREFIX)) {
        let _ = std::fs::remove_dir_all(left);
    }
    Ok(tempfile::Builder::new().prefix(WORK_PREFIX).tempdir()?)
}

/// What a program cut off left in `folder`: the entries named so (`named`)
/// not touched for `age`. Unreadable folders and entries count as none.
fn left_behind(folder: &Path, age: Duration, named: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return vec![];
    };
    entries
        .flatten()
        .filter(|entry| named(&entry.file_name().to_string_lossy()))
        .filter(|entry| {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|untouched| untouched > age)
        })
        .map(|entry| entry.path())
        .collect()
}

/// A consistent copy of the open database as bytes (备份到…).
pub fn snapshot_bytes(conn: &Connection) -> Result<Vec<u8>> {
    let dir = work_dir()?;
    let path = dir.path().join("copy.db");
    copy_to(conn, &path)?;
    Ok(std::fs::read(&path)?)
}

/// Copy the open database into its backups folder, then rotate.
pub fn create(conn: &Connection, db_path: &Path, kind: Kind) -> Result<BackupFile> {
    let _busy = BUSY.lock().unwrap_or_else(|p| p.into_inner());
    create_locked(conn, db_path, kind, Local::now().naive_local())
}

/// A copy named as if made at `now` (tests fix the clock with it).
#[cfg(any(test, feature = "test-support"))]
pub fn create_at(
    conn: &Connection,
    db_path: &Path,
    kind: Kind,
    now: chrono::NaiveDateTime,
) -> Result<BackupFile> {
    let _busy = BUSY.lock().unwrap_or_else(|p| p.into_inner());
    create_locked(conn, db_path, kind, now)
}

fn create_locked(
    conn: &Connection,
    db_path: &Path,
    kind: Kind,
    now: chrono::NaiveDateTime,
) -> Result<BackupFile> {
    let folder =
        folder_for(db_path).ok_or_else(|| Error::Internal("内存中的数据库没有备份目录".into()))?;
    std::fs::create_dir_all(&folder).map_err(|e| Error::writing(&folder, e))?;
    remove_stale_parts(&folder);
    let at = name_time(&list(db_path)?, kind, now);
    let name = file_name(&stem_of(db_path), at, kind);
    let path = folder.join(&name);
    copy_compressed(conn, &path)?;
    let size = std::fs::metadata(&path)
        .map_err(|e| Error::reading(&path, e))?
        .len();
    rotate(db_path, Some(&name))?;
    Ok(BackupFile {
        name,
        path,
        at,
        kind,
        kind_label: kind.label(),
        size,
    })
}

/// The time a new copy of `kind` is named by: `now` to the second or, when
/// copies of that kind already carry `now` or a time just after it (several
/// made in one second are named a second apart), a second after the newest of
/// them. Never a free earlier name: a kind's names then sort in the order its
/// copies were made, so rotation, which keeps the newest, never removes a copy
/// made after one it keeps.
fn name_time(existing: &[BackupFile], kind: Kind, now: NaiveDateTime) -> NaiveDateTime {
    let now = chrono::Timelike::with_nanosecond(&now, 0).unwrap_or(now);
    // Only a burst's names: copies named ahead by a clock since set back are
    // not followed into the future.
    let burst = now + chrono::Duration::hours(1);
    existing
        .iter()
        .filter(|f| f.kind == kind && f.at >= now && f.at <= burst)
        .map(|f| f.at + chrono::Duration::seconds(1))
        .max()
        .unwrap_or(now)
}

/// A consistent copy, compressed into `dest`: the plain copy and the
/// compressed one are both `.part` files until the compressed one is renamed
/// durably, so a copy under its final name is always whole.
fn copy_compressed(conn: &Connection, dest: &Path) -> Result<()> {
    let with = |suffix: &str| {
        let mut p = dest.as_os_str().to_owned();
        p.push(suffix);
        PathBuf::from(p)
    };
    let (plain, packed) = (with(".plain.part"), with(".part"));
    let result = copy_to(conn, &plain)
        .and_then(|()| compress::compress(&plain, &packed))
        .and_then(|()| {
            taizhang_base::durable::rename(&packed, dest).map_err(|e| Error::writing(dest, e))
        });
    let _ = std::fs::remove_file(&plain);
    if result.is_err() {
        let _ = std::fs::remove_file(&packed);
    }
    result
}

fn remove_stale_parts(folder: &Path) {
    for part in left_behind(folder, STALE_PART, |name| name.ends_with(".part")) {
        let _ = std::fs::remove_file(part);
    }
}

/// Delete the copies [`rotation::keep`] does not keep, never `just_made`
/// (the newest of its kind by [`name_time`], so kept anyway; a guard should
/// a clock set back name it below older copies). Returns their names.
pub fn rotate(db_path: &Path, just_made: Option<&str>) -> Result<Vec<String>> {
    let files = list(db_path)?;
    let stamps: Vec<(NaiveDateTime, Kind)> = files.iter().map(|f| (f.at, f.kind)).collect();
    let mut removed = vec![];
    for (file, keep) in files.iter().zip(rotation::keep(&stamps)) {
        if !keep && Some(file.name.as_str()) != just_made {
            remove_if_exists(&file.path).map_err(|e| match e {
                Error::Io(io) => Error::file("删除", &file.path, io.to_string()),
                other => other,
            })?;
            removed.push(file.name.clone());
        }
    }
    Ok(removed)
}

/// Make an automatic copy of the data file on a connection of its own.
pub fn auto_backup(db_path: &Path) -> Result<BackupFile> {
    let conn = Connection::open_with_flags(
        db_path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(30))?;
    create(&conn, db_path, Kind::Auto)
}

/// Start the timer thread: a copy now, then one every [`AUTO_INTERVAL`].
/// A failure is printed and shown in the status bar; the next turn tries again.
pub fn spawn_auto(db_path: PathBuf) {
    let started = std::thread::Builder::new()
        .name("taizhang-backup".into())
        .spawn(move || loop {
            let problem = auto_backup(&db_path).err().map(|e| {
                eprintln!("自动备份失败：{e}");
                e.to_string()
            });
            if let Ok(mut slot) = LAST_AUTO_PROBLEM.lock() {
                *slot = problem;
            }
            std::thread::sleep(AUTO_INTERVAL);
        });
    if let Err(e) = started {
        eprintln!("无法启动自动备份：{e}");
    }
}


#[cfg(test)]
mod work_dir_tests {
    #[cfg(unix)]
    #[test]
    fn a_scratch_folder_a_killed_program_left_is_removed_after_a_day() {
        let two_days = std::time::Duration::from_secs(2 * 24 * 3600);
        let left = tempfile::Builder::new().prefix(super::WORK_PREFIX).tempdir().unwrap().keep();
        std::fs::write(left.join("restore.db"), b"a working copy").unwrap();
        let recent = tempfile::Builder::new().prefix(super::WORK_PREFIX).tempdir().unwrap();
        std::fs::File::open(&left)
            .unwrap()
            .set_modified(std::time::SystemTime::now() - two_days)
            .unwrap();
        let made = super::work_dir().unwrap();
        assert!(!left.exists(), "a day-old folder is removed");
        assert!(recent.path().exists(), "a folder in use is not");
        assert!(made.path().exists());
    }
}
