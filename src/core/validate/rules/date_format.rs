//! Rule `date_format`: every date typed in the claim is a real `YYYY-MM-DD` date.
//!
//! ## What it checks
//! Each date field that is not blank: `request_date`, `claim.patient.dob`,
//! `claim.claim.date_of_service`, `.from`, `.to`, `claim.claim.lines[i].from`/`.to`,
//! `claim.claim.denial.date`, `claim.claim.original_submission_date`,
//! `claim.claim.prior_authorization.approved_from`/`.approved_to`,
//! `claim.claim.eligibility.eligibility_determination_date`.
//! - not `YYYY-MM-DD` or not a calendar date (`2025-02-29`, `0000-00-00`, `03/04/2025`) →
//!   `invalid_date` (Error), reported on its own field;
//! - a real date before 1900 or after 2100 → `implausible_date` (Warning; usually a year typo).
//!
//! ## Why it matters
//! Every later check (order of dates, the retro window) needs the dates; a date that cannot be
//! read is reported here once, and the rules that need it stay silent instead of guessing.
//!
//! ## What satisfies it
//! An ISO date such as `2025-03-04` (spaces around it are ignored).
//!
//! ## References
//! - ../shared/cases/README.md §1 ("Claim dates are ISO `YYYY-MM-DD`").
//! - ISO 8601 calendar dates; X12 D8 date format (CCYYMMDD) is the same date without dashes.

use super::{Out, data};
use crate::core::finding::Severity;
use crate::core::form::{Field, LineField};
use crate::core::validate::context::Ctx;
use crate::core::validate::dates::Typed;
use chrono::Datelike;

fn check_one(out: &mut Out, typed: Typed, field: String, label: &str) {
    match typed {
        Typed::Invalid => out.push(
            data("invalid_date", Severity::Error, field, format!("The {label} is not a valid date.")).with_help(
                "Enter the date as YYYY-MM-DD, e.g. 2025-03-04, and check that the day exists in that month.",
            ),
        ),
        Typed::Valid(date) if !(1900..=2100).contains(&date.year()) => out.push(
            data("implausible_date", Severity::Warning, field, format!("The {label} has an unlikely year."))
                .with_help("Check the year for a typo."),
        ),
        _ => {}
    }
}

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    let d = &ctx.dates;
    let fixed = [
        (d.request, Field::RequestDate.path(), "request date"),
        (d.dob, Field::PatientDob.path(), "date of birth"),
        (d.dos, Field::DateOfService.path(), "date of service"),
        (d.from, Field::ClaimFrom.path(), "first date of service (from)"),
        (d.to, Field::ClaimTo.path(), "last date of service (to)"),
        (d.auth_from, "claim.claim.prior_authorization.approved_from".to_string(), "authorization start date"),
        (d.auth_to, "claim.claim.prior_authorization.approved_to".to_string(), "authorization end date"),
        (
            d.eligibility,
            "claim.claim.eligibility.eligibility_determination_date".to_string(),
            "eligibility determination date",
        ),
    ];
    for (typed, field, label) in fixed {
        check_one(out, typed, field, label);
    }
    for (i, (from, to)) in d.lines.iter().enumerate() {
        check_one(out, *from, Field::Line(i, LineField::From).path(), "line's first date of service");
        check_one(out, *to, Field::Line(i, LineField::To).path(), "line's last date of service");
    }
    check_one(out, d.denial, Field::DenialDate.path().to_string(), "denial date");
    check_one(out, d.submission, Field::OriginalSubmissionDate.path().to_string(), "original submission date");
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, codes, has, run, with};
    use super::*;
    use crate::core::model::Eligibility;

    #[test]
    fn pass() {
        assert!(run(check, &base()).findings.is_empty());
    }

    #[test]
    fn each_bad_date_on_its_field() {
        let case = with(|c| {
            c.claim.patient.dob = "1970-02-30".into();
            c.claim.claim.date_of_service = Some("05/01/2025".into());
            c.claim.claim.denial.date = "0000-00-00".into();
            c.claim.claim.lines[0].to = Some("2025-13-01".into());
            c.claim.claim.eligibility =
                Some(Eligibility { eligibility_determination_date: Some("soon".into()), ..Eligibility::default() });
            c.request_date = Some("1870-01-01".into());
        });
        let out = run(check, &case);
        assert!(has(&out, "invalid_date", "claim.patient.dob"));
        assert!(has(&out, "invalid_date", "claim.claim.date_of_service"));
        assert!(has(&out, "invalid_date", "claim.claim.denial.date"));
        assert!(has(&out, "invalid_date", "claim.claim.lines[0].to"));
        assert!(has(&out, "invalid_date", "claim.claim.eligibility.eligibility_determination_date"));
        assert!(has(&out, "implausible_date", "request_date"));
        assert_eq!(codes(&out).len(), 6);
    }

    #[test]
    fn leap_day_and_far_future() {
        let case = with(|c| c.claim.patient.dob = "2024-02-29".into());
        assert!(run(check, &case).findings.is_empty());
        let case = with(|c| c.claim.claim.date_of_service = Some("9999-12-31".into()));
        assert!(has(&run(check, &case), "implausible_date", "claim.claim.date_of_service"));
    }
}
