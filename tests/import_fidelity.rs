//! Import fidelity on real-world file shapes (issue 10): FHIR STU3 detected and mapped with a
//! warning, CARIN Blue Button claim types, Synthea claim numbers, Da Vinci PAS review actions,
//! prior-authorization Claims, nested Bundles, an invalid BPR16 date, UTF-16 files and text
//! before the ISA. Fixtures are synthetic, in `tests/fixtures/import/fidelity/`, modelled on
//! the structure of the published specifications; variants are built from them in the tests.

use retroauth::core::import::{self, Format, ImportFile, ImportReport, ImportedCase};
use serde_json::{Value, json};
use std::path::Path;

fn bytes(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/fidelity").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text(name: &str) -> String {
    String::from_utf8(bytes(name)).expect("fixture is UTF-8")
}

fn json_fixture(name: &str) -> Value {
    serde_json::from_str(&text(name)).expect("fixture is JSON")
}

fn fhir(value: &Value) -> ImportFile {
    import::import_fhir(&value.to_string()).unwrap_or_else(|e| panic!("import failed: {e}"))
}

fn only(file: &ImportFile) -> &ImportedCase {
    assert_eq!(file.cases.len(), 1, "expected one case: {:?}", file.report);
    &file.cases[0]
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

fn warning<'a>(report: &'a ImportReport, code: &str) -> &'a import::ImportWarning {
    report
        .warnings
        .iter()
        .find(|w| w.code == code)
        .unwrap_or_else(|| panic!("no {code} warning: {:?}", report.warnings))
}

fn has_warning(report: &ImportReport, code: &str) -> bool {
    report.warnings.iter().any(|w| w.code == code)
}

fn codes(case: &ImportedCase) -> Vec<Option<&str>> {
    case.case.claim.claim.lines.iter().map(|l| l.cpt_or_hcpcs.as_deref()).collect()
}

// ---------------------------------------------------------------------------------------------
// 1. FHIR STU3

#[test]
fn stu3_eob_is_detected_and_its_procedure_codes_kept() {
    let file = fhir(&json_fixture("stu3-eob.json"));
    let case = only(&file);
    assert_eq!(codes(case), [Some("72148"), Some("99213")], "STU3 item.service codes are read");
    assert!(filled_from(&case.report, "claim.claim.lines[0].cpt_or_hcpcs").contains("item[0].service"));
    // The warning names the version, on the file and on the case.
    for report in [&file.report, &case.report] {
        let w = warning(report, "fhir_version");
        assert!(w.message.contains("STU3"), "{}", w.message);
        assert_eq!(w.at, "$.item[0].service");
    }
    assert!(file.report.source.contains("STU3"), "{}", file.report.source);
    // The other one-to-one renames.
    assert_eq!(case.case.claim.claim.lines[0].icd10_pointers.len(), 1, "diagnosisLinkId → pointer");
    assert_eq!(case.case.claim.patient.member_id.as_deref(), Some("SYN-STU3-0001"), "single insurance object");
    assert_eq!(case.case.claim.provider.npi, "1555012347", "organization → billing provider");
    assert!(filled_from(&case.report, "claim.claim.total_charge").contains("totalCost"));
    assert_eq!(case.case.claim.claim.claim_type, "professional", "STU3 ex-claimtype system");
    assert!(case.auth_related, "CARC 197 on the STU3 item is read");
    // Nothing about the renamed members is listed as unmapped; outcome (a CodeableConcept) is.
    let unmapped: Vec<&str> = case.report.unmapped.iter().map(|u| u.what.as_ref()).collect();
    assert!(!unmapped.iter().any(|u| u.contains("organization") || u.contains("totalCost")), "{unmapped:?}");
    assert!(!unmapped.iter().any(|u| u.contains("item.service") || u.contains("diagnosisLinkId")), "{unmapped:?}");
}

