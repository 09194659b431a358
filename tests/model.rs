//! The case model against every development case: loads, and round-trips without losing or
//! changing a single field (unknown fields included).

mod support;

use retroauth::core::model::Case;
use serde_json::Value;

#[test]
fn every_shared_case_round_trips_exactly() {
    for (name, text) in support::case_files() {
        let original: Value = serde_json::from_str(&text).unwrap();
        let case = Case::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let back: Value = serde_json::to_value(&case).unwrap();
        assert_eq!(back, original, "{name}: round trip changed the case");
        // And through text again, as "Save case file" then "Open case file" would.
        let again = Case::from_json(&case.to_json_pretty()).unwrap();
        assert_eq!(again, case, "{name}: save/open changed the case");
    }
}

#[test]
fn field_order_is_kept_for_known_files() {
    // Saving a case keeps the familiar order (schema_version first, notes after claim).
    let (_, text) = &support::case_files()[0];
    let saved = Case::from_json(text).unwrap().to_json_pretty();
    let first_key = saved.lines().nth(1).unwrap().trim();
    assert!(first_key.starts_with("\"schema_version\""), "{first_key}");
    assert!(saved.find("\"claim\"").unwrap() < saved.find("\"notes\"").unwrap());
}

#[test]
fn text_file_notes_load_through_the_helper() {
    let case = support::load_case("12-septic-shock-icu-120k-chart-export.json");
    let note = case.notes.iter().find(|n| n.text_file.is_some()).unwrap();
    assert_eq!(note.text().chars().count() as u64, note.length_chars.unwrap());
}

/// A synthetic 1.1 case using every addition of `../shared/spec/CASE-1.1.md`, with an unknown
/// field inside each new object.
const CASE_11: &str = r#"{
  "schema_version": "1.1",
  "case_id": "synthetic-1-1",
  "claim": {
    "patient": {"first_name": "Test", "last_name": "Patient", "dob": "1970-01-15"},
    "payer": {"name": "Example", "plan_type": "commercial", "line_of_business": "medicaid_mco",
              "network_status": "out_of_network", "retro_auth_window_days": 5,
              "retro_auth_window_unit": "business", "retro_auth_window_basis": "admission_date",
              "retro_auth_pre_claim_only": true, "profile_id": "uhc/pa-update-2021"},
    "provider": {"name": "Clinic", "npi": "1234567893", "fax": "555-0199", "email": "billing@example.org"},
    "rendering_provider": {"name": "Dr Test", "npi": "1234567893", "credentials": "MD", "tin": "12-3456789", "future": 1},
    "ordering_provider": {"name": "Dr Order", "npi": "1234567893", "credentials": "DO"},
    "medical_policy": {"name": "Lumbar MRI", "number": "CPB 0236", "criteria_set": "MCG", "future": [1]},
    "claim": {
      "claim_type": "institutional",
      "claim_number": "PCN-1",
      "payer_claim_number": "ICN-9",
      "reference_numbers": [{"kind": "call", "number": "REF-1", "date": "2025-06-02", "note": "rep", "future": true},
                            {"kind": "fax_confirmation", "number": "FX-2"}],
      "state": "retro_denied",
      "admission_time": "23:10",
      "discharge_time": "08:00",
      "from": "2025-06-27",
      "to": "2025-07-02",
      "lines": [{"cpt_or_hcpcs": null, "revenue_code": "0120", "units": 5, "charge": 100, "denied": false,
                 "carc": "50", "rarc": "N115", "group_code": "CO"}],
      "denial": {"date": "2025-07-03", "carc": "197", "rarc": "", "text": "", "group_code": "PR"}
    }
  },
  "notes": []
}"#;

