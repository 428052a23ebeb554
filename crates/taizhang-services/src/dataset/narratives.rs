//! The `narratives` section of the data package: the clerk's report texts
//! (see `annual::narratives`).

use std::collections::HashSet;

use rusqlite::Connection;
use serde_json::{json, Map, Value};

use super::{ExportOptions, Section};
use taizhang_year_report::narratives::{check_key, save};
use taizhang_base::error::{Problem, Result};
use taizhang_records::framework::validate::PackageResolver;
use taizhang_records::framework::Ctx;
use taizhang_documents::Narrative;
use taizhang_store::store::Tx;

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
        for (i, obj) in super::items("narratives", value, problems) {
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
        for (i, obj) in super::checked_items("narratives", value) {
            let (year, n) = parse(i, obj, &mut vec![]).expect("checked");
            changed += save(tx, year, &n.template, &n.section, Some(&n.text))? as usize;
        }
        Ok(changed)
    }
}
