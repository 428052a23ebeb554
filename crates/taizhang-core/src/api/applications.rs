//! 依申请公开 beyond the generic register commands: the fee calculator, the
//! one-step close of an application whose correction never came, what needs
//! attention on the home page, and the figures of tables 三 and 四.

use serde::Deserialize;
use serde_json::{json, Value};

use super::{args, Command, Effect, Reply};
use crate::app::App;
use crate::dates::{field_date, iso};
use crate::error::{Error, Result};
use crate::register::{self, crud};
use crate::registers::applications::{self, clock, counting, fee};

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
}

/// `{applicant_name, received_on, serial?, id?}` → `{nth, fee_yuan, explain}`.
fn suggest_fee(app: &mut App, a: Value) -> Result<Reply> {
    let a: FeeArgs = args(a)?;
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
    )?)
}

#[derive(Deserialize)]
struct CloseArgs {
    id: String,
    /// The day the office ends the application; today when absent.
    #[serde(default)]
    replied_on: Option<String>,
}

/// Close an application awaiting a correction as 其他处理·逾期不补正, in one step.
fn set_no_correction(app: &mut App, a: Value) -> Result<Reply> {
    let a: CloseArgs = args(a)?;
    let spec = &applications::SPEC;
    let mut rec = crud::load(app.store.conn(), spec, &a.id)?
        .ok_or_else(|| Error::not_found(spec.noun, &a.id))?;
    let facts = clock::Facts::try_from(&rec).map_err(|_| Error::not_found(spec.noun, &a.id))?;
    let clock = clock::compute(app.calendar(), &facts);
    if clock::status(&clock, &facts, crate::dates::today()) != clock::Status::AwaitingCorrection {
        return Err(Error::conflict(
            "只有“待补正”的申请才能按逾期不补正办结：这条申请未发出补正通知、已收到补正或已办结。",
        ));
    }
    let on = match a.replied_on.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(text) => field_date("replied_on", "答复日期", text)?,
        None => crate::dates::today(),
    };
    rec.insert("replied_on".into(), json!(iso(on)));
    rec.insert("result".into(), json!(applications::NO_CORRECTION));
    Reply::json(register::update(app, spec, &a.id, &rec)?)
}

/// The home page's card: open applications past their due date, and those
/// due within 3 working days, each with its display keys.
fn attention(app: &mut App, _: Value) -> Result<Reply> {
    let ctx = app.ctx();
    let soon = ctx
        .calendar
        .add_working_days(ctx.today, clock::SOON_WORKING_DAYS)
        .due;
    let mut stmt = ctx.conn.prepare(
        "SELECT id, due_on < ?1 FROM applications
         WHERE replied_on IS NULL AND due_on IS NOT NULL AND due_on <= ?2
         ORDER BY due_on, serial LIMIT 200",
    )?;
    let rows = stmt
        .query_map([iso(ctx.today), iso(soon)], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let (mut overdue, mut due_soon) = (vec![], vec![]);
    for (id, late) in rows {
        let rec = register::get(app, &applications::SPEC, &id)?;
        if late {
            overdue.push(rec);
        } else {
            due_soon.push(rec);
        }
    }
    Reply::json(json!({
        "today": iso(crate::dates::today()),
        "soon_until": iso(soon),
        "overdue": overdue,
        "due_soon": due_soon,
    }))
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
