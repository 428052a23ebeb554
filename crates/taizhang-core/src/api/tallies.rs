//! 窗口业务 and 其他数据: the grids, the cells, the views and their exports,
//! the service catalogue, and the other yearly figures.

use serde::Deserialize;
use serde_json::{json, Value};

use super::{args, Command, Effect, OutFile, Reply};
use crate::app::App;
use crate::error::{Error, Result};
use crate::tallies::catalogue::{self, ItemInput};
use crate::tallies::cells::{self, CellInput};
use crate::tallies::excel::{self, Target};
use crate::tallies::metrics::{self, MetricInput};
use crate::tallies::xlsx::{self, Table};
use crate::tallies::{grid, totals, warnings};

pub const COMMANDS: &[Command] = &[
    Command {
        name: "tallies.windows",
        effect: Effect::Reads,
        run: windows,
    },
    Command {
        name: "tallies.grid",
        effect: Effect::Reads,
        run: month_grid,
    },
    Command {
        name: "tallies.year_view",
        effect: Effect::Reads,
        run: year_view,
    },
    Command {
        name: "tallies.set",
        effect: Effect::Writes,
        run: set,
    },
    Command {
        name: "tallies.set_many",
        effect: Effect::Writes,
        run: set_many,
    },
    Command {
        name: "tallies.paste",
        effect: Effect::Writes,
        run: paste,
    },
    Command {
        name: "tallies.totals",
        effect: Effect::Reads,
        run: by_window,
    },
    Command {
        name: "tallies.by_month",
        effect: Effect::Reads,
        run: by_month,
    },
    Command {
        name: "tallies.compare",
        effect: Effect::Reads,
        run: compare,
    },
    Command {
        name: "tallies.warnings",
        effect: Effect::Reads,
        run: year_warnings,
    },
    Command {
        name: "tallies.home",
        effect: Effect::Reads,
        run: home,
    },
    Command {
        name: "tallies.export",
        effect: Effect::Reads,
        run: export,
    },
    Command {
        name: "tallies.preview_import",
        effect: Effect::Reads,
        run: preview_import,
    },
    Command {
        name: "tallies.import_excel",
        effect: Effect::Writes,
        run: import_excel,
    },
    Command {
        name: "service_items.list",
        effect: Effect::Reads,
        run: items_list,
    },
    Command {
        name: "service_items.add",
        effect: Effect::Writes,
        run: items_add,
    },
    Command {
        name: "service_items.update",
        effect: Effect::Writes,
        run: items_update,
    },
    Command {
        name: "service_items.archive",
        effect: Effect::Writes,
        run: items_archive,
    },
    Command {
        name: "service_items.move",
        effect: Effect::Writes,
        run: items_move,
    },
    Command {
        name: "metrics.list",
        effect: Effect::Reads,
        run: metrics_list,
    },
    Command {
        name: "metrics.save",
        effect: Effect::Writes,
        run: metrics_save,
    },
    Command {
        name: "metrics.delete",
        effect: Effect::Writes,
        run: metrics_delete,
    },
];

#[derive(Deserialize)]
struct ViewArgs {
    #[serde(default)]
    window: Option<i64>,
    year: i32,
    #[serde(default)]
    month: Option<u32>,
}

fn required<T>(v: Option<T>, field: &str, what: &str) -> Result<T> {
    v.ok_or_else(|| Error::invalid(field, format!("请选择{what}")))
}

fn windows(app: &mut App, _: Value) -> Result<Reply> {
    Reply::json(crate::office::list_units(app.store.conn(), false)?)
}

fn month_grid(app: &mut App, a: Value) -> Result<Reply> {
    let a: ViewArgs = args(a)?;
    let (window, month) = (
        required(a.window, "window", "窗口")?,
        required(a.month, "month", "月份")?,
    );
    Reply::json(grid::month_grid(
        app.store.conn(),
        app.calendar(),
        window,
        a.year,
        month,
    )?)
}

fn year_view(app: &mut App, a: Value) -> Result<Reply> {
    let a: ViewArgs = args(a)?;
    Reply::json(grid::year_grid(
        app.store.conn(),
        required(a.window, "window", "窗口")?,
        a.year,
    )?)
}

