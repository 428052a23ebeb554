//! 主动公开: each piece of information the office published on its own
//! initiative, with its two deadlines (see [`timeliness`]).
//!
//! The fields are in the order of the form: what changes from one record to
//! the next first, so that batch entry is title, Enter, date, Enter …

pub mod excel;
pub mod timeliness;

use chrono::Datelike;
use rusqlite::Connection;
use serde::Serialize;
use serde_json::{json, Value};

use self::timeliness::{Deadlines, Status};
use super::rules;
use taizhang_base::error::{Problem, Result};
use taizhang_store::lists::{DISCLOSURE_CATEGORY, DISCLOSURE_CHANNEL};
use crate::framework::{
    date_of, year_of, Ctx, Field, Hooks, Kind, Record, RegisterSpec, StatusFilter,
};

pub static SPEC: RegisterSpec = RegisterSpec {
    key: "disclosures",
    table: "disclosures",
    label: "主动公开",
    noun: "公开信息",
    id_prefix: "d",
    fields: &[
        Field::new("title", "标题", Kind::Text { max: 200 })
            .required()
            .listed(),
        Field::new("category", "类别", Kind::Choice(DISCLOSURE_CATEGORY))
            .required()
            .listed(),
        Field::new("unit", "科室", Kind::Unit).listed(),
        Field::new("formed_on", "形成日期", Kind::Date)
            .required()
            .listed()
            .help("信息形成或变更的日期，期限从次日起算"),
        Field::new("published_on", "公开日期", Kind::Date)
            .listed()
            .help("尚未公开就空着"),
        Field::new("doc_number", "文号", Kind::Text { max: 100 }).help("如：长街〔2023〕5号"),
        Field::new("url", "网址", Kind::Text { max: 500 }),
        Field::new("reviewed", "已保密审查", Kind::Bool),
        Field::new("reviewer", "审查人", Kind::Text { max: 50 }),
        Field::new("key_areas", "重点领域", Kind::Tags)
            .help("多个用顿号分隔，如：财政预算、民生实事"),
        // Last but for the note: kept from one record to the next in batch
        // entry, so typing usually skips it.
        Field::new("channels", "公开渠道", Kind::Choices(DISCLOSURE_CHANNEL)),
        Field::new("note", "备注", Kind::LongText),
    ],
    year_field: "formed_on",
    search_fields: &["title", "doc_number"],
    default_sort: ("formed_on", true),
    statuses: &[
        StatusFilter {
            code: "on_time",
            label: "按时",
            sql: "published_on IS NOT NULL AND published_on <= due_local_on",
        },
        StatusFilter {
            code: "late",
            label: "逾期（超本单位时限）",
            sql: "coalesce(published_on, {today}) > due_local_on",
        },
        StatusFilter {
            code: "late_statutory",
            label: "超法定时限",
            sql: "coalesce(published_on, {today}) > due_on",
        },
        StatusFilter {
            code: "soon",
            label: "3个工作日内到期",
            // SOON_DAYS working days; a test keeps the two in step.
            sql: "published_on IS NULL AND due_local_on >= {today} AND due_local_on <= {today+3}",
        },
        StatusFilter {
            code: "unpublished",
            label: "未公开",
            sql: "published_on IS NULL",
        },
    ],
    hooks: &DisclosureHooks,
};

struct DisclosureHooks;

impl Hooks for DisclosureHooks {
    fn check(&self, ctx: &Ctx, rec: &Record, prefix: &str, problems: &mut Vec<Problem>) {
        rules::not_before(
            rec,
            "published_on",
            "formed_on",
            "公开日期不能早于形成日期",
            prefix,
            problems,
        );
        for (field, label) in [("formed_on", "形成日期"), ("published_on", "公开日期")] {
            if date_of(rec, field).is_some_and(|d| d > ctx.today) {
                problems.push(Problem::new(
                    format!("{prefix}{field}"),
                    format!("{label}不能晚于今天（{}），请检查年份", ctx.today),
                ));
            }
        }
        rules::web_address(rec, "url", "网址", prefix, problems);
        if rules::filled(rec, "reviewer") && rec.get("reviewed") != Some(&json!(true)) {
            problems.push(Problem::new(
                format!("{prefix}reviewed"),
                "已填写审查人，请勾选“已保密审查”",
            ));
        }
    }

