//! Import: denied claims and claims from X12 835 (remittance), X12 837P (professional claim) and
//! FHIR R4 JSON (ExplanationOfBenefit, ClaimResponse, Claim, alone or in a Bundle), turned into
//! [`Case`]s of the exchange format.
//!
//! # Entry points
//!
//! - [`import_any`] sniffs the format ([`sniff`]: `ISA` → X12, 835 or 837 by ST01; `{` → FHIR)
//!   and calls one of [`import_835`], [`import_837p`] or [`import_fhir`]. Each returns an
//!   [`ImportFile`]: the imported cases and a file-level [`ImportReport`].
//! - [`ClaimStream`] reads an X12 file claim by claim and says how many bytes it has read, so a
//!   host can show progress and yield between claims ([`import_835_with_progress`] is the same
//!   with a callback). Parsing is one forward pass: linear in the input.
//! - [`join_claims`] completes remittance cases with the matching 837 claims (same claim number
//!   *and* same patient and overlapping service dates, see [`join`]): date of birth, diagnoses,
//!   pointers, NPIs that an 835 does not carry.
//!
//! # What a case gets
//!
//! Imported cases are ordinary cases: `schema_version` "1.0", a `case_id` derived from the claim
//! number ([`case_id_from_claim_number`]), text fields as written in the source (X12 dates
//! `CCYYMMDD` become `YYYY-MM-DD`; ICD-10-CM codes sent without their decimal point get it back),
//! numbers as [`Lenient`](crate::core::model::Lenient) so a malformed amount is kept, not lost. They validate cleanly with
//! `core::validate` where the source data is right; what the source cannot provide (an 835 has no
//! diagnoses or date of birth; no format knows why authorization was not obtained) is listed in
//! [`ImportReport::left_empty`].
//!
//! # The report: nothing silently dropped
//!
//! Every [`ImportReport`] lists what was filled (case field path ← segment/element or JSON path),
//! what could not be mapped (segments, elements, JSON members the case format has no place for,
//! with their positions), warnings, and the required fields left empty. Errors ([`ImportError`])
//! and every message name positions (`segment 14 (NM109)`, `$.entry[2].resource.item[0]`),
//! never values: no names, IDs or dates of a patient appear in a message.
//!
//! # Denial codes
//!
//! Which denials are authorization-related is decided from the code tables of
//! [`crate::core::codes`] (the same knowledge the triage uses): a CARC or RARC whose topic is an
//! absent, mismatched, exceeded or refused authorization, a missing referral, or a disputed
//! emergency (CARC 197, 198, 15, 39, 40, 243, 62, 38, 242, 288; RARC M62, N54, N362).
//!
//! The module is pure: no I/O, no clock, no printing; it never panics on any input (the parsers
//! are fuzzed, see `tests/fuzz/`).

mod claim837;
mod denial;
mod era835;
mod fhir;
mod fields;
pub mod join;
pub mod many;
mod report;
mod stream;
mod values;
pub mod x12;

use crate::core::model::{Case, SCHEMA_VERSION};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

pub use denial::{AdjustmentCode, RemarkCode, carc_is_auth_related, rarc_is_auth_related};
pub use fields::{FieldPath, left_empty};
pub use join::join_claims;
pub use report::{
    Filled, ImportError, ImportReport, ImportWarning, MAX_LOCATIONS, MAX_UNMAPPED_KINDS, MAX_WARNINGS, OTHER_UNMAPPED,
    Unmapped,
};
pub use stream::ClaimStream;
pub use x12::{Delimiters, Segment, Tokenizer};

pub(crate) use denial::{adjustment, fill_denial_codes, remark};
pub(crate) use join::merge_case;
pub(crate) use values::{amount, claim_status_words, dates_from_lines, fill_plan_type, icd10_with_decimal, units};

/// The formats this module reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// X12 835 health care claim payment/advice (5010 X221A1).
    X12_835,
    /// X12 837 professional claim (5010 X222A1); 837I files are read with the same mapping.
    X12_837,
    /// FHIR R4 JSON: a Bundle, ExplanationOfBenefit, ClaimResponse or Claim.
    FhirR4,
}

impl Format {
    /// The format in words.
    pub fn words(self) -> &'static str {
        match self {
            Format::X12_835 => "X12 835 remittance",
            Format::X12_837 => "X12 837 claim",
            Format::FhirR4 => "FHIR R4 JSON",
        }
    }
}

