//! Writing counts: one cell as the clerk leaves it, a block pasted from a
//! spreadsheet, or a set of cells restored by undo. Each call is one
//! transaction (the caller's `Store::write`), checks the year locks, and audits
//! every cell it changes. A cell set answers its previous value, so that the
//! user interface can undo it.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::catalogue::{item_by_id, ServiceItem};
use super::count::{parse_count_text, parse_count_value};
use super::period::Period;
use taizhang_base::error::{Error, Problem, Result};
use taizhang_store::office::Unit;
use crate::framework::merge::{judge, keep_tombstone, taken_version, Arrival, Outcome, Verdict};
use taizhang_store::store::{AuditAction, Tx};
use taizhang_store::sync::{self, Clock, Tombstone, Version};

pub const AUDIT_KEY: &str = "service_tallies";

/// Where a count goes: item, window and period, with the names for the audit log.
#[derive(Debug, Clone, Copy)]
pub struct Cell<'a> {
    pub item: &'a ServiceItem,
    pub window: &'a Unit,
    pub period: Period,
}

/// One changed cell, as the user interface needs it to show and to undo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellChange {
    pub item: i64,
    pub period: String,
    pub before: Option<i64>,
    pub after: Option<i64>,
}

/// A cell of `tallies.set_many` (undo, restore).
#[derive(Debug, Clone, Deserialize)]
pub struct CellInput {
    pub item: i64,
    pub period: String,
    #[serde(default)]
    pub count: Value,
}

pub fn get_count(conn: &Connection, item: i64, window: i64, period: Period) -> Result<Option<i64>> {
    let (y, m, d) = period.parts();
    Ok(conn
        .prepare_cached(
            "SELECT count FROM service_tallies
             WHERE year = ?1 AND unit_id = ?2 AND month = ?3 AND day = ?4 AND item_id = ?5",
        )?
        .query_row(params![y, window, m, d, item], |r| r.get(0))
        .optional()?)
}

/// Store a count (None clears) without the entry rules of the grid: what
/// imports use. Checks the year lock, audits a change, answers the previous value.
pub fn store_count(tx: &Tx, cell: Cell, count: Option<i64>, note: &str) -> Result<Option<i64>> {
    store_count_as(tx, cell, count, note, None)
}

/// The identity of a cell across PCs: its names (a file's ids are its own),
/// `["事项","窗口","期间"]` — a cleared cell's tombstone is kept under it.
pub fn cell_key(item: &str, window: &str, period: Period) -> String {
    serde_json::to_string(&(item, window, period.to_string())).expect("text serializes")
}

/// The names of a cell from its key (`None`: not a cell's key).
pub fn parse_cell_key(key: &str) -> Option<(String, String, String)> {
    serde_json::from_str(key).ok()
}

/// The version of a stored count, or of the tombstone a cleared one left.
pub fn cell_version(conn: &Connection, cell: Cell) -> Result<Option<Version>> {
    let (y, m, d) = cell.period.parts();
    let stored = conn
        .prepare_cached(
            "SELECT clock, changed_on, coalesce(changed_at, '') FROM service_tallies
             WHERE year = ?1 AND unit_id = ?2 AND month = ?3 AND day = ?4 AND item_id = ?5",
        )?
        .query_row(params![y, cell.window.id, m, d, cell.item.id], |r| {
            Version::from_row(r, 0)
        })
        .optional()?;
    match stored {
        Some(v) => Ok(Some(v)),
        None => Ok(sync::tombstone(conn, AUDIT_KEY, &key_of(cell))?.map(|t| t.version)),
    }
}

fn key_of(cell: Cell) -> String {
    cell_key(&cell.item.name, &cell.window.name, cell.period)
}

