//! The packet engine as its own Wasm module, run inside a Web Worker (`www/packet-worker.js`).
//!
//! It holds printpdf and the fonts, which are most of the weight, so the app's first load does
//! not carry them. The logic is `retroauth::core::packet`, the same code the CLI runs; the
//! medical-necessity checklist is computed here from the case, as the CLI does.

use retroauth::core::checks;
use retroauth::core::model::Case;
use retroauth::core::model::date::parse_iso;
use retroauth::core::packet::{self, Attachment, PacketError, PacketInput, PacketOptions, PageSize};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use wasm_bindgen::prelude::*;

/// An attachment as the page sends it: `{name, bytes: Uint8Array}`. The bytes stay a JS value
/// until they are copied once into Rust (serde would otherwise walk them number by number); a
/// missing name is empty and missing bytes are an empty file, which the engine refuses by name.
#[derive(Deserialize)]
struct FileIn {
    #[serde(default)]
    name: String,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    bytes: JsValue,
}

/// The answer of [`build_packet`].
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Built {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    bytes: js_sys::Uint8Array,
    page_count: usize,
    sha256: String,
    warnings: Vec<String>,
    draft: Option<DraftOut>,
}

/// Why a packet is a draft (counts and their summary, no patient data).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DraftOut {
    errors: usize,
    missing_inputs: usize,
    summary: String,
}

/// The answer of [`inspect_attachment`].
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Inspected {
    kind: &'static str,
    pages: usize,
    summary: String,
    was_encrypted: bool,
}

/// A Rust value as the JS object the worker posts back (`None` becomes `null`).
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true))
        .map_err(|_| JsError::new("the packet engine could not return its answer"))
}

/// Builds a packet.
///
/// * `attachments`: an array of `{name, bytes: Uint8Array}` appended in order.
/// * `font`: the CJK fallback font's bytes, or `undefined` (the worker fetches it only when the
///   text needs it).
///
/// Returns `{bytes: Uint8Array, pageCount, sha256, warnings: string[], draft}`, where `draft` is
/// `null` for a packet ready to send, or `{errors, missingInputs, summary}` when the case still
/// has validation errors or missing inputs (every page is then stamped "DRAFT — not for
/// submission"; the counts and the summary carry no patient data). Errors are plain messages
/// without patient data; attachment problems name the attachment.
#[wasm_bindgen]
pub fn build_packet(
    case_json: &str,
    letter: &str,
    today: &str,
    page_size: &str,
    attachments: JsValue,
    font: JsValue,
) -> Result<JsValue, JsError> {
    let case = Case::from_json(case_json).map_err(|e| JsError::new(&format!("the case could not be read: {e}")))?;
    let today = parse_iso(today).ok_or_else(|| JsError::new("the request date must be YYYY-MM-DD"))?;
    let options = PacketOptions {
        page_size: if page_size.eq_ignore_ascii_case("a4") { PageSize::A4 } else { PageSize::Letter },
        ..PacketOptions::default()
    };
    let files: Vec<Attachment> = if attachments.is_object() {
        serde_wasm_bindgen::from_value::<Vec<FileIn>>(attachments)
            .map_err(|_| JsError::new("the attachments could not be read"))?
            .into_iter()
            .map(|file| Attachment { name: file.name, bytes: js_sys::Uint8Array::new(&file.bytes).to_vec() })
            .collect()
    } else {
        Vec::new()
    };
    let font_bytes: Option<Vec<u8>> = font.is_object().then(|| js_sys::Uint8Array::new(&font).to_vec());
    let fonts: Vec<&[u8]> = font_bytes.iter().map(Vec::as_slice).collect();
    let checklist = packet::checklist_items(&checks::check_notes(&case, None));
    let input = PacketInput {
        checklist: Some(&checklist),
        attachments: &files,
        fallback_fonts: &fonts,
        ..PacketInput::new(&case, letter, today)
    };
    let built = packet::build_packet(&input, &options).map_err(|e| match e {
        PacketError::Attachment(problem) => JsError::new(&problem.to_string()),
        other => JsError::new(&other.to_string()),
    })?;
    to_js(&Built {
        sha256: format!("{:x}", Sha256::digest(&built.bytes)),
        bytes: js_sys::Uint8Array::from(built.bytes.as_slice()),
        page_count: built.page_count,
        warnings: built.warnings.into_iter().map(|warning| warning.message).collect(),
        draft: built.draft.map(|draft| DraftOut {
            errors: draft.errors,
            missing_inputs: draft.missing_inputs,
            summary: draft.summary(),
        }),
    })
}

/// Checks one attachment as the packet builder will (type, size, readability, password), so the
/// app can refuse a bad file when it is added. Returns `{kind: "PDF"|"JPEG"|"PNG", pages,
/// summary, wasEncrypted}`; throws the reason ("the PDF needs a password to open; …"), which
/// never quotes the file's content.
#[wasm_bindgen]
pub fn inspect_attachment(name: &str, bytes: &[u8]) -> Result<JsValue, JsError> {
    let info = packet::inspect_attachment(name, bytes, &PacketOptions::default())
        .map_err(|error| JsError::new(&error.problem.to_string()))?;
    to_js(&Inspected {
        kind: info.kind.label(),
        pages: info.pages,
        summary: info.summary(),
        was_encrypted: info.was_encrypted,
    })
}

fn main() {
    // Panic messages can quote input text; never let them reach the console.
    std::panic::set_hook(Box::new(|_| {}));
}
