//! Importing several files at once, as the app does when the biller drops an 835 together with
//! the 837 (or FHIR Claim) files of the same claims: each file is imported, the claims files
//! complete the remittance cases of the same claim number and patient ([`join`]), and the result is
//! one [`ImportBatch`] plus a light [`BatchSummary`] for listing (the full cases stay with the
//! caller until the biller picks one).
//!
//! Pure: the caller passes the bytes and receives progress through a callback.

use super::{Format, ImportError, ImportFile, ImportReport, ImportedCase, Progress, join};
use serde::{Deserialize, Serialize};

/// One input file.
#[derive(Debug, Clone, Copy)]
pub struct SourceFile<'a> {
    /// The name the user knows it by (a file name, or "pasted text").
    pub name: &'a str,
    /// Its bytes.
    pub bytes: &'a [u8],
}

/// Progress over several files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BatchProgress {
    /// 0-based index of the file being read.
    pub file: usize,
    /// Number of files.
    pub files: usize,
    /// Bytes read so far, over all files.
    pub bytes_done: usize,
    /// Bytes of all files.
    pub bytes_total: usize,
    /// Claims read so far, over all files.
    pub cases: usize,
}

/// What became of one input file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileResult {
    /// The file's name.
    pub name: String,
    /// The format it was read as (`None` when it could not be recognised).
    pub format: Option<Format>,
    /// Claims read from it.
    pub cases: usize,
    /// Why it could not be imported (positions only, never values).
    pub error: Option<ImportError>,
    /// The file-level report (envelopes, header segments, skipped data).
    pub report: ImportReport,
}

/// One claim of the batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchCase {
    /// Index of the file it came from, in [`ImportBatch::files`].
    pub file: usize,
    /// The claim.
    pub imported: ImportedCase,
    /// True when the claim came from a claims file (837, FHIR Claim) and completed a remittance
    /// claim: it is then not listed on its own.
    pub merged: bool,
    /// True when this remittance claim was completed from a claims file.
    pub completed: bool,
}

/// Everything imported from a set of files.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportBatch {
    /// One entry per input file, in input order.
    pub files: Vec<FileResult>,
    /// Every claim, file by file, in file order.
    pub cases: Vec<BatchCase>,
    /// Remittance claims completed from claims files.
    pub joined: usize,
}

