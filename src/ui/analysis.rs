//! The analysis the side panel and the form show: claim-data validation and the necessity
//! checks. It runs in its own Wasm module in a Web Worker (`www/analysis-worker.js`,
//! `src/bin/retroauth-analysis.rs`) on a debounced revision of the case: typing never waits
//! for it, and the app's first load does not carry the checkers' code and data.

use crate::core::checks::{self, NecessityReport, ProfileChoice, ProfileInfo, ProfileSource};
use crate::core::finding::{Finding, FindingKind, Severity};
use crate::core::model::Case;
use crate::core::validate::{self, Validation};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// Results for one revision of the case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Claim-data validation.
    pub validation: Validation,
    /// Medical-necessity checks on the notes.
    pub necessity: NecessityReport,
    /// The requirement profiles the user can choose from.
    pub profiles: Vec<ProfileInfo>,
    /// The profile the claim alone points to (for "Infer from the claim").
    pub inferred: ProfileChoice,
    /// False until the first results arrive.
    pub ready: bool,
}

/// The handle components read the analysis through.
pub type AnalysisContext = Rc<Analysis>;

impl Analysis {
    /// Runs both analyses (in the analysis worker; the CLI uses `core::report` instead).
    pub fn run(case: &Case, today: NaiveDate) -> Analysis {
        Analysis {
            validation: validate::validate(case, today),
            necessity: checks::check_notes(case, None),
            profiles: checks::profiles(),
            inferred: checks::infer_profile(case),
            ready: true,
        }
    }

    /// Nothing checked yet.
    pub fn empty() -> Analysis {
        let pending =
            ProfileChoice { name: String::new(), source: ProfileSource::Inferred, reason: "Checking…".to_string() };
        Analysis {
            validation: Validation::default(),
            necessity: NecessityReport { profile: pending.clone(), elements: Vec::new(), findings: Vec::new() },
            profiles: Vec::new(),
            inferred: pending,
            ready: false,
        }
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
