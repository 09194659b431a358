//! Reading the case file (and its `text_file` notes) and choosing "today" for the CLI.

use chrono::NaiveDate;
use retroauth::core::model::Case;
use retroauth::core::model::date::parse_iso;
use sha2::{Digest, Sha256};
use std::fmt;
use std::path::Path;

/// What can go wrong in the CLI, with its exit status.
#[derive(Debug)]
pub enum CliError {
    /// Unusable input: exit 2. The message names the file and the position or field.
    Input(String),
    /// Writing the output failed: exit 1.
    Output(String),
    /// A bug: exit 1.
    Internal(String),
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Input(_) => 2,
            CliError::Output(_) | CliError::Internal(_) => 1,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Input(message) => f.write_str(message),
            CliError::Output(message) => write!(f, "cannot write {message}"),
            CliError::Internal(message) => write!(f, "internal error: {message}"),
        }
    }
}

/// Reads and parses a case file; `text_file` notes are read relative to the case's folder.
pub fn load_case_file(path: &Path) -> Result<Case, CliError> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| CliError::Input(format!("{shown}: cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let prefix = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = prefix.iter().filter(|b| **b == b'\n').count() + 1;
        CliError::Input(format!("{shown}: line {line}: not valid UTF-8"))
    })?;
    let mut case = Case::from_json(&text).map_err(|e| CliError::Input(format!("{shown}: {e}")))?;
    let folder = path.parent().unwrap_or(Path::new("."));
    for (note_idx, note) in case.notes.iter_mut().enumerate() {
        let Some(file) = note.text_file.clone() else { continue };
        if note.text.is_some() {
            continue;
        }
        let note_path = folder.join(&file);
        let field = format!("notes[{note_idx}].text_file");
        let bytes = std::fs::read(&note_path)
            .map_err(|e| CliError::Input(format!("{shown}: {field}: cannot read {}: {e}", note_path.display())))?;
        if let Some(expected) = &note.sha256 {
            let actual = format!("{:x}", Sha256::digest(&bytes));
            if !actual.eq_ignore_ascii_case(expected.trim()) {
                return Err(CliError::Input(format!(
                    "{shown}: {field}: {} does not match the sha256 in the case file",
                    note_path.display()
                )));
            }
        }
        let text = String::from_utf8(bytes)
            .map_err(|_| CliError::Input(format!("{shown}: {field}: {} is not valid UTF-8", note_path.display())))?;
        note.text = Some(text);
    }
    Ok(case)
}

/// `--today`, else the case's `request_date`, else the system date.
pub fn resolve_today(flag: Option<&str>, case: &Case) -> Result<NaiveDate, CliError> {
    if let Some(text) = flag {
        return parse_iso(text).ok_or_else(|| CliError::Input("--today: expected a date as YYYY-MM-DD".to_string()));
    }
    if let Some(text) = case.request_date.as_deref().filter(|t| !t.trim().is_empty()) {
        return parse_iso(text).ok_or_else(|| {
            CliError::Input("request_date: expected a date as YYYY-MM-DD (or pass --today)".to_string())
        });
    }
    Ok(chrono::Local::now().date_naive())
}
