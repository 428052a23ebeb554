//! The concrete registers, each described once (see [`crate::framework`]).

pub mod appeals;
pub mod applications;
pub mod disclosures;
pub mod messages;
pub mod normative_documents;
pub mod proposals;
pub mod rules;
pub mod spot_checks;
pub mod table2_figures;
pub mod table2_trial_cells;

#[cfg(test)]
mod tests;
