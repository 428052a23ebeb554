//! Table 三 (applications received and handled) and table 四 (reconsiderations
//! and lawsuits) of the yearly report, counted from the registers exactly as
//! the 2021 format says, with the ids of the records behind every cell.
//!
//! For year Y an application is
//! - `new` when received in Y, `carried_in` when received before Y and not
//!   concluded (replied) before 1 January of Y;
//! - in the row of its result when concluded in Y (`results_total` counts
//!   every application concluded in Y);
//! - `carried_out` when received by 31 December of Y and not concluded then.
//!
//! A case of table 四 counts in Y under its outcome when decided in Y, and as
//! 尚未审结 when filed by 31 December of Y and undecided then.
//!
//! The relations of the format (balance per column, results total, row
//! totals, and Y's carried-in = Y−1's carried-out) hold by construction for
//! valid records; [`checks`] verifies them anyway and names the records that
//! break one, since records may come from elsewhere.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection};
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::framework::year_rule::query_year;
use taizhang_base::dates::{iso, parse_iso_date};
use taizhang_base::error::Result;
use taizhang_base::official::{self, APPEAL_KINDS, APPEAL_OUTCOMES, APPLICANT_KINDS, APPLICANT_KIND_NAMES, TABLE3_ROWS};

/// Table 三 has six applicant columns and 总计.
pub const TABLE3_WIDTH: usize = 7;
const TOTAL: usize = TABLE3_WIDTH - 1;

/// What counting needs of an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationFacts {
    pub id: String,
    pub applicant_kind: String,
    pub received_on: NaiveDate,
    pub replied_on: Option<NaiveDate>,
    pub result: Option<String>,
    pub fee_yuan: i64,
}

/// What counting needs of an appeal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppealFacts {
    pub id: String,
    pub kind: String,
    pub outcome: String,
    pub filed_on: NaiveDate,
    pub decided_on: Option<NaiveDate>,
}

fn year_bounds(year: i32) -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year"),
        NaiveDate::from_ymd_opt(year, 12, 31).expect("valid year"),
    )
}

fn in_year(date: NaiveDate, year: i32) -> bool {
    date.year() == year
}

/// The rows of table 三 an application counts in for `year`, and its
/// column (`None` for an applicant kind the table does not know: it then
/// counts only in 总计, and the row-total check names it).
pub fn application_cells(a: &ApplicationFacts, year: i32) -> (Vec<&'static str>, Option<usize>) {
    let (start, end) = year_bounds(year);
    let concluded_before = |day: NaiveDate| a.replied_on.is_some_and(|r| r < day);
    let mut rows = vec![];
    if in_year(a.received_on, year) {
        rows.push("new");
    }
    if a.received_on < start && !concluded_before(start) {
        rows.push("carried_in");
    }
    if a.replied_on.is_some_and(|r| in_year(r, year)) {
        if let Some(row) = a
            .result
            .as_deref()
            .and_then(|code| official::result_rows().find(|r| r.code == code))
        {
            rows.push(row.code);
        }
        rows.push("results_total");
    }
    if a.received_on <= end && !concluded_before(end + chrono::Duration::days(1)) {
        rows.push("carried_out");
    }
    let column = APPLICANT_KINDS
        .iter()
        .position(|(code, _)| *code == a.applicant_kind);
    (rows, column)
}

/// The column of table 四 an appeal counts in for `year` (upheld, corrected,
/// other or pending), if it counts at all.
pub fn appeal_cell(a: &AppealFacts, year: i32) -> Option<&'static str> {
    let (_, end) = year_bounds(year);
    match a.decided_on {
        Some(decided) if in_year(decided, year) => Some(
            APPEAL_OUTCOMES
                .iter()
                .map(|(code, _)| *code)
                .find(|code| *code == a.outcome && *code != "total")
                .unwrap_or("pending"),
        ),
        // Decided in an earlier year.
        Some(decided) if decided <= end => None,
        _ if a.filed_on <= end => Some("pending"),
        _ => None,
    }
}

/// The ids of the records counted in one cell.
pub type Cell = Vec<String>;

