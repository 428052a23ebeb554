//! Who reported (区县汇总 against the roster): each roster entry with the
//! package that is its office, and the offices missing, for another year or
//! failing their checks; packages the roster does not list.

use serde::Serialize;

use crate::roster::{match_office, Match};
use taizhang_documents::figures::{Check, CheckLevel};
use taizhang_store::roster::RosterEntry;

/// What a package held, before any roster.
#[derive(Debug, Clone)]
pub struct Arrival {
    pub source: String,
    pub office: String,
    pub code: String,
    /// `None` when the package is for the year consolidated; else the years
    /// it is for.
    pub other_years: Option<Vec<i32>>,
    /// How many errors its year's checks found (0 for another year's package).
    pub errors: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Its package is in the sum and passed its checks.
    Received,
    /// Its package is in the sum but its checks found errors.
    FailedChecks,
    /// Its package is for another year: not in the sum.
    OtherYear,
    /// No package.
    Missing,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Received => "已报送",
            Status::FailedChecks => "未通过检查",
            Status::OtherYear => "年度不符",
            Status::Missing => "未报送",
        }
    }
}

/// One roster entry and what came for it.
#[derive(Debug, Clone, Serialize)]
pub struct RosterLine {
    pub name: String,
    pub code: String,
    pub status: Status,
    /// The package's file and the office's name as the package writes it.
    pub source: Option<String>,
    pub office: Option<String>,
    /// `code` or `name`.
    pub matched_by: Option<&'static str>,
    /// What the district tells the office (in Chinese).
    pub note: String,
}

