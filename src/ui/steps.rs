//! The guided flow: the steps a biller goes through, in order, and which case fields belong
//! to each (by path prefix), so the stepper can show where the problems are.

/// One step of the guided flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    /// Who the patient is.
    Patient,
    /// The health plan and its retro window.
    Payer,
    /// Billing, referring provider and facility.
    Provider,
    /// The claim: dates, service lines, diagnoses.
    Services,
    /// The payer's denial.
    Denial,
    /// Why authorization was not obtained.
    Reason,
    /// The clinical notes.
    Notes,
    /// Checklist, letter, attachments, packet.
    Review,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 8] = [
        Step::Patient,
        Step::Payer,
        Step::Provider,
        Step::Services,
        Step::Denial,
        Step::Reason,
        Step::Notes,
        Step::Review,
    ];

    /// The label in the stepper.
    pub fn label(self) -> &'static str {
        match self {
            Step::Patient => "Patient",
            Step::Payer => "Payer",
            Step::Provider => "Provider",
            Step::Services => "Services",
            Step::Denial => "Denial",
            Step::Reason => "Reason",
            Step::Notes => "Notes",
            Step::Review => "Review",
        }
    }

    /// A stable id fragment (`step-patient`).
    pub fn id(self) -> &'static str {
        match self {
            Step::Patient => "step-patient",
            Step::Payer => "step-payer",
            Step::Provider => "step-provider",
            Step::Services => "step-services",
            Step::Denial => "step-denial",
            Step::Reason => "step-reason",
            Step::Notes => "step-notes",
            Step::Review => "step-review",
        }
    }

    /// The step's name in the page's history entry and URL fragment (`#step=review`): a step
    /// name is all the URL ever holds.
    pub fn slug(self) -> &'static str {
        self.id().trim_start_matches("step-")
    }

    /// The step named `slug` (see [`Step::slug`]).
    pub fn from_slug(slug: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|step| step.slug() == slug)
    }

    /// 0-based position.
    pub fn index(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// The next step, if any.
    pub fn next(self) -> Option<Step> {
        Step::ALL.get(self.index() + 1).copied()
    }

    /// The previous step, if any.
    pub fn previous(self) -> Option<Step> {
        self.index().checked_sub(1).and_then(|i| Step::ALL.get(i).copied())
    }

    /// The step that shows the field at `path`.
    pub fn for_path(path: &str) -> Step {
        let starts = |prefix: &str| path.starts_with(prefix);
        if starts("claim.patient") {
            Step::Patient
        } else if starts("claim.payer") {
            Step::Payer
        } else if starts("claim.provider") || starts("claim.referring_provider") || starts("claim.facility") {
            Step::Provider
        } else if starts("claim.claim.denial") {
            Step::Denial
        } else if starts("claim.claim") {
            Step::Services
        } else if starts("claim.reason_prior_auth_missing") {
            Step::Reason
        } else if starts("notes") {
            Step::Notes
        } else {
            Step::Review
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_steps() {
        assert_eq!(Step::for_path("claim.claim.denial.carc"), Step::Denial);
        assert_eq!(Step::for_path("claim.claim.lines[0].units"), Step::Services);
        assert_eq!(Step::for_path("claim.referring_provider.npi"), Step::Provider);
        assert_eq!(Step::for_path("request_date"), Step::Review);
        assert_eq!(Step::Patient.next(), Some(Step::Payer));
        assert_eq!(Step::Patient.previous(), None);
        assert_eq!(Step::Review.next(), None);
    }

    #[test]
    fn slugs_round_trip() {
        for step in Step::ALL {
            assert_eq!(Step::from_slug(step.slug()), Some(step));
            assert!(step.slug().chars().all(|c| c.is_ascii_lowercase()), "{}", step.slug());
        }
        assert_eq!(Step::Review.slug(), "review");
        for bad in ["", "Review", "step-review", "review ", "../x"] {
            assert_eq!(Step::from_slug(bad), None, "{bad}");
        }
    }
}
