//! Talks to the packet engine, which runs in a Web Worker (`www/packet-worker.js` loading the
//! `retroauth-packet` Wasm module). The engine (printpdf and its fonts) is about twenty times
//! the size of the app, so it is loaded on first use, off the main thread: the page never
//! freezes while a packet is built, and the first load carries only the app.
//!
//! Protocol: the page posts `{id, caseJson, letter, today, pageSize}`; the worker answers
//! `{id, ok: true, result: {bytes, pageCount, sha256, warnings}}` or `{id, ok: false, error}`.
//! Error texts never contain patient data.

use super::worker::get_prop;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Where the worker script is, relative to the app's files.
pub const WORKER_FILE: &str = "packet-worker.js";

/// A file to append to the packet.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    /// The file's name.
    pub name: String,
    /// Its bytes.
    pub bytes: std::rc::Rc<Vec<u8>>,
}

/// A built packet, as the worker returns it.
#[derive(Debug, Clone, PartialEq)]
pub struct PacketResult {
    /// The PDF.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub page_count: u32,
    /// SHA-256 of `bytes`, hex.
    pub sha256: String,
    /// Warnings from the engine (no patient data).
    pub warnings: Vec<String>,
}

/// Sets the URL of the folder holding the app's files (see [`super::worker::set_asset_base`]).
pub fn set_asset_base(base: &str) {
    super::worker::set_asset_base(base);
}

/// Starts the packet worker ahead of use.
pub fn prefetch() {
    super::worker::prefetch(WORKER_FILE);
}

/// Builds the packet in the worker.
pub async fn build_packet(
    case_json: &str,
    letter: &str,
    today: &str,
    page_size: &str,
    attachments: &[Attachment],
) -> Result<PacketResult, String> {
    let message = js_sys::Object::new();
    for (key, value) in [("caseJson", case_json), ("letter", letter), ("today", today), ("pageSize", page_size)] {
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    let files = js_sys::Array::new();
    for attachment in attachments {
        let file = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&file, &JsValue::from_str("name"), &JsValue::from_str(&attachment.name));
        let _ = js_sys::Reflect::set(
            &file,
            &JsValue::from_str("bytes"),
            &js_sys::Uint8Array::from(attachment.bytes.as_slice()),
        );
        files.push(&file);
    }
    let _ = js_sys::Reflect::set(&message, &JsValue::from_str("attachments"), &files);
    let result = super::worker::request(WORKER_FILE, message).await?;
    let bytes = get_prop(&result, "bytes")
        .dyn_into::<js_sys::Uint8Array>()
        .map_err(|_| "the packet engine returned no PDF".to_string())?
        .to_vec();
    let page_count = get_prop(&result, "pageCount").as_f64().unwrap_or(0.0) as u32;
    let sha256 = get_prop(&result, "sha256").as_string().unwrap_or_default();
    let warnings = js_sys::Array::from(&get_prop(&result, "warnings")).iter().filter_map(|w| w.as_string()).collect();
    Ok(PacketResult { bytes, page_count, sha256, warnings })
}
