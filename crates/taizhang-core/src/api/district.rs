//! 区县汇总 in the app: several offices' data packages summed for a year.

use serde::Deserialize;
use serde_json::{json, Value};

use super::{args, Command, Effect, OutFile, Reply};
use crate::app::App;
use crate::consolidate::{self, Consolidation};
use crate::error::{Error, Result};

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

fn consolidate_args(a: &Args) -> Result<Consolidation> {
    let mut packages = vec![];
    for p in &a.packages {
        let value = crate::dataset::parse(&p.text)
            .map_err(|e| Error::invalid(&p.name, format!("{}：{e}", p.name)))?;
        packages.push((p.name.clone(), value));
    }
    consolidate::consolidate(&packages, a.year)
}

fn run(_app: &mut App, a: Value) -> Result<Reply> {
    let a: Args = args(a)?;
    let c = consolidate_args(&a)?;
    Reply::json(json!({"consolidation": consolidate::to_json(&c), "has_errors": c.has_errors()}))
}

fn export(_app: &mut App, a: Value) -> Result<Reply> {
    let a: Args = args(a)?;
    let c = consolidate_args(&a)?;
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
