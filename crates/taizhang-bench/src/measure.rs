//! The measurements, each through the same functions the app's commands call.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::{json, Value};
use taizhang_core::api::{dispatch, Reply};
use taizhang_core::register::{self, ListQuery};
use taizhang_core::report::{self, Format, Template};
use taizhang_core::App;

use crate::generate::{self, PickWord, Sizes, WINDOWS};
use crate::results::{median, ms, percentile, Results};
use crate::Args;

/// The year whose report and grid are measured: the last full year of data.
pub const YEAR: i32 = generate::FIRST_YEAR + generate::YEARS - 1;

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

pub fn run(args: &Args) -> Result<Results, String> {
    let sizes = Sizes::at(args.scale);
    eprintln!("generating {:.2}× data …", args.scale);
    let (package, records) = generate::package(&sizes);
    let text = serde_json::to_string(&package).map_err(err)?;
    drop(package);
    let mut results = Results {
        scale: args.scale,
        sizes,
        records,
        figures: vec![],
        notes: vec![],
    };

    let dir = tempfile::tempdir().map_err(err)?;
    let db = args
        .keep_db
        .clone()
        .unwrap_or_else(|| dir.path().join("bench.db"));
    import(args, &text, &db, &mut results)?;
    let package_bytes = text.len();
    drop(text);

    let mut app = App::open(&db).map_err(err)?;
    report_vs_sqlite(args, &app, &db, &mut results)?;
    list_pages(&app, &mut results)?;
    grid(&mut app, &mut results)?;
    exports(&app, &mut results)?;
    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(wal(&db)).map(|m| m.len()).unwrap_or(0);
    results.push(
        "file_size",
        "数据文件大小",
        size as f64 / 1_048_576.0,
        "MB",
        format!("{records} 条记录"),
        None,
    );
    crate::footprint::measure(&app, &db, package_bytes, size, &mut results)?;
    drop(app);
    if let Some(app_path) = &args.app {
        crate::desktop::measure(app_path, &db, &mut results)?;
    } else {
        results
            .notes
            .push("desktop app not measured (no --app given)".into());
    }
    Ok(results)
}

fn wal(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push("-wal");
    PathBuf::from(p)
}

/// Import the package into a fresh file `runs` times (parse, check, write).
fn import(args: &Args, text: &str, db: &Path, results: &mut Results) -> Result<(), String> {
    let mut times = vec![];
    for run in 0..args.runs.max(1) {
        let _ = std::fs::remove_file(db);
        let _ = std::fs::remove_file(wal(db));
        let mut app = App::open(db).map_err(err)?;
        eprintln!("import run {} …", run + 1);
        let t = Instant::now();
        let package = taizhang_core::dataset::parse(text).map_err(err)?;
        taizhang_core::dataset::import(&mut app, &package).map_err(|e| match e {
            taizhang_core::Error::Problems { problems } => problems
                .iter()
                .take(20)
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
            e => e.to_string(),
        })?;
        times.push(ms(t));
    }
    let m = median(times);
    let rate = results.records as f64 / (m / 1000.0);
    results.push(
        "import_rows_per_s",
        "数据包导入速度",
        rate,
        "行/秒",
        format!(
            "{} 行，{:.1} s（{} 次中位数）",
            results.records,
            m / 1000.0,
            args.runs.max(1)
        ),
        Some(("≥ 50,000 行/秒", rate >= 50_000.0)),
    );
    Ok(())
}

/// The bare aggregate queries behind the report's figures, as `sqlite3` runs them.
fn baseline_sql(year: i32) -> String {
    let (a, b) = (format!("'{year}-01-01'"), format!("'{year}-12-31'"));
    format!(
        "SELECT applicant_kind, count(*) FROM applications WHERE received_on BETWEEN {a} AND {b} GROUP BY 1;
SELECT applicant_kind, count(*) FROM applications WHERE received_on < {a} AND (replied_on IS NULL OR replied_on >= {a}) GROUP BY 1;
SELECT applicant_kind, result, count(*) FROM applications WHERE replied_on BETWEEN {a} AND {b} GROUP BY 1, 2;
SELECT applicant_kind, count(*) FROM applications WHERE received_on <= {b} AND (replied_on IS NULL OR replied_on > {b}) GROUP BY 1;
SELECT sum(fee_yuan), count(*) FILTER (WHERE fee_yuan > 0) FROM applications WHERE replied_on BETWEEN {a} AND {b};
SELECT kind, outcome, count(*) FROM appeals WHERE decided_on BETWEEN {a} AND {b} GROUP BY 1, 2;
SELECT kind, count(*) FROM appeals WHERE filed_on <= {b} AND (decided_on IS NULL OR decided_on > {b}) GROUP BY 1;
SELECT kind, count(*) FILTER (WHERE issued_on BETWEEN {a} AND {b}), count(*) FILTER (WHERE repealed_on BETWEEN {a} AND {b}),
       count(*) FILTER (WHERE issued_on <= {b} AND (repealed_on IS NULL OR repealed_on > {b})) FROM normative_documents GROUP BY 1;
SELECT category, count(*) FROM disclosures WHERE published_on BETWEEN {a} AND {b} GROUP BY 1;
SELECT j.value, count(*) FROM disclosures, json_each(disclosures.channels) j WHERE published_on BETWEEN {a} AND {b} GROUP BY 1;
SELECT count(*) FILTER (WHERE published_on <= due_on), count(*) FILTER (WHERE published_on > due_on),
       count(*) FILTER (WHERE published_on <= due_local_on), count(*) FILTER (WHERE published_on > due_local_on)
  FROM disclosures WHERE published_on BETWEEN {a} AND {b};
SELECT item_id, sum(count) FROM service_tallies WHERE year = {year} GROUP BY item_id;
SELECT name, value FROM metrics WHERE year = {year};
"
    )
}

