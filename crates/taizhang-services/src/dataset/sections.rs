//! The sections of the data package that the foundation knows: the office, its
//! units, the clerk's holiday schedules, and every generic register.

use std::collections::{BTreeMap, HashSet};

use rusqlite::Connection;
use serde_json::{json, Map, Value};

use super::{ExportOptions, MergeLog, Section};
use taizhang_base::calendar::HolidayYear;
use taizhang_base::dates::parse_iso_date;
use taizhang_base::error::{Error, Problem, Result};
use taizhang_records::framework::merge;
use taizhang_records::framework::validate::{validate, Mode, PackageResolver};
use taizhang_records::framework::{crud, Ctx, Kind, Record, RegisterSpec};
use taizhang_records::registers::disclosures::timeliness::{
    local_days, save_local_days, DEFAULT_LOCAL_DAYS, STATUTORY_DAYS,
};
use taizhang_store::office::{self, Office};
use taizhang_store::store::Tx;
use taizhang_store::sync::Version;

/// Every section, in import order.
pub fn all() -> Vec<&'static dyn Section> {
    let mut list: Vec<&'static dyn Section> = vec![
        &OfficeSection,
        &UnitsSection,
        &HolidaysSection,
        &ListsSection,
    ];
    for section in REGISTER_SECTIONS.iter() {
        list.push(section);
    }
    list.push(&super::table2_figures::AnnualFiguresSection);
    list.push(&super::table2_figures::TrialCellsSection);
    list.extend([
        &super::tally_sections::ItemsSection as &'static dyn Section,
        &super::tally_sections::TalliesSection,
        &super::tally_sections::MetricsSection,
        &super::narratives::NarrativesSection,
        &super::roster_section::RosterSection,
        &super::narratives::SummaryHeadingsSection,
        // Last: a deletion comes after every record it may refer to.
        &super::deleted_section::DeletedSection,
    ]);
    list
}

static REGISTER_SECTIONS: std::sync::LazyLock<Vec<RegisterSection>> =
    std::sync::LazyLock::new(|| {
        taizhang_records::framework::all()
            .iter()
            .map(|spec| RegisterSection(spec))
            .collect()
    });

/// The objects of an array section, with their indexes; problems for a section
/// that is not an array or an item that is not an object.
pub(crate) fn items<'v>(
    key: &str,
    value: &'v Value,
    problems: &mut Vec<Problem>,
) -> Vec<(usize, &'v Map<String, Value>)> {
    match value {
        Value::Null => vec![],
        Value::Array(list) => list
            .iter()
            .enumerate()
            .filter_map(|(i, item)| match item {
                Value::Object(o) => Some((i, o)),
                _ => {
                    problems.push(Problem::new(format!("{key}[{i}]"), "应为一个对象（{…}）"));
                    None
                }
            })
            .collect(),
        _ => {
            problems.push(Problem::new(key, "应为一个数组（[…]）"));
            vec![]
        }
    }
}

/// Check every item of an array section with `parse`, which gives the
/// item's identity; an item whose identity an earlier item had is refused
/// with `repeated`.
pub(crate) fn check_unique_items<K: std::hash::Hash + Eq>(
    key: &str,
    value: &Value,
    problems: &mut Vec<Problem>,
    parse: impl Fn(usize, &Map<String, Value>, &mut Vec<Problem>) -> Option<K>,
    repeated: &str,
) {
    let mut seen = std::collections::HashSet::new();
    for (i, obj) in items(key, value, problems) {
        if let Some(identity) = parse(i, obj, problems) {
            if !seen.insert(identity) {
                problems.push(Problem::new(format!("{key}[{i}]"), repeated));
            }
        }
    }
}

/// Items of a section already checked: an import never sees a bad one.
pub(crate) fn checked_items<'v>(
    key: &str,
    value: &'v Value,
) -> Vec<(usize, &'v Map<String, Value>)> {
    items(key, value, &mut vec![])
}

/// The optional `archived` flag of a catalogue entry (units, service items).
pub(crate) fn check_archived_flag(
    obj: &Map<String, Value>,
    prefix: &str,
    problems: &mut Vec<Problem>,
) {
    if !matches!(
        obj.get("archived"),
        None | Some(Value::Null) | Some(Value::Bool(_))
    ) {
        problems.push(Problem::new(
            format!("{prefix}archived"),
            "应为 true 或 false",
        ));
    }
}

fn str_field<'v>(obj: &'v Map<String, Value>, key: &str) -> Option<&'v str> {
    obj.get(key).and_then(Value::as_str)
}

// ---------------------------------------------------------------- office

