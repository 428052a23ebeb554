//! Golden tests on the 2018 reference figures (长庆街道's yearly summary).

use super::{changqing_2018, sample_2023, word_text, zip_part};
use crate::document::Block;
use crate::narrative::{rendered_text, source_text};
use crate::{
    build_document, narrative_problems, placeholders, render, Format, Narrative, Template,
};

/// The reference's front-desk sentence, item by item in catalogue order.
const SERVICE_ITEMS_2018: &str = "更换/补办证历本1200本，登记灵活就业体检320人，办理老年卡980人，\
调档查询1200人，办理失业登记、援助证532人，发放退休证256人，办理个体参保220人，\
办理城乡居民医疗保险515人，221文件补缴24人";

fn paragraphs(template: Template) -> Vec<String> {
    build_document(&changqing_2018(), template)
        .unwrap()
        .blocks
        .into_iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            _ => None,
        })
        .collect()
}

#[test]
fn summary_2018_lists_the_service_items_as_the_reference_does_with_the_total() {
    let services = paragraphs(Template::Summary)
        .into_iter()
        .find(|p| p.contains("更换/补办证历本"))
        .expect("the service sentence");
    assert!(services.contains(SERVICE_ITEMS_2018), "{services}");
    assert!(services.contains("共计5247件次"), "{services}");
}

#[test]
fn summary_2018_says_no_applications_were_received() {
    let all = paragraphs(Template::Summary).join("\n");
    assert!(all.contains("本年度未收到政府信息公开申请"), "{all}");
    assert!(all.contains("未发生因政府信息公开引起的行政复议、行政诉讼"));
    assert!(
        all.contains(
            "志愿者队伍6支，志愿者人数221人，为困难老人代办服务500人，企退家庭情况摸底11500户"
        ),
        "metrics woven in: {all}"
    );
}

#[test]
fn summary_2018_has_the_eight_sections_and_the_reference_title() {
    let doc = build_document(&changqing_2018(), Template::Summary).unwrap();
    assert_eq!(doc.title, "长庆街道2018年度政务信息公开年度总结");
    let headings: Vec<&str> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level: 1, text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    let expected: Vec<&str> = taizhang_base::official::SUMMARY_SECTIONS
        .iter()
        .map(|(_, h)| *h)
        .collect();
    assert_eq!(headings, expected);
}

#[test]
fn summary_2018_docx_carries_the_service_sentence() {
    let file = render(&changqing_2018(), Template::Summary, Format::Docx).unwrap();
    assert_eq!(file.name, "长庆街道办事处2018年政务公开工作总结.docx");
    let text = word_text(&zip_part(&file.bytes, "word/document.xml"));
    assert!(text.contains(SERVICE_ITEMS_2018));
    assert!(text.contains("5247"));
    assert!(text.contains("本年度未收到政府信息公开申请"));
}

#[test]
fn placeholders_list_the_figures_with_their_values() {
    let list = placeholders(&changqing_2018());
    let value = |key: &str| {
        list.iter()
            .find(|p| p.key == key)
            .unwrap_or_else(|| panic!("{key} listed"))
            .value
            .clone()
    };
    assert_eq!(value("service_tallies.total"), "5247");
    assert_eq!(value("service_tallies.办理老年卡"), "980");
    assert_eq!(value("metrics.志愿者人数"), "221");
    assert_eq!(value("applications.new.total"), "0");
    assert_eq!(value("disclosures.total"), "0");
    assert_eq!(value("office_short"), "长庆街道");
    assert_eq!(value("next_year"), "2019");
    assert!(value("service_items").starts_with("更换/补办证历本1200本，"));
    let mut keys: Vec<&str> = list.iter().map(|p| p.key.as_str()).collect();
    let count = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), count, "keys are unique");
    assert!(list.iter().all(|p| !p.label.is_empty()));
}

