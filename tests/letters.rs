//! The request letter over every development case: renders, carries the key facts, keeps every
//! name verbatim, never evaluates user text, and marks missing inputs visibly. Snapshots of the
//! full text live in `tests/snapshots/letters/` (insta: review changes with `cargo insta review`).

mod support;

use retroauth::core::letter::{LetterExtras, LetterKind, render, render_letter, render_with};
use retroauth::core::model::REASON_CODES;
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
    let reasons: Vec<&str> = REASON_CODES.iter().map(|(code, _)| *code).collect();
    let mut texts = std::collections::BTreeSet::new();
    for &reason in &reasons {
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

/// Compares `text` with the stored snapshot `tests/snapshots/letters/{name}.snap` (insta). A
/// changed or missing snapshot fails and leaves a `.snap.new` to review: `cargo insta review`,
/// or `INSTA_UPDATE=always cargo test --test letters` to accept every change (then read the diff).
fn check_snapshot(name: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/letters");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

#[test]
fn snapshots() {
    for name in [
        "01-hip-resurfacing-converted-to-tha.json",
        "09-brain-mri-demyelination-unicode-names.json",
        "24-newborn-out-of-state-medicaid-no-member-id.json",
    ] {
        let case = support::load_case(name);
        let text = render_letter(&case, support::fixed_today()).unwrap().text;
        check_snapshot(name.trim_end_matches(".json"), &text);
    }
    // One request letter per reason, on the case whose reason it is (or case 01 rewritten).
    for &(reason, _) in REASON_CODES {
        let from_set = support::case_files()
            .into_iter()
            .map(|(name, _)| name)
            .find(|name| support::load_case(name).claim.reason_prior_auth_missing.code == reason);
        let case = match &from_set {
            Some(name) => support::load_case(name),
            None => {
                let mut case = support::load_case("01-hip-resurfacing-converted-to-tha.json");
                case.claim.reason_prior_auth_missing.code = reason.to_string();
                case
            }
        };
        let text = render(LetterKind::RetroAuthRequest, &case, support::fixed_today()).unwrap().text;
        check_snapshot(&format!("reason-{reason}"), &text);
    }
    // The other letters.
    let case = support::load_case("03-sleeve-converted-to-gastric-bypass-short-diet.json");
    let extras = LetterExtras { page_count: Some(14), attachments: vec!["eob.pdf".into()], ..Default::default() };
    let cover = render_with(LetterKind::FaxCover, &case, support::fixed_today(), &extras).unwrap().text;
    check_snapshot("fax-cover", &cover);
    let mut denied = case.clone();
    denied.claim.claim.denial.carc = "39".to_string();
    denied.claim.claim.denial.text = "Retro authorization request denied: criteria not met.".to_string();
    let appeal = render(LetterKind::Reconsideration, &denied, support::fixed_today()).unwrap().text;
    check_snapshot("reconsideration-carc39", &appeal);
    let extras = LetterExtras { cover_for: LetterKind::Reconsideration, ..Default::default() };
    let cover = render_with(LetterKind::FaxCover, &denied, support::fixed_today(), &extras).unwrap().text;
    check_snapshot("fax-cover-reconsideration", &cover);
}

#[test]
fn every_letter_kind_renders_every_case_without_losing_names() {
    for (name, _) in support::case_files() {
        let case = support::load_case(&name);
        for &kind in LetterKind::ALL {
            let letter = render(kind, &case, support::fixed_today()).unwrap_or_else(|e| panic!("{name} {kind:?}: {e}"));
            assert!(letter.text.contains(kind.title()), "{name} {kind:?}");
            if kind != LetterKind::FaxCover {
                let patient = &case.claim.patient;
                assert!(squash(&letter.text).contains(&squash(&patient.full_name())), "{name} {kind:?}");
            }
            assert!(letter.text.contains(&case.claim.claim.claim_number), "{name} {kind:?}");
        }
    }
}

#[test]
fn the_fax_cover_counts_pages_and_names_no_patient() {
    let case = support::load_case("01-hip-resurfacing-converted-to-tha.json");
    let without = render(LetterKind::FaxCover, &case, support::fixed_today()).unwrap().text;
    assert!(without.contains("Pages:\t(counted when the packet is built)"), "{without}");
    let extras = LetterExtras { page_count: Some(23), ..Default::default() };
    let with = render_with(LetterKind::FaxCover, &case, support::fixed_today(), &extras).unwrap().text;
    assert!(with.contains("Pages:\t23, including this cover sheet"));
    assert!(with.contains("CONFIDENTIALITY NOTICE"));
    assert!(with.contains(&case.claim.payer.fax) && with.contains(&case.claim.provider.phone));
    assert!(!with.contains(&case.claim.patient.last_name), "the cover sheet names no patient");
}

#[test]
fn the_deadline_line_appears_only_when_the_window_is_known() {
    let case = support::load_case("01-hip-resurfacing-converted-to-tha.json");
    let text = render_letter(&case, support::fixed_today()).unwrap().text;
    let window = retroauth::core::letter::deadline_line(&case, support::fixed_today());
    match window {
        Some(window) => {
            let date = window.basis_date.format("%B %-d, %Y").to_string();
            assert!(
                text.contains(&format!("of the {} ({date})", window.basis_label)) || text.contains(&date),
                "{text}"
            );
            assert!(text.contains("This request is submitted on June 30, 2025"), "{text}");
        }
        None => panic!("case 01 states a window"),
    }
    let mut unknown = case.clone();
    unknown.claim.payer.retro_auth_window_days = None;
    let text = render_letter(&unknown, support::fixed_today()).unwrap().text;
    assert!(!text.contains("This request is submitted on"), "{text}");
}

#[test]
fn reconsideration_wording_follows_the_carc() {
    let mut case = support::load_case("01-hip-resurfacing-converted-to-tha.json");
    let mut texts = std::collections::BTreeSet::new();
    for carc in ["39", "50", "197", "CO-197", "16"] {
        case.claim.claim.denial.carc = carc.to_string();
        let text = render(LetterKind::Reconsideration, &case, support::fixed_today()).unwrap().text;
        let paragraph =
            text.split("Why the denial should be reversed").nth(1).unwrap().split("Details:").next().unwrap();
        texts.insert(paragraph.replace(carc, ""));
    }
    assert_eq!(texts.len(), 4, "39, 50, 197 (either spelling) and other read differently");
}

/// A letter never prints a date that validation calls invalid: a date `invalid_date` flags is
/// shown exactly as typed (the biller sees their typo), and a valid one in long form.
#[test]
fn a_letter_never_prints_a_date_validation_calls_invalid() {
    use retroauth::core::validate;
    let base = support::load_case("01-hip-resurfacing-converted-to-tha.json");
    let today = support::fixed_today();
    let long = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap().format("%B %-d, %Y").to_string();
    // (typed, the long form a lenient reader would print)
    let variants = [
        ("2025-4-7", long(2025, 4, 7)),
        ("2025-04-7", long(2025, 4, 7)),
        ("+2025-04-07", long(2025, 4, 7)),
        ("2025-02-30", String::new()),
        ("04/07/2025", long(2025, 4, 7)),
    ];
    type Edit = fn(&mut retroauth::core::model::Case, &str);
    let fields: [(&str, Edit); 3] = [
        ("claim.claim.denial.date", |c, t| c.claim.claim.denial.date = t.to_string()),
        ("claim.claim.date_of_service", |c, t| {
            c.claim.claim.date_of_service = Some(t.to_string());
            c.claim.claim.from = None;
            c.claim.claim.to = None;
        }),
        ("claim.patient.dob", |c, t| c.claim.patient.dob = t.to_string()),
    ];
    for (field, edit) in fields {
        for (typed, lenient_form) in &variants {
            let mut case = base.clone();
            edit(&mut case, typed);
            let flagged = validate::validate(&case, today)
                .findings
                .iter()
                .any(|f| f.code == "invalid_date" && f.field.as_deref() == Some(field));
            assert!(flagged, "{field} = {typed:?}: validation should call it invalid");
            for &kind in LetterKind::ALL {
                let text = render(kind, &case, today).unwrap().text;
                if kind != LetterKind::FaxCover {
                    assert!(text.contains(typed), "{field} = {typed:?}: {kind:?} does not show it as typed");
                }
                if !lenient_form.is_empty() {
                    assert!(
                        !text.contains(lenient_form.as_str()),
                        "{field} = {typed:?}: {kind:?} prints {lenient_form}"
                    );
                }
            }
        }
        // The control: a valid date is printed in long form.
        let mut case = base.clone();
        edit(&mut case, "2025-04-07");
        assert!(render_letter(&case, today).unwrap().text.contains(&long(2025, 4, 7)), "{field}");
    }
}

/// Every input a letter reports missing names a form input (or a list), so the app can take the
/// biller to it: on every development case and on an empty case.
#[test]
fn missing_inputs_name_form_inputs() {
    use retroauth::core::form::{Field, LIST_PATHS};
    let mut cases: Vec<_> = support::case_files().into_iter().map(|(name, _)| support::load_case(&name)).collect();
    cases.push(retroauth::core::model::Case::new_empty());
    let mut seen = 0;
    for case in cases {
        for &kind in LetterKind::ALL {
            for missing in render(kind, &case, support::fixed_today()).unwrap().missing {
                seen += 1;
                assert!(
                    Field::from_path(&missing.field).is_some() || LIST_PATHS.contains(&missing.field.as_str()),
                    "{kind:?}: {} is not a form input",
                    missing.field
                );
            }
        }
    }
    assert!(seen > 10, "the empty case misses many inputs");
}

/// A business-day window is stated in business days and met by the business-day deadline: the
/// calendar days elapsed are more than the window's length, and the request is still on time.
#[test]
fn a_business_day_window_is_met_by_its_business_day_deadline() {
    use chrono::NaiveDate;
    let mut case = support::load_case("01-hip-resurfacing-converted-to-tha.json");
    let payer = &mut case.claim.payer;
    payer.retro_auth_window_days = serde_json::from_value(serde_json::json!(5)).unwrap();
    payer.retro_auth_window_basis = Some("denial_date".to_string());
    payer.retro_auth_window_unit = Some("business".to_string());
    // Denied on Friday 2025-06-20: five business days end on Friday 2025-06-27.
    case.claim.claim.denial.date = "2025-06-20".to_string();
    let on_time = NaiveDate::from_ymd_opt(2025, 6, 27).unwrap();
    let window = retroauth::core::letter::deadline_line(&case, on_time).expect("window");
    assert_eq!(window.deadline, on_time);
    assert_eq!(window.elapsed, 7, "calendar days elapsed");
    assert!(window.is_met(), "7 calendar days are 5 business days: on time");
    let text = render_letter(&case, on_time).unwrap().text;
    assert!(text.contains("within 5 business days of the denial date"), "{text}");
    let late = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
    let window = retroauth::core::letter::deadline_line(&case, late).expect("window");
    assert!(!window.is_met(), "Monday 2025-06-30 is the sixth business day");
    let text = render_letter(&case, late).unwrap().text;
    assert!(text.contains("window is 5 business days from the denial date"), "{text}");
}
