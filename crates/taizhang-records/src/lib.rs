//! taizhang's records: the register framework (`framework`: a register
//! described once as a `RegisterSpec`, validated, stored, listed, audited,
//! guarded by year locks), the concrete registers (`registers`), the
//! service-window tallies (`tallies`) and the audit log read back (`audit`).
//! Reads and writes the data file through `taizhang-store`; knows nothing of
//! the data package, the year report, the documents or the commands.

pub mod audit;
pub mod framework;
pub mod ledger_rows;
pub mod registers;
pub mod tallies;

pub use framework::DataFile;

/// Every generic register, in menu and import order (a register is imported
/// after those it refers to). Held here, at the top, so that the register
/// framework (`framework`) never names the concrete registers (`registers`).
pub static REGISTERS: &[&framework::RegisterSpec] = &[
    &registers::disclosures::SPEC,
    &registers::normative_documents::SPEC,
    &registers::messages::SPEC,
    &registers::proposals::SPEC,
    &registers::spot_checks::SPEC,
    &registers::applications::SPEC,
    &registers::appeals::SPEC,
];
