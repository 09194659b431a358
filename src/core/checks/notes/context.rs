//! A ConText/NegEx-style classifier: is a mention affirmed, negated, planned, historical,
//! about someone else, hearsay, uncertain, or part of an unfilled template?
//!
//! Triggers are found once per note by the shared automaton (see [`super::Corpus`]); this
//! module decides, for one mention inside one sentence, which triggers reach it:
//!
//! * a *pre* trigger ("denies", "no", "will", "r/o", "mother") reaches mentions up to
//!   [`PRE_WINDOW`] words after it; a *post* trigger ("pending", "ordered", "negative",
//!   "not started") reaches mentions up to [`POST_WINDOW`] words before it;
//! * the scope stops at a terminator: `but`, `however`, `although`, `except`, `aside from`,
//!   `other than`, `which`, a semicolon, or a sentence end inside a joined line;
//! * triggers inside the mention itself are ignored, so a cue that contains its own negation
//!   ("not safe for discharge", "no lower level of care") is judged as a whole;
//! * pseudo-triggers ("no change", "no longer", "gram-negative") are not negations;
//! * an unchecked box (`[ ]`) reaches everything after it up to the next box; blanks (`___`),
//!   `NOT ON FILE` and unresolved merge fields (`{{ }}`) mark their clause as a template.
//!
//! The family and background sections of a note count as "someone else" / historical context
//! for every mention in them.

use super::Hit;
use super::sections::Section;
use super::sentences::Sentence;
use super::text::{slice, within_words};

/// Words a pre-trigger reaches forward.
pub(crate) const PRE_WINDOW: usize = 8;
/// Words a post-trigger reaches backward.
pub(crate) const POST_WINDOW: usize = 12;
/// Bytes before a mention searched for triggers (check boxes, blanks, pre-triggers).
const REACH: usize = 240;

/// Trigger kinds, as tags of the context lexicon.
pub(crate) mod kind {
    /// Negation before the mention ("denies", "no", "without").
    pub const NEG_PRE: u16 = 0;
    /// Negation after the mention ("negative", "ruled out", "not started").
    pub const NEG_POST: u16 = 1;
    /// Plan, order or hypothesis before the mention ("will", "if", "ordered", "r/o").
    pub const HYP_PRE: u16 = 2;
    /// Plan, order or pending status after the mention ("pending", "scheduled").
    pub const HYP_POST: u16 = 3;
    /// History before the mention ("h/o", "prior", "s/p").
    pub const HIST_PRE: u16 = 4;
    /// Someone else ("mother", "family history").
    pub const FAMILY_PRE: u16 = 5;
    /// Reported by someone else, not observed ("pt-reported", "per wife").
    pub const HEARSAY_PRE: u16 = 6;
    /// Uncertainty ("possible", "likely", "concern for").
    pub const UNCERTAIN_PRE: u16 = 7;
    /// Scope terminator ("but", "however").
    pub const TERMINATOR: u16 = 8;
    /// Looks like a trigger but is not ("no change", "gram-negative").
    pub const PSEUDO: u16 = 9;
    /// An unchecked box.
    pub const UNCHECKED: u16 = 10;
    /// A checked box.
    pub const CHECKED: u16 = 11;
    /// A template blank or unresolved field.
    pub const TEMPLATE: u16 = 12;
    /// The finding has resolved, after the mention ("nausea resolved"): no longer present,
    /// but it did happen (an onset is still documented).
    pub const RESOLVED_POST: u16 = 13;
}

use kind::*;

