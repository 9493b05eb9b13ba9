//! The component schemas of `openapi/*.yaml` as JSON Schema validators, to
//! check request bodies against the hand-written specs independently of the
//! generated code.
//!
//! OpenAPI 3.0 schema objects are close to JSON Schema but not the same, so
//! each component is converted before it is compiled (draft 7):
//!
//! - `nullable: true` allows `null` (added to `type`, and to `enum` when there
//!   is one);
//! - `$ref: '#/components/schemas/X'` becomes `#/definitions/X`, and every
//!   component of the spec is embedded under `definitions`, so references
//!   resolve without any retrieval;
//! - validation keywords are kept (`minimum`, `maximum`, `pattern`,
//!   `minLength`, `maxLength`, `minItems`, `enum`, `required`, ...); OpenAPI's
//!   boolean `exclusiveMinimum`/`exclusiveMaximum` become draft 7's numbers;
//! - `format: int32` / `int64` become the integer's range; OpenAPI-only formats
//!   that are not JSON Schema formats (`decimal`, `double`, `float`, ...) are
//!   dropped; `date-time` and the other JSON Schema formats are validated;
//! - `x-` extensions and OpenAPI-only keywords (`discriminator`, `xml`,
//!   `example`, `externalDocs`, `deprecated`, `readOnly`, `writeOnly`) are
//!   dropped.
//!
//! ```
//! use e2e_tests::schema::{Spec, Vendor};
//! use serde_json::json;
//!
//! let spec = Spec::load(Vendor::ShopCtrl).unwrap();
//! let row = spec.validator("PurchaseOrderRowUpdate").unwrap();
//! assert!(row.is_valid(&json!({"Id": 1, "ItemQuantity": 2.5})));
//! assert!(row.is_valid(&json!({"Id": 0}))); // no vendor rule on ids
//! assert!(!row.is_valid(&json!({"Id": 1, "ProductCode": "x".repeat(101)})));
//! assert!(spec.resolves("PurchaseOrderRowUpdate", "StockItems[3].Quantity"));
//! assert!(!spec.resolves("PurchaseOrderRowUpdate", "StockItems[3].Qty"));
//! ```

use serde_json::{Map, Value, json};
use std::fmt;
use std::path::PathBuf;

/// Which vendor's spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Vendor {
    /// `openapi/sellercloud.yaml`.
    Sellercloud,
    /// `openapi/shopctrl.yaml`.
    ShopCtrl,
}

impl Vendor {
    /// The spec file in the repository.
    pub fn spec_path(self) -> PathBuf {
        let file = match self {
            Vendor::Sellercloud => "sellercloud.yaml",
            Vendor::ShopCtrl => "shopctrl.yaml",
        };
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../openapi")
            .join(file)
    }
}

/// Why a spec could not be loaded or a schema not compiled.
#[derive(Debug)]
pub struct SchemaError(String);

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SchemaError {}

/// The converted component schemas of one spec.
#[derive(Clone, Debug)]
pub struct Spec {
    /// Every component, converted to JSON Schema (references point at
    /// `#/definitions/...`).
    definitions: Map<String, Value>,
}

impl Spec {
    /// Reads and converts a vendor's spec.
    pub fn load(vendor: Vendor) -> Result<Spec, SchemaError> {
        let path = vendor.spec_path();
        let text = std::fs::read_to_string(&path)
            .map_err(|e| SchemaError(format!("{}: {e}", path.display())))?;
        Spec::from_yaml(&text)
    }

    /// Converts the component schemas of an OpenAPI 3.0 document given as YAML.
    pub fn from_yaml(text: &str) -> Result<Spec, SchemaError> {
        let document: Value = serde_yaml_ng::from_str(text)
            .map_err(|e| SchemaError(format!("the spec is not valid YAML: {e}")))?;
        let schemas = document
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .ok_or_else(|| SchemaError("the spec has no components.schemas".into()))?;
        let definitions = schemas
            .iter()
            .map(|(name, schema)| (name.clone(), convert(schema)))
            .collect();
        Ok(Spec { definitions })
    }

    /// The names of the components.
    pub fn components(&self) -> impl Iterator<Item = &str> {
        self.definitions.keys().map(String::as_str)
    }

    /// A standalone JSON Schema for one component: the component's converted
    /// schema with every component embedded under `definitions`.
    pub fn json_schema(&self, component: &str) -> Result<Value, SchemaError> {
        let schema = self
            .definitions
            .get(component)
            .ok_or_else(|| SchemaError(format!("no component schema `{component}`")))?;
        self.standalone(schema.clone())
            .map_err(|e| SchemaError(format!("`{component}` {e}")))
    }

