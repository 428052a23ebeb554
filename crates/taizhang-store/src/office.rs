//! The office profile (name, superior organ, contact) and its units
//! (科室 / 社区 / other), which registers refer to by name.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::store::{get_setting, set_setting, AuditAction, Tx};
use taizhang_base::error::{Error, Problem, Result};

pub use taizhang_base::office_profile::{Office, OFFICE_KINDS};

pub const UNIT_KINDS: &[(&str, &str)] = &[
    ("section", "科室"),
    ("community", "社区"),
    ("other", "其他"),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub archived: bool,
}

/// The office's kind and code are settings (`office.kind`, `office.code`):
/// additions that need no change to the `office` table.
const KIND_KEY: &str = "office.kind";
const CODE_KEY: &str = "office.code";

pub fn get_office(conn: &Connection) -> Result<Office> {
    let mut office = conn.query_row(
        "SELECT name, superior, contact FROM office WHERE id = 1",
        [],
        |r| {
            Ok(Office {
                name: r.get(0)?,
                superior: r.get(1)?,
                contact: r.get(2)?,
                ..Office::default()
            })
        },
    )?;
    let text = |key| -> Result<String> {
        Ok(get_setting(conn, key)?
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default())
    };
    office.kind = text(KIND_KEY)?;
    office.code = text(CODE_KEY)?;
    Ok(office)
}

/// The office profile, trimmed and checked; problems are located at `prefix` + field.
pub fn check_office(office: &Office, prefix: &str) -> std::result::Result<Office, Vec<Problem>> {
    let cleaned = Office {
        name: office.name.trim().to_string(),
        superior: office.superior.trim().to_string(),
        contact: office.contact.trim().to_string(),
        kind: office.kind.trim().to_string(),
        code: office.code.trim().to_string(),
    };
    let mut problems = vec![];
    if !cleaned.kind.is_empty() && !OFFICE_KINDS.iter().any(|(k, _)| *k == cleaned.kind) {
        let labels: Vec<&str> = OFFICE_KINDS.iter().map(|(_, l)| *l).collect();
        problems.push(Problem::new(
            format!("{prefix}kind"),
            format!(
                "单位类型“{}”无效，请选择：{}",
                cleaned.kind,
                labels.join("、")
            ),
        ));
    }
    if cleaned.name.is_empty() {
        problems.push(Problem::new(
            format!("{prefix}name"),
            "请填写单位名称（如：长庆街道办事处）",
        ));
    }
    for (field, label, value) in [
        ("name", "单位名称", &cleaned.name),
        ("superior", "上级机关", &cleaned.superior),
        ("contact", "联系方式", &cleaned.contact),
        ("code", "单位代码", &cleaned.code),
    ] {
        if value.chars().count() > 100 {
            problems.push(Problem::new(
                format!("{prefix}{field}"),
                format!("{label}不能超过100个字"),
            ));
        }
        if value.contains('\n') {
            problems.push(Problem::new(
                format!("{prefix}{field}"),
                format!("{label}不能换行"),
            ));
        }
    }
    if problems.is_empty() {
        Ok(cleaned)
    } else {
        Err(problems)
    }
}

pub fn save_office(tx: &Tx, office: &Office) -> Result<Office> {
    let office = check_office(office, "").map_err(|p| Error::from_problems(p).unwrap_err())?;
    let before = get_office(tx)?;
    if before != office {
        tx.execute(
            "UPDATE office SET name = ?1, superior = ?2, contact = ?3 WHERE id = 1",
            params![office.name, office.superior, office.contact],
        )?;
        set_setting(tx, KIND_KEY, &json!(office.kind))?;
        set_setting(tx, CODE_KEY, &json!(office.code))?;
        tx.audit(
            AuditAction::Update,
            "office",
            "office",
            Some(&json!(before)),
            Some(&json!(office)),
            "",
        )?;
    }
    Ok(office)
}

/// The window every street office has (issue 5: the windows are 前台 and the
/// units that serve the public).
pub const FRONT_DESK: &str = "前台";