/// One row of table 三: a cell per column (six applicant kinds, then 总计).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table3Line {
    pub code: &'static str,
    pub cells: Vec<Cell>,
}

impl Table3Line {
    pub fn counts(&self) -> Vec<usize> {
        self.cells.iter().map(Vec::len).collect()
    }
}

/// Table 三 for one year, every row of the 2021 format in printed order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table3 {
    pub year: i32,
    pub rows: Vec<Table3Line>,
}

impl Table3 {
    fn empty(year: i32) -> Table3 {
        Table3 {
            year,
            rows: TABLE3_ROWS
                .iter()
                .map(|r| Table3Line {
                    code: r.code,
                    cells: vec![vec![]; TABLE3_WIDTH],
                })
                .collect(),
        }
    }

    pub fn row(&self, code: &str) -> &Table3Line {
        self.rows
            .iter()
            .find(|r| r.code == code)
            .unwrap_or_else(|| panic!("table 三 has no row {code}"))
    }

    fn row_mut(&mut self, code: &str) -> &mut Table3Line {
        self.rows
            .iter_mut()
            .find(|r| r.code == code)
            .expect("rows come from TABLE3_ROWS")
    }

    /// The number in one cell (`column` 0–5 the applicant kinds, 6 总计).
    pub fn count(&self, code: &str, column: usize) -> usize {
        self.row(code).cells[column].len()
    }

    /// The `applications` object of `taizhang.report/1`.
    pub fn to_report_json(&self) -> Value {
        let rows: Map<String, Value> = self
            .rows
            .iter()
            .map(|r| (r.code.to_string(), json!(r.counts())))
            .collect();
        json!({"columns": official::TABLE3_COLUMNS, "rows": rows})
    }

    /// The same shape with the ids behind each number instead of the number.
    pub fn records_json(&self) -> Value {
        let rows: Map<String, Value> = self
            .rows
            .iter()
            .map(|r| (r.code.to_string(), json!(r.cells)))
            .collect();
        json!({"columns": official::TABLE3_COLUMNS, "rows": rows})
    }

    fn add(&mut self, a: &ApplicationFacts) {
        let (rows, column) = application_cells(a, self.year);
        for code in rows {
            let line = self.row_mut(code);
            if let Some(c) = column {
                line.cells[c].push(a.id.clone());
            }
            line.cells[TOTAL].push(a.id.clone());
        }
    }
}

/// One kind of case of table 四: upheld, corrected, other, pending, total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table4Line {
    pub kind: &'static str,
    pub cells: Vec<Cell>,
}

/// Table 四 for one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table4 {
    pub year: i32,
    pub kinds: Vec<Table4Line>,
}

fn outcome_index(code: &str) -> usize {
    APPEAL_OUTCOMES
        .iter()
        .position(|(c, _)| *c == code)
        .expect("an outcome of table 四")
}

impl Table4 {
    fn empty(year: i32) -> Table4 {
        Table4 {
            year,
            kinds: APPEAL_KINDS
                .iter()
                .map(|(kind, _)| Table4Line {
                    kind,
                    cells: vec![vec![]; APPEAL_OUTCOMES.len()],
                })
                .collect(),
        }
    }

    /// The number in one cell (`outcome` one of upheld … total).
    pub fn count(&self, kind: &str, outcome: &str) -> usize {
        self.kinds
            .iter()
            .find(|k| k.kind == kind)
            .map(|k| k.cells[outcome_index(outcome)].len())
            .unwrap_or(0)
    }

    fn add(&mut self, a: &AppealFacts) {
        let Some(outcome) = appeal_cell(a, self.year) else {
            return;
        };
        // A case of an unknown kind counts nowhere; the import refuses such cases.
        if let Some(line) = self.kinds.iter_mut().find(|k| k.kind == a.kind) {
            line.cells[outcome_index(outcome)].push(a.id.clone());
            line.cells[outcome_index("total")].push(a.id.clone());
        }
    }

    /// The `appeals` object of `taizhang.report/1`.
    pub fn to_report_json(&self) -> Value {
        self.json_with(|cell| json!(cell.len()))
    }

