//! Crash-safety harness (a developer tool, not shipped with the CLI).
//!
//! `taizhang-crashtest run --kills N [--seed S] [--max-delay-ms M] [--keep DIR]`
//! starts a writer child process again and again on one data file and kills
//! it with SIGKILL each time. The writer streams operations through the same
//! code the app runs: `register.create` / `register.update` of 网友留言 and
//! `tallies.set` of a window's counts (through `api::dispatch`), copies into
//! the backups folder — `backup.now` (kind manual) and the app's automatic
//! copy `backup::auto_backup` (kind auto, on its own connection, as at launch
//! and on the timer) — and `backup.restore` of one of the copies in the
//! folder (which first makes a before-restore copy). Every copy rotates the
//! folder (`backup::rotate`): manual and before-restore copies keep their
//! newest 10, automatic ones the newest of each day, so old copies are
//! deleted all along. The writer prints `BEGIN <op>` before each operation,
//! `COPY <name>` for each copy it made, and `ACK` once the operation returned.
//!
//! The kill lands, in turn, after a random delay, at a random point inside a
//! restore, at a random point inside a copy, just after a new copy appears
//! under its final name (inside its rotation, or before its `ACK`), or at a
//! random point inside a data write (copies take most of a writer's time, so
//! a random delay mostly lands in one). Durations of restores, copies and
//! writes are measured as the run goes, to aim inside them. After each kill the parent reopens the file with the real
//! `App::open` and checks:
//!
//! - `PRAGMA integrity_check` is `ok` and `PRAGMA foreign_key_check` is empty;
//! - the file holds exactly the acknowledged state: every acknowledged write,
//!   and after an acknowledged restore exactly what the restored copy held
//!   (the harness remembers the state each copy was made from). The operation
//!   in flight may or may not have happened, but never half of it: a killed
//!   restore leaves the state before it or the copy's state, and in the
//!   second case its before-restore copy holds the state before;
//! - nothing is there that was never begun, and every record has its audit entry;
//! - every copy under a final name in the backups folder is whole
//!   (decompressed with the program's own code, `integrity_check` ok) and
//!   holds the state it was made from; a copy the harness did not see made
//!   may appear only from the operation in flight; nothing but copies and
//!   `.part` leftovers is in the folder;
//! - rotation never removed the newest copy of a kind unless enough newer
//!   ones replaced it, nor the copy made last; once a rotation has completed
//!   after the last kill in a copy, the folder is exactly what
//!   `rotation::keep` keeps, but for the copy that rotation was made for
//!   (`rotate` spares it: copies made within one second are named a second
//!   apart, so a copy can take a time an earlier one freed and sort below
//!   copies made before it); until then at most one extra manual or
//!   before-restore copy per cut-off copy.
//!
//! The writer's temporary folder is one beside the data file: a killed
//! restore leaves its working folders there (its decompressed and prepared
//! copies; the summary counts them).
//!
//! `--lie` makes the writer acknowledge each data write before making it, and
//! `--lie-restore` each restore: the check must then fail, which proves it
//! can (see the test `crash.rs`).
//!
//! What SIGKILL proves: a process dying at any instruction loses nothing it
//! acknowledged and leaves a consistent file. A power cut also drops the OS's
//! unwritten cache; that is covered by `synchronous=FULL` (SQLite fsyncs the
//! WAL before a commit returns) and the durable renames of copies, which a
//! process kill cannot observe.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use rusqlite::Connection;
use serde_json::{json, Value};

use taizhang_core::api::{dispatch, Reply};
use taizhang_core::backup::{self, rotation, Kind};
use taizhang_core::App;

const USAGE: &str = "usage: taizhang-crashtest run --kills N [--seed S] [--max-delay-ms M] [--keep DIR] [--lie | --lie-restore]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("writer") => writer(&args[1..]),
        Some("run") => run(&args[1..]),
        _ => Err(USAGE.into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("crashtest: {e}");
            ExitCode::FAILURE
        }
    }
}

fn flag<T: std::str::FromStr>(args: &[String], name: &str) -> Option<T> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
}

fn has(args: &[String], name: &str) -> bool {
    args.iter().any(|a| a == name)
}

// ------------------------------------------------------------------ writes

/// The app's automatic copy (`backup::auto_backup`): not a command of the
/// command table, the launch and the timer thread call it directly.
const AUTO_BACKUP: &str = "auto-backup";
const RESTORE: &str = "backup.restore";
const BACKUP_NOW: &str = "backup.now";

