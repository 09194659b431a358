//! The one list of fields a retro-authorization request needs: the import's "still to complete"
//! ([`crate::core::import::left_empty`]) and validation's `missing_required_field` both read it,
//! so the two can never disagree about a field they both cover. Each row says which consumer uses
//! it (member ID and NPIs have their own validation rules; the payer's window days matter only to
//! the import), its label, its severity for validation, and how "blank" is judged.

use std::borrow::Cow;

use crate::core::finding::Severity;
use crate::core::form::{DIAGNOSES_PATH, Field, LINES_PATH};
use crate::core::model::Case;

/// Where a required value lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A form field.
    Field(Field),
    /// A list with no form field of its own (service lines, diagnoses).
    List(&'static str),
}

impl Target {
    /// The path in the case format, as used in findings and import reports.
    pub fn path(self) -> Cow<'static, str> {
        match self {
            Target::Field(field) => Cow::Owned(field.path()),
            Target::List(path) => Cow::Borrowed(path),
        }
    }
}

/// How a row judges "blank".
#[derive(Debug, Clone, Copy)]
pub enum Blank {
    /// Text that is empty or whitespace only.
    Text(fn(&Case) -> &str),
    /// Optional text that is absent, empty or whitespace only.
    OptText(fn(&Case) -> Option<&str>),
    /// A value that is not set at all.
    Unset(fn(&Case) -> bool),
    /// A list with no entries.
    Empty(fn(&Case) -> bool),
    /// The service dates: blank when neither `date_of_service` nor `from` gives a first date.
    /// Validation also names the missing end of a half-filled range (see [`service_dates_gap`]).
    ServiceDates,
}

/// One required field.
#[derive(Debug, Clone, Copy)]
pub struct Required {
    /// Where the value lives.
    pub target: Target,
    /// The field's name in messages ("The {label} is missing.").
    pub label: &'static str,
    /// Validation's severity; `None` when validation leaves the field to another rule.
    pub validation: Option<Severity>,
    /// Whether the import lists the field as still to complete.
    pub needed_for_import: bool,
    /// How "blank" is judged.
    pub blank: Blank,
}

impl Required {
    /// Whether the case leaves this field blank.
    pub fn is_blank(&self, case: &Case) -> bool {
        match self.blank {
            Blank::Text(get) => blank(get(case)),
            Blank::OptText(get) => get(case).is_none_or(blank),
            Blank::Unset(unset) | Blank::Empty(unset) => unset(case),
            Blank::ServiceDates => case.claim.claim.first_date().is_none_or(blank),
        }
    }
}

fn blank(text: &str) -> bool {
    text.trim().is_empty()
}

const fn row(field: Field, label: &'static str, validation: Option<Severity>, import: bool, blank: Blank) -> Required {
    Required { target: Target::Field(field), label, validation, needed_for_import: import, blank }
}

const E: Option<Severity> = Some(Severity::Error);
const W: Option<Severity> = Some(Severity::Warning);

/// The required fields, in the order the import lists them. The import lists line-level fields
/// (code, units, charge, pointers of each line) right after the `lines` row.
pub const REQUIRED: &[Required] = &[
    row(Field::PatientFirstName, "patient's first name", E, true, Blank::Text(|c| &c.claim.patient.first_name)),
    row(Field::PatientLastName, "patient's last name", E, true, Blank::Text(|c| &c.claim.patient.last_name)),
    row(Field::PatientDob, "patient's date of birth", E, true, Blank::Text(|c| &c.claim.patient.dob)),
    row(Field::PatientMemberId, "member ID", None, true, Blank::OptText(|c| c.claim.patient.member_id.as_deref())),
    row(Field::PayerName, "payer name", E, true, Blank::Text(|c| &c.claim.payer.name)),
    row(Field::PayerFax, "payer fax number for retro requests", W, true, Blank::Text(|c| &c.claim.payer.fax)),
    row(
        Field::PayerWindowDays,
        "payer's retro-authorization window (days)",
        None,
        true,
        Blank::Unset(|c| c.claim.payer.retro_auth_window_days.is_none()),
    ),
    row(Field::ProviderName, "billing provider name", E, true, Blank::Text(|c| &c.claim.provider.name)),
    row(Field::ProviderNpi, "billing provider NPI", None, true, Blank::Text(|c| &c.claim.provider.npi)),
    row(Field::ProviderTin, "billing provider TIN", E, true, Blank::Text(|c| &c.claim.provider.tin)),
    row(Field::ProviderPhone, "provider phone number", W, false, Blank::Text(|c| &c.claim.provider.phone)),
    row(
        Field::ProviderContactName,
        "contact name for this request",
        W,
        false,
        Blank::Text(|c| &c.claim.provider.contact_name),
    ),
    row(Field::ClaimType, "claim type", E, false, Blank::Text(|c| &c.claim.claim.claim_type)),
    row(Field::ClaimNumber, "claim number", W, true, Blank::Text(|c| &c.claim.claim.claim_number)),
    row(Field::DateOfService, "date of service", E, true, Blank::ServiceDates),
    row(Field::PlaceOfService, "place of service", E, true, Blank::Text(|c| &c.claim.claim.place_of_service)),
    Required {
        target: Target::List(LINES_PATH),
        label: "service line list",
        validation: E,
        needed_for_import: true,
        blank: Blank::Empty(|c| c.claim.claim.lines.is_empty()),
    },
    Required {
        target: Target::List(DIAGNOSES_PATH),
        label: "diagnosis list",
        validation: E,
        needed_for_import: true,
        blank: Blank::Empty(|c| c.claim.claim.diagnoses.is_empty()),
    },
    row(Field::DenialDate, "denial date", E, true, Blank::Text(|c| &c.claim.claim.denial.date)),
    row(Field::DenialCarc, "denial reason code (CARC)", W, true, Blank::Text(|c| &c.claim.claim.denial.carc)),
    row(
        Field::ReasonCode,
        "reason authorization was not obtained",
        E,
        true,
        Blank::Text(|c| &c.claim.reason_prior_auth_missing.code),
    ),
];
