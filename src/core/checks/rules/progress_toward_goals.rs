//! `progress_toward_goals`: objective measures over time showing response.
//!
//! ## What it checks
//! That the notes compare objective measures over time — a baseline and a later value of the
//! same measure — for a continuation request.
//!
//! ## Why it matters
//! Continued therapy is covered when it produces measurable progress (Medicare Benefit
//! Policy Manual ch.15 §220.3: progress reports with objective measures). "Progressing",
//! "partially met" or "doing better" cannot be checked (case 16).
//!
//! ## What satisfies it
//! * a change written out: "QuickDASH 70.5 -> 45.5", "BFCRS 21 -> 9", "grip improved from
//!   6 kg to 14 kg", "PASI 21.0 → 19.2", "3/10 at rest (6/10 at the evaluation)";
//! * a table whose columns are two time points (Eval / Today, Start of care / Now, Baseline /
//!   Current, dates) with numbers in both for a row;
//! * a table of dated rows (wound measurements on several dates).
//!
//! Does not count: status words only, baselines without a current value, targets, subjective
//! reports.
//!
//! ## References
//! * Medicare Benefit Policy Manual ch.15 §220.3 (progress reports).
//! * ../shared/cases/VOCABULARY.md §2 (`progress_toward_goals`).

use super::{Collector, Cx, Outcome};
use crate::core::checks::notes::text::slice;
use crate::core::checks::notes::time::{self, Precision};

const ARROW: u16 = 0;
const FROM: u16 = 1;
const AT_EVAL: u16 = 2;

/// Cues.
pub(crate) const TERMS: &[(&str, u16)] = &[
    ("->", ARROW),
    ("→", ARROW),
    ("=>", ARROW),
    ("improved from", FROM),
    ("increased from", FROM),
    ("decreased from", FROM),
    ("reduced from", FROM),
    ("progressed from", FROM),
    ("went from", FROM),
    ("from baseline", FROM),
    ("up from", FROM),
    ("down from", FROM),
    ("improved to", FROM),
    ("increased to", FROM),
    ("decreased to", FROM),
    ("at the evaluation", AT_EVAL),
    ("at evaluation", AT_EVAL),
    ("at eval", AT_EVAL),
    ("at baseline", AT_EVAL),
    ("at initial evaluation", AT_EVAL),
    ("at start of care", AT_EVAL),
    ("at soc", AT_EVAL),
    ("previously", AT_EVAL),
];

fn digit_near(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
}

fn cells(row: &str) -> Vec<&str> {
    let sep = if row.contains('|') { '|' } else { '\t' };
    row.split(sep).map(str::trim).collect::<Vec<_>>().into_iter().filter(|c| !c.is_empty()).collect()
}

fn time_column(header: &str) -> bool {
    let h = header.to_ascii_lowercase();
    let exclude = ["target", "goal", "expected", "norm", "uninvolved", "contralateral", "unaffected", "measure", "#"];
    if exclude.iter().any(|x| h.contains(x)) {
        return false;
    }
    let keys = [
        "eval",
        "initial",
        "baseline",
        "start",
        "soc",
        "admission",
        "prior",
        "previous",
        "last",
        "now",
        "today",
        "current",
        "status",
        "week",
        "wk",
        "visit",
        "discharge",
        "re-eval",
        "reassess",
        "progress",
        "date",
    ];
    keys.iter().any(|k| h.contains(k)) || h.contains('/') && h.chars().any(|c| c.is_ascii_digit())
}

fn numeric_cell(cell: &str) -> bool {
    let c = cell.trim();
    digit_near(c) && !matches!(c, "-" | "n/a")
}

