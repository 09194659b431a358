//! One labelled form control bound to a [`Field`]: text, date, number, long text or choice.

use crate::core::finding::Severity;
use crate::core::form::{self, Field, InputKind};
use crate::ui::AppContext;
use crate::ui::analysis::AnalysisContext;
use crate::ui::state::Action;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Properties of [`FieldInput`].
#[derive(Properties, PartialEq, Clone)]
pub struct FieldInputProps {
    /// Which field.
    pub field: Field,
    /// The text to show (what was typed, or the model's value).
    pub value: AttrValue,
    /// Called with every edit.
    pub on_edit: Callback<(Field, String)>,
    /// Overrides the field's own label.
    #[prop_or_default]
    pub label: Option<AttrValue>,
    /// A hint under the control.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// Rows for long text.
    #[prop_or(4)]
    pub rows: u32,
    /// Extra CSS classes for the wrapper.
    #[prop_or_default]
    pub class: Classes,
    /// Validation messages about this field.
    #[prop_or_default]
    pub messages: Vec<FieldMessage>,
}

/// A validation message shown under a field.
#[derive(Clone, PartialEq, Debug)]
pub struct FieldMessage {
    /// How serious.
    pub severity: Severity,
    /// The message (no patient data).
    pub text: AttrValue,
    /// How to fix it.
    pub help: Option<AttrValue>,
}

fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// A label plus the right control for the field's kind.
#[component]
pub fn FieldInput(props: &FieldInputProps) -> Html {
    let field = props.field;
    let id = field.dom_id();
    let hint_id = format!("{id}-hint");
    let label = props.label.clone().unwrap_or_else(|| AttrValue::from(field.label()));
    let on_edit = props.on_edit.clone();
    let messages_id = format!("{id}-msg");
    let described_by = {
        let mut ids = Vec::new();
        if props.hint.is_some() {
            ids.push(hint_id.clone());
        }
        if !props.messages.is_empty() {
            ids.push(messages_id.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    // aria-invalid only once validation has something to say (WCAG ARIA21).
    let invalid = props.messages.iter().any(|m| m.severity == Severity::Error).then_some("true");

    let control = match field.kind() {
        InputKind::LongText => {
            let oninput = Callback::from(move |e: InputEvent| {
                let target: HtmlTextAreaElement = e.target_unchecked_into();
                on_edit.emit((field, target.value()));
            });
            html! {
                <textarea id={id.clone()} name={field.path()} rows={props.rows.to_string()} value={props.value.clone()}
                    {oninput} aria-describedby={described_by.clone()} aria-invalid={invalid} spellcheck="false" />
            }
        }
        InputKind::Choice => {
            let onchange = Callback::from(move |e: Event| {
                let target: HtmlSelectElement = e.target_unchecked_into();
                on_edit.emit((field, target.value()));
            });
            let current = props.value.to_string();
            let known = form::choices(field).iter().any(|(value, _)| *value == current);
            html! {
                <select id={id.clone()} name={field.path()} {onchange} aria-describedby={described_by.clone()} aria-invalid={invalid}>
                    { for form::choices(field).iter().map(|(value, text)| html! {
                        <option value={*value} selected={*value == current}>{ *text }</option>
                    }) }
                    if !known {
                        // A value from a file that is not one of the choices is shown, not lost.
                        <option value={current.clone()} selected=true>{ format!("{current} (not a known value)") }</option>
                    }
                </select>
            }
        }
        kind => {
            let oninput = Callback::from(move |e: InputEvent| {
                let target: HtmlInputElement = e.target_unchecked_into();
                on_edit.emit((field, target.value()));
            });
            let (placeholder, inputmode) = match kind {
                InputKind::Date => (Some("YYYY-MM-DD"), Some("numeric")),
                InputKind::Number => (None, Some("decimal")),
                _ => (None, None),
            };
            html! {
                <input id={id.clone()} name={field.path()} type="text" value={props.value.clone()} {oninput}
                    placeholder={placeholder} inputmode={inputmode} autocomplete="off" spellcheck="false"
                    aria-describedby={described_by.clone()} aria-invalid={invalid} />
            }
        }
    };

    html! {
        <div class={classes!("field", props.class.clone())}>
            <label for={id.clone()}>{ label }</label>
            { control }
            if let Some(hint) = &props.hint {
                <p class="hint" id={hint_id}>{ hint.clone() }</p>
            }
            if !props.messages.is_empty() {
                <ul class="messages" id={messages_id}>
                    { for props.messages.iter().map(|m| html! {
                        <li class={classes!("msg", severity_class(m.severity))}>
                            { m.text.clone() }
                            if let Some(help) = &m.help {
                                <span class="fix">{ " " }{ help.clone() }</span>
                            }
                        </li>
                    }) }
                </ul>
            }
        </div>
    }
}

/// Properties of [`BoundField`].
#[derive(Properties, PartialEq, Clone)]
pub struct BoundFieldProps {
    /// Which field.
    pub field: Field,
    /// A hint under the control.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// Rows for long text.
    #[prop_or(4)]
    pub rows: u32,
}

/// A [`FieldInput`] wired to the app state and the validation messages for its path.
#[component]
pub fn BoundField(props: &BoundFieldProps) -> Html {
    let Some(state) = use_context::<AppContext>() else { return html! {} };
    let analysis = use_context::<AnalysisContext>();
    let field = props.field;
    let messages: Vec<FieldMessage> = analysis
        .map(|analysis| {
            analysis
                .field_findings(&field.path())
                .into_iter()
                .map(|f| FieldMessage {
                    severity: f.severity,
                    text: AttrValue::from(f.message.clone()),
                    help: f.help.clone().map(AttrValue::from),
                })
                .collect()
        })
        .unwrap_or_default();
    let dispatcher = state.dispatcher();
    let on_edit = Callback::from(move |(field, text)| dispatcher.dispatch(Action::Edit(field, text)));
    html! {
        <FieldInput {field} value={state.text(field)} {on_edit} hint={props.hint.clone()} rows={props.rows} {messages} />
    }
}

/// Renders one field bound to the shared state (through [`BoundField`]) with its validation
/// messages.
pub fn field(field: Field) -> Html {
    html! { <BoundField {field} /> }
}
