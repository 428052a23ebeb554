//! The checks a district or a review tool runs on a published report
//! (KIROGOVCOMPARE's consistency checks, for one): numbers in the prose that
//! contradict the tables, sections 五 and 六 left empty, 规章 reported by an
//! office that cannot issue them, a year without the standard format. All are
//! warnings, codes `review.*`: a district's consolidation lists them per office.

use super::prose::{claims, FACTS};
use super::warning;
use crate::Annual;
use taizhang_base::official::uses_trial_format;
use taizhang_documents::figures::Check;
use taizhang_documents::narrative::prose_sections;
use taizhang_documents::{rendered_text, ReportInput, Template};

/// Every reviewer check of a year.
pub fn run(annual: &Annual) -> Vec<Check> {
    let mut found = prose_figures(&annual.input);
    found.extend(empty_sections(&annual.input));
    found.extend(rules_of_street_office(annual));
    found.extend(format_of_year(annual.input.year()));
    found
}

/// Where a text is, for the message and the check's records.
fn place(template: Template, section: &str, heading: &str) -> (String, String) {
    (
        format!("{}“{heading}”", template.label()),
        format!("narratives.{}.{section}", template.key()),
    )
}

/// Each number the texts state about this year that differs from its table.
fn prose_figures(input: &ReportInput) -> Vec<Check> {
    let mut found = vec![];
    for template in [Template::Standard, Template::Summary] {
        for (section, heading) in prose_sections(template) {
            // A text with an unknown placeholder is already an error.
            let Ok(text) = rendered_text(input, template, section) else {
                continue;
            };
            let (where_, path) = place(template, section, heading);
            for claim in claims(&text, input.year()) {
                let fact = FACTS.iter().find(|f| f.code == claim.fact).expect("a fact");
                let actual = (fact.value)(input);
                if (actual - claim.stated).abs() < 0.005 {
                    continue;
                }
                found.push(warning(
                    &format!("review.prose.{}", fact.code),
                    format!(
                        "{where_}中写的“{}”与{}的{}不符。文字与表格应一致：请改正文字，或核对台账。",
                        claim.quote,
                        fact.label,
                        taizhang_documents::sentences::decimal(actual, 2)
                    ),
                    vec![path.clone()],
                ));
            }
        }
    }
    found
}

/// Sections 五 and 六 of the standard report are read by every reviewer; "无"
/// there is sent back.
fn empty_sections(input: &ReportInput) -> Vec<Check> {
    let asks = [
        ("problems", "请写明本年工作中存在的问题和改进措施"),
        (
            "other",
            "请写明收取信息处理费的情况（未收取也写明）及其他需要报告的事项",
        ),
    ];
    let template = Template::Standard;
    prose_sections(template)
        .into_iter()
        .filter_map(|(section, heading)| {
            let (_, ask) = asks.iter().find(|(s, _)| *s == section)?;
            let text = rendered_text(input, template, section).ok()?;
            let bare: String = text
                .chars()
                .filter(|c| !"。.，,：: \n".contains(*c))
                .collect();
            if !["", "无", "暂无", "没有"].contains(&bare.as_str()) {
                return None;
            }
            let (where_, path) = place(template, section, heading);
            Some(warning(
                "review.sections.empty",
                format!("{where_}是空的或只写了“无”，审核时会被退回：{ask}。"),
                vec![path],
            ))
        })
        .collect()
}

/// A 街道 or 乡镇 issues no 规章: what is counted as one is a 行政规范性文件
/// entered as the wrong kind.
fn rules_of_street_office(annual: &Annual) -> Option<Check> {
    let office = &annual.input.office;
    let rules = &annual.input.figures.proactive.rules;
    if !office.issues_no_rules() || rules.issued + rules.repealed + rules.in_force == 0 {
        return None;
    }
    let mut ids: Vec<String> = ["issued", "repealed", "in_force"]
        .iter()
        .filter_map(|w| annual.traces.get(&format!("proactive.rules.{w}")))
        .flatten()
        .map(|r| r.id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    Some(warning(
        "review.office.rules",
        format!(
            "本单位在“设置”中的类型是街道或乡镇，不能制定规章，但表二“规章”一栏有数（{}件）。\
             请在规范性文件台账中把这些文件的类型改为“行政规范性文件”，或在“设置”中改正单位类型。",
            ids.len()
        ),
        ids,
    ))
}

/// The standard report's tables exist from report year 2019 (the trial format
/// of 国办公开办函〔2019〕60号); 2019 and 2020 are printed in it.
fn format_of_year(year: i32) -> Option<Check> {
    if year < 2019 {
        Some(warning(
            "review.format.year",
            format!(
                "{year}年度没有统一的年度报告表格格式（格式自2019年度起施行）：\
                 请导出工作总结和台账，不要用标准年报。"
            ),
            vec!["templates.standard".into()],
        ))
    } else if uses_trial_format(year) {
        Some(super::info(
            "review.format.year",
            format!("{year}年度的标准年报按2019年试行格式（国办公开办函〔2019〕60号）印制，与2021年起的格式不同。"),
            vec!["templates.standard".into()],
        ))
    } else {
        None
    }
}
