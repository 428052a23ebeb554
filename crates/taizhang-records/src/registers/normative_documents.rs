//! 规章 / 行政规范性文件: the rules and normative documents the office issued.
//! Table 二 counts those issued and repealed in a year, and those in force at
//! its end.

use crate::framework::{
    date_of, show_status, Cond, Ctx, Field, Hooks, Kind, Op, Record, RegisterSpec, StatusFilter,
    StatusRule, Term, YearRule,
};
use taizhang_base::error::Problem;

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
    year_rule: YearRule::InForce {
        start: "issued_on",
        end: "repealed_on",
    },
    search_fields: &["title", "number"],
    default_sort: ("issued_on", true),
    status_rules: &[
        StatusRule {
            code: "in_force",
            when: Cond::Any(&[
                Cond::IsNull("repealed_on"),
                Cond::Compare(Term::Column("repealed_on"), Op::Gt, Term::Today),
            ]),
        },
        StatusRule {
            code: "repealed",
            when: Cond::All(&[
                Cond::NotNull("repealed_on"),
                Cond::Compare(Term::Column("repealed_on"), Op::Le, Term::Today),
            ]),
        },
    ],
    statuses: &[
        StatusFilter::new("in_force", "现行有效"),
        StatusFilter::new("repealed", "已废止"),
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
        let (code, label, kind) = match (SPEC.status_of(ctx, rec), date_of(rec, "repealed_on")) {
            (Some("repealed"), _) => ("repealed", "已废止", ""),
            (Some(code), Some(_)) => (code, "现行有效（已定废止日期）", "ok"),
            (Some(code), None) => (code, "现行有效", "ok"),
            (None, _) => return,
        };
        show_status(rec, code, label, kind);
    }
}
