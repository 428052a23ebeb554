use serde_json::{json, Value};

use super::*;
use crate::app::App;

/// The office and units of the 2018 sample package.
fn sample() -> Value {
    json!({
        "format": "taizhang.dataset/1",
        "exported_at": "2019-07-05T12:32:00+08:00",
        "office": {"name": "长庆街道办事处", "superior": "杭州市下城区人民政府", "contact": null},
        "units": [{"name": "前台", "kind": "other"}, {"name": "十五家园社区", "kind": "community"}],
        "messages": [
            {"id": "m-1", "received_on": "2018-03-01", "channel": "政府信息公开网", "topic": "咨询", "replied_on": "2018-03-03"}
        ],
        "some_future_key": {"ignored": true}
    })
}

fn counts(app: &App) -> (i64, i64, i64) {
    let c = |t: &str| {
        app.store
            .conn()
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    };
    (c("units"), c("messages"), c("audit_log"))
}

#[test]
fn import_then_export_gives_the_same_office_units_and_records() {
    let mut app = App::open_in_memory().unwrap();
    let summary = import(&mut app, &sample()).unwrap();
    assert_eq!(summary.changed["units"], 2);
    let out = export(&app, &ExportOptions::default()).unwrap();
    assert_eq!(out["format"], FORMAT);
    assert_eq!(out["office"], sample()["office"]);
    assert_eq!(out["units"], sample()["units"]);
    let m = &out["messages"][0];
    assert_eq!(
        (m["id"].as_str(), m["topic"].as_str()),
        (Some("m-1"), Some("咨询"))
    );
}

#[test]
fn importing_the_same_package_twice_changes_nothing() {
    let mut app = App::open_in_memory().unwrap();
    import(&mut app, &sample()).unwrap();
    let before = counts(&app);
    let again = import(&mut app, &sample()).unwrap();
    assert_eq!(again.total, 0);
    assert_eq!(counts(&app), before, "no new rows, no new audit entries");
}

#[test]
fn a_package_with_problems_imports_nothing_and_lists_every_problem() {
    let mut app = App::open_in_memory().unwrap();
    let mut bad = sample();
    bad["units"][1]["kind"] = json!("planet");
    bad["messages"] = json!([
        {"id": "m-1", "received_on": "2018-02-30", "topic": "x"},
        {"id": "m-2", "received_on": "2018-03-05", "topic": "y", "replied_on": "2018-03-01"},
        "not an object"
    ]);
    let err = import(&mut app, &bad).unwrap_err();
    let Error::Problems { problems } = &err else {
        panic!("{err:?}")
    };
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "units[1].kind",
            "messages[0].received_on",
            "messages[1].replied_on",
            "messages[2]"
        ]
    );
    assert!(problems[1].message.contains("日期"));
    assert_eq!(counts(&app), (0, 0, 0));
    assert_eq!(
        taizhang_store::office::get_office(app.store.conn()).unwrap().name,
        "",
        "office untouched too"
    );
}

#[test]
fn references_resolve_within_the_package_or_the_database() {
    let mut app = App::open_in_memory().unwrap();
    let mut p = sample();
    p["units"] = json!([]);
    import(&mut app, &p).unwrap();
    let err = import(
        &mut app,
        &json!({"format": FORMAT, "holidays": [{"year": 2027, "holidays": ["2027-01-01"], "workdays": ["2027-01-01"]}]}),
    )
    .unwrap_err();
    assert!(err.to_string().contains("2027-01-01"), "{err}");
}

#[test]
fn a_newer_format_is_refused_with_a_clear_message() {
    let mut app = App::open_in_memory().unwrap();
    let err = import(&mut app, &json!({"format": "taizhang.dataset/2"})).unwrap_err();
    assert!(err.to_string().contains("更新版本"), "{err}");
    let err = import(&mut app, &json!({"format": "something-else"})).unwrap_err();
    assert!(err.to_string().contains("something-else"), "{err}");
    let err = parse("{not json").unwrap_err();
    assert!(err.to_string().contains("第 1 行"), "{err}");
}

