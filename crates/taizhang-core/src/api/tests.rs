use serde_json::json;

use super::*;

#[test]
fn commands_answer_json_and_errors_have_code_and_message() {
    let mut app = App::open_in_memory().unwrap();
    let Reply::Json(status) = dispatch(&mut app, "app.status", json!(null)).unwrap() else {
        panic!()
    };
    assert_eq!(status["needs_setup"], true);
    let err = dispatch(&mut app, "office.save", json!({"name": "  "})).unwrap_err();
    assert_eq!(
        err.to_json(),
        json!({"code": "invalid", "message": "请填写单位名称（如：长庆街道办事处）", "field": "name"})
    );
    dispatch(&mut app, "office.save", json!({"name": "长庆街道办事处"})).unwrap();
    let Reply::Json(status) = dispatch(&mut app, "app.status", json!({})).unwrap() else {
        panic!()
    };
    assert_eq!(status["needs_setup"], false);
    assert_eq!(status["office"]["name"], "长庆街道办事处");
}

fn unit_names(app: &mut App) -> Vec<(String, String)> {
    let Reply::Json(units) =
        dispatch(app, "units.list", json!({"include_archived": true})).unwrap()
    else {
        panic!()
    };
    units
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["name"].as_str().unwrap().to_string(),
                u["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn completing_the_first_launch_gives_the_front_desk_window_once() {
    let mut app = App::open_in_memory().unwrap();
    assert!(unit_names(&mut app).is_empty(), "no unit before the setup");
    // A refused name completes nothing.
    dispatch(&mut app, "office.save", json!({"name": ""})).unwrap_err();
    assert!(unit_names(&mut app).is_empty());
    dispatch(&mut app, "office.save", json!({"name": "长庆街道办事处"})).unwrap();
    let front_desk = vec![("前台".to_string(), "other".to_string())];
    assert_eq!(unit_names(&mut app), front_desk);
    // Saving the office again, even after the clerk archived or renamed the
    // window, adds nothing.
    dispatch(
        &mut app,
        "units.update",
        json!({"id": 1, "name": "服务大厅", "kind": "other"}),
    )
    .unwrap();
    dispatch(
        &mut app,
        "office.save",
        json!({"name": "长庆街道", "superior": "区政府"}),
    )
    .unwrap();
    assert_eq!(
        unit_names(&mut app),
        [("服务大厅".to_string(), "other".to_string())]
    );
}

#[test]
fn the_front_desk_is_not_added_where_units_exist_or_by_an_import() {
    // Units typed before the name: the office has its own windows.
    let mut app = App::open_in_memory().unwrap();
    dispatch(
        &mut app,
        "units.add",
        json!({"name": "党政办", "kind": "section"}),
    )
    .unwrap();
    dispatch(&mut app, "office.save", json!({"name": "长庆街道办事处"})).unwrap();
    assert_eq!(
        unit_names(&mut app),
        [("党政办".to_string(), "section".to_string())]
    );
    // A package sets the office of a fresh file without making a unit.
    let mut app = App::open_in_memory().unwrap();
    let package = json!({"format": "taizhang.dataset/1", "office": {"name": "长庆街道办事处"}});
    dispatch(
        &mut app,
        "data.import",
        json!({"text": package.to_string()}),
    )
    .unwrap();
    assert!(unit_names(&mut app).is_empty());
}

#[test]
fn an_unknown_command_or_bad_arguments_are_refused_in_chinese() {
    let mut app = App::open_in_memory().unwrap();
    let err = dispatch(&mut app, "drop.everything", json!({})).unwrap_err();
    assert_eq!(err.code(), "unknown_command");
    let err = dispatch(&mut app, "units.archive", json!({"id": "x"})).unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert!(err.to_string().starts_with("参数有误"));
    let err = dispatch(&mut app, "register.list", json!({"register": "nope"})).unwrap_err();
    assert!(err.to_string().contains("nope"));
}

#[test]
fn every_command_name_is_unique() {
    let names = command_names();
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), names.len());
}

#[test]
fn data_export_hands_back_a_named_file() {
    let mut app = App::open_in_memory().unwrap();
    dispatch(&mut app, "office.save", json!({"name": "长庆街道办事处"})).unwrap();
    let Reply::Files { files, .. } =
        dispatch(&mut app, "data.export", json!({"year": 2018})).unwrap()
    else {
        panic!()
    };
    assert_eq!(files[0].name, "长庆街道办事处2018年台账数据.json");
    let v: serde_json::Value = serde_json::from_slice(&files[0].bytes).unwrap();
    assert_eq!(v["office"]["name"], "长庆街道办事处");
}

