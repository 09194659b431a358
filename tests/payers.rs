//! Payer rules as data (`templates/payers/payers.json`) and the deadline engine on them: the file
//! loads and validates, a broken file names the payer and the field, and every row of
//! SUBMISSION-REVIEW.md §5.2 is a vector whose dates are computed by hand in the comments.

use chrono::NaiveDate;
use retroauth::core::model::Case;
use retroauth::core::payers::{self, Basis, Clock, ClockKind, MustBe};
use retroauth::core::report;
use retroauth::core::validate::{self, Validation, WindowBasis, WindowUnit};
use serde_json::{Value, json};

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// A synthetic 1.1 case: professional, one line, denied; the payer has a profile id and no
/// window of its own. `claim` and `payer` are merged over the defaults.
fn case(profile: &str, lob: &str, payer: Value, claim: Value) -> Case {
    let mut value = json!({
      "schema_version": "1.1",
      "case_id": "payer-vector",
      "claim": {
        "patient": {"first_name": "Test", "last_name": "Patient", "dob": "1970-01-15", "member_id": "MEM0001"},
        "payer": {"name": "Synthetic payer", "line_of_business": lob, "profile_id": profile},
        "provider": {"name": "Example Clinic", "npi": "1234567893"},
        "claim": {
          "claim_type": "professional",
          "claim_number": "CLM-1",
          "place_of_service": "11",
          "lines": [{"cpt_or_hcpcs": "99213", "units": 1, "charge": 100.0, "icd10_pointers": [1]}],
          "diagnoses": ["M54.50"],
          "denial": {"date": "", "carc": "197", "rarc": "", "text": ""}
        },
        "reason_prior_auth_missing": {"code": "emergency", "detail": "Synthetic."}
      },
      "notes": []
    });
    for (key, patch) in [("payer", payer), ("claim", claim)] {
        let target = &mut value["claim"][key];
        for (k, v) in patch.as_object().cloned().unwrap_or_default() {
            target[k] = v;
        }
    }
    Case::from_json(&value.to_string()).unwrap()
}

fn run(case: &Case, today: &str) -> Validation {
    validate::validate(case, d(today))
}

fn clock(v: &Validation, kind: ClockKind) -> &Clock {
    v.clocks.iter().find(|c| c.kind == kind).unwrap_or_else(|| panic!("no {kind:?} clock in {:?}", v.clocks))
}

fn codes(v: &Validation) -> Vec<&str> {
    v.findings.iter().map(|f| f.code.as_str()).collect()
}

#[test]
fn builtin_rules_load_and_cover_every_review_row() {
    assert_eq!(payers::builtin_errors(), vec![], "the shipped file is valid");
    let rules = payers::builtin();
    let mut rows: Vec<u32> = rules.payers.iter().flat_map(|p| p.rules.iter().filter_map(|r| r.review_row)).collect();
    rows.sort();
    rows.dedup();
    assert_eq!(rows, (1..=28).collect::<Vec<_>>(), "rows 1–28 of the review's table");
    assert_eq!(rules.payers.len(), 23);
    assert_eq!(rules.payers.iter().map(|p| p.rules.len()).sum::<usize>(), 36);
    for payer in &rules.payers {
        for rule in &payer.rules {
            assert!(rule.source_url.starts_with("http"), "{}/{}", payer.id, rule.id);
            assert!(rule.verified_on.is_none(), "only transcribed from the review so far");
        }
    }
    assert_eq!(rules.search("emblem").len(), 1);
    assert_eq!(rules.search("KAISER")[0].id, "kaiser-wa");
    assert!(rules.search(" ").is_empty());
}

fn broken(payer: Value) -> Vec<payers::PayerRuleError> {
    let file = json!({"format": "retroauth-payer-rules", "format_version": 1, "data_version": "t", "payers": [payer]});
    payers::parse(&file.to_string()).unwrap_err()
}

fn rule(extra: Value) -> Value {
    let mut r = json!({"id": "r", "retro": "available", "source_url": "https://example.org/x", "source_title": "T",
                       "confidence": "high"});
    for (k, v) in extra.as_object().cloned().unwrap_or_default() {
        r[k] = v;
    }
    r
}

