//! Reading and writing one record of a register.
//!
//! Every table of a register has the columns `id` (text, the stable id of the
//! data package), one column per field, `year` (the record's year for lists),
//! the columns its hooks compute, `created_at` / `updated_at`, and `version`
//! (raised by one on every change of its fields: see [`super::stale`]).

use rusqlite::types::Value as Sql;
use rusqlite::{params_from_iter, Connection, OptionalExtension};
use serde_json::{json, Value};

use super::stale;
use super::validate::{self, DbResolver, Mode};
use super::year_rule::query_year;
use super::DataFile;
use super::{Ctx, Record, RegisterSpec};
use chrono::Datelike;
use taizhang_base::error::{Error, Result};
use taizhang_store::store::{AuditAction, Tx, ADDED_KEY};
use taizhang_store::sync::{self, Clock, Tombstone, Version};

/// A new id: prefix, today's date and six random characters (`m-20230105-4k2f9a`).
pub fn new_id(prefix: &str) -> String {
    const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
    let mut bytes = [0u8; 6];
    getrandom::fill(&mut bytes).expect("the system's random source works");
    let tail: String = bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect();
    format!(
        "{prefix}-{}-{tail}",
        taizhang_base::dates::today().format("%Y%m%d")
    )
}

fn select_sql(spec: &RegisterSpec) -> String {
    let cols: Vec<&str> = spec.columns().collect();
    format!("SELECT id, {} FROM {}", cols.join(", "), spec.table)
}

/// Read a row selected by [`select_sql`] (id first, then the fields).
pub(crate) fn read_row(spec: &RegisterSpec, row: &rusqlite::Row) -> rusqlite::Result<Record> {
    let mut rec = Record::new();
    rec.insert("id".into(), json!(row.get::<_, String>(0)?));
    for (i, field) in spec.fields.iter().enumerate() {
        let v: Sql = row.get(i + 1)?;
        rec.insert(field.name.into(), validate::from_sql(field, v));
    }
    Ok(rec)
}

/// A stored record as it is, without display keys.
pub fn load(conn: &Connection, spec: &RegisterSpec, id: &str) -> Result<Option<Record>> {
    let sql = format!("{} WHERE id = ?1", select_sql(spec));
    // Cached: an import loads every record it writes.
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], |r| read_row(spec, r))
        .optional()?)
}

fn load_existing(conn: &Connection, spec: &RegisterSpec, id: &str) -> Result<Record> {
    load(conn, spec, id)?.ok_or_else(|| Error::not_found(spec.noun, id))
}

/// One record with its display keys, and its version (`_version`) for a
/// form to send back with its save.
pub fn get(app: &DataFile, spec: &RegisterSpec, id: &str) -> Result<Record> {
    let ctx = app.ctx();
    let mut rec = load_existing(ctx.conn, spec, id)?;
    if let Some((version, _)) = stale::version_of(ctx.conn, spec, id)? {
        rec.insert(stale::VERSION_KEY.into(), json!(version));
    }
    spec.hooks.decorate(&ctx, &mut rec);
    Ok(rec)
}

/// Every record of a register (optionally of one year), as stored, in id order:
/// what the data package exports.
pub fn all_records(
    conn: &Connection,
    spec: &RegisterSpec,
    year: Option<i32>,
) -> Result<Vec<Record>> {
    let (sql, params): (String, Vec<Sql>) = match year {
        Some(y) => (
            format!("{} WHERE year = ?1 ORDER BY id", select_sql(spec)),
            vec![Sql::Integer(y as i64)],
        ),
        None => (format!("{} ORDER BY id", select_sql(spec)), vec![]),
    };
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(params), |r| read_row(spec, r))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The key of a record's version in a data package ([`Version::to_json`]).
pub const PACKAGE_VERSION_KEY: &str = "version";

