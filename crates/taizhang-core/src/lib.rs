//! taizhang's core: the registers, the working-day calendar, the data store,
//! the data package, and the command layer both transports share. Plain Rust:
//! no Tauri, no WebKit, no GTK.

pub mod api;
pub mod app;
pub mod backup;
pub mod consolidate;
pub mod dataset;
pub mod exports;
pub mod holidays;

pub use taizhang_base::{calendar, dates, durable, error, official, rng};
pub use taizhang_store::{lists, locks, office, store};
pub use taizhang_documents as report;
pub use taizhang_records::{audit, registers, tallies, REGISTERS};
pub use taizhang_records::framework as register;
pub use taizhang_year_report as annual;

pub use app::App;
pub use error::{Error, Result};

#[cfg(test)]
mod tests;

/// The program's version, shown by `--version` and in the status bar.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