#[test]
fn case_format_1_1_loads_typed_and_round_trips() {
    let case = Case::from_json(CASE_11).unwrap();
    let payer = &case.claim.payer;
    assert_eq!(payer.line_of_business(), "medicaid_mco", "1.1 field wins over plan_type");
    assert_eq!(payer.retro_auth_window_unit.as_deref(), Some("business"));
    assert_eq!(payer.retro_auth_pre_claim_only, Some(true));
    assert_eq!(payer.profile_id.as_deref(), Some("uhc/pa-update-2021"));
    assert_eq!(payer.network_status.as_deref(), Some("out_of_network"));
    assert_eq!(case.claim.provider.email.as_deref(), Some("billing@example.org"));
    let claim = &case.claim.claim;
    assert_eq!(claim.payer_claim_number.as_deref(), Some("ICN-9"));
    assert_eq!(claim.reference_numbers.as_ref().map(Vec::len), Some(2));
    assert_eq!(claim.state.as_deref(), Some("retro_denied"));
    assert_eq!(claim.denial.group_code.as_deref(), Some("PR"));
    assert_eq!((claim.lines[0].denied, claim.lines[0].group_code.as_deref()), (Some(false), Some("CO")));
    assert_eq!(case.claim.rendering_provider.as_ref().and_then(|r| r.credentials.as_deref()), Some("MD"));
    assert_eq!(case.claim.medical_policy.as_ref().and_then(|m| m.criteria_set.as_deref()), Some("MCG"));
    let original: Value = serde_json::from_str(CASE_11).unwrap();
    // Every field given comes back with its value (1.0 fields the fixture omits come back as
    // their defaults, as for any sparse file).
    assert_subset(&original, &serde_json::to_value(&case).unwrap(), "");
    assert_eq!(Case::from_json(&case.to_json_pretty()).unwrap(), case);
}

#[test]
fn plan_type_maps_onto_line_of_business_without_rewriting() {
    let text = CASE_11
        .replace(r#""line_of_business": "medicaid_mco","#, "")
        .replace(r#""schema_version": "1.1""#, r#""schema_version": "1.0""#);
    let case = Case::from_json(&text).unwrap();
    assert_eq!(case.claim.payer.line_of_business(), "commercial", "from 1.0's plan_type");
    assert_eq!(case.claim.payer.line_of_business, None, "the input is not rewritten");
    assert!(serde_json::to_value(&case).unwrap()["claim"]["payer"].get("line_of_business").is_none());
    let mut blank = case.clone();
    blank.claim.payer.line_of_business = Some("  ".into());
    assert_eq!(blank.claim.payer.line_of_business(), "commercial", "a blank 1.1 field falls back");
    blank.claim.payer.plan_type = String::new();
    blank.claim.payer.line_of_business = None;
    assert_eq!(blank.claim.payer.line_of_business(), "");
}

#[test]
fn schema_versions_1_0_and_1_1_load_others_do_not() {
    for version in ["1.0", "1.1"] {
        assert!(Case::from_json(&format!(r#"{{"schema_version":"{version}"}}"#)).is_ok(), "{version}");
    }
    for version in ["1.2", "2.0", "1", ""] {
        let err = Case::from_json(&format!(r#"{{"schema_version":"{version}"}}"#)).unwrap_err();
        assert_eq!(err.kind, retroauth::core::model::LoadErrorKind::Version, "{version}");
    }
    // A wrongly typed 1.1 field is a schema error with its path, never its value.
    let err = Case::from_json(r#"{"schema_version":"1.1","claim":{"payer":{"retro_auth_pre_claim_only":"Jane"}}}"#)
        .unwrap_err();
    assert_eq!(err.path.as_deref(), Some("claim.payer.retro_auth_pre_claim_only"));
    assert!(!err.to_string().contains("Jane"));
}

/// Every key and value of `part` is in `whole` (objects recursively, other values equal).
fn assert_subset(part: &Value, whole: &Value, at: &str) {
    match (part, whole) {
        (Value::Object(p), Value::Object(w)) => {
            for (k, v) in p {
                let path = format!("{at}.{k}");
                assert_subset(v, w.get(k).unwrap_or_else(|| panic!("{path} lost")), &path);
            }
        }
        (Value::Array(p), Value::Array(w)) => {
            assert_eq!(p.len(), w.len(), "{at}");
            for (i, (a, b)) in p.iter().zip(w).enumerate() {
                assert_subset(a, b, &format!("{at}[{i}]"));
            }
        }
        _ => assert_eq!(part, whole, "{at}"),
    }
}