#[test]
fn loader_errors_name_the_payer_rule_and_field() {
    let e = broken(
        json!({"id": "acme", "name": "Acme", "rules": [rule(json!({"clocks": [{"kind": "retro", "dayz": 5, "text": "x"}]}))]}),
    );
    assert_eq!((e[0].payer.as_deref(), e[0].rule.as_deref()), (Some("acme"), Some("r")));
    assert!(e[0].field.starts_with("clocks[0]"), "{}", e[0]);
    assert!(e[0].to_string().contains("dayz"), "{}", e[0]);

    let e = broken(
        json!({"id": "acme", "name": "Acme", "rules": [rule(json!({"clocks": [{"kind": "retro", "days": -1, "text": "x"}]}))]}),
    );
    assert_eq!(e[0].field, "clocks[0].days");
    let e = broken(
        json!({"id": "acme", "name": "Acme", "rules": [rule(json!({"clocks": [{"kind": "retro", "days": 1, "months": 1, "text": "x"}]}))]}),
    );
    assert_eq!(e[0].field, "clocks[0].days");
    let e = broken(json!({"id": "acme", "name": "Acme", "rules": [rule(json!({"clocks": [
        {"kind": "retro", "days": 1, "basis": "denial_date", "also": [{"days": 2, "basis": "discharge_date"}], "text": "x"}]}))]}));
    assert_eq!(e[0].field, "clocks[0].rule");
    let e = broken(
        json!({"id": "acme", "name": "Acme", "rules": [rule(json!({"retro": "none", "clocks": [{"kind": "retro", "days": 1, "text": "x"}]}))]}),
    );
    assert_eq!(e[0].field, "clocks");
    let e = broken(json!({"id": "acme", "name": "Acme", "rules": [rule(json!({"lines_of_business": ["medicare"]}))]}));
    assert_eq!((e[0].rule.as_deref(), e[0].field.as_str()), (Some("r"), "lines_of_business[0]"));
    let e = broken(
        json!({"id": "acme", "name": "Acme", "rules": [rule(json!({"clocks": [{"kind": "appeal", "days": 1, "text": "x", "source_url": "https://example.org"}]}))]}),
    );
    assert_eq!(e[0].field, "clocks[0].source_url");
    let e = broken(json!({"id": "acme", "name": "Acme", "rules": [rule(json!({"verified_on": "12/01/2025"}))]}));
    assert_eq!(e[0].field, "verified_on");
    let e = broken(json!({"id": "acme", "name": "Acme", "rules": [rule(json!({"source_url": "www.example.org"}))]}));
    assert_eq!(e[0].field, "source_url");
    let e = broken(json!({"id": "Acme Health", "name": "Acme", "rules": [rule(json!({}))]}));
    assert_eq!((e[0].payer.as_deref(), e[0].field.as_str()), (Some("payers[0]"), "id"));
    let e = broken(json!({"id": "acme", "name": "Acme", "rules": [rule(json!({})), rule(json!({}))]}));
    assert_eq!(e[0].field, "id", "duplicate rule id");
    assert!(payers::parse("[1]").is_err());
    assert!(payers::parse("{").is_err());
    let e = payers::parse(r#"{"format": "x", "format_version": 2, "data_version": "t", "payers": []}"#).unwrap_err();
    assert_eq!(e.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), vec!["format", "format_version"]);
}

#[test]
fn row_01_priority_health_inpatient_counts_from_admission() {
    // Admission 2025-03-10 + 90 days: 21 to 3/31, 51 to 4/30, 82 to 5/31, 90 on 2025-06-08
    // (from the discharge, 2025-03-20, it would be 2025-06-18).
    let c = case(
        "priority-health/facility-inpatient",
        "commercial",
        json!({}),
        json!({"date_of_service": null, "from": "2025-03-10", "to": "2025-03-20", "denial": {"date": "2025-04-02", "carc": "197"}}),
    );
    let v = run(&c, "2025-06-01");
    let retro = clock(&v, ClockKind::Retro);
    assert_eq!(
        (retro.deadline, retro.days_left, retro.basis),
        (Some(d("2025-06-08")), Some(7), Some(Basis::AdmissionDate))
    );
    let dl = v.deadline.as_ref().unwrap();
    assert_eq!(
        (dl.deadline, dl.basis, dl.window_days, dl.unit),
        (d("2025-06-08"), WindowBasis::AdmissionDate, 90, WindowUnit::Calendar)
    );
    assert!(retro.source.contains("priorityhealth.com"));
    assert_eq!(dl.clocks, v.clocks);
    // Without a rule name, commercial matches three Priority Health rules.
    let c = case("priority-health", "commercial", json!({}), json!({"date_of_service": "2025-03-10"}));
    let v = run(&c, "2025-06-01");
    assert!(codes(&v).contains(&"payer_profile_ambiguous"));
    assert!(v.clocks.is_empty() && v.deadline.is_none());
    assert!(v.findings.iter().any(|f| f.help.as_deref().is_some_and(|h| h.contains("priority-health/outpatient"))));
}

