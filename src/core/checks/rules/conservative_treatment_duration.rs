//! `conservative_treatment_duration`: how long conservative care lasted, meeting the threshold.
//!
//! ## What it checks
//! That a treatment that was tried lasted at least the profile's threshold: by default 6 weeks
//! (MSK imaging, elective orthopaedic surgery), 3 months for step therapy, 6 months of
//! *supervised* weight management for bariatric surgery (from the service rules in
//! `templates/profiles/profiles.json`), or whatever the payer states in its policy note.
//!
//! ## Why it matters
//! A documented but short trial ("PT x2 visits", "ibuprofen for a few days", 3 of 6 required
//! supervised months) fails the criteria: the element is **missing**, because the letter
//! cannot rely on it.
//!
//! ## What satisfies it
//! A duration attached to a treatment, in the forms clinicians write: "8 wks of PT",
//! "x6 wks", "16/52", "(3/12)", "5+ months", "~4 months", "for years", a date range
//! ("09/03-10/29/2024"), or "since Aug 2024" resolved against the note's date; also a summary
//! such as "after more than 6 months of failed non-operative care". The longest qualifying
//! duration wins.
//!
//! Does not count: plans, frequencies ("3x/wk"), visit counts without a time, durations of
//! unsupervised attempts when the policy requires supervision, and statements of the
//! requirement itself ("the policy requires 6 consecutive months…").
//!
//! ## References
//! * ../shared/cases/VOCABULARY.md §1 (thresholds) and §2 (`conservative_treatment_duration`).
//! * eviCore spine imaging: 6 weeks; ASMBS-based bariatric policies: 6 supervised months;
//!   step-therapy policies: ≥ 3 months at a therapeutic dose.

use super::derived::tried_mentions;
use super::shared::{SUPERVISED, SYMPTOM, TREAT};
use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::Hit;
use crate::core::checks::notes::sections::Section;
use crate::core::checks::notes::text::{slice, within_words};
use crate::core::checks::notes::time::{DurKind, Unit};

const REQUIREMENT: u16 = 0;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("requires", REQUIREMENT),
    ("required", REQUIREMENT),
    ("require", REQUIREMENT),
    ("policy", REQUIREMENT),
    ("criteria", REQUIREMENT),
    ("must", REQUIREMENT),
    ("minimum", REQUIREMENT),
];

/// Clause boundaries: the sentence split at semicolons.
fn clauses(lower: &str, s: usize, e: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut a = s;
    for (i, c) in slice(lower, s, e).char_indices() {
        if c == ';' {
            out.push((a, s + i));
            a = s + i + 1;
        }
    }
    out.push((a, e));
    out
}

