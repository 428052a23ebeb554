//! `deleted`: the records deleted on the PC a package comes from, each with
//! the version its deletion made (a tombstone), so that a deletion travels
//! like a change: `[{"register": "messages", "id": "m-1", "version": {…}}]`.
//! A program older than this section ignores it (it never deletes on import).

use serde_json::{json, Value};

use super::sections::{check_unique_items, checked_items};
use super::{ExportOptions, MergeLog, Section};
use taizhang_base::error::{Problem, Result};
use taizhang_records::framework::validate::PackageResolver;
use taizhang_records::framework::{self, merge, Ctx, RegisterSpec};
use taizhang_store::store::Tx;
use taizhang_store::sync::{self, Tombstone, Version};

pub const KEY: &str = "deleted";

pub struct DeletedSection;

/// A checked tombstone of the package, with its register.
fn parse(
    obj: &serde_json::Map<String, Value>,
    prefix: &str,
    problems: &mut Vec<Problem>,
) -> Option<(&'static RegisterSpec, Tombstone)> {
    let register = obj.get("register").and_then(Value::as_str);
    let spec = register.and_then(framework::find);
    if spec.is_none() {
        problems.push(Problem::new(
            format!("{prefix}register"),
            format!("“{}”不是台账的登记簿", register.unwrap_or("")),
        ));
    }
    let id = obj
        .get("id")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if id.is_none() {
        problems.push(Problem::new(format!("{prefix}id"), "应为被删除记录的编号"));
    }
    let version = obj.get("version").and_then(Version::from_json);
    if version.is_none() {
        problems.push(Problem::new(
            format!("{prefix}version"),
            "删除记录缺少版本信息，或格式不对。请在原来的电脑上重新导出数据包。",
        ));
    }
    Some((
        spec?,
        Tombstone {
            register: register?.to_string(),
            record_id: id?.to_string(),
            version: version?,
        },
    ))
}

impl Section for DeletedSection {
    fn key(&self) -> &'static str {
        KEY
    }

    fn label(&self) -> &'static str {
        "已删除的记录"
    }

    fn export(&self, conn: &rusqlite::Connection, _opts: &ExportOptions) -> Result<Value> {
        Ok(sync::all_tombstones(conn)?
            .into_iter()
            .map(|t| json!({"register": t.register, "id": t.record_id, "version": t.version.to_json()}))
            .collect())
    }

    fn check(&self, _ctx: &Ctx, _r: &PackageResolver, value: &Value, problems: &mut Vec<Problem>) {
        check_unique_items(
            KEY,
            value,
            problems,
            |i, obj, problems| {
                parse(obj, &format!("{KEY}[{i}]."), problems)
                    .map(|(_, t)| (t.register, t.record_id))
            },
            "同一条被删除的记录在数据包中出现了两次",
        );
    }

    fn import(&self, tx: &Tx, ctx: &Ctx, r: &PackageResolver, value: &Value) -> Result<usize> {
        self.merge(tx, ctx, r, value, &mut MergeLog::default())
    }

    fn merge(
        &self,
        tx: &Tx,
        ctx: &Ctx,
        _r: &PackageResolver,
        value: &Value,
        log: &mut MergeLog,
    ) -> Result<usize> {
        let mut deletions: Vec<(usize, &'static RegisterSpec, Tombstone)> =
            checked_items(KEY, value)
                .into_iter()
                .filter_map(|(i, obj)| parse(obj, "", &mut vec![]).map(|(s, t)| (i, s, t)))
                .collect();
        // A record that refers to another (an appeal to its application) goes first.
        let rank = |spec: &RegisterSpec| {
            framework::all()
                .iter()
                .position(|s| s.key == spec.key)
                .unwrap_or(0)
        };
        deletions.sort_by_key(|(i, spec, _)| (std::cmp::Reverse(rank(spec)), *i));
        let mut changed = 0;
        for (i, spec, t) in deletions {
            let outcome = merge::deletion(tx, ctx, spec, &t)
                .map_err(|e| super::at_path(e, &format!("{KEY}[{i}]")))?;
            changed += log.note(spec.key, spec.label, &t.record_id, outcome) as usize;
        }
        Ok(changed)
    }
}
