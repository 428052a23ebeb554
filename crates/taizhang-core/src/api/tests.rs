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