/// What a data package exports of a register, in id order, each record with
/// its version: every record, or (`year`) the records year `year`'s report
/// figures and checks depend on ([`super::YearRule::report_sql`]) and the
/// records of other registers' selections refer to (an earlier application
/// an appeal of the year names), so that its references resolve.
pub fn package_records(
    conn: &Connection,
    spec: &RegisterSpec,
    year: Option<i32>,
) -> Result<Vec<Record>> {
    let cols: Vec<&str> = spec.columns().collect();
    // A row unchanged since versions began (no clock) travels without one.
    let select = format!(
        "SELECT id, {}, clock, changed_on, coalesce(changed_at, updated_at) FROM {}",
        cols.join(", "),
        spec.table
    );
    let read = |r: &rusqlite::Row| {
        let mut rec = read_row(spec, r)?;
        let version = Version::from_row(r, spec.fields.len() + 1)?;
        if !version.clock.is_empty() {
            rec.insert(PACKAGE_VERSION_KEY.into(), version.to_json());
        }
        Ok(rec)
    };
    match year {
        Some(year) => {
            let sql = format!(
                "{select} WHERE {} ORDER BY id",
                report_year_condition(spec, &mut vec![spec.key])
            );
            let mut stmt = conn.prepare(&sql)?;
            Ok(query_year(&mut stmt, year, read)?)
        }
        None => {
            let mut stmt = conn.prepare(&format!("{select} ORDER BY id"))?;
            let rows = stmt.query_map([], read)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        }
    }
}

/// The condition of [`package_records`] for a year: the register's own, or referred
/// to by a record another register selects (`seen` stops a cycle of references).
fn report_year_condition(spec: &RegisterSpec, seen: &mut Vec<&'static str>) -> String {
    let mut condition = format!("({})", spec.year_rule.report_sql());
    for other in super::all() {
        if seen.contains(&other.key) {
            continue;
        }
        for field in other.fields {
            if matches!(field.kind, super::Kind::Ref(key) if key == spec.key) {
                seen.push(other.key);
                condition.push_str(&format!(
                    " OR id IN (SELECT {} FROM {} WHERE {})",
                    field.name,
                    other.table,
                    report_year_condition(other, seen)
                ));
                seen.pop();
            }
        }
    }
    condition
}

fn check_form(ctx: &Ctx, spec: &RegisterSpec, input: &Record) -> Result<Record> {
    validate::validate(ctx, spec, input, Mode::Form, &DbResolver(ctx.conn), "")
        .map_err(|problems| Error::from_problems(problems).unwrap_err())
}

/// Refuse a change that touches a locked year's figures.
pub(crate) fn ensure_unlocked(
    tx: &Tx,
    ctx: &Ctx,
    spec: &RegisterSpec,
    before: Option<&Record>,
    after: Option<&Record>,
) -> Result<()> {
    tx.ensure_unlocked(
        &spec
            .year_rule
            .changed_years(ctx.today.year(), before, after),
    )
}

/// Create a record from a form. An `id` in the input is kept if it is new.
pub fn create(app: &mut DataFile, spec: &RegisterSpec, input: &Record) -> Result<Record> {
    let id = app.write(|tx, ctx| {
        let mut rec = check_form(ctx, spec, input)?;
        let id = match rec.get("id").and_then(Value::as_str) {
            Some(id) => {
                if load(tx, spec, id)?.is_some() {
                    return Err(Error::invalid("id", format!("编号“{id}”已被使用")));
                }
                id.to_string()
            }
            None => spec
                .hooks
                .new_id(ctx, &rec)
                .unwrap_or_else(|| new_id(spec.id_prefix)),
        };
        rec.insert("id".into(), json!(id));
        ensure_unlocked(tx, ctx, spec, None, Some(&rec))?;
        let version = new_local_version(tx, spec, &id)?;
        insert_row(tx, ctx, spec, &id, &rec, &version)?;
        tx.audit(
            AuditAction::Create,
            spec.key,
            &id,
            None,
            Some(&Value::Object(rec.clone())),
            "",
        )?;
        Ok(id)
    })?;
    get(app, spec, &id)
}

/// Replace a record's fields with those of a form, whatever its version:
/// for a command that reads the record and changes it in one step.
pub fn update(app: &mut DataFile, spec: &RegisterSpec, id: &str, input: &Record) -> Result<Record> {
    update_checked(app, spec, id, input, None)
}

