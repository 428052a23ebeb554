//! 网友留言: questions and complaints received online, and their replies.

use serde_json::json;

use super::rules;
use taizhang_base::error::Problem;
use taizhang_store::lists::MESSAGE_CHANNEL;
use crate::framework::{date_of, Ctx, Field, Hooks, Kind, Record, RegisterSpec, StatusFilter};

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
    year_field: "received_on",
    search_fields: &["topic"],
    default_sort: ("received_on", true),
    statuses: &[
        StatusFilter {
            code: "replied",
            label: "已回复",
            sql: "replied_on IS NOT NULL",
        },
        StatusFilter {
            code: "open",
            label: "未回复",
            sql: "replied_on IS NULL",
        },
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
        match date_of(rec, "replied_on") {
            Some(replied) => {
                let days = ctx.calendar.working_days_between(received, replied);
                rec.insert("_working_days".into(), json!(days));
                rec.insert("_status".into(), json!("replied"));
                rec.insert("_status_kind".into(), json!("ok"));
                rec.insert(
                    "_status_label".into(),
                    json!(format!("已回复（用时{days}个工作日）")),
                );
            }
            None => {
                let days = ctx.calendar.working_days_between(received, ctx.today);
                rec.insert("_status".into(), json!("open"));
                rec.insert("_status_kind".into(), json!("soon"));
                rec.insert(
                    "_status_label".into(),
                    json!(format!("未回复（已过{days}个工作日）")),
                );
            }
        }
    }
}
