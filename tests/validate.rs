//! Claim-data validation over the shared development cases (100 % data-error recall, no
//! must-not-flag, no unexpected vocabulary code), the code-set drift check, deadline arithmetic
//! through the public API, and a property test: no input makes `validate` panic.

mod support;

use chrono::NaiveDate;
use proptest::prelude::*;
use retroauth::core::finding::{FindingKind, Severity};
use retroauth::core::model::Case;
use retroauth::core::report::VOCABULARY_DATA_ERRORS;
use retroauth::core::validate::{self, RetroWindow, TriagePath, ValidateOptions, WindowBasis};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn date(text: &str) -> NaiveDate {
    retroauth::core::model::date::parse_iso(text).expect("test date")
}

fn pairs(list: Option<&Value>) -> BTreeSet<(String, String)> {
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|e| (e["code"].as_str().unwrap_or("").to_string(), e["field"].as_str().unwrap_or("").to_string()))
        .collect()
}

/// The request day the CLI would use: the case's `request_date`.
fn request_day(case: &Case) -> NaiveDate {
    date(case.request_date.as_deref().expect("every development case has a request_date"))
}

#[test]
fn development_cases_full_recall_no_must_not_flag_no_unexpected() {
    let mut table = Vec::new();
    let mut failures = Vec::new();
    for (name, text) in support::case_files() {
        let case = support::load_case(&name);
        let raw: Value = serde_json::from_str(&text).expect("case JSON");
        let expected_block = &raw["expected"];
        let expected = pairs(expected_block.get("data_errors"));
        let acceptable = pairs(expected_block.get("acceptable_extra_data_flags"));
        let must_not: BTreeSet<String> =
            pairs(expected_block.get("must_not_flag")).into_iter().map(|(c, _)| c).collect();

        let validation = validate::validate(&case, request_day(&case));
        let found: BTreeSet<(String, String)> = validation
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::DataError && VOCABULARY_DATA_ERRORS.contains(&f.code.as_str()))
            .map(|f| (f.code.clone(), f.field.clone().unwrap_or_default()))
            .collect();
        let missed: Vec<_> = expected.difference(&found).collect();
        let unexpected: Vec<_> = found.difference(&expected).filter(|p| !acceptable.contains(*p)).collect();
        let forbidden: Vec<_> =
            validation.findings.iter().filter(|f| must_not.contains(&f.code)).map(|f| &f.code).collect();
        if !missed.is_empty() || !unexpected.is_empty() || !forbidden.is_empty() {
            failures.push(format!(
                "{name}: missed {missed:?}, unexpected {unexpected:?}, must-not-flag raised {forbidden:?}"
            ));
        }
        table.push(format!("{name}: expected {}, found {}", expected.len(), found.len()));
    }
    assert!(failures.is_empty(), "{}\n{}", failures.join("\n"), table.join("\n"));
}

#[test]
fn development_cases_messages_carry_no_patient_data() {
    for (name, _) in support::case_files() {
        let case = support::load_case(&name);
        let patient = &case.claim.patient;
        let mut secrets: Vec<&str> = vec![patient.first_name.trim(), patient.last_name.trim(), patient.dob.trim()];
        secrets.extend(patient.member_id.as_deref().map(str::trim));
        secrets.push(case.claim.claim.claim_number.trim());
        secrets.retain(|s| s.chars().count() >= 3);
        let validation = validate::validate(&case, request_day(&case));
        for finding in &validation.findings {
            for secret in &secrets {
                let text = format!("{} {}", finding.message, finding.help.as_deref().unwrap_or(""));
                assert!(!text.contains(secret), "{name}: {} repeats patient data", finding.code);
            }
        }
    }
}

