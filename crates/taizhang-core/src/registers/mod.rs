//! The concrete registers, each described once (see [`crate::register`]).

pub mod annual_figures;
pub mod appeals;
pub mod applications;
pub mod disclosures;
pub mod messages;
pub mod normative_documents;
pub mod proactive;
pub mod proposals;
pub mod rules;
pub mod spot_checks;

use crate::register::RegisterSpec;

/// Every generic register, in menu and import order (a register is imported
/// after those it refers to).
pub static ALL: &[&RegisterSpec] = &[
    &disclosures::SPEC,
    &normative_documents::SPEC,
    &messages::SPEC,
    &proposals::SPEC,
    &spot_checks::SPEC,
    &applications::SPEC,
    &appeals::SPEC,
];

#[cfg(test)]
mod tests;
