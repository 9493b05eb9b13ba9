//! Rewrites an in-memory copy of a spec into what progenitor 0.15 can take.
//!
//! The spec on disk stays the reviewed source of truth; each rewrite here is a
//! generator limitation, named with its reason (see
//! `shared/notes/progenitor-0.15.md`).

use crate::spec::{METHODS, Spec, SpecError, SpecProblem};
use serde_json::{Map, Value, json};

/// A named string enum, generated as an open enum instead of typify's closed one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenEnumDef {
    /// Component name (`PoType`).
    pub name: String,
    /// The component's description.
    pub description: Option<String>,
    /// Wire names with the server's numbers, in spec order.
    pub variants: Vec<(String, i64)>,
}

/// The normalised document and the enums taken out of typify's hands.
#[derive(Clone, Debug)]
pub struct Normalized {
    /// The rewritten document.
    pub value: Value,
    /// Enums to generate ourselves.
    pub enums: Vec<OpenEnumDef>,
    /// Operation ids whose success answer is text (see [`TEXT_MEDIA_TYPE`]),
    /// in document order: [`crate::postprocess::text_answers`] makes their
    /// methods return the text.
    pub text_answers: Vec<String>,
}

/// The media type of a success answer that is text, not JSON.
///
/// progenitor 0.15 types only `application/json` answers; any other media
/// type becomes a raw byte stream, and an answer listed both as JSON and as
/// text is read as JSON only, so plain text fails to parse. Sellercloud's
/// add-items answer is both: a JSON string in the Swagger, plain text in the
/// article. Such an answer is generated as raw bytes and decoded by
/// `text_answer::read`, which takes either.
pub const TEXT_MEDIA_TYPE: &str = "text/plain";

/// Keywords that only constrain values. The ergonomic crates enforce them with
/// field-path errors; typify would turn them into newtypes (`maxLength`,
/// `pattern` need a regex crate at run time, `minimum: 1` becomes `NonZeroU64`)
/// that every caller would have to unwrap.
pub const VALIDATION_KEYWORDS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "multipleOf",
];

/// Applies every rewrite.
pub fn normalize(spec: &Spec) -> Result<Normalized, SpecError> {
    let mut value = spec.value.clone();
    let mut problems = Vec::new();
    let enums = collect_enums(&value, &mut problems);
    if let Some(schemas) = value
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for schema in schemas.values_mut() {
            strip_schema(schema);
        }
    }
    let responses = value.pointer("/components/responses").cloned();
    let mut text_answers = Vec::new();
    if let Some(paths) = value.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            for method in METHODS {
                if let Some(op) = item.get_mut(*method) {
                    let at = format!("{} {path}", method.to_uppercase());
                    check_query_arrays(op, &at, &mut problems);
                    if take_text_answer(op, &at, &mut problems) {
                        let id = op.get("operationId").and_then(Value::as_str);
                        text_answers.push(id.unwrap_or_default().to_owned());
                    }
                    normalize_operation(op, responses.as_ref());
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(Normalized {
            value,
            enums,
            text_answers,
        })
    } else {
        Err(SpecError {
            file: spec.file.clone(),
            problems,
        })
    }
}

fn collect_enums(value: &Value, problems: &mut Vec<SpecProblem>) -> Vec<OpenEnumDef> {
    let mut out = Vec::new();
    let Some(schemas) = value
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return out;
    };
    for (name, schema) in schemas {
        let location = format!("/components/schemas/{name}");
        let Some(names) = schema.get("enum").and_then(Value::as_array) else {
            find_inline_enums(schema, &location, problems);
            continue;
        };
        if schema.get("type").and_then(Value::as_str) != Some("string") {
            problems.push(SpecProblem {
                location,
                problem: "enums must be `type: string` (the names the documents send)".into(),
            });
            continue;
        }
        let codes = schema.get("x-enum-codes").and_then(Value::as_array);
        let Some(codes) = codes.filter(|c| c.len() == names.len()) else {
            problems.push(SpecProblem {
                location: format!("{location}/x-enum-codes"),
                problem: format!(
                    "must list the server's number for each of the {} names, in order",
                    names.len()
                ),
            });
            continue;
        };
        let mut variants = Vec::new();
        for (n, c) in names.iter().zip(codes) {
            match (n.as_str(), c.as_i64()) {
                (Some(n), Some(c)) => variants.push((n.to_owned(), c)),
                _ => problems.push(SpecProblem {
                    location: location.clone(),
                    problem: format!("enum entry {n} / {c} is not a name and an integer"),
                }),
            }
        }
        out.push(OpenEnumDef {
            name: name.clone(),
            description: schema
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
            variants,
        });
    }
    out
}

// Inline enums would become typify's closed enums, failing whole responses on
// values newer servers add.
fn find_inline_enums(schema: &Value, location: &str, problems: &mut Vec<SpecProblem>) {
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        for (prop, s) in props {
            let at = format!("{location}/properties/{prop}");
            if s.get("enum").is_some() {
                problems.push(SpecProblem {
                    location: at.clone(),
                    problem: "inline enum: make it a named component so it can be generated open"
                        .into(),
                });
            }
            find_inline_enums(s, &at, problems);
        }
    }
    if let Some(items) = schema.get("items") {
        find_inline_enums(items, &format!("{location}/items"), problems);
    }
}

