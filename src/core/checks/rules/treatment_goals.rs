//! `treatment_goals`: measurable goals for the service.
//!
//! ## What it checks
//! That the plan of care sets goals a reviewer can measure: a target value, a level of
//! assistance or accuracy, a distance, a score, a size.
//!
//! ## Why it matters
//! Therapy and home-health plans of care must contain measurable long-term functional goals
//! (Medicare Benefit Policy Manual ch.15 §220.1.2); generic aims ("Improve ROM. Increase
//! strength.") cannot show whether the service is working.
//!
//! ## What satisfies it
//! A goal statement or goals-table row with a measurable target: "75 ft, stand-by assist",
//! "Name 12/15 items on the BNT-15", "80% accuracy with minimal cues", "9/10 trials", "FOIS
//! level 6", "< 1 cm2 or closed", "independent with home exercise program", "grip 25 kg by
//! 07/01".
//!
//! Does not count: goals without a measure ("Improve ROM. Increase strength. Decrease pain.
//! Return to work."), the patient's wishes ("her goals: return to choir"), dates alone.
//!
//! ## References
//! * Medicare Benefit Policy Manual ch.15 §220.1.2 (plan of care goals).
//! * ../shared/cases/VOCABULARY.md §2 (`treatment_goals`).

use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::sections::Section;
use crate::core::checks::notes::text::{slice, words};
use crate::core::checks::notes::time;

const GOAL: u16 = 0;
const ASSIST: u16 = 1;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("goal", GOAL),
    ("goals", GOAL),
    ("stg", GOAL),
    ("ltg", GOAL),
    ("short-term goal", GOAL),
    ("long-term goal", GOAL),
    ("target", GOAL),
    ("will be able to", GOAL),
    ("independent", ASSIST),
    ("independently", ASSIST),
    ("modified independent", ASSIST),
    ("stand-by assist", ASSIST),
    ("standby assist", ASSIST),
    ("sba", ASSIST),
    ("contact guard", ASSIST),
    ("cga", ASSIST),
    ("min assist", ASSIST),
    ("minimal assist", ASSIST),
    ("mod assist", ASSIST),
    ("supervision", ASSIST),
    ("minimal cues", ASSIST),
    ("no cues", ASSIST),
];

const UNITS: [&str; 34] = [
    "ft",
    "feet",
    "m",
    "meters",
    "yards",
    "steps",
    "reps",
    "minutes",
    "min",
    "sec",
    "seconds",
    "hours",
    "degrees",
    "deg",
    "kg",
    "lb",
    "lbs",
    "cm",
    "cm2",
    "mm",
    "trials",
    "items",
    "words",
    "sentences",
    "blocks",
    "flights",
    "level",
    "%",
    "accuracy",
    "score",
    "points",
    "°",
    "word",
    "inches",
];

/// True when `a..b` holds a measurable target (numbers that are not dates, with a unit, ratio
/// or percentage; or a level of assistance).
pub(crate) fn measurable(cx: &Cx<'_, '_>, sent: usize, a: usize, b: usize) -> bool {
    let (lower, _, _) = cx.lower_doc(sent);
    let dates: Vec<(usize, usize)> =
        time::dates(lower, a, b, cx.ref_date(sent)).iter().map(|d| (d.start, d.end)).collect();
    if cx.in_sent(cx.own(), sent).iter().any(|h| h.tag == ASSIST && h.start >= a && h.end <= b && !cx.ctx(h).negated) {
        return true;
    }
    let ws = words(lower, a, b);
    for (i, &(s, e)) in ws.iter().enumerate() {
        if dates.iter().any(|&(ds, de)| s >= ds && e <= de) {
            continue;
        }
        let w = slice(lower, s, e);
        if !w.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let after = slice(lower, e, (e + 2).min(b));
        if after.starts_with('%') || after.starts_with('/') || after.starts_with('°') || w.ends_with("-word") {
            return true;
        }
        if w.contains('-') && w.split('-').nth(1).is_some_and(|u| UNITS.contains(&u)) {
            return true;
        }
        if let Some(&(ns, ne)) = ws.get(i + 1) {
            let next = slice(lower, ns, ne);
            if UNITS.contains(&next) || next.starts_with("cm") {
                return true;
            }
        }
        let before = slice(lower, s.saturating_sub(8), s);
        if before.contains("level")
            || before.contains('<')
            || before.contains('>')
            || before.contains('≥')
            || before.contains('≤')
        {
            return true;
        }
    }
    false
}

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    // Goal blocks: the anchor sentence and the rest of its paragraph (table rows, list items).
    let mut anchors: Vec<usize> = Vec::new();
    for (sent, hits) in cx.groups(cx.own()) {
        if hits.iter().any(|h| h.tag == GOAL && !cx.ctx(h).negated && !cx.ctx(h).other_person) {
            anchors.push(sent);
        }
    }
    for i in cx.all_sentences() {
        if cx.sent(i).is_some_and(|s| s.section == Section::Goals && s.label.is_some()) {
            anchors.push(i);
        }
    }
    anchors.sort_unstable();
    anchors.dedup();
    let mut walked_to = 0usize;
    for anchor in anchors {
        let Some(first) = cx.sent(anchor) else { continue };
        let label = cx.label(anchor);
        if label.contains("her goals") || label.contains("his goals") || label.contains("patient goals") {
            continue;
        }
        let mut i = anchor.max(walked_to);
        while let Some(s) = cx.sent(i) {
            if s.note != first.note
                || s.para != first.para
                || (i != anchor && s.label.is_some() && s.section != Section::Goals)
            {
                break;
            }
            if i >= walked_to {
                walked_to = i + 1;
                let from = if i == anchor { s.body } else { s.start };
                if measurable(cx, i, from, s.end) && !cx.ctx_span(i, from, s.end).templated {
                    out.add(i);
                    break;
                }
            }
            i += 1;
        }
        if out.any() {
            break;
        }
        out.near(anchor, "goals are stated without a measurable target");
    }
    if !out.any() {
        out.reason("no measurable treatment goals are documented");
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::vectors;

    #[test]
    fn pass_fail_vectors() {
        vectors(
            "treatment_goals",
            &[
                (
                    true,
                    "Goal\tStart of care 10/30\tNow 12/23\tTarget by 02/25\n⟦Gait with rolling walker\t15 ft, mod assist\t35 ft, contact guard\t75 ft, stand-by assist⟧",
                ),
                (true, "Goals (set 12/02/2024):\n| ⟦1 | Name 12/15 items on the BNT-15 | 5/15 | progressing⟧ |"),
                (true, "⟦LTG: ambulate 150 ft with SBA in 4 weeks.⟧"),
                (true, "⟦Discharge goal: wound closed or daughter independent with care.⟧"),
                (
                    false,
                    "Goals: Improve ROM. Increase strength. Decrease pain. Return to work.\n\nSigned: R. Castellano, OTR/L 05/16/2025",
                ),
                (false, "Her goals: return to church choir, read to her grandchildren."),
            ],
        );
    }

    #[test]
    fn paraphrases_and_traps() {
        super::super::testing::vectors(
            "treatment_goals",
            &[
                (
                    true,
                    "⟦STG (2 wks): pt will ambulate 150 ft with SBA.⟧ LTG (8 wks): independent stair negotiation x 12 steps.",
                ),
                (false, "Goal: decrease pain and improve function."),
            ],
        );
    }
}
