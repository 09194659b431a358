//! Requirement profiles as data, and the choice of profile for a case.
//!
//! The profiles, their elements, thresholds and policy sources live in
//! `templates/profiles/*.json` (readable by a biller, versioned) and are embedded at build time.
//! The profile used is, in order: the one forced by the user, the case's
//! `requirement_profile`, or one **inferred from the claim** by the first matching rule of
//! `inference.json` (DRG, type of bill, revenue codes, place of service, CPT/HCPCS ranges,
//! modifiers), with the reason shown ("CPT 72148 → imaging_msk: MRI/CT of the spine or a joint").
//!
//! [`Params`] gathers what the rules need from the claim: thresholds (with service rules such
//! as bariatric surgery and any threshold the payer states in its policy note), the date of
//! service, the kind of DME item, the requested drugs and the pointed diagnosis codes.

use super::notes::text::number_value;
use super::notes::time;
use crate::core::model::{Case, ServiceLine};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const PROFILES_JSON: &str = include_str!("../../../templates/profiles/profiles.json");
const ELEMENTS_JSON: &str = include_str!("../../../templates/profiles/elements.json");
const INFERENCE_JSON: &str = include_str!("../../../templates/profiles/inference.json");
const DRUGS_JSON: &str = include_str!("../../../templates/profiles/drugs.json");
const SCREENING_JSON: &str = include_str!("../../../templates/profiles/screening.json");
const DIAGNOSIS_JSON: &str = include_str!("../../../templates/profiles/diagnosis_terms.json");
const EQUIPMENT_JSON: &str = include_str!("../../../templates/profiles/equipment.json");

/// Thresholds a profile or service rule can set.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub(crate) struct Thresholds {
    /// Minimum conservative-care duration in weeks.
    #[serde(default)]
    pub conservative_min_weeks: Option<f64>,
    /// Minimum conservative-care duration in months.
    #[serde(default)]
    pub conservative_min_months: Option<f64>,
    /// Only a supervised program counts toward the duration.
    #[serde(default)]
    pub conservative_supervised: Option<bool>,
    /// Face-to-face evaluation at most this many days before the order.
    #[serde(default)]
    pub f2f_max_days: Option<i64>,
    /// Inpatient stay: expected midnights.
    #[serde(default)]
    pub stay_min_midnights: Option<f64>,
    /// Home oxygen: qualifying SpO2 at or below (percent).
    #[serde(default)]
    pub spo2_max: Option<f64>,
    /// Home oxygen: qualifying PaO2 at or below (mmHg).
    #[serde(default)]
    pub pao2_max: Option<f64>,
    /// PAP: qualifying AHI/RDI at or above.
    #[serde(default)]
    pub ahi_min: Option<f64>,
}

/// One requirement profile.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ProfileDef {
    /// Vocabulary name.
    pub name: String,
    /// Human label.
    pub label: String,
    /// Required elements, in order.
    pub elements: Vec<String>,
    /// Elements not required when red flags are documented.
    #[serde(default)]
    pub red_flag_pathway: Vec<String>,
    /// Thresholds.
    #[serde(default)]
    pub thresholds: Thresholds,
    /// Policy source per element.
    #[serde(default)]
    pub sources: BTreeMap<String, String>,
}

/// A service-specific threshold (e.g. bariatric surgery).
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ServiceRule {
    /// Name.
    pub name: String,
    /// CPT/HCPCS ranges.
    pub codes: Vec<String>,
    /// Thresholds that replace the profile's.
    pub thresholds: Thresholds,
    /// Policy source.
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
struct ProfilesFile {
    version: String,
    profiles: Vec<ProfileDef>,
    #[serde(default)]
    service_rules: Vec<ServiceRule>,
}

/// One element: label and what satisfies it.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ElementDef {
    /// Vocabulary id.
    pub id: String,
    /// Label.
    pub label: String,
    /// What satisfies it, in a biller's words (with placeholders).
    pub help: String,
}

#[derive(Debug, Clone, Deserialize)]
struct ElementsFile {
    elements: Vec<ElementDef>,
}

/// Conditions of an inference rule.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct When {
    #[serde(default)]
    drg: Vec<String>,
    #[serde(default)]
    type_of_bill: Vec<String>,
    #[serde(default)]
    revenue: Vec<String>,
    #[serde(default)]
    place_of_service: Vec<String>,
    #[serde(default)]
    codes: Vec<String>,
    #[serde(default)]
    modifiers: Vec<String>,
    #[serde(default)]
    step_therapy_drug: bool,
}

