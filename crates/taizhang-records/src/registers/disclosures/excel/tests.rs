//! Reading a clerk's sheet: header matching, cell conversions, and whole
//! workbooks written with rust_xlsxwriter, imported all or nothing.

use rust_xlsxwriter::{ExcelDateTime as XlsxDate, Format, Workbook, Worksheet};

use super::*;
use crate::framework::DataFile as App;
use crate::registers::disclosures::test_support::app_with_units;

#[test]
fn headers_match_their_common_variants() {
    for (text, field) in [
        ("标题", "title"),
        ("信息标题", "title"),
        (" 类 别 ", "category"),
        ("责任科室", "unit"),
        ("公开渠道（可多选）", "channels"),
        ("形成日期*", "formed_on"),
        ("信息形成日期", "formed_on"),
        ("公开时间", "published_on"),
        ("发文字号", "doc_number"),
        ("URL", "url"),
        ("是否保密审查", "reviewed"),
        ("备注", "note"),
    ] {
        assert_eq!(match_header(text), Some(field), "{text}");
    }
    assert_eq!(match_header("序号"), None);
    assert_eq!(match_header(""), None);
}

#[test]
fn column_letters_go_past_z() {
    assert_eq!(column_letter(0), "A");
    assert_eq!(column_letter(25), "Z");
    assert_eq!(column_letter(26), "AA");
    assert_eq!(column_letter(27), "AB");
}

#[test]
fn channel_cells_split_and_map_short_names() {
    assert_eq!(
        channels_value("网站、公开栏/公示板，微信\n会议/文件"),
        json!(["门户网站", "公开栏/公示板", "微信公众号", "会议/文件"])
    );
    assert_eq!(channels_value(""), json!([]));
}

#[test]
fn date_cells_accept_numbers_and_serials() {
    assert_eq!(date_value(&Data::Float(20231005.0)), json!("20231005"));
    assert_eq!(date_value(&Data::Float(45204.0)), json!("2023-10-05"));
    assert_eq!(
        date_value(&Data::String(" 2023/10/5 ".into())),
        json!("2023/10/5")
    );
    assert_eq!(date_value(&Data::Empty), Value::Null);
}

