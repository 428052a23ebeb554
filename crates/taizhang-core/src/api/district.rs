//! 区县汇总 in the app: several offices' data packages summed for a year,
//! against the district's roster of offices (kept in the data file).

use serde::Deserialize;
use serde_json::{json, Value};

use super::{args, Command, Effect, OutFile, Reply};
use crate::app::App;
use crate::consolidate::{self, Consolidation};
use crate::error::{Error, Result};
use crate::roster::{self, parse, RosterEntry};

pub const COMMANDS: &[Command] = &[
    Command {
        name: "district.consolidate",
        effect: Effect::Reads,
        run,
    },
    Command {
        name: "district.export",
        effect: Effect::Reads,
        run: export,
    },
    Command {
        name: "district.roster",
        effect: Effect::Reads,
        run: roster_list,
    },
    Command {
        name: "district.save_roster",
        effect: Effect::Writes,
        run: save_roster,
    },
    Command {
        name: "district.import_roster",
        effect: Effect::Writes,
        run: import_roster,
    },
];

#[derive(Deserialize)]
struct Package {
    name: String,
    text: String,
}

#[derive(Deserialize)]
struct Args {
    year: i32,
    packages: Vec<Package>,
    #[serde(default)]
    format: Option<String>,
}

fn consolidate_args(app: &App, a: &Args) -> Result<Consolidation> {
    let mut packages = vec![];
    for p in &a.packages {
        let value = crate::dataset::parse(&p.text)
            .map_err(|e| Error::invalid(&p.name, format!("{}：{e}", p.name)))?;
        packages.push((p.name.clone(), value));
    }
    consolidate::consolidate_for(&packages, a.year, &roster::list(app)?)
}

fn run(app: &mut App, a: Value) -> Result<Reply> {
    let a: Args = args(a)?;
    let c = consolidate_args(app, &a)?;
    Reply::json(json!({"consolidation": consolidate::to_json(&c), "has_errors": c.has_errors()}))
}

fn export(app: &mut App, a: Value) -> Result<Reply> {
    let a: Args = args(a)?;
    let c = consolidate_args(app, &a)?;
    let (bytes, ext) = match a.format.as_deref().unwrap_or("xlsx") {
        "json" => (
            serde_json::to_vec_pretty(&consolidate::to_json(&c)).expect("serializable"),
            "json",
        ),
        "xlsx" => (consolidate::workbook(&c)?, "xlsx"),
        other => {
            return Err(Error::invalid(
                "format",
                format!("汇总结果不能导出为“{other}”，可选 xlsx 或 json"),
            ))
        }
    };
    Ok(Reply::Files {
        files: vec![OutFile {
            name: format!(
                "{}年政府信息公开年报数据汇总（{}个单位）.{ext}",
                a.year,
                c.offices.len()
            ),
            bytes,
        }],
        message: format!("已汇总 {} 个单位", c.offices.len()),
    })
}

fn roster_list(app: &mut App, _: Value) -> Result<Reply> {
    Reply::json(json!({"offices": roster::list(app)?}))
}

#[derive(Deserialize)]
struct RosterArgs {
    offices: Vec<RosterEntry>,
}

/// The whole list as the page has it (offices added, renamed, removed).
fn save_roster(app: &mut App, a: Value) -> Result<Reply> {
    let a: RosterArgs = args(a)?;
    Reply::json(json!({"offices": roster::save(app, &a.offices)?}))
}

/// A pasted list (`text`) or a workbook (`base64`, `name`).
#[derive(Deserialize)]
struct ImportArgs {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    base64: Option<String>,
}

fn import_roster(app: &mut App, a: Value) -> Result<Reply> {
    let a: ImportArgs = args(a)?;
    let incoming = match (&a.text, &a.base64) {
        (_, Some(b)) => {
            parse::from_workbook(&crate::registers::disclosures::excel::decode_base64(b)?)?
        }
        (Some(t), None) => parse::from_text(t)?,
        (None, None) => {
            return Err(Error::invalid(
                "text",
                "请粘贴单位名单，或选择有“单位名称”“单位代码”两列的表格",
            ))
        }
    };
    let done = roster::import(app, &incoming)?;
    Reply::json(json!(done))
}
