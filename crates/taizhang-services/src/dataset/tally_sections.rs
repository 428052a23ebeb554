//! The data-package sections `service_items`, `service_tallies` and
//! `metrics`. Tallies refer to items and windows by name; both resolve within
//! the package or the database.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;
use serde_json::{json, Map, Value};

use taizhang_records::tallies::catalogue::{self, ItemInput};
use taizhang_records::tallies::cells::{self, Cell};
use taizhang_store::sync::{Clock, Version};
use taizhang_records::tallies::count::parse_count_value;
use taizhang_records::tallies::metrics::{self, MetricInput};
use taizhang_records::tallies::period::Period;
use super::{check_archived_flag, checked_items, items, Created, ExportOptions, Section, MergeLog};
use taizhang_base::error::{Problem, Result};
use taizhang_records::framework::validate::{PackageResolver, Resolver};
use taizhang_records::framework::Ctx;
use taizhang_store::store::Tx;

const ITEMS: &str = "service_items";
const TALLIES: &str = "service_tallies";
const METRICS: &str = "metrics";

/// A text field of a package object: missing or null is empty; another type is a problem.
fn text(obj: &Map<String, Value>, key: &str, prefix: &str, problems: &mut Vec<Problem>) -> String {
    match obj.get(key) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.trim().to_string(),
        Some(_) => {
            problems.push(Problem::new(format!("{prefix}{key}"), "应为文字"));
            String::new()
        }
    }
}

// ---------------------------------------------------------------- service_items

pub struct ItemsSection;

fn item_input(obj: &Map<String, Value>, prefix: &str, problems: &mut Vec<Problem>) -> ItemInput {
    ItemInput {
        name: text(obj, "name", prefix, problems),
        unit: text(obj, "unit", prefix, problems),
        group: text(obj, "group", prefix, problems),
    }
}

impl Section for ItemsSection {
    fn key(&self) -> &'static str {
        ITEMS
    }

    fn export(&self, conn: &Connection, _opts: &ExportOptions) -> Result<Value> {
        Ok(catalogue::list_items(conn, true)?
            .into_iter()
            .map(|i| {
                let mut v = json!({"name": i.name, "unit": i.unit, "group": i.group});
                if i.archived {
                    v["archived"] = json!(true);
                }
                v
            })
            .collect())
    }

    fn declare(&self, value: &Value, resolver: &mut PackageResolver) {
        for (_, obj) in checked_items(ITEMS, value) {
            if let Some(name) = obj.get("name").and_then(Value::as_str) {
                resolver
                    .records
                    .insert((ITEMS.to_string(), name.trim().to_string()));
            }
        }
    }

    fn check(&self, _ctx: &Ctx, _r: &PackageResolver, value: &Value, problems: &mut Vec<Problem>) {
        let mut seen = HashSet::new();
        for (i, obj) in items(ITEMS, value, problems) {
            let prefix = format!("{ITEMS}[{i}].");
            let input = item_input(obj, &prefix, problems);
            problems.extend(catalogue::check_item(&input, &prefix));
            if !input.name.is_empty() && !seen.insert(input.name.clone()) {
                problems.push(Problem::new(
                    format!("{prefix}name"),
                    format!("服务事项“{}”重复出现", input.name),
                ));
            }
            check_archived_flag(obj, &prefix, problems);
        }
    }

    fn import(&self, tx: &Tx, _ctx: &Ctx, _r: &PackageResolver, value: &Value, _log: &mut MergeLog) -> Result<usize> {
        let mut changed = 0;
        for (_, obj) in checked_items(ITEMS, value) {
            let input = item_input(obj, "", &mut vec![]);
            let archived = obj
                .get("archived")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            changed += catalogue::upsert_item(tx, &input, archived)? as usize;
        }
        Ok(changed)
    }
}

// ---------------------------------------------------------------- service_tallies

pub struct TalliesSection;

/// One checked tally of a package.
struct Tally {
    item: String,
    window: String,
    period: Period,
    count: Option<i64>,
}

fn item_exists(resolver: &PackageResolver, name: &str) -> bool {
    resolver
        .records
        .contains(&(ITEMS.to_string(), name.to_string()))
        || catalogue::item_by_name(resolver.db.0, name)
            .ok()
            .flatten()
            .is_some()
}

