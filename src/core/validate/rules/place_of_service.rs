//! Rule `place_of_service`: the place of service is a code in the CMS list.
//!
//! ## What it checks
//! A non-blank `claim.claim.place_of_service` that is not one of the 52 CMS place-of-service
//! codes (generated from HL7 Terminology's `CodeSystem-CMSPlaceofServiceCodes`, see
//! `codes::pos`) → `invalid_place_of_service` (Error). A one-digit code (`1` for `11`?) and
//! unassigned codes (`30`, `80`) are both caught.
//!
//! ## Why it matters
//! The place of service drives pricing and the authorization rules that apply (an office MRI and
//! an emergency-room CT are different requests); an unknown code is rejected.
//!
//! ## What satisfies it
//! A listed two-digit code, e.g. `11` (Office), `21` (Inpatient Hospital), `23` (Emergency Room –
//! Hospital).
//!
//! ## References
//! - CMS Place of Service Code Set (via npm `hl7.terminology.r4` 7.0.1, CodeSystem version
//!   20240502); ../shared/domain/ECOSYSTEM.md §1.2.
//! - ../shared/domain/RETRO-AUTH.md §6.2.

use super::{Out, data};
use crate::core::codes::pos;
use crate::core::finding::Severity;
use crate::core::form::Field;
use crate::core::validate::context::{Ctx, blank};

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    let code = &ctx.case.claim.claim.place_of_service;
    if blank(code) || pos::name(code.trim()).is_some() {
        return;
    }
    let shape_ok = code.trim().len() == 2 && code.trim().bytes().all(|b| b.is_ascii_digit());
    let message = if shape_ok {
        "The place of service is not a code in the CMS list."
    } else {
        "The place of service is not a two-digit CMS code."
    };
    out.push(data("invalid_place_of_service", Severity::Error, Field::PlaceOfService.path(), message).with_help(
        "Use the two-digit CMS place-of-service code, e.g. 11 Office, 21 Inpatient Hospital, 22 On Campus-Outpatient \
             Hospital, 23 Emergency Room, 24 Ambulatory Surgical Center.",
    ));
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, codes, run, with};
    use super::*;

    #[test]
    fn pass() {
        assert!(run(check, &base()).findings.is_empty());
        for code in ["02", "21", "23", "34", "42", "99", " 12 "] {
            let case = with(|c| c.claim.claim.place_of_service = code.into());
            assert!(run(check, &case).findings.is_empty(), "{code}");
        }
    }

    #[test]
    fn fail() {
        for code in ["1", "30", "80", "011", "I1", "Office"] {
            let case = with(|c| c.claim.claim.place_of_service = code.into());
            assert_eq!(
                codes(&run(check, &case)),
                vec![("invalid_place_of_service".to_string(), "claim.claim.place_of_service".to_string())],
                "{code}"
            );
        }
    }
}
