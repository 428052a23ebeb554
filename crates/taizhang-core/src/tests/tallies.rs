//! Tallies end to end through the core: the 2018 sample, cells, paste, undo,
//! totals against a model, warnings, locks and the package sections.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use serde_json::{json, Value};

use crate::tallies::catalogue::{self, ItemInput};
use crate::tallies::cells::{self, store_count, Cell, CellInput};
use crate::tallies::period::Period;
use crate::tallies::{grid, metrics, totals, warnings};
use crate::App;
use crate::dataset;
use crate::error::Error;

const SAMPLE: &str = include_str!("../../tests/fixtures/changqing-2018.json");

fn sample_app() -> App {
    let mut app = App::open_in_memory().unwrap();
    dataset::import(&mut app, &dataset::parse(SAMPLE).unwrap()).unwrap();
    app
}

/// An app with two windows (前台, 长庆社区) and two items (老年卡 人, 证历本 本).
fn small_app() -> (App, [i64; 2], [i64; 2]) {
    let mut app = App::open_in_memory().unwrap();
    let (w, i) = app
        .store
        .write(|tx| {
            let w1 = taizhang_store::office::add_unit(tx, "前台", "other")?.id;
            let w2 = taizhang_store::office::add_unit(tx, "长庆社区", "community")?.id;
            let item = |name: &str, unit: &str| {
                catalogue::add_item(
                    tx,
                    &ItemInput {
                        name: name.into(),
                        unit: unit.into(),
                        group: "综合受理".into(),
                    },
                )
                .map(|i| i.id)
            };
            Ok((
                [w1, w2],
                [item("办理老年卡", "人")?, item("更换/补办证历本", "本")?],
            ))
        })
        .unwrap();
    (app, w, i)
}

fn set(
    app: &mut App,
    window: i64,
    item: i64,
    period: &str,
    value: Value,
) -> crate::error::Result<cells::CellChange> {
    app.store
        .write(|tx| cells::set_cell(tx, window, item, period, &value))
}

