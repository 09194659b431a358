//! Calendar arithmetic for payer windows and clocks: what a window counts from
//! ([`WindowBasis`]), in which days ([`WindowUnit`]), business days with the US federal holidays
//! (the 11 holidays of 5 U.S.C. 6103(a), on their observed dates: a Saturday holiday is observed
//! on the Friday before, a Sunday one on the Monday after; Juneteenth from 2021, Martin Luther
//! King Jr. Day from 1986; Inauguration Day, a holiday only around Washington DC, is not
//! counted). Pure and below every user of dates: validation's deadline and the payer clocks
//! ([`crate::core::payers`]) both count with it.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// The longest window accepted as real (100 years); longer ones are reported as invalid.
pub const MAX_WINDOW_DAYS: i64 = 36_500;

/// What the window counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowBasis {
    /// The last date of service.
    DateOfService,
    /// The discharge date (claim `to`).
    DischargeDate,
    /// The denial (remittance) date.
    DenialDate,
    /// The date the payer determined (retroactive) eligibility.
    EligibilityDeterminationDate,
    /// 1.1: the date of admission (the claim's `from`, else the single date of service).
    AdmissionDate,
    /// 1.1: the remittance date. The case has one remittance / denial date
    /// (`claim.claim.denial.date`); a payer that counts from the *receipt* of the remittance
    /// gives at least that much time, so counting from the remittance date is the safe reading.
    RemittanceDate,
}

impl WindowBasis {
    /// Every basis, in vocabulary order.
    pub const ALL: &[WindowBasis] = &[
        WindowBasis::DateOfService,
        WindowBasis::DischargeDate,
        WindowBasis::DenialDate,
        WindowBasis::EligibilityDeterminationDate,
        WindowBasis::AdmissionDate,
        WindowBasis::RemittanceDate,
    ];

    /// The vocabulary name (`date_of_service`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            WindowBasis::DateOfService => "date_of_service",
            WindowBasis::DischargeDate => "discharge_date",
            WindowBasis::DenialDate => "denial_date",
            WindowBasis::EligibilityDeterminationDate => "eligibility_determination_date",
            WindowBasis::AdmissionDate => "admission_date",
            WindowBasis::RemittanceDate => "remittance_date",
        }
    }

    /// Reads a vocabulary name (surrounding whitespace ignored, exact otherwise).
    pub fn parse(text: &str) -> Option<WindowBasis> {
        WindowBasis::ALL.iter().copied().find(|b| b.as_str() == text.trim())
    }

    /// The basis as the letter and the packet name it, without an article ("date of service",
    /// "date of discharge"); the letter says "last date of service" for a multi-day service.
    pub fn label(self) -> &'static str {
        match self {
            WindowBasis::DateOfService => "date of service",
            WindowBasis::DischargeDate => "date of discharge",
            WindowBasis::DenialDate => "denial date",
            WindowBasis::EligibilityDeterminationDate => "eligibility determination date",
            WindowBasis::AdmissionDate => "date of admission",
            WindowBasis::RemittanceDate => "remittance date",
        }
    }

    /// The basis in words, for validation messages ("the denial date").
    pub fn words(self) -> &'static str {
        match self {
            WindowBasis::DateOfService => "the last date of service",
            WindowBasis::DischargeDate => "the discharge date",
            WindowBasis::DenialDate => "the denial date",
            WindowBasis::EligibilityDeterminationDate => "the eligibility determination date",
            WindowBasis::AdmissionDate => "the date of admission",
            WindowBasis::RemittanceDate => "the remittance date",
        }
    }
}

impl std::fmt::Display for WindowBasis {
    /// The vocabulary name, as in the case format (`date_of_service`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a window's days are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowUnit {
    /// Calendar days (the default).
    #[default]
    Calendar,
    /// Business days: Monday–Friday, less federal holidays when they are counted.
    Business,
}

