//! Value normalisers shared by the parsers: amounts and units as typed ([`Lenient`] keeps what
//! does not parse), ICD-10-CM decimal points, the claim's dates from its lines, the plan type
//! from a claim filing indicator and the 835 claim status in words.

use super::ImportReport;
use crate::core::model::{Case, Lenient};
use std::borrow::Cow;

/// An X12 or JSON decimal as typed: a number when it is one (`.5` and `100.` are read as 0.5
/// and 100), else the text, kept.
pub(crate) fn amount(text: &str) -> (Lenient<serde_json::Number>, bool) {
    let t = text.trim();
    let mut normal = Cow::Borrowed(t);
    if let Some(rest) = t.strip_prefix("-.") {
        normal = Cow::Owned(format!("-0.{rest}"));
    } else if let Some(rest) = t.strip_prefix('.') {
        normal = Cow::Owned(format!("0.{rest}"));
    }
    let normal = normal.strip_suffix('.').unwrap_or(&normal);
    let valid = !normal.is_empty()
        && normal.bytes().enumerate().all(|(i, b)| b.is_ascii_digit() || b == b'.' || (i == 0 && b == b'-'))
        && normal.bytes().filter(|b| *b == b'.').count() <= 1;
    if valid && let Ok(number) = serde_json::from_str::<serde_json::Number>(normal) {
        return (Lenient::Valid(number), true);
    }
    (Lenient::Raw(serde_json::Value::String(t.to_string())), false)
}

/// Units as typed: an integer when it is one (`2`, `2.0`), else the text, kept.
pub(crate) fn units(text: &str) -> (Lenient<i64>, bool) {
    let t = text.trim();
    let (whole, fraction) = t.split_once('.').unwrap_or((t, ""));
    let digits = whole.strip_prefix('-').unwrap_or(whole);
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b == b'0')
        && let Ok(n) = whole.parse::<i64>()
    {
        return (Lenient::Valid(n), true);
    }
    (Lenient::Raw(serde_json::Value::String(t.to_string())), false)
}

/// An ICD-10-CM code as claims send it (`M5416`) with its decimal point (`M54.16`).
pub(crate) fn icd10_with_decimal(code: &str) -> (String, bool) {
    let code = code.trim();
    if code.len() > 3 && !code.contains('.') && code.is_ascii() && code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        let (head, tail) = code.split_at(3);
        (format!("{head}.{tail}"), true)
    } else {
        (code.to_string(), false)
    }
}

/// Sets the claim's single date of service (all line dates the same day) or its from/to range
/// (earliest and latest line date) from the service lines' dates. `sources` names them in the
/// report: `[same day, earliest, latest]`.
pub(crate) fn dates_from_lines(
    claim: &mut crate::core::model::Claim,
    report: &mut ImportReport,
    sources: [&'static str; 3],
) {
    let dates: Vec<&str> = claim
        .lines
        .iter()
        .flat_map(|l| [l.from.as_deref(), l.to.as_deref()])
        .flatten()
        .filter(|d| !d.trim().is_empty())
        .collect();
    let (Some(min), Some(max)) = (dates.iter().min(), dates.iter().max()) else { return };
    let [same_day, earliest, latest] = sources;
    if min == max {
        claim.date_of_service = Some(min.to_string());
        report.fill("claim.claim.date_of_service", same_day);
    } else {
        claim.from = Some(min.to_string());
        claim.to = Some(max.to_string());
        claim.date_of_service = None;
        report.fill("claim.claim.from", earliest);
        report.fill("claim.claim.to", latest);
    }
}

/// Claim filing indicator (835 CLP06, 837 SBR09) → `plan_type`, when it says one clearly.
pub(crate) fn plan_type(indicator: &str) -> Option<&'static str> {
    match indicator.trim() {
        "16" => Some("medicare_advantage"),
        "MC" => Some("medicaid_mco"),
        "12" | "13" | "14" | "15" | "17" | "BL" | "CI" | "HM" | "DS" => Some("commercial"),
        _ => None,
    }
}

/// Sets `payer.plan_type` from a claim filing indicator, with a warning when it is unclear.
pub(crate) fn fill_plan_type(case: &mut Case, report: &mut ImportReport, indicator: &str, at: String) {
    if indicator.trim().is_empty() {
        return;
    }
    match plan_type(indicator) {
        Some(kind) => {
            case.claim.payer.plan_type = kind.to_string();
            let note = if kind == "medicaid_mco" {
                report.warn(
                    "plan_type_guess",
                    at.clone(),
                    "the claim filing indicator says Medicaid; check that the plan is a managed-care organisation",
                );
                " (Medicaid: assumed managed care)"
            } else {
                ""
            };
            report.fill("claim.payer.plan_type", format!("{at} (claim filing indicator){note}"));
        }
        None => report.warn(
            "plan_type_unknown",
            at,
            "the claim filing indicator does not say commercial, Medicare Advantage or Medicaid managed care; \
             set the plan type by hand",
        ),
    }
}

/// Words for an 835 CLP02 claim status.
pub(crate) fn claim_status_words(code: &str) -> &'static str {
    match code.trim() {
        "1" => "processed as primary",
        "2" => "processed as secondary",
        "3" => "processed as tertiary",
        "4" => "denied",
        "19" => "processed as primary, forwarded to additional payer(s)",
        "20" => "processed as secondary, forwarded to additional payer(s)",
        "21" => "processed as tertiary, forwarded to additional payer(s)",
        "22" => "reversal of previous payment",
        "23" => "not our claim, forwarded to additional payer(s)",
        "25" => "predetermination pricing only, no payment",
        _ => "unknown status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_what_does_not_parse() {
        assert_eq!(amount("150000").0.as_text(), "150000");
        assert_eq!(amount("11980.33").0.as_text(), "11980.33");
        assert_eq!(amount(".5").0.as_text(), "0.5");
        assert_eq!(amount("-.5").0.as_text(), "-0.5");
        assert!(!amount("12a").1);
        assert!(!amount("1e5").1, "no exponents in X12");
        assert!(!amount("").1);
        assert_eq!(units("3").0, Lenient::Valid(3));
        assert_eq!(units("3.0").0, Lenient::Valid(3));
        assert!(!units("1.5").1);
        assert_eq!(icd10_with_decimal("M5416").0, "M54.16");
        assert_eq!(icd10_with_decimal("I10").0, "I10");
        assert_eq!(icd10_with_decimal("M54.16").0, "M54.16");
    }
}
