//! Facts that several rules derive from the notes, kept here so that rules never import each
//! other: treatments documented as tried (`conservative_treatment_tried`, `_duration`,
//! `failed_treatment_outcome`), valid signatures (`provider_signature_and_date`,
//! `written_order`), return precautions (`urgency_or_emergency_rationale`, `risk_of_delay`)
//! and conditional plans (`dose_and_frequency`, `plan_of_care`).

use super::Cx;
use super::shared::{TREAT, is_therapy_abbrev};
use crate::core::checks::notes::Hit;
use crate::core::checks::notes::sections::Section;
use crate::core::checks::notes::text::{has_any, slice, word_count};
use crate::core::checks::notes::time::{self, Precision};

/// `conservative_treatment_tried` cue tag: the treatment was done ("completed", "failed").
pub(crate) const DONE: u16 = 0;
/// `conservative_treatment_tried` cue tag: the treatment was ruled out as inappropriate.
pub(crate) const NOT_APPROPRIATE: u16 = 1;

/// `provider_signature_and_date` cue tag: an electronic signature or attestation.
pub(crate) const ESIGN: u16 = 0;
/// `provider_signature_and_date` cue tag: plain "signed" / "signature".
pub(crate) const SIGNED: u16 = 1;
/// `provider_signature_and_date` cue tag: an explicitly unauthenticated status.
pub(crate) const UNSIGNED: u16 = 2;

/// Treatment mentions that count as tried: affirmed, not planned, not templated, not in a plan
/// or medication list (unless "continue"/"completed" says it is ongoing or done).
pub(crate) fn tried_mentions(cx: &Cx<'_, '_>) -> Vec<Hit> {
    let mut out = Vec::new();
    let own = cx.rule_hits("conservative_treatment_tried");
    for h in cx.shared().iter().filter(|h| h.tag == TREAT) {
        let Some(s) = cx.sent(h.sent) else { continue };
        let Some(doc) = cx.doc(h.sent) else { continue };
        if !is_therapy_abbrev(doc.text, h.start, h.end) || s.heading {
            continue;
        }
        let c = cx.ctx(h);
        if c.negated || c.templated || c.other_person || c.hypothetical {
            continue;
        }
        let marks = cx.in_sent(own, h.sent);
        if marks.iter().any(|m| m.tag == NOT_APPROPRIATE) {
            continue;
        }
        let done = marks.iter().any(|m| m.tag == DONE && !cx.ctx(m).hypothetical);
        if matches!(s.section, Section::Plan | Section::Orders | Section::Goals) && !done {
            continue;
        }
        if matches!(s.section, Section::Meds | Section::Allergies | Section::Family) && !done {
            continue;
        }
        // Post-operative or supportive orders ("aspirin … x35 days", "PT starting POD 0").
        if has_any(&doc.lower, s.start, s.end, &["pod ", "post-op", "postop", "post-operative", "starting pod"])
            && !done
        {
            continue;
        }
        out.push(*h);
    }
    out
}

const CREDENTIALS: [&str; 24] = [
    "md", "do", "rn", "pa-c", "pa", "np", "nnp-bc", "dpt", "pt", "otr/l", "ccc-slp", "facs", "phd", "rrt", "lpn",
    "cfrn", "fp-c", "ocn", "cnm", "crna", "aprn", "fnp-c", "dnp", "mbbs",
];

/// The line around byte `at` of the note (bounded so the work stays linear).
pub(crate) fn line_around(text: &str, at: usize) -> (usize, usize) {
    let start = text.get(..at).and_then(|t| t.rfind('\n')).map_or(0, |p| p + 1).max(at.saturating_sub(300));
    let end = text.get(at..).and_then(|t| t.find('\n')).map_or(text.len(), |p| at + p).min(at + 300);
    let start = (start..=at).find(|&i| text.is_char_boundary(i)).unwrap_or(at);
    let end = (end..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
    (start, end)
}

fn names_someone(original: &str, lower: &str, a: usize, b: usize, cue: (usize, usize)) -> bool {
    let piece = slice(original, a, b);
    let words: Vec<&str> = piece
        .split(|c: char| c.is_whitespace() || c == ',' || c == ':' || c == ';')
        .filter(|w| !w.is_empty())
        .collect();
    let capitalised = words.iter().filter(|w| {
        let lw = w.to_ascii_lowercase();
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !matches!(
                lw.as_str(),
                "electronically"
                    | "signed"
                    | "signed:"
                    | "signature"
                    | "co-signed"
                    | "reviewed"
                    | "and"
                    | "by"
                    | "on"
                    | "at"
                    | "attending"
                    | "plan"
            )
    });
    let credential = slice(lower, a, b)
        .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '/')
        .any(|w| CREDENTIALS.contains(&w));
    let _ = cue;
    capitalised.count() >= 1 || credential
}

