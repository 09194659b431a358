//! The packet engine as its own Wasm module, run inside a Web Worker (`www/packet-worker.js`).
//!
//! It holds printpdf and the fonts, which are most of the weight, so the app's first load does
//! not carry them. The logic is `retroauth::core::packet`, the same code the CLI runs; the
//! medical-necessity checklist is computed here from the case, as the CLI does.

use retroauth::core::checks;
use retroauth::core::model::Case;
use retroauth::core::packet::{self, Attachment, PacketError, PacketInput, PacketOptions, PageSize};
use sha2::{Digest, Sha256};
use wasm_bindgen::prelude::*;

fn set(object: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(object, &JsValue::from_str(key), value);
}

fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
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
    let today = chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d")
        .map_err(|_| JsError::new("the request date must be YYYY-MM-DD"))?;
    let options = PacketOptions {
        page_size: if page_size.eq_ignore_ascii_case("a4") { PageSize::A4 } else { PageSize::Letter },
        ..PacketOptions::default()
    };
    let files: Vec<Attachment> = if attachments.is_object() {
        js_sys::Array::from(&attachments)
            .iter()
            .map(|file| Attachment {
                name: get(&file, "name").as_string().unwrap_or_default(),
                bytes: js_sys::Uint8Array::new(&get(&file, "bytes")).to_vec(),
            })
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
    let result = js_sys::Object::new();
    set(&result, "sha256", &JsValue::from_str(&format!("{:x}", Sha256::digest(&built.bytes))));
    set(&result, "bytes", &js_sys::Uint8Array::from(built.bytes.as_slice()).into());
    set(&result, "pageCount", &JsValue::from_f64(built.page_count as f64));
    let warnings = js_sys::Array::new();
    for warning in &built.warnings {
        warnings.push(&JsValue::from_str(&warning.message));
    }
    set(&result, "warnings", &warnings.into());
    let draft = match built.draft {
        Some(draft) => {
            let object = js_sys::Object::new();
            set(&object, "errors", &JsValue::from_f64(draft.errors as f64));
            set(&object, "missingInputs", &JsValue::from_f64(draft.missing_inputs as f64));
            set(&object, "summary", &JsValue::from_str(&draft.summary()));
            object.into()
        }
        None => JsValue::NULL,
    };
    set(&result, "draft", &draft);
    Ok(result.into())
}

/// Checks one attachment as the packet builder will (type, size, readability, password), so the
/// app can refuse a bad file when it is added. Returns `{kind: "PDF"|"JPEG"|"PNG", pages,
/// summary, wasEncrypted}`; throws the reason ("the PDF needs a password to open; …"), which
/// never quotes the file's content.
#[wasm_bindgen]
pub fn inspect_attachment(name: &str, bytes: &[u8]) -> Result<JsValue, JsError> {
    let info = packet::inspect_attachment(name, bytes, &PacketOptions::default())
        .map_err(|error| JsError::new(&error.problem.to_string()))?;
    let result = js_sys::Object::new();
    let kind = match info.kind {
        packet::AttachmentKind::Pdf => "PDF",
        packet::AttachmentKind::Jpeg => "JPEG",
        packet::AttachmentKind::Png => "PNG",
    };
    set(&result, "kind", &JsValue::from_str(kind));
    set(&result, "pages", &JsValue::from_f64(info.pages as f64));
    set(&result, "summary", &JsValue::from_str(&info.summary()));
    set(&result, "wasEncrypted", &JsValue::from_bool(info.was_encrypted));
    Ok(result.into())
}

fn main() {
    // Panic messages can quote input text; never let them reach the console.
    std::panic::set_hook(Box::new(|_| {}));
}