/// The context lexicon: (phrase, kind). Phrases are lowercase; matching is on word boundaries.
pub(crate) const TRIGGERS: &[(&str, u16)] = &[
    // negation, before
    ("no", NEG_PRE),
    ("not", NEG_PRE),
    ("denies", NEG_PRE),
    ("denied", NEG_PRE),
    ("deny", NEG_PRE),
    ("denying", NEG_PRE),
    ("negative for", NEG_PRE),
    ("without", NEG_PRE),
    ("w/o", NEG_PRE),
    ("free of", NEG_PRE),
    ("no evidence of", NEG_PRE),
    ("no sign of", NEG_PRE),
    ("no signs of", NEG_PRE),
    ("never", NEG_PRE),
    ("neither", NEG_PRE),
    ("nor", NEG_PRE),
    ("ruled out", NEG_PRE),
    ("rules out", NEG_PRE),
    ("did not", NEG_PRE),
    ("does not", NEG_PRE),
    ("do not", NEG_PRE),
    ("didn't", NEG_PRE),
    ("doesn't", NEG_PRE),
    ("has not", NEG_PRE),
    ("have not", NEG_PRE),
    ("hasn't", NEG_PRE),
    ("had no", NEG_PRE),
    ("declines", NEG_PRE),
    ("declined", NEG_PRE),
    ("refuses", NEG_PRE),
    ("refused", NEG_PRE),
    ("resolution of", NEG_PRE),
    ("none", NEG_PRE),
    ("not support", NEG_PRE),
    ("not supportive of", NEG_PRE),
    ("not typical for", NEG_PRE),
    ("not typical of", NEG_PRE),
    ("not consistent with", NEG_PRE),
    ("not suggestive of", NEG_PRE),
    ("not diagnostic of", NEG_PRE),
    ("not compatible with", NEG_PRE),
    ("not be typical", NEG_PRE),
    ("not be consistent with", NEG_PRE),
    ("not be compatible with", NEG_PRE),
    ("no further signs", NEG_PRE),
    ("no further evidence", NEG_PRE),
    ("no further symptoms", NEG_PRE),
    ("no further episodes", NEG_PRE),
    // negation, after
    ("negative", NEG_POST),
    ("neg", NEG_POST),
    ("not seen", NEG_POST),
    ("not present", NEG_POST),
    ("not obtained", NEG_POST),
    ("not done", NEG_POST),
    ("not performed", NEG_POST),
    ("not drawn", NEG_POST),
    ("not sent", NEG_POST),
    ("not started", NEG_POST),
    ("not available", NEG_POST),
    ("not found", NEG_POST),
    ("not detected", NEG_POST),
    ("not identified", NEG_POST),
    ("not appreciated", NEG_POST),
    ("not given", NEG_POST),
    ("not tried", NEG_POST),
    ("not completed", NEG_POST),
    ("not triggered", NEG_POST),
    ("not signed", NEG_POST),
    ("not returned", NEG_POST),
    ("was not", NEG_POST),
    ("were not", NEG_POST),
    ("is unlikely", NEG_POST),
    ("unlikely", NEG_POST),
    ("none", NEG_POST),
    ("absent", NEG_POST),
    ("denied", NEG_POST),
    ("resolved", RESOLVED_POST),
    ("has resolved", RESOLVED_POST),
    ("have resolved", RESOLVED_POST),
    ("had resolved", RESOLVED_POST),
    // plans, orders, hypotheses: before
    ("will", HYP_PRE),
    ("would", HYP_PRE),
    ("could", HYP_PRE),
    ("should", HYP_PRE),
    ("may", HYP_PRE),
    ("might", HYP_PRE),
    ("if", HYP_PRE),
    ("unless", HYP_PRE),
    ("plan to", HYP_PRE),
    ("plans to", HYP_PRE),
    ("planning to", HYP_PRE),
    ("planned", HYP_PRE),
    ("plan for", HYP_PRE),
    ("to be", HYP_PRE),
    ("to start", HYP_PRE),
    ("to begin", HYP_PRE),
    ("to consider", HYP_PRE),
    ("consider", HYP_PRE),
    ("considering", HYP_PRE),
    ("recommend", HYP_PRE),
    ("recommended", HYP_PRE),
    ("recommends", HYP_PRE),
    ("advised", HYP_PRE),
    ("ordered", HYP_PRE),
    ("scheduled", HYP_PRE),
    ("schedule", HYP_PRE),
    ("awaiting", HYP_PRE),
    ("await", HYP_PRE),
    ("pending", HYP_PRE),
    ("request", HYP_PRE),
    ("requested", HYP_PRE),
    ("requesting", HYP_PRE),
    ("refer to", HYP_PRE),
    ("referral to", HYP_PRE),
    ("referral for", HYP_PRE),
    ("r/o", HYP_PRE),
    ("rule out", HYP_PRE),
    ("to rule out", HYP_PRE),
    ("evaluate for", HYP_PRE),
    ("to evaluate", HYP_PRE),
    ("candidate for", HYP_PRE),
    ("return for", HYP_PRE),
    ("return if", HYP_PRE),
    ("return to ed for", HYP_PRE),
    ("return precautions", HYP_PRE),
    ("in case", HYP_PRE),
    ("once", HYP_PRE),
    ("tentatively", HYP_PRE),
    ("would like", HYP_PRE),
    ("hopes to", HYP_PRE),
    ("hoping to", HYP_PRE),
    ("wants to", HYP_PRE),
    ("to follow", HYP_PRE),
    ("options", HYP_PRE),
    ("in order to", HYP_PRE),
    ("goal of", HYP_PRE),
    ("next", HYP_PRE),
    // plans, orders: after
    ("pending", HYP_POST),
    ("ordered", HYP_POST),
    ("scheduled", HYP_POST),
    ("requested", HYP_POST),
    ("planned", HYP_POST),
    ("to follow", HYP_POST),
    ("to be scheduled", HYP_POST),
    ("to be done", HYP_POST),
    ("not yet", HYP_POST),
    ("in progress", HYP_POST),
    ("awaiting", HYP_POST),
    ("awaited", HYP_POST),
    ("to be arranged", HYP_POST),
    ("to be obtained", HYP_POST),
    ("recommended", HYP_POST),
    ("considered", HYP_POST),
    ("booked", HYP_POST),
    ("will be", HYP_POST),
    ("to be completed", HYP_POST),
    ("if needed", HYP_POST),
    ("if indicated", HYP_POST),
    ("if not better", HYP_POST),
    ("is indicated", HYP_POST),
    ("first available", HYP_POST),
    // history
    ("history of", HIST_PRE),
    ("h/o", HIST_PRE),
    ("hx of", HIST_PRE),
    ("previous", HIST_PRE),
    ("previously", HIST_PRE),
    ("prior", HIST_PRE),
    ("former", HIST_PRE),
    ("formerly", HIST_PRE),
    ("remote", HIST_PRE),
    ("s/p", HIST_PRE),
    ("status post", HIST_PRE),
    ("in the past", HIST_PRE),
    // someone else
    ("mother", FAMILY_PRE),
    ("mom", FAMILY_PRE),
    ("father", FAMILY_PRE),
    ("dad", FAMILY_PRE),
    ("brother", FAMILY_PRE),
    ("sister", FAMILY_PRE),
    ("sibling", FAMILY_PRE),
    ("siblings", FAMILY_PRE),
    ("son", FAMILY_PRE),
    ("daughter", FAMILY_PRE),
    ("aunt", FAMILY_PRE),
    ("uncle", FAMILY_PRE),
    ("grandmother", FAMILY_PRE),
    ("grandfather", FAMILY_PRE),
    ("cousin", FAMILY_PRE),
    ("family history", FAMILY_PRE),
    ("family hx", FAMILY_PRE),
    ("fh", FAMILY_PRE),
    ("maternal", FAMILY_PRE),
    ("paternal", FAMILY_PRE),
    ("parents", FAMILY_PRE),
    ("first-degree relative", FAMILY_PRE),
    ("first-degree relatives", FAMILY_PRE),
    ("wife", FAMILY_PRE),
    ("husband", FAMILY_PRE),
    ("spouse", FAMILY_PRE),
    ("caregiver", FAMILY_PRE),
    ("roommate", FAMILY_PRE),
    ("landlord", FAMILY_PRE),
    // hearsay
    ("pt-reported", HEARSAY_PRE),
    ("patient-reported", HEARSAY_PRE),
    ("self-reported", HEARSAY_PRE),
    ("pt reported", HEARSAY_PRE),
    ("patient reported", HEARSAY_PRE),
    ("per patient", HEARSAY_PRE),
    ("per pt", HEARSAY_PRE),
    ("per family", HEARSAY_PRE),
    ("per wife", HEARSAY_PRE),
    ("per husband", HEARSAY_PRE),
    ("reportedly", HEARSAY_PRE),
    ("home bp", HEARSAY_PRE),
    ("home cuff", HEARSAY_PRE),
    ("home pulse oximeter", HEARSAY_PRE),
    ("home readings", HEARSAY_PRE),
    ("states", HEARSAY_PRE),
    // uncertainty
    ("possible", UNCERTAIN_PRE),
    ("possibly", UNCERTAIN_PRE),
    ("probable", UNCERTAIN_PRE),
    ("probably", UNCERTAIN_PRE),
    ("likely", UNCERTAIN_PRE),
    ("suspected", UNCERTAIN_PRE),
    ("suspicious for", UNCERTAIN_PRE),
    ("concern for", UNCERTAIN_PRE),
    ("concerning for", UNCERTAIN_PRE),
    ("questionable", UNCERTAIN_PRE),
    ("cannot exclude", UNCERTAIN_PRE),
    ("differential", UNCERTAIN_PRE),
    ("vs", UNCERTAIN_PRE),
    ("versus", UNCERTAIN_PRE),
    // terminators
    ("but", TERMINATOR),
    ("however", TERMINATOR),
    ("although", TERMINATOR),
    ("though", TERMINATOR),
    ("except", TERMINATOR),
    ("aside from", TERMINATOR),
    ("apart from", TERMINATOR),
    ("other than", TERMINATOR),
    ("whereas", TERMINATOR),
    ("which", TERMINATOR),
    ("yet", TERMINATOR),
    ("since then", TERMINATOR),
    ("positive for", TERMINATOR),
    ("remarkable for", TERMINATOR),
    ("significant for", TERMINATOR),
    ("notable for", TERMINATOR),
    // pseudo-triggers
    ("no change", PSEUDO),
    ("no increase", PSEUDO),
    ("no longer", PSEUDO),
    ("not only", PSEUDO),
    ("gram negative", PSEUDO),
    ("gram-negative", PSEUDO),
    ("no further", PSEUDO),
    ("not certain", PSEUDO),
    ("no doubt", PSEUDO),
    ("not necessarily", PSEUDO),
    ("negative pressure", PSEUDO),
    ("not improve", PSEUDO),
    ("not improved", PSEUDO),
    ("not help", PSEUDO),
    ("not helped", PSEUDO),
    ("not tolerate", PSEUDO),
    ("not tolerated", PSEUDO),
    ("no relief", PSEUDO),
    ("no benefit", PSEUDO),
    ("no improvement", PSEUDO),
    ("no meaningful", PSEUDO),
    ("not adequate", PSEUDO),
    ("not safe", PSEUDO),
    ("without difficulty", PSEUDO),
    ("not be", PSEUDO),
    ("will not", PSEUDO),
    ("would not", PSEUDO),
    // boxes and blanks
    ("[ ]", UNCHECKED),
    ("[]", UNCHECKED),
    ("[  ]", UNCHECKED),
    ("☐", UNCHECKED),
    ("[x]", CHECKED),
    ("[✓]", CHECKED),
    ("[✔]", CHECKED),
    ("☒", CHECKED),
    ("☑", CHECKED),
    ("__", TEMPLATE),
    ("not on file", TEMPLATE),
    ("not entered", TEMPLATE),
    ("{{", TEMPLATE),
    ("}}", TEMPLATE),
    ("<<", TEMPLATE),
    (">>", TEMPLATE),
    ("xx/xx", TEMPLATE),
    ("(select)", TEMPLATE),
    ("[select]", TEMPLATE),
    ("***", TEMPLATE),
];

