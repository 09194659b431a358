//! The case form: patient, payer, provider, claim, denial, reason, notes.

use super::field::BoundField;
use super::lines::{Diagnoses, ServiceLines};
use super::notes::Notes;
use super::review_step::ReviewStep;
use super::stepper::StepNav;
use crate::core::form::{AddressPart, Field};
use crate::ui::AppContext;
use crate::ui::steps::Step;
use yew::prelude::*;

/// Properties of [`Section`].
#[derive(Properties, PartialEq)]
pub struct SectionProps {
    /// Heading.
    pub title: AttrValue,
    /// Anchor id.
    pub id: AttrValue,
    /// Content.
    pub children: Html,
}

/// A titled group of fields.
#[component]
pub fn Section(props: &SectionProps) -> Html {
    let heading_id = format!("{}-h", props.id);
    html! {
        <section class="form-section" id={props.id.clone()} aria-labelledby={heading_id.clone()}>
            <h2 id={heading_id}>{ props.title.clone() }</h2>
            { props.children.clone() }
        </section>
    }
}

/// Renders one field bound to the shared state and its validation messages.
pub fn field(_state: &AppContext, field: Field) -> Html {
    html! { <BoundField {field} /> }
}

fn field_with_hint(_state: &AppContext, field: Field, hint: &'static str) -> Html {
    html! { <BoundField {field} hint={hint} /> }
}

fn address(state: &AppContext, make: fn(AddressPart) -> Field) -> Html {
    html! {
        <div class="row address">
            { field(state, make(AddressPart::Line1)) }
            { field(state, make(AddressPart::Line2)) }
            { field(state, make(AddressPart::City)) }
            { field(state, make(AddressPart::State)) }
            { field(state, make(AddressPart::Zip)) }
        </div>
    }
}

/// Properties of [`CaseForm`].
#[derive(Properties, PartialEq)]
pub struct CaseFormProps {
    /// The letter as generated from the case (for the Review step).
    pub generated_letter: AttrValue,
    /// Inputs the generated letter is missing.
    pub missing: Vec<AttrValue>,
    /// The request date, `YYYY-MM-DD`.
    pub today: AttrValue,
}

/// The form for the current step of the guided flow.
#[component]
pub fn CaseForm(props: &CaseFormProps) -> Html {
    let Some(state) = use_context::<AppContext>() else { return html! {} };
    let onsubmit = Callback::from(|e: SubmitEvent| e.prevent_default());
    let institutional = state.case.claim.claim.is_institutional();
    let body = match state.step {
        Step::Patient => html! {
            <Section title="Patient" id="sec-patient">
                <div class="row">
                    { field(&state, Field::PatientFirstName) }
                    { field(&state, Field::PatientLastName) }
                    { field(&state, Field::PatientDob) }
                    { field(&state, Field::PatientSex) }
                </div>
                <div class="row">
                    { field(&state, Field::PatientMemberId) }
                    { field(&state, Field::PatientGroupNumber) }
                </div>
            </Section>
        },
        Step::Payer => html! {
            <Section title="Payer" id="sec-payer">
                <div class="row">
                    { field(&state, Field::PayerName) }
                    { field(&state, Field::PayerPlanType) }
                    { field(&state, Field::PayerFax) }
                    { field(&state, Field::PayerPhone) }
                </div>
                { address(&state, Field::PayerAddress) }
                <div class="row">
                    { field_with_hint(&state, Field::PayerWindowDays, "Calendar days the payer accepts retro requests") }
                    { field(&state, Field::PayerWindowBasis) }
                </div>
                { field(&state, Field::PayerWindowNote) }
            </Section>
        },
        Step::Provider => html! {
            <Section title="Provider" id="sec-provider">
                <div class="row">
                    { field(&state, Field::ProviderName) }
                    { field(&state, Field::ProviderNpi) }
                    { field(&state, Field::ProviderTin) }
                </div>
                <div class="row">
                    { field(&state, Field::ProviderContactName) }
                    { field(&state, Field::ProviderPhone) }
                </div>
                { address(&state, Field::ProviderAddress) }
                <div class="row">
                    { field(&state, Field::ReferringName) }
                    { field(&state, Field::ReferringNpi) }
                </div>
                <div class="row">
                    { field(&state, Field::FacilityName) }
                    { field(&state, Field::FacilityNpi) }
                </div>
            </Section>
        },
        Step::Services => html! {
            <Section title="Claim and services" id="sec-claim">
                <div class="row">
                    { field(&state, Field::ClaimType) }
                    { field(&state, Field::ClaimNumber) }
                    { field(&state, Field::PlaceOfService) }
                    if institutional {
                        { field(&state, Field::TypeOfBill) }
                        { field(&state, Field::Drg) }
                    }
                </div>
                <div class="row">
                    { field_with_hint(&state, Field::DateOfService, "Single date; use From/To for stays") }
                    { field(&state, Field::ClaimFrom) }
                    { field(&state, Field::ClaimTo) }
                    { field(&state, Field::OriginalSubmissionDate) }
                </div>
                <ServiceLines />
                <Diagnoses />
                <div class="row">
                    { field(&state, Field::TotalCharge) }
                    { field(&state, Field::PriorAuthNumber) }
                    { field(&state, Field::PriorAuthCodes) }
                </div>
            </Section>
        },
        Step::Denial => html! {
            <Section title="Denial" id="sec-denial">
                <div class="row">
                    { field(&state, Field::DenialDate) }
                    { field(&state, Field::DenialCarc) }
                    { field(&state, Field::DenialRarc) }
                </div>
                { field(&state, Field::DenialText) }
            </Section>
        },
        Step::Reason => html! {
            <Section title="Why authorization was not obtained" id="sec-reason">
                { field(&state, Field::ReasonCode) }
                { field(&state, Field::ReasonDetail) }
            </Section>
        },
        Step::Notes => html! {
            <Section title="Clinical notes" id="sec-notes">
                <Notes />
            </Section>
        },
        Step::Review => html! {
            <ReviewStep generated_letter={props.generated_letter.clone()} missing={props.missing.clone()} today={props.today.clone()} />
        },
    };
    html! {
        <form class="case-form" {onsubmit} novalidate=true aria-label={format!("Case details: {}", state.step.label())}>
            { body }
            <StepNav />
        </form>
    }
}
