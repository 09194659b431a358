//! Note analysis: every note of a case cut into sentences with sections, every lexicon cue
//! found once, and a ConText classifier for each mention.
//!
//! The work is linear in the total note length: one pass to lowercase (ASCII only, so byte
//! offsets do not move), one pass to split lines and sentences, one Aho-Corasick pass over the
//! text with every cue of every rule plus the context triggers, and a bucket sort of the hits.
//! Rules then look only at the sentences where their cues occur.
//!
//! * [`sections`]: which part of a note a sentence belongs to;
//! * [`sentences`]: line, sentence and list splitting;
//! * [`context`]: negated / planned / historical / family / templated mentions;
//! * [`time`]: dates and durations as clinicians write them;
//! * [`text`]: small helpers (word boundaries, trimming).

pub(crate) mod context;
pub(crate) mod sections;
pub(crate) mod sentences;
pub(crate) mod text;
pub(crate) mod time;

use chrono::NaiveDate;
use context::Context;
use sentences::Sentence;
use std::ops::Range;

/// Owner id of the context triggers ([`context::TRIGGERS`]) in any [`Cues`] given to
/// [`Corpus::build`].
pub(crate) const CONTEXT: usize = 0;

/// A multi-pattern matcher over lowercase text: every cue of every owner, found in one pass.
/// The corpus is given one (the rules' lexicon); owner [`CONTEXT`] must carry
/// [`context::TRIGGERS`].
pub(crate) trait Cues {
    /// How many owners there are (hit buckets to allocate).
    fn owner_count(&self) -> usize;
    /// Calls `f(owner, tag, start, end)` for every cue occurrence in `lower` on word
    /// boundaries, overlapping occurrences included.
    fn for_each_match(&self, lower: &str, f: &mut dyn FnMut(usize, u16, usize, usize));
}

/// One occurrence of a lexicon cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    /// Global sentence index (into [`Corpus::sents`]).
    pub sent: usize,
    /// Start byte in the note.
    pub start: usize,
    /// End byte in the note.
    pub end: usize,
    /// The cue's tag within its owner's lexicon.
    pub tag: u16,
}

/// Whether a note has text to analyse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoteState {
    /// Has non-blank text.
    Text,
    /// Empty or whitespace only.
    Empty,
    /// `text` is absent (a `text_file` that was not loaded).
    NotLoaded,
}

/// One analysed note.
#[derive(Debug, Clone)]
pub(crate) struct Doc<'a> {
    /// Index of the note in the case.
    pub index: usize,
    /// The text as given.
    pub text: &'a str,
    /// ASCII-lowercased text (same byte offsets).
    pub lower: String,
    /// Lowercase note type (`operative_note`…).
    pub note_type: String,
    /// The note's own date (visit / report / surgery date), if found near the top.
    pub date: Option<NaiveDate>,
    /// Its sentences, as a range of [`Corpus::sents`].
    pub sents: Range<usize>,
    /// Whether it has text.
    pub state: NoteState,
}

/// Every note of a case, analysed.
#[derive(Debug, Clone)]
pub(crate) struct Corpus<'a> {
    /// The notes, in case order.
    pub docs: Vec<Doc<'a>>,
    /// All sentences of all notes, in order; `Sentence::note` says which note.
    pub sents: Vec<Sentence>,
    /// Cue hits per lexicon owner, sorted by (sentence, start).
    pub buckets: Vec<Vec<Hit>>,
    /// For each sentence, the range of its context triggers in `buckets[CONTEXT]`.
    pub sent_triggers: Vec<Range<usize>>,
    /// The date of service (or first date), the fallback reference date.
    pub reference: Option<NaiveDate>,
}

const DATE_LABELS: [&str; 14] = [
    "date",
    "visit date",
    "date of visit",
    "date of service",
    "dos",
    "date of surgery",
    "date of operation",
    "date/time",
    "report date",
    "delivery date",
    "date of procedure",
    "admission",
    "encounter date",
    "service date",
];

fn find_note_date(text: &str, lower: &str, sents: &[Sentence], fallback: Option<NaiveDate>) -> Option<NaiveDate> {
    let head: Vec<&Sentence> = sents.iter().take_while(|s| s.start < 800).take(12).collect();
    for s in &head {
        if let Some((a, b)) = s.label {
            let label = sections::normalize_label(text::slice(text, a, b));
            if DATE_LABELS.iter().any(|l| label == *l || label.ends_with(l))
                && let Some(d) = time::dates(lower, s.body, s.end, fallback)
                    .into_iter()
                    .find(|d| d.precision == time::Precision::Day)
            {
                return Some(d.date);
            }
        }
    }
    head.iter()
        .flat_map(|s| time::dates(lower, s.start, s.end, fallback))
        .find(|d| {
            d.precision == time::Precision::Day
                && !text::slice(lower, d.start.saturating_sub(5), d.start).contains("dob")
        })
        .map(|d| d.date)
}

