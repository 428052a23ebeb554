//! Building random databases through the public API, and looking at them.

use serde_json::{json, Map, Value};

use taizhang_core::api::{dispatch, Reply};
use taizhang_core::error::Error;
use taizhang_core::register::{self, Kind, RegisterSpec};
use taizhang_core::App;

pub fn call(app: &mut App, name: &str, args: Value) -> Value {
    match try_call(app, name, args) {
        Ok(v) => v,
        Err(e) => panic!("{name}: {e:?}"),
    }
}

pub fn try_call(app: &mut App, name: &str, args: Value) -> Result<Value, Error> {
    match dispatch(app, name, args)? {
        Reply::Json(v) => Ok(v),
        Reply::Files { files, .. } => Ok(json!(files.iter().map(|f| &f.name).collect::<Vec<_>>())),
    }
}

/// The whole file as a package, with personal data and without its time.
pub fn export(app: &App) -> Value {
    let mut p = taizhang_core::dataset::export(
        app,
        &taizhang_core::dataset::ExportOptions {
            year: None,
            personal: true,
        },
    )
    .unwrap();
    // When and on which PC: not the data (each file is its own PC).
    p.as_object_mut().unwrap().remove("exported_at");
    p.as_object_mut().unwrap().remove("pc");
    p
}

