//! The checks run before export: the arithmetic the official tables must
//! satisfy, and what the data says about the year. Errors block export;
//! warnings are listed. Each names the records concerned.

use super::Annual;
use crate::calendar::Calendar;
use crate::official::{result_rows, APPEAL_KINDS, APPLICANT_KINDS, TABLE3_COLUMNS};
use crate::report::figures::{Check, CheckLevel, ReportFigures};

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

/// Every check of a year. `previous_carried_out` is the previous year's
/// 结转下年度 row (7 columns) when the data file holds that year.
pub fn run(
    annual: &Annual,
    previous_carried_out: Option<&Vec<u64>>,
    calendar: &Calendar,
) -> Vec<Check> {
    let mut found = table3(annual);
    if let Some(previous) = previous_carried_out {
        found.extend(carried_in_matches(annual, previous));
    }
    found.extend(table4(&annual.input.figures));
    found.extend(narratives(annual));
    found.extend(calendar_known(annual.input.figures.year, calendar));
    found
}

fn column_label(i: usize) -> &'static str {
    APPLICANT_KINDS.get(i).map(|(_, l)| *l).unwrap_or("总计")
}

/// The ids counted in some rows of one column of table 三.
fn records_of(annual: &Annual, rows: &[&str], column: usize) -> Vec<String> {
    let col = TABLE3_COLUMNS[column];
    let mut ids: Vec<String> = rows
        .iter()
        .flat_map(|row| {
            annual
                .traces
                .get(&format!("applications.{row}.{col}"))
                .into_iter()
                .flatten()
        })
        .map(|t| t.id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// Relations 1–3 of table 三.
pub fn table3(annual: &Annual) -> Vec<Check> {
    let rows = &annual.input.figures.applications.rows;
    let get = |code: &str, col: usize| rows.get(code).map(|r| r[col]).unwrap_or(0);
    let mut found = vec![];
    for col in 0..TABLE3_COLUMNS.len() {
        let (new, carried_in) = (get("new", col), get("carried_in", col));
        let (total, carried_out) = (get("results_total", col), get("carried_out", col));
        if new + carried_in != total + carried_out {
            found.push(error(
                "applications.balance",
                format!(
                    "表三“{}”列：本年新收 {new} + 上年结转 {carried_in} ≠ 办理结果总计 {total} + 结转下年度 {carried_out}",
                    column_label(col)
                ),
                records_of(annual, &["new", "carried_in", "results_total", "carried_out"], col),
            ));
        }
        let sum: u64 = result_rows().map(|r| get(r.code, col)).sum();
        if sum != total {
            found.push(error(
                "applications.results_total",
                format!(
                    "表三“{}”列：各项办理结果之和 {sum} ≠ 总计 {total}",
                    column_label(col)
                ),
                records_of(annual, &["results_total"], col),
            ));
        }
    }
    for row in crate::official::TABLE3_ROWS {
        let Some(counts) = rows.get(row.code) else {
            continue;
        };
        let six: u64 = counts[..6].iter().sum();
        if six != counts[6] {
            found.push(error(
                "applications.row_total",
                format!(
                    "表三“{}”行：六类申请人之和 {six} ≠ 总计 {}",
                    row.label, counts[6]
                ),
                records_of(annual, &[row.code], 6),
            ));
        }
    }
    found
}

/// Relation 4: this year's 上年结转 equals last year's 结转下年度.
fn carried_in_matches(annual: &Annual, previous: &[u64]) -> Vec<Check> {
    let year = annual.input.figures.year;
    let Some(now) = annual.input.figures.applications.rows.get("carried_in") else {
        return vec![];
    };
    (0..TABLE3_COLUMNS.len())
        .filter(|&c| now[c] != previous[c])
        .map(|c| {
            error(
                "applications.carried_in",
                format!(
                    "表三“{}”列：{year}年上年结转 {} ≠ {}年结转下年度 {}",
                    column_label(c),
                    now[c],
                    year - 1,
                    previous[c]
                ),
                records_of(annual, &["carried_in"], c),
            )
        })
        .collect()
}

/// Table 四: each group's 总计 is the sum of the four before it.
fn table4(figures: &ReportFigures) -> Vec<Check> {
    APPEAL_KINDS
        .iter()
        .filter_map(|(kind, label)| {
            let c = figures.appeals.get(kind)?;
            let sum = c.upheld + c.corrected + c.other + c.pending;
            (sum != c.total).then(|| {
                error(
                    "appeals.total",
                    format!("表四“{label}”：四项之和 {sum} ≠ 总计 {}", c.total),
                    vec![],
                )
            })
        })
        .collect()
}

/// A text naming a figure that does not exist cannot be printed.
fn narratives(annual: &Annual) -> Vec<Check> {
    crate::report::narrative_problems(&annual.input)
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
