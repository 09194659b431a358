//! The analysis the side panel and the form show: validation and the necessity checks, run on
//! a debounced revision of the case so typing never waits for them.

use crate::core::checks::{self, NecessityReport};
use crate::core::finding::{Finding, FindingKind, Severity};
use crate::core::model::Case;
use crate::core::validate::{self, Validation};
use chrono::NaiveDate;
use std::rc::Rc;

/// Results for one revision of the case.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// Claim-data validation.
    pub validation: Validation,
    /// Medical-necessity checks on the notes.
    pub necessity: NecessityReport,
}

/// The handle components read the analysis through.
pub type AnalysisContext = Rc<Analysis>;

impl Analysis {
    /// Runs both analyses. `profile` overrides the case's requirement profile.
    pub fn run(case: &Case, today: NaiveDate, profile: Option<&str>) -> Analysis {
        Analysis { validation: validate::validate(case, today), necessity: checks::check_notes(case, profile) }
    }

    /// Data findings about the field at `path`, most serious first.
    pub fn field_findings(&self, path: &str) -> Vec<&Finding> {
        let mut out: Vec<&Finding> = self
            .validation
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::DataError && f.field.as_deref() == Some(path))
            .collect();
        out.sort_by_key(|f| f.severity);
        out
    }

    /// Number of data findings of each severity (errors, warnings).
    pub fn data_counts(&self) -> (usize, usize) {
        let data = self.validation.findings.iter().filter(|f| f.kind == FindingKind::DataError);
        data.fold((0, 0), |(errors, warnings), f| match f.severity {
            Severity::Error => (errors + 1, warnings),
            Severity::Warning => (errors, warnings + 1),
            Severity::Info => (errors, warnings),
        })
    }
}
