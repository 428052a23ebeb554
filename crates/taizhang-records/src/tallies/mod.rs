//! 窗口业务: how many of each service each window handled, entered day by day
//! at spreadsheet speed (or by month, or as a whole year's figure for years
//! kept only as totals), with totals, comparisons, warnings and exports; and
//! 其他数据, the other yearly figures the summary quotes.
//!
//! Not a generic register: the tallies are a grid of counts keyed by item,
//! window and period (see `migrations/0003_tallies.sql`).
//!
//! For the yearly report: [`report_items`] (the service sentence's figures),
//! [`metrics::list`] (the year's other figures) and [`warnings::for_year`].

pub mod catalogue;
pub mod cells;
pub mod count;
pub mod excel;
pub mod grid;
pub mod metrics;
pub mod period;
pub mod totals;
pub mod warnings;
pub mod xlsx;

pub use period::Period;
pub use totals::{report_items, ItemTotal};