/// Save the office from the first-launch form or the settings. The first save
/// of a name (completing the first launch) in a file without units also adds
/// the unit 前台 (kind `other`), so that 窗口业务 has the front desk from the
/// start. Imports and migrations do not: a package brings its own units, and
/// `import(export(db))` must give back the same ones.
pub fn save_office_from_form(tx: &Tx, office: &Office) -> Result<Office> {
    let first_launch = get_office(tx)?.name.is_empty();
    let saved = save_office(tx, office)?;
    if first_launch && list_units(tx, true)?.is_empty() {
        add_unit(tx, FRONT_DESK, "other")?;
    }
    Ok(saved)
}

pub fn list_units(conn: &Connection, include_archived: bool) -> Result<Vec<Unit>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, kind, archived FROM units WHERE archived = 0 OR ?1 ORDER BY position, id",
    )?;
    let rows = stmt.query_map([include_archived], |r| {
        Ok(Unit {
            id: r.get(0)?,
            name: r.get(1)?,
            kind: r.get(2)?,
            archived: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

fn unit_by_id(conn: &Connection, id: i64) -> Result<Unit> {
    conn.query_row(
        "SELECT id, name, kind, archived FROM units WHERE id = ?1",
        [id],
        |r| {
            Ok(Unit {
                id: r.get(0)?,
                name: r.get(1)?,
                kind: r.get(2)?,
                archived: r.get(3)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::not_found("单位", id.to_string()))
}

/// Check a unit's name and kind; problems are located at `prefix` + field.
pub fn check_unit(name: &str, kind: &str, prefix: &str) -> Vec<Problem> {
    let mut problems = vec![];
    let name = name.trim();
    if name.is_empty() {
        problems.push(Problem::new(format!("{prefix}name"), "请填写单位名称"));
    } else if name.chars().count() > 50 {
        problems.push(Problem::new(
            format!("{prefix}name"),
            "单位名称不能超过50个字",
        ));
    }
    if !UNIT_KINDS.iter().any(|(code, _)| *code == kind) {
        problems.push(Problem::new(
            format!("{prefix}kind"),
            format!("单位类型“{kind}”无效，应为：科室、社区或其他"),
        ));
    }
    problems
}

fn ensure_name_free(tx: &Tx, name: &str, except: Option<i64>) -> Result<()> {
    let taken: Option<i64> = tx
        .query_row("SELECT id FROM units WHERE name = ?1", [name], |r| r.get(0))
        .optional()?;
    match taken {
        Some(id) if Some(id) != except => {
            Err(Error::invalid("name", format!("已有名为“{name}”的单位")))
        }
        _ => Ok(()),
    }
}

pub fn add_unit(tx: &Tx, name: &str, kind: &str) -> Result<Unit> {
    Error::from_problems(check_unit(name, kind, ""))?;
    let name = name.trim();
    ensure_name_free(tx, name, None)?;
    let position: i64 = tx.query_row(
        "SELECT coalesce(max(position), 0) + 1 FROM units",
        [],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO units (name, kind, position) VALUES (?1, ?2, ?3)",
        params![name, kind, position],
    )?;
    let unit = unit_by_id(tx, tx.last_insert_rowid())?;
    tx.audit(
        AuditAction::Create,
        "units",
        &unit.id.to_string(),
        None,
        Some(&json!(unit)),
        "",
    )?;
    Ok(unit)
}

/// Rename a unit (and change its kind). Records that name the unit follow the
/// new name (`ON UPDATE CASCADE`).
pub fn update_unit(tx: &Tx, id: i64, name: &str, kind: &str) -> Result<Unit> {
    Error::from_problems(check_unit(name, kind, ""))?;
    let before = unit_by_id(tx, id)?;
    let name = name.trim();
    ensure_name_free(tx, name, Some(id))?;
    tx.execute(
        "UPDATE units SET name = ?1, kind = ?2 WHERE id = ?3",
        params![name, kind, id],
    )?;
    let after = unit_by_id(tx, id)?;
    if after != before {
        tx.audit(
            AuditAction::Update,
            "units",
            &id.to_string(),
            Some(&json!(before)),
            Some(&json!(after)),
            "",
        )?;
    }
    Ok(after)
}

/// Archive (hide from choices, keep history) or restore a unit.
pub fn set_unit_archived(tx: &Tx, id: i64, archived: bool) -> Result<Unit> {
    let before = unit_by_id(tx, id)?;
    tx.execute(
        "UPDATE units SET archived = ?1 WHERE id = ?2",
        params![archived, id],
    )?;
    let after = unit_by_id(tx, id)?;
    if after != before {
        let note = if archived { "归档" } else { "恢复" };
        tx.audit(
            AuditAction::Update,
            "units",
            &id.to_string(),
            Some(&json!(before)),
            Some(&json!(after)),
            note,
        )?;
    }
    Ok(after)
}

/// Move a unit up or down in the list.
pub fn move_unit(tx: &Tx, id: i64, up: bool) -> Result<()> {
    let units = list_units(tx, true)?;
    let Some(i) = units.iter().position(|u| u.id == id) else {
        return Err(Error::not_found("单位", id.to_string()));
    };
    let j = if up {
        i.checked_sub(1)
    } else {
        Some(i + 1).filter(|j| *j < units.len())
    };
    let Some(j) = j else { return Ok(()) };
    let mut order: Vec<i64> = units.iter().map(|u| u.id).collect();
    order.swap(i, j);
    for (pos, uid) in order.iter().enumerate() {
        tx.execute(
            "UPDATE units SET position = ?1 WHERE id = ?2",
            params![pos as i64 + 1, uid],
        )?;
    }
    let before: Vec<&str> = units.iter().map(|u| u.name.as_str()).collect();
    let mut after = before.clone();
    after.swap(i, j);
    tx.audit(
        AuditAction::Other("reorder"),
        "units",
        &id.to_string(),
        Some(&json!(before)),
        Some(&json!(after)),
        &format!("{}“{}”", if up { "上移" } else { "下移" }, units[i].name),
    )
}

/// Insert a unit from a data package, or update the kind of the unit with
/// that name. Returns whether anything changed.
pub fn upsert_unit_by_name(tx: &Tx, name: &str, kind: &str) -> Result<bool> {
    let existing: Option<(i64, String)> = tx
        .query_row("SELECT id, kind FROM units WHERE name = ?1", [name], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    match existing {
        Some((_, k)) if k == kind => Ok(false),
        Some((id, _)) => {
            update_unit(tx, id, name, kind)?;
            Ok(true)
        }
        None => {
            add_unit(tx, name, kind)?;
            Ok(true)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn the_office_name_is_required_and_trimmed() {
        let mut store = Store::open_in_memory().unwrap();
        let err = store
            .write(|tx| save_office(tx, &Office::default()))
            .unwrap_err();
        assert_eq!(err.to_json()["field"], "name");
        let saved = store
            .write(|tx| {
                save_office(
                    tx,
                    &Office {
                        name: " 长庆街道办事处 ".into(),
                        ..Default::default()
                    },
                )
            })
            .unwrap();
        assert_eq!(saved.name, "长庆街道办事处");
        assert_eq!(get_office(store.conn()).unwrap().name, "长庆街道办事处");
    }

    #[test]
    fn units_are_added_renamed_archived_and_keep_their_order() {
        let mut store = Store::open_in_memory().unwrap();
        let a = store.write(|tx| add_unit(tx, "党政办", "section")).unwrap();
        let b = store
            .write(|tx| add_unit(tx, "长庆社区", "community"))
            .unwrap();
        let err = store
            .write(|tx| add_unit(tx, "党政办", "section"))
            .unwrap_err();
        assert!(err.to_string().contains("已有名为“党政办”的单位"));
        store
            .write(|tx| update_unit(tx, a.id, "党政综合办", "section"))
            .unwrap();
        store.write(|tx| set_unit_archived(tx, b.id, true)).unwrap();
        let active: Vec<String> = list_units(store.conn(), false)
            .unwrap()
            .into_iter()
            .map(|u| u.name)
            .collect();
        assert_eq!(active, vec!["党政综合办"]);
        assert_eq!(list_units(store.conn(), true).unwrap().len(), 2);
        store
            .write(|tx| set_unit_archived(tx, b.id, false))
            .unwrap();
        store.write(|tx| move_unit(tx, b.id, true)).unwrap();
        let order: Vec<String> = list_units(store.conn(), false)
            .unwrap()
            .into_iter()
            .map(|u| u.name)
            .collect();
        assert_eq!(order, vec!["长庆社区", "党政综合办"]);
    }

    #[test]
    fn a_bad_unit_kind_names_the_field_and_changes_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let err = store
            .write(|tx| add_unit(tx, "某科", "planet"))
            .unwrap_err();
        assert_eq!(err.to_json()["field"], "kind");
        assert!(list_units(store.conn(), true).unwrap().is_empty());
    }
}
