//! The people and organisations of a claim: patient, coverage (member ID, group, payer),
//! provider, payer, referring and rendering providers from references and the care team, and
//! the prior authorization numbers the insurance gives.

use super::builder::{Builder, Party};
use super::json::{
    fhir_address, fhir_date, has_code, human_name, identifier_with, list, pick_code, safe_key, telecom, text,
};
use super::refs::Found;
use super::{NPI_SYSTEM, TIN_SYSTEMS};
use crate::core::model::{PriorAuthorization, ReferringProvider};
use serde_json::Value;

impl<'a, 'i> Builder<'a, 'i> {
    /// Reads a party from a Reference: the resource if it is in the file, else the reference's
    /// `display` and logical `identifier`.
    pub(super) fn party(&mut self, reference: Option<&'a Value>, from: &Found<'a>, path: &str) -> Option<Party> {
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

    pub(super) fn read_party(&mut self, found: &Found<'a>, party: &mut Party, depth: usize) {
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

    pub(super) fn patient(&mut self, reference: Option<&'a Value>, from: &Found<'a>, path: &str) {
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

    pub(super) fn insurance(&mut self, found: &Found<'a>) {
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

    pub(super) fn prior_auth(&mut self, number: &str, from: String) {
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

    pub(super) fn referring(&mut self, party: Party) {
        let name = self.set("claim.referring_provider.name", party.name);
        let npi = self.set("claim.referring_provider.npi", party.npi);
        self.case.claim.referring_provider = Some(ReferringProvider {
            name: name.unwrap_or_default(),
            npi: npi.unwrap_or_default(),
            ..Default::default()
        });
    }

    pub(super) fn care_team(&mut self, found: &Found<'a>) {
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
                "primary" | "rendering" | "performing" if self.case.claim.rendering_provider.is_none() => {
                    if let Some(party) = self.party(member.get("provider"), found, &path) {
                        let rendering = crate::core::model::RenderingProvider {
                            name: party.name.map(|(name, _)| name).unwrap_or_default(),
                            npi: party.npi.map(|(npi, _)| npi).unwrap_or_default(),
                            ..Default::default()
                        };
                        if !rendering.name.is_empty() || !rendering.npi.is_empty() {
                            self.case.claim.rendering_provider = Some(rendering);
                            self.report.fill("claim.rendering_provider", format!("{path} (role {role})"));
                        }
                    }
                }
                _ => self
                    .report
                    .unmapped("careTeam member (role not referring or rendering)", format!("{p}.careTeam[{i}]")),
            }
        }
    }
}

pub(super) fn merge_party(into: &mut Party, from: Party) {
    into.name = into.name.take().or(from.name);
    into.npi = into.npi.take().or(from.npi);
    into.tin = into.tin.take().or(from.tin);
    into.phone = into.phone.take().or(from.phone);
    into.fax = into.fax.take().or(from.fax);
    into.address = into.address.take().or(from.address);
}
