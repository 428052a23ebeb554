//! The office profile as the report names it: the office, its superior organ,
//! its contact, its kind and its code. Stored by `taizhang_store::office`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Office {
    pub name: String,
    #[serde(default)]
    pub superior: String,
    #[serde(default)]
    pub contact: String,
    /// What kind of organ the office is (`OFFICE_KINDS` code; empty: not set).
    /// The year's checks read it: a 街道 or 乡镇 cannot issue 规章.
    #[serde(default)]
    pub kind: String,
    /// The office's code where known (统一社会信用代码 …): a district's roster
    /// matches packages by it before trying names.
    #[serde(default)]
    pub code: String,
}

/// The kinds of organ an office can be: code, label.
pub const OFFICE_KINDS: &[(&str, &str)] = &[
    ("street", "街道办事处"),
    ("township", "乡镇人民政府"),
    ("department", "政府部门"),
    ("other", "其他"),
];

impl Office {
    /// Whether the office is a 街道 or 乡镇, which issue no 规章 (under the
    /// 立法法 only the State Council's departments and the governments of
    /// provinces and districted cities do).
    pub fn issues_no_rules(&self) -> bool {
        matches!(self.kind.as_str(), "street" | "township")
    }
}
