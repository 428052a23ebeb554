//! Running the real `taizhang-cli` program, shared by the integration tests.
// Each test file is its own crate and uses only part of this module.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

pub const CLI: &str = env!("CARGO_BIN_EXE_taizhang-cli");

/// The program on the data file `db`, with no `TAIZHANG_DB` from the
/// environment running the tests.
pub fn command(db: &Path) -> Command {
    let mut command = Command::new(CLI);
    command.arg("--db").arg(db).env_remove("TAIZHANG_DB");
    command
}

/// Run the program on `db` with `args` and wait for it.
pub fn cli(db: &Path, args: &[&str]) -> Output {
    command(db).args(args).output().expect("the CLI runs")
}
