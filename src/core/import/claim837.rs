//! X12 837P (5010 X222A1) professional claim → one case per claim (CLM). 837I files
//! (X223A2) are read with the same mapping plus SV2 revenue lines and the statement period.
//!
//! | 837 | case |
//! |---|---|
//! | 2010AA NM1*85 (NM103/NM104 name, NM109 NPI), N3, N4, REF*EI (REF*SY), PER*IC | `claim.provider` name, NPI, TIN, address, contact, phone |
//! | 2000B SBR03 group number, SBR09 claim filing indicator | `claim.patient.group_number`, `claim.payer.plan_type` |
//! | 2010BA NM1*IL (names, NM109 member ID), DMG (date of birth, sex) | `claim.patient` (the subscriber is the patient unless 2000C follows) |
//! | 2010BB NM1*PR, N3, N4 | `claim.payer` name, address |
//! | 2000C/2010CA NM1*QC, DMG | `claim.patient` names, date of birth, sex (member ID stays the subscriber's) |
//! | CLM01, CLM02, CLM05-1 (CLM05-3) | claim number, total charge, place of service (type of bill for 837I) |
//! | REF*G1 (2300 or 2400) / REF*F8 | `claim.claim.prior_authorization.number` / `claim.claim.payer_claim_number` (extra) |
//! | HI ABK/ABF (BK/BF) | `claim.claim.diagnoses` (decimal point restored) |
//! | 2310A NM1*DN/P3, 2420F NM1*DN | `claim.referring_provider` |
//! | 2310B NM1*82 | `claim.rendering_provider` (extra) |
//! | 2310C NM1*77, N3, N4 | `claim.facility` |
//! | 2400 SV1 (SV101 composite code + modifiers, SV102, SV104, SV107 pointers), DTP*472 | `claim.claim.lines[i]`; claim dates |
//! | 837I: SV2 (revenue code, procedure, charge, units), DTP*434 statement period | lines, claim from/to |
//!
//! Other payers' data (2320/2330 COB loops, 2430 line adjudication) never overwrite the claim's
//! own payer or patient: they are listed as unmapped.

use super::era835::{fill_address, set_fill, shown};
use super::x12::{self, Segment};
use super::{FieldPath, ImportReport, ImportedCase, amount, fill_plan_type, icd10_with_decimal, units};
use crate::core::form::LineField;
use crate::core::model::{
    Case, ClaimDetails, Facility, Lenient, Patient, Payer, PriorAuthorization, Provider, ReferringProvider,
    SCHEMA_VERSION, ServiceLine,
};
use serde_json::Value;

type Fills = Vec<(&'static str, String)>;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ctx {
    Header,
    Billing,
    Subscriber,
    Payer,
    Patient,
    OtherParty,
    Claim,
    Referring,
    Facility,
    ClaimParty,
    OtherPayer,
    Line,
    LineReferring,
    LineParty,
    LineAdjudication,
}

#[derive(Default)]
struct Billing {
    provider: Provider,
    fills: Fills,
}

#[derive(Default)]
struct Subscriber {
    patient: Patient,
    payer: Payer,
    indicator: Option<(String, String)>,
    fills: Fills,
}

#[derive(Default)]
struct Dependent {
    first: String,
    last: String,
    dob: String,
    sex: Option<String>,
    fills: Fills,
}

struct Claim {
    case: Case,
    report: ImportReport,
    first: usize,
    last: usize,
    line_pos: Vec<Option<(String, String)>>,
}

/// One 837 transaction set being read.
pub(crate) struct Prof {
    ordinal: usize,
    institutional: bool,
    ctx: Ctx,
    billing: Billing,
    subscriber: Subscriber,
    dependent: Option<Dependent>,
    claim: Option<Box<Claim>>,
    claims: usize,
}

fn person_name(seg: &Segment) -> String {
    let (last, first) = (seg.text(3), seg.text(4));
    if seg.text(2) == "2" || first.is_empty() {
        last.to_string()
    } else {
        let suffix = seg.text(7);
        let mut name = format!("{first} {last}");
        if !suffix.is_empty() {
            name = format!("{name}, {suffix}");
        }
        name
    }
}

