//! Joining claims files to remittance claims never mixes two patients: the same claim
//! number alone never joins; the patient (member ID, or name + date of birth) must match and the
//! service dates overlap; claims not joined say why (which fields, never their values).

use retroauth::core::import::join::{self, ClaimsFile, PatientMatch};
use retroauth::core::import::many::{SourceFile, import_many};
use retroauth::core::import::{self, Format, ImportFile, ImportedCase};
use retroauth::core::model::Case;
use std::path::Path;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)).unwrap()
}

fn remittance() -> ImportFile {
    import::import_any(fixture("join-remittance.835").as_bytes()).unwrap()
}

fn claims() -> ImportFile {
    import::import_any(fixture("join-claims.837").as_bytes()).unwrap()
}

fn joined(remit: &mut ImportFile, claims: &ImportFile, name: &str) -> join::JoinOutcome {
    join::join_files(remit, &[ClaimsFile { name, file: claims }])
}

fn by_patient<'a>(file: &'a ImportFile, claim: &str, first: &str) -> &'a ImportedCase {
    file.cases
        .iter()
        .find(|c| c.case.claim.claim.claim_number == claim && c.case.claim.patient.first_name == first)
        .unwrap_or_else(|| panic!("no claim {claim} for {first}"))
}

fn warnings<'a>(case: &'a ImportedCase, code: &str) -> Vec<&'a str> {
    case.report.warnings.iter().filter(|w| w.code == code).map(|w| w.message.as_str()).collect()
}

/// Nothing of the claims-file patient reached the remittance claim.
fn untouched(case: &ImportedCase) {
    let c = &case.case.claim;
    assert_eq!(c.patient.dob, "", "no date of birth from another patient");
    assert!(c.claim.diagnoses.is_empty(), "no diagnoses from another patient");
    assert!(c.patient.sex.is_none());
    assert!(c.claim.lines.iter().all(|l| l.icd10_pointers.is_empty()));
    assert!(!case.report.filled.iter().any(|f| f.from.contains("join-claims.837")), "{:?}", case.report.filled);
}

#[test]
fn another_patient_with_the_same_claim_number_is_not_joined_and_the_report_says_why() {
    let mut remit = remittance();
    let claims = claims();
    let outcome = joined(&mut remit, &claims, "join-claims.837");
    let quinn = by_patient(&remit, "XP-1001", "AVERY");
    untouched(quinn);
    let why = warnings(quinn, "not_joined");
    assert_eq!(
        why,
        ["claims file join-claims.837 has a claim with this claim number but a different patient (member ID, last \
          name and first name differ): not joined"]
    );
    // The message names fields, never values.
    for value in ["MORROW", "BLAKE", "SYN300000099", "1961", "QUINN", "AVERY", "SYN300000001"] {
        assert!(!quinn.report.warnings.iter().any(|w| w.message.contains(value) || w.at.contains(value)), "{value}");
    }
    assert!(!outcome.completed[0]);
    assert!(outcome.not_joined >= 1);
}

#[test]
fn the_same_patient_joins_despite_case_accents_and_dashes() {
    let mut remit = remittance();
    let claims = claims();
    joined(&mut remit, &claims, "join-claims.837");
    let muller = by_patient(&remit, "XP-1002", "CASEY");
    assert_eq!(muller.case.claim.patient.dob, "1980-05-06", "MÜLLER/syn-300000002 = MULLER/SYN300000002");
    assert_eq!(muller.case.claim.claim.diagnoses, ["M54.16"]);
    assert_eq!(muller.case.claim.patient.last_name, "MULLER", "the remittance's value is kept");
    assert!(muller.report.warnings.iter().all(|w| !w.code.starts_with("join") && w.code != "not_joined"));
    assert!(
        muller.report.filled.iter().any(|f| f.field == "claim.patient.dob" && f.from.starts_with("join-claims.837: "))
    );
}

#[test]
fn the_same_patient_on_other_dates_is_not_joined() {
    let mut remit = remittance();
    let claims = claims();
    joined(&mut remit, &claims, "join-claims.837");
    let elan = by_patient(&remit, "XP-1003", "DANA");
    untouched(elan);
    assert_eq!(
        warnings(elan, "not_joined"),
        ["claims file join-claims.837 has a claim with this claim number for the same patient, but its service dates \
          do not overlap this claim's: not joined"]
    );
}

