//! The browser app's entry point: mounts [`retroauth::ui::App`] into `#app`.

fn main() {
    // Panic messages can quote input text (e.g. a string slice); never print them. Yew's
    // default hook would log them to the console.
    yew::set_custom_panic_hook(Box::new(|_| {
        if let Some(status) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("fatal")) {
            status.set_text_content(Some(
                "retroauth stopped because of an internal error. Reload the page; please report the problem.",
            ));
            let _ = status.remove_attribute("hidden");
        }
    }));
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            yew::Renderer::<retroauth::ui::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<retroauth::ui::App>::new().render();
        }
    }
}
