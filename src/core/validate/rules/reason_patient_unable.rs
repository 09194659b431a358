//! Rule `reason_patient_unable`: a `patient_unable_to_provide_insurance` reason says when the
//! coverage was identified.
//!
//! ## What it checks
//! Only when the reason code is `patient_unable_to_provide_insurance`: the reason detail must state
//! a date (see `validate::text::date`) **and** say that coverage was identified ("identified",
//! "discovered", "learned", "found", "obtained", "provided", "verified", "came to light",
//! "eligibility query/check/response", "270/271", "new card/plan") — else
//! `coverage_identified_date_not_given` (Warning).
//!
//! ## Why it matters
//! The payer accepts this reason when the request follows soon after the coverage became known;
//! it needs the day the provider learned of it (and ideally how: the eligibility response, the
//! new card) to judge that.
//!
//! ## What satisfies it
//! "His Medicaid enrollment came to light when an eligibility query was run on 03/24/2025."
//!
//! ## References
//! - Independence Blue Cross retro review (unaware of coverage, face sheet) and Priority Health
//!   (payer not identified at the time of service), ../shared/domain/RETRO-AUTH.md §4.2 and §5.

use super::Out;
use crate::core::finding::{Finding, Severity};
use crate::core::form::Field;
use crate::core::validate::context::Ctx;
use crate::core::validate::text::{self, matches};

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    if ctx.reason_code() != "patient_unable_to_provide_insurance" {
        return;
    }
    let detail = ctx.reason_detail();
    if !(matches(text::date(), detail) && matches(text::coverage_identified(), detail)) {
        out.push(
            Finding::advice(
                "coverage_identified_date_not_given",
                Severity::Warning,
                Some(Field::ReasonDetail.path()),
                "The detail does not say when the patient's coverage was identified.",
            )
            .with_help(
                "State the date the coverage became known and how (eligibility response, new card, call with the \
                 payer), and why the patient could not give it at the time of service; attach the proof.",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, codes, run, with};
    use super::*;

    fn unable(detail: &str) -> crate::core::model::Case {
        with(|c| {
            c.claim.reason_prior_auth_missing.code = "patient_unable_to_provide_insurance".into();
            c.claim.reason_prior_auth_missing.detail = detail.into();
        })
    }

    #[test]
    fn pass() {
        assert!(run(check, &base()).findings.is_empty());
        assert!(
            run(check, &unable("Coverage came to light when an eligibility query was run on 03/24/2025."))
                .findings
                .is_empty()
        );
    }

    #[test]
    fn fail() {
        let field = "claim.reason_prior_auth_missing.detail".to_string();
        for detail in ["The new plan's details arrived after the MRI.", "Seen on 04/02/2025.", ""] {
            assert_eq!(
                codes(&run(check, &unable(detail))),
                vec![("coverage_identified_date_not_given".to_string(), field.clone())]
            );
        }
    }
}
