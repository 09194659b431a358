//! `skilled_care_justification`: why the service needs a licensed clinician's skill.
//!
//! ## What it checks
//! That the notes explain why the therapy or nursing cannot be done by the patient, the
//! family, an aide or a home program alone.
//!
//! ## Why it matters
//! Medicare and most plans cover therapy and home health only when the services require the
//! skills of a therapist or nurse (Medicare Benefit Policy Manual ch.15 §220.2, ch.7 §40);
//! maintenance that a caregiver can do is not covered.
//!
//! ## What satisfies it
//! "Continued skilled SLP is required: … cannot be judged by her husband or through a home
//! program", "SKILLED NEED: the stage 3 wound … still needs skilled nursing assessment", "She
//! needs skilled joint mobilization … that she cannot do on her own; a home program alone will
//! not resolve…", "requires the skills of a licensed therapist".
//!
//! Does not count: "skilled nursing facility" (a place), "no longer requires skilled care",
//! negated or planned statements.
//!
//! ## References
//! * Medicare Benefit Policy Manual ch.15 §220.2 (reasonable and necessary outpatient
//!   therapy) and ch.7 §40.1–40.2 (skilled nursing and therapy in home health).
//! * ../shared/cases/VOCABULARY.md §2 (`skilled_care_justification`).

use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::text::has_any;

const SKILL: u16 = 0;
const STRONG: u16 = 1;
const PLACE: u16 = 2;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("skilled", SKILL),
    ("skill", SKILL),
    ("skills", SKILL),
    ("licensed", SKILL),
    ("clinician-directed", STRONG),
    ("therapist-directed", STRONG),
    ("requires the skills", STRONG),
    ("skilled need", STRONG),
    ("home program alone", STRONG),
    ("home exercise program alone", STRONG),
    ("hep alone", STRONG),
    ("cannot be done by", STRONG),
    ("cannot yet be done", STRONG),
    ("cannot be performed by", STRONG),
    ("cannot be judged by", STRONG),
    ("that she cannot do on her own", STRONG),
    ("that he cannot do on his own", STRONG),
    ("skilled nursing facility", PLACE),
    ("snf", PLACE),
];

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    for (sent, hits) in cx.groups(cx.own()) {
        let (lower, s, e) = cx.lower_doc(sent);
        if has_any(
            lower,
            s,
            e,
            &["no longer require", "does not require", "not require skilled", "no longer needs skilled"],
        ) {
            continue;
        }
        let places: Vec<_> = hits.iter().filter(|h| h.tag == PLACE).collect();
        for h in hits {
            if h.tag == PLACE || places.iter().any(|p| p.start <= h.start && p.end >= h.end) {
                continue;
            }
            let c = cx.ctx(h);
            if c.negated || c.templated || c.other_person {
                continue;
            }
            let need = has_any(
                lower,
                s,
                e,
                &[
                    "need",
                    "require",
                    "remain",
                    "continue",
                    "necessary",
                    "cannot",
                    "only",
                    "must",
                    "essential",
                    "depends on",
                ],
            );
            if h.tag == STRONG || (h.tag == SKILL && need && !c.hypothetical) {
                out.add(sent);
                break;
            }
        }
        if out.any() {
            break;
        }
    }
    if !out.any() {
        out.reason("no explanation of why the service needs a licensed clinician's skills");
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::vectors;

    #[test]
    fn pass_fail_vectors() {
        vectors(
            "skilled_care_justification",
            &[
                (true, "⟦SKILLED NEED: The stage 3 wound still needs skilled nursing assessment for infection.⟧"),
                (true, "⟦Continued skilled SLP is required: instrumental re-assessment is needed.⟧"),
                (
                    true,
                    "⟦She needs joint mobilization that she cannot do on her own; a home program alone will not resolve the restriction.⟧",
                ),
                (false, "Discharged to a skilled nursing facility."),
                (false, "Patient no longer requires skilled therapy; transition to HEP."),
                (false, "Continue HEP."),
            ],
        );
    }

    #[test]
    fn paraphrases_and_traps() {
        super::super::testing::vectors(
            "skilled_care_justification",
            &[(
                false,
                "Patient independent with HEP; no further skilled needs identified; no longer requires skilled therapy.",
            )],
        );
    }

    #[test]
    fn more_paraphrases() {
        super::super::testing::vectors(
            "skilled_care_justification",
            &[(true, "⟦Requires the skills of a licensed therapist for safe progression of gait training.⟧")],
        );
    }
}
