//! Checking and normalizing a record against its register's fields.
//!
//! Input comes from a form (dates typed loosely, numbers as text) or from a data
//! package (strict ISO dates, JSON numbers). Either way the result is a record
//! of normalized JSON values, or every problem found, each naming its field.

use std::collections::HashSet;

use rusqlite::types::Value as Sql;
use rusqlite::{Connection, OptionalExtension};
use serde_json::{json, Value};

use super::{Ctx, Field, Kind, Record, RegisterSpec};
use taizhang_base::dates::{parse_iso_date, parse_user_date};
use taizhang_base::typed::{parse_decimal, parse_integer};
use taizhang_base::error::Problem;

/// Where the input comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Typed by a clerk: lenient dates and numbers; codes may be given by label.
    Form,
    /// From a data package: strict ISO dates and JSON types.
    Package,
}

/// Answers whether referenced things exist: units, records, list values.
pub trait Resolver {
    fn unit_exists(&self, name: &str) -> bool;
    fn record_exists(&self, register: &str, id: &str) -> bool;
    fn in_list(&self, list: &str, value: &str) -> bool;
}

/// Resolves against the database.
pub struct DbResolver<'a>(pub &'a Connection);

impl Resolver for DbResolver<'_> {
    fn unit_exists(&self, name: &str) -> bool {
        self.0
            .prepare_cached("SELECT 1 FROM units WHERE name = ?1")
            .and_then(|mut s| s.query_row([name], |_| Ok(())))
            .optional()
            .ok()
            .flatten()
            .is_some()
    }

    fn record_exists(&self, register: &str, id: &str) -> bool {
        let Some(spec) = super::find(register) else {
            return false;
        };
        // The table name comes from a static spec, never from input.
        let sql = format!("SELECT 1 FROM {} WHERE id = ?1", spec.table);
        self.0
            .query_row(&sql, [id], |_| Ok(()))
            .optional()
            .ok()
            .flatten()
            .is_some()
    }

    fn in_list(&self, list: &str, value: &str) -> bool {
        taizhang_store::lists::values(self.0, list)
            .map(|v| v.iter().any(|x| x == value))
            .unwrap_or(false)
    }
}

/// Resolves against a data package being imported, then the database.
pub struct PackageResolver<'a> {
    pub db: DbResolver<'a>,
    pub units: HashSet<String>,
    /// (register key, id) of every record in the package.
    pub records: HashSet<(String, String)>,
}

impl Resolver for PackageResolver<'_> {
    fn unit_exists(&self, name: &str) -> bool {
        self.units.contains(name) || self.db.unit_exists(name)
    }
    fn record_exists(&self, register: &str, id: &str) -> bool {
        self.records
            .contains(&(register.to_string(), id.to_string()))
            || self.db.record_exists(register, id)
    }
    /// A package from another office may use its own categories and channels:
    /// import accepts any non-empty value and adds it to the list.
    fn in_list(&self, _list: &str, _value: &str) -> bool {
        true
    }
}

