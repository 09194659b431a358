//! Wiping what the app may have left on this device: the encrypted draft (when drafts were
//! turned on) and the offline copy of the app's files (Cache Storage). The offline copy holds
//! only the app's own files, never user data; it is removed too so "Clear all data" leaves
//! nothing behind, and the next online visit fetches it again.

use wasm_bindgen_futures::JsFuture;

/// Removes drafts and cached files. Best effort: failures leave nothing half-written.
pub fn clear_device_data() {
    super::drafts::forget();
    super::import_client::forget();
    let Some(window) = web_sys::window() else { return };
    let Ok(caches) = window.caches() else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(keys) = JsFuture::from(caches.keys()).await else { return };
        for key in js_sys::Array::from(&keys).iter() {
            if let Some(name) = key.as_string() {
                let _ = JsFuture::from(caches.delete(&name)).await;
            }
        }
    });
}
