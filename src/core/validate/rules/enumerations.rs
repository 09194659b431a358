//! Rule `enumerations`: fields with a fixed list of values hold one of them.
//!
//! ## What it checks
//! - `claim.claim.claim_type` is `professional` or `institutional` (any case): else
//!   `invalid_claim_type` (Error), because the institutional rules depend on it.
//! - `claim.payer.plan_type` is `commercial`, `medicare_advantage` or `medicaid_mco`: else
//!   `unknown_plan_type` (Warning; the plan type steers the triage and the letter's wording).
//! - `claim.patient.sex`, when given, is `F`, `M`, `U` or `X` (any case): else `invalid_sex`
//!   (Warning).
//!
//! - Case format 1.1 values, when given: `claim.payer.line_of_business`, `network_status`,
//!   `claim.claim.state`, `claim.claim.denial.group_code` and each line's `group_code` hold a
//!   value of `../shared/spec/CASE-1.1.md`: else `unknown_enumeration_value` (Warning) on that
//!   field. (The window unit is checked by `retro_window`, which cannot count without it.)
//!
//! Blank values are left to `required_fields`.
//!
//! ## Why it matters
//! The claim type decides which claim rules apply (revenue-code-only lines and empty pointer
//! lists are valid only on institutional claims); the plan type decides which regulations the
//! letter can cite (prudent layperson, two-midnight benchmark for Medicare Advantage).
//!
//! ## What satisfies it
//! One of the listed values.
//!
//! ## References
//! - ../shared/cases/README.md §1 (`claim_type`, `plan_type`).
//! - X12 837 DMG03 administrative gender (F, M, U); X is accepted by many payers since 2022.

use super::{Out, data};
use crate::core::finding::Severity;
use crate::core::form::Field;
use crate::core::model::{CLAIM_STATES, CLAIM_TYPES, GROUP_CODES, LINES_OF_BUSINESS, NETWORK_STATUSES, PLAN_TYPES};

/// Warns when a 1.1 value is given and not one of `allowed`.
fn one_of(out: &mut Out, value: Option<&str>, allowed: &[&str], field: String) {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else { return };
    if !allowed.contains(&value) {
        out.push(
            data("unknown_enumeration_value", Severity::Warning, field, "This value is not one of the case format's.")
                .with_help(format!("Use one of: {}.", allowed.join(", "))),
        );
    }
}
use crate::core::validate::context::{Ctx, blank};

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    let claim_type = ctx.case.claim.claim.claim_type.trim();
    if !claim_type.is_empty() && !CLAIM_TYPES.iter().any(|t| claim_type.eq_ignore_ascii_case(t)) {
        out.push(
            data("invalid_claim_type", Severity::Error, Field::ClaimType.path(), "The claim type is not recognised.")
                .with_help("Use `professional` (CMS-1500 / 837P) or `institutional` (UB-04 / 837I)."),
        );
    }
    let plan_type = ctx.case.claim.payer.plan_type.trim();
    if !plan_type.is_empty() && !PLAN_TYPES.contains(&plan_type) {
        out.push(
            data(
                "unknown_plan_type",
                Severity::Warning,
                Field::PayerPlanType.path(),
                "The plan type is not one this tool knows.",
            )
            .with_help("Use `commercial`, `medicare_advantage` or `medicaid_mco`."),
        );
    }
    let payer = &ctx.case.claim.payer;
    let claim = &ctx.case.claim.claim;
    one_of(out, payer.line_of_business.as_deref(), LINES_OF_BUSINESS, "claim.payer.line_of_business".into());
    one_of(out, payer.network_status.as_deref(), NETWORK_STATUSES, "claim.payer.network_status".into());
    one_of(out, claim.state.as_deref(), CLAIM_STATES, "claim.claim.state".into());
    one_of(out, claim.denial.group_code.as_deref(), GROUP_CODES, "claim.claim.denial.group_code".into());
    for (i, line) in claim.lines.iter().enumerate() {
        one_of(out, line.group_code.as_deref(), GROUP_CODES, format!("claim.claim.lines[{i}].group_code"));
    }
    if let Some(sex) = ctx.case.claim.patient.sex.as_deref().filter(|s| !blank(s))
        && !["F", "M", "U", "X"].iter().any(|v| sex.trim().eq_ignore_ascii_case(v))
    {
        out.push(
            data(
                "invalid_sex",
                Severity::Warning,
                Field::PatientSex.path(),
                "The administrative sex is not a claim value.",
            )
            .with_help("Use F, M, U (unknown) or X, as the payer has it on file."),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, has, run, with};
    use super::*;

    #[test]
    fn format_1_1_values() {
        let good = with(|c| {
            c.claim.payer.line_of_business = Some("medicare_ffs".into());
            c.claim.payer.network_status = Some("in_network".into());
            c.claim.claim.state = Some("retro_denied".into());
            c.claim.claim.denial.group_code = Some("PR".into());
            c.claim.claim.lines[0].group_code = Some("CO".into());
        });
        assert!(run(check, &good).findings.is_empty());
        for (case, field) in [
            (with(|c| c.claim.payer.line_of_business = Some("medicare".into())), "claim.payer.line_of_business"),
            (with(|c| c.claim.payer.network_status = Some("par".into())), "claim.payer.network_status"),
            (with(|c| c.claim.claim.state = Some("denied".into())), "claim.claim.state"),
            (with(|c| c.claim.claim.denial.group_code = Some("co".into())), "claim.claim.denial.group_code"),
            (with(|c| c.claim.claim.lines[0].group_code = Some("XX".into())), "claim.claim.lines[0].group_code"),
        ] {
            let out = run(check, &case);
            assert!(has(&out, "unknown_enumeration_value", field), "{field}");
            assert_eq!(out.findings.len(), 1, "{field}");
        }
        let blank = with(|c| c.claim.payer.line_of_business = Some(" ".into()));
        assert!(run(check, &blank).findings.is_empty());
    }

    #[test]
    fn pass() {
        assert!(run(check, &base()).findings.is_empty());
        let institutional = with(|c| {
            c.claim.claim.claim_type = "Institutional".into();
            c.claim.payer.plan_type = "medicaid_mco".into();
            c.claim.patient.sex = Some("u".into());
        });
        assert!(run(check, &institutional).findings.is_empty());
    }

    #[test]
    fn fail() {
        let case = with(|c| {
            c.claim.claim.claim_type = "dental".into();
            c.claim.payer.plan_type = "medicare".into();
            c.claim.patient.sex = Some("female".into());
        });
        let out = run(check, &case);
        assert!(has(&out, "invalid_claim_type", "claim.claim.claim_type"));
        assert!(has(&out, "unknown_plan_type", "claim.payer.plan_type"));
        assert!(has(&out, "invalid_sex", "claim.patient.sex"));
        assert!(out.findings.iter().all(|f| !f.message.contains("female")));
    }
}
