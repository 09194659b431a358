//! The context classifier on its own: how is one mention of a target phrase used inside one
//! sentence — affirmed, negated, uncertain, planned, historical, about someone else, or part
//! of an unfilled template — and which cue decided it.
//!
//! This is exactly the classifier the necessity rules apply to every mention (the same
//! sentence splitting, triggers and scopes, see `notes::context`), exposed so that it can be
//! measured against annotated corpora (`retroauth assertion`, the NegEx/ConText kit) and so a
//! person can see why a mention did or did not count.
//!
//! The target is found case-insensitively (ASCII), first occurrence; a target that does not
//! occur is reported as [`AssertionClass::NotFound`], never guessed.

use super::notes::context::Context;
use super::notes::{Corpus, NoteState};
use super::rules;
use serde::Serialize;

/// How a mention is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AssertionClass {
    /// An affirmed fact about the patient.
    Affirmed,
    /// Negated ("denies X", "no X", "X was ruled out").
    Negated,
    /// Uncertain ("possible X", "X versus Y").
    Possible,
    /// Planned, ordered, pending or conditional ("will start X", "if X").
    Hypothetical,
    /// In the past ("history of X", "s/p X").
    Historical,
    /// About someone other than the patient ("mother had X").
    OtherExperiencer,
    /// An unfilled template or an unchecked box.
    Template,
    /// The target does not occur in the sentence.
    NotFound,
}

impl AssertionClass {
    /// The class name used on the command line and in JSON (`other_experiencer`).
    pub fn as_str(self) -> &'static str {
        match self {
            AssertionClass::Affirmed => "affirmed",
            AssertionClass::Negated => "negated",
            AssertionClass::Possible => "possible",
            AssertionClass::Hypothetical => "hypothetical",
            AssertionClass::Historical => "historical",
            AssertionClass::OtherExperiencer => "other_experiencer",
            AssertionClass::Template => "template",
            AssertionClass::NotFound => "not_found",
        }
    }
}

/// The classification of one mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assertion {
    /// The class.
    pub class: AssertionClass,
    /// The cue that decided it, as written in the sentence ("" for affirmed, or when a
    /// section heading rather than a cue decided).
    pub trigger: String,
    /// UTF-8 byte range of the trigger in the sentence.
    pub trigger_span: Option<(usize, usize)>,
    /// UTF-8 byte range of the target in the sentence.
    pub target_span: Option<(usize, usize)>,
}

/// The class of a mention from its context, in order of precedence, with the deciding span.
pub(crate) fn class_of(c: &Context) -> (AssertionClass, Option<(usize, usize)>) {
    if c.templated {
        (AssertionClass::Template, c.why.templated)
    } else if c.negated {
        (AssertionClass::Negated, c.why.negated)
    } else if c.other_person {
        (AssertionClass::OtherExperiencer, c.why.other_person)
    } else if c.hypothetical {
        (AssertionClass::Hypothetical, c.why.hypothetical)
    } else if c.uncertain {
        (AssertionClass::Possible, c.why.uncertain)
    } else if c.resolved {
        (AssertionClass::Negated, c.why.resolved)
    } else if c.historical {
        (AssertionClass::Historical, c.why.historical)
    } else {
        (AssertionClass::Affirmed, None)
    }
}

/// Classifies the first (case-insensitive) occurrence of `target` in `sentence`.
pub fn classify(target: &str, sentence: &str) -> Assertion {
    let not_found =
        Assertion { class: AssertionClass::NotFound, trigger: String::new(), trigger_span: None, target_span: None };
    let needle = target.trim().to_ascii_lowercase();
    if needle.is_empty() {
        return not_found;
    }
    let lower = sentence.to_ascii_lowercase();
    let Some(at) = lower.find(&needle) else { return not_found };
    let end = at + needle.len();
    let notes = [("assertion", Some(sentence))];
    let corpus = Corpus::build(&notes, rules::lexicon(), None);
    let Some(doc) = corpus.docs.first().filter(|d| d.state == NoteState::Text) else { return not_found };
    let Some(sent) = corpus.sents.iter().position(|s| s.start <= at && at < s.end.max(s.start + 1)) else {
        return Assertion { target_span: Some((at, end)), ..not_found };
    };
    let (class, span) = class_of(&corpus.context(sent, at, end));
    let trigger = span.and_then(|(a, b)| doc.text.get(a..b)).unwrap_or("").to_string();
    Assertion { class, trigger, trigger_span: span, target_span: Some((at, end)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(target: &str, sentence: &str) -> &'static str {
        classify(target, sentence).class.as_str()
    }

    #[test]
    fn classes_and_triggers() {
        let a = classify("edema", "Extremities reveal no cyanosis or EDEMA.");
        assert_eq!((a.class, a.trigger.as_str()), (AssertionClass::Negated, "no"));
        assert_eq!(a.target_span, Some((34, 39)));
        assert_eq!(class("pneumonia", "Chest x-ray shows PNEUMONIA."), "affirmed");
        assert_eq!(class("pneumonia", "Will start antibiotics if PNEUMONIA is confirmed."), "hypothetical");
        assert_eq!(class("colon cancer", "Mother had colon cancer."), "other_experiencer");
        assert_eq!(class("mi", "History of MI in 2010."), "historical");
        assert_eq!(class("syncope", "ROS: [x] nausea [ ] syncope"), "template");
        assert_eq!(class("absent", "Not in this sentence."), "not_found");
        assert_eq!(class("", "Anything."), "not_found");
        assert_eq!(class("nausea", "His NAUSEA resolved with fluids."), "negated");
    }
}