fn audit_count(app: &App, register: &str) -> i64 {
    app.store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE register = ?1",
            [register],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn the_2018_sample_gives_the_nine_year_totals_and_5247_in_all() {
    let mut app = sample_app();
    let lines = crate::tallies::report_items(app.store.conn(), 2018).unwrap();
    let got: Vec<(&str, &str, i64)> = lines
        .iter()
        .map(|l| (l.item.as_str(), l.unit.as_str(), l.count))
        .collect();
    assert_eq!(
        got,
        vec![
            ("更换/补办证历本", "本", 1200),
            ("登记灵活就业体检", "人", 320),
            ("办理老年卡", "人", 980),
            ("调档查询", "人", 1200),
            ("办理失业登记、援助证", "人", 532),
            ("发放退休证", "人", 256),
            ("办理个体参保", "人", 220),
            ("办理城乡居民医疗保险", "人", 515),
            ("221文件补缴", "人", 24),
        ]
    );
    assert_eq!(lines.iter().map(|l| l.count).sum::<i64>(), 5247);
    let by_window = totals::by_window(app.store.conn(), 2018).unwrap();
    assert_eq!(
        by_window
            .windows
            .iter()
            .map(|w| w.name.as_str())
            .collect::<Vec<_>>(),
        vec!["前台"]
    );
    assert_eq!(
        (by_window.window_totals.clone(), by_window.total),
        (vec![5247], 5247)
    );
    let by_month = totals::by_month(app.store.conn(), 2018, None).unwrap();
    assert_eq!(
        (
            by_month.whole_year_total,
            by_month.month_totals.iter().sum::<i64>()
        ),
        (5247, 0)
    );

    let figures = metrics::list(app.store.conn(), Some(2018)).unwrap();
    assert_eq!(figures.len(), 6);
    assert_eq!(
        (
            figures[1].name.as_str(),
            figures[1].unit.as_str(),
            figures[1].value
        ),
        ("志愿者人数", "人", 221.0)
    );

    let again = dataset::import(&mut app, &dataset::parse(SAMPLE).unwrap()).unwrap();
    assert_eq!(
        again.total, 0,
        "re-importing changes nothing: {:?}",
        again.changed
    );
    assert!(warnings::for_year(app.store.conn(), app.calendar(), 2018)
        .unwrap()
        .is_empty());
}

#[test]
fn an_exported_package_imports_into_a_new_file_with_the_same_figures() {
    let app = sample_app();
    let package = dataset::export(&app, &dataset::ExportOptions::default()).unwrap();
    let mut tally = package["service_tallies"][0].clone();
    // The count's version: this PC's, from when the sample package was exported.
    let version = tally.as_object_mut().unwrap().remove("version").unwrap();
    assert_eq!((&version["pc"], &version["at"]), (&package["pc"], &json!("2019-07-05T12:32:00+08:00")));
    assert_eq!(
        tally,
        json!({"item": "更换/补办证历本", "window": "前台", "period": "2018", "count": 1200})
    );
    assert_eq!(
        package["metrics"][0]["value"],
        json!(6),
        "whole figures stay whole"
    );
    let mut copy = App::open_in_memory().unwrap();
    dataset::import(&mut copy, &package).unwrap();
    assert_eq!(
        crate::tallies::report_items(copy.store.conn(), 2018).unwrap(),
        crate::tallies::report_items(app.store.conn(), 2018).unwrap()
    );
    assert_eq!(
        dataset::export(&copy, &Default::default()).unwrap()["service_items"],
        package["service_items"]
    );
}

#[test]
fn a_cell_answers_its_previous_value_zero_or_empty_clears_and_each_change_is_audited() {
    let (mut app, [w, _], [item, _]) = small_app();
    let first = set(&mut app, w, item, "2024-03-05", json!("12")).unwrap();
    assert_eq!((first.before, first.after), (None, Some(12)));
    let second = set(&mut app, w, item, "2024-03-05", json!(7)).unwrap();
    assert_eq!((second.before, second.after), (Some(12), Some(7)));
    let same = set(&mut app, w, item, "2024-03-05", json!(7)).unwrap();
    assert_eq!(same.before, Some(7));
    set(&mut app, w, item, "2024-03-05", json!("0")).unwrap();
    let cleared = set(&mut app, w, item, "2024-03-05", json!("")).unwrap();
    assert_eq!((cleared.before, cleared.after), (None, None));
    assert_eq!(
        audit_count(&app, cells::AUDIT_KEY),
        3,
        "create, update, delete; no entry for no change"
    );
    let rows: i64 = app
        .store
        .conn()
        .query_row("SELECT count(*) FROM service_tallies", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 0);
}

#[test]
fn a_bad_count_names_the_field_and_changes_nothing() {
    let (mut app, [w, _], [item, _]) = small_app();
    for bad in [json!("abc"), json!("-3"), json!(-3), json!("2.5")] {
        let err = set(&mut app, w, item, "2024-03-05", bad.clone()).unwrap_err();
        assert_eq!(err.to_json()["field"], "count", "{bad}");
    }
    let err = set(&mut app, w, item, "2024-3-5", json!(1)).unwrap_err();
    assert_eq!(err.to_json()["field"], "period");
    assert_eq!(audit_count(&app, cells::AUDIT_KEY), 0);
}

#[test]
fn a_pasted_block_with_bad_cells_names_every_one_and_saves_nothing() {
    let (mut app, [w, _], [a, b]) = small_app();
    let periods: Vec<String> = (1..=5).map(|d| format!("2024-03-{d:02}")).collect();
    let err = app
        .store
        .write(|tx| cells::paste(tx, w, &[a, b], &periods, "1\tx\t3\r\n-2\t5\t\r\n"))
        .unwrap_err();
    let Error::Problems { problems } = &err else {
        panic!("{err:?}")
    };
    let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].starts_with("第1行第2列：“x”不是数字"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].starts_with("第2行第1列：“-2”是负数"),
        "{}",
        messages[1]
    );
    assert_eq!(audit_count(&app, cells::AUDIT_KEY), 0);

    let err = app
        .store
        .write(|tx| cells::paste(tx, w, &[a], &periods, "1\n2\n"))
        .unwrap_err();
    assert!(err.to_string().contains("超出了表格"), "{err}");
}

