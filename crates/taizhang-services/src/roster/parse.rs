//! A roster as the district has it: a list pasted from a document or a
//! sheet (one office a line, the code after a tab, comma or spaces), or a
//! workbook with 单位名称 and 单位代码 columns.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader};

use taizhang_base::error::{Error, Result};
use taizhang_base::typed::half_width;
use taizhang_store::roster::RosterEntry;

/// The entries of a pasted list.
pub fn from_text(text: &str) -> Result<Vec<RosterEntry>> {
    let rows: Vec<Vec<String>> = text.lines().map(split_line).collect();
    from_rows(&rows, "粘贴的名单")
}

/// The entries of the first sheet of a workbook (.xlsx, .xls, .ods).
pub fn from_workbook(bytes: &[u8]) -> Result<Vec<RosterEntry>> {
    let unreadable = |e: calamine::Error| {
        Error::invalid(
            "file",
            format!("无法读取这个文件（{e}）。请选择 Excel 或 WPS 表格文件（.xlsx、.xls、.ods）。"),
        )
    };
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(unreadable)?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| Error::invalid("file", "文件中没有工作表"))?
        .map_err(unreadable)?;
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|row| row.iter().map(cell_text).collect())
        .collect();
    from_rows(&rows, "表格")
}

fn cell_text(d: &Data) -> String {
    match d {
        // A code typed as a number (a district's own numbering) reads as Excel shows it.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Empty => String::new(),
        other => other.to_string().trim().to_string(),
    }
}

/// A pasted line's cells: tab-separated as a sheet copies them, else split at
/// commas (either width) or runs of spaces.
fn split_line(line: &str) -> Vec<String> {
    let cells: Vec<&str> = if line.contains('\t') {
        line.split('\t').collect()
    } else if line.contains([',', '，', '、']) {
        line.split([',', '，', '、']).collect()
    } else {
        line.split_whitespace().collect()
    };
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

/// Where the name and the code are: from a header row (单位名称/名称/单位,
/// 代码/统一社会信用代码) when there is one in the first rows, else the first
/// two cells that are not a 序号.
struct Columns {
    header_row: Option<usize>,
    name: usize,
    code: Option<usize>,
}

fn is_name_header(cell: &str) -> bool {
    matches!(
        cell,
        "单位" | "名称" | "单位名称" | "单位全称" | "街道" | "乡镇" | "街道（乡镇）" | "机关名称"
    )
}

fn is_code_header(cell: &str) -> bool {
    cell.contains("代码") || cell == "编码"
}

fn columns(rows: &[Vec<String>]) -> Columns {
    for (r, row) in rows.iter().enumerate().take(5) {
        let cells: Vec<String> = row.iter().map(|c| half_width(c).replace(' ', "")).collect();
        if let Some(name) = cells.iter().position(|c| is_name_header(c)) {
            return Columns {
                header_row: Some(r),
                name,
                code: cells.iter().position(|c| is_code_header(c)),
            };
        }
    }
    Columns {
        header_row: None,
        name: 0,
        code: Some(1),
    }
}

/// A 序号 cell: a small whole number.
fn is_serial(cell: &str) -> bool {
    let s = half_width(cell);
    let s = s.trim().trim_end_matches(['.', '、']);
    !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit())
}

fn from_rows(rows: &[Vec<String>], what: &str) -> Result<Vec<RosterEntry>> {
    let cols = columns(rows);
    let start = cols.header_row.map_or(0, |r| r + 1);
    let mut entries = vec![];
    for row in &rows[start.min(rows.len())..] {
        let get = |i: usize| row.get(i).map(|c| c.trim().to_string()).unwrap_or_default();
        let (name, code) = if cols.header_row.is_some() {
            (get(cols.name), cols.code.map(get).unwrap_or_default())
        } else {
            // Without a header, a leading 序号 is not the name.
            let cells: Vec<String> = row
                .iter()
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect();
            let skip = cells.first().is_some_and(|c| is_serial(c)) as usize;
            (
                cells.get(skip).cloned().unwrap_or_default(),
                cells.get(skip + 1).cloned().unwrap_or_default(),
            )
        };
        if name.is_empty()
            || is_serial(&name)
            || name.starts_with(['合', '注']) && name.chars().count() <= 4
        {
            continue;
        }
        entries.push(RosterEntry { name, code });
    }
    if entries.is_empty() {
        return Err(Error::invalid(
            "roster",
            format!("{what}中没有找到单位名称：请每行写一个单位，名称在前，单位代码（如有）在后，用制表符或逗号隔开；表格请有“单位名称”“单位代码”两列"),
        ));
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(entries: &[RosterEntry]) -> Vec<(&str, &str)> {
        entries
            .iter()
            .map(|e| (e.name.as_str(), e.code.as_str()))
            .collect()
    }

    #[test]
    fn a_pasted_list_reads_names_and_codes_however_separated() {
        let text = "长庆街道办事处\t11330103MB0000001A\n潮鸣街道，11330103MB0000002B\n\n  武林街道  \n米市巷街道 C-4\n";
        assert_eq!(
            pairs(&from_text(text).unwrap()),
            vec![
                ("长庆街道办事处", "11330103MB0000001A"),
                ("潮鸣街道", "11330103MB0000002B"),
                ("武林街道", ""),
                ("米市巷街道", "C-4"),
            ]
        );
    }

    #[test]
    fn a_header_row_and_serial_numbers_are_not_offices() {
        let text = "序号\t单位名称\t统一社会信用代码\n1\t长庆街道\tA1\n2\t潮鸣街道\t\n";
        assert_eq!(
            pairs(&from_text(text).unwrap()),
            vec![("长庆街道", "A1"), ("潮鸣街道", "")]
        );
        let text = "1. 长庆街道\n2. 潮鸣街道\n";
        assert_eq!(
            pairs(&from_text(text).unwrap()),
            vec![("长庆街道", ""), ("潮鸣街道", "")]
        );
    }

    #[test]
    fn a_list_without_a_name_says_what_to_paste() {
        let err = from_text("\n 1 \n").unwrap_err();
        assert!(err.to_string().contains("每行写一个单位"), "{err}");
    }

    #[test]
    fn a_workbook_with_name_and_code_columns_reads_like_a_pasted_list() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write(0, 0, "某区街道名单").unwrap();
        for (c, h) in ["序号", "单位名称", "单位代码"].iter().enumerate() {
            sheet.write(1, c as u16, *h).unwrap();
        }
        sheet.write(2, 0, 1).unwrap();
        sheet.write(2, 1, "长庆街道办事处").unwrap();
        sheet.write(2, 2, "11330103MB0000001A").unwrap();
        sheet.write(3, 0, 2).unwrap();
        sheet.write(3, 1, "潮鸣街道").unwrap();
        sheet.write(3, 2, 330103002).unwrap();
        sheet.write(4, 0, 3).unwrap();
        sheet.write(4, 1, "武林街道").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        assert_eq!(
            pairs(&from_workbook(&bytes).unwrap()),
            vec![
                ("长庆街道办事处", "11330103MB0000001A"),
                ("潮鸣街道", "330103002"),
                ("武林街道", ""),
            ]
        );
        let err = from_workbook(b"not a workbook").unwrap_err();
        assert!(err.to_string().contains("无法读取这个文件"), "{err}");
    }
}
