//! 台账: every register of the year as a table (a workbook sheet each), for
//! the archive, with a first sheet saying what the workbook holds.

use taizhang_base::dates;
use crate::document::{Cell, Document, PageSetup, Table};
use crate::input::{LedgerTable, ReportInput};

pub fn title(input: &ReportInput) -> String {
    super::title(
        input.office.name.trim(),
        &format!("{}年政务公开台账", input.year()),
    )
}

pub fn build(input: &ReportInput) -> Document {
    let mut doc = Document::new(title(input), input.office.name.trim(), PageSetup::LEDGER);
    doc.subtitle.push(lock_line(input));
    doc.heading(1, "目录");
    push_table(&mut doc, contents(input));
    for register in &input.ledger {
        doc.heading(1, register.sheet.as_str());
        push_table(&mut doc, register_table(register));
    }
    doc
}

fn push_table(doc: &mut Document, table: Table) {
    doc.blocks
        .push(crate::document::Block::Table(table));
}

/// Whether the figures are final: the year's lock, if any.
fn lock_line(input: &ReportInput) -> String {
    let locked = input
        .locked_at
        .as_deref()
        .and_then(|t| t.get(..10))
        .and_then(|d| dates::parse_iso_date(d).ok());
    match locked {
        Some(day) => format!("本年度数据已于{}锁定", dates::chinese(day)),
        None => "本年度数据尚未锁定，内容为导出时的记录".to_string(),
    }
}

fn contents(input: &ReportInput) -> Table {
    let mut rows = vec![vec![Cell::header("台账"), Cell::header("记录数")]];
    rows.extend(input.ledger.iter().map(|t| {
        vec![
            Cell::text(t.sheet.as_str()),
            Cell::number(t.rows.len() as f64),
        ]
    }));
    Table {
        name: "目录".into(),
        caption: lock_line(input),
        widths: vec![24.0, 10.0],
        header_rows: 1,
        rows,
    }
}

/// A column holds numbers when every filled cell is a plain decimal number
/// (no leading zeros, so serial and phone numbers stay text).
fn is_numeric_column(rows: &[Vec<String>], col: usize) -> bool {
    let plain = |s: &str| {
        let digits = s.strip_prefix('-').unwrap_or(s);
        let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
        !int.is_empty()
            && int.len() <= 15
            && int.bytes().all(|b| b.is_ascii_digit())
            && (int == "0" || !int.starts_with('0'))
            && !frac.is_empty()
            && frac.bytes().all(|b| b.is_ascii_digit())
    };
    let mut filled = rows
        .iter()
        .filter_map(|r| r.get(col))
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .peekable();
    filled.peek().is_some() && filled.all(plain)
}

/// Display width of a text in Latin-character units (CJK counts double).
fn text_width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

fn register_table(register: &LedgerTable) -> Table {
    let numeric: Vec<bool> = (0..register.columns.len())
        .map(|c| is_numeric_column(&register.rows, c))
        .collect();
    let widths = (0..register.columns.len())
        .map(|c| {
            let widest = register
                .rows
                .iter()
                .filter_map(|r| r.get(c))
                .chain(std::iter::once(&register.columns[c]))
                .map(|s| text_width(s))
                .max()
                .unwrap_or(4);
            // A little room, as spreadsheet fonts run wider than the count.
            (widest as f64 * 1.1 + 2.0).clamp(6.0, 50.0)
        })
        .collect();
    let mut rows = vec![register.columns.iter().map(Cell::header).collect()];
    for record in &register.rows {
        rows.push(
            (0..register.columns.len())
                .map(|c| {
                    let text = record.get(c).map(|s| s.trim()).unwrap_or_default();
                    match text.parse::<f64>() {
                        Ok(n) if numeric[c] => Cell::number(n),
                        _ if text.is_empty() => Cell::empty(),
                        _ => Cell::text(text),
                    }
                })
                .collect(),
        );
    }
    Table {
        name: register.sheet.clone(),
        caption: format!("{}（{}条）", register.sheet, register.rows.len()),
        widths,
        header_rows: 1,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_numbers_make_a_numeric_column() {
        let rows = |vals: &[&str]| -> Vec<Vec<String>> {
            vals.iter().map(|v| vec![v.to_string()]).collect()
        };
        assert!(is_numeric_column(&rows(&["1200", "", "3.5", "0"]), 0));
        assert!(
            !is_numeric_column(&rows(&["1200", "0571"]), 0),
            "leading zero"
        );
        assert!(!is_numeric_column(&rows(&["2018-03-02"]), 0));
        assert!(!is_numeric_column(&rows(&["", " "]), 0), "nothing filled");
        assert!(!is_numeric_column(&rows(&["1e5"]), 0));
    }
}
