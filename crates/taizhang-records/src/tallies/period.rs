//! The period a tally counts: a day, a month, or a whole year (for years kept
//! only as totals). Written `YYYY-MM-DD`, `YYYY-MM` or `YYYY` in packages and
//! commands; stored as the integers (year, month, day) with 0 for "whole".

use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Year(i32),
    Month(i32, u32),
    Day(NaiveDate),
}

/// Years a tally may belong to.
pub const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

impl Period {
    /// Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. The error is a Chinese sentence.
    pub fn parse(text: &str) -> Result<Period, String> {
        let t = text.trim();
        let bad =
            || format!("期间“{t}”无效，应为 YYYY（全年）、YYYY-MM（一个月）或 YYYY-MM-DD（一天）");
        let parts: Vec<&str> = t.split('-').collect();
        let num = |s: &str, len: usize| -> Option<u32> {
            (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        let period = match parts.as_slice() {
            [y] => Period::Year(num(y, 4).ok_or_else(bad)? as i32),
            [y, m] => {
                let (y, m) = (
                    num(y, 4).ok_or_else(bad)? as i32,
                    num(m, 2).ok_or_else(bad)?,
                );
                if !(1..=12).contains(&m) {
                    return Err(bad());
                }
                Period::Month(y, m)
            }
            [_, _, _] => Period::Day(taizhang_base::dates::parse_iso_date(t).map_err(|_| bad())?),
            _ => return Err(bad()),
        };
        if !YEARS.contains(&period.year()) {
            return Err(format!("期间“{t}”的年份应在 1990 至 2100 之间"));
        }
        Ok(period)
    }

    /// From the stored integers (month 0 = whole year, day 0 = whole month).
    pub fn from_parts(year: i32, month: u32, day: u32) -> Option<Period> {
        match (month, day) {
            (0, 0) => Some(Period::Year(year)),
            (1..=12, 0) => Some(Period::Month(year, month)),
            _ => NaiveDate::from_ymd_opt(year, month, day).map(Period::Day),
        }
    }

    /// The stored integers (year, month, day).
    pub fn parts(&self) -> (i32, u32, u32) {
        match *self {
            Period::Year(y) => (y, 0, 0),
            Period::Month(y, m) => (y, m, 0),
            Period::Day(d) => (d.year(), d.month(), d.day()),
        }
    }

    pub fn year(&self) -> i32 {
        self.parts().0
    }

    /// The kind code: `year`, `month` or `day` (the stored `kind` column).
    pub fn kind(&self) -> &'static str {
        match self {
            Period::Year(_) => "year",
            Period::Month(..) => "month",
            Period::Day(_) => "day",
        }
    }

    /// `2018年`, `2024年3月`, `2024年3月5日`: for messages and warnings.
    pub fn chinese(&self) -> String {
        match *self {
            Period::Year(y) => format!("{y}年（全年）"),
            Period::Month(y, m) => format!("{y}年{m}月"),
            Period::Day(d) => taizhang_base::dates::chinese(d),
        }
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Period::Year(y) => write!(f, "{y:04}"),
            Period::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Period::Day(d) => write!(f, "{}", taizhang_base::dates::iso(d)),
        }
    }
}

/// The number of days in a month.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    let first = NaiveDate::from_ymd_opt(year, month, 1).expect("valid month");
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .expect("valid month");
    (next - first).num_days() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_kinds_of_period_parse_and_print_back() {
        for text in ["2018", "2024-03", "2024-02-29"] {
            assert_eq!(Period::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(Period::parse("2018").unwrap().parts(), (2018, 0, 0));
        assert_eq!(Period::parse("2024-03").unwrap().kind(), "month");
        let d = Period::parse("2024-03-05").unwrap();
        assert_eq!(Period::from_parts(2024, 3, 5), Some(d));
        assert_eq!(d.chinese(), "2024年3月5日");
    }

    #[test]
    fn bad_periods_are_refused_with_the_expected_forms() {
        for text in [
            "",
            "18",
            "2024-3",
            "2024-13",
            "2023-02-29",
            "2024/03",
            "x",
            "2201",
        ] {
            assert!(Period::parse(text).is_err(), "{text}");
        }
        assert!(Period::parse("2024-3").unwrap_err().contains("YYYY-MM"));
    }

    #[test]
    fn month_lengths_follow_leap_years() {
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2023, 2), 28);
        assert_eq!(days_in_month(2023, 12), 31);
    }
}
