//! taizhang's core: the registers, the working-day calendar, the data store,
//! the data package, and the command layer both transports share. Plain Rust:
//! no Tauri, no WebKit, no GTK.

pub mod annual;
pub mod api;
pub mod app;
pub mod audit;
pub mod backup;
pub mod calendar;
pub mod consolidate;
pub mod dataset;
pub mod dates;
pub mod durable;
pub mod error;
pub mod holidays;
pub mod lists;
pub mod locks;
pub mod office;
pub mod official;
pub mod register;
pub mod registers;
pub mod report;
pub mod rng;
pub mod store;
pub mod tallies;

pub use app::App;
pub use error::{Error, Result};

/// The program's version, shown by `--version` and in the status bar.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