    /// The same shape with the ids behind each number.
    pub fn records_json(&self) -> Value {
        self.json_with(|cell| json!(cell))
    }

    fn json_with(&self, value: impl Fn(&Cell) -> Value) -> Value {
        let kinds: Map<String, Value> = self
            .kinds
            .iter()
            .map(|line| {
                let cells: Map<String, Value> = APPEAL_OUTCOMES
                    .iter()
                    .zip(&line.cells)
                    .map(|((code, _), cell)| (code.to_string(), value(cell)))
                    .collect();
                (line.kind.to_string(), Value::Object(cells))
            })
            .collect();
        Value::Object(kinds)
    }
}

/// Fees charged on applications concluded in a year (for section 六).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Fees {
    pub yuan: i64,
    /// The applications a fee was charged on.
    pub records: Vec<String>,
}

/// Tables 三 and 四 for one year, and the fees charged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figures {
    pub year: i32,
    pub applications: Table3,
    pub appeals: Table4,
    pub fees: Fees,
}

impl Figures {
    /// Every non-empty cell as (figure path, the ids counted in it), paths
    /// like `applications.new.natural_person` and `appeals.reconsideration.upheld`:
    /// what a click on a printed number lists.
    pub fn traces(&self) -> Vec<(String, &[String])> {
        let table3 = self.applications.rows.iter().flat_map(|line| {
            official::TABLE3_COLUMNS
                .iter()
                .zip(&line.cells)
                .map(move |(col, ids)| (format!("applications.{}.{col}", line.code), ids))
        });
        let table4 = self.appeals.kinds.iter().flat_map(|line| {
            APPEAL_OUTCOMES
                .iter()
                .zip(&line.cells)
                .map(move |((outcome, _), ids)| (format!("appeals.{}.{outcome}", line.kind), ids))
        });
        table3
            .chain(table4)
            .filter(|(_, ids)| !ids.is_empty())
            .map(|(path, ids)| (path, ids.as_slice()))
            .collect()
    }
}

/// A broken relation, in the shape of `taizhang.report/1`'s `checks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub level: &'static str,
    pub code: &'static str,
    pub message: String,
    pub records: Vec<String>,
}

/// Count the applications that matter for `year`.
pub fn count_applications(year: i32, applications: &[ApplicationFacts]) -> (Table3, Fees) {
    let mut table = Table3::empty(year);
    let mut fees = Fees::default();
    for a in applications {
        table.add(a);
        if a.fee_yuan > 0 && a.replied_on.is_some_and(|r| in_year(r, year)) {
            fees.yuan += a.fee_yuan;
            fees.records.push(a.id.clone());
        }
    }
    (table, fees)
}

pub fn count_appeals(year: i32, appeals: &[AppealFacts]) -> Table4 {
    let mut table = Table4::empty(year);
    for a in appeals {
        table.add(a);
    }
    table
}

/// A date column; `None` when empty or not a date.
pub fn date_at(row: &rusqlite::Row, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    Ok(row
        .get::<_, Option<String>>(i)?
        .and_then(|s| parse_iso_date(&s).ok()))
}

/// The rows of a query over one year (`:first_day`, `:last_day`), each
/// read by `read`; rows it cannot place (`None`) are left out.
fn load_year<T>(
    conn: &Connection,
    year: i32,
    sql: &str,
    read: impl Fn(&rusqlite::Row) -> rusqlite::Result<Option<T>>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    Ok(query_year(&mut stmt, year, read)?
        .into_iter()
        .flatten()
        .collect())
}

/// The applications that can count in `year`: received by its end and not
/// concluded before its start. `read` is given each row (`id`, `received_on`,
/// then `columns` from index 2) and its received date.
pub fn load_counted<T>(
    conn: &Connection,
    year: i32,
    columns: &str,
    read: impl Fn(&rusqlite::Row, NaiveDate) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    load_year(
        conn,
        year,
        &format!(
            "SELECT id, received_on, {columns}
             FROM applications
             WHERE {}
             ORDER BY received_on, serial, id",
            super::SPEC.year_rule.report_sql()
        ),
        |r| match date_at(r, 1)? {
            Some(received_on) => read(r, received_on).map(Some),
            None => Ok(None),
        },
    )
}

