//! `face_to_face_evaluation`: the treating practitioner's in-person evaluation for a DME item.
//!
//! ## What it checks
//! That a clinician's visit note (in person, or a permitted telehealth visit) addresses the
//! need for the item, and that it took place within the payer's window before the order (by
//! default 6 months; a payer's own window stated on the case wins).
//!
//! ## Why it matters
//! DME rules require a face-to-face encounter within the 6 months before the written order for
//! listed items (42 CFR 410.38(d)); PAP policies require the clinical evaluation before the
//! sleep test. A supplier's intake record is not a face-to-face evaluation.
//!
//! ## What satisfies it
//! A clinician visit note — "FOLLOW-UP VISIT (in person)", "In-person visit", "face-to-face
//! encounter", an office or clinic visit with an examination — whose assessment or plan names
//! the item (oxygen, CPAP, hospital bed, wheelchair…), dated no more than the window before the
//! order date found in the notes (order date, SWO, verbal order, delivery), else before the
//! date of service.
//!
//! Does not count: supplier or delivery records, phone calls, visits that do not address the
//! item, visits older than the window or after the order.
//!
//! ## References
//! * 42 CFR 410.38(d) (face-to-face encounter and written order prior to delivery);
//!   LCD L33797 (oxygen), L33718 (PAP), L33789 (power mobility).
//! * ../shared/cases/VOCABULARY.md §2 (`face_to_face_evaluation`).

use super::shared::DME_ITEM;
use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::sections::Section;
use crate::core::checks::notes::text::{has_any, slice};
use crate::core::checks::profile::DmeKind;
use chrono::NaiveDate;

const IN_PERSON: u16 = 0;
const REMOTE_OK: u16 = 1;
const PHONE: u16 = 2;
const ORDER_DATE: u16 = 3;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("face-to-face", IN_PERSON),
    ("face to face", IN_PERSON),
    ("f2f", IN_PERSON),
    ("in-person", IN_PERSON),
    ("in person", IN_PERSON),
    ("office visit", IN_PERSON),
    ("clinic visit", IN_PERSON),
    ("seen in clinic", IN_PERSON),
    ("seen in the office", IN_PERSON),
    ("follow-up visit", IN_PERSON),
    ("new patient visit", IN_PERSON),
    ("video visit", REMOTE_OK),
    ("telehealth visit", REMOTE_OK),
    ("telephone encounter", PHONE),
    ("phone call", PHONE),
    ("telephone call", PHONE),
    ("order date", ORDER_DATE),
    ("verbal order", ORDER_DATE),
    ("swo signed", ORDER_DATE),
    ("order received", ORDER_DATE),
    ("delivery date", ORDER_DATE),
    ("delivered", ORDER_DATE),
    ("set up", ORDER_DATE),
];

fn supplier(doc: &crate::core::checks::notes::Doc<'_>) -> bool {
    let head = slice(&doc.lower, 0, doc.lower.len().min(200));
    ["supplier", "delivery", "intake", "dme"].iter().any(|k| doc.note_type.contains(k))
        || head.contains("intake") && head.contains("delivery")
        || head.contains("home medical equipment")
}

