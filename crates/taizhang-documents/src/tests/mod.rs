//! Tests of the report: golden texts on the 2018 reference figures, the
//! figures' JSON shape, the templates' tables, and every format read back
//! (the .docx's XML, the .html's escaping, the .xlsx through calamine, and the
//! .docx converted to PDF by LibreOffice).

mod docx;
mod figures_json;
mod golden;
mod html;
mod libreoffice;
mod templates;
mod text;
mod xlsx;

use std::io::{Cursor, Read};

use super::ReportInput;

/// 长庆街道's 2018 figures: no applications, nine service items, six metrics.
pub fn changqing_2018() -> ReportInput {
    serde_json::from_str(include_str!(
        "../../tests/fixtures/changqing-2018-input.json"
    ))
    .expect("fixture parses")
}

/// An invented 2023 with something in every table.
pub fn sample_2023() -> ReportInput {
    serde_json::from_str(include_str!(
        "../../tests/fixtures/sample-2023-input.json"
    ))
    .expect("fixture parses")
}

/// One part of an office file (a zip), as text.
pub fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip file");
    let mut part = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the package"));
    let mut text = String::new();
    part.read_to_string(&mut text).expect("UTF-8 part");
    text
}

/// The text of a WordprocessingML part: the contents of its `<w:t>` elements.
pub fn word_text(xml: &str) -> String {
    xml.split("<w:t")
        .skip(1)
        .filter_map(|s| s.split_once('>'))
        .filter_map(|(_, rest)| rest.split_once("</w:t>"))
        .map(|(text, _)| text)
        .collect()
}

/// Text with every kind of white space removed, to find labels that wrap.
pub fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}
