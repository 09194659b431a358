//! Idle detection for the auto-lock of drafts: the time of the user's last input.

use std::cell::Cell;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

thread_local! {
    static LAST_INPUT_MS: Cell<f64> = const { Cell::new(0.0) };
    static INSTALLED: Cell<bool> = const { Cell::new(false) };
}

/// Milliseconds since the epoch, from the browser clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Starts tracking input (keys, pointer, wheel) on the window; safe to call more than once.
pub fn install() {
    LAST_INPUT_MS.with(|last| last.set(now_ms()));
    if INSTALLED.with(|installed| installed.replace(true)) {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let touch = Closure::<dyn FnMut(web_sys::Event)>::new(|_| LAST_INPUT_MS.with(|last| last.set(now_ms())));
    for name in ["keydown", "pointerdown", "wheel", "input"] {
        let _ = window.add_event_listener_with_callback(name, touch.as_ref().unchecked_ref());
    }
    // The listener lives as long as the page.
    touch.forget();
}

/// Milliseconds since the last input.
pub fn idle_for_ms() -> f64 {
    now_ms() - LAST_INPUT_MS.with(Cell::get)
}

/// Calls `on_idle` once after `limit_ms` without input, checking every `every_ms`; returns a
/// function that stops the timer.
pub fn watch(limit_ms: f64, every_ms: i32, on_idle: impl Fn() + 'static) -> impl FnOnce() {
    install();
    let window = web_sys::window();
    let tick = Closure::<dyn FnMut()>::new(move || {
        if idle_for_ms() >= limit_ms {
            LAST_INPUT_MS.with(|last| last.set(now_ms()));
            on_idle();
        }
    });
    let handle = window.as_ref().and_then(|w| {
        w.set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), every_ms).ok()
    });
    move || {
        if let (Some(window), Some(handle)) = (window, handle) {
            window.clear_interval_with_handle(handle);
        }
        drop(tick);
    }
}