const WRITES: &[&str] = &["register.create", "register.update", "tallies.set"];

fn makes_copy(cmd: &str) -> bool {
    matches!(cmd, AUTO_BACKUP | RESTORE | BACKUP_NOW)
}

fn day_of(run: u64, i: u64) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap()
        + chrono::Duration::days(((run * 7 + i) % 365) as i64)
}

/// One operation the writer makes, as printed on its `BEGIN` line. A restore
/// comes without its copy's name (the writer picks one of those in the folder).
fn op_for(run: u64, i: u64, window: i64, item: i64) -> Value {
    let day = day_of(run, i);
    // Copies and restores replace clearings (i ≡ 3 mod 4), never a creation a
    // later update needs; a restore is followed by a creation, so the update
    // after it re-titles a message made after the restore.
    match i % 40 {
        11 => return json!({"cmd": AUTO_BACKUP, "args": {}}),
        23 => return json!({"cmd": RESTORE, "args": {}}),
        31 | 39 => return json!({"cmd": BACKUP_NOW, "args": {}}),
        _ => {}
    }
    match i % 4 {
        0 => json!({"cmd": "register.create", "args": {"register": "messages", "record": {
            "id": format!("m-crash-{run}-{i}"), "received_on": day.to_string(),
            "topic": format!("第{run}轮第{i}条留言")}}}),
        1 => json!({"cmd": "tallies.set", "args": {
            "window": window, "item": item, "period": day.to_string(), "count": run * 1000 + i + 1}}),
        2 => {
            // Re-title the message created two writes ago.
            let created = i - 2;
            let received = day_of(run, created);
            json!({"cmd": "register.update", "args": {"register": "messages",
                "id": format!("m-crash-{run}-{created}"), "record": {
                "received_on": received.to_string(), "topic": format!("第{run}轮第{created}条留言（已改）"),
                "replied_on": received.to_string()}}})
        }
        _ => clear_op(run, i, window, item),
    }
}

fn clear_op(run: u64, i: u64, window: i64, item: i64) -> Value {
    json!({"cmd": "tallies.set", "args": {
        "window": window, "item": item, "period": day_of(run, i).to_string(), "count": Value::Null}})
}

fn writer(args: &[String]) -> Result<(), String> {
    let db: PathBuf = flag(args, "--db").ok_or("--db FILE")?;
    let run: u64 = flag(args, "--run").ok_or("--run N")?;
    let mut app = App::open(&db).map_err(|e| e.to_string())?;
    let window = taizhang_core::office::list_units(app.store.conn(), false)
        .map_err(|e| e.to_string())?[0]
        .id;
    let item = taizhang_core::tallies::catalogue::list_items(app.store.conn(), false)
        .map_err(|e| e.to_string())?[0]
        .id;
    // `--lie` acknowledges each data write before making it, `--lie-restore`
    // each restore: the check must then fail (see the test `crash.rs`).
    let lie = has(args, "--lie");
    let lie_restore = has(args, "--lie-restore");
    let mut out = std::io::stdout().lock();
    let mut say = |line: &str| {
        writeln!(out, "{line}")
            .and_then(|_| out.flush())
            .map_err(|e| e.to_string())
    };
    for i in 0.. {
        let mut op = op_for(run, i, window, item);
        let cmd = op["cmd"].as_str().unwrap().to_string();
        if cmd == RESTORE {
            let copies = backup::list(app.store.path()).map_err(|e| e.to_string())?;
            if copies.is_empty() {
                op = clear_op(run, i, window, item);
            } else {
                let pick = &copies[((run * 7 + i) % copies.len() as u64) as usize];
                op["args"]["name"] = json!(pick.name);
            }
        }
        let cmd = op["cmd"].as_str().unwrap().to_string();
        let early = if makes_copy(&cmd) {
            cmd == RESTORE && lie_restore
        } else {
            lie
        };
        say(&format!("BEGIN {op}"))?;
        if early {
            say("ACK")?;
        }
        let made: Option<String> = if cmd == AUTO_BACKUP {
            Some(
                backup::auto_backup(app.store.path())
                    .map_err(|e| format!("{op}: {e}"))?
                    .name,
            )
        } else {
            let reply =
                dispatch(&mut app, &cmd, op["args"].clone()).map_err(|e| format!("{op}: {e}"))?;
            match (cmd.as_str(), reply) {
                (BACKUP_NOW, Reply::Json(v)) => v["name"].as_str().map(str::to_string),
                (RESTORE, Reply::Json(v)) => v["safety_copy"]["name"].as_str().map(str::to_string),
                _ => None,
            }
        };
        if let Some(name) = made {
            say(&format!("COPY {name}"))?;
        }
        if !early {
            say("ACK")?;
        }
    }
    Ok(())
}

