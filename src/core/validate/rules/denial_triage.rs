//! Rule `denial_triage`: from the denial's CARC/RARC, which path fits — a retro-authorization
//! request, a corrected claim, a reconsideration or an appeal — and why.
//!
//! ## What it checks
//! Reads `claim.claim.denial.carc` and `.rarc` (several codes may be typed, separated by commas,
//! spaces or slashes, with or without a group code: `CO-197`, `PR 1`, `197`); when a field is
//! blank, codes written in the denial text (`CO-197 … M62`) are used instead. Then:
//! - a code that is not CARC-shaped (`197`, `A1`, `P12`) → `malformed_carc` (Warning); not
//!   RARC-shaped (`M62`, `MA130`, `N362`) → `malformed_rarc` (Warning);
//! - sets [`Triage`] and adds the advice `denial_triage` (Info). The decision, first match wins:
//!   1. authorization requested and refused (CARC 39) → **appeal**;
//!   2. not medically necessary / experimental / diagnosis not covered (50, 55, 151, 167) → **appeal**;
//!   3. not an emergency (40) → **reconsideration** under the prudent-layperson standard (then appeal);
//!   4. authorization absent or mismatched (197, 62, 15, M62, N54) while an existing authorization
//!      covers every billed code → **corrected claim** (the claim lacked or misstated the number);
//!   5. authorization mismatched (15, N54) → **retro-authorization** (an update of the existing
//!      authorization to what was performed);
//!   6. authorization exceeded (198, N362) → **retro-authorization** for the extra units/visits;
//!   7. authorization or referral absent (197, 62, M62, 243, 242, 288, 38) → **retro-authorization**;
//!      for Medicare Advantage plans a reconsideration is offered as well (many MA plans treat any
//!      request after the service as post-service, with no retro process);
//!   8. coding or missing-information denials (4, 5, 11, 16, 146, 181, 182, 199, M51, M76, …) →
//!      **corrected claim**; documentation requested (252, M127) → **reconsideration**;
//!   9. coverage problems (22, 26, 27, 31, 109) → retro-authorization when the reason is
//!      retro-eligibility, else **corrected claim** (right payer, right member);
//!   10. timely filing (29), duplicate or bundled (18, 97) → **reconsideration**; not covered
//!       (96, 119, 204, N130) → **appeal**;
//!   11. nothing known → **undetermined**.
//!
//!   When the retro window has already passed, an appeal is added to the alternatives.
//!
//! ## Why it matters
//! Sending a retro-authorization request for a denial that needs a corrected claim (or an appeal)
//! wastes the deadline of the right path. CARC 39 in particular is not a retro-authorization
//! case: the payer already decided.
//!
//! ## What satisfies it
//! Nothing to satisfy: it is advice. Well-formed codes avoid the two warnings.
//!
//! ## References
//! - ../shared/domain/RETRO-AUTH.md §6.1 (CARC/RARC for authorization denials) and §5
//!   (Priority Health: MA plans treat after-the-fact requests as post-service).
//! - ../shared/cases/README.md §1 (197 + M62: no authorization; 15 + N54: mismatch; 198 + N362:
//!   exceeded).
//! - Explanations are the project's own (`codes::carc`, `codes::rarc`); X12 descriptions are not
//!   shipped.

use super::{Out, data};
use crate::core::codes::carc::{self, Topic};
use crate::core::codes::rarc;
use crate::core::finding::{Finding, Severity};
use crate::core::form::Field;
use crate::core::validate::context::{Ctx, blank};
use crate::core::validate::triage::{DenialCode, Triage, TriagePath};

/// Typed codes: (group code, code).
type Codes = Vec<(Option<String>, String)>;

