//! ICD-10-CM look-ups: is a code billable, a header (a category or subcategory that has billable
//! children), or not in the code set at all?
//!
//! The data are two [`fst::Set`]s generated from the CDC release named in
//! [`release`] (see the module docs of the parent `codes` module for how they are built and checked).
//! Codes are stored undotted (`M5450`), as in X12; look-ups accept the dotted form too.

use chrono::NaiveDate;
use fst::{IntoStreamer, Set, Streamer};

/// Billable (leaf) codes, undotted, as an fst set.
static BILLABLE: &[u8] = include_bytes!("data/icd10cm-billable.fst");
/// Non-billable category/subcategory codes, undotted, as an fst set.
static HEADERS: &[u8] = include_bytes!("data/icd10cm-header.fst");

/// What the code set says about a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeStatus {
    /// A billable (leaf) code.
    Billable,
    /// A category or subcategory: it has more specific codes below it and is not billable.
    Header,
    /// Not in the code set (deleted, never existed, or a typo).
    NotInCodeSet,
    /// The embedded code set could not be read (never expected; reported as "not checked").
    Unavailable,
}

/// The bytes of the billable-code set (for size reports and the drift test).
pub fn billable_set_bytes() -> &'static [u8] {
    BILLABLE
}

/// The bytes of the header-code set (for size reports and the drift test).
pub fn header_set_bytes() -> &'static [u8] {
    HEADERS
}

/// The release the sets were generated from, e.g. "CDC ICD-10-CM April 1, 2026".
pub fn release() -> &'static str {
    super::provenance_value("icd10cm.release").unwrap_or("ICD-10-CM")
}

/// The fiscal year of the release, e.g. "FY2026".
pub fn fiscal_year() -> &'static str {
    super::provenance_value("icd10cm.fiscal_year").unwrap_or("")
}

/// The first day the release's fiscal-year code set applies to (1 October).
pub fn effective_from() -> Option<NaiveDate> {
    super::provenance_value("icd10cm.effective_from").and_then(crate::core::model::date::parse_iso)
}

/// The undotted form: `M54.50` → `M5450`. A dot is only removed after the third character;
/// anything else is returned unchanged (and will not be found).
pub fn undotted(code: &str) -> String {
    match code.split_once('.') {
        Some((head, tail)) if head.len() == 3 && !tail.contains('.') => format!("{head}{tail}"),
        _ => code.to_string(),
    }
}

/// The dotted form of an undotted code: `M5450` → `M54.50`, `I10` → `I10`.
pub fn dotted(code: &str) -> String {
    match (code.get(..3), code.get(3..)) {
        (Some(head), Some(tail)) if !tail.is_empty() && !code.contains('.') => format!("{head}.{tail}"),
        _ => code.to_string(),
    }
}

fn set(bytes: &'static [u8]) -> Option<Set<&'static [u8]>> {
    Set::new(bytes).ok()
}

/// Looks a code up (dotted or undotted, exact case).
pub fn status(code: &str) -> CodeStatus {
    let key = undotted(code);
    let (Some(billable), Some(headers)) = (set(BILLABLE), set(HEADERS)) else {
        return CodeStatus::Unavailable;
    };
    if billable.contains(&key) {
        CodeStatus::Billable
    } else if headers.contains(&key) {
        CodeStatus::Header
    } else {
        CodeStatus::NotInCodeSet
    }
}

/// Billable codes that start with `code` (its billable descendants), dotted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Children {
    /// The first few, in code order.
    pub first: Vec<String>,
    /// How many there are in all.
    pub total: usize,
}

/// The billable codes below `code` (a header code, dotted or undotted): the first `limit` of
/// them, and the total count.
pub fn billable_children(code: &str, limit: usize) -> Children {
    let key = undotted(code);
    let mut out = Children::default();
    let Some(billable) = set(BILLABLE) else { return out };
    if key.is_empty() {
        return out;
    }
    let mut stream = billable.range().ge(key.as_bytes()).into_stream();
    while let Some(found) = stream.next() {
        if !found.starts_with(key.as_bytes()) {
            break;
        }
        if found.len() > key.len() {
            if out.first.len() < limit {
                out.first.push(dotted(&String::from_utf8_lossy(found)));
            }
            out.total += 1;
        }
    }
    out
}

/// Number of codes in the billable set.
pub fn billable_count() -> usize {
    set(BILLABLE).map_or(0, |s| s.len())
}

/// Number of codes in the header set.
pub fn header_count() -> usize {
    set(HEADERS).map_or(0, |s| s.len())
}

fn is_alnum_upper(b: u8) -> bool {
    b.is_ascii_digit() || b.is_ascii_uppercase()
}

