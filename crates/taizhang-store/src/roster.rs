//! The district's roster (区县汇总): the offices that should send a data
//! package, each with its name and, where known, its code. Stored as a whole
//! list: the page edits it in place and saves it in one write.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::store::{AuditAction, Tx};
use taizhang_base::error::{Error, Problem, Result};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterEntry {
    pub name: String,
    /// The office's code (统一社会信用代码 or the district's own); empty when
    /// not known.
    #[serde(default)]
    pub code: String,
}

pub fn list(conn: &Connection) -> Result<Vec<RosterEntry>> {
    let mut stmt =
        conn.prepare("SELECT name, coalesce(code, '') FROM district_roster ORDER BY position, id")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(RosterEntry {
                name: r.get(0)?,
                code: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The entries trimmed and checked one by one (name given, short, one line;
/// no name or code twice). Problems are located at `prefix[i].field`.
pub fn check(
    entries: &[RosterEntry],
    prefix: &str,
) -> std::result::Result<Vec<RosterEntry>, Vec<Problem>> {
    let mut problems = vec![];
    let mut cleaned: Vec<RosterEntry> = vec![];
    for (i, e) in entries.iter().enumerate() {
        let entry = RosterEntry {
            name: e.name.trim().to_string(),
            code: e.code.trim().to_string(),
        };
        let at = |field: &str| format!("{prefix}[{i}].{field}");
        let row = i + 1;
        if entry.name.is_empty() {
            problems.push(Problem::new(
                at("name"),
                format!("第{row}行：请填写单位名称"),
            ));
        }
        for (field, label, value, max) in [
            ("name", "单位名称", &entry.name, 100),
            ("code", "单位代码", &entry.code, 50),
        ] {
            if value.chars().count() > max {
                problems.push(Problem::new(
                    at(field),
                    format!("第{row}行：{label}不能超过{max}个字"),
                ));
            }
            if value.contains(['\n', '\r']) {
                problems.push(Problem::new(
                    at(field),
                    format!("第{row}行：{label}不能换行"),
                ));
            }
        }
        if let Some(j) = cleaned
            .iter()
            .position(|c| !entry.name.is_empty() && c.name == entry.name)
        {
            problems.push(Problem::new(
                at("name"),
                format!(
                    "第{row}行：单位“{}”与第{}行重复，请删去一行",
                    entry.name,
                    j + 1
                ),
            ));
        }
        if let Some(j) = cleaned
            .iter()
            .position(|c| !entry.code.is_empty() && c.code == entry.code)
        {
            problems.push(Problem::new(
                at("code"),
                format!(
                    "第{row}行：单位代码“{}”与第{}行相同，请核对",
                    entry.code,
                    j + 1
                ),
            ));
        }
        cleaned.push(entry);
    }
    if problems.is_empty() {
        Ok(cleaned)
    } else {
        Err(problems)
    }
}

/// Replace the roster with `entries` (checked first: a bad list changes
/// nothing). Returns whether anything changed; a change is audited.
pub fn save(tx: &Tx, entries: &[RosterEntry]) -> Result<bool> {
    let entries = check(entries, "offices").map_err(|p| Error::from_problems(p).unwrap_err())?;
    let before = list(tx)?;
    if before == entries {
        return Ok(false);
    }
    tx.execute("DELETE FROM district_roster", [])?;
    for (position, e) in entries.iter().enumerate() {
        let code = (!e.code.is_empty()).then_some(e.code.as_str());
        tx.execute(
            "INSERT INTO district_roster (name, code, position) VALUES (?1, ?2, ?3)",
            params![e.name, code, position as i64 + 1],
        )?;
    }
    tx.audit(
        AuditAction::Update,
        "district_roster",
        "roster",
        Some(&json!(before)),
        Some(&json!(entries)),
        "",
    )?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn entry(name: &str, code: &str) -> RosterEntry {
        RosterEntry {
            name: name.into(),
            code: code.into(),
        }
    }

    #[test]
    fn a_saved_roster_reads_back_in_order_trimmed() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db")).unwrap();
        let wanted = [
            entry(" 潮鸣街道办事处 ", ""),
            entry("长庆街道", "11330103MB1234567X"),
        ];
        assert!(store.write(|tx| save(tx, &wanted)).unwrap());
        assert_eq!(
            list(store.conn()).unwrap(),
            vec![
                entry("潮鸣街道办事处", ""),
                entry("长庆街道", "11330103MB1234567X")
            ]
        );
        // The same list again changes nothing.
        assert!(!store.write(|tx| save(tx, &list(tx)?)).unwrap());
        // Reopened, it is still there.
        drop(store);
        let store = Store::open(&dir.path().join("t.db")).unwrap();
        assert_eq!(list(store.conn()).unwrap().len(), 2);
    }

    #[test]
    fn a_bad_roster_is_refused_whole_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db")).unwrap();
        store
            .write(|tx| save(tx, &[entry("长庆街道", "")]))
            .unwrap();
        let err = store
            .write(|tx| {
                save(
                    tx,
                    &[
                        entry("潮鸣街道", "A1"),
                        entry("", ""),
                        entry("潮鸣街道", ""),
                        entry("武林街道", "A1"),
                    ],
                )
            })
            .unwrap_err();
        let Error::Problems { problems } = err else {
            panic!("every problem at once: {err}")
        };
        let text: Vec<String> = problems
            .iter()
            .map(|p| format!("{}：{}", p.path, p.message))
            .collect();
        let text = text.join("\n");
        assert!(
            text.contains("offices[1].name：第2行：请填写单位名称"),
            "{text}"
        );
        assert!(text.contains("第3行：单位“潮鸣街道”与第1行重复"), "{text}");
        assert!(text.contains("第4行：单位代码“A1”与第1行相同"), "{text}");
        assert_eq!(list(store.conn()).unwrap(), vec![entry("长庆街道", "")]);
    }
}
