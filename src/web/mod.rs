//! Browser glue (feature `web`): files in and out, the engine workers (analysis, import, packet), the clock.
//!
//! This is the only place (with `ui`) that touches browser APIs. Nothing here logs patient
//! data or sends anything over the network: files are read with `File.text()`, written as
//! `blob:` downloads, and the packet is built by a same-origin Web Worker.

pub mod analysis_client;
pub mod clock;
pub mod dom;
pub mod download;
pub mod drafts;
pub mod files;
pub mod history;
pub mod idle;
pub mod import_client;
pub mod packet_client;
pub mod privacy;
pub mod widget;
pub mod worker;

/// Turns a JavaScript exception into a message without echoing input data: only the error's
/// name (`TypeError`…) is kept, since browser messages can quote values.
pub fn describe_js_error(error: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    match error.dyn_ref::<js_sys::Error>() {
        Some(error) => String::from(error.name()),
        None => "unknown error".to_string(),
    }
}

/// A Rust value as a plain JS object, by `serde-wasm-bindgen` (`None` becomes `null`, maps
/// become objects, `serde_wasm_bindgen::preserve` fields pass through): what the widget's
/// events and the workers' messages are made of. `undefined` if it cannot be encoded.
pub fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> wasm_bindgen::JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(wasm_bindgen::JsValue::UNDEFINED)
}