#[derive(Deserialize)]
struct SetArgs {
    window: i64,
    item: i64,
    period: String,
    #[serde(default)]
    count: Value,
}

fn set(app: &mut App, a: Value) -> Result<Reply> {
    let a: SetArgs = args(a)?;
    Reply::json(
        app.store
            .write(|tx| cells::set_cell(tx, a.window, a.item, &a.period, &a.count))?,
    )
}

#[derive(Deserialize)]
struct SetManyArgs {
    window: i64,
    cells: Vec<CellInput>,
}

fn set_many(app: &mut App, a: Value) -> Result<Reply> {
    let a: SetManyArgs = args(a)?;
    Reply::json(
        app.store
            .write(|tx| cells::set_many(tx, a.window, &a.cells))?,
    )
}

#[derive(Deserialize)]
struct PasteArgs {
    window: i64,
    /// The grid's items from the cursor's row down.
    items: Vec<i64>,
    /// The grid's periods from the cursor's column right.
    periods: Vec<String>,
    /// Tab-separated lines, as Excel and WPS copy them.
    text: String,
}

fn paste(app: &mut App, a: Value) -> Result<Reply> {
    let a: PasteArgs = args(a)?;
    Reply::json(
        app.store
            .write(|tx| cells::paste(tx, a.window, &a.items, &a.periods, &a.text))?,
    )
}

fn by_window(app: &mut App, a: Value) -> Result<Reply> {
    let a: ViewArgs = args(a)?;
    Reply::json(totals::by_window(app.store.conn(), a.year)?)
}

fn by_month(app: &mut App, a: Value) -> Result<Reply> {
    let a: ViewArgs = args(a)?;
    Reply::json(totals::by_month(app.store.conn(), a.year, a.window)?)
}

fn compare(app: &mut App, a: Value) -> Result<Reply> {
    let a: ViewArgs = args(a)?;
    Reply::json(totals::compare(app.store.conn(), a.year, a.window)?)
}

fn year_warnings(app: &mut App, a: Value) -> Result<Reply> {
    let a: ViewArgs = args(a)?;
    Reply::json(warnings::for_year(
        app.store.conn(),
        app.calendar(),
        a.year,
    )?)
}

/// 首页: this month's total against last month's, over every window.
fn home(app: &mut App, _: Value) -> Result<Reply> {
    use chrono::Datelike;
    let today = crate::dates::today();
    let (year, month) = (today.year(), today.month());
    let (last_year, last_month) = if month == 1 {
        (year - 1, 12)
    } else {
        (year, month - 1)
    };
    let conn = app.store.conn();
    Reply::json(json!({
        "year": year, "month": month,
        "this_month": totals::month_total(conn, year, month)?,
        "last_year": last_year, "last_month": last_month,
        "last_month_total": totals::month_total(conn, last_year, last_month)?,
    }))
}

#[derive(Deserialize)]
struct ExportArgs {
    /// `grid`, `year`, `totals`, `by_month`, `compare` or `metrics`.
    view: String,
    #[serde(flatten)]
    at: ViewArgs,
}

fn window_label(app: &App, window: Option<i64>) -> Result<String> {
    Ok(match window {
        Some(id) => cells::window_by_id(app.store.conn(), id)?.name,
        None => "全部窗口".to_string(),
    })
}

fn export(app: &mut App, a: Value) -> Result<Reply> {
    let a: ExportArgs = args(a)?;
    let conn = app.store.conn();
    let office = crate::office::get_office(conn)?.name;
    let at = &a.at;
    let table: Table = match a.view.as_str() {
        "grid" => {
            let (w, m) = (
                required(at.window, "window", "窗口")?,
                required(at.month, "month", "月份")?,
            );
            xlsx::month_grid_table(
                &grid::month_grid(conn, app.calendar(), w, at.year, m)?,
                &office,
            )
        }
        "year" => xlsx::year_grid_table(
            &grid::year_grid(conn, required(at.window, "window", "窗口")?, at.year)?,
            &office,
        ),
        "totals" => xlsx::by_window_table(&totals::by_window(conn, at.year)?, &office),
        "by_month" => xlsx::by_month_table(
            &totals::by_month(conn, at.year, at.window)?,
            &office,
            &window_label(app, at.window)?,
        ),
        "compare" => xlsx::compare_table(
            &totals::compare(conn, at.year, at.window)?,
            &office,
            &window_label(app, at.window)?,
        ),
        "metrics" => xlsx::metrics_table(at.year, &metrics::list(conn, Some(at.year))?, &office),
        other => return Err(Error::invalid("view", format!("没有名为“{other}”的视图"))),
    };
    Ok(Reply::Files {
        files: vec![OutFile {
            name: format!("{office}窗口业务_{}.xlsx", table.name),
            bytes: table.to_xlsx()?,
        }],
        message: "已导出 Excel 表格".to_string(),
    })
}

