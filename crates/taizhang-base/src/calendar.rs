//! The China working-day calendar.
//!
//! A working day is Monday–Friday, minus the official days off, plus the weekend
//! days declared working days (调休上班). The official schedules 2007–2026 come
//! bundled (holiday-cn, MIT); the clerk can add later years. A year with no
//! schedule is *unknown*: computations that cross it still give a date (by the
//! weekday rule) but say that it is provisional.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Error, Problem, Result};

/// One year's official schedule: the days off and the make-up working days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayYear {
    pub year: i32,
    /// Official days off (any weekday).
    pub holidays: Vec<NaiveDate>,
    /// Weekend days that are working days (调休上班).
    pub workdays: Vec<NaiveDate>,
    /// Holiday names by date, when known (bundled data has them; hand entry may not).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub names: BTreeMap<NaiveDate, String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct DayRule {
    off: bool,
    name: String,
}

/// The bundled holiday-cn files, one per year.
const BUNDLED: &[(i32, &str)] = &[
    (2007, include_str!("../data/holiday-cn/2007.json")),
    (2008, include_str!("../data/holiday-cn/2008.json")),
    (2009, include_str!("../data/holiday-cn/2009.json")),
    (2010, include_str!("../data/holiday-cn/2010.json")),
    (2011, include_str!("../data/holiday-cn/2011.json")),
    (2012, include_str!("../data/holiday-cn/2012.json")),
    (2013, include_str!("../data/holiday-cn/2013.json")),
    (2014, include_str!("../data/holiday-cn/2014.json")),
    (2015, include_str!("../data/holiday-cn/2015.json")),
    (2016, include_str!("../data/holiday-cn/2016.json")),
    (2017, include_str!("../data/holiday-cn/2017.json")),
    (2018, include_str!("../data/holiday-cn/2018.json")),
    (2019, include_str!("../data/holiday-cn/2019.json")),
    (2020, include_str!("../data/holiday-cn/2020.json")),
    (2021, include_str!("../data/holiday-cn/2021.json")),
    (2022, include_str!("../data/holiday-cn/2022.json")),
    (2023, include_str!("../data/holiday-cn/2023.json")),
    (2024, include_str!("../data/holiday-cn/2024.json")),
    (2025, include_str!("../data/holiday-cn/2025.json")),
    (2026, include_str!("../data/holiday-cn/2026.json")),
];

/// The bundled schedules, parsed once.
pub fn bundled_years() -> &'static [HolidayYear] {
    static PARSED: std::sync::LazyLock<Vec<HolidayYear>> = std::sync::LazyLock::new(|| {
        BUNDLED
            .iter()
            .map(|(_, text)| parse_holiday_cn(text).expect("bundled holiday data is valid"))
            .collect()
    });
    &PARSED
}

/// The bundled schedule of one year, if the program ships one.
pub fn bundled_year(year: i32) -> Option<HolidayYear> {
    bundled_years().iter().find(|y| y.year == year).cloned()
}

/// The holiday-cn file format (`{"year", "papers", "days": [{name, date, isOffDay}]}`).
#[derive(Debug, Deserialize)]
struct HolidayCnFile {
    year: i32,
    days: Vec<HolidayCnDay>,
}

#[derive(Debug, Deserialize)]
struct HolidayCnDay {
    name: String,
    date: String,
    #[serde(rename = "isOffDay")]
    is_off_day: bool,
}

/// Parse a file in the holiday-cn JSON format into a [`HolidayYear`].
pub fn parse_holiday_cn(text: &str) -> Result<HolidayYear> {
    let file: HolidayCnFile = serde_json::from_str(text)
        .map_err(|e| Error::invalid("file", format!("不是 holiday-cn 格式的节假日文件：{e}")))?;
    let mut year = HolidayYear {
        year: file.year,
        holidays: vec![],
        workdays: vec![],
        names: BTreeMap::new(),
    };
    let mut problems = vec![];
    for (i, day) in file.days.iter().enumerate() {
        match NaiveDate::parse_from_str(&day.date, "%Y-%m-%d") {
            Ok(date) => {
                if day.is_off_day {
                    year.holidays.push(date);
                } else {
                    year.workdays.push(date);
                }
                year.names.insert(date, day.name.clone());
            }
            Err(_) => problems.push(Problem::new(
                format!("days[{i}].date"),
                "日期格式应为 YYYY-MM-DD",
            )),
        }
    }
    Error::from_problems(problems)?;
    year.validate()?;
    Ok(year)
}

