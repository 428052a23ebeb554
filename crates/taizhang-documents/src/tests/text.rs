//! The report's text (issue 16 item 4) and the tables the page previews
//! (item 5): the opening paragraph, 监督保障's 社会评议 and 责任追究, the
//! summary's headings as an office words them, where 其他 says whose it is,
//! and which years have the standard report.

use super::{changqing_2018, sample_2023, word_text, zip_part};
use crate::document::{Block, Table, Value};
use crate::templates::standard;
use crate::{build_document, render, summary_heading_key, Format, Narrative, Template};

fn paragraphs(blocks: &[Block]) -> Vec<&str> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.as_str()),
            _ => None,
        })
        .collect()
}

fn level1_headings(blocks: &[Block]) -> Vec<&str> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level: 1, text } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_standard_report_opens_with_its_basis_contents_and_period() {
    let mut input = sample_2023();
    let doc = build_document(&input, Template::Standard).unwrap();
    assert!(
        matches!(&doc.blocks[0], Block::Paragraph(_)),
        "the opening paragraph comes before 一、总体情况"
    );
    assert_eq!(
        paragraphs(&doc.blocks)[0],
        format!(
            "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和\
             《中华人民共和国政府信息公开工作年度报告格式》要求，由{}编制。\
             全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、\
             政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。\
             本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。",
            input.office.name.trim()
        )
    );
    // The trial format's years name the trial format.
    input.figures.year = 2020;
    let opening = standard::opening(&input);
    assert!(
        opening.contains("《中华人民共和国政府信息公开工作年度报告格式（试行）》"),
        "{opening}"
    );
    assert!(
        opening.contains("自2020年1月1日起至2020年12月31日止"),
        "{opening}"
    );
    // And the Word file carries it, escaped like every other paragraph.
    input.office.name = "长庆<街道>办事处".into();
    let docx = render(&input, Template::Standard, Format::Docx).unwrap();
    let text = word_text(&zip_part(&docx.bytes, "word/document.xml"));
    assert!(text.contains("由长庆&lt;街道&gt;办事处编制"), "{text}");
}

#[test]
fn supervision_drafts_social_review_and_accountability() {
    for mut input in [changqing_2018(), sample_2023()] {
        // The drafts, not a clerk's saved text.
        input.narratives.clear();
        let overview = crate::rendered_text(&input, Template::Standard, "overview").unwrap();
        let supervision = overview
            .split("（五）监督保障")
            .nth(1)
            .expect("a 监督保障 part");
        assert!(supervision.contains("社会评议"), "{supervision}");
        assert!(supervision.contains("责任追究"), "{supervision}");
        // Each is a paragraph of its own, not run into the heading.
        let doc = build_document(&input, Template::Standard).unwrap();
        let paras = paragraphs(&doc.blocks);
        assert!(
            paras.iter().any(|p| p.starts_with("社会评议方面")),
            "{paras:?}"
        );
        assert!(
            paras.iter().any(|p| p.starts_with("责任追究方面")),
            "{paras:?}"
        );
    }
}

#[test]
fn the_summary_headings_are_the_offices_own_for_the_year_else_the_default() {
    let mut input = changqing_2018();
    let generic = build_document(&input, Template::Summary).unwrap();
    assert_eq!(
        level1_headings(&generic.blocks)[3],
        "四、重点领域信息公开工作开展情况"
    );
    input.narratives.push(Narrative {
        template: "summary".into(),
        section: summary_heading_key("key_areas"),
        text: "  四、深化“最多跑一次”改革情况 ".into(),
    });
    let own = build_document(&input, Template::Summary).unwrap();
    let headings = level1_headings(&own.blocks);
    assert_eq!(headings[3], "四、深化“最多跑一次”改革情况");
    assert_eq!(headings.len(), 8);
    assert_eq!(
        headings[4],
        level1_headings(&generic.blocks)[4],
        "the others stay"
    );
    // A heading is not a prose section: the texts and drafts do not see it.
    assert_eq!(crate::narrative_problems(&input), vec![]);
    let docx = render(&input, Template::Summary, Format::Docx).unwrap();
    assert!(word_text(&zip_part(&docx.bytes, "word/document.xml"))
        .contains("四、深化“最多跑一次”改革情况"));
}

#[test]
fn other_says_it_is_a_legal_person_kind_outside_table_three() {
    let input = sample_2023();
    let list = crate::placeholders(&input);
    let other = list
        .iter()
        .find(|p| p.key == "applications.new.other_org")
        .unwrap();
    assert_eq!(other.label, "表三·本年新收申请·其他（法人或其他组织）");
    // Table 三's own header keeps the official label under 法人或其他组织.
    let t3 = &standard::tables(&input.figures)[1];
    let headers: Vec<String> = t3.rows[2].iter().map(|c| c.display()).collect();
    assert_eq!(headers.last().unwrap(), "其他");
}

