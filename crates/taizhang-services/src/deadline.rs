//! The report's filing deadline (报送截止日期). Art. 49 of the Regulation has
//! departments report by 31 January; street offices file by their district's
//! notice, so the office sets the date per year (setting `report.deadline.<Y>`),
//! and 首页 counts the working days down from December until the year is locked.

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use taizhang_base::calendar::Calendar;
use taizhang_base::dates::{iso, parse_user_date};
use taizhang_base::error::{Error, Result};
use taizhang_store::store::{get_setting, set_setting, AuditAction, Tx};

/// Within this many working days of the deadline the card turns amber.
pub const SOON_WORKING_DAYS: u32 = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    pub year: i32,
    pub due_on: String,
    /// Whether the office set the date (else it is 31 January).
    pub custom: bool,
    /// `waiting` (before December), `counting`, `soon` (amber), `late` (red),
    /// `locked` (filed: the year is locked).
    pub state: &'static str,
    /// Working days from today to the deadline (0 on the day and after).
    pub working_days_left: u32,
}

fn key(year: i32) -> String {
    format!("report.deadline.{year}")
}

/// 31 January of the next year.
pub fn default_due(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year + 1, 1, 31).expect("a date")
}

fn stored(conn: &Connection, year: i32) -> Result<Option<NaiveDate>> {
    Ok(get_setting(conn, &key(year))?
        .and_then(|v| v.as_str().and_then(|s| parse_user_date(s).ok())))
}

/// The deadline of report year `year` as seen on `today`.
pub fn get(conn: &Connection, calendar: &Calendar, year: i32, today: NaiveDate) -> Result<Deadline> {
    let custom = stored(conn, year)?;
    let due = custom.unwrap_or_else(|| default_due(year));
    let locked = taizhang_store::locks::locked_at(conn, year)?.is_some();
    let left = if today < due {
        calendar.working_days_between(today, due)
    } else {
        0
    };
    let state = if locked {
        "locked"
    } else if today > due {
        "late"
    } else if today < NaiveDate::from_ymd_opt(year, 12, 1).expect("a date") {
        "waiting"
    } else if left <= SOON_WORKING_DAYS {
        "soon"
    } else {
        "counting"
    };
    Ok(Deadline {
        year,
        due_on: iso(due),
        custom: custom.is_some(),
        state,
        working_days_left: left,
    })
}

/// Set (or, with `None`, reset to 31 January) the deadline of `year`. The
/// date must fall after the year: a report cannot be due before it ends.
pub fn save(tx: &Tx, year: i32, due_on: Option<&str>) -> Result<()> {
    let due = match due_on.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => {
            let date = parse_user_date(text).map_err(|m| Error::invalid("due_on", format!("报送截止日期：{m}")))?;
            if date.year() <= year || date > NaiveDate::from_ymd_opt(year + 1, 12, 31).expect("a date") {
                return Err(Error::invalid(
                    "due_on",
                    format!("{year}年度年报的报送截止日期应在{}年内，请按区县通知填写", year + 1),
                ));
            }
            Some(date)
        }
    };
    let before = stored(tx, year)?;
    if before == due {
        return Ok(());
    }
    let value = due.map(|d| json!(iso(d)));
    match &value {
        Some(v) => set_setting(tx, &key(year), v)?,
        None => {
            tx.execute("DELETE FROM settings WHERE key = ?1", [key(year)])?;
        }
    }
    tx.audit(
        AuditAction::Update,
        "settings",
        &key(year),
        before.map(|d| json!(iso(d))).as_ref(),
        value.as_ref(),
        "",
    )?;
    Ok(())
}