fn sex_code(code: &str) -> Option<String> {
    let c = code.trim();
    (!c.is_empty()).then(|| c.to_string())
}

impl Prof {
    pub(crate) fn new(ordinal: usize, st: &Segment, version: &str) -> Prof {
        let _ = st;
        Prof {
            ordinal,
            institutional: version.contains("X223"),
            ctx: Ctx::Header,
            billing: Billing::default(),
            subscriber: Subscriber::default(),
            dependent: None,
            claim: None,
            claims: 0,
        }
    }

    pub(crate) fn finish(&mut self, out: &mut Vec<ImportedCase>, file: &mut ImportReport) {
        self.emit(out);
        if self.claims == 0 {
            file.warn(
                "no_claims",
                format!("837 transaction set {}", self.ordinal),
                "the transaction set has no claim (CLM)",
            );
        }
    }

    fn emit(&mut self, out: &mut Vec<ImportedCase>) {
        if let Some(claim) = self.claim.take() {
            out.push(claim.finish(self.institutional));
        }
    }

    pub(crate) fn segment(&mut self, seg: &Segment, out: &mut Vec<ImportedCase>, file: &mut ImportReport) {
        match seg.id() {
            "BHT" => file.unmapped("BHT transaction purpose and date", seg.at()),
            "HL" => {
                self.emit(out);
                match seg.text(3) {
                    "20" => {
                        self.billing = Billing::default();
                        self.subscriber = Subscriber::default();
                        self.dependent = None;
                        self.ctx = Ctx::Header;
                    }
                    "22" => {
                        self.subscriber = Subscriber::default();
                        self.dependent = None;
                        self.ctx = Ctx::Header;
                    }
                    "23" => {
                        self.dependent = Some(Dependent::default());
                        self.ctx = Ctx::Header;
                    }
                    other => file.unmapped(format!("HL level {}", shown(other)), seg.at()),
                }
            }
            "CLM" => {
                self.emit(out);
                self.claims += 1;
                self.ctx = Ctx::Claim;
                self.claim = Some(Box::new(self.start_claim(seg)));
            }
            _ => {
                if let Some(claim) = self.claim.as_mut() {
                    claim.last = seg.number;
                    self.claim_segment(seg);
                } else {
                    self.header_segment(seg, file);
                }
            }
        }
    }

