//! The case as a form: every field a person can edit, with its path in the case format, its
//! label, and text-in / text-out accessors.
//!
//! The browser app renders inputs from [`Field`] values and sends edits back through
//! [`set_text`]; validation findings name the same [`Field::path`] so messages land next to
//! the right input. Setting text never fails and never loses what was typed: numbers that do
//! not parse are kept as [`Lenient::Raw`], lists keep every item.

use crate::core::model::{Case, Facility, Lenient, PriorAuthorization, ReferringProvider};

/// An editable field of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)] // the variants are the case-format fields named in `path()`
pub enum Field {
    RequestDate,
    RequirementProfile,
    PatientFirstName,
    PatientLastName,
    PatientDob,
    PatientMemberId,
    PatientGroupNumber,
    PatientSex,
    PayerName,
    PayerPlanType,
    PayerFax,
    PayerPhone,
    PayerAddress(AddressPart),
    PayerWindowDays,
    PayerWindowBasis,
    PayerWindowNote,
    ProviderName,
    ProviderNpi,
    ProviderTin,
    ProviderPhone,
    ProviderContactName,
    ProviderAddress(AddressPart),
    ReferringName,
    ReferringNpi,
    FacilityName,
    FacilityNpi,
    ClaimType,
    ClaimNumber,
    DateOfService,
    ClaimFrom,
    ClaimTo,
    PlaceOfService,
    TypeOfBill,
    Drg,
    TotalCharge,
    OriginalSubmissionDate,
    PriorAuthNumber,
    PriorAuthCodes,
    Line(usize, LineField),
    Diagnosis(usize),
    DenialDate,
    DenialCarc,
    DenialRarc,
    DenialText,
    ReasonCode,
    ReasonDetail,
    NoteType(usize),
    NoteText(usize),
}

/// A part of a postal address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum AddressPart {
    Line1,
    Line2,
    City,
    State,
    Zip,
}

/// A field of a service line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum LineField {
    Code,
    Modifiers,
    Units,
    Charge,
    Pointers,
    RevenueCode,
    From,
    To,
}

/// What kind of input suits a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// One line of text.
    Text,
    /// A date typed as `YYYY-MM-DD`.
    Date,
    /// A number.
    Number,
    /// Several lines of text.
    LongText,
    /// One of a fixed list (see [`choices`]).
    Choice,
}

impl AddressPart {
    pub(crate) fn key(self) -> &'static str {
        match self {
            AddressPart::Line1 => "line1",
            AddressPart::Line2 => "line2",
            AddressPart::City => "city",
            AddressPart::State => "state",
            AddressPart::Zip => "zip",
        }
    }
    fn label(self) -> &'static str {
        match self {
            AddressPart::Line1 => "Address",
            AddressPart::Line2 => "Address line 2",
            AddressPart::City => "City",
            AddressPart::State => "State",
            AddressPart::Zip => "ZIP",
        }
    }
}

impl LineField {
    pub(crate) fn key(self) -> &'static str {
        match self {
            LineField::Code => "cpt_or_hcpcs",
            LineField::Modifiers => "modifiers",
            LineField::Units => "units",
            LineField::Charge => "charge",
            LineField::Pointers => "icd10_pointers",
            LineField::RevenueCode => "revenue_code",
            LineField::From => "from",
            LineField::To => "to",
        }
    }
    fn label(self) -> &'static str {
        match self {
            LineField::Code => "CPT/HCPCS",
            LineField::Modifiers => "Modifiers",
            LineField::Units => "Units",
            LineField::Charge => "Charge",
            LineField::Pointers => "Dx pointers",
            LineField::RevenueCode => "Revenue code",
            LineField::From => "From",
            LineField::To => "To",
        }
    }
}

