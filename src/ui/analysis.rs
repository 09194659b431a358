//! The analysis as the components read it: [`Analysis`] (defined in the core,
//! `crate::core::analysis`) behind a shared handle.

pub use crate::core::analysis::Analysis;
use std::rc::Rc;

/// The handle components read the analysis through.
pub type AnalysisContext = Rc<Analysis>;
