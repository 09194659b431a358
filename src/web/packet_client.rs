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

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

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
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PacketResult {
    /// The PDF.
    #[serde(deserialize_with = "byte_array")]
    pub bytes: Vec<u8>,
    /// Number of pages.
    #[serde(default)]
    pub page_count: u32,
    /// SHA-256 of `bytes`, hex.
    #[serde(default)]
    pub sha256: String,
    /// Warnings from the engine (no patient data).
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Set when the engine stamped every page "DRAFT — not for submission".
    #[serde(default)]
    pub draft: Option<Draft>,
}

/// Why a packet is a draft, as the engine counted it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
    /// Validation errors left in the case.
    #[serde(default)]
    pub errors: u32,
    /// `[MISSING: …]` placeholders left in the cover sheet and the letter.
    #[serde(default)]
    pub missing_inputs: u32,
    /// "15 errors, 34 missing inputs".
    #[serde(default)]
    pub summary: String,
}

/// An attachment the engine accepted, summarised ("PDF, 55 pages, 8.5 × 11.0 in").
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentSummary {
    /// "PDF", "JPEG" or "PNG".
    #[serde(default)]
    pub kind: String,
    /// Pages it adds to the packet.
    #[serde(default)]
    pub pages: u32,
    /// One line for the attachment list.
    #[serde(default)]
    pub summary: String,
    /// A PDF protected by an owner password only, opened without one.
    #[serde(default)]
    pub was_encrypted: bool,
}

/// A message to the worker. Bytes travel as `Uint8Array`s (one copy), never as arrays of numbers.
#[derive(Serialize)]
#[serde(tag = "op", rename_all = "lowercase", rename_all_fields = "camelCase")]
enum Message<'a> {
    /// Check one attachment.
    Inspect {
        name: &'a str,
        #[serde(with = "serde_wasm_bindgen::preserve")]
        bytes: js_sys::Uint8Array,
    },
    /// Build a packet.
    Build { case_json: &'a str, letter: &'a str, today: &'a str, page_size: &'a str, attachments: Vec<FileOut<'a>> },
}

/// An attachment in a build message.
#[derive(Serialize)]
struct FileOut<'a> {
    name: &'a str,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    bytes: js_sys::Uint8Array,
}

/// A `Uint8Array` read as bytes in one copy.
fn byte_array<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
    serde_wasm_bindgen::preserve::deserialize::<D, js_sys::Uint8Array>(deserializer).map(|array| array.to_vec())
}

/// Sends `message` to the packet worker and reads its `result` as `T`; `unreadable` is the error
/// when the answer is not what the protocol says.
async fn ask<T: serde::de::DeserializeOwned>(message: &Message<'_>, unreadable: &str) -> Result<T, String> {
    let message =
        serde_wasm_bindgen::to_value(message).map_err(|_| "the packet engine could not be asked".to_string())?;
    let result = super::worker::request(WORKER_FILE, message.unchecked_into()).await?;
    serde_wasm_bindgen::from_value(result).map_err(|_| unreadable.to_string())
}

/// Checks one attachment in the packet engine, exactly as the build will: `Err` carries the
/// reason it cannot be attached (never the file's content).
pub async fn inspect_attachment(name: &str, bytes: &[u8]) -> Result<AttachmentSummary, String> {
    let message = Message::Inspect { name, bytes: js_sys::Uint8Array::from(bytes) };
    ask(&message, "the packet engine gave an unreadable answer").await
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
    let attachments = attachments
        .iter()
        .map(|attachment| FileOut {
            name: &attachment.name,
            bytes: js_sys::Uint8Array::from(attachment.bytes.as_slice()),
        })
        .collect();
    let message = Message::Build { case_json, letter, today, page_size, attachments };
    ask(&message, "the packet engine returned no PDF").await
}
