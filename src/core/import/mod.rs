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
//! numbers as [`Lenient`] so a malformed amount is kept, not lost. They validate cleanly with
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
mod era835;
mod fhir;
pub mod join;
pub mod many;
pub mod x12;

use crate::core::codes::carc::{self, Topic};
use crate::core::codes::rarc;
use crate::core::model::{Case, Lenient, SCHEMA_VERSION};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt::Write as _;

pub use x12::{Delimiters, Segment, Tokenizer};

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

/// Why a file could not be imported at all. Positions only, never values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{at}: {message}")]
pub struct ImportError {
    /// Stable code: `empty`, `unknown_format`, `not_x12`, `bad_isa`, `wrong_transaction`,
    /// `no_transaction`, `not_utf8`, `invalid_json`, `not_fhir`, `no_claim_resource`,
    /// `unsupported_fhir_version`, `bundle_too_deep`.
    pub code: &'static str,
    /// Where: `segment 3 (ST01)`, `line 4, column 9`, `$.resourceType`, `byte 0`.
    pub at: String,
    /// What is wrong, in a biller's words.
    pub message: String,
}

impl ImportError {
    pub(crate) fn new(code: &'static str, at: &str, message: &str) -> ImportError {
        ImportError { code, at: at.to_string(), message: message.to_string() }
    }
}

/// One case field the import filled, and where the value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Filled {
    /// Case field path (`claim.patient.member_id`, `claim.claim.lines[0].units`).
    pub field: Cow<'static, str>,
    /// Source position (`segment 14 (NM109)`, `$.item[0].quantity.value`), with a note on any
    /// conversion (`decimal point restored`). 835 header fields (payer, payee, payment date)
    /// name their loop here; their segment positions are in the file report.
    pub from: Cow<'static, str>,
}

/// Something in the source the case format has no place for (or this importer does not read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unmapped {
    /// What it is (`PLB provider-level adjustment`, `$.item[].udi`).
    pub what: Cow<'static, str>,
    /// Where (the first [`MAX_LOCATIONS`] occurrences).
    pub at: Vec<String>,
    /// How many occurrences in all.
    pub count: usize,
}

/// A warning: something imported but doubtful, or something the biller should check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportWarning {
    /// Stable code (`bad_amount`, `bad_date`, `segment_count_mismatch`, …).
    pub code: &'static str,
    /// Where.
    pub at: String,
    /// What, without patient data.
    pub message: String,
}

/// Locations kept per [`Unmapped`] entry (the count keeps the total).
pub const MAX_LOCATIONS: usize = 10;
/// Kinds of [`Unmapped`] entries per report; further kinds are counted under
/// [`OTHER_UNMAPPED`] (keeps a report small and its building linear on hostile input).
pub const MAX_UNMAPPED_KINDS: usize = 200;
/// The [`Unmapped`] entry that collects kinds beyond [`MAX_UNMAPPED_KINDS`].
pub const OTHER_UNMAPPED: &str = "other kinds of unmapped data (more than 200 kinds in one report)";
/// Warnings kept per report (the rest are counted in `warnings_omitted`).
pub const MAX_WARNINGS: usize = 200;

/// What an import did, for one case or for the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// What was read: `835 claim 3, segments 40–58`, `$.entry[1].resource (ExplanationOfBenefit)`.
    pub source: String,
    /// Fields filled, in the order they were filled.
    pub filled: Vec<Filled>,
    /// What could not be mapped, grouped by kind.
    pub unmapped: Vec<Unmapped>,
    /// Warnings, in source order.
    pub warnings: Vec<ImportWarning>,
    /// Warnings beyond [`MAX_WARNINGS`], counted but not listed.
    pub warnings_omitted: usize,
    /// Fields a retro-authorization request needs that the source did not provide (case field
    /// paths): the biller fills them in.
    pub left_empty: Vec<Cow<'static, str>>,
}

impl ImportReport {
    fn new(source: impl Into<String>) -> ImportReport {
        ImportReport { source: source.into(), filled: Vec::with_capacity(48), ..ImportReport::default() }
    }

    pub(crate) fn fill(&mut self, field: impl Into<Cow<'static, str>>, from: impl Into<Cow<'static, str>>) {
        self.filled.push(Filled { field: field.into(), from: from.into() });
    }

    pub(crate) fn unmapped(&mut self, what: impl Into<Cow<'static, str>>, at: impl Into<String>) {
        let mut what = what.into();
        let mut position = self.unmapped.iter().position(|u| u.what == what);
        if position.is_none() && self.unmapped.len() >= MAX_UNMAPPED_KINDS {
            what = Cow::Borrowed(OTHER_UNMAPPED);
            position = self.unmapped.iter().position(|u| u.what == what);
        }
        match position.and_then(|p| self.unmapped.get_mut(p)) {
            Some(entry) => {
                let at = at.into();
                if entry.at.contains(&at) {
                    return;
                }
                entry.count += 1;
                if entry.at.len() < MAX_LOCATIONS {
                    entry.at.push(at);
                }
            }
            None => self.unmapped.push(Unmapped { what, at: vec![at.into()], count: 1 }),
        }
    }

    pub(crate) fn warn(&mut self, code: &'static str, at: impl Into<String>, message: impl Into<String>) {
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push(ImportWarning { code, at: at.into(), message: message.into() });
        } else {
            self.warnings_omitted += 1;
        }
    }

    /// True when a field path was filled.
    pub fn was_filled(&self, field: &str) -> bool {
        self.filled.iter().any(|f| f.field == field)
    }
}

/// A claim adjustment (CARC) as the source gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdjustmentCode {
    /// Group code (`CO`, `PR`, `OA`, `PI`, `CR`); empty when the source has none (FHIR).
    pub group: String,
    /// The reason code (`197`).
    pub code: String,
    /// The amount as written (`1200.00`); empty when absent.
    pub amount: String,
    /// 0-based service line index, or `None` for the claim level.
    pub line: Option<usize>,
    /// True when the code is authorization-related.
    pub auth_related: bool,
    /// The project's own explanation, when the code is known to this tool.
    pub explanation: Option<&'static str>,
}

impl AdjustmentCode {
    /// `CO-197`, or `197` without a group.
    pub fn label(&self) -> String {
        if self.group.is_empty() { self.code.clone() } else { format!("{}-{}", self.group, self.code) }
    }
}

/// A remark code (RARC) as the source gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemarkCode {
    /// The code (`M62`).
    pub code: String,
    /// 0-based service line index, or `None` for the claim level.
    pub line: Option<usize>,
    /// True when the code is authorization-related.
    pub auth_related: bool,
    /// The project's own explanation, when the code is known to this tool.
    pub explanation: Option<&'static str>,
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

// ---------------------------------------------------------------------------------------------
// The X12 driver: envelopes, dispatch, streaming

/// The parser of one transaction set.
enum Active {
    None,
    Era(Box<era835::Era>),
    Claim(Box<claim837::Prof>),
    Skip,
}

