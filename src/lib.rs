//! retroauth turns a denied claim and its clinical notes into a retro-authorization request:
//! a letter and a PDF packet, built entirely on the user's machine.
//!
//! # Brief overview
//!
//! * [`core`] is the pure part: the case model ([`core::model`]), claim-data validation
//!   ([`core::validate`], with the code sets of [`core::codes`]), the medical-necessity checks
//!   ([`core::checks`]), their combined report ([`core::report`]), the importers
//!   ([`core::import`]), the letters ([`core::letter`]) and the PDF packet (`core::packet`,
//!   feature `pdf`). It does no I/O, reads no clock and never logs; hosts pass "today" in.
//! * The native command line (`src/bin/retroauth`, feature `cli`) and the browser app
//!   (`ui` + `web`, feature `web`, compiled to WebAssembly) are thin hosts around it.
//!
//! # Example
//!
//! ```
//! use retroauth::core::model::Case;
//! let json = r#"{"schema_version":"1.0","case_id":"x","claim":{},"notes":[]}"#;
//! let case = Case::from_json(json).unwrap();
//! assert_eq!(case.case_id, "x");
//! ```

pub mod core;

#[cfg(feature = "web")]
pub mod ui;
#[cfg(feature = "web")]
pub mod web;