#[test]
fn development_cases_deadlines_and_triage() {
    let case = support::load_case("01-hip-resurfacing-converted-to-tha.json");
    let validation = validate::validate(&case, request_day(&case));
    let deadline = validation.deadline.expect("case 01 has a window");
    assert_eq!((deadline.basis.as_str(), deadline.days_elapsed, deadline.days_left), ("denial_date", 59, 1));
    assert_eq!(validation.triage.map(|t| t.path), Some(TriagePath::RetroAuthorization));

    let case = support::load_case("24-newborn-out-of-state-medicaid-no-member-id.json");
    let deadline = validate::validate(&case, request_day(&case)).deadline.expect("case 24 has a window");
    assert_eq!((deadline.basis.as_str(), deadline.days_elapsed), ("eligibility_determination_date", 63));

    let case = support::load_case("14-home-oxygen-copd-unsigned-swo-dos-year-typo.json");
    assert!(validate::validate(&case, request_day(&case)).deadline.is_none(), "window not evaluated");

    let case = support::load_case("16-slp-post-stroke-no-progress-measures-window.json");
    let deadline = validate::validate(&case, request_day(&case)).deadline.expect("case 16 has a window");
    assert_eq!(deadline.days_left, -5);
    assert!(deadline.business_days_left < 0);
}

#[test]
fn deadline_only_agrees_with_the_full_validation() {
    // The letter and packet use `deadline_only`; the app's banner uses `validate`. Same answer
    // for every development case under every basis and date shape.
    for (name, _) in support::case_files() {
        let case = support::load_case(&name);
        for basis in ["date_of_service", "discharge_date", "denial_date", "eligibility_determination_date", "bogus"] {
            for (dos, from, to) in [
                (None, Some("2025-01-03"), Some("2025-01-09")),
                (Some("2025-01-05"), None, None),
                (None, Some("2025-01-03"), None),
                (Some("2025-13-40"), Some("2025-01-03"), Some("2025-01-09")),
            ] {
                let mut variant = case.clone();
                variant.claim.payer.retro_auth_window_basis = Some(basis.to_string());
                variant.claim.payer.retro_auth_window_days.get_or_insert(retroauth::core::model::Lenient::Valid(30));
                variant.claim.claim.date_of_service = dos.map(str::to_string);
                variant.claim.claim.from = from.map(str::to_string);
                variant.claim.claim.to = to.map(str::to_string);
                let today = request_day(&case);
                assert_eq!(
                    validate::deadline_only(&variant, today),
                    validate::validate(&variant, today).deadline,
                    "{name} {basis} {dos:?} {from:?} {to:?}"
                );
            }
        }
    }
}

#[test]
fn deadline_arithmetic_through_the_public_api() {
    let w = |days| RetroWindow::calendar(days, WindowBasis::DenialDate);
    // The last day is inside; the next day is one day late.
    let on = validate::deadline::compute(w(30), date("2024-01-31"), date("2024-03-01"), true).expect("deadline");
    assert_eq!((on.deadline, on.days_left), (date("2024-03-01"), 0), "2024 is a leap year");
    let late = validate::deadline::compute(w(30), date("2024-01-31"), date("2024-03-02"), true).expect("deadline");
    assert_eq!(late.days_left, -1);
    let non_leap = validate::deadline::compute(w(30), date("2025-01-31"), date("2025-03-02"), true).expect("deadline");
    assert_eq!((non_leap.deadline, non_leap.days_left), (date("2025-03-02"), 0));
    // Leap day as the basis.
    let leap = validate::deadline::compute(w(365), date("2024-02-29"), date("2024-02-29"), true).expect("deadline");
    assert_eq!(leap.deadline, date("2025-02-28"));
    // Business days: Thanksgiving week 2025 (Thu 27 Nov is a holiday).
    let b = validate::deadline::compute(w(7), date("2025-11-21"), date("2025-11-21"), true).expect("deadline");
    assert_eq!((b.deadline, b.days_left, b.business_days_left), (date("2025-11-28"), 7, 4));
    let b = validate::deadline::compute(w(7), date("2025-11-21"), date("2025-11-21"), false).expect("deadline");
    assert_eq!(b.business_days_left, 5);
    // Far in the past: very negative, no panic.
    let old = validate::deadline::compute(w(30), date("1999-01-01"), date("2025-01-01"), true).expect("deadline");
    assert!(old.days_left < -9000 && old.business_days_left < -6000);
}

