//! Talks to the packet engine, which runs in a Web Worker (`www/packet-worker.js` loading the
//! `retroauth-packet` Wasm module). The engine (printpdf and its fonts) is about twenty times
//! the size of the app, so it is loaded on first use, off the main thread: the page never
//! freezes while a packet is built, and the first load carries only the app.
//!
//! Protocol: the page posts `{id, caseJson, letter, today, pageSize}`; the worker answers
//! `{id, ok: true, result: {bytes, pageCount, sha256, warnings}}` or `{id, ok: false, error}`.
//! Error texts never contain patient data.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Where the worker script is, relative to the app's files.
pub const WORKER_FILE: &str = "packet-worker.js";

/// A file to append to the packet.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    /// The file's name.
    pub name: String,
    /// Its bytes.
    pub bytes: std::rc::Rc<Vec<u8>>,
}

/// A built packet, as the worker returns it.
#[derive(Debug, Clone, PartialEq)]
pub struct PacketResult {
    /// The PDF.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub page_count: u32,
    /// SHA-256 of `bytes`, hex.
    pub sha256: String,
    /// Warnings from the engine (no patient data).
    pub warnings: Vec<String>,
}

type Pending = Rc<RefCell<HashMap<u32, (js_sys::Function, js_sys::Function)>>>;

struct Client {
    worker: web_sys::Worker,
    pending: Pending,
    next_id: u32,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
    static BASE: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Sets the URL of the folder holding the app's files (widget mode: where `embed.js` came
/// from). Empty means "relative to the page".
pub fn set_asset_base(base: &str) {
    BASE.with(|slot| *slot.borrow_mut() = base.to_string());
}

fn worker_url() -> String {
    let base = BASE.with(|slot| slot.borrow().clone());
    if base.is_empty() { format!("./{WORKER_FILE}") } else { format!("{base}{WORKER_FILE}") }
}

fn get_prop(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn start_client() -> Result<Client, String> {
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    let worker = web_sys::Worker::new_with_options(&worker_url(), &options)
        .map_err(|e| format!("the packet engine could not be started ({})", super::describe_js_error(&e)))?;
    let pending: Pending = Rc::default();

    let pending_for_message = pending.clone();
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let data = event.data();
        let Some(id) = get_prop(&data, "id").as_f64() else { return };
        let Some((resolve, reject)) = pending_for_message.borrow_mut().remove(&(id as u32)) else { return };
        if get_prop(&data, "ok").as_bool() == Some(true) {
            let _ = resolve.call1(&JsValue::NULL, &get_prop(&data, "result"));
        } else {
            let _ = reject.call1(&JsValue::NULL, &get_prop(&data, "error"));
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));

    let pending_for_error = pending.clone();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        event.prevent_default();
        let message = JsValue::from_str("the packet engine failed to load");
        for (_, (_, reject)) in pending_for_error.borrow_mut().drain() {
            let _ = reject.call1(&JsValue::NULL, &message);
        }
        // Start afresh next time.
        CLIENT.with(|client| client.borrow_mut().take());
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));

    Ok(Client { worker, pending, next_id: 1, _on_message: on_message, _on_error: on_error })
}

/// Starts the worker ahead of use (e.g. when the browser is idle), so the first packet is fast.
pub fn prefetch() {
    CLIENT.with(|client| {
        let mut client = client.borrow_mut();
        if client.is_none() {
            *client = start_client().ok();
        }
    });
}

/// Builds the packet in the worker.
pub async fn build_packet(
    case_json: &str,
    letter: &str,
    today: &str,
    page_size: &str,
    attachments: &[Attachment],
) -> Result<PacketResult, String> {
    let message = js_sys::Object::new();
    for (key, value) in [("caseJson", case_json), ("letter", letter), ("today", today), ("pageSize", page_size)] {
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    let files = js_sys::Array::new();
    for attachment in attachments {
        let file = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&file, &JsValue::from_str("name"), &JsValue::from_str(&attachment.name));
        let _ = js_sys::Reflect::set(
            &file,
            &JsValue::from_str("bytes"),
            &js_sys::Uint8Array::from(attachment.bytes.as_slice()),
        );
        files.push(&file);
    }
    let _ = js_sys::Reflect::set(&message, &JsValue::from_str("attachments"), &files);
    let promise = CLIENT.with(|client| -> Result<js_sys::Promise, String> {
        let mut client = client.borrow_mut();
        if client.is_none() {
            *client = Some(start_client()?);
        }
        let Some(client) = client.as_mut() else { return Err("the packet engine is not available".to_string()) };
        let id = client.next_id;
        client.next_id = client.next_id.wrapping_add(1);
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str("id"), &JsValue::from_f64(f64::from(id)));
        let pending = client.pending.clone();
        let promise = js_sys::Promise::new(&mut |resolve, reject| {
            pending.borrow_mut().insert(id, (resolve, reject));
        });
        client
            .worker
            .post_message(&message)
            .map_err(|e| format!("the packet engine could not be reached ({})", super::describe_js_error(&e)))?;
        Ok(promise)
    })?;
    let result = JsFuture::from(promise)
        .await
        .map_err(|error| error.as_string().unwrap_or_else(|| "the packet engine failed".to_string()))?;
    let bytes = get_prop(&result, "bytes")
        .dyn_into::<js_sys::Uint8Array>()
        .map_err(|_| "the packet engine returned no PDF".to_string())?
        .to_vec();
    let page_count = get_prop(&result, "pageCount").as_f64().unwrap_or(0.0) as u32;
    let sha256 = get_prop(&result, "sha256").as_string().unwrap_or_default();
    let warnings = js_sys::Array::from(&get_prop(&result, "warnings")).iter().filter_map(|w| w.as_string()).collect();
    Ok(PacketResult { bytes, page_count, sha256, warnings })
}
