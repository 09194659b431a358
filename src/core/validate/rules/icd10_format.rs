//! Rule `icd10_format`: each claim diagnosis has the ICD-10-CM format. Vocabulary code
//! `malformed_icd10_code`.
//!
//! ## What it checks
//! `claim.claim.diagnoses[i]`, exactly as typed (VOCABULARY.md §4):
//! - matches neither the dotted form `^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$` nor the undotted
//!   X12 form `^[A-TV-Z][0-9][0-9A-Z][0-9A-Z]{1,4}$` → `malformed_icd10_code` (Error). The message
//!   says why when it can: empty, lower case, spaces, an ICD-9-CM code (`786.50`, `E880.9`,
//!   `78650`), a letter O typed for a zero (`JO6.9` → did you mean `J06.9`?).
//!   Codes the CDC has released outside that classic format (the special-purpose `U07.1`, the
//!   April 2026 `QA0.-` genetic codes) still get `malformed_icd10_code`, as the vocabulary rule
//!   demands, but as a Warning that says the code is in the CDC list.
//! - the undotted form (`L400`) → `icd10_missing_decimal` (Info): valid, a style flag; the letter
//!   and the packet show the dotted code a reviewer reads.
//!
//! Whether the code exists and is billable is rule `icd10_code_set`.
//!
//! ## Why it matters
//! A malformed diagnosis is rejected before review, and ICD-9 codes are not accepted for services
//! after 2015-10-01.
//!
//! ## What satisfies it
//! `M54.50`, `S52.531D`, `W19.XXXA`, `I10`; `M5450` with the Info flag.
//!
//! ## References
//! - ../shared/cases/VOCABULARY.md §4 `malformed_icd10_code`; `reference_data_errors` in
//!   ../shared/cases/tools/validate_set.py (`icd10_missing_decimal`, case 18).
//! - ICD-10-CM code structure (CDC/NCHS; SEER training "ICD-10-CM code structure"), in
//!   ../shared/domain/RETRO-AUTH.md §6.4.

use super::{Out, data, shown};
use crate::core::codes::icd10::{self, CodeStatus, dotted_ok, looks_like_icd9, undotted_ok};
use crate::core::finding::Severity;
use crate::core::form::Field;
use crate::core::validate::context::{Ctx, blank};