/// Valid signature sentences (authentications with a name and a date), in order.
pub(crate) fn signatures(cx: &Cx<'_, '_>) -> Vec<Hit> {
    let mut out = Vec::new();
    for h in cx.rule_hits("provider_signature_and_date").iter().filter(|h| matches!(h.tag, ESIGN | SIGNED)) {
        let Some(doc) = cx.doc(h.sent) else { continue };
        let c = cx.ctx(h);
        if c.negated || c.hypothetical || c.templated {
            continue;
        }
        let (ls, le) = line_around(doc.text, h.start);
        let line_lower = slice(&doc.lower, ls, le);
        if line_lower.contains("__") {
            continue;
        }
        if h.tag == SIGNED {
            // Plain "signed" must open an authentication: at the line start, after a label,
            // a dash or a sentence end — not "consent signed", "SWO signed today".
            let before = slice(&doc.lower, ls, h.start);
            let tail = before.trim_end();
            let opens = tail.is_empty()
                || tail.ends_with(['-', '.', ';', '|', ')'])
                || word_count(&doc.lower, ls, h.start) == 0;
            let word = slice(&doc.lower, h.start, h.end);
            let after = slice(&doc.lower, h.end, le).trim_start();
            let signature_label = word == "signature" && after.starts_with(':');
            let plain_signature = word == "signature" && !signature_label;
            if !opens && !signature_label || plain_signature {
                continue;
            }
            let objecty = ["consent", "order", "swo", "form", "prescription", "agreement", "petition"];
            if objecty.iter().any(|o| slice(&doc.lower, h.start.saturating_sub(40), h.start).contains(o))
                && !tail.is_empty()
                && !tail.ends_with('-')
            {
                continue;
            }
        }
        let mut dated =
            time::dates(&doc.lower, ls, le, cx.ref_date(h.sent)).iter().any(|d| d.precision == Precision::Day);
        if !dated {
            // "/s/ Grace Liu, DO" with the date on the next, short line.
            let next_start = (le + 1).min(doc.text.len());
            let (ns, ne) = line_around(doc.text, next_start);
            if ns > le && ne - ns <= 40 {
                dated =
                    time::dates(&doc.lower, ns, ne, cx.ref_date(h.sent)).iter().any(|d| d.precision == Precision::Day);
            }
        }
        if dated && names_someone(doc.text, &doc.lower, ls, le, (h.start, h.end)) {
            out.push(*h);
        }
    }
    out
}

/// Return precautions ("return if worse", "call for fever") describe what has not happened.
pub(crate) fn return_precautions(lower: &str, start: usize, end: usize) -> bool {
    let t = slice(lower, start, end);
    [
        "return if",
        "return for",
        "return to ed",
        "return to the ed",
        "return precautions",
        "call if",
        "call for",
        "seek care",
        "seek medical",
        "come back if",
        "rtc if",
        "rtc prn",
    ]
    .iter()
    .any(|p| t.contains(p))
}

/// True when the mention at `at` sits in a conditional clause of its sentence (`start..at`):
/// "If these are normal, then we would recommend X", "X unless the biopsy is positive",
/// "Once cleared, start X". A conditional plan documents nothing yet.
pub(crate) fn conditional(lower: &str, start: usize, at: usize, end: usize) -> bool {
    let before = slice(lower, start, at);
    let clause_start = before.rfind(';').map_or(0, |p| p + 1);
    let before = before.get(clause_start..).unwrap_or("");
    let opener = ["if", "unless", "once", "provided", "assuming", "pending"]
        .iter()
        .any(|w| crate::core::checks::notes::text::find_word(before, 0, before.len(), w).is_some());
    let after = slice(lower, at, end);
    let after = after.get(..after.find(';').unwrap_or(after.len())).unwrap_or("");
    let trailing = [" if ", " unless ", " provided ", " once "].iter().any(|w| after.contains(w));
    opener || trailing
}