/// What a remittance (835 CLP) says about the claim besides the case fields. A Da Vinci PAS
/// ClaimResponse fills `status_code` / `status` with its review action (X12 306: `A3` not
/// certified, `A4` pended…) and leaves the amounts empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RemitInfo {
    /// CLP02 claim status code (`4` denied, `1` processed as primary, `22` reversal…).
    pub status_code: String,
    /// The status in words.
    pub status: &'static str,
    /// CLP03 total charge, as written.
    pub charge: String,
    /// CLP04 amount paid, as written.
    pub paid: String,
    /// CLP05 patient responsibility, as written.
    pub patient_responsibility: String,
    /// CLP07 payer claim control number (ICN).
    pub payer_claim_number: String,
}

/// One imported case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportedCase {
    /// The case, prefilled.
    pub case: Case,
    /// What the import did for this case.
    pub report: ImportReport,
    /// True when the source carries an authorization-related denial code: offer it as a new
    /// retro-authorization case. Always false for 837 claims (they carry no denial).
    pub auth_related: bool,
    /// Claim adjustment reason codes, claim level then lines.
    pub carc: Vec<AdjustmentCode>,
    /// Remark codes, claim level then lines.
    pub rarc: Vec<RemarkCode>,
    /// Remittance details (835 only).
    pub remit: Option<RemitInfo>,
}

/// The result of importing one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportFile {
    /// What the file was.
    pub format: Format,
    /// The cases, in file order.
    pub cases: Vec<ImportedCase>,
    /// File-level report: envelopes, header segments, what was skipped.
    pub report: ImportReport,
}

impl ImportFile {
    /// The cases with an authorization-related denial.
    pub fn auth_related(&self) -> impl Iterator<Item = &ImportedCase> {
        self.cases.iter().filter(|c| c.auth_related)
    }
}

/// How far a [`ClaimStream`] has read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Bytes read.
    pub bytes_done: usize,
    /// Input length in bytes.
    pub bytes_total: usize,
    /// Cases produced so far.
    pub cases: usize,
}

// ---------------------------------------------------------------------------------------------
// Sniffing and the entry points

/// Guesses the format from the first bytes: `ISA` (after blanks or a byte-order mark) is X12,
/// then ST01 decides between 835 and 837; `{` is FHIR JSON. `None` when neither.
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    let start = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let start = start.iter().position(|b| !b.is_ascii_whitespace()).and_then(|i| start.get(i..)).unwrap_or(&[]);
    if start.starts_with(b"{") {
        return Some(Format::FhirR4);
    }
    // Look for the ISA (at the start, or after lines of text: see `x12::find_isa`) and the
    // first ST within the first 128 KB (only that prefix needs to be UTF-8).
    let head = start.get(..start.len().min(2 * x12::MAX_LEADING_TEXT)).unwrap_or(start);
    let head = match std::str::from_utf8(head) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(head.get(..e.valid_up_to()).unwrap_or(&[])).unwrap_or(""),
    };
    if !start.starts_with(b"ISA") && x12::find_isa(head).is_none() {
        return None;
    }
    match first_transaction_type(head) {
        Some(kind) if kind.starts_with("837") => Some(Format::X12_837),
        _ => Some(Format::X12_835),
    }
}

/// ST01 of the first transaction set, if the text has one.
fn first_transaction_type(text: &str) -> Option<String> {
    let mut tokens = Tokenizer::new(text).ok()?;
    while let Some(Ok(segment)) = tokens.next_segment() {
        if segment.id() == "ST" {
            return Some(segment.text(1).to_string());
        }
    }
    None
}

/// Imports a file of any supported format (see [`sniff`]). Bytes that are not UTF-8 are an error
/// for FHIR (JSON must be UTF-8); X12 files are read with invalid bytes replaced (a warning says
/// so).
pub fn import_any(bytes: &[u8]) -> Result<ImportFile, ImportError> {
    import_any_with_progress(bytes, &mut |_| {})
}

