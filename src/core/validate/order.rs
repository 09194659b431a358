//! Field order for findings: data errors first, in the order the fields appear in the case
//! format (and list items by index), then advice. Rules keep their relative order otherwise.

use crate::core::finding::{Finding, FindingKind};

/// Field prefixes in case-format order.
const FIELD_ORDER: &[&str] = &[
    "request_date",
    "claim.patient",
    "claim.payer",
    "claim.provider",
    "claim.facility",
    "claim.referring_provider",
    "claim.claim.claim_type",
    "claim.claim.type_of_bill",
    "claim.claim.drg",
    "claim.claim.admission_type",
    "claim.claim.claim_number",
    "claim.claim.date_of_service",
    "claim.claim.from",
    "claim.claim.to",
    "claim.claim.place_of_service",
    "claim.claim.prior_authorization",
    "claim.claim.eligibility",
    "claim.claim.lines",
    "claim.claim.diagnoses",
    "claim.claim.total_charge",
    "claim.claim.denial",
    "claim.claim.original_submission_date",
    "claim.reason_prior_auth_missing",
    "notes",
];

/// The list indexes in a path (`claim.claim.lines[3].modifiers[1]` → `[3, 1]`).
fn indexes(path: &str) -> Vec<usize> {
    path.split('[').skip(1).filter_map(|part| part.split(']').next()?.parse().ok()).collect()
}

fn key(finding: &Finding) -> (u8, usize, Vec<usize>) {
    let kind = match finding.kind {
        FindingKind::DataError => 0,
        _ => 1,
    };
    let field = finding.field.as_deref().unwrap_or("");
    let rank = FIELD_ORDER
        .iter()
        .position(|prefix| {
            field.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
        })
        .unwrap_or(FIELD_ORDER.len());
    (kind, rank, indexes(field))
}

/// Sorts findings in field order (stable).
pub(crate) fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by_cached_key(key);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::finding::Severity;

    #[test]
    fn orders_by_field_then_index() {
        let f = |field: &str| Finding::data_error("x", Severity::Error, field, "m");
        let mut findings = vec![
            f("claim.claim.diagnoses[0]"),
            f("claim.claim.lines[10].units"),
            f("claim.claim.lines[2].charge"),
            f("claim.patient.member_id"),
            f("request_date"),
            f("claim.claim.lines[2].units"),
        ];
        sort_findings(&mut findings);
        let fields: Vec<_> = findings.iter().filter_map(|f| f.field.clone()).collect();
        assert_eq!(
            fields,
            [
                "request_date",
                "claim.patient.member_id",
                "claim.claim.lines[2].charge",
                "claim.claim.lines[2].units",
                "claim.claim.lines[10].units",
                "claim.claim.diagnoses[0]"
            ]
        );
        assert_eq!(indexes("a[x].b[3]"), vec![3]);
        assert_eq!(indexes("a[99999999999999999999999]"), Vec::<usize>::new());
    }
}
