//! The importers as their own Wasm module, run inside a Web Worker (`www/import-worker.js`),
//! loaded only when the biller imports a file: X12 835 / 837 and FHIR R4 JSON become cases
//! (`core::import`). The worker keeps the last import in memory and hands the page a light
//! listing first, then one full case when the biller picks it, so a 10 MB remittance with tens
//! of thousands of claims never has to cross to the page at once.

use retroauth::core::import::many::{ImportBatch, SourceFile, import_many};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// A progress report as the page reads it (`web::import_client`).
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Progress {
    file: f64,
    files: f64,
    bytes_done: f64,
    bytes_total: f64,
    cases: f64,
}

thread_local! {
    static LAST: RefCell<Option<ImportBatch>> = const { RefCell::new(None) };
}

/// Imports the files (`names[i]` is the name of `buffers[i]`, a `Uint8Array`). Calls
/// `on_progress({file, files, bytesDone, bytesTotal, cases})` as it reads: at most every
/// 100 ms (each report re-renders the page), and once at the end. Returns the `BatchSummary` as JSON. Errors carry no patient data.
#[wasm_bindgen]
pub fn import_files(
    names: js_sys::Array,
    buffers: js_sys::Array,
    on_progress: &js_sys::Function,
) -> Result<String, JsError> {
    LAST.with(|last| *last.borrow_mut() = None);
    let names: Vec<String> = names.iter().map(|n| n.as_string().unwrap_or_default()).collect();
    let buffers: Vec<Vec<u8>> = buffers.iter().map(|b| js_sys::Uint8Array::new(&b).to_vec()).collect();
    if names.len() != buffers.len() {
        return Err(JsError::new("each file needs a name"));
    }
    let files: Vec<SourceFile<'_>> =
        names.iter().zip(&buffers).map(|(name, bytes)| SourceFile { name, bytes }).collect();
    let mut last_report = f64::MIN;
    let batch = import_many(&files, &mut |p| {
        let now = js_sys::Date::now();
        if now - last_report < 100.0 && p.bytes_done < p.bytes_total {
            return;
        }
        last_report = now;
        let report = Progress {
            file: p.file as f64,
            files: p.files as f64,
            bytes_done: p.bytes_done as f64,
            bytes_total: p.bytes_total as f64,
            cases: p.cases as f64,
        };
        if let Ok(report) = serde_wasm_bindgen::to_value(&report) {
            let _ = on_progress.call1(&JsValue::NULL, &report);
        }
    });
    let summary =
        serde_json::to_string(&batch.summary()).map_err(|_| JsError::new("the import results could not be encoded"))?;
    LAST.with(|last| *last.borrow_mut() = Some(batch));
    Ok(summary)
}

/// One claim of the last import in full (`CaseDetail` as JSON).
#[wasm_bindgen]
pub fn imported_case(index: usize) -> Result<String, JsError> {
    LAST.with(|last| {
        let last = last.borrow();
        let detail = last
            .as_ref()
            .and_then(|batch| batch.detail(index))
            .ok_or_else(|| JsError::new("that claim is no longer in memory; import the file again"))?;
        serde_json::to_string(&detail).map_err(|_| JsError::new("the claim could not be encoded"))
    })
}

/// Forgets the last import.
#[wasm_bindgen]
pub fn forget() {
    LAST.with(|last| *last.borrow_mut() = None);
}

fn main() {
    // Panic messages can quote input text; never let them reach the console.
    std::panic::set_hook(Box::new(|_| {}));
}
