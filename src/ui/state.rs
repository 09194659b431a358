//! The app state and its reducer. Plain data and pure transitions: no browser calls, no
//! storage, no logging (the side effects live in components and `web`).

use crate::core::form::{self, Field};
use crate::core::import::many::{BatchProgress, BatchSummary, CaseDetail, ClaimSummary};
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
    /// The case was changed since it was opened, started or last saved to a file (a fresh
    /// empty case is not unsaved). Drives the `beforeunload` prompt and the confirmations.
    pub unsaved: bool,
    /// A case file that was read and parsed but waits for "Replace the current case?".
    pub pending_open: Option<Rc<(Case, String)>>,
    /// An imported claim the biller picked, waiting for "Replace the current case?".
    pub pending_import: Option<Rc<CaseDetail>>,
    /// The last removal that can still be undone.
    pub undo: Option<Undo>,
}

/// A removal the user can take back.
#[derive(Debug, Clone, PartialEq)]
pub enum Undo {
    /// Note `index` (0-based) was removed.
    Note {
        /// Where it was.
        index: usize,
        /// The note as it was.
        note: Note,
    },
}

/// The import panel: open or not, an import running, its result.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportState {
    /// The panel is showing.
    pub open: bool,
    /// An import is running: its progress.
    pub running: Option<BatchProgress>,
    /// The last import's listing (the full cases stay in the import worker).
    pub result: Option<Rc<BatchSummary>>,
    /// Its claims offered as new cases (split once, when the import ends).
    pub offered: Rc<Vec<ClaimSummary>>,
    /// Its other claims.
    pub others: Rc<Vec<ClaimSummary>>,
    /// Why the last import failed as a whole (no patient data).
    pub error: Option<String>,
}

