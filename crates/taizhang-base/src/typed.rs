//! Numbers as clerks type them. A Chinese input method in full-width mode
//! types `１２３`, `１，２００`, `３．５`; in Chinese punctuation mode the `.`
//! key gives `。`. Forms, the command line and Excel imports all read numbers
//! (and, in [`crate::dates`], dates) through here, so each accepts the same.

/// Full-width ASCII (`０`–`９`, `．，－／：` and letters) and the ideographic
/// space as their ASCII selves, and the Chinese full stop `。` as `.`.
/// Everything else is left as it is.
pub fn half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '。' => '.',
            c => c,
        })
        .collect()
}

/// Typed text made ready to read as a number: half-width, without spaces
/// and thousands separators (`1,200` as Excel copies it).
fn number_text(text: &str) -> String {
    half_width(text)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect()
}

/// Is `t` a plain decimal: an optional minus, digits, at most one point?
/// (`1e3`, `inf` and `NaN` are not numbers a clerk types.)
fn plain_decimal(t: &str) -> bool {
    let body = t.strip_prefix('-').unwrap_or(t);
    let mut parts = body.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let frac = parts.next();
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    !body.is_empty()
        && body != "."
        && digits(whole)
        && frac.is_none_or(|f| digits(f))
        && (!whole.is_empty() || frac.is_some_and(|f| !f.is_empty()))
}

/// A number as typed: `12`, `１２`, `1,200`, `３．５`, `-2`. The error is a
/// Chinese sentence quoting the text, without the field (the caller adds it).
pub fn parse_decimal(text: &str) -> Result<f64, String> {
    let t = number_text(text);
    if plain_decimal(&t) {
        if let Ok(n) = t.parse::<f64>() {
            return Ok(n);
        }
    }
    Err(format!("“{}”不是数字", text.trim()))
}

/// A whole number as typed: as [`parse_decimal`], and `12.0` (how some sheets
/// hand over a whole number) is 12; `2.5` is refused as not whole.
pub fn parse_integer(text: &str) -> Result<i64, String> {
    let n = parse_decimal(text)?;
    if n.fract() != 0.0 {
        return Err(format!("“{}”不是整数", text.trim()));
    }
    if n.abs() > 9.0e15 {
        return Err(format!("“{}”太大", text.trim()));
    }
    Ok(n as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_and_punctuation_become_ascii() {
        assert_eq!(half_width("２０２３．１．５"), "2023.1.5");
        assert_eq!(half_width("２０２３－１０－０５"), "2023-10-05");
        assert_eq!(half_width("２０２３／１０／５"), "2023/10/5");
        assert_eq!(half_width("１，２００\u{3000}"), "1,200 ");
        assert_eq!(half_width("2023。10。5"), "2023.10.5");
        assert_eq!(half_width("长庆街道（１）"), "长庆街道(1)");
    }

    #[test]
    fn numbers_typed_in_full_width_or_with_separators_are_read() {
        for (text, want) in [
            ("12", 12.0),
            ("１２", 12.0),
            ("１，２００", 1200.0),
            ("1,200", 1200.0),
            ("３．５", 3.5),
            ("3。5", 3.5),
            (" 0.25 ", 0.25),
            ("－２", -2.0),
            (".5", 0.5),
        ] {
            assert_eq!(parse_decimal(text), Ok(want), "{text}");
        }
        assert_eq!(parse_integer("１２．０"), Ok(12));
        assert_eq!(parse_integer("１２"), Ok(12));
    }

    #[test]
    fn what_is_not_a_number_is_refused_quoting_the_text() {
        for t in ["", "abc", "三", "1e3", "inf", "NaN", "1.2.3", "-", ".", "1-2", "12元"] {
            let e = parse_decimal(t).unwrap_err();
            assert!(e.contains("不是数字"), "{t}: {e}");
        }
        assert_eq!(
            parse_integer("２．５").unwrap_err(),
            "“２．５”不是整数"
        );
        assert!(parse_integer("99999999999999999999").is_err());
    }
}
