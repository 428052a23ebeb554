//! Taking in a record or a deletion another PC sent (a data package), by
//! the versions of [`taizhang_store::sync`]: a newer version replaces an
//! older one, an older one never replaces a newer, and two versions changed
//! apart are a conflict, settled the same way on every PC (the record of
//! each side stays: the one replaced in the audit log, the other in its
//! package). A deletion is a version too (a tombstone); against a change
//! made apart from it, the change is kept: no PC loses an edit to a delete.
//!
//! A package from an older program carries no versions: its records count as
//! changed when it was exported (`exported_at`), and a record changed here
//! later is kept.

use chrono::DateTime;
use rusqlite::{Connection, OptionalExtension};
use serde_json::{json, Value};

use super::crud::{ensure_unlocked, insert_row, load, remove_row, update_row, Stamp};
use super::{Ctx, Record, RegisterSpec};
use taizhang_base::error::{Error, Result};
use taizhang_store::store::{AuditAction, Tx};
use taizhang_store::sync::{self, Clock, Order, Tombstone, Version};

/// What a package says about the record it brings.
#[derive(Debug, Clone, Copy, Default)]
pub struct Arrival<'a> {
    /// The record's version (`None`: a package from an older program).
    pub version: Option<&'a Version>,
    /// The package's `exported_at` (RFC 3339), for a record without a version.
    pub exported_at: Option<&'a str>,
    /// Whether the file holds any tombstone (asked once per import).
    pub tombstones: bool,
}

/// What became of one record or deletion of a package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Unchanged,
    /// Added, replaced or deleted.
    Written,
    /// The file's version is newer than the package's: kept.
    KeptNewer {
        local: Version,
    },
    /// Deleted here after the package's version was made: not brought back.
    StaysDeleted {
        deleted: Version,
    },
    /// Both sides changed apart. `taken`: the package's version replaced the file's.
    Conflict {
        taken: bool,
        local: Version,
        incoming: Version,
    },
    /// A deletion not carried out: other records here still refer to it.
    StillReferred,
}

/// How the package's version stands to the file's.
pub(crate) enum Verdict {
    Take,
    Same,
    Keep,
    Apart { incoming_kept: bool },
}

/// The stored version of a record (a row unchanged since versions began:
/// the empty clock, changed when it was last written).
pub fn version_of(conn: &Connection, spec: &RegisterSpec, id: &str) -> Result<Option<Version>> {
    let sql = format!(
        "SELECT clock, changed_on, coalesce(changed_at, updated_at) FROM {} WHERE id = ?1",
        spec.table
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], |r| Version::from_row(r, 0))
        .optional()?)
}

/// `a` is a later time than `b` (either unreadable: not later).
fn later(a: &str, b: &str) -> bool {
    match (
        DateTime::parse_from_rfc3339(a),
        DateTime::parse_from_rfc3339(b),
    ) {
        (Ok(a), Ok(b)) => a > b,
        _ => false,
    }
}

/// How the package's version (`arrival`) stands to the file's (`local`).
pub(crate) fn judge(local: &Version, arrival: &Arrival) -> Verdict {
    match arrival.version {
        // Unversioned here: not changed since versions began, so older.
        Some(_) if local.clock.is_empty() => Verdict::Take,
        Some(incoming) => match incoming.clock.order(&local.clock) {
            Order::Same => Verdict::Same,
            Order::Newer => Verdict::Take,
            Order::Older => Verdict::Keep,
            Order::Apart => Verdict::Apart {
                incoming_kept: incoming.precedence(local).is_gt(),
            },
        },
        None => match arrival.exported_at {
            Some(exported) if later(&local.changed_at, exported) => Verdict::Keep,
            _ => Verdict::Take,
        },
    }
}

/// The version a record of the package is stored with: its own, or — from a
/// package without versions — a change on this PC dated by the package.
pub(crate) fn taken_version(tx: &Tx, base: &Clock, arrival: &Arrival) -> Result<Version> {
    if let Some(v) = arrival.version {
        return Ok(v.clone());
    }
    let mut version = tx.change_of(base)?;
    if let Some(exported_at) = arrival.exported_at {
        version.changed_at = exported_at.to_string();
    }
    Ok(version)
}

