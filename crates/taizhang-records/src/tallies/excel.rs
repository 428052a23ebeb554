//! Importing a sheet the office already keeps in Excel or WPS: service items
//! down the first column, and across the top either the months of a year
//! (1月 … 12月) or the days of a month (1 … 31), after a 序号 column if the
//! sheet has one. Rows above the header (a title) and 合计 columns are
//! skipped; so are 合计 rows, the 填表人/审核人 footer and notes, which the
//! preview lists (`ledger_rows`). The preview shows every row
//! and every problem, by cell (B3), before anything is written; the import
//! writes all of it or nothing. An empty cell leaves the stored figure alone;
//! 0 clears it.

use std::collections::HashSet;
use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader};
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::catalogue::{list_items, ServiceItem};
use super::cells::{entry_rule, store_count, window_by_id, Cell};
use super::count::{parse_count_text, parse_count_value};
use super::period::{days_in_month, Period, YEARS};
use taizhang_base::error::{Error, Problem, Result};
use taizhang_store::store::Tx;

/// What the sheet's columns are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// item × month of `year`
    Month,
    /// item × day of `year`-`month`
    Day,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Target {
    pub window: i64,
    pub layout: Layout,
    pub year: i32,
    #[serde(default)]
    pub month: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PreviewRow {
    /// Where the item's name is (A3).
    pub cell: String,
    pub item: String,
    /// One per column of `periods`: None for an empty cell, Some(0) clears.
    pub counts: Vec<Option<i64>>,
}

/// A row that is not an item's (a 合计, a footer, a note), for the preview.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub cell: String,
    pub text: String,
    pub reason: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    pub sheet: String,
    pub window: String,
    pub periods: Vec<String>,
    pub rows: Vec<PreviewRow>,
    pub problems: Vec<Problem>,
    pub skipped: Vec<Skipped>,
    /// Cells that would be written.
    pub cells: usize,
    pub total: i64,
}