    /// Both due dates, so that the status filters are plain SQL.
    fn stored(&self, ctx: &Ctx, rec: &Record) -> Vec<(&'static str, Value)> {
        let (due, local) = match date_of(rec, "formed_on") {
            Some(formed) => {
                let d = Deadlines::new(ctx.calendar, formed, timeliness::local_days(ctx.conn));
                (json!(iso(d.statutory.due)), json!(iso(d.local.due)))
            }
            None => (Value::Null, Value::Null),
        };
        vec![("due_on", due), ("due_local_on", local)]
    }

    fn decorate(&self, ctx: &Ctx, rec: &mut Record) {
        let Some(formed) = date_of(rec, "formed_on") else {
            return;
        };
        let deadlines = Deadlines::new(ctx.calendar, formed, timeliness::local_days(ctx.conn));
        let status = Status::of(
            ctx.calendar,
            &deadlines,
            date_of(rec, "published_on"),
            ctx.today,
        );
        let provisional = deadlines.statutory.is_provisional();
        rec.insert("_due_on".into(), json!(iso(deadlines.statutory.due)));
        rec.insert("_due_local_on".into(), json!(iso(deadlines.local.due)));
        rec.insert("_status".into(), json!(status.code()));
        rec.insert("_status_kind".into(), json!(status.kind()));
        let mut label = status.label();
        if provisional && date_of(rec, "published_on").is_none() {
            label.push_str("（节假日未录入）");
        }
        rec.insert("_status_label".into(), json!(label));
        rec.insert("_due_explain".into(), json!(deadlines.explain()));
        rec.insert("_provisional".into(), json!(provisional));
    }

    /// Listed under the year it was published in (the year whose report counts
    /// it), or while unpublished under the year it was formed in.
    fn year(&self, _spec: &RegisterSpec, rec: &Record) -> Option<i32> {
        year_of(rec, "published_on").or_else(|| year_of(rec, "formed_on"))
    }

    /// Only the year of publication feeds a report.
    fn years(&self, _spec: &RegisterSpec, rec: &Record) -> Vec<i32> {
        year_of(rec, "published_on").into_iter().collect()
    }
}

fn iso(d: chrono::NaiveDate) -> String {
    taizhang_base::dates::iso(d)
}

/// What 首页 shows: what is late or due soon now, and this year's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Unpublished and past the office's own limit.
    pub overdue: u64,
    /// Of those, past the statutory limit too.
    pub overdue_statutory: u64,
    /// Unpublished, due within SOON_DAYS working days.
    pub soon: u64,
    pub year: i32,
    /// Published this year, and of those after the office's limit / the statutory one.
    pub published: u64,
    pub published_late: u64,
    pub published_late_statutory: u64,
    pub local_limit_days: u32,
    pub soon_days: u32,
}

/// The counts of [`Summary`], with the same conditions as the status filters.
pub fn summary(ctx: &Ctx) -> Result<Summary> {
    let today = iso(ctx.today);
    let soon_end = iso(ctx
        .calendar
        .add_working_days(ctx.today, timeliness::SOON_DAYS)
        .due);
    let year = ctx.today.year();
    let count = |sql: &str, params: &[&dyn rusqlite::ToSql]| -> Result<u64> {
        let n: i64 = ctx.conn.query_row(
            &format!("SELECT count(*) FROM disclosures WHERE {sql}"),
            params,
            |r| r.get(0),
        )?;
        Ok(n as u64)
    };
    let open = "published_on IS NULL AND ";
    let this_year = "year = ?1 AND published_on IS NOT NULL";
    Ok(Summary {
        overdue: count(&format!("{open}due_local_on < ?1"), &[&today])?,
        overdue_statutory: count(&format!("{open}due_on < ?1"), &[&today])?,
        soon: count(
            &format!("{open}due_local_on >= ?1 AND due_local_on <= ?2"),
            &[&today, &soon_end],
        )?,
        year,
        published: count(this_year, &[&year])?,
        published_late: count(
            &format!("{this_year} AND published_on > due_local_on"),
            &[&year],
        )?,
        published_late_statutory: count(
            &format!("{this_year} AND published_on > due_on"),
            &[&year],
        )?,
        local_limit_days: timeliness::local_days(ctx.conn),
        soon_days: timeliness::SOON_DAYS,
    })
}

/// The office's limit setting as the settings page shows it.
pub fn limits(conn: &Connection) -> Value {
    json!({
        "local_limit_days": timeliness::local_days(conn),
        "statutory_days": timeliness::STATUTORY_DAYS,
        "default_local_days": timeliness::DEFAULT_LOCAL_DAYS,
        "soon_days": timeliness::SOON_DAYS,
    })
}

#[cfg(any(test, feature = "test-support"))]
pub mod test_support;
#[cfg(test)]
mod tests;