// ------------------------------------------------------------------ model

/// What the data file must hold: every acknowledged write.
#[derive(Default, Clone)]
struct Model {
    /// Message id → (topic, replied_on).
    messages: BTreeMap<String, (String, Option<String>)>,
    /// Tally period → count (None: cleared).
    cells: BTreeMap<String, Option<i64>>,
}

impl Model {
    fn cell_count(&self) -> usize {
        self.cells.values().filter(|v| v.is_some()).count()
    }

    /// The same records and counts (a cleared cell is no cell).
    fn same(&self, other: &Model) -> bool {
        let set = |m: &Model| -> BTreeMap<String, i64> {
            m.cells
                .iter()
                .filter_map(|(k, v)| v.map(|v| (k.clone(), v)))
                .collect()
        };
        self.messages == other.messages && set(self) == set(other)
    }
}

/// The effect of a data write on the model.
fn apply(model: &mut Model, op: &Value) {
    let a = &op["args"];
    match op["cmd"].as_str().unwrap() {
        "register.create" | "register.update" => {
            let rec = &a["record"];
            let id = a["id"].as_str().or(rec["id"].as_str()).unwrap().to_string();
            let replied = rec["replied_on"].as_str().map(str::to_string);
            model
                .messages
                .insert(id, (rec["topic"].as_str().unwrap().to_string(), replied));
        }
        "tallies.set" => {
            model.cells.insert(
                a["period"].as_str().unwrap().to_string(),
                a["count"].as_i64(),
            );
        }
        _ => {}
    }
}

/// What a database holds, in the model's terms.
fn observe(conn: &Connection) -> Result<Model, String> {
    let e = |e: rusqlite::Error| e.to_string();
    let mut model = Model::default();
    let mut stmt = conn
        .prepare("SELECT id, topic, replied_on FROM messages")
        .map_err(e)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))
        .map_err(e)?;
    for row in rows {
        let (id, topic, replied) = row.map_err(e)?;
        model.messages.insert(id, (topic, replied));
    }
    let mut stmt = conn
        .prepare("SELECT printf('%04d-%02d-%02d', year, month, day), count FROM service_tallies")
        .map_err(e)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
        .map_err(e)?;
    for row in rows {
        let (period, count) = row.map_err(e)?;
        model.cells.insert(period, Some(count));
    }
    Ok(model)
}

fn integrity(conn: &Connection) -> Result<(), String> {
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if ok != "ok" {
        return Err(format!("integrity_check: {ok}"));
    }
    Ok(())
}

/// What the run has seen, for the summary line.
#[derive(Default)]
struct Stats {
    acknowledged: usize,
    /// Kills with a data write in flight.
    killed_writes: usize,
    restores_acknowledged: usize,
    restores_killed: usize,
    /// Killed restores whose pages were found copied (the copy's state).
    restores_killed_applied: usize,
    copies_acknowledged: BTreeMap<&'static str, usize>,
    /// Kills in a copy (`backup.now`, automatic copy) or the copy of a restore.
    copies_killed: usize,
    /// …of which with the new copy already under its final name: the kill
    /// landed in its rotation or before its `ACK`.
    copies_killed_in_place: usize,
    /// Copies rotation deleted, as found between kills.
    rotated_away: usize,
    /// …of which in lives that ended with a kill in a copy or restore.
    rotated_in_killed_lives: usize,
    part_files: usize,
}

/// The parent's knowledge of the data file and of its backups folder.
struct Checker {
    model: Model,
    /// Each copy in the folder → the state it was made from.
    copies: BTreeMap<String, Model>,
    /// The state when the copy-making operation in progress began.
    at_begin: Option<Model>,
    /// The last copy the writer named.
    last_made: Option<String>,
    /// The copy made by the operation whose rotation completed last: that
    /// rotation keeps it even when `rotation::keep` would not (a copy named
    /// by a time an earlier copy freed sorts below copies named later), so
    /// there may be one copy more than `keep` allows until the next rotation.
    exempt: Option<String>,
    /// Copies cut off since the last completed rotation (each may have left
    /// one copy under its final name that no rotation has seen).
    unrotated: usize,
    /// The newest copy of each kind at the last check.
    newest: HashMap<Kind, (NaiveDateTime, String)>,
    stats: Stats,
}