    fn header_segment(&mut self, seg: &Segment, file: &mut ImportReport) {
        match seg.id() {
            "NM1" => match seg.text(1) {
                "85" => {
                    self.ctx = Ctx::Billing;
                    let name = person_name(seg);
                    let p = &mut self.billing.provider;
                    if !name.is_empty() {
                        p.name = name;
                        set_fill(&mut self.billing.fills, "claim.provider.name", seg.at_element(3));
                    }
                    if seg.text(8) == "XX" && !seg.text(9).is_empty() {
                        p.npi = seg.text(9).to_string();
                        set_fill(&mut self.billing.fills, "claim.provider.npi", seg.at_element(9));
                    }
                }
                "IL" => {
                    self.ctx = Ctx::Subscriber;
                    let s = &mut self.subscriber;
                    if !seg.text(3).is_empty() {
                        s.patient.last_name = seg.text(3).to_string();
                        set_fill(&mut s.fills, "claim.patient.last_name", seg.at_element(3));
                    }
                    if !seg.text(4).is_empty() {
                        s.patient.first_name = seg.text(4).to_string();
                        set_fill(&mut s.fills, "claim.patient.first_name", seg.at_element(4));
                    }
                    if !seg.text(9).is_empty() {
                        s.patient.member_id = Some(seg.text(9).to_string());
                        set_fill(&mut s.fills, "claim.patient.member_id", seg.at_element(9));
                    }
                    if !seg.text(5).is_empty() || !seg.text(7).is_empty() {
                        file.unmapped("NM105/NM107 middle name or suffix", seg.at());
                    }
                }
                "PR" => {
                    self.ctx = Ctx::Payer;
                    if !seg.text(3).is_empty() {
                        self.subscriber.payer.name = seg.text(3).to_string();
                        set_fill(&mut self.subscriber.fills, "claim.payer.name", seg.at_element(3));
                    }
                    if !seg.text(9).is_empty() {
                        file.unmapped("NM1*PR payer identifier (NM109)", seg.at_element(9));
                    }
                }
                "QC" => {
                    self.ctx = Ctx::Patient;
                    let d = self.dependent.get_or_insert_with(Dependent::default);
                    if !seg.text(3).is_empty() {
                        d.last = seg.text(3).to_string();
                        set_fill(&mut d.fills, "claim.patient.last_name", seg.at_element(3));
                    }
                    if !seg.text(4).is_empty() {
                        d.first = seg.text(4).to_string();
                        set_fill(&mut d.fills, "claim.patient.first_name", seg.at_element(4));
                    }
                }
                other => {
                    self.ctx = Ctx::OtherParty;
                    let what = match other {
                        "41" => "NM1*41 submitter".to_string(),
                        "40" => "NM1*40 receiver".to_string(),
                        "87" => "NM1*87 pay-to provider".to_string(),
                        "PE" => "NM1*PE pay-to plan".to_string(),
                        _ => format!("NM1*{} party", shown(other)),
                    };
                    file.unmapped(what, seg.at());
                }
            },
            "N3" | "N4" => {
                let (address, base, fills) = match self.ctx {
                    Ctx::Billing => {
                        (&mut self.billing.provider.address, "claim.provider.address", &mut self.billing.fills)
                    }
                    Ctx::Payer => {
                        (&mut self.subscriber.payer.address, "claim.payer.address", &mut self.subscriber.fills)
                    }
                    Ctx::Subscriber | Ctx::Patient => {
                        file.unmapped("patient or subscriber address (N3/N4)", seg.at());
                        return;
                    }
                    _ => {
                        file.unmapped(format!("{} address of another party", seg.id()), seg.at());
                        return;
                    }
                };
                for (field, from) in fill_address(address, seg, base) {
                    set_fill(fills, field, from);
                }
            }
            "REF" => match (self.ctx, seg.text(1)) {
                (Ctx::Billing, q @ ("EI" | "SY")) if !seg.text(2).is_empty() => {
                    self.billing.provider.tin = seg.text(2).to_string();
                    let note =
                        if q == "SY" { " (REF*SY: a Social Security number used as tax ID)" } else { " (REF*EI)" };
                    set_fill(&mut self.billing.fills, "claim.provider.tin", format!("{}{note}", seg.at_element(2)));
                }
                (_, q) => file.unmapped(format!("REF*{} ({})", shown(q), ctx_words(self.ctx)), seg.at()),
            },
            "PER" if self.ctx == Ctx::Billing => {
                let p = &mut self.billing.provider;
                if !seg.text(2).is_empty() {
                    p.contact_name = seg.text(2).to_string();
                    set_fill(&mut self.billing.fills, "claim.provider.contact_name", seg.at_element(2));
                }
                for (q, v) in [(3, 4), (5, 6), (7, 8)] {
                    if seg.text(q) == "TE" && !seg.text(v).is_empty() && p.phone.is_empty() {
                        p.phone = seg.text(v).to_string();
                        set_fill(&mut self.billing.fills, "claim.provider.phone", seg.at_element(v));
                    } else if !seg.text(v).is_empty() {
                        file.unmapped(format!("PER billing contact {}", shown(seg.text(q))), seg.at_element(v));
                    }
                }
            }
            "DMG" => {
                let (dob, ok) = x12::date(seg.text(2));
                if !ok && !seg.text(2).is_empty() {
                    file.warn(
                        "bad_date",
                        seg.at_element(2),
                        "the date of birth is not a valid CCYYMMDD date; kept as written",
                    );
                }
                let sex = sex_code(seg.text(3));
                match self.ctx {
                    Ctx::Subscriber => {
                        let s = &mut self.subscriber;
                        if !seg.text(2).is_empty() {
                            s.patient.dob = dob;
                            set_fill(&mut s.fills, "claim.patient.dob", seg.at_element(2));
                        }
                        if sex.is_some() {
                            s.patient.sex = sex;
                            set_fill(&mut s.fills, "claim.patient.sex", seg.at_element(3));
                        }
                    }
                    Ctx::Patient => {
                        if let Some(d) = self.dependent.as_mut() {
                            if !seg.text(2).is_empty() {
                                d.dob = dob;
                                set_fill(&mut d.fills, "claim.patient.dob", seg.at_element(2));
                            }
                            if sex.is_some() {
                                d.sex = sex;
                                set_fill(&mut d.fills, "claim.patient.sex", seg.at_element(3));
                            }
                        }
                    }
                    _ => file.unmapped("DMG demographics of another party", seg.at()),
                }
            }
            "SBR" => {
                let s = &mut self.subscriber;
                if !seg.text(3).is_empty() {
                    s.patient.group_number = Some(seg.text(3).to_string());
                    set_fill(&mut s.fills, "claim.patient.group_number", seg.at_element(3));
                }
                if !seg.text(9).is_empty() {
                    s.indicator = Some((seg.text(9).to_string(), seg.at_element(9)));
                }
                if !seg.text(4).is_empty() {
                    file.unmapped("SBR04 group name", seg.at_element(4));
                }
            }
            "PRV" => file.unmapped(format!("PRV*{} provider taxonomy", shown(seg.text(1))), seg.at()),
            "PAT" => file.unmapped("PAT patient relationship", seg.at()),
            other => {
                if seg.has_valid_id() {
                    file.unmapped(format!("{other} segment (before any claim)"), seg.at());
                } else {
                    file.warn("bad_segment_id", seg.at(), "a segment ID is malformed; the segment was ignored");
                }
            }
        }
    }

