//! Where each part of a year's report comes from. One function per register
//! or store area; each fills its figures and notes the records behind them.

use rusqlite::Connection;
use serde_json::Value;

use super::{Annual, TraceRef, Traces};
use taizhang_records::framework::DataFile;
use taizhang_base::error::{Error, Result};
use taizhang_records::framework::validate::kind_code_label;
use taizhang_records::framework::{crud, Kind, RegisterSpec};
use taizhang_documents::figures::{Check, CheckLevel, ServiceTally};
use taizhang_documents::input::LedgerTable;
use taizhang_documents::Metric;
use taizhang_documents::{ReportFigures, ReportInput};

pub fn collect(app: &DataFile, year: i32) -> Result<Annual> {
    let conn = app.store.conn();
    let office = taizhang_store::office::get_office(conn)?;
    let mut annual = Annual {
        input: ReportInput {
            figures: ReportFigures::empty(year, office.name.clone()),
            office,
            narratives: super::narratives::load(conn, year)?,
            fee_cases: 0,
            local_limit_working_days: None,
            locked_at: taizhang_store::locks::locked_at(conn, year)?,
            ledger: vec![],
        },
        traces: Traces::new(),
    };
    applications(conn, year, &mut annual)?;
    let clock_warnings = super::application_checks::run(&app.ctx(), year)?;
    annual.input.figures.checks.extend(clock_warnings);
    super::proactive::fill(&app.ctx(), year, &mut annual)?;
    service_tallies(app, year, &mut annual)?;
    metrics(conn, year, &mut annual)?;
    ledger(conn, year, &mut annual)?;
    Ok(annual)
}

/// 依申请公开 and 复议诉讼: tables 三 and 四 with the records in every cell,
/// their relations (including the carry-over from the year before), the fees
/// charged, and the applications answered late.
fn applications(conn: &Connection, year: i32, annual: &mut Annual) -> Result<()> {
    use taizhang_records::registers::applications::counting;
    let counted = counting::figures(conn, year)?;
    let figures = &mut annual.input.figures;
    figures.applications = serde_json::from_value(counted.applications.to_report_json())
        .map_err(|e| Error::Internal(format!("表三：{e}")))?;
    figures.appeals = serde_json::from_value(counted.appeals.to_report_json())
        .map_err(|e| Error::Internal(format!("表四：{e}")))?;
    figures.fees_collected_yuan = counted.fees.yuan as f64;
    annual.input.fee_cases = counted.fees.records.len() as u64;
    for c in counting::checks(conn, &counted)? {
        figures.checks.push(Check {
            level: if c.level == "error" {
                CheckLevel::Error
            } else {
                CheckLevel::Warning
            },
            code: c.code.to_string(),
            message: c.message,
            records: c.records,
        });
    }
    let late = counting::late_replies(conn, year, taizhang_base::dates::today())?;
    figures.checks.extend(super::checks::warning_naming(
        "applications.overdue",
        late,
        |n| format!("{year}年有 {n} 件申请超过法定期限答复或至年底仍未答复"),
    ));
    for (path, ids) in counted.traces() {
        let register = if path.starts_with("appeals.") {
            "appeals"
        } else {
            "applications"
        };
        annual.trace_ids(&path, register, ids);
    }
    Ok(())
}

/// 窗口业务: each item's year total over all windows, in catalogue order, and
/// the tally warnings (double counting, closed days).
fn service_tallies(app: &DataFile, year: i32, annual: &mut Annual) -> Result<()> {
    let conn = app.store.conn();
    let by_window = taizhang_records::tallies::totals::by_window(conn, year)?;
    for row in by_window.rows.iter().filter(|r| r.total > 0) {
        annual.input.figures.service_tallies.push(ServiceTally {
            item: row.item.name.clone(),
            unit: row.item.unit.clone(),
            count: row.total as u64,
        });
        for (window, count) in by_window
            .windows
            .iter()
            .zip(&row.counts)
            .filter(|(_, c)| **c > 0)
        {
            annual.trace(
                format!("service_tallies.{}", row.item.name),
                TraceRef {
                    register: "service_tallies".into(),
                    id: format!("{}/{}/{year}", row.item.name, window.name),
                    label: format!("{}：{}{}", window.name, count, row.item.unit),
                },
            );
        }
    }
    for w in taizhang_records::tallies::warnings::for_year(conn, app.calendar(), year)? {
        annual.input.figures.checks.push(Check {
            level: if w.level == "info" {
                CheckLevel::Info
            } else {
                CheckLevel::Warning
            },
            code: format!("service_tallies.{}", w.code),
            message: w.message,
            records: vec![format!("{}/{}/{}", w.item, w.window, w.period)],
        });
    }
    Ok(())
}

