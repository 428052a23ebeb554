//! `deleted`: what was deleted on the PC a package comes from, each with the
//! version its deletion made (a tombstone), so that a deletion travels like a
//! change: records (`{"register": "messages", "id": "m-1", "version": {…}}`)
//! and cleared counts of the 窗口业务 grid (`{"register": "service_tallies",
//! "item": …, "window": …, "period": …, "version": {…}}`). A program older
//! than this section ignores it (it never deletes on import).

use serde_json::{json, Map, Value};

use super::sections::{check_unique_items, checked_items};
use super::tally_sections::names;
use super::{ExportOptions, MergeLog, Section};
use taizhang_base::error::{Problem, Result};
use taizhang_records::framework::validate::PackageResolver;
use taizhang_records::framework::{self, merge, Ctx, RegisterSpec};
use taizhang_records::tallies::cells::{self, cell_key, parse_cell_key, Cell, AUDIT_KEY as TALLIES};
use taizhang_records::tallies::period::Period;
use taizhang_store::store::Tx;
use taizhang_store::sync::{self, Tombstone, Version};

pub const KEY: &str = "deleted";

pub struct DeletedSection;

/// What a deletion of the package is of.
enum Target {
    Record(&'static RegisterSpec),
    /// A count of the grid, by its names.
    Count { item: String, window: String, period: Period },
}

fn text<'v>(obj: &'v Map<String, Value>, key: &str) -> Option<&'v str> {
    obj.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

/// A checked tombstone of the package, with what it deletes.
fn parse(obj: &Map<String, Value>, prefix: &str, problems: &mut Vec<Problem>) -> Option<(Target, Tombstone)> {
    let register = text(obj, "register").unwrap_or("");
    let target = if register == TALLIES {
        let (item, window) = (text(obj, "item"), text(obj, "window"));
        let period = text(obj, "period").and_then(|p| Period::parse(p).ok());
        for (key, missing) in [("item", item.is_none()), ("window", window.is_none()), ("period", period.is_none())] {
            if missing {
                problems.push(Problem::new(format!("{prefix}{key}"), "被清除的数字应有服务事项、窗口和期间（YYYY、YYYY-MM 或 YYYY-MM-DD）"));
            }
        }
        Some(Target::Count { item: item?.to_string(), window: window?.to_string(), period: period? })
    } else {
        let spec = framework::find(register);
        if spec.is_none() {
            problems.push(Problem::new(format!("{prefix}register"), format!("“{register}”不是台账的登记簿")));
        }
        if text(obj, "id").is_none() {
            problems.push(Problem::new(format!("{prefix}id"), "应为被删除记录的编号"));
        }
        spec.map(Target::Record)
    };
    let version = obj.get("version").and_then(Version::from_json);
    if version.is_none() {
        problems.push(Problem::new(
            format!("{prefix}version"),
            "删除记录缺少版本信息，或格式不对。请在原来的电脑上重新导出数据包。",
        ));
    }
    let record_id = match &target {
        Some(Target::Count { item, window, period }) => cell_key(item, window, *period),
        _ => text(obj, "id")?.to_string(),
    };
    Some((
        target?,
        Tombstone { register: register.to_string(), record_id, version: version? },
    ))
}

/// A tombstone as the package carries it.
fn exported(t: sync::Tombstone) -> Value {
    let version = t.version.to_json();
    match (t.register == TALLIES).then(|| parse_cell_key(&t.record_id)).flatten() {
        Some((item, window, period)) => json!({"register": t.register, "item": item,
            "window": window, "period": period, "version": version}),
        None => json!({"register": t.register, "id": t.record_id, "version": version}),
    }
}

impl Section for DeletedSection {
    fn key(&self) -> &'static str {
        KEY
    }

    fn label(&self) -> &'static str {
        "已删除的记录"
    }

    fn export(&self, conn: &rusqlite::Connection, _opts: &ExportOptions) -> Result<Value> {
        Ok(sync::all_tombstones(conn)?.into_iter().map(exported).collect())
    }

    fn check(&self, _ctx: &Ctx, _r: &PackageResolver, value: &Value, problems: &mut Vec<Problem>) {
        check_unique_items(
            KEY,
            value,
            problems,
            |i, obj, problems| {
                parse(obj, &format!("{KEY}[{i}]."), problems).map(|(_, t)| (t.register, t.record_id))
            },
            "同一条被删除的记录在数据包中出现了两次",
        );
    }

    fn import(
        &self,
        tx: &Tx,
        ctx: &Ctx,
        _r: &PackageResolver,
        value: &Value,
        log: &mut MergeLog,
    ) -> Result<usize> {
        let mut deletions: Vec<(usize, Target, Tombstone)> = checked_items(KEY, value)
            .into_iter()
            .filter_map(|(i, obj)| parse(obj, "", &mut vec![]).map(|(s, t)| (i, s, t)))
            .collect();
        // A record that refers to another (an appeal to its application) goes first.
        let rank = |target: &Target| match target {
            Target::Record(spec) => framework::all().iter().position(|s| s.key == spec.key).unwrap_or(0),
            Target::Count { .. } => usize::MAX,
        };
        deletions.sort_by_key(|(i, target, _)| (std::cmp::Reverse(rank(target)), *i));
        let (items, units) = names(tx)?;
        let mut changed = 0;
        for (i, target, t) in deletions {
            let (outcome, label, id) = match &target {
                Target::Record(spec) => (merge::deletion(tx, ctx, spec, &t), spec.label, t.record_id.clone()),
                Target::Count { item, window, period } => {
                    let cell = items.get(item).zip(units.get(window)).map(|(item, window)| Cell {
                        item,
                        window,
                        period: *period,
                    });
                    (cells::merge_clearing(tx, cell, &t), "窗口业务量", format!("{item} · {window} · {period}"))
                }
            };
            let outcome = outcome.map_err(|e| super::at_path(e, &format!("{KEY}[{i}]")))?;
            changed += log.note(&t.register, label, &id, None, outcome) as usize;
        }
        Ok(changed)
    }
}
