//! [`Lenient`]: a typed value that keeps what was typed when it does not fit the type.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// A value of type `T`, or the raw JSON that was found instead.
///
/// A units field that says `"2x"` still loads (as [`Lenient::Raw`]), is shown to the user as
/// typed, is saved back unchanged, and is reported by validation with its field path. Nothing a
/// person typed is lost because it failed to parse.
#[derive(Debug, Clone, PartialEq)]
pub enum Lenient<T> {
    /// The value parsed as `T`.
    Valid(T),
    /// The JSON found in its place (a string with a typo, `null`, …).
    Raw(Value),
}

/// An absent value is `null`: missing, which validation reports.
impl<T> Default for Lenient<T> {
    fn default() -> Self {
        Lenient::Raw(Value::Null)
    }
}

impl<T> Lenient<T> {
    /// The parsed value, if there is one.
    pub fn valid(&self) -> Option<&T> {
        match self {
            Lenient::Valid(value) => Some(value),
            Lenient::Raw(_) => None,
        }
    }
}

impl<T: Serialize> Lenient<T> {
    /// The value as a person would type it: numbers without quotes, raw strings as they are.
    pub fn as_text(&self) -> String {
        let value = match self {
            Lenient::Valid(value) => serde_json::to_value(value).unwrap_or(Value::Null),
            Lenient::Raw(value) => value.clone(),
        };
        match value {
            Value::String(text) => text,
            Value::Null => String::new(),
            other => other.to_string(),
        }
    }
}

impl<T: DeserializeOwned> Lenient<T> {
    /// Parses typed text: a JSON literal of `T` if it is one, else the text kept as a string.
    pub fn from_text(text: &str) -> Lenient<T> {
        let trimmed = text.trim();
        if !trimmed.is_empty()
            && !trimmed.starts_with('"')
            && let Ok(value) = serde_json::from_str::<T>(trimmed)
        {
            return Lenient::Valid(value);
        }
        Lenient::Raw(Value::String(text.to_string()))
    }
}

impl<T: Serialize> Serialize for Lenient<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Lenient::Valid(value) => value.serialize(serializer),
            Lenient::Raw(value) => value.serialize(serializer),
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Ok(match serde_json::from_value::<T>(value.clone()) {
            Ok(typed) => Lenient::Valid(typed),
            Err(_) => Lenient::Raw(value),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_does_not_parse() {
        let units: Lenient<i64> = serde_json::from_str("\"2x\"").unwrap();
        assert_eq!(units, Lenient::Raw(Value::String("2x".into())));
        assert_eq!(serde_json::to_string(&units).unwrap(), "\"2x\"");
        assert_eq!(units.as_text(), "2x");
    }

    #[test]
    fn parses_what_does() {
        let units: Lenient<i64> = serde_json::from_str("3").unwrap();
        assert_eq!(units.valid(), Some(&3));
        let charge: Lenient<serde_json::Number> = serde_json::from_str("6850.0").unwrap();
        assert_eq!(charge.as_text(), "6850.0");
    }

    #[test]
    fn from_text_never_rewrites() {
        assert_eq!(Lenient::<i64>::from_text("12"), Lenient::Valid(12));
        assert_eq!(Lenient::<i64>::from_text("1.5"), Lenient::Raw(Value::String("1.5".into())));
        assert_eq!(Lenient::<i64>::from_text(""), Lenient::Raw(Value::String(String::new())));
        assert_eq!(Lenient::<i64>::from_text("\"4\""), Lenient::Raw(Value::String("\"4\"".into())));
    }
}
