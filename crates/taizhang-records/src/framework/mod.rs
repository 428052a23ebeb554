//! One way of doing registers.
//!
//! A register (主动公开, 网友留言, 建议提案 …) is described once by a
//! [`RegisterSpec`]: its table, its fields with their kinds and Chinese labels,
//! its year, search and status filters, and a few [`Hooks`] for what is
//! particular to it (cross-field rules, computed due dates, display status).
//! From that description the framework validates input, writes records with
//! their audit entries and year-lock checks, lists them with filters and
//! paging, imports and exports them, and tells the user interface how to draw
//! the list and the form.
//!
//! A record travels as a JSON object whose keys are the field names, which are
//! also the keys of the data package (`taizhang.dataset/1`). Keys starting with
//! `_` are derived for display and never stored.

pub mod crud;
mod data_file;
pub mod list;
pub mod merge;
pub mod schema;
pub mod stale;
pub mod status;
pub mod validate;
pub mod year_rule;

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde_json::{Map, Value};

use taizhang_base::calendar::Calendar;
use taizhang_base::error::Problem;

pub use crud::{create, delete, delete_checked, get, history, update, update_checked};
pub use data_file::DataFile;
pub use list::{list, ListQuery, Page};
pub use status::{Cond, Op, StatusFilter, StatusRule, Term, Today};
pub use validate::Mode;
pub use year_rule::YearRule;

/// A record as it travels: field name → value, plus `id`.
pub type Record = Map<String, Value>;

/// A fact a register needs that a record lacks (the field's name): the
/// record has not passed its register's checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MissingFact(pub &'static str);