fn figure_paths(table: &Table) -> Vec<(String, String)> {
    table
        .rows
        .iter()
        .flatten()
        .filter_map(|c| c.path.clone().map(|p| (p, c.display())))
        .collect()
}

#[test]
fn the_preview_tables_are_the_exported_ones_in_the_years_format() {
    for year in [2019, 2020, 2021, 2023] {
        let mut input = sample_2023();
        input.figures.year = year;
        let doc = build_document(&input, Template::Standard).unwrap();
        let exported: Vec<&Table> = doc.tables().collect();
        let preview = standard::tables(&input.figures);
        assert_eq!(preview.len(), exported.len());
        for (p, e) in preview.iter().zip(exported) {
            assert_eq!(p, e, "{year}: {}", p.name);
        }
        let t2: Vec<String> = preview[0]
            .rows
            .iter()
            .flatten()
            .map(|c| c.display())
            .collect();
        let trial = (2019..=2020).contains(&year);
        assert_eq!(t2.contains(&"政府集中采购".to_string()), trial, "{year}");
        assert_eq!(t2.contains(&"本年废止件数".to_string()), !trial, "{year}");
    }
    // Every number says which figure it is, so the page can list its records.
    let input = sample_2023();
    let t3 = &standard::tables(&input.figures)[1];
    let paths = figure_paths(t3);
    let new_total = paths
        .iter()
        .find(|(p, _)| p == "applications.new.total")
        .expect("新收·总计 has a path");
    assert_eq!(
        new_total.1,
        input.figures.applications.rows.total("new").to_string()
    );
    assert!(t3
        .rows
        .iter()
        .flatten()
        .filter(|c| matches!(c.value, Value::Number(_)))
        .all(|c| c.path.is_some()));
    let t4 = figure_paths(&standard::tables(&input.figures)[2]);
    assert!(t4.iter().any(|(p, _)| p == "appeals.reconsideration.total"));
}

#[test]
fn the_standard_report_exists_from_2019() {
    let reason = Template::Standard
        .unavailable_for(2018)
        .expect("2018 has none");
    assert!(reason.contains("自2019年度起"), "{reason}");
    assert!(reason.contains("工作总结和台账"), "{reason}");
    assert_eq!(Template::Standard.unavailable_for(2019), None);
    assert_eq!(Template::Summary.unavailable_for(2018), None);
    assert_eq!(Template::Ledger.unavailable_for(2010), None);
}

/// Table 二's number cells (row label, value) of a document's first table.
fn table2_cells(input: &crate::ReportInput) -> Vec<(String, Value)> {
    let t2 = &standard::tables(&input.figures)[0];
    t2.rows
        .iter()
        .filter(|r| r.len() > 1 && !r[0].header)
        .flat_map(|r| {
            r[1..]
                .iter()
                .map(move |c| (r[0].display(), c.value.clone()))
        })
        .collect()
}

#[test]
fn every_trial_format_table2_cell_can_be_filled_in() {
    let mut input = sample_2023();
    input.figures.year = 2020;
    let blank = table2_cells(&input)
        .iter()
        .filter(|(_, v)| *v == Value::Empty)
        .count();
    assert_eq!(
        blank,
        taizhang_base::official::TABLE2_TRIAL_MANUAL.len(),
        "without typed cells these are blank"
    );
    for (i, cell) in taizhang_base::official::TABLE2_TRIAL_MANUAL
        .iter()
        .enumerate()
    {
        input
            .figures
            .proactive
            .trial_cells
            .insert(cell.to_string(), i as f64 - 1.0);
    }
    let filled = table2_cells(&input);
    assert!(
        filled.iter().all(|(_, v)| matches!(v, Value::Number(_))),
        "{filled:?}"
    );
    assert!(
        filled.contains(&("政府集中采购".into(), Value::Number(11.0))),
        "{filled:?}"
    );
    assert!(
        filled.contains(&("行政许可".into(), Value::Number(-1.0))),
        "本年增/减 may be negative: {filled:?}"
    );
    // The 2021 format has no such cells: typed values of a trial year never leak into it.
    input.figures.year = 2021;
    let later: Vec<String> = standard::tables(&input.figures)[0]
        .rows
        .iter()
        .flatten()
        .map(|c| c.display())
        .collect();
    assert!(!later.contains(&"政府集中采购".to_string()));
    assert!(!later.contains(&"-1".to_string()), "{later:?}");
    // The figures' JSON carries them (and only when there are some).
    let json = crate::writers::json::write(&input.figures).unwrap();
    assert!(json.contains("\"procurement.amount\": 11"), "{json}");
    let none = crate::writers::json::write(&sample_2023().figures).unwrap();
    assert!(!none.contains("trial_cells"));
}