    fn start_claim(&self, seg: &Segment) -> Claim {
        let mut report = ImportReport::new(format!(
            "837 transaction {} claim {}, segment {}",
            self.ordinal, self.claims, seg.number
        ));
        let mut case = Case { schema_version: SCHEMA_VERSION.to_string(), ..Case::default() };
        case.claim = ClaimDetails {
            patient: self.subscriber.patient.clone(),
            payer: self.subscriber.payer.clone(),
            provider: self.billing.provider.clone(),
            ..ClaimDetails::default()
        };
        for (field, from) in self.billing.fills.iter().chain(&self.subscriber.fills) {
            report.fill(*field, from.clone());
        }
        if let Some(d) = &self.dependent {
            let p = &mut case.claim.patient;
            p.first_name = d.first.clone();
            p.last_name = d.last.clone();
            p.dob = d.dob.clone();
            p.sex = d.sex.clone();
            let replaced =
                ["claim.patient.first_name", "claim.patient.last_name", "claim.patient.dob", "claim.patient.sex"];
            report.filled.retain(|f| !replaced.iter().any(|path| f.field == *path));
            for (field, from) in &d.fills {
                report.fill(*field, from.clone());
            }
            report.warn(
                "dependent",
                seg.at(),
                "the patient is a dependent (2000C): the member ID is the subscriber's; check it with the payer",
            );
        }
        if let Some((indicator, at)) = &self.subscriber.indicator {
            fill_plan_type(&mut case, &mut report, indicator, at.clone());
        }
        let claim = &mut case.claim.claim;
        claim.claim_type = if self.institutional { "institutional" } else { "professional" }.to_string();
        report.fill("claim.claim.claim_type", format!("{} (transaction set version)", seg.at()));
        claim.claim_number = seg.text(1).to_string();
        if claim.claim_number.is_empty() {
            report.warn("no_claim_number", seg.at_element(1), "the claim has no claim number (CLM01)");
        } else {
            report.fill("claim.claim.claim_number", seg.at_element(1));
        }
        if !seg.text(2).is_empty() {
            let (value, ok) = amount(seg.text(2));
            if !ok {
                report.warn("bad_amount", seg.at_element(2), "the total charge is not a number; kept as written");
            }
            claim.total_charge = Some(value);
            report.fill("claim.claim.total_charge", seg.at_element(2));
        }
        let (facility, frequency) = (seg.component(5, 1), seg.component(5, 3));
        if self.institutional {
            if facility.len() == 2 && frequency.len() == 1 {
                claim.type_of_bill = Some(format!("0{facility}{frequency}"));
                report.fill("claim.claim.type_of_bill", format!("{} + CLM05-3", seg.at_component(5, 1)));
            }
        } else {
            if !facility.is_empty() {
                claim.place_of_service = facility.to_string();
                report.fill("claim.claim.place_of_service", seg.at_component(5, 1));
            }
            if matches!(frequency, "7" | "8") {
                report.warn(
                    "replacement_claim",
                    seg.at_component(5, 3),
                    "the claim is a replacement or void (frequency 7/8) of an earlier claim",
                );
            } else if !frequency.is_empty() {
                report.unmapped("CLM05-3 claim frequency", seg.at_component(5, 3));
            }
        }
        if (6..=20).any(|n| !seg.text(n).is_empty()) {
            report.unmapped(
                "CLM06–CLM20 indicators (signature, assignment, release, related causes, delay reason)",
                seg.at(),
            );
        }
        Claim { case, report, first: seg.number, last: seg.number, line_pos: Vec::new() }
    }

