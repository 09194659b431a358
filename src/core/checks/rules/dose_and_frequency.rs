//! `dose_and_frequency`: the drug's dose, route and schedule.
//!
//! ## What it checks
//! That the notes give, for the drug billed (identified from the claim's HCPCS code through
//! `templates/profiles/drugs.json`, else any drug named in the plan or administration record),
//! a numeric dose with its unit — with the weight- or BSA-based calculation when the dose is
//! per kg or per m² — and a schedule.
//!
//! ## Why it matters
//! Drug policies limit the dose and frequency to the FDA labeling or compendia; a reviewer
//! cannot approve "per label" or "1 syringe" (case 18), and billed units on the claim are not
//! documentation.
//!
//! ## What satisfies it
//! "rituximab 375 mg/m2 IV day 1 = 735 mg" under "R-CHOP every 21 days x 6 cycles",
//! "ustekinumab 45 mg SC at weeks 0 and 4, then every 12 weeks", "IVIG 2 g/kg (160 g) over 2
//! days every 3 weeks", "infliximab 5 mg/kg (400 mg) IV at 0, 2 and 6 weeks then q8w".
//!
//! Does not count: "loading dose per label, then maintenance per label", "1 syringe,
//! subcutaneous", "next injection per label schedule", doses of other drugs.
//!
//! ## References
//! * Payer specialty-drug policies (dose within labeling); FDA prescribing information.
//! * ../shared/cases/VOCABULARY.md §2 (`dose_and_frequency`).

use super::DRUGS;
use super::derived::conditional;
use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::sections::Section;
use crate::core::checks::notes::text::{has_any, slice, words};

const SCHEDULE: u16 = 0;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("daily", SCHEDULE),
    ("bid", SCHEDULE),
    ("tid", SCHEDULE),
    ("qid", SCHEDULE),
    ("qd", SCHEDULE),
    ("weekly", SCHEDULE),
    ("monthly", SCHEDULE),
    ("every", SCHEDULE),
    ("q2w", SCHEDULE),
    ("q3w", SCHEDULE),
    ("q4w", SCHEDULE),
    ("q6w", SCHEDULE),
    ("q8w", SCHEDULE),
    ("q12w", SCHEDULE),
    ("q21d", SCHEDULE),
    ("q28d", SCHEDULE),
    ("q8h", SCHEDULE),
    ("q12h", SCHEDULE),
    ("q6h", SCHEDULE),
    ("q4h", SCHEDULE),
    ("once", SCHEDULE),
    ("day 1", SCHEDULE),
    ("days 1-5", SCHEDULE),
    ("weeks 0", SCHEDULE),
    ("week 0", SCHEDULE),
    ("cycles", SCHEDULE),
    ("per cycle", SCHEDULE),
    ("then every", SCHEDULE),
    ("x1", SCHEDULE),
    ("single dose", SCHEDULE),
];

const DOSE_UNITS: [&str; 12] =
    ["mg", "mcg", "g", "units", "unit", "iu", "ml", "mg/kg", "mg/m2", "g/kg", "mcg/kg", "mg/m²"];

