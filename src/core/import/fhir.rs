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

use super::{
    AdjustmentCode, CaseIds, Format, ImportError, ImportFile, ImportReport, ImportedCase, RemarkCode, RemitInfo,
    adjustment, amount, fill_denial_codes, finalise_case, icd10_with_decimal, line_field, line_list_field, merge_case,
    remark, units,
};
use crate::core::model::{
    Address, Case, Facility, Lenient, PriorAuthorization, ReferringProvider, SCHEMA_VERSION, ServiceLine,
};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

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

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

fn codings(concept: Option<&Value>) -> &[Value] {
    concept.map(|c| list(c, "coding")).unwrap_or(&[])
}

/// The first coding code of a CodeableConcept (with its index), preferring `systems`.
fn pick_code<'a>(concept: Option<&'a Value>, systems: &[&str]) -> Option<(usize, &'a str, Option<&'a str>)> {
    let all = codings(concept);
    let with_code = |(i, c): (usize, &'a Value)| text(c, "code").map(|code| (i, code, text(c, "system")));
    all.iter()
        .enumerate()
        .filter_map(with_code)
        .find(|(_, _, s)| s.is_some_and(|s| systems.contains(&s)))
        .or_else(|| all.iter().enumerate().filter_map(with_code).next())
}

fn has_code(concept: Option<&Value>, code: &str) -> bool {
    codings(concept).iter().any(|c| text(c, "code") == Some(code))
}

/// A resource found in the file.
#[derive(Clone)]
struct Found<'a> {
    value: &'a Value,
    path: String,
    container: &'a Value,
    container_path: String,
}

impl<'a> Found<'a> {
    fn kind(&self) -> &'a str {
        text(self.value, "resourceType").unwrap_or("")
    }
}

/// The resources of the file and what was used.
struct Index<'a> {
    resources: Vec<(&'a Value, String)>,
    keys: HashMap<String, usize>,
    used: HashSet<String>,
    contained: HashMap<String, HashMap<String, usize>>,
    /// Bundles inside the Bundle that were read (their paths).
    nested: Vec<String>,
    /// Bundles nested deeper than [`MAX_BUNDLE_DEPTH`], not read.
    too_deep: Vec<String>,
}

/// How deep Bundles inside Bundles are read (`$.entry[i].resource.entry[j].resource…`).
pub(crate) const MAX_BUNDLE_DEPTH: usize = 4;

impl<'a> Index<'a> {
    fn new(root: &'a Value) -> Index<'a> {
        let mut index = Index {
            resources: Vec::new(),
            keys: HashMap::new(),
            used: HashSet::new(),
            contained: HashMap::new(),
            nested: Vec::new(),
            too_deep: Vec::new(),
        };
        if text(root, "resourceType") == Some("Bundle") {
            index.bundle(root, "$", 1);
        } else {
            index.resources.push((root, "$".to_string()));
            if let (Some(kind), Some(id)) = (text(root, "resourceType"), text(root, "id")) {
                index.keys.insert(format!("{kind}/{id}"), 0);
            }
        }
        index
    }

    /// Indexes the entries of a Bundle at `path`; a Bundle entry is read in turn (up to
    /// [`MAX_BUNDLE_DEPTH`] levels).
    fn bundle(&mut self, bundle: &'a Value, path: &str, depth: usize) {
        for (i, entry) in list(bundle, "entry").iter().enumerate() {
            let Some(resource) = entry.get("resource").filter(|r| r.is_object()) else { continue };
            let at = format!("{path}.entry[{i}].resource");
            if text(resource, "resourceType") == Some("Bundle") {
                if depth < MAX_BUNDLE_DEPTH {
                    self.nested.push(at.clone());
                    self.bundle(resource, &at, depth + 1);
                } else {
                    self.too_deep.push(at);
                }
                continue;
            }
            let n = self.resources.len();
            if let Some(url) = text(entry, "fullUrl") {
                self.keys.entry(url.to_string()).or_insert(n);
            }
            if let (Some(kind), Some(id)) = (text(resource, "resourceType"), text(resource, "id")) {
                self.keys.entry(format!("{kind}/{id}")).or_insert(n);
            }
            self.resources.push((resource, at));
        }
    }

    fn found(&self, n: usize) -> Option<Found<'a>> {
        let (value, path) = self.resources.get(n)?;
        Some(Found { value, path: path.clone(), container: value, container_path: path.clone() })
    }

    /// Resolves a Reference (`{"reference": …}`) from `from`; `None` when it points outside the
    /// file or is not a literal reference.
    fn resolve(&mut self, reference: &'a Value, from: &Found<'a>) -> Option<Found<'a>> {
        let target = text(reference, "reference")?;
        if let Some(id) = target.strip_prefix('#') {
            // One index per container, built on first use: linear however many references.
            let index = self.contained.entry(from.container_path.clone()).or_insert_with(|| {
                let mut ids = HashMap::new();
                for (j, c) in list(from.container, "contained").iter().enumerate() {
                    if let Some(id) = text(c, "id") {
                        ids.entry(id.to_string()).or_insert(j);
                    }
                }
                ids
            });
            let j = *index.get(id)?;
            let value = list(from.container, "contained").get(j)?;
            let path = format!("{}.contained[{j}]", from.container_path);
            self.used.insert(path.clone());
            return Some(Found { value, path, container: from.container, container_path: from.container_path.clone() });
        }
        let target = match target.find("/_history/") {
            Some(cut) => target.get(..cut).unwrap_or(target),
            None => target,
        };
        let n = self.keys.get(target).copied().or_else(|| {
            let mut parts = target.rsplit('/');
            let id = parts.next()?;
            let kind = parts.next()?;
            self.keys.get(&format!("{kind}/{id}")).copied()
        })?;
        let found = self.found(n)?;
        self.used.insert(found.path.clone());
        Some(found)
    }
}

/// A person's name: `given family, suffix` (prefix left out), or `text`.
fn human_name(v: &Value) -> Option<String> {
    let names = list(v, "name");
    let name = names.iter().find(|n| text(n, "use") == Some("official")).or_else(|| names.first())?;
    let given: Vec<&str> = list(name, "given").iter().filter_map(Value::as_str).collect();
    let mut out = given.join(" ");
    if let Some(family) = text(name, "family") {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(family);
    }
    let suffix: Vec<&str> = list(name, "suffix").iter().filter_map(Value::as_str).collect();
    if !suffix.is_empty() && !out.is_empty() {
        out.push_str(", ");
        out.push_str(&suffix.join(" "));
    }
    if out.trim().is_empty() { text(name, "text").map(str::to_string) } else { Some(out.trim().to_string()) }
}

