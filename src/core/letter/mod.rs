//! Letters: strict templates (`templates/letters/`) filled from the case.
//!
//! Three kinds ([`LetterKind`]): the retro-authorization request, the reconsideration (appeal)
//! letter for when a retro request or the claim is denied again, and the fax cover sheet that
//! opens the packet. Every fact in a letter comes from an input field. A missing input becomes a
//! visible `[MISSING: …]` placeholder in the text *and* an entry in [`Letter::missing`], never
//! blank text. Values are substituted, never evaluated (see [`template`]).
//!
//! The fax cover sheet quotes the packet's page count, which only the packet's layout knows:
//! [`LetterExtras::page_count`] carries it (the packet lays out, counts, and renders the cover
//! again until the count settles); without it the cover says the count comes with the packet.

mod context;
pub mod deadline;
pub mod template;

pub use context::{LetterExtras, MissingInput, denial_kind, letter_context, letter_context_with};
pub use deadline::{DeadlineLine, deadline_line};

use crate::core::model::Case;
use chrono::NaiveDate;
use template::{Template, TemplateError};

/// The retro-authorization request letter template, embedded at build time.
pub const RETRO_AUTH_REQUEST: &str = include_str!("../../../templates/letters/retro_auth_request.txt");
/// The reconsideration (appeal) letter template, embedded at build time.
pub const RECONSIDERATION: &str = include_str!("../../../templates/letters/reconsideration.txt");
/// The fax cover sheet template, embedded at build time.
pub const FAX_COVER: &str = include_str!("../../../templates/letters/fax_cover.txt");

/// Which letter to write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum LetterKind {
    /// Request for retrospective authorization (the first step after a no-authorization denial).
    #[default]
    RetroAuthRequest,
    /// Request for reconsideration of a denial (CARC 39, 50, or a retro request refused).
    Reconsideration,
    /// The fax cover sheet; [`LetterExtras::cover_for`] says which request it announces.
    FaxCover,
}

impl LetterKind {
    /// Every kind, for tests and pickers.
    pub const ALL: &[LetterKind] = &[LetterKind::RetroAuthRequest, LetterKind::Reconsideration, LetterKind::FaxCover];

    /// The template source.
    pub fn template(self) -> &'static str {
        match self {
            LetterKind::RetroAuthRequest => RETRO_AUTH_REQUEST,
            LetterKind::Reconsideration => RECONSIDERATION,
            LetterKind::FaxCover => FAX_COVER,
        }
    }

    /// The request's title, without patient data. A fax cover sheet has none of its own: it
    /// carries the title of the request it announces.
    pub fn title(self) -> &'static str {
        match self {
            LetterKind::RetroAuthRequest | LetterKind::FaxCover => "Request for Retrospective Authorization",
            LetterKind::Reconsideration => "Request for Reconsideration",
        }
    }

    /// A stable identifier: `retro_auth_request`, `reconsideration`, `fax_cover`.
    pub fn id(self) -> &'static str {
        match self {
            LetterKind::RetroAuthRequest => "retro_auth_request",
            LetterKind::Reconsideration => "reconsideration",
            LetterKind::FaxCover => "fax_cover",
        }
    }
}

/// A rendered letter.
#[derive(Debug, Clone, PartialEq)]
pub struct Letter {
    /// Plain text, one paragraph per line.
    pub text: String,
    /// Inputs the letter needed but the case does not have, in letter order.
    pub missing: Vec<MissingInput>,
}

/// Renders a letter of `kind` for `case`, dated `today`.
///
/// Fails only if an embedded template is broken, which the test suite rules out; callers
/// should still show the error rather than panic.
pub fn render(kind: LetterKind, case: &Case, today: NaiveDate) -> Result<Letter, TemplateError> {
    render_with(kind, case, today, &LetterExtras::default())
}

/// Renders a letter of `kind` with the packet's extras (attachment names for the enclosure
/// list, the page count for the fax cover sheet).
pub fn render_with(
    kind: LetterKind,
    case: &Case,
    today: NaiveDate,
    extras: &LetterExtras,
) -> Result<Letter, TemplateError> {
    let template = Template::parse(kind.template())?;
    let (mut context, missing) = letter_context_with(case, today, extras);
    // The request the letter is (or, for a cover sheet, announces).
    let subject = match kind {
        LetterKind::FaxCover if extras.cover_for == LetterKind::Reconsideration => LetterKind::Reconsideration,
        LetterKind::FaxCover => LetterKind::RetroAuthRequest,
        other => other,
    };
    if let Some(map) = context.as_object_mut() {
        map.insert("subject".to_string(), serde_json::json!({"kind": subject.id(), "title": subject.title()}));
    }
    let text = template.render(&context)?;
    Ok(Letter { text, missing })
}

/// Renders the retro-authorization request letter for `case`, dated `today`
/// (the same as `render(LetterKind::RetroAuthRequest, case, today)`).
pub fn render_letter(case: &Case, today: NaiveDate) -> Result<Letter, TemplateError> {
    render(LetterKind::RetroAuthRequest, case, today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_parses_and_renders_an_empty_case() {
        let today = NaiveDate::from_ymd_opt(2025, 1, 2).unwrap_or_default();
        for &kind in LetterKind::ALL {
            let letter = render(kind, &Case::default(), today);
            assert!(letter.is_ok(), "{kind:?}: {:?}", letter.err());
            let Ok(letter) = letter else { continue };
            assert!(letter.text.contains("[MISSING:"), "{kind:?}");
            assert!(letter.text.contains(kind.title()), "{kind:?}");
        }
    }
}
