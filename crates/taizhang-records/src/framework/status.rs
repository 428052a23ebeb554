//! A register's statuses, each defined once as a condition on the stored row.
//!
//! The same [`Cond`] gives the SQL a list filters and counts with (every
//! value a bound parameter) and, evaluated in Rust on a record's row with
//! SQL's three-valued logic, the status a loaded record shows. So the list
//! filter and the status words cannot drift apart.

use std::cmp::Ordering;

use chrono::NaiveDate;
use rusqlite::types::Value as Sql;

use taizhang_base::calendar::Calendar;
use taizhang_base::dates::iso;

/// One side of a comparison.
#[derive(Debug, Clone, Copy)]
pub enum Term {
    /// A column of the register's table (a field or a stored column).
    Column(&'static str),
    /// Today's date.
    Today,
    /// The N-th working day after today (for "due within N days").
    WorkingDaysAfterToday(u32),
    Text(&'static str),
    Int(i64),
    /// The column, or the term when the column is empty (SQL `coalesce`).
    ColumnOr(&'static str, &'static Term),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A condition on one row, in the shape SQL evaluates it.
#[derive(Debug, Clone, Copy)]
pub enum Cond {
    IsNull(&'static str),
    NotNull(&'static str),
    Compare(Term, Op, Term),
    All(&'static [Cond]),
    Any(&'static [Cond]),
    Not(&'static Cond),
}

/// One status a record can be in (`_status`). A register's statuses
/// exclude each other: a record shows the one whose condition holds.
#[derive(Debug, Clone, Copy)]
pub struct StatusRule {
    pub code: &'static str,
    pub when: Cond,
}

/// A named filter of the list: the records in any of `any_of`'s statuses,
/// or when that is empty, in the status of the filter's own code.
#[derive(Debug, Clone, Copy)]
pub struct StatusFilter {
    pub code: &'static str,
    pub label: &'static str,
    pub any_of: &'static [&'static str],
}

impl StatusFilter {
    /// The filter of the status with the same code.
    pub const fn new(code: &'static str, label: &'static str) -> StatusFilter {
        StatusFilter {
            code,
            label,
            any_of: &[],
        }
    }

    /// The filter of several statuses.
    pub const fn any_of(mut self, codes: &'static [&'static str]) -> StatusFilter {
        self.any_of = codes;
        self
    }

    /// The status codes it selects.
    pub fn codes(&self) -> impl Iterator<Item = &'static str> + '_ {
        let own = self.any_of.is_empty().then_some(self.code);
        self.any_of.iter().copied().chain(own)
    }
}

/// The day conditions are judged on, and the calendar that counts working
/// days from it (without one, a working-day term is empty).
#[derive(Clone, Copy)]
pub struct Today<'a> {
    pub date: NaiveDate,
    pub calendar: Option<&'a Calendar>,
}

impl Today<'_> {
    fn value(&self, term: &Term) -> Option<Sql> {
        match term {
            Term::Today => Some(Sql::Text(iso(self.date))),
            Term::WorkingDaysAfterToday(n) => self
                .calendar
                .map(|c| Sql::Text(iso(c.add_working_days(self.date, *n).due))),
            Term::Text(t) => Some(Sql::Text(t.to_string())),
            Term::Int(i) => Some(Sql::Integer(*i)),
            Term::Column(_) | Term::ColumnOr(..) => None,
        }
    }
}

impl Term {
    /// The value on a row (a column's as stored).
    fn eval(&self, row: &dyn Fn(&str) -> Sql, today: &Today) -> Sql {
        match self {
            Term::Column(c) => row(c),
            Term::ColumnOr(c, other) => match row(c) {
                Sql::Null => other.eval(row, today),
                v => v,
            },
            constant => today.value(constant).unwrap_or(Sql::Null),
        }
    }

    fn sql(&self, today: &Today, bind: &mut dyn FnMut(Sql) -> String) -> String {
        match self {
            Term::Column(c) => c.to_string(),
            Term::ColumnOr(c, other) => format!("coalesce({c}, {})", other.sql(today, bind)),
            constant => bind(today.value(constant).unwrap_or(Sql::Null)),
        }
    }
}

impl Op {
    fn sql(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "<>",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }

    fn holds(self, order: Ordering) -> bool {
        match self {
            Op::Eq => order.is_eq(),
            Op::Ne => order.is_ne(),
            Op::Lt => order.is_lt(),
            Op::Le => order.is_le(),
            Op::Gt => order.is_gt(),
            Op::Ge => order.is_ge(),
        }
    }
}

/// SQLite's order of two non-null values: numbers, then text (bytewise),
/// then blobs.
fn sql_order(a: &Sql, b: &Sql) -> Ordering {
    fn rank(v: &Sql) -> (u8, f64) {
        match v {
            Sql::Null => (0, 0.0),
            Sql::Integer(i) => (1, *i as f64),
            Sql::Real(f) => (1, *f),
            Sql::Text(_) => (2, 0.0),
            Sql::Blob(_) => (3, 0.0),
        }
    }
    match (a, b) {
        (Sql::Integer(x), Sql::Integer(y)) => x.cmp(y),
        (Sql::Text(x), Sql::Text(y)) => x.as_bytes().cmp(y.as_bytes()),
        (Sql::Blob(x), Sql::Blob(y)) => x.cmp(y),
        _ => {
            let ((ra, fa), (rb, fb)) = (rank(a), rank(b));
            ra.cmp(&rb)
                .then(fa.partial_cmp(&fb).unwrap_or(Ordering::Equal))
        }
    }
}

impl Cond {
    /// Whether the condition holds on a row, as SQL's WHERE would judge it
    /// (unknown is not true).
    pub fn holds(&self, row: &dyn Fn(&str) -> Sql, today: &Today) -> bool {
        self.eval(row, today) == Some(true)
    }

    /// SQL's three-valued result: `None` is unknown (a comparison with NULL).
    fn eval(&self, row: &dyn Fn(&str) -> Sql, today: &Today) -> Option<bool> {
        match self {
            Cond::IsNull(c) => Some(matches!(row(c), Sql::Null)),
            Cond::NotNull(c) => Some(!matches!(row(c), Sql::Null)),
            Cond::Compare(a, op, b) => match (a.eval(row, today), b.eval(row, today)) {
                (Sql::Null, _) | (_, Sql::Null) => None,
                (a, b) => Some(op.holds(sql_order(&a, &b))),
            },
            Cond::All(conds) => kleene(conds, row, today, false),
            Cond::Any(conds) => kleene(conds, row, today, true),
            Cond::Not(c) => c.eval(row, today).map(|v| !v),
        }
    }

    /// The condition as SQL over the register's table; `bind` turns each
    /// value into a parameter and returns its placeholder.
    pub fn sql(&self, today: &Today, bind: &mut dyn FnMut(Sql) -> String) -> String {
        match self {
            Cond::IsNull(c) => format!("{c} IS NULL"),
            Cond::NotNull(c) => format!("{c} IS NOT NULL"),
            Cond::Compare(a, op, b) => {
                let a = a.sql(today, bind);
                format!("{a} {} {}", op.sql(), b.sql(today, bind))
            }
            Cond::All(conds) => join(conds, " AND ", today, bind),
            Cond::Any(conds) => join(conds, " OR ", today, bind),
            Cond::Not(c) => format!("NOT ({})", c.sql(today, bind)),
        }
    }
}

/// SQL's AND (`decisive` false) or OR (`decisive` true): the decisive value
/// if any operand has it, else unknown if any is unknown.
fn kleene(
    conds: &[Cond],
    row: &dyn Fn(&str) -> Sql,
    today: &Today,
    decisive: bool,
) -> Option<bool> {
    let values: Vec<Option<bool>> = conds.iter().map(|c| c.eval(row, today)).collect();
    if values.contains(&Some(decisive)) {
        Some(decisive)
    } else if values.contains(&None) {
        None
    } else {
        Some(!decisive)
    }
}

fn join(conds: &[Cond], sep: &str, today: &Today, bind: &mut dyn FnMut(Sql) -> String) -> String {
    let parts: Vec<String> = conds
        .iter()
        .map(|c| format!("({})", c.sql(today, bind)))
        .collect();
    parts.join(sep)
}

/// A date as a row holds it (`YYYY-MM-DD`, or NULL).
pub fn date(d: Option<NaiveDate>) -> Sql {
    d.map_or(Sql::Null, |d| Sql::Text(iso(d)))
}

/// A row made of named values; any other column is NULL.
pub fn row<'a>(columns: &'a [(&'a str, Sql)]) -> impl Fn(&str) -> Sql + 'a {
    move |name| {
        columns
            .iter()
            .find(|(c, _)| *c == name)
            .map_or(Sql::Null, |(_, v)| v.clone())
    }
}

/// The status of a row: the first rule that holds.
pub fn classify<'r>(
    rules: &'r [StatusRule],
    row: &dyn Fn(&str) -> Sql,
    today: &Today,
) -> Option<&'r StatusRule> {
    rules.iter().find(|r| r.when.holds(row, today))
}

#[cfg(test)]
mod tests;
