//! The warnings a year's check gives about the clocks of the applications
//! counted in it (see [`taizhang_records::registers::applications::counting`] for which those are): corrections
//! asked for after their 7 working days, due dates that cross a year
//! without a holiday schedule, and the steps issue 15 added — a fee unpaid
//! past its period on an application still open, a 补正期限 passed without a
//! decision, an extension not told to the applicant. (Late replies are
//! `counting::late_replies`.)

use chrono::{Datelike, NaiveDate};

use taizhang_records::registers::applications::clock::{
    self, Facts, CORRECTION_NOTICE_WORKING_DAYS, PAYMENT_WORKING_DAYS,
};
use taizhang_records::registers::applications::counting::{date_at, load_counted};
use super::checks::warning_naming;
use taizhang_base::error::Result;
use taizhang_records::framework::Ctx;
use taizhang_documents::figures::Check;

/// What the checks read of an application beyond its clock's facts.
struct Counted {
    id: String,
    facts: Facts,
    correction_deadline_on: Option<NaiveDate>,
    extension_notified_on: Option<NaiveDate>,
    fee_served_on: Option<NaiveDate>,
}

/// Every application that can count in `year` (open ones included).
fn load(ctx: &Ctx, year: i32) -> Result<Vec<Counted>> {
    load_counted(
        ctx.conn,
        year,
        "correction_requested_on, correction_received_on, extended_on, extension_working_days,
         consultation_started_on, consultation_answered_on, replied_on,
         fee_notice_on, fee_paid_on, correction_deadline_on, extension_notified_on, fee_served_on",
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
            Ok(Counted {
                id: r.get(0)?,
                facts,
                correction_deadline_on: date_at(r, 11)?,
                extension_notified_on: date_at(r, 12)?,
                fee_served_on: date_at(r, 13)?,
            })
        },
    )
}

/// Still open on `day`: not replied, or replied after it.
fn open_on(f: &Facts, day: NaiveDate) -> bool {
    f.replied_on.is_none_or(|r| r > day)
}

/// The warnings of `year`, each naming its applications:
/// - `applications.correction_late`: the correction was asked for in the
///   year, after the 7 working days from receipt (the reply's clock still
///   restarts from the corrected application, as the Regulation says);
/// - `applications.provisional`: a due date of an application counted in the
///   year crosses a year without a holiday schedule;
/// - `applications.fee_unpaid_open`: the payment period ran out (by the
///   year's end, or today) unpaid and the application is still open;
/// - `applications.correction_deadline_passed`: the 补正期限 ran out
///   without a correction and without a decision;
/// - `applications.extension_unnotified`: extended in the year with no date
///   the applicant was told.
/// `（按今天（…）计算）` when a check's cutoff is today rather than the
/// year's end: a wrong PC clock then shows in the warning's words.
pub(crate) fn by_today(ctx: &Ctx, end: NaiveDate) -> String {
    if ctx.today < end {
        format!("（{}）", taizhang_base::dates::by_today(ctx.today))
    } else {
        String::new()
    }
}

pub fn run(ctx: &Ctx, year: i32) -> Result<Vec<Check>> {
    let end = NaiveDate::from_ymd_opt(year, 12, 31).expect("a year's last day");
    let cutoff = ctx.today.min(end);
    let mut correction_late = vec![];
    let mut provisional = vec![];
    let mut fee_unpaid = vec![];
    let mut deadline_passed = vec![];
    let mut unnotified = vec![];
    for c in load(ctx, year)? {
        let f = &c.facts;
        let clock = clock::compute(ctx.calendar, f);
        let asked_in_year = f.correction_requested_on.is_some_and(|d| d.year() == year);
        if asked_in_year && clock.correction_late(f) {
            correction_late.push(c.id.clone());
        }
        if !clock.unknown_years().is_empty() {
            provisional.push(c.id.clone());
        }
        let lapsed = c.fee_served_on.is_some_and(|served| {
            ctx.calendar.add_working_days(served, PAYMENT_WORKING_DAYS).due < cutoff
        });
        if lapsed && f.fee_paid_on.is_none_or(|p| p > cutoff) && open_on(f, cutoff) {
            fee_unpaid.push(c.id.clone());
        }
        let waiting = f.correction_received_on.is_none_or(|r| r > cutoff);
        if c.correction_deadline_on.is_some_and(|d| d < cutoff) && waiting && open_on(f, cutoff) {
            deadline_passed.push(c.id.clone());
        }
        let extended_in_year = f.extended_on.is_some_and(|d| d.year() == year);
        if extended_in_year && c.extension_notified_on.is_none() {
            unnotified.push(c.id);
        }
    }
    Ok([
        warning_naming("applications.correction_late", correction_late, |n| {
            format!("{year}年有{n}件申请超过收到申请后{CORRECTION_NOTICE_WORKING_DAYS}个工作日才发出补正通知")
        }),
        warning_naming("applications.provisional", provisional, |n| {
            format!("{n}件申请的期限涉及尚未录入节假日安排的年份，暂按周一至周五计算，可能不准确。请在“设置 → 节假日与时限”中录入。")
        }),
        warning_naming("applications.fee_unpaid_open", fee_unpaid, |n| {
            format!("{n}件申请的缴费期限已过{}、未缴费但仍未办结。请按“逾期未缴费，办结”记为其他处理第2项，或填写缴费日期。", by_today(ctx, end))
        }),
        warning_naming("applications.correction_deadline_passed", deadline_passed, |n| {
            format!("{n}件申请的补正期限已过{}，未收到补正也未办结。请填写收到补正日期，或按“逾期不补正，办结”。", by_today(ctx, end))
        }),
        warning_naming("applications.extension_unnotified", unnotified, |n| {
            format!("{year}年有{n}件申请已延期但未填写延期告知日期（条例第三十三条第一款要求告知申请人）。")
        }),
    ]
    .into_iter()
    .flatten()
    .collect())
}
