//! The warnings a year's check gives about the clocks of the applications
//! counted in it (see [`taizhang_records::registers::applications::counting`] for which those are): corrections
//! asked for after their 7 working days, and due dates that cross a year
//! without a holiday schedule. (Late replies are `counting::late_replies`.)

use chrono::Datelike;

use taizhang_records::registers::applications::clock::{self, Facts, CORRECTION_NOTICE_WORKING_DAYS};
use taizhang_records::registers::applications::counting::{date_at, load_counted};
use super::checks::warning_naming;
use taizhang_base::error::Result;
use taizhang_records::framework::Ctx;
use taizhang_documents::figures::Check;

/// The clock's facts of every application that can count in `year` (open
/// ones included).
fn load(ctx: &Ctx, year: i32) -> Result<Vec<(String, Facts)>> {
    load_counted(
        ctx.conn,
        year,
        "correction_requested_on, correction_received_on, extended_on, extension_working_days,
         consultation_started_on, consultation_answered_on, replied_on,
         fee_notice_on, fee_paid_on",
        |r, received_on| {
            let facts = Facts {
                received_on,
                correction_requested_on: date_at(r, 2)?,
                correction_received_on: date_at(r, 3)?,
                extended_on: date_at(r, 4)?,
                extension_working_days: r.get(5)?,
                consultation_started_on: date_at(r, 6)?,
                consultation_answered_on: date_at(r, 7)?,
                replied_on: date_at(r, 8)?,
                fee_notice_on: date_at(r, 9)?,
                fee_paid_on: date_at(r, 10)?,
            };
            Ok((r.get(0)?, facts))
        },
    )
}

/// The warnings of `year`, each naming its applications:
/// - `applications.correction_late`: the correction was asked for in the
///   year, after the 7 working days from receipt (the reply's clock still
///   restarts from the corrected application, as the Regulation says);
/// - `applications.provisional`: a due date of an application counted in the
///   year crosses a year without a holiday schedule.
pub fn run(ctx: &Ctx, year: i32) -> Result<Vec<Check>> {
    let mut correction_late = vec![];
    let mut provisional = vec![];
    for (id, f) in load(ctx, year)? {
        let clock = clock::compute(ctx.calendar, &f);
        let asked_in_year = f.correction_requested_on.is_some_and(|d| d.year() == year);
        if asked_in_year && clock.correction_late(&f) {
            correction_late.push(id.clone());
        }
        if !clock.unknown_years().is_empty() {
            provisional.push(id);
        }
    }
    Ok([
        warning_naming("applications.correction_late", correction_late, |n| {
            format!("{year}年有{n}件申请超过收到申请后{CORRECTION_NOTICE_WORKING_DAYS}个工作日才发出补正通知")
        }),
        warning_naming("applications.provisional", provisional, |n| {
            format!("{n}件申请的期限涉及尚未录入节假日安排的年份，暂按周一至周五计算，可能不准确。请在“设置 → 节假日与时限”中录入。")
        }),
    ]
    .into_iter()
    .flatten()
    .collect())
}