/// Replace a record's fields with those of a form that showed version
/// `expected` of it: refused (`stale_record`) when the record changed since.
pub fn update_checked(
    app: &mut DataFile,
    spec: &RegisterSpec,
    id: &str,
    input: &Record,
    expected: Option<i64>,
) -> Result<Record> {
    app.write(|tx, ctx| {
        let before = load_existing(tx, spec, id)?;
        stale::ensure_current(tx, spec, &before, expected, "保存")?;
        // The hooks see which record this is (to keep its serial number, to
        // leave it out of uniqueness checks …).
        let mut input = input.clone();
        input.insert("id".into(), json!(id));
        let mut after = check_form(ctx, spec, &input)?;
        after.insert("id".into(), json!(id));
        if after == before {
            return Ok(());
        }
        ensure_unlocked(tx, ctx, spec, Some(&before), Some(&after))?;
        update_row(tx, ctx, spec, id, &after, Stamp::Local)?;
        tx.audit(
            AuditAction::Update,
            spec.key,
            id,
            Some(&Value::Object(before)),
            Some(&Value::Object(after)),
            "",
        )
    })?;
    get(app, spec, id)
}

/// Delete a record, whatever its version. Its last state stays in the audit log.
pub fn delete(app: &mut DataFile, spec: &RegisterSpec, id: &str) -> Result<()> {
    delete_checked(app, spec, id, None)
}

/// Delete a record a form showed at version `expected`: refused
/// (`stale_record`) when it changed since, so nobody deletes what they have not seen.
pub fn delete_checked(
    app: &mut DataFile,
    spec: &RegisterSpec,
    id: &str,
    expected: Option<i64>,
) -> Result<()> {
    app.write(|tx, ctx| {
        let before = load_existing(tx, spec, id)?;
        stale::ensure_current(tx, spec, &before, expected, "删除")?;
        ensure_unlocked(tx, ctx, spec, Some(&before), None)?;
        // The deletion travels to other PCs as a tombstone.
        let deleted = super::merge::version_of(tx, spec, id)?.unwrap_or_default();
        let tombstone = Tombstone {
            register: spec.key.to_string(),
            record_id: id.to_string(),
            version: tx.change_of(&deleted.clock)?,
        };
        remove_row(tx, spec, before, &tombstone, "")
    })
}

/// Delete the row of record `before`, leaving `tombstone` and its last state
/// in the audit log; refused (a conflict) while another record refers to it.
pub(crate) fn remove_row(
    tx: &Tx,
    spec: &RegisterSpec,
    before: Record,
    tombstone: &Tombstone,
    note: &str,
) -> Result<()> {
    let id = tombstone.record_id.as_str();
    let sql = format!("DELETE FROM {} WHERE id = ?1", spec.table);
    tx.prepare_cached(&sql)?
        .execute([id])
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                Error::conflict(format!(
                    "这条{}仍被其他记录引用，不能删除。请先修改或删除引用它的记录。",
                    spec.noun
                ))
            }
            e => e.into(),
        })?;
    sync::put_tombstone(tx, tombstone)?;
    tx.audit(
        AuditAction::Delete,
        spec.key,
        id,
        Some(&Value::Object(before)),
        None,
        note,
    )
}

/// The audit entries of one record, oldest first.
pub fn history(conn: &Connection, spec: &RegisterSpec, id: &str) -> Result<Vec<Value>> {
    let mut stmt = conn.prepare(
        "SELECT at, action, before, after, note FROM audit_log
         WHERE register = ?1 AND record_id = ?2 ORDER BY id",
    )?;
    let rows = stmt.query_map([spec.key, id], |r| {
        let parse = |t: Option<String>| {
            t.and_then(|t| serde_json::from_str::<Value>(&t).ok())
                .unwrap_or(Value::Null)
        };
        Ok(json!({
            "at": r.get::<_, String>(0)?,
            "action": r.get::<_, String>(1)?,
            "before": parse(r.get(2)?),
            "after": parse(r.get(3)?),
            "note": r.get::<_, String>(4)?,
        }))
    })?;
    let mut out = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    if !out.iter().any(|r| r["action"] == "create") {
        if let Some(entry) = imported_by(conn, spec.key, id)? {
            out.insert(0, entry);
        }
    }
    Ok(out)
}

