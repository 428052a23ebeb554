//! Structured fuzzing of the 主动公开 spreadsheet importer (a clerk's own 台账
//! sheet, columns matched by their headers): random bytes and random sheets.
//! Whatever comes in: no panic; the preview and the import agree; a rejection
//! changes nothing and names every problem in Chinese by its cell; an accepted
//! sheet imported again adds nothing.

use base64::Engine;
use proptest::prelude::*;
use serde_json::json;

use taizhang_core::App;

use super::common::{call, counts, export, try_call, ClerkText, Rng};
use super::fuzz::assert_explained;

fn encode(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// An office with one unit and one disclosure already registered.
fn ledger_app() -> App {
    let mut app = App::open_in_memory().unwrap();
    call(
        &mut app,
        "units.add",
        json!({"name": "党政办", "kind": "section"}),
    );
    call(
        &mut app,
        "register.create",
        json!({"register": "disclosures", "record": {"title": "2023年部门预算",
            "category": "财政预决算", "unit": "党政办", "formed_on": "2023-10-05",
            "published_on": "2023-10-09", "channels": ["门户网站"]}}),
    );
    app
}

/// Header texts: the ones the importer knows, some twice, and some it does not.
const HEADERS: &[&str] = &[
    "标题",
    "信息名称",
    "类别",
    "科室",
    "责任部门",
    "公开渠道",
    "形成日期",
    "公开日期",
    "文号",
    "网址",
    "备注",
    "序号",
    "",
    "标题",
];

/// A sheet shaped like a clerk's 台账: maybe a title row, a header row, then
/// rows of cells that are right, nearly right, or wrong. Half the sheets are
/// clean (every cell right or blank), so that both outcomes are exercised.
fn random_sheet(rng: &mut Rng, rows: usize, cols: usize) -> Vec<u8> {
    let wrong_percent = if rng.chance(50) { 0 } else { 15 };
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let top = rng.below(2) as u32;
    if top > 0 {
        sheet.write(0, 0, "2023年主动公开信息台账").unwrap();
    }
    let headers: Vec<&str> = (0..cols)
        .map(|c| match c {
            // Usually the essential columns come first, as in real sheets.
            0 if !rng.chance(10) => "标题",
            1 if !rng.chance(10) => "类别",
            2 if !rng.chance(10) => "形成日期",
            _ => *rng.pick(HEADERS).unwrap(),
        })
        .collect();
    for (c, h) in headers.iter().enumerate() {
        sheet.write(top, c as u16, *h).unwrap();
    }
    for r in 1..=rows as u32 {
        for (c, h) in headers.iter().enumerate() {
            write_cell(sheet, rng, top + r, c as u16, h, wrong_percent);
        }
    }
    book.save_to_buffer().unwrap()
}

fn write_cell(
    sheet: &mut rust_xlsxwriter::Worksheet,
    rng: &mut Rng,
    row: u32,
    col: u16,
    header: &str,
    wrong_percent: usize,
) {
    let required = matches!(header, "标题" | "信息名称" | "类别" | "形成日期");
    if (wrong_percent > 0 || !required) && rng.chance(10) {
        return; // blank
    }
    let wrong = rng.chance(wrong_percent);
    let _ = match (header, wrong) {
        ("标题" | "信息名称", false) => sheet.write(row, col, rng.text(8)),
        ("类别", false) => sheet.write(
            row,
            col,
            *rng.pick(&["财政预决算", "应急管理", "机构信息"]).unwrap(),
        ),
        ("科室" | "责任部门", false) => sheet.write(row, col, "党政办"),
        ("公开渠道", false) => sheet.write(
            row,
            col,
            *rng.pick(&["门户网站", "门户网站、微信公众号", "微信公众号"])
                .unwrap(),
        ),
        ("形成日期" | "公开日期", false) => {
            // Formed in the first half of the year, published in the second.
            let month = 1 + rng.below(6) + if header == "公开日期" { 6 } else { 0 };
            let day = 1 + rng.below(28);
            match rng.below(4) {
                0 => sheet.write(row, col, format!("2023-{month}-{day}")),
                1 => sheet.write(row, col, format!("2023{month:02}{day:02}")),
                2 => sheet.write(row, col, format!("2023/{month}/{day}")),
                // An Excel date serial (44927 is 2023-01-01).
                _ => sheet.write(row, col, 44_926.0 + ((month - 1) * 30 + day) as f64),
            }
        }
        ("网址", false) => sheet.write(row, col, "https://www.example.gov.cn/art/1.html"),
        (_, _) => match rng.below(7) {
            0 => sheet.write(row, col, rng.text(5)),
            1 => sheet.write(row, col, "2023-02-30"),
            2 => sheet.write(row, col, -(rng.below(99) as f64)),
            3 => sheet.write(row, col, 1e15),
            4 => sheet.write(row, col, rng.chance(50)),
            5 => sheet.write(row, col, "不存在的科室"),
            _ => sheet.write(row, col, "2023年部门预算"),
        },
    };
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_are_not_a_ledger_sheet(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let mut app = ledger_app();
        let before = counts(&app);
        for cmd in ["disclosures.preview_excel", "disclosures.import_excel"] {
            let err = try_call(&mut app, cmd, json!({"base64": encode(&bytes), "name": "x.xlsx"})).unwrap_err();
            assert_explained(&err)?;
        }
        prop_assert_eq!(counts(&app), before);
    }

    #[test]
    fn a_random_ledger_sheet_is_imported_whole_or_not_at_all(
        seed in any::<u64>(), rows in 1usize..10, cols in 3usize..9
    ) {
        let mut rng = Rng::new(seed);
        let mut app = ledger_app();
        let before = (counts(&app), export(&app));
        let args = json!({"base64": encode(&random_sheet(&mut rng, rows, cols)), "name": "台账.xlsx"});
        let preview = try_call(&mut app, "disclosures.preview_excel", args.clone());
        if let Err(err) = &preview {
            assert_explained(err)?;
        }
        let previewed_problems = preview.as_ref().ok().map(|p| p["problems"].as_array().map_or(0, Vec::len));
        match try_call(&mut app, "disclosures.import_excel", args.clone()) {
            Err(err) => {
                assert_explained(&err)?;
                prop_assert_eq!((counts(&app), export(&app)), before);
                prop_assert_ne!(previewed_problems, Some(0), "the preview found no problem: {}", err);
            }
            Ok(imported) => {
                prop_assert_eq!(previewed_problems, Some(0));
                let again = call(&mut app, "disclosures.import_excel", args);
                prop_assert_eq!(&again["created"], &json!(0), "first import: {}", imported);
            }
        }
    }
}
