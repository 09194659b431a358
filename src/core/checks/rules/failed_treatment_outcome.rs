//! `failed_treatment_outcome`: the earlier treatment did not work.
//!
//! ## What it checks
//! That the notes say a tried treatment failed: no or inadequate benefit, only transient
//! relief, intolerance or side effects, relapse, steroid dependence.
//!
//! ## Why it matters
//! Escalation (surgery, advanced imaging, a biologic) is covered only after lower-level care
//! has failed. A treatment that "helps some", a patient who is "improving", or a treatment
//! stopped for cost or scheduling is not a failure (VOCABULARY.md §1, case 21).
//!
//! ## What satisfies it
//! A failure cue with a treatment in the same sentence (or treatment list item): "failed",
//! "failure of", "no meaningful benefit", "minimal improvement", "inadequate response", "about
//! 3 wks of relief, back to baseline", "symptoms returned", "did not improve", "not
//! tolerated", "stopped because of palpitations", "regains each time", "flare despite
//! methotrexate", "refractory to".
//!
//! Does not count: "helps some", "improving", "better", stopping for cost, copays, coverage,
//! distance or scheduling, conditional statements ("if not better in 2 wks"), negated failures.
//!
//! ## References
//! * ../shared/cases/VOCABULARY.md §1–2 (`failed_treatment_outcome`).
//! * Payer step-therapy and arthroplasty policies (failure or intolerance of conservative care).

use super::derived::tried_mentions;
use super::shared::{TREAT, is_therapy_abbrev};
use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::sections::Section;
use crate::core::checks::notes::text::slice;

const FAIL: u16 = 0;
const STOPPED_BECAUSE: u16 = 1;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("failed", FAIL),
    ("failure of", FAIL),
    ("failure", FAIL),
    ("failing", FAIL),
    ("no benefit", FAIL),
    ("no meaningful benefit", FAIL),
    ("without benefit", FAIL),
    ("little benefit", FAIL),
    ("minimal benefit", FAIL),
    ("lack of benefit", FAIL),
    ("lack of further benefit", FAIL),
    ("lack of response", FAIL),
    ("loss of response", FAIL),
    ("no relief", FAIL),
    ("without relief", FAIL),
    ("minimal relief", FAIL),
    ("little relief", FAIL),
    ("partial relief", FAIL),
    ("temporary relief", FAIL),
    ("transient relief", FAIL),
    ("short-lived relief", FAIL),
    ("short-term relief", FAIL),
    ("wore off", FAIL),
    ("back to baseline", FAIL),
    ("returned to baseline", FAIL),
    ("symptoms returned", FAIL),
    ("pain returned", FAIL),
    ("recurred", FAIL),
    ("recurrence", FAIL),
    ("relapse*", FAIL),
    ("no improvement", FAIL),
    ("minimal improvement", FAIL),
    ("little improvement", FAIL),
    ("without improvement", FAIL),
    ("did not improve", FAIL),
    ("didn't improve", FAIL),
    ("not improved", FAIL),
    ("did not help", FAIL),
    ("didn't help", FAIL),
    ("not helped", FAIL),
    ("did not work", FAIL),
    ("ineffective", FAIL),
    ("not effective", FAIL),
    ("inadequate response", FAIL),
    ("insufficient response", FAIL),
    ("suboptimal response", FAIL),
    ("partial response", FAIL),
    ("refractory", FAIL),
    ("persistent despite", FAIL),
    ("persists despite", FAIL),
    ("despite", FAIL),
    ("no change", FAIL),
    ("unchanged", FAIL),
    ("minimal functional gain", FAIL),
    ("minimal gain", FAIL),
    ("plateau*", FAIL),
    ("not tolerated", FAIL),
    ("did not tolerate", FAIL),
    ("could not tolerate", FAIL),
    ("intolerant", FAIL),
    ("intolerance", FAIL),
    ("side effect*", FAIL),
    ("adverse effect*", FAIL),
    ("hepatotoxicity", FAIL),
    ("regains", FAIL),
    ("regained", FAIL),
    ("steroid-dependent", FAIL),
    ("steroid dependent", FAIL),
    ("steroid dependence", FAIL),
    ("still limits", FAIL),
    ("stopped because", STOPPED_BECAUSE),
    ("stopped due to", STOPPED_BECAUSE),
    ("discontinued because", STOPPED_BECAUSE),
    ("discontinued due to", STOPPED_BECAUSE),
    ("stopped for", STOPPED_BECAUSE),
    ("discontinued for", STOPPED_BECAUSE),
    ("tapered off", STOPPED_BECAUSE),
    ("discontinued", STOPPED_BECAUSE),
    ("stopped", STOPPED_BECAUSE),
    ("d/c'd", STOPPED_BECAUSE),
    ("came off", STOPPED_BECAUSE),
];

