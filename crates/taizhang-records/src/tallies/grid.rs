//! What the entry screens show: the month grid (items × days of one window's
//! month) and the year grid (items × months of one window's year), with their
//! totals and the calendar's day kinds for shading.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection};
use serde::Serialize;

use super::catalogue::{list_items, ServiceItem};
use super::cells::window_by_id;
use super::period::{days_in_month, Period};
use taizhang_base::calendar::{Calendar, DayKind};
use taizhang_base::error::{Error, Result};
use taizhang_store::office::Unit;

const WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];

/// One column of the month grid.
#[derive(Debug, Clone, Serialize)]
pub struct DayColumn {
    pub day: u32,
    pub date: String,
    /// 一 … 日
    pub weekday: &'static str,
    /// `working`, `weekend`, `holiday` (an official day off) or `makeup` (调休上班).
    pub kind: &'static str,
    /// The holiday's name, or 调休 for a make-up working day.
    pub name: Option<String>,
}

/// How the calendar classes a day, for shading and for warnings.
pub fn day_kind(calendar: &Calendar, date: NaiveDate) -> &'static str {
    match (calendar.day_kind(date), calendar.day_name(date)) {
        (DayKind::Off, Some(_)) => "holiday",
        (DayKind::Off, None) => "weekend",
        (DayKind::Working, _) if calendar.is_makeup_day(date) => "makeup",
        (DayKind::Working, _) => "working",
    }
}