#[derive(Deserialize)]
struct ExcelArgs {
    #[serde(flatten)]
    target: Target,
    /// The file's bytes, base64.
    data: String,
}

fn decode_file(a: &ExcelArgs) -> Result<Vec<u8>> {
    super::decode_upload(&a.data)
}

fn preview_import(app: &mut App, a: Value) -> Result<Reply> {
    let a: ExcelArgs = args(a)?;
    Reply::json(excel::preview(
        app.store.conn(),
        &a.target,
        &decode_file(&a)?,
    )?)
}

fn import_excel(app: &mut App, a: Value) -> Result<Reply> {
    let a: ExcelArgs = args(a)?;
    let bytes = decode_file(&a)?;
    let changed = app.store.write(|tx| excel::import(tx, &a.target, &bytes))?;
    Reply::json(json!({ "changed": changed }))
}

#[derive(Deserialize)]
struct ItemArgs {
    #[serde(default)]
    id: Option<i64>,
    #[serde(flatten)]
    input: ItemInput,
    #[serde(default)]
    include_archived: bool,
    #[serde(default)]
    archived: bool,
    #[serde(default)]
    up: bool,
}

fn item_id(a: &ItemArgs) -> Result<i64> {
    a.id.ok_or_else(|| Error::invalid("id", "缺少服务事项编号"))
}

fn items_list(app: &mut App, a: Value) -> Result<Reply> {
    let a: ItemArgs = args(a)?;
    Reply::json(json!({
        "items": catalogue::list_items(app.store.conn(), a.include_archived)?,
        "measure_words": catalogue::MEASURE_WORDS,
    }))
}

fn items_add(app: &mut App, a: Value) -> Result<Reply> {
    let a: ItemArgs = args(a)?;
    Reply::json(app.store.write(|tx| catalogue::add_item(tx, &a.input))?)
}

fn items_update(app: &mut App, a: Value) -> Result<Reply> {
    let a: ItemArgs = args(a)?;
    let id = item_id(&a)?;
    Reply::json(
        app.store
            .write(|tx| catalogue::update_item(tx, id, &a.input))?,
    )
}

fn items_archive(app: &mut App, a: Value) -> Result<Reply> {
    let a: ItemArgs = args(a)?;
    let id = item_id(&a)?;
    Reply::json(
        app.store
            .write(|tx| catalogue::set_item_archived(tx, id, a.archived))?,
    )
}

fn items_move(app: &mut App, a: Value) -> Result<Reply> {
    let a: ItemArgs = args(a)?;
    let id = item_id(&a)?;
    app.store.write(|tx| catalogue::move_item(tx, id, a.up))?;
    Reply::json(catalogue::list_items(app.store.conn(), true)?)
}

fn metrics_list(app: &mut App, a: Value) -> Result<Reply> {
    let a: ViewArgs = args(a)?;
    Reply::json(metrics::list(app.store.conn(), Some(a.year))?)
}

fn metrics_save(app: &mut App, a: Value) -> Result<Reply> {
    let input: MetricInput = args(a)?;
    Reply::json(app.store.write(|tx| metrics::save(tx, &input))?)
}

#[derive(Deserialize)]
struct IdArgs {
    id: i64,
}

fn metrics_delete(app: &mut App, a: Value) -> Result<Reply> {
    let a: IdArgs = args(a)?;
    app.store.write(|tx| metrics::delete(tx, a.id))?;
    Reply::json(json!({ "deleted": a.id }))
}
