//! What an import did: the [`ImportReport`] (fields filled, data not mapped, warnings, required
//! fields left empty), its entries, the limits that keep a report small on hostile input, and
//! [`ImportError`] for a file that cannot be imported at all.

use super::FieldPath;
use serde::Serialize;
use std::borrow::Cow;

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
    pub field: FieldPath,
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
    pub(crate) fn new(source: impl Into<String>) -> ImportReport {
        ImportReport { source: source.into(), filled: Vec::with_capacity(48), ..ImportReport::default() }
    }

    pub(crate) fn fill(&mut self, field: impl Into<FieldPath>, from: impl Into<Cow<'static, str>>) {
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