#[test]
fn a_pasted_block_lands_at_the_cursor_and_undo_restores_what_was_there() {
    let (mut app, [w, _], [a, b]) = small_app();
    set(&mut app, w, a, "2024-03-02", json!(9)).unwrap();
    let periods: Vec<String> = (2..=5).map(|d| format!("2024-03-{d:02}")).collect();
    // A 2 × 3 block from a spreadsheet, with a thousands separator and an empty cell.
    let changes = app
        .store
        .write(|tx| cells::paste(tx, w, &[a, b], &periods, "1\t2\t3\n1,200\t\t6\n"))
        .unwrap();
    assert_eq!(changes.len(), 6);
    assert_eq!(
        (
            changes[0].period.as_str(),
            changes[0].before,
            changes[0].after
        ),
        ("2024-03-02", Some(9), Some(1))
    );
    let g = grid::month_grid(app.store.conn(), app.calendar(), w, 2024, 3).unwrap();
    assert_eq!(
        g.rows[0].days[1..4].to_vec(),
        vec![Some(1), Some(2), Some(3)]
    );
    assert_eq!(
        g.rows[1].days[1..4].to_vec(),
        vec![Some(1200), None, Some(6)]
    );
    assert_eq!((g.rows[0].total, g.rows[1].total, g.total), (6, 1206, 1212));
    assert_eq!(g.day_totals[1], 1201);

    let undo: Vec<CellInput> = changes
        .iter()
        .map(|c| CellInput {
            item: c.item,
            period: c.period.clone(),
            count: json!(c.before),
        })
        .collect();
    app.store.write(|tx| cells::set_many(tx, w, &undo)).unwrap();
    let g = grid::month_grid(app.store.conn(), app.calendar(), w, 2024, 3).unwrap();
    assert_eq!((g.rows[0].days[1], g.total), (Some(9), 9));
}

#[test]
fn a_locked_year_refuses_cells_and_figures() {
    let (mut app, [w, _], [item, _]) = small_app();
    app.store
        .conn()
        .execute(
            "INSERT INTO year_locks (year, locked_at) VALUES (2023, '2024-01-20T10:00:00+08:00')",
            [],
        )
        .unwrap();
    assert_eq!(
        set(&mut app, w, item, "2023-06-01", json!(3))
            .unwrap_err()
            .code(),
        "year_locked"
    );
    assert_eq!(
        set(&mut app, w, item, "2023", json!(3)).unwrap_err().code(),
        "year_locked"
    );
    set(&mut app, w, item, "2024-06-03", json!(3)).unwrap();
    let input = metrics::MetricInput {
        year: 2023,
        name: "志愿者人数".into(),
        unit: "人".into(),
        value: json!(5),
        ..Default::default()
    };
    assert_eq!(
        app.store
            .write(|tx| metrics::save(tx, &input))
            .unwrap_err()
            .code(),
        "year_locked"
    );
    let g = grid::month_grid(app.store.conn(), app.calendar(), w, 2023, 6).unwrap();
    assert!(g.locked_at.is_some());
}

#[test]
fn rename_and_archive_keep_the_history() {
    let (mut app, [w, _], [item, other]) = small_app();
    set(&mut app, w, item, "2024-01-02", json!(4)).unwrap();
    app.store
        .write(|tx| {
            catalogue::update_item(
                tx,
                item,
                &ItemInput {
                    name: "老年卡办理".into(),
                    unit: "张".into(),
                    group: String::new(),
                },
            )
        })
        .unwrap();
    app.store
        .write(|tx| catalogue::set_item_archived(tx, item, true))
        .unwrap();
    app.store
        .write(|tx| catalogue::set_item_archived(tx, other, true))
        .unwrap();
    assert!(catalogue::list_items(app.store.conn(), false)
        .unwrap()
        .is_empty());
    let g = grid::month_grid(app.store.conn(), app.calendar(), w, 2024, 1).unwrap();
    assert_eq!(
        g.rows.len(),
        1,
        "an archived item shows where it has figures, only there"
    );
    assert_eq!(
        (g.rows[0].item.name.as_str(), g.rows[0].total),
        ("老年卡办理", 4)
    );
    assert_eq!(
        crate::tallies::report_items(app.store.conn(), 2024).unwrap(),
        vec![crate::tallies::ItemTotal {
            item: "老年卡办理".into(),
            unit: "张".into(),
            count: 4
        }]
    );
    let err = app
        .store
        .write(|tx| {
            catalogue::add_item(
                tx,
                &ItemInput {
                    name: "老年卡办理".into(),
                    unit: "人".into(),
                    group: String::new(),
                },
            )
        })
        .unwrap_err();
    assert!(err.to_string().contains("已有名为"), "{err}");
}

