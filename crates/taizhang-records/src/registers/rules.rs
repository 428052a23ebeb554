//! Rules across fields that several registers share.

use taizhang_base::error::Problem;
use crate::framework::{date_of, Record};

/// `later` must not be before `earlier` when both are dates; the problem is
/// put on the later field, whose value is the one to fix.
pub fn not_before(
    rec: &Record,
    later: &str,
    earlier: &str,
    message: &str,
    prefix: &str,
    problems: &mut Vec<Problem>,
) {
    if let (Some(a), Some(b)) = (date_of(rec, earlier), date_of(rec, later)) {
        if b < a {
            problems.push(Problem::new(format!("{prefix}{later}"), message));
        }
    }
}

/// A web address, when given, is what a browser's address bar shows.
pub fn web_address(
    rec: &Record,
    field: &str,
    label: &str,
    prefix: &str,
    problems: &mut Vec<Problem>,
) {
    let Some(url) = rec.get(field).and_then(|v| v.as_str()) else {
        return;
    };
    let lower = url.to_ascii_lowercase();
    let host = lower
        .strip_prefix("http://")
        .or_else(|| lower.strip_prefix("https://"));
    let looks_right =
        matches!(host, Some(h) if !h.is_empty()) && !url.contains(char::is_whitespace);
    if !looks_right {
        problems.push(Problem::new(
            format!("{prefix}{field}"),
            format!("{label}应以 http:// 或 https:// 开头，且不含空格（可从浏览器地址栏复制）"),
        ));
    }
}

/// A text field that is filled (not null, not blank).
pub fn filled(rec: &Record, field: &str) -> bool {
    rec.get(field)
        .and_then(|v| v.as_str())
        .is_some_and(|s| !s.trim().is_empty())
}
