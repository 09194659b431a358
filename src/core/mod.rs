//! The pure core: the case model and its form fields, validation (with the code sets), the
//! medical-necessity checks, the report of `check --json`, the importers (X12 835/837P, FHIR R4),
//! the letters and the PDF packet. No browser, file, network, clock or logging happens here
//! (enforced by `tests/tidy.rs`); every function that depends on the date takes it as an argument.
#![deny(missing_docs)]
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod analysis;
pub mod attachment;
pub mod calendar;
pub mod checks;
pub mod codes;
pub mod finding;
pub mod form;
pub mod import;
pub mod letter;
pub mod model;
#[cfg(feature = "pdf")]
pub mod packet;
pub mod payers;
pub mod report;
pub mod required;
pub mod validate;
