//! 数据安全: backups and restores, the audit log, year locks.

use serde::Deserialize;
use serde_json::{json, Value};

use super::{args, Command, Effect, OutFile, Reply};
use crate::app::App;
use crate::audit::{self, AuditQuery};
use crate::backup::{self, Kind};
use crate::error::{Error, Result};
use crate::locks;

pub const COMMANDS: &[Command] = &[
    Command {
        name: "backup.list",
        effect: Effect::Reads,
        run: backup_list,
    },
    Command {
        name: "backup.now",
        effect: Effect::Reads,
        run: backup_now,
    },
    Command {
        name: "backup.save",
        effect: Effect::Reads,
        run: backup_save,
    },
    Command {
        name: "backup.inspect_file",
        effect: Effect::Reads,
        run: inspect_file,
    },
    Command {
        name: "backup.restore",
        effect: Effect::Writes,
        run: restore,
    },
    Command {
        name: "backup.restore_file",
        effect: Effect::Writes,
        run: restore_file,
    },
    Command {
        name: "health.get",
        effect: Effect::Reads,
        run: health_get,
    },
    Command {
        name: "health.salvage",
        effect: Effect::Reads,
        run: health_salvage,
    },
    Command {
        name: "audit.list",
        effect: Effect::Reads,
        run: audit_list,
    },
    Command {
        name: "locks.list",
        effect: Effect::Reads,
        run: locks_list,
    },
    Command {
        name: "locks.lock",
        effect: Effect::Writes,
        run: lock,
    },
    Command {
        name: "locks.unlock",
        effect: Effect::Writes,
        run: unlock,
    },
];

/// The backups folder's copies, each with what it holds.
fn backup_list(app: &mut App, _: Value) -> Result<Reply> {
    let path = app.store.path();
    let mut out = vec![];
    for file in backup::list(path)? {
        let mut entry = json!(file);
        match backup::inspect_listed(&file) {
            Ok(info) => entry["info"] = json!(info),
            Err(e) => entry["problem"] = json!(e.to_string()),
        }
        out.push(entry);
    }
    Reply::json(json!({
        "folder": backup::folder_for(path).map(|f| f.display().to_string()),
        // The space the folder takes, and the data file beside it to compare.
        "usage": backup::usage(path)?,
        "data_file_bytes": std::fs::metadata(path).map(|m| m.len()).ok(),
        "backups": out,
        "auto_problem": backup::last_auto_problem(),
        "interval_hours": backup::AUTO_INTERVAL.as_secs() / 3600,
    }))
}

/// Whether the data file is damaged and, if so, the newest backup that
/// passes its check (what the red banner offers to restore).
fn health_get(app: &mut App, _: Value) -> Result<Reply> {
    let Some(damage) = app.store.damage() else {
        return Reply::json(json!({"damaged": false}));
    };
    let good = backup::newest_good(app.store.path())?
        .map(|(file, info)| json!({"file": file, "info": info}));
    Reply::json(json!({
        "damaged": true,
        "detail": damage,
        "good_backup": good,
        "message": crate::error::Error::Damaged { detail: damage.clone() }.to_string(),
    }))
}

/// 抢救数据: every record the damaged file still gives up, as a data package.
fn health_salvage(app: &mut App, _: Value) -> Result<Reply> {
    let salvage = backup::salvage::salvage(app.store.conn())?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M");
    Ok(Reply::Files {
        files: vec![OutFile {
            name: format!("抢救出的台账数据{stamp}.json"),
            bytes: backup::salvage::package_bytes(&salvage)?,
        }],
        message: salvage.summary(),
    })
}

/// 立即备份: a copy in the backups folder now.
fn backup_now(app: &mut App, _: Value) -> Result<Reply> {
    let file = backup::create(app.store.conn(), app.store.path(), Kind::Manual)?;
    Reply::json(file)
}

/// 备份到…: a copy saved where the clerk chooses (a USB stick).
fn backup_save(app: &mut App, _: Value) -> Result<Reply> {
    let office = crate::office::get_office(app.store.conn())?.name;
    let office = if office.is_empty() { "台账" } else { &office };
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M");
    Ok(Reply::Files {
        files: vec![OutFile {
            name: format!("{office}台账备份{stamp}.db"),
            bytes: backup::snapshot_bytes(app.store.conn())?,
        }],
        message: "已备份".to_string(),
    })
}

#[derive(Deserialize)]
struct FileArgs {
    #[serde(default)]
    name: String,
    /// The file's bytes, base64.
    #[serde(default)]
    data: String,
}

fn decode(a: &FileArgs) -> Result<Vec<u8>> {
    super::decode_upload(&a.data)
}

fn inspect_file(_app: &mut App, a: Value) -> Result<Reply> {
    let a: FileArgs = args(a)?;
    Reply::json(backup::inspect_bytes(&decode(&a)?)?)
}

fn restore(app: &mut App, a: Value) -> Result<Reply> {
    let a: FileArgs = args(a)?;
    // Only a copy listed in the backups folder, never a path from the page.
    let file = backup::list(app.store.path())?
        .into_iter()
        .find(|f| f.name == a.name)
        .ok_or_else(|| Error::not_found("备份", a.name.clone()))?;
    Reply::json(backup::restore_path(app, &file.path)?)
}

fn restore_file(app: &mut App, a: Value) -> Result<Reply> {
    let a: FileArgs = args(a)?;
    let bytes = decode(&a)?;
    Reply::json(backup::restore_bytes(app, &a.name, &bytes)?)
}

fn audit_list(app: &mut App, a: Value) -> Result<Reply> {
    let q: AuditQuery = args(a)?;
    Reply::json(audit::list(app.store.conn(), &q)?)
}

fn locks_list(app: &mut App, _: Value) -> Result<Reply> {
    Reply::json(locks::list(app.store.conn())?)
}

#[derive(Deserialize)]
struct LockArgs {
    year: i32,
    #[serde(default)]
    note: String,
    #[serde(default)]
    reason: String,
}

fn lock(app: &mut App, a: Value) -> Result<Reply> {
    let a: LockArgs = args(a)?;
    Reply::json(app.store.write(|tx| locks::lock(tx, a.year, &a.note))?)
}

fn unlock(app: &mut App, a: Value) -> Result<Reply> {
    let a: LockArgs = args(a)?;
    app.store.write(|tx| locks::unlock(tx, a.year, &a.reason))?;
    Reply::json(json!({"unlocked": a.year}))
}