impl WindowUnit {
    /// The case-format name (`calendar`, `business`).
    pub fn as_str(self) -> &'static str {
        match self {
            WindowUnit::Calendar => "calendar",
            WindowUnit::Business => "business",
        }
    }

    /// Reads a case-format name (surrounding whitespace ignored, exact otherwise).
    pub fn parse(text: &str) -> Option<WindowUnit> {
        [WindowUnit::Calendar, WindowUnit::Business].into_iter().find(|u| u.as_str() == text.trim())
    }

    /// "days" or "business days", for messages.
    pub fn days_word(self) -> &'static str {
        match self {
            WindowUnit::Calendar => "days",
            WindowUnit::Business => "business days",
        }
    }
}

/// The `n`-th business day after `from` (`from` itself when `n` is 0); with a negative `n`, the
/// `|n|`-th business day before it. Business days are Monday–Friday, less the observed federal
/// holidays when `federal_holidays`. `None` beyond the calendar or for `|n|` over
/// [`MAX_WINDOW_DAYS`].
pub fn add_business_days(from: NaiveDate, n: i64, federal_holidays: bool) -> Option<NaiveDate> {
    if n.unsigned_abs() > MAX_WINDOW_DAYS.unsigned_abs() {
        return None;
    }
    let forward = n >= 0;
    let mut left = n.unsigned_abs();
    let mut day = from;
    let mut year = i32::MIN;
    let mut holidays = Vec::new();
    while left > 0 {
        day = if forward { day.succ_opt()? } else { day.pred_opt()? };
        if day.year() != year {
            year = day.year();
            holidays = observed_federal_holidays(year);
            // A Saturday 1 January is observed on 31 December of the year before.
            holidays.extend(observed_federal_holidays(year.saturating_add(1)).into_iter().filter(|h| h.year() == year));
        }
        let weekday = day.weekday().num_days_from_monday() < 5;
        if weekday && !(federal_holidays && holidays.contains(&day)) {
            left -= 1;
        }
    }
    Some(day)
}

/// Weekdays (Mon–Fri) in days `1..=n` counted from 0001-01-01 (a Monday, day 1), for any `n`;
/// the difference of two values counts the weekdays in between.
fn weekdays_through(n: i64) -> i64 {
    5 * n.div_euclid(7) + n.rem_euclid(7).min(5)
}

/// Business days in `(from, to]` when `to >= from`, or minus the business days in `(to, from]`
/// otherwise.
pub fn business_days_between(from: NaiveDate, to: NaiveDate, federal_holidays: bool) -> i64 {
    let (lo, hi, sign) = if to >= from { (from, to, 1) } else { (to, from, -1) };
    let weekdays =
        weekdays_through(i64::from(hi.num_days_from_ce())) - weekdays_through(i64::from(lo.num_days_from_ce()));
    let holidays = if federal_holidays {
        // A Saturday holiday in January may be observed on 31 December of the year before.
        (lo.year()..=hi.year().saturating_add(1))
            .flat_map(observed_federal_holidays)
            .filter(|day| *day > lo && *day <= hi)
            .count()
    } else {
        0
    };
    sign * (weekdays - i64::try_from(holidays).unwrap_or(0))
}

/// The `n`-th (1-based) `weekday` of `month`, or the last one when `n` is 0.
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u8) -> Option<NaiveDate> {
    if n == 0 {
        let next_month_first = if month == 12 {
            NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)
        };
        let mut day = next_month_first?.pred_opt()?;
        while day.weekday() != weekday {
            day = day.pred_opt()?;
        }
        Some(day)
    } else {
        NaiveDate::from_weekday_of_month_opt(year, month, weekday, n)
    }
}

/// The observed date of a fixed-date holiday: Saturday → Friday before, Sunday → Monday after.
fn observed(date: Option<NaiveDate>) -> Option<NaiveDate> {
    let date = date?;
    match date.weekday() {
        Weekday::Sat => date.pred_opt(),
        Weekday::Sun => date.succ_opt(),
        _ => Some(date),
    }
}

