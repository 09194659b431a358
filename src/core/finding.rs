//! Findings: what validation and the medical-necessity checks report, as plain data.
//!
//! Every finding names its code (a vocabulary id such as `invalid_npi_check_digit` or an
//! element id such as `informed_consent`, or one of the tool's own codes), its severity, and
//! either the evidence that proves it (note, UTF-8 byte range, exact quote) or what would
//! satisfy it (`help`). Rendering is someone else's job: the CLI prints text or JSON, the app
//! shows messages next to fields and a checklist.
//!
//! Messages never contain patient data: they name fields and describe the problem. Evidence
//! quotes are the one place note text appears, because showing the sentence is the point.

use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The payer is likely to reject or deny the request as it stands.
    Error,
    /// Worth fixing or checking before sending.
    Warning,
    /// For information (e.g. an element that is present, with its evidence).
    Info,
}

/// What kind of thing a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A problem with the claim data (a field).
    DataError,
    /// A medical-necessity element the notes do not document.
    ElementMissing,
    /// A medical-necessity element the notes document (with evidence).
    ElementPresent,
    /// Deadline, triage or other advice.
    Advice,
}

/// A span of a note that supports a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// 0-based index of the note in the case.
    pub note: usize,
    /// Start, in UTF-8 bytes into the note text as given.
    pub start: usize,
    /// End (exclusive), in UTF-8 bytes.
    pub end: usize,
    /// Exactly `text[start..end]`.
    pub quote: String,
}

impl Evidence {
    /// Evidence for `text[start..end]` of note `note`, or `None` if the range is not a valid
    /// character-boundary slice of `text` (callers never panic on a bad range).
    pub fn from_span(note: usize, text: &str, start: usize, end: usize) -> Option<Evidence> {
        let quote = text.get(start..end)?;
        Some(Evidence { note, start, end, quote: quote.to_string() })
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable code: a vocabulary data-error code or element id, or a tool code.
    pub code: String,
    /// What the finding is about.
    pub kind: FindingKind,
    /// How serious it is.
    pub severity: Severity,
    /// The field path in the case format (`claim.claim.lines[0].icd10_pointers`), for data
    /// findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The element id, for medical-necessity findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element: Option<String>,
    /// One plain sentence, no patient data.
    pub message: String,
    /// What would satisfy the rule or fix the problem, in a biller's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The note spans that prove the finding.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

impl Finding {
    /// A data error on `field`.
    pub fn data_error(code: &str, severity: Severity, field: impl Into<String>, message: impl Into<String>) -> Finding {
        Finding {
            code: code.to_string(),
            kind: FindingKind::DataError,
            severity,
            field: Some(field.into()),
            element: None,
            message: message.into(),
            help: None,
            evidence: Vec::new(),
        }
    }

    /// An advice finding (a deadline, a suggested path, evidence to gather, a notice),
    /// optionally about a field.
    pub fn advice(code: &str, severity: Severity, field: Option<String>, message: impl Into<String>) -> Finding {
        Finding {
            code: code.to_string(),
            kind: FindingKind::Advice,
            severity,
            field,
            element: None,
            message: message.into(),
            help: None,
            evidence: Vec::new(),
        }
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_never_panics_on_bad_ranges() {
        let text = "né";
        assert!(Evidence::from_span(0, text, 0, 2).is_none(), "inside the é");
        assert!(Evidence::from_span(0, text, 2, 1).is_none());
        assert!(Evidence::from_span(0, text, 0, 99).is_none());
        assert_eq!(Evidence::from_span(0, text, 0, 3).unwrap().quote, "né");
    }

    #[test]
    fn serialises_in_the_cli_shape() {
        let finding = Finding::data_error(
            "missing_member_id",
            Severity::Error,
            "claim.patient.member_id",
            "member ID is missing",
        );
        let json = serde_json::to_value(&finding).unwrap();
        assert_eq!(json["severity"], "error");
        assert_eq!(json["kind"], "data_error");
        assert_eq!(json["field"], "claim.patient.member_id");
        assert!(json.get("evidence").is_none());
    }
}

/// Why a mention of an element was found but did not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotCountedReason {
    /// Negated ("denies", "no", "not done").
    Negated,
    /// Planned, ordered, pending or conditional ("will start", "if … then", "scheduled").
    Hypothetical,
    /// In the past, or a course told after the fact.
    Historical,
    /// About someone other than the patient.
    OtherExperiencer,
    /// An empty or unreviewed template, a blank or an unchecked box.
    Template,
    /// About something else than what was billed (consent names another procedure, a visit
    /// after the sleep test, a drug other than the one billed).
    ObjectMismatch,
    /// Documented but short of the policy threshold ("4 weeks < 6").
    BelowThreshold,
}

/// A mention of an element that the checks found but did not count, and why — so a biller
/// sees what to add ("Found 'home visit' — only planned: 'will schedule'").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotCounted {
    /// Why it did not count.
    pub reason: NotCountedReason,
    /// The rule's own words for it (no patient data).
    pub detail: String,
    /// The cue that decided it, as written in the note ("denies", "will"), when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
    /// UTF-8 byte range of the trigger in the note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trigger_span: Option<(usize, usize)>,
    /// The sentence that mentions the element.
    pub evidence: Evidence,
}

impl NotCountedReason {
    /// What the class means to a biller ("only planned"), without the cue.
    pub fn phrase(self) -> &'static str {
        match self {
            NotCountedReason::Negated => "negated",
            NotCountedReason::Hypothetical => "only planned, pending or conditional",
            NotCountedReason::Historical => "in the past, not this episode",
            NotCountedReason::OtherExperiencer => "about someone other than the patient",
            NotCountedReason::Template => "an empty template or unchecked box",
            NotCountedReason::ObjectMismatch => "about something other than the billed service",
            NotCountedReason::BelowThreshold => "short of the policy threshold",
        }
    }
}