    fn claim_segment(&mut self, seg: &Segment) {
        let institutional = self.institutional;
        let Some(claim) = self.claim.as_mut() else { return };
        let in_line = matches!(self.ctx, Ctx::Line | Ctx::LineReferring | Ctx::LineParty | Ctx::LineAdjudication);
        let id = seg.id();
        // Loops that belong to other payers (2320/2330) or prior adjudication (2430).
        if id == "SBR" {
            self.ctx = Ctx::OtherPayer;
            claim.report.unmapped("2320 other subscriber / other payer loop", seg.at());
            return;
        }
        if id == "SVD" {
            self.ctx = Ctx::LineAdjudication;
            claim.report.unmapped("2430 line adjudication by another payer (SVD, CAS, DTP*573)", seg.at());
            return;
        }
        if id == "LX" {
            self.ctx = Ctx::Line;
            claim.case.claim.claim.lines.push(ServiceLine::default());
            claim.line_pos.push(None);
            return;
        }
        match self.ctx {
            Ctx::OtherPayer => {
                claim.report.unmapped("2320/2330 other payer data", seg.at());
                return;
            }
            Ctx::LineAdjudication => {
                claim.report.unmapped("2430 line adjudication by another payer (SVD, CAS, DTP*573)", seg.at());
                return;
            }
            _ => {}
        }
        let line = claim.case.claim.claim.lines.len().checked_sub(1).filter(|_| in_line);
        match id {
            "NM1" => {
                let name = person_name(seg);
                let npi = if seg.text(8) == "XX" { seg.text(9) } else { "" };
                match (seg.text(1), line) {
                    ("DN" | "P3", _) => {
                        self.ctx = if line.is_some() { Ctx::LineReferring } else { Ctx::Referring };
                        let details = &mut claim.case.claim;
                        let new = ReferringProvider { name: name.clone(), npi: npi.to_string(), ..Default::default() };
                        match &details.referring_provider {
                            None => {
                                details.referring_provider = Some(new);
                                let note = if line.is_some() { " (2420F line referring provider)" } else { " (2310A)" };
                                claim
                                    .report
                                    .fill("claim.referring_provider.name", format!("{}{note}", seg.at_element(3)));
                                if !npi.is_empty() {
                                    claim.report.fill("claim.referring_provider.npi", seg.at_element(9));
                                }
                            }
                            Some(existing) if existing.npi != new.npi || existing.name != new.name => {
                                claim.report.warn(
                                    "several_referring",
                                    seg.at(),
                                    "a line names a different referring provider than the claim; the claim's is kept",
                                );
                            }
                            Some(_) => {}
                        }
                    }
                    ("82", None) => {
                        self.ctx = Ctx::ClaimParty;
                        claim.case.claim.rendering_provider = Some(crate::core::model::RenderingProvider {
                            name,
                            npi: npi.to_string(),
                            ..Default::default()
                        });
                        claim.report.fill("claim.rendering_provider", format!("{} (2310B)", seg.at()));
                    }
                    ("77", None) => {
                        self.ctx = Ctx::Facility;
                        claim.case.claim.facility = Some(Facility {
                            name: seg.text(3).to_string(),
                            npi: npi.to_string(),
                            ..Default::default()
                        });
                        claim.report.fill("claim.facility.name", format!("{} (2310C)", seg.at_element(3)));
                        if !npi.is_empty() {
                            claim.report.fill("claim.facility.npi", seg.at_element(9));
                        }
                    }
                    (q, l) => {
                        self.ctx = if l.is_some() { Ctx::LineParty } else { Ctx::ClaimParty };
                        let level = if l.is_some() { "line" } else { "claim" };
                        claim.report.unmapped(format!("NM1*{} party ({level})", shown(q)), seg.at());
                    }
                }
            }
            "N3" | "N4" if self.ctx == Ctx::Facility => {
                if let Some(facility) = claim.case.claim.facility.as_mut() {
                    let address = facility.address.get_or_insert_with(Default::default);
                    for (field, from) in fill_address(address, seg, "claim.facility.address") {
                        claim.report.fill(field, from);
                    }
                }
            }
            "HI" if line.is_none() => claim.diagnoses(seg),
            "REF" => claim.reference(seg, line),
            "DTP" => claim.date(seg, line, institutional),
            "SV1" if let Some(i) = line => claim.sv1(seg, i),
            "SV2" if let Some(i) = line => claim.sv2(seg, i),
            "PWK" => claim.report.unmapped("PWK attachment reference", seg.at()),
            other => {
                if seg.has_valid_id() {
                    let level = if line.is_some() { "line" } else { "claim" };
                    let q = seg.text(1);
                    let what = if matches!(other, "AMT" | "QTY" | "MEA" | "CN1" | "CRC" | "CR1" | "PRV" | "K3" | "NTE")
                    {
                        format!("{other}*{} ({level})", shown(q))
                    } else {
                        format!("{other} segment ({level})")
                    };
                    claim.report.unmapped(what, seg.at());
                } else {
                    claim.report.warn("bad_segment_id", seg.at(), "a segment ID is malformed; the segment was ignored");
                }
            }
        }
    }
}