impl Field {
    /// The field's path in the case format, as used in findings: `claim.claim.lines[0].units`.
    pub fn path(self) -> String {
        use Field::*;
        let fixed = match self {
            RequestDate => "request_date",
            RequirementProfile => "requirement_profile",
            PatientFirstName => "claim.patient.first_name",
            PatientLastName => "claim.patient.last_name",
            PatientDob => "claim.patient.dob",
            PatientMemberId => "claim.patient.member_id",
            PatientGroupNumber => "claim.patient.group_number",
            PatientSex => "claim.patient.sex",
            PayerName => "claim.payer.name",
            PayerPlanType => "claim.payer.plan_type",
            PayerFax => "claim.payer.fax",
            PayerPhone => "claim.payer.phone",
            PayerAddress(part) => return format!("claim.payer.address.{}", part.key()),
            PayerWindowDays => "claim.payer.retro_auth_window_days",
            PayerWindowBasis => "claim.payer.retro_auth_window_basis",
            PayerWindowNote => "claim.payer.retro_auth_window_note",
            ProviderName => "claim.provider.name",
            ProviderNpi => "claim.provider.npi",
            ProviderTin => "claim.provider.tin",
            ProviderPhone => "claim.provider.phone",
            ProviderContactName => "claim.provider.contact_name",
            ProviderAddress(part) => return format!("claim.provider.address.{}", part.key()),
            ReferringName => "claim.referring_provider.name",
            ReferringNpi => "claim.referring_provider.npi",
            FacilityName => "claim.facility.name",
            FacilityNpi => "claim.facility.npi",
            ClaimType => "claim.claim.claim_type",
            ClaimNumber => "claim.claim.claim_number",
            DateOfService => "claim.claim.date_of_service",
            ClaimFrom => "claim.claim.from",
            ClaimTo => "claim.claim.to",
            PlaceOfService => "claim.claim.place_of_service",
            TypeOfBill => "claim.claim.type_of_bill",
            Drg => "claim.claim.drg",
            TotalCharge => "claim.claim.total_charge",
            OriginalSubmissionDate => "claim.claim.original_submission_date",
            PriorAuthNumber => "claim.claim.prior_authorization.number",
            PriorAuthCodes => "claim.claim.prior_authorization.approved_codes",
            Line(idx, part) => return format!("claim.claim.lines[{idx}].{}", part.key()),
            Diagnosis(idx) => return format!("claim.claim.diagnoses[{idx}]"),
            DenialDate => "claim.claim.denial.date",
            DenialCarc => "claim.claim.denial.carc",
            DenialRarc => "claim.claim.denial.rarc",
            DenialText => "claim.claim.denial.text",
            ReasonCode => "claim.reason_prior_auth_missing.code",
            ReasonDetail => "claim.reason_prior_auth_missing.detail",
            NoteType(idx) => return format!("notes[{idx}].note_type"),
            NoteText(idx) => return format!("notes[{idx}].text"),
        };
        fixed.to_string()
    }

    /// An id usable in HTML (`f-claim-claim-lines-0-units`), derived from the path.
    pub fn dom_id(self) -> String {
        let mut id = String::from("f-");
        for c in self.path().chars() {
            match c {
                'a'..='z' | 'A'..='Z' | '0'..='9' | '_' => id.push(c),
                ']' => {}
                _ => id.push('-'),
            }
        }
        id
    }

    /// The label a biller sees.
    pub fn label(self) -> String {
        use Field::*;
        let fixed = match self {
            RequestDate => "Request date",
            RequirementProfile => "Requirement profile",
            PatientFirstName => "First name",
            PatientLastName => "Last name",
            PatientDob => "Date of birth",
            PatientMemberId => "Member ID",
            PatientGroupNumber => "Group number",
            PatientSex => "Sex",
            PayerName => "Payer name",
            PayerPlanType => "Plan type",
            PayerFax => "Fax",
            PayerPhone => "Phone",
            PayerAddress(part) | ProviderAddress(part) => part.label(),
            PayerWindowDays => "Retro window (days)",
            PayerWindowBasis => "Window counts from",
            PayerWindowNote => "Window rule source",
            ProviderName => "Billing provider",
            ProviderNpi => "NPI",
            ProviderTin => "TIN",
            ProviderPhone => "Phone",
            ProviderContactName => "Contact name",
            ReferringName => "Referring provider",
            ReferringNpi => "Referring NPI",
            FacilityName => "Facility",
            FacilityNpi => "Facility NPI",
            ClaimType => "Claim type",
            ClaimNumber => "Claim number",
            DateOfService => "Date of service",
            ClaimFrom => "From (admission)",
            ClaimTo => "To (discharge)",
            PlaceOfService => "Place of service",
            TypeOfBill => "Type of bill",
            Drg => "DRG",
            TotalCharge => "Total charge",
            OriginalSubmissionDate => "Original submission date",
            PriorAuthNumber => "Existing authorization number",
            PriorAuthCodes => "Authorized codes",
            Line(_, part) => part.label(),
            Diagnosis(idx) => return format!("Diagnosis {}", idx + 1),
            DenialDate => "Denial date",
            DenialCarc => "CARC",
            DenialRarc => "RARC",
            DenialText => "Denial text",
            ReasonCode => "Reason",
            ReasonDetail => "What happened",
            NoteType(_) => "Note type",
            NoteText(_) => "Note text",
        };
        fixed.to_string()
    }

