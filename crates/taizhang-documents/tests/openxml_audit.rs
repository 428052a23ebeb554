//! Every .docx and .xlsx export, checked by an Office Open XML validator:
//! `openxml-audit` 0.8.0 (PyPI), `-f office2016`, in the virtual environment
//! that `scripts/setup.sh test` makes (`~/.cache/taizhang/oxa`; the variable
//! `TAIZHANG_OPENXML_AUDIT` may name another Python that has it). Word
//! accepts a file as it is only when its elements come in the schema's order
//! and carry only declared attributes; docx-rs is patched for that
//! (vendor/docx-rs/PATCHES.md).
//!
//! Each template is exported in each of its Word and Excel formats, for the
//! 2021 format of the report (2018's and an invented 2023's figures) and the
//! 2019 trial format (report years 2019 and 2020). Any finding fails the
//! test unless [`FALSE_POSITIVES`] lists it with the reason it is the
//! validator's own. Without the validator the test fails: CI runs setup first.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use taizhang_base::official::uses_trial_format;
use taizhang_documents::{render, Format, ReportInput, Template};

/// Findings that are the validator's and not the file's: (part, description,
/// why).
const FALSE_POSITIVES: &[(&str, &str, &str)] = &[(
    "/word/document.xml",
    "A required relationship type 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme' is missing.",
    "A theme part is optional: ECMA-376 Part 1, 11.3.10 lists Theme among the parts the main \
     document part is permitted, not required, to have an implicit relationship to, and \
     openxml-audit itself only asks for it under its default `--policy strict` \
     (validator.py, _word_required_relationships; not under `permissive`, while schema \
     findings are reported under both). LibreOffice 7.4 writes no theme either: a text file \
     it converts to .docx gets this same single finding. docx-rs writes no theme, and the \
     report uses no theme fonts or colours (every run names its fonts).",
)];

fn validator_python() -> PathBuf {
    if let Some(python) = std::env::var_os("TAIZHANG_OPENXML_AUDIT") {
        return PathBuf::from(python);
    }
    let home = std::env::var_os("HOME").expect("HOME is set");
    Path::new(&home).join(".cache/taizhang/oxa/bin/python")
}

fn fixture(name: &str) -> ReportInput {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("fixture parses")
}

/// The inputs: the 2021 format twice, the 2019 trial format for both its years.
fn inputs() -> Vec<(String, ReportInput)> {
    let changqing = fixture("changqing-2018-input.json");
    let sample = fixture("sample-2023-input.json");
    let in_year = |year: i32| {
        let mut input = sample.clone();
        input.figures.year = year;
        (format!("sample-as-{year}"), input)
    };
    let inputs = vec![
        ("changqing-2018".to_string(), changqing),
        ("sample-2023".to_string(), sample.clone()),
        in_year(2019),
        in_year(2020),
    ];
    assert!(inputs.iter().any(|(_, i)| uses_trial_format(i.year())));
    assert!(inputs.iter().any(|(_, i)| !uses_trial_format(i.year())));
    inputs
}

/// Runs the validator over every file in `dir`; its report, one entry a file.
fn audit(dir: &Path) -> Vec<Value> {
    let python = validator_python();
    let output = Command::new(&python)
        .args([
            "-m",
            "openxml_audit",
            "-f",
            "office2016",
            "-m",
            "0",
            "-o",
            "json",
            "-r",
        ])
        .arg(dir)
        // Its JSON goes through rich: no line wrapping at a terminal's width.
        .env("COLUMNS", "100000")
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "openxml-audit cannot be run ({}: {e}); `scripts/setup.sh test` installs it",
                python.display()
            )
        });
    // 0: every file valid, 1: findings; anything else is the tool failing.
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "openxml-audit failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let version = Command::new(&python)
        .args([
            "-c",
            "import importlib.metadata as m; print(m.version('openxml-audit'))",
        ])
        .output()
        .expect("the validator's Python runs");
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        "0.8.0",
        "the pinned validator (scripts/setup.sh)"
    );
    serde_json::from_slice::<Vec<Value>>(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "openxml-audit's JSON: {e}\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

fn is_false_positive(finding: &Value) -> bool {
    FALSE_POSITIVES.iter().any(|(part, description, _)| {
        finding["part_uri"] == *part && finding["description"] == *description
    })
}

#[test]
fn every_docx_and_xlsx_export_passes_openxml_audit() {
    let dir = tempfile::tempdir().unwrap();
    let mut written = Vec::new();
    for (label, input) in inputs() {
        for template in Template::ALL {
            for &format in template.formats() {
                if !matches!(format, Format::Docx | Format::Xlsx) {
                    continue;
                }
                let file = render(&input, template, format)
                    .unwrap_or_else(|e| panic!("{label} {template:?} {format:?}: {e}"));
                let name = format!("{label}-{}.{}", template.key(), format.ext());
                std::fs::write(dir.path().join(&name), &file.bytes).unwrap();
                written.push(name);
            }
        }
    }
    // The report (both formats) and the summary as .docx, the report and the ledger as .xlsx.
    for kind in [
        "standard.docx",
        "summary.docx",
        "standard.xlsx",
        "ledger.xlsx",
    ] {
        assert!(written.iter().any(|n| n.ends_with(kind)), "{kind}");
    }

    let report = audit(dir.path());
    let mut audited = Vec::new();
    let mut problems = Vec::new();
    for entry in &report {
        let file = entry["file"].as_str().expect("a file name");
        let name = Path::new(file)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        // Errors and warnings alike, each with its severity.
        let findings = entry["errors"].as_array().expect("a list of findings");
        for finding in findings {
            if !is_false_positive(finding) {
                problems.push(format!(
                    "{name} {} {}: {} ({} {})",
                    finding["part_uri"].as_str().unwrap_or(""),
                    finding["path"].as_str().unwrap_or(""),
                    finding["description"].as_str().unwrap_or(""),
                    finding["type"].as_str().unwrap_or(""),
                    finding["severity"].as_str().unwrap_or(""),
                ));
            }
        }
        let counted = entry["error_count"].as_u64().unwrap_or(0)
            + entry["warning_count"].as_u64().unwrap_or(0);
        assert_eq!(
            counted,
            findings.len() as u64,
            "{name}: every finding is listed (-m 0)"
        );
        audited.push(name);
    }
    audited.sort();
    written.sort();
    assert_eq!(audited, written, "every file was audited");
    assert!(
        problems.is_empty(),
        "{} finding(s) of openxml-audit:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
