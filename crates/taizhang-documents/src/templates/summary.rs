//! 工作总结: the office's yearly work summary in eight sections (the shape of
//! the 2018 reference), prose from the narrative with computed sentences woven in.

use super::append_prose;
use taizhang_base::error::Result;
use taizhang_base::official::SUMMARY_SECTIONS;
use crate::document::{Document, PageSetup};
use crate::input::ReportInput;
use crate::narrative::rendered_text;
use crate::Template;

pub fn title(input: &ReportInput) -> String {
    super::title(
        input.office_short(),
        &format!("{}年度政务信息公开年度总结", input.year()),
    )
}

pub fn build(input: &ReportInput) -> Result<Document> {
    let mut doc = Document::new(title(input), input.office.name.trim(), PageSetup::OFFICIAL);
    doc.paragraph(format!(
        "现将{}{}年政务公开工作情况总结如下。",
        input.office_short(),
        input.year()
    ));
    for (key, default) in SUMMARY_SECTIONS {
        let heading = input.summary_heading(key);
        doc.heading(1, heading.as_deref().unwrap_or(default));
        append_prose(&mut doc, &rendered_text(input, Template::Summary, key)?);
    }
    Ok(doc)
}
