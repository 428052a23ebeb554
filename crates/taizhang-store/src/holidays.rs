//! The holiday schedules the clerk entered or imported, stored in the data file.
//! They replace the bundled schedule of the same year.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rusqlite::{params, Connection};
use serde::Serialize;

use taizhang_base::calendar::HolidayYear;
use taizhang_base::dates::{iso, parse_iso_date, parse_user_date};
use taizhang_base::error::{Error, Problem, Result};
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

/// Parse days typed by the clerk, one entry a line: a date (`2027-02-10`,
/// `20270210`, `2-10` within `year` …) or a run (`2027-02-10至2027-02-16`,
/// also with `~` or `到`), optionally followed by a name (`春节`). Problems name
/// the line; the path is `field`.
pub fn parse_day_lines(
    text: &str,
    year: i32,
    field: &str,
) -> std::result::Result<Vec<(NaiveDate, Option<String>)>, Vec<Problem>> {
    let mut days = vec![];
    let mut problems = vec![];
    for (i, raw) in text.lines().enumerate() {
        let line = tighten_ranges(raw.trim());
        let line = line.as_str();
        if line.is_empty() {
            continue;
        }
        let (span, name) = match line.split_once(char::is_whitespace) {
            Some((span, name)) => (
                span,
                Some(name.trim().to_string()).filter(|n| !n.is_empty()),
            ),
            None => (line, None),
        };
        let (first, last) = match span.split_once(['至', '~', '～', '到']) {
            Some((a, b)) => (a, b),
            None => (span, span),
        };
        match (day_in_year(first, year), day_in_year(last, year)) {
            (Some(a), Some(b)) if a <= b && (b - a).num_days() < 40 => {
                let mut d = a;
                while d <= b {
                    days.push((d, name.clone()));
                    d += Duration::days(1);
                }
            }
            (Some(_), Some(_)) => problems.push(Problem::new(
                field,
                format!("第{}行“{line}”：起止日期有误（应先早后晚，且不超过40天）", i + 1),
            )),
            _ => problems.push(Problem::new(
                field,
                format!(
                    "第{}行“{line}”不是有效日期，请写成 {year}-10-01 或 {year}-10-01至{year}-10-07 国庆节",
                    i + 1
                ),
            )),
        }
    }
    if problems.is_empty() {
        Ok(days)
    } else {
        Err(problems)
    }
}

/// `2027-10-01 至 2027-10-07` → `2027-10-01至2027-10-07`, so that the first
/// space separates the days from the name.
fn tighten_ranges(line: &str) -> String {
    let mut out = line.to_string();
    for sep in ['至', '~', '～', '到'] {
        while out.contains(&format!(" {sep}")) || out.contains(&format!("{sep} ")) {
            out = out
                .replace(&format!(" {sep}"), &sep.to_string())
                .replace(&format!("{sep} "), &sep.to_string());
        }
    }
    out
}

/// A date as typed, with or without its year (`10-1`, `10月1日` in `year`).
fn day_in_year(text: &str, year: i32) -> Option<NaiveDate> {
    let t = text.trim();
    parse_user_date(t)
        .or_else(|_| parse_user_date(&format!("{year}-{t}")))
        .ok()
}

/// A schedule typed by the clerk: days off and make-up working days, as lines
/// (see [`parse_day_lines`]). Make-up days must be weekend days.
pub fn year_from_lines(year: i32, holidays: &str, workdays: &str) -> Result<HolidayYear> {
    let mut problems = vec![];
    let mut parsed = |text: &str, field: &str| match parse_day_lines(text, year, field) {
        Ok(days) => days,
        Err(ps) => {
            problems.extend(ps);
            vec![]
        }
    };
    let off = parsed(holidays, "holidays");
    let work = parsed(workdays, "workdays");
    for (d, _) in &work {
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            problems.push(Problem::new(
                "workdays",
                format!(
                    "{} 是{}，本来就是工作日，不用填为调休上班日",
                    iso(*d),
                    weekday_name(*d)
                ),
            ));
        }
    }
    Error::from_problems(problems)?;
    let mut y = HolidayYear {
        year,
        holidays: vec![],
        workdays: vec![],
        names: BTreeMap::new(),
    };
    for (list, days) in [(&mut y.holidays, off), (&mut y.workdays, work)] {
        for (d, name) in days {
            if !list.contains(&d) {
                list.push(d);
            }
            if let Some(n) = name {
                y.names.insert(d, n);
            }
        }
        list.sort();
    }
    y.validate()?;
    Ok(y)
}

