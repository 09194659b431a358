//! `diagnosis_supports_procedure`: the claim's diagnosis codes match the documented assessment.
//!
//! ## What it checks
//! Both (a) that the notes document an assessment or diagnosis for the service, and (b) that
//! at least one ICD-10-CM code the service lines point to (any claim diagnosis on
//! institutional claims) matches it: the note cites the code, or documents its condition in an
//! affirmed statement. A code the note contradicts does not match: a screening code (Z12.x)
//! against "This is NOT a screening exam", a family-history code (Z80.0) against "no colorectal
//! cancer in first-degree relatives", a symptom code against "Denies headache".
//!
//! ## Why it matters
//! The diagnosis pointer is what ties the billed service to its indication (CMS-1500 item 24E);
//! a code that the record contradicts is an easy denial and cannot be defended in the letter.
//! This concerns the plausibility and consistency of the pair only, not whether the criteria
//! (duration, failure) are met.
//!
//! ## What satisfies it
//! A documented assessment (assessment/impression/diagnosis section, indications, or a cited
//! code) and one pointed code that is supported: cited (dotted or undotted, `L40.0` = `L400`),
//! or documented by the words of `templates/profiles/diagnosis_terms.json` for its category
//! (planned or "r/o" statements count as an indication). Codes whose category has no entry are
//! not judged; when none of the pointed codes can be judged and nothing contradicts them, the
//! element is given the benefit of the doubt.
//!
//! ## References
//! * ../shared/cases/VOCABULARY.md §2 (`diagnosis_supports_procedure`).
//! * CMS Claims Processing Manual ch.26 (item 24E diagnosis pointer); ICD-10-CM Official
//!   Guidelines §IV (outpatient coding: code the documented reason, not a rule-out).

use super::{Collector, Cx, Outcome};
use super::{DIAGNOSIS, DX_CONTRA};
use crate::core::checks::notes::sections::Section;
use crate::core::checks::notes::text::{find_word, has_any};
use crate::core::checks::profile::{self, undotted};

/// Cues (the diagnosis words themselves come from the data file).
pub(crate) const TERMS: &[(&str, u16)] = &[];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Supported(usize),
    Contradicted(Option<usize>),
    Unsupported,
    Unknown,
}

fn dotted(code: &str) -> String {
    let u = undotted(code);
    match (u.get(..3), u.get(3..)) {
        (Some(a), Some(b)) if !b.is_empty() => format!("{a}.{b}"),
        _ => u,
    }
}

fn cited(cx: &Cx<'_, '_>, code: &str) -> Option<usize> {
    let u = undotted(code).to_ascii_lowercase();
    // The code itself, or its 3-character category ("M54.5" in the note for M54.50).
    let category = u.get(..3).unwrap_or("").to_string();
    let forms = [dotted(code).to_ascii_lowercase(), u.clone(), category];
    for doc in &cx.corpus.docs {
        for form in &forms {
            if form.len() < 3 {
                continue;
            }
            let mut from = 0;
            while let Some(at) = find_word(&doc.lower, from, doc.lower.len(), form) {
                let mine = cx.corpus.sents.get(doc.sents.clone()).unwrap_or(&[]);
                let k = mine.partition_point(|s| s.start <= at);
                let sent =
                    k.checked_sub(1).filter(|&k| mine.get(k).is_some_and(|s| at < s.end)).map(|k| doc.sents.start + k);
                if let Some(sent) = sent
                    && !cx.ctx_span(sent, at, at + form.len()).negated
                {
                    return Some(sent);
                }
                from = at + form.len();
            }
        }
    }
    None
}

fn judge(cx: &Cx<'_, '_>, code: &str) -> Verdict {
    if let Some(sent) = cited(cx, code) {
        return Verdict::Supported(sent);
    }
    let cat = profile::catalog();
    let entries = cat.dx_entries_for(code);
    if entries.is_empty() {
        return Verdict::Unknown;
    }
    let hits = cx.bucket(DIAGNOSIS);
    // An explicit contradiction wins ("This is NOT a screening exam").
    for h in hits {
        if h.tag & DX_CONTRA != 0 && entries.contains(&usize::from(h.tag & !DX_CONTRA)) {
            let c = cx.ctx(h);
            if !c.templated {
                return Verdict::Contradicted(Some(h.sent));
            }
        }
    }
    let family = entries.iter().any(|&i| cat.dx.get(i).is_some_and(|e| e.family));
    let mut negated_only: Option<usize> = None;
    // The clinician's assessment naming the condition is the best evidence; a mention
    // elsewhere (the history, the patient's words) is kept only when there is none.
    let mut mention: Option<usize> = None;
    for h in hits {
        if h.tag & DX_CONTRA != 0 || !entries.contains(&usize::from(h.tag)) {
            continue;
        }
        let c = cx.ctx(h);
        let in_family = c.other_person || cx.sent(h.sent).is_some_and(|s| s.section == Section::Family);
        if c.templated || family != in_family {
            continue;
        }
        if c.negated {
            negated_only.get_or_insert(h.sent);
            continue;
        }
        if is_assessment(cx, h.sent) {
            return Verdict::Supported(h.sent);
        }
        mention.get_or_insert(h.sent);
    }
    match (mention, negated_only) {
        (Some(sent), _) => Verdict::Supported(sent),
        (None, Some(sent)) => Verdict::Contradicted(Some(sent)),
        (None, None) => Verdict::Unsupported,
    }
}

/// The first sentence that states an assessment or diagnosis.
fn has_assessment(cx: &Cx<'_, '_>) -> Option<usize> {
    cx.all_sentences().find(|&i| is_assessment(cx, i))
}

