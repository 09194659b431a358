//! The import's "still to complete" list and validation's `missing_required_field` read one list
//! (`core::required::REQUIRED`): on every development case, and on each case with each required
//! field blanked in turn, a field both consumers cover is either listed by both (same path, the
//! row's label in the message, the row's severity) or by neither.

mod support;

use retroauth::core::finding::Finding;
use retroauth::core::form::{self, Field};
use retroauth::core::import::left_empty;
use retroauth::core::model::Case;
use retroauth::core::required::{Blank, REQUIRED, Required, Target};
use retroauth::core::validate;

/// Blanks the row's field: whitespace for text, empty for a value judged by being unset, cleared for lists, no dates at all for the service dates.
fn blank_row(case: &mut Case, row: &Required) {
    match (row.target, row.blank) {
        (_, Blank::ServiceDates) => {
            let claim = &mut case.claim.claim;
            (claim.date_of_service, claim.from, claim.to) = (Some(" \t".into()), None, None);
        }
        (Target::Field(field), Blank::Unset(_)) => form::set_text(case, field, ""),
        (Target::Field(field), _) => form::set_text(case, field, "  "),
        (Target::List(_), _) => {
            case.claim.claim.lines.clear();
            case.claim.claim.diagnoses.clear();
        }
    }
}

fn missing<'a>(findings: &'a [Finding], path: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.code == "missing_required_field" && f.field.as_deref() == Some(path)).collect()
}

fn agree(name: &str, case: &Case, failures: &mut Vec<String>) {
    let listed = left_empty(case);
    let findings = validate::validate(case, support::fixed_today()).findings;
    for row in REQUIRED.iter().filter(|r| r.needed_for_import) {
        let Some(severity) = row.validation else { continue };
        let path = row.target.path();
        let in_import = listed.contains(&path);
        let found = missing(&findings, &path);
        let in_validation = !found.is_empty();
        if in_import != in_validation {
            failures.push(format!("{name}: {path}: import {in_import}, validation {in_validation}"));
        }
        for f in found {
            if f.severity != severity || f.message != format!("The {} is missing.", row.label) {
                failures.push(format!("{name}: {path}: severity or label differs from the row"));
            }
        }
    }
}

#[test]
fn import_and_validation_agree_on_every_field_both_cover() {
    let mut failures = Vec::new();
    let files = support::case_files();
    assert!(files.len() >= 5, "the development set is there");
    let mut both = 0;
    for (name, _) in files {
        let case = support::load_case(&name);
        agree(&name, &case, &mut failures);
        for row in REQUIRED {
            let mut blanked = case.clone();
            blank_row(&mut blanked, row);
            assert!(row.is_blank(&blanked), "{name}: blanking {} is judged blank", row.target.path());
            if row.needed_for_import && row.validation.is_some() {
                both += 1;
                let listed = left_empty(&blanked);
                assert!(listed.iter().any(|p| *p == row.target.path()), "{name}: import lists {}", row.target.path());
            }
            agree(&format!("{name} without {}", row.target.path()), &blanked, &mut failures);
        }
    }
    assert!(both > 0);
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn rows_name_distinct_fields_and_each_has_a_consumer() {
    let mut paths: Vec<_> = REQUIRED.iter().map(|r| r.target.path()).collect();
    assert!(REQUIRED.iter().all(|r| r.needed_for_import || r.validation.is_some()));
    assert!(REQUIRED.iter().all(|r| !r.label.trim().is_empty()));
    paths.sort();
    let n = paths.len();
    paths.dedup();
    assert_eq!(paths.len(), n, "one row per field");
    // A row's form field reads back as its path.
    for row in REQUIRED {
        if let Target::Field(field) = row.target {
            assert_eq!(Field::from_path(&field.path()), Some(field));
        }
    }
}
