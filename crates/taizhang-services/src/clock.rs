//! A PC whose clock is years off: every due date, overdue flag and default
//! date would follow it silently. At launch the program compares today with
//! what it knows cannot be in the future: the day it was built, the last time
//! a change was saved, and the newest date a record holds.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use taizhang_base::dates::{self, iso};
use taizhang_base::error::Result;

/// Why today looks wrong: a date known to have passed already.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub date: String,
    /// What that date is, in Chinese (本程序的制作日期 …).
    pub what: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClockWarning {
    /// The date the PC shows.
    pub today: String,
    pub evidence: Vec<Evidence>,
    /// The whole warning, in Chinese.
    pub message: String,
}

/// Check today against the build date and the data file.
/// `TAIZHANG_TODAY` (tests, demos) is held only against the records' dates.
pub fn check(conn: &Connection) -> Result<Option<ClockWarning>> {
    let today = dates::today();
    let fixed = dates::today_is_fixed();
    let mut known = vec![];
    if !fixed {
        // Built in UTC: a PC east of Greenwich may be a day ahead, never behind.
        let built = dates::build_date();
        known.push((
            built.pred_opt().unwrap_or(built),
            built,
            "本程序的制作日期".to_string(),
        ));
        if let Some(saved) = last_saved(conn)? {
            known.push((saved, saved, "数据文件中最近一次保存修改的日期".to_string()));
        }
    }
    if let Some((date, what)) = newest_record(conn)? {
        known.push((date, date, what));
    }
    Ok(judge(today, &known))
}

/// `known`: (the latest today may be before it and still be right, the date
/// to name, what it is).
pub fn judge(today: NaiveDate, known: &[(NaiveDate, NaiveDate, String)]) -> Option<ClockWarning> {
    let evidence: Vec<Evidence> = known
        .iter()
        .filter(|(bound, _, _)| today < *bound)
        .map(|(_, date, what)| Evidence {
            date: iso(*date),
            what: what.clone(),
        })
        .collect();
    if evidence.is_empty() {
        return None;
    }
    let why: Vec<String> = evidence
        .iter()
        .map(|e| format!("{}是 {}", e.what, e.date))
        .collect();
    let message = format!(
        "电脑的日期可能不对：电脑显示今天是 {}，但{}，今天不应早于这一天。\
         到期和逾期提醒、年报核对和新记录的默认日期都按电脑的日期计算，请先改正电脑的日期和时间（Windows：设置 → 时间和语言），再继续使用。\
         如果电脑日期正确，请检查上面提到的记录日期是否填错。",
        iso(today),
        why.join("，")
    );
    Some(ClockWarning {
        today: iso(today),
        evidence,
        message,
    })
}