/// Reads an X12 835 or 837 file claim by claim: an iterator of [`ImportedCase`] with
/// [`ClaimStream::progress`]. Call [`ClaimStream::finish`] at the end for the file report.
///
/// A browser host reads a batch of claims, shows `progress()`, yields to the event loop, and
/// continues, so a 10 MB file never freezes the page.
pub struct ClaimStream<'a> {
    tokens: Tokenizer<'a>,
    format: Format,
    file: ImportReport,
    active: Active,
    pending: VecDeque<ImportedCase>,
    done: bool,
    produced: usize,
    case_ids: CaseIds,
    envelope: Envelope,
}

#[derive(Default)]
struct Envelope {
    isa: Option<(usize, String)>,
    gs: Option<(usize, String)>,
    st: Option<(usize, String)>,
    groups: usize,
    transactions: usize,
    segments: usize,
    wanted: usize,
}

impl<'a> ClaimStream<'a> {
    /// Starts reading `text` as `format` ([`Format::X12_835`] or [`Format::X12_837`]). Fails when
    /// the interchange header cannot be read, or when the file has no transaction set of that
    /// type (the error names the first ST segment).
    pub fn new(text: &'a str, format: Format) -> Result<ClaimStream<'a>, ImportError> {
        if text.trim().is_empty() {
            return Err(ImportError::new("empty", "byte 0", "the file is empty"));
        }
        let tokens = Tokenizer::new(text)?;
        let wanted = match format {
            Format::X12_835 => "835",
            Format::X12_837 => "837",
            Format::FhirR4 => {
                return Err(ImportError::new("not_x12", "byte 0", "FHIR JSON is read with import_fhir"));
            }
        };
        // Look ahead for a transaction set of the wanted type.
        let mut ahead = tokens.clone();
        let mut first_st = None;
        let mut found = false;
        while let Some(Ok(segment)) = ahead.next_segment() {
            if segment.id() == "ST" {
                if segment.text(1) == wanted {
                    found = true;
                    break;
                }
                first_st.get_or_insert((segment.number, segment.text(1).to_string()));
            }
        }
        if !found {
            return Err(match first_st {
                Some((number, kind)) => {
                    let kind = if kind.len() <= 3 && kind.bytes().all(|b| b.is_ascii_digit()) {
                        kind
                    } else {
                        "unknown".to_string()
                    };
                    ImportError {
                        code: "wrong_transaction",
                        at: format!("segment {number} (ST01)"),
                        message: format!("the file holds transaction set {kind}, not {wanted}"),
                    }
                }
                None => ImportError::new(
                    "no_transaction",
                    "segment 1 (ISA)",
                    &format!("the file has no transaction set (ST); expected an {wanted}"),
                ),
            });
        }
        let mut file = ImportReport::new(format!("{} file", format.words()));
        if tokens.leading_text() > 0 {
            file.warn(
                "leading_text",
                "byte 0",
                format!(
                    "{} byte(s) of text before the interchange header (ISA) were skipped (a mail header or a \
                     note?): check that nothing of the file is missing",
                    tokens.leading_text()
                ),
            );
        }
        Ok(ClaimStream {
            tokens,
            format,
            file,
            active: Active::None,
            pending: VecDeque::new(),
            done: false,
            produced: 0,
            case_ids: CaseIds::default(),
            envelope: Envelope::default(),
        })
    }

    /// How far the stream has read.
    pub fn progress(&self) -> Progress {
        Progress { bytes_done: self.tokens.position(), bytes_total: self.tokens.len(), cases: self.produced }
    }

    /// Reads the rest (if any) and returns the file-level report.
    pub fn finish(mut self) -> ImportReport {
        while self.next().is_some() {}
        self.file
    }

    fn collect_file(mut self) -> Result<ImportFile, ImportError> {
        let mut cases = Vec::new();
        for case in self.by_ref() {
            cases.push(case);
        }
        let format = self.format;
        Ok(ImportFile { format, cases, report: self.finish() })
    }

    fn flush_transaction(&mut self, at: &str, closed: bool) {
        let mut out = Vec::new();
        match std::mem::replace(&mut self.active, Active::None) {
            Active::Era(mut era) => era.finish(&mut out, &mut self.file),
            Active::Claim(mut prof) => prof.finish(&mut out, &mut self.file),
            Active::None | Active::Skip => {}
        }
        if !closed && self.envelope.st.is_some() {
            self.file.warn("missing_se", at, "a transaction set (ST) has no trailer (SE)");
        }
        self.envelope.st = None;
        for mut case in out {
            self.finalise(&mut case);
            self.pending.push_back(case);
        }
    }

    fn finalise(&mut self, imported: &mut ImportedCase) {
        self.produced += 1;
        finalise_case(imported, self.produced, &mut self.case_ids);
    }

    fn segment(&mut self, segment: Segment<'a>) {
        let at = || segment.at();
        match segment.id() {
            "ISA" => {
                if let Some((number, _)) = self.envelope.isa.take() {
                    self.flush_transaction(&at(), false);
                    self.file.warn(
                        "missing_iea",
                        format!("segment {number} (ISA)"),
                        "an interchange (ISA) has no trailer (IEA)",
                    );
                }
                self.envelope.isa = Some((segment.number, segment.text(13).to_string()));
                self.envelope.groups = 0;
            }
            "IEA" => {
                self.close_group_if_open(&at());
                match self.envelope.isa.take() {
                    Some((_, control)) => {
                        if segment.text(1).parse::<usize>().ok() != Some(self.envelope.groups) {
                            self.file.warn(
                                "group_count_mismatch",
                                segment.at_element(1),
                                "IEA01 does not match the number of functional groups",
                            );
                        }
                        if segment.text(2) != control {
                            self.file.warn(
                                "control_number_mismatch",
                                segment.at_element(2),
                                "IEA02 does not match ISA13",
                            );
                        }
                    }
                    None => self.file.warn("unexpected_segment", at(), "IEA without an interchange header (ISA)"),
                }
            }
            "GS" => {
                self.close_group_if_open(&at());
                self.envelope.gs = Some((segment.number, segment.text(6).to_string()));
                self.envelope.groups += 1;
                self.envelope.transactions = 0;
                let version = segment.text(8);
                if !version.is_empty() && !version.starts_with("00501") {
                    self.file.warn(
                        "version",
                        segment.at_element(8),
                        "the version is not 5010 (00501…); the 5010 layout is assumed",
                    );
                }
            }
            "GE" => match self.envelope.gs.take() {
                Some((_, control)) => {
                    self.flush_if_open(&at());
                    if segment.text(1).parse::<usize>().ok() != Some(self.envelope.transactions) {
                        self.file.warn(
                            "transaction_count_mismatch",
                            segment.at_element(1),
                            "GE01 does not match the number of transaction sets",
                        );
                    }
                    if segment.text(2) != control {
                        self.file.warn("control_number_mismatch", segment.at_element(2), "GE02 does not match GS06");
                    }
                }
                None => self.file.warn("unexpected_segment", at(), "GE without a functional group header (GS)"),
            },
            "ST" => {
                self.flush_if_open(&at());
                self.envelope.st = Some((segment.number, segment.text(2).to_string()));
                self.envelope.transactions += 1;
                self.envelope.segments = 1;
                let kind = segment.text(1);
                self.active = match (self.format, kind) {
                    (Format::X12_835, "835") => {
                        self.envelope.wanted += 1;
                        Active::Era(Box::new(era835::Era::new(self.envelope.wanted)))
                    }
                    (Format::X12_837, "837") => {
                        self.envelope.wanted += 1;
                        let version = segment.text(3);
                        Active::Claim(Box::new(claim837::Prof::new(self.envelope.wanted, &segment, version)))
                    }
                    _ => {
                        self.file.warn(
                            "skipped_transaction",
                            segment.at_element(1),
                            format!(
                                "a transaction set of another type was skipped (this import reads {})",
                                self.format.words()
                            ),
                        );
                        Active::Skip
                    }
                };
            }
            "SE" => {
                self.envelope.segments += 1;
                match &self.envelope.st {
                    Some((_, control)) => {
                        if segment.text(1).parse::<usize>().ok() != Some(self.envelope.segments) {
                            self.file.warn(
                                "segment_count_mismatch",
                                segment.at_element(1),
                                "SE01 does not match the number of segments in the transaction set",
                            );
                        }
                        if segment.text(2) != control {
                            self.file.warn(
                                "control_number_mismatch",
                                segment.at_element(2),
                                "SE02 does not match ST02",
                            );
                        }
                        self.flush_transaction(&at(), true);
                    }
                    None => self.file.warn("unexpected_segment", at(), "SE without a transaction set header (ST)"),
                }
            }
            _ => {
                if self.envelope.st.is_some() {
                    self.envelope.segments += 1;
                }
                let mut out = Vec::new();
                match &mut self.active {
                    Active::Era(era) => era.segment(&segment, &mut out, &mut self.file),
                    Active::Claim(prof) => prof.segment(&segment, &mut out, &mut self.file),
                    Active::Skip => {}
                    Active::None => {
                        if segment.id() == "TA1" {
                            self.file.unmapped("TA1 interchange acknowledgment", at());
                        } else {
                            self.file.warn(
                                "outside_transaction",
                                at(),
                                "a segment outside any transaction set (ST … SE) was ignored",
                            );
                        }
                    }
                }
                for mut case in out {
                    self.finalise(&mut case);
                    self.pending.push_back(case);
                }
            }
        }
    }

    fn flush_if_open(&mut self, at: &str) {
        if self.envelope.st.is_some() || !matches!(self.active, Active::None) {
            self.flush_transaction(at, false);
        }
    }

    fn close_group_if_open(&mut self, at: &str) {
        self.flush_if_open(at);
        if let Some((number, _)) = self.envelope.gs.take() {
            self.file.warn(
                "missing_ge",
                format!("segment {number} (GS)"),
                "a functional group (GS) has no trailer (GE)",
            );
        }
    }

    fn end_of_input(&mut self) {
        let at = "end of file".to_string();
        self.close_group_if_open(&at);
        if let Some((number, _)) = self.envelope.isa.take() {
            self.file.warn(
                "missing_iea",
                format!("segment {number} (ISA)"),
                "an interchange (ISA) has no trailer (IEA)",
            );
        }
    }
}

impl Iterator for ClaimStream<'_> {
    type Item = ImportedCase;

