//! Importing a clerk's existing 台账 spreadsheet (.xlsx, .xls, .ods).
//!
//! Every sheet with a recognisable header row is read: columns are matched by
//! their header (标题 / 类别 / 科室 / 公开渠道 / 形成日期 …, with the usual
//! variants), each row is checked exactly like a typed form, and the clerk sees
//! the first rows and every problem before anything is written. The import is
//! all or nothing. Ledgers as clerks keep them import as they are: a title
//! row, a 序号 column, one sheet per month, dates typed several ways, no
//! 形成日期 column (the records' timeliness is then "未判断"); footer, 合计 and
//! note rows are skipped and listed in the preview (`ledger_rows`). Which
//! record a row is comes from `matching`: importing the same ledger again adds
//! nothing, and a ledger whose 形成日期 were filled in since fills them in.

mod matching;

use std::collections::{BTreeSet, HashMap};
use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, DataType, Reader};
use serde::Serialize;
use serde_json::{json, Value};

use super::SPEC;
use crate::framework::DataFile;
use taizhang_base::error::{Error, Problem, Result};
use crate::framework::validate::{validate, DbResolver, Mode, Resolver};
use crate::framework::{crud, Ctx, Kind, Record};
use matching::{Fill, Matcher, Placement};
use taizhang_store::store::AuditAction;

/// Header texts accepted for each field, after [`normalize_header`]. The
/// first is the one named in messages.
const HEADERS: &[(&str, &[&str])] = &[
    (
        "title",
        &[
            "标题",
            "信息标题",
            "信息名称",
            "名称",
            "公开信息",
            "公开内容",
            "信息内容",
            "文件名称",
            "文件标题",
            "事项名称",
        ],
    ),
    (
        "category",
        &[
            "类别",
            "信息类别",
            "公开类别",
            "分类",
            "信息分类",
            "类型",
            "信息类型",
            "所属类别",
            "目录类别",
        ],
    ),
    (
        "unit",
        &[
            "科室",
            "责任科室",
            "所属科室",
            "科室社区",
            "部门",
            "责任部门",
            "单位",
            "责任单位",
            "发布科室",
            "发布单位",
            "公开科室",
            "承办科室",
            "经办科室",
        ],
    ),
    (
        "channels",
        &[
            "公开渠道",
            "渠道",
            "公开方式",
            "公开途径",
            "发布渠道",
            "公开载体",
            "公开形式",
            "发布平台",
        ],
    ),
    (
        "doc_number",
        &["文号", "发文字号", "文件编号", "文件号", "发文文号"],
    ),
    (
        "formed_on",
        &[
            "形成日期",
            "形成时间",
            "形成变更日期",
            "形成或变更日期",
            "生成日期",
            "制作日期",
            "成文日期",
            "变更日期",
            "印发日期",
            "发文日期",
        ],
    ),
    (
        "published_on",
        &[
            "公开日期",
            "公开时间",
            "发布日期",
            "发布时间",
            "上网日期",
            "上网时间",
            "公布日期",
        ],
    ),
    (
        "url",
        &[
            "网址",
            "链接",
            "公开网址",
            "网页地址",
            "链接地址",
            "url",
            "网页链接",
        ],
    ),
    (
        "reviewed",
        &[
            "保密审查",
            "是否保密审查",
            "已保密审查",
            "是否审查",
            "保密审查情况",
            "是否经过保密审查",
        ],
    ),
    (
        "reviewer",
        &["审查人", "保密审查人", "审核人", "审查责任人"],
    ),
    ("key_areas", &["重点领域", "所属重点领域", "领域"]),
    ("note", &["备注", "说明", "附注"]),
];

/// Channel names clerks commonly write, and the list value they mean.
const CHANNEL_ALIASES: &[(&str, &str)] = &[
    ("网站", "门户网站"),
    ("政府网站", "门户网站"),
    ("门户网", "门户网站"),
    ("信息公开网", "政府信息公开网"),
    ("公开网", "政府信息公开网"),
    ("微信", "微信公众号"),
    ("公众号", "微信公众号"),
    ("短信", "手机短信"),
    ("会议", "会议/文件"),
    ("文件", "会议/文件"),
    ("公开栏", "公开栏/公示板"),
    ("公示栏", "公开栏/公示板"),
    ("公示板", "公开栏/公示板"),
    ("宣传栏", "公开栏/公示板"),
    ("办事指南", "办事指南/手册"),
    ("手册", "办事指南/手册"),
];

