//! Rule `reason_administrative_error`: an `administrative_error` reason says what happened and
//! what was done so it does not happen again.
//!
//! ## What it checks
//! Only when the reason code is `administrative_error`, in the reason detail:
//! - fewer than 8 words → `administrative_error_not_explained` (Warning);
//! - no corrective action ("corrective", "corrected", "retrained", "training", "educated",
//!   "process change", "implemented", "added a check/step/alert/hard stop", "audit", "going
//!   forward", "to prevent", "now require/verify/check", "checklist", "reminder", "work queue",
//!   "root cause", "policy change") → `corrective_action_not_described` (Warning).
//!
//! ## Why it matters
//! Payers grant retro authorization for an administrative error at their discretion; an honest
//! account plus the corrective action taken is what makes a one-off error forgivable.
//!
//! ## What satisfies it
//! "The request was drafted on 01/31 but never sent because of staff turnover. We added a hard
//! stop to the scheduling system and retrained the front office."
//!
//! ## References
//! - ../shared/domain/RETRO-AUTH.md §3 rows 11–12 (reason with evidence; timeline narrative) and
//!   §5 ("retro review is discretionary and narrow").

use super::Out;
use crate::core::finding::{Finding, Severity};
use crate::core::form::Field;
use crate::core::validate::context::Ctx;
use crate::core::validate::text::{self, matches, word_count};

fn field() -> String {
    Field::ReasonDetail.path()
}

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    if ctx.reason_code() != "administrative_error" {
        return;
    }
    let detail = ctx.reason_detail();
    if word_count(detail) < 8 {
        out.push(
            Finding::advice(
                "administrative_error_not_explained",
                Severity::Warning,
                Some(field()),
                "The administrative error is not explained.",
            )
            .with_help("Say what went wrong, when, and who noticed it, in two or three sentences."),
        );
    }
    if !matches(text::corrective_action(), detail) {
        out.push(
            Finding::advice(
                "corrective_action_not_described",
                Severity::Warning,
                Some(field()),
                "The detail does not say what was done to prevent the error from recurring.",
            )
            .with_help("Add the corrective action taken (training, a check added to the workflow, a changed process)."),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, codes, run, with};
    use super::*;

    fn admin(detail: &str) -> crate::core::model::Case {
        with(|c| c.claim.reason_prior_auth_missing.detail = detail.into())
    }

    #[test]
    fn pass() {
        assert!(run(check, &base()).findings.is_empty());
    }

    #[test]
    fn fail() {
        assert_eq!(
            codes(&run(check, &admin("Staff forgot."))),
            vec![
                ("administrative_error_not_explained".to_string(), field()),
                ("corrective_action_not_described".to_string(), field())
            ]
        );
        assert_eq!(
            codes(&run(
                check,
                &admin("The PA request sat in the supplier's intake queue and was never sent to the plan.")
            )),
            vec![("corrective_action_not_described".to_string(), field())]
        );
    }
}
