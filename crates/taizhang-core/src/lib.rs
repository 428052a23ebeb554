//! taizhang's core: the registers, the working-day calendar, the data store,
//! the data package, and the command layer both transports share. Plain Rust:
//! no Tauri, no WebKit, no GTK.

pub mod annual;
pub mod api;
pub mod app;
pub mod audit;
pub mod backup;
pub mod consolidate;
pub mod dataset;
pub mod holidays;
pub mod register;
pub mod registers;
pub mod tallies;

pub use taizhang_base::{calendar, dates, durable, error, official, rng};
pub use taizhang_store::{lists, locks, office, store};
pub use taizhang_documents as report;

pub use app::App;
pub use error::{Error, Result};

/// Every generic register, in menu and import order (a register is imported
/// after those it refers to). Held here, at the top, so that the register
/// framework (`register`) never names the concrete registers (`registers`).
pub static REGISTERS: &[&register::RegisterSpec] = &[
    &registers::disclosures::SPEC,
    &registers::normative_documents::SPEC,
    &registers::messages::SPEC,
    &registers::proposals::SPEC,
    &registers::spot_checks::SPEC,
    &registers::applications::SPEC,
    &registers::appeals::SPEC,
];

/// The program's version, shown by `--version` and in the status bar.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