/// A well-formed, billable code the typist probably meant (capitals, no spaces, a zero for a
/// letter O or a one for a letter I in the second position).
pub(crate) fn likely_intended(code: &str) -> Option<String> {
    let upper = code.trim().to_ascii_uppercase();
    let mut candidates = vec![upper.clone()];
    let swapped: String = upper
        .char_indices()
        .map(|(i, c)| match (i, c) {
            (1, 'O') => '0',
            (1, 'I') => '1',
            (_, c) => c,
        })
        .collect();
    candidates.push(swapped);
    candidates.into_iter().find(|candidate| {
        candidate != code
            && (dotted_ok(candidate) || undotted_ok(candidate))
            && icd10::status(candidate) == CodeStatus::Billable
    })
}

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    for (i, code) in ctx.case.claim.claim.diagnoses.iter().enumerate() {
        let field = Field::Diagnosis(i).path();
        if dotted_ok(code) {
            continue;
        }
        if undotted_ok(code) {
            out.push(
                data(
                    "icd10_missing_decimal",
                    Severity::Info,
                    field,
                    format!("Diagnosis {} is written without its decimal point ({}).", i + 1, icd10::dotted(code)),
                )
                .with_help("Valid (claims send codes without the dot), but reviewers read the dotted form."),
            );
            continue;
        }
        let in_cdc_list = !blank(code) && icd10::status(code.trim()) != CodeStatus::NotInCodeSet;
        let (severity, message, help) = if blank(code) {
            (
                Severity::Error,
                format!("Diagnosis {} is empty.", i + 1),
                "Enter the ICD-10-CM code or remove the empty entry.".to_string(),
            )
        } else if in_cdc_list && code.trim() == code {
            (
                Severity::Warning,
                format!("Diagnosis {} ({}) is in the CDC ICD-10-CM list but outside the classic code format.", i + 1, shown(code)),
                "Special-purpose and newly created codes (U07.1, QA0.-) fail the format check many claim systems apply; \
                 confirm that the payer accepts this code for the date of service."
                    .to_string(),
            )
        } else if looks_like_icd9(code) {
            (
                Severity::Error,
                format!("Diagnosis {} ({}) looks like an ICD-9-CM code.", i + 1, shown(code)),
                "Services after 2015-10-01 are coded in ICD-10-CM: look up the ICD-10-CM code for this diagnosis."
                    .to_string(),
            )
        } else {
            let mut help =
                "An ICD-10-CM code is a letter (not U), a digit, a digit or letter, then optionally a dot and \
                            1–4 digits or letters, e.g. M54.50."
                    .to_string();
            if let Some(fix) = likely_intended(code) {
                help.push_str(&format!(" Did you mean {fix}?"));
            } else if code.bytes().any(|b| b.is_ascii_lowercase()) {
                help.push_str(" Use capital letters.");
            } else if code.trim() != code {
                help.push_str(" Remove the spaces around the code.");
            }
            (Severity::Error, format!("Diagnosis {} ({}) is not an ICD-10-CM code format.", i + 1, shown(code)), help)
        };
        out.push(data("malformed_icd10_code", severity, field, message).with_help(help));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, codes, run, with};
    use super::*;

    #[test]
    fn vocabulary_vectors() {
        for ok in ["M54.50", "I10", "S52.531D", "W19.XXXA", "Z38.00", "A41.51", "H25.11"] {
            assert!(dotted_ok(ok), "{ok}");
        }
        for ok in ["L400", "M5412", "S52531D"] {
            assert!(!dotted_ok(ok) && undotted_ok(ok), "{ok}");
        }
        for bad in [
            "JO6.9",
            "786.50",
            "U07.1",
            "m54.50",
            "M54.",
            "M54.12345",
            "M5",
            " M54.50",
            "M54.50 ",
            "M54..5",
            "",
            "Ｍ54.50",
            "M54-50",
        ] {
            assert!(!dotted_ok(bad) && !undotted_ok(bad), "{bad:?}");
        }
    }

    #[test]
    fn icd9_shapes() {
        for icd9 in ["786.50", "78650", "250.00", "401.9", "E880.9", "V45.81", "038"] {
            assert!(looks_like_icd9(icd9), "{icd9}");
        }
        for not in ["J06.9", "M54", "7865012", "E88", "abc", ""] {
            assert!(!looks_like_icd9(not), "{not}");
        }
    }

    #[test]
    fn pass() {
        assert!(run(check, &base()).findings.is_empty());
    }

    #[test]
    fn malformed_with_reasons() {
        let case = with(|c| {
            c.claim.claim.diagnoses = vec!["JO6.9".into(), "786.50".into(), "".into(), "m54.50".into(), "U07.1".into()]
        });
        let out = run(check, &case);
        let fields: Vec<_> =
            codes(&out).into_iter().filter(|(c, _)| c == "malformed_icd10_code").map(|(_, f)| f).collect();
        assert_eq!(fields.len(), 5);
        let help = |i: usize| out.findings[i].help.clone().unwrap_or_default();
        assert!(help(0).contains("J06.9"), "{}", help(0));
        assert!(out.findings[1].message.contains("ICD-9"));
        assert!(out.findings[2].message.contains("empty"));
        assert!(help(3).contains("M54.50"));
        assert_eq!(out.findings[4].severity, Severity::Warning, "U07.1 is in the CDC list");
    }

    #[test]
    fn undotted_is_an_info_flag() {
        let case = with(|c| c.claim.claim.diagnoses = vec!["L400".into()]);
        let out = run(check, &case);
        assert_eq!(codes(&out), vec![("icd10_missing_decimal".to_string(), "claim.claim.diagnoses[0]".to_string())]);
        assert_eq!(out.findings[0].severity, Severity::Info);
        assert!(out.findings[0].message.contains("L40.0"));
    }
}
