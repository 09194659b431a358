//! Reading FHIR JSON values: strings and arrays of a member, CodeableConcept codes, names,
//! identifiers, telecoms and addresses, dates and amounts as the case format writes them.

use crate::core::import::amount;
use crate::core::model::{Address, Lenient};
use serde_json::Value;

pub(super) fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

pub(super) fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

pub(super) fn codings(concept: Option<&Value>) -> &[Value] {
    concept.map(|c| list(c, "coding")).unwrap_or(&[])
}

/// The first coding code of a CodeableConcept (with its index), preferring `systems`.
pub(super) fn pick_code<'a>(concept: Option<&'a Value>, systems: &[&str]) -> Option<(usize, &'a str, Option<&'a str>)> {
    let all = codings(concept);
    let with_code = |(i, c): (usize, &'a Value)| text(c, "code").map(|code| (i, code, text(c, "system")));
    all.iter()
        .enumerate()
        .filter_map(with_code)
        .find(|(_, _, s)| s.is_some_and(|s| systems.contains(&s)))
        .or_else(|| all.iter().enumerate().filter_map(with_code).next())
}

pub(super) fn has_code(concept: Option<&Value>, code: &str) -> bool {
    codings(concept).iter().any(|c| text(c, "code") == Some(code))
}

/// A person's name: `given family, suffix` (prefix left out), or `text`.
pub(super) fn human_name(v: &Value) -> Option<String> {
    let names = list(v, "name");
    let name = names.iter().find(|n| text(n, "use") == Some("official")).or_else(|| names.first())?;
    let given: Vec<&str> = list(name, "given").iter().filter_map(Value::as_str).collect();
    let mut out = given.join(" ");
    if let Some(family) = text(name, "family") {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(family);
    }
    let suffix: Vec<&str> = list(name, "suffix").iter().filter_map(Value::as_str).collect();
    if !suffix.is_empty() && !out.is_empty() {
        out.push_str(", ");
        out.push_str(&suffix.join(" "));
    }
    if out.trim().is_empty() { text(name, "text").map(str::to_string) } else { Some(out.trim().to_string()) }
}

pub(super) fn identifier_with(v: &Value, systems: &[&str], type_code: Option<&str>) -> Option<(usize, String)> {
    list(v, "identifier").iter().enumerate().find_map(|(i, id)| {
        let by_system = text(id, "system").is_some_and(|s| systems.contains(&s));
        let by_type = type_code.is_some_and(|t| has_code(id.get("type"), t));
        if by_system || by_type { text(id, "value").map(|value| (i, value.to_string())) } else { None }
    })
}

pub(super) fn telecom(v: &Value, system: &str) -> Option<(usize, String)> {
    list(v, "telecom")
        .iter()
        .enumerate()
        .find(|(_, t)| text(t, "system") == Some(system))
        .and_then(|(i, t)| text(t, "value").map(|value| (i, value.to_string())))
}

pub(super) fn fhir_address(v: &Value) -> Option<(usize, Address)> {
    let (i, a) = list(v, "address").iter().enumerate().next()?;
    let lines: Vec<&str> = list(a, "line").iter().filter_map(Value::as_str).collect();
    let address = Address {
        line1: lines.first().map(|s| s.to_string()).unwrap_or_default(),
        line2: (lines.len() > 1).then(|| lines.get(1..).unwrap_or(&[]).join(", ")),
        city: text(a, "city").unwrap_or("").to_string(),
        state: text(a, "state").unwrap_or("").to_string(),
        zip: text(a, "postalCode").unwrap_or("").to_string(),
        ..Address::default()
    };
    Some((i, address))
}

/// A JSON member name that is safe to show (FHIR names are short ASCII identifiers).
pub(super) fn safe_key(key: &str) -> &str {
    if !key.is_empty() && key.len() <= 64 && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        key
    } else {
        "?"
    }
}

/// A FHIR date or dateTime → the `YYYY-MM-DD` part (as written when it is not one).
pub(super) fn fhir_date(value: &str) -> String {
    let v = value.trim();
    match v.get(..10) {
        Some(day) if v.len() > 10 && day.bytes().filter(|b| *b == b'-').count() == 2 => day.to_string(),
        _ => v.to_string(),
    }
}

pub(super) fn json_amount(value: &Value) -> Lenient<serde_json::Number> {
    match value {
        Value::Number(n) => Lenient::Valid(n.clone()),
        Value::String(s) => amount(s).0,
        other => Lenient::Raw(other.clone()),
    }
}
