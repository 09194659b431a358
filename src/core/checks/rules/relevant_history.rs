//! `relevant_history`: pertinent past history, medications or risk factors.
//!
//! ## What it checks
//! That the notes give the patient's pertinent past medical, surgical or psychiatric history,
//! medications, social or family risk factors, or state explicitly that there is none.
//!
//! ## Why it matters
//! Comorbidities and risk factors change what is appropriate (and what is safe). Reviewers
//! treat a record with no history as incomplete. "Unknown" is not "none": when the history
//! could not be obtained the element is missing (VOCABULARY.md §1).
//!
//! ## What satisfies it
//! * a history field with content: `PMH:`, `PSH:`, `Past medical history:`, `Meds:`,
//!   `Social history:`, `FH:`, `Comorbidities:`, `History:`, `Relevant history:`,
//!   `Maternal history:` — including an explicit none (`PMH: none`, `Past medical history
//!   otherwise negative`);
//! * an affirmed history statement: "h/o DVT", "history of breast cancer", "s/p CABG",
//!   "former smoker, 48 pack-years".
//!
//! Fields that say `unknown`, `unable to obtain`, `not available` do not count; neither do
//! negated statements ("no known antipsychotic exposure") or lab results.
//!
//! ## References
//! * CMS E/M documentation guidelines: past, family and social history (PFSH).
//! * ../shared/cases/VOCABULARY.md §1–2 (`relevant_history`, "unknown is not none").

use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::sections::Section;

const HX: u16 = 0;
const NONE_STATED: u16 = 1;
const UNKNOWN: u16 = 2;
/// "previous"/"prior" — history only when an operation or event follows ("previous bilateral
/// foot correction"), not "previous study".
const PREVIOUS: u16 = 3;
/// A chronic comorbidity by name ("coronary artery disease", "chronic renal insufficiency"):
/// history when it is listed among the indications or diagnoses, or introduced in the present
/// illness as already known ("found to have", "diagnosed with", "known").
const CHRONIC: u16 = 4;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("history of", HX),
    ("h/o", HX),
    ("hx of", HX),
    ("s/p", HX),
    ("status post", HX),
    ("former smoker", HX),
    ("ex-smoker", HX),
    ("current smoker", HX),
    ("active smoker", HX),
    ("pack-year*", HX),
    ("pack year*", HX),
    ("pk-yr", HX),
    ("smoking history", HX),
    ("comorbidities", HX),
    ("past medical history", HX),
    ("medical history", HX),
    ("past history", HX),
    ("pmh", HX),
    ("medical problems", HX),
    ("medical issues", HX),
    ("known history", HX),
    ("underlying", HX),
    ("allergic to", HX),
    ("gravida", HX),
    ("ethanol abuse", HX),
    ("alcohol abuse", HX),
    ("tobacco abuse", HX),
    ("drug abuse", HX),
    ("substance abuse", HX),
    ("abuse", HX),
    ("smoker", HX),
    ("previous", PREVIOUS),
    ("prior", PREVIOUS),
    ("otherwise negative", NONE_STATED),
    ("otherwise healthy", NONE_STATED),
    ("previously healthy", NONE_STATED),
    ("no significant past", NONE_STATED),
    ("noncontributory", NONE_STATED),
    ("non-contributory", NONE_STATED),
    ("coronary artery disease", CHRONIC),
    ("coronary disease", CHRONIC),
    ("hypertension", CHRONIC),
    ("diabetes", CHRONIC),
    ("diabetes mellitus", CHRONIC),
    ("chronic renal insufficiency", CHRONIC),
    ("chronic renal failure", CHRONIC),
    ("chronic kidney disease", CHRONIC),
    ("end-stage renal disease", CHRONIC),
    ("esrd", CHRONIC),
    ("ckd", CHRONIC),
    ("copd", CHRONIC),
    ("chronic obstructive pulmonary disease", CHRONIC),
    ("atrial fibrillation", CHRONIC),
    ("cirrhosis", CHRONIC),
    ("hyperlipidemia", CHRONIC),
    ("cardiomyopathy", CHRONIC),
    ("unknown", UNKNOWN),
    ("unable to obtain", UNKNOWN),
    ("unobtainable", UNKNOWN),
    ("not obtainable", UNKNOWN),
    ("cannot be obtained", UNKNOWN),
    ("could not be obtained", UNKNOWN),
    ("not available", UNKNOWN),
    ("unavailable", UNKNOWN),
    ("cannot give a history", UNKNOWN),
];