#[test]
fn without_a_member_id_on_both_the_name_joins_with_a_warning() {
    let mut remit = remittance();
    let claims = claims();
    joined(&mut remit, &claims, "join-claims.837");
    let irving = by_patient(&remit, "XP-1004", "PAT");
    assert_eq!(irving.case.claim.patient.dob, "1969-09-09");
    assert_eq!(warnings(irving, "joined_on_name").len(), 1);
    assert_eq!(irving.case.claim.patient.member_id.as_deref(), Some("SYN300000004"), "filled from the 837");
}

#[test]
fn one_claim_number_for_several_patients_joins_each_to_its_own() {
    let mut remit = remittance();
    let claims = claims();
    let outcome = joined(&mut remit, &claims, "join-claims.837");
    let jamie = by_patient(&remit, "DUP-9", "JAMIE");
    let riley = by_patient(&remit, "DUP-9", "RILEY");
    let jordan = by_patient(&remit, "DUP-9", "JORDAN");
    assert_eq!(
        (jamie.case.claim.patient.dob.as_str(), jamie.case.claim.claim.diagnoses[0].as_str()),
        ("2001-01-01", "M54.5")
    );
    assert_eq!(
        (riley.case.claim.patient.dob.as_str(), riley.case.claim.claim.diagnoses[0].as_str()),
        ("1999-02-02", "M54.50")
    );
    untouched(jordan);
    assert_eq!(warnings(jordan, "not_joined").len(), 2, "one per candidate: {:?}", jordan.report.warnings);
    // Each 837 claim is used once, and the Jordan Evans remittance claim by none.
    let used = &outcome.used[0];
    let used_numbers: Vec<(&str, &str)> = claims
        .cases
        .iter()
        .zip(used)
        .filter(|(_, u)| **u)
        .map(|(c, _)| (c.case.claim.claim.claim_number.as_str(), c.case.claim.patient.first_name.as_str()))
        .collect();
    assert!(
        used_numbers.contains(&("DUP-9", "JAMIE")) && used_numbers.contains(&("DUP-9", "RILEY")),
        "{used_numbers:?}"
    );
}

#[test]
fn two_matching_claims_are_ambiguous_and_not_joined() {
    let mut remit = remittance();
    let claims = claims();
    joined(&mut remit, &claims, "join-claims.837");
    let grant = by_patient(&remit, "XP-1005", "LEE");
    untouched(grant);
    assert_eq!(
        warnings(grant, "join_ambiguous"),
        ["claims file join-claims.837 has 2 claims with this claim number for this patient: not joined (ambiguous); \
          complete the case by hand"]
    );
}

#[test]
fn a_twin_with_the_same_member_id_is_another_patient() {
    let mut remit = remittance();
    let claims = claims();
    joined(&mut remit, &claims, "join-claims.837");
    let morgan = by_patient(&remit, "XP-1006", "MORGAN");
    untouched(morgan);
    assert_eq!(
        warnings(morgan, "not_joined"),
        ["claims file join-claims.837 has a claim with this claim number but a different patient (first name \
          differs): not joined"]
    );
}

#[test]
fn a_truncated_claims_file_joins_with_its_warnings() {
    let mut remit = remittance();
    let truncated = import::import_any(fixture("join-truncated.837").as_bytes()).unwrap();
    assert!(!truncated.report.warnings.is_empty(), "the truncation is reported");
    joined(&mut remit, &truncated, "join-truncated.837");
    let muller = by_patient(&remit, "XP-1002", "CASEY");
    assert_eq!(muller.case.claim.patient.dob, "1980-05-06");
    let flagged = warnings(muller, "claims_file_warnings");
    assert_eq!(flagged.len(), 1, "{:?}", muller.report.warnings);
    assert!(flagged[0].contains("join-truncated.837"), "{flagged:?}");
}

fn patient(last: &str, first: &str, dob: &str, member: Option<&str>) -> Case {
    let mut case = Case::default();
    case.claim.patient.last_name = last.to_string();
    case.claim.patient.first_name = first.to_string();
    case.claim.patient.dob = dob.to_string();
    case.claim.patient.member_id = member.map(str::to_string);
    case
}