#[test]
fn imported_holidays_change_the_calendar() {
    let mut app = App::open_in_memory().unwrap();
    assert!(!app.calendar().is_known(2027));
    import(
        &mut app,
        &json!({"format": FORMAT, "holidays": [{"year": 2027, "holidays": ["2027-01-01"], "workdays": ["2027-01-02"]}]}),
    )
    .unwrap();
    assert!(app.calendar().is_known(2027));
    let d = chrono::NaiveDate::from_ymd_opt(2027, 1, 2).unwrap();
    assert!(app.calendar().is_working_day(d));
    let out = export(&app, &ExportOptions::default()).unwrap();
    assert_eq!(out["holidays"][0]["year"], 2027);
}

#[test]
fn a_holiday_listed_twice_is_a_problem_at_its_place_not_a_database_error() {
    // Found by the fuzz test of the importer (tests/data_safety/fuzz.rs).
    let mut app = App::open_in_memory().unwrap();
    let err = import(
        &mut app,
        &json!({"format": FORMAT, "holidays": [{"year": 2027, "holidays": ["2027-01-01", "2027-01-01"]}]}),
    )
    .unwrap_err();
    assert_eq!(
        err.to_json()["problems"][0]["path"],
        "holidays[0].holidays[1]",
        "{err}"
    );
    assert!(err.to_string().contains("重复"));
}

#[test]
fn the_offices_own_disclosure_limit_travels_with_the_office() {
    use taizhang_records::registers::disclosures::timeliness::local_days;
    let mut app = App::open_in_memory().unwrap();
    import(&mut app, &sample()).unwrap();
    let out = export(&app, &ExportOptions::default()).unwrap();
    assert!(
        out["office"].get("disclosure_local_limit_days").is_none(),
        "the default limit is not written: {}",
        out["office"]
    );

    // A disclosure formed Fri 2023-09-01, published Tue 09-12 (7 working days
    // later): on time against 7 days, late against 5.
    let mut package = sample();
    package["office"]["disclosure_local_limit_days"] = json!(5);
    package["disclosures"] = json!([{"id": "d-1", "title": "预算", "category": "财政预决算",
        "formed_on": "2023-09-01", "published_on": "2023-09-12", "channels": ["门户网站"]}]);
    let mut office = App::open_in_memory().unwrap();
    import(&mut office, &package).unwrap();
    assert_eq!(local_days(office.store.conn()), 5);
    let exported = export(&office, &ExportOptions::default()).unwrap();
    assert_eq!(exported["office"]["disclosure_local_limit_days"], 5);

    // The district (a fresh file) judges the disclosure as the office does.
    let mut district = App::open_in_memory().unwrap();
    import(&mut district, &exported).unwrap();
    assert_eq!(local_days(district.store.conn()), 5);
    let record =
        taizhang_records::framework::crud::get(&district, &taizhang_records::registers::disclosures::SPEC, "d-1").unwrap();
    assert_eq!(
        record["_status_label"],
        json!("超本单位时限（未超法定）"),
        "{record:?}"
    );

    // Importing it again changes nothing; a bad limit is refused with its path.
    assert_eq!(import(&mut district, &exported).unwrap().total, 0);
    for bad in [json!(0), json!(21), json!("五")] {
        let mut p = exported.clone();
        p["office"]["disclosure_local_limit_days"] = bad;
        let err = import(&mut district, &p).unwrap_err();
        assert_eq!(
            err.to_json()["problems"][0]["path"],
            "office.disclosure_local_limit_days"
        );
    }
    assert_eq!(local_days(district.store.conn()), 5);
}