#[test]
fn the_catalogue_checks_fields_and_moves_items() {
    let (mut app, _, [a, b]) = small_app();
    let err = app
        .store
        .write(|tx| catalogue::add_item(tx, &ItemInput::default()))
        .unwrap_err();
    let Error::Problems { problems } = err else {
        panic!()
    };
    assert_eq!(
        problems.iter().map(|p| p.path.as_str()).collect::<Vec<_>>(),
        vec!["name", "unit"]
    );
    app.store
        .write(|tx| catalogue::move_item(tx, b, true))
        .unwrap();
    let order: Vec<i64> = catalogue::list_items(app.store.conn(), false)
        .unwrap()
        .iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(order, vec![b, a]);
}

#[test]
fn the_grid_refuses_entries_that_would_count_twice() {
    let (mut app, [w, _], [item, _]) = small_app();
    set(&mut app, w, item, "2024-03-05", json!(2)).unwrap();
    let err = set(&mut app, w, item, "2024-03", json!(10)).unwrap_err();
    assert!(err.to_string().contains("已按日录入"), "{err}");
    let err = set(&mut app, w, item, "2024", json!(100)).unwrap_err();
    assert!(err.to_string().contains("不能再录入全年总数"), "{err}");
    let april = set(&mut app, w, item, "2024-04", json!(10)).unwrap();
    assert_eq!(
        april.after,
        Some(10),
        "a month without day entries takes its own figure"
    );
    let other_window = set(&mut app, w + 1, item, "2024", json!(100)).unwrap();
    assert_eq!(
        other_window.after,
        Some(100),
        "another window's year is its own"
    );
}

#[test]
fn month_grid_columns_carry_the_calendar() {
    let (app, [w, _], _) = small_app();
    let g = grid::month_grid(app.store.conn(), app.calendar(), w, 2024, 10).unwrap();
    assert_eq!(g.days.len(), 31);
    let d = |n: usize| &g.days[n - 1];
    assert_eq!(
        (d(1).kind, d(1).name.as_deref(), d(1).weekday),
        ("holiday", Some("国庆节"), "二")
    );
    assert_eq!(
        (d(12).kind, d(12).weekday),
        ("makeup", "六"),
        "2024-10-12 was a make-up working day"
    );
    assert_eq!((d(19).kind, d(21).kind), ("weekend", "working"));
    assert!(g.calendar_known);
    assert!(
        !grid::month_grid(app.store.conn(), app.calendar(), w, 2027, 2)
            .unwrap()
            .calendar_known
    );
    assert_eq!(
        grid::month_grid(app.store.conn(), app.calendar(), w, 2024, 2)
            .unwrap()
            .days
            .len(),
        29
    );
    assert_eq!(
        grid::month_grid(app.store.conn(), app.calendar(), w, 2024, 13)
            .unwrap_err()
            .to_json()["field"],
        "month"
    );
}

#[test]
fn a_count_on_a_closed_day_is_an_informational_warning() {
    let (mut app, [w, _], [item, _]) = small_app();
    set(&mut app, w, item, "2024-10-01", json!(3)).unwrap();
    set(&mut app, w, item, "2024-10-12", json!(3)).unwrap();
    let ws = warnings::for_year(app.store.conn(), app.calendar(), 2024).unwrap();
    assert_eq!(ws.len(), 1, "{ws:?}");
    assert_eq!(
        (
            ws[0].code,
            ws[0].level,
            ws[0].item.as_str(),
            ws[0].window.as_str(),
            ws[0].period.as_str()
        ),
        ("closed_day", "info", "办理老年卡", "前台", "2024-10-01")
    );
    assert!(ws[0].message.contains("国庆节"), "{}", ws[0].message);
}

