//! The root component: state provider, toolbar, form and letter preview.

use crate::core::letter;
use crate::ui::AppContext;
use crate::ui::analysis::{Analysis, AnalysisContext};
use crate::ui::components::review::{DataFindings, DeadlineBanner, TriageAdvice};
use crate::ui::hooks::use_debounced;
use crate::ui::components::case_form::CaseForm;
use crate::ui::components::letter_preview::LetterPreview;
use crate::ui::components::toolbar::Toolbar;
use crate::ui::state::{Action, AppState, BannerKind};
use chrono::NaiveDate;
use yew::prelude::*;

/// The request date: the case's, when it is a valid date, else today from the browser clock.
fn request_date(state: &AppState) -> NaiveDate {
    state
        .case
        .request_date
        .as_deref()
        .and_then(|text| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok())
        .unwrap_or_else(crate::web::clock::today)
}

/// The whole app.
#[component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);
    let today = request_date(&state);
    let letter = {
        let state = state.clone();
        use_memo((state.revision, today), move |(_, today)| letter::render_letter(&state.case, *today))
    };
    let (letter_text, missing) = match &*letter {
        Ok(letter) => (
            Ok(AttrValue::from(letter.text.clone())),
            letter.missing.iter().map(|m| AttrValue::from(m.label.clone())).collect::<Vec<_>>(),
        ),
        Err(error) => (Err(AttrValue::from(format!("The letter template has an error: {error}"))), Vec::new()),
    };
    let letter_for_packet = letter_text.clone().unwrap_or_default();
    // The checks follow the case 250 ms after the last keystroke, so typing never waits.
    let settled_revision = use_debounced(state.revision, 250);
    let analysis: AnalysisContext = {
        let state = state.clone();
        use_memo((settled_revision, today), move |(_, today)| Analysis::run(&state.case, *today, None))
    };
    let dismiss = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::DismissBanner))
    };
    let banner = state.banner.clone();

    html! {
        <ContextProvider<AppContext> context={state.clone()}>
        <ContextProvider<AnalysisContext> context={analysis}>
            <div class="app">
                <header class="topbar">
                    <div class="brand">
                        <h1>{ "retroauth" }</h1>
                        <p class="tagline">{ "Retro-authorization requests, built in your browser. Nothing you enter leaves this page." }</p>
                    </div>
                    <Toolbar letter={letter_for_packet} today={today.format("%Y-%m-%d").to_string()} />
                </header>
                <div id="status" class="status" role="status" aria-live="polite">
                    if let Some(banner) = banner {
                        <div class={classes!("banner", if banner.kind == BannerKind::Error { "error" } else { "info" })}>
                            <span id="banner-text">{ banner.text }</span>
                            <button type="button" class="dismiss" onclick={dismiss} aria-label="Dismiss message">{ "×" }</button>
                        </div>
                    }
                </div>
                <main class="layout">
                    <CaseForm />
                    <aside class="side" aria-label="Review">
                        <DeadlineBanner />
                        <DataFindings />
                        <TriageAdvice />
                        <LetterPreview text={letter_text} {missing} />
                    </aside>
                </main>
            </div>
        </ContextProvider<AnalysisContext>>
        </ContextProvider<AppContext>>
    }
}