/// True when sentence `i` states an assessment or diagnosis (its section or its label says so,
/// it is not a bare heading, and it has some words).
fn is_assessment(cx: &Cx<'_, '_>, i: usize) -> bool {
    let labels = [
        "dx",
        "diagnosis",
        "diagnoses",
        "impression",
        "assessment",
        "postoperative diagnosis",
        "preoperative diagnosis",
        "indication",
        "indications",
        "terminal diagnosis",
        "discharge diagnoses",
        "principal diagnosis",
        "a/p",
    ];
    cx.sent(i).is_some_and(|s| {
        !s.heading
            && (matches!(s.section, Section::Assessment | Section::AssessmentPlan | Section::Indications)
                || labels.contains(&cx.label(i).as_str()))
            && cx.lower(i).chars().filter(|c| c.is_alphabetic()).count() >= 4
    })
}

/// True when the sentence names a condition (a diagnosis word or a symptom), so it is an
/// assessment and not a table header under an "ASSESSMENT" heading.
fn names_a_condition(cx: &Cx<'_, '_>, sent: usize) -> bool {
    !cx.in_sent(cx.bucket(DIAGNOSIS), sent).is_empty()
        || cx.in_sent(cx.shared(), sent).iter().any(|h| h.tag == super::shared::SYMPTOM)
}

/// True when the sentence reports the patient's own words ("The patient states …").
fn patient_voice(cx: &Cx<'_, '_>, sent: usize) -> bool {
    let (lower, s, e) = cx.lower_doc(sent);
    has_any(lower, s, e, &["states", "reports", "complains", "per patient", "feels", "says", "endorses"])
}

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    let codes = &cx.params.pointed_dx;
    if codes.is_empty() {
        out.reason("the claim has no diagnosis codes for the service lines");
        return out.finish();
    }
    let verdicts: Vec<Verdict> = codes.iter().map(|c| judge(cx, c)).collect();
    let assessment = has_assessment(cx);
    if let Some(Verdict::Supported(sent)) = verdicts.iter().find(|v| matches!(v, Verdict::Supported(_))) {
        // (a) needs the clinician's assessment: a complaint in the patient's words ("states
        // pain still significant") in a note that never states an assessment is not one.
        let stated = assessment.is_some_and(|a| names_a_condition(cx, a))
            || !patient_voice(cx, *sent)
            || cx.sent(*sent).is_some_and(|s| {
                matches!(
                    s.section,
                    Section::ChiefComplaint | Section::Indications | Section::Assessment | Section::AssessmentPlan
                )
            });
        if stated {
            out.add(*sent);
            return out.finish();
        }
        out.near(*sent, "the condition is mentioned, but the notes never state an assessment or diagnosis");
        out.reason("no assessment or diagnosis is documented in the notes");
        return out.finish();
    }
    let contradicted = verdicts.iter().any(|v| matches!(v, Verdict::Contradicted(_)));
    let unknown = verdicts.contains(&Verdict::Unknown);
    for v in &verdicts {
        if let Verdict::Contradicted(Some(sent)) = v {
            out.near(*sent, "the note contradicts the diagnosis codes the service line points to");
        }
    }
    if unknown
        && !contradicted
        && let Some(sent) = assessment
    {
        out.add(sent);
        return out.finish();
    }
    if assessment.is_none() {
        out.reason("no assessment or diagnosis is documented in the notes");
    }
    out.reason("the diagnosis codes the service line points to do not match the documented assessment");
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{case, marked, run_case};

    fn present(text: &str, dx: &[&str]) -> bool {
        marked(&[text], |n| run_case("diagnosis_supports_procedure", "imaging_general", &case(n, &["45385"], dx)))
    }

    #[test]
    fn pass_fail_vectors() {
        assert!(present("⟦Assessment: Primary osteoarthritis of the right hip (M16.11).⟧", &["M16.11"]));
        assert!(present("⟦Assessment: moderate-to-severe plaque psoriasis (L40.0).⟧", &["L400"]));
        assert!(present("HPI: blood-streaked sputum x2d. ⟦Dx: Hemoptysis, likely bronchitis.⟧", &["R04.2"]));
        assert!(present("⟦Assessment: persistent ankle pain; r/o osteochondral lesion.⟧", &["Q99.9"]));
        assert!(!present(
            "Assessment: Iron deficiency anemia with hematochezia. This is NOT a screening exam - a diagnostic colonoscopy is indicated. Family history: no colorectal cancer or polyps in first-degree relatives.",
            &["Z12.11", "Z80.0"]
        ));
        assert!(!present("HPI: neck pain after a fall. Denies headache. Assessment: cervical strain.", &["R51.9"]));
        assert!(!present("", &["M16.11"]));
    }

    #[test]
    fn a_mention_without_an_assessment_does_not_support_the_codes() {
        let supported = |note: &str| {
            marked(&[note], |n| {
                run_case("diagnosis_supports_procedure", "therapy_continuation", &case(n, &["97110"], &["M54.50"]))
            })
        };
        // progress notes cut off before the assessment: dictated, telegraphic, templated
        assert!(!supported("SUBJECTIVE: The patient states his low back pain is still significant in the morning."));
        assert!(!supported("S: LBP still bad AM. O: lumbar flexion 40 deg."));
        assert!(!supported("Subjective:\n- Pt reports low back pain 6/10\nObjective:\n- SLR negative\nAssessment:"));
        // the same condition stated as the assessment counts
        assert!(supported(
            "SUBJECTIVE: Back pain still significant.\n⟦ASSESSMENT: Chronic low back pain, improving with therapy.⟧"
        ));
        assert!(supported("⟦Dx: low back pain.⟧ Plan: continue PT 2x/wk."));
    }
}