#[test]
fn row_02_priority_health_outpatient_from_dos() {
    // 2025-05-01 + 90: 30 to 5/31, 60 to 6/30, 90 on 2025-07-30.
    let c = case("priority-health/outpatient", "exchange", json!({}), json!({"date_of_service": "2025-05-01"}));
    let v = run(&c, "2025-07-31");
    assert_eq!(clock(&v, ClockKind::Retro).deadline, Some(d("2025-07-30")));
    assert!(codes(&v).contains(&"retro_window_exceeded"), "one day late");
}

#[test]
fn row_03_priority_health_medicare_advantage_has_no_retro() {
    let c = case("priority-health", "medicare_advantage", json!({}), json!({"date_of_service": "2025-05-01"}));
    let v = run(&c, "2025-05-02");
    assert!(codes(&v).contains(&"payer_no_retro_process"));
    assert!(v.deadline.is_none() && v.clocks.is_empty());
    // 1.0's plan_type reaches the same rule through the one accessor.
    let mut c10 = c.clone();
    c10.claim.payer.line_of_business = None;
    c10.claim.payer.plan_type = "medicare_advantage".into();
    assert!(codes(&run(&c10, "2025-05-02")).contains(&"payer_no_retro_process"));
}

#[test]
fn row_04_priority_health_acute_clocks() {
    // Retro: 2025-02-14 + 90: 14 to 2/28, 45 to 3/31, 75 to 4/30, 90 on 2025-05-15.
    // Decision: 14 days from the request (2025-04-01) → 2025-04-15 (Medicaid); 30 → 2025-05-01.
    let c = case(
        "priority-health/acute-urgent-emergent-medicaid",
        "medicaid_mco",
        json!({}),
        json!({"date_of_service": "2025-02-14", "denial": {"date": "2025-03-01", "carc": "197"}}),
    );
    let v = run(&c, "2025-04-01");
    assert_eq!(clock(&v, ClockKind::Retro).deadline, Some(d("2025-05-15")));
    let decision = clock(&v, ClockKind::Decision);
    assert_eq!((decision.deadline, decision.send_by), (Some(d("2025-04-15")), None));
    let appeals: Vec<_> = v.clocks.iter().filter(|c| c.kind == ClockKind::Appeal).collect();
    assert_eq!(appeals.iter().map(|c| c.level).collect::<Vec<_>>(), vec![Some(1), Some(2)]);
    assert!(appeals.iter().all(|c| c.deadline.is_none() && c.note.as_deref().unwrap().contains("no date")));
    assert_eq!(codes(&v).iter().filter(|c| **c == "payer_clock_not_computed").count(), 2);
    let c = case(
        "priority-health/acute-urgent-emergent-commercial",
        "commercial",
        json!({}),
        json!({"date_of_service": "2025-02-14", "denial": {"date": "2025-03-01", "carc": "197"}}),
    );
    assert_eq!(clock(&run(&c, "2025-04-01"), ClockKind::Decision).deadline, Some(d("2025-05-01")));
}

