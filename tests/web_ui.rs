//! Browser component tests (wasm-bindgen-test in headless Chromium; `make test-web`): mount the
//! real app, type into fields, and check the DOM.
#![cfg(target_arch = "wasm32")]

use retroauth::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts the app into a fresh element and returns it.
async fn mount() -> web_sys::Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

/// Types into an input the way a browser does: set the value, fire a bubbling `input` event.
async fn type_into(root: &web_sys::Element, selector: &str, text: &str) {
    let element = root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("{selector} not found"));
    if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        input.set_value(text);
    } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
        area.set_value(text);
    } else {
        panic!("{selector} is not a text control");
    }
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    let event = web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap();
    element.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

fn preview(root: &web_sys::Element) -> String {
    root.query_selector("#letter-preview").unwrap().expect("letter preview").text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn typing_a_name_updates_the_letter_preview() {
    let root = mount().await;
    assert!(preview(&root).contains("[MISSING: patient name]"));
    type_into(&root, "#f-claim-patient-first_name", "Zoë").await;
    type_into(&root, "#f-claim-patient-last_name", "Nguyễn-O'Brien").await;
    assert!(preview(&root).contains("Patient: Nguyễn-O'Brien, Zoë"), "{}", preview(&root));
    assert!(preview(&root).contains("provided to Zoë Nguyễn-O'Brien"), "{}", preview(&root));
    root.remove();
}

#[wasm_bindgen_test]
async fn markup_and_template_syntax_are_shown_as_text() {
    let root = mount().await;
    type_into(&root, "#f-claim-patient-first_name", "<img src=x onerror=alert(1)>{{7*7}}").await;
    assert!(preview(&root).contains("<img src=x onerror=alert(1)>{{7*7}}"));
    assert!(root.query_selector("img").unwrap().is_none(), "user text became markup");
    root.remove();
}

async fn click(root: &web_sys::Element, selector: &str) {
    let element: web_sys::HtmlElement =
        root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("{selector} not found")).dyn_into().unwrap();
    element.click();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn unparsable_units_are_kept_as_typed() {
    let root = mount().await;
    click(&root, "#nav-step-services").await;
    type_into(&root, "#f-claim-claim-lines-0-units", "2x").await;
    let input: HtmlInputElement =
        root.query_selector("#f-claim-claim-lines-0-units").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(input.value(), "2x");
    type_into(&root, "#f-claim-claim-lines-0-charge", "125.50").await;
    let charge: HtmlInputElement =
        root.query_selector("#f-claim-claim-lines-0-charge").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(charge.value(), "125.50", "typed text must not be reformatted");
    root.remove();
}

#[wasm_bindgen_test]
async fn the_letter_core_runs_under_wasm() {
    // The same letter code as the CLI, compiled to wasm32: a shared case renders.
    let case = retroauth::core::model::Case::from_json(include_str!(
        "fixtures/shared/cases/09-brain-mri-demyelination-unicode-names.json"
    ))
    .unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
    let letter = retroauth::core::letter::render_letter(&case, today).unwrap();
    assert!(letter.text.contains(&case.claim.patient.full_name()));
}

#[wasm_bindgen_test]
async fn the_stepper_moves_through_every_step() {
    let root = mount().await;
    let heading =
        |root: &web_sys::Element| root.query_selector(".case-form h2").unwrap().unwrap().text_content().unwrap();
    let mut seen = vec![heading(&root)];
    while root.query_selector("#step-next").unwrap().is_some() {
        click(&root, "#step-next").await;
        seen.push(heading(&root));
    }
    assert_eq!(seen.len(), 8, "{seen:?}");
    assert_eq!(seen.last().map(String::as_str), Some("Review and send"));
    let current = root.query_selector("[aria-current=step]").unwrap().unwrap().text_content().unwrap();
    assert!(current.contains("Review"), "{current}");
    root.remove();
}

#[wasm_bindgen_test]
async fn letter_edits_survive_case_edits() {
    let root = mount().await;
    click(&root, "#nav-step-review").await;
    type_into(&root, "#letter-editor", "My own letter {{ 7*7 }}").await;
    click(&root, "#nav-step-patient").await;
    type_into(&root, "#f-claim-patient-last_name", "Doe").await;
    assert!(preview(&root).contains("My own letter {{ 7*7 }}"), "{}", preview(&root));
    click(&root, "#nav-step-review").await;
    let editor: HtmlTextAreaElement = root.query_selector("#letter-editor").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(editor.value(), "My own letter {{ 7*7 }}");
    // Discarding the edits asks first; Cancel keeps them.
    click(&root, "#letter-reset").await;
    assert!(root.query_selector("#confirm").unwrap().is_some(), "no confirmation before discarding letter edits");
    click(&root, "#confirm-no").await;
    assert!(preview(&root).contains("My own letter {{ 7*7 }}"), "{}", preview(&root));
    click(&root, "#letter-reset").await;
    click(&root, "#confirm-yes").await;
    assert!(preview(&root).contains("Patient: Doe"), "{}", preview(&root));
    // Now unedited: the button is gone and nothing is asked.
    assert!(root.query_selector("#letter-reset").unwrap().is_none());
    assert!(root.query_selector("#confirm").unwrap().is_none());
    root.remove();
}

#[wasm_bindgen_test]
async fn a_removed_note_comes_back_with_undo() {
    let root = mount().await;
    click(&root, "#nav-step-notes").await;
    // A new case has one empty note; add a second.
    click(&root, ".notes button.add").await;
    type_into(&root, "#f-notes-0-text", "First note: 初診 ✓").await;
    type_into(&root, "#f-notes-1-text", "Second note <b>{{x}}</b>").await;
    click(&root, "[aria-label='Remove note 1']").await;
    assert_eq!(root.query_selector_all("fieldset.note").unwrap().length(), 1);
    let undo_text = root.query_selector("#undo-text").unwrap().expect("undo offer").text_content().unwrap();
    assert_eq!(undo_text, "Note 1 removed.");
    click(&root, "#undo").await;
    let area: HtmlTextAreaElement = root.query_selector("#f-notes-0-text").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(area.value(), "First note: 初診 ✓");
    let area: HtmlTextAreaElement = root.query_selector("#f-notes-1-text").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(area.value(), "Second note <b>{{x}}</b>");
    assert!(root.query_selector("#undo").unwrap().is_none());
    // An empty note goes without an offer.
    click(&root, ".notes button.add").await;
    click(&root, "[aria-label='Remove note 3']").await;
    assert!(root.query_selector("#undo").unwrap().is_none());
    root.remove();
}

/// Waits `ms` milliseconds (lets the browser deliver `popstate`).
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    yew::scheduler::flush().await;
}