impl<'a> Corpus<'a> {
    /// Analyses notes given as (note type, optional text) with the cues to find and a
    /// reference date.
    pub(crate) fn build(
        notes: &[(&'a str, Option<&'a str>)],
        lex: &dyn Cues,
        reference: Option<NaiveDate>,
    ) -> Corpus<'a> {
        let mut docs = Vec::with_capacity(notes.len());
        let mut sents: Vec<Sentence> = Vec::new();
        let mut buckets: Vec<Vec<Hit>> = vec![Vec::new(); lex.owner_count()];
        for (index, &(note_type, text)) in notes.iter().enumerate() {
            let state = match text {
                None => NoteState::NotLoaded,
                Some(t)
                    if t.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}').is_empty() =>
                {
                    NoteState::Empty
                }
                Some(_) => NoteState::Text,
            };
            let text = text.unwrap_or("");
            // Comma-joined exports get their line breaks back (same offsets; quotes still come
            // from the text as given).
            let shaped = if state == NoteState::Text { sentences::reshape(text) } else { None };
            let structure = shaped.as_deref().unwrap_or(text);
            let lower = structure.to_ascii_lowercase();
            let first = sents.len();
            let mut mine = if state == NoteState::Text { sentences::split(structure, &lower) } else { Vec::new() };
            for s in &mut mine {
                s.note = index;
            }
            let date = find_note_date(structure, &lower, &mine, reference);
            sents.extend(mine);
            let range = first..sents.len();
            if state == NoteState::Text {
                scan(lex, &lower, &sents, range.clone(), &mut buckets);
            }
            docs.push(Doc { index, text, lower, note_type: note_type.to_ascii_lowercase(), date, sents: range, state });
        }
        for bucket in &mut buckets {
            bucket.sort_by_key(|h| (h.sent, h.start, h.end));
        }
        let mut sent_triggers = Vec::with_capacity(sents.len());
        let triggers = buckets.get(CONTEXT).map(Vec::as_slice).unwrap_or(&[]);
        let mut k = 0;
        for i in 0..sents.len() {
            while triggers.get(k).is_some_and(|h| h.sent < i) {
                k += 1;
            }
            let s = k;
            while triggers.get(k).is_some_and(|h| h.sent == i) {
                k += 1;
            }
            sent_triggers.push(s..k);
        }
        Corpus { docs, sents, buckets, sent_triggers, reference }
    }

    /// Test helper: analyses plain texts as clinic notes, with the context triggers only.
    #[cfg(test)]
    pub(crate) fn from_texts(texts: &[&'a str]) -> Corpus<'a> {
        let notes: Vec<(&str, Option<&str>)> = texts.iter().map(|t| ("clinic_note", Some(*t))).collect();
        Corpus::build(&notes, &TriggersOnly, NaiveDate::from_ymd_opt(2025, 6, 30))
    }

    /// The note a sentence belongs to.
    pub(crate) fn doc_of(&self, sent: usize) -> Option<&Doc<'a>> {
        self.docs.get(self.sents.get(sent)?.note)
    }

    /// The context triggers of a sentence.
    pub(crate) fn triggers(&self, sent: usize) -> &[Hit] {
        let range = self.sent_triggers.get(sent).cloned().unwrap_or(0..0);
        self.buckets.get(CONTEXT).and_then(|b| b.get(range)).unwrap_or(&[])
    }

    /// Classifies the mention `start..end` in sentence `sent`.
    pub(crate) fn context(&self, sent: usize, start: usize, end: usize) -> Context {
        match (self.sents.get(sent), self.doc_of(sent)) {
            (Some(s), Some(doc)) => context::classify(&doc.lower, s, self.triggers(sent), start, end),
            _ => Context::default(),
        }
    }

    /// Classifies a mention, ignoring triggers inside the `ignore` spans.
    pub(crate) fn context_ignoring(&self, sent: usize, start: usize, end: usize, ignore: &[(usize, usize)]) -> Context {
        match (self.sents.get(sent), self.doc_of(sent)) {
            (Some(s), Some(doc)) => context::classify_ignoring(&doc.lower, s, self.triggers(sent), start, end, ignore),
            _ => Context::default(),
        }
    }

    /// Test helper: the context of the first occurrence of `mention` (lowercase) in note `note`.
    #[cfg(test)]
    pub(crate) fn context_of_first(&self, note: usize, mention: &str) -> Option<Context> {
        let doc = self.docs.get(note)?;
        let at = doc.lower.find(mention)?;
        let sent = self.sents.iter().position(|s| s.note == note && s.start <= at && at < s.end)?;
        Some(self.context(sent, at, at + mention.len()))
    }
}

/// A naive matcher over the context triggers only, for the note-level unit tests.
#[cfg(test)]
struct TriggersOnly;

#[cfg(test)]
impl Cues for TriggersOnly {
    fn owner_count(&self) -> usize {
        CONTEXT + 1
    }

    fn for_each_match(&self, lower: &str, f: &mut dyn FnMut(usize, u16, usize, usize)) {
        for &(phrase, tag) in context::TRIGGERS {
            let wild = phrase.ends_with('*');
            let pat = phrase.trim_end_matches('*').trim();
            if pat.is_empty() {
                continue;
            }
            let left = pat.chars().next().is_some_and(char::is_alphanumeric);
            let right = !wild && pat.chars().next_back().is_some_and(char::is_alphanumeric);
            for (start, _) in lower.match_indices(pat) {
                let end = start + pat.len();
                if (!left || text::word_start(lower, start)) && (!right || text::word_end(lower, end)) {
                    f(CONTEXT, tag, start, end);
                }
            }
        }
    }
}

/// Runs the cues over one note and appends hits (with their sentence) to the buckets.
fn scan(lex: &dyn Cues, lower: &str, sents: &[Sentence], range: Range<usize>, buckets: &mut [Vec<Hit>]) {
    let Some(mine) = sents.get(range.clone()) else { return };
    let starts: Vec<usize> = mine.iter().map(|s| s.start).collect();
    lex.for_each_match(lower, &mut |owner, tag, start, end| {
        let idx = starts.partition_point(|&s| s <= start);
        let Some(local) = idx.checked_sub(1) else { return };
        let Some(s) = mine.get(local) else { return };
        if end <= s.end
            && let Some(bucket) = buckets.get_mut(owner)
        {
            bucket.push(Hit { sent: range.start + local, start, end, tag });
        }
    });
}
