//! The working-day calendar for the user interface: what a day is, due dates
//! with their explanation, working days between two dates, and the clerk's
//! holiday schedules (设置 → 节假日).

use chrono::Datelike;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{args, Command, Effect, Reply};
use crate::app::App;
use crate::calendar::{parse_holiday_cn, DueComputation};
use crate::dates::{field_date, iso};
use crate::error::{Error, Result};
use crate::holidays;

pub const COMMANDS: &[Command] = &[
    Command {
        name: "calendar.day",
        effect: Effect::Reads,
        run: day,
    },
    Command {
        name: "calendar.due",
        effect: Effect::Reads,
        run: due,
    },
    Command {
        name: "calendar.between",
        effect: Effect::Reads,
        run: between,
    },
    Command {
        name: "holidays.years",
        effect: Effect::Reads,
        run: years,
    },
    Command {
        name: "holidays.get",
        effect: Effect::Reads,
        run: get_year,
    },
    Command {
        name: "holidays.save",
        effect: Effect::Writes,
        run: save_year,
    },
    Command {
        name: "holidays.import",
        effect: Effect::Writes,
        run: import_year,
    },
    Command {
        name: "holidays.delete",
        effect: Effect::Writes,
        run: delete_year,
    },
];

#[derive(Deserialize)]
struct DayArgs {
    date: String,
}

/// `{date, working, known, name, makeup, weekday}`.
fn day(app: &mut App, a: Value) -> Result<Reply> {
    let a: DayArgs = args(a)?;
    let date = field_date("date", "日期", &a.date)?;
    let cal = app.calendar();
    Reply::json(json!({
        "date": iso(date),
        "working": cal.is_working_day(date),
        "known": cal.is_known(date.year()),
        "name": cal.day_name(date),
        "makeup": cal.is_makeup_day(date),
        "weekday": holidays::weekday_name(date),
    }))
}

#[derive(Deserialize)]
struct DueArgs {
    start: String,
    days: u32,
}

fn due_json(comp: &DueComputation) -> Value {
    json!({
        "start": iso(comp.start),
        "days": comp.working_days,
        "due": iso(comp.due),
        "explain": comp.explain(),
        "provisional": comp.is_provisional(),
        "unknown_years": comp.unknown_years,
        "skipped": comp.skipped.iter().map(|(name, a, b)| json!({"name": name, "from": iso(*a), "to": iso(*b)})).collect::<Vec<_>>(),
        "makeup_days": comp.makeup_days.iter().map(|d| iso(*d)).collect::<Vec<_>>(),
    })
}

/// The `days`-th working day after `start`, with the sentence that explains it.
fn due(app: &mut App, a: Value) -> Result<Reply> {
    let a: DueArgs = args(a)?;
    if a.days > 366 {
        return Err(Error::invalid("days", "工作日天数不能超过366"));
    }
    let start = field_date("start", "起算日期", &a.start)?;
    Reply::json(due_json(&app.calendar().add_working_days(start, a.days)))
}

#[derive(Deserialize)]
struct BetweenArgs {
    from: String,
    to: String,
}

/// Working days after `from` up to and including `to`.
fn between(app: &mut App, a: Value) -> Result<Reply> {
    let a: BetweenArgs = args(a)?;
    let from = field_date("from", "开始日期", &a.from)?;
    let to = field_date("to", "结束日期", &a.to)?;
    if (to - from).num_days().abs() > 3660 {
        return Err(Error::invalid("to", "两个日期相隔不能超过十年"));
    }
    let cal = app.calendar();
    let unknown = cal.unknown_years_between(from, to);
    Reply::json(json!({
        "from": iso(from),
        "to": iso(to),
        "working_days": cal.working_days_between(from, to),
        "provisional": !unknown.is_empty(),
        "unknown_years": unknown,
    }))
}

/// Every known year, and the years around today that have no schedule yet.
fn years(app: &mut App, _: Value) -> Result<Reply> {
    let infos = holidays::year_infos(app.store.conn())?;
    let this_year = crate::dates::today().year();
    let unknown: Vec<i32> = (this_year..=this_year + 1)
        .filter(|y| !app.calendar().is_known(*y))
        .collect();
    Reply::json(json!({"years": infos, "unknown": unknown, "this_year": this_year}))
}

#[derive(Deserialize)]
struct YearArgs {
    year: i32,
}

