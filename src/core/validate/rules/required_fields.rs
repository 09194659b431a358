//! Rule `required_fields`: the fields a retro-authorization request cannot do without are filled in.
//!
//! ## What it checks
//! Each field below is present and not whitespace only. Code `missing_required_field`, on the
//! field's path. Errors: patient first and last name and date of birth; payer name; billing
//! provider name and TIN; claim type; a service date (`date_of_service`, or both `from` and `to`);
//! place of service; at least one service line; at least one diagnosis; denial date; the reason
//! code. Warnings: payer fax, provider phone and contact name, claim number, denial CARC.
//! (Member ID and NPIs have their own rules: `member_id`, `npi`.) The fields, labels and
//! severities are the rows of `core::required::REQUIRED`, the list the import's "still to
//! complete" also reads.
//!
//! ## Why it matters
//! Payers reject a request that lacks the "essential information" (member name, ID, date of
//! birth; provider name, NPI, TIN; codes; dates of service; units) without reviewing it. The
//! letter, fax cover and follow-up need the contact fields.
//!
//! ## What satisfies it
//! Any non-blank text in each field (formats are checked by the other rules).
//!
//! ## References
//! - ../shared/domain/RETRO-AUTH.md §3 rows 4–10, 18 (Texas HHSC essential information; UHC
//!   notification content).
//! - ../shared/cases/README.md §1 (case format: `date_of_service` or `from` and `to`).

use super::{Out, data};
use crate::core::finding::Severity;
use crate::core::form::Field;
use crate::core::required::{Blank, REQUIRED, Required};
use crate::core::validate::context::{Ctx, blank_opt};

fn missing(out: &mut Out, severity: Severity, field: impl Into<String>, label: &str) {
    out.push(
        data("missing_required_field", severity, field, format!("The {label} is missing."))
            .with_help(format!("Enter the {label} exactly as on the claim.")),
    );
}

/// Runs the rule: every row of [`REQUIRED`] validation uses, with the service dates judged as a
/// single date or a `from`–`to` range.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    for row in REQUIRED {
        let Some(severity) = row.validation else { continue };
        if let Blank::ServiceDates = row.blank {
            service_dates(ctx, out, severity, row);
        } else if row.is_blank(ctx.case) {
            missing(out, severity, row.target.path(), row.label);
        }
    }
}

/// A missing service date, or the missing end of a half-filled range.
fn service_dates(ctx: &Ctx, out: &mut Out, severity: Severity, row: &Required) {
    let claim = &ctx.case.claim.claim;
    let (dos, from, to) =
        (blank_opt(claim.date_of_service.as_deref()), blank_opt(claim.from.as_deref()), blank_opt(claim.to.as_deref()));
    match (dos, from, to) {
        (true, true, true) => missing(out, severity, row.target.path(), row.label),
        (true, false, true) => missing(out, severity, Field::ClaimTo.path(), "last date of service (to)"),
        (true, true, false) => missing(out, severity, Field::ClaimFrom.path(), "first date of service (from)"),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, has, run, with};
    use super::*;

    #[test]
    fn pass_on_complete_case() {
        assert!(run(check, &base()).findings.is_empty());
    }

    #[test]
    fn whitespace_only_is_missing() {
        let case = with(|c| {
            c.claim.patient.first_name = "  \t".into();
            c.claim.provider.tin = String::new();
            c.claim.claim.diagnoses.clear();
            c.claim.claim.denial.carc = " ".into();
        });
        let out = run(check, &case);
        assert!(has(&out, "missing_required_field", "claim.patient.first_name"));
        assert!(has(&out, "missing_required_field", "claim.provider.tin"));
        assert!(has(&out, "missing_required_field", "claim.claim.diagnoses"));
        assert!(has(&out, "missing_required_field", "claim.claim.denial.carc"));
        assert!(out.findings.iter().all(|f| !f.message.contains('\t')));
    }

    #[test]
    fn service_dates_single_or_range() {
        let none = with(|c| c.claim.claim.date_of_service = None);
        assert!(has(&run(check, &none), "missing_required_field", "claim.claim.date_of_service"));
        let half = with(|c| {
            c.claim.claim.date_of_service = None;
            c.claim.claim.from = Some("2025-05-01".into());
        });
        assert!(has(&run(check, &half), "missing_required_field", "claim.claim.to"));
        let range = with(|c| {
            c.claim.claim.date_of_service = None;
            c.claim.claim.from = Some("2025-05-01".into());
            c.claim.claim.to = Some("2025-05-03".into());
        });
        assert!(run(check, &range).findings.is_empty());
    }
}
