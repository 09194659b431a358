//! Rule `npi`: every NPI on the claim is 10 digits with a valid check digit. Vocabulary codes
//! `npi_wrong_length_or_nonnumeric` and `invalid_npi_check_digit`.
//!
//! ## What it checks
//! For `claim.provider.npi` (billing), `claim.facility.npi` and `claim.referring_provider.npi`
//! (when that party is given and not entirely blank):
//! - not exactly 10 ASCII digits (including empty, spaces, a letter O for a zero) →
//!   `npi_wrong_length_or_nonnumeric` (Error);
//! - 10 digits but the Luhn check over `80840` + NPI fails → `invalid_npi_check_digit` (Error);
//! - 10 digits, first digit not 1 or 2 → `npi_invalid_prefix` (Error; no such NPI is issued).
//!
//! ## Why it matters
//! Payers match the provider by NPI; an NPI that fails the check digit or the format is rejected
//! by the clearinghouse before anyone reads the request.
//!
//! ## What satisfies it
//! A 10-digit NPI starting with 1 or 2 whose check digit is right, e.g. `1234567893`.
//!
//! ## References
//! - ../shared/cases/VOCABULARY.md §4; `luhn_ok` in ../shared/cases/tools/validate_set.py.
//! - CMS, "Requirements for the NPI check digit" (Luhn with the 80840 prefix, i.e. the constant
//!   24), quoted in ../shared/domain/RETRO-AUTH.md §6.3.

use super::{Out, data};
use crate::core::finding::Severity;
use crate::core::form::Field;
use crate::core::validate::context::{Ctx, blank};

/// True when `npi` is 10 ASCII digits whose Luhn check over `80840` + NPI holds.
pub(crate) fn luhn_ok(npi: &str) -> bool {
    if npi.len() != 10 || !npi.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let total: u32 = "80840"
        .bytes()
        .chain(npi.bytes())
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    total.is_multiple_of(10)
}

fn check_one(out: &mut Out, field: String, who: &str, npi: &str) {
    let is_ten_digits = npi.len() == 10 && npi.bytes().all(|b| b.is_ascii_digit());
    if !is_ten_digits {
        let problem = if blank(npi) {
            "is missing".to_string()
        } else if npi.trim().len() == 10 && npi.trim().bytes().all(|b| b.is_ascii_digit()) {
            "has spaces around it".to_string()
        } else {
            let length = npi.chars().count();
            let letters = npi.chars().any(|c| c.is_alphabetic());
            match (length == 10, letters) {
                (true, true) => "contains a letter (a letter O for a zero?)".to_string(),
                (true, false) => "contains a character that is not a digit".to_string(),
                (false, _) => format!("has {length} characters instead of 10 digits"),
            }
        };
        out.push(
            data("npi_wrong_length_or_nonnumeric", Severity::Error, field, format!("The {who} NPI {problem}."))
                .with_help(
                    "An NPI is exactly 10 digits (0–9). Copy it from NPPES or the provider's enrollment record.",
                ),
        );
        return;
    }
    if !luhn_ok(npi) {
        out.push(
            data(
                "invalid_npi_check_digit",
                Severity::Error,
                field.clone(),
                format!("The {who} NPI fails the check-digit test: one digit is probably mistyped."),
            )
            .with_help(
                "The last digit is a Luhn check digit over 80840 + the first 9 digits. Re-check the NPI against NPPES.",
            ),
        );
    }
    if !npi.starts_with(['1', '2']) {
        out.push(
            data("npi_invalid_prefix", Severity::Error, field, format!("The {who} NPI does not start with 1 or 2."))
                .with_help("Every NPI issued starts with 1 or 2. Re-check it against NPPES."),
        );
    }
}

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    let details = &ctx.case.claim;
    check_one(out, Field::ProviderNpi.path(), "billing provider", &details.provider.npi);
    if let Some(facility) = &details.facility
        && !(blank(&facility.npi) && blank(&facility.name))
    {
        check_one(out, Field::FacilityNpi.path(), "facility", &facility.npi);
    }
    if let Some(referring) = &details.referring_provider
        && !(blank(&referring.npi) && blank(&referring.name))
    {
        check_one(out, Field::ReferringNpi.path(), "referring provider", &referring.npi);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, codes, has, run, with};
    use super::*;
    use crate::core::model::{Facility, ReferringProvider};

    #[test]
    fn luhn_vectors() {
        assert!(luhn_ok("1234567893"));
        assert!(luhn_ok("1558598797"));
        assert!(!luhn_ok("1234567890"));
        assert!(!luhn_ok("123456789"));
        assert!(!luhn_ok("12345678９3"));
        assert!(!luhn_ok(""));
    }

    #[test]
    fn pass() {
        let case = with(|c| {
            c.claim.facility =
                Some(Facility { name: "Hospital".into(), npi: "1558598797".into(), ..Facility::default() });
            c.claim.referring_provider = Some(ReferringProvider::default());
        });
        assert!(run(check, &case).findings.is_empty(), "blank referring provider is skipped");
        assert!(run(check, &base()).findings.is_empty());
    }

    #[test]
    fn wrong_length_or_nonnumeric() {
        for npi in ["113438622O", "123456789", "12345678931", "", " 1234567893", "１２３４５６７８９３"] {
            let case = with(|c| {
                c.claim.referring_provider =
                    Some(ReferringProvider { name: "Ref".into(), npi: npi.into(), ..Default::default() })
            });
            let out = run(check, &case);
            assert_eq!(
                codes(&out),
                vec![("npi_wrong_length_or_nonnumeric".to_string(), "claim.referring_provider.npi".to_string())],
                "{npi:?}"
            );
            assert!(out.findings.iter().all(|f| npi.is_empty() || !f.message.contains(npi.trim())));
        }
    }

    #[test]
    fn check_digit_and_prefix() {
        let case = with(|c| c.claim.provider.npi = "1234567890".into());
        assert!(has(&run(check, &case), "invalid_npi_check_digit", "claim.provider.npi"));
        // 3000000001 + check digit: a valid Luhn number with an impossible first digit.
        let valid_luhn_bad_prefix = (0..10).map(|d| format!("300000000{d}")).find(|n| luhn_ok(n)).unwrap_or_default();
        let case = with(|c| c.claim.provider.npi = valid_luhn_bad_prefix);
        assert_eq!(
            codes(&run(check, &case)),
            vec![("npi_invalid_prefix".to_string(), "claim.provider.npi".to_string())]
        );
        let case = with(|c| {
            c.claim.facility = Some(Facility { name: "Hospital".into(), npi: String::new(), ..Facility::default() })
        });
        assert!(has(&run(check, &case), "npi_wrong_length_or_nonnumeric", "claim.facility.npi"));
    }
}