/// What kind of value a field holds, and so how it is checked, stored and drawn.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// One line of text, at most `max` characters.
    Text {
        max: usize,
    },
    /// Several lines of text.
    LongText,
    /// A date, stored as `YYYY-MM-DD`.
    Date,
    Bool,
    Int {
        min: i64,
        max: i64,
    },
    /// A decimal amount (for example 万元).
    Decimal,
    /// One of fixed codes, each with its Chinese label.
    Code(&'static [(&'static str, &'static str)]),
    /// One of fixed codes drawn in groups (a `<select>` with `<optgroup>`s),
    /// each with a short label for lists. A function, so that the options
    /// can be built once from a shared table (the report's result rows).
    GroupedCode(fn() -> &'static [CodeOption]),
    /// One value of a configurable list (see [`taizhang_store::lists`]).
    Choice(&'static str),
    /// Several values of a configurable list, stored as a JSON array.
    Choices(&'static str),
    /// Free tags, stored as a JSON array.
    Tags,
    /// The name of a unit (科室 / 社区), which must exist.
    Unit,
    /// The id of a record in another register, which must exist.
    Ref(&'static str),
}

/// One option of a [`Kind::GroupedCode`] field.
#[derive(Debug, Clone)]
pub struct CodeOption {
    pub code: &'static str,
    /// The label in the drop-down, verbatim (e.g. a row of a report table).
    pub label: &'static str,
    /// The `<optgroup>` it sits in, if any.
    pub group: Option<&'static str>,
    /// How lists and messages name it (不予公开·属于国家秘密).
    pub short: String,
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Column name, JSON key and data-package key.
    pub name: &'static str,
    /// The Chinese label shown in forms, lists and messages.
    pub label: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// Applicants' personal data: never in a report, exported only on request.
    pub personal: bool,
    /// Shown as a column of the list.
    pub listed: bool,
    /// A hint shown under the field in the form.
    pub help: &'static str,
    /// Hints that depend on the value of another field of the form:
    /// (that field, [(its value, the hint)]). Falls back to `help`.
    pub help_by: Option<(&'static str, &'static [(&'static str, &'static str)])>,
}

impl Field {
    /// A field with the common defaults: optional, not personal, not listed.
    pub const fn new(name: &'static str, label: &'static str, kind: Kind) -> Field {
        Field {
            name,
            label,
            kind,
            required: false,
            personal: false,
            listed: false,
            help: "",
            help_by: None,
        }
    }
    pub const fn required(mut self) -> Field {
        self.required = true;
        self
    }
    pub const fn listed(mut self) -> Field {
        self.listed = true;
        self
    }
    pub const fn personal(mut self) -> Field {
        self.personal = true;
        self
    }
    pub const fn help(mut self, help: &'static str) -> Field {
        self.help = help;
        self
    }
    /// Hints chosen by the value of another field (`field`), one per value.
    pub const fn help_by(
        mut self,
        field: &'static str,
        hints: &'static [(&'static str, &'static str)],
    ) -> Field {
        self.help_by = Some((field, hints));
        self
    }
}

/// Facts a register's hooks may need beyond the record itself.
pub struct Ctx<'a> {
    pub conn: &'a Connection,
    pub calendar: &'a Calendar,
    pub today: NaiveDate,
}

impl Ctx<'_> {
    /// The day status rules are judged on, with the calendar.
    pub fn status_day(&self) -> Today<'_> {
        Today {
            date: self.today,
            calendar: Some(self.calendar),
        }
    }
}

/// What is particular to one register. Every method has a sensible default.
pub trait Hooks: Sync {
    /// Fill values the register computes when the input leaves them blank
    /// (a serial number …), after the fields are normalized and before
    /// [`Hooks::check`]. The record has its `id` when it already exists.
    fn complete(&self, _ctx: &Ctx, _record: &mut Record) {}

    /// The id of a new record that came without one (`a-2023-001` after its
    /// serial number …), when the register has a readable one that is free.
    /// By default a generated id ([`crud::new_id`]).
    fn new_id(&self, _ctx: &Ctx, _record: &Record) -> Option<String> {
        None
    }

    /// Rules across fields (`published_on` ≥ `formed_on` …). Push a problem per
    /// broken rule, with the path of the field it concerns (`prefix` + name).
    fn check(&self, _ctx: &Ctx, _record: &Record, _prefix: &str, _problems: &mut Vec<Problem>) {}

    /// Columns computed from the record and stored beside it (due dates …),
    /// recomputed when the calendar or the settings change.
    fn stored(&self, _ctx: &Ctx, _record: &Record) -> Vec<(&'static str, Value)> {
        vec![]
    }

    /// Derived keys for display (`_status`, `_due_explain` …), never stored.
    fn decorate(&self, _ctx: &Ctx, _record: &mut Record) {}
}

/// Hooks for a register with nothing particular.
pub struct NoHooks;
impl Hooks for NoHooks {}

pub struct RegisterSpec {
    /// Data-package key and command prefix (`messages` → `messages.list`).
    pub key: &'static str,
    pub table: &'static str,
    /// The register's Chinese name (网友留言).
    pub label: &'static str,
    /// What one record is called in sentences (留言).
    pub noun: &'static str,
    /// Prefix of generated ids (`m` → `m-20230105-4k2f9a`).
    pub id_prefix: &'static str,
    pub fields: &'static [Field],
    /// Which dates put a record into a year: listed, reported, locked.
    pub year_rule: YearRule,
    /// Fields searched by the search box (Chinese substring match).
    pub search_fields: &'static [&'static str],
    /// Default order: field and descending.
    pub default_sort: (&'static str, bool),
    /// The statuses a record can be in, each defined once.
    pub status_rules: &'static [StatusRule],
    /// The list's status filters, each selecting some of the statuses.
    pub statuses: &'static [StatusFilter],
    pub hooks: &'static dyn Hooks,
}

impl RegisterSpec {
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The columns of this register's table that hold fields, in order.
    pub fn columns(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields.iter().map(|f| f.name)
    }

    /// The status a record is in on `ctx.today`: its status rules judged on
    /// the row it is stored as (fields, `year`, stored columns).
    pub fn status_of(&self, ctx: &Ctx, record: &Record) -> Option<&'static str> {
        let (cols, values) = crud::row_values(ctx, self, record);
        let columns: Vec<(&str, rusqlite::types::Value)> = cols.into_iter().zip(values).collect();
        let row = status::row(&columns);
        self.status_on(&row, &ctx.status_day())
    }

    /// The status of a row as stored, judged on `today`.
    pub fn status_on(
        &self,
        row: &dyn Fn(&str) -> rusqlite::types::Value,
        today: &Today,
    ) -> Option<&'static str> {
        status::classify(self.status_rules, row, today).map(|r| r.code)
    }

    /// The SQL condition of a status filter, its values bound by `bind`.
    pub fn filter_sql(
        &self,
        filter: &StatusFilter,
        today: &Today,
        bind: &mut dyn FnMut(rusqlite::types::Value) -> String,
    ) -> String {
        let parts: Vec<String> = filter
            .codes()
            .filter_map(|code| self.status_rules.iter().find(|r| r.code == code))
            .map(|rule| format!("({})", rule.when.sql(today, bind)))
            .collect();
        parts.join(" OR ")
    }
}

/// The year of a date field of a record, if it holds a date.
pub fn year_of(record: &Record, field: &str) -> Option<i32> {
    record
        .get(field)
        .and_then(Value::as_str)
        .and_then(|s| taizhang_base::dates::parse_iso_date(s).ok())
        .map(|d| d.year())
}

/// Show a status: its code, its words and their colour (`late`, `soon`,
/// `ok` …), as the list and the form read them.
pub fn show_status(record: &mut Record, code: &str, label: impl Into<String>, kind: &str) {
    record.insert("_status".into(), Value::from(code));
    record.insert("_status_label".into(), Value::from(label.into()));
    record.insert("_status_kind".into(), Value::from(kind));
}

/// A date field of a record, if it holds one.
pub fn date_of(record: &Record, field: &str) -> Option<NaiveDate> {
    record
        .get(field)
        .and_then(Value::as_str)
        .and_then(|s| taizhang_base::dates::parse_iso_date(s).ok())
}

/// Every register the application knows, in menu order ([`crate::REGISTERS`]).
pub fn all() -> &'static [&'static RegisterSpec] {
    crate::REGISTERS
}

pub fn find(key: &str) -> Option<&'static RegisterSpec> {
    all().iter().copied().find(|s| s.key == key)
}

#[cfg(test)]
mod tests;