fn ctx_words(ctx: Ctx) -> &'static str {
    match ctx {
        Ctx::Billing => "billing provider",
        Ctx::Subscriber => "subscriber",
        Ctx::Payer => "payer",
        Ctx::Patient => "patient",
        _ => "header",
    }
}

impl Claim {
    fn diagnoses(&mut self, seg: &Segment) {
        for n in 1..=12 {
            let qualifier = seg.component(n, 1);
            let code = seg.component(n, 2);
            if qualifier.is_empty() && code.is_empty() {
                continue;
            }
            match qualifier {
                "ABK" | "ABF" | "BK" | "BF" => {
                    if qualifier.starts_with('B') {
                        self.report.warn("icd9", seg.at_component(n, 1), "an ICD-9 diagnosis (BK/BF) is on the claim");
                    }
                    let (code, added) =
                        if qualifier.starts_with('A') { icd10_with_decimal(code) } else { (code.to_string(), false) };
                    let index = self.case.claim.claim.diagnoses.len();
                    self.case.claim.claim.diagnoses.push(code);
                    let note = if added { " (decimal point restored)" } else { "" };
                    self.report
                        .fill(format!("claim.claim.diagnoses[{index}]"), format!("{}{note}", seg.at_component(n, 2)));
                }
                q => self
                    .report
                    .unmapped(format!("HI {} code (not a diagnosis list entry)", shown(q)), seg.at_element(n)),
            }
        }
    }

    fn reference(&mut self, seg: &Segment, line: Option<usize>) {
        let (q, value) = (seg.text(1), seg.text(2));
        if value.is_empty() {
            self.report.warn("empty_reference", seg.at_element(2), "a reference (REF) has no value");
            return;
        }
        match q {
            "G1" => {
                let claim = &mut self.case.claim.claim;
                match &claim.prior_authorization {
                    None => {
                        claim.prior_authorization =
                            Some(PriorAuthorization { number: value.to_string(), ..PriorAuthorization::default() });
                        self.report.fill("claim.claim.prior_authorization.number", seg.at_element(2));
                    }
                    Some(existing) if existing.number != value => self.report.warn(
                        "several_authorizations",
                        seg.at_element(2),
                        "more than one prior-authorization number is given; only the first was kept",
                    ),
                    Some(_) => {}
                }
            }
            "F8" if line.is_none() => {
                self.case.claim.claim.payer_claim_number = Some(value.to_string());
                self.report.fill("claim.claim.payer_claim_number", format!("{} (REF*F8)", seg.at_element(2)));
            }
            other => {
                let level = if line.is_some() { "line" } else { "claim" };
                self.report.unmapped(format!("REF*{} ({level})", shown(other)), seg.at());
            }
        }
    }

