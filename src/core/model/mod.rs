//! The case model: the exchange format of `../shared/cases/README.md` (`schema_version` "1.0")
//! and its 1.1 additions (`../shared/spec/CASE-1.1.md`: all optional; a 1.0 file loads unchanged).
//!
//! The model stores what was typed, not what it means. Codes, dates, NPIs and enumerations are
//! kept as text so that a typo never makes a case unloadable: interpretation (and complaining)
//! is the job of validation. Numbers that a person types (units, charges, window days) are
//! [`Lenient`], so a stray letter survives a save and a reload instead of breaking the file.
//!
//! Every struct keeps the fields it does not know in an `extra` map (`#[serde(flatten)]`), so a
//! case written by a newer tool, or carrying an answer key, round-trips without losing anything.
//! The `expected` answer key of the development cases lands there and is never read.

pub mod date;
mod lenient;
mod load;

pub use lenient::Lenient;
pub use load::{LoadError, LoadErrorKind};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The schema version this model writes for a new, empty case (1.0 files stay 1.0: the version
/// a file states is kept as typed).
pub const SCHEMA_VERSION: &str = "1.0";

/// Every schema version this model reads: "1.0" and "1.1" (whose additions are all optional).
pub const SCHEMA_VERSIONS: &[&str] = &["1.0", "1.1"];

/// Fields a struct does not model, kept verbatim for round-tripping.
pub type Extra = Map<String, Value>;

/// One retro-authorization case: the claim as the biller entered it, plus the clinical notes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Case {
    /// "1.0" or "1.1" ([`SCHEMA_VERSIONS`]).
    #[serde(default)]
    pub schema_version: String,
    /// A stable identifier, e.g. the file name without `.json`.
    #[serde(default)]
    pub case_id: String,
    /// Short human description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Service family, e.g. `hip_arthroplasty`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The requirement profile (vocabulary name) if the biller chose one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirement_profile: Option<String>,
    /// What an adversarial test case stresses (free text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adversarial: Option<Vec<String>>,
    /// The day the request is prepared (`YYYY-MM-DD`); "today" for deadlines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_date: Option<String>,
    /// Everything a biller types about the claim.
    #[serde(default)]
    pub claim: ClaimDetails,
    /// Clinical notes, in the order given.
    #[serde(default)]
    pub notes: Vec<Note>,
    /// Unknown top-level fields (including any `expected` answer key), kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The claim and the parties around it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClaimDetails {
    /// The patient (member).
    #[serde(default)]
    pub patient: Patient,
    /// The health plan the request goes to.
    #[serde(default)]
    pub payer: Payer,
    /// The billing provider.
    #[serde(default)]
    pub provider: Provider,
    /// The facility, for facility-based services.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facility: Option<Facility>,
    /// The referring or ordering provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referring_provider: Option<ReferringProvider>,
    /// 1.1: the clinician who performed the service (attending for inpatient).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rendering_provider: Option<RenderingProvider>,
    /// 1.1: the ordering / requesting clinician when different.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordering_provider: Option<OrderingProvider>,
    /// 1.1: the payer policy or criteria set the request answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medical_policy: Option<MedicalPolicy>,
    /// The claim itself: lines, diagnoses, dates, denial.
    #[serde(default)]
    pub claim: Claim,
    /// Why prior authorization was not obtained.
    #[serde(default)]
    pub reason_prior_auth_missing: ReasonPriorAuthMissing,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The patient as the payer knows them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Patient {
    /// Given name.
    #[serde(default)]
    pub first_name: String,
    /// Family name.
    #[serde(default)]
    pub last_name: String,
    /// Date of birth, `YYYY-MM-DD`.
    #[serde(default)]
    pub dob: String,
    /// Member / subscriber ID. Absent, empty and whitespace-only all count as missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_id: Option<String>,
    /// Group number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_number: Option<String>,
    /// Administrative sex as on the claim (`F`, `M`, `U`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Patient {
    /// "Last, First" as on claim forms (CMS-1500 box 2); one part alone when the other is empty.
    pub fn sort_name(&self) -> String {
        let first = self.first_name.trim();
        let last = self.last_name.trim();
        match (first.is_empty(), last.is_empty()) {
            (false, false) => format!("{last}, {first}"),
            _ => self.full_name(),
        }
    }

    /// "First Last", trimmed; empty when both parts are empty.
    pub fn full_name(&self) -> String {
        let first = self.first_name.trim();
        let last = self.last_name.trim();
        match (first.is_empty(), last.is_empty()) {
            (false, false) => format!("{first} {last}"),
            (false, true) => first.to_string(),
            (true, false) => last.to_string(),
            (true, true) => String::new(),
        }
    }
}

/// A postal address.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Address {
    /// First line.
    #[serde(default)]
    pub line1: String,
    /// Second line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    /// City.
    #[serde(default)]
    pub city: String,
    /// State (2 letters).
    #[serde(default)]
    pub state: String,
    /// ZIP code.
    #[serde(default)]
    pub zip: String,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Address {
    /// The address as printable lines, skipping empty parts.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for line in [Some(&self.line1), self.line2.as_ref()].into_iter().flatten() {
            if !line.trim().is_empty() {
                out.push(line.trim().to_string());
            }
        }
        let city_line = format!("{}, {} {}", self.city.trim(), self.state.trim(), self.zip.trim());
        let city_line = city_line.trim().trim_start_matches(',').trim().to_string();
        if !city_line.is_empty() && city_line != "," {
            out.push(city_line);
        }
        out
    }
}

