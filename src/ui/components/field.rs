//! One labelled form control bound to a [`Field`]: text, date, number, long text or choice.

use crate::core::form::{self, Field, InputKind};
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
}

/// A label plus the right control for the field's kind.
#[component]
pub fn FieldInput(props: &FieldInputProps) -> Html {
    let field = props.field;
    let id = field.dom_id();
    let hint_id = format!("{id}-hint");
    let label = props.label.clone().unwrap_or_else(|| AttrValue::from(field.label()));
    let on_edit = props.on_edit.clone();
    let described_by = props.hint.as_ref().map(|_| hint_id.clone());

    let control = match field.kind() {
        InputKind::LongText => {
            let oninput = Callback::from(move |e: InputEvent| {
                let target: HtmlTextAreaElement = e.target_unchecked_into();
                on_edit.emit((field, target.value()));
            });
            html! {
                <textarea id={id.clone()} name={field.path()} rows={props.rows.to_string()} value={props.value.clone()}
                    {oninput} aria-describedby={described_by.clone()} spellcheck="false" />
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
                <select id={id.clone()} name={field.path()} {onchange} aria-describedby={described_by.clone()}>
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
                    aria-describedby={described_by.clone()} />
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
        </div>
    }
}
