//! 建议提案: NPC deputies' suggestions and CPPCC members' proposals the office
//! handled, and whether the reply was published in full.

use taizhang_base::error::Problem;
use crate::framework::{Ctx, Field, Hooks, Kind, Record, RegisterSpec, StatusFilter};

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
    year_field: "received_on",
    search_fields: &["title", "number"],
    default_sort: ("received_on", true),
    statuses: &[
        StatusFilter {
            code: "open",
            label: "未答复",
            sql: "replied_on IS NULL",
        },
        StatusFilter {
            code: "replied",
            label: "已答复",
            sql: "replied_on IS NOT NULL",
        },
        StatusFilter {
            code: "published",
            label: "答复已全文公开",
            sql: "published_in_full = 1",
        },
        StatusFilter {
            code: "not_published",
            label: "已答复未全文公开",
            sql: "replied_on IS NOT NULL AND published_in_full = 0",
        },
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

    fn decorate(&self, _ctx: &Ctx, rec: &mut Record) {
        let replied = rules::filled(rec, "replied_on");
        let published = rec.get("published_in_full") == Some(&serde_json::json!(true));
        let (code, label, kind) = match (replied, published) {
            (false, _) => ("open", "未答复", "soon"),
            (true, true) => ("published", "已答复，全文公开", "ok"),
            (true, false) => ("replied", "已答复，未全文公开", ""),
        };
        rec.insert("_status".into(), code.into());
        rec.insert("_status_label".into(), label.into());
        rec.insert("_status_kind".into(), kind.into());
    }
}