pub struct OfficeSection;

impl OfficeSection {
    fn parse(value: &Value, problems: &mut Vec<Problem>) -> Option<Office> {
        let Some(obj) = value.as_object() else {
            problems.push(Problem::new("office", "应为一个对象（{…}）"));
            return None;
        };
        let text = |k: &str, problems: &mut Vec<Problem>| match obj.get(k) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(_) => {
                problems.push(Problem::new(format!("office.{k}"), "应为文字"));
                String::new()
            }
        };
        let office = Office {
            name: text("name", problems),
            superior: text("superior", problems),
            contact: text("contact", problems),
            kind: text("kind", problems),
            code: text("code", problems),
        };
        match office::check_office(&office, "office.") {
            Ok(o) => Some(o),
            Err(p) => {
                problems.extend(p);
                None
            }
        }
    }

    /// The office's own disclosure limit (`disclosure_local_limit_days`, an
    /// addition to the format): absent means "leave as it is".
    fn local_limit(value: &Value, problems: &mut Vec<Problem>) -> Option<i64> {
        let days = value.get(LOCAL_LIMIT_KEY)?;
        match days.as_i64() {
            Some(d) if (1..=STATUTORY_DAYS as i64).contains(&d) => Some(d),
            _ if days.is_null() => None,
            _ => {
                problems.push(Problem::new(
                    format!("office.{LOCAL_LIMIT_KEY}"),
                    format!("本单位公开时限应为 1 至 {STATUTORY_DAYS} 之间的整数（工作日）"),
                ));
                None
            }
        }
    }
}

/// The office's own disclosure limit travels with the office, so that a
/// district or a new PC judges 本单位时限 as the office does.
const LOCAL_LIMIT_KEY: &str = "disclosure_local_limit_days";

impl Section for OfficeSection {
    fn key(&self) -> &'static str {
        "office"
    }

    fn export(&self, conn: &Connection, _opts: &ExportOptions) -> Result<Value> {
        let o = office::get_office(conn)?;
        let opt = |s: String| if s.is_empty() { Value::Null } else { json!(s) };
        let mut out =
            json!({"name": o.name, "superior": opt(o.superior), "contact": opt(o.contact)});
        // Additions to the format, written only when set.
        for (key, value) in [("kind", o.kind), ("code", o.code)] {
            if !value.is_empty() {
                out[key] = json!(value);
            }
        }
        // Only a changed limit is written: packages of offices on the default
        // stay exactly as the format describes them.
        let days = local_days(conn);
        if days != DEFAULT_LOCAL_DAYS {
            out[LOCAL_LIMIT_KEY] = json!(days);
        }
        Ok(out)
    }

    fn check(&self, _ctx: &Ctx, _r: &PackageResolver, value: &Value, problems: &mut Vec<Problem>) {
        OfficeSection::parse(value, problems);
        OfficeSection::local_limit(value, problems);
    }

    fn import(&self, tx: &Tx, ctx: &Ctx, _r: &PackageResolver, value: &Value, _log: &mut MergeLog) -> Result<usize> {
        let office = OfficeSection::parse(value, &mut vec![]).expect("checked");
        let before = office::get_office(tx)?;
        office::save_office(tx, &office)?;
        let mut changed = (before != office) as usize;
        if let Some(days) = OfficeSection::local_limit(value, &mut vec![]) {
            if local_days(tx) as i64 != days {
                save_local_days(tx, ctx, days)?;
                changed += 1;
            }
        }
        Ok(changed)
    }
}

// ---------------------------------------------------------------- units

pub struct UnitsSection;

