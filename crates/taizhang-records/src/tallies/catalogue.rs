//! The service catalogue (设置 → 服务事项): what the windows count, with the
//! measure word each figure is written with (1200本, 320人 …). Items are
//! archived, never deleted; tallies refer to them by id, so a rename keeps the
//! history.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

use taizhang_base::error::{Error, Problem, Result};
use taizhang_store::store::{AuditAction, Tx};

/// The measure words offered; any other short word may be typed.
pub const MEASURE_WORDS: &[&str] = &["本", "人", "件", "次", "户"];

const AUDIT_KEY: &str = "service_items";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceItem {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub group: String,
    pub archived: bool,
}

/// What a clerk (or a package) gives for an item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ItemInput {
    pub name: String,
    pub unit: String,
    pub group: String,
}

impl ItemInput {
    fn trimmed(&self) -> ItemInput {
        ItemInput {
            name: self.name.trim().to_string(),
            unit: self.unit.trim().to_string(),
            group: self.group.trim().to_string(),
        }
    }
}

fn read_item(r: &rusqlite::Row) -> rusqlite::Result<ServiceItem> {
    Ok(ServiceItem {
        id: r.get(0)?,
        name: r.get(1)?,
        unit: r.get(2)?,
        group: r.get(3)?,
        archived: r.get(4)?,
    })
}

const SELECT: &str = "SELECT id, name, unit, group_name, archived FROM service_items";

/// The catalogue in display order (archived items last when included).
pub fn list_items(conn: &Connection, include_archived: bool) -> Result<Vec<ServiceItem>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE archived = 0 OR ?1 ORDER BY position, id"
    ))?;
    let rows = stmt.query_map([include_archived], read_item)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn item_by_id(conn: &Connection, id: i64) -> Result<ServiceItem> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], read_item)
        .optional()?
        .ok_or_else(|| Error::not_found("服务事项", id.to_string()))
}

pub fn item_by_name(conn: &Connection, name: &str) -> Result<Option<ServiceItem>> {
    Ok(conn
        .query_row(&format!("{SELECT} WHERE name = ?1"), [name], read_item)
        .optional()?)
}

/// Check an item's fields; problems are located at `prefix` + field.
pub fn check_item(input: &ItemInput, prefix: &str) -> Vec<Problem> {
    let i = input.trimmed();
    let mut problems = vec![];
    let mut text = |field: &str, label: &str, value: &str, required: bool, max: usize| {
        let path = format!("{prefix}{field}");
        if required && value.is_empty() {
            problems.push(Problem::new(path, format!("请填写{label}")));
        } else if value.chars().count() > max {
            problems.push(Problem::new(path, format!("{label}不能超过{max}个字")));
        } else if value.contains(['\n', '\t']) {
            problems.push(Problem::new(path, format!("{label}不能含换行或制表符")));
        }
    };
    text("name", "事项名称", &i.name, true, 50);
    text("unit", "计量单位（如 本、人、件）", &i.unit, true, 4);
    text("group", "分组", &i.group, false, 20);
    problems
}

fn ensure_name_free(conn: &Connection, name: &str, except: Option<i64>) -> Result<()> {
    match item_by_name(conn, name)? {
        Some(item) if Some(item.id) != except => Err(Error::invalid(
            "name",
            format!("已有名为“{name}”的服务事项"),
        )),
        _ => Ok(()),
    }
}

fn audit_change(
    tx: &Tx,
    before: Option<&ServiceItem>,
    after: &ServiceItem,
    note: &str,
) -> Result<()> {
    tx.audit(
        AuditAction::for_change(before.is_some()),
        AUDIT_KEY,
        &after.id.to_string(),
        before.map(|b| json!(b)).as_ref(),
        Some(&json!(after)),
        note,
    )
}

pub fn add_item(tx: &Tx, input: &ItemInput) -> Result<ServiceItem> {
    add_item_noted(tx, input, "")
}

