//! taizhang's application services: the `App`, the data package
//! `taizhang.dataset/1`, backups and restore, district consolidation, holiday
//! changes and exports. Each is a use case over the crates below; the command
//! table (`taizhang-core`) decodes a request, calls one and encodes the reply.

pub mod app;
pub mod backup;
pub mod clock;
pub mod consolidate;
pub mod dataset;
pub mod deadline;
pub mod exports;
pub mod holidays;
pub mod roster;

pub use app::App;