/// Store a count with the version it gets: `taken` from another PC's
/// package, else this PC's change of the cell's own.
pub(crate) fn store_count_as(
    tx: &Tx,
    cell: Cell,
    count: Option<i64>,
    note: &str,
    taken: Option<&Version>,
) -> Result<Option<i64>> {
    let (y, m, d) = cell.period.parts();
    let before = get_count(tx, cell.item.id, cell.window.id, cell.period)?;
    if before == count && taken.is_none() {
        return Ok(before);
    }
    tx.ensure_unlocked(&[y])?;
    let version = match taken {
        Some(v) => v.clone(),
        None => tx.change_of(&cell_version(tx, cell)?.unwrap_or_default().clock)?,
    };
    let key = key_of(cell);
    match count {
        Some(n) => {
            tx.prepare_cached(
                "INSERT INTO service_tallies (year, unit_id, month, day, item_id, count, clock, changed_on, changed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (year, unit_id, month, day, item_id) DO UPDATE SET count = excluded.count,
                   clock = excluded.clock, changed_on = excluded.changed_on, changed_at = excluded.changed_at",
            )?
            .execute(params![y, cell.window.id, m, d, cell.item.id, n,
                version.clock.to_text(), version.changed_on, version.changed_at])?;
            if before.is_none() {
                sync::remove_tombstone(tx, AUDIT_KEY, &key)?;
            }
        }
        None => {
            tx.prepare_cached(
                "DELETE FROM service_tallies
                 WHERE year = ?1 AND unit_id = ?2 AND month = ?3 AND day = ?4 AND item_id = ?5",
            )?
            .execute(params![y, cell.window.id, m, d, cell.item.id])?;
            sync::put_tombstone(
                tx,
                &Tombstone {
                    register: AUDIT_KEY.to_string(),
                    record_id: key,
                    version,
                },
            )?;
        }
    };
    if before == count {
        // Only the version moved: later packages compare with it.
        return Ok(before);
    }
    audit_count(tx, cell, before, count, AuditAction::for_counts(before, count), note)?;
    Ok(before)
}

fn audit_count(
    tx: &Tx,
    cell: Cell,
    before: Option<i64>,
    count: Option<i64>,
    action: AuditAction,
    note: &str,
) -> Result<()> {
    let snapshot = |n: Option<i64>| {
        n.map(|n| {
            json!({"item": cell.item.name, "window": cell.window.name,
                   "period": cell.period.to_string(), "count": n})
        })
    };
    tx.audit(
        action,
        AUDIT_KEY,
        &format!("{}:{}:{}", cell.item.id, cell.window.id, cell.period),
        snapshot(before).as_ref(),
        snapshot(count).as_ref(),
        note,
    )
}

/// Take in a count of another PC's package: like a record
/// ([`crate::framework::merge::record`]), by the versions of the cell.
pub fn merge_count(tx: &Tx, cell: Cell, count: Option<i64>, arrival: &Arrival) -> Result<Outcome> {
    let before = get_count(tx, cell.item.id, cell.window.id, cell.period)?;
    let Some(local) = cell_version(tx, cell)? else {
        let version = taken_version(tx, &Clock::default(), arrival)?;
        store_count_as(tx, cell, count, "导入", Some(&version))?;
        return Ok(if before == count { Outcome::Unchanged } else { Outcome::Written });
    };
    let same = before == count;
    let conflict = match judge(&local, arrival) {
        Verdict::Same => return Ok(Outcome::Unchanged),
        Verdict::Keep if same => return Ok(Outcome::Unchanged),
        Verdict::Keep if before.is_none() => return Ok(Outcome::StaysDeleted { deleted: local }),
        Verdict::Keep => return Ok(Outcome::KeptNewer { local }),
        // A count typed apart from a clearing is kept, as a record is over a delete.
        Verdict::Apart { incoming_kept: false } if same || before.is_some() => {
            if same {
                return Ok(Outcome::Unchanged);
            }
            audit_count(tx, cell, before, count, AuditAction::Other("conflict"),
                "导入冲突：两台电脑分别修改，保留了本机的数字；“修改后”是数据包中未采用的数字")?;
            return Ok(Outcome::Conflict {
                taken: false,
                incoming: arrival.version.cloned().unwrap_or_default(),
                local,
            });
        }
        Verdict::Apart { .. } => !same,
        Verdict::Take => false,
    };
    if same && arrival.version.is_none() {
        return Ok(Outcome::Unchanged);
    }
    let version = taken_version(tx, &local.clock, arrival)?;
    store_count_as(tx, cell, count, "导入", Some(&version))?;
    Ok(match (same, conflict) {
        (true, _) => Outcome::Unchanged,
        (false, true) => Outcome::Conflict { taken: true, local, incoming: version },
        (false, false) => Outcome::Written,
    })
}

