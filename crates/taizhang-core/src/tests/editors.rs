//! Two editors of one record through the commands (the app's window and a
//! second window, or the CLI's `call`): `register.update` and
//! `register.delete` with the version the form showed.

use serde_json::{json, Value};

use crate::api::{dispatch, Reply};
use crate::App;

fn call(app: &mut App, name: &str, args: Value) -> crate::error::Result<Value> {
    match dispatch(app, name, args)? {
        Reply::Json(v) => Ok(v),
        _ => panic!("{name} answered files"),
    }
}

fn proposal(title: &str) -> Value {
    json!({"kind": "npc_suggestion", "number": "12", "title": title, "received_on": "2023-03-01"})
}

#[test]
fn a_stale_form_is_refused_by_the_commands_and_a_script_without_a_version_is_not() {
    let mut app = App::open_in_memory().unwrap();
    let created = call(
        &mut app,
        "register.create",
        json!({"register": "proposals", "record": proposal("加装电梯")}),
    )
    .unwrap();
    let id = created["id"].as_str().unwrap().to_string();
    // Both windows open it from the list.
    let rows = call(&mut app, "register.list", json!({"register": "proposals"})).unwrap();
    let shown = rows["rows"][0]["_version"].as_i64().unwrap();
    assert_eq!(shown, created["_version"].as_i64().unwrap());

    let first = call(
        &mut app,
        "register.update",
        json!({"register": "proposals", "id": id, "version": shown, "record": proposal("加装电梯（二期）")}),
    )
    .unwrap();
    assert_eq!(first["_version"], shown + 1);

    let err = call(
        &mut app,
        "register.update",
        json!({"register": "proposals", "id": id, "version": shown, "record": proposal("老旧小区改造")}),
    )
    .unwrap_err()
    .to_json();
    assert_eq!(err["code"], "stale_record");
    assert_eq!(err["version"], shown + 1);
    let message = err["message"].as_str().unwrap();
    assert!(
        message.contains("“加装电梯”→“加装电梯（二期）”"),
        "{message}"
    );
    let stored = call(
        &mut app,
        "register.get",
        json!({"register": "proposals", "id": id}),
    )
    .unwrap();
    assert_eq!(stored["title"], "加装电梯（二期）");

    let err = call(
        &mut app,
        "register.delete",
        json!({"register": "proposals", "id": id, "version": shown}),
    )
    .unwrap_err();
    assert_eq!(err.code(), "stale_record");

    // A script that names no version writes as before.
    call(
        &mut app,
        "register.update",
        json!({"register": "proposals", "id": id, "record": proposal("老旧小区改造")}),
    )
    .unwrap();
    call(
        &mut app,
        "register.delete",
        json!({"register": "proposals", "id": id}),
    )
    .unwrap();
}
