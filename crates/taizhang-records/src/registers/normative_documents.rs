//! 规章 / 行政规范性文件: the rules and normative documents the office issued.
//! Table 二 counts those issued and repealed in a year, and those in force at
//! its end.

use taizhang_base::error::Problem;
use crate::framework::{year_of, Ctx, Field, Hooks, Kind, Record, RegisterSpec, StatusFilter};

use super::rules;

pub const KINDS: &[(&str, &str)] = &[("rule", "规章"), ("normative_document", "行政规范性文件")];

pub static SPEC: RegisterSpec = RegisterSpec {
    key: "normative_documents",
    table: "normative_documents",
    label: "规范性文件",
    noun: "文件",
    id_prefix: "n",
    fields: &[
        Field::new("kind", "种类", Kind::Code(KINDS))
            .required()
            .listed(),
        Field::new("title", "名称", Kind::Text { max: 200 })
            .required()
            .listed(),
        Field::new("number", "文号", Kind::Text { max: 100 }).listed(),
        Field::new("issued_on", "制发日期", Kind::Date)
            .required()
            .listed(),
        Field::new("repealed_on", "废止日期", Kind::Date)
            .listed()
            .help("仍然有效就空着"),
    ],
    year_field: "issued_on",
    search_fields: &["title", "number"],
    default_sort: ("issued_on", true),
    statuses: &[
        StatusFilter {
            code: "in_force",
            label: "现行有效",
            sql: "repealed_on IS NULL OR repealed_on > {today}",
        },
        StatusFilter {
            code: "repealed",
            label: "已废止",
            sql: "repealed_on IS NOT NULL AND repealed_on <= {today}",
        },
    ],
    hooks: &NormativeHooks,
};

struct NormativeHooks;

impl Hooks for NormativeHooks {
    fn check(&self, _ctx: &Ctx, rec: &Record, prefix: &str, problems: &mut Vec<Problem>) {
        rules::not_before(
            rec,
            "repealed_on",
            "issued_on",
            "废止日期不能早于制发日期",
            prefix,
            problems,
        );
    }

    fn decorate(&self, ctx: &Ctx, rec: &mut Record) {
        let repealed = crate::framework::date_of(rec, "repealed_on");
        let (code, label, kind) = match repealed {
            Some(d) if d <= ctx.today => ("repealed", "已废止", ""),
            Some(_) => ("in_force", "现行有效（已定废止日期）", "ok"),
            None => ("in_force", "现行有效", "ok"),
        };
        rec.insert("_status".into(), code.into());
        rec.insert("_status_label".into(), label.into());
        rec.insert("_status_kind".into(), kind.into());
    }

    /// The years of the events table 二 counts: issue and repeal.
    fn years(&self, _spec: &RegisterSpec, rec: &Record) -> Vec<i32> {
        let mut years: Vec<i32> = [year_of(rec, "issued_on"), year_of(rec, "repealed_on")]
            .into_iter()
            .flatten()
            .collect();
        years.dedup();
        years
    }

    /// Issued by Y's end and not repealed before Y: table 二 counts those
    /// issued and repealed in Y and those in force at its end.
    fn report_year_sql(&self) -> &'static str {
        "issued_on <= ?2 AND (repealed_on IS NULL OR repealed_on >= ?1)"
    }
}
