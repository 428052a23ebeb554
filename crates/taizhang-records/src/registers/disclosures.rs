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
use crate::framework::{
    date_of, list, show_status, Cond, Ctx, Field, Hooks, Kind, MissingFact, Op, Record,
    RegisterSpec, StatusFilter, StatusRule, Term, YearRule,
};
use taizhang_base::error::{Problem, Result};
use taizhang_store::lists::{DISCLOSURE_CATEGORY, DISCLOSURE_CHANNEL};

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
        // Not required: clerks' own 台账 often record only 公开日期; such a
        // record's timeliness is "未判断" until the date is filled in.
        Field::new("formed_on", "形成日期", Kind::Date)
            .listed()
            .help("信息形成或变更的日期，期限从次日起算；不知道可先空着，是否按时显示为“未判断”"),
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
    // Reported in the year it was published in; listed while unpublished
    // under the year it was formed in.
    year_rule: YearRule::DatedOr {
        date: "published_on",
        otherwise: "formed_on",
    },
    search_fields: &["title", "doc_number"],
    default_sort: ("formed_on", true),
    // The codes of [`timeliness::Status`], which is these rules judged on
    // the row a disclosure is stored as; they exclude each other (the
    // office's limit is never later than the statutory one).
    status_rules: &[
        // Published, but when it was formed is not known: neither on time
        // nor late (every other rule compares a due date, which is NULL).
        StatusRule {
            code: "undetermined",
            when: Cond::All(&[Cond::IsNull("formed_on"), Cond::NotNull("published_on")]),
        },
        StatusRule {
            code: "on_time",
            when: Cond::All(&[
                Cond::NotNull("published_on"),
                published(Op::Le, "due_local_on"),
            ]),
        },
        StatusRule {
            code: "late_local",
            when: Cond::All(&[
                published(Op::Gt, "due_local_on"),
                published(Op::Le, "due_on"),
            ]),
        },
        StatusRule {
            code: "late",
            when: published(Op::Gt, "due_on"),
        },
        StatusRule {
            code: "soon",
            when: Cond::All(&[
                Cond::IsNull("published_on"),
                Cond::Compare(Term::Column("due_local_on"), Op::Ge, Term::Today),
                Cond::Compare(Term::Column("due_local_on"), Op::Le, SOON_END),
            ]),
        },
        StatusRule {
            code: "pending",
            when: Cond::All(&[
                Cond::IsNull("published_on"),
                Cond::Compare(Term::Column("due_local_on"), Op::Gt, SOON_END),
            ]),
        },
        StatusRule {
            code: "overdue_local",
            when: Cond::All(&[
                Cond::IsNull("published_on"),
                Cond::Compare(Term::Today, Op::Gt, Term::Column("due_local_on")),
                Cond::Compare(Term::Today, Op::Le, Term::Column("due_on")),
            ]),
        },
        StatusRule {
            code: "overdue",
            when: Cond::All(&[
                Cond::IsNull("published_on"),
                Cond::Compare(Term::Today, Op::Gt, Term::Column("due_on")),
            ]),
        },
    ],
    statuses: &[
        StatusFilter::new("on_time", "按时"),
        StatusFilter::new("late", "逾期（超本单位时限）").any_of(LATE),
        StatusFilter::new("late_statutory", "超法定时限").any_of(LATE_STATUTORY),
        StatusFilter::new("soon", "3个工作日内到期"),
        StatusFilter::new("unpublished", "未公开").any_of(&[
            "soon",
            "pending",
            "overdue_local",
            "overdue",
        ]),
        StatusFilter::new("undetermined", "未判断（缺形成日期）"),
    ],
    hooks: &DisclosureHooks,
};

/// The words for a published record without 形成日期.
pub const UNDETERMINED_LABEL: &str = "未判断（缺形成日期）";

/// The last day that is "due soon": SOON_DAYS working days from today.
const SOON_END: Term = Term::WorkingDaysAfterToday(timeliness::SOON_DAYS);

/// The publication date compared with a due date (unknown while unpublished).
const fn published(op: Op, due: &'static str) -> Cond {
    Cond::Compare(Term::Column("published_on"), op, Term::Column(due))
}

/// Past the office's own limit, published or not.
const LATE: &[&str] = &["late_local", "late", "overdue_local", "overdue"];
/// Past the statutory limit, published or not.
const LATE_STATUTORY: &[&str] = &["late", "overdue"];

/// The dates of a disclosure its deadlines and status follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dates {
    pub formed_on: chrono::NaiveDate,
    pub published_on: Option<chrono::NaiveDate>,
}

impl TryFrom<&Record> for Dates {
    type Error = MissingFact;

    fn try_from(rec: &Record) -> std::result::Result<Dates, MissingFact> {
        Ok(Dates {
            formed_on: date_of(rec, "formed_on").ok_or(MissingFact("formed_on"))?,
            published_on: date_of(rec, "published_on"),
        })
    }
}

struct DisclosureHooks;

impl Hooks for DisclosureHooks {
    fn check(&self, ctx: &Ctx, rec: &Record, prefix: &str, problems: &mut Vec<Problem>) {
        if !rules::filled(rec, "formed_on") && !rules::filled(rec, "published_on") {
            problems.push(Problem::new(
                format!("{prefix}formed_on"),
                "形成日期和公开日期至少填写一个（不知道形成日期时可只填公开日期，是否按时显示为“未判断”）",
            ));
        }
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
        let (due, local) = match Dates::try_from(rec) {
            Ok(dates) => {
                let d = Deadlines::new(
                    ctx.calendar,
                    dates.formed_on,
                    timeliness::local_days(ctx.conn),
                );
                (json!(iso(d.statutory.due)), json!(iso(d.local.due)))
            }
            Err(_) => (Value::Null, Value::Null),
        };
        vec![("due_on", due), ("due_local_on", local)]
    }

    fn decorate(&self, ctx: &Ctx, rec: &mut Record) {
        let Ok(dates) = Dates::try_from(&*rec) else {
            if date_of(rec, "published_on").is_some() {
                show_status(rec, "undetermined", UNDETERMINED_LABEL, "");
            }
            return;
        };
        let deadlines = Deadlines::new(
            ctx.calendar,
            dates.formed_on,
            timeliness::local_days(ctx.conn),
        );
        let status = Status::of(ctx.calendar, &deadlines, dates.published_on, ctx.today);
        let provisional = deadlines.statutory.is_provisional();
        rec.insert("_due_on".into(), json!(iso(deadlines.statutory.due)));
        rec.insert("_due_local_on".into(), json!(iso(deadlines.local.due)));
        let mut label = status.label();
        if provisional && dates.published_on.is_none() {
            label.push_str("（节假日未录入）");
        }
        show_status(rec, status.code(), label, status.kind());
        rec.insert("_due_explain".into(), json!(deadlines.explain()));
        rec.insert("_provisional".into(), json!(provisional));
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

/// The counts of [`Summary`], by the status rules the list filters with.
pub fn summary(ctx: &Ctx) -> Result<Summary> {
    let year = ctx.today.year();
    let count = |statuses, year| list::count_in(ctx, &SPEC, statuses, year);
    Ok(Summary {
        overdue: count(&["overdue_local", "overdue"], None)?,
        overdue_statutory: count(&["overdue"], None)?,
        soon: count(&["soon"], None)?,
        year,
        published: count(&["on_time", "late_local", "late"], Some(year))?,
        published_late: count(&["late_local", "late"], Some(year))?,
        published_late_statutory: count(&["late"], Some(year))?,
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