/// A package that is no roster entry's (or a second one for the same entry).
#[derive(Debug, Clone, Serialize)]
pub struct Stray {
    pub source: String,
    pub office: String,
    pub note: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Attendance {
    pub lines: Vec<RosterLine>,
    pub strays: Vec<Stray>,
    /// The arrivals (by index) left out of the sum as duplicates.
    #[serde(skip)]
    pub duplicates: Vec<usize>,
}

fn years_text(years: &[i32]) -> String {
    years
        .iter()
        .map(|y| format!("{y}年度"))
        .collect::<Vec<_>>()
        .join("、")
}

/// The note of another year's package.
pub fn other_year_note(years: &[i32], year: i32) -> String {
    format!(
        "数据包是{}的，不是{year}年度的，未计入汇总；请该单位重新导出{year}年度的数据包",
        years_text(years)
    )
}

fn line_for(entry: &RosterEntry, a: &Arrival, m: &Match, year: i32) -> RosterLine {
    let (status, note) = match (&a.other_years, a.errors) {
        (Some(years), _) => (Status::OtherYear, other_year_note(years, year)),
        (None, 0) => (Status::Received, String::new()),
        (None, n) => (
            Status::FailedChecks,
            format!("检查发现 {n} 处错误，请该单位改正后重新报送"),
        ),
    };
    RosterLine {
        name: entry.name.clone(),
        code: entry.code.clone(),
        status,
        source: Some(a.source.clone()),
        office: Some(a.office.clone()),
        matched_by: Some(if matches!(m, Match::Code(_)) {
            "code"
        } else {
            "name"
        }),
        note,
    }
}

/// Why a package is no roster entry's, and whether it is in the sum.
fn stray_note(roster: &[RosterEntry], a: &Arrival, m: &Match, year: i32) -> String {
    let why = match m {
        Match::Ambiguous(entries) => format!(
            "单位名称与名单中的{}都对得上，无法区分；请在名单中填写单位代码（数据包的单位代码为“{}”）",
            entries
                .iter()
                .map(|e| format!("“{}”", roster[*e].name))
                .collect::<Vec<_>>()
                .join("、"),
            a.code
        ),
        _ => "不在名单中；如确属本区县，请把它加入名单".to_string(),
    };
    match &a.other_years {
        Some(years) => format!("{why}；{}", other_year_note(years, year)),
        None => format!("{why}；已计入汇总"),
    }
}

/// Match every arrival against the roster (an empty roster: nothing to say).
pub fn attend(roster: &[RosterEntry], arrivals: &[Arrival], year: i32) -> Attendance {
    let mut out = Attendance::default();
    if roster.is_empty() {
        return out;
    }
    let mut lines: Vec<Option<RosterLine>> = vec![None; roster.len()];
    for (i, a) in arrivals.iter().enumerate() {
        let m = match_office(roster, &a.office, &a.code);
        match m.entry() {
            Some(e) => match &lines[e] {
                Some(first) => {
                    out.duplicates.push(i);
                    out.strays.push(Stray {
                        source: a.source.clone(),
                        office: a.office.clone(),
                        note: format!(
                            "与“{}”都是名单中“{}”的数据包，只计入了前者",
                            first.source.as_deref().unwrap_or_default(),
                            roster[e].name
                        ),
                    });
                }
                None => lines[e] = Some(line_for(&roster[e], a, &m, year)),
            },
            None => out.strays.push(Stray {
                source: a.source.clone(),
                office: a.office.clone(),
                note: stray_note(roster, a, &m, year),
            }),
        }
    }
    out.lines = lines
        .into_iter()
        .zip(roster)
        .map(|(line, entry)| {
            line.unwrap_or_else(|| RosterLine {
                name: entry.name.clone(),
                code: entry.code.clone(),
                status: Status::Missing,
                source: None,
                office: None,
                matched_by: None,
                note: "没有收到数据包".into(),
            })
        })
        .collect();
    out
}

fn warning(code: &str, message: String) -> Check {
    Check {
        level: CheckLevel::Warning,
        code: code.into(),
        message,
        records: vec![],
    }
}

fn names(lines: &[&RosterLine]) -> String {
    lines
        .iter()
        .map(|l| l.name.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

/// The district's warnings: who is missing, who sent another year, who failed
/// its checks, which packages the roster does not know.
pub fn checks(a: &Attendance, year: i32) -> Vec<Check> {
    let with = |s: Status| a.lines.iter().filter(|l| l.status == s).collect::<Vec<_>>();
    let mut found = vec![];
    let missing = with(Status::Missing);
    if !missing.is_empty() {
        found.push(warning(
            "roster.missing",
            format!(
                "名单中 {} 个单位没有报送{year}年度数据包：{}",
                missing.len(),
                names(&missing)
            ),
        ));
    }
    let other = with(Status::OtherYear);
    if !other.is_empty() {
        found.push(warning(
            "roster.other_year",
            format!(
                "{} 个单位报送的不是{year}年度的数据包（未计入汇总）：{}",
                other.len(),
                names(&other)
            ),
        ));
    }
    let failed = with(Status::FailedChecks);
    if !failed.is_empty() {
        found.push(warning(
            "roster.failed_checks",
            format!(
                "{} 个单位的数据未通过检查：{}",
                failed.len(),
                names(&failed)
            ),
        ));
    }
    for s in &a.strays {
        found.push(warning(
            "roster.unlisted",
            format!("{}（{}）：{}", s.office, s.source, s.note),
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arrival(
        source: &str,
        office: &str,
        code: &str,
        other: Option<Vec<i32>>,
        errors: usize,
    ) -> Arrival {
        Arrival {
            source: source.into(),
            office: office.into(),
            code: code.into(),
            other_years: other,
            errors,
        }
    }

    fn entry(name: &str, code: &str) -> RosterEntry {
        RosterEntry {
            name: name.into(),
            code: code.into(),
        }
    }

    #[test]
    fn each_entry_is_received_missing_another_year_or_failing() {
        let roster = [
            entry("长庆街道", ""),
            entry("潮鸣街道", "C2"),
            entry("武林街道", ""),
            entry("米市巷街道", ""),
            entry("天水街道", ""),
        ];
        let arrivals = [
            arrival("a.json", "长庆街道办事处", "", None, 0),
            arrival("b.json", "潮鸣", "C2", None, 2),
            arrival("c.json", "武林街道办", "", Some(vec![2022]), 0),
            arrival("d.json", "拱宸桥街道", "", None, 0),
            arrival("e.json", "长庆街道", "", None, 0),
        ];
        let a = attend(&roster, &arrivals, 2023);
        let got: Vec<(&str, Status, Option<&str>)> = a
            .lines
            .iter()
            .map(|l| (l.name.as_str(), l.status, l.matched_by))
            .collect();
        assert_eq!(
            got,
            vec![
                ("长庆街道", Status::Received, Some("name")),
                ("潮鸣街道", Status::FailedChecks, Some("code")),
                ("武林街道", Status::OtherYear, Some("name")),
                ("米市巷街道", Status::Missing, None),
                ("天水街道", Status::Missing, None),
            ]
        );
        assert_eq!(
            a.duplicates,
            vec![4],
            "the second 长庆 package stays out of the sum"
        );
        let messages: Vec<String> = checks(&a, 2023).into_iter().map(|c| c.message).collect();
        assert_eq!(
            messages[0],
            "名单中 2 个单位没有报送2023年度数据包：米市巷街道、天水街道"
        );
        assert_eq!(
            messages[1],
            "1 个单位报送的不是2023年度的数据包（未计入汇总）：武林街道"
        );
        assert_eq!(messages[2], "1 个单位的数据未通过检查：潮鸣街道");
        assert!(
            messages[3].starts_with("拱宸桥街道（d.json）：不在名单中"),
            "{}",
            messages[3]
        );
        assert!(
            messages[4].contains("与“a.json”都是名单中“长庆街道”的数据包"),
            "{}",
            messages[4]
        );
        assert_eq!(messages.len(), 5);
    }

    #[test]
    fn an_ambiguous_package_is_named_with_the_entries_it_fits() {
        let roster = [entry("长庆街道", ""), entry("长庆街道办事处", "")];
        let a = attend(
            &roster,
            &[arrival("a.json", "长庆街道办", "", None, 0)],
            2023,
        );
        assert!(a.lines.iter().all(|l| l.status == Status::Missing));
        assert!(
            a.strays[0]
                .note
                .contains("与名单中的“长庆街道”、“长庆街道办事处”都对得上"),
            "{}",
            a.strays[0].note
        );
    }

    #[test]
    fn without_a_roster_nothing_is_said() {
        let a = attend(
            &[],
            &[arrival("a.json", "长庆街道", "", Some(vec![2022]), 0)],
            2023,
        );
        assert!(a.lines.is_empty() && a.strays.is_empty() && checks(&a, 2023).is_empty());
    }
}
