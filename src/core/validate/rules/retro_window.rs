//! Rule `retro_window`: the request is inside the payer's retro-authorization window, and the
//! deadline is known. Vocabulary code `retro_window_exceeded`.
//!
//! ## What it checks
//! The window is `claim.payer.retro_auth_window_days` calendar days from the date named by
//! `claim.payer.retro_auth_window_basis` (or `ValidateOptions::default_window` when the case
//! states neither):
//! - `date_of_service`: the last date of service (`date_of_service`, else `to`);
//! - `discharge_date`: the claim's `to` (else the single date of service);
//! - `denial_date`: `claim.claim.denial.date`;
//! - `eligibility_determination_date`: `claim.claim.eligibility.eligibility_determination_date`.
//!
//! It computes the [`Deadline`](crate::core::validate::Deadline) (`basis + days`) and, as of
//! today (the request day):
//! - `today − basis > days` → `retro_window_exceeded` (Error) on `request_date`. A request **on**
//!   the last day is inside. Exactly VOCABULARY.md §4, including: not evaluated when the date of
//!   service is after the denial date (advice `retro_window_not_evaluated`);
//! - otherwise advice `retro_deadline` (Info; Warning when 5 business days or fewer are left)
//!   with the deadline, calendar days and business days left;
//! - no window stated → no deadline and advice `retro_window_not_configured`;
//! - days not a whole number, negative or over 100 years, or an unknown basis →
//!   `invalid_retro_window` (Error); a basis without days or days without a basis →
//!   `invalid_retro_window` (Warning);
//! - the basis date absent or unreadable → `retro_basis_date_missing` (Warning) on that field.
//!
//! - 1.1: `claim.payer.retro_auth_window_unit` `business` counts the days as business days
//!   (Monday–Friday less federal holidays); anything but `calendar`/`business` →
//!   `invalid_retro_window` (Error). Bases `admission_date` (claim `from`, else the single date of
//!   service) and `remittance_date` (the remittance / denial date) are accepted.
//! - 1.1: `claim.payer.profile_id` picks a payer rule set (`templates/payers/`): every clock of
//!   the rule (retro, notification, reconsideration, appeals, decision…) goes into
//!   `Validation::clocks` and `Deadline::clocks`; when the case states no window, the rule's retro
//!   window gives the deadline. Advice: `payer_profile_unknown`, `payer_profile_ambiguous`
//!   (Warning: name the rule as `payer/rule`), `payer_no_retro_process` (Warning, with what to do
//!   instead), `payer_retro_window_unstated` (Info), `payer_clock_not_computed` (Info).
//! - 1.1: a pre-claim-only rule (`retro_auth_pre_claim_only: true` or the payer rule's
//!   `pre_claim_only`) once a claim is filed (`claim.claim.state` other than `pre_claim`, or a
//!   denial / submission date) → `retro_pre_claim_only` (Warning: the other channel applies); an
//!   in-network-only rule with `network_status: out_of_network` → `retro_in_network_only`.
//!
//! ## Why it matters
//! Retro review is discretionary and time-boxed (14–180 days in practice; Priority Health 90 days,
//! Carelon 45 days from service). Counting from the wrong date is the classic mistake: cases 01
//! and 24 look late from the date of service but are on time from the denial / eligibility date.
//!
//! ## What satisfies it
//! A window with days and basis, a readable basis date, and a request on or before
//! `basis + days`.
//!
//! ## References
//! - ../shared/cases/VOCABULARY.md §4 `retro_window_exceeded`; README "must_not_flag" (cases 01,
//!   24) and case 14 (not evaluated).
//! - ../shared/domain/RETRO-AUTH.md §5 (payer windows and their bases).

use super::{Out, data};
use crate::core::finding::{Finding, Severity};
use crate::core::form::Field;
use crate::core::model::Lenient;
use crate::core::payers::{self, CaseDates, Clock, ClockKind, PayerProfile, PayerRule, RetroAvailability, Selection};
use crate::core::validate::context::{Ctx, blank};
use crate::core::validate::deadline::{self, Deadline, MAX_WINDOW_DAYS, RetroWindow, WindowBasis, WindowUnit};
use chrono::NaiveDate;

