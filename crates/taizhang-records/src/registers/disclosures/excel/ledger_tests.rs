//! A 主动公开 台账 as clerks keep it: a merged title row, a 序号 column, one
//! sheet per half-year, dates typed four ways (and an Excel date, and a serial
//! number in a General cell), a 合计 row, a 填表人/审核人 footer, a note — and no
//! 形成日期 column. The committed fixture `tests/fixtures/ledgers/` is this
//! builder's output (the CLI and the browser-mode test import it too);
//! `TAIZHANG_WRITE_FIXTURES=1 cargo test -p taizhang-records ledger` rewrites it.

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet};

use super::*;
use crate::framework::DataFile as App;
use crate::registers::disclosures::test_support::app_with_units;

/// A data cell: text, or a date as a real Excel date, or a bare serial number.
enum Cell {
    Text(&'static str),
    Date(u16, u8, u8),
    Serial(f64),
}
use Cell::{Date, Serial, Text};

/// One row: 信息名称, 类别, 科室, 公开方式, 文号, 公开日期, and the 形成日期
/// the clerk may fill in later.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Cell,
    &'static str,
);

fn first_half() -> Vec<Row> {
    vec![
        (
            "2023年部门预算",
            "财政预决算",
            "党政办",
            "网站、公开栏",
            "长街〔2023〕5号",
            Text("2023-1-5"),
            "2023-01-03",
        ),
        (
            "垃圾分类工作方案",
            "民生实事",
            "城管科",
            "微信",
            "",
            Text("2023/02/06"),
            "2023-02-01",
        ),
        (
            "防汛应急预案",
            "应急管理",
            "",
            "门户网站",
            "",
            Text("2023.3.7"),
            "2023-03-01",
        ),
        (
            "月度财政收支情况",
            "财政预决算",
            "党政办",
            "门户网站",
            "",
            Text("2023年4月10日"),
            "2023-04-06",
        ),
        (
            "月度财政收支情况",
            "财政预决算",
            "党政办",
            "门户网站",
            "",
            Date(2023, 5, 10),
            "2023-05-08",
        ),
        // 45087 is 2023-06-10, typed into a General cell.
        (
            "月度财政收支情况",
            "财政预决算",
            "党政办",
            "门户网站",
            "",
            Serial(45087.0),
            "2023-06-07",
        ),
    ]
}

fn second_half() -> Vec<Row> {
    vec![
        (
            "居民议事会公告",
            "民生实事",
            "社区办",
            "公开栏",
            "",
            Text("2023年7月3日"),
            "2023-06-30",
        ),
        (
            "月度财政收支情况",
            "财政预决算",
            "党政办",
            "门户网站",
            "",
            Text("2023-8-10"),
            "2023-08-07",
        ),
    ]
}

const HEADERS: [&str; 8] = [
    "序号",
    "信息名称",
    "信息类别",
    "责任科室",
    "公开方式",
    "文号",
    "公开日期",
    "备注",
];

fn write_sheet(ws: &mut Worksheet, title: &str, rows: &[Row], formed: bool) {
    let merged = Format::new().set_bold().set_align(FormatAlign::Center);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    ws.merge_range(0, 0, 0, 7, title, &merged).unwrap();
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    if formed {
        ws.write_string(1, 8, "形成日期").unwrap();
    }
    for (i, (t, cat, unit, ch, doc, published, formed_on)) in rows.iter().enumerate() {
        let r = 2 + i as u32;
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        for (c, text) in [(1, t), (2, cat), (3, unit), (4, ch), (5, doc)] {
            if !text.is_empty() {
                ws.write_string(r, c, *text).unwrap();
            }
        }
        match published {
            Text(s) => ws.write_string(r, 6, *s).map(|_| ()),
            Date(y, m, d) => ws
                .write_datetime_with_format(
                    r,
                    6,
                    ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                    &date,
                )
                .map(|_| ()),
            Serial(n) => ws.write_number(r, 6, *n).map(|_| ()),
        }
        .unwrap();
        if formed {
            ws.write_string(r, 8, *formed_on).unwrap();
        }
    }
    let below = 2 + rows.len() as u32;
    ws.write_string(below, 0, "合计").unwrap();
    ws.write_string(below, 1, format!("{}条", rows.len()))
        .unwrap();
    ws.write_string(below + 2, 0, "填表人：张三").unwrap();
    ws.write_string(below + 2, 4, "审核人：李某").unwrap();
    ws.write_string(below + 3, 0, "注：公开方式可多选，用顿号分隔")
        .unwrap();
}

