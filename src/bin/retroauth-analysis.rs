//! The analysis engine as its own Wasm module, run inside a Web Worker
//! (`www/analysis-worker.js`): claim-data validation and the medical-necessity checks, with the
//! code sets and profile data they need. Keeping them out of the app module halves the app's
//! first load and keeps long notes from ever blocking typing.

use retroauth::core::analysis::Analysis;
use retroauth::core::model::Case;
use wasm_bindgen::prelude::*;

/// Analyses a case; returns the `Analysis` as JSON. Errors carry no patient data.
#[wasm_bindgen]
pub fn analyze(case_json: &str, today: &str) -> Result<String, JsError> {
    let case = Case::from_json(case_json).map_err(|e| JsError::new(&format!("the case could not be read: {e}")))?;
    let today = retroauth::core::model::date::parse_iso(today)
        .ok_or_else(|| JsError::new("the request date must be YYYY-MM-DD"))?;
    serde_json::to_string(&Analysis::run(&case, today)).map_err(|_| JsError::new("the results could not be encoded"))
}

fn main() {
    // Panic messages can quote input text; never let them reach the console.
    std::panic::set_hook(Box::new(|_| {}));
}