/// 其他数据: the year's named figures, in the clerk's order.
fn metrics(conn: &Connection, year: i32, annual: &mut Annual) -> Result<()> {
    annual.input.figures.metrics = taizhang_records::tallies::metrics::list(conn, Some(year))?
        .into_iter()
        .map(|m| Metric {
            name: m.name,
            unit: m.unit,
            value: m.value,
        })
        .collect();
    Ok(())
}

/// 台账: every register's records of the year as a table, without personal
/// data, plus the year's table-二 figures, tallies and metrics.
fn ledger(conn: &Connection, year: i32, annual: &mut Annual) -> Result<()> {
    for spec in taizhang_records::framework::all() {
        annual.input.ledger.push(register_table(conn, spec, year)?);
    }
    annual.input.ledger.push(annual_figures_table(conn, year)?);
    let by_window = taizhang_records::tallies::totals::by_window(conn, year)?;
    let mut columns = vec!["服务事项".to_string(), "单位".to_string()];
    columns.extend(by_window.windows.iter().map(|w| w.name.clone()));
    columns.push("合计".to_string());
    annual.input.ledger.push(LedgerTable {
        sheet: "窗口业务".into(),
        columns,
        rows: by_window
            .rows
            .iter()
            .map(|r| {
                let mut cells = vec![r.item.name.clone(), r.item.unit.clone()];
                cells.extend(r.counts.iter().map(|c| c.to_string()));
                cells.push(r.total.to_string());
                cells
            })
            .collect(),
    });
    annual.input.ledger.push(LedgerTable {
        sheet: "其他数据".into(),
        columns: vec!["名称".into(), "数值".into(), "单位".into()],
        rows: annual
            .input
            .figures
            .metrics
            .iter()
            .map(|m| {
                vec![
                    m.name.clone(),
                    taizhang_records::tallies::metrics::value_json(m.value).to_string(),
                    m.unit.clone(),
                ]
            })
            .collect(),
    });
    Ok(())
}

/// 年度数字: the year's figures of table 二 that the clerk entered (行政许可,
/// 行政处罚, 行政强制 decisions, 行政事业性收费 in 万元), one row under the
/// editor's labels; no row when none were entered for the year.
fn annual_figures_table(conn: &Connection, year: i32) -> Result<LedgerTable> {
    use taizhang_records::registers::table2_figures::{self, FIELDS};
    let mut rows = vec![];
    if let Some(f) = table2_figures::get(conn, year)? {
        let values = serde_json::to_value(&f).map_err(|e| Error::Internal(e.to_string()))?;
        rows.push(
            FIELDS
                .iter()
                .map(|field| cell_text(field.kind, &values[field.name]))
                .collect(),
        );
    }
    Ok(LedgerTable {
        sheet: "年度数字".into(),
        columns: FIELDS.iter().map(|f| f.label.to_string()).collect(),
        rows,
    })
}

/// One register's records of a year, as the ledger prints them.
pub fn register_table(conn: &Connection, spec: &RegisterSpec, year: i32) -> Result<LedgerTable> {
    let fields: Vec<_> = spec.fields.iter().filter(|f| !f.personal).collect();
    let mut columns = vec!["编号".to_string()];
    columns.extend(fields.iter().map(|f| f.label.to_string()));
    let rows = crud::all_records(conn, spec, Some(year))?
        .into_iter()
        .map(|rec| {
            let mut cells = vec![rec
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()];
            cells.extend(
                fields
                    .iter()
                    .map(|f| cell_text(f.kind, rec.get(f.name).unwrap_or(&Value::Null))),
            );
            cells
        })
        .collect();
    Ok(LedgerTable {
        sheet: spec.label.to_string(),
        columns,
        rows,
    })
}

/// A field's value as words for a printed table.
pub fn cell_text(kind: Kind, value: &Value) -> String {
    match (kind, value) {
        (_, Value::Null) => String::new(),
        (Kind::Bool, Value::Bool(b)) => if *b { "是" } else { "否" }.to_string(),
        (Kind::Code(_) | Kind::GroupedCode(_), Value::String(s)) => {
            kind_code_label(kind, s).unwrap_or_else(|| s.clone())
        }
        (_, Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("、"),
        (_, Value::String(s)) => s.clone(),
        (_, v) => v.to_string(),
    }
}
