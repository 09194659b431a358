//! Rule `modifiers`: each line's modifiers are two-character codes, at most four, no repeats.
//!
//! ## What it checks
//! For each modifier `j` of `claim.claim.lines[i].modifiers` (findings name the line's modifiers
//! input, `claim.claim.lines[i].modifiers`, so they show beside it; the message says which
//! modifier):
//! - not exactly 2 ASCII letters or digits → `malformed_modifier` (Error; Warning when the only
//!   problem is lower case, e.g. `rt`);
//! - more than 4 modifiers on a line → `too_many_modifiers` (Warning, on the list);
//! - the same modifier twice on a line → `duplicate_modifier` (Warning).
//!
//! Whether a modifier is valid for the code (NCCI, payer policy) is out of scope.
//!
//! ## Why it matters
//! Claim formats carry up to four 2-character modifiers per line (CMS-1500 24D, 837 SV101-3..6);
//! anything else is truncated or rejected, and laterality modifiers (RT/LT) often decide whether
//! the service matches the authorization.
//!
//! ## What satisfies it
//! `RT`, `25`, `GN`, `RR`, `33`.
//!
//! ## References
//! - ../shared/domain/RETRO-AUTH.md §6.4 ("Modifiers: two alphanumeric characters").
//! - CMS-1500 item 24D (up to four modifiers).

use super::{Out, data, line_no};
use crate::core::finding::Severity;
use crate::core::form::{Field, LineField};
use crate::core::validate::context::Ctx;

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    for (i, line) in ctx.lines().iter().enumerate() {
        let mut seen = std::collections::HashSet::new();
        for (j, modifier) in line.modifiers.iter().enumerate() {
            let field = Field::Line(i, LineField::Modifiers).path();
            let alnum = modifier.len() == 2 && modifier.bytes().all(|b| b.is_ascii_alphanumeric());
            if !alnum {
                out.push(
                    data(
                        "malformed_modifier",
                        Severity::Error,
                        field.clone(),
                        format!("Line {}: modifier {} is not two letters or digits.", line_no(i), line_no(j)),
                    )
                    .with_help("A modifier is exactly two characters, e.g. RT, 25, GN; enter one per box."),
                );
            } else if modifier.bytes().any(|b| b.is_ascii_lowercase()) {
                out.push(
                    data(
                        "malformed_modifier",
                        Severity::Warning,
                        field.clone(),
                        format!("Line {}: modifier {} is in lower case.", line_no(i), line_no(j)),
                    )
                    .with_help("Claims carry modifiers in capitals, e.g. RT."),
                );
            } else if !seen.insert(modifier) {
                out.push(
                    data(
                        "duplicate_modifier",
                        Severity::Warning,
                        field,
                        format!("Line {}: modifier {} repeats an earlier one.", line_no(i), line_no(j)),
                    )
                    .with_help("Each modifier appears once per line."),
                );
            }
        }
        if line.modifiers.len() > 4 {
            out.push(
                data(
                    "too_many_modifiers",
                    Severity::Warning,
                    Field::Line(i, LineField::Modifiers).path(),
                    format!("Line {}: more than four modifiers.", line_no(i)),
                )
                .with_help("A claim line carries at most four modifiers; put the pricing modifiers first."),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, codes, run, with};
    use super::*;

    fn modifiers(list: &[&str]) -> crate::core::model::Case {
        with(|c| c.claim.claim.lines[0].modifiers = list.iter().map(|m| m.to_string()).collect())
    }

    #[test]
    fn pass() {
        assert!(run(check, &base()).findings.is_empty());
        assert!(run(check, &modifiers(&["RT", "59", "XS", "GA"])).findings.is_empty());
    }

    #[test]
    fn fail() {
        let out = run(check, &modifiers(&["R", "RTX", "", "r1", "é1"]));
        assert_eq!(out.findings.len(), 6);
        assert!(out.findings.iter().all(|f| f.code == "malformed_modifier" || f.code == "too_many_modifiers"));
        assert_eq!(
            codes(&run(check, &modifiers(&["rt"]))),
            vec![("malformed_modifier".into(), "claim.claim.lines[0].modifiers".into())]
        );
        assert_eq!(
            codes(&run(check, &modifiers(&["RT", "RT"]))),
            vec![("duplicate_modifier".into(), "claim.claim.lines[0].modifiers".into())]
        );
        // Every finding lands on the line's modifiers input, and the message names the modifier.
        let two_lines = with(|c| {
            let mut second = c.claim.claim.lines[0].clone();
            second.modifiers = vec!["RT".into(), "rt".into()];
            c.claim.claim.lines.push(second);
        });
        let out = run(check, &two_lines);
        let finding = out.findings.iter().find(|f| f.code == "malformed_modifier").expect("finding");
        assert_eq!(finding.field.as_deref(), Some("claim.claim.lines[1].modifiers"));
        assert_eq!(finding.message, "Line 2: modifier 2 is in lower case.");
        assert_eq!(
            crate::core::form::Field::from_path("claim.claim.lines[1].modifiers"),
            Some(Field::Line(1, LineField::Modifiers))
        );
        assert!(
            codes(&run(check, &modifiers(&["RT", "59", "XS", "GA", "GY"])))
                .contains(&("too_many_modifiers".to_string(), "claim.claim.lines[0].modifiers".to_string()))
        );
    }
}
