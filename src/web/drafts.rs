//! Opt-in encrypted drafts: the only thing the app ever stores on the device, and only after
//! the user turns it on with a passphrase.
//!
//! * Key: PBKDF2-HMAC-SHA-256 over the passphrase with a random 16-byte salt and
//!   [`PBKDF2_ITERATIONS`] iterations (OWASP's 2023 figure), giving a **non-extractable**
//!   AES-256-GCM `CryptoKey` (Web Crypto). The key lives only in memory; the passphrase is not
//!   kept.
//! * Each save encrypts the draft with a fresh random 12-byte IV and stores
//!   `{v, kdf, iterations, salt, iv, ciphertext}` (base64) under one `localStorage` key. Nothing
//!   else is written: no plaintext, no names, no file names.
//! * Locking (by the user, or after [`IDLE_LOCK_MS`] without input) drops the key and wipes
//!   the case from memory; unlocking derives the key again from the passphrase and decrypts.
//! * "Clear all data" and "turn off" remove the stored draft.

use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// The `localStorage` key of the draft.
pub const STORAGE_KEY: &str = "retroauth.draft.v1";
/// PBKDF2 iterations (OWASP Password Storage Cheat Sheet, PBKDF2-HMAC-SHA256: 600,000).
pub const PBKDF2_ITERATIONS: u32 = 600_000;
/// Shortest passphrase accepted.
pub const MIN_PASSPHRASE_CHARS: usize = 10;
/// Idle time after which an unlocked draft is locked and the page wiped.
pub const IDLE_LOCK_MS: f64 = 15.0 * 60.0 * 1000.0;

thread_local! {
    static KEY: RefCell<Option<(web_sys::CryptoKey, Vec<u8>)>> = const { RefCell::new(None) };
}

/// The stored form of a draft.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StoredDraft {
    /// Format version (1).
    pub v: u32,
    /// Key derivation (`PBKDF2-SHA-256`).
    pub kdf: String,
    /// PBKDF2 iterations.
    pub iterations: u32,
    /// Salt, base64.
    pub salt: String,
    /// AES-GCM IV, base64.
    pub iv: String,
    /// AES-GCM ciphertext with its tag, base64.
    pub ciphertext: String,
}

