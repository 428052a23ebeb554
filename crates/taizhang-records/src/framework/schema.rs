//! A register's description as the user interface needs it to draw the list
//! and the form: fields with labels, kinds, current choices, and the statuses.

use rusqlite::Connection;
use serde_json::{json, Value};

use super::{Kind, RegisterSpec};
use taizhang_base::error::Result;

fn kind_json(conn: &Connection, kind: Kind) -> Result<Value> {
    let options = |items: Vec<(String, String)>| -> Value {
        items
            .into_iter()
            .map(|(value, label)| json!({"value": value, "label": label}))
            .collect()
    };
    Ok(match kind {
        Kind::Text { max } => json!({"type": "text", "max": max}),
        Kind::LongText => json!({"type": "longtext"}),
        Kind::Date => json!({"type": "date"}),
        Kind::Bool => json!({"type": "bool"}),
        Kind::Int { min, max } => json!({"type": "int", "min": min, "max": max}),
        Kind::Decimal => json!({"type": "decimal"}),
        Kind::Code(codes) => json!({
            "type": "code",
            "options": options(codes.iter().map(|(c, l)| (c.to_string(), l.to_string())).collect()),
        }),
        Kind::GroupedCode(codes) => json!({
            "type": "code",
            "options": codes()
                .iter()
                .map(|o| json!({"value": o.code, "label": o.label, "group": o.group, "short": o.short}))
                .collect::<Vec<_>>(),
        }),
        Kind::Choice(list) | Kind::Choices(list) => {
            let values = taizhang_store::lists::values(conn, list)?;
            json!({
                "type": if matches!(kind, Kind::Choice(_)) { "choice" } else { "choices" },
                "list": list,
                "options": options(values.into_iter().map(|v| (v.clone(), v)).collect()),
            })
        }
        Kind::Tags => json!({"type": "tags"}),
        Kind::Unit => {
            let units = taizhang_store::office::list_units(conn, false)?;
            json!({"type": "unit", "options": options(units.into_iter().map(|u| (u.name.clone(), u.name)).collect())})
        }
        Kind::Ref(register) => json!({"type": "ref", "register": register}),
    })
}

pub fn schema(conn: &Connection, spec: &RegisterSpec) -> Result<Value> {
    let mut fields = vec![];
    for f in spec.fields {
        let mut v = kind_json(conn, f.kind)?;
        let o = v.as_object_mut().expect("object");
        o.insert("name".into(), json!(f.name));
        o.insert("label".into(), json!(f.label));
        o.insert("required".into(), json!(f.required));
        o.insert("personal".into(), json!(f.personal));
        o.insert("listed".into(), json!(f.listed));
        o.insert("help".into(), json!(f.help));
        if let Some((field, hints)) = f.help_by {
            let by_value: serde_json::Map<String, Value> = hints
                .iter()
                .map(|(v, h)| (v.to_string(), json!(h)))
                .collect();
            o.insert("help_by".into(), json!({"field": field, "hints": by_value}));
        }
        fields.push(v);
    }
    Ok(json!({
        "key": spec.key,
        "label": spec.label,
        "noun": spec.noun,
        "year_field": spec.year_rule.date_field(),
        "searchable": !spec.search_fields.is_empty(),
        "search_fields": spec.search_fields.iter().filter_map(|n| spec.field(n)).map(|f| f.label).collect::<Vec<_>>(),
        "default_sort": {"field": spec.default_sort.0, "desc": spec.default_sort.1},
        "fields": fields,
        "statuses": spec.statuses.iter().map(|s| json!({"code": s.code, "label": s.label})).collect::<Vec<_>>(),
    }))
}
