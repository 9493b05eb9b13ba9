//! Serde adapters that the generator attaches to generated fields with
//! `#[serde(with = "...")]`.

/// Money: [`rust_decimal::Decimal`] written as an exact JSON number.
///
/// `rust_decimal`'s own serde writes a JSON string (`"12.50"`), and its
/// `serde-float` feature goes through `f64`. We write the decimal's exact
/// digits as a number token through serde_json's `RawValue` instead, which
/// needs only serde_json's additive `raw_value` feature, not the build-wide
/// `arbitrary_precision` that would change `serde_json::Number` for every
/// crate in a user's build.
///
/// Reading accepts a JSON number (read from its exact text when the
/// deserializer is serde_json's), a numeric string, or an integer/float from
/// any other serde format.
pub mod decimal {
    use rust_decimal::Decimal;
    use serde::de::{self, Deserializer, MapAccess, Visitor};
    use serde::ser::{Error as _, Serialize, Serializer};
    use std::fmt;
    use std::str::FromStr;

    // serde_json's private marker for raw values; stable since 1.0.53.
    const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

    /// Writes `value` as an exact JSON number.
    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        let raw = serde_json::value::RawValue::from_string(value.to_string())
            .map_err(S::Error::custom)?;
        raw.serialize(serializer)
    }

    /// Reads a decimal from a JSON number (exactly) or a numeric string.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, DecimalVisitor)
    }

    pub(crate) fn parse(text: &str) -> Result<Decimal, String> {
        let text = text.trim();
        let text = text
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .unwrap_or(text);
        Decimal::from_str(text)
            .or_else(|_| Decimal::from_scientific(text))
            .map_err(|e| format!("`{text}` is not a decimal number: {e}"))
    }

    struct DecimalVisitor;

    impl<'de> Visitor<'de> for DecimalVisitor {
        type Value = Decimal;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a decimal number")
        }

        // Deserializers other than serde_json's ignore the raw-value marker.
        fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Decimal, D::Error> {
            d.deserialize_any(self)
        }

        // serde_json hands the exact number text over as a one-entry map.
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Decimal, A::Error> {
            let Some(_key) = map.next_key::<RawKey>()? else {
                return Err(de::Error::invalid_length(0, &self));
            };
            let text: std::borrow::Cow<'de, str> = map.next_value()?;
            parse(&text).map_err(de::Error::custom)
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
            parse(v).map_err(E::custom)
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
            // Shortest round-trip text of the double, so 0.1 stays 0.1.
            parse(&v.to_string()).map_err(E::custom)
        }
    }

    struct RawKey;

    impl<'de> serde::Deserialize<'de> for RawKey {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_identifier(RawKeyVisitor)
        }
    }

    struct RawKeyVisitor;

    impl Visitor<'_> for RawKeyVisitor {
        type Value = RawKey;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a raw JSON value")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<RawKey, E> {
            if v == RAW_VALUE_TOKEN {
                Ok(RawKey)
            } else {
                Err(E::custom("expected a number, found an object"))
            }
        }
    }
}

/// `Option<Decimal>` counterpart of [`decimal`]: `None` is written as `null`
/// (generated fields skip it entirely) and `null` reads as `None`.
pub mod option_decimal {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `Some` as an exact JSON number, `None` as `null`.
    pub fn serialize<S: Serializer>(
        value: &Option<Decimal>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => super::decimal::serialize(v, serializer),
            None => serializer.serialize_none(),
        }
    }

    /// Reads `null` as `None`, anything else as [`super::decimal`] does.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Decimal>, D::Error> {
        #[derive(Deserialize)]
        struct Wrapper(#[serde(with = "super::decimal")] Decimal);
        Ok(Option::<Wrapper>::deserialize(deserializer)?.map(|w| w.0))
    }
}

/// Date-times as `chrono::DateTime<FixedOffset>`, keeping the sender's UTC
/// offset.
///
/// Reading accepts RFC 3339 with an offset (`2026-01-11T16:13:38.5685399+01:00`),
/// the offset-less form .NET servers send for `DateTimeKind.Unspecified`
/// values (`2024-05-01T10:00:00`, read as UTC), and the RFC 1123 form of
/// OAuth-style token answers (`Wed, 01 May 2024 10:00:00 GMT`).
///
/// Writing gives RFC 3339 with as many fractional digits as the value needs
/// (`.5685399`, not `.568539900`) and `Z` for a zero offset, so the samples in
/// the vendor documents round-trip byte for byte.
pub mod date_time {
    use chrono::{DateTime, FixedOffset, NaiveDateTime, Timelike};
    use serde::{Deserialize, Deserializer, Serializer, de::Error as _};

