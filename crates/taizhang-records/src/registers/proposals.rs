//! 建议提案: NPC deputies' suggestions and CPPCC members' proposals the office
//! handled, and whether the reply was published in full.

use crate::framework::{
    show_status, Cond, Ctx, Field, Hooks, Kind, Op, Record, RegisterSpec, StatusFilter, StatusRule,
    Term, YearRule,
};
use taizhang_base::error::Problem;

use super::rules;

pub const KINDS: &[(&str, &str)] = &[
    ("npc_suggestion", "人大代表建议"),
    ("cppcc_proposal", "政协委员提案"),
];

pub static SPEC: RegisterSpec = RegisterSpec {
    key: "proposals",
    table: "proposals",
    label: "建议提案",
    noun: "建议提案",
    id_prefix: "p",
    fields: &[
        Field::new("kind", "类型", Kind::Code(KINDS))
            .required()
            .listed(),
        Field::new("number", "编号", Kind::Text { max: 50 }).listed(),
        Field::new("title", "标题", Kind::Text { max: 200 })
            .required()
            .listed(),
        Field::new("received_on", "交办日期", Kind::Date)
            .required()
            .listed(),
        Field::new("replied_on", "答复日期", Kind::Date).listed(),
        Field::new("published_in_full", "答复全文公开", Kind::Bool).listed(),
        Field::new("url", "公开网址", Kind::Text { max: 500 }),
    ],
    year_rule: YearRule::Dated("received_on"),
    search_fields: &["title", "number"],
    default_sort: ("received_on", true),
    status_rules: &[
        StatusRule {
            code: "open",
            when: Cond::IsNull("replied_on"),
        },
        StatusRule {
            code: "published",
            when: Cond::Compare(Term::Column("published_in_full"), Op::Eq, Term::Int(1)),
        },
        // Replied, not published in full.
        StatusRule {
            code: "replied",
            when: Cond::All(&[
                Cond::NotNull("replied_on"),
                Cond::Compare(Term::Column("published_in_full"), Op::Eq, Term::Int(0)),
            ]),
        },
    ],
    statuses: &[
        StatusFilter::new("open", "未答复"),
        StatusFilter::new("replied", "已答复").any_of(&["published", "replied"]),
        StatusFilter::new("published", "答复已全文公开"),
        StatusFilter::new("not_published", "已答复未全文公开").any_of(&["replied"]),
    ],
    hooks: &ProposalHooks,
};

struct ProposalHooks;

impl Hooks for ProposalHooks {
    fn check(&self, _ctx: &Ctx, rec: &Record, prefix: &str, problems: &mut Vec<Problem>) {
        rules::not_before(
            rec,
            "replied_on",
            "received_on",
            "答复日期不能早于交办日期",
            prefix,
            problems,
        );
        rules::web_address(rec, "url", "公开网址", prefix, problems);
        let published = rec.get("published_in_full") == Some(&serde_json::json!(true));
        if published && !rules::filled(rec, "replied_on") {
            problems.push(Problem::new(
                format!("{prefix}published_in_full"),
                "还没有答复日期，不能标记为答复全文公开",
            ));
        }
    }

    fn decorate(&self, ctx: &Ctx, rec: &mut Record) {
        let Some(code) = SPEC.status_of(ctx, rec) else {
            return;
        };
        let (label, kind) = match code {
            "open" => ("未答复", "soon"),
            "published" => ("已答复，全文公开", "ok"),
            _ => ("已答复，未全文公开", ""),
        };
        show_status(rec, code, label, kind);
    }
}
