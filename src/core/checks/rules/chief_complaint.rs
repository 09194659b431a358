//! `chief_complaint`: the reason for the encounter or service.
//!
//! ## What it checks
//! That a note names the symptom or problem the service addresses, labelled or not.
//!
//! ## Why it matters
//! Every medical-necessity review starts from the presenting problem; a reviewer who cannot
//! tell why the patient was seen cannot match the service to a need. A diagnosis code on the
//! claim alone does not count (VOCABULARY.md §2).
//!
//! ## What satisfies it
//! * a labelled line with content: `CC:`, `Chief complaint:`, `Reason for visit/admission/referral:`,
//!   `Presenting problem:`, `Indications:`, `Primary reason for home health:`, `Dx:`,
//!   `Preoperative diagnosis:` (a heading with the content on the next line counts);
//! * an unlabelled presenting statement: "presents with…", "c/o…", "complains of…",
//!   "thank you for asking me to see … for…", "here for…", "referred for…";
//! * failing those, the first affirmed symptom sentence of the HPI / subjective part.
//!
//! Blank or template values (`CC: ___`) do not count.
//!
//! ## References
//! * CMS Evaluation and Management Services Guide (MLN006764): chief complaint as a required
//!   history element.
//! * ../shared/cases/VOCABULARY.md §2 (`chief_complaint`).

use super::shared::SYMPTOM;
use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::sections::Section;

const PRESENTS: u16 = 0;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("presents with", PRESENTS),
    ("presented with", PRESENTS),
    ("presenting with", PRESENTS),
    ("presents for", PRESENTS),
    ("returns for", PRESENTS),
    ("here today for", PRESENTS),
    ("seen today for", PRESENTS),
    ("follow-up for", PRESENTS),
    ("f/u for", PRESENTS),
    ("complains of", PRESENTS),
    ("complaining of", PRESENTS),
    ("c/o", PRESENTS),
    ("here for", PRESENTS),
    ("seen for", PRESENTS),
    ("referred for", PRESENTS),
    ("referred with", PRESENTS),
    ("asking me to see", PRESENTS),
    ("asked to see", PRESENTS),
    ("consulted for", PRESENTS),
    ("brought in", PRESENTS),
    ("admitted for", PRESENTS),
    ("admitted with", PRESENTS),
    ("comes in for", PRESENTS),
    ("came in for", PRESENTS),
    ("chief complaint of", PRESENTS),
    ("evaluation of", PRESENTS),
    ("for evaluation of", PRESENTS),
];

const CC_LABELS: [&str; 16] = [
    "dx",
    "diagnosis",
    "diagnoses",
    "preoperative diagnosis",
    "pre-operative diagnosis",
    "preop dx",
    "preop diagnosis",
    "problem",
    "referral diagnosis",
    "terminal diagnosis",
    "primary diagnosis",
    "admitting diagnosis",
    "reason",
    "indication",
    "indications",
    "presenting problem",
];

fn meaningful(body: &str) -> bool {
    let t = body.trim().trim_matches(|c: char| !c.is_alphanumeric());
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 3
        && !t.contains("__")
        && !matches!(t, "none" | "n/a" | "na" | "see below" | "see above" | "not documented" | "unknown")
}

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    // 1. Labelled reason for the encounter.
    for i in cx.all_sentences() {
        let Some(s) = cx.sent(i) else { continue };
        if s.label.is_none() {
            continue;
        }
        let label = cx.label(i);
        let is_cc = matches!(s.section, Section::ChiefComplaint | Section::Indications) && s.label.is_some()
            || CC_LABELS.contains(&label.as_str());
        if !is_cc {
            continue;
        }
        if meaningful(cx.body_lower(i)) && !cx.ctx_span(i, s.body, s.end).templated {
            out.add(i);
        } else if s.heading {
            // Content on the next line.
            let next = i + 1;
            if cx.sent(next).is_some_and(|n| n.note == s.note && !n.heading && n.label.is_none())
                && meaningful(cx.lower(next))
            {
                out.add(next);
            }
        }
        if out.any() {
            return out.finish();
        }
    }
    // 2. A presenting statement.
    for (sent, hits) in cx.groups(cx.own()) {
        for h in hits {
            let c = cx.ctx(h);
            let (lower, _, e) = cx.lower_doc(sent);
            let after = crate::core::checks::notes::text::slice(lower, h.end, e);
            if !c.negated && !c.templated && meaningful(after) {
                out.add(sent);
                break;
            }
        }
        if out.any() {
            return out.finish();
        }
    }
    // 3. The first affirmed symptom of the present illness.
    for (sent, hits) in cx.groups(cx.shared()) {
        let Some(s) = cx.sent(sent) else { continue };
        if !matches!(s.section, Section::Hpi | Section::History | Section::Other | Section::ChiefComplaint) {
            continue;
        }
        if hits.iter().any(|h| h.tag == SYMPTOM && cx.ctx(h).affirmed()) {
            out.add(sent);
            return out.finish();
        }
    }
    out.reason("no reason for the visit or service is stated in the notes");
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::vectors;

    #[test]
    fn pass_fail_vectors() {
        vectors(
            "chief_complaint",
            &[
                (true, "⟦CC: Bilateral buttock and leg pain with walking.⟧"),
                (true, "CHIEF COMPLAINT:\n⟦Right hip / groin pain.⟧"),
                (true, "⟦Reason for visit: pre-operative evaluation for bariatric surgery.⟧"),
                (true, "⟦Thank you for asking me to see Mr. X for a right upper lobe mass.⟧"),
                (true, "⟦The patient is a 19 year old male who presents with abdominal pain.⟧"),
                (true, "⟦Pt c/o L knee pain after a fall.⟧"),
                (true, "⟦HPI: 3 days of sore throat and fever.⟧"),
                (false, "CC: ___"),
                (false, "Vitals: BP 120/80, HR 72."),
                (false, ""),
            ],
        );
    }

    #[test]
    fn paraphrases_and_traps() {
        super::super::testing::vectors(
            "chief_complaint",
            &[(true, "⟦Presenting complaint - chest pain.⟧"), (false, "Vital signs stable.")],
        );
    }

    #[test]
    fn more_paraphrases() {
        super::super::testing::vectors(
            "chief_complaint",
            &[(true, "⟦Patient presents for evaluation of chronic right shoulder pain.⟧")],
        );
    }
}