/// The health plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Payer {
    /// Plan name.
    #[serde(default)]
    pub name: String,
    /// `commercial`, `medicare_advantage` or `medicaid_mco`.
    #[serde(default)]
    pub plan_type: String,
    /// Fax number for retro requests.
    #[serde(default)]
    pub fax: String,
    /// Phone number.
    #[serde(default)]
    pub phone: String,
    /// Mailing address.
    #[serde(default)]
    pub address: Address,
    /// How many calendar days after the basis date a retro request is accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retro_auth_window_days: Option<Lenient<i64>>,
    /// What the window counts from: `date_of_service`, `discharge_date`, `denial_date` or
    /// `eligibility_determination_date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retro_auth_window_basis: Option<String>,
    /// Where the window rule comes from (provider manual section, etc.).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retro_auth_window_note: Option<String>,
    /// 1.1: `commercial`, `medicare_advantage`, `medicare_ffs`, `medicaid_mco`, `medicaid_ffs`,
    /// `tricare`, `exchange`, `self_funded` ([`LINES_OF_BUSINESS`]). Read it through
    /// [`Payer::line_of_business`], which falls back on 1.0's `plan_type`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_of_business: Option<String>,
    /// 1.1: `in_network` or `out_of_network`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_status: Option<String>,
    /// 1.1: what the window days are: `calendar` (default) or `business`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retro_auth_window_unit: Option<String>,
    /// 1.1: the payer accepts retro requests only before a claim is filed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retro_auth_pre_claim_only: Option<bool>,
    /// 1.1: id of a payer rule set in `templates/payers/` (windows, clocks, routing, forms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_id: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Payer {
    /// The line of business: 1.1's `line_of_business` when typed (trimmed), else 1.0's
    /// `plan_type` (trimmed), else "". The one place the two fields meet; the input is never
    /// rewritten.
    pub fn line_of_business(&self) -> &str {
        match self.line_of_business.as_deref().map(str::trim) {
            Some(lob) if !lob.is_empty() => lob,
            _ => self.plan_type.trim(),
        }
    }
}

