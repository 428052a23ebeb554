//! The information-processing fee (信息处理费) an office may charge for
//! excessive applications (国办函〔2020〕109号). One basis per application,
//! never both (Art. 3), each progressive:
//!
//! - 按件 (Art. 4): counted per applicant per calendar month, the first 10
//!   items are free, the 11th–30th cost 100 yuan each, and every further band
//!   of 10 costs 100 yuan more per item (31st–40th 200 yuan …). An application
//!   holding several matters may be split by 一事一申请: its items add to the
//!   applicant's cumulative count for the month.
//! - 按量 (Art. 5), for paper, e-mail or copies, by page: up to 30 pages free,
//!   31–100 at 10 yuan a page, 101–200 at 20, from 201 at 40.
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

/// 按量 bands: (first page, last page, yuan per page).
const PAGE_BANDS: &[(u32, u32, u32)] = &[(31, 100, 10), (101, 200, 20), (201, u32::MAX, 40)];
/// Pages free of charge.
const FREE_PAGES: u32 = 30;

/// The 按量 fee of `pages` pages, and each paying band as words
/// (“31–100页 70页×10元”).
pub fn fee_by_pages(pages: u32) -> (u32, Vec<String>) {
    let mut total = 0;
    let mut words = vec![];
    for &(first, last, yuan) in PAGE_BANDS {
        if pages < first {
            break;
        }
        let n = pages.min(last) - first + 1;
        total += n * yuan;
        let range = if last == u32::MAX {
            format!("{first}页以上")
        } else {
            format!("{first}–{last}页")
        };
        words.push(format!("{range} {n}页×{yuan}元"));
    }
    (total, words)
}

/// The 按量 suggestion in a sentence.
pub fn page_suggestion(pages: u32) -> FeeSuggestion {
    let (fee, bands) = fee_by_pages(pages);
    let explain = if fee == 0 {
        format!("按量计收：共{pages}页，{FREE_PAGES}页以下（含）免收信息处理费。")
    } else {
        format!(
            "按量计收：共{pages}页，前{FREE_PAGES}页免收，{}，合计{fee}元。",
            bands.join("，")
        )
    };
    FeeSuggestion {
        nth: 0,
        fee_yuan: fee,
        explain,
    }
}

/// The 按件 fee of `items` items following `before` earlier items of the
/// applicant's month.
pub fn fee_for_items(before: u32, items: u32) -> u32 {
    (before + 1..=before + items).map(fee_for_nth).sum()
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
    items_suggestion(applicant, month_of, nth - 1, 1)
}

/// Explain a 按件 suggestion for an application of `items` items after
/// `before` earlier items of the applicant's month.
pub fn items_suggestion(
    applicant: &str,
    month_of: NaiveDate,
    before: u32,
    items: u32,
) -> FeeSuggestion {
    let nth = before + 1;
    if items > 1 {
        let fee = fee_for_items(before, items);
        let last = before + items;
        let bands: Vec<String> = (nth..=last)
            .map(band_words)
            .fold(Vec::<(String, u32)>::new(), |mut acc, b| {
                match acc.last_mut() {
                    Some((w, n)) if *w == b => *n += 1,
                    _ => acc.push((b, 1)),
                }
                acc
            })
            .into_iter()
            .map(|(w, n)| format!("{w}{n}件"))
            .collect();
        let month = format!("{}年{}月", month_of.year(), month_of.month());
        return FeeSuggestion {
            nth,
            fee_yuan: fee,
            explain: format!(
                "按“一事一申请”拆分为{items}件：为{applicant}{month}的第{nth}–{last}件（{}），建议收取{fee}元。",
                bands.join("，")
            ),
        };
    }
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
    items: u32,
) -> Result<FeeSuggestion> {
    let first = received_on.with_day(1).expect("day 1 exists");
    // Items, not applications: a split application counts as its items.
    let before: u32 = conn.query_row(
        "SELECT coalesce(sum(coalesce(item_count, 1)), 0) FROM applications
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
    Ok(items_suggestion(
        applicant.trim(),
        received_on,
        before,
        items.max(1),
    ))
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
    fn pages_are_charged_progressively_by_band() {
        assert_eq!(fee_by_pages(30).0, 0);
        assert_eq!(fee_by_pages(31).0, 10);
        assert_eq!(fee_by_pages(100).0, 700);
        assert_eq!(fee_by_pages(101).0, 720);
        assert_eq!(fee_by_pages(200).0, 700 + 2000);
        assert_eq!(fee_by_pages(250).0, 700 + 2000 + 50 * 40);
        let s = page_suggestion(120);
        assert_eq!(s.fee_yuan, 700 + 400);
        assert_eq!(
            s.explain,
            "按量计收：共120页，前30页免收，31–100页 70页×10元，101–200页 20页×20元，合计1100元。"
        );
    }

    #[test]
    fn items_of_a_split_application_continue_the_months_count() {
        // 8 earlier items: this application's 5 items are the 9th–13th.
        assert_eq!(fee_for_items(8, 5), 300);
        let d = NaiveDate::from_ymd_opt(2024, 2, 5).unwrap();
        let s = items_suggestion("张某", d, 8, 5);
        assert_eq!(s.fee_yuan, 300);
        assert_eq!(
            s.explain,
            "按“一事一申请”拆分为5件：为张某2024年2月的第9–13件（每月前10件2件，第11–30件3件），建议收取300元。"
        );
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
