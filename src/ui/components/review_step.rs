//! The Review step: the request date, the letter (editable), attachments, and the packet with
//! its in-page preview.

use super::field::BoundField;
use crate::core::form::Field;
use crate::ui::AppContext;
use crate::ui::state::{Action, AttachmentFile, Banner, BannerKind};
use crate::web::{files, packet_client};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Largest attachment accepted (bytes).
pub const MAX_ATTACHMENT_BYTES: f64 = 25.0 * 1024.0 * 1024.0;

/// Properties of [`ReviewStep`].
#[derive(Properties, PartialEq)]
pub struct ReviewStepProps {
    /// The letter as generated from the case.
    pub generated_letter: AttrValue,
    /// Inputs the generated letter is missing (labels).
    pub missing: Vec<AttrValue>,
    /// The request date, `YYYY-MM-DD`.
    pub today: AttrValue,
}

/// The different `[MISSING: …]` inputs left in a letter text (an edited letter may have filled
/// some). Each label counts once, as the packet's DRAFT stamp and the letter panel count them.
pub fn missing_markers(letter: &str) -> usize {
    let mut labels: Vec<&str> = letter
        .match_indices("[MISSING:")
        .map(|(at, marker)| {
            let rest = &letter[at + marker.len()..];
            rest.split(']').next().unwrap_or(rest).trim()
        })
        .collect();
    labels.sort_unstable();
    labels.dedup();
    labels.len()
}

/// An attachment's type by its first bytes (never by its name alone), for the list: the
/// core's reader, the one the packet engine used when it checked the file.
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    crate::core::attachment::sniff(bytes).map(|sniffed| sniffed.kind.label())
}

