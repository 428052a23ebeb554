//! The calendar against the official schedules, and its two computations
//! against each other.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use proptest::prelude::*;

use super::*;

/// Days off and make-up days of one year, from the summary fixture.
struct Official {
    off: BTreeSet<NaiveDate>,
    work: BTreeSet<NaiveDate>,
}

fn expand(year: i32, items: &str) -> BTreeSet<NaiveDate> {
    let day = |md: &str| NaiveDate::parse_from_str(&format!("{year}-{md}"), "%Y-%m-%d").unwrap();
    let mut out = BTreeSet::new();
    for item in items.split_whitespace() {
        let (a, b) = item.split_once("..").unwrap_or((item, item));
        let (mut d, last) = (day(a), day(b));
        while d <= last {
            out.insert(d);
            d += Duration::days(1);
        }
    }
    out
}

fn official() -> Vec<(i32, Official)> {
    include_str!("official-summary.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let (year, rest) = line.split_once(" off: ").unwrap();
            let (off, work) = rest.split_once(" | work: ").unwrap();
            let year: i32 = year.parse().unwrap();
            (
                year,
                Official {
                    off: expand(year, off),
                    work: expand(year, work),
                },
            )
        })
        .collect()
}

#[test]
fn every_day_of_2019_to_2026_matches_the_official_schedules() {
    let cal = Calendar::bundled();
    let years = official();
    assert_eq!(years.len(), 8, "the fixture has 2019–2026");
    let mut checked = 0;
    for (year, o) in &years {
        assert!(cal.is_known(*year));
        let mut d = NaiveDate::from_ymd_opt(*year, 1, 1).unwrap();
        while d.year() == *year {
            let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
            let want = if o.off.contains(&d) {
                false
            } else if o.work.contains(&d) {
                true // a weekend made a working day (2020-02-03, a Monday, is listed too)
            } else {
                !weekend
            };
            assert_eq!(cal.is_working_day(d), want, "{d}");
            assert_eq!(cal.is_makeup_day(d), o.work.contains(&d), "{d}");
            d += Duration::days(1);
            checked += 1;
        }
    }
    assert_eq!(
        checked, 2922,
        "every day of eight years, two of them leap years"
    );
}

#[test]
fn days_listed_in_a_neighbouring_years_file_count_too() {
    let cal = Calendar::bundled();
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    assert!(
        cal.is_working_day(d("2018-12-29")),
        "Saturday, 2019's make-up day"
    );
    assert!(!cal.is_working_day(d("2018-12-30")));
    assert!(
        !cal.is_working_day(d("2018-12-31")),
        "Monday, off by 2019's schedule"
    );
    assert!(!cal.is_working_day(d("2022-12-31")));
}

#[test]
fn years_without_a_schedule_are_unknown_not_holiday_free() {
    let cal = Calendar::bundled();
    assert_eq!(cal.known_years(), (2007..=2026).collect::<Vec<_>>());
    for year in [2006, 2027, 2030] {
        assert!(!cal.is_known(year), "{year}");
    }
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    assert_eq!(
        cal.unknown_years_between(d("2026-12-01"), d("2028-01-05")),
        vec![2027, 2028]
    );
    // A due date that reaches into 2027 is provisional; one that stays in 2026 is not.
    let comp = cal.add_working_days(d("2026-12-20"), 20);
    assert_eq!(comp.unknown_years, vec![2027]);
    assert!(comp
        .explain()
        .ends_with("（2027年节假日安排未录入，按周一至周五计算，仅供参考）"));
    assert!(!cal.add_working_days(d("2026-11-02"), 20).is_provisional());
}

/// Every start date of 2023 and every N up to 60: the N-th working day after
/// the start is N working days away, and it is the first day that far away.
#[test]
fn add_and_between_agree_for_every_start_date_of_2023() {
    let cal = Calendar::bundled();
    let mut start = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    while start.year() == 2023 {
        for n in 0..=60 {
            let due = cal.add_working_days(start, n).due;
            assert_eq!(cal.working_days_between(start, due), n, "{start} + {n}");
            if n > 0 {
                assert!(cal.is_working_day(due), "{start} + {n} = {due}");
                assert_eq!(
                    cal.working_days_between(start, due - Duration::days(1)),
                    n - 1,
                    "{start} + {n}: no earlier day is {n} working days away"
                );
            }
        }
        start += Duration::days(1);
    }
}

fn date_in(year: i32) -> impl Strategy<Value = NaiveDate> {
    (0u32..365).prop_map(move |i| NaiveDate::from_yo_opt(year, i + 1).unwrap())
}

proptest! {
    /// From any day of 2023 to any later day: adding the working days between
    /// them lands on the later day, or before it when it is not a working day.
    #[test]
    fn between_then_add_returns_to_the_last_working_day(
        start in date_in(2023),
        gap in 0i64..400,
    ) {
        let cal = Calendar::bundled();
        let end = start + Duration::days(gap);
        let n = cal.working_days_between(start, end);
        let due = cal.add_working_days(start, n).due;
        prop_assert!(due <= end);
        if cal.is_working_day(end) && end > start {
            prop_assert_eq!(due, end);
        }
        prop_assert_eq!(cal.working_days_between(due, end), 0);
    }

    /// Adding in two steps is adding once.
    #[test]
    fn adding_working_days_composes(start in date_in(2023), a in 0u32..40, b in 0u32..40) {
        let cal = Calendar::bundled();
        let once = cal.add_working_days(start, a + b).due;
        let mid = cal.add_working_days(start, a).due;
        prop_assert_eq!(cal.add_working_days(mid, b).due, once);
    }
}
