//! Payer rules as data: per payer and line of business, the retro-authorization window, the
//! notification window, reconsideration and appeal clocks, decision turnaround, routing, the
//! payer's own form and required attachments, each with its source and confidence.
//!
//! The rules ship in `templates/payers/payers.json` (format documented in
//! `templates/payers/README.md`), embedded with `include_str!` and parsed once ([`builtin`]).
//! [`parse`] reads any rule file of the same format (a user's own payers) and validates it;
//! every error names the payer id, the rule id and the field, never a case value (rule files
//! hold no patient data). The deadline engine on this data is [`engine`].
//!
//! A case picks a rule set with `claim.payer.profile_id`: `payer-id` (the rule of that payer
//! that fits the case's line of business, when exactly one does) or `payer-id/rule-id`.

pub mod engine;

pub use engine::{CaseDates, Clock, SendBy, TRANSIT_FAX_BUSINESS_DAYS, TRANSIT_MAIL_BUSINESS_DAYS};

use crate::core::calendar::{MAX_WINDOW_DAYS, WindowUnit};
use crate::core::model::LINES_OF_BUSINESS;
use crate::core::model::date::parse_iso;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::OnceLock;

/// The rule file that ships with the tool.
pub const BUILTIN_JSON: &str = include_str!("../../../templates/payers/payers.json");

/// The `format` value of a payer rule file.
pub const FORMAT: &str = "retroauth-payer-rules";

/// The `format_version` this reader understands.
pub const FORMAT_VERSION: u32 = 1;

/// The longest window in months accepted as real (100 years).
pub const MAX_WINDOW_MONTHS: i64 = 1_200;

/// A payer rule file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayerRules {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The version of the data (`YYYY-MM-DD.n`), raised on every change.
    pub data_version: String,
    /// Where the rows were transcribed from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcribed_from: Option<String>,
    /// The payers.
    pub payers: Vec<PayerProfile>,
}

/// One payer (or program, or delegated reviewer) and its rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayerProfile {
    /// Stable id: lowercase letters, digits and `-`.
    pub id: String,
    /// The payer's name as billers know it.
    pub name: String,
    /// State (2 letters) when the payer is regional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Other names (for a search by name).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Rules by line of business and service scope.
    pub rules: Vec<PayerRule>,
}

/// Whether a payer runs a retro-authorization process for a rule's scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RetroAvailability {
    /// Retro requests are accepted (within the rule's window, if it has one).
    Available,
    /// No retro process: the request is treated as post-service (claim, then appeal).
    None,
    /// At the payer's discretion.
    Discretionary,
    /// Depends on the health plan the reviewer works for.
    PlanDependent,
    /// The source gives no window and no statement either way.
    Unknown,
}

/// How reliable the source is, as the review marks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// A current payer page that states the rule.
    High,
    /// Between high and medium.
    MediumHigh,
    /// An older, copied or indirect source.
    Medium,
    /// A development site or an unclear statement.
    Low,
}

/// Where requests go.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Routing {
    /// The payer department.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// Fax number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fax: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Portal (name and what to choose in it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portal: Option<String>,
    /// Mailing address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail: Option<String>,
    /// A delegated reviewer (eviCore, Carelon, Cohere…) that decides instead of the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegated_reviewer: Option<String>,
}

/// One rule: a payer's terms for some lines of business and a service scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayerRule {
    /// Id, unique within the payer.
    pub id: String,
    /// The row of `SUBMISSION-REVIEW.md` §5.2 the rule comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_row: Option<u32>,
    /// Lines of business (case format 1.1 names); empty: any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines_of_business: Vec<String>,
    /// Which services the rule covers, in the source's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_scope: Option<String>,
    /// Whether retro requests are accepted.
    pub retro: RetroAvailability,
    /// Retro requests only before a claim is filed.
    #[serde(default)]
    pub pre_claim_only: bool,
    /// Out-of-network / non-contracted providers are not eligible.
    #[serde(default)]
    pub in_network_only: bool,
    /// Conditions, in the source's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<String>,
    /// What to do when the retro route is closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub otherwise: Option<String>,
    /// The clocks (retro window, notification, reconsideration, appeals, decision…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clocks: Vec<ClockRule>,
    /// Where requests go.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing: Option<Routing>,
    /// The payer's own form, when it is mandatory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// Attachments the payer requires.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required_attachments: Vec<String>,
    /// The source page.
    pub source_url: String,
    /// The source's title.
    pub source_title: String,
    /// When someone last checked the rule against the live source (`YYYY-MM-DD`); absent when
    /// it was only transcribed from the review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_on: Option<String>,
    /// How reliable the source is.
    pub confidence: Confidence,
    /// A caution the review attaches (e.g. "verify current").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caution: Option<String>,
}

