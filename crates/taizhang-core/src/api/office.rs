//! The office profile, its units, the configurable lists, and the app's status.

use serde::Deserialize;
use serde_json::{json, Value};

use super::{args, Command, Effect, Reply};
use crate::app::App;
use crate::error::Result;
use crate::lists;
use crate::office::{self, Office};

pub const COMMANDS: &[Command] = &[
    Command {
        name: "app.commands",
        effect: Effect::Reads,
        run: commands,
    },
    Command {
        name: "app.status",
        effect: Effect::Reads,
        run: status,
    },
    Command {
        name: "app.clock",
        effect: Effect::Reads,
        run: clock,
    },
    Command {
        name: "office.get",
        effect: Effect::Reads,
        run: office_get,
    },
    Command {
        name: "office.save",
        effect: Effect::Writes,
        run: office_save,
    },
    Command {
        name: "units.list",
        effect: Effect::Reads,
        run: units_list,
    },
    Command {
        name: "units.add",
        effect: Effect::Writes,
        run: units_add,
    },
    Command {
        name: "units.update",
        effect: Effect::Writes,
        run: units_update,
    },
    Command {
        name: "units.archive",
        effect: Effect::Writes,
        run: units_archive,
    },
    Command {
        name: "units.move",
        effect: Effect::Writes,
        run: units_move,
    },
    Command {
        name: "lists.get",
        effect: Effect::Reads,
        run: lists_get,
    },
    Command {
        name: "lists.save",
        effect: Effect::Writes,
        run: lists_save,
    },
];

fn commands(_app: &mut App, _: Value) -> Result<Reply> {
    Ok(Reply::Json(super::command_list()))
}

fn status(app: &mut App, _: Value) -> Result<Reply> {
    use chrono::Datelike;
    let office = office::get_office(app.store.conn())?;
    let today = crate::dates::today();
    Reply::json(json!({
        "last_backup_at": crate::backup::last_backup_at(app.store.path()).map(crate::backup::format_time),
        "backup_problem": crate::backup::last_auto_problem(),
        "lock_summary": crate::locks::summary(app.store.conn(), today.year())?,
        "version": env!("CARGO_PKG_VERSION"),
        "db_path": app.store.path().display().to_string(),
        "last_saved_at": app.store.last_saved_at(),
        "schema_version": crate::store::migrations::user_version(app.store.conn())?,
        "needs_setup": office.name.is_empty(),
        "office": office,
        "today": crate::dates::iso(today),
        "by_today": crate::dates::by_today(today),
        "damage": app.store.damage(),
    }))
}

/// Whether the PC's clock looks wrong (首页 shows it at launch), and the
/// date today-based warnings use.
fn clock(app: &mut App, _: Value) -> Result<Reply> {
    let today = crate::dates::today();
    Reply::json(json!({
        "today": crate::dates::iso(today),
        "by_today": crate::dates::by_today(today),
        "warning": crate::clock::check(app.store.conn())?,
    }))
}

fn office_get(app: &mut App, _: Value) -> Result<Reply> {
    Reply::json(office::get_office(app.store.conn())?)
}

fn office_save(app: &mut App, a: Value) -> Result<Reply> {
    let input: Office = args(a)?;
    Reply::json(
        app.store
            .write(|tx| office::save_office_from_form(tx, &input))?,
    )
}

#[derive(Deserialize)]
struct UnitsListArgs {
    #[serde(default)]
    include_archived: bool,
}

fn units_list(app: &mut App, a: Value) -> Result<Reply> {
    let a: UnitsListArgs = args(a)?;
    Reply::json(office::list_units(app.store.conn(), a.include_archived)?)
}

#[derive(Deserialize)]
struct UnitArgs {
    #[serde(default)]
    id: Option<i64>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
}

fn units_add(app: &mut App, a: Value) -> Result<Reply> {
    let a: UnitArgs = args(a)?;
    Reply::json(
        app.store
            .write(|tx| office::add_unit(tx, &a.name, &a.kind))?,
    )
}

fn units_update(app: &mut App, a: Value) -> Result<Reply> {
    let a: UnitArgs = args(a)?;
    let id =
        a.id.ok_or_else(|| crate::error::Error::invalid("id", "缺少单位编号"))?;
    Reply::json(
        app.store
            .write(|tx| office::update_unit(tx, id, &a.name, &a.kind))?,
    )
}

#[derive(Deserialize)]
struct ArchiveArgs {
    id: i64,
    archived: bool,
}

fn units_archive(app: &mut App, a: Value) -> Result<Reply> {
    let a: ArchiveArgs = args(a)?;
    Reply::json(
        app.store
            .write(|tx| office::set_unit_archived(tx, a.id, a.archived))?,
    )
}

#[derive(Deserialize)]
struct MoveArgs {
    id: i64,
    up: bool,
}

fn units_move(app: &mut App, a: Value) -> Result<Reply> {
    let a: MoveArgs = args(a)?;
    app.store.write(|tx| office::move_unit(tx, a.id, a.up))?;
    Reply::json(office::list_units(app.store.conn(), true)?)
}

fn lists_get(app: &mut App, _: Value) -> Result<Reply> {
    let mut out = vec![];
    for spec in lists::LISTS {
        out.push(json!({
            "name": spec.name,
            "label": spec.label,
            "values": lists::values(app.store.conn(), spec.name)?,
            "defaults": spec.defaults,
        }));
    }
    Reply::json(out)
}

#[derive(Deserialize)]
struct ListSaveArgs {
    name: String,
    values: Vec<String>,
}

fn lists_save(app: &mut App, a: Value) -> Result<Reply> {
    let a: ListSaveArgs = args(a)?;
    Reply::json(app.store.write(|tx| lists::save(tx, &a.name, &a.values))?)
}
