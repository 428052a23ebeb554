//! A count as a clerk types or pastes it: digits, perhaps with thousands
//! separators (`1,200` as Excel copies it) or full-width digits and
//! punctuation from a Chinese input method (`１，２００`, made ASCII by
//! `taizhang_base::typed::half_width`). Empty or 0 means "no entry" (the cell
//! is cleared).

use serde_json::Value;

/// The largest count one cell may hold: far above any window's real figures,
/// low enough that no sum of ten years can overflow.
pub const MAX_COUNT: i64 = 100_000_000;

/// Parse typed text. `Ok(None)` clears the cell. The error says what is wrong
/// without naming the cell (the caller does).
pub fn parse_count_text(text: &str) -> Result<Option<i64>, String> {
    let normalized: String = taizhang_base::typed::half_width(text.trim())
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    if normalized.is_empty() {
        return Ok(None);
    }
    let shown = text.trim();
    // "12.0" is how some sheets hand over a whole number.
    let digits = normalized
        .strip_suffix(".0")
        .or_else(|| normalized.strip_suffix(".00"))
        .unwrap_or(&normalized);
    if let Some(rest) = digits.strip_prefix('-') {
        if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return Err(format!("“{shown}”是负数，数量不能为负数"));
        }
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        if digits.parse::<f64>().is_ok() {
            return Err(format!("“{shown}”不是整数，数量应为整数"));
        }
        return Err(format!("“{shown}”不是数字，请填写不小于 0 的整数"));
    }
    match digits.parse::<i64>() {
        Ok(n) if n <= MAX_COUNT => Ok((n > 0).then_some(n)),
        _ => Err(format!("“{shown}”太大，一格最多 {MAX_COUNT}")),
    }
}

/// Parse a JSON value from a command or a package: a number, typed text, or
/// null (clears).
pub fn parse_count_value(value: &Value) -> Result<Option<i64>, String> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => parse_count_text(s),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) if i < 0 => Err(format!("{i} 是负数，数量不能为负数")),
            (Some(i), _) if i > MAX_COUNT => Err(format!("{i} 太大，一格最多 {MAX_COUNT}")),
            (Some(i), _) => Ok((i > 0).then_some(i)),
            (None, Some(f)) if f < 0.0 => Err(format!("{f} 是负数，数量不能为负数")),
            (None, Some(f)) if f.fract() == 0.0 && f <= MAX_COUNT as f64 => {
                Ok((f > 0.0).then_some(f as i64))
            }
            _ => Err(format!("{n} 不是整数，数量应为整数")),
        },
        _ => Err("数量应为不小于 0 的整数".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn typed_counts_accept_what_office_sheets_produce() {
        for (text, want) in [
            ("12", Some(12)),
            (" 1,200 ", Some(1200)),
            ("１２", Some(12)),
            ("１，２００", Some(1200)),
            ("７．０", Some(7)),
            ("\u{3000}３\u{3000}", Some(3)),
            ("7.0", Some(7)),
            ("0", None),
            ("", None),
            ("   ", None),
        ] {
            assert_eq!(parse_count_text(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn non_numbers_negatives_fractions_and_huge_numbers_are_refused() {
        assert!(parse_count_text("abc").unwrap_err().contains("不是数字"));
        assert!(parse_count_text("-3").unwrap_err().contains("负数"));
        assert!(parse_count_text("2.5").unwrap_err().contains("整数"));
        assert!(parse_count_text("1e3").is_err());
        assert!(parse_count_text("999999999999")
            .unwrap_err()
            .contains("太大"));
        assert!(parse_count_value(&json!(-1)).unwrap_err().contains("负数"));
        assert!(parse_count_value(&json!(1.5)).is_err());
        assert!(parse_count_value(&json!(true)).is_err());
        assert_eq!(parse_count_value(&json!(3.0)), Ok(Some(3)));
        assert_eq!(parse_count_value(&json!(null)), Ok(None));
    }
}
