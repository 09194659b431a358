//! The combined check report: claim-data validation plus the medical-necessity checks, in the
//! shape of `retroauth check --json` (`../shared/spec/CLI.md`).

use crate::core::checks::{self, ElementStatus, ProfileChoice};
use crate::core::finding::{Evidence, Finding, FindingKind, NotCounted, Severity};
use crate::core::model::Case;
use crate::core::validate::{self, Deadline, Triage};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// The scored data-error codes of the vocabulary; only these go into `data_errors`.
pub const VOCABULARY_DATA_ERRORS: &[&str] = &[
    "invalid_npi_check_digit",
    "npi_wrong_length_or_nonnumeric",
    "malformed_icd10_code",
    "malformed_cpt_hcpcs",
    "diagnosis_pointer_out_of_range",
    "missing_member_id",
    "dos_after_denial_date",
    "retro_window_exceeded",
];

/// A data error in the `data_errors` list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataError {
    /// Vocabulary code.
    pub code: String,
    /// Field path.
    pub field: String,
    /// Severity.
    pub severity: Severity,
    /// Plain message, no patient data.
    pub message: String,
}

/// Everything `check` reports about a case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    /// The case's id.
    pub case_id: String,
    /// The requirement profile used, and why.
    pub profile: ProfileChoice,
    /// Profile elements the notes do not document.
    pub missing_elements: Vec<String>,
    /// Profile elements the notes document.
    pub present_elements: Vec<String>,
    /// Evidence per present element.
    pub evidence: BTreeMap<String, Vec<Evidence>>,
    /// Per missing element, the mentions found that did not count and why (`negated`,
    /// `hypothetical`, `historical`, `other_experiencer`, `template`, `object_mismatch`,
    /// `below_threshold`), with the deciding cue and its span. Elements without any are left
    /// out.
    pub not_counted: BTreeMap<String, Vec<NotCounted>>,
    /// Claim-data errors with vocabulary codes.
    pub data_errors: Vec<DataError>,
    /// The retro-authorization deadline, when it can be computed.
    pub deadline: Option<Deadline>,
    /// Which path fits the denial (retro-authorization, corrected claim, reconsideration,
    /// appeal) and why.
    pub triage: Option<Triage>,
    /// Every finding (vocabulary codes and the tool's own).
    pub findings: Vec<Finding>,
}

/// Runs validation and the necessity checks. `forced_profile` overrides the case's profile.
pub fn check_case(case: &Case, today: NaiveDate, forced_profile: Option<&str>) -> CheckReport {
    let validation = validate::validate(case, today);
    let necessity = checks::check_notes(case, forced_profile);
    let mut report = CheckReport {
        case_id: case.case_id.clone(),
        profile: necessity.profile.clone(),
        missing_elements: Vec::new(),
        present_elements: Vec::new(),
        evidence: BTreeMap::new(),
        not_counted: BTreeMap::new(),
        data_errors: Vec::new(),
        deadline: validation.deadline.clone(),
        triage: validation.triage.clone(),
        findings: Vec::new(),
    };
    for element in &necessity.elements {
        match element.status {
            ElementStatus::Missing => {
                report.missing_elements.push(element.element.clone());
                if !element.not_counted.is_empty() {
                    report.not_counted.insert(element.element.clone(), element.not_counted.clone());
                }
            }
            ElementStatus::Present => {
                report.present_elements.push(element.element.clone());
                report.evidence.insert(element.element.clone(), element.evidence.clone());
            }
        }
    }
    for finding in &validation.findings {
        if finding.kind == FindingKind::DataError && VOCABULARY_DATA_ERRORS.contains(&finding.code.as_str()) {
            report.data_errors.push(DataError {
                code: finding.code.clone(),
                field: finding.field.clone().unwrap_or_default(),
                severity: finding.severity,
                message: finding.message.clone(),
            });
        }
    }
    report.findings.extend(validation.findings);
    report.findings.extend(necessity.findings);
    report
}
