//! Rule `date_order`: the claim's dates are in a possible order.
//!
//! ## What it checks
//! Only dates that were read (unreadable ones are `date_format`'s findings):
//! - birth before service: date of birth after the first date of service → `dob_after_service`
//!   (Error, on `claim.patient.dob`); date of birth after today → `dob_in_future` (Error);
//! - admission ≤ discharge: claim `from` after `to` → `service_dates_reversed` (Error, on
//!   `claim.claim.to`); the same on a line (`claim.claim.lines[i].to`);
//! - a single `date_of_service` typed together with a `from`–`to` range that does not contain it
//!   → `service_date_conflict` (Warning);
//! - line dates inside the claim span: a line `from`/`to` before the first or after the last date
//!   of service → `line_date_outside_claim` (Warning, on the line's field);
//! - service ≤ request: last date of service after today (the request day) →
//!   `service_after_request` (Error, on the service-date field);
//! - denial ≤ request: denial date after today → `request_before_denial` (Warning, on
//!   `request_date`);
//! - service ≤ submission ≤ denial: original submission before the last date of service →
//!   `submission_before_service`; denial before the original submission →
//!   `denial_before_submission` (Warnings).
//!
//! Service after denial is the vocabulary's `dos_after_denial_date` (rule `dos_after_denial`).
//!
//! ## Why it matters
//! Impossible dates are the commonest typing mistakes (year typos above all) and a payer rejects
//! a request whose service dates contradict the claim on file. They also corrupt the deadline.
//!
//! ## What satisfies it
//! DOB ≤ service dates ≤ submission ≤ denial ≤ request, `from` ≤ `to`, line dates within the
//! claim's span.
//!
//! ## References
//! - ../shared/cases/VOCABULARY.md §4 (`dos_after_denial_date`: a service dated after its denial;
//!   `retro_window_exceeded` counts from the basis date up to the request date).
//! - ../shared/cases/README.md §1 (`from`/`to` are admission and discharge for inpatient stays).

