//! `expected_inpatient_stay`: the admitting physician's expected length of stay.
//!
//! ## What it checks
//! That the notes state how long inpatient care is expected to last, meeting the threshold
//! (at least 2 midnights by default), or give a case-by-case rationale for inpatient care
//! despite a shorter expected stay. For non-Medicare inpatient and NICU stays an expected
//! length of stay or level-of-care criteria count.
//!
//! ## Why it matters
//! For Medicare and (from CY2024) Medicare Advantage, inpatient payment depends on the
//! physician's expectation of medically necessary care crossing two midnights (42 CFR
//! 412.3(d)(1); 42 CFR 422.101(b)(2)). An inpatient order alone, a blank "Expected LOS: ____"
//! or "anticipate d/c tomorrow AM" does not establish it.
//!
//! ## What satisfies it
//! "I expect he will need hospital care over at least 2 midnights", "Expected length of stay:
//! at least 7-10 days", "Expected course: ICU for at least 48-72 h … total hospital stay
//! expected to be about 6-8 days", "Anticipated stay in the SCN: about 3-4 days", "Transfer to
//! the inpatient unit for 5 days", "case-by-case exception: …".
//!
//! ## References
//! * 42 CFR 412.3(d)(1)–(3) (two-midnight benchmark and exceptions); CMS-4201-F.
//! * ../shared/cases/VOCABULARY.md §2 (`expected_inpatient_stay`).

use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::sections::Section;
use crate::core::checks::notes::text::{has_any, slice};
use crate::core::checks::notes::time::{DurKind, Unit};

const STAY: u16 = 0;
const EXPECT: u16 = 1;
const EXCEPTION: u16 = 2;
const MIDNIGHTS: u16 = 3;
/// Level-of-care or discharge criteria (count for non-Medicare stays).
const CRITERIA: u16 = 4;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("length of stay", STAY),
    ("los", STAY),
    ("stay", STAY),
    ("hospital care", STAY),
    ("hospitalization", STAY),
    ("inpatient care", STAY),
    ("expected course", STAY),
    ("inpatient", STAY),
    ("icu", STAY),
    ("micu", STAY),
    ("nicu", STAY),
    ("scn", STAY),
    ("nursery", STAY),
    ("unit", STAY),
    ("admission", STAY),
    ("gip", STAY),
    ("general inpatient", STAY),
    ("level of care", STAY),
    ("in the hospital", STAY),
    ("expect", EXPECT),
    ("expected", EXPECT),
    ("expects", EXPECT),
    ("anticipate*", EXPECT),
    ("estimated", EXPECT),
    ("projected", EXPECT),
    ("at least", EXPECT),
    ("will need", EXPECT),
    ("will require", EXPECT),
    ("likely", EXPECT),
    ("until", EXPECT),
    ("case-by-case", EXCEPTION),
    ("inpatient-only procedure", EXCEPTION),
    ("inpatient only procedure", EXCEPTION),
    ("discharge criteria", CRITERIA),
    ("level-of-care criteria", CRITERIA),
    ("level of care criteria", CRITERIA),
    ("meets inpatient criteria", CRITERIA),
    ("interqual", CRITERIA),
    ("mcg criteria", CRITERIA),
    ("2 midnights", MIDNIGHTS),
    ("two midnights", MIDNIGHTS),
    ("2-midnight", MIDNIGHTS),
    ("two-midnight", MIDNIGHTS),
    ("3 midnights", MIDNIGHTS),
    ("three midnights", MIDNIGHTS),
];

