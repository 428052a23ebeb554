//! The district's roster (区县汇总 名单): the offices that should send a data
//! package. Kept in the data file (`taizhang_store::roster`), edited whole,
//! filled from a pasted list or a workbook, and matched against packages.

pub mod matching;
pub mod parse;

use serde::Serialize;

use crate::app::App;
use taizhang_base::error::{Error, Problem, Result};
use taizhang_store::roster as store_roster;

pub use matching::{match_office, name_key, Match};
pub use taizhang_store::roster::RosterEntry;

pub fn list(app: &App) -> Result<Vec<RosterEntry>> {
    store_roster::list(app.store.conn())
}

/// Every problem of a list: the store's own (empty, too long, twice), and two
/// entries that are one office written two ways (长庆街道 / 长庆街道办事处),
/// which no package could tell apart.
pub fn check(entries: &[RosterEntry], prefix: &str) -> Vec<Problem> {
    let mut problems = store_roster::check(entries, prefix)
        .err()
        .unwrap_or_default();
    let keys: Vec<String> = entries.iter().map(|e| name_key(&e.name)).collect();
    for (i, key) in keys.iter().enumerate() {
        let same = keys[..i].iter().position(|k| !key.is_empty() && k == key);
        if let Some(j) = same.filter(|j| entries[*j].name.trim() != entries[i].name.trim()) {
            problems.push(Problem::new(
                format!("{prefix}[{i}].name"),
                format!(
                    "第{}行：“{}”与第{}行“{}”是同一单位的不同写法，请只保留一行",
                    i + 1,
                    entries[i].name.trim(),
                    j + 1,
                    entries[j].name.trim()
                ),
            ));
        }
    }
    problems
}

/// Replace the roster (added, renamed, removed offices) in one write; a bad
/// list changes nothing.
pub fn save(app: &mut App, entries: &[RosterEntry]) -> Result<Vec<RosterEntry>> {
    Error::from_problems(check(entries, "offices"))?;
    app.store.write(|tx| {
        store_roster::save(tx, entries)?;
        store_roster::list(tx)
    })
}

/// What an import from a list did.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Imported {
    pub offices: Vec<RosterEntry>,
    /// Offices new to the roster.
    pub added: Vec<String>,
    /// Offices already listed that gained their code from the list.
    pub coded: Vec<String>,
    /// Offices already listed as they are.
    pub unchanged: usize,
}

/// Merge `incoming` into `current`: an office already listed (by code, else
/// by name in any of its usual forms) gains a code it lacked; any other is
/// appended. Nothing is removed.
pub fn merge(current: &[RosterEntry], incoming: &[RosterEntry]) -> Imported {
    let mut offices = current.to_vec();
    let (mut added, mut coded, mut unchanged) = (vec![], vec![], 0);
    for e in incoming {
        match match_office(&offices, &e.name, &e.code) {
            Match::Code(_) => unchanged += 1,
            Match::Name(i) if offices[i].code.trim().is_empty() && !e.code.trim().is_empty() => {
                offices[i].code = e.code.trim().to_string();
                coded.push(offices[i].name.clone());
            }
            Match::Name(_) | Match::Ambiguous(_) => unchanged += 1,
            Match::Unlisted => {
                offices.push(RosterEntry {
                    name: e.name.trim().to_string(),
                    code: e.code.trim().to_string(),
                });
                added.push(e.name.trim().to_string());
            }
        }
    }
    Imported {
        offices,
        added,
        coded,
        unchanged,
    }
}

/// Offices of the list whose code the roster gives to an office of another
/// name: one of the two is mistyped, and guessing would file a package
/// under the wrong office.
fn code_conflicts(current: &[RosterEntry], incoming: &[RosterEntry]) -> Vec<Problem> {
    incoming
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match match_office(current, &e.name, &e.code) {
            Match::Code(j) if name_key(&current[j].name) != name_key(&e.name) => {
                Some(Problem::new(
                    format!("roster[{i}].code"),
                    format!(
                        "“{}”的单位代码“{}”在名单中是“{}”的，请核对后再导入",
                        e.name.trim(),
                        e.code.trim(),
                        current[j].name
                    ),
                ))
            }
            _ => None,
        })
        .collect()
}

/// Add the offices of a pasted list or a workbook to the roster, all or
/// nothing.
pub fn import(app: &mut App, incoming: &[RosterEntry]) -> Result<Imported> {
    // The list itself first: a name or code twice in it is the list's mistake.
    Error::from_problems(
        store_roster::check(incoming, "roster")
            .err()
            .unwrap_or_default(),
    )?;
    // Read, merge and save in one write: another window saving the roster
    // meanwhile is not lost.
    app.store.write(|tx| {
        let current = store_roster::list(tx)?;
        Error::from_problems(code_conflicts(&current, incoming))?;
        let mut merged = merge(&current, incoming);
        Error::from_problems(check(&merged.offices, "offices"))?;
        store_roster::save(tx, &merged.offices)?;
        merged.offices = store_roster::list(tx)?;
        Ok(merged)
    })
}

#[cfg(test)]
mod tests;