const NON_CLINICAL: [&str; 12] = [
    "cost",
    "copay",
    "insurance",
    "coverage",
    "covered",
    "afford",
    "schedul",
    "transport",
    "drive",
    "relocat",
    "moved",
    "time",
];

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    let tried = tried_mentions(cx);
    for (sent, hits) in cx.groups(cx.own()) {
        let Some(s) = cx.sent(sent) else { continue };
        let Some(doc) = cx.doc(sent) else { continue };
        if matches!(s.section, Section::Plan | Section::Orders | Section::Goals) {
            continue;
        }
        // A treatment in this sentence, or in the treatment list this item belongs to.
        let treat_here = cx
            .in_sent(cx.shared(), sent)
            .iter()
            .any(|h| h.tag == TREAT && is_therapy_abbrev(doc.text, h.start, h.end) && !cx.ctx(h).hypothetical);
        let prev = sent.checked_sub(1);
        let in_list = s.section == Section::Treatment
            || prev.is_some_and(|p| {
                let k = tried.partition_point(|t| t.sent < p);
                tried.get(k).is_some_and(|t| t.sent == p)
                    && cx.sent(p).is_some_and(|ps| ps.para == s.para && ps.note == s.note)
            });
        if !(treat_here || in_list) {
            continue;
        }
        let (lower, _, e) = cx.lower_doc(sent);
        for h in hits {
            let c = cx.ctx(h);
            if c.negated || c.hypothetical || c.templated || c.other_person {
                continue;
            }
            if h.tag == STOPPED_BECAUSE {
                let why = slice(lower, h.end, (h.end + 60).min(e));
                let cue = slice(lower, h.start, h.end);
                let has_reason = cue.ends_with("to")
                    || cue.ends_with("because")
                    || cue.ends_with("for")
                    || ["due to", "because", "secondary to", "2/2", " for ", "after developing", "owing to"]
                        .iter()
                        .any(|r| why.contains(r));
                if !has_reason {
                    continue;
                }
                if NON_CLINICAL.iter().any(|w| why.contains(w)) || why.trim().is_empty() {
                    out.near(sent, "the treatment was stopped for a non-clinical reason (cost, scheduling)");
                    continue;
                }
            }
            out.add(sent);
            break;
        }
        if out.any() {
            break;
        }
    }
    if !out.any() {
        out.reason("no failure, intolerance or only temporary relief of earlier treatment is documented");
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::vectors;

    #[test]
    fn pass_fail_vectors() {
        vectors(
            "failed_treatment_outcome",
            &[
                (true, "⟦PT discharge summary: \"minimal functional gain, ROM unchanged.\"⟧"),
                (
                    true,
                    "⟦L4-5 interlaminar ESI 07/09/2024 - about 2-3 wks of partial relief, then the symptoms returned.⟧",
                ),
                (true, "⟦Gabapentin 300 mg TID since June 2024 - dizziness, no meaningful benefit.⟧"),
                (true, "⟦Phentermine x6 wks (2022), stopped because of palpitations.⟧"),
                (true, "⟦New glasses did not improve the clarity or the halos.⟧"),
                (true, "⟦CC: Psoriasis flare despite methotrexate.⟧"),
                (true, "⟦Discontinued gabapentin due to sedation.⟧"),
                (false, "Methotrexate stopped 08/05 before surgery."),
                (
                    false,
                    "Completed 6 wks of PT. PT helps some. He stopped PT after 6 wks because the copays were adding up.",
                ),
                (false, "Overall he is improving with PT."),
                (false, "Will start PT if not better in 2 wks."),
                (false, "Persistent R ankle pain after an inversion sprain."),
            ],
        );
    }

    #[test]
    fn paraphrases_and_traps() {
        super::super::testing::vectors(
            "failed_treatment_outcome",
            &[
                (false, "Physical therapy helped significantly; pain now 2/10."),
                (false, "Stopped PT due to insurance not covering more visits."),
                (true, "⟦Discontinued gabapentin due to sedation.⟧"),
            ],
        );
    }

    #[test]
    fn more_paraphrases() {
        super::super::testing::vectors(
            "failed_treatment_outcome",
            &[
                (true, "⟦Failed 3 months of naproxen and a home exercise program.⟧"),
                (true, "⟦Symptoms persist despite 8 weeks of physical therapy.⟧"),
                (false, "Responding well to physical therapy."),
            ],
        );
    }
}
