//! Sentences computed from the figures, woven into the prose through
//! placeholders (`{{service_sentence}}` …). Each reads well for an empty year too.

use super::figures::ReportFigures;
use super::input::ReportInput;
use taizhang_base::official::{self, TABLE3_ROWS};

/// The statutory limit for publishing proactive information (Art. 26).
pub const STATUTORY_LIMIT_WORKING_DAYS: u32 = 20;

/// A count as documents write it: `5247`, no separators.
pub fn count(n: u64) -> String {
    n.to_string()
}

/// A decimal with at most `places` places and no trailing zeros: `1.5`, `0`.
pub fn decimal(v: f64, places: usize) -> String {
    let s = format!("{v:.places$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

fn join(parts: impl IntoIterator<Item = String>, sep: &str) -> String {
    parts.into_iter().collect::<Vec<_>>().join(sep)
}

/// Each service item as `{name}{count}{unit}` in catalogue order, joined by `，`:
/// 更换/补办证历本1200本，登记灵活就业体检320人…
pub fn service_items(f: &ReportFigures) -> String {
    join(
        f.service_tallies
            .iter()
            .map(|t| format!("{}{}{}", t.item, count(t.count), t.unit)),
        "，",
    )
}

pub fn service_sentence(f: &ReportFigures) -> String {
    if f.service_tallies.is_empty() {
        return "本年度未登记窗口业务办理量。".to_string();
    }
    format!(
        "全年窗口累计办理{}，共计{}件次。",
        service_items(f),
        count(f.service_total())
    )
}

/// Each metric as `{name}{value}{unit}`, joined by `，`.
pub fn metrics_list(input: &ReportInput) -> String {
    join(
        input
            .figures
            .metrics
            .iter()
            .map(|m| format!("{}{}{}", m.name, decimal(m.value, 2), m.unit)),
        "，",
    )
}

/// A group of table 三's results as prose names it: 予以公开, 不予公开 …
fn result_group_name(label: &str) -> &str {
    let bare = label.trim_start_matches(|c| "（）一二三四五六七".contains(c));
    bare.split('（').next().unwrap_or(bare)
}

/// The results of the year by group (予以公开, 部分公开, 不予公开 …), non-zero only.
fn results_by_group(f: &ReportFigures) -> Vec<(&'static str, u64)> {
    let mut groups: Vec<(&'static str, u64)> = vec![];
    for row in official::result_rows() {
        let name = result_group_name(row.group.unwrap_or(row.label));
        let n = f.applications.rows.total(row.code);
        match groups.iter_mut().find(|(g, _)| *g == name) {
            Some((_, sum)) => *sum += n,
            None => groups.push((name, n)),
        }
    }
    groups.retain(|(_, n)| *n > 0);
    groups
}

fn applicants_of_new(f: &ReportFigures) -> String {
    let new = f.applications.rows.get("new").copied().unwrap_or_default();
    join(
        official::APPLICANT_KIND_NAMES
            .iter()
            .zip(new)
            .filter(|(_, n)| *n > 0)
            .map(|((_, label), n)| format!("{label}{}件", count(n))),
        "、",
    )
}

pub fn applications_sentence(f: &ReportFigures) -> String {
    let rows = &f.applications.rows;
    let (new, carried_in) = (rows.total("new"), rows.total("carried_in"));
    let mut s = if new == 0 {
        "本年度未收到政府信息公开申请".to_string()
    } else {
        format!(
            "本年度新收政府信息公开申请{}件（{}）",
            count(new),
            applicants_of_new(f)
        )
    };
    if carried_in > 0 {
        s += &format!("，上年结转{}件", count(carried_in));
    }
    s.push('。');
    let done = rows.total("results_total");
    if done > 0 {
        let groups = join(
            results_by_group(f)
                .into_iter()
                .map(|(g, n)| format!("{g}{}件", count(n))),
            "、",
        );
        s += &format!("全年办结{}件，其中{groups}。", count(done));
    }
    let carried_out = rows.total("carried_out");
    if carried_out > 0 {
        s += &format!("结转下年度继续办理{}件。", count(carried_out));
    }
    s
}

pub fn appeals_sentence(f: &ReportFigures) -> String {
    let a = &f.appeals;
    if a.total() == 0 {
        return "未发生因政府信息公开引起的行政复议、行政诉讼。".to_string();
    }
    let litigation = a.litigation_direct.total + a.litigation_after_reconsideration.total;
    let outcomes = join(
        official::APPEAL_OUTCOMES
            .iter()
            .filter(|(code, _)| *code != "total")
            .map(|(code, label)| {
                let n: u64 = official::APPEAL_KINDS
                    .iter()
                    .filter_map(|(k, _)| a.get(k)?.get(code))
                    .sum();
                (label, n)
            })
            .filter(|(_, n)| *n > 0)
            .map(|(label, n)| format!("{label}{}件", count(n))),
        "、",
    );
    format!(
        "因政府信息公开引起行政复议{}件、行政诉讼{}件，其中{outcomes}。",
        count(a.reconsideration.total),
        count(litigation)
    )
}

pub fn disclosures_sentence(f: &ReportFigures) -> String {
    let d = &f.disclosures;
    if d.total == 0 {
        return "本年度台账中未登记主动公开的政府信息。".to_string();
    }
    let listed = |counts: &super::figures::NamedCounts| {
        join(
            counts
                .non_zero()
                .map(|(name, n)| format!("{name}{}条", count(n))),
            "、",
        )
    };
    let mut s = format!("本年度共主动公开政府信息{}条", count(d.total));
    let categories = listed(&d.by_category);
    if !categories.is_empty() {
        s += &format!("，按类别分：{categories}");
    }
    let channels = listed(&d.by_channel);
    if !channels.is_empty() {
        s += &format!("；按发布渠道分：{channels}（一条信息可经多个渠道发布）");
    }
    s.push('。');
    s
}

/// The channels that carried something this year, joined by `、`.
pub fn channels_used(f: &ReportFigures) -> String {
    join(
        f.disclosures
            .by_channel
            .non_zero()
            .map(|(name, _)| name.to_string()),
        "、",
    )
}

pub fn timeliness_sentence(input: &ReportInput) -> String {
    let d = &input.figures.disclosures;
    if d.total == 0 {
        return String::new();
    }
    let mut s = if d.late == 0 && d.undetermined == 0 {
        format!("全部在法定{STATUTORY_LIMIT_WORKING_DAYS}个工作日内公开")
    } else {
        format!(
            "在法定{STATUTORY_LIMIT_WORKING_DAYS}个工作日内公开{}条，超过法定时限公开{}条",
            count(d.on_time),
            count(d.late)
        )
    };
    if let Some(days) = input.local_limit_working_days {
        s += &format!(
            "；按{}{days}个工作日内公开的要求，按时公开{}条、超时{}条",
            input.office_short(),
            count(d.on_time_local),
            count(d.late_local)
        );
    }
    if d.undetermined > 0 {
        s += &format!("；另有{}条缺形成日期，未判断是否按时", count(d.undetermined));
    }
    s.push('。');
    s
}

pub fn fee_sentence(input: &ReportInput) -> String {
    let amount = input.figures.fees_collected_yuan;
    if amount <= 0.0 {
        return "本年度未收取信息处理费。".to_string();
    }
    let amount = decimal(amount, 2);
    if input.fee_cases == 0 {
        format!("本年度收取信息处理费{amount}元。")
    } else {
        format!(
            "本年度对{}件政府信息公开申请收取信息处理费，共计{amount}元。",
            count(input.fee_cases)
        )
    }
}

/// The label of a table 三 row with its merged group, for lists: （三）不予公开 1.属于国家秘密.
pub fn table3_row_label(code: &str) -> Option<String> {
    let row = TABLE3_ROWS.iter().find(|r| r.code == code)?;
    Some(match row.group {
        Some(g) => format!("{g}{}", row.label),
        None => row.label.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_drop_trailing_zeros() {
        assert_eq!(decimal(0.0, 4), "0");
        assert_eq!(decimal(1.5, 4), "1.5");
        assert_eq!(decimal(221.0, 2), "221");
        assert_eq!(decimal(0.126, 2), "0.13");
    }

    #[test]
    fn result_groups_read_like_prose() {
        assert_eq!(result_group_name("（一）予以公开"), "予以公开");
        assert_eq!(
            result_group_name("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
            "部分公开"
        );
        assert_eq!(result_group_name(official::GROUP_OTHER), "其他处理");
    }
}
