//! 年报: figures and checks of a year, the records behind a figure, the
//! narrative editor, and the one-click export.

use serde::Deserialize;
use serde_json::{json, Value};

use super::{args, Command, Effect, Reply};
use crate::annual::{self, narratives};
use crate::app::App;
use crate::exports::export_files;
use crate::error::{Error, Result};
use crate::report::figures::CheckLevel;
use crate::report::narrative::{prose_sections, source_text};
use crate::report::summary_heading_key;
use crate::report::document::{Table, Value as CellValue};
use crate::report::{self, draft, placeholders, render_text, Format, Template};

pub const COMMANDS: &[Command] = &[
    Command {
        name: "report.options",
        effect: Effect::Reads,
        run: options,
    },
    Command {
        name: "report.figures",
        effect: Effect::Reads,
        run: figures,
    },
    Command {
        name: "report.trace",
        effect: Effect::Reads,
        run: trace,
    },
    Command {
        name: "report.records",
        effect: Effect::Reads,
        run: records,
    },
    Command {
        name: "report.narratives",
        effect: Effect::Reads,
        run: narratives_get,
    },
    Command {
        name: "report.narrative_save",
        effect: Effect::Writes,
        run: narrative_save,
    },
    Command {
        name: "report.heading_save",
        effect: Effect::Writes,
        run: heading_save,
    },
    Command {
        name: "report.preview",
        effect: Effect::Reads,
        run: preview,
    },
    Command {
        name: "report.export",
        effect: Effect::Reads,
        run: export,
    },
    Command {
        name: "report.deadline",
        effect: Effect::Reads,
        run: deadline_get,
    },
    Command {
        name: "report.deadline_save",
        effect: Effect::Writes,
        run: deadline_save,
    },
];

#[derive(Deserialize)]
struct YearArgs {
    year: i32,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct OptionsArgs {
    /// The report year: the templates a year cannot have say why.
    year: Option<i32>,
}

fn options(_app: &mut App, a: Value) -> Result<Reply> {
    let a: OptionsArgs = if a.is_null() { OptionsArgs::default() } else { args(a)? };
    let templates: Vec<Value> = Template::ALL
        .iter()
        .map(|t| {
            json!({
                "key": t.key(),
                "label": t.label(),
                "formats": t.formats().iter().map(|f| json!({"key": f.ext(), "label": f.label()})).collect::<Vec<_>>(),
                "unavailable": a.year.and_then(|y| t.unavailable_for(y)),
            })
        })
        .collect();
    // The table layouts, so that the page draws the official labels without restating them.
    let table3: Vec<Value> = crate::official::TABLE3_ROWS
        .iter()
        .map(|r| json!({"code": r.code, "label": r.label, "group": r.group, "result": r.is_result}))
        .collect();
    Reply::json(json!({
        "templates": templates,
        "pdf_available": report::writers::pdf::find_soffice().is_some(),
        "table3": {
            "corner": crate::official::TABLE3_CORNER,
            "columns": crate::official::APPLICANT_KINDS.iter().map(|(c, l)| json!({"code": c, "label": l})).collect::<Vec<_>>(),
            "rows": table3,
        },
        "table2": crate::official::TABLE2.iter().map(|b| json!({"item": b.item, "columns": b.columns, "rows": b.rows.iter().map(|(c, l)| json!({"code": c, "label": l})).collect::<Vec<_>>()})).collect::<Vec<_>>(),
        "table4": {
            "kinds": crate::official::APPEAL_KINDS.iter().map(|(c, l)| json!({"code": c, "label": l})).collect::<Vec<_>>(),
            "outcomes": crate::official::APPEAL_OUTCOMES.iter().map(|(c, l)| json!({"code": c, "label": l})).collect::<Vec<_>>(),
        },
    }))
}

fn figures(app: &mut App, a: Value) -> Result<Reply> {
    let a: YearArgs = args(a)?;
    let annual = annual::assemble(app, a.year)?;
    let traced: Vec<&String> = annual.traces.keys().collect();
    let f = &annual.input.figures;
    // The page previews the tables the export prints: the same function
    // builds both, in the year's format.
    let tables: Vec<Value> = report::templates::standard::tables(f)
        .iter()
        .map(table_json)
        .collect();
    let format = if crate::official::uses_trial_format(a.year) {
        "2019年试行格式"
    } else {
        "2021年格式"
    };
    Reply::json(json!({
        "tables": tables,
        "table_format": format,
        "standard_unavailable": Template::Standard.unavailable_for(a.year),
        "figures": annual.input.figures,
        "locked_at": annual.input.locked_at,
        "has_errors": annual.has_errors(),
        "traced": traced,
    }))
}

/// A table of the document as the page draws it: rows of cells with their
/// text as printed, spans, and the figure a number shows.
fn table_json(t: &Table) -> Value {
    let rows: Vec<Vec<Value>> = t
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| {
                    json!({
                        "text": c.display(),
                        "rows": c.row_span,
                        "cols": c.col_span,
                        "header": c.header,
                        "number": matches!(c.value, CellValue::Number(_)),
                        "path": c.path,
                    })
                })
                .collect()
        })
        .collect();
    json!({"name": t.name, "caption": t.caption, "header_rows": t.header_rows, "rows": rows})
}

#[derive(Deserialize)]
struct TraceArgs {
    year: i32,
    /// A figure's path, e.g. `applications.new.natural_person`.
    path: String,
}

fn trace(app: &mut App, a: Value) -> Result<Reply> {
    let a: TraceArgs = args(a)?;
    let annual = annual::assemble(app, a.year)?;
    let records = annual.traces.get(&a.path).cloned().unwrap_or_default();
    Reply::json(
        json!({"path": a.path, "total": records.len(), "records": records.into_iter().take(1000).collect::<Vec<_>>()}),
    )
}