/// What a draft holds once decrypted.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DraftContent {
    /// The case, as case-file JSON.
    pub case_json: String,
    /// The user's letter edits, if any.
    pub letter_edit: Option<String>,
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn b64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].iter().enumerate() {
            if i <= chunk.len() {
                out.push(B64[((n >> shift) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard base64; `None` for anything malformed.
pub fn b64_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let value = B64.iter().position(|b| *b == c)? as u32;
        buffer = (buffer << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn subtle() -> Result<(web_sys::Crypto, web_sys::SubtleCrypto), String> {
    let crypto = web_sys::window().ok_or("no window")?.crypto().map_err(|_| "Web Crypto is not available")?;
    let subtle = crypto.subtle();
    Ok((crypto, subtle))
}

fn random_bytes(n: usize) -> Result<Vec<u8>, String> {
    let (crypto, _) = subtle()?;
    let mut bytes = vec![0u8; n];
    crypto.get_random_values_with_u8_array(&mut bytes).map_err(|_| "no random numbers available".to_string())?;
    Ok(bytes)
}

async fn derive_key(passphrase: &str, salt: &[u8], iterations: u32) -> Result<web_sys::CryptoKey, String> {
    let (_, subtle) = subtle()?;
    let usages = js_sys::Array::of1(&JsValue::from_str("deriveKey"));
    let raw = js_sys::Uint8Array::from(passphrase.as_bytes());
    let base = JsFuture::from(
        subtle.import_key_with_str("raw", &raw, "PBKDF2", false, &usages).map_err(|_| "key import failed")?,
    )
    .await
    .map_err(|_| "key import failed")?;
    let base: web_sys::CryptoKey = base.dyn_into().map_err(|_| "key import failed")?;
    let salt = js_sys::Uint8Array::from(salt);
    let params = web_sys::Pbkdf2Params::new_with_str("PBKDF2", "SHA-256", iterations, &salt);
    let aes = web_sys::AesKeyGenParams::new("AES-GCM", 256);
    let usages = js_sys::Array::of2(&JsValue::from_str("encrypt"), &JsValue::from_str("decrypt"));
    let key = JsFuture::from(
        subtle
            .derive_key_with_object_and_object(&params, &base, &aes, false, &usages)
            .map_err(|_| "key derivation failed")?,
    )
    .await
    .map_err(|_| "key derivation failed")?;
    key.dyn_into().map_err(|_| "key derivation failed".to_string())
}

/// The stored draft, if there is a readable one.
pub fn stored() -> Option<StoredDraft> {
    let text = storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

/// True when a draft is stored on this device.
pub fn has_draft() -> bool {
    stored().is_some()
}

/// True when drafts are on and unlocked in this page.
pub fn is_unlocked() -> bool {
    KEY.with(|key| key.borrow().is_some())
}

/// Turns drafts on with a new passphrase (a new salt; any old draft is replaced on next save).
pub async fn turn_on(passphrase: &str) -> Result<(), String> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(format!("use a passphrase of at least {MIN_PASSPHRASE_CHARS} characters"));
    }
    let salt = random_bytes(16)?;
    let key = derive_key(passphrase, &salt, PBKDF2_ITERATIONS).await?;
    KEY.with(|slot| *slot.borrow_mut() = Some((key, salt)));
    Ok(())
}

/// Unlocks the stored draft with its passphrase and returns its content.
pub async fn unlock(passphrase: &str) -> Result<DraftContent, String> {
    let draft = stored().ok_or("there is no draft on this device")?;
    let salt = b64_decode(&draft.salt).ok_or("the stored draft is damaged")?;
    let mut iv = b64_decode(&draft.iv).ok_or("the stored draft is damaged")?;
    let ciphertext = b64_decode(&draft.ciphertext).ok_or("the stored draft is damaged")?;
    let key = derive_key(passphrase, &salt, draft.iterations).await?;
    let (_, subtle) = subtle()?;
    let params = web_sys::AesGcmParams::new_with_u8_slice("AES-GCM", &mut iv);
    let plain = JsFuture::from(
        subtle.decrypt_with_object_and_u8_array(&params, &key, &ciphertext).map_err(|_| "decryption failed")?,
    )
    .await
    .map_err(|_| "wrong passphrase (or the draft is damaged)".to_string())?;
    let plain = js_sys::Uint8Array::new(&plain).to_vec();
    let content: DraftContent = serde_json::from_slice(&plain).map_err(|_| "the stored draft is damaged")?;
    KEY.with(|slot| *slot.borrow_mut() = Some((key, salt)));
    Ok(content)
}

/// Encrypts and stores `content` (no-op when drafts are off or locked).
pub async fn save(content: &DraftContent) -> Result<(), String> {
    let Some((key, salt)) = KEY.with(|slot| slot.borrow().clone()) else { return Ok(()) };
    let plain = serde_json::to_vec(content).map_err(|_| "the draft could not be prepared")?;
    let mut iv = random_bytes(12)?;
    let stored_iv = b64_encode(&iv);
    let (_, subtle) = subtle()?;
    let params = web_sys::AesGcmParams::new_with_u8_slice("AES-GCM", &mut iv);
    let cipher = JsFuture::from(
        subtle.encrypt_with_object_and_u8_array(&params, &key, &plain).map_err(|_| "encryption failed")?,
    )
    .await
    .map_err(|_| "encryption failed".to_string())?;
    let cipher = js_sys::Uint8Array::new(&cipher).to_vec();
    let draft = StoredDraft {
        v: 1,
        kdf: "PBKDF2-SHA-256".to_string(),
        iterations: PBKDF2_ITERATIONS,
        salt: b64_encode(&salt),
        iv: stored_iv,
        ciphertext: b64_encode(&cipher),
    };
    let text = serde_json::to_string(&draft).map_err(|_| "the draft could not be stored")?;
    // A lock or "turn off" may have happened while encrypting: do not resurrect the draft.
    if !is_unlocked() {
        return Ok(());
    }
    storage()
        .ok_or("this browser does not allow storage here")?
        .set_item(STORAGE_KEY, &text)
        .map_err(|_| "the draft could not be stored (storage full or blocked)".to_string())
}

/// Drops the key from memory; the stored draft stays, locked.
pub fn lock() {
    KEY.with(|slot| *slot.borrow_mut() = None);
    // Locking wipes the page; an import held by the import worker goes too.
    super::import_client::forget();
}

/// Drops the key and deletes the stored draft.
pub fn forget() {
    lock();
    if let Some(storage) = storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        for sample in [&b""[..], b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar", &[0, 255, 128, 7, 1]] {
            let encoded = b64_encode(sample);
            assert_eq!(b64_decode(&encoded).as_deref(), Some(sample), "{encoded}");
        }
        assert_eq!(b64_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(b64_encode(b"fo"), "Zm8=");
        assert_eq!(b64_decode("Zm9v!"), None);
    }
}
