//! The packet engine as its own Wasm module, run inside a Web Worker (`www/packet-worker.js`).
//!
//! It holds printpdf and the fonts, which are most of the weight, so the app's first load does
//! not carry them. The logic is `retroauth::core::packet`, the same code the CLI runs.

use retroauth::core::model::Case;
use retroauth::core::packet::{PacketInput, PacketOptions, PageSize, build_packet as build};
use sha2::{Digest, Sha256};
use wasm_bindgen::prelude::*;

fn set(object: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(object, &JsValue::from_str(key), value);
}

/// Builds a packet. Returns `{bytes: Uint8Array, pageCount, sha256, warnings: string[]}`.
/// Errors are plain messages without patient data.
#[wasm_bindgen]
pub fn build_packet(case_json: &str, letter: &str, today: &str, page_size: &str) -> Result<JsValue, JsError> {
    let case = Case::from_json(case_json).map_err(|e| JsError::new(&format!("the case could not be read: {e}")))?;
    let today = chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d")
        .map_err(|_| JsError::new("the request date must be YYYY-MM-DD"))?;
    let options =
        PacketOptions { page_size: if page_size.eq_ignore_ascii_case("a4") { PageSize::A4 } else { PageSize::Letter } };
    let packet =
        build(&PacketInput { case: &case, letter, today }, &options).map_err(|e| JsError::new(&e.to_string()))?;
    let result = js_sys::Object::new();
    set(&result, "sha256", &JsValue::from_str(&format!("{:x}", Sha256::digest(&packet.bytes))));
    set(&result, "bytes", &js_sys::Uint8Array::from(packet.bytes.as_slice()).into());
    set(&result, "pageCount", &JsValue::from_f64(packet.page_count as f64));
    let warnings = js_sys::Array::new();
    for warning in &packet.warnings {
        warnings.push(&JsValue::from_str(&warning.message));
    }
    set(&result, "warnings", &warnings.into());
    Ok(result.into())
}

fn main() {
    // Panic messages can quote input text; never let them reach the console.
    std::panic::set_hook(Box::new(|_| {}));
}
