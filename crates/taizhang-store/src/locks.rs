//! 年度锁定: once a year's report is filed, the clerk locks the year; every
//! write that would change that year's figures is then refused
//! ([`crate::store::Tx::ensure_unlocked`]) with a message naming the lock.
//! Unlocking needs a reason; both are audited.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::json;

use taizhang_base::error::{Error, Result};
use crate::store::{AuditAction, Tx};

/// The audit log's name for locks.
pub const AUDIT_KEY: &str = "year_locks";
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearLock {
    pub year: i32,
    /// Local time, RFC 3339.
    pub locked_at: String,
    pub note: String,
}

fn read(r: &rusqlite::Row) -> rusqlite::Result<YearLock> {
    Ok(YearLock {
        year: r.get(0)?,
        locked_at: r.get(1)?,
        note: r.get(2)?,
    })
}

/// Every locked year, newest first.
pub fn list(conn: &Connection) -> Result<Vec<YearLock>> {
    let mut stmt =
        conn.prepare("SELECT year, locked_at, note FROM year_locks ORDER BY year DESC")?;
    let rows = stmt.query_map([], read)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn get(conn: &Connection, year: i32) -> Result<Option<YearLock>> {
    Ok(conn
        .query_row(
            "SELECT year, locked_at, note FROM year_locks WHERE year = ?1",
            [year],
            read,
        )
        .optional()?)
}

/// When `year` was locked (for the report), if it is.
pub fn locked_at(conn: &Connection, year: i32) -> Result<Option<String>> {
    Ok(get(conn, year)?.map(|l| l.locked_at))
}

fn check_year(year: i32) -> Result<()> {
    if YEARS.contains(&year) {
        Ok(())
    } else {
        Err(Error::invalid(
            "year",
            format!(
                "年度“{year}”无效，应在 {} 到 {} 之间",
                YEARS.start(),
                YEARS.end()
            ),
        ))
    }
}

pub fn lock(tx: &Tx, year: i32, note: &str) -> Result<YearLock> {
    check_year(year)?;
    let note = note.trim();
    if note.chars().count() > 200 {
        return Err(Error::invalid("note", "说明不能超过200个字"));
    }
    if let Some(l) = get(tx, year)? {
        return Err(Error::conflict(format!(
            "{year}年度已于{}锁定，无需再次锁定。",
            l.locked_at.get(..10).unwrap_or(&l.locked_at)
        )));
    }
    tx.execute(
        "INSERT INTO year_locks (year, locked_at, note) VALUES (?1, ?2, ?3)",
        params![year, tx.now(), note],
    )?;
    let lock = get(tx, year)?.expect("just inserted");
    tx.audit(
        AuditAction::Other("lock"),
        AUDIT_KEY,
        &year.to_string(),
        None,
        Some(&json!(lock)),
        note,
    )?;
    Ok(lock)
}

/// Unlock a year; the reason is required and goes into the audit log.
pub fn unlock(tx: &Tx, year: i32, reason: &str) -> Result<()> {
    check_year(year)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid(
            "reason",
            "请填写解锁原因（如：发现差错需更正年报）",
        ));
    }
    if reason.chars().count() > 200 {
        return Err(Error::invalid("reason", "解锁原因不能超过200个字"));
    }
    let Some(before) = get(tx, year)? else {
        return Err(Error::conflict(format!("{year}年度没有锁定。")));
    };
    tx.execute("DELETE FROM year_locks WHERE year = ?1", [year])?;
    tx.audit(
        AuditAction::Other("unlock"),
        AUDIT_KEY,
        &year.to_string(),
        Some(&json!(before)),
        None,
        reason,
    )
}

/// For the status bar: this year's lock state, and last year's when locked
/// (the year a clerk locks in January).
pub fn summary(conn: &Connection, this_year: i32) -> Result<String> {
    let state = |y: i32| -> Result<Option<String>> {
        Ok(get(conn, y)?.map(|_| format!("{y}年度已锁定")))
    };
    let this = state(this_year)?.unwrap_or_else(|| format!("{this_year}年度未锁定"));
    Ok(match state(this_year - 1)? {
        Some(last) => format!("{last} · {this}"),
        None => this,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn lock_and_unlock_are_audited_and_unlock_needs_a_reason() {
        let mut store = Store::open_in_memory().unwrap();
        let l = store.write(|tx| lock(tx, 2023, "年报已报送")).unwrap();
        assert_eq!(l.year, 2023);
        assert_eq!(
            locked_at(store.conn(), 2023).unwrap().as_deref(),
            Some(l.locked_at.as_str())
        );
        let again = store.write(|tx| lock(tx, 2023, "")).unwrap_err();
        assert!(again.to_string().contains("已于"), "{again}");
        let err = store.write(|tx| unlock(tx, 2023, "  ")).unwrap_err();
        assert_eq!(err.to_json()["field"], "reason");
        assert!(get(store.conn(), 2023).unwrap().is_some(), "still locked");
        store.write(|tx| unlock(tx, 2023, "更正差错")).unwrap();
        assert!(list(store.conn()).unwrap().is_empty());
        let log: Vec<(String, String)> = store
            .conn()
            .prepare("SELECT action, note FROM audit_log WHERE register = 'year_locks' ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(
            log,
            vec![
                ("lock".to_string(), "年报已报送".to_string()),
                ("unlock".to_string(), "更正差错".to_string())
            ]
        );
    }

    #[test]
    fn the_summary_names_this_year_and_a_locked_last_year() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(summary(store.conn(), 2024).unwrap(), "2024年度未锁定");
        store.write(|tx| lock(tx, 2023, "")).unwrap();
        assert_eq!(
            summary(store.conn(), 2024).unwrap(),
            "2023年度已锁定 · 2024年度未锁定"
        );
        let err = store.write(|tx| lock(tx, 1999, "")).unwrap_err();
        assert_eq!(err.to_json()["field"], "year");
    }
}
