//! The `annual_figures` section of the data package: table 二's figures from
//! elsewhere (see `registers::table2_figures`), one row per year.

use rusqlite::Connection;
use serde_json::{json, Value};

use super::{ExportOptions, Section};
use taizhang_base::error::{Problem, Result};
use taizhang_records::framework::validate::{Mode, PackageResolver};
use taizhang_records::framework::Ctx;
use taizhang_records::registers::table2_figures::{list, parse, save, AnnualFigures};
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
    ) -> Result<usize> {
        let mut changed = 0;
        for figures in AnnualFiguresSection::parsed(value, resolver, &mut vec![]) {
            changed += save(tx, &figures, "导入")? as usize;
        }
        Ok(changed)
    }
}