#[test]
fn package_tallies_report_every_problem_by_path_and_import_nothing() {
    let mut app = App::open_in_memory().unwrap();
    let package = json!({
        "format": "taizhang.dataset/1",
        "units": [{"name": "前台", "kind": "other"}],
        "service_items": [{"name": "办理老年卡", "unit": "人", "group": ""}, {"name": "办理老年卡", "unit": "人"}],
        "service_tallies": [
            {"item": "办理老年卡", "window": "前台", "period": "2024-03-05", "count": 3},
            {"item": "办理老年卡", "window": "", "period": "2024-03-05", "count": 3},
            {"item": "没有的事项", "window": "前台", "period": "2024-3-5", "count": -1},
            {"item": "办理老年卡", "window": "前台", "period": "2024-03-05", "count": 4},
            {"item": "办理老年卡", "window": "前台", "period": "2024", "count": "5"}
        ],
        "metrics": [{"year": 2024, "name": "志愿者人数", "unit": "人", "value": -1}]
    });
    let err = dataset::import(&mut app, &package).unwrap_err();
    let Error::Problems { problems } = &err else {
        panic!("{err:?}")
    };
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "service_items[1].name",
            "service_tallies[1].window",
            "service_tallies[2].item",
            "service_tallies[2].period",
            "service_tallies[2].count",
            "service_tallies[3].period",
            "service_tallies[4].count",
            "metrics[0].value",
        ]
    );
    assert!(
        problems[5].message.contains("service_tallies[0]"),
        "{}",
        problems[5].message
    );
    let units: i64 = app
        .store
        .conn()
        .query_row("SELECT count(*) FROM units", [], |r| r.get(0))
        .unwrap();
    assert_eq!(units, 0, "nothing imported");
}

#[test]
fn package_references_resolve_against_the_database() {
    let (mut app, _, _) = small_app();
    let package = json!({"format": "taizhang.dataset/1",
        "service_tallies": [{"item": "办理老年卡", "window": "长庆社区", "period": "2024-05", "count": 8}]});
    let summary = dataset::import(&mut app, &package).unwrap();
    assert_eq!(summary.changed["service_tallies"], 1);
    assert_eq!(
        crate::tallies::report_items(app.store.conn(), 2024).unwrap()[0].count,
        8
    );
}

// ---------------------------------------------------------------- against a model

/// (item index, window index, period) → count, written raw (as an import would).
type Model = BTreeMap<(usize, usize, Period), i64>;

fn period_strategy() -> impl Strategy<Value = Period> {
    (2023..=2024i32, 0..=12u32, 0..=28u32)
        .prop_map(|(y, m, d)| Period::from_parts(y, m, if m == 0 { 0 } else { d }).expect("valid"))
}

fn model_strategy() -> impl Strategy<Value = Model> {
    prop::collection::btree_map((0..2usize, 0..2usize, period_strategy()), 1..500i64, 0..40)
}

fn load_model(model: &Model) -> (App, [i64; 2], [i64; 2]) {
    let (mut app, windows, items) = small_app();
    app.store
        .write(|tx| {
            let units = taizhang_store::office::list_units(tx, true)?;
            let catalogue = catalogue::list_items(tx, true)?;
            for (&(i, w, period), &n) in model {
                let item = catalogue.iter().find(|c| c.id == items[i]).unwrap();
                let window = units.iter().find(|u| u.id == windows[w]).unwrap();
                store_count(
                    tx,
                    Cell {
                        item,
                        window,
                        period,
                    },
                    Some(n),
                    "",
                )?;
            }
            Ok(())
        })
        .unwrap();
    (app, windows, items)
}

