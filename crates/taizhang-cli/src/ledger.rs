//! `taizhang-cli import FILE.xlsx|.xls|.ods`: a clerk's own 台账 — 主动公开 or
//! 窗口业务 — through the same commands as the page's 从 Excel 导入, all or
//! nothing. The register is found from the headers unless named; every
//! problem goes to stderr (by `main`), what was skipped and done to stdout.

use std::path::Path;

use base64::Engine;
use clap::ValueEnum;
use serde_json::{json, Value};

use taizhang_core::error::Error;
use taizhang_core::App;

/// The spreadsheet files taken as ledgers (the rest are data packages).
pub const EXTENSIONS: &[&str] = &["xlsx", "xls", "xlsm", "ods"];

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Register {
    /// 主动公开台账
    Disclosures,
    /// 窗口业务量统计表
    Tallies,
}

/// What the command line says about a ledger import (options of `import`
/// that a data package does not take).
#[derive(clap::Args, Debug, Default, PartialEq)]
pub struct Options {
    /// 台账是哪一种：disclosures（主动公开）、tallies（窗口业务量）；默认按表头判断
    #[arg(long, value_enum)]
    pub register: Option<Register>,
    /// 只检查、不写入：照常检查并报告将导入多少
    #[arg(long)]
    pub dry_run: bool,
    /// 把表格用到而设置中没有的科室、类别、公开渠道一并加入设置（与页面上的按钮相同）
    #[arg(long)]
    pub add_missing: bool,
    /// 窗口业务量：窗口名称
    #[arg(long, value_name = "NAME")]
    pub window: Option<String>,
    /// 窗口业务量：年份
    #[arg(long, value_name = "Y")]
    pub year: Option<i32>,
    /// 窗口业务量：按日的表所在的月份
    #[arg(long, value_name = "M")]
    pub month: Option<u32>,
}

/// Whether `file` is a spreadsheet, by its extension.
pub fn is_ledger(file: &Path) -> bool {
    file.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

type Call<'a> = &'a mut dyn FnMut(&mut App, &str, Value) -> Result<Value, Error>;

pub fn import(app: &mut App, file: &Path, o: &Options, call: Call) -> Result<(), Error> {
    let bytes = std::fs::read(file).map_err(|e| Error::reading(file, e))?;
    let base64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let register = match o.register {
        Some(r) => r,
        None => found_register(app, &base64, call)?,
    };
    match register {
        Register::Disclosures => disclosures(app, &base64, &name, o, call),
        Register::Tallies => tallies(app, &base64, o, call),
    }
}

/// 主动公开 when a sheet has its header row (标题, 类别 …); else 窗口业务.
fn found_register(app: &mut App, base64: &str, call: Call) -> Result<Register, Error> {
    let preview = call(
        app,
        "disclosures.preview_excel",
        json!({ "base64": base64 }),
    )?;
    let sheets = preview["sheets"].as_array().cloned().unwrap_or_default();
    Ok(match sheets.iter().any(|s| !s["header_row"].is_null()) {
        true => Register::Disclosures,
        false => Register::Tallies,
    })
}

fn disclosures(
    app: &mut App,
    base64: &str,
    name: &str,
    o: &Options,
    call: Call,
) -> Result<(), Error> {
    let args =
        json!({"base64": base64, "name": name, "add_missing": o.add_missing, "dry_run": o.dry_run});
    let done = call(app, "disclosures.import_excel", args)?;
    for s in done["skipped_rows"].as_array().into_iter().flatten() {
        println!(
            "跳过 {}!第{}行（{}）：{}",
            s["sheet"].as_str().unwrap_or(""),
            s["row"],
            s["reason"].as_str().unwrap_or(""),
            s["text"].as_str().unwrap_or("")
        );
    }
    for a in done["added"].as_array().into_iter().flatten() {
        println!(
            "{}设置：{}",
            if o.dry_run { "将加入" } else { "已加入" },
            a.as_str().unwrap_or("")
        );
    }
    let verb = if o.dry_run {
        "试导入（未写入）：将新增"
    } else {
        "主动公开台账已导入：新增"
    };
    println!(
        "{verb} {} 条，{} 条以前导入过，补填日期 {} 条",
        done["created"], done["skipped"], done["filled"]
    );
    if done["undetermined"].as_u64().is_some_and(|n| n > 0) {
        println!(
            "其中 {} 条没有形成日期，是否按时显示为“未判断”，可以以后补填",
            done["undetermined"]
        );
    }
    Ok(())
}

fn tallies(app: &mut App, base64: &str, o: &Options, call: Call) -> Result<(), Error> {
    let need = |what: &str| {
        Error::invalid(
            what,
            "这个表格不是主动公开台账（找不到标题、类别等列），按窗口业务量统计表导入：请用 --window 指定窗口、--year 指定年份（按日的表再加 --month）",
        )
    };
    let window_name = o.window.clone().ok_or_else(|| need("window"))?;
    let year = o.year.ok_or_else(|| need("year"))?;
    let window = window_id(app, &window_name, call)?;
    let layout = if o.month.is_some() { "day" } else { "month" };
    let args =
        json!({"window": window, "layout": layout, "year": year, "month": o.month, "data": base64});
    if o.dry_run {
        let p = call(app, "tallies.preview_import", args)?;
        if let Some(problems) = p["problems"].as_array().filter(|p| !p.is_empty()) {
            for problem in problems {
                eprintln!(
                    "  {}：{}",
                    problem["path"].as_str().unwrap_or(""),
                    problem["message"].as_str().unwrap_or("")
                );
            }
            return Err(Error::invalid(
                "file",
                format!("表格有 {} 处问题，没有导入", problems.len()),
            ));
        }
        println!(
            "试导入（未写入）：{} 个单元格，合计 {}",
            p["cells"], p["total"]
        );
        return Ok(());
    }
    let done = call(app, "tallies.import_excel", args)?;
    println!("窗口业务量已导入：改动 {} 个单元格", done["changed"]);
    Ok(())
}

/// The window's id by name. A window is named on the command line, not by
/// the sheet, so `--add-missing` does not make one: a typo would become a window.
fn window_id(app: &mut App, name: &str, call: Call) -> Result<i64, Error> {
    let units = call(app, "tallies.windows", json!({}))?;
    units
        .as_array()
        .into_iter()
        .flatten()
        .find(|u| u["name"] == name)
        .and_then(|u| u["id"].as_i64())
        .ok_or_else(|| {
            Error::invalid(
                "window",
                format!(
                    "没有名为“{name}”的窗口：请先在“设置 → 科室”中添加，或检查 --window 的写法"
                ),
            )
        })
}