fn identifier_with(v: &Value, systems: &[&str], type_code: Option<&str>) -> Option<(usize, String)> {
    list(v, "identifier").iter().enumerate().find_map(|(i, id)| {
        let by_system = text(id, "system").is_some_and(|s| systems.contains(&s));
        let by_type = type_code.is_some_and(|t| has_code(id.get("type"), t));
        if by_system || by_type { text(id, "value").map(|value| (i, value.to_string())) } else { None }
    })
}

fn telecom(v: &Value, system: &str) -> Option<(usize, String)> {
    list(v, "telecom")
        .iter()
        .enumerate()
        .find(|(_, t)| text(t, "system") == Some(system))
        .and_then(|(i, t)| text(t, "value").map(|value| (i, value.to_string())))
}

fn fhir_address(v: &Value) -> Option<(usize, Address)> {
    let (i, a) = list(v, "address").iter().enumerate().next()?;
    let lines: Vec<&str> = list(a, "line").iter().filter_map(Value::as_str).collect();
    let address = Address {
        line1: lines.first().map(|s| s.to_string()).unwrap_or_default(),
        line2: (lines.len() > 1).then(|| lines.get(1..).unwrap_or(&[]).join(", ")),
        city: text(a, "city").unwrap_or("").to_string(),
        state: text(a, "state").unwrap_or("").to_string(),
        zip: text(a, "postalCode").unwrap_or("").to_string(),
        ..Address::default()
    };
    Some((i, address))
}

/// A party (provider, payer, referring provider…) read from a reference.
#[derive(Default)]
struct Party {
    name: Option<(String, String)>,
    npi: Option<(String, String)>,
    tin: Option<(String, String)>,
    phone: Option<(String, String)>,
    fax: Option<(String, String)>,
    address: Option<(Address, String)>,
}

/// Which element of a resource the builder is mapping, for reports.
struct Builder<'a, 'i> {
    index: &'i mut Index<'a>,
    case: Case,
    report: ImportReport,
    carc: Vec<AdjustmentCode>,
    rarc: Vec<RemarkCode>,
    diagnosis_sequence: HashMap<i64, usize>,
    item_sequence: HashMap<i64, usize>,
    codes_from: Vec<String>,
    /// Members outside the known lists that this builder read (STU3 names).
    used_keys: Vec<&'static str>,
}

impl<'a, 'i> Builder<'a, 'i> {
    fn new(index: &'i mut Index<'a>, source: String) -> Builder<'a, 'i> {
        Builder {
            index,
            case: Case { schema_version: SCHEMA_VERSION.to_string(), ..Case::default() },
            report: ImportReport::new(source),
            carc: Vec::new(),
            rarc: Vec::new(),
            diagnosis_sequence: HashMap::new(),
            item_sequence: HashMap::new(),
            codes_from: Vec::new(),
            used_keys: Vec::new(),
        }
    }

    fn unmapped_keys(&mut self, found: &Found<'a>, known: &[&[&str]]) {
        let Some(object) = found.value.as_object() else { return };
        let kind = found.kind();
        for key in object.keys() {
            if known.iter().any(|k| k.contains(&key.as_str())) || self.used_keys.contains(&key.as_str()) {
                continue;
            }
            self.report.unmapped(format!("{kind}.{}", safe_key(key)), format!("{}.{}", found.path, safe_key(key)));
        }
        for (j, contained) in list(found.value, "contained").iter().enumerate() {
            let path = format!("{}.contained[{j}]", found.path);
            if !self.index.used.contains(&path) {
                let kind = text(contained, "resourceType").unwrap_or("resource");
                self.report.unmapped(format!("contained {} not referenced", safe_key(kind)), path);
            }
        }
    }

    /// Reads a party from a Reference: the resource if it is in the file, else the reference's
    /// `display` and logical `identifier`.
    fn party(&mut self, reference: Option<&'a Value>, from: &Found<'a>, path: &str) -> Option<Party> {
        let reference = reference?;
        let mut party = Party::default();
        match self.index.resolve(reference, from) {
            Some(found) => self.read_party(&found, &mut party, 0),
            None => {
                if text(reference, "reference").is_some() {
                    self.report.warn(
                        "unresolved_reference",
                        format!("{path}.reference"),
                        "the referenced resource is not in the file; only what the reference itself says is used",
                    );
                }
                if let Some(display) = text(reference, "display") {
                    party.name = Some((display.to_string(), format!("{path}.display")));
                }
                if let Some(identifier) = reference.get("identifier") {
                    let system = text(identifier, "system");
                    if let Some(value) = text(identifier, "value") {
                        if system == Some(NPI_SYSTEM) {
                            party.npi = Some((value.to_string(), format!("{path}.identifier.value")));
                        } else if system.is_some_and(|s| TIN_SYSTEMS.contains(&s)) {
                            party.tin = Some((value.to_string(), format!("{path}.identifier.value")));
                        } else {
                            self.report.unmapped(
                                "logical reference identifier (not an NPI or TIN)",
                                format!("{path}.identifier"),
                            );
                        }
                    }
                }
            }
        }
        Some(party)
    }

    fn read_party(&mut self, found: &Found<'a>, party: &mut Party, depth: usize) {
        let v = found.value;
        let p = &found.path;
        let kind = found.kind();
        match kind {
            "PractitionerRole" if depth == 0 => {
                for key in ["practitioner", "organization"] {
                    if let Some(reference) = v.get(key)
                        && let Some(inner) = self.index.resolve(reference, found)
                    {
                        let mut sub = Party::default();
                        self.read_party(&inner, &mut sub, depth + 1);
                        merge_party(party, sub);
                    }
                }
            }
            "Practitioner" | "Organization" | "Location" | "Patient" | "RelatedPerson" => {}
            other => {
                self.report.warn(
                    "unexpected_resource",
                    p.clone(),
                    format!("a {} was found where a practitioner or organization was expected", safe_key(other)),
                );
                return;
            }
        }
        if party.name.is_none() {
            let name = if kind == "Practitioner" || kind == "Patient" || kind == "RelatedPerson" {
                human_name(v).map(|n| (n, format!("{p}.name")))
            } else {
                text(v, "name").map(|n| (n.to_string(), format!("{p}.name")))
            };
            party.name = name;
        }
        if party.npi.is_none()
            && let Some((i, npi)) = identifier_with(v, &[NPI_SYSTEM], Some("NPI"))
        {
            party.npi = Some((npi, format!("{p}.identifier[{i}].value")));
        }
        if party.tin.is_none()
            && let Some((i, tin)) = identifier_with(v, &TIN_SYSTEMS, Some("TAX"))
        {
            party.tin = Some((tin, format!("{p}.identifier[{i}].value")));
        }
        if party.phone.is_none()
            && let Some((i, phone)) = telecom(v, "phone")
        {
            party.phone = Some((phone, format!("{p}.telecom[{i}].value")));
        }
        if party.fax.is_none()
            && let Some((i, fax)) = telecom(v, "fax")
        {
            party.fax = Some((fax, format!("{p}.telecom[{i}].value")));
        }
        if party.address.is_none()
            && let Some((i, address)) = fhir_address(v)
        {
            party.address = Some((address, format!("{p}.address[{i}]")));
        }
    }