/// One year's schedule, also as editable lines.
fn get_year(app: &mut App, a: Value) -> Result<Reply> {
    let a: YearArgs = args(a)?;
    let info = holidays::year_infos(app.store.conn())?
        .into_iter()
        .find(|y| y.year == a.year);
    let schedule = holidays::year_in_force(app.store.conn(), a.year)?;
    Reply::json(match (info, schedule) {
        (Some(info), Some(y)) => json!({
            "year": a.year,
            "known": true,
            "info": info,
            "holidays": holidays::lines(&y.holidays, &y.names),
            "workdays": holidays::lines(&y.workdays, &y.names),
        }),
        _ => json!({"year": a.year, "known": false, "holidays": "", "workdays": ""}),
    })
}

#[derive(Deserialize)]
struct SaveArgs {
    year: i32,
    #[serde(default)]
    holidays: String,
    #[serde(default)]
    workdays: String,
}

/// Save a schedule typed by hand; every stored due date is recomputed.
fn save_year(app: &mut App, a: Value) -> Result<Reply> {
    let a: SaveArgs = args(a)?;
    let year = holidays::year_from_lines(a.year, &a.holidays, &a.workdays)?;
    if year.holidays.is_empty() {
        return Err(Error::invalid(
            "holidays",
            format!("请填写{}年的放假日期", a.year),
        ));
    }
    let recomputed = holidays::store_year(app, &year, "手工录入")?;
    Reply::json(json!({"year": a.year, "recomputed": recomputed}))
}

#[derive(Deserialize)]
struct ImportArgs {
    /// The file's text (holiday-cn JSON).
    text: String,
    #[serde(default)]
    name: String,
}

/// Import a year from a file in the holiday-cn format, offline.
fn import_year(app: &mut App, a: Value) -> Result<Reply> {
    let a: ImportArgs = args(a)?;
    let year = parse_holiday_cn(a.text.trim_start_matches('\u{feff}'))?;
    let source = if a.name.is_empty() {
        "导入文件".to_string()
    } else {
        format!("导入文件 {}", a.name)
    };
    let recomputed = holidays::store_year(app, &year, &source)?;
    Reply::json(json!({
        "year": year.year,
        "holidays": year.holidays.len(),
        "workdays": year.workdays.len(),
        "recomputed": recomputed,
    }))
}

