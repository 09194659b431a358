//! Clinical notes: one text area per note, with add/remove, and a file picker for notes whose
//! text lives in a separate file (`text_file`).

use super::field::FieldInput;
use crate::core::form::Field;
use crate::ui::AppContext;
use crate::ui::state::{Action, Banner, BannerKind};
use crate::web::files;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The notes list.
#[component]
pub fn Notes() -> Html {
    let Some(state) = use_context::<AppContext>() else { return html! {} };
    let add = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::AddNote))
    };
    let on_edit = {
        let dispatcher = state.dispatcher();
        Callback::from(move |(field, text)| dispatcher.dispatch(Action::Edit(field, text)))
    };
    html! {
        <div class="notes">
            { for state.case.notes.iter().enumerate().map(|(note_idx, note)| {
                let remove = {
                    let dispatcher = state.dispatcher();
                    // A note with text can be put back: "Note N removed. Undo".
                    Callback::from(move |_: MouseEvent| {
                        dispatcher.dispatch(Action::RemoveNote(note_idx));
                        crate::web::dom::focus_later("#undo");
                    })
                };
                let needs_file = note.text.is_none() && note.text_file.is_some();
                let text = state.text(Field::NoteText(note_idx));
                let n_chars = text.chars().count();
                html! {
                    <fieldset class="note" key={note_idx}>
                        <legend>{ format!("Note {}", note_idx + 1) }</legend>
                        <div class="row">
                            <FieldInput field={Field::NoteType(note_idx)} value={state.text(Field::NoteType(note_idx))} on_edit={on_edit.clone()} />
                            <button type="button" class="remove" onclick={remove}
                                aria-label={format!("Remove note {}", note_idx + 1)}>{ "Remove note" }</button>
                        </div>
                        if needs_file {
                            <NoteFilePicker note_idx={note_idx} file_name={note.text_file.clone().unwrap_or_default()} />
                        } else {
                            <FieldInput field={Field::NoteText(note_idx)} value={text} on_edit={on_edit.clone()} rows={14}
                                hint={format!("{n_chars} characters")} />
                        }
                    </fieldset>
                }
            }) }
            <button type="button" class="add" onclick={add}>{ "Add note" }</button>
        </div>
    }
}

/// Properties of [`NoteFilePicker`].
#[derive(Properties, PartialEq)]
pub struct NoteFilePickerProps {
    /// Which note.
    pub note_idx: usize,
    /// The file the case refers to.
    pub file_name: AttrValue,
}

/// Asks for the companion text file of a note and reads it locally.
#[component]
pub fn NoteFilePicker(props: &NoteFilePickerProps) -> Html {
    let Some(state) = use_context::<AppContext>() else { return html! {} };
    let note_idx = props.note_idx;
    let id = format!("note-file-{note_idx}");
    let onchange = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = files::first_file(&input) else { return };
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match files::read_text(&file).await {
                    Ok(text) => dispatcher.dispatch(Action::NoteTextLoaded(note_idx, text)),
                    Err(message) => dispatcher.dispatch(Action::Notify(Banner {
                        kind: BannerKind::Error,
                        text: format!("Note {}: {message}", note_idx + 1),
                    })),
                }
            });
        })
    };
    html! {
        <div class="field note-file">
            <p>{ "This note's text is in a separate file: " }<code>{ props.file_name.clone() }</code></p>
            <label for={id.clone()}>{ "Choose the note's text file" }</label>
            <input id={id} type="file" accept=".txt,text/plain" {onchange} />
        </div>
    }
}
