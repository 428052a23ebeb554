//! Placeholders in narrative texts: `{{key}}` names a computed figure or
//! sentence (`{{disclosures.total}}`, `{{applications.new.total}}`,
//! `{{service_sentence}}`, `{{metrics.志愿者人数}}`). The narrative editor lists
//! them with their current values; rendering fills them in.

use serde::Serialize;

use super::input::ReportInput;
use super::sentences::{self as s, count, decimal};
use taizhang_base::official::{APPEAL_KINDS, APPEAL_OUTCOMES, APPLICANT_KIND_NAMES, TABLE3_ROWS};

/// One placeholder: `{{key}}`, what it means, and its value this year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Placeholder {
    pub key: String,
    pub label: String,
    pub value: String,
}

struct List(Vec<Placeholder>);

impl List {
    fn add(&mut self, key: impl Into<String>, label: impl Into<String>, value: impl Into<String>) {
        self.0.push(Placeholder {
            key: key.into(),
            label: label.into(),
            value: value.into(),
        });
    }
}

/// Every placeholder available for `input`'s year, with its current value,
/// in the order the editor shows them.
pub fn placeholders(input: &ReportInput) -> Vec<Placeholder> {
    let mut list = List(vec![]);
    office_and_year(input, &mut list);
    sentences(input, &mut list);
    proactive(input, &mut list);
    applications(input, &mut list);
    appeals(input, &mut list);
    disclosures(input, &mut list);
    services_and_metrics(input, &mut list);
    list.0
}

fn office_and_year(input: &ReportInput, list: &mut List) {
    let year = input.year();
    list.add("office", "单位名称", input.office.name.trim());
    list.add("office_short", "单位简称", input.office_short());
    list.add("superior", "上级机关", input.office.superior.trim());
    list.add("contact", "联系方式", input.office.contact.trim());
    list.add("year", "报告年度", year.to_string());
    list.add("next_year", "下一年度", (year + 1).to_string());
    if let Some(days) = input.local_limit_working_days {
        list.add(
            "local_limit_days",
            "本单位主动公开时限（工作日）",
            days.to_string(),
        );
    }
}

fn sentences(input: &ReportInput, list: &mut List) {
    let f = &input.figures;
    let sentences = [
        (
            "disclosures_sentence",
            "句子：主动公开数量（按类别、渠道）",
            s::disclosures_sentence(f),
        ),
        (
            "timeliness_sentence",
            "句子：主动公开是否及时",
            s::timeliness_sentence(input),
        ),
        ("channels", "本年用过的发布渠道", s::channels_used(f)),
        (
            "applications_sentence",
            "句子：依申请公开办理情况",
            s::applications_sentence(f),
        ),
        (
            "appeals_sentence",
            "句子：行政复议、行政诉讼情况",
            s::appeals_sentence(f),
        ),
        ("fee_sentence", "句子：信息处理费", s::fee_sentence(input)),
        (
            "service_sentence",
            "句子：窗口业务量（逐项及合计）",
            s::service_sentence(f),
        ),
        ("service_items", "窗口业务逐项列举", s::service_items(f)),
        ("metrics_list", "其他数据逐项列举", s::metrics_list(input)),
    ];
    for (key, label, value) in sentences {
        list.add(key, label, value);
    }
}

fn proactive(input: &ReportInput, list: &mut List) {
    let p = &input.figures.proactive;
    for (key, label, counts) in [
        ("rules", "规章", &p.rules),
        (
            "normative_documents",
            "行政规范性文件",
            &p.normative_documents,
        ),
    ] {
        for (field, what, n) in [
            ("issued", "本年制发件数", counts.issued),
            ("repealed", "本年废止件数", counts.repealed),
            ("in_force", "现行有效件数", counts.in_force),
        ] {
            list.add(
                format!("proactive.{key}.{field}"),
                format!("表二·{label}·{what}"),
                count(n),
            );
        }
    }
    for (key, label, n) in [
        ("licensing", "行政许可", p.licensing.decisions),
        ("penalty", "行政处罚", p.penalty.decisions),
        ("enforcement", "行政强制", p.enforcement.decisions),
    ] {
        list.add(
            format!("proactive.{key}.decisions"),
            format!("表二·{label}·本年处理决定数量"),
            count(n),
        );
    }
    list.add(
        "proactive.fees.amount_wan_yuan",
        "表二·行政事业性收费·本年收费金额（万元）",
        decimal(p.fees.amount_wan_yuan, 4),
    );
}