#[test]
fn the_patient_rule_on_its_vectors() {
    use PatientMatch::*;
    let remit = patient("Doe", "Jane", "", Some("SYN-1"));
    let same = |notes: Vec<&'static str>| Same { notes };
    let cases: Vec<(Case, Case, PatientMatch)> = vec![
        // Member ID equal, no name conflict.
        (remit.clone(), patient("DOE", "JANE", "1970-04-12", Some("syn1")), same(vec![])),
        (remit.clone(), patient("", "", "1970-04-12", Some("SYN 1")), same(vec![])),
        // Member ID equal but another first name (twins, family on one ID): not the same.
        (remit.clone(), patient("Doe", "John", "1970-04-12", Some("SYN-1")), Different(vec!["first name"])),
        // Member ID differs, no date of birth to confirm the name: not the same.
        (remit.clone(), patient("Doe", "Jane", "1970-04-12", Some("SYN-2")), Different(vec!["member ID"])),
        // Everything differs.
        (
            remit.clone(),
            patient("Roe", "Rita", "", Some("SYN-2")),
            Different(vec!["member ID", "last name", "first name"]),
        ),
        // No member ID on one side: the name joins (weaker: a warning).
        (remit.clone(), patient("Doe", "Jane", "1970-04-12", None), same(vec!["joined_on_name"])),
        (patient("Doe", "Jane", "", None), patient("DOE", "JANE", "", Some("X")), same(vec!["joined_on_name"])),
        // Name and date of birth equal: the same patient even with different member IDs.
        (
            patient("Núñez", "José", "1980-01-02", Some("A1")),
            patient("NUNEZ", "JOSE", "19800102", Some("B2")),
            same(vec!["joined_member_id_differs"]),
        ),
        (patient("Núñez", "José", "1980-01-02", None), patient("NUNEZ", "JOSE", "19800102", None), same(vec![])),
        // Same name, another date of birth: not the same, whatever the member ID.
        (
            patient("Doe", "Jane", "1980-01-02", Some("SYN-1")),
            patient("Doe", "Jane", "1981-01-02", Some("SYN-1")),
            Different(vec!["date of birth"]),
        ),
        // Nothing to compare.
        (patient("", "", "", None), patient("Doe", "Jane", "1980-01-02", Some("A")), Unconfirmed),
        (patient("Doe", "", "", None), patient("Doe", "Jane", "", None), Unconfirmed),
    ];
    for (i, (a, b, expected)) in cases.into_iter().enumerate() {
        assert_eq!(join::compare_patients(&a, &b), expected, "vector {i}");
        assert_eq!(join::compare_patients(&b, &a), expected, "vector {i} is symmetric");
    }
}

#[test]
fn service_dates_overlap_by_span() {
    let mut a = Case::default();
    let mut b = Case::default();
    assert!(join::dates_overlap(&a, &b), "no dates: not checked");
    a.claim.claim.from = Some("2025-01-01".into());
    a.claim.claim.to = Some("2025-01-10".into());
    assert!(join::dates_overlap(&a, &b), "one side without dates: not checked");
    b.claim.claim.date_of_service = Some("2025-01-10".into());
    assert!(join::dates_overlap(&a, &b), "the last day overlaps");
    b.claim.claim.date_of_service = Some("20250111".into());
    assert!(!join::dates_overlap(&a, &b), "the day after does not");
    b.claim.claim.date_of_service = Some("not a date".into());
    assert!(join::dates_overlap(&a, &b), "unreadable dates are not compared");
}

#[test]
fn import_many_joins_only_the_same_patient_and_lists_why_not() {
    let era = fixture("join-remittance.835");
    let claims = fixture("join-claims.837");
    let batch = import_many(
        &[
            SourceFile { name: "join-claims.837", bytes: claims.as_bytes() },
            SourceFile { name: "era.835", bytes: era.as_bytes() },
        ],
        &mut |_| {},
    );
    // XP-1002, XP-1004, DUP-9 (Jamie), DUP-9 (Riley).
    assert_eq!(batch.joined, 4);
    let summary = batch.summary();
    let quinn = summary.claims.iter().find(|c| c.claim_number == "XP-1001" && c.status == "denied").unwrap();
    assert!(!quinn.completed_from_claims);
    assert_eq!(quinn.not_joined.len(), 1);
    assert!(
        quinn.not_joined[0].contains("different patient (member ID, last name and first name differ)"),
        "{:?}",
        quinn.not_joined
    );
    let detail = batch.detail(quinn.index).unwrap();
    assert_eq!(detail.case.claim.patient.dob, "");
    assert!(detail.case.claim.claim.diagnoses.is_empty());
    assert!(detail.warnings.iter().any(|w| w.contains("not joined")), "{:?}", detail.warnings);
    // The other patient's 837 claim is offered on its own, not merged away.
    let morrow = summary.claims.iter().find(|c| c.claim_number == "XP-1001" && c.status == "claim").unwrap();
    assert!(morrow.offered);
    assert_eq!(morrow.patient, "MORROW, BLAKE");
    // Merged 837 claims are not listed; completed remittance claims say so.
    let dup: Vec<_> = summary.claims.iter().filter(|c| c.claim_number == "DUP-9").collect();
    assert_eq!(dup.len(), 3, "the three remittance claims; both 837 claims were merged: {dup:?}");
    assert_eq!(dup.iter().filter(|c| c.completed_from_claims).count(), 2);
    // Ambiguous XP-1005: both 837 claims stay listed and offered.
    assert_eq!(summary.claims.iter().filter(|c| c.claim_number == "XP-1005" && c.status == "claim").count(), 2);
}

