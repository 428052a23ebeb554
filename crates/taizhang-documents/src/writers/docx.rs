//! `.docx` laid out as an official document (GB/T 9704-2012): A4, the standard
//! margins, a 2号 小标宋 title, 3号 仿宋 body on a grid of 22 lines of 28
//! characters, 黑体 / 楷体 headings, and "— N —" page numbers in 4号 宋体,
//! odd pages right and even pages left.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, DocGrid, DocGridType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin,
    PageNum, Paragraph, Run, RunFonts, SpecialIndentType, Table as DocxTable, TableAlignmentType,
    TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType, VMergeType, WidthType,
};

use taizhang_base::error::{Error, Result};
use crate::document::{Block, Cell, Document, PageSetup, Slot, Table, Value};

const TITLE_FONT: &str = "方正小标宋简体";
const BODY_FONT: &str = "仿宋_GB2312";
const HEADING1_FONT: &str = "黑体";
const HEADING2_FONT: &str = "楷体_GB2312";
const PAGE_NUMBER_FONT: &str = "宋体";
const LATIN_FONT: &str = "Times New Roman";

/// Font sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 5号 10.5 pt.
const TITLE_SIZE: usize = 44;
const BODY_SIZE: usize = 32;
const PAGE_NUMBER_SIZE: usize = 28;
const TABLE_SIZE: usize = 21;

/// 22 lines of 28 characters in the text block of an A4 page with the
/// official margins.
const LINES_PER_PAGE: f64 = 22.0;
const CHARS_PER_LINE: f64 = 28.0;
/// The title's line height: 35 pt.
const TITLE_LINE: i32 = 700;
/// A table line: 5号 text with a little air (exact 13 pt).
const TABLE_LINE: i32 = 260;

const A4_SHORT_MM: f64 = 210.0;
const A4_LONG_MM: f64 = 297.0;

fn twips(mm: f64) -> f64 {
    mm * 1440.0 / 25.4
}

/// The page's text block in twips: (width, height).
fn text_block(page: &PageSetup) -> (f64, f64) {
    let (w, h) = page_mm(page);
    (
        twips(w - page.left_mm - page.right_mm),
        twips(h - page.top_mm - page.bottom_mm),
    )
}

fn page_mm(page: &PageSetup) -> (f64, f64) {
    if page.landscape {
        (A4_LONG_MM, A4_SHORT_MM)
    } else {
        (A4_SHORT_MM, A4_LONG_MM)
    }
}

/// The body's line pitch in twips (579 for the official page: 28.95 pt).
fn line_pitch(page: &PageSetup) -> i32 {
    (text_block(page).1 / LINES_PER_PAGE).floor() as i32
}

/// How much to condense the body's characters (in twips, rounded away from
/// zero) so 28 of them fit a line. A character grid (`linesAndChars`) would
/// say the same to Word, but LibreOffice then gives each character two grid
/// cells; condensed spacing reads the same everywhere.
fn condensed(page: &PageSetup) -> i32 {
    let pitch = text_block(page).0 / CHARS_PER_LINE;
    (pitch - (BODY_SIZE * 10) as f64).floor() as i32
}

/// Fonts for Chinese text set in `east_asia`, with Latin letters and digits
/// in `latin`.
fn fonts(east_asia: &str, latin: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii(latin)
        .hi_ansi(latin)
        .cs(latin)
}

fn run(text: &str, font: &str, latin: &str, size: usize) -> Run {
    Run::new()
        .add_text(text)
        .fonts(fonts(font, latin))
        .size(size)
}

fn exact(line: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(line)
}

/// A body-width paragraph indented by two characters on its first line.
fn indented(run: Run, page: &PageSetup) -> Paragraph {
    Paragraph::new()
        .add_run(run.character_spacing(condensed(page)))
        .align(AlignmentType::Both)
        .line_spacing(exact(line_pitch(page)))
        .indent(
            None,
            Some(SpecialIndentType::FirstLine(BODY_SIZE as i32 * 20)),
            None,
            None,
        )
}

fn title(doc: &Document) -> Vec<Paragraph> {
    let pitch = line_pitch(&doc.page);
    let mut out: Vec<Paragraph> = doc
        .title
        .lines()
        .map(|line| {
            Paragraph::new()
                .add_run(run(line, TITLE_FONT, TITLE_FONT, TITLE_SIZE))
                .align(AlignmentType::Center)
                .snap_to_grid(false)
                .line_spacing(exact(TITLE_LINE))
                .keep_next(true)
        })
        .collect();
    for line in &doc.subtitle {
        out.push(
            Paragraph::new()
                .add_run(run(line, HEADING2_FONT, LATIN_FONT, BODY_SIZE))
                .align(AlignmentType::Center)
                .line_spacing(exact(pitch)),
        );
    }
    // GB/T 9704: one empty line between the title and the text.
    out.push(Paragraph::new().line_spacing(exact(pitch)));
    out
}