/// Removes validation keywords, and `nullable` from properties that are not
/// required (an `Option` already reads both an absent field and `null`;
/// typify would otherwise nest options).
///
/// Optional arrays are the exception: typify makes them a `Vec` that is
/// skipped when empty, which erases the difference between "leave the stored
/// list alone" (absent) and "clear it" (`[]`) that ShopCtrl's StockItems
/// replacement rule depends on. Marking them nullable makes typify generate
/// `Option<Vec<T>>`, which keeps it.
fn strip_schema(schema: &mut Value) {
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    for key in VALIDATION_KEYWORDS {
        map.remove(*key);
    }
    map.remove("x-enum-codes");
    let required: Vec<String> = map
        .get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    if let Some(props) = map.get_mut("properties").and_then(Value::as_object_mut) {
        for (name, prop) in props.iter_mut() {
            if !required.contains(name)
                && let Some(p) = prop.as_object_mut()
            {
                if p.get("type").and_then(Value::as_str) == Some("array") {
                    p.insert("nullable".into(), Value::Bool(true));
                } else {
                    p.remove("nullable");
                }
            }
            strip_schema(prop);
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(child) = map.get_mut(key) {
            strip_schema(child);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(children)) = map.get_mut(key) {
            children.iter_mut().for_each(strip_schema);
        }
    }
}

/// progenitor sends every query value through `progenitor_client::QueryParam`,
/// which writes a list as repeated keys (`id=1&id=2`) whatever the parameter
/// says: only `style: form` with `explode: true` (the defaults, Swagger 2's
/// `collectionFormat: multi`) describes that. Any other list style would be
/// sent differently from what the spec documents, so it is refused.
fn check_query_arrays(op: &Value, at: &str, problems: &mut Vec<SpecProblem>) {
    let Some(params) = op.get("parameters").and_then(Value::as_array) else {
        return;
    };
    for p in params {
        if p.get("in").and_then(Value::as_str) != Some("query")
            || p.pointer("/schema/type").and_then(Value::as_str) != Some("array")
        {
            continue;
        }
        let style = p.get("style").and_then(Value::as_str).unwrap_or("form");
        let explode = p.get("explode").and_then(Value::as_bool).unwrap_or(true);
        if style != "form" || !explode {
            let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
            problems.push(SpecProblem {
                location: format!("{at} parameter {name}"),
                problem: format!(
                    "list query parameters must be `style: form, explode: true` (repeated keys, what the generated client sends), not style `{style}` with explode {explode}"
                ),
            });
        }
    }
}

/// Finds a success answer with a [`TEXT_MEDIA_TYPE`] body and keeps only that
/// media type, so progenitor generates it raw; returns whether it found one.
/// Its schema has to be a string: it is read as text, whatever it says.
fn take_text_answer(op: &mut Value, at: &str, problems: &mut Vec<SpecProblem>) -> bool {
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return false;
    };
    let mut found = false;
    for (status, response) in responses.iter_mut() {
        if !status.starts_with('2') {
            continue;
        }
        let Some(content) = response.get_mut("content").and_then(Value::as_object_mut) else {
            continue;
        };
        let Some(text) = content.get(TEXT_MEDIA_TYPE).cloned() else {
            continue;
        };
        if text.pointer("/schema/type").and_then(Value::as_str) != Some("string") {
            problems.push(SpecProblem {
                location: format!("{at} responses/{status}/content/{TEXT_MEDIA_TYPE}"),
                problem: "a text answer's schema must be `type: string`".into(),
            });
        }
        if found {
            problems.push(SpecProblem {
                location: format!("{at} responses/{status}"),
                problem: "only one success answer of an operation can be text".into(),
            });
        }
        content.clear();
        content.insert(TEXT_MEDIA_TYPE.into(), text);
        found = true;
    }
    found
}

/// Error answers become raw bytes. Their bodies are undocumented and may be
/// empty, JSON or plain text; typed error bodies would fail to parse on an
/// empty 401 and lose the status, and mixed body kinds in one operation make
/// progenitor 0.15 panic. The ergonomic crates decode them
/// (`api_runtime::body::ErrorBody`).
fn normalize_operation(op: &mut Value, shared_responses: Option<&Value>) {
    // Read by the feature gates (`crate::areas`) from the spec itself; the
    // generator has no use for it.
    if let Some(map) = op.as_object_mut() {
        map.remove(crate::areas::WRAPPED_EXTENSION);
    }
    if let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) {
        for p in params {
            if let Some(s) = p.get_mut("schema") {
                strip_schema(s);
            }
        }
    }
    if let Some(content) = op
        .pointer_mut("/requestBody/content")
        .and_then(Value::as_object_mut)
    {
        for media in content.values_mut() {
            if let Some(s) = media.get_mut("schema") {
                strip_schema(s);
            }
        }
    }
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return;
    };
    for (status, response) in responses.iter_mut() {
        if let Some(target) = response.get("$ref").and_then(Value::as_str) {
            let name = target.rsplit('/').next().unwrap_or_default();
            if let Some(resolved) = shared_responses.and_then(|r| r.get(name)) {
                *response = resolved.clone();
            }
        }
        let is_error = status == "default" || status.starts_with('4') || status.starts_with('5');
        if is_error {
            let description = response
                .get("description")
                .cloned()
                .unwrap_or_else(|| json!(""));
            let mut raw = Map::new();
            raw.insert("description".into(), description);
            raw.insert(
                "content".into(),
                json!({"text/plain": {"schema": {"type": "string"}}}),
            );
            *response = Value::Object(raw);
        } else if let Some(content) = response.get_mut("content").and_then(Value::as_object_mut) {
            for media in content.values_mut() {
                if let Some(s) = media.get_mut("schema") {
                    strip_schema(s);
                }
            }
        }
    }
}
