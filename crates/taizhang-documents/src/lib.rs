//! taizhang's documents: the yearly report and the work summary, from figures
//! to finished files (templates, then the .docx, .html, .xlsx, .pdf and .json
//! writers). No database here: the figures ([`ReportFigures`]) and everything
//! else a template needs ([`ReportInput`]) are computed by the layers above;
//! this crate renders them.
//!
//! ```text
//! ReportInput ──template──▶ Document ──writer──▶ .docx / .html / .xlsx ──LibreOffice──▶ .pdf
//! ReportFigures ─────────────────────────────────▶ .json (taizhang.report/1)
//! ```

pub mod document;
pub mod figures;
pub mod input;
pub mod narrative;
pub mod placeholders;
pub mod sentences;
pub mod templates;
pub mod writers;

#[cfg(any(test, feature = "test-support"))]
pub mod test_support;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use document::Document;
pub use figures::{Metric, ReportFigures};
pub use input::{summary_heading_key, LedgerTable, Narrative, ReportInput};
pub use narrative::{draft, drafts, narrative_problems, rendered_text};
pub use placeholders::{placeholders, render_text, Placeholder};

use taizhang_base::error::{Error, Result};

/// A file produced by a command, to be saved where the clerk chooses.
#[derive(Debug, Clone)]
pub struct OutFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Template {
    /// 标准格式: the national standard yearly report.
    Standard,
    /// 工作总结: the office's work summary.
    Summary,
    /// 台账: the year's registers as a workbook.
    Ledger,
}

impl Template {
    pub const ALL: [Template; 3] = [Template::Standard, Template::Summary, Template::Ledger];

    pub fn key(self) -> &'static str {
        match self {
            Template::Standard => "standard",
            Template::Summary => "summary",
            Template::Ledger => "ledger",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Template::Standard => "政府信息公开工作年度报告（标准格式）",
            Template::Summary => "政务公开工作总结",
            Template::Ledger => "政务公开台账",
        }
    }

    pub fn parse(key: &str) -> Result<Template> {
        Template::ALL
            .into_iter()
            .find(|t| t.key() == key)
            .ok_or_else(|| {
                Error::invalid(
                    "template",
                    format!("没有“{key}”这种年报模板，可选：standard（标准格式）、summary（工作总结）、ledger（台账）"),
                )
            })
    }

    /// Why this template cannot be made for a report year, if it cannot: the
    /// standard report exists from 2019 (for earlier years the summary and
    /// the ledger are what an office has).
    pub fn unavailable_for(self, year: i32) -> Option<String> {
        let from = taizhang_base::official::STANDARD_FORMAT_FROM;
        (self == Template::Standard && year < from).then(|| {
            format!(
                "政府信息公开工作年度报告的标准格式自{from}年度起使用（修订后的《中华人民共和国政府信息公开条例》\
                 于2019年5月15日施行），{year}年度没有这种格式，可以导出工作总结和台账。"
            )
        })
    }

    /// The formats this template can be exported to.
    pub fn formats(self) -> &'static [Format] {
        use Format::*;
        match self {
            Template::Standard => &[Docx, Html, Xlsx, Pdf, Json],
            Template::Summary => &[Docx, Html, Pdf, Json],
            Template::Ledger => &[Xlsx, Html, Pdf],
        }
    }

    /// The file's name without extension: `{office}{year}年…`.
    fn file_stem(self, input: &ReportInput) -> String {
        let what = match self {
            Template::Standard => "政府信息公开工作年度报告",
            Template::Summary => "政务公开工作总结",
            Template::Ledger => "政务公开台账",
        };
        format!("{}{}年{what}", input.office.name.trim(), input.year())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Docx,
    Html,
    Xlsx,
    Pdf,
    Json,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Docx,
        Format::Html,
        Format::Xlsx,
        Format::Pdf,
        Format::Json,
    ];

    pub fn ext(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Html => "html",
            Format::Xlsx => "xlsx",
            Format::Pdf => "pdf",
            Format::Json => "json",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Docx => "Word（.docx）",
            Format::Html => "网页（.html）",
            Format::Xlsx => "Excel（.xlsx）",
            Format::Pdf => "PDF（.pdf）",
            Format::Json => "数据（.json）",
        }
    }

    pub fn parse(ext: &str) -> Result<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.ext() == ext)
            .ok_or_else(|| {
                Error::invalid(
                    "format",
                    format!("不支持“{ext}”格式，可选：docx、html、xlsx、pdf、json"),
                )
            })
    }
}

/// The exported file's name, e.g. `长庆街道办事处2018年政府信息公开工作年度报告.docx`.
/// Characters Windows forbids in file names become `_`.
pub fn file_name(input: &ReportInput, template: Template, format: Format) -> String {
    let stem: String = template
        .file_stem(input)
        .chars()
        .map(|c| {
            if "\\/:*?\"<>|".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!("{stem}.{}", format.ext())
}

/// The template's document.
pub fn build_document(input: &ReportInput, template: Template) -> Result<Document> {
    match template {
        Template::Standard => templates::standard::build(input),
        Template::Summary => templates::summary::build(input),
        Template::Ledger => Ok(templates::ledger::build(input)),
    }
}

/// Render one template in one format: the one entry point for every export.
pub fn render(input: &ReportInput, template: Template, format: Format) -> Result<OutFile> {
    if !template.formats().contains(&format) {
        let choices: Vec<&str> = template.formats().iter().map(|f| f.label()).collect();
        return Err(Error::invalid(
            "format",
            format!(
                "“{}”不能导出为{}，可选：{}。",
                template.label(),
                format.label(),
                choices.join("、")
            ),
        ));
    }
    let bytes = match format {
        Format::Json => writers::json::write(&input.figures)?.into_bytes(),
        Format::Docx => writers::docx::write(&build_document(input, template)?)?,
        Format::Html => writers::html::write(&build_document(input, template)?).into_bytes(),
        Format::Xlsx => writers::xlsx::write(&build_document(input, template)?)?,
        Format::Pdf => {
            let doc = build_document(input, template)?;
            match template {
                Template::Ledger => writers::pdf::convert(&writers::xlsx::write(&doc)?, "xlsx")?,
                _ => writers::pdf::convert(&writers::docx::write(&doc)?, "docx")?,
            }
        }
    };
    Ok(OutFile {
        name: file_name(input, template, format),
        bytes,
    })
}
