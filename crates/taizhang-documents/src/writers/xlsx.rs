//! `.xlsx`: each table of the document on its own sheet, laid out as printed —
//! the document's title, the table's caption, then the table with its merged
//! headers, borders and widths. Numbers are numbers; totals are live `SUM`
//! formulas carrying their computed value (viewers that do not recalculate
//! show it rather than 0).

use rust_xlsxwriter::{
    utility::cell_range, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

use taizhang_base::error::{Error, Result};
use crate::document::{Area, Cell, Document, Slot, Table, Value};

const DATA_FONT: &str = "宋体";
const HEADER_FONT: &str = "黑体";
/// GB2312, so spreadsheet programs pick a Chinese face for these fonts.
const GB2312_CHARSET: u8 = 134;
/// The table starts below the title and caption rows.
const TABLE_TOP: u32 = 2;
/// Above this many character widths a sheet prints landscape.
const PORTRAIT_MAX_WIDTH: f64 = 100.0;
/// Excel's paper size code for A4.
const A4: u8 = 9;

struct Formats {
    title: Format,
    caption: Format,
    header: Format,
    text: Format,
    centred: Format,
    number: Format,
}

impl Formats {
    fn new() -> Self {
        let base = |font: &str| {
            Format::new()
                .set_font_name(font)
                .set_font_charset(GB2312_CHARSET)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap()
        };
        let boxed = |font: &str| {
            base(font)
                .set_font_size(10.5)
                .set_border(FormatBorder::Thin)
        };
        Formats {
            title: base(HEADER_FONT)
                .set_font_size(14)
                .set_align(FormatAlign::Center),
            caption: base(DATA_FONT)
                .set_font_size(11)
                .set_align(FormatAlign::Center),
            header: boxed(HEADER_FONT).set_align(FormatAlign::Center),
            text: boxed(DATA_FONT).set_align(FormatAlign::Left),
            centred: boxed(DATA_FONT).set_align(FormatAlign::Center),
            number: boxed(DATA_FONT).set_align(FormatAlign::Center),
        }
    }

    fn of(&self, cell: &Cell) -> &Format {
        match (&cell.value, cell.header, cell.centered) {
            (_, true, _) => &self.header,
            (Value::Number(_), _, _) => &self.number,
            (_, _, true) => &self.centred,
            _ => &self.text,
        }
    }
}

fn failed(e: XlsxError) -> Error {
    Error::Internal(format!("生成 Excel 文件失败：{e}"))
}

pub fn write(doc: &Document) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let formats = Formats::new();
    let mut names: Vec<String> = vec![];
    for table in doc.tables() {
        let name = sheet_name(&table.name, &names);
        names.push(name.clone());
        let sheet = book.add_worksheet();
        sheet.set_name(name).map_err(failed)?;
        write_sheet(sheet, doc, table, &formats).map_err(failed)?;
    }
    if names.is_empty() {
        return Err(Error::conflict("没有可以写入 Excel 的表格。"));
    }
    book.save_to_buffer().map_err(failed)
}

/// A valid, unique sheet name: no `[]:*?/\`, at most 31 characters.
fn sheet_name(wanted: &str, taken: &[String]) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect::<String>()
        .trim_matches('\'')
        .trim()
        .chars()
        .take(28)
        .collect();
    let clean = if clean.is_empty() {
        "表".to_string()
    } else {
        clean
    };
    let mut name = clean.clone();
    let mut n = 2;
    while taken
        .iter()
        .any(|t| t.to_lowercase() == name.to_lowercase())
    {
        name = format!("{clean}({n})");
        n += 1;
    }
    name
}

fn write_sheet(
    sheet: &mut Worksheet,
    doc: &Document,
    table: &Table,
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    let last_col = (table.widths.len().max(1) - 1) as u16;
    sheet.merge_range(0, 0, 0, last_col, &doc.title_text(), &formats.title)?;
    sheet.set_row_height(0, 30)?;
    sheet.merge_range(1, 0, 1, last_col, &table.caption, &formats.caption)?;
    sheet.set_row_height(1, 20)?;
    for (c, w) in table.widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    for (r, slots) in table.layout().into_iter().enumerate() {
        let mut lines = 1;
        for slot in slots {
            if let Slot::Start { cell, row, col } = slot {
                write_cell(sheet, cell, row, col, formats)?;
                if cell.row_span == 1 {
                    let width: f64 = table.widths[col..col + cell.col_span].iter().sum();
                    lines = lines.max(lines_needed(&cell.display(), width));
                }
            }
        }
        // Spreadsheets do not grow rows holding merged cells: size each row.
        sheet.set_row_height(TABLE_TOP + r as u32, LINE_HEIGHT * lines as f64 + 3.0)?;
    }
    page_setup(sheet, doc, table)
}

