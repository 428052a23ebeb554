//! 标准格式: the national standard yearly report — six sections, tables 二, 三
//! and 四 laid out as the official format prints them (2021 format; the 2019
//! trial format for report years 2019 and 2020).

use super::append_prose;
use taizhang_base::error::Result;
use taizhang_base::official::{
    self, Table2Block, Table3Row, APPEALS_LITIGATION, APPEAL_KINDS, APPEAL_OUTCOMES,
    APPLICANT_KINDS, GROUP_OTHER, GROUP_RESULTS, STANDARD_SECTIONS, TABLE2, TABLE2_CONTENT,
    TABLE2_TRIAL, TABLE3_COLUMNS, TABLE3_CORNER, TABLE3_ROWS,
};
use crate::document::{Area, Block, Cell, Document, PageSetup, Table};
use crate::figures::{ReportFigures, RowCounts};
use crate::input::ReportInput;
use crate::narrative::rendered_text;
use crate::sentences::fee_sentence;
use crate::Template;

pub fn title(input: &ReportInput) -> String {
    super::title(
        input.office.name.trim(),
        &format!("{}年政府信息公开工作年度报告", input.year()),
    )
}

pub fn build(input: &ReportInput) -> Result<Document> {
    let f = &input.figures;
    let mut doc = Document::new(title(input), input.office.name.trim(), PageSetup::OFFICIAL);
    doc.paragraph(opening(input));
    // Each table goes in once, under its section's heading.
    let [mut t2, mut t3, mut t4] = tables(f).map(Some);
    for (key, heading, _) in STANDARD_SECTIONS {
        doc.heading(1, *heading);
        match *key {
            "proactive" => doc.blocks.extend(t2.take().map(Block::Table)),
            "applications" => doc.blocks.extend(t3.take().map(Block::Table)),
            "appeals" => doc.blocks.extend(t4.take().map(Block::Table)),
            "other" => append_prose(&mut doc, &other_text(input)?),
            _ => append_prose(&mut doc, &rendered_text(input, Template::Standard, key)?),
        }
    }
    let contact = input.office.contact.trim();
    if !contact.is_empty() {
        doc.paragraph(format!(
            "如对本报告有疑问，请与{}联系（联系方式：{contact}）。",
            input.office.name.trim()
        ));
    }
    Ok(doc)
}

/// Tables 二, 三 and 四 in the format of the figures' year: the export and
/// the 年报 page's preview both draw these, so that they cannot differ.
pub fn tables(f: &ReportFigures) -> [Table; 3] {
    let trial = official::uses_trial_format(f.year);
    [table2(f, trial), table3(f, trial), table4(f)]
}

/// The paragraph published reports open with: what the report is compiled
/// under, what it contains, and the period its figures cover.
pub fn opening(input: &ReportInput) -> String {
    let year = input.year();
    let format = if official::uses_trial_format(year) {
        "《中华人民共和国政府信息公开工作年度报告格式（试行）》"
    } else {
        "《中华人民共和国政府信息公开工作年度报告格式》"
    };
    let contents: Vec<&str> = STANDARD_SECTIONS
        .iter()
        .map(|(_, heading, _)| heading.split_once('、').map_or(*heading, |(_, rest)| rest))
        .collect();
    format!(
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{format}要求，由{office}编制。\
         全文包括{contents}。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        office = input.office.name.trim(),
        contents = contents.join("、"),
    )
}

/// Section 六 always reports the information processing fees collected: the
/// fee sentence leads when the clerk's text does not already carry it.
fn other_text(input: &ReportInput) -> Result<String> {
    let text = rendered_text(input, Template::Standard, "other")?;
    let fees = fee_sentence(input);
    Ok(
        if input.figures.fees_collected_yuan <= 0.0 || text.contains(&fees) {
            text
        } else if text == "无" {
            fees
        } else {
            format!("{fees}\n{text}")
        },
    )
}

/// The figures of one row of table 二, one per column of its block: from the
/// registers, else (trial format) what the clerk typed for the cell, else
/// `None` (printed blank).
fn table2_row(f: &ReportFigures, trial: bool, code: &str, block: &Table2Block) -> Vec<Option<f64>> {
    let sourced = table2_values(f, trial, code);
    block
        .keys
        .iter()
        .enumerate()
        .map(|(i, key)| {
            sourced.get(i).copied().flatten().or_else(|| {
                trial
                    .then(|| f.proactive.trial_cells.get(&format!("{code}.{key}")).copied())
                    .flatten()
            })
        })
        .collect()
}

