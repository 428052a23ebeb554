//! 依申请公开 beyond the generic register commands: the fee calculator (按件
//! or 按量), the one-step closes (逾期不补正, 逾期未缴费, 撤回), the office's
//! default correction period, what needs attention on the home page, and the
//! figures of tables 三 and 四.

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{args, Command, Effect, Reply};
use crate::app::App;
use crate::dates::{field_date, iso};
use crate::error::{Error, Result};
use crate::register::{self, crud};
use crate::registers::applications::{self, clock, correction, counting, fee};

pub const COMMANDS: &[Command] = &[
    Command {
        name: "applications.suggest_fee",
        effect: Effect::Reads,
        run: suggest_fee,
    },
    Command {
        name: "applications.set_no_correction",
        effect: Effect::Writes,
        run: set_no_correction,
    },
    Command {
        name: "applications.close_fee_unpaid",
        effect: Effect::Writes,
        run: close_fee_unpaid,
    },
    Command {
        name: "applications.withdraw",
        effect: Effect::Writes,
        run: withdraw,
    },
    Command {
        name: "applications.correction_days",
        effect: Effect::Reads,
        run: correction_days,
    },
    Command {
        name: "applications.save_correction_days",
        effect: Effect::Writes,
        run: save_correction_days,
    },
    Command {
        name: "applications.attention",
        effect: Effect::Reads,
        run: attention,
    },
    Command {
        name: "applications.figures",
        effect: Effect::Reads,
        run: figures,
    },
];

#[derive(Deserialize)]
struct FeeArgs {
    #[serde(default)]
    applicant_name: String,
    #[serde(default)]
    received_on: String,
    #[serde(default)]
    serial: Option<String>,
    #[serde(default)]
    id: Option<String>,
    /// `per_item` (default) or `per_page`.
    #[serde(default)]
    fee_basis: Option<String>,
    #[serde(default)]
    item_count: Option<u32>,
    #[serde(default)]
    fee_pages: Option<u32>,
}

/// `{applicant_name, received_on, serial?, id?, fee_basis?, item_count?,
/// fee_pages?}` → `{nth, fee_yuan, explain}`: 按件 from the applicant's items
/// that month, or 按量 from the pages.
fn suggest_fee(app: &mut App, a: Value) -> Result<Reply> {
    let a: FeeArgs = args(a)?;
    if a.fee_basis.as_deref() == Some("per_page") {
        let pages = a.fee_pages.filter(|p| *p > 0).ok_or_else(|| {
            Error::invalid("fee_pages", "请先填写按量页数：按量计收按页数计算")
        })?;
        return Reply::json(fee::page_suggestion(pages));
    }
    if a.applicant_name.trim().is_empty() {
        return Err(Error::invalid(
            "applicant_name",
            "请先填写申请人：收费按同一申请人每月的申请件数计算",
        ));
    }
    let received = field_date("received_on", "收到日期", &a.received_on)?;
    Reply::json(fee::suggest(
        app.store.conn(),
        &a.applicant_name,
        received,
        a.serial.as_deref(),
        a.id.as_deref(),
        a.item_count.unwrap_or(1),
    )?)
}

#[derive(Deserialize)]
struct CloseArgs {
    id: String,
    /// The close date the clerk confirmed; required (never silently today:
    /// the date decides the year the application counts in).
    #[serde(default)]
    replied_on: Option<String>,
}

/// A stored application with its clock facts and status today.
fn load_open(app: &mut App, id: &str) -> Result<(register::Record, clock::Status)> {
    let spec = &applications::SPEC;
    let rec = crud::load(app.store.conn(), spec, id)?
        .ok_or_else(|| Error::not_found(spec.noun, id))?;
    let facts = clock::Facts::try_from(&rec).map_err(|_| Error::not_found(spec.noun, id))?;
    let clock = clock::compute(app.calendar(), &facts);
    let status = clock::status(&clock, &facts, crate::dates::today());
    Ok((rec, status))
}

/// The confirmed close date; it must come after `not_before` (the last day
/// the applicant had), which the message names.
fn close_date(text: Option<&str>, not_before: Option<(NaiveDate, &str)>) -> Result<NaiveDate> {
    let text = text.filter(|s| !s.trim().is_empty()).ok_or_else(|| {
        Error::invalid("replied_on", "请确认办结日期：办结日期决定申请计入哪一年度的表三")
    })?;
    let on = field_date("replied_on", "办结日期", text)?;
    if let Some((last, what)) = not_before.filter(|(last, _)| on <= *last) {
        return Err(Error::invalid(
            "replied_on",
            format!("{what}（{}）届满后才能办结，请填写之后的日期", iso(last)),
        ));
    }
    Ok(on)
}

/// Close an application awaiting a correction as 其他处理·逾期不补正, in one
/// step, on the date the clerk confirmed (after the 补正期限).
fn set_no_correction(app: &mut App, a: Value) -> Result<Reply> {
    let a: CloseArgs = args(a)?;
    let (mut rec, status) = load_open(app, &a.id)?;
    if status != clock::Status::AwaitingCorrection {
        return Err(Error::conflict(
            "只有“待补正”的申请才能按逾期不补正办结：这条申请未发出补正通知、已收到补正或已办结。",
        ));
    }
    let deadline = register::date_of(&rec, "correction_deadline_on").map(|d| (d, "补正期限"));
    let on = close_date(a.replied_on.as_deref(), deadline)?;
    rec.insert("replied_on".into(), json!(iso(on)));
    rec.insert("result".into(), json!(applications::NO_CORRECTION));
    Reply::json(register::update(app, &applications::SPEC, &a.id, &rec)?)
}

