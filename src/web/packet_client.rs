//! Talks to the packet engine, which runs in a Web Worker (`www/packet-worker.js` loading the
//! `retroauth-packet` Wasm module). The engine (printpdf and its fonts) is about twenty times
//! the size of the app, so it is loaded on first use, off the main thread: the page never
//! freezes while a packet is built, and the first load carries only the app.
//!
//! Protocol: the page posts `{id, op: 'build', caseJson, letter, today, pageSize, attachments}`;
//! the worker answers `{id, ok: true, result: {bytes, pageCount, sha256, warnings, draft}}` or
//! `{id, ok: false, error}`. `draft` is `null`, or `{errors, missingInputs, summary}` when the
//! engine stamped the packet "DRAFT — not for submission". `{id, op: 'inspect', name, bytes}`
//! checks one attachment as the build will and answers `{kind, pages, summary, wasEncrypted}`
//! or the reason it cannot be attached. Error texts never contain patient data.

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
    /// Set when the engine stamped every page "DRAFT — not for submission".
    pub draft: Option<Draft>,
}

/// Why a packet is a draft, as the engine counted it.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// Validation errors left in the case.
    pub errors: u32,
    /// `[MISSING: …]` placeholders left in the cover sheet and the letter.
    pub missing_inputs: u32,
    /// "15 errors, 34 missing inputs".
    pub summary: String,
}

/// An attachment the engine accepted, summarised ("PDF, 55 pages, 8.5 × 11.0 in").
#[derive(Debug, Clone, PartialEq)]
pub struct AttachmentSummary {
    /// "PDF", "JPEG" or "PNG".
    pub kind: String,
    /// Pages it adds to the packet.
    pub pages: u32,
    /// One line for the attachment list.
    pub summary: String,
    /// A PDF protected by an owner password only, opened without one.
    pub was_encrypted: bool,
}

/// Checks one attachment in the packet engine, exactly as the build will: `Err` carries the
/// reason it cannot be attached (never the file's content).
pub async fn inspect_attachment(name: &str, bytes: &[u8]) -> Result<AttachmentSummary, String> {
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &JsValue::from_str("op"), &JsValue::from_str("inspect"));
    let _ = js_sys::Reflect::set(&message, &JsValue::from_str("name"), &JsValue::from_str(name));
    let _ = js_sys::Reflect::set(&message, &JsValue::from_str("bytes"), &js_sys::Uint8Array::from(bytes));
    let result = super::worker::request(WORKER_FILE, message).await?;
    Ok(AttachmentSummary {
        kind: get_prop(&result, "kind").as_string().unwrap_or_default(),
        pages: get_prop(&result, "pages").as_f64().unwrap_or(0.0) as u32,
        summary: get_prop(&result, "summary").as_string().unwrap_or_default(),
        was_encrypted: get_prop(&result, "wasEncrypted").as_bool().unwrap_or(false),
    })
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
    for (key, value) in
        [("op", "build"), ("caseJson", case_json), ("letter", letter), ("today", today), ("pageSize", page_size)]
    {
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
    let draft_value = get_prop(&result, "draft");
    let draft = draft_value.is_object().then(|| Draft {
        errors: get_prop(&draft_value, "errors").as_f64().unwrap_or(0.0) as u32,
        missing_inputs: get_prop(&draft_value, "missingInputs").as_f64().unwrap_or(0.0) as u32,
        summary: get_prop(&draft_value, "summary").as_string().unwrap_or_default(),
    });
    Ok(PacketResult { bytes, page_count, sha256, warnings, draft })
}
