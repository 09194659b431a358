//! Rule `diagnosis_list`: the diagnosis list has no repeats and fits the claim form.
//!
//! ## What it checks
//! - the same code twice in `claim.claim.diagnoses` (dots and case ignored) →
//!   `duplicate_diagnosis` (Warning) on the later entry;
//! - more diagnoses than the form holds (12 on a professional claim, 25 on an institutional one:
//!   principal + 24 others) → `too_many_diagnoses` (Warning) on the list.
//!
//! ## Why it matters
//! A duplicate shifts the positions the line pointers count on; diagnoses past the form's limit
//! are dropped by the clearinghouse, and the pointers to them break.
//!
//! ## What satisfies it
//! Distinct codes, within the limit.
//!
//! ## References
//! - CMS-1500 item 21 (A–L, 12 codes); UB-04 FL67 (principal) and FL67A–Q; 837I allows 24 other
//!   diagnoses.

use super::{Out, data};
use crate::core::codes::icd10;
use crate::core::finding::Severity;
use crate::core::form::{DIAGNOSES_PATH, Field};
use crate::core::validate::context::{Ctx, blank};

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    let diagnoses = &ctx.case.claim.claim.diagnoses;
    let normal: Vec<String> = diagnoses.iter().map(|d| icd10::undotted(d.trim()).to_ascii_uppercase()).collect();
    let mut seen = std::collections::HashSet::new();
    for (i, code) in normal.iter().enumerate() {
        if !blank(code) && !seen.insert(code) {
            out.push(
                data(
                    "duplicate_diagnosis",
                    Severity::Warning,
                    Field::Diagnosis(i).path(),
                    format!("Diagnosis {} repeats an earlier diagnosis.", i + 1),
                )
                .with_help("List each diagnosis once and point the lines to its first position."),
            );
        }
    }
    let limit = if ctx.institutional() { 25 } else { 12 };
    if diagnoses.len() > limit {
        out.push(
            data(
                "too_many_diagnoses",
                Severity::Warning,
                DIAGNOSES_PATH,
                format!("The claim lists more than {limit} diagnoses, the most this claim form holds."),
            )
            .with_help("Keep the diagnoses that the service lines point to, most relevant first."),
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
    }

    #[test]
    fn fail() {
        let dup = with(|c| c.claim.claim.diagnoses = vec!["L40.0".into(), "M54.50".into(), "l400".into()]);
        assert_eq!(
            codes(&run(check, &dup)),
            vec![("duplicate_diagnosis".to_string(), "claim.claim.diagnoses[2]".to_string())]
        );
        let many = with(|c| c.claim.claim.diagnoses = (0..13).map(|i| format!("Z{i:02}.0")).collect());
        assert_eq!(
            codes(&run(check, &many)),
            vec![("too_many_diagnoses".to_string(), "claim.claim.diagnoses".to_string())]
        );
    }
}
