//! Builds the letter's template context from a case: formats dates and lists, and replaces
//! every missing required input with a visible placeholder while recording it.

use super::deadline::deadline_line;
use crate::core::codes::carc::{self, Topic};
use crate::core::form::{DIAGNOSES_PATH, Field, LINES_PATH, LineField, NOTES_PATH};
use crate::core::model::date::parse_iso;
use crate::core::model::{Case, Lenient, REASON_CODES};
use chrono::NaiveDate;
use serde_json::{Value, json};

/// Extra inputs that are not part of the case: what the packet adds around the letter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LetterExtras {
    /// Names of the user's attachments, in packet order (listed as enclosures).
    pub attachments: Vec<String>,
    /// Total pages of the packet, for the fax cover sheet; `None` before layout.
    pub page_count: Option<usize>,
    /// True when the packet carries a medical-necessity checklist.
    pub checklist: bool,
    /// The request a fax cover sheet announces (a cover for a cover reads as a retro request).
    pub cover_for: super::LetterKind,
}

/// What kind of denial the typed CARCs describe, for the reconsideration letter's wording,
/// from the code table ([`carc::lookup`]`(…).topic`):
/// `authorization_denied` (authorization requested and refused: CARC 39), `medical_necessity`
/// (not medically necessary, experimental, not proven, diagnosis not covered: 50, 55, 56, 57,
/// 151, 167), `no_authorization` (authorization or referral absent, mismatched or exceeded: 197,
/// 198, 15, 62, 38, 242, 243, 288) or `other`. Several codes may be typed (`CO-197, 16`); the
/// strongest wins in that order, as in the denial triage.
pub fn denial_kind(typed: &str) -> &'static str {
    let topics: Vec<Topic> = carc::split_typed(typed)
        .into_iter()
        .filter_map(|(_, code)| carc::normalize(&code))
        .filter_map(|code| carc::lookup(&code).map(|c| c.topic))
        .collect();
    if topics.contains(&Topic::AuthorizationDenied) {
        "authorization_denied"
    } else if topics.contains(&Topic::MedicalNecessity) {
        "medical_necessity"
    } else if topics.iter().any(|t| {
        matches!(
            t,
            Topic::AuthorizationAbsent
                | Topic::AuthorizationMismatch
                | Topic::AuthorizationExceeded
                | Topic::ReferralAbsent
        )
    }) {
        "no_authorization"
    } else {
        "other"
    }
}

/// An input the letter needed that the case does not provide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingInput {
    /// Field path in the case format, e.g. `claim.patient.member_id`.
    pub field: String,
    /// What the biller calls it, e.g. "member ID".
    pub label: String,
}

struct Builder {
    missing: Vec<MissingInput>,
}

impl Builder {
    /// The value as typed, or a `[MISSING: label]` placeholder when it is empty.
    fn required(&mut self, value: &str, field: &str, label: &str) -> String {
        if value.trim().is_empty() {
            if !self.missing.iter().any(|m| m.field == field) {
                self.missing.push(MissingInput { field: field.to_string(), label: label.to_string() });
            }
            format!("[MISSING: {label}]")
        } else {
            value.to_string()
        }
    }

    fn required_date(&mut self, value: &str, field: &str, label: &str) -> String {
        let text = self.required(value, field, label);
        if value.trim().is_empty() { text } else { long_date(value) }
    }
}

/// `2025-03-04` → `March 4, 2025`; anything validation does not read as a date
/// ([`parse_iso`]: `2025-3-4`, `03/04/2025`, `2025-02-30`) is shown exactly as typed.
pub(crate) fn long_date(value: &str) -> String {
    match parse_iso(value) {
        Some(date) => date.format("%B %-d, %Y").to_string(),
        None => value.to_string(),
    }
}

fn long_date_or_placeholder(value: &str) -> String {
    if value.trim().is_empty() { "[MISSING: denial date]".to_string() } else { long_date(value) }
}

fn optional(value: Option<&String>) -> Value {
    match value {
        Some(text) if !text.trim().is_empty() => Value::String(text.clone()),
        _ => Value::Null,
    }
}

fn note_type_label(note_type: &str) -> String {
    let words = note_type.replace('_', " ");
    if words.trim().is_empty() { "clinical note".to_string() } else { words.trim().to_string() }
}

