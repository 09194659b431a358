//! FHIR R4 JSON (STU3 mapped with a warning) → cases: a Bundle (any type, nested Bundles read),
//! or a single ExplanationOfBenefit, ClaimResponse or Claim. References are resolved inside the
//! file: `#id` to the container's `contained` resources, `Type/id` and `fullUrl` (including `urn:uuid:`) to Bundle entries. A reference that
//! points outside the file is reported (the display text or a logical identifier is used when
//! given).
//!
//! | FHIR | case |
//! |---|---|
//! | Claim `identifier[0].value` (EOB/ClaimResponse: the referenced Claim's, else their own) | `claim.claim.claim_number` |
//! | `type` professional / institutional | `claim.claim.claim_type` |
//! | `patient` → Patient `name` (official first), `birthDate`, `gender`, `identifier` (type MB) | `claim.patient` |
//! | `insurance[focal]` → Coverage `subscriberId` (else identifier), `class[group]`, `payor` | member ID, group number, payer name |
//! | `insurance[].preAuthRef`, EOB/ClaimResponse `preAuthRef` | `claim.claim.prior_authorization.number` |
//! | `insurer` → Organization `name`, `telecom` (phone, fax), `address` | `claim.payer` |
//! | `provider` → Practitioner / Organization / PractitionerRole: name, NPI (`us-npi`), TIN, phone, address | `claim.provider` |
//! | `careTeam[role=referring]`, `referral` → ServiceRequest `requester` | `claim.referring_provider` |
//! | `careTeam[role=primary/rendering/performing]` | `claim.rendering_provider` (extra) |
//! | `facility` → Location | `claim.facility` |
//! | `diagnosis[]` (`diagnosisCodeableConcept`, or `diagnosisReference` → Condition `code`) | `claim.claim.diagnoses` |
//! | `item[]`: `productOrService`, `revenue`, `modifier`, `quantity`, `net` (else `unitPrice`), `servicedDate`/`servicedPeriod`, `locationCodeableConcept`, `diagnosisSequence` | `claim.claim.lines[i]`, place of service |
//! | `billablePeriod`, `created`, `total` | claim dates, original submission date (Claim), total charge |
//! | `item[].adjudication[].reason`, `adjudication[].reason` (CARC / RARC systems, or bare codes of that shape) | `denial.carc`, `.rarc`, `.text` |
//! | `disposition`, `processNote[].text` | `denial.text` |
//! | `payment.date` (else `created`) of an EOB / ClaimResponse | `denial.date` |
//! | Da Vinci PAS `extension-reviewAction` (on `item`, `item.adjudication`, `adjudication`, `addItem.adjudication`): `reviewActionCode` (X12 306), `reasonCode`, `number` | case status ([`super::RemitInfo`]), `denial.text`, `prior_authorization.number` (approvals) |
//!
//! # Choices
//!
//! - **Claim type**: the `http://terminology.hl7.org/CodeSystem/claim-type` coding (STU3:
//!   `http://hl7.org/fhir/ex-claimtype`) wins whatever its position. Only without one is a CMS
//!   Blue Button code read (NCH claim type 71/72/81/82 professional, 10–64 institutional; Blue
//!   Button `eob-type` CARRIER/DME professional, INPATIENT/OUTPATIENT/HHA/HOSPICE/SNF
//!   institutional), else the first coding as given; the report says which.
//! - **Claim number**: the referenced Claim's identifier; else the `claim` reference's logical
//!   `identifier`; else the EOB's (or ClaimResponse's) own identifier. Among several
//!   identifiers, one typed as the claim number (CARIN BB type `uc`, a Blue Button `clm_id`
//!   system, a system naming a claim number / id) comes first, else the first with a value; the
//!   report names the identifier and the rule.
//! - **FHIR version**: R4 is read. The release is detected from a `fhirVersion` element, a
//!   core profile's `|version` or a `/STU3/` profile in `meta.profile`, else from STU3-only
//!   structure (`item.service`, `sequenceLinkId` / `diagnosisLinkId`, `totalCost`, a single EOB
//!   `insurance`, a CodeableConcept ClaimResponse `outcome`). **STU3 is mapped, with a
//!   warning naming the version** (file and every case): the elements STU3 only renamed are
//!   read under their STU3 names (`item.service` → procedure code, `diagnosisLinkId` →
//!   pointers, `sequenceLinkId` → item match, single `insurance`, `organization` → billing
//!   provider when there is no `provider`, `totalCost` → total charge); everything else is
//!   listed as unmapped. R4B and R5 are read as R4 with a warning. DSTU2 and unknown releases
//!   are refused (`unsupported_fhir_version`). An item without a coded procedure is a warning
//!   (`no_procedure_code`) in every release: a procedure code is never dropped silently.
//! - **Nested Bundles**: a Bundle entry that is a Bundle is read in turn, up to
//!   [`MAX_BUNDLE_DEPTH`] levels; deeper ones are a warning (or the error `bundle_too_deep` when
//!   nothing else is there to import).
//! - **Prior authorization**: a Claim with `use` preauthorization / predetermination is a
//!   request, not a claim for services rendered nor a decision: it is imported (nothing is
//!   lost) with a `prior_auth_request` warning on the case and the file, never as
//!   authorization-related. A PAS ClaimResponse's review actions give the case status: the
//!   most serious of them (A3 not certified, A2 partial, A6 modified, A4 pended, CT, D, C, NA,
//!   A1); A3, A2 and A6 make the case authorization-related (offered as a case like an
//!   authorization denial), A4 is a `pended` warning; review reason codes and the payer's
//!   reference number are written into the denial text (the number of an approval becomes
//!   the prior authorization number).

