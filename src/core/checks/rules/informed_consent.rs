//! `informed_consent`: consent that covers the procedure actually performed.
//!
//! ## What it checks
//! That a consent (signed form or documented discussion) exists and covers every procedure
//! that was performed. For an intra-operative change the consent must name the alternative or
//! added procedure ("possible conversion to total hip arthroplasty", "possible open
//! appendectomy", "possible pupil expansion device").
//!
//! ## Why it matters
//! A properly executed consent for the procedure performed is a hospital condition of
//! participation (42 CFR 482.51(b)(2)). When the procedure changes, payers and reviewers check
//! whether the patient agreed to it; a consent limited to a different procedure, or a remark
//! that another operation "may be needed at a later date", does not cover it (case 02).
//!
//! ## What satisfies it
//! A consent statement ("consent signed for …", "informed consent was signed for …",
//! "consented for … with possible conversion to …", "risks, benefits and alternatives were
//! discussed including the possibility of converting to an open procedure") whose words cover
//! each item of `PROCEDURE(S) PERFORMED` that differs from the planned procedure (word stems
//! compared; fusion ≈ arthrodesis). Without an operative report, any affirmed consent counts.
//!
//! Does not count: consent naming only a different procedure, statements about a later or
//! separate operation, negated or planned consent ("consent to be obtained").
//!
//! ## References
//! * 42 CFR 482.51(b)(2) and 482.13(b)(2) (informed consent).
//! * ../shared/cases/VOCABULARY.md §2 (`informed_consent`).

use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::sections::Section;
use crate::core::checks::notes::text::{has_any, slice};

const CONSENT: u16 = 0;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("consent", CONSENT),
    ("consents", CONSENT),
    ("consented", CONSENT),
    ("informed consent", CONSENT),
    ("consent form", CONSENT),
    ("risks, benefits and alternatives", CONSENT),
    ("risks, benefits, and alternatives", CONSENT),
    ("risks and benefits", CONSENT),
    ("agreed to proceed", CONSENT),
    ("wishes to proceed", CONSENT),
    ("wants to proceed", CONSENT),
    ("elected to proceed", CONSENT),
];

const STOP: [&str; 40] = [
    "right",
    "left",
    "bilateral",
    "with",
    "without",
    "and",
    "the",
    "through",
    "via",
    "using",
    "under",
    "procedure",
    "procedures",
    "performed",
    "possible",
    "placement",
    "from",
    "into",
    "then",
    "this",
    "that",
    "both",
    "side",
    "partial",
    "planned",
    "diagnostic",
    "approach",
    "technique",
    "level",
    "levels",
    "same",
    "sitting",
    "also",
    "were",
    "was",
    "for",
    "plus",
    "after",
    "before",
    "other",
];

fn stem(w: &str) -> String {
    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
    let w =
        if let Some(base) = w.strip_suffix("ies") { format!("{base}y") } else { w.trim_end_matches('s').to_string() };
    let w = match w.as_str() {
        "fusion" => "arthrodesi".to_string(),
        "arthrodesi" | "arthrodesis" => "arthrodesi".to_string(),
        _ => w,
    };
    w.chars().take(7).collect()
}

fn content_words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '/' | '"' | ':' | '.'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
        .filter(|w| w.len() >= 3 && !w.chars().any(|c| c.is_ascii_digit()) && !STOP.contains(w))
        .flat_map(|w| w.split('-').map(str::to_string).collect::<Vec<_>>())
        .filter(|w| w.len() >= 3 && !STOP.contains(&w.as_str()))
        .map(|w| stem(&w))
        .collect()
}

