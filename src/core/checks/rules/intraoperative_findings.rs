//! `intraoperative_findings`: operative findings that explain the procedure performed.
//!
//! ## What it checks
//! That an operative or procedure report records what the surgeon found — especially the
//! finding that made the procedure differ from the authorized one.
//!
//! ## Why it matters
//! When the procedure changes during surgery, the payer reviews the change against the
//! operative report (UHC administrative guide ch.7); without the findings the change looks
//! like an unauthorized upgrade.
//!
//! ## What satisfies it
//! A `FINDINGS:` (or `Operative findings:`) section with content in an operative/procedure
//! note, or an affirmed finding statement in one ("at laparoscopy: large hiatal defect…",
//! "intraoperatively the femoral head was…", "converted to open to avoid injury…"), or an
//! operative-findings statement elsewhere ("Intra-operative EGD showed…").
//!
//! Does not count: conditional plans in the clinic note ("if the head is necrotic at surgery,
//! the procedure will be converted"), findings of a diagnostic test report, blank sections.
//!
//! ## References
//! * UHC Administrative Guide ch.7 (changed or added procedures); 42 CFR 482.51(b)(6)
//!   (operative report content).
//! * ../shared/cases/VOCABULARY.md §2 (`intraoperative_findings`).

use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::sections::Section;

const OP_NOTE: u16 = 0;
const FINDING: u16 = 1;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("operative report", OP_NOTE),
    ("operative note", OP_NOTE),
    ("op note", OP_NOTE),
    ("procedure performed", OP_NOTE),
    ("procedures performed", OP_NOTE),
    ("postoperative diagnosis", OP_NOTE),
    ("post-operative diagnosis", OP_NOTE),
    ("postop dx", OP_NOTE),
    ("date of surgery", OP_NOTE),
    ("date of operation", OP_NOTE),
    ("operation performed", OP_NOTE),
    ("procedure note", OP_NOTE),
    ("brief op note", OP_NOTE),
    ("intraoperatively", FINDING),
    ("intra-operatively", FINDING),
    ("intraoperative findings", FINDING),
    ("intra-operative findings", FINDING),
    ("operative findings", FINDING),
    ("at surgery", FINDING),
    ("at laparoscopy", FINDING),
    ("at operation", FINDING),
    ("upon entering", FINDING),
    ("on entering", FINDING),
    ("was found to", FINDING),
    ("were found", FINDING),
    ("was found", FINDING),
    ("intra-operative egd showed", FINDING),
    ("intraoperative egd showed", FINDING),
];

fn operative_notes(cx: &Cx<'_, '_>) -> Vec<usize> {
    let mut notes: Vec<usize> = cx
        .corpus
        .docs
        .iter()
        .filter(|d| {
            ["operative", "op_note", "surgery", "surgical", "procedure"].iter().any(|k| d.note_type.contains(k))
        })
        .map(|d| d.index)
        .collect();
    for h in cx.own().iter().filter(|h| h.tag == OP_NOTE) {
        if let Some(s) = cx.sent(h.sent)
            && !notes.contains(&s.note)
        {
            notes.push(s.note);
        }
    }
    notes
}

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    let ops = operative_notes(cx);
    for i in cx.all_sentences() {
        let Some(s) = cx.sent(i) else { continue };
        if s.section != Section::Findings
            || !ops.contains(&s.note)
            || s.heading && s.label.is_some() && cx.body_lower(i).trim().is_empty() && s.label.is_none()
        {
            continue;
        }
        let body = if s.label.is_some() { cx.body_lower(i) } else { cx.lower(i) };
        let content = body.trim().trim_matches(|c: char| !c.is_alphanumeric());
        if content.chars().filter(|c| c.is_alphabetic()).count() >= 8
            && !matches!(content, "none" | "see above" | "n/a" | "as above")
            && !cx.ctx_span(i, s.body, s.end).templated
        {
            out.add(i);
            return out.finish();
        }
    }
    for h in cx.own().iter().filter(|h| h.tag == FINDING) {
        let c = cx.ctx(h);
        if c.hypothetical || c.negated || c.templated {
            continue;
        }
        out.add(h.sent);
        return out.finish();
    }
    out.reason("no operative findings explaining the procedure are documented");
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::vectors;

    #[test]
    fn pass_fail_vectors() {
        vectors(
            "intraoperative_findings",
            &[
                (
                    true,
                    "OPERATIVE REPORT\n⟦FINDINGS: The femoral head showed a soft, discolored anterosuperior segment with collapse.⟧",
                ),
                (
                    true,
                    "OPERATIVE NOTE - DOS 07/22/2025\n⟦Findings: pupil 5.0 mm at the start, constricted to 3 mm with iris billowing - typical IFIS.⟧",
                ),
                (true, "⟦At laparoscopy the appendix was found to be perforated with an abscess.⟧"),
                (
                    false,
                    "If the head is cystic or necrotic at surgery, the procedure will be converted to a total hip arthroplasty.",
                ),
                (false, "EXTENDED AMBULATORY ECG MONITOR REPORT\nFindings: predominantly sinus rhythm."),
                (false, "OPERATIVE REPORT\nFINDINGS: ___"),
            ],
        );
    }
}
