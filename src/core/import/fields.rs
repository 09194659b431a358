//! Case field paths as the import reports them: the service-line paths (borrowed, not
//! allocated, for the first lines of a claim) and [`left_empty`], the fields a request needs
//! that a case leaves empty.

use crate::core::model::{Case, Lenient};
use std::borrow::Cow;

/// `claim.claim.lines[i].name`, without allocating for the first ten lines (reports of large
/// remittances hold hundreds of thousands of these).
pub(crate) fn line_field(index: usize, name: &'static str) -> Cow<'static, str> {
    match (index, name) {
        (0, "cpt_or_hcpcs") => Cow::Borrowed("claim.claim.lines[0].cpt_or_hcpcs"),
        (0, "revenue_code") => Cow::Borrowed("claim.claim.lines[0].revenue_code"),
        (0, "charge") => Cow::Borrowed("claim.claim.lines[0].charge"),
        (0, "units") => Cow::Borrowed("claim.claim.lines[0].units"),
        (0, "from") => Cow::Borrowed("claim.claim.lines[0].from"),
        (0, "to") => Cow::Borrowed("claim.claim.lines[0].to"),
        (1, "cpt_or_hcpcs") => Cow::Borrowed("claim.claim.lines[1].cpt_or_hcpcs"),
        (1, "revenue_code") => Cow::Borrowed("claim.claim.lines[1].revenue_code"),
        (1, "charge") => Cow::Borrowed("claim.claim.lines[1].charge"),
        (1, "units") => Cow::Borrowed("claim.claim.lines[1].units"),
        (1, "from") => Cow::Borrowed("claim.claim.lines[1].from"),
        (1, "to") => Cow::Borrowed("claim.claim.lines[1].to"),
        (2, "cpt_or_hcpcs") => Cow::Borrowed("claim.claim.lines[2].cpt_or_hcpcs"),
        (2, "revenue_code") => Cow::Borrowed("claim.claim.lines[2].revenue_code"),
        (2, "charge") => Cow::Borrowed("claim.claim.lines[2].charge"),
        (2, "units") => Cow::Borrowed("claim.claim.lines[2].units"),
        (2, "from") => Cow::Borrowed("claim.claim.lines[2].from"),
        (2, "to") => Cow::Borrowed("claim.claim.lines[2].to"),
        (3, "cpt_or_hcpcs") => Cow::Borrowed("claim.claim.lines[3].cpt_or_hcpcs"),
        (3, "revenue_code") => Cow::Borrowed("claim.claim.lines[3].revenue_code"),
        (3, "charge") => Cow::Borrowed("claim.claim.lines[3].charge"),
        (3, "units") => Cow::Borrowed("claim.claim.lines[3].units"),
        (3, "from") => Cow::Borrowed("claim.claim.lines[3].from"),
        (3, "to") => Cow::Borrowed("claim.claim.lines[3].to"),
        (4, "cpt_or_hcpcs") => Cow::Borrowed("claim.claim.lines[4].cpt_or_hcpcs"),
        (4, "revenue_code") => Cow::Borrowed("claim.claim.lines[4].revenue_code"),
        (4, "charge") => Cow::Borrowed("claim.claim.lines[4].charge"),
        (4, "units") => Cow::Borrowed("claim.claim.lines[4].units"),
        (4, "from") => Cow::Borrowed("claim.claim.lines[4].from"),
        (4, "to") => Cow::Borrowed("claim.claim.lines[4].to"),
        (5, "cpt_or_hcpcs") => Cow::Borrowed("claim.claim.lines[5].cpt_or_hcpcs"),
        (5, "revenue_code") => Cow::Borrowed("claim.claim.lines[5].revenue_code"),
        (5, "charge") => Cow::Borrowed("claim.claim.lines[5].charge"),
        (5, "units") => Cow::Borrowed("claim.claim.lines[5].units"),
        (5, "from") => Cow::Borrowed("claim.claim.lines[5].from"),
        (5, "to") => Cow::Borrowed("claim.claim.lines[5].to"),
        (6, "cpt_or_hcpcs") => Cow::Borrowed("claim.claim.lines[6].cpt_or_hcpcs"),
        (6, "revenue_code") => Cow::Borrowed("claim.claim.lines[6].revenue_code"),
        (6, "charge") => Cow::Borrowed("claim.claim.lines[6].charge"),
        (6, "units") => Cow::Borrowed("claim.claim.lines[6].units"),
        (6, "from") => Cow::Borrowed("claim.claim.lines[6].from"),
        (6, "to") => Cow::Borrowed("claim.claim.lines[6].to"),
        (7, "cpt_or_hcpcs") => Cow::Borrowed("claim.claim.lines[7].cpt_or_hcpcs"),
        (7, "revenue_code") => Cow::Borrowed("claim.claim.lines[7].revenue_code"),
        (7, "charge") => Cow::Borrowed("claim.claim.lines[7].charge"),
        (7, "units") => Cow::Borrowed("claim.claim.lines[7].units"),
        (7, "from") => Cow::Borrowed("claim.claim.lines[7].from"),
        (7, "to") => Cow::Borrowed("claim.claim.lines[7].to"),
        (8, "cpt_or_hcpcs") => Cow::Borrowed("claim.claim.lines[8].cpt_or_hcpcs"),
        (8, "revenue_code") => Cow::Borrowed("claim.claim.lines[8].revenue_code"),
        (8, "charge") => Cow::Borrowed("claim.claim.lines[8].charge"),
        (8, "units") => Cow::Borrowed("claim.claim.lines[8].units"),
        (8, "from") => Cow::Borrowed("claim.claim.lines[8].from"),
        (8, "to") => Cow::Borrowed("claim.claim.lines[8].to"),
        (9, "cpt_or_hcpcs") => Cow::Borrowed("claim.claim.lines[9].cpt_or_hcpcs"),
        (9, "revenue_code") => Cow::Borrowed("claim.claim.lines[9].revenue_code"),
        (9, "charge") => Cow::Borrowed("claim.claim.lines[9].charge"),
        (9, "units") => Cow::Borrowed("claim.claim.lines[9].units"),
        (9, "from") => Cow::Borrowed("claim.claim.lines[9].from"),
        (9, "to") => Cow::Borrowed("claim.claim.lines[9].to"),
        (0, "icd10_pointers") => Cow::Borrowed("claim.claim.lines[0].icd10_pointers"),
        (1, "icd10_pointers") => Cow::Borrowed("claim.claim.lines[1].icd10_pointers"),
        (2, "icd10_pointers") => Cow::Borrowed("claim.claim.lines[2].icd10_pointers"),
        (3, "icd10_pointers") => Cow::Borrowed("claim.claim.lines[3].icd10_pointers"),
        (4, "icd10_pointers") => Cow::Borrowed("claim.claim.lines[4].icd10_pointers"),
        (5, "icd10_pointers") => Cow::Borrowed("claim.claim.lines[5].icd10_pointers"),
        (6, "icd10_pointers") => Cow::Borrowed("claim.claim.lines[6].icd10_pointers"),
        (7, "icd10_pointers") => Cow::Borrowed("claim.claim.lines[7].icd10_pointers"),
        (8, "icd10_pointers") => Cow::Borrowed("claim.claim.lines[8].icd10_pointers"),
        (9, "icd10_pointers") => Cow::Borrowed("claim.claim.lines[9].icd10_pointers"),
        _ => Cow::Owned(format!("claim.claim.lines[{index}].{name}")),
    }
}

/// `claim.claim.lines[i].name[k]` (modifiers, pointers), like [`line_field`].
pub(crate) fn line_list_field(index: usize, name: &'static str, k: usize) -> Cow<'static, str> {
    match (index, name, k) {
        (0, "modifiers", 0) => Cow::Borrowed("claim.claim.lines[0].modifiers[0]"),
        (0, "modifiers", 1) => Cow::Borrowed("claim.claim.lines[0].modifiers[1]"),
        (0, "modifiers", 2) => Cow::Borrowed("claim.claim.lines[0].modifiers[2]"),
        (0, "modifiers", 3) => Cow::Borrowed("claim.claim.lines[0].modifiers[3]"),
        (0, "icd10_pointers", 0) => Cow::Borrowed("claim.claim.lines[0].icd10_pointers[0]"),
        (0, "icd10_pointers", 1) => Cow::Borrowed("claim.claim.lines[0].icd10_pointers[1]"),
        (0, "icd10_pointers", 2) => Cow::Borrowed("claim.claim.lines[0].icd10_pointers[2]"),
        (0, "icd10_pointers", 3) => Cow::Borrowed("claim.claim.lines[0].icd10_pointers[3]"),
        (1, "modifiers", 0) => Cow::Borrowed("claim.claim.lines[1].modifiers[0]"),
        (1, "modifiers", 1) => Cow::Borrowed("claim.claim.lines[1].modifiers[1]"),
        (1, "modifiers", 2) => Cow::Borrowed("claim.claim.lines[1].modifiers[2]"),
        (1, "modifiers", 3) => Cow::Borrowed("claim.claim.lines[1].modifiers[3]"),
        (1, "icd10_pointers", 0) => Cow::Borrowed("claim.claim.lines[1].icd10_pointers[0]"),
        (1, "icd10_pointers", 1) => Cow::Borrowed("claim.claim.lines[1].icd10_pointers[1]"),
        (1, "icd10_pointers", 2) => Cow::Borrowed("claim.claim.lines[1].icd10_pointers[2]"),
        (1, "icd10_pointers", 3) => Cow::Borrowed("claim.claim.lines[1].icd10_pointers[3]"),
        (2, "modifiers", 0) => Cow::Borrowed("claim.claim.lines[2].modifiers[0]"),
        (2, "modifiers", 1) => Cow::Borrowed("claim.claim.lines[2].modifiers[1]"),
        (2, "modifiers", 2) => Cow::Borrowed("claim.claim.lines[2].modifiers[2]"),
        (2, "modifiers", 3) => Cow::Borrowed("claim.claim.lines[2].modifiers[3]"),
        (2, "icd10_pointers", 0) => Cow::Borrowed("claim.claim.lines[2].icd10_pointers[0]"),
        (2, "icd10_pointers", 1) => Cow::Borrowed("claim.claim.lines[2].icd10_pointers[1]"),
        (2, "icd10_pointers", 2) => Cow::Borrowed("claim.claim.lines[2].icd10_pointers[2]"),
        (2, "icd10_pointers", 3) => Cow::Borrowed("claim.claim.lines[2].icd10_pointers[3]"),
        (3, "modifiers", 0) => Cow::Borrowed("claim.claim.lines[3].modifiers[0]"),
        (3, "modifiers", 1) => Cow::Borrowed("claim.claim.lines[3].modifiers[1]"),
        (3, "modifiers", 2) => Cow::Borrowed("claim.claim.lines[3].modifiers[2]"),
        (3, "modifiers", 3) => Cow::Borrowed("claim.claim.lines[3].modifiers[3]"),
        (3, "icd10_pointers", 0) => Cow::Borrowed("claim.claim.lines[3].icd10_pointers[0]"),
        (3, "icd10_pointers", 1) => Cow::Borrowed("claim.claim.lines[3].icd10_pointers[1]"),
        (3, "icd10_pointers", 2) => Cow::Borrowed("claim.claim.lines[3].icd10_pointers[2]"),
        (3, "icd10_pointers", 3) => Cow::Borrowed("claim.claim.lines[3].icd10_pointers[3]"),
        (4, "modifiers", 0) => Cow::Borrowed("claim.claim.lines[4].modifiers[0]"),
        (4, "modifiers", 1) => Cow::Borrowed("claim.claim.lines[4].modifiers[1]"),
        (4, "modifiers", 2) => Cow::Borrowed("claim.claim.lines[4].modifiers[2]"),
        (4, "modifiers", 3) => Cow::Borrowed("claim.claim.lines[4].modifiers[3]"),
        (4, "icd10_pointers", 0) => Cow::Borrowed("claim.claim.lines[4].icd10_pointers[0]"),
        (4, "icd10_pointers", 1) => Cow::Borrowed("claim.claim.lines[4].icd10_pointers[1]"),
        (4, "icd10_pointers", 2) => Cow::Borrowed("claim.claim.lines[4].icd10_pointers[2]"),
        (4, "icd10_pointers", 3) => Cow::Borrowed("claim.claim.lines[4].icd10_pointers[3]"),
        (5, "modifiers", 0) => Cow::Borrowed("claim.claim.lines[5].modifiers[0]"),
        (5, "modifiers", 1) => Cow::Borrowed("claim.claim.lines[5].modifiers[1]"),
        (5, "modifiers", 2) => Cow::Borrowed("claim.claim.lines[5].modifiers[2]"),
        (5, "modifiers", 3) => Cow::Borrowed("claim.claim.lines[5].modifiers[3]"),
        (5, "icd10_pointers", 0) => Cow::Borrowed("claim.claim.lines[5].icd10_pointers[0]"),
        (5, "icd10_pointers", 1) => Cow::Borrowed("claim.claim.lines[5].icd10_pointers[1]"),
        (5, "icd10_pointers", 2) => Cow::Borrowed("claim.claim.lines[5].icd10_pointers[2]"),
        (5, "icd10_pointers", 3) => Cow::Borrowed("claim.claim.lines[5].icd10_pointers[3]"),
        (6, "modifiers", 0) => Cow::Borrowed("claim.claim.lines[6].modifiers[0]"),
        (6, "modifiers", 1) => Cow::Borrowed("claim.claim.lines[6].modifiers[1]"),
        (6, "modifiers", 2) => Cow::Borrowed("claim.claim.lines[6].modifiers[2]"),
        (6, "modifiers", 3) => Cow::Borrowed("claim.claim.lines[6].modifiers[3]"),
        (6, "icd10_pointers", 0) => Cow::Borrowed("claim.claim.lines[6].icd10_pointers[0]"),
        (6, "icd10_pointers", 1) => Cow::Borrowed("claim.claim.lines[6].icd10_pointers[1]"),
        (6, "icd10_pointers", 2) => Cow::Borrowed("claim.claim.lines[6].icd10_pointers[2]"),
        (6, "icd10_pointers", 3) => Cow::Borrowed("claim.claim.lines[6].icd10_pointers[3]"),
        (7, "modifiers", 0) => Cow::Borrowed("claim.claim.lines[7].modifiers[0]"),
        (7, "modifiers", 1) => Cow::Borrowed("claim.claim.lines[7].modifiers[1]"),
        (7, "modifiers", 2) => Cow::Borrowed("claim.claim.lines[7].modifiers[2]"),
        (7, "modifiers", 3) => Cow::Borrowed("claim.claim.lines[7].modifiers[3]"),
        (7, "icd10_pointers", 0) => Cow::Borrowed("claim.claim.lines[7].icd10_pointers[0]"),
        (7, "icd10_pointers", 1) => Cow::Borrowed("claim.claim.lines[7].icd10_pointers[1]"),
        (7, "icd10_pointers", 2) => Cow::Borrowed("claim.claim.lines[7].icd10_pointers[2]"),
        (7, "icd10_pointers", 3) => Cow::Borrowed("claim.claim.lines[7].icd10_pointers[3]"),
        (8, "modifiers", 0) => Cow::Borrowed("claim.claim.lines[8].modifiers[0]"),
        (8, "modifiers", 1) => Cow::Borrowed("claim.claim.lines[8].modifiers[1]"),
        (8, "modifiers", 2) => Cow::Borrowed("claim.claim.lines[8].modifiers[2]"),
        (8, "modifiers", 3) => Cow::Borrowed("claim.claim.lines[8].modifiers[3]"),
        (8, "icd10_pointers", 0) => Cow::Borrowed("claim.claim.lines[8].icd10_pointers[0]"),
        (8, "icd10_pointers", 1) => Cow::Borrowed("claim.claim.lines[8].icd10_pointers[1]"),
        (8, "icd10_pointers", 2) => Cow::Borrowed("claim.claim.lines[8].icd10_pointers[2]"),
        (8, "icd10_pointers", 3) => Cow::Borrowed("claim.claim.lines[8].icd10_pointers[3]"),
        (9, "modifiers", 0) => Cow::Borrowed("claim.claim.lines[9].modifiers[0]"),
        (9, "modifiers", 1) => Cow::Borrowed("claim.claim.lines[9].modifiers[1]"),
        (9, "modifiers", 2) => Cow::Borrowed("claim.claim.lines[9].modifiers[2]"),
        (9, "modifiers", 3) => Cow::Borrowed("claim.claim.lines[9].modifiers[3]"),
        (9, "icd10_pointers", 0) => Cow::Borrowed("claim.claim.lines[9].icd10_pointers[0]"),
        (9, "icd10_pointers", 1) => Cow::Borrowed("claim.claim.lines[9].icd10_pointers[1]"),
        (9, "icd10_pointers", 2) => Cow::Borrowed("claim.claim.lines[9].icd10_pointers[2]"),
        (9, "icd10_pointers", 3) => Cow::Borrowed("claim.claim.lines[9].icd10_pointers[3]"),
        _ => Cow::Owned(format!("claim.claim.lines[{index}].{name}[{k}]")),
    }
}

/// The fields a request needs that the case leaves empty.
pub fn left_empty(case: &Case) -> Vec<Cow<'static, str>> {
    let mut out = Vec::new();
    let blank = |s: &str| s.trim().is_empty();
    let d = &case.claim;
    let mut need = |cond: bool, path: &'static str| {
        if cond {
            out.push(Cow::Borrowed(path));
        }
    };
    need(blank(&d.patient.first_name), "claim.patient.first_name");
    need(blank(&d.patient.last_name), "claim.patient.last_name");
    need(blank(&d.patient.dob), "claim.patient.dob");
    need(d.patient.member_id.as_deref().is_none_or(blank), "claim.patient.member_id");
    need(blank(&d.payer.name), "claim.payer.name");
    need(blank(&d.payer.fax), "claim.payer.fax");
    need(d.payer.retro_auth_window_days.is_none(), "claim.payer.retro_auth_window_days");
    need(blank(&d.provider.name), "claim.provider.name");
    need(blank(&d.provider.npi), "claim.provider.npi");
    need(blank(&d.provider.tin), "claim.provider.tin");
    let c = &d.claim;
    need(blank(&c.claim_number), "claim.claim.claim_number");
    need(c.first_date().is_none_or(blank), "claim.claim.date_of_service");
    need(blank(&c.place_of_service), "claim.claim.place_of_service");
    need(c.lines.is_empty(), "claim.claim.lines");
    for (i, line) in c.lines.iter().enumerate() {
        if line.cpt_or_hcpcs.as_deref().is_none_or(blank) && line.revenue_code.as_deref().is_none_or(blank) {
            out.push(line_field(i, "cpt_or_hcpcs"));
        }
        if matches!(line.units, Lenient::Raw(serde_json::Value::Null)) {
            out.push(line_field(i, "units"));
        }
        if matches!(line.charge, Lenient::Raw(serde_json::Value::Null)) {
            out.push(line_field(i, "charge"));
        }
        if !c.is_institutional() && line.icd10_pointers.is_empty() {
            out.push(line_field(i, "icd10_pointers"));
        }
    }
    let mut need = |cond: bool, path: &'static str| {
        if cond {
            out.push(Cow::Borrowed(path));
        }
    };
    need(c.diagnoses.is_empty(), "claim.claim.diagnoses");
    need(blank(&c.denial.date), "claim.claim.denial.date");
    need(blank(&c.denial.carc), "claim.claim.denial.carc");
    need(blank(&d.reason_prior_auth_missing.code), "claim.reason_prior_auth_missing.code");
    out
}
