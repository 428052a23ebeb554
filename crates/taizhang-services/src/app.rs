//! The application: the open data file with its calendar
//! ([`DataFile`], which the register functions take) and what the use cases
//! above the registers need. Both transports (the desktop shell and browser
//! mode) hold one `App` behind a lock and call the command table
//! (`taizhang_core::api::dispatch`) on it.

use std::ops::{Deref, DerefMut};
use std::path::Path;

use taizhang_base::error::Result;
use taizhang_records::framework::DataFile;

pub struct App(DataFile);

impl App {
    pub fn open(path: &Path) -> Result<App> {
        DataFile::open(path).map(App)
    }

    pub fn open_in_memory() -> Result<App> {
        DataFile::open_in_memory().map(App)
    }
}

impl Deref for App {
    type Target = DataFile;

    fn deref(&self) -> &DataFile {
        &self.0
    }
}

impl DerefMut for App {
    fn deref_mut(&mut self) -> &mut DataFile {
        &mut self.0
    }
}
