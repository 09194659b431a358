//! Medical-necessity checks on the notes: which documentation elements of the requirement
//! profile the notes prove (with the sentence that proves each one) and which are missing
//! (with what would satisfy each, in a biller's words).
//!
//! ```text
//!  case ──► profile (forced > case > inferred from the claim)      profile.rs + templates/profiles/
//!       └─► notes ──► Corpus: sentences, sections, cue hits         notes/ (cues: rules::lexicon())
//!                        └─► the rules, one per element             rules/
//!                               └─► NecessityReport: elements + findings
//! ```
//!
//! * **Profiles are data** (`templates/profiles/*.json`): elements, thresholds (≥ 6 weeks of
//!   conservative care for MSK imaging, 6 supervised months for bariatric surgery, ≥ 3 months
//!   of step therapy, SpO2 ≤ 88 % / PaO2 ≤ 55 mmHg for oxygen, face-to-face within 6 months for
//!   DME, 2 midnights), the policy source of each rule, and the rules that infer a profile from
//!   the claim ("CPT 72148 → imaging_msk: …").
//! * **Notes** are analysed once, in linear time: sections, sentence and list splitting that
//!   survives abbreviations, a ConText/NegEx-style classifier (negated, planned, historical,
//!   family, hearsay, templated), and dates/durations as clinicians write them.
//! * **Rules**: one file per element under `rules/`, each documented with what it checks, why
//!   payers require it, what satisfies it and its references, with pass/fail vectors.
//!
//! The analysis reads only what a biller typed: it never looks at a case's `expected` block.
//! Findings carry no patient data in their messages; evidence quotes are exact slices of the
//! notes (UTF-8 byte ranges on character boundaries).

pub mod assertion;
pub(crate) mod lexicon;
pub(crate) mod notes;
pub(crate) mod profile;
pub(crate) mod rules;

use crate::core::finding::{Evidence, Finding, FindingKind, NotCounted, Severity};
use crate::core::model::Case;
use notes::{Corpus, NoteState};
use serde::Serialize;

/// Where the requirement profile came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProfileSource {
    /// The case names it.
    Case,
    /// Inferred from the claim.
    Inferred,
    /// Forced by the user (`--profile`, or chosen in the app).
    Forced,
}

/// The requirement profile used and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ProfileChoice {
    /// Profile name from the vocabulary.
    pub name: String,
    /// Where it came from.
    pub source: ProfileSource,
    /// Why, in words ("CPT 72148 → imaging_msk: MRI/CT of the spine or a joint").
    pub reason: String,
}

/// Whether an element is documented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ElementStatus {
    /// Documented; see the evidence.
    Present,
    /// Not documented.
    Missing,
}

/// The result for one element of the profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ElementResult {
    /// Element id from the vocabulary.
    pub element: String,
    /// Present or missing.
    pub status: ElementStatus,
    /// The spans that prove it (present) — empty when missing.
    pub evidence: Vec<Evidence>,
    /// What would satisfy it, in a biller's words.
    pub hint: String,
    /// Human label ("Chief complaint").
    pub label: String,
    /// False for elements the profile does not require for this case: the conservative-care
    /// elements of `imaging_msk` when red flags are documented, or `red_flag_symptoms` itself
    /// when it is reported as the reason for that pathway.
    pub required: bool,
    /// Spans that mention the element without satisfying it (pending, negated, too short,
    /// unsigned…), shown so the biller sees what fell short. Empty when present.
    pub near_misses: Vec<Evidence>,
    /// The same near misses, each with why it did not count (`negated`, `hypothetical`,
    /// `below_threshold`…) and the cue that decided it. Empty when present.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_counted: Vec<NotCounted>,
    /// The policy source the rule follows, when the profile data names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_source: Option<String>,
}

/// The medical-necessity report.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct NecessityReport {
    /// The profile used.
    pub profile: ProfileChoice,
    /// One result per element of the profile, in profile order (plus `red_flag_symptoms` when
    /// it decides the `imaging_msk` pathway).
    pub elements: Vec<ElementResult>,
    /// Findings (one per element, plus notices such as "no clinical documentation").
    pub findings: Vec<Finding>,
}

/// A requirement profile, for pickers and documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ProfileInfo {
    /// Vocabulary name.
    pub name: String,
    /// Human label.
    pub label: String,
    /// Required elements, in order.
    pub elements: Vec<String>,
}

/// The requirement profiles of the embedded profile data.
pub fn profiles() -> Vec<ProfileInfo> {
    profile::catalog()
        .profiles
        .iter()
        .map(|p| ProfileInfo { name: p.name.clone(), label: p.label.clone(), elements: p.elements.clone() })
        .collect()
}

/// The human label of an element id ("informed_consent" → "Consent covers the procedure").
pub fn element_label(id: &str) -> Option<String> {
    profile::catalog().element(id).map(|e| e.label.clone())
}

/// The version of the embedded profile data (`templates/profiles/profiles.json`).
pub fn profile_data_version() -> String {
    profile::catalog().version.clone()
}