fn parse_tally(
    obj: &Map<String, Value>,
    prefix: &str,
    resolver: &PackageResolver,
    problems: &mut Vec<Problem>,
) -> Option<Tally> {
    let before = problems.len();
    let item = text(obj, "item", prefix, problems);
    let window = text(obj, "window", prefix, problems);
    if item.is_empty() {
        problems.push(Problem::new(format!("{prefix}item"), "请填写服务事项"));
    } else if !item_exists(resolver, &item) {
        problems.push(Problem::new(
            format!("{prefix}item"),
            format!("服务事项“{item}”不在数据包的 service_items 中，也不在本台账的服务事项中"),
        ));
    }
    if window.is_empty() {
        problems.push(Problem::new(
            format!("{prefix}window"),
            "请填写窗口（单位名称，如：前台）",
        ));
    } else if !resolver.unit_exists(&window) {
        // Not a unit yet: import makes it one (see `new_windows`).
        problems.extend(
            taizhang_store::office::check_unit(&window, NEW_WINDOW_KIND, "")
                .into_iter()
                .map(|p| Problem::new(format!("{prefix}window"), p.message)),
        );
    }
    let period = match obj.get("period") {
        Some(Value::String(s)) => Period::parse(s)
            .map_err(|m| problems.push(Problem::new(format!("{prefix}period"), m)))
            .ok(),
        _ => {
            problems.push(Problem::new(
                format!("{prefix}period"),
                "请填写期间：YYYY、YYYY-MM 或 YYYY-MM-DD",
            ));
            None
        }
    };
    let count = match obj.get("count") {
        Some(v @ Value::Number(_)) => parse_count_value(v)
            .map_err(|m| problems.push(Problem::new(format!("{prefix}count"), m)))
            .ok()
            .flatten(),
        _ => {
            problems.push(Problem::new(
                format!("{prefix}count"),
                "请填写数量（不小于 0 的整数）",
            ));
            None
        }
    };
    (problems.len() == before).then(|| Tally {
        item,
        window,
        period: period.expect("checked"),
        count,
    })
}

/// The kind of a unit made from a tally's window (前台 is neither a 科室 nor a 社区).
const NEW_WINDOW_KIND: &str = "other";

/// The windows a package's tallies name that are units neither of the
/// package nor of the data file, each once, in the order first met. The spec
/// lists only `unit`, `item` and `application_id` as references that must
/// resolve, and its own example's window 前台 is no unit of it: import
/// creates such a window as a unit of kind `other`.
fn new_windows(resolver: &PackageResolver, value: &Value) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for (_, obj) in checked_items(TALLIES, value) {
        let Some(window) = obj.get("window").and_then(Value::as_str).map(str::trim) else {
            continue;
        };
        if !window.is_empty() && !resolver.unit_exists(window) && !out.iter().any(|w| w == window) {
            out.push(window.to_string());
        }
    }
    out
}

impl Section for TalliesSection {
    fn key(&self) -> &'static str {
        TALLIES
    }

    fn creates(&self, resolver: &PackageResolver, value: &Value) -> Vec<Created> {
        new_windows(resolver, value)
            .into_iter()
            .map(|name| Created {
                section: "units",
                note: format!("窗口“{name}”还不是单位，将新建为单位（类型：其他）"),
                name,
            })
            .collect()
    }

    fn export(&self, conn: &Connection, opts: &ExportOptions) -> Result<Value> {
        let mut stmt = conn.prepare(
            "SELECT i.name, u.name, t.year, t.month, t.day, t.count,
                    t.clock, t.changed_on, coalesce(t.changed_at, '')
             FROM service_tallies t
             JOIN service_items i ON i.id = t.item_id JOIN units u ON u.id = t.unit_id
             WHERE ?1 IS NULL OR t.year = ?1
             ORDER BY t.year, t.month, t.day, u.position, u.id, i.position, i.id",
        )?;
        let rows = stmt.query_map([opts.year], |r| {
            let period = Period::from_parts(r.get(2)?, r.get(3)?, r.get(4)?)
                .map(|p| p.to_string())
                .unwrap_or_default();
            let mut tally =
                json!({"item": r.get::<_, String>(0)?, "window": r.get::<_, String>(1)?,
                      "period": period, "count": r.get::<_, i64>(5)?});
            if let Some(clock) = r.get::<_, Option<String>>(6)? {
                let version = Version {
                    clock: Clock::parse(Some(&clock)),
                    changed_on: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                    changed_at: r.get(8)?,
                };
                tally["version"] = version.to_json();
            }
            Ok(tally)
        })?;
        Ok(Value::Array(rows.collect::<rusqlite::Result<Vec<_>>>()?))
    }

    fn check(
        &self,
        _ctx: &Ctx,
        resolver: &PackageResolver,
        value: &Value,
        problems: &mut Vec<Problem>,
    ) {
        let mut seen = HashMap::new();
        for (i, obj) in items(TALLIES, value, problems) {
            let prefix = format!("{TALLIES}[{i}].");
            if let Some(p) = super::sections::check_version(obj, &prefix) {
                problems.push(p);
            }
            if let Some(t) = parse_tally(obj, &prefix, resolver, problems) {
                if let Some(first) = seen.insert((t.item.clone(), t.window.clone(), t.period), i) {
                    problems.push(Problem::new(
                        format!("{prefix}period"),
                        format!("与 {TALLIES}[{first}] 重复：同一事项、同一窗口、同一期间只能有一个数字"),
                    ));
                }
            }
        }
    }

    fn import(
        &self,
        tx: &Tx,
        _ctx: &Ctx,
        resolver: &PackageResolver,
        value: &Value,
        log: &mut MergeLog,
    ) -> Result<usize> {
        for window in new_windows(resolver, value) {
            taizhang_store::office::add_unit(tx, &window, NEW_WINDOW_KIND)?;
        }
        let (items, units) = names(tx)?;
        let mut changed = 0;
        for (_, obj) in checked_items(TALLIES, value) {
            let t = parse_tally(obj, "", resolver, &mut vec![]).expect("checked");
            let cell = Cell {
                item: &items[&t.item],
                window: &units[&t.window],
                period: t.period,
            };
            let version = obj.get("version").and_then(Version::from_json);
            let arrival = log.arrival(version.as_ref());
            let outcome = cells::merge_count(tx, cell, t.count, &arrival)?;
            let id = format!("{} · {} · {}", t.item, t.window, t.period);
            changed += log.note(TALLIES, "窗口业务量", &id, None, outcome) as usize;
        }
        Ok(changed)
    }
}

