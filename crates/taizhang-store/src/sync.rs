//! Versions that travel between PCs (several PCs, one office).
//!
//! Every change of a register's record is stamped with a [`Clock`]: a counter
//! per PC that changed the record, the changing PC's own counter raised by
//! one. Comparing two clocks says whether one version was made from the other
//! (the newer replaces the older, in whatever order packages arrive) or both
//! were changed apart (a true conflict). The wall clock is never compared: a
//! PC's clock can be years off.
//!
//! The PC's id lives in the data file (`settings.pc_id`) together with where
//! it was made (`settings.pc_home`: host name and path). A file copied to
//! another PC or folder, or restored from a backup (its counters went back),
//! takes a new id at its next write, so two PCs never share one.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{Map, Value};

use taizhang_base::error::Result;

const PC_ID: &str = "pc_id";
const PC_HOME: &str = "pc_home";

/// A counter per PC (`{"p3fa9c2e1": 3, "pa81b44c0": 1}`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Clock(BTreeMap<String, u64>);

/// How one version stands to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Same,
    /// Made from the other, and changed since.
    Newer,
    Older,
    /// Both changed apart from what they last shared.
    Apart,
}

impl Clock {
    /// Read a stored clock (`NULL` or unreadable: the empty clock, older than
    /// any versioned change).
    pub fn parse(text: Option<&str>) -> Clock {
        text.and_then(|t| serde_json::from_str::<Value>(t).ok())
            .and_then(|v| Clock::from_json(&v))
            .unwrap_or_default()
    }

    /// A package's clock: an object of non-negative integers, keys a PC id.
    pub fn from_json(value: &Value) -> Option<Clock> {
        let obj = value.as_object()?;
        let mut counters = BTreeMap::new();
        for (pc, n) in obj {
            if !is_pc_id(pc) {
                return None;
            }
            counters.insert(pc.clone(), n.as_u64()?);
        }
        Some(Clock(counters))
    }

    pub fn to_json(&self) -> Value {
        Value::Object(
            self.0
                .iter()
                .map(|(pc, n)| (pc.clone(), Value::from(*n)))
                .collect::<Map<_, _>>(),
        )
    }

    pub fn to_text(&self) -> String {
        self.to_json().to_string()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The sum of the counters: how many changes this version has seen.
    pub fn changes(&self) -> u64 {
        self.0.values().sum()
    }

    /// This clock with `pc`'s counter raised by one: the version a change on
    /// `pc` makes.
    pub fn bumped(&self, pc: &str) -> Clock {
        let mut next = self.clone();
        *next.0.entry(pc.to_string()).or_default() += 1;
        next
    }

    /// Every counter at its larger value: what two versions saw together.
    pub fn joined(&self, other: &Clock) -> Clock {
        let mut out = self.clone();
        for (pc, n) in &other.0 {
            let mine = out.0.entry(pc.clone()).or_default();
            *mine = (*mine).max(*n);
        }
        out
    }

    /// How `self` stands to `other`.
    pub fn order(&self, other: &Clock) -> Order {
        let mut ahead = false;
        let mut behind = false;
        for pc in self.0.keys().chain(other.0.keys()) {
            let (a, b) = (self.get(pc), other.get(pc));
            ahead |= a > b;
            behind |= a < b;
        }
        match (ahead, behind) {
            (false, false) => Order::Same,
            (true, false) => Order::Newer,
            (false, true) => Order::Older,
            (true, true) => Order::Apart,
        }
    }

    fn get(&self, pc: &str) -> u64 {
        self.0.get(pc).copied().unwrap_or(0)
    }
}

/// A version: its clock, the PC that made it, and when by that PC's clock
/// (RFC 3339; compared only with a package from an older program, which
/// carries no versions, by its `exported_at`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Version {
    pub clock: Clock,
    pub changed_on: String,
    pub changed_at: String,
}

