//! `urgency_or_emergency_rationale`: why the service was needed now, or at this level of care.
//!
//! ## What it checks
//! That the clinician states why the service could not wait or needed the level of care
//! given: acute instability, high-risk features, the stated urgency, or why a lower level of
//! care would not do.
//!
//! ## Why it matters
//! Emergency claims are judged by the prudent-layperson standard and retro reviews of
//! admissions and transports by the documented urgency. Location words ("ED note") and
//! rule-out lists are not a rationale; a low-risk, stable presentation defeats the claim
//! (VOCABULARY.md; cases 07 and 10).
//!
//! ## What satisfies it
//! * explicit urgency: "emergent", "emergently", "urgent", "immediately", "STAT", "cannot
//!   wait", "time-sensitive", "life-threatening", "critically ill";
//! * instability or high risk: "hemodynamically unstable", "shock", "requiring escalating
//!   norepinephrine", "high risk (rising troponin…)", "gravely disabled", "danger to self";
//! * level of care: "Why ICU and inpatient care now:", "Need for inpatient care:", "Medical
//!   necessity for air transport:", "not safe for discharge", "cannot be treated safely at a
//!   lower level of care", "no lower level of care can provide this", "needs to move to the
//!   special care nursery now", "above the phototherapy threshold".
//!
//! Does not count: "urgent care" / "emergency department" / "emergency contact" as places or
//! roles, negated instability ("hemodynamically stable"), "low risk", care requested for
//! caregiver relief.
//!
//! ## References
//! * ../shared/cases/VOCABULARY.md §2 (`urgency_or_emergency_rationale`).
//! * 42 USC 1395dd (EMTALA); 42 CFR 438.114 and 422.113 (prudent layperson); 42 CFR
//!   412.3(d) (inpatient rationale); Medicare Benefit Policy Manual ch.9 §40.1.5 (hospice GIP).

use super::derived::return_precautions;
use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::Hit;
use crate::core::checks::notes::sections::Section;
use crate::core::checks::notes::text::{find_word, slice};

