//! Claim Adjustment Reason Codes (CARC) that matter when a service was denied for missing,
//! mismatched or exceeded authorization, and the neighbouring denials a biller confuses them with.
//!
//! The explanations are this project's own short paraphrases, written for a biller; they are not
//! X12's descriptions (X12/DISA hold the copyright on those, see ../shared/domain/ECOSYSTEM.md
//! §1.1). The list is deliberately small: a code that is not here is reported as "not known to
//! this tool", never guessed.

/// What a denial code is about, in the terms the triage uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// No authorization was on file for the service.
    AuthorizationAbsent,
    /// An authorization exists but the number is missing/invalid or it does not match the claim.
    AuthorizationMismatch,
    /// More units, visits or days were billed than were authorized.
    AuthorizationExceeded,
    /// The payer reviewed an authorization request and refused it.
    AuthorizationDenied,
    /// A referral or network/PCP authorization is missing.
    ReferralAbsent,
    /// The payer does not accept that the visit was an emergency.
    NotEmergency,
    /// The payer judged the service not medically necessary (or experimental, or the diagnosis
    /// not covered).
    MedicalNecessity,
    /// Information or documentation is missing from the claim.
    MissingInformation,
    /// A coding problem on the claim (code, modifier, place of service, diagnosis).
    CodingError,
    /// Coverage or payer problem (not covered on that date, other payer, member not found).
    Eligibility,
    /// Filed too late.
    TimelyFiling,
    /// Duplicate, bundled or otherwise not separately payable.
    NotSeparatelyPayable,
    /// Not a covered benefit.
    NotCovered,
}

/// One CARC with the project's own explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Carc {
    /// The code as on a remittance, without the group code (`197`).
    pub code: &'static str,
    /// What it means for the biller, in the project's own words.
    pub explanation: &'static str,
    /// What it is about.
    pub topic: Topic,
    /// True for codes X12 has deactivated but that still appear on older remittances.
    pub deactivated: bool,
}

const fn carc(code: &'static str, explanation: &'static str, topic: Topic) -> Carc {
    Carc { code, explanation, topic, deactivated: false }
}

const fn old(code: &'static str, explanation: &'static str, topic: Topic) -> Carc {
    Carc { code, explanation, topic, deactivated: true }
}