/// The import that added a record, as a history row: an import audits what
/// it added in one entry naming the package (`Tx::collect_added`), not one
/// entry per record.
fn imported_by(conn: &Connection, register: &str, id: &str) -> Result<Option<Value>> {
    // `instr` skips the imports that cannot name the record before their
    // (possibly large) lists are parsed.
    let found: Option<(String, String)> = conn
        .query_row(
            "SELECT a.at, a.record_id FROM audit_log a, json_each(a.after, ?1) j
             WHERE a.action = 'import' AND a.register = 'dataset'
               AND instr(a.after, json_quote(?2)) > 0 AND j.value = ?2
             ORDER BY a.id LIMIT 1",
            [format!("$.{ADDED_KEY}.{register}"), id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(found.map(|(at, digest)| {
        let short: String = digest.chars().take(12).collect();
        json!({
            "at": at, "action": "import", "before": null, "after": null,
            "note": format!("由导入添加（包 SHA-256 {short}…）"),
            "digest": digest,
        })
    }))
}

/// The values written for a record: fields, then `year`, then hook columns.
pub(crate) fn row_values(
    ctx: &Ctx,
    spec: &RegisterSpec,
    rec: &Record,
) -> (Vec<&'static str>, Vec<Sql>) {
    let mut cols: Vec<&'static str> = vec![];
    let mut vals: Vec<Sql> = vec![];
    for field in spec.fields {
        cols.push(field.name);
        vals.push(validate::to_sql(
            field,
            rec.get(field.name).unwrap_or(&Value::Null),
        ));
    }
    cols.push("year");
    vals.push(
        spec.year_rule
            .listed_year(rec)
            .map(|y| Sql::Integer(y as i64))
            .unwrap_or(Sql::Null),
    );
    for (col, v) in spec.hooks.stored(ctx, rec) {
        cols.push(col);
        vals.push(validate::json_to_sql(&v));
    }
    (cols, vals)
}

/// The version of a record this PC creates: its first change, or — when the
/// id was deleted before (a tombstone) — the change after the deletion, so
/// that other PCs take it for newer than the deletion. The tombstone goes.
fn new_local_version(tx: &Tx, spec: &RegisterSpec, id: &str) -> Result<Version> {
    let base = match sync::tombstone(tx, spec.key, id)? {
        Some(t) => {
            sync::remove_tombstone(tx, spec.key, id)?;
            t.version.clock
        }
        None => Clock::default(),
    };
    tx.change_of(&base)
}

pub(crate) fn insert_row(
    tx: &Tx,
    ctx: &Ctx,
    spec: &RegisterSpec,
    id: &str,
    rec: &Record,
    version: &Version,
) -> Result<()> {
    let (cols, mut vals) = row_values(ctx, spec, rec);
    let n = cols.len();
    let placeholders: Vec<String> = (1..=n + 6).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO {} (id, {}, created_at, updated_at, clock, changed_on, changed_at) \
         VALUES ({})",
        spec.table,
        cols.join(", "),
        placeholders.join(", ")
    );
    vals.insert(0, Sql::Text(id.to_string()));
    vals.push(Sql::Text(tx.now().to_string()));
    vals.push(Sql::Text(tx.now().to_string()));
    vals.push(Sql::Text(version.clock.to_text()));
    vals.push(Sql::Text(version.changed_on.clone()));
    vals.push(Sql::Text(version.changed_at.clone()));
    tx.prepare_cached(&sql)?.execute(params_from_iter(vals))?;
    Ok(())
}

/// The version a change of a stored record gets.
pub(crate) enum Stamp<'a> {
    /// A change made on this PC: its counter in the record's clock goes up by one.
    Local,
    /// A version from another PC, taken as it is.
    Taken(&'a Version),
}

/// `col <op> ?1`, `col <op> ?2` … for the columns in order.
fn numbered(cols: &[&str], op: &str) -> Vec<String> {
    cols.iter()
        .enumerate()
        .map(|(i, c)| format!("{c} {op} ?{}", i + 1))
        .collect()
}

pub(crate) fn update_row(
    tx: &Tx,
    ctx: &Ctx,
    spec: &RegisterSpec,
    id: &str,
    rec: &Record,
    stamp: Stamp,
) -> Result<()> {
    let (cols, mut vals) = row_values(ctx, spec, rec);
    let n = cols.len();
    // Every change of a record's fields (a form, a command's step, an
    // import) passes here, and so raises its version, and stamps the
    // version that travels to other PCs.
    let clock = match stamp {
        // `'$."p3fa9c2e1"'`: this PC's counter, raised by one.
        Stamp::Local => format!(
            "json_set(coalesce(clock, '{{}}'), '$.\"' || ?{0} || '\"', \
             coalesce(json_extract(clock, '$.\"' || ?{0} || '\"'), 0) + 1)",
            n + 3
        ),
        Stamp::Taken(_) => format!("?{}", n + 4),
    };
    let changed_at = match stamp {
        Stamp::Local => format!("?{}", n + 1),
        Stamp::Taken(_) => format!("?{}", n + 5),
    };
    let sql = format!(
        "UPDATE {} SET {}, updated_at = ?{}, version = version + 1, clock = {clock}, \
         changed_on = ?{}, changed_at = {changed_at} WHERE id = ?{}",
        spec.table,
        numbered(&cols, "=").join(", "),
        n + 1,
        n + 3,
        n + 2
    );
    vals.push(Sql::Text(tx.now().to_string()));
    vals.push(Sql::Text(id.to_string()));
    match stamp {
        Stamp::Local => vals.push(Sql::Text(tx.pc_id()?.to_string())),
        Stamp::Taken(v) => {
            vals.push(Sql::Text(v.changed_on.clone()));
            vals.push(Sql::Text(v.clock.to_text()));
            vals.push(Sql::Text(v.changed_at.clone()));
        }
    }
    tx.prepare_cached(&sql)?.execute(params_from_iter(vals))?;
    Ok(())
}

/// Recompute the hook columns (due dates …) of every record of a register,
/// after the calendar or a setting they depend on changed. Returns how many
/// rows changed.
pub fn recompute_stored(tx: &Tx, ctx: &Ctx, spec: &RegisterSpec) -> Result<usize> {
    let probe = Record::new();
    let hook_cols: Vec<&str> = spec
        .hooks
        .stored(ctx, &probe)
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    if hook_cols.is_empty() {
        return Ok(0);
    }
    // The statement is the same for every record (hooks return the same
    // columns): prepare it once. It leaves `version` alone: no form shows
    // these columns, so a form open meanwhile is not stale.
    let sql = format!(
        "UPDATE {} SET {} WHERE id = ?{} AND ({})",
        spec.table,
        numbered(&hook_cols, "=").join(", "),
        hook_cols.len() + 1,
        numbered(&hook_cols, "IS NOT").join(" OR ")
    );
    let mut update = tx.prepare(&sql)?;
    let mut changed = 0;
    for rec in all_records(tx, spec, None)? {
        let mut vals: Vec<Sql> = spec
            .hooks
            .stored(ctx, &rec)
            .iter()
            .map(|(_, v)| validate::json_to_sql(v))
            .collect();
        vals.push(Sql::Text(
            rec["id"].as_str().unwrap_or_default().to_string(),
        ));
        let n = update.execute(params_from_iter(vals))?;
        if n > 0 {
            // A due date moved (the calendar changed): that alters the
            // figures of the record's years, which must not be locked.
            tx.ensure_unlocked(&spec.year_rule.years(&rec))?;
        }
        changed += n;
    }
    Ok(changed)
}

/// Recompute the hook columns of every register, inside `tx`, after the
/// calendar or a setting changed. Returns how many rows changed.
pub fn recompute_all_stored(tx: &Tx, ctx: &Ctx) -> Result<usize> {
    let mut changed = 0;
    for spec in super::all() {
        changed += recompute_stored(tx, ctx, spec)?;
    }
    Ok(changed)
}