/// What a clock is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockKind {
    /// The retro-authorization window.
    Retro,
    /// The admission / service notification window (a miss gives CARC 197 or 210).
    Notification,
    /// Provider reconsideration / claim dispute.
    Reconsideration,
    /// Provider appeal (with `level`).
    Appeal,
    /// Member appeal (may need the member's written authorization).
    MemberAppeal,
    /// When the payer's decision is due.
    Decision,
    /// Timely filing of the claim.
    TimelyFiling,
    /// Corrected claim.
    CorrectedClaim,
    /// Peer-to-peer review.
    PeerToPeer,
}

impl ClockKind {
    /// The data name (`retro`, `appeal`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ClockKind::Retro => "retro",
            ClockKind::Notification => "notification",
            ClockKind::Reconsideration => "reconsideration",
            ClockKind::Appeal => "appeal",
            ClockKind::MemberAppeal => "member_appeal",
            ClockKind::Decision => "decision",
            ClockKind::TimelyFiling => "timely_filing",
            ClockKind::CorrectedClaim => "corrected_claim",
            ClockKind::PeerToPeer => "peer_to_peer",
        }
    }

    /// True for clocks the provider must meet by sending something (all but `decision`).
    pub fn is_a_submission(self) -> bool {
        self != ClockKind::Decision
    }
}

/// The date a period counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The last date of service (as the case format's `date_of_service` basis).
    DateOfService,
    /// The first (initial) date of service; also a therapy "start date".
    FirstDateOfService,
    /// The date of admission (claim `from`).
    AdmissionDate,
    /// The discharge date (claim `to`).
    DischargeDate,
    /// The claim denial date.
    DenialDate,
    /// The remittance (receipt) date: the case's remittance / denial date.
    RemittanceDate,
    /// The eligibility determination date.
    EligibilityDeterminationDate,
    /// The eligibility "add date" (not in the case format: not computed).
    EligibilityAddDate,
    /// The benefits approval date (not in the case format: not computed).
    BenefitsApprovalDate,
    /// A third-party payer's rejection (not in the case format: not computed).
    ThirdPartyRejectionDate,
    /// The adverse determination of a retro or UM request (not in the case format).
    AdverseDeterminationDate,
    /// The day the request is prepared ("today"); the payer counts decision times from receipt,
    /// so the real due date is later by the transit time.
    RequestDate,
}

impl Basis {
    /// The basis in words.
    pub fn words(self) -> &'static str {
        match self {
            Basis::DateOfService => "the last date of service",
            Basis::FirstDateOfService => "the first date of service",
            Basis::AdmissionDate => "the date of admission",
            Basis::DischargeDate => "the discharge date",
            Basis::DenialDate => "the denial date",
            Basis::RemittanceDate => "the remittance date",
            Basis::EligibilityDeterminationDate => "the eligibility determination date",
            Basis::EligibilityAddDate => "the eligibility add date",
            Basis::BenefitsApprovalDate => "the benefits approval date",
            Basis::ThirdPartyRejectionDate => "the third-party rejection date",
            Basis::AdverseDeterminationDate => "the adverse determination date",
            Basis::RequestDate => "the request date",
        }
    }

    /// The retro-window basis of the case format with the same date, when there is one.
    pub fn window_basis(self) -> Option<crate::core::calendar::WindowBasis> {
        use crate::core::calendar::WindowBasis as W;
        match self {
            Basis::DateOfService => Some(W::DateOfService),
            Basis::AdmissionDate | Basis::FirstDateOfService => Some(W::AdmissionDate),
            Basis::DischargeDate => Some(W::DischargeDate),
            Basis::DenialDate => Some(W::DenialDate),
            Basis::RemittanceDate => Some(W::RemittanceDate),
            Basis::EligibilityDeterminationDate => Some(W::EligibilityDeterminationDate),
            _ => None,
        }
    }
}

/// Whether a request must reach the payer by the deadline or only leave the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MustBe {
    /// Must be received by the payer.
    Received,
    /// Must be sent (postmarked / transmitted).
    Sent,
}

/// How several periods combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// The earliest of the ends.
    Earliest,
    /// The latest of the ends ("whichever is later").
    Latest,
}