/// Percent of a running import done, 0–100 (by bytes read over all files).
pub fn percent(progress: &BatchProgress) -> usize {
    (progress.bytes_done.min(progress.bytes_total) * 100).checked_div(progress.bytes_total).unwrap_or(0)
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
    /// Replace the current case by the case file just read ([`AppState::pending_open`]).
    OpenCase,
    /// Replace the current case by the imported claim picked ([`AppState::pending_import`]).
    StartImported,
    /// Drop the user's letter edits and use the generated letter again.
    ResetLetter,
    /// Build a packet although the case still has errors or missing inputs (stamped DRAFT).
    DraftPacket {
        /// Validation errors.
        errors: usize,
        /// `[MISSING: …]` inputs of the letter.
        missing: usize,
    },
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

impl Confirm {
    /// The question and the label of the "yes" button (no patient data).
    pub fn question(self) -> (String, &'static str) {
        match self {
            Confirm::NewCase => (
                "Start a new case? Changes you have not saved to a file will be cleared.".to_string(),
                "Yes, start a new case",
            ),
            Confirm::ClearAll => (
                "Clear all data? This removes the case, the letter, attachments and packets from this page, any draft kept on this device, and the app's offline copy.".to_string(),
                "Yes, clear everything",
            ),
            Confirm::OpenCase => (
                "Open this case file? It replaces the current case: changes you have not saved to a file, your letter edits and the attachments will be cleared.".to_string(),
                "Yes, open it",
            ),
            Confirm::StartImported => (
                "Start a case from this claim? It replaces the current case: changes you have not saved to a file, your letter edits and the attachments will be cleared.".to_string(),
                "Yes, start from the claim",
            ),
            Confirm::ResetLetter => (
                "Use the generated letter again? Your edits to the letter will be lost.".to_string(),
                "Yes, discard my edits",
            ),
            Confirm::DraftPacket { errors, missing } => {
                let counts = match (errors, missing) {
                    (0, m) => plural(m, "missing input", "missing inputs"),
                    (e, 0) => plural(e, "error", "errors"),
                    (e, m) => format!(
                        "{} and {}",
                        plural(e, "error", "errors"),
                        plural(m, "missing input", "missing inputs")
                    ),
                };
                (
                    format!(
                        "This case has {counts}. The packet will be stamped DRAFT — not for submission. Build a draft?"
                    ),
                    "Yes, build a draft",
                )
            }
        }
    }

    /// The confirmation needed before building a packet, if any: while validation errors or
    /// `[MISSING: …]` inputs remain.
    pub fn before_packet(errors: usize, missing: usize) -> Option<Confirm> {
        (errors > 0 || missing > 0).then_some(Confirm::DraftPacket { errors, missing })
    }
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
            unsaved: false,
            pending_open: None,
            pending_import: None,
            undo: None,
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

    /// Work a reload or a replacement would lose: case changes not saved to a file, or letter
    /// edits (the case file does not hold the letter).
    pub fn has_unsaved_changes(&self) -> bool {
        self.unsaved || self.letter_edit.is_some()
    }

    /// What replacing the case (new case, open a file) would lose: unsaved changes or attachments.
    pub fn would_lose_work(&self) -> bool {
        self.has_unsaved_changes() || !self.attachments.is_empty()
    }
}

/// Whether removing `note` loses anything worth an undo (an empty new note does not).
fn note_has_content(note: &Note) -> bool {
    note.text.as_deref().is_some_and(|t| !t.trim().is_empty()) || note.text_file.is_some()
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
    /// A case file was read and parsed: open it, or ask first when that would lose work.
    OpenRequested {
        /// The parsed case.
        case: Box<Case>,
        /// The file's name.
        file_name: String,
    },
    /// The user confirmed replacing the case by the pending case file or imported claim.
    ConfirmOpen,
    /// "New case" was pressed: start over, or ask first when that would lose work.
    NewCaseRequested,
    /// Start over with an empty case.
    NewCase,
    /// The case was saved to a file (downloaded).
    Saved,
    /// Put back what [`AppState::undo`] holds.
    Undo,
    /// Hide the undo offer (the removal stays).
    DismissUndo,
    /// "Use the generated letter again" was pressed: reset, or ask first when the edited
    /// letter differs from the generated one.
    ResetLetterRequested {
        /// The letter as generated now.
        generated: String,
    },
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
    ImportProgressed(BatchProgress),
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

/// Replaces the case by an opened one; nothing of the previous case stays.
fn open_case(next: &mut AppState, case: Case, file_name: String) {
    next.case = case;
    next.typed.clear();
    next.file_name = Some(file_name);
    next.last_packet = None;
    next.letter_edit = None;
    // Attachments and the import report belonged to the case this one replaces.
    next.attachments.clear();
    next.imported = None;
    next.unsaved = false;
    next.pending_open = None;
    next.pending_import = None;
    next.undo = None;
    next.confirm = None;
    next.banner = Some(Banner { kind: BannerKind::Info, text: "Case file opened.".to_string() });
}

/// Replaces the case by an imported claim; nothing of the previous case stays.
fn start_imported(next: &mut AppState, detail: Rc<CaseDetail>) {
    next.case = detail.case.clone();
    next.typed.clear();
    next.file_name = Some(format!("{}.json", detail.case.case_id));
    next.last_packet = None;
    next.letter_edit = None;
    next.attachments.clear();
    next.step = Step::Patient;
    next.import.open = false;
    next.unsaved = false;
    next.pending_open = None;
    next.pending_import = None;
    next.undo = None;
    next.confirm = None;
    next.banner = Some(Banner {
        kind: BannerKind::Info,
        text: "Started a case from the imported claim. Complete the fields listed under \"Imported\".".to_string(),
    });
    next.imported = Some(detail);
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
        // A change the user made to the case (the case is then unsaved).
        let user_edit = matches!(
            action,
            Action::Edit(..)
                | Action::AddLine
                | Action::RemoveLine(_)
                | Action::AddDiagnosis
                | Action::RemoveDiagnosis(_)
                | Action::AddNote
                | Action::RemoveNote(_)
                | Action::Undo
                | Action::NoteTextLoaded(..)
        );
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
                } else {
                    case_changed = false;
                }
            }
            Action::AddDiagnosis => next.case.claim.claim.diagnoses.push(String::new()),
            Action::RemoveDiagnosis(idx) => {
                if idx < next.case.claim.claim.diagnoses.len() {
                    next.case.claim.claim.diagnoses.remove(idx);
                    forget_list_fields(&mut next.typed);
                } else {
                    case_changed = false;
                }
            }
            Action::AddNote => next.case.notes.push(Note {
                note_type: "progress_note".to_string(),
                text: Some(String::new()),
                ..Note::default()
            }),
            Action::RemoveNote(idx) => {
                if idx < next.case.notes.len() {
                    let note = next.case.notes.remove(idx);
                    forget_list_fields(&mut next.typed);
                    if note_has_content(&note) {
                        next.undo = Some(Undo::Note { index: idx, note });
                    }
                } else {
                    case_changed = false;
                }
            }
            Action::Undo => match next.undo.take() {
                Some(Undo::Note { index, note }) => {
                    let at = index.min(next.case.notes.len());
                    next.case.notes.insert(at, note);
                    forget_list_fields(&mut next.typed);
                    next.banner = Some(Banner { kind: BannerKind::Info, text: format!("Note {} restored.", at + 1) });
                }
                None => {
                    case_changed = false;
                }
            },
            Action::NoteTextLoaded(idx, text) => {
                if let Some(note) = next.case.notes.get_mut(idx) {
                    note.text = Some(text);
                    next.typed.remove(&Field::NoteText(idx));
                }
            }
            Action::Opened { case, file_name } => {
                open_case(&mut next, *case, file_name);
            }
            Action::OpenRequested { case, file_name } => {
                if self.would_lose_work() {
                    next.pending_open = Some(Rc::new((*case, file_name)));
                    next.confirm = Some(Confirm::OpenCase);
                    case_changed = false;
                } else {
                    open_case(&mut next, *case, file_name);
                }
            }
            Action::ConfirmOpen => match (next.pending_open.take(), next.pending_import.take()) {
                (Some(pending), _) => {
                    let (case, file_name) = (*pending).clone();
                    open_case(&mut next, case, file_name);
                }
                (None, Some(detail)) => start_imported(&mut next, detail),
                (None, None) => {
                    next.confirm = None;
                    case_changed = false;
                }
            },
            Action::NewCaseRequested if self.would_lose_work() => {
                next.confirm = Some(Confirm::NewCase);
                case_changed = false;
            }
            Action::NewCase | Action::NewCaseRequested => {
                // The import listing stays: the biller may start the next claim of the same file.
                next = AppState {
                    revision: self.revision,
                    drafts: self.drafts,
                    import: self.import.clone(),
                    ..AppState::default()
                };
                next.banner = Some(Banner { kind: BannerKind::Info, text: "Started a new case.".to_string() });
            }
            Action::Saved => {
                next.unsaved = false;
                case_changed = false;
            }
            Action::ResetLetterRequested { generated } => {
                case_changed = false;
                match &next.letter_edit {
                    Some(edited) if *edited != generated => next.confirm = Some(Confirm::ResetLetter),
                    _ => next.letter_edit = None,
                }
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
                    running: Some(BatchProgress { file: 0, files, bytes_done: 0, bytes_total: 0, cases: 0 }),
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
                // Like opening a file: replacing unsaved work asks first.
                if self.would_lose_work() {
                    next.pending_import = Some(detail);
                    next.confirm = Some(Confirm::StartImported);
                    case_changed = false;
                } else {
                    start_imported(&mut next, detail);
                }
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
                next.pending_open = None;
                next.pending_import = None;
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
                next.confirm = None;
                case_changed = false;
            }
            Action::DismissUndo => {
                next.undo = None;
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
        if case_changed && user_edit {
            next.unsaved = true;
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
    fn percent_is_by_bytes_and_bounded() {
        let at = |bytes_done, bytes_total| BatchProgress { file: 0, files: 1, bytes_done, bytes_total, cases: 0 };
        assert_eq!(percent(&at(0, 0)), 0, "nothing to read yet");
        assert_eq!(percent(&at(0, 400)), 0);
        assert_eq!(percent(&at(100, 400)), 25);
        assert_eq!(percent(&at(399, 400)), 99);
        assert_eq!(percent(&at(400, 400)), 100);
        assert_eq!(percent(&at(900, 400)), 100, "never over 100");
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
        use crate::core::import::many::{BatchSummary, CaseDetail};
        let mut state = Rc::new(AppState::default());
        state =
            apply(state, Action::Attach(vec![AttachmentFile { name: "other.pdf".into(), bytes: Rc::new(vec![1]) }]));
        state = apply(state, Action::EditLetter("letter for the previous patient".into()));
        state = apply(state, Action::ImportStarted(2));
        assert!(state.import.open && state.import.running.is_some_and(|p| p.files == 2));
        let progress = BatchProgress { file: 1, files: 2, bytes_done: 50, bytes_total: 200, cases: 7 };
        state = apply(state, Action::ImportProgressed(progress));
        assert_eq!(state.import.running.map(|p| percent(&p)), Some(25));
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
        // The attachment and the letter edits would be lost: asked first, replaced on "yes".
        assert_eq!(state.confirm, Some(Confirm::StartImported));
        assert_eq!(state.revision, revision);
        state = apply(state, Action::ConfirmOpen);
        assert_eq!(state.case.claim.patient.last_name, "Doe");
        assert!(state.attachments.is_empty() && state.letter_edit.is_none(), "nothing of the previous case stays");
        assert_eq!(state.file_name.as_deref(), Some("PSA-1.json"));
        assert!(state.revision > revision && state.imported.is_some() && !state.import.open);
        assert!(!state.banner.as_ref().unwrap().text.contains("Doe"), "no patient data in messages");
        // Starting another claim over unsaved work asks first; confirming replaces the case.
        let edited_import = apply(state.clone(), Action::Edit(Field::PatientFirstName, "Jo".into()));
        let mut other = CaseDetail::default();
        other.case.case_id = "PSA-2".into();
        other.case.claim.patient.last_name = "Roe".into();
        let asked = apply(edited_import.clone(), Action::StartImported(Rc::new(other)));
        assert_eq!(asked.confirm, Some(Confirm::StartImported));
        assert_eq!(asked.case, edited_import.case, "the current case stays until the answer");
        assert_eq!(apply(asked.clone(), Action::CancelConfirm).case, edited_import.case);
        assert!(apply(asked.clone(), Action::CancelConfirm).pending_import.is_none());
        let replaced = apply(asked, Action::ConfirmOpen);
        assert_eq!(replaced.case.claim.patient.last_name, "Roe");
        assert!(replaced.confirm.is_none() && replaced.pending_import.is_none() && !replaced.has_unsaved_changes());
        // A new case keeps the listing (next claim of the same file) but not the import report.
        state = apply(state, Action::NewCase);
        assert!(state.import.result.is_some() && state.imported.is_none());
        state = apply(state, Action::ClearAll);
        assert_eq!(state.import, ImportState::default());
    }

    fn edited() -> Rc<AppState> {
        apply(Rc::new(AppState::default()), Action::Edit(Field::PatientLastName, "Doe".into()))
    }

    fn case_named(last: &str) -> Box<Case> {
        let mut case = Case::new_empty();
        case.claim.patient.last_name = last.into();
        Box::new(case)
    }

    #[test]
    fn unsaved_means_changed_since_open_or_save() {
        let fresh = Rc::new(AppState::default());
        assert!(!fresh.has_unsaved_changes() && !fresh.would_lose_work(), "a fresh empty case is not unsaved");
        for action in [
            Action::Edit(Field::PatientFirstName, "Zoë".into()),
            Action::AddLine,
            Action::AddDiagnosis,
            Action::AddNote,
        ] {
            assert!(apply(fresh.clone(), action.clone()).has_unsaved_changes(), "{action:?}");
        }
        // Navigation, messages and no-op removals change nothing worth a prompt.
        for action in [Action::GoTo(Step::Review), Action::DismissBanner, Action::RemoveLine(9), Action::RemoveNote(5)]
        {
            assert!(!apply(fresh.clone(), action.clone()).has_unsaved_changes(), "{action:?}");
        }
        let state = apply(edited(), Action::Saved);
        assert!(!state.has_unsaved_changes(), "saved to a file");
        let state = apply(state, Action::EditLetter("my letter".into()));
        assert!(state.has_unsaved_changes(), "the case file does not hold letter edits");
        let state = apply(state, Action::Opened { case: case_named("Roe"), file_name: "b.json".into() });
        assert!(!state.has_unsaved_changes(), "just opened");
        let attached =
            apply(fresh, Action::Attach(vec![AttachmentFile { name: "a.pdf".into(), bytes: Rc::new(vec![1]) }]));
        assert!(!attached.has_unsaved_changes() && attached.would_lose_work());
        for reset in [Action::ClearAll, Action::Lock, Action::NewCase] {
            assert!(!apply(edited(), reset.clone()).has_unsaved_changes(), "{reset:?}");
        }
    }

    #[test]
    fn new_case_asks_only_when_there_is_something_to_lose() {
        let state = apply(Rc::new(AppState::default()), Action::NewCaseRequested);
        assert_eq!(state.confirm, None);
        assert_eq!(state.banner.as_ref().map(|b| b.text.as_str()), Some("Started a new case."));
        let state = apply(edited(), Action::NewCaseRequested);
        assert_eq!(state.confirm, Some(Confirm::NewCase));
        assert_eq!(state.case.claim.patient.last_name, "Doe", "nothing is cleared before the answer");
        let state = apply(state, Action::NewCase);
        assert_eq!(state.case, Case::new_empty());
        assert_eq!(state.confirm, None);
    }

    #[test]
    fn opening_a_file_over_unsaved_work_asks_first() {
        // Nothing to lose: opened at once.
        let state = apply(
            Rc::new(AppState::default()),
            Action::OpenRequested { case: case_named("Roe"), file_name: "a.json".into() },
        );
        assert_eq!(state.case.claim.patient.last_name, "Roe");
        assert!(state.confirm.is_none() && state.pending_open.is_none());
        // Unsaved edits, letter edits or attachments: ask; cancel keeps everything.
        let with_letter = apply(Rc::new(AppState::default()), Action::EditLetter("mine".into()));
        let with_file = apply(
            Rc::new(AppState::default()),
            Action::Attach(vec![AttachmentFile { name: "a.pdf".into(), bytes: Rc::new(vec![1]) }]),
        );
        for before in [edited(), with_letter, with_file] {
            let asked =
                apply(before.clone(), Action::OpenRequested { case: case_named("Roe"), file_name: "b.json".into() });
            assert_eq!(asked.confirm, Some(Confirm::OpenCase));
            assert_eq!(asked.case, before.case, "the current case stays until the answer");
            assert_eq!(asked.revision, before.revision);
            let cancelled = apply(asked.clone(), Action::CancelConfirm);
            assert!(cancelled.pending_open.is_none() && cancelled.confirm.is_none());
            assert_eq!(cancelled.case, before.case);
            assert_eq!(cancelled.letter_edit, before.letter_edit);
            assert_eq!(cancelled.attachments, before.attachments);
            let opened = apply(asked, Action::ConfirmOpen);
            assert_eq!(opened.case.claim.patient.last_name, "Roe");
            assert_eq!(opened.file_name.as_deref(), Some("b.json"));
            assert!(opened.letter_edit.is_none() && opened.attachments.is_empty() && !opened.has_unsaved_changes());
            assert!(opened.confirm.is_none() && opened.pending_open.is_none() && opened.revision > before.revision);
        }
        // A stray confirmation with nothing pending changes nothing.
        let state = apply(edited(), Action::ConfirmOpen);
        assert_eq!(state.case.claim.patient.last_name, "Doe");
    }

    #[test]
    fn a_removed_note_can_be_put_back() {
        let note = |text: &str| Note { note_type: "progress_note".into(), text: Some(text.into()), ..Note::default() };
        let texts = |state: &AppState| -> Vec<String> {
            state.case.notes.iter().map(|n| n.text.clone().unwrap_or_default()).collect()
        };
        for idx in 0..3 {
            let mut case = Case::new_empty();
            case.notes = vec![note("first 初診"), note("second <b>{{x}}</b>"), note("third 👩‍⚕️")];
            let mut state = apply(
                Rc::new(AppState::default()),
                Action::Opened { case: Box::new(case), file_name: "c.json".into() },
            );
            let before = texts(&state);
            state = apply(state, Action::RemoveNote(idx));
            assert_eq!(state.case.notes.len(), 2);
            assert!(matches!(&state.undo, Some(Undo::Note { index, .. }) if *index == idx));
            state = apply(state, Action::Edit(Field::PatientLastName, "Doe".into()));
            state = apply(state, Action::Undo);
            assert_eq!(texts(&state), before, "note {idx} restored in place, verbatim");
            assert!(state.undo.is_none());
            assert_eq!(state.banner.as_ref().map(|b| b.text.clone()), Some(format!("Note {} restored.", idx + 1)));
        }
        // An empty note (a new case has one) goes without an undo offer; a stray undo does nothing.
        let mut state = apply(Rc::new(AppState::default()), Action::AddNote);
        state = apply(state, Action::RemoveNote(0));
        assert!(state.case.notes.len() == 1 && state.undo.is_none());
        state = apply(state, Action::RemoveNote(0));
        assert!(state.case.notes.is_empty() && state.undo.is_none());
        let revision = state.revision;
        state = apply(state, Action::Undo);
        assert_eq!(state.revision, revision);
        // Replacing the case drops the offer (never restore a note into another patient's case).
        let mut case = Case::new_empty();
        case.notes = vec![note("text")];
        state = apply(state, Action::Opened { case: Box::new(case), file_name: "c.json".into() });
        state = apply(state, Action::RemoveNote(0));
        assert!(state.undo.is_some());
        for replace in [
            Action::NewCase,
            Action::ClearAll,
            Action::Lock,
            Action::Opened { case: case_named("Roe"), file_name: "r.json".into() },
        ] {
            let replaced = apply(state.clone(), replace.clone());
            assert!(replaced.undo.is_none(), "{replace:?}");
            assert_eq!(apply(replaced.clone(), Action::Undo).case, replaced.case, "{replace:?}");
        }
        assert!(apply(state, Action::DismissUndo).undo.is_none());
    }

    #[test]
    fn resetting_an_edited_letter_asks_first() {
        let generated = "Dear reviewer, [MISSING: patient name]".to_string();
        // Unedited, or edited back to the generated text: nothing to lose.
        for edit in [None, Some(generated.clone())] {
            let mut state = Rc::new(AppState::default());
            if let Some(text) = edit {
                state = apply(state, Action::EditLetter(text));
            }
            state = apply(state, Action::ResetLetterRequested { generated: generated.clone() });
            assert!(state.letter_edit.is_none() && state.confirm.is_none());
        }
        let state = apply(Rc::new(AppState::default()), Action::EditLetter("my own words".into()));
        let state = apply(state, Action::ResetLetterRequested { generated: generated.clone() });
        assert_eq!(state.confirm, Some(Confirm::ResetLetter));
        assert_eq!(state.letter_edit.as_deref(), Some("my own words"), "kept until the answer");
        assert_eq!(apply(state.clone(), Action::CancelConfirm).letter_edit.as_deref(), Some("my own words"));
        let state = apply(state, Action::ResetLetter);
        assert!(state.letter_edit.is_none() && state.confirm.is_none());
    }

    #[test]
    fn an_invalid_case_asks_before_a_draft_packet() {
        assert_eq!(Confirm::before_packet(0, 0), None);
        let cases = [
            (
                (15, 34),
                "This case has 15 errors and 34 missing inputs. The packet will be stamped DRAFT — not for submission. Build a draft?",
            ),
            ((1, 0), "This case has 1 error. The packet will be stamped DRAFT — not for submission. Build a draft?"),
            (
                (0, 1),
                "This case has 1 missing input. The packet will be stamped DRAFT — not for submission. Build a draft?",
            ),
            (
                (2, 1),
                "This case has 2 errors and 1 missing input. The packet will be stamped DRAFT — not for submission. Build a draft?",
            ),
        ];
        for ((errors, missing), text) in cases {
            let confirm = Confirm::before_packet(errors, missing).expect("asks");
            assert_eq!(confirm, Confirm::DraftPacket { errors, missing });
            assert_eq!(confirm.question().0, text);
        }
        let state = apply(Rc::new(AppState::default()), Action::Ask(Confirm::DraftPacket { errors: 1, missing: 2 }));
        assert_eq!(state.revision, 0);
        assert!(apply(state, Action::CancelConfirm).confirm.is_none());
    }

    #[test]
    fn messages_do_not_bump_the_revision() {
        let state = apply(Rc::new(AppState::default()), Action::PacketFailed("x".into()));
        assert_eq!(state.revision, 0);
        assert!(!state.building_packet);
    }
}
