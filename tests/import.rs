//! Import of X12 835 / 837P and FHIR R4 (`core::import`): the synthetic fixtures in
//! `tests/fixtures/import/` (written by `generate.py` there), every ExplanationOfBenefit, Claim and
//! ClaimResponse of the official HL7 examples (npm `hl7.fhir.r4.examples@4.0.1`, a devDependency:
//! the test fails, not skips, when the package is not installed), streaming and progress, and
//! property tests: no input, however broken or mutated, makes a parser panic.

use chrono::NaiveDate;
use proptest::prelude::*;
use retroauth::core::finding::{FindingKind, Severity};
use retroauth::core::import::{self, Format, ImportFile, ImportReport, ImportedCase};
use retroauth::core::model::{Case, Lenient};
use retroauth::core::validate;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn case<'a>(file: &'a ImportFile, claim_number: &str) -> &'a ImportedCase {
    file.cases
        .iter()
        .find(|c| c.case.claim.claim.claim_number == claim_number)
        .unwrap_or_else(|| panic!("no case for claim {claim_number}"))
}

fn filled_from<'a>(report: &'a ImportReport, field: &str) -> &'a str {
    report
        .filled
        .iter()
        .rev()
        .find(|f| f.field == field)
        .map(|f| f.from.as_ref())
        .unwrap_or_else(|| panic!("{field} not reported as filled: {:?}", report.filled))
}

fn warning_codes(report: &ImportReport) -> Vec<&'static str> {
    report.warnings.iter().map(|w| w.code).collect()
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

/// Every message, location and source text of a report (what a host may show or log).
fn report_texts(report: &ImportReport) -> Vec<String> {
    let mut out = vec![report.source.clone()];
    for f in &report.filled {
        out.push(f.from.to_string());
    }
    for u in &report.unmapped {
        out.push(u.what.to_string());
        out.extend(u.at.iter().cloned());
    }
    for w in &report.warnings {
        out.push(w.at.clone());
        out.push(w.message.clone());
    }
    out
}

