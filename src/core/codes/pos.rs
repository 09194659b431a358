//! CMS place-of-service codes, generated from the HL7 Terminology package (see
//! the parent `codes` module). 52 two-digit codes with their CMS names; about 2 KB.

/// The generated list: a `#` provenance line, then `code<TAB>name` lines sorted by code.
const POS_TSV: &str = include_str!("data/pos.tsv");

/// Every place-of-service code with its CMS name, in code order.
pub fn all() -> impl Iterator<Item = (&'static str, &'static str)> {
    POS_TSV.lines().filter(|line| !line.starts_with('#')).filter_map(|line| line.split_once('\t'))
}

/// The CMS name of a place-of-service code (`"11"` → `"Office"`), or `None` if the code is not
/// in the CMS list.
pub fn name(code: &str) -> Option<&'static str> {
    all().find(|(c, _)| *c == code).map(|(_, name)| name)
}

/// The version of the CMS code system the list was taken from (e.g. `20240502`).
pub fn version() -> &'static str {
    super::provenance_value("pos.codesystem_version").unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_codes() {
        assert_eq!(name("11"), Some("Office"));
        assert_eq!(name("21"), Some("Inpatient Hospital"));
        assert_eq!(name("23").map(|n| n.starts_with("Emergency Room")), Some(true));
        assert!(name("02").is_some());
        assert_eq!(name("30"), None, "unassigned");
        assert_eq!(name("1"), None);
        assert_eq!(name(""), None);
        assert_eq!(all().count().to_string(), super::super::provenance_value("pos.codes").unwrap_or_default());
        assert!(!version().is_empty());
    }
}
