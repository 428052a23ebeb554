//! A locked year refuses every change to its figures and accepts changes to
//! other years; the refusal names the lock.

use serde_json::{json, Value};

use taizhang_core::App;

use super::common::{call, counts, try_call};

fn locked_office() -> App {
    let mut app = App::open_in_memory().unwrap();
    // Completing the first launch adds the window 前台 (unit 1).
    call(&mut app, "office.save", json!({"name": "长庆街道办事处"}));
    call(
        &mut app,
        "service_items.add",
        json!({"name": "居住证", "unit": "本"}),
    );
    for (id, day) in [("m-2023", "2023-06-01"), ("m-2024", "2024-02-01")] {
        call(
            &mut app,
            "register.create",
            json!({"register": "messages",
            "record": {"id": id, "received_on": day, "topic": "咨询"}}),
        );
    }
    call(
        &mut app,
        "tallies.set",
        json!({"window": 1, "item": 1, "period": "2023-05-05", "count": 2}),
    );
    call(
        &mut app,
        "metrics.save",
        json!({"year": 2023, "name": "会议次数", "unit": "次", "value": 3}),
    );
    call(
        &mut app,
        "locks.lock",
        json!({"year": 2023, "note": "年报已报送"}),
    );
    app
}

fn message(id: &str, day: &str, topic: &str) -> Value {
    json!({"register": "messages", "id": id, "record": {"received_on": day, "topic": topic}})
}

#[test]
fn a_locked_year_refuses_an_edit_to_a_record_counted_in_it_and_accepts_another_year() {
    let mut app = locked_office();
    let before = counts(&app);
    let refused: Vec<(&str, Value)> = vec![
        ("register.update", message("m-2023", "2023-06-01", "改")),
        // Moving a record into or out of the locked year changes its figures too.
        ("register.update", message("m-2023", "2024-06-01", "咨询")),
        ("register.update", message("m-2024", "2023-12-31", "咨询")),
        (
            "register.delete",
            json!({"register": "messages", "id": "m-2023"}),
        ),
        (
            "register.create",
            json!({"register": "messages", "record": {"received_on": "2023-01-09", "topic": "新"}}),
        ),
        (
            "tallies.set",
            json!({"window": 1, "item": 1, "period": "2023-05-05", "count": 9}),
        ),
        (
            "tallies.set",
            json!({"window": 1, "item": 1, "period": "2023-07", "count": 9}),
        ),
        (
            "tallies.set_many",
            json!({"window": 1, "cells": [{"item": 1, "period": "2023-05-05", "count": null}]}),
        ),
        (
            "tallies.paste",
            json!({"window": 1, "items": [1], "periods": ["2023-05-06"], "text": "4"}),
        ),
        (
            "metrics.save",
            json!({"id": 1, "year": 2023, "name": "会议次数", "unit": "次", "value": 5}),
        ),
        (
            "metrics.save",
            json!({"year": 2023, "name": "培训次数", "unit": "次", "value": 1}),
        ),
        ("metrics.delete", json!({"id": 1})),
    ];
    for (name, args) in refused {
        let err = try_call(&mut app, name, args.clone()).unwrap_err();
        let j = err.to_json();
        assert_eq!(j["code"], "year_locked", "{name} {args}: {err}");
        assert!(err.to_string().contains("2023年度已锁定"), "{err}");
        assert_eq!(counts(&app), before, "{name}: nothing changed");
    }
    // Another year goes on as usual.
    call(
        &mut app,
        "register.update",
        message("m-2024", "2024-02-01", "已改"),
    );
    call(
        &mut app,
        "tallies.set",
        json!({"window": 1, "item": 1, "period": "2024-05-05", "count": 9}),
    );
    call(
        &mut app,
        "metrics.save",
        json!({"year": 2024, "name": "会议次数", "unit": "次", "value": 1}),
    );
    // Settings that do not touch a year's figures stay editable.
    call(
        &mut app,
        "units.add",
        json!({"name": "党政办", "kind": "section"}),
    );
    call(&mut app, "office.save", json!({"name": "长庆街道"}));

    // Unlocked (with a reason), the year is editable again.
    let err = try_call(
        &mut app,
        "locks.unlock",
        json!({"year": 2023, "reason": ""}),
    )
    .unwrap_err();
    assert_eq!(err.to_json()["field"], "reason");
    call(
        &mut app,
        "locks.unlock",
        json!({"year": 2023, "reason": "更正差错"}),
    );
    call(
        &mut app,
        "register.update",
        message("m-2023", "2023-06-01", "改"),
    );
}

