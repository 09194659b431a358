//! The root component: state and analysis providers, toolbar, stepper, the current step's
//! form, and the review panel (deadline, claim data, checklist, letter preview).

use crate::core::letter;
use crate::ui::AppContext;
use crate::ui::analysis::{Analysis, AnalysisContext};
use crate::ui::components::case_form::CaseForm;
use crate::ui::components::checklist::Checklist;
use crate::ui::components::drafts::{DraftsControl, UnlockPanel};
use crate::ui::components::import::{ImportNote, ImportPanel};
use crate::ui::components::letter_preview::LetterPreview;
use crate::ui::components::review::{DataFindings, DeadlineBanner, TriageAdvice};
use crate::ui::components::stepper::Stepper;
use crate::ui::components::toolbar::{ConfirmBar, Toolbar};
use crate::ui::hooks::use_debounced;
use crate::ui::state::{Action, AppState, BannerKind, DraftsStatus, Undo};
use crate::ui::steps::Step;
use crate::web::widget::{self, Config, Mode};
use crate::web::{analysis_client, drafts};
use chrono::NaiveDate;
use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`App`].
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// Mount-time configuration.
    #[prop_or_default]
    pub config: Config,
}

/// The request date: the case's, when it is a valid date, else today from the browser clock.
fn request_date(state: &AppState) -> NaiveDate {
    state
        .case
        .request_date
        .as_deref()
        .and_then(crate::core::model::date::parse_iso)
        .unwrap_or_else(crate::web::clock::today)
}

