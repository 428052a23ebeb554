//! 复议诉讼: administrative reconsiderations and lawsuits about the office's
//! disclosure decisions, counted in table 四 of the yearly report.

use serde_json::{json, Value};

use crate::framework::{
    date_of, show_status, Cond, Ctx, Field, Hooks, Kind, MissingFact, Op, Record, RegisterSpec,
    StatusFilter, StatusRule, Term, YearRule,
};
use taizhang_base::dates::{iso, parse_iso_date};
use taizhang_base::error::Problem;

use super::applications::counting::{self, AppealFacts};
use super::applications::lookup;

/// The kinds of case (`taizhang.dataset/1` codes) as the clerk names them.
pub const KINDS: &[(&str, &str)] = &[
    ("reconsideration", "行政复议"),
    ("litigation_direct", "行政诉讼·未经复议直接起诉"),
    ("litigation_after_reconsideration", "行政诉讼·复议后起诉"),
];

pub const OUTCOMES: &[(&str, &str)] = &[
    ("upheld", "维持"),
    ("corrected", "纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
];

const PENDING: &str = "pending";

pub static SPEC: RegisterSpec = RegisterSpec {
    key: "appeals",
    table: "appeals",
    label: "复议诉讼",
    noun: "复议诉讼案件",
    id_prefix: "r",
    fields: &[
        Field::new("kind", "类别", Kind::Code(KINDS))
            .required()
            .listed(),
        Field::new("application_id", "相关申请", Kind::Ref("applications"))
            .listed()
            .help("输入申请编号或内容查找；与具体申请无关的可留空"),
        Field::new("filed_on", "提起日期", Kind::Date)
            .required()
            .listed()
            .help("申请复议或起诉的日期"),
        Field::new("outcome", "结果", Kind::Code(OUTCOMES))
            .required()
            .listed()
            .help("尚未作出复议决定或判决的，选“尚未审结”"),
        Field::new("decided_on", "审结日期", Kind::Date)
            .listed()
            .help("复议决定或判决、裁定的日期；尚未审结的留空"),
        Field::new("note", "备注", Kind::LongText),
    ],
    // A case counts where it is decided, and as pending in every year from
    // its filing until then (table 四).
    year_rule: YearRule::Open {
        start: "filed_on",
        end: "decided_on",
        footprint,
    },
    search_fields: &["application_id", "note"],
    default_sort: ("filed_on", true),
    status_rules: &[
        StatusRule {
            code: "pending",
            when: Cond::Compare(Term::Column("outcome"), Op::Eq, Term::Text(PENDING)),
        },
        StatusRule {
            code: "decided",
            when: Cond::Compare(Term::Column("outcome"), Op::Ne, Term::Text(PENDING)),
        },
    ],
    statuses: &[
        StatusFilter::new("pending", "尚未审结"),
        StatusFilter::new("decided", "已审结"),
    ],
    hooks: &AppealHooks,
};

fn text<'r>(rec: &'r Record, field: &str) -> Option<&'r str> {
    rec.get(field).and_then(Value::as_str)
}

fn label_of(codes: &[(&'static str, &'static str)], code: &str) -> &'static str {
    codes
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| *l)
        .unwrap_or("")
}

/// What counting needs of a record.
impl TryFrom<&Record> for AppealFacts {
    type Error = MissingFact;

    fn try_from(rec: &Record) -> Result<AppealFacts, MissingFact> {
        let needed = |field: &'static str| text(rec, field).ok_or(MissingFact(field));
        Ok(AppealFacts {
            id: text(rec, "id").unwrap_or_default().to_string(),
            kind: needed("kind")?.to_string(),
            outcome: needed("outcome")?.to_string(),
            filed_on: date_of(rec, "filed_on").ok_or(MissingFact("filed_on"))?,
            decided_on: date_of(rec, "decided_on"),
        })
    }
}

/// Where a case counts in table 四 of `year`: its kind and column.
fn footprint(rec: &Record, year: i32) -> Option<Value> {
    let a = AppealFacts::try_from(rec).ok()?;
    counting::appeal_cell(&a, year).map(|cell| json!([a.kind, cell]))
}

struct AppealHooks;

impl Hooks for AppealHooks {
    fn check(&self, ctx: &Ctx, rec: &Record, prefix: &str, problems: &mut Vec<Problem>) {
        let path = |f: &str| format!("{prefix}{f}");
        let pending = text(rec, "outcome") == Some(PENDING);
        match (pending, date_of(rec, "decided_on")) {
            (true, Some(_)) => problems.push(Problem::new(
                path("decided_on"),
                "结果为“尚未审结”时不填审结日期；已审结的请选择维持、纠正或其他结果",
            )),
            (false, None) if text(rec, "outcome").is_some() => problems.push(Problem::new(
                path("decided_on"),
                "已审结的案件请填写审结日期；尚未审结的请将结果选为“尚未审结”",
            )),
            _ => {}
        }
        let filed = date_of(rec, "filed_on");
        if let (Some(filed), Some(decided)) = (filed, date_of(rec, "decided_on")) {
            if decided < filed {
                problems.push(Problem::new(
                    path("decided_on"),
                    format!("审结日期不能早于提起日期（{}）", iso(filed)),
                ));
            }
        }
        // A case about an application cannot come before the application.
        if let (Some(filed), Some(application)) = (filed, text(rec, "application_id")) {
            let received: Option<String> = lookup(
                ctx.conn,
                "SELECT received_on FROM applications WHERE id = ?1",
                [application],
            )
            .ok()
            .flatten();
            if let Some(received) = received.and_then(|r| parse_iso_date(&r).ok()) {
                if filed < received {
                    problems.push(Problem::new(
                        path("filed_on"),
                        format!("提起日期不能早于相关申请的收到日期（{}）", iso(received)),
                    ));
                }
            }
        }
    }

    fn decorate(&self, ctx: &Ctx, rec: &mut Record) {
        if let Some(application) = text(rec, "application_id") {
            let title: Option<String> = lookup(
                ctx.conn,
                "SELECT serial || ' ' || request FROM applications WHERE id = ?1",
                [application],
            )
            .ok()
            .flatten();
            if let Some(title) = title {
                rec.insert("_application_title".into(), json!(title));
            }
        }
        let outcome = text(rec, "outcome").unwrap_or_default().to_string();
        let (code, label, kind) = match SPEC.status_of(ctx, rec) {
            Some("pending") => ("pending", "尚未审结".to_string(), ""),
            Some(code) => (
                code,
                format!("已审结（{}）", label_of(OUTCOMES, &outcome)),
                "ok",
            ),
            None => return,
        };
        show_status(rec, code, label, kind);
    }
}

#[cfg(test)]
mod tests;