/// Imports `files` (any mix of X12 835, X12 837 and FHIR R4 JSON). A file that cannot be read
/// gets an error entry; the others are still imported. The claims of claims files (837, FHIR
/// with Claims only) complete the remittance claims (835, FHIR ExplanationOfBenefit or
/// ClaimResponse) of the same claim number when the patient matches and the service dates
/// overlap ([`join`]); a remittance claim not joined says why in its report warnings (and in
/// [`ClaimSummary::not_joined`]). Two remittance files are never joined to each other.
/// `progress` is called after every claim and at the end of every file.
pub fn import_many(files: &[SourceFile<'_>], progress: &mut dyn FnMut(BatchProgress)) -> ImportBatch {
    let bytes_total = files.iter().map(|f| f.bytes.len()).sum();
    let mut base = 0;
    let mut cases_before = 0;
    let mut imported: Vec<(usize, Result<ImportFile, ImportError>)> = Vec::with_capacity(files.len());
    let count = files.len();
    for (index, source) in files.iter().enumerate() {
        let mut on_progress = |p: Progress| {
            progress(BatchProgress {
                file: index,
                files: count,
                bytes_done: base + p.bytes_done.min(source.bytes.len()),
                bytes_total,
                cases: cases_before + p.cases,
            })
        };
        let result = super::import_any_with_progress(source.bytes, &mut on_progress);
        if let Ok(file) = &result {
            cases_before += file.cases.len();
        }
        base += source.bytes.len();
        progress(BatchProgress { file: index, files: count, bytes_done: base, bytes_total, cases: cases_before });
        imported.push((index, result));
    }

    // Claims files (837, FHIR Claims only) complete remittance files (835, FHIR EOB or
    // ClaimResponse): by claim number, patient and service dates (`super::join`). Remittance
    // files are never joined to each other.
    let mut remits = Vec::new();
    let mut claims = Vec::new();
    for (position, (_, result)) in imported.iter().enumerate() {
        if let Ok(file) = result {
            if join::is_remittance_file(file) {
                remits.push(position);
            } else if join::is_claims_file(file) {
                claims.push(position);
            }
        }
    }
    let mut joined = 0;
    // Per file, per case: took part in a join (claims files: merged away; remittance files:
    // completed).
    let mut took_part: Vec<Vec<bool>> =
        imported.iter().map(|(_, r)| vec![false; r.as_ref().map(|f| f.cases.len()).unwrap_or(0)]).collect();
    for &remit_at in &remits {
        let Some((_, slot)) = imported.get_mut(remit_at) else { continue };
        let placeholder = Err(ImportError::new("empty", "", ""));
        let Ok(mut remit_file) = std::mem::replace(slot, placeholder) else { continue };
        let sources: Vec<(usize, join::ClaimsFile<'_>)> = claims
            .iter()
            .filter_map(|&at| match imported.get(at) {
                Some((index, Ok(file))) => {
                    let name = files.get(*index).map(|f| f.name).unwrap_or("");
                    Some((at, join::ClaimsFile { name, file }))
                }
                _ => None,
            })
            .collect();
        let list: Vec<join::ClaimsFile<'_>> = sources.iter().map(|(_, c)| *c).collect();
        let outcome = join::join_files(&mut remit_file, &list);
        joined += outcome.joined;
        let used: Vec<(usize, Vec<bool>)> = sources.iter().map(|(at, _)| *at).zip(outcome.used).collect();
        for (at, flags) in used {
            if let Some(set) = took_part.get_mut(at) {
                for (mark, flag) in set.iter_mut().zip(flags) {
                    *mark |= flag;
                }
            }
        }
        if let Some(set) = took_part.get_mut(remit_at) {
            for (mark, flag) in set.iter_mut().zip(outcome.completed) {
                *mark |= flag;
            }
        }
        if let Some((_, slot)) = imported.get_mut(remit_at) {
            *slot = Ok(remit_file);
        }
    }

    let mut batch = ImportBatch { joined, ..ImportBatch::default() };
    for (position, (index, result)) in imported.into_iter().enumerate() {
        let name = files.get(index).map(|f| f.name.to_string()).unwrap_or_default();
        match result {
            Ok(file) => {
                batch.files.push(FileResult {
                    name,
                    format: Some(file.format),
                    cases: file.cases.len(),
                    error: None,
                    report: file.report,
                });
                let remittance = remits.contains(&position);
                for (k, case) in file.cases.into_iter().enumerate() {
                    let took_part = took_part.get(position).and_then(|f| f.get(k)).copied().unwrap_or(false);
                    batch.cases.push(BatchCase {
                        file: position,
                        imported: case,
                        merged: took_part && !remittance,
                        completed: took_part && remittance,
                    });
                }
            }
            Err(error) => {
                let format = files.get(index).and_then(|f| super::sniff(f.bytes));
                batch.files.push(FileResult {
                    name,
                    format,
                    cases: 0,
                    error: Some(error),
                    report: ImportReport::default(),
                })
            }
        }
    }
    batch
}

/// A light listing of an [`ImportBatch`] for the app (no full cases, no per-field reports).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BatchSummary {
    /// The files.
    pub files: Vec<FileSummary>,
    /// The claims: authorization-related denials first, then the other claims offered as cases
    /// (claims-file claims no remittance took up), then the rest; each with its index in
    /// [`ImportBatch::cases`].
    pub claims: Vec<ClaimSummary>,
    /// Remittance claims completed from claims files.
    pub joined: usize,
}

/// One file of a [`BatchSummary`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FileSummary {
    /// The file's name.
    pub name: String,
    /// The format in words (empty when not recognised).
    pub format: String,
    /// Claims read.
    pub claims: usize,
    /// Why the file could not be imported: `position: message`.
    pub error: Option<String>,
    /// File-level warnings, `position: message`.
    pub warnings: Vec<String>,
    /// Warnings not listed.
    pub warnings_omitted: usize,
    /// What the case format has no place for: `what (count): first positions`.
    pub unmapped: Vec<String>,
}