    /// Parses any of the accepted forms.
    pub fn parse(text: &str) -> Result<DateTime<FixedOffset>, String> {
        let text = text.trim();
        if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
            return Ok(dt);
        }
        for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
            if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
                return Ok(naive.and_utc().fixed_offset());
            }
        }
        if let Ok(date) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Ok(date
                .and_time(chrono::NaiveTime::MIN)
                .and_utc()
                .fixed_offset());
        }
        DateTime::parse_from_rfc2822(text).map_err(|_| {
            format!("`{text}` is not a date-time (expected RFC 3339, with or without offset)")
        })
    }

    /// Formats as RFC 3339 with minimal fractional digits.
    pub fn format(value: &DateTime<FixedOffset>) -> String {
        let mut out = value.format("%Y-%m-%dT%H:%M:%S").to_string();
        let nanos = value.nanosecond() % 1_000_000_000;
        if nanos != 0 {
            let digits = format!("{nanos:09}");
            out.push('.');
            out.push_str(digits.trim_end_matches('0'));
        }
        if value.offset().local_minus_utc() == 0 {
            out.push('Z');
        } else {
            out.push_str(&value.format("%:z").to_string());
        }
        out
    }

    /// Writes RFC 3339 text.
    pub fn serialize<S: Serializer>(
        value: &DateTime<FixedOffset>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format(value))
    }

    /// Reads any accepted form.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<FixedOffset>, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        parse(&text).map_err(D::Error::custom)
    }
}

/// `Option` counterpart of [`date_time`].
pub mod option_date_time {
    use chrono::{DateTime, FixedOffset};
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `Some` as RFC 3339 text, `None` as `null`.
    pub fn serialize<S: Serializer>(
        value: &Option<DateTime<FixedOffset>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => super::date_time::serialize(v, serializer),
            None => serializer.serialize_none(),
        }
    }

    /// Reads `null` as `None`, anything else as [`super::date_time`] does.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        #[derive(Deserialize)]
        struct Wrapper(#[serde(with = "super::date_time")] DateTime<FixedOffset>);
        Ok(Option::<Wrapper>::deserialize(deserializer)?.map(|w| w.0))
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Serialize};
    use std::str::FromStr;

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Money {
        #[serde(with = "super::decimal")]
        price: Decimal,
        #[serde(
            default,
            with = "super::option_decimal",
            skip_serializing_if = "Option::is_none"
        )]
        discount: Option<Decimal>,
    }

    #[test]
    fn decimals_are_exact_json_numbers_both_ways() {
        let text = r#"{"price":12.50,"discount":0.1000000000000000000000000001}"#;
        let m: Money = serde_json::from_str(text).unwrap();
        assert_eq!(m.price, Decimal::from_str("12.50").unwrap());
        assert_eq!(
            m.discount,
            Some(Decimal::from_str("0.1000000000000000000000000001").unwrap())
        );
        assert_eq!(serde_json::to_string(&m).unwrap(), text);
    }

    #[test]
    fn decimals_read_from_strings_integers_and_values() {
        let m: Money = serde_json::from_str(r#"{"price":"3.25"}"#).unwrap();
        assert_eq!(m.price, Decimal::from_str("3.25").unwrap());
        let m: Money =
            serde_json::from_value(serde_json::json!({"price": 7, "discount": 0.1})).unwrap();
        assert_eq!(m.price, Decimal::from(7));
        assert_eq!(m.discount, Some(Decimal::from_str("0.1").unwrap()));
        let m: Money = serde_json::from_str(r#"{"price":1e2,"discount":null}"#).unwrap();
        assert_eq!(m.price, Decimal::from(100));
        assert_eq!(m.discount, None);
    }

    #[test]
    fn decimals_reject_non_numbers() {
        assert!(serde_json::from_str::<Money>(r#"{"price":"abc"}"#).is_err());
        assert!(serde_json::from_str::<Money>(r#"{"price":{"a":1}}"#).is_err());
        assert!(serde_json::from_str::<Money>(r#"{"price":true}"#).is_err());
    }

    #[test]
    fn date_times_round_trip_with_offsets_and_accept_naive() {
        let p = super::date_time::parse;
        let f = super::date_time::format;
        for s in [
            "2026-01-11T16:13:38.5685399+01:00",
            "2021-01-06T12:27:59.154Z",
            "2024-04-09T12:26:18Z",
        ] {
            assert_eq!(f(&p(s).unwrap()), s);
        }
        assert_eq!(
            f(&p("2024-05-01T10:00:00").unwrap()),
            "2024-05-01T10:00:00Z"
        );
        assert_eq!(
            f(&p("Wed, 01 May 2024 10:00:00 GMT").unwrap()),
            "2024-05-01T10:00:00Z"
        );
        assert!(p("yesterday").is_err());
    }
}
