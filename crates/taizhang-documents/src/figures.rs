//! The report's figures as `taizhang.report/1`: every number of the standard
//! report, in the shape `report --format json` prints and other programs
//! compare. Key names and meanings are fixed by the format; keep them.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use taizhang_base::official::{APPEAL_KINDS, TABLE3_COLUMNS, TABLE3_ROWS};

/// The value of `format`.
pub const REPORT_FORMAT: &str = "taizhang.report/1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportFigures {
    pub format: String,
    pub year: i32,
    pub office: String,
    pub proactive: Proactive,
    pub applications: Applications,
    pub appeals: Appeals,
    pub disclosures: Disclosures,
    #[serde(serialize_with = "whole_as_integer")]
    pub fees_collected_yuan: f64,
    pub service_tallies: Vec<ServiceTally>,
    /// The year's other named figures (其他数据: 志愿者队伍 6 支 …), in the
    /// clerk's order. An extra key of the format; absent in older files.
    #[serde(default)]
    pub metrics: Vec<Metric>,
    pub checks: Vec<Check>,
}

impl ReportFigures {
    /// A year with nothing in it: every figure zero, every table 三 row present.
    pub fn empty(year: i32, office: impl Into<String>) -> Self {
        ReportFigures {
            format: REPORT_FORMAT.to_string(),
            year,
            office: office.into(),
            proactive: Proactive::default(),
            applications: Applications::default(),
            appeals: Appeals::default(),
            disclosures: Disclosures::default(),
            fees_collected_yuan: 0.0,
            service_tallies: vec![],
            metrics: vec![],
            checks: vec![],
        }
    }

    /// The sum of every service tally of the year.
    pub fn service_total(&self) -> u64 {
        self.service_tallies.iter().map(|t| t.count).sum()
    }
}

/// Table 二.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Proactive {
    pub rules: DocumentCounts,
    pub normative_documents: DocumentCounts,
    pub licensing: Decisions,
    pub penalty: Decisions,
    pub enforcement: Decisions,
    pub fees: Fees,
    /// The trial format's cells the clerk typed (`official::TABLE2_TRIAL_MANUAL`,
    /// `procurement.amount` → 12.5); only for 2019 and 2020, absent otherwise.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub trial_cells: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentCounts {
    pub issued: u64,
    pub repealed: u64,
    pub in_force: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decisions {
    pub decisions: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Fees {
    pub amount_wan_yuan: f64,
}

/// Table 三: one array of seven counts per row, in the columns' order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Applications {
    pub columns: Vec<String>,
    pub rows: Table3Counts,
}

impl Default for Applications {
    fn default() -> Self {
        Applications {
            columns: TABLE3_COLUMNS.iter().map(|c| c.to_string()).collect(),
            rows: Table3Counts::default(),
        }
    }
}

/// Seven counts: the six applicant kinds, then 总计.
pub type RowCounts = [u64; 7];

/// Table 三's rows, indexed like [`TABLE3_ROWS`]; (de)serialized as an object
/// keyed by row code in printed order, every row present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table3Counts(Vec<RowCounts>);

impl Default for Table3Counts {
    fn default() -> Self {
        Table3Counts(vec![[0; 7]; TABLE3_ROWS.len()])
    }
}

impl Table3Counts {
    fn index(code: &str) -> Option<usize> {
        TABLE3_ROWS.iter().position(|r| r.code == code)
    }

    /// The counts of row `code`; `None` for a code that is not a row of table 三.
    pub fn get(&self, code: &str) -> Option<&RowCounts> {
        Self::index(code).map(|i| &self.0[i])
    }

    /// The counts of row `code`, to fill in. Panics on a code that is not a row
    /// of table 三: codes come from `official::TABLE3_ROWS`.
    pub fn row_mut(&mut self, code: &str) -> &mut RowCounts {
        let i = Self::index(code).unwrap_or_else(|| panic!("not a table 三 row: {code}"));
        &mut self.0[i]
    }

    /// The 总计 column of row `code` (0 for an unknown code).
    pub fn total(&self, code: &str) -> u64 {
        self.get(code).map_or(0, |r| r[6])
    }
}

impl Serialize for Table3Counts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(TABLE3_ROWS.iter().map(|r| r.code).zip(self.0.iter()))
    }
}

