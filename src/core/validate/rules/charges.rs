//! Rule `charges`: line charges and the total are numbers, not negative, and add up.
//!
//! ## What it checks
//! - `claim.claim.lines[i].charge` kept as typed because it is not a number, or missing →
//!   `charge_not_a_number` (Error); below zero → `negative_charge` (Error);
//! - `claim.claim.total_charge`, when given: not a number → `total_charge_not_a_number` (Error);
//!   below zero → `negative_charge` (Error); different from the sum of the readable line charges
//!   by more than half a cent → `total_charge_mismatch` (Warning).
//!
//! Whether a charge is reasonable is out of scope.
//!
//! ## Why it matters
//! The billed amount identifies the claim on the remittance; a total that does not match the
//! lines is a sign of a dropped or mistyped line.
//!
//! ## What satisfies it
//! Numbers ≥ 0 (zero-charge lines are allowed) whose sum is the total.
//!
//! ## References
//! - CMS-1500 items 24F and 28; UB-04 FL47; ../shared/cases/README.md §1 (`total_charge`: the sum
//!   of the line charges).

use super::{Out, data, line_no};
use crate::core::finding::Severity;
use crate::core::form::{Field, LineField};
use crate::core::model::Lenient;
use crate::core::validate::context::Ctx;

fn amount(value: &Lenient<serde_json::Number>) -> Option<f64> {
    value.valid().and_then(serde_json::Number::as_f64).filter(|v| v.is_finite())
}

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    let mut sum = 0.0_f64;
    let mut all_readable = true;
    for (i, line) in ctx.lines().iter().enumerate() {
        let field = Field::Line(i, LineField::Charge).path();
        match amount(&line.charge) {
            None => {
                all_readable = false;
                out.push(
                    data(
                        "charge_not_a_number",
                        Severity::Error,
                        field,
                        format!("Line {}: the charge is not a number.", line_no(i)),
                    )
                    .with_help("Enter the billed amount as a number, e.g. 1250.00 (no currency sign or commas)."),
                );
            }
            Some(value) if value < 0.0 => out.push(
                data(
                    "negative_charge",
                    Severity::Error,
                    field,
                    format!("Line {}: the charge is negative.", line_no(i)),
                )
                .with_help("Enter the billed amount (zero or more), not an adjustment."),
            ),
            Some(value) => sum += value,
        }
    }
    let Some(total) = &ctx.case.claim.claim.total_charge else { return };
    match amount(total) {
        None => out.push(
            data(
                "total_charge_not_a_number",
                Severity::Error,
                Field::TotalCharge.path(),
                "The total charge is not a number.",
            )
            .with_help("Enter the total as a number, the sum of the line charges."),
        ),
        Some(value) if value < 0.0 => out.push(
            data("negative_charge", Severity::Error, Field::TotalCharge.path(), "The total charge is negative.")
                .with_help("Enter the total billed amount (zero or more)."),
        ),
        Some(value) if all_readable && (value - sum).abs() > 0.005 => out.push(
            data(
                "total_charge_mismatch",
                Severity::Warning,
                Field::TotalCharge.path(),
                "The total charge is not the sum of the line charges.",
            )
            .with_help("Check for a missing line or a mistyped amount; the total must equal the sum of the lines."),
        ),
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, codes, has, run, with};
    use super::*;
    use serde_json::{Number, json};

    fn number(v: f64) -> Lenient<Number> {
        Number::from_f64(v).map_or(Lenient::Raw(serde_json::Value::Null), Lenient::Valid)
    }

    #[test]
    fn pass() {
        assert!(run(check, &base()).findings.is_empty());
        let zero = with(|c| {
            c.claim.claim.lines[0].charge = number(0.0);
            c.claim.claim.total_charge = Some(number(0.0));
        });
        assert!(run(check, &zero).findings.is_empty());
        let no_total = with(|c| c.claim.claim.total_charge = None);
        assert!(run(check, &no_total).findings.is_empty());
    }

    #[test]
    fn fail() {
        let out = run(check, &with(|c| c.claim.claim.lines[0].charge = Lenient::Raw(json!("$100"))));
        assert_eq!(codes(&out), vec![("charge_not_a_number".to_string(), "claim.claim.lines[0].charge".to_string())]);
        let out = run(
            check,
            &with(|c| {
                c.claim.claim.lines[0].charge = number(-5.0);
                c.claim.claim.total_charge = Some(Lenient::Raw(json!("lots")));
            }),
        );
        assert!(has(&out, "negative_charge", "claim.claim.lines[0].charge"));
        assert!(has(&out, "total_charge_not_a_number", "claim.claim.total_charge"));
        let out = run(check, &with(|c| c.claim.claim.total_charge = Some(number(100.01))));
        assert!(has(&out, "total_charge_mismatch", "claim.claim.total_charge"));
        let out = run(check, &with(|c| c.claim.claim.total_charge = Some(number(100.004))));
        assert!(out.findings.is_empty(), "within half a cent");
    }
}