    /// The kind of input that suits this field.
    pub fn kind(self) -> InputKind {
        use Field::*;
        match self {
            RequestDate | PatientDob | DateOfService | ClaimFrom | ClaimTo | OriginalSubmissionDate | DenialDate => {
                InputKind::Date
            }
            Line(_, LineField::From | LineField::To) => InputKind::Date,
            PayerWindowDays | TotalCharge | Line(_, LineField::Units | LineField::Charge) => InputKind::Number,
            DenialText | ReasonDetail | NoteText(_) | PayerWindowNote => InputKind::LongText,
            PayerPlanType | PayerWindowBasis | ClaimType | ReasonCode => InputKind::Choice,
            _ => InputKind::Text,
        }
    }
}

/// The choices of a [`InputKind::Choice`] field: (stored value, label). The empty value means
/// "not chosen yet".
pub fn choices(field: Field) -> &'static [(&'static str, &'static str)] {
    match field {
        Field::PayerPlanType => &[
            ("", "Choose…"),
            ("commercial", "Commercial"),
            ("medicare_advantage", "Medicare Advantage"),
            ("medicaid_mco", "Medicaid managed care"),
        ],
        Field::PayerWindowBasis => &[
            ("", "Choose…"),
            ("date_of_service", "Date of service"),
            ("discharge_date", "Discharge date"),
            ("denial_date", "Denial date"),
            ("eligibility_determination_date", "Eligibility determination date"),
            ("admission_date", "Admission date"),
            ("remittance_date", "Remittance date"),
        ],
        Field::ClaimType => {
            &[("professional", "Professional (CMS-1500 / 837P)"), ("institutional", "Institutional (UB-04 / 837I)")]
        }
        Field::ReasonCode => &[
            ("", "Choose…"),
            ("emergency", "Emergency"),
            ("retro_eligibility", "Coverage established retroactively"),
            ("patient_unable_to_provide_insurance", "Patient unable to provide insurance"),
            ("payer_system_outage", "Payer system outage"),
            ("administrative_error", "Administrative error"),
            ("procedure_changed_intraoperatively", "Procedure changed during surgery"),
            ("other", "Other"),
        ],
        _ => &[],
    }
}

fn opt_text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// `None` for empty text, so clearing an optional field removes it from the saved file.
fn set_opt(slot: &mut Option<String>, text: &str) {
    *slot = if text.is_empty() { None } else { Some(text.to_string()) };
}