/// How many rows the preview shows.
const PREVIEW_ROWS: usize = 10;
/// How far down a sheet the header row is looked for (title rows come first).
const HEADER_SEARCH_ROWS: usize = 20;

/// A column of a sheet and what it was matched to.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    /// `A`, `B` …
    pub column: String,
    pub header: String,
    /// The field it fills, or none when it is not imported.
    pub field: Option<&'static str>,
    pub label: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SheetInfo {
    pub name: String,
    /// The header row's number as Excel shows it; none when no header was found.
    pub header_row: Option<u32>,
    pub columns: Vec<Column>,
    /// Data rows (blank rows not counted).
    pub rows: usize,
}

/// A row that is not a record (a footer, a total, a note), for the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedRow {
    pub sheet: String,
    pub row: u32,
    /// The row's text, shortened.
    pub text: String,
    /// Why: 签名/落款行, 合计/小计行, 说明/备注行.
    pub reason: &'static str,
}

/// One row as it will be imported, for the preview.
#[derive(Debug, Clone, Serialize)]
pub struct PreviewRow {
    pub sheet: String,
    pub row: u32,
    pub record: Record,
    pub problems: Vec<Problem>,
}

/// What importing the workbook would do, before anything is written.
#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    pub sheets: Vec<SheetInfo>,
    /// The first rows.
    pub preview: Vec<PreviewRow>,
    /// Rows that would be added.
    pub new: usize,
    /// Rows already in the register (imported before): left as they are.
    pub existing: usize,
    /// Of those, records that lacked a date the sheet now gives: filled in.
    pub filled: usize,
    /// Rows without 形成日期, whose timeliness will be "未判断".
    pub undetermined: usize,
    /// Footer, total and note rows, not imported.
    pub skipped: Vec<SkippedRow>,
    /// Every problem, located as `sheet!E12` (or `sheet!第12行`).
    pub problems: Vec<Problem>,
    /// Values the settings lack; the page offers to add them.
    pub missing_units: Vec<String>,
    pub missing_categories: Vec<String>,
    pub missing_channels: Vec<String>,
}

/// The result of an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Imported {
    pub created: usize,
    /// Rows already in the register.
    pub skipped: usize,
    /// Records whose missing dates the sheet filled in.
    #[serde(default)]
    pub filled: usize,
    /// Units, categories and channels added to the settings first
    /// ([`Options::add_missing`]).
    #[serde(default)]
    pub added: Vec<String>,
    /// New records without 形成日期 (timeliness "未判断").
    #[serde(default)]
    pub undetermined: usize,
    /// Footer, total and note rows, not imported.
    #[serde(default)]
    pub skipped_rows: Vec<SkippedRow>,
}

/// How [`import_with`] runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Add the units, categories and channels the sheet names and the settings
    /// lack, in the import's transaction (what the page's button does first).
    pub add_missing: bool,
    /// Do everything, then roll it back: what the import would do.
    pub dry_run: bool,
}

/// A header as compared: without spaces, stars, notes in brackets, ASCII in
/// lower case (`形成日期（必填）*` → `形成日期`).
fn normalize_header(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = (depth as i32 - 1).max(0) as usize,
            _ if depth > 0 => {}
            c if c.is_whitespace() || matches!(c, '*' | '＊' | '/' | '、' | ':' | '：') => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The field a header names: an exact variant, else the longest variant of
/// three or more characters it contains (`信息形成日期` → 形成日期; two-character
/// variants like 名称 would match too much).
fn match_header(text: &str) -> Option<&'static str> {
    let h = normalize_header(text);
    if h.is_empty() {
        return None;
    }
    if let Some((field, _)) = HEADERS.iter().find(|(_, vs)| vs.contains(&h.as_str())) {
        return Some(field);
    }
    HEADERS
        .iter()
        .flat_map(|(field, vs)| vs.iter().map(move |v| (*field, *v)))
        .filter(|(_, v)| v.chars().count() >= 3 && h.contains(v))
        .max_by_key(|(_, v)| v.chars().count())
        .map(|(field, _)| field)
}

