//! Embedding: the link between the mounted app and the page that hosts it.
//!
//! The app is mounted by `mount(root, config)` (exported from the `retroauth-web` binary; see
//! `www/boot.js`, `www/embed.js` for `<retro-auth-request>`, and `www/embed-frame.js` for the
//! iframe mode). In widget mode the app tells its host what happens through DOM
//! `CustomEvent`s on the root element (`bubbles` and `composed`, so they leave a shadow root):
//!
//! | event | detail | patient data? |
//! |---|---|---|
//! | `retro-auth:ready` | `{version}` | no |
//! | `retro-auth:change` | `{ready, valid, errorCount, warningCount, missingCount, missingElements, profile, daysLeft}` | no |
//! | `retro-auth:complete` | `{pdf: Blob, sha256, filename}` | yes: the packet, on the user's explicit action |
//! | `retro-auth:error` | `{code, message}` | no |
//!
//! The host controls the app through the handle (`prefill`, `validate`, `generatePdf`,
//! `reset`, `destroy`), which reaches the app through [`Bridge`]. Only one app is mounted per
//! page (one bridge).

use crate::core::checks::ElementStatus;
use crate::core::finding::{FindingKind, Severity};
use crate::core::model::Case;
use crate::ui::analysis::Analysis;
use crate::ui::state::{Action, AppState};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// How the app is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// The app owns the page.
    #[default]
    Standalone,
    /// Embedded in a host page (custom element or iframe).
    Widget,
}

/// Mount-time configuration (never patient data).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Config {
    /// Standalone or widget.
    pub mode: Mode,
    /// The URL of the folder holding the app's files, ending in `/` (for the packet worker).
    pub asset_base: Option<String>,
    /// Make each step of the guided flow a browser history entry (`crate::web::history`).
    /// Only the standalone page does this; an embedded app leaves the portal's history alone.
    pub history: bool,
}

/// What the host can reach: the app's dispatcher and its latest state.
#[derive(Default)]
pub struct Bridge {
    /// The element events are dispatched on (widget mode only).
    pub host: Option<web_sys::Element>,
    /// The app's state handle, refreshed on every render.
    pub state: Option<yew::UseReducerHandle<AppState>>,
    /// The latest analysis.
    pub analysis: Option<Rc<Analysis>>,
    /// The letter as it would go into the packet.
    pub letter: String,
    /// The request date, `YYYY-MM-DD`.
    pub today: String,
    /// The last `change` summary sent, to avoid repeats.
    last_change: Option<String>,
}

thread_local! {
    static BRIDGE: RefCell<Bridge> = RefCell::new(Bridge::default());
}

/// Sets (or clears) the element that receives the widget's events.
pub fn set_host(host: Option<web_sys::Element>) {
    BRIDGE.with(|bridge| {
        let mut bridge = bridge.borrow_mut();
        bridge.host = host;
        bridge.last_change = None;
    });
}

/// Called by the app on every render so the host's calls see the current state.
pub fn sync(state: yew::UseReducerHandle<AppState>, analysis: Rc<Analysis>, letter: String, today: String) {
    BRIDGE.with(|bridge| {
        let mut bridge = bridge.borrow_mut();
        bridge.state = Some(state);
        bridge.analysis = Some(analysis);
        bridge.letter = letter;
        bridge.today = today;
    });
}

/// Forgets the app (on destroy).
pub fn detach() {
    BRIDGE.with(|bridge| *bridge.borrow_mut() = Bridge::default());
}

fn set(object: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(object, &JsValue::from_str(key), value);
}

fn dispatch(name: &str, detail: &JsValue) {
    let host = BRIDGE.with(|bridge| bridge.borrow().host.clone());
    let Some(host) = host else { return };
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}

/// Tells the host the app is ready.
pub fn notify_ready() {
    let detail = js_sys::Object::new();
    set(&detail, "version", &JsValue::from_str(env!("CARGO_PKG_VERSION")));
    dispatch("retro-auth:ready", &detail);
}

/// A summary of the current analysis without patient data: counts, element ids, days left.
pub fn summary(analysis: &Analysis) -> js_sys::Object {
    let findings = analysis.validation.findings.iter().filter(|f| f.kind == FindingKind::DataError);
    let (errors, warnings) = findings.fold((0u32, 0u32), |(e, w), f| match f.severity {
        Severity::Error => (e + 1, w),
        Severity::Warning => (e, w + 1),
        Severity::Info => (e, w),
    });
    let missing: Vec<&str> = analysis
        .necessity
        .elements
        .iter()
        .filter(|e| e.required && e.status == ElementStatus::Missing)
        .map(|e| e.element.as_str())
        .collect();
    let object = js_sys::Object::new();
    set(&object, "ready", &JsValue::from_bool(analysis.ready));
    set(&object, "valid", &JsValue::from_bool(analysis.ready && errors == 0));
    set(&object, "errorCount", &JsValue::from_f64(f64::from(errors)));
    set(&object, "warningCount", &JsValue::from_f64(f64::from(warnings)));
    set(&object, "missingCount", &JsValue::from_f64(missing.len() as f64));
    let ids = js_sys::Array::new();
    for id in missing {
        ids.push(&JsValue::from_str(id));
    }
    set(&object, "missingElements", &ids);
    set(&object, "profile", &JsValue::from_str(&analysis.necessity.profile.name));
    match &analysis.validation.deadline {
        Some(deadline) => set(&object, "daysLeft", &JsValue::from_f64(deadline.days_left as f64)),
        None => set(&object, "daysLeft", &JsValue::NULL),
    }
    object
}