#[test]
fn row_05_aetna_better_health_il_received_and_business_days() {
    // Retro 30 days from 2025-01-31: 28 to 2/28, 30 on Sun 2025-03-02; must be received:
    // fax by Fri 2/28 (1 business day before), mail by Mon 2/24 (2/28, 27, 26, 25, 24).
    // Decision 30 business days from Mon 2025-02-10: 11–14 (4), 17 Feb Presidents Day skipped,
    // 18–21 (8), 24–28 (13), 3–7 Mar (18), 10–14 (23), 17–21 (28), 24 (29), 25 (30) → 2025-03-25.
    // Corrected claim 180 days from 1/31: 28, 59, 89, 120, 150, 180 on 2025-07-30.
    // Reconsideration 90 days from the denial 2025-02-05: 23 to 2/28, 54, 84, 90 on 2025-05-06.
    let c = case(
        "aetna-better-health-il",
        "medicaid_mco",
        json!({}),
        json!({"date_of_service": "2025-01-31", "denial": {"date": "2025-02-05", "carc": "197"}}),
    );
    let v = run(&c, "2025-02-10");
    let retro = clock(&v, ClockKind::Retro);
    assert_eq!((retro.deadline, retro.must_be), (Some(d("2025-03-02")), Some(MustBe::Received)));
    let send = retro.send_by.unwrap();
    assert_eq!((send.fax, send.mail), (d("2025-02-28"), d("2025-02-24")));
    assert_eq!(clock(&v, ClockKind::Decision).deadline, Some(d("2025-03-25")));
    assert_eq!(clock(&v, ClockKind::CorrectedClaim).deadline, Some(d("2025-07-30")));
    assert_eq!(clock(&v, ClockKind::Reconsideration).deadline, Some(d("2025-05-06")));
    assert_eq!(clock(&v, ClockKind::MemberAppeal).deadline, None);
}

#[test]
fn row_06_hpsj_counts_from_the_initial_dos_and_excludes_out_of_network() {
    // From 2025-04-28 + 30: 2 to 4/30, 30 on 2025-05-28 (not from the last date, 2025-05-02).
    let c = case(
        "hpsj",
        "medicaid_mco",
        json!({"network_status": "out_of_network"}),
        json!({"date_of_service": null, "from": "2025-04-28", "to": "2025-05-02"}),
    );
    let v = run(&c, "2025-05-20");
    assert_eq!(clock(&v, ClockKind::Retro).deadline, Some(d("2025-05-28")));
    assert!(codes(&v).contains(&"retro_in_network_only"));
    let mut inn = c.clone();
    inn.claim.payer.network_status = Some("in_network".into());
    assert!(!codes(&run(&inn, "2025-05-20")).contains(&"retro_in_network_only"));
}

#[test]
fn row_07_kaiser_wa_only_before_a_claim() {
    // 2025-03-03 + 14 = 2025-03-17.
    let pre = case(
        "kaiser-wa",
        "commercial",
        json!({}),
        json!({"date_of_service": "2025-03-03", "state": "pre_claim", "denial": {"date": "", "carc": ""}}),
    );
    let v = run(&pre, "2025-03-10");
    assert_eq!(clock(&v, ClockKind::Retro).deadline, Some(d("2025-03-17")));
    assert!(!codes(&v).contains(&"retro_pre_claim_only"));
    let denied = case(
        "kaiser-wa",
        "commercial",
        json!({}),
        json!({"date_of_service": "2025-03-03", "denial": {"date": "2025-03-08", "carc": "197"}}),
    );
    assert!(codes(&run(&denied, "2025-03-10")).contains(&"retro_pre_claim_only"));
    // The 1.1 case flag alone does the same, without any payer rule.
    let mut flag = denied.clone();
    flag.claim.payer.profile_id = None;
    flag.claim.payer.retro_auth_pre_claim_only = Some(true);
    assert!(codes(&run(&flag, "2025-03-10")).contains(&"retro_pre_claim_only"));
    flag.claim.claim.state = Some("pre_claim".into());
    assert!(!codes(&run(&flag, "2025-03-10")).contains(&"retro_pre_claim_only"));
}

#[test]
fn row_08_carelon_pa_received_with_fax_routing() {
    // 2025-06-10 + 45: 20 to 6/30, 45 on Fri 2025-07-25; fax by Thu 7/24; mail by Fri 7/18
    // (24, 23, 22, 21, 18). Decision 30 days from 2025-07-01 → 2025-07-31.
    let c = case("carelon-pa", "medicaid_mco", json!({}), json!({"date_of_service": "2025-06-10"}));
    let v = run(&c, "2025-07-01");
    let retro = clock(&v, ClockKind::Retro);
    assert_eq!(retro.deadline, Some(d("2025-07-25")));
    assert_eq!(retro.send_by.map(|s| (s.fax, s.mail)), Some((d("2025-07-24"), d("2025-07-18"))));
    assert_eq!(clock(&v, ClockKind::Decision).deadline, Some(d("2025-07-31")));
    let rule = &payers::builtin().payer("carelon-pa").unwrap().rules[0];
    assert_eq!(rule.routing.as_ref().and_then(|r| r.fax.as_deref()), Some("855-439-2444"));
}

