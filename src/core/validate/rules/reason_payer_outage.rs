//! Rule `reason_payer_outage`: a `payer_system_outage` reason gives the outage date and a
//! reference.
//!
//! ## What it checks
//! Only when the reason code is `payer_system_outage`, in the reason detail:
//! - no date (`12/26/2024`, `2025-03-31`, `June 13`, "on the date of service"; see
//!   `validate::text::date`) → `outage_date_not_given` (Warning);
//! - no reference: a ticket, case, incident, confirmation or call reference number ("ticket
//!   #INC-4821", "reference 77812"), or a payer notice ("posted maintenance notice", "notice on the
//!   plan website") → `outage_reference_not_given` (Warning).
//!   The notes are not searched: clinical notes do not record portal outages.
//!
//! ## Why it matters
//! The payer checks the claim against its own outage log; a date and a ticket or notice let it
//! confirm the outage. "The portal was down" alone is usually refused.
//!
//! ## What satisfies it
//! "The provider portal was down 12/26/2024–01/02/2025 (posted maintenance notice); call
//! reference 55-1234."
//!
//! ## References
//! - ../shared/domain/RETRO-AUTH.md §3 row 11 (payer system outage as a reason, with evidence) and
//!   row 12 (timeline with reference numbers of calls).

use super::Out;
use crate::core::finding::{Finding, Severity};
use crate::core::form::Field;
use crate::core::validate::context::Ctx;
use crate::core::validate::text::{self, matches};

fn field() -> String {
    Field::ReasonDetail.path()
}

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    if ctx.reason_code() != "payer_system_outage" {
        return;
    }
    let detail = ctx.reason_detail();
    if !matches(text::date(), detail) {
        out.push(
            Finding::advice(
                "outage_date_not_given",
                Severity::Warning,
                Some(field()),
                "The date of the payer's outage is not given.",
            )
            .with_help("State when the portal, phone or fax line was unavailable (date, and time if known)."),
        );
    }
    if !matches(text::outage_reference(), detail) {
        out.push(
            Finding::advice(
                "outage_reference_not_given",
                Severity::Warning,
                Some(field()),
                "No reference for the outage (ticket, call reference or payer notice) is given.",
            )
            .with_help(
                "Add the payer's ticket or call reference number, or cite the outage notice the payer posted, and \
                 attach a screenshot or the notice if you have one.",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, codes, run, with};
    use super::*;

    fn outage(detail: &str) -> crate::core::model::Case {
        with(|c| {
            c.claim.reason_prior_auth_missing.code = "payer_system_outage".into();
            c.claim.reason_prior_auth_missing.detail = detail.into();
        })
    }

    #[test]
    fn pass() {
        assert!(run(check, &base()).findings.is_empty());
        let ok = outage("The portal was down 12/26/2024-01/02/2025 (posted maintenance notice).");
        assert!(run(check, &ok).findings.is_empty());
        let ok = outage("Portal outage on 2025-03-31, ticket #INC-44821.");
        assert!(run(check, &ok).findings.is_empty());
    }

    #[test]
    fn fail() {
        assert_eq!(
            codes(&run(check, &outage("The portal was down."))),
            vec![("outage_date_not_given".to_string(), field()), ("outage_reference_not_given".to_string(), field())]
        );
    }
}