mod adjudication;
mod builder;
mod claim;
mod claim_response;
mod eob;
mod json;
mod parties;
mod pas;
mod refs;
mod version;

use crate::core::import::{CaseIds, Format, ImportError, ImportFile, ImportReport, finalise_case};
use builder::Builder;
use claim_response::claim_response;
use eob::eob;
use json::{safe_key, text};
use refs::{Index, MAX_BUNDLE_DEPTH};
use serde_json::Value;
use std::collections::HashSet;
use version::{Version, detect_version};

const NPI_SYSTEM: &str = "http://hl7.org/fhir/sid/us-npi";
const TIN_SYSTEMS: [&str; 2] = ["urn:oid:2.16.840.1.113883.4.4", "http://hl7.org/fhir/sid/us-ein"];
const ICD10CM: &str = "http://hl7.org/fhir/sid/icd-10-cm";

/// Top-level members each resource type maps (others are listed as unmapped).
const CLAIM_KEYS: &[&str] = &[
    "resourceType",
    "id",
    "meta",
    "contained",
    "identifier",
    "type",
    "patient",
    "created",
    "insurer",
    "provider",
    "insurance",
    "diagnosis",
    "item",
    "total",
    "billablePeriod",
    "careTeam",
    "facility",
    "referral",
];
const EOB_EXTRA_KEYS: &[&str] =
    &["claim", "claimResponse", "outcome", "disposition", "processNote", "payment", "preAuthRef", "adjudication"];
const CR_KEYS: &[&str] = &[
    "resourceType",
    "id",
    "meta",
    "contained",
    "identifier",
    "type",
    "patient",
    "created",
    "insurer",
    "requestor",
    "request",
    "outcome",
    "disposition",
    "preAuthRef",
    "item",
    "addItem",
    "adjudication",
    "payment",
    "processNote",
    "error",
    "total",
    "insurance",
];
const ITEM_KEYS: &[&str] = &[
    "sequence",
    "productOrService",
    "revenue",
    "modifier",
    "quantity",
    "net",
    "unitPrice",
    "servicedDate",
    "servicedPeriod",
    "locationCodeableConcept",
    "diagnosisSequence",
    "adjudication",
    "itemSequence",
    // STU3 names read the same way.
    "service",
    "diagnosisLinkId",
    "sequenceLinkId",
];