#[test]
fn drafts_of_every_section_fill_in_for_an_empty_and_a_full_year() {
    for input in [changqing_2018(), sample_2023()] {
        assert_eq!(narrative_problems(&input), vec![]);
        for template in [Template::Standard, Template::Summary] {
            for (section, _) in crate::narrative::prose_sections(template) {
                let text = rendered_text(&input, template, section).unwrap();
                assert!(!text.contains("{{"), "{section}: {text}");
                assert!(text.chars().count() >= 5, "{section}: {text}");
            }
        }
    }
}

#[test]
fn an_empty_year_gets_a_draft_for_each_of_the_eleven_sections() {
    let input = changqing_2018();
    let drafts = crate::drafts(&input);
    assert_eq!(drafts.len(), 3 + 8);
    assert!(drafts.iter().all(|d| !d.text.trim().is_empty()));
    let services = drafts
        .iter()
        .find(|d| d.template == "summary" && d.section == "services")
        .unwrap();
    assert!(services.text.contains("{{service_sentence}}"));
    assert_eq!(
        crate::render_text(&input, "共{{service_tallies.total}}件，{{oops}}"),
        Err(vec!["oops".to_string()])
    );
    assert_eq!(
        crate::render_text(&input, "{{office_short}}{{year}}年"),
        Ok("长庆街道2018年".to_string())
    );
}

#[test]
fn a_saved_text_replaces_the_draft_and_an_empty_one_prints_none() {
    let mut input = changqing_2018();
    input.narratives.push(Narrative {
        template: "summary".into(),
        section: "problems".into(),
        text: "  ".into(),
    });
    input.narratives.push(Narrative {
        template: "summary".into(),
        section: "plans".into(),
        text: "{{next_year}}年继续做好窗口服务，全年目标{{service_tallies.total}}件以上。".into(),
    });
    assert_eq!(
        rendered_text(&input, Template::Summary, "problems").unwrap(),
        "无"
    );
    assert_eq!(
        rendered_text(&input, Template::Summary, "plans").unwrap(),
        "2019年继续做好窗口服务，全年目标5247件以上。"
    );
    assert!(source_text(&input, Template::Summary, "system").contains("{{office_short}}"));
}

#[test]
fn an_unknown_placeholder_stops_the_export_and_names_the_section() {
    let mut input = changqing_2018();
    input.narratives.push(Narrative {
        template: "standard".into(),
        section: "overview".into(),
        text: "共{{disclosures.totl}}条".into(),
    });
    let err = render(&input, Template::Standard, Format::Html).unwrap_err();
    let json = err.to_json();
    assert_eq!(json["code"], "invalid");
    assert_eq!(json["field"], "narratives.standard.overview");
    let message = err.to_string();
    assert!(message.contains("一、总体情况"), "{message}");
    assert!(message.contains("{{disclosures.totl}}"), "{message}");
    assert_eq!(narrative_problems(&input).len(), 1);
}

#[test]
fn section_six_reports_the_fees_or_says_none() {
    let text = |input: &crate::ReportInput| {
        let doc = build_document(input, Template::Standard).unwrap();
        let six = doc
            .blocks
            .iter()
            .position(|b| matches!(b, Block::Heading { text, .. } if text.starts_with("六、")))
            .unwrap();
        match &doc.blocks[six + 1] {
            Block::Paragraph(p) => p.clone(),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(text(&changqing_2018()), "本年度未收取信息处理费。");
    assert_eq!(
        text(&sample_2023()),
        "本年度对2件政府信息公开申请收取信息处理费，共计150元。"
    );
    // A clerk's own text without the fee sentence still reports the fees first.
    let mut input = sample_2023();
    input.narratives.push(Narrative {
        template: "standard".into(),
        section: "other".into(),
        text: "人大代表建议和政协提案办理结果均已公开。".into(),
    });
    assert!(text(&input).contains("收取信息处理费，共计150元"));
    let mut none = changqing_2018();
    none.narratives.push(Narrative {
        template: "standard".into(),
        section: "other".into(),
        text: String::new(),
    });
    assert_eq!(text(&none), "无");
}
