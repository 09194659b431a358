//! The page's history and the "leave page?" guard.
//!
//! * In the standalone page (mount config `history: true`) each step of the guided flow is a
//!   history entry: going to a step pushes `{retroauth: "step", step: "<name>"}` with the URL
//!   fragment `#step=<name>`, so Back shows the previous step and Forward the next visited one,
//!   inside the page (no reload, nothing typed is lost). The entry holds a step name only,
//!   never patient data. The first entry is replaced, not pushed, so Back from the first step
//!   leaves the app as it would leave any page.
//! * Embedded (custom element, iframe) the app never touches the history: it belongs to the
//!   host portal.
//! * While the case has unsaved changes a `beforeunload` listener asks the browser to confirm
//!   leaving or reloading (the browser shows its own generic text).
//!
//! `History`, `PopStateEvent` and `BeforeUnloadEvent` are reached through `Reflect` (no extra
//! `web-sys` features).

use js_sys::Reflect;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

const MARKER_KEY: &str = "retroauth";
const MARKER: &str = "step";

fn get(object: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(object, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

fn history() -> Option<JsValue> {
    get(&web_sys::window()?.into(), "history")
}

/// The step name held by a history state object of ours, if it is one.
fn step_of_state(state: &JsValue) -> Option<String> {
    (get(state, MARKER_KEY)?.as_string()? == MARKER).then(|| get(state, "step")?.as_string())?
}

/// The step name in a URL fragment (`#step=review`), if any.
pub fn step_of_fragment(fragment: &str) -> Option<&str> {
    let name = fragment.strip_prefix('#').unwrap_or(fragment).strip_prefix("step=")?;
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase())).then_some(name)
}

/// The step name of the current history entry (ours), else of the URL fragment.
pub fn current_step() -> Option<String> {
    if let Some(step) = history().and_then(|h| get(&h, "state")).and_then(|s| step_of_state(&s)) {
        return Some(step);
    }
    let location = get(&web_sys::window()?.into(), "location")?;
    let hash = get(&location, "hash")?.as_string()?;
    step_of_fragment(&hash).map(str::to_string)
}

fn entry_step() -> Option<String> {
    history().and_then(|h| get(&h, "state")).and_then(|s| step_of_state(&s))
}

fn call(method: &str, step: &str) {
    let Some(history) = history() else { return };
    let Some(function) = get(&history, method).and_then(|f| f.dyn_into::<js_sys::Function>().ok()) else { return };
    let state = js_sys::Object::new();
    let _ = Reflect::set(&state, &JsValue::from_str(MARKER_KEY), &JsValue::from_str(MARKER));
    let _ = Reflect::set(&state, &JsValue::from_str("step"), &JsValue::from_str(step));
    let url = JsValue::from_str(&format!("#step={step}"));
    let _ = function.call3(&history, &state, &JsValue::from_str(""), &url);
}

/// Records that `step` is on screen: nothing when the current entry already shows it (e.g.
/// after Back), a new entry after a step change, or the page's first entry replaced.
pub fn show_step(step: &str) {
    match entry_step() {
        Some(current) if current == step => {}
        Some(_) => call("pushState", step),
        None => call("replaceState", step),
    }
}

/// Calls `on_step` with the step name whenever the user moves through the history (Back,
/// Forward, or an edited `#step=` fragment). Returns a function that stops listening.
pub fn listen(on_step: impl Fn(String) + 'static) -> impl FnOnce() {
    let window = web_sys::window();
    let listener = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let from_state = get(&event, "state").and_then(|s| step_of_state(&s));
        if let Some(step) = from_state.or_else(current_step) {
            on_step(step);
        }
    });
    if let Some(window) = &window {
        let _ = window.add_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref());
    }
    move || {
        if let Some(window) = window {
            let _ = window.remove_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref());
        }
        drop(listener);
    }
}

/// Asks the browser to confirm leaving or reloading the page until the returned function is
/// called.
pub fn guard_unload() -> impl FnOnce() {
    let window = web_sys::window();
    let listener = Closure::<dyn FnMut(web_sys::Event)>::new(|event: web_sys::Event| {
        event.prevent_default();
        // Older browsers need returnValue set; the text is never shown.
        let _ = Reflect::set(&event, &JsValue::from_str("returnValue"), &JsValue::from_str("unsaved"));
    });
    if let Some(window) = &window {
        let _ = window.add_event_listener_with_callback("beforeunload", listener.as_ref().unchecked_ref());
    }
    move || {
        if let Some(window) = window {
            let _ = window.remove_event_listener_with_callback("beforeunload", listener.as_ref().unchecked_ref());
        }
        drop(listener);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_name_a_step_or_nothing() {
        assert_eq!(step_of_fragment("#step=review"), Some("review"));
        assert_eq!(step_of_fragment("step=notes"), Some("notes"));
        for bad in ["", "#", "#review", "#step=", "#step=Review", "#step=a&b", "#step=<x>", "#other=1"] {
            assert_eq!(step_of_fragment(bad), None, "{bad}");
        }
    }
}