/// A sheet as clerks keep them: a title row, then the header row with their
/// own column names, then the rows (text, numbers, real Excel dates).
enum Cell {
    Text(&'static str),
    Number(f64),
    Date(u16, u8, u8),
    Blank,
}

fn write_rows(ws: &mut Worksheet, rows: &[Vec<Cell>]) {
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    ws.write_string(0, 0, "长庆街道2023年主动公开台账").unwrap();
    let headers = [
        "序号",
        "信息标题",
        "信息类别",
        "责任科室",
        "公开渠道",
        "文号",
        "形成日期",
        "公开时间",
        "备注",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        let r = 3 + r as u32;
        ws.write_number(r, 0, (r - 2) as f64).unwrap();
        for (c, cell) in row.iter().enumerate() {
            let c = 1 + c as u16;
            match cell {
                Cell::Text(t) => {
                    ws.write_string(r, c, *t).unwrap();
                }
                Cell::Number(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
                Cell::Date(y, m, d) => {
                    let date = XlsxDate::from_ymd(*y, *m, *d).unwrap();
                    ws.write_datetime_with_format(r, c, &date, &date_format)
                        .unwrap();
                }
                Cell::Blank => {}
            }
        }
    }
}

fn workbook(rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("2023年").unwrap();
    write_rows(ws, rows);
    wb.save_to_buffer().unwrap()
}

use Cell::{Blank, Date, Number, Text};

fn good_rows() -> Vec<Vec<Cell>> {
    vec![
        vec![
            Text("2023年部门预算"),
            Text("财政预决算"),
            Text("党政办"),
            Text("网站、公开栏"),
            Text("长街〔2023〕5号"),
            Date(2023, 2, 20),
            Date(2023, 2, 24),
            Blank,
        ],
        vec![
            Text("垃圾分类工作方案"),
            Text("民生实事"),
            Text("城管科"),
            Text("微信公众号"),
            Blank,
            Number(20230301.0),
            Text("2023/3/6"),
            Text("第二批"),
        ],
        vec![
            Text("防汛应急预案"),
            Text("应急管理"),
            Blank,
            Text("门户网站"),
            Blank,
            Text("2023-6-1"),
            Blank,
            Blank,
        ],
    ]
}

fn disclosures_count(app: &App) -> i64 {
    app.store
        .conn()
        .query_row("SELECT count(*) FROM disclosures", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_good_sheet_is_previewed_then_imported_once() {
    let mut app = app_with_units();
    let bytes = workbook(&good_rows());
    let p = preview(&app, &bytes).unwrap();
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!((p.new, p.existing), (3, 0));
    assert_eq!(p.sheets[0].header_row, Some(3), "found below the title row");
    let matched: Vec<(&str, Option<&str>)> = p.sheets[0]
        .columns
        .iter()
        .map(|c| (c.header.as_str(), c.field))
        .collect();
    assert_eq!(matched[0], ("序号", None));
    assert_eq!(matched[1], ("信息标题", Some("title")));
    assert_eq!(matched[7], ("公开时间", Some("published_on")));
    assert_eq!(p.preview.len(), 3);
    assert_eq!(disclosures_count(&app), 0, "a preview writes nothing");

    let done = import(&mut app, &bytes, "台账.xlsx").unwrap();
    assert_eq!(
        done,
        Imported {
            created: 3,
            skipped: 0,
            filled: 0,
            added: vec![],
            undetermined: 0,
            skipped_rows: vec![],
        }
    );
    let q: crate::framework::ListQuery =
        serde_json::from_value(json!({"year": 2023, "sort": "formed_on", "desc": false})).unwrap();
    let rows = crate::framework::list(&app, &SPEC, &q).unwrap().rows;
    assert_eq!(rows[0]["channels"], json!(["门户网站", "公开栏/公示板"]));
    assert_eq!(rows[0]["formed_on"], "2023-02-20", "a real Excel date");
    assert_eq!(
        rows[1]["formed_on"], "2023-03-01",
        "20230301 typed as a number"
    );
    assert_eq!(rows[1]["published_on"], "2023-03-06");
    assert_eq!(rows[1]["note"], "第二批");
    assert_eq!(rows[2]["unit"], Value::Null);

    let again = import(&mut app, &bytes, "台账.xlsx").unwrap();
    assert_eq!(
        again,
        Imported {
            created: 0,
            skipped: 3,
            filled: 0,
            added: vec![],
            undetermined: 0,
            skipped_rows: vec![],
        },
        "the same sheet adds nothing"
    );
    assert_eq!(disclosures_count(&app), 3);
}

#[test]
fn a_sheet_with_bad_rows_imports_nothing_and_lists_every_problem() {
    let mut app = app_with_units();
    let mut rows = good_rows();
    rows.extend([
        vec![
            Text("日期写错"),
            Text("财政预决算"),
            Text("党政办"),
            Text("门户网站"),
            Blank,
            Text("2023-02-30"),
            Blank,
            Blank,
        ],
        vec![
            Text("类别不对"),
            Text("财政信息"),
            Text("党政办"),
            Text("门户网站"),
            Blank,
            Date(2023, 4, 3),
            Blank,
            Blank,
        ],
        vec![Blank, Blank, Blank, Blank, Blank, Blank, Blank, Blank],
        vec![
            Text("先公开后形成"),
            Text("政策文件"),
            Text("党政办"),
            Text("门户网站"),
            Blank,
            Date(2023, 5, 10),
            Date(2023, 5, 9),
            Blank,
        ],
        vec![
            Blank,
            Text("其他"),
            Text("党政办"),
            Text("飞鸽传书"),
            Blank,
            Date(2023, 5, 10),
            Blank,
            Blank,
        ],
        vec![
            Text("没有这个科室"),
            Text("其他"),
            Text("宣传科"),
            Text("门户网站"),
            Blank,
            Date(2023, 5, 11),
            Blank,
            Blank,
        ],
        vec![
            Text("2023年部门预算"),
            Text("财政预决算"),
            Text("党政办"),
            Text("门户网站"),
            Text("长街〔2023〕5号"),
            Date(2023, 2, 20),
            Date(2023, 2, 24),
            Blank,
        ],
    ]);
    let bytes = workbook(&rows);
    let p = preview(&app, &bytes).unwrap();
    let found: Vec<(&str, &str)> = p
        .problems
        .iter()
        .map(|p| (p.path.as_str(), p.message.as_str()))
        .collect();
    let paths: Vec<&str> = found.iter().map(|(p, _)| *p).collect();
    assert_eq!(
        paths,
        vec![
            "2023年!G7",
            "2023年!C8",
            "2023年!H10",
            "2023年!B11",
            "2023年!E11",
            "2023年!D12",
            "2023年!B13"
        ],
        "{found:?}"
    );
    assert!(found[0].1.contains("形成日期"), "{}", found[0].1);
    assert!(found[1].1.contains("财政信息"));
    assert!(found[2].1.contains("公开日期不能早于形成日期"));
    assert!(found[3].1.contains("请填写标题"));
    assert!(
        found[6].1.contains("2023年!B4"),
        "the duplicate names the first row"
    );
    assert_eq!(p.missing_units, vec!["宣传科"]);
    assert_eq!(p.missing_categories, vec!["财政信息"]);
    assert_eq!(p.missing_channels, vec!["飞鸽传书"]);
    assert_eq!(
        p.sheets[0].rows, 9,
        "the blank row (only its 序号 filled) is skipped"
    );
    assert_eq!(p.preview.len(), 9);
    assert!(p.preview[3].problems.iter().any(|p| p.path == "2023年!G7"));

    let err = import(&mut app, &bytes, "台账.xlsx").unwrap_err();
    let taizhang_base::error::Error::Problems { problems } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(problems.len(), 7);
    assert_eq!(disclosures_count(&app), 0, "not even the good rows");
    let audits: i64 = app
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE register = 'disclosures'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audits, 0);
}

#[test]
fn a_workbook_without_the_needed_columns_says_which_are_missing() {
    let app = app_with_units();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "标题").unwrap();
    ws.write_string(0, 1, "科室").unwrap();
    ws.write_string(1, 0, "某条信息").unwrap();
    ws.write_string(1, 1, "党政办").unwrap();
    let p = preview(&app, &wb.save_to_buffer().unwrap()).unwrap();
    let messages: Vec<&str> = p.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].contains("找不到“类别”列"));
    assert!(messages[1].contains("找不到“公开日期”或“形成日期”列"));

