//! 网站抽查: periodic checks of the office's web column, what they found, and
//! when it was fixed. The quarter is derived from the date.

use chrono::Datelike;
use serde_json::{json, Value};

use crate::framework::{
    date_of, show_status, Cond, Ctx, Field, Hooks, Kind, Op, Record, RegisterSpec, StatusFilter,
    StatusRule, Term, YearRule,
};
use taizhang_base::error::Problem;

use super::rules;

pub static SPEC: RegisterSpec = RegisterSpec {
    key: "spot_checks",
    table: "spot_checks",
    label: "网站抽查",
    noun: "抽查记录",
    id_prefix: "s",
    fields: &[
        Field::new("checked_on", "抽查日期", Kind::Date)
            .required()
            .listed(),
        Field::new("checker", "抽查人", Kind::Text { max: 50 }).listed(),
        Field::new("findings", "发现的问题", Kind::LongText)
            .listed()
            .help("没有问题就空着"),
        Field::new("fixed_on", "整改日期", Kind::Date).listed(),
    ],
    year_rule: YearRule::Dated("checked_on"),
    search_fields: &["findings", "checker"],
    default_sort: ("checked_on", true),
    // A fix needs findings (checked on every write): the three exclude
    // each other.
    status_rules: &[
        StatusRule {
            code: "open",
            when: Cond::All(&[Cond::IsNull("fixed_on"), FOUND]),
        },
        StatusRule {
            code: "fixed",
            when: Cond::NotNull("fixed_on"),
        },
        StatusRule {
            code: "clean",
            when: Cond::Not(&FOUND),
        },
    ],
    statuses: &[
        StatusFilter::new("open", "待整改"),
        StatusFilter::new("fixed", "已整改"),
        StatusFilter::new("clean", "未发现问题"),
    ],
    hooks: &SpotCheckHooks,
};

/// The check found something.
const FOUND: Cond = Cond::Compare(
    Term::ColumnOr("findings", &Term::Text("")),
    Op::Ne,
    Term::Text(""),
);

const QUARTERS: [&str; 4] = ["第一季度", "第二季度", "第三季度", "第四季度"];

fn quarter(rec: &Record) -> Option<u32> {
    date_of(rec, "checked_on").map(|d| d.month0() / 3 + 1)
}

struct SpotCheckHooks;

impl Hooks for SpotCheckHooks {
    fn check(&self, _ctx: &Ctx, rec: &Record, prefix: &str, problems: &mut Vec<Problem>) {
        rules::not_before(
            rec,
            "fixed_on",
            "checked_on",
            "整改日期不能早于抽查日期",
            prefix,
            problems,
        );
        if rules::filled(rec, "fixed_on") && !rules::filled(rec, "findings") {
            problems.push(Problem::new(
                format!("{prefix}findings"),
                "填写了整改日期，请写明发现的问题",
            ));
        }
    }

    /// The quarter, stored so that lists can filter by it.
    fn stored(&self, _ctx: &Ctx, rec: &Record) -> Vec<(&'static str, Value)> {
        vec![(
            "quarter",
            quarter(rec).map(|q| json!(q)).unwrap_or(Value::Null),
        )]
    }

    fn decorate(&self, ctx: &Ctx, rec: &mut Record) {
        if let (Some(q), Some(d)) = (quarter(rec), date_of(rec, "checked_on")) {
            rec.insert("_quarter".into(), json!(q));
            rec.insert(
                "_quarter_label".into(),
                json!(format!("{}年{}", d.year(), QUARTERS[q as usize - 1])),
            );
        }
        let (code, label, kind) = match SPEC.status_of(ctx, rec) {
            Some("clean") => ("clean", "未发现问题", "ok"),
            Some("fixed") => ("fixed", "已整改", "ok"),
            Some(code) => (code, "待整改", "soon"),
            None => return,
        };
        show_status(rec, code, label, kind);
    }
}
