//! The clerk's report texts (年报文字), per year, template and section.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;

use taizhang_base::error::{Error, Problem, Result};
use taizhang_documents::narrative::prose_sections;
use taizhang_base::official::SUMMARY_SECTIONS;
use taizhang_documents::{summary_heading_key, Narrative, Template};
use taizhang_store::store::{AuditAction, Tx};

/// Every saved text of a year, with the summary's reworded headings
/// (section `{key}.heading`, see [`summary_heading_key`]).
pub fn load(conn: &Connection, year: i32) -> Result<Vec<Narrative>> {
    let mut stmt = conn.prepare_cached(
        "SELECT template, section, text FROM narratives WHERE year = ?1 ORDER BY template, section",
    )?;
    let rows = stmt.query_map([year], |r| {
        Ok(Narrative {
            template: r.get(0)?,
            section: r.get(1)?,
            text: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Check that a template and section exist and may hold prose.
pub fn check_key(template: &str, section: &str, prefix: &str) -> Vec<Problem> {
    let Ok(t) = Template::parse(template).map_err(|_| ()).and_then(|t| {
        if t == Template::Ledger {
            Err(())
        } else {
            Ok(t)
        }
    }) else {
        return vec![Problem::new(
            format!("{prefix}template"),
            format!("年报模板“{template}”无效，应为 standard 或 summary"),
        )];
    };
    if prose_sections(t).iter().any(|(k, _)| *k == section) {
        vec![]
    } else {
        let keys: Vec<&str> = prose_sections(t).iter().map(|(k, _)| *k).collect();
        vec![Problem::new(
            format!("{prefix}section"),
            format!("“{section}”不是该模板的文字部分，应为：{}", keys.join("、")),
        )]
    }
}

/// Save (or, with `None`, remove so that the draft applies again) one text.
/// Returns whether anything changed.
pub fn save(tx: &Tx, year: i32, template: &str, section: &str, text: Option<&str>) -> Result<bool> {
    Error::from_problems(check_key(template, section, ""))?;
    if let Some(t) = text {
        if t.chars().count() > 20_000 {
            return Err(Error::invalid("text", "一个部分的文字不能超过20000个字"));
        }
    }
    write(tx, year, template, section, text)
}

/// Store (or remove) one row of the year's texts, audited; refused for a locked year.
fn write(tx: &Tx, year: i32, template: &str, section: &str, text: Option<&str>) -> Result<bool> {
    let before: Option<String> = tx
        .query_row(
            "SELECT text FROM narratives WHERE year = ?1 AND template = ?2 AND section = ?3",
            params![year, template, section],
            |r| r.get(0),
        )
        .optional()?;
    if before.as_deref() == text {
        return Ok(false);
    }
    tx.ensure_unlocked(&[year])?;
    match text {
        Some(t) => tx.execute(
            "INSERT INTO narratives (year, template, section, text, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (year, template, section) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
            params![year, template, section, t, tx.now()],
        )?,
        None => tx.execute(
            "DELETE FROM narratives WHERE year = ?1 AND template = ?2 AND section = ?3",
            params![year, template, section],
        )?,
    };
    let id = format!("{year}/{template}/{section}");
    let as_json = |t: &Option<String>| t.as_ref().map(|t| json!(t));
    tx.audit(
        if before.is_none() {
            AuditAction::Create
        } else if text.is_none() {
            AuditAction::Delete
        } else {
            AuditAction::Update
        },
        "narratives",
        &id,
        as_json(&before).as_ref(),
        as_json(&text.map(str::to_string)).as_ref(),
        "",
    )?;
    Ok(true)
}

/// Check an office's wording of a work summary heading: a summary section,
/// one line, not too long. `None` (back to the default) is always fine.
pub fn check_heading(section: &str, heading: Option<&str>, prefix: &str) -> Vec<Problem> {
    let mut found = vec![];
    if !SUMMARY_SECTIONS.iter().any(|(k, _)| *k == section) {
        let keys: Vec<&str> = SUMMARY_SECTIONS.iter().map(|(k, _)| *k).collect();
        found.push(Problem::new(
            format!("{prefix}section"),
            format!("“{section}”不是工作总结的部分，应为：{}", keys.join("、")),
        ));
    }
    let Some(h) = heading else { return found };
    let message = if h.trim().is_empty() {
        Some("标题不能为空；要恢复默认标题，请点“恢复默认”")
    } else if h.contains(['\n', '\r']) {
        Some("标题只能有一行，请删去换行")
    } else if h.trim().chars().count() > 60 {
        Some("标题不能超过60个字")
    } else {
        None
    };
    found.extend(message.map(|m| Problem::new(format!("{prefix}heading"), m)));
    found
}

/// Save an office's wording of a work summary heading for a year (`None`:
/// back to the generic default). Returns whether anything changed.
pub fn save_heading(tx: &Tx, year: i32, section: &str, heading: Option<&str>) -> Result<bool> {
    Error::from_problems(check_heading(section, heading, ""))?;
    let key = summary_heading_key(section);
    write(tx, year, "summary", &key, heading.map(str::trim))
}
