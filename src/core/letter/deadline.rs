//! A simple retro-authorization deadline: the payer's window (`retro_auth_window_days`) counted
//! in calendar days from the date it names (`retro_auth_window_basis`).
//!
//! This is deliberately small: it serves the letter's deadline line and the packet's claim
//! summary. The validation engine (`core::validate`) owns the full rules (business days,
//! holidays, conflicting dates); when they disagree, its findings are the ones to trust.

use chrono::NaiveDate;

use crate::core::model::{Case, Lenient};

/// The payer's retro-authorization window applied to the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetroWindow {
    /// Length of the window in calendar days.
    pub days: i64,
    /// The basis as stored in the case (`date_of_service`, `discharge_date`, `denial_date`,
    /// `eligibility_determination_date`).
    pub basis: String,
    /// The basis in words ("date of service").
    pub basis_label: &'static str,
    /// The date the window counts from.
    pub basis_date: NaiveDate,
    /// The last day a request is inside the window: `basis_date + days`.
    pub deadline: NaiveDate,
    /// Days from `basis_date` to the request date (negative if the request is earlier).
    pub elapsed: i64,
}

impl RetroWindow {
    /// True when the request date is on or before the deadline.
    pub fn is_met(&self) -> bool {
        self.elapsed <= self.days
    }
}

/// Parses an ISO date (`YYYY-MM-DD`), ignoring surrounding spaces.
pub(crate) fn iso_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// The basis in words, for the bases the case format knows.
pub fn basis_label(basis: &str) -> Option<&'static str> {
    match basis.trim() {
        "date_of_service" => Some("date of service"),
        "discharge_date" => Some("date of discharge"),
        "denial_date" => Some("denial date"),
        "eligibility_determination_date" => Some("eligibility determination date"),
        _ => None,
    }
}

/// The window for `case` with the request made on `today`, when the case states a window
/// length, a known basis, and the basis date parses. `None` otherwise: the letter then states
/// no deadline rather than guess one.
pub fn retro_window(case: &Case, today: NaiveDate) -> Option<RetroWindow> {
    let payer = &case.claim.payer;
    let days = match payer.retro_auth_window_days.as_ref()? {
        Lenient::Valid(days) if (0..=3650).contains(days) => *days,
        _ => return None,
    };
    let basis = payer.retro_auth_window_basis.as_deref()?.trim().to_string();
    let basis_label = basis_label(&basis)?;
    let claim = &case.claim.claim;
    let basis_text = match basis.as_str() {
        "date_of_service" => claim.first_date(),
        "discharge_date" => claim.last_date(),
        "denial_date" => Some(claim.denial.date.as_str()),
        "eligibility_determination_date" => {
            claim.eligibility.as_ref().and_then(|e| e.eligibility_determination_date.as_deref())
        }
        _ => None,
    }?;
    let basis_date = iso_date(basis_text)?;
    let deadline = basis_date.checked_add_signed(chrono::TimeDelta::try_days(days)?)?;
    let elapsed = (today - basis_date).num_days();
    Some(RetroWindow { days, basis, basis_label, basis_date, deadline, elapsed })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(days: Lenient<i64>, basis: &str, dos: &str) -> Case {
        let mut case = Case::new_empty();
        case.claim.payer.retro_auth_window_days = Some(days);
        case.claim.payer.retro_auth_window_basis = Some(basis.to_string());
        case.claim.claim.date_of_service = Some(dos.to_string());
        case
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn counts_calendar_days_from_the_basis() {
        let window = retro_window(&case(Lenient::Valid(90), "date_of_service", "2025-03-04"), day(2025, 6, 2));
        let Some(window) = window else { panic!("window expected") };
        assert_eq!(window.deadline, day(2025, 6, 2));
        assert_eq!(window.elapsed, 90);
        assert!(window.is_met());
        let late = retro_window(&case(Lenient::Valid(90), "date_of_service", "2025-03-04"), day(2025, 6, 3));
        assert!(late.is_some_and(|w| !w.is_met()));
    }

    #[test]
    fn unknown_inputs_give_no_window() {
        let today = day(2025, 6, 2);
        assert!(
            retro_window(
                &case(Lenient::Raw(serde_json::Value::String("ninety".into())), "date_of_service", "2025-03-04"),
                today
            )
            .is_none()
        );
        assert!(retro_window(&case(Lenient::Valid(90), "moon_phase", "2025-03-04"), today).is_none());
        assert!(retro_window(&case(Lenient::Valid(90), "date_of_service", "03/04/2025"), today).is_none());
        assert!(retro_window(&case(Lenient::Valid(i64::MAX), "date_of_service", "2025-03-04"), today).is_none());
    }
}
