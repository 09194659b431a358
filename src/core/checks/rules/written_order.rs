//! `written_order`: a signed order naming the item, the date and the practitioner.
//!
//! ## What it checks
//! That a standard written order (or detailed written order, prescription, CMN) for the item
//! is documented as signed, with a date — not a verbal order, not an order awaiting signature,
//! not a plan to complete the order later.
//!
//! ## Why it matters
//! DMEPOS claims need a standard written order with the beneficiary, item, quantity, treating
//! practitioner, order date and signature before the claim is submitted (42 CFR 410.38(d)(1));
//! for items on the required-prior-to-delivery list, before delivery. An unsigned SWO is
//! disregarded (case 14).
//!
//! ## What satisfies it
//! "SWO signed today (below)", "Order received 11/22 (SWO signed 11/21/2024)", a block
//! "STANDARD WRITTEN ORDER: <item> … Ordering practitioner: … Order date 11/21/2024" in a note
//! that the practitioner signed.
//!
//! Does not count: "Standard written order will be completed and signed once…", "SWO faxed to
//! Dr. office - awaiting signature", "verbal order taken", "not returned".
//!
//! ## References
//! * 42 CFR 410.38(d) (standard written order); CMS Program Integrity Manual ch.5 §5.2.
//! * ../shared/cases/VOCABULARY.md §2 (`written_order`).

use super::derived::signatures;
use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::text::has_any;
use crate::core::checks::notes::time;

const ORDER: u16 = 0;
const VERBAL: u16 = 1;
const UNSIGNED: u16 = 2;
const SIGNED: u16 = 3;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("standard written order", ORDER),
    ("written order", ORDER),
    ("swo", ORDER),
    ("detailed written order", ORDER),
    ("dwo", ORDER),
    ("wopd", ORDER),
    ("prescription", ORDER),
    ("certificate of medical necessity", ORDER),
    ("cmn", ORDER),
    ("dme order", ORDER),
    ("signed order", ORDER),
    ("order signed", ORDER),
    ("written prescription", ORDER),
    ("verbal order", VERBAL),
    ("telephone order", VERBAL),
    ("phone order", VERBAL),
    ("awaiting signature", UNSIGNED),
    ("not signed", UNSIGNED),
    ("unsigned", UNSIGNED),
    ("not returned", UNSIGNED),
    ("pending signature", UNSIGNED),
    ("pending physician signature", UNSIGNED),
    ("awaiting physician signature", UNSIGNED),
    ("not yet signed", UNSIGNED),
    ("signature pending", UNSIGNED),
    ("signed", SIGNED),
];

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    let sigs = signatures(cx);
    for (sent, hits) in cx.groups(cx.own()) {
        let Some(s) = cx.sent(sent) else { continue };
        let (lower, ss, se) = cx.lower_doc(sent);
        let orders: Vec<_> = hits.iter().filter(|h| h.tag == ORDER).collect();
        if orders.is_empty() {
            if hits.iter().any(|h| h.tag == VERBAL) {
                out.near(sent, "only a verbal order is documented");
            }
            continue;
        }
        if hits.iter().any(|h| h.tag == UNSIGNED && !cx.ctx(h).negated) {
            out.near(sent, "the written order is awaiting signature");
            continue;
        }
        let usable = orders.iter().any(|h| {
            let c = cx.ctx(h);
            !c.negated && !c.hypothetical && !c.templated
        });
        if !usable {
            out.near(sent, "the written order is only planned");
            continue;
        }
        let signed = hits.iter().any(|h| h.tag == SIGNED && !cx.ctx(h).hypothetical && !cx.ctx(h).negated);
        let dated = !time::dates(lower, ss, se, cx.ref_date(sent)).is_empty()
            || has_any(lower, ss, se, &["today", "order date"]);
        // An order block in a note the practitioner signed afterwards.
        let block_end = (sent..sent + 6)
            .take_while(|&k| cx.sent(k).is_some_and(|x| x.note == s.note && x.para == s.para))
            .last()
            .and_then(|k| cx.sent(k))
            .map_or(se, |x| x.end);
        let block_signed = s.label.is_some()
            && cx.body_lower(sent).chars().filter(|c| c.is_alphabetic()).count() >= 10
            && has_any(
                lower,
                ss,
                block_end,
                &["order date", "ordering practitioner", "ordering physician", "prescriber"],
            )
            && {
                let k = sigs.partition_point(|g| g.sent <= sent);
                sigs.get(k).is_some_and(|g| cx.sent(g.sent).is_some_and(|gs| gs.note == s.note))
            };
        if (signed && dated) || block_signed {
            out.add(sent);
            break;
        }
    }
    if !out.any() {
        out.reason("no signed, dated written order for the item is documented");
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::vectors;

    #[test]
    fn pass_fail_vectors() {
        vectors(
            "written_order",
            &[
                (
                    true,
                    "Plan: semi-electric hospital bed. ⟦SWO signed today (below).⟧\nElectronically signed: S. Lafleur-Okoye, MD 11/21/2024 17:31",
                ),
                (true, "⟦Order received 11/22 (SWO signed 11/21/2024).⟧"),
                (
                    true,
                    "⟦STANDARD WRITTEN ORDER: Semi-electric hospital bed (E0260), qty 1.⟧ Ordering practitioner: S. Lafleur-Okoye, MD. Order date 11/21/2024.\nElectronically signed: Simone Lafleur-Okoye, MD 11/21/2024 17:31",
                ),
                (false, "Standard written order will be completed and signed once the supplier sends their form."),
                (
                    false,
                    "SWO faxed to Dr. office 01/07 - awaiting signature. Second request faxed 01/21 - not returned as of 02/11.",
                ),
                (false, "Order status: verbal order taken from Dr. Vandermeer's office 01/07/2025 09:15."),
            ],
        );
    }

    #[test]
    fn paraphrases_and_traps() {
        super::super::testing::vectors(
            "written_order",
            &[(true, "⟦Detailed written order signed by Dr. Lee on 03/10/2025 for the power wheelchair.⟧")],
        );
    }

    #[test]
    fn more_paraphrases() {
        super::super::testing::vectors(
            "written_order",
            &[
                (true, "⟦Signed prescription for CPAP dated 03/12/2025 on file.⟧"),
                (false, "Prescription to be faxed to the supplier."),
            ],
        );
    }
}