impl Section for UnitsSection {
    fn key(&self) -> &'static str {
        "units"
    }

    fn export(&self, conn: &Connection, _opts: &ExportOptions) -> Result<Value> {
        Ok(office::list_units(conn, true)?
            .into_iter()
            .map(|u| {
                let mut v = json!({"name": u.name, "kind": u.kind});
                if u.archived {
                    v["archived"] = json!(true);
                }
                v
            })
            .collect())
    }

    fn declare(&self, value: &Value, resolver: &mut PackageResolver) {
        for (_, obj) in checked_items("units", value) {
            if let Some(name) = str_field(obj, "name") {
                resolver.units.insert(name.trim().to_string());
            }
        }
    }

    fn check(&self, _ctx: &Ctx, _r: &PackageResolver, value: &Value, problems: &mut Vec<Problem>) {
        let mut seen = HashSet::new();
        for (i, obj) in items("units", value, problems) {
            let prefix = format!("units[{i}].");
            let name = str_field(obj, "name").unwrap_or("");
            let kind = str_field(obj, "kind").unwrap_or("");
            problems.extend(office::check_unit(name, kind, &prefix));
            if !name.trim().is_empty() && !seen.insert(name.trim().to_string()) {
                problems.push(Problem::new(
                    format!("{prefix}name"),
                    format!("单位“{name}”重复出现"),
                ));
            }
            check_archived_flag(obj, &prefix, problems);
        }
    }

    fn import(&self, tx: &Tx, _ctx: &Ctx, _r: &PackageResolver, value: &Value, _log: &mut MergeLog) -> Result<usize> {
        let mut changed = 0;
        for (_, obj) in checked_items("units", value) {
            let name = str_field(obj, "name").unwrap_or("").trim();
            changed +=
                office::upsert_unit_by_name(tx, name, str_field(obj, "kind").unwrap_or("other"))?
                    as usize;
            let archived = obj
                .get("archived")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let unit = office::list_units(tx, true)?
                .into_iter()
                .find(|u| u.name == name)
                .expect("just upserted");
            if unit.archived != archived {
                office::set_unit_archived(tx, unit.id, archived)?;
                changed += 1;
            }
        }
        Ok(changed)
    }
}

// ---------------------------------------------------------------- holidays

pub struct HolidaysSection;

impl HolidaysSection {
    fn parse(
        i: usize,
        obj: &Map<String, Value>,
        problems: &mut Vec<Problem>,
    ) -> Option<HolidayYear> {
        let prefix = format!("holidays[{i}].");
        let year = match obj.get("year").and_then(Value::as_i64) {
            Some(y) => y as i32,
            None => {
                problems.push(Problem::new(format!("{prefix}year"), "请填写年份（整数）"));
                return None;
            }
        };
        let mut dates = |key: &str| -> Vec<chrono::NaiveDate> {
            let mut out: Vec<chrono::NaiveDate> = vec![];
            match obj.get(key) {
                None | Some(Value::Null) => {}
                Some(Value::Array(list)) => {
                    for (j, d) in list.iter().enumerate() {
                        match d.as_str().map(parse_iso_date) {
                            Some(Ok(date)) if out.contains(&date) => problems.push(Problem::new(
                                format!("{prefix}{key}[{j}]"),
                                format!("{date} 重复出现"),
                            )),
                            Some(Ok(date)) => out.push(date),
                            Some(Err(e)) => {
                                problems.push(Problem::new(format!("{prefix}{key}[{j}]"), e))
                            }
                            None => problems.push(Problem::new(
                                format!("{prefix}{key}[{j}]"),
                                "日期应为文字 YYYY-MM-DD",
                            )),
                        }
                    }
                }
                Some(_) => problems.push(Problem::new(format!("{prefix}{key}"), "应为日期数组")),
            }
            out
        };
        let holidays = dates("holidays");
        let workdays = dates("workdays");
        let mut names = BTreeMap::new();
        if let Some(Value::Object(map)) = obj.get("names") {
            for (k, v) in map {
                if let (Ok(d), Some(n)) = (parse_iso_date(k), v.as_str()) {
                    names.insert(d, n.to_string());
                }
            }
        }
        let y = HolidayYear {
            year,
            holidays,
            workdays,
            names,
        };
        if let Err(e) = y.validate() {
            match e {
                Error::Invalid { field, message } => {
                    problems.push(Problem::new(format!("{prefix}{field}"), message))
                }
                Error::Problems { problems: ps } => problems.extend(
                    ps.into_iter()
                        .map(|p| Problem::new(format!("{prefix}{}", p.path), p.message)),
                ),
                other => problems.push(Problem::new(
                    prefix.trim_end_matches('.'),
                    other.to_string(),
                )),
            }
            return None;
        }
        Some(y)
    }
}

impl Section for HolidaysSection {
    fn key(&self) -> &'static str {
        "holidays"
    }

    fn export(&self, conn: &Connection, _opts: &ExportOptions) -> Result<Value> {
        Ok(crate::holidays::load_years(conn)?
            .into_iter()
            .map(|y| serde_json::to_value(y).expect("serializable"))
            .collect())
    }

    fn check(&self, _ctx: &Ctx, _r: &PackageResolver, value: &Value, problems: &mut Vec<Problem>) {
        let mut seen = HashSet::new();
        for (i, obj) in items("holidays", value, problems) {
            if let Some(y) = HolidaysSection::parse(i, obj, problems) {
                if !seen.insert(y.year) {
                    problems.push(Problem::new(
                        format!("holidays[{i}].year"),
                        format!("{}年重复出现", y.year),
                    ));
                }
            }
        }
    }

    fn import(&self, tx: &Tx, _ctx: &Ctx, _r: &PackageResolver, value: &Value, _log: &mut MergeLog) -> Result<usize> {
        let stored = crate::holidays::load_years(tx)?;
        let mut changed = 0;
        for (i, obj) in checked_items("holidays", value) {
            let mut y = HolidaysSection::parse(i, obj, &mut vec![]).expect("checked");
            y.holidays.sort();
            y.workdays.sort();
            if stored.contains(&y) {
                continue;
            }
            crate::holidays::save_year(tx, &y, "导入")?;
            changed += 1;
        }
        Ok(changed)
    }
}