/// Take in another PC's clearing of a cell (its tombstone): the count goes
/// when the clearing was made from its version here or a later one.
pub fn merge_clearing(tx: &Tx, cell: Option<Cell>, t: &Tombstone) -> Result<Outcome> {
    let stored = match cell {
        Some(cell) => get_count(tx, cell.item.id, cell.window.id, cell.period)?.map(|_| cell),
        None => None,
    };
    let Some(cell) = stored else {
        return keep_tombstone(tx, t);
    };
    let local = cell_version(tx, cell)?.unwrap_or_default();
    let arrival = Arrival {
        version: Some(&t.version),
        ..Arrival::default()
    };
    match judge(&local, &arrival) {
        Verdict::Take => {
            store_count_as(tx, cell, None, "导入（已在另一台电脑清除）", Some(&t.version))?;
            Ok(Outcome::Written)
        }
        Verdict::Same | Verdict::Keep => Ok(Outcome::KeptNewer { local }),
        Verdict::Apart { .. } => Ok(Outcome::Conflict {
            taken: false,
            local,
            incoming: t.version.clone(),
        }),
    }
}

/// The entry rules of the grid, which keep a figure from being counted twice:
/// a month's own figure cannot be typed where the month is already counted
/// day by day, and a whole year's figure cannot be typed where the year is
/// already counted by month or day. (Imports are checked by `check` instead.)
pub(crate) fn entry_rule(conn: &Connection, cell: Cell) -> Result<Option<String>> {
    let (y, m, _) = cell.period.parts();
    let finer: i64 = match cell.period {
        Period::Day(_) => return Ok(None),
        Period::Month(..) => conn.query_row(
            "SELECT count(*) FROM service_tallies
             WHERE year = ?1 AND unit_id = ?2 AND month = ?3 AND day > 0 AND item_id = ?4",
            params![y, cell.window.id, m, cell.item.id],
            |r| r.get(0),
        )?,
        Period::Year(_) => conn.query_row(
            "SELECT count(*) FROM service_tallies
             WHERE year = ?1 AND unit_id = ?2 AND month > 0 AND item_id = ?3",
            params![y, cell.window.id, cell.item.id],
            |r| r.get(0),
        )?,
    };
    Ok((finer > 0).then(|| match cell.period {
        Period::Month(..) => format!(
            "“{}”在{}已按日录入，不能再录入整月数字（会重复计算）；请在日表中修改。",
            cell.item.name,
            cell.period.chinese()
        ),
        _ => format!(
            "“{}”在{}年已有按月或按日的录入，不能再录入全年总数（会重复计算）。",
            cell.item.name, y
        ),
    }))
}

/// Write checked counts: every entry rule first, then every cell.
fn write_cells(
    tx: &Tx,
    window: &Unit,
    cells: &[(ServiceItem, Period, Option<i64>, String)],
) -> Result<Vec<CellChange>> {
    let mut problems = vec![];
    for (item, period, count, path) in cells {
        let cell = Cell {
            item,
            window,
            period: *period,
        };
        if count.is_some() {
            if let Some(message) = entry_rule(tx, cell)? {
                problems.push(Problem::new(path.clone(), message));
            }
        }
    }
    Error::from_problems(problems)?;
    let mut changes = vec![];
    for (item, period, count, _) in cells {
        let cell = Cell {
            item,
            window,
            period: *period,
        };
        let before = store_count(tx, cell, *count, "")?;
        changes.push(CellChange {
            item: item.id,
            period: period.to_string(),
            before,
            after: *count,
        });
    }
    Ok(changes)
}

