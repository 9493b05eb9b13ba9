//! Forward-compatible enums.
//!
//! Sellercloud defines its enums as int32 values with names; its documents
//! send the names, and its servers answer with either. Newer servers add
//! values. A closed Rust enum would fail a whole response on the first new
//! value, so every generated enum has an `Unknown` variant holding what was
//! received, and reads both names and numbers through [`OpenEnum`].

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;
use std::fmt;

/// A value of an [`OpenEnum`] that this version of the crate does not know.
///
/// It is written back exactly as it was read.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UnknownEnumValue {
    /// A name (`"Fulfilled_By_Someone"`).
    Name(String),
    /// A number (`42`).
    Code(i64),
}

impl fmt::Display for UnknownEnumValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnknownEnumValue::Name(n) => f.write_str(n),
            UnknownEnumValue::Code(c) => write!(f, "{c}"),
        }
    }
}

/// Implemented by the generated enums; the serde and text conversions below
/// are written once here instead of once per enum.
pub trait OpenEnum: Sized + 'static {
    /// Name of the enum in the spec, for error messages.
    const NAME: &'static str;
    /// The known values: the wire name and the server's number, in spec order.
    const VARIANTS: &'static [(&'static str, i64)];
    /// The known value at `index` in [`Self::VARIANTS`].
    fn from_index(index: usize) -> Self;
    /// The index in [`Self::VARIANTS`], or `None` for an unknown value.
    fn index(&self) -> Option<usize>;
    /// Wraps a value this crate does not know.
    fn from_unknown(value: UnknownEnumValue) -> Self;
    /// The unknown value, if this is one.
    fn as_unknown(&self) -> Option<&UnknownEnumValue>;

    /// The wire name, `None` for an unknown number.
    fn name(&self) -> Option<&str> {
        match (self.index(), self.as_unknown()) {
            (Some(i), _) => Some(Self::VARIANTS[i].0),
            (None, Some(UnknownEnumValue::Name(n))) => Some(n),
            _ => None,
        }
    }

    /// The server's number, `None` for an unknown name.
    fn code(&self) -> Option<i64> {
        match (self.index(), self.as_unknown()) {
            (Some(i), _) => Some(Self::VARIANTS[i].1),
            (None, Some(UnknownEnumValue::Code(c))) => Some(*c),
            _ => None,
        }
    }

    /// Whether this is a value the crate knows.
    fn is_known(&self) -> bool {
        self.index().is_some()
    }

    /// Reads a name (exact match) or a number; anything else is kept as unknown.
    fn from_name(name: &str) -> Self {
        match Self::VARIANTS.iter().position(|(n, _)| *n == name) {
            Some(i) => Self::from_index(i),
            None => Self::from_unknown(UnknownEnumValue::Name(name.to_owned())),
        }
    }

    /// Reads a server number; an unknown number is kept as unknown.
    fn from_code(code: i64) -> Self {
        match Self::VARIANTS.iter().position(|(_, c)| *c == code) {
            Some(i) => Self::from_index(i),
            None => Self::from_unknown(UnknownEnumValue::Code(code)),
        }
    }
}

/// Writes the wire name (or the unknown value as it was read).
pub fn serialize<E: OpenEnum, S: Serializer>(value: &E, serializer: S) -> Result<S::Ok, S::Error> {
    match (value.index(), value.as_unknown()) {
        (Some(i), _) => serializer.serialize_str(E::VARIANTS[i].0),
        (None, Some(UnknownEnumValue::Name(n))) => serializer.serialize_str(n),
        (None, Some(UnknownEnumValue::Code(c))) => serializer.serialize_i64(*c),
        (None, None) => Err(serde::ser::Error::custom(format!(
            "{} value is neither known nor unknown",
            E::NAME
        ))),
    }
}

/// Reads a name, a number, or a numeric string.
pub fn deserialize<'de, E: OpenEnum, D: Deserializer<'de>>(deserializer: D) -> Result<E, D::Error> {
    deserializer.deserialize_any(OpenEnumVisitor::<E>(std::marker::PhantomData))
}

/// Formats the wire name, for `Display`.
pub fn display<E: OpenEnum>(value: &E, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match (value.index(), value.as_unknown()) {
        (Some(i), _) => f.write_str(E::VARIANTS[i].0),
        (None, Some(u)) => fmt::Display::fmt(u, f),
        (None, None) => f.write_str(E::NAME),
    }
}

struct OpenEnumVisitor<E>(std::marker::PhantomData<E>);

impl<E: OpenEnum> Visitor<'_> for OpenEnumVisitor<E> {
    type Value = E;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a {} name or number", E::NAME)
    }

    fn visit_str<Er: de::Error>(self, v: &str) -> Result<E, Er> {
        Ok(match v.trim().parse::<i64>() {
            Ok(code) => E::from_code(code),
            Err(_) => E::from_name(v),
        })
    }

    fn visit_i64<Er: de::Error>(self, v: i64) -> Result<E, Er> {
        Ok(E::from_code(v))
    }

    fn visit_u64<Er: de::Error>(self, v: u64) -> Result<E, Er> {
        i64::try_from(v)
            .map(E::from_code)
            .map_err(|_| Er::invalid_value(de::Unexpected::Unsigned(v), &self))
    }
}
