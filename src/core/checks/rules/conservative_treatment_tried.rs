//! `conservative_treatment_tried`: a lower-level treatment tried before the service.
//!
//! ## What it checks
//! That the notes document at least one earlier, less invasive treatment for the condition as
//! actually tried: medicines, physical/occupational therapy, home exercise, injections,
//! bracing or a boot, a supervised diet, topicals, phototherapy, earlier drugs in a
//! step-therapy sequence, new glasses before cataract surgery.
//!
//! ## Why it matters
//! Elective imaging, surgery and specialty drugs are covered only after conservative care
//! (MSK imaging: provider-directed care; arthroplasty: NSAIDs, PT, injections; biologics:
//! conventional agents first). A treatment that was only recommended shows nothing.
//!
//! ## What satisfies it
//! A treatment cue that is affirmed and not a plan: "completed 8 wks of PT", "meloxicam 15 mg
//! daily since Aug 2024", "[x] Self-directed diets", "methotrexate … stopped 08/05", "New
//! glasses did not improve…", "after failure of topicals". A later "completed" beats an earlier
//! "will start PT".
//!
//! Does not count: plans and recommendations ("Will start PT if not better", "aquatic therapy
//! recommended but not started"), unchecked boxes (`[ ] Exercise program`), treatments ruled
//! out as inappropriate, negated treatments, medication lists alone.
//!
//! ## References
//! * ../shared/cases/VOCABULARY.md §2 (`conservative_treatment_tried`).
//! * eviCore spine imaging guideline (provider-directed conservative care); eviCore CMM-311
//!   (arthroplasty); payer step-therapy policies.

use super::derived::{DONE, NOT_APPROPRIATE, tried_mentions};
use super::shared::TREAT;
use super::{Collector, Cx, Outcome};

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("completed", DONE),
    ("tried", DONE),
    ("trial of", DONE),
    ("failed", DONE),
    ("continue", DONE),
    ("continued", DONE),
    ("continues", DONE),
    ("despite", DONE),
    ("previously", DONE),
    ("took", DONE),
    ("taking", DONE),
    ("not appropriate", NOT_APPROPRIATE),
    ("inappropriate", NOT_APPROPRIATE),
    ("not indicated", NOT_APPROPRIATE),
    ("contraindicated", NOT_APPROPRIATE),
    ("not a candidate", NOT_APPROPRIATE),
];

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    for h in tried_mentions(cx) {
        out.add(h.sent);
        if out.any() {
            break;
        }
    }
    if !out.any() {
        for h in cx.shared().iter().filter(|h| h.tag == TREAT) {
            if cx.ctx(h).hypothetical {
                out.near(h.sent, "treatments are only planned or recommended, not tried");
            }
        }
        out.reason("no earlier, less invasive treatment is documented as tried");
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::vectors;

    #[test]
    fn pass_fail_vectors() {
        vectors(
            "conservative_treatment_tried",
            &[
                (true, "⟦Completed 6 wks of PT (12 visits, 01/15-02/26/2025).⟧"),
                (true, "⟦Meloxicam 15 mg daily since Aug 2024 (5+ months): pain still limits work.⟧"),
                (true, "⟦New glasses (manifest refraction 03/2025) did not improve the clarity or the halos.⟧"),
                (
                    true,
                    "[x] ⟦Self-directed diets (Weight Watchers, low-carb) on and off for years - regains each time⟧",
                ),
                (true, "⟦Has tried ibuprofen and stretching since May.⟧"),
                (false, "Will start PT if not better in 2 wks."),
                (false, "Aquatic therapy was also recommended in 12/2024 but not started."),
                (false, "[ ] Exercise physiology program"),
                (false, "Plan: RICE, lace-up brace, ibuprofen 600 mg TID prn."),
                (false, "Pt prefers CT today."),
            ],
        );
    }

    #[test]
    fn paraphrases_and_traps() {
        super::super::testing::vectors(
            "conservative_treatment_tried",
            &[(true, "⟦She has done 6 weeks of chiropractic care.⟧"), (false, "Consider physical therapy referral.")],
        );
    }

    #[test]
    fn more_paraphrases() {
        super::super::testing::vectors(
            "conservative_treatment_tried",
            &[
                (false, "PT was recommended but the patient declined."),
                (false, "He has not tried physical therapy or NSAIDs."),
                (true, "⟦Failed 3 months of naproxen and a home exercise program.⟧"),
            ],
        );
    }
}
