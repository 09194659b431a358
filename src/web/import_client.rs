//! Talks to the import engine (`www/import-worker.js`, its own Wasm module, loaded on the first
//! import only).
//!
//! Protocol: `{id, op: "import", names, buffers}` (the buffers are transferred, not copied) →
//! `{id, progress: {file, files, bytesDone, bytesTotal, cases}}`… then `{id, ok: true, result:
//! "<BatchSummary JSON>"}`; `{id, op: "case", index}` → `"<CaseDetail JSON>"`. Errors carry no
//! patient data. The worker holds the last import until it is terminated ([`forget`]).

use crate::core::import::many::{BatchSummary, CaseDetail};
use crate::ui::state::ImportProgress;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// Where the worker script is, relative to the app's files.
pub const WORKER_FILE: &str = "import-worker.js";

fn number(object: &JsValue, key: &str) -> usize {
    super::worker::get_prop(object, key).as_f64().map(|n| n.max(0.0) as usize).unwrap_or(0)
}

/// Imports files (name, bytes) in the worker; `on_progress` is called as it reads.
pub async fn import(
    files: Vec<(String, Vec<u8>)>,
    on_progress: Rc<dyn Fn(ImportProgress)>,
) -> Result<BatchSummary, String> {
    let names = js_sys::Array::new();
    let buffers = js_sys::Array::new();
    for (name, bytes) in &files {
        names.push(&JsValue::from_str(name));
        buffers.push(&js_sys::Uint8Array::from(bytes.as_slice()).buffer());
    }
    drop(files);
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &JsValue::from_str("op"), &JsValue::from_str("import"));
    let _ = js_sys::Reflect::set(&message, &JsValue::from_str("names"), &names);
    let _ = js_sys::Reflect::set(&message, &JsValue::from_str("buffers"), &buffers);
    let callback: Rc<dyn Fn(JsValue)> = Rc::new(move |progress: JsValue| {
        on_progress(ImportProgress {
            file: number(&progress, "file"),
            files: number(&progress, "files"),
            bytes_done: number(&progress, "bytesDone"),
            bytes_total: number(&progress, "bytesTotal"),
            cases: number(&progress, "cases"),
        })
    });
    let result = super::worker::request_with_progress(WORKER_FILE, message, Some(callback), &buffers).await?;
    let json = result.as_string().ok_or("the import returned nothing")?;
    serde_json::from_str(&json).map_err(|_| "the import returned an unreadable answer".to_string())
}

/// The claim at `index` of the last import, in full.
pub async fn case(index: usize) -> Result<CaseDetail, String> {
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &JsValue::from_str("op"), &JsValue::from_str("case"));
    let _ = js_sys::Reflect::set(&message, &JsValue::from_str("index"), &JsValue::from_f64(index as f64));
    let result = super::worker::request(WORKER_FILE, message).await?;
    let json = result.as_string().ok_or("the import returned nothing")?;
    serde_json::from_str(&json).map_err(|_| "the import returned an unreadable answer".to_string())
}

/// Drops the last import from memory (stops the worker; the next import starts a fresh one).
pub fn forget() {
    super::worker::terminate(WORKER_FILE);
}
