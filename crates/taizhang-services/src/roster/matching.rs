//! Which roster entry a package is: by the office's code when both sides know
//! it, else by the office's name written any of the usual ways.

use taizhang_base::typed::half_width;
use taizhang_store::roster::RosterEntry;

/// How a package's office was found in the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    Code(usize),
    Name(usize),
    /// The name fits several entries, none of which the code decides.
    Ambiguous(Vec<usize>),
    Unlisted,
}

impl Match {
    pub fn entry(&self) -> Option<usize> {
        match self {
            Match::Code(i) | Match::Name(i) => Some(*i),
            _ => None,
        }
    }
}

/// Endings that name the same office (longest first): a street office is
/// written 街道办事处, 街道办 or 街道; a township 镇人民政府, 镇政府 or 镇.
const SUFFIXES: &[(&str, &str)] = &[
    ("街道办事处", "街道"),
    ("街道办", "街道"),
    ("人民政府", ""),
    ("政府", ""),
];

/// The name as compared: half-width (full-width parentheses and letters),
/// no spaces anywhere, the usual endings reduced to one.
pub fn name_key(name: &str) -> String {
    let mut key: String = half_width(name)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for (long, short) in SUFFIXES {
        if let Some(stem) = key.strip_suffix(long) {
            if !stem.is_empty() {
                key = format!("{stem}{short}");
                break;
            }
        }
    }
    key
}

/// The code as compared: half-width, no spaces, upper case (a 统一社会信用代码
/// is typed with lower-case letters too).
pub fn code_key(code: &str) -> String {
    half_width(code)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase()
}

/// The entry of `roster` the office `(name, code)` is. A code both sides know
/// decides: an entry with the same code is the office, and an entry with a
/// different code is not, whatever its name.
pub fn match_office(roster: &[RosterEntry], name: &str, code: &str) -> Match {
    let code = code_key(code);
    if !code.is_empty() {
        if let Some(i) = roster.iter().position(|e| code_key(&e.code) == code) {
            return Match::Code(i);
        }
    }
    let key = name_key(name);
    if key.is_empty() {
        return Match::Unlisted;
    }
    let fits: Vec<usize> = roster
        .iter()
        .enumerate()
        .filter(|(_, e)| name_key(&e.name) == key)
        .filter(|(_, e)| code.is_empty() || e.code.trim().is_empty())
        .map(|(i, _)| i)
        .collect();
    match fits.as_slice() {
        [] => Match::Unlisted,
        [one] => Match::Name(*one),
        _ => Match::Ambiguous(fits),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster(entries: &[(&str, &str)]) -> Vec<RosterEntry> {
        entries
            .iter()
            .map(|(name, code)| RosterEntry {
                name: name.to_string(),
                code: code.to_string(),
            })
            .collect()
    }

    #[test]
    fn the_usual_ways_of_writing_a_street_office_are_one_name() {
        let r = roster(&[("长庆街道", ""), ("潮鸣街道办事处", ""), ("塘栖镇", "")]);
        for written in [
            "长庆街道办事处",
            "长庆街道办",
            " 长庆街道 ",
            "长庆　街道办事处",
        ] {
            assert_eq!(match_office(&r, written, ""), Match::Name(0), "{written}");
        }
        for written in ["潮鸣街道", "潮鸣街道办", "潮鸣街道办事处\t"] {
            assert_eq!(match_office(&r, written, ""), Match::Name(1), "{written}");
        }
        for written in ["塘栖镇人民政府", "塘栖镇政府"] {
            assert_eq!(match_office(&r, written, ""), Match::Name(2), "{written}");
        }
        assert_eq!(match_office(&r, "米市巷街道", ""), Match::Unlisted);
        // A different office whose name contains another's is not it.
        assert_eq!(match_office(&r, "新长庆街道", ""), Match::Unlisted);
    }

    #[test]
    fn full_width_parentheses_and_letters_match_half_width_ones() {
        let r = roster(&[("城西街道（临时）", ""), ("经济开发区(ABC)管委会", "")]);
        assert_eq!(match_office(&r, "城西街道(临时)", ""), Match::Name(0));
        assert_eq!(
            match_office(&r, "城西街道（临时）办事处", ""),
            Match::Unlisted
        );
        assert_eq!(
            match_office(&r, "经济开发区（ＡＢＣ）管委会", ""),
            Match::Name(1)
        );
    }

    #[test]
    fn a_code_beats_the_name() {
        let r = roster(&[
            ("长庆街道", "11330103MB0000001A"),
            ("潮鸣街道", "11330103MB0000002B"),
        ]);
        // Named like one office but coded as the other: the code decides.
        assert_eq!(
            match_office(&r, "长庆街道办事处", "11330103mb0000002b"),
            Match::Code(1)
        );
        // A code the roster does not know, against an entry with another code: not that office.
        assert_eq!(
            match_office(&r, "长庆街道", "91330000XXXXXXXXXX"),
            Match::Unlisted
        );
        // No code in the package: the name matches.
        assert_eq!(match_office(&r, "长庆街道办", ""), Match::Name(0));
        // A code in the package, none in the roster entry: the name matches.
        let r = roster(&[("长庆街道", "")]);
        assert_eq!(match_office(&r, "长庆街道办事处", "X1"), Match::Name(0));
    }

    #[test]
    fn a_name_fitting_two_entries_is_ambiguous_unless_a_code_decides() {
        let r = roster(&[("长庆街道", ""), ("长庆街道办事处", "C2")]);
        assert_eq!(
            match_office(&r, "长庆街道办", ""),
            Match::Ambiguous(vec![0, 1])
        );
        assert_eq!(match_office(&r, "长庆街道办", "C2"), Match::Code(1));
        // Coded otherwise, only the entry without a code can be it.
        assert_eq!(match_office(&r, "长庆街道办", "C9"), Match::Name(0));
    }

    #[test]
    fn name_keys_reduce_only_endings() {
        assert_eq!(name_key("长庆街道办事处"), "长庆街道");
        assert_eq!(
            name_key("街道办事处"),
            "街道办事处",
            "nothing is left to name"
        );
        assert_eq!(name_key("街道"), "街道");
        assert_eq!(name_key(""), "");
        assert_eq!(code_key(" ab 12 "), "AB12");
    }
}