fn add_item_noted(tx: &Tx, input: &ItemInput, note: &str) -> Result<ServiceItem> {
    Error::from_problems(check_item(input, ""))?;
    let i = input.trimmed();
    ensure_name_free(tx, &i.name, None)?;
    let position: i64 = tx.query_row(
        "SELECT coalesce(max(position), 0) + 1 FROM service_items",
        [],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO service_items (name, unit, group_name, position) VALUES (?1, ?2, ?3, ?4)",
        params![i.name, i.unit, i.group, position],
    )?;
    let item = item_by_id(tx, tx.last_insert_rowid())?;
    audit_change(tx, None, &item, note)?;
    Ok(item)
}

/// Rename an item or change its measure word or group. Its tallies stay with it.
pub fn update_item(tx: &Tx, id: i64, input: &ItemInput) -> Result<ServiceItem> {
    update_item_noted(tx, id, input, "")
}

fn update_item_noted(tx: &Tx, id: i64, input: &ItemInput, note: &str) -> Result<ServiceItem> {
    Error::from_problems(check_item(input, ""))?;
    let before = item_by_id(tx, id)?;
    let i = input.trimmed();
    ensure_name_free(tx, &i.name, Some(id))?;
    tx.execute(
        "UPDATE service_items SET name = ?1, unit = ?2, group_name = ?3 WHERE id = ?4",
        params![i.name, i.unit, i.group, id],
    )?;
    let after = item_by_id(tx, id)?;
    if after != before {
        audit_change(tx, Some(&before), &after, note)?;
    }
    Ok(after)
}

/// Archive (no longer offered in the grid, history kept) or restore an item.
pub fn set_item_archived(tx: &Tx, id: i64, archived: bool) -> Result<ServiceItem> {
    let before = item_by_id(tx, id)?;
    tx.execute(
        "UPDATE service_items SET archived = ?1 WHERE id = ?2",
        params![archived, id],
    )?;
    let after = item_by_id(tx, id)?;
    if after != before {
        audit_change(
            tx,
            Some(&before),
            &after,
            if archived { "归档" } else { "恢复" },
        )?;
    }
    Ok(after)
}

/// Move an item one place up or down in the catalogue.
pub fn move_item(tx: &Tx, id: i64, up: bool) -> Result<()> {
    let mut order: Vec<i64> = list_items(tx, true)?.iter().map(|i| i.id).collect();
    let Some(i) = order.iter().position(|x| *x == id) else {
        return Err(Error::not_found("服务事项", id.to_string()));
    };
    let j = if up { i.checked_sub(1) } else { Some(i + 1) };
    let Some(j) = j.filter(|j| *j < order.len()) else {
        return Ok(());
    };
    order.swap(i, j);
    let mut stmt = tx.prepare("UPDATE service_items SET position = ?1 WHERE id = ?2")?;
    for (pos, item) in order.iter().enumerate() {
        stmt.execute(params![pos as i64 + 1, item])?;
    }
    tx.audit(
        AuditAction::Other("reorder"),
        AUDIT_KEY,
        &id.to_string(),
        None,
        Some(&json!(order)),
        if up { "上移" } else { "下移" },
    )
}

/// An item from a data package: added when new, else its measure word, group
/// and archived flag follow the package. Returns whether anything changed.
pub fn upsert_item(tx: &Tx, input: &ItemInput, archived: bool) -> Result<bool> {
    let i = input.trimmed();
    let (item, mut changed) = match item_by_name(tx, &i.name)? {
        Some(existing) if existing.unit == i.unit && existing.group == i.group => (existing, false),
        Some(existing) => (update_item_noted(tx, existing.id, &i, "导入")?, true),
        None => (add_item_noted(tx, &i, "导入")?, true),
    };
    if item.archived != archived {
        set_item_archived(tx, item.id, archived)?;
        changed = true;
    }
    Ok(changed)
}