impl HolidayYear {
    /// A schedule must be about its own year (neighbouring days allowed) and
    /// must not list a day both as off and as working.
    pub fn validate(&self) -> Result<()> {
        let mut problems = vec![];
        if !(1990..=2100).contains(&self.year) {
            problems.push(Problem::new("year", "年份应在 1990 至 2100 之间"));
        }
        let near = |d: &NaiveDate| (d.year() - self.year).abs() <= 1;
        for (i, d) in self.holidays.iter().enumerate() {
            if !near(d) {
                problems.push(Problem::new(
                    format!("holidays[{i}]"),
                    format!("{d} 不在 {} 年附近", self.year),
                ));
            }
            if self.workdays.contains(d) {
                problems.push(Problem::new(
                    format!("holidays[{i}]"),
                    format!("{d} 不能既是放假日又是调休上班日"),
                ));
            }
        }
        for (i, d) in self.workdays.iter().enumerate() {
            if !near(d) {
                problems.push(Problem::new(
                    format!("workdays[{i}]"),
                    format!("{d} 不在 {} 年附近", self.year),
                ));
            }
        }
        Error::from_problems(problems)
    }
}

/// Whether a given day is worked, and whether the calendar actually knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    Working,
    Off,
}

/// The result of adding working days, with everything needed to explain it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueComputation {
    pub start: NaiveDate,
    pub working_days: u32,
    pub due: NaiveDate,
    /// Named days off crossed, grouped into runs: (name, first, last).
    pub skipped: Vec<(String, NaiveDate, NaiveDate)>,
    /// Make-up working days (调休上班) that counted.
    pub makeup_days: Vec<NaiveDate>,
    /// Years crossed that have no schedule: the date is provisional.
    pub unknown_years: Vec<i32>,
}

impl DueComputation {
    /// "截止 2023-10-31：20个工作日，跳过中秋节、国庆节 09-29至10-06，调休上班 10-07、10-08"
    pub fn explain(&self) -> String {
        let mut s = format!(
            "截止 {}：{}个工作日",
            self.due.format("%Y-%m-%d"),
            self.working_days
        );
        let md = |d: &NaiveDate| d.format("%m-%d").to_string();
        if !self.skipped.is_empty() {
            let runs: Vec<String> = self
                .skipped
                .iter()
                .map(|(name, a, b)| {
                    if a == b {
                        format!("{name} {}", md(a))
                    } else {
                        format!("{name} {}至{}", md(a), md(b))
                    }
                })
                .collect();
            s += &format!("，跳过{}", runs.join("、"));
        }
        if !self.makeup_days.is_empty() {
            let days: Vec<String> = self.makeup_days.iter().map(md).collect();
            s += &format!("，调休上班 {}", days.join("、"));
        }
        if !self.unknown_years.is_empty() {
            let years: Vec<String> = self
                .unknown_years
                .iter()
                .map(|y| format!("{y}年"))
                .collect();
            s += &format!(
                "（{}节假日安排未录入，按周一至周五计算，仅供参考）",
                years.join("、")
            );
        }
        s
    }

    pub fn is_provisional(&self) -> bool {
        !self.unknown_years.is_empty()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Calendar {
    rules: BTreeMap<NaiveDate, DayRule>,
    known_years: BTreeSet<i32>,
}

impl Calendar {
    /// The bundled official schedules 2007–2026.
    pub fn bundled() -> Calendar {
        Calendar::with_years(&[])
    }

    /// The bundled schedules, with the given years (entered by the clerk)
    /// replacing or adding to them.
    pub fn with_years(overrides: &[HolidayYear]) -> Calendar {
        let overridden: BTreeSet<i32> = overrides.iter().map(|y| y.year).collect();
        let mut cal = Calendar::default();
        for parsed in bundled_years() {
            if !overridden.contains(&parsed.year) {
                cal.add_year(parsed);
            }
        }
        for y in overrides {
            cal.add_year(y);
        }
        cal
    }

    fn add_year(&mut self, y: &HolidayYear) {
        self.known_years.insert(y.year);
        let name_of = |d: &NaiveDate, default: &str| {
            y.names
                .get(d)
                .cloned()
                .unwrap_or_else(|| default.to_string())
        };
        for d in &y.holidays {
            self.rules.insert(
                *d,
                DayRule {
                    off: true,
                    name: name_of(d, "节假日"),
                },
            );
        }
        for d in &y.workdays {
            self.rules.insert(
                *d,
                DayRule {
                    off: false,
                    name: name_of(d, "调休"),
                },
            );
        }
    }

    pub fn known_years(&self) -> Vec<i32> {
        self.known_years.iter().copied().collect()
    }

    pub fn is_known(&self, year: i32) -> bool {
        self.known_years.contains(&year)
    }

    /// The kind of a day. For a year without a schedule this is the weekday
    /// rule; call [`Calendar::is_known`] to know whether to trust it.
    pub fn day_kind(&self, date: NaiveDate) -> DayKind {
        match self.rules.get(&date) {
            Some(rule) if rule.off => DayKind::Off,
            Some(_) => DayKind::Working,
            None if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) => DayKind::Off,
            None => DayKind::Working,
        }
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.day_kind(date) == DayKind::Working
    }

    /// The name of an official holiday or make-up day on that date, if any.
    pub fn day_name(&self, date: NaiveDate) -> Option<&str> {
        self.rules.get(&date).map(|r| r.name.as_str())
    }

    /// Whether that date is a weekend day made a working day (调休上班).
    pub fn is_makeup_day(&self, date: NaiveDate) -> bool {
        matches!(self.rules.get(&date), Some(r) if !r.off)
    }

    /// The `n`-th working day after `start` (day 1 is the first working day
    /// after the starting day). `n = 0` gives `start` itself.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> DueComputation {
        let mut comp = DueComputation {
            start,
            working_days: n,
            due: start,
            skipped: vec![],
            makeup_days: vec![],
            unknown_years: vec![],
        };
        self.note_year(&mut comp, start.year());
        let mut date = start;
        let mut counted = 0;
        while counted < n {
            date += Duration::days(1);
            if date.ordinal() == 1 {
                self.note_year(&mut comp, date.year());
            }
            // One look-up a day: this runs for every stored record on import.
            let working = match self.rules.get(&date) {
                Some(rule) if rule.off => {
                    push_skipped(&mut comp.skipped, &rule.name, date);
                    false
                }
                Some(_) => {
                    comp.makeup_days.push(date);
                    true
                }
                None => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
            };
            if working {
                counted += 1;
            }
        }
        comp.due = date;
        comp
    }