/// Codes written in the denial text: group-prefixed CARCs (`CO-197`) and RARCs (`N54`).
fn codes_in_text(text: &str) -> (Codes, Codes) {
    let mut carcs = Vec::new();
    let mut rarcs = Vec::new();
    for (group, code) in carc::split_typed(text) {
        if group.is_some() && carc::normalize(&code).is_some() {
            carcs.push((group, code));
        } else if group.is_none() && rarc::normalize(&code).is_some() {
            rarcs.push((group, code));
        }
    }
    (carcs, rarcs)
}

struct Decision {
    path: TriagePath,
    why: String,
    also: Vec<TriagePath>,
}

fn decide(ctx: &Ctx, topics: &[Topic], documentation: bool) -> Decision {
    let has = |t: Topic| topics.contains(&t);
    let auth = ctx.case.claim.claim.prior_authorization.as_ref();
    let billed: Vec<&str> =
        ctx.lines().iter().filter_map(|l| l.cpt_or_hcpcs.as_deref()).map(str::trim).filter(|c| !c.is_empty()).collect();
    let auth_covers = auth.is_some_and(|a| {
        let approved: std::collections::HashSet<&str> = a.approved_codes.iter().map(|c| c.trim()).collect();
        !billed.is_empty() && billed.iter().all(|code| approved.contains(code))
    });
    let ma = ctx.case.claim.payer.line_of_business() == "medicare_advantage";
    let decision = |path, why: &str, also: &[TriagePath]| Decision { path, why: why.to_string(), also: also.to_vec() };
    if has(Topic::AuthorizationDenied) {
        return decision(
            TriagePath::Appeal,
            "The payer reviewed an authorization request for this service and refused it. A retro-authorization \
             request is for an authorization that was never requested; this one calls for an appeal of the refusal, \
             with the clinical records.",
            &[],
        );
    }
    if has(Topic::MedicalNecessity) {
        return decision(
            TriagePath::Appeal,
            "The payer judged the service not medically necessary (or not covered for the diagnosis). Appeal with the \
             records, showing each criterion the notes meet.",
            &[TriagePath::Reconsideration],
        );
    }
    if has(Topic::NotEmergency) {
        return decision(
            TriagePath::Reconsideration,
            "The payer does not accept the visit as an emergency. Ask for a reconsideration under the prudent-layperson \
             standard: the presenting symptoms, not the final diagnosis, decide.",
            &[TriagePath::Appeal],
        );
    }
    let auth_topic = has(Topic::AuthorizationAbsent) || has(Topic::AuthorizationMismatch);
    if auth_topic && auth_covers {
        return decision(
            TriagePath::CorrectedClaim,
            "The denial says the authorization is missing or does not match, but the authorization on file lists every \
             billed code. The claim probably lacked or misstated the authorization number: correct the claim and \
             resubmit it.",
            &[TriagePath::Reconsideration],
        );
    }
    if has(Topic::AuthorizationMismatch) {
        let why = if auth.is_some() {
            "An authorization exists but covers a different service than the one billed. Ask the payer to update it \
             retroactively to the service actually performed (a retro-authorization request), explaining why it \
             changed."
        } else {
            "The authorization number is missing, invalid or does not apply to what was billed. If an authorization \
             covers the service, correct the claim with its number; if none does, request a retro-authorization."
        };
        let also: &[TriagePath] =
            if auth.is_some() { &[TriagePath::Reconsideration] } else { &[TriagePath::CorrectedClaim] };
        return decision(TriagePath::RetroAuthorization, why, also);
    }
    if has(Topic::AuthorizationExceeded) {
        return decision(
            TriagePath::RetroAuthorization,
            "More units, visits or days were given than were authorized. Request authorization of the extra services \
             retroactively (an extension of the existing authorization), with the records that justify them.",
            &[TriagePath::Reconsideration],
        );
    }
    if has(Topic::AuthorizationAbsent) || has(Topic::ReferralAbsent) {
        let mut why = if has(Topic::ReferralAbsent) && !has(Topic::AuthorizationAbsent) {
            "A referral or network authorization was missing. Ask for a retroactive referral or authorization, \
             explaining why it was not obtained."
                .to_string()
        } else {
            "No authorization was on file for the service. Request a retro-authorization, explaining why it was not \
             obtained, then ask the payer to reprocess the claim."
                .to_string()
        };
        let mut also = Vec::new();
        if ma {
            why.push_str(
                " Some Medicare Advantage plans have no retro-authorization process and treat the request as a \
                 post-service payment matter: if so, file a reconsideration instead.",
            );
            also.push(TriagePath::Reconsideration);
        }
        return Decision { path: TriagePath::RetroAuthorization, why, also };
    }
    if has(Topic::CodingError) || (has(Topic::MissingInformation) && !documentation) {
        return decision(
            TriagePath::CorrectedClaim,
            "The denial points to a coding or information problem on the claim. Fix the claim (codes, modifiers, \
             identifiers) and resubmit it as a corrected claim.",
            &[],
        );
    }
    if has(Topic::MissingInformation) {
        return decision(
            TriagePath::Reconsideration,
            "The payer asks for documentation before it decides. Send the requested records with a reconsideration \
             request.",
            &[],
        );
    }
    if has(Topic::Eligibility) {
        if ctx.reason_code() == "retro_eligibility" {
            return decision(
                TriagePath::RetroAuthorization,
                "Coverage was established after the service. Request a retro-authorization with proof of the \
                 eligibility determination.",
                &[TriagePath::CorrectedClaim],
            );
        }
        return decision(
            TriagePath::CorrectedClaim,
            "The payer could not match the service to active coverage. Verify eligibility and the member ID, and bill \
             the right payer.",
            &[],
        );
    }
    if has(Topic::TimelyFiling) || has(Topic::NotSeparatelyPayable) {
        return decision(
            TriagePath::Reconsideration,
            "The denial concerns filing or payment rules, not authorization. Ask for a reconsideration with proof \
             (timely-filing evidence, or why the service is separately payable).",
            &[],
        );
    }
    if has(Topic::NotCovered) {
        return decision(
            TriagePath::Appeal,
            "The payer says the service is not a covered benefit. A retro-authorization cannot fix that; appeal if the \
             plan documents support coverage.",
            &[],
        );
    }
    decision(
        TriagePath::Undetermined,
        "The denial codes are not ones this tool knows. Read the remittance and the payer's letter to choose between \
         a retro-authorization request, a corrected claim, a reconsideration and an appeal.",
        &[],
    )
}