#[test]
fn stu3_is_detected_from_fhir_version_and_profiles_too() {
    // A `fhirVersion` in a CapabilityStatement of the Bundle.
    let mut r4_shaped = json_fixture("stu3-eob.json");
    let item = &mut r4_shaped["item"][0];
    item["productOrService"] = item["service"].take();
    item.as_object_mut().unwrap().remove("service");
    let bundle = json!({
        "resourceType": "Bundle", "type": "collection",
        "entry": [
            { "resource": { "resourceType": "CapabilityStatement", "status": "active", "fhirVersion": "3.0.2" } },
            { "resource": r4_shaped.clone() }
        ]
    });
    let file = fhir(&bundle);
    assert_eq!(warning(&file.report, "fhir_version").at, "$.entry[0].resource.fhirVersion");
    // A core profile with a 3.0 version.
    let mut profiled = json_fixture("carin-bb-eob.json");
    profiled["meta"] = json!({ "profile": ["http://hl7.org/fhir/StructureDefinition/ExplanationOfBenefit|3.0.1"] });
    let file = fhir(&profiled);
    assert_eq!(warning(&file.report, "fhir_version").at, "$.meta.profile[0]");
    // A /STU3/ profile.
    profiled["meta"] = json!({ "profile": ["https://fhir.example.invalid/STU3/StructureDefinition/eob"] });
    assert!(has_warning(&fhir(&profiled).report, "fhir_version"));
    // STU3 ClaimResponse: sequenceLinkId.
    let cr = json!({
        "resourceType": "ClaimResponse", "id": "cr", "identifier": [{ "value": "STU3-CR-1" }],
        "item": [{ "sequenceLinkId": 1, "adjudication": [{ "reason": { "coding": [{ "code": "197" }] } }] }]
    });
    let file = fhir(&cr);
    assert_eq!(warning(&file.report, "fhir_version").at, "$.item[0].sequenceLinkId");
    assert!(only(&file).auth_related);
}

#[test]
fn r4_files_get_no_version_warning_and_an_ig_version_is_not_a_fhir_release() {
    for name in ["carin-bb-eob.json", "synthea-eob-bundle.json", "pas-response-bundle.json", "nested-bundle.json"] {
        let file = fhir(&json_fixture(name));
        assert!(!has_warning(&file.report, "fhir_version"), "{name}: {:?}", file.report.warnings);
        assert!(file.report.source.contains("R4"), "{name}: {}", file.report.source);
    }
    // `|1.0.0` on an IG profile is the profile's version (not DSTU2).
    let mut eob = json_fixture("carin-bb-eob.json");
    eob["meta"] =
        json!({ "profile": ["http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-ExplanationOfBenefit|1.0.0"] });
    assert!(!has_warning(&fhir(&eob).report, "fhir_version"));
}

#[test]
fn dstu2_and_unknown_releases_are_refused_with_the_version_named() {
    let mut dstu2 = json_fixture("carin-bb-eob.json");
    dstu2["type"] = json!("professional");
    let error = import::import_fhir(&dstu2.to_string()).unwrap_err();
    assert_eq!(error.code, "unsupported_fhir_version");
    assert!(error.message.contains("DSTU2"), "{}", error.message);
    assert_eq!(error.at, "$.type");
    let bundle = json!({
        "resourceType": "Bundle", "type": "collection",
        "entry": [
            { "resource": { "resourceType": "CapabilityStatement", "fhirVersion": "9.9.9" } },
            { "resource": json_fixture("carin-bb-eob.json") }
        ]
    });
    let error = import::import_fhir(&bundle.to_string()).unwrap_err();
    assert_eq!(error.code, "unsupported_fhir_version");
    // R5 is read with a warning.
    let bundle = json!({
        "resourceType": "Bundle", "type": "collection",
        "entry": [
            { "resource": { "resourceType": "CapabilityStatement", "fhirVersion": "5.0.0" } },
            { "resource": json_fixture("carin-bb-eob.json") }
        ]
    });
    assert!(warning(&fhir(&bundle).report, "fhir_version").message.contains("R5"));
}

