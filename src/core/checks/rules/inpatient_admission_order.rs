//! `inpatient_admission_order`: an order admitting the patient to inpatient status.
//!
//! ## What it checks
//! That the notes contain an order to admit to inpatient status (or to an inpatient unit:
//! ICU, floor, psychiatric unit, special care nursery, inpatient hospice unit) with a date/time
//! or the attending — not an observation order, not a pending or unsigned placeholder, not a
//! conversion that was only requested.
//!
//! ## Why it matters
//! An inpatient admission order is a condition of payment for an inpatient claim (42 CFR
//! 412.3(a)–(c)). Observation is an outpatient status; "UR to review for conversion to
//! inpatient" is not an order (case 11). A signed order later in the chart supersedes an
//! auto-generated "ADMISSION ORDER: *** PENDING - NOT SIGNED ***" (case 12).
//!
//! ## What satisfies it
//! "ORDERS: Admit to INPATIENT status - Medical ICU - attending … - 06/03/2025 03:12 (signed)",
//! "Order: Admit to Inpatient Hospice Unit, GIP level of care, attending …, 02/14/2025 15:30",
//! "Admit to Special Care Nursery (Level II) under Dr. …, 02/09/2025 23:50", "inpatient order
//! 06/03/2025 03:12".
//!
//! ## References
//! * 42 CFR 412.3 (admission order as a condition of payment); CMS "Hospital Inpatient
//!   Admission Order and Certification" guidance (2014).
//! * ../shared/cases/VOCABULARY.md §2 (`inpatient_admission_order`).

use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::text::{has_any, slice};
use crate::core::checks::notes::time;