fn column_letter(mut index: u32) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (index % 26) as u8) as char);
        if index < 26 {
            return s;
        }
        index = index / 26 - 1;
    }
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(d) => d
            .as_datetime()
            .map(|dt| taizhang_base::dates::iso(dt.date()))
            .unwrap_or_default(),
        Data::DateTimeIso(s) => s.chars().take(10).collect(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// A date cell: real Excel dates, text the clerk typed (checked later like a
/// form), `20231005` as a number, or a serial day number in a General cell.
fn date_value(cell: &Data) -> Value {
    match cell {
        Data::Float(_) | Data::Int(_) => {
            let n = cell.as_f64().unwrap_or(0.0);
            if (20_000.0..80_000.0).contains(&n) && n.fract() == 0.0 {
                let serial =
                    calamine::ExcelDateTime::new(n, calamine::ExcelDateTimeType::DateTime, false);
                if let Some(dt) = serial.as_datetime() {
                    return json!(taizhang_base::dates::iso(dt.date()));
                }
            }
            json!(cell_text(cell))
        }
        _ => text_value(cell_text(cell)),
    }
}

fn text_value(s: String) -> Value {
    if s.is_empty() {
        Value::Null
    } else {
        json!(s)
    }
}

/// Channels written in one cell, separated by 、，; or line breaks, with the
/// usual short names mapped to the list's values.
fn channels_value(text: &str) -> Value {
    let items: Vec<Value> = text
        .split(|c: char| matches!(c, ',' | '，' | '、' | ';' | '；') || c.is_whitespace())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            let mapped = CHANNEL_ALIASES
                .iter()
                .find(|(alias, _)| *alias == s)
                .map(|(_, v)| *v)
                .unwrap_or(s);
            json!(mapped)
        })
        .collect();
    Value::Array(items)
}

fn reviewed_value(text: &str) -> Value {
    match text.trim() {
        "" | "否" | "×" | "未审查" | "未审" | "无" | "n" | "N" | "no" | "false" | "0" => {
            json!(false)
        }
        "是" | "√" | "✓" | "✔" | "已审查" | "已审" | "已保密审查" | "通过" | "y" | "Y" | "yes"
        | "true" | "1" => json!(true),
        other => json!(other),
    }
}

/// One sheet read into form-like records.
struct SheetRows {
    info: SheetInfo,
    /// (row number as Excel shows it, the record as typed).
    rows: Vec<(u32, Record)>,
    /// Rows that are not records.
    skipped: Vec<SkippedRow>,
    /// Field → column letter.
    columns: HashMap<&'static str, String>,
}

/// Find the header row and read every non-blank row below it.
fn read_sheet(name: &str, range: &calamine::Range<Data>) -> SheetRows {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let all: Vec<&[Data]> = range.rows().collect();
    let header_index = all.iter().take(HEADER_SEARCH_ROWS).position(|cells| {
        let fields: BTreeSet<&str> = cells
            .iter()
            .filter_map(|c| match_header(&cell_text(c)))
            .collect();
        fields.contains("title") && fields.len() >= 2
    });
    let mut sheet = SheetRows {
        info: SheetInfo {
            name: name.to_string(),
            header_row: None,
            columns: vec![],
            rows: 0,
        },
        rows: vec![],
        skipped: vec![],
        columns: HashMap::new(),
    };
    let Some(hi) = header_index else {
        return sheet;
    };
    sheet.info.header_row = Some(row0 + hi as u32 + 1);
    let mut by_index: Vec<Option<&'static str>> = vec![];
    for (j, cell) in all[hi].iter().enumerate() {
        let header = cell_text(cell);
        let letter = column_letter(col0 + j as u32);
        // The first column for a field wins; a second one is shown, not imported.
        let field = match_header(&header).filter(|f| !sheet.columns.contains_key(f));
        if let Some(f) = field {
            sheet.columns.insert(f, letter.clone());
        }
        by_index.push(field);
        if !header.is_empty() {
            sheet.info.columns.push(Column {
                column: letter,
                header,
                field,
                label: field.and_then(|f| SPEC.field(f)).map(|f| f.label),
            });
        }
    }
    for (i, cells) in all.iter().enumerate().skip(hi + 1) {
        let texts: Vec<String> = cells
            .iter()
            .map(cell_text)
            .filter(|t| !t.is_empty())
            .collect();
        if let Some(reason) = crate::ledger_rows::non_record(&texts) {
            sheet.skipped.push(SkippedRow {
                sheet: name.to_string(),
                row: row0 + i as u32 + 1,
                text: shorten(&texts.join(" ")),
                reason,
            });
            continue;
        }
        let mut rec = Record::new();
        for (j, cell) in cells.iter().enumerate() {
            let Some(field) = by_index.get(j).copied().flatten() else {
                continue;
            };
            let value = match SPEC.field(field).map(|f| f.kind) {
                Some(Kind::Date) => date_value(cell),
                Some(Kind::Choices(_)) => channels_value(&cell_text(cell)),
                Some(Kind::Bool) => reviewed_value(&cell_text(cell)),
                _ => text_value(cell_text(cell)),
            };
            rec.insert(field.into(), value);
        }
        let blank = rec.values().all(|v| match v {
            Value::Null => true,
            Value::Array(a) => a.is_empty(),
            Value::Bool(b) => !b,
            _ => false,
        });
        if blank {
            continue;
        }
        // A reviewer without a 保密审查 column means the review was done.
        if !sheet.columns.contains_key("reviewed")
            && rec.get("reviewer").is_some_and(|v| !v.is_null())
        {
            rec.insert("reviewed".into(), json!(true));
        }
        sheet.rows.push((row0 + i as u32 + 1, rec));
    }
    sheet.info.rows = sheet.rows.len();
    sheet
}

