//! Service lines and diagnoses: editable lists with add and remove.

use super::field::field;
use crate::core::form::{Field, LINE_FIELDS};
use crate::ui::AppContext;
use crate::ui::state::Action;
use yew::prelude::*;

/// The service lines, one row each.
#[component]
pub fn ServiceLines() -> Html {
    let Some(state) = use_context::<AppContext>() else { return html! {} };
    let n_lines = state.case.claim.claim.lines.len();
    let add = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::AddLine))
    };
    html! {
        <fieldset class="list service-lines">
            <legend>{ "Service lines" }</legend>
            { for (0..n_lines).map(|line_idx| {
                let remove = {
                    let dispatcher = state.dispatcher();
                    Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::RemoveLine(line_idx)))
                };
                html! {
                    <div class="row line" key={line_idx}>
                        <span class="row-number" aria-hidden="true">{ line_idx + 1 }</span>
                        { for LINE_FIELDS.iter().map(|part| field(Field::Line(line_idx, *part))) }
                        <button type="button" class="remove" onclick={remove}
                            aria-label={format!("Remove service line {}", line_idx + 1)}>{ "Remove" }</button>
                    </div>
                }
            }) }
            <button type="button" class="add" onclick={add}>{ "Add service line" }</button>
        </fieldset>
    }
}

/// The ICD-10-CM diagnoses, in pointer order.
#[component]
pub fn Diagnoses() -> Html {
    let Some(state) = use_context::<AppContext>() else { return html! {} };
    let n_diagnoses = state.case.claim.claim.diagnoses.len();
    let add = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::AddDiagnosis))
    };
    html! {
        <fieldset class="list diagnoses">
            <legend>{ "Diagnoses (ICD-10-CM, primary first; pointers count from 1)" }</legend>
            <div class="row">
                { for (0..n_diagnoses).map(|dx_idx| {
                    let remove = {
                        let dispatcher = state.dispatcher();
                        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::RemoveDiagnosis(dx_idx)))
                    };
                    html! {
                        <div class="diagnosis" key={dx_idx}>
                            { field(Field::Diagnosis(dx_idx)) }
                            <button type="button" class="remove" onclick={remove}
                                aria-label={format!("Remove diagnosis {}", dx_idx + 1)}>{ "×" }</button>
                        </div>
                    }
                }) }
            </div>
            <button type="button" class="add" onclick={add}>{ "Add diagnosis" }</button>
        </fieldset>
    }
}
