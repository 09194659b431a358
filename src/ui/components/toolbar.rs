//! Open / save the case file, start over, clear everything, and build the PDF packet; the
//! in-page confirmation every destructive action goes through (asked only when there is
//! something to lose).

use crate::core::model::Case;
use crate::ui::AppContext;
use crate::ui::analysis::Analysis;
use crate::ui::analysis::AnalysisContext;
use crate::ui::state::{Action, Banner, BannerKind, Confirm};
use crate::web::{download, files};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Properties of [`Toolbar`].
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// The letter as it will go into the packet.
    pub letter: AttrValue,
    /// The request date, `YYYY-MM-DD`.
    pub today: AttrValue,
    /// Number of `[MISSING: …]` inputs of the generated letter.
    #[prop_or_default]
    pub missing: usize,
}

/// Validation errors of the analysed case (the same count the widget reports).
pub fn error_count(analysis: Option<&Analysis>) -> usize {
    analysis.map_or(0, |a| a.data_counts().0)
}

/// The packet button: builds the packet, or first asks "Build a draft?" while validation
/// errors or `[MISSING: …]` inputs remain (the packet is then stamped DRAFT).
pub fn request_packet(state: &AppContext, analysis: Option<&Analysis>, missing: usize, letter: String, today: String) {
    if state.building_packet {
        return;
    }
    match Confirm::before_packet(error_count(analysis), missing) {
        Some(confirm) => {
            state.dispatch(Action::Ask(confirm));
            crate::web::dom::focus_later("#confirm-yes");
        }
        None => crate::ui::packet::generate(state, letter, today),
    }
}

fn error_action(text: String) -> Action {
    Action::Notify(Banner { kind: BannerKind::Error, text })
}

/// The main actions.
#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let Some(state) = use_context::<AppContext>() else { return html! {} };

    let on_open = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = files::first_file(&input) else { return };
            // Allow opening the same file again later.
            input.set_value("");
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let file_name = file.name();
                let action = match files::read_text(&file).await {
                    Err(message) => {
                        error_action(format!("Could not open {file_name}: {message}. Your current case is unchanged."))
                    }
                    // Replacing unsaved work asks first (the case stays until the answer).
                    Ok(text) => match Case::from_json(&text) {
                        Ok(case) => {
                            crate::web::dom::focus_later("#confirm-yes");
                            Action::OpenRequested { case: Box::new(case), file_name }
                        }
                        Err(error) => error_action(format!(
                            "Could not open {file_name}: {error}. Your current case is unchanged."
                        )),
                    },
                };
                dispatcher.dispatch(action);
            });
        })
    };

    let on_import = {
        let dispatcher = state.dispatcher();
        let open = state.import.open;
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(Action::ShowImport(!open));
            if !open {
                crate::web::dom::focus_later("#import-h");
            }
        })
    };

    let on_save = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let json = state.case.to_json_pretty();
            let name = state.file_name.clone().unwrap_or_else(|| "retroauth-case.json".to_string());
            if download::download_bytes(json.as_bytes(), "application/json", &name).is_err() {
                state.dispatch(error_action("The case file could not be saved.".to_string()));
            } else {
                state.dispatch(Action::Saved);
            }
        })
    };

    let ask = |action: Action| {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(action.clone());
            crate::web::dom::focus_later("#confirm-yes");
        })
    };

    let analysis = use_context::<AnalysisContext>();
    let on_packet = {
        let state = state.clone();
        let letter = props.letter.clone();
        let today = props.today.clone();
        let missing = props.missing;
        Callback::from(move |_: MouseEvent| {
            request_packet(&state, analysis.as_deref(), missing, letter.to_string(), today.to_string())
        })
    };

    html! {
        <div class="toolbar" role="toolbar" aria-label="Case actions">
            <input id="open-case" class="visually-hidden" type="file" accept=".json,application/json" onchange={on_open} />
            <label class="button" for="open-case">{ "Open case file…" }</label>
            <button type="button" id="save-case" onclick={on_save}>{ "Save case file" }</button>
            <button type="button" id="import-open" aria-expanded={state.import.open.to_string()} aria-controls="import-panel"
                onclick={on_import}>{ "Import 835 / 837 / FHIR…" }</button>
            <button type="button" id="new-case" onclick={ask(Action::NewCaseRequested)}>{ "New case" }</button>
            <button type="button" id="clear-all" onclick={ask(Action::Ask(Confirm::ClearAll))}>{ "Clear all data" }</button>
            <button type="button" id="make-pdf" class="primary" onclick={on_packet} disabled={state.building_packet}
                aria-busy={state.building_packet.to_string()}>
                { if state.building_packet { "Building packet…" } else { "Generate packet" } }
            </button>
        </div>
    }
}

/// Properties of [`ConfirmBar`].
#[derive(Properties, PartialEq)]
pub struct ConfirmBarProps {
    /// Called when the user confirms "Clear all data" (the app wipes storage and caches).
    pub on_clear_all: Callback<()>,
    /// The letter as it will go into the packet (for "Build a draft?").
    #[prop_or_default]
    pub letter: AttrValue,
    /// The request date, `YYYY-MM-DD` (for "Build a draft?").
    #[prop_or_default]
    pub today: AttrValue,
}

/// The in-page confirmation for destructive actions (no blocking browser dialog: the app may
/// be embedded in a portal).
#[component]
pub fn ConfirmBar(props: &ConfirmBarProps) -> Html {
    let Some(state) = use_context::<AppContext>() else { return html! {} };
    let Some(confirm) = state.confirm else { return html! {} };
    let (question, yes) = confirm.question();
    let on_yes = {
        let state = state.clone();
        let on_clear_all = props.on_clear_all.clone();
        let letter = props.letter.clone();
        let today = props.today.clone();
        Callback::from(move |_: MouseEvent| match confirm {
            Confirm::NewCase => state.dispatch(Action::NewCase),
            Confirm::ClearAll => {
                state.dispatch(Action::ClearAll);
                on_clear_all.emit(());
            }
            Confirm::OpenCase | Confirm::StartImported => state.dispatch(Action::ConfirmOpen),
            Confirm::ResetLetter => state.dispatch(Action::ResetLetter),
            Confirm::DraftPacket { .. } => {
                state.dispatch(Action::CancelConfirm);
                crate::ui::packet::generate(&state, letter.to_string(), today.to_string());
            }
        })
    };
    let on_no = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::CancelConfirm))
    };
    html! {
        <div class="confirm" role="alertdialog" aria-labelledby="confirm-q" id="confirm">
            <p id="confirm-q">{ question }</p>
            <button type="button" id="confirm-yes" class="danger" onclick={on_yes}>{ yes }</button>
            <button type="button" id="confirm-no" onclick={on_no}>{ "Cancel" }</button>
        </div>
    }
}