fn model_sum(model: &Model, keep: impl Fn(usize, usize, Period) -> bool) -> i64 {
    model
        .iter()
        .filter(|((i, w, p), _)| keep(*i, *w, *p))
        .map(|(_, n)| n)
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn day_month_and_year_periods_sum_into_months_and_years(model in model_strategy()) {
        let (app, windows, _) = load_model(&model);
        let conn = app.store.conn();
        for year in [2023, 2024] {
            let in_year = |p: Period| p.year() == year;
            let month_of = |p: Period| p.parts().1;
            let by_window = totals::by_window(conn, year).unwrap();
            for row in &by_window.rows {
                let i = if row.item.name == "办理老年卡" { 0 } else { 1 };
                prop_assert_eq!(row.total, model_sum(&model, |mi, _, p| mi == i && in_year(p)));
                for (col, window) in by_window.windows.iter().enumerate() {
                    let w = windows.iter().position(|x| *x == window.id).unwrap();
                    prop_assert_eq!(row.counts[col], model_sum(&model, |mi, mw, p| mi == i && mw == w && in_year(p)));
                }
            }
            prop_assert_eq!(by_window.total, model_sum(&model, |_, _, p| in_year(p)));
            for (w, &window) in windows.iter().enumerate() {
                let by_month = totals::by_month(conn, year, Some(window)).unwrap();
                let year_grid = grid::year_grid(conn, window, year).unwrap();
                for m in 1..=12u32 {
                    let want = model_sum(&model, |_, mw, p| mw == w && in_year(p) && month_of(p) == m);
                    prop_assert_eq!(by_month.month_totals[m as usize - 1], want);
                    prop_assert_eq!(year_grid.month_totals[m as usize - 1], want);
                    let month_grid = grid::month_grid(conn, app.calendar(), window, year, m).unwrap();
                    prop_assert_eq!(month_grid.total, want);
                    prop_assert_eq!(month_grid.day_totals.iter().sum::<i64>() + month_grid.month_entries_total, want);
                }
                prop_assert_eq!(year_grid.total, model_sum(&model, |_, mw, p| mw == w && in_year(p)));
                prop_assert_eq!(by_month.whole_year_total, model_sum(&model, |_, mw, p| mw == w && p == Period::Year(year)));
            }
            let report: i64 = crate::tallies::report_items(conn, year).unwrap().iter().map(|l| l.count).sum();
            prop_assert_eq!(report, model_sum(&model, |_, _, p| in_year(p)));
        }
    }

    #[test]
    fn the_double_counting_warning_fires_exactly_when_a_year_figure_meets_finer_ones(model in model_strategy()) {
        let (app, _, _) = load_model(&model);
        let names = ["办理老年卡", "更换/补办证历本"];
        let windows = ["前台", "长庆社区"];
        for year in [2023, 2024] {
            let want: BTreeSet<(String, String)> = model
                .keys()
                .filter(|(_, _, p)| *p == Period::Year(year))
                .filter(|(i, w, _)| model.keys().any(|(i2, w2, p2)| i2 == i && w2 == w && p2.year() == year && *p2 != Period::Year(year)))
                .map(|(i, w, _)| (names[*i].to_string(), windows[*w].to_string()))
                .collect();
            let got: BTreeSet<(String, String)> = warnings::for_year(app.store.conn(), app.calendar(), year)
                .unwrap()
                .into_iter()
                .filter(|w| w.code == "double_count")
                .inspect(|w| assert_eq!(w.period, year.to_string()))
                .map(|w| (w.item, w.window))
                .collect();
            prop_assert_eq!(got, want);
        }
    }
}

// ---------------------------------------------------------------- Excel