/// No report text quotes a patient's name, member ID or date of birth.
fn assert_no_patient_values(file: &ImportFile) {
    let mut values = Vec::new();
    for c in &file.cases {
        let p = &c.case.claim.patient;
        values.extend([p.first_name.clone(), p.last_name.clone(), p.dob.clone()]);
        values.extend(p.member_id.clone());
        values.extend(p.dob.split('-').collect::<String>().get(..8).map(str::to_string));
    }
    values.retain(|v| v.trim().len() >= 3);
    let mut texts = report_texts(&file.report);
    for c in &file.cases {
        texts.extend(report_texts(&c.report));
    }
    for text in &texts {
        for value in &values {
            assert!(!text.contains(value.as_str()), "a report text quotes a patient value: {text:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// X12 835

#[test]
fn era_two_claims_offers_the_authorization_denial() {
    let file = import::import_835(&fixture("era-two-claims.835")).unwrap();
    assert_eq!(file.format, Format::X12_835);
    assert_eq!(file.cases.len(), 2);

    let denied = case(&file, "PSA-2025-0001");
    assert!(denied.auth_related);
    let c = &denied.case;
    assert_eq!(c.schema_version, "1.0");
    assert_eq!(c.case_id, "PSA-2025-0001");
    let patient = &c.claim.patient;
    assert_eq!((patient.first_name.as_str(), patient.last_name.as_str()), ("JANE", "DOE"));
    assert_eq!(patient.member_id.as_deref(), Some("SYN123456789"), "NM1*QC NM109, not the insured's ID");
    assert_eq!(patient.group_number.as_deref(), Some("GRP-7788"));
    assert_eq!(c.claim.payer.name, "SYNTHETIC HEALTH PLAN");
    assert_eq!((c.claim.payer.phone.as_str(), c.claim.payer.fax.as_str()), ("2175550100", "2175550199"));
    assert_eq!(c.claim.payer.address.line2.as_deref(), Some("RETRO REVIEW UNIT"));
    assert_eq!(c.claim.payer.plan_type, "commercial");
    assert_eq!(c.claim.provider.npi, "1555012347");
    assert_eq!(c.claim.provider.tin, "371234567");
    assert_eq!(c.claim.rendering_provider.as_ref().map(|r| r.npi.as_str()), Some("1555012354"));
    let claim = &c.claim.claim;
    assert_eq!(claim.claim_type, "professional");
    assert_eq!(claim.date_of_service.as_deref(), Some("2025-01-15"));
    assert_eq!(claim.place_of_service, "11");
    assert_eq!(claim.total_charge.as_ref().map(Lenient::as_text).as_deref(), Some("1450"));
    assert_eq!(claim.payer_claim_number.as_deref(), Some("PAYERICN0001"));
    assert_eq!(claim.original_submission_date.as_deref(), Some("2025-01-20"));
    assert_eq!(claim.lines.len(), 2);
    assert_eq!(claim.lines[1].cpt_or_hcpcs.as_deref(), Some("99213"));
    assert_eq!(claim.lines[1].modifiers, vec!["25".to_string()]);
    assert_eq!(claim.lines[1].units, Lenient::Valid(1));
    assert_eq!(claim.lines[0].charge.as_text(), "1200");
    assert_eq!(claim.lines[0].from.as_deref(), Some("2025-01-15"));
    // Denial: BPR16 payment date, codes from CAS/MOA/LQ.
    assert_eq!(claim.denial.date, "2025-03-04");
    assert_eq!(claim.denial.carc, "197");
    assert_eq!(claim.denial.rarc, "M62, N54");
    assert!(claim.denial.text.contains("CO-197 1200 (line 1)"), "{}", claim.denial.text);
    assert_eq!(denied.carc.len(), 2);
    assert!(denied.carc.iter().all(|a| a.group == "CO" && a.code == "197" && a.auth_related));
    assert_eq!(
        denied.rarc.iter().map(|r| (r.code.as_str(), r.line)).collect::<Vec<_>>(),
        [("M62", None), ("N54", Some(0))]
    );
    let remit = denied.remit.as_ref().unwrap();
    assert_eq!((remit.status_code.as_str(), remit.status), ("4", "denied"));
    assert_eq!(remit.payer_claim_number, "PAYERICN0001");
    // The report names positions.
    let r = &denied.report;
    assert_eq!(filled_from(r, "claim.patient.member_id"), "segment 18 (NM109)");
    assert_eq!(filled_from(r, "claim.claim.denial.date"), "BPR16 payment date (position in the file report)");
    assert_eq!(
        filled_from(&file.report, "claim.claim.denial.date"),
        "segment 4 (BPR16) (payment date), transaction set 1"
    );
    assert_eq!(filled_from(&file.report, "claim.payer.fax"), "segment 10 (PER06), transaction set 1");
    assert!(filled_from(r, "claim.payer.fax").starts_with("PER FX of the payer loop 1000A"));
    assert_eq!(filled_from(r, "claim.claim.lines[1].modifiers[0]"), "segment 30 (SVC01-3)");
    assert!(r.unmapped.iter().any(|u| u.what.starts_with("NM1*IL insured")), "{:?}", r.unmapped);
    assert!(r.unmapped.iter().any(|u| u.what == "SVC03 line paid amount" && u.count == 2));
    assert_eq!(
        r.left_empty,
        [
            "claim.patient.dob",
            "claim.payer.retro_auth_window_days",
            "claim.claim.lines[0].icd10_pointers",
            "claim.claim.lines[1].icd10_pointers",
            "claim.claim.diagnoses",
            "claim.reason_prior_auth_missing.code"
        ]
    );

    // The paid claim is listed with its codes, not offered.
    let paid = case(&file, "PSA-2025-0002");
    assert!(!paid.auth_related);
    let codes: Vec<String> = paid.carc.iter().map(|a| a.label()).collect();
    assert_eq!(codes, ["CO-45", "PR-2"]);
    assert_eq!(paid.report.source, "835 transaction 1 claim 2, segments 33–41");
    assert_eq!(file.auth_related().count(), 1);

    // File level: header segments that have no place in a case.
    let whats: Vec<&str> = file.report.unmapped.iter().map(|u| u.what.as_ref()).collect();
    for expected in ["TRN check or EFT trace number", "PLB provider-level adjustment", "PER*BL payer contact TE"] {
        assert!(whats.contains(&expected), "{expected} not listed: {whats:?}");
    }
    assert!(file.report.warnings.is_empty(), "{:?}", file.report.warnings);
    assert_no_patient_values(&file);
}

#[test]
fn era_any_delimiters_several_transactions_and_interchanges() {
    let text = fixture("era-odd-delimiters.835");
    assert!(!text.contains('\n') || text.contains("!"), "fixture shape");
    let file = import::import_835(&text).unwrap();
    assert_eq!(file.cases.len(), 3, "{:#?}", file.report);
    assert!(file.report.warnings.is_empty(), "{:?}", file.report.warnings);
    assert!(file.cases.iter().all(|c| c.auth_related));

    let referral = case(&file, "LKI-0077");
    assert_eq!(referral.case.claim.claim.denial.carc, "243");
    assert_eq!(referral.case.claim.claim.prior_authorization.as_ref().unwrap().number, "AUTH-2024-1234");
    assert_eq!(referral.case.claim.claim.lines[0].cpt_or_hcpcs.as_deref(), Some("70551"), "SVC06: the billed code");
    assert_eq!(warning_codes(&referral.report), ["procedure_changed"]);
    assert_eq!(referral.case.claim.provider.npi, "1555012388");

    let exceeded = case(&file, "LKT-0042");
    let line = &exceeded.case.claim.claim.lines[0];
    assert_eq!(line.units, Lenient::Valid(12), "SVC07: the units billed, not the 8 paid");
    assert_eq!((line.from.as_deref(), line.to.as_deref()), (Some("2025-02-01"), Some("2025-02-28")));
    assert_eq!(exceeded.case.claim.claim.from.as_deref(), Some("2025-02-01"));
    assert_eq!(exceeded.case.claim.payer.plan_type, "medicare_advantage");
    assert_eq!(exceeded.case.claim.provider.tin, "372222333", "N1*PE with FI");
    assert_eq!(
        (exceeded.case.claim.claim.denial.carc.as_str(), exceeded.case.claim.claim.denial.rarc.as_str()),
        ("198", "N362")
    );

    let ed = case(&file, "LGH-ED-3001");
    let claim = &ed.case.claim.claim;
    assert_eq!(claim.claim_type, "institutional");
    assert_eq!(claim.type_of_bill.as_deref(), Some("0131"));
    assert_eq!(claim.drg.as_deref(), Some("871"));
    assert_eq!(claim.lines[0].revenue_code.as_deref(), Some("0450"));
    assert_eq!((claim.from.as_deref(), claim.to.as_deref()), (Some("2025-02-05"), Some("2025-02-07")));
    assert_eq!(claim.denial.date, "2025-03-12", "no BPR16: DTM*405");
    assert_eq!(claim.denial.carc, "40");
    assert_eq!(ed.rarc[0].code, "MA130");
    assert!(warning_codes(&ed.report).contains(&"plan_type_guess"));
    assert_no_patient_values(&file);
}

#[test]
fn damaged_remittance_imports_with_warnings_and_keeps_what_was_written() {
    let file = import::import_835(&fixture("era-damaged.835")).unwrap();
    assert_eq!(warning_codes(&file.report), ["bad_date", "segment_count_mismatch"]);
    assert_eq!(file.report.warnings[1].at, "segment 12 (SE01)");
    let c = &file.cases[0];
    assert!(c.auth_related);
    assert_eq!(warning_codes(&c.report), ["bad_amount", "plan_type_unknown", "bad_units", "bad_date", "no_member_id"]);
    let claim = &c.case.claim.claim;
    assert_eq!(claim.total_charge.as_ref().unwrap().as_text(), "12O.00", "kept as written");
    assert_eq!(claim.lines[0].units.as_text(), "1.5");
    assert_eq!(claim.denial.date, "2025-03-04", "a dashed date is kept as written");
    assert!(c.report.unmapped.iter().any(|u| u.what == "ZZZ segment"));
    assert!(c.report.left_empty.iter().any(|f| f == "claim.patient.member_id"));
}

#[test]
fn x12_errors_name_the_segment() {
    let err = import::import_835(&fixture("claims.837")).unwrap_err();
    assert_eq!((err.code, err.at.as_str()), ("wrong_transaction", "segment 3 (ST01)"));
    assert_eq!(err.to_string(), "segment 3 (ST01): the file holds transaction set 837, not 835");
    let err = import::import_837p(&fixture("era-two-claims.835")).unwrap_err();
    assert_eq!(err.code, "wrong_transaction");
    let err = import::import_835("ISA*00*~").unwrap_err();
    assert_eq!((err.code, err.at.as_str()), ("bad_isa", "segment 1 (ISA)"));
    let err = import::import_835("GS*HP*X~ST*835*1~").unwrap_err();
    assert_eq!(err.code, "not_x12");
    let isa =
        "ISA*00*          *00*          *ZZ*S              *ZZ*R              *250101*1200*^*00501*000000001*0*P*:~";
    assert_eq!(import::import_835(isa).unwrap_err().code, "no_transaction");
    // A claim outside any envelope trailer still imports; the missing trailers are reported.
    let text = format!("{isa}GS*HP*S*R*20250101*1200*1*X*005010X221A1~ST*835*0001~CLP*A1*4*10*0~CAS*CO*197*10~");
    let file = import::import_835(&text).unwrap();
    assert_eq!(file.cases.len(), 1);
    assert_eq!(warning_codes(&file.report), ["missing_se", "missing_ge", "missing_iea"]);
}

// ---------------------------------------------------------------------------------------------
// X12 837P

#[test]
fn claims_837p() {
    let file = import::import_837p(&fixture("claims.837")).unwrap();
    assert_eq!(file.format, Format::X12_837);
    assert_eq!(file.cases.len(), 2);

    let first = case(&file, "PSA-2025-0001");
    assert!(!first.auth_related);
    let d = &first.case.claim;
    assert_eq!(
        (d.patient.first_name.as_str(), d.patient.dob.as_str(), d.patient.sex.as_deref()),
        ("JANE", "1970-04-12", Some("F"))
    );
    assert_eq!(d.patient.member_id.as_deref(), Some("SYN123456789"));
    assert_eq!(d.patient.group_number.as_deref(), Some("GRP-7788"));
    assert_eq!(d.payer.name, "SYNTHETIC HEALTH PLAN", "the COB loop (2330B OTHER PLAN) must not overwrite the payer");
    assert_eq!(d.payer.address.line1, "PO BOX 0100");
    assert_eq!((d.provider.npi.as_str(), d.provider.tin.as_str()), ("1555012347", "371234567"));
    assert_eq!((d.provider.contact_name.as_str(), d.provider.phone.as_str()), ("MARTA KOWALSKI", "2175550150"));
    let referring = d.referring_provider.as_ref().unwrap();
    assert_eq!((referring.name.as_str(), referring.npi.as_str()), ("SUNIL PATEL", "1555012362"));
    assert_eq!(d.rendering_provider.as_ref().map(|r| r.npi.as_str()), Some("1555012354"));
    let facility = d.facility.as_ref().unwrap();
    assert_eq!(
        (facility.npi.as_str(), facility.address.as_ref().unwrap().line1.as_str()),
        ("1555012370", "200 OAK AVE")
    );
    let claim = &d.claim;
    assert_eq!(claim.diagnoses, ["M51.16", "M54.16"], "decimal point restored");
    assert_eq!(claim.place_of_service, "11");
    assert_eq!(claim.date_of_service.as_deref(), Some("2025-01-15"));
    assert_eq!(claim.lines[0].icd10_pointers, [Lenient::Valid(1), Lenient::Valid(2)]);
    assert_eq!(claim.lines[1].modifiers, ["25"]);
    assert_eq!(filled_from(&first.report, "claim.claim.diagnoses[0]"), "segment 26 (HI01-2) (decimal point restored)");
    assert!(first.report.unmapped.iter().any(|u| u.what == "2320/2330 other payer data" && u.count == 2));
    assert!(warning_codes(&first.report).contains(&"no_denial"));

    let dependent = case(&file, "PSA-2025-0003");
    let d = &dependent.case.claim;
    assert_eq!((d.patient.first_name.as_str(), d.patient.dob.as_str()), ("LILY", "2015-06-07"), "2010CA patient");
    assert_eq!(d.patient.member_id.as_deref(), Some("SYNMA000111"), "the subscriber's ID");
    assert_eq!(d.payer.plan_type, "medicare_advantage");
    assert_eq!(d.claim.prior_authorization.as_ref().unwrap().number, "AUTH-2025-0099");
    assert_eq!((d.claim.from.as_deref(), d.claim.to.as_deref()), (Some("2025-02-03"), Some("2025-02-04")), "RD8");
    assert_eq!(d.referring_provider.as_ref().unwrap().npi, "1555012362", "2420F line-level referring provider");
    assert_eq!(d.claim.diagnoses, ["S82.101A"]);
    let codes = warning_codes(&dependent.report);
    assert!(codes.contains(&"dependent") && codes.contains(&"emergency_indicator"), "{codes:?}");
    assert_no_patient_values(&file);
}

#[test]
fn remittance_joined_with_its_claim_validates_cleanly() {
    let mut remit = import::import_835(&fixture("era-two-claims.835")).unwrap();
    let claims = import::import_837p(&fixture("claims.837")).unwrap();
    assert_eq!(import::join_claims(&mut remit, &claims), 1);
    let joined = case(&remit, "PSA-2025-0001");
    let c = &joined.case;
    assert_eq!(c.claim.patient.dob, "1970-04-12");
    assert_eq!(c.claim.claim.diagnoses, ["M51.16", "M54.16"]);
    assert_eq!(c.claim.claim.lines[0].icd10_pointers, [Lenient::Valid(1), Lenient::Valid(2)]);
    assert_eq!(c.claim.patient.first_name, "JANE", "the remittance's value is kept");
    assert_eq!(c.claim.claim.denial.carc, "197");
    assert_eq!(
        joined.report.left_empty,
        ["claim.payer.retro_auth_window_days", "claim.reason_prior_auth_missing.code"]
    );
    // Only what no format carries is left: the reason. With it, no data error at all.
    let findings = validate::validate(c, day("2025-03-10")).findings;
    let errors: Vec<_> = findings.iter().filter(|f| f.severity != Severity::Info).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].field.as_deref(), Some("claim.reason_prior_auth_missing.code"));
    let mut completed: Case = c.clone();
    completed.claim.reason_prior_auth_missing.code = "administrative_error".into();
    completed.claim.reason_prior_auth_missing.detail = "The front desk did not request the authorization.".into();
    let errors: Vec<_> = validate::validate(&completed, day("2025-03-10"))
        .findings
        .into_iter()
        .filter(|f| f.kind == FindingKind::DataError && f.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn imported_fields_pass_validation_where_the_source_is_right() {
    // No error finding may point at a field the import filled from a correct synthetic source.
    let files = [
        import::import_835(&fixture("era-two-claims.835")).unwrap(),
        import::import_835(&fixture("era-odd-delimiters.835")).unwrap(),
        import::import_837p(&fixture("claims.837")).unwrap(),
        import::import_fhir(&fixture("eob-bundle.json")).unwrap(),
        import::import_fhir(&fixture("claim-contained.json")).unwrap(),
        import::import_fhir(&fixture("claimresponse-bundle.json")).unwrap(),
    ];
    for file in &files {
        for c in &file.cases {
            for f in validate::validate(&c.case, day("2025-03-20")).findings {
                if f.kind != FindingKind::DataError || f.severity == Severity::Info {
                    continue;
                }
                let field = f.field.clone().unwrap_or_default();
                let from_import = c.report.filled.iter().any(|filled| filled.field == field);
                assert!(!from_import, "{}: {} on imported field {field}: {}", c.case.case_id, f.code, f.message);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// FHIR R4

#[test]
fn fhir_eob_bundle_with_claim_and_references() {
    let file = import::import_fhir(&fixture("eob-bundle.json")).unwrap();
    assert_eq!(file.cases.len(), 1, "the Claim the EOB refers to completes the EOB's case");
    let eob = &file.cases[0];
    assert!(eob.auth_related);
    let d = &eob.case.claim;
    assert_eq!(d.claim.claim_number, "PSA-2025-0001", "the provider's number, from the Claim");
    assert_eq!(d.claim.payer_claim_number.as_deref(), Some("PAYERICN0001"));
    assert_eq!((d.patient.first_name.as_str(), d.patient.last_name.as_str()), ("Jane", "Doe"), "official name");
    assert_eq!(
        d.patient.member_id.as_deref(),
        Some("SYN123456789"),
        "Coverage.subscriberId wins over Patient.identifier"
    );
    assert_eq!(d.patient.group_number.as_deref(), Some("GRP-7788"));
    assert_eq!(d.patient.sex.as_deref(), Some("F"));
    assert_eq!((d.payer.name.as_str(), d.payer.fax.as_str()), ("Synthetic Health Plan", "(217) 555-0199"));
    assert_eq!((d.provider.npi.as_str(), d.provider.tin.as_str()), ("1555012347", "37-1234567"));
    assert_eq!(d.referring_provider.as_ref().unwrap().name, "Sunil Patel, MD");
    assert_eq!(d.claim.diagnoses, ["M51.16", "M54.16"], "diagnosisReference → Condition; decimal restored");
    assert_eq!(d.claim.lines[0].icd10_pointers, [Lenient::Valid(1), Lenient::Valid(2)]);
    assert_eq!(d.claim.lines[0].units, Lenient::Valid(1), "from the Claim: the EOB item has no quantity");
    assert_eq!(d.claim.place_of_service, "11");
    assert_eq!(d.claim.denial.date, "2025-03-04", "payment.date");
    assert_eq!((d.claim.denial.carc.as_str(), d.claim.denial.rarc.as_str()), ("197", "N54"));
    assert!(d.claim.denial.text.starts_with("Denied: no prior authorization on file."));
    assert_eq!(filled_from(&eob.report, "claim.patient.member_id"), "$.entry[3].resource.subscriberId");
    assert_eq!(eob.report.left_empty, ["claim.payer.retro_auth_window_days", "claim.reason_prior_auth_missing.code"]);
    assert!(file.report.unmapped.is_empty(), "every resource of the bundle was used: {:?}", file.report.unmapped);
    assert_no_patient_values(&file);
}

#[test]
fn fhir_claim_with_contained_resources() {
    let file = import::import_fhir(&fixture("claim-contained.json")).unwrap();
    let c = &file.cases[0];
    assert!(!c.auth_related);
    let d = &c.case.claim;
    assert_eq!(c.case.case_id, "LKI-0077");
    assert_eq!(d.patient.member_id.as_deref(), Some("SYN555000111"));
    assert_eq!(d.payer.name, "Synthetic Health Plan", "Coverage.payor → contained Organization");
    assert_eq!(d.provider.npi, "1555012388", "PractitionerRole → Practitioner");
    assert_eq!(d.provider.tin, "37-2222333", "PractitionerRole → Organization (identifier type TAX)");
    assert_eq!(d.claim.prior_authorization.as_ref().unwrap().number, "AUTH-2024-1234");
    assert_eq!(d.claim.diagnoses, ["G43.909", "R51.9"]);
    assert_eq!(d.claim.lines[0].icd10_pointers, [Lenient::Valid(2)]);
    assert_eq!(d.claim.lines[0].charge.as_text(), "2100", "unitPrice when there is no net");
    assert_eq!(d.claim.date_of_service.as_deref(), Some("2025-02-20"));
    assert_eq!(d.claim.place_of_service, "22");
}

#[test]
fn fhir_claim_response_bundle_with_urn_uuid_references() {
    let file = import::import_fhir(&fixture("claimresponse-bundle.json")).unwrap();
    assert_eq!(file.cases.len(), 1);
    let c = &file.cases[0];
    assert!(c.auth_related);
    let d = &c.case.claim;
    assert_eq!(d.claim.claim_number, "PSA-2025-0007");
    assert_eq!((d.claim.denial.carc.as_str(), d.claim.denial.rarc.as_str()), ("198", "N362"));
    assert_eq!(d.claim.denial.date, "2025-03-06", "created (a dateTime) → its date");
    assert_eq!(d.claim.lines[0].units, Lenient::Valid(12));
    assert_eq!(c.carc[0].line, Some(0), "itemSequence 1 → line 0");
    assert!(d.claim.denial.text.starts_with("Units exceed the authorization. Submit a retro request"));
}

#[test]
fn fhir_errors_name_the_json_position() {
    let err = import::import_fhir(&fixture("patient-only.json")).unwrap_err();
    assert_eq!(err.code, "no_claim_resource");
    let err = import::import_fhir("{\n  \"resourceType\": \"Claim\",\n  \"id\": \"x\"\n  \"item\": []\n}").unwrap_err();
    assert_eq!((err.code, err.at.as_str()), ("invalid_json", "line 4, column 3"));
    let err = import::import_fhir("[1, 2]").unwrap_err();
    assert_eq!((err.code, err.at.as_str()), ("not_fhir", "$"));
    let err = import::import_fhir("{\"resourceType\": 7}").unwrap_err();
    assert_eq!((err.code, err.at.as_str()), ("not_fhir", "$.resourceType"));
    // A quoted value in broken JSON never reaches the message.
    let err =
        import::import_fhir("{\"resourceType\": \"Claim\", \"patient\": {\"display\": \"Jane Secret\"} ").unwrap_err();
    assert!(!err.to_string().contains("Secret"), "{err}");
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert_eq!(import::import_fhir(&deep).unwrap_err().code, "invalid_json", "nesting limit, not a stack overflow");
}

/// Where the official examples are: `package/` as the brief has it, or the package root, which
/// is where npm extracts `hl7.fhir.r4.examples@4.0.1` (its tarball keeps the files at the top).
fn official_examples_dir() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/hl7.fhir.r4.examples");
    for dir in [root.join("package"), root.clone()] {
        if dir.join("ExplanationOfBenefit-EB3500.json").is_file() {
            return dir;
        }
    }
    panic!(
        "the official FHIR R4 examples are not installed: expected {}/package/ (or the package root) with \
         ExplanationOfBenefit-EB3500.json. Install the devDependency: `npm install` (or `npm install --no-save \
         hl7.fhir.r4.examples@4.0.1`) in {}",
        root.display(),
        env!("CARGO_MANIFEST_DIR")
    );
}

/// The warnings the official examples are expected to raise: references to resources that are
/// not in a single-resource file, dental/vision/pharmacy claim types and local code systems
/// (they are international examples, not US professional claims), the error examples, and the
/// preauthorization / predetermination examples (a request, not a claim: issue 10).
const EXPECTED_OFFICIAL_WARNINGS: [&str; 9] = [
    "unresolved_reference",
    "claim_type",
    "not_icd10",
    "not_cpt_hcpcs",
    "several_authorizations",
    "outcome_error",
    "payer_error",
    "prior_auth_request",
    "prior_auth_response",
];

fn official_claim_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with(".json")
                && ["ExplanationOfBenefit-", "Claim-", "ClaimResponse-"].iter().any(|prefix| name.starts_with(prefix))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn official_hl7_examples_import_with_listed_warnings_only() {
    let dir = official_examples_dir();
    let files = official_claim_files(&dir);
    assert_eq!(files.len(), 24, "hl7.fhir.r4.examples 4.0.1 has 17 Claim, 5 ClaimResponse and 2 EOB examples");
    println!("| example | cases | filled | unmapped | warnings |");
    println!("|---|---|---|---|---|");
    for path in &files {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let bytes = std::fs::read(path).unwrap();
        let file = import::import_any(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(file.format, Format::FhirR4);
        assert_eq!(file.cases.len(), 1, "{name}");
        let c = &file.cases[0];
        assert!(!c.case.claim.claim.claim_number.is_empty(), "{name}: a claim number (identifier or id)");
        assert_eq!(c.case.schema_version, "1.0");
        let mut codes = warning_codes(&c.report);
        codes.extend(warning_codes(&file.report));
        for code in &codes {
            assert!(
                EXPECTED_OFFICIAL_WARNINGS.contains(code),
                "{name}: unexpected warning {code}: {:?}",
                c.report.warnings
            );
        }
        let mut counted: Vec<String> = Vec::new();
        for code in EXPECTED_OFFICIAL_WARNINGS {
            let n = codes.iter().filter(|c| **c == code).count();
            if n > 0 {
                counted.push(format!("{code} ×{n}"));
            }
        }
        let unmapped: usize = c.report.unmapped.iter().map(|u| u.count).sum();
        println!("| {name} | 1 | {} | {unmapped} | {} |", c.report.filled.len(), counted.join(", "));
        // A case from real input survives a save and a reload.
        let json = c.case.to_json_pretty();
        assert_eq!(Case::from_json(&json).unwrap(), c.case, "{name}");
    }
}

#[test]
fn official_hl7_examples_in_one_bundle_resolve_their_references() {
    // The same examples put in one Bundle with the resources they refer to that the package has:
    // references then resolve, and EOB EB3500 picks up Claim 100150.
    let dir = official_examples_dir();
    let mut entries = Vec::new();
    let wanted = ["Patient-", "Organization-", "Practitioner-", "Coverage-", "Location-"];
    let mut paths = official_claim_files(&dir);
    let mut others: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| wanted.iter().any(|w| n.starts_with(w))))
        .collect();
    others.sort();
    paths.extend(others);
    for path in &paths {
        let resource: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let kind = resource["resourceType"].as_str().unwrap_or("").to_string();
        let id = resource["id"].as_str().unwrap_or("").to_string();
        entries.push(serde_json::json!({"fullUrl": format!("http://hl7.org/fhir/{kind}/{id}"), "resource": resource}));
    }
    let bundle = serde_json::json!({"resourceType": "Bundle", "type": "collection", "entry": entries});
    let file = import::import_fhir(&bundle.to_string()).unwrap();
    let eob = file
        .cases
        .iter()
        .find(|c| {
            c.report.source.contains("ExplanationOfBenefit")
                && c.case.claim.claim.payer_claim_number.as_deref() == Some("987654321")
        })
        .expect("EB3500");
    assert_eq!(eob.case.claim.claim.claim_number, "12345", "Claim/100150's identifier");
    assert!(!eob.case.claim.patient.last_name.is_empty(), "Patient/pat1 resolved");
    // Organization/1 and /2 and Coverage/9876B1 are in the package (Patient/1 is not): most
    // payer and provider references now resolve.
    let unresolved = |c: &ImportedCase| c.report.warnings.iter().filter(|w| w.code == "unresolved_reference").count();
    let in_bundle: usize = file.cases.iter().map(unresolved).sum();
    let alone: usize = official_claim_files(&dir)
        .iter()
        .flat_map(|p| import::import_fhir(&std::fs::read_to_string(p).unwrap()).unwrap().cases)
        .map(|c| unresolved(&c))
        .sum();
    println!("unresolved references: {alone} in single files, {in_bundle} in one bundle");
    assert!(in_bundle * 2 < alone, "{in_bundle} vs {alone}");
    let with_payer = file.cases.iter().filter(|c| !c.case.claim.payer.name.is_empty()).count();
    assert!(with_payer >= 15, "payer names resolved in {with_payer} cases");
    // Fewer cases than resources: Claims answered by an EOB or ClaimResponse are merged into them.
    assert!(file.cases.len() < 24, "{}", file.cases.len());
    let ids: std::collections::HashSet<&str> = file.cases.iter().map(|c| c.case.case_id.as_str()).collect();
    assert_eq!(ids.len(), file.cases.len(), "case ids are unique within a file");
}

// ---------------------------------------------------------------------------------------------
// Sniffing, streaming, progress

#[test]
fn import_any_sniffs_every_fixture() {
    for (name, format) in [
        ("era-two-claims.835", Format::X12_835),
        ("era-odd-delimiters.835", Format::X12_835),
        ("claims.837", Format::X12_837),
        ("eob-bundle.json", Format::FhirR4),
        ("claim-contained.json", Format::FhirR4),
    ] {
        let bytes = fixture(name).into_bytes();
        assert_eq!(import::sniff(&bytes), Some(format), "{name}");
        assert_eq!(import::import_any(&bytes).unwrap().format, format, "{name}");
    }
    assert_eq!(import::import_any(b"").unwrap_err().code, "empty");
    assert_eq!(import::import_any(b" \n").unwrap_err().code, "empty");
    assert_eq!(import::import_any(b"%PDF-1.7").unwrap_err().code, "unknown_format");
    assert_eq!(import::import_any(b"{\"a\": \"\xff\"}").unwrap_err().code, "not_utf8");
    // X12 with a Latin-1 byte in a name: imported, with a warning.
    let text = fixture("era-two-claims.835").replace("ROE", "RO\u{1}E");
    let bytes = text.into_bytes().into_iter().map(|b| if b == 1 { 0xC9 } else { b }).collect::<Vec<u8>>();
    let file = import::import_any(&bytes).unwrap();
    assert_eq!(warning_codes(&file.report), ["not_utf8"]);
    assert_eq!(file.cases.len(), 2);
}

#[test]
fn streaming_reports_progress_and_gives_the_same_cases() {
    let text = fixture("era-two-claims.835").repeat(3);
    let whole = import::import_835(&text).unwrap();
    assert_eq!(whole.cases.len(), 6);
    assert_eq!(whole.cases[2].case.case_id, "PSA-2025-0001-2", "duplicate claim numbers get unique case ids");
    assert!(warning_codes(&whole.cases[2].report).contains(&"duplicate_claim_number"));

    let mut stream = import::ClaimStream::new(&text, Format::X12_835).unwrap();
    let mut last = 0;
    let mut streamed = Vec::new();
    while let Some(c) = stream.next() {
        let progress = stream.progress();
        assert!(progress.bytes_done >= last && progress.bytes_done <= progress.bytes_total);
        assert_eq!(progress.cases, streamed.len() + 1);
        last = progress.bytes_done;
        streamed.push(c);
    }
    assert_eq!(stream.progress().bytes_done, text.len());
    let report = stream.finish();
    assert_eq!(streamed, whole.cases);
    assert_eq!(report, whole.report);

    let mut calls = Vec::new();
    let file = import::import_835_with_progress(&text, &mut |p| calls.push(p)).unwrap();
    assert_eq!(file, whole);
    assert_eq!(calls.len(), 7, "after each claim, then once at the end");
    assert_eq!(calls.last().map(|p| (p.bytes_done, p.cases)), Some((text.len(), 6)));
}

#[test]
fn several_files_at_once_join_and_list_what_to_offer() {
    use import::many::{SourceFile, import_many};
    let era = fixture("era-two-claims.835");
    let claims = fixture("claims.837");
    let files = [
        SourceFile { name: "claims.837", bytes: claims.as_bytes() },
        SourceFile { name: "notes.txt", bytes: b"not an import file" },
        SourceFile { name: "era.835", bytes: era.as_bytes() },
    ];
    let mut calls = Vec::new();
    let batch = import_many(&files, &mut |p| calls.push(p));
    let total = era.len() + claims.len() + "not an import file".len();
    assert!(calls.windows(2).all(|w| w[0].bytes_done <= w[1].bytes_done), "progress only grows");
    assert_eq!(calls.last().map(|p| (p.bytes_done, p.bytes_total, p.file, p.files)), Some((total, total, 2, 3)));
    assert_eq!(batch.joined, 1, "the 837 completes the remittance claim wherever it comes in the list");
    assert_eq!(batch.files.len(), 3);
    assert_eq!(batch.files[1].error.as_ref().map(|e| e.code), Some("unknown_format"));
    assert_eq!(batch.files[0].format, Some(Format::X12_837));
    let summary = batch.summary();
    assert_eq!(
        summary.files[1].error.as_deref(),
        Some("byte 0: not a recognised file: an X12 835/837 starts with ISA, a FHIR JSON file with {")
    );
    // The joined 837 claim is not listed on its own; the remittance claim says it was completed.
    let numbers: Vec<&str> = summary.claims.iter().map(|c| c.claim_number.as_str()).collect();
    assert_eq!(numbers.iter().filter(|n| **n == "PSA-2025-0001").count(), 1, "{numbers:?}");
    let first = &summary.claims[0];
    assert_eq!(first.claim_number, "PSA-2025-0001");
    assert!(first.offered && first.auth_related && first.completed_from_claims);
    assert_eq!(first.carc, ["CO-197"]);
    assert_eq!(first.rarc, ["M62", "N54"]);
    assert_eq!(first.status, "denied");
    assert_eq!(first.patient, "DOE, JANE");
    assert_eq!(first.left_empty, 2);
    assert_eq!(
        batch.detail(first.index).unwrap().left_empty,
        ["claim.payer.retro_auth_window_days", "claim.reason_prior_auth_missing.code"]
    );
    assert_eq!(batch.cases[first.index].imported.case.claim.patient.dob, "1970-04-12");
    // Offered first (authorization denial, then unjoined 837 claims), then the others.
    let order: Vec<(bool, bool)> = summary.claims.iter().map(|c| (c.auth_related, c.offered)).collect();
    assert!(order.windows(2).all(|w| w[0] >= w[1]), "{order:?}");
    let paid = summary.claims.iter().find(|c| c.claim_number == "PSA-2025-0002").unwrap();
    assert!(!paid.offered && !paid.auth_related);
    assert_eq!(paid.carc, ["CO-45", "PR-2"]);
    let unjoined: Vec<_> = summary.claims.iter().filter(|c| c.status == "claim").collect();
    assert!(!unjoined.is_empty() && unjoined.iter().all(|c| c.offered), "837 claims no remittance took up are offered");
    // The summary round-trips (the app reads it back).
    let json = serde_json::to_string(&summary).unwrap();
    assert_eq!(serde_json::from_str::<import::many::BatchSummary>(&json).unwrap(), summary);
}

#[test]
fn several_files_of_one_kind_and_an_empty_list() {
    use import::many::{SourceFile, import_many};
    let batch = import_many(&[], &mut |_| panic!("no progress without files"));
    assert!(batch.files.is_empty() && batch.cases.is_empty());
    let fhir = fixture("eob-bundle.json");
    let batch = import_many(&[SourceFile { name: "eob.json", bytes: fhir.as_bytes() }], &mut |_| {});
    assert_eq!(batch.files[0].format, Some(Format::FhirR4));
    assert_eq!(batch.summary().claims.len(), batch.cases.len());
    assert!(batch.summary().claims.iter().any(|c| c.offered));
}

#[test]
fn messages_never_quote_patient_values() {
    // Names, IDs and dates in odd places (segment IDs, qualifiers, amounts) never reach a message.
    let text = fixture("era-two-claims.835")
        .replace("CLP*PSA-2025-0001*4*1450", "CLP*PSA-2025-0001*4*JANEDOE1970")
        .replace("REF*1L*GRP-7788", "SYN123456789*1L*GRP-7788")
        .replace("DTM*472*20250115~\nCAS*CO*197*250", "DTM*472*DOEJANE~\nCAS*JANEDOE*197*SYN123456789");
    let file = import::import_835(&text).unwrap();
    let mut texts = report_texts(&file.report);
    for c in &file.cases {
        texts.extend(report_texts(&c.report));
    }
    for t in &texts {
        for secret in ["JANEDOE", "DOEJANE", "SYN123456789", "1970"] {
            assert!(!t.contains(secret), "{t:?} quotes {secret}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Property tests: nothing panics

const ISA: &str =
    "ISA*00*          *00*          *ZZ*S              *ZZ*R              *250101*1200*^*00501*000000001*0*P*:~";

/// Applies byte edits to `text` (each: position, kind, byte) and returns the result as bytes.
fn mutate(text: &str, edits: &[(usize, u8, u8)]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for (pos, kind, byte) in edits {
        if bytes.is_empty() {
            bytes.push(*byte);
            continue;
        }
        let at = pos % bytes.len();
        match kind % 5 {
            0 => bytes[at] = *byte,
            1 => {
                bytes.remove(at);
            }
            2 => bytes.insert(at, *byte),
            3 => bytes.truncate(at),
            _ => {
                // Duplicate a slice (repeats segments or JSON members).
                let end = (at + (*byte as usize)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
        }
    }
    bytes
}

fn check_x12(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for file in [import::import_835(&text), import::import_837p(&text)].into_iter().flatten() {
        for c in &file.cases {
            let _ = c.case.to_json_pretty();
            assert!(!c.case.case_id.is_empty());
        }
    }
    let _ = import::import_any(bytes);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = import::import_any(&bytes);
        let text = String::from_utf8_lossy(&bytes);
        let _ = import::import_835(&text);
        let _ = import::import_837p(&text);
        let _ = import::import_fhir(&text);
    }

    #[test]
    fn arbitrary_segments_after_a_valid_isa_never_panic(body in "[A-Z0-9*:^~>\\n|! .-]{0,400}") {
        check_x12(format!("{ISA}{body}").as_bytes());
        check_x12(format!("{ISA}GS*HP~ST*835*1~{body}").as_bytes());
        check_x12(format!("{ISA}GS*HC~ST*837*1*005010X222A1~HL*1**20*1~{body}").as_bytes());
    }

    #[test]
    fn mutated_835_never_panics(edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..8)) {
        check_x12(&mutate(&fixture("era-two-claims.835"), &edits));
        check_x12(&mutate(&fixture("era-odd-delimiters.835"), &edits));
    }

    #[test]
    fn mutated_837_never_panics(edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..8)) {
        check_x12(&mutate(&fixture("claims.837"), &edits));
    }

    #[test]
    fn mutated_fhir_never_panics(edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..8)) {
        for name in ["eob-bundle.json", "claim-contained.json", "claimresponse-bundle.json"] {
            let bytes = mutate(&fixture(name), &edits);
            let _ = import::import_any(&bytes);
            let _ = import::import_fhir(&String::from_utf8_lossy(&bytes));
        }
    }

    #[test]
    fn structurally_odd_fhir_never_panics(value in fhir_like(), kind in prop::sample::select(vec![
        "Claim", "ExplanationOfBenefit", "ClaimResponse", "Bundle",
    ])) {
        // Valid JSON with FHIR member names holding values of the wrong shape.
        let mut root = serde_json::json!({"resourceType": kind});
        if let (Some(object), serde_json::Value::Object(extra)) = (root.as_object_mut(), value) {
            object.extend(extra);
        }
        let _ = import::import_fhir(&root.to_string());
        let bundle = serde_json::json!({"resourceType": "Bundle", "entry": [{"fullUrl": "Claim/1", "resource": root}]});
        let _ = import::import_fhir(&bundle.to_string());
    }
}

/// JSON objects whose member names are FHIR's (so the mapper reads them) and whose values are
/// anything: strings, numbers, arrays, nested objects, references to each other.
fn fhir_like() -> impl Strategy<Value = serde_json::Value> {
    let keys = prop::sample::select(vec![
        "patient",
        "insurer",
        "provider",
        "insurance",
        "coverage",
        "diagnosis",
        "item",
        "total",
        "careTeam",
        "reference",
        "contained",
        "id",
        "resourceType",
        "identifier",
        "value",
        "coding",
        "code",
        "system",
        "adjudication",
        "reason",
        "category",
        "amount",
        "sequence",
        "diagnosisSequence",
        "quantity",
        "net",
        "servicedDate",
        "servicedPeriod",
        "start",
        "end",
        "name",
        "given",
        "family",
        "preAuthRef",
        "request",
        "claim",
        "entry",
        "resource",
        "fullUrl",
        "itemSequence",
        "type",
        "focal",
        "telecom",
        "address",
        "line",
        "billablePeriod",
        "payment",
        "date",
        "created",
        "disposition",
        "processNote",
        "text",
        "subscriberId",
        "class",
        "payor",
        "practitioner",
        "organization",
        "requester",
        "referral",
        "modifier",
        "unitPrice",
    ]);
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        prop::sample::select(vec![
            "#a",
            "Patient/1",
            "Claim/1",
            "urn:uuid:1",
            "Coverage/x/_history/2",
            "",
            "197",
            "N54"
        ])
        .prop_map(serde_json::Value::from),
        "\\PC{0,12}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(5, 64, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            proptest::collection::vec((keys.clone(), inner), 0..6).prop_map(|members| {
                serde_json::Value::Object(members.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

#[test]
fn the_detail_of_a_claim_lists_fills_codes_and_what_is_left() {
    use import::many::{SourceFile, import_many};
    let era = fixture("era-two-claims.835");
    let batch = import_many(&[SourceFile { name: "era.835", bytes: era.as_bytes() }], &mut |_| {});
    let summary = batch.summary();
    let detail = batch.detail(summary.claims[0].index).unwrap();
    assert_eq!(detail.file_name, "era.835");
    assert_eq!(detail.case.claim.claim.claim_number, "PSA-2025-0001");
    assert!(
        detail.filled.iter().any(|f| f.starts_with("claim.claim.denial.carc ← segments 17–32 (CAS")),
        "{:?}",
        detail.filled
    );
    assert!(detail.codes.iter().any(|c| c.starts_with("CO-197 (line 1): No authorization")), "{:?}", detail.codes);
    assert!(detail.codes.iter().any(|c| c.starts_with("M62")), "{:?}", detail.codes);
    assert!(detail.left_empty.contains(&"claim.patient.dob".to_string()), "an 835 has no date of birth");
    assert!(batch.detail(batch.cases.len()).is_none());
    let json = serde_json::to_string(&detail).unwrap();
    assert_eq!(serde_json::from_str::<import::many::CaseDetail>(&json).unwrap(), detail);
}