#[test]
fn row_09_cohere_364_days_across_a_leap_year() {
    // 2024-03-01 + 365 = 2025-03-01 (no 29 February in between), so + 364 = 2025-02-28.
    let c = case("cohere", "", json!({}), json!({"date_of_service": "2024-03-01"}));
    assert_eq!(clock(&run(&c, "2025-01-01"), ClockKind::Retro).deadline, Some(d("2025-02-28")));
}

#[test]
fn row_10_hometown_health_retro_and_notification() {
    // Retro 2025-07-03 + 7 = 2025-07-10; admission notice 2025-07-03 + 1 day = 2025-07-04.
    let c = case("hometown-health", "commercial", json!({}), json!({"date_of_service": "2025-07-03"}));
    let v = run(&c, "2025-07-08");
    assert_eq!(clock(&v, ClockKind::Retro).deadline, Some(d("2025-07-10")));
    let notice = clock(&v, ClockKind::Notification);
    assert_eq!((notice.deadline, notice.days_left), (Some(d("2025-07-04")), Some(-4)));
    // Post-service table: P2P / reconsideration within 7 days of the denial 2025-07-07 → 2025-07-14.
    let c = case(
        "hometown-health",
        "commercial",
        json!({}),
        json!({"date_of_service": "2025-07-03", "denial": {"date": "2025-07-07", "carc": "197"}}),
    );
    assert_eq!(clock(&run(&c, "2025-07-08"), ClockKind::Reconsideration).deadline, Some(d("2025-07-14")));
}

#[test]
fn row_11_emblemhealth_commercial_from_the_denial() {
    // Denial 2025-04-15 + 45: 15 to 4/30, 45 on 2025-05-30. Decision 30 days from 2025-05-01.
    let c = case(
        "emblemhealth/commercial-facility-retro-review",
        "commercial",
        json!({}),
        json!({"date_of_service": "2025-03-20", "denial": {"date": "2025-04-15", "carc": "197"}}),
    );
    let v = run(&c, "2025-05-01");
    assert_eq!(clock(&v, ClockKind::Retro).deadline, Some(d("2025-05-30")));
    assert_eq!(clock(&v, ClockKind::Decision).deadline, Some(d("2025-05-31")));
    assert_eq!(clock(&v, ClockKind::Appeal).deadline, None, "adverse determination date not in the case");
    // The payer id alone is enough for commercial (one rule).
    assert_eq!(
        clock(
            &run(
                &case(
                    "emblemhealth",
                    "commercial",
                    json!({}),
                    json!({"date_of_service": "2025-03-20",
        "denial": {"date": "2025-04-15", "carc": "197"}})
                ),
                "2025-05-01"
            ),
            ClockKind::Retro
        )
        .deadline,
        Some(d("2025-05-30"))
    );
}

#[test]
fn row_12_emblemhealth_medicare_remittance_and_exceptions() {
    // Remittance 2025-01-10 + 45: 21 to 1/31, 45 on 2025-02-24.
    // North Shore 180: 21, 49, 80, 110, 141, 171, 180 on 2025-07-09. SUNY 90: 21, 49, 80, 90 on 2025-04-10.
    let claim = json!({"date_of_service": null, "from": "2024-12-10", "to": "2024-12-20", "denial": {"date": "2025-01-10", "carc": "197"}});
    for (rule, want) in [
        ("medicare-hmo-facility-retro-review", "2025-02-24"),
        ("medicare-hmo-north-shore", "2025-07-09"),
        ("medicare-hmo-suny-downstate", "2025-04-10"),
    ] {
        let c = case(&format!("emblemhealth/{rule}"), "medicare_advantage", json!({}), claim.clone());
        let v = run(&c, "2025-01-20");
        assert_eq!(clock(&v, ClockKind::Retro).deadline, Some(d(want)), "{rule}");
        assert_eq!(v.deadline.as_ref().map(|x| x.basis), Some(WindowBasis::RemittanceDate));
    }
    // NYP, whichever is later: discharge 2024-12-20 + 365 = 2025-12-20; denial 2025-01-10 + 60 =
    // 2025-03-11 → 2025-12-20 from the discharge.
    let nyp = |claim| run(&case("emblemhealth/medicare-hmo-nyp", "medicare_advantage", json!({}), claim), "2025-01-20");
    let v = nyp(claim.clone());
    let retro = clock(&v, ClockKind::Retro);
    assert_eq!((retro.deadline, retro.basis), (Some(d("2025-12-20")), Some(Basis::DischargeDate)));
    // Discharge 2023-12-20 + 365 = 2024-12-19 (2024 has 366 days); denial 2024-12-10 + 60: 21 to
    // 12/31, 52 to 1/31, 60 on 2025-02-08 → the later is the denial's.
    let v = nyp(
        json!({"date_of_service": null, "from": "2023-12-10", "to": "2023-12-20", "denial": {"date": "2024-12-10", "carc": "197"}}),
    );
    let retro = clock(&v, ClockKind::Retro);
    assert_eq!((retro.deadline, retro.basis), (Some(d("2025-02-08")), Some(Basis::DenialDate)));
    // Without a denial date the later date is unknown: not computed.
    let v = nyp(
        json!({"date_of_service": null, "from": "2023-12-10", "to": "2023-12-20", "denial": {"date": "", "carc": "197"}}),
    );
    assert_eq!(clock(&v, ClockKind::Retro).deadline, None);
}

