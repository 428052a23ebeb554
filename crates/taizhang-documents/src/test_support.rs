//! Reading exported workbooks back, for the tests of this crate and of the
//! crates above it (feature `test-support`).

use std::io::Cursor;

/// One sheet of an .xlsx file, read back by calamine; panics (naming the
/// sheets there are) when the workbook has no sheet of that name.
pub fn xlsx_sheet(bytes: Vec<u8>, sheet: &str) -> calamine::Range<calamine::Data> {
    use calamine::{open_workbook_from_rs, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("an .xlsx file");
    let names = book.sheet_names();
    assert!(names.iter().any(|n| n == sheet), "{sheet} in {names:?}");
    book.worksheet_range(sheet).expect("a readable sheet")
}

/// The first `cols` cells of row `r` (0-based), empty cells as `Data::Empty`.
pub fn sheet_row(
    range: &calamine::Range<calamine::Data>,
    r: u32,
    cols: u32,
) -> Vec<calamine::Data> {
    (0..cols)
        .map(|c| {
            range
                .get_value((r, c))
                .cloned()
                .unwrap_or(calamine::Data::Empty)
        })
        .collect()
}