#[test]
fn an_item_without_a_procedure_code_is_never_dropped_silently() {
    let mut eob = json_fixture("carin-bb-eob.json");
    eob["item"][0].as_object_mut().unwrap().remove("productOrService");
    let file = fhir(&eob);
    let case = only(&file);
    assert_eq!(codes(case), [None]);
    assert_eq!(warning(&case.report, "no_procedure_code").at, "$.item[0].productOrService");
    // Text only, no coding: the same warning.
    let mut eob = json_fixture("carin-bb-eob.json");
    eob["item"][0]["productOrService"] = json!({ "text": "MRI lumbar spine" });
    assert!(has_warning(&only(&fhir(&eob)).report, "no_procedure_code"));
}

// ---------------------------------------------------------------------------------------------
// 2. CARIN Blue Button claim type

#[test]
fn carin_claim_type_prefers_the_hl7_claim_type_coding() {
    let file = fhir(&json_fixture("carin-bb-eob.json"));
    let case = only(&file);
    assert_eq!(case.case.claim.claim.claim_type, "professional");
    assert_eq!(filled_from(&case.report, "claim.claim.claim_type"), "$.type.coding[2].code");
    assert!(!has_warning(&case.report, "claim_type"));
    // Institutional, HL7 coding listed last after an NCH inpatient code.
    let mut eob = json_fixture("carin-bb-eob.json");
    eob["type"]["coding"] = json!([
        { "system": "https://bluebutton.cms.gov/resources/variables/nch_clm_type_cd", "code": "60" },
        { "system": "http://terminology.hl7.org/CodeSystem/claim-type", "code": "institutional" }
    ]);
    assert_eq!(only(&fhir(&eob)).case.claim.claim.claim_type, "institutional");
}

#[test]
fn nch_and_blue_button_codes_are_only_a_fallback() {
    let cases = [
        ("https://bluebutton.cms.gov/resources/variables/nch_clm_type_cd", "71", "professional"),
        ("https://bluebutton.cms.gov/resources/variables/nch_clm_type_cd", "82", "professional"),
        ("https://bluebutton.cms.gov/resources/variables/nch_clm_type_cd", "40", "institutional"),
        ("https://bluebutton.cms.gov/resources/variables/nch_clm_type_cd", "60", "institutional"),
        ("https://bluebutton.cms.gov/resources/codesystem/eob-type", "OUTPATIENT", "institutional"),
        ("https://bluebutton.cms.gov/resources/codesystem/eob-type", "CARRIER", "professional"),
    ];
    for (system, code, expected) in cases {
        let mut eob = json_fixture("carin-bb-eob.json");
        eob["type"]["coding"] = json!([{ "system": system, "code": code }]);
        let file = fhir(&eob);
        let case = only(&file);
        assert_eq!(case.case.claim.claim.claim_type, expected, "{system} {code}");
        assert!(filled_from(&case.report, "claim.claim.claim_type").contains("no HL7 claim-type coding"));
    }
    // A ClaimResponse without its Claim reads its own type the same way.
    let cr = json!({
        "resourceType": "ClaimResponse", "id": "cr", "identifier": [{ "value": "CR-TYPE-1" }],
        "type": { "coding": [
            { "system": "https://bluebutton.cms.gov/resources/variables/nch_clm_type_cd", "code": "40" },
            { "system": "http://terminology.hl7.org/CodeSystem/claim-type", "code": "institutional" }
        ] }
    });
    let file = fhir(&cr);
    assert_eq!(only(&file).case.claim.claim.claim_type, "institutional");
    assert_eq!(filled_from(&only(&file).report, "claim.claim.claim_type"), "$.type.coding[1].code");
    // An unknown system: the first code, kept as given and flagged.
    let mut eob = json_fixture("carin-bb-eob.json");
    eob["type"]["coding"] = json!([{ "system": "https://payer.example.invalid/types", "code": "MED" }]);
    let file = fhir(&eob);
    assert_eq!(only(&file).case.claim.claim.claim_type, "MED");
    assert!(has_warning(&only(&file).report, "claim_type"));
}