#[test]
fn tally_commands_set_a_cell_show_it_in_the_grid_and_export_it() {
    let mut app = App::open_in_memory().unwrap();
    let json_of = |r: Reply| match r {
        Reply::Json(v) => v,
        Reply::Files { .. } => panic!("files"),
    };
    let unit = json_of(
        dispatch(
            &mut app,
            "units.add",
            json!({"name": "前台", "kind": "other"}),
        )
        .unwrap(),
    );
    let item = json_of(
        dispatch(
            &mut app,
            "service_items.add",
            json!({"name": "办理老年卡", "unit": "人", "group": ""}),
        )
        .unwrap(),
    );
    let (w, i) = (unit["id"].clone(), item["id"].clone());
    let change = json_of(
        dispatch(
            &mut app,
            "tallies.set",
            json!({"window": w, "item": i, "period": "2024-03-05", "count": "12"}),
        )
        .unwrap(),
    );
    assert_eq!(
        change,
        json!({"item": i, "period": "2024-03-05", "before": null, "after": 12})
    );
    let grid = json_of(
        dispatch(
            &mut app,
            "tallies.grid",
            json!({"window": w, "year": 2024, "month": 3}),
        )
        .unwrap(),
    );
    assert_eq!(
        (grid["rows"][0]["days"][4].clone(), grid["total"].clone()),
        (json!(12), json!(12))
    );
    let err = dispatch(
        &mut app,
        "tallies.set",
        json!({"window": w, "item": i, "period": "2024-03-06", "count": "x"}),
    )
    .unwrap_err();
    assert_eq!(err.to_json()["field"], "count");
    let Reply::Files { files, .. } = dispatch(
        &mut app,
        "tallies.export",
        json!({"view": "grid", "window": w, "year": 2024, "month": 3}),
    )
    .unwrap() else {
        panic!()
    };
    assert!(
        files[0].name.ends_with("前台2024年3月.xlsx"),
        "{}",
        files[0].name
    );
    let err = dispatch(&mut app, "tallies.grid", json!({"year": 2024, "month": 3})).unwrap_err();
    assert_eq!(err.to_json()["field"], "window");
}

fn declared(name: &str) -> Effect {
    commands().find(|c| c.name == name).unwrap().effect
}

#[test]
fn commands_declare_whether_they_write() {
    for name in [
        "report.narrative_save",
        "report.heading_save",
        "annual_figures.trial_cells_save",
        "register.create",
        "tallies.set",
        "backup.restore",
        "data.import",
    ] {
        assert_eq!(declared(name), Effect::Writes, "{name}");
    }
    // backup.save and backup.now copy the data file elsewhere; nothing in it changes.
    for name in [
        "register.list",
        "report.narratives",
        "backup.save",
        "backup.now",
        "app.commands",
    ] {
        assert_eq!(declared(name), Effect::Reads, "{name}");
    }
    let mut app = App::open_in_memory().unwrap();
    let Reply::Json(list) = dispatch(&mut app, "app.commands", json!({})).unwrap() else {
        panic!()
    };
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), command_names().len());
    assert!(list.contains(&json!({"name": "report.narrative_save", "writes": true})));
    assert!(list.contains(&json!({"name": "register.list", "writes": false})));
}

/// Calls in a command's run function that commit to the data file: a write
/// transaction or a layer below that opens one (records, holidays, imports,
/// restores).
const WRITE_CALLS: &[&str] = &[
    ".write(",
    "register::create(",
    "register::update(",
    "register::update_checked(",
    "register::delete(",
    "register::delete_checked(",
    "holidays::store_year(",
    "holidays::remove_year(",
    "dataset::import(",
    "excel::import(",
    "excel::import_with(",
    "backup::restore_path(",
    "backup::restore_bytes(",
    "roster::save(",
    "roster::import(",
];

/// Read from the table's sources: each command's run function writes exactly
/// when it is declared as writing.
#[test]
fn run_functions_that_write_are_declared_as_writing() {
    let sources = [
        include_str!("applications.rs"),
        include_str!("calendar.rs"),
        include_str!("data.rs"),
        include_str!("disclosures.rs"),
        include_str!("district.rs"),
        include_str!("office.rs"),
        include_str!("registers.rs"),
        include_str!("report.rs"),
        include_str!("safety.rs"),
        include_str!("table2_figures.rs"),
        include_str!("tallies.rs"),
    ];
    let mut checked = 0;
    for source in sources {
        let table = source.split("\n];").next().unwrap();
        for entry in table.split("Command {").skip(1) {
            let field = |key: &str| {
                let rest = &entry[entry.find(key)? + key.len()..];
                Some(rest[..rest.find(',')?].trim().trim_matches('"').to_string())
            };
            let name = field("name:").unwrap();
            // `run,` is shorthand for `run: run,`.
            let run = field("run:").unwrap_or_else(|| "run".to_string());
            let start = source
                .find(&format!("\nfn {run}("))
                .or_else(|| source.find(&format!("\npub fn {run}(")))
                .unwrap_or_else(|| panic!("{name}: no fn {run}"));
            let body = &source[start + 1..];
            let body = &body[..body.find("\n}\n").unwrap()];
            let writes = WRITE_CALLS.iter().any(|w| body.contains(w));
            assert_eq!(
                declared(&name) == Effect::Writes,
                writes,
                "{name} (fn {run}) is declared {:?}",
                declared(&name)
            );
            checked += 1;
        }
    }
    assert_eq!(checked, command_names().len());
}