fn applications(input: &ReportInput, list: &mut List) {
    let rows = &input.figures.applications.rows;
    for row in TABLE3_ROWS {
        let label = s::table3_row_label(row.code).unwrap_or_default();
        list.add(
            format!("applications.{}.total", row.code),
            format!("表三·{label}·总计"),
            count(rows.total(row.code)),
        );
    }
    let new = rows.get("new").copied().unwrap_or_default();
    for ((kind, label), n) in APPLICANT_KIND_NAMES.iter().zip(new) {
        list.add(
            format!("applications.new.{kind}"),
            format!("表三·本年新收申请·{label}"),
            count(n),
        );
    }
}

fn appeals(input: &ReportInput, list: &mut List) {
    let a = &input.figures.appeals;
    for (kind, kind_label) in APPEAL_KINDS {
        for (outcome, outcome_label) in APPEAL_OUTCOMES {
            let n = a.get(kind).and_then(|c| c.get(outcome)).unwrap_or(0);
            list.add(
                format!("appeals.{kind}.{outcome}"),
                format!("表四·{kind_label}·{outcome_label}"),
                count(n),
            );
        }
    }
}

fn disclosures(input: &ReportInput, list: &mut List) {
    let d = &input.figures.disclosures;
    for (key, label, n) in [
        ("total", "主动公开信息总数", d.total),
        ("on_time", "法定时限内公开", d.on_time),
        ("late", "超过法定时限公开", d.late),
        ("on_time_local", "本单位时限内公开", d.on_time_local),
        ("late_local", "超过本单位时限公开", d.late_local),
        ("undetermined", "缺形成日期、未判断是否按时", d.undetermined),
    ] {
        list.add(format!("disclosures.{key}"), label, count(n));
    }
    for (name, n) in &d.by_category.0 {
        list.add(
            format!("disclosures.by_category.{name}"),
            format!("主动公开·类别·{name}"),
            count(*n),
        );
    }
    for (name, n) in &d.by_channel.0 {
        list.add(
            format!("disclosures.by_channel.{name}"),
            format!("主动公开·渠道·{name}"),
            count(*n),
        );
    }
    list.add(
        "fees_collected_yuan",
        "收取信息处理费（元）",
        decimal(input.figures.fees_collected_yuan, 2),
    );
    list.add(
        "fee_cases",
        "收取信息处理费的申请件数",
        count(input.fee_cases),
    );
}

fn services_and_metrics(input: &ReportInput, list: &mut List) {
    let f = &input.figures;
    list.add(
        "service_tallies.total",
        "窗口业务合计",
        count(f.service_total()),
    );
    for t in &f.service_tallies {
        list.add(
            format!("service_tallies.{}", t.item),
            format!("窗口业务·{}（{}）", t.item, t.unit),
            count(t.count),
        );
    }
    for m in &input.figures.metrics {
        list.add(
            format!("metrics.{}", m.name),
            format!("其他数据·{}（{}）", m.name, m.unit),
            decimal(m.value, 2),
        );
    }
}

/// A text as it will print for `input`'s year (the narrative editor's
/// preview), or the placeholders that name nothing.
pub fn render_text(input: &ReportInput, text: &str) -> Result<String, Vec<String>> {
    fill(text, &placeholders(input))
}

/// `text` with every `{{key}}` replaced by its value; the unknown keys when
/// some placeholder names nothing (the text is then not fit to print).
pub fn fill(text: &str, available: &[Placeholder]) -> Result<String, Vec<String>> {
    let mut out = String::with_capacity(text.len());
    let mut unknown = vec![];
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else {
            break;
        };
        out.push_str(&rest[..start]);
        let key = rest[start + 2..start + 2 + len].trim();
        match available.iter().find(|p| p.key == key) {
            Some(p) => out.push_str(&p.value),
            None => unknown.push(key.to_string()),
        }
        rest = &rest[start + 2 + len + 2..];
    }
    out.push_str(rest);
    if unknown.is_empty() {
        Ok(out)
    } else {
        Err(unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn available() -> Vec<Placeholder> {
        vec![Placeholder {
            key: "disclosures.total".into(),
            label: "主动公开信息总数".into(),
            value: "12".into(),
        }]
    }

    #[test]
    fn fills_known_keys_with_or_without_inner_spaces() {
        assert_eq!(
            fill(
                "共{{disclosures.total}}条，即{{ disclosures.total }}条。",
                &available()
            ),
            Ok("共12条，即12条。".to_string())
        );
    }

    #[test]
    fn names_every_unknown_key() {
        assert_eq!(
            fill("{{nope}}与{{disclosures.totl}}", &available()),
            Err(vec!["nope".to_string(), "disclosures.totl".to_string()])
        );
    }

    #[test]
    fn leaves_text_without_closing_braces_alone() {
        assert_eq!(fill("{{未闭合", &available()), Ok("{{未闭合".to_string()));
        assert_eq!(fill("无占位符", &available()), Ok("无占位符".to_string()));
    }
}
