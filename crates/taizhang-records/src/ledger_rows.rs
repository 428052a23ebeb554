//! The rows of a clerk's spreadsheet that are not records: the signature
//! footer (填表人：… 审核人：…), 合计/小计 rows and notes under the table.
//! Clerks' 台账 carry them on every sheet; both spreadsheet imports (主动公开
//! and the window tallies) skip them and say so in their preview, so that a
//! footer is never read as a record whose "date" is 审核人：李某.

/// Words a signature or footer cell starts with.
const FOOTER_WORDS: &[&str] = &[
    "填表人",
    "填报人",
    "制表人",
    "审核人",
    "审批人",
    "负责人",
    "经办人",
    "统计人",
    "领导签字",
    "签字",
    "签名",
    "盖章",
    "单位盖章",
    "填表日期",
    "填报日期",
    "制表日期",
    "报送日期",
    "填报单位",
    "填表单位",
];

/// Words a total row's label is.
const TOTAL_WORDS: &[&str] = &["合计", "小计", "总计", "共计", "总数"];

/// Words a note row starts with, before its colon.
const NOTE_WORDS: &[&str] = &["注", "备注", "说明", "附注", "填表说明", "注意"];

/// Why a row is not a record, or none when it may be one. `texts` are the
/// row's non-empty cell texts, left to right.
pub fn non_record(texts: &[String]) -> Option<&'static str> {
    let first = compact(texts.first()?);
    if is_footer(texts[0].trim(), &first) {
        return Some("签名/落款行");
    }
    if texts.iter().take(2).any(|t| is_total_label(t)) {
        return Some("合计/小计行");
    }
    if is_note(&first) {
        return Some("说明/备注行");
    }
    None
}

/// `合计`, `小 计`, `合计：`, `本月合计`, `2023年合计`: a total's label.
pub fn is_total_label(text: &str) -> bool {
    let t = compact(text);
    let t = t.trim_end_matches([':', '：']);
    TOTAL_WORDS
        .iter()
        .any(|w| t == *w || (t.ends_with(w) && t.chars().count() <= 10))
}

/// `填表人：张三`, `审 核 人：李某`, `填表人 张三`, `盖章`: a footer word followed
/// by a colon, a space or nothing (`审核人员名单公示` is a title).
fn is_footer(text: &str, first: &str) -> bool {
    FOOTER_WORDS.iter().any(|w| {
        let signed = first
            .strip_prefix(w)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '：']));
        let spaced = text
            .strip_prefix(w)
            .is_some_and(|rest| rest.starts_with(char::is_whitespace));
        signed || spaced
    })
}

/// `注：…`, `备注:…`, `说明：…`, `注1：…`.
fn is_note(first: &str) -> bool {
    NOTE_WORDS.iter().any(|w| {
        first.strip_prefix(w).is_some_and(|rest| {
            let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
            rest.starts_with([':', '：'])
        })
    })
}

/// Without spaces (clerks space out short labels: 合 计, 审 核 人).
fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn footers_totals_and_notes_are_recognised() {
        for (texts, reason) in [
            (row(&["填表人：张三", "审核人：李某"]), "签名/落款行"),
            (row(&["审 核 人：李某"]), "签名/落款行"),
            (row(&["填表日期：2023年12月31日"]), "签名/落款行"),
            (row(&["合计", "42"]), "合计/小计行"),
            (row(&["", "合 计"]), "合计/小计行"),
            (row(&["3", "本月小计"]), "合计/小计行"),
            (row(&["注：本表按公开日期排列"]), "说明/备注行"),
            (row(&["注1：渠道可多选"]), "说明/备注行"),
            (row(&["备注:无"]), "说明/备注行"),
        ] {
            assert_eq!(non_record(&texts), Some(reason), "{texts:?}");
        }
    }

    #[test]
    fn records_are_not_mistaken_for_footers() {
        for texts in [
            row(&["1", "关于2023年预算合计情况的说明", "财政信息"]),
            row(&["说明会召开通知", "工作动态"]),
            row(&["注销登记公告", "公告公示"]),
            row(&["审核人员名单公示", "人事信息"]),
            row(&[]),
        ] {
            assert_eq!(non_record(&texts), None, "{texts:?}");
        }
    }
}