use super::{Out, data, line_no};
use crate::core::finding::Severity;
use crate::core::form::{Field, LineField};
use crate::core::validate::context::Ctx;

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    let d = &ctx.dates;
    let (first, last) = (ctx.first_dos(), ctx.last_dos());
    if let (Some(dob), Some(first)) = (d.dob.date(), first)
        && dob > first
    {
        out.push(
            data(
                "dob_after_service",
                Severity::Error,
                Field::PatientDob.path(),
                "The date of birth is after the date of service.",
            )
            .with_help("Check the year of the date of birth and of the date of service."),
        );
    }
    if let Some(dob) = d.dob.date()
        && dob > ctx.today
    {
        out.push(
            data("dob_in_future", Severity::Error, Field::PatientDob.path(), "The date of birth is in the future.")
                .with_help("Check the year of the date of birth."),
        );
    }
    if let (Some(from), Some(to)) = (d.from.date(), d.to.date()) {
        if from > to {
            out.push(
                data(
                    "service_dates_reversed",
                    Severity::Error,
                    Field::ClaimTo.path(),
                    "The last date of service (discharge) is before the first (admission).",
                )
                .with_help(
                    "Swap the dates or fix the typo: `from` is the admission/first day, `to` the discharge/last day.",
                ),
            );
        }
        if let Some(dos) = d.dos.date()
            && (dos < from || dos > to)
        {
            out.push(
                data(
                    "service_date_conflict",
                    Severity::Warning,
                    Field::DateOfService.path(),
                    "The date of service is outside the from–to range typed with it.",
                )
                .with_help("Give either one date of service or a from–to range, and make them agree."),
            );
        }
    }
    for (i, (from, to)) in d.lines.iter().enumerate() {
        let (from, to) = (from.date(), to.date());
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            out.push(
                data(
                    "service_dates_reversed",
                    Severity::Error,
                    Field::Line(i, LineField::To).path(),
                    format!("Line {}: the last date is before the first.", line_no(i)),
                )
                .with_help("Swap the line's dates or fix the typo."),
            );
        }
        if let (Some(first), Some(last)) = (first, last) {
            for (date, end) in [(from, LineField::From), (to, LineField::To)] {
                if date.is_some_and(|date| date < first || date > last) {
                    out.push(
                        data(
                            "line_date_outside_claim",
                            Severity::Warning,
                            Field::Line(i, end).path(),
                            format!("Line {}: the line date is outside the claim's dates of service.", line_no(i)),
                        )
                        .with_help("Line dates must fall within the claim's first and last dates of service."),
                    );
                }
            }
        }
    }
    if let Some(last) = last
        && last > ctx.today
    {
        out.push(
            data(
                "service_after_request",
                Severity::Error,
                ctx.last_dos_field(),
                "The date of service is after the day this request is prepared.",
            )
            .with_help("A retro-authorization request is for a service already given: check the year."),
        );
    }
    if let Some(denial) = d.denial.date()
        && denial > ctx.today
    {
        out.push(
            data(
                "request_before_denial",
                Severity::Warning,
                Field::RequestDate.path(),
                "The denial date is after the request date.",
            )
            .with_help("Check the denial date on the remittance, and the request date."),
        );
    }
    if let (Some(submitted), Some(last)) = (d.submission.date(), last)
        && submitted < last
    {
        out.push(
            data(
                "submission_before_service",
                Severity::Warning,
                Field::OriginalSubmissionDate.path(),
                "The claim's original submission date is before the last date of service.",
            )
            .with_help("A claim is submitted after the service: check both dates."),
        );
    }
    if let (Some(submitted), Some(denial)) = (d.submission.date(), d.denial.date())
        && denial < submitted
    {
        out.push(
            data(
                "denial_before_submission",
                Severity::Warning,
                Field::DenialDate.path(),
                "The denial date is before the claim's original submission date.",
            )
            .with_help("Check the denial (remittance) date and the submission date."),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, codes, has, run, run_on, with};
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn pass() {
        assert!(run(check, &base()).findings.is_empty());
        let newborn = with(|c| c.claim.patient.dob = "2025-05-01".into());
        assert!(run(check, &newborn).findings.is_empty(), "born on the day of service");
    }

    #[test]
    fn birth_after_service_and_in_future() {
        let case = with(|c| c.claim.patient.dob = "2025-07-15".into());
        let out = run(check, &case);
        assert!(has(&out, "dob_after_service", "claim.patient.dob"));
        assert!(has(&out, "dob_in_future", "claim.patient.dob"));
    }

    #[test]
    fn ranges() {
        let case = with(|c| {
            c.claim.claim.date_of_service = None;
            c.claim.claim.from = Some("2025-05-10".into());
            c.claim.claim.to = Some("2025-05-01".into());
        });
        assert!(has(&run(check, &case), "service_dates_reversed", "claim.claim.to"));
        let case = with(|c| {
            c.claim.claim.from = Some("2025-05-02".into());
            c.claim.claim.to = Some("2025-05-04".into());
        });
        assert!(has(&run(check, &case), "service_date_conflict", "claim.claim.date_of_service"));
    }

    #[test]
    fn line_dates() {
        let case = with(|c| {
            c.claim.claim.date_of_service = None;
            c.claim.claim.from = Some("2025-05-01".into());
            c.claim.claim.to = Some("2025-05-10".into());
            c.claim.claim.lines[0].from = Some("2025-05-02".into());
            c.claim.claim.lines[0].to = Some("2025-05-11".into());
        });
        assert_eq!(
            codes(&run(check, &case)),
            vec![("line_date_outside_claim".to_string(), "claim.claim.lines[0].to".to_string())]
        );
        let reversed = with(|c| {
            c.claim.claim.lines[0].from = Some("2025-05-01".into());
            c.claim.claim.lines[0].to = Some("2025-04-30".into());
        });
        let out = run(check, &reversed);
        assert!(has(&out, "service_dates_reversed", "claim.claim.lines[0].to"));
        assert!(has(&out, "line_date_outside_claim", "claim.claim.lines[0].to"));
    }

    #[test]
    fn request_side() {
        let early = NaiveDate::from_ymd_opt(2025, 4, 1).unwrap_or_default();
        let out = run_on(check, &base(), early);
        assert!(has(&out, "service_after_request", "claim.claim.date_of_service"));
        assert!(has(&out, "request_before_denial", "request_date"));
        let case = with(|c| c.claim.claim.original_submission_date = Some("2025-04-01".into()));
        assert!(has(&run(check, &case), "submission_before_service", "claim.claim.original_submission_date"));
        let case = with(|c| c.claim.claim.original_submission_date = Some("2025-06-15".into()));
        assert!(has(&run(check, &case), "denial_before_submission", "claim.claim.denial.date"));
    }

    #[test]
    fn unreadable_dates_are_not_guessed() {
        let case = with(|c| {
            c.claim.patient.dob = "garbage".into();
            c.claim.claim.date_of_service = Some("0000-00-00".into());
        });
        assert!(run(check, &case).findings.is_empty());
    }
}