/// Runs the rule.
pub(crate) fn check(ctx: &Ctx, out: &mut Out) {
    let denial = &ctx.case.claim.claim.denial;
    let (text_carcs, text_rarcs) = codes_in_text(&denial.text);
    let typed_carcs = if blank(&denial.carc) { text_carcs } else { carc::split_typed(&denial.carc) };
    let typed_rarcs = if blank(&denial.rarc) { text_rarcs } else { carc::split_typed(&denial.rarc) };

    let mut topics = Vec::new();
    let mut documentation = false;
    let mut carcs = Vec::new();
    let mut malformed_carc = false;
    for (group, code) in typed_carcs {
        let Some(code) = carc::normalize(&code) else {
            malformed_carc = true;
            continue;
        };
        let known = carc::lookup(&code);
        if let Some(known) = known {
            topics.push(known.topic);
            documentation |= code == "252";
        }
        carcs.push(DenialCode { code, group, explanation: known.map(|k| k.explanation.to_string()) });
    }
    let mut rarcs = Vec::new();
    let mut malformed_rarc = false;
    for (group, code) in typed_rarcs {
        let Some(code) = rarc::normalize(&code) else {
            malformed_rarc = true;
            continue;
        };
        let known = rarc::lookup(&code);
        if let Some(known) = known {
            topics.push(known.topic);
            documentation |= code == "M127";
        }
        rarcs.push(DenialCode { code, group, explanation: known.map(|k| k.explanation.to_string()) });
    }
    if malformed_carc {
        out.push(
            data("malformed_carc", Severity::Warning, Field::DenialCarc.path(), "A denial reason code is not a CARC.")
                .with_help(
                    "Copy the claim adjustment reason code from the remittance, e.g. CO-197 (group code optional).",
                ),
        );
    }
    if malformed_rarc {
        out.push(
            data("malformed_rarc", Severity::Warning, Field::DenialRarc.path(), "A remark code is not a RARC.")
                .with_help("Copy the remittance remark code from the remittance, e.g. M62 or N54."),
        );
    }
    if carcs.is_empty() && rarcs.is_empty() {
        return;
    }
    let mut decision = decide(ctx, &topics, documentation);
    if decision.path == TriagePath::RetroAuthorization && out.deadline.as_ref().is_some_and(|d| d.exceeded()) {
        decision.why.push_str(
            " The retro window has passed, so the payer may refuse a retro request: an appeal (usually with a longer \
             deadline) may be the way left.",
        );
        if !decision.also.contains(&TriagePath::Appeal) {
            decision.also.push(TriagePath::Appeal);
        }
    }
    let explained: Vec<String> = carcs
        .iter()
        .map(|c| ("CARC", c))
        .chain(rarcs.iter().map(|r| ("RARC", r)))
        .map(|(kind, c)| match &c.explanation {
            Some(explanation) => format!("{kind} {}: {explanation}", c.code),
            None => format!("{kind} {}: not a code this tool knows.", c.code),
        })
        .collect();
    let mut help = explained.join(" ");
    if !decision.also.is_empty() {
        let also: Vec<&str> = decision.also.iter().map(|p| p.words()).collect();
        help.push_str(&format!(" Also consider: {}.", also.join(", ")));
    }
    out.push(
        Finding::advice(
            "denial_triage",
            Severity::Info,
            Some(Field::DenialCarc.path()),
            format!("Suggested path: {}. {}", decision.path.words(), decision.why),
        )
        .with_help(help),
    );
    out.triage =
        Some(Triage { path: decision.path, why: decision.why, also_consider: decision.also, carc: carcs, rarc: rarcs });
}