/// What a writer's life left to check.
struct Step {
    /// The operation in flight at the kill.
    pending: Option<Value>,
    /// The pending operation named its copy (`COPY`) before the kill.
    pending_copy: Option<String>,
    /// The last restore acknowledged in this life and the state before it,
    /// for the error message.
    last_restore: Option<(String, Model)>,
}

impl Checker {
    fn new() -> Checker {
        Checker {
            model: Model::default(),
            copies: BTreeMap::new(),
            at_begin: None,
            last_made: None,
            exempt: None,
            unrotated: 0,
            newest: HashMap::new(),
            stats: Stats::default(),
        }
    }

    /// Follow one writer's output; returns the operation in flight at the kill.
    fn follow(&mut self, lines: &[String]) -> Result<Step, String> {
        let mut pending: Option<Value> = None;
        let mut pending_copy = None;
        let mut last_restore = None;
        for line in lines {
            if let Some(op) = line.strip_prefix("BEGIN ") {
                let op: Value = serde_json::from_str(op).map_err(|e| e.to_string())?;
                if makes_copy(op["cmd"].as_str().unwrap_or("")) {
                    self.at_begin = Some(self.model.clone());
                }
                pending = Some(op);
                pending_copy = None;
            } else if let Some(name) = line.strip_prefix("COPY ") {
                // A copy holds the state its operation began from (a restore's
                // safety copy: the state before the restore).
                let state = self.at_begin.clone().ok_or("COPY outside a copy")?;
                self.copies.insert(name.to_string(), state);
                self.last_made = Some(name.to_string());
                pending_copy = Some(name.to_string());
            } else if line == "ACK" {
                let op = pending.take().ok_or("ACK without BEGIN")?;
                pending_copy = None;
                self.stats.acknowledged += 1;
                let cmd = op["cmd"].as_str().unwrap();
                match cmd {
                    RESTORE => {
                        let name = op["args"]["name"].as_str().unwrap();
                        let before = std::mem::take(&mut self.model);
                        self.model = self
                            .copies
                            .get(name)
                            .ok_or_else(|| format!("a restore of {name}, a copy never seen made"))?
                            .clone();
                        self.stats.restores_acknowledged += 1;
                        self.unrotated = 0;
                        self.exempt = self.last_made.clone();
                        last_restore = Some((name.to_string(), before));
                    }
                    AUTO_BACKUP | BACKUP_NOW => {
                        *self
                            .stats
                            .copies_acknowledged
                            .entry(if cmd == AUTO_BACKUP { "auto" } else { "manual" })
                            .or_default() += 1;
                        self.unrotated = 0;
                        self.exempt = self.last_made.clone();
                    }
                    _ => apply(&mut self.model, &op),
                }
            }
        }
        Ok(Step {
            pending,
            pending_copy,
            last_restore,
        })
    }

    /// Check the file and its backups folder after a kill.
    fn check(&mut self, app: &App, step: &Step) -> Result<(), String> {
        let conn = app.store.conn();
        integrity(conn)?;
        let fk: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .map_err(|e| e.to_string())?;
        if fk != 0 {
            return Err(format!("{fk} foreign-key problems"));
        }
        let found = observe(conn)?;
        let pending = step.pending.as_ref();
        let cmd = pending.and_then(|op| op["cmd"].as_str()).unwrap_or("");
        let before = self.model.clone();
        let mut restored = false;
        if found.same(&self.model) {
            // The operation in flight did not happen (or changes no data).
        } else if pending.is_some() && !makes_copy(cmd) && {
            let mut with = self.model.clone();
            apply(&mut with, pending.unwrap());
            found.same(&with)
        } {
            apply(&mut self.model, pending.unwrap());
        } else if cmd == RESTORE
            && self
                .copies
                .get(pending.unwrap()["args"]["name"].as_str().unwrap())
                .is_some_and(|copy| found.same(copy))
        {
            self.model = found.clone();
            restored = true;
        } else {
            let missing: Vec<&String> = self
                .model
                .messages
                .keys()
                .filter(|k| !found.messages.contains_key(*k))
                .collect();
            let restore = match &step.last_restore {
                Some((name, before)) if found.same(before) => {
                    format!(": it still holds the state before the acknowledged restore of {name}")
                }
                Some((name, _)) => format!(" (last acknowledged restore: {name})"),
                None => String::new(),
            };
            return Err(format!(
                "the file does not hold the acknowledged state{restore} (in flight: {:?}); missing messages: {missing:?}; \
                 {} messages and {} cells expected, {} and {} found",
                pending,
                self.model.messages.len(),
                self.model.cell_count(),
                found.messages.len(),
                found.cell_count()
            ));
        }
        let audited: i64 = conn
            .query_row(
                "SELECT count(DISTINCT record_id) FROM audit_log WHERE register = 'messages' AND action = 'create'",
                [],
                |r| r.get(0),
            )
            .map_err(|e| e.to_string())?;
        if audited as usize != found.messages.len() {
            return Err(format!(
                "{} messages but {audited} audited creations",
                found.messages.len()
            ));
        }
        if pending.is_some() && !makes_copy(cmd) {
            self.stats.killed_writes += 1;
        }
        self.check_folder(app.store.path(), step, cmd, &before, restored)
    }

