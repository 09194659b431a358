//! The medical-necessity checklist: every element of the requirement profile, with the
//! sentence that proves it (a button selects it in the note) or what to add — and, under a
//! missing element, the mentions that were found but did not count and why, each with a
//! button to its sentence (shown on the page only).

use crate::core::checks::ElementStatus;
use crate::core::finding::{Evidence, NotCountedReason};
use crate::core::form::Field;
use crate::ui::AppContext;
use crate::ui::analysis::AnalysisContext;
use crate::ui::state::Action;
use crate::ui::steps::Step;
use crate::web::dom;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Shows `evidence` in its note: switches to the Notes step and selects the quoted text.
fn show_evidence(
    dispatcher: &yew::UseReducerDispatcher<crate::ui::state::AppState>,
    note_text: &str,
    evidence: &Evidence,
) {
    let start = dom::utf16_offset(note_text, evidence.start);
    let end = dom::utf16_offset(note_text, evidence.end);
    dispatcher.dispatch(Action::GoTo(Step::Notes));
    dom::select_text_later(Field::NoteText(evidence.note).dom_id(), start, end);
}

fn one_line(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max { flat } else { format!("{}…", flat.chars().take(max).collect::<String>()) }
}

/// The reason's id as `check --json` writes it ("negated", "object_mismatch"), for styling
/// and tests.
fn reason_id(reason: NotCountedReason) -> &'static str {
    match reason {
        NotCountedReason::Negated => "negated",
        NotCountedReason::Hypothetical => "hypothetical",
        NotCountedReason::Historical => "historical",
        NotCountedReason::OtherExperiencer => "other_experiencer",
        NotCountedReason::Template => "template",
        NotCountedReason::ObjectMismatch => "object_mismatch",
        NotCountedReason::BelowThreshold => "below_threshold",
    }
}

/// The checklist with the profile picker.
#[component]
pub fn Checklist() -> Html {
    let Some(state) = use_context::<AppContext>() else { return html! {} };
    let Some(analysis) = use_context::<AnalysisContext>() else { return html! {} };
    let report = &analysis.necessity;
    let n_missing = report.elements.iter().filter(|e| e.required && e.status == ElementStatus::Missing).count();
    let n_present = report.elements.iter().filter(|e| e.status == ElementStatus::Present).count();
    let chosen = state.case.requirement_profile.clone().unwrap_or_default();
    let on_profile = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            dispatcher.dispatch(Action::Edit(Field::RequirementProfile, select.value()));
        })
    };
    let profiles = &analysis.profiles;
    let inferred = &analysis.inferred;
    let dispatcher = state.dispatcher();
    let notices: Vec<_> = report.findings.iter().filter(|f| f.element.is_none()).collect();
    html! {
        <section id="checklist" class="panel checklist" aria-labelledby="checklist-h">
            <h2 id="checklist-h">{ "Medical necessity" }</h2>
            <div class="field profile-picker">
                <label for="profile-select">{ "Requirement profile" }</label>
                <select id="profile-select" onchange={on_profile}>
                    <option value="" selected={chosen.is_empty()}>{ format!("Infer from the claim ({})", inferred.name) }</option>
                    { for profiles.iter().map(|p| html! {
                        <option value={p.name.clone()} selected={p.name == chosen}>{ p.label.clone() }</option>
                    }) }
                    if !chosen.is_empty() && !profiles.iter().any(|p| p.name == chosen) {
                        <option value={chosen.clone()} selected=true>{ format!("{chosen} (unknown profile)") }</option>
                    }
                </select>
                <p class="hint">{ report.profile.reason.clone() }</p>
            </div>
            <p id="checklist-summary" role="status" aria-live="polite">
                { format!("{n_present} documented, {n_missing} missing.") }
            </p>
            { for notices.iter().map(|f| html! { <p class="notice">{ f.message.clone() }</p> }) }
            <ul class="elements">
                { for report.elements.iter().map(|element| {
                    let present = element.status == ElementStatus::Present;
                    let class = if present { "present" } else if element.required { "absent" } else { "optional" };
                    let first = element.evidence.first().cloned();
                    let show = first.map(|evidence| {
                        let note_text = state.case.notes.get(evidence.note).map(|n| n.text().to_string()).unwrap_or_default();
                        let dispatcher = dispatcher.clone();
                        let quote = one_line(&evidence.quote, 140);
                        let onclick = Callback::from(move |_: MouseEvent| show_evidence(&dispatcher, &note_text, &evidence));
                        html! {
                            <>
                                <q class="quote">{ quote }</q>
                                <button type="button" class="link" {onclick}>{ "Show in note" }</button>
                            </>
                        }
                    });
                    html! {
                        <li class={classes!("element", class)} data-element={element.element.clone()}>
                            <span class="mark" aria-hidden="true">{ if present { "✓" } else if element.required { "✗" } else { "–" } }</span>
                            <div class="body">
                                <span class="name">{ element.label.clone() }</span>
                                <span class="visually-hidden">{ if present { " (documented)" } else if element.required { " (missing)" } else { " (not required)" } }</span>
                                if let Some(show) = show {
                                    <div class="evidence">{ show }</div>
                                } else {
                                    <p class="hint">{ element.hint.clone() }</p>
                                    if !element.not_counted.is_empty() {
                                        <ul class="not-counted" aria-label={format!("{}: mentions that did not count", element.label)}>
                                            { for element.not_counted.iter().map(|mention| {
                                                let note_text = state.case.notes.get(mention.evidence.note).map(|n| n.text().to_string()).unwrap_or_default();
                                                let dispatcher = dispatcher.clone();
                                                let evidence = mention.evidence.clone();
                                                let onclick = Callback::from(move |_: MouseEvent| show_evidence(&dispatcher, &note_text, &evidence));
                                                html! {
                                                    <li class="mention" data-reason={reason_id(mention.reason)}>
                                                        <span class="why">{ mention.explain(140) }</span>
                                                        <button type="button" class="link" {onclick}>{ "Show in note" }</button>
                                                    </li>
                                                }
                                            }) }
                                        </ul>
                                    }
                                }
                            </div>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::reason_id;
    use crate::core::finding::NotCountedReason;

    #[test]
    fn reason_ids_are_the_json_names() {
        use NotCountedReason::*;
        for reason in [Negated, Hypothetical, Historical, OtherExperiencer, Template, ObjectMismatch, BelowThreshold] {
            let json = serde_json::to_value(reason).unwrap();
            assert_eq!(json.as_str(), Some(reason_id(reason)));
        }
    }
}
