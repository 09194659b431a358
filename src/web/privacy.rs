//! Wiping what the app may have left on this device: the encrypted draft (when drafts were
//! turned on) and the offline copy of the app's files (Cache Storage). The offline copy holds
//! only the app's own files, never user data; it is removed too so "Clear all data" leaves
//! nothing behind, and the next online visit fetches it again.
//!
//! Only retroauth's own things go: the draft's `localStorage` key ([`super::drafts::STORAGE_KEY`],
//! the only key the app writes) and the caches the service worker names `retroauth-<version>`
//! (`www/sw.js`). An embedding portal shares the origin with the widget, so its own caches and
//! storage keys stay untouched.

use wasm_bindgen_futures::JsFuture;

/// The prefix of the service worker's cache names (`www/sw.js`: `retroauth-${VERSION}`).
pub const CACHE_PREFIX: &str = "retroauth-";

/// True for a cache that belongs to retroauth (and may be deleted by "Clear all data").
pub fn is_own_cache(name: &str) -> bool {
    name.strip_prefix(CACHE_PREFIX).is_some_and(|version| !version.is_empty())
}

/// Removes drafts and cached files. Best effort: failures leave nothing half-written.
pub fn clear_device_data() {
    super::drafts::forget();
    super::import_client::forget();
    let Some(window) = web_sys::window() else { return };
    let Ok(caches) = window.caches() else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(keys) = JsFuture::from(caches.keys()).await else { return };
        for key in js_sys::Array::from(&keys).iter() {
            if let Some(name) = key.as_string().filter(|name| is_own_cache(name)) {
                let _ = JsFuture::from(caches.delete(&name)).await;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_retroauth_caches_are_ours() {
        for own in ["retroauth-0123456789abcdef", "retroauth-1", "retroauth-dev-build"] {
            assert!(is_own_cache(own), "{own}");
        }
        for foreign in
            ["portal-cache", "retroauth", "retroauth-", "Retroauth-1", "my-retroauth-1", "", "workbox-precache-v2"]
        {
            assert!(!is_own_cache(foreign), "{foreign}");
        }
    }
}
