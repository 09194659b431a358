//! Talks to the import engine (`www/import-worker.js`, its own Wasm module, loaded on the first
//! import only).
//!
//! Protocol: `{id, op: "import", names, buffers}` (the buffers are transferred, not copied) →
//! `{id, progress: {file, files, bytesDone, bytesTotal, cases}}`… then `{id, ok: true, result:
//! "<BatchSummary JSON>"}`; `{id, op: "case", index}` → `"<CaseDetail JSON>"`. Errors carry no
//! patient data. The worker holds the last import until it is terminated ([`forget`]).

use crate::core::import::many::{BatchProgress, BatchSummary, CaseDetail};
use serde::{Deserialize, Serialize};
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// Where the worker script is, relative to the app's files.
pub const WORKER_FILE: &str = "import-worker.js";

/// The requests, tagged by `op`.
#[derive(Serialize)]
#[serde(tag = "op", rename_all = "camelCase")]
enum Request {
    Import {
        names: Vec<String>,
        #[serde(with = "serde_wasm_bindgen::preserve")]
        buffers: js_sys::Array,
    },
    Case {
        index: usize,
    },
}

/// A progress report as the worker posts it (a missing or unreadable count reads as 0).
#[derive(Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Progress {
    file: f64,
    files: f64,
    bytes_done: f64,
    bytes_total: f64,
    cases: f64,
}

impl Progress {
    fn read(value: JsValue) -> BatchProgress {
        let p: Progress = serde_wasm_bindgen::from_value(value).unwrap_or_default();
        let count = |n: f64| n.max(0.0) as usize;
        BatchProgress {
            file: count(p.file),
            files: count(p.files),
            bytes_done: count(p.bytes_done),
            bytes_total: count(p.bytes_total),
            cases: count(p.cases),
        }
    }
}

/// Imports files (name, bytes) in the worker; `on_progress` is called as it reads.
pub async fn import(
    files: Vec<(String, Vec<u8>)>,
    on_progress: Rc<dyn Fn(BatchProgress)>,
) -> Result<BatchSummary, String> {
    let buffers = js_sys::Array::new();
    for (_, bytes) in &files {
        buffers.push(&js_sys::Uint8Array::from(bytes.as_slice()).buffer());
    }
    let names: Vec<String> = files.into_iter().map(|(name, _)| name).collect();
    let transfer = buffers.clone();
    let message = Request::Import { names, buffers };
    let callback: Rc<dyn Fn(JsValue)> = Rc::new(move |progress: JsValue| on_progress(Progress::read(progress)));
    let result = super::worker::call(WORKER_FILE, &message, Some(callback), &transfer).await?;
    let json = result.as_string().ok_or("the import returned nothing")?;
    serde_json::from_str(&json).map_err(|_| "the import returned an unreadable answer".to_string())
}

/// The claim at `index` of the last import, in full.
pub async fn case(index: usize) -> Result<CaseDetail, String> {
    let result = super::worker::call(WORKER_FILE, &Request::Case { index }, None, &js_sys::Array::new()).await?;
    let json = result.as_string().ok_or("the import returned nothing")?;
    serde_json::from_str(&json).map_err(|_| "the import returned an unreadable answer".to_string())
}

/// Drops the last import from memory (stops the worker; the next import starts a fresh one).
pub fn forget() {
    super::worker::terminate(WORKER_FILE);
}
