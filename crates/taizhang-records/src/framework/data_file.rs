//! The open data file and what is derived from it and kept in memory (the
//! calendar): what the register functions read and write through. The
//! application's `App` (taizhang-services) holds one.

use std::path::Path;

use taizhang_base::calendar::Calendar;
use taizhang_base::error::Result;
use super::Ctx;
use taizhang_store::store::{Store, Tx};

pub struct DataFile {
    pub store: Store,
    calendar: Calendar,
}

impl DataFile {
    pub fn open(path: &Path) -> Result<DataFile> {
        DataFile::with_store(Store::open(path)?)
    }

    pub fn open_in_memory() -> Result<DataFile> {
        DataFile::with_store(Store::open_in_memory()?)
    }

    fn with_store(store: Store) -> Result<DataFile> {
        let calendar = Calendar::with_years(&taizhang_store::holidays::load_years(store.conn())?);
        Ok(DataFile { store, calendar })
    }

    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// Re-read the clerk's holiday schedules after they changed.
    pub fn reload_calendar(&mut self) -> Result<()> {
        self.calendar = Calendar::with_years(&taizhang_store::holidays::load_years(self.store.conn())?);
        Ok(())
    }

    /// The store to write to and the calendar to compute with, borrowed together.
    pub fn parts(&mut self) -> (&mut Store, &Calendar) {
        (&mut self.store, &self.calendar)
    }

    /// Run `f` in one write transaction (see [`Store::write`]), with the
    /// context register hooks need reading through that transaction.
    pub fn write<T>(&mut self, f: impl FnOnce(&Tx, &Ctx) -> Result<T>) -> Result<T> {
        let (store, calendar) = self.parts();
        let today = taizhang_base::dates::today();
        store.write(|tx| {
            let ctx = Ctx {
                conn: tx,
                calendar,
                today,
            };
            f(tx, &ctx)
        })
    }

    /// What register hooks need to read: the connection, the calendar, today.
    pub fn ctx(&self) -> Ctx<'_> {
        Ctx {
            conn: self.store.conn(),
            calendar: &self.calendar,
            today: taizhang_base::dates::today(),
        }
    }
}
