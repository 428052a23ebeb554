//! 其他数据: named yearly figures the summary quotes beside the tallies
//! (志愿者队伍 6 支, 志愿者 221 人 …). One figure per name and year.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::period::YEARS;
use taizhang_base::error::{Error, Problem, Result};
use taizhang_store::store::{AuditAction, Tx};

const AUDIT_KEY: &str = "metrics";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metric {
    pub id: i64,
    pub year: i32,
    pub name: String,
    pub unit: String,
    #[serde(serialize_with = "serialize_value")]
    pub value: f64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MetricInput {
    pub id: Option<i64>,
    pub year: i32,
    pub name: String,
    pub unit: String,
    /// A number, or text as typed.
    pub value: serde_json::Value,
}

/// A figure as JSON: whole numbers without a decimal point (221, not 221.0).
pub fn value_json(v: f64) -> serde_json::Value {
    if v.fract() == 0.0 && v.abs() < 9e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

fn serialize_value<S: serde::Serializer>(v: &f64, s: S) -> std::result::Result<S::Ok, S::Error> {
    value_json(*v).serialize(s)
}

fn read(r: &rusqlite::Row) -> rusqlite::Result<Metric> {
    Ok(Metric {
        id: r.get(0)?,
        year: r.get(1)?,
        name: r.get(2)?,
        unit: r.get(3)?,
        value: r.get(4)?,
    })
}

const SELECT: &str = "SELECT id, year, name, unit, value FROM metrics";

/// The figures of a year (every year when None), in the order entered.
pub fn list(conn: &Connection, year: Option<i32>) -> Result<Vec<Metric>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE ?1 IS NULL OR year = ?1 ORDER BY year, position, id"
    ))?;
    let rows = stmt.query_map([year], read)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

fn by_id(conn: &Connection, id: i64) -> Result<Metric> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], read)
        .optional()?
        .ok_or_else(|| Error::not_found("数据", id.to_string()))
}

fn by_name(conn: &Connection, year: i32, name: &str) -> Result<Option<Metric>> {
    Ok(conn
        .query_row(
            &format!("{SELECT} WHERE year = ?1 AND name = ?2"),
            params![year, name],
            read,
        )
        .optional()?)
}

fn parse_value(v: &serde_json::Value) -> std::result::Result<f64, String> {
    let n = match v {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => taizhang_base::typed::parse_decimal(s).ok(),
        _ => None,
    };
    match n {
        Some(n) if (0.0..1e12).contains(&n) => Ok(n),
        Some(_) => Err("数值不能为负数".to_string()),
        None => Err("请填写数值（数字）".to_string()),
    }
}

/// Check a figure; problems are located at `prefix` + field. Returns the cleaned figure.
pub fn check(input: &MetricInput, prefix: &str) -> std::result::Result<Metric, Vec<Problem>> {
    let mut problems = vec![];
    let name = input.name.trim().to_string();
    let unit = input.unit.trim().to_string();
    if !YEARS.contains(&input.year) {
        problems.push(Problem::new(
            format!("{prefix}year"),
            "年份应在 1990 至 2100 之间",
        ));
    }
    if name.is_empty() {
        problems.push(Problem::new(
            format!("{prefix}name"),
            "请填写名称（如：志愿者人数）",
        ));
    } else if name.chars().count() > 50 || name.contains('\n') {
        problems.push(Problem::new(
            format!("{prefix}name"),
            "名称应为一行，不超过50个字",
        ));
    }
    if unit.chars().count() > 10 || unit.contains('\n') {
        problems.push(Problem::new(format!("{prefix}unit"), "单位不能超过10个字"));
    }
    let value = parse_value(&input.value).unwrap_or_else(|m| {
        problems.push(Problem::new(format!("{prefix}value"), m));
        0.0
    });
    if problems.is_empty() {
        Ok(Metric {
            id: input.id.unwrap_or(0),
            year: input.year,
            name,
            unit,
            value,
        })
    } else {
        Err(problems)
    }
}

/// Add a figure, or change the one with `id`. A name is used once per year.
pub fn save(tx: &Tx, input: &MetricInput) -> Result<Metric> {
    save_noted(tx, input, "")
}

fn save_noted(tx: &Tx, input: &MetricInput, note: &str) -> Result<Metric> {
    let m = check(input, "").map_err(|p| Error::from_problems(p).unwrap_err())?;
    let before = input.id.map(|id| by_id(tx, id)).transpose()?;
    if let Some(other) = by_name(tx, m.year, &m.name)? {
        if Some(other.id) != input.id {
            return Err(Error::invalid(
                "name",
                format!("{}年已有“{}”，请直接修改它", m.year, m.name),
            ));
        }
    }
    let mut years = vec![m.year];
    years.extend(before.as_ref().map(|b| b.year));
    tx.ensure_unlocked(&years)?;
    let id = match &before {
        Some(b) => {
            tx.execute(
                "UPDATE metrics SET year = ?1, name = ?2, unit = ?3, value = ?4 WHERE id = ?5",
                params![m.year, m.name, m.unit, m.value, b.id],
            )?;
            b.id
        }
        None => {
            tx.execute(
                "INSERT INTO metrics (year, name, unit, value, position)
                 VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(position), 0) + 1 FROM metrics))",
                params![m.year, m.name, m.unit, m.value],
            )?;
            tx.last_insert_rowid()
        }
    };
    let after = by_id(tx, id)?;
    if before.as_ref() != Some(&after) {
        tx.audit(
            AuditAction::for_change(before.is_some()),
            AUDIT_KEY,
            &id.to_string(),
            before.map(|b| json!(b)).as_ref(),
            Some(&json!(after)),
            note,
        )?;
    }
    Ok(after)
}

pub fn delete(tx: &Tx, id: i64) -> Result<()> {
    let before = by_id(tx, id)?;
    tx.ensure_unlocked(&[before.year])?;
    tx.execute("DELETE FROM metrics WHERE id = ?1", [id])?;
    tx.audit(
        AuditAction::Delete,
        AUDIT_KEY,
        &id.to_string(),
        Some(&json!(before)),
        None,
        "",
    )
}

/// A figure from a data package: matched by year and name. Returns whether it changed.
pub fn upsert(tx: &Tx, input: &MetricInput) -> Result<bool> {
    let m = check(input, "").map_err(|p| Error::from_problems(p).unwrap_err())?;
    match by_name(tx, m.year, &m.name)? {
        Some(old) if old.unit == m.unit && old.value == m.value => Ok(false),
        old => {
            let input = MetricInput {
                id: old.map(|o| o.id),
                ..input.clone()
            };
            save_noted(tx, &input, "导入")?;
            Ok(true)
        }
    }
}