/// How a mention is used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Context {
    /// Negated ("denies X", "X negative").
    pub negated: bool,
    /// Planned, ordered, pending, conditional or hypothetical.
    pub hypothetical: bool,
    /// Historical ("h/o X", "prior X").
    pub historical: bool,
    /// About someone other than the patient.
    pub other_person: bool,
    /// Reported by someone else rather than observed.
    pub hearsay: bool,
    /// Hedged ("possible", "r/o … vs …").
    pub uncertain: bool,
    /// Part of an unfilled template or an unchecked box.
    pub templated: bool,
    /// Resolved since ("nausea resolved"): not present now, but documented as having
    /// happened, so rules still count it; the assertion classifier reports it as negated.
    pub resolved: bool,
    /// The trigger that set each flag (byte span in the note), when a trigger did.
    pub why: Why,
}

/// The byte spans (in the note) of the triggers that set each flag of a [`Context`]; `None`
/// when the flag is unset or was set by the section ("Family history:" heading).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Why {
    /// What negated it.
    pub negated: Option<(usize, usize)>,
    /// What made it planned / conditional.
    pub hypothetical: Option<(usize, usize)>,
    /// What made it historical.
    pub historical: Option<(usize, usize)>,
    /// What made it about someone else.
    pub other_person: Option<(usize, usize)>,
    /// What made it hearsay.
    pub hearsay: Option<(usize, usize)>,
    /// What made it uncertain.
    pub uncertain: Option<(usize, usize)>,
    /// What made it a template.
    pub templated: Option<(usize, usize)>,
    /// What marked it resolved.
    pub resolved: Option<(usize, usize)>,
}

