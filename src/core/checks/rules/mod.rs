//! The element rules, one file per element, and what they share.
//!
//! Each rule file declares its cues (`TERMS`: lowercase phrases with a rule-local tag, found for
//! it by the shared automaton) and a `check` function that looks only at the sentences where
//! its cues occur, classifies each mention with the ConText classifier and returns an
//! [`Outcome`]: the sentences that prove the element, or none (with near misses such as
//! "pending" or "too short" that explain why). Rules never read the case's `expected` block;
//! only `diagnosis_supports_procedure` looks at claim data (the pointed diagnosis codes), and a
//! few rules use the claim to know *what* was billed (drug, DME item, date of service).
//!
//! Every rule file documents what it checks, why payers require it, what satisfies it and its
//! references, and carries pass/fail vectors (paraphrases and traps) as unit tests.

pub(crate) mod derived;
pub(crate) mod shared;

mod chief_complaint;
mod conservative_treatment_duration;
mod conservative_treatment_tried;
mod diagnosis_supports_procedure;
mod dose_and_frequency;
mod expected_inpatient_stay;
mod face_to_face_evaluation;
mod failed_treatment_outcome;
mod functional_limitation;
mod home_assessment;
mod imaging_or_lab_results;
mod informed_consent;
mod inpatient_admission_order;
mod intraoperative_findings;
mod less_costly_alternatives_ruled_out;
mod objective_exam_findings;
mod plan_of_care;
mod pretreatment_safety_screening;
mod progress_toward_goals;
mod provider_signature_and_date;
mod red_flag_symptoms;
mod relevant_history;
mod risk_of_delay;
mod severity_score;
mod skilled_care_justification;
mod symptom_onset_duration;
mod treatment_goals;
mod urgency_or_emergency_rationale;
mod written_order;

use crate::core::checks::lexicon::{Builder, Lexicon};
use crate::core::checks::notes::context::{self, Context};
use crate::core::checks::notes::sentences::Sentence;
use crate::core::checks::notes::text::{slice, trim_span};
use crate::core::checks::notes::time::{self, DateHit, DurHit};
use crate::core::checks::notes::{CONTEXT, Corpus, Doc, Hit};
use crate::core::checks::profile::{self, Params};
use crate::core::finding::{Evidence, NotCounted, NotCountedReason};
use chrono::NaiveDate;

/// Owner id of the shared lexicon (`rules::shared`).
pub(crate) const SHARED: usize = CONTEXT + 1;
/// Drug names from `drugs.json`; tag = drug index.
pub(crate) const DRUGS: usize = CONTEXT + 2;
/// Screening tests from `screening.json`; tag = test index.
pub(crate) const SCREENING: usize = CONTEXT + 3;
/// Diagnosis words from `diagnosis_terms.json`; tag = entry index, or
/// [`DX_CONTRA`] | entry index for a contradicting phrase.
pub(crate) const DIAGNOSIS: usize = CONTEXT + 4;
/// DME alternatives from `equipment.json`; tag = item index * 16 + alternative index.
pub(crate) const EQUIPMENT: usize = CONTEXT + 5;
/// Owner id of the first rule; rule `i` of [`RULES`] is `FIRST_RULE + i`.
pub(crate) const FIRST_RULE: usize = CONTEXT + 6;
/// Tag bit marking a contradicting diagnosis phrase.
pub(crate) const DX_CONTRA: u16 = 0x8000;