/// An inference rule.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct InferenceRule {
    profile: String,
    why: String,
    when: When,
}

#[derive(Debug, Clone, Deserialize)]
struct Fallback {
    profile: String,
    why: String,
}

#[derive(Debug, Clone, Deserialize)]
struct InferenceFile {
    rules: Vec<InferenceRule>,
    fallback: Fallback,
}

/// A specialty drug.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct DrugDef {
    /// HCPCS codes.
    pub codes: Vec<String>,
    /// Names used in notes (lowercase).
    pub names: Vec<String>,
    /// Step therapy applies.
    #[serde(default)]
    pub step_therapy: bool,
    /// Required screening test ids.
    #[serde(default)]
    pub screening: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct DrugsFile {
    drugs: Vec<DrugDef>,
}

/// A pre-treatment screening test.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ScreeningDef {
    /// Id used by drugs.json.
    pub id: String,
    /// Label for hints.
    pub label: String,
    /// Words that name it.
    pub terms: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct ScreeningFile {
    tests: Vec<ScreeningDef>,
}

/// Words documenting an ICD-10-CM category.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct DxEntry {
    /// Code prefixes.
    pub codes: Vec<String>,
    /// Words that document it.
    pub terms: Vec<String>,
    /// The words must be about a relative.
    #[serde(default)]
    pub family: bool,
    /// Phrases that contradict it.
    #[serde(default)]
    pub contradicted_by: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct DiagnosisFile {
    entries: Vec<DxEntry>,
}

/// One cheaper alternative.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Alternative {
    /// Label for hints.
    pub label: String,
    /// Words that name it.
    pub terms: Vec<String>,
}

/// A DME item and the alternatives to rule out.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct EquipItem {
    /// Name.
    pub name: String,
    /// HCPCS/CPT ranges.
    pub codes: Vec<String>,
    /// Alternatives, each to be ruled out.
    pub alternatives: Vec<Alternative>,
}

#[derive(Debug, Clone, Deserialize)]
struct EquipmentFile {
    items: Vec<EquipItem>,
}

/// Everything from `templates/profiles/`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Catalog {
    /// Data version of profiles.json.
    pub version: String,
    /// The profiles.
    pub profiles: Vec<ProfileDef>,
    /// Service rules.
    pub service_rules: Vec<ServiceRule>,
    /// The elements.
    pub elements: Vec<ElementDef>,
    /// Inference rules.
    pub rules: Vec<InferenceRule>,
    fallback: Option<Fallback>,
    /// Drugs.
    pub drugs: Vec<DrugDef>,
    /// Screening tests.
    pub screening: Vec<ScreeningDef>,
    /// Diagnosis words.
    pub dx: Vec<DxEntry>,
    /// DME items.
    pub equipment: Vec<EquipItem>,
    /// Files that failed to parse (empty when all is well; a test keeps it empty).
    pub errors: Vec<String>,
}

fn parse<T: for<'de> Deserialize<'de>>(name: &str, text: &str, errors: &mut Vec<String>) -> Option<T> {
    match serde_json::from_str(text) {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(format!("{name}: {e}"));
            None
        }
    }
}

impl Catalog {
    fn load() -> Catalog {
        let mut errors = Vec::new();
        let mut c = Catalog::default();
        if let Some(p) = parse::<ProfilesFile>("profiles.json", PROFILES_JSON, &mut errors) {
            c.version = p.version;
            c.profiles = p.profiles;
            c.service_rules = p.service_rules;
        }
        if let Some(e) = parse::<ElementsFile>("elements.json", ELEMENTS_JSON, &mut errors) {
            c.elements = e.elements;
        }
        if let Some(i) = parse::<InferenceFile>("inference.json", INFERENCE_JSON, &mut errors) {
            c.rules = i.rules;
            c.fallback = Some(i.fallback);
        }
        if let Some(d) = parse::<DrugsFile>("drugs.json", DRUGS_JSON, &mut errors) {
            c.drugs = d.drugs;
        }
        if let Some(s) = parse::<ScreeningFile>("screening.json", SCREENING_JSON, &mut errors) {
            c.screening = s.tests;
        }
        if let Some(d) = parse::<DiagnosisFile>("diagnosis_terms.json", DIAGNOSIS_JSON, &mut errors) {
            c.dx = d.entries;
        }
        if let Some(e) = parse::<EquipmentFile>("equipment.json", EQUIPMENT_JSON, &mut errors) {
            c.equipment = e.items;
        }
        c.errors = errors;
        c
    }

