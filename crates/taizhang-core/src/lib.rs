//! taizhang's command table (`api`), which both transports share, and the one
//! entry the programs use: the crates below are re-exported under the paths
//! they had when they were modules of this crate. Plain Rust: no Tauri, no
//! WebKit, no GTK.

pub mod api;

pub use taizhang_base::{calendar, dates, durable, error, official, rng};
pub use taizhang_store::{lists, locks, office, store};
pub use taizhang_documents as report;
pub use taizhang_records::{audit, registers, tallies, REGISTERS};
pub use taizhang_records::framework as register;
pub use taizhang_year_report as annual;

pub use taizhang_services::{
    app, backup, clock, consolidate, dataset, deadline, exports, holidays, roster, App,
};
pub use error::{Error, Result};

#[cfg(test)]
mod tests;

/// The program's version, shown by `--version` and in the status bar.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
