//! Swagger 2.0 → OpenAPI 3.0, on `serde_json::Value`, with the decisions
//! written down in `docs/import.md`:
//!
//! - definitions → `components/schemas`, renamed to their last dotted
//!   segment (generic arguments spelled out: `GetAllResponseOfCompanyDto`),
//!   qualified by namespace segments only where two would collide;
//! - body parameters → `requestBody`, one media type: `application/json`;
//!   answers likewise; `collectionFormat` → `style`/`explode`;
//! - integer enums with `x-enumNames` → named string enums with the server's
//!   numbers in `x-enum-codes` (what the generator turns into open enums);
//!   integer enums without names stay plain integers;
//! - every `number` → `{type: number, format: decimal}` (exact decimals);
//! - duplicate `operationId`s renamed by a rule that depends only on each
//!   operation's own method and path;
//! - vendor prose (`description`, `summary`, `title`) dropped: facts only.

use crate::normalize::VALIDATION_KEYWORDS;
use heck::ToUpperCamelCase;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// The media type every body is imported with; the vendor also lists
/// `text/json` and form encoding, which carry the same model.
pub const JSON: &str = "application/json";

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// Keys of a Swagger 2 schema that carry over unchanged (facts about values).
/// (The validation keywords too: facts the spec keeps, though the generator
/// does not read them.)
const SCHEMA_FACTS: &[&str] = &["type", "format", "required", "readOnly"];

fn schema_facts() -> impl Iterator<Item = &'static &'static str> {
    SCHEMA_FACTS.iter().chain(VALIDATION_KEYWORDS)
}

/// The members of an object under `key` (none when absent).
fn members<'a>(value: &'a Value, key: &str) -> impl Iterator<Item = (&'a String, &'a Value)> {
    value
        .get(key)
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
}

/// The elements of an array under `key` (none when absent).
fn elements<'a>(value: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    value
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

/// Converts a Swagger 2.0 document. `ours` are the schemas the overlay
/// defines: an enum with the same names and numbers as one of ours takes our
/// name; so does one found under our enum's name whose numbers ours all
/// has (ours is newer, and names what the vendor added since); other enums
/// keep clear of our names. Errors name what cannot be converted.
pub fn convert(v2: &Value, ours: &Map<String, Value>) -> Result<Value, String> {
    if v2.get("swagger").and_then(Value::as_str) != Some("2.0") {
        return Err("not a Swagger 2.0 document (`swagger: \"2.0\"`)".into());
    }
    let definitions = v2
        .get("definitions")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let names = definition_names(definitions.keys().map(String::as_str));
    let mut cx = Context {
        names,
        enums: EnumTable::default(),
    };
    cx.enums.collect(v2, &cx.names, ours);

    let mut schemas = Map::new();
    for (old, def) in &definitions {
        schemas.insert(cx.names[old].clone(), cx.schema(def));
    }
    for (name, schema) in cx.enums.components() {
        if schemas.contains_key(&name) {
            return Err(format!(
                "enum component {name} collides with a definition of that name"
            ));
        }
        schemas.insert(name, schema);
    }

    let mut paths = Map::new();
    let ids = operation_ids(v2)?;
    check_case_twins(v2)?;
    for (path, item) in members(v2, "paths") {
        let mut out = Map::new();
        for method in METHODS {
            if let Some(op) = item.get(*method) {
                let id = &ids[&(method.to_string(), path.clone())];
                out.insert((*method).into(), cx.operation(op, id, path, method)?);
            }
        }
        paths.insert(path.clone(), Value::Object(out));
    }

    let host = v2.get("host").and_then(Value::as_str).unwrap_or_default();
    let base = v2.get("basePath").and_then(Value::as_str).unwrap_or("");
    let scheme = v2
        .pointer("/schemes/0")
        .and_then(Value::as_str)
        .unwrap_or("https");
    let mut security_schemes = Map::new();
    for (name, def) in members(v2, "securityDefinitions") {
        let mut scheme = Map::new();
        for key in ["type", "name", "in"] {
            if let Some(v) = def.get(key) {
                scheme.insert(key.into(), v.clone());
            }
        }
        security_schemes.insert(name.clone(), Value::Object(scheme));
    }
    Ok(json!({
        "openapi": "3.0.3",
        "info": {
            "title": v2.pointer("/info/title").cloned().unwrap_or(json!("")),
            "version": v2.pointer("/info/version").cloned().unwrap_or(json!("")),
        },
        "servers": [{"url": format!("{scheme}://{host}{base}")}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": security_schemes,
        },
    }))
}