/// A numeric dose with a unit in `a..b`; returns (found, per-weight).
fn dose_in(lower: &str, a: usize, b: usize) -> (bool, bool) {
    let ws = words(lower, a, b);
    for (i, &(s, e)) in ws.iter().enumerate() {
        let w = slice(lower, s, e);
        if !w.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let glued: String = w.chars().skip_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',').collect();
        let next = ws.get(i + 1).map(|&(ns, ne)| slice(lower, ns, ne)).unwrap_or("");
        let unit_text = if glued.is_empty() {
            slice(lower, e, (e + 8).min(b)).trim_start().to_string()
        } else {
            glued.clone() + slice(lower, e, (e + 6).min(b))
        };
        let unit = DOSE_UNITS.iter().find(|u| {
            unit_text.starts_with(*u)
                && !unit_text.get(u.len()..).unwrap_or("").starts_with(|c: char| c.is_ascii_alphabetic())
        });
        let unit = unit.or_else(|| DOSE_UNITS.iter().find(|u| next == **u));
        if let Some(u) = unit {
            let per_weight =
                u.contains("/kg") || u.contains("/m") || unit_text.starts_with("mg/m") || unit_text.starts_with("g/kg");
            return (true, per_weight);
        }
    }
    (false, false)
}

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    let wanted = &cx.params.drugs;
    let drug_hits: Vec<_> = cx
        .bucket(DRUGS)
        .iter()
        .filter(|h| if wanted.is_empty() { !cx.params.unlisted_drug } else { wanted.contains(&usize::from(h.tag)) })
        .collect();
    let any_drug_named = !drug_hits.is_empty();
    let weight_known = cx.all_sentences().any(|i| {
        let (lower, s, e) = cx.lower_doc(i);
        has_any(lower, s, e, &["bsa", "wt ", "weight", " kg", "body surface"])
    });
    for h in drug_hits {
        let Some(s) = cx.sent(h.sent) else { continue };
        if matches!(s.section, Section::Meds | Section::Allergies | Section::Family) {
            continue;
        }
        let c = cx.ctx(h);
        if c.negated || c.templated {
            continue;
        }
        let (lower, ss, se) = cx.lower_doc(h.sent);
        if conditional(lower, ss, h.start, se) {
            out.near(h.sent, "the drug is only planned conditionally (\"if … then\"), not ordered or given");
            continue;
        }
        let (dose, per_weight) = dose_in(lower, h.end, se);
        if !dose {
            out.near(h.sent, "the drug is named without a numeric dose");
            continue;
        }
        // The schedule may sit in this sentence or in the heading of its list ("every 21 days").
        let own = cx.in_sent(cx.own(), h.sent);
        let mut scheduled = own.iter().any(|x| x.tag == SCHEDULE);
        if !scheduled {
            let mut k = h.sent;
            for _ in 0..8 {
                let Some(prev) = k.checked_sub(1) else { break };
                let Some(p) = cx.sent(prev) else { break };
                if p.note != s.note {
                    break;
                }
                // Only a list heading lends its schedule ("R-CHOP every 21 days:"), not the
                // sentence about another drug before it.
                let heading = p.heading || slice(lower, p.start, p.end).trim_end().ends_with(':');
                if heading && cx.in_sent(cx.own(), prev).iter().any(|x| x.tag == SCHEDULE) {
                    scheduled = true;
                    break;
                }
                if p.para != s.para && !p.heading {
                    break;
                }
                k = prev;
            }
        }
        let calc_ok = !per_weight || weight_known || slice(lower, ss, se).contains('=');
        if scheduled && calc_ok {
            out.add(h.sent);
            break;
        }
        out.near(h.sent, "the dose is given without a schedule or weight-based calculation");
    }
    if !out.any() && !any_drug_named {
        // The drug is not in drugs.json: a dose with a schedule and route in the plan, orders or
        // administration record.
        for (sent, hits) in cx.groups(cx.own()) {
            let Some(s) = cx.sent(sent) else { continue };
            if matches!(s.section, Section::Meds | Section::Allergies | Section::Family | Section::Pmh | Section::Hpi) {
                continue;
            }
            let (lower, ss, se) = cx.lower_doc(sent);
            let route = has_any(
                lower,
                ss,
                se,
                &[
                    " iv",
                    "intravenous",
                    " sc ",
                    "subcutaneous",
                    " im ",
                    "intramuscular",
                    "infusion",
                    "injection",
                    " po ",
                    "subq",
                ],
            );
            if route && dose_in(lower, ss, se).0 && hits.iter().any(|h| h.tag == SCHEDULE && !cx.ctx(h).negated) {
                out.add(sent);
                break;
            }
        }
    }
    if !out.any() {
        out.reason("no numeric dose and schedule for the drug billed is documented");
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{case, marked, run_case};

    fn present(codes: &[&str], text: &str) -> bool {
        marked(&[text], |n| run_case("dose_and_frequency", "specialty_drug_infusion", &case(n, codes, &["C83.38"])))
    }

    #[test]
    fn pass_fail_vectors() {
        let rchop = "Exam: Wt 78 kg, BSA 1.96 m2.\n⟦Plan: R-CHOP every 21 days x 6 cycles\n  rituximab 375 mg/m2 IV day 1 = 735 mg\n  cyclophosphamide 750 mg/m2 IV day 1 = 1,470 mg⟧";
        assert!(present(&["J9312"], rchop));
        assert!(present(&["J3357"], "⟦Start ustekinumab 45 mg SC at weeks 0 and 4, then every 12 weeks.⟧"));
        assert!(!present(
            &["J3357"],
            "Start ustekinumab (Stelara) - loading dose per label, then maintenance per label."
        ));
        assert!(!present(
            &["J3357"],
            "Medication: Stelara (ustekinumab) prefilled syringe, 1 syringe, subcutaneous. Next injection: per label schedule."
        ));
        assert!(!present(&["J3357"], "Methotrexate 15 mg weekly; ustekinumab per label."));
        // A drug that is not in drugs.json.
        assert!(present(
            &["J0178"],
            "⟦Plan: aflibercept 2 mg intravitreal injection every 8 weeks after 3 monthly loading doses.⟧"
        ));
        assert!(!present(&["J0178"], "Plan: aflibercept injections per protocol."));
    }

    #[test]
    fn paraphrases_and_traps() {
        super::super::testing::vectors(
            "dose_and_frequency",
            &[(true, "⟦Plan: rituximab 375 mg/m2 IV weekly x 4 doses (BSA 1.8 = 675 mg).⟧")],
        );
    }

    #[test]
    fn conditional_doses_and_borrowed_schedules_do_not_count() {
        let dose = |note: &str| {
            marked(&[note], |n| {
                run_case("dose_and_frequency", "specialty_drug_infusion", &case(n, &["J1745"], &["K50.913"]))
            })
        };
        // conditional: dictated, telegraphic, templated
        assert!(!dose("If the PPD is negative, then we would recommend infliximab 5 mg/kg IV every 8 weeks."));
        assert!(!dose("Infliximab 5 mg/kg IV q8w once TB screen back negative."));
        assert!(!dose("Plan: infliximab 5 mg/kg at 0, 2, 6 weeks - if quantiferon negative"));
        // the schedule belongs to another drug in the sentence before
        assert!(!dose("Begin prednisone 30 mg p.o. daily. Infliximab 5 mg/kg IV infusion."));
        // amount and interval given for the drug itself still count
        assert!(dose("⟦Infliximab 5 mg/kg (400 mg, weight 80 kg) IV at weeks 0, 2 and 6, then every 8 weeks.⟧"));
    }
}
