//! taizhang's data file: opening it (pragmas, migrations), write transactions
//! with the audit trail and year locks, and the tables every layer above
//! shares: the office profile and its units, the clerk's lists, the holiday
//! schedules. Knows no register: the records layer builds on it.

pub mod holidays;
pub mod lists;
pub mod locks;
pub mod office;
pub mod roster;
pub mod store;
pub mod sync;
