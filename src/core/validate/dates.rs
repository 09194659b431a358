//! Reading the dates a biller typed: absent, or valid or invalid by the core's one strict reader
//! ([`crate::core::model::date::parse_iso`]).

use crate::core::model::date::parse_iso;
use chrono::NaiveDate;

/// A typed date, read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Typed {
    /// Nothing typed (absent, empty or whitespace only).
    Absent,
    /// A real calendar date.
    Valid(NaiveDate),
    /// Something typed that is not a `YYYY-MM-DD` calendar date.
    Invalid,
}

impl Typed {
    /// The date, when valid.
    pub(crate) fn date(self) -> Option<NaiveDate> {
        match self {
            Typed::Valid(date) => Some(date),
            _ => None,
        }
    }
}

/// Reads `text` with the core's one date reader, [`parse_iso`] (strict `YYYY-MM-DD`).
pub(crate) fn read(text: Option<&str>) -> Typed {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else { return Typed::Absent };
    parse_iso(text).map_or(Typed::Invalid, Typed::Valid)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Typed {
        NaiveDate::from_ymd_opt(y, m, day).map_or(Typed::Invalid, Typed::Valid)
    }

    #[test]
    fn reads_iso_dates_only() {
        assert_eq!(read(Some("2025-03-04")), d(2025, 3, 4));
        assert_eq!(read(Some(" 2025-03-04\n")), d(2025, 3, 4));
        assert_eq!(read(Some("2024-02-29")), d(2024, 2, 29), "leap day");
        assert_eq!(read(Some("2025-02-29")), Typed::Invalid, "not a leap year");
        assert_eq!(read(Some("0000-00-00")), Typed::Invalid);
        assert_eq!(read(Some("9999-12-31")), d(9999, 12, 31));
        assert_eq!(read(Some("03/04/2025")), Typed::Invalid);
        assert_eq!(read(Some("2025-3-4")), Typed::Invalid);
        assert_eq!(read(Some("+2025-03-04")), Typed::Invalid);
        assert_eq!(read(Some("２０２５-03-04")), Typed::Invalid, "full-width digits");
        assert_eq!(read(Some("")), Typed::Absent);
        assert_eq!(read(Some("   ")), Typed::Absent);
        assert_eq!(read(None), Typed::Absent);
        assert_eq!(read(Some("2025-03-04").map(|_| "2025-13-01")), Typed::Invalid);
    }
}
