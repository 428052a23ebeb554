//! What the report's check says about a year's tallies: figures counted twice
//! (a whole-year figure beside month or day figures of the same item and
//! window), and counts on days the office was closed (worth a look, not an
//! error: a weekend service day is possible).

use rusqlite::Connection;
use serde::Serialize;

use super::grid::day_kind;
use super::period::Period;
use taizhang_base::calendar::Calendar;
use taizhang_base::error::Result;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// `double_count` or `closed_day`.
    pub code: &'static str,
    /// `warning` (double counting) or `info` (a closed day).
    pub level: &'static str,
    pub item: String,
    pub window: String,
    /// The period concerned: the year for double counting, the day otherwise.
    pub period: String,
    pub message: String,
}

/// Every warning of a year, double counting first, each naming item, window and period.
pub fn for_year(conn: &Connection, calendar: &Calendar, year: i32) -> Result<Vec<Warning>> {
    let mut out = double_counts(conn, year)?;
    out.extend(closed_days(conn, calendar, year)?);
    Ok(out)
}

fn double_counts(conn: &Connection, year: i32) -> Result<Vec<Warning>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.name, u.name,
                sum(t.count) FILTER (WHERE t.month = 0),
                sum(t.count) FILTER (WHERE t.month > 0),
                count(*) FILTER (WHERE t.month > 0)
         FROM service_tallies t
         JOIN service_items i ON i.id = t.item_id JOIN units u ON u.id = t.unit_id
         WHERE t.year = ?1
         GROUP BY t.item_id, t.unit_id
         HAVING count(*) FILTER (WHERE t.month = 0) > 0 AND count(*) FILTER (WHERE t.month > 0) > 0
         ORDER BY i.position, i.id, u.position, u.id",
    )?;
    let rows = stmt.query_map([year], |r| {
        let (item, window): (String, String) = (r.get(0)?, r.get(1)?);
        let (whole, finer, cells): (i64, i64, i64) = (r.get(2)?, r.get(3)?, r.get(4)?);
        Ok(Warning {
            code: "double_count",
            level: "warning",
            message: format!(
                "“{item}”在“{window}”{year}年既有全年总数 {whole}，又有 {cells} 个按月或按日的数字（合计 {finer}），年度合计会重复计算。请删去其中一种。"
            ),
            item,
            window,
            period: Period::Year(year).to_string(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

fn closed_days(conn: &Connection, calendar: &Calendar, year: i32) -> Result<Vec<Warning>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.name, u.name, t.month, t.day, t.count
         FROM service_tallies t
         JOIN service_items i ON i.id = t.item_id JOIN units u ON u.id = t.unit_id
         WHERE t.year = ?1 AND t.day > 0
         ORDER BY t.month, t.day, i.position, i.id, u.position, u.id",
    )?;
    let guess = if calendar.is_known(year) {
        ""
    } else {
        "（该年节假日安排未录入，按周六、周日判断）"
    };
    let mut out = vec![];
    let mut rows = stmt.query([year])?;
    while let Some(r) = rows.next()? {
        let (item, window): (String, String) = (r.get(0)?, r.get(1)?);
        let Some(Period::Day(date)) = Period::from_parts(year, r.get(2)?, r.get(3)?) else {
            continue;
        };
        let what = match day_kind(calendar, date) {
            "holiday" => format!("{}假期", calendar.day_name(date).unwrap_or("节假日")),
            "weekend" => "周末".to_string(),
            _ => continue,
        };
        let count: i64 = r.get(4)?;
        out.push(Warning {
            code: "closed_day",
            level: "info",
            message: format!(
                "“{item}”在“{window}”{}（{what}，不上班）记有 {count}，请确认日期无误{guess}。",
                taizhang_base::dates::iso(date)
            ),
            item,
            window,
            period: taizhang_base::dates::iso(date),
        });
    }
    Ok(out)
}
