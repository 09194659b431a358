//! Synthetic import inputs of any size (no real patient data), shared by `benches/import.rs`
//! (native) and `tests/web_bench.rs` (Chromium).
#![allow(dead_code)]

use std::fmt::Write;

const ISA: &str =
    "ISA*00*          *00*          *ZZ*PAYERSYNTH     *ZZ*PRACTICESYNTH  *250305*1200*^*00501*000000101*0*T*:~\n";

/// An X12 835 of about `target` bytes: claims with 1–4 service lines, claim and line
/// adjustments, remarks; one claim in three denied for authorization (CO-197, M62, N54).
/// Returns the text and the number of claims.
pub fn era_835(target: usize) -> (String, usize) {
    let mut out = String::with_capacity(target + 4096);
    out.push_str(ISA);
    out.push_str("GS*HP*PAYERSYNTH*PRACTICESYNTH*20250305*1200*101*X*005010X221A1~\n");
    let mut claims = 0;
    let mut tx = 0;
    while out.len() < target {
        tx += 1;
        let start = out.len();
        let _ = write!(out, "ST*835*{tx:04}~\nBPR*I*0*C*NON************20250304~\nTRN*1*EFT{tx}*1999999999~\n");
        out.push_str("N1*PR*SYNTHETIC HEALTH PLAN~\nN3*PO BOX 0100~\nN4*SPRINGFIELD*IL*62701~\n");
        out.push_str("PER*CX*PROVIDER SERVICES*TE*2175550100*FX*2175550199~\n");
        out.push_str("N1*PE*PRAIRIE SPINE ASSOCIATES*XX*1555012347~\nREF*TJ*371234567~\nLX*1~\n");
        // About 500 claims per transaction set.
        while out.len() - start < 100_000 && out.len() < target {
            claims += 1;
            let denied = claims % 3 == 0;
            let lines = 1 + claims % 4;
            let _ = writeln!(
                out,
                "CLP*PCN-{claims:08}*{}*{}*{}**12*ICN{claims:010}*11*1~",
                if denied { 4 } else { 1 },
                lines * 150,
                if denied { 0 } else { lines * 120 }
            );
            let _ = writeln!(out, "NM1*QC*1*PATIENT{claims}*SYNTH****MI*SYN{claims:09}~");
            out.push_str("NM1*82*1*RIVERA*ANA****XX*1555012354~\n");
            if denied {
                out.push_str("MOA***M62~\n");
            }
            out.push_str("DTM*232*20250115~\nDTM*233*20250115~\n");
            for line in 0..lines {
                let _ = write!(
                    out,
                    "SVC*HC:9921{}:25*150*{}**1~\nDTM*472*20250115~\n",
                    line + 1,
                    if denied { 0 } else { 120 }
                );
                if denied {
                    out.push_str("CAS*CO*197*150~\nLQ*HE*N54~\n");
                } else {
                    out.push_str("CAS*CO*45*20**253*2~\nCAS*PR*2*8~\nAMT*B6*130~\n");
                }
            }
        }
        let segments = out.get(start..).unwrap_or("").matches('~').count() + 1;
        let _ = writeln!(out, "SE*{segments}*{tx:04}~");
    }
    let _ = write!(out, "GE*{tx}*101~\nIEA*1*000000101~\n");
    (out, claims)
}