/// One claim of a [`BatchSummary`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimSummary {
    /// Index in [`ImportBatch::cases`] (to ask for the full case).
    pub index: usize,
    /// Index of the file.
    pub file: usize,
    /// The provider's claim number.
    pub claim_number: String,
    /// The patient, `Last, First` (shown on the biller's own screen only).
    pub patient: String,
    /// First date of service as imported.
    pub service_date: String,
    /// Claim status in words (remittances), or `claim` for claims files.
    pub status: String,
    /// `CO-197`, … (claim level, then lines; each once).
    pub carc: Vec<String>,
    /// `M62`, … (each once).
    pub rarc: Vec<String>,
    /// True when the denial is authorization-related.
    pub auth_related: bool,
    /// True when the app offers it as a new case: an authorization-related denial, or a claim
    /// from a claims file that no remittance claim took up.
    pub offered: bool,
    /// True when the claim was completed from a claims file.
    pub completed_from_claims: bool,
    /// Why a claims file with the same claim number did not complete this claim (different
    /// patient, service dates apart, ambiguous): the warning messages, no patient values.
    #[serde(default)]
    pub not_joined: Vec<String>,
    /// Fields filled.
    pub filled: usize,
    /// Warnings for this claim.
    pub warnings: usize,
    /// Kinds of unmapped data for this claim.
    pub unmapped: usize,
    /// Required fields still empty (the paths are in [`CaseDetail::left_empty`]).
    pub left_empty: usize,
}

fn position_message(at: &str, message: &str) -> String {
    if at.is_empty() { message.to_string() } else { format!("{at}: {message}") }
}

impl ImportBatch {
    /// The listing for the app.
    pub fn summary(&self) -> BatchSummary {
        let files = self
            .files
            .iter()
            .map(|file| FileSummary {
                name: file.name.clone(),
                format: file.format.map(|f| f.words().to_string()).unwrap_or_default(),
                claims: file.cases,
                error: file.error.as_ref().map(|e| position_message(&e.at, &e.message)),
                warnings: file.report.warnings.iter().map(|w| position_message(&w.at, &w.message)).collect(),
                warnings_omitted: file.report.warnings_omitted,
                unmapped: file
                    .report
                    .unmapped
                    .iter()
                    .map(|u| format!("{} ({}): {}", u.what, u.count, u.at.join(", ")))
                    .collect(),
            })
            .collect();
        let mut claims: Vec<ClaimSummary> = self
            .cases
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.merged)
            .map(|(index, c)| {
                let case = &c.imported.case;
                let claim = &case.claim.claim;
                let from_claims_file = c.imported.remit.is_none() && c.imported.carc.is_empty();
                let mut carc: Vec<String> = Vec::new();
                for code in &c.imported.carc {
                    let label = code.label();
                    if !carc.contains(&label) {
                        carc.push(label);
                    }
                }
                let mut rarc: Vec<String> = Vec::new();
                for code in &c.imported.rarc {
                    if !rarc.contains(&code.code) {
                        rarc.push(code.code.clone());
                    }
                }
                let patient = &case.claim.patient;
                let patient = match (patient.last_name.trim(), patient.first_name.trim()) {
                    ("", "") => String::new(),
                    (last, "") => last.to_string(),
                    ("", first) => first.to_string(),
                    (last, first) => format!("{last}, {first}"),
                };
                let service_date = claim
                    .date_of_service
                    .clone()
                    .or_else(|| claim.from.clone())
                    .or_else(|| claim.lines.iter().find_map(|l| l.from.clone()))
                    .unwrap_or_default();
                ClaimSummary {
                    index,
                    file: c.file,
                    claim_number: claim.claim_number.clone(),
                    patient,
                    service_date,
                    status: match &c.imported.remit {
                        Some(remit) => remit.status.to_string(),
                        None if from_claims_file => "claim".to_string(),
                        None => "adjudicated".to_string(),
                    },
                    carc,
                    rarc,
                    auth_related: c.imported.auth_related,
                    offered: c.imported.auth_related || from_claims_file,
                    completed_from_claims: c.completed,
                    not_joined: c
                        .imported
                        .report
                        .warnings
                        .iter()
                        .filter(|w| matches!(w.code, "not_joined" | "join_ambiguous" | "join_too_many"))
                        .map(|w| w.message.clone())
                        .collect(),
                    filled: c.imported.report.filled.len(),
                    warnings: c.imported.report.warnings.len() + c.imported.report.warnings_omitted,
                    unmapped: c.imported.report.unmapped.len(),
                    left_empty: c.imported.report.left_empty.len(),
                }
            })
            .collect();
        claims.sort_by_key(|c| (!c.auth_related, !c.offered));
        BatchSummary { files, claims, joined: self.joined }
    }
}

