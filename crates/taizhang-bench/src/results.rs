//! The benchmark's results: its figures, and the statistics that make them.

use std::time::Instant;

use serde_json::{json, Value};

use crate::generate::Sizes;

pub struct Figure {
    pub key: &'static str,
    pub label: String,
    pub value: f64,
    pub unit: &'static str,
    pub detail: String,
    /// The target, as written, and whether the value meets it.
    pub target: Option<(&'static str, bool)>,
}

pub struct Results {
    pub scale: f64,
    pub sizes: Sizes,
    pub records: usize,
    pub figures: Vec<Figure>,
    pub notes: Vec<String>,
}

impl Results {
    pub fn to_json(&self) -> Value {
        json!({
            "scale": self.scale,
            "records": self.records,
            "sizes": {
                "disclosures": self.sizes.disclosures, "applications": self.sizes.applications,
                "appeals": self.sizes.appeals, "service_tallies": self.sizes.tallies(),
                "normative_documents": self.sizes.normative_documents, "messages": self.sizes.messages,
            },
            "figures": self.figures.iter().map(|f| json!({
                "key": f.key, "label": f.label, "value": f.value, "unit": f.unit, "detail": f.detail,
                "target": f.target.map(|(t, _)| t), "met": f.target.map(|(_, ok)| ok),
            })).collect::<Vec<_>>(),
            "notes": self.notes,
        })
    }

    pub fn push(
        &mut self,
        key: &'static str,
        label: impl Into<String>,
        value: f64,
        unit: &'static str,
        detail: impl Into<String>,
        target: Option<(&'static str, bool)>,
    ) {
        self.figures.push(Figure {
            key,
            label: label.into(),
            value,
            unit,
            detail: detail.into(),
            target,
        });
    }
}

pub fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

pub fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    if xs.is_empty() {
        return f64::NAN;
    }
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

pub fn percentile(mut xs: Vec<f64>, p: f64) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    if xs.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * xs.len() as f64).ceil() as usize;
    xs[rank.clamp(1, xs.len()) - 1]
}
