//! Reading a case file: JSON syntax errors with line and column, schema errors with the field
//! path, and a schema-version check.

use super::{Case, SCHEMA_VERSIONS};
use std::fmt;

/// Why a case file could not be read. Messages never contain field values (they may be PHI):
/// only positions, paths and the kind of problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// What went wrong.
    pub kind: LoadErrorKind,
    /// 1-based line of the problem in the input, when known.
    pub line: Option<usize>,
    /// 1-based column of the problem in the input, when known.
    pub column: Option<usize>,
    /// Field path in the case format (`claim.claim.lines[0].units`), when known.
    pub path: Option<String>,
    /// A short description without any field values.
    pub message: String,
}

/// The kind of a [`LoadError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoadErrorKind {
    /// The text is not valid JSON.
    Syntax,
    /// The JSON does not have the shape of a case (wrong type for a field, not an object).
    Schema,
    /// `schema_version` is missing or not one this tool reads.
    Version,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => write!(f, "line {line}, column {column}: ")?,
            (Some(line), None) => write!(f, "line {line}: ")?,
            _ => {}
        }
        if let Some(path) = &self.path {
            write!(f, "{path}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for LoadError {}

/// serde_json's messages echo offending string values ("invalid type: string \"Jane\""); those
/// could be patient data, so only the shape of the complaint is kept.
fn redact(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut open: Option<char> = None;
    for c in message.chars() {
        match open {
            Some(quote) if c == quote => {
                out.push(quote);
                out.push('…');
                out.push(quote);
                open = None;
            }
            Some(_) => {}
            None if c == '"' || c == '`' => open = Some(c),
            None => out.push(c),
        }
    }
    // Positions are reported separately.
    match out.find(" at line ") {
        Some(cut) => out[..cut].to_string(),
        None => out,
    }
}

impl Case {
    /// Reads a case from JSON text.
    ///
    /// Unknown fields are kept; a missing or unsupported `schema_version` is an error, as are
    /// JSON syntax errors (with line and column) and fields of the wrong type (with path, line
    /// and column).
    pub fn from_json(text: &str) -> Result<Case, LoadError> {
        // Pass 1: syntax and top-level shape, so a syntax error is never reported as a schema one.
        let value: serde_json::Value = serde_json::from_str(text).map_err(|error| LoadError {
            kind: LoadErrorKind::Syntax,
            line: Some(error.line()),
            column: Some(error.column()),
            path: None,
            message: format!("invalid JSON: {}", redact(&error.to_string())),
        })?;
        let Some(object) = value.as_object() else {
            return Err(LoadError {
                kind: LoadErrorKind::Schema,
                line: Some(1),
                column: Some(1),
                path: None,
                message: "a case file must be a JSON object".to_string(),
            });
        };
        match object.get("schema_version") {
            Some(serde_json::Value::String(version)) if SCHEMA_VERSIONS.contains(&version.as_str()) => {}
            Some(serde_json::Value::String(_)) | Some(_) => {
                return Err(LoadError {
                    kind: LoadErrorKind::Version,
                    line: None,
                    column: None,
                    path: Some("schema_version".to_string()),
                    message: "unsupported schema version (this tool reads \"1.0\" and \"1.1\")".to_string(),
                });
            }
            None => {
                return Err(LoadError {
                    kind: LoadErrorKind::Version,
                    line: None,
                    column: None,
                    path: Some("schema_version".to_string()),
                    message: "missing schema_version (expected \"1.0\" or \"1.1\")".to_string(),
                });
            }
        }
        // Pass 2: the typed model, from the text so errors carry positions as well as paths.
        let mut deserializer = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize::<_, Case>(&mut deserializer).map_err(|error| {
            let path = error.path().to_string();
            let inner = error.into_inner();
            LoadError {
                kind: LoadErrorKind::Schema,
                line: Some(inner.line()),
                column: Some(inner.column()),
                path: (path != "." && !path.is_empty()).then_some(path),
                message: redact(&inner.to_string()),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_error_has_line_and_column() {
        let err = Case::from_json("{\n  \"schema_version\": \"1.0\",\n  \"case_id\": \n}").unwrap_err();
        assert_eq!(err.kind, LoadErrorKind::Syntax);
        assert_eq!(err.line, Some(4));
        assert!(err.column.is_some());
    }

    #[test]
    fn schema_error_has_path_and_no_value() {
        let text = r#"{"schema_version":"1.0","claim":{"patient":{"first_name":"Jane","dob":19680922}}}"#;
        let err = Case::from_json(text).unwrap_err();
        assert_eq!(err.kind, LoadErrorKind::Schema);
        assert_eq!(err.path.as_deref(), Some("claim.patient.dob"));
        assert!(!err.to_string().contains("19680922"), "{err}");
        assert!(!err.to_string().contains("Jane"), "{err}");
    }

    #[test]
    fn string_values_are_redacted() {
        let text = r#"{"schema_version":"1.0","notes":[{"text":["Jane Doe"]}],"claim":{"diagnoses":"Jane Doe"}}"#;
        let err = Case::from_json(text).unwrap_err();
        assert!(!err.to_string().contains("Jane"), "{err}");
    }

    #[test]
    fn version_is_checked() {
        let err = Case::from_json(r#"{"schema_version":"2.0"}"#).unwrap_err();
        assert_eq!(err.kind, LoadErrorKind::Version);
        let err = Case::from_json(r#"{"case_id":"x"}"#).unwrap_err();
        assert_eq!(err.kind, LoadErrorKind::Version);
        let err = Case::from_json("[1,2]").unwrap_err();
        assert_eq!(err.kind, LoadErrorKind::Schema);
    }

    #[test]
    fn unknown_fields_survive() {
        let text = r#"{"schema_version":"1.0","case_id":"x","future":{"a":1},"claim":{"patient":{"nickname":"J"}}}"#;
        let case = Case::from_json(text).unwrap();
        let back: serde_json::Value = serde_json::to_value(&case).unwrap();
        assert_eq!(back["future"]["a"], 1);
        assert_eq!(back["claim"]["patient"]["nickname"], "J");
    }
}
