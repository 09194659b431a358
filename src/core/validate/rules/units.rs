//! Rule `units`: each line's units of service are a whole number above zero.
//!
//! ## What it checks
//! `claim.claim.lines[i].units`:
//! - kept as typed because it is not a whole number (`"2x"`, `1.5`, `""`) or missing →
//!   `units_not_a_number` (Error);
//! - zero or negative → `units_not_positive` (Error).
//!
//! ## Why it matters
//! Units are part of the "essential information" of a request; the payer authorizes a quantity,
//! and a request for 0 or an unreadable number of units cannot be approved. Units that exceed
//! the authorization are the usual cause of CARC 198.
//!
//! ## What satisfies it
//! `1`, `8`, `74`.
//!
//! ## References
//! - ../shared/domain/RETRO-AUTH.md §3 row 7 (units); TX HHSC essential information (quantity).
//! - CMS-1500 item 24G; 837P SV104.

use super::{Out, data, line_no};
use crate::core::finding::Severity;
use crate::core::form::{Field, LineField};
use crate::core::model::Lenient;
use crate::core::validate::context::Ctx;

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    for (i, line) in ctx.lines().iter().enumerate() {
        let field = Field::Line(i, LineField::Units).path();
        match &line.units {
            Lenient::Raw(serde_json::Value::Null) => out.push(
                data(
                    "units_not_a_number",
                    Severity::Error,
                    field,
                    format!("Line {}: the units are missing.", line_no(i)),
                )
                .with_help("Enter the units of service as a whole number, e.g. 1."),
            ),
            Lenient::Raw(_) => out.push(
                data(
                    "units_not_a_number",
                    Severity::Error,
                    field,
                    format!("Line {}: the units are not a whole number.", line_no(i)),
                )
                .with_help("Enter the units of service as a whole number (digits only), e.g. 2."),
            ),
            Lenient::Valid(units) if *units <= 0 => out.push(
                data(
                    "units_not_positive",
                    Severity::Error,
                    field,
                    format!("Line {}: the units must be greater than zero.", line_no(i)),
                )
                .with_help("Enter the number of units performed (at least 1)."),
            ),
            Lenient::Valid(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, codes, run, with};
    use super::*;
    use serde_json::json;

    fn units(value: Lenient<i64>) -> Vec<(String, String)> {
        codes(&run(check, &with(|c| c.claim.claim.lines[0].units = value)))
    }

    #[test]
    fn pass() {
        assert!(run(check, &base()).findings.is_empty());
        assert!(units(Lenient::Valid(74)).is_empty());
    }

    #[test]
    fn fail() {
        let field = "claim.claim.lines[0].units".to_string();
        assert_eq!(units(Lenient::Valid(0)), vec![("units_not_positive".to_string(), field.clone())]);
        assert_eq!(units(Lenient::Valid(-3)), vec![("units_not_positive".to_string(), field.clone())]);
        assert_eq!(units(Lenient::Valid(i64::MIN)), vec![("units_not_positive".to_string(), field.clone())]);
        for raw in [json!("2x"), json!(1.5), json!(""), json!(null), json!([1]), json!(1e300)] {
            assert_eq!(
                units(Lenient::Raw(raw.clone())),
                vec![("units_not_a_number".to_string(), field.clone())],
                "{raw}"
            );
        }
    }
}
