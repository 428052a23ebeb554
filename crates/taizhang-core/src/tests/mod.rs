//! Tests of the registers and tallies that need the layers above them (the
//! data package, the commands, the year report).

mod annual;
mod application_packages;
mod application_steps;
mod applications;
mod backup;
mod consolidate;
mod deadline;
mod editors;
mod faults;
mod holidays;
mod registers;
mod review_checks;
mod several_pcs;
mod tallies;
