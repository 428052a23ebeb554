//! Configurable lists of choices (categories, channels …): each has defaults and
//! may be edited by the clerk in 设置. Stored in `settings` as `list.<name>`.

use rusqlite::Connection;
use serde_json::{json, Value};

use taizhang_base::error::{Error, Problem, Result};
use crate::store::{get_setting, set_setting, AuditAction, Tx};

pub struct ListSpec {
    pub name: &'static str,
    pub label: &'static str,
    pub defaults: &'static [&'static str],
}

pub const DISCLOSURE_CATEGORY: &str = "disclosure_category";
pub const DISCLOSURE_CHANNEL: &str = "disclosure_channel";
pub const MESSAGE_CHANNEL: &str = "message_channel";

pub const LISTS: &[ListSpec] = &[
    ListSpec {
        name: DISCLOSURE_CATEGORY,
        label: "主动公开类别",
        defaults: &[
            "机构信息",
            "领导信息",
            "部门职责",
            "规划计划",
            "财政预决算",
            "招投标信息",
            "民生实事",
            "重大建设项目",
            "公共资源配置",
            "社会公益事业",
            "政策文件",
            "政策解读",
            "应急管理",
            "其他",
        ],
    },
    ListSpec {
        name: DISCLOSURE_CHANNEL,
        label: "公开渠道",
        defaults: &[
            "门户网站",
            "政府信息公开网",
            "微信公众号",
            "广播",
            "手机短信",
            "会议/文件",
            "公开栏/公示板",
            "办事指南/手册",
            "其他",
        ],
    },
    ListSpec {
        name: MESSAGE_CHANNEL,
        label: "留言渠道",
        defaults: &[
            "政府信息公开网",
            "门户网站",
            "微信公众号",
            "电子邮件",
            "其他",
        ],
    },
];

pub fn spec(name: &str) -> Result<&'static ListSpec> {
    LISTS
        .iter()
        .find(|l| l.name == name)
        .ok_or_else(|| Error::invalid("list", format!("没有名为“{name}”的列表")))
}

fn key(name: &str) -> String {
    format!("list.{name}")
}

/// The current values of a list: the clerk's, or the defaults.
pub fn values(conn: &Connection, name: &str) -> Result<Vec<String>> {
    let spec = spec(name)?;
    match get_setting(conn, &key(name))? {
        Some(Value::Array(items)) => Ok(items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()),
        _ => Ok(spec.defaults.iter().map(|s| s.to_string()).collect()),
    }
}

/// A list's new values, trimmed, without blanks; every problem at `prefix` + `values[i]`.
pub fn clean(
    spec: &ListSpec,
    new_values: &[String],
    prefix: &str,
) -> std::result::Result<Vec<String>, Vec<Problem>> {
    let mut cleaned: Vec<String> = vec![];
    let mut problems = vec![];
    for (i, v) in new_values.iter().enumerate() {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        if v.chars().count() > 50 {
            problems.push(Problem::new(
                format!("{prefix}values[{i}]"),
                format!("{}“{v}”太长，不能超过50个字", spec.label),
            ));
        } else if cleaned.iter().any(|c| c == v) {
            problems.push(Problem::new(
                format!("{prefix}values[{i}]"),
                format!("{}“{v}”重复了", spec.label),
            ));
        } else {
            cleaned.push(v.to_string());
        }
    }
    if cleaned.is_empty() {
        problems.push(Problem::new(
            format!("{prefix}values"),
            format!("{}至少要有一项", spec.label),
        ));
    }
    if problems.is_empty() {
        Ok(cleaned)
    } else {
        Err(problems)
    }
}

/// Whether the clerk (or an import) has set a list's values.
pub fn is_customized(conn: &Connection, name: &str) -> Result<bool> {
    Ok(get_setting(conn, &key(name))?.is_some())
}

/// Replace a list's values, after checking them.
pub fn save(tx: &Tx, name: &str, new_values: &[String]) -> Result<Vec<String>> {
    let spec = spec(name)?;
    let cleaned = clean(spec, new_values, "").map_err(|p| Error::from_problems(p).unwrap_err())?;
    let before = json!(values(tx, name)?);
    let after = json!(cleaned);
    if before != after {
        set_setting(tx, &key(name), &after)?;
        tx.audit(
            AuditAction::Update,
            "lists",
            name,
            Some(&before),
            Some(&after),
            "",
        )?;
    }
    Ok(cleaned)
}

/// Add a value used by imported records to its list, if missing.
pub fn ensure_value(tx: &Tx, name: &str, value: &str) -> Result<()> {
    let before = values(tx, name)?;
    if !before.iter().any(|v| v == value) {
        let mut after = before.clone();
        after.push(value.to_string());
        set_setting(tx, &key(name), &json!(after))?;
        tx.audit(
            AuditAction::Update,
            "lists",
            name,
            Some(&json!(before)),
            Some(&json!(after)),
            "导入的记录用到的新选项",
        )?;
    }
    Ok(())
}