fn report_vs_sqlite(
    args: &Args,
    app: &App,
    db: &Path,
    results: &mut Results,
) -> Result<(), String> {
    let runs = args.runs.max(5);
    let mut ours = vec![];
    for _ in 0..runs {
        let t = Instant::now();
        let annual = taizhang_core::annual::assemble(app, YEAR).map_err(err)?;
        ours.push(ms(t));
        std::hint::black_box(annual);
    }
    let ours = median(ours);
    let script = baseline_sql(YEAR);
    let sqlite = |sql: &str| -> Result<f64, String> {
        let t = Instant::now();
        let out = Command::new("sqlite3")
            .arg("-batch")
            .arg("-readonly")
            .arg(db)
            .arg(sql)
            .output()
            .map_err(|e| format!("sqlite3: {e} (install the sqlite3 package)"))?;
        if !out.status.success() {
            return Err(format!(
                "sqlite3 failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(ms(t))
    };
    // The process start and file open are not query work: subtract a no-op run.
    let startup = median(
        (0..runs)
            .map(|_| sqlite("SELECT 1;"))
            .collect::<Result<Vec<_>, _>>()?,
    );
    let bare = median(
        (0..runs)
            .map(|_| sqlite(&script))
            .collect::<Result<Vec<_>, _>>()?,
    );
    let bare_queries = (bare - startup).max(0.1);
    let ratio = ours / bare_queries;
    results.push(
        "report_ms",
        format!("{YEAR}年年报全部数字（含核对与可追溯记录）"),
        ours,
        "ms",
        format!("{runs} 次中位数"),
        None,
    );
    results.push(
        "sqlite_ms",
        "同一文件上 sqlite3 命令行的裸聚合查询",
        bare_queries,
        "ms",
        format!("进程 {bare:.1} ms − 启动 {startup:.1} ms"),
        None,
    );
    results.push(
        "report_ratio",
        "年报数字 ÷ sqlite3 裸聚合",
        ratio,
        "×",
        "",
        Some(("≤ 2", ratio <= 2.0)),
    );
    Ok(())
}

/// Filtered, searched pages of every register: p50 and p95 over varied queries.
fn list_pages(app: &App, results: &mut Results) -> Result<(), String> {
    let mut rng = generate::Rng::new(7);
    let mut worst = 0.0f64;
    for spec in register::all() {
        let mut times = vec![];
        for i in 0..40 {
            let mut q = ListQuery {
                page: Some(1 + rng.below(3) as u32),
                ..Default::default()
            };
            if i % 4 != 3 {
                q.year = Some(generate::FIRST_YEAR + rng.below(generate::YEARS as usize) as i32);
            }
            if i % 2 == 0 && !spec.search_fields.is_empty() {
                q.search = Some(
                    rng.word(&["垃圾分类", "养老", "通知", "管理", "社区"])
                        .to_string(),
                );
            }
            if i % 3 == 0 {
                if let Some(f) = spec.fields.iter().find(|f| {
                    f.listed
                        && matches!(
                            f.kind,
                            register::Kind::Choice(_)
                                | register::Kind::Unit
                                | register::Kind::Code(_)
                        )
                }) {
                    let sample = taizhang_core::register::crud::all_records(
                        app.store.conn(),
                        spec,
                        Some(YEAR),
                    )
                    .ok()
                    .and_then(|rs| rs.into_iter().next())
                    .and_then(|r| r.get(f.name).cloned());
                    if let Some(v) = sample.filter(|v| !v.is_null()) {
                        q.filters.insert(f.name.to_string(), v);
                    }
                }
            }
            if i % 5 == 1 {
                q.status = spec.statuses.first().map(|s| s.code.to_string());
            }
            let t = Instant::now();
            let page = register::list(app, spec, &q).map_err(err)?;
            times.push(ms(t));
            std::hint::black_box(page);
        }
        let (p50, p95) = (percentile(times.clone(), 50.0), percentile(times, 95.0));
        worst = worst.max(p95);
        results.push(
            "list_p95",
            format!("列表页 · {}", spec.label),
            p95,
            "ms",
            format!("p50 {p50:.1} ms，p95（40 次查询）"),
            Some(("< 50 ms", p95 < 50.0)),
        );
    }
    results.push(
        "list_worst_p95",
        "列表页 p95 最大值",
        worst,
        "ms",
        "",
        Some(("< 50 ms", worst < 50.0)),
    );
    Ok(())
}

fn json_of(reply: Reply) -> Value {
    match reply {
        Reply::Json(v) => v,
        Reply::Files { .. } => Value::Null,
    }
}

/// One month of the tally grid, and saving one cell, through the commands.
fn grid(app: &mut App, results: &mut Results) -> Result<(), String> {
    let units = json_of(dispatch(app, "units.list", json!({})).map_err(err)?);
    let windows: Vec<i64> = units
        .as_array()
        .into_iter()
        .flatten()
        .filter(|u| WINDOWS.contains(&u["name"].as_str().unwrap_or("")))
        .filter_map(|u| u["id"].as_i64())
        .collect();
    let items = json_of(dispatch(app, "service_items.list", json!({})).map_err(err)?);
    let item_ids: Vec<i64> = items
        .as_array()
        .or_else(|| items["items"].as_array())
        .into_iter()
        .flatten()
        .filter_map(|i| i["id"].as_i64())
        .collect();
    if windows.is_empty() || item_ids.is_empty() {
        return Err("no windows or service items in the generated data".into());
    }
    let mut rng = generate::Rng::new(11);
    let mut loads = vec![];
    for _ in 0..50 {
        let (w, m) = (windows[rng.below(windows.len())], 1 + rng.below(12));
        let t = Instant::now();
        let g = dispatch(
            app,
            "tallies.grid",
            json!({"window": w, "year": YEAR, "month": m}),
        )
        .map_err(err)?;
        loads.push(ms(t));
        std::hint::black_box(g);
    }
    let mut saves = vec![];
    for _ in 0..50 {
        let (w, item) = (
            windows[rng.below(windows.len())],
            item_ids[rng.below(item_ids.len())],
        );
        let period = format!("{YEAR}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
        let t = Instant::now();
        dispatch(
            app,
            "tallies.set",
            json!({"window": w, "item": item, "period": period, "count": 1 + rng.below(50)}),
        )
        .map_err(err)?;
        saves.push(ms(t));
    }
    let (l50, l95) = (percentile(loads.clone(), 50.0), percentile(loads, 95.0));
    let (s50, s95) = (percentile(saves.clone(), 50.0), percentile(saves, 95.0));
    results.push(
        "grid_load_p95",
        "窗口业务月表加载",
        l95,
        "ms",
        format!("p50 {l50:.1} ms，p95（50 次）"),
        Some(("< 50 ms", l95 < 50.0)),
    );
    results.push(
        "cell_save_p95",
        "保存一个格子（含事务、审计、落盘）",
        s95,
        "ms",
        format!("p50 {s50:.1} ms，p95（50 次）"),
        Some(("< 10 ms", s95 < 10.0)),
    );
    Ok(())
}

fn exports(app: &App, results: &mut Results) -> Result<(), String> {
    let annual = taizhang_core::annual::assemble(app, YEAR).map_err(err)?;
    for (key, label, template, format) in [
        (
            "export_docx",
            "导出 .docx（标准格式）",
            Template::Standard,
            Format::Docx,
        ),
        (
            "export_xlsx",
            "导出 .xlsx（标准格式）",
            Template::Standard,
            Format::Xlsx,
        ),
        (
            "export_html",
            "导出 .html（标准格式）",
            Template::Standard,
            Format::Html,
        ),
        (
            "export_ledger",
            "导出 .xlsx（台账，全年记录）",
            Template::Ledger,
            Format::Xlsx,
        ),
    ] {
        let mut times = vec![];
        let mut size = 0;
        for _ in 0..3 {
            let t = Instant::now();
            let file = report::render(&annual.input, template, format).map_err(err)?;
            times.push(ms(t));
            size = file.bytes.len();
        }
        results.push(
            key,
            label,
            median(times),
            "ms",
            format!("{} KB，3 次中位数", size / 1024),
            None,
        );
    }
    Ok(())
}