/// `A1`-style name of a cell (0-based row and column).
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = String::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.insert(0, (b'A' + rem as u8) as char);
        c = (c - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

use crate::ledger_rows::is_total_label;

fn text_of(d: &Data) -> String {
    match d {
        Data::String(s) => s.trim().to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// An Excel date serial as a date (the 1900 system; sheets from WPS use it too).
fn serial_date(serial: f64) -> Option<NaiveDate> {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    (serial >= 61.0).then(|| base + Duration::days(serial.trunc() as i64))
}

/// The period a header cell names, or why it names none. `Ok(None)` skips
/// the column (empty or 合计).
fn header_period(d: &Data, t: &Target) -> std::result::Result<Option<Period>, String> {
    let s = taizhang_base::typed::half_width(&text_of(d));
    if s.is_empty() || is_total_label(&s) {
        return Ok(None);
    }
    let date = match d {
        Data::DateTime(dt) => serial_date(dt.as_f64()),
        _ => taizhang_base::dates::parse_user_date(&s).ok(),
    };
    let number = match d {
        Data::Int(n) => Some(*n),
        Data::Float(f) if f.fract() == 0.0 => Some(*f as i64),
        _ => s
            .trim_end_matches(['月', '日', '号'])
            .trim()
            .parse::<i64>()
            .ok(),
    };
    match t.layout {
        Layout::Month => {
            let ym = Period::parse(&s).ok().or_else(|| {
                let (y, m) = s.trim_end_matches('月').split_once('年')?;
                Some(Period::Month(
                    y.trim().parse().ok()?,
                    m.trim().parse().ok()?,
                ))
            });
            let month = match (ym, number) {
                (Some(Period::Month(y, m)), _) if y == t.year => m as i64,
                (Some(Period::Month(y, _)), _) => {
                    return Err(format!("表头“{s}”是{y}年的月份，不是{}年", t.year))
                }
                (_, Some(n)) => n,
                _ => return Err(format!("表头“{s}”不是月份（应为 1月 … 12月）")),
            };
            match u32::try_from(month) {
                Ok(m @ 1..=12) => Ok(Some(Period::Month(t.year, m))),
                _ => Err(format!("表头“{s}”不是月份（应为 1月 … 12月）")),
            }
        }
        Layout::Day => {
            let month = t.month.unwrap_or(1);
            let day = match (date, number) {
                (Some(d), _) if d.year() == t.year && d.month() == month => d.day() as i64,
                (Some(d), _) => {
                    return Err(format!(
                        "表头“{s}”是 {} ，不在{}年{}月",
                        taizhang_base::dates::iso(d),
                        t.year,
                        month
                    ))
                }
                (None, Some(n)) => n,
                (None, None) => {
                    return Err(format!("表头“{s}”不是日期（应为 1 … 31 或 1日 … 31日）"))
                }
            };
            match u32::try_from(day) {
                Ok(d) if d >= 1 && d <= days_in_month(t.year, month) => {
                    Ok(NaiveDate::from_ymd_opt(t.year, month, d).map(Period::Day))
                }
                _ => Err(format!("表头“{s}”：{}年{}月没有这一天", t.year, month)),
            }
        }
    }
}

/// A body cell as a count: `Ok(None)` for empty.
fn body_count(d: &Data) -> std::result::Result<Option<i64>, String> {
    match d {
        Data::Empty => Ok(None),
        Data::Int(n) => parse_count_value(&serde_json::json!(n)).map(|c| Some(c.unwrap_or(0))),
        Data::Float(f) => parse_count_value(&serde_json::json!(f)).map(|c| Some(c.unwrap_or(0))),
        Data::String(s) if s.trim().is_empty() => Ok(None),
        Data::String(s) => parse_count_text(s).map(|c| Some(c.unwrap_or(0))),
        other => Err(format!("“{other}”不是数字，请填写不小于 0 的整数")),
    }
}

fn check_target(conn: &Connection, t: &Target) -> Result<String> {
    if !YEARS.contains(&t.year) {
        return Err(Error::invalid("year", "年份应在 1990 至 2100 之间"));
    }
    if t.layout == Layout::Day && !matches!(t.month, Some(1..=12)) {
        return Err(Error::invalid("month", "按日导入时请选择月份"));
    }
    Ok(window_by_id(conn, t.window)?.name)
}

/// Read the sheet and check every cell, writing nothing.
pub fn preview(conn: &Connection, t: &Target, bytes: &[u8]) -> Result<Preview> {
    let window_name = check_target(conn, t)?;
    let unreadable = |e: calamine::Error| {
        Error::invalid(
            "file",
            format!("无法读取这个文件（{e}）。请选择 Excel 或 WPS 表格文件（.xlsx、.xls）。"),
        )
    };
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(unreadable)?;
    let sheet = book.sheet_names().first().cloned().unwrap_or_default();
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| Error::invalid("file", "文件中没有工作表"))?
        .map_err(unreadable)?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let rows: Vec<&[Data]> = range.rows().collect();
    let name = |r: usize, c: usize| cell_name(row0 + r as u32, col0 + c as u32);
    let mut problems = vec![];

    // The header: the first row with at least two period columns.
    let header_at = rows.iter().position(|row| {
        row.iter()
            .skip(1)
            .filter(|d| matches!(header_period(d, t), Ok(Some(_))))
            .count()
            >= 2
    });
    let Some(h) = header_at else {
        let want = match t.layout {
            Layout::Month => "第一行为 1月 … 12月",
            Layout::Day => "第一行为 1 … 31（日期）",
        };
        return Err(Error::invalid(
            "file",
            format!("在“{sheet}”中找不到表头：请让第一列为服务事项、{want}。"),
        ));
    };
    // The items' column: the first, or the one after 序号.
    let label_col = match rows[h].first().map(text_of).as_deref() {
        Some("序号") => 1,
        _ => 0,
    };
    let mut columns: Vec<(usize, Period)> = vec![];
    for (c, d) in rows[h].iter().enumerate().skip(label_col + 1) {
        match header_period(d, t) {
            Ok(Some(p)) if columns.iter().any(|(_, q)| *q == p) => problems.push(Problem::new(
                name(h, c),
                format!("{}：与前面的列重复", name(h, c)),
            )),
            Ok(Some(p)) => columns.push((c, p)),
            Ok(None) => {}
            Err(m) => problems.push(Problem::new(name(h, c), format!("{}：{m}", name(h, c)))),
        }
    }

    let catalogue: Vec<ServiceItem> = list_items(conn, true)?;
    let window = window_by_id(conn, t.window)?;
    let mut seen = HashSet::new();
    let mut out = vec![];
    let mut skipped = vec![];
    let (mut cells, mut total) = (0, 0);
    for (r, row) in rows.iter().enumerate().skip(h + 1) {
        let label = row.get(label_col).map(text_of).unwrap_or_default();
        let texts: Vec<String> = row.iter().map(text_of).filter(|t| !t.is_empty()).collect();
        if texts.is_empty() {
            continue;
        }
        if let Some(reason) = crate::ledger_rows::non_record(&texts) {
            skipped.push(Skipped {
                cell: name(r, 0),
                text: texts.join(" "),
                reason,
            });
            continue;
        }
        let at = name(r, label_col);
        let item = catalogue.iter().find(|i| i.name == label);
        match item {
            _ if label.is_empty() => problems.push(Problem::new(at.clone(), format!("{at}：这一行有数字，但没有服务事项名称"))),
            None => problems.push(Problem::new(
                at.clone(),
                format!("{at}：服务事项“{label}”不在目录中，请先在“设置 → 服务事项”中添加，或改成目录中的名称"),
            )),
            Some(_) if !seen.insert(label.clone()) => {
                problems.push(Problem::new(at.clone(), format!("{at}：服务事项“{label}”出现了两次")))
            }
            Some(_) => {}
        }
        let mut counts = vec![];
        for (c, period) in &columns {
            let d = row.get(*c).unwrap_or(&Data::Empty);
            match body_count(d) {
                Ok(n) => {
                    if let (Some(n), Some(item)) = (n, item) {
                        cells += 1;
                        total += n;
                        let cell = Cell {
                            item,
                            window: &window,
                            period: *period,
                        };
                        if n > 0 {
                            if let Some(m) = entry_rule(conn, cell)? {
                                problems.push(Problem::new(
                                    name(r, *c),
                                    format!("{}：{m}", name(r, *c)),
                                ));
                            }
                        }
                    }
                    counts.push(n);
                }
                Err(m) => {
                    problems.push(Problem::new(name(r, *c), format!("{}：{m}", name(r, *c))));
                    counts.push(None);
                }
            }
        }
        out.push(PreviewRow {
            cell: at,
            item: label,
            counts,
        });
    }
    if out.is_empty() && problems.is_empty() {
        problems.push(Problem::new(name(h, 0), "表头下面没有服务事项的数据"));
    }
    Ok(Preview {
        sheet,
        window: window_name,
        periods: columns.iter().map(|(_, p)| p.to_string()).collect(),
        rows: out,
        problems,
        skipped,
        cells,
        total,
    })
}

/// Import the sheet: every filled cell, or — when anything is wrong — nothing.
/// Returns how many cells changed.
pub fn import(tx: &Tx, t: &Target, bytes: &[u8]) -> Result<usize> {
    let p = preview(tx, t, bytes)?;
    if !p.problems.is_empty() {
        return Err(Error::Problems {
            problems: p.problems,
        });
    }
    let catalogue = list_items(tx, true)?;
    let window = window_by_id(tx, t.window)?;
    let periods: Vec<Period> = p
        .periods
        .iter()
        .map(|s| Period::parse(s).expect("ours"))
        .collect();
    let mut changed = 0;
    for row in &p.rows {
        let item = catalogue
            .iter()
            .find(|i| i.name == row.item)
            .expect("checked");
        for (n, period) in row.counts.iter().zip(&periods) {
            let Some(n) = n else { continue };
            let count = (*n > 0).then_some(*n);
            let cell = Cell {
                item,
                window: &window,
                period: *period,
            };
            changed += (store_count(tx, cell, count, "从Excel导入")? != count) as usize;
        }
    }
    Ok(changed)
}
