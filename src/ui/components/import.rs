//! Import from a remittance or claim file: X12 835 (ERA), X12 837 and FHIR R4 JSON, chosen,
//! dropped anywhere on the app, or pasted. The files are read by the import worker (its own Wasm
//! module, off the main thread) with a progress bar; the claims with an authorization-related
//! denial are offered as new cases, the others are listed with their codes. Once the biller
//! starts a case, [`ImportNote`] says what was filled, what could not be mapped, the warnings,
//! and what is still to complete (with "Go to field").

use crate::core::form::Field;
use crate::core::import::many::{BatchSummary, ClaimSummary};
use crate::core::model::Case;
use crate::ui::AppContext;
use crate::ui::components::review::dom_id_for_path;
use crate::ui::state::{Action, AppState, Banner, BannerKind, percent};
use crate::ui::steps::Step;
use crate::web::{files, import_client};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The largest file the import reads (bytes).
pub const MAX_IMPORT_BYTES: f64 = 64.0 * 1024.0 * 1024.0;

/// Claims listed at first in each group (offered / others); "Show more" adds this many.
const PAGE: usize = 50;

type Dispatcher = yew::UseReducerDispatcher<AppState>;

/// Reads the files and imports them in the worker, reporting progress to the state.
pub fn import_files(dispatcher: Dispatcher, chosen: Vec<web_sys::File>) {
    if chosen.is_empty() {
        return;
    }
    dispatcher.dispatch(Action::ImportStarted(chosen.len()));
    wasm_bindgen_futures::spawn_local(async move {
        let mut loaded = Vec::with_capacity(chosen.len());
        for file in &chosen {
            let name = file.name();
            if file.size() > MAX_IMPORT_BYTES {
                dispatcher.dispatch(Action::ImportFailed(format!(
                    "{name} is larger than {} MB; split the remittance and import the parts.",
                    MAX_IMPORT_BYTES / 1024.0 / 1024.0
                )));
                return;
            }
            match files::read_bytes(file).await {
                Ok(bytes) => loaded.push((name, bytes)),
                Err(message) => {
                    dispatcher.dispatch(Action::ImportFailed(format!("Could not read {name}: {message}.")));
                    return;
                }
            }
        }
        run(dispatcher, loaded).await;
    });
}

async fn run(dispatcher: Dispatcher, loaded: Vec<(String, Vec<u8>)>) {
    let progress_dispatcher = dispatcher.clone();
    let on_progress = Rc::new(move |p| progress_dispatcher.dispatch(Action::ImportProgressed(p)));
    match import_client::import(loaded, on_progress).await {
        Ok(summary) => dispatcher.dispatch(Action::ImportDone(Rc::new(summary))),
        Err(message) => dispatcher.dispatch(Action::ImportFailed(format!("The import failed: {message}."))),
    }
}

/// Handles files dropped on the app: a case file (`schema_version`) opens as the case; anything
/// else is imported.
pub fn dropped(dispatcher: Dispatcher, chosen: Vec<web_sys::File>) {
    let is_case_file = chosen.len() == 1 && chosen.first().is_some_and(|f| f.name().to_lowercase().ends_with(".json"));
    if !is_case_file {
        import_files(dispatcher, chosen);
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let Some(file) = chosen.first() else { return };
        let text = match files::read_text(file).await {
            Ok(text) => text,
            Err(_) => {
                import_files(dispatcher, chosen);
                return;
            }
        };
        let looks_like_case = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .is_some_and(|value| value.get("schema_version").is_some());
        if !looks_like_case {
            import_files(dispatcher, chosen);
            return;
        }
        let file_name = file.name();
        dispatcher.dispatch(match Case::from_json(&text) {
            // Like "Open case file…": replacing unsaved work asks first.
            Ok(case) => Action::OpenRequested { case: Box::new(case), file_name },
            Err(error) => Action::Notify(Banner {
                kind: BannerKind::Error,
                text: format!("Could not open {file_name}: {error}. Your current case is unchanged."),
            }),
        });
    });
}

