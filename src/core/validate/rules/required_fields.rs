//! Rule `required_fields`: the fields a retro-authorization request cannot do without are filled in.
//!
//! ## What it checks
//! Each field below is present and not whitespace only. Code `missing_required_field`, on the
//! field's path. Errors: patient first and last name and date of birth; payer name; billing
//! provider name and TIN; claim type; a service date (`date_of_service`, or both `from` and `to`);
//! place of service; at least one service line; at least one diagnosis; denial date; the reason
//! code. Warnings: payer fax, provider phone and contact name, claim number, denial CARC.
//! (Member ID and NPIs have their own rules: `member_id`, `npi`.)
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
use crate::core::form::{DIAGNOSES_PATH, Field, LINES_PATH};
use crate::core::validate::context::{Ctx, blank, blank_opt};

fn missing(out: &mut Out, severity: Severity, field: impl Into<String>, label: &str) {
    out.push(
        data("missing_required_field", severity, field, format!("The {label} is missing."))
            .with_help(format!("Enter the {label} exactly as on the claim.")),
    );
}

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    let details = &ctx.case.claim;
    let claim = &details.claim;
    let text_fields = [
        (&details.patient.first_name, Field::PatientFirstName.path(), "patient's first name", Severity::Error),
        (&details.patient.last_name, Field::PatientLastName.path(), "patient's last name", Severity::Error),
        (&details.patient.dob, Field::PatientDob.path(), "patient's date of birth", Severity::Error),
        (&details.payer.name, Field::PayerName.path(), "payer name", Severity::Error),
        (&details.payer.fax, Field::PayerFax.path(), "payer fax number for retro requests", Severity::Warning),
        (&details.provider.name, Field::ProviderName.path(), "billing provider name", Severity::Error),
        (&details.provider.tin, Field::ProviderTin.path(), "billing provider TIN", Severity::Error),
        (&details.provider.phone, Field::ProviderPhone.path(), "provider phone number", Severity::Warning),
        (
            &details.provider.contact_name,
            Field::ProviderContactName.path(),
            "contact name for this request",
            Severity::Warning,
        ),
        (&claim.claim_type, Field::ClaimType.path(), "claim type", Severity::Error),
        (&claim.claim_number, Field::ClaimNumber.path(), "claim number", Severity::Warning),
        (&claim.place_of_service, Field::PlaceOfService.path(), "place of service", Severity::Error),
    ];
    for (value, field, label, severity) in text_fields {
        if blank(value) {
            missing(out, severity, field, label);
        }
    }
    let (dos, from, to) =
        (blank_opt(claim.date_of_service.as_deref()), blank_opt(claim.from.as_deref()), blank_opt(claim.to.as_deref()));
    match (dos, from, to) {
        (true, true, true) => missing(out, Severity::Error, Field::DateOfService.path(), "date of service"),
        (true, false, true) => missing(out, Severity::Error, Field::ClaimTo.path(), "last date of service (to)"),
        (true, true, false) => missing(out, Severity::Error, Field::ClaimFrom.path(), "first date of service (from)"),
        _ => {}
    }
    if claim.lines.is_empty() {
        missing(out, Severity::Error, LINES_PATH, "service line list");
    }
    if claim.diagnoses.is_empty() {
        missing(out, Severity::Error, DIAGNOSES_PATH, "diagnosis list");
    }
    if blank(&claim.denial.date) {
        missing(out, Severity::Error, Field::DenialDate.path(), "denial date");
    }
    if blank(&claim.denial.carc) {
        missing(out, Severity::Warning, Field::DenialCarc.path(), "denial reason code (CARC)");
    }
    if blank(&details.reason_prior_auth_missing.code) {
        missing(out, Severity::Error, Field::ReasonCode.path(), "reason authorization was not obtained");
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
