//! Which copies stay in the backups folder.
//!
//! Automatic copies: the newest of each of the last [`DAYS`] days that have a
//! copy, and the newest of each of the last [`MONTHS`] months that have one.
//! "Days that have a copy", not calendar days: a PC left off for a month
//! keeps its last week of copies instead of losing them all on the first
//! launch back. Copies the clerk asked for (立即备份) and those made just
//! before a restore are not part of that scheme: the newest [`KEPT_OTHERS`] of
//! each kind stay, however old.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::Kind;

pub const DAYS: usize = 7;
pub const MONTHS: usize = 12;
pub const KEPT_OTHERS: usize = 10;

/// For each copy (its time and kind, in any order), whether to keep it.
pub fn keep(files: &[(NaiveDateTime, Kind)]) -> Vec<bool> {
    let mut order: Vec<usize> = (0..files.len()).collect();
    // Newest first; equal times keep their given order.
    order.sort_by(|&a, &b| files[b].0.cmp(&files[a].0));
    let mut days: HashSet<NaiveDate> = HashSet::new();
    let mut months: HashSet<(i32, u32)> = HashSet::new();
    let mut others: HashMap<Kind, usize> = HashMap::new();
    let mut kept = vec![false; files.len()];
    for i in order {
        let (at, kind) = files[i];
        kept[i] = match kind {
            Kind::Auto => {
                let day = at.date();
                let month = (day.year(), day.month());
                let newest_of_day = !days.contains(&day) && days.len() < DAYS;
                let newest_of_month = !months.contains(&month) && months.len() < MONTHS;
                // A day (month) counts once its newest copy is seen, kept or not.
                days.insert(day);
                months.insert(month);
                newest_of_day || newest_of_month
            }
            other => {
                let n = others.entry(other).or_default();
                *n += 1;
                *n <= KEPT_OTHERS
            }
        };
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    fn kept_times(files: &[(NaiveDateTime, Kind)]) -> Vec<NaiveDateTime> {
        let mut out: Vec<_> = files
            .iter()
            .zip(keep(files))
            .filter(|(_, k)| *k)
            .map(|(f, _)| f.0)
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_year_of_daily_copies_keeps_seven_days_and_twelve_month_ends() {
        let mut files = vec![];
        let mut day = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
        while day <= NaiveDate::from_ymd_opt(2023, 12, 31).unwrap() {
            // Three launches a day.
            for h in [8, 13, 17] {
                files.push((day.and_hms_opt(h, 0, 0).unwrap(), Kind::Auto));
            }
            day = day.succ_opt().unwrap();
        }
        let kept = kept_times(&files);
        let mut want: Vec<NaiveDateTime> = (25..=31).map(|d| at(2023, 12, d, 17)).collect();
        for m in 1..=11 {
            let last = NaiveDate::from_ymd_opt(2023, m + 1, 1)
                .unwrap()
                .pred_opt()
                .unwrap();
            want.push(last.and_hms_opt(17, 0, 0).unwrap());
        }
        want.sort();
        assert_eq!(kept, want);
    }

    #[test]
    fn a_pc_left_off_for_months_keeps_its_last_week_of_copies() {
        let files: Vec<_> = (1..=10)
            .map(|d| (at(2023, 3, d, 9), Kind::Auto))
            .chain([(at(2023, 9, 1, 9), Kind::Auto)])
            .collect();
        let kept = kept_times(&files);
        // September 1st and the six newest March days; March's newest is one of them.
        let mut want = vec![at(2023, 9, 1, 9)];
        want.extend((5..=10).map(|d| at(2023, 3, d, 9)));
        want.sort();
        assert_eq!(kept, want);
    }

    #[test]
    fn manual_and_before_restore_copies_keep_their_newest_ten_whatever_their_age() {
        let mut files = vec![];
        for i in 0..15 {
            files.push((at(2010 + i, 1, 1, 9), Kind::Manual));
            files.push((at(2010 + i, 1, 1, 10), Kind::BeforeRestore));
        }
        files.push((at(2030, 1, 1, 9), Kind::Auto));
        let kept = keep(&files);
        for (f, k) in files.iter().zip(&kept) {
            let young = f.0.year() >= 2015;
            assert_eq!(*k, young || f.1 == Kind::Auto, "{f:?}");
        }
    }

    #[test]
    fn nothing_and_one_copy() {
        assert!(keep(&[]).is_empty());
        assert_eq!(keep(&[(at(2024, 1, 1, 1), Kind::Auto)]), vec![true]);
    }

    fn arb_files() -> impl Strategy<Value = Vec<(NaiveDateTime, Kind)>> {
        let kind = prop_oneof![
            6 => Just(Kind::Auto),
            1 => Just(Kind::Manual),
            1 => Just(Kind::BeforeRestore)
        ];
        // Times within three years, to the minute, so that days and months repeat.
        let time = (0i64..3 * 366 * 24 * 60)
            .prop_map(|m| at(2022, 1, 1, 0) + chrono::Duration::minutes(m));
        proptest::collection::vec((time, kind), 0..120)
    }

    proptest! {
        /// The rule, stated directly: an automatic copy is kept exactly when it
        /// is the newest of its day and its day is among the 7 newest days, or
        /// the newest of its month and its month is among the 12 newest months.
        #[test]
        fn keep_follows_the_rule(files in arb_files()) {
            let kept = keep(&files);
            let autos: Vec<NaiveDateTime> =
                files.iter().filter(|f| f.1 == Kind::Auto).map(|f| f.0).collect();
            let mut day_list: Vec<NaiveDate> = autos.iter().map(|t| t.date()).collect();
            day_list.sort_unstable_by(|a, b| b.cmp(a));
            day_list.dedup();
            let mut month_list: Vec<(i32, u32)> =
                autos.iter().map(|t| (t.year(), t.month())).collect();
            month_list.sort_unstable_by(|a, b| b.cmp(a));
            month_list.dedup();
            for (i, (t, kind)) in files.iter().enumerate() {
                let want = match kind {
                    Kind::Auto => {
                        let newest_of_day = !autos.iter().any(|u| u.date() == t.date() && u > t)
                            && !files[..i].iter().any(|f| f.1 == Kind::Auto && f.0 == *t);
                        let newest_of_month = !autos.iter().any(|u| {
                            (u.year(), u.month()) == (t.year(), t.month()) && u > t
                        }) && !files[..i].iter().any(|f| f.1 == Kind::Auto && f.0 == *t);
                        let recent_day = day_list.iter().take(DAYS).any(|d| *d == t.date());
                        let recent_month = month_list
                            .iter()
                            .take(MONTHS)
                            .any(|m| *m == (t.year(), t.month()));
                        (newest_of_day && recent_day) || (newest_of_month && recent_month)
                    }
                    other => {
                        let newer = files
                            .iter()
                            .enumerate()
                            .filter(|(j, f)| f.1 == *other && (f.0 > *t || (f.0 == *t && *j < i)))
                            .count();
                        newer < KEPT_OTHERS
                    }
                };
                prop_assert_eq!(kept[i], want, "{:?} {:?}", t, kind);
            }
            // The newest copy is always kept, and never more than the scheme allows.
            if let Some(newest) = (0..files.len()).max_by_key(|&i| (files[i].0, std::cmp::Reverse(i))) {
                prop_assert!(kept[newest]);
            }
            prop_assert!(kept.iter().filter(|k| **k).count() <= DAYS + MONTHS + 2 * KEPT_OTHERS);
        }
    }
}