impl Version {
    /// Of two versions changed apart, the one every PC keeps, whatever order
    /// they meet in: the one that has seen more changes, then the larger PC
    /// id. `Greater` when `self` is kept.
    pub fn precedence(&self, other: &Version) -> Ordering {
        self.clock
            .changes()
            .cmp(&other.clock.changes())
            .then_with(|| self.changed_on.cmp(&other.changed_on))
            .then_with(|| self.clock.to_text().cmp(&other.clock.to_text()))
    }

    /// A stored version: the columns `clock, changed_on, changed_at` from
    /// `first` on (a `NULL` clock or PC: a row unchanged since versions began).
    pub fn from_row(r: &rusqlite::Row, first: usize) -> rusqlite::Result<Version> {
        Ok(Version {
            clock: Clock::parse(r.get::<_, Option<String>>(first)?.as_deref()),
            changed_on: r.get::<_, Option<String>>(first + 1)?.unwrap_or_default(),
            changed_at: r.get(first + 2)?,
        })
    }

    /// The package's form: `{"pc": …, "counters": {…}, "at": …}`.
    pub fn to_json(&self) -> Value {
        serde_json::json!({"pc": self.changed_on, "counters": self.clock.to_json(),
                           "at": self.changed_at})
    }

    /// Read a package's `version` (`None`: not a version this program writes).
    pub fn from_json(value: &Value) -> Option<Version> {
        let changed_on = value.get("pc")?.as_str()?;
        let clock = Clock::from_json(value.get("counters")?)?;
        let changed_at = match value.get("at") {
            None | Some(Value::Null) => "",
            Some(at) => at.as_str()?,
        };
        (is_pc_id(changed_on) && !clock.is_empty()).then(|| Version {
            clock,
            changed_on: changed_on.to_string(),
            changed_at: changed_at.to_string(),
        })
    }
}

/// A PC id: `p` and 8 to 16 lowercase hex digits.
pub fn is_pc_id(s: &str) -> bool {
    s.len() >= 9
        && s.len() <= 17
        && s.starts_with('p')
        && s[1..]
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Where a data file is: the host and the file's path. A file found at
/// another home was copied or moved, and takes a new PC id.
pub fn home_of(path: &std::path::Path) -> String {
    let host = gethostname::gethostname().to_string_lossy().into_owned();
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    format!("{host}|{}", path.display())
}

/// This PC's id for the data file at `home`, made (and stored, inside the
/// caller's write) when the file has none or was made elsewhere.
pub fn pc_id(conn: &Connection, home: &str) -> Result<String> {
    let stored = |key: &str| -> Result<Option<String>> {
        Ok(conn
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    };
    if let (Some(id), Some(at)) = (stored(PC_ID)?, stored(PC_HOME)?) {
        if at == home && is_pc_id(&id) {
            return Ok(id);
        }
    }
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).expect("the system's random source works");
    let id = format!(
        "p{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    );
    for (key, value) in [(PC_ID, id.as_str()), (PC_HOME, home)] {
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
    }
    Ok(id)
}

/// The PC id the file was last changed with, if any (for messages: 本机).
pub fn current_pc_id(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [PC_ID], |r| {
            r.get(0)
        })
        .optional()?)
}

/// After a restore the file's counters went back: its next write takes a new
/// PC id, so no version number is ever given to two different changes.
pub fn forget_pc_id(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM settings WHERE key = ?1", [PC_ID])?;
    Ok(())
}

/// A deletion that travels: the register, the record's id, and the version
/// the deletion made (its `changed_at` is when it was deleted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tombstone {
    pub register: String,
    pub record_id: String,
    pub version: Version,
}

pub fn tombstone(conn: &Connection, register: &str, id: &str) -> Result<Option<Tombstone>> {
    Ok(conn
        .prepare_cached(
            "SELECT clock, changed_on, deleted_at FROM tombstones
             WHERE register = ?1 AND record_id = ?2",
        )?
        .query_row([register, id], |r| {
            Ok(Tombstone {
                register: register.to_string(),
                record_id: id.to_string(),
                version: Version::from_row(r, 0)?,
            })
        })
        .optional()?)
}

