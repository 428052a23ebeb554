//! The data package `taizhang.dataset/1`: one JSON object holding an office's
//! records, for moving to a new PC, sending to the district, and tests.
//!
//! A package is made of sections (`office`, `units`, `disclosures` …). Each
//! section knows how to export itself, check itself and import itself
//! ([`Section`]). Import checks every section first and reports every problem
//! by JSON path; only a package without problems is written, in one
//! transaction. Records with an existing id are updated, so importing the same
//! package twice changes nothing.

mod deleted_section;
mod merge_log;
mod narratives;
mod roster_section;
mod sections;
mod table2_figures;
mod tally_sections;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::app::App;
use taizhang_base::calendar::Calendar;
use taizhang_base::error::{Error, Problem, Result};
use taizhang_records::framework::validate::{DbResolver, PackageResolver};
use taizhang_records::framework::Ctx;
use taizhang_store::store::{AuditAction, Tx, ADDED_KEY};

pub use merge_log::{MergeLog, Merged};
pub use sections::RegisterSection;
/// For sections defined beside their own modules (tallies …).
pub(crate) use sections::{check_archived_flag, check_unique_items, checked_items, items};

pub const FORMAT: &str = "taizhang.dataset/1";

/// The Chinese names of the sections that are not registers (a register's
/// section is called by the register's label).
const LABELS: &[(&str, &str)] = &[
    ("office", "单位信息"),
    ("units", "科室和社区"),
    ("holidays", "节假日安排"),
    ("lists", "选项列表"),
    ("annual_figures", "年度数据（表二）"),
    ("table2_trial_cells", "表二（试行格式）填写的数字"),
    ("service_items", "服务事项"),
    ("service_tallies", "窗口业务量"),
    ("metrics", "其他数据"),
    ("narratives", "年报文字"),
    ("summary_headings", "工作总结标题"),
];

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ExportOptions {
    /// Only the records this year's report figures and checks depend on
    /// (`YearRule::report_sql`: also applications and appeals carried in
    /// from earlier years, documents still in force) and the records those
    /// refer to. Settings and catalogues are always whole.
    pub year: Option<i32>,
    /// Include applicants' names and contacts.
    pub personal: bool,
}

/// One top-level key of the package.
pub trait Section: Sync {
    fn key(&self) -> &'static str;

    /// What the clerk calls this part of a package (主动公开, 窗口业务量 …).
    fn label(&self) -> &'static str {
        LABELS
            .iter()
            .find(|(k, _)| *k == self.key())
            .map_or(self.key(), |(_, l)| l)
    }

    fn export(&self, conn: &rusqlite::Connection, opts: &ExportOptions) -> Result<Value>;

    /// Note what this section defines (unit names, record ids) so that other
    /// sections' references can resolve within the package.
    fn declare(&self, _value: &Value, _resolver: &mut PackageResolver) {}

    /// Push every problem of this section, with its JSON path.
    fn check(
        &self,
        ctx: &Ctx,
        resolver: &PackageResolver,
        value: &Value,
        problems: &mut Vec<Problem>,
    );

    /// What importing this section creates in other sections besides its own
    /// records (a tally's window that is no unit yet becomes one). For the
    /// preview and the summary.
    fn creates(&self, _resolver: &PackageResolver, _value: &Value) -> Vec<Created> {
        vec![]
    }

    /// Write the (checked) section, inside the one import transaction.
    /// Returns how many records it created or changed, without what
    /// [`Section::creates`] names. Sections whose records carry versions
    /// compare them with the file's and note in `log` what they did not
    /// simply write (another PC's package); the others ignore it.
    fn import(
        &self,
        tx: &Tx,
        ctx: &Ctx,
        resolver: &PackageResolver,
        value: &Value,
        log: &mut MergeLog,
    ) -> Result<usize>;
}

/// Something an import makes beyond the package's own records.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Created {
    /// The section it belongs to (`units`).
    pub section: &'static str,
    pub name: String,
    /// What the preview says about it, in Chinese.
    pub note: String,
}