    let mut wb = Workbook::new();
    wb.add_worksheet()
        .write_string(0, 0, "随便写点什么")
        .unwrap();
    let p = preview(&app, &wb.save_to_buffer().unwrap()).unwrap();
    assert!(p.problems[0].message.contains("找不到表头"));

    let err = preview(&app, b"not a workbook").unwrap_err();
    assert!(err.to_string().contains("无法读取这个文件"));
}

#[test]
fn every_sheet_with_a_header_is_read() {
    let mut app = app_with_units();
    let mut wb = Workbook::new();
    write_rows(
        wb.add_worksheet().set_name("2022年").unwrap(),
        &good_rows()[..1],
    );
    wb.add_worksheet()
        .set_name("说明")
        .unwrap()
        .write_string(0, 0, "填表说明")
        .unwrap();
    write_rows(
        wb.add_worksheet().set_name("2023年").unwrap(),
        &good_rows()[1..],
    );
    let bytes = wb.save_to_buffer().unwrap();
    let p = preview(&app, &bytes).unwrap();
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let read: Vec<(&str, Option<u32>, usize)> = p
        .sheets
        .iter()
        .map(|s| (s.name.as_str(), s.header_row, s.rows))
        .collect();
    assert_eq!(
        read,
        vec![
            ("2022年", Some(3), 1),
            ("说明", None, 0),
            ("2023年", Some(3), 2)
        ]
    );
    assert_eq!(import(&mut app, &bytes, "x.xlsx").unwrap().created, 3);
}