pub fn window_by_id(conn: &Connection, id: i64) -> Result<Unit> {
    taizhang_store::office::list_units(conn, true)?
        .into_iter()
        .find(|u| u.id == id)
        .ok_or_else(|| Error::not_found("窗口", id.to_string()))
}

fn parse_period(text: &str, path: &str) -> Result<Period> {
    Period::parse(text).map_err(|m| Error::invalid(path, m))
}

/// Set one cell from what the clerk typed (number, text or null; empty or 0 clears).
pub fn set_cell(
    tx: &Tx,
    window: i64,
    item: i64,
    period: &str,
    value: &Value,
) -> Result<CellChange> {
    let window = window_by_id(tx, window)?;
    let item = item_by_id(tx, item)?;
    let period = parse_period(period, "period")?;
    let count = parse_count_value(value).map_err(|m| Error::invalid("count", m))?;
    let mut changes = write_cells(tx, &window, &[(item, period, count, "count".into())])?;
    Ok(changes.remove(0))
}

/// Set several cells at once, all or none (undo and restore).
pub fn set_many(tx: &Tx, window: i64, cells: &[CellInput]) -> Result<Vec<CellChange>> {
    let window = window_by_id(tx, window)?;
    let mut problems = vec![];
    let mut checked = vec![];
    for (i, c) in cells.iter().enumerate() {
        let path = format!("cells[{i}]");
        let item = item_by_id(tx, c.item);
        let period = Period::parse(&c.period);
        let count = parse_count_value(&c.count);
        match (item, period, count) {
            (Ok(item), Ok(period), Ok(count)) => checked.push((item, period, count, path)),
            (Err(e), _, _) => problems.push(Problem::new(path, e.to_string())),
            (_, Err(m), _) | (_, _, Err(m)) => problems.push(Problem::new(path, m)),
        }
    }
    Error::from_problems(problems)?;
    write_cells(tx, &window, &checked)
}

/// The rows and columns of a block copied from Excel or WPS: lines of
/// tab-separated cells (the last line break, which spreadsheets add, ignored).
pub fn parse_block(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let text = text.strip_suffix('\r').unwrap_or(text);
    text.split('\n')
        .map(|line| {
            line.trim_end_matches('\r')
                .split('\t')
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// Paste a block at the cursor: `items` are the grid's rows from the cursor
/// down, `periods` its columns from the cursor right. All or nothing: every
/// cell that is not a count is named (第3行第2列) and nothing is saved.
pub fn paste(
    tx: &Tx,
    window: i64,
    items: &[i64],
    periods: &[String],
    text: &str,
) -> Result<Vec<CellChange>> {
    let window = window_by_id(tx, window)?;
    let block = parse_block(text);
    let width = block.iter().map(Vec::len).max().unwrap_or(0);
    if block.is_empty() || width == 0 || text.trim().is_empty() {
        return Err(Error::invalid("text", "剪贴板中没有可粘贴的内容"));
    }
    if block.len() > items.len() || width > periods.len() {
        return Err(Error::invalid(
            "text",
            format!(
                "粘贴的内容有 {} 行 {} 列，超出了表格：从当前格向下只有 {} 行、向右只有 {} 列。请换一个起始格或少复制一些。",
                block.len(),
                width,
                items.len(),
                periods.len()
            ),
        ));
    }
    let mut problems = vec![];
    let mut checked = vec![];
    for (r, line) in block.iter().enumerate() {
        let item = item_by_id(tx, items[r])?;
        for (c, text) in line.iter().enumerate() {
            let path = format!("cells[{r}][{c}]");
            let period = parse_period(&periods[c], &path)?;
            match parse_count_text(text) {
                Ok(count) => checked.push((item.clone(), period, count, path)),
                Err(m) => problems.push(Problem::new(
                    path,
                    format!("第{}行第{}列：{m}", r + 1, c + 1),
                )),
            }
        }
    }
    if !problems.is_empty() {
        return Err(Error::Problems { problems });
    }
    write_cells(tx, &window, &checked)
}
