//! Rule `reason_retro_eligibility`: a `retro_eligibility` reason gives the date eligibility was
//! determined, and that date is after the service.
//!
//! ## What it checks
//! Only when the reason code is `retro_eligibility`:
//! - `claim.claim.eligibility.eligibility_determination_date` is absent or unreadable, and the
//!   reason detail states no date either → `eligibility_determination_date_missing` (Warning, on
//!   that field);
//! - the determination date is before the first date of service →
//!   `eligibility_determined_before_service` (Warning): coverage was then known at the time of the
//!   service, which undercuts the reason.
//!
//! ## Why it matters
//! Payers accept retro requests for retroactive eligibility only when made soon after coverage
//! was established (Texas Medicaid: 95 days from the add date); the determination date is both
//! the proof and, often, the start of the retro window.
//!
//! ## What satisfies it
//! `eligibility.eligibility_determination_date` (e.g. `2025-04-18`) after the service, or a detail
//! such as "eligibility was determined on 04/18/2025, retroactive to the date of birth".
//!
//! ## References
//! - TMHP Texas Medicaid Provider Procedures Manual, prior authorization for retroactive
//!   eligibility (95 days from the add date); Kansas KMAP MCO retro-eligibility process
//!   (../shared/domain/RETRO-AUTH.md §4.2 and §5).
//! - ../shared/cases/README.md §1 (`eligibility`, case 24).

use super::{Out, data};
use crate::core::finding::Severity;
use crate::core::validate::context::Ctx;
use crate::core::validate::dates::Typed;
use crate::core::validate::text::{self, matches};

const FIELD: &str = "claim.claim.eligibility.eligibility_determination_date";

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    if ctx.reason_code() != "retro_eligibility" {
        return;
    }
    match ctx.dates.eligibility {
        Typed::Valid(determined) => {
            if ctx.first_dos().is_some_and(|first| determined < first) {
                out.push(
                    data(
                        "eligibility_determined_before_service",
                        Severity::Warning,
                        FIELD,
                        "Eligibility was determined before the service, so coverage was known when the service was given.",
                    )
                    .with_help(
                        "Check the determination date; if coverage was known in time, the reason is not retroactive \
                         eligibility (perhaps administrative_error).",
                    ),
                );
            }
        }
        Typed::Absent | Typed::Invalid => {
            if !matches(text::date(), ctx.reason_detail()) {
                out.push(
                    data(
                        "eligibility_determination_date_missing",
                        Severity::Warning,
                        FIELD,
                        "The date eligibility was determined is not given.",
                    )
                    .with_help(
                        "Enter the eligibility determination date (from the eligibility notice or the payer's \
                         eligibility response) and attach that proof; it shows the coverage was not known at the time \
                         of service.",
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, codes, run, with};
    use super::*;
    use crate::core::model::Eligibility;

    fn retro(date: Option<&str>, detail: &str) -> crate::core::model::Case {
        with(|c| {
            c.claim.reason_prior_auth_missing.code = "retro_eligibility".into();
            c.claim.reason_prior_auth_missing.detail = detail.into();
            c.claim.claim.eligibility = Some(Eligibility {
                eligibility_determination_date: date.map(str::to_string),
                ..Eligibility::default()
            });
        })
    }

    #[test]
    fn pass() {
        assert!(run(check, &base()).findings.is_empty(), "other reasons are skipped");
        assert!(run(check, &retro(Some("2025-05-20"), "Medicaid approved later.")).findings.is_empty());
        assert!(run(check, &retro(None, "Eligibility was determined on 05/20/2025.")).findings.is_empty());
    }

    #[test]
    fn fail() {
        assert_eq!(
            codes(&run(check, &retro(None, "Coverage was found later."))),
            vec![("eligibility_determination_date_missing".to_string(), FIELD.to_string())]
        );
        assert_eq!(
            codes(&run(check, &retro(Some("2025-04-01"), ""))),
            vec![("eligibility_determined_before_service".to_string(), FIELD.to_string())]
        );
    }
}