#[test]
fn two_remittances_are_never_joined_to_each_other() {
    let era = fixture("join-remittance.835");
    let batch = import_many(
        &[SourceFile { name: "a.835", bytes: era.as_bytes() }, SourceFile { name: "b.835", bytes: era.as_bytes() }],
        &mut |_| {},
    );
    assert_eq!(batch.joined, 0);
    assert!(batch.cases.iter().all(|c| !c.merged && !c.completed));
    assert!(batch.cases.iter().all(|c| c.imported.case.claim.patient.dob.is_empty()));
    // A FHIR remittance with an 835: neither completes the other.
    let eob = fixture("eob-bundle.json");
    let batch = import_many(
        &[SourceFile { name: "eob.json", bytes: eob.as_bytes() }, SourceFile { name: "a.835", bytes: era.as_bytes() }],
        &mut |_| {},
    );
    assert_eq!(batch.joined, 0);
    assert!(batch.cases.iter().all(|c| !c.merged));
}

#[test]
fn file_roles() {
    let era = remittance();
    let claims = claims();
    let eob = import::import_any(fixture("eob-bundle.json").as_bytes()).unwrap();
    let claim = import::import_any(fixture("claim-contained.json").as_bytes()).unwrap();
    assert!(join::is_remittance_file(&era) && !join::is_claims_file(&era));
    assert!(join::is_claims_file(&claims) && !join::is_remittance_file(&claims));
    assert!(join::is_remittance_file(&eob) && !join::is_claims_file(&eob));
    assert_eq!(claim.format, Format::FhirR4);
    assert!(join::is_claims_file(&claim) && !join::is_remittance_file(&claim));
    // A remittance given as a claims file completes nothing.
    let mut target = remittance();
    let outcome = joined(&mut target, &remittance(), "era.835");
    assert_eq!(outcome.joined, 0);
    assert_eq!(target, remittance());
}