/// The lexicon of every owner above (context triggers, shared terms, profile data terms and
/// each rule's cues), built on first use.
pub(crate) fn lexicon() -> &'static Lexicon {
    static LEXICON: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut b = Builder::new();
        b.add_all(CONTEXT, context::TRIGGERS);
        b.add_all(SHARED, shared::TERMS);
        let cat = profile::catalog();
        for (i, d) in cat.drugs.iter().enumerate() {
            for n in &d.names {
                b.add(DRUGS, n, i as u16);
            }
        }
        for (i, s) in cat.screening.iter().enumerate() {
            for n in &s.terms {
                b.add(SCREENING, n, i as u16);
            }
        }
        for (i, e) in cat.dx.iter().enumerate() {
            for n in &e.terms {
                b.add(DIAGNOSIS, n, i as u16);
            }
            for n in &e.contradicted_by {
                b.add(DIAGNOSIS, n, DX_CONTRA | i as u16);
            }
        }
        for (i, item) in cat.equipment.iter().enumerate() {
            for (j, alt) in item.alternatives.iter().enumerate() {
                for n in &alt.terms {
                    b.add(EQUIPMENT, n, (i * 16 + j.min(15)) as u16);
                }
            }
        }
        for (i, rule) in RULES.iter().enumerate() {
            b.add_all(FIRST_RULE + i, rule.terms);
        }
        b.build(FIRST_RULE + RULES.len())
    })
}

/// A rule: the element it decides, its cues and its check.
pub(crate) struct RuleDef {
    /// Element id from the vocabulary.
    pub id: &'static str,
    /// Cues: (lowercase phrase, rule-local tag).
    pub terms: &'static [(&'static str, u16)],
    /// The check.
    pub check: fn(&Cx<'_, '_>) -> Outcome,
}

macro_rules! rule {
    ($m:ident) => {
        RuleDef { id: stringify!($m), terms: $m::TERMS, check: $m::check }
    };
}

/// Every rule, in vocabulary order.
pub(crate) static RULES: &[RuleDef] = &[
    rule!(chief_complaint),
    rule!(symptom_onset_duration),
    rule!(relevant_history),
    rule!(severity_score),
    rule!(functional_limitation),
    rule!(objective_exam_findings),
    rule!(red_flag_symptoms),
    rule!(imaging_or_lab_results),
    rule!(conservative_treatment_tried),
    rule!(conservative_treatment_duration),
    rule!(failed_treatment_outcome),
    rule!(diagnosis_supports_procedure),
    rule!(plan_of_care),
    rule!(urgency_or_emergency_rationale),
    rule!(risk_of_delay),
    rule!(provider_signature_and_date),
    rule!(treatment_goals),
    rule!(progress_toward_goals),
    rule!(skilled_care_justification),
    rule!(expected_inpatient_stay),
    rule!(inpatient_admission_order),
    rule!(intraoperative_findings),
    rule!(informed_consent),
    rule!(face_to_face_evaluation),
    rule!(less_costly_alternatives_ruled_out),
    rule!(home_assessment),
    rule!(written_order),
    rule!(dose_and_frequency),
    rule!(pretreatment_safety_screening),
];

/// The result of one rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Outcome {
    /// Sentences that prove the element (empty when missing).
    pub evidence: Vec<Evidence>,
    /// Sentences that mention it without satisfying it (pending, negated, too short…).
    pub near: Vec<Evidence>,
    /// Why it is missing, in words without patient data.
    pub reason: Option<&'static str>,
    /// The near misses with the class of reason and the deciding cue (missing elements only).
    pub not_counted: Vec<NotCounted>,
}

impl Outcome {
    /// True when documented.
    pub(crate) fn present(&self) -> bool {
        !self.evidence.is_empty()
    }
}

/// How many evidence spans an outcome keeps.
pub(crate) const MAX_EVIDENCE: usize = 3;

/// Collects evidence and near misses for an outcome (deduplicated by sentence).
pub(crate) struct Collector<'x, 'c, 'a> {
    cx: &'x Cx<'c, 'a>,
    found: Vec<usize>,
    near: Vec<usize>,
    near_why: Vec<(usize, &'static str)>,
    reason: Option<&'static str>,
}

impl<'x, 'c, 'a> Collector<'x, 'c, 'a> {
    /// An empty collector.
    pub(crate) fn new(cx: &'x Cx<'c, 'a>) -> Self {
        Collector { cx, found: Vec::new(), near: Vec::new(), near_why: Vec::new(), reason: None }
    }

