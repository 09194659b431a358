//! `imaging_or_lab_results`: results of prior or diagnostic tests.
//!
//! ## What it checks
//! That the notes report the *result* of at least one test: imaging, labs, ECG or monitoring,
//! sleep study, endoscopy or pathology, EMG/NCS, blood gas, oximetry, swallow study.
//! For home oxygen (`dme_pap` with an oxygen item) the result must qualify: resting or
//! exertional SpO2 ≤ 88 % or PaO2 ≤ 55 mmHg; for PAP devices an AHI/RDI/REI ≥ 5.
//!
//! ## Why it matters
//! Reviewers need the findings that led to the service (the biopsy before a PET, the
//! non-diagnostic Holter before a 14-day patch, the qualifying oximetry before oxygen).
//! A test that is only ordered or pending proves nothing yet.
//!
//! ## What satisfies it
//! A test named with a result: a value ("Hgb 9.6", "LVEF 60%", "PaO2 54 mmHg"), a finding after
//! a colon ("CT head: no acute intracranial abnormality"), or result words ("showed",
//! "negative", "consistent with", "unremarkable"). A later result beats an earlier "pending".
//!
//! Does not count: ordered, scheduled or pending tests ("Labs ordered today … pending", "OCT
//! scheduled"), tests not done ("No prior neuroimaging", "No labs drawn", "MRI considered; not
//! obtained"), plans ("MRI R ankle to evaluate…"), hearsay without a result, and
//! patient-reported home readings.
//!
//! ## References
//! * ../shared/cases/VOCABULARY.md §2 (`imaging_or_lab_results`).
//! * NCD 240.2 / LCD L33797 (home oxygen qualifying tests); LCD L33718 (PAP: AHI/RDI).

use super::shared::TEST;
use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::sections::Section;
use crate::core::checks::notes::text::{slice, words};
use crate::core::checks::profile::DmeKind;

const RESULT: u16 = 0;
const OXIMETRY: u16 = 1;
const PAO2: u16 = 2;
const AHI: u16 = 3;
const NOT_DONE: u16 = 4;
/// A respiratory-event rate written as a value: "173 episodes per hour", "27 events/h".
const AHI_RATE: u16 = 5;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("showed", RESULT),
    ("shows", RESULT),
    ("show", RESULT),
    ("revealed", RESULT),
    ("reveals", RESULT),
    ("demonstrated", RESULT),
    ("demonstrates", RESULT),
    ("normal", RESULT),
    ("abnormal", RESULT),
    ("negative", RESULT),
    ("positive", RESULT),
    ("unremarkable", RESULT),
    ("consistent with", RESULT),
    ("c/w", RESULT),
    ("no acute", RESULT),
    ("impression", RESULT),
    ("findings", RESULT),
    ("elevated", RESULT),
    ("low", RESULT),
    ("high", RESULT),
    ("significant for", RESULT),
    ("notable for", RESULT),
    ("non-diagnostic", RESULT),
    ("nondiagnostic", RESULT),
    ("within normal limits", RESULT),
    ("wnl", RESULT),
    ("no evidence of", RESULT),
    ("resulted", RESULT),
    ("determined to be", RESULT),
    ("suggesting", RESULT),
    ("suggestive of", RESULT),
    ("compatible with", RESULT),
    ("measuring", RESULT),
    ("estimated", RESULT),
    ("evidence of", RESULT),
    ("apnea/hypopnea index", AHI),
    ("apnea hypopnea index", AHI),
    ("episodes per hour", AHI_RATE),
    ("events per hour", AHI_RATE),
    ("events/hour", AHI_RATE),
    ("events/hr", AHI_RATE),
    ("events/h", AHI_RATE),
    ("spo2", OXIMETRY),
    ("sao2", OXIMETRY),
    ("o2 sat", OXIMETRY),
    ("oxygen saturation", OXIMETRY),
    ("sat", OXIMETRY),
    ("nadir", OXIMETRY),
    ("pao2", PAO2),
    ("po2", PAO2),
    ("ahi", AHI),
    ("rdi", AHI),
    ("rei", AHI),
    ("apnea-hypopnea index", AHI),
    ("not drawn", NOT_DONE),
    ("not obtained", NOT_DONE),
    ("not done", NOT_DONE),
    ("not performed", NOT_DONE),
    ("not sent", NOT_DONE),
];