/// The component name of every definition: the last dotted segment of the
/// .NET type name, generic arguments appended with `Of`/`And`; where two
/// definitions would get the same name, both are qualified by namespace
/// segments (from the right) until they differ.
pub fn definition_names<'a>(full: impl Iterator<Item = &'a str>) -> BTreeMap<String, String> {
    let full: Vec<&str> = full.collect();
    let mut out = BTreeMap::new();
    let mut depth: BTreeMap<&str, usize> = full.iter().map(|f| (*f, 1)).collect();
    loop {
        let mut by_name: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for f in &full {
            // In the generator's casing, so a component and its Rust type have
            // one name (`RMAShippingLabelResponseDto` → `RmaShippingLabelResponseDto`).
            let name = type_name(f, depth[f]).to_upper_camel_case();
            by_name.entry(name).or_default().push(f);
        }
        let mut again = false;
        for group in by_name.values().filter(|g| g.len() > 1) {
            for f in group {
                let d = depth.get_mut(f).expect("every name has a depth");
                if *d < 16 {
                    *d += 1;
                    again = true;
                }
            }
        }
        if !again {
            for (name, group) in by_name {
                for (i, f) in group.iter().enumerate() {
                    let name = if i == 0 {
                        name.clone()
                    } else {
                        format!("{name}{}", i + 1)
                    };
                    out.insert((*f).to_owned(), name);
                }
            }
            return out;
        }
    }
}

/// `A.B.Name[X.Y.Arg,System.String]` with `segments` = 1 → `NameOfArgAndString`;
/// with 2 → `BNameOfArgAndString`.
fn type_name(full: &str, segments: usize) -> String {
    let (base, args) = match full.find('[') {
        Some(i) if full.ends_with(']') => (&full[..i], Some(&full[i + 1..full.len() - 1])),
        _ => (full, None),
    };
    let parts: Vec<&str> = base.split('.').collect();
    let take = segments.min(parts.len());
    let mut name: String = parts[parts.len() - take..]
        .iter()
        .map(|p| clean(p))
        .collect();
    if let Some(args) = args {
        let args: Vec<String> = split_args(args).iter().map(|a| type_name(a, 1)).collect();
        name.push_str("Of");
        name.push_str(&args.join("And"));
    }
    name
}

fn clean(part: &str) -> String {
    part.chars().filter(|c| c.is_ascii_alphanumeric()).collect()
}

