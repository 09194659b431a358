//! Shared test helpers: the development cases (a copy of `../shared/cases`, see
//! `tests/fixtures/shared/README.md`) and small utilities.
#![allow(dead_code)]

/// Building and checking PDF packets with poppler and qpdf (`tests/packet*.rs`).
#[cfg(feature = "pdf")]
pub mod pdf;

use std::path::{Path, PathBuf};

/// The folder holding the development case files.
pub fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shared/cases")
}

/// Every development case: (file name, JSON text), sorted by name.
pub fn case_files() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(cases_dir()).expect("cases dir") {
        let path = entry.expect("dir entry").path();
        if path.extension().and_then(|e| e.to_str()) == Some("json") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            out.push((name, std::fs::read_to_string(&path).expect("read case")));
        }
    }
    out.sort();
    assert!(out.len() >= 24, "expected the 24 development cases, found {}", out.len());
    out
}

/// Loads a case and resolves `text_file` notes relative to the cases folder, as the CLI does.
pub fn load_case(name: &str) -> retroauth::core::model::Case {
    let text = std::fs::read_to_string(cases_dir().join(name)).expect("read case");
    let mut case = retroauth::core::model::Case::from_json(&text).expect("case loads");
    for note in &mut case.notes {
        if let Some(file) = &note.text_file {
            note.text = Some(std::fs::read_to_string(cases_dir().join(file)).expect("text_file"));
        }
    }
    case
}

/// 2025-06-30, a fixed "today" for tests that do not care.
pub fn fixed_today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
}
