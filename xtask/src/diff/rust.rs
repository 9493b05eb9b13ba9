//! The Rust names and types the generator gives spec items, so that a change
//! can be stated as its effect on the generated crate's public API.

use heck::{ToPascalCase, ToSnakeCase};
use serde_json::Value;
use std::collections::BTreeSet;

// The strict and reserved keywords that cannot be identifiers.
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

// The way progenitor and typify turn spec names into identifiers: drop
// apostrophes, treat anything else that cannot be in an identifier as a word
// break, recase, and fix up what is still not an identifier.
fn sanitize(input: &str, pascal: bool) -> String {
    let cleaned: String = input
        .replace('\'', "")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let out = if pascal {
        cleaned.to_pascal_case()
    } else {
        cleaned.to_snake_case()
    };
    let out = match out.chars().next() {
        None => {
            if pascal {
                "X".into()
            } else {
                "x".into()
            }
        }
        Some(c) if c.is_alphabetic() || c == '_' => out,
        Some(_) => format!("{}{out}", if pascal { "X" } else { "x" }),
    };
    if KEYWORDS.contains(&out.as_str()) {
        format!("{out}_")
    } else {
        out
    }
}

/// The `Client` method for an operationId (`createToken` → `create_token`).
///
/// ```
/// assert_eq!(xtask::diff::rust::method_name("updatePurchaseOrderItems"), "update_purchase_order_items");
/// ```
pub fn method_name(operation_id: &str) -> String {
    sanitize(operation_id, false)
}

/// A struct field or argument name for a property or parameter name
/// (`CompanyID` → `company_id`, `.issued` → `issued`).
///
/// ```
/// assert_eq!(xtask::diff::rust::field_name("CompanyID"), "company_id");
/// assert_eq!(xtask::diff::rust::field_name(".expires"), "expires");
/// ```
pub fn field_name(property: &str) -> String {
    sanitize(property, false)
}

/// A type name for a component or an inline schema's name hint.
pub fn type_name(name: &str) -> String {
    sanitize(name, true)
}

/// What the generator needs to know about one spec to name its types.
#[derive(Clone, Debug, Default)]
pub struct Naming {
    /// Components generated as open enums in `enums::`.
    pub open_enums: BTreeSet<String>,
}

impl Naming {
    /// The public path of a component's type: `enums::PoType` or
    /// `types::OrderUpdate`.
    pub fn component_path(&self, component: &str) -> String {
        if self.open_enums.contains(component) {
            format!("enums::{component}")
        } else {
            format!("types::{}", type_name(component))
        }
    }

    /// The Rust type of a schema; `hint` names the type typify would make for
    /// an inline object, enum or composition.
    pub fn rust_type(&self, schema: &Value, hint: &str) -> String {
        if let Some(target) = ref_name(schema) {
            return self.component_path(target);
        }
        let format = schema.get("format").and_then(Value::as_str);
        let named_inline = schema.get("enum").is_some()
            || ["oneOf", "anyOf", "allOf"]
                .iter()
                .any(|k| schema.get(*k).is_some());
        if named_inline {
            return format!("types::{}", type_name(hint));
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("integer") => match format {
                Some("int8") => "i8",
                Some("int16") => "i16",
                Some("int32") => "i32",
                Some("uint8") => "u8",
                Some("uint16") => "u16",
                Some("uint32") => "u32",
                Some("uint64") => "u64",
                _ => "i64",
            }
            .into(),
            Some("number") => match format {
                Some("decimal") => "Decimal",
                Some("float") => "f32",
                _ => "f64",
            }
            .into(),
            Some("boolean") => "bool".into(),
            Some("string") => match format {
                Some("date-time") => "DateTime<FixedOffset>",
                Some("date") => "NaiveDate",
                Some("uuid") => "Uuid",
                Some("binary") => "ByteStream",
                _ => "String",
            }
            .into(),
            Some("array") => {
                let item = schema
                    .get("items")
                    .map(|i| self.rust_type(i, &format!("{hint}Item")))
                    .unwrap_or_else(|| "Value".into());
                format!("Vec<{item}>")
            }
            Some("object") | None if has_properties(schema) => {
                format!("types::{}", type_name(hint))
            }
            Some("object") => match schema.get("additionalProperties") {
                Some(v @ Value::Object(_)) => format!(
                    "Map<String, {}>",
                    self.rust_type(v, &format!("{hint}Value"))
                ),
                _ => "Map<String, Value>".into(),
            },
            _ => "Value".into(),
        }
    }

    /// The Rust type of a struct field (see [`wrap`]).
    /// An optional property with a `default` (other than `null`) is plain
    /// `T` with a serde default (typify-impl 0.8 `has_default`), except
    /// arrays, which [`crate::normalize`] makes nullable.
    pub fn field_type(&self, schema: &Value, required: bool, hint: &str) -> String {
        let nullable = schema.get("nullable").and_then(Value::as_bool) == Some(true);
        let base = self.rust_type(schema, hint);
        let defaulted = schema.get("default").is_some_and(|d| !d.is_null())
            && schema.get("type").and_then(Value::as_str) != Some("array");
        if !required && defaulted {
            return base;
        }
        wrap(&base, required, nullable, false)
    }
}

/// The type of a field or argument whose schema has Rust type `base`.
///
/// Optional fields are `Option<T>`, and so are required nullable ones.
/// Optional maps (objects without properties) are the exception: typify
/// gives them an empty default instead. Optional arrays stay `Option<Vec<T>>`
/// because [`crate::normalize`] marks them nullable (absent and `[]` mean
/// different things to the servers). Arguments have no defaults.
///
/// ```
/// use xtask::diff::rust::wrap;
/// assert_eq!(wrap("i32", false, false, false), "Option<i32>");
/// assert_eq!(wrap("i32", true, true, false), "Option<i32>");
/// assert_eq!(wrap("Vec<i32>", false, false, false), "Option<Vec<i32>>");
/// assert_eq!(wrap("Map<String, Value>", false, false, false), "Map<String, Value>");
/// ```
pub fn wrap(base: &str, required: bool, nullable: bool, param: bool) -> String {
    let defaults_to_empty = !param && base.starts_with("Map<");
    if (!required && !defaults_to_empty) || (required && nullable) {
        format!("Option<{base}>")
    } else {
        base.to_owned()
    }
}

/// The type of a method argument whose schema has Rust type `base`:
/// numbers and booleans by value, strings as `&str`, everything else by
/// reference (typify-impl 0.8 `type_parameter_ident`).
///
/// ```
/// use xtask::diff::rust::argument;
/// assert_eq!(argument("String"), "&str");
/// assert_eq!(argument("i32"), "i32");
/// assert_eq!(argument("Vec<i32>"), "&Vec<i32>");
/// ```
pub fn argument(base: &str) -> String {
    const BY_VALUE: &[&str] = &[
        "bool", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64",
    ];
    if BY_VALUE.contains(&base) {
        base.to_owned()
    } else if base == "String" {
        "&str".to_owned()
    } else {
        format!("&{base}")
    }
}

fn has_properties(schema: &Value) -> bool {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
}

/// The component a `$ref` names (`#/components/schemas/X` → `X`).
pub fn ref_name(schema: &Value) -> Option<&str> {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .map(|r| r.rsplit('/').next().unwrap_or(r))
}
