//! Render the invented 2023 sample year (`tests/fixtures/sample-2023-input.json`)
//! in every template and format it supports, into a folder:
//!
//! ```text
//! cargo run -p taizhang-documents --example report_sample -- OUT_DIR [--no-pdf]
//! ```
//!
//! `scripts/report-screenshot.sh` uses it to draw `docs/report-standard-page1.png`.

use taizhang_documents::{render, Format, ReportInput, Template};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = args
        .first()
        .ok_or("usage: report_sample OUT_DIR [--no-pdf]")?;
    let pdf = !args.iter().any(|a| a == "--no-pdf");
    let input: ReportInput =
        serde_json::from_str(include_str!("../tests/fixtures/sample-2023-input.json"))?;
    std::fs::create_dir_all(out)?;
    for template in Template::ALL {
        for format in template.formats() {
            if *format == Format::Pdf && !pdf {
                continue;
            }
            let file = render(&input, template, *format)?;
            let path = std::path::Path::new(out).join(&file.name);
            std::fs::write(&path, &file.bytes)?;
            println!("{}", path.display());
        }
    }
    Ok(())
}