#[test]
fn imports_into_a_locked_year_are_refused_with_the_place_in_the_package() {
    let mut app = locked_office();
    let before = counts(&app);
    let cases = [
        (
            json!({"messages": [{"id": "m-2024", "received_on": "2024-02-01", "topic": "咨询"},
                             {"id": "m-new", "received_on": "2023-03-03", "topic": "x"}]}),
            "messages[1]",
        ),
        (
            json!({"holidays": [{"year": 2023, "holidays": ["2023-10-09"], "workdays": []}]}),
            "holidays",
        ),
        (
            json!({"metrics": [{"year": 2023, "name": "会议次数", "unit": "次", "value": 8}]}),
            "metrics",
        ),
        (
            json!({"service_tallies": [{"item": "居住证", "window": "前台", "period": "2023-05-05", "count": 7}]}),
            "service_tallies",
        ),
    ];
    for (mut package, path) in cases {
        package["format"] = json!("taizhang.dataset/1");
        let err = try_call(
            &mut app,
            "data.import",
            json!({"text": package.to_string()}),
        )
        .unwrap_err();
        let j = err.to_json();
        assert_eq!(j["problems"][0]["path"], path, "{j}");
        assert!(
            j["problems"][0]["message"]
                .as_str()
                .unwrap()
                .contains("2023年度已锁定"),
            "{j}"
        );
        assert_eq!(counts(&app), before);
    }
    // The same package for 2024 goes in.
    let ok = json!({"format": "taizhang.dataset/1",
        "holidays": [{"year": 2024, "holidays": ["2024-10-09"], "workdays": []}]});
    call(&mut app, "data.import", json!({"text": ok.to_string()}));
}

#[test]
fn the_status_and_the_lock_list_say_when_a_year_was_locked() {
    let mut app = locked_office();
    let locks = call(&mut app, "locks.list", json!({}));
    assert_eq!(locks[0]["year"], 2023);
    assert_eq!(locks[0]["note"], "年报已报送");
    let at = taizhang_core::locks::locked_at(app.store.conn(), 2023)
        .unwrap()
        .unwrap();
    assert_eq!(locks[0]["locked_at"], at);
    let status = call(&mut app, "app.status", json!({}));
    assert!(
        status["lock_summary"].as_str().unwrap().contains("年度"),
        "{status}"
    );
}

#[test]
fn a_holiday_change_that_moves_a_locked_years_due_date_is_refused() {
    let mut app = App::open_in_memory().unwrap();
    // Received late in 2023: its 20 working days run into January 2024.
    let rec = call(
        &mut app,
        "register.create",
        json!({"register": "applications",
        "record": {"received_on": "2023-12-20", "applicant_kind": "natural_person", "request": "申请公开预算"}}),
    );
    let due = rec["due_on"].clone();
    call(&mut app, "locks.lock", json!({"year": 2023}));
    let before = counts(&app);
    let err = try_call(
        &mut app,
        "holidays.save",
        json!({"year": 2024,
        "holidays": "2024-01-01至2024-01-12 假期", "workdays": ""}),
    )
    .unwrap_err();
    assert_eq!(err.to_json()["code"], "year_locked", "{err}");
    assert!(err.to_string().contains("2023年度已锁定"));
    assert_eq!(counts(&app), before);
    // The same change through a data package names its place.
    let package = json!({"format": "taizhang.dataset/1",
        "holidays": [{"year": 2024, "holidays": ["2024-01-08", "2024-01-09"], "workdays": []}]});
    let err = try_call(
        &mut app,
        "data.import",
        json!({"text": package.to_string()}),
    )
    .unwrap_err();
    assert_eq!(err.to_json()["problems"][0]["path"], "holidays");
    // A change to 2025 moves no 2023 due date: accepted.
    call(
        &mut app,
        "holidays.save",
        json!({"year": 2025, "holidays": "2025-10-01至2025-10-08 国庆节", "workdays": ""}),
    );
    let id = rec["id"].as_str().unwrap();
    let now = call(
        &mut app,
        "register.get",
        json!({"register": "applications", "id": id}),
    );
    assert_eq!(now["due_on"], due);
}
