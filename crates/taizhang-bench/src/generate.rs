//! Ten years of realistic data as one data package (`taizhang.dataset/1`), so
//! that it enters the data file through the same import the app uses.
//! Deterministic: the same scale always gives the same package.

use serde_json::{json, Value};
use taizhang_core::lists::{self, DISCLOSURE_CATEGORY, DISCLOSURE_CHANNEL};
pub use taizhang_core::rng::Rng;

/// Picking one of a list of words.
pub trait PickWord {
    fn word<'a>(&mut self, items: &[&'a str]) -> &'a str;
}

impl PickWord for Rng {
    fn word<'a>(&mut self, items: &[&'a str]) -> &'a str {
        self.pick(items).copied().unwrap_or("")
    }
}

/// Applicant kinds, natural persons four times as likely as each organisation.
fn applicant_kind(rng: &mut Rng) -> &'static str {
    let kinds = taizhang_core::official::APPLICANT_KINDS;
    if rng.chance(45) {
        kinds[0].0
    } else {
        kinds[rng.below(kinds.len())].0
    }
}

pub const FIRST_YEAR: i32 = 2016;
pub const YEARS: i32 = 10;
pub const ITEMS: usize = 40;
pub const WINDOWS: &[&str] = &["前台", "长庆社区", "十五家园社区", "潮鸣社区", "西湖社区"];
const SECTIONS: &[&str] = &[
    "党政办",
    "社会事务科",
    "城市管理科",
    "经济服务科",
    "平安办",
    "社区管理科",
];
const TOPICS: &[&str] = &[
    "垃圾分类",
    "老旧小区改造",
    "平安巡防",
    "企退人员管理",
    "养老服务",
    "背街小巷整治",
    "防汛防台",
    "文明城市创建",
    "社区食堂",
    "停车管理",
    "电梯加装",
    "志愿服务",
];
const APP_CHANNELS: &[&str] = &["in_person", "mail", "online", "fax", "email"];

/// How much to generate; scale 1.0 is the ten years of data.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub disclosures: usize,
    pub applications: usize,
    pub appeals: usize,
    pub normative_documents: usize,
    pub messages: usize,
    /// Days of daily tallies (from the first year on); every item × window × day.
    pub tally_days: usize,
}

impl Sizes {
    pub fn at(scale: f64) -> Sizes {
        let n = |full: f64| ((full * scale).round() as usize).max(1);
        Sizes {
            disclosures: n(100_000.0),
            applications: n(10_000.0),
            appeals: n(1_000.0),
            normative_documents: n(500.0),
            messages: n(5_000.0),
            tally_days: n(3_653.0),
        }
    }

    pub fn tallies(&self) -> usize {
        self.tally_days * ITEMS * WINDOWS.len()
    }
}

