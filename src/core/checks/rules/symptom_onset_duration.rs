//! `symptom_onset_duration`: when the problem began or how long it has lasted.
//!
//! ## What it checks
//! That a note dates the problem: an onset date or time, or a duration, attached to a symptom
//! or problem (not to a treatment).
//!
//! ## Why it matters
//! Criteria depend on chronicity: imaging and surgery need a problem that has lasted long
//! enough, emergencies need an acute onset. Payers read "how long" before anything else.
//!
//! ## What satisfies it
//! * a duration with a symptom: "x3 wks", "blood-streaked sputum x2d", "for the past two
//!   months", "3 days of fevers", "9/52 post-op", "over the past yr";
//! * an onset: "since mid-March", "since Christmas", "began at 05:40", "started ~36 hours prior
//!   to arrival", "noticed at about 18 hours of life", "2 months ago", "diagnosed 06/2024",
//!   "Onset: left MCA stroke 10/28/2024", "fell on ice 03/08/2025";
//!
//! How long a *treatment* lasted ("PT x6 wks", "meloxicam since Aug 2024") does not count, nor
//! do dates of tests, plans, negated symptoms ("no fever at home") or frequencies ("2-3 times
//! a week").
//!
//! ## References
//! * ../shared/cases/VOCABULARY.md §2 (`symptom_onset_duration`).
//! * CMS E/M guidelines: duration and timing as HPI elements.

use super::shared::{SYMPTOM, TREAT, is_therapy_abbrev};
use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::sections::Section;
use crate::core::checks::notes::text::{find_word, slice};
use crate::core::checks::notes::time::{self, DurKind, Precision, Unit};

const ONSET: u16 = 0;
const RELATIVE: u16 = 1;
/// Temporal connectors ("since", "for the past"): they date whatever precedes them.
const CONNECTOR: u16 = 2;
/// "Since that time / since then": dates what follows from an event dated just before.
const SINCE_EVENT: u16 = 3;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("began", ONSET),
    ("begun", ONSET),
    ("started", ONSET),
    ("starting", ONSET),
    ("developed", ONSET),
    ("noticed", ONSET),
    ("onset", ONSET),
    ("first noted", ONSET),
    ("has had", CONNECTOR),
    ("have had", CONNECTOR),
    ("for the past", CONNECTOR),
    ("for the last", CONNECTOR),
    ("over the past", CONNECTOR),
    ("over the last", CONNECTOR),
    ("since", CONNECTOR),
    ("ago", CONNECTOR),
    ("prior to arrival", CONNECTOR),
    ("pta", CONNECTOR),
    ("worsened", ONSET),
    ("worsening", ONSET),
    ("progressive", ONSET),
    ("diagnosed", ONSET),
    ("injured", ONSET),
    ("injury", ONSET),
    ("fell", ONSET),
    ("collision", ONSET),
    ("accident", ONSET),
    ("mvc", ONSET),
    ("mva", ONSET),
    ("assault", ONSET),
    ("since that time", SINCE_EVENT),
    ("since then", SINCE_EVENT),
    ("hours of life", ONSET),
    ("hol", ONSET),
    ("post-op", ONSET),
    ("postop", ONSET),
    ("post-operative", ONSET),
    ("at birth", ONSET),
    ("at delivery", ONSET),
    ("changed", ONSET),
    ("days of", CONNECTOR),
    ("hours of", CONNECTOR),
    ("hrs of", CONNECTOR),
    ("minutes of", CONNECTOR),
    ("weeks of", CONNECTOR),
    ("months of", CONNECTOR),
    ("today", RELATIVE),
    ("yesterday", RELATIVE),
    ("last night", RELATIVE),
    ("this morning", RELATIVE),
    ("tonight", RELATIVE),
    ("this afternoon", RELATIVE),
    ("this evening", RELATIVE),
    ("last week", RELATIVE),
    ("last month", RELATIVE),
    ("last year", RELATIVE),
];

