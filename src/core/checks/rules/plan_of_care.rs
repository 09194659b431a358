//! `plan_of_care`: a plan naming the service and the next steps.
//!
//! ## What it checks
//! That a note records a plan: the requested service (ordered or performed) and next steps or
//! follow-up.
//!
//! ## Why it matters
//! The plan shows the service was ordered for a reason by the treating clinician and what
//! happens next; reviewers read it to connect the assessment to the billed service.
//!
//! ## What satisfies it
//! A plan, recommendations, disposition, orders or follow-up section with content (`Plan:`,
//! `P:`, `A/P:`, `Recommendations:`, `Dispo:`, `POSTOPERATIVE PLAN:`, `Plan of care:`), or a
//! follow-up statement ("follow up in 2 wks", "RTC after MRI", "return in 3 months").
//!
//! ## References
//! * ../shared/cases/VOCABULARY.md §2 (`plan_of_care`).
//! * CMS E/M guidelines (medical decision making: management options).

use super::derived::conditional;
use super::{Collector, Cx, DRUGS, Outcome};
use crate::core::checks::notes::sections::Section;
use crate::core::checks::notes::text::slice;

const FOLLOW_UP: u16 = 0;
/// "Suggest weight loss and a titration study": a recommendation only when it opens the
/// sentence ("the findings suggest …" is a reading, not a plan).
const SUGGEST: u16 = 1;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("follow up", FOLLOW_UP),
    ("follow-up", FOLLOW_UP),
    ("f/u", FOLLOW_UP),
    ("rtc", FOLLOW_UP),
    ("return in", FOLLOW_UP),
    ("return to clinic", FOLLOW_UP),
    ("return after", FOLLOW_UP),
    ("recheck", FOLLOW_UP),
    ("reassess", FOLLOW_UP),
    ("we will", FOLLOW_UP),
    ("i will", FOLLOW_UP),
    ("will proceed", FOLLOW_UP),
    ("proceed with", FOLLOW_UP),
    ("plan to", FOLLOW_UP),
    ("recommend", FOLLOW_UP),
    ("scheduled for", FOLLOW_UP),
    ("i have ordered", FOLLOW_UP),
    ("we have ordered", FOLLOW_UP),
    ("has been ordered", FOLLOW_UP),
    ("have been ordered", FOLLOW_UP),
    ("is to undergo", FOLLOW_UP),
    ("to undergo", FOLLOW_UP),
    ("discussed with", FOLLOW_UP),
    ("will be admitted", FOLLOW_UP),
    ("admitted for", FOLLOW_UP),
    ("admit to", FOLLOW_UP),
    ("to be seen", FOLLOW_UP),
    ("were recommended", FOLLOW_UP),
    ("was recommended", FOLLOW_UP),
    ("suggest", SUGGEST),
];

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    // A billed drug that the notes name only inside a conditional plan ("If these are normal,
    // then we would recommend X") is not yet planned: the plan does not name the service.
    let billed: Vec<_> = cx.bucket(DRUGS).iter().filter(|h| cx.params.drugs.contains(&usize::from(h.tag))).collect();
    if !billed.is_empty()
        && billed.iter().all(|h| {
            let (lower, s, e) = cx.lower_doc(h.sent);
            conditional(lower, s, h.start, e) || cx.ctx(h).negated
        })
    {
        for h in &billed {
            out.near(h.sent, "the billed drug is planned only conditionally (\"if … then\")");
        }
        out.reason("the plan names the billed drug only conditionally");
        return out.finish();
    }
    for pass in 0..2 {
        for i in cx.all_sentences() {
            let Some(s) = cx.sent(i) else { continue };
            let plan_like = if pass == 0 {
                matches!(s.section, Section::Plan | Section::Orders)
            } else {
                s.section == Section::AssessmentPlan
            };
            if !plan_like || s.heading {
                continue;
            }
            if s.section == Section::AssessmentPlan && s.label.is_some() && cx.body_lower(i).trim().is_empty() {
                continue;
            }
            let body = if s.label.is_some() { cx.body_lower(i) } else { cx.lower(i) };
            if body.chars().filter(|c| c.is_alphabetic()).count() >= 4 && !cx.ctx_span(i, s.body, s.end).templated {
                out.add(i);
                return out.finish();
            }
        }
    }
    for (sent, hits) in cx.groups(cx.own()) {
        let opens = |h: &&crate::core::checks::notes::Hit| {
            let (lower, s, _) = cx.lower_doc(h.sent);
            let b = cx.sent(h.sent).map_or(s, |x| x.body);
            h.tag != SUGGEST || slice(lower, b, h.start).trim().is_empty()
        };
        if hits.iter().filter(opens).any(|h| !cx.ctx(h).negated && !cx.ctx(h).templated) {
            out.add(sent);
            return out.finish();
        }
    }
    out.reason("no plan or follow-up is documented");
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::vectors;

    #[test]
    fn pass_fail_vectors() {
        vectors(
            "plan_of_care",
            &[
                (true, "⟦Plan: MRI R ankle without contrast.⟧ Return after MRI."),
                (true, "⟦P: Continue OT 2x/wk x 4 wks (8 visits).⟧"),
                (true, "Recommendations:\n1. ⟦FDG PET-CT for staging.⟧"),
                (true, "⟦Dispo: home.⟧ PCP f/u 1 wk."),
                (false, "Plan: ___"),
                (false, "CC: cough. Exam: clear lungs."),
            ],
        );
    }

    #[test]
    fn paraphrases_and_traps() {
        super::super::testing::vectors(
            "plan_of_care",
            &[(true, "⟦Recommend MRI of the lumbar spine and follow-up in 2 weeks.⟧")],
        );
    }

    #[test]
    fn a_conditional_drug_plan_does_not_name_the_service() {
        use super::super::testing::{case, marked, run_case};
        let plan = |note: &str| {
            marked(&[note], |n| run_case("plan_of_care", "specialty_drug_infusion", &case(n, &["J1745"], &["K50.913"])))
        };
        // dictated, telegraphic, templated: the billed drug only "if … then"
        assert!(!plan(
            "PLAN: Await PPD and chest x-ray. If these are normal, then we would recommend infliximab 5 mg/kg."
        ));
        assert!(!plan(
            "A/P: Crohn's w/ fistula. Start Remicade once TB screen negative; begin prednisone 40 mg daily."
        ));
        assert!(!plan("Plan:\n- Infliximab if quantiferon negative\n- Recheck CBC"));
        // planned outright, or not named at all (a plan with next steps still counts)
        assert!(plan("⟦PLAN: Infliximab 5 mg/kg IV at weeks 0, 2 and 6; follow up in 8 weeks.⟧"));
        assert!(plan("⟦Plan: follow up in 2 weeks with labs.⟧"));
    }

    #[test]
    fn plans_in_clinical_language() {
        super::super::testing::vectors(
            "plan_of_care",
            &[
                // dictated, report, op-note and therapy styles
                (true, "⟦I have ordered an MRI of the brain with and without contrast.⟧"),
                (true, "⟦Suggest weight loss and a CPAP titration study.⟧"),
                (true, "⟦The patient is to undergo radiation therapy after healing.⟧"),
                (true, "⟦The patient to be seen two to three times a week for six weeks.⟧"),
                (true, "⟦These results have been discussed with the admitting team.⟧"),
                // a reading, not a plan
                (false, "The findings suggest early degenerative change."),
                (false, "Scattered T2 abnormalities; there is a suggestion of atrophy."),
            ],
        );
    }
}
