//! What an import did not simply write: records the file holds in a newer
//! version, true conflicts (both PCs changed a record), deletions not
//! carried out. The import's result lists them for the clerk, in Chinese.

use serde::Serialize;

use taizhang_records::framework::merge::{Arrival, Outcome};
use taizhang_store::sync::Version;

/// How many entries the result lists (the counts cover all of them): a PC
/// importing an old copy of a large package would otherwise list every record.
const LISTED: usize = 200;

/// One record an import did not simply take.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Merged {
    /// `kept_newer`, `conflict`, `stays_deleted` or `still_referred`.
    pub kind: &'static str,
    /// The register's key and the record's id.
    pub section: String,
    pub id: String,
    pub message: String,
}

/// The package's facts every record is judged by, and what was found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeLog {
    /// The package's `exported_at` (records without versions are as old as it).
    pub exported_at: Option<String>,
    /// Whether the file holds tombstones.
    pub tombstones: bool,
    /// This file's PC id (named 本机 in messages).
    pub this_pc: Option<String>,
    pub kept_newer: usize,
    pub conflicts: usize,
    pub stays_deleted: usize,
    pub still_referred: usize,
    /// The first [`LISTED`] of them, in the package's order.
    pub listed: Vec<Merged>,
}

/// Each count an import reports, and what the clerk reads for it (the CLI
/// and the 数据包 page both print these words).
const COUNTED: [(&str, &str); 4] = [
    ("conflicts", "两台电脑分别修改（冲突）"),
    ("kept_newer", "本机版本较新、未被替换"),
    ("stays_deleted", "已删除、未恢复"),
    ("still_referred", "仍被引用、未删除"),
];

#[derive(Serialize)]
struct Counted {
    kind: &'static str,
    label: &'static str,
    count: usize,
}

/// The counts, the entries listed, and `counted`: the counts not 0 with their words.
impl Serialize for MergeLog {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct View<'a> {
            kept_newer: usize,
            conflicts: usize,
            stays_deleted: usize,
            still_referred: usize,
            listed: &'a [Merged],
            counted: Vec<Counted>,
        }
        let count = |kind: &str| match kind {
            "conflicts" => self.conflicts,
            "kept_newer" => self.kept_newer,
            "stays_deleted" => self.stays_deleted,
            _ => self.still_referred,
        };
        View {
            kept_newer: self.kept_newer,
            conflicts: self.conflicts,
            stays_deleted: self.stays_deleted,
            still_referred: self.still_referred,
            listed: &self.listed,
            counted: COUNTED
                .iter()
                .map(|&(kind, label)| Counted { kind, label, count: count(kind) })
                .filter(|c| c.count > 0)
                .collect(),
        }
        .serialize(s)
    }
}

impl MergeLog {
    /// What the package says about one of its records with `version`.
    pub fn arrival<'a>(&'a self, version: Option<&'a Version>) -> Arrival<'a> {
        Arrival {
            version,
            exported_at: self.exported_at.as_deref(),
            tombstones: self.tombstones,
        }
    }

    fn who(&self, v: &Version) -> String {
        let when = v.changed_at.get(..10).unwrap_or("");
        let pc = if self.this_pc.as_deref() == Some(v.changed_on.as_str()) {
            "本机".to_string()
        } else if v.changed_on.is_empty() {
            "本机（升级前）".to_string()
        } else {
            format!("电脑 {}", v.changed_on)
        };
        format!("{pc}{}{when}", if when.is_empty() { "" } else { "，" })
    }

    /// Note what became of record `id` of register `label` (`section`),
    /// `about` what the clerk knows it by (its title, topic …). Returns
    /// whether it was written.
    pub fn note(
        &mut self,
        section: &str,
        label: &str,
        id: &str,
        about: Option<&str>,
        outcome: Outcome,
    ) -> bool {
        let named = match about.map(str::trim).filter(|a| !a.is_empty()) {
            Some(about) if about.chars().count() > 24 => {
                format!("“{id}”（{}…）", about.chars().take(24).collect::<String>())
            }
            Some(about) => format!("“{id}”（{about}）"),
            None => format!("“{id}”"),
        };
        let (kind, message) = match &outcome {
            Outcome::Unchanged => return false,
            Outcome::Written => return true,
            Outcome::KeptNewer { local } => {
                self.kept_newer += 1;
                (
                    "kept_newer",
                    format!(
                        "{label}{named}：本机的版本较新（{}），未被数据包中较旧的版本替换。",
                        self.who(local)
                    ),
                )
            }
            Outcome::Conflict {
                taken,
                local,
                incoming,
            } => {
                self.conflicts += 1;
                let (kept, other) = if *taken {
                    (incoming, local)
                } else {
                    (local, incoming)
                };
                ("conflict", format!(
                    "{label}{named}：两台电脑分别修改了这条记录。保留了{}的版本；{}的版本未采用，可在这条记录的“修改记录”中查看。请核对。",
                    self.who(kept),
                    self.who(other)
                ))
            }
            Outcome::StaysDeleted { deleted } => {
                self.stays_deleted += 1;
                (
                    "stays_deleted",
                    format!(
                        "{label}{named}：已被删除（{}），数据包中的是删除前的版本，未恢复。",
                        self.who(deleted)
                    ),
                )
            }
            Outcome::StillReferred => {
                self.still_referred += 1;
                ("still_referred", format!(
                    "{label}{named}：另一台电脑已删除这条记录，但本机仍有其他记录引用它，未删除。请先处理引用它的记录。"
                ))
            }
        };
        if self.listed.len() < LISTED {
            self.listed.push(Merged {
                kind,
                section: section.to_string(),
                id: id.to_string(),
                message,
            });
        }
        matches!(outcome, Outcome::Conflict { taken: true, .. })
    }
}