#[cfg(test)]
mod tests {
    use super::super::testing::{base, has, run, with};
    use super::*;
    use crate::core::model::PriorAuthorization;

    fn denial(carc: &str, rarc: &str) -> crate::core::model::Case {
        with(|c| {
            c.claim.claim.denial.carc = carc.into();
            c.claim.claim.denial.rarc = rarc.into();
        })
    }

    fn path(case: &crate::core::model::Case) -> Option<TriagePath> {
        run(check, case).triage.map(|t| t.path)
    }

    #[test]
    fn splitting_and_shapes() {
        assert_eq!(
            carc::split_typed("CO-197, 16 / pr 1"),
            vec![(Some("CO".into()), "197".into()), (None, "16".into()), (Some("PR".into()), "1".into())]
        );
        assert_eq!(carc::split_typed("CO 15"), vec![(Some("CO".into()), "15".into())]);
        assert_eq!(carc::split_typed("CO197"), vec![(Some("CO".into()), "197".into())]);
        assert_eq!(carc::normalize("0197").as_deref(), Some("197"));
        assert_eq!(carc::normalize("A1").as_deref(), Some("A1"));
        assert_eq!(carc::normalize("1970"), None);
        assert_eq!(carc::normalize("M62"), Some("M62".into()), "letter + digits is CARC-shaped too; lookup decides");
        assert!(["M62", "MA130", "N362"].iter().all(|c| rarc::normalize(c).is_some()));
        assert!(["62", "NX1", "N"].iter().all(|c| rarc::normalize(c).is_none()));
    }

