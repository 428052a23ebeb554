//! The prose sections: the clerk's saved text, or a draft generated from the
//! data when the year has none, with placeholders filled in.
//!
//! Drafts keep their placeholders (the editor shows them, and the figures
//! stay current until the year is locked). A line of a text that starts with
//! a bracketed number and has no full stop — `（一）主动公开` — is a level-2
//! heading; every other non-empty line is a paragraph.

use super::input::{Narrative, ReportInput};
use super::placeholders::{fill, placeholders};
use super::Template;
use taizhang_base::error::{Error, Problem, Result};
use taizhang_base::official::{STANDARD_SECTIONS, SUMMARY_SECTIONS};

/// The prose sections of a template: key and heading.
pub fn prose_sections(template: Template) -> Vec<(&'static str, &'static str)> {
    match template {
        Template::Standard => STANDARD_SECTIONS
            .iter()
            .filter(|(_, _, prose)| *prose)
            .map(|(k, h, _)| (*k, *h))
            .collect(),
        Template::Summary => SUMMARY_SECTIONS.to_vec(),
        Template::Ledger => vec![],
    }
}

/// The text of a section as the editor starts it: the saved one, else the draft.
pub fn source_text(input: &ReportInput, template: Template, section: &str) -> String {
    match input.narrative(template.key(), section) {
        Some(saved) => saved.to_string(),
        None => draft(input, template, section),
    }
}

/// The section's text with placeholders filled in; "无" when the clerk saved
/// it empty. Refused when a placeholder names nothing.
pub fn rendered_text(input: &ReportInput, template: Template, section: &str) -> Result<String> {
    let text = source_text(input, template, section);
    let filled = fill(&text, &placeholders(input))
        .map_err(|unknown| unknown_problem(template, section, &unknown))
        .map_err(|p| Error::invalid(p.path, p.message))?;
    Ok(if filled.trim().is_empty() {
        "无".to_string()
    } else {
        filled
    })
}

fn unknown_problem(template: Template, section: &str, unknown: &[String]) -> Problem {
    let heading = prose_sections(template)
        .into_iter()
        .find(|(k, _)| *k == section)
        .map_or(section, |(_, h)| h);
    let keys = unknown
        .iter()
        .map(|k| format!("{{{{{k}}}}}"))
        .collect::<Vec<_>>()
        .join("、");
    Problem::new(
        format!("narratives.{}.{section}", template.key()),
        format!(
            "{}“{heading}”中的占位符{keys}无法识别，请在“年报 → 文字”中改正或删除。",
            template.label()
        ),
    )
}

/// Every unknown placeholder in the texts the export would use, per section.
pub fn narrative_problems(input: &ReportInput) -> Vec<Problem> {
    let available = placeholders(input);
    [Template::Standard, Template::Summary]
        .into_iter()
        .flat_map(|t| prose_sections(t).into_iter().map(move |(k, _)| (t, k)))
        .filter_map(|(t, section)| {
            fill(&source_text(input, t, section), &available)
                .err()
                .map(|unknown| unknown_problem(t, section, &unknown))
        })
        .collect()
}

/// A line of prose: a level-2 heading or a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Heading(String),
    Paragraph(String),
}

/// Split a rendered text into headings and paragraphs (blank lines dropped).
pub fn lines(text: &str) -> Vec<Line> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            if is_subheading(l) {
                Line::Heading(l.to_string())
            } else {
                Line::Paragraph(l.to_string())
            }
        })
        .collect()
}

fn is_subheading(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('（') else {
        return false;
    };
    let Some((number, _)) = rest.split_once('）') else {
        return false;
    };
    !number.is_empty()
        && number.chars().all(|c| "一二三四五六七八九十".contains(c))
        && !line.contains('。')
        && line.chars().count() <= 40
}

/// The drafts of every prose section of both templates, for a year that has
/// no saved texts yet.
pub fn drafts(input: &ReportInput) -> Vec<Narrative> {
    [Template::Standard, Template::Summary]
        .into_iter()
        .flat_map(|t| {
            prose_sections(t)
                .into_iter()
                .map(move |(section, _)| Narrative {
                    template: t.key().to_string(),
                    section: section.to_string(),
                    text: draft(input, t, section),
                })
        })
        .collect()
}

/// The draft of one section, generated from the data, with placeholders.
pub fn draft(input: &ReportInput, template: Template, section: &str) -> String {
    match template {
        Template::Standard => standard_draft(input, section),
        Template::Summary => summary_draft(input, section),
        Template::Ledger => String::new(),
    }
}

fn following_superior(input: &ReportInput) -> &'static str {
    if input.office.superior.trim().is_empty() {
        ""
    } else {
        "按照{{superior}}的部署，"
    }
}

