//! `severity_score`: a quantified severity or disability measure.
//!
//! ## What it checks
//! That a note gives a number on a recognised scale: a numeric pain rating or a validated
//! instrument or score.
//!
//! ## Why it matters
//! Utilization criteria use validated measures (ODI for spine imaging, NYHA for heart
//! failure, PASI/DLQI for psoriasis biologics, ECOG for chemotherapy, mMRC/CAT for COPD) to
//! show the condition is severe enough. Words such as "moderate" cannot be checked.
//!
//! ## What satisfies it
//! * a pain rating: "pain 7/10", "3/10 at rest", "NRS 6", "VAS 8";
//! * an instrument with its value: ODI, NDI, LEFS, QuickDASH, PRWE, HOOS/KOOS, ESS, STOP-BANG,
//!   INCAT, I-RODS, MRC sum score, Harvey-Bradshaw, GCS, Silverman-Andersen, Canadian Syncope
//!   Risk Score, NYHA class, mMRC, CAT, ECOG, IPI, PPS, PASI, DLQI, WAB-AQ, FOIS, PAS, BFCRS,
//!   SOFA, HEART, GRACE, TIMI, Wells, CHA2DS2-VASc, NIHSS, PHQ-9…
//!
//! Does not count: single-muscle strength grades (4-/5), range of motion, vital signs, lab
//! values, staging or grades (pressure-injury stage, KL grade), fractions that are not scores
//! ("9/10 trials"), "declines to rate", and target values in goals.
//!
//! ## References
//! * ../shared/cases/VOCABULARY.md §2 (`severity_score`).
//! * NCCIH/IASP numeric rating scale; instrument manuals as cited by payer policies
//!   (e.g. eviCore spine imaging: ODI/NDI).

use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::sections::Section;
use crate::core::checks::notes::text::slice;