/// The review step.
#[component]
pub fn ReviewStep(props: &ReviewStepProps) -> Html {
    let Some(state) = use_context::<AppContext>() else { return html! {} };
    let edited = state.letter_edit.is_some();
    let letter_text = state.letter_edit.clone().unwrap_or_else(|| props.generated_letter.to_string());

    let on_letter = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            dispatcher.dispatch(Action::EditLetter(area.value()));
        })
    };
    // Asks first when the edits would be lost (the edited text differs from the generated one).
    let on_reset_letter = {
        let dispatcher = state.dispatcher();
        let generated = props.generated_letter.to_string();
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(Action::ResetLetterRequested { generated: generated.clone() });
            crate::web::dom::focus_later("#confirm-yes");
        })
    };
    let on_attach = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(list) = input.files() else { return };
            let chosen: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
            input.set_value("");
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                // Each file is checked by the packet engine now, exactly as the build will check
                // it: a bad file is refused at once with the reason and never enters the list,
                // so one bad file cannot fail the packet later.
                let mut accepted = Vec::new();
                let mut refused = Vec::new();
                for file in chosen {
                    let name = file.name();
                    if file.size() > MAX_ATTACHMENT_BYTES {
                        refused.push(format!("{name} was not attached: it is larger than 25 MB."));
                        continue;
                    }
                    match files::read_bytes(&file).await {
                        Ok(bytes) => match packet_client::inspect_attachment(&name, &bytes).await {
                            Ok(_) => accepted.push(AttachmentFile { name, bytes: std::rc::Rc::new(bytes) }),
                            Err(reason) => refused.push(format!("{name} was not attached: {reason}.")),
                        },
                        Err(message) => refused.push(format!("{name} was not attached: {message}.")),
                    }
                }
                if !accepted.is_empty() {
                    dispatcher.dispatch(Action::Attach(accepted));
                }
                if !refused.is_empty() {
                    dispatcher.dispatch(Action::Notify(Banner { kind: BannerKind::Error, text: refused.join(" ") }));
                }
            });
        })
    };
    // While errors or `[MISSING: …]` inputs remain, "Build a draft?" is asked first.
    let analysis = use_context::<crate::ui::analysis::AnalysisContext>();
    let on_generate = {
        let state = state.clone();
        let letter = letter_text.clone();
        let today = props.today.to_string();
        let missing = if edited { missing_markers(&letter_text) } else { props.missing.len() };
        Callback::from(move |_: MouseEvent| {
            super::toolbar::request_packet(&state, analysis.as_deref(), missing, letter.clone(), today.clone())
        })
    };

    html! {
        <>
            <section class="form-section" id="sec-review" aria-labelledby="sec-review-h">
                <h2 id="sec-review-h">{ "Review and send" }</h2>
                <div class="row">
                    <BoundField field={Field::RequestDate} hint="The date the request is prepared; empty means today" />
                </div>
                <p class="muted">{ "Check the letter, attach the denial (EOB/remittance) and any other records, then generate the packet." }</p>
            </section>

            <section class="form-section" id="sec-letter" aria-labelledby="sec-letter-h">
                <h2 id="sec-letter-h">{ "Letter" }</h2>
                if !props.missing.is_empty() && !edited {
                    <div class="missing">
                        <p>{ format!("The letter is missing {} input(s):", props.missing.len()) }</p>
                        <ul>{ for props.missing.iter().map(|label| html! { <li>{ label.clone() }</li> }) }</ul>
                    </div>
                }
                if edited {
                    <p class="notice" id="letter-edited">
                        { "You edited this letter. Later changes to the case are not copied into it. " }
                        <button type="button" class="link" id="letter-reset" onclick={on_reset_letter}>{ "Use the generated letter again" }</button>
                    </p>
                }
                <div class="field">
                    <label for="letter-editor">{ "Letter text (you can edit it)" }</label>
                    <textarea id="letter-editor" rows="22" value={letter_text} oninput={on_letter} spellcheck="true" />
                </div>
            </section>

            <section class="form-section" id="sec-attachments" aria-labelledby="sec-attachments-h">
                <h2 id="sec-attachments-h">{ "Attachments" }</h2>
                <p class="hint" id="attach-hint">{ "PDF, PNG or JPEG, up to 25 MB each. They are added to the end of the packet in this order and listed in its enclosure index. They stay on this device." }</p>
                <input id="attach-files" class="visually-hidden" type="file" multiple=true accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg" onchange={on_attach} aria-describedby="attach-hint" />
                <label class="button" for="attach-files">{ "Add attachments…" }</label>
                if !state.attachments.is_empty() {
                    <ol class="attachments" id="attachment-list">
                        { for state.attachments.iter().enumerate().map(|(idx, file)| {
                            let remove = {
                                let dispatcher = state.dispatcher();
                                Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::RemoveAttachment(idx)))
                            };
                            let up = {
                                let dispatcher = state.dispatcher();
                                Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::MoveAttachmentUp(idx)))
                            };
                            html! {
                                <li>
                                    <span class="name">{ file.name.clone() }</span>
                                    <span class="muted">{ format!(" {} · {} KB", sniff(&file.bytes).unwrap_or("?"), file.bytes.len().div_ceil(1024)) }</span>
                                    if idx > 0 {
                                        <button type="button" class="link" onclick={up} aria-label={format!("Move attachment {} up", idx + 1)}>{ "Move up" }</button>
                                    }
                                    <button type="button" class="link danger" onclick={remove} aria-label={format!("Remove attachment {}", idx + 1)}>{ "Remove" }</button>
                                </li>
                            }
                        }) }
                    </ol>
                }
            </section>

            <section class="form-section" id="sec-packet" aria-labelledby="sec-packet-h">
                <h2 id="sec-packet-h">{ "Packet" }</h2>
                <button type="button" id="generate-packet" class="primary" onclick={on_generate} disabled={state.building_packet}
                    aria-busy={state.building_packet.to_string()}>
                    { if state.building_packet { "Building packet…" } else { "Generate packet" } }
                </button>
                if let Some(info) = &state.last_packet {
                    <p class="packet-info">
                        { format!("{} pages, {} KB. SHA-256 ", info.page_count, info.n_bytes.div_ceil(1024)) }
                        <code id="review-sha256">{ info.sha256.clone() }</code>
                    </p>
                    if !info.warnings.is_empty() {
                        <ul class="findings">{ for info.warnings.iter().map(|w| html! { <li class="finding warning"><span class="sev">{ "note" }</span><span class="text">{ w.clone() }</span></li> }) }</ul>
                    }
                    if let Some(url) = &info.url {
                        <iframe id="packet-preview" class="pdf-preview" src={url.clone()} title="Packet preview" />
                    }
                }
            </section>
        </>
    }
}
