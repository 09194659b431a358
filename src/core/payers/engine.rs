//! The deadline engine on payer rules: every clock of a rule (retro window, notification,
//! reconsideration, each appeal level, timely filing, corrected claim, decision due) as of
//! "today", each with its rule text and source. Pure: dates in, dates out.
//!
//! Counting is the one of `core::calendar`, as for validation's deadline: a period of N
//! calendar days ends N days after its basis date; N business days ends on the N-th Monday–Friday after it that is not an
//! observed federal holiday (when holidays are counted); N months ends on the same day of the
//! month N months later (or that month's last day). A request **on** the end date is inside.
//! Deadlines never move off weekends (the safe reading). Several periods combine by the rule's
//! `rule`: `latest` ("whichever is later") or `earliest`; when a period's basis date is not in
//! the case, the combined date is not computed (the missing date could be the deciding one).
//!
//! **Received vs sent.** A deadline the request must *reach* the payer by gets "send by" dates
//! that leave transit time: by fax [`TRANSIT_FAX_BUSINESS_DAYS`] business day before (time to
//! resend a failed or illegible transmission and for the payer's intake cut-off), by mail
//! [`TRANSIT_MAIL_BUSINESS_DAYS`] business days before (First-Class Mail takes 1–5 days; Medicare
//! likewise presumes a notice is received 5 days after its date). When the source does not say,
//! the request is assumed to have to arrive (the safe reading). A deadline the request need
//! only be *sent* by has send-by dates equal to the deadline.

use super::{Basis, ClockKind, ClockRule, Combine, MustBe, PayerProfile, PayerRule, Period};
use crate::core::calendar::{WindowUnit, add_business_days, business_days_between};
use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Business days a faxed request is sent before a "must be received" deadline.
pub const TRANSIT_FAX_BUSINESS_DAYS: i64 = 1;

/// Business days a mailed request is sent before a "must be received" deadline.
pub const TRANSIT_MAIL_BUSINESS_DAYS: i64 = 5;

/// The case's dates the clocks count from (read once by validation).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CaseDates {
    /// First date of service.
    pub first_dos: Option<NaiveDate>,
    /// Last date of service.
    pub last_dos: Option<NaiveDate>,
    /// Admission (claim `from`, else the single date of service).
    pub admission: Option<NaiveDate>,
    /// Discharge (claim `to`, else the single date of service).
    pub discharge: Option<NaiveDate>,
    /// Denial / remittance date.
    pub denial: Option<NaiveDate>,
    /// Eligibility determination date.
    pub eligibility_determination: Option<NaiveDate>,
}

impl CaseDates {
    /// The date of `basis`, as of `today`; `None` when the case does not have it.
    pub fn of(&self, basis: Basis, today: NaiveDate) -> Option<NaiveDate> {
        match basis {
            Basis::DateOfService => self.last_dos,
            Basis::FirstDateOfService => self.first_dos,
            Basis::AdmissionDate => self.admission,
            Basis::DischargeDate => self.discharge,
            Basis::DenialDate | Basis::RemittanceDate => self.denial,
            Basis::EligibilityDeterminationDate => self.eligibility_determination,
            Basis::RequestDate => Some(today),
            Basis::EligibilityAddDate
            | Basis::BenefitsApprovalDate
            | Basis::ThirdPartyRejectionDate
            | Basis::AdverseDeterminationDate => None,
        }
    }
}

/// When to send a request so that it arrives by the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendBy {
    /// Last day to fax it.
    pub fax: NaiveDate,
    /// Last day to mail it.
    pub mail: NaiveDate,
}

/// One clock, computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    /// What the clock is for.
    pub kind: ClockKind,
    /// The appeal level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    /// The last day; `None` when a date it counts from is not in the case (see `note`).
    pub deadline: Option<NaiveDate>,
    /// Calendar days from today to the deadline (0 on it, negative when passed).
    pub days_left: Option<i64>,
    /// Business days over the same span.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_days_left: Option<i64>,
    /// The basis that decided the deadline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
    /// Its date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis_date: Option<NaiveDate>,
    /// Received or sent, as the source says (absent: not stated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub must_be: Option<MustBe>,
    /// When to send it (submission clocks with a deadline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_by: Option<SendBy>,
    /// The rule in words.
    pub rule: String,
    /// The source: title and address.
    pub source: String,
    /// The payer rule it comes from (`payer/rule`).
    pub rule_id: String,
    /// Why no date was computed, or what to keep in mind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The end of one period, or why there is none.