/// [`import_any`] with a progress callback: X12 files report after every claim, FHIR files at
/// the end (JSON is parsed in one piece).
pub fn import_any_with_progress(bytes: &[u8], progress: &mut dyn FnMut(Progress)) -> Result<ImportFile, ImportError> {
    let utf16 = decode_utf16(bytes);
    let bytes = match &utf16 {
        Some(decoded) => decoded.text.as_bytes(),
        None => bytes,
    };
    let mut file = import_text_bytes(bytes, progress)?;
    if let Some(decoded) = utf16 {
        let mut message = format!(
            "the file is UTF-16 ({}{}); it was decoded to text",
            decoded.order,
            if decoded.bom { " with a byte-order mark" } else { ", no byte-order mark" }
        );
        if decoded.replaced > 0 {
            let _ = write!(
                message,
                "; {} invalid code unit(s) (unpaired surrogates or an odd last byte) became U+FFFD",
                decoded.replaced
            );
        }
        file.report.warn("utf16", "byte 0", message);
    }
    Ok(file)
}

/// A UTF-16 file decoded to UTF-8.
struct Utf16 {
    text: String,
    order: &'static str,
    bom: bool,
    replaced: usize,
}

/// Decodes UTF-16: with a byte-order mark (`FF FE` little-endian, `FE FF` big-endian), or
/// without one when the first two characters are ASCII (`I\0S\0` / `\0{\0 `…: every other
/// byte zero). `None` for anything else (UTF-8 and ASCII files).
fn decode_utf16(bytes: &[u8]) -> Option<Utf16> {
    let (little, bom) = match bytes {
        [0xFF, 0xFE, ..] => (true, true),
        [0xFE, 0xFF, ..] => (false, true),
        [a, 0, b, 0, ..] if a.is_ascii() && b.is_ascii() && *a != 0 && *b != 0 => (true, false),
        [0, a, 0, b, ..] if a.is_ascii() && b.is_ascii() && *a != 0 && *b != 0 => (false, false),
        _ => return None,
    };
    let body = if bom { bytes.get(2..).unwrap_or(&[]) } else { bytes };
    let units = body.chunks_exact(2).map(|pair| match pair {
        [a, b] if little => u16::from_le_bytes([*a, *b]),
        [a, b] => u16::from_be_bytes([*a, *b]),
        _ => 0xFFFD,
    });
    let mut replaced = body.len() % 2;
    let mut text = String::with_capacity(body.len() / 2 + 8);
    for unit in char::decode_utf16(units) {
        match unit {
            Ok(c) => text.push(c),
            Err(_) => {
                replaced += 1;
                text.push('\u{FFFD}');
            }
        }
    }
    if body.len() % 2 == 1 {
        text.push('\u{FFFD}');
    }
    Some(Utf16 { text, order: if little { "little-endian" } else { "big-endian" }, bom, replaced })
}

/// [`import_any_with_progress`] on bytes that are UTF-8 (or meant to be).
fn import_text_bytes(bytes: &[u8], progress: &mut dyn FnMut(Progress)) -> Result<ImportFile, ImportError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::new("empty", "byte 0", "the file is empty"));
    }
    let format = sniff(bytes).ok_or_else(|| {
        ImportError::new(
            "unknown_format",
            "byte 0",
            "not a recognised file: an X12 835/837 starts with ISA, a FHIR JSON file with {",
        )
    })?;
    let (text, replaced) = match std::str::from_utf8(bytes) {
        Ok(text) => (std::borrow::Cow::Borrowed(text), None),
        Err(e) if format != Format::FhirR4 => (String::from_utf8_lossy(bytes), Some(e.valid_up_to())),
        Err(e) => {
            let line = bytes.get(..e.valid_up_to()).unwrap_or(&[]).iter().filter(|b| **b == b'\n').count() + 1;
            return Err(ImportError::new("not_utf8", &format!("line {line}"), "the JSON file is not valid UTF-8"));
        }
    };
    let mut file = match format {
        Format::X12_835 | Format::X12_837 => {
            let mut stream = ClaimStream::new(&text, format)?;
            let mut cases = Vec::new();
            while let Some(case) = stream.next() {
                cases.push(case);
                progress(stream.progress());
            }
            progress(stream.progress());
            ImportFile { format, cases, report: stream.finish() }
        }
        Format::FhirR4 => {
            let file = import_fhir(&text)?;
            progress(Progress { bytes_done: text.len(), bytes_total: text.len(), cases: file.cases.len() });
            file
        }
    };
    if let Some(offset) = replaced {
        file.report.warn(
            "not_utf8",
            format!("byte {offset}"),
            "the file is not valid UTF-8; invalid bytes were replaced with U+FFFD (check names and addresses)",
        );
    }
    Ok(file)
}

