//! Checks run before export that no single register owns. Errors block
//! export; warnings are listed. Each names what it concerns.

mod numbers;
pub mod prose;
mod review;

use super::Annual;
use taizhang_base::calendar::Calendar;
use taizhang_documents::figures::{Check, CheckLevel};

fn error(code: &str, message: String, records: Vec<String>) -> Check {
    Check {
        level: CheckLevel::Error,
        code: code.into(),
        message,
        records,
    }
}

fn warning(code: &str, message: String, records: Vec<String>) -> Check {
    Check {
        level: CheckLevel::Warning,
        code: code.into(),
        message,
        records,
    }
}

fn info(code: &str, message: String, records: Vec<String>) -> Check {
    Check {
        level: CheckLevel::Info,
        code: code.into(),
        message,
        records,
    }
}

/// A warning about `records`, its message told how many there are; none
/// when there are none. For the registers' own warnings.
pub(crate) fn warning_naming(
    code: &str,
    records: Vec<String>,
    message: impl FnOnce(usize) -> String,
) -> Option<Check> {
    (!records.is_empty()).then(|| warning(code, message(records.len()), records))
}

/// The checks of a year that do not belong to one register: texts naming
/// figures that do not exist, a year without a holiday schedule, and the
/// reviewers' checks (`review`). (Each
/// register's own checks — table 三's relations, tally double counting … — come
/// with its figures; see `sources`.)
pub fn run(annual: &Annual, calendar: &Calendar) -> Vec<Check> {
    let mut found = narratives(annual);
    found.extend(calendar_known(annual.input.figures.year, calendar));
    found.extend(review::run(annual));
    found
}

/// A text naming a figure that does not exist cannot be printed.
fn narratives(annual: &Annual) -> Vec<Check> {
    taizhang_documents::narrative_problems(&annual.input)
        .into_iter()
        .map(|p| error("narratives.placeholder", p.message, vec![p.path]))
        .collect()
}

/// A year without a holiday schedule makes its due dates provisional.
fn calendar_known(year: i32, calendar: &Calendar) -> Vec<Check> {
    if calendar.is_known(year) {
        return vec![];
    }
    vec![warning(
        "calendar.unknown_year",
        format!("{year}年的节假日安排尚未录入，该年的期限按周一至周五计算，可能不准确。请在“设置 → 节假日”中录入。"),
        vec![],
    )]
}
