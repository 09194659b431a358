//! The browser app's Wasm entry point. Exports `mount(root, config)`, used by the standalone
//! page (`www/boot.js`), the `<retro-auth-request>` custom element (`www/embed.js`) and the
//! iframe mode (`www/embed-frame.js`). The exports live here, not in the library, so that the
//! packet-engine module (which links the same library) does not carry them.

use retroauth::ui::widget as bridge;
use retroauth::ui::{App, AppProps};
use retroauth::web::widget::{self, Config, Mode};
use retroauth::web::{dom, packet_client};
use wasm_bindgen::prelude::*;

/// The `config` object of `mount`, read by `serde-wasm-bindgen`. Each entry is taken as it
/// comes, so a wrongly typed one falls back to its default without affecting the others.
#[derive(Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct MountConfig {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    mode: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    asset_base: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    history: JsValue,
}

/// A mounted app, as the host page sees it.
#[wasm_bindgen]
pub struct WidgetHandle {
    app: Option<yew::AppHandle<App>>,
}

#[wasm_bindgen]
impl WidgetHandle {
    /// Loads a case (an object or JSON text in the case exchange format). Errors name the
    /// position or field, never values.
    pub fn prefill(&self, case: JsValue) -> Result<(), JsError> {
        let text = match case.as_string() {
            Some(text) => text,
            None => js_sys::JSON::stringify(&case)
                .ok()
                .and_then(|s| s.as_string())
                .ok_or_else(|| JsError::new("prefill: not JSON"))?,
        };
        bridge::prefill(&text).map_err(|e| JsError::new(&e))
    }

    /// Resolves with `{ready, valid, errorCount, warningCount, missingCount, missingElements,
    /// profile, daysLeft}` for the case as it is now: counts and ids only, no patient data.
    pub fn validate(&self) -> js_sys::Promise {
        wasm_bindgen_futures::future_to_promise(async {
            bridge::validate().await.map_err(|e| JsValue::from(js_sys::Error::new(&e)))
        })
    }

    /// Builds the packet; resolves with `{pdf: Blob, sha256, filename}`.
    #[wasm_bindgen(js_name = generatePdf)]
    pub fn generate_pdf(&self) -> js_sys::Promise {
        wasm_bindgen_futures::future_to_promise(async {
            bridge::generate_pdf().await.map_err(|e| JsValue::from(js_sys::Error::new(&e)))
        })
    }

    /// Clears the case, letter edits, attachments and packets from memory.
    pub fn reset(&self) {
        bridge::reset();
    }

    /// Unmounts the app and forgets everything it held.
    pub fn destroy(&mut self) {
        bridge::reset();
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        bridge::detach();
        widget::set_host(None);
        dom::set_root(None);
    }
}

/// Mounts the app into `root`. `config`: `{mode: "standalone" | "widget", assetBase, history}` where
/// `assetBase` is the URL of the folder holding the app's files (widget mode) and `history`
/// makes each step a browser history entry (default: only in standalone mode).
#[wasm_bindgen]
pub fn mount(root: web_sys::Element, config: JsValue) -> Result<WidgetHandle, JsError> {
    let config: MountConfig = serde_wasm_bindgen::from_value(config).unwrap_or_default();
    let mode = match config.mode.as_string().as_deref() {
        Some("widget") => Mode::Widget,
        _ => Mode::Standalone,
    };
    let asset_base = config.asset_base.as_string();
    // Steps as history entries: the standalone page's default; never for a widget unless asked.
    let history = config.history.as_bool().unwrap_or(mode == Mode::Standalone);
    if let Some(base) = &asset_base {
        packet_client::set_asset_base(base);
    }
    dom::set_root(Some(root.clone()));
    widget::set_host((mode == Mode::Widget).then(|| root.clone()));
    let props = AppProps { config: Config { mode, asset_base, history } };
    let app = yew::Renderer::<App>::with_root_and_props(root, props).render();
    Ok(WidgetHandle { app: Some(app) })
}

fn main() {
    // Panic messages can quote input text (e.g. a string slice); never print them. Yew's
    // default hook would log them to the console.
    yew::set_custom_panic_hook(Box::new(|_| {
        let fatal = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("fatal"));
        if let Some(fatal) = fatal {
            fatal.set_text_content(Some(
                "retroauth stopped because of an internal error. Reload the page; please report the problem.",
            ));
            let _ = fatal.remove_attribute("hidden");
        }
        widget::notify_error("internal_error", "retroauth stopped because of an internal error");
    }));
}
