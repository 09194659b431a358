//! Embedding, the app side: what the host page's handle (`prefill`, `validate`,
//! `generatePdf`, `reset`, `destroy`, exported by the `retroauth-web` binary) reaches.
//!
//! The app registers its state here on every render ([`sync`]); the host's calls dispatch the
//! app's [`Action`]s on it. The events going the other way, and the objects the host receives,
//! are the DOM side's (`crate::web::widget`). Only one app is mounted per page (one bridge).

use crate::core::model::Case;
use crate::ui::packet::PACKET_FILE_NAME;
use crate::ui::state::{Action, AppState};
use crate::web::widget::{Complete, pdf_blob, summary};
use crate::web::{analysis_client, packet_client, to_js};
use std::cell::RefCell;
use wasm_bindgen::JsValue;

/// What the host can reach: the app's state and what the packet would be built from.
#[derive(Default)]
struct Bridge {
    /// The app's state handle, refreshed on every render.
    state: Option<yew::UseReducerHandle<AppState>>,
    /// The letter as it would go into the packet.
    letter: String,
    /// The request date, `YYYY-MM-DD`.
    today: String,
}

thread_local! {
    static BRIDGE: RefCell<Bridge> = RefCell::new(Bridge::default());
}

/// Called by the app on every render so the host's calls see the current state.
pub fn sync(state: yew::UseReducerHandle<AppState>, letter: String, today: String) {
    BRIDGE.with(|bridge| *bridge.borrow_mut() = Bridge { state: Some(state), letter, today });
}

/// Forgets the app (on destroy).
pub fn detach() {
    BRIDGE.with(|bridge| *bridge.borrow_mut() = Bridge::default());
}

fn mounted_state() -> Result<yew::UseReducerHandle<AppState>, String> {
    BRIDGE.with(|bridge| bridge.borrow().state.clone()).ok_or_else(|| "the app is not mounted".to_string())
}

/// Loads a case given by the host (JSON text in the exchange format, read by
/// [`Case::from_json`], whose errors name positions and fields, never values).
pub fn prefill(json: &str) -> Result<(), String> {
    let case = Case::from_json(json).map_err(|e| format!("prefill: {e}"))?;
    let state = mounted_state()?;
    state.dispatch(Action::Opened { case: Box::new(case), file_name: "retroauth-case.json".to_string() });
    Ok(())
}

/// The summary (`crate::web::widget::Summary`) of the case as it is now: analysed afresh, so
/// a call right after `prefill` sees the prefilled case.
pub async fn validate() -> Result<JsValue, String> {
    let state = mounted_state()?;
    let today = BRIDGE.with(|bridge| bridge.borrow().today.clone());
    let analysis = analysis_client::analyze(&state.case.to_json_pretty(), &today).await?;
    Ok(summary(&analysis))
}

/// Clears everything the app holds.
pub fn reset() {
    if let Ok(state) = mounted_state() {
        state.dispatch(Action::ClearAll);
    }
}

/// Builds the packet for the current state; resolves with `{pdf: Blob, sha256, filename}`.
pub async fn generate_pdf() -> Result<JsValue, String> {
    let state = mounted_state()?;
    let (letter, today) = BRIDGE.with(|bridge| {
        let bridge = bridge.borrow();
        (bridge.letter.clone(), bridge.today.clone())
    });
    let attachments: Vec<packet_client::Attachment> = state
        .attachments
        .iter()
        .map(|a| packet_client::Attachment { name: a.name.clone(), bytes: a.bytes.clone() })
        .collect();
    let packet =
        packet_client::build_packet(&state.case.to_json_pretty(), &letter, &today, "letter", &attachments).await?;
    let pdf = pdf_blob(&packet.bytes).map_err(|_| "the PDF could not be handed over".to_string())?;
    Ok(to_js(&Complete { pdf, sha256: &packet.sha256, filename: PACKET_FILE_NAME }))
}
