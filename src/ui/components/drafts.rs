//! Opt-in encrypted drafts: the toolbar control (turn on with a passphrase, lock, turn off) and
//! the unlock panel shown while a stored draft is locked. See `crate::web::drafts`.

use crate::ui::AppContext;
use crate::ui::state::{Action, Banner, BannerKind, DraftsStatus};
use crate::web::drafts;
use web_sys::HtmlInputElement;
use yew::prelude::*;

fn input_value(node: &NodeRef) -> String {
    node.cast::<HtmlInputElement>().map(|input| input.value()).unwrap_or_default()
}

fn clear_input(node: &NodeRef) {
    if let Some(input) = node.cast::<HtmlInputElement>() {
        input.set_value("");
    }
}

/// The drafts control in the toolbar.
#[component]
pub fn DraftsControl() -> Html {
    let Some(state) = use_context::<AppContext>() else { return html! {} };
    let open = use_state(|| false);
    let busy = use_state(|| false);
    let passphrase = use_node_ref();
    let repeat = use_node_ref();
    match state.drafts {
        DraftsStatus::Locked => html! {},
        DraftsStatus::On => {
            let on_lock = {
                let dispatcher = state.dispatcher();
                Callback::from(move |_: MouseEvent| {
                    drafts::lock();
                    dispatcher.dispatch(Action::Lock);
                })
            };
            let on_off = {
                let dispatcher = state.dispatcher();
                Callback::from(move |_: MouseEvent| {
                    drafts::forget();
                    dispatcher.dispatch(Action::SetDrafts(DraftsStatus::Off));
                })
            };
            html! {
                <div class="drafts on" id="drafts">
                    <span class="status">{ "Draft kept on this device, encrypted" }</span>
                    <button type="button" id="drafts-lock" onclick={on_lock}>{ "Lock" }</button>
                    <button type="button" id="drafts-off" onclick={on_off}>{ "Turn off drafts" }</button>
                </div>
            }
        }
        DraftsStatus::Off => {
            let toggle = {
                let open = open.clone();
                Callback::from(move |_: MouseEvent| open.set(!*open))
            };
            let onsubmit = {
                let dispatcher = state.dispatcher();
                let (passphrase, repeat, open, busy) = (passphrase.clone(), repeat.clone(), open.clone(), busy.clone());
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    let first = input_value(&passphrase);
                    let second = input_value(&repeat);
                    clear_input(&passphrase);
                    clear_input(&repeat);
                    if first != second {
                        dispatcher.dispatch(Action::Notify(Banner {
                            kind: BannerKind::Error,
                            text: "The passphrases do not match; drafts stay off.".to_string(),
                        }));
                        return;
                    }
                    let (dispatcher, open, busy) = (dispatcher.clone(), open.clone(), busy.clone());
                    busy.set(true);
                    wasm_bindgen_futures::spawn_local(async move {
                        match drafts::turn_on(&first).await {
                            Ok(()) => {
                                open.set(false);
                                dispatcher.dispatch(Action::SetDrafts(DraftsStatus::On));
                            }
                            Err(message) => dispatcher.dispatch(Action::Notify(Banner {
                                kind: BannerKind::Error,
                                text: format!("Drafts stay off: {message}."),
                            })),
                        }
                        busy.set(false);
                    });
                })
            };
            html! {
                <div class="drafts off" id="drafts">
                    <button type="button" id="drafts-toggle" aria-expanded={open.to_string()} aria-controls="drafts-form" onclick={toggle}>
                        { "Keep an encrypted draft…" }
                    </button>
                    if *open {
                        <form id="drafts-form" class="drafts-form" {onsubmit}>
                            <p class="hint">{ format!("Off by default. The draft is encrypted with a key made from your passphrase (AES-256-GCM, PBKDF2 with {} iterations) and kept only in this browser. It locks after 15 minutes without input. A forgotten passphrase cannot be recovered.", drafts::PBKDF2_ITERATIONS) }</p>
                            <div class="field">
                                <label for="drafts-pass">{ format!("Passphrase (at least {} characters)", drafts::MIN_PASSPHRASE_CHARS) }</label>
                                <input id="drafts-pass" type="password" autocomplete="new-password" ref={passphrase} />
                            </div>
                            <div class="field">
                                <label for="drafts-pass2">{ "Repeat the passphrase" }</label>
                                <input id="drafts-pass2" type="password" autocomplete="new-password" ref={repeat} />
                            </div>
                            <button type="submit" id="drafts-on" class="primary" disabled={*busy}>{ if *busy { "Deriving key…" } else { "Turn on drafts" } }</button>
                        </form>
                    }
                </div>
            }
        }
    }
}

/// Shown instead of the form while a stored draft is locked.
#[component]
pub fn UnlockPanel() -> Html {
    let Some(state) = use_context::<AppContext>() else { return html! {} };
    let passphrase = use_node_ref();
    let busy = use_state(|| false);
    let onsubmit = {
        let dispatcher = state.dispatcher();
        let (passphrase, busy) = (passphrase.clone(), busy.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = input_value(&passphrase);
            clear_input(&passphrase);
            let (dispatcher, busy) = (dispatcher.clone(), busy.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match drafts::unlock(&text).await {
                    Ok(content) => match crate::core::model::Case::from_json(&content.case_json) {
                        Ok(case) => dispatcher
                            .dispatch(Action::Unlocked { case: Box::new(case), letter_edit: content.letter_edit }),
                        Err(_) => dispatcher.dispatch(Action::Notify(Banner {
                            kind: BannerKind::Error,
                            text: "The draft could not be read.".to_string(),
                        })),
                    },
                    Err(message) => dispatcher.dispatch(Action::Notify(Banner {
                        kind: BannerKind::Error,
                        text: format!("Not unlocked: {message}."),
                    })),
                }
                busy.set(false);
            });
        })
    };
    let on_discard = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| {
            drafts::forget();
            dispatcher.dispatch(Action::SetDrafts(DraftsStatus::Off));
        })
    };
    html! {
        <section class="form-section unlock" id="unlock" aria-labelledby="unlock-h">
            <h2 id="unlock-h">{ "Locked draft" }</h2>
            <p>{ "An encrypted draft is stored in this browser. Enter its passphrase to continue, or discard it." }</p>
            <form {onsubmit}>
                <div class="field">
                    <label for="unlock-pass">{ "Passphrase" }</label>
                    <input id="unlock-pass" type="password" autocomplete="current-password" ref={passphrase} />
                </div>
                <button type="submit" id="unlock-submit" class="primary" disabled={*busy}>{ if *busy { "Unlocking…" } else { "Unlock" } }</button>
                <button type="button" id="unlock-discard" class="danger" onclick={on_discard}>{ "Discard the draft" }</button>
            </form>
        </section>
    }
}