/// The profile inferred from the claim alone, with the reason.
pub fn infer_profile(case: &Case) -> ProfileChoice {
    let inferred = profile::infer(case);
    ProfileChoice { name: inferred.profile, source: ProfileSource::Inferred, reason: inferred.reason }
}

/// Chooses the profile: forced > the case's `requirement_profile` > inferred. Unknown names
/// fall through to the next source, with a finding.
fn choose_profile(case: &Case, forced: Option<&str>, findings: &mut Vec<Finding>) -> ProfileChoice {
    let cat = profile::catalog();
    if let Some(name) = forced.map(str::trim).filter(|n| !n.is_empty()) {
        if cat.profile(name).is_some() {
            return ProfileChoice {
                name: name.to_string(),
                source: ProfileSource::Forced,
                reason: format!("{name}: chosen by the user"),
            };
        }
        findings.push(Finding::advice(
            "unknown_profile",
            Severity::Warning,
            None,
            format!(
                "The requested requirement profile is not one of the {} known profiles; another profile was used.",
                cat.profiles.len()
            ),
        ));
    }
    if let Some(name) = case.requirement_profile.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        if cat.profile(name).is_some() {
            let claim = profile::infer(case);
            let reason = if claim.profile == name {
                format!("{name}: named by the case (the claim agrees: {})", claim.reason)
            } else {
                format!("{name}: named by the case (the claim alone suggests {})", claim.reason)
            };
            return ProfileChoice { name: name.to_string(), source: ProfileSource::Case, reason };
        }
        findings.push(Finding::advice(
            "unknown_profile",
            Severity::Warning,
            Some("requirement_profile".to_string()),
            format!(
                "The case's requirement profile is not one of the {} known profiles; the profile was inferred from the claim.",
                cat.profiles.len()
            ),
        ));
    }
    infer_profile(case)
}

fn hint_for(id: &str, params: &profile::Params) -> String {
    let cat = profile::catalog();
    let base = cat.element(id).map(|e| e.help.clone()).unwrap_or_default();
    let f2f = if params.f2f_max_days % 30 <= 3 || params.f2f_max_days % 30 >= 27 {
        format!("{} months", ((params.f2f_max_days as f64) / 30.44).round())
    } else {
        format!("{} days", params.f2f_max_days)
    };
    let mut tests: Vec<String> = Vec::new();
    for &d in &params.drugs {
        for t in cat.drugs.get(d).map(|d| d.screening.clone()).unwrap_or_default() {
            if let Some(label) = cat.screening.iter().find(|s| s.id == t).map(|s| s.label.clone())
                && !tests.contains(&label)
            {
                tests.push(label);
            }
        }
    }
    let tests = if tests.is_empty() {
        "for example TB and hepatitis B tests before biologics, IgA level and renal function before IVIG".to_string()
    } else {
        tests.join(", ")
    };
    let mut alts: Vec<String> = Vec::new();
    for &e in &params.equipment {
        for a in cat.equipment.get(e).map(|e| e.alternatives.clone()).unwrap_or_default() {
            if !alts.contains(&a.label) {
                alts.push(a.label);
            }
        }
    }
    let alts =
        if alts.is_empty() { "each cheaper option that could meet the need".to_string() } else { alts.join("; ") };
    base.replace("{threshold}", &params.conservative_label)
        .replace("{f2f}", &f2f)
        .replace("{tests}", &tests)
        .replace("{alternatives}", &alts)
}

