//! Crash-safety harness (a developer tool, not shipped with the CLI).
//!
//! `taizhang-crashtest run --kills N [--seed S] [--max-delay-ms M] [--keep DIR]`
//! starts a writer child process again and again on one data file and kills
//! it with SIGKILL at a random moment each time. The writer streams writes
//! through the real command layer (`register.create` / `register.update` of
//! 网友留言, `tallies.set` of a window's counts, and now and then `backup.now`),
//! printing `BEGIN <op>` before each call and `ACK` once it returned. After
//! each kill the parent reopens the file with the real `App::open` and checks:
//!
//! - `PRAGMA integrity_check` is `ok` and `PRAGMA foreign_key_check` is empty;
//! - every acknowledged write is there, exactly as acknowledged (the one write
//!   in flight may or may not be, but never half of it);
//! - nothing is there that was never begun, and every record has its audit entry;
//! - every copy in the backups folder is whole (a copy cut off by the kill
//!   never appears under a final name).
//!
//! What SIGKILL proves: a process dying at any instruction loses nothing it
//! acknowledged and leaves a consistent file. A power cut also drops the OS's
//! unwritten cache; that is covered by `synchronous=FULL` (SQLite fsyncs the
//! WAL before a commit returns), which a process kill cannot observe.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use taizhang_core::api::{dispatch, Reply};
use taizhang_core::{backup, App};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("writer") => writer(&args[1..]),
        Some("run") => run(&args[1..]),
        _ => Err(
            "usage: taizhang-crashtest run --kills N [--seed S] [--max-delay-ms M] [--keep DIR]"
                .into(),
        ),
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

// ------------------------------------------------------------------ writes

/// One write the writer makes, as printed on its `BEGIN` line.
fn op_for(run: u64, i: u64, window: i64, item: i64) -> Value {
    let day = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap()
        + chrono::Duration::days(((run * 7 + i) % 365) as i64);
    if i % 40 == 39 {
        // A copy now and then, to be cut off by a kill too (39 ≡ 3 mod 4:
        // it replaces a clearing, never a creation a later update needs).
        return json!({"cmd": "backup.now", "args": {}});
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
            let received = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap()
                + chrono::Duration::days(((run * 7 + created) % 365) as i64);
            json!({"cmd": "register.update", "args": {"register": "messages",
                "id": format!("m-crash-{run}-{created}"), "record": {
                "received_on": received.to_string(), "topic": format!("第{run}轮第{created}条留言（已改）"),
                "replied_on": received.to_string()}}})
        }
        _ => json!({"cmd": "tallies.set", "args": {
            "window": window, "item": item, "period": day.to_string(), "count": Value::Null}}),
    }
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
    // `--lie` acknowledges each write before making it: the check must then
    // fail, which proves it can (see the test `crash.rs`).
    let lie = args.iter().any(|a| a == "--lie");
    let mut out = std::io::stdout().lock();
    let mut say = |line: &str| {
        writeln!(out, "{line}")
            .and_then(|_| out.flush())
            .map_err(|e| e.to_string())
    };
    for i in 0.. {
        let op = op_for(run, i, window, item);
        say(&format!("BEGIN {op}"))?;
        if lie {
            say("ACK")?;
        }
        dispatch(&mut app, op["cmd"].as_str().unwrap(), op["args"].clone())
            .map_err(|e| format!("{op}: {e}"))?;
        if !lie {
            say("ACK")?;
        }
    }
    Ok(())
}

// ------------------------------------------------------------------ model

/// What the data file must hold: every acknowledged write.
#[derive(Default)]
struct Model {
    /// Message id → (topic, replied_on).
    messages: BTreeMap<String, (String, Option<String>)>,
    /// Tally period → count (None: cleared).
    cells: BTreeMap<String, Option<i64>>,
    acknowledged: usize,
}

/// The effect of a write on the model.
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

