//! Changing the clerk's holiday schedules: a use case over the stored
//! schedules (`taizhang_store::holidays`, re-exported here), the registers'
//! due dates and the app's calendar.

use crate::app::App;
use taizhang_base::calendar::Calendar;
use taizhang_base::calendar::HolidayYear;
use taizhang_base::error::{Error, Result};
use taizhang_store::store::Tx;

pub use taizhang_store::holidays::*;

/// Store a year's schedule, recompute every stored due date with it in the
/// same transaction, and reload the calendar. Returns how many records' due
/// dates changed.
pub fn store_year(app: &mut App, year: &HolidayYear, source: &str) -> Result<usize> {
    change_years(app, year.year, |tx| save_year(tx, year, source))
}

/// Remove the clerk's schedule of a year (the bundled one, if any, applies
/// again) and recompute due dates. Returns how many records changed.
pub fn remove_year(app: &mut App, year: i32) -> Result<usize> {
    change_years(app, year, |tx| {
        if delete_year(tx, year)? {
            Ok(())
        } else {
            Err(Error::not_found("节假日安排", format!("{year}年")))
        }
    })
}

fn change_years(app: &mut App, year: i32, change: impl FnOnce(&Tx) -> Result<()>) -> Result<usize> {
    let today = taizhang_base::dates::today();
    let changed = app.store.write(|tx| {
        // Due dates of a locked year's records would move.
        tx.ensure_unlocked(&[year])?;
        // Audited by save_year / delete_year, which imports use too.
        change(tx)?;
        let calendar = Calendar::with_years(&load_years(tx)?);
        let ctx = taizhang_records::framework::Ctx {
            conn: tx,
            calendar: &calendar,
            today,
        };
        taizhang_records::framework::crud::recompute_all_stored(tx, &ctx)
    })?;
    app.reload_calendar()?;
    Ok(changed)
}