    /// `schema` (converted already) as a standalone draft-7 document, every
    /// component embedded under `definitions` so references resolve.
    fn standalone(&self, schema: Value) -> Result<Value, SchemaError> {
        let mut root = match schema {
            Value::Object(map) => map,
            other => return Err(SchemaError(format!("is not an object: {other}"))),
        };
        root.insert(
            "$schema".into(),
            json!("http://json-schema.org/draft-07/schema#"),
        );
        root.insert(
            "definitions".into(),
            Value::Object(self.definitions.clone()),
        );
        Ok(Value::Object(root))
    }

    /// Compiles a standalone schema (draft 7, formats validated).
    fn compile(schema: &Value) -> Result<jsonschema::Validator, String> {
        jsonschema::draft7::options()
            .should_validate_formats(true)
            .build(schema)
            .map_err(|e| e.to_string())
    }

    /// A compiled validator for a schema written in place (an operation's
    /// request body: a `$ref`, or an array of them), with every component
    /// embedded under `definitions` as for [`Self::validator`].
    pub fn inline_validator(&self, schema: &Value) -> Result<jsonschema::Validator, SchemaError> {
        let schema = self.standalone(convert(schema))?;
        Self::compile(&schema).map_err(|e| SchemaError(format!("the schema does not compile: {e}")))
    }

    /// A compiled validator for one component (draft 7, formats validated).
    pub fn validator(&self, component: &str) -> Result<jsonschema::Validator, SchemaError> {
        let schema = self.json_schema(component)?;
        Self::compile(&schema)
            .map_err(|e| SchemaError(format!("`{component}` does not compile: {e}")))
    }

    /// Whether a field path in the vendor's JSON names
    /// (`Products[2].QtyCasesOrdered`, `ShippingAddress.Country`) names a
    /// property of `component`, following references and array items. The
    /// empty path is the whole body.
    pub fn resolves(&self, component: &str, path: &str) -> bool {
        let Some(mut schema) = self.definitions.get(component) else {
            return false;
        };
        let Some(segments) = parse_path(path) else {
            return false;
        };
        for segment in segments {
            schema = self.deref(schema);
            schema = match segment {
                Segment::Property(name) => {
                    match schema.get("properties").and_then(|p| p.get(name.as_str())) {
                        Some(s) => s,
                        None => return false,
                    }
                }
                Segment::Index => match schema.get("items") {
                    Some(s) => s,
                    None => return false,
                },
            };
        }
        true
    }

    fn deref<'a>(&'a self, mut schema: &'a Value) -> &'a Value {
        // Bounded: a cycle of bare references would otherwise never end.
        for _ in 0..32 {
            let Some(target) = schema
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/definitions/"))
                .and_then(|name| self.definitions.get(name))
            else {
                break;
            };
            schema = target;
        }
        schema
    }
}

enum Segment {
    Property(String),
    /// An array index (any index names the same item schema).
    Index,
}

/// `A[2].B` → `A`, `2`, `B`; `None` for a malformed path.
fn parse_path(path: &str) -> Option<Vec<Segment>> {
    let mut out = Vec::new();
    if path.is_empty() {
        return Some(out);
    }
    for part in path.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if name.is_empty() {
            return None;
        }
        out.push(Segment::Property(name.to_owned()));
        while !rest.is_empty() {
            let close = rest.find(']')?;
            if !rest.starts_with('[') {
                return None;
            }
            rest.get(1..close)?.parse::<usize>().ok()?;
            out.push(Segment::Index);
            rest = &rest[close + 1..];
        }
    }
    Some(out)
}

/// Keywords whose value is a schema.
const SCHEMA_VALUED: &[&str] = &["items", "not", "additionalProperties"];
/// Keywords whose value is a list of schemas.
const SCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf"];
/// Keywords kept as they are (validation and annotations JSON Schema shares).
const KEPT: &[&str] = &[
    "type",
    "required",
    "enum",
    "minimum",
    "maximum",
    "multipleOf",
    "pattern",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "title",
    "description",
    "default",
];
/// JSON Schema formats worth validating; other `format` values (OpenAPI's
/// `decimal`, `double`, `float`, `byte`, `binary`, `password`) are dropped.
const JSON_SCHEMA_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "email",
    "hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uuid",
];

