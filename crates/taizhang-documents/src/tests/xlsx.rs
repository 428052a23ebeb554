//! The .xlsx files read back with calamine: sheets, merged headers, figures,
//! and the cached values of the total formulas.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, DataType, Reader, Xlsx};

use super::sample_2023;
use taizhang_base::official::TABLE3_CORNER;
use crate::{render, Template};

type Book = Xlsx<Cursor<Vec<u8>>>;

fn open(template: Template) -> Book {
    let file = render(&sample_2023(), template, crate::Format::Xlsx).unwrap();
    let mut book: Book = open_workbook_from_rs(Cursor::new(file.bytes)).unwrap();
    book.load_merged_regions().unwrap();
    book
}

/// Merged areas of a sheet as ((first row, first col), (last row, last col)).
fn merged(book: &Book, sheet: &str) -> Vec<((u32, u32), (u32, u32))> {
    book.merged_regions_by_sheet(sheet)
        .iter()
        .map(|(_, _, d)| (d.start, d.end))
        .collect()
}

fn text(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    range
        .get_value((row, col))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

fn number(range: &calamine::Range<Data>, row: u32, col: u32) -> f64 {
    range
        .get_value((row, col))
        .and_then(|d| d.as_f64())
        .unwrap_or_else(|| {
            panic!(
                "a number at ({row}, {col}): {:?}",
                range.get_value((row, col))
            )
        })
}

#[test]
fn the_standard_workbook_lays_out_the_three_tables_with_merged_headers() {
    let mut book = open(Template::Standard);
    assert_eq!(
        book.sheet_names(),
        ["主动公开情况", "依申请公开情况", "复议诉讼情况"]
    );
    let sheet = "依申请公开情况";
    let merges = merged(&book, sheet);
    // The title and caption rows, then the table from row 2.
    for area in [
        ((0, 0), (0, 9)),
        ((2, 0), (4, 2)),
        ((2, 3), (2, 9)),
        ((3, 3), (4, 3)),
        ((3, 4), (3, 8)),
        ((7, 0), (28, 0)),
        ((9, 1), (16, 1)),
    ] {
        assert!(merges.contains(&area), "{area:?} in {merges:?}");
    }
    let range = book.worksheet_range(sheet).unwrap();
    assert_eq!(
        text(&range, 0, 0),
        "长庆街道办事处2023年政府信息公开工作年度报告"
    );
    assert_eq!(text(&range, 1, 0), "三、收到和处理政府信息公开申请情况");
    assert_eq!(text(&range, 2, 0), TABLE3_CORNER);
    assert_eq!(text(&range, 2, 3), "申请人情况");
    assert_eq!(text(&range, 3, 4), "法人或其他组织");
    assert_eq!(text(&range, 4, 8), "其他");
    assert_eq!(text(&range, 5, 0), "一、本年新收政府信息公开申请数量");
    assert_eq!(text(&range, 7, 0), "三、本年度办理结果");
    let new: Vec<f64> = (3..10).map(|c| number(&range, 5, c)).collect();
    assert_eq!(new, [30.0, 32.0, 29.0, 31.0, 31.0, 30.0, 183.0]);
    // （七）总计 is a formula whose cached value is the computed figure.
    assert_eq!(text(&range, 28, 1), "（七）总计");
    assert_eq!(number(&range, 28, 9), 186.0);
    let formulas = book.worksheet_formula(sheet).unwrap();
    assert_eq!(formulas.get_value((28, 3)).unwrap(), "SUM(D8:D28)");
    assert_eq!(formulas.get_value((5, 9)).unwrap(), "SUM(D6:I6)");
}

#[test]
fn table2_and_table4_read_back_with_their_figures() {
    let mut book = open(Template::Standard);
    let t2 = book.worksheet_range("主动公开情况").unwrap();
    assert_eq!(text(&t2, 2, 0), "第二十条第（一）项");
    assert_eq!(text(&t2, 3, 3), "现行有效件数");
    assert_eq!(text(&t2, 5, 0), "行政规范性文件");
    assert_eq!(number(&t2, 5, 3), 9.0);
    assert_eq!(text(&t2, 15, 0), "行政事业性收费");
    assert_eq!(number(&t2, 15, 1), 1.25);
    assert!(merged(&book, "主动公开情况").contains(&((15, 1), (15, 3))));

    let t4 = book.worksheet_range("复议诉讼情况").unwrap();
    assert_eq!(text(&t4, 2, 0), "行政复议");
    assert_eq!(text(&t4, 2, 5), "行政诉讼");
    assert_eq!(text(&t4, 3, 5), "未经复议直接起诉");
    assert_eq!(text(&t4, 4, 14), "总计");
    let figures: Vec<f64> = (0..15).map(|c| number(&t4, 5, c)).collect();
    assert_eq!(
        figures,
        [1., 1., 0., 1., 3., 0., 1., 1., 0., 2., 1., 0., 0., 0., 1.]
    );
    assert!(merged(&book, "复议诉讼情况").contains(&((3, 0), (4, 0))));
}

#[test]
fn the_ledger_workbook_has_a_sheet_per_register_with_numbers_as_numbers() {
    let mut book = open(Template::Ledger);
    assert_eq!(
        book.sheet_names(),
        ["目录", "主动公开", "依申请公开", "窗口业务"]
    );
    let contents = book.worksheet_range("目录").unwrap();
    assert_eq!(text(&contents, 1, 0), "本年度数据已于2024年1月20日锁定");
    assert_eq!(text(&contents, 4, 0), "依申请公开");
    assert_eq!(number(&contents, 4, 1), 3.0);
    let disclosures = book.worksheet_range("主动公开").unwrap();
    assert_eq!(text(&disclosures, 2, 1), "标题");
    assert_eq!(text(&disclosures, 4, 1), "<script>alert(1)</script>");
    let tallies = book.worksheet_range("窗口业务").unwrap();
    assert_eq!(tallies.get_value((3, 3)), Some(&Data::Float(310.0)));
    assert_eq!(
        tallies.get_value((3, 2)),
        Some(&Data::String("2023".into())),
        "a period stays text"
    );
}