/// The ledger; with `formed`, the same ledger after the clerk added 形成日期.
pub fn clerk_ledger(formed: bool) -> Vec<u8> {
    let mut wb = Workbook::new();
    let props = rust_xlsxwriter::DocProperties::new()
        .set_creation_datetime(&ExcelDateTime::from_ymd(2024, 1, 2).unwrap());
    wb.set_properties(&props);
    write_sheet(
        wb.add_worksheet().set_name("上半年").unwrap(),
        "长庆街道2023年主动公开台账（上半年）",
        &first_half(),
        formed,
    );
    write_sheet(
        wb.add_worksheet().set_name("下半年").unwrap(),
        "长庆街道2023年主动公开台账（下半年）",
        &second_half(),
        formed,
    );
    wb.save_to_buffer().unwrap()
}

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/ledgers/disclosures-2023.xlsx"
);

fn count(app: &App, sql: &str) -> i64 {
    app.store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn the_committed_fixture_is_this_ledger() {
    if std::env::var_os("TAIZHANG_WRITE_FIXTURES").is_some() {
        std::fs::write(FIXTURE, clerk_ledger(false)).unwrap();
    }
    let committed = std::fs::read(FIXTURE).unwrap();
    assert_eq!(
        committed,
        clerk_ledger(false),
        "rewrite it with TAIZHANG_WRITE_FIXTURES=1"
    );
}

#[test]
fn a_ledger_as_clerks_keep_it_imports_with_its_footers_skipped() {
    let mut app = app_with_units();
    let bytes = clerk_ledger(false);
    let p = preview(&app, &bytes).unwrap();
    let problems: Vec<&str> = p.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        problems.len(),
        1,
        "only the unit the settings lack: {problems:?}"
    );
    assert!(problems[0].contains("社区办"), "{problems:?}");
    assert_eq!(p.problems[0].path, "下半年!D3");
    assert_eq!(p.missing_units, vec!["社区办"]);
    assert_eq!(
        p.missing_channels,
        Vec::<String>::new(),
        "网站、公开栏、微信 map to the list's names"
    );
    let headers: Vec<Option<u32>> = p.sheets.iter().map(|s| s.header_row).collect();
    assert_eq!(
        headers,
        vec![Some(2), Some(2)],
        "below the merged title row"
    );
    let skipped: Vec<(&str, u32, &str)> = p
        .skipped
        .iter()
        .map(|s| (s.sheet.as_str(), s.row, s.reason))
        .collect();
    assert_eq!(
        skipped,
        vec![
            ("上半年", 9, "合计/小计行"),
            ("上半年", 11, "签名/落款行"),
            ("上半年", 12, "说明/备注行"),
            ("下半年", 5, "合计/小计行"),
            ("下半年", 7, "签名/落款行"),
            ("下半年", 8, "说明/备注行"),
        ]
    );
    assert_eq!(p.skipped[1].text, "填表人：张三 审核人：李某");

    let (done, _) = import_with(
        &mut app,
        &bytes,
        "台账.xlsx",
        Options {
            add_missing: true,
            dry_run: false,
        },
    )
    .unwrap();
    assert_eq!((done.created, done.skipped, done.filled), (8, 0, 0));
    assert_eq!(done.added, vec!["科室“社区办”"]);
    let published: Vec<String> = {
        let mut stmt = app
            .store
            .conn()
            .prepare("SELECT published_on FROM disclosures ORDER BY published_on")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    assert_eq!(
        published,
        [
            "2023-01-05",
            "2023-02-06",
            "2023-03-07",
            "2023-04-10",
            "2023-05-10",
            "2023-06-10",
            "2023-07-03",
            "2023-08-10"
        ]
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM disclosures WHERE formed_on IS NULL AND due_on IS NULL"
        ),
        8
    );
    let row = crate::framework::crud::get(&app, &SPEC, &first_id(&app)).unwrap();
    assert_eq!(row["_status"], "undetermined");
    assert_eq!(row["_status_label"], "未判断（缺形成日期）");

    let again = import(&mut app, &bytes, "台账.xlsx").unwrap();
    assert_eq!(
        (again.created, again.skipped),
        (0, 8),
        "re-import adds nothing"
    );
}