/// The whole app.
#[component]
pub fn App(props: &AppProps) -> Html {
    let history_on = props.config.history;
    let state = use_reducer(move || AppState {
        drafts: if drafts::has_draft() { DraftsStatus::Locked } else { DraftsStatus::Off },
        // After a reload (or Back into the page) the app opens on the step of that entry.
        step: history_on
            .then(crate::web::history::current_step)
            .flatten()
            .and_then(|name| Step::from_slug(&name))
            .unwrap_or(Step::Patient),
        ..AppState::default()
    });
    let today = request_date(&state);
    let today_text = today.format("%Y-%m-%d").to_string();

    let generated = {
        let state = state.clone();
        use_memo((state.revision, today), move |(_, today)| letter::render_letter(&state.case, *today))
    };
    let (generated_text, missing) = match &*generated {
        Ok(letter) => (
            Ok(AttrValue::from(letter.text.clone())),
            letter.missing.iter().map(|m| AttrValue::from(m.label.clone())).collect::<Vec<_>>(),
        ),
        Err(error) => (Err(AttrValue::from(format!("The letter template has an error: {error}"))), Vec::new()),
    };
    let generated_letter = generated_text.clone().unwrap_or_default();
    // The packet uses the user's edited letter when there is one.
    let packet_letter = state.letter_edit.clone().map(AttrValue::from).unwrap_or_else(|| generated_letter.clone());
    // `[MISSING: …]` inputs left in the letter that goes into the packet.
    let packet_missing = match &state.letter_edit {
        Some(edited) => crate::ui::components::review_step::missing_markers(edited),
        None => missing.len(),
    };
    let preview_text = match &state.letter_edit {
        Some(edited) => Ok(AttrValue::from(edited.clone())),
        None => generated_text.clone(),
    };

    // The checks follow the case 250 ms after the last keystroke, so typing never waits.
    let settled_revision = use_debounced(state.revision, 250);
    let analysis_state = use_state(|| Rc::new(Analysis::empty()));
    let latest_request = use_mut_ref(|| 0u64);
    {
        let state = state.clone();
        let analysis_state = analysis_state.clone();
        let latest_request = latest_request.clone();
        use_effect_with((settled_revision, today), move |(revision, today)| {
            let revision = *revision;
            *latest_request.borrow_mut() = revision;
            let case_json = state.case.to_json_pretty();
            let today = today.format("%Y-%m-%d").to_string();
            let dispatcher = state.dispatcher();
            wasm_bindgen_futures::spawn_local(async move {
                match analysis_client::analyze(&case_json, &today).await {
                    // A slower answer for an older revision never replaces a newer one.
                    Ok(result) if *latest_request.borrow() == revision => analysis_state.set(Rc::new(result)),
                    Ok(_) => {}
                    Err(message) => dispatcher.dispatch(Action::Notify(crate::ui::state::Banner {
                        kind: BannerKind::Error,
                        text: format!("The checks could not run: {message}."),
                    })),
                }
            });
        });
    }
    let analysis: AnalysisContext = (*analysis_state).clone();

    crate::ui::widget::sync(state.clone(), packet_letter.to_string(), today_text.clone());
    {
        let mode = props.config.mode;
        use_effect_with((), move |_| {
            if mode == Mode::Widget {
                widget::notify_ready();
            }
        });
    }
    use_effect_with(analysis.clone(), |analysis| widget::notify_change(analysis));

    // Drafts: save (encrypted) whenever the settled case or the letter edits change.
    {
        let state = state.clone();
        use_effect_with(
            (settled_revision, state.letter_edit.clone(), state.drafts),
            move |(_, letter_edit, status)| {
                if *status == DraftsStatus::On && drafts::is_unlocked() {
                    let content = drafts::DraftContent {
                        case_json: state.case.to_json_pretty(),
                        letter_edit: letter_edit.clone(),
                    };
                    let dispatcher = state.dispatcher();
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Err(message) = drafts::save(&content).await {
                            dispatcher.dispatch(Action::Notify(crate::ui::state::Banner {
                                kind: BannerKind::Error,
                                text: format!("The draft was not saved: {message}."),
                            }));
                        }
                    });
                }
            },
        );
    }
    // Drafts: lock after a while without input (the page is wiped; the draft stays encrypted).
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.drafts, move |status| {
            let stop = (*status == DraftsStatus::On).then(|| {
                crate::web::idle::watch(drafts::IDLE_LOCK_MS, 15_000, move || {
                    drafts::lock();
                    dispatcher.dispatch(Action::Lock);
                })
            });
            move || {
                if let Some(stop) = stop {
                    stop();
                }
            }
        });
    }

    // History (standalone page only): each step is an entry; Back/Forward move between steps.
    use_effect_with(state.step, move |step| {
        if history_on {
            crate::web::history::show_step(step.slug());
        }
    });
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let stop = history_on.then(|| {
                crate::web::history::listen(move |name| {
                    if let Some(step) = Step::from_slug(&name) {
                        dispatcher.dispatch(Action::GoTo(step));
                        crate::web::dom::focus_later(".case-form h2");
                    }
                })
            });
            move || {
                if let Some(stop) = stop {
                    stop();
                }
            }
        });
    }
    // Leaving or reloading the page with unsaved changes asks first (in every mode: the work
    // is lost the same way when an embedding portal navigates away). With drafts on, every
    // settled change is kept encrypted on the device, so a reload loses nothing.
    let guard_unload = state.has_unsaved_changes() && state.drafts != DraftsStatus::On;
    use_effect_with(guard_unload, |unsaved| {
        let stop = unsaved.then(crate::web::history::guard_unload);
        move || {
            if let Some(stop) = stop {
                stop();
            }
        }
    });

    let dismiss = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::DismissBanner))
    };
    let on_clear_all = Callback::from(|_| crate::web::privacy::clear_device_data());
    let banner = state.banner.clone();
    let undo = state.undo.clone();
    let on_undo = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Undo))
    };
    let dismiss_undo = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::DismissUndo))
    };

    // Files dropped anywhere on the app: a case file opens, anything else is imported.
    let dragging = use_state(|| false);
    let on_dragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let on_dragleave = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            // Only when the pointer leaves the app, not when it moves between children.
            if e.related_target().is_none() {
                dragging.set(false);
            }
        })
    };
    let on_drop = {
        let dragging = dragging.clone();
        let dispatcher = state.dispatcher();
        let locked = state.drafts == DraftsStatus::Locked;
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if locked {
                return;
            }
            let dropped = crate::ui::components::import::file_list(e.data_transfer().and_then(|d| d.files()));
            crate::ui::components::import::dropped(dispatcher.clone(), dropped);
        })
    };

    html! {
        <ContextProvider<AppContext> context={state.clone()}>
        <ContextProvider<AnalysisContext> context={analysis.clone()}>
            <div class={classes!("app", (props.config.mode == Mode::Widget).then_some("widget"), dragging.then_some("dragging"))}
                ondragover={on_dragover} ondragleave={on_dragleave} ondrop={on_drop}>
                <header class="topbar">
                    <div class="brand">
                        <h1>{ "retroauth" }</h1>
                        <p class="tagline">{ "Retro-authorization requests, built in your browser. Nothing you enter leaves this page." }</p>
                    </div>
                    <Toolbar letter={packet_letter.clone()} today={today_text.clone()} missing={packet_missing} />
                    if props.config.mode == Mode::Standalone {
                        <DraftsControl />
                    }
                </header>
                <ConfirmBar {on_clear_all} letter={packet_letter.clone()} today={today_text.clone()} />
                if state.drafts != DraftsStatus::Locked {
                    <ImportPanel />
                }
                <div id="status" class="status" role="status" aria-live="polite">
                    if let Some(Undo::Note { index, .. }) = undo {
                        <div class="banner info" id="undo-banner">
                            <span id="undo-text">{ format!("Note {} removed.", index + 1) }</span>
                            <button type="button" id="undo" class="link" onclick={on_undo}>{ "Undo" }</button>
                            <button type="button" class="dismiss" onclick={dismiss_undo} aria-label="Dismiss undo">{ "×" }</button>
                        </div>
                    }
                    if let Some(banner) = banner {
                        <div class={classes!("banner", if banner.kind == BannerKind::Error { "error" } else { "info" })}>
                            <span id="banner-text">{ banner.text }</span>
                            <button type="button" class="dismiss" onclick={dismiss} aria-label="Dismiss message">{ "×" }</button>
                        </div>
                    }
                </div>
                if state.drafts == DraftsStatus::Locked {
                    <main class="layout locked">
                        <UnlockPanel />
                    </main>
                } else {
                <Stepper />
                <main class="layout">
                    <CaseForm generated_letter={generated_letter.clone()} missing={missing.clone()} today={today_text.clone()} />
                    <aside class="side" aria-label="Review panel">
                        <ImportNote />
                        <DeadlineBanner />
                        <DataFindings />
                        <Checklist />
                        <TriageAdvice />
                        <LetterPreview text={preview_text} missing={if state.letter_edit.is_some() { Vec::new() } else { missing.clone() }} />
                    </aside>
                </main>
                }
            </div>
        </ContextProvider<AnalysisContext>>
        </ContextProvider<AppContext>>
    }
}