#[test]
fn options_default_window_and_holidays() {
    let mut case = support::load_case("05-colonoscopy-coded-screening-documented-diagnostic.json");
    case.claim.payer.retro_auth_window_days = None;
    case.claim.payer.retro_auth_window_basis = None;
    let today = request_day(&case);
    let plain = validate::validate(&case, today);
    assert!(plain.deadline.is_none());
    assert!(plain.findings.iter().any(|f| f.code == "retro_window_not_configured" && f.kind == FindingKind::Advice));
    let options = ValidateOptions {
        federal_holidays: false,
        default_window: Some(RetroWindow::calendar(90, WindowBasis::DateOfService)),
        ..ValidateOptions::default()
    };
    let with_default = validate::validate_with(&case, today, &options);
    let deadline = with_default.deadline.expect("default window applies");
    assert_eq!((deadline.window_days, deadline.federal_holidays_counted), (90, false));
}

#[test]
fn findings_are_in_field_order_and_data_errors_come_first() {
    for (name, _) in support::case_files() {
        let case = support::load_case(&name);
        let findings = validate::validate(&case, request_day(&case)).findings;
        let first_advice = findings.iter().position(|f| f.kind != FindingKind::DataError).unwrap_or(findings.len());
        assert!(findings[first_advice..].iter().all(|f| f.kind != FindingKind::DataError), "{name}");
        assert!(findings.iter().all(|f| !f.message.is_empty()
            && f.code.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())));
        assert!(findings.iter().filter(|f| f.kind == FindingKind::DataError).all(|f| f.field.is_some()), "{name}");
    }
}

#[test]
fn malformed_case_text_is_reported_not_guessed() {
    let mut case = support::load_case("02-lumbar-decompression-fusion-added-no-consent.json");
    case.claim.claim.lines[0].units = retroauth::core::model::Lenient::Raw(Value::String("2x".into()));
    case.claim.claim.date_of_service = Some("2025-02-30".into());
    let findings = validate::validate(&case, request_day(&case)).findings;
    let has = |code: &str, field: &str| findings.iter().any(|f| f.code == code && f.field.as_deref() == Some(field));
    assert!(has("units_not_a_number", "claim.claim.lines[0].units"));
    assert!(has("invalid_date", "claim.claim.date_of_service"));
    assert!(findings.iter().any(|f| f.code == "retro_basis_date_missing" && f.severity == Severity::Warning));
}

#[test]
fn large_input_stays_linear() {
    use retroauth::core::model::{Lenient, PriorAuthorization, ServiceLine};
    let mut case = support::load_case("02-lumbar-decompression-fusion-added-no-consent.json");
    let n = 20_000;
    case.claim.claim.diagnoses = (0..n).map(|i| format!("M{:02}.{}", i % 100, i % 10)).collect();
    case.claim.claim.lines = (0..n)
        .map(|i| ServiceLine {
            cpt_or_hcpcs: Some(format!("{:05}", i)),
            modifiers: vec!["RT".into(); 3],
            units: Lenient::Valid(1),
            icd10_pointers: (1..=5).map(Lenient::Valid).collect(),
            ..ServiceLine::default()
        })
        .collect();
    case.claim.claim.prior_authorization = Some(PriorAuthorization {
        number: "PA-1".into(),
        approved_codes: (0..n).map(|i| format!("{:05}", i)).collect(),
        ..PriorAuthorization::default()
    });
    case.claim.reason_prior_auth_missing.code = "emergency".into();
    case.notes[0].text = Some("no timing words here ".repeat(5_000));
    let started = std::time::Instant::now();
    let validation = validate::validate(&case, request_day(&case));
    assert!(!validation.findings.is_empty());
    assert!(started.elapsed().as_secs() < 20, "validation took {:?}", started.elapsed());
}

// ---------------------------------------------------------------------------------------------
// Code sets: the committed .fst files are exactly what the committed lists produce.

fn codes_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/core/codes/data")
}

fn build_fst(list: &str) -> Vec<u8> {
    let mut builder = fst::SetBuilder::memory();
    for line in list.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        builder.insert(line.as_bytes()).expect("the generator writes bytewise-sorted, unique codes");
    }
    builder.into_inner().expect("fst")
}

