//! Rule `prior_authorization`: an existing authorization given in the claim is usable evidence.
//!
//! ## What it checks
//! When `claim.claim.prior_authorization` is given (an authorization that exists but does not
//! match what was billed):
//! - its `number` is blank → `authorization_number_missing` (Warning);
//! - `approved_from` after `approved_to` → `authorization_dates_reversed` (Warning);
//! - the dates of service fall outside `approved_from`–`approved_to` →
//!   `authorization_dates_exclude_service` (Warning: the request must also ask to extend the dates);
//! - every billed code is among `approved_codes` → `authorization_covers_billed_codes` (Info: the
//!   denial may be a claim problem, e.g. the authorization number was left off, and a corrected
//!   claim may be the faster path).
//!
//! ## Why it matters
//! When the procedure changed or more units were given than authorized, the payer updates the
//! existing authorization; it needs the number and must see that the dates fit.
//!
//! ## What satisfies it
//! A number, dates in order that cover the service, and approved codes that show what differs.
//!
//! ## References
//! - ../shared/cases/README.md §1 (`prior_authorization`); CARC 15 / RARC N54 usage.
//! - UHC: a changed or added procedure needs an authorization update within 5 business days
//!   (../shared/domain/RETRO-AUTH.md §4.2, "Procedure changed intra-operatively").

use super::{Out, data};
use crate::core::finding::Severity;
use crate::core::form::Field;
use crate::core::validate::context::{Ctx, blank};

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    let Some(auth) = &ctx.case.claim.claim.prior_authorization else { return };
    if blank(&auth.number) {
        out.push(
            data(
                "authorization_number_missing",
                Severity::Warning,
                Field::PriorAuthNumber.path(),
                "An existing authorization is described but its number is missing.",
            )
            .with_help("Enter the authorization (reference) number from the payer's approval letter or portal."),
        );
    }
    let (from, to) = (ctx.dates.auth_from.date(), ctx.dates.auth_to.date());
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        out.push(
            data(
                "authorization_dates_reversed",
                Severity::Warning,
                "claim.claim.prior_authorization.approved_to",
                "The authorization's end date is before its start date.",
            )
            .with_help("Copy the approved dates from the payer's approval."),
        );
    }
    if let (Some(first), Some(last)) = (ctx.first_dos(), ctx.last_dos()) {
        let before = from.is_some_and(|from| first < from);
        let after = to.is_some_and(|to| last > to);
        if before || after {
            out.push(
                data(
                    "authorization_dates_exclude_service",
                    Severity::Warning,
                    if before {
                        "claim.claim.prior_authorization.approved_from"
                    } else {
                        "claim.claim.prior_authorization.approved_to"
                    },
                    "The dates of service fall outside the existing authorization's approved dates.",
                )
                .with_help(
                    "Ask the payer to extend the authorization's dates as well as to cover the service performed.",
                ),
            );
        }
    }
    let approved: std::collections::HashSet<&str> =
        auth.approved_codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
    let billed: Vec<&str> =
        ctx.lines().iter().filter_map(|l| l.cpt_or_hcpcs.as_deref()).map(str::trim).filter(|c| !c.is_empty()).collect();
    if !approved.is_empty() && !billed.is_empty() && billed.iter().all(|code| approved.contains(code)) {
        out.push(
            data(
                "authorization_covers_billed_codes",
                Severity::Info,
                Field::PriorAuthCodes.path(),
                "Every billed code is among the authorization's approved codes.",
            )
            .with_help(
                "If the denial says the authorization is missing or does not match, the claim may simply lack the \
                 authorization number or have other details that differ: a corrected claim may be faster than a \
                 retro-authorization request.",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, codes, has, run, with};
    use super::*;
    use crate::core::model::PriorAuthorization;

    fn auth(number: &str, codes: &[&str], from: &str, to: &str) -> Option<PriorAuthorization> {
        Some(PriorAuthorization {
            number: number.into(),
            approved_codes: codes.iter().map(|c| c.to_string()).collect(),
            approved_from: Some(from.into()),
            approved_to: Some(to.into()),
            ..PriorAuthorization::default()
        })
    }

    #[test]
    fn pass() {
        assert!(run(check, &base()).findings.is_empty(), "no authorization given");
        let case = with(|c| c.claim.claim.prior_authorization = auth("PA-1", &["99214"], "2025-04-01", "2025-06-30"));
        assert!(run(check, &case).findings.is_empty());
    }

    #[test]
    fn fail() {
        let case = with(|c| c.claim.claim.prior_authorization = auth(" ", &["99214"], "2025-06-30", "2025-04-01"));
        let out = run(check, &case);
        assert!(has(&out, "authorization_number_missing", "claim.claim.prior_authorization.number"));
        assert!(has(&out, "authorization_dates_reversed", "claim.claim.prior_authorization.approved_to"));
        let case = with(|c| c.claim.claim.prior_authorization = auth("PA-1", &["99214"], "2025-05-02", "2025-06-30"));
        assert_eq!(
            codes(&run(check, &case)),
            vec![(
                "authorization_dates_exclude_service".into(),
                "claim.claim.prior_authorization.approved_from".into()
            )]
        );
        let case = with(|c| c.claim.claim.prior_authorization = auth("PA-1", &["99213"], "2025-04-01", "2025-06-30"));
        assert!(has(
            &run(check, &case),
            "authorization_covers_billed_codes",
            "claim.claim.prior_authorization.approved_codes"
        ));
    }
}