fn load_applications(conn: &Connection, year: i32) -> Result<Vec<ApplicationFacts>> {
    load_counted(
        conn,
        year,
        // A fee noticed and never paid was not collected (109号 Art. 7): the
        // same rule as `collected_fee` on a record.
        "applicant_kind, replied_on, result,
         CASE WHEN fee_notice_on IS NOT NULL AND fee_paid_on IS NULL THEN 0
              ELSE coalesce(fee_yuan, 0) END",
        |r, received_on| {
            Ok(ApplicationFacts {
                id: r.get(0)?,
                applicant_kind: r.get(2)?,
                received_on,
                replied_on: date_at(r, 3)?,
                result: r.get(4)?,
                fee_yuan: r.get(5)?,
            })
        },
    )
}

/// The cases that can count in `year`: filed by its end and not decided
/// before its start.
fn load_appeals(conn: &Connection, year: i32) -> Result<Vec<AppealFacts>> {
    load_year(
        conn,
        year,
        &format!(
            "SELECT id, kind, outcome, filed_on, decided_on FROM appeals
             WHERE {} ORDER BY filed_on, id",
            super::super::appeals::SPEC.year_rule.report_sql()
        ),
        |r| {
            let Some(filed_on) = date_at(r, 3)? else {
                return Ok(None);
            };
            Ok(Some(AppealFacts {
                id: r.get(0)?,
                kind: r.get(1)?,
                outcome: r.get(2)?,
                filed_on,
                decided_on: date_at(r, 4)?,
            }))
        },
    )
}

/// Tables 三 and 四 of `year`, from the data file.
pub fn figures(conn: &Connection, year: i32) -> Result<Figures> {
    let (applications, fees) = count_applications(year, &load_applications(conn, year)?);
    let appeals = count_appeals(year, &load_appeals(conn, year)?);
    Ok(Figures {
        year,
        applications,
        appeals,
        fees,
    })
}

/// The applications of `year` answered after their due date, or still open
/// past it at the year's end (or today, when that comes first): the report's
/// "overdue replies" warning.
pub fn late_replies(conn: &Connection, year: i32, today: NaiveDate) -> Result<Vec<String>> {
    let (start, end) = year_bounds(year);
    let cutoff = today.min(end);
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM applications
         WHERE due_on IS NOT NULL
           AND ((replied_on BETWEEN ?1 AND ?2 AND replied_on > due_on)
             OR (replied_on IS NULL AND received_on <= ?2 AND due_on < ?3))
         ORDER BY received_on, id",
    )?;
    let ids = stmt
        .query_map(params![iso(start), iso(end), iso(cutoff)], |r| {
            r.get::<_, String>(0)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ids)
}

/// Whether any application was received before `year` (so that the year
/// before has figures to compare with).
fn has_applications_before(conn: &Connection, year: i32) -> Result<bool> {
    let (start, _) = year_bounds(year);
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM applications WHERE received_on < ?1)",
        [iso(start)],
        |r| r.get(0),
    )?)
}

/// The relations of tables 三 and 四 for `year`, each failure naming the
/// records concerned. Relation 4 compares with the year before when the data
/// file holds applications from before `year`.
pub fn checks(conn: &Connection, figures: &Figures) -> Result<Vec<Check>> {
    let previous = if has_applications_before(conn, figures.year)? {
        Some(
            count_applications(
                figures.year - 1,
                &load_applications(conn, figures.year - 1)?,
            )
            .0,
        )
    } else {
        None
    };
    let mut out = table3_checks(&figures.applications, previous.as_ref());
    out.extend(table4_checks(&figures.appeals));
    Ok(out)
}

fn column_name(c: usize) -> &'static str {
    APPLICANT_KIND_NAMES.get(c).map(|(_, l)| *l).unwrap_or("总计")
}

