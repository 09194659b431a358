//! Importing several files at once, as the app does when the biller drops an 835 together with
//! the 837 (or FHIR Claim) files of the same claims: each file is imported, the claims files
//! complete the remittance cases of the same claim number ([`join_claims`]), and the result is
//! one [`ImportBatch`] plus a light [`BatchSummary`] for listing (the full cases stay with the
//! caller until the biller picks one).
//!
//! Pure: the caller passes the bytes and receives progress through a callback.

use super::{Format, ImportError, ImportFile, ImportReport, ImportedCase, Progress, join_claims};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

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
/// gets an error entry; the others are still imported. The claims of 837 files (and FHIR files
/// without denial information) complete the remittance claims of the same claim number.
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

    // Claims files complete remittance files.
    let is_remittance = |file: &ImportFile| {
        file.format == Format::X12_835 || file.cases.iter().any(|c| c.remit.is_some() || !c.carc.is_empty())
    };
    let mut remits = Vec::new();
    let mut claims = Vec::new();
    for (position, (_, result)) in imported.iter().enumerate() {
        if let Ok(file) = result {
            if is_remittance(file) { remits.push(position) } else { claims.push(position) }
        }
    }
    let mut joined = 0;
    // Per file: the claim numbers that took part in a join (claims files: merged away;
    // remittance files: completed).
    let mut joined_numbers: Vec<HashSet<String>> = vec![HashSet::new(); imported.len()];
    for &claims_at in &claims {
        let Some((_, Ok(claims_file))) = imported.get(claims_at).map(|(i, r)| (*i, r.clone())) else { continue };
        let claim_numbers: HashSet<&str> = claims_file
            .cases
            .iter()
            .map(|c| c.case.claim.claim.claim_number.trim())
            .filter(|n| !n.is_empty())
            .collect();
        for &remit_at in &remits {
            let Some((_, Ok(remit_file))) = imported.get_mut(remit_at) else { continue };
            let matched: Vec<String> = remit_file
                .cases
                .iter()
                .map(|c| c.case.claim.claim.claim_number.trim())
                .filter(|n| claim_numbers.contains(n))
                .map(str::to_string)
                .collect();
            joined += join_claims(remit_file, &claims_file);
            for number in matched {
                if let Some(set) = joined_numbers.get_mut(claims_at) {
                    set.insert(number.clone());
                }
                if let Some(set) = joined_numbers.get_mut(remit_at) {
                    set.insert(number);
                }
            }
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
                for case in file.cases {
                    let took_part = joined_numbers
                        .get(position)
                        .is_some_and(|numbers| numbers.contains(case.case.claim.claim.claim_number.trim()));
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
