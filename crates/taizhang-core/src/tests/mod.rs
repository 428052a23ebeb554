//! Tests of the registers and tallies that need the layers above them (the
//! data package, the commands, the year report).

mod annual;
mod application_packages;
mod applications;
mod backup;
mod consolidate;
mod faults;
mod holidays;
mod registers;
mod tallies;