    #[test]
    fn no_auth_is_retro_authorization() {
        let out = run(check, &base());
        let triage = out.triage.clone().unwrap_or_else(|| panic!("triage"));
        assert_eq!(triage.path, TriagePath::RetroAuthorization);
        assert_eq!(triage.carc[0].code, "197");
        assert!(triage.carc[0].explanation.is_some());
        assert!(has(&out, "denial_triage", "claim.claim.denial.carc"));
        let ma = with(|c| c.claim.payer.plan_type = "medicare_advantage".into());
        let triage = run(check, &ma).triage.unwrap_or_else(|| panic!("triage"));
        assert!(triage.also_consider.contains(&TriagePath::Reconsideration));
    }

    #[test]
    fn each_path() {
        assert_eq!(path(&denial("39", "")), Some(TriagePath::Appeal));
        assert_eq!(path(&denial("CO-50", "")), Some(TriagePath::Appeal));
        assert_eq!(path(&denial("40", "")), Some(TriagePath::Reconsideration));
        assert_eq!(path(&denial("15", "N54")), Some(TriagePath::RetroAuthorization));
        assert_eq!(path(&denial("198", "N362")), Some(TriagePath::RetroAuthorization));
        assert_eq!(path(&denial("243", "")), Some(TriagePath::RetroAuthorization));
        assert_eq!(path(&denial("16", "M51")), Some(TriagePath::CorrectedClaim));
        assert_eq!(path(&denial("252", "")), Some(TriagePath::Reconsideration));
        assert_eq!(path(&denial("29", "")), Some(TriagePath::Reconsideration));
        assert_eq!(path(&denial("96", "")), Some(TriagePath::Appeal));
        assert_eq!(path(&denial("27", "")), Some(TriagePath::CorrectedClaim));
        assert_eq!(path(&denial("999", "")), Some(TriagePath::Undetermined));
        assert_eq!(path(&denial("", "")), Some(TriagePath::RetroAuthorization), "codes read from the denial text");
        let silent = with(|c| {
            c.claim.claim.denial.carc = String::new();
            c.claim.claim.denial.rarc = String::new();
            c.claim.claim.denial.text = "Denied.".into();
        });
        assert_eq!(path(&silent), None);
    }

    #[test]
    fn existing_authorization_changes_the_path() {
        let covering = with(|c| {
            c.claim.claim.denial.carc = "15".into();
            c.claim.claim.prior_authorization = Some(PriorAuthorization {
                number: "PA-1".into(),
                approved_codes: vec!["99213".into()],
                ..Default::default()
            });
        });
        assert_eq!(path(&covering), Some(TriagePath::CorrectedClaim));
        let different = with(|c| {
            c.claim.claim.denial.carc = "15".into();
            c.claim.claim.prior_authorization = Some(PriorAuthorization {
                number: "PA-1".into(),
                approved_codes: vec!["99214".into()],
                ..Default::default()
            });
        });
        assert_eq!(path(&different), Some(TriagePath::RetroAuthorization));
    }

    #[test]
    fn malformed_codes_warn() {
        let out = run(check, &denial("CO-19x7", "62"));
        assert!(has(&out, "malformed_carc", "claim.claim.denial.carc"));
        assert!(has(&out, "malformed_rarc", "claim.claim.denial.rarc"));
    }

    #[test]
    fn late_retro_request_suggests_an_appeal() {
        let case = base();
        let options = crate::core::validate::ValidateOptions::default();
        let late = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        let ctx = crate::core::validate::context::Ctx::new(&case, late, &options);
        let mut out = Out::default();
        super::super::retro_window::check(&ctx, &mut out);
        assert!(out.deadline.as_ref().is_some_and(|d| d.exceeded()));
        check(&ctx, &mut out);
        let triage = out.triage.unwrap_or_else(|| panic!("triage"));
        assert_eq!(triage.path, TriagePath::RetroAuthorization);
        assert!(triage.also_consider.contains(&TriagePath::Appeal));
    }
}
