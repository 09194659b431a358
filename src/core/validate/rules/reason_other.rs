//! Rule `reason_other`: an `other` reason carries the detail the vocabulary requires.
//!
//! ## What it checks
//! Only when the reason code is `other`:
//! - `claim.reason_prior_auth_missing.detail` blank → `reason_detail_required` (Error);
//! - fewer than 8 words → `reason_detail_too_brief` (Warning).
//!
//! ## Why it matters
//! "Other" tells the reviewer nothing by itself; without the circumstances the request reads as
//! a late request with no reason, which payers decline.
//!
//! ## What satisfies it
//! A few sentences: what happened, when, and why authorization could not be obtained in time.
//!
//! ## References
//! - ../shared/cases/VOCABULARY.md §5 ("`other` (`detail` required)").

use super::{Out, data};
use crate::core::finding::Severity;
use crate::core::form::Field;
use crate::core::validate::context::{Ctx, blank};
use crate::core::validate::text::word_count;

fn field() -> String {
    Field::ReasonDetail.path()
}

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    if ctx.reason_code() != "other" {
        return;
    }
    let detail = ctx.reason_detail();
    if blank(detail) {
        out.push(
            data("reason_detail_required", Severity::Error, field(), "The reason is `other` but no detail is given.")
                .with_help("Explain why authorization was not obtained: what happened, when, and why it could not be requested in time."),
        );
    } else if word_count(detail) < 8 {
        out.push(
            data(
                "reason_detail_too_brief",
                Severity::Warning,
                field(),
                "The detail for the `other` reason is very short.",
            )
            .with_help("Give the circumstances in a few sentences; the reviewer has nothing else to go on."),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, codes, run, with};
    use super::*;

    fn other(detail: &str) -> crate::core::model::Case {
        with(|c| {
            c.claim.reason_prior_auth_missing.code = "other".into();
            c.claim.reason_prior_auth_missing.detail = detail.into();
        })
    }

    #[test]
    fn pass() {
        assert!(run(check, &base()).findings.is_empty());
        assert!(
            run(check, &other("Booked through the open-access screening pathway, which needs no authorization."))
                .findings
                .is_empty()
        );
    }

    #[test]
    fn fail() {
        assert_eq!(codes(&run(check, &other("  "))), vec![("reason_detail_required".to_string(), field())]);
        assert_eq!(
            codes(&run(check, &other("Billing issue."))),
            vec![("reason_detail_too_brief".to_string(), field())]
        );
    }
}
