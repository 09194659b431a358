//! The analysis the app shows for one revision of a case: claim-data validation and the
//! necessity checks, bundled so that one message carries both. The browser runs it in its own
//! Wasm module in a Web Worker (`www/analysis-worker.js`, `src/bin/retroauth-analysis.rs`) on a
//! debounced revision of the case; the app (`ui`) and the embedding bridge (`web::widget`)
//! read it. The CLI uses [`crate::core::report`] instead.

use crate::core::checks::{self, ElementStatus, NecessityReport, ProfileChoice, ProfileInfo, ProfileSource};
use crate::core::finding::{Finding, FindingKind, Severity};
use crate::core::model::Case;
use crate::core::validate::{self, Validation};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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

impl Analysis {
    /// Runs both analyses as of `today`.
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

    /// Number of data findings of each severity (errors, warnings). The one count the review
    /// step, the packet button and the embedding host's `change` event all show.
    pub fn data_counts(&self) -> (usize, usize) {
        let data = self.validation.findings.iter().filter(|f| f.kind == FindingKind::DataError);
        data.fold((0, 0), |(errors, warnings), f| match f.severity {
            Severity::Error => (errors + 1, warnings),
            Severity::Warning => (errors, warnings + 1),
            Severity::Info => (errors, warnings),
        })
    }

    /// The ids of the required necessity elements the notes do not show, in profile order.
    pub fn missing_required(&self) -> Vec<&str> {
        self.necessity
            .elements
            .iter()
            .filter(|e| e.required && e.status == ElementStatus::Missing)
            .map(|e| e.element.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::checks::ElementResult;

    fn finding(kind: FindingKind, severity: Severity, field: Option<&str>) -> Finding {
        let mut f = Finding::data_error("TEST", severity, field.unwrap_or(""), "test");
        f.kind = kind;
        f.field = field.map(str::to_string);
        f
    }

    #[test]
    fn counts_only_data_findings_by_severity() {
        let mut a = Analysis::empty();
        assert_eq!(a.data_counts(), (0, 0));
        a.validation.findings = vec![
            finding(FindingKind::DataError, Severity::Error, Some("claim.x")),
            finding(FindingKind::DataError, Severity::Warning, Some("claim.x")),
            finding(FindingKind::DataError, Severity::Error, None),
            finding(FindingKind::DataError, Severity::Info, None),
            finding(FindingKind::Advice, Severity::Error, None),
            finding(FindingKind::ElementMissing, Severity::Warning, None),
        ];
        assert_eq!(a.data_counts(), (2, 1));
    }

    #[test]
    fn field_findings_are_for_that_field_most_serious_first() {
        let mut a = Analysis::empty();
        a.validation.findings = vec![
            finding(FindingKind::DataError, Severity::Warning, Some("claim.x")),
            finding(FindingKind::DataError, Severity::Error, Some("claim.y")),
            finding(FindingKind::Advice, Severity::Error, Some("claim.x")),
            finding(FindingKind::DataError, Severity::Error, Some("claim.x")),
        ];
        let got: Vec<Severity> = a.field_findings("claim.x").iter().map(|f| f.severity).collect();
        assert_eq!(got, vec![Severity::Error, Severity::Warning]);
        assert!(a.field_findings("claim.z").is_empty());
    }

    #[test]
    fn empty_is_not_ready_and_run_is() {
        assert!(!Analysis::empty().ready);
        let a = Analysis::run(&Case::default(), NaiveDate::from_ymd_opt(2026, 1, 2).unwrap());
        assert!(a.ready);
        assert!(!a.profiles.is_empty());
    }

    #[test]
    fn missing_required_skips_optional_and_documented_elements() {
        let mut a = Analysis::empty();
        let element = |id: &str, required: bool, status: ElementStatus| ElementResult {
            element: id.to_string(),
            status,
            evidence: Vec::new(),
            hint: String::new(),
            label: String::new(),
            required,
            near_misses: Vec::new(),
            not_counted: Vec::new(),
            policy_source: None,
        };
        a.necessity.elements = vec![
            element("a", true, ElementStatus::Missing),
            element("b", false, ElementStatus::Missing),
            element("c", true, ElementStatus::Present),
            element("d", true, ElementStatus::Missing),
        ];
        assert_eq!(a.missing_required(), vec!["a", "d"]);
    }
}
