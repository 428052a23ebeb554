//! The `annual_figures` section of the data package: table 二's figures from
//! elsewhere (see `registers::table2_figures`), one row per year; and
//! `table2_trial_cells`, the trial format's cells the clerk typed
//! (`registers::table2_trial_cells`), `{year, cell, value}` each.

use rusqlite::Connection;
use serde_json::{json, Value};

use super::{ExportOptions, MergeLog, Section};
use taizhang_base::error::{Problem, Result};
use taizhang_records::framework::validate::{Mode, PackageResolver};
use taizhang_records::framework::Ctx;
use taizhang_records::registers::table2_figures::{list, parse, save, AnnualFigures};
use taizhang_records::registers::table2_trial_cells;
use taizhang_store::store::Tx;

/// The `annual_figures` section of the data package.
pub struct AnnualFiguresSection;

impl AnnualFiguresSection {
    fn parsed(
        value: &Value,
        resolver: &PackageResolver,
        problems: &mut Vec<Problem>,
    ) -> Vec<AnnualFigures> {
        let mut seen = std::collections::HashSet::new();
        let mut out = vec![];
        for (i, obj) in super::items("annual_figures", value, problems) {
            let prefix = format!("annual_figures[{i}].");
            let year = obj.get("year").and_then(Value::as_i64);
            let repeated = year.is_some_and(|y| !seen.insert(y));
            match parse(obj, Mode::Package, resolver, &prefix) {
                Ok(f) if !repeated => out.push(f),
                Ok(_) => {}
                Err(ps) => problems.extend(ps),
            }
            if repeated {
                problems.push(Problem::new(
                    format!("{prefix}year"),
                    format!("{}年重复出现", year.unwrap_or_default()),
                ));
            }
        }
        out
    }
}

impl Section for AnnualFiguresSection {
    fn key(&self) -> &'static str {
        "annual_figures"
    }

    fn export(&self, conn: &Connection, opts: &ExportOptions) -> Result<Value> {
        Ok(json!(list(conn, opts.year)?))
    }

    fn check(
        &self,
        _ctx: &Ctx,
        resolver: &PackageResolver,
        value: &Value,
        problems: &mut Vec<Problem>,
    ) {
        AnnualFiguresSection::parsed(value, resolver, problems);
    }

    fn import(
        &self,
        tx: &Tx,
        _ctx: &Ctx,
        resolver: &PackageResolver,
        value: &Value,
        _log: &mut MergeLog,
    ) -> Result<usize> {
        let mut changed = 0;
        for figures in AnnualFiguresSection::parsed(value, resolver, &mut vec![]) {
            changed += save(tx, &figures, "导入")? as usize;
        }
        Ok(changed)
    }
}

/// The `table2_trial_cells` section: an addition to `taizhang.dataset/1`
/// (a program older than it ignores the key).
pub struct TrialCellsSection;

type YearCells = std::collections::BTreeMap<i32, Vec<(String, Option<f64>)>>;

impl TrialCellsSection {
    fn parsed(value: &Value, problems: &mut Vec<Problem>) -> YearCells {
        let mut seen = std::collections::HashSet::new();
        let mut out = YearCells::new();
        for (i, obj) in super::items("table2_trial_cells", value, problems) {
            let prefix = format!("table2_trial_cells[{i}].");
            let year = obj
                .get("year")
                .and_then(Value::as_i64)
                .filter(|y| (1990..=2100).contains(y));
            let Some(year) = year else {
                problems.push(Problem::new(
                    format!("{prefix}year"),
                    "请填写年份（1990 至 2100 的整数）",
                ));
                continue;
            };
            if !taizhang_base::official::uses_trial_format(year as i32) {
                problems.push(Problem::new(
                    format!("{prefix}year"),
                    format!("{year}年度的表二用2021年格式，没有需要另外填写的格（试行格式只用于2019、2020年度）"),
                ));
                continue;
            }
            let cell = obj.get("cell").and_then(Value::as_str).unwrap_or("").to_string();
            if !seen.insert((year, cell.clone())) {
                problems.push(Problem::new(
                    format!("{prefix}cell"),
                    format!("{year}年的“{cell}”重复出现"),
                ));
                continue;
            }
            let one = serde_json::Map::from_iter([(
                cell,
                obj.get("value").cloned().unwrap_or(Value::Null),
            )]);
            match table2_trial_cells::parse(&one, &prefix) {
                Ok(changes) => out.entry(year as i32).or_default().extend(changes),
                Err(ps) => problems.extend(ps),
            }
        }
        out
    }
}

impl Section for TrialCellsSection {
    fn key(&self) -> &'static str {
        "table2_trial_cells"
    }

    fn export(&self, conn: &Connection, opts: &ExportOptions) -> Result<Value> {
        let rows = table2_trial_cells::list(conn, opts.year)?;
        Ok(json!(rows
            .into_iter()
            .map(|(year, cell, value)| json!({"year": year, "cell": cell, "value": value}))
            .collect::<Vec<_>>()))
    }

    fn check(&self, _ctx: &Ctx, _r: &PackageResolver, value: &Value, problems: &mut Vec<Problem>) {
        TrialCellsSection::parsed(value, problems);
    }

    fn import(&self, tx: &Tx, _ctx: &Ctx, _r: &PackageResolver, value: &Value, _log: &mut MergeLog) -> Result<usize> {
        let mut changed = 0;
        for (year, changes) in TrialCellsSection::parsed(value, &mut vec![]) {
            changed += table2_trial_cells::save(tx, year, &changes)? as usize;
        }
        Ok(changed)
    }
}