impl Context {
    /// An affirmed fact about the patient: not negated, planned, about someone else or templated.
    pub(crate) fn affirmed(&self) -> bool {
        !(self.negated || self.hypothetical || self.other_person || self.templated)
    }
}

/// Openings of a new clause with its own subject (", the patient …", "and she …"): a
/// negation or plan before them does not reach what follows.
const NEW_CLAUSE: [&str; 9] =
    [", the patient ", ", he ", ", she ", ", they ", ", it ", " and he ", " and she ", " and the patient ", " and it "];

/// True when a new field label ("… History: X") lies in `start..end`, after some words: a
/// negation or plan before it does not reach the field's content. (A mention before a colon
/// keeps its post-triggers: "Hep B core Ab: PENDING".)
fn label_between(lower: &str, start: usize, end: usize) -> bool {
    let gap = slice(lower, start, end);
    gap.find(':').is_some_and(|p| gap.get(..p).is_some_and(|b| b.chars().any(char::is_alphanumeric)))
}

/// True when a sentence-ending or clause-ending mark lies in `start..end`: a semicolon, a
/// sentence end, a cell break, or a new clause.
fn hard_stop_between(lower: &str, start: usize, end: usize) -> bool {
    let gap = slice(lower, start, end);
    gap.contains(';')
        || gap.contains(". ")
        || gap.contains(".\n")
        || gap.contains('|')
        || gap.contains('\t')
        || new_clause(gap)
}