const HISTORY_LABELS: [&str; 12] = [
    "history",
    "relevant history",
    "pmh/meds/allergies",
    "pmh/psh",
    "past history",
    "medical background",
    "background",
    "comorbidities",
    "weight history",
    "maternal history",
    "birth history",
    "risk factors",
];

/// Returns Some(true) for real content, Some(false) for "unknown"-style content, None for
/// blank/template.
fn field_value(body: &str) -> Option<bool> {
    let t = body.trim().trim_start_matches(|c: char| !c.is_alphanumeric()).to_string();
    if t.is_empty() || t.contains("__") || t.starts_with("[ ]") {
        return None;
    }
    let unknown_starts = [
        "unknown",
        "unable to obtain",
        "unable to assess",
        "unable to be obtained",
        "not obtained",
        "not available",
        "unavailable",
        "cannot be obtained",
        "could not be obtained",
        "unobtainable",
        "not known",
        "n/a",
        "not assessed",
        "deferred",
        "pt unable",
        "patient unable",
    ];
    if unknown_starts.iter().any(|u| t.starts_with(u)) {
        return Some(false);
    }
    Some(t.chars().filter(|c| c.is_alphabetic()).count() >= 2)
}

/// "s/p fall", "status post MVC" in the present illness describe the current event.
fn current_event(cx: &Cx<'_, '_>, sent: usize, h: &crate::core::checks::notes::Hit) -> bool {
    let (lower, _, e) = cx.lower_doc(sent);
    let cue = crate::core::checks::notes::text::slice(lower, h.start, h.end);
    if cue != "s/p" && cue != "status post" {
        return false;
    }
    let after = crate::core::checks::notes::text::slice(lower, h.end, (h.end + 40).min(e));
    ["fall", "mechanical fall", "mvc", "mva", "injury", "trauma", "assault", "accident", "collision"]
        .iter()
        .any(|w| after.split_whitespace().take(3).any(|x| x.trim_matches(|c: char| !c.is_alphanumeric()) == *w))
}

/// Words after "previous"/"prior" that make it a past operation or event.
const PAST_EVENTS: [&str; 20] = [
    "surgery",
    "surgeries",
    "operation",
    "correction",
    "repair",
    "fusion",
    "replacement",
    "resection",
    "fracture",
    "fractures",
    "mi",
    "stroke",
    "cva",
    "admission",
    "admissions",
    "hospitalization",
    "injury",
    "abortions",
    "pregnancies",
    "transplant",
];

fn previous_event(cx: &Cx<'_, '_>, sent: usize, h: &crate::core::checks::notes::Hit) -> bool {
    let (lower, _, e) = cx.lower_doc(sent);
    let after = crate::core::checks::notes::text::slice(lower, h.end, (h.end + 60).min(e));
    after
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(4)
        .any(|w| PAST_EVENTS.contains(&w) || w.ends_with("ectomy") || w.ends_with("plasty") || w.ends_with("otomy"))
}

