//! The `narratives` section of the data package: the clerk's report texts
//! (see `annual::narratives`); and `summary_headings`, the office's wording of
//! the work summary's headings, stored beside the texts (section
//! `{key}.heading`) but a section of its own in the package, so that a
//! program older than it skips it rather than refusing the package.

use rusqlite::Connection;
use serde_json::{json, Map, Value};

use super::{ExportOptions, MergeLog, Section};
use taizhang_year_report::narratives::{check_heading, check_key, save, save_heading};
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
            "SELECT year, template, section, text FROM narratives
             WHERE (?1 IS NULL OR year = ?1) AND section NOT LIKE '%.heading'
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
        super::check_unique_items(
            "narratives",
            value,
            problems,
            |i, obj, problems| parse(i, obj, problems).map(|(year, n)| (year, n.template, n.section)),
            "同一年度、模板和部分的文字重复出现",
        );
    }

    fn import(&self, tx: &Tx, _ctx: &Ctx, _r: &PackageResolver, value: &Value, _log: &mut MergeLog) -> Result<usize> {
        let mut changed = 0;
        for (i, obj) in super::checked_items("narratives", value) {
            let (year, n) = parse(i, obj, &mut vec![]).expect("checked");
            changed += save(tx, year, &n.template, &n.section, Some(&n.text))? as usize;
        }
        Ok(changed)
    }
}

/// The `summary_headings` section: `{year, section, heading}` per reworded heading.
pub struct SummaryHeadingsSection;

fn parse_heading(
    i: usize,
    obj: &Map<String, Value>,
    problems: &mut Vec<Problem>,
) -> Option<(i32, String, String)> {
    let prefix = format!("summary_headings[{i}].");
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
    let section = obj.get("section").and_then(Value::as_str).unwrap_or("");
    let heading = obj.get("heading").and_then(Value::as_str);
    let mut found = check_heading(section, Some(heading.unwrap_or("")), &prefix);
    if heading.is_none() {
        found.retain(|p| !p.path.ends_with("heading"));
        found.push(Problem::new(format!("{prefix}heading"), "应为文字（标题）"));
    }
    let ok = found.is_empty();
    problems.extend(found);
    match (year, ok, heading) {
        (Some(y), true, Some(h)) => Some((y as i32, section.to_string(), h.to_string())),
        _ => None,
    }
}

impl Section for SummaryHeadingsSection {
    fn key(&self) -> &'static str {
        "summary_headings"
    }

    fn export(&self, conn: &Connection, opts: &ExportOptions) -> Result<Value> {
        let mut stmt = conn.prepare(
            "SELECT year, section, text FROM narratives
             WHERE (?1 IS NULL OR year = ?1) AND template = 'summary' AND section LIKE '%.heading'
             ORDER BY year, section",
        )?;
        let rows = stmt.query_map([opts.year], |r| {
            let key: String = r.get(1)?;
            Ok(json!({"year": r.get::<_, i32>(0)?,
                      "section": key.trim_end_matches(".heading"),
                      "heading": r.get::<_, String>(2)?}))
        })?;
        Ok(Value::Array(rows.collect::<rusqlite::Result<Vec<_>>>()?))
    }

    fn check(&self, _ctx: &Ctx, _r: &PackageResolver, value: &Value, problems: &mut Vec<Problem>) {
        super::check_unique_items(
            "summary_headings",
            value,
            problems,
            |i, obj, problems| parse_heading(i, obj, problems).map(|(year, section, _)| (year, section)),
            "同一年度同一部分的标题重复出现",
        );
    }

    fn import(&self, tx: &Tx, _ctx: &Ctx, _r: &PackageResolver, value: &Value, _log: &mut MergeLog) -> Result<usize> {
        let mut changed = 0;
        for (i, obj) in super::checked_items("summary_headings", value) {
            let (year, section, heading) = parse_heading(i, obj, &mut vec![]).expect("checked");
            changed += save_heading(tx, year, &section, Some(&heading))? as usize;
        }
        Ok(changed)
    }
}
