//! The case form: patient, payer, provider, claim, denial, reason, notes.

use super::field::{BoundField, field};
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

fn field_with_hint(field: Field, hint: &'static str) -> Html {
    html! { <BoundField {field} hint={hint} /> }
}

fn address(make: fn(AddressPart) -> Field) -> Html {
    html! {
        <div class="row address">
            { field(make(AddressPart::Line1)) }
            { field(make(AddressPart::Line2)) }
            { field(make(AddressPart::City)) }
            { field(make(AddressPart::State)) }
            { field(make(AddressPart::Zip)) }
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
                    { field(Field::PatientFirstName) }
                    { field(Field::PatientLastName) }
                    { field(Field::PatientDob) }
                    { field(Field::PatientSex) }
                </div>
                <div class="row">
                    { field(Field::PatientMemberId) }
                    { field(Field::PatientGroupNumber) }
                </div>
            </Section>
        },
        Step::Payer => html! {
            <Section title="Payer" id="sec-payer">
                <div class="row">
                    { field(Field::PayerName) }
                    { field(Field::PayerPlanType) }
                    { field(Field::PayerFax) }
                    { field(Field::PayerPhone) }
                </div>
                { address(Field::PayerAddress) }
                <div class="row">
                    { field_with_hint(Field::PayerWindowDays, "Calendar days the payer accepts retro requests") }
                    { field(Field::PayerWindowBasis) }
                </div>
                { field(Field::PayerWindowNote) }
            </Section>
        },
        Step::Provider => html! {
            <Section title="Provider" id="sec-provider">
                <div class="row">
                    { field(Field::ProviderName) }
                    { field(Field::ProviderNpi) }
                    { field(Field::ProviderTin) }
                </div>
                <div class="row">
                    { field(Field::ProviderContactName) }
                    { field(Field::ProviderPhone) }
                </div>
                { address(Field::ProviderAddress) }
                <div class="row">
                    { field(Field::ReferringName) }
                    { field(Field::ReferringNpi) }
                </div>
                <div class="row">
                    { field(Field::FacilityName) }
                    { field(Field::FacilityNpi) }
                </div>
            </Section>
        },
        Step::Services => html! {
            <Section title="Claim and services" id="sec-claim">
                <div class="row">
                    { field(Field::ClaimType) }
                    { field(Field::ClaimNumber) }
                    { field(Field::PlaceOfService) }
                    if institutional {
                        { field(Field::TypeOfBill) }
                        { field(Field::Drg) }
                    }
                </div>
                <div class="row">
                    { field_with_hint(Field::DateOfService, "Single date; use From/To for stays") }
                    { field(Field::ClaimFrom) }
                    { field(Field::ClaimTo) }
                    { field(Field::OriginalSubmissionDate) }
                </div>
                <ServiceLines />
                <Diagnoses />
                <div class="row">
                    { field(Field::TotalCharge) }
                    { field(Field::PriorAuthNumber) }
                    { field(Field::PriorAuthCodes) }
                </div>
            </Section>
        },
        Step::Denial => html! {
            <Section title="Denial" id="sec-denial">
                <div class="row">
                    { field(Field::DenialDate) }
                    { field(Field::DenialCarc) }
                    { field(Field::DenialRarc) }
                </div>
                { field(Field::DenialText) }
            </Section>
        },
        Step::Reason => html! {
            <Section title="Why authorization was not obtained" id="sec-reason">
                { field(Field::ReasonCode) }
                { field(Field::ReasonDetail) }
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
