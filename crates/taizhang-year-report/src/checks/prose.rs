//! What the clerk's prose states about this year's figures, read back: "收到
//! 申请5件", "行政复议一件", "信息处理费120元". Reviewers compare such numbers
//! with the tables; a number that differs is a typing slip or an old draft.
//!
//! A number belongs to the nearest phrase before it that names a figure (a
//! trigger), when only words lie between them and a unit follows it. Sentences
//! about other years (上年, 去年, 同比 … or another year's number) are skipped;
//! a clause that speaks of 上年 or of a change (增加, 减少 …) is skipped.

use super::numbers;
use taizhang_base::official::{
    result_rows, GROUP_NOT_PROCESSED, GROUP_OTHER, GROUP_UNAVAILABLE, GROUP_WITHHELD,
};
use taizhang_documents::ReportInput;

/// A figure the prose may state.
pub struct Fact {
    /// The check's code after `review.prose.`.
    pub code: &'static str,
    /// Phrases that name it.
    triggers: &'static [&'static str],
    /// A word that must come between the trigger and the number (收到 … 申请).
    needs: Option<&'static str>,
    /// Units and what one of them is worth in the figure's unit.
    units: &'static [(&'static str, f64)],
    /// Whether "未收到…" states zero.
    negatable: bool,
    /// Where the figure is printed, for the message.
    pub label: &'static str,
    pub value: fn(&ReportInput) -> f64,
}

const PIECES: &[(&str, f64)] = &[("件", 1.0), ("宗", 1.0), ("个", 1.0), ("份", 1.0)];
const CASES: &[(&str, f64)] = &[("件", 1.0), ("起", 1.0), ("宗", 1.0), ("个", 1.0)];
const ITEMS: &[(&str, f64)] = &[("条", 1.0), ("件", 1.0), ("篇", 1.0)];
const YUAN: &[(&str, f64)] = &[("万元", 10_000.0), ("元", 1.0)];

fn row(input: &ReportInput, code: &str) -> f64 {
    input.figures.applications.rows.total(code) as f64
}

fn group(input: &ReportInput, group: &str) -> f64 {
    result_rows()
        .filter(|r| r.group == Some(group))
        .map(|r| row(input, r.code))
        .sum()
}

pub const FACTS: &[Fact] = &[
    Fact {
        code: "applications_new",
        triggers: &["收到", "新收"],
        needs: Some("申请"),
        units: PIECES,
        negatable: true,
        label: "表三“一、本年新收政府信息公开申请数量”",
        value: |i| row(i, "new"),
    },
    Fact {
        code: "applications_done",
        triggers: &["办结"],
        needs: None,
        units: PIECES,
        negatable: false,
        label: "表三“（七）总计”",
        value: |i| row(i, "results_total"),
    },
    Fact {
        code: "applications_carried_out",
        triggers: &["结转"],
        needs: None,
        units: PIECES,
        negatable: false,
        label: "表三“四、结转下年度继续办理”",
        value: |i| row(i, "carried_out"),
    },
    Fact {
        code: "results_disclosed",
        triggers: &["予以公开"],
        needs: None,
        units: PIECES,
        negatable: false,
        label: "表三“（一）予以公开”",
        value: |i| row(i, "disclosed"),
    },
    Fact {
        code: "results_partially_disclosed",
        triggers: &["部分公开"],
        needs: None,
        units: PIECES,
        negatable: false,
        label: "表三“（二）部分公开”",
        value: |i| row(i, "partially_disclosed"),
    },
    Fact {
        code: "results_withheld",
        triggers: &["不予公开"],
        needs: None,
        units: PIECES,
        negatable: false,
        label: "表三“（三）不予公开”",
        value: |i| group(i, GROUP_WITHHELD),
    },
    Fact {
        code: "results_unavailable",
        triggers: &["无法提供"],
        needs: None,
        units: PIECES,
        negatable: false,
        label: "表三“（四）无法提供”",
        value: |i| group(i, GROUP_UNAVAILABLE),
    },
    Fact {
        code: "results_not_processed",
        triggers: &["不予处理"],
        needs: None,
        units: PIECES,
        negatable: false,
        label: "表三“（五）不予处理”",
        value: |i| group(i, GROUP_NOT_PROCESSED),
    },
    Fact {
        code: "results_other",
        triggers: &["其他处理"],
        needs: None,
        units: PIECES,
        negatable: false,
        label: "表三“（六）其他处理”",
        value: |i| group(i, GROUP_OTHER),
    },
    Fact {
        code: "appeals_reconsideration",
        triggers: &["行政复议"],
        needs: None,
        units: CASES,
        negatable: true,
        label: "表四“行政复议·总计”",
        value: |i| i.figures.appeals.reconsideration.total as f64,
    },
    Fact {
        code: "appeals_litigation",
        triggers: &["行政诉讼"],
        needs: None,
        units: CASES,
        negatable: true,
        label: "表四“行政诉讼”（未经复议直接起诉与复议后起诉之和）",
        value: |i| {
            let a = &i.figures.appeals;
            (a.litigation_direct.total + a.litigation_after_reconsideration.total) as f64
        },
    },
    Fact {
        code: "fees",
        triggers: &["信息处理费"],
        needs: None,
        units: YUAN,
        negatable: true,
        label: "依申请公开台账登记的信息处理费（元）",
        value: |i| i.figures.fees_collected_yuan,
    },
    Fact {
        code: "disclosures",
        triggers: &["主动公开"],
        needs: None,
        units: ITEMS,
        negatable: false,
        label: "主动公开台账的本年公开条数",
        value: |i| i.figures.disclosures.total as f64,
    },
];