fn expect_here(hits: &[crate::core::checks::notes::Hit]) -> bool {
    hits.iter().any(|h| h.tag == EXPECT)
}

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    let min = cx.params.stay_min_days;
    for (sent, hits) in cx.groups(cx.own()) {
        let Some(s) = cx.sent(sent) else { continue };
        if matches!(s.section, Section::Family | Section::Pmh) {
            continue;
        }
        let usable = |h: &&crate::core::checks::notes::Hit| {
            let c = cx.ctx(h);
            !c.negated && !c.templated
        };
        if cx.ctx_span(sent, s.body, s.end).templated && cx.body_lower(sent).contains("__") {
            out.near(sent, "the expected length of stay is left blank");
            continue;
        }
        let criteria = !cx.params.medicare && hits.iter().filter(|h| h.tag == CRITERIA).any(|h| usable(&h));
        if criteria || hits.iter().filter(|h| matches!(h.tag, MIDNIGHTS | EXCEPTION)).any(|h| usable(&h)) {
            out.add(sent);
            break;
        }
        // A stay term in this sentence or the one before it in the same paragraph ("Order:
        // Admit to the inpatient unit. Expect 3-5 days until…").
        let prev_stay = sent.checked_sub(1).is_some_and(|p| {
            cx.sent(p).is_some_and(|ps| ps.note == s.note && ps.para == s.para)
                && cx.in_sent(cx.own(), p).iter().any(|h| h.tag == STAY && !cx.ctx(h).negated && !cx.ctx(h).templated)
        });
        let stay = hits.iter().filter(|h| h.tag == STAY).any(|h| usable(&h)) || prev_stay && expect_here(hits);
        let expect = hits.iter().filter(|h| h.tag == EXPECT).any(|h| usable(&h));
        if !stay {
            continue;
        }
        let (lower, ss, se) = cx.lower_doc(sent);
        // An actual course told after the fact ("stayed there for about 2 weeks, then was
        // discharged") is not what the admitting physician expected.
        let narrated = has_any(lower, ss, se, &["stayed", "remained", "spent", "was discharged", "was transferred"]);
        let expect_stated = hits
            .iter()
            .filter(|h| h.tag == EXPECT && usable(h))
            .any(|h| !matches!(slice(lower, h.start, h.end), "until" | "at least"));
        if narrated && !expect_stated {
            out.near(sent, "the stay is narrated after the fact, not stated as expected at admission");
            continue;
        }
        let long_enough = cx.durations(sent).iter().any(|d| {
            let prefix = slice(lower, d.start.saturating_sub(5), d.start);
            d.kind == DurKind::Length
                && matches!(d.unit, Unit::Days | Unit::Hours | Unit::Weeks | Unit::Midnights | Unit::Months)
                && d.days + 0.01 >= min
                && (expect || prefix.ends_with("for ") || prefix.contains("~"))
        });
        if long_enough {
            out.add(sent);
            break;
        }
        if expect && cx.durations(sent).iter().any(|d| d.kind == DurKind::Length && d.days < min && d.days > 0.0) {
            out.near(sent, "the expected stay is shorter than 2 midnights");
        }
    }
    if !out.any() {
        out.reason("no expected length of stay (at least 2 midnights) or inpatient rationale is documented");
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::vectors;

    #[test]
    fn pass_fail_vectors() {
        vectors(
            "expected_inpatient_stay",
            &[
                (true, "⟦I expect he will need hospital care over at least 2 midnights: cath tomorrow.⟧"),
                (true, "⟦Expected length of stay: at least 7-10 days (lorazepam titration).⟧"),
                (
                    true,
                    "⟦Expected course: ICU for at least 48-72 h, then step-down; total hospital stay expected to be about 6-8 days.⟧",
                ),
                (true, "⟦Anticipated stay in the SCN: about 3-4 days - until TSB is stably below the threshold.⟧"),
                (true, "⟦Transfer to the Sagebrush Inpatient Unit for 5 days (02/14-02/19) so his wife can rest.⟧"),
                (false, "Expected LOS: ____"),
                (false, "Admit to medicine. Anticipate d/c tomorrow AM."),
                (false, "Hospital day 4. Afebrile 48 h."),
                (false, "Outpatient SLP since 12/02/2024; inpatient rehab 11/04-11/26/2024."),
            ],
        );
    }

    #[test]
    fn paraphrases_and_traps() {
        super::super::testing::vectors(
            "expected_inpatient_stay",
            &[(true, "⟦Patient expected to require inpatient care spanning at least two midnights.⟧")],
        );
    }

    #[test]
    fn more_paraphrases() {
        super::super::testing::vectors(
            "expected_inpatient_stay",
            &[
                (true, "⟦Anticipate hospitalization of 3-4 days for IV antibiotics.⟧"),
                (false, "Anticipated LOS 1 day."),
            ],
        );
    }

    #[test]
    fn a_narrated_course_is_not_an_expected_stay() {
        super::super::testing::vectors(
            "expected_inpatient_stay",
            &[
                // discharge summary, telegraphic, templated course
                (
                    false,
                    "He was moved to the NICU for a higher level of care, stayed there for about 3 weeks and was discharged home.",
                ),
                (false, "Hospital course: remained inpatient x 10 days until discharge."),
                (false, "Course: NICU stay 12 days; was transferred back to the referring unit."),
                // an expectation stated at admission still counts
                (true, "⟦Admit to NICU; we expect a stay of at least 10 days for feeding and growth.⟧"),
                (true, "⟦Anticipate inpatient stay of 3-4 days for IV antibiotics.⟧"),
            ],
        );
    }
}
