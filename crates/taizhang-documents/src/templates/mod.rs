//! The three templates: each builds a [`Document`] from a [`ReportInput`].

pub mod ledger;
pub mod standard;
pub mod summary;

use super::document::Document;
use super::narrative::{lines, Line};

/// Append a rendered prose text: its `（一）` lines as level-2 headings, the
/// rest as paragraphs.
fn append_prose(doc: &mut Document, text: &str) {
    for line in lines(text) {
        match line {
            Line::Heading(h) => doc.heading(2, h),
            Line::Paragraph(p) => doc.paragraph(p),
        }
    }
}

/// How many 2号 characters fit a line of the official page's title.
const TITLE_CHARS_PER_LINE: f64 = 20.0;

/// `head` and `tail` as one title, broken between them when it does not fit
/// one line (an office's long name on the first line, the rest below).
fn title(head: &str, tail: &str) -> String {
    let width = |s: &str| -> f64 {
        s.chars()
            .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
            .sum()
    };
    if width(head) + width(tail) > TITLE_CHARS_PER_LINE {
        format!("{head}\n{tail}")
    } else {
        format!("{head}{tail}")
    }
}
