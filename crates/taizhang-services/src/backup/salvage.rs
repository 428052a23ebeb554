//! Salvage: every record a damaged data file still gives up, as a data package
//! to import after restoring the newest good backup (records typed since that
//! backup come back this way).
//!
//! rusqlite has no recovery API, so each table is read in ranges of rowids;
//! a range that fails is halved until the single rows that cannot be read are
//! found and counted. The rows read go into a fresh file with this program's
//! schema, which the ordinary export turns into a package.

use rusqlite::types::Value as SqlValue;
use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value;

use crate::app::App;
use crate::dataset::{self, ExportOptions};
use taizhang_base::error::{Error, Result};

/// Rows read at a time; a failing range is halved down to single rows.
const RANGE: i64 = 512;

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct TableSalvage {
    pub table: String,
    pub read: usize,
    /// Rows that could not be read (rowids that failed one by one).
    pub unreadable: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Salvage {
    /// A `taizhang.dataset/1` package of everything read, applicants' data included.
    pub package: Value,
    pub tables: Vec<TableSalvage>,
    pub read: usize,
    pub unreadable: usize,
}

impl Salvage {
    /// The sentence the clerk reads.
    pub fn summary(&self) -> String {
        match self.unreadable {
            0 => format!("已抢救出全部 {} 条记录。", self.read),
            n => format!("已抢救出 {} 条记录，另有约 {n} 条记录无法读出。", self.read),
        }
    }
}

/// Read every table of `damaged` that the package carries (the audit trail is
/// not part of a package) and export what was read.
pub fn salvage(damaged: &Connection) -> Result<Salvage> {
    let dir = super::work_dir()?;
    let mut scratch = App::open(&dir.path().join("salvage.db"))?;
    let tables = scratch_tables(scratch.store.conn())?;
    let mut report = vec![];
    {
        let conn = scratch.store.conn_mut();
        // Rows arrive table by table, before what they refer to may have.
        conn.execute_batch("PRAGMA foreign_keys = OFF")?;
        let tx = conn.transaction()?;
        for table in &tables {
            report.push(copy_table(damaged, &tx, table)?);
        }
        tx.commit()?;
    }
    let options = ExportOptions {
        year: None,
        personal: true,
    };
    let package = dataset::export(&scratch, &options)?;
    Ok(Salvage {
        package,
        read: report.iter().map(|t| t.read).sum(),
        unreadable: report.iter().map(|t| t.unreadable).sum(),
        tables: report,
    })
}

fn scratch_tables(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table'
           AND name NOT LIKE 'sqlite_%' AND name <> 'audit_log' ORDER BY name",
    )?;
    let names = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    // Table names come from our own schema (sqlite_master), never from input.
    let mut stmt = conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
    let names = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

struct Copy<'a> {
    from: &'a Connection,
    to: &'a Connection,
    select: String,
    insert: String,
    out: TableSalvage,
}

fn copy_table(from: &Connection, to: &Connection, table: &str) -> Result<TableSalvage> {
    let cols = columns(to, table)?.join(", ");
    let n = columns(to, table)?.len();
    let out = TableSalvage {
        table: table.to_string(),
        ..Default::default()
    };
    let has_rowid = from
        .prepare(&format!("SELECT rowid FROM {table} LIMIT 0"))
        .is_ok();
    if !has_rowid {
        return copy_whole(from, to, table, &cols, n, out);
    }
    let params: Vec<String> = (0..=n).map(|i| format!("?{}", i + 1)).collect();
    let mut copy = Copy {
        from,
        to,
        select: format!("SELECT rowid, {cols} FROM {table} WHERE rowid BETWEEN ?1 AND ?2"),
        insert: format!(
            "INSERT OR REPLACE INTO {table} (rowid, {cols}) VALUES ({})",
            params.join(", ")
        ),
        out,
    };
    let last = last_rowid(from, table);
    let mut lo = 1;
    while lo <= last {
        let hi = (lo + RANGE - 1).min(last);
        copy.range(lo, hi)?;
        lo = hi + 1;
    }
    Ok(copy.out)
}

/// The highest rowid, or a bound from the file's size when the last page is
/// the damaged one (no page holds more than a few hundred rows).
fn last_rowid(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT max(rowid) FROM {table}"), [], |r| {
        r.get::<_, Option<i64>>(0)
    })
    .map(|m| m.unwrap_or(0))
    .unwrap_or_else(|_| {
        conn.query_row("PRAGMA page_count", [], |r| r.get::<_, i64>(0))
            .map(|pages| pages * 100)
            .unwrap_or(0)
    })
}

impl Copy<'_> {
    fn range(&mut self, lo: i64, hi: i64) -> Result<()> {
        match self.read(lo, hi) {
            Ok(rows) => self.write(rows),
            Err(_) if lo == hi => {
                self.out.unreadable += 1;
                Ok(())
            }
            Err(_) => {
                let mid = lo + (hi - lo) / 2;
                self.range(lo, mid)?;
                self.range(mid + 1, hi)
            }
        }
    }

    fn read(&self, lo: i64, hi: i64) -> rusqlite::Result<Vec<Vec<SqlValue>>> {
        let mut stmt = self.from.prepare_cached(&self.select)?;
        let width = stmt.column_count();
        let rows = stmt.query_map([lo, hi], |r| {
            (0..width).map(|i| r.get::<_, SqlValue>(i)).collect()
        })?;
        rows.collect()
    }

    fn write(&mut self, rows: Vec<Vec<SqlValue>>) -> Result<()> {
        let mut stmt = self.to.prepare_cached(&self.insert)?;
        for row in rows {
            stmt.execute(rusqlite::params_from_iter(row))?;
            self.out.read += 1;
        }
        Ok(())
    }
}

/// A table without rowids (small catalogues): read in one go, keeping the
/// rows met before a damaged page.
fn copy_whole(
    from: &Connection,
    to: &Connection,
    table: &str,
    cols: &str,
    n: usize,
    mut out: TableSalvage,
) -> Result<TableSalvage> {
    let params: Vec<String> = (1..=n).map(|i| format!("?{i}")).collect();
    let insert = format!(
        "INSERT OR REPLACE INTO {table} ({cols}) VALUES ({})",
        params.join(", ")
    );
    let mut stmt = match from.prepare(&format!("SELECT {cols} FROM {table}")) {
        Ok(stmt) => stmt,
        Err(_) => {
            out.unreadable += 1;
            return Ok(out);
        }
    };
    let mut rows = stmt.query([])?;
    loop {
        match rows.next() {
            Ok(Some(row)) => {
                let values: Vec<SqlValue> =
                    (0..n).map(|i| row.get(i)).collect::<rusqlite::Result<_>>()?;
                to.execute(&insert, rusqlite::params_from_iter(values))?;
                out.read += 1;
            }
            Ok(None) => break,
            Err(_) => {
                out.unreadable += 1;
                break;
            }
        }
    }
    Ok(out)
}

/// The package as the file the clerk saves.
pub fn package_bytes(salvage: &Salvage) -> Result<Vec<u8>> {
    serde_json::to_vec_pretty(&salvage.package).map_err(|e| Error::Internal(e.to_string()))
}
