//! Table 二's yearly figures from elsewhere (行政许可 / 处罚 / 强制 decisions,
//! 行政事业性收费): one row per year.

use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::{args, Command, Effect, Reply};
use crate::app::App;
use crate::error::{Error, Result};
use crate::register::validate::{DbResolver, Mode};
use crate::registers::{table2_figures, table2_trial_cells};

pub const COMMANDS: &[Command] = &[
    Command {
        name: "annual_figures.list",
        effect: Effect::Reads,
        run: list,
    },
    Command {
        name: "annual_figures.save",
        effect: Effect::Writes,
        run: save,
    },
    Command {
        name: "annual_figures.delete",
        effect: Effect::Writes,
        run: delete,
    },
    Command {
        name: "annual_figures.trial_cells",
        effect: Effect::Reads,
        run: trial_cells,
    },
    Command {
        name: "annual_figures.trial_cells_save",
        effect: Effect::Writes,
        run: trial_cells_save,
    },
];

/// Every year's figures, and the fields for the editor.
fn list(app: &mut App, _: Value) -> Result<Reply> {
    let fields: Vec<Value> = table2_figures::FIELDS
        .iter()
        .map(|f| json!({"name": f.name, "label": f.label}))
        .collect();
    Reply::json(json!({
        "rows": table2_figures::list(app.store.conn(), None)?,
        "fields": fields,
    }))
}

fn save(app: &mut App, a: Value) -> Result<Reply> {
    let input: Map<String, Value> = args(a)?;
    let figures = table2_figures::parse(&input, Mode::Form, &DbResolver(app.store.conn()), "")
        .map_err(|ps| Error::from_problems(ps).unwrap_err())?;
    app.store
        .write(|tx| table2_figures::save(tx, &figures, ""))?;
    Reply::json(figures)
}

#[derive(Deserialize)]
struct YearArgs {
    year: i32,
}

fn delete(app: &mut App, a: Value) -> Result<Reply> {
    let a: YearArgs = args(a)?;
    app.store.write(|tx| table2_figures::delete(tx, a.year))?;
    Reply::json(json!({"deleted": a.year}))
}

/// The trial format's (2019, 2020) table 二 cells the clerk types, with
/// their labels and this year's values (null: blank).
fn trial_cells(app: &mut App, a: Value) -> Result<Reply> {
    let a: YearArgs = args(a)?;
    let typed = table2_trial_cells::get(app.store.conn(), a.year)?;
    let cells: Vec<Value> = crate::official::TABLE2_TRIAL_MANUAL
        .iter()
        .map(|key| {
            let (row, column) = crate::official::trial_cell_labels(key).unwrap_or((key, ""));
            json!({"key": key, "row": row, "column": column, "value": typed.get(*key)})
        })
        .collect();
    Reply::json(json!({
        "year": a.year,
        "trial": crate::official::uses_trial_format(a.year),
        "cells": cells,
    }))
}

#[derive(Deserialize)]
struct CellsArgs {
    year: i32,
    /// `{cell: value}`; a blank or null value leaves the cell blank.
    cells: Map<String, Value>,
}

fn trial_cells_save(app: &mut App, a: Value) -> Result<Reply> {
    let a: CellsArgs = args(a)?;
    if !crate::official::uses_trial_format(a.year) {
        return Err(Error::invalid(
            "year",
            format!("{}年度的年报用2021年格式，表二没有需要另外填写的格；试行格式只用于2019、2020年度。", a.year),
        ));
    }
    let changed = app
        .store
        .write(|tx| table2_trial_cells::parse_and_save(tx, a.year, &a.cells))?;
    let mut reply = trial_cells(app, json!({"year": a.year}))?;
    if let Reply::Json(v) = &mut reply {
        v["changed"] = json!(changed);
    }
    Ok(reply)
}