/// A number after `at` in the sentence (skipping labels, dates are not values).
fn value_after(lower: &str, at: usize, end: usize) -> Option<f64> {
    for (a, b) in words(lower, at, end).into_iter().take(6) {
        // Skip parenthetical qualifiers: "AHI (3%) 27.4", "SpO2 (room air) 87%".
        let open = slice(lower, at, a).matches('(').count();
        let close = slice(lower, at, a).matches(')').count();
        if open > close {
            continue;
        }
        let w = slice(lower, a, b);
        let next = slice(lower, b, (b + 1).min(end));
        if w.chars().all(|c| c.is_ascii_digit() || c == '.') && !w.is_empty() && next != "/" {
            return w.parse().ok();
        }
    }
    None
}

fn room_air_context(lower: &str, s: usize, e: usize) -> bool {
    let t = slice(lower, s, e);
    !(t.contains(" l/min")
        || t.contains(" lpm")
        || t.contains("nasal cannula")
        || t.contains("on o2")
        || t.contains("on oxygen")
        || t.contains("l nc"))
        || t.contains("room air")
        || t.contains(" ra")
}

fn qualifying_oxygen(cx: &Cx<'_, '_>, out: &mut Collector<'_, '_, '_>) -> bool {
    let mut found = false;
    for (sent, hits) in cx.groups(cx.own()) {
        let (lower, s, e) = cx.lower_doc(sent);
        for h in hits.iter().filter(|h| matches!(h.tag, OXIMETRY | PAO2 | AHI)) {
            let c = cx.ctx(h);
            if c.hearsay || c.hypothetical || c.templated {
                continue;
            }
            // The value may follow the label or sit at the end of a "room air, at rest: 87%" line.
            let value = value_after(lower, h.end, e).or_else(|| {
                let t = slice(lower, s, e);
                t.rfind('%').and_then(|p| value_after(lower, s + p.saturating_sub(4), s + p))
            });
            let Some(v) = value else { continue };
            let ok = match h.tag {
                OXIMETRY => {
                    cx.params.dme == DmeKind::Oxygen
                        && v <= cx.params.spo2_max
                        && v >= 50.0
                        && room_air_context(lower, s, e)
                }
                PAO2 => cx.params.dme == DmeKind::Oxygen && v <= cx.params.pao2_max && v >= 20.0,
                _ => cx.params.dme == DmeKind::Pap && v >= cx.params.ahi_min,
            };
            if ok {
                out.add(sent);
                found = true;
            }
        }
    }
    // Sleep-test rates written as values without the index's name: "central apnea at 173
    // episodes per hour", "RDI 27 events/h" (the number just before the rate).
    if cx.params.dme == DmeKind::Pap {
        for h in cx.own().iter().filter(|h| h.tag == AHI_RATE) {
            let c = cx.ctx(h);
            if c.hypothetical || c.templated || c.negated {
                continue;
            }
            let (lower, s, _) = cx.lower_doc(h.sent);
            let before = slice(lower, h.start.saturating_sub(12).max(s), h.start);
            let number: String =
                before.trim_end().chars().rev().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
            let number: String = number.chars().rev().collect();
            if number.parse::<f64>().is_ok_and(|v| v >= cx.params.ahi_min) {
                out.add(h.sent);
                found = true;
            }
        }
    }
    // Oximetry lines such as "- room air, at rest, 10 min: SpO2 87%" are covered above; lines
    // that give only "room air … 87%" without a label are checked here.
    if !found && cx.params.dme == DmeKind::Oxygen {
        for i in cx.all_sentences() {
            let (lower, s, e) = cx.lower_doc(i);
            let t = slice(lower, s, e);
            if t.contains("room air")
                && t.contains('%')
                && let Some(p) = t.find('%')
                && let Some(v) = value_after(lower, s + p.saturating_sub(4), s + p)
                && v <= cx.params.spo2_max
                && v >= 50.0
                && !cx.ctx_span(i, s, e).hearsay
            {
                out.add(i);
                found = true;
            }
        }
    }
    found
}

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    if matches!(cx.params.dme, DmeKind::Oxygen | DmeKind::Pap) && cx.params.profile == "dme_pap" {
        if !qualifying_oxygen(cx, &mut out) {
            out.reason(if cx.params.dme == DmeKind::Oxygen {
                "no qualifying oxygen test (resting or exertional SpO2 at or below 88% or PaO2 at or below 55 mmHg) is documented"
            } else {
                "no sleep-test result (AHI, RDI or REI) is documented"
            });
        }
        return out.finish();
    }
    let tests: Vec<_> = cx.shared().iter().filter(|h| h.tag == TEST).copied().collect();
    // Results sections first, then anything else (a test named in a history list is weaker).
    for pass in 0..2 {
        for (sent, hits) in cx.groups(&tests) {
            let Some(s) = cx.sent(sent) else { continue };
            if matches!(s.section, Section::Plan | Section::Orders | Section::Goals | Section::Family) || s.heading {
                continue;
            }
            let background = matches!(s.section, Section::Pmh | Section::History | Section::Meds | Section::Social);
            if (pass == 0) == background {
                continue;
            }
            let (lower, _, e) = cx.lower_doc(sent);
            let own = cx.in_sent(cx.own(), sent);
            for h in hits {
                let c = cx.ctx(h);
                if c.templated || c.other_person {
                    continue;
                }
                let not_done = own.iter().any(|o| o.tag == NOT_DONE && o.start >= h.end && o.start - h.end < 60);
                if c.negated || not_done {
                    out.near(sent, "the test is documented as not done");
                    continue;
                }
                if c.hypothetical {
                    out.near(sent, "tests are only ordered, scheduled or pending, with no result");
                    continue;
                }
                let tail = slice(lower, h.end, e);
                let colon_content = tail.find(':').map(|p| {
                    let after = tail.get(p + 1..).unwrap_or("").trim();
                    after.chars().filter(|c| c.is_alphanumeric()).count() >= 3
                        && !after.starts_with("pending")
                        && !after.starts_with("ordered")
                        && !after.starts_with("scheduled")
                });
                let result_word = own.iter().any(|o| o.tag == RESULT && o.start >= h.end);
                let value = value_after(lower, h.end, e).is_some();
                if colon_content == Some(true) || result_word || value {
                    if c.hearsay && !value && !result_word {
                        continue;
                    }
                    out.add(sent);
                    break;
                }
            }
            if out.any() {
                break;
            }
        }
        if out.any() {
            break;
        }
    }
    if !out.any() {
        report_findings(cx, &tests, &mut out);
    }
    if !out.any() {
        out.reason("no test results are documented");
    }
    out.finish()
}

