//! Rule `tin`: the billing provider's tax identification number has the shape of an EIN or SSN.
//!
//! ## What it checks
//! A non-blank `claim.provider.tin` must be 9 ASCII digits, written plain (`123456789`), as an
//! EIN (`12-3456789`) or as an SSN (`123-45-6789`), and not all zeros; an EIN-shaped TIN must not
//! start with `00`. Otherwise `malformed_tin` (Error). A blank TIN is `required_fields`' job.
//!
//! ## Why it matters
//! Payers match the billing entity on NPI **and** TIN; a TIN that cannot be one is rejected or
//! routed to the wrong provider record.
//!
//! ## What satisfies it
//! `12-3456789`, `123456789`, `123-45-6789`. The IRS campus prefix list is not checked (it
//! changes, and synthetic test data do not follow it).
//!
//! ## References
//! - ../shared/domain/RETRO-AUTH.md §3 row 5 ("TIN 9 digits").
//! - IRS, "Employer ID Numbers" (EIN format NN-NNNNNNN); X12 837 REF*EI / REF*SY.

use super::{Out, data};
use crate::core::finding::Severity;
use crate::core::form::Field;
use crate::core::validate::context::{Ctx, blank};

/// True when `tin` is a 9-digit TIN in one of the accepted layouts.
pub(crate) fn tin_ok(tin: &str) -> bool {
    let tin = tin.trim();
    let digits: String = tin.chars().filter(|c| *c != '-').collect();
    let layout_ok = match tin.len() {
        9 => true,
        10 => tin.find('-') == Some(2) && tin.matches('-').count() == 1,
        11 => tin.char_indices().filter(|(_, c)| *c == '-').map(|(i, _)| i).eq([3, 6]),
        _ => false,
    };
    layout_ok
        && digits.len() == 9
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits != "000000000"
        && !(tin.len() == 10 && digits.starts_with("00"))
}

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    let tin = &ctx.case.claim.provider.tin;
    if !blank(tin) && !tin_ok(tin) {
        out.push(
            data(
                "malformed_tin",
                Severity::Error,
                Field::ProviderTin.path(),
                "The billing provider TIN is not a 9-digit EIN or SSN.",
            )
            .with_help("Enter the TIN as 9 digits, e.g. 12-3456789 (EIN) or 123-45-6789 (SSN)."),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, has, run, with};
    use super::*;

    #[test]
    fn vectors() {
        for ok in ["12-3456789", "123456789", "123-45-6789", " 20-1143445 "] {
            assert!(tin_ok(ok), "{ok}");
        }
        for bad in [
            "12-345678",
            "1234567890",
            "12-34567A9",
            "000000000",
            "00-1234567",
            "1-23456789",
            "12--345678",
            "１２-3456789",
            "",
        ] {
            assert!(!tin_ok(bad), "{bad}");
        }
    }

    #[test]
    fn pass_and_fail() {
        assert!(run(check, &base()).findings.is_empty());
        let case = with(|c| c.claim.provider.tin = "12-34567".into());
        assert!(has(&run(check, &case), "malformed_tin", "claim.provider.tin"));
        let blank = with(|c| c.claim.provider.tin = " ".into());
        assert!(run(check, &blank).findings.is_empty(), "blank is required_fields' job");
    }
}
