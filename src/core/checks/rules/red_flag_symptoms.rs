//! `red_flag_symptoms`: affirmed alarm features.
//!
//! ## What it checks
//! That the notes affirm at least one alarm feature for the complaint. Used by the
//! `emergency_service` profile and to choose the `imaging_msk` pathway (red flags make the
//! conservative-care elements not required).
//!
//! ## Why it matters
//! Alarm features justify immediate imaging or emergency care without a conservative trial
//! (spine imaging guidelines: cauda equina signs, progressive deficit, cancer, infection risk;
//! emergency standards: shock, arrest, airway compromise). Negated or hypothetical alarm
//! features ("denies saddle anesthesia", "return for large-volume bleeding") prove nothing.
//!
//! ## What satisfies it
//! Affirmed, about the patient:
//! * spine/MSK: saddle anesthesia, new bladder or bowel dysfunction, urinary retention,
//!   progressive or severe neurological deficit, foot drop, cancer history with new pain,
//!   unexplained weight loss, night pain, fever with IV drug use or immunosuppression;
//! * after head injury: anticoagulation, vomiting, loss of consciousness, amnesia;
//! * cardiac: exertional syncope or presyncope;
//! * emergencies: shock, hypotension, cardiac arrest / VF / ROSC, ST elevation or STEMI,
//!   unresponsiveness or altered mental status, respiratory failure or hypoxia, hemodynamic
//!   instability, massive bleeding, peritonitis or perforation, sepsis with organ dysfunction.
//!
//! Does not count: negated items, "no red flags", items in return precautions or plans, family
//! history, and mild deficits documented as stable.
//!
//! ## References
//! * ../shared/cases/VOCABULARY.md §2 (`red_flag_symptoms`).
//! * ACR Appropriateness Criteria: low back pain (red flags); Canadian CT Head Rule.
//! * 42 CFR 422.113 / 438.114 (emergency medical condition).

use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::sections::Section;
use crate::core::checks::notes::text::has_any;

const RED: u16 = 0;
const HEAD_RED: u16 = 1;
const HEAD_INJURY: u16 = 2;
const FEVER: u16 = 3;
const FEVER_RISK: u16 = 4;
const NO_RED_FLAGS: u16 = 5;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("saddle anesthesia", RED),
    ("saddle anaesthesia", RED),
    ("saddle numbness", RED),
    ("cauda equina", RED),
    ("urinary retention", RED),
    ("bowel incontinence", RED),
    ("bladder incontinence", RED),
    ("fecal incontinence", RED),
    ("loss of bowel", RED),
    ("loss of bladder", RED),
    ("new incontinence", RED),
    ("bowel or bladder dysfunction", RED),
    ("bladder dysfunction", RED),
    ("bowel dysfunction", RED),
    ("progressive weakness", RED),
    ("progressive leg weakness", RED),
    ("progressive arm weakness", RED),
    ("progressive lower extremity weakness", RED),
    ("rapidly progressive", RED),
    ("worsening weakness", RED),
    ("increasing weakness", RED),
    ("new weakness", RED),
    ("new foot drop", RED),
    ("new urinary incontinence", RED),
    ("new-onset incontinence", RED),
    ("new onset incontinence", RED),
    ("new bowel incontinence", RED),
    ("progressive neurologic*", RED),
    ("progressive deficit", RED),
    ("progressive numbness", RED),
    ("foot drop", RED),
    ("severe weakness", RED),
    ("unexplained weight loss", RED),
    ("unintentional weight loss", RED),
    ("unintended weight loss", RED),
    ("night pain", RED),
    ("pain at night", RED),
    ("history of cancer", RED),
    ("cancer history", RED),
    ("metastatic", RED),
    ("iv drug use", RED),
    ("ivdu", RED),
    ("intravenous drug use", RED),
    ("exertional syncope", RED),
    ("syncope with exertion", RED),
    ("exertional presyncope", RED),
    ("presyncope with exertion", RED),
    ("cardiogenic shock", RED),
    ("septic shock", RED),
    ("hypovolemic shock", RED),
    ("in shock", RED),
    ("shock", RED),
    ("hypotension", RED),
    ("hypotensive", RED),
    ("cardiac arrest", RED),
    ("ventricular fibrillation", RED),
    ("vf arrest", RED),
    ("pulseless", RED),
    ("rosc", RED),
    ("st elevation", RED),
    ("st-elevation", RED),
    ("stemi", RED),
    ("unresponsive", RED),
    ("altered mental status", RED),
    ("obtunded", RED),
    ("respiratory distress", RED),
    ("respiratory failure", RED),
    ("hypoxia", RED),
    ("hypoxemia", RED),
    ("hemodynamically unstable", RED),
    ("hemodynamic instability", RED),
    ("massive", RED),
    ("large-volume", RED),
    ("hematemesis", RED),
    ("melena", RED),
    ("peritonitis", RED),
    ("perforation", RED),
    ("perforated", RED),
    ("thunderclap", RED),
    ("worst headache", RED),
    ("neck stiffness", RED),
    ("meningismus", RED),
    ("facial droop", RED),
    ("status epilepticus", RED),
    ("anaphylaxis", RED),
    ("stridor", RED),
    ("airway compromise", RED),
    ("killip iii", RED),
    ("killip iv", RED),
    ("compartment syndrome", RED),
    ("open fracture", RED),
    ("torsion", RED),
    ("intubated", RED),
    ("anticoagula*", HEAD_RED),
    ("warfarin", HEAD_RED),
    ("apixaban", HEAD_RED),
    ("rivaroxaban", HEAD_RED),
    ("eliquis", HEAD_RED),
    ("xarelto", HEAD_RED),
    ("coumadin", HEAD_RED),
    ("loss of consciousness", HEAD_RED),
    ("loc", HEAD_RED),
    ("amnesia", HEAD_RED),
    ("vomiting", HEAD_RED),
    ("head injury", HEAD_INJURY),
    ("head trauma", HEAD_INJURY),
    ("head strike", HEAD_INJURY),
    ("hit his head", HEAD_INJURY),
    ("hit her head", HEAD_INJURY),
    ("struck his head", HEAD_INJURY),
    ("struck her head", HEAD_INJURY),
    ("concussion", HEAD_INJURY),
    ("struck occiput", HEAD_INJURY),
    ("hit the back of", HEAD_INJURY),
    ("fell and hit", HEAD_INJURY),
    ("fever", FEVER),
    ("fevers", FEVER),
    ("febrile", FEVER),
    ("immunosuppress*", FEVER_RISK),
    ("immunocompromised", FEVER_RISK),
    ("neutropeni*", FEVER_RISK),
    ("chemotherapy", FEVER_RISK),
    ("transplant", FEVER_RISK),
    ("no red flags", NO_RED_FLAGS),
    ("red flags negative", NO_RED_FLAGS),
];