/// What the file holds now, in the model's terms.
fn observe(app: &App) -> Result<Model, String> {
    let conn = app.store.conn();
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

/// Check the file against the model; the write in flight may have happened.
/// Returns the model the file now proves.
fn check(app: &App, mut model: Model, in_flight: Option<&Value>) -> Result<Model, String> {
    let conn = app.store.conn();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if integrity != "ok" {
        return Err(format!("integrity_check: {integrity}"));
    }
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .map_err(|e| e.to_string())?;
    if fk != 0 {
        return Err(format!("{fk} foreign-key problems"));
    }
    let found = observe(app)?;
    let with = |m: &Model| {
        let mut next = Model {
            messages: m.messages.clone(),
            cells: m.cells.clone(),
            acknowledged: 0,
        };
        if let Some(op) = in_flight {
            apply(&mut next, op);
        }
        next
    };
    let same = |want: &Model| {
        let cells_want: BTreeMap<&String, i64> = want
            .cells
            .iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect();
        let cells_found: BTreeMap<&String, i64> = found
            .cells
            .iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect();
        want.messages == found.messages && cells_want == cells_found
    };
    if same(&model) {
        // The write in flight did not happen.
    } else if in_flight.is_some() && same(&with(&model)) {
        apply(&mut model, in_flight.unwrap());
    } else {
        let missing: Vec<&String> = model
            .messages
            .keys()
            .filter(|k| !found.messages.contains_key(*k))
            .collect();
        return Err(format!(
            "the file does not hold the acknowledged writes (in flight: {in_flight:?}); missing messages: {missing:?}; \
             {} messages and {} cells expected, {} and {} found",
            model.messages.len(),
            model.cells.values().filter(|v| v.is_some()).count(),
            found.messages.len(),
            found.cells.len()
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
    for file in backup::list(app.store.path()).map_err(|e| e.to_string())? {
        // A copy cut off by the kill would fail to decompress here.
        let plain =
            backup::compress::plain(&file.path).map_err(|e| format!("{}: {e}", file.name))?;
        let copy = rusqlite::Connection::open_with_flags(
            &plain.path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .map_err(|e| format!("{}: {e}", file.name))?;
        let ok: String = copy
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| format!("{}: {e}", file.name))?;
        if ok != "ok" {
            return Err(format!("backup {} is damaged: {ok}", file.name));
        }
    }
    Ok(model)
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

/// One writer's life: started, killed after `delay`; its output lines.
fn one_life(db: &Path, run: u64, delay: Duration, lie: bool) -> Result<Vec<String>, String> {
    let mut child = Command::new(std::env::current_exe().map_err(|e| e.to_string())?)
        .args(["writer", "--run", &run.to_string()])
        .args(lie.then_some("--lie"))
        .arg("--db")
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let stdout = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .collect::<Vec<String>>()
    });
    std::thread::sleep(delay);
    let exited_by_itself = child.try_wait().map_err(|e| e.to_string())?;
    child.kill().ok(); // SIGKILL on Unix
    child.wait().map_err(|e| e.to_string())?;
    let lines = reader.join().map_err(|_| "reader thread panicked")?;
    if let Some(status) = exited_by_itself {
        let mut err = String::new();
        if let Some(mut s) = child.stderr.take() {
            std::io::Read::read_to_string(&mut s, &mut err).ok();
        }
        return Err(format!("the writer stopped by itself ({status}): {err}"));
    }
    Ok(lines)
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
    let lie = args.iter().any(|a| a == "--lie");
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
    let mut model = Model::default();
    let mut in_flight_seen = 0;
    let started = Instant::now();
    for run in 0..kills {
        let delay = Duration::from_millis(rng.below(max_delay as usize + 1) as u64);
        let lines = one_life(&db, run, delay, lie)?;
        let mut pending: Option<Value> = None;
        for line in &lines {
            if let Some(op) = line.strip_prefix("BEGIN ") {
                pending = Some(serde_json::from_str(op).map_err(|e| e.to_string())?);
            } else if line == "ACK" {
                let op = pending.take().ok_or("ACK without BEGIN")?;
                apply(&mut model, &op);
                model.acknowledged += 1;
            }
        }
        in_flight_seen += pending.is_some() as usize;
        let acknowledged = model.acknowledged;
        let app = App::open(&db).map_err(|e| format!("kill {run}: reopening: {e}"))?;
        model = check(&app, model, pending.as_ref())
            .map_err(|e| format!("kill {run} (seed {seed}, after {delay:?}): {e}"))?;
        model.acknowledged = acknowledged;
    }
    println!(
        "crashtest: {kills} kills passed, {} acknowledged writes checked ({} messages, {} cells), \
         {in_flight_seen} kills in the middle of a write, {:.1} s",
        model.acknowledged,
        model.messages.len(),
        model.cells.values().filter(|v| v.is_some()).count(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