    fn set(&mut self, target: &'static str, value: Option<(String, String)>) -> Option<String> {
        let (value, from) = value?;
        self.report.fill(target, from);
        Some(value)
    }

    fn claim_number(&mut self, found: &Found<'a>, note: &str) -> bool {
        if let Some((i, value, rule)) = claim_identifier(found.value) {
            self.case.claim.claim.claim_number = value.to_string();
            self.report.fill("claim.claim.claim_number", format!("{}.identifier[{i}].value{note}{rule}", found.path));
            return true;
        }
        false
    }

    /// The claim type: the HL7 `claim-type` coding first (R4, or the STU3 `ex-claimtype`),
    /// else a Blue Button NCH claim type or EOB type code turned into professional /
    /// institutional (CMS CCW data dictionary `NCH_CLM_TYPE_CD`), else the first code as given.
    fn claim_type(&mut self, v: &'a Value, p: &str) {
        let all = codings(v.get("type"));
        let coded = |(i, c): (usize, &'a Value)| text(c, "code").map(|code| (i, code, text(c, "system").unwrap_or("")));
        let hl7 = all.iter().enumerate().filter_map(coded).find(|(_, _, s)| CLAIM_TYPE_SYSTEMS.contains(s));
        let (i, code, from) = match hl7 {
            Some((i, code, _)) => (i, code.to_string(), String::new()),
            None => match all
                .iter()
                .enumerate()
                .filter_map(coded)
                .find_map(|(i, code, system)| nch_claim_type(system, code).map(|t| (i, t, system)))
            {
                Some((i, kind, system)) => {
                    let what =
                        if system.ends_with("nch_clm_type_cd") { "NCH claim type" } else { "Blue Button EOB type" };
                    (i, kind.to_string(), format!(" ({what} code read as {kind}: no HL7 claim-type coding)"))
                }
                None => match all.iter().enumerate().filter_map(coded).next() {
                    Some((i, code, _)) => {
                        (i, code.to_string(), " (no HL7 claim-type coding: the first code)".to_string())
                    }
                    None => return,
                },
            },
        };
        self.report.fill("claim.claim.claim_type", format!("{p}.type.coding[{i}].code{from}"));
        if !matches!(code.as_str(), "professional" | "institutional") {
            self.report.warn(
                "claim_type",
                format!("{p}.type"),
                "the claim type is not professional or institutional (e.g. oral, vision, pharmacy); it is kept \
                 as given and validation will flag it",
            );
        }
        self.case.claim.claim.claim_type = code;
    }

    /// Maps a Claim or an ExplanationOfBenefit (they share most elements).
    fn claim_like(&mut self, found: &Found<'a>) {
        let v = found.value;
        let p = found.path.clone();
        let is_eob = found.kind() == "ExplanationOfBenefit";
        self.claim_type(v, &p);
        // Claim number.
        if !is_eob
            && !self.claim_number(found, "")
            && let Some(id) = text(v, "id")
        {
            self.case.claim.claim.claim_number = id.to_string();
            self.report.fill("claim.claim.claim_number", format!("{p}.id (no identifier: the resource id)"));
        }
        self.patient(v.get("patient"), found, &format!("{p}.patient"));
        self.insurance(found);
        // Payer.
        if let Some(party) = self.party(v.get("insurer"), found, &format!("{p}.insurer")) {
            let payer = &mut self.case.claim.payer;
            if payer.name.trim().is_empty()
                && let Some((name, from)) = party.name
            {
                payer.name = name;
                self.report.fill("claim.payer.name", from);
            }
            let payer_phone = self.set("claim.payer.phone", party.phone);
            let payer_fax = self.set("claim.payer.fax", party.fax);
            let payer = &mut self.case.claim.payer;
            if let Some(phone) = payer_phone {
                payer.phone = phone;
            }
            if let Some(fax) = payer_fax {
                payer.fax = fax;
            }
            if let Some((address, from)) = party.address {
                payer.address = address;
                self.report.fill("claim.payer.address", from);
            }
        }
        // Billing provider (STU3: `organization` when there is no `provider`).
        let provider_key = if v.get("provider").is_none() && v.get("organization").is_some() {
            self.used_keys.push("organization");
            "organization"
        } else {
            "provider"
        };
        if let Some(party) = self.party(v.get(provider_key), found, &format!("{p}.{provider_key}")) {
            let name = self.set("claim.provider.name", party.name);
            let npi = self.set("claim.provider.npi", party.npi);
            let tin = self.set("claim.provider.tin", party.tin);
            let phone = self.set("claim.provider.phone", party.phone);
            let provider = &mut self.case.claim.provider;
            provider.name = name.unwrap_or_default();
            provider.npi = npi.unwrap_or_default();
            provider.tin = tin.unwrap_or_default();
            provider.phone = phone.unwrap_or_default();
            if let Some((address, from)) = party.address {
                provider.address = address;
                self.report.fill("claim.provider.address", from);
            }
        }
        self.care_team(found);
        if let Some(referral) = v.get("referral")
            && self.case.claim.referring_provider.is_none()
        {
            match self.index.resolve(referral, found) {
                Some(request) => {
                    let path = format!("{}.requester", request.path);
                    if let Some(party) = self.party(request.value.get("requester"), &request, &path) {
                        self.referring(party);
                    }
                }
                None => self.report.warn(
                    "unresolved_reference",
                    format!("{p}.referral"),
                    "the referral (ServiceRequest) is not in the file",
                ),
            }
        }
        if let Some(party) = self.party(v.get("facility"), found, &format!("{p}.facility")) {
            let name = self.set("claim.facility.name", party.name);
            let npi = self.set("claim.facility.npi", party.npi);
            let mut facility =
                Facility { name: name.unwrap_or_default(), npi: npi.unwrap_or_default(), ..Facility::default() };
            if let Some((address, from)) = party.address {
                facility.address = Some(address);
                self.report.fill("claim.facility.address", from);
            }
            self.case.claim.facility = Some(facility);
        }
        self.diagnoses(found);
        self.items(found, "item");
        // Totals.
        match v.get("total") {
            Some(Value::Object(_)) => {
                if let Some(value) = v.get("total").and_then(|t| t.get("value")) {
                    self.case.claim.claim.total_charge = Some(json_amount(value));
                    self.report.fill("claim.claim.total_charge", format!("{p}.total.value"));
                }
            }
            Some(Value::Array(totals)) => {
                for (i, total) in totals.iter().enumerate() {
                    if has_code(total.get("category"), "submitted")
                        && let Some(value) = total.get("amount").and_then(|a| a.get("value"))
                    {
                        self.case.claim.claim.total_charge = Some(json_amount(value));
                        self.report
                            .fill("claim.claim.total_charge", format!("{p}.total[{i}].amount.value (submitted)"));
                    } else {
                        self.report.unmapped("adjudication totals (other than submitted)", format!("{p}.total[{i}]"));
                    }
                }
            }
            _ => {
                if let Some(value) = v.get("totalCost").and_then(|t| t.get("value")) {
                    self.used_keys.push("totalCost");
                    self.case.claim.claim.total_charge = Some(json_amount(value));
                    self.report.fill("claim.claim.total_charge", format!("{p}.totalCost.value (STU3)"));
                }
            }
        }
        // Dates.
        let period = v.get("billablePeriod");
        let start = period.and_then(|b| text(b, "start")).map(fhir_date);
        let end = period.and_then(|b| text(b, "end")).map(fhir_date);
        match (start, end) {
            (Some(s), Some(e)) if s == e => {
                self.case.claim.claim.date_of_service = Some(s);
                self.report.fill("claim.claim.date_of_service", format!("{p}.billablePeriod"));
            }
            (Some(s), e) => {
                self.case.claim.claim.from = Some(s);
                self.report.fill("claim.claim.from", format!("{p}.billablePeriod.start"));
                if let Some(e) = e {
                    self.case.claim.claim.to = Some(e);
                    self.report.fill("claim.claim.to", format!("{p}.billablePeriod.end"));
                }
            }
            (None, Some(e)) => {
                self.case.claim.claim.date_of_service = Some(e);
                self.report.fill("claim.claim.date_of_service", format!("{p}.billablePeriod.end"));
            }
            (None, None) => self.dates_from_lines(),
        }
        if !is_eob && let Some(created) = text(v, "created") {
            self.case.claim.claim.original_submission_date = Some(fhir_date(created));
            self.report
                .fill("claim.claim.original_submission_date", format!("{p}.created (date the claim was created)"));
        }
        if is_eob {
            self.adjudication(list(v, "adjudication"), None, &format!("{p}.adjudication"));
            self.payer_decision(found);
            for (i, reference) in list(v, "preAuthRef").iter().enumerate() {
                if let Some(number) = reference.as_str() {
                    self.prior_auth(number, format!("{p}.preAuthRef[{i}]"));
                }
            }
        }
    }

    fn patient(&mut self, reference: Option<&'a Value>, from: &Found<'a>, path: &str) {
        let Some(reference) = reference else { return };
        let Some(found) = self.index.resolve(reference, from) else {
            if text(reference, "reference").is_some() {
                self.report.warn("unresolved_reference", format!("{path}.reference"), "the Patient is not in the file");
            }
            if text(reference, "display").is_some() {
                self.report.unmapped(
                    "patient display name (cannot be split into given and family names)",
                    format!("{path}.display"),
                );
            }
            if reference.get("identifier").is_some() {
                self.report.unmapped("patient logical identifier", format!("{path}.identifier"));
            }
            return;
        };
        let v = found.value;
        let p = found.path.clone();
        let patient = &mut self.case.claim.patient;
        let names = list(v, "name");
        if let Some((i, name)) = names
            .iter()
            .enumerate()
            .find(|(_, n)| text(n, "use") == Some("official"))
            .or_else(|| names.iter().enumerate().next())
        {
            if let Some(family) = text(name, "family") {
                patient.last_name = family.to_string();
                self.report.fill("claim.patient.last_name", format!("{p}.name[{i}].family"));
            }
            let given: Vec<&str> = list(name, "given").iter().filter_map(Value::as_str).collect();
            if let Some(first) = given.first() {
                patient.first_name = first.to_string();
                self.report.fill("claim.patient.first_name", format!("{p}.name[{i}].given[0]"));
            }
            if given.len() > 1 {
                self.report.unmapped("patient middle names (given[1…])", format!("{p}.name[{i}].given"));
            }
            if text(name, "family").is_none() && given.is_empty() && text(name, "text").is_some() {
                self.report.unmapped("patient name given only as text", format!("{p}.name[{i}].text"));
            }
        }
        if let Some(dob) = text(v, "birthDate") {
            patient.dob = fhir_date(dob);
            self.report.fill("claim.patient.dob", format!("{p}.birthDate"));
        }
        if let Some(gender) = text(v, "gender") {
            patient.sex = Some(
                match gender {
                    "male" => "M",
                    "female" => "F",
                    "unknown" => "U",
                    other => other,
                }
                .to_string(),
            );
            self.report.fill("claim.patient.sex", format!("{p}.gender"));
        }
        if let Some((i, member)) = identifier_with(v, &[], Some("MB")) {
            patient.member_id = Some(member);
            self.report.fill("claim.patient.member_id", format!("{p}.identifier[{i}].value (type MB)"));
        }
    }

    fn insurance(&mut self, found: &Found<'a>) {
        let p = &found.path;
        // R4: a list; STU3 EOB: one object (read as a list of one).
        let single = found.value.get("insurance").filter(|v| v.is_object());
        let insurance = match single {
            Some(one) => std::slice::from_ref(one),
            None => list(found.value, "insurance"),
        };
        let at = |i: usize| if single.is_some() { format!("{p}.insurance") } else { format!("{p}.insurance[{i}]") };
        let chosen = insurance.iter().enumerate().find(|(_, i)| i.get("focal") == Some(&Value::Bool(true)));
        let chosen = chosen.or_else(|| insurance.iter().enumerate().next());
        for (i, entry) in insurance.iter().enumerate() {
            let refs = match entry.get("preAuthRef") {
                Some(Value::String(_)) => entry.get("preAuthRef").map(std::slice::from_ref).unwrap_or(&[]),
                _ => list(entry, "preAuthRef"),
            };
            for (j, reference) in refs.iter().enumerate() {
                if let Some(number) = reference.as_str() {
                    self.prior_auth(number, format!("{}.preAuthRef[{j}]", at(i)));
                }
            }
            if chosen.is_some_and(|(c, _)| c != i) {
                self.report.unmapped("other (non-focal) insurance", at(i));
            }
        }
        let Some((i, entry)) = chosen else { return };
        let path = format!("{}.coverage", at(i));
        let Some(reference) = entry.get("coverage") else { return };
        let Some(coverage) = self.index.resolve(reference, found) else {
            if text(reference, "reference").is_some() {
                self.report.warn(
                    "unresolved_reference",
                    format!("{path}.reference"),
                    "the Coverage is not in the file; the member ID and group number are left empty",
                );
            }
            return;
        };
        let v = coverage.value;
        let cp = coverage.path.clone();
        let member = text(v, "subscriberId").map(|s| (s.to_string(), format!("{cp}.subscriberId"))).or_else(|| {
            identifier_with(v, &[], Some("MB"))
                .or_else(|| {
                    list(v, "identifier")
                        .iter()
                        .enumerate()
                        .find_map(|(i, id)| text(id, "value").map(|x| (i, x.to_string())))
                })
                .map(|(i, value)| (value, format!("{cp}.identifier[{i}].value")))
        });
        if let Some((member, from)) = member {
            self.case.claim.patient.member_id = Some(member);
            self.report.filled.retain(|f| f.field != "claim.patient.member_id");
            self.report.fill("claim.patient.member_id", from);
        }
        for (j, class) in list(v, "class").iter().enumerate() {
            if has_code(class.get("type"), "group") {
                if let Some(group) = text(class, "value") {
                    self.case.claim.patient.group_number = Some(group.to_string());
                    self.report.fill("claim.patient.group_number", format!("{cp}.class[{j}].value"));
                }
            } else {
                self.report.unmapped("Coverage.class other than group (plan, subplan…)", format!("{cp}.class[{j}]"));
            }
        }
        if let Some(payor) = list(v, "payor").first()
            && let Some(party) = self.party(Some(payor), &coverage, &format!("{cp}.payor[0]"))
            && let Some((name, from)) = party.name
        {
            self.case.claim.payer.name = name;
            self.report.fill("claim.payer.name", from);
        }
    }

    fn prior_auth(&mut self, number: &str, from: String) {
        let number = number.trim();
        if number.is_empty() {
            return;
        }
        let claim = &mut self.case.claim.claim;
        match &claim.prior_authorization {
            None => {
                claim.prior_authorization =
                    Some(PriorAuthorization { number: number.to_string(), ..PriorAuthorization::default() });
                self.report.fill("claim.claim.prior_authorization.number", from);
            }
            Some(existing) if existing.number != number => self.report.warn(
                "several_authorizations",
                from,
                "more than one authorization reference is given; only the first was kept",
            ),
            Some(_) => {}
        }
    }

    fn referring(&mut self, party: Party) {
        let name = self.set("claim.referring_provider.name", party.name);
        let npi = self.set("claim.referring_provider.npi", party.npi);
        self.case.claim.referring_provider = Some(ReferringProvider {
            name: name.unwrap_or_default(),
            npi: npi.unwrap_or_default(),
            ..Default::default()
        });
    }

    fn care_team(&mut self, found: &Found<'a>) {
        let p = found.path.clone();
        for (i, member) in list(found.value, "careTeam").iter().enumerate() {
            let role = pick_code(member.get("role"), &[]).map(|(_, c, _)| c).unwrap_or("");
            let path = format!("{p}.careTeam[{i}].provider");
            match role {
                "referring" if self.case.claim.referring_provider.is_none() => {
                    if let Some(party) = self.party(member.get("provider"), found, &path) {
                        self.referring(party);
                    }
                }
                "primary" | "rendering" | "performing" if !self.case.claim.extra.contains_key("rendering_provider") => {
                    if let Some(party) = self.party(member.get("provider"), found, &path) {
                        let mut rendering = Map::new();
                        if let Some((name, _)) = party.name {
                            rendering.insert("name".to_string(), Value::String(name));
                        }
                        if let Some((npi, _)) = party.npi {
                            rendering.insert("npi".to_string(), Value::String(npi));
                        }
                        if !rendering.is_empty() {
                            self.case.claim.extra.insert("rendering_provider".to_string(), Value::Object(rendering));
                            self.report.fill("claim.rendering_provider", format!("{path} (role {role}; extra field)"));
                        }
                    }
                }
                _ => self
                    .report
                    .unmapped("careTeam member (role not referring or rendering)", format!("{p}.careTeam[{i}]")),
            }
        }
    }

    fn diagnoses(&mut self, found: &Found<'a>) {
        let p = found.path.clone();
        for (i, diagnosis) in list(found.value, "diagnosis").iter().enumerate() {
            let path = format!("{p}.diagnosis[{i}]");
            let (concept, concept_path) = match diagnosis.get("diagnosisCodeableConcept") {
                Some(concept) => (Some(concept), format!("{path}.diagnosisCodeableConcept")),
                None => match diagnosis.get("diagnosisReference") {
                    Some(reference) => match self.index.resolve(reference, found) {
                        Some(condition) => (condition.value.get("code"), format!("{}.code", condition.path)),
                        None => {
                            self.report.warn(
                                "unresolved_reference",
                                format!("{path}.diagnosisReference"),
                                "the Condition is not in the file; the diagnosis is missing from the case",
                            );
                            (None, path.clone())
                        }
                    },
                    None => (None, path.clone()),
                },
            };
            let Some((j, code, system)) = pick_code(concept, &[ICD10CM, "http://hl7.org/fhir/sid/icd-10"]) else {
                self.report.warn("no_diagnosis_code", path, "a diagnosis has no code");
                continue;
            };
            let (code, added) =
                if system == Some(ICD10CM) { icd10_with_decimal(code) } else { (code.to_string(), false) };
            let index = self.case.claim.claim.diagnoses.len();
            self.case.claim.claim.diagnoses.push(code);
            let note = if added { " (decimal point restored)" } else { "" };
            self.report
                .fill(format!("claim.claim.diagnoses[{index}]"), format!("{concept_path}.coding[{j}].code{note}"));
            if system.is_some_and(|s| !s.contains("icd-10")) || system.is_none() {
                self.report.warn(
                    "not_icd10",
                    format!("{concept_path}.coding[{j}]"),
                    "the diagnosis is not marked as ICD-10-CM; check the code",
                );
            }
            if let Some(sequence) = diagnosis.get("sequence").and_then(Value::as_i64) {
                self.diagnosis_sequence.insert(sequence, index + 1);
            }
            for key in ["type", "onAdmission", "packageCode"] {
                if diagnosis.get(key).is_some() {
                    self.report.unmapped(format!("diagnosis.{key}"), format!("{path}.{key}"));
                }
            }
        }
    }

    fn items(&mut self, found: &Found<'a>, key: &str) {
        let p = found.path.clone();
        let kind = found.kind().to_string();
        for (i, item) in list(found.value, key).iter().enumerate() {
            let path = format!("{p}.{key}[{i}]");
            let index = self.case.claim.claim.lines.len();
            let mut line = ServiceLine::default();
            let field = |name: &'static str| line_field(index, name);
            if let Some(sequence) = item.get("sequence").and_then(Value::as_i64) {
                self.item_sequence.insert(sequence, index);
            }
            const PROCEDURE_SYSTEMS: [&str; 4] = [
                "http://www.ama-assn.org/go/cpt",
                "urn:oid:2.16.840.1.113883.6.285",
                "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
                "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
            ];
            // R4 `productOrService`; STU3 (and R4 files written the STU3 way) `service`.
            let service_key = if item.get("productOrService").is_none() && item.get("service").is_some() {
                "service"
            } else {
                "productOrService"
            };
            if let Some((j, code, system)) = pick_code(item.get(service_key), &PROCEDURE_SYSTEMS) {
                line.cpt_or_hcpcs = Some(code.to_string());
                let note = if service_key == "service" { " (STU3 item.service)" } else { "" };
                self.report.fill(field("cpt_or_hcpcs"), format!("{path}.{service_key}.coding[{j}].code{note}"));
                if !system.is_some_and(|s| PROCEDURE_SYSTEMS.contains(&s)) {
                    self.report.warn(
                        "not_cpt_hcpcs",
                        format!("{path}.{service_key}.coding[{j}]"),
                        "the service code is not marked as CPT or HCPCS; check it",
                    );
                }
            } else {
                self.report.warn(
                    "no_procedure_code",
                    format!("{path}.{service_key}"),
                    "the item has no coded procedure (productOrService, STU3 service); the line has no CPT/HCPCS \
                     code: fill it in",
                );
            }
            if let Some((j, code, _)) = pick_code(item.get("revenue"), &[]) {
                line.revenue_code = Some(code.to_string());
                self.report.fill(field("revenue_code"), format!("{path}.revenue.coding[{j}].code"));
            }
            for (j, modifier) in list(item, "modifier").iter().enumerate() {
                if let Some((k, code, _)) = pick_code(Some(modifier), &[]) {
                    line.modifiers.push(code.to_string());
                    self.report.fill(
                        line_list_field(index, "modifiers", line.modifiers.len() - 1),
                        format!("{path}.modifier[{j}].coding[{k}].code"),
                    );
                }
            }
            let quantity = item.get("quantity").and_then(|q| q.get("value"));
            if let Some(q) = quantity {
                let (value, ok) = units(&q.to_string());
                if !ok {
                    self.report.warn(
                        "bad_units",
                        format!("{path}.quantity.value"),
                        "the quantity is not a whole number; kept as written",
                    );
                }
                line.units = match value {
                    Lenient::Valid(n) => Lenient::Valid(n),
                    Lenient::Raw(_) => Lenient::Raw(q.clone()),
                };
                self.report.fill(field("units"), format!("{path}.quantity.value"));
            }
            if let Some(net) = item.get("net").and_then(|n| n.get("value")) {
                line.charge = json_amount(net);
                self.report.fill(field("charge"), format!("{path}.net.value"));
            } else if let Some(price) = item.get("unitPrice").and_then(|n| n.get("value")) {
                let count = quantity.and_then(Value::as_f64).unwrap_or(1.0);
                line.charge = if count == 1.0 {
                    json_amount(price)
                } else {
                    match price
                        .as_f64()
                        .map(|p| (p * count * 100.0).round() / 100.0)
                        .and_then(serde_json::Number::from_f64)
                    {
                        Some(n) => Lenient::Valid(n),
                        None => Lenient::Raw(price.clone()),
                    }
                };
                self.report.fill(field("charge"), format!("{path}.unitPrice.value × quantity (no net)"));
            }
            if let Some(date) = text(item, "servicedDate") {
                line.from = Some(fhir_date(date));
                self.report.fill(field("from"), format!("{path}.servicedDate"));
            } else if let Some(period) = item.get("servicedPeriod") {
                if let Some(start) = text(period, "start") {
                    line.from = Some(fhir_date(start));
                    self.report.fill(field("from"), format!("{path}.servicedPeriod.start"));
                }
                if let Some(end) = text(period, "end") {
                    line.to = Some(fhir_date(end));
                    self.report.fill(field("to"), format!("{path}.servicedPeriod.end"));
                }
            }
            if let Some((j, code, _)) = pick_code(item.get("locationCodeableConcept"), &[]) {
                let pos = &mut self.case.claim.claim.place_of_service;
                if pos.trim().is_empty() {
                    *pos = code.to_string();
                    self.report.fill(
                        "claim.claim.place_of_service",
                        format!("{path}.locationCodeableConcept.coding[{j}].code"),
                    );
                } else if pos != code {
                    self.report.warn(
                        "line_place_of_service",
                        format!("{path}.locationCodeableConcept"),
                        "items have different places of service; the case keeps the first",
                    );
                }
            }
            let pointer_key = if item.get("diagnosisSequence").is_none() && item.get("diagnosisLinkId").is_some() {
                "diagnosisLinkId"
            } else {
                "diagnosisSequence"
            };
            for (j, sequence) in list(item, pointer_key).iter().enumerate() {
                let pointer = match sequence.as_i64() {
                    Some(seq) => match self.diagnosis_sequence.get(&seq) {
                        Some(position) => Lenient::Valid(*position as i64),
                        None => {
                            self.report.warn(
                                "bad_pointer",
                                format!("{path}.{pointer_key}[{j}]"),
                                "the diagnosis sequence matches no diagnosis; kept as given",
                            );
                            Lenient::Valid(seq)
                        }
                    },
                    None => Lenient::Raw(sequence.clone()),
                };
                line.icd10_pointers.push(pointer);
                self.report.fill(
                    line_list_field(index, "icd10_pointers", line.icd10_pointers.len() - 1),
                    format!("{path}.{pointer_key}[{j}]"),
                );
            }
            self.adjudication(list(item, "adjudication"), Some(index), &format!("{path}.adjudication"));
            if let Some(object) = item.as_object() {
                for k in object.keys() {
                    if !ITEM_KEYS.contains(&k.as_str()) {
                        self.report
                            .unmapped(format!("{kind}.{key}.{}", safe_key(k)), format!("{path}.{}", safe_key(k)));
                    }
                }
            }
            self.case.claim.claim.lines.push(line);
        }
    }

    fn dates_from_lines(&mut self) {
        super::dates_from_lines(
            &mut self.case.claim.claim,
            &mut self.report,
            [
                "the item service dates, all the same day",
                "the earliest item service date",
                "the latest item service date",
            ],
        );
    }

    /// Reads adjudication entries: reason codes become CARCs/RARCs; amounts are listed.
    fn adjudication(&mut self, entries: &'a [Value], line: Option<usize>, path: &str) {
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
    fn payer_decision(&mut self, found: &Found<'a>) {
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

    fn finish(self, auth_check: bool) -> ImportedCase {
        let auth_related =
            auth_check && (self.carc.iter().any(|c| c.auth_related) || self.rarc.iter().any(|r| r.auth_related));
        ImportedCase {
            case: self.case,
            report: self.report,
            auth_related,
            carc: self.carc,
            rarc: self.rarc,
            remit: None,
        }
    }
}

/// The HL7 claim type code systems: R4 `claim-type`, STU3 `ex-claimtype`.
const CLAIM_TYPE_SYSTEMS: [&str; 2] =
    ["http://terminology.hl7.org/CodeSystem/claim-type", "http://hl7.org/fhir/ex-claimtype"];

/// A CMS Blue Button claim type (NCH claim type code, or the Blue Button `eob-type` code) as
/// professional or institutional; `None` for other systems and codes (pharmacy events, …).
/// Codes from the CMS CCW data dictionary (`NCH_CLM_TYPE_CD`): 71/72 carrier (non-DMERC, DMERC),
/// 81/82 DMERC; 10 home health, 20/30 SNF, 40 outpatient, 50 hospice, 60–64 inpatient.
fn nch_claim_type(system: &str, code: &str) -> Option<&'static str> {
    let system = system.to_ascii_lowercase();
    if !system.contains("bluebutton.cms.gov") {
        return None;
    }
    if system.ends_with("nch_clm_type_cd") {
        return match code {
            "71" | "72" | "81" | "82" => Some("professional"),
            "10" | "20" | "30" | "40" | "50" | "60" | "61" | "62" | "63" | "64" => Some("institutional"),
            _ => None,
        };
    }
    if system.ends_with("eob-type") {
        return match code.to_ascii_uppercase().as_str() {
            "CARRIER" | "DME" => Some("professional"),
            "INPATIENT" | "OUTPATIENT" | "HHA" | "HOSPICE" | "SNF" => Some("institutional"),
            _ => None,
        };
    }
    None
}

/// The identifier that is the claim number: one typed as a claim number first (CARIN BB
/// identifier type `uc` "unique claim ID", or a Blue Button `clm_id` system, or a system
/// naming a claim number / claim id), else the first identifier with a value. Returns the
/// index, the value and the rule that chose it (for the report).
fn claim_identifier(v: &Value) -> Option<(usize, &str, &'static str)> {
    let ids = list(v, "identifier");
    let typed = ids.iter().enumerate().find_map(|(i, id)| {
        let value = text(id, "value")?;
        let system = text(id, "system").unwrap_or("").to_ascii_lowercase();
        let by_type =
            codings(id.get("type")).iter().any(|c| text(c, "code").is_some_and(|t| t.eq_ignore_ascii_case("uc")));
        let by_system = system.ends_with("/clm_id")
            || ["claim-number", "claim_number", "claimnumber", "claim-id", "claim_id", "claimid"]
                .iter()
                .any(|k| system.contains(k));
        (by_type || by_system).then_some((i, value, " (typed as the claim number)"))
    });
    typed.or_else(|| {
        let several = ids.iter().filter(|id| text(id, "value").is_some()).count() > 1;
        ids.iter().enumerate().find_map(|(i, id)| {
            text(id, "value").map(|value| {
                (i, value, if several { " (the first identifier: none is typed as the claim number)" } else { "" })
            })
        })
    })
}

fn merge_party(into: &mut Party, from: Party) {
    into.name = into.name.take().or(from.name);
    into.npi = into.npi.take().or(from.npi);
    into.tin = into.tin.take().or(from.tin);
    into.phone = into.phone.take().or(from.phone);
    into.fax = into.fax.take().or(from.fax);
    into.address = into.address.take().or(from.address);
}

fn carc_shaped(code: &str) -> bool {
    let b = code.as_bytes();
    let digits = match b.first() {
        Some(c) if c.is_ascii_uppercase() => b.get(1..).unwrap_or(&[]),
        _ => b,
    };
    (1..=3).contains(&digits.len()) && digits.iter().all(u8::is_ascii_digit)
}

fn rarc_shaped(code: &str) -> bool {
    let rest = code.strip_prefix("MA").or_else(|| code.strip_prefix('M')).or_else(|| code.strip_prefix('N'));
    rest.is_some_and(|r| (1..=4).contains(&r.len()) && r.bytes().all(|c| c.is_ascii_digit()))
}

/// A JSON member name that is safe to show (FHIR names are short ASCII identifiers).
fn safe_key(key: &str) -> &str {
    if !key.is_empty() && key.len() <= 64 && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        key
    } else {
        "?"
    }
}

/// A FHIR date or dateTime → the `YYYY-MM-DD` part (as written when it is not one).
fn fhir_date(value: &str) -> String {
    let v = value.trim();
    match v.get(..10) {
        Some(day) if v.len() > 10 && day.bytes().filter(|b| *b == b'-').count() == 2 => day.to_string(),
        _ => v.to_string(),
    }
}

fn json_amount(value: &Value) -> Lenient<serde_json::Number> {
    match value {
        Value::Number(n) => Lenient::Valid(n.clone()),
        Value::String(s) => amount(s).0,
        other => Lenient::Raw(other.clone()),
    }
}

/// The FHIR release a file was written in, and where that was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Version {
    /// R4 (4.0), the release this import maps; also the answer when nothing says otherwise.
    R4,
    /// STU3 (3.0): read with the one-to-one renames listed in the module documentation.
    Stu3 { at: String, why: &'static str },
    /// R4B or R5: the claim resources are close enough to R4 to be read with a warning.
    Later { release: &'static str, at: String },
    /// DSTU2 or older, or an unknown release: refused.
    Other { release: &'static str, at: String },
}

impl Version {
    fn name(&self) -> &'static str {
        match self {
            Version::R4 => "R4",
            Version::Stu3 { .. } => "STU3",
            Version::Later { release, .. } | Version::Other { release, .. } => release,
        }
    }

    fn warning(&self) -> Option<(String, String)> {
        match self {
            Version::R4 | Version::Other { .. } => None,
            Version::Stu3 { at, why } => Some((
                at.clone(),
                format!(
                    "the file is FHIR STU3 (3.0), not R4 ({why}); it was read with the R4 mapping and the STU3 \
                     names that map one-to-one (item.service, diagnosisLinkId, sequenceLinkId, a single insurance, \
                     organization, totalCost); anything else STU3 has is listed as unmapped: check the case"
                ),
            )),
            Version::Later { release, at } => Some((
                at.clone(),
                format!(
                    "the file is FHIR {release}, not R4; it was read with the R4 mapping (the claim resources \
                     changed little): check the case"
                ),
            )),
        }
    }
}

/// A release from a `fhirVersion` value (`3.0.2`, `4.0.1`, `5.0.0`…).
fn release_of(value: &str) -> Version {
    let at = String::new();
    match value.trim() {
        v if v.starts_with("4.0") => Version::R4,
        v if v.starts_with("3.0") => Version::Stu3 { at, why: "fhirVersion 3.0" },
        v if v.starts_with("4.3") => Version::Later { release: "R4B", at },
        v if v.starts_with("5.") => Version::Later { release: "R5", at },
        v if v.starts_with("1.0") || v.starts_with("0.") => Version::Other { release: "DSTU2 (or older)", at },
        _ => Version::Other { release: "of an unknown release", at },
    }
}

fn with_at(version: Version, path: String) -> Version {
    match version {
        Version::R4 => Version::R4,
        Version::Stu3 { why, .. } => Version::Stu3 { at: path, why },
        Version::Later { release, .. } => Version::Later { release, at: path },
        Version::Other { release, .. } => Version::Other { release, at: path },
    }
}

/// Which FHIR release the file is: a `fhirVersion` element (CapabilityStatement,
/// StructureDefinition, ImplementationGuide, or on the root), a versioned `meta.profile`
/// (`…|3.0.2`, `…/STU3/…`), else the structure of the claim resources (STU3 `item.service`,
/// `sequenceLinkId`, `diagnosisLinkId`, `totalCost`, a single `insurance`, a CodeableConcept
/// `outcome`; DSTU2 `type` as a plain code). R4 when nothing says otherwise.
fn detect_version(root: &Value, index: &Index<'_>) -> Version {
    let mut all: Vec<(&Value, String)> = vec![(root, "$".to_string())];
    all.extend(index.resources.iter().map(|(v, p)| (*v, p.clone())));
    for (v, p) in &all {
        if let Some(value) = text(v, "fhirVersion") {
            return with_at(release_of(value), format!("{p}.fhirVersion"));
        }
    }
    for (v, p) in &all {
        let profiles = v.get("meta").map(|m| list(m, "profile")).unwrap_or(&[]);
        for (i, profile) in profiles.iter().enumerate() {
            let Some(profile) = profile.as_str() else { continue };
            let at = format!("{p}.meta.profile[{i}]");
            // A version after `|` is the profile's own version; only the core profiles'
            // version is the FHIR release (an IG's `…|2.2.1` says nothing about it).
            if let Some((canonical, version)) = profile.rsplit_once('|')
                && canonical.starts_with("http://hl7.org/fhir/StructureDefinition/")
            {
                let found = release_of(version);
                if found != Version::R4 {
                    return with_at(found, at);
                }
            }
            let upper = profile.to_ascii_uppercase();
            if upper.contains("/STU3/") || upper.contains("/FHIR/3.0") {
                return Version::Stu3 { at, why: "a STU3 profile in meta.profile" };
            }
            if upper.contains("/DSTU2/") {
                return Version::Other { release: "DSTU2 (or older)", at };
            }
        }
    }
    for (v, p) in &all {
        let kind = text(v, "resourceType").unwrap_or("");
        if !matches!(kind, "ExplanationOfBenefit" | "Claim" | "ClaimResponse") {
            continue;
        }
        if v.get("type").is_some_and(Value::is_string) {
            return Version::Other { release: "DSTU2 (or older)", at: format!("{p}.type") };
        }
        for (i, item) in list(v, "item").iter().enumerate() {
            if item.get("service").is_some() && item.get("productOrService").is_none() {
                return Version::Stu3 {
                    at: format!("{p}.item[{i}].service"),
                    why: "items name their code `service`, R4 `productOrService`",
                };
            }
            for key in ["sequenceLinkId", "diagnosisLinkId", "careTeamLinkId", "informationLinkId"] {
                if item.get(key).is_some() {
                    return Version::Stu3 { at: format!("{p}.item[{i}].{key}"), why: "items use STU3 link ids" };
                }
            }
        }
        for key in ["totalCost", "totalBenefit", "unallocDeductable", "information"] {
            if v.get(key).is_some() {
                return Version::Stu3 { at: format!("{p}.{key}"), why: "an element only STU3 has" };
            }
        }
        if kind == "ExplanationOfBenefit" && v.get("insurance").is_some_and(Value::is_object) {
            return Version::Stu3 { at: format!("{p}.insurance"), why: "a single insurance, R4 has a list" };
        }
        if kind == "ClaimResponse" && v.get("outcome").is_some_and(Value::is_object) {
            return Version::Stu3 { at: format!("{p}.outcome"), why: "outcome is a CodeableConcept, R4 a code" };
        }
    }
    Version::R4
}

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

fn eob<'a>(index: &mut Index<'a>, found: &Found<'a>) -> ImportedCase {
    let claim = found.value.get("claim").and_then(|r| index.resolve(r, found));
    let mut b = Builder::new(index, format!("FHIR ExplanationOfBenefit at {}", found.path));
    b.claim_like(found);
    let p = &found.path;
    if let Some((i, value)) =
        list(found.value, "identifier").iter().enumerate().find_map(|(i, id)| text(id, "value").map(|v| (i, v)))
    {
        b.case.claim.claim.extra.insert("payer_claim_number".to_string(), Value::String(value.to_string()));
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
fn eob_claim_number<'a>(b: &mut Builder<'a, '_>, found: &Found<'a>) -> bool {
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

fn claim_response<'a>(index: &mut Index<'a>, found: &Found<'a>) -> ImportedCase {
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
        b.case.claim.claim.extra.insert("payer_claim_number".to_string(), Value::String(value.to_string()));
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

/// Da Vinci PAS (and HRex) review action extension URLs end so; the code sub-extension is
/// `…/extension-reviewActionCode` (PAS 1.x names it `code`).
const REVIEW_ACTION: &str = "/StructureDefinition/extension-reviewAction";
const REVIEW_ACTION_CODE: &str = "/StructureDefinition/extension-reviewActionCode";
/// X12 code list 306 (action codes, HCR01) as PAS codes it.
const X12_306: &str = "https://codesystem.x12.org/005010/306";

/// One review action a PAS ClaimResponse gives (claim level or for an item).
struct ReviewAction {
    code: String,
    at: String,
    line: Option<usize>,
    number: Option<(String, String)>,
    reasons: Vec<(String, String)>,
}

/// The review actions among `extensions` (at `path`).
fn review_actions(extensions: &[Value], path: &str, line: Option<usize>, out: &mut Vec<ReviewAction>) {
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
fn review_action_words(code: &str) -> (&'static str, u8) {
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
    fn review_outcome(&mut self, reviews: &[ReviewAction]) -> Option<RemitInfo> {
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
fn shown_code(code: &str) -> &str {
    let c = code.trim();
    if !c.is_empty() && c.len() <= 8 && c.bytes().all(|b| b.is_ascii_alphanumeric()) { c } else { "?" }
}