fn split_list(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

fn lenient_opt_text<T: serde::Serialize>(value: &Option<Lenient<T>>) -> String {
    value.as_ref().map(Lenient::as_text).unwrap_or_default()
}

fn set_lenient_opt<T: serde::de::DeserializeOwned>(slot: &mut Option<Lenient<T>>, text: &str) {
    *slot = if text.is_empty() { None } else { Some(Lenient::from_text(text)) };
}

/// The field's current value as text.
pub fn get_text(case: &Case, field: Field) -> String {
    use Field::*;
    let d = &case.claim;
    let c = &d.claim;
    match field {
        RequestDate => opt_text(&case.request_date),
        RequirementProfile => opt_text(&case.requirement_profile),
        PatientFirstName => d.patient.first_name.clone(),
        PatientLastName => d.patient.last_name.clone(),
        PatientDob => d.patient.dob.clone(),
        PatientMemberId => opt_text(&d.patient.member_id),
        PatientGroupNumber => opt_text(&d.patient.group_number),
        PatientSex => opt_text(&d.patient.sex),
        PayerName => d.payer.name.clone(),
        PayerPlanType => d.payer.plan_type.clone(),
        PayerFax => d.payer.fax.clone(),
        PayerPhone => d.payer.phone.clone(),
        PayerAddress(part) => address_get(&d.payer.address, part),
        PayerWindowDays => lenient_opt_text(&d.payer.retro_auth_window_days),
        PayerWindowBasis => opt_text(&d.payer.retro_auth_window_basis),
        PayerWindowNote => opt_text(&d.payer.retro_auth_window_note),
        ProviderName => d.provider.name.clone(),
        ProviderNpi => d.provider.npi.clone(),
        ProviderTin => d.provider.tin.clone(),
        ProviderPhone => d.provider.phone.clone(),
        ProviderContactName => d.provider.contact_name.clone(),
        ProviderAddress(part) => address_get(&d.provider.address, part),
        ReferringName => d.referring_provider.as_ref().map(|r| r.name.clone()).unwrap_or_default(),
        ReferringNpi => d.referring_provider.as_ref().map(|r| r.npi.clone()).unwrap_or_default(),
        FacilityName => d.facility.as_ref().map(|f| f.name.clone()).unwrap_or_default(),
        FacilityNpi => d.facility.as_ref().map(|f| f.npi.clone()).unwrap_or_default(),
        ClaimType => c.claim_type.clone(),
        ClaimNumber => c.claim_number.clone(),
        DateOfService => opt_text(&c.date_of_service),
        ClaimFrom => opt_text(&c.from),
        ClaimTo => opt_text(&c.to),
        PlaceOfService => c.place_of_service.clone(),
        TypeOfBill => opt_text(&c.type_of_bill),
        Drg => opt_text(&c.drg),
        TotalCharge => lenient_opt_text(&c.total_charge),
        OriginalSubmissionDate => opt_text(&c.original_submission_date),
        PriorAuthNumber => c.prior_authorization.as_ref().map(|p| p.number.clone()).unwrap_or_default(),
        PriorAuthCodes => c.prior_authorization.as_ref().map(|p| p.approved_codes.join(", ")).unwrap_or_default(),
        Line(idx, part) => {
            let Some(line) = c.lines.get(idx) else { return String::new() };
            match part {
                LineField::Code => opt_text(&line.cpt_or_hcpcs),
                LineField::Modifiers => line.modifiers.join(", "),
                LineField::Units => line.units.as_text(),
                LineField::Charge => line.charge.as_text(),
                LineField::Pointers => line.icd10_pointers.iter().map(Lenient::as_text).collect::<Vec<_>>().join(", "),
                LineField::RevenueCode => opt_text(&line.revenue_code),
                LineField::From => opt_text(&line.from),
                LineField::To => opt_text(&line.to),
            }
        }
        Diagnosis(idx) => c.diagnoses.get(idx).cloned().unwrap_or_default(),
        DenialDate => c.denial.date.clone(),
        DenialCarc => c.denial.carc.clone(),
        DenialRarc => c.denial.rarc.clone(),
        DenialText => c.denial.text.clone(),
        ReasonCode => d.reason_prior_auth_missing.code.clone(),
        ReasonDetail => d.reason_prior_auth_missing.detail.clone(),
        NoteType(idx) => case.notes.get(idx).map(|n| n.note_type.clone()).unwrap_or_default(),
        NoteText(idx) => case.notes.get(idx).map(|n| n.text().to_string()).unwrap_or_default(),
    }
}

fn address_get(address: &crate::core::model::Address, part: AddressPart) -> String {
    match part {
        AddressPart::Line1 => address.line1.clone(),
        AddressPart::Line2 => opt_text(&address.line2),
        AddressPart::City => address.city.clone(),
        AddressPart::State => address.state.clone(),
        AddressPart::Zip => address.zip.clone(),
    }
}

fn address_set(address: &mut crate::core::model::Address, part: AddressPart, text: &str) {
    match part {
        AddressPart::Line1 => address.line1 = text.to_string(),
        AddressPart::Line2 => set_opt(&mut address.line2, text),
        AddressPart::City => address.city = text.to_string(),
        AddressPart::State => address.state = text.to_string(),
        AddressPart::Zip => address.zip = text.to_string(),
    }
}

/// Sets a field from typed text. Never fails: text that does not parse is kept as typed.
/// Fields of list items that do not exist (a stale index) are ignored.
pub fn set_text(case: &mut Case, field: Field, text: &str) {
    use Field::*;
    let d = &mut case.claim;
    match field {
        RequestDate => set_opt(&mut case.request_date, text),
        RequirementProfile => set_opt(&mut case.requirement_profile, text),
        PatientFirstName => d.patient.first_name = text.to_string(),
        PatientLastName => d.patient.last_name = text.to_string(),
        PatientDob => d.patient.dob = text.to_string(),
        PatientMemberId => d.patient.member_id = Some(text.to_string()),
        PatientGroupNumber => set_opt(&mut d.patient.group_number, text),
        PatientSex => set_opt(&mut d.patient.sex, text),
        PayerName => d.payer.name = text.to_string(),
        PayerPlanType => d.payer.plan_type = text.to_string(),
        PayerFax => d.payer.fax = text.to_string(),
        PayerPhone => d.payer.phone = text.to_string(),
        PayerAddress(part) => address_set(&mut d.payer.address, part, text),
        PayerWindowDays => set_lenient_opt(&mut d.payer.retro_auth_window_days, text),
        PayerWindowBasis => set_opt(&mut d.payer.retro_auth_window_basis, text),
        PayerWindowNote => set_opt(&mut d.payer.retro_auth_window_note, text),
        ProviderName => d.provider.name = text.to_string(),
        ProviderNpi => d.provider.npi = text.to_string(),
        ProviderTin => d.provider.tin = text.to_string(),
        ProviderPhone => d.provider.phone = text.to_string(),
        ProviderContactName => d.provider.contact_name = text.to_string(),
        ProviderAddress(part) => address_set(&mut d.provider.address, part, text),
        ReferringName => d.referring_provider.get_or_insert_with(ReferringProvider::default).name = text.to_string(),
        ReferringNpi => d.referring_provider.get_or_insert_with(ReferringProvider::default).npi = text.to_string(),
        FacilityName => d.facility.get_or_insert_with(Facility::default).name = text.to_string(),
        FacilityNpi => d.facility.get_or_insert_with(Facility::default).npi = text.to_string(),
        ClaimType => d.claim.claim_type = text.to_string(),
        ClaimNumber => d.claim.claim_number = text.to_string(),
        DateOfService => set_opt(&mut d.claim.date_of_service, text),
        ClaimFrom => set_opt(&mut d.claim.from, text),
        ClaimTo => set_opt(&mut d.claim.to, text),
        PlaceOfService => d.claim.place_of_service = text.to_string(),
        TypeOfBill => set_opt(&mut d.claim.type_of_bill, text),
        Drg => set_opt(&mut d.claim.drg, text),
        TotalCharge => set_lenient_opt(&mut d.claim.total_charge, text),
        OriginalSubmissionDate => set_opt(&mut d.claim.original_submission_date, text),
        PriorAuthNumber => {
            d.claim.prior_authorization.get_or_insert_with(PriorAuthorization::default).number = text.to_string()
        }
        PriorAuthCodes => {
            d.claim.prior_authorization.get_or_insert_with(PriorAuthorization::default).approved_codes =
                split_list(text)
        }
        Line(idx, part) => {
            let Some(line) = d.claim.lines.get_mut(idx) else { return };
            match part {
                LineField::Code => line.cpt_or_hcpcs = if text.is_empty() { None } else { Some(text.to_string()) },
                LineField::Modifiers => line.modifiers = split_list(text),
                LineField::Units => line.units = Lenient::from_text(text),
                LineField::Charge => line.charge = Lenient::from_text(text),
                LineField::Pointers => {
                    line.icd10_pointers = split_list(text).iter().map(|p| Lenient::from_text(p)).collect()
                }
                LineField::RevenueCode => set_opt(&mut line.revenue_code, text),
                LineField::From => set_opt(&mut line.from, text),
                LineField::To => set_opt(&mut line.to, text),
            }
        }
        Diagnosis(idx) => {
            if let Some(slot) = d.claim.diagnoses.get_mut(idx) {
                *slot = text.to_string();
            }
        }
        DenialDate => d.claim.denial.date = text.to_string(),
        DenialCarc => d.claim.denial.carc = text.to_string(),
        DenialRarc => d.claim.denial.rarc = text.to_string(),
        DenialText => d.claim.denial.text = text.to_string(),
        ReasonCode => d.reason_prior_auth_missing.code = text.to_string(),
        ReasonDetail => d.reason_prior_auth_missing.detail = text.to_string(),
        NoteType(idx) => {
            if let Some(note) = case.notes.get_mut(idx) {
                note.note_type = text.to_string();
            }
        }
        NoteText(idx) => {
            if let Some(note) = case.notes.get_mut(idx) {
                note.text = Some(text.to_string());
            }
        }
    }
}

/// Every field that is not part of a list (service lines, diagnoses, notes), in form order.
pub const FIXED_FIELDS: &[Field] = {
    use AddressPart::*;
    use Field::*;
    &[
        RequestDate,
        RequirementProfile,
        PatientFirstName,
        PatientLastName,
        PatientDob,
        PatientMemberId,
        PatientGroupNumber,
        PatientSex,
        PayerName,
        PayerPlanType,
        PayerFax,
        PayerPhone,
        PayerAddress(Line1),
        PayerAddress(Line2),
        PayerAddress(City),
        PayerAddress(State),
        PayerAddress(Zip),
        PayerWindowDays,
        PayerWindowBasis,
        PayerWindowNote,
        ProviderName,
        ProviderNpi,
        ProviderTin,
        ProviderPhone,
        ProviderContactName,
        ProviderAddress(Line1),
        ProviderAddress(Line2),
        ProviderAddress(City),
        ProviderAddress(State),
        ProviderAddress(Zip),
        ReferringName,
        ReferringNpi,
        FacilityName,
        FacilityNpi,
        ClaimType,
        ClaimNumber,
        DateOfService,
        ClaimFrom,
        ClaimTo,
        PlaceOfService,
        TypeOfBill,
        Drg,
        TotalCharge,
        OriginalSubmissionDate,
        PriorAuthNumber,
        PriorAuthCodes,
        DenialDate,
        DenialCarc,
        DenialRarc,
        DenialText,
        ReasonCode,
    ]
};

impl Field {
    /// The field at a case-format path (`claim.claim.lines[0].units` → `Line(0, Units)`), the
    /// inverse of [`Field::path`]; `None` for paths the form has no single input for.
    pub fn from_path(path: &str) -> Option<Field> {
        if let Some(rest) = path.strip_prefix("claim.claim.lines[") {
            let (index, key) = rest.split_once("].")?;
            let index: usize = index.parse().ok()?;
            return LINE_FIELDS.iter().find(|f| f.key() == key).map(|f| Field::Line(index, *f));
        }
        if let Some(rest) = path.strip_prefix("claim.claim.diagnoses[") {
            return rest.strip_suffix(']')?.parse().ok().map(Field::Diagnosis);
        }
        if let Some(rest) = path.strip_prefix("notes[") {
            let (index, key) = rest.split_once("].")?;
            let index: usize = index.parse().ok()?;
            return match key {
                "note_type" => Some(Field::NoteType(index)),
                "text" => Some(Field::NoteText(index)),
                _ => None,
            };
        }
        FIXED_FIELDS.iter().copied().chain([Field::ReasonDetail]).find(|f| f.path() == path)
    }
}

/// The path of the service-line list. Findings about the list as a whole (none given) name it,
/// and the form shows them beside the list; see also [`LIST_PATHS`].
pub const LINES_PATH: &str = "claim.claim.lines";
/// The path of the diagnosis list (findings such as "none given", "too many").
pub const DIAGNOSES_PATH: &str = "claim.claim.diagnoses";
/// The path of the clinical notes (findings about the notes as a whole).
pub const NOTES_PATH: &str = "notes";
/// The list paths a finding may name besides a [`Field`]: each is shown beside its list.
pub const LIST_PATHS: &[&str] = &[LINES_PATH, DIAGNOSES_PATH, NOTES_PATH];

/// The fields of one service line, in form order.
pub const LINE_FIELDS: &[LineField] = &[
    LineField::Code,
    LineField::Modifiers,
    LineField::Units,
    LineField::Charge,
    LineField::Pointers,
    LineField::RevenueCode,
    LineField::From,
    LineField::To,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_the_case_format() {
        assert_eq!(Field::Line(0, LineField::Pointers).path(), "claim.claim.lines[0].icd10_pointers");
        assert_eq!(Field::Diagnosis(1).path(), "claim.claim.diagnoses[1]");
        assert_eq!(Field::PatientMemberId.path(), "claim.patient.member_id");
        assert_eq!(Field::Line(2, LineField::Units).dom_id(), "f-claim-claim-lines-2-units");
    }

    #[test]
    fn from_path_inverts_path() {
        let mut every: Vec<Field> = FIXED_FIELDS.to_vec();
        every.push(Field::ReasonDetail);
        every.extend(LINE_FIELDS.iter().map(|f| Field::Line(3, *f)));
        every.extend([Field::Diagnosis(2), Field::NoteType(1), Field::NoteText(0)]);
        for field in every {
            assert_eq!(Field::from_path(&field.path()), Some(field), "{}", field.path());
        }
        for path in ["claim.claim.lines", "claim.claim.lines[x].units", "claim.claim.lines[0].nope", "notes[0].x", ""] {
            assert_eq!(Field::from_path(path), None, "{path}");
        }
    }

    #[test]
    fn set_then_get_keeps_what_was_typed() {
        let mut case = Case::new_empty();
        for (field, text) in [
            (Field::PatientFirstName, "  Zoë "),
            (Field::Line(0, LineField::Units), "2x"),
            (Field::Line(0, LineField::Units), "3"),
            (Field::Line(0, LineField::Charge), "125.50"),
            (Field::Line(0, LineField::Pointers), "1, a"),
            (Field::PayerWindowDays, "sixty"),
            (Field::NoteText(0), "{{ 7*7 }} <script>"),
        ] {
            set_text(&mut case, field, text);
            let back = get_text(&case, field);
            // Numbers are normalised ("125.50" → "125.5"); everything else is kept exactly.
            if field == Field::Line(0, LineField::Charge) {
                assert_eq!(back, "125.5");
            } else {
                assert_eq!(back, text, "{field:?}");
            }
        }
        // The unparsable pointer survives a save and reload.
        let reloaded = Case::from_json(&case.to_json_pretty()).unwrap();
        assert_eq!(get_text(&reloaded, Field::Line(0, LineField::Pointers)), "1, a");
        assert_eq!(get_text(&reloaded, Field::PayerWindowDays), "sixty");
    }

    /// The choices of a field are the values the case format and validation know, no more.
    #[test]
    fn choices_are_the_case_format_values() {
        use crate::core::model::{CLAIM_TYPES, PLAN_TYPES, REASON_CODES};
        use crate::core::validate::WindowBasis;
        let values =
            |field| -> Vec<&str> { choices(field).iter().map(|(value, _)| *value).filter(|v| !v.is_empty()).collect() };
        assert_eq!(values(Field::PayerPlanType), PLAN_TYPES);
        assert_eq!(values(Field::ClaimType), CLAIM_TYPES);
        let reasons: Vec<&str> = REASON_CODES.iter().map(|(code, _)| *code).collect();
        assert_eq!(values(Field::ReasonCode), reasons);
        let bases: Vec<&str> = WindowBasis::ALL.iter().map(|b| b.as_str()).collect();
        assert_eq!(values(Field::PayerWindowBasis), bases);
    }

    #[test]
    fn stale_indexes_are_ignored() {
        let mut case = Case::new_empty();
        set_text(&mut case, Field::Line(9, LineField::Code), "99213");
        set_text(&mut case, Field::Diagnosis(3), "R07.9");
        set_text(&mut case, Field::NoteText(5), "x");
        assert_eq!(case.claim.claim.lines.len(), 1);
        assert!(case.claim.claim.diagnoses.is_empty());
    }
}