fn excluded_section(s: Section) -> bool {
    matches!(
        s,
        Section::Plan
            | Section::Orders
            | Section::Meds
            | Section::Allergies
            | Section::Family
            | Section::Social
            | Section::Goals
            | Section::Results
            | Section::Exam
            | Section::Procedure
            | Section::Findings
    )
}

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    let mut candidates: Vec<usize> = cx.groups(cx.own()).iter().map(|(s, _)| *s).collect();
    for (s, hits) in cx.groups(cx.shared()) {
        if hits.iter().any(|h| h.tag == SYMPTOM) {
            candidates.push(s);
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    for sent in candidates {
        let Some(s) = cx.sent(sent) else { continue };
        if excluded_section(s.section) || s.heading {
            continue;
        }
        let Some(doc) = cx.doc(sent) else { continue };
        let own = cx.in_sent(cx.own(), sent);
        let shared = cx.in_sent(cx.shared(), sent);
        let symptoms: Vec<_> = shared.iter().filter(|h| h.tag == SYMPTOM && cx.ctx(h).affirmed()).collect();
        // "At the onset of therapy", "started on PT": the start of a treatment, not of the problem.
        let of_treatment = |h: &&crate::core::checks::notes::Hit| {
            let after = slice(&doc.lower, h.end, (h.end + 24).min(s.end));
            ["of therapy", "of treatment", "of care", "of services", "of the study", "of speech", "of physical"]
                .iter()
                .any(|p| after.trim_start().starts_with(p))
        };
        let verbs: Vec<_> = own
            .iter()
            .filter(|h| h.tag == ONSET && !cx.ctx(h).negated && !cx.ctx(h).templated && !of_treatment(h))
            .collect();
        let connectors = own.iter().any(|h| h.tag == CONNECTOR && !cx.ctx(h).negated);
        let labelled_onset = cx.label(sent) == "onset";
        if symptoms.is_empty() && verbs.is_empty() && !labelled_onset {
            continue;
        }
        let treatments: Vec<usize> = shared
            .iter()
            .filter(|h| h.tag == TREAT && is_therapy_abbrev(doc.text, h.start, h.end))
            .map(|h| h.end)
            .chain(own.iter().filter(|h| h.tag == ONSET && of_treatment(h)).map(|h| h.end))
            .collect();
        let problems: Vec<usize> = symptoms.iter().map(|h| h.end).chain(verbs.iter().map(|h| h.end)).collect();
        // A time expression belongs to the nearest problem or treatment before it (or, with
        // nothing before it, to what follows: "For the past two months she has noticed…").
        let about_problem = |at: usize| -> bool {
            let treat = treatments.iter().filter(|&&e| e <= at).max();
            let problem = problems.iter().filter(|&&e| e <= at).max();
            match (treat, problem) {
                (Some(t), Some(p)) => p > t,
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (None, None) => !problems.is_empty() || labelled_onset,
            }
        };
        let mut timed = false;
        for d in cx.durations(sent) {
            if matches!(d.kind, DurKind::Frequency) || d.unit == Unit::Count {
                continue;
            }
            if about_problem(d.start) {
                timed = true;
                break;
            }
        }
        if !timed {
            let strong_dates =
                cx.dates(sent).into_iter().filter(|d| d.precision != Precision::Year || !verbs.is_empty());
            let dated = strong_dates.into_iter().any(|d| about_problem(d.start));
            let clock = !verbs.is_empty() && time::has_clock_time(&doc.lower, s.start, s.end);
            let relative = own.iter().any(|h| h.tag == RELATIVE && !cx.ctx(h).negated && about_problem(h.start));
            let hol = find_word(&doc.lower, s.start, s.end, "hol").is_some();
            timed = dated && (connectors || !verbs.is_empty() || labelled_onset || !symptoms.is_empty())
                || clock
                || relative
                || hol;
        }
        // "…correction at 1 year of age. Since that time, she has developed a deformity":
        // an onset verb dated by the event of the sentence before.
        if !timed
            && !verbs.is_empty()
            && own.iter().any(|h| h.tag == SINCE_EVENT && !cx.ctx(h).negated)
            && let Some(prev) = sent.checked_sub(1).filter(|&p| cx.sent(p).is_some_and(|x| x.note == s.note))
        {
            let (pl, ps, pe) = cx.lower_doc(prev);
            let age = slice(pl, ps, pe).contains("of age") || slice(pl, ps, pe).contains("age ");
            timed = age || !cx.dates(prev).is_empty() || !cx.durations(prev).is_empty();
        }
        if timed {
            out.add(sent);
            if out.any() {
                break;
            }
        }
    }
    if !out.any() {
        out.reason("no onset date or duration of the problem is documented");
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::vectors;

    #[test]
    fn pass_fail_vectors() {
        vectors(
            "symptom_onset_duration",
            &[
                (true, "⟦HPI: 28M w/ blood-streaked sputum x2d.⟧"),
                (true, "⟦For the past two months she has noticed bright red blood on the tissue.⟧"),
                (true, "⟦Breathlessness has been progressive since mid-March of last year.⟧"),
                (true, "⟦Abdominal pain that started approximately 36 hours prior to arrival.⟧"),
                (true, "⟦Jaundice noticed at about 18 hours of life.⟧"),
                (true, "⟦Crushing substernal chest pressure that began at 05:40 while shoveling snow.⟧"),
                (true, "⟦Orthopnea and PND x6 wks (since early October).⟧"),
                (true, "⟦Low back pain 16/52, worse with sitting.⟧"),
                (true, "⟦Noticed a painless R neck lump about 2 months ago.⟧"),
                (false, "PT x6 wks, ibuprofen 600 mg."),
                (false, "Meloxicam 15 mg daily since Aug 2024."),
                (false, "No fever at home."),
                (false, "Plan: follow up in 2 weeks."),
                (false, "Palpitations, 2-3 episodes a week."),
            ],
        );
    }

    #[test]
    fn paraphrases_and_traps() {
        super::super::testing::vectors(
            "symptom_onset_duration",
            &[(false, "Meloxicam 15 mg daily since Aug 2024."), (false, "Follow-up in 6 weeks.")],
        );
    }

    #[test]
    fn more_paraphrases() {
        super::super::testing::vectors(
            "symptom_onset_duration",
            &[
                (true, "⟦Onset of symptoms: 3 weeks ago.⟧"),
                (true, "⟦Knee pain began in January after a fall.⟧"),
                (true, "⟦Pt reports 2-month history of worsening neck pain.⟧"),
                (true, "⟦Symptoms started 10 days prior to presentation.⟧"),
                (true, "⟦HPI: Chronic low back pain for many years, worse the last 6 weeks.⟧"),
            ],
        );
    }

    #[test]
    fn onsets_dated_by_an_event() {
        vectors(
            "symptom_onset_duration",
            &[
                // ED telegraphic, dictated, op-note history
                (true, "⟦Brought in by ambulance following a motor vehicle collision approximately 45 minutes ago.⟧"),
                (true, "⟦S/p MVC ~2 hrs PTA, neck pain since.⟧"),
                (
                    true,
                    "She had foot surgery at 1 year of age. ⟦Since that time, she has developed a progressive deformity.⟧",
                ),
                // no date for the event: nothing dates the onset
                (false, "She had foot surgery as a child. Since then she has developed a deformity."),
            ],
        );
    }
}
