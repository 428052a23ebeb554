//! Data packages in and out of the app.

use serde::Deserialize;
use serde_json::{json, Value};

use super::{args, Command, Effect, OutFile, Reply};
use crate::app::App;
use crate::dataset::{self, ExportOptions};
use crate::error::Result;

pub const COMMANDS: &[Command] = &[
    Command {
        name: "data.export",
        effect: Effect::Reads,
        run: export,
    },
    Command {
        name: "data.check",
        effect: Effect::Reads,
        run: check,
    },
    Command {
        name: "data.import",
        effect: Effect::Writes,
        run: import,
    },
];

/// `{office}{year}年台账数据.json`, or without the year for the whole file.
pub fn package_file_name(office: &str, year: Option<i32>) -> String {
    let office = if office.is_empty() { "台账" } else { office };
    match year {
        Some(y) => format!("{office}{y}年台账数据.json"),
        None => format!(
            "{office}台账数据{}.json",
            crate::dates::today().format("%Y%m%d")
        ),
    }
}

fn export(app: &mut App, a: Value) -> Result<Reply> {
    let opts: ExportOptions = args(a)?;
    let package = dataset::export(app, &opts)?;
    let office = crate::office::get_office(app.store.conn())?.name;
    let bytes = serde_json::to_vec_pretty(&package).expect("serializable");
    let message = if opts.personal {
        "已导出数据包（含申请人个人信息，请妥善保管）"
    } else {
        "已导出数据包"
    };
    Ok(Reply::Files {
        files: vec![OutFile {
            name: package_file_name(&office, opts.year),
            bytes,
        }],
        message: message.to_string(),
    })
}

#[derive(Deserialize)]
struct ImportArgs {
    /// The package's text.
    text: String,
}

/// Check a package without importing it: what would change, and every problem.
fn check(app: &mut App, a: Value) -> Result<Reply> {
    let a: ImportArgs = args(a)?;
    let package = dataset::parse(&a.text)?;
    let problems = dataset::check(app, &package)?;
    // Each section present, in import order, by the name the clerk knows.
    let sections: Vec<Value> = dataset::sections()
        .iter()
        .filter_map(|s| {
            package
                .get(s.key())
                .and_then(Value::as_array)
                .map(|l| json!({"key": s.key(), "label": s.label(), "count": l.len()}))
        })
        .collect();
    let creates = if problems.is_empty() {
        dataset::creates(app, &package)?
    } else {
        vec![]
    };
    Reply::json(json!({
        "problems": problems,
        "sections": sections,
        // What import makes beyond the package's records (a tally's window as a unit).
        "creates": creates,
    }))
}

fn import(app: &mut App, a: Value) -> Result<Reply> {
    let a: ImportArgs = args(a)?;
    let package = dataset::parse(&a.text)?;
    Reply::json(dataset::import(app, &package)?)
}
