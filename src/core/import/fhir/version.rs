//! Which FHIR release a file was written in (R4, R4B/R5 read as R4, STU3 mapped, DSTU2 and
//! unknown refused), and where that was seen.

use super::json::{list, text};
use super::refs::Index;
use serde_json::Value;

/// The FHIR release a file was written in, and where that was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Version {
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
    pub(super) fn name(&self) -> &'static str {
        match self {
            Version::R4 => "R4",
            Version::Stu3 { .. } => "STU3",
            Version::Later { release, .. } | Version::Other { release, .. } => release,
        }
    }

    pub(super) fn warning(&self) -> Option<(String, String)> {
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
pub(super) fn release_of(value: &str) -> Version {
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

pub(super) fn with_at(version: Version, path: String) -> Version {
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
pub(super) fn detect_version(root: &Value, index: &Index<'_>) -> Version {
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