/// Every row of a table (without row ids and times), sorted: what the file holds.
pub fn rows(app: &App, table: &str, skip: &[&str]) -> Vec<Vec<String>> {
    let conn = app.store.conn();
    let cols: Vec<String> = conn
        .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|c| c.unwrap())
        .filter(|c| !skip.contains(&c.as_str()))
        .collect();
    let sql = format!(
        "SELECT {} FROM {table}",
        cols.iter()
            .map(|c| format!("quote({c})"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut out: Vec<Vec<String>> = conn
        .prepare(&sql)
        .unwrap()
        .query_map([], |r| {
            (0..cols.len())
                .map(|i| r.get::<_, String>(i))
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    out.sort();
    out
}

/// Row counts of every table, for "nothing changed".
pub fn counts(app: &App) -> Vec<(String, i64)> {
    let conn = app.store.conn();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    tables
        .into_iter()
        .map(|t| {
            let n = conn
                .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                .unwrap();
            (t, n)
        })
        .collect()
}

/// Deterministic randomness from a seed proptest chose, with the text
/// clerks type.
pub use taizhang_core::rng::Rng;

/// Values as clerks type them, drawn from a [`Rng`].
pub trait ClerkText {
    fn text(&mut self, max: usize) -> String;
    fn date(&mut self, from_year: i32, years: usize) -> String;
}

impl ClerkText for Rng {
    /// Text as clerks type it: Chinese, digits, Latin, punctuation, quotes.
    fn text(&mut self, max: usize) -> String {
        const POOL: &[&str] = &[
            "关", "于", "政", "务", "公", "开", "街", "道", "社", "区", "申", "请", "信", "息",
            "年", "度", "报", "告", "办", "理", "1", "2", "0", "A", "b", " ", "（", "）", "“", "”",
            "、", "，", "-", "'", "\"", "\\", "%", "_", "𠮷", "·",
        ];
        let len = 1 + self.below(max.clamp(1, 16));
        let s: String = (0..len).map(|_| *self.pick(POOL).unwrap()).collect();
        if s.trim().is_empty() {
            "空白".to_string()
        } else {
            s
        }
    }

    fn date(&mut self, from_year: i32, years: usize) -> String {
        let start = chrono::NaiveDate::from_ymd_opt(from_year, 1, 1).unwrap();
        (start + chrono::Duration::days(self.below(years * 365) as i64)).to_string()
    }
}

fn list_values(app: &App, list: &str) -> Vec<String> {
    taizhang_core::lists::values(app.store.conn(), list).unwrap()
}

/// A value for a field, from its kind alone; `None` for an optional field left empty.
fn field_value(app: &App, rng: &mut Rng, spec_kind: Kind, required: bool) -> Value {
    if !required && rng.chance(25) {
        return Value::Null;
    }
    let conn = app.store.conn();
    match spec_kind {
        Kind::Text { max } => json!(rng.text(max)),
        Kind::LongText => json!(format!("{}\n{}", rng.text(30), rng.text(30))),
        Kind::Date => json!(rng.date(2018, 8)),
        Kind::Bool => json!(rng.chance(50)),
        Kind::Int { min, max } => {
            let span = (max - min).clamp(0, 10_000) as usize;
            json!(min + rng.below(span + 1) as i64)
        }
        Kind::Decimal => json!(rng.below(100_000) as f64 / 100.0),
        Kind::Code(codes) => json!(rng.pick(codes).unwrap().0),
        Kind::GroupedCode(options) => json!(rng.pick(options()).unwrap().code),
        Kind::Choice(list) => json!(rng.pick(&list_values(app, list)).unwrap()),
        Kind::Choices(list) => {
            let values = list_values(app, list);
            let n = rng.below(3) + required as usize;
            let mut chosen: Vec<String> =
                (0..n).filter_map(|_| rng.pick(&values).cloned()).collect();
            chosen.dedup();
            json!(chosen)
        }
        Kind::Tags => json!((0..rng.below(3)).map(|_| rng.text(6)).collect::<Vec<_>>()),
        Kind::Unit => {
            let units = taizhang_core::office::list_units(conn, false).unwrap();
            rng.pick(&units)
                .map(|u| json!(u.name))
                .unwrap_or(Value::Null)
        }
        Kind::Ref(key) => {
            let spec = register::find(key).unwrap();
            let records = register::crud::all_records(conn, spec, None).unwrap();
            rng.pick(&records)
                .map(|r| r["id"].clone())
                .unwrap_or(Value::Null)
        }
    }
}

/// Create a random record of any register through `register.create`, from its
/// fields' kinds alone. Fields a cross-field rule refuses are emptied (if
/// optional) or drawn again. Returns whether a record was made.
pub fn random_record(app: &mut App, rng: &mut Rng, spec: &RegisterSpec) -> bool {
    let mut record = Map::new();
    for f in spec.fields {
        record.insert(f.name.into(), field_value(app, rng, f.kind, f.required));
    }
    for attempt in 0..8 {
        let args = json!({"register": spec.key, "record": record});
        let problems = match try_call(app, "register.create", args) {
            Ok(_) => return true,
            Err(Error::Invalid { field, message }) => {
                if std::env::var_os("DEBUG_GEN").is_some() {
                    eprintln!("{}: {field}: {message}", spec.key);
                }
                vec![field]
            }
            Err(Error::Problems { problems }) => {
                if std::env::var_os("DEBUG_GEN").is_some() {
                    eprintln!("{}: {problems:?}", spec.key);
                }
                problems.into_iter().map(|p| p.path).collect()
            }
            Err(e) => panic!("{}: {e:?}", spec.key),
        };
        for path in problems {
            let Some(f) = spec.field(&path) else { continue };
            // A named field that is empty is asked for by another one ("请同时填写…").
            let v = if f.required || record[f.name].is_null() {
                field_value(app, rng, f.kind, true)
            } else {
                Value::Null
            };
            record.insert(f.name.into(), v);
        }
        if attempt == 4 {
            // Rules across many fields: fall back to the required ones.
            for f in spec.fields.iter().filter(|f| !f.required) {
                record.insert(f.name.into(), Value::Null);
            }
        }
    }
    false
}

/// A random office: its profile, units, lists, holidays, records of every
/// register, service items, tallies and other figures, all made through
/// the commands a clerk's clicks send.
pub fn random_database(app: &mut App, seed: u64, size: usize) {
    let mut rng = Rng::new(seed);
    call(
        app,
        "office.save",
        json!({"name": format!("{}街道办事处", rng.text(6).trim()),
        "superior": rng.text(10), "contact": if rng.chance(50) { rng.text(12) } else { String::new() }}),
    );
    if rng.chance(30) {
        // The office's own disclosure limit, which judges 本单位时限.
        let days = 1 + rng.below(20);
        call(
            app,
            "disclosures.save_limits",
            json!({"local_limit_days": days}),
        );
    }
    for i in 0..1 + rng.below(4) {
        let kind = *rng.pick(&["section", "community", "other"]).unwrap();
        let unit = call(
            app,
            "units.add",
            json!({"name": format!("单位{i}{}", rng.text(4).trim()), "kind": kind}),
        );
        if i > 0 && rng.chance(20) {
            call(
                app,
                "units.archive",
                json!({"id": unit["id"], "archived": true}),
            );
        }
        if rng.chance(20) {
            call(app, "units.move", json!({"id": unit["id"], "up": true}));
        }
    }
    for list in taizhang_core::lists::LISTS {
        if rng.chance(30) {
            let mut values = list_values(app, list.name);
            values.push(format!("新{}", rng.text(5)));
            call(
                app,
                "lists.save",
                json!({"name": list.name, "values": values}),
            );
        }
    }
    if rng.chance(60) {
        // Holidays enter only by package: a year or two of the clerk's own.
        let years: Vec<Value> = (0..1 + rng.below(2))
            .map(|k| {
                let y = 2019 + k as i32 * 3 + rng.below(2) as i32;
                json!({"year": y, "holidays": [format!("{y}-10-0{}", 1 + rng.below(7))],
                       "workdays": [format!("{y}-09-2{}", rng.below(10))]})
            })
            .collect();
        call(
            app,
            "data.import",
            json!({"text": json!({"format": "taizhang.dataset/1", "holidays": years}).to_string()}),
        );
    }
    for spec in register::all() {
        for _ in 0..rng.below(size + 1) {
            random_record(app, &mut rng, spec);
        }
    }
    let mut items = vec![];
    for i in 0..rng.below(4) {
        let unit = *rng.pick(&["件", "本", "人", "次"]).unwrap();
        let item = call(
            app,
            "service_items.add",
            json!({"name": format!("事项{i}{}", rng.text(4).trim()),
            "unit": unit, "group": if rng.chance(50) { rng.text(4) } else { String::new() }}),
        );
        if rng.chance(15) {
            call(
                app,
                "service_items.archive",
                json!({"id": item["id"], "archived": true}),
            );
        }
        items.push(item["id"].as_i64().unwrap());
    }
    let windows: Vec<i64> = taizhang_core::office::list_units(app.store.conn(), false)
        .unwrap()
        .iter()
        .map(|u| u.id)
        .collect();
    for _ in 0..rng.below(size * 3 + 1) {
        let (Some(w), Some(i)) = (rng.pick(&windows).copied(), rng.pick(&items).copied()) else {
            break;
        };
        let period = match rng.below(10) {
            0 => format!("{}", 2015 + rng.below(3)),
            1 => format!("2019-{:02}", 1 + rng.below(12)),
            _ => rng.date(2020, 3),
        };
        // An entry rule may refuse a month over days: that is fine here.
        let _ = try_call(
            app,
            "tallies.set",
            json!({"window": w, "item": i, "period": period, "count": 1 + rng.below(500)}),
        );
    }
    for _ in 0..rng.below(4) {
        let _ = try_call(
            app,
            "metrics.save",
            json!({"year": 2020 + rng.below(4), "name": rng.text(8),
            "unit": "次", "value": rng.below(10_000) as f64 / 10.0}),
        );
    }
}
