//! Whether a disclosure was (or will be) published in time.
//!
//! Two limits apply to every disclosure, both counted in working days from the
//! day after it was formed or changed: the statutory 20 (Art. 26 of the
//! Regulation) and the office's own stricter limit (a setting, 7 by default).

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde_json::json;

use crate::framework::status::{self, Today};
use crate::framework::Ctx;
use taizhang_base::calendar::{Calendar, DueComputation};
use taizhang_base::error::{Error, Result};
use taizhang_store::store::{AuditAction, Tx};

/// Art. 26: publish within 20 working days of being formed or changed.
pub const STATUTORY_DAYS: u32 = 20;
/// The local limit the 2018 reference report plans.
pub const DEFAULT_LOCAL_DAYS: u32 = 7;
/// "Due soon" means at most this many working days left.
pub const SOON_DAYS: u32 = 3;
/// Where the office's own limit is kept in `settings`.
pub const LOCAL_DAYS_SETTING: &str = "disclosures.local_limit_days";

/// The office's own limit in working days. Read for every stored record, so
/// the statement is cached; an unreadable value counts as the default.
pub fn local_days(conn: &Connection) -> u32 {
    let read = || -> rusqlite::Result<Option<String>> {
        conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([LOCAL_DAYS_SETTING], |r| r.get(0))
            .optional()
    };
    read()
        .ok()
        .flatten()
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|d| (1..=STATUTORY_DAYS).contains(d))
        .unwrap_or(DEFAULT_LOCAL_DAYS)
}

/// Change the office's own limit and recompute every stored local due date in
/// the same transaction. Returns how many records changed.
pub fn save_local_days(tx: &Tx, ctx: &Ctx, days: i64) -> Result<usize> {
    if !(1..=STATUTORY_DAYS as i64).contains(&days) {
        return Err(Error::invalid(
            "local_limit_days",
            format!("本单位公开时限应为 1 至 {STATUTORY_DAYS} 个工作日（不能宽于法定的 {STATUTORY_DAYS} 个工作日）"),
        ));
    }
    let before = local_days(tx);
    if before as i64 == days {
        return Ok(0);
    }
    taizhang_store::store::set_setting(tx, LOCAL_DAYS_SETTING, &json!(days))?;
    tx.audit(
        AuditAction::Update,
        "settings",
        LOCAL_DAYS_SETTING,
        Some(&json!(before)),
        Some(&json!(days)),
        "",
    )?;
    crate::framework::crud::recompute_stored(tx, ctx, &super::SPEC)
}

/// Both due dates of a disclosure formed on `formed`.
pub struct Deadlines {
    pub formed: NaiveDate,
    pub statutory: DueComputation,
    pub local: DueComputation,
}

impl Deadlines {
    pub fn new(calendar: &Calendar, formed: NaiveDate, local_days: u32) -> Deadlines {
        Deadlines {
            formed,
            statutory: calendar.add_working_days(formed, STATUTORY_DAYS),
            local: calendar.add_working_days(formed, local_days),
        }
    }

    /// "法定期限截止 …；本单位时限截止 …", each with the days it skipped.
    pub fn explain(&self) -> String {
        format!(
            "法定期限{}；本单位时限{}",
            self.statutory.explain(),
            self.local.explain()
        )
    }
}

/// Where a disclosure stands. The codes are those of `_status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Published within the office's own limit.
    OnTime,
    /// Published after the office's limit, within the statutory one.
    LateLocal,
    /// Published after the statutory limit.
    Late,
    /// Not published; `left` working days remain to the office's limit (≤ SOON_DAYS).
    Soon { left: u32 },
    /// Not published; more than SOON_DAYS working days remain.
    Pending { left: u32 },
    /// Not published and past the office's limit; `left` to the statutory one.
    OverdueLocal { left: u32 },
    /// Not published and past the statutory limit.
    Overdue,
}

impl Status {
    /// The register's status rules ([`super::SPEC`]) judged on the row a
    /// disclosure with these deadlines is stored as, with the working days
    /// left that the words name.
    pub fn of(
        calendar: &Calendar,
        deadlines: &Deadlines,
        published: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Status {
        let (due, local) = (deadlines.statutory.due, deadlines.local.due);
        let row = [
            ("formed_on", status::date(Some(deadlines.formed))),
            ("published_on", status::date(published)),
            ("due_on", status::date(Some(due))),
            ("due_local_on", status::date(Some(local))),
        ];
        let day = Today {
            date: today,
            calendar: Some(calendar),
        };
        let left = |to| calendar.working_days_between(today, to);
        let row = status::row(&row);
        match super::SPEC.status_on(&row, &day) {
            Some("on_time") => Status::OnTime,
            Some("late_local") => Status::LateLocal,
            Some("late") => Status::Late,
            Some("soon") => Status::Soon { left: left(local) },
            Some("overdue_local") => Status::OverdueLocal { left: left(due) },
            Some("overdue") => Status::Overdue,
            _ => Status::Pending { left: left(local) },
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Status::OnTime => "on_time",
            Status::LateLocal => "late_local",
            Status::Late => "late",
            Status::Soon { .. } => "soon",
            Status::Pending { .. } => "pending",
            Status::OverdueLocal { .. } => "overdue_local",
            Status::Overdue => "overdue",
        }
    }

    /// The words shown in the list: never colour alone.
    pub fn label(&self) -> String {
        match self {
            Status::OnTime => "按时".into(),
            Status::LateLocal => "超本单位时限（未超法定）".into(),
            Status::Late => "逾期公开（超法定时限）".into(),
            Status::Soon { left: 0 } => "今天到期".into(),
            Status::Soon { left } => format!("{left}个工作日内到期"),
            Status::Pending { left } => format!("未公开（还剩{left}个工作日）"),
            Status::OverdueLocal { left: 0 } => "超本单位时限，法定期限今天到期".into(),
            Status::OverdueLocal { left } => {
                format!("超本单位时限，法定期限还剩{left}个工作日")
            }
            Status::Overdue => "已逾期（超法定时限）".into(),
        }
    }

    /// The colour: `late` (red), `warning` and `soon` (amber), `ok` (green), or none.
    pub fn kind(&self) -> &'static str {
        match self {
            Status::OnTime => "ok",
            Status::LateLocal => "warning",
            Status::Soon { .. } => "soon",
            Status::Pending { .. } => "",
            Status::Late | Status::Overdue | Status::OverdueLocal { .. } => "late",
        }
    }
}

/// The disclosures listed under `year` whose deadlines cross a year without
/// a holiday schedule, so that their status is provisional: for the
/// pre-export checks and `check`, which say so and name them.
pub fn provisional(ctx: &Ctx, year: i32) -> Result<Vec<String>> {
    let mut stmt = ctx.conn.prepare(
        "SELECT id, formed_on, due_on FROM disclosures WHERE year = ?1 ORDER BY formed_on, id",
    )?;
    let rows = stmt.query_map([year], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    let mut ids = vec![];
    for row in rows {
        let (id, formed, due) = row?;
        let parse = |s: &str| taizhang_base::dates::parse_iso_date(s).ok();
        let (Some(formed), Some(due)) = (formed.as_deref().and_then(parse), due.as_deref().and_then(parse)) else {
            continue;
        };
        if !ctx.calendar.unknown_years_between(formed, due).is_empty() {
            ids.push(id);
        }
    }
    Ok(ids)
}