/// Converts one OpenAPI 3.0 schema object to JSON Schema (draft 7); see the
/// module docs for the rules.
///
/// ```
/// use e2e_tests::schema::convert;
/// use serde_json::json;
///
/// let openapi = json!({
///     "type": "integer", "format": "int32", "minimum": 1, "nullable": true,
///     "x-rust-type": "u8", "example": 3
/// });
/// assert_eq!(
///     convert(&openapi),
///     json!({"type": ["integer", "null"], "minimum": 1, "maximum": 2147483647})
/// );
/// ```
pub fn convert(schema: &Value) -> Value {
    let Value::Object(input) = schema else {
        // `true`/`false` schemas (additionalProperties) pass through.
        return schema.clone();
    };
    if let Some(reference) = input.get("$ref").and_then(Value::as_str) {
        // OpenAPI 3.0 ignores a reference's siblings, as draft 7 does.
        let target = reference
            .strip_prefix("#/components/schemas/")
            .map(|name| format!("#/definitions/{name}"))
            .unwrap_or_else(|| reference.to_owned());
        return json!({ "$ref": target });
    }
    let mut out = Map::new();
    for (key, value) in input {
        match key.as_str() {
            "properties" => {
                let properties = value
                    .as_object()
                    .map(|p| p.iter().map(|(k, v)| (k.clone(), convert(v))).collect())
                    .unwrap_or_default();
                out.insert(key.clone(), Value::Object(properties));
            }
            k if SCHEMA_VALUED.contains(&k) => {
                out.insert(key.clone(), convert(value));
            }
            k if SCHEMA_LISTS.contains(&k) => {
                let list = value
                    .as_array()
                    .map(|l| l.iter().map(convert).collect())
                    .unwrap_or_default();
                out.insert(key.clone(), Value::Array(list));
            }
            k if KEPT.contains(&k) => {
                out.insert(key.clone(), value.clone());
            }
            "format" => {
                if let Some(format) = value.as_str()
                    && JSON_SCHEMA_FORMATS.contains(&format)
                {
                    out.insert(key.clone(), value.clone());
                }
            }
            // Handled below, together with the keywords they modify.
            "nullable" | "exclusiveMinimum" | "exclusiveMaximum" => {}
            // x- extensions, discriminator, xml, example, externalDocs,
            // deprecated, readOnly, writeOnly: nothing to validate.
            _ => {}
        }
    }
    for (flag, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        match input.get(flag) {
            Some(Value::Bool(true)) => {
                if let Some(limit) = out.remove(bound) {
                    out.insert(flag.into(), limit);
                }
            }
            // Already draft 6+ style: a number.
            Some(limit @ Value::Number(_)) => {
                out.insert(flag.into(), limit.clone());
            }
            _ => {}
        }
    }
    let integer_range = match input.get("format").and_then(Value::as_str) {
        Some("int32") => Some((i64::from(i32::MIN), i64::from(i32::MAX))),
        Some("int64") => Some((i64::MIN, i64::MAX)),
        _ => None,
    };
    if let Some((min, max)) = integer_range {
        out.entry("minimum").or_insert(json!(min));
        out.entry("maximum").or_insert(json!(max));
    }
    if input.get("nullable") == Some(&Value::Bool(true)) {
        match out.get_mut("type") {
            Some(Value::String(t)) => {
                let t = std::mem::take(t);
                out.insert("type".into(), json!([t, "null"]));
            }
            Some(Value::Array(types)) if !types.contains(&json!("null")) => {
                types.push(json!("null"));
            }
            _ => {}
        }
        if let Some(Value::Array(values)) = out.get_mut("enum")
            && !values.contains(&Value::Null)
        {
            values.push(Value::Null);
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_parse() {
        assert!(parse_path("Products[2].QtyCasesOrdered").is_some());
        assert!(parse_path("A[1][2].B").is_some());
        for bad in ["[0]", "A[", "A[x]", "A.", ".A", "A[1]x"] {
            assert!(parse_path(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn nullable_enums_and_bounds() {
        let s = convert(&json!({"type": "string", "enum": ["A"], "nullable": true}));
        assert_eq!(s, json!({"type": ["string", "null"], "enum": ["A", null]}));
        let s = convert(&json!({"type": "number", "minimum": 0, "exclusiveMinimum": true}));
        assert_eq!(s, json!({"type": "number", "exclusiveMinimum": 0}));
        let s = convert(&json!({"type": "number", "format": "decimal"}));
        assert_eq!(s, json!({"type": "number"}));
    }
}