    /// The profile with this name.
    pub(crate) fn profile(&self, name: &str) -> Option<&ProfileDef> {
        self.profiles.iter().find(|p| p.name == name)
    }

    /// The element with this id.
    pub(crate) fn element(&self, id: &str) -> Option<&ElementDef> {
        self.elements.iter().find(|e| e.id == id)
    }

    /// Indices of the dx entries with the longest prefix of `code` (undotted comparison).
    pub(crate) fn dx_entries_for(&self, code: &str) -> Vec<usize> {
        let code = undotted(code);
        let mut best = 0;
        let mut out = Vec::new();
        for (i, e) in self.dx.iter().enumerate() {
            for p in &e.codes {
                let p = undotted(p);
                if !p.is_empty() && code.starts_with(&p) {
                    if p.len() > best {
                        best = p.len();
                        out.clear();
                    }
                    if p.len() == best && !out.contains(&i) {
                        out.push(i);
                    }
                }
            }
        }
        out
    }
}

/// The catalog, parsed on first use.
pub(crate) fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(Catalog::load)
}

/// A code without dots or spaces, uppercase.
pub(crate) fn undotted(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

fn normalize_code(code: &str) -> String {
    code.trim().to_ascii_uppercase()
}

fn same_shape(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.chars().zip(b.chars()).all(|(x, y)| x.is_ascii_digit() == y.is_ascii_digit())
}

/// True when `code` lies in `range` ("72141-72158", "J0120-J9999", or a single code).
pub(crate) fn code_in_range(code: &str, range: &str) -> bool {
    let code = normalize_code(code);
    let (lo, hi) = match range.split_once('-') {
        Some((a, b)) => (a.trim(), b.trim()),
        None => (range.trim(), range.trim()),
    };
    !code.is_empty() && same_shape(&code, lo) && same_shape(&code, hi) && code.as_str() >= lo && code.as_str() <= hi
}

fn numeric_in_range(value: &str, range: &str, width: usize) -> bool {
    let pad = |s: &str| format!("{:0>width$}", s.trim(), width = width);
    let v = pad(value);
    if !v.chars().all(|c| c.is_ascii_digit()) || v.len() != width {
        return false;
    }
    match range.split_once('-') {
        Some((a, b)) => v >= pad(a) && v <= pad(b),
        None => v == pad(range),
    }
}

fn pattern_match(value: &str, pattern: &str) -> bool {
    let v = format!("{:0>4}", value.trim());
    v.len() == pattern.len() && v.chars().zip(pattern.chars()).all(|(c, p)| p == '*' && c.is_ascii_digit() || c == p)
}

/// Where the profile came from (see the public `ProfileSource`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Inferred {
    /// Profile name.
    pub profile: String,
    /// Why, in words.
    pub reason: String,
}

fn line_codes(case: &Case) -> impl Iterator<Item = (&ServiceLine, String)> {
    case.claim.claim.lines.iter().filter_map(|l| l.cpt_or_hcpcs.as_deref().map(|c| (l, normalize_code(c))))
}

fn code_kind(code: &str) -> &'static str {
    if code.starts_with(|c: char| c.is_ascii_digit()) { "CPT" } else { "HCPCS" }
}

