//! The live letter preview.

use yew::prelude::*;

/// Properties of [`LetterPreview`].
#[derive(Properties, PartialEq)]
pub struct LetterPreviewProps {
    /// The rendered letter, or an error message.
    pub text: Result<AttrValue, AttrValue>,
    /// Inputs the letter is missing (labels).
    pub missing: Vec<AttrValue>,
}

/// Shows the letter as it will be printed; missing inputs are listed above it.
#[component]
pub fn LetterPreview(props: &LetterPreviewProps) -> Html {
    html! {
        <section class="letter-preview" aria-labelledby="letter-h">
            <h2 id="letter-h">{ "Letter preview" }</h2>
            if !props.missing.is_empty() {
                <div class="missing" id="letter-missing">
                    <p>{ format!("The letter is missing {} input(s):", props.missing.len()) }</p>
                    <ul>{ for props.missing.iter().map(|label| html! { <li>{ label.clone() }</li> }) }</ul>
                </div>
            }
            { match &props.text {
                Ok(text) => html! { <pre id="letter-preview" class="letter" tabindex="0">{ text.clone() }</pre> },
                Err(message) => html! { <p class="error" role="alert">{ message.clone() }</p> },
            } }
        </section>
    }
}
