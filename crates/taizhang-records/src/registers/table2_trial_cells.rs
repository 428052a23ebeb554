//! The cells of the 2019 trial format's table 二 that no register is a source
//! for (`official::TABLE2_TRIAL_MANUAL`: 上一年项目数量, 本年增/减, 其他对外管理
//! 服务事项, 政府集中采购 …), typed by the clerk per year. A blank cell prints
//! blank, as before; a cell typed 0 prints 0.

use std::collections::BTreeMap;

use rusqlite::{params, Connection};
use serde_json::{json, Map, Value};

use taizhang_base::error::{Error, Problem, Result};
use taizhang_base::official::{trial_cell_labels, TABLE2_TRIAL_MANUAL};
use taizhang_base::typed::{parse_decimal, parse_integer};
use taizhang_store::store::{AuditAction, Tx};

/// One year's typed cells: `{row}.{column}` → value.
pub type Cells = BTreeMap<String, f64>;

/// The cells typed for one year.
pub fn get(conn: &Connection, year: i32) -> Result<Cells> {
    Ok(list(conn, Some(year))?
        .into_iter()
        .map(|(_, cell, value)| (cell, value))
        .collect())
}

/// Every typed cell (or one year's): year, cell, value, in order.
pub fn list(conn: &Connection, year: Option<i32>) -> Result<Vec<(i32, String, f64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT year, cell, value FROM table2_trial_cells WHERE ?1 IS NULL OR year = ?1
         ORDER BY year, cell",
    )?;
    let rows = stmt.query_map([year], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The cell's name as the clerk reads it: 行政许可·上一年项目数量.
pub fn cell_label(cell: &str) -> String {
    trial_cell_labels(cell).map_or_else(|| cell.to_string(), |(row, col)| format!("{row}·{col}"))
}

/// One typed value: a JSON number or text as typed (full-width digits, 1,200);
/// blank or null is `None` (the cell is left blank). 本年增/减 may be
/// negative; 采购总金额 may have decimals; the rest are whole and not negative.
fn parse_value(cell: &str, value: &Value) -> std::result::Result<Option<f64>, String> {
    let label = cell_label(cell);
    let text = match value {
        Value::Null => return Ok(None),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.trim().is_empty() => return Ok(None),
        Value::String(s) => s.clone(),
        _ => return Err(format!("{label}应为数字")),
    };
    let column = cell.split_once('.').map_or("", |(_, c)| c);
    let n = if column == "amount" {
        parse_decimal(&text)
    } else {
        parse_integer(&text).map(|n| n as f64)
    }
    .map_err(|e| format!("{label}：{e}"))?;
    if n < 0.0 && column != "change" {
        return Err(format!("{label}不能为负数"));
    }
    if n.abs() >= 1e12 {
        return Err(format!("{label}太大"));
    }
    Ok(Some(n))
}

/// Check a year's cells as sent (`{cell: value}`); problems carry `prefix` + cell.
pub fn parse(
    cells: &Map<String, Value>,
    prefix: &str,
) -> std::result::Result<Vec<(String, Option<f64>)>, Vec<Problem>> {
    let mut out = vec![];
    let mut problems = vec![];
    for (cell, value) in cells {
        if !TABLE2_TRIAL_MANUAL.contains(&cell.as_str()) {
            problems.push(Problem::new(
                format!("{prefix}{cell}"),
                format!("“{cell}”不是试行格式表二中需要填写的格"),
            ));
            continue;
        }
        match parse_value(cell, value) {
            Ok(v) => out.push((cell.clone(), v)),
            Err(message) => problems.push(Problem::new(format!("{prefix}{cell}"), message)),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// Store a year's typed cells (a `None` removes the cell). Audited as one
/// change of the year; refused for a locked year. Returns whether anything changed.
pub fn save(tx: &Tx, year: i32, changes: &[(String, Option<f64>)]) -> Result<bool> {
    let before = get(tx, year)?;
    let mut after = before.clone();
    for (cell, value) in changes {
        match value {
            Some(v) => after.insert(cell.clone(), *v),
            None => after.remove(cell),
        };
    }
    if after == before {
        return Ok(false);
    }
    tx.ensure_unlocked(&[year])?;
    tx.execute("DELETE FROM table2_trial_cells WHERE year = ?1", [year])?;
    for (cell, value) in &after {
        tx.execute(
            "INSERT INTO table2_trial_cells (year, cell, value, updated_at) VALUES (?1, ?2, ?3, ?4)",
            params![year, cell, value, tx.now()],
        )?;
    }
    let action = match (before.is_empty(), after.is_empty()) {
        (true, _) => AuditAction::Create,
        (_, true) => AuditAction::Delete,
        _ => AuditAction::Update,
    };
    let as_json = |c: &Cells| (!c.is_empty()).then(|| json!(c));
    tx.audit(
        action,
        "table2_trial_cells",
        &year.to_string(),
        as_json(&before).as_ref(),
        as_json(&after).as_ref(),
        "",
    )?;
    Ok(true)
}

/// Check then save: the one entry for a command.
pub fn parse_and_save(tx: &Tx, year: i32, cells: &Map<String, Value>) -> Result<bool> {
    let changes = parse(cells, "cells.").map_err(|p| Error::from_problems(p).unwrap_err())?;
    save(tx, year, &changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(
        cell: &str,
        value: Value,
    ) -> std::result::Result<Vec<(String, Option<f64>)>, Vec<Problem>> {
        parse(&Map::from_iter([(cell.to_string(), value)]), "cells.")
    }

    #[test]
    fn values_are_read_as_typed_and_refused_naming_the_cell() {
        assert_eq!(
            one("licensing.change", json!("－３")).unwrap(),
            vec![("licensing.change".into(), Some(-3.0))]
        );
        assert_eq!(
            one("procurement.amount", json!("1,200.5")).unwrap()[0].1,
            Some(1200.5)
        );
        assert_eq!(
            one("fees.previous_items", json!(" ")).unwrap()[0].1,
            None,
            "blank: left blank"
        );
        assert_eq!(one("fees.previous_items", Value::Null).unwrap()[0].1, None);
        let refused = |cell: &str, v: Value| one(cell, v).unwrap_err().remove(0);
        let p = refused("penalty.previous_items", json!("-1"));
        assert_eq!(p.path, "cells.penalty.previous_items");
        assert_eq!(p.message, "行政处罚·上一年项目数量不能为负数");
        assert!(refused("other_services.decisions", json!("2.5"))
            .message
            .contains("不是整数"));
        assert!(refused("procurement.items", json!(true))
            .message
            .contains("应为数字"));
        // Cells the registers fill, or no cell at all, cannot be typed.
        assert!(refused("rules.made", json!(1))
            .message
            .contains("不是试行格式表二中需要填写的格"));
    }
}