/// The billing provider.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Provider {
    /// Practice or clinician name.
    #[serde(default)]
    pub name: String,
    /// 10-digit NPI.
    #[serde(default)]
    pub npi: String,
    /// Tax identification number (EIN).
    #[serde(default)]
    pub tin: String,
    /// Practice address.
    #[serde(default)]
    pub address: Address,
    /// Phone number.
    #[serde(default)]
    pub phone: String,
    /// Who the payer should contact about this request.
    #[serde(default)]
    pub contact_name: String,
    /// 1.1: sender fax for the payer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fax: Option<String>,
    /// 1.1: sender email for the payer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The facility where the service took place.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facility {
    /// Facility name.
    #[serde(default)]
    pub name: String,
    /// Facility NPI.
    #[serde(default)]
    pub npi: String,
    /// Facility address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The referring or ordering provider.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReferringProvider {
    /// Name.
    #[serde(default)]
    pub name: String,
    /// NPI.
    #[serde(default)]
    pub npi: String,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// 1.1: the clinician who performed the service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RenderingProvider {
    /// Name.
    #[serde(default)]
    pub name: String,
    /// NPI.
    #[serde(default)]
    pub npi: String,
    /// Credentials (MD, DO, NP…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<String>,
    /// Tax identification number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tin: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// 1.1: the ordering / requesting clinician.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OrderingProvider {
    /// Name.
    #[serde(default)]
    pub name: String,
    /// NPI.
    #[serde(default)]
    pub npi: String,
    /// Credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// 1.1: the payer policy or criteria set (InterQual, MCG, a CPB number) the request answers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MedicalPolicy {
    /// Policy name.
    #[serde(default)]
    pub name: String,
    /// Policy number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Criteria set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criteria_set: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// 1.1: a reference number around the claim (call, UM case, portal ticket…).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReferenceNumber {
    /// `call`, `um_case`, `prior_request`, `portal_ticket`, `fax_confirmation`, `other`
    /// ([`REFERENCE_KINDS`]).
    #[serde(default)]
    pub kind: String,
    /// The number as given.
    #[serde(default)]
    pub number: String,
    /// When (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// A note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The claim as billed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// `professional` or `institutional`.
    #[serde(default)]
    pub claim_type: String,
    /// Institutional type of bill, e.g. `0111`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_of_bill: Option<String>,
    /// MS-DRG for inpatient stays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drg: Option<String>,
    /// Admission type for inpatient stays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admission_type: Option<String>,
    /// The provider's claim number (or the payer's ICN).
    #[serde(default)]
    pub claim_number: String,
    /// 1.1: the payer's own claim control number (ICN / DCN / CCN; 835 CLP07).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer_claim_number: Option<String>,
    /// 1.1: reference numbers (calls, UM cases, portal tickets…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_numbers: Option<Vec<ReferenceNumber>>,
    /// 1.1: `pre_claim`, `claim_denied` (default with a denial), `retro_denied` ([`CLAIM_STATES`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// 1.1: admission time, `HH:MM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admission_time: Option<String>,
    /// 1.1: discharge time, `HH:MM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discharge_time: Option<String>,
    /// Single date of service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_service: Option<String>,
    /// First date of service (admission for inpatient stays).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last date of service (discharge for inpatient stays).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// CMS place-of-service code (2 digits).
    #[serde(default)]
    pub place_of_service: String,
    /// An authorization that exists but does not match what was billed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior_authorization: Option<PriorAuthorization>,
    /// Retro-eligibility details (coverage found after the service).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<Eligibility>,
    /// Service lines.
    #[serde(default)]
    pub lines: Vec<ServiceLine>,
    /// ICD-10-CM codes; line pointers are 1-based into this list.
    #[serde(default)]
    pub diagnoses: Vec<String>,
    /// Sum of the line charges.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_charge: Option<Lenient<serde_json::Number>>,
    /// The payer's denial.
    #[serde(default)]
    pub denial: Denial,
    /// When the claim was first submitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_submission_date: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Claim {
    /// The first date of service: `date_of_service`, else `from`.
    pub fn first_date(&self) -> Option<&str> {
        self.date_of_service.as_deref().or(self.from.as_deref())
    }

    /// The last date of service: `date_of_service`, else `to`, else `from`.
    pub fn last_date(&self) -> Option<&str> {
        self.date_of_service.as_deref().or(self.to.as_deref()).or(self.from.as_deref())
    }

    /// True for institutional (UB-04 style) claims.
    pub fn is_institutional(&self) -> bool {
        self.claim_type.trim().eq_ignore_ascii_case("institutional")
    }
}

/// An existing authorization that does not cover what was billed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PriorAuthorization {
    /// Authorization number.
    #[serde(default)]
    pub number: String,
    /// Codes the authorization covers.
    #[serde(default)]
    pub approved_codes: Vec<String>,
    /// First approved date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_from: Option<String>,
    /// Last approved date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_to: Option<String>,
    /// What was authorized, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Retro-eligibility details: kept as given, with the determination date modelled.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Eligibility {
    /// When the payer determined (retroactive) eligibility; a retro-window basis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligibility_determination_date: Option<String>,
    /// Every other eligibility field (program, state, effective dates…), kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One service line.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceLine {
    /// UB-04 revenue code (institutional claims).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revenue_code: Option<String>,
    /// CPT or HCPCS code; `null` on revenue-code-only institutional lines.
    #[serde(default)]
    pub cpt_or_hcpcs: Option<String>,
    /// Modifiers (2 characters each).
    #[serde(default)]
    pub modifiers: Vec<String>,
    /// Units of service.
    #[serde(default)]
    pub units: Lenient<i64>,
    /// Billed charge.
    #[serde(default)]
    pub charge: Lenient<serde_json::Number>,
    /// 1-based pointers into the claim's diagnoses.
    #[serde(default)]
    pub icd10_pointers: Vec<Lenient<i64>>,
    /// Line date of service (from).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Line date of service (to).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// 1.1: whether the line was denied (default true when the claim has a denial).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denied: Option<bool>,
    /// 1.1: line-level CARC when it differs from the claim's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carc: Option<String>,
    /// 1.1: line-level RARC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rarc: Option<String>,
    /// 1.1: line-level group code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_code: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The payer's denial of the claim.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Denial {
    /// Remittance / denial date.
    #[serde(default)]
    pub date: String,
    /// Claim adjustment reason code (e.g. `197`).
    #[serde(default)]
    pub carc: String,
    /// Remittance advice remark code (e.g. `N54`).
    #[serde(default)]
    pub rarc: String,
    /// The denial text as the payer wrote it.
    #[serde(default)]
    pub text: String,
    /// 1.1: the claim adjustment group code (`CO`, `PR`, `OA`, `PI`, `CR`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_code: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Why prior authorization was not obtained.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReasonPriorAuthMissing {
    /// One of the reason codes of the vocabulary ([`REASON_CODES`]).
    #[serde(default)]
    pub code: String,
    /// The circumstances, in the biller's words.
    #[serde(default)]
    pub detail: String,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The reason codes of the vocabulary (`../shared/cases/VOCABULARY.md` §5), with a label a