// ---------------------------------------------------------------------------------------------
// 3. Synthea / claim number from the EOB identifier

#[test]
fn synthea_eob_gets_its_identifier_as_claim_number() {
    let file = fhir(&json_fixture("synthea-eob-bundle.json"));
    let case = only(&file);
    assert_eq!(case.case.claim.claim.claim_number, "SYNTHEA-CLM-0001");
    let from = filled_from(&case.report, "claim.claim.claim_number");
    assert!(from.starts_with("$.entry[2].resource.identifier[0].value"), "{from}");
    assert!(from.contains("typed as the claim number"), "{from}");
    assert!(!has_warning(&case.report, "no_claim_number"));
    assert_eq!(case.case.case_id, "SYNTHEA-CLM-0001");
}

#[test]
fn claim_number_rules_typed_first_then_first_then_the_claim_reference() {
    // Typed (CARIN `uc`) beats the first identifier.
    let file = fhir(&json_fixture("carin-bb-eob.json"));
    let case = only(&file);
    assert_eq!(case.case.claim.claim.claim_number, "CARIN-UC-0001");
    assert!(filled_from(&case.report, "claim.claim.claim_number").starts_with("$.identifier[1].value"));
    // No typed identifier: the first, and the report says so.
    let mut bundle = json_fixture("synthea-eob-bundle.json");
    bundle["entry"][2]["resource"]["identifier"] =
        json!([{ "system": "urn:example:a", "value": "FIRST-1" }, { "system": "urn:example:b", "value": "SECOND-2" }]);
    let file = fhir(&bundle);
    assert_eq!(only(&file).case.claim.claim.claim_number, "FIRST-1");
    assert!(filled_from(&only(&file).report, "claim.claim.claim_number").contains("the first identifier"));
    // The claim reference's logical identifier (the provider's number) comes before the EOB's.
    let mut bundle = json_fixture("synthea-eob-bundle.json");
    bundle["entry"][2]["resource"]["claim"]["identifier"] = json!({ "value": "PROVIDER-CLM-9" });
    let file = fhir(&bundle);
    assert_eq!(only(&file).case.claim.claim.claim_number, "PROVIDER-CLM-9");
    assert!(filled_from(&only(&file).report, "claim.claim.claim_number").contains("claim.identifier.value"));
    // The Claim's own identifier still wins when it has one.
    let mut bundle = json_fixture("synthea-eob-bundle.json");
    bundle["entry"][1]["resource"]["identifier"] = json!([{ "value": "CLAIM-OWN-7" }]);
    assert_eq!(only(&fhir(&bundle)).case.claim.claim.claim_number, "CLAIM-OWN-7");
    // Claim outside the file, EOB with identifiers: the EOB's.
    let mut bundle = json_fixture("synthea-eob-bundle.json");
    bundle["entry"][2]["resource"]["claim"] = json!({ "reference": "urn:uuid:00000000-0000-4000-8000-0000000000ff" });
    let file = fhir(&bundle);
    assert_eq!(
        file.cases
            .iter()
            .find(|c| c.report.source.contains("ExplanationOfBenefit"))
            .unwrap()
            .case
            .claim
            .claim
            .claim_number,
        "SYNTHEA-CLM-0001"
    );
}

// ---------------------------------------------------------------------------------------------
// 4. Da Vinci PAS review actions

fn pas_with(code: &str) -> Value {
    let mut bundle = json_fixture("pas-response-bundle.json");
    bundle["entry"][0]["resource"]["item"][0]["adjudication"][0]["extension"][0]["extension"][0]["valueCodeableConcept"]
        ["coding"][0]["code"] = json!(code);
    bundle
}

