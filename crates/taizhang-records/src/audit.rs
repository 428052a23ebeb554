//! Reading the audit log (修改记录): every change, newest first, filtered by
//! what was changed, which record, when and how, a page at a time. The log
//! itself is written by [`taizhang_store::store::Tx::audit`] and is append-only (the
//! triggers of migration 1 refuse an UPDATE or DELETE).

use rusqlite::types::Value as Sql;
use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use taizhang_base::error::{Error, Result};
use taizhang_store::store::ADDED_KEY;

/// The Chinese name of what an entry's `register` names.
pub fn register_label(key: &str) -> String {
    if let Some(spec) = crate::framework::find(key) {
        return spec.label.to_string();
    }
    match key {
        "office" => "单位信息",
        "units" => "科室与社区",
        "lists" => "可选列表",
        "holidays" => "节假日安排",
        "service_items" => "服务事项",
        "service_tallies" => "窗口业务",
        "metrics" => "其他数据",
        "annual_figures" => "年度数据（表二）",
        "table2_trial_cells" => "表二（试行格式）填写的数字",
        "narratives" => "年报文字",
        "dataset" => "数据包",
        "backup" => "备份与恢复",
        taizhang_store::locks::AUDIT_KEY => "年度锁定",
        other => other,
    }
    .to_string()
}

pub fn action_label(code: &str) -> &str {
    match code {
        "create" => "新增",
        "update" => "修改",
        "delete" => "删除",
        "import" => "导入",
        "restore" => "恢复备份",
        "lock" => "锁定年度",
        "unlock" => "解锁年度",
        "reorder" => "调整顺序",
        other => other,
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    pub register: Option<String>,
    pub record_id: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    pub action: Option<String>,
    /// From 1.
    pub page: Option<usize>,
    pub page_size: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditPage {
    pub entries: Vec<Value>,
    pub total: usize,
    pub page: usize,
    pub page_size: usize,
    /// Everything the log names, for the filter's choices.
    pub registers: Vec<Value>,
}

fn check_date(field: &str, value: &Option<String>) -> Result<Option<String>> {
    match value.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => taizhang_base::dates::parse_user_date(s)
            .map(|d| Some(taizhang_base::dates::iso(d)))
            .map_err(|e| Error::invalid(field, e)),
    }
}

fn present(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A record's own entries, and the import that added it: an import is one
/// entry listing the ids it added by register (`Tx::collect_added`).
/// Parameters: register (or NULL), id, id, id, register (or NULL).
const RECORD_OR_ITS_IMPORT: &str = "((coalesce(register = ?, 1) AND record_id = ?)
    OR (action = 'import' AND register = 'dataset' AND instr(after, json_quote(?)) > 0
        AND EXISTS (SELECT 1 FROM json_each(after, '$.added') r, json_each(r.value) i
                    WHERE i.value = ? AND coalesce(r.key = ?, 1))))";

pub fn list(conn: &Connection, q: &AuditQuery) -> Result<AuditPage> {
    let page_size = q.page_size.unwrap_or(50).clamp(1, 500);
    let page = q.page.unwrap_or(1).max(1);
    let mut conds: Vec<&str> = vec![];
    let mut params: Vec<Sql> = vec![];
    let (register, record_id) = (present(&q.register), present(&q.record_id));
    if let Some(id) = record_id {
        conds.push(RECORD_OR_ITS_IMPORT);
        let register = register.map_or(Sql::Null, Sql::Text);
        params.extend([
            register.clone(),
            Sql::Text(id.clone()),
            Sql::Text(id.clone()),
        ]);
        params.extend([Sql::Text(id), register]);
    }
    let mut add = |cond: &'static str, v: Option<String>| {
        if let Some(v) = v {
            conds.push(cond);
            params.push(Sql::Text(v));
        }
    };
    if q.record_id.as_deref().is_none_or(|r| r.trim().is_empty()) {
        add("register = ?", present(&q.register));
    }
    add("action = ?", present(&q.action));
    add("substr(at, 1, 10) >= ?", check_date("from", &q.from)?);
    add("substr(at, 1, 10) <= ?", check_date("to", &q.to)?);
    let filter = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM audit_log {filter}"),
        params_from_iter(params.iter()),
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(&format!(
        "SELECT id, at, action, register, record_id, before, after, note FROM audit_log {filter}
         ORDER BY id DESC LIMIT {page_size} OFFSET {}",
        (page - 1) * page_size
    ))?;
    let rows = stmt.query_map(params_from_iter(params.iter()), |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, String>(7)?,
        ))
    })?;
    let mut entries = vec![];
    for row in rows {
        let (id, at, action, register, record_id, before, after, note) = row?;
        let parse = |t: Option<String>| {
            t.and_then(|t| serde_json::from_str::<Value>(&t).ok())
                .unwrap_or(Value::Null)
        };
        let (before, mut after) = (parse(before), parse(after));
        let added = take_added(&mut after);
        let added_labels: Map<String, Value> = added
            .as_object()
            .into_iter()
            .flat_map(|m| m.keys())
            .map(|k| (k.clone(), json!(register_label(k))))
            .collect();
        entries.push(json!({
            "added": added, "added_labels": added_labels,
            "id": id, "at": at,
            "action": action, "action_label": action_label(&action),
            "register": register, "register_label": register_label(&register),
            "record_id": record_id,
            "changes": changes(&register, &before, &after),
            "before": before, "after": after, "note": note,
        }));
    }
    Ok(AuditPage {
        entries,
        total: total as usize,
        page,
        page_size,
        registers: registers(conn)?,
    })
}

