//! X12 835 (5010 X221A1) health care claim payment/advice → one case per claim (CLP).
//!
//! | 835 | case |
//! |---|---|
//! | BPR16 payment date (else DTM*405 production date) | `claim.claim.denial.date` |
//! | 1000A N1*PR, N3, N4, PER (TE/FX) | `claim.payer` name, address, phone, fax |
//! | 1000B N1*PE (N103 XX → NPI, FI → TIN), N3, N4, REF*TJ | `claim.provider` |
//! | CLP01 / CLP03 / CLP06 / CLP07 / CLP08 | claim number / total charge / plan type / `claim.claim.payer_claim_number` (extra) / place of service |
//! | CAS (group + up to 6 reason/amount/quantity triples), claim and line | `denial.carc`, `.text`; [`AdjustmentCode`]s |
//! | MOA03–07, MIA05 and MIA20–24, LQ*HE | `denial.rarc`; [`RemarkCode`]s |
//! | NM1*QC (NM103 last, NM104 first, NM109 member ID); NM1*IL NM109 if QC has none; NM1*74 corrections | `claim.patient` |
//! | NM1*82 rendering provider | `claim.rendering_provider` (extra) |
//! | REF*1L/6P group, REF*1W member ID, REF*G1/BB authorization | patient group number, member ID, `prior_authorization.number` |
//! | DTM*232/233 statement period, DTM*050 received | claim from/to (or date of service), original submission date |
//! | SVC01 (HC/AD/ER/HP/IV/WK code + modifiers; NU revenue code), SVC02, SVC04, SVC05 (SVC06/SVC07 when the payer changed the billed code or units), DTM*472/150/151 | `claim.claim.lines[i]` |
//!
//! The claim type is professional unless the claim shows institutional signs (MIA, revenue
//! codes, a DRG); then CLP08 + CLP09 give the type of bill. Everything else (BPR amounts and bank
//! data, TRN, PLB, AMT, QTY, line paid amounts…) is listed as unmapped with its position.

use super::x12::{self, Segment};
use super::{
    AdjustmentCode, FieldPath, ImportReport, ImportedCase, RemarkCode, RemitInfo, adjustment, amount,
    claim_status_words, fill_denial_codes, fill_plan_type, remark, units,
};
use crate::core::form::LineField;
use crate::core::model::{
    Address, Case, ClaimDetails, Lenient, Payer, PriorAuthorization, Provider, SCHEMA_VERSION, ServiceLine,
};
use serde_json::Value;

