//! Request/response over a module Web Worker: each request gets an id, the worker answers
//! `{id, ok: true, result}` or `{id, ok: false, error}`. Used for the packet engine and the
//! analysis engine, each a Wasm module of its own loaded off the main thread on first use.
//! Error texts never contain patient data.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

type Pending = Rc<RefCell<HashMap<u32, (js_sys::Function, js_sys::Function)>>>;

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

/// A property of a JS object (undefined when absent).
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
        let message = JsValue::from_str("a background worker failed to load");
        for (_, (_, reject)) in pending_for_error.borrow_mut().drain() {
            let _ = reject.call1(&JsValue::NULL, &message);
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

/// Sends `message` (an object; an `id` is added) to the worker in `file` and waits for the
/// answer's `result`. `transfer` lists buffers to move instead of copy.
pub async fn request(file: &'static str, message: js_sys::Object) -> Result<JsValue, String> {
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
            pending.borrow_mut().insert(id, (resolve, reject));
        });
        client
            .worker
            .post_message(&message)
            .map_err(|e| format!("the background worker could not be reached ({})", super::describe_js_error(&e)))?;
        Ok(promise)
    })?;
    JsFuture::from(promise)
        .await
        .map_err(|error| error.as_string().unwrap_or_else(|| "the background worker failed".to_string()))
}