/// How many records each section created or changed.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ImportSummary {
    pub changed: BTreeMap<String, usize>,
    pub total: usize,
    /// Records kept in their newer version, conflicts, deletions not made.
    pub merged: MergeLog,
}

/// Every section, in import order: what a section refers to comes before it.
pub fn sections() -> Vec<&'static dyn Section> {
    sections::all()
}

/// Export the data file as a package.
pub fn export(app: &App, opts: &ExportOptions) -> Result<Value> {
    let conn = app.store.conn();
    let mut package = Map::new();
    package.insert("format".into(), json!(FORMAT));
    package.insert(
        "exported_at".into(),
        json!(taizhang_base::dates::now_rfc3339()),
    );
    // Additions to the format: the year a package is for (the district sets
    // another year's package aside), the roster only when there is one.
    if let Some(year) = opts.year {
        package.insert("year".into(), json!(year));
    }
    // The PC the package comes from (its records' versions name it too).
    if let Some(pc) = taizhang_store::sync::current_pc_id(conn)? {
        package.insert("pc".into(), json!(pc));
    }
    for section in sections() {
        let value = section.export(conn, opts)?;
        if section.key() == roster_section::KEY && value.as_array().is_some_and(Vec::is_empty) {
            continue;
        }
        package.insert(section.key().into(), value);
    }
    Ok(Value::Object(package))
}

/// Parse a package's text, reporting a JSON syntax error in Chinese.
pub fn parse(text: &str) -> Result<Value> {
    let text = text.trim_start_matches('\u{feff}');
    serde_json::from_str(text).map_err(|e| {
        Error::invalid(
            "package",
            format!(
                "数据包不是有效的 JSON（第 {} 行第 {} 列）：{e}",
                e.line(),
                e.column()
            ),
        )
    })
}

fn check_format(package: &Value) -> Result<&Map<String, Value>> {
    let obj = package
        .as_object()
        .ok_or_else(|| Error::invalid("package", "数据包应为一个 JSON 对象"))?;
    match obj.get("format") {
        Some(Value::String(f)) if f == FORMAT => Ok(obj),
        Some(Value::String(f)) if f.starts_with("taizhang.dataset/") => Err(Error::invalid(
            "format",
            format!("该数据包的格式为 {f}，可能由更新版本的台账程序导出；本程序只能导入 {FORMAT}，请升级程序后再导入。"),
        )),
        Some(other) => Err(Error::invalid(
            "format",
            format!("数据包格式应为 {FORMAT}，实际为 {other}，这不是台账数据包。"),
        )),
        None => Err(Error::invalid("format", format!("数据包缺少 format（应为 {FORMAT}），这不是台账数据包。"))),
    }
}

/// Check a whole package without writing anything. Returns every problem.
pub fn check(app: &App, package: &Value) -> Result<Vec<Problem>> {
    let obj = check_format(package)?;
    let ctx = app.ctx();
    let resolver = declare_all(ctx.conn, obj);
    let mut problems = vec![];
    for section in sections() {
        if let Some(value) = obj.get(section.key()) {
            let mut found = vec![];
            section.check(&ctx, &resolver, value, &mut found);
            // Report in the package's own order, item by item.
            found.sort_by_key(|p| item_index(&p.path));
            problems.extend(found);
        }
    }
    Ok(problems)
}

/// What importing a (checked) package creates beyond its own records: for the preview.
pub fn creates(app: &App, package: &Value) -> Result<Vec<Created>> {
    let obj = check_format(package)?;
    let resolver = declare_all(app.store.conn(), obj);
    Ok(sections()
        .into_iter()
        .filter_map(|s| obj.get(s.key()).map(|v| s.creates(&resolver, v)))
        .flatten()
        .collect())
}

/// The item index of a path like `messages[12].topic` (0 for `office.name`).
fn item_index(path: &str) -> usize {
    path.split_once('[')
        .and_then(|(_, rest)| rest.split_once(']'))
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or(0)
}

