//! The .docx package's XML: GB/T 9704 page, fonts, footers and tables.

use super::{sample_2023, word_text, zip_part};
use crate::{render, Format, Template};

fn standard_docx() -> Vec<u8> {
    render(&sample_2023(), Template::Standard, Format::Docx)
        .unwrap()
        .bytes
}

#[test]
fn the_page_is_a4_with_the_official_margins_and_line_grid() {
    let xml = zip_part(&standard_docx(), "word/document.xml");
    assert!(
        xml.contains(r#"<w:pgSz w:w="11906" w:h="16838""#),
        "A4 portrait"
    );
    // 37, 35, 28 and 26 mm in twips.
    for margin in [
        r#"w:top="2098""#,
        r#"w:bottom="1984""#,
        r#"w:left="1587""#,
        r#"w:right="1474""#,
    ] {
        assert!(xml.contains(margin), "{margin}");
    }
    assert!(xml.contains(r#"w:linePitch="579""#), "22 lines a page");
    assert!(xml.contains(r#"w:line="579" w:lineRule="exact""#));
    assert!(xml.contains(r#"w:firstLine="640""#), "two-character indent");
}

#[test]
fn title_body_and_headings_use_the_official_faces_and_sizes() {
    let bytes = standard_docx();
    let xml = zip_part(&bytes, "word/document.xml");
    let run_with = |font: &str, size: usize| {
        xml.split("<w:r>").any(|run| {
            run.contains(&format!(r#"w:eastAsia="{font}""#))
                && run.contains(&format!(r#"<w:sz w:val="{size}" />"#))
        })
    };
    assert!(run_with("方正小标宋简体", 44), "2号 title");
    assert!(run_with("仿宋_GB2312", 32), "3号 body");
    assert!(run_with("黑体", 32), "level-1 headings");
    assert!(run_with("楷体_GB2312", 32), "level-2 headings");
    assert!(run_with("仿宋_GB2312", 21), "5号 tables");
    let styles = zip_part(&bytes, "word/styles.xml");
    assert!(
        styles.contains(r#"w:eastAsia="仿宋_GB2312""#),
        "body font by default"
    );
    assert!(styles.contains(r#"w:eastAsia="zh-CN""#), "Chinese language");
    let fonts = zip_part(&bytes, "word/fontTable.xml");
    assert!(fonts.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋" />"#));
    assert!(fonts.contains(r#"<w:charset w:val="86" />"#));
}

#[test]
fn page_numbers_sit_right_on_odd_pages_and_left_on_even_ones() {
    let bytes = standard_docx();
    let xml = zip_part(&bytes, "word/document.xml");
    assert!(xml.contains(r#"<w:footerReference w:type="default""#));
    assert!(xml.contains(r#"<w:footerReference w:type="even""#));
    let settings = zip_part(&bytes, "word/settings.xml");
    assert!(settings.contains("<w:evenAndOddHeaders"), "{settings}");
    let footers: Vec<String> = (1..=2)
        .map(|i| zip_part(&bytes, &format!("word/footer{i}.xml")))
        .collect();
    for footer in &footers {
        assert!(footer.contains("<w:instrText>PAGE</w:instrText>"));
        assert_eq!(word_text(footer), "— 1 —");
        assert!(
            footer.contains(r#"w:eastAsia="宋体""#) && footer.contains(r#"<w:sz w:val="28" />"#)
        );
    }
    assert!(footers
        .iter()
        .any(|f| f.contains(r#"<w:jc w:val="right" />"#)));
    assert!(footers
        .iter()
        .any(|f| f.contains(r#"<w:jc w:val="left" />"#)));
}

#[test]
fn tables_have_borders_merged_cells_and_repeated_header_rows() {
    let xml = zip_part(&standard_docx(), "word/document.xml");
    assert_eq!(xml.matches("<w:tbl>").count(), 3);
    assert!(xml.contains("<w:tblBorders>"));
    assert!(
        xml.contains(r#"<w:gridSpan w:val="7" />"#),
        "申请人情况 over seven columns"
    );
    assert!(
        xml.contains(r#"<w:gridSpan w:val="5" />"#),
        "法人或其他组织, table 四's groups"
    );
    assert!(xml.contains(r#"<w:vMerge w:val="restart" />"#));
    assert!(xml.contains(r#"<w:vMerge w:val="continue" />"#));
    // Table 三's three header rows and table 四's three repeat on each page.
    assert_eq!(xml.matches("<w:tblHeader />").count(), 6);
    assert!(!xml.contains(r#"w:hRule="atLeast""#), "the marker is gone");
}

#[test]
fn docx_rs_reads_the_file_back() {
    let doc = docx_rs::read_docx(&standard_docx()).expect("a well-formed package");
    let text: String = doc
        .document
        .children
        .iter()
        .filter_map(|c| match c {
            docx_rs::DocumentChild::Paragraph(p) => Some(p.raw_text()),
            _ => None,
        })
        .collect();
    assert!(text.contains("一、总体情况"), "{text}");
}
