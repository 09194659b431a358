//! The one automaton that finds every cue of every rule, the context triggers and the data
//! terms (drug names, screening tests, diagnosis words, DME alternatives) in a single pass over
//! each note.
//!
//! Each lexicon *owner* contributes `(phrase, tag)` pairs. Phrases are lowercase and match on
//! word boundaries; a trailing `*` makes a prefix ("radiat*" matches "radiating"). This file
//! is the automaton only: which owners exist and what they contribute is decided by
//! `rules::lexicon()`, which builds it once, on first use. The note corpus receives it as
//! [`Cues`], so notes never depend on the rules.

use crate::core::checks::notes::{Cues, text};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy)]
struct Entry {
    owner: usize,
    tag: u16,
    left: bool,
    right: bool,
}

/// The compiled lexicon.
#[derive(Debug)]
pub(crate) struct Lexicon {
    ac: Option<AhoCorasick>,
    entries: Vec<Vec<Entry>>,
    owners: usize,
}

/// Collects `(owner, phrase, tag)` entries, then compiles them.
pub(crate) struct Builder {
    index: HashMap<String, usize>,
    patterns: Vec<String>,
    entries: Vec<Vec<Entry>>,
}

impl Builder {
    /// An empty builder.
    pub(crate) fn new() -> Builder {
        Builder { index: HashMap::new(), patterns: Vec::new(), entries: Vec::new() }
    }

    /// Adds every `(phrase, tag)` of `terms` for `owner`.
    pub(crate) fn add_all(&mut self, owner: usize, terms: &[(&str, u16)]) {
        for &(p, t) in terms {
            self.add(owner, p, t);
        }
    }

    /// Adds one phrase for `owner`.
    pub(crate) fn add(&mut self, owner: usize, phrase: &str, tag: u16) {
        let wild = phrase.ends_with('*');
        let pat = phrase.trim_end_matches('*').trim().to_ascii_lowercase();
        if pat.is_empty() {
            return;
        }
        let left = pat.chars().next().is_some_and(char::is_alphanumeric);
        let right = !wild && pat.chars().next_back().is_some_and(char::is_alphanumeric);
        let slot = match self.index.get(&pat) {
            Some(&slot) => slot,
            None => {
                self.patterns.push(pat.clone());
                self.entries.push(Vec::new());
                self.index.insert(pat, self.patterns.len() - 1);
                self.patterns.len() - 1
            }
        };
        if let Some(list) = self.entries.get_mut(slot) {
            list.push(Entry { owner, tag, left, right });
        }
    }
}

impl Builder {
    /// Compiles the automaton; `owners` is one more than the largest owner id used.
    pub(crate) fn build(self, owners: usize) -> Lexicon {
        let ac = AhoCorasick::builder().match_kind(MatchKind::Standard).build(&self.patterns).ok();
        Lexicon { ac, entries: self.entries, owners }
    }
}

impl Cues for Lexicon {
    fn owner_count(&self) -> usize {
        self.owners
    }

    fn for_each_match(&self, lower: &str, f: &mut dyn FnMut(usize, u16, usize, usize)) {
        let Some(ac) = &self.ac else { return };
        for m in ac.find_overlapping_iter(lower) {
            let (start, end) = (m.start(), m.end());
            let Some(list) = self.entries.get(m.pattern().as_usize()) else { continue };
            let ws = text::word_start(lower, start);
            let we = text::word_end(lower, end);
            for e in list {
                if (!e.left || ws) && (!e.right || we) {
                    f(e.owner, e.tag, start, end);
                }
            }
        }
    }
}
