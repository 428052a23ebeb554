//! The holiday schedules the clerk entered or imported, stored in the data file.
//! They replace the bundled schedule of the same year.

use std::collections::BTreeMap;

use rusqlite::{params, Connection};

use crate::calendar::HolidayYear;
use crate::dates::{iso, parse_iso_date};
use crate::error::Result;
use crate::store::{AuditAction, Tx};

/// The audit log's name for holiday schedules.
pub const AUDIT_KEY: &str = "holidays";

/// Every year stored in the data file, oldest first.
pub fn load_years(conn: &Connection) -> Result<Vec<HolidayYear>> {
    let mut years: BTreeMap<i32, HolidayYear> = BTreeMap::new();
    let mut stmt = conn.prepare("SELECT year FROM holiday_years ORDER BY year")?;
    for year in stmt.query_map([], |r| r.get::<_, i32>(0))? {
        let year = year?;
        years.insert(
            year,
            HolidayYear {
                year,
                holidays: vec![],
                workdays: vec![],
                names: BTreeMap::new(),
            },
        );
    }
    let mut stmt =
        conn.prepare("SELECT year, date, off, name FROM holiday_days ORDER BY year, date")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i32>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, bool>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    for row in rows {
        let (year, date, off, name) = row?;
        let (Some(y), Ok(date)) = (years.get_mut(&year), parse_iso_date(&date)) else {
            continue;
        };
        if off {
            y.holidays.push(date);
        } else {
            y.workdays.push(date);
        }
        if !name.is_empty() {
            y.names.insert(date, name);
        }
    }
    Ok(years.into_values().collect())
}

fn stored_year(conn: &Connection, year: i32) -> Result<Option<HolidayYear>> {
    Ok(load_years(conn)?.into_iter().find(|y| y.year == year))
}

/// Store (or replace) one year's schedule. Refused when the year is locked:
/// its working days decide that year's due dates and time limits. (Records
/// of other years whose stored due dates move are checked by
/// `register::crud::recompute_stored`.)
pub fn save_year(tx: &Tx, year: &HolidayYear, source: &str) -> Result<()> {
    year.validate()?;
    tx.ensure_unlocked(&[year.year])?;
    let before = stored_year(tx, year.year)?;
    tx.execute("DELETE FROM holiday_days WHERE year = ?1", [year.year])?;
    tx.execute(
        "INSERT INTO holiday_years (year, source, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (year) DO UPDATE SET source = excluded.source, updated_at = excluded.updated_at",
        params![year.year, source, tx.now()],
    )?;
    let mut insert =
        tx.prepare("INSERT INTO holiday_days (year, date, off, name) VALUES (?1, ?2, ?3, ?4)")?;
    for (days, off) in [(&year.holidays, true), (&year.workdays, false)] {
        for d in days {
            let name = year.names.get(d).map(String::as_str).unwrap_or("");
            insert.execute(params![year.year, iso(*d), off, name])?;
        }
    }
    let after = stored_year(tx, year.year)?;
    if before != after {
        tx.audit(
            AuditAction::for_change(before.is_some()),
            AUDIT_KEY,
            &year.year.to_string(),
            before.map(|b| serde_json::json!(b)).as_ref(),
            after.map(|a| serde_json::json!(a)).as_ref(),
            source,
        )?;
    }
    Ok(())
}

/// Remove a stored year: the bundled schedule (or none) applies again.
pub fn delete_year(tx: &Tx, year: i32) -> Result<bool> {
    let Some(before) = stored_year(tx, year)? else {
        return Ok(false);
    };
    tx.ensure_unlocked(&[year])?;
    tx.execute("DELETE FROM holiday_years WHERE year = ?1", [year])?;
    tx.audit(
        AuditAction::Delete,
        AUDIT_KEY,
        &year.to_string(),
        Some(&serde_json::json!(before)),
        None,
        "",
    )?;
    Ok(true)
}