/// A period: `days` (calendar or business) or `months`, from a basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// Days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
    /// Months (a year is 12): the same day of the month, or the month's last day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months: Option<i64>,
    /// What the days are; absent: calendar days (the source says "days").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<WindowUnit>,
    /// What the period counts from; absent when the source does not say (not computed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
}

/// One clock of a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClockRule {
    /// What the clock is for.
    pub kind: ClockKind,
    /// The appeal level (1, 2…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    /// The first period's days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
    /// The first period's months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months: Option<i64>,
    /// The first period's unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<WindowUnit>,
    /// The first period's basis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
    /// Further periods, combined with the first by `rule`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Period>,
    /// How the periods combine (required with `also`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Combine>,
    /// Received or sent by the deadline; absent: not stated (send-by dates assume received).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub must_be: Option<MustBe>,
    /// The rule in words, as shown next to the date.
    pub text: String,
    /// The clock's own source, when it is not the rule's (both or neither).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    /// The clock's own source title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_title: Option<String>,
}

impl ClockRule {
    /// Every period: the first, then `also`.
    pub fn periods(&self) -> Vec<Period> {
        let first = Period { days: self.days, months: self.months, unit: self.unit, basis: self.basis };
        std::iter::once(first).chain(self.also.iter().copied()).collect()
    }
}

/// A problem in a payer rule file: where (payer id, rule id, field path) and what, never a value
/// beyond the ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayerRuleError {
    /// The payer's id (or its index as `payers[N]` when it has none).
    pub payer: Option<String>,
    /// The rule's id, when the problem is inside a rule.
    pub rule: Option<String>,
    /// The field path inside the payer or rule (`clocks[0].days`).
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for PayerRuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(payer) = &self.payer {
            write!(f, "payer `{payer}`: ")?;
        }
        if let Some(rule) = &self.rule {
            write!(f, "rule `{rule}`: ")?;
        }
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for PayerRuleError {}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// Reads and validates a payer rule file. Each payer is read on its own, so one broken payer
/// does not hide the errors of the others; every error names the payer and the field.
pub fn parse(text: &str) -> Result<PayerRules, Vec<PayerRuleError>> {
    let top = |field: &str, message: String| PayerRuleError { payer: None, rule: None, field: field.into(), message };
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| vec![top("(file)", format!("invalid JSON at line {}: {e}", e.line()))])?;
    let Some(object) = value.as_object() else {
        return Err(vec![top("(file)", "a payer rule file is a JSON object".into())]);
    };
    let mut errors = Vec::new();
    let mut payers = Vec::new();
    let raw_payers = object.get("payers").and_then(|p| p.as_array()).cloned().unwrap_or_default();
    for (index, raw) in raw_payers.iter().enumerate() {
        let name = raw
            .get("id")
            .and_then(|v| v.as_str())
            .filter(|id| valid_id(id))
            .map_or_else(|| format!("payers[{index}]"), str::to_string);
        match serde_path_to_error::deserialize::<_, PayerProfile>(raw) {
            Ok(payer) => payers.push(payer),
            Err(e) => {
                let path = e.path().to_string();
                let (rule, field) = rule_of_path(raw, &path);
                errors.push(PayerRuleError { payer: Some(name), rule, field, message: e.into_inner().to_string() });
            }
        }
    }
    let mut shell = object.clone();
    shell.insert("payers".into(), serde_json::Value::Array(Vec::new()));
    let mut rules: PayerRules = match serde_path_to_error::deserialize(serde_json::Value::Object(shell)) {
        Ok(rules) => rules,
        Err(e) => {
            errors.push(top(&e.path().to_string(), e.into_inner().to_string()));
            return Err(errors);
        }
    };
    if rules.format != FORMAT {
        errors.push(top("format", format!("must be \"{FORMAT}\"")));
    }
    if rules.format_version != FORMAT_VERSION {
        errors.push(top("format_version", format!("this tool reads version {FORMAT_VERSION}")));
    }
    if !object.get("payers").is_some_and(|p| p.is_array()) {
        errors.push(top("payers", "a list of payers is required".into()));
    }
    rules.payers = payers;
    validate(&rules, &mut errors);
    if errors.is_empty() { Ok(rules) } else { Err(errors) }
}