    /// Adds a proving sentence.
    pub(crate) fn add(&mut self, sent: usize) {
        if self.found.len() < MAX_EVIDENCE && !self.found.contains(&sent) {
            self.found.push(sent);
        }
    }

    /// Adds a near miss with the reason it does not count.
    pub(crate) fn near(&mut self, sent: usize, reason: &'static str) {
        if self.near.len() < MAX_EVIDENCE && !self.near.contains(&sent) {
            self.near.push(sent);
            self.near_why.push((sent, reason));
        }
        if self.reason.is_none() {
            self.reason = Some(reason);
        }
    }

    /// Sets the reason when nothing was found at all (a near miss's reason wins).
    pub(crate) fn reason(&mut self, reason: &'static str) {
        if self.reason.is_none() {
            self.reason = Some(reason);
        }
    }

    /// True when something proves the element.
    pub(crate) fn any(&self) -> bool {
        !self.found.is_empty()
    }

    /// The outcome of `self` (no evidence), keeping `other`'s proving sentences as near misses.
    pub(crate) fn finish_with_near_from(mut self, other: Collector<'_, '_, '_>) -> Outcome {
        for s in other.found {
            if !self.near.contains(&s) {
                self.near.push(s);
            }
        }
        self.found.clear();
        self.finish()
    }

    /// The outcome.
    pub(crate) fn finish(self) -> Outcome {
        // Best first: a sentence that carries content before a bare heading line, which is
        // kept only when nothing else proves the element.
        let heading = |s: usize| self.cx.sent(s).is_some_and(|x| x.heading);
        let mut order: Vec<usize> = self.found.iter().copied().filter(|&s| !heading(s)).collect();
        if order.is_empty() {
            order = self.found.clone();
        }
        let mut evidence: Vec<Evidence> = order.iter().filter_map(|&s| self.cx.evidence(s)).collect();
        evidence.truncate(MAX_EVIDENCE);
        let mut near: Vec<Evidence> = self.near.iter().filter_map(|&s| self.cx.evidence(s)).collect();
        near.truncate(MAX_EVIDENCE);
        let reason = if evidence.is_empty() { self.reason } else { None };
        let mut not_counted = Vec::new();
        if !evidence.is_empty() {
            near.clear();
        } else {
            for &(sent, why) in &self.near_why {
                if let Some(e) = self.cx.not_counted(sent, why) {
                    not_counted.push(e);
                }
            }
        }
        Outcome { evidence, near, reason, not_counted }
    }
}

/// What a rule sees: the analysed notes, the case and the parameters.
pub(crate) struct Cx<'c, 'a> {
    /// The analysed notes.
    pub corpus: &'c Corpus<'a>,
    /// Thresholds and claim facts.
    pub params: &'c Params,
    /// This rule's lexicon owner id.
    pub owner: usize,
}

impl<'c, 'a> Cx<'c, 'a> {
    /// A context for rule number `rule` (index into [`RULES`]).
    pub(crate) fn new(corpus: &'c Corpus<'a>, params: &'c Params, rule: usize) -> Self {
        Cx { corpus, params, owner: FIRST_RULE + rule }
    }