fn head_ok(b: &[u8]) -> bool {
    matches!(b.first(), Some(b'A'..=b'T' | b'V'..=b'Z'))
        && b.get(1).is_some_and(u8::is_ascii_digit)
        && b.get(2).is_some_and(|c| is_alnum_upper(*c))
}

/// Well-formed in the vocabulary's dotted form: `^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$`.
pub fn dotted_ok(code: &str) -> bool {
    let b = code.as_bytes();
    head_ok(b)
        && match b.get(3..) {
            Some([]) => true,
            Some([b'.', rest @ ..]) => (1..=4).contains(&rest.len()) && rest.iter().all(|c| is_alnum_upper(*c)),
            _ => false,
        }
}

/// Well-formed in the vocabulary's undotted X12 form: `^[A-TV-Z][0-9][0-9A-Z][0-9A-Z]{1,4}$`.
pub fn undotted_ok(code: &str) -> bool {
    let b = code.as_bytes();
    head_ok(b)
        && b.get(3..).is_some_and(|rest| (1..=4).contains(&rest.len()) && rest.iter().all(|c| is_alnum_upper(*c)))
}

/// True when `code` looks like an ICD-9-CM code: `786.50`, `78650`, `E880.9`, `V45.81`.
pub fn looks_like_icd9(code: &str) -> bool {
    let b = code.trim().as_bytes();
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    let (head, tail) = match b.iter().position(|c| *c == b'.') {
        Some(dot) => (b.get(..dot).unwrap_or_default(), b.get(dot + 1..)),
        None => (b, None),
    };
    let tail_ok = |max: usize| tail.is_none_or(|t| digits(t) && t.len() <= max);
    match head.first() {
        Some(b'0'..=b'9') => {
            (digits(head) && head.len() == 3 && tail_ok(2))
                || (tail.is_none() && digits(head) && (4..=5).contains(&head.len()))
        }
        Some(b'E') => head.len() == 4 && digits(head.get(1..).unwrap_or_default()) && tail_ok(1),
        Some(b'V') => head.len() == 3 && digits(head.get(1..).unwrap_or_default()) && tail_ok(2),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_load_and_match_the_provenance_counts() {
        assert_eq!(
            Some(billable_count().to_string().as_str()),
            super::super::provenance_value("icd10cm.billable_codes")
        );
        assert_eq!(Some(header_count().to_string().as_str()), super::super::provenance_value("icd10cm.header_codes"));
        assert!(BILLABLE.len() + HEADERS.len() < 100 * 1024, "code sets must stay under 100 KB");
    }

    #[test]
    fn billable_header_and_unknown() {
        assert_eq!(status("M54.50"), CodeStatus::Billable);
        assert_eq!(status("M5450"), CodeStatus::Billable);
        assert_eq!(status("M54.5"), CodeStatus::Header, "M54.5 is a header since FY2022");
        assert_eq!(status("J06.9"), CodeStatus::Billable);
        assert_eq!(status("I10"), CodeStatus::Billable);
        assert_eq!(status("S52.531D"), CodeStatus::Billable);
        assert_eq!(status("W19.XXXA"), CodeStatus::Billable);
        assert_eq!(status("M54"), CodeStatus::Header);
        assert_eq!(status("G35"), CodeStatus::Header, "G35 was expanded on 2025-10-01");
        assert_eq!(status("JO6.9"), CodeStatus::NotInCodeSet);
        assert_eq!(status("m54.50"), CodeStatus::NotInCodeSet, "exact case");
        assert_eq!(status(""), CodeStatus::NotInCodeSet);
        assert_eq!(status("M5.450"), CodeStatus::NotInCodeSet);
    }

    #[test]
    fn children_of_a_header() {
        let children = billable_children("M54.5", 10);
        assert_eq!(children.first, vec!["M54.50", "M54.51", "M54.59"]);
        assert_eq!(children.total, 3);
        let many = billable_children("S52", 2);
        assert_eq!(many.first.len(), 2);
        assert!(many.total > 100);
        assert_eq!(billable_children("", 5), Children::default());
        assert_eq!(billable_children("ZZZ", 5).total, 0);
    }

    #[test]
    fn dotting() {
        assert_eq!(undotted("M54.50"), "M5450");
        assert_eq!(undotted("M5450"), "M5450");
        assert_eq!(undotted("M.5450"), "M.5450");
        assert_eq!(dotted("M5450"), "M54.50");
        assert_eq!(dotted("I10"), "I10");
        assert_eq!(dotted("é"), "é");
        assert_eq!(dotted("ééé"), "ééé", "byte 3 is inside a character: unchanged");
    }

    #[test]
    fn release_metadata() {
        assert!(release().contains("April 1, 2026"));
        assert_eq!(fiscal_year(), "FY2026");
        assert_eq!(effective_from(), NaiveDate::from_ymd_opt(2025, 10, 1));
    }
}