fn write_cell(
    sheet: &mut Worksheet,
    cell: &Cell,
    row: usize,
    col: usize,
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    let (r, c) = (TABLE_TOP + row as u32, col as u16);
    let format = formats.of(cell);
    if cell.row_span > 1 || cell.col_span > 1 {
        let (r1, c1) = (r + cell.row_span as u32 - 1, c + cell.col_span as u16 - 1);
        sheet.merge_range(r, c, r1, c1, &cell.display(), format)?;
    }
    match (&cell.value, cell.sum_of) {
        (Value::Number(n), Some(area)) => {
            let formula = Formula::new(format!("=SUM({})", sheet_range(area)))
                .set_result(crate::sentences::decimal(*n, 4));
            sheet.write_formula_with_format(r, c, formula, format)?;
        }
        (Value::Number(n), None) => {
            sheet.write_number_with_format(r, c, *n, format)?;
        }
        (Value::Text(t), _) if cell.row_span == 1 && cell.col_span == 1 => {
            sheet.write_string_with_format(r, c, t, format)?;
        }
        (Value::Empty, _) if cell.row_span == 1 && cell.col_span == 1 => {
            sheet.write_blank(r, c, format)?;
        }
        _ => {}
    }
    Ok(())
}

/// Points per line of 10.5 pt text.
const LINE_HEIGHT: f64 = 13.5;

/// How many lines `text` takes in a column `width` characters wide (a
/// Chinese character is a little more than two).
fn lines_needed(text: &str, width: f64) -> usize {
    let text_width: f64 = text
        .chars()
        .map(|c| if c.is_ascii() { 1.1 } else { 2.1 })
        .sum();
    let usable = (width - 1.0).max(1.0);
    ((text_width / usable).ceil() as usize).max(1)
}

fn sheet_range(area: Area) -> String {
    cell_range(
        TABLE_TOP + area.rows.0 as u32,
        area.cols.0 as u16,
        TABLE_TOP + area.rows.1 as u32,
        area.cols.1 as u16,
    )
}

fn page_setup(
    sheet: &mut Worksheet,
    doc: &Document,
    table: &Table,
) -> std::result::Result<(), XlsxError> {
    sheet.set_paper_size(A4);
    let width: f64 = table.widths.iter().sum();
    if doc.page.landscape || width > PORTRAIT_MAX_WIDTH {
        sheet.set_landscape();
    }
    let inch = |mm: f64| mm / 25.4;
    let m = doc.page;
    sheet.set_margins(
        inch(m.left_mm.min(20.0)),
        inch(m.right_mm.min(20.0)),
        inch(m.top_mm.min(25.0)),
        inch(m.bottom_mm.min(25.0)),
        0.3,
        0.3,
    );
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_footer("&C第 &P 页，共 &N 页");
    if table.header_rows > 0 {
        let last_header = TABLE_TOP + table.header_rows as u32 - 1;
        sheet.set_repeat_rows(0, last_header)?;
        sheet.set_freeze_panes(last_header + 1, 0)?;
        if table.header_rows == 1 && table.rows.len() > 1 {
            let last_row = TABLE_TOP + table.rows.len() as u32 - 1;
            sheet.autofilter(TABLE_TOP, 0, last_row, (table.widths.len() - 1) as u16)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let taken = vec!["主动公开".to_string()];
        assert_eq!(sheet_name("主动公开", &taken), "主动公开(2)");
        assert_eq!(sheet_name("a/b:c", &[]), "a_b_c");
        assert_eq!(sheet_name("", &[]), "表");
        assert_eq!(sheet_name(&"长".repeat(40), &[]).chars().count(), 28);
    }
}
