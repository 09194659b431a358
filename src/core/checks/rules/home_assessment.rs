//! `home_assessment`: the home can take the item and the patient can use it there.
//!
//! ## What it checks
//! That a *completed* assessment of the home is documented: doorways, turning space, floor
//! surfaces, entry, room for the item — by an OT/PT, the supplier or the clinician.
//!
//! ## Why it matters
//! Mobility and home-equipment policies require a home assessment before delivery (LCD L33789
//! for power mobility; payers' DME policies for beds and lifts). A visit that is ordered or
//! scheduled, or a relative's opinion that the room "should be fine", is not an assessment
//! (case 15).
//!
//! ## What satisfies it
//! "Home assessment completed 12/05: doorways 34 in, bedroom 12 x 14 ft accommodates the bed",
//! "OT home safety evaluation: entry ramp present, bathroom accessible", "in-home evaluation
//! found adequate turning space".
//!
//! Does not count: ordered, scheduled or pending visits; hearsay ("wife states the bedroom
//! should be fine"); descriptions of the house without an assessment ("1-story house, bedroom
//! at the back"); home *safety* checklists for other items.
//!
//! ## References
//! * LCD L33789 (PMD home assessment); 42 CFR 410.38.
//! * ../shared/cases/VOCABULARY.md §2 (`home_assessment`).

use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::text::slice;

const ASSESSMENT: u16 = 0;
const FEATURE: u16 = 1;
const ADEQUATE: u16 = 2;
/// Adequacy words that describe the fit itself ("accommodates", "wide enough").
const FIT: u16 = 3;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("home assessment", ASSESSMENT),
    ("home evaluation", ASSESSMENT),
    ("home eval", ASSESSMENT),
    ("home visit", ASSESSMENT),
    ("home safety evaluation", ASSESSMENT),
    ("home safety visit", ASSESSMENT),
    ("home safety assessment", ASSESSMENT),
    ("in-home assessment", ASSESSMENT),
    ("in-home evaluation", ASSESSMENT),
    ("environmental assessment", ASSESSMENT),
    ("home environment", ASSESSMENT),
    ("doorway", FEATURE),
    ("doorways", FEATURE),
    ("door width", FEATURE),
    ("turning radius", FEATURE),
    ("turning space", FEATURE),
    ("threshold", FEATURE),
    ("thresholds", FEATURE),
    ("ramp", FEATURE),
    ("entry", FEATURE),
    ("entrance", FEATURE),
    ("floor surface*", FEATURE),
    ("flooring", FEATURE),
    ("bedroom", FEATURE),
    ("hallway", FEATURE),
    ("bathroom", FEATURE),
    ("room for", FEATURE),
    ("space for", FEATURE),
    ("clearance", FEATURE),
    ("completed", ADEQUATE),
    ("performed", ADEQUATE),
    ("done", ADEQUATE),
    ("found", ADEQUATE),
    ("showed", ADEQUATE),
    ("confirmed", ADEQUATE),
    ("measured", ADEQUATE),
    ("adequate", FIT),
    ("sufficient", FIT),
    ("accommodate*", FIT),
    ("fits", FIT),
    ("fit", FIT),
    ("accessible", FIT),
    ("wide enough", FIT),
    ("no barriers", FIT),
];

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    for (sent, hits) in cx.groups(cx.own()) {
        let (lower, s, e) = cx.lower_doc(sent);
        let anchor = hits.iter().filter(|h| matches!(h.tag, ASSESSMENT | FEATURE)).find(|h| {
            let c = cx.ctx(h);
            !c.templated && !c.negated
        });
        let Some(anchor) = anchor else { continue };
        let c = cx.ctx(anchor);
        if c.hypothetical || c.hearsay || c.other_person {
            out.near(sent, "the home assessment is only ordered, scheduled or reported second-hand");
            continue;
        }
        let ok = |tag: u16| hits.iter().any(|h| h.tag == tag && !cx.ctx(h).hypothetical && !cx.ctx(h).negated);
        let assessment = hits.iter().any(|h| h.tag == ASSESSMENT);
        let feature = hits.iter().any(|h| h.tag == FEATURE);
        let text = slice(lower, s, e);
        let measured = feature
            && text.split(|c: char| !c.is_alphanumeric()).collect::<Vec<_>>().windows(2).any(|w| {
                w.first().is_some_and(|n| n.chars().next().is_some_and(|c| c.is_ascii_digit()))
                    && w.get(1).is_some_and(|u| matches!(*u, "in" | "inch" | "inches" | "ft" | "feet" | "cm" | "m"))
            });
        // An assessment that was done, or the home's fit measured or stated by the assessor.
        if assessment && (ok(ADEQUATE) || ok(FIT) || measured) || feature && (measured || ok(FIT) && assessment) {
            out.add(sent);
            break;
        }
    }
    if !out.any() {
        out.reason("no completed assessment of the home (access, doorways, space) is documented");
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::vectors;

    #[test]
    fn pass_fail_vectors() {
        vectors(
            "home_assessment",
            &[
                (
                    true,
                    "⟦Home assessment completed 12/05/2024 by OT: doorways 34 in, bedroom accommodates a hospital bed.⟧",
                ),
                (true, "⟦In-home evaluation found adequate turning space and level flooring.⟧"),
                (false, "OT home safety evaluation ordered - scheduled 12/20."),
                (false, "Wife states the bedroom \"should be fine\" for a hospital bed."),
                (false, "Home evaluation: pending - OT home safety visit scheduled 12/20."),
                (false, "Home: 1-story house, shared with his wife; bedroom at the back."),
                (false, "Lives in a one-level home with a level entry and no steps."),
            ],
        );
    }

    #[test]
    fn paraphrases_and_traps() {
        super::super::testing::vectors(
            "home_assessment",
            &[(false, "Home assessment to be completed by the supplier before delivery.")],
        );
    }

    #[test]
    fn more_paraphrases() {
        super::super::testing::vectors(
            "home_assessment",
            &[(
                true,
                "⟦Home visit 04/01: ramp at entry, doorways 36 in, bathroom accessible; home can accommodate a power wheelchair.⟧",
            )],
        );
    }
}
