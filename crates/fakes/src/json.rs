//! Reading request bodies the way the fakes need them.
//!
//! `serde_json::Value` would turn `12.50` into an `f64`; money must stay exact, so
//! bodies are parsed into [`Json`], which keeps every number as its source text.
//! Object keys are looked up case-insensitively because the vendors' servers
//! (ASP.NET with Json.NET) bind properties that way.

use crate::server::Reply;
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use http::StatusCode;
use rust_decimal::Decimal;
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::str::FromStr;

/// A parsed JSON value with exact numbers.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    /// The number's text exactly as sent.
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    Obj(BTreeMap<String, Json>),
}

impl Json {
    /// Parses a whole body; the error is serde_json's description (line and column).
    pub(crate) fn parse(bytes: &[u8]) -> Result<Json, String> {
        let raw: Box<RawValue> = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        from_raw(&raw)
    }

    /// The member named `key` (ASCII case-insensitive), if this is an object.
    pub(crate) fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(map) => map.get(key).or_else(|| {
                map.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(key))
                    .map(|(_, v)| v)
            }),
            _ => None,
        }
    }

    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Num(_) => "a number",
            Json::Str(_) => "a string",
            Json::Arr(_) => "an array",
            Json::Obj(_) => "an object",
        }
    }
}

fn from_raw(raw: &RawValue) -> Result<Json, String> {
    let text = raw.get().trim();
    let json_err = |e: serde_json::Error| e.to_string();
    Ok(match text.as_bytes().first() {
        Some(b'{') => {
            let map: BTreeMap<String, Box<RawValue>> =
                serde_json::from_str(text).map_err(json_err)?;
            let mut out = BTreeMap::new();
            for (k, v) in map {
                out.insert(k, from_raw(&v)?);
            }
            Json::Obj(out)
        }
        Some(b'[') => {
            let items: Vec<Box<RawValue>> = serde_json::from_str(text).map_err(json_err)?;
            Json::Arr(
                items
                    .iter()
                    .map(|v| from_raw(v))
                    .collect::<Result<_, _>>()?,
            )
        }
        Some(b'"') => Json::Str(serde_json::from_str(text).map_err(json_err)?),
        Some(b't') => Json::Bool(true),
        Some(b'f') => Json::Bool(false),
        Some(b'n') => Json::Null,
        _ => Json::Num(text.to_owned()),
    })
}

/// The field paths and problems found in one request body.
#[derive(Debug, Default)]
pub(crate) struct Violations(pub(crate) Vec<(String, String)>);

impl Violations {
    pub(crate) fn add(&mut self, path: impl Into<String>, problem: impl Into<String>) {
        self.0.push((path.into(), problem.into()));
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The 400 answer for these violations, in ASP.NET's shape: `ModelState`
    /// maps each field path to its problems. With `detailed`, the `Message`
    /// also names every field and rule (Sellercloud's fake); without, it is
    /// the framework's plain "The request is invalid." (ShopCtrl's).
    pub(crate) fn into_reply(self, detailed: bool) -> Reply {
        let mut message = String::from("The request is invalid.");
        let mut model_state = serde_json::Map::new();
        for (path, problem) in self.0 {
            if detailed {
                message.push_str(&format!(" {path}: {problem}."));
            }
            let entry = model_state
                .entry(path)
                .or_insert_with(|| serde_json::Value::Array(Vec::new()));
            if let serde_json::Value::Array(list) = entry {
                list.push(serde_json::Value::String(problem));
            }
        }
        Reply::json(
            StatusCode::BAD_REQUEST,
            &serde_json::json!({ "Message": message, "ModelState": model_state }),
        )
    }

    /// `Some(value)` unless the member is absent or `null`.
    pub(crate) fn present(value: Option<&Json>) -> Option<&Json> {
        value.filter(|v| !matches!(v, Json::Null))
    }

    /// An optional int32; a wrong type or range is recorded and read as absent.
    pub(crate) fn int(&mut self, value: Option<&Json>, path: &str) -> Option<i32> {
        let value = Self::present(value)?;
        let parsed = match value {
            Json::Num(text) => parse_decimal(text)
                .ok()
                .filter(|d| d.fract().is_zero())
                .and_then(|d| i32::try_from(d.mantissa() / 10i128.pow(d.scale())).ok()),
            _ => None,
        };
        if parsed.is_none() {
            self.add(
                path,
                format!("must be a 32-bit integer, not {}", describe(value)),
            );
        }
        parsed
    }

    /// An optional exact decimal.
    pub(crate) fn decimal(&mut self, value: Option<&Json>, path: &str) -> Option<Decimal> {
        let value = Self::present(value)?;
        let parsed = match value {
            Json::Num(text) => parse_decimal(text).ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.add(
                path,
                format!("must be a decimal number, not {}", describe(value)),
            );
        }
        parsed
    }

    pub(crate) fn string(&mut self, value: Option<&Json>, path: &str) -> Option<String> {
        match Self::present(value)? {
            Json::Str(s) => Some(s.clone()),
            other => {
                self.add(path, format!("must be a string, not {}", describe(other)));
                None
            }
        }
    }

    pub(crate) fn boolean(&mut self, value: Option<&Json>, path: &str) -> Option<bool> {
        match Self::present(value)? {
            Json::Bool(b) => Some(*b),
            other => {
                self.add(
                    path,
                    format!("must be true or false, not {}", describe(other)),
                );
                None
            }
        }
    }

    /// An optional date-time, parsed leniently (RFC 3339, or without offset as
    /// .NET writes it), returned with the text as received.
    pub(crate) fn date_time(
        &mut self,
        value: Option<&Json>,
        path: &str,
    ) -> Option<(DateTime<FixedOffset>, String)> {
        let text = self.string(value, path)?;
        match parse_date_time(&text) {
            Some(dt) => Some((dt.with_offset_or_utc(), text)),
            None => {
                self.add(path, format!("`{text}` is not a date-time"));
                None
            }
        }
    }

    /// An optional array; other types are recorded and read as absent.
    pub(crate) fn array<'a>(&mut self, value: Option<&'a Json>, path: &str) -> Option<&'a [Json]> {
        match Self::present(value)? {
            Json::Arr(items) => Some(items),
            other => {
                self.add(path, format!("must be an array, not {}", describe(other)));
                None
            }
        }
    }

    /// An optional object.
    pub(crate) fn object<'a>(&mut self, value: Option<&'a Json>, path: &str) -> Option<&'a Json> {
        match Self::present(value)? {
            obj @ Json::Obj(_) => Some(obj),
            other => {
                self.add(path, format!("must be an object, not {}", describe(other)));
                None
            }
        }
    }
}

