//! The deadline as the letter and the packet state it ([`DeadlineLine`]): the payer's window
//! (`retro_auth_window_days`) counted in calendar or business days from the date it names
//! (`retro_auth_window_basis`), in the letter's words.
//!
//! The dates come from the validation engine ([`crate::core::validate::deadline_only`]), which
//! owns the rules (basis dates, limits, conflicting dates), and the basis names from
//! [`WindowBasis`], so there is one deadline and one set of basis names everywhere.

use chrono::NaiveDate;

use crate::core::model::Case;
use crate::core::validate::{WindowBasis, WindowUnit};

/// The payer's retro-authorization window applied to the case, for the letter's deadline line
/// and the packet's claim summary. (The window itself, days and basis, is
/// [`crate::core::validate::RetroWindow`]; the full deadline is [`crate::core::validate::Deadline`].)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineLine {
    /// Length of the window, in `unit`s.
    pub days: i64,
    /// Calendar or business days.
    pub unit: WindowUnit,
    /// What the window counts from.
    pub basis: WindowBasis,
    /// The basis in the letter's words ([`WindowBasis::label`], or "last date of service" for a
    /// multi-day service).
    pub basis_label: &'static str,
    /// The date the window counts from.
    pub basis_date: NaiveDate,
    /// The last day a request is inside the window: `basis_date + days`.
    pub deadline: NaiveDate,
    /// Calendar days from `basis_date` to the request date (negative if the request is earlier).
    pub elapsed: i64,
    /// True when the request date is on or before `deadline`.
    pub met: bool,
}

impl DeadlineLine {
    /// True when the request date is on or before the deadline (for a business-day window
    /// too: `elapsed` counts calendar days, so it is not compared with `days`).
    pub fn is_met(&self) -> bool {
        self.met
    }

    /// "30 days" or "5 business days".
    pub fn length(&self) -> String {
        format!("{} {}", self.days, self.unit.days_word())
    }
}

/// The window for `case` with the request made on `today`, when the case states a window
/// length, a known basis, and the basis date parses. `None` otherwise: the letter then states
/// no deadline rather than guess one.
///
/// The dates come from the validation engine ([`crate::core::validate`]), so the letter, the
/// packet and the app's deadline banner always agree (e.g. `date_of_service` counts from the
/// last date of service of a multi-day claim).
pub fn deadline_line(case: &Case, today: NaiveDate) -> Option<DeadlineLine> {
    let deadline = crate::core::validate::deadline_only(case, today)?;
    let claim = &case.claim.claim;
    let spans_days = claim.first_date().map(str::trim) != claim.last_date().map(str::trim);
    let basis_label = match deadline.basis {
        // The window counts from the last day of a multi-day service (VOCABULARY.md).
        WindowBasis::DateOfService if spans_days => "last date of service",
        basis => basis.label(),
    };
    Some(DeadlineLine {
        days: deadline.window_days,
        unit: deadline.unit,
        basis: deadline.basis,
        basis_label,
        basis_date: deadline.basis_date,
        deadline: deadline.deadline,
        elapsed: deadline.days_elapsed,
        met: today <= deadline.deadline,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::Lenient;

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
        let window = deadline_line(&case(Lenient::Valid(90), "date_of_service", "2025-03-04"), day(2025, 6, 2));
        let Some(window) = window else { panic!("window expected") };
        assert_eq!(window.deadline, day(2025, 6, 2));
        assert_eq!(window.elapsed, 90);
        assert!(window.is_met());
        let late = deadline_line(&case(Lenient::Valid(90), "date_of_service", "2025-03-04"), day(2025, 6, 3));
        assert!(late.is_some_and(|w| !w.is_met()));
    }

    #[test]
    fn date_of_service_counts_from_the_last_day_like_the_banner() {
        let mut multi_day = case(Lenient::Valid(30), "date_of_service", "");
        multi_day.claim.claim.date_of_service = None;
        multi_day.claim.claim.from = Some("2025-03-01".into());
        multi_day.claim.claim.to = Some("2025-03-05".into());
        let today = day(2025, 3, 20);
        let window = deadline_line(&multi_day, today).expect("window");
        assert_eq!(window.basis_date, day(2025, 3, 5));
        assert_eq!(window.basis_label, "last date of service");
        assert_eq!(window.deadline, day(2025, 4, 4));
        let banner = crate::core::validate::validate(&multi_day, today).deadline.expect("deadline");
        assert_eq!(banner.deadline, window.deadline);
    }

    #[test]
    fn unknown_inputs_give_no_window() {
        let today = day(2025, 6, 2);
        assert!(
            deadline_line(
                &case(Lenient::Raw(serde_json::Value::String("ninety".into())), "date_of_service", "2025-03-04"),
                today
            )
            .is_none()
        );
        assert!(deadline_line(&case(Lenient::Valid(90), "moon_phase", "2025-03-04"), today).is_none());
        assert!(deadline_line(&case(Lenient::Valid(90), "date_of_service", "03/04/2025"), today).is_none());
        assert!(deadline_line(&case(Lenient::Valid(i64::MAX), "date_of_service", "2025-03-04"), today).is_none());
    }
}