    /// Every copy whole and holding its state; rotation within its rules.
    fn check_folder(
        &mut self,
        db: &Path,
        step: &Step,
        cmd: &str,
        before: &Model,
        restored: bool,
    ) -> Result<(), String> {
        let folder = backup::folder_for(db).ok_or("no backups folder")?;
        let stem = db.file_stem().unwrap().to_string_lossy().into_owned();
        let mut present: Vec<(String, NaiveDateTime, Kind)> = vec![];
        let mut unknown: Vec<String> = vec![];
        let entries = match std::fs::read_dir(&folder) {
            Ok(e) => e.flatten().collect::<Vec<_>>(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => vec![],
            Err(e) => return Err(e.to_string()),
        };
        let mut parts = 0;
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some((at, kind)) = backup::parse_name(&stem, &name) else {
                // A cut-off copy's working files (removed after an hour by the
                // next copy); nothing else belongs here.
                if name.ends_with(".part") || name.contains(".part-") {
                    parts += 1;
                    continue;
                }
                return Err(format!("unexpected file in the backups folder: {name}"));
            };
            // A copy cut off by the kill would fail to decompress here.
            let plain =
                backup::compress::plain(&entry.path()).map_err(|e| format!("{name}: {e}"))?;
            let copy = Connection::open_with_flags(
                &plain.path,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            )
            .map_err(|e| format!("{name}: {e}"))?;
            integrity(&copy).map_err(|e| format!("backup {name} is damaged: {e}"))?;
            let held = observe(&copy).map_err(|e| format!("{name}: {e}"))?;
            match self.copies.get(&name) {
                Some(want) if want.same(&held) => {}
                // A name never comes back: a copy is named after the newest of
                // its kind, never by a name rotation freed.
                Some(_) => {
                    return Err(format!(
                        "backup {name} does not hold the state it was made from"
                    ))
                }
                _ => {
                    // Made by the operation in flight, which never said so: it
                    // holds the state that operation began from.
                    if !makes_copy(cmd) || !unknown.is_empty() {
                        return Err(format!(
                            "backup {name} appeared, but no copy in flight explains it (in flight: {:?})",
                            step.pending
                        ));
                    }
                    if !before.same(&held) {
                        return Err(format!(
                            "backup {name}, made by the copy in flight, does not hold the state it was made from"
                        ));
                    }
                    self.copies.insert(name.clone(), before.clone());
                    unknown.push(name.clone());
                }
            }
            present.push((name, at, kind));
        }
        self.stats.part_files = parts;
        let names: BTreeSet<&String> = present.iter().map(|p| &p.0).collect();
        let gone: Vec<String> = self
            .copies
            .keys()
            .filter(|k| !names.contains(k))
            .cloned()
            .collect();
        for name in &gone {
            self.copies.remove(name);
        }
        self.stats.rotated_away += gone.len();

        if makes_copy(cmd) {
            self.unrotated += 1;
            if cmd == RESTORE {
                self.stats.restores_killed += 1;
                self.stats.restores_killed_applied += restored as usize;
            }
            self.stats.copies_killed += 1;
            let in_place = step.pending_copy.is_some() || !unknown.is_empty();
            self.stats.copies_killed_in_place += in_place as usize;
            self.stats.rotated_in_killed_lives += gone.len();
        }
        if restored && !before.same(&self.model) {
            // The pages were copied: the before-restore copy was made first.
            let safety = present
                .iter()
                .filter(|p| p.2 == Kind::BeforeRestore)
                .any(|p| self.copies.get(&p.0).is_some_and(|m| m.same(before)));
            if !safety {
                return Err(
                    "a killed restore copied its pages, but no before-restore copy holds the state before it"
                        .into(),
                );
            }
        }

        // Rotation never removed the newest copy of a kind that passed its
        // check, unless enough newer copies of that kind replaced it.
        for (kind, (at, name)) in &self.newest {
            if names.contains(name) {
                continue;
            }
            let newer: Vec<&NaiveDateTime> = present
                .iter()
                .filter(|p| p.2 == *kind && p.1 > *at)
                .map(|p| &p.1)
                .collect();
            let replaced = match kind {
                Kind::Auto => {
                    let days: BTreeSet<_> = newer.iter().map(|t| t.date()).collect();
                    days.contains(&at.date()) || days.len() >= rotation::DAYS
                }
                _ => newer.len() >= rotation::KEPT_OTHERS,
            };
            if !replaced {
                return Err(format!(
                    "rotation removed {name}, the newest {} copy, which nothing replaced",
                    kind.code()
                ));
            }
        }
        self.newest.clear();
        for (name, at, kind) in &present {
            let slot = self.newest.entry(*kind).or_insert((*at, name.clone()));
            if *at > slot.0 {
                *slot = (*at, name.clone());
            }
        }

        // The folder is what rotation keeps once a rotation has completed.
        let stamps: Vec<(NaiveDateTime, Kind)> = present.iter().map(|p| (p.1, p.2)).collect();
        if self.unrotated == 0 {
            // The copy made last is there, whatever its name.
            if let Some(name) = self.exempt.as_ref().filter(|n| !names.contains(n)) {
                return Err(format!("rotation removed {name}, the copy made last"));
            }
            for (p, keep) in present.iter().zip(rotation::keep(&stamps)) {
                if !keep && Some(&p.0) != self.exempt.as_ref() {
                    return Err(format!(
                        "{} is still in the backups folder after a completed rotation, which should have removed it",
                        p.0
                    ));
                }
            }
        } else {
            for kind in [Kind::Manual, Kind::BeforeRestore] {
                let n = present
                    .iter()
                    .filter(|p| p.2 == kind && Some(&p.0) != self.exempt.as_ref())
                    .count();
                if n > rotation::KEPT_OTHERS + self.unrotated {
                    return Err(format!(
                        "{n} {} copies (besides the last one rotation spared), more than {} kept plus {} cut off",
                        kind.code(),
                        rotation::KEPT_OTHERS,
                        self.unrotated
                    ));
                }
            }
        }
        Ok(())
    }
}

