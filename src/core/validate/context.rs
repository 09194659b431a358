//! What every rule sees: the case, "today", the options, and the case's dates read once.

use super::ValidateOptions;
use super::dates::{self, Typed};
use crate::core::form::Field;
use crate::core::model::{Case, ServiceLine};
use chrono::NaiveDate;

/// The typed dates of a case, read once (see [`dates::read`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dates {
    /// `claim.patient.dob`.
    pub dob: Typed,
    /// `claim.claim.date_of_service`.
    pub dos: Typed,
    /// `claim.claim.from`.
    pub from: Typed,
    /// `claim.claim.to`.
    pub to: Typed,
    /// `claim.claim.denial.date`.
    pub denial: Typed,
    /// `request_date` as typed in the case (the request day used for windows is `today`).
    pub request: Typed,
    /// `claim.claim.original_submission_date`.
    pub submission: Typed,
    /// `claim.claim.eligibility.eligibility_determination_date`.
    pub eligibility: Typed,
    /// `claim.claim.prior_authorization.approved_from`.
    pub auth_from: Typed,
    /// `claim.claim.prior_authorization.approved_to`.
    pub auth_to: Typed,
    /// Per line: (`from`, `to`).
    pub lines: Vec<(Typed, Typed)>,
}

/// The context of one validation run.
pub(crate) struct Ctx<'a> {
    /// The case as typed.
    pub case: &'a Case,
    /// The day the request is prepared.
    pub today: NaiveDate,
    /// Options.
    pub options: &'a ValidateOptions,
    /// The case's dates, read.
    pub dates: Dates,
}

impl<'a> Ctx<'a> {
    /// Reads the dates of `case`.
    pub fn new(case: &'a Case, today: NaiveDate, options: &'a ValidateOptions) -> Ctx<'a> {
        let claim = &case.claim.claim;
        let auth = claim.prior_authorization.as_ref();
        let dates = Dates {
            dob: dates::read(Some(&case.claim.patient.dob)),
            dos: dates::read(claim.date_of_service.as_deref()),
            from: dates::read(claim.from.as_deref()),
            to: dates::read(claim.to.as_deref()),
            denial: dates::read(Some(&claim.denial.date)),
            request: dates::read(case.request_date.as_deref()),
            submission: dates::read(claim.original_submission_date.as_deref()),
            eligibility: dates::read(
                claim.eligibility.as_ref().and_then(|e| e.eligibility_determination_date.as_deref()),
            ),
            auth_from: dates::read(auth.and_then(|a| a.approved_from.as_deref())),
            auth_to: dates::read(auth.and_then(|a| a.approved_to.as_deref())),
            lines: claim.lines.iter().map(|l| (dates::read(l.from.as_deref()), dates::read(l.to.as_deref()))).collect(),
        };
        Ctx { case, today, options, dates }
    }

    /// True for institutional (UB-04 style) claims.
    pub fn institutional(&self) -> bool {
        self.case.claim.claim.is_institutional()
    }

    /// The service lines.
    pub fn lines(&self) -> &'a [ServiceLine] {
        &self.case.claim.claim.lines
    }

    /// Whether a single service date was typed (`date_of_service`), as opposed to a range.
    pub fn has_single_dos(&self) -> bool {
        self.dates.dos != Typed::Absent
    }

    /// The last date of service as the vocabulary defines it: `date_of_service`, else `to`
    /// (else `from` when only a start was typed). `None` when the field that applies is absent
    /// or not a valid date (the date-format rule reports that).
    pub fn last_dos(&self) -> Option<NaiveDate> {
        match (self.dates.dos, self.dates.to, self.dates.from) {
            (Typed::Absent, Typed::Absent, from) => from.date(),
            (Typed::Absent, to, _) => to.date(),
            (dos, _, _) => dos.date(),
        }
    }

    /// The field path of the last date of service (for messages about it).
    pub fn last_dos_field(&self) -> String {
        match (self.dates.dos, self.dates.to) {
            (Typed::Absent, Typed::Absent) if self.dates.from != Typed::Absent => Field::ClaimFrom.path(),
            (Typed::Absent, Typed::Absent) => Field::DateOfService.path(),
            (Typed::Absent, _) => Field::ClaimTo.path(),
            _ => Field::DateOfService.path(),
        }
    }

    /// The first date of service: `date_of_service`, else `from` (else `to`).
    pub fn first_dos(&self) -> Option<NaiveDate> {
        match (self.dates.dos, self.dates.from, self.dates.to) {
            (Typed::Absent, Typed::Absent, to) => to.date(),
            (Typed::Absent, from, _) => from.date(),
            (dos, _, _) => dos.date(),
        }
    }

    /// The discharge date: claim `to`, else the single date of service.
    pub fn discharge(&self) -> Option<NaiveDate> {
        match self.dates.to {
            Typed::Absent => self.dates.dos.date(),
            to => to.date(),
        }
    }

    /// True when the last date of service is after the denial date: an impossible date, so
    /// the retro window is not evaluated (VOCABULARY.md §4).
    pub fn dos_after_denial(&self) -> bool {
        matches!((self.last_dos(), self.dates.denial.date()), (Some(dos), Some(denial)) if dos > denial)
    }

    /// The reason-for-missing-authorization detail text.
    pub fn reason_detail(&self) -> &'a str {
        &self.case.claim.reason_prior_auth_missing.detail
    }

    /// The reason code, trimmed.
    pub fn reason_code(&self) -> &'a str {
        self.case.claim.reason_prior_auth_missing.code.trim()
    }

    /// Every note's text (empty for notes whose `text_file` has not been loaded).
    pub fn note_texts(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.case.notes.iter().map(|n| n.text())
    }
}

/// True when `text` is empty or whitespace only.
pub(crate) fn blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// True when an optional text is absent, empty or whitespace only.
pub(crate) fn blank_opt(text: Option<&str>) -> bool {
    text.is_none_or(blank)
}