/// The CARCs this tool knows, in numeric order.
pub const CARCS: &[Carc] = &[
    carc("4", "The modifier does not fit the procedure code, or a required modifier is missing.", Topic::CodingError),
    carc("5", "The procedure code or bill type does not fit the place of service.", Topic::CodingError),
    carc("11", "The diagnosis does not support the procedure billed.", Topic::CodingError),
    old(
        "15",
        "The authorization number is missing or wrong, or the authorization on file covers a different service or provider.",
        Topic::AuthorizationMismatch,
    ),
    carc(
        "16",
        "The claim is missing information or has a billing error; the remark code says what.",
        Topic::MissingInformation,
    ),
    carc("18", "The payer sees this claim or line as a duplicate.", Topic::NotSeparatelyPayable),
    carc("22", "Another payer may be primary (coordination of benefits).", Topic::Eligibility),
    carc("26", "The service was before the coverage started.", Topic::Eligibility),
    carc("27", "The service was after the coverage ended.", Topic::Eligibility),
    carc("29", "The claim was filed after the payer's filing limit.", Topic::TimelyFiling),
    carc("31", "The payer could not match the patient to a member.", Topic::Eligibility),
    old("38", "The service was not given or approved by a network or primary-care provider.", Topic::ReferralAbsent),
    carc(
        "39",
        "The payer reviewed an authorization request for this service and refused it.",
        Topic::AuthorizationDenied,
    ),
    carc(
        "40",
        "The payer does not accept that the visit met its emergency or urgent-care criteria.",
        Topic::NotEmergency,
    ),
    carc("50", "The payer judged the service not medically necessary.", Topic::MedicalNecessity),
    carc("55", "The payer considers the service experimental or investigational.", Topic::MedicalNecessity),
    carc(
        "56",
        "The payer does not consider the procedure or treatment proven to be effective.",
        Topic::MedicalNecessity,
    ),
    old(
        "57",
        "The payer finds the records do not support the level, number, length or dosage of the service (older code, replaced by 150 to 154).",
        Topic::MedicalNecessity,
    ),
    carc("58", "The payer considers the place of service inappropriate for the service.", Topic::CodingError),
    old(
        "62",
        "Authorization was absent or exceeded (older code, replaced by 197 and 198).",
        Topic::AuthorizationAbsent,
    ),
    carc("96", "The service is not a covered charge under the plan.", Topic::NotCovered),
    carc("97", "The service is paid as part of another service (bundled).", Topic::NotSeparatelyPayable),
    carc("109", "This payer does not cover the claim; send it to the right payer.", Topic::Eligibility),
    carc("119", "The benefit maximum for the period has been reached.", Topic::NotCovered),
    carc("146", "The diagnosis code was not valid on the date of service.", Topic::CodingError),
    carc(
        "151",
        "The payer finds the records do not support this number or frequency of services.",
        Topic::MedicalNecessity,
    ),
    carc("167", "The diagnosis is not covered for this service.", Topic::MedicalNecessity),
    carc("181", "The procedure code was not valid on the date of service.", Topic::CodingError),
    carc("182", "The modifier was not valid on the date of service.", Topic::CodingError),
    carc(
        "197",
        "No authorization, pre-certification or notification was on file for the service.",
        Topic::AuthorizationAbsent,
    ),
    carc(
        "198",
        "The service went beyond what was authorized (more units, visits or days, or outside the dates).",
        Topic::AuthorizationExceeded,
    ),
    carc("199", "The revenue code and the procedure code do not go together.", Topic::CodingError),
    carc("204", "The service is not covered under the patient's current benefit plan.", Topic::NotCovered),
    carc(
        "242",
        "The service was given by a provider outside the network or not the assigned primary-care provider.",
        Topic::ReferralAbsent,
    ),
    carc(
        "243",
        "The service was not approved by the network or primary-care provider (referral or network authorization missing).",
        Topic::ReferralAbsent,
    ),
    carc(
        "252",
        "The payer needs an attachment or other documentation before it can decide.",
        Topic::MissingInformation,
    ),
    carc("288", "A required referral was not on file.", Topic::ReferralAbsent),
];

/// The CARC entry for `code` (digits as on the remittance, group code already removed).
pub fn lookup(code: &str) -> Option<&'static Carc> {
    CARCS.iter().find(|c| c.code == code)
}

/// The group codes that may precede a CARC on a remittance or in typed text.
pub const GROUP_CODES: &[&str] = &["CO", "PR", "OA", "PI", "CR"];

/// Splits typed denial codes into (group, code) pairs, upper case, codes as typed otherwise:
/// `CO-197, 16 / pr 1` → `[(CO, 197), (-, 16), (PR, 1)]`. Codes are separated by whitespace,
/// `,` `;` `/` `|` `+` `&`; a group code alone applies to the code after it. Read each code
/// with [`normalize`] (or [`super::rarc::normalize`]).
pub fn split_typed(text: &str) -> Vec<(Option<String>, String)> {
    let upper = text.to_uppercase();
    let mut out = Vec::new();
    let mut pending_group: Option<String> = None;
    for token in upper.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '/' | '|' | '+' | '&')) {
        let token = token.trim_matches(|c: char| matches!(c, '-' | ':' | '.' | '(' | ')'));
        if token.is_empty() {
            continue;
        }
        if GROUP_CODES.contains(&token) {
            pending_group = Some(token.to_string());
            continue;
        }
        let (group, code) = match GROUP_CODES.iter().find(|g| token.starts_with(**g) && token.len() > 2) {
            Some(g)
                if token
                    .get(2..)
                    .is_some_and(|rest| rest.trim_start_matches('-').starts_with(|c: char| c.is_ascii_digit())) =>
            {
                (Some((*g).to_string()), token.get(2..).unwrap_or_default().trim_start_matches('-').to_string())
            }
            _ => (pending_group.take(), token.to_string()),
        };
        out.push((group, code));
    }
    out
}

