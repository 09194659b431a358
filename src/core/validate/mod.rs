//! Claim-data validation: what a payer would bounce, how long is left to ask, which path fits the
//! denial, and what evidence the stated reason for the missing authorization needs.
//!
//! [`validate`] (or [`validate_with`] for options) runs every rule in `rules` over a
//! [`Case`] and returns a [`Validation`]:
//!
//! - `findings`: data errors on a field (`Finding::data_error`, with a field path such as
//!   `claim.claim.lines[0].icd10_pointers`) and advice (deadline, triage, missing evidence),
//!   sorted in field order. The data-error codes of the shared vocabulary
//!   (`../shared/cases/VOCABULARY.md` §4) follow its rules exactly; every other code is the
//!   tool's own (snake_case), listed per rule in `src/core/validate/rules/mod.rs`.
//! - `deadline`: the retro-authorization deadline, when the payer window is known.
//! - `triage`: which path fits the denial (retro-authorization request, corrected claim,
//!   reconsideration or appeal) and why.
//!
//! Validation never changes the case and never fails: any input, however malformed, gives
//! findings. Messages name fields and codes, never patient data (names, member IDs, dates of
//! birth). "Today" is a parameter: it is the day the request is prepared (the CLI passes
//! `--today` or the case's `request_date`; the app does the same), and the retro window is
//! measured up to it.

mod context;
mod dates;
pub mod deadline;
mod order;
mod rules;
mod text;
pub mod triage;

pub use deadline::{Deadline, RetroWindow, WindowBasis, WindowUnit};
pub use triage::{DenialCode, Triage, TriagePath};

use crate::core::finding::Finding;
use crate::core::model::Case;
use chrono::NaiveDate;
use serde::Serialize;

/// Everything validation reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Validation {
    /// Data findings and advice, in field order.
    pub findings: Vec<Finding>,
    /// The deadline, when it can be computed.
    pub deadline: Option<Deadline>,
    /// Which path fits the denial, when the denial carries reason codes.
    pub triage: Option<Triage>,
    /// The clocks of the case's payer rule set (`claim.payer.profile_id`), also in
    /// `deadline.clocks` when there is a retro deadline.
    #[serde(default)]
    pub clocks: Vec<crate::core::payers::Clock>,
}

/// Options for [`validate_with`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidateOptions {
    /// Count US federal holidays (5 U.S.C. 6103, observed dates) as non-business days in
    /// [`Deadline::business_days_left`]. Weekends never count. Default: true.
    pub federal_holidays: bool,
    /// The payer's retro window to use when the case does not state one (e.g. from a payer
    /// profile). A window in the case always wins.
    pub default_window: Option<RetroWindow>,
    /// The payer rules `claim.payer.profile_id` is looked up in; `None`: the rules that ship
    /// ([`crate::core::payers::builtin`]).
    pub payer_rules: Option<std::sync::Arc<crate::core::payers::PayerRules>>,
}

impl Default for ValidateOptions {
    fn default() -> Self {
        ValidateOptions { federal_holidays: true, default_window: None, payer_rules: None }
    }
}

/// Validates the claim data of `case` as of `today` (the day the request is prepared), with the
/// default options.
pub fn validate(case: &Case, today: NaiveDate) -> Validation {
    validate_with(case, today, &ValidateOptions::default())
}

/// Only the retro-authorization deadline of `case` as of `today`, from the window the case
/// states: the same answer as `validate(case, today).deadline`, from the one rule that computes
/// it, except that the shipped payer rule set is not consulted. For the letter and the packet,
/// which need the deadline but not the code sets and payer data the full validation links in
/// (the app's first-load module renders the letter). A case whose window comes only from a
/// payer rule (`claim.payer.profile_id`) therefore gets no deadline sentence in the letter
/// rather than a guessed one; the deadline banner and `check --json` still show the rule's
/// clocks.
pub fn deadline_only(case: &Case, today: NaiveDate) -> Option<Deadline> {
    let options = ValidateOptions::default();
    let ctx = context::Ctx::new(case, today, &options);
    let mut out = rules::Out::default();
    rules::retro_window::check_case_window(&ctx, &mut out);
    out.deadline
}

/// Validates the claim data of `case` as of `today` with `options`.
pub fn validate_with(case: &Case, today: NaiveDate, options: &ValidateOptions) -> Validation {
    let ctx = context::Ctx::new(case, today, options);
    let mut out = rules::Out::default();
    for rule in rules::RULES {
        (rule.check)(&ctx, &mut out);
    }
    order::sort_findings(&mut out.findings);
    Validation { findings: out.findings, deadline: out.deadline, triage: out.triage, clocks: out.clocks }
}
