//! Which dates put a record into a year: one [`YearRule`] per register.
//!
//! From it come the year a record is listed under (the `year` column the
//! list's year filter and year picker read), the report years it feeds (a
//! write is refused when one is locked), the years an edit changes, and the
//! SQL condition of the records a year's report depends on.

use chrono::{Datelike, NaiveDate};
use serde_json::Value;

use super::{date_of, year_of, Record};

/// What a record counts in one report year (`None`: nothing), to compare two
/// states of a record year by year.
pub type Footprint = fn(&Record, i32) -> Option<Value>;

#[derive(Clone, Copy)]
pub enum YearRule {
    /// Listed under, and reported in, the year of one date.
    Dated(&'static str),
    /// Reported only in the year of `date` (a disclosure: the year it was
    /// published); listed under it, or while it is empty under the year of
    /// `otherwise`.
    DatedOr {
        date: &'static str,
        otherwise: &'static str,
    },
    /// In force from `start` until `end` (a normative document: issued,
    /// repealed): listed under its start; its events feed the years of both
    /// dates; a year's report depends on every record in force in it.
    InForce {
        start: &'static str,
        end: &'static str,
    },
    /// Counted from `start` until `end` and carried into every later year
    /// while open (an application: received, replied; a lawsuit: filed,
    /// decided): listed under its start, and an edit changes the years whose
    /// `footprint` differs, so that a carried record can still be closed
    /// after its first year is locked.
    Open {
        start: &'static str,
        end: &'static str,
        footprint: Footprint,
    },
}

/// The rows of a query whose condition names some of year `year`'s bounds
/// (`:first_day`, `:last_day`, `:year`, as [`YearRule::report_sql`] does),
/// each read by `read`. Only the names the statement holds are bound:
/// SQLite refuses others.
pub fn query_year<T>(
    stmt: &mut rusqlite::Statement,
    year: i32,
    read: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
) -> rusqlite::Result<Vec<T>> {
    let bounds: [(&str, &dyn rusqlite::ToSql); 3] = [
        (":first_day", &format!("{year:04}-01-01")),
        (":last_day", &format!("{year:04}-12-31")),
        (":year", &year),
    ];
    let mut named = vec![];
    for (name, value) in bounds {
        if stmt.parameter_index(name)?.is_some() {
            named.push((name, value));
        }
    }
    stmt.query_map(named.as_slice(), read)?.collect()
}

impl YearRule {
    /// The date every record has, that the others follow.
    pub fn date_field(&self) -> &'static str {
        match *self {
            YearRule::Dated(date) => date,
            YearRule::DatedOr { otherwise, .. } => otherwise,
            YearRule::InForce { start, .. } | YearRule::Open { start, .. } => start,
        }
    }

    /// The year a record is listed under (its `year` column).
    pub fn listed_year(&self, rec: &Record) -> Option<i32> {
        match *self {
            YearRule::DatedOr { date, otherwise } => {
                year_of(rec, date).or_else(|| year_of(rec, otherwise))
            }
            _ => year_of(rec, self.date_field()),
        }
    }

    /// The report years the record's own dates feed: a change to what is
    /// stored beside it (a due date) is refused when one is locked.
    pub fn years(&self, rec: &Record) -> Vec<i32> {
        let mut years: Vec<i32> = match *self {
            YearRule::Dated(date) | YearRule::DatedOr { date, .. } => vec![year_of(rec, date)],
            YearRule::InForce { start, end } => vec![year_of(rec, start), year_of(rec, end)],
            YearRule::Open { start, .. } => vec![year_of(rec, start)],
        }
        .into_iter()
        .flatten()
        .collect();
        years.dedup();
        years
    }

    /// The records year Y's report figures and checks depend on, as an SQL
    /// condition with the named parameters of [`query_year`]: those listed
    /// under Y, or for a record that spans years, those begun by Y's end and
    /// not ended before its start (applications carried in, documents in force).
    pub fn report_sql(&self) -> String {
        match *self {
            YearRule::Dated(_) | YearRule::DatedOr { .. } => "year = :year".to_string(),
            YearRule::InForce { start, end } | YearRule::Open { start, end, .. } => {
                format!("{start} <= :last_day AND ({end} IS NULL OR {end} >= :first_day)")
            }
        }
    }

    /// The report years a change touches (`None` before a create, after a
    /// delete): writes are refused when any is locked.
    pub fn changed_years(
        &self,
        this_year: i32,
        before: Option<&Record>,
        after: Option<&Record>,
    ) -> Vec<i32> {
        match *self {
            YearRule::Open {
                start,
                end,
                footprint,
            } => {
                let dates = |r: &Record| [date_of(r, start), date_of(r, end)];
                footprint_years(this_year, before, after, dates, footprint)
            }
            _ => {
                let mut years: Vec<i32> = before
                    .into_iter()
                    .chain(after)
                    .flat_map(|r| self.years(r))
                    .collect();
                years.sort_unstable();
                years.dedup();
                years
            }
        }
    }
}

/// The report years whose figures differ between two states of one record
/// (`None`: the record does not exist in that state). `dates` gives the
/// dates that place a record in years; `footprint` what it counts in a year
/// (`None` when nothing: the same as not existing).
/// A record still open counts in every later year, so years up to the one
/// after `this_year` are compared.
fn footprint_years(
    this_year: i32,
    before: Option<&Record>,
    after: Option<&Record>,
    dates: impl Fn(&Record) -> [Option<NaiveDate>; 2],
    footprint: Footprint,
) -> Vec<i32> {
    let years: Vec<i32> = before
        .into_iter()
        .chain(after)
        .flat_map(&dates)
        .flatten()
        .map(|d| d.year())
        .collect();
    let (Some(&from), Some(&to)) = (years.iter().min(), years.iter().max()) else {
        return vec![];
    };
    let print = |r: Option<&Record>, y: i32| r.and_then(|r| footprint(r, y));
    (from..=to.max(this_year) + 1)
        .filter(|y| print(before, *y) != print(after, *y))
        .collect()
}