fn split_args(args: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in args.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(args[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(args[start..].trim());
    out
}

/// Final operation ids keyed by (method, path). Unique vendor ids are kept.
/// Duplicates are renamed by their own method and path, so a name does not
/// depend on the order of the file: an operation with path parameters gets
/// `By` and their names (`ProductConditions_GetById`); of the rest, a lone
/// one keeps the vendor's id, else a GET keeps it and any other method gets
/// `Via` and the method (`Orders_GetCustomColumnsViaPost`).
fn operation_ids(v2: &Value) -> Result<BTreeMap<(String, String), String>, String> {
    let mut by_id: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (path, item) in members(v2, "paths") {
        for method in METHODS {
            if let Some(op) = item.get(*method) {
                let id = op
                    .get("operationId")
                    .and_then(Value::as_str)
                    .ok_or_else(|| {
                        format!("{} {path} has no operationId", method.to_uppercase())
                    })?;
                by_id
                    .entry(id.to_owned())
                    .or_default()
                    .push((method.to_string(), path.clone()));
            }
        }
    }
    let mut out = BTreeMap::new();
    let mut taken = BTreeSet::new();
    for (id, ops) in &by_id {
        for (method, path) in ops {
            let name = if ops.len() == 1 {
                id.clone()
            } else {
                let params: Vec<String> = path
                    .split('/')
                    .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
                    .map(|p| p.to_upper_camel_case())
                    .collect();
                let without_params = ops.iter().filter(|(_, p)| !p.contains('{')).count();
                if !params.is_empty() {
                    format!("{id}By{}", params.join("And"))
                } else if without_params == 1 || method == "get" {
                    id.clone()
                } else {
                    format!("{id}Via{}", method.to_upper_camel_case())
                }
            };
            if !taken.insert(name.clone()) {
                return Err(format!(
                    "operationId {id}: the renaming rule gives {name} twice; name them in the importer"
                ));
            }
            out.insert((method.clone(), path.clone()), name);
        }
    }
    Ok(out)
}

/// Paths that differ only in case (`/{id}/Items`, `/{id}/items`) are kept as
/// the vendor wrote them: the server matches routes case-insensitively, so
/// they are one resource, and that is harmless while no method is on both.
fn check_case_twins(v2: &Value) -> Result<(), String> {
    let mut seen: BTreeMap<(String, String), String> = BTreeMap::new();
    for (path, item) in members(v2, "paths") {
        for method in METHODS {
            if item.get(*method).is_some()
                && let Some(other) =
                    seen.insert((method.to_string(), path.to_lowercase()), path.clone())
            {
                return Err(format!(
                    "{} {path} and {other} differ only in case: the server cannot tell them apart",
                    method.to_uppercase()
                ));
            }
        }
    }
    Ok(())
}

struct Context {
    names: BTreeMap<String, String>,
    enums: EnumTable,
}

impl Context {
    fn schema(&self, s: &Value) -> Value {
        let Some(map) = s.as_object() else {
            return s.clone();
        };
        if let Some(target) = map.get("$ref").and_then(Value::as_str) {
            return json!({ "$ref": self.reference(target) });
        }
        if let Some(name) = self.enums.name_of(s) {
            return json!({ "$ref": format!("#/components/schemas/{name}") });
        }
        let mut out = Map::new();
        for key in schema_facts() {
            if let Some(v) = map.get(*key) {
                out.insert((*key).into(), v.clone());
            }
        }
        // A .NET `object` (`type: object` and nothing else): any JSON value,
        // `null` included, which the vendor sends for an unset one. Typed as
        // an object it would generate a map that refuses `null`.
        if out.get("type").and_then(Value::as_str) == Some("object")
            && !map.contains_key("properties")
            && !map.contains_key("additionalProperties")
        {
            out.remove("type");
        }
        if out.get("type").and_then(Value::as_str) == Some("number") {
            out.insert("format".into(), json!("decimal"));
        }
        if let Some(nullable) = map.get("x-nullable") {
            out.insert("nullable".into(), nullable.clone());
        }
        if let Some(props) = map.get("properties").and_then(Value::as_object) {
            let props: Map<String, Value> = props
                .iter()
                .map(|(k, v)| (k.clone(), self.schema(v)))
                .collect();
            out.insert("properties".into(), Value::Object(props));
        }
        for key in ["items", "additionalProperties"] {
            if let Some(v) = map.get(key) {
                let v = if v.is_object() {
                    self.schema(v)
                } else {
                    v.clone()
                };
                out.insert(key.into(), v);
            }
        }
        if let Some(all) = map.get("allOf").and_then(Value::as_array) {
            out.insert(
                "allOf".into(),
                Value::Array(all.iter().map(|v| self.schema(v)).collect()),
            );
        }
        // An integer enum without names: a plain integer (typify would make
        // it a closed newtype that fails on any value newer servers send).
        Value::Object(out)
    }

    fn reference(&self, target: &str) -> String {
        let old = target.trim_start_matches("#/definitions/");
        let name = self.names.get(old).map(String::as_str).unwrap_or(old);
        format!("#/components/schemas/{name}")
    }

    fn operation(&self, op: &Value, id: &str, path: &str, method: &str) -> Result<Value, String> {
        let at = format!("{} {path}", method.to_uppercase());
        let mut out = Map::new();
        out.insert("operationId".into(), json!(id));
        if let Some(tags) = op.get("tags") {
            out.insert("tags".into(), tags.clone());
        }
        let mut parameters = Vec::new();
        for p in elements(op, "parameters") {
            let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
            match p.get("in").and_then(Value::as_str) {
                Some("body") => {
                    let schema = p
                        .get("schema")
                        .ok_or(format!("{at}: body without schema"))?;
                    out.insert(
                        "requestBody".into(),
                        json!({
                            "required": p.get("required").and_then(Value::as_bool).unwrap_or(false),
                            "content": { JSON: { "schema": self.schema(schema) } },
                        }),
                    );
                }
                Some("formData") => {
                    return Err(format!(
                        "{at}: form parameter {name}: not imported (the vendor file has none)"
                    ));
                }
                Some(place) => parameters.push(self.parameter(p, place, &at)?),
                None => return Err(format!("{at}: parameter {name} has no `in`")),
            }
        }
        if !parameters.is_empty() {
            out.insert("parameters".into(), Value::Array(parameters));
        }
        let mut responses = Map::new();
        for (status, r) in members(op, "responses") {
            let mut response = Map::new();
            response.insert("description".into(), json!(""));
            if let Some(schema) = r.get("schema") {
                response.insert(
                    "content".into(),
                    json!({ JSON: { "schema": self.schema(schema) } }),
                );
            }
            responses.insert(status.clone(), Value::Object(response));
        }
        out.insert("responses".into(), Value::Object(responses));
        Ok(Value::Object(out))
    }

    fn parameter(&self, p: &Value, place: &str, at: &str) -> Result<Value, String> {
        let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
        let mut schema = Map::new();
        // A parameter's `required` is the parameter's, not its schema's.
        let keys = schema_facts().filter(|k| **k != "required");
        for key in keys.chain(&["items", "enum", "x-enumNames"]) {
            if let Some(v) = p.get(*key) {
                schema.insert((*key).into(), v.clone());
            }
        }
        let mut out = Map::new();
        out.insert("name".into(), json!(name));
        out.insert("in".into(), json!(place));
        out.insert(
            "required".into(),
            json!(place == "path" || p.get("required").and_then(Value::as_bool) == Some(true)),
        );
        match p.get("collectionFormat").and_then(Value::as_str) {
            None => {}
            Some("multi") => {
                out.insert("style".into(), json!("form"));
                out.insert("explode".into(), json!(true));
            }
            Some("csv") => {
                out.insert("style".into(), json!("form"));
                out.insert("explode".into(), json!(false));
            }
            Some(other) => {
                return Err(format!(
                    "{at}: parameter {name}: collectionFormat {other} is not imported"
                ));
            }
        }
        out.insert(
            "schema".into(),
            self.schema(&Value::Object(schema.into_iter().collect())),
        );
        Ok(Value::Object(out))
    }
}

/// An enum's wire names and the server's numbers, in order.
type EnumKey = (Vec<String>, Vec<i64>);

/// The named integer enums, one component per distinct list of names and
/// numbers.
#[derive(Default)]
struct EnumTable {
    /// (names, numbers) → component name.
    by_values: BTreeMap<EnumKey, String>,
}

fn enum_key(s: &Value) -> Option<EnumKey> {
    let names = s.get("x-enumNames")?.as_array()?;
    let codes = s.get("enum")?.as_array()?;
    let names: Vec<String> = names
        .iter()
        .map(|n| n.as_str().map(str::to_owned))
        .collect::<Option<_>>()?;
    let codes: Vec<i64> = codes.iter().map(Value::as_i64).collect::<Option<_>>()?;
    (names.len() == codes.len()).then_some((names, codes))
}

impl EnumTable {
    /// Names every enum: the property (or parameter) name it is found under
    /// most often; where that name is taken by another list, the owner's
    /// name in front of it.
    fn collect(&mut self, v2: &Value, names: &BTreeMap<String, String>, ours: &Map<String, Value>) {
        let our_enums: BTreeMap<&String, EnumKey> = ours
            .iter()
            .filter_map(|(name, s)| {
                let names = s.get("enum")?.as_array()?;
                let codes = s.get("x-enum-codes")?.as_array()?;
                let names = names
                    .iter()
                    .map(|n| n.as_str().map(str::to_owned))
                    .collect::<Option<_>>()?;
                let codes = codes.iter().map(Value::as_i64).collect::<Option<_>>()?;
                Some((name, (names, codes)))
            })
            .collect();
        // (key) → [(hint, qualified hint)]
        let mut hints: BTreeMap<EnumKey, Vec<(String, String)>> = BTreeMap::new();
        let mut add = |s: &Value, hint: &str, owner: &str| {
            let s = match s.get("items") {
                Some(items) if s.get("type").and_then(Value::as_str) == Some("array") => items,
                _ => s,
            };
            if let Some(key) = enum_key(s) {
                let hint = hint.to_upper_camel_case();
                let qualified = format!("{owner}{hint}");
                hints.entry(key).or_default().push((hint, qualified));
            }
        };
        for (old, def) in members(v2, "definitions") {
            for (prop, s) in members(def, "properties") {
                add(s, prop, &names[old]);
            }
        }
        for item in members(v2, "paths").map(|(_, item)| item) {
            for op in METHODS.iter().filter_map(|m| item.get(*m)) {
                let tag = op
                    .pointer("/tags/0")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                for p in elements(op, "parameters") {
                    let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
                    let short = name.rsplit('.').next().unwrap_or(name);
                    add(p, short, tag);
                }
            }
        }
        // Most-used hints first, so the common meaning gets the plain name.
        let mut order: Vec<_> = hints.into_iter().collect();
        order.sort_by_key(|(key, h)| (std::cmp::Reverse(h.len()), key.clone()));
        let mut taken: BTreeSet<String> = names.values().cloned().collect();
        for (key, hints) in order {
            if let Some((name, _)) = our_enums.iter().find(|(_, k)| **k == key) {
                taken.insert((*name).clone());
                self.by_values.insert(key, (*name).clone());
                continue;
            }
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for (h, _) in &hints {
                *counts.entry(h).or_default() += 1;
            }
            let best = counts
                .iter()
                .max_by_key(|(h, n)| (**n, std::cmp::Reverse(**h)))
                .map(|(h, _)| h.to_string())
                .unwrap_or_default();
            let mut qualified: Vec<&str> = hints.iter().map(|(_, q)| q.as_str()).collect();
            qualified.sort();
            let mut candidates = vec![best.clone()];
            candidates.extend(qualified.iter().map(|q| q.to_string()));
            let fits = |c: &String| match (ours.contains_key(c), our_enums.get(c)) {
                (false, _) => true,
                (true, Some((_, codes))) => key.1.iter().all(|k| codes.contains(k)),
                (true, None) => false,
            };
            let name = candidates
                .into_iter()
                .find(|c| !taken.contains(c) && fits(c))
                .unwrap_or_else(|| {
                    (2..)
                        .map(|i| format!("{best}{i}"))
                        .find(|c| !taken.contains(c) && !ours.contains_key(c))
                        .expect("some suffix is free")
                });
            taken.insert(name.clone());
            self.by_values.insert(key, name);
        }
    }

    fn name_of(&self, s: &Value) -> Option<&String> {
        self.by_values.get(&enum_key(s)?)
    }

    fn components(&self) -> Vec<(String, Value)> {
        self.by_values
            .iter()
            .map(|((names, codes), name)| {
                (
                    name.clone(),
                    json!({ "type": "string", "enum": names, "x-enum-codes": codes }),
                )
            })
            .collect()
    }
}
