//! Numbers as clerks type them in prose: Arabic (`12`, `１２`, `1,200`,
//! `3.5`) or Chinese (`十二`, `一百零五`, `两`).

/// A number read at the start of `chars`: its value and how many chars it took.
pub fn read(chars: &[char]) -> Option<(f64, usize)> {
    arabic(chars).or_else(|| chinese(chars))
}

/// Whether `c` can start a number.
pub fn starts_number(c: char) -> bool {
    ascii_digit(c).is_some() || CHINESE_DIGITS.contains(c) || "十百千万".contains(c)
}

fn ascii_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn arabic(chars: &[char]) -> Option<(f64, usize)> {
    let mut text = String::new();
    let mut used = 0;
    for (i, &c) in chars.iter().enumerate() {
        if let Some(d) = ascii_digit(c) {
            text.push(char::from_digit(d, 10)?);
        } else if (c == '.' || c == '．') && !text.is_empty() && !text.contains('.') {
            // A full stop after a number ends the sentence, a decimal point
            // is followed by a digit.
            if chars.get(i + 1).is_none_or(|n| ascii_digit(*n).is_none()) {
                break;
            }
            text.push('.');
        } else if c == ',' && thousands_follow(&chars[i + 1..]) && !text.is_empty() {
            // 1,200: a separator, not a clause break.
        } else {
            break;
        }
        used = i + 1;
    }
    text.parse().ok().map(|v| (v, used))
}

fn thousands_follow(rest: &[char]) -> bool {
    rest.len() >= 3
        && rest[..3].iter().all(|c| ascii_digit(*c).is_some())
        && rest.get(3).is_none_or(|c| ascii_digit(*c).is_none())
}

const CHINESE_DIGITS: &str = "零〇一二两三四五六七八九";

fn chinese_digit(c: char) -> Option<u64> {
    match c {
        '零' | '〇' => Some(0),
        '两' => Some(2),
        _ => "一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u64 + 1),
    }
}

fn chinese_unit(c: char) -> Option<u64> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        _ => None,
    }
}

/// 十二 = 12, 二十 = 20, 一百零五 = 105, 三万二千 = 32000.
fn chinese(chars: &[char]) -> Option<(f64, usize)> {
    let (mut total, mut section, mut digit) = (0u64, 0u64, None::<u64>);
    let mut used = 0;
    for (i, &c) in chars.iter().enumerate() {
        if let Some(d) = chinese_digit(c) {
            digit = Some(d);
        } else if let Some(u) = chinese_unit(c) {
            section += digit.unwrap_or(1) * u;
            digit = None;
        } else if c == '万' && used > 0 {
            total += (section + digit.unwrap_or(0)) * 10_000;
            section = 0;
            digit = None;
        } else {
            break;
        }
        used = i + 1;
    }
    (used > 0).then(|| ((total + section + digit.unwrap_or(0)) as f64, used))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(s: &str) -> Option<f64> {
        read(&s.chars().collect::<Vec<_>>()).map(|(v, _)| v)
    }

    #[test]
    fn arabic_and_chinese_numerals() {
        for (text, expected) in [
            ("12件", 12.0),
            ("１２件", 12.0),
            ("1,200元", 1200.0),
            ("3.5万元", 3.5),
            ("7。", 7.0),
            ("十二件", 12.0),
            ("二十件", 20.0),
            ("一百零五条", 105.0),
            ("两件", 2.0),
            ("零件", 0.0),
            ("三万二千元", 32000.0),
        ] {
            assert_eq!(value(text), Some(expected), "{text}");
        }
        assert_eq!(value("件"), None);
    }
}
