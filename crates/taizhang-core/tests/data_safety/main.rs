//! 数据安全, through the public API only: the data package reproduces any
//! database, importers survive any input, every change is audited, locked
//! years stay as filed.

mod applications_package;
mod audit_trail;
mod common;
mod fuzz;
mod fuzz_disclosure_sheet;
mod locks;
mod roundtrip;
mod spec_example;
mod year_package;