    fn date(&mut self, seg: &Segment, line: Option<usize>, institutional: bool) {
        let q = seg.text(1);
        let (from, to, ok) = x12::date_range(seg.text(3));
        let at = seg.at_element(3);
        match (q, line) {
            ("472", Some(i)) => {
                if !ok {
                    self.report.warn(
                        "bad_date",
                        at.clone(),
                        "a service date is not a valid CCYYMMDD date; kept as written",
                    );
                }
                if let Some(l) = self.case.claim.claim.lines.get_mut(i) {
                    l.from = Some(from);
                    self.report.fill(FieldPath::Line(i, LineField::From), at.clone());
                    if let Some(to) = to {
                        l.to = Some(to);
                        self.report.fill(FieldPath::Line(i, LineField::To), at);
                    }
                }
            }
            ("434", None) if institutional => {
                if !ok {
                    self.report.warn("bad_date", at.clone(), "the statement period is not CCYYMMDD; kept as written");
                }
                let claim = &mut self.case.claim.claim;
                claim.from = Some(from);
                self.report.fill("claim.claim.from", format!("{at} (statement period)"));
                if let Some(to) = to {
                    claim.to = Some(to);
                    self.report.fill("claim.claim.to", format!("{at} (statement period)"));
                }
            }
            (q, l) => {
                let level = if l.is_some() { "line" } else { "claim" };
                self.report.unmapped(format!("DTP*{} ({level})", shown(q)), seg.at());
            }
        }
    }

    fn procedure(&mut self, seg: &Segment, n: usize, i: usize) {
        let (qualifier, code) = (seg.component(n, 1), seg.component(n, 2));
        let Some(line) = self.case.claim.claim.lines.get_mut(i) else { return };
        if !code.is_empty() {
            line.cpt_or_hcpcs = Some(code.to_string());
            self.report.fill(FieldPath::Line(i, LineField::Code), seg.at_component(n, 2));
            if !matches!(qualifier, "HC" | "ER" | "IV" | "WK") {
                self.report.warn(
                    "unknown_qualifier",
                    seg.at_component(n, 1),
                    "the product/service qualifier is not HC (CPT/HCPCS); check the code",
                );
            }
        }
        for k in 3..=6 {
            let modifier = seg.component(n, k);
            if !modifier.is_empty() {
                line.modifiers.push(modifier.to_string());
                self.report.fill(
                    FieldPath::LineItem(i, LineField::Modifiers, line.modifiers.len() - 1),
                    seg.at_component(n, k),
                );
            }
        }
        if !seg.component(n, 7).is_empty() {
            self.report.unmapped("procedure description (composite part 7)", seg.at_component(n, 7));
        }
    }

    fn charge_units(&mut self, seg: &Segment, i: usize, charge_n: usize, units_n: usize) {
        let Some(line) = self.case.claim.claim.lines.get_mut(i) else { return };
        if !seg.text(charge_n).is_empty() {
            let (value, ok) = amount(seg.text(charge_n));
            if !ok {
                self.report.warn(
                    "bad_amount",
                    seg.at_element(charge_n),
                    "the line charge is not a number; kept as written",
                );
            }
            line.charge = value;
            self.report.fill(FieldPath::Line(i, LineField::Charge), seg.at_element(charge_n));
        }
        if !seg.text(units_n).is_empty() {
            let (value, ok) = units(seg.text(units_n));
            if !ok {
                self.report.warn(
                    "bad_units",
                    seg.at_element(units_n),
                    "the units are not a whole number; kept as written",
                );
            }
            line.units = value;
            self.report.fill(FieldPath::Line(i, LineField::Units), seg.at_element(units_n));
        }
        if seg.text(units_n - 1) == "MJ" {
            self.report.warn("minutes", seg.at_element(units_n - 1), "the units are minutes (MJ), not service units");
        }
    }

