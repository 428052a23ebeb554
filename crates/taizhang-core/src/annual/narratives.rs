//! The clerk's report texts (年报文字), per year, template and section.

use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Map, Value};

use crate::dataset::{ExportOptions, Section};
use crate::error::{Error, Problem, Result};
use crate::register::validate::PackageResolver;
use crate::register::Ctx;
use crate::report::narrative::prose_sections;
use crate::report::{Narrative, Template};
use crate::store::{AuditAction, Tx};

/// Every saved text of a year.
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

/// The `narratives` section of the data package.
pub struct NarrativesSection;

fn parse(
    i: usize,
    obj: &Map<String, Value>,
    problems: &mut Vec<Problem>,
) -> Option<(i32, Narrative)> {
    let prefix = format!("narratives[{i}].");
    let year = obj
        .get("year")
        .and_then(Value::as_i64)
        .filter(|y| (1990..=2100).contains(y));
    if year.is_none() {
        problems.push(Problem::new(
            format!("{prefix}year"),
            "请填写年份（1990 至 2100 的整数）",
        ));
    }
    let text_of = |k: &str| obj.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let (template, section) = (text_of("template"), text_of("section"));
    let found = check_key(&template, &section, &prefix);
    let ok = found.is_empty();
    problems.extend(found);
    let text = match obj.get("text") {
        Some(Value::String(s)) => Some(s.clone()),
        _ => {
            problems.push(Problem::new(format!("{prefix}text"), "应为文字"));
            None
        }
    };
    match (year, ok, text) {
        (Some(y), true, Some(text)) => Some((
            y as i32,
            Narrative {
                template,
                section,
                text,
            },
        )),
        _ => None,
    }
}

impl Section for NarrativesSection {
    fn key(&self) -> &'static str {
        "narratives"
    }

    fn export(&self, conn: &Connection, opts: &ExportOptions) -> Result<Value> {
        let mut stmt = conn.prepare(
            "SELECT year, template, section, text FROM narratives WHERE ?1 IS NULL OR year = ?1
             ORDER BY year, template, section",
        )?;
        let rows = stmt.query_map([opts.year], |r| {
            Ok(
                json!({"year": r.get::<_, i32>(0)?, "template": r.get::<_, String>(1)?,
                      "section": r.get::<_, String>(2)?, "text": r.get::<_, String>(3)?}),
            )
        })?;
        Ok(Value::Array(rows.collect::<rusqlite::Result<Vec<_>>>()?))
    }

    fn check(&self, _ctx: &Ctx, _r: &PackageResolver, value: &Value, problems: &mut Vec<Problem>) {
        let mut seen = HashSet::new();
        for (i, obj) in crate::dataset::items("narratives", value, problems) {
            if let Some((year, n)) = parse(i, obj, problems) {
                if !seen.insert((year, n.template.clone(), n.section.clone())) {
                    problems.push(Problem::new(
                        format!("narratives[{i}]"),
                        "同一年度、模板和部分的文字重复出现",
                    ));
                }
            }
        }
    }

    fn import(&self, tx: &Tx, _ctx: &Ctx, _r: &PackageResolver, value: &Value) -> Result<usize> {
        let mut changed = 0;
        for (i, obj) in crate::dataset::checked_items("narratives", value) {
            let (year, n) = parse(i, obj, &mut vec![]).expect("checked");
            changed += save(tx, year, &n.template, &n.section, Some(&n.text))? as usize;
        }
        Ok(changed)
    }
}
