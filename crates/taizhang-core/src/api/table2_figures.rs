//! Table 二's yearly figures from elsewhere (行政许可 / 处罚 / 强制 decisions,
//! 行政事业性收费): one row per year.

use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::{args, Command, Effect, Reply};
use crate::app::App;
use crate::error::{Error, Result};
use crate::register::validate::{DbResolver, Mode};
use crate::registers::table2_figures;

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
