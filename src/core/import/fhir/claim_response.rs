//! A ClaimResponse as a case: the referenced Claim completes it, the adjudication and (Da Vinci
//! PAS) review actions say what was decided.

use super::CR_KEYS;
use super::builder::Builder;
use super::json::{list, text};
use super::pas::review_actions;
use super::refs::{Found, Index};
use crate::core::import::ImportedCase;
use serde_json::Value;

pub(super) fn claim_response<'a>(index: &mut Index<'a>, found: &Found<'a>) -> ImportedCase {
    let v = found.value;
    let p = found.path.clone();
    let request = v.get("request").and_then(|r| index.resolve(r, found));
    let mut b = Builder::new(index, format!("FHIR ClaimResponse at {p}"));
    match &request {
        Some(claim) => {
            b.claim_like(claim);
            if !b.claim_number(claim, " (the Claim the response answers)") {
                b.report.warn("no_claim_number", format!("{}.identifier", claim.path), "the Claim has no identifier");
            }
        }
        None => {
            if v.get("request").is_some_and(|r| text(r, "reference").is_some()) {
                b.report.warn(
                    "unresolved_reference",
                    format!("{p}.request.reference"),
                    "the Claim this response answers is not in the file: no service lines, diagnoses or provider",
                );
            }
            b.claim_type(v, &p);
            b.patient(v.get("patient"), found, &format!("{p}.patient"));
            b.insurance(found);
            if let Some(party) = b.party(v.get("insurer"), found, &format!("{p}.insurer"))
                && let Some((name, from)) = party.name
            {
                b.case.claim.payer.name = name;
                b.report.fill("claim.payer.name", from);
            }
            if let Some(party) = b.party(v.get("requestor"), found, &format!("{p}.requestor")) {
                let name = b.set("claim.provider.name", party.name);
                let npi = b.set("claim.provider.npi", party.npi);
                b.case.claim.provider.name = name.unwrap_or_default();
                b.case.claim.provider.npi = npi.unwrap_or_default();
            }
            if !b.claim_number(found, " (the response's identifier: the provider's claim number is not in the file)")
                && let Some(id) = text(v, "id")
            {
                b.case.claim.claim.claim_number = id.to_string();
                b.report.fill("claim.claim.claim_number", format!("{p}.id (no identifier: the resource id)"));
            }
        }
    }
    if let Some((i, value)) =
        list(v, "identifier").iter().enumerate().find_map(|(i, id)| text(id, "value").map(|x| (i, x)))
    {
        b.case.claim.claim.payer_claim_number = Some(value.to_string());
        b.report.fill("claim.claim.payer_claim_number", format!("{p}.identifier[{i}].value (extra field)"));
    }
    // Item adjudications refer to the Claim's items by itemSequence.
    let mut reviews = Vec::new();
    for (i, item) in list(v, "item").iter().enumerate() {
        let sequence = item.get("itemSequence").or_else(|| item.get("sequenceLinkId"));
        let line = sequence.and_then(Value::as_i64).and_then(|s| b.item_sequence.get(&s).copied());
        review_actions(list(item, "extension"), &format!("{p}.item[{i}].extension"), line, &mut reviews);
        for (k, adjudication) in list(item, "adjudication").iter().enumerate() {
            let at = format!("{p}.item[{i}].adjudication[{k}].extension");
            review_actions(list(adjudication, "extension"), &at, line, &mut reviews);
        }
        if line.is_none() && request.is_some() {
            b.report.warn("unmatched_item", format!("{p}.item[{i}].itemSequence"), "the item matches no Claim item");
        }
        b.adjudication(list(item, "adjudication"), line, &format!("{p}.item[{i}].adjudication"));
        if !list(item, "detail").is_empty() {
            b.report.unmapped("ClaimResponse.item.detail", format!("{p}.item[{i}].detail"));
        }
    }
    for (i, item) in list(v, "addItem").iter().enumerate() {
        b.report.unmapped("ClaimResponse.addItem (services the payer added)", format!("{p}.addItem[{i}]"));
        for (k, adjudication) in list(item, "adjudication").iter().enumerate() {
            let at = format!("{p}.addItem[{i}].adjudication[{k}].extension");
            review_actions(list(adjudication, "extension"), &at, None, &mut reviews);
        }
    }
    for (k, adjudication) in list(v, "adjudication").iter().enumerate() {
        let at = format!("{p}.adjudication[{k}].extension");
        review_actions(list(adjudication, "extension"), &at, None, &mut reviews);
    }
    b.adjudication(list(v, "adjudication"), None, &format!("{p}.adjudication"));
    if let Some(number) = text(v, "preAuthRef") {
        b.prior_auth(number, format!("{p}.preAuthRef"));
    }
    if let Some(totals) = v.get("total") {
        let _ = totals;
        b.report.unmapped("adjudication totals", format!("{p}.total"));
    }
    b.payer_decision(found);
    let prior_auth = matches!(text(v, "use"), Some("preauthorization" | "predetermination"));
    if prior_auth && reviews.is_empty() {
        b.report.warn(
            "prior_auth_response",
            format!("{p}.use"),
            "this is the payer's answer to a prior-authorization request (use preauthorization or \
             predetermination), not a remittance for services rendered",
        );
    }
    let status = b.review_outcome(&reviews);
    b.unmapped_keys(found, &[CR_KEYS, &["use"]]);
    let mut imported = b.finish(true);
    if let Some(status) = status {
        imported.auth_related |= matches!(status.status_code.as_str(), "A3" | "A2" | "A6");
        imported.remit = Some(status);
    }
    imported
}