/// A chronic disease named as a listed indication or diagnosis, or as already known in the
/// present illness — not the current problem ("CHF exacerbation", "new-onset diabetes").
fn chronic_comorbidity(cx: &Cx<'_, '_>, sent: usize, h: &crate::core::checks::notes::Hit) -> bool {
    let Some(s) = cx.sent(sent) else { return false };
    let (lower, start, end) = cx.lower_doc(sent);
    let whole = crate::core::checks::notes::text::slice(lower, start, end);
    let current = ["acute", "exacerbation", "new-onset", "new onset", "newly", "decompensated", "crisis"];
    if current.iter().any(|w| whole.contains(w)) {
        return false;
    }
    match s.section {
        Section::Indications | Section::Assessment | Section::AssessmentPlan | Section::ChiefComplaint => true,
        Section::Hpi | Section::History => {
            let before = crate::core::checks::notes::text::slice(lower, h.start.saturating_sub(32).max(start), h.start);
            ["found to have", "diagnosed with", "known", "longstanding", "long-standing", "history significant for"]
                .iter()
                .any(|w| before.contains(w))
        }
        _ => false,
    }
}

/// "History of present illness" is a section name, not a past history.
fn present_illness(cx: &Cx<'_, '_>, sent: usize, h: &crate::core::checks::notes::Hit) -> bool {
    let (lower, _, e) = cx.lower_doc(sent);
    crate::core::checks::notes::text::slice(lower, h.end, e).trim_start().starts_with("present")
}

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    for i in cx.all_sentences() {
        let Some(s) = cx.sent(i) else { continue };
        if s.label.is_none() {
            // The content line under a history heading of its own ("PAST MEDICAL HISTORY:"
            // then "Asthma." on the next line, or after a comma-joined export's break).
            let under_heading = i.checked_sub(1).and_then(|p| cx.sent(p)).is_some_and(|p| {
                p.heading && p.note == s.note && matches!(p.section, Section::Pmh | Section::Meds | Section::Social)
            });
            if under_heading && !s.heading {
                match field_value(cx.lower(i)) {
                    Some(true) => out.add(i),
                    Some(false) => out.near(i, "the history is documented as unknown, which does not count as none"),
                    None => {}
                }
                if out.any() {
                    return out.finish();
                }
            }
            continue;
        }
        let label = cx.label(i);
        let history_field =
            matches!(s.section, Section::Pmh | Section::Meds | Section::Social | Section::Family | Section::History)
                && !matches!(label.as_str(), "allergies" | "allergy")
                || HISTORY_LABELS.contains(&label.as_str());
        if !history_field {
            continue;
        }
        match field_value(cx.body_lower(i)) {
            Some(true) => out.add(i),
            Some(false) => out.near(i, "the history is documented as unknown, which does not count as none"),
            None => {}
        }
        if out.any() {
            return out.finish();
        }
    }
    for (sent, hits) in cx.groups(cx.own()) {
        // A heading ("HISTORY OF PRESENT ILLNESS:") is not history.
        if cx.sent(sent).is_some_and(|s| s.heading) {
            continue;
        }
        let unknown = hits.iter().any(|h| h.tag == UNKNOWN && !cx.ctx(h).negated);
        for h in hits {
            let c = cx.ctx(h);
            match h.tag {
                HX | NONE_STATED if unknown => {
                    out.near(sent, "the history is documented as unknown, which does not count as none");
                }
                HX if c.affirmed() && !current_event(cx, sent, h) && !present_illness(cx, sent, h) => {
                    // "past medical history" alone (a heading word) needs something after it;
                    // "tobacco and ethanol abuse" carries its content before the cue.
                    let (lower, _, e) = cx.lower_doc(sent);
                    let cue = crate::core::checks::notes::text::slice(lower, h.start, h.end);
                    let after = crate::core::checks::notes::text::slice(lower, h.end, e);
                    let heading_word =
                        matches!(cue, "past medical history" | "medical history" | "past history" | "pmh");
                    if !heading_word || after.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
                        out.add(sent);
                    }
                }
                NONE_STATED if !c.negated => out.add(sent),
                PREVIOUS if c.affirmed() && previous_event(cx, sent, h) => out.add(sent),
                CHRONIC if c.affirmed() && chronic_comorbidity(cx, sent, h) => out.add(sent),
                _ => {}
            }
        }
        if out.any() {
            break;
        }
    }
    if !out.any() {
        out.reason("no past history, medications or risk factors are documented");
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::vectors;

    #[test]
    fn pass_fail_vectors() {
        vectors(
            "relevant_history",
            &[
                (true, "⟦PMH: HTN, hypothyroidism, osteopenia.⟧"),
                (true, "⟦PMH: none.⟧ Meds: combined oral contraceptive."),
                (true, "⟦Past medical history otherwise negative comma no medications.⟧"),
                (true, "⟦74 y/o man, former smoker with 48 pack-years.⟧"),
                (true, "⟦History: osteopenia (DEXA 2024 T-score -1.9), hypothyroidism.⟧"),
                (false, "Past medical history: unknown."),
                (false, "Medications: unknown (none found in the apartment per police)."),
                (false, "NMS less likely with no known antipsychotic exposure."),
                (false, "Collateral still not located; past history still unknown."),
                (false, "PMH: ____"),
            ],
        );
    }

    #[test]
    fn paraphrases_and_traps() {
        super::super::testing::vectors(
            "relevant_history",
            &[
                (false, "HPI: 45 yo s/p fall from a ladder today, brought by EMS."),
                (true, "⟦Past Surgical History: appendectomy 2010.⟧"),
            ],
        );
    }

    #[test]
    fn more_paraphrases() {
        super::super::testing::vectors(
            "relevant_history",
            &[
                (true, "⟦Past medical history includes diabetes and CAD.⟧"),
                (true, "⟦No significant past medical history.⟧"),
                (false, "History unobtainable; patient intubated."),
            ],
        );
    }

    #[test]
    fn history_in_clinical_language_and_under_headings() {
        super::super::testing::vectors(
            "relevant_history",
            &[
                // dictated, telegraphic, templated, op-note styles
                (
                    true,
                    "⟦A 70-year-old man with multiple medical problems including diabetes and CKD presents with pain.⟧",
                ),
                (true, "PAST MEDICAL HISTORY:\n⟦Asthma, hypothyroidism.⟧"),
                (true, "⟦G3P2 - gravida 3, para 2, two prior cesarean deliveries.⟧"),
                (true, "⟦HISTORY AND PHYSICAL: 13-year-old girl with previous bilateral foot correction at age 1.⟧"),
                (true, "⟦She is allergic to penicillin and has underlying ischemic cardiomyopathy.⟧"),
                (true, "⟦He is a 60-year-old man with an ethanol and tobacco abuse.⟧"),
                (false, "Denies tobacco, alcohol or drug abuse."),
                (false, "FINDINGS: compared to the previous study, no change."),
                (false, "PAST MEDICAL HISTORY:\nUnknown."),
                (false, "Prior to the procedure the risks were explained."),
                (false, "HISTORY OF PRESENT ILLNESS:\nShe reports knee pain."),
            ],
        );
    }

    #[test]
    fn chronic_comorbidity_in_indication_lists_and_narratives() {
        super::super::testing::vectors(
            "relevant_history",
            &[
                // echo-report indication list, oncology diagnosis list, dictated HPI, telegraphic HPI
                (true, "INDICATIONS:\n1. Dyspnea.\n2. ⟦Hypertension.⟧"),
                (true, "DIAGNOSES:\n1. Follicular lymphoma.\n2. ⟦Chronic kidney disease stage 3.⟧"),
                (
                    true,
                    "⟦HPI: 66-year-old man admitted with a stroke and found to have atrial fibrillation on monitoring.⟧",
                ),
                (true, "⟦HPI: 58F, known COPD, here for PFTs.⟧"),
                // the current problem, a denial, or a screening question are not history
                (false, "ASSESSMENT: Acute exacerbation of COPD."),
                (false, "INDICATIONS: Rule out atrial fibrillation."),
                (false, "HPI: She denies hypertension or diabetes."),
                (false, "HPI: 40M with chest pain; worried he may have coronary artery disease."),
            ],
        );
    }
}
