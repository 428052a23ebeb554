//! The results as a Markdown table (for the README and the terminal).

use crate::measure::YEAR;
use crate::results::Results;

fn number(v: f64, unit: &str) -> String {
    // Rates are whole rows; small times keep their decimals.
    if unit == "行/秒" || v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

pub fn markdown(r: &Results) -> String {
    let s = &r.sizes;
    let mut out = format!(
        "Scale {:.2}: {} disclosures, {} applications, {} appeals, {} service tallies ({} records in all); report year {YEAR}.\n\n",
        r.scale,
        s.disclosures,
        s.applications,
        s.appeals,
        s.tallies(),
        r.records
    );
    out += "| figure | measured | target | met | how |\n| --- | ---: | --- | --- | --- |\n";
    for f in &r.figures {
        let (target, met) = match f.target {
            Some((t, ok)) => (t.to_string(), if ok { "yes" } else { "**no**" }.to_string()),
            None => (String::new(), String::new()),
        };
        out += &format!(
            "| {} | {} {} | {} | {} | {} |\n",
            f.label,
            number(f.value, f.unit),
            f.unit,
            target,
            met,
            f.detail
        );
    }
    for n in &r.notes {
        out += &format!("\nNote: {n}\n");
    }
    out
}
