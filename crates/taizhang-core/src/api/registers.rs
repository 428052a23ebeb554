//! The generic register commands: `register.list`, `.get`, `.create`, `.update`,
//! `.delete`, `.history`, `.schema`, `.years`, each with `{register: key, …}`.
//! `.update` and `.delete` take the `version` the form showed (`_version` of
//! the record it opened): a stale one is refused with `stale_record`.
//! Without it (a script's call) the write goes through whatever the version.

use serde::Deserialize;
use serde_json::{json, Value};

use super::{args, Command, Effect, Reply};
use crate::app::App;
use crate::error::{Error, Result};
use crate::register::{self, ListQuery, Record, RegisterSpec};

pub const COMMANDS: &[Command] = &[
    Command {
        name: "register.schema",
        effect: Effect::Reads,
        run: schema,
    },
    Command {
        name: "register.list",
        effect: Effect::Reads,
        run: list,
    },
    Command {
        name: "register.years",
        effect: Effect::Reads,
        run: years,
    },
    Command {
        name: "register.get",
        effect: Effect::Reads,
        run: get,
    },
    Command {
        name: "register.create",
        effect: Effect::Writes,
        run: create,
    },
    Command {
        name: "register.update",
        effect: Effect::Writes,
        run: update,
    },
    Command {
        name: "register.delete",
        effect: Effect::Writes,
        run: delete,
    },
    Command {
        name: "register.history",
        effect: Effect::Reads,
        run: history,
    },
];

#[derive(Deserialize)]
struct Args {
    register: String,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    record: Option<Record>,
    #[serde(default)]
    query: Option<ListQuery>,
    #[serde(default)]
    version: Option<i64>,
}

fn decode(a: Value) -> Result<(&'static RegisterSpec, Args)> {
    let a: Args = args(a)?;
    let spec = register::find(&a.register)
        .ok_or_else(|| Error::invalid("register", format!("没有名为“{}”的台账", a.register)))?;
    Ok((spec, a))
}

fn id(a: &Args) -> Result<&str> {
    a.id.as_deref()
        .ok_or_else(|| Error::invalid("id", "缺少记录编号"))
}

fn record(a: &Args) -> Result<&Record> {
    a.record
        .as_ref()
        .ok_or_else(|| Error::invalid("record", "缺少记录内容"))
}

fn schema(app: &mut App, a: Value) -> Result<Reply> {
    let (spec, _) = decode(a)?;
    Reply::json(register::schema::schema(app.store.conn(), spec)?)
}

fn list(app: &mut App, a: Value) -> Result<Reply> {
    let (spec, a) = decode(a)?;
    Reply::json(register::list(app, spec, &a.query.unwrap_or_default())?)
}

fn years(app: &mut App, a: Value) -> Result<Reply> {
    let (spec, _) = decode(a)?;
    Reply::json(register::list::years(app, spec)?)
}

fn get(app: &mut App, a: Value) -> Result<Reply> {
    let (spec, a) = decode(a)?;
    Reply::json(register::get(app, spec, id(&a)?)?)
}

fn create(app: &mut App, a: Value) -> Result<Reply> {
    let (spec, a) = decode(a)?;
    Reply::json(register::create(app, spec, record(&a)?)?)
}

fn update(app: &mut App, a: Value) -> Result<Reply> {
    let (spec, a) = decode(a)?;
    Reply::json(register::update_checked(
        app,
        spec,
        id(&a)?,
        record(&a)?,
        a.version,
    )?)
}

fn delete(app: &mut App, a: Value) -> Result<Reply> {
    let (spec, a) = decode(a)?;
    register::delete_checked(app, spec, id(&a)?, a.version)?;
    Reply::json(json!({"deleted": a.id}))
}

fn history(app: &mut App, a: Value) -> Result<Reply> {
    let (spec, a) = decode(a)?;
    Reply::json(register::history(app.store.conn(), spec, id(&a)?)?)
}
