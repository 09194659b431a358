//! Talks to the analysis engine (validation + medical-necessity checks), which runs in its
//! own Wasm module in a Web Worker (`www/analysis-worker.js`).
//!
//! Protocol: the page posts `{id, caseJson, today}`; the worker answers `{id, ok: true,
//! result: "<Analysis as JSON>"}` or `{id, ok: false, error}` (no patient data in errors).

use crate::ui::analysis::Analysis;
use wasm_bindgen::JsValue;

/// Where the worker script is, relative to the app's files.
pub const WORKER_FILE: &str = "analysis-worker.js";

/// Starts the analysis worker ahead of the first request.
pub fn prefetch() {
    super::worker::prefetch(WORKER_FILE);
}

/// Analyses the case (JSON in the exchange format) as of `today` (`YYYY-MM-DD`).
pub async fn analyze(case_json: &str, today: &str) -> Result<Analysis, String> {
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &JsValue::from_str("caseJson"), &JsValue::from_str(case_json));
    let _ = js_sys::Reflect::set(&message, &JsValue::from_str("today"), &JsValue::from_str(today));
    let result = super::worker::request(WORKER_FILE, message).await?;
    let json = result.as_string().ok_or("the checks returned nothing")?;
    serde_json::from_str(&json).map_err(|_| "the checks returned an unreadable answer".to_string())
}