/// The path of the 1.1 window unit field.
const UNIT_FIELD: &str = "claim.payer.retro_auth_window_unit";
/// The path of the 1.1 payer profile field.
const PROFILE_FIELD: &str = "claim.payer.profile_id";

/// The case's dates for the payer clocks.
pub(crate) fn case_dates(ctx: &Ctx) -> CaseDates {
    CaseDates {
        first_dos: ctx.first_dos(),
        last_dos: ctx.last_dos(),
        admission: ctx.first_dos(),
        discharge: ctx.discharge(),
        denial: ctx.dates.denial.date(),
        eligibility_determination: ctx.dates.eligibility.date(),
    }
}

/// The payer rule the case's `profile_id` picks, after reporting why there is none.
fn selected_rule<'r>(
    ctx: &Ctx,
    rules: &'r payers::PayerRules,
    out: &mut Out,
) -> Option<(&'r PayerProfile, &'r PayerRule)> {
    let payer = &ctx.case.claim.payer;
    let id = payer.profile_id.as_deref().filter(|p| !blank(p))?;
    let lob = payer.line_of_business();
    let (ambiguous, message, help) = match rules.select(id, lob) {
        Selection::Rule(p, r) => {
            if !r.covers(lob) {
                out.push(Finding::advice(
                    "payer_profile_line_of_business",
                    Severity::Warning,
                    Some(PROFILE_FIELD.to_string()),
                    format!("The payer rule `{}/{}` is not for this line of business.", p.id, r.id),
                ));
            }
            return Some((p, r));
        }
        Selection::Ambiguous(p) => (
            true,
            format!("The payer `{}` has several rules for this line of business; no payer clock is computed.", p.id),
            format!(
                "Name the rule as payer/rule: {}.",
                p.rules
                    .iter()
                    .filter(|r| r.covers(lob))
                    .map(|r| format!("{}/{}", p.id, r.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        Selection::NoRuleForLineOfBusiness(p) => (
            false,
            format!("The payer `{}` has no rule for this line of business.", p.id),
            "Check the line of business, or name a rule as payer/rule.".to_string(),
        ),
        Selection::UnknownRule(p) => (
            false,
            format!("The payer `{}` has no rule of that name.", p.id),
            format!(
                "Its rules: {}.",
                p.rules.iter().map(|r| format!("{}/{}", p.id, r.id)).collect::<Vec<_>>().join(", ")
            ),
        ),
        Selection::UnknownPayer => (
            false,
            "No payer rule set has this id.".to_string(),
            "Choose a payer from the payer rules (templates/payers/), or enter the window by hand.".to_string(),
        ),
    };
    let field = Some(PROFILE_FIELD.to_string());
    out.push(
        if ambiguous {
            Finding::advice("payer_profile_ambiguous", Severity::Warning, field, message)
        } else {
            Finding::advice("payer_profile_unknown", Severity::Warning, field, message)
        }
        .with_help(help),
    );
    None
}

/// True when a claim has been filed: `claim.claim.state` says so, or (no state) the case has a
/// denial or a submission date.
fn claim_filed(ctx: &Ctx) -> bool {
    let claim = &ctx.case.claim.claim;
    match claim.state.as_deref().map(str::trim) {
        Some("pre_claim") => false,
        Some("claim_denied" | "retro_denied") => true,
        _ => {
            !blank(&claim.denial.date)
                || !blank(&claim.denial.carc)
                || claim.original_submission_date.as_deref().is_some_and(|d| !blank(d))
        }
    }
}

/// The deadline a payer rule's retro clock gives.
fn deadline_from_clock(clock: &Clock, unit: WindowUnit, today: NaiveDate, holidays: bool) -> Option<Deadline> {
    let (end, basis, basis_date) = (clock.deadline?, clock.basis?.window_basis()?, clock.basis_date?);
    let calendar_days = (end - basis_date).num_days();
    let window_days = if unit == WindowUnit::Business {
        deadline::business_days_between(basis_date, end, holidays)
    } else {
        calendar_days
    };
    Some(Deadline {
        window_days,
        basis,
        basis_date,
        deadline: end,
        days_left: (end - today).num_days(),
        business_days_left: deadline::business_days_between(today, end, holidays),
        federal_holidays_counted: holidays,
        days_elapsed: (today - basis_date).num_days(),
        unit,
        clocks: Vec::new(),
    })
}

/// True when the case states a window (days or basis).
fn case_states_window(ctx: &Ctx) -> bool {
    let payer = &ctx.case.claim.payer;
    let days = payer.retro_auth_window_days.as_ref().filter(|d| !matches!(d, Lenient::Raw(serde_json::Value::Null)));
    days.is_some() || payer.retro_auth_window_basis.as_deref().is_some_and(|b| !blank(b))
}

/// The window the case states, or the default; `None` after reporting why there is none.
fn window(ctx: &Ctx, out: &mut Out) -> Option<RetroWindow> {
    let payer = &ctx.case.claim.payer;
    let days = payer.retro_auth_window_days.as_ref().filter(|d| !matches!(d, Lenient::Raw(serde_json::Value::Null)));
    let basis = payer.retro_auth_window_basis.as_deref().filter(|b| !blank(b));
    if days.is_none() && basis.is_none() {
        if let Some(default) = ctx.options.default_window {
            return Some(default);
        }
        out.push(
            Finding::advice(
                "retro_window_not_configured",
                Severity::Info,
                Some(Field::PayerWindowDays.path()),
                "No retro-authorization window is set for this payer, so no deadline is computed.",
            )
            .with_help(
                "Enter the payer's retro window (days) and what it counts from (date of service, discharge, denial or \
                 eligibility determination), from the provider manual or contract.",
            ),
        );
        return None;
    }
    let invalid = |out: &mut Out, severity, field: String, message: &str, help: &str| {
        out.push(data("invalid_retro_window", severity, field, message.to_string()).with_help(help.to_string()));
    };
    let Some(days) = days else {
        invalid(
            out,
            Severity::Warning,
            Field::PayerWindowDays.path(),
            "The retro window has a basis but no number of days.",
            "Enter the window in calendar days, e.g. 90.",
        );
        return None;
    };
    let days = match days {
        Lenient::Valid(d) if (0..=MAX_WINDOW_DAYS).contains(d) => *d,
        Lenient::Valid(_) => {
            invalid(
                out,
                Severity::Error,
                Field::PayerWindowDays.path(),
                "The retro window is negative or implausibly long.",
                "Enter the window in calendar days as the payer states it (typically 14 to 365).",
            );
            return None;
        }
        Lenient::Raw(_) => {
            invalid(
                out,
                Severity::Error,
                Field::PayerWindowDays.path(),
                "The retro window is not a whole number of days.",
                "Enter the window in calendar days, e.g. 90.",
            );
            return None;
        }
    };
    let Some(basis_text) = basis else {
        invalid(
            out,
            Severity::Warning,
            Field::PayerWindowBasis.path(),
            "The retro window has days but no basis date.",
            "Choose what the window counts from: date_of_service, discharge_date, denial_date or eligibility_determination_date.",
        );
        return None;
    };
    let Some(basis) = WindowBasis::parse(basis_text) else {
        invalid(
            out,
            Severity::Error,
            Field::PayerWindowBasis.path(),
            "The retro window basis is not one this tool knows.",
            "Use date_of_service, discharge_date, denial_date or eligibility_determination_date.",
        );
        return None;
    };
    let unit = match payer.retro_auth_window_unit.as_deref().filter(|u| !blank(u)) {
        None => WindowUnit::Calendar,
        Some(text) => match WindowUnit::parse(text) {
            Some(unit) => unit,
            None => {
                invalid(
                    out,
                    Severity::Error,
                    UNIT_FIELD.to_string(),
                    "The retro window unit is not one this tool knows.",
                    "Use calendar or business.",
                );
                return None;
            }
        },
    };
    Some(RetroWindow { days, basis, unit })
}

/// The basis date, or `None` after reporting that it is missing.
fn basis_date(ctx: &Ctx, basis: WindowBasis, out: &mut Out) -> Option<NaiveDate> {
    let (date, field) = match basis {
        WindowBasis::DateOfService => (ctx.last_dos(), ctx.last_dos_field()),
        WindowBasis::DischargeDate => (
            ctx.discharge(),
            if ctx.dates.to.date().is_some() || ctx.dates.dos.date().is_none() {
                Field::ClaimTo.path()
            } else {
                Field::DateOfService.path()
            },
        ),
        WindowBasis::DenialDate => (ctx.dates.denial.date(), Field::DenialDate.path()),
        WindowBasis::EligibilityDeterminationDate => {
            (ctx.dates.eligibility.date(), "claim.claim.eligibility.eligibility_determination_date".to_string())
        }
        WindowBasis::AdmissionDate => (
            ctx.first_dos(),
            if ctx.dates.from.date().is_some() || ctx.dates.dos.date().is_none() {
                Field::ClaimFrom.path()
            } else {
                Field::DateOfService.path()
            },
        ),
        WindowBasis::RemittanceDate => (ctx.dates.denial.date(), Field::DenialDate.path()),
    };
    if date.is_none() {
        out.push(
            data(
                "retro_basis_date_missing",
                Severity::Warning,
                field,
                format!("The retro window counts from {}, which is missing or unreadable: no deadline.", basis.words()),
            )
            .with_help("Enter that date as YYYY-MM-DD so the deadline can be computed."),
        );
    }
    date
}

/// The payer rule's clocks and what they mean for the retro route; returns the deadline the
/// rule's retro window gives when the case states none.
fn payer_clocks(ctx: &Ctx, out: &mut Out, shipped: ShippedRules) -> Option<Deadline> {
    let rules: &payers::PayerRules = match ctx.options.payer_rules.as_deref() {
        Some(rules) => rules,
        None => shipped()?,
    };
    let (payer, rule) = selected_rule(ctx, rules, out)?;
    let holidays = ctx.options.federal_holidays;
    let clocks = payers::engine::clocks(payer, rule, &case_dates(ctx), ctx.today, holidays);
    let field = Some(PROFILE_FIELD.to_string());
    let source = format!("Source: {} ({}).", rule.source_title, rule.source_url);
    for clock in clocks.iter().filter(|c| c.deadline.is_none()) {
        out.push(
            Finding::advice(
                "payer_clock_not_computed",
                Severity::Info,
                field.clone(),
                format!(
                    "{} ({}): {}",
                    clock.rule,
                    clock.kind.as_str(),
                    clock.note.as_deref().unwrap_or("not computed")
                ),
            )
            .with_help(source.clone()),
        );
    }
    if rule.in_network_only && ctx.case.claim.payer.network_status.as_deref().map(str::trim) == Some("out_of_network") {
        out.push(
            Finding::advice(
                "retro_in_network_only",
                Severity::Warning,
                Some("claim.payer.network_status".to_string()),
                format!(
                    "Payer rule `{}/{}`: out-of-network providers are not eligible for retro review.",
                    payer.id, rule.id
                ),
            )
            .with_help(format!("Use reconsideration or appeal instead. {source}")),
        );
    }
    let retro = clocks.iter().find(|c| c.kind == ClockKind::Retro).cloned();
    out.clocks = clocks;
    let otherwise = rule.otherwise.clone().unwrap_or_default();
    match rule.retro {
        RetroAvailability::None => {
            out.push(
                Finding::advice(
                    "payer_no_retro_process",
                    Severity::Warning,
                    field,
                    format!(
                        "Payer rule `{}/{}` has no retro-authorization process for this scope ({}).",
                        payer.id,
                        rule.id,
                        rule.service_scope.as_deref().unwrap_or("all services")
                    ),
                )
                .with_help(format!("{otherwise} {source}").trim().to_string()),
            );
            return None;
        }
        RetroAvailability::Available if retro.is_none() => out.push(
            Finding::advice(
                "payer_retro_window_unstated",
                Severity::Info,
                field,
                format!("Payer rule `{}/{}` states no number of days for retro requests.", payer.id, rule.id),
            )
            .with_help(format!("{} {otherwise} {source}", rule.conditions.as_deref().unwrap_or("")).trim().to_string()),
        ),
        RetroAvailability::Discretionary | RetroAvailability::PlanDependent | RetroAvailability::Unknown => out.push(
            Finding::advice(
                "payer_retro_window_unstated",
                Severity::Info,
                field,
                format!("Payer rule `{}/{}`: retro review is not a stated right for this scope.", payer.id, rule.id),
            )
            .with_help(format!("{} {source}", rule.conditions.as_deref().unwrap_or("")).trim().to_string()),
        ),
        RetroAvailability::Available => {}
    }
    let unit = rule
        .clocks
        .iter()
        .find(|c| c.kind == ClockKind::Retro)
        .and_then(|c| if c.months.is_some() { None } else { c.unit })
        .unwrap_or_default();
    if ctx.options.default_window.is_some() || case_states_window(ctx) {
        return None;
    }
    retro.and_then(|clock| deadline_from_clock(&clock, unit, ctx.today, holidays))
}

/// Pre-claim-only rules once a claim is filed: the advice is the other channel.
fn pre_claim_only(ctx: &Ctx, out: &mut Out, shipped: ShippedRules) {
    let rules: &payers::PayerRules = match ctx.options.payer_rules.as_deref() {
        Some(rules) => rules,
        None => match shipped() {
            Some(rules) => rules,
            None => return,
        },
    };
    let payer = &ctx.case.claim.payer;
    let rule = payer.profile_id.as_deref().filter(|p| !blank(p)).and_then(|id| {
        match rules.select(id, payer.line_of_business()) {
            Selection::Rule(p, r) if r.pre_claim_only => Some(format!("payer rule `{}/{}`", p.id, r.id)),
            _ => None,
        }
    });
    let from_case = (payer.retro_auth_pre_claim_only == Some(true)).then(|| "the payer's terms".to_string());
    let Some(by) = from_case.or(rule) else { return };
    if claim_filed(ctx) {
        out.push(
            Finding::advice(
                "retro_pre_claim_only",
                Severity::Warning,
                Some("claim.payer.retro_auth_pre_claim_only".to_string()),
                format!("Under {by}, retro-authorization requests are accepted only before a claim is filed, and a claim has been filed."),
            )
            .with_help(
                "Use the claim route instead: a reconsideration or appeal of the claim denial (see the triage and the \
                 other clocks), or ask whether the payer's exception for extenuating circumstances applies.",
            ),
        );
    }
}

/// Where the payer rules that ship come from when the options give none: the whole rule set
/// ([`payers::builtin`]) for validation, nothing for [`check_case_window`]. A function pointer
/// so that a host linking only the latter (the app's first-load module, through the letter)
/// never links the payer data and its parser.
type ShippedRules = fn() -> Option<&'static payers::PayerRules>;

fn shipped_rules() -> Option<&'static payers::PayerRules> {
    Some(payers::builtin())
}

fn no_shipped_rules() -> Option<&'static payers::PayerRules> {
    None
}

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    check_with(ctx, out, shipped_rules)
}

/// The rule without the shipped payer rules (rules given in the options still apply): the
/// deadline from the window the case states.
pub(crate) fn check_case_window(ctx: &Ctx, out: &mut Out) {
    check_with(ctx, out, no_shipped_rules)
}

/// The window is not evaluated while the date of service is after the denial date (the
/// date-order rule reports that error).
fn not_evaluated(out: &mut Out) {
    out.push(
        Finding::advice(
            "retro_window_not_evaluated",
            Severity::Info,
            Some(Field::RequestDate.path()),
            "The retro window is not checked while the date of service is after the denial date.",
        )
        .with_help("Fix the date of service or the denial date (see the data error); the deadline follows."),
    );
}

fn check_with(ctx: &Ctx, out: &mut Out, shipped: ShippedRules) {
    let from_profile = payer_clocks(ctx, out, shipped);
    pre_claim_only(ctx, out, shipped);
    if let Some(mut deadline) = from_profile {
        if ctx.dos_after_denial() {
            not_evaluated(out);
            return;
        }
        let from = out.clocks.iter().find(|c| c.kind == ClockKind::Retro).map(|c| c.rule.clone()).unwrap_or_default();
        report(out, &deadline, &from);
        deadline.clocks = out.clocks.clone();
        out.deadline = Some(deadline);
        return;
    }
    let Some(window) = window(ctx, out) else { return };
    if ctx.dos_after_denial() {
        not_evaluated(out);
        return;
    }
    let Some(basis) = basis_date(ctx, window.basis, out) else { return };
    let Some(deadline) = deadline::compute(window, basis, ctx.today, ctx.options.federal_holidays) else {
        out.push(
            data(
                "invalid_retro_window",
                Severity::Error,
                Field::PayerWindowDays.path(),
                "The retro deadline falls outside the calendar.",
            )
            .with_help("Check the window days and the basis date."),
        );
        return;
    };
    let from = format!("{} {} from {}", window.days, window.unit.days_word(), window.basis.words());
    report(out, &deadline, &from);
    let mut deadline = deadline;
    deadline.clocks = out.clocks.clone();
    out.deadline = Some(deadline);
}

/// The exceeded error or the deadline advice, for a window described as `from`.
fn report(out: &mut Out, deadline: &Deadline, from: &str) {
    if deadline.exceeded() {
        out.push(
            data(
                "retro_window_exceeded",
                Severity::Error,
                Field::RequestDate.path(),
                format!(
                    "The retro-authorization window ({from}) ended on {}; this request is {} day(s) late (day {}).",
                    deadline.deadline, -deadline.days_left, deadline.days_elapsed
                ),
            )
            .with_help(
                "Check that the window and its basis are the payer's current rule. If they are, ask the payer whether a \
                 late request is accepted for good cause, or use the appeal or reconsideration route (see the triage).",
            ),
        );
    } else {
        let holidays = if deadline.federal_holidays_counted { ", federal holidays excluded" } else { "" };
        let left = if deadline.days_left == 0 {
            "today is the last day".to_string()
        } else {
            format!("{} day(s) left, {} business day(s){holidays}", deadline.days_left, deadline.business_days_left)
        };
        let severity = if deadline.business_days_left <= 5 { Severity::Warning } else { Severity::Info };
        out.push(
            Finding::advice(
                "retro_deadline",
                severity,
                Some(Field::RequestDate.path()),
                format!("Retro-authorization deadline: {} ({from}): {left}.", deadline.deadline),
            )
            .with_help("Send the request so that it arrives by the deadline; keep the fax confirmation."),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, codes, has, has_code, run, run_on, with};
    use super::*;
    use crate::core::model::Eligibility;
    use serde_json::json;

    fn day(text: &str) -> NaiveDate {
        crate::core::model::date::parse_iso(text).unwrap_or_default()
    }

    fn window_case(days: i64, basis: &str) -> crate::core::model::Case {
        with(|c| {
            c.claim.payer.retro_auth_window_days = Some(Lenient::Valid(days));
            c.claim.payer.retro_auth_window_basis = Some(basis.into());
        })
    }

    #[test]
    fn inside_the_window() {
        let out = run(check, &base());
        assert!(has(&out, "retro_deadline", "request_date"));
        let deadline = out.deadline.unwrap_or_else(|| panic!("deadline"));
        assert_eq!(deadline.deadline, day("2025-07-30"));
        assert_eq!(deadline.days_left, 30);
        assert_eq!(deadline.basis, WindowBasis::DateOfService);
    }

    #[test]
    fn last_day_is_inside_and_the_day_after_is_late() {
        let case = window_case(29, "denial_date");
        let out = run_on(check, &case, day("2025-06-30"));
        assert!(!has_code(&out, "retro_window_exceeded"), "day 29 of 29");
        assert!(out.findings.iter().any(|f| f.message.contains("last day")));
        let out = run_on(check, &case, day("2025-07-01"));
        assert_eq!(codes(&out), vec![("retro_window_exceeded".to_string(), "request_date".to_string())]);
        assert_eq!(out.deadline.map(|d| d.days_left), Some(-1));
    }

    #[test]
    fn right_basis_traps() {
        // Case 01: 60 days from the denial (day 59) is inside, though 118 days from service.
        let case = with(|c| {
            c.claim.payer.retro_auth_window_days = Some(Lenient::Valid(60));
            c.claim.payer.retro_auth_window_basis = Some("denial_date".into());
            c.claim.claim.date_of_service = Some("2025-03-04".into());
            c.claim.claim.denial.date = "2025-05-02".into();
        });
        assert!(!has_code(&run(check, &case), "retro_window_exceeded"));
        // Case 24: 90 days from the eligibility determination (day 63), not from discharge (day 127).
        let case = with(|c| {
            c.claim.payer.retro_auth_window_days = Some(Lenient::Valid(90));
            c.claim.payer.retro_auth_window_basis = Some("eligibility_determination_date".into());
            c.claim.claim.date_of_service = None;
            c.claim.claim.from = Some("2025-02-09".into());
            c.claim.claim.to = Some("2025-02-13".into());
            c.claim.claim.eligibility = Some(Eligibility {
                eligibility_determination_date: Some("2025-04-18".into()),
                ..Eligibility::default()
            });
        });
        let out = run_on(check, &case, day("2025-06-20"));
        assert!(!has_code(&out, "retro_window_exceeded"));
        assert_eq!(out.deadline.map(|d| d.days_elapsed), Some(63));
    }

    #[test]
    fn discharge_basis() {
        let case = with(|c| {
            c.claim.payer.retro_auth_window_days = Some(Lenient::Valid(30));
            c.claim.payer.retro_auth_window_basis = Some("discharge_date".into());
            c.claim.claim.date_of_service = None;
            c.claim.claim.from = Some("2025-05-05".into());
            c.claim.claim.to = Some("2025-05-16".into());
        });
        let out = run_on(check, &case, day("2025-06-27"));
        assert!(has(&out, "retro_window_exceeded", "request_date"), "day 42 of 30");
    }

    #[test]
    fn not_evaluated_when_service_after_denial() {
        let case = with(|c| {
            c.claim.payer.retro_auth_window_days = Some(Lenient::Valid(1));
            c.claim.claim.date_of_service = Some("2026-01-08".into());
        });
        let out = run(check, &case);
        assert!(!has_code(&out, "retro_window_exceeded"));
        assert!(has_code(&out, "retro_window_not_evaluated"));
        assert!(out.deadline.is_none());
    }

    #[test]
    fn configuration_problems() {
        let none = with(|c| {
            c.claim.payer.retro_auth_window_days = None;
            c.claim.payer.retro_auth_window_basis = None;
        });
        let out = run(check, &none);
        assert_eq!(
            codes(&out),
            vec![("retro_window_not_configured".to_string(), Field::PayerWindowDays.path().to_string())]
        );
        assert!(out.deadline.is_none());
        for (days, basis, field) in [
            (Lenient::Raw(json!("sixty")), "denial_date", Field::PayerWindowDays.path()),
            (Lenient::Valid(-5), "denial_date", Field::PayerWindowDays.path()),
            (Lenient::Valid(i64::MAX), "denial_date", Field::PayerWindowDays.path()),
            (Lenient::Valid(30), "denial", Field::PayerWindowBasis.path()),
            (Lenient::Valid(30), " ", Field::PayerWindowBasis.path()),
        ] {
            let case = with(|c| {
                c.claim.payer.retro_auth_window_days = Some(days.clone());
                c.claim.payer.retro_auth_window_basis = Some(basis.into());
            });
            let out = run(check, &case);
            assert_eq!(codes(&out), vec![("invalid_retro_window".to_string(), field.to_string())], "{days:?} {basis}");
        }
        let missing_eligibility = window_case(90, "eligibility_determination_date");
        let out = run(check, &missing_eligibility);
        assert!(has(&out, "retro_basis_date_missing", "claim.claim.eligibility.eligibility_determination_date"));
        assert!(out.deadline.is_none());
    }

    #[test]
    fn default_window_from_options() {
        let none = with(|c| {
            c.claim.payer.retro_auth_window_days = None;
            c.claim.payer.retro_auth_window_basis = None;
        });
        let options = crate::core::validate::ValidateOptions {
            default_window: Some(RetroWindow::calendar(10, WindowBasis::DenialDate)),
            ..Default::default()
        };
        let ctx = Ctx::new(&none, day("2025-06-30"), &options);
        let mut out = Out::default();
        check(&ctx, &mut out);
        assert!(has(&out, "retro_window_exceeded", "request_date"), "20 days after the denial");
    }
}