// ---------------------------------------------------------------- lists

/// The configurable lists that differ from their defaults
/// (`{"message_channel": […]}`). Before the registers, whose
/// import adds values they use.
pub struct ListsSection;

impl ListsSection {
    fn parse(value: &Value, problems: &mut Vec<Problem>) -> Vec<(&'static str, Vec<String>)> {
        let Some(obj) = value.as_object() else {
            if !value.is_null() {
                problems.push(Problem::new("lists", "应为一个对象（{…}）"));
            }
            return vec![];
        };
        let mut out = vec![];
        for (name, values) in obj {
            let prefix = format!("lists.{name}");
            let Ok(spec) = taizhang_store::lists::spec(name) else {
                problems.push(Problem::new(&prefix, format!("没有名为“{name}”的列表")));
                continue;
            };
            let Some(texts) = values.as_array().and_then(|l| {
                l.iter()
                    .map(|v| v.as_str().map(str::to_string))
                    .collect::<Option<Vec<_>>>()
            }) else {
                problems.push(Problem::new(&prefix, "应为文字的数组"));
                continue;
            };
            match taizhang_store::lists::clean(spec, &texts, &format!("{prefix}.")) {
                Ok(cleaned) => out.push((spec.name, cleaned)),
                Err(p) => problems.extend(p),
            }
        }
        out
    }
}

impl Section for ListsSection {
    fn key(&self) -> &'static str {
        "lists"
    }

    fn export(&self, conn: &Connection, _opts: &ExportOptions) -> Result<Value> {
        let mut out = Map::new();
        for spec in taizhang_store::lists::LISTS {
            let values = taizhang_store::lists::values(conn, spec.name)?;
            if values != spec.defaults {
                out.insert(spec.name.into(), json!(values));
            }
        }
        Ok(Value::Object(out))
    }

    fn check(&self, _ctx: &Ctx, _r: &PackageResolver, value: &Value, problems: &mut Vec<Problem>) {
        ListsSection::parse(value, problems);
    }

    /// A list still at its defaults takes the package's values; a list the
    /// clerk has changed keeps its values and gains the package's new ones
    /// (an import adds, never removes, as with records). Either way a second
    /// import changes nothing.
    fn import(&self, tx: &Tx, _ctx: &Ctx, _r: &PackageResolver, value: &Value, _log: &mut MergeLog) -> Result<usize> {
        let mut changed = 0;
        for (name, mut values) in ListsSection::parse(value, &mut vec![]) {
            let current = taizhang_store::lists::values(tx, name)?;
            if taizhang_store::lists::is_customized(tx, name)? {
                let new: Vec<String> = values
                    .iter()
                    .filter(|v| !current.contains(v))
                    .cloned()
                    .collect();
                values = current.iter().cloned().chain(new).collect();
            }
            if current != values {
                taizhang_store::lists::save(tx, name, &values)?;
                changed += 1;
            }
        }
        Ok(changed)
    }
}

// ---------------------------------------------------------------- registers

