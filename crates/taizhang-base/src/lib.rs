//! taizhang's base vocabulary: the one error type, dates and numbers as clerks type them,
//! the national standard report's fixed vocabulary and the office profile it names, the working-day calendar,
//! durable file writes and a deterministic random source. No database access,
//! no other taizhang crate.

pub mod calendar;
pub mod dates;
pub mod durable;
pub mod error;
pub mod fault;
pub mod office_profile;
pub mod official;
pub mod rng;
pub mod typed;

pub use error::{Error, Result};