#[derive(Deserialize)]
struct RecordsArgs {
    ids: Vec<String>,
}

/// The records a check names, each with a line to show.
fn records(app: &mut App, a: Value) -> Result<Reply> {
    let a: RecordsArgs = args(a)?;
    let ids: Vec<String> = a.ids.into_iter().take(1000).collect();
    Reply::json(annual::describe_ids(app.store.conn(), &ids)?)
}

#[derive(Deserialize)]
struct NarrativeArgs {
    year: i32,
    template: String,
    #[serde(default)]
    section: String,
    /// The text; `null` removes the saved text so that the draft applies again.
    #[serde(default)]
    text: Option<String>,
}

fn prose_template(key: &str) -> Result<Template> {
    match Template::parse(key)? {
        Template::Ledger => Err(Error::invalid("template", "台账没有文字部分")),
        t => Ok(t),
    }
}

/// Each prose section of a template for a year: saved text (or null), the
/// draft, the text the export will print, and every placeholder available.
fn narratives_get(app: &mut App, a: Value) -> Result<Reply> {
    let a: NarrativeArgs = args(a)?;
    let template = prose_template(&a.template)?;
    let annual = annual::assemble(app, a.year)?;
    let input = &annual.input;
    let sections: Vec<Value> = prose_sections(template)
        .into_iter()
        .map(|(key, heading)| {
            let rendered = report::rendered_text(input, template, key);
            let own_heading = (template == Template::Summary)
                .then(|| input.narrative("summary", &summary_heading_key(key)))
                .flatten();
            json!({
                "key": key,
                "heading": input.summary_heading(key).unwrap_or_else(|| heading.to_string()),
                "default_heading": heading,
                "heading_editable": template == Template::Summary,
                "own_heading": own_heading,
                "saved": input.narrative(template.key(), key),
                "text": source_text(input, template, key),
                "draft": draft(input, template, key),
                "rendered": rendered.as_ref().ok(),
                "error": rendered.err().map(|e| e.to_string()),
            })
        })
        .collect();
    Reply::json(
        json!({"sections": sections, "placeholders": placeholders(input), "locked_at": input.locked_at}),
    )
}

fn narrative_save(app: &mut App, a: Value) -> Result<Reply> {
    let a: NarrativeArgs = args(a)?;
    prose_template(&a.template)?;
    let changed = app
        .store
        .write(|tx| narratives::save(tx, a.year, &a.template, &a.section, a.text.as_deref()))?;
    Reply::json(json!({"changed": changed}))
}

#[derive(Deserialize)]
struct HeadingArgs {
    year: i32,
    section: String,
    /// The office's wording; `null` goes back to the generic heading.
    #[serde(default)]
    heading: Option<String>,
}

/// Save the office's wording of a work summary heading for a year.
fn heading_save(app: &mut App, a: Value) -> Result<Reply> {
    let a: HeadingArgs = args(a)?;
    let changed = app
        .store
        .write(|tx| narratives::save_heading(tx, a.year, &a.section, a.heading.as_deref()))?;
    Reply::json(json!({"changed": changed}))
}

/// The filing deadline of a year as seen today (首页's countdown).
fn deadline_get(app: &mut App, a: Value) -> Result<Reply> {
    let a: YearArgs = args(a)?;
    let today = crate::dates::today();
    Reply::json(crate::deadline::get(app.store.conn(), app.calendar(), a.year, today)?)
}

#[derive(Deserialize)]
struct DeadlineArgs {
    year: i32,
    /// The date the district set; null or empty: back to 31 January.
    #[serde(default)]
    due_on: Option<String>,
}

fn deadline_save(app: &mut App, a: Value) -> Result<Reply> {
    let a: DeadlineArgs = args(a)?;
    app.store
        .write(|tx| crate::deadline::save(tx, a.year, a.due_on.as_deref()))?;
    deadline_get(app, json!({"year": a.year}))
}

/// The text as it will print, or the placeholders it names that do not exist.
fn preview(app: &mut App, a: Value) -> Result<Reply> {
    let a: NarrativeArgs = args(a)?;
    let annual = annual::assemble(app, a.year)?;
    let text = a.text.unwrap_or_default();
    match render_text(&annual.input, &text) {
        Ok(rendered) => Reply::json(json!({"rendered": rendered})),
        Err(unknown) => Reply::json(json!({
            "unknown": unknown,
            "message": format!("以下占位符不存在：{}", unknown.iter().map(|k| format!("{{{{{k}}}}}")).collect::<Vec<_>>().join("、")),
        })),
    }
}

#[derive(Deserialize)]
struct ExportArgs {
    year: i32,
    template: String,
    formats: Vec<String>,
}

fn export(app: &mut App, a: Value) -> Result<Reply> {
    let a: ExportArgs = args(a)?;
    let template = Template::parse(&a.template)?;
    let formats = a
        .formats
        .iter()
        .map(|f| Format::parse(f))
        .collect::<Result<Vec<_>>>()?;
    let annual = annual::assemble(app, a.year)?;
    let files = export_files(&annual, template, &formats)?;
    let warnings = annual
        .figures()
        .checks
        .iter()
        .filter(|c| c.level == CheckLevel::Warning)
        .count();
    let mut message = format!(
        "已导出{}年{}（{}个文件）",
        a.year,
        template.label(),
        files.len()
    );
    let errors = annual.errors().count();
    if errors > 0 {
        // Only the data file gets here with errors (see `export_files`).
        message +=
            &format!("；数据有 {errors} 处错误，已列在数据文件的 checks 中，改正后才能导出文档");
    }
    if warnings > 0 {
        message += &format!("；另有 {warnings} 条提醒，请在“检查”中查看");
    }
    Ok(Reply::Files { files, message })
}