/// Splits a serde path (`rules[2].clocks[0].days`) into the rule's id and the field.
fn rule_of_path(raw: &serde_json::Value, path: &str) -> (Option<String>, String) {
    let Some(rest) = path.strip_prefix("rules[") else { return (None, path.to_string()) };
    let Some((index, field)) = rest.split_once(']') else { return (None, path.to_string()) };
    let id = index
        .parse::<usize>()
        .ok()
        .and_then(|i| raw.get("rules")?.get(i)?.get("id")?.as_str().map(str::to_string))
        .unwrap_or_else(|| format!("rules[{index}]"));
    (Some(id), field.trim_start_matches('.').to_string())
}

/// The checks serde cannot make: ids, lines of business, periods, sources.
fn validate(rules: &PayerRules, errors: &mut Vec<PayerRuleError>) {
    let mut payer_ids = std::collections::BTreeSet::new();
    for (p, payer) in rules.payers.iter().enumerate() {
        let payer_name = if valid_id(&payer.id) { payer.id.clone() } else { format!("payers[{p}]") };
        let mut err = |rule: Option<&str>, field: String, message: &str| {
            errors.push(PayerRuleError {
                payer: Some(payer_name.clone()),
                rule: rule.map(str::to_string),
                field,
                message: message.to_string(),
            })
        };
        if !valid_id(&payer.id) {
            err(None, "id".into(), "an id is lowercase letters, digits and '-'");
        } else if !payer_ids.insert(payer.id.clone()) {
            err(None, "id".into(), "another payer has the same id");
        }
        if payer.name.trim().is_empty() {
            err(None, "name".into(), "a name is required");
        }
        if payer.rules.is_empty() {
            err(None, "rules".into(), "a payer needs at least one rule");
        }
        let mut rule_ids = std::collections::BTreeSet::new();
        for (r, rule) in payer.rules.iter().enumerate() {
            let rule_name = if valid_id(&rule.id) { rule.id.clone() } else { format!("rules[{r}]") };
            let rn = Some(rule_name.as_str());
            if !valid_id(&rule.id) {
                err(rn, "id".into(), "an id is lowercase letters, digits and '-'");
            } else if !rule_ids.insert(rule.id.clone()) {
                err(rn, "id".into(), "another rule of this payer has the same id");
            }
            for (i, lob) in rule.lines_of_business.iter().enumerate() {
                if !LINES_OF_BUSINESS.contains(&lob.as_str()) {
                    err(rn, format!("lines_of_business[{i}]"), "not a line of business of the case format");
                }
            }
            if !(rule.source_url.starts_with("https://") || rule.source_url.starts_with("http://")) {
                err(rn, "source_url".into(), "a source is an http(s) address");
            }
            if rule.source_title.trim().is_empty() {
                err(rn, "source_title".into(), "a source title is required");
            }
            if rule.verified_on.as_deref().is_some_and(|d| parse_iso(d).is_none()) {
                err(rn, "verified_on".into(), "a date is YYYY-MM-DD");
            }
            let retro_clocks = rule.clocks.iter().filter(|c| c.kind == ClockKind::Retro).count();
            if rule.retro == RetroAvailability::None && retro_clocks > 0 {
                err(rn, "clocks".into(), "a rule with retro \"none\" has no retro clock");
            }
            if retro_clocks > 1 {
                err(rn, "clocks".into(), "a rule has at most one retro clock (combine periods with `also`)");
            }
            for (c, clock) in rule.clocks.iter().enumerate() {
                if clock.text.trim().is_empty() {
                    err(rn, format!("clocks[{c}].text"), "the rule text is required");
                }
                if !clock.also.is_empty() && clock.rule.is_none() {
                    err(rn, format!("clocks[{c}].rule"), "several periods need `rule`: earliest or latest");
                }
                if clock.also.is_empty() && clock.rule.is_some() {
                    err(rn, format!("clocks[{c}].rule"), "`rule` combines periods: add them under `also`");
                }
                match (&clock.source_url, &clock.source_title) {
                    (Some(url), Some(title)) => {
                        if !(url.starts_with("https://") || url.starts_with("http://")) {
                            err(rn, format!("clocks[{c}].source_url"), "a source is an http(s) address");
                        }
                        if title.trim().is_empty() {
                            err(rn, format!("clocks[{c}].source_title"), "a source title is required");
                        }
                    }
                    (None, None) => {}
                    _ => err(
                        rn,
                        format!("clocks[{c}].source_url"),
                        "give a clock's source_url and source_title together",
                    ),
                }
                if clock.level == Some(0) {
                    err(rn, format!("clocks[{c}].level"), "levels start at 1");
                }
                for (i, period) in clock.periods().iter().enumerate() {
                    let at = if i == 0 { format!("clocks[{c}]") } else { format!("clocks[{c}].also[{}]", i - 1) };
                    match (period.days, period.months) {
                        (Some(_), Some(_)) => err(rn, format!("{at}.days"), "give days or months, not both"),
                        (None, None) => err(rn, format!("{at}.days"), "give days or months"),
                        (Some(days), None) if !(0..=MAX_WINDOW_DAYS).contains(&days) => {
                            err(rn, format!("{at}.days"), "days are 0 to 36500")
                        }
                        (None, Some(months)) if !(0..=MAX_WINDOW_MONTHS).contains(&months) => {
                            err(rn, format!("{at}.months"), "months are 0 to 1200")
                        }
                        _ => {}
                    }
                    if period.months.is_some() && period.unit.is_some() {
                        err(rn, format!("{at}.unit"), "a unit applies to days, not months");
                    }
                    if i > 0 && period.basis.is_none() {
                        err(rn, format!("{at}.basis"), "a further period needs its basis");
                    }
                }
            }
        }
    }
}

