//! The app state and its reducer. Plain data and pure transitions: no browser calls, no
//! storage, no logging (the side effects live in components and `web`).

use crate::core::form::{self, Field};
use crate::core::model::{Case, Lenient, Note, ServiceLine};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::Reducible;

/// A message shown in the status area (announced to screen readers).
#[derive(Debug, Clone, PartialEq)]
pub struct Banner {
    /// Error (blocking) or information.
    pub kind: BannerKind,
    /// The text; never contains patient data.
    pub text: String,
}

/// The kind of a [`Banner`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BannerKind {
    /// Something failed; the user's data is untouched.
    Error,
    /// Something succeeded.
    Info,
}

/// The last packet built in this session (metadata only; the bytes went to the download).
#[derive(Debug, Clone, PartialEq)]
pub struct PacketInfo {
    /// Number of pages.
    pub page_count: u32,
    /// SHA-256 of the PDF, hex.
    pub sha256: String,
    /// Size in bytes.
    pub n_bytes: usize,
}

/// Everything the app shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// The case being edited.
    pub case: Case,
    /// What the user typed into each field, exactly. Shown instead of the model's formatting so
    /// typing "125.50" or "RT," is never rewritten under the cursor.
    pub typed: BTreeMap<Field, String>,
    /// Bumped on every change of `case`; cheap dependency for memoised views.
    pub revision: u64,
    /// The status line.
    pub banner: Option<Banner>,
    /// A packet is being built.
    pub building_packet: bool,
    /// The last packet built.
    pub last_packet: Option<PacketInfo>,
    /// The name of the case file that was opened, for "Save".
    pub file_name: Option<String>,
}

impl Default for AppState {
    fn default() -> Self {
        AppState {
            case: Case::new_empty(),
            typed: BTreeMap::new(),
            revision: 0,
            banner: None,
            building_packet: false,
            last_packet: None,
            file_name: None,
        }
    }
}

impl AppState {
    /// The text to show in a field: what was typed, else the model's value.
    pub fn text(&self, field: Field) -> String {
        match self.typed.get(&field) {
            Some(text) => text.clone(),
            None => form::get_text(&self.case, field),
        }
    }
}

/// Everything that can happen.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The user typed into a field.
    Edit(Field, String),
    /// Add an empty service line.
    AddLine,
    /// Remove service line `n` (0-based).
    RemoveLine(usize),
    /// Add an empty diagnosis.
    AddDiagnosis,
    /// Remove diagnosis `n` (0-based).
    RemoveDiagnosis(usize),
    /// Add an empty note.
    AddNote,
    /// Remove note `n` (0-based).
    RemoveNote(usize),
    /// The text of a `text_file` note was read from the file the user chose.
    NoteTextLoaded(usize, String),
    /// A case file was opened and parsed.
    Opened {
        /// The parsed case.
        case: Box<Case>,
        /// The file's name.
        file_name: String,
    },
    /// Start over with an empty case.
    NewCase,
    /// Show a message.
    Notify(Banner),
    /// Hide the message.
    DismissBanner,
    /// The packet worker was asked for a packet.
    PacketStarted,
    /// The packet arrived.
    PacketReady(PacketInfo),
    /// The packet could not be built (message has no patient data).
    PacketFailed(String),
}