/// A skipped row's text as the preview shows it.
fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    text.chars().take(MAX).chain(['…']).collect()
}

/// Read every sheet of a workbook given as bytes.
fn read_workbook(bytes: &[u8]) -> Result<Vec<SheetRows>> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|_| {
        Error::invalid(
            "file",
            "无法读取这个文件：请选择 Excel 表格（.xlsx、.xls）或 WPS 另存的 .xlsx 文件",
        )
    })?;
    let mut sheets = vec![];
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| Error::invalid("file", format!("无法读取工作表“{name}”：{e}")))?;
        sheets.push(read_sheet(&name, &range));
    }
    Ok(sheets)
}

/// Decode the base64 text the page sends.
pub fn decode_base64(text: &str) -> Result<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|_| Error::invalid("file", "文件内容传输有误，请重新选择文件"))
}

/// The checked workbook: every record ready to write, or the problems.
struct Checked {
    preview: Preview,
    /// Records to add (already-imported rows left out).
    records: Vec<Record>,
    /// Records already in the register and the dates the sheet fills in.
    fills: Vec<(String, Fill)>,
}

fn check(ctx: &Ctx, bytes: &[u8]) -> Result<Checked> {
    let sheets = read_workbook(bytes)?;
    let resolver = DbResolver(ctx.conn);
    let mut preview = Preview {
        sheets: vec![],
        preview: vec![],
        new: 0,
        existing: 0,
        filled: 0,
        undetermined: 0,
        skipped: vec![],
        problems: vec![],
        missing_units: vec![],
        missing_categories: vec![],
        missing_channels: vec![],
    };
    let (mut units, mut categories, mut channels) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let mut records = vec![];
    let mut fills = vec![];
    let mut matcher = Matcher::load(ctx.conn)?;
    // A row typed twice: where its first copy is.
    let mut seen: HashMap<[String; 4], String> = HashMap::new();
    for sheet in &sheets {
        let Some(_) = sheet.info.header_row else {
            continue;
        };
        preview.skipped.extend(sheet.skipped.iter().cloned());
        let missing = missing_columns(sheet);
        for field in missing.iter().filter(|f| **f != "formed_on") {
            let variants = HEADERS
                .iter()
                .find(|(f, _)| f == field)
                .map(|(_, v)| v)
                .unwrap();
            preview.problems.push(Problem::new(
                format!("{}!表头", sheet.info.name),
                format!(
                    "找不到“{}”列。请在表头中加上这一列（列名可以是：{}）",
                    variants[0],
                    variants
                        .iter()
                        .take(4)
                        .copied()
                        .collect::<Vec<_>>()
                        .join("、")
                ),
            ));
        }
        if missing.contains(&"formed_on") {
            preview.problems.push(Problem::new(
                format!("{}!表头", sheet.info.name),
                "找不到“公开日期”或“形成日期”列。请在表头中加上至少其中一列（只有公开日期时，是否按时显示为“未判断”）",
            ));
        }
        for (row, input) in &sheet.rows {
            let at = |field: &str| match sheet.columns.get(field) {
                Some(col) => format!("{}!{col}{row}", sheet.info.name),
                None => format!("{}!第{row}行", sheet.info.name),
            };
            note_missing(&resolver, input, &mut units, &mut categories, &mut channels);
            let mut row_problems: Vec<Problem> =
                match validate(ctx, &SPEC, input, Mode::Form, &resolver, "") {
                    Ok(_) if seen.contains_key(&same_row(input)) => {
                        let first = &seen[&same_row(input)];
                        vec![Problem::new(
                            at("title"),
                            format!("与 {first} 重复（标题、文号、形成日期和公开日期都相同）。如确是两条信息，请在标题中加以区分"),
                        )]
                    }
                    Ok(mut rec) => {
                        seen.insert(same_row(&rec), at("title"));
                        match matcher.place(&rec) {
                            Placement::New(id) => {
                                preview.new += 1;
                                preview.undetermined +=
                                    rec.get("formed_on").is_none_or(Value::is_null) as usize;
                                rec.insert("id".into(), json!(id));
                                records.push(rec);
                            }
                            Placement::Existing { id, fill } => {
                                preview.existing += 1;
                                if !fill.is_empty() {
                                    preview.filled += 1;
                                    fills.push((id, fill));
                                }
                            }
                        }
                        vec![]
                    }
                    Err(problems) => problems
                        .into_iter()
                        .filter(|p| !missing.contains(&p.path.as_str()))
                        .map(|p| Problem::new(at(&p.path), p.message))
                        .collect(),
                };
            if preview.preview.len() < PREVIEW_ROWS {
                preview.preview.push(PreviewRow {
                    sheet: sheet.info.name.clone(),
                    row: *row,
                    record: input.clone(),
                    problems: row_problems.clone(),
                });
            }
            preview.problems.append(&mut row_problems);
        }
    }
    if !sheets.iter().any(|s| s.info.header_row.is_some()) {
        preview.problems.push(Problem::new(
            "表头",
            "找不到表头：请确认表格中有一行列名，至少包括“标题”和“类别”“公开日期”等列",
        ));
    } else if sheets.iter().all(|s| s.rows.is_empty()) {
        preview
            .problems
            .push(Problem::new("表格", "表格中没有可导入的数据行"));
    }
    preview.sheets = sheets.into_iter().map(|s| s.info).collect();
    preview.missing_units = units.into_iter().collect();
    preview.missing_categories = categories.into_iter().collect();
    preview.missing_channels = channels.into_iter().collect();
    Ok(Checked {
        preview,
        records,
        fills,
    })
}

