//! The app's components.

pub mod case_form;
pub mod checklist;
pub mod drafts;
pub mod field;
pub mod import;
pub mod letter_preview;
pub mod lines;
pub mod notes;
pub mod review;
pub mod review_step;
pub mod stepper;
pub mod toolbar;