fn js(expression: &str) -> wasm_bindgen::JsValue {
    js_sys::eval(expression).unwrap()
}

#[wasm_bindgen_test]
async fn with_history_on_back_and_forward_move_between_steps_and_keep_typed_text() {
    use retroauth::ui::AppProps;
    use retroauth::web::widget::Config;
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let props = AppProps { config: Config { history: true, ..Config::default() } };
    let app = yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    let heading =
        |root: &web_sys::Element| root.query_selector(".case-form h2").unwrap().unwrap().text_content().unwrap();
    let length = js("history.length").as_f64().unwrap();
    type_into(&root, "#f-claim-patient-last_name", "Nguyễn 李").await;
    click(&root, "#nav-step-payer").await;
    click(&root, "#nav-step-notes").await;
    assert_eq!(js("location.hash").as_string().as_deref(), Some("#step=notes"));
    assert_eq!(
        js("JSON.stringify(history.state)").as_string().as_deref(),
        Some(r#"{"retroauth":"step","step":"notes"}"#)
    );
    assert_eq!(js("history.length").as_f64().unwrap(), length + 2.0, "one entry per step visited");
    js("history.back()");
    sleep(150).await;
    assert_eq!(heading(&root), "Payer");
    js("history.back()");
    sleep(150).await;
    assert_eq!(heading(&root), "Patient");
    let input: HtmlInputElement =
        root.query_selector("#f-claim-patient-last_name").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(input.value(), "Nguyễn 李", "Back kept what was typed");
    js("history.forward()");
    sleep(150).await;
    assert_eq!(heading(&root), "Payer");
    assert_eq!(js("history.length").as_f64().unwrap(), length + 2.0, "Back/Forward add no entries");
    app.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn without_history_steps_leave_the_page_history_alone() {
    let root = mount().await;
    let length = js("history.length").as_f64().unwrap();
    let hash = js("location.hash").as_string();
    click(&root, "#nav-step-payer").await;
    click(&root, "#nav-step-review").await;
    assert_eq!(js("history.length").as_f64().unwrap(), length);
    assert_eq!(js("location.hash").as_string(), hash);
    root.remove();
}

/// The checklist over a case's real necessity report (the app computes it in a worker, which
/// this harness has not, so the report is computed here by the same core and provided).
#[yew::function_component]
fn ChecklistHarness() -> yew::Html {
    use retroauth::ui::analysis::{Analysis, AnalysisContext};
    use retroauth::ui::{AppContext, state::AppState};
    use yew::prelude::*;
    let case = retroauth::core::model::Case::from_json(include_str!("fixtures/checks/b-soap-lumbar-mri-short-pt.json"))
        .expect("fixture loads");
    let mut analysis = Analysis::empty();
    analysis.necessity = retroauth::core::checks::check_notes(&case, None);
    let analysis: AnalysisContext = std::rc::Rc::new(analysis);
    let state = use_reducer(move || AppState { case, ..AppState::default() });
    html! {
        <ContextProvider<AppContext> context={state}>
            <ContextProvider<AnalysisContext> context={analysis}>
                <retroauth::ui::components::checklist::Checklist />
            </ContextProvider<AnalysisContext>>
        </ContextProvider<AppContext>>
    }
}

/// Under a missing element the checklist shows the mention that did not count and why, with
/// a button to its sentence; the page is the only place the quote goes.
#[wasm_bindgen_test]
async fn the_checklist_shows_what_did_not_count_and_why() {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let app = yew::Renderer::<ChecklistHarness>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    let item = root
        .query_selector("[data-element=conservative_treatment_duration] .not-counted li[data-reason=below_threshold]")
        .unwrap()
        .unwrap_or_else(|| {
            let list = root.query_selector("#checklist").unwrap().map(|c| c.inner_html()).unwrap_or_default();
            panic!("no not-counted mention under the missing duration: {list}")
        });
    let text = item.text_content().unwrap_or_default();
    assert!(text.contains("Found 'Tried ibuprofen 800 TID x 3 wks - no relief.'"), "{text}");
    assert!(text.contains("short of the policy threshold"), "{text}");
    assert!(item.query_selector("button").unwrap().is_some(), "no button to the sentence");
    // present elements show their evidence, not a not-counted list
    assert!(root.query_selector("li.present .not-counted").unwrap().is_none());
    app.destroy();
    root.remove();
}
