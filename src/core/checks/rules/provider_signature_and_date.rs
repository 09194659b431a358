//! `provider_signature_and_date`: the notes are authenticated with a name and a date.
//!
//! ## What it checks
//! That the notes carry an authentication: an electronic, digital or handwritten signature
//! line, a co-signature or an attestation, with the author's name and a date — and that no
//! note is left in an explicitly unauthenticated state ("PENDED - NOT SIGNED", "DICTATED BUT
//! NOT READ", "awaiting signature") that a later signature does not cure.
//!
//! ## Why it matters
//! Medical review disregards entries that are not authenticated by their author (CMS Program
//! Integrity Manual 100-08 ch.3 §3.3.2.4); a typed name with a dictation date is not a
//! signature. A signed addendum or a later e-signature in the same note supersedes an earlier
//! pended status ("later beats earlier").
//!
//! ## What satisfies it
//! "Electronically signed by … MD on 01/28/2025", "Signed: … 02/10/2025 00:35", "Co-signed: …",
//! "Reviewed and electronically signed: …", "… RRT - signed 01/08/2025", "Signed 09/03/2025
//! 10:48" on a line that names the clinician, "Signature: <name> <date>".
//!
//! Does not count: "PENDED - NOT SIGNED", "unsigned", "last edited by", "DICTATED BUT NOT
//! READ", "not reviewed or authenticated", "awaiting signature", "D: 04/09/2025 T: 04/10/2025",
//! a signed *consent form* or *order* mentioned in the text, signature lines without a date.
//!
//! ## References
//! * CMS PIM 100-08 ch.3 §3.3.2.4 (signature requirements); 42 CFR 482.24(c)(1)
//!   (authentication of hospital medical record entries).
//! * ../shared/cases/VOCABULARY.md §2 (`provider_signature_and_date`).

use super::derived::{ESIGN, SIGNED, UNSIGNED, line_around, signatures};
use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::Hit;
use crate::core::checks::notes::text::slice;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("electronically signed", ESIGN),
    ("e-signed", ESIGN),
    ("esigned", ESIGN),
    ("digitally signed", ESIGN),
    ("signed electronically", ESIGN),
    ("electronic signature", ESIGN),
    ("co-signed", ESIGN),
    ("cosigned", ESIGN),
    ("co-signature", ESIGN),
    ("authenticated by", ESIGN),
    ("attested by", ESIGN),
    ("reviewed and signed", ESIGN),
    ("/s/", ESIGN),
    ("signed", SIGNED),
    ("signature", SIGNED),
    ("not signed", UNSIGNED),
    ("unsigned", UNSIGNED),
    ("pended", UNSIGNED),
    ("pending signature", UNSIGNED),
    ("pending physician signature", UNSIGNED),
    ("signature pending", UNSIGNED),
    ("awaiting signature", UNSIGNED),
    ("awaiting physician signature", UNSIGNED),
    ("dictated but not read", UNSIGNED),
    ("dictated but not signed", UNSIGNED),
    ("dictated not read", UNSIGNED),
    ("dictated, not read", UNSIGNED),
    ("not been reviewed or authenticated", UNSIGNED),
    ("not authenticated", UNSIGNED),
    ("unauthenticated", UNSIGNED),
    ("signature required", UNSIGNED),
    ("needs signature", UNSIGNED),
    ("last edited by", UNSIGNED),
    ("preliminary report", UNSIGNED),
    ("draft", UNSIGNED),
];

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    let sigs = signatures(cx);
    let mut unauthenticated: Vec<usize> = Vec::new();
    for doc in &cx.corpus.docs {
        // The last unsigned marker about the note itself, and the last signature.
        let markers: Vec<&Hit> = cx
            .own()
            .iter()
            .filter(|h| h.tag == UNSIGNED && cx.sent(h.sent).is_some_and(|s| s.note == doc.index))
            .filter(|h| {
                let (ls, le) = line_around(doc.text, h.start);
                let line = slice(&doc.lower, ls, le);
                !["order", "swo", "form", "consent", "prescription", "request"].iter().any(|o| line.contains(o))
            })
            .collect();
        let last_sig =
            sigs.iter().filter(|h| cx.sent(h.sent).is_some_and(|s| s.note == doc.index)).map(|h| h.start).max();
        if let Some(m) = markers.iter().map(|h| (h.start, h.sent)).max()
            && last_sig.is_none_or(|s| s < m.0)
        {
            unauthenticated.push(m.1);
        }
    }
    if unauthenticated.is_empty() {
        for h in &sigs {
            out.add(h.sent);
        }
    } else {
        for s in unauthenticated {
            out.near(s, "a note is marked as not signed or not authenticated");
        }
    }
    if !out.any() {
        out.reason("no signature with the clinician's name and a date authenticates the notes");
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::vectors;

    #[test]
    fn pass_fail_vectors() {
        vectors(
            "provider_signature_and_date",
            &[
                (true, "Plan: MRI.\n\n⟦Electronically signed by Rosalind Achebe-Stroud, MD on 01/28/2025 at 16:52⟧"),
                (
                    true,
                    "⟦Signed: Brianna Wexford, NNP-BC 02/10/2025 00:35⟧\nCo-signed: Solveig Hartmann, MD 02/10/2025 08:10",
                ),
                (true, "⟦Delivered and set up by: Jesse Tran, RRT - signed 01/08/2025 14:10⟧"),
                (
                    true,
                    "ADMISSION ORDER: *** PENDING - NOT SIGNED ***\n⟦Electronically signed: Marcus Obregon-Tate, MD 06/03/2025 02:40⟧",
                ),
                (
                    false,
                    "Cassius Drummond-Yee, MD\nD: 04/09/2025 23:10     T: 04/10/2025 06:42\n*** DICTATED BUT NOT READ - THIS REPORT HAS NOT BEEN REVIEWED OR AUTHENTICATED BY THE DICTATING PHYSICIAN ***",
                ),
                (false, "Progress note text.\nPENDED - NOT SIGNED. Last edited 03/02/2025 by J. Smith, MD"),
                (false, "Consent form signed today for right hip resurfacing."),
                (false, "Electronically signed: ____"),
                (false, "Signature: ____________ Date: __________"),
            ],
        );
    }

    #[test]
    fn paraphrases_and_traps() {
        super::super::testing::vectors(
            "provider_signature_and_date",
            &[
                (false, "Jane Roe, MD\n03/04/2025"),
                (true, "⟦Electronically signed on 03/04/2025 14:00 by Jane Roe, MD.⟧"),
            ],
        );
    }

    #[test]
    fn more_paraphrases() {
        super::super::testing::vectors(
            "provider_signature_and_date",
            &[
                (true, "⟦Signed by: Maria Lopez, MD   Date: 01/02/2025⟧"),
                (true, "⟦Authenticated by Jane Roe, NP on 2025-03-04 10:22⟧"),
                (false, "Signature: ______________________  Date: ___________"),
                (false, "Note started by J. Roe, NP 03/04/2025. Unsigned."),
            ],
        );
    }
}
