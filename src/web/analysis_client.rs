//! Talks to the analysis engine (validation + medical-necessity checks), which runs in its
//! own Wasm module in a Web Worker (`www/analysis-worker.js`).
//!
//! Protocol: the page posts `{id, caseJson, today}`; the worker answers `{id, ok: true,
//! result: "<Analysis as JSON>"}` or `{id, ok: false, error}` (no patient data in errors).
//! The result stays JSON text: one string crosses to the page, and the app module decodes it
//! with the `serde_json` it carries anyway.

use crate::core::analysis::Analysis;

/// Where the worker script is, relative to the app's files.
pub const WORKER_FILE: &str = "analysis-worker.js";

/// The request message.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Request<'a> {
    case_json: &'a str,
    today: &'a str,
}

/// Starts the analysis worker ahead of the first request.
pub fn prefetch() {
    super::worker::prefetch(WORKER_FILE);
}

/// Analyses the case (JSON in the exchange format) as of `today` (`YYYY-MM-DD`).
pub async fn analyze(case_json: &str, today: &str) -> Result<Analysis, String> {
    let message = Request { case_json, today };
    let result = super::worker::call(WORKER_FILE, &message, None, &js_sys::Array::new()).await?;
    let json = result.as_string().ok_or("the checks returned nothing")?;
    serde_json::from_str(&json).map_err(|_| "the checks returned an unreadable answer".to_string())
}