fn first_id(app: &App) -> String {
    app.store
        .conn()
        .query_row(
            "SELECT id FROM disclosures ORDER BY published_on LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn the_same_ledger_with_its_formed_dates_filled_in_fills_them_and_adds_nothing() {
    let mut app = app_with_units();
    let options = Options {
        add_missing: true,
        dry_run: false,
    };
    import_with(&mut app, &clerk_ledger(false), "台账.xlsx", options).unwrap();
    let ids = |app: &App| -> Vec<String> {
        let mut stmt = app
            .store
            .conn()
            .prepare("SELECT id FROM disclosures ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let before = ids(&app);
    let (done, p) = import_with(
        &mut app,
        &clerk_ledger(true),
        "台账（补形成日期）.xlsx",
        options,
    )
    .unwrap();
    assert_eq!((done.created, done.skipped, done.filled), (0, 8, 8));
    assert_eq!((p.new, p.filled), (0, 8));
    assert_eq!(ids(&app), before, "the same records, their ids kept");
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM disclosures WHERE formed_on IS NULL OR due_on IS NULL"
        ),
        0
    );
    let on_time = count(
        &app,
        "SELECT count(*) FROM disclosures WHERE published_on <= due_local_on",
    );
    assert_eq!(on_time, 8, "judged once the dates are known");
    let again = import(&mut app, &clerk_ledger(true), "x.xlsx").unwrap();
    assert_eq!((again.created, again.filled), (0, 0));
}

#[test]
fn same_titled_rows_stay_distinct_records() {
    let mut app = app_with_units();
    let options = Options {
        add_missing: true,
        dry_run: false,
    };
    import_with(&mut app, &clerk_ledger(false), "台账.xlsx", options).unwrap();
    let monthly = count(
        &app,
        "SELECT count(DISTINCT id) FROM disclosures WHERE title = '月度财政收支情况'",
    );
    assert_eq!(monthly, 4);
}

#[test]
fn a_dry_run_adds_nothing_and_says_what_it_would_do() {
    let mut app = app_with_units();
    let options = Options {
        add_missing: true,
        dry_run: true,
    };
    let (done, _) = import_with(&mut app, &clerk_ledger(false), "台账.xlsx", options).unwrap();
    assert_eq!((done.created, done.added.len()), (8, 1));
    assert_eq!(count(&app, "SELECT count(*) FROM disclosures"), 0);
    assert_eq!(
        count(&app, "SELECT count(*) FROM units WHERE name = '社区办'"),
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM audit_log WHERE register = 'disclosures'"
        ),
        0
    );
}

#[test]
fn without_add_missing_a_ledger_naming_an_unknown_unit_imports_nothing() {
    let mut app = app_with_units();
    let err = import(&mut app, &clerk_ledger(false), "台账.xlsx").unwrap_err();
    assert!(matches!(err, Error::Problems { .. }), "{err:?}");
    assert_eq!(count(&app, "SELECT count(*) FROM disclosures"), 0);
}