fn declare_all<'a>(
    conn: &'a rusqlite::Connection,
    obj: &Map<String, Value>,
) -> PackageResolver<'a> {
    let mut resolver = PackageResolver {
        db: DbResolver(conn),
        units: Default::default(),
        records: Default::default(),
    };
    for section in sections() {
        if let Some(value) = obj.get(section.key()) {
            section.declare(value, &mut resolver);
        }
    }
    resolver
}

/// Import a package: all of it, or — when anything is wrong — nothing.
pub fn import(app: &mut App, package: &Value) -> Result<ImportSummary> {
    let problems = check(app, package)?;
    if !problems.is_empty() {
        return Err(Error::Problems { problems });
    }
    let obj = check_format(package)?;
    let today = taizhang_base::dates::today();
    let digest = digest(package);
    let summary = app.store.write(|tx| {
        tx.collect_added();
        let resolver = declare_all(tx, obj);
        let mut calendar = Calendar::with_years(&crate::holidays::load_years(tx)?);
        let mut summary = ImportSummary {
            merged: MergeLog {
                exported_at: obj
                    .get("exported_at")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                tombstones: taizhang_store::sync::has_tombstones(tx)?,
                // Read, not made: an import that changes nothing writes nothing.
                this_pc: taizhang_store::sync::current_pc_id(tx)?,
                ..MergeLog::default()
            },
            ..ImportSummary::default()
        };
        for section in sections() {
            let Some(value) = obj.get(section.key()) else {
                continue;
            };
            let ctx = Ctx {
                conn: tx,
                calendar: &calendar,
                today,
            };
            let creates = section.creates(&resolver, value);
            let changed = section
                .import(tx, &ctx, &resolver, value, &mut summary.merged)
                .map_err(|e| at_path(e, section.key()))?;
            for c in &creates {
                *summary.changed.entry(c.section.to_string()).or_default() += 1;
            }
            summary.total += creates.len();
            if section.key() == "holidays" && changed > 0 {
                // Due dates of records already stored depend on the calendar.
                calendar = Calendar::with_years(&crate::holidays::load_years(tx)?);
                let ctx = Ctx {
                    conn: tx,
                    calendar: &calendar,
                    today,
                };
                // Refused when a due date of a locked year's record would move.
                taizhang_records::framework::crud::recompute_all_stored(tx, &ctx)
                    .map_err(|e| at_path(e, "holidays"))?;
            }
            summary.total += changed;
            *summary
                .changed
                .entry(section.key().to_string())
                .or_default() += changed;
        }
        audit_import(tx, &digest, &summary)?;
        Ok(summary)
    })?;
    app.reload_calendar()?;
    Ok(summary)
}

/// The package's SHA-256, hex: of its JSON as parsed, written compactly (the
/// same for the same content whatever its whitespace or byte-order mark).
pub fn digest(package: &Value) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    // Writing into the hasher: no second copy of a large package in memory.
    let _ = serde_json::to_writer(HashWriter(&mut hasher), package);
    format!("{:x}", hasher.finalize())
}

struct HashWriter<'a>(&'a mut sha2::Sha256);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        sha2::Digest::update(self.0, buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One audit entry for the whole import: the package's digest, how many
/// records each section created or changed, and the ids of those it added
/// (each change of an existing record has its own entry with before/after).
fn audit_import(tx: &Tx, digest: &str, summary: &ImportSummary) -> Result<()> {
    let added = tx.take_added();
    if summary.total == 0 && added.is_empty() {
        return Ok(());
    }
    let mut after: Map<String, Value> = summary
        .changed
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| (k.clone(), json!(n)))
        .collect();
    after.insert(ADDED_KEY.into(), json!(added));
    tx.audit(
        AuditAction::Other("import"),
        "dataset",
        digest,
        None,
        Some(&Value::Object(after)),
        &format!("导入数据包（SHA-256 {}…）", &digest[..12]),
    )
}

/// A refusal met while writing (a locked year, a conflict) as a problem at
/// `path`, so that an import's every rejection says where it is.
pub(crate) fn at_path(e: Error, path: &str) -> Error {
    match e {
        Error::YearLocked { .. } | Error::Conflict { .. } | Error::NotFound { .. } => {
            Error::Problems {
                problems: vec![Problem::new(path, e.to_string())],
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests;
