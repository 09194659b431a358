//! Rule `member_id`: the patient's member (subscriber) ID is filled in. Vocabulary code
//! `missing_member_id`.
//!
//! ## What it checks
//! `claim.patient.member_id` is absent, empty or whitespace only (any Unicode whitespace) →
//! `missing_member_id` (Error) on `claim.patient.member_id`. Exactly VOCABULARY.md §4.
//!
//! ## Why it matters
//! The payer finds the member, the claim and any authorization by this ID; a request without it
//! is returned unprocessed. It is often missing when coverage was found after the service
//! (retro-eligibility, newborns), exactly the cases that need a retro authorization.
//!
//! ## What satisfies it
//! Any non-blank ID. Its format is payer-specific and not checked.
//!
//! ## References
//! - ../shared/cases/VOCABULARY.md §4 `missing_member_id`; `reference_data_errors` in
//!   ../shared/cases/tools/validate_set.py.
//! - ../shared/domain/RETRO-AUTH.md §3 row 4 ("ID not empty").

use super::{Out, data};
use crate::core::finding::Severity;
use crate::core::form::Field;
use crate::core::validate::context::{Ctx, blank_opt};

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    if blank_opt(ctx.case.claim.patient.member_id.as_deref()) {
        out.push(
            data("missing_member_id", Severity::Error, Field::PatientMemberId.path(), "The member ID is missing.")
                .with_help(
                    "Enter the member (subscriber) ID from the patient's card or the payer's eligibility \
                     response; for coverage found after the service, use the ID the payer issued.",
                ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, has, run, with};
    use super::*;

    #[test]
    fn pass() {
        assert!(run(check, &base()).findings.is_empty());
    }

    #[test]
    fn absent_empty_and_whitespace_are_missing() {
        for id in [None, Some(""), Some("   "), Some("\t\n"), Some("\u{2003}")] {
            let case = with(|c| c.claim.patient.member_id = id.map(str::to_string));
            assert!(has(&run(check, &case), "missing_member_id", "claim.patient.member_id"), "{id:?}");
        }
    }
}