/// Remove the clerk's schedule of a year.
fn delete_year(app: &mut App, a: Value) -> Result<Reply> {
    let a: YearArgs = args(a)?;
    let recomputed = holidays::remove_year(app, a.year)?;
    Reply::json(json!({"year": a.year, "recomputed": recomputed}))
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::api::{dispatch, Reply};
    use crate::app::App;
    use crate::error::Error;

    fn call(app: &mut App, name: &str, args: Value) -> Result<Value, Error> {
        match dispatch(app, name, args)? {
            Reply::Json(v) => Ok(v),
            Reply::Files { .. } => panic!("{name} answered files"),
        }
    }

    #[test]
    fn days_due_dates_and_spans_for_the_page() {
        let mut app = App::open_in_memory().unwrap();
        let day = call(&mut app, "calendar.day", json!({"date": "2023/10/7"})).unwrap();
        assert_eq!(
            day,
            json!({"date": "2023-10-07", "working": true, "known": true, "name": "中秋节、国庆节",
                   "makeup": true, "weekday": "星期六"})
        );
        let day = call(&mut app, "calendar.day", json!({"date": "20270104"})).unwrap();
        assert_eq!(
            (day["working"].clone(), day["known"].clone()),
            (json!(true), json!(false))
        );
        let due = call(
            &mut app,
            "calendar.due",
            json!({"start": "2023-09-27", "days": 20}),
        )
        .unwrap();
        assert_eq!(due["due"], "2023-10-31");
        assert_eq!(
            due["skipped"][0],
            json!({"name": "中秋节、国庆节", "from": "2023-09-29", "to": "2023-10-06"})
        );
        assert_eq!(due["makeup_days"], json!(["2023-10-07", "2023-10-08"]));
        assert_eq!(due["provisional"], false);
        let span = call(
            &mut app,
            "calendar.between",
            json!({"from": "2023-09-27", "to": "2023-10-31"}),
        )
        .unwrap();
        assert_eq!(span["working_days"], 20);
        let span = call(
            &mut app,
            "calendar.between",
            json!({"from": "2026-12-01", "to": "2027-01-05"}),
        )
        .unwrap();
        assert_eq!(
            (span["provisional"].clone(), span["unknown_years"].clone()),
            (json!(true), json!([2027]))
        );
        let err = call(
            &mut app,
            "calendar.due",
            json!({"start": "2023-02-30", "days": 1}),
        )
        .unwrap_err();
        assert_eq!(err.to_json()["field"], "start");
    }

    #[test]
    fn the_clerk_types_a_new_year_then_removes_it() {
        let mut app = App::open_in_memory().unwrap();
        let years = call(&mut app, "holidays.years", json!({})).unwrap();
        let this_year = years["this_year"].as_i64().unwrap() as i32;
        let next = this_year.max(2026) + 1;
        assert!(
            years["unknown"].as_array().unwrap().contains(&json!(next)) || next > this_year + 1
        );

        let bad = call(
            &mut app,
            "holidays.save",
            json!({"year": next, "holidays": format!("{next}-01-01 元旦\n{next}-02-31"),
                   "workdays": format!("{next}-01-0{}", 4)}),
        )
        .unwrap_err();
        let problems = bad.to_json()["problems"].clone();
        assert!(
            problems[0]["message"]
                .as_str()
                .unwrap()
                .starts_with("第2行"),
            "{problems}"
        );
        assert_eq!(problems[0]["path"], "holidays");

        let saved = call(
            &mut app,
            "holidays.save",
            json!({"year": next, "holidays": "1-1 元旦\n2-10 至 2-12 春节", "workdays": ""}),
        )
        .unwrap();
        assert_eq!(saved["year"], next);
        let day = call(
            &mut app,
            "calendar.day",
            json!({"date": format!("{next}-02-11")}),
        )
        .unwrap();
        assert_eq!(
            (
                day["working"].clone(),
                day["known"].clone(),
                day["name"].clone()
            ),
            (json!(false), json!(true), json!("春节"))
        );
        let got = call(&mut app, "holidays.get", json!({"year": next})).unwrap();
        assert_eq!(
            got["holidays"],
            format!("{next}-01-01 元旦\n{next}-02-10至{next}-02-12 春节")
        );
        assert_eq!(got["info"]["source"], "clerk");

        call(&mut app, "holidays.delete", json!({"year": next})).unwrap();
        let day = call(
            &mut app,
            "calendar.day",
            json!({"date": format!("{next}-02-11")}),
        )
        .unwrap();
        assert_eq!(day["known"], false);
        let err = call(&mut app, "holidays.delete", json!({"year": next})).unwrap_err();
        assert_eq!(err.code(), "not_found");
    }

    #[test]
    fn a_make_up_day_must_be_a_weekend_day() {
        let mut app = App::open_in_memory().unwrap();
        let err = call(
            &mut app,
            "holidays.save",
            json!({"year": 2027, "holidays": "2027-01-01", "workdays": "2027-01-04"}),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("2027-01-04 是星期一，本来就是工作日"),
            "{err}"
        );
    }

    #[test]
    fn importing_a_holiday_cn_file_replaces_a_year_and_recomputes_due_dates() {
        let mut app = App::open_in_memory().unwrap();
        call(
            &mut app,
            "register.create",
            json!({"register": "disclosures", "record": {"title": "国庆前形成", "category": "其他", "formed_on": "2023-09-27"}}),
        )
        .unwrap();
        // A file for 2023 without the National Day holiday: the due dates move earlier.
        let text = r#"{"year": 2023, "papers": [], "days": [{"name": "元旦", "date": "2023-01-02", "isOffDay": true}]}"#;
        let done = call(
            &mut app,
            "holidays.import",
            json!({"text": text, "name": "2023.json"}),
        )
        .unwrap();
        assert_eq!(
            (done["year"].clone(), done["recomputed"].clone()),
            (json!(2023), json!(1))
        );
        let listed = call(
            &mut app,
            "register.list",
            json!({"register": "disclosures", "query": {"year": 2023}}),
        )
        .unwrap();
        assert_eq!(listed["rows"][0]["_due_local_on"], "2023-10-06");
        let years = call(&mut app, "holidays.years", json!({})).unwrap();
        let y2023 = years["years"]
            .as_array()
            .unwrap()
            .iter()
            .find(|y| y["year"] == 2023)
            .unwrap()
            .clone();
        assert_eq!(
            (y2023["source"].clone(), y2023["replaces_bundled"].clone()),
            (json!("clerk"), json!(true))
        );
        assert_eq!(y2023["note"], "导入文件 2023.json");
        let err = call(
            &mut app,
            "holidays.import",
            json!({"text": "{\"year\": 2023}"}),
        )
        .unwrap_err();
        assert!(err.to_string().contains("holiday-cn"), "{err}");
    }
}