/// A sentence with one of these is about another year, or compares with one.
const OTHER_YEAR: &[&str] = &[
    "上年度",
    "去年",
    "同比",
    "较上年",
    "比上年",
    "与上年",
    "上一年",
    "前年",
    "环比",
    "往年",
];

/// A clause with one of these states no figure of this year: the number in it
/// is another year's (上年结转) or a change.
const NOT_THIS_YEAR: &[&str] = &["上年", "增加", "减少", "增长", "下降", "上升", "持平"];

const SENTENCE_ENDS: &str = "。！？；!?;\n";
const CLAUSE_ENDS: &str = "，、,（）()：:";

/// How many chars may lie between a trigger and its number.
const MAX_GAP: usize = 16;

/// One number the prose states.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub fact: &'static str,
    pub stated: f64,
    /// The words it was read from.
    pub quote: String,
}

/// Every figure `text` states about `year`.
pub fn claims(text: &str, year: i32) -> Vec<Claim> {
    text.split(|c| SENTENCE_ENDS.contains(c))
        .filter(|s| !about_other_year(s, year))
        .flat_map(sentence_claims)
        .collect()
}

fn about_other_year(sentence: &str, year: i32) -> bool {
    OTHER_YEAR.iter().any(|m| sentence.contains(m)) || years_named(sentence).any(|y| y != year)
}

/// The years written as `2023年` in a sentence.
fn years_named(sentence: &str) -> impl Iterator<Item = i32> {
    let chars: Vec<char> = sentence.chars().collect();
    let found: Vec<i32> = (0..chars.len().saturating_sub(4))
        .filter(|&i| {
            chars[i + 4] == '年'
                && chars[i..i + 4].iter().all(char::is_ascii_digit)
                && (i == 0 || !chars[i - 1].is_ascii_digit())
        })
        .map(|i| {
            chars[i..i + 4]
                .iter()
                .collect::<String>()
                .parse()
                .unwrap_or(0)
        })
        .collect();
    found.into_iter()
}

/// A phrase found in a sentence: a trigger of a fact, or a marker (`None`).
struct Mark {
    start: usize,
    end: usize,
    fact: Option<&'static Fact>,
}

fn marks(chars: &[char]) -> Vec<Mark> {
    let at = |i: usize, word: &str| {
        let w: Vec<char> = word.chars().collect();
        chars.len() >= i + w.len() && chars[i..i + w.len()] == w[..]
    };
    let mut found = vec![];
    for i in 0..chars.len() {
        let facts = FACTS
            .iter()
            .flat_map(|f| f.triggers.iter().map(move |t| (*t, Some(f))));
        let markers = NOT_THIS_YEAR.iter().map(|m| (*m, None));
        for (word, fact) in facts.chain(markers) {
            if at(i, word) {
                found.push(Mark {
                    start: i,
                    end: i + word.chars().count(),
                    fact,
                });
            }
        }
    }
    // The longest phrase at a place wins; phrases inside it are dropped.
    found.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    let mut kept: Vec<Mark> = vec![];
    for m in found {
        if kept.last().is_none_or(|k| m.start >= k.end) {
            kept.push(m);
        }
    }
    kept
}

fn sentence_claims(sentence: &str) -> Vec<Claim> {
    let chars: Vec<char> = sentence.chars().collect();
    let marks = marks(&chars);
    let voided = |i: usize| {
        marks
            .iter()
            .any(|m| m.fact.is_none() && same_clause(&chars, i.min(m.start), i.max(m.start)))
    };
    marks
        .iter()
        .enumerate()
        .filter_map(|(n, m)| {
            let fact = m.fact?;
            let next = marks.get(n + 1).map_or(chars.len(), |x| x.start);
            let claim = stated_after(fact, &chars, m, next)
                .or_else(|| stated_zero(fact, &chars, m, next))?;
            (!voided(m.start)).then_some(claim)
        })
        .collect()
}

