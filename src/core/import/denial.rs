//! Denial codes: the claim adjustment reasons ([`AdjustmentCode`], CARC) and remark codes
//! ([`RemarkCode`], RARC) as a source gives them, normalised with the code tables'
//! normalisers ([`carc::normalize`], [`rarc::normalize`]), which of them are
//! authorization-related, and the case's `denial` fields filled from them.

use super::ImportReport;
use crate::core::codes::carc::{self, Topic};
use crate::core::codes::rarc;
use crate::core::model::Case;
use serde::Serialize;
use std::collections::HashSet;
use std::fmt::Write as _;

/// A claim adjustment (CARC) as the source gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdjustmentCode {
    /// Group code (`CO`, `PR`, `OA`, `PI`, `CR`); empty when the source has none (FHIR).
    pub group: String,
    /// The reason code (`197`).
    pub code: String,
    /// The amount as written (`1200.00`); empty when absent.
    pub amount: String,
    /// 0-based service line index, or `None` for the claim level.
    pub line: Option<usize>,
    /// True when the code is authorization-related.
    pub auth_related: bool,
    /// The project's own explanation, when the code is known to this tool.
    pub explanation: Option<&'static str>,
}

impl AdjustmentCode {
    /// `CO-197`, or `197` without a group.
    pub fn label(&self) -> String {
        if self.group.is_empty() { self.code.clone() } else { format!("{}-{}", self.group, self.code) }
    }
}

/// A remark code (RARC) as the source gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemarkCode {
    /// The code (`M62`).
    pub code: String,
    /// 0-based service line index, or `None` for the claim level.
    pub line: Option<usize>,
    /// True when the code is authorization-related.
    pub auth_related: bool,
    /// The project's own explanation, when the code is known to this tool.
    pub explanation: Option<&'static str>,
}

fn auth_topic(topic: Topic) -> bool {
    matches!(
        topic,
        Topic::AuthorizationAbsent
            | Topic::AuthorizationMismatch
            | Topic::AuthorizationExceeded
            | Topic::AuthorizationDenied
            | Topic::ReferralAbsent
            | Topic::NotEmergency
    )
}

/// The CARC as the code table spells it ([`carc::normalize`]: `0197` → `197`, `a1` → `A1`,
/// `CO-197` → `197`). A code with more leading zeros than the table's four digits (`00197`) is
/// read without them. Anything else is not a CARC: it is kept as written (trimmed, upper case),
/// so nothing is lost, and it is simply not found in the table.
fn normal_carc(code: &str) -> String {
    carc::normalize(code)
        .or_else(|| {
            let code = code.trim();
            let unpadded = code.trim_start_matches('0');
            (unpadded.len() < code.len()).then(|| carc::normalize(if unpadded.is_empty() { "0" } else { unpadded }))?
        })
        .unwrap_or_else(|| upper(code))
}

/// The RARC as the code table spells it ([`rarc::normalize`]: ` m62 ` → `M62`); anything else
/// kept as written (trimmed, upper case).
fn normal_rarc(code: &str) -> String {
    rarc::normalize(code).unwrap_or_else(|| upper(code))
}

fn upper(text: &str) -> String {
    let text = text.trim();
    if text.bytes().any(|b| b.is_ascii_lowercase()) { text.to_ascii_uppercase() } else { text.to_string() }
}

/// True when a CARC says the denial is about authorization (absent, mismatched, exceeded,
/// refused), a referral, or a disputed emergency.
pub fn carc_is_auth_related(code: &str) -> bool {
    carc::lookup(&normal_carc(code)).is_some_and(|c| auth_topic(c.topic))
}

/// True when a RARC says the denial is about authorization.
pub fn rarc_is_auth_related(code: &str) -> bool {
    rarc::lookup(&normal_rarc(code)).is_some_and(|r| auth_topic(r.topic))
}

pub(crate) fn adjustment(group: &str, code: &str, amount: &str, line: Option<usize>) -> AdjustmentCode {
    let code = normal_carc(code);
    let known = carc::lookup(&code);
    AdjustmentCode {
        group: upper(group),
        auth_related: known.is_some_and(|c| auth_topic(c.topic)),
        explanation: known.map(|c| c.explanation),
        code,
        amount: amount.trim().to_string(),
        line,
    }
}

pub(crate) fn remark(code: &str, line: Option<usize>) -> RemarkCode {
    let code = normal_rarc(code);
    let known = rarc::lookup(&code);
    RemarkCode {
        auth_related: known.is_some_and(|r| auth_topic(r.topic)),
        explanation: known.map(|r| r.explanation),
        code,
        line,
    }
}

