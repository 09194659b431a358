//! What Claims, ExplanationOfBenefits and ClaimResponses share: the claim number and type, the
//! diagnoses, the service lines (items) and the claim's dates from them.

use super::builder::Builder;
use super::json::{codings, fhir_date, has_code, json_amount, list, pick_code, safe_key, text};
use super::refs::Found;
use super::{ICD10CM, ITEM_KEYS};
use crate::core::form::LineField;
use crate::core::import::{FieldPath, icd10_with_decimal, units};
use crate::core::model::{Facility, Lenient, ServiceLine};
use serde_json::Value;

impl<'a, 'i> Builder<'a, 'i> {
    pub(super) fn claim_number(&mut self, found: &Found<'a>, note: &str) -> bool {
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
    pub(super) fn claim_type(&mut self, v: &'a Value, p: &str) {
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
    pub(super) fn claim_like(&mut self, found: &Found<'a>) {
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

    pub(super) fn diagnoses(&mut self, found: &Found<'a>) {
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

    pub(super) fn items(&mut self, found: &Found<'a>, key: &str) {
        let p = found.path.clone();
        let kind = found.kind().to_string();
        for (i, item) in list(found.value, key).iter().enumerate() {
            let path = format!("{p}.{key}[{i}]");
            let index = self.case.claim.claim.lines.len();
            let mut line = ServiceLine::default();
            let field = |name: LineField| FieldPath::Line(index, name);
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
                self.report.fill(field(LineField::Code), format!("{path}.{service_key}.coding[{j}].code{note}"));
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
                self.report.fill(field(LineField::RevenueCode), format!("{path}.revenue.coding[{j}].code"));
            }
            for (j, modifier) in list(item, "modifier").iter().enumerate() {
                if let Some((k, code, _)) = pick_code(Some(modifier), &[]) {
                    line.modifiers.push(code.to_string());
                    self.report.fill(
                        FieldPath::LineItem(index, LineField::Modifiers, line.modifiers.len() - 1),
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
                self.report.fill(field(LineField::Units), format!("{path}.quantity.value"));
            }
            if let Some(net) = item.get("net").and_then(|n| n.get("value")) {
                line.charge = json_amount(net);
                self.report.fill(field(LineField::Charge), format!("{path}.net.value"));
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
                self.report.fill(field(LineField::Charge), format!("{path}.unitPrice.value × quantity (no net)"));
            }
            if let Some(date) = text(item, "servicedDate") {
                line.from = Some(fhir_date(date));
                self.report.fill(field(LineField::From), format!("{path}.servicedDate"));
            } else if let Some(period) = item.get("servicedPeriod") {
                if let Some(start) = text(period, "start") {
                    line.from = Some(fhir_date(start));
                    self.report.fill(field(LineField::From), format!("{path}.servicedPeriod.start"));
                }
                if let Some(end) = text(period, "end") {
                    line.to = Some(fhir_date(end));
                    self.report.fill(field(LineField::To), format!("{path}.servicedPeriod.end"));
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
                    FieldPath::LineItem(index, LineField::Pointers, line.icd10_pointers.len() - 1),
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

    pub(super) fn dates_from_lines(&mut self) {
        crate::core::import::dates_from_lines(
            &mut self.case.claim.claim,
            &mut self.report,
            [
                "the item service dates, all the same day",
                "the earliest item service date",
                "the latest item service date",
            ],
        );
    }
}

/// The HL7 claim type code systems: R4 `claim-type`, STU3 `ex-claimtype`.
pub(super) const CLAIM_TYPE_SYSTEMS: [&str; 2] =
    ["http://terminology.hl7.org/CodeSystem/claim-type", "http://hl7.org/fhir/ex-claimtype"];

/// A CMS Blue Button claim type (NCH claim type code, or the Blue Button `eob-type` code) as
/// professional or institutional; `None` for other systems and codes (pharmacy events, …).
/// Codes from the CMS CCW data dictionary (`NCH_CLM_TYPE_CD`): 71/72 carrier (non-DMERC, DMERC),
/// 81/82 DMERC; 10 home health, 20/30 SNF, 40 outpatient, 50 hospice, 60–64 inpatient.
pub(super) fn nch_claim_type(system: &str, code: &str) -> Option<&'static str> {
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
pub(super) fn claim_identifier(v: &Value) -> Option<(usize, &str, &'static str)> {
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