/// The figures of one row of table 二 that the registers are a source for,
/// one per column of its block.
fn table2_values(f: &ReportFigures, trial: bool, code: &str) -> Vec<Option<f64>> {
    let p = &f.proactive;
    let docs = match code {
        "rules" => Some(p.rules),
        "normative_documents" => Some(p.normative_documents),
        _ => None,
    };
    let decisions = match code {
        "licensing" => Some(p.licensing.decisions),
        "penalty" => Some(p.penalty.decisions),
        "enforcement" => Some(p.enforcement.decisions),
        _ => None,
    };
    let n = |v: u64| Some(v as f64);
    match (trial, docs, decisions, code) {
        (false, Some(d), _, _) => vec![n(d.issued), n(d.repealed), n(d.in_force)],
        (true, Some(d), _, _) => vec![n(d.issued), n(d.issued), n(d.in_force)],
        (false, _, Some(v), _) => vec![n(v)],
        (true, _, Some(v), _) => vec![None, None, n(v)],
        (false, _, _, "fees") => vec![Some(p.fees.amount_wan_yuan)],
        _ => vec![],
    }
}

pub fn table2(f: &ReportFigures, trial: bool) -> Table {
    let blocks: &[Table2Block] = if trial { TABLE2_TRIAL } else { TABLE2 };
    let columns = 1 + blocks.iter().map(|b| b.columns.len()).max().unwrap_or(1);
    let mut rows = vec![];
    for block in blocks {
        rows.push(vec![Cell::header(block.item).span(1, columns)]);
        rows.push(spread(
            Cell::header(TABLE2_CONTENT),
            block.columns.iter().map(|c| Cell::header(*c)).collect(),
            columns,
        ));
        for (code, label) in block.rows {
            let values = table2_row(f, trial, code, block);
            // Only a figure from the registers has records behind it.
            let sourced = table2_values(f, trial, code);
            let cells = (0..block.columns.len())
                .map(|i| match (values[i], sourced.get(i).copied().flatten()) {
                    (Some(v), Some(_)) => Cell::number(v).figure(table2_path(code, trial, i)),
                    (Some(v), None) => Cell::number(v),
                    (None, _) => Cell::empty(),
                })
                .collect();
            rows.push(spread(Cell::text(*label), cells, columns));
        }
    }
    Table {
        name: "主动公开情况".into(),
        caption: STANDARD_SECTIONS[1].1.into(),
        widths: vec![28.0, 16.0, 16.0, 16.0],
        header_rows: 0,
        rows,
    }
}

/// The figure of a table 二 cell: a document count's field (the trial
/// format's 本年新公开数量 is the year's issued documents, as in
/// `table2_values`), else the row's one figure (`proactive.licensing`).
fn table2_path(code: &str, trial: bool, i: usize) -> String {
    let fields = if trial {
        ["issued", "issued", "in_force"]
    } else {
        ["issued", "repealed", "in_force"]
    };
    match code {
        "rules" | "normative_documents" => format!("proactive.{code}.{}", fields[i]),
        _ => format!("proactive.{code}"),
    }
}

/// A label then `cells`, the last widened to fill the table's `columns`.
fn spread(label: Cell, mut cells: Vec<Cell>, columns: usize) -> Vec<Cell> {
    let spare = columns - 1 - cells.len();
    if let Some(last) = cells.pop() {
        cells.push(last.span(1, 1 + spare));
    }
    std::iter::once(label).chain(cells).collect()
}

/// Table 三's grid: three label columns (三、本年度办理结果 · the merged
/// groups · the rows), then the six applicant kinds and 总计.
const T3_LABELS: usize = 3;
const T3_HEADER_ROWS: usize = 3;

/// One printed row of table 三: its label, group, and counts. The trial
/// format prints （六）其他处理 as one row summing the 2021 sub-rows.
struct PrintedRow {
    code: &'static str,
    label: &'static str,
    group: Option<&'static str>,
    in_results: bool,
    counts: RowCounts,
}

fn printed_rows(f: &ReportFigures, trial: bool) -> Vec<PrintedRow> {
    let counts = |r: &Table3Row| f.applications.rows.get(r.code).copied().unwrap_or_default();
    let mut out: Vec<PrintedRow> = vec![];
    for r in TABLE3_ROWS {
        let in_results = r.is_result || r.code == "results_total";
        if trial && r.group == Some(GROUP_OTHER) {
            match out.last_mut() {
                Some(last) if last.label == GROUP_OTHER => {
                    for (sum, n) in last.counts.iter_mut().zip(counts(r)) {
                        *sum += n;
                    }
                }
                _ => out.push(PrintedRow {
                    code: "other",
                    label: GROUP_OTHER,
                    group: None,
                    in_results,
                    counts: counts(r),
                }),
            }
            continue;
        }
        out.push(PrintedRow {
            code: r.code,
            label: r.label,
            group: r.group,
            in_results,
            counts: counts(r),
        });
    }
    out
}

