//! The review panel beside the form: deadline banner, denial triage, and the list of data
//! findings with buttons that take the user to the field.

use crate::core::finding::{Finding, FindingKind, Severity};
use crate::ui::AppContext;
use crate::ui::analysis::AnalysisContext;
use crate::ui::state::{Action, AppState};
use crate::ui::steps::Step;
use yew::prelude::*;

/// The DOM id of the form control for a finding's field path (same rule as `Field::dom_id`).
pub(crate) fn dom_id_for_path(path: &str) -> String {
    let mut id = String::from("f-");
    for c in path.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '_' => id.push(c),
            ']' => {}
            _ => id.push('-'),
        }
    }
    id
}

fn plural(n: i64, word: &str) -> String {
    if n.abs() == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
}

/// The retro-authorization deadline with days left (or how late).
#[component]
pub fn DeadlineBanner() -> Html {
    let Some(analysis) = use_context::<AnalysisContext>() else { return html! {} };
    let Some(deadline) = &analysis.validation.deadline else {
        let advice = analysis
            .validation
            .findings
            .iter()
            .find(|f| f.code.starts_with("retro_window") || f.code == "retro_basis_date_missing");
        return html! {
            <section id="deadline-banner" class="deadline unknown" aria-label="Deadline">
                <strong>{ "Deadline unknown." }</strong>
                { " " }
                { advice.map(|f| f.message.clone()).unwrap_or_else(|| "Enter the payer's retro-authorization window and what it counts from.".to_string()) }
            </section>
        };
    };
    let basis = deadline.basis.label();
    let (class, headline) = if deadline.days_left < 0 {
        ("late", format!("{} late", plural(-deadline.days_left, "day")))
    } else if deadline.days_left == 0 {
        ("urgent", "Due today".to_string())
    } else if deadline.days_left <= 7 {
        ("urgent", format!("{} left", plural(deadline.days_left, "day")))
    } else {
        ("ok", format!("{} left", plural(deadline.days_left, "day")))
    };
    html! {
        <section id="deadline-banner" class={classes!("deadline", class)} aria-label="Deadline">
            <strong>{ headline }</strong>
            { format!(" · deadline {} ({} from the {} {}{})",
                deadline.deadline.format("%b %-d, %Y"), plural(deadline.window_days, "day"), basis,
                deadline.basis_date.format("%b %-d, %Y"),
                if deadline.days_left > 0 { format!("; {} left", plural(deadline.business_days_left, "business day")) } else { String::new() }) }
        </section>
    }
}

/// Which path fits the denial.
#[component]
pub fn TriageAdvice() -> Html {
    let Some(analysis) = use_context::<AnalysisContext>() else { return html! {} };
    let Some(triage) = &analysis.validation.triage else { return html! {} };
    html! {
        <section id="triage" class="panel triage" aria-labelledby="triage-h">
            <h2 id="triage-h">{ format!("Suggested path: {}", triage.path.words()) }</h2>
            <p>{ triage.why.clone() }</p>
            if !triage.also_consider.is_empty() {
                <p class="muted">{ "Also consider: " }{ triage.also_consider.iter().map(|p| p.words()).collect::<Vec<_>>().join(", ") }</p>
            }
            <ul class="codes">
                { for triage.carc.iter().chain(triage.rarc.iter()).filter(|c| c.explanation.is_some()).map(|code| html! {
                    <li><code>{ code.code.clone() }</code>{ " " }{ code.explanation.clone().unwrap_or_default() }</li>
                }) }
            </ul>
        </section>
    }
}

fn finding_row(finding: &Finding, dispatcher: &yew::UseReducerDispatcher<AppState>) -> Html {
    let severity = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    let target = finding.field.as_deref().map(|path| (dom_id_for_path(path), Step::for_path(path)));
    let onclick = target.map(|(id, step)| {
        let dispatcher = dispatcher.clone();
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(Action::GoTo(step));
            crate::web::dom::focus_id_later(id.clone());
        })
    });
    html! {
        <li class={classes!("finding", severity)}>
            <span class="sev">{ severity }</span>
            <span class="text">
                { finding.message.clone() }
                if let Some(help) = &finding.help { <span class="fix">{ " " }{ help.clone() }</span> }
            </span>
            if let Some(onclick) = onclick {
                <button type="button" class="link" {onclick}>{ "Go to field" }</button>
            }
        </li>
    }
}

/// The data findings, errors first, with a summary line announced politely.
#[component]
pub fn DataFindings() -> Html {
    let Some(analysis) = use_context::<AnalysisContext>() else { return html! {} };
    let Some(state) = use_context::<AppContext>() else { return html! {} };
    let dispatcher = state.dispatcher();
    let mut findings: Vec<&Finding> = analysis
        .validation
        .findings
        .iter()
        .filter(|f| {
            f.kind == FindingKind::DataError
                || (f.kind == FindingKind::Advice && f.code != "denial_triage" && f.code != "retro_deadline")
        })
        .collect();
    findings.sort_by_key(|f| f.severity);
    let (n_errors, n_warnings) = analysis.data_counts();
    let summary = match (n_errors, n_warnings) {
        (0, 0) => "No problems found in the claim data.".to_string(),
        (e, w) => format!("Claim data: {} and {}.", plural(e as i64, "error"), plural(w as i64, "warning")),
    };
    html! {
        <section id="data-findings" class="panel" aria-labelledby="data-h">
            <h2 id="data-h">{ "Claim data" }</h2>
            <p id="data-summary" role="status" aria-live="polite">{ summary }</p>
            if !findings.is_empty() {
                <ul class="findings">{ for findings.into_iter().map(|f| finding_row(f, &dispatcher)) }</ul>
            }
        </section>
    }
}
