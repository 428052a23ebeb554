//! Structured fuzzing of the importers: random mutations of a valid data
//! package, random bytes, random spreadsheets. Whatever comes in: no panic;
//! a rejection changes nothing and says in Chinese what is wrong and where.

use base64::Engine;
use proptest::prelude::*;
use serde_json::{json, Value};

use taizhang_core::error::Error;
use taizhang_core::App;

use super::common::{call, counts, export, random_database, try_call, ClerkText, Rng};

fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// A rejection must be `invalid`, with a path and a Chinese message for each problem.
pub fn assert_explained(err: &Error) -> Result<(), TestCaseError> {
    let j = err.to_json();
    prop_assert_eq!(&j["code"], "invalid", "{}", j);
    prop_assert!(has_chinese(&err.to_string()), "{}", j);
    match err {
        Error::Invalid { field, message } => {
            prop_assert!(!field.is_empty(), "{}", j);
            prop_assert!(has_chinese(message), "{}", j);
        }
        Error::Problems { problems } => {
            prop_assert!(!problems.is_empty());
            for p in problems {
                prop_assert!(!p.path.is_empty() && has_chinese(&p.message), "{}", j);
            }
        }
        _ => prop_assert!(false, "{}", j),
    }
    Ok(())
}

/// A random JSON value of any type, small.
fn junk(rng: &mut Rng) -> Value {
    match rng.below(12) {
        0 => Value::Null,
        1 => json!(rng.chance(50)),
        2 => json!(rng.next_u64() as i64),
        3 => json!(-(rng.below(1000) as i64)),
        4 => json!(rng.below(1_000_000) as f64 / 7.0),
        5 => json!(""),
        6 => json!(rng.text(20)),
        7 => json!(rng.date(1900, 300)),
        8 => json!("2023-02-30"),
        9 => json!([rng.text(3), 1]),
        10 => json!({"x": rng.text(3)}),
        _ => json!("x".repeat(rng.below(300))),
    }
}

