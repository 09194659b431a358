//! The retro-authorization deadline: the payer's window (calendar or business days from a basis
//! date), the last day a request is accepted, and how many calendar and business days are left.
//!
//! A window in **business days** (case format 1.1 `retro_auth_window_unit: business`) ends on the
//! `days`-th business day after the basis date: Monday–Friday, less the federal holidays below
//! when they are counted (a 5-business-day window from Friday 2025-06-27 ends on Monday
//! 2025-07-07, Friday 2025-07-04 being Independence Day).
//!
//! Counting follows VOCABULARY.md §4 (`retro_window_exceeded`): the request is late when
//! `request_date − basis_date > window_days` in calendar days, so the deadline is
//! `basis_date + window_days` and a request **on** that day is inside the window.
//!
//! Days left are counted over `(today, deadline]`: 0 on the deadline itself, 1 the day before,
//! negative when late (−1 the day after). Business days left count the Monday–Friday days in the
//! same half-open span, leaving out US federal holidays when asked to (the 11 holidays of
//! 5 U.S.C. 6103(a), on their observed dates: a Saturday holiday is observed on the Friday before,
//! a Sunday one on the Monday after; Juneteenth from 2021, Martin Luther King Jr. Day from 1986;
//! Inauguration Day, a holiday only around Washington DC, is not counted). Payers differ on whether
//! a deadline that falls on a weekend moves; this module never moves it.

pub use crate::core::calendar::{
    MAX_WINDOW_DAYS, WindowBasis, WindowUnit, add_business_days, business_days_between, observed_federal_holidays,
};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// A payer's retro-authorization window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetroWindow {
    /// Days allowed after the basis date (calendar or business, per `unit`).
    pub days: i64,
    /// What the days count from.
    pub basis: WindowBasis,
    /// What the days are (calendar unless stated).
    #[serde(default)]
    pub unit: WindowUnit,
}

impl RetroWindow {
    /// A window of `days` calendar days from `basis`.
    pub fn calendar(days: i64, basis: WindowBasis) -> RetroWindow {
        RetroWindow { days, basis, unit: WindowUnit::Calendar }
    }
}

/// The retro-authorization deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    /// Calendar days the payer allows.
    pub window_days: i64,
    /// What the window counts from (serialised as `date_of_service`, `discharge_date`,
    /// `denial_date`, `eligibility_determination_date`).
    pub basis: WindowBasis,
    /// The basis date.
    pub basis_date: NaiveDate,
    /// The last day a request is accepted (`basis_date + window_days`).
    pub deadline: NaiveDate,
    /// Calendar days from today to the deadline; 0 on the deadline, negative when late.
    pub days_left: i64,
    /// Business days (Monday–Friday, less federal holidays when counted) after today up to and
    /// including the deadline; negative when late (business days since the deadline).
    pub business_days_left: i64,
    /// Whether `business_days_left` leaves out US federal holidays.
    pub federal_holidays_counted: bool,
    /// Calendar days from the basis date to today ("day N of the window").
    pub days_elapsed: i64,
    /// What `window_days` are (`calendar` or `business`).
    #[serde(default)]
    pub unit: WindowUnit,
    /// Every clock of the payer's rule set (`claim.payer.profile_id`) as of today: the retro
    /// window, reconsideration and appeal levels, timely filing, the decision due date. Empty
    /// when the case names no rule set.
    #[serde(default)]
    pub clocks: Vec<crate::core::payers::Clock>,
}

impl Deadline {
    /// True when the request is late (today is after the deadline).
    pub fn exceeded(&self) -> bool {
        self.days_left < 0
    }
}