fn same_clause(chars: &[char], from: usize, to: usize) -> bool {
    !chars[from..to].iter().any(|c| CLAUSE_ENDS.contains(*c))
}

/// The number after a trigger, when words only lie between them (before the
/// next phrase) and a unit of the fact follows it.
fn stated_after(fact: &'static Fact, chars: &[char], m: &Mark, next: usize) -> Option<Claim> {
    let limit = next.min(m.end + MAX_GAP).min(chars.len());
    let at = (m.end..limit).find(|&i| numbers::starts_number(chars[i]))?;
    let filler: String = chars[m.end..at].iter().collect();
    if fact.needs.is_some_and(|w| !filler.contains(w)) {
        return None;
    }
    let (value, used) = numbers::read(&chars[at..])?;
    let rest: String = chars[at + used..].iter().take(2).collect();
    let (unit, worth) = fact.units.iter().find(|(u, _)| rest.starts_with(u))?;
    let end = at + used + unit.chars().count();
    Some(Claim {
        fact: fact.code,
        stated: value * worth,
        quote: chars[m.start..end].iter().collect(),
    })
}

/// "未收到申请", "未发生…行政复议", "未收取信息处理费": zero.
fn stated_zero(fact: &'static Fact, chars: &[char], m: &Mark, next: usize) -> Option<Claim> {
    if !fact.negatable {
        return None;
    }
    let clause_start = (0..m.start)
        .rev()
        .find(|&i| "，,".contains(chars[i]))
        .map_or(0, |i| i + 1);
    let before: String = chars[clause_start..m.start].iter().collect();
    if !(before.contains('未') || before.contains("没有")) {
        return None;
    }
    let after: String = chars[m.end..next.min(m.end + MAX_GAP).min(chars.len())]
        .iter()
        .collect();
    if fact.needs.is_some_and(|w| !after.contains(w)) {
        return None;
    }
    let end = fact.needs.map_or(m.end, |w| {
        m.end + after.find(w).map_or(0, |b| after[..b].chars().count()) + w.chars().count()
    });
    Some(Claim {
        fact: fact.code,
        stated: 0.0,
        quote: chars[clause_start..end].iter().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(&'static str, f64)> {
        claims(text, 2023)
            .into_iter()
            .map(|c| (c.fact, c.stated))
            .collect()
    }

    #[test]
    fn numbers_after_the_phrase_that_names_them() {
        assert_eq!(
            read("本年度共收到政府信息公开申请十二件，全年办结10件，其中予以公开3件、不予公开两件，结转下年度继续办理2件。"),
            vec![
                ("applications_new", 12.0),
                ("applications_done", 10.0),
                ("results_disclosed", 3.0),
                ("results_withheld", 2.0),
                ("applications_carried_out", 2.0),
            ]
        );
        assert_eq!(
            read("因政府信息公开引起行政复议1件、行政诉讼0件，其中结果维持1件。"),
            vec![
                ("appeals_reconsideration", 1.0),
                ("appeals_litigation", 0.0)
            ]
        );
        assert_eq!(
            read("本年度对3件政府信息公开申请收取信息处理费，共计120元。"),
            vec![("fees", 120.0)]
        );
        assert_eq!(
            read("主动公开政府信息150条。"),
            vec![("disclosures", 150.0)]
        );
    }

    #[test]
    fn negations_state_zero() {
        assert_eq!(
            read("本年度未收到政府信息公开申请。"),
            vec![("applications_new", 0.0)]
        );
        assert_eq!(
            read("未发生因政府信息公开引起的行政复议、行政诉讼。"),
            vec![
                ("appeals_reconsideration", 0.0),
                ("appeals_litigation", 0.0)
            ]
        );
        assert_eq!(read("本年度未收取信息处理费。"), vec![("fees", 0.0)]);
    }

    #[test]
    fn other_years_and_changes_are_skipped() {
        assert!(read("上年度收到申请9件。").is_empty());
        assert!(read("收到申请5件，同比增加2件。").is_empty());
        assert!(read("2022年收到申请9件。").is_empty());
        assert_eq!(
            read("2023年新收申请5件，上年结转2件。"),
            vec![("applications_new", 5.0)]
        );
        assert!(read("收到申请较多，办结率100%。").is_empty());
        assert!(read("收到群众来信30件。").is_empty());
    }
}
