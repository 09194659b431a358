//! Embedding, the DOM side: the events the mounted app sends the page that hosts it.
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
//! Details are Rust structs turned into plain JS objects by `serde-wasm-bindgen` (`crate::web::to_js`).
//! The host's calls into the app (`prefill`, `validate`, `generatePdf`, `reset`) dispatch the
//! app's actions, so they live with the app (`src/ui/widget.rs`). Only one app is mounted
//! per page (one host element).

use super::to_js;
use crate::core::analysis::Analysis;
use serde::Serialize;
use std::cell::RefCell;
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

/// The element events go to (widget mode only) and the last `change` summary sent.
#[derive(Default)]
struct Host {
    element: Option<web_sys::Element>,
    last_change: Option<String>,
}

thread_local! {
    static HOST: RefCell<Host> = RefCell::new(Host::default());
}

/// Sets (or clears) the element that receives the widget's events.
pub fn set_host(host: Option<web_sys::Element>) {
    HOST.with(|slot| *slot.borrow_mut() = Host { element: host, last_change: None });
}

/// Whether an element receives the widget's events (widget mode).
pub fn has_host() -> bool {
    HOST.with(|slot| slot.borrow().element.is_some())
}

fn dispatch(name: &str, detail: &JsValue) {
    let host = HOST.with(|slot| slot.borrow().element.clone());
    let Some(host) = host else { return };
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}

#[derive(Serialize)]
struct Ready {
    version: &'static str,
}

/// Tells the host the app is ready.
pub fn notify_ready() {
    dispatch("retro-auth:ready", &to_js(&Ready { version: env!("CARGO_PKG_VERSION") }));
}

/// What the host learns about the case: counts, element ids and days left, no patient data.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// The first results have arrived.
    pub ready: bool,
    /// Ready, and no data errors.
    pub valid: bool,
    /// Data errors.
    pub error_count: u32,
    /// Data warnings.
    pub warning_count: u32,
    /// Required necessity elements the notes do not show.
    pub missing_count: u32,
    /// Their ids.
    pub missing_elements: Vec<String>,
    /// The requirement profile's name.
    pub profile: String,
    /// Calendar days left to file (`null` when unknown).
    pub days_left: Option<i64>,
}

impl Summary {
    /// The summary of `analysis`.
    pub fn of(analysis: &Analysis) -> Summary {
        let (errors, warnings) = analysis.data_counts();
        let missing: Vec<String> = analysis.missing_required().into_iter().map(str::to_string).collect();
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Summary {
            ready: analysis.ready,
            valid: analysis.ready && errors == 0,
            error_count: count(errors),
            warning_count: count(warnings),
            missing_count: count(missing.len()),
            missing_elements: missing,
            profile: analysis.necessity.profile.name.clone(),
            days_left: analysis.validation.deadline.as_ref().map(|d| d.days_left),
        }
    }
}

/// [`Summary::of`] as the JS object the host receives.
pub fn summary(analysis: &Analysis) -> JsValue {
    to_js(&Summary::of(analysis))
}

/// Tells the host the case changed (counts only), unless nothing it can see changed.
pub fn notify_change(analysis: &Analysis) {
    if !analysis.ready {
        return;
    }
    let detail = Summary::of(analysis);
    let key = format!("{detail:?}");
    let changed = HOST.with(|slot| {
        let mut host = slot.borrow_mut();
        if host.element.is_none() || host.last_change.as_deref() == Some(key.as_str()) {
            return false;
        }
        host.last_change = Some(key);
        true
    });
    if changed {
        dispatch("retro-auth:change", &to_js(&detail));
    }
}

/// The packet as the host receives it: `{pdf: Blob, sha256, filename}`.
#[derive(Serialize)]
pub struct Complete<'a> {
    /// The PDF `Blob` (left out if it could not be made).
    #[serde(with = "serde_wasm_bindgen::preserve", skip_serializing_if = "JsValue::is_undefined")]
    pub pdf: JsValue,
    /// Its SHA-256, hex.
    pub sha256: &'a str,
    /// The file name to save it under (no patient data).
    pub filename: &'a str,
}

/// Hands the finished packet to the host (the user asked for it).
pub fn notify_complete(bytes: &[u8], sha256: &str, filename: &str) {
    if !has_host() {
        return;
    }
    let pdf = pdf_blob(bytes).unwrap_or(JsValue::UNDEFINED);
    dispatch("retro-auth:complete", &to_js(&Complete { pdf, sha256, filename }));
}

#[derive(Serialize)]
struct Error<'a> {
    code: &'a str,
    message: &'a str,
}

/// Tells the host something failed (no patient data in `message`).
pub fn notify_error(code: &str, message: &str) {
    dispatch("retro-auth:error", &to_js(&Error { code, message }));
}

/// A PDF `Blob` of `bytes`.
pub fn pdf_blob(bytes: &[u8]) -> Result<JsValue, JsValue> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/pdf");
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map(JsValue::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::checks::{ElementResult, ElementStatus};
    use crate::core::finding::{Finding, FindingKind, Severity};

    fn element(id: &str, required: bool, status: ElementStatus) -> ElementResult {
        ElementResult {
            element: id.to_string(),
            status,
            evidence: Vec::new(),
            hint: String::new(),
            label: String::new(),
            required,
            near_misses: Vec::new(),
            not_counted: Vec::new(),
            policy_source: None,
        }
    }

    #[test]
    fn the_summary_counts_and_names_ids_only() {
        let mut analysis = Analysis::empty();
        assert!(!Summary::of(&analysis).ready && !Summary::of(&analysis).valid, "not ready is never valid");
        analysis.ready = true;
        analysis.necessity.profile.name = "imaging_msk".to_string();
        analysis.necessity.elements = vec![
            element("chief_complaint", true, ElementStatus::Missing),
            element("red_flags", false, ElementStatus::Missing),
            element("duration", true, ElementStatus::Present),
        ];
        let mut advice = Finding::data_error("A", Severity::Error, "claim.x", "m");
        advice.kind = FindingKind::Advice;
        analysis.validation.findings = vec![
            Finding::data_error("W", Severity::Warning, "claim.patient.dob", "m"),
            Finding::data_error("I", Severity::Info, "claim.patient.dob", "m"),
            advice,
        ];
        let summary = Summary::of(&analysis);
        assert_eq!(
            summary,
            Summary {
                ready: true,
                valid: true,
                error_count: 0,
                warning_count: 1,
                missing_count: 1,
                missing_elements: vec!["chief_complaint".to_string()],
                profile: "imaging_msk".to_string(),
                days_left: None,
            }
        );
        analysis.validation.findings.push(Finding::data_error("E", Severity::Error, "claim.patient.dob", "m"));
        let summary = Summary::of(&analysis);
        assert!(!summary.valid && summary.error_count == 1 && summary.warning_count == 1);
    }
}
