//! Exporting a year's report: which formats a year's checks let through.

use taizhang_year_report::Annual;
use taizhang_base::error::{Error, Result};
use taizhang_documents::{self as report, Format, OutFile, Template};

/// Render a year's report in the chosen formats.
///
/// Errors found by the checks block every document (.docx, .html, .xlsx,
/// .pdf): those are what gets filed and published. The data file (.json,
/// `taizhang.report/1`) is let through: it is the machine-readable figures
/// plus what the checks found (the errors are listed in its `checks`), and the
/// district or a script must be able to get it for a year that still has
/// errors, to see them. A choice mixing documents and the data file is refused
/// as a whole, so that an export never silently leaves out the documents.
pub fn export_files(
    annual: &Annual,
    template: Template,
    formats: &[Format],
) -> Result<Vec<OutFile>> {
    if formats.is_empty() {
        return Err(Error::invalid("formats", "请至少选择一种导出格式"));
    }
    let year = annual.input.year();
    if let Some(reason) = template.unavailable_for(year) {
        // The figures (.json) are data, not the statutory format: they still
        // export, for the district and for comparing years.
        if formats.iter().any(|f| *f != Format::Json) {
            return Err(Error::invalid("template", reason));
        }
    }
    let errors: Vec<String> = annual.errors().map(|c| c.message.clone()).collect();
    let blocked: Vec<&str> = formats
        .iter()
        .filter(|f| **f != Format::Json)
        .map(|f| f.label())
        .collect();
    if !errors.is_empty() && !blocked.is_empty() {
        let json_hint = if template.formats().contains(&Format::Json) {
            "\n（只选“数据（.json）”可以导出数据文件，错误会列在其中的 checks 里。）"
        } else {
            ""
        };
        return Err(Error::conflict(format!(
            "{year}年度的数据有 {} 处错误，需先改正才能导出{}：\n{}{json_hint}",
            errors.len(),
            blocked.join("、"),
            errors.join("\n"),
        )));
    }
    formats
        .iter()
        .map(|f| report::render(&annual.input, template, *f))
        .collect()
}