    fn next(&mut self) -> Option<ImportedCase> {
        loop {
            if let Some(case) = self.pending.pop_front() {
                return Some(case);
            }
            if self.done {
                return None;
            }
            match self.tokens.next_segment() {
                None => {
                    self.end_of_input();
                    self.done = true;
                }
                Some(Err(problem)) => self.file.warn("bad_isa", problem.at, problem.message),
                Some(Ok(segment)) => self.segment(segment),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

/// `claim.claim.lines[i].name`, without allocating for the first ten lines (reports of large
/// remittances hold hundreds of thousands of these).
pub(crate) fn line_field(index: usize, name: &'static str) -> Cow<'static, str> {
    match (index, name) {
        (0, "cpt_or_hcpcs") => Cow::Borrowed("claim.claim.lines[0].cpt_or_hcpcs"),
        (0, "revenue_code") => Cow::Borrowed("claim.claim.lines[0].revenue_code"),
        (0, "charge") => Cow::Borrowed("claim.claim.lines[0].charge"),
        (0, "units") => Cow::Borrowed("claim.claim.lines[0].units"),
        (0, "from") => Cow::Borrowed("claim.claim.lines[0].from"),
        (0, "to") => Cow::Borrowed("claim.claim.lines[0].to"),
        (1, "cpt_or_hcpcs") => Cow::Borrowed("claim.claim.lines[1].cpt_or_hcpcs"),
        (1, "revenue_code") => Cow::Borrowed("claim.claim.lines[1].revenue_code"),
        (1, "charge") => Cow::Borrowed("claim.claim.lines[1].charge"),
        (1, "units") => Cow::Borrowed("claim.claim.lines[1].units"),
        (1, "from") => Cow::Borrowed("claim.claim.lines[1].from"),
        (1, "to") => Cow::Borrowed("claim.claim.lines[1].to"),
        (2, "cpt_or_hcpcs") => Cow::Borrowed("claim.claim.lines[2].cpt_or_hcpcs"),
        (2, "revenue_code") => Cow::Borrowed("claim.claim.lines[2].revenue_code"),
        (2, "charge") => Cow::Borrowed("claim.claim.lines[2].charge"),
        (2, "units") => Cow::Borrowed("claim.claim.lines[2].units"),
        (2, "from") => Cow::Borrowed("claim.claim.lines[2].from"),
        (2, "to") => Cow::Borrowed("claim.claim.lines[2].to"),
        (3, "cpt_or_hcpcs") => Cow::Borrowed("claim.claim.lines[3].cpt_or_hcpcs"),
        (3, "revenue_code") => Cow::Borrowed("claim.claim.lines[3].revenue_code"),
        (3, "charge") => Cow::Borrowed("claim.claim.lines[3].charge"),
        (3, "units") => Cow::Borrowed("claim.claim.lines[3].units"),
        (3, "from") => Cow::Borrowed("claim.claim.lines[3].from"),
        (3, "to") => Cow::Borrowed("claim.claim.lines[3].to"),
        (4, "cpt_or_hcpcs") => Cow::Borrowed("claim.claim.lines[4].cpt_or_hcpcs"),
        (4, "revenue_code") => Cow::Borrowed("claim.claim.lines[4].revenue_code"),
        (4, "charge") => Cow::Borrowed("claim.claim.lines[4].charge"),
        (4, "units") => Cow::Borrowed("claim.claim.lines[4].units"),
        (4, "from") => Cow::Borrowed("claim.claim.lines[4].from"),
        (4, "to") => Cow::Borrowed("claim.claim.lines[4].to"),
        (5, "cpt_or_hcpcs") => Cow::Borrowed("claim.claim.lines[5].cpt_or_hcpcs"),
        (5, "revenue_code") => Cow::Borrowed("claim.claim.lines[5].revenue_code"),
        (5, "charge") => Cow::Borrowed("claim.claim.lines[5].charge"),
        (5, "units") => Cow::Borrowed("claim.claim.lines[5].units"),
        (5, "from") => Cow::Borrowed("claim.claim.lines[5].from"),
        (5, "to") => Cow::Borrowed("claim.claim.lines[5].to"),
        (6, "cpt_or_hcpcs") => Cow::Borrowed("claim.claim.lines[6].cpt_or_hcpcs"),
        (6, "revenue_code") => Cow::Borrowed("claim.claim.lines[6].revenue_code"),
        (6, "charge") => Cow::Borrowed("claim.claim.lines[6].charge"),
        (6, "units") => Cow::Borrowed("claim.claim.lines[6].units"),
        (6, "from") => Cow::Borrowed("claim.claim.lines[6].from"),
        (6, "to") => Cow::Borrowed("claim.claim.lines[6].to"),
        (7, "cpt_or_hcpcs") => Cow::Borrowed("claim.claim.lines[7].cpt_or_hcpcs"),
        (7, "revenue_code") => Cow::Borrowed("claim.claim.lines[7].revenue_code"),
        (7, "charge") => Cow::Borrowed("claim.claim.lines[7].charge"),
        (7, "units") => Cow::Borrowed("claim.claim.lines[7].units"),
        (7, "from") => Cow::Borrowed("claim.claim.lines[7].from"),
        (7, "to") => Cow::Borrowed("claim.claim.lines[7].to"),
        (8, "cpt_or_hcpcs") => Cow::Borrowed("claim.claim.lines[8].cpt_or_hcpcs"),
        (8, "revenue_code") => Cow::Borrowed("claim.claim.lines[8].revenue_code"),
        (8, "charge") => Cow::Borrowed("claim.claim.lines[8].charge"),
        (8, "units") => Cow::Borrowed("claim.claim.lines[8].units"),
        (8, "from") => Cow::Borrowed("claim.claim.lines[8].from"),
        (8, "to") => Cow::Borrowed("claim.claim.lines[8].to"),
        (9, "cpt_or_hcpcs") => Cow::Borrowed("claim.claim.lines[9].cpt_or_hcpcs"),
        (9, "revenue_code") => Cow::Borrowed("claim.claim.lines[9].revenue_code"),
        (9, "charge") => Cow::Borrowed("claim.claim.lines[9].charge"),
        (9, "units") => Cow::Borrowed("claim.claim.lines[9].units"),
        (9, "from") => Cow::Borrowed("claim.claim.lines[9].from"),
        (9, "to") => Cow::Borrowed("claim.claim.lines[9].to"),
        (0, "icd10_pointers") => Cow::Borrowed("claim.claim.lines[0].icd10_pointers"),
        (1, "icd10_pointers") => Cow::Borrowed("claim.claim.lines[1].icd10_pointers"),
        (2, "icd10_pointers") => Cow::Borrowed("claim.claim.lines[2].icd10_pointers"),
        (3, "icd10_pointers") => Cow::Borrowed("claim.claim.lines[3].icd10_pointers"),
        (4, "icd10_pointers") => Cow::Borrowed("claim.claim.lines[4].icd10_pointers"),
        (5, "icd10_pointers") => Cow::Borrowed("claim.claim.lines[5].icd10_pointers"),
        (6, "icd10_pointers") => Cow::Borrowed("claim.claim.lines[6].icd10_pointers"),
        (7, "icd10_pointers") => Cow::Borrowed("claim.claim.lines[7].icd10_pointers"),
        (8, "icd10_pointers") => Cow::Borrowed("claim.claim.lines[8].icd10_pointers"),
        (9, "icd10_pointers") => Cow::Borrowed("claim.claim.lines[9].icd10_pointers"),
        _ => Cow::Owned(format!("claim.claim.lines[{index}].{name}")),
    }
}

/// `claim.claim.lines[i].name[k]` (modifiers, pointers), like [`line_field`].
pub(crate) fn line_list_field(index: usize, name: &'static str, k: usize) -> Cow<'static, str> {
    match (index, name, k) {
        (0, "modifiers", 0) => Cow::Borrowed("claim.claim.lines[0].modifiers[0]"),
        (0, "modifiers", 1) => Cow::Borrowed("claim.claim.lines[0].modifiers[1]"),
        (0, "modifiers", 2) => Cow::Borrowed("claim.claim.lines[0].modifiers[2]"),
        (0, "modifiers", 3) => Cow::Borrowed("claim.claim.lines[0].modifiers[3]"),
        (0, "icd10_pointers", 0) => Cow::Borrowed("claim.claim.lines[0].icd10_pointers[0]"),
        (0, "icd10_pointers", 1) => Cow::Borrowed("claim.claim.lines[0].icd10_pointers[1]"),
        (0, "icd10_pointers", 2) => Cow::Borrowed("claim.claim.lines[0].icd10_pointers[2]"),
        (0, "icd10_pointers", 3) => Cow::Borrowed("claim.claim.lines[0].icd10_pointers[3]"),
        (1, "modifiers", 0) => Cow::Borrowed("claim.claim.lines[1].modifiers[0]"),
        (1, "modifiers", 1) => Cow::Borrowed("claim.claim.lines[1].modifiers[1]"),
        (1, "modifiers", 2) => Cow::Borrowed("claim.claim.lines[1].modifiers[2]"),
        (1, "modifiers", 3) => Cow::Borrowed("claim.claim.lines[1].modifiers[3]"),
        (1, "icd10_pointers", 0) => Cow::Borrowed("claim.claim.lines[1].icd10_pointers[0]"),
        (1, "icd10_pointers", 1) => Cow::Borrowed("claim.claim.lines[1].icd10_pointers[1]"),
        (1, "icd10_pointers", 2) => Cow::Borrowed("claim.claim.lines[1].icd10_pointers[2]"),
        (1, "icd10_pointers", 3) => Cow::Borrowed("claim.claim.lines[1].icd10_pointers[3]"),
        (2, "modifiers", 0) => Cow::Borrowed("claim.claim.lines[2].modifiers[0]"),
        (2, "modifiers", 1) => Cow::Borrowed("claim.claim.lines[2].modifiers[1]"),
        (2, "modifiers", 2) => Cow::Borrowed("claim.claim.lines[2].modifiers[2]"),
        (2, "modifiers", 3) => Cow::Borrowed("claim.claim.lines[2].modifiers[3]"),
        (2, "icd10_pointers", 0) => Cow::Borrowed("claim.claim.lines[2].icd10_pointers[0]"),
        (2, "icd10_pointers", 1) => Cow::Borrowed("claim.claim.lines[2].icd10_pointers[1]"),
        (2, "icd10_pointers", 2) => Cow::Borrowed("claim.claim.lines[2].icd10_pointers[2]"),
        (2, "icd10_pointers", 3) => Cow::Borrowed("claim.claim.lines[2].icd10_pointers[3]"),
        (3, "modifiers", 0) => Cow::Borrowed("claim.claim.lines[3].modifiers[0]"),
        (3, "modifiers", 1) => Cow::Borrowed("claim.claim.lines[3].modifiers[1]"),
        (3, "modifiers", 2) => Cow::Borrowed("claim.claim.lines[3].modifiers[2]"),
        (3, "modifiers", 3) => Cow::Borrowed("claim.claim.lines[3].modifiers[3]"),
        (3, "icd10_pointers", 0) => Cow::Borrowed("claim.claim.lines[3].icd10_pointers[0]"),
        (3, "icd10_pointers", 1) => Cow::Borrowed("claim.claim.lines[3].icd10_pointers[1]"),
        (3, "icd10_pointers", 2) => Cow::Borrowed("claim.claim.lines[3].icd10_pointers[2]"),
        (3, "icd10_pointers", 3) => Cow::Borrowed("claim.claim.lines[3].icd10_pointers[3]"),
        (4, "modifiers", 0) => Cow::Borrowed("claim.claim.lines[4].modifiers[0]"),
        (4, "modifiers", 1) => Cow::Borrowed("claim.claim.lines[4].modifiers[1]"),
        (4, "modifiers", 2) => Cow::Borrowed("claim.claim.lines[4].modifiers[2]"),
        (4, "modifiers", 3) => Cow::Borrowed("claim.claim.lines[4].modifiers[3]"),
        (4, "icd10_pointers", 0) => Cow::Borrowed("claim.claim.lines[4].icd10_pointers[0]"),
        (4, "icd10_pointers", 1) => Cow::Borrowed("claim.claim.lines[4].icd10_pointers[1]"),
        (4, "icd10_pointers", 2) => Cow::Borrowed("claim.claim.lines[4].icd10_pointers[2]"),
        (4, "icd10_pointers", 3) => Cow::Borrowed("claim.claim.lines[4].icd10_pointers[3]"),
        (5, "modifiers", 0) => Cow::Borrowed("claim.claim.lines[5].modifiers[0]"),
        (5, "modifiers", 1) => Cow::Borrowed("claim.claim.lines[5].modifiers[1]"),
        (5, "modifiers", 2) => Cow::Borrowed("claim.claim.lines[5].modifiers[2]"),
        (5, "modifiers", 3) => Cow::Borrowed("claim.claim.lines[5].modifiers[3]"),
        (5, "icd10_pointers", 0) => Cow::Borrowed("claim.claim.lines[5].icd10_pointers[0]"),
        (5, "icd10_pointers", 1) => Cow::Borrowed("claim.claim.lines[5].icd10_pointers[1]"),
        (5, "icd10_pointers", 2) => Cow::Borrowed("claim.claim.lines[5].icd10_pointers[2]"),
        (5, "icd10_pointers", 3) => Cow::Borrowed("claim.claim.lines[5].icd10_pointers[3]"),
        (6, "modifiers", 0) => Cow::Borrowed("claim.claim.lines[6].modifiers[0]"),
        (6, "modifiers", 1) => Cow::Borrowed("claim.claim.lines[6].modifiers[1]"),
        (6, "modifiers", 2) => Cow::Borrowed("claim.claim.lines[6].modifiers[2]"),
        (6, "modifiers", 3) => Cow::Borrowed("claim.claim.lines[6].modifiers[3]"),
        (6, "icd10_pointers", 0) => Cow::Borrowed("claim.claim.lines[6].icd10_pointers[0]"),
        (6, "icd10_pointers", 1) => Cow::Borrowed("claim.claim.lines[6].icd10_pointers[1]"),
        (6, "icd10_pointers", 2) => Cow::Borrowed("claim.claim.lines[6].icd10_pointers[2]"),
        (6, "icd10_pointers", 3) => Cow::Borrowed("claim.claim.lines[6].icd10_pointers[3]"),
        (7, "modifiers", 0) => Cow::Borrowed("claim.claim.lines[7].modifiers[0]"),
        (7, "modifiers", 1) => Cow::Borrowed("claim.claim.lines[7].modifiers[1]"),
        (7, "modifiers", 2) => Cow::Borrowed("claim.claim.lines[7].modifiers[2]"),
        (7, "modifiers", 3) => Cow::Borrowed("claim.claim.lines[7].modifiers[3]"),
        (7, "icd10_pointers", 0) => Cow::Borrowed("claim.claim.lines[7].icd10_pointers[0]"),
        (7, "icd10_pointers", 1) => Cow::Borrowed("claim.claim.lines[7].icd10_pointers[1]"),
        (7, "icd10_pointers", 2) => Cow::Borrowed("claim.claim.lines[7].icd10_pointers[2]"),
        (7, "icd10_pointers", 3) => Cow::Borrowed("claim.claim.lines[7].icd10_pointers[3]"),
        (8, "modifiers", 0) => Cow::Borrowed("claim.claim.lines[8].modifiers[0]"),
        (8, "modifiers", 1) => Cow::Borrowed("claim.claim.lines[8].modifiers[1]"),
        (8, "modifiers", 2) => Cow::Borrowed("claim.claim.lines[8].modifiers[2]"),
        (8, "modifiers", 3) => Cow::Borrowed("claim.claim.lines[8].modifiers[3]"),
        (8, "icd10_pointers", 0) => Cow::Borrowed("claim.claim.lines[8].icd10_pointers[0]"),
        (8, "icd10_pointers", 1) => Cow::Borrowed("claim.claim.lines[8].icd10_pointers[1]"),
        (8, "icd10_pointers", 2) => Cow::Borrowed("claim.claim.lines[8].icd10_pointers[2]"),
        (8, "icd10_pointers", 3) => Cow::Borrowed("claim.claim.lines[8].icd10_pointers[3]"),
        (9, "modifiers", 0) => Cow::Borrowed("claim.claim.lines[9].modifiers[0]"),
        (9, "modifiers", 1) => Cow::Borrowed("claim.claim.lines[9].modifiers[1]"),
        (9, "modifiers", 2) => Cow::Borrowed("claim.claim.lines[9].modifiers[2]"),
        (9, "modifiers", 3) => Cow::Borrowed("claim.claim.lines[9].modifiers[3]"),
        (9, "icd10_pointers", 0) => Cow::Borrowed("claim.claim.lines[9].icd10_pointers[0]"),
        (9, "icd10_pointers", 1) => Cow::Borrowed("claim.claim.lines[9].icd10_pointers[1]"),
        (9, "icd10_pointers", 2) => Cow::Borrowed("claim.claim.lines[9].icd10_pointers[2]"),
        (9, "icd10_pointers", 3) => Cow::Borrowed("claim.claim.lines[9].icd10_pointers[3]"),
        _ => Cow::Owned(format!("claim.claim.lines[{index}].{name}[{k}]")),
    }
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

fn auth_topic(topic: Topic) -> bool {
    matches!(
        topic,
        Topic::AuthorizationAbsent
            | Topic::AuthorizationMismatch
            | Topic::AuthorizationExceeded
            | Topic::AuthorizationDenied
            | Topic::ReferralAbsent
            | Topic::NotEmergency
    )
}

/// The CARC without leading zeros, upper case (`0197` → `197`, `a1` → `A1`).
fn normal_carc(code: &str) -> String {
    let code = code.trim();
    let trimmed = code.trim_start_matches('0');
    let trimmed = if trimmed.is_empty() && !code.is_empty() { "0" } else { trimmed };
    if trimmed.bytes().any(|b| b.is_ascii_lowercase()) { trimmed.to_ascii_uppercase() } else { trimmed.to_string() }
}

fn upper(text: &str) -> String {
    let text = text.trim();
    if text.bytes().any(|b| b.is_ascii_lowercase()) { text.to_ascii_uppercase() } else { text.to_string() }
}

/// True when a CARC says the denial is about authorization (absent, mismatched, exceeded,
/// refused), a referral, or a disputed emergency.
pub fn carc_is_auth_related(code: &str) -> bool {
    carc::lookup(&normal_carc(code)).is_some_and(|c| auth_topic(c.topic))
}

/// True when a RARC says the denial is about authorization.
pub fn rarc_is_auth_related(code: &str) -> bool {
    rarc::lookup(code.trim()).is_some_and(|r| auth_topic(r.topic))
}

pub(crate) fn adjustment(group: &str, code: &str, amount: &str, line: Option<usize>) -> AdjustmentCode {
    let code = normal_carc(code);
    let known = carc::lookup(&code);
    AdjustmentCode {
        group: upper(group),
        auth_related: known.is_some_and(|c| auth_topic(c.topic)),
        explanation: known.map(|c| c.explanation),
        code,
        amount: amount.trim().to_string(),
        line,
    }
}

pub(crate) fn remark(code: &str, line: Option<usize>) -> RemarkCode {
    let code = upper(code);
    let known = rarc::lookup(&code);
    RemarkCode {
        auth_related: known.is_some_and(|r| auth_topic(r.topic)),
        explanation: known.map(|r| r.explanation),
        code,
        line,
    }
}

/// Fills `denial.carc`, `.rarc` and `.text` from the codes: CARC = the first authorization-related
/// code (else the first code this tool knows, else the first); RARC = the distinct remark codes,
/// authorization-related first; text = every code with its group, amount and line.
pub(crate) fn fill_denial_codes(
    case: &mut Case,
    report: &mut ImportReport,
    carcs: &[AdjustmentCode],
    rarcs: &[RemarkCode],
    from: &str,
) {
    let primary = carcs
        .iter()
        .find(|c| c.auth_related)
        .or_else(|| carcs.iter().find(|c| c.explanation.is_some()))
        .or_else(|| carcs.first());
    let denial = &mut case.claim.claim.denial;
    if let Some(primary) = primary {
        denial.carc = primary.code.clone();
        report.fill("claim.claim.denial.carc", format!("{from} (the first authorization-related adjustment reason)"));
    }
    let mut rarc = String::new();
    let mut seen = HashSet::new();
    for pass in [true, false] {
        for r in rarcs {
            if r.auth_related == pass && seen.insert(r.code.as_str()) {
                if !rarc.is_empty() {
                    rarc.push_str(", ");
                }
                rarc.push_str(&r.code);
            }
        }
    }
    if !rarc.is_empty() {
        denial.rarc = rarc;
        report.fill("claim.claim.denial.rarc", format!("{from} (remark codes)"));
    }
    // The text: every code with its group, amount and place, in one string.
    let mut text = String::new();
    for (i, c) in carcs.iter().enumerate() {
        text.push_str(if i == 0 { "Adjustments: " } else { "; " });
        if !c.group.is_empty() {
            text.push_str(&c.group);
            text.push('-');
        }
        text.push_str(&c.code);
        if !c.amount.is_empty() {
            text.push(' ');
            text.push_str(&c.amount);
        }
        match c.line {
            Some(line) => {
                let _ = write!(text, " (line {})", line + 1);
            }
            None => text.push_str(" (claim)"),
        }
    }
    if !carcs.is_empty() {
        text.push('.');
    }
    for (i, r) in rarcs.iter().enumerate() {
        if i == 0 {
            text.push_str(if text.is_empty() { "Remarks: " } else { " Remarks: " });
        } else {
            text.push_str("; ");
        }
        text.push_str(&r.code);
        match r.line {
            Some(line) => {
                let _ = write!(text, " (line {})", line + 1);
            }
            None => text.push_str(" (claim)"),
        }
    }
    if !rarcs.is_empty() {
        text.push('.');
    }
    if !text.is_empty() {
        denial.text = text;
        report.fill("claim.claim.denial.text", format!("{from} (codes listed as the remittance gives them)"));
    }
}

/// An X12 or JSON decimal as typed: a number when it is one (`.5` and `100.` are read as 0.5
/// and 100), else the text, kept.
pub(crate) fn amount(text: &str) -> (Lenient<serde_json::Number>, bool) {
    let t = text.trim();
    let mut normal = Cow::Borrowed(t);
    if let Some(rest) = t.strip_prefix("-.") {
        normal = Cow::Owned(format!("-0.{rest}"));
    } else if let Some(rest) = t.strip_prefix('.') {
        normal = Cow::Owned(format!("0.{rest}"));
    }
    let normal = normal.strip_suffix('.').unwrap_or(&normal);
    let valid = !normal.is_empty()
        && normal.bytes().enumerate().all(|(i, b)| b.is_ascii_digit() || b == b'.' || (i == 0 && b == b'-'))
        && normal.bytes().filter(|b| *b == b'.').count() <= 1;
    if valid && let Ok(number) = serde_json::from_str::<serde_json::Number>(normal) {
        return (Lenient::Valid(number), true);
    }
    (Lenient::Raw(serde_json::Value::String(t.to_string())), false)
}

/// Units as typed: an integer when it is one (`2`, `2.0`), else the text, kept.
pub(crate) fn units(text: &str) -> (Lenient<i64>, bool) {
    let t = text.trim();
    let (whole, fraction) = t.split_once('.').unwrap_or((t, ""));
    let digits = whole.strip_prefix('-').unwrap_or(whole);
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b == b'0')
        && let Ok(n) = whole.parse::<i64>()
    {
        return (Lenient::Valid(n), true);
    }
    (Lenient::Raw(serde_json::Value::String(t.to_string())), false)
}

/// An ICD-10-CM code as claims send it (`M5416`) with its decimal point (`M54.16`).
pub(crate) fn icd10_with_decimal(code: &str) -> (String, bool) {
    let code = code.trim();
    if code.len() > 3 && !code.contains('.') && code.is_ascii() && code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        let (head, tail) = code.split_at(3);
        (format!("{head}.{tail}"), true)
    } else {
        (code.to_string(), false)
    }
}

/// The fields a request needs that the case leaves empty.
pub fn left_empty(case: &Case) -> Vec<Cow<'static, str>> {
    let mut out = Vec::new();
    let blank = |s: &str| s.trim().is_empty();
    let d = &case.claim;
    let mut need = |cond: bool, path: &'static str| {
        if cond {
            out.push(Cow::Borrowed(path));
        }
    };
    need(blank(&d.patient.first_name), "claim.patient.first_name");
    need(blank(&d.patient.last_name), "claim.patient.last_name");
    need(blank(&d.patient.dob), "claim.patient.dob");
    need(d.patient.member_id.as_deref().is_none_or(blank), "claim.patient.member_id");
    need(blank(&d.payer.name), "claim.payer.name");
    need(blank(&d.payer.fax), "claim.payer.fax");
    need(d.payer.retro_auth_window_days.is_none(), "claim.payer.retro_auth_window_days");
    need(blank(&d.provider.name), "claim.provider.name");
    need(blank(&d.provider.npi), "claim.provider.npi");
    need(blank(&d.provider.tin), "claim.provider.tin");
    let c = &d.claim;
    need(blank(&c.claim_number), "claim.claim.claim_number");
    need(c.first_date().is_none_or(blank), "claim.claim.date_of_service");
    need(blank(&c.place_of_service), "claim.claim.place_of_service");
    need(c.lines.is_empty(), "claim.claim.lines");
    for (i, line) in c.lines.iter().enumerate() {
        if line.cpt_or_hcpcs.as_deref().is_none_or(blank) && line.revenue_code.as_deref().is_none_or(blank) {
            out.push(line_field(i, "cpt_or_hcpcs"));
        }
        if matches!(line.units, Lenient::Raw(serde_json::Value::Null)) {
            out.push(line_field(i, "units"));
        }
        if matches!(line.charge, Lenient::Raw(serde_json::Value::Null)) {
            out.push(line_field(i, "charge"));
        }
        if !c.is_institutional() && line.icd10_pointers.is_empty() {
            out.push(line_field(i, "icd10_pointers"));
        }
    }
    let mut need = |cond: bool, path: &'static str| {
        if cond {
            out.push(Cow::Borrowed(path));
        }
    };
    need(c.diagnoses.is_empty(), "claim.claim.diagnoses");
    need(blank(&c.denial.date), "claim.claim.denial.date");
    need(blank(&c.denial.carc), "claim.claim.denial.carc");
    need(blank(&d.reason_prior_auth_missing.code), "claim.reason_prior_auth_missing.code");
    out
}

/// Sets the claim's single date of service (all line dates the same day) or its from/to range
/// (earliest and latest line date) from the service lines' dates. `sources` names them in the
/// report: `[same day, earliest, latest]`.
pub(crate) fn dates_from_lines(
    claim: &mut crate::core::model::Claim,
    report: &mut ImportReport,
    sources: [&'static str; 3],
) {
    let dates: Vec<&str> = claim
        .lines
        .iter()
        .flat_map(|l| [l.from.as_deref(), l.to.as_deref()])
        .flatten()
        .filter(|d| !d.trim().is_empty())
        .collect();
    let (Some(min), Some(max)) = (dates.iter().min(), dates.iter().max()) else { return };
    let [same_day, earliest, latest] = sources;
    if min == max {
        claim.date_of_service = Some(min.to_string());
        report.fill("claim.claim.date_of_service", same_day);
    } else {
        claim.from = Some(min.to_string());
        claim.to = Some(max.to_string());
        claim.date_of_service = None;
        report.fill("claim.claim.from", earliest);
        report.fill("claim.claim.to", latest);
    }
}

/// Completes remittance cases with the claims of a claims file (837, FHIR Claim) of the same
/// claim number and the same patient, whose service dates overlap (the rule: [`join`]): every
/// field the remittance case leaves empty and the claim has is copied (date of birth, sex, group
/// number, diagnoses, line pointers and modifiers, NPIs, TIN, addresses, referring provider,
/// facility, prior authorization). Nothing the remittance filled is overwritten; a claim of
/// another patient is not joined and the remittance case gets a warning saying why. Returns how
/// many cases were completed. [`join::join_files`] does the same for several named files.
pub fn join_claims(remit: &mut ImportFile, claims: &ImportFile) -> usize {
    join::join_files(remit, &[join::ClaimsFile { name: "(unnamed)", file: claims }]).joined
}

/// Copies into `target` what it leaves empty and `source` has.
pub(crate) fn merge_case(target: &mut Case, source: &Case, report: &mut ImportReport, from: &str) {
    fn take(target: &mut String, source: &str, field: &'static str, report: &mut ImportReport, from: &str) {
        if target.trim().is_empty() && !source.trim().is_empty() {
            *target = source.to_string();
            report.fill(field, format!("{from}: {field}"));
        }
    }
    fn take_opt(
        target: &mut Option<String>,
        source: &Option<String>,
        field: &'static str,
        report: &mut ImportReport,
        from: &str,
    ) {
        if target.as_deref().is_none_or(|t| t.trim().is_empty())
            && let Some(value) = source.as_deref().filter(|s| !s.trim().is_empty())
        {
            *target = Some(value.to_string());
            report.fill(field, format!("{from}: {field}"));
        }
    }
    let (t, s) = (&mut target.claim, &source.claim);
    take(&mut t.patient.first_name, &s.patient.first_name, "claim.patient.first_name", report, from);
    take(&mut t.patient.last_name, &s.patient.last_name, "claim.patient.last_name", report, from);
    take(&mut t.patient.dob, &s.patient.dob, "claim.patient.dob", report, from);
    take_opt(&mut t.patient.member_id, &s.patient.member_id, "claim.patient.member_id", report, from);
    take_opt(&mut t.patient.group_number, &s.patient.group_number, "claim.patient.group_number", report, from);
    take_opt(&mut t.patient.sex, &s.patient.sex, "claim.patient.sex", report, from);
    take(&mut t.payer.name, &s.payer.name, "claim.payer.name", report, from);
    take(&mut t.payer.plan_type, &s.payer.plan_type, "claim.payer.plan_type", report, from);
    take(&mut t.provider.name, &s.provider.name, "claim.provider.name", report, from);
    take(&mut t.provider.npi, &s.provider.npi, "claim.provider.npi", report, from);
    take(&mut t.provider.tin, &s.provider.tin, "claim.provider.tin", report, from);
    take(&mut t.provider.phone, &s.provider.phone, "claim.provider.phone", report, from);
    take(&mut t.provider.contact_name, &s.provider.contact_name, "claim.provider.contact_name", report, from);
    if t.provider.address.line1.trim().is_empty() && !s.provider.address.line1.trim().is_empty() {
        t.provider.address = s.provider.address.clone();
        report.fill("claim.provider.address", format!("{from}: claim.provider.address"));
    }
    if t.payer.address.line1.trim().is_empty() && !s.payer.address.line1.trim().is_empty() {
        t.payer.address = s.payer.address.clone();
        report.fill("claim.payer.address", format!("{from}: claim.payer.address"));
    }
    if t.facility.is_none() && s.facility.is_some() {
        t.facility = s.facility.clone();
        report.fill("claim.facility", format!("{from}: claim.facility"));
    }
    if t.referring_provider.is_none() && s.referring_provider.is_some() {
        t.referring_provider = s.referring_provider.clone();
        report.fill("claim.referring_provider", format!("{from}: claim.referring_provider"));
    }
    for (key, value) in &s.extra {
        if !t.extra.contains_key(key) {
            t.extra.insert(key.clone(), value.clone());
            report.fill(format!("claim.{key}"), format!("{from}: claim.{key}"));
        }
    }
    let (tc, sc) = (&mut t.claim, &s.claim);
    take(&mut tc.place_of_service, &sc.place_of_service, "claim.claim.place_of_service", report, from);
    take_opt(
        &mut tc.original_submission_date,
        &sc.original_submission_date,
        "claim.claim.original_submission_date",
        report,
        from,
    );
    if tc.date_of_service.is_none() && tc.from.is_none() {
        take_opt(&mut tc.date_of_service, &sc.date_of_service, "claim.claim.date_of_service", report, from);
        take_opt(&mut tc.from, &sc.from, "claim.claim.from", report, from);
        take_opt(&mut tc.to, &sc.to, "claim.claim.to", report, from);
    }
    if tc.prior_authorization.is_none() && sc.prior_authorization.is_some() {
        tc.prior_authorization = sc.prior_authorization.clone();
        report.fill("claim.claim.prior_authorization", format!("{from}: claim.claim.prior_authorization"));
    }
    if tc.diagnoses.is_empty() && !sc.diagnoses.is_empty() {
        tc.diagnoses = sc.diagnoses.clone();
        report.fill("claim.claim.diagnoses", format!("{from}: claim.claim.diagnoses"));
    }
    if tc.total_charge.is_none() {
        tc.total_charge = sc.total_charge.clone();
    }
    if tc.lines.is_empty() && !sc.lines.is_empty() {
        tc.lines = sc.lines.clone();
        report.fill("claim.claim.lines", format!("{from}: claim.claim.lines"));
        return;
    }
    // Lines: match each target line to the first unused source line with the same code (and the
    // same date when both have one). Queues per code keep this linear.
    let mut queues: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (j, s) in sc.lines.iter().enumerate() {
        queues.entry(s.cpt_or_hcpcs.as_deref().map(str::trim).unwrap_or("")).or_default().push_back(j);
    }
    for (i, line) in tc.lines.iter_mut().enumerate() {
        let code = line.cpt_or_hcpcs.as_deref().map(str::trim).unwrap_or("");
        let Some(queue) = queues.get_mut(code) else { continue };
        let dated = |j: &usize| {
            sc.lines.get(*j).is_some_and(|s| line.from.is_none() || s.from.is_none() || line.from == s.from)
        };
        // The first compatible line; a queue holds the lines of one code, usually one or two.
        let Some(position) = queue.iter().take(MAX_LOCATIONS).position(dated) else { continue };
        let Some(j) = queue.remove(position) else { continue };
        let found = sc.lines.get(j).map(|s| (j, s));
        let Some((j, s)) = found else { continue };
        if line.icd10_pointers.is_empty() && !s.icd10_pointers.is_empty() {
            line.icd10_pointers = s.icd10_pointers.clone();
            report.fill(format!("claim.claim.lines[{i}].icd10_pointers"), format!("{from}: claim.claim.lines[{j}]"));
        }
        if line.modifiers.is_empty() && !s.modifiers.is_empty() {
            line.modifiers = s.modifiers.clone();
            report.fill(format!("claim.claim.lines[{i}].modifiers"), format!("{from}: claim.claim.lines[{j}]"));
        }
        if matches!(line.units, Lenient::Raw(serde_json::Value::Null))
            && !matches!(s.units, Lenient::Raw(serde_json::Value::Null))
        {
            line.units = s.units.clone();
            report.fill(format!("claim.claim.lines[{i}].units"), format!("{from}: claim.claim.lines[{j}]"));
        }
        if matches!(line.charge, Lenient::Raw(serde_json::Value::Null))
            && !matches!(s.charge, Lenient::Raw(serde_json::Value::Null))
        {
            line.charge = s.charge.clone();
            report.fill(format!("claim.claim.lines[{i}].charge"), format!("{from}: claim.claim.lines[{j}]"));
        }
        if line.revenue_code.is_none() && s.revenue_code.is_some() {
            line.revenue_code = s.revenue_code.clone();
            report.fill(format!("claim.claim.lines[{i}].revenue_code"), format!("{from}: claim.claim.lines[{j}]"));
        }
        if line.from.is_none() && s.from.is_some() {
            line.from = s.from.clone();
            line.to = s.to.clone();
            report.fill(format!("claim.claim.lines[{i}].from"), format!("{from}: claim.claim.lines[{j}]"));
        }
    }
}

/// Claim filing indicator (835 CLP06, 837 SBR09) → `plan_type`, when it says one clearly.
pub(crate) fn plan_type(indicator: &str) -> Option<&'static str> {
    match indicator.trim() {
        "16" => Some("medicare_advantage"),
        "MC" => Some("medicaid_mco"),
        "12" | "13" | "14" | "15" | "17" | "BL" | "CI" | "HM" | "DS" => Some("commercial"),
        _ => None,
    }
}

/// Sets `payer.plan_type` from a claim filing indicator, with a warning when it is unclear.
pub(crate) fn fill_plan_type(case: &mut Case, report: &mut ImportReport, indicator: &str, at: String) {
    if indicator.trim().is_empty() {
        return;
    }
    match plan_type(indicator) {
        Some(kind) => {
            case.claim.payer.plan_type = kind.to_string();
            let note = if kind == "medicaid_mco" {
                report.warn(
                    "plan_type_guess",
                    at.clone(),
                    "the claim filing indicator says Medicaid; check that the plan is a managed-care organisation",
                );
                " (Medicaid: assumed managed care)"
            } else {
                ""
            };
            report.fill("claim.payer.plan_type", format!("{at} (claim filing indicator){note}"));
        }
        None => report.warn(
            "plan_type_unknown",
            at,
            "the claim filing indicator does not say commercial, Medicare Advantage or Medicaid managed care; \
             set the plan type by hand",
        ),
    }
}

/// Words for an 835 CLP02 claim status.
pub(crate) fn claim_status_words(code: &str) -> &'static str {
    match code.trim() {
        "1" => "processed as primary",
        "2" => "processed as secondary",
        "3" => "processed as tertiary",
        "4" => "denied",
        "19" => "processed as primary, forwarded to additional payer(s)",
        "20" => "processed as secondary, forwarded to additional payer(s)",
        "21" => "processed as tertiary, forwarded to additional payer(s)",
        "22" => "reversal of previous payment",
        "23" => "not our claim, forwarded to additional payer(s)",
        "25" => "predetermination pricing only, no payment",
        _ => "unknown status",
    }
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
    fn auth_codes() {
        for code in ["197", "198", "15", "243", "39", "40", "0197"] {
            assert!(carc_is_auth_related(code), "{code}");
        }
        for code in ["45", "1", "2", "50", "16", ""] {
            assert!(!carc_is_auth_related(code), "{code}");
        }
        for code in ["N54", "M62", "N362"] {
            assert!(rarc_is_auth_related(code), "{code}");
        }
        assert!(!rarc_is_auth_related("N130"));
    }

    #[test]
    fn numbers_keep_what_does_not_parse() {
        assert_eq!(amount("150000").0.as_text(), "150000");
        assert_eq!(amount("11980.33").0.as_text(), "11980.33");
        assert_eq!(amount(".5").0.as_text(), "0.5");
        assert_eq!(amount("-.5").0.as_text(), "-0.5");
        assert!(!amount("12a").1);
        assert!(!amount("1e5").1, "no exponents in X12");
        assert!(!amount("").1);
        assert_eq!(units("3").0, Lenient::Valid(3));
        assert_eq!(units("3.0").0, Lenient::Valid(3));
        assert!(!units("1.5").1);
        assert_eq!(icd10_with_decimal("M5416").0, "M54.16");
        assert_eq!(icd10_with_decimal("I10").0, "I10");
        assert_eq!(icd10_with_decimal("M54.16").0, "M54.16");
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