const STRONG: u16 = 0;
const WEAK: u16 = 1;
const PLACE: u16 = 2;
const LABEL: u16 = 3;
const COURSE: u16 = 4;
/// An acute high-risk feature stated in clinical language — loss of consciousness, a stroke
/// in progress, unable to swallow, recurrent hypoglycemia, hypotension with bradycardia — or
/// a need for care only a hospital gives (IV hydration, IV antibiotics, parenteral pain
/// control): enough on its own in the history, assessment or course.
const HIGH_RISK: u16 = 5;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("emergent", STRONG),
    ("emergently", STRONG),
    ("emergency surgery", STRONG),
    ("emergency procedure", STRONG),
    ("emergency transport", STRONG),
    ("emergency transfer", STRONG),
    ("emergency decompression", STRONG),
    ("emergency intervention", STRONG),
    ("surgical emergency", STRONG),
    ("medical emergency", STRONG),
    ("urgent", STRONG),
    ("urgently", STRONG),
    ("urgency", STRONG),
    ("immediate", STRONG),
    ("immediately", STRONG),
    ("stat", STRONG),
    ("without delay", STRONG),
    ("cannot wait", STRONG),
    ("can't wait", STRONG),
    ("as soon as possible", STRONG),
    ("time-sensitive", STRONG),
    ("time sensitive", STRONG),
    ("time-critical", STRONG),
    ("life-threatening", STRONG),
    ("life threatening", STRONG),
    ("critically ill", STRONG),
    ("hemodynamically unstable", STRONG),
    ("hemodynamic instability", STRONG),
    ("septic shock", STRONG),
    ("cardiogenic shock", STRONG),
    ("in shock", STRONG),
    ("persistent hypotension", STRONG),
    ("requiring escalating", STRONG),
    ("vasopressor-dependent", STRONG),
    ("pressor-dependent", STRONG),
    ("requiring vasopressors", STRONG),
    ("on vasopressors", STRONG),
    ("high risk", STRONG),
    ("high-risk", STRONG),
    ("not safe for discharge", STRONG),
    ("unsafe for discharge", STRONG),
    ("not safe for outpatient", STRONG),
    ("cannot be treated safely", STRONG),
    ("cannot be safely", STRONG),
    ("cannot be managed", STRONG),
    ("could not be managed", STRONG),
    ("no lower level of care", STRONG),
    ("lower level of care", STRONG),
    ("needs to move", STRONG),
    ("needs to be moved", STRONG),
    ("needs to be admitted", STRONG),
    ("needs to be transferred", STRONG),
    ("requires admission", STRONG),
    ("requires iv", STRONG),
    ("requiring iv", STRONG),
    ("requires inpatient", STRONG),
    ("requires icu", STRONG),
    ("requires intensive", STRONG),
    ("requiring icu", STRONG),
    ("icu-level", STRONG),
    ("gravely disabled", STRONG),
    ("danger to self", STRONG),
    ("danger to others", STRONG),
    ("only reperfusion option", STRONG),
    ("only option", STRONG),
    ("cath lab activated", STRONG),
    ("escalation of care", STRONG),
    ("escalation-of-care", STRONG),
    ("phototherapy threshold", STRONG),
    ("exchange transfusion", STRONG),
    ("early invasive strategy", STRONG),
    ("within 24 h", STRONG),
    ("within 24 hours", STRONG),
    ("acute", COURSE),
    ("acutely", COURSE),
    ("rapid", COURSE),
    ("rapidly", COURSE),
    ("rising", COURSE),
    ("worsening", COURSE),
    ("deteriorat*", COURSE),
    ("intensive", COURSE),
    ("unstable", WEAK),
    ("loss of consciousness", HIGH_RISK),
    ("in progress", HIGH_RISK),
    ("unable to swallow", HIGH_RISK),
    ("unable to tolerate", HIGH_RISK),
    ("hypoglycemic episodes", HIGH_RISK),
    ("low blood pressure", HIGH_RISK),
    ("bradycardia", HIGH_RISK),
    ("troponin", HIGH_RISK),
    ("iv hydration", HIGH_RISK),
    ("intravenous hydration", HIGH_RISK),
    ("iv antibiotics", HIGH_RISK),
    ("intravenous diuretic*", HIGH_RISK),
    ("iv diuretic*", HIGH_RISK),
    ("iv diuresis", HIGH_RISK),
    ("intravenous diuresis", HIGH_RISK),
    ("iv lasix", HIGH_RISK),
    ("iv furosemide", HIGH_RISK),
    ("iv fluids", HIGH_RISK),
    ("intravenous fluids", HIGH_RISK),
    ("intravenous antibiotics", HIGH_RISK),
    ("control of pain", HIGH_RISK),
    ("pain control", HIGH_RISK),
    ("phototherapy", HIGH_RISK),
    ("respiratory distress", HIGH_RISK),
    ("hypotension", WEAK),
    ("hypoxia", WEAK),
    ("respiratory failure", WEAK),
    ("arrest", WEAK),
    ("intubated", WEAK),
    ("norepinephrine", WEAK),
    ("lactate", WEAK),
    ("sepsis", WEAK),
    ("stemi", WEAK),
    ("urgent care", PLACE),
    ("high fall risk", PLACE),
    ("high risk for falls", PLACE),
    ("high risk of falls", PLACE),
    ("high risk for fall", PLACE),
    ("high-risk medication", PLACE),
    ("high risk medication", PLACE),
    ("high risk for pressure", PLACE),
    ("high risk for skin", PLACE),
    ("emergency department", PLACE),
    ("emergency room", PLACE),
    ("emergency contact", PLACE),
    ("emergency medicine", PLACE),
    ("emergency physician", PLACE),
    ("immediate family", PLACE),
    ("immediate postoperative", PLACE),
    ("immediately after", PLACE),
    ("why icu", LABEL),
    ("why inpatient", LABEL),
    ("need for inpatient care", LABEL),
    ("need for admission", LABEL),
    ("medical necessity for", LABEL),
    ("reason for urgency", LABEL),
    ("rationale for admission", LABEL),
    ("rationale for inpatient", LABEL),
    ("reason for inpatient", LABEL),
    ("inpatient criteria", LABEL),
    ("severity of illness", LABEL),
    ("justification for", LABEL),
];

