//! Which register record a sheet's row is, so that importing the same ledger
//! again adds nothing, and a ledger whose dates the clerk filled in later
//! fills them in instead of adding the rows twice.
//!
//! A row is the record with its title and 文号 whose dates do not
//! contradict it: each of 形成日期 and 公开日期 equal, or unknown on one side.
//! A record is claimed by one row at most, so same-titled rows (the monthly
//! 财政收支 of a year, or two rows typed alike) stay distinct records.
//! New rows get an id from title, 文号 and their first known date of
//! 公开日期 / 形成日期 — not from 形成日期 alone, which is often filled later.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;
use serde_json::{json, Value};

use crate::framework::Record;
use taizhang_base::error::Result;

/// The dates a row fills in on a record that lacked them.
pub type Fill = Vec<(&'static str, Value)>;

/// Where a checked row goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Placement {
    /// A new record with this id.
    New(String),
    /// Already in the register; `fill` holds the dates the record lacks.
    Existing { id: String, fill: Fill },
}

/// What identifies a row among the records of the same title.
#[derive(Debug, Clone)]
struct Known {
    id: String,
    doc_number: Option<String>,
    formed_on: Option<String>,
    published_on: Option<String>,
}

/// The register's records by title, and the ids this import has used.
pub struct Matcher {
    by_title: HashMap<String, Vec<Known>>,
    claimed: HashSet<String>,
    ids: HashSet<String>,
}

const DATES: [&str; 2] = ["formed_on", "published_on"];

fn text(rec: &Record, key: &str) -> Option<String> {
    rec.get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .filter(|s| !s.is_empty())
}

impl Matcher {
    /// Read the register's titles once (an import checks every row against them).
    pub fn load(conn: &Connection) -> Result<Matcher> {
        let mut stmt =
            conn.prepare("SELECT id, title, doc_number, formed_on, published_on FROM disclosures")?;
        let mut by_title: HashMap<String, Vec<Known>> = HashMap::new();
        let mut ids = HashSet::new();
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(1)?,
                Known {
                    id: r.get(0)?,
                    doc_number: r.get(2)?,
                    formed_on: r.get(3)?,
                    published_on: r.get(4)?,
                },
            ))
        })?;
        for row in rows {
            let (title, known) = row?;
            ids.insert(known.id.clone());
            by_title.entry(title).or_default().push(known);
        }
        Ok(Matcher {
            by_title,
            claimed: HashSet::new(),
            ids,
        })
    }

    /// The record a checked row is, claiming it, or a new id.
    pub fn place(&mut self, rec: &Record) -> Placement {
        let title = text(rec, "title").unwrap_or_default();
        let doc = text(rec, "doc_number");
        let row_dates = DATES.map(|k| text(rec, k));
        let found = self.by_title.get(&title).and_then(|known| {
            known.iter().find(|k| {
                !self.claimed.contains(&k.id)
                    && k.doc_number.as_deref().filter(|s| !s.is_empty()) == doc.as_deref()
                    && compatible(&[k.formed_on.clone(), k.published_on.clone()], &row_dates)
            })
        });
        if let Some(k) = found {
            let id = k.id.clone();
            let have = [k.formed_on.clone(), k.published_on.clone()];
            let fill = DATES
                .iter()
                .zip(have.iter().zip(&row_dates))
                .filter_map(|(key, (had, row))| match (had, row) {
                    (None, Some(d)) => Some((*key, json!(d))),
                    _ => None,
                })
                .collect();
            self.claimed.insert(id.clone());
            return Placement::Existing { id, fill };
        }
        let id = self.fresh_id(rec);
        self.claimed.insert(id.clone());
        self.ids.insert(id.clone());
        Placement::New(id)
    }

    /// `d-y` and a hash of what identifies the row; the next occurrence
    /// number when that id is taken (a same-titled row, or a record the clerk
    /// has since renamed).
    fn fresh_id(&self, rec: &Record) -> String {
        let anchor = text(rec, "published_on").or_else(|| text(rec, "formed_on"));
        let base = [
            text(rec, "title").unwrap_or_default(),
            text(rec, "doc_number").unwrap_or_default(),
            anchor.unwrap_or_default(),
        ];
        (1u32..)
            .map(|n| {
                let mut parts = base.to_vec();
                if n > 1 {
                    parts.push(n.to_string());
                }
                format!("d-y{:012x}", fnv(&parts) & 0xffff_ffff_ffff)
            })
            .find(|id| !self.ids.contains(id))
            .expect("some occurrence number is free")
    }
}

/// Dates that do not contradict: each equal, or unknown on one side.
fn compatible(known: &[Option<String>; 2], row: &[Option<String>; 2]) -> bool {
    known.iter().zip(row).all(|(a, b)| match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    })
}

/// FNV-1a, so that ids never change between program versions.
fn fnv(parts: &[String]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0x1f)) {
            hash ^= b as u64;
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}