/// A qualifier or code that is safe to quote: at most 3 upper-case letters or digits.
pub(crate) fn shown(code: &str) -> &str {
    let c = code.trim();
    if !c.is_empty() && c.len() <= 3 && c.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
        c
    } else {
        "?"
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Party {
    None,
    Payer,
    Payee,
    Other,
}

/// One 835 transaction set being read.
pub(crate) struct Era {
    ordinal: usize,
    party: Party,
    payer: Payer,
    provider: Provider,
    fills: Vec<(&'static str, String)>,
    payment_date: Option<(String, String)>,
    production_date: Option<(String, String)>,
    claim: Option<Box<ClaimBuilder>>,
    claims: usize,
}

struct ClaimBuilder {
    case: Case,
    report: ImportReport,
    carc: Vec<AdjustmentCode>,
    rarc: Vec<RemarkCode>,
    remit: RemitInfo,
    first: usize,
    last: usize,
    line: Option<usize>,
    institutional: bool,
    clp08: (String, String),
    clp09: String,
    patient_id: Option<(String, String)>,
    insured: Option<(String, String, String, String)>,
    statement_from: Option<(String, String)>,
    statement_to: Option<(String, String)>,
}

impl Era {
    pub(crate) fn new(ordinal: usize) -> Era {
        Era {
            ordinal,
            party: Party::None,
            payer: Payer::default(),
            provider: Provider::default(),
            fills: Vec::new(),
            payment_date: None,
            production_date: None,
            claim: None,
            claims: 0,
        }
    }

    fn fill(&mut self, field: &'static str, from: String) {
        set_fill(&mut self.fills, field, from);
    }

    /// Lists the header fields with their exact positions in the file report, once.
    fn publish_header(&self, file: &mut ImportReport) {
        for (field, from) in &self.fills {
            file.fill(*field, format!("{from}, transaction set {}", self.ordinal));
        }
        if let Some((_, from)) = self.payment_date.as_ref().or(self.production_date.as_ref()) {
            file.fill("claim.claim.denial.date", format!("{from}, transaction set {}", self.ordinal));
        }
    }

    pub(crate) fn finish(&mut self, out: &mut Vec<ImportedCase>, file: &mut ImportReport) {
        if let Some(claim) = self.claim.take() {
            out.push(claim.finish());
        }
        if self.claims == 0 {
            file.warn(
                "no_claims",
                format!("835 transaction set {}", self.ordinal),
                "the transaction set has no claim (CLP)",
            );
        }
    }

    pub(crate) fn segment(&mut self, seg: &Segment, out: &mut Vec<ImportedCase>, file: &mut ImportReport) {
        let id = seg.id();
        match id {
            "BPR" => {
                let raw = seg.text(16);
                if !raw.is_empty() {
                    let (date, ok) = x12::date(raw);
                    if !ok {
                        file.warn(
                            "bad_date",
                            seg.at_element(16),
                            "the payment date (BPR16) is not a valid CCYYMMDD calendar date; kept as written",
                        );
                    }
                    self.payment_date = Some((date, format!("{} (payment date)", seg.at_element(16))));
                }
                file.unmapped("BPR payment amount, method and bank details", seg.at());
            }
            "TRN" => file.unmapped("TRN check or EFT trace number", seg.at()),
            "CUR" => file.unmapped("CUR currency", seg.at()),
            "RDM" => file.unmapped("RDM remittance delivery method", seg.at()),
            "N1" => self.party(seg, file),
            "N3" | "N4" if self.claim.is_none() => self.address(seg, file),
            "PER" if self.claim.is_none() => self.contact(seg, file),
            "REF" if self.claim.is_none() => {
                if self.party == Party::Payee && matches!(seg.text(1), "TJ") && !seg.text(2).is_empty() {
                    if self.provider.tin.trim().is_empty() {
                        self.provider.tin = seg.text(2).to_string();
                        self.fill("claim.provider.tin", seg.at_element(2));
                    }
                } else {
                    file.unmapped(format!("REF*{} (header)", shown(seg.text(1))), seg.at());
                }
            }
            "DTM" if self.claim.is_none() => {
                if seg.text(1) == "405" {
                    let (date, ok) = x12::date(seg.text(2));
                    if !ok {
                        file.warn(
                            "bad_date",
                            seg.at_element(2),
                            "the production date (DTM*405) is not a valid CCYYMMDD calendar date",
                        );
                    }
                    self.production_date = Some((date, format!("{} (DTM*405 production date)", seg.at_element(2))));
                } else {
                    file.unmapped(format!("DTM*{} (header)", shown(seg.text(1))), seg.at());
                }
            }
            "LX" => {
                self.emit(out);
                self.party = Party::None;
            }
            "TS3" | "TS2" => file.unmapped(format!("{id} provider summary"), seg.at()),
            "PLB" => {
                self.emit(out);
                file.unmapped("PLB provider-level adjustment", seg.at());
            }
            "CLP" => {
                self.emit(out);
                self.party = Party::None;
                if self.claims == 0 {
                    self.publish_header(file);
                }
                self.claims += 1;
                self.claim = Some(Box::new(self.start_claim(seg)));
            }
            _ => match self.claim.as_mut() {
                Some(claim) => {
                    claim.last = seg.number;
                    claim.segment(seg);
                }
                None => {
                    if seg.has_valid_id() {
                        file.unmapped(format!("{} segment (header)", seg.id()), seg.at());
                    } else {
                        file.warn("bad_segment_id", seg.at(), "a segment ID is malformed; the segment was ignored");
                    }
                }
            },
        }
    }

    fn emit(&mut self, out: &mut Vec<ImportedCase>) {
        if let Some(claim) = self.claim.take() {
            out.push(claim.finish());
        }
    }

    fn party(&mut self, seg: &Segment, file: &mut ImportReport) {
        if let Some(claim) = self.claim.as_mut() {
            claim.report.unmapped(format!("N1*{} inside a claim", shown(seg.text(1))), seg.at());
            return;
        }
        let name = seg.text(2);
        match seg.text(1) {
            "PR" => {
                self.party = Party::Payer;
                if !name.is_empty() {
                    self.payer.name = name.to_string();
                    self.fill("claim.payer.name", seg.at_element(2));
                }
                if !seg.text(4).is_empty() {
                    file.unmapped("N1*PR payer identifier (N103/N104)", seg.at());
                }
            }
            "PE" => {
                self.party = Party::Payee;
                if !name.is_empty() {
                    self.provider.name = name.to_string();
                    self.fill("claim.provider.name", format!("{} (payee)", seg.at_element(2)));
                }
                let id = seg.text(4);
                match seg.text(3) {
                    "XX" if !id.is_empty() => {
                        self.provider.npi = id.to_string();
                        self.fill("claim.provider.npi", format!("{} (N103 XX: NPI)", seg.at_element(4)));
                    }
                    "FI" if !id.is_empty() => {
                        self.provider.tin = id.to_string();
                        self.fill("claim.provider.tin", format!("{} (N103 FI: tax ID)", seg.at_element(4)));
                    }
                    _ if !id.is_empty() => {
                        file.unmapped(format!("N1*PE identifier qualifier {}", shown(seg.text(3))), seg.at());
                    }
                    _ => {}
                }
            }
            other => {
                self.party = Party::Other;
                file.unmapped(format!("N1*{} party", shown(other)), seg.at());
            }
        }
    }

    fn address(&mut self, seg: &Segment, file: &mut ImportReport) {
        let (address, base) = match self.party {
            Party::Payer => (&mut self.payer.address, "claim.payer.address"),
            Party::Payee => (&mut self.provider.address, "claim.provider.address"),
            Party::None | Party::Other => {
                file.unmapped(format!("{} address outside the payer and payee", seg.id()), seg.at());
                return;
            }
        };
        for (field, from) in fill_address(address, seg, base) {
            set_fill(&mut self.fills, field, from);
        }
    }

    fn contact(&mut self, seg: &Segment, file: &mut ImportReport) {
        if self.party != Party::Payer {
            file.unmapped("PER contact (not the payer's)", seg.at());
            return;
        }
        for (q, v) in [(3, 4), (5, 6), (7, 8)] {
            let value = seg.text(v);
            if value.is_empty() {
                continue;
            }
            match seg.text(q) {
                "TE" if self.payer.phone.trim().is_empty() || seg.text(1) == "CX" => {
                    self.payer.phone = value.to_string();
                    self.fill("claim.payer.phone", seg.at_element(v));
                }
                "FX" => {
                    self.payer.fax = value.to_string();
                    self.fill("claim.payer.fax", seg.at_element(v));
                }
                q => file.unmapped(format!("PER*{} payer contact {}", shown(seg.text(1)), shown(q)), seg.at_element(v)),
            }
        }
    }

    fn start_claim(&self, seg: &Segment) -> ClaimBuilder {
        let mut report = ImportReport::new(String::new());
        let mut case = Case { schema_version: SCHEMA_VERSION.to_string(), ..Case::default() };
        case.claim =
            ClaimDetails { payer: self.payer.clone(), provider: self.provider.clone(), ..ClaimDetails::default() };
        for (field, _) in &self.fills {
            report.fill(*field, header_source(field));
        }
        match self.payment_date.as_ref().or(self.production_date.as_ref()) {
            Some((date, _)) => {
                case.claim.claim.denial.date = date.clone();
                let from = if self.payment_date.is_some() {
                    "BPR16 payment date (position in the file report)"
                } else {
                    "DTM*405 production date (position in the file report)"
                };
                report.fill("claim.claim.denial.date", from);
            }
            None => report.warn(
                "no_payment_date",
                seg.at(),
                "the remittance has no payment date (BPR16) or production date (DTM*405) for the denial date",
            ),
        }
        let claim = &mut case.claim.claim;
        claim.claim_type = "professional".to_string();
        claim.claim_number = seg.text(1).to_string();
        if claim.claim_number.is_empty() {
            report.warn("no_claim_number", seg.at_element(1), "the claim has no patient control number (CLP01)");
        } else {
            report.fill("claim.claim.claim_number", format!("{} (patient control number)", seg.at_element(1)));
        }
        let charge = seg.text(3);
        if !charge.is_empty() {
            let (value, ok) = amount(charge);
            if !ok {
                report.warn("bad_amount", seg.at_element(3), "the total charge is not a number; kept as written");
            }
            claim.total_charge = Some(value);
            report.fill("claim.claim.total_charge", seg.at_element(3));
        }
        let payer_claim_number = seg.text(7).to_string();
        if !payer_claim_number.is_empty() {
            claim.payer_claim_number = Some(payer_claim_number.clone());
            report
                .fill("claim.claim.payer_claim_number", format!("{} (payer claim control number)", seg.at_element(7)));
        }
        let drg = seg.text(11);
        let mut institutional = false;
        if !drg.is_empty() {
            claim.drg = Some(drg.to_string());
            report.fill("claim.claim.drg", seg.at_element(11));
            institutional = true;
        }
        for (n, what) in [(10, "CLP10 patient status"), (12, "CLP12 DRG weight"), (13, "CLP13 discharge fraction")] {
            if !seg.text(n).is_empty() {
                report.unmapped(what, seg.at_element(n));
            }
        }
        let indicator = seg.text(6).to_string();
        fill_plan_type(&mut case, &mut report, &indicator, seg.at_element(6));
        let status_code = seg.text(2).to_string();
        let remit = RemitInfo {
            status: claim_status_words(&status_code),
            status_code,
            charge: charge.to_string(),
            paid: seg.text(4).to_string(),
            patient_responsibility: seg.text(5).to_string(),
            payer_claim_number,
        };
        if remit.status_code == "22" {
            report.warn(
                "reversal",
                seg.at_element(2),
                "this claim entry reverses an earlier payment (CLP02 22); the corrected claim usually follows",
            );
        }
        let claims = self.claims;
        report.source = format!("835 transaction {} claim {claims}, segment {}", self.ordinal, seg.number);
        ClaimBuilder {
            case,
            report,
            carc: Vec::new(),
            rarc: Vec::new(),
            remit,
            first: seg.number,
            last: seg.number,
            line: None,
            institutional,
            clp08: (seg.text(8).to_string(), seg.at_element(8)),
            clp09: seg.text(9).to_string(),
            patient_id: None,
            insured: None,
            statement_from: None,
            statement_to: None,
        }
    }
}

/// Records where a header field came from; a later segment filling the same field replaces the
/// entry (the list stays as short as the set of fields, whatever the input).
pub(crate) fn set_fill(fills: &mut Vec<(&'static str, String)>, field: &'static str, from: String) {
    match fills.iter_mut().find(|(f, _)| *f == field) {
        Some(entry) => entry.1 = from,
        None => fills.push((field, from)),
    }
}

/// Where a header field comes from, for the per-claim report (the exact segment positions are
/// in the file report, once per transaction set, rather than copied into every claim).
fn header_source(field: &str) -> &'static str {
    match field {
        "claim.payer.name" => "N1*PR N102: payer loop 1000A (positions in the file report)",
        "claim.payer.phone" => "PER TE of the payer loop 1000A (positions in the file report)",
        "claim.payer.fax" => "PER FX of the payer loop 1000A (positions in the file report)",
        "claim.provider.name" => "N1*PE N102: payee loop 1000B (positions in the file report)",
        "claim.provider.npi" => "N1*PE N104 with N103 XX: payee loop 1000B (positions in the file report)",
        "claim.provider.tin" => "N1*PE N104 with N103 FI, or REF*TJ: payee loop 1000B (positions in the file report)",
        f if f.starts_with("claim.payer.address") => "N3/N4 of the payer loop 1000A (positions in the file report)",
        f if f.starts_with("claim.provider.address") => "N3/N4 of the payee loop 1000B (positions in the file report)",
        _ => "835 header (positions in the file report)",
    }
}

/// The field path of an address part (static, so reports do not allocate it per claim).
fn address_field(base: &str, part: &str) -> &'static str {
    match (base, part) {
        ("claim.payer.address", "line1") => "claim.payer.address.line1",
        ("claim.payer.address", "line2") => "claim.payer.address.line2",
        ("claim.payer.address", "city") => "claim.payer.address.city",
        ("claim.payer.address", "state") => "claim.payer.address.state",
        ("claim.payer.address", "zip") => "claim.payer.address.zip",
        ("claim.provider.address", "line1") => "claim.provider.address.line1",
        ("claim.provider.address", "line2") => "claim.provider.address.line2",
        ("claim.provider.address", "city") => "claim.provider.address.city",
        ("claim.provider.address", "state") => "claim.provider.address.state",
        ("claim.provider.address", "zip") => "claim.provider.address.zip",
        (_, "line1") => "claim.facility.address.line1",
        (_, "line2") => "claim.facility.address.line2",
        (_, "city") => "claim.facility.address.city",
        (_, "state") => "claim.facility.address.state",
        _ => "claim.facility.address.zip",
    }
}

/// Fills an address from N3 or N4, returning (field, from) pairs. `base` is
/// `claim.payer.address`, `claim.provider.address` or `claim.facility.address`.
pub(crate) fn fill_address(address: &mut Address, seg: &Segment, base: &str) -> Vec<(&'static str, String)> {
    let mut fills = Vec::new();
    let mut set = |target: &mut String, n: usize, name: &str| {
        let value = seg.text(n);
        if !value.is_empty() {
            *target = value.to_string();
            fills.push((address_field(base, name), seg.at_element(n)));
        }
    };
    if seg.id() == "N3" {
        set(&mut address.line1, 1, "line1");
        let line2 = seg.text(2);
        if !line2.is_empty() {
            address.line2 = Some(line2.to_string());
            fills.push((address_field(base, "line2"), seg.at_element(2)));
        }
    } else {
        set(&mut address.city, 1, "city");
        set(&mut address.state, 2, "state");
        set(&mut address.zip, 3, "zip");
    }
    fills
}

impl ClaimBuilder {
    fn line_path(&self, field: LineField) -> FieldPath {
        FieldPath::Line(self.line.unwrap_or(0), field)
    }

    fn segment(&mut self, seg: &Segment) {
        match seg.id() {
            "CAS" => self.cas(seg),
            "NM1" => self.name(seg),
            "MIA" => {
                self.institutional = true;
                for n in [5, 20, 21, 22, 23, 24] {
                    self.remark_at(seg, n);
                }
                self.report.unmapped("MIA inpatient adjudication amounts", seg.at());
            }
            "MOA" => {
                for n in 3..=7 {
                    self.remark_at(seg, n);
                }
                if [1, 2, 8, 9].iter().any(|n| !seg.text(*n).is_empty()) {
                    self.report.unmapped("MOA outpatient adjudication amounts", seg.at());
                }
            }
            "REF" => self.reference(seg),
            "DTM" => self.date(seg),
            "SVC" => self.service(seg),
            "LQ" => {
                if seg.text(1) == "HE" && !seg.text(2).is_empty() {
                    self.rarc.push(remark(seg.text(2), self.line));
                } else {
                    self.report.unmapped(format!("LQ*{} form or remark code", shown(seg.text(1))), seg.at());
                }
            }
            "AMT" | "QTY" => {
                let level = if self.line.is_some() { "line" } else { "claim" };
                self.report.unmapped(format!("{}*{} ({level})", seg.id(), shown(seg.text(1))), seg.at());
            }
            "PER" => self.report.unmapped("PER claim contact", seg.at()),
            _ => {
                if seg.has_valid_id() {
                    self.report.unmapped(format!("{} segment", seg.id()), seg.at());
                } else {
                    self.report.warn("bad_segment_id", seg.at(), "a segment ID is malformed; the segment was ignored");
                }
            }
        }
    }

    fn remark_at(&mut self, seg: &Segment, n: usize) {
        let code = seg.text(n);
        if !code.is_empty() {
            self.rarc.push(remark(code, None));
        }
    }

    fn cas(&mut self, seg: &Segment) {
        let group = seg.text(1);
        if group.is_empty() {
            self.report.warn("bad_adjustment", seg.at_element(1), "an adjustment (CAS) has no group code");
        }
        for k in 0..6 {
            let (r, a) = (2 + 3 * k, 3 + 3 * k);
            let reason = seg.text(r);
            let value = seg.text(a);
            if reason.is_empty() {
                if !value.is_empty() {
                    self.report.warn("bad_adjustment", seg.at_element(a), "an adjustment amount has no reason code");
                }
                continue;
            }
            if !value.is_empty() && !amount(value).1 {
                self.report.warn("bad_amount", seg.at_element(a), "an adjustment amount is not a number");
            }
            self.carc.push(adjustment(group, reason, value, self.line));
        }
    }

    fn name(&mut self, seg: &Segment) {
        let (last, first, qualifier, id) = (seg.text(3), seg.text(4), seg.text(8), seg.text(9));
        match seg.text(1) {
            "QC" | "74" => {
                let corrected = seg.text(1) == "74";
                let patient = &mut self.case.claim.patient;
                if !last.is_empty() {
                    patient.last_name = last.to_string();
                    self.report.fill("claim.patient.last_name", seg.at_element(3));
                }
                if !first.is_empty() {
                    patient.first_name = first.to_string();
                    self.report.fill("claim.patient.first_name", seg.at_element(4));
                }
                if !id.is_empty() {
                    self.patient_id = Some((id.to_string(), seg.at_element(9)));
                    if qualifier == "34" {
                        self.report.warn(
                            "ssn_identifier",
                            seg.at_element(8),
                            "the patient identifier is a Social Security number (NM108 34); check the member ID",
                        );
                    }
                }
                if !seg.text(5).is_empty() || !seg.text(7).is_empty() {
                    self.report.unmapped("NM105/NM107 middle name or suffix", seg.at());
                }
                if corrected {
                    self.report.warn(
                        "corrected_patient",
                        seg.at(),
                        "the payer corrected the patient's name or ID (NM1*74); the corrected values were used",
                    );
                }
            }
            "IL" => {
                self.insured = Some((last.to_string(), first.to_string(), id.to_string(), seg.at()));
            }
            "82" => {
                let name =
                    if seg.text(2) == "2" || first.is_empty() { last.to_string() } else { format!("{first} {last}") };
                let mut rendering =
                    crate::core::model::RenderingProvider { name: name.trim().to_string(), ..Default::default() };
                if qualifier == "XX" {
                    rendering.npi = id.to_string();
                } else if !id.is_empty() {
                    // Another qualifier's identifier is not an NPI: kept beside it, verbatim.
                    rendering.extra.insert("id".to_string(), Value::String(id.to_string()));
                }
                if !rendering.name.is_empty() || !rendering.npi.is_empty() || !rendering.extra.is_empty() {
                    self.case.claim.rendering_provider = Some(rendering);
                    self.report.fill("claim.rendering_provider", format!("{} (rendering provider)", seg.at()));
                }
            }
            other => self.report.unmapped(format!("NM1*{} party", shown(other)), seg.at()),
        }
    }

    fn reference(&mut self, seg: &Segment) {
        let (q, value) = (seg.text(1), seg.text(2));
        if value.is_empty() {
            self.report.warn("empty_reference", seg.at_element(2), "a reference (REF) has no value");
            return;
        }
        match q {
            "1L" | "6P" if self.line.is_none() => {
                if self.case.claim.patient.group_number.as_deref().is_none_or(|g| g.trim().is_empty()) {
                    self.case.claim.patient.group_number = Some(value.to_string());
                    self.report.fill("claim.patient.group_number", seg.at_element(2));
                }
            }
            "1W" if self.line.is_none() && self.patient_id.is_none() => {
                self.patient_id = Some((value.to_string(), format!("{} (REF*1W member ID)", seg.at_element(2))));
            }
            "G1" | "BB" => {
                let claim = &mut self.case.claim.claim;
                match &claim.prior_authorization {
                    None => {
                        claim.prior_authorization =
                            Some(PriorAuthorization { number: value.to_string(), ..PriorAuthorization::default() });
                        self.report.fill("claim.claim.prior_authorization.number", seg.at_element(2));
                    }
                    Some(existing) if existing.number != value => {
                        self.report.warn(
                            "several_authorizations",
                            seg.at_element(2),
                            "more than one authorization number is given; only the first was kept",
                        );
                    }
                    Some(_) => {}
                }
            }
            other => {
                let level = if self.line.is_some() { "line" } else { "claim" };
                self.report.unmapped(format!("REF*{} ({level})", shown(other)), seg.at());
            }
        }
    }

    fn date(&mut self, seg: &Segment) {
        let (q, raw) = (seg.text(1), seg.text(2));
        let (date, ok) = x12::date(raw);
        let from = seg.at_element(2);
        if !ok && matches!(q, "232" | "233" | "050" | "472" | "150" | "151") {
            self.report.warn("bad_date", from.clone(), "a date is not a valid CCYYMMDD date; kept as written");
        }
        match (q, self.line) {
            ("232", None) => self.statement_from = Some((date, from)),
            ("233", None) => self.statement_to = Some((date, from)),
            ("050", None) => {
                self.case.claim.claim.original_submission_date = Some(date);
                self.report.fill(
                    "claim.claim.original_submission_date",
                    format!("{from} (DTM*050 date the payer received the claim)"),
                );
            }
            ("472" | "150", Some(i)) => {
                if let Some(line) = self.case.claim.claim.lines.get_mut(i) {
                    line.from = Some(date);
                    self.report.fill(self.line_path(LineField::From), from);
                }
            }
            ("151", Some(i)) => {
                if let Some(line) = self.case.claim.claim.lines.get_mut(i) {
                    line.to = Some(date);
                    self.report.fill(self.line_path(LineField::To), from);
                }
            }
            (q, level) => {
                let level = if level.is_some() { "line" } else { "claim" };
                self.report.unmapped(format!("DTM*{} ({level})", shown(q)), seg.at());
            }
        }
    }

    fn service(&mut self, seg: &Segment) {
        let index = self.case.claim.claim.lines.len();
        self.line = Some(index);
        let mut line = ServiceLine::default();
        // SVC06, when present, is the procedure as billed (SVC01 is what the payer adjudicated).
        let billed = if seg.text(6).is_empty() { 1 } else { 6 };
        if billed == 6 {
            self.report.warn(
                "procedure_changed",
                seg.at_element(6),
                "the payer adjudicated a different procedure than billed; the billed one (SVC06) is used",
            );
        }
        let qualifier = seg.component(billed, 1);
        let code = seg.component(billed, 2);
        let path = |field: LineField| FieldPath::Line(index, field);
        match qualifier {
            "HC" | "AD" | "ER" | "HP" | "IV" | "WK" if !code.is_empty() => {
                line.cpt_or_hcpcs = Some(code.to_string());
                self.report.fill(path(LineField::Code), seg.at_component(billed, 2));
            }
            "NU" if !code.is_empty() => {
                line.revenue_code = Some(code.to_string());
                self.institutional = true;
                self.report.fill(path(LineField::RevenueCode), seg.at_component(billed, 2));
            }
            "N4" | "ND" => self.report.unmapped("SVC01 drug code (NDC)", seg.at_component(billed, 2)),
            _ => {
                if !code.is_empty() {
                    line.cpt_or_hcpcs = Some(code.to_string());
                    self.report.fill(path(LineField::Code), seg.at_component(billed, 2));
                }
                self.report.warn(
                    "unknown_qualifier",
                    seg.at_component(billed, 1),
                    "the product/service qualifier is not one this tool knows (HC, NU…)",
                );
            }
        }
        for k in 3..=6 {
            let modifier = seg.component(billed, k);
            if !modifier.is_empty() {
                line.modifiers.push(modifier.to_string());
                self.report.fill(
                    FieldPath::LineItem(index, LineField::Modifiers, line.modifiers.len() - 1),
                    seg.at_component(billed, k),
                );
            }
        }
        if !seg.component(billed, 7).is_empty() {
            self.report.unmapped("SVC01-7 procedure description", seg.at_component(billed, 7));
        }
        let charge = seg.text(2);
        if !charge.is_empty() {
            let (value, ok) = amount(charge);
            if !ok {
                self.report.warn("bad_amount", seg.at_element(2), "the line charge is not a number; kept as written");
            }
            line.charge = value;
            self.report.fill(path(LineField::Charge), seg.at_element(2));
        }
        if !seg.text(3).is_empty() {
            self.report.unmapped("SVC03 line paid amount", seg.at_element(3));
        }
        let revenue = seg.text(4);
        if !revenue.is_empty() {
            line.revenue_code = Some(revenue.to_string());
            self.institutional = true;
            self.report.fill(path(LineField::RevenueCode), seg.at_element(4));
        }
        let (n, note) = if !seg.text(7).is_empty() {
            (7, " (original units billed)")
        } else if !seg.text(5).is_empty() {
            (5, " (units paid)")
        } else {
            (0, "")
        };
        if n == 0 {
            line.units = Lenient::Valid(1);
            self.report.fill(path(LineField::Units), format!("{} (SVC05 absent: 1 unit, the X12 default)", seg.at()));
        } else {
            let (value, ok) = units(seg.text(n));
            if !ok {
                self.report.warn("bad_units", seg.at_element(n), "the units are not a whole number; kept as written");
            }
            line.units = value;
            self.report.fill(path(LineField::Units), format!("{}{note}", seg.at_element(n)));
        }
        self.case.claim.claim.lines.push(line);
    }

    fn finish(mut self) -> ImportedCase {
        self.report.source = format!("{}–{}", self.report.source.replacen(", segment ", ", segments ", 1), self.last);
        let first = self.first;
        // Patient identity.
        let patient_missing =
            self.case.claim.patient.last_name.trim().is_empty() && self.case.claim.patient.first_name.trim().is_empty();
        if let Some((last, first_name, id, at)) = self.insured.take() {
            if patient_missing && (!last.is_empty() || !first_name.is_empty()) {
                self.case.claim.patient.last_name = last;
                self.case.claim.patient.first_name = first_name;
                self.report.fill("claim.patient.last_name", format!("{at} (insured; no NM1*QC)"));
                self.report.fill("claim.patient.first_name", format!("{at} (insured; no NM1*QC)"));
            }
            if self.patient_id.is_none() && !id.is_empty() {
                self.report.warn(
                    "insured_id_used",
                    at.clone(),
                    "the patient has no identifier in NM1*QC; the insured's ID (NM1*IL) is used as member ID",
                );
                self.patient_id = Some((id, format!("{at} (NM109 of the insured)")));
            } else if !patient_missing {
                self.report.unmapped("NM1*IL insured (the patient has a name and ID of their own)", at);
            }
        }
        match self.patient_id.take() {
            Some((id, from)) => {
                self.case.claim.patient.member_id = Some(id);
                self.report.fill("claim.patient.member_id", from);
            }
            None => self.report.warn(
                "no_member_id",
                format!("segment {first} (CLP)"),
                "the claim has no patient identifier",
            ),
        }
        // Claim type, place of service, type of bill.
        let claim = &mut self.case.claim.claim;
        let (clp08, clp08_at) = self.clp08.clone();
        if self.institutional {
            claim.claim_type = "institutional".to_string();
            self.report.fill(
                "claim.claim.claim_type",
                format!("segment {first} onwards (institutional: MIA, revenue codes or DRG)"),
            );
            if clp08.len() == 2 && self.clp09.len() == 1 {
                claim.type_of_bill = Some(format!("0{clp08}{}", self.clp09));
                self.report.fill("claim.claim.type_of_bill", format!("{clp08_at} + CLP09 (facility type + frequency)"));
            } else if !clp08.is_empty() {
                self.report.unmapped("CLP08 facility type code", clp08_at);
            }
        } else {
            self.report.fill(
                "claim.claim.claim_type",
                format!("segment {first} (CLP: no institutional signs, so professional)"),
            );
            if !clp08.is_empty() {
                claim.place_of_service = clp08;
                self.report
                    .fill("claim.claim.place_of_service", format!("{clp08_at} (facility code = place of service)"));
            }
            if !self.clp09.is_empty() {
                self.report.unmapped("CLP09 claim frequency", format!("segment {first} (CLP09)"));
            }
        }
        // Dates: the statement period, else the span of the line dates.
        match (self.statement_from.take(), self.statement_to.take()) {
            (Some((f, f_at)), Some((t, _))) if f == t => {
                claim.date_of_service = Some(f);
                self.report.fill("claim.claim.date_of_service", f_at);
            }
            (Some((f, f_at)), Some((t, t_at))) => {
                claim.from = Some(f);
                claim.to = Some(t);
                self.report.fill("claim.claim.from", f_at);
                self.report.fill("claim.claim.to", t_at);
            }
            (Some((f, f_at)), None) | (None, Some((f, f_at))) => {
                claim.date_of_service = Some(f);
                self.report.fill("claim.claim.date_of_service", f_at);
            }
            (None, None) => super::dates_from_lines(
                claim,
                &mut self.report,
                [
                    "the earliest line date (DTM*472/150)",
                    "the earliest line date (DTM*472/150)",
                    "the latest line date (DTM*472/151)",
                ],
            ),
        }
        if claim.lines.is_empty() {
            self.report.warn(
                "no_lines",
                format!("segment {first} (CLP)"),
                "the claim has no service lines (SVC); add the billed lines by hand",
            );
        }
        // Denial codes.
        let from = format!("segments {first}–{} (CAS, MOA/MIA, LQ)", self.last);
        fill_denial_codes(&mut self.case, &mut self.report, &self.carc, &self.rarc, &from);
        let auth_related = self.carc.iter().any(|c| c.auth_related) || self.rarc.iter().any(|r| r.auth_related);
        let number = self.case.claim.claim.claim_number.clone();
        self.case.title = Some(format!("Claim {number}: {} (835 import)", self.remit.status));
        ImportedCase {
            case: self.case,
            report: self.report,
            auth_related,
            carc: self.carc,
            rarc: self.rarc,
            remit: Some(self.remit),
        }
    }
}