/// Keep `t` (replacing the register's tombstone of the same record).
pub fn put_tombstone(conn: &Connection, t: &Tombstone) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO tombstones (register, record_id, clock, changed_on, deleted_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (register, record_id) DO UPDATE SET clock = excluded.clock,
           changed_on = excluded.changed_on, deleted_at = excluded.deleted_at",
    )?
    .execute(params![
        t.register,
        t.record_id,
        t.version.clock.to_text(),
        t.version.changed_on,
        t.version.changed_at
    ])?;
    Ok(())
}

pub fn remove_tombstone(conn: &Connection, register: &str, id: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM tombstones WHERE register = ?1 AND record_id = ?2")?
        .execute([register, id])?;
    Ok(())
}

/// Whether the file holds any tombstone (an import of a large package into a
/// file without deletions skips looking each record up).
pub fn has_tombstones(conn: &Connection) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM tombstones LIMIT 1", [], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Every tombstone, by register and id: what a package carries.
pub fn all_tombstones(conn: &Connection) -> Result<Vec<Tombstone>> {
    let mut stmt = conn.prepare(
        "SELECT register, record_id, clock, changed_on, deleted_at FROM tombstones
         ORDER BY register, record_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Tombstone {
            register: r.get(0)?,
            record_id: r.get(1)?,
            version: Version::from_row(r, 2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock(pairs: &[(&str, u64)]) -> Clock {
        Clock(pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect())
    }

    #[test]
    fn clocks_tell_newer_older_and_apart() {
        let base = clock(&[("paaaaaaaa", 2)]);
        let a = base.bumped("paaaaaaaa");
        let b = base.bumped("pbbbbbbbb");
        assert_eq!(a.order(&base), Order::Newer);
        assert_eq!(base.order(&a), Order::Older);
        assert_eq!(a.order(&a.clone()), Order::Same);
        assert_eq!(a.order(&b), Order::Apart);
        assert_eq!(a.joined(&b).order(&a), Order::Newer);
        assert_eq!(Clock::default().order(&base), Order::Older);
    }

    #[test]
    fn the_version_kept_of_two_apart_does_not_depend_on_who_asks() {
        let a = Version {
            clock: clock(&[("paaaaaaaa", 3)]),
            changed_on: "paaaaaaaa".into(),
            changed_at: String::new(),
        };
        let b = Version {
            clock: clock(&[("paaaaaaaa", 1), ("pbbbbbbbb", 2)]),
            changed_on: "pbbbbbbbb".into(),
            changed_at: String::new(),
        };
        assert_eq!(a.precedence(&b), b.precedence(&a).reverse());
        assert_eq!(
            b.precedence(&a),
            Ordering::Greater,
            "same count: larger PC id"
        );
    }

    #[test]
    fn a_package_version_is_read_back_and_a_bad_one_refused() {
        let v = Version {
            clock: clock(&[("p3fa9c2e1", 3)]),
            changed_on: "p3fa9c2e1".into(),
            changed_at: "2026-12-06T09:30:00+08:00".into(),
        };
        assert_eq!(Version::from_json(&v.to_json()), Some(v));
        for bad in [
            serde_json::json!({"pc": "x", "counters": {"p3fa9c2e1": 1}}),
            serde_json::json!({"pc": "p3fa9c2e1", "counters": {"p3fa9c2e1": -1}}),
            serde_json::json!({"pc": "p3fa9c2e1", "counters": {}}),
            serde_json::json!(3),
        ] {
            assert_eq!(Version::from_json(&bad), None, "{bad}");
        }
    }

    #[test]
    fn a_file_found_at_another_home_takes_a_new_pc_id() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)")
            .unwrap();
        let first = pc_id(&conn, "host|/a/taizhang.db").unwrap();
        assert!(is_pc_id(&first), "{first}");
        assert_eq!(pc_id(&conn, "host|/a/taizhang.db").unwrap(), first);
        let moved = pc_id(&conn, "other|/a/taizhang.db").unwrap();
        assert_ne!(moved, first);
        forget_pc_id(&conn).unwrap();
        assert_ne!(pc_id(&conn, "other|/a/taizhang.db").unwrap(), moved);
    }
}
