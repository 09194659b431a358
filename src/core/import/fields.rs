//! Case field paths as the import reports them: [`FieldPath`] (service-line paths kept as
//! numbers, formatted only when shown) and [`left_empty`], the fields a request needs that a
//! case leaves empty.

use crate::core::form::{LINES_PATH, LineField};
use crate::core::model::{Case, Lenient};
use crate::core::required::{REQUIRED, Target};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

/// A case field path as the import reports it ([`Filled::field`](super::Filled)). A service-line
/// field is kept as numbers ([`FieldPath::Line`], [`FieldPath::LineItem`]) and formatted only
/// when shown or serialised, so the reports of large remittances (hundreds of thousands of
/// line fields) allocate nothing for them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FieldPath {
    /// A fixed path (`claim.patient.member_id`).
    Fixed(&'static str),
    /// `claim.claim.lines[i].<field>`.
    Line(usize, LineField),
    /// `claim.claim.lines[i].<field>[k]` (a modifier, a diagnosis pointer).
    LineItem(usize, LineField, usize),
    /// Any other path, as text (`claim.<extension member>`).
    Text(String),
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldPath::Fixed(path) => f.write_str(path),
            FieldPath::Text(path) => f.write_str(path),
            FieldPath::Line(i, field) => write!(f, "claim.claim.lines[{i}].{}", field.key()),
            FieldPath::LineItem(i, field, k) => write!(f, "claim.claim.lines[{i}].{}[{k}]", field.key()),
        }
    }
}

impl Serialize for FieldPath {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl PartialEq<str> for FieldPath {
    /// Compares the path as written, without formatting it into a string.
    fn eq(&self, other: &str) -> bool {
        /// Consumes `0` as the formatted pieces match its start.
        struct Rest<'s>(&'s str);
        impl fmt::Write for Rest<'_> {
            fn write_str(&mut self, piece: &str) -> fmt::Result {
                self.0 = self.0.strip_prefix(piece).ok_or(fmt::Error)?;
                Ok(())
            }
        }
        let mut rest = Rest(other);
        fmt::Write::write_fmt(&mut rest, format_args!("{self}")).is_ok() && rest.0.is_empty()
    }
}

impl PartialEq<&str> for FieldPath {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl PartialEq<String> for FieldPath {
    fn eq(&self, other: &String) -> bool {
        *self == **other
    }
}

impl From<&'static str> for FieldPath {
    fn from(path: &'static str) -> FieldPath {
        FieldPath::Fixed(path)
    }
}

impl From<String> for FieldPath {
    fn from(path: String) -> FieldPath {
        FieldPath::Text(path)
    }
}

impl From<Cow<'static, str>> for FieldPath {
    fn from(path: Cow<'static, str>) -> FieldPath {
        match path {
            Cow::Borrowed(path) => FieldPath::Fixed(path),
            Cow::Owned(path) => FieldPath::Text(path),
        }
    }
}

/// The fields a request needs that the case leaves empty: the rows of
/// [`crate::core::required::REQUIRED`] the import uses, with each service line's code, units,
/// charge and (professional claims) diagnosis pointers right after the `lines` row.
pub fn left_empty(case: &Case) -> Vec<Cow<'static, str>> {
    let mut out = Vec::new();
    for row in REQUIRED.iter().filter(|row| row.needed_for_import) {
        if row.is_blank(case) {
            out.push(row.target.path());
        }
        if row.target == Target::List(LINES_PATH) {
            line_fields_left_empty(case, &mut out);
        }
    }
    out
}

/// The line-level fields the import lists (validation checks lines with its own rules).
fn line_fields_left_empty(case: &Case, out: &mut Vec<Cow<'static, str>>) {
    let blank = |s: &str| s.trim().is_empty();
    let c = &case.claim.claim;
    for (i, line) in c.lines.iter().enumerate() {
        if line.cpt_or_hcpcs.as_deref().is_none_or(blank) && line.revenue_code.as_deref().is_none_or(blank) {
            out.push(Cow::Owned(FieldPath::Line(i, LineField::Code).to_string()));
        }
        if matches!(line.units, Lenient::Raw(serde_json::Value::Null)) {
            out.push(Cow::Owned(FieldPath::Line(i, LineField::Units).to_string()));
        }
        if matches!(line.charge, Lenient::Raw(serde_json::Value::Null)) {
            out.push(Cow::Owned(FieldPath::Line(i, LineField::Charge).to_string()));
        }
        if !c.is_institutional() && line.icd10_pointers.is_empty() {
            out.push(Cow::Owned(FieldPath::Line(i, LineField::Pointers).to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE_FIELDS: [(LineField, &str); 8] = [
        (LineField::Code, "cpt_or_hcpcs"),
        (LineField::Modifiers, "modifiers"),
        (LineField::Units, "units"),
        (LineField::Charge, "charge"),
        (LineField::Pointers, "icd10_pointers"),
        (LineField::RevenueCode, "revenue_code"),
        (LineField::From, "from"),
        (LineField::To, "to"),
    ];

    #[test]
    fn line_paths_read_as_the_case_format_writes_them() {
        for i in [0, 1, 9, 10, 11, 123_456] {
            for (field, key) in LINE_FIELDS {
                let path = FieldPath::Line(i, field);
                let text = format!("claim.claim.lines[{i}].{key}");
                assert_eq!(path.to_string(), text);
                assert!(path == text.as_str() && path == text, "{text}");
                assert_eq!(serde_json::to_value(&path).ok(), Some(serde_json::Value::String(text.clone())));
                for k in [0, 3, 4, 17] {
                    let item = FieldPath::LineItem(i, field, k);
                    assert_eq!(item.to_string(), format!("{text}[{k}]"));
                    assert!(item == format!("{text}[{k}]"));
                    assert!(item != text, "{text}[{k}] is not {text}");
                }
            }
        }
    }

    #[test]
    fn paths_compare_exactly() {
        let units = FieldPath::Line(2, LineField::Units);
        for other in
            ["claim.claim.lines[2].unit", "claim.claim.lines[2].unitsX", "claim.claim.lines[20].units", "", "claim"]
        {
            assert!(units != other, "{other:?}");
        }
        let (fixed, text) = (FieldPath::from("claim.patient.dob"), FieldPath::from(String::from("claim.extra_member")));
        assert_eq!(
            (&fixed, &text),
            (&FieldPath::Fixed("claim.patient.dob"), &FieldPath::Text("claim.extra_member".into()))
        );
        assert!(fixed == "claim.patient.dob" && text == "claim.extra_member");
        assert!(FieldPath::from(Cow::Borrowed("claim.payer.name")) == FieldPath::Fixed("claim.payer.name"));
        assert!(FieldPath::Fixed("claim.payer.name") != "claim.payer.fax");
    }

    #[test]
    fn left_empty_names_line_fields_by_their_paths() {
        let mut case = Case::default();
        case.claim.claim.lines.push(Default::default());
        let empty = left_empty(&case);
        for key in ["cpt_or_hcpcs", "units", "charge"] {
            let path = format!("claim.claim.lines[0].{key}");
            assert!(empty.iter().any(|p| *p == path), "{path}");
        }
        assert!(!empty.iter().any(|p| p == "claim.claim.lines"), "a case with a line does not lack lines");
    }
}
