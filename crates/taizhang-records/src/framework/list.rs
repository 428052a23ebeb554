//! Listing a register: year, field and status filters, search, sort, paging.
//!
//! Only names from the static spec are put into SQL text; every value the user
//! gave is a bound parameter.

use rusqlite::params_from_iter;
use rusqlite::types::Value as Sql;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::crud::read_row;
use super::stale;
use super::DataFile;
use super::{Ctx, Kind, Record, RegisterSpec, StatusFilter};
use taizhang_base::error::{Error, Result};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub year: Option<i32>,
    /// Field name → value: equality, or membership for multi-value fields.
    pub filters: Map<String, Value>,
    pub status: Option<String>,
    pub search: Option<String>,
    pub sort: Option<String>,
    pub desc: Option<bool>,
    /// 1-based.
    pub page: Option<u32>,
    pub page_size: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub rows: Vec<Record>,
    pub total: u64,
    pub page: u32,
    pub pages: u32,
    pub page_size: u32,
}

pub const DEFAULT_PAGE_SIZE: u32 = 50;
const MAX_PAGE_SIZE: u32 = 500;

/// The WHERE clause and its parameters for a query.
struct Where {
    clauses: Vec<String>,
    params: Vec<Sql>,
}

impl Where {
    fn param(&mut self, v: Sql) -> String {
        self.params.push(v);
        format!("?{}", self.params.len())
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }
}

impl Where {
    fn new(year: Option<i32>) -> Where {
        let mut w = Where {
            clauses: vec![],
            params: vec![],
        };
        if let Some(year) = year {
            let p = w.param(Sql::Integer(year as i64));
            w.clauses.push(format!("year = {p}"));
        }
        w
    }

    /// Keep the records in one of a filter's statuses on `ctx.today`.
    fn status(&mut self, ctx: &Ctx, spec: &RegisterSpec, filter: &StatusFilter) {
        let sql = spec.filter_sql(filter, &ctx.status_day(), &mut |v| self.param(v));
        self.clauses.push(format!("({sql})"));
    }

    fn count(&self, ctx: &Ctx, spec: &RegisterSpec) -> Result<u64> {
        let n: i64 = ctx.conn.query_row(
            &format!("SELECT count(*) FROM {}{}", spec.table, self.sql()),
            params_from_iter(self.params.clone()),
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }
}

/// How many records (of one listed year, or all) are in any of `statuses`
/// on `ctx.today`: the counts a summary shows, by the list's own rules.
pub fn count_in(
    ctx: &Ctx,
    spec: &RegisterSpec,
    statuses: &'static [&'static str],
    year: Option<i32>,
) -> Result<u64> {
    let mut w = Where::new(year);
    w.status(ctx, spec, &StatusFilter::new("", "").any_of(statuses));
    w.count(ctx, spec)
}

fn build_where(spec: &RegisterSpec, q: &ListQuery, ctx: &Ctx) -> Result<Where> {
    let mut w = Where::new(q.year);
    for (name, value) in &q.filters {
        if value.is_null() || value.as_str() == Some("") {
            continue;
        }
        let field = spec
            .field(name)
            .ok_or_else(|| Error::invalid(name, format!("不能按“{name}”筛选")))?;
        let v = match value {
            Value::Bool(b) => Sql::Integer(*b as i64),
            Value::Number(n) => n.as_i64().map(Sql::Integer).unwrap_or(Sql::Null),
            Value::String(s) => Sql::Text(s.clone()),
            _ => return Err(Error::invalid(name, format!("{}的筛选值无效", field.label))),
        };
        match (field.kind, v) {
            // A multi-value field is stored as a compact JSON array of strings
            // (`["门户网站","微信公众号"]`), always serialized the same way, so a
            // value is a member exactly when its JSON string (quotes included)
            // occurs in the text. That is several times faster than json_each
            // over a year of records.
            (Kind::Choices(_) | Kind::Tags, Sql::Text(s)) => {
                let p = w.param(Sql::Text(Value::String(s).to_string()));
                w.clauses.push(format!("instr({}, {p}) > 0", field.name));
            }
            (Kind::Choices(_) | Kind::Tags, _) => {
                return Err(Error::invalid(name, format!("{}的筛选值无效", field.label)))
            }
            (_, v) => {
                let p = w.param(v);
                w.clauses.push(format!("{} = {p}", field.name));
            }
        }
    }
    if let Some(code) = q.status.as_deref().filter(|s| !s.is_empty()) {
        let status = spec
            .statuses
            .iter()
            .find(|s| s.code == code)
            .ok_or_else(|| Error::invalid("status", format!("没有“{code}”这种状态")))?;
        w.status(ctx, spec, status);
    }
    if let Some(text) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        if !spec.search_fields.is_empty() {
            let p = w.param(Sql::Text(text.to_string()));
            let any: Vec<String> = spec
                .search_fields
                .iter()
                .map(|f| format!("instr(coalesce({f}, ''), {p}) > 0"))
                .collect();
            w.clauses.push(format!("({})", any.join(" OR ")));
        }
    }
    Ok(w)
}