/// Days since 2016-01-01 as `YYYY-MM-DD` (proleptic Gregorian).
pub fn date(day: usize) -> String {
    let mut d = day as i64;
    let mut y = FIRST_YEAR;
    loop {
        let len = if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 {
            366
        } else {
            365
        };
        if d < len {
            break;
        }
        d -= len;
        y += 1;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let months = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut m = 0;
    while d >= months[m] {
        d -= months[m];
        m += 1;
    }
    format!("{y:04}-{:02}-{:02}", m + 1, d + 1)
}

const DAYS: usize = 3_653; // 2016-01-01 … 2025-12-31

pub fn item_name(i: usize) -> String {
    format!("服务事项{:02}", i + 1)
}

/// The whole package, and how many records it holds.
pub fn package(sizes: &Sizes) -> (Value, usize) {
    let mut rng = Rng::new(20_231_005);
    let categories = lists::spec(DISCLOSURE_CATEGORY).expect("a list").defaults;
    let channel_list = lists::spec(DISCLOSURE_CHANNEL).expect("a list").defaults;
    let mut units: Vec<Value> = SECTIONS
        .iter()
        .map(|n| json!({"name": n, "kind": "section"}))
        .collect();
    units.push(json!({"name": WINDOWS[0], "kind": "other"}));
    units.extend(
        WINDOWS[1..]
            .iter()
            .map(|n| json!({"name": n, "kind": "community"})),
    );

    let disclosures: Vec<Value> = (0..sizes.disclosures)
        .map(|i| {
            let formed = rng.below(DAYS - 40);
            let published = formed + rng.below(30);
            let channels: Vec<&str> = (0..1 + rng.below(3))
                .map(|_| rng.word(channel_list))
                .collect::<Vec<_>>();
            let mut channels = channels;
            channels.dedup();
            json!({
                "id": format!("d-{i:06}"),
                "title": format!("长庆街道关于{}工作的通知（第{}号）", rng.word(TOPICS), i + 1),
                "category": rng.word(categories),
                "unit": rng.word(SECTIONS),
                "channels": channels,
                "doc_number": format!("长街〔{}〕{}号", &date(formed)[..4], i % 500 + 1),
                "formed_on": date(formed),
                "published_on": date(published),
                "url": null,
                "reviewed": true,
                "reviewer": "王某",
                "key_areas": [],
                "note": ""
            })
        })
        .collect();

    let results: Vec<&str> = taizhang_core::official::result_rows()
        .map(|r| r.code)
        .collect();
    let applications: Vec<Value> = (0..sizes.applications)
        .map(|i| {
            let received = rng.below(DAYS - 60);
            // One in twenty is still open at the end; the others answered within about a month.
            let open = received > DAYS - 100 && rng.below(3) == 0;
            let replied = received + 1 + rng.below(30);
            let result = if rng.below(3) == 0 {
                results[rng.below(results.len())]
            } else {
                rng.word(&["disclosed", "partially_disclosed"])
            };
            // Results about corrections need the correction on record.
            let (asked, corrected) = match result {
                "unavailable.unclear_after_correction" if !open => {
                    (Some(received + 2), Some(received + 5))
                }
                "other.no_correction" if !open => (Some(received + 2), None),
                _ => (None, None),
            };
            let replied = if asked.is_some() {
                received + 12 + rng.below(15)
            } else {
                replied
            };
            json!({
                "correction_requested_on": asked.map(date),
                "correction_received_on": corrected.map(date),
                "id": format!("a-{i:05}"),
                "received_on": date(received),
                "applicant_kind": applicant_kind(&mut rng),
                "applicant_name": format!("申请人{}", i % 997),
                "applicant_contact": "0571-00000000",
                "channel": rng.word(APP_CHANNELS),
                "request": format!("申请公开{}相关信息", rng.word(TOPICS)),
                "replied_on": if open { Value::Null } else { json!(date(replied)) },
                "result": if open { Value::Null } else { json!(result) },
                "fee_yuan": 0,
                "note": ""
            })
        })
        .collect();

    let appeals: Vec<Value> = (0..sizes.appeals)
        .map(|i| {
            let a = rng.below(sizes.applications);
            let received = applications[a]["received_on"].as_str().unwrap_or("2016-01-04");
            let filed = day_of(received) + 40 + rng.below(60);
            let decided = filed + 30 + rng.below(120);
            let pending = decided >= DAYS;
            json!({
                "id": format!("r-{i:04}"),
                "kind": rng.word(&["reconsideration", "reconsideration", "litigation_direct", "litigation_after_reconsideration"]),
                "application_id": applications[a]["id"],
                "filed_on": date(filed.min(DAYS - 1)),
                "outcome": if pending { "pending" } else { rng.word(&["upheld", "upheld", "corrected", "other"]) },
                "decided_on": if pending { Value::Null } else { json!(date(decided)) },
                "note": ""
            })
        })
        .collect();

    let normative: Vec<Value> = (0..sizes.normative_documents)
        .map(|i| {
            let issued = rng.below(DAYS - 10);
            let repealed = (rng.below(4) == 0)
                .then(|| issued + 200 + rng.below(1000))
                .filter(|d| *d < DAYS);
            json!({
                "id": format!("n-{i:04}"),
                "kind": if i % 10 == 0 { "rule" } else { "normative_document" },
                "title": format!("长庆街道{}管理办法", rng.word(TOPICS)),
                "number": format!("长街规〔{}〕{}号", &date(issued)[..4], i + 1),
                "issued_on": date(issued),
                "repealed_on": repealed.map(date)
            })
        })
        .collect();

    let messages: Vec<Value> = (0..sizes.messages)
        .map(|i| {
            let received = rng.below(DAYS - 10);
            json!({
                "id": format!("m-{i:05}"),
                "received_on": date(received),
                "channel": "政府信息公开网",
                "topic": format!("关于{}的咨询", rng.word(TOPICS)),
                "replied_on": date(received + 1 + rng.below(5))
            })
        })
        .collect();

    let items: Vec<Value> = (0..ITEMS)
        .map(|i| json!({"name": item_name(i), "unit": "件", "group": "综合受理"}))
        .collect();
    let mut tallies = Vec::with_capacity(sizes.tallies());
    for day in 0..sizes.tally_days.min(DAYS) {
        let period = date(day);
        for window in WINDOWS {
            for i in 0..ITEMS {
                tallies.push(json!({"item": item_name(i), "window": window, "period": period, "count": 1 + rng.below(30)}));
            }
        }
    }
    let annual_figures: Vec<Value> = (0..YEARS)
        .map(|y| {
            json!({"year": FIRST_YEAR + y, "licensing_decisions": 12 + y, "penalty_decisions": 3,
                        "enforcement_decisions": 1, "fees_wan_yuan": 0.0})
        })
        .collect();
    let metrics: Vec<Value> = (0..YEARS)
        .map(|y| json!({"year": FIRST_YEAR + y, "name": "志愿者人数", "unit": "人", "value": 200 + y}))
        .collect();

    let records = units.len()
        + disclosures.len()
        + applications.len()
        + appeals.len()
        + normative.len()
        + messages.len()
        + items.len()
        + tallies.len()
        + annual_figures.len()
        + metrics.len()
        + 1;
    let package = json!({
        "format": "taizhang.dataset/1",
        "exported_at": "2026-01-05T09:00:00+08:00",
        "office": {"name": "长庆街道办事处", "superior": "杭州市下城区人民政府", "contact": "0571-00000000"},
        "units": units,
        "disclosures": disclosures,
        "normative_documents": normative,
        "annual_figures": annual_figures,
        "messages": messages,
        "applications": applications,
        "appeals": appeals,
        "service_items": items,
        "service_tallies": tallies,
        "metrics": metrics,
    });
    (package, records)
}

/// The inverse of [`date`].
fn day_of(iso: &str) -> usize {
    (0..DAYS + 400).find(|d| date(*d) == iso).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_count_from_2016_with_leap_years() {
        assert_eq!(date(0), "2016-01-01");
        assert_eq!(date(59), "2016-02-29");
        assert_eq!(date(366), "2017-01-01");
        assert_eq!(date(DAYS - 1), "2025-12-31");
        assert_eq!(day_of("2017-01-01"), 366);
    }
}