/// An import's entry lists every id it added: too long for a page of the
/// log, which shows how many instead (`{register: count}`).
fn take_added(after: &mut Value) -> Value {
    match after.as_object_mut().and_then(|m| m.remove(ADDED_KEY)) {
        Some(Value::Object(added)) => Value::Object(
            added
                .into_iter()
                .map(|(k, ids)| (k, json!(ids.as_array().map_or(0, Vec::len))))
                .collect(),
        ),
        _ => Value::Null,
    }
}

fn registers(conn: &Connection) -> Result<Vec<Value>> {
    let mut stmt = conn.prepare("SELECT DISTINCT register FROM audit_log ORDER BY register")?;
    let keys = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = vec![];
    for key in keys {
        let key = key?;
        out.push(json!({"key": key, "label": register_label(&key)}));
    }
    Ok(out)
}

/// The Chinese name of a key of a snapshot that is not a register's field
/// (units, service items, tallies, figures, locks, holidays, imports …).
fn key_label(key: &str) -> String {
    let label = match key {
        "name" => "名称",
        "kind" => "类型",
        "archived" => "已归档",
        "superior" => "上级机关",
        "contact" => "联系方式",
        "year" => "年度",
        "locked_at" => "锁定时间",
        "note" => "说明",
        "item" => "服务事项",
        "window" => "窗口",
        "period" => "期间",
        "count" => "数量",
        "unit" => "计量单位",
        "value" => "数值",
        "group" => "分组",
        "holidays" => "放假日",
        "workdays" => "调休上班日",
        "names" => "节日名称",
        "office" => "单位",
        "counts" => "内容",
        "schema_version" => "数据版本",
        // The sections of an import's summary.
        other => return register_label(other),
    };
    label.to_string()
}

/// The fields that differ between two snapshots, with their labels:
/// `[{field, label, before, after}]`. Objects are compared key by key;
/// anything else as a whole.
pub fn changes(register: &str, before: &Value, after: &Value) -> Vec<Value> {
    let empty = Map::new();
    let (b, a) = match (before, after) {
        (Value::Object(b), Value::Object(a)) => (b, a),
        (Value::Object(b), Value::Null) => (b, &empty),
        (Value::Null, Value::Object(a)) => (&empty, a),
        _ if before == after => return vec![],
        _ => return vec![json!({"field": "", "label": "", "before": before, "after": after})],
    };
    let spec = crate::framework::find(register);
    let mut keys: Vec<&String> = b.keys().collect();
    keys.extend(a.keys().filter(|k| !b.contains_key(*k)));
    keys.into_iter()
        .filter(|k| k.as_str() != "id" && b.get(*k) != a.get(*k))
        .map(|k| {
            let label = match spec.and_then(|s| s.field(k)) {
                Some(f) => f.label.to_string(),
                None => key_label(k),
            };
            json!({"field": k, "label": label,
                   "before": b.get(k).cloned().unwrap_or(Value::Null),
                   "after": a.get(k).cloned().unwrap_or(Value::Null)})
        })
        .collect()
}