fn order_by(spec: &RegisterSpec, q: &ListQuery) -> Result<String> {
    let (field, default_desc, never_empty) = match q.sort.as_deref().filter(|s| !s.is_empty()) {
        Some("id") => ("id", false, true),
        Some(name) => {
            let f = spec
                .field(name)
                .ok_or_else(|| Error::invalid("sort", format!("不能按“{name}”排序")))?;
            (f.name, false, f.required)
        }
        None => {
            let (name, desc) = spec.default_sort;
            let required = spec.field(name).is_some_and(|f| f.required);
            (name, desc, required)
        }
    };
    let desc = q.desc.unwrap_or(default_desc);
    let dir = if desc { "DESC" } else { "ASC" };
    // Empty values last either way; id breaks ties so paging is stable. A
    // required field is never empty: leaving out the `IS NULL` term lets an
    // index on (field, id) give the order without sorting every row.
    Ok(if never_empty {
        format!(" ORDER BY {field} {dir}, id {dir}")
    } else {
        format!(" ORDER BY {field} IS NULL, {field} {dir}, id {dir}")
    })
}

/// One page of a register's records, with display keys.
pub fn list(app: &DataFile, spec: &RegisterSpec, q: &ListQuery) -> Result<Page> {
    let ctx = app.ctx();
    let w = build_where(spec, q, &ctx)?;
    let total = w.count(&ctx, spec)?;
    let page_size = q
        .page_size
        .unwrap_or(DEFAULT_PAGE_SIZE)
        .clamp(1, MAX_PAGE_SIZE);
    let pages = (total.div_ceil(page_size as u64)).max(1) as u32;
    let page = q.page.unwrap_or(1).clamp(1, pages);
    let cols: Vec<&str> = spec.columns().collect();
    // `version` last, after the fields read_row reads: a form opened from
    // the list sends it back with its save.
    let sql = format!(
        "SELECT id, {}, version FROM {}{}{} LIMIT {} OFFSET {}",
        cols.join(", "),
        spec.table,
        w.sql(),
        order_by(spec, q)?,
        page_size,
        (page - 1) as u64 * page_size as u64
    );
    let mut stmt = ctx.conn.prepare(&sql)?;
    let mut rows = stmt
        .query_map(params_from_iter(w.params), |r| {
            let mut rec = read_row(spec, r)?;
            let version: i64 = r.get(cols.len() + 1)?;
            rec.insert(stale::VERSION_KEY.into(), version.into());
            Ok(rec)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for rec in &mut rows {
        spec.hooks.decorate(&ctx, rec);
    }
    Ok(Page {
        rows,
        total,
        page,
        pages,
        page_size,
    })
}

/// The distinct years that hold records, newest first (for the year picker).
pub fn years(app: &DataFile, spec: &RegisterSpec) -> Result<Vec<i32>> {
    let sql = format!(
        "SELECT DISTINCT year FROM {} WHERE year IS NOT NULL ORDER BY year DESC",
        spec.table
    );
    let mut stmt = app.store.conn().prepare(&sql)?;
    let years = stmt
        .query_map([], |r| r.get::<_, i32>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(years)
}