/// Every path into a value, as pointer steps.
fn paths(v: &Value, here: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(here.clone());
    match v {
        Value::Object(o) => {
            for (k, c) in o {
                here.push(k.clone());
                paths(c, here, out);
                here.pop();
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                here.push(i.to_string());
                paths(c, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn at<'v>(v: &'v mut Value, path: &[String]) -> &'v mut Value {
    path.iter().fold(v, |v, step| match v {
        Value::Object(o) => o.get_mut(step).unwrap(),
        Value::Array(a) => &mut a[step.parse::<usize>().unwrap()],
        _ => unreachable!(),
    })
}

/// One random change somewhere in the package.
fn mutate(package: &mut Value, rng: &mut Rng) {
    let mut all = vec![];
    paths(package, &mut vec![], &mut all);
    let path = rng.pick(&all).unwrap().clone();
    let value = junk(rng);
    let target = at(package, &path);
    match (rng.below(4), target) {
        (0, Value::Object(o)) if !o.is_empty() => {
            let key = o.keys().nth(rng.below(o.len())).unwrap().clone();
            o.remove(&key);
        }
        (1, Value::Object(o)) => {
            o.insert(rng.text(4), value);
        }
        (0, Value::Array(a)) if !a.is_empty() => {
            let i = rng.below(a.len());
            let copy = a[i].clone();
            a.push(copy); // a duplicate id, unit or year
        }
        (1, Value::Array(a)) => a.push(value),
        (_, t) => *t = value,
    }
}

fn has_records_without_id(package: &Value) -> bool {
    taizhang_core::register::all().iter().any(|spec| {
        package[spec.key]
            .as_array()
            .is_some_and(|items| items.iter().any(|r| !r["id"].is_string()))
    })
}

fn target_app(seed: u64) -> App {
    let mut app = App::open_in_memory().unwrap();
    random_database(&mut app, seed, 3);
    if seed.is_multiple_of(3) {
        call(
            &mut app,
            "locks.lock",
            json!({"year": 2018 + (seed % 8) as i64}),
        );
    }
    app
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_mutated_package_is_imported_whole_or_not_at_all(
        seed in any::<u64>(), target in any::<u64>(), changes in 1usize..5
    ) {
        let mut source = App::open_in_memory().unwrap();
        random_database(&mut source, seed, 4);
        let mut package = export(&source);
        let mut rng = Rng::new(seed ^ 0x5eed);
        for _ in 0..changes {
            mutate(&mut package, &mut rng);
        }
        let mut app = target_app(target);
        let before = (counts(&app), export(&app));
        match try_call(&mut app, "data.import", json!({"text": package.to_string()})) {
            Err(err) => {
                assert_explained(&err)?;
                prop_assert_eq!((counts(&app), export(&app)), before);
            }
            Ok(_) if !has_records_without_id(&package) => {
                // Whatever went in goes in once: again, nothing changes.
                let again = call(&mut app, "data.import", json!({"text": package.to_string()}));
                prop_assert_eq!(&again["total"], &json!(0), "{}", package);
            }
            // A record without an id is a new record each time, by design
            // (hand-written packages); exported packages always carry ids.
            Ok(_) => {}
        }
    }

    #[test]
    fn random_text_is_not_a_package(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let mut app = target_app(1);
        let before = counts(&app);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let err = try_call(&mut app, "data.import", json!({"text": text})).unwrap_err();
        assert_explained(&err)?;
        prop_assert_eq!(counts(&app), before);
    }

    #[test]
    fn random_bytes_are_not_a_spreadsheet(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let mut app = excel_app();
        let before = counts(&app);
        let data = base64::engine::general_purpose::STANDARD.encode(&bytes);
        for cmd in ["tallies.preview_import", "tallies.import_excel"] {
            let err = try_call(&mut app, cmd, json!({"window": 1, "layout": "month", "year": 2022, "data": data})).unwrap_err();
            assert_explained(&err)?;
        }
        prop_assert_eq!(counts(&app), before);
    }

    #[test]
    fn a_random_spreadsheet_is_imported_whole_or_not_at_all(
        seed in any::<u64>(), rows in 1usize..8, cols in 1usize..15, by_day in any::<bool>()
    ) {
        let mut rng = Rng::new(seed);
        let mut app = excel_app();
        let before = (counts(&app), export(&app));
        let data = random_sheet(&mut rng, rows, cols, by_day);
        let target = if by_day {
            json!({"window": 1, "layout": "day", "year": 2022, "month": 3, "data": data})
        } else {
            json!({"window": 1, "layout": "month", "year": 2022, "data": data})
        };
        if let Err(err) = try_call(&mut app, "tallies.preview_import", target.clone()) {
            assert_explained(&err)?;
        }
        match try_call(&mut app, "tallies.import_excel", target.clone()) {
            Err(err) => {
                assert_explained(&err)?;
                prop_assert_eq!((counts(&app), export(&app)), before);
            }
            Ok(_) => {
                let again = call(&mut app, "tallies.import_excel", target);
                prop_assert_eq!(&again["changed"], &json!(0));
            }
        }
    }
}

fn excel_app() -> App {
    let mut app = App::open_in_memory().unwrap();
    call(
        &mut app,
        "units.add",
        json!({"name": "前台", "kind": "other"}),
    );
    for name in ["居住证", "社保", "老年卡"] {
        call(
            &mut app,
            "service_items.add",
            json!({"name": name, "unit": "件"}),
        );
    }
    call(
        &mut app,
        "tallies.set",
        json!({"window": 1, "item": 1, "period": "2022-03-02", "count": 4}),
    );
    app
}

/// A sheet shaped like the real ones (items down, periods across) with random
/// cells: names real and not, numbers, text, dates, blanks, totals.
fn random_sheet(rng: &mut Rng, rows: usize, cols: usize, by_day: bool) -> String {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let title_rows = rng.below(2) as u32;
    if title_rows > 0 {
        sheet.write(0, 0, "窗口业务统计表").unwrap();
    }
    for c in 1..=cols as u16 {
        let label = match rng.below(8) {
            0 => "合计".to_string(),
            1 => rng.text(3),
            2 => format!("{}", rng.below(40)),
            _ if by_day => format!("{c}"),
            _ => format!("{c}月"),
        };
        if rng.chance(20) {
            sheet.write(title_rows, c, (rng.below(40)) as f64).unwrap();
        } else {
            sheet.write(title_rows, c, label).unwrap();
        }
    }
    for r in 1..=rows as u32 {
        let row = title_rows + r;
        let name = *rng
            .pick(&[
                "居住证",
                "社保",
                "老年卡",
                "不存在的事项",
                "合计",
                "",
                "居住证",
            ])
            .unwrap();
        sheet.write(row, 0, name).unwrap();
        for c in 1..=cols as u16 {
            match rng.below(9) {
                0 => {}
                1 => {
                    sheet.write(row, c, rng.text(4)).unwrap();
                }
                2 => {
                    sheet.write(row, c, -(rng.below(9) as f64)).unwrap();
                }
                3 => {
                    sheet.write(row, c, rng.below(1000) as f64 / 3.0).unwrap();
                }
                4 => {
                    sheet.write(row, c, 1e15).unwrap();
                }
                5 => {
                    sheet.write(row, c, 0).unwrap();
                }
                6 => {
                    sheet.write(row, c, rng.chance(50)).unwrap();
                }
                _ => {
                    sheet.write(row, c, rng.below(500) as f64).unwrap();
                }
            }
        }
    }
    base64::engine::general_purpose::STANDARD.encode(book.save_to_buffer().unwrap())
}
