//! The command line (`../shared/spec/CLI.md`): exit statuses, error messages with file and
//! line/column or field path, and outputs.
#![cfg(feature = "cli")]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn retroauth(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_retroauth")).args(args).output().expect("run retroauth")
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn case_path(name: &str) -> String {
    support::cases_dir().join(name).to_string_lossy().into_owned()
}

#[test]
fn letter_goes_to_stdout_and_is_dated_from_the_case() {
    let output = retroauth(&["letter", &case_path("01-hip-resurfacing-converted-to-tha.json")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("Patient: Ambrosini, Dwight"));
    assert!(text.contains("June 30, 2025"), "request_date is the default today");
}

#[test]
fn letter_today_flag_and_output_file() {
    let out = scratch("letter.txt");
    let output = retroauth(&[
        "letter",
        &case_path("01-hip-resurfacing-converted-to-tha.json"),
        "--today",
        "2025-07-04",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::read_to_string(&out).unwrap().contains("July 4, 2025"));
}

#[test]
fn missing_inputs_are_warned_about_without_their_values() {
    let output = retroauth(&["letter", &case_path("24-newborn-out-of-state-medicaid-no-member-id.json")]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stderr(&output).contains("claim.patient.member_id"), "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("[MISSING: member ID]"));
}

#[test]
fn packet_writes_a_pdf() {
    let out = scratch("packet-01.pdf");
    let output =
        retroauth(&["packet", &case_path("01-hip-resurfacing-converted-to-tha.json"), "-o", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn packet_reads_text_file_notes_relative_to_the_case() {
    let out = scratch("packet-12.pdf");
    let output =
        retroauth(&["packet", &case_path("12-septic-shock-icu-120k-chart-export.json"), "-o", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn invalid_json_names_file_line_and_column() {
    let bad = scratch("bad.json");
    std::fs::write(
        &bad,
        "{\n  \"schema_version\": \"1.0\",\n  \"claim\": {\"patient\": {\"first_name\": \"Jane\",}}\n}\n",
    )
    .unwrap();
    let output = retroauth(&["letter", bad.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("bad.json") && message.contains("line 3, column"), "{message}");
    assert!(!message.contains("Jane"), "error echoes patient data: {message}");
    assert!(!message.contains("panicked"), "{message}");
}

#[test]
fn wrong_schema_names_the_field_path() {
    let bad = scratch("schema.json");
    std::fs::write(&bad, r#"{"schema_version":"1.0","claim":{"claim":{"lines":[{"units":1,"modifiers":"RT"}]}}}"#)
        .unwrap();
    let output = retroauth(&["packet", bad.to_str().unwrap(), "-o", scratch("never.pdf").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("claim.claim.lines[0].modifiers"), "{}", stderr(&output));
}

#[test]
fn unreadable_and_non_utf8_files_exit_2() {
    let output = retroauth(&["letter", "/nonexistent/case.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("/nonexistent/case.json"));
    let binary = scratch("binary.json");
    std::fs::write(&binary, b"{\"a\":\n\xff\xfe}").unwrap();
    let output = retroauth(&["letter", binary.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("line 2: not valid UTF-8"), "{}", stderr(&output));
}

#[test]
fn unsupported_schema_version_exits_2() {
    let bad = scratch("v2.json");
    std::fs::write(&bad, r#"{"schema_version":"2.0"}"#).unwrap();
    let output = retroauth(&["letter", bad.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("schema_version"), "{}", stderr(&output));
}

#[test]
fn bad_today_and_missing_text_file_exit_2() {
    let output =
        retroauth(&["letter", &case_path("01-hip-resurfacing-converted-to-tha.json"), "--today", "30/06/2025"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--today"));
    let lonely = scratch("lonely.json");
    std::fs::write(&lonely, r#"{"schema_version":"1.0","notes":[{"note_type":"x","text_file":"missing.txt"}]}"#)
        .unwrap();
    let output = retroauth(&["letter", lonely.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("notes[0].text_file"), "{}", stderr(&output));
}

#[test]
fn tampered_text_file_is_rejected() {
    let dir = scratch("tamper");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("n.txt"), "hello").unwrap();
    std::fs::write(
        dir.join("c.json"),
        r#"{"schema_version":"1.0","notes":[{"note_type":"x","text_file":"n.txt","sha256":"00"}]}"#,
    )
    .unwrap();
    let output = retroauth(&["letter", dir.join("c.json").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("sha256"), "{}", stderr(&output));
}

fn import_fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name).to_string_lossy().into_owned()
}

#[test]
fn batch_writes_packets_and_summary_from_a_remittance() {
    let out = scratch("batch-out");
    let _ = std::fs::remove_dir_all(&out);
    let output = retroauth(&[
        "batch",
        &import_fixture("era-two-claims.835"),
        "--claims",
        &import_fixture("claims.837"),
        "--out",
        out.to_str().unwrap(),
        "--today",
        "2025-03-10",
        "--window-days",
        "90",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("wrote 1 packet(s)"), "{}", stderr(&output));
    let pdf = std::fs::read(out.join("PSA-2025-0001.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let csv = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv.contains("PSA-2025-0001,JD,yes,denied,CO-197,M62 N54,2025-04-15,36,"), "{csv}");
    assert!(!out.join("PSA-2025-0002.pdf").exists(), "a contractual adjustment is not offered");
}

#[test]
fn batch_input_errors_exit_2_and_name_the_file() {
    let out = scratch("batch-bad");
    let missing = retroauth(&["batch", "/nonexistent/era.835", "--out", out.to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("/nonexistent/era.835: cannot read"), "{}", stderr(&missing));
    let garbage = scratch("garbage.835");
    std::fs::write(&garbage, "ISA*00*this is not an interchange~").unwrap();
    let bad = retroauth(&["batch", garbage.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
    assert!(stderr(&bad).contains("garbage.835: "), "{}", stderr(&bad));
    assert!(!stderr(&bad).contains("panicked"));
    let claims = retroauth(&["batch", &import_fixture("claims.837"), "--out", out.to_str().unwrap()]);
    assert_eq!(claims.status.code(), Some(2));
    assert!(stderr(&claims).contains("--claims"), "{}", stderr(&claims));
}

// Joins and notes never mix patients: a claim number alone never joins two people. -----------

fn batch_join(out: &Path, claims: &[&str], notes: Option<&Path>) -> Output {
    let _ = std::fs::remove_dir_all(out);
    let mut args = vec!["batch".to_string(), import_fixture("join-remittance.835")];
    for c in claims {
        args.push("--claims".to_string());
        args.push(import_fixture(c));
    }
    if let Some(notes) = notes {
        args.push("--notes".to_string());
        args.push(notes.to_string_lossy().into_owned());
    }
    for a in ["--out", out.to_str().unwrap(), "--today", "2025-03-10"] {
        args.push(a.to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    retroauth(&args)
}

fn case_at(path: &Path) -> retroauth::core::model::Case {
    retroauth::core::model::Case::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn batch_does_not_join_another_patients_claim_and_says_why() {
    let out = scratch("batch-join-cross");
    let output = batch_join(&out, &["join-claims.837"], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("4 completed from --claims"), "{err}");
    assert!(err.contains("not joined: another patient, other dates or ambiguous"), "{err}");
    let quinn = case_at(&out.join("XP-1001.json"));
    assert_eq!(quinn.claim.patient.dob, "", "no date of birth of the other patient");
    assert!(quinn.claim.claim.diagnoses.is_empty(), "no diagnoses of the other patient");
    assert_eq!(quinn.claim.patient.last_name, "QUINN");
    let muller = case_at(&out.join("XP-1002.json"));
    assert_eq!(muller.claim.patient.dob, "1980-05-06", "the same patient joins");
    let elan = case_at(&out.join("XP-1003.json"));
    assert_eq!(elan.claim.patient.dob, "", "the same patient on other dates does not");
    let report = std::fs::read_to_string(out.join("import-report.txt")).unwrap();
    let claims_file = import_fixture("join-claims.837");
    assert!(
        report.contains(&format!(
            "claims file {claims_file} has a claim with this claim number but a different patient (member ID, last \
             name and first name differ): not joined"
        )),
        "{report}"
    );
    assert!(report.contains("service dates do not overlap"), "{report}");
    assert!(report.contains("not joined (ambiguous)"), "{report}");
    // Field names only: the other patient's values are nowhere in what batch says.
    for value in ["MORROW", "BLAKE", "SYN300000099", "19610203", "1961-02-03"] {
        assert!(!err.contains(value), "{value} on stderr");
        let warnings: String = report.lines().filter(|l| l.contains("not joined")).collect();
        assert!(!warnings.contains(value), "{value} in a warning");
    }
}

#[test]
fn batch_refuses_a_file_of_the_wrong_transaction_type() {
    let out = scratch("batch-join-wrong");
    let era = import_fixture("join-remittance.835");
    let as_claims = retroauth(&["batch", &era, "--claims", &era, "--out", out.to_str().unwrap()]);
    assert_eq!(as_claims.status.code(), Some(2), "{}", stderr(&as_claims));
    assert!(
        stderr(&as_claims)
            .contains(&format!("--claims expects X12 837P or FHIR Claim; {era} is an X12 835 remittance")),
        "{}",
        stderr(&as_claims)
    );
    let eob = import_fixture("eob-bundle.json");
    let fhir = retroauth(&["batch", &era, "--claims", &eob, "--out", out.to_str().unwrap()]);
    assert_eq!(fhir.status.code(), Some(2));
    assert!(
        stderr(&fhir).contains(&format!("--claims expects X12 837P or FHIR Claim; {eob} is a FHIR remittance")),
        "{}",
        stderr(&fhir)
    );
    for claims in ["join-claims.837", "claim-contained.json"] {
        let path = import_fixture(claims);
        let wrong = retroauth(&["batch", &path, "--out", out.to_str().unwrap()]);
        assert_eq!(wrong.status.code(), Some(2), "{claims}");
        assert!(
            stderr(&wrong)
                .contains("the remittance argument expects an X12 835 or FHIR ExplanationOfBenefit/ClaimResponse"),
            "{}",
            stderr(&wrong)
        );
        assert!(stderr(&wrong).contains("--claims"), "{}", stderr(&wrong));
    }
    assert!(!out.join("summary.csv").exists(), "nothing written");
}

#[test]
fn batch_notes_reach_exactly_one_claim_when_claim_numbers_repeat() {
    let out = scratch("batch-join-notes");
    let notes = scratch("batch-join-notes-in");
    let _ = std::fs::remove_dir_all(&notes);
    std::fs::create_dir_all(&notes).unwrap();
    for (name, text) in [
        ("DUP-9.txt", "shared number, no patient: ambiguous"),
        ("DUP-9-JE.txt", "Jordan and Jamie Evans share initials: ambiguous"),
        ("DUP-9-syn300000011.txt", "note for the first DUP-9 patient"),
        ("DUP-9-RF_op-note.txt", "note for Riley Fox"),
        ("XP-1001.txt", "note for the only XP-1001"),
        ("ZZ-404.txt", "no such claim"),
    ] {
        std::fs::write(notes.join(name), text).unwrap();
    }
    let output = batch_join(&out, &["join-claims.837"], Some(&notes));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // One packet per remittance claim, none overwritten.
    for name in ["DUP-9", "DUP-9-2", "DUP-9-3"] {
        assert!(out.join(format!("{name}.pdf")).exists(), "{name}.pdf");
    }
    let texts = |name: &str| -> Vec<String> {
        case_at(&out.join(format!("{name}.json"))).notes.iter().filter_map(|n| n.text.clone()).collect()
    };
    assert_eq!(texts("DUP-9"), ["note for the first DUP-9 patient"], "Jordan Evans, by member ID");
    assert!(texts("DUP-9-2").is_empty(), "Jamie Evans: the JE note is ambiguous");
    assert_eq!(texts("DUP-9-3"), ["note for Riley Fox"]);
    assert_eq!(texts("XP-1001"), ["note for the only XP-1001"], "a unique number keeps <claim>.txt");
    let csv = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(csv.contains(",DUP-9-2.pdf\n") && csv.contains(",DUP-9-3.pdf\n"), "{csv}");
    let err = stderr(&output);
    assert!(err.contains("2 note file(s) match more than one claim"), "{err}");
    assert!(err.contains("DUP-9-JE.txt, DUP-9.txt"), "{err}");
    assert!(err.contains("1 note file(s) match no claim"), "{err}");
    assert!(err.contains("ZZ-404.txt"), "{err}");
    let report = std::fs::read_to_string(out.join("import-report.txt")).unwrap();
    assert!(report.contains("Notes not attached:"), "{report}");
    assert!(
        report
            .contains("matching more than one claim (the claim number repeats) (2):\n    DUP-9-JE.txt\n    DUP-9.txt"),
        "{report}"
    );
    assert!(report.contains("matching no claim (1):\n    ZZ-404.txt"), "{report}");
}

#[test]
fn batch_reports_the_warnings_of_a_truncated_claims_file() {
    let out = scratch("batch-join-truncated");
    let output = batch_join(&out, &["join-truncated.837"], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let truncated = import_fixture("join-truncated.837");
    let err = stderr(&output);
    assert!(err.contains(&format!("retroauth: warning: {truncated}: ")), "{err}");
    let report = std::fs::read_to_string(out.join("import-report.txt")).unwrap();
    assert!(report.contains(&format!("Claims file {truncated} (X12 837 claim, 1 claim(s)):")), "{report}");
    assert!(report.contains("has no trailer"), "{report}");
    assert!(report.contains(&format!("completed from claims file {truncated}, which has")), "{report}");
    assert_eq!(case_at(&out.join("XP-1002.json")).claim.patient.dob, "1980-05-06");
}

/// The cells of one summary.csv line (RFC 4180: quoted cells may hold commas and `""`).
fn csv_cells(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cells.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(String::new()),
            (c, _) => cells.last_mut().unwrap().push(c),
        }
    }
    cells
}

#[test]
fn batch_says_which_packets_are_drafts_and_why() {
    // Two remittances: one claim completed from its 837, and several claims of which some are
    // not joined (no date of birth, no diagnoses: more validation errors).
    for (remittance, claims, name) in [
        ("era-two-claims.835", "claims.837", "batch-drafts-two"),
        ("join-remittance.835", "join-claims.837", "batch-drafts-join"),
    ] {
        let out = scratch(name);
        let _ = std::fs::remove_dir_all(&out);
        let output = retroauth(&[
            "batch",
            &import_fixture(remittance),
            "--claims",
            &import_fixture(claims),
            "--out",
            out.to_str().unwrap(),
            "--today",
            "2025-03-10",
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let csv = std::fs::read_to_string(out.join("summary.csv")).unwrap();
        let mut lines = csv.lines();
        let header = csv_cells(lines.next().unwrap());
        let column =
            |title: &str| header.iter().position(|h| h == title).unwrap_or_else(|| panic!("{title}: {header:?}"));
        let (draft_at, packet_at) = (column("draft"), column("packet"));
        let today = chrono::NaiveDate::from_ymd_opt(2025, 3, 10).unwrap();
        let (mut packets, mut drafts) = (0, 0);
        for line in lines {
            let cells = csv_cells(line);
            assert_eq!(cells.len(), header.len(), "{line}");
            let Some(stem) = cells[packet_at].strip_suffix(".pdf") else {
                assert_eq!(cells[draft_at], "", "no packet, no draft: {line}");
                continue;
            };
            packets += 1;
            // The cell says what the packet engine decided for this case, counted the same way.
            let case = case_at(&out.join(format!("{stem}.json")));
            let letter = retroauth::core::letter::render_letter(&case, today).unwrap();
            let input = retroauth::core::packet::PacketInput::new(&case, &letter.text, today);
            let built =
                retroauth::core::packet::build_packet(&input, &retroauth::core::packet::PacketOptions::default())
                    .unwrap();
            let expected = built.draft.map(|d| format!("DRAFT: {}", d.summary())).unwrap_or_default();
            assert_eq!(cells[draft_at], expected, "{stem}");
            if !expected.is_empty() {
                drafts += 1;
                assert!(expected.contains("missing input"), "the reason is never in a remittance: {expected}");
            }
        }
        assert!(packets > 0, "{csv}");
        let err = stderr(&output);
        assert!(
            err.contains(&format!(
                "{drafts} of {packets} packet(s) are drafts, stamped \"DRAFT \u{2014} not for submission\""
            )),
            "{err}"
        );
        assert!(!err.contains("JANE") && !err.contains("QUINN"), "no patient names: {err}");
    }
}

#[test]
fn batch_reads_today_with_the_strict_date_reader() {
    let out = scratch("batch-bad-today");
    for today in ["2025-3-4", "2025-02-29", "03/04/2025", "+2025-03-04"] {
        let output = retroauth(&[
            "batch",
            &import_fixture("era-two-claims.835"),
            "--out",
            out.to_str().unwrap(),
            "--today",
            today,
        ]);
        assert_eq!(output.status.code(), Some(2), "{today}: {}", stderr(&output));
        assert!(stderr(&output).contains("--today: expected a date as YYYY-MM-DD"), "{today}: {}", stderr(&output));
    }
}