fn covered_by_place(hits: &[Hit], h: &Hit) -> bool {
    hits.iter().any(|p| p.tag == PLACE && p.start <= h.start && p.end >= h.end)
}

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    for pass in 0..2 {
        for (sent, hits) in cx.groups(cx.own()) {
            let Some(s) = cx.sent(sent) else { continue };
            if matches!(s.section, Section::Family | Section::Pmh | Section::Goals) {
                continue;
            }
            let (lower, _, _) = cx.lower_doc(sent);
            let mut weak = 0;
            let mut course = 0;
            let mut high = 0;
            if return_precautions(lower, s.start, s.end) {
                continue;
            }
            for h in hits {
                if covered_by_place(hits, h) || h.tag == PLACE {
                    continue;
                }
                let c = cx.ctx(h);
                if c.negated || c.templated || c.other_person {
                    continue;
                }
                // "low risk", "no high-risk features"
                let before = slice(lower, h.start.saturating_sub(12), h.start);
                if before.contains("low") || before.contains("not ") {
                    continue;
                }
                match h.tag {
                    STRONG | LABEL if pass == 0 => {
                        out.add(sent);
                        break;
                    }
                    WEAK if !c.hypothetical => weak += 1,
                    HIGH_RISK if !c.hypothetical && !c.uncertain => high += 1,
                    COURSE if !c.hypothetical => course += 1,
                    _ => {}
                }
            }
            if pass == 1
                && !out.any()
                && (weak >= 2 || weak >= 1 && course >= 1 || high >= 1)
                && matches!(
                    s.section,
                    Section::Assessment
                        | Section::AssessmentPlan
                        | Section::Course
                        | Section::Hpi
                        | Section::Indications
                        | Section::ChiefComplaint
                        | Section::History
                        | Section::Plan
                )
            {
                out.add(sent);
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
        let stable = cx.all_sentences().find(|&i| {
            let (lower, s, e) = cx.lower_doc(i);
            find_word(lower, s, e, "stable").is_some() || find_word(lower, s, e, "low risk").is_some()
        });
        if let Some(i) = stable {
            out.near(i, "the notes describe the patient as stable or low risk, with no stated urgency");
        }
        out.reason("no statement of why the service was needed immediately or at this level of care");
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::vectors;

    #[test]
    fn pass_fail_vectors() {
        vectors(
            "urgency_or_emergency_rationale",
            &[
                (true, "⟦Why ICU and inpatient care now: persistent hypotension requiring escalating norepinephrine.⟧"),
                (true, "⟦NSTEMI, high risk (rising troponin, ST depression, GRACE 142).⟧"),
                (true, "⟦Urology consulted - emergent R percutaneous nephrostomy tonight.⟧"),
                (true, "⟦He needs to move to the Special Care Nursery now for intensive phototherapy.⟧"),
                (true, "⟦Not safe for discharge or outpatient work-up.⟧"),
                (false, "Low risk; PE very unlikely (Wells 0, PERC neg). Hemodynamically stable, no hypoxia."),
                (false, "Seen at QuickCare urgent care. Emergency contact: sister."),
                (
                    false,
                    "Pain well controlled; no acute distress; symptoms stable. Wife exhausted and asks for an inpatient stay.",
                ),
                (false, "Pt requesting CT to make sure it's not cancer; shared decision."),
            ],
        );
    }

    #[test]
    fn paraphrases_and_traps() {
        super::super::testing::vectors(
            "urgency_or_emergency_rationale",
            &[
                (false, "HPI: acute on chronic low back pain, worsening over 2 weeks."),
                (false, "Morse fall scale 55 - high risk for falls; bed alarm on."),
                (true, "⟦Patient in septic shock requiring norepinephrine; lactate 6.⟧"),
                (false, "Return if symptoms worsen or you develop fever, as this could be an emergency."),
            ],
        );
    }

    #[test]
    fn more_paraphrases() {
        super::super::testing::vectors(
            "urgency_or_emergency_rationale",
            &[
                (true, "⟦Requires emergent surgical decompression.⟧"),
                (false, "Elective procedure scheduled at patient convenience."),
            ],
        );
    }

    #[test]
    fn acute_features_in_clinical_language() {
        super::super::testing::vectors(
            "urgency_or_emergency_rationale",
            &[
                // dictated H&P, ED telegraphic, templated assessment, discharge-summary course
                (true, "HPI: He fell from a ladder. ⟦There was loss of consciousness for about a minute.⟧"),
                (true, "⟦Assessment: peritonsillar cellulitis; unable to swallow, admit for IV antibiotics.⟧"),
                (true, "⟦HISTORY: Sickle cell crisis; admitted to hematology for control of pain and IV hydration.⟧"),
                (true, "⟦IMPRESSION: Cerebrovascular accident, in progress.⟧"),
                // negated, planned or hedged features do not count
                (false, "HPI: Fell at home. No loss of consciousness. Ambulatory at scene."),
                (false, "Plan: if unable to swallow, consider IV antibiotics."),
                (false, "Assessment: pain well controlled on oral medication; no acute distress."),
            ],
        );
    }

    #[test]
    fn hospital_only_therapy_and_course_headers() {
        super::super::testing::vectors(
            "urgency_or_emergency_rationale",
            &[
                // dictated plan, telegraphic EHR, templated A/P, ED course under a setting-qualified header
                (true, "PLAN: 1. ⟦Admit to telemetry, heart failure pathway, intravenous diuretic therapy.⟧"),
                (true, "⟦A/P: CHF exacerbation -> admit, IV Lasix 40 BID, daily wt.⟧"),
                (true, "⟦Assessment: dehydration with AKI, needs IV fluids, admit to medicine.⟧"),
                (true, "⟦ER COURSE: Two doses of morphine given; admitted for pain control and IV hydration.⟧"),
                // planned-if, oral switch or negated do not count
                (false, "Plan: if weight rises, may need IV diuresis."),
                (false, "Assessment: euvolemic, no need for IV fluids; discharge on oral furosemide."),
                (false, "ER COURSE: Tolerating fluids by mouth, pain resolved, discharged home."),
            ],
        );
    }
}
