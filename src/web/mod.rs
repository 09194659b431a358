//! Browser glue (feature `web`): files in and out, the packet worker, the clock.
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
