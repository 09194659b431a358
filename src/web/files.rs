//! Reading files the user picked (never uploaded anywhere).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The largest case or note file the app reads (bytes); bigger files get a clear message.
pub const MAX_TEXT_FILE_BYTES: f64 = 20.0 * 1024.0 * 1024.0;

/// The first file chosen in an `<input type="file">`, if any.
pub fn first_file(input: &web_sys::HtmlInputElement) -> Option<web_sys::File> {
    input.files().and_then(|files| files.get(0))
}

/// Reads a file as UTF-8 text.
pub async fn read_text(file: &web_sys::File) -> Result<String, String> {
    if file.size() > MAX_TEXT_FILE_BYTES {
        return Err(format!("the file is larger than {} MB", MAX_TEXT_FILE_BYTES / 1024.0 / 1024.0));
    }
    let text = JsFuture::from(file.text())
        .await
        .map_err(|e| format!("the file could not be read ({})", super::describe_js_error(&e)))?;
    text.dyn_into::<js_sys::JsString>().map(String::from).map_err(|_| "the file could not be read as text".to_string())
}

/// Reads a file as bytes.
pub async fn read_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("the file could not be read ({})", super::describe_js_error(&e)))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