/// Rebuilds both ICD-10-CM sets from the generator's sorted lists and compares them byte for byte
/// with the committed files. `UPDATE_CODESETS=1` rewrites the `.fst` files instead (after
/// `.ci/codesets/generate.py`).
#[test]
fn codeset_fst_files_match_the_lists() {
    let update = std::env::var_os("UPDATE_CODESETS").is_some();
    for name in ["icd10cm-billable", "icd10cm-header"] {
        let list = std::fs::read_to_string(codes_dir().join(format!("{name}.txt"))).expect("code list");
        assert!(list.starts_with("# source=pypi:simple-icd-10-cm=="), "{name}.txt: provenance line first");
        let built = build_fst(&list);
        let path = codes_dir().join(format!("{name}.fst"));
        if update {
            std::fs::write(&path, &built).expect("write fst");
        }
        let committed = std::fs::read(&path).expect("committed fst");
        assert!(
            committed == built,
            "{name}.fst differs from {name}.txt: run `UPDATE_CODESETS=1 cargo test --test validate codeset`"
        );
    }
    let embedded = retroauth::core::codes::icd10::billable_set_bytes().len()
        + retroauth::core::codes::icd10::header_set_bytes().len();
    assert!(embedded <= 100 * 1024, "embedded code sets are {embedded} bytes");
}

#[test]
fn codeset_provenance_matches_the_pins() {
    let pins: Value = serde_json::from_str(
        &std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".ci/codesets/versions.json"))
            .expect("pins"),
    )
    .expect("pins JSON");
    for (key, pin) in [("icd10cm", &pins["icd10cm"]), ("pos", &pins["pos"])] {
        let source = format!(
            "{}:{}=={}",
            pin["registry"].as_str().unwrap_or(""),
            pin["package"].as_str().unwrap_or(""),
            pin["version"].as_str().unwrap_or("")
        );
        assert_eq!(retroauth::core::codes::provenance_value(&format!("{key}.source")), Some(source.as_str()));
        assert_eq!(retroauth::core::codes::provenance_value(&format!("{key}.sha256")), pin["sha256"].as_str());
    }
    let pos = std::fs::read_to_string(codes_dir().join("pos.tsv")).expect("pos.tsv");
    assert!(pos.starts_with("# source=npm:hl7.terminology.r4=="));
}

// ---------------------------------------------------------------------------------------------
// Property tests: nothing panics, whatever the input.

fn weird_string() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("0000-00-00".to_string()),
        Just("9999-12-31".to_string()),
        Just("0001-01-01".to_string()),
        Just("2024-02-29".to_string()),
        Just("2025-02-29".to_string()),
        Just("2025-06-30".to_string()),
        Just("M54.5".to_string()),
        Just("JO6.9".to_string()),
        Just("U07.1".to_string()),
        Just("é̂\u{202e}\u{0}".to_string()),
        Just("CO-197, N54 / M62".to_string()),
        Just("emergency".to_string()),
        Just("1234567893".to_string()),
        "\\PC{0,12}",
        "[0-9A-Z.\\- ]{0,10}",
        any::<String>(),
    ]
}