fn new_clause(gap: &str) -> bool {
    if !gap.contains(", ") && !gap.contains(" and ") {
        return false;
    }
    let mut flat = String::with_capacity(gap.len() + 1);
    for w in gap.split_whitespace() {
        flat.push_str(w);
        flat.push(' ');
    }
    let flat = flat.replace(" ,", ",");
    NEW_CLAUSE.iter().any(|c| flat.contains(c) || format!(" {flat}").contains(c))
}

/// True when `gap` reads as the rest of a list ("palpitations, dyspnea, chest pain, or"):
/// comma-separated items of at most four words each, ending in a comma, "or", "and" or "nor".
fn list_gap(gap: &str) -> bool {
    let t = gap.trim_end();
    if !t.contains(',') {
        return false;
    }
    let ends = t.ends_with(',') || t.ends_with(" or") || t.ends_with(" and") || t.ends_with(" nor");
    ends && t.split(',').all(|item| item.split_whitespace().count() <= 4)
}

/// Words a negation reaches across a list of findings.
const LIST_WINDOW: usize = 24;

fn terminated(lower: &str, triggers: &[Hit], a: usize, b: usize) -> bool {
    if b <= a {
        return false;
    }
    let from = triggers.partition_point(|t| t.start < a);
    hard_stop_between(lower, a, b)
        || triggers
            .get(from..)
            .unwrap_or(&[])
            .iter()
            .take_while(|t| t.start < b)
            .any(|t| t.tag == TERMINATOR && t.end <= b)
}

fn covered_by_pseudo(triggers: &[Hit], t: &Hit) -> bool {
    // Pseudo-triggers start at or before the trigger and are short.
    let from = triggers.partition_point(|p| p.start + 40 < t.start);
    triggers
        .get(from..)
        .unwrap_or(&[])
        .iter()
        .take_while(|p| p.start <= t.start)
        .any(|p| p.tag == PSEUDO && p.end >= t.end)
}

/// Classifies the mention `ms..me` of `sentence`, given the context triggers of that sentence
/// (sorted by position) and the lowercase note text.
pub(crate) fn classify(lower: &str, sentence: &Sentence, triggers: &[Hit], ms: usize, me: usize) -> Context {
    classify_ignoring(lower, sentence, triggers, ms, me, &[])
}