/// The check.
pub(crate) fn check(cx: &Cx<'_, '_>) -> Outcome {
    let mut out = Collector::new(cx);
    // 1. Changes written out.
    for (sent, hits) in cx.groups(cx.own()) {
        let (lower, s, e) = cx.lower_doc(sent);
        for h in hits {
            if cx.ctx(h).templated || cx.ctx(h).hypothetical {
                continue;
            }
            let before = slice(lower, h.start.saturating_sub(16).max(s), h.start);
            let after = slice(lower, h.end, (h.end + 16).min(e));
            let ok = match h.tag {
                ARROW => digit_near(before) && digit_near(after),
                FROM => digit_near(after),
                _ => digit_near(before) && digit_near(slice(lower, s, h.start)),
            };
            // Dose changes are not progress.
            let dose = after.contains("mg") || before.contains("mg");
            if ok && !dose {
                out.add(sent);
                break;
            }
        }
        if out.any() {
            return out.finish();
        }
    }
    // 2. Tables: two time-point columns with numbers, or dated rows.
    let mut i = 0;
    let n = cx.corpus.sents.len();
    while i < n {
        let Some(head) = cx.sent(i) else { break };
        if !head.table_row {
            i += 1;
            continue;
        }
        let mut j = i;
        while cx
            .sent(j + 1)
            .is_some_and(|s| s.table_row && s.note == head.note && s.line == cx.sent(j).map_or(0, |p| p.line) + 1)
        {
            j += 1;
        }
        let header_text = cx.lower(i);
        let header = cells(header_text);
        let time_cols: Vec<usize> = header.iter().enumerate().filter(|(_, h)| time_column(h)).map(|(k, _)| k).collect();
        let mut dated_rows = Vec::new();
        for r in i..=j {
            let row = cells(cx.lower(r));
            if time_cols.len() >= 2 && r > i {
                // Two time points with values, and the values differ: a measure repeated at
                // the same value ("180 m | 180 m") is no change, not progress.
                let values: Vec<&str> =
                    time_cols.iter().filter_map(|&k| row.get(k).copied()).filter(|c| numeric_cell(c)).collect();
                let changed = values.iter().any(|v| v.trim() != values[0].trim());
                if values.len() >= 2 && changed {
                    out.add(r);
                    break;
                }
            }
            if let Some(first) = row.first() {
                let (lower, _, _) = cx.lower_doc(r);
                let _ = lower;
                let d = time::dates(first, 0, first.len(), cx.ref_date(r));
                if d.iter().any(|d| d.precision == Precision::Day) && row.iter().skip(1).any(|c| numeric_cell(c)) {
                    dated_rows.push(r);
                }
            }
        }
        if !out.any() && dated_rows.len() >= 2 {
            for r in dated_rows {
                out.add(r);
            }
        }
        if out.any() {
            break;
        }
        i = j + 1;
    }
    if !out.any() {
        out.reason("no objective measures compared over time (baseline and current values) are documented");
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::testing::vectors;

    #[test]
    fn pass_fail_vectors() {
        vectors(
            "progress_toward_goals",
            &[
                (
                    true,
                    "| Measure | Eval 04/01 | Today 05/16 | L (uninvolved) |\n| ⟦Grip, Jamar position 2 | 6 kg | 14 kg | 30 kg⟧ |",
                ),
                (
                    true,
                    "Date\tL x W x D (cm)\tArea (cm2)\n⟦10/30/2024\t4.0 x 3.0 x 0.8\t12.0⟧\n12/24/2024\t2.6 x 1.9 x 0.4\t4.9",
                ),
                (true, "⟦On lorazepam he now speaks in short phrases; BFCRS 21 -> 9.⟧"),
                (true, "⟦Grip strength improved from 6 kg to 14 kg.⟧"),
                (
                    false,
                    "| # | Goal | Baseline | Status 01/31/2025 |\n| 1 | Name 12/15 items on the BNT-15 | 5/15 | progressing |\n| 3 | Drink thin liquids | not safe | partially met |",
                ),
                (false, "Husband reports she is \"doing better\" with meals."),
                (false, "Methotrexate 15 mg weekly, increased to 20 mg weekly."),
            ],
        );
    }

    #[test]
    fn paraphrases_and_traps() {
        super::super::testing::vectors(
            "progress_toward_goals",
            &[
                (true, "⟦6MWT improved from 180 m to 290 m since the initial evaluation.⟧"),
                (false, "Pt reports feeling stronger; progressing toward goals."),
            ],
        );
    }

    /// "No change" and "stable" are not progress, in dictated, telegraphic and templated
    /// styles: a measure repeated at the same value, or a status without a change.
    #[test]
    fn no_change_and_stable_are_not_progress() {
        super::super::testing::vectors(
            "progress_toward_goals",
            &[
                (false, "Her grip strength is unchanged from the last visit and remains 14 kg."),
                (false, "Gait: no change since initial eval. ROM stable."),
                (false, "| Measure | Eval | Today |\n| 6MWT | 180 m | 180 m |\n| Status | stable | no change |"),
                (false, "Function has plateaued; she is stable at her prior level."),
                (true, "⟦Grip strength improved from 6 kg to 14 kg, no change in pain.⟧"),
            ],
        );
    }
}