/// The local day of the last audit entry written (by the real clock). The
/// entry with the highest id, read through the rowid: `max(at)` would scan
/// the whole log at every launch (`at` has no index).
fn last_saved(conn: &Connection) -> Result<Option<NaiveDate>> {
    let at: Option<String> = conn
        .query_row("SELECT at FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| r.get(0))
        .optional()?;
    Ok(at.and_then(|a| dates::parse_iso_date(a.get(..10)?).ok()))
}

/// The newest date any record holds in the date every record of its register
/// has (收到日期, 形成日期 …), named by register, record and field.
fn newest_record(conn: &Connection) -> Result<Option<(NaiveDate, String)>> {
    let mut newest: Option<(NaiveDate, String)> = None;
    for spec in taizhang_records::framework::all() {
        let field = spec.year_rule.date_field();
        // Table and column names come from the static specs, never from input.
        let sql = format!(
            "SELECT id, {field} FROM {} WHERE {field} IS NOT NULL ORDER BY {field} DESC LIMIT 1",
            spec.table
        );
        let row: Option<(String, String)> = conn
            .query_row(&sql, [], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((id, text)) = row else { continue };
        let Ok(date) = dates::parse_iso_date(&text) else {
            continue;
        };
        if newest.as_ref().is_none_or(|(d, _)| date > *d) {
            let label = spec.field(field).map_or(field, |f| f.label);
            newest = Some((date, format!("“{}”中记录 {id} 的{label}", spec.label)));
        }
    }
    if let Some(tally) = newest_tally(conn)? {
        if newest.as_ref().is_none_or(|(d, _)| tally.0 > *d) {
            newest = Some(tally);
        }
    }
    Ok(newest)
}

/// The first day of the newest period a window's count was entered for (a
/// month's count cannot be typed before the month begins).
fn newest_tally(conn: &Connection) -> Result<Option<(NaiveDate, String)>> {
    // max(year) reads the primary key; the month and day only that year's rows.
    let year: Option<i32> =
        conn.query_row("SELECT max(year) FROM service_tallies", [], |r| r.get(0))?;
    let Some(year) = year else { return Ok(None) };
    let (month, day): (u32, u32) = conn.query_row(
        "SELECT month, day FROM service_tallies WHERE year = ?1 ORDER BY month DESC, day DESC LIMIT 1",
        [year],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let date = NaiveDate::from_ymd_opt(year, month.max(1), day.max(1));
    let period = match (month, day) {
        (0, _) => format!("{year}年"),
        (m, 0) => format!("{year}年{m}月"),
        (m, d) => format!("{year}年{m}月{d}日"),
    };
    Ok(date.map(|d| {
        (
            d,
            format!("“窗口业务量”中已录入{period}的数字，该期间的第一天"),
        )
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::App;
    use serde_json::json;

    fn day(s: &str) -> NaiveDate {
        dates::parse_iso_date(s).unwrap()
    }

    #[test]
    fn a_day_before_what_has_already_happened_is_named_with_its_evidence() {
        let known = vec![
            (
                day("2026-12-04"),
                day("2026-12-05"),
                "本程序的制作日期".to_string(),
            ),
            (
                day("2026-11-30"),
                day("2026-11-30"),
                "数据文件中最近一次保存修改的日期".to_string(),
            ),
        ];
        let w = judge(day("2024-01-01"), &known).unwrap();
        assert_eq!(w.today, "2024-01-01");
        assert_eq!(w.evidence.len(), 2);
        assert!(
            w.message.contains("电脑显示今天是 2024-01-01"),
            "{}",
            w.message
        );
        assert!(
            w.message.contains("本程序的制作日期是 2026-12-05"),
            "{}",
            w.message
        );
        assert!(w.message.contains("最近一次保存修改的日期是 2026-11-30"));
        // Only what is after today is evidence.
        let w = judge(day("2026-12-01"), &known).unwrap();
        assert_eq!(w.evidence.len(), 1);
        assert_eq!(w.evidence[0].date, "2026-12-05");
        // The build day itself and a day before it (time zones) are fine.
        assert_eq!(judge(day("2026-12-04"), &known), None);
        assert_eq!(judge(day("2027-03-01"), &known), None);
    }

    #[test]
    fn the_newest_record_date_is_found_across_registers() {
        let mut app = App::open_in_memory().unwrap();
        crate::dataset::import(
            &mut app,
            &json!({"format": "taizhang.dataset/1",
            "messages": [
                {"id": "m-1", "received_on": "2018-03-01", "topic": "a"},
                {"id": "m-9", "received_on": "2031-05-06", "topic": "b"}
            ]}),
        )
        .unwrap();
        let (date, what) = newest_record(app.store.conn()).unwrap().unwrap();
        assert_eq!(date, day("2031-05-06"));
        assert!(what.contains("m-9") && what.contains("网友留言"), "{what}");
        let saved = last_saved(app.store.conn()).unwrap().unwrap();
        assert_eq!(saved, chrono::Local::now().date_naive());
    }

    #[test]
    fn a_tallys_period_counts_from_its_first_day() {
        let mut app = App::open_in_memory().unwrap();
        crate::dataset::import(
            &mut app,
            &json!({"format": "taizhang.dataset/1",
            "units": [{"name": "前台", "kind": "other"}],
            "service_items": [{"name": "居住证", "unit": "本"}],
            "service_tallies": [
                {"window": "前台", "item": "居住证", "period": "2032-02", "count": 3},
                {"window": "前台", "item": "居住证", "period": "2031-05-06", "count": 1}
            ]}),
        )
        .unwrap();
        let (date, what) = newest_record(app.store.conn()).unwrap().unwrap();
        assert_eq!(date, day("2032-02-01"));
        assert!(what.contains("2032年2月"), "{what}");
        let w = judge(day("2030-01-01"), &[(date, date, what)]).unwrap();
        assert!(w.message.contains("窗口业务量"), "{}", w.message);
    }
}
