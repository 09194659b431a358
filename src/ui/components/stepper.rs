//! The guided flow's navigation: the stepper (with a problem count per step) and the
//! Back / Next buttons under each step.

use crate::core::finding::{FindingKind, Severity};
use crate::ui::AppContext;
use crate::ui::analysis::AnalysisContext;
use crate::ui::state::Action;
use crate::ui::steps::Step;
use yew::prelude::*;

/// Focuses the heading of the step now on screen, so keyboard and screen-reader users land
/// at its start.
fn focus_step_heading() {
    crate::web::dom::focus_later(".case-form h2");
}

/// The list of steps, with the current one marked and a count of errors per step.
#[component]
pub fn Stepper() -> Html {
    let Some(state) = use_context::<AppContext>() else { return html! {} };
    let analysis = use_context::<AnalysisContext>();
    let errors_in = |step: Step| -> usize {
        analysis.as_ref().map_or(0, |a| {
            a.validation
                .findings
                .iter()
                .filter(|f| f.kind == FindingKind::DataError && f.severity == Severity::Error)
                .filter(|f| f.field.as_deref().map(Step::for_path) == Some(step))
                .count()
        })
    };
    let missing_elements = analysis.as_ref().map_or(0, |a| {
        a.necessity.elements.iter().filter(|e| e.status == crate::core::checks::ElementStatus::Missing).count()
    });
    html! {
        <nav class="stepper" aria-label="Steps">
            <ol>
                { for Step::ALL.iter().map(|step| {
                    let step = *step;
                    let current = state.step == step;
                    let n_errors = if step == Step::Notes { 0 } else { errors_in(step) };
                    let onclick = {
                        let dispatcher = state.dispatcher();
                        Callback::from(move |_: MouseEvent| {
                            dispatcher.dispatch(Action::GoTo(step));
                            focus_step_heading();
                        })
                    };
                    let badge = if step == Step::Notes && missing_elements > 0 {
                        Some((format!("{missing_elements}"), format!("{missing_elements} documentation elements missing"), "badge warn"))
                    } else if n_errors > 0 {
                        Some((format!("{n_errors}"), format!("{n_errors} errors"), "badge err"))
                    } else {
                        None
                    };
                    html! {
                        <li class={classes!(current.then_some("current"))}>
                            <button type="button" id={format!("nav-{}", step.id())} {onclick}
                                aria-current={current.then_some("step")}>
                                <span class="num" aria-hidden="true">{ step.index() + 1 }</span>
                                <span class="label">{ step.label() }</span>
                                if let Some((text, label, class)) = badge {
                                    <span class={class} aria-label={label.clone()} title={label}>{ text }</span>
                                }
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </nav>
    }
}

/// Back / Next under the current step.
#[component]
pub fn StepNav() -> Html {
    let Some(state) = use_context::<AppContext>() else { return html! {} };
    let go = |step: Step| {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(Action::GoTo(step));
            focus_step_heading();
        })
    };
    html! {
        <div class="step-nav">
            if let Some(previous) = state.step.previous() {
                <button type="button" id="step-back" onclick={go(previous)}>{ format!("← Back: {}", previous.label()) }</button>
            }
            <span class="progress" aria-live="polite">{ format!("Step {} of {}", state.step.index() + 1, Step::ALL.len()) }</span>
            if let Some(next) = state.step.next() {
                <button type="button" id="step-next" class="primary" onclick={go(next)}>{ format!("Next: {} →", next.label()) }</button>
            }
        </div>
    }
}