fn heading(level: u8, text: &str, page: &PageSetup) -> Paragraph {
    let font = if level <= 1 {
        HEADING1_FONT
    } else {
        HEADING2_FONT
    };
    indented(run(text, font, font, BODY_SIZE), page)
        .outline_lvl(usize::from(level.max(1)) - 1)
        .keep_next(true)
}

/// "— N —" in 4号 宋体, one character in from the outer edge.
fn page_number(align: AlignmentType) -> Footer {
    let dash = |t: &str| run(t, PAGE_NUMBER_FONT, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE);
    let one_char = PAGE_NUMBER_SIZE as i32 * 10;
    let (left, right) = match align {
        AlignmentType::Left => (Some(one_char), None),
        _ => (None, Some(one_char)),
    };
    let mut p = Paragraph::new()
        .align(align)
        .size(PAGE_NUMBER_SIZE)
        .fonts(fonts(PAGE_NUMBER_FONT, PAGE_NUMBER_FONT))
        .add_run(dash("— "))
        .add_page_num(PageNum::new())
        .add_run(dash(" —"));
    p = p.indent(left, None, right, None);
    Footer::new().add_paragraph(p)
}

/// Cell paragraphs of the header rows and the first few rows keep with the
/// next row: a table may break across pages (its header rows repeat), but
/// not right below its header. Keeping whole tables together would leave
/// their heading alone at the foot of a page in LibreOffice.
fn cell_paragraph(cell: &Cell, keep_next: bool) -> Paragraph {
    let font = if cell.header {
        HEADING1_FONT
    } else {
        BODY_FONT
    };
    let centred = cell.centered || matches!(cell.value, Value::Number(_));
    let mut p = Paragraph::new()
        .align(if centred {
            AlignmentType::Center
        } else {
            AlignmentType::Left
        })
        .line_spacing(exact(TABLE_LINE))
        .snap_to_grid(false)
        .keep_next(keep_next);
    let text = cell.display();
    if !text.is_empty() {
        p = p.add_run(run(&text, font, LATIN_FONT, TABLE_SIZE));
    }
    p
}

/// Column widths in twips, filling the text block.
fn column_widths(table: &Table, page: &PageSetup) -> Vec<usize> {
    let total: f64 = table.widths.iter().sum();
    let block = text_block(page).0;
    table
        .widths
        .iter()
        .map(|w| (block * w / total).floor() as usize)
        .collect()
}

fn table(table: &Table, page: &PageSetup) -> DocxTable {
    let widths = column_widths(table, page);
    let span_width = |col: usize, span: usize| widths[col..col + span].iter().sum::<usize>();
    let kept_rows = (table.header_rows + KEPT_BODY_ROWS).min(table.rows.len().saturating_sub(1));
    let rows = table
        .layout()
        .into_iter()
        .enumerate()
        .map(|(r, slots)| {
            let cells = slots
                .into_iter()
                .map(|slot| match slot {
                    Slot::Start { cell, col, .. } => {
                        let mut c = TableCell::new()
                            .add_paragraph(cell_paragraph(cell, r < kept_rows))
                            .width(span_width(col, cell.col_span), WidthType::Dxa)
                            .vertical_align(VAlignType::Center);
                        if cell.col_span > 1 {
                            c = c.grid_span(cell.col_span);
                        }
                        if cell.row_span > 1 {
                            c = c.vertical_merge(VMergeType::Restart);
                        }
                        c
                    }
                    Slot::Below { cell, col } => {
                        let mut c = TableCell::new()
                            .add_paragraph(
                                Paragraph::new()
                                    .snap_to_grid(false)
                                    .keep_next(r < kept_rows),
                            )
                            .width(span_width(col, cell.col_span), WidthType::Dxa)
                            .vertical_merge(VMergeType::Continue);
                        if cell.col_span > 1 {
                            c = c.grid_span(cell.col_span);
                        }
                        c
                    }
                })
                .collect();
            let row = TableRow::new(cells).cant_split();
            if r < table.header_rows {
                row.row_height(HEADER_ROW_MARK)
                    .height_rule(docx_rs::HeightRule::AtLeast)
            } else {
                row
            }
        })
        .collect();
    DocxTable::new(rows)
        .set_grid(widths.clone())
        .layout(TableLayoutType::Fixed)
        .width(widths.iter().sum(), WidthType::Dxa)
        .align(TableAlignmentType::Center)
        .margins(
            TableCellMargins::new()
                .margin_left(CELL_PADDING, WidthType::Dxa)
                .margin_right(CELL_PADDING, WidthType::Dxa),
        )
}

/// How many rows below the header stay on the header's page.
const KEPT_BODY_ROWS: usize = 3;

/// Narrow cell padding (1 mm), so table 四's narrow columns hold two characters a line.
const CELL_PADDING: usize = 57;

/// docx-rs cannot mark a row as a header row (repeated on each page); such
/// rows get this otherwise meaningless minimum height, which [`mark_header_rows`]
/// turns into `<w:tblHeader/>`.
const HEADER_ROW_MARK: f32 = 1.0;
const HEADER_ROW_MARK_XML: &str = r#"<w:trHeight w:val="1" w:hRule="atLeast" />"#;