/// Take in one validated record of a package, inside the import's
/// transaction. Personal fields absent from the package keep their stored
/// values (a package exported without personal data must not erase them).
pub fn record(
    tx: &Tx,
    ctx: &Ctx,
    spec: &RegisterSpec,
    input: &Record,
    mut rec: Record,
    arrival: &Arrival,
) -> Result<Outcome> {
    let id = rec
        .get("id")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| spec.hooks.new_id(ctx, &rec))
        .unwrap_or_else(|| super::crud::new_id(spec.id_prefix));
    rec.insert("id".into(), json!(id));
    let Some(before) = load(tx, spec, &id)? else {
        return new_record(tx, ctx, spec, &id, rec, arrival);
    };
    for field in spec
        .fields
        .iter()
        .filter(|f| f.personal && !input.contains_key(f.name))
    {
        rec.insert(
            field.name.into(),
            before.get(field.name).cloned().unwrap_or(Value::Null),
        );
    }
    // The same fields on both sides: nothing to tell the clerk, whatever
    // the versions say (two PCs may make the same correction).
    let same = before == rec;
    let local = version_of(tx, spec, &id)?.unwrap_or_default();
    let conflict = match judge(&local, arrival) {
        Verdict::Same => return Ok(Outcome::Unchanged),
        Verdict::Keep if same => return Ok(Outcome::Unchanged),
        Verdict::Keep => return Ok(Outcome::KeptNewer { local }),
        Verdict::Apart {
            incoming_kept: false,
        } if same => return Ok(Outcome::Unchanged),
        Verdict::Apart {
            incoming_kept: false,
        } => {
            // The version not taken stays in the file, beside the record's history.
            tx.audit(
                AuditAction::Other("conflict"),
                spec.key,
                &id,
                Some(&Value::Object(before)),
                Some(&Value::Object(rec)),
                "导入冲突：两台电脑分别修改，保留了本机的版本；“修改后”是数据包中未采用的版本",
            )?;
            return Ok(Outcome::Conflict {
                taken: false,
                incoming: arrival.version.cloned().unwrap_or_default(),
                local,
            });
        }
        Verdict::Apart {
            incoming_kept: true,
        } => !same,
        Verdict::Take => false,
    };
    if same && arrival.version.is_none() {
        return Ok(Outcome::Unchanged);
    }
    // Also when only the version moves: later packages compare with it.
    let version = taken_version(tx, &local.clock, arrival)?;
    ensure_unlocked(tx, ctx, spec, Some(&before), Some(&rec))?;
    update_row(tx, ctx, spec, &id, &rec, Stamp::Taken(&version))?;
    if same {
        return Ok(Outcome::Unchanged);
    }
    let note = if conflict {
        "导入（两台电脑分别修改，采用了数据包中的版本）"
    } else {
        "导入"
    };
    tx.audit(
        AuditAction::Update,
        spec.key,
        &id,
        Some(&Value::Object(before)),
        Some(&Value::Object(rec)),
        note,
    )?;
    Ok(if conflict {
        Outcome::Conflict {
            taken: true,
            local,
            incoming: version,
        }
    } else {
        Outcome::Written
    })
}

/// A record the file does not hold: added, unless it was deleted here after
/// the package's version was made.
fn new_record(
    tx: &Tx,
    ctx: &Ctx,
    spec: &RegisterSpec,
    id: &str,
    rec: Record,
    arrival: &Arrival,
) -> Result<Outcome> {
    let deleted = if arrival.tombstones {
        sync::tombstone(tx, spec.key, id)?
    } else {
        None
    };
    let mut outcome = Outcome::Written;
    let base = match deleted {
        Some(t) => {
            match judge(&t.version, arrival) {
                Verdict::Same | Verdict::Keep => {
                    return Ok(Outcome::StaysDeleted { deleted: t.version })
                }
                // A change made apart from the deletion is kept.
                Verdict::Apart { .. } => {
                    outcome = Outcome::Conflict {
                        taken: true,
                        local: t.version.clone(),
                        incoming: arrival.version.cloned().unwrap_or_default(),
                    }
                }
                Verdict::Take => {}
            }
            sync::remove_tombstone(tx, spec.key, id)?;
            t.version.clock
        }
        None => Clock::default(),
    };
    let version = taken_version(tx, &base, arrival)?;
    ensure_unlocked(tx, ctx, spec, None, Some(&rec))?;
    insert_row(tx, ctx, spec, id, &rec, &version)?;
    tx.audit(
        AuditAction::Create,
        spec.key,
        id,
        None,
        Some(&Value::Object(rec)),
        "导入",
    )?;
    Ok(outcome)
}

/// Keep another PC's deletion of something this file does not hold (so that
/// an older copy arriving later is not brought back): with what both
/// deletions saw, when this file has its own.
pub(crate) fn keep_tombstone(tx: &Tx, t: &Tombstone) -> Result<Outcome> {
    let kept = match sync::tombstone(tx, &t.register, &t.record_id)? {
        Some(mine) => match mine.version.clock.order(&t.version.clock) {
            Order::Same => return Ok(Outcome::Unchanged),
            Order::Older => t.version.clone(),
            _ => {
                let winner = if mine.version.precedence(&t.version).is_gt() {
                    &mine.version
                } else {
                    &t.version
                };
                Version {
                    clock: mine.version.clock.joined(&t.version.clock),
                    ..winner.clone()
                }
            }
        },
        None => t.version.clone(),
    };
    sync::put_tombstone(
        tx,
        &Tombstone {
            version: kept,
            ..t.clone()
        },
    )?;
    Ok(Outcome::Unchanged)
}

/// Take in a deletion another PC made: the record goes when the deletion
/// was made from its version here (or a later one); a record changed here
/// apart from the deletion stays.
pub fn deletion(tx: &Tx, ctx: &Ctx, spec: &RegisterSpec, t: &Tombstone) -> Result<Outcome> {
    let id = t.record_id.as_str();
    let arrival = Arrival {
        version: Some(&t.version),
        ..Arrival::default()
    };
    let Some(before) = load(tx, spec, id)? else {
        return keep_tombstone(tx, t);
    };
    let local = version_of(tx, spec, id)?.unwrap_or_default();
    match judge(&local, &arrival) {
        Verdict::Take => {}
        Verdict::Same | Verdict::Keep => return Ok(Outcome::KeptNewer { local }),
        Verdict::Apart { .. } => {
            return Ok(Outcome::Conflict {
                taken: false,
                local,
                incoming: t.version.clone(),
            })
        }
    }
    ensure_unlocked(tx, ctx, spec, Some(&before), None)?;
    match remove_row(tx, spec, before, t, "导入（已在另一台电脑删除）") {
        Err(Error::Conflict { .. }) => Ok(Outcome::StillReferred),
        other => other.map(|()| Outcome::Written),
    }
}