/// `formed_on` is optional in `taizhang.dataset/1` when `published_on` is
/// given (a ledger imported without 形成日期); it travels as `null`, and a
/// disclosure with neither date is refused at its path.
#[test]
fn a_disclosure_without_formed_on_travels_as_null() {
    let mut app = App::open_in_memory().unwrap();
    let mut package = sample();
    package["disclosures"] = json!([
        {"id": "d-1", "title": "月度财政收支情况", "category": "财政预决算", "published_on": "2023-04-10"}
    ]);
    import(&mut app, &package).unwrap();
    let out = export(&app, &ExportOptions::default()).unwrap();
    assert_eq!(out["disclosures"][0]["formed_on"], Value::Null);
    assert_eq!(out["disclosures"][0]["published_on"], "2023-04-10");

    let mut undated = sample();
    undated["disclosures"] = json!([{"id": "d-2", "title": "无日期", "category": "财政预决算"}]);
    let err = import(&mut app, &undated).unwrap_err();
    let Error::Problems { problems } = &err else { panic!("{err:?}") };
    assert_eq!(problems[0].path, "disclosures[0].formed_on");
    assert!(problems[0].message.contains("形成日期和公开日期至少填写一个"));
}

#[test]
fn the_district_roster_travels_in_the_package_only_when_there_is_one() {
    let mut app = App::open_in_memory().unwrap();
    import(&mut app, &sample()).unwrap();
    let out = export(&app, &ExportOptions::default()).unwrap();
    assert!(
        out.get("district_roster").is_none(),
        "an office's package stays as it was"
    );
    assert!(out.get("year").is_none());

    let mut package = sample();
    package["district_roster"] = json!([{"name": "长庆街道", "code": "C1"}, {"name": "潮鸣街道"}]);
    let summary = import(&mut app, &package).unwrap();
    assert_eq!(summary.changed["district_roster"], 1);
    let out = export(
        &app,
        &ExportOptions {
            year: Some(2018),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(out["district_roster"], package["district_roster"]);
    assert_eq!(
        out["year"], 2018,
        "a year's package says which year it is for"
    );
    // Again: nothing changes. A package without a roster leaves the file's.
    assert_eq!(import(&mut app, &package).unwrap().total, 0);
    import(&mut app, &sample()).unwrap();
    assert_eq!(crate::roster::list(&app).unwrap().len(), 2);
}

#[test]
fn a_bad_roster_in_a_package_refuses_the_whole_package() {
    let mut app = App::open_in_memory().unwrap();
    let mut package = sample();
    package["district_roster"] =
        json!([{"name": "长庆街道"}, {"name": "长庆街道办事处", "code": 7}]);
    let Err(Error::Problems { problems }) = import(&mut app, &package) else {
        panic!("refused with every problem")
    };
    let text: Vec<String> = problems
        .iter()
        .map(|p| format!("{}：{}", p.path, p.message))
        .collect();
    assert!(
        text.contains(&"district_roster[1].code：应为文字".to_string()),
        "{text:?}"
    );
    assert!(
        text.iter().any(|t| t.starts_with(
            "district_roster[1].name：第2行：“长庆街道办事处”与第1行“长庆街道”是同一单位"
        )),
        "{text:?}"
    );
    assert_eq!(counts(&app).0, 0, "nothing imported");
}

fn audit_rows(app: &App) -> Vec<(String, String, String, Option<String>)> {
    app.store
        .conn()
        .prepare("SELECT action, register, record_id, after FROM audit_log ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn an_import_is_one_entry_for_what_it_added_and_changes_keep_before_and_after() {
    use taizhang_records::framework::{crud, find};
    let mut app = App::open_in_memory().unwrap();
    import(&mut app, &sample()).unwrap();
    let rows = audit_rows(&app);
    // The office row exists in every file: its change keeps before/after.
    assert_eq!(rows[0].0, "update");
    assert_eq!(rows[0].1, "office");
    let rows = rows[1..].to_vec();
    assert_eq!(rows.len(), 1, "one entry for what the import added: {rows:?}");
    let (action, register, digest_id, after) = &rows[0];
    assert_eq!((action.as_str(), register.as_str()), ("import", "dataset"));
    assert_eq!(digest_id, &digest(&sample()));
    assert_eq!(digest_id.len(), 64);
    let after: Value = serde_json::from_str(after.as_deref().unwrap()).unwrap();
    assert_eq!(after["added"]["messages"], json!(["m-1"]));
    assert_eq!(after["added"]["units"].as_array().unwrap().len(), 2);
    assert_eq!(after["messages"], 1);

    // A second package changes m-1 and adds m-2.
    let mut next = sample();
    next["messages"] = json!([
        {"id": "m-1", "received_on": "2018-03-01", "channel": "政府信息公开网", "topic": "咨询（改）", "replied_on": "2018-03-03"},
        {"id": "m-2", "received_on": "2018-04-01", "topic": "新的"}
    ]);
    import(&mut app, &next).unwrap();
    let rows = audit_rows(&app)[1..].to_vec();
    let new: Vec<_> = rows[1..].iter().map(|r| (r.0.as_str(), r.2.as_str())).collect();
    let next_digest = digest(&next);
    assert_ne!(next_digest, digest(&sample()));
    assert_eq!(new, vec![("update", "m-1"), ("import", next_digest.as_str())]);
    let update: Value = serde_json::from_str(rows[1].3.as_deref().unwrap()).unwrap();
    assert_eq!(update["topic"], "咨询（改）");

    let spec = find("messages").unwrap();
    let added = crud::history(app.store.conn(), spec, "m-2").unwrap();
    assert_eq!(added.len(), 1);
    assert_eq!(added[0]["action"], "import");
    assert_eq!(added[0]["digest"], next_digest.as_str());
    let note = added[0]["note"].as_str().unwrap();
    assert!(note.starts_with("由导入添加（包 SHA-256 "), "{note}");
    assert!(note.contains(&next_digest[..12]));
    // m-1: added by the first import, then changed by the second.
    let changed = crud::history(app.store.conn(), spec, "m-1").unwrap();
    let actions: Vec<&str> = changed.iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["import", "update"]);
    assert_eq!(changed[0]["digest"], digest(&sample()).as_str());
    assert_eq!(changed[1]["before"]["topic"], "咨询");

    // The log's page shows how many were added, not every id.
    let page = taizhang_records::audit::list(app.store.conn(), &Default::default()).unwrap();
    assert_eq!(page.entries[0]["added"], json!({"messages": 1}));
    assert_eq!(page.entries[0]["added_labels"], json!({"messages": "网友留言"}));
    // Filtered by a record, the log shows the import that added it too.
    let q = |register: Option<&str>, id: &str| taizhang_records::audit::AuditQuery {
        register: register.map(str::to_string),
        record_id: Some(id.to_string()),
        ..Default::default()
    };
    let of = |register: Option<&str>, id: &str| -> Vec<(String, String)> {
        taizhang_records::audit::list(app.store.conn(), &q(register, id))
            .unwrap()
            .entries
            .iter()
            .map(|e| (e["action"].as_str().unwrap().into(), e["record_id"].as_str().unwrap().into()))
            .collect()
    };
    let first = digest(&sample());
    assert_eq!(
        of(Some("messages"), "m-1"),
        vec![("update".into(), "m-1".into()), ("import".into(), first.clone())]
    );
    assert_eq!(of(None, "m-2"), vec![("import".into(), next_digest.clone())]);
    assert_eq!(of(Some("units"), "m-2"), vec![], "m-2 was not added as a unit");
    assert_eq!(of(Some("messages"), "m-"), vec![], "whole ids only");
    assert!(page.entries[0]["after"].get("added").is_none());
}

#[test]
fn a_record_typed_by_hand_keeps_its_own_creation_entry() {
    use taizhang_records::framework::{crud, find};
    let mut app = App::open_in_memory().unwrap();
    import(&mut app, &sample()).unwrap();
    let spec = find("messages").unwrap();
    let mut input = taizhang_records::framework::Record::new();
    input.insert("received_on".into(), json!("2018-05-01"));
    input.insert("topic".into(), json!("手工录入"));
    let rec = crud::create(&mut app, spec, &input).unwrap();
    let id = rec["id"].as_str().unwrap();
    let history = crud::history(app.store.conn(), spec, id).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["action"], "create");
}