/// A sheet as an office keeps it: a title, then items × columns, then 合计.
fn sheet(header: &[&str], rows: &[(&str, Vec<Value>)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "长庆街道窗口业务统计").unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for (r, (item, values)) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        ws.write_string(r, 0, *item).unwrap();
        for (c, v) in values.iter().enumerate() {
            let c = c as u16 + 1;
            match v {
                Value::Number(n) => ws.write_number(r, c, n.as_f64().unwrap()).map(|_| ()),
                Value::String(s) => ws.write_string(r, c, s).map(|_| ()),
                _ => Ok(()),
            }
            .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

fn month_target(window: i64) -> crate::tallies::excel::Target {
    crate::tallies::excel::Target {
        window,
        layout: crate::tallies::excel::Layout::Month,
        year: 2024,
        month: None,
    }
}

#[test]
fn an_excel_sheet_by_month_previews_then_imports_every_cell() {
    let (mut app, [w, _], [a, b]) = small_app();
    let bytes = sheet(
        &["服务事项", "1月", "2月", "3月", "合计"],
        &[
            (
                "办理老年卡",
                vec![json!(10), json!(20), json!(null), json!(30)],
            ),
            (
                "更换/补办证历本",
                vec![json!(1), json!("2"), json!(3), json!(6)],
            ),
            ("合计", vec![json!(11), json!(22), json!(3), json!(36)]),
        ],
    );
    let t = month_target(w);
    let p = crate::tallies::excel::preview(app.store.conn(), &t, &bytes).unwrap();
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(p.periods, vec!["2024-01", "2024-02", "2024-03"]);
    assert_eq!((p.rows.len(), p.cells, p.total), (2, 5, 36));
    assert_eq!(
        audit_count(&app, cells::AUDIT_KEY),
        0,
        "a preview writes nothing"
    );
    let changed = app
        .store
        .write(|tx| crate::tallies::excel::import(tx, &t, &bytes))
        .unwrap();
    assert_eq!(changed, 5);
    let y = grid::year_grid(app.store.conn(), w, 2024).unwrap();
    assert_eq!(y.month_totals[..3].to_vec(), vec![11, 22, 3]);
    assert_eq!(
        (
            y.rows.iter().find(|r| r.item.id == a).unwrap().total,
            y.rows.iter().find(|r| r.item.id == b).unwrap().total
        ),
        (30, 6)
    );
}

#[test]
fn an_excel_sheet_with_bad_cells_imports_nothing_and_lists_them_all() {
    let (mut app, [w, _], _) = small_app();
    let bytes = sheet(
        &["服务事项", "1月", "2月", "13月"],
        &[
            ("办理老年卡", vec![json!("abc"), json!(-1), json!(1)]),
            ("没有的事项", vec![json!(1), json!(2), json!(3)]),
            ("更换/补办证历本", vec![json!(2.5), json!(4), json!(5)]),
        ],
    );
    let t = month_target(w);
    let err = app
        .store
        .write(|tx| crate::tallies::excel::import(tx, &t, &bytes))
        .unwrap_err();
    let Error::Problems { problems } = &err else {
        panic!("{err:?}")
    };
    let cells_named: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(cells_named, vec!["D2", "B3", "C3", "A4", "B5"]);
    assert!(
        problems[0].message.contains("不是月份"),
        "{}",
        problems[0].message
    );
    assert!(
        problems[1].message.starts_with("B3：“abc”不是数字"),
        "{}",
        problems[1].message
    );
    assert!(
        problems[3].message.contains("不在目录中"),
        "{}",
        problems[3].message
    );
    assert_eq!(audit_count(&app, cells::AUDIT_KEY), 0);
    let rows: i64 = app
        .store
        .conn()
        .query_row("SELECT count(*) FROM service_tallies", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 0);
}

#[test]
fn an_excel_sheet_by_day_reads_day_numbers_and_refuses_missing_days() {
    let (mut app, [w, _], _) = small_app();
    let t = crate::tallies::excel::Target {
        window: w,
        layout: crate::tallies::excel::Layout::Day,
        year: 2024,
        month: Some(2),
    };
    let bytes = sheet(
        &["服务事项", "1日", "2日", "29"],
        &[("办理老年卡", vec![json!(1), json!(2), json!(3)])],
    );
    app.store
        .write(|tx| crate::tallies::excel::import(tx, &t, &bytes))
        .unwrap();
    let g = grid::month_grid(app.store.conn(), app.calendar(), w, 2024, 2).unwrap();
    assert_eq!(
        (g.rows[0].days[0], g.rows[0].days[28], g.total),
        (Some(1), Some(3), 6)
    );
    let bad = sheet(
        &["服务事项", "1日", "30日"],
        &[("办理老年卡", vec![json!(1), json!(2)])],
    );
    let err = crate::tallies::excel::preview(app.store.conn(), &t, &bad);
    assert!(err.is_err() || !err.as_ref().unwrap().problems.is_empty());
}

#[test]
fn every_view_exports_to_a_workbook_that_reads_back() {
    use calamine::Reader;
    let app = sample_app();
    let conn = app.store.conn();
    let table =
        crate::tallies::xlsx::by_window_table(&totals::by_window(conn, 2018).unwrap(), "长庆街道办事处");
    let bytes = table.to_xlsx().unwrap();
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let last = range.rows().next_back().unwrap().to_vec();
    assert_eq!(last[0].to_string(), "合计");
    assert_eq!(last[2], calamine::Data::Float(5247.0));
    let w = taizhang_store::office::list_units(conn, false).unwrap()[0].id;
    for t in [
        crate::tallies::xlsx::month_grid_table(
            &grid::month_grid(conn, app.calendar(), w, 2018, 2).unwrap(),
            "",
        ),
        crate::tallies::xlsx::year_grid_table(&grid::year_grid(conn, w, 2018).unwrap(), ""),
        crate::tallies::xlsx::by_month_table(&totals::by_month(conn, 2018, None).unwrap(), "", "全部窗口"),
        crate::tallies::xlsx::compare_table(&totals::compare(conn, 2019, None).unwrap(), "", "全部窗口"),
        crate::tallies::xlsx::metrics_table(2018, &metrics::list(conn, Some(2018)).unwrap(), ""),
    ] {
        assert!(t.to_xlsx().unwrap().starts_with(b"PK"), "{}", t.name);
    }
}

/// A tally sheet as offices keep it: a 序号 column, 合计 column and rows (a
/// 小计 too), a 填表人/审核人 footer and a note.
#[test]
fn an_excel_sheet_with_serial_numbers_totals_and_a_footer_imports_its_items_only() {
    let (mut app, [w, _], [a, b]) = small_app();
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.merge_range(0, 0, 0, 5, "长庆街道窗口业务量统计表（2024年）", &rust_xlsxwriter::Format::new())
        .unwrap();
    for (c, h) in ["序号", "服务事项", "1月", "2月", "3月", "合计"].iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let body: [(&str, &str, [f64; 4]); 4] = [
        ("1", "办理老年卡", [10.0, 20.0, 5.0, 35.0]),
        ("2", "更换/补办证历本", [1.0, 2.0, 3.0, 6.0]),
        ("", "小 计", [11.0, 22.0, 8.0, 41.0]),
        ("", "合计", [11.0, 22.0, 8.0, 41.0]),
    ];
    for (r, (serial, item, counts)) in body.iter().enumerate() {
        let r = r as u32 + 2;
        ws.write_string(r, 0, *serial).unwrap();
        ws.write_string(r, 1, *item).unwrap();
        for (c, n) in counts.iter().enumerate() {
            ws.write_number(r, c as u16 + 2, *n).unwrap();
        }
    }
    ws.write_string(7, 0, "填表人：张三").unwrap();
    ws.write_string(7, 3, "审核人：李某").unwrap();
    ws.write_string(8, 0, "注：合计列由公式计算").unwrap();
    let bytes = book.save_to_buffer().unwrap();

    let t = month_target(w);
    let p = crate::tallies::excel::preview(app.store.conn(), &t, &bytes).unwrap();
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(p.periods, vec!["2024-01", "2024-02", "2024-03"], "合计 column skipped");
    let items: Vec<(&str, &str)> = p.rows.iter().map(|r| (r.cell.as_str(), r.item.as_str())).collect();
    assert_eq!(items, vec![("B3", "办理老年卡"), ("B4", "更换/补办证历本")]);
    let skipped: Vec<(&str, &str)> = p.skipped.iter().map(|s| (s.cell.as_str(), s.reason)).collect();
    assert_eq!(
        skipped,
        vec![("A5", "合计/小计行"), ("A6", "合计/小计行"), ("A8", "签名/落款行"), ("A9", "说明/备注行")]
    );
    assert_eq!((p.cells, p.total), (6, 41));
    let changed = app.store.write(|tx| crate::tallies::excel::import(tx, &t, &bytes)).unwrap();
    assert_eq!(changed, 6);
    let again = app.store.write(|tx| crate::tallies::excel::import(tx, &t, &bytes)).unwrap();
    assert_eq!(again, 0, "re-import changes nothing");
    let y = grid::year_grid(app.store.conn(), w, 2024).unwrap();
    let total = |id| y.rows.iter().find(|r| r.item.id == id).unwrap().total;
    assert_eq!((total(a), total(b)), (35, 6));
}