#[test]
fn pas_denial_a3_is_a_case_with_status_and_reason() {
    let file = fhir(&json_fixture("pas-response-bundle.json"));
    let case = only(&file);
    assert!(case.auth_related, "a PAS denial is offered as a case");
    assert_eq!(file.auth_related().count(), 1);
    let remit = case.remit.as_ref().expect("status");
    assert_eq!(remit.status_code, "A3");
    assert!(remit.status.contains("not certified"), "{}", remit.status);
    let text = &case.case.claim.claim.denial.text;
    assert!(text.contains("not certified") && text.contains("A3") && text.contains("0U"), "{text}");
    assert!(text.contains("REVIEW-REF-0001"), "the payer's reference is kept: {text}");
    assert!(text.contains("line 1"), "{text}");
    assert!(
        filled_from(&case.report, "claim.claim.denial.text").contains("extension-reviewAction")
            || filled_from(&case.report, "claim.claim.denial.text").contains("adjudication[0].extension")
    );
    // The request's data completes the case.
    assert_eq!(codes(case), [Some("72148")]);
    assert_eq!(case.case.claim.claim.claim_number, "PAS-REQ-0001");
    assert_eq!(case.case.claim.claim.denial.date, "2025-03-10");
}

#[test]
fn pas_partial_and_modified_are_offered_pended_is_not() {
    for (code, offered) in [("A2", true), ("A6", true), ("A4", false), ("A1", false), ("C", false), ("CT", false)] {
        let file = fhir(&pas_with(code));
        let case = only(&file);
        assert_eq!(case.auth_related, offered, "{code}");
        assert_eq!(case.remit.as_ref().map(|r| r.status_code.as_str()), Some(code));
        assert_eq!(has_warning(&case.report, "pended"), code == "A4", "{code}");
    }
    // A1 with a number: the number is the prior authorization number.
    let case = fhir(&pas_with("A1")).cases.remove(0);
    assert_eq!(case.case.claim.claim.prior_authorization.map(|p| p.number).as_deref(), Some("REVIEW-REF-0001"));
}

