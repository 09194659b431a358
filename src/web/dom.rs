//! Finding the app's own elements, whether it is mounted in the page or inside a shadow root
//! (the `<retro-auth-request>` widget), and moving focus or a text selection to them.

use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

thread_local! {
    static ROOT: RefCell<Option<web_sys::Element>> = const { RefCell::new(None) };
}

/// Records the element the app is mounted in; lookups search below it.
pub fn set_root(root: Option<web_sys::Element>) {
    ROOT.with(|slot| *slot.borrow_mut() = root);
}

/// The first element under the app's root matching a CSS selector.
pub fn query(selector: &str) -> Option<web_sys::Element> {
    let root = ROOT.with(|slot| slot.borrow().clone());
    match root {
        Some(root) => root.query_selector(selector).ok().flatten(),
        None => web_sys::window()?.document()?.query_selector(selector).ok().flatten(),
    }
}

/// The element with this id under the app's root. Ids in this app are made of letters,
/// digits, `-` and `_`, so they need no escaping in a selector.
pub fn by_id(id: &str) -> Option<web_sys::Element> {
    if !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return None;
    }
    query(&format!("#{id}"))
}

/// Runs `f` after the current render has reached the DOM.
pub fn after_render(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else { return };
    let callback = Closure::once_into_js(f);
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 0);
}

fn focus_element(element: web_sys::Element) {
    if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
        if element.tab_index() < 0 && !matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT" | "BUTTON")
        {
            element.set_tab_index(-1);
        }
        element.scroll_into_view();
        let _ = element.focus();
    }
}

/// Focuses the first element matching `selector` once the next render is done.
pub fn focus_later(selector: &'static str) {
    after_render(move || {
        if let Some(element) = query(selector) {
            focus_element(element);
        }
    });
}

/// Focuses the element with this id once the next render is done.
pub fn focus_id_later(id: String) {
    after_render(move || {
        if let Some(element) = by_id(&id) {
            focus_element(element);
        }
    });
}

/// Selects characters `start..end` (UTF-16 code units, as the DOM counts) of the text area
/// with this id and scrolls them into view, once the next render is done.
pub fn select_text_later(id: String, start: u32, end: u32) {
    after_render(move || {
        let Some(area) = by_id(&id).and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) else { return };
        let _ = area.focus();
        let _ = area.set_selection_range(start, end);
        // Scroll the selection into view: move the caret to the start first, then select
        // (browsers scroll to the caret); the line-height estimate keeps long notes usable.
        let text = area.value();
        let line = text.encode_utf16().take(start as usize).filter(|u| *u == u16::from(b'\n')).count() as i32;
        area.set_scroll_top((line - 3).max(0) * 18);
        area.scroll_into_view();
    });
}

/// The UTF-16 offset of UTF-8 byte `byte` in `text` (clamped to the text; a byte inside a
/// character counts from that character's start).
pub fn utf16_offset(text: &str, byte: usize) -> u32 {
    let mut end = byte.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].encode_utf16().count() as u32
}