// ------------------------------------------------------------------ parent

fn setup(db: &Path) -> Result<(), String> {
    let mut app = App::open(db).map_err(|e| e.to_string())?;
    for (cmd, args) in [
        // Completing the first launch also adds the window 前台.
        ("office.save", json!({"name": "断电测试街道"})),
        ("service_items.add", json!({"name": "居住证", "unit": "本"})),
    ] {
        match dispatch(&mut app, cmd, args).map_err(|e| e.to_string())? {
            Reply::Json(_) => {}
            Reply::Files { .. } => unreachable!(),
        }
    }
    Ok(())
}

/// When to kill the writer.
enum Aim {
    /// After this long.
    Delay(Duration),
    /// This long after the writer begins the n-th (from 0) operation of one
    /// of these commands.
    Inside(&'static [&'static str], usize, Duration),
    /// This long after the writer begins an operation of one of these commands
    /// and a new copy appears under its final name (in the rotation that
    /// follows it, or before its `ACK`).
    NewCopy(&'static [&'static str], Duration),
}

/// A writer's output lines, each with when it was read.
type Lines = Vec<(Instant, String)>;

/// One writer's life: started, killed as aimed; its output lines, each with
/// when it was read, and when the new copy appeared (aimed at one).
fn one_life(
    db: &Path,
    run: u64,
    aim: &Aim,
    flags: &[&str],
) -> Result<(Lines, Option<Instant>), String> {
    // A killed restore leaves its working copy in the temporary folder: keep
    // those beside the data file, deleted with it.
    let tmp = db.with_file_name("tmp");
    std::fs::create_dir_all(&tmp).map_err(|e| e.to_string())?;
    let mut child = Command::new(std::env::current_exe().map_err(|e| e.to_string())?)
        .args(["writer", "--run", &run.to_string()])
        .args(flags)
        .arg("--db")
        .arg(db)
        .env("TMPDIR", &tmp)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let stdout = child.stdout.take().expect("piped");
    let (send, lines) = mpsc::channel::<(Instant, String)>();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if send.send((Instant::now(), line)).is_err() {
                break;
            }
        }
    });
    let give_up = Instant::now() + Duration::from_secs(10);
    let mut seen = vec![];
    let mut appeared = None;
    let wait_for_begin = |seen: &mut Lines, cmds: &[&str], mut nth: usize| {
        while let Some(left) = give_up.checked_duration_since(Instant::now()) {
            let Ok(line) = lines.recv_timeout(left) else {
                return false;
            };
            let hit = begins(&line.1, cmds);
            seen.push(line);
            if hit {
                if nth == 0 {
                    return true;
                }
                nth -= 1;
            }
        }
        false
    };
    match aim {
        Aim::Delay(d) => std::thread::sleep(*d),
        Aim::Inside(cmds, nth, d) => {
            if wait_for_begin(&mut seen, cmds, *nth) {
                std::thread::sleep(*d);
            }
        }
        Aim::NewCopy(cmds, d) => {
            if wait_for_begin(&mut seen, cmds, 0) {
                let folder = backup::folder_for(db).ok_or("no backups folder")?;
                let stem = db.file_stem().unwrap().to_string_lossy().into_owned();
                let copies = || -> BTreeSet<String> {
                    std::fs::read_dir(&folder)
                        .into_iter()
                        .flatten()
                        .flatten()
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .filter(|n| backup::parse_name(&stem, n).is_some())
                        .collect()
                };
                let known = copies();
                while Instant::now() < give_up {
                    if !copies().is_subset(&known) {
                        appeared = Some(Instant::now());
                        break;
                    }
                    std::thread::sleep(Duration::from_micros(100));
                }
                std::thread::sleep(*d);
            }
        }
    }
    let exited_by_itself = child.try_wait().map_err(|e| e.to_string())?;
    child.kill().ok(); // SIGKILL on Unix
    child.wait().map_err(|e| e.to_string())?;
    reader.join().map_err(|_| "reader thread panicked")?;
    seen.extend(lines.try_iter());
    if let Some(status) = exited_by_itself {
        let mut err = String::new();
        if let Some(mut s) = child.stderr.take() {
            std::io::Read::read_to_string(&mut s, &mut err).ok();
        }
        return Err(format!("the writer stopped by itself ({status}): {err}"));
    }
    Ok((seen, appeared))
}