    /// This rule's own cue hits, sorted by sentence and position.
    pub(crate) fn own(&self) -> &'c [Hit] {
        self.bucket(self.owner)
    }

    /// The cue hits of another rule (by element id).
    pub(crate) fn rule_hits(&self, id: &str) -> &'c [Hit] {
        match RULES.iter().position(|r| r.id == id) {
            Some(i) => self.bucket(FIRST_RULE + i),
            None => &[],
        }
    }

    /// The hits of another owner (see [`lexicon()`]).
    pub(crate) fn bucket(&self, owner: usize) -> &'c [Hit] {
        self.corpus.buckets.get(owner).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Hits of the shared lexicon.
    pub(crate) fn shared(&self) -> &'c [Hit] {
        self.bucket(SHARED)
    }

    /// The hits of `hits` inside sentence `sent` (hits are sorted by sentence).
    pub(crate) fn in_sent<'h>(&self, hits: &'h [Hit], sent: usize) -> &'h [Hit] {
        let a = hits.partition_point(|h| h.sent < sent);
        let b = hits.partition_point(|h| h.sent <= sent);
        hits.get(a..b).unwrap_or(&[])
    }

    /// Sentences that have at least one hit in `hits`, each with its hits, in order.
    pub(crate) fn groups<'h>(&self, hits: &'h [Hit]) -> Vec<(usize, &'h [Hit])> {
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(first) = hits.get(i) {
            let mut j = i;
            while hits.get(j).is_some_and(|h| h.sent == first.sent) {
                j += 1;
            }
            out.push((first.sent, hits.get(i..j).unwrap_or(&[])));
            i = j.max(i + 1);
        }
        out
    }

    /// The sentence.
    pub(crate) fn sent(&self, sent: usize) -> Option<&'c Sentence> {
        self.corpus.sents.get(sent)
    }

    /// The note of a sentence.
    pub(crate) fn doc(&self, sent: usize) -> Option<&'c Doc<'a>> {
        self.corpus.doc_of(sent)
    }

    /// The lowercase text of a sentence.
    pub(crate) fn lower(&self, sent: usize) -> &'c str {
        match (self.sent(sent), self.doc(sent)) {
            (Some(s), Some(d)) => slice(&d.lower, s.start, s.end),
            _ => "",
        }
    }

    /// The lowercase text of the content part of a sentence (after a leading `Label:`).
    pub(crate) fn body_lower(&self, sent: usize) -> &'c str {
        match (self.sent(sent), self.doc(sent)) {
            (Some(s), Some(d)) => slice(&d.lower, s.body, s.end),
            _ => "",
        }
    }

    /// The lowercase label of a sentence (`cc`, `plan`), or "".
    pub(crate) fn label(&self, sent: usize) -> String {
        match (self.sent(sent), self.doc(sent)) {
            (Some(s), Some(d)) => match s.label {
                Some((a, b)) => crate::core::checks::notes::sections::normalize_label(slice(d.text, a, b)),
                None => String::new(),
            },
            _ => String::new(),
        }
    }

    /// The lowercase note text and the absolute range of a sentence.
    pub(crate) fn lower_doc(&self, sent: usize) -> (&'c str, usize, usize) {
        match (self.sent(sent), self.doc(sent)) {
            (Some(s), Some(d)) => (d.lower.as_str(), s.start, s.end),
            _ => ("", 0, 0),
        }
    }

    /// Context of a hit.
    pub(crate) fn ctx(&self, hit: &Hit) -> Context {
        self.corpus.context(hit.sent, hit.start, hit.end)
    }

    /// Context of a span inside a sentence.
    pub(crate) fn ctx_span(&self, sent: usize, start: usize, end: usize) -> Context {
        self.corpus.context(sent, start, end)
    }

    /// The reference date for a sentence: its note's date, else the date of service.
    pub(crate) fn ref_date(&self, sent: usize) -> Option<NaiveDate> {
        self.doc(sent).and_then(|d| d.date).or(self.params.dos).or(self.corpus.reference)
    }

    /// Durations in a sentence.
    pub(crate) fn durations(&self, sent: usize) -> Vec<DurHit> {
        let (lower, s, e) = self.lower_doc(sent);
        time::durations(lower, s, e, self.ref_date(sent))
    }

    /// Dates in a sentence.
    pub(crate) fn dates(&self, sent: usize) -> Vec<DateHit> {
        let (lower, s, e) = self.lower_doc(sent);
        time::dates(lower, s, e, self.ref_date(sent))
    }

    /// Evidence for a whole sentence.
    pub(crate) fn evidence(&self, sent: usize) -> Option<Evidence> {
        let s = self.sent(sent)?;
        let d = self.doc(sent)?;
        let (a, b) = trim_span(d.text, s.start, s.end);
        Evidence::from_span(d.index, d.text, a, b)
    }

    /// A near miss of sentence `sent` with the rule's reason `why`, classified: the class
    /// follows from the rule's words ("pending", "shorter than", "after the order"…) and the
    /// deciding cue is the sentence's nearest context trigger of that class.
    pub(crate) fn not_counted(&self, sent: usize, why: &'static str) -> Option<NotCounted> {
        let evidence = self.evidence(sent)?;
        let reason = reason_class(why);
        let kinds: &[u16] = match reason {
            NotCountedReason::Negated => &[context::kind::NEG_PRE, context::kind::NEG_POST],
            NotCountedReason::Hypothetical => &[context::kind::HYP_PRE, context::kind::HYP_POST],
            NotCountedReason::Historical => &[context::kind::HIST_PRE],
            NotCountedReason::OtherExperiencer => &[context::kind::FAMILY_PRE],
            NotCountedReason::Template => &[context::kind::TEMPLATE, context::kind::UNCHECKED],
            NotCountedReason::ObjectMismatch | NotCountedReason::BelowThreshold => &[],
        };
        let doc = self.doc(sent)?;
        let trigger = self.corpus.triggers(sent).iter().find(|t| kinds.contains(&t.tag));
        Some(NotCounted {
            reason,
            detail: why.to_string(),
            trigger: trigger.and_then(|t| doc.text.get(t.start..t.end)).map(str::to_string),
            trigger_span: trigger.map(|t| (t.start, t.end)),
            evidence,
        })
    }

    /// All sentence indices.
    pub(crate) fn all_sentences(&self) -> std::ops::Range<usize> {
        0..self.corpus.sents.len()
    }
}