/// What makes two rows of a workbook the same row typed twice.
fn same_row(rec: &Record) -> [String; 4] {
    ["title", "doc_number", "formed_on", "published_on"].map(|k| {
        rec.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    })
}

/// The columns a sheet must have and lacks: 标题, 类别, and a date —
/// `formed_on` stands for "neither 形成日期 nor 公开日期".
fn missing_columns(sheet: &SheetRows) -> Vec<&'static str> {
    let has = |f: &str| sheet.columns.contains_key(f);
    let mut missing: Vec<&'static str> = ["title", "category"]
        .into_iter()
        .filter(|f| !has(f))
        .collect();
    if !has("formed_on") && !has("published_on") {
        missing.push("formed_on");
    }
    missing
}

/// Collect the units, categories and channels a row uses that the settings lack.
fn note_missing(
    resolver: &DbResolver,
    rec: &Record,
    units: &mut BTreeSet<String>,
    categories: &mut BTreeSet<String>,
    channels: &mut BTreeSet<String>,
) {
    let text = |k: &str| rec.get(k).and_then(Value::as_str).map(str::to_string);
    if let Some(u) = text("unit").filter(|u| !resolver.unit_exists(u)) {
        units.insert(u);
    }
    if let Some(c) =
        text("category").filter(|c| !resolver.in_list(taizhang_store::lists::DISCLOSURE_CATEGORY, c))
    {
        categories.insert(c);
    }
    for ch in rec
        .get("channels")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if !resolver.in_list(taizhang_store::lists::DISCLOSURE_CHANNEL, ch) {
            channels.insert(ch.to_string());
        }
    }
}