fn weird_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        Just(Value::from(i64::MIN)),
        Just(Value::from(u64::MAX)),
        Just(Value::from(-1)),
        Just(Value::from(0)),
        weird_string().prop_map(Value::String),
        Just(Value::Null),
    ]
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        weird_number(),
        weird_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(weird_string(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A structurally plausible case with every leaf drawn from the weird strategies.
fn plausible_case() -> impl Strategy<Value = Value> {
    let s = weird_string;
    let line = (
        s(),
        prop::option::of(s()),
        prop::collection::vec(s(), 0..6),
        weird_number(),
        weird_number(),
        prop::collection::vec(weird_number(), 0..6),
        s(),
        s(),
    )
        .prop_map(|(rev, code, mods, units, charge, pointers, from, to)| {
            serde_json::json!({"revenue_code": rev, "cpt_or_hcpcs": code, "modifiers": mods, "units": units,
                               "charge": charge, "icd10_pointers": pointers, "from": from, "to": to})
        });
    (
        (s(), s(), s(), prop::option::of(s()), s(), s(), weird_number(), s()),
        (s(), s(), s(), s(), s(), s(), s(), s()),
        prop::collection::vec(line, 0..5),
        prop::collection::vec(s(), 0..8),
        (s(), s(), s(), s(), s(), s(), weird_number()),
        prop::collection::vec(s(), 0..3),
    )
        .prop_map(|(a, b, lines, diagnoses, c, notes)| {
            serde_json::json!({
                "schema_version": "1.0", "case_id": "prop", "request_date": a.0,
                "claim": {
                    "patient": {"first_name": a.1, "last_name": a.2, "member_id": a.3, "dob": a.4, "sex": b.7},
                    "payer": {"name": "P", "plan_type": a.5, "retro_auth_window_days": a.6, "retro_auth_window_basis": a.7},
                    "provider": {"name": "N", "npi": b.0, "tin": b.1},
                    "facility": {"name": "F", "npi": b.2},
                    "referring_provider": {"name": "R", "npi": b.3},
                    "claim": {
                        "claim_type": b.4, "type_of_bill": b.5, "drg": b.6, "date_of_service": c.0, "from": c.1, "to": c.2,
                        "place_of_service": c.3, "lines": lines, "diagnoses": diagnoses, "total_charge": c.6,
                        "denial": {"date": c.4, "carc": c.5, "rarc": c.3, "text": c.5},
                        "prior_authorization": {"number": c.4, "approved_codes": [c.0], "approved_from": c.1, "approved_to": c.2},
                        "eligibility": {"eligibility_determination_date": c.2}
                    },
                    "reason_prior_auth_missing": {"code": a.0, "detail": c.5}
                },
                "notes": notes.into_iter().map(|t| serde_json::json!({"note_type": "op_note", "text": t})).collect::<Vec<_>>()
            })
        })
}

fn any_day() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        (1i32..=9999, 1u32..=12, 1u32..=31).prop_filter_map("real date", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
        Just(NaiveDate::MIN),
        Just(NaiveDate::MAX),
        Just(date("2024-02-29")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_never_panics(json in arbitrary_json(), today in any_day()) {
        if let Ok(case) = Case::from_json(&json.to_string()) {
            let _ = validate::validate(&case, today);
        }
    }

    #[test]
    fn plausible_cases_never_panic(json in plausible_case(), today in any_day(), holidays in any::<bool>()) {
        let case = Case::from_json(&json.to_string());
        prop_assert!(case.is_ok(), "plausible cases load");
        if let Ok(case) = case {
            let options = ValidateOptions { federal_holidays: holidays, ..ValidateOptions::default() };
            let validation = validate::validate_with(&case, today, &options);
            for finding in &validation.findings {
                prop_assert!(!finding.message.is_empty());
                if finding.kind == FindingKind::DataError {
                    prop_assert!(finding.field.is_some());
                }
            }
        }
    }

    #[test]
    fn deadlines_never_panic(days in any::<i64>(), basis in any_day(), today in any_day(), holidays in any::<bool>()) {
        let window = RetroWindow::calendar(days, WindowBasis::DateOfService);
        if let Some(d) = validate::deadline::compute(window, basis, today, holidays) {
            prop_assert_eq!(d.exceeded(), today > d.deadline);
            prop_assert!(d.business_days_left.signum() == 0 || d.days_left.signum() == d.business_days_left.signum());
        }
    }
}

/// Every field path a validation finding names on the development set is an input of the form
/// (`Field::from_path`) or one of the list paths the form shows its messages on (the service
/// lines, the diagnoses, the notes), so a message always lands next to an input.
#[test]
fn every_field_path_on_the_dev_set_lands_on_an_input() {
    use retroauth::core::form::{Field, LIST_PATHS};
    let mut seen = std::collections::BTreeSet::new();
    let mut stray = std::collections::BTreeSet::new();
    for (name, _) in support::case_files() {
        let case = support::load_case(&name);
        for finding in validate::validate(&case, support::fixed_today()).findings {
            let Some(field) = finding.field else { continue };
            seen.insert(field.clone());
            if Field::from_path(&field).is_none() && !LIST_PATHS.contains(&field.as_str()) {
                stray.insert(format!("{field} ({})", finding.code));
            }
        }
    }
    assert!(seen.len() > 5, "the dev set names fields: {seen:?}");
    assert!(stray.is_empty(), "paths with no input: {stray:?}");
}

/// Fields validation reports on that the form has no input for yet: a finding there is listed
/// in the review panel but cannot sit beside an input. Each needs a `core::form::Field` (and
/// an input in the case form) before it can leave this list.
const PATHS_WITHOUT_AN_INPUT: &[&str] = &[
    "claim.claim.admission_type",
    "claim.claim.eligibility.eligibility_determination_date",
    "claim.claim.prior_authorization.approved_from",
    "claim.claim.prior_authorization.approved_to",
];

/// Beyond the dev set: a case broken in every field the rules read still only gets findings on
/// form inputs, list paths, or the listed fields without an input (and each of those is used).
#[test]
fn every_field_path_on_a_broken_case_lands_on_an_input_or_is_listed() {
    use retroauth::core::form::{Field, LIST_PATHS};
    use retroauth::core::model::{Eligibility, Lenient, PriorAuthorization};
    let base = support::load_case("01-hip-resurfacing-converted-to-tha.json");
    let mut variants = Vec::new();
    let mut broken = base.clone();
    let claim = &mut broken.claim;
    claim.patient.dob = "1970-13-01".into();
    claim.patient.sex = Some("Q".into());
    claim.patient.member_id = Some(" ".into());
    claim.payer.plan_type = "medicare".into();
    claim.payer.retro_auth_window_days = Some(Lenient::from_text("ninety"));
    claim.provider.npi = "1234567890".into();
    claim.provider.tin = "12-34".into();
    claim.claim.claim_type = "institutional".into();
    claim.claim.type_of_bill = Some("x".into());
    claim.claim.drg = Some("DRG".into());
    claim.claim.admission_type = Some("7".into());
    claim.claim.place_of_service = "99x".into();
    claim.claim.total_charge = Some(Lenient::from_text("lots"));
    claim.claim.diagnoses = vec!["J06".into(), "XYZ".into(), "J06".into(), "78650".into()];
    claim.claim.original_submission_date = Some("2025-02-30".into());
    claim.claim.prior_authorization = Some(PriorAuthorization {
        number: String::new(),
        approved_codes: vec!["99999".into()],
        approved_from: Some("2025-09-01".into()),
        approved_to: Some("2025-01-01".into()),
        ..Default::default()
    });
    claim.claim.eligibility =
        Some(Eligibility { eligibility_determination_date: Some("2025-1-2".into()), ..Default::default() });
    claim.claim.denial.carc = "19x7".into();
    claim.claim.denial.rarc = "62".into();
    claim.reason_prior_auth_missing.code = "retro_eligibility".into();
    if let Some(line) = claim.claim.lines.first_mut() {
        line.modifiers = vec!["r".into(), "RT".into(), "RT".into(), "rt".into(), "GY".into()];
        line.units = Lenient::from_text("two");
        line.charge = Lenient::from_text("-5");
        line.icd10_pointers = vec![Lenient::Valid(9), Lenient::from_text("a")];
        line.cpt_or_hcpcs = Some("2784O".into());
        line.revenue_code = Some("12".into());
        line.from = Some("2020-01-01".into());
        line.to = Some("2020-13-01".into());
    }
    variants.push(broken.clone());
    let mut dated = broken.clone();
    dated.claim.claim.date_of_service = None;
    dated.claim.claim.from = Some("2025-03-10".into());
    dated.claim.claim.to = Some("2025-03-01".into());
    dated.claim.payer.retro_auth_window_days = Some(Lenient::Valid(30));
    dated.claim.payer.retro_auth_window_basis = Some("eligibility_determination_date".into());
    variants.push(dated);
    let mut empty = retroauth::core::model::Case::new_empty();
    empty.claim.reason_prior_auth_missing.code = "other".into();
    variants.push(empty);

    let mut stray = std::collections::BTreeSet::new();
    let mut without_input = std::collections::BTreeSet::new();
    let mut findings = 0;
    for case in &variants {
        for finding in validate::validate(case, support::fixed_today()).findings {
            findings += 1;
            let Some(field) = finding.field else { continue };
            if PATHS_WITHOUT_AN_INPUT.contains(&field.as_str()) {
                without_input.insert(field);
            } else if Field::from_path(&field).is_none() && !LIST_PATHS.contains(&field.as_str()) {
                stray.insert(format!("{field} ({})", finding.code));
            }
        }
    }
    assert!(findings > 30, "the broken cases raise many findings ({findings})");
    assert!(stray.is_empty(), "paths with no input: {stray:?}");
    let unused: Vec<&&str> = PATHS_WITHOUT_AN_INPUT.iter().filter(|p| !without_input.contains(**p)).collect();
    assert!(unused.is_empty(), "listed but not raised by these cases (drop or cover them): {unused:?}");
}