/// Computes the deadline of `window` from `basis_date`, as of `today`. `None` when the window
/// is negative or longer than [`MAX_WINDOW_DAYS`], or the deadline is beyond the calendar.
pub fn compute(
    window: RetroWindow,
    basis_date: NaiveDate,
    today: NaiveDate,
    federal_holidays: bool,
) -> Option<Deadline> {
    if !(0..=MAX_WINDOW_DAYS).contains(&window.days) {
        return None;
    }
    let deadline = match window.unit {
        WindowUnit::Calendar => basis_date.checked_add_days(Days::new(u64::try_from(window.days).ok()?))?,
        WindowUnit::Business => add_business_days(basis_date, window.days, federal_holidays)?,
    };
    Some(Deadline {
        window_days: window.days,
        basis: window.basis,
        basis_date,
        deadline,
        days_left: (deadline - today).num_days(),
        business_days_left: business_days_between(today, deadline, federal_holidays),
        federal_holidays_counted: federal_holidays,
        days_elapsed: (today - basis_date).num_days(),
        unit: window.unit,
        clocks: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        crate::core::model::date::parse_iso(text).unwrap_or_default()
    }

    fn window(days: i64, basis: WindowBasis) -> RetroWindow {
        RetroWindow::calendar(days, basis)
    }

    #[test]
    fn business_day_windows() {
        let b = |days| RetroWindow { days, basis: WindowBasis::DateOfService, unit: WindowUnit::Business };
        // Fri 2025-06-27 + 5 business days: Mon 30, Tue 1, Wed 2, Thu 3, (Fri 4 July), Mon 7.
        let dl = compute(b(5), d("2025-06-27"), d("2025-06-30"), true).unwrap_or_else(|| panic!("deadline"));
        assert_eq!(dl.deadline, d("2025-07-07"));
        assert_eq!(dl.unit, WindowUnit::Business);
        assert_eq!(dl.days_left, 7);
        assert_eq!(dl.business_days_left, 4, "Tue 1, Wed 2, Thu 3, Mon 7");
        // Without holidays, Friday the 4th counts.
        assert_eq!(compute(b(5), d("2025-06-27"), d("2025-06-30"), false).map(|x| x.deadline), Some(d("2025-07-04")));
        // From a Saturday: Mon 2025-06-30 is the first business day.
        assert_eq!(compute(b(1), d("2025-06-28"), d("2025-06-28"), true).map(|x| x.deadline), Some(d("2025-06-30")));
        // 0 business days: the basis date itself.
        assert_eq!(compute(b(0), d("2025-06-28"), d("2025-06-28"), true).map(|x| x.deadline), Some(d("2025-06-28")));
        // Across New Year 2022 (Sat 1 Jan observed Fri 2021-12-31): Thu 30 Dec + 1 = Mon 3 Jan.
        assert_eq!(add_business_days(d("2021-12-30"), 1, true), Some(d("2022-01-03")));
        assert_eq!(add_business_days(d("2022-01-03"), -1, true), Some(d("2021-12-30")));
        // Thanksgiving 2025 (Thu 27 Nov): Wed 26 + 1 = Fri 28.
        assert_eq!(add_business_days(d("2025-11-26"), 1, true), Some(d("2025-11-28")));
        assert_eq!(add_business_days(d("2025-11-26"), MAX_WINDOW_DAYS + 1, true), None);
        assert_eq!(add_business_days(NaiveDate::MAX, 1, true), None);
        assert_eq!(WindowUnit::parse(" business "), Some(WindowUnit::Business));
        assert_eq!(WindowUnit::parse("Business"), None);
    }

    #[test]
    fn last_day_is_inside() {
        let w = window(60, WindowBasis::DenialDate);
        let on_time = compute(w, d("2025-05-02"), d("2025-07-01"), true).unwrap_or_else(|| panic!("deadline"));
        assert_eq!(on_time.deadline, d("2025-07-01"));
        assert_eq!(on_time.days_left, 0);
        assert!(!on_time.exceeded());
        assert_eq!(on_time.days_elapsed, 60);
        let late = compute(w, d("2025-05-02"), d("2025-07-02"), true).unwrap_or_else(|| panic!("deadline"));
        assert_eq!(late.days_left, -1);
        assert!(late.exceeded());
    }

    #[test]
    fn case_01_is_day_59() {
        let deadline = compute(window(60, WindowBasis::DenialDate), d("2025-05-02"), d("2025-06-30"), true);
        let deadline = deadline.unwrap_or_else(|| panic!("deadline"));
        assert_eq!(deadline.days_elapsed, 59);
        assert_eq!(deadline.days_left, 1);
        assert_eq!(deadline.business_days_left, 1, "Tue 2025-07-01");
    }

    #[test]
    fn leap_years() {
        let w = window(1, WindowBasis::DateOfService);
        assert_eq!(compute(w, d("2024-02-28"), d("2024-02-28"), true).map(|x| x.deadline), Some(d("2024-02-29")));
        assert_eq!(compute(w, d("2025-02-28"), d("2025-02-28"), true).map(|x| x.deadline), Some(d("2025-03-01")));
        assert_eq!(compute(w, d("2100-02-28"), d("2100-02-28"), true).map(|x| x.deadline), Some(d("2100-03-01")));
        assert_eq!(compute(w, d("2000-02-28"), d("2000-02-28"), true).map(|x| x.deadline), Some(d("2000-02-29")));
        let year = compute(window(365, WindowBasis::DenialDate), d("2024-01-01"), d("2024-01-01"), false);
        assert_eq!(year.map(|x| x.deadline), Some(d("2024-12-31")), "2024 has 366 days");
    }

    #[test]
    fn negative_and_out_of_range_windows() {
        assert!(compute(window(-1, WindowBasis::DenialDate), d("2025-01-01"), d("2025-01-01"), true).is_none());
        assert!(
            compute(window(MAX_WINDOW_DAYS + 1, WindowBasis::DenialDate), d("2025-01-01"), d("2025-01-01"), true)
                .is_none()
        );
        assert!(compute(window(i64::MAX, WindowBasis::DenialDate), d("2025-01-01"), d("2025-01-01"), true).is_none());
        assert!(compute(window(30, WindowBasis::DenialDate), NaiveDate::MAX, d("2025-01-01"), true).is_none());
        let zero = compute(window(0, WindowBasis::DenialDate), d("2025-01-01"), d("2025-01-01"), true);
        assert_eq!(zero.map(|x| x.days_left), Some(0));
        let late = compute(window(10, WindowBasis::DateOfService), d("2025-01-01"), d("2025-03-01"), true);
        assert_eq!(late.map(|x| x.days_left), Some(-49));
    }
}
