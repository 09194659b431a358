//! The app state and its reducer. Plain data and pure transitions: no browser calls, no
//! storage, no logging (the side effects live in components and `web`).

use crate::core::form::{self, Field};
use crate::core::import::many::{BatchSummary, CaseDetail, ClaimSummary};
use crate::core::model::{Case, Lenient, Note, ServiceLine};
use crate::ui::steps::Step;
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

/// The last packet built in this session.
#[derive(Debug, Clone, PartialEq)]
pub struct PacketInfo {
    /// Number of pages.
    pub page_count: u32,
    /// SHA-256 of the PDF, hex.
    pub sha256: String,
    /// Size in bytes.
    pub n_bytes: usize,
    /// A `blob:` URL of the PDF for the in-page preview (revoked when replaced or cleared).
    pub url: Option<String>,
    /// Warnings from the packet engine (no patient data).
    pub warnings: Vec<String>,
}

/// A file the user attached to the packet (kept in memory only; never saved or sent).
#[derive(Debug, Clone, PartialEq)]
pub struct AttachmentFile {
    /// The file's name as chosen.
    pub name: String,
    /// The bytes.
    pub bytes: Rc<Vec<u8>>,
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
    /// The step of the guided flow on screen.
    pub step: Step,
    /// The letter as the user edited it; `None` means "use the generated letter".
    pub letter_edit: Option<String>,
    /// Files to append to the packet, in order.
    pub attachments: Vec<AttachmentFile>,
    /// A confirmation the user has to answer (new case, clear all data), if showing.
    pub confirm: Option<Confirm>,
    /// Encrypted drafts on this device.
    pub drafts: DraftsStatus,
    /// The import panel (835 / 837 / FHIR files).
    pub import: ImportState,
    /// How the current case was imported (shown until dismissed or the case is replaced).
    pub imported: Option<Rc<CaseDetail>>,
}

/// The import panel: open or not, an import running, its result.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportState {
    /// The panel is showing.
    pub open: bool,
    /// An import is running: its progress.
    pub running: Option<ImportProgress>,
    /// The last import's listing (the full cases stay in the import worker).
    pub result: Option<Rc<BatchSummary>>,
    /// Its claims offered as new cases (split once, when the import ends).
    pub offered: Rc<Vec<ClaimSummary>>,
    /// Its other claims.
    pub others: Rc<Vec<ClaimSummary>>,
    /// Why the last import failed as a whole (no patient data).
    pub error: Option<String>,
}

/// Progress of a running import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportProgress {
    /// 0-based index of the file being read.
    pub file: usize,
    /// Number of files.
    pub files: usize,
    /// Bytes read over all files.
    pub bytes_done: usize,
    /// Bytes of all files.
    pub bytes_total: usize,
    /// Claims read so far.
    pub cases: usize,
}

impl ImportProgress {
    /// Percent done, 0–100.
    pub fn percent(&self) -> usize {
        (self.bytes_done.min(self.bytes_total) * 100).checked_div(self.bytes_total).unwrap_or(0)
    }
}

/// Whether the user keeps an encrypted draft on this device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DraftsStatus {
    /// Nothing is stored (the default).
    #[default]
    Off,
    /// A draft is stored and locked; the case is not in memory.
    Locked,
    /// Drafts are on and unlocked; every change is saved encrypted.
    On,
}

