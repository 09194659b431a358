//! Builds the letter's template context from a case: formats dates and lists, and replaces
//! every missing required input with a visible placeholder while recording it.

use crate::core::model::{Case, Lenient, REASON_CODES};
use chrono::NaiveDate;
use serde_json::{Value, json};

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

/// `2025-03-04` → `March 4, 2025`; anything that is not an ISO date is shown as typed.
pub(crate) fn long_date(value: &str) -> String {
    match NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") {
        Ok(date) => date.format("%B %-d, %Y").to_string(),
        Err(_) => value.to_string(),
    }
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
    let mut b = Builder { missing: Vec::new() };
    let details = &case.claim;
    let claim = &details.claim;

    let practice = json!({
        "name": b.required(&details.provider.name, "claim.provider.name", "provider name"),
        "address_lines": details.provider.address.lines(),
        "phone": b.required(&details.provider.phone, "claim.provider.phone", "provider phone"),
        "contact_name": b.required(&details.provider.contact_name, "claim.provider.contact_name", "contact name"),
        "npi": b.required(&details.provider.npi, "claim.provider.npi", "provider NPI"),
        "tin": b.required(&details.provider.tin, "claim.provider.tin", "provider TIN"),
    });
    let payer = json!({
        "name": b.required(&details.payer.name, "claim.payer.name", "payer name"),
        "address_lines": details.payer.address.lines(),
        "fax": b.required(&details.payer.fax, "claim.payer.fax", "payer fax"),
    });
    let patient = json!({
        "name": b.required(&details.patient.full_name(), "claim.patient.last_name", "patient name"),
        "sort_name": b.required(&details.patient.sort_name(), "claim.patient.last_name", "patient name"),
        "dob": b.required_date(&details.patient.dob, "claim.patient.dob", "date of birth"),
        "member_id": b.required(details.patient.member_id.as_deref().unwrap_or(""), "claim.patient.member_id", "member ID"),
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
            let placeholder = b.required("", "claim.claim.date_of_service", "date of service");
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
                &format!("claim.claim.lines[{line_idx}].cpt_or_hcpcs"),
                &format!("procedure code, line {}", line_idx + 1),
            ),
        };
        let units = match &line.units {
            Lenient::Valid(units) => units.to_string(),
            raw => b.required(
                &raw.as_text(),
                &format!("claim.claim.lines[{line_idx}].units"),
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
        let placeholder = b.required("", "claim.claim.lines", "service lines");
        lines.push(json!({"code": placeholder, "modifiers": "", "units": "?"}));
    }
    let mut diagnoses: Vec<Value> =
        claim.diagnoses.iter().filter(|d| !d.trim().is_empty()).map(|d| Value::String(d.clone())).collect();
    if diagnoses.is_empty() {
        diagnoses.push(Value::String(b.required("", "claim.claim.diagnoses", "diagnosis codes")));
    }
    let claim_value = json!({
        "number": b.required(&claim.claim_number, "claim.claim.claim_number", "claim number"),
        "dates": dates,
        "dates_phrase": dates_phrase,
        "lines": lines,
        "diagnoses": diagnoses,
    });
    let denial = json!({
        "date": b.required_date(&claim.denial.date, "claim.claim.denial.date", "denial date"),
        "carc": b.required(&claim.denial.carc, "claim.claim.denial.carc", "denial reason code (CARC)"),
        "rarc": claim.denial.rarc.clone(),
    });
    let prior_auth = match &claim.prior_authorization {
        Some(auth) if !auth.number.trim().is_empty() || !auth.approved_codes.is_empty() => json!({
            "number": b.required(&auth.number, "claim.claim.prior_authorization.number", "authorization number"),
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
        "detail": b.required(&details.reason_prior_auth_missing.detail, "claim.reason_prior_auth_missing.detail", "why authorization was not obtained"),
    });
    if reason_label.is_none() {
        b.required("", "claim.reason_prior_auth_missing.code", "reason authorization was not obtained");
    }

    let note_types: Vec<String> =
        case.notes.iter().filter(|n| !n.text().trim().is_empty()).map(|n| note_type_label(&n.note_type)).collect();
    let notes_summary = match note_types.len() {
        0 => b.required("", "notes", "clinical notes"),
        1 => format!("1 note: {}", note_types[0]),
        n => format!("{n} notes: {}", note_types.join(", ")),
    };
    let mut enclosures = vec!["Claim summary and denial".to_string()];
    enclosures.extend(note_types.iter().map(|t| format!("Clinical documentation: {t}")));

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
    fn empty_case_lists_what_is_missing() {
        let (_, missing) = letter_context(&Case::new_empty(), NaiveDate::from_ymd_opt(2025, 1, 1).unwrap());
        let fields: Vec<&str> = missing.iter().map(|m| m.field.as_str()).collect();
        for field in ["claim.patient.member_id", "claim.payer.fax", "claim.claim.claim_number", "notes"] {
            assert!(fields.contains(&field), "{field} not in {fields:?}");
        }
    }
}
