//! Two editors of one record (two windows, or the app and the CLI): every
//! record carries a version, raised by one on each change of its fields
//! ([`super::crud`]'s one write path). A form keeps the version it showed and
//! sends it with its save or delete; when the record has moved on since, the
//! write is refused with what changed — field by field, old → new, and when —
//! read back from the audit log, which holds one entry per version step.

use chrono::DateTime;
use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;

use super::validate::kind_code_label;
use super::{Field, Record, RegisterSpec};
use taizhang_base::error::{Change, Error, Result};

/// The display key that carries a record's version to the user interface.
pub const VERSION_KEY: &str = "_version";

/// At most this many changed fields are named in the message; all of them
/// travel in the error's `changes`.
const NAMED_IN_MESSAGE: usize = 4;
/// A longer value is cut in the message (a long 内容摘要 would drown it).
const SHOWN_CHARS: usize = 24;

/// The version of a stored record and when it last changed.
pub fn version_of(
    conn: &Connection,
    spec: &RegisterSpec,
    id: &str,
) -> Result<Option<(i64, String)>> {
    let sql = format!(
        "SELECT version, updated_at FROM {} WHERE id = ?1",
        spec.table
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Refuse a write (`doing`: 保存 / 删除) from a form that showed version
/// `expected` of the record `now`, when the record is at another version.
/// `None`: the caller read the record in the same transaction (a command's
/// own step), so nothing can be stale.
pub fn ensure_current(
    conn: &Connection,
    spec: &RegisterSpec,
    now: &Record,
    expected: Option<i64>,
    doing: &str,
) -> Result<()> {
    let Some(expected) = expected else {
        return Ok(());
    };
    let id = now.get("id").and_then(Value::as_str).unwrap_or_default();
    let Some((version, updated_at)) = version_of(conn, spec, id)? else {
        return Err(Error::not_found(spec.noun, id));
    };
    if version == expected {
        return Ok(());
    }
    let since = entries_since(conn, spec, id, version - expected)?;
    let changes = since
        .as_ref()
        .map(|entries| field_changes(spec, &entries[0].before, now))
        .unwrap_or_default();
    let at = since
        .as_ref()
        .and_then(|entries| entries.last())
        .map(|e| e.at.as_str())
        .unwrap_or(&updated_at);
    let imported = since
        .as_ref()
        .is_some_and(|entries| entries.iter().any(|e| e.note == "导入"));
    Err(Error::Stale {
        message: message(spec, &changes, at, imported, doing),
        changes,
        version,
    })
}

struct Entry {
    at: String,
    before: Record,
    note: String,
}

/// The last `steps` changes of a record, oldest first, when the audit log
/// holds that many in a row (a file restored from an older backup, or a
/// record deleted and created again, may not): the first one's `before` is
/// what the stale form showed.
fn entries_since(
    conn: &Connection,
    spec: &RegisterSpec,
    id: &str,
    steps: i64,
) -> Result<Option<Vec<Entry>>> {
    if steps <= 0 {
        return Ok(None);
    }
    let mut stmt = conn.prepare(
        "SELECT at, action, before, note FROM audit_log
         WHERE register = ?1 AND record_id = ?2 ORDER BY id DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map(rusqlite::params![spec.key, id, steps], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut entries = vec![];
    for row in rows {
        let (at, action, before, note) = row?;
        let before = before.and_then(|t| serde_json::from_str::<Value>(&t).ok());
        match (action.as_str(), before) {
            ("update", Some(Value::Object(before))) => entries.push(Entry { at, before, note }),
            _ => return Ok(None),
        }
    }
    if entries.len() as i64 != steps {
        return Ok(None);
    }
    entries.reverse();
    Ok(Some(entries))
}

/// The fields whose value differs between what the form showed and now, in
/// the form's order.
fn field_changes(spec: &RegisterSpec, then: &Record, now: &Record) -> Vec<Change> {
    spec.fields
        .iter()
        .filter(|f| then.get(f.name) != now.get(f.name))
        .map(|f| Change {
            field: f.name.to_string(),
            label: f.label.to_string(),
            before: shown(f, then.get(f.name)),
            after: shown(f, now.get(f.name)),
        })
        .collect()
}

/// A value as the form shows it: codes by their labels, lists joined, 空 for nothing.
fn shown(field: &Field, value: Option<&Value>) -> String {
    match value.unwrap_or(&Value::Null) {
        Value::Null => "（空）".into(),
        Value::String(s) if s.is_empty() => "（空）".into(),
        Value::Bool(b) => if *b { "是" } else { "否" }.into(),
        Value::String(s) => kind_code_label(field.kind, s).unwrap_or_else(|| s.clone()),
        Value::Array(items) if items.is_empty() => "（空）".into(),
        Value::Array(items) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| v.to_string())
            })
            .collect::<Vec<_>>()
            .join("、"),
        other => other.to_string(),
    }
}

fn cut(text: &str) -> String {
    if text.chars().count() <= SHOWN_CHARS {
        return text.to_string();
    }
    let head: String = text.chars().take(SHOWN_CHARS).collect();
    format!("{head}…")
}

/// `2026-12-05T21:30:12+08:00` as a clerk reads it: `2026-12-05 21:30`.
fn when(at: &str) -> String {
    DateTime::parse_from_rfc3339(at)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| at.to_string())
}

fn message(
    spec: &RegisterSpec,
    changes: &[Change],
    at: &str,
    imported: bool,
    doing: &str,
) -> String {
    let how = if imported {
        "（导入数据包）"
    } else {
        ""
    };
    let mut text = format!(
        "这条{}在您打开之后已被修改（{}{how}，可能是另一个窗口或命令行）",
        spec.noun,
        when(at)
    );
    if changes.is_empty() {
        text.push('。');
    } else {
        let named: Vec<String> = changes
            .iter()
            .take(NAMED_IN_MESSAGE)
            .map(|c| format!("{}：“{}”→“{}”", c.label, cut(&c.before), cut(&c.after)))
            .collect();
        text.push_str(&format!("：{}", named.join("；")));
        if changes.len() > NAMED_IN_MESSAGE {
            text.push_str(&format!("，共 {} 项", changes.len()));
        }
        text.push('。');
    }
    text.push_str(&format!(
        "为免覆盖他人的修改，本次{doing}未执行。请重新载入这条记录，核对最新内容后再{doing}。"
    ));
    text
}

#[cfg(test)]
mod tests;
