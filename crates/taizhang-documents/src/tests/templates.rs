//! The templates' documents: the official tables' labels, merged cells and
//! figures; file names; which formats each template offers.

use proptest::prelude::*;

use super::{changqing_2018, sample_2023};
use taizhang_base::official::{
    self, APPEAL_OUTCOMES, GROUP_OTHER, GROUP_RESULTS, GROUP_WITHHELD, TABLE3_CORNER, TABLE3_ROWS,
};
use crate::document::{Cell, Slot, Table, Value};
use crate::figures::RowCounts;
use crate::{build_document, file_name, render, Format, ReportInput, Template};

fn tables(input: &ReportInput, template: Template) -> Vec<Table> {
    build_document(input, template)
        .unwrap()
        .tables()
        .cloned()
        .collect()
}

/// Every cell that starts somewhere: (row, column, cell).
fn placed(table: &Table) -> Vec<(usize, usize, Cell)> {
    table
        .layout()
        .into_iter()
        .flatten()
        .filter_map(|s| match s {
            Slot::Start { cell, row, col } => Some((row, col, cell.clone())),
            Slot::Below { .. } => None,
        })
        .collect()
}

fn find<'a>(cells: &'a [(usize, usize, Cell)], text: &str) -> &'a (usize, usize, Cell) {
    cells
        .iter()
        .find(|(_, _, c)| c.display() == text)
        .unwrap_or_else(|| panic!("a cell “{text}”"))
}

/// The numbers of the grid row whose label cell reads `label`.
fn numbers_right_of(cells: &[(usize, usize, Cell)], label: &str) -> Vec<f64> {
    let (row, _, _) = find(cells, label);
    cells
        .iter()
        .filter(|(r, _, c)| r == row && matches!(c.value, Value::Number(_)))
        .map(|(_, _, c)| match c.value {
            Value::Number(n) => n,
            _ => unreachable!(),
        })
        .collect()
}

#[test]
fn every_row_of_every_table_fills_its_columns() {
    for year in [2018, 2019, 2020, 2021, 2023] {
        let mut input = sample_2023();
        input.figures.year = year;
        for template in Template::ALL {
            for t in tables(&input, template) {
                assert!(
                    t.row_widths().iter().all(|w| *w == t.widths.len()),
                    "{year} {:?} {}: {:?}",
                    template,
                    t.name,
                    t.row_widths()
                );
            }
        }
    }
}

#[test]
fn table3_has_the_official_header_and_merged_label_cells() {
    let t = tables(&sample_2023(), Template::Standard).remove(1);
    assert_eq!(t.widths.len(), 10);
    assert_eq!(t.header_rows, 3);
    let cells = placed(&t);
    let span = |text: &str| {
        let (r, c, cell) = find(&cells, text);
        (*r, *c, cell.row_span, cell.col_span)
    };
    assert_eq!(span(TABLE3_CORNER), (0, 0, 3, 3));
    assert_eq!(span("申请人情况"), (0, 3, 1, 7));
    assert_eq!(span("自然人"), (1, 3, 2, 1));
    assert_eq!(span("法人或其他组织"), (1, 4, 1, 5));
    assert_eq!(span("总计"), (1, 9, 2, 1));
    assert_eq!(span("商业企业"), (2, 4, 1, 1));
    assert_eq!(span("其他"), (2, 8, 1, 1));
    assert_eq!(span("一、本年新收政府信息公开申请数量"), (3, 0, 1, 3));
    // 三、本年度办理结果 spans the 21 results and （七）总计.
    assert_eq!(span(GROUP_RESULTS), (5, 0, 22, 1));
    assert_eq!(span("（一）予以公开"), (5, 1, 1, 2));
    assert_eq!(span(GROUP_WITHHELD), (7, 1, 8, 1));
    assert_eq!(span("1.属于国家秘密"), (7, 2, 1, 1));
    assert_eq!(span(GROUP_OTHER), (23, 1, 3, 1));
    assert_eq!(span("（七）总计"), (26, 1, 1, 2));
    assert_eq!(span("四、结转下年度继续办理"), (27, 0, 1, 3));
    assert_eq!(t.rows.len(), 28);
    for row in TABLE3_ROWS {
        find(&cells, row.label);
    }
}

