//! The `district_roster` section of the data package (an addition to
//! `taizhang.dataset/1`): the district's list of offices, `[{name, code}]`,
//! written only when the roster is not empty. Imported, it replaces the
//! file's roster: a package moves a district's data whole to a new PC.

use rusqlite::Connection;
use serde_json::{json, Value};

use super::{items, ExportOptions, MergeLog, Section};
use crate::roster;
use taizhang_base::error::{Problem, Result};
use taizhang_records::framework::validate::PackageResolver;
use taizhang_records::framework::Ctx;
use taizhang_store::roster::{self as store_roster, RosterEntry};
use taizhang_store::store::Tx;

pub const KEY: &str = "district_roster";

pub struct RosterSection;

/// The entries, or problems for a field that is not text.
fn parse(value: &Value, problems: &mut Vec<Problem>) -> Vec<RosterEntry> {
    items(KEY, value, problems)
        .into_iter()
        .map(|(i, obj)| {
            let mut text = |k: &str| match obj.get(k) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(_) => {
                    problems.push(Problem::new(format!("{KEY}[{i}].{k}"), "应为文字"));
                    String::new()
                }
            };
            RosterEntry {
                name: text("name"),
                code: text("code"),
            }
        })
        .collect()
}

impl Section for RosterSection {
    fn key(&self) -> &'static str {
        KEY
    }

    fn label(&self) -> &'static str {
        "区县汇总名单"
    }

    fn export(&self, conn: &Connection, _opts: &ExportOptions) -> Result<Value> {
        let list = store_roster::list(conn)?;
        Ok(list
            .iter()
            .map(|e| {
                if e.code.is_empty() {
                    json!({"name": e.name})
                } else {
                    json!({"name": e.name, "code": e.code})
                }
            })
            .collect())
    }

    fn check(&self, _ctx: &Ctx, _r: &PackageResolver, value: &Value, problems: &mut Vec<Problem>) {
        let entries = parse(value, problems);
        problems.extend(roster::check(&entries, KEY));
    }

    fn import(&self, tx: &Tx, _ctx: &Ctx, _r: &PackageResolver, value: &Value, _log: &mut MergeLog) -> Result<usize> {
        let entries = parse(value, &mut vec![]);
        if entries.is_empty() {
            // An empty or absent roster says nothing: the file keeps its own.
            return Ok(0);
        }
        Ok(store_roster::save(tx, &entries)? as usize)
    }
}
