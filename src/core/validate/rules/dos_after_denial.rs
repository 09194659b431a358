//! Rule `dos_after_denial`: the service cannot be after its own denial. Vocabulary code
//! `dos_after_denial_date`.
//!
//! ## What it checks
//! The last date of service (`date_of_service`, or `to` for ranges) is later than
//! `claim.claim.denial.date` → `dos_after_denial_date` (Error) on `claim.claim.date_of_service`,
//! the field the vocabulary's reference implementation names for single dates and ranges alike
//! (the message says which date is meant). Exactly VOCABULARY.md §4. When it fires, the retro
//! window is not evaluated (rule `retro_window`).
//!
//! ## Why it matters
//! A payer cannot deny a service before it happened: one of the two dates is a typo (typically the
//! year), and every deadline computed from them would be wrong.
//!
//! ## What satisfies it
//! Last date of service on or before the denial date. Unreadable dates are left to `date_format`.
//!
//! ## References
//! - ../shared/cases/VOCABULARY.md §4 `dos_after_denial_date`; `reference_data_errors` in
//!   ../shared/cases/tools/validate_set.py (case 14: a year typo).

use super::{Out, data};
use crate::core::finding::Severity;
use crate::core::form::Field;
use crate::core::validate::context::Ctx;

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    if ctx.dos_after_denial() {
        let which = if ctx.has_single_dos() { "date of service" } else { "last date of service (to)" };
        out.push(
            data(
                "dos_after_denial_date",
                Severity::Error,
                Field::DateOfService.path(),
                format!("The {which} is after the denial date: one of them is mistyped."),
            )
            .with_help(
                "Compare the date of service with the clinical notes and the denial date with the remittance; \
                 a wrong year is the usual cause. The retro window cannot be checked until this is fixed.",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, codes, run, with};
    use super::*;

    #[test]
    fn pass() {
        assert!(run(check, &base()).findings.is_empty());
        let same_day = with(|c| c.claim.claim.denial.date = "2025-05-01".into());
        assert!(run(check, &same_day).findings.is_empty());
    }

    #[test]
    fn single_date_and_range() {
        let expected = vec![("dos_after_denial_date".to_string(), "claim.claim.date_of_service".to_string())];
        let typo = with(|c| c.claim.claim.date_of_service = Some("2026-05-01".into()));
        assert_eq!(codes(&run(check, &typo)), expected);
        let range = with(|c| {
            c.claim.claim.date_of_service = None;
            c.claim.claim.from = Some("2025-05-01".into());
            c.claim.claim.to = Some("2025-06-02".into());
        });
        assert_eq!(codes(&run(check, &range)), expected);
        let unreadable = with(|c| c.claim.claim.denial.date = "June".into());
        assert!(run(check, &unreadable).findings.is_empty());
    }
}
