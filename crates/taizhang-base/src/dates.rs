//! Dates as clerks type them, and as the app stores and shows them.

use chrono::{Local, NaiveDate};

use crate::typed::half_width;

/// Parse a date typed by a clerk: `20231005`, `2023-10-5`, `2023/10/05`,
/// `2023.10.5` or `2023年10月5日`, also in full-width (`２０２３．１０．５`,
/// `２０２３－１０－０５`, `2023。10。5` from an input method). The error is a
/// Chinese sentence quoting the text, without the field name (the caller adds
/// it, or uses [`field_date`]). The one parser of typed dates: forms, commands,
/// Excel imports and the command line all come here.
pub fn parse_user_date(text: &str) -> Result<NaiveDate, String> {
    let shown = text.trim();
    let bad = || format!("“{shown}”不是有效日期，请按 2023-10-05 或 20231005 的格式填写");
    let t: String = half_width(shown)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        let (y, m, d) = (&t[0..4], &t[4..6], &t[6..8]);
        return ymd(y, m, d).ok_or_else(bad);
    }
    let normalized: String = t
        .strip_suffix(['日', '号'])
        .unwrap_or(&t)
        .chars()
        .map(|c| match c {
            '/' | '.' | ',' | '年' | '月' => '-',
            c => c,
        })
        .collect();
    let parts: Vec<&str> = normalized.split('-').collect();
    match parts.as_slice() {
        [y, m, d]
            if y.len() == 4 && !m.is_empty() && m.len() <= 2 && !d.is_empty() && d.len() <= 2 =>
        {
            ymd(y, m, d).ok_or_else(bad)
        }
        _ => Err(bad()),
    }
}

/// A typed date of a command's argument `field`, whose Chinese name is
/// `label`: the error names the field (`收到日期：“…”不是有效日期…`).
pub fn field_date(field: &str, label: &str, text: &str) -> crate::Result<NaiveDate> {
    parse_user_date(text).map_err(|e| crate::Error::invalid(field, format!("{label}：{e}")))
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let num = |s: &str| {
        if s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse::<u32>().ok()
        } else {
            None
        }
    };
    NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?)
}

/// Parse a stored or packaged date: strictly `YYYY-MM-DD`.
pub fn parse_iso_date(text: &str) -> Result<NaiveDate, String> {
    if text.len() != 10 {
        return Err("日期格式应为 YYYY-MM-DD".to_string());
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("“{text}”不是有效日期（格式应为 YYYY-MM-DD）"))
}

pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// `2023年10月5日`, the way dates are written in official documents.
pub fn chinese(date: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// Today's date. `TAIZHANG_TODAY=YYYY-MM-DD` fixes it, for tests and demos
/// whose overdue flags must not depend on the day they run.
pub fn today() -> NaiveDate {
    std::env::var("TAIZHANG_TODAY")
        .ok()
        .and_then(|s| parse_iso_date(&s).ok())
        .unwrap_or_else(|| Local::now().date_naive())
}

/// Whether `TAIZHANG_TODAY` fixes today: a date chosen on purpose, which the
/// wrong-clock check does not hold against the program's build date or the
/// times changes were saved (those come from the real clock).
pub fn today_is_fixed() -> bool {
    std::env::var("TAIZHANG_TODAY")
        .ok()
        .is_some_and(|s| parse_iso_date(&s).is_ok())
}

/// The day this program was built (UTC, embedded by `build.rs`): no correct
/// clock shows an earlier day.
pub fn build_date() -> NaiveDate {
    parse_iso_date(env!("TAIZHANG_BUILD_DATE")).expect("build.rs writes an ISO date")
}

/// `按今天（2026-12-05）计算`: what a warning or default that depends on
/// today says, so that a wrong clock shows in its words.
pub fn by_today(today: NaiveDate) -> String {
    format!("按今天（{}）计算", iso(today))
}

/// The current local time as RFC 3339 with offset, for timestamps.
pub fn now_rfc3339() -> String {
    Local::now().format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_date_is_a_real_day_not_after_the_test_runs() {
        let built = build_date();
        assert!(chrono::Datelike::year(&built) >= 2024, "{built}");
        // Built before (or on the day) these tests run, by the real clock.
        assert!(built <= Local::now().date_naive().succ_opt().unwrap());
    }

    #[test]
    fn accepts_the_ways_clerks_type_dates() {
        let want = NaiveDate::from_ymd_opt(2023, 10, 5).unwrap();
        for t in [
            "20231005",
            "2023-10-5",
            "2023/10/05",
            "2023.10.5",
            "2023年10月5日",
            " 2023-10-05 ",
            "２０２３１００５",
            "２０２３－１０－０５",
            "２０２３．１０．５",
            "２０２３／１０／５",
            "２０２３，１０，５",
            "２０２３年１０月５日",
            "2023。10。5",
            "2023 年 10 月 5 日",
            "2023年10月5号",
        ] {
            assert_eq!(parse_user_date(t), Ok(want), "{t}");
        }
    }

    #[test]
    fn refuses_dates_that_do_not_exist_or_are_not_dates() {
        for t in [
            "20230230",
            "2023-13-01",
            "2023-1",
            "abc",
            "",
            "23-10-05",
            "2023-10-05x",
            "２０２３－１３－０１",
            "2023年10月5日日",
        ] {
            assert!(parse_user_date(t).is_err(), "{t}");
        }
        assert!(parse_user_date("2018-02-30")
            .unwrap_err()
            .contains("不是有效日期"));
        // The message quotes what was typed, full-width as it was.
        assert!(parse_user_date("２０１８－０２－３０")
            .unwrap_err()
            .starts_with("“２０１８－０２－３０”不是有效日期"));
    }

    #[test]
    fn a_field_date_names_the_field() {
        match field_date("received_on", "收到日期", "２０２３年２月３０日") {
            Err(crate::Error::Invalid { field, message }) => {
                assert_eq!(field, "received_on");
                assert!(
                    message.starts_with("收到日期：“２０２３年２月３０日”不是有效日期"),
                    "{message}"
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            field_date("received_on", "收到日期", "２０２３．２．３").unwrap(),
            NaiveDate::from_ymd_opt(2023, 2, 3).unwrap()
        );
    }

    #[test]
    fn iso_dates_are_strict() {
        assert!(parse_iso_date("2018-02-30").is_err());
        assert!(parse_iso_date("2018-2-3").is_err());
        assert_eq!(iso(parse_iso_date("2018-02-03").unwrap()), "2018-02-03");
        assert_eq!(
            chinese(parse_iso_date("2023-10-05").unwrap()),
            "2023年10月5日"
        );
    }
}