/// Flattens `text` to one line of at most `max` characters (an ellipsis marks a cut).
fn flat_quote(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max { flat } else { format!("{}…", flat.chars().take(max).collect::<String>()) }
}

impl NotCounted {
    /// One line for a person: the mention, the class with its deciding cue, and the rule's
    /// words — "Found 'will schedule a home visit' — only planned, pending or conditional: 'will' (…)".
    /// The quote is cut to `max_quote` characters. Shown on the page or the terminal only.
    pub fn explain(&self, max_quote: usize) -> String {
        let mut line = format!("Found '{}' — {}", flat_quote(&self.evidence.quote, max_quote), self.reason.phrase());
        if let Some(trigger) = self.trigger.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            line.push_str(&format!(": '{}'", flat_quote(trigger, 40)));
        }
        let detail = self.detail.trim();
        if !detail.is_empty() {
            line.push_str(&format!(" ({detail})"));
        }
        line
    }
}

#[cfg(test)]
mod not_counted_tests {
    use super::*;

    fn mention(reason: NotCountedReason, quote: &str, trigger: Option<&str>, detail: &str) -> NotCounted {
        NotCounted {
            reason,
            detail: detail.to_string(),
            trigger: trigger.map(str::to_string),
            trigger_span: None,
            evidence: Evidence { note: 0, start: 0, end: quote.len(), quote: quote.to_string() },
        }
    }

    #[test]
    fn explains_class_cue_and_rule_words() {
        let m = mention(
            NotCountedReason::Hypothetical,
            "Will schedule a home visit next week.",
            Some("Will schedule"),
            "only planned",
        );
        assert_eq!(
            m.explain(80),
            "Found 'Will schedule a home visit next week.' — only planned, pending or conditional: 'Will schedule' (only planned)"
        );
        let m = mention(NotCountedReason::Negated, "Denies\n  any   weakness.", Some("Denies"), "");
        assert_eq!(m.explain(80), "Found 'Denies any weakness.' — negated: 'Denies'");
        let m = mention(NotCountedReason::BelowThreshold, "PT x 4 weeks.", None, "shorter than 6 weeks");
        assert_eq!(m.explain(80), "Found 'PT x 4 weeks.' — short of the policy threshold (shorter than 6 weeks)");
    }

    #[test]
    fn long_and_multibyte_quotes_are_cut_on_characters() {
        let quote = "Consentement éclairé signé pour l’arthroscopie 😀👩‍⚕️ ".repeat(6);
        let m = mention(NotCountedReason::ObjectMismatch, &quote, Some("  "), "names another procedure");
        let line = m.explain(30);
        assert!(line.starts_with("Found 'Consentement éclairé signé pou…' — about something other"), "{line}");
        assert!(!line.contains(": '"), "a blank trigger is not shown: {line}");
        assert!(line.ends_with("(names another procedure)"));
    }

    #[test]
    fn every_class_has_its_own_phrase() {
        use NotCountedReason::*;
        let all = [Negated, Hypothetical, Historical, OtherExperiencer, Template, ObjectMismatch, BelowThreshold];
        let phrases: std::collections::BTreeSet<_> = all.iter().map(|r| r.phrase()).collect();
        assert_eq!(phrases.len(), all.len());
    }
}
