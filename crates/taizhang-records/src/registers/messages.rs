//! 网友留言: questions and complaints received online, and their replies.

use serde_json::json;

use super::rules;
use crate::framework::{
    date_of, show_status, Cond, Ctx, Field, Hooks, Kind, Record, RegisterSpec, StatusFilter,
    StatusRule, YearRule,
};
use taizhang_base::error::Problem;
use taizhang_store::lists::MESSAGE_CHANNEL;

pub static SPEC: RegisterSpec = RegisterSpec {
    key: "messages",
    table: "messages",
    label: "网友留言",
    noun: "留言",
    id_prefix: "m",
    fields: &[
        Field::new("received_on", "收到日期", Kind::Date)
            .required()
            .listed(),
        Field::new("channel", "渠道", Kind::Choice(MESSAGE_CHANNEL)).listed(),
        Field::new("topic", "留言主题", Kind::Text { max: 200 })
            .required()
            .listed(),
        Field::new("replied_on", "回复日期", Kind::Date).listed(),
        Field::new("note", "备注", Kind::LongText),
    ],
    year_rule: YearRule::Dated("received_on"),
    search_fields: &["topic"],
    default_sort: ("received_on", true),
    status_rules: &[
        StatusRule {
            code: "replied",
            when: Cond::NotNull("replied_on"),
        },
        StatusRule {
            code: "open",
            when: Cond::IsNull("replied_on"),
        },
    ],
    statuses: &[
        StatusFilter::new("replied", "已回复"),
        StatusFilter::new("open", "未回复"),
    ],
    hooks: &MessageHooks,
};

struct MessageHooks;

impl Hooks for MessageHooks {
    fn check(&self, _ctx: &Ctx, rec: &Record, prefix: &str, problems: &mut Vec<Problem>) {
        rules::not_before(
            rec,
            "replied_on",
            "received_on",
            "回复日期不能早于收到日期",
            prefix,
            problems,
        );
    }

    fn decorate(&self, ctx: &Ctx, rec: &mut Record) {
        let Some(received) = date_of(rec, "received_on") else {
            return;
        };
        match (SPEC.status_of(ctx, rec), date_of(rec, "replied_on")) {
            (Some("replied"), Some(replied)) => {
                let days = ctx.calendar.working_days_between(received, replied);
                rec.insert("_working_days".into(), json!(days));
                show_status(
                    rec,
                    "replied",
                    format!("已回复（用时{days}个工作日）"),
                    "ok",
                );
            }
            (Some(code), _) => {
                let days = ctx.calendar.working_days_between(received, ctx.today);
                show_status(rec, code, format!("未回复（已过{days}个工作日）"), "soon");
            }
            (None, _) => {}
        }
    }
}
