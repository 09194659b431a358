//! Remittance Advice Remark Codes (RARC) that refine authorization denials.
//!
//! As for [`super::carc`], the explanations are the project's own paraphrases, not the published
//! descriptions, and the list is small on purpose.

use super::carc::Topic;

/// One RARC with the project's own explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rarc {
    /// The code (`M62`).
    pub code: &'static str,
    /// What it means for the biller, in the project's own words.
    pub explanation: &'static str,
    /// What it is about.
    pub topic: Topic,
}

const fn rarc(code: &'static str, explanation: &'static str, topic: Topic) -> Rarc {
    Rarc { code, explanation, topic }
}

/// The RARCs this tool knows.
pub const RARCS: &[Rarc] = &[
    rarc("M51", "A procedure code is missing, incomplete or invalid.", Topic::CodingError),
    rarc("M62", "The authorization number is missing, incomplete or invalid on the claim.", Topic::AuthorizationAbsent),
    rarc("M76", "A diagnosis is missing, incomplete or invalid.", Topic::CodingError),
    rarc("M119", "The drug's NDC is missing, invalid or no longer valid.", Topic::CodingError),
    rarc("M127", "The medical record for this service is needed.", Topic::MissingInformation),
    rarc(
        "N54",
        "What was billed does not match what was authorized (codes, dates, units or provider).",
        Topic::AuthorizationMismatch,
    ),
    rarc("N130", "The plan's benefit documents restrict this service; check them.", Topic::NotCovered),
    rarc("N286", "The referring provider's identifier is missing or invalid.", Topic::MissingInformation),
    rarc("N290", "The rendering provider's identifier is missing or invalid.", Topic::MissingInformation),
    rarc(
        "N362",
        "More days or units were billed than the payer accepts (or than were authorized).",
        Topic::AuthorizationExceeded,
    ),
];

/// The RARC entry for `code` (exact, upper case; see [`normalize`]).
pub fn lookup(code: &str) -> Option<&'static Rarc> {
    RARCS.iter().find(|r| r.code == code)
}

/// A typed RARC in the form [`lookup`] uses, or `None` when it is not RARC-shaped: surrounding
/// whitespace removed, upper case, then `M`, `MA` or `N` and one to four digits (`m62` → `M62`,
/// `MA130`, `N362`).
pub fn normalize(code: &str) -> Option<String> {
    let upper = code.trim().to_ascii_uppercase();
    let rest = upper.strip_prefix("MA").or_else(|| upper.strip_prefix('M')).or_else(|| upper.strip_prefix('N'));
    rest.is_some_and(|r| (1..=4).contains(&r.len()) && r.bytes().all(|c| c.is_ascii_digit())).then_some(upper)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_remarks_are_known() {
        assert_eq!(lookup("M62").map(|r| r.topic), Some(Topic::AuthorizationAbsent));
        assert_eq!(lookup("N54").map(|r| r.topic), Some(Topic::AuthorizationMismatch));
        assert_eq!(lookup("N362").map(|r| r.topic), Some(Topic::AuthorizationExceeded));
        assert!(lookup("m62").is_none());
        assert_eq!(normalize(" m62 ").as_deref(), Some("M62"));
        assert_eq!(normalize("MA130").as_deref(), Some("MA130"));
        for bad in ["62", "NX1", "N", "N12345", "M6 2", ""] {
            assert_eq!(normalize(bad), None, "{bad:?}");
        }
        assert!(RARCS.iter().all(|r| r.explanation.ends_with('.')));
    }
}