/// Check `input` against `spec`. Returns the normalized record (with `id` when
/// the input had one) or every problem, with paths `prefix` + field name.
pub fn validate(
    ctx: &Ctx,
    spec: &RegisterSpec,
    input: &Record,
    mode: Mode,
    resolver: &dyn Resolver,
    prefix: &str,
) -> Result<Record, Vec<Problem>> {
    let mut out = Record::new();
    let mut problems = vec![];
    if let Some(id) = input.get("id") {
        match id {
            Value::String(s) if !s.trim().is_empty() && s.len() <= 100 => {
                out.insert("id".into(), json!(s.trim()));
            }
            Value::Null => {}
            _ => problems.push(Problem::new(
                format!("{prefix}id"),
                "编号应为不超过100个字符的文字",
            )),
        }
    }
    for field in spec.fields {
        let path = format!("{prefix}{}", field.name);
        match normalize(field, input.get(field.name), mode, resolver) {
            Ok(v) => {
                out.insert(field.name.into(), v);
            }
            Err(message) => problems.push(Problem::new(path, message)),
        }
    }
    if problems.is_empty() {
        spec.hooks.complete(ctx, &mut out);
        spec.hooks.check(ctx, &out, prefix, &mut problems);
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn is_blank(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        _ => false,
    }
}

/// Normalize one field's value; the error is a Chinese sentence naming the field.
pub fn normalize(
    field: &Field,
    value: Option<&Value>,
    mode: Mode,
    resolver: &dyn Resolver,
) -> Result<Value, String> {
    let label = field.label;
    if is_blank(value) {
        return match field.kind {
            Kind::Bool => Ok(json!(false)),
            Kind::Choices(_) | Kind::Tags => {
                if field.required {
                    Err(format!("请选择{label}"))
                } else {
                    Ok(json!([]))
                }
            }
            _ if field.required => Err(match field.kind {
                Kind::Code(_) | Kind::Choice(_) | Kind::Unit => format!("请选择{label}"),
                _ => format!("请填写{label}"),
            }),
            _ => Ok(Value::Null),
        };
    }
    let value = value.expect("not blank");
    let text = || -> Result<String, String> {
        match value {
            Value::String(s) => Ok(s.trim().to_string()),
            Value::Number(n) if mode == Mode::Form => Ok(n.to_string()),
            _ => Err(format!("{label}应为文字")),
        }
    };
    match field.kind {
        Kind::Text { max } => {
            let s = text()?;
            if s.contains('\n') {
                return Err(format!("{label}不能换行"));
            }
            if s.chars().count() > max {
                return Err(format!(
                    "{label}不能超过{max}个字（现有{}个字）",
                    s.chars().count()
                ));
            }
            Ok(json!(s))
        }
        Kind::LongText => {
            let s = match value {
                Value::String(s) => s.trim_end().to_string(),
                _ => return Err(format!("{label}应为文字")),
            };
            if s.chars().count() > 20_000 {
                return Err(format!("{label}不能超过20000个字"));
            }
            Ok(json!(s))
        }
        Kind::Date => {
            let s = text()?;
            let parsed = match mode {
                Mode::Form => parse_user_date(&s),
                Mode::Package => parse_iso_date(&s),
            };
            parsed
                .map(|d| json!(taizhang_base::dates::iso(d)))
                .map_err(|e| format!("{label}：{e}"))
        }
        Kind::Bool => match value {
            Value::Bool(b) => Ok(json!(b)),
            Value::String(s) if mode == Mode::Form => match s.trim() {
                "true" | "1" | "是" => Ok(json!(true)),
                "false" | "0" | "否" => Ok(json!(false)),
                _ => Err(format!("{label}应为“是”或“否”")),
            },
            _ => Err(format!("{label}应为“是”或“否”")),
        },
        Kind::Int { min, max } => {
            // Typed in a form: full-width digits and separators are fine (taizhang_base::typed).
            let n = match value {
                Value::Number(n) => n.as_i64(),
                Value::String(s) if mode == Mode::Form => parse_integer(s).ok(),
                _ => None,
            };
            match n {
                Some(n) if n >= min && n <= max => Ok(json!(n)),
                Some(_) => Err(format!("{label}应在{min}到{max}之间")),
                None => Err(format!("{label}应为整数")),
            }
        }
        Kind::Decimal => {
            let n = match value {
                Value::Number(n) => n.as_f64(),
                Value::String(s) if mode == Mode::Form => parse_decimal(s).ok(),
                _ => None,
            };
            match n {
                Some(n) if n.is_finite() && (0.0..1e12).contains(&n) => Ok(json!(n)),
                Some(_) => Err(format!("{label}不能为负数")),
                None => Err(format!("{label}应为数字")),
            }
        }
        Kind::Code(codes) => {
            let s = text()?;
            let found = codes
                .iter()
                .find(|(code, lbl)| *code == s || (mode == Mode::Form && *lbl == s));
            match found {
                Some((code, _)) => Ok(json!(code)),
                None => Err(format!("{label}“{s}”无效，应为：{}", labels(codes))),
            }
        }
        Kind::GroupedCode(options) => {
            let s = text()?;
            let found = options()
                .iter()
                .find(|o| o.code == s || (mode == Mode::Form && (o.label == s || o.short == s)));
            match found {
                Some(o) => Ok(json!(o.code)),
                None => Err(format!("{label}“{s}”无效，请从列表中选择")),
            }
        }
        Kind::Choice(list) => {
            let s = text()?;
            if s.chars().count() > 100 {
                return Err(format!("{label}不能超过100个字"));
            }
            if !resolver.in_list(list, &s) {
                return Err(format!("{label}“{s}”不在可选列表中，请先在“设置”中添加"));
            }
            Ok(json!(s))
        }
        Kind::Choices(list) => {
            let items = string_list(value, mode).ok_or_else(|| format!("{label}应为一组文字"))?;
            for s in &items {
                if !resolver.in_list(list, s) {
                    return Err(format!("{label}“{s}”不在可选列表中，请先在“设置”中添加"));
                }
            }
            if field.required && items.is_empty() {
                return Err(format!("请选择{label}"));
            }
            Ok(json!(items))
        }
        Kind::Tags => {
            let items = string_list(value, mode).ok_or_else(|| format!("{label}应为一组文字"))?;
            Ok(json!(items))
        }
        Kind::Unit => {
            let s = text()?;
            if !resolver.unit_exists(&s) {
                return Err(format!(
                    "{label}“{s}”不存在，请先在“设置 → 单位与科室”中添加"
                ));
            }
            Ok(json!(s))
        }
        Kind::Ref(register) => {
            let s = text()?;
            if !resolver.record_exists(register, &s) {
                return Err(format!("{label}“{s}”找不到对应的记录"));
            }
            Ok(json!(s))
        }
    }
}

/// A list of strings: a JSON array, or in a form also text separated by
/// commas, 、 or semicolons. Duplicates and blanks are dropped, order kept.
fn string_list(value: &Value, mode: Mode) -> Option<Vec<String>> {
    let raw: Vec<String> = match value {
        Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().map(|s| s.trim().to_string()))
            .collect::<Option<Vec<_>>>()?,
        Value::String(s) if mode == Mode::Form => s
            .split([',', '，', '、', ';', '；'])
            .map(|p| p.trim().to_string())
            .collect(),
        _ => return None,
    };
    let mut seen = HashSet::new();
    Some(
        raw.into_iter()
            .filter(|s| !s.is_empty() && seen.insert(s.clone()))
            .collect(),
    )
}

