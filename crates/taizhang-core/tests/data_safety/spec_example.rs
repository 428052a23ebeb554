//! The example package of `dataset-v1.md` (copied into `tests/fixtures`)
//! imports whole: import must accept every valid package the spec describes,
//! and its tally names the window 前台, which is none of its units.

use serde_json::{json, Value};

use taizhang_core::App;

use super::common::{call, counts, export};

fn example() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/dataset-v1-example.json"),
    )
    .unwrap()
}

fn units(app: &App) -> Vec<(String, String)> {
    taizhang_core::office::list_units(app.store.conn(), true)
        .unwrap()
        .into_iter()
        .map(|u| (u.name, u.kind))
        .collect()
}

#[test]
fn the_specs_example_package_imports_whole() {
    let text = example();
    let package: Value = serde_json::from_str(&text).unwrap();
    let mut app = App::open_in_memory().unwrap();

    // The preview says what will be made beyond the package's records.
    let preview = call(&mut app, "data.check", json!({"text": text}));
    assert_eq!(preview["problems"], json!([]));
    // Each section by the name the clerk knows, in import order.
    let sections: Vec<String> = preview["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| format!("{} {}", s["label"].as_str().unwrap(), s["count"]))
        .collect();
    assert_eq!(
        sections,
        [
            "科室和社区 2",
            "节假日安排 1",
            "主动公开 1",
            "规范性文件 1",
            "网友留言 1",
            "建议提案 1",
            "网站抽查 1",
            "依申请公开 1",
            "复议诉讼 1",
            "年度数据（表二） 1",
            "服务事项 1",
            "窗口业务量 1",
            "其他数据 1",
            "年报文字 1"
        ]
    );
    assert_eq!(
        preview["creates"],
        json!([{"section": "units", "name": "前台",
                 "note": "窗口“前台”还不是单位，将新建为单位（类型：其他）"}])
    );

    let summary = call(&mut app, "data.import", json!({"text": text}));
    // Every record of every array section, plus the window made a unit.
    for (key, value) in package.as_object().unwrap() {
        if let Some(list) = value.as_array() {
            let extra = (key == "units") as usize;
            assert_eq!(
                summary["changed"][key],
                json!(list.len() + extra),
                "{key}: {summary}"
            );
        }
    }
    assert_eq!(
        units(&app),
        [
            ("党政办".to_string(), "section".to_string()),
            ("长庆社区".to_string(), "community".to_string()),
            ("前台".to_string(), "other".to_string()),
        ]
    );
    let figures = serde_json::to_value(
        taizhang_core::annual::assemble(&app, 2018)
            .unwrap()
            .figures(),
    )
    .unwrap();
    assert_eq!(
        figures["service_tallies"],
        json!([{"item": "更换/补办证历本", "unit": "本", "count": 1200}])
    );
    assert_eq!(figures["disclosures"]["total"], json!(1));
    assert_eq!(figures["applications"]["rows"]["new"][6], json!(1));

    // Again: nothing changes, and the window is not made twice.
    let before = counts(&app);
    let again = call(&mut app, "data.import", json!({"text": text}));
    assert_eq!(again["total"], json!(0), "{again}");
    assert_eq!(counts(&app), before);

    // What it exported imports into a fresh file as the same.
    let exported = export(&app);
    let mut copy = App::open_in_memory().unwrap();
    call(
        &mut copy,
        "data.import",
        json!({"text": exported.to_string()}),
    );
    assert_eq!(export(&copy), exported);
}

#[test]
fn a_window_that_cannot_be_a_unit_is_refused_by_its_path_and_nothing_is_made() {
    let long = "窗".repeat(51);
    let text = json!({"format": "taizhang.dataset/1",
        "service_items": [{"name": "居住证", "unit": "本"}],
        "service_tallies": [
            {"item": "居住证", "window": "前台", "period": "2018", "count": 1},
            {"item": "居住证", "window": long, "period": "2018", "count": 1}]})
    .to_string();
    let mut app = App::open_in_memory().unwrap();
    let before = counts(&app);
    let err = super::common::try_call(&mut app, "data.import", json!({"text": text})).unwrap_err();
    let json = err.to_json();
    assert_eq!(
        json["problems"],
        json!([{"path": "service_tallies[1].window", "message": "单位名称不能超过50个字"}])
    );
    assert_eq!(counts(&app), before);
}