/// Anaphoric subjects that point back at the test named in the sentence before.
const BACK_REFERENCES: [&str; 9] =
    ["the report", "the study", "the scan", "the test", "the results", "results", "it ", "this ", "these "];

/// The billed study's own report, and results told in the sentence after the test:
/// * a note that opens with the study ("EXAM: CT abdomen and pelvis", "ECHOCARDIOGRAM
///   REPORT") and is not an operative note: its findings, impression or interpretation are
///   the result;
/// * "She had a recent CT scan. The report showed …": a result cue in a sentence that points
///   back at an affirmed test named just before it.
fn report_findings(cx: &Cx<'_, '_>, tests: &[crate::core::checks::notes::Hit], out: &mut Collector<'_, '_, '_>) {
    for doc in &cx.corpus.docs {
        let head = doc.sents.start..(doc.sents.start + 3).min(doc.sents.end);
        let opens_with_study = tests.iter().any(|h| head.contains(&h.sent) && !cx.ctx(h).hypothetical);
        let operative =
            ["anesthesia", "incision", "was prepped", "estimated blood loss"].iter().any(|w| doc.lower.contains(w));
        if !opens_with_study || operative {
            continue;
        }
        for i in doc.sents.clone() {
            let Some(s) = cx.sent(i) else { continue };
            let label = cx.label(i);
            // In a study report the assessment is the reader's impression.
            let reading = matches!(s.section, Section::Findings | Section::Results | Section::Assessment)
                || matches!(
                    label.as_str(),
                    "impression" | "interpretation" | "conclusion" | "conclusions" | "findings"
                );
            let body = cx.body_lower(i);
            if reading
                && !s.heading
                && body.split_whitespace().count() >= 3
                && !cx.ctx_span(i, s.body, s.end).hypothetical
            {
                out.add(i);
                return;
            }
        }
    }
    for (sent, _) in cx.groups(tests) {
        let next = sent + 1;
        let (Some(s), Some(n)) = (cx.sent(sent), cx.sent(next)) else { continue };
        if n.note != s.note || n.para != s.para {
            continue;
        }
        let affirmed = cx.in_sent(tests, sent).iter().any(|h| {
            let c = cx.ctx(h);
            !c.hypothetical && !c.negated && !c.templated && !c.other_person
        });
        let body = cx.lower(next).trim_start();
        let points_back = BACK_REFERENCES.iter().any(|r| body.starts_with(r));
        let result = cx.in_sent(cx.own(), next).iter().any(|o| o.tag == RESULT);
        if affirmed && points_back && result {
            out.add(next);
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::vectors;

    #[test]
    fn pass_fail_vectors() {
        vectors(
            "imaging_or_lab_results",
            &[
                (true, "⟦CT chest with contrast (12/30/2024): 3.1 x 2.7 cm spiculated RUL mass.⟧"),
                (true, "⟦CXR: no infiltrate/mass/effusion (my read; rad concurs)⟧"),
                (true, "⟦PCP labs 05/28/2025: Hgb 9.6 g/dL (13.1 in 2023), MCV 71, ferritin 5 ng/mL.⟧"),
                (true, "⟦Modified barium swallow study 12/05/2024: Penetration-Aspiration Scale 7 with thin liquids.⟧"),
                (true, "⟦24-h Holter: sinus 58-112 bpm, no AF; non-diagnostic.⟧"),
                (
                    false,
                    "No prior neuroimaging. Labs ordered today: B12, TSH, ANA, HIV - pending. OCT scheduled with ophthalmology.",
                ),
                (false, "No labs drawn (not consistent with goals of care)."),
                (false, "MRI: considered to look for AVN; not obtained."),
                (false, "Plan: MRI R ankle without contrast to evaluate the talar dome."),
                (false, "Brain MRI with contrast ordered."),
            ],
        );
    }

    #[test]
    fn paraphrases_and_traps() {
        super::super::testing::vectors(
            "imaging_or_lab_results",
            &[
                (false, "CBC, BMP and lipase ordered; CT abdomen pending."),
                (true, "⟦CT A/P w/ contrast: acute appendicitis, no abscess.⟧"),
                (false, "Patient states she had an MRI at another hospital last year."),
            ],
        );
    }

    #[test]
    fn more_paraphrases() {
        super::super::testing::vectors(
            "imaging_or_lab_results",
            &[
                (true, "⟦Recent labs notable for a creatinine of 2.1 and potassium 5.6.⟧"),
                (true, "⟦MRI (outside, 02/2025) demonstrates a full-thickness supraspinatus tear.⟧"),
                (false, "MRI requested; prior authorization pending."),
                (false, "Will obtain x-rays at next visit."),
            ],
        );
    }

    #[test]
    fn the_billed_study_report_and_results_told_after_the_test() {
        super::super::testing::vectors(
            "imaging_or_lab_results",
            &[
                // radiology report, echo report, templated study report
                (
                    true,
                    "EXAM:\nCT abdomen and pelvis with contrast\nIMPRESSION:\n⟦Small bowel obstruction with a transition point.⟧",
                ),
                (
                    true,
                    "TRANSTHORACIC ECHOCARDIOGRAM REPORT\nINDICATION: dyspnea\n⟦INTERPRETATION: mildly dilated left atrium, trace mitral regurgitation.⟧",
                ),
                // dictated narrative: the result in the next sentence
                (
                    true,
                    "She had a recent CT scan of the chest. ⟦The report showed a 2 cm nodule in the right upper lobe.⟧",
                ),
                // a consult that only plans the study, and an operative note's findings
                (false, "REASON: dizziness. MRI brain to be scheduled.\nIMPRESSION: likely vestibular neuritis."),
                (
                    false,
                    "PREOPERATIVE DIAGNOSIS: rotator cuff tear. ANESTHESIA: general.\nFINDINGS: massive retracted tear.",
                ),
                (false, "CT ordered. The results will follow."),
            ],
        );
    }
}
