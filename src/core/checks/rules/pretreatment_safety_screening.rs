//! `pretreatment_safety_screening`: results of the safety tests the drug requires.
//!
//! ## What it checks
//! That the notes document a *result* for every pre-treatment test the billed drug requires
//! (from `templates/profiles/drugs.json` and `screening.json`): TB (IGRA/PPD) before TNF and
//! IL-12/23 inhibitors, hepatitis B serologies (HBsAg and anti-HBc) before rituximab and
//! ocrelizumab, IgA level and renal function before IVIG, LVEF before anthracyclines and
//! trastuzumab, JCV before natalizumab. For drugs without a list, any screening result counts.
//!
//! ## Why it matters
//! The labeling of these drugs requires the screening before the first dose (rituximab boxed
//! warning: HBV reactivation); giving the drug with results still pending leaves the request
//! without its safety basis (case 08). A later result supersedes an earlier "pending".
//!
//! ## What satisfies it
//! "QuantiFERON-TB Gold Plus NEGATIVE; HBsAg negative, anti-HBc total negative", "TB/HBV
//! screening reviewed - negative (08/12/2025)", "LVEF 60%", "IgA 180 mg/dL, creatinine 0.8".
//!
//! Does not count: "drawn today - results pending", "HBsAg / core Ab: PENDING", "ordered",
//! tests that are not among the drug's requirements (an echo does not cover HBV).
//!
//! ## References
//! * FDA prescribing information (rituximab boxed warning; TNF blockers; IVIG boxed warning).
//! * ../shared/cases/VOCABULARY.md §2 (`pretreatment_safety_screening`).

use super::SCREENING;
use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::text::{slice, words};
use crate::core::checks::notes::time;
use crate::core::checks::profile;

const RESULT: u16 = 0;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("negative", RESULT),
    ("positive", RESULT),
    ("non-reactive", RESULT),
    ("nonreactive", RESULT),
    ("reactive", RESULT),
    ("not detected", RESULT),
    ("detected", RESULT),
    ("normal", RESULT),
    ("indeterminate", RESULT),
    ("neg", RESULT),
    ("pos", RESULT),
    ("immune", RESULT),
    ("within normal limits", RESULT),
    ("wnl", RESULT),
];

fn has_value(cx: &Cx<'_, '_>, sent: usize, a: usize, b: usize) -> bool {
    let (lower, _, _) = cx.lower_doc(sent);
    let dates: Vec<(usize, usize)> =
        time::dates(lower, a, b, cx.ref_date(sent)).iter().map(|d| (d.start, d.end)).collect();
    words(lower, a, b).iter().take(6).any(|&(s, e)| {
        slice(lower, s, e).starts_with(|c: char| c.is_ascii_digit())
            && !dates.iter().any(|&(ds, de)| s >= ds && e <= de)
    })
}

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    let cat = profile::catalog();
    let mut required: Vec<usize> = Vec::new();
    for &d in &cx.params.drugs {
        for id in cat.drugs.get(d).map(|d| d.screening.clone()).unwrap_or_default() {
            if let Some(i) = cat.screening.iter().position(|t| t.id == id)
                && !required.contains(&i)
            {
                required.push(i);
            }
        }
    }
    let generic = required.is_empty();
    let hits = cx.bucket(SCREENING);
    let mut satisfied: Vec<usize> = Vec::new();
    for h in hits {
        let test = usize::from(h.tag);
        if !generic && !required.contains(&test) {
            continue;
        }
        let c = cx.ctx(h);
        if c.templated || c.other_person {
            continue;
        }
        if c.hypothetical {
            out.near(h.sent, "the required screening was ordered or is pending, with no result");
            continue;
        }
        let (lower, _, e) = cx.lower_doc(h.sent);
        // The result must follow the test name before the next clause.
        let clause_end = slice(lower, h.end, e).find(';').map_or(e, |p| h.end + p);
        let result = cx
            .in_sent(cx.own(), h.sent)
            .iter()
            .any(|r| r.start >= h.end && r.end <= clause_end && !cx.ctx(r).hypothetical)
            || has_value(cx, h.sent, h.end, clause_end);
        if result && !satisfied.contains(&test) {
            satisfied.push(test);
            out.add(h.sent);
        }
    }
    let complete = if generic { !satisfied.is_empty() } else { required.iter().all(|t| satisfied.contains(t)) };
    if !complete {
        let mut o = Collector::new(cx);
        o.reason("the results of the required pre-treatment screening are not documented");
        return o.finish_with_near_from(out);
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{case, marked, run_case};

    fn present(codes: &[&str], notes: &[&str]) -> bool {
        marked(notes, |n| {
            run_case("pretreatment_safety_screening", "specialty_drug_infusion", &case(n, codes, &["C83.38"]))
        })
    }

    #[test]
    fn pass_fail_vectors() {
        assert!(present(
            &["J3357"],
            &["⟦Labs 08/12/2025 (pre-biologic screening): QuantiFERON-TB Gold Plus NEGATIVE; HBsAg negative.⟧"]
        ));
        assert!(present(&["J3357"], &["⟦TB/HBV screening reviewed - negative (08/12/2025).⟧"]));
        assert!(!present(
            &["J9312", "J9000"],
            &[
                "Pre-treatment: echo done (LVEF 60%). Hepatitis B surface antigen, hepatitis B core antibody and HCV antibody drawn today - results pending.",
                "Hep B sAg / core Ab / HCV Ab (redrawn 03/03 after the first sample hemolyzed): PENDING.",
            ]
        ));
        assert!(present(&["J9312"], &["HBsAg pending.", "⟦Addendum 03/04: HBsAg negative, anti-HBc negative.⟧"]));
        assert!(!present(&["J1569"], &["IgA level ordered; creatinine 0.8."]));
    }
}