/// How long operations take, measured from the writer's lines as the run
/// goes, to aim kills inside them.
struct Timing {
    /// Until one has been seen, in microseconds.
    guess: u64,
    total: u64,
    count: u64,
    longest: u64,
}

impl Timing {
    fn new(guess_ms: u64) -> Timing {
        Timing {
            guess: guess_ms * 1000,
            total: 0,
            count: 0,
            longest: 0,
        }
    }

    fn add(&mut self, d: Duration) {
        let us = d.as_micros() as u64;
        self.total += us;
        self.count += 1;
        self.longest = self.longest.max(us);
    }

    /// A random moment within one and a half times the mean duration.
    fn within(&self, rng: &mut taizhang_core::rng::Rng) -> Duration {
        let span = match self.count {
            0 => self.guess,
            n => self.total / n * 3 / 2,
        };
        Duration::from_micros(rng.below(span as usize + 1) as u64)
    }
}

/// Whether `line` begins an operation of one of `cmds`.
fn begins(line: &str, cmds: &[&str]) -> bool {
    line.strip_prefix("BEGIN ")
        .and_then(|op| serde_json::from_str::<Value>(op).ok())
        .is_some_and(|op| cmds.contains(&op["cmd"].as_str().unwrap_or("")))
}

/// Each time an operation of `cmds` took in `lines`, from `BEGIN` to `ACK`.
fn durations(lines: &[(Instant, String)], cmds: &[&str]) -> Vec<Duration> {
    let mut began: Option<Instant> = None;
    let mut out = vec![];
    for (at, line) in lines {
        if line.starts_with("BEGIN ") {
            began = begins(line, cmds).then_some(*at);
        } else if line == "ACK" {
            if let Some(b) = began.take() {
                out.push(at.duration_since(b));
            }
        }
    }
    out
}