/// Like [`classify`], ignoring triggers that lie inside any of the `ignore` spans (other cues
/// that contain their own negation, such as "without treatment").
pub(crate) fn classify_ignoring(
    lower: &str,
    sentence: &Sentence,
    triggers: &[Hit],
    ms: usize,
    me: usize,
    ignore: &[(usize, usize)],
) -> Context {
    let mut cx = Context::default();
    match sentence.section {
        Section::Family => cx.other_person = true,
        Section::Pmh | Section::Social => cx.historical = true,
        _ => {}
    }
    let skip = |t: &Hit| {
        // Triggers inside the mention belong to the cue itself.
        (t.start < me && t.end > ms)
            || ignore.iter().any(|&(a, b)| t.start >= a && t.end <= b)
            || (t.tag != PSEUDO && covered_by_pseudo(triggers, t))
    };
    // Triggers before the mention, nearest first; stop once out of reach.
    let split = triggers.partition_point(|t| t.start < ms);
    let mut box_seen = false;
    for t in triggers.get(..split).unwrap_or(&[]).iter().rev() {
        if t.end + REACH < ms {
            break;
        }
        if t.end > ms || skip(t) {
            continue;
        }
        let listed = t.tag == NEG_PRE
            && within_words(lower, t.end, ms, LIST_WINDOW)
            && list_gap(slice(lower, t.end, ms))
            && !terminated(lower, triggers, t.end, ms)
            && !label_between(lower, t.end, ms);
        let near = listed || within_words(lower, t.end, ms, PRE_WINDOW);
        if matches!(t.tag, UNCHECKED | CHECKED) && !box_seen {
            // The nearest box on the same line decides ("[x] nausea [ ] syncope").
            if !hard_stop_between(lower, t.end, ms) {
                box_seen = true;
                if t.tag == UNCHECKED {
                    cx.templated = true;
                    cx.why.templated.get_or_insert((t.start, t.end));
                }
            }
            continue;
        }
        if !near {
            if box_seen || hard_stop_between(lower, t.end, ms) {
                break;
            }
            continue;
        }
        match t.tag {
            NEG_PRE | HYP_PRE | HIST_PRE | FAMILY_PRE | HEARSAY_PRE | UNCERTAIN_PRE => {
                let window = match t.tag {
                    HIST_PRE | HEARSAY_PRE => 4,
                    FAMILY_PRE => 6,
                    _ => PRE_WINDOW,
                };
                if (listed || within_words(lower, t.end, ms, window))
                    && !terminated(lower, triggers, t.end, ms)
                    && !label_between(lower, t.end, ms)
                {
                    let span = Some((t.start, t.end));
                    match t.tag {
                        NEG_PRE => (cx.negated, cx.why.negated) = (true, cx.why.negated.or(span)),
                        HYP_PRE => (cx.hypothetical, cx.why.hypothetical) = (true, cx.why.hypothetical.or(span)),
                        HIST_PRE => (cx.historical, cx.why.historical) = (true, cx.why.historical.or(span)),
                        FAMILY_PRE => (cx.other_person, cx.why.other_person) = (true, cx.why.other_person.or(span)),
                        HEARSAY_PRE => (cx.hearsay, cx.why.hearsay) = (true, cx.why.hearsay.or(span)),
                        _ => (cx.uncertain, cx.why.uncertain) = (true, cx.why.uncertain.or(span)),
                    }
                }
            }
            TEMPLATE => {
                let gap = slice(lower, t.end, ms);
                if !gap.contains([',', ';', '|', '\t']) && !gap.contains(". ") && within_words(lower, t.end, ms, 6) {
                    cx.templated = true;
                    cx.why.templated.get_or_insert((t.start, t.end));
                }
            }
            _ => {}
        }
    }
    // Triggers after the mention, nearest first.
    let from = triggers.partition_point(|t| t.start < me);
    for t in triggers.get(from..).unwrap_or(&[]) {
        if skip(t) {
            continue;
        }
        if !within_words(lower, me, t.start, POST_WINDOW) {
            break;
        }
        match t.tag {
            NEG_POST | HYP_POST if !terminated(lower, triggers, me, t.start) => {
                let span = Some((t.start, t.end));
                if t.tag == NEG_POST {
                    (cx.negated, cx.why.negated) = (true, cx.why.negated.or(span));
                } else {
                    (cx.hypothetical, cx.why.hypothetical) = (true, cx.why.hypothetical.or(span));
                }
            }
            RESOLVED_POST if !terminated(lower, triggers, me, t.start) => {
                (cx.resolved, cx.why.resolved) = (true, cx.why.resolved.or(Some((t.start, t.end))));
            }
            TEMPLATE => {
                let gap = slice(lower, me, t.start);
                if !gap.contains([',', ';', '|', '\t']) && !gap.contains(". ") && within_words(lower, me, t.start, 6) {
                    cx.templated = true;
                    cx.why.templated.get_or_insert((t.start, t.end));
                }
            }
            _ => {}
        }
    }
    cx
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::checks::notes::Corpus;

    fn ctx_of(text: &str, mention: &str) -> Context {
        let corpus = Corpus::from_texts(&[text]);
        corpus.context_of_first(0, mention).expect("mention found")
    }

    #[test]
    fn negation_scope() {
        assert!(ctx_of("Denies saddle anesthesia, bowel or bladder changes.", "bladder").negated);
        assert!(ctx_of("No h/o cancer, fevers or weight loss.", "weight loss").negated);
        assert!(!ctx_of("No fever but reports weight loss.", "weight loss").negated);
        assert!(ctx_of("Hep B sAg / core Ab: PENDING.", "hep b").hypothetical);
        assert!(!ctx_of("No corticosteroid use other than the injection above.", "injection").negated);
        assert!(ctx_of("MRI: considered to look for AVN; not obtained.", "mri").hypothetical);
        assert!(!ctx_of("Not safe for discharge.", "not safe for discharge").negated);
    }

    #[test]
    fn negation_across_lists_clauses_and_fields() {
        // A negation reaches the end of a list of findings (dictated, telegraphic, templated).
        assert!(
            ctx_of("He denies any palpitations, shortness of breath, chest pain, headache, or dizziness.", "dizziness")
                .negated
        );
        assert!(ctx_of("No fever, chills, night sweats, nausea, vomiting, or weight loss.", "weight loss").negated);
        assert!(ctx_of("ROS: negative for fever, cough, dysuria, rash, or joint pain", "joint pain").negated);
        // …but not into a new clause with its own subject, or into the next field.
        assert!(!ctx_of("No evidence of bleeding, the patient remained stable.", "stable").negated);
        assert!(!ctx_of("He is not cooperative and he is difficult to examine.", "difficult to examine").negated);
        assert!(!ctx_of("LMP: {Not Entered}  Menstrual History: post-menopausal", "post-menopausal").negated);
        assert!(!ctx_of("MRI showed no dilatation and positive for gallstones.", "gallstones").negated);
        // Post-negations: resolved findings, "not consistent with" readings.
        assert!(ctx_of("Her hyponatremia from last week has resolved.", "hyponatremia").resolved);
        let c = ctx_of("Nausea and vomiting resolved with fluids.", "nausea");
        assert!(c.resolved && c.affirmed(), "resolved findings still happened");
        assert!(ctx_of("These findings would not support a diagnosis of lymphoma.", "lymphoma").negated);
        assert!(ctx_of("IMPRESSION: not consistent with fracture", "fracture").negated);
        assert!(ctx_of("Mitral valve: None mitral regurgitation.", "mitral regurgitation").negated);
        assert!(ctx_of("Wound cleared; no further signs of infection.", "infection").negated);
        assert!(!ctx_of("Voiding without difficulty and ambulating independently.", "ambulating").negated);
    }

    #[test]
    fn plans_family_templates() {
        assert!(ctx_of("Will start PT if not better in 2 wks.", "pt").hypothetical);
        assert!(
            ctx_of("Aquatic therapy was also recommended in 12/2024 but not started.", "aquatic therapy").hypothetical
        );
        assert!(ctx_of("Mother dx lung CA last yr.", "lung ca").other_person);
        assert!(ctx_of("ROS: [x] diaphoresis [x] nausea [ ] syncope [ ] fever", "syncope").templated);
        assert!(!ctx_of("ROS: [x] diaphoresis [x] nausea [ ] syncope", "nausea").templated);
        assert!(ctx_of("Expected LOS: ____", "expected los").templated);
        assert!(ctx_of("Pt-reported home BP 138/82", "bp").hearsay);
        assert!(ctx_of("Completed 6 wks of PT.", "pt").affirmed());
    }
}
