//! Corrections (补正, Regulation Art. 30): the 补正期限 a notice gives the
//! applicant, by default a number of working days the office sets, and the
//! day an application that was never corrected may be closed.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde_json::json;

use crate::framework::Ctx;
use taizhang_base::calendar::Calendar;
use taizhang_base::error::{Error, Result};
use taizhang_store::store::{AuditAction, Tx};

/// The working days a correction notice gives when the office set nothing.
pub const DEFAULT_DAYS: u32 = 15;
/// The longest period the setting accepts.
pub const MAX_DAYS: u32 = 60;
/// Where the office's default is kept in `settings`.
pub const DAYS_SETTING: &str = "applications.correction_days";

/// The office's default period in working days. Read while completing every
/// record of an import, so the statement is cached; an unreadable value
/// counts as the default.
pub fn days(conn: &Connection) -> u32 {
    let read = || -> rusqlite::Result<Option<String>> {
        conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([DAYS_SETTING], |r| r.get(0))
            .optional()
    };
    read()
        .ok()
        .flatten()
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|d| (1..=MAX_DAYS).contains(d))
        .unwrap_or(DEFAULT_DAYS)
}

/// Change the office's default (new notices only: the deadlines already
/// stored are what the notices said). Returns the days now in force.
pub fn save_days(tx: &Tx, _ctx: &Ctx, days_given: i64) -> Result<u32> {
    if !(1..=MAX_DAYS as i64).contains(&days_given) {
        return Err(Error::invalid(
            "correction_days",
            format!("补正期限应为 1 至 {MAX_DAYS} 个工作日，请重新填写"),
        ));
    }
    let before = days(tx);
    if before as i64 != days_given {
        taizhang_store::store::set_setting(tx, DAYS_SETTING, &json!(days_given))?;
        tx.audit(
            AuditAction::Update,
            "settings",
            DAYS_SETTING,
            Some(&json!(before)),
            Some(&json!(days_given)),
            "",
        )?;
    }
    Ok(days_given as u32)
}

/// The 补正期限 a notice sent on `notice` gives by default.
pub fn default_deadline(cal: &Calendar, notice: NaiveDate, days: u32) -> NaiveDate {
    cal.add_working_days(notice, days).due
}

/// The default close date of an application never corrected: the first
/// working day after its 补正期限 (逾期不补正 is possible only from then).
pub fn default_close(cal: &Calendar, deadline: NaiveDate) -> NaiveDate {
    cal.add_working_days(deadline, 1).due
}