/// The files of a `FileList` (input or drop).
pub fn file_list(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// "Patient · Date of birth" for a case field path.
pub fn field_label(path: &str) -> String {
    let step = Step::for_path(path).label();
    let label = match path {
        "claim.claim.lines" => "Service lines".to_string(),
        "claim.claim.diagnoses" => "Diagnoses".to_string(),
        _ => match Field::from_path(path) {
            Some(field) => field.label(),
            None => path.to_string(),
        },
    };
    if label == step { label } else { format!("{step} · {label}") }
}

fn start_case(dispatcher: Dispatcher, index: usize) -> Callback<MouseEvent> {
    Callback::from(move |_: MouseEvent| {
        let dispatcher = dispatcher.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match import_client::case(index).await {
                Ok(detail) => {
                    dispatcher.dispatch(Action::StartImported(Rc::new(detail)));
                    crate::web::dom::focus_later("#import-note-h");
                    // Over unsaved work the app asks first: the question takes the focus.
                    crate::web::dom::focus_later("#confirm-yes");
                }
                Err(message) => dispatcher.dispatch(Action::Notify(Banner {
                    kind: BannerKind::Error,
                    text: format!("The claim could not be opened: {message}."),
                })),
            }
        });
    })
}

fn claim_row(claim: &ClaimSummary, dispatcher: &Dispatcher) -> Html {
    let codes = claim.carc.iter().chain(claim.rarc.iter()).cloned().collect::<Vec<_>>().join(" ");
    let label = format!("Start case: claim {}", claim.claim_number);
    html! {
        <tr class={classes!(claim.auth_related.then_some("auth"))}>
            <td><code>{ claim.claim_number.clone() }</code></td>
            <td>{ claim.patient.clone() }</td>
            <td>{ claim.service_date.clone() }</td>
            <td>{ claim.status.clone() }
                if claim.completed_from_claims { <span class="muted">{ " · completed from the 837" }</span> }
                if !claim.not_joined.is_empty() {
                    <ul class="not-joined">
                        { for claim.not_joined.iter().map(|why| html! { <li>{ format!("Not joined: {why}") }</li> }) }
                    </ul>
                }
            </td>
            <td class="codes">{ codes }</td>
            <td>
                if claim.offered {
                    <button type="button" class="start-case" aria-label={label}
                        onclick={start_case(dispatcher.clone(), claim.index)}>{ "Start case" }</button>
                }
            </td>
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct ClaimTableProps {
    id: AttrValue,
    caption: AttrValue,
    claims: Rc<Vec<ClaimSummary>>,
}

#[component]
fn ClaimTable(props: &ClaimTableProps) -> Html {
    let Some(state) = use_context::<AppContext>() else { return html! {} };
    let limit = use_state(|| PAGE);
    if props.claims.is_empty() {
        return html! {};
    }
    let dispatcher = state.dispatcher();
    let shown = (*limit).min(props.claims.len());
    let more = {
        let limit = limit.clone();
        Callback::from(move |_: MouseEvent| limit.set(*limit + PAGE * 4))
    };
    html! {
        <div class="table-scroll" id={props.id.clone()}>
            <table class="claims">
                <caption>{ props.caption.clone() }</caption>
                <thead><tr>
                    <th scope="col">{ "Claim" }</th><th scope="col">{ "Patient" }</th>
                    <th scope="col">{ "Service date" }</th><th scope="col">{ "Status" }</th>
                    <th scope="col">{ "Codes" }</th><th scope="col"><span class="visually-hidden">{ "Action" }</span></th>
                </tr></thead>
                <tbody>
                    { for props.claims.iter().take(shown).map(|c| claim_row(c, &dispatcher)) }
                </tbody>
            </table>
            if shown < props.claims.len() {
                <button type="button" class="link show-more" onclick={more}>
                    { format!("Show more ({} of {} shown)", shown, props.claims.len()) }
                </button>
            }
        </div>
    }
}

fn results(summary: &BatchSummary, offered: &Rc<Vec<ClaimSummary>>, others: &Rc<Vec<ClaimSummary>>) -> Html {
    let auth = offered.iter().filter(|c| c.auth_related).count();
    let headline = if summary.claims.is_empty() {
        "No claims were found.".to_string()
    } else {
        format!(
            "{} read: {} with an authorization-related denial{}{}.",
            plural(summary.claims.len(), "claim"),
            auth,
            if offered.len() > auth {
                format!(", {} more to start from the claim file", offered.len() - auth)
            } else {
                String::new()
            },
            if summary.joined > 0 { format!("; {} completed from the 837", summary.joined) } else { String::new() }
        )
    };
    html! {
        <div id="import-results">
            <p id="import-summary" class="import-headline">{ headline }</p>
            <ul class="import-files">
                { for summary.files.iter().map(|file| html! {
                    <li class={classes!(file.error.is_some().then_some("error"))}>
                        <strong>{ file.name.clone() }</strong>
                        { match (&file.error, file.format.is_empty()) {
                            (Some(error), _) => html! { <span class="file-error">{ format!(" — not imported: {error}") }</span> },
                            (None, _) => html! { <span>{ format!(" — {}, {}", file.format, plural(file.claims, "claim")) }</span> },
                        } }
                        if !file.warnings.is_empty() {
                            <details>
                                <summary>{ plural(file.warnings.len() + file.warnings_omitted, "warning") }</summary>
                                <ul>{ for file.warnings.iter().map(|w| html! { <li>{ w.clone() }</li> }) }</ul>
                            </details>
                        }
                        if !file.unmapped.is_empty() {
                            <details>
                                <summary>{ format!("Not mapped ({})", file.unmapped.len()) }</summary>
                                <ul>{ for file.unmapped.iter().map(|w| html! { <li>{ w.clone() }</li> }) }</ul>
                            </details>
                        }
                    </li>
                }) }
            </ul>
            <ClaimTable id="import-offered" caption="Offered as new retro-authorization cases" claims={offered.clone()} />
            <ClaimTable id="import-others" caption="Other claims (not denied for authorization)" claims={others.clone()} />
        </div>
    }
}

/// The import panel (shown from the toolbar's "Import…" button or when files are dropped).
#[component]
pub fn ImportPanel() -> Html {
    let Some(state) = use_context::<AppContext>() else { return html! {} };
    let paste_ref = use_node_ref();
    if !state.import.open {
        return html! {};
    }
    let on_files = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let chosen = file_list(input.files());
            input.set_value("");
            import_files(dispatcher.clone(), chosen);
        })
    };
    let on_paste = {
        let dispatcher = state.dispatcher();
        let paste_ref = paste_ref.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(area) = paste_ref.cast::<HtmlTextAreaElement>() else { return };
            let text = area.value();
            if text.trim().is_empty() {
                dispatcher
                    .dispatch(Action::ImportFailed("Paste the text of an 835, 837 or FHIR JSON file first.".into()));
                return;
            }
            area.set_value("");
            dispatcher.dispatch(Action::ImportStarted(1));
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                run(dispatcher, vec![("pasted text".to_string(), text.into_bytes())]).await;
            });
        })
    };
    let on_close = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::ShowImport(false)))
    };
    let running = state.import.running;
    html! {
        <section id="import-panel" class="panel import-panel" aria-labelledby="import-h">
            <div class="import-head">
                <h2 id="import-h">{ "Import from a remittance or claim file" }</h2>
                <button type="button" id="import-close" class="dismiss" onclick={on_close} aria-label="Close the import panel">{ "×" }</button>
            </div>
            <p class="muted">
                { "X12 835 (ERA), X12 837P, or FHIR R4 JSON (Bundle, ExplanationOfBenefit, ClaimResponse, Claim). \
                   Choose files, drop them anywhere on this page, or paste the text. Add the 837 of the same claims \
                   to fill the date of birth, diagnoses and pointers a remittance does not carry. \
                   The files are read in this browser and never sent anywhere." }
            </p>
            <div class="import-inputs">
                <input id="import-files" class="visually-hidden" type="file" multiple=true
                    accept=".835,.837,.x12,.edi,.txt,.dat,.json,application/json,text/plain" onchange={on_files} disabled={running.is_some()} />
                <label class="button" for="import-files">{ "Choose files…" }</label>
                <label for="import-paste" class="visually-hidden">{ "Paste X12 or FHIR JSON" }</label>
                <textarea id="import-paste" ref={paste_ref} rows="3" spellcheck="false"
                    placeholder="…or paste the text of an 835, 837 or FHIR JSON file here" />
                <button type="button" id="import-paste-go" onclick={on_paste} disabled={running.is_some()}>{ "Import pasted text" }</button>
            </div>
            if let Some(progress) = running {
                <div id="import-progress" class="import-progress" role="status" aria-live="polite">
                    <progress max="100" value={percent(&progress).to_string()} aria-label="Import progress" />
                    <span>{ format!("Reading{} … {}% · {} so far",
                        if progress.files > 1 { format!(" file {} of {}", progress.file + 1, progress.files) } else { String::new() },
                        percent(&progress), plural(progress.cases, "claim")) }</span>
                </div>
            }
            if let Some(error) = &state.import.error {
                <p id="import-error" class="error-text" role="alert">{ error.clone() }</p>
            }
            if let (None, Some(summary)) = (running, &state.import.result) {
                { results(summary, &state.import.offered, &state.import.others) }
            }
        </section>
    }
}