fn mark_header_rows(document_xml: Vec<u8>) -> Result<Vec<u8>> {
    replace_in(document_xml, HEADER_ROW_MARK_XML, "<w:tblHeader />")
}

/// The text is Chinese: without `w:lang`, programs pick Japanese glyph forms
/// for the fallback face. docx-rs has no setting for it, so it is added to
/// the document defaults (last in `w:rPr`, where the schema puts it).
fn set_chinese_language(styles_xml: Vec<u8>) -> Result<Vec<u8>> {
    replace_in(
        styles_xml,
        "</w:rPr></w:rPrDefault>",
        r#"<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA" /></w:rPr></w:rPrDefault>"#,
    )
}

fn replace_in(xml: Vec<u8>, from: &str, to: &str) -> Result<Vec<u8>> {
    let xml = String::from_utf8(xml).map_err(|e| Error::Internal(e.to_string()))?;
    if !xml.contains(from) {
        return Err(Error::Internal(format!(
            "Word 文件结构与预期不符：缺少 {from}"
        )));
    }
    Ok(xml.replace(from, to).into_bytes())
}

/// The font table, declaring the Chinese faces with the GB2312 character set
/// and the name a Windows or WPS installation usually has (`altName`), so a
/// PC without 仿宋_GB2312 falls back to 仿宋 rather than a Latin face.
fn font_table() -> Vec<u8> {
    const FACES: &[(&str, &str, &str, &str)] = &[
        (TITLE_FONT, "宋体", "02010601030101010101", "script"),
        (BODY_FONT, "仿宋", "02010609030101010101", "modern"),
        (HEADING1_FONT, "SimHei", "02010609060101010101", "modern"),
        (HEADING2_FONT, "楷体", "02010609030101010101", "modern"),
        (PAGE_NUMBER_FONT, "SimSun", "02010600030101010101", "auto"),
    ];
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    );
    for (name, alt, panose, family) in FACES {
        xml += &format!(
            r#"<w:font w:name="{name}"><w:altName w:val="{alt}" /><w:panose1 w:val="{panose}" /><w:charset w:val="86" /><w:family w:val="{family}" /><w:pitch w:val="variable" /></w:font>"#
        );
    }
    xml += r#"<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304" /><w:charset w:val="00" /><w:family w:val="roman" /><w:pitch w:val="variable" /></w:font></w:fonts>"#;
    xml.into_bytes()
}

pub fn write(doc: &Document) -> Result<Vec<u8>> {
    let page = &doc.page;
    let (w, h) = page_mm(page);
    let mut docx = Docx::new()
        .page_size(twips(w).round() as u32, twips(h).round() as u32)
        .page_margin(
            PageMargin::new()
                .top(twips(page.top_mm).round() as i32)
                .bottom(twips(page.bottom_mm).round() as i32)
                .left(twips(page.left_mm).round() as i32)
                .right(twips(page.right_mm).round() as i32)
                // The page number sits about 7 mm below the text block.
                .footer(twips(page.bottom_mm - 12.0).round() as i32)
                .header(twips(15.0).round() as i32),
        )
        .default_fonts(fonts(BODY_FONT, LATIN_FONT))
        .default_size(BODY_SIZE)
        .footer(page_number(AlignmentType::Right))
        .even_footer(page_number(AlignmentType::Left));
    docx.document = docx.document.doc_grid(
        DocGrid::new()
            .grid_type(DocGridType::Lines)
            .line_pitch(line_pitch(page) as usize),
    );
    for p in title(doc) {
        docx = docx.add_paragraph(p);
    }
    for block in &doc.blocks {
        docx = match block {
            Block::Heading { level, text } => docx.add_paragraph(heading(*level, text, page)),
            Block::Paragraph(text) => {
                docx.add_paragraph(indented(run(text, BODY_FONT, LATIN_FONT, BODY_SIZE), page))
            }
            Block::Table(t) => docx
                .add_table(table(t, page))
                // A table directly after another block needs a paragraph after it.
                .add_paragraph(Paragraph::new().line_spacing(exact(line_pitch(page) / 2))),
        };
    }
    let mut xml = docx.build();
    xml.font_table = font_table();
    xml.styles = set_chinese_language(xml.styles)?;
    if doc.tables().any(|t| t.header_rows > 0) {
        xml.document = mark_header_rows(xml.document)?;
    }
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out)
        .map_err(|e| Error::Internal(format!("生成 Word 文件失败：{e}")))?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_page_has_22_lines_of_28_characters() {
        let page = PageSetup::OFFICIAL;
        assert_eq!(line_pitch(&page), 579);
        let (width, _) = text_block(&page);
        assert!((width - 8844.0).abs() < 1.0, "{width}");
        // 28 condensed characters of 16 pt fit the line, 29 do not.
        let advance = f64::from(320 + condensed(&page));
        assert!(
            advance * 28.0 <= width && advance * 29.0 > width,
            "{advance}"
        );
    }
}
