//! Totals over a year: by item and window, by month, this year against last
//! year, and the figures the yearly report quotes. A year's total for an item
//! sums every period inside that year: days, months and the whole-year figure.

use std::collections::{BTreeSet, HashMap, HashSet};

use rusqlite::{params, Connection};
use serde::Serialize;

use super::catalogue::ServiceItem;
use super::grid::items_shown;
use taizhang_base::error::Result;
use taizhang_store::office::{list_units, Unit};

/// The sums of one year: (item, window, month) → count, month 0 holding the
/// whole-year figures. One range of the primary key.
struct YearSums(HashMap<(i64, i64, u32), i64>);

impl YearSums {
    fn load(conn: &Connection, year: i32) -> Result<YearSums> {
        let mut stmt = conn.prepare_cached(
            "SELECT item_id, unit_id, month, sum(count) FROM service_tallies
             WHERE year = ?1 GROUP BY item_id, unit_id, month",
        )?;
        let rows = stmt.query_map([year], |r| {
            Ok(((r.get(0)?, r.get(1)?, r.get(2)?), r.get(3)?))
        })?;
        Ok(YearSums(rows.collect::<rusqlite::Result<HashMap<_, _>>>()?))
    }

    fn items(&self) -> HashSet<i64> {
        self.0.keys().map(|k| k.0).collect()
    }

    fn windows(&self) -> BTreeSet<i64> {
        self.0.keys().map(|k| k.1).collect()
    }

    /// The sum over the cells that pass `keep(item, window, month)`.
    fn sum(&self, keep: impl Fn(i64, i64, u32) -> bool) -> i64 {
        self.0
            .iter()
            .filter(|((i, w, m), _)| keep(*i, *w, *m))
            .map(|(_, n)| n)
            .sum()
    }
}

/// Whether `value` passes an optional filter (None lets everything through).
fn passes(filter: Option<i64>, value: i64) -> bool {
    filter.is_none() || filter == Some(value)
}

#[derive(Debug, Clone, Serialize)]
pub struct WindowRow {
    pub item: ServiceItem,
    /// One total per window of `windows`.
    pub counts: Vec<i64>,
    pub total: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ByWindow {
    pub year: i32,
    /// The windows that counted anything this year, in the units' order.
    pub windows: Vec<Unit>,
    pub rows: Vec<WindowRow>,
    pub window_totals: Vec<i64>,
    pub total: i64,
}

/// Year totals by item × window.
pub fn by_window(conn: &Connection, year: i32) -> Result<ByWindow> {
    let sums = YearSums::load(conn, year)?;
    let used = sums.windows();
    let windows: Vec<Unit> = list_units(conn, true)?
        .into_iter()
        .filter(|u| used.contains(&u.id))
        .collect();
    let rows: Vec<WindowRow> = items_shown(conn, &sums.items())?
        .into_iter()
        .map(|item| {
            let counts: Vec<i64> = windows
                .iter()
                .map(|w| sums.sum(|i, u, _| i == item.id && u == w.id))
                .collect();
            WindowRow {
                total: counts.iter().sum(),
                item,
                counts,
            }
        })
        .collect();
    let window_totals = windows
        .iter()
        .map(|w| sums.sum(|_, u, _| u == w.id))
        .collect();
    Ok(ByWindow {
        year,
        windows,
        window_totals,
        total: sums.sum(|_, _, _| true),
        rows,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthlyRow {
    pub item: ServiceItem,
    /// January … December: month figures plus the month's days.
    pub months: Vec<i64>,
    /// Whole-year figures, which belong to no month.
    pub whole_year: i64,
    pub total: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ByMonth {
    pub year: i32,
    /// The window, or None for every window together.
    pub window: Option<i64>,
    pub rows: Vec<MonthlyRow>,
    pub month_totals: Vec<i64>,
    pub whole_year_total: i64,
    pub total: i64,
}

/// Year totals by item × month, for one window or all.
pub fn by_month(conn: &Connection, year: i32, window: Option<i64>) -> Result<ByMonth> {
    let sums = YearSums::load(conn, year)?;
    let cell = |item: Option<i64>, month: u32| {
        sums.sum(|i, w, m| passes(item, i) && passes(window, w) && m == month)
    };
    let rows: Vec<MonthlyRow> = items_shown(conn, &sums.items())?
        .into_iter()
        .map(|item| {
            let months: Vec<i64> = (1..=12).map(|m| cell(Some(item.id), m)).collect();
            let whole_year = cell(Some(item.id), 0);
            MonthlyRow {
                total: months.iter().sum::<i64>() + whole_year,
                item,
                months,
                whole_year,
            }
        })
        .collect();
    let month_totals: Vec<i64> = (1..=12).map(|m| cell(None, m)).collect();
    let whole_year_total = cell(None, 0);
    Ok(ByMonth {
        year,
        window,
        total: month_totals.iter().sum::<i64>() + whole_year_total,
        rows,
        month_totals,
        whole_year_total,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct CompareRow {
    pub item: ServiceItem,
    pub this_year: i64,
    pub last_year: i64,
    pub change: i64,
    /// The change in per cent of last year, when last year had any.
    pub percent: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub year: i32,
    pub window: Option<i64>,
    pub rows: Vec<CompareRow>,
    pub this_year: i64,
    pub last_year: i64,
}

fn percent(this: i64, last: i64) -> Option<f64> {
    (last > 0).then(|| ((this - last) as f64 * 1000.0 / last as f64).round() / 10.0)
}

/// This year against last year, item by item.
pub fn compare(conn: &Connection, year: i32, window: Option<i64>) -> Result<Comparison> {
    let this = YearSums::load(conn, year)?;
    let last = YearSums::load(conn, year - 1)?;
    let mut with_data = this.items();
    with_data.extend(last.items());
    let total =
        |s: &YearSums, item: Option<i64>| s.sum(|i, w, _| passes(item, i) && passes(window, w));
    let rows = items_shown(conn, &with_data)?
        .into_iter()
        .map(|item| {
            let (t, l) = (total(&this, Some(item.id)), total(&last, Some(item.id)));
            CompareRow {
                item,
                this_year: t,
                last_year: l,
                change: t - l,
                percent: percent(t, l),
            }
        })
        .collect();
    Ok(Comparison {
        year,
        window,
        rows,
        this_year: total(&this, None),
        last_year: total(&last, None),
    })
}

/// One line of the report's service sentence (办理老年卡980人).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemTotal {
    pub item: String,
    pub unit: String,
    pub count: i64,
}

/// For the yearly report: the year's total of every item with any, summed over
/// the windows, in catalogue order (archived items included: they counted).
pub fn report_items(conn: &Connection, year: i32) -> Result<Vec<ItemTotal>> {
    Ok(by_window(conn, year)?
        .rows
        .into_iter()
        .filter(|r| r.total > 0)
        .map(|r| ItemTotal {
            item: r.item.name,
            unit: r.item.unit,
            count: r.total,
        })
        .collect())
}

/// Every count of one month (day and month figures), over all windows.
pub fn month_total(conn: &Connection, year: i32, month: u32) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(sum(count), 0) FROM service_tallies WHERE year = ?1 AND month = ?2",
        params![year, month],
        |r| r.get(0),
    )?)
}
