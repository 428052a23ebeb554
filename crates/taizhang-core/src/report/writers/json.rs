//! `.json`: the figures as `taizhang.report/1`, pretty-printed.

use crate::error::{Error, Result};
use crate::report::figures::ReportFigures;

pub fn write(figures: &ReportFigures) -> Result<String> {
    let mut text =
        serde_json::to_string_pretty(figures).map_err(|e| Error::Internal(e.to_string()))?;
    text.push('\n');
    Ok(text)
}
