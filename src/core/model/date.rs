//! The one date reader of the core: strict `YYYY-MM-DD`, the format of the case exchange file
//! (and of X12 once the dashes are removed). Validation, the letter, the deadline and the code
//! sets all read dates through [`parse_iso`], so a date the letter prints is a date validation
//! accepts, and a date validation calls invalid is shown as typed.

use chrono::NaiveDate;

/// Reads `text` as `YYYY-MM-DD` (surrounding whitespace ignored): exactly four, two and two
/// ASCII digits separated by `-`, and a real calendar date. `None` for anything else, such as
/// `2025-3-4`, `+2025-03-04`, `03/04/2025`, full-width digits or `2025-02-29`.
pub fn parse_iso(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
    if !shape_ok {
        return None;
    }
    let number = |range: std::ops::Range<usize>| text.get(range).and_then(|s| s.parse::<u32>().ok());
    let year = i32::try_from(number(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn reads_iso_dates_only() {
        assert_eq!(parse_iso("2025-03-04"), d(2025, 3, 4));
        assert_eq!(parse_iso(" 2025-03-04\n"), d(2025, 3, 4));
        assert_eq!(parse_iso("2024-02-29"), d(2024, 2, 29), "leap day");
        assert_eq!(parse_iso("9999-12-31"), d(9999, 12, 31));
        for bad in [
            "2025-02-29",
            "0000-00-00",
            "2025-13-01",
            "2025-04-31",
            "03/04/2025",
            "2025-3-4",
            "2025-03-4",
            "+2025-03-04",
            "-2025-03-04",
            "２０２５-03-04",
            "2025-03-04T00:00",
            "2025 03 04",
            "",
            "   ",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn stricter_than_chrono_format_parsing() {
        // chrono's `%Y-%m-%d` accepts these; the case format does not.
        for lenient in ["2025-3-4", "2025-03-4", "+2025-03-04"] {
            assert!(NaiveDate::parse_from_str(lenient, "%Y-%m-%d").is_ok(), "{lenient}: chrono changed");
            assert_eq!(parse_iso(lenient), None, "{lenient}");
        }
    }
}
