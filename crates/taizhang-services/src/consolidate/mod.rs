//! District consolidation (区县汇总): the report figures of a year summed over
//! the data packages of several offices, with each office's own figures and
//! checks beside the total.
//!
//! Each package is imported into a private in-memory data file and its year
//! assembled exactly as the office's own app would; the figures are then added
//! up number by number.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::app::App;
use taizhang_base::error::{Error, Problem, Result};
use taizhang_base::official::{result_rows, APPEAL_KINDS, APPLICANT_KIND_NAMES, TABLE3_ROWS};
use taizhang_documents::document::{Block, Cell, Document, PageSetup, Table};
use taizhang_documents::figures::{Check, CheckLevel, Metric};
use taizhang_documents::templates::standard;
use taizhang_documents::ReportFigures;
use taizhang_year_report as annual;

pub mod attendance;

pub use attendance::{Attendance, RosterLine, Status, Stray};

/// One office's year, as its package gave it.
#[derive(Debug, Clone, Serialize)]
pub struct OfficeYear {
    /// The file the package came from (for messages).
    pub source: String,
    pub office: String,
    pub figures: ReportFigures,
}

#[derive(Debug, Clone, Serialize)]
pub struct Consolidation {
    pub year: i32,
    /// The offices in the sum.
    pub offices: Vec<OfficeYear>,
    /// The sum over the offices; its checks are those of the sum, the
    /// roster's (who is missing …), then every office's errors and reviewers'
    /// checks (`review.*`).
    pub total: ReportFigures,
    /// The roster, entry by entry, and the packages it does not list (both
    /// empty without a roster).
    pub roster: Attendance,
    /// Packages for another year, left out of the sum.
    pub other_years: Vec<Stray>,
}

impl Consolidation {
    pub fn has_errors(&self) -> bool {
        self.total
            .checks
            .iter()
            .any(|c| c.level == CheckLevel::Error)
    }
}

/// Consolidate the packages `(source, package)` for `year`, without a roster.
pub fn consolidate(packages: &[(String, Value)], year: i32) -> Result<Consolidation> {
    consolidate_for(packages, year, &[])
}

/// A package opened as the office's own app would open it.
struct Opened {
    arrival: attendance::Arrival,
    figures: Option<ReportFigures>,
}

fn open(source: &str, package: &Value, year: i32) -> Result<Opened> {
    let mut app = App::open_in_memory()?;
    crate::dataset::import(&mut app, package).map_err(|e| located(source, e))?;
    let office = taizhang_store::office::get_office(app.store.conn())?;
    let other_years = other_years(&app, package, year)?;
    let figures = match other_years {
        Some(_) => None,
        None => Some(annual::assemble(&app, year)?.input.figures),
    };
    let errors = figures.as_ref().map_or(0, |f| {
        f.checks
            .iter()
            .filter(|c| c.level == CheckLevel::Error)
            .count()
    });
    Ok(Opened {
        arrival: attendance::Arrival {
            source: source.to_string(),
            office: office.name,
            code: office.code,
            other_years,
            errors,
        },
        figures,
    })
}