/// The service items and units of the file by name.
pub(crate) fn names(
    conn: &Connection,
) -> Result<(
    HashMap<String, catalogue::ServiceItem>,
    HashMap<String, taizhang_store::office::Unit>,
)> {
    let items = catalogue::list_items(conn, true)?
        .into_iter()
        .map(|i| (i.name.clone(), i))
        .collect();
    let units = taizhang_store::office::list_units(conn, true)?
        .into_iter()
        .map(|u| (u.name.clone(), u))
        .collect();
    Ok((items, units))
}

// ---------------------------------------------------------------- metrics

pub struct MetricsSection;

fn metric_input(
    obj: &Map<String, Value>,
    prefix: &str,
    problems: &mut Vec<Problem>,
) -> MetricInput {
    let year = match obj.get("year").and_then(Value::as_i64) {
        Some(y) => y as i32,
        None => {
            problems.push(Problem::new(format!("{prefix}year"), "请填写年份（整数）"));
            0
        }
    };
    let value = match obj.get("value") {
        Some(v @ Value::Number(_)) => v.clone(),
        _ => {
            problems.push(Problem::new(format!("{prefix}value"), "请填写数值（数字）"));
            json!(0)
        }
    };
    MetricInput {
        id: None,
        year,
        name: text(obj, "name", prefix, problems),
        unit: text(obj, "unit", prefix, problems),
        value,
    }
}

impl Section for MetricsSection {
    fn key(&self) -> &'static str {
        METRICS
    }

    fn export(&self, conn: &Connection, opts: &ExportOptions) -> Result<Value> {
        Ok(metrics::list(conn, opts.year)?
            .into_iter()
            .map(|m| json!({"year": m.year, "name": m.name, "unit": m.unit, "value": metrics::value_json(m.value)}))
            .collect())
    }

    fn check(&self, _ctx: &Ctx, _r: &PackageResolver, value: &Value, problems: &mut Vec<Problem>) {
        let mut seen = HashSet::new();
        for (i, obj) in items(METRICS, value, problems) {
            let prefix = format!("{METRICS}[{i}].");
            let before = problems.len();
            let input = metric_input(obj, &prefix, problems);
            if problems.len() > before {
                continue;
            }
            match metrics::check(&input, &prefix) {
                Ok(m) if !seen.insert((m.year, m.name.clone())) => problems.push(Problem::new(
                    format!("{prefix}name"),
                    format!("{}年的“{}”重复出现", m.year, m.name),
                )),
                Ok(_) => {}
                Err(ps) => problems.extend(ps),
            }
        }
    }

    fn import(&self, tx: &Tx, _ctx: &Ctx, _r: &PackageResolver, value: &Value, _log: &mut MergeLog) -> Result<usize> {
        let mut changed = 0;
        for (_, obj) in checked_items(METRICS, value) {
            changed += metrics::upsert(tx, &metric_input(obj, "", &mut vec![]))? as usize;
        }
        Ok(changed)
    }
}