/// Infers the profile from the claim: the first matching rule of `inference.json`.
pub(crate) fn infer(case: &Case) -> Inferred {
    let cat = catalog();
    let claim = &case.claim.claim;
    for rule in &cat.rules {
        let w = &rule.when;
        let mut shown: Vec<String> = Vec::new();
        let mut ok = true;
        if !w.drg.is_empty() {
            match claim.drg.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
                Some(d) if w.drg.iter().any(|r| numeric_in_range(d, r, 3)) => shown.push(format!("DRG {d}")),
                _ => ok = false,
            }
        }
        if ok && !w.type_of_bill.is_empty() {
            match claim.type_of_bill.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                Some(t) if w.type_of_bill.iter().any(|p| pattern_match(t, p)) => {
                    shown.push(format!("type of bill {t}"))
                }
                _ => ok = false,
            }
        }
        if ok && !w.revenue.is_empty() {
            let hit = claim
                .lines
                .iter()
                .filter_map(|l| l.revenue_code.as_deref())
                .find(|rc| w.revenue.iter().any(|r| numeric_in_range(rc, r, 4)));
            match hit {
                Some(rc) => shown.push(format!("revenue code {}", rc.trim())),
                None => ok = false,
            }
        }
        if ok && !w.place_of_service.is_empty() {
            let pos = claim.place_of_service.trim();
            if w.place_of_service.iter().any(|p| numeric_in_range(pos, p, 2)) {
                shown.push(format!("place of service {pos}"));
            } else {
                ok = false;
            }
        }
        if ok && !w.codes.is_empty() {
            match line_codes(case).find(|(_, c)| w.codes.iter().any(|r| code_in_range(c, r))) {
                Some((_, c)) => shown.push(format!("{} {c}", code_kind(&c))),
                None => ok = false,
            }
        }
        if ok && !w.modifiers.is_empty() {
            let hit = claim
                .lines
                .iter()
                .flat_map(|l| l.modifiers.iter())
                .map(|m| m.trim().to_ascii_uppercase())
                .find(|m| w.modifiers.iter().any(|x| x.eq_ignore_ascii_case(m)));
            match hit {
                Some(m) => shown.push(format!("modifier {m}")),
                None => ok = false,
            }
        }
        if ok && w.step_therapy_drug {
            let hit = line_codes(case)
                .find(|(_, c)| cat.drugs.iter().any(|d| d.step_therapy && d.codes.iter().any(|x| x == c)));
            match hit {
                Some((_, c)) => shown.push(format!("HCPCS {c}")),
                None => ok = false,
            }
        }
        if ok && !shown.is_empty() {
            return Inferred {
                profile: rule.profile.clone(),
                reason: format!("{} → {}: {}", shown.join(", "), rule.profile, rule.why),
            };
        }
    }
    match &cat.fallback {
        Some(f) => Inferred { profile: f.profile.clone(), reason: format!("{}: {}", f.profile, f.why) },
        None => Inferred { profile: "imaging_general".into(), reason: "imaging_general: no rule matched".into() },
    }
}

/// The kind of DME item on the claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DmeKind {
    /// Home oxygen.
    Oxygen,
    /// PAP device.
    Pap,
    /// Anything else or none.
    Other,
}

/// What the rules need to know about the claim and the thresholds.
#[derive(Debug, Clone)]
pub(crate) struct Params {
    /// Profile name.
    pub profile: String,
    /// Minimum conservative-care duration in days.
    pub conservative_min_days: f64,
    /// The threshold in words ("6 weeks", "6 months of supervised care").
    pub conservative_label: String,
    /// Only supervised programs count.
    pub supervised_only: bool,
    /// Face-to-face window in days before the order.
    pub f2f_max_days: i64,
    /// Minimum expected stay in midnights/days.
    pub stay_min_days: f64,
    /// Oxygen SpO2 threshold.
    pub spo2_max: f64,
    /// Oxygen PaO2 threshold.
    pub pao2_max: f64,
    /// PAP AHI threshold.
    pub ahi_min: f64,
    /// DME kind.
    pub dme: DmeKind,
    /// The payer is Medicare or Medicare Advantage (two-midnight benchmark applies).
    pub medicare: bool,
    /// The date of service (first date).
    pub dos: Option<NaiveDate>,
    /// Indices into the catalog's drugs for drugs billed on the claim.
    pub drugs: Vec<usize>,
    /// The claim bills a drug code (J-code, biosimilar Q-code) that `drugs.json` does not list.
    pub unlisted_drug: bool,
    /// Diagnosis codes that the service lines point to (all codes on institutional claims or
    /// when no pointer is usable).
    pub pointed_dx: Vec<String>,
    /// Indices into the catalog's equipment for items billed.
    pub equipment: Vec<usize>,
    /// Policy sources for this profile's elements.
    pub sources: BTreeMap<String, String>,
    /// Where a threshold came from when a service rule or the payer's note set it.
    pub threshold_source: Option<String>,
}

