//! Rule `retro_window`: the request is inside the payer's retro-authorization window, and the
//! deadline is known. Vocabulary code `retro_window_exceeded`.
//!
//! ## What it checks
//! The window is `claim.payer.retro_auth_window_days` calendar days from the date named by
//! `claim.payer.retro_auth_window_basis` (or `ValidateOptions::default_window` when the case
//! states neither):
//! - `date_of_service`: the last date of service (`date_of_service`, else `to`);
//! - `discharge_date`: the claim's `to` (else the single date of service);
//! - `denial_date`: `claim.claim.denial.date`;
//! - `eligibility_determination_date`: `claim.claim.eligibility.eligibility_determination_date`.
//!
//! It computes the [`Deadline`](crate::core::validate::Deadline) (`basis + days`) and, as of
//! today (the request day):
//! - `today − basis > days` → `retro_window_exceeded` (Error) on `request_date`. A request **on**
//!   the last day is inside. Exactly VOCABULARY.md §4, including: not evaluated when the date of
//!   service is after the denial date (advice `retro_window_not_evaluated`);
//! - otherwise advice `retro_deadline` (Info; Warning when 5 business days or fewer are left)
//!   with the deadline, calendar days and business days left;
//! - no window stated → no deadline and advice `retro_window_not_configured`;
//! - days not a whole number, negative or over 100 years, or an unknown basis →
//!   `invalid_retro_window` (Error); a basis without days or days without a basis →
//!   `invalid_retro_window` (Warning);
//! - the basis date absent or unreadable → `retro_basis_date_missing` (Warning) on that field.
//!
//! ## Why it matters
//! Retro review is discretionary and time-boxed (14–180 days in practice; Priority Health 90 days,
//! Carelon 45 days from service). Counting from the wrong date is the classic mistake: cases 01
//! and 24 look late from the date of service but are on time from the denial / eligibility date.
//!
//! ## What satisfies it
//! A window with days and basis, a readable basis date, and a request on or before
//! `basis + days`.
//!
//! ## References
//! - ../shared/cases/VOCABULARY.md §4 `retro_window_exceeded`; README "must_not_flag" (cases 01,
//!   24) and case 14 (not evaluated).
//! - ../shared/domain/RETRO-AUTH.md §5 (payer windows and their bases).

use super::{Out, data};
use crate::core::finding::{Finding, Severity};
use crate::core::form::Field;
use crate::core::model::Lenient;
use crate::core::validate::context::{Ctx, blank};
use crate::core::validate::deadline::{self, MAX_WINDOW_DAYS, RetroWindow, WindowBasis};
use chrono::NaiveDate;

/// The window the case states, or the default; `None` after reporting why there is none.
fn window(ctx: &Ctx, out: &mut Out) -> Option<RetroWindow> {
    let payer = &ctx.case.claim.payer;
    let days = payer.retro_auth_window_days.as_ref().filter(|d| !matches!(d, Lenient::Raw(serde_json::Value::Null)));
    let basis = payer.retro_auth_window_basis.as_deref().filter(|b| !blank(b));
    if days.is_none() && basis.is_none() {
        if let Some(default) = ctx.options.default_window {
            return Some(default);
        }
        out.push(
            Finding::advice(
                "retro_window_not_configured",
                Severity::Info,
                Some(Field::PayerWindowDays.path()),
                "No retro-authorization window is set for this payer, so no deadline is computed.",
            )
            .with_help(
                "Enter the payer's retro window (days) and what it counts from (date of service, discharge, denial or \
                 eligibility determination), from the provider manual or contract.",
            ),
        );
        return None;
    }
    let invalid = |out: &mut Out, severity, field: String, message: &str, help: &str| {
        out.push(data("invalid_retro_window", severity, field, message.to_string()).with_help(help.to_string()));
    };
    let Some(days) = days else {
        invalid(
            out,
            Severity::Warning,
            Field::PayerWindowDays.path(),
            "The retro window has a basis but no number of days.",
            "Enter the window in calendar days, e.g. 90.",
        );
        return None;
    };
    let days = match days {
        Lenient::Valid(d) if (0..=MAX_WINDOW_DAYS).contains(d) => *d,
        Lenient::Valid(_) => {
            invalid(
                out,
                Severity::Error,
                Field::PayerWindowDays.path(),
                "The retro window is negative or implausibly long.",
                "Enter the window in calendar days as the payer states it (typically 14 to 365).",
            );
            return None;
        }
        Lenient::Raw(_) => {
            invalid(
                out,
                Severity::Error,
                Field::PayerWindowDays.path(),
                "The retro window is not a whole number of days.",
                "Enter the window in calendar days, e.g. 90.",
            );
            return None;
        }
    };
    let Some(basis_text) = basis else {
        invalid(
            out,
            Severity::Warning,
            Field::PayerWindowBasis.path(),
            "The retro window has days but no basis date.",
            "Choose what the window counts from: date_of_service, discharge_date, denial_date or eligibility_determination_date.",
        );
        return None;
    };
    let Some(basis) = WindowBasis::parse(basis_text) else {
        invalid(
            out,
            Severity::Error,
            Field::PayerWindowBasis.path(),
            "The retro window basis is not one this tool knows.",
            "Use date_of_service, discharge_date, denial_date or eligibility_determination_date.",
        );
        return None;
    };
    Some(RetroWindow { days, basis })
}

