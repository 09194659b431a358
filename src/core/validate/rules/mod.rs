//! The validation rules, one per file, run in the order of [`RULES`].
//!
//! Every rule file documents what it checks, why it matters, what satisfies it and its
//! references, and carries its own pass/fail vectors. Codes raised, by rule:
//!
//! | rule | codes |
//! |---|---|
//! | [`required_fields`] | `missing_required_field` |
//! | [`enumerations`] | `invalid_claim_type`, `unknown_plan_type`, `invalid_sex`, `unknown_enumeration_value` |
//! | [`member_id`] | `missing_member_id` (vocabulary) |
//! | [`npi`] | `npi_wrong_length_or_nonnumeric`, `invalid_npi_check_digit` (vocabulary), `npi_invalid_prefix` |
//! | [`tin`] | `malformed_tin` |
//! | [`date_format`] | `invalid_date`, `implausible_date` |
//! | [`date_order`] | `dob_after_service`, `dob_in_future`, `service_dates_reversed`, `service_date_conflict`, `line_date_outside_claim`, `service_after_request`, `request_before_denial`, `submission_before_service`, `denial_before_submission` |
//! | [`dos_after_denial`] | `dos_after_denial_date` (vocabulary) |
//! | [`institutional`] | `missing_type_of_bill`, `malformed_type_of_bill`, `malformed_drg`, `invalid_admission_type` |
//! | [`revenue_codes`] | `malformed_revenue_code`, `missing_revenue_code` |
//! | [`place_of_service`] | `invalid_place_of_service` |
//! | [`prior_authorization`] | `authorization_number_missing`, `authorization_dates_reversed`, `authorization_dates_exclude_service`, `authorization_covers_billed_codes` |
//! | [`procedure_code`] | `malformed_cpt_hcpcs` (vocabulary), `hcpcs_letter_not_issued` |
//! | [`modifiers`] | `malformed_modifier`, `too_many_modifiers`, `duplicate_modifier` |
//! | [`units`] | `units_not_a_number`, `units_not_positive` |
//! | [`charges`] | `charge_not_a_number`, `negative_charge`, `total_charge_not_a_number`, `total_charge_mismatch` |
//! | [`diagnosis_pointers`] | `diagnosis_pointer_out_of_range` (vocabulary), `diagnosis_pointer_not_a_number`, `missing_diagnosis_pointer`, `too_many_diagnosis_pointers`, `duplicate_diagnosis_pointer` |
//! | [`icd10_format`] | `malformed_icd10_code` (vocabulary), `icd10_missing_decimal` |
//! | [`icd10_code_set`] | `icd10_header_code`, `icd10_not_in_code_set` |
//! | [`diagnosis_list`] | `duplicate_diagnosis`, `too_many_diagnoses` |
//! | [`retro_window`] | `retro_window_exceeded` (vocabulary), `invalid_retro_window`, `retro_basis_date_missing`, advice `retro_deadline`, `retro_window_not_configured`, `retro_window_not_evaluated`, `payer_profile_unknown`, `payer_profile_ambiguous`, `payer_profile_line_of_business`, `payer_no_retro_process`, `payer_retro_window_unstated`, `payer_clock_not_computed`, `retro_pre_claim_only`, `retro_in_network_only` |
//! | [`denial_triage`] | `malformed_carc`, `malformed_rarc`, advice `denial_triage` |
//! | [`reason_code`] | `invalid_reason_code`, `reason_detail_missing` |
//! | [`reason_emergency`] | `emergency_presentation_not_documented`, `emergency_timing_not_documented` |
//! | [`reason_retro_eligibility`] | `eligibility_determination_date_missing`, `eligibility_determined_before_service` |
//! | [`reason_intraop_change`] | `operative_findings_not_documented`, `existing_authorization_not_given` |
//! | [`reason_payer_outage`] | `outage_date_not_given`, `outage_reference_not_given` |
//! | [`reason_patient_unable`] | `coverage_identified_date_not_given` |
//! | [`reason_administrative_error`] | `administrative_error_not_explained`, `corrective_action_not_described` |
//! | [`reason_other`] | `reason_detail_required`, `reason_detail_too_brief` |

use super::context::Ctx;
use super::deadline::Deadline;
use super::triage::Triage;
use crate::core::finding::{Finding, Severity};

pub(crate) mod charges;
pub(crate) mod date_format;
pub(crate) mod date_order;
pub(crate) mod denial_triage;
pub(crate) mod diagnosis_list;
pub(crate) mod diagnosis_pointers;
pub(crate) mod dos_after_denial;
pub(crate) mod enumerations;
pub(crate) mod icd10_code_set;
pub(crate) mod icd10_format;
pub(crate) mod institutional;
pub(crate) mod member_id;
pub(crate) mod modifiers;
pub(crate) mod npi;
pub(crate) mod place_of_service;
pub(crate) mod prior_authorization;
pub(crate) mod procedure_code;
pub(crate) mod reason_administrative_error;
pub(crate) mod reason_code;
pub(crate) mod reason_emergency;
pub(crate) mod reason_intraop_change;
pub(crate) mod reason_other;
pub(crate) mod reason_patient_unable;
pub(crate) mod reason_payer_outage;
pub(crate) mod reason_retro_eligibility;
pub(crate) mod required_fields;
pub(crate) mod retro_window;
pub(crate) mod revenue_codes;
pub(crate) mod tin;
pub(crate) mod units;

