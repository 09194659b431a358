//! `less_costly_alternatives_ruled_out`: why each cheaper alternative is not enough.
//!
//! ## What it checks
//! That the notes explain, for **each** cheaper alternative to the billed item, why it does
//! not meet the need. The alternatives come from `templates/profiles/equipment.json`: power
//! wheelchair → cane/walker, manual wheelchair *and* scooter; semi-electric hospital bed →
//! ordinary bed (pillows, wedge) *and* manual crank bed; stress imaging → exercise ECG alone.
//! For items without a list, one alternative ruled out with a reason is enough.
//!
//! ## Why it matters
//! Payers cover the least costly alternative that meets the medical need (LCD L33789 power
//! mobility, L33820 hospital beds; cardiac imaging criteria for stress imaging). Addressing
//! only the walker leaves the manual wheelchair and the scooter open.
//!
//! ## What satisfies it
//! A sentence naming the alternative with a reason it fails: "Fixed-height manual (crank)
//! hospital bed considered and not adequate: … cannot turn a crank", "An ordinary bed cannot
//! hold the head of the bed above 30 degrees", "Recliner: … unsafe getting out at night",
//! "resting ECG uninterpretable (LBBB)", "unable to exercise on a treadmill".
//!
//! ## References
//! * LCD L33789 (power mobility devices), L33820 (hospital beds); ACC/AHA appropriate-use
//!   criteria for stress imaging.
//! * ../shared/cases/VOCABULARY.md §2 (`less_costly_alternatives_ruled_out`).

use super::EQUIPMENT;
use super::{Collector, Cx, Outcome};
use crate::core::checks::profile;

const INADEQUATE: u16 = 0;
const GENERIC: u16 = 1;
const STRESS_REASON: u16 = 2;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("not adequate", INADEQUATE),
    ("inadequate", INADEQUATE),
    ("insufficient", INADEQUATE),
    ("not sufficient", INADEQUATE),
    ("not enough", INADEQUATE),
    ("cannot", INADEQUATE),
    ("can't", INADEQUATE),
    ("unable", INADEQUATE),
    ("unsafe", INADEQUATE),
    ("not safe", INADEQUATE),
    ("failed", INADEQUATE),
    ("fails", INADEQUATE),
    ("ruled out", INADEQUATE),
    ("not appropriate", INADEQUATE),
    ("inappropriate", INADEQUATE),
    ("contraindicated", INADEQUATE),
    ("not able", INADEQUATE),
    ("would not", INADEQUATE),
    ("does not", INADEQUATE),
    ("did not", INADEQUATE),
    ("not feasible", INADEQUATE),
    ("not possible", INADEQUATE),
    ("slides down", INADEQUATE),
    ("ends up", INADEQUATE),
    ("not tolerate", INADEQUATE),
    ("unsuccessful", INADEQUATE),
    ("not an option", INADEQUATE),
    ("less costly", GENERIC),
    ("cheaper", GENERIC),
    ("lower-cost", GENERIC),
    ("alternative", GENERIC),
    ("alternatives", GENERIC),
    ("lbbb", STRESS_REASON),
    ("left bundle branch block", STRESS_REASON),
    ("paced rhythm", STRESS_REASON),
    ("ventricular paced", STRESS_REASON),
    ("wpw", STRESS_REASON),
    ("digoxin", STRESS_REASON),
    ("uninterpretable", STRESS_REASON),
    ("non-interpretable", STRESS_REASON),
    ("unable to exercise", STRESS_REASON),
    ("cannot exercise", STRESS_REASON),
    ("unable to walk on a treadmill", STRESS_REASON),
    ("cannot walk on a treadmill", STRESS_REASON),
    ("baseline st depression", STRESS_REASON),
];

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    let cat = profile::catalog();
    let inadequate_in =
        |sent: usize| cx.in_sent(cx.own(), sent).iter().any(|h| h.tag == INADEQUATE && !cx.ctx(h).templated);
    let equipment_hits = cx.bucket(EQUIPMENT);
    let mut all_covered = !cx.params.equipment.is_empty();
    let mut some = false;
    for &item in &cx.params.equipment {
        let Some(def) = cat.equipment.get(item) else { continue };
        for (g, _alt) in def.alternatives.iter().enumerate() {
            let tag = (item * 16 + g.min(15)) as u16;
            let stress = def.alternatives.len() == 1 && def.name.contains("stress");
            let hit = equipment_hits
                .iter()
                .filter(|h| h.tag == tag && !cx.ctx(h).templated)
                .find(|h| inadequate_in(h.sent))
                .map(|h| h.sent)
                .or_else(|| {
                    if stress {
                        cx.own().iter().find(|h| h.tag == STRESS_REASON && !cx.ctx(h).negated).map(|h| h.sent)
                    } else {
                        None
                    }
                });
            match hit {
                Some(sent) => {
                    out.add(sent);
                    some = true;
                }
                None => all_covered = false,
            }
        }
    }
    if cx.params.equipment.is_empty() {
        // No list for this item: one alternative ruled out with a reason.
        for (sent, hits) in cx.groups(cx.own()) {
            if hits.iter().any(|h| h.tag == GENERIC) && inadequate_in(sent) {
                out.add(sent);
                all_covered = true;
                break;
            }
        }
    }
    if !all_covered {
        let mut o = Collector::new(cx);
        o.reason(if some {
            "only some of the cheaper alternatives are ruled out"
        } else {
            "no cheaper alternative is documented as ruled out"
        });
        return o.finish_with_near_from(out);
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{case, marked, run_case};

    fn present(codes: &[&str], text: &str) -> bool {
        marked(&[text], |n| {
            run_case("less_costly_alternatives_ruled_out", "dme_mobility", &case(n, codes, &["I50.22"]))
        })
    }

    #[test]
    fn pass_fail_vectors() {
        let all = "⟦Regular bed with a foam wedge plus 3 stacked pillows: slides down during the night.⟧\n\
                   Fixed-height manual (crank) hospital bed considered and not adequate: he cannot turn a crank.";
        assert!(present(&["E0260"], all));
        assert!(!present(&["E0260"], "An ordinary bed cannot hold the head of the bed above 30 degrees."));
        assert!(!present(&["K0823"], "He cannot use a cane or walker safely because of falls."));
        assert!(present(
            &["K0823"],
            "⟦Cane and walker unsafe (falls).⟧ Manual wheelchair: cannot self-propel with his arms. Scooter not adequate: cannot sit upright or operate the tiller."
        ));
        assert!(!present(&["E0260"], "Hospital bed ordered."));
    }
}