/// The class of a rule's near-miss reason, from its words (every `Collector::near` reason is
/// a fixed phrase; `near_miss_reasons_are_classified` keeps them in step).
pub(crate) fn reason_class(why: &str) -> NotCountedReason {
    let w = why.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|x| w.contains(x));
    if has(&["shorter than", "below", "older than", "too short", "short of", "less than"]) {
        NotCountedReason::BelowThreshold
    } else if has(&["blank", "template", "unchecked", "not reviewed"]) {
        NotCountedReason::Template
    } else if has(&["someone else", "family", "another person"]) {
        NotCountedReason::OtherExperiencer
    } else if has(&["narrated after", "after the fact", "historical"]) {
        NotCountedReason::Historical
    } else if has(&[
        "planned",
        "pending",
        "awaiting",
        "ordered",
        "scheduled",
        "conditional",
        "recommended",
        "only requested",
        "not yet",
        "unsigned",
        "not signed",
    ]) {
        NotCountedReason::Hypothetical
    } else if has(&["not done", "negated", "denied", "deferred", "not performed", "no "]) {
        NotCountedReason::Negated
    } else {
        NotCountedReason::ObjectMismatch
    }
}

/// Runs rule `id` (an element id) and returns its outcome, or `None` for an unknown id.
pub(crate) fn run(id: &str, corpus: &Corpus<'_>, params: &Params) -> Option<Outcome> {
    let idx = RULES.iter().position(|r| r.id == id)?;
    let rule = RULES.get(idx)?;
    let cx = Cx::new(corpus, params, idx);
    Some((rule.check)(&cx))
}

#[cfg(test)]
mod not_counted_tests {
    use super::testing::{case, run_case};
    use super::*;

    fn first(id: &str, profile: &str, note: &str) -> NotCounted {
        let out = run_case(id, profile, &case(&[note], &["73721"], &["M25.571"]));
        assert!(!out.present(), "{id} should be missing for {note:?}");
        out.not_counted.first().cloned().unwrap_or_else(|| panic!("{id}: no not-counted mention for {note:?}"))
    }

