//! The yearly figures of table 二 that come from elsewhere: decisions on
//! administrative licensing, penalties and enforcement, and administrative
//! fees in 万元. One row per year, keyed by the year itself (the data package
//! has no id for them), so this is a data-package section with its own small
//! editor rather than a register; its fields are checked by the register
//! framework's rules all the same.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use taizhang_base::error::{Error, Problem, Result};
use crate::framework::validate::{normalize, Mode, Resolver};
use crate::framework::{Field, Kind};
use taizhang_store::store::{AuditAction, Tx};

const COUNT: Kind = Kind::Int {
    min: 0,
    max: 100_000_000,
};

pub const FIELDS: &[Field] = &[
    Field::new(
        "year",
        "年度",
        Kind::Int {
            min: 1990,
            max: 2100,
        },
    )
    .required(),
    Field::new("licensing_decisions", "行政许可处理决定数", COUNT),
    Field::new("penalty_decisions", "行政处罚处理决定数", COUNT),
    Field::new("enforcement_decisions", "行政强制处理决定数", COUNT),
    Field::new("fees_wan_yuan", "行政事业性收费（万元）", Kind::Decimal),
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnualFigures {
    pub year: i32,
    pub licensing_decisions: i64,
    pub penalty_decisions: i64,
    pub enforcement_decisions: i64,
    pub fees_wan_yuan: f64,
}

/// Check one year's figures; a blank figure is 0. Problems carry `prefix` + field.
pub fn parse(
    input: &Map<String, Value>,
    mode: Mode,
    resolver: &dyn Resolver,
    prefix: &str,
) -> std::result::Result<AnnualFigures, Vec<Problem>> {
    let mut values = Map::new();
    let mut problems = vec![];
    for field in FIELDS {
        match normalize(field, input.get(field.name), mode, resolver) {
            Ok(v) => {
                values.insert(field.name.into(), if v.is_null() { json!(0) } else { v });
            }
            Err(message) => problems.push(Problem::new(format!("{prefix}{}", field.name), message)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let int = |k: &str| values[k].as_i64().unwrap_or(0);
    Ok(AnnualFigures {
        year: int("year") as i32,
        licensing_decisions: int("licensing_decisions"),
        penalty_decisions: int("penalty_decisions"),
        enforcement_decisions: int("enforcement_decisions"),
        fees_wan_yuan: values["fees_wan_yuan"].as_f64().unwrap_or(0.0),
    })
}

const SELECT: &str = "SELECT year, licensing_decisions, penalty_decisions, enforcement_decisions, fees_wan_yuan FROM annual_figures";

fn read(r: &rusqlite::Row) -> rusqlite::Result<AnnualFigures> {
    Ok(AnnualFigures {
        year: r.get(0)?,
        licensing_decisions: r.get(1)?,
        penalty_decisions: r.get(2)?,
        enforcement_decisions: r.get(3)?,
        fees_wan_yuan: r.get(4)?,
    })
}

/// Every year's figures (or one year's), oldest first.
pub fn list(conn: &Connection, year: Option<i32>) -> Result<Vec<AnnualFigures>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE ?1 IS NULL OR year = ?1 ORDER BY year"
    ))?;
    let rows = stmt.query_map([year], read)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn get(conn: &Connection, year: i32) -> Result<Option<AnnualFigures>> {
    Ok(conn
        .query_row(&format!("{SELECT} WHERE year = ?1"), [year], read)
        .optional()?)
}

/// Store one year's figures. Returns whether anything changed.
pub fn save(tx: &Tx, figures: &AnnualFigures, note: &str) -> Result<bool> {
    let before = get(tx, figures.year)?;
    if before.as_ref() == Some(figures) {
        return Ok(false);
    }
    tx.ensure_unlocked(&[figures.year])?;
    tx.execute(
        "INSERT INTO annual_figures (year, licensing_decisions, penalty_decisions,
             enforcement_decisions, fees_wan_yuan, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (year) DO UPDATE SET
             licensing_decisions = excluded.licensing_decisions,
             penalty_decisions = excluded.penalty_decisions,
             enforcement_decisions = excluded.enforcement_decisions,
             fees_wan_yuan = excluded.fees_wan_yuan,
             updated_at = excluded.updated_at",
        params![
            figures.year,
            figures.licensing_decisions,
            figures.penalty_decisions,
            figures.enforcement_decisions,
            figures.fees_wan_yuan,
            tx.now()
        ],
    )?;
    let action = if before.is_some() {
        AuditAction::Update
    } else {
        AuditAction::Create
    };
    tx.audit(
        action,
        "annual_figures",
        &figures.year.to_string(),
        before.map(|b| json!(b)).as_ref(),
        Some(&json!(figures)),
        note,
    )?;
    Ok(true)
}

pub fn delete(tx: &Tx, year: i32) -> Result<()> {
    let before = get(tx, year)?.ok_or_else(|| Error::not_found("年度数据", year.to_string()))?;
    tx.ensure_unlocked(&[year])?;
    tx.execute("DELETE FROM annual_figures WHERE year = ?1", [year])?;
    tx.audit(
        AuditAction::Delete,
        "annual_figures",
        &year.to_string(),
        Some(&json!(before)),
        None,
        "",
    )
}
