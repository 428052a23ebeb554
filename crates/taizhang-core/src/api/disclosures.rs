//! 主动公开 beyond the generic register commands: the office's own time limit,
//! the 首页 counts, and importing a clerk's Excel 台账.

use serde::Deserialize;
use serde_json::{json, Value};

use super::{args, Command, Effect, Reply};
use crate::app::App;
use crate::error::Result;
use crate::registers::disclosures::{self, excel, timeliness};

pub const COMMANDS: &[Command] = &[
    Command {
        name: "disclosures.limits",
        effect: Effect::Reads,
        run: limits,
    },
    Command {
        name: "disclosures.save_limits",
        effect: Effect::Writes,
        run: save_limits,
    },
    Command {
        name: "disclosures.summary",
        effect: Effect::Reads,
        run: summary,
    },
    Command {
        name: "disclosures.preview_excel",
        effect: Effect::Reads,
        run: preview_excel,
    },
    Command {
        name: "disclosures.import_excel",
        effect: Effect::Writes,
        run: import_excel,
    },
];

fn limits(app: &mut App, _: Value) -> Result<Reply> {
    Reply::json(disclosures::limits(app.store.conn()))
}

#[derive(Deserialize)]
struct LimitArgs {
    local_limit_days: i64,
}

/// Change the office's own limit; every stored local due date is recomputed.
fn save_limits(app: &mut App, a: Value) -> Result<Reply> {
    let a: LimitArgs = args(a)?;
    let recomputed =
        app.write(|tx, ctx| timeliness::save_local_days(tx, ctx, a.local_limit_days))?;
    let mut out = disclosures::limits(app.store.conn());
    out["recomputed"] = json!(recomputed);
    Reply::json(out)
}

fn summary(app: &mut App, _: Value) -> Result<Reply> {
    Reply::json(disclosures::summary(&app.ctx())?)
}

#[derive(Deserialize)]
struct ExcelArgs {
    /// The workbook, base64-encoded.
    base64: String,
    #[serde(default)]
    name: String,
    /// Add the units, categories and channels the sheet names first.
    #[serde(default)]
    add_missing: bool,
    /// Check and write, then roll back (the command-line `--dry-run`).
    #[serde(default)]
    dry_run: bool,
}

fn preview_excel(app: &mut App, a: Value) -> Result<Reply> {
    let a: ExcelArgs = args(a)?;
    let bytes = excel::decode_base64(&a.base64)?;
    Reply::json(excel::preview(app, &bytes)?)
}

fn import_excel(app: &mut App, a: Value) -> Result<Reply> {
    let a: ExcelArgs = args(a)?;
    let bytes = excel::decode_base64(&a.base64)?;
    let options = excel::Options {
        add_missing: a.add_missing,
        dry_run: a.dry_run,
    };
    Reply::json(excel::import_with(app, &bytes, &a.name, options)?.0)
}
