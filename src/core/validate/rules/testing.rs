//! Test helpers for the rule files: a clean base case, and running one rule on a variant of it.

use super::Out;
use crate::core::model::Case;
use crate::core::validate::ValidateOptions;
use crate::core::validate::context::Ctx;
use chrono::NaiveDate;

/// A clean professional case: every rule passes on it (checked by `base_case_is_clean`).
const BASE: &str = r#"{
  "schema_version": "1.0",
  "case_id": "00-base",
  "request_date": "2025-06-30",
  "claim": {
    "patient": {"first_name": "Test", "last_name": "Patient", "dob": "1970-01-15", "member_id": "MEM0001", "sex": "F"},
    "payer": {"name": "Example Health Plan", "plan_type": "commercial", "fax": "555-0100", "phone": "555-0101",
              "address": {"line1": "1 Plan Way", "city": "Springfield", "state": "IL", "zip": "62701"},
              "retro_auth_window_days": 90, "retro_auth_window_basis": "date_of_service"},
    "provider": {"name": "Example Clinic", "npi": "1234567893", "tin": "12-3456789",
                 "address": {"line1": "2 Clinic Rd", "city": "Springfield", "state": "IL", "zip": "62702"},
                 "phone": "555-0102", "contact_name": "Billing Office"},
    "claim": {
      "claim_type": "professional",
      "claim_number": "CLM-1",
      "date_of_service": "2025-05-01",
      "place_of_service": "11",
      "lines": [{"cpt_or_hcpcs": "99213", "modifiers": ["25"], "units": 1, "charge": 100.0, "icd10_pointers": [1, 2]}],
      "diagnoses": ["M54.50", "M54.16"],
      "total_charge": 100.0,
      "denial": {"date": "2025-06-01", "carc": "197", "rarc": "M62", "text": "CO-197"},
      "original_submission_date": "2025-05-10"
    },
    "reason_prior_auth_missing": {"code": "administrative_error",
      "detail": "The request was drafted but never sent because of staff turnover. Staff were retrained and a hard stop was added to the scheduling system."}
  },
  "notes": [{"note_type": "clinic_note", "text": "CC: low back pain x8 weeks. Exam: positive straight-leg raise. Electronically signed by Dr. Test on 2025-05-01."}]
}"#;

/// The base case.
pub(crate) fn base() -> Case {
    Case::from_json(BASE).unwrap_or_default()
}

/// The base case with `edit` applied.
pub(crate) fn with(edit: impl FnOnce(&mut Case)) -> Case {
    let mut case = base();
    edit(&mut case);
    case
}

/// The request day of the base case.
pub(crate) fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default()
}

/// Runs one rule on `case` as of [`today`].
pub(crate) fn run(rule: fn(&Ctx, &mut Out), case: &Case) -> Out {
    run_on(rule, case, today())
}

/// Runs one rule on `case` as of `today`.
pub(crate) fn run_on(rule: fn(&Ctx, &mut Out), case: &Case, today: NaiveDate) -> Out {
    let options = ValidateOptions::default();
    let ctx = Ctx::new(case, today, &options);
    let mut out = Out::default();
    rule(&ctx, &mut out);
    out
}

/// `(code, field)` of every finding.
pub(crate) fn codes(out: &Out) -> Vec<(String, String)> {
    out.findings.iter().map(|f| (f.code.clone(), f.field.clone().unwrap_or_default())).collect()
}

/// True when a finding with `code` on `field` was raised.
pub(crate) fn has(out: &Out, code: &str, field: &str) -> bool {
    out.findings.iter().any(|f| f.code == code && f.field.as_deref() == Some(field))
}

/// True when a finding with `code` was raised (any field).
pub(crate) fn has_code(out: &Out, code: &str) -> bool {
    out.findings.iter().any(|f| f.code == code)
}

#[test]
fn base_case_is_clean() {
    let case = base();
    assert_eq!(case.case_id, "00-base", "the base case must load");
    for rule in super::RULES {
        let out = run(rule.check, &case);
        let unexpected: Vec<_> = out
            .findings
            .iter()
            .filter(|f| {
                f.kind == crate::core::finding::FindingKind::DataError
                    || f.severity != crate::core::finding::Severity::Info
            })
            .collect();
        assert!(unexpected.is_empty(), "rule {} flags the clean base case: {unexpected:#?}", rule.name);
    }
}