#[cfg(test)]
pub(crate) mod testing;

/// What the rules produce.
#[derive(Debug, Default)]
pub(crate) struct Out {
    /// Findings, in rule order (sorted afterwards).
    pub findings: Vec<Finding>,
    /// Set by [`retro_window`].
    pub deadline: Option<Deadline>,
    /// Set by [`denial_triage`] (which runs after [`retro_window`] and reads the deadline).
    pub triage: Option<Triage>,
    /// Set by [`retro_window`]: the clocks of the case's payer rule set.
    pub clocks: Vec<crate::core::payers::Clock>,
}

impl Out {
    /// Adds a finding.
    pub fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }
}

/// One rule.
pub(crate) struct Rule {
    /// The rule's name (its file name).
    #[cfg_attr(not(test), allow(dead_code))]
    pub name: &'static str,
    /// Runs it.
    pub check: fn(&Ctx, &mut Out),
}

/// Every rule, in the order they run.
pub(crate) const RULES: &[Rule] = &[
    Rule { name: "required_fields", check: required_fields::check },
    Rule { name: "enumerations", check: enumerations::check },
    Rule { name: "member_id", check: member_id::check },
    Rule { name: "npi", check: npi::check },
    Rule { name: "tin", check: tin::check },
    Rule { name: "date_format", check: date_format::check },
    Rule { name: "date_order", check: date_order::check },
    Rule { name: "dos_after_denial", check: dos_after_denial::check },
    Rule { name: "institutional", check: institutional::check },
    Rule { name: "revenue_codes", check: revenue_codes::check },
    Rule { name: "place_of_service", check: place_of_service::check },
    Rule { name: "prior_authorization", check: prior_authorization::check },
    Rule { name: "procedure_code", check: procedure_code::check },
    Rule { name: "modifiers", check: modifiers::check },
    Rule { name: "units", check: units::check },
    Rule { name: "charges", check: charges::check },
    Rule { name: "diagnosis_pointers", check: diagnosis_pointers::check },
    Rule { name: "icd10_format", check: icd10_format::check },
    Rule { name: "icd10_code_set", check: icd10_code_set::check },
    Rule { name: "diagnosis_list", check: diagnosis_list::check },
    Rule { name: "retro_window", check: retro_window::check },
    Rule { name: "denial_triage", check: denial_triage::check },
    Rule { name: "reason_code", check: reason_code::check },
    Rule { name: "reason_emergency", check: reason_emergency::check },
    Rule { name: "reason_retro_eligibility", check: reason_retro_eligibility::check },
    Rule { name: "reason_intraop_change", check: reason_intraop_change::check },
    Rule { name: "reason_payer_outage", check: reason_payer_outage::check },
    Rule { name: "reason_patient_unable", check: reason_patient_unable::check },
    Rule { name: "reason_administrative_error", check: reason_administrative_error::check },
    Rule { name: "reason_other", check: reason_other::check },
];

/// A data error (shorthand for [`Finding::data_error`]).
pub(crate) fn data(code: &str, severity: Severity, field: impl Into<String>, message: impl Into<String>) -> Finding {
    Finding::data_error(code, severity, field, message)
}

/// "line 3" for 0-based index 2: messages count lines from 1, as billers do.
pub(crate) fn line_no(index: usize) -> usize {
    index.saturating_add(1)
}

/// A typed code, quoted for a message when it is safe to show: 1 to 8 ASCII letters, digits,
/// dots or hyphens, with at least one digit (codes such as `JO6.9` or `2284O`). Anything else,
/// which might be text pasted into the wrong field, is shown as "the value typed", so a message
/// never repeats a name or an identifier.
pub(crate) fn shown(text: &str) -> String {
    let text = text.trim();
    let safe = (1..=8).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && text.bytes().any(|b| b.is_ascii_digit());
    if safe { format!("'{text}'") } else { "the value typed".to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Registry against files: `tests/tidy.rs` (`validation_rules_follow_the_rule_pattern`)
    /// checks each file is registered once; here, that no name is registered twice.
    #[test]
    fn rule_names_are_unique() {
        let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count);
    }

    #[test]
    fn only_code_like_text_is_shown() {
        assert_eq!(shown("2284O"), "'2284O'");
        assert_eq!(shown(" JO6.9 "), "'JO6.9'");
        assert_eq!(shown("Smith"), "the value typed", "no digit: could be a name");
        assert_eq!(shown("a\u{1b}[31m"), "the value typed");
        assert_eq!(shown("123456789012"), "the value typed", "too long: could be an identifier");
        assert_eq!(shown("é1"), "the value typed");
    }
}
