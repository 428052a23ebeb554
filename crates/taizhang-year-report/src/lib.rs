//! 年报 from the registers: everything the report of a year needs, computed
//! from the data file, with the records behind every figure and the checks
//! that must pass before export.
//!
//! Each register contributes its part (`sources`); `checks` runs the official
//! relations over the assembled figures. `taizhang-documents` then renders the
//! result without touching the database. Reads the registers; writes only the
//! clerk's report texts (`narratives`).

mod application_checks;
pub mod checks;
pub mod narratives;
mod proactive;
mod sources;

use std::collections::BTreeMap;

use serde::Serialize;

use taizhang_records::framework::DataFile;
use taizhang_base::error::Result;
use taizhang_documents::figures::{Check, CheckLevel};
use taizhang_documents::{ReportFigures, ReportInput};

/// One record counted in a figure: its register, its id, and a line to show
/// (empty until [`describe`] fills it: most traces are never looked at).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TraceRef {
    pub register: String,
    pub id: String,
    pub label: String,
}

/// Figure path (`applications.new.natural_person`, `disclosures.by_category.政策文件`,
/// `service_tallies.更换/补办证历本` …) → the records counted in it.
pub type Traces = BTreeMap<String, Vec<TraceRef>>;

/// A year's report, assembled from the data file.
#[derive(Debug, Clone, Serialize)]
pub struct Annual {
    pub input: ReportInput,
    pub traces: Traces,
}

impl Annual {
    pub fn figures(&self) -> &ReportFigures {
        &self.input.figures
    }

    pub fn errors(&self) -> impl Iterator<Item = &Check> {
        self.input
            .figures
            .checks
            .iter()
            .filter(|c| c.level == CheckLevel::Error)
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// Note a record as counted in a figure.
    pub(crate) fn trace(&mut self, path: impl Into<String>, r: TraceRef) {
        self.traces.entry(path.into()).or_default().push(r);
    }

    /// Note records of one register as counted in a figure.
    pub(crate) fn trace_ids(&mut self, path: &str, register: &str, ids: &[String]) {
        for id in ids {
            self.trace(
                path,
                TraceRef {
                    register: register.into(),
                    id: id.clone(),
                    label: String::new(),
                },
            );
        }
    }
}

/// Everything the report of `year` needs, with its checks.
pub fn assemble(app: &DataFile, year: i32) -> Result<Annual> {
    let mut annual = sources::collect(app, year)?;
    let found = checks::run(&annual, app.calendar());
    annual.input.figures.checks.extend(found);
    annual
        .input
        .figures
        .checks
        .sort_by_key(|c| c.level != CheckLevel::Error);
    Ok(annual)
}

/// Fill in the lines shown for traced records of generic registers: the
/// record's listed fields, without personal data.
pub fn describe(conn: &rusqlite::Connection, refs: &mut [TraceRef]) -> Result<()> {
    for r in refs.iter_mut().filter(|r| r.label.is_empty()) {
        let Some(spec) = taizhang_records::framework::find(&r.register) else {
            continue;
        };
        if let Some(rec) = taizhang_records::framework::crud::load(conn, spec, &r.id)? {
            let parts: Vec<String> = spec
                .fields
                .iter()
                .filter(|f| f.listed && !f.personal)
                .map(|f| {
                    sources::cell_text(f.kind, rec.get(f.name).unwrap_or(&serde_json::Value::Null))
                })
                .filter(|t| !t.is_empty())
                .collect();
            r.label = parts.join(" · ");
        }
    }
    Ok(())
}

/// The records a check names, described: each id is looked up in the register
/// whose ids it carries (tally cells and other non-register ids are shown as they are).
pub fn describe_ids(conn: &rusqlite::Connection, ids: &[String]) -> Result<Vec<TraceRef>> {
    let mut refs = vec![];
    for id in ids {
        let register = taizhang_records::framework::all()
            .iter()
            .find(|spec| {
                id.starts_with(&format!("{}-", spec.id_prefix))
                    && taizhang_records::framework::crud::load(conn, spec, id)
                        .ok()
                        .flatten()
                        .is_some()
            })
            .map(|spec| spec.key)
            .unwrap_or("");
        refs.push(TraceRef {
            register: register.to_string(),
            id: id.clone(),
            label: String::new(),
        });
    }
    describe(conn, &mut refs)?;
    Ok(refs)
}
