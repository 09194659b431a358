//! Da Vinci PAS review actions (`extension-reviewAction`, X12 306 codes) on a ClaimResponse:
//! the case status, authorization-related outcomes, reason codes and reference numbers.

use super::builder::Builder;
use super::json::{codings, list, pick_code, text};
use crate::core::import::RemitInfo;
use serde_json::Value;

/// Da Vinci PAS (and HRex) review action extension URLs end so; the code sub-extension is
/// `…/extension-reviewActionCode` (PAS 1.x names it `code`).
pub(super) const REVIEW_ACTION: &str = "/StructureDefinition/extension-reviewAction";
pub(super) const REVIEW_ACTION_CODE: &str = "/StructureDefinition/extension-reviewActionCode";
/// X12 code list 306 (action codes, HCR01) as PAS codes it.
pub(super) const X12_306: &str = "https://codesystem.x12.org/005010/306";

/// One review action a PAS ClaimResponse gives (claim level or for an item).
pub(super) struct ReviewAction {
    pub(super) code: String,
    pub(super) at: String,
    pub(super) line: Option<usize>,
    pub(super) number: Option<(String, String)>,
    pub(super) reasons: Vec<(String, String)>,
}

/// The review actions among `extensions` (at `path`).
pub(super) fn review_actions(extensions: &[Value], path: &str, line: Option<usize>, out: &mut Vec<ReviewAction>) {
    for (e, ext) in extensions.iter().enumerate() {
        let url = text(ext, "url").unwrap_or("");
        let at = format!("{path}[{e}]");
        if url.ends_with(REVIEW_ACTION_CODE) {
            // A bare review action code (as some inquiry responses carry it).
            if let Some((j, code, _)) = pick_code(ext.get("valueCodeableConcept"), &[X12_306]) {
                let at = format!("{at}.valueCodeableConcept.coding[{j}]");
                out.push(ReviewAction { code: code.to_string(), at, line, number: None, reasons: Vec::new() });
            }
            continue;
        }
        if !url.ends_with(REVIEW_ACTION) {
            continue;
        }
        let mut action = ReviewAction { code: String::new(), at: at.clone(), line, number: None, reasons: Vec::new() };
        for (k, sub) in list(ext, "extension").iter().enumerate() {
            let sub_url = text(sub, "url").unwrap_or("");
            let sub_at = format!("{at}.extension[{k}]");
            if sub_url.ends_with(REVIEW_ACTION_CODE) || sub_url == "code" || sub_url == "reviewActionCode" {
                if let Some((j, code, _)) = pick_code(sub.get("valueCodeableConcept"), &[X12_306]) {
                    action.code = code.to_string();
                    action.at = format!("{sub_at}.valueCodeableConcept.coding[{j}]");
                }
            } else if sub_url == "number" {
                if let Some(number) = text(sub, "valueString") {
                    action.number = Some((number.to_string(), format!("{sub_at}.valueString")));
                }
            } else if sub_url == "reasonCode" {
                for (j, coding) in codings(sub.get("valueCodeableConcept")).iter().enumerate() {
                    if let Some(code) = text(coding, "code") {
                        action.reasons.push((code.to_string(), format!("{sub_at}.valueCodeableConcept.coding[{j}]")));
                    }
                }
            }
        }
        out.push(action);
    }
}

/// X12 306 action codes in words (this tool's own short words) and how serious each is for a
/// retro-authorization (0 = denied … higher = less).
pub(super) fn review_action_words(code: &str) -> (&'static str, u8) {
    match code {
        "A3" => ("not certified (denied)", 0),
        "A2" => ("certified in part (partly denied)", 1),
        "A6" => ("modified (approved with changes)", 2),
        "A4" => ("pended (no decision yet)", 3),
        "CT" => ("contact the payer", 4),
        "D" => ("deferred", 5),
        "C" => ("cancelled", 6),
        "NA" => ("no action required", 7),
        "A1" => ("certified in total (approved)", 8),
        _ => ("a review action code this tool does not know", 9),
    }
}

impl<'a> Builder<'a, '_> {
    /// Maps PAS review actions: the most serious becomes the case status ([`RemitInfo`]),
    /// denials (A3) and partial or modified approvals (A2, A6) are offered as
    /// authorization-related cases, their review reason codes (X12 HCR03) and reference
    /// numbers go into the denial text; a pended request (A4) is a warning, not a denial.
    pub(super) fn review_outcome(&mut self, reviews: &[ReviewAction]) -> Option<RemitInfo> {
        let worst = reviews.iter().filter(|r| !r.code.is_empty()).min_by_key(|r| review_action_words(&r.code).1)?;
        let (words, _) = review_action_words(&worst.code);
        let mut parts = Vec::new();
        for review in reviews.iter().filter(|r| !r.code.is_empty()) {
            let (words, _) = review_action_words(&review.code);
            let place = match review.line {
                Some(line) => format!("line {}", line + 1),
                None => "claim".to_string(),
            };
            let mut part =
                format!("Prior authorization review: {} (X12 306 {}, {place})", words, shown_code(&review.code));
            if !review.reasons.is_empty() {
                let codes: Vec<&str> = review.reasons.iter().map(|(c, _)| shown_code(c)).collect();
                part.push_str(&format!(", review reason code(s) {}", codes.join(", ")));
            }
            if let Some((number, from)) = &review.number {
                if matches!(review.code.as_str(), "A1" | "A2" | "A6") {
                    self.prior_auth(number, from.clone());
                } else {
                    part.push_str(&format!(", payer reference {number}"));
                }
            }
            parts.push(part);
            if review.code == "A4" {
                self.report.warn(
                    "pended",
                    review.at.clone(),
                    "the payer pended this prior-authorization request (A4): no decision yet, not a denial",
                );
            } else if review_action_words(&review.code).1 == 9 {
                self.report.warn(
                    "unknown_review_action",
                    review.at.clone(),
                    "a review action code this tool does not know; check it",
                );
            }
        }
        for review in reviews.iter().filter(|r| r.code.is_empty()) {
            self.report.warn("no_review_action_code", review.at.clone(), "a review action has no action code");
        }
        let text = format!("{}.", parts.join("; "));
        let denial = &mut self.case.claim.claim.denial;
        denial.text = if denial.text.trim().is_empty() { text } else { format!("{} {text}", denial.text) };
        let froms: Vec<String> = reviews
            .iter()
            .flat_map(|r| std::iter::once(r.at.clone()).chain(r.reasons.iter().map(|(_, at)| at.clone())))
            .collect();
        self.report.fill(
            "claim.claim.denial.text",
            format!("{} (PAS review actions; the case status is the most serious, at {})", froms.join(", "), worst.at),
        );
        Some(RemitInfo { status_code: worst.code.clone(), status: words, ..RemitInfo::default() })
    }
}

/// A code that is safe to quote in a text (short, letters and digits).
pub(super) fn shown_code(code: &str) -> &str {
    let c = code.trim();
    if !c.is_empty() && c.len() <= 8 && c.bytes().all(|b| b.is_ascii_alphanumeric()) { c } else { "?" }
}
