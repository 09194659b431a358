//! Rule `diagnosis_pointers`: each line points to diagnoses that exist. Vocabulary code
//! `diagnosis_pointer_out_of_range`.
//!
//! ## What it checks
//! `claim.claim.lines[i].icd10_pointers` (1-based into `claim.claim.diagnoses`):
//! - a pointer < 1 or greater than the number of diagnoses → `diagnosis_pointer_out_of_range`
//!   (Error), once per line, on the line's pointer list. Exactly VOCABULARY.md §4: empty pointer
//!   lists are valid on institutional claims.
//! - a pointer kept as typed because it is not a whole number (e.g. the CMS-1500 letter `A`) →
//!   `diagnosis_pointer_not_a_number` (Error);
//! - a professional line with no pointer → `missing_diagnosis_pointer` (Warning);
//! - more than 4 pointers on a professional line → `too_many_diagnosis_pointers` (Warning);
//! - the same pointer twice on a line → `duplicate_diagnosis_pointer` (Warning).
//!
//! ## Why it matters
//! The pointers tie each service to the diagnosis that justifies it; a pointer to a diagnosis
//! that does not exist (often a 0-based entry, `0` for the first) breaks that link and the claim
//! is rejected.
//!
//! ## What satisfies it
//! Pointers 1..=number of diagnoses, at most 4 per professional line.
//!
//! ## References
//! - ../shared/cases/VOCABULARY.md §4 `diagnosis_pointer_out_of_range`; README §1 ("Pointers are
//!   1-based"; institutional `icd10_pointers` always empty).
//! - CMS-1500 item 24E (up to four pointers A–L); 837P SV107.

use super::{Out, data, line_no};
use crate::core::finding::Severity;
use crate::core::form::{Field, LineField};
use crate::core::model::Lenient;
use crate::core::validate::context::Ctx;

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    let count = ctx.case.claim.claim.diagnoses.len();
    for (i, line) in ctx.lines().iter().enumerate() {
        let field = Field::Line(i, LineField::Pointers).path();
        let numbers: Vec<i64> = line.icd10_pointers.iter().filter_map(|p| p.valid().copied()).collect();
        let out_of_range = numbers.iter().any(|p| *p < 1 || usize::try_from(*p).map_or(true, |p| p > count));
        if out_of_range {
            let message = if count == 0 {
                format!("Line {}: a diagnosis pointer points into an empty diagnosis list.", line_no(i))
            } else if numbers.contains(&0) {
                format!("Line {}: a diagnosis pointer is 0; pointers count from 1 (valid: 1–{count}).", line_no(i))
            } else {
                format!("Line {}: a diagnosis pointer is outside 1–{count}.", line_no(i))
            };
            out.push(
                data("diagnosis_pointer_out_of_range", Severity::Error, field.clone(), message)
                    .with_help("Point each line to the claim diagnoses by position: 1 is the first diagnosis listed."),
            );
        }
        if line.icd10_pointers.iter().any(|p| matches!(p, Lenient::Raw(_))) {
            out.push(
                data(
                    "diagnosis_pointer_not_a_number",
                    Severity::Error,
                    field.clone(),
                    format!("Line {}: a diagnosis pointer is not a whole number.", line_no(i)),
                )
                .with_help("Use numbers: 1 for the first diagnosis (CMS-1500 letters A, B, C… are 1, 2, 3…)."),
            );
        }
        if ctx.institutional() {
            continue;
        }
        if line.icd10_pointers.is_empty() {
            out.push(
                data(
                    "missing_diagnosis_pointer",
                    Severity::Warning,
                    field.clone(),
                    format!("Line {}: no diagnosis is pointed to.", line_no(i)),
                )
                .with_help("Point the line to the diagnosis that justifies it (1 for the first diagnosis)."),
            );
        }
        if line.icd10_pointers.len() > 4 {
            out.push(
                data(
                    "too_many_diagnosis_pointers",
                    Severity::Warning,
                    field.clone(),
                    format!("Line {}: more than four diagnosis pointers.", line_no(i)),
                )
                .with_help("A professional claim line carries at most four pointers; keep the most relevant first."),
            );
        }
        let mut seen = std::collections::HashSet::new();
        let duplicated = !numbers.iter().all(|p| seen.insert(*p));
        if duplicated {
            out.push(
                data(
                    "duplicate_diagnosis_pointer",
                    Severity::Warning,
                    field,
                    format!("Line {}: the same diagnosis is pointed to twice.", line_no(i)),
                )
                .with_help("List each diagnosis pointer once per line."),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, codes, has, run, with};
    use super::*;
    use serde_json::json;

    fn pointers(list: Vec<Lenient<i64>>) -> crate::core::model::Case {
        with(|c| c.claim.claim.lines[0].icd10_pointers = list)
    }

    #[test]
    fn pass() {
        assert!(run(check, &base()).findings.is_empty());
        let institutional_empty = with(|c| {
            c.claim.claim.claim_type = "institutional".into();
            c.claim.claim.lines[0].icd10_pointers.clear();
        });
        assert!(run(check, &institutional_empty).findings.is_empty());
    }

    #[test]
    fn out_of_range_once_per_line() {
        let field = "claim.claim.lines[0].icd10_pointers".to_string();
        for bad in [vec![0], vec![3], vec![-1, 1], vec![0, 5], vec![i64::MAX], vec![i64::MIN]] {
            let out = run(check, &pointers(bad.iter().map(|p| Lenient::Valid(*p)).collect()));
            assert_eq!(codes(&out), vec![("diagnosis_pointer_out_of_range".to_string(), field.clone())], "{bad:?}");
        }
        let no_dx = with(|c| c.claim.claim.diagnoses.clear());
        assert!(has(&run(check, &no_dx), "diagnosis_pointer_out_of_range", &field));
    }

    #[test]
    fn other_pointer_problems() {
        let field = "claim.claim.lines[0].icd10_pointers";
        assert!(has(&run(check, &pointers(vec![Lenient::Raw(json!("A"))])), "diagnosis_pointer_not_a_number", field));
        assert!(has(&run(check, &pointers(vec![])), "missing_diagnosis_pointer", field));
        assert!(has(
            &run(check, &pointers(vec![Lenient::Valid(1), Lenient::Valid(1)])),
            "duplicate_diagnosis_pointer",
            field
        ));
        let five = with(|c| {
            c.claim.claim.diagnoses = (0..5).map(|_| "M54.50".to_string()).collect();
            c.claim.claim.lines[0].icd10_pointers = (1..=5).map(Lenient::Valid).collect();
        });
        assert!(has(&run(check, &five), "too_many_diagnosis_pointers", field));
    }
}