fn day_columns(calendar: &Calendar, year: i32, month: u32) -> Vec<DayColumn> {
    (1..=days_in_month(year, month))
        .map(|day| {
            let date = NaiveDate::from_ymd_opt(year, month, day).expect("day of the month");
            DayColumn {
                day,
                date: taizhang_base::dates::iso(date),
                weekday: WEEKDAYS[date.weekday().num_days_from_monday() as usize],
                kind: day_kind(calendar, date),
                name: calendar.day_name(date).map(str::to_string),
            }
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthRow {
    pub item: ServiceItem,
    /// One count per day (None = empty).
    pub days: Vec<Option<i64>>,
    /// The month's own figure, when one was entered or imported by month.
    pub month_entry: Option<i64>,
    /// Days plus the month's own figure.
    pub total: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthGrid {
    pub window: Unit,
    pub year: i32,
    pub month: u32,
    pub days: Vec<DayColumn>,
    /// Whether the year's holiday schedule is known (else only weekends are shaded).
    pub calendar_known: bool,
    /// When the year is locked, the time it was locked.
    pub locked_at: Option<String>,
    pub rows: Vec<MonthRow>,
    pub day_totals: Vec<i64>,
    pub month_entries_total: i64,
    pub total: i64,
    /// Items of this window that also have a whole-year figure this year
    /// (entering days beside it counts twice).
    pub year_entries: Vec<String>,
}

/// Counts of one window's year (or one month of it): (item, month, day, count).
fn window_counts(
    conn: &Connection,
    window: i64,
    year: i32,
    month: Option<u32>,
) -> Result<Vec<(i64, u32, u32, i64)>> {
    let (from, to) = month.map(|m| (m, m)).unwrap_or((0, 12));
    let mut stmt = conn.prepare_cached(
        "SELECT item_id, month, day, count FROM service_tallies
         WHERE year = ?1 AND unit_id = ?2 AND month BETWEEN ?3 AND ?4",
    )?;
    let rows = stmt.query_map(params![year, window, from, to], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The active catalogue, plus archived items that have figures to show.
pub fn items_shown(conn: &Connection, with_data: &HashSet<i64>) -> Result<Vec<ServiceItem>> {
    Ok(list_items(conn, true)?
        .into_iter()
        .filter(|i| !i.archived || with_data.contains(&i.id))
        .collect())
}

fn check_year_month(year: i32, month: Option<u32>) -> Result<()> {
    if !super::period::YEARS.contains(&year) {
        return Err(Error::invalid("year", "年份应在 1990 至 2100 之间"));
    }
    if matches!(month, Some(m) if !(1..=12).contains(&m)) {
        return Err(Error::invalid("month", "月份应在 1 至 12 之间"));
    }
    Ok(())
}

/// The month grid of one window: items × days, with totals.
pub fn month_grid(
    conn: &Connection,
    calendar: &Calendar,
    window: i64,
    year: i32,
    month: u32,
) -> Result<MonthGrid> {
    check_year_month(year, Some(month))?;
    let window = window_by_id(conn, window)?;
    let days = day_columns(calendar, year, month);
    let counts = window_counts(conn, window.id, year, Some(month))?;
    let with_data: HashSet<i64> = counts.iter().map(|c| c.0).collect();
    let items = items_shown(conn, &with_data)?;
    let index: HashMap<i64, usize> = items.iter().enumerate().map(|(i, it)| (it.id, i)).collect();
    let mut rows: Vec<MonthRow> = items
        .into_iter()
        .map(|item| MonthRow {
            item,
            days: vec![None; days.len()],
            month_entry: None,
            total: 0,
        })
        .collect();
    let mut day_totals = vec![0; days.len()];
    let mut month_entries_total = 0;
    for (item, _, day, count) in counts {
        let row = &mut rows[index[&item]];
        row.total += count;
        if day == 0 {
            row.month_entry = Some(count);
            month_entries_total += count;
        } else {
            row.days[day as usize - 1] = Some(count);
            day_totals[day as usize - 1] += count;
        }
    }
    let total = rows.iter().map(|r| r.total).sum();
    let year_entries = year_entry_items(conn, window.id, year)?;
    Ok(MonthGrid {
        calendar_known: calendar.is_known(year),
        locked_at: taizhang_store::locks::locked_at(conn, year)?,
        window,
        year,
        month,
        days,
        rows,
        day_totals,
        month_entries_total,
        total,
        year_entries,
    })
}

fn year_entry_items(conn: &Connection, window: i64, year: i32) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.name FROM service_tallies t JOIN service_items i ON i.id = t.item_id
         WHERE t.year = ?1 AND t.unit_id = ?2 AND t.month = 0 ORDER BY i.position, i.id",
    )?;
    let rows = stmt.query_map(params![year, window], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// One month of the year grid.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct MonthCell {
    /// The month's own figure (editable in the year grid).
    pub entry: Option<i64>,
    /// The sum of the month's day entries (edited in the month grid).
    pub days: i64,
    /// Entry plus days: what the month counts.
    pub total: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearRow {
    pub item: ServiceItem,
    pub months: Vec<MonthCell>,
    /// The whole-year figure (for years kept only as totals).
    pub year_entry: Option<i64>,
    /// Every period inside the year.
    pub total: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearGrid {
    pub window: Unit,
    pub year: i32,
    pub locked_at: Option<String>,
    pub rows: Vec<YearRow>,
    pub month_totals: Vec<i64>,
    pub year_entries_total: i64,
    pub total: i64,
}

/// The year grid of one window: items × months (month figures plus day
/// entries of the month) and the whole-year figure.
pub fn year_grid(conn: &Connection, window: i64, year: i32) -> Result<YearGrid> {
    check_year_month(year, None)?;
    let window = window_by_id(conn, window)?;
    let counts = window_counts(conn, window.id, year, None)?;
    let with_data: HashSet<i64> = counts.iter().map(|c| c.0).collect();
    let items = items_shown(conn, &with_data)?;
    let index: HashMap<i64, usize> = items.iter().enumerate().map(|(i, it)| (it.id, i)).collect();
    let mut rows: Vec<YearRow> = items
        .into_iter()
        .map(|item| YearRow {
            item,
            months: vec![MonthCell::default(); 12],
            year_entry: None,
            total: 0,
        })
        .collect();
    let mut month_totals = vec![0; 12];
    let mut year_entries_total = 0;
    for (item, month, day, count) in counts {
        let row = &mut rows[index[&item]];
        row.total += count;
        if month == 0 {
            row.year_entry = Some(count);
            year_entries_total += count;
            continue;
        }
        let cell = &mut row.months[month as usize - 1];
        if day == 0 {
            cell.entry = Some(count);
        } else {
            cell.days += count;
        }
        cell.total += count;
        month_totals[month as usize - 1] += count;
    }
    let total = rows.iter().map(|r| r.total).sum();
    Ok(YearGrid {
        locked_at: taizhang_store::locks::locked_at(conn, year)?,
        window,
        year,
        rows,
        month_totals,
        year_entries_total,
        total,
    })
}

/// The periods of a month grid's columns, for paste.
pub fn day_periods(year: i32, month: u32) -> Vec<Period> {
    (1..=days_in_month(year, month))
        .filter_map(|d| NaiveDate::from_ymd_opt(year, month, d).map(Period::Day))
        .collect()
}
