//! Rule `institutional`: the UB-04 header fields of an institutional claim have their formats.
//!
//! ## What it checks
//! On institutional claims only:
//! - `claim.claim.type_of_bill` blank → `missing_type_of_bill` (Warning); not 3 digits with an
//!   optional leading `0` (`0111`, `131`) → `malformed_type_of_bill` (Error);
//! - `claim.claim.drg`, when given, not 3 digits → `malformed_drg` (Warning);
//! - `claim.claim.admission_type`, when given, not one of the UB-04 priority codes 1–5 or 9 →
//!   `invalid_admission_type` (Warning).
//!
//! Revenue codes are checked by `revenue_codes`; revenue-code-only lines with
//! `cpt_or_hcpcs: null` and empty pointer lists are valid on institutional claims and are
//! accepted by `procedure_code` and `diagnosis_pointers`.
//!
//! ## Why it matters
//! The type of bill tells the payer the facility type and frequency (original, replacement);
//! an inpatient claim without a valid DRG or admission type is pended.
//!
//! ## What satisfies it
//! `type_of_bill` like `0111`, `drg` like `871`, `admission_type` like `1`.
//!
//! ## References
//! - NUBC UB-04 form locators FL4 (type of bill), FL14 (priority/type of admission); CMS MS-DRG
//!   (3-digit numbers).
//! - ../shared/cases/README.md §1 (institutional claims: `type_of_bill`, `drg`, `admission_type`).

use super::{Out, data};
use crate::core::finding::Severity;
use crate::core::form::Field;
use crate::core::validate::context::{Ctx, blank};

fn all_digits(text: &str, len: usize) -> bool {
    text.len() == len && text.bytes().all(|b| b.is_ascii_digit())
}

/// True for `0111` or `111`.
pub(crate) fn type_of_bill_ok(text: &str) -> bool {
    let text = text.trim();
    all_digits(text, 3) || (all_digits(text, 4) && text.starts_with('0'))
}

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    if !ctx.institutional() {
        return;
    }
    let claim = &ctx.case.claim.claim;
    match claim.type_of_bill.as_deref().filter(|t| !blank(t)) {
        None => out.push(
            data("missing_type_of_bill", Severity::Warning, Field::TypeOfBill.path(), "The type of bill is missing.")
                .with_help("Enter the UB-04 type of bill (form locator 4), e.g. 0111 for an inpatient admission."),
        ),
        Some(tob) if !type_of_bill_ok(tob) => out.push(
            data(
                "malformed_type_of_bill",
                Severity::Error,
                Field::TypeOfBill.path(),
                "The type of bill is not a UB-04 code.",
            )
            .with_help("A type of bill is 3 digits, usually written with a leading 0 (e.g. 0111, 0131)."),
        ),
        Some(_) => {}
    }
    if let Some(drg) = claim.drg.as_deref().filter(|t| !blank(t))
        && !all_digits(drg.trim(), 3)
    {
        out.push(
            data("malformed_drg", Severity::Warning, Field::Drg.path(), "The DRG is not a 3-digit MS-DRG number.")
                .with_help("Enter the MS-DRG as 3 digits, e.g. 871."),
        );
    }
    if let Some(admission) = claim.admission_type.as_deref().filter(|t| !blank(t))
        && !["1", "2", "3", "4", "5", "9"].contains(&admission.trim())
    {
        out.push(
            data(
                "invalid_admission_type",
                Severity::Warning,
                "claim.claim.admission_type",
                "The admission type is not a UB-04 priority code.",
            )
            .with_help("Use 1 emergency, 2 urgent, 3 elective, 4 newborn, 5 trauma or 9 unavailable."),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, codes, has, run, with};
    use super::*;

    fn institutional(edit: impl FnOnce(&mut crate::core::model::Case)) -> crate::core::model::Case {
        with(|c| {
            c.claim.claim.claim_type = "institutional".into();
            c.claim.claim.type_of_bill = Some("0111".into());
            c.claim.claim.drg = Some("871".into());
            c.claim.claim.admission_type = Some("1".into());
            edit(c);
        })
    }

    #[test]
    fn pass() {
        assert!(run(check, &base()).findings.is_empty(), "professional claims are skipped");
        assert!(run(check, &institutional(|_| {})).findings.is_empty());
        assert!(run(check, &institutional(|c| c.claim.claim.type_of_bill = Some("131".into()))).findings.is_empty());
    }

    #[test]
    fn fail() {
        let out = run(check, &institutional(|c| c.claim.claim.type_of_bill = None));
        assert_eq!(codes(&out), vec![("missing_type_of_bill".to_string(), "claim.claim.type_of_bill".to_string())]);
        let out = run(
            check,
            &institutional(|c| {
                c.claim.claim.type_of_bill = Some("1111".into());
                c.claim.claim.drg = Some("87".into());
                c.claim.claim.admission_type = Some("E".into());
            }),
        );
        assert!(has(&out, "malformed_type_of_bill", "claim.claim.type_of_bill"));
        assert!(has(&out, "malformed_drg", "claim.claim.drg"));
        assert!(has(&out, "invalid_admission_type", "claim.claim.admission_type"));
    }
}
