//! Denial triage: the types. The decision itself is the rule `rules::denial_triage`.

use serde::Serialize;

/// The ways to contest a denial.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriagePath {
    /// Ask the payer to authorize the service after the fact (or to update/extend an existing
    /// authorization), then have the claim reprocessed. This tool's letter.
    RetroAuthorization,
    /// Fix the claim itself (codes, authorization number, member data) and resubmit it.
    CorrectedClaim,
    /// Ask the payer to look at the claim again with more information (first-level payment
    /// dispute; for Medicare Advantage, the plan's reconsideration).
    Reconsideration,
    /// A formal appeal of an adverse decision (medical necessity, an authorization the payer
    /// already refused).
    Appeal,
    /// The codes do not tell; read the remittance and the payer's letter.
    Undetermined,
}

impl TriagePath {
    /// The path in words.
    pub fn words(self) -> &'static str {
        match self {
            TriagePath::RetroAuthorization => "retro-authorization request",
            TriagePath::CorrectedClaim => "corrected claim",
            TriagePath::Reconsideration => "reconsideration",
            TriagePath::Appeal => "appeal",
            TriagePath::Undetermined => "undetermined",
        }
    }
}

/// A denial code as typed, read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct DenialCode {
    /// The code without its group prefix (`197`, `N54`).
    pub code: String,
    /// The group code typed with it (`CO`, `PR`, `OA`, `PI`, `CR`), if any.
    pub group: Option<String>,
    /// The project's own explanation, when the code is known to this tool.
    pub explanation: Option<String>,
}

/// Which path fits the denial, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Triage {
    /// The path that fits best.
    pub path: TriagePath,
    /// Why, in a biller's words (no patient data).
    pub why: String,
    /// Other paths worth considering, best first.
    pub also_consider: Vec<TriagePath>,
    /// The CARCs read from the denial.
    pub carc: Vec<DenialCode>,
    /// The RARCs read from the denial.
    pub rarc: Vec<DenialCode>,
}