/// One claim in full, for the app once the biller picks it: the case and the import report in
/// plain text lines.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CaseDetail {
    /// The prefilled case.
    pub case: crate::core::model::Case,
    /// The file it came from.
    pub file_name: String,
    /// What was read (`835 claim 3, segments 40–58`).
    pub source: String,
    /// `field ← position` for every field filled.
    pub filled: Vec<String>,
    /// `what (count): positions` for what could not be mapped.
    pub unmapped: Vec<String>,
    /// `position: message`.
    pub warnings: Vec<String>,
    /// Required fields still empty (case field paths).
    pub left_empty: Vec<String>,
    /// `CO-197: explanation`, … (claim level, then lines).
    pub codes: Vec<String>,
}

impl ImportBatch {
    /// The claim at `index` of [`ImportBatch::cases`] in full.
    pub fn detail(&self, index: usize) -> Option<CaseDetail> {
        let batch_case = self.cases.get(index)?;
        let imported = &batch_case.imported;
        let report = &imported.report;
        let mut warnings: Vec<String> = report.warnings.iter().map(|w| position_message(&w.at, &w.message)).collect();
        if report.warnings_omitted > 0 {
            warnings.push(format!("… and {} more warning(s)", report.warnings_omitted));
        }
        let mut codes = Vec::new();
        for code in &imported.carc {
            let place = code.line.map(|l| format!(" (line {})", l + 1)).unwrap_or_default();
            codes.push(match code.explanation {
                Some(text) => format!("{}{place}: {text}", code.label()),
                None => format!("{}{place}", code.label()),
            });
        }
        for code in &imported.rarc {
            let place = code.line.map(|l| format!(" (line {})", l + 1)).unwrap_or_default();
            codes.push(match code.explanation {
                Some(text) => format!("{}{place}: {text}", code.code),
                None => format!("{}{place}", code.code),
            });
        }
        Some(CaseDetail {
            case: imported.case.clone(),
            file_name: self.files.get(batch_case.file).map(|f| f.name.clone()).unwrap_or_default(),
            source: report.source.clone(),
            filled: report.filled.iter().map(|f| format!("{} ← {}", f.field, f.from)).collect(),
            unmapped: report
                .unmapped
                .iter()
                .map(|u| format!("{} ({}): {}", u.what, u.count, u.at.join(", ")))
                .collect(),
            warnings,
            left_empty: report.left_empty.iter().map(|f| f.to_string()).collect(),
            codes,
        })
    }
}