/// Imports an X12 835 remittance: one case per claim (CLP), with `auth_related` set for claims
/// denied for authorization reasons. Several ST transactions and several interchanges per file
/// are read; transaction sets of another type are skipped with a warning.
pub fn import_835(text: &str) -> Result<ImportFile, ImportError> {
    ClaimStream::new(text, Format::X12_835)?.collect_file()
}

/// [`import_835`] with a progress callback, called after every claim (and at the end).
pub fn import_835_with_progress(text: &str, progress: &mut dyn FnMut(Progress)) -> Result<ImportFile, ImportError> {
    let mut stream = ClaimStream::new(text, Format::X12_835)?;
    let mut cases = Vec::new();
    while let Some(case) = stream.next() {
        cases.push(case);
        progress(stream.progress());
    }
    progress(stream.progress());
    Ok(ImportFile { format: Format::X12_835, cases, report: stream.finish() })
}

/// Imports an X12 837P claim file: one case per claim (CLM).
pub fn import_837p(text: &str) -> Result<ImportFile, ImportError> {
    ClaimStream::new(text, Format::X12_837)?.collect_file()
}

/// Imports FHIR R4 JSON: a Bundle, or a single ExplanationOfBenefit, ClaimResponse or Claim.
/// One case per ExplanationOfBenefit and per ClaimResponse; a Claim that one of them refers to
/// completes that case instead of giving its own.
pub fn import_fhir(json: &str) -> Result<ImportFile, ImportError> {
    fhir::import(json)
}

/// Case ids handed out in one file (so duplicates get `-2`, `-3`… in constant time).
#[derive(Default)]
pub(crate) struct CaseIds {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

/// Gives an imported case its id (from the claim number, unique in the file), the schema version
/// and the list of required fields left empty.
pub(crate) fn finalise_case(imported: &mut ImportedCase, position: usize, ids: &mut CaseIds) {
    let base = case_id_from_claim_number(&imported.case.claim.claim.claim_number, position);
    let mut id = base.clone();
    if ids.used.contains(&id) {
        let n = ids.next.entry(base.clone()).or_insert(2);
        loop {
            id = format!("{base}-{n}");
            *n += 1;
            if !ids.used.contains(&id) {
                break;
            }
        }
        imported.report.warn(
            "duplicate_claim_number",
            imported.report.source.clone(),
            "another claim in this file has the same claim number; the case id was made unique",
        );
    }
    ids.used.insert(id.clone());
    imported.case.case_id = id;
    imported.case.schema_version = SCHEMA_VERSION.to_string();
    imported.report.left_empty = left_empty(&imported.case);
}

/// A case id from a claim number: letters, digits, `-`, `_` and `.` kept, anything else
/// becomes `-`; at most 64 characters; `claim-N` (N = position in the file) when nothing is
/// left. Safe as a file name (no separators, no leading dot).
pub fn case_id_from_claim_number(claim_number: &str, position: usize) -> String {
    let mut id = String::new();
    for c in claim_number.trim().chars() {
        if id.len() >= 64 {
            break;
        }
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
            id.push(c);
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_matches(|c| c == '-' || c == '.').to_string();
    if id.is_empty() { format!("claim-{position}") } else { id }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_ids_are_safe_file_names() {
        assert_eq!(case_id_from_claim_number("TMI-250129-00318", 1), "TMI-250129-00318");
        assert_eq!(case_id_from_claim_number("../etc/passwd", 1), "etc-passwd");
        assert_eq!(case_id_from_claim_number("  ", 3), "claim-3");
        assert_eq!(case_id_from_claim_number("a b/c", 1), "a-b-c");
        assert_eq!(case_id_from_claim_number("..", 2), "claim-2");
        assert!(case_id_from_claim_number(&"9".repeat(500), 1).len() <= 64);
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff(b"  {\"resourceType\":\"Claim\"}"), Some(Format::FhirR4));
        assert_eq!(sniff(b"hello"), None);
        assert_eq!(sniff(b""), None);
        let isa = "ISA*00*          *00*          *ZZ*S              *ZZ*R              *250101*1200*^*00501*000000001*0*P*:~";
        assert_eq!(sniff(format!("{isa}GS*HC~ST*837*1~").as_bytes()), Some(Format::X12_837));
        assert_eq!(sniff(format!("\u{feff}{isa}GS*HP~ST*835*1~").as_bytes()), Some(Format::X12_835));
    }
}