const INSTRUMENT: u16 = 0;
const PAIN: u16 = 1;
const ROMAN_OK: u16 = 2;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("odi", INSTRUMENT),
    ("oswestry", INSTRUMENT),
    ("oswestry disability index", INSTRUMENT),
    ("ndi", INSTRUMENT),
    ("neck disability index", INSTRUMENT),
    ("lefs", INSTRUMENT),
    ("quickdash", INSTRUMENT),
    ("quick dash", INSTRUMENT),
    ("dash", INSTRUMENT),
    ("prwe", INSTRUMENT),
    ("hoos", INSTRUMENT),
    ("hoos jr", INSTRUMENT),
    ("koos", INSTRUMENT),
    ("koos jr", INSTRUMENT),
    ("womac", INSTRUMENT),
    ("harris hip score", INSTRUMENT),
    ("ases", INSTRUMENT),
    ("lysholm", INSTRUMENT),
    ("ikdc", INSTRUMENT),
    ("faam", INSTRUMENT),
    ("ess", INSTRUMENT),
    ("epworth", INSTRUMENT),
    ("stop-bang", INSTRUMENT),
    ("stopbang", INSTRUMENT),
    ("incat", INSTRUMENT),
    ("i-rods", INSTRUMENT),
    ("mrc sum score", INSTRUMENT),
    ("harvey-bradshaw", INSTRUMENT),
    ("harvey bradshaw", INSTRUMENT),
    ("hbi", INSTRUMENT),
    ("cdai", INSTRUMENT),
    ("mayo score", INSTRUMENT),
    ("gcs", INSTRUMENT),
    ("glasgow coma scale", INSTRUMENT),
    ("silverman-andersen", INSTRUMENT),
    ("silverman", INSTRUMENT),
    ("canadian syncope risk score", INSTRUMENT),
    ("nyha", ROMAN_OK),
    ("nyha class", ROMAN_OK),
    ("ccs class", ROMAN_OK),
    ("killip", ROMAN_OK),
    ("killip class", ROMAN_OK),
    ("mmrc", INSTRUMENT),
    ("cat score", INSTRUMENT),
    ("ecog", INSTRUMENT),
    ("karnofsky", INSTRUMENT),
    ("kps", INSTRUMENT),
    ("ipi", INSTRUMENT),
    ("cns-ipi", INSTRUMENT),
    ("flipi", INSTRUMENT),
    ("pps", INSTRUMENT),
    ("palliative performance scale", INSTRUMENT),
    ("pasi", INSTRUMENT),
    ("dlqi", INSTRUMENT),
    ("easi", INSTRUMENT),
    ("das28", INSTRUMENT),
    ("das-28", INSTRUMENT),
    ("basdai", INSTRUMENT),
    ("phq-9", INSTRUMENT),
    ("phq9", INSTRUMENT),
    ("gad-7", INSTRUMENT),
    ("mmse", INSTRUMENT),
    ("moca", INSTRUMENT),
    ("bfcrs", INSTRUMENT),
    ("bush-francis catatonia rating scale", INSTRUMENT),
    ("catatonia rating scale", INSTRUMENT),
    ("panss", INSTRUMENT),
    ("bprs", INSTRUMENT),
    ("ymrs", INSTRUMENT),
    ("madrs", INSTRUMENT),
    ("c-ssrs", INSTRUMENT),
    ("ciwa", INSTRUMENT),
    ("cows", INSTRUMENT),
    ("sofa", INSTRUMENT),
    ("qsofa", INSTRUMENT),
    ("apache", INSTRUMENT),
    ("news2", INSTRUMENT),
    ("curb-65", INSTRUMENT),
    ("heart score", INSTRUMENT),
    ("grace score", INSTRUMENT),
    ("grace", INSTRUMENT),
    ("timi", INSTRUMENT),
    ("wells", INSTRUMENT),
    ("wells score", INSTRUMENT),
    ("cha2ds2-vasc", INSTRUMENT),
    ("chads2", INSTRUMENT),
    ("has-bled", INSTRUMENT),
    ("nihss", INSTRUMENT),
    ("modified rankin", INSTRUMENT),
    ("mrs", INSTRUMENT),
    ("edss", INSTRUMENT),
    ("alsfrs", INSTRUMENT),
    ("updrs", INSTRUMENT),
    ("berg", INSTRUMENT),
    ("berg balance", INSTRUMENT),
    ("tinetti", INSTRUMENT),
    ("timed up and go", INSTRUMENT),
    ("tug", INSTRUMENT),
    ("fim", INSTRUMENT),
    ("barthel", INSTRUMENT),
    ("6-minute walk", INSTRUMENT),
    ("6mwt", INSTRUMENT),
    ("6mwd", INSTRUMENT),
    ("apgar", INSTRUMENT),
    ("apgars", INSTRUMENT),
    ("penetration-aspiration scale", INSTRUMENT),
    ("pas", INSTRUMENT),
    ("fois", INSTRUMENT),
    ("functional oral intake scale", INSTRUMENT),
    ("wab-aq", INSTRUMENT),
    ("aphasia quotient", INSTRUMENT),
    ("western aphasia battery", INSTRUMENT),
    ("boston naming test", INSTRUMENT),
    ("bnt", INSTRUMENT),
    ("snot-22", INSTRUMENT),
    ("ipss", INSTRUMENT),
    ("braden", INSTRUMENT),
    ("morse fall", INSTRUMENT),
    ("meld", INSTRUMENT),
    ("child-pugh", INSTRUMENT),
    ("alvarado", INSTRUMENT),
    ("sf-36", INSTRUMENT),
    ("promis", INSTRUMENT),
    ("eq-5d", INSTRUMENT),
    ("aofas", INSTRUMENT),
    ("mini-cog", INSTRUMENT),
    ("cgi-s", INSTRUMENT),
    ("gaf", INSTRUMENT),
    ("pain", PAIN),
    ("pain score", PAIN),
    ("pain scale", PAIN),
    ("pain level", PAIN),
    ("nrs", PAIN),
    ("vas", PAIN),
    ("numeric rating", PAIN),
    ("ache", PAIN),
    ("aching", PAIN),
    ("discomfort", PAIN),
    ("rated", PAIN),
    ("rates", PAIN),
    ("tenderness", PAIN),
];

/// Is there a value right after `at` (skipping "score", "of", ":", "class"…)?
fn value_after(lower: &str, at: usize, end: usize, roman: bool) -> bool {
    let tail = slice(lower, at, end.min(at + 60));
    let mut rest = tail.trim_start();
    for _ in 0..6 {
        let before = rest;
        for skip in [
            ":",
            "=",
            "-",
            "(",
            ",",
            "score",
            "disability",
            "questionnaire",
            "battery",
            "test",
            "scale",
            "of",
            "was",
            "is",
            "level",
            "class",
            "total",
            "interval",
            "jr",
            "at",
            "today",
            "sum",
            "index",
            "rating",
            "grade",
            "stage",
        ] {
            if let Some(r) = rest.strip_prefix(skip) {
                if skip.chars().all(|c| c.is_alphabetic()) && r.starts_with(|c: char| c.is_alphanumeric()) {
                    continue;
                }
                rest = r.trim_start();
            }
        }
        if rest == before {
            break;
        }
    }
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    if !digits.is_empty() && digits.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        let after = rest.get(digits.len()..).unwrap_or("").trim_start();
        // strength grades and dosing units are not scores
        let unit_like = ["/5", "mg", "mcg", "mm", "cm", "kg", "ml", "mmhg", "g/", "units", "lb"];
        return !unit_like.iter().any(|u| after.starts_with(u));
    }
    if roman {
        let word: String = rest.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        return matches!(word.as_str(), "i" | "ii" | "iii" | "iv");
    }
    false
}

