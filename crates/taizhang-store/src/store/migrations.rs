//! The schema's history. Each version is one step, applied in order; all pending
//! steps run inside one IMMEDIATE transaction together with the new
//! `user_version`, so a failed upgrade leaves the file as it was.
//!
//! Never edit a step that has shipped: add a new one.

use rusqlite::{Connection, TransactionBehavior};

use taizhang_base::error::{Error, Result};

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        sql: include_str!("../../migrations/0001_foundation.sql"),
    },
    Migration {
        version: 2,
        name: "registers",
        sql: include_str!("../../migrations/0002_registers.sql"),
    },
    Migration {
        version: 3,
        name: "tallies",
        sql: include_str!("../../migrations/0003_tallies.sql"),
    },
    Migration {
        version: 4,
        name: "narratives",
        sql: include_str!("../../migrations/0004_narratives.sql"),
    },
    Migration {
        version: 5,
        name: "applications",
        sql: include_str!("../../migrations/0005_applications.sql"),
    },
    Migration {
        version: 6,
        name: "application_steps",
        sql: include_str!("../../migrations/0006_application_steps.sql"),
    },
    Migration {
        version: 7,
        name: "disclosures_formed_optional",
        sql: include_str!("../../migrations/0007_disclosures_formed_optional.sql"),
    },
    Migration {
        version: 8,
        name: "district_roster",
        sql: include_str!("../../migrations/0008_district_roster.sql"),
    },
    Migration {
        version: 9,
        name: "record_versions",
        sql: include_str!("../../migrations/0009_record_versions.sql"),
    },
    Migration {
        version: 10,
        name: "table2_trial_cells",
        sql: include_str!("../../migrations/0010_table2_trial_cells.sql"),
    },
    Migration {
        version: 11,
        name: "sync_versions",
        sql: include_str!("../../migrations/0011_sync_versions.sql"),
    },
    Migration {
        version: 12,
        name: "tally_versions",
        sql: include_str!("../../migrations/0012_tally_versions.sql"),
    },
];

/// The newest schema version this program knows.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map(|m| m.version).unwrap_or(0)
}

pub fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Bring the database up to the newest version.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_with(conn, MIGRATIONS, latest_version())
}

/// Apply `steps` up to and including `target`. Tests use it to build a file at
/// every earlier version and to prove that a failing step rolls back.
pub fn migrate_with(conn: &mut Connection, steps: &[Migration], target: i64) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Read the version inside the write lock: another process may have just
    // migrated the same file.
    let current = user_version(&tx)?;
    let supported = steps.last().map(|m| m.version).unwrap_or(0);
    if current > supported {
        return Err(Error::SchemaTooNew {
            found: current,
            supported,
        });
    }
    for step in steps
        .iter()
        .filter(|m| m.version > current && m.version <= target)
    {
        tx.execute_batch(step.sql).map_err(|e| {
            Error::Internal(format!(
                "数据升级第 {} 步（{}）失败：{e}",
                step.version, step.name
            ))
        })?;
        // PRAGMA cannot take a bound parameter; the value is our own integer.
        tx.execute_batch(&format!("PRAGMA user_version = {}", step.version))?;
    }
    tx.commit()?;
    Ok(())
}