#[test]
fn pas_worst_action_wins_and_older_shapes_are_read() {
    // Two items: A1 and A3 → A3.
    let mut bundle = json_fixture("pas-response-bundle.json");
    let mut approved = bundle["entry"][0]["resource"]["item"][0].clone();
    approved["itemSequence"] = json!(2);
    approved["adjudication"][0]["extension"][0]["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] =
        json!("A1");
    let items = bundle["entry"][0]["resource"]["item"].as_array_mut().unwrap();
    items.insert(0, approved);
    let file = fhir(&bundle);
    assert_eq!(only(&file).remit.as_ref().unwrap().status_code, "A3");
    assert!(only(&file).auth_related);
    // PAS 1.x: reviewAction on the item, code sub-extension named `code`.
    let mut bundle = json_fixture("pas-response-bundle.json");
    bundle["entry"][0]["resource"]["item"][0] = json!({
        "itemSequence": 1,
        "extension": [{
            "url": "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-reviewAction",
            "extension": [{ "url": "code", "valueCodeableConcept": { "coding": [{ "system": "https://codesystem.x12.org/005010/306", "code": "A3" }] } }]
        }]
    });
    let file = fhir(&bundle);
    assert_eq!(only(&file).remit.as_ref().unwrap().status_code, "A3");
    // Claim-level adjudication, HRex URL.
    let cr = json!({
        "resourceType": "ClaimResponse", "id": "cr", "use": "preauthorization", "identifier": [{ "value": "R-1" }],
        "adjudication": [{
            "category": { "coding": [{ "code": "submitted" }] },
            "extension": [{
                "url": "http://hl7.org/fhir/us/davinci-hrex/StructureDefinition/extension-reviewAction",
                "extension": [{ "url": "http://hl7.org/fhir/us/davinci-hrex/StructureDefinition/extension-reviewActionCode",
                                "valueCodeableConcept": { "coding": [{ "code": "A4" }] } }]
            }]
        }]
    });
    let file = fhir(&cr);
    assert_eq!(only(&file).remit.as_ref().unwrap().status_code, "A4");
    assert!(warning(&only(&file).report, "pended").at.starts_with("$.adjudication[0].extension[0]"));
}

// ---------------------------------------------------------------------------------------------
// 5. Smaller items

#[test]
fn a_prior_auth_claim_is_not_a_remittance() {
    for (use_, words) in [("preauthorization", "prior-authorization"), ("predetermination", "predetermination")] {
        let mut claim = json_fixture("preauth-claim.json");
        claim["use"] = json!(use_);
        let file = fhir(&claim);
        let case = only(&file);
        assert!(!case.auth_related);
        assert!(case.remit.is_none());
        for report in [&file.report, &case.report] {
            let w = warning(report, "prior_auth_request");
            assert!(w.message.contains(words) && w.message.contains("not a claim"), "{}", w.message);
            assert_eq!(w.at, "$.use");
        }
    }
    // A plain claim gets no such warning.
    let mut claim = json_fixture("preauth-claim.json");
    claim["use"] = json!("claim");
    assert!(!has_warning(&fhir(&claim).report, "prior_auth_request"));
    // A PAS ClaimResponse without review actions says what it is.
    let mut bundle = json_fixture("pas-response-bundle.json");
    bundle["entry"][0]["resource"]["item"][0]["adjudication"][0].as_object_mut().unwrap().remove("extension");
    let file = fhir(&bundle);
    assert!(has_warning(&only(&file).report, "prior_auth_response"));
    assert!(!only(&file).auth_related);
}

#[test]
fn nested_bundles_are_read() {
    let file = fhir(&json_fixture("nested-bundle.json"));
    let case = only(&file);
    assert_eq!(case.case.claim.claim.claim_number, "NESTED-CLM-0001");
    assert_eq!(case.case.claim.patient.last_name, "Nested", "references resolve across nesting");
    assert!(case.report.source.contains("$.entry[1].resource.entry[0].resource"), "{}", case.report.source);
    assert!(case.auth_related);
    assert!(file.report.source.contains("nested"), "{}", file.report.source);
    // Three levels deep still reads.
    let inner = json_fixture("nested-bundle.json");
    let deeper = json!({ "resourceType": "Bundle", "type": "collection", "entry": [{ "resource": inner }] });
    assert_eq!(fhir(&deeper).cases.len(), 1);
}

#[test]
fn too_deep_or_empty_nested_bundles_get_an_accurate_message() {
    let mut value = json_fixture("nested-bundle.json");
    for _ in 0..5 {
        value = json!({ "resourceType": "Bundle", "type": "collection", "entry": [{ "resource": value }] });
    }
    let error = import::import_fhir(&value.to_string()).unwrap_err();
    assert_eq!(error.code, "bundle_too_deep");
    assert!(error.message.contains("nested"), "{}", error.message);
    assert!(error.at.starts_with("$.entry[0].resource.entry[0].resource"), "{}", error.at);
    let empty = json!({
        "resourceType": "Bundle", "type": "collection",
        "entry": [{ "resource": { "resourceType": "Bundle", "type": "searchset", "entry": [{ "resource": { "resourceType": "Patient", "id": "p" } }] } }]
    });
    let error = import::import_fhir(&empty.to_string()).unwrap_err();
    assert_eq!(error.code, "no_claim_resource");
    assert!(error.message.contains("1 Bundle(s) inside it"), "{}", error.message);
}

#[test]
fn an_invalid_bpr16_date_is_a_warning_naming_the_segment() {
    let base = text("era-bad-bpr16.835");
    for (date, bad) in
        [("20251340", true), ("20250230", true), ("20250229", true), ("20240229", false), ("20250304", false)]
    {
        let input = base.replace("20251340~", &format!("{date}~"));
        let file = import::import_835(&input).unwrap();
        let w = file.report.warnings.iter().find(|w| w.code == "bad_date");
        assert_eq!(w.is_some(), bad, "{date}: {:?}", file.report.warnings);
        if let Some(w) = w {
            assert_eq!(w.at, "segment 4 (BPR16)");
            assert!(w.message.contains("BPR16"));
            assert!(!w.message.contains(date), "no values in messages");
            assert_eq!(
                file.cases[0].case.claim.claim.denial.date,
                format!("{}-{}-{}", &date[..4], &date[4..6], &date[6..])
            );
        }
    }
}

fn same_claims(a: &ImportFile, b: &ImportFile) {
    assert_eq!(a.cases.len(), b.cases.len());
    for (x, y) in a.cases.iter().zip(&b.cases) {
        assert_eq!(x.case, y.case);
    }
}

#[test]
fn utf16_files_with_a_bom_are_decoded() {
    let plain = import::import_any(text("era-mail-header.835").as_bytes()).unwrap();
    assert_eq!(plain.cases.len(), 1);
    for (name, order) in [("era-utf16le-bom.835", "little-endian"), ("era-utf16be-bom.835", "big-endian")] {
        let file = import::import_any(&bytes(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(file.format, Format::X12_835);
        same_claims(&file, &plain);
        let w = warning(&file.report, "utf16");
        assert!(w.message.contains(order) && w.message.contains("byte-order mark"), "{}", w.message);
        assert!(!has_warning(&file.report, "leading_text"));
    }
    // UTF-16 and a text line before the ISA.
    let file = import::import_any(&bytes("era-utf16le-mail.835")).unwrap();
    same_claims(&file, &plain);
    assert!(has_warning(&file.report, "utf16") && has_warning(&file.report, "leading_text"));
    // UTF-16 FHIR JSON, and without a byte-order mark.
    let json = text("carin-bb-eob.json");
    let utf8 = import::import_any(json.as_bytes()).unwrap();
    let le: Vec<u8> = json.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(json.encode_utf16().flat_map(u16::to_be_bytes)).collect();
    for input in [le, be] {
        let file = import::import_any(&input).unwrap();
        assert_eq!(file.format, Format::FhirR4);
        same_claims(&file, &utf8);
    }
    // An unpaired surrogate becomes U+FFFD with a count, never a panic.
    let mut broken: Vec<u8> = vec![0xFF, 0xFE];
    broken.extend(text("era-mail-header.835").encode_utf16().flat_map(u16::to_le_bytes));
    broken.extend([0x00, 0xD8]);
    let file = import::import_any(&broken).unwrap();
    assert!(warning(&file.report, "utf16").message.contains("1 invalid"));
}

#[test]
fn text_before_the_isa_is_skipped_with_a_count() {
    let input = text("era-mail-header.835");
    let skipped = input.find("ISA").unwrap();
    for file in [import::import_any(input.as_bytes()).unwrap(), import::import_835(&input).unwrap()] {
        let w = warning(&file.report, "leading_text");
        assert!(w.message.starts_with(&format!("{skipped} byte(s)")), "{}", w.message);
        assert_eq!(file.cases.len(), 1);
        assert_eq!(file.cases[0].case.claim.claim.claim_number, "FID-0001");
    }
    // Blank lines only: no warning.
    let blank = format!("\r\n\n  \n{}", &input[skipped..]);
    assert!(!has_warning(&import::import_any(blank.as_bytes()).unwrap().report, "leading_text"));
    // "ISA" in the middle of a line, or no readable ISA at all, is still not X12.
    for junk in [format!("see ISA below {}", &input[skipped..]), "Subject: hello\nISA is not here\n".to_string()] {
        let error = import::import_any(junk.as_bytes()).unwrap_err();
        assert_eq!(error.code, "unknown_format", "{junk:?}");
    }
    // An 837 after a banner line.
    let claims =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/claims.837"))
            .unwrap();
    let file = import::import_any(format!("=== batch ===\n{claims}").as_bytes()).unwrap();
    assert_eq!(file.format, Format::X12_837);
    assert!(has_warning(&file.report, "leading_text"));
    assert_eq!(file.cases.len(), import::import_837p(&claims).unwrap().cases.len());
}