/// True when the duration `ds..de` is about a treatment: a treatment (or tried mention) is
/// the nearest thing named before it, or one follows it within a few words ("6 weeks of PT").
fn belongs_to_treatment(
    lower: &str,
    shared: &[Hit],
    anchors: &[(usize, usize, usize)],
    sent: usize,
    ds: usize,
    de: usize,
) -> bool {
    // `anchors` is sorted by sentence: only this sentence's slice (keeps the rule linear).
    let first = anchors.partition_point(|a| a.0 < sent);
    let last = anchors.partition_point(|a| a.0 <= sent);
    let mine = anchors.get(first..last).unwrap_or(&[]);
    let treats =
        shared.iter().filter(|h| h.tag == TREAT).map(|h| (h.start, h.end)).chain(mine.iter().map(|a| (a.1, a.2)));
    let mut before_treat = None;
    let mut after_treat = false;
    for (a, b) in treats {
        if b <= ds {
            before_treat = before_treat.max(Some(b));
        } else if a >= de && within_words(lower, de, a, 3) {
            after_treat = true;
        }
    }
    let before_symptom = shared.iter().filter(|h| h.tag == SYMPTOM && h.end <= ds).map(|h| h.end).max();
    after_treat || before_treat.is_some_and(|t| before_symptom.is_none_or(|p| t > p))
}

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    let min = cx.params.conservative_min_days;
    let mut anchors: Vec<(usize, usize, usize)> = tried_mentions(cx).iter().map(|h| (h.sent, h.start, h.end)).collect();
    for h in cx.shared().iter().filter(|h| h.tag == SUPERVISED) {
        let c = cx.ctx(h);
        if !c.negated && !c.hypothetical && !c.templated {
            anchors.push((h.sent, h.start, h.end));
        }
    }
    anchors.sort_unstable();
    let mut sents: Vec<usize> = anchors.iter().map(|a| a.0).collect();
    sents.dedup();
    let mut best_short: Option<usize> = None;
    for sent in sents {
        let Some(s) = cx.sent(sent) else { continue };
        if matches!(s.section, Section::Plan | Section::Orders | Section::Goals) {
            continue;
        }
        let (lower, ss, se) = cx.lower_doc(sent);
        let durations = cx.durations(sent);
        let requirement = cx.in_sent(cx.own(), sent);
        let shared = cx.in_sent(cx.shared(), sent);
        for (ca, cb) in clauses(lower, ss, se) {
            if requirement.iter().any(|r| r.start >= ca && r.end <= cb) {
                continue;
            }
            let first = anchors.partition_point(|a| a.0 < sent);
            let anchored = anchors
                .get(first..)
                .unwrap_or(&[])
                .iter()
                .take_while(|a| a.0 == sent)
                .any(|&(_, st, en)| st >= ca && en <= cb);
            if !anchored {
                continue;
            }
            if cx.params.supervised_only && !shared.iter().any(|h| h.tag == SUPERVISED && h.start >= ca && h.end <= cb)
            {
                continue;
            }
            let treat_in_clause = shared.iter().any(|h| h.tag == TREAT && h.start >= ca && h.end <= cb);
            for d in durations.iter().filter(|d| d.start >= ca && d.end <= cb) {
                if matches!(d.kind, DurKind::Frequency | DurKind::Point | DurKind::Ago) || d.unit == Unit::Count {
                    continue;
                }
                if !treat_in_clause && !cx.params.supervised_only {
                    continue;
                }
                // The duration must be the treatment's, not the problem's: "PT x6 wks",
                // "6 weeks of PT" — not "shoulder pain for many years … failing conservative
                // treatment".
                if !cx.params.supervised_only && !belongs_to_treatment(lower, shared, &anchors, sent, d.start, d.end) {
                    continue;
                }
                if d.days + 0.01 >= min {
                    out.add(sent);
                } else if d.days > 0.0 {
                    best_short = Some(sent);
                }
            }
        }
        if out.any() {
            break;
        }
    }
    if !out.any() {
        if let Some(sent) = best_short {
            out.near(sent, "the conservative treatment documented is shorter than the policy threshold");
        }
        out.reason("no duration of conservative treatment meeting the policy threshold is documented");
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{case, marked, run_case};

    fn present(profile: &str, codes: &[&str], text: &str) -> bool {
        marked(&[text], |n| run_case("conservative_treatment_duration", profile, &case(n, codes, &[])))
    }

    #[test]
    fn pass_fail_vectors() {
        let msk = |t: &str| present("imaging_msk", &["72148"], t);
        assert!(msk("⟦Completed 6 wks of PT (12 visits, 01/15-02/26/2025).⟧"));
        assert!(msk("⟦Formal PT 08/05-09/27/2024, flexion-based program.⟧"));
        assert!(msk("⟦Has done physio x 16/52 with a home program.⟧"));
        assert!(msk("⟦After more than 6 months of failed non-operative care.⟧"));
        assert!(!msk("PT x2 visits, then stopped."));
        assert!(!msk("Ibuprofen for a few days."));
        assert!(!msk("CAM boot x3 wks, then lace-up brace."));
        assert!(!msk("Plan: PT 2x/wk x 6 wks."));
        let bariatric = |t: &str| present("surgery_changed_intraop", &["43644"], t);
        assert!(!bariatric("[x] Medically supervised weight-management program - monthly dietitian visits (3/12)."));
        assert!(!bariatric("Self-directed diets on and off for years; phentermine x6 wks."));
        assert!(!bariatric(
            "The plan's policy requires 6 consecutive months of physician-supervised weight management; she has completed 3 supervised months."
        ));
        assert!(bariatric(
            "⟦Completed a 6-month medically supervised weight management program (dietitian monthly, 07/2024-01/2025).⟧"
        ));
        let step = |t: &str| present("specialty_drug_infusion_step_therapy", &["J3357"], t);
        assert!(step("⟦Methotrexate 15-20 mg weekly - taken for ~4 months, inadequate response.⟧"));
        assert!(!step("Methotrexate 15 mg weekly for 6 weeks, stopped for nausea."));
    }
}