/// Parses an ISO date (`YYYY-MM-DD`).
pub(crate) fn iso_date(s: &str) -> Option<NaiveDate> {
    crate::core::model::date::parse_iso(s)
}

fn months_words(text: &str) -> Option<(f64, bool)> {
    // "requires ... 6 consecutive months of physician-supervised weight management"
    let lower = text.to_ascii_lowercase();
    if !(lower.contains("month") || lower.contains("week")) {
        return None;
    }
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric() && c != '-').filter(|w| !w.is_empty()).collect();
    for (i, w) in words.iter().enumerate() {
        let unit = match *w {
            "months" | "month" => 30.44,
            "weeks" | "week" => 7.0,
            _ => continue,
        };
        let n = words
            .get(i.wrapping_sub(1))
            .and_then(|p| number_value(p))
            .or_else(|| words.get(i.wrapping_sub(2)).and_then(|p| number_value(p)));
        let Some(n) = n else { continue };
        let tail: String = words.iter().skip(i + 1).take(6).copied().collect::<Vec<_>>().join(" ");
        let conservative = [
            "supervised",
            "conservative",
            "therapy",
            "weight",
            "diet",
            "trial",
            "treatment",
            "non-operative",
            "nonoperative",
        ]
        .iter()
        .any(|k| tail.contains(k));
        if conservative {
            return Some((n * unit, tail.contains("supervised")));
        }
    }
    None
}

/// Builds the parameters for `profile` and `case`.
pub(crate) fn params(profile: &str, case: &Case) -> Params {
    let cat = catalog();
    let def = cat.profile(profile);
    let t = def.map(|d| d.thresholds.clone()).unwrap_or_default();
    let codes: Vec<String> = line_codes(case).map(|(_, c)| c).collect();
    let mut th = t.clone();
    let mut threshold_source = None;
    for rule in &cat.service_rules {
        if codes.iter().any(|c| rule.codes.iter().any(|r| code_in_range(c, r))) {
            if rule.thresholds.conservative_min_weeks.is_some() || rule.thresholds.conservative_min_months.is_some() {
                th.conservative_min_weeks = rule.thresholds.conservative_min_weeks;
                th.conservative_min_months = rule.thresholds.conservative_min_months;
            }
            if rule.thresholds.conservative_supervised.is_some() {
                th.conservative_supervised = rule.thresholds.conservative_supervised;
            }
            threshold_source = Some(format!("{}: {}", rule.name, rule.source));
        }
    }
    let mut min_days =
        th.conservative_min_months.map(|m| m * 30.44).or(th.conservative_min_weeks.map(|w| w * 7.0)).unwrap_or(42.0);
    let mut supervised = th.conservative_supervised.unwrap_or(false);
    let mut f2f = th.f2f_max_days.unwrap_or(183);
    if let Some(note) = case.claim.payer.retro_auth_window_note.as_deref() {
        let lower = note.to_ascii_lowercase();
        if lower.contains("face-to-face") || lower.contains("face to face") {
            for clause in lower.split([';', '.']) {
                if clause.contains("face") && clause.contains("month") {
                    let d = time::durations(clause, 0, clause.len(), None);
                    if let Some(h) = d.iter().find(|h| h.unit == time::Unit::Months) {
                        f2f = h.days.round() as i64;
                    }
                }
            }
        }
        if let Some((days, sup)) = months_words(note) {
            min_days = days;
            supervised = supervised || sup;
            threshold_source = Some("the payer's stated policy (payer note on the case)".to_string());
        }
    }
    let conservative_label = {
        let months = min_days / 30.44;
        let base = if (months - months.round()).abs() < 0.05 && min_days >= 60.0 {
            format!("{} months", months.round())
        } else {
            format!("{} weeks", (min_days / 7.0).round())
        };
        if supervised { format!("{base} of supervised care") } else { base }
    };
    let dme = if codes.iter().any(|c| ["E0424-E0445", "E1390-E1392", "K0738"].iter().any(|r| code_in_range(c, r))) {
        DmeKind::Oxygen
    } else if codes
        .iter()
        .any(|c| ["E0470-E0472", "E0601", "E0561-E0562", "A7027-A7046"].iter().any(|r| code_in_range(c, r)))
    {
        DmeKind::Pap
    } else {
        DmeKind::Other
    };
    let drugs = cat
        .drugs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.codes.iter().any(|x| codes.contains(x)))
        .map(|(i, _)| i)
        .collect();
    let equipment = cat
        .equipment
        .iter()
        .enumerate()
        .filter(|(_, e)| codes.iter().any(|c| e.codes.iter().any(|r| code_in_range(c, r))))
        .map(|(i, _)| i)
        .collect();
    let unlisted_drug = codes.iter().any(|c| {
        ["J0120-J9999", "Q5101-Q5199", "C9000-C9399"].iter().any(|r| code_in_range(c, r))
            && !cat.drugs.iter().any(|d| d.codes.contains(c))
    });
    Params {
        profile: profile.to_string(),
        unlisted_drug,
        conservative_min_days: min_days,
        conservative_label,
        supervised_only: supervised,
        f2f_max_days: f2f,
        stay_min_days: th.stay_min_midnights.unwrap_or(2.0),
        spo2_max: th.spo2_max.unwrap_or(88.0),
        pao2_max: th.pao2_max.unwrap_or(55.0),
        ahi_min: th.ahi_min.unwrap_or(5.0),
        dme,
        medicare: case.claim.payer.plan_type.to_ascii_lowercase().contains("medicare"),
        dos: case.claim.claim.first_date().and_then(iso_date),
        drugs,
        pointed_dx: pointed_diagnoses(case),
        equipment,
        sources: def.map(|d| d.sources.clone()).unwrap_or_default(),
        threshold_source,
    }
}