/// A generic register as a section of the package.
pub struct RegisterSection(pub &'static RegisterSpec);

impl Section for RegisterSection {
    fn key(&self) -> &'static str {
        self.0.key
    }

    fn label(&self) -> &'static str {
        self.0.label
    }

    fn export(&self, conn: &Connection, opts: &ExportOptions) -> Result<Value> {
        let records = crud::package_records(conn, self.0, opts.year)?;
        Ok(records
            .into_iter()
            .map(|mut rec| {
                if !opts.personal {
                    for f in self.0.fields.iter().filter(|f| f.personal) {
                        rec.remove(f.name);
                    }
                }
                Value::Object(rec)
            })
            .collect())
    }

    fn declare(&self, value: &Value, resolver: &mut PackageResolver) {
        for (_, obj) in checked_items(self.0.key, value) {
            if let Some(id) = str_field(obj, "id") {
                resolver
                    .records
                    .insert((self.0.key.to_string(), id.trim().to_string()));
            }
        }
    }

    fn check(
        &self,
        ctx: &Ctx,
        resolver: &PackageResolver,
        value: &Value,
        problems: &mut Vec<Problem>,
    ) {
        let key = self.0.key;
        let mut seen = HashSet::new();
        for (i, obj) in items(key, value, problems) {
            let prefix = format!("{key}[{i}].");
            if let Some(id) = str_field(obj, "id") {
                if !seen.insert(id.trim().to_string()) {
                    problems.push(Problem::new(
                        format!("{prefix}id"),
                        format!("编号“{id}”在数据包中重复出现"),
                    ));
                }
            }
            if let Err(ps) = validate(ctx, self.0, obj, Mode::Package, resolver, &prefix) {
                problems.extend(ps);
            }
            if let Some(p) = check_version(obj, &prefix) {
                problems.push(p);
            }
        }
    }

    fn import(
        &self,
        tx: &Tx,
        ctx: &Ctx,
        resolver: &PackageResolver,
        value: &Value,
        log: &mut MergeLog,
    ) -> Result<usize> {
        let mut changed = 0;
        let mut list_values = vec![];
        for (i, obj) in checked_items(self.0.key, value) {
            let prefix = format!("{}[{i}].", self.0.key);
            let rec: Record = validate(ctx, self.0, obj, Mode::Package, resolver, &prefix)
                .map_err(|ps| Error::Problems { problems: ps })?;
            note_list_values(self.0, &rec, &mut list_values);
            let version = obj
                .get(crud::PACKAGE_VERSION_KEY)
                .and_then(Version::from_json);
            let arrival = log.arrival(version.as_ref());
            let id = rec
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let incoming = about(self.0, &rec);
            let outcome = merge::record(tx, ctx, self.0, obj, rec, &arrival)
                .map_err(|e| super::at_path(e, prefix.trim_end_matches('.')))?;
            // Listed under the title the file now holds (a deleted one: the package's).
            let about = match outcome {
                merge::Outcome::Unchanged | merge::Outcome::Written => None,
                _ => crud::load(tx, self.0, &id)?
                    .and_then(|kept| about(self.0, &kept))
                    .or(incoming),
            };
            changed += log.note(self.0.key, self.0.label, &id, about.as_deref(), outcome) as usize;
        }
        add_to_lists(tx, &list_values)?;
        Ok(changed)
    }
}

/// What the clerk knows a record by: its first searched text that is not
/// personal data (a title, a topic, a serial number).
fn about(spec: &RegisterSpec, rec: &Record) -> Option<String> {
    spec.search_fields
        .iter()
        .filter(|name| spec.fields.iter().any(|f| f.name == **name && !f.personal))
        .find_map(|name| rec.get(*name).and_then(Value::as_str).filter(|s| !s.is_empty()))
        .map(str::to_string)
}

/// A record's `version`, when there is one, must be one this program
/// writes: a hand-made one could pass for newer than every PC's.
pub(crate) fn check_version(obj: &Map<String, Value>, prefix: &str) -> Option<Problem> {
    match obj.get(crud::PACKAGE_VERSION_KEY) {
        None | Some(Value::Null) => None,
        Some(v) if Version::from_json(v).is_some() => None,
        Some(_) => Some(Problem::new(
            format!("{prefix}{}", crud::PACKAGE_VERSION_KEY),
            "版本信息格式不对（应为 {\"pc\": 电脑编号, \"counters\": {…}}）。请删去这一项，或在原来的电脑上重新导出数据包。",
        )),
    }
}

/// Note the values of configurable lists an imported record uses (each
/// distinct value once, in the order first met).
fn note_list_values(spec: &RegisterSpec, rec: &Record, seen: &mut Vec<(&'static str, String)>) {
    let mut note = |list: &'static str, v: &str| {
        if !seen.iter().any(|(l, x)| *l == list && x == v) {
            seen.push((list, v.to_string()));
        }
    };
    for f in spec.fields {
        match (f.kind, rec.get(f.name)) {
            (Kind::Choice(list), Some(Value::String(v))) => note(list, v),
            (Kind::Choices(list), Some(Value::Array(vs))) => vs
                .iter()
                .filter_map(Value::as_str)
                .for_each(|v| note(list, v)),
            _ => {}
        }
    }
}

/// Values of configurable lists used by imported records join their lists,
/// so that the forms offer them.
fn add_to_lists(tx: &Tx, values: &[(&'static str, String)]) -> Result<()> {
    for (list, v) in values {
        taizhang_store::lists::ensure_value(tx, list, v)?;
    }
    Ok(())
}