/// The basis date, or `None` after reporting that it is missing.
fn basis_date(ctx: &Ctx, basis: WindowBasis, out: &mut Out) -> Option<NaiveDate> {
    let (date, field) = match basis {
        WindowBasis::DateOfService => (ctx.last_dos(), ctx.last_dos_field()),
        WindowBasis::DischargeDate => (
            ctx.discharge(),
            if ctx.dates.to.date().is_some() || ctx.dates.dos.date().is_none() {
                Field::ClaimTo.path()
            } else {
                Field::DateOfService.path()
            },
        ),
        WindowBasis::DenialDate => (ctx.dates.denial.date(), Field::DenialDate.path()),
        WindowBasis::EligibilityDeterminationDate => {
            (ctx.dates.eligibility.date(), "claim.claim.eligibility.eligibility_determination_date".to_string())
        }
    };
    if date.is_none() {
        out.push(
            data(
                "retro_basis_date_missing",
                Severity::Warning,
                field,
                format!("The retro window counts from {}, which is missing or unreadable: no deadline.", basis.words()),
            )
            .with_help("Enter that date as YYYY-MM-DD so the deadline can be computed."),
        );
    }
    date
}

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    let Some(window) = window(ctx, out) else { return };
    if ctx.dos_after_denial() {
        out.push(
            Finding::advice(
                "retro_window_not_evaluated",
                Severity::Info,
                Some(Field::RequestDate.path()),
                "The retro window is not checked while the date of service is after the denial date.",
            )
            .with_help("Fix the date of service or the denial date (see the data error); the deadline follows."),
        );
        return;
    }
    let Some(basis) = basis_date(ctx, window.basis, out) else { return };
    let Some(deadline) = deadline::compute(window, basis, ctx.today, ctx.options.federal_holidays) else {
        out.push(
            data(
                "invalid_retro_window",
                Severity::Error,
                Field::PayerWindowDays.path(),
                "The retro deadline falls outside the calendar.",
            )
            .with_help("Check the window days and the basis date."),
        );
        return;
    };
    let from = format!("{} days from {}", window.days, window.basis.words());
    if deadline.exceeded() {
        out.push(
            data(
                "retro_window_exceeded",
                Severity::Error,
                Field::RequestDate.path(),
                format!(
                    "The retro-authorization window ({from}) ended on {}; this request is {} day(s) late (day {}).",
                    deadline.deadline, -deadline.days_left, deadline.days_elapsed
                ),
            )
            .with_help(
                "Check that the window and its basis are the payer's current rule. If they are, ask the payer whether a \
                 late request is accepted for good cause, or use the appeal or reconsideration route (see the triage).",
            ),
        );
    } else {
        let holidays = if deadline.federal_holidays_counted { ", federal holidays excluded" } else { "" };
        let left = if deadline.days_left == 0 {
            "today is the last day".to_string()
        } else {
            format!("{} day(s) left, {} business day(s){holidays}", deadline.days_left, deadline.business_days_left)
        };
        let severity = if deadline.business_days_left <= 5 { Severity::Warning } else { Severity::Info };
        out.push(
            Finding::advice(
                "retro_deadline",
                severity,
                Some(Field::RequestDate.path()),
                format!("Retro-authorization deadline: {} ({from}): {left}.", deadline.deadline),
            )
            .with_help("Send the request so that it arrives by the deadline; keep the fax confirmation."),
        );
    }
    out.deadline = Some(deadline);
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, codes, has, has_code, run, run_on, with};
    use super::*;
    use crate::core::model::Eligibility;
    use serde_json::json;

    fn day(text: &str) -> NaiveDate {
        crate::core::model::date::parse_iso(text).unwrap_or_default()
    }

    fn window_case(days: i64, basis: &str) -> crate::core::model::Case {
        with(|c| {
            c.claim.payer.retro_auth_window_days = Some(Lenient::Valid(days));
            c.claim.payer.retro_auth_window_basis = Some(basis.into());
        })
    }

    #[test]
    fn inside_the_window() {
        let out = run(check, &base());
        assert!(has(&out, "retro_deadline", "request_date"));
        let deadline = out.deadline.unwrap_or_else(|| panic!("deadline"));
        assert_eq!(deadline.deadline, day("2025-07-30"));
        assert_eq!(deadline.days_left, 30);
        assert_eq!(deadline.basis, WindowBasis::DateOfService);
    }

    #[test]
    fn last_day_is_inside_and_the_day_after_is_late() {
        let case = window_case(29, "denial_date");
        let out = run_on(check, &case, day("2025-06-30"));
        assert!(!has_code(&out, "retro_window_exceeded"), "day 29 of 29");
        assert!(out.findings.iter().any(|f| f.message.contains("last day")));
        let out = run_on(check, &case, day("2025-07-01"));
        assert_eq!(codes(&out), vec![("retro_window_exceeded".to_string(), "request_date".to_string())]);
        assert_eq!(out.deadline.map(|d| d.days_left), Some(-1));
    }

    #[test]
    fn right_basis_traps() {
        // Case 01: 60 days from the denial (day 59) is inside, though 118 days from service.
        let case = with(|c| {
            c.claim.payer.retro_auth_window_days = Some(Lenient::Valid(60));
            c.claim.payer.retro_auth_window_basis = Some("denial_date".into());
            c.claim.claim.date_of_service = Some("2025-03-04".into());
            c.claim.claim.denial.date = "2025-05-02".into();
        });
        assert!(!has_code(&run(check, &case), "retro_window_exceeded"));
        // Case 24: 90 days from the eligibility determination (day 63), not from discharge (day 127).
        let case = with(|c| {
            c.claim.payer.retro_auth_window_days = Some(Lenient::Valid(90));
            c.claim.payer.retro_auth_window_basis = Some("eligibility_determination_date".into());
            c.claim.claim.date_of_service = None;
            c.claim.claim.from = Some("2025-02-09".into());
            c.claim.claim.to = Some("2025-02-13".into());
            c.claim.claim.eligibility = Some(Eligibility {
                eligibility_determination_date: Some("2025-04-18".into()),
                ..Eligibility::default()
            });
        });
        let out = run_on(check, &case, day("2025-06-20"));
        assert!(!has_code(&out, "retro_window_exceeded"));
        assert_eq!(out.deadline.map(|d| d.days_elapsed), Some(63));
    }

    #[test]
    fn discharge_basis() {
        let case = with(|c| {
            c.claim.payer.retro_auth_window_days = Some(Lenient::Valid(30));
            c.claim.payer.retro_auth_window_basis = Some("discharge_date".into());
            c.claim.claim.date_of_service = None;
            c.claim.claim.from = Some("2025-05-05".into());
            c.claim.claim.to = Some("2025-05-16".into());
        });
        let out = run_on(check, &case, day("2025-06-27"));
        assert!(has(&out, "retro_window_exceeded", "request_date"), "day 42 of 30");
    }

    #[test]
    fn not_evaluated_when_service_after_denial() {
        let case = with(|c| {
            c.claim.payer.retro_auth_window_days = Some(Lenient::Valid(1));
            c.claim.claim.date_of_service = Some("2026-01-08".into());
        });
        let out = run(check, &case);
        assert!(!has_code(&out, "retro_window_exceeded"));
        assert!(has_code(&out, "retro_window_not_evaluated"));
        assert!(out.deadline.is_none());
    }

    #[test]
    fn configuration_problems() {
        let none = with(|c| {
            c.claim.payer.retro_auth_window_days = None;
            c.claim.payer.retro_auth_window_basis = None;
        });
        let out = run(check, &none);
        assert_eq!(
            codes(&out),
            vec![("retro_window_not_configured".to_string(), Field::PayerWindowDays.path().to_string())]
        );
        assert!(out.deadline.is_none());
        for (days, basis, field) in [
            (Lenient::Raw(json!("sixty")), "denial_date", Field::PayerWindowDays.path()),
            (Lenient::Valid(-5), "denial_date", Field::PayerWindowDays.path()),
            (Lenient::Valid(i64::MAX), "denial_date", Field::PayerWindowDays.path()),
            (Lenient::Valid(30), "denial", Field::PayerWindowBasis.path()),
            (Lenient::Valid(30), " ", Field::PayerWindowBasis.path()),
        ] {
            let case = with(|c| {
                c.claim.payer.retro_auth_window_days = Some(days.clone());
                c.claim.payer.retro_auth_window_basis = Some(basis.into());
            });
            let out = run(check, &case);
            assert_eq!(codes(&out), vec![("invalid_retro_window".to_string(), field.to_string())], "{days:?} {basis}");
        }
        let missing_eligibility = window_case(90, "eligibility_determination_date");
        let out = run(check, &missing_eligibility);
        assert!(has(&out, "retro_basis_date_missing", "claim.claim.eligibility.eligibility_determination_date"));
        assert!(out.deadline.is_none());
    }

    #[test]
    fn default_window_from_options() {
        let none = with(|c| {
            c.claim.payer.retro_auth_window_days = None;
            c.claim.payer.retro_auth_window_basis = None;
        });
        let options = crate::core::validate::ValidateOptions {
            default_window: Some(RetroWindow { days: 10, basis: WindowBasis::DenialDate }),
            ..Default::default()
        };
        let ctx = Ctx::new(&none, day("2025-06-30"), &options);
        let mut out = Out::default();
        check(&ctx, &mut out);
        assert!(has(&out, "retro_window_exceeded", "request_date"), "20 days after the denial");
    }
}