fn labels(codes: &[(&str, &str)]) -> String {
    codes.iter().map(|(_, l)| *l).collect::<Vec<_>>().join("、")
}

/// The label of a code, for display.
pub fn code_label(codes: &[(&'static str, &'static str)], code: &str) -> Option<&'static str> {
    codes.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
}

/// How a printed table or a list names a code of a `Code` or `GroupedCode`
/// field (the short label of a grouped one: 不予公开·属于国家秘密).
pub fn kind_code_label(kind: Kind, code: &str) -> Option<String> {
    match kind {
        Kind::Code(codes) => code_label(codes, code).map(str::to_string),
        Kind::GroupedCode(options) => options()
            .iter()
            .find(|o| o.code == code)
            .map(|o| o.short.clone()),
        _ => None,
    }
}

/// A normalized JSON value as an SQL value for its column.
pub fn to_sql(field: &Field, value: &Value) -> Sql {
    match (field.kind, value) {
        (_, Value::Null) => Sql::Null,
        (Kind::Bool, Value::Bool(b)) => Sql::Integer(*b as i64),
        (Kind::Int { .. }, Value::Number(n)) => Sql::Integer(n.as_i64().unwrap_or(0)),
        (Kind::Decimal, Value::Number(n)) => Sql::Real(n.as_f64().unwrap_or(0.0)),
        (Kind::Choices(_) | Kind::Tags, v) => Sql::Text(v.to_string()),
        (_, Value::String(s)) => Sql::Text(s.clone()),
        (_, v) => Sql::Text(v.to_string()),
    }
}

/// A stored column back as the JSON value of its field.
pub fn from_sql(field: &Field, value: Sql) -> Value {
    match (field.kind, value) {
        (Kind::Choices(_) | Kind::Tags, Sql::Text(t)) => {
            serde_json::from_str(&t).unwrap_or(json!([]))
        }
        (Kind::Choices(_) | Kind::Tags, _) => json!([]),
        (Kind::Bool, Sql::Integer(i)) => json!(i != 0),
        (Kind::Bool, _) => json!(false),
        (_, Sql::Null) => Value::Null,
        (_, Sql::Integer(i)) => json!(i),
        (_, Sql::Real(f)) => json!(f),
        (_, Sql::Text(t)) => json!(t),
        (_, Sql::Blob(_)) => Value::Null,
    }
}

/// A JSON value (from a hook's stored columns) as an SQL value.
pub fn json_to_sql(value: &Value) -> Sql {
    match value {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(*b as i64),
        Value::Number(n) => n
            .as_i64()
            .map(Sql::Integer)
            .unwrap_or_else(|| Sql::Real(n.as_f64().unwrap_or(0.0))),
        Value::String(s) => Sql::Text(s.clone()),
        v => Sql::Text(v.to_string()),
    }
}