fn platform_sentence(input: &ReportInput) -> &'static str {
    if input
        .figures
        .disclosures
        .by_channel
        .non_zero()
        .next()
        .is_some()
    {
        "以{{channels}}为发布渠道，"
    } else {
        "以门户网站政府信息公开专栏为主要发布渠道，"
    }
}

fn problems_draft(input: &ReportInput) -> String {
    let late = if input.figures.disclosures.late > 0 {
        "本年度有{{disclosures.late}}条信息超过法定时限公开，"
    } else {
        "部分信息公开不够及时，"
    };
    format!(
        "工作中仍存在一些不足：一是政务公开工作多由兼职人员承担，专业力量不足；二是{late}\
         内容还不够全面；三是公开形式比较单一，解读和回应群众关切不够。\n\
         针对上述问题，将加强业务培训，严格执行公开时限和公开前审核，丰富公开形式，\
         提高信息公开的质量和实效。"
    )
}

fn standard_draft(input: &ReportInput, section: &str) -> String {
    match section {
        "overview" => format!(
            "{{{{year}}}}年，{{{{office_short}}}}{}认真贯彻落实《中华人民共和国政府信息公开条例》，\
             坚持以公开为常态、不公开为例外，扎实做好政府信息公开各项工作。\n\
             （一）主动公开\n{{{{disclosures_sentence}}}}{{{{timeliness_sentence}}}}\n\
             （二）依申请公开\n{{{{applications_sentence}}}}\n\
             （三）政府信息管理\n落实公开前保密审查，对拟公开的信息逐条审核；定期清理已公开的信息，\
             确保内容准确、完整、有效。\n\
             （四）政府信息公开平台建设\n{}及时更新栏目内容，方便群众查阅。\n\
             （五）监督保障\n将政务公开纳入年度工作考核，定期检查各科室、社区的公开情况，\
             发现问题及时整改。{{{{appeals_sentence}}}}\n\
             社会评议方面，通过政务公开意见箱、居民代表座谈和门户网站留言听取群众对政务公开工作的意见建议，\
             对反映的问题逐项整改并及时答复。\n\
             责任追究方面，落实政务公开工作责任制，对不依法履行公开义务的情形按规定追究责任；\
             本年度未发生政府信息公开工作责任追究情况。",
            following_superior(input),
            platform_sentence(input)
        ),
        "problems" => problems_draft(input),
        "other" => "{{fee_sentence}}".to_string(),
        _ => String::new(),
    }
}

fn summary_draft(input: &ReportInput, section: &str) -> String {
    match section {
        "system" => format!(
            "{{{{year}}}}年，{{{{office_short}}}}{}把政务公开作为转变作风、提高行政效能的一项经常性工作来抓，\
             明确分管领导和经办人员，健全主动公开、依申请公开、保密审查等制度，\
             各科室、社区按照职责做好本领域的信息公开。",
            following_superior(input)
        ),
        "proactive" => "{{disclosures_sentence}}{{timeliness_sentence}}\n\
             对涉及群众切身利益的事项优先公开，做好政策解读，及时回应社会关切。"
            .to_string(),
        "applications" => "{{applications_sentence}}{{appeals_sentence}}".to_string(),
        "key_areas" => "围绕民生实事、财政预决算、重大建设项目、公共资源配置、社会公益事业等重点领域，\
             及时发布相关信息；做好人大代表建议和政协委员提案办理结果公开。"
            .to_string(),
        "services" => {
            let mut s = "整合窗口业务，实行“一窗受理”综合服务。{{service_sentence}}".to_string();
            if !input.figures.metrics.is_empty() {
                s += "\n本年度相关工作数据：{{metrics_list}}。";
            }
            s
        }
        "platform" => format!(
            "{}做好网站日常监测和季度抽查，发现问题及时整改。",
            platform_sentence(input)
        ),
        "problems" => problems_draft(input),
        "plans" => {
            let limit = if input.local_limit_working_days.is_some() {
                "严格执行{{local_limit_days}}个工作日内主动公开的要求，"
            } else {
                ""
            };
            format!(
                "{{{{next_year}}}}年，{{{{office_short}}}}将继续推进政务公开制度化、规范化，{limit}\
                 加强业务培训和考核，把政务公开工作落到实处。"
            )
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracketed_short_lines_are_subheadings() {
        assert_eq!(
            lines("（一）主动公开\n本年度公开12条。\n\n（二）依申请公开，本年度未收到申请。"),
            vec![
                Line::Heading("（一）主动公开".into()),
                Line::Paragraph("本年度公开12条。".into()),
                Line::Paragraph("（二）依申请公开，本年度未收到申请。".into()),
            ]
        );
        assert_eq!(
            lines("(一)半角括号"),
            vec![Line::Paragraph("(一)半角括号".into())]
        );
    }
}
