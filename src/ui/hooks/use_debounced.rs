//! `use_debounced`: a value that follows another after it has been still for a while.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

/// Returns `value` once it has not changed for `delay_ms` milliseconds; until then the previous
/// settled value. Used to re-run the checks while the user types without doing the work on
/// every keystroke, so input never waits for analysis.
#[hook]
pub fn use_debounced<T>(value: T, delay_ms: i32) -> T
where
    T: Clone + PartialEq + 'static,
{
    let settled = use_state(|| value.clone());
    {
        let settled = settled.clone();
        use_effect_with(value, move |value| {
            let value = value.clone();
            let window = web_sys::window();
            let callback = Closure::once(move || settled.set(value));
            let handle = window.as_ref().and_then(|w| {
                w.set_timeout_with_callback_and_timeout_and_arguments_0(callback.as_ref().unchecked_ref(), delay_ms)
                    .ok()
            });
            move || {
                if let (Some(window), Some(handle)) = (window, handle) {
                    window.clear_timeout_with_handle(handle);
                }
                drop(callback);
            }
        });
    }
    (*settled).clone()
}