#[test]
fn row_13_ibx_one_year_from_a_leap_day() {
    // 2024-02-29 + 12 months = 2025-02-28 (the month's last day).
    let c = case("ibx", "commercial", json!({}), json!({"date_of_service": "2024-02-29"}));
    assert_eq!(clock(&run(&c, "2024-12-01"), ClockKind::Retro).deadline, Some(d("2025-02-28")));
}

#[test]
fn row_14_uhc_five_business_days_over_independence_day() {
    // Fri 2025-06-27 + 5 business days: 30, 1, 2, 3, (4 July), 7 → Mon 2025-07-07.
    let c = case("uhc/procedure-changed-2022", "commercial", json!({}), json!({"date_of_service": "2025-06-27"}));
    let v = run(&c, "2025-06-30");
    assert_eq!(clock(&v, ClockKind::Retro).deadline, Some(d("2025-07-07")));
    let dl = v.deadline.as_ref().unwrap();
    assert_eq!((dl.unit, dl.window_days, dl.days_left, dl.business_days_left), (WindowUnit::Business, 5, 7, 4));
    // Post-service table: reconsideration + appeal 12 months from the EOB/PRA; no remittance
    // date in this case → not computed; with remittance 2025-07-15 → 2026-07-15, its own source.
    assert_eq!(clock(&v, ClockKind::Reconsideration).deadline, None);
    let c = case(
        "uhc/procedure-changed-2022",
        "commercial",
        json!({}),
        json!({"date_of_service": "2025-06-27", "denial": {"date": "2025-07-15", "carc": "197"}}),
    );
    let recon = clock(&run(&c, "2025-07-16"), ClockKind::Reconsideration).clone();
    assert_eq!(recon.deadline, Some(d("2026-07-15")));
    assert!(recon.source.contains("ch10"), "{}", recon.source);
}

#[test]
fn row_15_uhc_2021_update_before_any_claim() {
    // Wed 2025-11-26 + 5 business days: (27 Thanksgiving), 28, 1, 2, 3, 4 → Thu 2025-12-04.
    let c = case(
        "uhc/pa-update-2021",
        "commercial",
        json!({}),
        json!({"date_of_service": "2025-11-26", "denial": {"date": "2025-12-01", "carc": "197"}}),
    );
    let v = run(&c, "2025-12-02");
    assert_eq!(clock(&v, ClockKind::Retro).deadline, Some(d("2025-12-04")));
    assert!(codes(&v).contains(&"retro_pre_claim_only"));
}

#[test]
fn row_16_anthem_va_ten_business_days_over_the_holidays() {
    // Mon 2025-12-22 + 10: 23, 24, (25), 26, 29, 30, 31, (1 Jan), 2, 5, 6, 7 → Wed 2026-01-07.
    let c = case("anthem-va", "commercial", json!({}), json!({"date_of_service": "2025-12-22"}));
    assert_eq!(clock(&run(&c, "2025-12-23"), ClockKind::Retro).deadline, Some(d("2026-01-07")));
}