/// The first sentence of the note (`sents`) that mentions a sleep test as already done
/// (affirmed: not planned, ordered, pending or negated).
fn reviews_done_sleep_test(cx: &Cx<'_, '_>, sents: std::ops::Range<usize>) -> Option<usize> {
    const TESTS: [&str; 6] = ["sleep study", "polysomnogra", "psg", "sleep test", "titration study", "hsat"];
    for i in sents {
        let (lower, s, e) = cx.lower_doc(i);
        let t = slice(lower, s, e);
        for name in TESTS {
            let Some(at) = t.find(name) else { continue };
            let c = cx.ctx_span(i, s + at, s + at + name.len());
            if !c.hypothetical && !c.negated && !c.templated && !c.historical {
                return Some(i);
            }
        }
    }
    None
}

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    // Order / delivery dates in the notes.
    let mut order_dates: Vec<NaiveDate> = Vec::new();
    for h in cx.own().iter().filter(|h| h.tag == ORDER_DATE) {
        if cx.ctx(h).hypothetical {
            continue;
        }
        for d in cx.dates(h.sent) {
            order_dates.push(d.date);
        }
    }
    for doc in &cx.corpus.docs {
        if supplier(doc) || doc.state != crate::core::checks::notes::NoteState::Text {
            continue;
        }
        let sents = doc.sents.clone();
        let own: Vec<_> = cx.own().iter().filter(|h| sents.contains(&h.sent)).collect();
        if own.iter().any(|h| h.tag == PHONE) && !own.iter().any(|h| matches!(h.tag, IN_PERSON | REMOTE_OK)) {
            continue;
        }
        let visit_marker = own.iter().find(|h| matches!(h.tag, IN_PERSON | REMOTE_OK)).map(|h| h.sent);
        let examined = sents.clone().any(|i| cx.sent(i).is_some_and(|s| s.section == Section::Exam && !s.heading));
        if visit_marker.is_none() && !examined {
            continue;
        }
        // The visit addresses the item (assessment, plan or order).
        let item = cx.shared().iter().find(|h| {
            h.tag == DME_ITEM
                && sents.contains(&h.sent)
                && cx.sent(h.sent).is_some_and(|s| {
                    matches!(
                        s.section,
                        Section::Plan
                            | Section::AssessmentPlan
                            | Section::Assessment
                            | Section::Orders
                            | Section::Other
                            | Section::Treatment
                    ) || has_any(&doc.lower, s.start, s.end, &["order", "qualif", "needs", "requires", "prescrib"])
                })
                && !cx.ctx(h).negated
        });
        let Some(item) = item else { continue };
        // PAP: the evaluation must come before the sleep test; a visit that reviews a sleep
        // study already done ("returns following an overnight sleep study") is after it.
        if cx.params.dme == DmeKind::Pap
            && let Some(after) = reviews_done_sleep_test(cx, sents.clone())
        {
            out.near(after, "the evaluation took place after the sleep test (PAP needs it before the test)");
            continue;
        }
        // Timing.
        if let Some(visit) = doc.date {
            let reference = order_dates.iter().filter(|d| **d >= visit).min().copied().or(cx.params.dos);
            if let Some(r) = reference {
                let days = (r - visit).num_days();
                if days < 0 {
                    out.near(item.sent, "the evaluation is dated after the order");
                    continue;
                }
                if days > cx.params.f2f_max_days {
                    out.near(
                        item.sent,
                        "the face-to-face evaluation is older than the payer's window before the order",
                    );
                    continue;
                }
            }
        }
        out.add(visit_marker.unwrap_or(item.sent));
        if visit_marker.is_some() {
            out.add(item.sent);
        }
        break;
    }
    if !out.any() {
        out.reason("no clinician visit addressing the need for the item within the payer's window is documented");
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{case, marked, run_case};

    fn present(notes: &[&str], dos: &str) -> bool {
        marked(notes, |n| {
            let mut c = case(n, &["E1390"], &["J44.9"]);
            c.claim.claim.date_of_service = Some(dos.into());
            run_case("face_to_face_evaluation", "dme_pap", &c)
        })
    }

    #[test]
    fn pass_fail_vectors() {
        let visit = "⟦PULMONARY - FOLLOW-UP VISIT (in person)⟧\nDate: 01/06/2025\nExam: pursed-lip breathing.\nPlan:\n- Home oxygen 2 L/min continuous.";
        assert!(present(&[visit], "2025-01-08"));
        assert!(!present(&[visit], "2025-09-30"), "older than 6 months");
        let supplier = "SUMMIT RESPIRATORY & HOME MEDICAL - INTAKE / DELIVERY RECORD\nDelivery date: 01/08/2025\nItems: oxygen concentrator.";
        assert!(!present(&[supplier], "2025-01-08"));
        let phone = "Telephone encounter 01/05/2025: patient asks for oxygen; order faxed.";
        assert!(!present(&[phone], "2025-01-08"));
    }

    #[test]
    fn pap_evaluation_must_precede_the_sleep_test() {
        let pap = |notes: &[&str]| {
            marked(notes, |n| {
                let mut c = case(n, &["E0601"], &["G47.33"]);
                c.claim.claim.date_of_service = Some("2025-03-10".into());
                run_case("face_to_face_evaluation", "dme_pap", &c)
            })
        };
        // dictated consult, SOAP note, templated visit: before the test, the plan orders it
        assert!(pap(&[
            "⟦Sleep clinic visit in person 02/01/2025.⟧\nExam: Mallampati IV, neck 18 in.\nPlan: overnight sleep study ordered; CPAP if OSA confirmed."
        ]));
        assert!(pap(&[
            "S: snoring, witnessed apneas. O: BMI 41, crowded airway. ⟦A/P: OSA suspected - polysomnogram to be scheduled; will need CPAP.⟧"
        ]));
        // …after the test: the visit reviews a study already done
        assert!(!pap(&[
            "She returns in follow-up following an overnight sleep study.\nExam: crowded oropharynx.\nAssessment: severe OSA, start CPAP at 10 cm H2O."
        ]));
        assert!(!pap(&[
            "Follow-up visit in person. PSG 02/20/2025 showed AHI 42.\nExam: neck 17 in.\nPlan: CPAP auto 5-15."
        ]));
        assert!(!pap(&["Visit type: in person\nSleep test: HSAT completed, REI 31\nExam: normal\nPlan: APAP ordered"]));
    }
}
