//! Open / save the case file, start over, and build the PDF packet.

use crate::core::model::Case;
use crate::ui::AppContext;
use crate::ui::state::{Action, Banner, BannerKind, PacketInfo};
use crate::web::{download, files, packet_client};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Properties of [`Toolbar`].
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// The letter as it will go into the packet.
    pub letter: AttrValue,
    /// The request date, `YYYY-MM-DD`.
    pub today: AttrValue,
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
                    Ok(text) => match Case::from_json(&text) {
                        Ok(case) => Action::Opened { case: Box::new(case), file_name },
                        Err(error) => error_action(format!(
                            "Could not open {file_name}: {error}. Your current case is unchanged."
                        )),
                    },
                };
                dispatcher.dispatch(action);
            });
        })
    };

    let on_save = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let json = state.case.to_json_pretty();
            let name = state.file_name.clone().unwrap_or_else(|| "retroauth-case.json".to_string());
            if download::download_bytes(json.as_bytes(), "application/json", &name).is_err() {
                state.dispatch(error_action("The case file could not be saved.".to_string()));
            }
        })
    };

    let on_new = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| {
            let confirmed = web_sys::window()
                .and_then(|w| w.confirm_with_message("Start a new case? Anything not saved will be cleared.").ok())
                .unwrap_or(false);
            if confirmed {
                dispatcher.dispatch(Action::NewCase);
            }
        })
    };

    let on_packet = {
        let state = state.clone();
        let letter = props.letter.clone();
        let today = props.today.clone();
        Callback::from(move |_: MouseEvent| {
            if state.building_packet {
                return;
            }
            let case_json = state.case.to_json_pretty();
            let letter = letter.to_string();
            let today = today.to_string();
            let dispatcher = state.dispatcher();
            dispatcher.dispatch(Action::PacketStarted);
            wasm_bindgen_futures::spawn_local(async move {
                match packet_client::build_packet(&case_json, &letter, &today, "letter").await {
                    Ok(packet) => {
                        let info = PacketInfo {
                            page_count: packet.page_count,
                            sha256: packet.sha256.clone(),
                            n_bytes: packet.bytes.len(),
                        };
                        match download::download_bytes(&packet.bytes, "application/pdf", "retro-auth-request.pdf") {
                            Ok(()) => dispatcher.dispatch(Action::PacketReady(info)),
                            Err(_) => dispatcher
                                .dispatch(Action::PacketFailed("the download could not be started".to_string())),
                        }
                    }
                    Err(message) => dispatcher.dispatch(Action::PacketFailed(message)),
                }
            });
        })
    };

    html! {
        <div class="toolbar" role="toolbar" aria-label="Case actions">
            <input id="open-case" class="visually-hidden" type="file" accept=".json,application/json" onchange={on_open} />
            <label class="button" for="open-case">{ "Open case file…" }</label>
            <button type="button" id="save-case" onclick={on_save}>{ "Save case file" }</button>
            <button type="button" id="new-case" onclick={on_new}>{ "Start a new case" }</button>
            <button type="button" id="make-pdf" class="primary" onclick={on_packet} disabled={state.building_packet}
                aria-busy={state.building_packet.to_string()}>
                { if state.building_packet { "Building packet…" } else { "Download PDF packet" } }
            </button>
            if let Some(info) = &state.last_packet {
                <p class="packet-info" id="packet-info">
                    { format!("Last packet: {} pages, {} KB. SHA-256 ", info.page_count, info.n_bytes.div_ceil(1024)) }
                    <code id="packet-sha256">{ info.sha256.clone() }</code>
                </p>
            }
        </div>
    }
}

fn error_action(text: String) -> Action {
    Action::Notify(Banner { kind: BannerKind::Error, text })
}