/// A typed CARC in the form [`lookup`] and the remittance use, or `None` when it is not
/// CARC-shaped: surrounding whitespace and a group code (`CO-`, `PR `, `OA`) removed, upper
/// case, leading zeros dropped. `"CO-197"`, `"0197"`, `" 197 "` and `"co 197"` are all `"197"`;
/// `"a1"` is `"A1"`. CARC-shaped is an optional letter and one to three digits once zeros are
/// dropped (at most four typed): `197`, `A1`, `P12`; not `1970`, `19x7` or `M62` with digits
/// over three.
pub fn normalize(code: &str) -> Option<String> {
    let upper = code.trim().to_ascii_uppercase();
    let bare = GROUP_CODES
        .iter()
        .find_map(|group| {
            let rest = upper.strip_prefix(group)?;
            let rest = rest.trim_start_matches(['-', ' ']);
            rest.starts_with(|c: char| c.is_ascii_alphanumeric()).then_some(rest)
        })
        .unwrap_or(&upper);
    let (letter, digits) = match bare.as_bytes().first() {
        Some(c) if c.is_ascii_uppercase() => (bare.get(..1).unwrap_or_default(), bare.get(1..).unwrap_or_default()),
        _ => ("", bare),
    };
    if !(1..=4).contains(&digits.len()) || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let trimmed = digits.trim_start_matches('0');
    let number = if trimmed.is_empty() { "0" } else { trimmed };
    (number.len() <= 3).then(|| format!("{letter}{number}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_codes_are_known() {
        assert_eq!(lookup("197").map(|c| c.topic), Some(Topic::AuthorizationAbsent));
        assert_eq!(lookup("198").map(|c| c.topic), Some(Topic::AuthorizationExceeded));
        assert_eq!(lookup("15").map(|c| c.topic), Some(Topic::AuthorizationMismatch));
        assert_eq!(lookup("39").map(|c| c.topic), Some(Topic::AuthorizationDenied));
        assert_eq!(lookup("40").map(|c| c.topic), Some(Topic::NotEmergency));
        assert_eq!(lookup("243").map(|c| c.topic), Some(Topic::ReferralAbsent));
        assert!(lookup("1970").is_none());
    }

    #[test]
    fn one_normal_form() {
        for typed in ["197", "CO-197", "0197", " 197 ", "co 197", "CO197", "PR-0197", "OA 197\n"] {
            assert_eq!(normalize(typed).as_deref(), Some("197"), "{typed:?}");
        }
        assert_eq!(normalize("a1").as_deref(), Some("A1"));
        assert_eq!(normalize("CO-A1").as_deref(), Some("A1"));
        assert_eq!(normalize("0000").as_deref(), Some("0"));
        assert_eq!(normalize("P12").as_deref(), Some("P12"));
        // A code that starts like a group code is not cut: CR is a group, but `C1` is not `1`.
        assert_eq!(normalize("C1").as_deref(), Some("C1"));
        for bad in ["", "CO", "CO-", "1970", "19x7", "12345", "M", "197 16", "CO-19x7"] {
            assert_eq!(normalize(bad), None, "{bad:?}");
        }
        assert_eq!(normalize("CO-0197").and_then(|c| lookup(&c)).map(|c| c.topic), Some(Topic::AuthorizationAbsent));
    }

    #[test]
    fn table_is_sorted_and_unique() {
        let numbers: Vec<u32> = CARCS.iter().map(|c| c.code.parse().unwrap_or(u32::MAX)).collect();
        assert!(numbers.windows(2).all(|w| w[0] < w[1]), "numeric order, no duplicates");
        assert!(CARCS.iter().all(|c| !c.explanation.is_empty() && c.explanation.ends_with('.')));
    }
}