/// Checks the notes of `case` against its requirement profile (`forced_profile` overrides).
pub fn check_notes(case: &Case, forced_profile: Option<&str>) -> NecessityReport {
    let mut findings = Vec::new();
    let choice = choose_profile(case, forced_profile, &mut findings);
    let cat = profile::catalog();
    let params = profile::params(&choice.name, case);
    let note_inputs: Vec<(&str, Option<&str>)> =
        case.notes.iter().map(|n| (n.note_type.as_str(), n.text.as_deref())).collect();
    let corpus = Corpus::build(&note_inputs, rules::lexicon(), profile::reference_date(case));

    for doc in &corpus.docs {
        match doc.state {
            NoteState::NotLoaded => findings.push(Finding::advice(
                "note_text_not_loaded",
                Severity::Warning,
                Some(format!("notes[{}].text_file", doc.index)),
                "This note's text was not loaded (it lives in a separate file), so it was treated as empty.",
            )),
            NoteState::Empty => findings.push(Finding::advice(
                "empty_note",
                Severity::Warning,
                Some(format!("notes[{}].text", doc.index)),
                "This note is empty or contains only whitespace.",
            )),
            NoteState::Text => {}
        }
    }
    let documented = corpus.docs.iter().any(|d| d.state == NoteState::Text);
    if !documented {
        findings.push(Finding::advice(
            "no_clinical_documentation",
            Severity::Error,
            Some("notes".to_string()),
            "There is no clinical documentation to check: every element of the profile is missing. Add the clinical notes.",
        ));
    }

    let element_ids: Vec<String> = cat.profile(&choice.name).map(|p| p.elements.clone()).unwrap_or_default();
    let pathway: Vec<String> = cat.profile(&choice.name).map(|p| p.red_flag_pathway.clone()).unwrap_or_default();
    let run = |id: &str| -> rules::Outcome {
        if documented {
            rules::run(id, &corpus, &params).unwrap_or_default()
        } else {
            rules::Outcome { reason: Some("there is no clinical documentation"), ..rules::Outcome::default() }
        }
    };

    let mut results: Vec<(String, rules::Outcome, bool)> = Vec::new();
    let mut red_flag_pathway = false;
    if !pathway.is_empty() && !element_ids.iter().any(|e| e == "red_flag_symptoms") {
        let red = run("red_flag_symptoms");
        if red.present() {
            red_flag_pathway = true;
            results.push(("red_flag_symptoms".to_string(), red, false));
        }
    }
    for id in &element_ids {
        let outcome = run(id);
        let required = !(red_flag_pathway && pathway.contains(id));
        results.push((id.clone(), outcome, required));
    }
    if red_flag_pathway {
        // Keep profile order: the pathway element goes last.
        results.rotate_left(1);
    }

    let mut elements = Vec::new();
    for (id, outcome, required) in results {
        let label = element_label(&id).unwrap_or_else(|| id.clone());
        let hint = hint_for(&id, &params);
        let mut policy_source = params.sources.get(&id).cloned();
        if id == "conservative_treatment_duration"
            && let Some(src) = &params.threshold_source
        {
            policy_source = Some(src.clone());
        }
        let present = outcome.present();
        let finding = if present {
            Finding {
                code: id.clone(),
                kind: FindingKind::ElementPresent,
                severity: Severity::Info,
                field: None,
                element: Some(id.clone()),
                message: if required {
                    format!("{label}: documented.")
                } else {
                    format!("{label}: documented (not required on this pathway).")
                },
                help: None,
                evidence: outcome.evidence.clone(),
            }
        } else {
            let why = outcome.reason.unwrap_or("nothing in the notes documents it");
            let message = if required {
                format!("{label}: missing — {why}.")
            } else {
                format!("{label}: not documented, but not required because red-flag symptoms are documented ({why}).")
            };
            Finding {
                code: id.clone(),
                kind: FindingKind::ElementMissing,
                severity: if required { Severity::Error } else { Severity::Warning },
                field: None,
                element: Some(id.clone()),
                message,
                help: Some(hint.clone()),
                evidence: outcome.near.clone(),
            }
        };
        findings.push(finding);
        elements.push(ElementResult {
            element: id,
            status: if present { ElementStatus::Present } else { ElementStatus::Missing },
            evidence: outcome.evidence,
            hint,
            label,
            required,
            near_misses: outcome.near,
            not_counted: outcome.not_counted,
            policy_source,
        });
    }
    NecessityReport { profile: choice, elements, findings }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::Note;

    #[test]
    fn empty_notes_give_no_documentation_and_no_evidence() {
        let mut case = Case::new_empty();
        case.requirement_profile = Some("imaging_general".into());
        case.notes = vec![Note { note_type: "clinic_note".into(), text: Some(" \n\t ".into()), ..Note::default() }];
        let r = check_notes(&case, None);
        assert!(r.findings.iter().any(|f| f.code == "no_clinical_documentation"));
        assert_eq!(r.elements.len(), 8);
        assert!(r.elements.iter().all(|e| e.status == ElementStatus::Missing && e.evidence.is_empty()));
        case.notes.clear();
        let r = check_notes(&case, None);
        assert!(r.findings.iter().any(|f| f.code == "no_clinical_documentation"));
        case.notes = vec![Note {
            note_type: "chart_export".into(),
            text: None,
            text_file: Some("x.txt".into()),
            ..Note::default()
        }];
        let r = check_notes(&case, None);
        assert!(r.findings.iter().any(|f| f.code == "note_text_not_loaded"));
        assert!(r.findings.iter().any(|f| f.code == "no_clinical_documentation"));
    }

    #[test]
    fn profile_choice_order() {
        let mut case = Case::new_empty();
        case.claim.claim.lines[0].cpt_or_hcpcs = Some("72148".into());
        let r = check_notes(&case, None);
        assert_eq!(r.profile.source, ProfileSource::Inferred);
        assert_eq!(r.profile.name, "imaging_msk");
        assert!(r.profile.reason.starts_with("CPT 72148 → imaging_msk"), "{}", r.profile.reason);
        case.requirement_profile = Some("dme_pap".into());
        assert_eq!(check_notes(&case, None).profile.source, ProfileSource::Case);
        let r = check_notes(&case, Some("cardiac_diagnostic"));
        assert_eq!((r.profile.name.as_str(), r.profile.source), ("cardiac_diagnostic", ProfileSource::Forced));
        let r = check_notes(&case, Some("nonsense"));
        assert_eq!(r.profile.name, "dme_pap");
        assert!(r.findings.iter().any(|f| f.code == "unknown_profile"));
    }

    #[test]
    fn public_lists() {
        assert_eq!(profiles().len(), 13);
        assert_eq!(element_label("informed_consent").as_deref(), Some("Consent covers the procedure"));
        assert!(!profile_data_version().is_empty());
    }
}
