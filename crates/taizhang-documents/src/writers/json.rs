//! `.json`: the figures as `taizhang.report/1`, pretty-printed.

use taizhang_base::error::{Error, Result};
use crate::figures::ReportFigures;

pub fn write(figures: &ReportFigures) -> Result<String> {
    let mut text =
        serde_json::to_string_pretty(figures).map_err(|e| Error::Internal(e.to_string()))?;
    text.push('\n');
    Ok(text)
}