/// A destructive action waiting for the user's confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// Start a new, empty case.
    NewCase,
    /// Forget the case, drafts on this device and cached packets.
    ClearAll,
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
            step: Step::Patient,
            letter_edit: None,
            attachments: Vec::new(),
            confirm: None,
            drafts: DraftsStatus::Off,
            import: ImportState::default(),
            imported: None,
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
    /// Show a step of the guided flow.
    GoTo(Step),
    /// The user edited the letter text.
    EditLetter(String),
    /// Drop the user's letter edits and use the generated letter again.
    ResetLetter,
    /// Files were attached (already size- and type-checked).
    Attach(Vec<AttachmentFile>),
    /// Remove attachment `n`.
    RemoveAttachment(usize),
    /// Move attachment `n` one place up.
    MoveAttachmentUp(usize),
    /// Ask for confirmation before a destructive action.
    Ask(Confirm),
    /// Keep the data after all.
    CancelConfirm,
    /// Forget the case, the letter edits, the attachments and the packet.
    ClearAll,
    /// Drafts were turned on or off.
    SetDrafts(DraftsStatus),
    /// Lock the draft: wipe the case from memory (the encrypted draft stays).
    Lock,
    /// Show or hide the import panel.
    ShowImport(bool),
    /// An import of `files` files started.
    ImportStarted(usize),
    /// The import worker reported progress.
    ImportProgressed(ImportProgress),
    /// The import finished.
    ImportDone(Rc<BatchSummary>),
    /// The import failed as a whole (message without patient data).
    ImportFailed(String),
    /// The biller started a case from an imported claim.
    StartImported(Rc<CaseDetail>),
    /// Hide the import report of the current case.
    DismissImported,
    /// A draft was unlocked.
    Unlocked {
        /// The case it held.
        case: Box<Case>,
        /// The letter edits it held.
        letter_edit: Option<String>,
    },
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
                next.letter_edit = None;
                // Attachments and the import report belonged to the case this one replaces.
                next.attachments.clear();
                next.imported = None;
                next.banner = Some(Banner { kind: BannerKind::Info, text: "Case file opened.".to_string() });
            }
            Action::NewCase => {
                // The import listing stays: the biller may start the next claim of the same file.
                next = AppState {
                    revision: self.revision,
                    drafts: self.drafts,
                    import: self.import.clone(),
                    ..AppState::default()
                };
                next.banner = Some(Banner { kind: BannerKind::Info, text: "Started a new case.".to_string() });
            }
            Action::SetDrafts(status) => {
                next.drafts = status;
                next.banner = Some(Banner {
                    kind: BannerKind::Info,
                    text: match status {
                        DraftsStatus::On => "Drafts are on: this case is kept on this device, encrypted.".to_string(),
                        DraftsStatus::Off => "Drafts are off: nothing is kept on this device.".to_string(),
                        DraftsStatus::Locked => "The draft is locked.".to_string(),
                    },
                });
                case_changed = false;
            }
            Action::Lock => {
                next = AppState { revision: self.revision, drafts: DraftsStatus::Locked, ..AppState::default() };
                next.banner = Some(Banner {
                    kind: BannerKind::Info,
                    text: "The draft was locked and the page cleared.".to_string(),
                });
            }
            Action::Unlocked { case, letter_edit } => {
                next = AppState { revision: self.revision, drafts: DraftsStatus::On, ..AppState::default() };
                next.case = *case;
                next.letter_edit = letter_edit;
                next.banner = Some(Banner { kind: BannerKind::Info, text: "Draft unlocked.".to_string() });
            }
            Action::ClearAll => {
                next = AppState { revision: self.revision, ..AppState::default() };
                next.banner =
                    Some(Banner { kind: BannerKind::Info, text: "All data was cleared from this page.".to_string() });
            }
            Action::ShowImport(open) => {
                next.import.open = open;
                case_changed = false;
            }
            Action::ImportStarted(files) => {
                next.import = ImportState {
                    open: true,
                    running: Some(ImportProgress { files, ..ImportProgress::default() }),
                    ..ImportState::default()
                };
                case_changed = false;
            }
            Action::ImportProgressed(progress) => {
                if next.import.running.is_some() {
                    next.import.running = Some(progress);
                }
                case_changed = false;
            }
            Action::ImportDone(summary) => {
                next.import.running = None;
                next.import.error = None;
                let (offered, others): (Vec<ClaimSummary>, Vec<ClaimSummary>) =
                    summary.claims.iter().cloned().partition(|c| c.offered);
                next.import.offered = Rc::new(offered);
                next.import.others = Rc::new(others);
                next.import.result = Some(summary);
                case_changed = false;
            }
            Action::ImportFailed(message) => {
                next.import.running = None;
                next.import.error = Some(message);
                case_changed = false;
            }
            Action::StartImported(detail) => {
                next.case = detail.case.clone();
                next.typed.clear();
                next.file_name = Some(format!("{}.json", detail.case.case_id));
                next.last_packet = None;
                next.letter_edit = None;
                next.attachments.clear();
                next.step = Step::Patient;
                next.import.open = false;
                next.banner = Some(Banner {
                    kind: BannerKind::Info,
                    text: "Started a case from the imported claim. Complete the fields listed under \"Imported\"."
                        .to_string(),
                });
                next.imported = Some(detail);
            }
            Action::DismissImported => {
                next.imported = None;
                case_changed = false;
            }
            Action::Ask(confirm) => {
                next.confirm = Some(confirm);
                case_changed = false;
            }
            Action::CancelConfirm => {
                next.confirm = None;
                case_changed = false;
            }
            Action::GoTo(step) => {
                next.step = step;
                case_changed = false;
            }
            Action::EditLetter(text) => {
                next.letter_edit = Some(text);
                case_changed = false;
            }
            Action::ResetLetter => {
                next.letter_edit = None;
                case_changed = false;
            }
            Action::Attach(files) => {
                next.attachments.extend(files);
                case_changed = false;
            }
            Action::RemoveAttachment(idx) => {
                if idx < next.attachments.len() {
                    next.attachments.remove(idx);
                }
                case_changed = false;
            }
            Action::MoveAttachmentUp(idx) => {
                if idx > 0 && idx < next.attachments.len() {
                    next.attachments.swap(idx - 1, idx);
                }
                case_changed = false;
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
                    text: format!(
                        "Packet ready: {} pages. The download has started; a preview is on the Review step.",
                        info.page_count
                    ),
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
    fn clearing_forgets_everything() {
        let mut state = Rc::new(AppState::default());
        state = apply(state, Action::Edit(Field::PatientLastName, "Doe".into()));
        state = apply(state, Action::EditLetter("edited".into()));
        state = apply(state, Action::Attach(vec![AttachmentFile { name: "a.pdf".into(), bytes: Rc::new(vec![1]) }]));
        state = apply(state, Action::Ask(Confirm::ClearAll));
        assert_eq!(state.confirm, Some(Confirm::ClearAll));
        state = apply(state, Action::ClearAll);
        assert_eq!(state.case, Case::new_empty());
        assert!(state.typed.is_empty() && state.letter_edit.is_none() && state.attachments.is_empty());
        assert_eq!(state.confirm, None);
        assert!(state.revision > 0, "views keyed on the revision must refresh");
    }

    #[test]
    fn letter_edits_survive_case_edits() {
        let mut state = Rc::new(AppState::default());
        state = apply(state, Action::EditLetter("my letter".into()));
        state = apply(state, Action::Edit(Field::PatientLastName, "Doe".into()));
        assert_eq!(state.letter_edit.as_deref(), Some("my letter"));
    }

    #[test]
    fn attachments_reorder_and_remove() {
        let file = |name: &str| AttachmentFile { name: name.into(), bytes: Rc::new(vec![]) };
        let mut state = Rc::new(AppState::default());
        state = apply(state, Action::Attach(vec![file("a"), file("b"), file("c")]));
        state = apply(state, Action::MoveAttachmentUp(2));
        state = apply(state, Action::RemoveAttachment(0));
        state = apply(state, Action::MoveAttachmentUp(0));
        state = apply(state, Action::RemoveAttachment(9));
        let names: Vec<&str> = state.attachments.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["c", "b"]);
    }

    #[test]
    fn an_imported_claim_replaces_the_case_and_its_attachments() {
        use crate::core::import::many::{BatchSummary, CaseDetail, ClaimSummary};
        let mut state = Rc::new(AppState::default());
        state =
            apply(state, Action::Attach(vec![AttachmentFile { name: "other.pdf".into(), bytes: Rc::new(vec![1]) }]));
        state = apply(state, Action::EditLetter("letter for the previous patient".into()));
        state = apply(state, Action::ImportStarted(2));
        assert!(state.import.open && state.import.running.is_some_and(|p| p.files == 2));
        let progress = ImportProgress { file: 1, files: 2, bytes_done: 50, bytes_total: 200, cases: 7 };
        state = apply(state, Action::ImportProgressed(progress));
        assert_eq!(state.import.running.map(|p| p.percent()), Some(25));
        state = apply(state, Action::ImportDone(Rc::new(BatchSummary::default())));
        assert!(state.import.running.is_none() && state.import.result.is_some());
        // Late progress after the end is ignored.
        state = apply(state, Action::ImportProgressed(progress));
        assert!(state.import.running.is_none());
        let revision = state.revision;
        let mut detail = CaseDetail { file_name: "era.835".into(), ..CaseDetail::default() };
        detail.case.case_id = "PSA-1".into();
        detail.case.claim.patient.last_name = "Doe".into();
        state = apply(state, Action::StartImported(Rc::new(detail)));
        assert_eq!(state.case.claim.patient.last_name, "Doe");
        assert!(state.attachments.is_empty() && state.letter_edit.is_none(), "nothing of the previous case stays");
        assert_eq!(state.file_name.as_deref(), Some("PSA-1.json"));
        assert!(state.revision > revision && state.imported.is_some() && !state.import.open);
        assert!(!state.banner.as_ref().unwrap().text.contains("Doe"), "no patient data in messages");
        // A new case keeps the listing (next claim of the same file) but not the import report.
        state = apply(state, Action::NewCase);
        assert!(state.import.result.is_some() && state.imported.is_none());
        state = apply(state, Action::ClearAll);
        assert_eq!(state.import, ImportState::default());
    }

    #[test]
    fn messages_do_not_bump_the_revision() {
        let state = apply(Rc::new(AppState::default()), Action::PacketFailed("x".into()));
        assert_eq!(state.revision, 0);
        assert!(!state.building_packet);
    }
}