fn affirmed_here(cx: &Cx<'_, '_>, h: &crate::core::checks::notes::Hit) -> bool {
    let Some(s) = cx.sent(h.sent) else { return false };
    // Plans, family history, operative technique and risk discussions ("risks including
    // bleeding and perforation were discussed") do not describe the patient's presentation.
    if matches!(
        s.section,
        Section::Plan | Section::Orders | Section::Family | Section::Goals | Section::Procedure | Section::Findings
    ) {
        return false;
    }
    let (lower, ss, se) = cx.lower_doc(h.sent);
    if has_any(lower, ss, se, &["risks", "complications", "consent", "discussed", "including bleeding"]) {
        return false;
    }
    let c = cx.ctx(h);
    c.affirmed() && !c.uncertain
}

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    let hits = cx.own();
    let mut head_notes: Vec<usize> = hits
        .iter()
        .filter(|h| h.tag == HEAD_INJURY && affirmed_here(cx, h))
        .filter_map(|h| cx.sent(h.sent).map(|s| s.note))
        .collect();
    head_notes.sort_unstable();
    head_notes.dedup();
    let mut risk_notes: Vec<usize> = hits
        .iter()
        .filter(|h| h.tag == FEVER_RISK && affirmed_here(cx, h))
        .filter_map(|h| cx.sent(h.sent).map(|s| s.note))
        .collect();
    risk_notes.sort_unstable();
    risk_notes.dedup();
    for h in hits {
        let Some(note) = cx.sent(h.sent).map(|s| s.note) else { continue };
        let counts = match h.tag {
            RED => affirmed_here(cx, h),
            HEAD_RED => head_notes.contains(&note) && affirmed_here(cx, h),
            FEVER => risk_notes.contains(&note) && affirmed_here(cx, h),
            _ => false,
        };
        if counts {
            out.add(h.sent);
        } else if matches!(h.tag, RED | HEAD_RED) && cx.ctx(h).negated {
            out.near(h.sent, "alarm features are mentioned only as absent (negated)");
        }
    }
    if !out.any() {
        out.reason("no alarm features are affirmed in the notes");
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::vectors;

    #[test]
    fn pass_fail_vectors() {
        vectors(
            "red_flag_symptoms",
            &[
                (true, "⟦ED course: BP 84/52, cool clammy extremities - cardiogenic shock (Killip IV).⟧"),
                (true, "⟦06:41 ventricular fibrillation arrest -> one shock 200 J -> ROSC 06:43.⟧"),
                (true, "⟦Reports new saddle anesthesia and urinary retention since this morning.⟧"),
                (true, "⟦Fell and hit her head; on apixaban for AF.⟧"),
                (false, "Denies saddle anesthesia, bowel or bladder changes. No weakness, no falls."),
                (false, "No night pain, no fevers, no numbness or weakness."),
                (false, "Hemodynamically stable, no hypoxia. No anticoagulants/antiplatelets."),
                (false, "Return for large-volume bleeding, SOB, CP, fever."),
                (false, "Mother dx lung CA last yr."),
                (false, "No red flags."),
                (false, "Risks including bleeding, infection and perforation were discussed; consent signed."),
                (
                    false,
                    "DESCRIPTION OF PROCEDURE: He was intubated without difficulty; transient hypotension on induction.",
                ),
            ],
        );
    }

    #[test]
    fn paraphrases_and_traps() {
        super::super::testing::vectors(
            "red_flag_symptoms",
            &[
                (true, "⟦Reports progressive leg weakness and new urinary incontinence.⟧"),
                (false, "Negative for saddle anesthesia, incontinence or weakness."),
            ],
        );
    }
}