/// The rules that ship with the tool, parsed once. Empty if the embedded file were broken
/// (`tests/payers.rs` makes sure it is not; [`builtin_errors`] says why).
pub fn builtin() -> &'static PayerRules {
    static RULES: OnceLock<PayerRules> = OnceLock::new();
    RULES.get_or_init(|| {
        parse(BUILTIN_JSON).unwrap_or_else(|_| PayerRules {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            data_version: String::new(),
            transcribed_from: None,
            payers: Vec::new(),
        })
    })
}

/// The errors of the embedded rule file (none when it is valid).
pub fn builtin_errors() -> Vec<PayerRuleError> {
    parse(BUILTIN_JSON).err().unwrap_or_default()
}

/// What `claim.payer.profile_id` picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection<'a> {
    /// One rule of one payer.
    Rule(&'a PayerProfile, &'a PayerRule),
    /// The payer has several rules for the case's line of business: name one (`payer/rule`).
    Ambiguous(&'a PayerProfile),
    /// The payer has no rule for the case's line of business.
    NoRuleForLineOfBusiness(&'a PayerProfile),
    /// `payer/rule` names a rule the payer does not have.
    UnknownRule(&'a PayerProfile),
    /// No payer has this id.
    UnknownPayer,
}

impl PayerRule {
    /// True when the rule covers `line_of_business` (any, when the rule names none or the case
    /// gives none).
    pub fn covers(&self, line_of_business: &str) -> bool {
        let lob = line_of_business.trim();
        self.lines_of_business.is_empty() || lob.is_empty() || self.lines_of_business.iter().any(|l| l == lob)
    }
}

impl PayerRules {
    /// The payer with this id.
    pub fn payer(&self, id: &str) -> Option<&PayerProfile> {
        self.payers.iter().find(|p| p.id == id.trim())
    }

    /// Resolves a profile id (`payer` or `payer/rule`) for a case's line of business.
    pub fn select(&self, profile_id: &str, line_of_business: &str) -> Selection<'_> {
        let (payer_id, rule_id) = match profile_id.trim().split_once('/') {
            Some((p, r)) => (p.trim(), Some(r.trim())),
            None => (profile_id.trim(), None),
        };
        let Some(payer) = self.payer(payer_id) else { return Selection::UnknownPayer };
        if let Some(rule_id) = rule_id {
            return match payer.rules.iter().find(|r| r.id == rule_id) {
                Some(rule) => Selection::Rule(payer, rule),
                None => Selection::UnknownRule(payer),
            };
        }
        let mut fitting = payer.rules.iter().filter(|r| r.covers(line_of_business));
        match (fitting.next(), fitting.next()) {
            (Some(rule), None) => Selection::Rule(payer, rule),
            (Some(_), Some(_)) => Selection::Ambiguous(payer),
            (None, _) => Selection::NoRuleForLineOfBusiness(payer),
        }
    }

    /// Payers whose name, alias or id contains `query` (case-insensitive), for a search by name.
    pub fn search(&self, query: &str) -> Vec<&PayerProfile> {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return Vec::new();
        }
        self.payers
            .iter()
            .filter(|p| {
                p.id.contains(&q)
                    || p.name.to_lowercase().contains(&q)
                    || p.aliases.iter().any(|a| a.to_lowercase().contains(&q))
            })
            .collect()
    }
}
