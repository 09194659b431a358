//! The request letter: a strict template (`templates/letters/`) filled from the case.
//!
//! Every fact in the letter comes from an input field. A missing input becomes a visible
//! `[MISSING: …]` placeholder in the text *and* an entry in [`Letter::missing`], never blank
//! text. Values are substituted, never evaluated (see [`template`]).

mod context;
pub mod template;

pub use context::{MissingInput, letter_context};

use crate::core::model::Case;
use chrono::NaiveDate;
use template::{Template, TemplateError};

/// The retro-authorization request letter template, embedded at build time.
pub const RETRO_AUTH_REQUEST: &str = include_str!("../../../templates/letters/retro_auth_request.txt");

/// A rendered letter.
#[derive(Debug, Clone, PartialEq)]
pub struct Letter {
    /// Plain text, one paragraph per line.
    pub text: String,
    /// Inputs the letter needed but the case does not have, in letter order.
    pub missing: Vec<MissingInput>,
}

/// Renders the retro-authorization request letter for `case`, dated `today`.
///
/// Fails only if the embedded template is broken, which the test suite rules out; callers
/// should still show the error rather than panic.
pub fn render_letter(case: &Case, today: NaiveDate) -> Result<Letter, TemplateError> {
    let template = Template::parse(RETRO_AUTH_REQUEST)?;
    let (context, missing) = letter_context(case, today);
    let text = template.render(&context)?;
    Ok(Letter { text, missing })
}
