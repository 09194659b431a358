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