    fn sv1(&mut self, seg: &Segment, i: usize) {
        self.procedure(seg, 1, i);
        self.charge_units(seg, i, 2, 4);
        let pos = seg.text(5);
        if !pos.is_empty()
            && let Some(slot) = self.line_pos.get_mut(i)
        {
            *slot = Some((pos.to_string(), seg.at_element(5)));
        }
        let Some(line) = self.case.claim.claim.lines.get_mut(i) else { return };
        for k in 1..=4 {
            let pointer = seg.component(7, k);
            if pointer.is_empty() {
                continue;
            }
            let (value, ok) = units(pointer);
            if !ok {
                self.report.warn("bad_pointer", seg.at_component(7, k), "a diagnosis pointer is not a number");
            }
            line.icd10_pointers.push(value);
            self.report.fill(
                FieldPath::LineItem(i, LineField::Pointers, line.icd10_pointers.len() - 1),
                seg.at_component(7, k),
            );
        }
        if seg.text(9) == "Y" {
            self.report.warn(
                "emergency_indicator",
                seg.at_element(9),
                "the line is marked as an emergency (SV109 Y): the reason for no authorization may be \"emergency\"",
            );
        }
        if [6, 8, 10, 11, 12].iter().any(|n| !seg.text(*n).is_empty()) {
            self.report.unmapped("SV1 other indicators (SV106, SV108, SV110–SV112)", seg.at());
        }
    }

    fn sv2(&mut self, seg: &Segment, i: usize) {
        if let Some(line) = self.case.claim.claim.lines.get_mut(i)
            && !seg.text(1).is_empty()
        {
            line.revenue_code = Some(seg.text(1).to_string());
            self.report.fill(FieldPath::Line(i, LineField::RevenueCode), seg.at_element(1));
        }
        self.procedure(seg, 2, i);
        self.charge_units(seg, i, 3, 5);
    }

    fn finish(mut self, institutional: bool) -> ImportedCase {
        self.report.source = format!("{}–{}", self.report.source.replacen(", segment ", ", segments ", 1), self.last);
        let first = self.first;
        let claim = &mut self.case.claim.claim;
        // Line place of service that differs from the claim's: the case has one per claim.
        for (i, pos) in self.line_pos.iter().enumerate() {
            if let Some((pos, at)) = pos
                && pos != &claim.place_of_service
            {
                if claim.place_of_service.trim().is_empty() {
                    claim.place_of_service = pos.clone();
                    self.report.fill("claim.claim.place_of_service", at.clone());
                } else {
                    self.report.warn(
                        "line_place_of_service",
                        at.clone(),
                        format!("line {} has its own place of service; the case keeps the claim's", i + 1),
                    );
                }
            }
        }
        if !institutional || (claim.from.is_none() && claim.date_of_service.is_none()) {
            super::dates_from_lines(
                claim,
                &mut self.report,
                [
                    "the line dates (DTP*472), all the same day",
                    "the earliest line date (DTP*472)",
                    "the latest line date (DTP*472)",
                ],
            );
        }
        if claim.lines.is_empty() {
            self.report.warn("no_lines", format!("segment {first} (CLM)"), "the claim has no service lines (LX/SV1)");
        }
        for (i, line) in claim.lines.iter_mut().enumerate() {
            if matches!(line.units, Lenient::Raw(Value::Null))
                && (line.cpt_or_hcpcs.is_some() || line.revenue_code.is_some())
            {
                self.report.warn("no_units", format!("claim line {}", i + 1), "a service line has no units");
            }
        }
        self.report.warn(
            "no_denial",
            format!("segment {first} (CLM)"),
            "an 837 is the claim as sent: the denial date and codes come from the remittance (835) or the payer's letter",
        );
        let number = claim.claim_number.clone();
        self.case.title = Some(format!("Claim {number} (837 import)"));
        ImportedCase {
            case: self.case,
            report: self.report,
            auth_related: false,
            carc: Vec::new(),
            rarc: Vec::new(),
            remit: None,
        }
    }
}