/// The diagnosis codes the lines point to (1-based pointers). Institutional claims, and claims
/// whose pointers are all unusable, use every claim diagnosis.
pub(crate) fn pointed_diagnoses(case: &Case) -> Vec<String> {
    let claim = &case.claim.claim;
    let all: Vec<String> = claim.diagnoses.iter().map(|d| d.trim().to_string()).filter(|d| !d.is_empty()).collect();
    if claim.is_institutional() {
        return all;
    }
    let mut out: Vec<String> = Vec::new();
    for line in &claim.lines {
        for p in &line.icd10_pointers {
            if let Some(&n) = p.valid()
                && n >= 1
                && let Some(code) = usize::try_from(n - 1).ok().and_then(|i| claim.diagnoses.get(i))
            {
                let code = code.trim().to_string();
                if !code.is_empty() && !out.contains(&code) {
                    out.push(code);
                }
            }
        }
    }
    if out.is_empty() { all } else { out }
}

/// The note reference date: the date of service, else the request date.
pub(crate) fn reference_date(case: &Case) -> Option<NaiveDate> {
    case.claim.claim.first_date().and_then(iso_date).or_else(|| case.request_date.as_deref().and_then(iso_date))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_parse() {
        let c = catalog();
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        assert_eq!(c.profiles.len(), 13);
        assert_eq!(c.elements.len(), 29);
        assert!(!c.rules.is_empty());
        for p in &c.profiles {
            for e in &p.elements {
                assert!(c.element(e).is_some(), "{e}");
            }
        }
        for d in &c.drugs {
            for s in &d.screening {
                assert!(c.screening.iter().any(|t| &t.id == s), "{s}");
            }
        }
        for r in &c.rules {
            assert!(c.profile(&r.profile).is_some(), "{}", r.profile);
        }
    }

    #[test]
    fn ranges() {
        assert!(code_in_range("72148", "72141-72158"));
        assert!(!code_in_range("2284O", "10004-69990"));
        assert!(code_in_range("e0260", "E0250-E0373"));
        assert!(!code_in_range("E0260", "K0001-K0899"));
        assert!(numeric_in_range("794", "789-795", 3));
        assert!(numeric_in_range("172", "0170-0179", 4));
        assert!(pattern_match("0111", "011*"));
        assert!(pattern_match("111", "011*"));
        assert!(!pattern_match("0131", "011*"));
    }

    #[test]
    fn payer_note_thresholds() {
        let note = "Bariatric policy BH-SUR-012 requires BMI >=40 (or >=35 with comorbidity) and 6 consecutive months of physician-supervised weight management within the 12 months before surgery.";
        let (days, sup) = months_words(note).unwrap();
        assert!((days - 182.6).abs() < 1.0);
        assert!(sup);
        assert_eq!(
            months_words("Provider manual 7.4: requests are accepted up to 60 calendar days after the denial."),
            None
        );
    }
}
