//! The concrete registers, each described once (see [`crate::register`]).

pub mod appeals;
pub mod applications;
pub mod messages;

use crate::register::RegisterSpec;

/// Every generic register, in menu and import order (a register is imported
/// after those it refers to).
pub static ALL: &[&RegisterSpec] = &[&messages::SPEC, &applications::SPEC, &appeals::SPEC];
