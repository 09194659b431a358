//! The one automaton that finds every cue of every rule, the context triggers and the data
//! terms (drug names, screening tests, diagnosis words, DME alternatives) in a single pass over
//! each note.
//!
//! Each lexicon *owner* contributes `(phrase, tag)` pairs. Phrases are lowercase and match on
//! word boundaries; a trailing `*` makes a prefix ("radiat*" matches "radiating"). The
//! automaton is built once, on first use, and shared.

use crate::core::checks::notes::{context, text};
use crate::core::checks::{profile, rules};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Owner id of the context triggers.
pub(crate) const CONTEXT: usize = 0;
/// Owner id of the shared lexicon (`rules::shared`).
pub(crate) const SHARED: usize = 1;
/// Drug names from `drugs.json`; tag = drug index.
pub(crate) const DRUGS: usize = 2;
/// Screening tests from `screening.json`; tag = test index.
pub(crate) const SCREENING: usize = 3;
/// Diagnosis words from `diagnosis_terms.json`; tag = entry index, or
/// [`DX_CONTRA`] | entry index for a contradicting phrase.
pub(crate) const DIAGNOSIS: usize = 4;
/// DME alternatives from `equipment.json`; tag = item index * 16 + alternative index.
pub(crate) const EQUIPMENT: usize = 5;
/// Owner id of the first rule; rule `i` of [`rules::RULES`] is `FIRST_RULE + i`.
pub(crate) const FIRST_RULE: usize = 6;
/// Tag bit marking a contradicting diagnosis phrase.
pub(crate) const DX_CONTRA: u16 = 0x8000;

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

struct Builder {
    index: HashMap<String, usize>,
    patterns: Vec<String>,
    entries: Vec<Vec<Entry>>,
}

impl Builder {
    fn add(&mut self, owner: usize, phrase: &str, tag: u16) {
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

impl Lexicon {
    fn build() -> Lexicon {
        let mut b = Builder { index: HashMap::new(), patterns: Vec::new(), entries: Vec::new() };
        for &(p, t) in context::TRIGGERS {
            b.add(CONTEXT, p, t);
        }
        for &(p, t) in rules::shared::TERMS {
            b.add(SHARED, p, t);
        }
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
        for (i, rule) in rules::RULES.iter().enumerate() {
            for &(p, t) in rule.terms {
                b.add(FIRST_RULE + i, p, t);
            }
        }
        let ac = AhoCorasick::builder().match_kind(MatchKind::Standard).build(&b.patterns).ok();
        Lexicon { ac, entries: b.entries, owners: FIRST_RULE + rules::RULES.len() }
    }

    /// How many owners there are.
    pub(crate) fn owner_count(&self) -> usize {
        self.owners
    }

    /// Calls `f(owner, tag, start, end)` for every cue occurrence in `lower` that sits on word
    /// boundaries, overlapping occurrences included.
    pub(crate) fn for_each_match(&self, lower: &str, mut f: impl FnMut(usize, u16, usize, usize)) {
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

/// The lexicon, built on first use.
pub(crate) fn global() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(Lexicon::build)
}