const ADMIT: u16 = 0;
const ORDER_PHRASE: u16 = 1;
const OBSERVATION: u16 = 2;
const CONVERSION: u16 = 3;
const UNIT: u16 = 4;
const PENDING: u16 = 5;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("admit to", ADMIT),
    ("admit as", ADMIT),
    ("admit inpatient", ADMIT),
    ("admitted to inpatient", ADMIT),
    ("admitted as inpatient", ADMIT),
    ("admission to inpatient", ADMIT),
    ("decided to admit", ADMIT),
    ("decision to admit", ADMIT),
    ("inpatient order", ORDER_PHRASE),
    ("inpatient admission order", ORDER_PHRASE),
    ("admission order", ORDER_PHRASE),
    ("order to admit", ORDER_PHRASE),
    ("converted to inpatient", ORDER_PHRASE),
    ("observation", OBSERVATION),
    ("obs status", OBSERVATION),
    ("conversion to inpatient", CONVERSION),
    ("convert to inpatient", CONVERSION),
    ("review for conversion", CONVERSION),
    ("inpatient", UNIT),
    ("icu", UNIT),
    ("micu", UNIT),
    ("sicu", UNIT),
    ("ccu", UNIT),
    ("nicu", UNIT),
    ("picu", UNIT),
    ("intensive care", UNIT),
    ("special care nursery", UNIT),
    ("nursery", UNIT),
    ("floor", UNIT),
    ("ward", UNIT),
    ("telemetry", UNIT),
    ("step-down", UNIT),
    ("psychiatry", UNIT),
    ("unit", UNIT),
    ("hospital medicine", UNIT),
    ("medicine service", UNIT),
    ("hospitalist service", UNIT),
    ("service", UNIT),
    ("pending", PENDING),
    ("not signed", PENDING),
    ("unsigned", PENDING),
    ("awaiting", PENDING),
    ("to be selected", PENDING),
];

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    for (sent, hits) in cx.groups(cx.own()) {
        let (lower, s, e) = cx.lower_doc(sent);
        let label = cx.label(sent);
        let order_context = label.contains("order") || label == "disposition" || label == "admission";
        for h in hits.iter().filter(|h| matches!(h.tag, ADMIT | ORDER_PHRASE)) {
            let c = cx.ctx(h);
            if c.negated || c.templated || c.hypothetical && !order_context {
                out.near(sent, "the admission order is only planned or pending");
                continue;
            }
            if hits.iter().any(|p| p.tag == PENDING && !cx.ctx(p).negated)
                || has_any(lower, s, e, &["***"]) && has_any(lower, s, e, &["pending"])
            {
                out.near(sent, "the admission order is pending or unsigned");
                continue;
            }
            let clause_end = slice(lower, h.end, e).find([';', '.']).map_or(e, |p| h.end + p);
            let target = slice(lower, h.end, clause_end);
            if target.contains("observation")
                || hits.iter().any(|o| o.tag == OBSERVATION && o.start >= h.end && o.start < clause_end)
            {
                out.near(sent, "the order places the patient in observation, not inpatient status");
                continue;
            }
            let inpatient = hits.iter().any(|u| u.tag == UNIT && u.start >= h.start) || h.tag == ORDER_PHRASE;
            let dated = !time::dates(lower, s, e, cx.ref_date(sent)).is_empty() || time::has_clock_time(lower, s, e);
            let attending = has_any(lower, s, e, &["attending", "dr.", "dr ", " md", "under "]);
            // The admitting physician's own plan line or documented decision ("PLAN: 1. Admit
            // to 4 West with telemetry", "it was decided to admit him to the hematology
            // service") is the order even without a date on the line.
            let plan_line = cx.sent(sent).is_some_and(|x| {
                matches!(
                    x.section,
                    crate::core::checks::notes::sections::Section::Plan
                        | crate::core::checks::notes::sections::Section::AssessmentPlan
                        | crate::core::checks::notes::sections::Section::Orders
                )
            });
            let decision = slice(lower, h.start, h.end).starts_with("decis")
                || slice(lower, h.start, h.end).starts_with("decided");
            if inpatient && (dated || attending || plan_line || decision) {
                out.add(sent);
                break;
            }
        }
        if !out.any() {
            if hits.iter().any(|h| h.tag == CONVERSION) {
                out.near(sent, "conversion to inpatient status was requested but never ordered");
            } else if hits.iter().any(|h| h.tag == OBSERVATION)
                && (order_context || has_any(lower, s, e, &["order", "place patient"]))
            {
                out.near(sent, "the order places the patient in observation, not inpatient status");
            }
        }
        if out.any() {
            break;
        }
    }
    if !out.any() {
        out.reason("no order admitting the patient to inpatient status is documented");
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::vectors;

    #[test]
    fn pass_fail_vectors() {
        vectors(
            "inpatient_admission_order",
            &[
                (
                    true,
                    "⟦ORDERS: Admit to INPATIENT status - Medical ICU - attending O. Brandvold-Ruiz, MD - 06/03/2025 03:12 (signed).⟧",
                ),
                (
                    true,
                    "⟦Order: Admit to Inpatient Hospice Unit, GIP level of care, attending Dr. A. Kaur-Whitlock, 02/14/2025 15:30.⟧",
                ),
                (
                    true,
                    "⟦ORDERS: Admit to Special Care Nursery (Level II) under Dr. Solveig Hartmann, 02/09/2025 23:50.⟧",
                ),
                (false, "ORDER: Place patient in OBSERVATION status - attending Dr. J. Kowalewski - 01/16/2025 16:05"),
                (
                    false,
                    "Level of care: remains in observation per ED order; UR to review for conversion to inpatient.",
                ),
                (false, "ADMISSION ORDER: *** PENDING - NOT SIGNED *** (auto-generated from bed request)"),
                (false, "Level of care: [ ] Inpatient  [ ] Observation"),
                (false, "Admit to observation, telemetry - Dr. Lee 01/02/2025"),
            ],
        );
    }

    #[test]
    fn paraphrases_and_traps() {
        super::super::testing::vectors(
            "inpatient_admission_order",
            &[(false, "Bed request placed; admission order pending attending review.")],
        );
    }

    #[test]
    fn more_paraphrases() {
        super::super::testing::vectors(
            "inpatient_admission_order",
            &[
                (true, "⟦Admit to inpatient status under Dr. Patel, telemetry bed, 01/02/2025 14:00.⟧"),
                (false, "Recommend admission; bed requested."),
            ],
        );
    }

    #[test]
    fn the_admitting_physicians_plan_line_or_decision() {
        super::super::testing::vectors(
            "inpatient_admission_order",
            &[
                // dictated plan list, narrative decision, templated disposition
                (true, "PLAN:\n1.  ⟦Admit to 4 West with telemetry, heart failure pathway, IV diuretics.⟧"),
                (true, "⟦After discussion it was decided to admit him to the hematology service for pain control.⟧"),
                (true, "⟦Disposition: admit to medicine service, inpatient.⟧"),
                // observation, someone else's future admission, a plan only considered
                (false, "PLAN: admit to the observation unit for 23-hour observation."),
                (false, "Case discussed with the hospitalist, who will be admitting the child."),
                (false, "Plan: may need to admit to telemetry if troponin rises."),
            ],
        );
    }
}