pub fn weekday_name(d: NaiveDate) -> &'static str {
    [
        "星期一",
        "星期二",
        "星期三",
        "星期四",
        "星期五",
        "星期六",
        "星期日",
    ][d.weekday().num_days_from_monday() as usize]
}

/// The days of a schedule as lines the clerk can edit: runs of consecutive
/// days with the same name on one line (`2026-10-01至2026-10-07 国庆节`).
pub fn lines(days: &[NaiveDate], names: &BTreeMap<NaiveDate, String>) -> String {
    let mut sorted = days.to_vec();
    sorted.sort();
    let mut runs: Vec<(NaiveDate, NaiveDate, Option<&String>)> = vec![];
    for d in sorted {
        let name = names.get(&d);
        match runs.last_mut() {
            Some((_, last, n)) if *last + Duration::days(1) == d && *n == name => *last = d,
            _ => runs.push((d, d, name)),
        }
    }
    runs.iter()
        .map(|(a, b, name)| {
            let span = if a == b {
                iso(*a)
            } else {
                format!("{}至{}", iso(*a), iso(*b))
            };
            match name {
                Some(n) => format!("{span} {n}"),
                None => span,
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where a year's schedule comes from.
#[derive(Debug, Clone, Serialize)]
pub struct YearInfo {
    pub year: i32,
    /// `bundled` (the official schedule shipped with the program) or `clerk`.
    pub source: &'static str,
    /// For a clerk's year: 手工录入 or the imported file's note; and when.
    pub note: String,
    pub updated_at: Option<String>,
    pub holidays: usize,
    pub workdays: usize,
    /// A clerk's year that replaces a bundled one.
    pub replaces_bundled: bool,
}

/// Every known year, oldest first.
pub fn year_infos(conn: &Connection) -> Result<Vec<YearInfo>> {
    let mut stmt = conn.prepare("SELECT year, source, updated_at FROM holiday_years")?;
    let stored: BTreeMap<i32, (String, String)> = stmt
        .query_map([], |r| Ok((r.get::<_, i32>(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<rusqlite::Result<_>>()?;
    let clerk = load_years(conn)?;
    let mut out = vec![];
    for y in taizhang_base::calendar::bundled_years() {
        if !stored.contains_key(&y.year) {
            out.push(YearInfo {
                year: y.year,
                source: "bundled",
                note: "国务院办公厅通知（内置）".into(),
                updated_at: None,
                holidays: y.holidays.len(),
                workdays: y.workdays.len(),
                replaces_bundled: false,
            });
        }
    }
    for y in clerk {
        let (note, at) = stored.get(&y.year).cloned().unwrap_or_default();
        out.push(YearInfo {
            year: y.year,
            source: "clerk",
            note,
            updated_at: Some(at),
            holidays: y.holidays.len(),
            workdays: y.workdays.len(),
            replaces_bundled: taizhang_base::calendar::bundled_year(y.year).is_some(),
        });
    }
    out.sort_by_key(|y| y.year);
    Ok(out)
}

/// One year's schedule as in force: the clerk's, else the bundled one.
pub fn year_in_force(conn: &Connection, year: i32) -> Result<Option<HolidayYear>> {
    Ok(load_years(conn)?
        .into_iter()
        .find(|y| y.year == year)
        .or_else(|| taizhang_base::calendar::bundled_year(year)))
}