/// biller reads.
pub const REASON_CODES: &[(&str, &str)] = &[
    ("emergency", "Emergency: no time to obtain authorization"),
    ("retro_eligibility", "Coverage was established retroactively"),
    ("patient_unable_to_provide_insurance", "Patient could not provide insurance information"),
    ("payer_system_outage", "Payer authorization system was unavailable"),
    ("administrative_error", "Administrative error"),
    ("procedure_changed_intraoperatively", "Procedure changed during surgery"),
    ("other", "Other (explain in detail)"),
];

/// The payer plan types of the case format (`claim.payer.plan_type`).
pub const PLAN_TYPES: &[&str] = &["commercial", "medicare_advantage", "medicaid_mco"];

/// The lines of business of format 1.1 (`claim.payer.line_of_business`).
pub const LINES_OF_BUSINESS: &[&str] = &[
    "commercial",
    "medicare_advantage",
    "medicare_ffs",
    "medicaid_mco",
    "medicaid_ffs",
    "tricare",
    "exchange",
    "self_funded",
];

/// The network statuses of format 1.1 (`claim.payer.network_status`).
pub const NETWORK_STATUSES: &[&str] = &["in_network", "out_of_network"];

/// The claim states of format 1.1 (`claim.claim.state`).
pub const CLAIM_STATES: &[&str] = &["pre_claim", "claim_denied", "retro_denied"];

/// The group codes of format 1.1 (`claim.claim.denial.group_code`).
pub const GROUP_CODES: &[&str] = &["CO", "PR", "OA", "PI", "CR"];

/// The reference-number kinds of format 1.1 (`claim.claim.reference_numbers[].kind`).
pub const REFERENCE_KINDS: &[&str] =
    &["call", "um_case", "prior_request", "portal_ticket", "fax_confirmation", "other"];

/// The window units of format 1.1 (`claim.payer.retro_auth_window_unit`).
pub const WINDOW_UNITS: &[&str] = &["calendar", "business"];

/// The claim types of the case format (`claim.claim.claim_type`).
pub const CLAIM_TYPES: &[&str] = &["professional", "institutional"];

/// A clinical note.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// What kind of note (`clinic_note`, `operative_note`, `chart_export`…).
    #[serde(default)]
    pub note_type: String,
    /// The note text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The note text lives in this file instead, relative to the case file's folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_file: Option<String>,
    /// Length of the companion file in Unicode characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length_chars: Option<u64>,
    /// SHA-256 (hex) of the companion file's UTF-8 bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Note {
    /// The note text, or "" when it has not been loaded (e.g. a `text_file` note).
    pub fn text(&self) -> &str {
        self.text.as_deref().unwrap_or("")
    }
}

impl Case {
    /// An empty case at the current schema version, ready for the form.
    pub fn new_empty() -> Case {
        Case {
            schema_version: SCHEMA_VERSION.to_string(),
            claim: ClaimDetails {
                claim: Claim {
                    claim_type: "professional".to_string(),
                    lines: vec![ServiceLine { units: Lenient::Valid(1), ..ServiceLine::default() }],
                    ..Claim::default()
                },
                ..ClaimDetails::default()
            },
            notes: vec![Note { note_type: "clinic_note".to_string(), text: Some(String::new()), ..Note::default() }],
            ..Case::default()
        }
    }

    /// Serialises the case as pretty JSON (2-space indent, fields in model order, unknown
    /// fields after the known ones).
    pub fn to_json_pretty(&self) -> String {
        // Serialising plain data into a String cannot fail: no maps with non-string keys exist.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