/// A date-time as ASP.NET binds one: with an offset, or without one (then
/// its zone is the reader's to decide).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WireDate {
    Offset(DateTime<FixedOffset>),
    Naive(NaiveDateTime),
}

impl WireDate {
    /// The time, reading one without offset as UTC.
    pub(crate) fn with_offset_or_utc(self) -> DateTime<FixedOffset> {
        match self {
            WireDate::Offset(dt) => dt,
            WireDate::Naive(naive) => naive.and_utc().fixed_offset(),
        }
    }

    /// The time on the wall clock of a server at `zone`, as that server
    /// compares times without offset (ASP.NET reads a time with offset as
    /// the server's local time).
    pub(crate) fn local_to(self, zone: FixedOffset) -> NaiveDateTime {
        match self {
            WireDate::Offset(dt) => dt.with_timezone(&zone).naive_local(),
            WireDate::Naive(naive) => naive,
        }
    }
}

/// Parses the date-time forms a .NET server reads: RFC 3339, the same without
/// offset (`2021-01-06T12:27:59.154`, also with a space for `T`), or a date.
/// This is the fakes' own reading, independent of the clients' parser.
pub(crate) fn parse_date_time(text: &str) -> Option<WireDate> {
    let text = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Some(WireDate::Offset(dt));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            return Some(WireDate::Naive(naive));
        }
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .map(|date| WireDate::Naive(date.and_time(chrono::NaiveTime::MIN)))
}

fn describe(value: &Json) -> String {
    match value {
        Json::Num(text) => format!("`{text}`"),
        Json::Str(s) if s.chars().count() <= 40 => format!("the string \"{s}\""),
        other => other.kind().to_owned(),
    }
}

fn parse_decimal(text: &str) -> Result<Decimal, rust_decimal::Error> {
    Decimal::from_str(text).or_else(|_| Decimal::from_scientific(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_text_and_keys_match_case_insensitively() {
        let j = Json::parse(br#" {"Price": 12.50, "items": [1, "a", null, true]} "#).unwrap();
        assert_eq!(j.get("price"), Some(&Json::Num("12.50".into())));
        let mut v = Violations::default();
        assert_eq!(
            v.decimal(j.get("PRICE"), "Price"),
            Some(Decimal::from_str("12.50").unwrap())
        );
        let items = v.array(j.get("Items"), "Items").unwrap();
        assert_eq!(items.len(), 4);
        assert_eq!(v.int(items.first(), "Items[0]"), Some(1));
        assert_eq!(v.int(items.get(2), "Items[2]"), None);
        assert!(v.is_empty());
        assert_eq!(v.int(items.get(1), "Items[1]"), None);
        assert_eq!(v.0.len(), 1);
    }

    #[test]
    fn ints_reject_fractions_and_out_of_range_values() {
        let mut v = Violations::default();
        assert_eq!(v.int(Some(&Json::Num("5.0".into())), "a"), Some(5));
        assert_eq!(v.int(Some(&Json::Num("-7".into())), "a"), Some(-7));
        assert_eq!(v.int(Some(&Json::Num("1e2".into())), "a"), Some(100));
        assert!(v.is_empty());
        assert_eq!(v.int(Some(&Json::Num("5.5".into())), "a"), None);
        assert_eq!(v.int(Some(&Json::Num("3000000000".into())), "a"), None);
        assert_eq!(v.0.len(), 2);
    }

    #[test]
    fn malformed_json_is_an_error() {
        assert!(Json::parse(b"{\"a\": ").is_err());
        assert!(Json::parse(b"").is_err());
    }
}