impl<'de> Deserialize<'de> for Table3Counts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let mut given: HashMap<String, RowCounts> = HashMap::deserialize(d)?;
        let rows = TABLE3_ROWS
            .iter()
            .map(|r| {
                given
                    .remove(r.code)
                    .ok_or_else(|| D::Error::custom(format!("applications.rows 缺少 {}", r.code)))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(unknown) = given.keys().next() {
            return Err(D::Error::custom(format!(
                "applications.rows 中的 {unknown} 不是表三的行"
            )));
        }
        Ok(Table3Counts(rows))
    }
}

/// Table 四.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appeals {
    pub reconsideration: AppealCounts,
    pub litigation_direct: AppealCounts,
    pub litigation_after_reconsideration: AppealCounts,
}

impl Appeals {
    /// The counts of one kind of case (`official::APPEAL_KINDS` codes).
    pub fn get(&self, kind: &str) -> Option<&AppealCounts> {
        match kind {
            "reconsideration" => Some(&self.reconsideration),
            "litigation_direct" => Some(&self.litigation_direct),
            "litigation_after_reconsideration" => Some(&self.litigation_after_reconsideration),
            _ => None,
        }
    }

    /// Every case of every kind.
    pub fn total(&self) -> u64 {
        APPEAL_KINDS
            .iter()
            .filter_map(|(k, _)| self.get(k))
            .map(|c| c.total)
            .sum()
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppealCounts {
    pub upheld: u64,
    pub corrected: u64,
    pub other: u64,
    pub pending: u64,
    pub total: u64,
}

impl AppealCounts {
    /// One outcome's count (`official::APPEAL_OUTCOMES` codes).
    pub fn get(&self, outcome: &str) -> Option<u64> {
        match outcome {
            "upheld" => Some(self.upheld),
            "corrected" => Some(self.corrected),
            "other" => Some(self.other),
            "pending" => Some(self.pending),
            "total" => Some(self.total),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disclosures {
    pub total: u64,
    pub by_category: NamedCounts,
    pub by_channel: NamedCounts,
    pub on_time: u64,
    pub late: u64,
    pub on_time_local: u64,
    pub late_local: u64,
    /// Published without a known 形成日期: neither on time nor late.
    #[serde(default)]
    pub undetermined: u64,
}

/// Counts by name in a meaningful order (the catalogue's), serialized as a
/// JSON object whose keys keep that order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NamedCounts(pub Vec<(String, u64)>);

impl NamedCounts {
    pub fn get(&self, name: &str) -> Option<u64> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, c)| *c)
    }

    /// The names with a non-zero count, in order.
    pub fn non_zero(&self) -> impl Iterator<Item = (&str, u64)> {
        self.0
            .iter()
            .filter(|(_, c)| *c > 0)
            .map(|(n, c)| (n.as_str(), *c))
    }
}

impl Serialize for NamedCounts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(n, c)| (n, c)))
    }
}

impl<'de> Deserialize<'de> for NamedCounts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // serde_json keeps the order of keys (feature `preserve_order`).
        let map = serde_json::Map::deserialize(d)?;
        map.into_iter()
            .map(|(name, v)| match v.as_u64() {
                Some(c) => Ok((name, c)),
                None => Err(serde::de::Error::custom(format!(
                    "“{name}”的数量应为非负整数"
                ))),
            })
            .collect::<Result<_, _>>()
            .map(NamedCounts)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceTally {
    pub item: String,
    pub unit: String,
    pub count: u64,
}

/// One named yearly figure (其他数据): `{name}{value}{unit}` in the prose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    pub name: String,
    pub unit: String,
    #[serde(serialize_with = "whole_as_integer")]
    pub value: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckLevel {
    Error,
    Warning,
    /// Worth a look, nothing wrong (a count on a day the office was closed).
    Info,
}

/// What a pre-export check found, naming the records concerned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub level: CheckLevel,
    pub code: String,
    pub message: String,
    pub records: Vec<String>,
}

/// Amounts of money are decimals, but a whole amount prints as `0`, like the
/// format's example, not `0.0`.
fn whole_as_integer<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        s.serialize_i64(*v as i64)
    } else {
        s.serialize_f64(*v)
    }
}
