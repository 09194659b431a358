//! Rule `revenue_codes`: revenue codes are 4 digits, and institutional lines carry one.
//!
//! ## What it checks
//! - A non-blank `claim.claim.lines[i].revenue_code` that is not 4 ASCII digits →
//!   `malformed_revenue_code` (Error) on that field (any claim type).
//! - An institutional line without a revenue code → `missing_revenue_code` (Warning).
//!
//! ## Why it matters
//! On a UB-04 claim every line is keyed by its revenue code (form locator 42); a line without
//! one, or with a 3-digit code missing its leading zero, is rejected or mispriced.
//!
//! ## What satisfies it
//! `0450`, `0120`, `0636`.
//!
//! ## References
//! - NUBC UB-04 FL42 (revenue code, 4 digits with a leading zero).
//! - ../shared/cases/README.md §1 ("a revenue-code-only line has `cpt_or_hcpcs: null`").

use super::{Out, data, line_no};
use crate::core::finding::Severity;
use crate::core::form::{Field, LineField};
use crate::core::validate::context::{Ctx, blank, blank_opt};

/// True for 4 ASCII digits.
pub(crate) fn revenue_code_ok(text: &str) -> bool {
    let text = text.trim();
    text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit())
}

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    for (i, line) in ctx.lines().iter().enumerate() {
        match line.revenue_code.as_deref() {
            Some(code) if !blank(code) && !revenue_code_ok(code) => out.push(
                data(
                    "malformed_revenue_code",
                    Severity::Error,
                    Field::Line(i, LineField::RevenueCode).path(),
                    format!("Line {}: the revenue code is not 4 digits.", line_no(i)),
                )
                .with_help("Revenue codes are 4 digits with a leading zero, e.g. 0450 (emergency room)."),
            ),
            code if ctx.institutional() && blank_opt(code) => out.push(
                data(
                    "missing_revenue_code",
                    Severity::Warning,
                    Field::Line(i, LineField::RevenueCode).path(),
                    format!("Line {}: an institutional line has no revenue code.", line_no(i)),
                )
                .with_help("Every UB-04 line needs a revenue code (form locator 42)."),
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, codes, run, with};
    use super::*;

    #[test]
    fn pass() {
        assert!(run(check, &base()).findings.is_empty(), "professional line without revenue code");
        let case = with(|c| {
            c.claim.claim.claim_type = "institutional".into();
            c.claim.claim.lines[0].revenue_code = Some("0450".into());
        });
        assert!(run(check, &case).findings.is_empty());
    }

    #[test]
    fn fail() {
        let case = with(|c| c.claim.claim.lines[0].revenue_code = Some("450".into()));
        assert_eq!(
            codes(&run(check, &case)),
            vec![("malformed_revenue_code".into(), "claim.claim.lines[0].revenue_code".into())]
        );
        let case = with(|c| c.claim.claim.claim_type = "institutional".into());
        assert_eq!(
            codes(&run(check, &case)),
            vec![("missing_revenue_code".into(), "claim.claim.lines[0].revenue_code".into())]
        );
    }
}
