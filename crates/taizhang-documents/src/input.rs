//! Everything the templates need: the figures, plus what the JSON does not
//! carry (the office profile, the narrative texts, the fee cases, the local
//! time limit, the lock, and the registers for the ledger).

use serde::{Deserialize, Serialize};

use super::figures::ReportFigures;
use taizhang_base::office_profile::Office;
use taizhang_base::official::SUMMARY_SECTIONS;

/// Where the narratives hold an office's own wording of a work summary
/// heading (its province may name the sections differently): template
/// `summary`, section `{key}.heading` beside the section's text `{key}`.
pub fn summary_heading_key(section: &str) -> String {
    format!("{section}.heading")
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportInput {
    pub figures: ReportFigures,
    pub office: Office,
    /// The saved texts of the year. A section without one starts from the
    /// draft generated from the data; a saved empty text means "无".
    #[serde(default)]
    pub narratives: Vec<Narrative>,
    /// How many applications paid an information processing fee.
    #[serde(default)]
    pub fee_cases: u64,
    /// The office's own limit for publishing, in working days (the statute's is 20).
    #[serde(default)]
    pub local_limit_working_days: Option<u32>,
    /// When the year was locked (RFC 3339), if it is.
    #[serde(default)]
    pub locked_at: Option<String>,
    /// The year's registers for the ledger workbook, one table each.
    #[serde(default)]
    pub ledger: Vec<LedgerTable>,
}

impl ReportInput {
    pub fn year(&self) -> i32 {
        self.figures.year
    }

    /// The saved text of one section, if any.
    pub fn narrative(&self, template: &str, section: &str) -> Option<&str> {
        self.narratives
            .iter()
            .find(|n| n.template == template && n.section == section)
            .map(|n| n.text.as_str())
    }

    /// The heading of a work summary section this year: the office's own
    /// wording if it saved one, else the generic default.
    pub fn summary_heading(&self, section: &str) -> Option<String> {
        let default = SUMMARY_SECTIONS.iter().find(|(k, _)| *k == section)?.1;
        Some(
            self.narrative("summary", &summary_heading_key(section))
                .map(str::trim)
                .filter(|h| !h.is_empty())
                .unwrap_or(default)
                .to_string(),
        )
    }

    /// The office's name as prose uses it: 长庆街道办事处 → 长庆街道.
    pub fn office_short(&self) -> &str {
        let name = self.office.name.trim();
        match name.strip_suffix("办事处") {
            Some(short) if !short.is_empty() => short,
            _ => name,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Narrative {
    /// `standard` or `summary`.
    pub template: String,
    /// A section key of that template (`official::STANDARD_SECTIONS`, `SUMMARY_SECTIONS`).
    pub section: String,
    pub text: String,
}

/// One register of the year as a plain table: the ledger writer needs no
/// knowledge of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerTable {
    /// The sheet's name, e.g. 主动公开.
    pub sheet: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}
