//! Rule `icd10_code_set`: each well-formed diagnosis exists in ICD-10-CM and is billable.
//!
//! ## What it checks
//! For each `claim.claim.diagnoses[i]` that passes the format rule (dotted or undotted), looked
//! up in the embedded CDC ICD-10-CM release (`codes::icd10`, April 1, 2026, FY2026):
//! - a category or subcategory code with more specific codes below it → `icd10_header_code`,
//!   naming up to 6 billable children (e.g. `M54.5` → `M54.50`, `M54.51`, `M54.59`);
//! - not in the release at all → `icd10_not_in_code_set` (deleted, never existed or mistyped),
//!   with a hint when it looks like an ICD-9 code.
//!
//! Severity: Error when the last date of service is on or after the release's fiscal-year start
//! (2025-10-01); Warning otherwise (or when the date of service is unknown), because the code may
//! have been valid in the fiscal year of the service: code sets change every 1 October (e.g.
//! `G35` was billable until 2025-09-30 and is a header since). The message names the release.
//!
//! ## Why it matters
//! Payers reject claims whose diagnosis is not a billable code valid on the date of service
//! (CARC 146). A header code such as `M54.5` (made a header in FY2022) is a common reason.
//!
//! ## What satisfies it
//! A billable (leaf) code of the release, e.g. `M54.50`, `J06.9`, `S52.531D`.
//!
//! ## References
//! - CDC/NCHS ICD-10-CM April 1, 2026 release via PyPI `simple-icd-10-cm` 1.5.0
//!   (../shared/domain/ECOSYSTEM.md §1.2–1.3; `.ci/codesets/`).
//! - ../shared/domain/RETRO-AUTH.md §6.4 ("Validity requires the CMS code table for the fiscal
//!   year of the DOS (billable leaf codes only)").
//! - VOCABULARY.md §4 keeps code-set checks out of the scored errors; these codes are the tool's.

use super::{Out, data};
use crate::core::codes::icd10::{self, CodeStatus, dotted_ok, looks_like_icd9, undotted_ok};
use crate::core::finding::Severity;
use crate::core::form::Field;
use crate::core::validate::context::Ctx;

/// How many billable children a header-code finding names.
const CHILDREN_SHOWN: usize = 6;

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    let current = match (ctx.last_dos(), icd10::effective_from()) {
        (Some(dos), Some(from)) => dos >= from,
        _ => false,
    };
    let severity = if current { Severity::Error } else { Severity::Warning };
    let release = icd10::release();
    let caveat = if current {
        String::new()
    } else {
        format!(
            " The date of service is before {} or unknown: check the code set of the service's fiscal year, \
             where the code may have been valid.",
            icd10::fiscal_year()
        )
    };
    for (i, code) in ctx.case.claim.claim.diagnoses.iter().enumerate() {
        if !(dotted_ok(code) || undotted_ok(code)) {
            continue;
        }
        let field = Field::Diagnosis(i).path();
        let display = icd10::dotted(&icd10::undotted(code));
        match icd10::status(code) {
            CodeStatus::Billable | CodeStatus::Unavailable => {}
            CodeStatus::Header => {
                let children = icd10::billable_children(code, CHILDREN_SHOWN);
                let mut list = children.first.join(", ");
                if children.total > children.first.len() {
                    list.push_str(&format!(" and {} more", children.total - children.first.len()));
                }
                out.push(
                    data(
                        "icd10_header_code",
                        severity,
                        field,
                        format!("{display} is a header (category) code in {release}, not billable: pick a more specific code."),
                    )
                    .with_help(format!("Billable codes under {display}: {list}. Choose the one the notes support.{caveat}")),
                );
            }
            CodeStatus::NotInCodeSet => {
                let children = icd10::billable_children(code, CHILDREN_SHOWN);
                let mut help = if looks_like_icd9(code) {
                    "It looks like an ICD-9-CM code; use the ICD-10-CM code for the diagnosis.".to_string()
                } else if children.total > 0 {
                    format!("It is incomplete: billable codes starting with it include {}.", children.first.join(", "))
                } else {
                    "Check for a typo or a code deleted from the code set.".to_string()
                };
                help.push_str(&caveat);
                out.push(
                    data("icd10_not_in_code_set", severity, field, format!("{display} is not a code in {release}."))
                        .with_help(help),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, codes, has, run, with};
    use super::*;

    fn diagnoses(list: &[&str], dos: &str) -> crate::core::model::Case {
        with(|c| {
            c.claim.claim.diagnoses = list.iter().map(|d| d.to_string()).collect();
            c.claim.claim.date_of_service = Some(dos.into());
        })
    }

    #[test]
    fn pass() {
        assert!(run(check, &base()).findings.is_empty());
        assert!(
            run(check, &diagnoses(&["J06.9", "S52.531D", "L400", "W19.XXXA", "I10"], "2025-11-01")).findings.is_empty()
        );
    }

    #[test]
    fn header_code_names_its_children() {
        let out = run(check, &diagnoses(&["M54.5"], "2025-11-01"));
        assert_eq!(codes(&out), vec![("icd10_header_code".to_string(), "claim.claim.diagnoses[0]".to_string())]);
        let finding = &out.findings[0];
        assert_eq!(finding.severity, Severity::Error);
        assert!(finding.help.as_deref().unwrap_or("").contains("M54.50, M54.51, M54.59"));
        let many = run(check, &diagnoses(&["S52"], "2025-11-01"));
        assert!(many.findings[0].help.as_deref().unwrap_or("").contains("more"));
    }

    #[test]
    fn unknown_codes() {
        let out = run(check, &diagnoses(&["J99.99", "V45.81"], "2025-11-01"));
        assert!(has(&out, "icd10_not_in_code_set", "claim.claim.diagnoses[0]"));
        assert!(out.findings[1].help.as_deref().unwrap_or("").contains("ICD-9"));
        let malformed_is_skipped = run(check, &diagnoses(&["JO6.9"], "2025-11-01"));
        assert!(malformed_is_skipped.findings.is_empty());
    }

    #[test]
    fn earlier_fiscal_year_is_a_warning() {
        let out = run(check, &diagnoses(&["G35"], "2025-06-01"));
        assert_eq!(codes(&out), vec![("icd10_header_code".to_string(), "claim.claim.diagnoses[0]".to_string())]);
        assert_eq!(out.findings[0].severity, Severity::Warning);
        assert!(out.findings[0].help.as_deref().unwrap_or("").contains("fiscal year"));
    }
}
