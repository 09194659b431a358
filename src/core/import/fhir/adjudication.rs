//! What the payer decided: adjudication reason codes (CARC / RARC, by system or by shape),
//! disposition and process notes, and the decision date.

use super::builder::Builder;
use super::json::{codings, fhir_date, list, text};
use super::refs::Found;
use crate::core::import::{adjustment, fill_denial_codes, remark};
use serde_json::Value;

impl<'a, 'i> Builder<'a, 'i> {
    /// Reads adjudication entries: reason codes become CARCs/RARCs; amounts are listed.
    pub(super) fn adjudication(&mut self, entries: &'a [Value], line: Option<usize>, path: &str) {
        for (i, entry) in entries.iter().enumerate() {
            let at = format!("{path}[{i}]");
            let amount_text =
                entry.get("amount").and_then(|a| a.get("value")).map(|v| v.to_string()).unwrap_or_default();
            let mut coded = false;
            for (concept_key, concept) in [("reason", entry.get("reason")), ("category", entry.get("category"))] {
                for (j, coding) in codings(concept).iter().enumerate() {
                    let Some(code) = text(coding, "code") else { continue };
                    let system = text(coding, "system").unwrap_or("");
                    let lower = system.to_ascii_lowercase();
                    let bare = system.is_empty() && concept_key == "reason";
                    let is_rarc = lower.contains("remittance-advice-remark")
                        || lower.contains("/rarc")
                        || (bare && rarc_shaped(code));
                    let is_carc = !is_rarc
                        && (lower.contains("claim-adjustment-reason")
                            || lower.contains("/carc")
                            || (bare && carc_shaped(code)));
                    if is_carc {
                        self.carc.push(adjustment("", code, &amount_text, line));
                        self.codes_from.push(format!("{at}.{concept_key}.coding[{j}]"));
                        coded = true;
                    } else if is_rarc {
                        self.rarc.push(remark(code, line));
                        self.codes_from.push(format!("{at}.{concept_key}.coding[{j}]"));
                        coded = true;
                    } else if concept_key == "reason" {
                        self.report.unmapped(
                            "adjudication reason from a code system other than CARC/RARC",
                            format!("{at}.reason"),
                        );
                    }
                }
            }
            if !coded {
                self.report.unmapped("adjudication amounts (eligible, benefit, copay…)", at);
            }
        }
    }

    /// EOB / ClaimResponse: disposition, notes, outcome, payment date.
    pub(super) fn payer_decision(&mut self, found: &Found<'a>) {
        let v = found.value;
        let p = found.path.clone();
        let mut text_parts = Vec::new();
        if let Some(disposition) = text(v, "disposition") {
            text_parts.push((disposition.to_string(), format!("{p}.disposition")));
        }
        for (i, note) in list(v, "processNote").iter().enumerate() {
            if let Some(t) = text(note, "text") {
                text_parts.push((t.to_string(), format!("{p}.processNote[{i}].text")));
            }
        }
        if text(v, "outcome") == Some("error") {
            self.report.warn(
                "outcome_error",
                format!("{p}.outcome"),
                "the payer could not process the claim (outcome error)",
            );
        }
        for (i, _) in list(v, "error").iter().enumerate() {
            self.report.warn(
                "payer_error",
                format!("{p}.error[{i}].code"),
                "the payer reported a processing error on the claim; read its code in the source",
            );
        }
        let payment_date = v.get("payment").and_then(|pay| text(pay, "date"));
        match (payment_date, text(v, "created")) {
            (Some(date), _) => {
                self.case.claim.claim.denial.date = fhir_date(date);
                self.report.fill("claim.claim.denial.date", format!("{p}.payment.date"));
            }
            (None, Some(created)) => {
                self.case.claim.claim.denial.date = fhir_date(created);
                self.report
                    .fill("claim.claim.denial.date", format!("{p}.created (date the payer's response was created)"));
            }
            _ => {}
        }
        if v.get("payment").is_some() {
            self.report.unmapped("payment amounts and identifiers", format!("{p}.payment"));
        }
        let from = if self.codes_from.is_empty() { format!("{p} adjudication") } else { self.codes_from.join(", ") };
        let (carc, rarc) = (std::mem::take(&mut self.carc), std::mem::take(&mut self.rarc));
        fill_denial_codes(&mut self.case, &mut self.report, &carc, &rarc, &from);
        (self.carc, self.rarc) = (carc, rarc);
        if !text_parts.is_empty() {
            let payer_text: Vec<&str> = text_parts.iter().map(|(t, _)| t.as_str()).collect();
            let denial = &mut self.case.claim.claim.denial;
            let codes = std::mem::take(&mut denial.text);
            denial.text = payer_text.join(" ");
            if !codes.is_empty() {
                denial.text = format!("{} {codes}", denial.text);
            }
            self.report.filled.retain(|f| f.field != "claim.claim.denial.text");
            let froms: Vec<&str> = text_parts.iter().map(|(_, f)| f.as_str()).collect();
            self.report.fill("claim.claim.denial.text", froms.join(", "));
        }
    }
}

pub(super) fn carc_shaped(code: &str) -> bool {
    let b = code.as_bytes();
    let digits = match b.first() {
        Some(c) if c.is_ascii_uppercase() => b.get(1..).unwrap_or(&[]),
        _ => b,
    };
    (1..=3).contains(&digits.len()) && digits.iter().all(u8::is_ascii_digit)
}

pub(super) fn rarc_shaped(code: &str) -> bool {
    let rest = code.strip_prefix("MA").or_else(|| code.strip_prefix('M')).or_else(|| code.strip_prefix('N'));
    rest.is_some_and(|r| (1..=4).contains(&r.len()) && r.bytes().all(|c| c.is_ascii_digit()))
}