/// The years a package is for when `year` is not one of them: the year it
/// was exported for (`year`, written by `export-data --year`), else the
/// years its records and tallies are dated in, when it holds some and none of
/// `year`.
fn other_years(app: &App, package: &Value, year: i32) -> Result<Option<Vec<i32>>> {
    if let Some(declared) = package.get("year").and_then(Value::as_i64) {
        return Ok((declared != year as i64).then(|| vec![declared as i32]));
    }
    let mut years = vec![];
    for spec in taizhang_records::framework::all() {
        years.extend(taizhang_records::framework::list::years(app, spec)?);
    }
    // Figures kept outside the registers count too: an office may report a
    // year of window tallies and no record.
    let mut stmt = app.store.conn().prepare(
        "SELECT year FROM service_tallies UNION SELECT year FROM metrics
         UNION SELECT year FROM narratives",
    )?;
    let kept = stmt
        .query_map([], |r| r.get::<_, i32>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    years.extend(kept);
    years.sort_unstable();
    years.dedup();
    Ok((!years.is_empty() && !years.contains(&year)).then_some(years))
}

/// Consolidate the packages `(source, package)` for `year` against the
/// district's roster: packages for another year and second packages of one
/// roster entry stay out of the sum.
pub fn consolidate_for(
    packages: &[(String, Value)],
    year: i32,
    roster: &[taizhang_store::roster::RosterEntry],
) -> Result<Consolidation> {
    if packages.is_empty() {
        return Err(Error::invalid("packages", "请至少提供一个单位的数据包"));
    }
    let opened = packages
        .iter()
        .map(|(source, package)| open(source, package, year))
        .collect::<Result<Vec<_>>>()?;
    let arrivals: Vec<_> = opened.iter().map(|o| o.arrival.clone()).collect();
    let attendance = attendance::attend(roster, &arrivals, year);
    let mut offices = vec![];
    let mut other_years = vec![];
    for (i, o) in opened.into_iter().enumerate() {
        let a = o.arrival;
        match o.figures {
            None => other_years.push(Stray {
                note: attendance::other_year_note(
                    a.other_years.as_deref().unwrap_or_default(),
                    year,
                ),
                source: a.source,
                office: a.office,
            }),
            Some(_) if attendance.duplicates.contains(&i) => {}
            Some(figures) => offices.push(OfficeYear {
                source: a.source,
                office: a.office,
                figures,
            }),
        }
    }
    let mut total = sum(&offices, year)?;
    total.checks = relations(&total);
    total.checks.extend(attendance::checks(&attendance, year));
    if roster.is_empty() {
        // Without a roster the district still hears of another year's package.
        for s in &other_years {
            total.checks.push(Check {
                level: CheckLevel::Warning,
                code: "roster.other_year".into(),
                message: format!("{}（{}）：{}", s.office, s.source, s.note),
                records: vec![],
            });
        }
    }
    for o in &offices {
        for c in o
            .figures
            .checks
            .iter()
            .filter(|c| c.level == CheckLevel::Error || is_review_warning(c))
        {
            total.checks.push(Check {
                message: format!("{}：{}", o.office, c.message),
                ..c.clone()
            });
        }
    }
    Ok(Consolidation {
        year,
        offices,
        total,
        roster: attendance,
        other_years,
    })
}

/// A reviewer's check (prose against tables, empty sections, 规章 of a
/// street office …): what a district asks each office to correct.
fn is_review_warning(c: &Check) -> bool {
    c.level == CheckLevel::Warning && c.code.starts_with("review.")
}

/// A package's problems, prefixed with the file they are in.
fn located(source: &str, e: Error) -> Error {
    match e {
        Error::Problems { problems } => Error::Problems {
            problems: problems
                .into_iter()
                .map(|p| Problem::new(format!("{source}: {}", p.path), p.message))
                .collect(),
        },
        Error::Invalid { field, message } => Error::Invalid {
            field: format!("{source}: {field}"),
            message,
        },
        other => Error::invalid(source, format!("{source}：{other}")),
    }
}

/// Add `part` into `total`, number by number: objects key by key (keeping
/// first-seen order), arrays of numbers element by element.
fn add(total: &mut Value, part: &Value) {
    match (total, part) {
        (Value::Number(a), Value::Number(b)) => {
            *a = match (a.as_u64(), b.as_u64()) {
                (Some(x), Some(y)) => (x + y).into(),
                _ => serde_json::Number::from_f64(
                    a.as_f64().unwrap_or(0.0) + b.as_f64().unwrap_or(0.0),
                )
                .unwrap_or_else(|| 0.into()),
            };
        }
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                match a.get_mut(k) {
                    Some(existing) => add(existing, v),
                    None => {
                        a.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (x, y) in a.iter_mut().zip(b) {
                add(x, y);
            }
        }
        _ => {}
    }
}

/// Add `value` to the entry named `(name, unit)`, or append one: a list summed
/// by name and measure word, in the order names first appear.
fn add_named<T: std::ops::AddAssign + Copy>(
    list: &mut Vec<(String, String, T)>,
    name: &str,
    unit: &str,
    value: T,
) {
    match list.iter_mut().find(|(n, u, _)| n == name && u == unit) {
        Some(entry) => entry.2 += value,
        None => list.push((name.to_string(), unit.to_string(), value)),
    }
}

/// The figures summed over the offices. Service items and metrics are added
/// by name and measure word, in the order they first appear (志愿者人数 in 人
/// and 志愿者人数 in 名 stay apart).
fn sum(offices: &[OfficeYear], year: i32) -> Result<ReportFigures> {
    let to_json =
        |f: &ReportFigures| serde_json::to_value(f).map_err(|e| Error::Internal(e.to_string()));
    let mut total = to_json(&ReportFigures::empty(year, ""))?;
    let mut services: Vec<(String, String, u64)> = vec![];
    for o in offices {
        let mut part = to_json(&o.figures)?;
        for t in &o.figures.service_tallies {
            add_named(&mut services, &t.item, &t.unit, t.count);
        }
        if let Value::Object(m) = &mut part {
            for key in [
                "format",
                "year",
                "office",
                "service_tallies",
                "metrics",
                "checks",
            ] {
                m.remove(key);
            }
        }
        add(&mut total, &part);
    }
    let mut figures: ReportFigures =
        serde_json::from_value(total).map_err(|e| Error::Internal(e.to_string()))?;
    figures.office = format!("{}个单位汇总", offices.len());
    figures.service_tallies = services
        .into_iter()
        .map(|(item, unit, count)| taizhang_documents::figures::ServiceTally { item, unit, count })
        .collect();
    figures.metrics = metric_sums(offices)
        .into_iter()
        .map(|(name, unit, value)| Metric { name, unit, value })
        .collect();
    Ok(figures)
}

/// Every metric of every office, summed by name and measure word.
fn metric_sums(offices: &[OfficeYear]) -> Vec<(String, String, f64)> {
    let mut metrics: Vec<(String, String, f64)> = vec![];
    for m in offices.iter().flat_map(|o| &o.figures.metrics) {
        add_named(&mut metrics, &m.name, &m.unit, m.value);
    }
    metrics
}

fn error(code: &str, message: String) -> Check {
    Check {
        level: CheckLevel::Error,
        code: code.into(),
        message,
        records: vec![],
    }
}

/// The relations of tables 三 and 四 on figures without records behind them
/// (the district's sums).
pub fn relations(f: &ReportFigures) -> Vec<Check> {
    let rows = &f.applications.rows;
    let at = |code: &str, c: usize| rows.get(code).map_or(0, |r| r[c]);
    let label = |c: usize| APPLICANT_KIND_NAMES.get(c).map_or("总计", |(_, l)| *l);
    let mut found = vec![];
    for c in 0..7 {
        let (left, right) = (
            at("new", c) + at("carried_in", c),
            at("results_total", c) + at("carried_out", c),
        );
        if left != right {
            found.push(error(
                "applications.balance",
                format!(
                    "表三“{}”列：新收加结转 {left} ≠ 办结加结转下年 {right}",
                    label(c)
                ),
            ));
        }
        let results: u64 = result_rows().map(|r| at(r.code, c)).sum();
        if results != at("results_total", c) {
            found.push(error(
                "applications.results_total",
                format!(
                    "表三“{}”列：各项办理结果之和 {results} ≠ 总计 {}",
                    label(c),
                    at("results_total", c)
                ),
            ));
        }
    }
    for row in TABLE3_ROWS {
        if let Some(r) = rows.get(row.code) {
            let six: u64 = r[..6].iter().sum();
            if six != r[6] {
                found.push(error(
                    "applications.row_total",
                    format!("表三“{}”行：六类之和 {six} ≠ 总计 {}", row.label, r[6]),
                ));
            }
        }
    }
    for (kind, label) in APPEAL_KINDS {
        if let Some(a) = f.appeals.get(kind) {
            if a.upheld + a.corrected + a.other + a.pending != a.total {
                found.push(error(
                    "appeals.total",
                    format!("表四“{label}”：四项之和 ≠ 总计 {}", a.total),
                ));
            }
        }
    }
    found
}

/// The workbook: the district's tables as printed, then one row per office.
pub fn workbook(c: &Consolidation) -> Result<Vec<u8>> {
    let trial = taizhang_base::official::uses_trial_format(c.year);
    let title = format!(
        "{}年政府信息公开工作年度报告数据汇总（{}个单位）",
        c.year,
        c.offices.len()
    );
    let mut doc = Document::new(title, "", PageSetup::OFFICIAL);
    doc.blocks.push(Block::Table(named(
        standard::table2(&c.total, trial),
        "表二 汇总",
    )));
    doc.blocks.push(Block::Table(named(
        standard::table3(&c.total, trial),
        "表三 汇总",
    )));
    doc.blocks
        .push(Block::Table(named(standard::table4(&c.total), "表四 汇总")));
    doc.blocks.push(Block::Table(breakdown(c)));
    if !c.roster.lines.is_empty() || !c.roster.strays.is_empty() || !c.other_years.is_empty() {
        doc.blocks.push(Block::Table(roster_table(c)));
    }
    if !c.total.metrics.is_empty() {
        doc.blocks.push(Block::Table(metrics_table(c)));
    }
    doc.blocks.push(Block::Table(checks_table(c)));
    taizhang_documents::writers::xlsx::write(&doc)
}

fn named(mut t: Table, name: &str) -> Table {
    t.name = name.to_string();
    t
}

const BREAKDOWN: &[&str] = &[
    "单位",
    "主动公开信息",
    "按时公开",
    "新收申请",
    "上年结转",
    "办理结果总计",
    "结转下年度",
    "行政复议",
    "行政诉讼",
    "信息处理费（元）",
    "窗口业务合计",
    "错误",
    "提醒",
];

fn office_row(name: &str, f: &ReportFigures) -> Vec<Cell> {
    let t = |code: &str| f.applications.rows.total(code) as f64;
    let litigation =
        f.appeals.litigation_direct.total + f.appeals.litigation_after_reconsideration.total;
    let count = |level| f.checks.iter().filter(|c| c.level == level).count() as f64;
    vec![
        Cell::text(name),
        Cell::number(f.disclosures.total as f64),
        Cell::number(f.disclosures.on_time as f64),
        Cell::number(t("new")),
        Cell::number(t("carried_in")),
        Cell::number(t("results_total")),
        Cell::number(t("carried_out")),
        Cell::number(f.appeals.reconsideration.total as f64),
        Cell::number(litigation as f64),
        Cell::number(f.fees_collected_yuan),
        Cell::number(f.service_total() as f64),
        Cell::number(count(CheckLevel::Error)),
        Cell::number(count(CheckLevel::Warning)),
    ]
}

/// One row per office and the total.
fn breakdown(c: &Consolidation) -> Table {
    let mut rows = vec![BREAKDOWN
        .iter()
        .map(|h| Cell::header(*h))
        .collect::<Vec<_>>()];
    for o in &c.offices {
        rows.push(office_row(&o.office, &o.figures));
    }
    let mut total = office_row("合计", &c.total);
    total[11] = Cell::number(
        c.total
            .checks
            .iter()
            .filter(|x| x.level == CheckLevel::Error)
            .count() as f64,
    );
    total[12] = Cell::number(
        c.offices
            .iter()
            .map(|o| {
                o.figures
                    .checks
                    .iter()
                    .filter(|x| x.level == CheckLevel::Warning)
                    .count()
            })
            .sum::<usize>() as f64,
    );
    rows.push(total);
    Table {
        name: "各单位".into(),
        caption: format!("{}年各单位主要数据", c.year),
        widths: std::iter::once(24.0)
            .chain(std::iter::repeat(11.0))
            .take(BREAKDOWN.len())
            .collect(),
        header_rows: 1,
        rows,
    }
}

/// The roster entry by entry (报送情况), then the packages outside it and
/// those for another year.
fn roster_table(c: &Consolidation) -> Table {
    let mut rows = vec![["单位", "单位代码", "报送情况", "数据包", "说明"]
        .iter()
        .map(|h| Cell::header(*h))
        .collect::<Vec<_>>()];
    for l in &c.roster.lines {
        rows.push(vec![
            Cell::text(&l.name),
            Cell::text(&l.code),
            Cell::text(l.status.label()),
            Cell::text(l.source.as_deref().unwrap_or_default()),
            Cell::text(&l.note),
        ]);
    }
    let unrostered = c.other_years.iter().filter(|s| {
        c.roster
            .lines
            .iter()
            .all(|l| l.source.as_deref() != Some(&s.source))
            && c.roster.strays.iter().all(|x| x.source != s.source)
    });
    let strays = c.roster.strays.iter().map(|s| (s, "名单外"));
    for (s, label) in strays.chain(unrostered.map(|s| (s, "年度不符"))) {
        rows.push(vec![
            Cell::text(&s.office),
            Cell::text(""),
            Cell::text(label),
            Cell::text(&s.source),
            Cell::text(&s.note),
        ]);
    }
    Table {
        name: "报送情况".into(),
        caption: format!("{}年各单位报送情况", c.year),
        widths: vec![24.0, 22.0, 12.0, 28.0, 80.0],
        header_rows: 1,
        rows,
    }
}

/// 其他数据 office by office: one column per metric of the total (name and
/// measure word), one row per office, then the sum. An office without a
/// metric shows an empty cell, not 0: it did not report the figure.
fn metrics_table(c: &Consolidation) -> Table {
    let metrics = &c.total.metrics;
    let mut header = vec![Cell::header("单位")];
    header.extend(metrics.iter().map(|m| {
        Cell::header(if m.unit.is_empty() {
            m.name.clone()
        } else {
            format!("{}（{}）", m.name, m.unit)
        })
    }));
    let mut rows = vec![header];
    for o in &c.offices {
        let mut row = vec![Cell::text(&o.office)];
        row.extend(metrics.iter().map(|m| {
            o.figures
                .metrics
                .iter()
                .find(|x| x.name == m.name && x.unit == m.unit)
                .map_or_else(Cell::empty, |x| Cell::number(x.value))
        }));
        rows.push(row);
    }
    let mut total = vec![Cell::text("合计")];
    total.extend(metrics.iter().map(|m| Cell::number(m.value)));
    rows.push(total);
    Table {
        name: "其他数据".into(),
        caption: format!("{}年各单位其他数据", c.year),
        widths: std::iter::once(24.0)
            .chain(metrics.iter().map(|m| {
                let chars = m.name.chars().count() + m.unit.chars().count() + 2;
                (chars as f64 * 2.0 + 2.0).clamp(10.0, 40.0)
            }))
            .collect(),
        header_rows: 1,
        rows,
    }
}

/// Every check, office by office, then those of the sum.
fn checks_table(c: &Consolidation) -> Table {
    let mut rows = vec![["单位", "级别", "检查", "说明"]
        .iter()
        .map(|h| Cell::header(*h))
        .collect::<Vec<_>>()];
    let level = |l: CheckLevel| match l {
        CheckLevel::Error => "错误",
        CheckLevel::Warning => "提醒",
        CheckLevel::Info => "提示",
    };
    for o in &c.offices {
        for x in &o.figures.checks {
            rows.push(vec![
                Cell::text(&o.office),
                Cell::text(level(x.level)),
                Cell::text(&x.code),
                Cell::text(&x.message),
            ]);
        }
    }
    for x in relations(&c.total) {
        rows.push(vec![
            Cell::text("合计"),
            Cell::text(level(x.level)),
            Cell::text(&x.code),
            Cell::text(&x.message),
        ]);
    }
    if rows.len() == 1 {
        rows.push(vec![
            Cell::text("全部"),
            Cell::text(""),
            Cell::text(""),
            Cell::text("检查通过，没有发现问题"),
        ]);
    }
    Table {
        name: "检查".into(),
        caption: format!("{}年各单位数据检查", c.year),
        widths: vec![24.0, 8.0, 28.0, 80.0],
        header_rows: 1,
        rows,
    }
}

/// The consolidation as JSON: the total in `taizhang.report/1` shape and each office's figures.
pub fn to_json(c: &Consolidation) -> Value {
    let mut out = Map::new();
    out.insert("format".into(), "taizhang.consolidation/1".into());
    out.insert("year".into(), c.year.into());
    out.insert(
        "total".into(),
        serde_json::to_value(&c.total).unwrap_or(Value::Null),
    );
    out.insert(
        "offices".into(),
        serde_json::to_value(&c.offices).unwrap_or(Value::Null),
    );
    out.insert(
        "roster".into(),
        serde_json::to_value(&c.roster.lines).unwrap_or(Value::Null),
    );
    out.insert(
        "unlisted".into(),
        serde_json::to_value(&c.roster.strays).unwrap_or(Value::Null),
    );
    out.insert(
        "other_years".into(),
        serde_json::to_value(&c.other_years).unwrap_or(Value::Null),
    );
    Value::Object(out)
}

#[cfg(test)]
mod tests;