    #[test]
    fn mentions_that_did_not_count_say_why_and_which_cue() {
        let n = first("home_assessment", "dme_mobility", "OT home safety visit scheduled 12/20.");
        assert_eq!((n.reason, n.trigger.as_deref()), (NotCountedReason::Hypothetical, Some("scheduled")));
        assert_eq!(n.trigger_span.map(|(a, b)| b - a), Some(9));
        let n = first("imaging_or_lab_results", "imaging_general", "No labs drawn today.");
        assert_eq!((n.reason, n.trigger.as_deref()), (NotCountedReason::Negated, Some("No")));
        let n = first(
            "conservative_treatment_duration",
            "imaging_msk",
            "Completed physical therapy x 3 weeks with no relief.",
        );
        assert_eq!((n.reason, n.trigger), (NotCountedReason::BelowThreshold, None));
        assert!(n.evidence.quote.contains("3 weeks"));
    }

    #[test]
    fn near_miss_reasons_are_classified() {
        use NotCountedReason::*;
        for (why, want) in [
            ("tests are only ordered, scheduled or pending, with no result", Hypothetical),
            ("the test is documented as not done", Negated),
            ("the conservative treatment documented is shorter than the policy threshold", BelowThreshold),
            ("the expected length of stay is left blank", Template),
            ("the stay is narrated after the fact, not stated as expected at admission", Historical),
            ("the consent does not cover every procedure that was performed", ObjectMismatch),
            ("the billed drug is planned only conditionally", Hypothetical),
        ] {
            assert_eq!(reason_class(why), want, "{why}");
        }
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for the rule vectors. A vector that expects the element present marks its
    //! best evidence `⟦…⟧` (see [`marked`]); one that expects it missing has no marks.
    use super::*;
    use crate::core::checks::profile;
    use crate::core::model::{Case, Note, ServiceLine};

    /// A case with these notes (clinic notes) and, optionally, billed codes and diagnoses.
    pub(crate) fn case(notes: &[&str], codes: &[&str], dx: &[&str]) -> Case {
        let mut case = Case::new_empty();
        case.notes = notes
            .iter()
            .map(|t| Note { note_type: "clinic_note".into(), text: Some((*t).into()), ..Note::default() })
            .collect();
        case.claim.claim.date_of_service = Some("2025-06-30".into());
        case.claim.claim.lines = codes
            .iter()
            .map(|c| ServiceLine {
                cpt_or_hcpcs: Some((*c).into()),
                icd10_pointers: (1..=dx.len() as i64).map(crate::core::model::Lenient::Valid).collect(),
                ..ServiceLine::default()
            })
            .collect();
        case.claim.claim.diagnoses = dx.iter().map(|d| (*d).to_string()).collect();
        case
    }

    /// Runs rule `id` on a case under `profile`.
    pub(crate) fn run_case(id: &str, profile_name: &str, case: &Case) -> Outcome {
        let notes: Vec<(&str, Option<&str>)> =
            case.notes.iter().map(|n| (n.note_type.as_str(), n.text.as_deref())).collect();
        let corpus = Corpus::build(&notes, lexicon(), profile::reference_date(case));
        let params = profile::params(profile_name, case);
        run(id, &corpus, &params).unwrap_or_default()
    }

    /// True when rule `id` finds the element in these notes (no claim data); see [`marked`].
    pub(crate) fn present(id: &str, notes: &[&str]) -> bool {
        marked(notes, |plain| run_case(id, "imaging_general", &case(plain, &[], &[])))
    }

    /// The opening and closing evidence marks of a vector.
    const OPEN: char = '⟦';
    const CLOSE: char = '⟧';

    /// `text` without its marks, and the byte range (into the returned text) of the one marked
    /// span, if any. Panics on unbalanced, nested or repeated marks (a broken vector).
    pub(crate) fn unmark(text: &str) -> (String, Option<(usize, usize)>) {
        let mut plain = String::with_capacity(text.len());
        let (mut start, mut span) = (None, None);
        for ch in text.chars() {
            match ch {
                OPEN => {
                    assert!(start.is_none() && span.is_none(), "one ⟦…⟧ mark per vector: {text:?}");
                    start = Some(plain.len());
                }
                CLOSE => {
                    let s = start.take().unwrap_or_else(|| panic!("⟧ without ⟦: {text:?}"));
                    span = Some((s, plain.len()));
                }
                _ => plain.push(ch),
            }
        }
        assert!(start.is_none(), "⟦ without ⟧: {text:?}");
        (plain, span)
    }

    /// Runs `run` on `notes` with their marks stripped and returns whether the element is present.
    ///
    /// The contract of a marked vector: the element's best evidence (the first of
    /// [`Outcome::evidence`]) is exactly the marked span — the same note, the same byte range,
    /// hence the same quote. Evidence is a whole sentence, so the mark wraps the proving sentence
    /// as the sentence splitter cuts it (without the whitespace between sentences).
    /// When the element is present, exactly one note must carry a mark ("mark the evidence").
    /// A marked note may still be found missing (the same note under other claim facts, e.g. a
    /// later date of service): the caller asserts the `false`; [`vectors`] rejects marks on the
    /// vectors it expects missing.
    pub(crate) fn marked(notes: &[&str], run: impl FnOnce(&[&str]) -> Outcome) -> bool {
        let stripped: Vec<(String, Option<(usize, usize)>)> = notes.iter().map(|n| unmark(n)).collect();
        let plain: Vec<&str> = stripped.iter().map(|(t, _)| t.as_str()).collect();
        let marks: Vec<(usize, (usize, usize))> =
            stripped.iter().enumerate().filter_map(|(i, (_, m))| m.map(|m| (i, m))).collect();
        let out = run(&plain);
        let Some(best) = out.evidence.first() else {
            return false;
        };
        let got = (best.note, (best.start, best.end));
        match marks.as_slice() {
            [] => panic!("mark the evidence: {notes:?} is present with best evidence {:?}", best.quote),
            [want] => assert_eq!(got, *want, "best evidence {:?} is not the marked span in {notes:?}", best.quote),
            _ => panic!("one ⟦…⟧ mark per vector: {notes:?}"),
        }
        true
    }

    /// Asserts each text passes (`true`, with its best evidence marked `⟦…⟧`, see [`marked`]) or
    /// fails (`false`, unmarked) rule `id`.
    pub(crate) fn vectors(id: &str, cases: &[(bool, &str)]) {
        for (want, text) in cases {
            if !*want {
                assert!(unmark(text).1.is_none(), "{id}: a missing vector carries no mark: {text:?}");
            }
            let got = present(id, &[text]);
            assert_eq!(got, *want, "{id}: expected {} for {text:?}", if *want { "present" } else { "missing" });
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn marks_are_stripped_and_give_a_byte_range() {
            assert_eq!(unmark("Pt c/o ⟦L knee pain.⟧"), ("Pt c/o L knee pain.".into(), Some((7, 19))));
            assert_eq!(unmark("Señora: ⟦dolor 😀.⟧ x"), ("Señora: dolor 😀. x".into(), Some((9, 20))));
            assert_eq!(unmark("no marks"), ("no marks".into(), None));
        }

        #[test]
        #[should_panic(expected = "mark the evidence")]
        fn a_present_vector_without_marks_fails() {
            vectors("chief_complaint", &[(true, "CC: Bilateral buttock and leg pain with walking.")]);
        }

        #[test]
        #[should_panic(expected = "is not the marked span")]
        fn a_mark_on_another_sentence_fails() {
            vectors("chief_complaint", &[(true, "⟦Vitals: BP 120/80.⟧ CC: Bilateral buttock and leg pain.")]);
        }

        #[test]
        #[should_panic(expected = "is not the marked span")]
        fn a_mark_on_part_of_the_sentence_fails() {
            vectors("chief_complaint", &[(true, "CC: ⟦Bilateral buttock and leg pain⟧ with walking.")]);
        }

        #[test]
        #[should_panic(expected = "carries no mark")]
        fn a_missing_vector_with_marks_fails() {
            vectors("chief_complaint", &[(false, "⟦Vitals: BP 120/80, HR 72.⟧")]);
        }

        #[test]
        #[should_panic(expected = "one ⟦…⟧ mark per vector")]
        fn two_marks_fail() {
            unmark("⟦a⟧ ⟦b⟧");
        }
    }
}
