//! `risk_of_delay`: the harm expected if the service were delayed, denied or downgraded.
//!
//! ## What it checks
//! That a note states explicitly what would happen to the patient without the service, with a
//! delay, or at a lower level of care.
//!
//! ## Why it matters
//! Retro reviews of emergencies, admissions and transports ask why waiting (or a cheaper
//! setting) was not acceptable. Urgency alone ("needs phototherapy now") is not the same as
//! the consequence of delay (kernicterus, death, reinfarction) — case 24.
//!
//! ## What satisfies it
//! A delay / lack-of-care term and a harm term together: "Any delay in source control …
//! carries a high risk of death", "delaying it or discharging him would expose him to a
//! significant risk of reinfarction and death", "Without inpatient treatment there is a
//! substantial risk of death", "every 30 min of delay to reperfusion increases mortality", or a
//! statement that the untreated condition can progress to a named harm ("can progress to
//! malignant catatonia").
//!
//! Does not count: low-risk statements ("low risk of early-onset sepsis"), risk assessments,
//! negated harm.
//!
//! ## References
//! * ../shared/cases/VOCABULARY.md §2 (`risk_of_delay`).
//! * Medicare Benefit Policy Manual ch.10 §10.2.1 (air transport when delay would endanger
//!   the patient); 42 CFR 412.3(d) (inpatient rationale).

use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::sections::Section;
use crate::core::checks::notes::text::slice;

const DELAY: u16 = 0;
const HARM: u16 = 1;
const PROGRESS: u16 = 2;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("delay", DELAY),
    ("delays", DELAY),
    ("delayed", DELAY),
    ("delaying", DELAY),
    ("deferring", DELAY),
    ("postpon*", DELAY),
    ("waiting", DELAY),
    ("without treatment", DELAY),
    ("without inpatient treatment", DELAY),
    ("without inpatient care", DELAY),
    ("without intervention", DELAY),
    ("without surgery", DELAY),
    ("without admission", DELAY),
    ("without this", DELAY),
    ("if untreated", DELAY),
    ("untreated", DELAY),
    ("if not treated", DELAY),
    ("if not controlled", DELAY),
    ("if left", DELAY),
    ("not controlled promptly", DELAY),
    ("without prompt", DELAY),
    ("left untreated", DELAY),
    ("lower level of care", DELAY),
    ("discharging him", DELAY),
    ("discharging her", DELAY),
    ("discharging the patient", DELAY),
    ("if discharged", DELAY),
    ("early discharge", DELAY),
    ("ground transport", DELAY),
    ("by ground", DELAY),
    ("otherwise", DELAY),
    ("in the absence of", DELAY),
    ("outpatient management", DELAY),
    ("risk of death", HARM),
    ("death", HARM),
    ("die", HARM),
    ("mortality", HARM),
    ("morbidity", HARM),
    ("fatal", HARM),
    ("harm", HARM),
    ("permanent", HARM),
    ("irreversible", HARM),
    ("loss of", HARM),
    ("damage", HARM),
    ("rupture", HARM),
    ("perforation", HARM),
    ("kernicterus", HARM),
    ("neurotoxicity", HARM),
    ("brain injury", HARM),
    ("reinfarction", HARM),
    ("recurrent", HARM),
    ("arrest", HARM),
    ("organ failure", HARM),
    ("renal failure", HARM),
    ("necrosis", HARM),
    ("amputation", HARM),
    ("blindness", HARM),
    ("vision loss", HARM),
    ("herniation", HARM),
    ("paralysis", HARM),
    ("deteriorat*", HARM),
    ("worsen*", HARM),
    ("progression", HARM),
    ("complications", HARM),
    ("endanger*", HARM),
    ("jeopardi*", HARM),
    ("risk", HARM),
    ("risks", HARM),
    ("can progress to", PROGRESS),
    ("could progress to", PROGRESS),
    ("may progress to", PROGRESS),
    ("will progress to", PROGRESS),
    ("would progress to", PROGRESS),
    ("could lead to", PROGRESS),
    ("can lead to", PROGRESS),
    ("would lead to", PROGRESS),
    ("would result in", PROGRESS),
    ("could result in", PROGRESS),
    ("would expose", PROGRESS),
    ("increases mortality", PROGRESS),
    ("carries a high risk", PROGRESS),
];

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    for (sent, hits) in cx.groups(cx.own()) {
        let Some(s) = cx.sent(sent) else { continue };
        if matches!(s.section, Section::Family | Section::Pmh | Section::Goals | Section::Ros) {
            continue;
        }
        let (lower, ss, se) = cx.lower_doc(sent);
        if super::derived::return_precautions(lower, ss, se) {
            continue;
        }
        let cues: Vec<(usize, usize)> = hits.iter().filter(|h| h.tag == DELAY).map(|h| (h.start, h.end)).collect();
        let usable = |h: &&crate::core::checks::notes::Hit| {
            let c = cx.corpus.context_ignoring(h.sent, h.start, h.end, &cues);
            let before = slice(lower, h.start.saturating_sub(14), h.start);
            !c.negated && !c.templated && !c.other_person && !before.contains("low") && !before.contains("minimal")
        };
        let delay = hits.iter().filter(|h| h.tag == DELAY).any(|h| usable(&h));
        let harm = hits
            .iter()
            .filter(|h| h.tag == HARM)
            .any(|h| usable(&h) && !slice(lower, h.end, h.end + 12).starts_with(" assessment"));
        let progress = hits.iter().filter(|h| h.tag == PROGRESS).any(|h| usable(&h));
        if (delay && harm) || progress {
            out.add(sent);
            break;
        }
    }
    if !out.any() {
        out.reason("no statement of the harm a delay or a lower level of care would cause");
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::vectors;

    #[test]
    fn pass_fail_vectors() {
        vectors(
            "risk_of_delay",
            &[
                (true, "⟦Any delay in source control or vasopressor titration carries a high risk of death.⟧"),
                (
                    true,
                    "⟦Delaying it or discharging him would expose him to a significant risk of reinfarction and death.⟧",
                ),
                (true, "⟦Without inpatient treatment there is a substantial risk of death.⟧"),
                (true, "⟦In STEMI with cardiogenic shock, every 30 min of delay to reperfusion increases mortality.⟧"),
                (false, "EOS calculator risk 1.9/1000 - low risk of early-onset sepsis; observe without antibiotics."),
                (false, "Social work and chaplain to see his wife; bereavement risk assessment."),
                (false, "He needs to move to the special care nursery now for intensive phototherapy."),
                (false, "Low risk; PE very unlikely."),
            ],
        );
    }

    #[test]
    fn paraphrases_and_traps() {
        super::super::testing::vectors(
            "risk_of_delay",
            &[
                (false, "Return to ED if not improving or worsening symptoms."),
                (true, "⟦If left untreated, the infected obstructed kidney can lead to septic shock and death.⟧"),
                (false, "Risks of the procedure including bleeding and infection were discussed."),
            ],
        );
    }

    #[test]
    fn more_paraphrases() {
        super::super::testing::vectors(
            "risk_of_delay",
            &[
                (true, "⟦Delay in treatment could result in permanent neurologic deficit.⟧"),
                (true, "⟦Without surgery she risks progression to complete paralysis.⟧"),
                (false, "No risk factors for DVT."),
            ],
        );
    }
}
