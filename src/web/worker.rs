//! Request/response over a module Web Worker: each request gets an id, the worker answers
//! `{id, ok: true, result}` or `{id, ok: false, error}`. Used for the analysis, import and
//! packet engines, each a Wasm module of its own loaded off the main thread on first use.
//! Error texts never contain patient data. Messages are Rust structs turned into plain JS
//! objects and back by `serde-wasm-bindgen` ([`call`], [`Reply`]); buffers and results pass
//! through untouched (`serde_wasm_bindgen::preserve`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// A request waiting for its answer: resolve, reject, and what to call on progress messages.
struct Waiting {
    resolve: js_sys::Function,
    reject: js_sys::Function,
    on_progress: Option<Rc<dyn Fn(JsValue)>>,
}

type Pending = Rc<RefCell<HashMap<u32, Waiting>>>;

struct Client {
    worker: web_sys::Worker,
    pending: Pending,
    next_id: u32,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static CLIENTS: RefCell<HashMap<&'static str, Client>> = RefCell::new(HashMap::new());
    static BASE: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Sets the URL of the folder holding the app's files (widget mode: where `embed.js` came
/// from). Empty means "relative to the page".
pub fn set_asset_base(base: &str) {
    BASE.with(|slot| *slot.borrow_mut() = base.to_string());
}

fn url_of(file: &str) -> String {
    let base = BASE.with(|slot| slot.borrow().clone());
    if base.is_empty() { format!("./{file}") } else { format!("{base}{file}") }
}

/// What a worker posts back: `{id, progress}` while it works, then `{id, ok, result | error}`.
#[derive(serde::Deserialize)]
struct Reply {
    id: f64,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    progress: JsValue,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    ok: JsValue,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    result: JsValue,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    error: JsValue,
}

/// A property of a JS object (undefined when absent), for replies read by hand.
pub fn get_prop(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn start(file: &'static str) -> Result<Client, String> {
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    let worker = web_sys::Worker::new_with_options(&url_of(file), &options)
        .map_err(|e| format!("a background worker could not be started ({})", super::describe_js_error(&e)))?;
    let pending: Pending = Rc::default();

    let pending_for_message = pending.clone();
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let Ok(reply) = serde_wasm_bindgen::from_value::<Reply>(event.data()) else { return };
        let id = reply.id as u32;
        if !reply.progress.is_undefined() {
            let callback = pending_for_message.borrow().get(&id).and_then(|w| w.on_progress.clone());
            if let Some(callback) = callback {
                callback(reply.progress);
            }
            return;
        }
        let Some(waiting) = pending_for_message.borrow_mut().remove(&id) else { return };
        if reply.ok.as_bool() == Some(true) {
            let _ = waiting.resolve.call1(&JsValue::NULL, &reply.result);
        } else {
            let _ = waiting.reject.call1(&JsValue::NULL, &reply.error);
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));

    let pending_for_error = pending.clone();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        event.prevent_default();
        let message = JsValue::from_str("a background worker failed to load");
        for (_, waiting) in pending_for_error.borrow_mut().drain() {
            let _ = waiting.reject.call1(&JsValue::NULL, &message);
        }
        // Start afresh next time.
        CLIENTS.with(|clients| clients.borrow_mut().remove(file));
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));

    Ok(Client { worker, pending, next_id: 1, _on_message: on_message, _on_error: on_error })
}

/// Starts the worker ahead of use, so the first request is fast.
pub fn prefetch(file: &'static str) {
    CLIENTS.with(|clients| {
        let mut clients = clients.borrow_mut();
        if !clients.contains_key(file)
            && let Ok(client) = start(file)
        {
            clients.insert(file, client);
        }
    });
}

/// Stops the worker in `file` (its memory goes with it); requests still waiting are rejected.
pub fn terminate(file: &'static str) {
    let client = CLIENTS.with(|clients| clients.borrow_mut().remove(file));
    if let Some(client) = client {
        client.worker.terminate();
        let message = JsValue::from_str("the background work was stopped");
        for (_, waiting) in client.pending.borrow_mut().drain() {
            let _ = waiting.reject.call1(&JsValue::NULL, &message);
        }
    }
}

/// Sends `message` (any serialisable struct, as a plain JS object; an `id` is added) to the
/// worker in `file` and waits for the answer's `result`; see [`request_with_progress`] for
/// `on_progress` and `transfer`.
pub async fn call<T: serde::Serialize + ?Sized>(
    file: &'static str,
    message: &T,
    on_progress: Option<Rc<dyn Fn(JsValue)>>,
    transfer: &js_sys::Array,
) -> Result<JsValue, String> {
    let message = super::to_js(message)
        .dyn_into::<js_sys::Object>()
        .map_err(|_| "the request could not be encoded".to_string())?;
    request_with_progress(file, message, on_progress, transfer).await
}

/// Sends `message` (an object; an `id` is added) to the worker in `file` and waits for the
/// answer's `result`.
pub async fn request(file: &'static str, message: js_sys::Object) -> Result<JsValue, String> {
    request_with_progress(file, message, None, &js_sys::Array::new()).await
}

/// [`request`], calling `on_progress` with the `progress` of every `{id, progress}` message the
/// worker posts before its answer; the buffers in `transfer` are moved to the worker, not copied.
pub async fn request_with_progress(
    file: &'static str,
    message: js_sys::Object,
    on_progress: Option<Rc<dyn Fn(JsValue)>>,
    transfer: &js_sys::Array,
) -> Result<JsValue, String> {
    let promise = CLIENTS.with(|clients| -> Result<js_sys::Promise, String> {
        let mut clients = clients.borrow_mut();
        if !clients.contains_key(file) {
            clients.insert(file, start(file)?);
        }
        let Some(client) = clients.get_mut(file) else {
            return Err("the background worker is not available".to_string());
        };
        let id = client.next_id;
        client.next_id = client.next_id.wrapping_add(1);
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str("id"), &JsValue::from_f64(f64::from(id)));
        let pending = client.pending.clone();
        let promise = js_sys::Promise::new(&mut |resolve, reject| {
            pending.borrow_mut().insert(id, Waiting { resolve, reject, on_progress: on_progress.clone() });
        });
        client
            .worker
            .post_message_with_transfer(&message, transfer)
            .map_err(|e| format!("the background worker could not be reached ({})", super::describe_js_error(&e)))?;
        Ok(promise)
    })?;
    JsFuture::from(promise)
        .await
        .map_err(|error| error.as_string().unwrap_or_else(|| "the background worker failed".to_string()))
}