/// Fills `denial.carc`, `.rarc` and `.text` from the codes: CARC = the first authorization-related
/// code (else the first code this tool knows, else the first); RARC = the distinct remark codes,
/// authorization-related first; text = every code with its group, amount and line.
pub(crate) fn fill_denial_codes(
    case: &mut Case,
    report: &mut ImportReport,
    carcs: &[AdjustmentCode],
    rarcs: &[RemarkCode],
    from: &str,
) {
    let primary = carcs
        .iter()
        .find(|c| c.auth_related)
        .or_else(|| carcs.iter().find(|c| c.explanation.is_some()))
        .or_else(|| carcs.first());
    let denial = &mut case.claim.claim.denial;
    if let Some(primary) = primary {
        denial.carc = primary.code.clone();
        report.fill("claim.claim.denial.carc", format!("{from} (the first authorization-related adjustment reason)"));
    }
    let mut rarc = String::new();
    let mut seen = HashSet::new();
    for pass in [true, false] {
        for r in rarcs {
            if r.auth_related == pass && seen.insert(r.code.as_str()) {
                if !rarc.is_empty() {
                    rarc.push_str(", ");
                }
                rarc.push_str(&r.code);
            }
        }
    }
    if !rarc.is_empty() {
        denial.rarc = rarc;
        report.fill("claim.claim.denial.rarc", format!("{from} (remark codes)"));
    }
    // The text: every code with its group, amount and place, in one string.
    let mut text = String::new();
    for (i, c) in carcs.iter().enumerate() {
        text.push_str(if i == 0 { "Adjustments: " } else { "; " });
        if !c.group.is_empty() {
            text.push_str(&c.group);
            text.push('-');
        }
        text.push_str(&c.code);
        if !c.amount.is_empty() {
            text.push(' ');
            text.push_str(&c.amount);
        }
        match c.line {
            Some(line) => {
                let _ = write!(text, " (line {})", line + 1);
            }
            None => text.push_str(" (claim)"),
        }
    }
    if !carcs.is_empty() {
        text.push('.');
    }
    for (i, r) in rarcs.iter().enumerate() {
        if i == 0 {
            text.push_str(if text.is_empty() { "Remarks: " } else { " Remarks: " });
        } else {
            text.push_str("; ");
        }
        text.push_str(&r.code);
        match r.line {
            Some(line) => {
                let _ = write!(text, " (line {})", line + 1);
            }
            None => text.push_str(" (claim)"),
        }
    }
    if !rarcs.is_empty() {
        text.push('.');
    }
    if !text.is_empty() {
        denial.text = text;
        report.fill("claim.claim.denial.text", format!("{from} (codes listed as the remittance gives them)"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_codes() {
        for code in ["197", "198", "15", "243", "39", "40", "0197"] {
            assert!(carc_is_auth_related(code), "{code}");
        }
        for code in ["45", "1", "2", "50", "16", ""] {
            assert!(!carc_is_auth_related(code), "{code}");
        }
        for code in ["N54", "M62", "N362"] {
            assert!(rarc_is_auth_related(code), "{code}");
        }
        assert!(!rarc_is_auth_related("N130"));
    }

    /// The old import-only normaliser (leading zeros off, upper case), kept here to show the
    /// shared one gives the same code for every input it accepted that is a CARC.
    fn old_normal_carc(code: &str) -> String {
        let code = code.trim();
        let trimmed = code.trim_start_matches('0');
        let trimmed = if trimmed.is_empty() && !code.is_empty() { "0" } else { trimmed };
        trimmed.to_ascii_uppercase()
    }

    #[test]
    fn carc_normalising_is_the_code_tables() {
        for code in ["197", "0197", " 197 ", "00197", "000197", "16", "016", "a1", "A1", "b7", " P14", "0", "000", "45"]
        {
            assert_eq!(normal_carc(code), old_normal_carc(code), "{code:?}");
            assert_eq!(adjustment("co", code, "1", None).code, old_normal_carc(code), "{code:?}");
        }
        // Now also read: a group prefix in the code element, a letter code with a zero.
        assert_eq!(normal_carc("CO-197"), "197");
        assert_eq!(normal_carc("co 197"), "197");
        assert_eq!(normal_carc("A01"), "A1");
        assert!(carc_is_auth_related("CO-197"));
        // Not a CARC: kept as written, upper case, never dropped.
        for (code, kept) in [("x-ray", "X-RAY"), ("12345", "12345"), ("", ""), ("1 97", "1 97"), ("197a", "197A")] {
            assert_eq!(normal_carc(code), kept, "{code:?}");
            assert!(!carc_is_auth_related(code), "{code:?}");
        }
        assert_eq!(adjustment(" pr ", "zz9", " 12.50 ", Some(2)).group, "PR");
    }

    #[test]
    fn rarc_normalising_is_the_code_tables() {
        for (code, normal) in [(" m62 ", "M62"), ("N54", "N54"), ("ma130", "MA130"), ("n362", "N362")] {
            assert_eq!(remark(code, None).code, normal, "{code:?}");
        }
        assert!(remark("m62", None).auth_related);
        assert!(rarc_is_auth_related(" m62"), "the same normaliser for the predicate and the import");
        for (code, kept) in [("x1", "X1"), ("N12345", "N12345"), ("", ""), ("M 62", "M 62")] {
            assert_eq!(remark(code, Some(0)).code, kept, "{code:?}");
            assert!(!remark(code, Some(0)).auth_related, "{code:?}");
        }
    }
}