/// An X12 837P of about `target` bytes with three service lines per claim.
pub fn claims_837(target: usize) -> (String, usize) {
    let mut out = String::with_capacity(target + 4096);
    out.push_str(ISA);
    out.push_str("GS*HC*PRACTICESYNTH*PAYERSYNTH*20250110*0900*1*X*005010X222A1~\nST*837*0001*005010X222A1~\n");
    out.push_str(
        "BHT*0019*00*1*20250110*0900*CH~\nHL*1**20*1~\nNM1*85*2*PRAIRIE SPINE ASSOCIATES*****XX*1555012347~\n",
    );
    out.push_str("N3*100 MAIN ST~\nN4*SPRINGFIELD*IL*62704~\nREF*EI*371234567~\n");
    let mut claims = 0;
    while out.len() < target {
        claims += 1;
        let _ = write!(out, "HL*{}*1*22*0~\nSBR*P*18*GRP-7788******CI~\n", claims + 1);
        let _ = write!(out, "NM1*IL*1*PATIENT{claims}*SYNTH****MI*SYN{claims:09}~\nDMG*D8*19700412*F~\n");
        out.push_str("NM1*PR*2*SYNTHETIC HEALTH PLAN*****PI*SHP01~\n");
        let _ = write!(out, "CLM*PCN-{claims:08}*450***11:B:1*Y*A*Y*Y~\nHI*ABK:M5116*ABF:M5416~\n");
        out.push_str("NM1*82*1*RIVERA*ANA****XX*1555012354~\n");
        for line in 1..=3 {
            let _ = write!(out, "LX*{line}~\nSV1*HC:9921{line}:25*150*UN*1***1:2~\nDTP*472*D8*20250115~\n");
        }
    }
    out.push_str("SE*1*0001~\nGE*1*1~\nIEA*1*000000101~\n");
    (out, claims)
}

/// A FHIR R4 Bundle of about `target` bytes: ExplanationOfBenefit (CARC 197) + Claim +
/// Patient + Coverage per claim.
pub fn fhir_bundle(target: usize) -> (String, usize) {
    let mut entries = Vec::new();
    let mut size = 0;
    let mut n = 0;
    while size < target {
        n += 1;
        let eob = serde_json::json!({"fullUrl": format!("urn:uuid:eob-{n}"), "resource": {
            "resourceType": "ExplanationOfBenefit", "id": format!("eob-{n}"),
            "identifier": [{"value": format!("ICN{n:010}")}],
            "type": {"coding": [{"code": "professional"}]},
            "patient": {"reference": format!("urn:uuid:pat-{n}")},
            "claim": {"reference": format!("urn:uuid:claim-{n}")},
            "insurance": [{"focal": true, "coverage": {"reference": format!("urn:uuid:cov-{n}")}}],
            "disposition": "Denied: no prior authorization on file.",
            "payment": {"date": "2025-03-04"},
            "item": [{"sequence": 1, "productOrService": {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "72148"}]},
                      "servicedDate": "2025-01-15", "net": {"value": 1200},
                      "adjudication": [{"category": {"coding": [{"code": "denialreason"}]},
                                        "reason": {"coding": [{"system": "https://x12.org/codes/claim-adjustment-reason-codes", "code": "197"}]},
                                        "amount": {"value": 1200}}]}]
        }});
        let claim = serde_json::json!({"fullUrl": format!("urn:uuid:claim-{n}"), "resource": {
            "resourceType": "Claim", "id": format!("claim-{n}"), "identifier": [{"value": format!("PCN-{n:08}")}],
            "type": {"coding": [{"code": "professional"}]}, "patient": {"reference": format!("urn:uuid:pat-{n}")},
            "created": "2025-01-20",
            "diagnosis": [{"sequence": 1, "diagnosisCodeableConcept": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "M51.16"}]}}],
            "item": [{"sequence": 1, "diagnosisSequence": [1], "productOrService": {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "72148"}]},
                      "servicedDate": "2025-01-15", "quantity": {"value": 1}, "net": {"value": 1200}}]
        }});
        let patient = serde_json::json!({"fullUrl": format!("urn:uuid:pat-{n}"), "resource": {
            "resourceType": "Patient", "id": format!("pat-{n}"), "name": [{"family": format!("Patient{n}"), "given": ["Synth"]}],
            "birthDate": "1970-04-12", "gender": "female"}});
        let coverage = serde_json::json!({"fullUrl": format!("urn:uuid:cov-{n}"), "resource": {
            "resourceType": "Coverage", "id": format!("cov-{n}"), "subscriberId": format!("SYN{n:09}")}});
        for entry in [eob, claim, patient, coverage] {
            size += entry.to_string().len();
            entries.push(entry);
        }
    }
    (serde_json::json!({"resourceType": "Bundle", "type": "collection", "entry": entries}).to_string(), n)
}
