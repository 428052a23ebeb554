//! The exported files opened by LibreOffice and converted to PDF, the text
//! extracted with pdftotext. These tests need LibreOffice (writer and calc)
//! and poppler-utils; the test machine installs them, so a missing program
//! FAILS the test rather than skipping it.

use std::process::Command;

use super::{changqing_2018, sample_2023, squeeze};
use taizhang_base::official::{
    APPEALS_LITIGATION, APPEAL_KINDS, APPEAL_OUTCOMES, APPLICANT_KINDS, STANDARD_SECTIONS, TABLE2,
    TABLE2_CONTENT, TABLE3_CORNER, TABLE3_ROWS,
};
use crate::writers::pdf::find_soffice;
use crate::{render, Format, Template};

fn require_soffice() {
    assert!(
        find_soffice().is_some(),
        "LibreOffice (soffice) is not installed, and this test must not be skipped: \
         apt-get install libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils"
    );
}

/// The PDF's text in content order (`pdftotext -raw`).
fn pdf_text(pdf: &[u8]) -> String {
    assert!(pdf.starts_with(b"%PDF"), "a PDF file");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg("-raw")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed: apt-get install poppler-utils");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).unwrap()
}

fn digits(values: impl IntoIterator<Item = u64>) -> String {
    values.into_iter().map(|v| v.to_string()).collect()
}

#[test]
fn libreoffice_prints_every_label_and_figure_of_the_standard_report() {
    require_soffice();
    let input = sample_2023();
    let file = render(&input, Template::Standard, Format::Pdf).unwrap();
    assert_eq!(
        file.name,
        "长庆街道办事处2023年政府信息公开工作年度报告.pdf"
    );
    let text = squeeze(&pdf_text(&file.bytes));
    let mut missing = vec![];
    let mut expect = |needle: String| {
        if !text.contains(&squeeze(&needle)) {
            missing.push(needle);
        }
    };
    expect("长庆街道办事处2023年政府信息公开工作年度报告".into());
    for (_, heading, _) in STANDARD_SECTIONS {
        expect(heading.to_string());
    }
    // Table 二: every item, header and row, each row with its figures.
    let p = &input.figures.proactive;
    for block in TABLE2 {
        expect(block.item.into());
        expect(format!("{TABLE2_CONTENT}{}", block.columns.join("")));
    }
    expect(format!(
        "规章{}",
        digits([p.rules.issued, p.rules.repealed, p.rules.in_force])
    ));
    let n = p.normative_documents;
    expect(format!(
        "行政规范性文件{}",
        digits([n.issued, n.repealed, n.in_force])
    ));
    expect(format!("行政许可{}", p.licensing.decisions));
    expect(format!("行政处罚{}", p.penalty.decisions));
    expect(format!("行政强制{}", p.enforcement.decisions));
    expect("行政事业性收费1.25".into());
    // Table 三: the header, then every row's label followed by its seven counts.
    expect(TABLE3_CORNER.into());
    expect("申请人情况".into());
    expect("法人或其他组织".into());
    for (_, label) in APPLICANT_KINDS {
        expect(label.to_string());
    }
    for row in TABLE3_ROWS {
        if let Some(group) = row.group {
            expect(group.into());
        }
        let counts = input.figures.applications.rows.get(row.code).unwrap();
        expect(format!("{}{}", row.label, digits(*counts)));
    }
    expect("三、本年度办理结果".into());
    // Table 四: the groups, the outcomes, and the fifteen figures in order.
    expect(APPEALS_LITIGATION.into());
    for (_, kind) in APPEAL_KINDS {
        expect(kind.to_string());
    }
    for (_, outcome) in APPEAL_OUTCOMES {
        expect(outcome.to_string());
    }
    let appeals = APPEAL_KINDS.iter().flat_map(|(kind, _)| {
        let counts = *input.figures.appeals.get(kind).unwrap();
        APPEAL_OUTCOMES
            .iter()
            .map(move |(o, _)| counts.get(o).unwrap())
    });
    expect(format!("{}五、存在的主要问题", digits(appeals)));
    // Prose and page numbers.
    expect("本年度对2件政府信息公开申请收取信息处理费，共计150元。".into());
    expect("—1—".into());
    expect("—2—".into());
    assert!(
        missing.is_empty(),
        "missing from the PDF: {missing:#?}\n\n{text}"
    );
}

#[test]
fn libreoffice_keeps_table_three_labels_whole_on_the_official_page() {
    require_soffice();
    let file = render(&sample_2023(), Template::Standard, Format::Pdf).unwrap();
    // In content order each line of a cell is a line of text: a label that
    // wraps inside its column shows up broken here.
    let text = pdf_text(&file.bytes);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    assert!(
        lines.contains(&APPLICANT_KINDS[0].1),
        "the header cell 自然人 on one line:\n{text}"
    );
    assert!(
        !lines.iter().any(|l| l.starts_with('、')),
        "“三、” stays together in the first column:\n{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| *l == "三、" || l.starts_with("三、本年")),
        "the first column holds more than one character a line:\n{text}"
    );
}

#[test]
fn libreoffice_prints_the_2018_summary_with_the_service_sentence() {
    require_soffice();
    let file = render(&changqing_2018(), Template::Summary, Format::Pdf).unwrap();
    let text = squeeze(&pdf_text(&file.bytes));
    assert!(
        text.contains("长庆街道2018年度政务信息公开年度总结"),
        "{text}"
    );
    assert!(
        text.contains(
            "更换/补办证历本1200本，登记灵活就业体检320人，办理老年卡980人，调档查询1200人"
        ),
        "{text}"
    );
    assert!(text.contains("共计5247件次"), "{text}");
    assert!(text.contains("本年度未收到政府信息公开申请"), "{text}");
}

#[test]
fn libreoffice_converts_the_ledger_workbook() {
    require_soffice();
    let file = render(&sample_2023(), Template::Ledger, Format::Pdf).unwrap();
    assert_eq!(file.name, "长庆街道办事处2023年政务公开台账.pdf");
    let text = squeeze(&pdf_text(&file.bytes));
    for needle in [
        "长庆街道办事处2023年政务公开台账",
        "依申请公开",
        "<script>alert(1)</script>",
        "十五家园社区",
    ] {
        assert!(text.contains(needle), "{needle} in {text}");
    }
}