/// Close an application whose fee went unpaid past its period as （六）2, in
/// one step, on the date the clerk confirmed (after the payment period).
fn close_fee_unpaid(app: &mut App, a: Value) -> Result<Reply> {
    let a: CloseArgs = args(a)?;
    let (mut rec, _) = load_open(app, &a.id)?;
    let open = rec.get("replied_on").is_none_or(Value::is_null);
    let served = register::date_of(&rec, "fee_served_on");
    let paid = register::date_of(&rec, "fee_paid_on");
    let (true, Some(served), None) = (open, served, paid) else {
        return Err(Error::conflict(
            "只有收费通知已送达、尚未缴费且未办结的申请才能按逾期未缴费办结。",
        ));
    };
    let period = app
        .calendar()
        .add_working_days(served, clock::PAYMENT_WORKING_DAYS)
        .due;
    let on = close_date(a.replied_on.as_deref(), Some((period, "缴费期限")))?;
    rec.insert("replied_on".into(), json!(iso(on)));
    rec.insert("result".into(), json!(applications::FEE_UNPAID));
    Reply::json(register::update(app, &applications::SPEC, &a.id, &rec)?)
}

#[derive(Deserialize)]
struct WithdrawArgs {
    id: String,
    #[serde(default)]
    withdrawn_on: String,
    #[serde(default)]
    reason: Option<String>,
}

/// Record a withdrawal (撤回): the application closes that day under （六）3
/// 其他, the reason kept.
fn withdraw(app: &mut App, a: Value) -> Result<Reply> {
    let a: WithdrawArgs = args(a)?;
    let (mut rec, _) = load_open(app, &a.id)?;
    if !rec.get("replied_on").is_none_or(Value::is_null) {
        return Err(Error::conflict("这条申请已办结，不能再登记撤回。"));
    }
    let on = field_date("withdrawn_on", "撤回日期", &a.withdrawn_on)?;
    let reason = a.reason.map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
    rec.insert("withdrawn_on".into(), json!(iso(on)));
    rec.insert("withdrawal_reason".into(), json!(reason));
    rec.insert("replied_on".into(), json!(iso(on)));
    rec.insert("result".into(), json!(applications::OTHER));
    Reply::json(register::update(app, &applications::SPEC, &a.id, &rec)?)
}

/// `{correction_days, default, max}`: the office's default 补正期限.
fn correction_days(app: &mut App, _: Value) -> Result<Reply> {
    Reply::json(json!({
        "correction_days": correction::days(app.store.conn()),
        "default": correction::DEFAULT_DAYS,
        "max": correction::MAX_DAYS,
    }))
}

#[derive(Deserialize)]
struct CorrectionDaysArgs {
    correction_days: i64,
}

fn save_correction_days(app: &mut App, a: Value) -> Result<Reply> {
    let a: CorrectionDaysArgs = args(a)?;
    let days = app.write(|tx, ctx| correction::save_days(tx, ctx, a.correction_days))?;
    Reply::json(json!({ "correction_days": days }))
}

/// The home page's card: each list of [`applications::ATTENTION`] (overdue,
/// due within 3 working days, 需补正 notices running out, corrections
/// awaited, payments lapsed), each record with its display keys.
fn attention(app: &mut App, _: Value) -> Result<Reply> {
    let ctx = app.ctx();
    let soon = ctx
        .calendar
        .add_working_days(ctx.today, clock::SOON_WORKING_DAYS)
        .due;
    let mut lists = vec![];
    for (key, cond) in applications::ATTENTION {
        let mut params: Vec<rusqlite::types::Value> = vec![];
        let sql = cond.sql(&ctx.status_day(), &mut |v| {
            params.push(v);
            format!("?{}", params.len())
        });
        let ids = ctx
            .conn
            .prepare(&format!(
                "SELECT id FROM applications WHERE {sql}
                 ORDER BY due_on, correction_deadline_on, payment_due_on, serial LIMIT 200"
            ))?
            .query_map(rusqlite::params_from_iter(params), |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        lists.push((*key, ids));
    }
    let mut out = json!({
        "today": iso(crate::dates::today()),
        "soon_until": iso(soon),
    });
    for (key, ids) in lists {
        let records = ids
            .iter()
            .map(|id| register::get(app, &applications::SPEC, id))
            .collect::<Result<Vec<_>>>()?;
        out[key] = json!(records);
    }
    Reply::json(out)
}

#[derive(Deserialize)]
struct YearArgs {
    year: i32,
}

/// Tables 三 and 四 of a year in the shape of `taizhang.report/1`, the ids
/// behind every cell, the fees charged, and the relations that fail.
fn figures(app: &mut App, a: Value) -> Result<Reply> {
    let a: YearArgs = args(a)?;
    let conn = app.store.conn();
    let f = counting::figures(conn, a.year)?;
    let checks = counting::checks(conn, &f)?;
    Reply::json(json!({
        "year": a.year,
        "applications": f.applications.to_report_json(),
        "appeals": f.appeals.to_report_json(),
        "records": {
            "applications": f.applications.records_json(),
            "appeals": f.appeals.records_json(),
        },
        "fees_collected_yuan": f.fees.yuan,
        "fees": f.fees,
        "checks": checks,
    }))
}
