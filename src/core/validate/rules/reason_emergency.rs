//! Rule `reason_emergency`: an `emergency` reason is backed by the presenting symptoms and their
//! timing.
//!
//! ## What it checks
//! Only when the reason code is `emergency`. In the reason detail and the notes together (text
//! patterns in `validate::text`, ASCII case-insensitive):
//! - no statement of the presentation ("presented", "arrived", "brought in", "chief complaint",
//!   "CC:", "c/o", "complains of", "HPI", "EMS", "911", "triage", "ESI 2", "transferred",
//!   "found unresponsive") → `emergency_presentation_not_documented` (Warning);
//! - no timing (a clock time `02:14` / `0214h`, a duration "x2 days", "3 hours", "~36 hours
//!   prior", or "onset", "since", "ago", "PTA", "overnight", "at night", "on arrival", "sudden",
//!   "acute") → `emergency_timing_not_documented` (Warning).
//!
//! The necessity checks (`core::checks`) judge urgency and risk of delay; this rule only asks whether the
//! request can tell the story a reviewer needs. A negated mention still counts here.
//!
//! ## Why it matters
//! Under the prudent-layperson standard the **presenting symptoms** (not the final diagnosis)
//! decide whether an emergency existed, and the timing shows there was no time to obtain an
//! authorization before treating.
//!
//! ## What satisfies it
//! An ED or admission note with the complaint and the arrival time or symptom duration, or a
//! detail such as "Presented at 02:10 with chest pain that began an hour before arrival".
//!
//! ## References
//! - 42 USC 1396u-2(b)(2)(C) and 42 CFR 438.114 (Medicaid MCOs), 42 CFR 422.113 (Medicare
//!   Advantage): prudent-layperson definition; ../shared/domain/RETRO-AUTH.md §4.2 (emergency row).
//! - ACEP, EMTALA and prudent-layperson FAQ.

use super::Out;
use crate::core::finding::{Finding, Severity};
use crate::core::form::Field;
use crate::core::validate::context::Ctx;
use crate::core::validate::text::{self, matches};

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    if ctx.reason_code() != "emergency" {
        return;
    }
    let found = |pattern| matches(pattern, ctx.reason_detail()) || ctx.note_texts().any(|t| matches(pattern, t));
    if !found(text::presentation()) {
        out.push(
            Finding::advice(
                "emergency_presentation_not_documented",
                Severity::Warning,
                Some(Field::ReasonDetail.path()),
                "The emergency reason is not backed by the presenting symptoms.",
            )
            .with_help(
                "Attach the ED or admission note, or state in the detail how the patient presented (complaint, \
                 symptoms, how they arrived): reviewers apply the prudent-layperson standard to the presenting \
                 symptoms, not the final diagnosis.",
            ),
        );
    }
    if !found(text::timing()) {
        out.push(
            Finding::advice(
                "emergency_timing_not_documented",
                Severity::Warning,
                Some(Field::ReasonDetail.path()),
                "The emergency reason does not say when symptoms began or when the patient arrived.",
            )
            .with_help(
                "Add the timing (symptom onset, arrival time, time of the decision to treat) so the reviewer sees \
                 there was no time to obtain an authorization first.",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, codes, has, run, with};
    use super::*;

    fn emergency(detail: &str, note: &str) -> crate::core::model::Case {
        with(|c| {
            c.claim.reason_prior_auth_missing.code = "emergency".into();
            c.claim.reason_prior_auth_missing.detail = detail.into();
            c.notes[0].text = Some(note.into());
        })
    }

    #[test]
    fn only_for_emergency() {
        assert!(run(check, &base()).findings.is_empty());
    }

    #[test]
    fn pass() {
        let case =
            emergency("Emergency admission through the ED.", "Patient presented at 02:14 with hemoptysis x2 days.");
        assert!(run(check, &case).findings.is_empty());
        let in_detail = emergency("Brought in by EMS overnight after a syncopal episode.", "");
        assert!(run(check, &in_detail).findings.is_empty());
    }

    #[test]
    fn fail() {
        let case = emergency("It was an emergency.", "Plan: CT chest.");
        let out = run(check, &case);
        assert_eq!(codes(&out).len(), 2);
        assert!(has(&out, "emergency_presentation_not_documented", "claim.reason_prior_auth_missing.detail"));
        assert!(has(&out, "emergency_timing_not_documented", "claim.reason_prior_auth_missing.detail"));
    }
}