/// Tells the host the case changed (counts only), unless nothing it can see changed.
pub fn notify_change(analysis: &Analysis) {
    if !analysis.ready {
        return;
    }
    let detail = summary(analysis);
    let key = js_sys::JSON::stringify(&detail).ok().and_then(|s| s.as_string()).unwrap_or_default();
    let changed = BRIDGE.with(|bridge| {
        let mut bridge = bridge.borrow_mut();
        if bridge.host.is_none() || bridge.last_change.as_deref() == Some(key.as_str()) {
            return false;
        }
        bridge.last_change = Some(key);
        true
    });
    if changed {
        dispatch("retro-auth:change", &detail);
    }
}

/// Hands the finished packet to the host (the user asked for it).
pub fn notify_complete(bytes: &[u8], sha256: &str, filename: &str) {
    if BRIDGE.with(|bridge| bridge.borrow().host.is_none()) {
        return;
    }
    let detail = js_sys::Object::new();
    if let Ok(url_blob) = pdf_blob(bytes) {
        set(&detail, "pdf", &url_blob);
    }
    set(&detail, "sha256", &JsValue::from_str(sha256));
    set(&detail, "filename", &JsValue::from_str(filename));
    dispatch("retro-auth:complete", &detail);
}

/// Tells the host something failed (no patient data in `message`).
pub fn notify_error(code: &str, message: &str) {
    let detail = js_sys::Object::new();
    set(&detail, "code", &JsValue::from_str(code));
    set(&detail, "message", &JsValue::from_str(message));
    dispatch("retro-auth:error", &detail);
}

/// A PDF `Blob` of `bytes`.
pub fn pdf_blob(bytes: &[u8]) -> Result<JsValue, JsValue> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/pdf");
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map(JsValue::from)
}

/// Loads a case given by the host (JSON text). Errors name positions, never values.
pub fn prefill(json: &str) -> Result<(), String> {
    let case = Case::from_json(json).map_err(|e| format!("prefill: {e}"))?;
    let state = BRIDGE.with(|bridge| bridge.borrow().state.clone()).ok_or("the app is not mounted")?;
    state.dispatch(Action::Opened { case: Box::new(case), file_name: "retroauth-case.json".to_string() });
    Ok(())
}

/// The summary (see [`summary`]) of the case as it is now: analysed afresh, so a call right
/// after `prefill` sees the prefilled case.
pub async fn validate() -> Result<JsValue, String> {
    let (state, today) = BRIDGE.with(|bridge| {
        let bridge = bridge.borrow();
        (bridge.state.clone(), bridge.today.clone())
    });
    let state = state.ok_or("the app is not mounted")?;
    let analysis = super::analysis_client::analyze(&state.case.to_json_pretty(), &today).await?;
    Ok(summary(&analysis).into())
}

/// Clears everything the app holds.
pub fn reset() {
    if let Some(state) = BRIDGE.with(|bridge| bridge.borrow().state.clone()) {
        state.dispatch(Action::ClearAll);
    }
}

/// Builds the packet for the current state; resolves with `{pdf: Blob, sha256, filename}`.
pub async fn generate_pdf() -> Result<JsValue, String> {
    let (state, letter, today) = BRIDGE.with(|bridge| {
        let bridge = bridge.borrow();
        (bridge.state.clone(), bridge.letter.clone(), bridge.today.clone())
    });
    let state = state.ok_or("the app is not mounted")?;
    let attachments: Vec<super::packet_client::Attachment> = state
        .attachments
        .iter()
        .map(|a| super::packet_client::Attachment { name: a.name.clone(), bytes: a.bytes.clone() })
        .collect();
    let packet =
        super::packet_client::build_packet(&state.case.to_json_pretty(), &letter, &today, "letter", &attachments)
            .await?;
    let result = js_sys::Object::new();
    set(&result, "pdf", &pdf_blob(&packet.bytes).map_err(|_| "the PDF could not be handed over".to_string())?);
    set(&result, "sha256", &JsValue::from_str(&packet.sha256));
    set(&result, "filename", &JsValue::from_str(crate::ui::packet::PACKET_FILE_NAME));
    Ok(result.into())
}
