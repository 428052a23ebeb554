//! The information-processing fee (信息处理费) an office may charge for
//! excessive applications (国办函〔2020〕109号, Art. 4): counted per applicant
//! per calendar month, the first 10 applications are free, the 11th–30th cost
//! 100 yuan each, and every further band of 10 costs 100 yuan more per
//! application (31st–40th 200 yuan, 41st–50th 300 yuan …).
//!
//! The calculator only suggests: whether an applicant's applications are
//! excessive is the office's judgement, and the clerk records what was charged.

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection};
use serde::Serialize;

use taizhang_base::error::Result;

/// Applications per applicant per month that are free of charge.
const FREE: u32 = 10;
/// The end of the first paying band (11th–30th at 100 yuan).
const FIRST_BAND_END: u32 = 30;
const BAND: u32 = 10;
const STEP_YUAN: u32 = 100;

/// The fee for an applicant's `nth` application (1-based) in a calendar month.
pub fn fee_for_nth(nth: u32) -> u32 {
    match nth {
        0..=FREE => 0,
        _ if nth <= FIRST_BAND_END => STEP_YUAN,
        _ => STEP_YUAN * (1 + (nth - FIRST_BAND_END).div_ceil(BAND)),
    }
}

/// The band an application falls in, as words: 第11–30件.
fn band_words(nth: u32) -> String {
    match nth {
        0..=FREE => format!("每月前{FREE}件"),
        _ if nth <= FIRST_BAND_END => format!("第{}–{FIRST_BAND_END}件", FREE + 1),
        _ => {
            let band = (nth - FIRST_BAND_END).div_ceil(BAND);
            let first = FIRST_BAND_END + (band - 1) * BAND + 1;
            format!("第{first}–{}件", first + BAND - 1)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeeSuggestion {
    /// Which application of this applicant in this month it is (1-based).
    pub nth: u32,
    pub fee_yuan: u32,
    /// One sentence for the form: how the suggestion was reached.
    pub explain: String,
}

/// Explain a suggestion in a sentence.
pub fn suggestion(applicant: &str, month_of: NaiveDate, nth: u32) -> FeeSuggestion {
    let fee = fee_for_nth(nth);
    let month = format!("{}年{}月", month_of.year(), month_of.month());
    let explain = if fee == 0 {
        format!(
            "这是{applicant}{month}的第{nth}件申请，{}免收信息处理费。",
            band_words(nth)
        )
    } else {
        format!(
            "这是{applicant}{month}的第{nth}件申请，{}每件{fee}元，建议收取{fee}元（仅在申请数量明显超过合理范围时收取）。",
            band_words(nth)
        )
    };
    FeeSuggestion {
        nth,
        fee_yuan: fee,
        explain,
    }
}

/// The suggestion for an application of `applicant` received on
/// `received_on`. Its place in the month: those received earlier in the
/// month, and those received the same day with a smaller serial number, come
/// first; `id` (when the application is already stored) is not counted
/// against itself; a new application without a serial comes after every
/// other of its day.
pub fn suggest(
    conn: &Connection,
    applicant: &str,
    received_on: NaiveDate,
    serial: Option<&str>,
    id: Option<&str>,
) -> Result<FeeSuggestion> {
    let first = received_on.with_day(1).expect("day 1 exists");
    let before: u32 = conn.query_row(
        "SELECT count(*) FROM applications
         WHERE applicant_name = ?1 AND received_on >= ?2 AND id IS NOT ?5
           AND (received_on < ?3 OR (received_on = ?3 AND (?4 IS NULL OR serial < ?4)))",
        params![
            applicant.trim(),
            taizhang_base::dates::iso(first),
            taizhang_base::dates::iso(received_on),
            serial.filter(|s| !s.trim().is_empty()),
            id,
        ],
        |r| r.get(0),
    )?;
    Ok(suggestion(applicant.trim(), received_on, before + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_ten_are_free_then_bands_of_ten_cost_100_more_each() {
        let table: Vec<(u32, u32)> = [1, 10, 11, 30, 31, 40, 41, 50, 51, 60, 61]
            .iter()
            .map(|&n| (n, fee_for_nth(n)))
            .collect();
        assert_eq!(
            table,
            vec![
                (1, 0),
                (10, 0),
                (11, 100),
                (30, 100),
                (31, 200),
                (40, 200),
                (41, 300),
                (50, 300),
                (51, 400),
                (60, 400),
                (61, 500)
            ]
        );
    }

    #[test]
    fn a_month_of_45_applications_costs_what_the_bands_add_up_to() {
        // 10 free, 20 × 100, 10 × 200, 5 × 300.
        let total: u32 = (1..=45).map(fee_for_nth).sum();
        assert_eq!(total, 2000 + 2000 + 1500);
    }

    #[test]
    fn the_suggestion_says_which_application_and_band_it_is() {
        let d = NaiveDate::from_ymd_opt(2023, 10, 9).unwrap();
        let s = suggestion("张某", d, 35);
        assert_eq!(s.fee_yuan, 200);
        assert!(
            s.explain
                .starts_with("这是张某2023年10月的第35件申请，第31–40件每件200元"),
            "{}",
            s.explain
        );
        let free = suggestion("张某", d, 3);
        assert_eq!(free.fee_yuan, 0);
        assert!(free.explain.contains("每月前10件免收"), "{}", free.explain);
    }
}