/// The US federal holidays of `year` on their observed dates (all weekdays).
pub fn observed_federal_holidays(year: i32) -> Vec<NaiveDate> {
    let fixed = |month, day| observed(NaiveDate::from_ymd_opt(year, month, day));
    let mut days = vec![
        fixed(1, 1),
        nth_weekday(year, 2, Weekday::Mon, 3),
        nth_weekday(year, 5, Weekday::Mon, 0),
        fixed(7, 4),
        nth_weekday(year, 9, Weekday::Mon, 1),
        nth_weekday(year, 10, Weekday::Mon, 2),
        fixed(11, 11),
        nth_weekday(year, 11, Weekday::Thu, 4),
        fixed(12, 25),
    ];
    if year >= 1986 {
        days.push(nth_weekday(year, 1, Weekday::Mon, 3));
    }
    if year >= 2021 {
        days.push(fixed(6, 19));
    }
    let mut days: Vec<NaiveDate> = days.into_iter().flatten().collect();
    days.sort();
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        crate::core::model::date::parse_iso(text).unwrap_or_default()
    }

    #[test]
    fn business_days() {
        // Fri 2025-06-27 → Fri 2025-07-11: 10 weekdays, less Fri 2025-07-04.
        assert_eq!(business_days_between(d("2025-06-27"), d("2025-07-11"), false), 10);
        assert_eq!(business_days_between(d("2025-06-27"), d("2025-07-11"), true), 9);
        assert_eq!(business_days_between(d("2025-07-11"), d("2025-06-27"), true), -9);
        assert_eq!(business_days_between(d("2025-06-28"), d("2025-06-29"), true), 0, "a weekend");
        assert_eq!(business_days_between(d("2025-06-30"), d("2025-06-30"), true), 0);
        // Saturday 2022-01-01 is observed on Friday 2021-12-31.
        assert_eq!(business_days_between(d("2021-12-30"), d("2021-12-31"), true), 0);
        assert_eq!(business_days_between(d("2021-12-30"), d("2021-12-31"), false), 1);
        // Extremes stay fast and do not panic.
        let span = business_days_between(NaiveDate::MIN, NaiveDate::MAX, false);
        assert!(span > 0);
        let _ = business_days_between(d("0001-01-01"), d("9999-12-31"), true);
    }

    #[test]
    fn weekday_origin_is_monday() {
        assert_eq!(NaiveDate::from_ymd_opt(1, 1, 1).map(|x| x.weekday()), Some(Weekday::Mon));
        for ((y1, m1, d1), (y2, m2, d2)) in
            [((2025, 1, 1), (2025, 12, 31)), ((1999, 12, 25), (2000, 3, 7)), ((-5, 1, 1), (3, 1, 1))]
        {
            let (from, to) = (NaiveDate::from_ymd_opt(y1, m1, d1), NaiveDate::from_ymd_opt(y2, m2, d2));
            let (Some(from), Some(to)) = (from, to) else { panic!("test dates") };
            let slow = from
                .iter_days()
                .skip(1)
                .take_while(|x| *x <= to)
                .filter(|x| x.weekday().num_days_from_monday() < 5)
                .count();
            assert_eq!(business_days_between(from, to, false), slow as i64);
        }
    }

    #[test]
    fn holidays_2025_and_2026() {
        let h2025 = observed_federal_holidays(2025);
        assert_eq!(h2025.len(), 11);
        for day in [
            "2025-01-01",
            "2025-01-20",
            "2025-02-17",
            "2025-05-26",
            "2025-06-19",
            "2025-07-04",
            "2025-09-01",
            "2025-10-13",
            "2025-11-11",
            "2025-11-27",
            "2025-12-25",
        ] {
            assert!(h2025.contains(&d(day)), "{day}");
        }
        let h2026 = observed_federal_holidays(2026);
        assert!(h2026.contains(&d("2026-07-03")), "July 4 2026 is a Saturday");
        assert!(observed_federal_holidays(2020).len() == 10, "no Juneteenth before 2021");
        assert!(observed_federal_holidays(i32::MAX).len() <= 11);
    }

    #[test]
    fn basis_names_round_trip() {
        for &basis in WindowBasis::ALL {
            assert_eq!(WindowBasis::parse(basis.as_str()), Some(basis));
        }
        assert_eq!(WindowBasis::parse(" denial_date "), Some(WindowBasis::DenialDate));
        assert_eq!(WindowBasis::parse("Denial date"), None);
    }
}