    fn note_year(&self, comp: &mut DueComputation, year: i32) {
        if !self.is_known(year) && !comp.unknown_years.contains(&year) {
            comp.unknown_years.push(year);
        }
    }

    /// The number of working days `d` with `from < d <= to` (0 when `to <= from`):
    /// so that `working_days_between(s, add_working_days(s, n).due) == n`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let mut count = 0;
        let mut date = from;
        while date < to {
            date += Duration::days(1);
            if self.is_working_day(date) {
                count += 1;
            }
        }
        count
    }

    /// The years between two dates (inclusive) that have no schedule.
    pub fn unknown_years_between(&self, from: NaiveDate, to: NaiveDate) -> Vec<i32> {
        (from.year().min(to.year())..=from.year().max(to.year()))
            .filter(|y| !self.is_known(*y))
            .collect()
    }
}

/// Group consecutive days off with the same name into one run.
fn push_skipped(runs: &mut Vec<(String, NaiveDate, NaiveDate)>, name: &str, date: NaiveDate) {
    if let Some((last_name, _, last)) = runs.last_mut() {
        if last_name == name && *last + Duration::days(1) == date {
            *last = date;
            return;
        }
    }
    runs.push((name.to_string(), date, date));
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod unit_tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn received_before_national_day_is_due_after_it() {
        let cal = Calendar::bundled();
        let comp = cal.add_working_days(d("2023-09-27"), 20);
        assert_eq!(comp.due, d("2023-10-31"));
        assert_eq!(comp.makeup_days, vec![d("2023-10-07"), d("2023-10-08")]);
        assert_eq!(
            comp.explain(),
            "截止 2023-10-31：20个工作日，跳过中秋节、国庆节 09-29至10-06，调休上班 10-07、10-08"
        );
        assert!(!comp.is_provisional());
    }

    #[test]
    fn day_one_of_a_friday_start_is_the_next_monday() {
        let cal = Calendar::bundled();
        assert_eq!(
            cal.add_working_days(d("2023-06-09"), 1).due,
            d("2023-06-12")
        );
    }

    #[test]
    fn neighbouring_year_dates_in_a_file_are_indexed_by_date() {
        let cal = Calendar::bundled();
        assert!(
            cal.is_working_day(d("2018-12-29")),
            "Saturday made a working day by the 2019 schedule"
        );
        assert!(!cal.is_working_day(d("2018-12-31")));
    }

    #[test]
    fn a_year_without_data_is_unknown_and_says_so() {
        let cal = Calendar::bundled();
        assert!(!cal.is_known(2027));
        let comp = cal.add_working_days(d("2026-12-28"), 10);
        assert_eq!(comp.unknown_years, vec![2027]);
        assert!(comp.explain().contains("2027年节假日安排未录入"));
    }

    #[test]
    fn a_clerk_entered_year_replaces_the_weekday_rule() {
        let y2027 = HolidayYear {
            year: 2027,
            holidays: vec![d("2027-01-01")],
            workdays: vec![d("2027-01-02")],
            names: BTreeMap::new(),
        };
        let cal = Calendar::with_years(&[y2027]);
        assert!(cal.is_known(2027));
        assert!(!cal.is_working_day(d("2027-01-01")));
        assert!(
            cal.is_working_day(d("2027-01-02")),
            "a Saturday made a working day"
        );
    }

    #[test]
    fn a_day_cannot_be_both_off_and_working() {
        let y = HolidayYear {
            year: 2027,
            holidays: vec![d("2027-01-01")],
            workdays: vec![d("2027-01-01")],
            names: BTreeMap::new(),
        };
        assert_eq!(y.validate().unwrap_err().code(), "invalid");
    }
}