fn list_details(id: &'static str, title: &str, items: &[String]) -> Html {
    if items.is_empty() {
        return html! {};
    }
    html! {
        <details id={id}>
            <summary>{ format!("{title} ({})", items.len()) }</summary>
            <ul>{ for items.iter().map(|item| html! { <li>{ item.clone() }</li> }) }</ul>
        </details>
    }
}

/// What the import did for the current case: still to complete (with "Go to field"), denial
/// codes, fields filled, what could not be mapped, warnings.
#[component]
pub fn ImportNote() -> Html {
    let Some(state) = use_context::<AppContext>() else { return html! {} };
    let Some(detail) = state.imported.clone() else { return html! {} };
    let dispatcher = state.dispatcher();
    let dismiss = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::DismissImported))
    };
    // Only what is still empty now (the biller may have filled some since).
    let still_empty: Vec<&String> = detail
        .left_empty
        .iter()
        .filter(|path| match Field::from_path(path) {
            Some(field) => state.text(field).trim().is_empty(),
            None => match path.as_str() {
                "claim.claim.lines" => state.case.claim.claim.lines.is_empty(),
                "claim.claim.diagnoses" => state.case.claim.claim.diagnoses.iter().all(|d| d.trim().is_empty()),
                _ => true,
            },
        })
        .collect();
    html! {
        <section id="import-note" class="panel import-note" aria-labelledby="import-note-h">
            <h2 id="import-note-h" tabindex="-1">{ "Imported" }</h2>
            <p>{ format!("From {} ({}): {} filled.", detail.file_name, detail.source, plural(detail.filled.len(), "field")) }</p>
            if still_empty.is_empty() {
                <p>{ "Every field the request needs from the claim is filled." }</p>
            } else {
                <p>{ "Still to complete:" }</p>
                <ul id="import-left" class="import-left">
                    { for still_empty.iter().map(|path| {
                        let id = dom_id_for_path(path);
                        let step = Step::for_path(path);
                        let dispatcher = dispatcher.clone();
                        let onclick = Callback::from(move |_: MouseEvent| {
                            dispatcher.dispatch(Action::GoTo(step));
                            crate::web::dom::focus_id_later(id.clone());
                        });
                        html! {
                            <li>{ field_label(path) }{ " " }
                                <button type="button" class="link" {onclick}>{ "Go to field" }</button></li>
                        }
                    }) }
                </ul>
            }
            { list_details("import-codes", "Denial codes", &detail.codes) }
            { list_details("import-filled", "What was filled", &detail.filled) }
            { list_details("import-unmapped", "Not mapped", &detail.unmapped) }
            { list_details("import-warnings", "Warnings", &detail.warnings) }
            <button type="button" id="import-note-dismiss" class="link" onclick={dismiss}>{ "Hide this" }</button>
        </section>
    }
}