#[test]
fn row_17_tmhp() {
    // The 95-day window counts from the eligibility add date, which the case format lacks.
    let c = case("tmhp/retro-eligibility-period", "medicaid_ffs", json!({}), json!({"date_of_service": "2025-01-17"}));
    let v = run(&c, "2025-01-20");
    let retro = clock(&v, ClockKind::Retro);
    assert!(retro.deadline.is_none() && retro.note.as_deref().unwrap().contains("eligibility add date"));
    assert!(codes(&v).contains(&"payer_clock_not_computed"));
    // Fri 2025-01-17 + 3 business days: (20 MLK Day), 21, 22, 23 → Thu 2025-01-23.
    let c = case("tmhp/on-or-after-add-date", "medicaid_ffs", json!({}), json!({"date_of_service": "2025-01-17"}));
    assert_eq!(clock(&run(&c, "2025-01-20"), ClockKind::Retro).deadline, Some(d("2025-01-23")));
    assert!(!codes(&run(&c, "2025-01-20")).contains(&"payer_profile_ambiguous"));
    assert!(
        codes(&run(&case("tmhp", "medicaid_ffs", json!({}), json!({"date_of_service": "2025-01-17"})), "2025-01-20"))
            .contains(&"payer_profile_ambiguous")
    );
}

#[test]
fn row_18_illinois_hfs() {
    // 2025-08-01 + 90: 30 to 8/31, 60 to 9/30, 90 on 2025-10-30.
    let c = case("il-hfs/emergency-post-approval", "medicaid_ffs", json!({}), json!({"date_of_service": "2025-08-01"}));
    assert_eq!(clock(&run(&c, "2025-08-02"), ClockKind::Retro).deadline, Some(d("2025-10-30")));
    for rule in ["application-pending", "coverage-not-disclosed", "third-party-rejection"] {
        let c = case(&format!("il-hfs/{rule}"), "medicaid_ffs", json!({}), json!({"date_of_service": "2025-08-01"}));
        let v = run(&c, "2025-08-02");
        assert_eq!(clock(&v, ClockKind::Retro).deadline, None, "{rule}: its date is not in the case");
        assert!(v.deadline.is_none());
    }
}

#[test]
fn row_19_kansas_mcos_before_the_claim_without_days() {
    let c = case(
        "kansas-medicaid-mcos",
        "medicaid_mco",
        json!({}),
        json!({"date_of_service": "2025-08-01", "denial": {"date": "2025-08-20", "carc": "197"}}),
    );
    let v = run(&c, "2025-08-21");
    assert!(codes(&v).contains(&"payer_retro_window_unstated"));
    assert!(codes(&v).contains(&"retro_pre_claim_only"));
    assert!(v.deadline.is_none());
}

#[test]
fn rows_20_to_27_no_window_or_no_retro() {
    for (profile, lob, code) in [
        ("nc-medicaid", "medicaid_ffs", "payer_retro_window_unstated"),
        ("wyoming-medicaid", "medicaid_ffs", "payer_no_retro_process"),
        ("security-health-plan", "commercial", "payer_no_retro_process"),
        ("bcidaho", "commercial", "payer_retro_window_unstated"),
        ("evicore-therapy", "", "payer_retro_window_unstated"),
        ("tricare-humana-military-east", "tricare", "payer_retro_window_unstated"),
        ("humana", "medicare_advantage", "payer_retro_window_unstated"),
    ] {
        let v = run(&case(profile, lob, json!({}), json!({"date_of_service": "2025-08-01"})), "2025-08-02");
        assert!(codes(&v).contains(&code), "{profile}: {:?}", codes(&v));
        assert!(v.deadline.is_none(), "{profile}");
    }
    // TRICARE rules are for TRICARE only.
    let v = run(
        &case("tricare-humana-military-east", "commercial", json!({}), json!({"date_of_service": "2025-08-01"})),
        "2025-08-02",
    );
    assert!(codes(&v).contains(&"payer_profile_unknown"));
}

#[test]
fn row_22_alameda_alliance_two_days() {
    // 2025-09-30 + 2 = 2025-10-02.
    let c = case("alameda-alliance", "medicaid_mco", json!({}), json!({"date_of_service": "2025-09-30"}));
    assert_eq!(clock(&run(&c, "2025-10-01"), ClockKind::Retro).deadline, Some(d("2025-10-02")));
}

#[test]
fn row_28_astrana_thirty_days_over_new_year() {
    // 2025-12-31 + 30 = 2026-01-30.
    let c = case("astrana", "commercial", json!({}), json!({"date_of_service": "2025-12-31"}));
    assert_eq!(clock(&run(&c, "2026-01-02"), ClockKind::Retro).deadline, Some(d("2026-01-30")));
}