/// Positions of "N/10" ratings in `lower[start..end]`.
fn pain_ratings(lower: &str, start: usize, end: usize) -> Vec<usize> {
    let piece = slice(lower, start, end);
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = piece.get(from..).and_then(|p| p.find("/10")) {
        let at = from + pos;
        let before = piece.get(..at).unwrap_or("");
        let after = piece.get(at + 3..).unwrap_or("");
        let digit_before = before.chars().next_back().is_some_and(|c| c.is_ascii_digit());
        let digit_after = after.chars().next().is_some_and(|c| c.is_ascii_digit());
        if digit_before && !digit_after {
            out.push(start + at);
        }
        from = at + 3;
    }
    out
}

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    for (sent, hits) in cx.groups(cx.own()) {
        let Some(s) = cx.sent(sent) else { continue };
        if matches!(s.section, Section::Goals) {
            continue;
        }
        let (lower, ss, se) = cx.lower_doc(sent);
        let ratings = pain_ratings(lower, ss, se);
        for h in hits {
            let c = cx.ctx(h);
            if c.templated || c.other_person || c.hypothetical {
                continue;
            }
            let ok = match h.tag {
                INSTRUMENT | ROMAN_OK => value_after(lower, h.end, se, h.tag == ROMAN_OK),
                PAIN => {
                    value_after(lower, h.end, se, false)
                        && matches!(
                            slice(lower, h.start, h.end),
                            "nrs" | "vas" | "pain score" | "pain scale" | "pain level"
                        )
                        || ratings.iter().any(|&r| {
                            let (a, b) = if r > h.end { (h.end, r) } else { (r, h.start) };
                            crate::core::checks::notes::text::word_count(lower, a, b) <= 8
                                && !slice(lower, a, b).contains(';')
                        })
                }
                _ => false,
            };
            if ok {
                out.add(sent);
                break;
            }
        }
        if out.any() {
            break;
        }
    }
    if !out.any() {
        out.reason("no numeric pain rating or validated severity score is documented");
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::vectors;

    #[test]
    fn pass_fail_vectors() {
        vectors(
            "severity_score",
            &[
                (true, "⟦Pain today 7/10, 9/10 at worst.⟧"),
                (true, "⟦mMRC 3.⟧ CAT score 27."),
                (true, "⟦HFrEF, NYHA III-IV, with orthopnea.⟧"),
                (true, "⟦ECOG 2.⟧ IPI 3 (stage III, elevated LDH)."),
                (true, "⟦Western Aphasia Battery-Revised Aphasia Quotient: 48.6.⟧"),
                (true, "⟦ODI 42%.⟧"),
                (true, "⟦Bush-Francis Catatonia Rating Scale: 21.⟧"),
                (false, "PAIN: \"moderate\" with dressing changes; pt declines to rate it numerically."),
                (false, "Strength 4-/5 in the L hip flexors, ROM 90 deg."),
                (false, "Drink thin liquids with chin tuck in 9/10 trials."),
                (false, "Stage 3 pressure injury of the sacrum."),
                (false, "BP 124/76, HR 84, SpO2 99%."),
            ],
        );
    }

    #[test]
    fn paraphrases_and_traps() {
        super::super::testing::vectors(
            "severity_score",
            &[(false, "Strength 4/5 hip abduction, grip 20 kg."), (true, "⟦KOOS JR 48.2.⟧")],
        );
    }

    #[test]
    fn more_paraphrases() {
        super::super::testing::vectors(
            "severity_score",
            &[
                (true, "⟦NRS 7/10 pain at rest.⟧"),
                (true, "⟦Oswestry Disability Index 52%.⟧"),
                (true, "⟦PHQ-9 score of 19.⟧"),
                (false, "Pain is severe."),
            ],
        );
    }
}