/// Structural edits shift list indexes; forget typed text of list fields so nothing is shown
/// against the wrong row.
fn forget_list_fields(typed: &mut BTreeMap<Field, String>) {
    typed.retain(|field, _| {
        !matches!(field, Field::Line(..) | Field::Diagnosis(_) | Field::NoteType(_) | Field::NoteText(_))
    });
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let mut case_changed = true;
        match action {
            Action::Edit(field, text) => {
                form::set_text(&mut next.case, field, &text);
                next.typed.insert(field, text);
            }
            Action::AddLine => {
                next.case.claim.claim.lines.push(ServiceLine { units: Lenient::Valid(1), ..ServiceLine::default() });
            }
            Action::RemoveLine(idx) => {
                if idx < next.case.claim.claim.lines.len() {
                    next.case.claim.claim.lines.remove(idx);
                    forget_list_fields(&mut next.typed);
                }
            }
            Action::AddDiagnosis => next.case.claim.claim.diagnoses.push(String::new()),
            Action::RemoveDiagnosis(idx) => {
                if idx < next.case.claim.claim.diagnoses.len() {
                    next.case.claim.claim.diagnoses.remove(idx);
                    forget_list_fields(&mut next.typed);
                }
            }
            Action::AddNote => next.case.notes.push(Note {
                note_type: "progress_note".to_string(),
                text: Some(String::new()),
                ..Note::default()
            }),
            Action::RemoveNote(idx) => {
                if idx < next.case.notes.len() {
                    next.case.notes.remove(idx);
                    forget_list_fields(&mut next.typed);
                }
            }
            Action::NoteTextLoaded(idx, text) => {
                if let Some(note) = next.case.notes.get_mut(idx) {
                    note.text = Some(text);
                    next.typed.remove(&Field::NoteText(idx));
                }
            }
            Action::Opened { case, file_name } => {
                next.case = *case;
                next.typed.clear();
                next.file_name = Some(file_name);
                next.last_packet = None;
                next.banner = Some(Banner { kind: BannerKind::Info, text: "Case file opened.".to_string() });
            }
            Action::NewCase => {
                next = AppState { revision: self.revision, ..AppState::default() };
                next.banner = Some(Banner { kind: BannerKind::Info, text: "Started a new case.".to_string() });
            }
            Action::Notify(banner) => {
                next.banner = Some(banner);
                case_changed = false;
            }
            Action::DismissBanner => {
                next.banner = None;
                case_changed = false;
            }
            Action::PacketStarted => {
                next.building_packet = true;
                next.banner = Some(Banner { kind: BannerKind::Info, text: "Building the packet…".to_string() });
                case_changed = false;
            }
            Action::PacketReady(info) => {
                next.building_packet = false;
                next.banner = Some(Banner {
                    kind: BannerKind::Info,
                    text: format!("Packet ready: {} pages. The download has started.", info.page_count),
                });
                next.last_packet = Some(info);
                case_changed = false;
            }
            Action::PacketFailed(message) => {
                next.building_packet = false;
                next.banner =
                    Some(Banner { kind: BannerKind::Error, text: format!("The packet could not be built: {message}") });
                case_changed = false;
            }
        }
        if case_changed {
            next.revision = self.revision.wrapping_add(1);
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::form::LineField;

    fn apply(state: Rc<AppState>, action: Action) -> Rc<AppState> {
        state.reduce(action)
    }

    #[test]
    fn typed_text_is_shown_verbatim() {
        let state =
            apply(Rc::new(AppState::default()), Action::Edit(Field::Line(0, LineField::Charge), "125.50".into()));
        assert_eq!(state.text(Field::Line(0, LineField::Charge)), "125.50");
        assert_eq!(form::get_text(&state.case, Field::Line(0, LineField::Charge)), "125.5");
        assert_eq!(state.revision, 1);
    }

    #[test]
    fn removing_a_line_forgets_stale_typed_text() {
        let mut state = Rc::new(AppState::default());
        state = apply(state, Action::AddLine);
        state = apply(state, Action::Edit(Field::Line(1, LineField::Code), "99213".into()));
        state = apply(state, Action::RemoveLine(0));
        assert_eq!(state.case.claim.claim.lines.len(), 1);
        assert_eq!(state.text(Field::Line(0, LineField::Code)), "99213");
        state = apply(state, Action::RemoveLine(7));
        assert_eq!(state.case.claim.claim.lines.len(), 1);
    }

    #[test]
    fn messages_do_not_bump_the_revision() {
        let state = apply(Rc::new(AppState::default()), Action::PacketFailed("x".into()));
        assert_eq!(state.revision, 0);
        assert!(!state.building_packet);
    }
}