#[test]
fn a_window_in_the_case_wins_over_the_profile_but_clocks_stay() {
    let c = case(
        "astrana",
        "commercial",
        json!({"retro_auth_window_days": 10, "retro_auth_window_basis": "date_of_service"}),
        json!({"date_of_service": "2025-12-31"}),
    );
    let v = run(&c, "2026-01-02");
    assert_eq!(v.deadline.as_ref().map(|x| x.deadline), Some(d("2026-01-10")));
    assert_eq!(clock(&v, ClockKind::Retro).deadline, Some(d("2026-01-30")));
    assert_eq!(v.deadline.unwrap().clocks.len(), 1);
}

#[test]
fn unknown_profiles_are_advice_not_errors() {
    for id in ["no-such-payer", "uhc/no-such-rule"] {
        let v = run(&case(id, "commercial", json!({}), json!({"date_of_service": "2025-08-01"})), "2025-08-02");
        assert!(codes(&v).contains(&"payer_profile_unknown"), "{id}");
        assert!(v.clocks.is_empty());
    }
}

#[test]
fn check_json_deadline_keeps_its_fields_and_adds_clocks() {
    let c = case("uhc/procedure-changed-2022", "commercial", json!({}), json!({"date_of_service": "2025-06-27"}));
    let json = serde_json::to_value(report::check_case(&c, d("2025-06-30"), None)).unwrap();
    let deadline = &json["deadline"];
    for field in ["window_days", "basis", "basis_date", "deadline", "days_left", "business_days_left", "days_elapsed"] {
        assert!(deadline.get(field).is_some(), "{field}");
    }
    assert_eq!(deadline["deadline"], "2025-07-07");
    assert_eq!(deadline["unit"], "business");
    let clocks = deadline["clocks"].as_array().unwrap();
    assert_eq!(clocks[0]["kind"], "retro");
    assert_eq!(clocks[0]["deadline"], "2025-07-07");
    assert_eq!(clocks[0]["days_left"], 7);
    assert_eq!(clocks[0]["rule"], "5 business days from the date of service");
    assert!(clocks[0]["source"].as_str().unwrap().contains("uhcprovider.com"));
}

#[test]
fn check_json_on_11_cases_with_business_unit_and_new_bases() {
    // Business days from admission: Fri 2025-06-27 + 5 → Mon 2025-07-07 (4 July skipped).
    let business = case(
        "",
        "commercial",
        json!({"retro_auth_window_days": 5, "retro_auth_window_unit": "business", "retro_auth_window_basis": "admission_date"}),
        json!({"date_of_service": null, "from": "2025-06-27", "to": "2025-07-02", "denial": {"date": "2025-07-03", "carc": "197"}}),
    );
    let json = serde_json::to_value(report::check_case(&business, d("2025-07-03"), None)).unwrap();
    assert_eq!(json["deadline"]["deadline"], "2025-07-07");
    assert_eq!(json["deadline"]["basis"], "admission_date");
    assert_eq!(json["deadline"]["basis_date"], "2025-06-27");
    assert_eq!(json["deadline"]["days_left"], 4);
    assert_eq!(json["deadline"]["business_days_left"], 1, "Mon 7 only (Fri 4 is a holiday)");
    assert_eq!(json["deadline"]["clocks"], json!([]));
    // Calendar days from the remittance: 2025-07-03 + 10 = 2025-07-13.
    let remit = case(
        "",
        "commercial",
        json!({"retro_auth_window_days": 10, "retro_auth_window_basis": "remittance_date"}),
        json!({"date_of_service": "2025-06-27", "denial": {"date": "2025-07-03", "carc": "197"}}),
    );
    let json = serde_json::to_value(report::check_case(&remit, d("2025-07-14"), None)).unwrap();
    assert_eq!(json["deadline"]["deadline"], "2025-07-13");
    assert_eq!(json["deadline"]["unit"], "calendar");
    assert!(json["data_errors"].as_array().unwrap().iter().any(|e| e["code"] == "retro_window_exceeded"));
    // An unknown unit is an invalid window on the unit's field.
    let mut bad = business.clone();
    bad.claim.payer.retro_auth_window_unit = Some("weekdays".into());
    let v = run(&bad, "2025-07-03");
    assert!(
        v.findings
            .iter()
            .any(|f| f.code == "invalid_retro_window"
                && f.field.as_deref() == Some("claim.payer.retro_auth_window_unit"))
    );
    assert!(v.deadline.is_none());
}