#[test]
fn table3_totals_are_sums_spreadsheets_can_keep() {
    let t = tables(&sample_2023(), Template::Standard).remove(1);
    let cells = placed(&t);
    let (row, _, _) = find(&cells, "（七）总计");
    let total = cells.iter().find(|(r, c, _)| r == row && *c == 3).unwrap();
    let area = total.2.sum_of.expect("a column sum");
    assert_eq!(area.rows, (5, 25));
    assert_eq!(area.cols, (3, 3));
    let (row, _, _) = find(&cells, "1.属于国家秘密");
    let row_total = cells.iter().find(|(r, c, _)| r == row && *c == 9).unwrap();
    assert_eq!(row_total.2.sum_of.unwrap().cols, (3, 8));
}

#[test]
fn trial_format_prints_other_handling_as_one_row_and_its_own_table2() {
    let mut input = sample_2023();
    input.figures.year = 2020;
    let all = tables(&input, Template::Standard);
    let t3 = placed(&all[1]);
    let other: f64 = ["other.no_correction", "other.fee_unpaid", "other.other"]
        .iter()
        .map(|c| input.figures.applications.rows.total(c) as f64)
        .sum();
    let numbers = numbers_right_of(&t3, GROUP_OTHER);
    assert_eq!(numbers.last(), Some(&other));
    assert_eq!(find(&t3, GROUP_OTHER).2.col_span, 2);
    assert!(!t3.iter().any(|(_, _, c)| c.display() == "3.其他"));
    assert_eq!(find(&t3, GROUP_RESULTS).2.row_span, 20);
    let t2 = placed(&all[0]);
    for label in [
        "本年新制作数量",
        "其他对外管理服务事项",
        "第二十条第（九）项",
        "政府集中采购",
    ] {
        find(&t2, label);
    }
    assert_eq!(numbers_right_of(&t2, "行政许可"), vec![15.0]);
}

#[test]
fn table2_shows_the_2021_items_and_figures() {
    let t2 = placed(&tables(&sample_2023(), Template::Standard)[0]);
    for block in official::TABLE2 {
        find(&t2, block.item);
        for column in block.columns {
            find(&t2, column);
        }
    }
    assert_eq!(numbers_right_of(&t2, "行政规范性文件"), vec![2.0, 1.0, 9.0]);
    assert_eq!(numbers_right_of(&t2, "行政处罚"), vec![37.0]);
    assert_eq!(numbers_right_of(&t2, "行政事业性收费"), vec![1.25]);
    let (_, _, licensing) = find(&t2, "15");
    assert_eq!(
        licensing.col_span, 3,
        "one figure under a header spanning three"
    );
}

#[test]
fn table4_has_the_two_groups_and_fifteen_figures() {
    let t4 = tables(&sample_2023(), Template::Standard).remove(2);
    let cells = placed(&t4);
    assert_eq!(find(&cells, "行政复议").2.col_span, 5);
    assert_eq!(find(&cells, "行政诉讼").2.col_span, 10);
    assert_eq!(find(&cells, "未经复议直接起诉").2.col_span, 5);
    assert_eq!(find(&cells, "复议后起诉").2.col_span, 5);
    let outcomes = cells
        .iter()
        .filter(|(_, _, c)| APPEAL_OUTCOMES.iter().any(|(_, l)| c.display() == *l))
        .count();
    assert_eq!(outcomes, 15);
    let figures: Vec<String> = t4.rows[3].iter().map(Cell::display).collect();
    assert_eq!(figures.join(" "), "1 1 0 1 3 0 1 1 0 2 1 0 0 0 1");
}