/// The context for the letter templates, and the inputs that were missing.
pub fn letter_context(case: &Case, today: NaiveDate) -> (Value, Vec<MissingInput>) {
    letter_context_with(case, today, &LetterExtras::default())
}

/// The context for the letter templates with the packet's extras, and the inputs that were
/// missing.
pub fn letter_context_with(case: &Case, today: NaiveDate, extras: &LetterExtras) -> (Value, Vec<MissingInput>) {
    let mut b = Builder { missing: Vec::new() };
    let details = &case.claim;
    let claim = &details.claim;

    let practice = json!({
        "name": b.required(&details.provider.name, &Field::ProviderName.path(), "provider name"),
        "address_lines": details.provider.address.lines(),
        "phone": b.required(&details.provider.phone, &Field::ProviderPhone.path(), "provider phone"),
        "contact_name": b.required(&details.provider.contact_name, &Field::ProviderContactName.path(), "contact name"),
        "npi": b.required(&details.provider.npi, &Field::ProviderNpi.path(), "provider NPI"),
        "tin": b.required(&details.provider.tin, &Field::ProviderTin.path(), "provider TIN"),
    });
    let payer = json!({
        "name": b.required(&details.payer.name, &Field::PayerName.path(), "payer name"),
        "address_lines": details.payer.address.lines(),
        "fax": b.required(&details.payer.fax, &Field::PayerFax.path(), "payer fax"),
        "phone": optional(Some(&details.payer.phone)),
    });
    let patient = json!({
        "name": b.required(&details.patient.full_name(), &Field::PatientLastName.path(), "patient name"),
        "sort_name": b.required(&details.patient.sort_name(), &Field::PatientLastName.path(), "patient name"),
        "dob": b.required_date(&details.patient.dob, &Field::PatientDob.path(), "date of birth"),
        "member_id": b.required(details.patient.member_id.as_deref().unwrap_or(""), &Field::PatientMemberId.path(), "member ID"),
        "group_number": optional(details.patient.group_number.as_ref()),
    });

    let (dates, dates_phrase) = match (&claim.date_of_service, &claim.from, &claim.to) {
        (Some(dos), _, _) if !dos.trim().is_empty() => (long_date(dos), format!("on {}", long_date(dos))),
        (_, Some(from), Some(to)) if !from.trim().is_empty() && !to.trim().is_empty() => (
            format!("{} to {}", long_date(from), long_date(to)),
            format!("from {} to {}", long_date(from), long_date(to)),
        ),
        (_, Some(from), _) if !from.trim().is_empty() => (long_date(from), format!("on {}", long_date(from))),
        _ => {
            let placeholder = b.required("", &Field::DateOfService.path(), "date of service");
            (placeholder.clone(), format!("on {placeholder}"))
        }
    };
    let mut lines = Vec::new();
    for (line_idx, line) in claim.lines.iter().enumerate() {
        let code = match (&line.cpt_or_hcpcs, &line.revenue_code) {
            (Some(code), _) if !code.trim().is_empty() => code.clone(),
            (_, Some(rev)) if !rev.trim().is_empty() => format!("rev {rev}"),
            _ => b.required(
                "",
                &Field::Line(line_idx, LineField::Code).path(),
                &format!("procedure code, line {}", line_idx + 1),
            ),
        };
        let units = match &line.units {
            Lenient::Valid(units) => units.to_string(),
            raw => b.required(
                &raw.as_text(),
                &Field::Line(line_idx, LineField::Units).path(),
                &format!("units, line {}", line_idx + 1),
            ),
        };
        lines.push(json!({
            "code": code,
            "modifiers": line.modifiers.join("-"),
            "units": units,
        }));
    }
    if lines.is_empty() {
        let placeholder = b.required("", LINES_PATH, "service lines");
        lines.push(json!({"code": placeholder, "modifiers": "", "units": "?"}));
    }
    let mut diagnoses: Vec<Value> =
        claim.diagnoses.iter().filter(|d| !d.trim().is_empty()).map(|d| Value::String(d.clone())).collect();
    if diagnoses.is_empty() {
        diagnoses.push(Value::String(b.required("", DIAGNOSES_PATH, "diagnosis codes")));
    }
    let claim_value = json!({
        "number": b.required(&claim.claim_number, &Field::ClaimNumber.path(), "claim number"),
        "dates": dates,
        "dates_phrase": dates_phrase,
        "lines": lines,
        "diagnoses": diagnoses,
    });
    let denial = json!({
        "date": b.required_date(&claim.denial.date, &Field::DenialDate.path(), "denial date"),
        "carc": b.required(&claim.denial.carc, &Field::DenialCarc.path(), "denial reason code (CARC)"),
        "rarc": claim.denial.rarc.clone(),
        "text": claim.denial.text.trim().to_string(),
        "kind": denial_kind(&claim.denial.carc),
    });
    let prior_auth = match &claim.prior_authorization {
        Some(auth) if !auth.number.trim().is_empty() || !auth.approved_codes.is_empty() => json!({
            "number": b.required(&auth.number, &Field::PriorAuthNumber.path(), "authorization number"),
            "codes": auth.approved_codes.join(", "),
        }),
        _ => Value::Null,
    };
    let facility = match &details.facility {
        Some(facility) if !facility.name.trim().is_empty() => {
            json!({"name": facility.name.clone(), "npi": facility.npi.clone()})
        }
        _ => Value::Null,
    };
    let referring = match &details.referring_provider {
        Some(referring) if !referring.name.trim().is_empty() => {
            json!({"name": referring.name.clone(), "npi": referring.npi.clone()})
        }
        _ => Value::Null,
    };
    let reason_code = details.reason_prior_auth_missing.code.trim().to_string();
    let reason_label = REASON_CODES.iter().find(|(code, _)| *code == reason_code).map(|(_, label)| *label);
    let reason = json!({
        "code": if reason_label.is_some() { reason_code } else { String::new() },
        "label": reason_label.unwrap_or(""),
        "detail": b.required(&details.reason_prior_auth_missing.detail, &Field::ReasonDetail.path(), "why authorization was not obtained"),
    });
    if reason_label.is_none() {
        b.required("", &Field::ReasonCode.path(), "reason authorization was not obtained");
    }

    let note_types: Vec<String> =
        case.notes.iter().filter(|n| !n.text().trim().is_empty()).map(|n| note_type_label(&n.note_type)).collect();
    let notes_summary = match note_types.len() {
        0 => b.required("", NOTES_PATH, "clinical notes"),
        1 => format!("1 note: {}", note_types[0]),
        n => format!("{n} notes: {}", note_types.join(", ")),
    };
    let mut enclosures = vec!["Claim summary and denial".to_string()];
    if extras.checklist {
        enclosures.push("Medical-necessity checklist with evidence from the notes".to_string());
    }
    enclosures.extend(note_types.iter().map(|t| format!("Clinical documentation: {t}")));
    enclosures.extend(extras.attachments.iter().map(|name| format!("Attachment: {name}")));

    // Timeline: dated events from the case, in date order when every date parses.
    let mut timeline: Vec<(Option<NaiveDate>, String, String)> = Vec::new();
    let service_date = claim.first_date().filter(|d| !d.trim().is_empty());
    timeline.push((service_date.and_then(parse_iso), dates.clone(), "Services provided".to_string()));
    if let Some(date) = claim
        .eligibility
        .as_ref()
        .and_then(|e| e.eligibility_determination_date.as_deref())
        .filter(|d| !d.trim().is_empty())
    {
        timeline.push((parse_iso(date), long_date(date), "Coverage with the plan determined".to_string()));
    }
    if let Some(date) = claim.original_submission_date.as_deref().filter(|d| !d.trim().is_empty()) {
        timeline.push((parse_iso(date), long_date(date), "Claim submitted".to_string()));
    }
    let denial_event = if claim.denial.carc.trim().is_empty() {
        "Claim denied".to_string()
    } else {
        format!("Claim denied (CARC {})", claim.denial.carc.trim())
    };
    timeline.push((parse_iso(&claim.denial.date), long_date_or_placeholder(&claim.denial.date), denial_event));
    timeline.push((Some(today), today.format("%B %-d, %Y").to_string(), "This request submitted".to_string()));
    if timeline.iter().all(|(date, _, _)| date.is_some()) {
        timeline.sort_by_key(|(date, _, _)| *date);
    }
    let timeline: Vec<Value> =
        timeline.into_iter().map(|(_, date, event)| json!({"date": date, "event": event})).collect();

    // The deadline line, only when the window is known and the dates parse.
    let deadline = match deadline_line(case, today) {
        Some(window) => {
            let payer_name = if details.payer.name.trim().is_empty() { "the plan" } else { details.payer.name.trim() };
            let basis_date = window.basis_date.format("%B %-d, %Y");
            let deadline_date = window.deadline.format("%B %-d, %Y");
            let line = if window.is_met() {
                format!(
                    "This request is submitted on {}, within {} of the {} ({basis_date}), per {payer_name}'s \
                     retro-authorization window of {} from the {} (deadline {deadline_date}).",
                    today.format("%B %-d, %Y"),
                    window.length(),
                    window.basis_label,
                    window.length(),
                    window.basis_label,
                )
            } else {
                format!(
                    "This request is submitted on {}, {} days after the {} ({basis_date}); {payer_name}'s \
                     retro-authorization window is {} from the {} (deadline {deadline_date}).",
                    today.format("%B %-d, %Y"),
                    window.elapsed,
                    window.basis_label,
                    window.length(),
                    window.basis_label,
                )
            };
            json!({"line": line, "met": window.is_met()})
        }
        None => json!({"line": "", "met": false}),
    };

    let cover = json!({
        "pages": match extras.page_count {
            Some(pages) => pages.to_string(),
            None => "(counted when the packet is built)".to_string(),
        },
    });

    let context = json!({
        "today": today.format("%B %-d, %Y").to_string(),
        "practice": practice,
        "payer": payer,
        "patient": patient,
        "claim": claim_value,
        "denial": denial,
        "prior_auth": prior_auth,
        "facility": facility,
        "referring": referring,
        "reason": reason,
        "notes": {"summary": notes_summary},
        "enclosures": enclosures,
        "timeline": timeline,
        "deadline": deadline,
        "cover": cover,
        "eligibility_date": optional(
            claim.eligibility.as_ref().and_then(|e| e.eligibility_determination_date.as_ref())
        ).as_str().map(long_date).map(Value::String).unwrap_or(Value::Null),
    });
    (context, b.missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_dates() {
        assert_eq!(long_date("2025-03-04"), "March 4, 2025");
        assert_eq!(long_date("03/04/2025"), "03/04/2025");
    }

    #[test]
    fn denial_kinds_come_from_the_code_table() {
        for (typed, kind) in [
            ("39", "authorization_denied"),
            ("CO-39", "authorization_denied"),
            ("50", "medical_necessity"),
            ("56", "medical_necessity"),
            ("57", "medical_necessity"),
            ("CO-55", "medical_necessity"),
            ("197", "no_authorization"),
            ("CO-197", "no_authorization"),
            ("CO 0197", "no_authorization"),
            (" 198 ", "no_authorization"),
            ("15", "no_authorization"),
            ("62", "no_authorization"),
            ("38", "no_authorization"),
            ("243", "no_authorization"),
            ("288", "no_authorization"),
            ("16", "other"),
            ("40", "other"),
            ("999", "other"),
            ("", "other"),
            ("CO-197, 39", "authorization_denied"),
            ("16, CO-197", "no_authorization"),
        ] {
            assert_eq!(denial_kind(typed), kind, "{typed:?}");
        }
    }

    #[test]
    fn invalid_dates_are_shown_as_typed() {
        for typed in ["2025-3-4", "2025-03-4", "2025-02-30", "03/04/2025", "+2025-03-04"] {
            assert_eq!(long_date(typed), typed);
        }
        assert_eq!(long_date(" 2025-03-04 "), "March 4, 2025");
    }

    #[test]
    fn empty_case_lists_what_is_missing() {
        let (_, missing) = letter_context(&Case::new_empty(), NaiveDate::from_ymd_opt(2025, 1, 1).unwrap());
        let fields: Vec<&str> = missing.iter().map(|m| m.field.as_str()).collect();
        for field in ["claim.patient.member_id", "claim.payer.fax", "claim.claim.claim_number", "notes"] {
            assert!(fields.contains(&field), "{field} not in {fields:?}");
        }
    }
}
