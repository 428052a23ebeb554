//! The command layer's core: commands by name with JSON arguments, the same for
//! both transports (the desktop shell's invoke and browser mode's HTTP).
//!
//! Each module lists its commands; [`dispatch`] finds one by name and runs it.
//! A command either answers JSON or hands back files, which the transport
//! saves where the clerk chooses (a native dialog in the desktop app, a
//! download in browser mode).

mod table2_figures;
mod applications;
mod calendar;
mod data;
mod disclosures;
mod district;
mod office;
mod registers;
pub mod report;
mod safety;
mod tallies;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::app::App;
use crate::error::{Error, Result};

pub use taizhang_documents::OutFile;

#[derive(Debug)]
pub enum Reply {
    Json(Value),
    /// Files to save, with a sentence for the confirmation (已导出 …).
    Files {
        files: Vec<OutFile>,
        message: String,
    },
}

impl Reply {
    pub fn json(value: impl serde::Serialize) -> Result<Reply> {
        Ok(Reply::Json(
            serde_json::to_value(value).map_err(|e| Error::Internal(e.to_string()))?,
        ))
    }
}

pub type Run = fn(&mut App, Value) -> Result<Reply>;

/// Whether a command changes the data file. The UI refreshes the status
/// bar's 已保存 time after a command that writes (it reads this from
/// `app.commands`, never from the name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Reads,
    /// Commits to the data file (a write transaction, an import, a restore).
    Writes,
}

pub struct Command {
    pub name: &'static str,
    pub effect: Effect,
    pub run: Run,
}

const GROUPS: &[&[Command]] = &[
    office::COMMANDS,
    registers::COMMANDS,
    data::COMMANDS,
    calendar::COMMANDS,
    disclosures::COMMANDS,
    table2_figures::COMMANDS,
    tallies::COMMANDS,
    safety::COMMANDS,
    report::COMMANDS,
    district::COMMANDS,
    applications::COMMANDS,
];

/// Every command name, for documentation and tests.
pub fn command_names() -> Vec<&'static str> {
    commands().map(|c| c.name).collect()
}

/// Every command, in table order.
pub fn commands() -> impl Iterator<Item = &'static Command> {
    GROUPS.iter().flat_map(|g| g.iter())
}

/// `app.commands`: every command's name and whether it writes, for the UI.
pub fn command_list() -> Value {
    Value::Array(
        commands()
            .map(|c| serde_json::json!({"name": c.name, "writes": c.effect == Effect::Writes}))
            .collect(),
    )
}

/// Run the command `name` with `args`.
pub fn dispatch(app: &mut App, name: &str, args: Value) -> Result<Reply> {
    let command = commands()
        .find(|c| c.name == name)
        .ok_or_else(|| Error::UnknownCommand(name.to_string()))?;
    // A connection left stale by a fault (a read-only file, a pulled USB
    // stick) is reopened once the cause is fixed, without a restart.
    app.store.revive()?;
    let result = (command.run)(app, args);
    if let Err(e) = &result {
        // A "malformed" or I/O error: check the file (refusing writes if damaged).
        app.store.note_failure(e);
    }
    result
}

/// Decode a command's arguments; a missing argument object counts as `{}`.
pub(crate) fn args<T: DeserializeOwned>(value: Value) -> Result<T> {
    let value = if value.is_null() {
        Value::Object(Default::default())
    } else {
        value
    };
    serde_json::from_value(value).map_err(|e| Error::invalid("args", format!("参数有误：{e}")))
}

/// A file the page sent as base64 (an upload).
pub(crate) fn decode_upload(data: &str) -> Result<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .map_err(|_| Error::invalid("file", "文件内容无法读取，请重新选择文件"))
}

#[cfg(test)]
mod tests;