/// Performed-procedure items and planned-procedure words from operative notes.
fn procedures(cx: &Cx<'_, '_>) -> (Vec<(usize, String)>, Vec<String>) {
    let mut performed = Vec::new();
    let mut planned = Vec::new();
    let mut in_performed: Option<(usize, usize)> = None; // (note, para)
    for i in cx.all_sentences() {
        let Some(s) = cx.sent(i) else { continue };
        let label = cx.label(i);
        let is_performed = matches!(
            label.as_str(),
            "procedure performed"
                | "procedures performed"
                | "performed"
                | "operation performed"
                | "operations performed"
                | "procedure(s) performed"
        );
        let is_planned =
            matches!(label.as_str(), "planned procedure" | "planned" | "planned operation" | "proposed procedure");
        if is_planned {
            planned.extend(content_words(cx.body_lower(i)));
            in_performed = None;
            continue;
        }
        if is_performed {
            let body = cx.body_lower(i).trim().to_string();
            if !body.is_empty() {
                for item in body.split(';') {
                    performed.push((i, item.to_string()));
                }
            }
            in_performed = Some((s.note, s.para));
            continue;
        }
        if let Some((note, para)) = in_performed {
            if s.note == note && s.para == para && s.label.is_none() && (s.list_item || s.section == Section::Procedure)
            {
                let text = cx.lower(i).to_string();
                for item in text.split(';') {
                    performed.push((i, item.to_string()));
                }
                continue;
            }
            in_performed = None;
        }
    }
    (performed, planned)
}

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    let mut consent_sents: Vec<usize> = Vec::new();
    for (sent, hits) in cx.groups(cx.own()) {
        let (lower, s, e) = cx.lower_doc(sent);
        let ok = hits.iter().any(|h| {
            let c = cx.ctx(h);
            !c.negated
                && !c.templated
                && !c.other_person
                && (!c.hypothetical || has_any(lower, s, e, &["signed", "consented", "was obtained", "were obtained"]))
        });
        let incapable = has_any(
            lower,
            s,
            e,
            &[
                "unable to consent",
                "not able to consent",
                "could not consent",
                "cannot consent",
                "lacks capacity",
                "no surrogate",
            ],
        );
        if ok
            && !incapable
            && !has_any(
                lower,
                s,
                e,
                &[
                    "later date",
                    "at a later",
                    "future",
                    "separate procedure",
                    "separate operation",
                    "second stage",
                    "staged",
                ],
            )
        {
            consent_sents.push(sent);
        }
    }
    if consent_sents.is_empty() {
        out.reason("no consent or consent discussion is documented");
        return out.finish();
    }
    let (performed, planned) = procedures(cx);
    let consent_words: std::collections::HashSet<String> =
        consent_sents.iter().flat_map(|&s| content_words(cx.lower(s))).collect();
    let mut uncovered = None;
    for (sent, item) in &performed {
        let distinctive: Vec<String> = content_words(item).into_iter().filter(|w| !planned.contains(w)).collect();
        if distinctive.is_empty() {
            continue;
        }
        if !distinctive.iter().any(|w| consent_words.contains(w)) {
            uncovered = Some(*sent);
            break;
        }
    }
    match uncovered {
        None => {
            for s in consent_sents {
                out.add(s);
            }
        }
        Some(item) => {
            for &s in &consent_sents {
                out.near(s, "the consent does not cover every procedure that was performed");
            }
            out.near(item, "the consent does not cover every procedure that was performed");
        }
    }
    let _ = slice;
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::present;

    #[test]
    fn pass_fail_vectors() {
        let clinic = "Plan: R hip resurfacing. ⟦Consent form signed today for \"Right hip resurfacing arthroplasty, possible conversion to right total hip arthroplasty.\"⟧";
        let op = "OPERATIVE REPORT\nPLANNED PROCEDURE: Right hip resurfacing arthroplasty.\nPROCEDURE PERFORMED: Right total hip arthroplasty, cementless acetabular and femoral components.";
        assert!(present("informed_consent", &[clinic, op]));
        let consent_only = "Consent: signed consent on the chart for \"L4-5 decompressive lumbar laminectomy, foraminotomy, excision of synovial cyst.\"";
        let op2 = "OPERATIVE NOTE\nProcedures performed:\n 1. L4-5 decompressive laminectomy with foraminotomies.\n 2. L4-5 posterolateral arthrodesis with local autograft.\n 3. L4-5 pedicle-screw instrumentation.";
        let later = "We discussed that fusion may be needed at a later date if instability develops.";
        assert!(!present("informed_consent", &[later, &format!("{consent_only}\n{op2}")]));
        assert!(present(
            "informed_consent",
            &[
                "⟦Informed consent signed for laparoscopic appendectomy, possible open appendectomy.⟧\nPLANNED PROCEDURE: Laparoscopic appendectomy.\nPROCEDURE PERFORMED: Diagnostic laparoscopy converted to open appendectomy."
            ]
        ));
        assert!(present(
            "informed_consent",
            &["⟦Informed consent obtained for colonoscopy with possible polypectomy.⟧"]
        ));
        assert!(!present("informed_consent", &["Consent to be obtained on the day of surgery."]));
        assert!(!present("informed_consent", &["Plan: surgery next week."]));
    }

    #[test]
    fn paraphrases_and_traps() {
        super::super::testing::vectors(
            "informed_consent",
            &[(false, "Patient unable to consent; no surrogate available.")],
        );
    }
}
