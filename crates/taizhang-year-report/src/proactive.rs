//! What the proactive-disclosure registers give a year's report: table 二
//! (rules and normative documents issued, repealed, in force; the yearly
//! figures from elsewhere), the disclosures published in the year by category
//! and channel and on time against both limits, with the records behind every
//! figure, and the warnings the pre-export check shows.

use std::collections::BTreeMap;

use rusqlite::{params, Connection};

use taizhang_records::registers::disclosures::timeliness;
use super::checks::warning_naming;
use super::Annual;
use taizhang_base::error::Result;
use taizhang_store::lists::{DISCLOSURE_CATEGORY, DISCLOSURE_CHANNEL};
use taizhang_records::framework::Ctx;
use taizhang_documents::figures::{DocumentCounts, NamedCounts};

/// Fill table 二, the disclosure counts and their checks of `year`.
pub fn fill(ctx: &Ctx, year: i32, annual: &mut Annual) -> Result<()> {
    documents(ctx.conn, year, annual)?;
    figures_from_elsewhere(ctx.conn, year, annual)?;
    disclosures(ctx, year, annual)?;
    annual.input.local_limit_working_days = Some(timeliness::local_days(ctx.conn));
    Ok(())
}

/// The ids a query selects.
fn ids(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(params, |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// 规章 and 行政规范性文件: issued and repealed in the year, in force at its end.
fn documents(conn: &Connection, year: i32, annual: &mut Annual) -> Result<()> {
    for (kind, key) in [
        ("rule", "rules"),
        ("normative_document", "normative_documents"),
    ] {
        let of_kind = "SELECT id FROM normative_documents WHERE kind = ?1 AND";
        let issued = ids(
            conn,
            &format!("{of_kind} substr(issued_on, 1, 4) = printf('%04d', ?2) ORDER BY id"),
            params![kind, year],
        )?;
        let repealed = ids(
            conn,
            &format!("{of_kind} substr(repealed_on, 1, 4) = printf('%04d', ?2) ORDER BY id"),
            params![kind, year],
        )?;
        let in_force = ids(
            conn,
            &format!(
                "{of_kind} issued_on <= printf('%04d-12-31', ?2)
                 AND (repealed_on IS NULL OR repealed_on > printf('%04d-12-31', ?2)) ORDER BY id"
            ),
            params![kind, year],
        )?;
        let counts = DocumentCounts {
            issued: issued.len() as u64,
            repealed: repealed.len() as u64,
            in_force: in_force.len() as u64,
        };
        for (what, list) in [
            ("issued", &issued),
            ("repealed", &repealed),
            ("in_force", &in_force),
        ] {
            annual.trace_ids(
                &format!("proactive.{key}.{what}"),
                "normative_documents",
                list,
            );
        }
        let proactive = &mut annual.input.figures.proactive;
        match key {
            "rules" => proactive.rules = counts,
            _ => proactive.normative_documents = counts,
        }
    }
    Ok(())
}

/// 行政许可 / 处罚 / 强制 decisions and 行政事业性收费, as the clerk entered them.
fn figures_from_elsewhere(conn: &Connection, year: i32, annual: &mut Annual) -> Result<()> {
    if let Some(f) = taizhang_records::registers::table2_figures::get(conn, year)? {
        let p = &mut annual.input.figures.proactive;
        p.licensing.decisions = f.licensing_decisions.max(0) as u64;
        p.penalty.decisions = f.penalty_decisions.max(0) as u64;
        p.enforcement.decisions = f.enforcement_decisions.max(0) as u64;
        p.fees.amount_wan_yuan = f.fees_wan_yuan;
    }
    // The trial format's cells the clerk typed; later formats have no such cells.
    if taizhang_base::official::uses_trial_format(year) {
        annual.input.figures.proactive.trial_cells =
            taizhang_records::registers::table2_trial_cells::get(conn, year)?;
    }
    Ok(())
}

/// One disclosure published in the year.
struct Published {
    id: String,
    category: String,
    channels: Vec<String>,
    /// Against each limit; none when 形成日期 is unknown (no due dates).
    on_time: Option<bool>,
    on_time_local: Option<bool>,
}

/// Names in the configured list's order (zeros included), then any others.
fn named(
    list: Vec<String>,
    mut counted: BTreeMap<String, Vec<String>>,
) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = list
        .into_iter()
        .map(|name| {
            let ids = counted.remove(&name).unwrap_or_default();
            (name, ids)
        })
        .collect();
    out.extend(counted);
    out
}

fn counts(named: &[(String, Vec<String>)]) -> NamedCounts {
    NamedCounts(
        named
            .iter()
            .map(|(n, ids)| (n.clone(), ids.len() as u64))
            .collect(),
    )
}

/// The disclosures published in the year: totals, by category and channel,
/// on time against the statutory and the office's limits.
fn disclosures(ctx: &Ctx, year: i32, annual: &mut Annual) -> Result<()> {
    let mut stmt = ctx.conn.prepare(
        "SELECT id, category, channels, published_on <= due_on, published_on <= due_local_on
         FROM disclosures WHERE year = ?1 AND published_on IS NOT NULL ORDER BY published_on, id",
    )?;
    let published: Vec<Published> = stmt
        .query_map([year], |r| {
            let channels: String = r.get(2)?;
            Ok(Published {
                id: r.get(0)?,
                category: r.get(1)?,
                channels: serde_json::from_str(&channels).unwrap_or_default(),
                on_time: r.get(3)?,
                on_time_local: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut by_category: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut by_channel: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in &published {
        by_category
            .entry(d.category.clone())
            .or_default()
            .push(d.id.clone());
        for ch in &d.channels {
            by_channel.entry(ch.clone()).or_default().push(d.id.clone());
        }
    }
    let by_category = named(
        taizhang_store::lists::values(ctx.conn, DISCLOSURE_CATEGORY)?,
        by_category,
    );
    let by_channel = named(
        taizhang_store::lists::values(ctx.conn, DISCLOSURE_CHANNEL)?,
        by_channel,
    );
    let select = |keep: fn(&Published) -> bool| -> Vec<String> {
        published
            .iter()
            .filter(|d| keep(d))
            .map(|d| d.id.clone())
            .collect()
    };
    let late = select(|d| d.on_time == Some(false));
    let late_local_only = select(|d| d.on_time == Some(true) && d.on_time_local == Some(false));
    let undetermined = select(|d| d.on_time.is_none());
    let groups = [
        ("total", select(|_| true)),
        ("on_time", select(|d| d.on_time == Some(true))),
        ("late", late.clone()),
        ("on_time_local", select(|d| d.on_time_local == Some(true))),
        ("late_local", select(|d| d.on_time_local == Some(false))),
        ("undetermined", undetermined.clone()),
    ];
    let f = &mut annual.input.figures.disclosures;
    f.by_category = counts(&by_category);
    f.by_channel = counts(&by_channel);
    for (key, list) in &groups {
        let n = list.len() as u64;
        match *key {
            "total" => f.total = n,
            "on_time" => f.on_time = n,
            "late" => f.late = n,
            "on_time_local" => f.on_time_local = n,
            "undetermined" => f.undetermined = n,
            _ => f.late_local = n,
        }
    }
    for (key, list) in groups {
        annual.trace_ids(&format!("disclosures.{key}"), "disclosures", &list);
    }
    for (prefix, named) in [("by_category", by_category), ("by_channel", by_channel)] {
        for (name, list) in named {
            annual.trace_ids(
                &format!("disclosures.{prefix}.{name}"),
                "disclosures",
                &list,
            );
        }
    }
    checks(ctx, year, [late, late_local_only, undetermined], annual)
}

const PROVISIONAL_WORDS: &str = "条主动公开信息的期限涉及尚未录入节假日安排的年份，是否按时暂按周一至周五计算。请在“设置 → 节假日与时限”中录入。";

/// Warnings, each naming its records: deadlines that depend on a year without
/// a holiday schedule; what was formed in the year and is still unpublished
/// past the statutory limit; what was published in the year after the
/// statutory 20 working days (`late`: exactly the records of
/// `disclosures.late`), and after the office's own limit but within the
/// statutory one (`late_local_only`), and without a 形成日期, so that whether
/// they were on time is not judged (`undetermined`).
fn checks(
    ctx: &Ctx,
    year: i32,
    [late, late_local_only, undetermined]: [Vec<String>; 3],
    annual: &mut Annual,
) -> Result<()> {
    let year_end = chrono::NaiveDate::from_ymd_opt(year, 12, 31).expect("a year's last day");
    let cutoff = taizhang_base::dates::iso(ctx.today.min(year_end));
    let overdue = ids(
        ctx.conn,
        "SELECT id FROM disclosures WHERE year = ?1 AND published_on IS NULL AND due_on < ?2 ORDER BY formed_on, id",
        params![year, cutoff],
    )?;
    let provisional = timeliness::provisional(ctx, year)?;
    let local_days = timeliness::local_days(ctx.conn);
    let found = [
        warning_naming("disclosures.provisional", provisional, |n| {
            format!("{n} {PROVISIONAL_WORDS}")
        }),
        warning_naming("disclosures.overdue", overdue, |n| {
            format!(
                "{year}年形成的 {n} 条主动公开信息超过法定期限仍未公开（未计入本年公开数）{}",
                crate::application_checks::by_today(ctx, year_end)
            )
        }),
        warning_naming("disclosures.published_late", late, |n| {
            format!(
                "有{n}条主动公开信息超过法定{}个工作日才公开",
                timeliness::STATUTORY_DAYS
            )
        }),
        warning_naming("disclosures.published_late_local", late_local_only, |n| {
            format!(
                "有{n}条主动公开信息超过本单位时限（{local_days}个工作日）才公开，未超过法定期限"
            )
        }),
        warning_naming("disclosures.undetermined", undetermined, |n| {
            format!("有{n}条主动公开信息缺形成日期，未判断是否按时公开（未计入按时、逾期数）。请在“主动公开”中筛选“未判断”，补填形成日期")
        }),
    ];
    annual
        .input
        .figures
        .checks
        .extend(found.into_iter().flatten());
    Ok(())
}