fn run(args: &[String]) -> Result<(), String> {
    let kills: u64 = flag(args, "--kills").unwrap_or(200);
    let seed: u64 = flag(args, "--seed").unwrap_or_else(|| {
        let mut b = [0u8; 8];
        getrandom::fill(&mut b).ok();
        u64::from_le_bytes(b) | 1
    });
    let max_delay: u64 = flag(args, "--max-delay-ms").unwrap_or(250);
    let keep: Option<PathBuf> = flag(args, "--keep");
    let flags: Vec<&str> = ["--lie", "--lie-restore"]
        .into_iter()
        .filter(|f| has(args, f))
        .collect();
    let temp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let dir = keep.unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let db = dir.join("crash.db");
    println!(
        "crashtest: {kills} kills, seed {seed}, data file {}",
        db.display()
    );
    setup(&db)?;
    let mut rng = taizhang_core::rng::Rng::new(seed);
    let mut checker = Checker::new();
    // The longest restore and copy seen so far, to aim kills inside them
    // (a guess until one has been seen).
    let mut restore_time = Timing::new(50);
    let mut copy_time = Timing::new(30);
    let mut write_time = Timing::new(2);
    // From a before-restore copy's appearance to the restore's ACK: the
    // rotation, the page copy and the audit entry.
    let mut restore_tail = Timing::new(5);
    let started = Instant::now();
    for run in 0..kills {
        // In turn: a random moment, inside a restore, inside a copy, just
        // after a new copy appeared (alternating the kinds of copy), inside a
        // data write.
        let copy: &'static [&'static str] = match (run / 4) % 3 {
            0 => &[AUTO_BACKUP],
            1 => &[BACKUP_NOW],
            _ => &[RESTORE],
        };
        let aim = match run % 5 {
            0 => Aim::Delay(Duration::from_millis(
                rng.below(max_delay as usize + 1) as u64
            )),
            1 => Aim::Inside(&[RESTORE], 0, restore_time.within(&mut rng)),
            2 if copy == [RESTORE] => {
                Aim::Inside(&[AUTO_BACKUP, BACKUP_NOW], 0, copy_time.within(&mut rng))
            }
            2 => Aim::Inside(copy, 0, copy_time.within(&mut rng)),
            // After its before-restore copy, a restore rotates and copies its
            // pages; the rotation after a copy takes well under a millisecond.
            3 if copy == [RESTORE] => Aim::NewCopy(copy, restore_tail.within(&mut rng)),
            3 => Aim::NewCopy(copy, Duration::from_micros(rng.below(300) as u64)),
            // Copies take most of a writer's time: aim at data writes too.
            _ => Aim::Inside(WRITES, rng.below(60), write_time.within(&mut rng)),
        };
        let (lines, appeared) = one_life(&db, run, &aim, &flags)?;
        for (timing, cmds) in [
            (&mut restore_time, &[RESTORE][..]),
            (&mut copy_time, &[AUTO_BACKUP, BACKUP_NOW][..]),
            (&mut write_time, WRITES),
        ] {
            for d in durations(&lines, cmds) {
                timing.add(d);
            }
        }
        if let (Aim::NewCopy(&[RESTORE], _), Some(appeared)) = (&aim, appeared) {
            // The restore's ACK, if the kill came after it.
            let acked = lines
                .iter()
                .skip_while(|l| !begins(&l.1, &[RESTORE]))
                .find(|l| l.1 == "ACK");
            if let Some((at, _)) = acked {
                restore_tail.add(at.saturating_duration_since(appeared));
            }
        }
        let lines: Vec<String> = lines.into_iter().map(|l| l.1).collect();
        let step = checker.follow(&lines)?;
        let app = App::open(&db).map_err(|e| format!("kill {run}: reopening: {e}"))?;
        checker
            .check(&app, &step)
            .map_err(|e| format!("kill {run} (seed {seed}): {e}"))?;
    }
    let s = &checker.stats;
    let copies = |k: &str| s.copies_acknowledged.get(k).copied().unwrap_or(0);
    println!(
        "crashtest: {kills} kills passed, {} acknowledged operations checked ({} messages, {} cells now), \
         {} kills in the middle of a write, {} restores acknowledged, {} restores killed \
         ({} after their pages were copied), {} auto and {} manual copies acknowledged, \
         {} copies or restores killed ({} with the new copy in place: in its rotation or before its ACK), \
         {} copies removed by rotation ({} in lives killed in a copy or restore), {} leftover .part files, \
         {} temporary folders left by killed restores, \
         longest restore {} ms, longest copy {} ms, {:.1} s",
        s.acknowledged,
        checker.model.messages.len(),
        checker.model.cell_count(),
        s.killed_writes,
        s.restores_acknowledged,
        s.restores_killed,
        s.restores_killed_applied,
        copies("auto"),
        copies("manual"),
        s.copies_killed,
        s.copies_killed_in_place,
        s.rotated_away,
        s.rotated_in_killed_lives,
        s.part_files,
        std::fs::read_dir(dir.join("tmp")).map_or(0, |d| d.count()),
        restore_time.longest / 1000,
        copy_time.longest / 1000,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