fn period_end(
    period: &Period,
    dates: &CaseDates,
    today: NaiveDate,
    holidays: bool,
) -> Result<(Basis, NaiveDate, NaiveDate), String> {
    let Some(basis) = period.basis else {
        return Err("the source gives no date this period counts from".to_string());
    };
    let Some(start) = dates.of(basis, today) else {
        return Err(format!("{} is not in the case", basis.words()));
    };
    let end = match (period.days, period.months, period.unit.unwrap_or_default()) {
        (Some(days), None, WindowUnit::Calendar) => {
            u64::try_from(days).ok().and_then(|d| start.checked_add_days(Days::new(d)))
        }
        (Some(days), None, WindowUnit::Business) => add_business_days(start, days, holidays),
        (None, Some(months), _) => u32::try_from(months).ok().and_then(|m| start.checked_add_months(Months::new(m))),
        _ => None,
    };
    end.map(|end| (basis, start, end)).ok_or_else(|| "the period is not a valid length".to_string())
}

/// Computes one clock of `rule` (of `payer`) as of `today`.
pub fn clock(
    payer: &PayerProfile,
    rule: &PayerRule,
    clock_rule: &ClockRule,
    dates: &CaseDates,
    today: NaiveDate,
    holidays: bool,
) -> Clock {
    let ends: Vec<_> = clock_rule.periods().iter().map(|p| period_end(p, dates, today, holidays)).collect();
    let combine = clock_rule.rule.unwrap_or(Combine::Earliest);
    let mut note = None;
    let mut chosen: Option<(Basis, NaiveDate, NaiveDate)> = None;
    for end in &ends {
        match end {
            Ok(end) => {
                let better = match (&chosen, combine) {
                    (None, _) => true,
                    (Some(c), Combine::Earliest) => end.2 < c.2,
                    (Some(c), Combine::Latest) => end.2 > c.2,
                };
                if better {
                    chosen = Some(*end);
                }
            }
            Err(why) => {
                note = Some(format!("Not computed: {why}."));
            }
        }
    }
    if note.is_some() {
        chosen = None;
    }
    let deadline = chosen.map(|c| c.2);
    let send_by = deadline.filter(|_| clock_rule.kind.is_a_submission()).and_then(|d| match clock_rule.must_be {
        Some(MustBe::Sent) => Some(SendBy { fax: d, mail: d }),
        _ => Some(SendBy {
            fax: add_business_days(d, -TRANSIT_FAX_BUSINESS_DAYS, holidays)?,
            mail: add_business_days(d, -TRANSIT_MAIL_BUSINESS_DAYS, holidays)?,
        }),
    });
    if note.is_none() && clock_rule.kind == ClockKind::Decision {
        note = Some("Counted from the request date; the payer counts from receipt.".to_string());
    }
    Clock {
        kind: clock_rule.kind,
        level: clock_rule.level,
        deadline,
        days_left: deadline.map(|d| (d - today).num_days()),
        business_days_left: deadline.map(|d| business_days_between(today, d, holidays)),
        basis: chosen.map(|c| c.0),
        basis_date: chosen.map(|c| c.1),
        must_be: clock_rule.must_be,
        send_by,
        rule: clock_rule.text.clone(),
        source: match (&clock_rule.source_title, &clock_rule.source_url) {
            (Some(title), Some(url)) => format!("{title} — {url}"),
            _ => format!("{} — {}", rule.source_title, rule.source_url),
        },
        rule_id: format!("{}/{}", payer.id, rule.id),
        note,
    }
}

/// Every clock of `rule`, in the rule's order.
pub fn clocks(
    payer: &PayerProfile,
    rule: &PayerRule,
    dates: &CaseDates,
    today: NaiveDate,
    holidays: bool,
) -> Vec<Clock> {
    rule.clocks.iter().map(|c| clock(payer, rule, c, dates, today, holidays)).collect()
}
