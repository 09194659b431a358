//! An ExplanationOfBenefit as a case: its claim (referenced Claim, else its own members), the
//! adjudication, and the claim number's source.

use super::builder::Builder;
use super::json::{list, text};
use super::refs::{Found, Index};
use super::{CLAIM_KEYS, EOB_EXTRA_KEYS, prior_auth_use};
use crate::core::import::{ImportReport, ImportedCase, merge_case};

pub(super) fn eob<'a>(index: &mut Index<'a>, found: &Found<'a>) -> ImportedCase {
    let claim = found.value.get("claim").and_then(|r| index.resolve(r, found));
    let mut b = Builder::new(index, format!("FHIR ExplanationOfBenefit at {}", found.path));
    b.claim_like(found);
    let p = &found.path;
    if let Some((i, value)) =
        list(found.value, "identifier").iter().enumerate().find_map(|(i, id)| text(id, "value").map(|v| (i, v)))
    {
        b.case.claim.claim.payer_claim_number = Some(value.to_string());
        b.report.fill("claim.claim.payer_claim_number", format!("{p}.identifier[{i}].value (extra field)"));
    }
    match &claim {
        Some(claim) => {
            if !b.claim_number(claim, " (the Claim the EOB refers to)") && !eob_claim_number(&mut b, found) {
                b.report.warn(
                    "no_claim_number",
                    format!("{}.identifier", claim.path),
                    "neither the Claim nor the EOB has an identifier; the case has no claim number",
                );
            }
            let mut sub = Builder::new(&mut *b.index, String::new());
            sub.claim_like(claim);
            let from = format!("Claim at {}", claim.path);
            let (source, sub_report) = (sub.case, sub.report);
            let mut merged = ImportReport::default();
            merge_case(&mut b.case, &source, &mut merged, &from);
            b.report.filled.extend(merged.filled);
            b.report.warnings.extend(sub_report.warnings);
            for entry in sub_report.unmapped {
                for at in entry.at {
                    b.report.unmapped(entry.what.clone(), at);
                }
            }
        }
        None => {
            if found.value.get("claim").is_some_and(|r| text(r, "reference").is_some()) {
                b.report.warn(
                    "unresolved_reference",
                    format!("{p}.claim.reference"),
                    "the Claim is not in the file; the EOB's own identifier is used as claim number",
                );
            }
            if !eob_claim_number(&mut b, found)
                && let Some(id) = text(found.value, "id")
            {
                b.case.claim.claim.claim_number = id.to_string();
                b.report.fill("claim.claim.claim_number", format!("{p}.id (no identifier: the resource id)"));
            }
        }
    }
    if found.value.get("claimResponse").is_some() {
        b.report.unmapped("claimResponse reference (the EOB carries the adjudication)", format!("{p}.claimResponse"));
    }
    if let Some(kind) = prior_auth_use(found.value) {
        b.report.warn(
            "prior_auth_response",
            format!("{p}.use"),
            format!("this EOB answers a {kind} request, not a claim for services rendered"),
        );
    }
    b.unmapped_keys(found, &[CLAIM_KEYS, EOB_EXTRA_KEYS, &["use"]]);
    b.finish(true)
}

/// The claim number of an EOB whose Claim (in the file or not) gives none: the `claim`
/// reference's logical identifier (the provider's number), else the EOB's own identifier
/// ([`claim_identifier`]: claim-number-typed first, else the first).
pub(super) fn eob_claim_number<'a>(b: &mut Builder<'a, '_>, found: &Found<'a>) -> bool {
    let p = &found.path;
    if let Some(value) = found.value.get("claim").and_then(|c| c.get("identifier")).and_then(|id| text(id, "value")) {
        b.case.claim.claim.claim_number = value.to_string();
        b.report.fill(
            "claim.claim.claim_number",
            format!("{p}.claim.identifier.value (the logical identifier of the Claim the EOB refers to)"),
        );
        return true;
    }
    b.claim_number(found, " (the EOB's identifier: the provider's claim number is not in the file)")
}