#[test]
fn the_ledger_has_a_contents_sheet_and_one_table_per_register() {
    let input = sample_2023();
    let doc = build_document(&input, Template::Ledger).unwrap();
    let names: Vec<&str> = doc.tables().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["目录", "主动公开", "依申请公开", "窗口业务"]);
    assert_eq!(doc.subtitle, ["本年度数据已于2024年1月20日锁定"]);
    let tally = doc.tables().nth(3).unwrap();
    assert!(matches!(tally.rows[1][3].value, Value::Number(n) if n == 310.0));
    assert!(
        matches!(&tally.rows[1][2].value, Value::Text(t) if t == "2023"),
        "periods stay text"
    );
    let applications = doc.tables().nth(2).unwrap();
    assert!(matches!(applications.rows[3][3].value, Value::Empty));
}

#[test]
fn files_are_named_after_the_office_year_and_template() {
    let input = changqing_2018();
    assert_eq!(
        file_name(&input, Template::Standard, Format::Docx),
        "长庆街道办事处2018年政府信息公开工作年度报告.docx"
    );
    assert_eq!(
        file_name(&input, Template::Summary, Format::Pdf),
        "长庆街道办事处2018年政务公开工作总结.pdf"
    );
    assert_eq!(
        file_name(&input, Template::Ledger, Format::Xlsx),
        "长庆街道办事处2018年政务公开台账.xlsx"
    );
    let mut odd = input;
    odd.office.name = "A/B:街道?".into();
    assert_eq!(
        file_name(&odd, Template::Ledger, Format::Html),
        "A_B_街道_2018年政务公开台账.html"
    );
}

#[test]
fn unsupported_combinations_are_refused_with_the_choices() {
    let input = changqing_2018();
    for (template, format) in [
        (Template::Ledger, Format::Docx),
        (Template::Ledger, Format::Json),
        (Template::Summary, Format::Xlsx),
    ] {
        let err = render(&input, template, format).unwrap_err();
        let message = err.to_string();
        assert_eq!(err.code(), "invalid");
        assert!(message.contains(format.label()), "{message}");
        assert!(message.contains("可选"), "{message}");
    }
    assert!(Template::parse("yearly").is_err());
    assert_eq!(Format::parse("pdf").unwrap(), Format::Pdf);
    assert!(Format::parse("doc")
        .unwrap_err()
        .to_string()
        .contains("docx"));
}

fn counts() -> impl Strategy<Value = Vec<RowCounts>> {
    prop::collection::vec(prop::array::uniform7(0u64..1000), TABLE3_ROWS.len())
}

proptest! {
    /// Whatever the figures, each row of table 三 prints its own seven counts
    /// (the trial format's （六） the sum of the three sub-rows).
    #[test]
    fn table3_prints_each_rows_counts(rows in counts(), trial in any::<bool>()) {
        let mut input = sample_2023();
        input.figures.year = if trial { 2020 } else { 2022 };
        for (row, values) in TABLE3_ROWS.iter().zip(&rows) {
            *input.figures.applications.rows.row_mut(row.code) = *values;
        }
        let t3 = tables(&input, Template::Standard).remove(1);
        let cells = placed(&t3);
        for (row, values) in TABLE3_ROWS.iter().zip(&rows) {
            if trial && row.group == Some(GROUP_OTHER) {
                continue;
            }
            let printed = numbers_right_of(&cells, row.label);
            let expected: Vec<f64> = values.iter().map(|v| *v as f64).collect();
            prop_assert_eq!(printed, expected, "{}", row.code);
        }
        if trial {
            let sum: Vec<f64> = (0..7)
                .map(|c| rows[20..23].iter().map(|r| r[c] as f64).sum())
                .collect();
            prop_assert_eq!(numbers_right_of(&cells, GROUP_OTHER), sum);
        }
    }
}
