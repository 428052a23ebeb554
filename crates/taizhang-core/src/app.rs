//! The open data file and what is derived from it and kept in memory (the
//! calendar). Both transports (the desktop shell and browser mode) hold one
//! `App` behind a lock and call [`crate::api::dispatch`] on it.

use std::path::Path;

use crate::calendar::Calendar;
use crate::error::Result;
use crate::register::Ctx;
use crate::store::{Store, Tx};

pub struct App {
    pub store: Store,
    calendar: Calendar,
}

impl App {
    pub fn open(path: &Path) -> Result<App> {
        App::with_store(Store::open(path)?)
    }

    pub fn open_in_memory() -> Result<App> {
        App::with_store(Store::open_in_memory()?)
    }

    fn with_store(store: Store) -> Result<App> {
        let calendar = Calendar::with_years(&crate::holidays::load_years(store.conn())?);
        Ok(App { store, calendar })
    }

    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// Re-read the clerk's holiday schedules after they changed.
    pub fn reload_calendar(&mut self) -> Result<()> {
        self.calendar = Calendar::with_years(&crate::holidays::load_years(self.store.conn())?);
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
        let today = crate::dates::today();
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
            today: crate::dates::today(),
        }
    }
}
