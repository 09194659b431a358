//! Rule `reason_intraop_change`: a `procedure_changed_intraoperatively` reason is backed by the
//! operative findings and names the authorization that existed.
//!
//! ## What it checks
//! Only when the reason code is `procedure_changed_intraoperatively`:
//! - no operative note (a note whose type mentions `op`, e.g. `operative_note`, `op_note`) and no
//!   text stating operative findings in the notes or the detail ("intraoperative(ly)",
//!   "intra-op", "operative findings", "Findings:", "converted to", "found to have", "was noted",
//!   "at surgery") → `operative_findings_not_documented` (Warning);
//! - no existing authorization: `claim.claim.prior_authorization.number` is blank and the detail
//!   names no authorization number ("auth # …", "authorization number …") →
//!   `existing_authorization_not_given` (Warning, on `claim.claim.prior_authorization.number`).
//!
//! ## Why it matters
//! Payers handle a changed procedure as an update of the authorization that existed for the
//! planned one (UHC: within 5 business days; Anthem: retrospective review within 10 business
//! days); the reviewer needs that authorization's number and the operative findings that forced
//! the change.
//!
//! ## What satisfies it
//! An operative note ("Intraoperatively the femoral head was found to have a collapsed
//! segment…") and the authorization number of the planned procedure.
//!
//! ## References
//! - UHC Administrative Guide ch. 7 (changed or added procedure: contact within 5 business days);
//!   Anthem Virginia (retrospective review within 10 business days) —
//!   ../shared/domain/RETRO-AUTH.md §4.2.
//! - ../shared/cases/README.md §1 (`prior_authorization`: an authorization that exists but does
//!   not match what was billed).

use super::{Out, data};
use crate::core::finding::{Finding, Severity};
use crate::core::form::{Field, NOTES_PATH};
use crate::core::validate::context::{Ctx, blank};
use crate::core::validate::text::{self, matches};

/// True when a note type names an operative note (`operative_note`, `op_note`, `Op Report`).
fn operative_note_type(note_type: &str) -> bool {
    let lower = note_type.to_ascii_lowercase();
    lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| matches!(word, "op" | "operative" | "operation" | "surgical"))
        || lower.contains("operative")
}

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    if ctx.reason_code() != "procedure_changed_intraoperatively" {
        return;
    }
    let pattern = text::operative_findings();
    let findings_documented = ctx.case.notes.iter().any(|n| operative_note_type(&n.note_type))
        || matches(pattern, ctx.reason_detail())
        || ctx.note_texts().any(|t| matches(pattern, t));
    if !findings_documented {
        out.push(
            Finding::advice(
                "operative_findings_not_documented",
                Severity::Warning,
                Some(NOTES_PATH.to_string()),
                "No operative note or operative findings explain why the procedure changed.",
            )
            .with_help(
                "Attach the signed operative note; it must describe what was found during surgery that made the \
                 performed procedure necessary instead of the authorized one.",
            ),
        );
    }
    let auth_number_given = ctx.case.claim.claim.prior_authorization.as_ref().is_some_and(|a| !blank(&a.number))
        || matches(text::auth_number(), ctx.reason_detail());
    if !auth_number_given {
        out.push(
            data(
                "existing_authorization_not_given",
                Severity::Warning,
                Field::PriorAuthNumber.path(),
                "The authorization for the planned procedure is not given.",
            )
            .with_help(
                "Enter the existing authorization (number, approved codes and dates): the request asks the payer to \
                 update it to the procedure performed.",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, codes, run, with};
    use super::*;
    use crate::core::model::PriorAuthorization;

    fn changed(note_type: &str, note: &str, auth: Option<&str>, detail: &str) -> crate::core::model::Case {
        with(|c| {
            c.claim.reason_prior_auth_missing.code = "procedure_changed_intraoperatively".into();
            c.claim.reason_prior_auth_missing.detail = detail.into();
            c.notes[0].note_type = note_type.into();
            c.notes[0].text = Some(note.into());
            c.claim.claim.prior_authorization =
                auth.map(|n| PriorAuthorization { number: n.into(), ..PriorAuthorization::default() });
        })
    }

    #[test]
    fn pass() {
        assert!(run(check, &base()).findings.is_empty());
        assert!(run(check, &changed("operative_note", "Procedure: THA.", Some("PA-1"), "")).findings.is_empty());
        assert!(
            run(
                check,
                &changed(
                    "clinic_note",
                    "The appendix was found to be perforated.",
                    None,
                    "Auth # NL-2291 covered 44970."
                )
            )
            .findings
            .is_empty()
        );
    }

    #[test]
    fn fail() {
        let out = run(check, &changed("clinic_note", "Follow-up visit.", Some(" "), "The plan changed."));
        assert_eq!(
            codes(&out),
            vec![
                ("operative_findings_not_documented".to_string(), "notes".to_string()),
                ("existing_authorization_not_given".to_string(), "claim.claim.prior_authorization.number".to_string())
            ]
        );
        assert!(
            operative_note_type("Op Report")
                && operative_note_type("operative_note")
                && !operative_note_type("topical")
        );
    }
}