#[test]
fn a_fhir_claim_of_another_patient_is_not_joined_either() {
    // claim-contained.json is LKI-0077 for Emma Stone (member SYN555000111); the remittance
    // below has LKI-0077 for someone else.
    let era =
        fixture("era-odd-delimiters.835").replace("STONE|EMMA||||MI|SYN555000111", "WEST|OLIVE||||MI|SYN555000999");
    assert_ne!(era, fixture("era-odd-delimiters.835"));
    let mut remit = import::import_any(era.as_bytes()).unwrap();
    let claim = import::import_any(fixture("claim-contained.json").as_bytes()).unwrap();
    let outcome = joined(&mut remit, &claim, "claim.json");
    assert_eq!(outcome.joined, 0);
    let west = remit.cases.iter().find(|c| c.case.claim.claim.claim_number == "LKI-0077").unwrap();
    assert_eq!(west.case.claim.patient.dob, "");
    assert_eq!(warnings(west, "not_joined").len(), 1);
    // The same file with the right patient joins.
    let mut remit = import::import_any(fixture("era-odd-delimiters.835").as_bytes()).unwrap();
    assert_eq!(joined(&mut remit, &claim, "claim.json").joined, 1);
    let stone = remit.cases.iter().find(|c| c.case.claim.claim.claim_number == "LKI-0077").unwrap();
    assert_eq!(stone.case.claim.patient.dob, "1988-09-30");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    // A small alphabet so that equal, equal-after-normalisation and different values all occur.
    fn value() -> impl Strategy<Value = String> {
        prop_oneof![Just(String::new()), "[aAéÉ -]{1,3}", "[0-9-]{1,4}"]
    }

    fn case_of(last: String, first: String, dob: String, id: Option<String>) -> Case {
        let mut case = Case::default();
        case.claim.patient.last_name = last;
        case.claim.patient.first_name = first;
        case.claim.patient.dob = dob;
        case.claim.patient.member_id = id;
        case
    }

    fn side() -> impl Strategy<Value = Case> {
        (value(), value(), value(), proptest::option::of(value())).prop_map(|(l, f, d, i)| case_of(l, f, d, i))
    }

    proptest! {
        #[test]
        fn the_rule_is_symmetric_and_never_overlooks_a_conflict(a in side(), b in side()) {
            let verdict = join::compare_patients(&a, &b);
            prop_assert_eq!(&verdict, &join::compare_patients(&b, &a));
            if let PatientMatch::Same { .. } = verdict {
                let (p, q) = (&a.claim.patient, &b.claim.patient);
                let differs = |x: String, y: String| !x.is_empty() && !y.is_empty() && x != y;
                prop_assert!(!differs(join::normal_name(&p.last_name), join::normal_name(&q.last_name)));
                prop_assert!(!differs(join::normal_name(&p.first_name), join::normal_name(&q.first_name)));
                let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
                prop_assert!(!differs(digits(&p.dob), digits(&q.dob)));
                let id = |c: &Case| join::normal_member_id(c.claim.patient.member_id.as_deref().unwrap_or(""));
                let same_id = !id(&a).is_empty() && id(&a) == id(&b);
                let same_name = !join::normal_name(&p.last_name).is_empty()
                    && !join::normal_name(&p.first_name).is_empty()
                    && join::normal_name(&p.last_name) == join::normal_name(&q.last_name)
                    && join::normal_name(&p.first_name) == join::normal_name(&q.first_name);
                prop_assert!(same_id || same_name, "joined without evidence: {:?} / {:?}", p, q);
                if !same_id && differs(id(&a), id(&b)) {
                    prop_assert!(!digits(&p.dob).is_empty() && digits(&p.dob) == digits(&q.dob));
                }
            }
        }
    }
}

#[test]
fn a_dependents_837_member_id_is_the_subscribers_so_the_name_decides() {
    // claims.837 has PSA-2025-0003 for Lily Moss, a dependent (2000C) under Frank Moss's ID.
    let era = |last_first: &str| {
        fixture("era-two-claims.835")
            .replace("CLP*PSA-2025-0002*1*300*240*20", "CLP*PSA-2025-0003*4*480*0*")
            .replace("NM1*QC*1*ROE*RICHARD****MI*SYN987654321", &format!("NM1*QC*1*{last_first}****MI*SYNLILY0001"))
            .replace("20250201", "20250203")
    };
    let claims = import::import_any(fixture("claims.837").as_bytes()).unwrap();
    let mut remit = import::import_any(era("MOSS*LILY").as_bytes()).unwrap();
    joined(&mut remit, &claims, "claims.837");
    let lily = remit.cases.iter().find(|c| c.case.claim.claim.claim_number == "PSA-2025-0003").unwrap();
    assert_eq!(lily.case.claim.patient.dob, "2015-06-07", "her own ID against the subscriber's is no conflict");
    assert_eq!(warnings(lily, "joined_on_name").len(), 1, "{:?}", lily.report.warnings);
    assert_eq!(lily.case.claim.patient.member_id.as_deref(), Some("SYNLILY0001"), "the remittance's ID is kept");
    // Her sibling (or the subscriber) on the remittance is another patient.
    for other in ["MOSS*FRANK", "MOSS*LUCY"] {
        let mut remit = import::import_any(era(other).as_bytes()).unwrap();
        assert_eq!(joined(&mut remit, &claims, "claims.837").joined, 1, "{other}: only Jane Doe's PSA-2025-0001");
        let claim = remit.cases.iter().find(|c| c.case.claim.claim.claim_number == "PSA-2025-0003").unwrap();
        untouched(claim);
        assert_eq!(
            warnings(claim, "not_joined"),
            [
                "claims file claims.837 has a claim with this claim number but a different patient (first name differs): \
              not joined"
            ]
        );
    }
}