fn table3_header(columns: usize) -> Vec<Vec<Cell>> {
    let legal = &APPLICANT_KINDS[1..];
    vec![
        vec![
            Cell::header(TABLE3_CORNER).span(T3_HEADER_ROWS, T3_LABELS),
            Cell::header("申请人情况").span(1, columns - T3_LABELS),
        ],
        vec![
            Cell::header(APPLICANT_KINDS[0].1).span(2, 1),
            Cell::header("法人或其他组织").span(1, legal.len()),
            Cell::header("总计").span(2, 1),
        ],
        legal.iter().map(|(_, l)| Cell::header(*l)).collect(),
    ]
}

pub fn table3(f: &ReportFigures, trial: bool) -> Table {
    let printed = printed_rows(f, trial);
    let columns = T3_LABELS + APPLICANT_KINDS.len() + 1;
    let results_len = printed.iter().filter(|r| r.in_results).count();
    let first_result = printed.iter().position(|r| r.in_results).unwrap_or(0) + T3_HEADER_ROWS;
    let mut rows = table3_header(columns);
    for (i, row) in printed.iter().enumerate() {
        let r = rows.len();
        let mut cells = vec![];
        let first_in_group = row.group.is_some() && (i == 0 || printed[i - 1].group != row.group);
        if row.in_results && (i == 0 || !printed[i - 1].in_results) {
            cells.push(Cell::text(GROUP_RESULTS).centered().span(results_len, 1));
        }
        if first_in_group {
            let len = printed.iter().filter(|p| p.group == row.group).count();
            cells.push(
                Cell::text(row.group.unwrap_or_default())
                    .centered()
                    .span(len, 1),
            );
        }
        let label_span = match (row.in_results, row.group) {
            (false, _) => T3_LABELS,
            (true, None) => T3_LABELS - 1,
            (true, Some(_)) => 1,
        };
        cells.push(Cell::text(row.label).span(1, label_span));
        let is_total = row.code == "results_total";
        for (c, n) in row.counts.iter().enumerate() {
            let col = T3_LABELS + c;
            let cell = Cell::number(*n as f64)
                .figure(format!("applications.{}.{}", row.code, TABLE3_COLUMNS[c]));
            cells.push(if is_total {
                cell.sum_of(Area {
                    rows: (first_result, r - 1),
                    cols: (col, col),
                })
            } else if c == APPLICANT_KINDS.len() {
                cell.sum_of(Area {
                    rows: (r, r),
                    cols: (T3_LABELS, col - 1),
                })
            } else {
                cell
            });
        }
        rows.push(cells);
    }
    // On the official page (156 mm of text, 五号 table text of 3.7 mm a
    // character, 1 mm padding each side) these give: 三、本年度办理结果 two
    // characters a line (“三、” together), the groups three, the row labels
    // eleven (3.危及“三安全一稳定” on one line), 自然人 three, and the other
    // applicant kinds two (商业/企业).
    let mut widths = vec![7.0, 10.0, 28.0, 9.0];
    widths.extend([7.5; 6]);
    Table {
        name: "依申请公开情况".into(),
        caption: STANDARD_SECTIONS[2].1.into(),
        widths,
        header_rows: T3_HEADER_ROWS,
        rows,
    }
}

pub fn table4(f: &ReportFigures) -> Table {
    let per_kind = APPEAL_OUTCOMES.len();
    let (reconsideration, lawsuits) = APPEAL_KINDS.split_at(1);
    let mut header: Vec<Vec<Cell>> = vec![
        vec![
            Cell::header(reconsideration[0].1).span(1, per_kind),
            Cell::header(APPEALS_LITIGATION).span(1, per_kind * lawsuits.len()),
        ],
        APPEAL_OUTCOMES
            .iter()
            .map(|(_, l)| Cell::header(*l).span(2, 1))
            .collect(),
        vec![],
    ];
    for (_, label) in lawsuits {
        header[1].push(Cell::header(*label).span(1, per_kind));
        header[2].extend(APPEAL_OUTCOMES.iter().map(|(_, l)| Cell::header(*l)));
    }
    let data_row = header.len();
    let mut values = vec![];
    for (k, (kind, _)) in APPEAL_KINDS.iter().enumerate() {
        let counts = f.appeals.get(kind).copied().unwrap_or_default();
        for (o, (outcome, _)) in APPEAL_OUTCOMES.iter().enumerate() {
            let cell = Cell::number(counts.get(outcome).unwrap_or(0) as f64)
                .figure(format!("appeals.{kind}.{outcome}"));
            let col = k * per_kind + o;
            values.push(if *outcome == "total" {
                cell.sum_of(Area {
                    rows: (data_row, data_row),
                    cols: (col - (per_kind - 1), col - 1),
                })
            } else {
                cell
            });
        }
    }
    header.push(values);
    Table {
        name: "复议诉讼情况".into(),
        caption: STANDARD_SECTIONS[3].1.into(),
        widths: vec![7.0; per_kind * APPEAL_KINDS.len()],
        header_rows: data_row,
        rows: header,
    }
}