/// What importing the workbook would do. Writes nothing.
pub fn preview(app: &DataFile, bytes: &[u8]) -> Result<Preview> {
    Ok(check(&app.ctx(), bytes)?.preview)
}

/// Import the workbook: every new row, or — when any row has a problem — nothing.
pub fn import(app: &mut DataFile, bytes: &[u8], file_name: &str) -> Result<Imported> {
    Ok(import_with(app, bytes, file_name, Options::default())?.0)
}

/// Import the workbook as [`Options`] say, all or nothing; with the preview
/// as checked inside the transaction (after adding what was missing).
pub fn import_with(
    app: &mut DataFile,
    bytes: &[u8],
    file_name: &str,
    options: Options,
) -> Result<(Imported, Preview)> {
    let mut done = None;
    let written = app.write(|tx, ctx| {
        let added = if options.add_missing {
            add_missing(tx, &check(ctx, bytes)?.preview)?
        } else {
            vec![]
        };
        let checked = check(ctx, bytes)?;
        if !checked.preview.problems.is_empty() {
            return Err(Error::Problems {
                problems: checked.preview.problems,
            });
        }
        let result = write_rows(tx, ctx, &checked, file_name, added)?;
        done = Some((result, checked.preview));
        // A dry run ends here, and the transaction rolls back.
        match options.dry_run {
            true => Err(Error::Internal("dry run".into())),
            false => Ok(()),
        }
    });
    match (written, done) {
        (Ok(()), Some(done)) => Ok(done),
        (Err(_), Some(done)) if options.dry_run => Ok(done),
        (Err(e), _) => Err(e),
        (Ok(()), None) => unreachable!("a committed import has its result"),
    }
}

/// Add the units (as 科室), categories and channels the preview found missing.
fn add_missing(tx: &taizhang_store::store::Tx, preview: &Preview) -> Result<Vec<String>> {
    use taizhang_store::lists::{ensure_value, DISCLOSURE_CATEGORY, DISCLOSURE_CHANNEL};
    for unit in &preview.missing_units {
        taizhang_store::office::add_unit(tx, unit, "section")?;
    }
    for value in &preview.missing_categories {
        ensure_value(tx, DISCLOSURE_CATEGORY, value)?;
    }
    for value in &preview.missing_channels {
        ensure_value(tx, DISCLOSURE_CHANNEL, value)?;
    }
    let added = [
        ("科室", &preview.missing_units),
        ("类别", &preview.missing_categories),
        ("公开渠道", &preview.missing_channels),
    ];
    Ok(added
        .iter()
        .flat_map(|(what, names)| names.iter().map(move |n| format!("{what}“{n}”")))
        .collect())
}

/// Write the checked rows: new records, and dates filled in on existing ones.
fn write_rows(
    tx: &taizhang_store::store::Tx,
    ctx: &Ctx,
    checked: &Checked,
    file_name: &str,
    added: Vec<String>,
) -> Result<Imported> {
    // A ledger is this PC's own change: taken as such, whatever the versions.
    let local = crate::framework::merge::Arrival::default();
    for rec in &checked.records {
        crate::framework::merge::record(tx, ctx, &SPEC, rec, rec.clone(), &local)?;
    }
    for (id, fill) in &checked.fills {
        let mut rec = crud::load(tx, &SPEC, id)?.expect("matched in this transaction");
        rec.extend(fill.iter().map(|(k, v)| (k.to_string(), v.clone())));
        crate::framework::merge::record(tx, ctx, &SPEC, &rec, rec.clone(), &local)?;
    }
    let result = Imported {
        created: checked.records.len(),
        skipped: checked.preview.existing,
        filled: checked.fills.len(),
        added,
        undetermined: checked.preview.undetermined,
        skipped_rows: checked.preview.skipped.clone(),
    };
    if result.created > 0 || result.filled > 0 {
        tx.audit(
            AuditAction::Other("import"),
            SPEC.key,
            file_name,
            None,
            Some(&json!(result)),
            "从 Excel 导入",
        )?;
    }
    Ok(result)
}

#[cfg(test)]
mod ledger_tests;
#[cfg(test)]
mod tests;
