//! Rule `procedure_code`: each line's CPT/HCPCS code has a valid format. Vocabulary code
//! `malformed_cpt_hcpcs`.
//!
//! ## What it checks
//! `claim.claim.lines[i].cpt_or_hcpcs`:
//! - not 5 digits (CPT Category I), not 4 digits + `F`/`T`/`U` (Category II, III, PLA), and not a
//!   letter `A`–`V` + 4 digits (HCPCS Level II) → `malformed_cpt_hcpcs` (Error). Exactly
//!   VOCABULARY.md §4, so the text must match as typed (no trimming, capitals only).
//! - `null` (or blank) is allowed only on an institutional line that carries a revenue code;
//!   anywhere else → `malformed_cpt_hcpcs` ("missing").
//! - a well-formed HCPCS code starting with `F`, `I`, `N` or `O`, letters CMS does not issue →
//!   `hcpcs_letter_not_issued` (Warning; `O` is often a zero typed as a letter).
//!
//! Format only: CPT descriptors are AMA-licensed, so whether a CPT code exists is not checked.
//!
//! ## Why it matters
//! A malformed code (`2284O` for `22840`) is rejected at the clearinghouse, and a retro request
//! must name exactly the codes that were performed.
//!
//! ## What satisfies it
//! `27130`, `0042T`, `3008F`, `0001U`, `J9312`, `A0431`; `null` on a revenue-code-only
//! institutional line.
//!
//! ## References
//! - ../shared/cases/VOCABULARY.md §4 `malformed_cpt_hcpcs`; `reference_data_errors` in
//!   ../shared/cases/tools/validate_set.py.
//! - ../shared/domain/RETRO-AUTH.md §6.4 (code formats); ECOSYSTEM.md §1.1 (CPT licensing).

use super::{Out, data, line_no, shown};
use crate::core::finding::Severity;
use crate::core::form::{Field, LineField};
use crate::core::validate::context::{Ctx, blank, blank_opt};

/// True for a CPT (Category I/II/III, PLA) or HCPCS Level II code, exactly as the vocabulary
/// defines them.
pub(crate) fn procedure_code_ok(code: &str) -> bool {
    let b = code.as_bytes();
    if b.len() != 5 {
        return false;
    }
    let digits = |range: std::ops::Range<usize>| b.get(range).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let cpt = digits(0..5) || (digits(0..4) && matches!(b.get(4), Some(b'F' | b'T' | b'U')));
    let hcpcs = matches!(b.first(), Some(b'A'..=b'V')) && digits(1..5);
    cpt || hcpcs
}

/// A likely intended code when letters stand in for digits (`O`→`0`, `I`/`l`→`1`), if that
/// makes the code well formed.
pub(crate) fn digit_lookalike_fix(code: &str) -> Option<String> {
    let fixed: String = code
        .trim()
        .char_indices()
        .map(|(i, c)| match c {
            'O' | 'o' if i > 0 => '0',
            'I' | 'l' if i > 0 => '1',
            c => c.to_ascii_uppercase(),
        })
        .collect();
    (fixed != code && procedure_code_ok(&fixed)).then_some(fixed)
}

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    for (i, line) in ctx.lines().iter().enumerate() {
        let field = Field::Line(i, LineField::Code).path();
        let code = line.cpt_or_hcpcs.as_deref();
        if blank_opt(code) {
            let revenue_only = ctx.institutional() && !blank_opt(line.revenue_code.as_deref());
            if !revenue_only {
                out.push(
                    data(
                        "malformed_cpt_hcpcs",
                        Severity::Error,
                        field,
                        format!("Line {}: the CPT/HCPCS code is missing.", line_no(i)),
                    )
                    .with_help(
                        "Enter the CPT or HCPCS code billed. Only institutional lines with a revenue code may leave it empty.",
                    ),
                );
            }
            continue;
        }
        let code = code.unwrap_or_default();
        if !procedure_code_ok(code) {
            let mut help = "CPT codes are 5 digits (Category I) or 4 digits + F, T or U (Category II, III, PLA); \
                            HCPCS Level II codes are a letter A–V + 4 digits."
                .to_string();
            if let Some(fix) = digit_lookalike_fix(code) {
                help.push_str(&format!(" Did you mean {fix}? A letter seems to stand in for a digit."));
            } else if code.trim() != code && !blank(code) && procedure_code_ok(code.trim()) {
                help.push_str(" Remove the spaces around the code.");
            }
            out.push(
                data(
                    "malformed_cpt_hcpcs",
                    Severity::Error,
                    field,
                    format!("Line {}: {} is not a CPT or HCPCS code format.", line_no(i), shown(code)),
                )
                .with_help(help),
            );
        } else if matches!(code.as_bytes().first(), Some(b'F' | b'I' | b'N' | b'O')) {
            out.push(
                data(
                    "hcpcs_letter_not_issued",
                    Severity::Warning,
                    field,
                    format!("Line {}: HCPCS Level II codes do not start with this letter.", line_no(i)),
                )
                .with_help("CMS does not issue HCPCS codes starting with F, I, N or O; check for a typo (O for 0?)."),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, codes, run, with};
    use super::*;

    #[test]
    fn format_vectors() {
        for ok in ["27130", "0042T", "3008F", "0001U", "J9312", "A0431", "V2020", "G0299"] {
            assert!(procedure_code_ok(ok), "{ok}");
        }
        for bad in ["2284O", "2713", "271300", "W1234", "Z1234", "j9312", " 27130", "0042X", "", "J93１2", "９９２１３"]
        {
            assert!(!procedure_code_ok(bad), "{bad}");
        }
        assert_eq!(digit_lookalike_fix("2284O").as_deref(), Some("22840"));
        assert_eq!(digit_lookalike_fix("J93I2").as_deref(), Some("J9312"));
        assert_eq!(digit_lookalike_fix("hello"), None);
    }

    #[test]
    fn pass() {
        assert!(run(check, &base()).findings.is_empty());
        let revenue_only = with(|c| {
            c.claim.claim.claim_type = "institutional".into();
            c.claim.claim.lines[0].revenue_code = Some("0250".into());
            c.claim.claim.lines[0].cpt_or_hcpcs = None;
        });
        assert!(run(check, &revenue_only).findings.is_empty());
    }

    #[test]
    fn fail() {
        let field = "claim.claim.lines[0].cpt_or_hcpcs".to_string();
        let typo = with(|c| c.claim.claim.lines[0].cpt_or_hcpcs = Some("2284O".into()));
        let out = run(check, &typo);
        assert_eq!(codes(&out), vec![("malformed_cpt_hcpcs".to_string(), field.clone())]);
        assert!(out.findings[0].help.as_deref().unwrap_or("").contains("22840"));
        let null_professional = with(|c| {
            c.claim.claim.lines[0].revenue_code = Some("0250".into());
            c.claim.claim.lines[0].cpt_or_hcpcs = None;
        });
        assert_eq!(codes(&run(check, &null_professional)), vec![("malformed_cpt_hcpcs".to_string(), field.clone())]);
        let null_no_revenue = with(|c| {
            c.claim.claim.claim_type = "institutional".into();
            c.claim.claim.lines[0].cpt_or_hcpcs = None;
        });
        assert_eq!(codes(&run(check, &null_no_revenue)), vec![("malformed_cpt_hcpcs".to_string(), field.clone())]);
        let letter = with(|c| c.claim.claim.lines[0].cpt_or_hcpcs = Some("O1234".into()));
        assert_eq!(codes(&run(check, &letter)), vec![("hcpcs_letter_not_issued".to_string(), field)]);
    }
}