/// Ids in one list and not in the other, both ways, sorted.
fn difference(a: &[&String], b: &[&String]) -> Vec<String> {
    let a: BTreeSet<&String> = a.iter().copied().collect();
    let b: BTreeSet<&String> = b.iter().copied().collect();
    a.symmetric_difference(&b).map(|s| s.to_string()).collect()
}

fn ids<'t>(table: &'t Table3, codes: &[&str], column: usize) -> Vec<&'t String> {
    codes
        .iter()
        .flat_map(|code| &table.row(code).cells[column])
        .collect()
}

/// Relations 1–4 of table 三 (see `official-report-format`).
pub fn table3_checks(t: &Table3, previous: Option<&Table3>) -> Vec<Check> {
    let mut out = vec![];
    let results: Vec<&str> = official::result_rows().map(|r| r.code).collect();
    for c in 0..TABLE3_WIDTH {
        let (new, carried_in) = (t.count("new", c), t.count("carried_in", c));
        let (total, carried_out) = (t.count("results_total", c), t.count("carried_out", c));
        if new + carried_in != total + carried_out {
            out.push(Check {
                level: "error",
                code: "applications.balance",
                message: format!(
                    "表三“{}”列：本年新收{new}件加上年结转{carried_in}件，不等于办理结果总计{total}件加结转下年度{carried_out}件",
                    column_name(c)
                ),
                records: difference(
                    &ids(t, &["new", "carried_in"], c),
                    &ids(t, &["results_total", "carried_out"], c),
                ),
            });
        }
        let sum: usize = results.iter().map(|r| t.count(r, c)).sum();
        if sum != total {
            out.push(Check {
                level: "error",
                code: "applications.results_total",
                message: format!(
                    "表三“{}”列：各项办理结果之和{sum}件，不等于总计{total}件（有已答复的申请缺少办理结果）",
                    column_name(c)
                ),
                records: difference(&ids(t, &results, c), &ids(t, &["results_total"], c)),
            });
        }
    }
    for line in &t.rows {
        let kinds: Vec<&String> = line.cells[..TOTAL].iter().flatten().collect();
        let total: Vec<&String> = line.cells[TOTAL].iter().collect();
        if kinds.len() != total.len() {
            out.push(Check {
                level: "error",
                code: "applications.row_total",
                message: format!(
                    "表三“{}”行：六类申请人之和{}件，不等于总计{}件（有申请的申请人类型无效）",
                    row_label(line.code),
                    kinds.len(),
                    total.len()
                ),
                records: difference(&kinds, &total),
            });
        }
    }
    if let Some(prev) = previous {
        for c in 0..TABLE3_WIDTH {
            let carried_in = ids(t, &["carried_in"], c);
            let carried_out = ids(prev, &["carried_out"], c);
            if carried_in.len() != carried_out.len() {
                out.push(Check {
                    level: "error",
                    code: "applications.carried",
                    message: format!(
                        "表三“{}”列：{}年上年结转{}件，不等于{}年结转下年度{}件",
                        column_name(c),
                        t.year,
                        carried_in.len(),
                        prev.year,
                        carried_out.len()
                    ),
                    records: difference(&carried_in, &carried_out),
                });
            }
        }
    }
    out
}

fn row_label(code: &str) -> &'static str {
    TABLE3_ROWS
        .iter()
        .find(|r| r.code == code)
        .map(|r| r.label)
        .unwrap_or("")
}

/// Table 四: each kind's 总计 is the sum of its four outcomes.
pub fn table4_checks(t: &Table4) -> Vec<Check> {
    let mut out = vec![];
    for (line, (_, label)) in t.kinds.iter().zip(APPEAL_KINDS) {
        let parts: Vec<&String> = line.cells[..APPEAL_OUTCOMES.len() - 1]
            .iter()
            .flatten()
            .collect();
        let total: Vec<&String> = line.cells[outcome_index("total")].iter().collect();
        if parts.len() != total.len() {
            out.push(Check {
                level: "error",
                code: "appeals.total",
                message: format!(
                    "表四“{label}”：结果维持、结果纠正、其他结果、尚未审结之和{}件，不等于总计{}件",
                    parts.len(),
                    total.len()
                ),
                records: difference(&parts, &total),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests;
