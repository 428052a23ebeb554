//! The Rust judgement of a status rule is SQLite's, for every register's
//! rules on any row, null or not.

use proptest::prelude::*;
use rusqlite::types::Value as Sql;

use super::*;

/// The columns a condition reads.
fn columns(cond: &Cond, out: &mut Vec<&'static str>) {
    let mut term = |t: &Term| match t {
        Term::Column(c) | Term::ColumnOr(c, _) => out.push(c),
        _ => {}
    };
    match cond {
        Cond::IsNull(c) | Cond::NotNull(c) => out.push(c),
        Cond::Compare(a, _, b) => {
            term(a);
            term(b);
        }
        Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| columns(c, out)),
        Cond::Not(c) => columns(c, out),
    }
}

/// Values a column may hold, around today (2023-03-06).
fn pool() -> Vec<Sql> {
    let text = |s: &str| Sql::Text(s.to_string());
    vec![
        Sql::Null,
        text("2023-03-01"),
        text("2023-03-06"),
        text("2023-03-09"),
        text("2023-03-20"),
        text(""),
        text("pending"),
        Sql::Integer(0),
        Sql::Integer(1),
    ]
}

fn sqlite_holds(cond: &Cond, row: &[(&str, Sql)], today: &Today) -> bool {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    let mut params: Vec<Sql> = row.iter().map(|(_, v)| v.clone()).collect();
    let select: Vec<String> = row
        .iter()
        .enumerate()
        .map(|(i, (c, _))| format!("?{} AS {c}", i + 1))
        .collect();
    let condition = cond.sql(today, &mut |v| {
        params.push(v);
        format!("?{}", params.len())
    });
    let sql = format!(
        "SELECT EXISTS (SELECT 1 FROM (SELECT {}) WHERE {condition})",
        select.join(", ")
    );
    conn.query_row(&sql, rusqlite::params_from_iter(params), |r| r.get(0))
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn rust_and_sqlite_judge_every_rule_alike(picks in proptest::collection::vec(0usize..9, 12)) {
        let calendar = Calendar::bundled();
        let today = Today {
            date: NaiveDate::from_ymd_opt(2023, 3, 6).unwrap(),
            calendar: Some(&calendar),
        };
        let pool = pool();
        for spec in crate::framework::all() {
            for rule in spec.status_rules {
                let mut names = vec![];
                columns(&rule.when, &mut names);
                names.sort_unstable();
                names.dedup();
                let row: Vec<(&str, Sql)> = names
                    .iter()
                    .zip(picks.iter().cycle())
                    .map(|(c, i)| (*c, pool[*i].clone()))
                    .collect();
                let rust = rule.when.holds(&super::row(&row), &today);
                prop_assert_eq!(rust, sqlite_holds(&rule.when, &row, &today), "{}.{} on {:?}", spec.key, rule.code, row);
            }
        }
    }
}

#[test]
fn every_filter_selects_statuses_its_register_defines() {
    for spec in crate::framework::all() {
        for filter in spec.statuses {
            for code in filter.codes() {
                assert!(
                    spec.status_rules.iter().any(|r| r.code == code),
                    "{}: filter {} names no status {code}",
                    spec.key,
                    filter.code
                );
            }
        }
    }
}
