//! The request letter over every development case: renders, carries the key facts, keeps every
//! name verbatim, never evaluates user text, and marks missing inputs visibly. Snapshots of the
//! full text live in `tests/snapshots/letters/` (regenerate with `UPDATE_SNAPSHOTS=1`).

mod support;

use retroauth::core::letter::render_letter;
use serde_json::Value;

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn every_case_renders_with_its_key_facts() {
    for (name, _) in support::case_files() {
        let case = support::load_case(&name);
        let letter = render_letter(&case, support::fixed_today()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let text = &letter.text;
        let patient = &case.claim.patient;
        assert!(squash(text).contains(&squash(&patient.full_name())), "{name}: patient name");
        assert!(text.contains(&case.claim.claim.claim_number), "{name}: claim number");
        match patient.member_id.as_deref().map(str::trim) {
            Some(id) if !id.is_empty() => assert!(text.contains(id), "{name}: member id"),
            _ => {
                assert!(text.contains("[MISSING: member ID]"), "{name}: placeholder");
                assert!(letter.missing.iter().any(|m| m.field == "claim.patient.member_id"));
            }
        }
        for code in &case.claim.claim.diagnoses {
            assert!(text.contains(code.as_str()), "{name}: diagnosis {code}");
        }
        assert!(text.contains("Request for Retrospective Authorization"));
    }
}

#[test]
fn verbatim_strings_survive_and_nothing_is_evaluated() {
    for (name, raw) in support::case_files() {
        let expected: Value = serde_json::from_str::<Value>(&raw).unwrap()["expected"].clone();
        let case = support::load_case(&name);
        let text = render_letter(&case, support::fixed_today()).unwrap().text;
        for verbatim in expected["verbatim_strings"].as_array().into_iter().flatten() {
            let verbatim = verbatim.as_str().unwrap();
            assert!(squash(&text).contains(&squash(verbatim)), "{name}: {verbatim:?} not verbatim in the letter");
        }
        for forbidden in expected["forbidden_output_substrings"].as_array().into_iter().flatten() {
            let forbidden = forbidden.as_str().unwrap();
            assert!(!text.contains(forbidden), "{name}: letter contains {forbidden:?}");
        }
    }
}

#[test]
fn each_reason_gets_its_own_wording() {
    let reasons = retroauth::core::model::REASON_CODES.map(|(code, _)| code);
    let mut texts = std::collections::BTreeSet::new();
    for reason in reasons {
        let mut case = support::load_case("01-hip-resurfacing-converted-to-tha.json");
        case.claim.reason_prior_auth_missing.code = reason.to_string();
        let text = render_letter(&case, support::fixed_today()).unwrap().text;
        let paragraph = text
            .split("Why prior authorization was not obtained")
            .nth(1)
            .unwrap()
            .split("Details:")
            .next()
            .unwrap()
            .to_string();
        assert!(paragraph.trim().len() > 40, "{reason}: no reason paragraph");
        texts.insert(paragraph);
    }
    assert_eq!(texts.len(), reasons.len(), "two reasons share the same wording");
}

#[test]
fn snapshots() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/letters");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    std::fs::create_dir_all(&dir).unwrap();
    for name in [
        "01-hip-resurfacing-converted-to-tha.json",
        "09-brain-mri-demyelination-unicode-names.json",
        "24-newborn-out-of-state-medicaid-no-member-id.json",
    ] {
        let case = support::load_case(name);
        let text = render_letter(&case, support::fixed_today()).unwrap().text;
        let path = dir.join(name.replace(".json", ".txt"));
        if update {
            std::fs::write(&path, &text).unwrap();
        }
        let stored = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{name}: no snapshot; run with UPDATE_SNAPSHOTS=1"));
        assert_eq!(text, stored, "{name}: letter changed; review and rerun with UPDATE_SNAPSHOTS=1");
    }
}
