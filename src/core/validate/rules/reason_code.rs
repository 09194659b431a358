//! Rule `reason_code`: the reason authorization was not obtained is one of the vocabulary's
//! reason codes, and it is explained.
//!
//! ## What it checks
//! - a non-blank `claim.reason_prior_auth_missing.code` that is not one of `emergency`,
//!   `retro_eligibility`, `patient_unable_to_provide_insurance`, `payer_system_outage`,
//!   `administrative_error`, `procedure_changed_intraoperatively`, `other` →
//!   `invalid_reason_code` (Error);
//! - a valid code other than `other` with a blank `detail` → `reason_detail_missing` (Warning).
//!   (`other` without detail is an Error in rule `reason_other`; a blank code is
//!   `required_fields`' job.)
//!
//! The evidence each reason needs is checked by the `reason_*` rules.
//!
//! ## Why it matters
//! Retro review is granted only for a limited set of circumstances; the reviewer first asks
//! *why* there was no authorization. A request without a recognised reason and its story is
//! declined as a late request.
//!
//! ## What satisfies it
//! One of the reason codes and a sentence or two of detail in the biller's words.
//!
//! ## References
//! - ../shared/cases/VOCABULARY.md §5 (the reason codes; `other` requires detail).
//! - ../shared/domain/RETRO-AUTH.md §3 row 11 (reason + evidence document).

use super::{Out, data};
use crate::core::finding::Severity;
use crate::core::form::Field;
use crate::core::model::REASON_CODES;
use crate::core::validate::context::{Ctx, blank};

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    let code = ctx.reason_code();
    if code.is_empty() {
        return;
    }
    if !REASON_CODES.iter().any(|(known, _)| *known == code) {
        let list: Vec<&str> = REASON_CODES.iter().map(|(known, _)| *known).collect();
        out.push(
            data(
                "invalid_reason_code",
                Severity::Error,
                Field::ReasonCode.path(),
                "The reason authorization was not obtained is not one of the known reason codes.",
            )
            .with_help(format!("Choose one of: {}.", list.join(", "))),
        );
        return;
    }
    if code != "other" && blank(ctx.reason_detail()) {
        out.push(
            data(
                "reason_detail_missing",
                Severity::Warning,
                Field::ReasonDetail.path(),
                "The reason authorization was not obtained is not explained.",
            )
            .with_help("Describe in a few sentences what happened, with dates; the letter quotes it."),
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
        for (code, _) in REASON_CODES {
            let case = with(|c| c.claim.reason_prior_auth_missing.code = code.to_string());
            assert!(run(check, &case).findings.is_empty(), "{code}");
        }
        let other_blank = with(|c| {
            c.claim.reason_prior_auth_missing.code = "other".into();
            c.claim.reason_prior_auth_missing.detail = String::new();
        });
        assert!(run(check, &other_blank).findings.is_empty(), "reason_other's job");
    }

    #[test]
    fn fail() {
        let case = with(|c| c.claim.reason_prior_auth_missing.code = "Emergency!".into());
        assert_eq!(
            codes(&run(check, &case)),
            vec![("invalid_reason_code".into(), "claim.reason_prior_auth_missing.code".into())]
        );
        let case = with(|c| c.claim.reason_prior_auth_missing.detail = " \n".into());
        assert_eq!(
            codes(&run(check, &case)),
            vec![("reason_detail_missing".into(), "claim.reason_prior_auth_missing.detail".into())]
        );
    }
}