/// Imports FHIR JSON (see the module documentation).
pub(crate) fn import(json: &str) -> Result<ImportFile, ImportError> {
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    if json.trim().is_empty() {
        return Err(ImportError::new("empty", "byte 0", "the file is empty"));
    }
    let root: Value = serde_json::from_str(json).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Eof => "the JSON ends before it is complete",
            serde_json::error::Category::Syntax => "the file is not valid JSON (or is nested too deeply)",
            serde_json::error::Category::Data | serde_json::error::Category::Io => "the JSON could not be read",
        };
        ImportError {
            code: "invalid_json",
            at: format!("line {}, column {}", e.line(), e.column()),
            message: what.to_string(),
        }
    })?;
    if !root.is_object() {
        return Err(ImportError::new("not_fhir", "$", "a FHIR resource is a JSON object"));
    }
    let Some(kind) = text(&root, "resourceType") else {
        return Err(ImportError::new("not_fhir", "$.resourceType", "a FHIR resource names its resourceType"));
    };
    let kind = kind.to_string();
    let mut index = Index::new(&root);
    let version = detect_version(&root, &index);
    if let Version::Other { release, at } = &version {
        return Err(ImportError {
            code: "unsupported_fhir_version",
            at: at.clone(),
            message: format!(
                "the file is FHIR {release}; this import reads FHIR R4 (and STU3 with a warning): \
                 convert the file to R4 first"
            ),
        });
    }
    // Which resources become cases: every EOB and ClaimResponse, and the Claims none of them
    // refers to.
    let mut primaries = Vec::new();
    let mut covered = HashSet::new();
    for n in 0..index.resources.len() {
        let Some(found) = index.found(n) else { continue };
        match found.kind() {
            "ExplanationOfBenefit" | "ClaimResponse" => {
                primaries.push(n);
                for key in ["claim", "request"] {
                    if let Some(reference) = found.value.get(key)
                        && let Some(target) = index.resolve(reference, &found)
                    {
                        covered.insert(target.path);
                    }
                }
            }
            _ => {}
        }
    }
    for n in 0..index.resources.len() {
        if let Some(found) = index.found(n)
            && found.kind() == "Claim"
            && !covered.contains(&found.path)
        {
            primaries.push(n);
        }
    }
    primaries.sort_unstable();
    index.used.clear();
    if primaries.is_empty() {
        let shown = if kind.len() <= 40 && kind.bytes().all(|b| b.is_ascii_alphanumeric()) {
            kind.as_str()
        } else {
            "resource"
        };
        return Err(match index.too_deep.first() {
            Some(at) => ImportError {
                code: "bundle_too_deep",
                at: at.clone(),
                message: format!(
                    "the Bundle holds Bundles nested more than {MAX_BUNDLE_DEPTH} levels deep; those are not read, \
                     and the levels above hold no ExplanationOfBenefit, ClaimResponse or Claim"
                ),
            },
            None if !index.nested.is_empty() => ImportError {
                code: "no_claim_resource",
                at: "$.entry".to_string(),
                message: format!(
                    "the Bundle and the {} Bundle(s) inside it hold no ExplanationOfBenefit, ClaimResponse or Claim \
                     to import",
                    index.nested.len()
                ),
            },
            None => ImportError {
                code: "no_claim_resource",
                at: "$.resourceType".to_string(),
                message: format!(
                    "the file holds a {shown} with no ExplanationOfBenefit, ClaimResponse or Claim to import"
                ),
            },
        });
    }
    let mut file_report = ImportReport::new(format!(
        "FHIR {} {}{}",
        version.name(),
        if kind == "Bundle" { "Bundle" } else { "resource" },
        match index.nested.len() {
            0 => String::new(),
            n => format!(" (with {n} nested Bundle(s), read)"),
        }
    ));
    for at in &index.too_deep {
        file_report.warn(
            "bundle_too_deep",
            at.clone(),
            format!("a Bundle nested more than {MAX_BUNDLE_DEPTH} levels deep was not read"),
        );
    }
    let version_warning = version.warning();
    if let Some((at, message)) = &version_warning {
        file_report.warn("fhir_version", at.clone(), message.clone());
    }
    let mut cases = Vec::new();
    let mut ids = CaseIds::default();
    for n in primaries {
        let Some(found) = index.found(n) else { continue };
        index.used.insert(found.path.clone());
        let mut imported = match found.kind() {
            "Claim" => {
                let mut b = Builder::new(&mut index, format!("FHIR Claim at {}", found.path));
                b.claim_like(&found);
                if let Some(kind) = prior_auth_use(found.value) {
                    let message = format!(
                        "this Claim is a {kind} request (use {}), not a claim for services rendered and not a \
                         payer's decision: no denial is read from it; import the payer's ClaimResponse for the decision",
                        if kind == "prior-authorization" { "preauthorization" } else { "predetermination" }
                    );
                    b.report.warn("prior_auth_request", format!("{}.use", found.path), message.clone());
                    file_report.warn("prior_auth_request", format!("{}.use", found.path), message);
                }
                b.unmapped_keys(&found, &[CLAIM_KEYS, &["use"]]);
                b.finish(false)
            }
            "ExplanationOfBenefit" => eob(&mut index, &found),
            _ => claim_response(&mut index, &found),
        };
        if let Some((at, message)) = &version_warning {
            imported.report.warn("fhir_version", at.clone(), message.clone());
        }
        finalise_case(&mut imported, cases.len() + 1, &mut ids);
        cases.push(imported);
    }
    for (value, path) in index.resources.clone() {
        if !index.used.contains(&path) {
            let kind = text(value, "resourceType").unwrap_or("resource");
            file_report.unmapped(format!("{} not referenced by a claim", safe_key(kind)), path);
        }
    }
    Ok(ImportFile { format: Format::FhirR4, cases, report: file_report })
}

/// `prior-authorization` / `predetermination` when a claim resource's `use` says so.
fn prior_auth_use(v: &Value) -> Option<&'static str> {
    match text(v, "use") {
        Some("preauthorization") => Some("prior-authorization"),
        Some("predetermination") => Some("predetermination"),
        _ => None,
    }
}
