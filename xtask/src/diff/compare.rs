//! Walks two versions of a spec side by side and records every change, with
//! the verdict from [`super::rules`] and its effect on the generated API.

use super::model::{ApiChange, ApiEffect, Change, Group, Kind, Severity};
use super::rules::{self, Usage};
use super::rust::{Naming, field_name, method_name, ref_name, type_name, wrap};
use crate::normalize::normalize;
use crate::postprocess::variant_ident;
use crate::spec::{METHODS, Spec};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// Keywords that only constrain values, and which way each one tightens:
/// `true` when a larger number is stricter.
const CONSTRAINTS: &[(&str, Option<bool>)] = &[
    ("minimum", Some(true)),
    ("exclusiveMinimum", Some(true)),
    ("minLength", Some(true)),
    ("minItems", Some(true)),
    ("maximum", Some(false)),
    ("exclusiveMaximum", Some(false)),
    ("maxLength", Some(false)),
    ("maxItems", Some(false)),
    ("multipleOf", None),
    ("pattern", None),
    ("uniqueItems", None),
];

/// Keywords that only document.
const DOC_KEYWORDS: &[&str] = &[
    "description",
    "title",
    "example",
    "examples",
    "externalDocs",
];

/// Schema keywords compared by dedicated code; anything else that differs is
/// reported as [`Kind::OtherChanged`].
const HANDLED: &[&str] = &[
    "$ref",
    "type",
    "format",
    "nullable",
    "deprecated",
    "enum",
    "x-enum-codes",
    "properties",
    "required",
    "items",
    "additionalProperties",
    "oneOf",
    "anyOf",
    "allOf",
];

/// The components generated as open enums: what [`normalize`] takes out of
/// typify's hands. A spec that normalize rejects (an enum without
/// `x-enum-codes`, say) still diffs: its named string enums count as open,
/// since that is how they will be generated once fixed.
pub fn open_enums(spec: &Spec) -> BTreeSet<String> {
    match normalize(spec) {
        Ok(n) => n.enums.into_iter().map(|e| e.name).collect(),
        Err(_) => spec
            .value
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|schemas| {
                schemas
                    .iter()
                    .filter(|(_, s)| {
                        s.get("enum").is_some()
                            && s.get("type").and_then(Value::as_str) == Some("string")
                    })
                    .map(|(n, _)| n.clone())
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Every change from `old` to `new`: operations (by id), then component
/// schemas (by name), then servers, security and metadata.
pub fn compare(old: &Spec, new: &Spec) -> Vec<Change> {
    let mut d = Differ {
        old: Side::new(old),
        new: Side::new(new),
        users: BTreeMap::new(),
        out: Vec::new(),
    };
    d.old.collect_users(&mut d.users);
    d.new.collect_users(&mut d.users);
    d.operations();
    d.schemas();
    d.spec_level();
    d.out
}

struct Side<'a> {
    doc: &'a Value,
    naming: Naming,
}

/// One operation of one side.
struct Op<'a> {
    id: Option<String>,
    method: String,
    path: String,
    item: &'a Value,
    op: &'a Value,
}

impl Op<'_> {
    fn key(&self) -> String {
        self.id
            .clone()
            .unwrap_or_else(|| format!("{} {}", self.method, self.path))
    }
}

/// Operations that reach a component: (through requests, through success
/// responses).
type Users = BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>;

impl<'a> Side<'a> {
    fn new(spec: &'a Spec) -> Self {
        Side {
            doc: &spec.value,
            naming: Naming {
                open_enums: open_enums(spec),
            },
        }
    }

    fn ops(&self) -> Vec<Op<'a>> {
        let mut out = Vec::new();
        let Some(paths) = self.doc.get("paths").and_then(Value::as_object) else {
            return out;
        };
        for (path, item) in paths {
            for method in METHODS {
                if let Some(op) = item.get(*method) {
                    out.push(Op {
                        id: op
                            .get("operationId")
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                        method: method.to_uppercase(),
                        path: path.clone(),
                        item,
                        op,
                    });
                }
            }
        }
        out
    }

    /// Follows a local `$ref` (once per level, as far as it goes).
    fn resolve(&self, value: &'a Value) -> &'a Value {
        let mut current = value;
        for _ in 0..16 {
            match current
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix('#'))
                .and_then(|p| self.doc.pointer(p))
            {
                Some(target) => current = target,
                None => break,
            }
        }
        current
    }

    fn schema(&self, name: &str) -> Option<&'a Value> {
        self.doc
            .pointer("/components/schemas")
            .and_then(|s| s.get(name))
    }

    fn params(&self, op: &Op<'a>) -> BTreeMap<(String, String), &'a Value> {
        let mut out = BTreeMap::new();
        // Operation parameters override path-item ones with the same name and
        // location.
        for list in [op.item.get("parameters"), op.op.get("parameters")] {
            for p in list.and_then(Value::as_array).into_iter().flatten() {
                let p = self.resolve(p);
                let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
                let place = p.get("in").and_then(Value::as_str).unwrap_or_default();
                out.insert((place.to_owned(), name.to_owned()), p);
            }
        }
        out
    }

    fn request_body(&self, op: &Op<'a>) -> Option<&'a Value> {
        op.op.get("requestBody").map(|b| self.resolve(b))
    }

    fn responses(&self, op: &Op<'a>) -> BTreeMap<String, &'a Value> {
        op.op
            .get("responses")
            .and_then(Value::as_object)
            .map(|r| {
                r.iter()
                    .map(|(k, v)| (k.clone(), self.resolve(v)))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The method's return type: the body of its first success status.
    fn return_type(&self, op: &Op<'a>) -> String {
        let hint = format!("{}Response", type_name(&op.key()));
        self.responses(op)
            .iter()
            .find(|(status, _)| is_success(status))
            .and_then(|(_, r)| json_schema(r))
            .map(|s| self.naming.rust_type(s, &hint))
            .unwrap_or_else(|| "()".into())
    }

    fn collect_users(&self, users: &mut Users) {
        for op in self.ops() {
            let key = op.key();
            let mut request = BTreeSet::new();
            let mut response = BTreeSet::new();
            for p in self.params(&op).values() {
                if let Some(s) = p.get("schema") {
                    self.reach(s, &mut request);
                }
            }
            if let Some(body) = self.request_body(&op) {
                self.reach(body, &mut request);
            }
            for (status, r) in self.responses(&op) {
                if is_success(&status) {
                    self.reach(r, &mut response);
                }
            }
            for name in request {
                users.entry(name).or_default().0.insert(key.clone());
            }
            for name in response {
                users.entry(name).or_default().1.insert(key.clone());
            }
        }
    }

    /// Every component schema `value` reaches through `$ref`s.
    fn reach(&self, value: &Value, seen: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                if let Some(target) = map.get("$ref").and_then(Value::as_str) {
                    let name = target.rsplit('/').next().unwrap_or(target);
                    if target.starts_with("#/components/schemas/") {
                        if seen.insert(name.to_owned())
                            && let Some(s) = self.schema(name)
                        {
                            self.reach(s, seen);
                        }
                    } else if let Some(resolved) =
                        target.strip_prefix('#').and_then(|p| self.doc.pointer(p))
                    {
                        self.reach(resolved, seen);
                    }
                }
                for (k, v) in map {
                    if k != "$ref" {
                        self.reach(v, seen);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| self.reach(v, seen)),
            _ => {}
        }
    }
}

fn is_success(status: &str) -> bool {
    status.starts_with('2')
}

fn is_error(status: &str) -> bool {
    status == "default" || status.starts_with('4') || status.starts_with('5')
}

/// The JSON schema of a request body or response: `application/json` or
/// the first media type that has one.
fn json_schema(body: &Value) -> Option<&Value> {
    let content = body.get("content")?.as_object()?;
    content
        .get("application/json")
        .and_then(|m| m.get("schema"))
        .or_else(|| content.values().find_map(|m| m.get("schema")))
}

fn str_of<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str)
}

fn bool_of(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool) == Some(true)
}

fn required_set(schema: &Value) -> BTreeSet<String> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// A compact, readable form of a value for messages.
fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Required and nullable on each side, for a node that is a struct field or
/// an argument: they decide its `Option` wrapper.
#[derive(Clone, Copy)]
struct FieldShape {
    old_required: bool,
    new_required: bool,
    old_nullable: bool,
    new_nullable: bool,
    param: bool,
}

/// Where a schema node sits.
#[derive(Clone)]
struct Site {
    group: Group,
    /// `request body`, ``parameter `id` (path)``, `response 200`, or empty.
    prefix: String,
    /// Property path inside the schema: `Products[].UnitPrice`.
    path: String,
    usage: Usage,
    /// The public item whose signature holds this node: `types::X`,
    /// `Client::m`.
    api_item: String,
    /// What of that item: ``field `x` ``, ``argument `body` ``, `return type`, or
    /// empty for the item itself.
    api_subject: String,
    /// Name typify would give an inline type here.
    hint: String,
    /// The node's own generated type, when it is a component.
    self_type: Option<String>,
    /// Whether a named string enum here is open.
    open_enum: bool,
    field: Option<FieldShape>,
}

impl Site {
    fn location(&self) -> String {
        match (self.prefix.is_empty(), self.path.is_empty()) {
            (true, _) => self.path.clone(),
            (false, true) => self.prefix.clone(),
            (false, false) => format!("{}: {}", self.prefix, self.path),
        }
    }

    fn child_path(&self, segment: &str) -> String {
        if self.path.is_empty() {
            segment.to_owned()
        } else if segment.starts_with('[') || segment.starts_with('{') {
            format!("{}{segment}", self.path)
        } else {
            format!("{}.{segment}", self.path)
        }
    }

    fn subject(&self) -> String {
        if self.api_subject.is_empty() {
            "type".into()
        } else {
            self.api_subject.clone()
        }
    }
}

struct Differ<'a> {
    old: Side<'a>,
    new: Side<'a>,
    users: Users,
    out: Vec<Change>,
}

/// Builds a [`Change`]; `api`, `old`/`new` values and `literal_break` are
/// added with the methods below.
struct Draft(Change);

impl Draft {
    fn new(
        group: &Group,
        location: impl Into<String>,
        kind: Kind,
        severity: Severity,
        message: impl Into<String>,
    ) -> Self {
        Draft(Change {
            group: group.clone(),
            location: location.into(),
            kind,
            severity,
            message: message.into(),
            old: None,
            new: None,
            api: Vec::new(),
            literal_break: false,
        })
    }

    fn values(mut self, old: Option<Value>, new: Option<Value>) -> Self {
        self.0.old = old;
        self.0.new = new;
        self
    }

    fn api(mut self, item: &str, change: ApiChange, detail: impl Into<String>) -> Self {
        self.0.api.push(ApiEffect {
            item: item.to_owned(),
            change,
            detail: detail.into(),
        });
        self
    }

    fn literal_break(mut self) -> Self {
        self.0.literal_break = true;
        self
    }
}

impl<'a> Differ<'a> {
    fn push(&mut self, draft: Draft) {
        self.out.push(draft.0);
    }

    fn docs(&mut self, group: &Group, location: &str, old: &Value, new: &Value, keys: &[&str]) {
        for key in keys {
            let (o, n) = (old.get(*key), new.get(*key));
            if o != n {
                let what = match *key {
                    "description" | "summary" | "title" => format!("{key} changed"),
                    "example" | "examples" => "example changed".into(),
                    "version" => format!(
                        "version changed from {} to {}",
                        o.map(show).unwrap_or_else(|| "none".into()),
                        n.map(show).unwrap_or_else(|| "none".into())
                    ),
                    other => format!("`{other}` changed"),
                };
                self.push(
                    Draft::new(
                        group,
                        location,
                        Kind::DescriptionChanged,
                        rules::description_changed(),
                        what,
                    )
                    .values(o.cloned(), n.cloned()),
                );
            }
        }
    }

    // ---- operations -------------------------------------------------------

    fn operations(&mut self) {
        let old_ops = self.old.ops();
        let new_ops = self.new.ops();
        let old_by_key: BTreeMap<String, &Op> = old_ops.iter().map(|o| (o.key(), o)).collect();
        let new_by_key: BTreeMap<String, &Op> = new_ops.iter().map(|o| (o.key(), o)).collect();
        let mut removed: Vec<&Op> = old_ops
            .iter()
            .filter(|o| !new_by_key.contains_key(&o.key()))
            .collect();
        let mut added: Vec<&Op> = new_ops
            .iter()
            .filter(|o| !old_by_key.contains_key(&o.key()))
            .collect();
        // (sort key, old, new)
        let mut work: Vec<(String, Option<&Op>, Option<&Op>)> = Vec::new();
        for (key, o) in &old_by_key {
            if let Some(n) = new_by_key.get(key) {
                work.push((key.clone(), Some(*o), Some(*n)));
            }
        }
        // A new operationId on the same method and path is a renamed method,
        // compared as one operation.
        removed.retain(|o| {
            match added
                .iter()
                .position(|n| n.method == o.method && n.path == o.path)
            {
                Some(i) => {
                    let n = added.remove(i);
                    work.push((n.key(), Some(*o), Some(n)));
                    false
                }
                None => true,
            }
        });
        work.extend(removed.into_iter().map(|o| (o.key(), Some(o), None)));
        work.extend(added.into_iter().map(|n| (n.key(), None, Some(n))));
        work.sort_by(|a, b| a.0.cmp(&b.0));
        for (key, o, n) in work {
            let current = n.or(o).expect("one side exists");
            let group = Group::Operation {
                id: key.clone(),
                method: current.method.clone(),
                path: current.path.clone(),
                rust: format!("Client::{}", method_name(&key)),
            };
            match (o, n) {
                (Some(o), Some(n)) => self.operation(&group, o, n),
                (None, Some(n)) => {
                    let rust = format!("Client::{}", method_name(&key));
                    let draft = Draft::new(
                        &group,
                        "",
                        Kind::OperationAdded,
                        rules::operation_added(),
                        format!("operation added: {} {}", n.method, n.path),
                    )
                    .api(&rust, ApiChange::Added, "new method");
                    self.push(draft);
                }
                (Some(o), None) => {
                    let rust = format!("Client::{}", method_name(&key));
                    let draft = Draft::new(
                        &group,
                        "",
                        Kind::OperationRemoved,
                        rules::operation_removed(),
                        format!("operation removed: {} {}", o.method, o.path),
                    )
                    .api(&rust, ApiChange::Removed, "method removed");
                    self.push(draft);
                }
                (None, None) => {}
            }
        }
    }

    fn operation(&mut self, group: &Group, o: &Op<'a>, n: &Op<'a>) {
        let rust = format!("Client::{}", method_name(&n.key()));
        if o.key() != n.key() {
            let old_rust = format!("Client::{}", method_name(&o.key()));
            self.push(
                Draft::new(
                    group,
                    "operationId",
                    Kind::OperationRenamed,
                    rules::operation_renamed(),
                    format!("operationId `{}` renamed to `{}`", o.key(), n.key()),
                )
                .values(Some(json!(o.key())), Some(json!(n.key())))
                .api(
                    &old_rust,
                    ApiChange::Removed,
                    format!("renamed to `{rust}`"),
                )
                .api(&rust, ApiChange::Added, format!("replaces `{old_rust}`")),
            );
        }
        if o.method != n.method || o.path != n.path {
            self.push(
                Draft::new(
                    group,
                    "",
                    Kind::OperationMoved,
                    rules::operation_moved(),
                    format!(
                        "now sent as {} {} (was {} {})",
                        n.method, n.path, o.method, o.path
                    ),
                )
                .values(
                    Some(json!(format!("{} {}", o.method, o.path))),
                    Some(json!(format!("{} {}", n.method, n.path))),
                ),
            );
        }
        self.docs(
            group,
            "",
            o.op,
            n.op,
            &["summary", "description", "externalDocs"],
        );
        if o.op.get("tags") != n.op.get("tags") {
            self.push(
                Draft::new(
                    group,
                    "tags",
                    Kind::DescriptionChanged,
                    rules::description_changed(),
                    "tags changed",
                )
                .values(o.op.get("tags").cloned(), n.op.get("tags").cloned()),
            );
        }
        if bool_of(o.op, "deprecated") != bool_of(n.op, "deprecated") {
            let now = bool_of(n.op, "deprecated");
            self.push(Draft::new(
                group,
                "",
                Kind::Deprecated,
                rules::deprecated(),
                if now {
                    "operation deprecated"
                } else {
                    "operation no longer deprecated"
                },
            ));
        }
        self.parameters(group, &rust, o, n);
        self.request_body(group, &rust, o, n);
        self.responses(group, &rust, o, n);
        self.operation_security(group, o, n);
        let servers = |op: &Op<'a>| op.op.get("servers").or_else(|| op.item.get("servers"));
        if servers(o).is_some() || servers(n).is_some() {
            self.servers(group, servers(o), servers(n));
        }
    }

    fn parameters(&mut self, group: &Group, rust: &str, o: &Op<'a>, n: &Op<'a>) {
        let old = self.old.params(o);
        let new = self.new.params(n);
        let keys: BTreeSet<&(String, String)> = old.keys().chain(new.keys()).collect();
        for key in keys {
            let (place, name) = key;
            let location = format!("parameter `{name}` ({place})");
            let arg = field_name(name);
            let hint = format!("{}{}", type_name(&n.key()), type_name(name));
            let param_required = |p: &Value| place == "path" || bool_of(p, "required");
            match (old.get(key), new.get(key)) {
                (None, Some(p)) => {
                    let required = param_required(p);
                    let ty = p
                        .get("schema")
                        .map(|s| self.new.naming.rust_type(s, &hint))
                        .unwrap_or_else(|| "Value".into());
                    let ty = wrap(&ty, required, false, true);
                    self.push(
                        Draft::new(
                            group,
                            location,
                            Kind::ParameterAdded,
                            rules::parameter_added(),
                            format!(
                                "{} parameter added",
                                if required { "required" } else { "optional" }
                            ),
                        )
                        .api(
                            rust,
                            ApiChange::Changed,
                            format!("gains argument `{arg}: {ty}`"),
                        ),
                    );
                }
                (Some(_), None) => self.push(
                    Draft::new(
                        group,
                        location,
                        Kind::ParameterRemoved,
                        rules::parameter_removed(),
                        "parameter removed",
                    )
                    .api(
                        rust,
                        ApiChange::Changed,
                        format!("loses argument `{arg}`"),
                    ),
                ),
                (Some(op), Some(np)) => {
                    self.docs(
                        group,
                        &location,
                        op,
                        np,
                        &["description", "example", "examples"],
                    );
                    if bool_of(op, "deprecated") != bool_of(np, "deprecated") {
                        self.push(Draft::new(
                            group,
                            location.clone(),
                            Kind::Deprecated,
                            rules::deprecated(),
                            "deprecation changed",
                        ));
                    }
                    let empty = Value::Object(Map::new());
                    let os = op.get("schema").unwrap_or(&empty);
                    let ns = np.get("schema").unwrap_or(&empty);
                    let shape = FieldShape {
                        old_required: param_required(op),
                        new_required: param_required(np),
                        old_nullable: bool_of(os, "nullable"),
                        new_nullable: bool_of(ns, "nullable"),
                        param: true,
                    };
                    let site = Site {
                        group: group.clone(),
                        prefix: location,
                        path: String::new(),
                        usage: Usage::REQUEST,
                        api_item: rust.to_owned(),
                        api_subject: format!("argument `{arg}`"),
                        hint,
                        self_type: None,
                        open_enum: false,
                        field: Some(shape),
                    };
                    self.field(os, ns, &site);
                }
                (None, None) => {}
            }
        }
    }

    fn request_body(&mut self, group: &Group, rust: &str, o: &Op<'a>, n: &Op<'a>) {
        let location = "request body";
        let hint = format!("{}Body", type_name(&n.key()));
        match (self.old.request_body(o), self.new.request_body(n)) {
            (None, None) => {}
            (None, Some(b)) => {
                let ty = json_schema(b)
                    .map(|s| self.new.naming.rust_type(s, &hint))
                    .unwrap_or_else(|| "Value".into());
                self.push(
                    Draft::new(
                        group,
                        location,
                        Kind::RequestBodyAdded,
                        rules::request_body_presence_changed(),
                        "request body added",
                    )
                    .api(
                        rust,
                        ApiChange::Changed,
                        format!("gains argument `body: &{ty}`"),
                    ),
                );
            }
            (Some(_), None) => self.push(
                Draft::new(
                    group,
                    location,
                    Kind::RequestBodyRemoved,
                    rules::request_body_presence_changed(),
                    "request body removed",
                )
                .api(rust, ApiChange::Changed, "loses argument `body`"),
            ),
            (Some(ob), Some(nb)) => {
                self.docs(group, location, ob, nb, &["description"]);
                let (or, nr) = (bool_of(ob, "required"), bool_of(nb, "required"));
                if or != nr {
                    let (kind, message) = if nr {
                        (Kind::RequiredAdded, "request body is now required")
                    } else {
                        (Kind::RequiredRemoved, "request body is no longer required")
                    };
                    self.push(Draft::new(
                        group,
                        location,
                        kind,
                        rules::request_body_required_changed(nr),
                        message,
                    ));
                }
                let site = Site {
                    group: group.clone(),
                    prefix: location.into(),
                    path: String::new(),
                    usage: Usage::REQUEST,
                    api_item: rust.to_owned(),
                    api_subject: "argument `body`".into(),
                    hint,
                    self_type: None,
                    open_enum: false,
                    field: None,
                };
                self.content(&site, ob, nb, false);
            }
        }
    }

    /// Media types and schemas of a request body or a response.
    fn content(&mut self, site: &Site, old: &Value, new: &Value, raw: bool) {
        let empty = Map::new();
        let oc = old
            .get("content")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let nc = new
            .get("content")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let location = site.location();
        // The generated client sends and reads only the media type whose
        // schema [`json_schema`] picks.
        let used = |content: &Map<String, Value>| -> Option<String> {
            if content.contains_key("application/json") {
                Some("application/json".into())
            } else {
                content
                    .iter()
                    .find(|(_, m)| m.get("schema").is_some())
                    .map(|(k, _)| k.clone())
            }
        };
        let used_before = used(oc);
        for media in oc.keys().filter(|m| !nc.contains_key(*m)) {
            let severity = if raw {
                rules::error_body_changed()
            } else {
                rules::media_type_removed(used_before.as_deref() == Some(media.as_str()))
            };
            self.push(Draft::new(
                &site.group,
                location.clone(),
                Kind::MediaTypeRemoved,
                severity,
                format!("media type `{media}` removed"),
            ));
        }
        for media in nc.keys().filter(|m| !oc.contains_key(*m)) {
            let severity = if raw {
                rules::error_body_changed()
            } else {
                rules::media_type_added()
            };
            self.push(Draft::new(
                &site.group,
                location.clone(),
                Kind::MediaTypeAdded,
                severity,
                format!("media type `{media}` added"),
            ));
        }
        let (Some(os), Some(ns)) = (json_schema(old), json_schema(new)) else {
            return;
        };
        if raw {
            if os != ns {
                let (ot, nt) = (
                    self.old.naming.rust_type(os, &site.hint),
                    self.new.naming.rust_type(ns, &site.hint),
                );
                let message = if ot == nt {
                    "error body schema changed (error bodies are raw bytes)".to_owned()
                } else {
                    format!(
                        "error body schema changed from {ot} to {nt} (error bodies are raw bytes)"
                    )
                };
                self.push(Draft::new(
                    &site.group,
                    location,
                    Kind::TypeChanged,
                    rules::error_body_changed(),
                    message,
                ));
            }
            return;
        }
        self.node(os, ns, site);
    }

    fn responses(&mut self, group: &Group, rust: &str, o: &Op<'a>, n: &Op<'a>) {
        let old = self.old.responses(o);
        let new = self.new.responses(n);
        let old_return = self.old.return_type(o);
        let new_return = self.new.return_type(n);
        let return_effect = |draft: Draft| {
            if old_return != new_return {
                draft.api(
                    rust,
                    ApiChange::Changed,
                    format!("return type: {old_return} → {new_return}"),
                )
            } else {
                draft
            }
        };
        let statuses: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for status in statuses {
            let location = format!("response {status}");
            match (old.get(status), new.get(status)) {
                (None, Some(r)) => {
                    let hint = format!("{}Response", type_name(&n.key()));
                    let body = json_schema(r)
                        .map(|s| self.new.naming.rust_type(s, &hint))
                        .unwrap_or_else(|| "()".into());
                    let success = is_success(status);
                    let message = if is_error(status) {
                        format!("status {status} added (arrives as a raw error response)")
                    } else if success && body != old_return {
                        format!(
                            "status {status} added with body {body}, but the method returns {old_return} \
                             (progenitor 0.15 allows one success type per operation)"
                        )
                    } else {
                        format!("status {status} added")
                    };
                    let draft = Draft::new(
                        group,
                        location,
                        Kind::StatusAdded,
                        rules::status_added(success, body == old_return),
                        message,
                    );
                    self.push(if success { return_effect(draft) } else { draft });
                }
                (Some(_), None) => {
                    let draft = Draft::new(
                        group,
                        location,
                        Kind::StatusRemoved,
                        rules::status_removed(),
                        format!("status {status} removed"),
                    );
                    self.push(if is_success(status) {
                        return_effect(draft)
                    } else {
                        draft
                    });
                }
                (Some(or), Some(nr)) => {
                    self.docs(group, &location, or, nr, &["description"]);
                    let site = Site {
                        group: group.clone(),
                        prefix: location,
                        path: String::new(),
                        usage: Usage::RESPONSE,
                        api_item: rust.to_owned(),
                        api_subject: "return type".into(),
                        hint: format!("{}Response", type_name(&n.key())),
                        self_type: None,
                        open_enum: false,
                        field: None,
                    };
                    let raw = !is_success(status);
                    match (json_schema(or), json_schema(nr)) {
                        (None, Some(_)) | (Some(_), None) if !raw => {
                            let draft = Draft::new(
                                group,
                                site.location(),
                                Kind::TypeChanged,
                                rules::type_changed(),
                                if json_schema(nr).is_some() {
                                    "response body added"
                                } else {
                                    "response body removed"
                                },
                            );
                            self.push(return_effect(draft));
                        }
                        _ => self.content(&site, or, nr, raw),
                    }
                }
                (None, None) => {}
            }
        }
    }

    fn operation_security(&mut self, group: &Group, o: &Op<'a>, n: &Op<'a>) {
        // Inherited requirements are reported once, at the spec level.
        if o.op.get("security").is_none() && n.op.get("security").is_none() {
            return;
        }
        let effective = |side: &Side<'a>, op: &Op<'a>| {
            op.op
                .get("security")
                .or_else(|| side.doc.get("security"))
                .map(security_set)
                .unwrap_or_default()
        };
        let (old, new) = (effective(&self.old, o), effective(&self.new, n));
        self.security_change(group, "security", old, new);
    }

    fn security_change(
        &mut self,
        group: &Group,
        location: &str,
        old: BTreeSet<String>,
        new: BTreeSet<String>,
    ) {
        if old == new {
            return;
        }
        let open = |s: &BTreeSet<String>| s.is_empty() || s.contains("");
        let message = match (open(&old), open(&new)) {
            (true, false) => format!("now requires authentication: {}", show_security(&new)),
            (false, true) => "no longer requires authentication".into(),
            _ => format!(
                "requires {} (was {})",
                show_security(&new),
                show_security(&old)
            ),
        };
        self.push(
            Draft::new(
                group,
                location,
                Kind::SecurityChanged,
                rules::security_changed(open(&new)),
                message,
            )
            .values(Some(json!(old)), Some(json!(new))),
        );
    }

    fn servers(&mut self, group: &Group, old: Option<&'a Value>, new: Option<&'a Value>) {
        let (old, new) = (servers_by_url(old), servers_by_url(new));
        let urls: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for url in urls {
            let location = format!("server {url}");
            match (old.get(url), new.get(url)) {
                (None, Some(_)) => self.push(
                    Draft::new(
                        group,
                        location,
                        Kind::ServerAdded,
                        rules::server_added(),
                        "server added",
                    )
                    .values(None, Some(json!(url))),
                ),
                (Some(_), None) => self.push(
                    Draft::new(
                        group,
                        location,
                        Kind::ServerRemoved,
                        rules::server_removed(),
                        "server removed",
                    )
                    .values(Some(json!(url)), None),
                ),
                (Some(o), Some(n)) => {
                    self.docs(group, &location, o, n, &["description"]);
                    let empty = Map::new();
                    let ov = o
                        .get("variables")
                        .and_then(Value::as_object)
                        .unwrap_or(&empty);
                    let nv = n
                        .get("variables")
                        .and_then(Value::as_object)
                        .unwrap_or(&empty);
                    let names: BTreeSet<&String> = ov.keys().chain(nv.keys()).collect();
                    for name in names {
                        let at = format!("{location} variable `{name}`");
                        match (ov.get(name), nv.get(name)) {
                            (Some(a), Some(b)) => {
                                self.docs(group, &at, a, b, &["description"]);
                                for key in ["default", "enum"] {
                                    if a.get(key) != b.get(key) {
                                        self.push(
                                            Draft::new(
                                                group,
                                                at.clone(),
                                                Kind::ServerChanged,
                                                rules::server_changed(),
                                                format!(
                                                    "`{key}` changed from {} to {}",
                                                    a.get(key)
                                                        .map(show)
                                                        .unwrap_or_else(|| "none".into()),
                                                    b.get(key)
                                                        .map(show)
                                                        .unwrap_or_else(|| "none".into()),
                                                ),
                                            )
                                            .values(a.get(key).cloned(), b.get(key).cloned()),
                                        );
                                    }
                                }
                            }
                            (a, b) => self.push(
                                Draft::new(
                                    group,
                                    at,
                                    Kind::ServerChanged,
                                    rules::server_changed(),
                                    if b.is_some() {
                                        "variable added"
                                    } else {
                                        "variable removed"
                                    },
                                )
                                .values(a.cloned(), b.cloned()),
                            ),
                        }
                    }
                }
                (None, None) => {}
            }
        }
    }

    // ---- schemas ----------------------------------------------------------

    fn schemas(&mut self) {
        let empty = Map::new();
        let schemas = |side: &Side<'a>| -> Option<&'a Map<String, Value>> {
            side.doc
                .pointer("/components/schemas")
                .and_then(Value::as_object)
        };
        let old = schemas(&self.old).unwrap_or(&empty);
        let new = schemas(&self.new).unwrap_or(&empty);
        let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for name in names {
            let naming = if new.contains_key(name) {
                &self.new.naming
            } else {
                &self.old.naming
            };
            let rust = naming.component_path(name);
            let (requests, responses) = self.users.get(name).cloned().unwrap_or_default();
            let usage = Usage {
                request: !requests.is_empty(),
                response: !responses.is_empty(),
            };
            let group = Group::Schema {
                name: name.clone(),
                rust: rust.clone(),
                requests: requests.into_iter().collect(),
                responses: responses.into_iter().collect(),
            };
            match (old.get(name), new.get(name)) {
                (None, Some(_)) => self.push(
                    Draft::new(
                        &group,
                        "",
                        Kind::SchemaAdded,
                        rules::schema_added(),
                        "schema added",
                    )
                    .api(&rust, ApiChange::Added, "new type"),
                ),
                (Some(_), None) => self.push(
                    Draft::new(
                        &group,
                        "",
                        Kind::SchemaRemoved,
                        rules::schema_removed(),
                        "schema removed",
                    )
                    .api(&rust, ApiChange::Removed, "type removed"),
                ),
                (Some(o), Some(n)) => {
                    let site = Site {
                        group: group.clone(),
                        prefix: String::new(),
                        path: String::new(),
                        usage,
                        api_item: rust.clone(),
                        api_subject: String::new(),
                        hint: name.clone(),
                        self_type: Some(rust.clone()),
                        open_enum: self.old.naming.open_enums.contains(name)
                            && self.new.naming.open_enums.contains(name),
                        field: None,
                    };
                    self.node(o, n, &site);
                }
                (None, None) => {}
            }
        }
    }

    /// A struct field or an argument: required and nullable decide its
    /// `Option` wrapper; the rest is the schema itself.
    fn field(&mut self, old: &Value, new: &Value, site: &Site) {
        let shape = site.field.expect("field sites carry their shape");
        let base = self.old.naming.rust_type(old, &site.hint);
        let location = site.location();
        let subject = site.subject();
        if shape.old_required != shape.new_required {
            let before = wrap(&base, shape.old_required, shape.old_nullable, shape.param);
            let after = wrap(&base, shape.new_required, shape.old_nullable, shape.param);
            let changed = before != after;
            let (kind, severity, message) = if shape.new_required {
                let severity = if shape.param {
                    rules::parameter_required_changed()
                } else {
                    rules::required_added(site.usage, changed)
                };
                (Kind::RequiredAdded, severity, "now required".to_owned())
            } else {
                let severity = if shape.param {
                    rules::parameter_required_changed()
                } else {
                    rules::required_removed(changed)
                };
                (
                    Kind::RequiredRemoved,
                    severity,
                    "no longer required".to_owned(),
                )
            };
            let message = if changed {
                message
            } else {
                format!("{message} (Rust type stays `{after}`)")
            };
            let mut draft = Draft::new(&site.group, location.clone(), kind, severity, message)
                .values(
                    Some(json!(shape.old_required)),
                    Some(json!(shape.new_required)),
                );
            if changed {
                draft = draft.api(
                    &site.api_item,
                    ApiChange::Changed,
                    format!("{subject}: {before} → {after}"),
                );
            }
            self.push(draft);
        }
        if shape.old_nullable != shape.new_nullable {
            let before = wrap(&base, shape.new_required, shape.old_nullable, shape.param);
            let after = wrap(&base, shape.new_required, shape.new_nullable, shape.param);
            let changed = before != after;
            let added = shape.new_nullable;
            let (kind, message) = if added {
                (Kind::NullableAdded, "may now be null")
            } else {
                (Kind::NullableRemoved, "may no longer be null")
            };
            let message = if changed {
                message.to_owned()
            } else {
                format!("{message} (Rust type stays `{after}`)")
            };
            let mut draft = Draft::new(
                &site.group,
                location,
                kind,
                rules::nullable_changed(site.usage, added, true, changed),
                message,
            );
            if changed {
                draft = draft.api(
                    &site.api_item,
                    ApiChange::Changed,
                    format!("{subject}: {before} → {after}"),
                );
            }
            self.push(draft);
        }
        self.node(old, new, site);
    }

    /// The Rust types a type change turns into, for messages.
    fn type_pair(&self, old: &Value, new: &Value, site: &Site) -> (String, String) {
        let (o, n) = (
            self.old.naming.rust_type(old, &site.hint),
            self.new.naming.rust_type(new, &site.hint),
        );
        match site.field {
            Some(s) => (
                wrap(&o, s.old_required, s.old_nullable, s.param),
                wrap(&n, s.new_required, s.new_nullable, s.param),
            ),
            None => (o, n),
        }
    }

    /// One schema node on both sides.
    fn node(&mut self, old: &Value, new: &Value, site: &Site) {
        let location = site.location();
        let group = site.group.clone();
        self.docs(&group, &location, old, new, DOC_KEYWORDS);
        let subject = site.subject();
        match (ref_name(old), ref_name(new)) {
            // The target is compared once, as a component.
            (Some(a), Some(b)) if a == b => return,
            (None, None) => {}
            (a, b) => {
                let (ot, nt) = self.type_pair(old, new, site);
                let show_ref = |r: Option<&str>, t: &str| match r {
                    Some(r) => format!("`{r}`"),
                    None => format!("inline {t}"),
                };
                self.push(
                    Draft::new(
                        &group,
                        location,
                        Kind::TypeChanged,
                        rules::type_changed(),
                        format!(
                            "schema changed from {} to {}",
                            show_ref(a, &ot),
                            show_ref(b, &nt)
                        ),
                    )
                    .values(old.get("$ref").cloned(), new.get("$ref").cloned())
                    .api(
                        &site.api_item,
                        ApiChange::Changed,
                        format!("{subject}: {ot} → {nt}"),
                    ),
                );
                return;
            }
        }
        if old.get("type") != new.get("type") {
            let (ot, nt) = self.type_pair(old, new, site);
            let show_type = |v: &Value| v.get("type").map(show).unwrap_or_else(|| "untyped".into());
            self.push(
                Draft::new(
                    &group,
                    location,
                    Kind::TypeChanged,
                    rules::type_changed(),
                    format!("type changed from {} to {}", show_type(old), show_type(new)),
                )
                .values(old.get("type").cloned(), new.get("type").cloned())
                .api(
                    &site.api_item,
                    ApiChange::Changed,
                    format!("{subject}: {ot} → {nt}"),
                ),
            );
            return;
        }
        if old.get("format") != new.get("format") {
            let (ot, nt) = self.type_pair(old, new, site);
            let show_format =
                |v: &Value| v.get("format").map(show).unwrap_or_else(|| "none".into());
            let mut draft = Draft::new(
                &group,
                location.clone(),
                Kind::FormatChanged,
                rules::format_changed(),
                format!(
                    "format changed from {} to {}",
                    show_format(old),
                    show_format(new)
                ),
            )
            .values(old.get("format").cloned(), new.get("format").cloned());
            if ot != nt {
                draft = draft.api(
                    &site.api_item,
                    ApiChange::Changed,
                    format!("{subject}: {ot} → {nt}"),
                );
            }
            self.push(draft);
        }
        if site.field.is_none() && bool_of(old, "nullable") != bool_of(new, "nullable") {
            let added = bool_of(new, "nullable");
            let (kind, message) = if added {
                (Kind::NullableAdded, "the value may now be null")
            } else {
                (Kind::NullableRemoved, "the value may no longer be null")
            };
            self.push(Draft::new(
                &group,
                location.clone(),
                kind,
                rules::nullable_changed(site.usage, added, false, false),
                message,
            ));
        }
        if bool_of(old, "deprecated") != bool_of(new, "deprecated") {
            let message = if bool_of(new, "deprecated") {
                "deprecated"
            } else {
                "no longer deprecated"
            };
            self.push(Draft::new(
                &group,
                location.clone(),
                Kind::Deprecated,
                rules::deprecated(),
                message,
            ));
        }
        self.enum_values(old, new, site);
        self.properties(old, new, site);
        if let (Some(oi), Some(ni)) = (old.get("items"), new.get("items")) {
            let child = Site {
                path: site.child_path("[]"),
                hint: format!("{}Item", site.hint),
                api_subject: format!("{subject} items"),
                self_type: None,
                open_enum: false,
                field: None,
                ..site.clone()
            };
            self.node(oi, ni, &child);
        }
        match (
            old.get("additionalProperties"),
            new.get("additionalProperties"),
        ) {
            (Some(o @ Value::Object(_)), Some(n @ Value::Object(_))) => {
                let child = Site {
                    path: site.child_path("{}"),
                    hint: format!("{}Value", site.hint),
                    api_subject: format!("{subject} values"),
                    self_type: None,
                    open_enum: false,
                    field: None,
                    ..site.clone()
                };
                self.node(o, n, &child);
            }
            (o, n) if o != n => {
                let (ot, nt) = self.type_pair(old, new, site);
                let draft = if ot != nt {
                    Draft::new(
                        &group,
                        location.clone(),
                        Kind::TypeChanged,
                        rules::type_changed(),
                        "additionalProperties changed",
                    )
                    .api(
                        &site.api_item,
                        ApiChange::Changed,
                        format!("{subject}: {ot} → {nt}"),
                    )
                } else {
                    Draft::new(
                        &group,
                        location.clone(),
                        Kind::OtherChanged,
                        rules::other_changed(),
                        "additionalProperties changed",
                    )
                };
                self.push(draft.values(o.cloned(), n.cloned()));
            }
            _ => {}
        }
        for key in ["oneOf", "anyOf", "allOf"] {
            self.composition(key, old, new, site);
        }
        self.constraints(old, new, site);
        let keys: BTreeSet<&String> = old
            .as_object()
            .into_iter()
            .chain(new.as_object())
            .flat_map(|m| m.keys())
            .collect();
        for key in keys {
            let known = HANDLED.contains(&key.as_str())
                || DOC_KEYWORDS.contains(&key.as_str())
                || CONSTRAINTS.iter().any(|(k, _)| k == key);
            if !known && old.get(key) != new.get(key) {
                self.push(
                    Draft::new(
                        &group,
                        location.clone(),
                        Kind::OtherChanged,
                        rules::other_changed(),
                        format!("`{key}` changed"),
                    )
                    .values(old.get(key).cloned(), new.get(key).cloned()),
                );
            }
        }
    }

    fn enum_values(&mut self, old: &Value, new: &Value, site: &Site) {
        let list = |v: &Value| -> Vec<Value> {
            v.get("enum")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let (ol, nl) = (list(old), list(new));
        if ol.is_empty() && nl.is_empty() {
            return;
        }
        let location = site.location();
        let ty = site
            .self_type
            .clone()
            .unwrap_or_else(|| self.new.naming.rust_type(new, &site.hint));
        for v in nl.iter().filter(|v| !ol.contains(v)) {
            let name = show(v);
            self.push(
                Draft::new(
                    &site.group,
                    location.clone(),
                    Kind::EnumValueAdded,
                    rules::enum_value_added(site.open_enum),
                    if site.open_enum {
                        format!("enum value `{name}` added")
                    } else {
                        format!("enum value `{name}` added to an exhaustive (inline) enum")
                    },
                )
                .values(None, Some(v.clone()))
                .api(
                    &ty,
                    ApiChange::Changed,
                    format!("gains variant `{}`", variant_ident(&name)),
                ),
            );
        }
        for v in ol.iter().filter(|v| !nl.contains(v)) {
            let name = show(v);
            self.push(
                Draft::new(
                    &site.group,
                    location.clone(),
                    Kind::EnumValueRemoved,
                    rules::enum_value_removed(),
                    format!("enum value `{name}` removed"),
                )
                .values(Some(v.clone()), None)
                .api(
                    &ty,
                    ApiChange::Changed,
                    format!("loses variant `{}`", variant_ident(&name)),
                ),
            );
        }
        let codes = |v: &Value, names: &[Value]| -> BTreeMap<String, Value> {
            let codes = v.get("x-enum-codes").and_then(Value::as_array);
            names
                .iter()
                .zip(codes.into_iter().flatten())
                .map(|(n, c)| (show(n), c.clone()))
                .collect()
        };
        let (oc, nc) = (codes(old, &ol), codes(new, &nl));
        for (name, code) in &oc {
            if let Some(new_code) = nc.get(name).filter(|c| *c != code) {
                self.push(
                    Draft::new(
                        &site.group,
                        location.clone(),
                        Kind::EnumCodeChanged,
                        rules::enum_code_changed(),
                        format!("server number of `{name}` changed from {code} to {new_code}"),
                    )
                    .values(Some(code.clone()), Some(new_code.clone())),
                );
            }
        }
    }

    fn properties(&mut self, old: &Value, new: &Value, site: &Site) {
        let empty = Map::new();
        let op = old
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let np = new
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        if op.is_empty() && np.is_empty() {
            return;
        }
        let (or, nr) = (required_set(old), required_set(new));
        let owner = site
            .self_type
            .clone()
            .unwrap_or_else(|| self.new.naming.rust_type(new, &site.hint));
        let owner_old = site
            .self_type
            .clone()
            .unwrap_or_else(|| self.old.naming.rust_type(old, &site.hint));
        let names: BTreeSet<&String> = op.keys().chain(np.keys()).collect();
        for name in names {
            let child = Site {
                path: site.child_path(name),
                api_item: owner.clone(),
                api_subject: format!("field `{}`", field_name(name)),
                hint: format!("{}{}", type_name(&site.hint), type_name(name)),
                self_type: None,
                open_enum: false,
                field: None,
                ..site.clone()
            };
            let location = child.location();
            let rust_field = field_name(name);
            match (op.get(name), np.get(name)) {
                (None, Some(p)) => {
                    let required = nr.contains(name);
                    let ty = self.new.naming.field_type(p, required, &child.hint);
                    self.push(
                        Draft::new(
                            &site.group,
                            location,
                            Kind::FieldAdded,
                            rules::field_added(site.usage, required),
                            format!(
                                "{} field added",
                                if required { "required" } else { "optional" }
                            ),
                        )
                        .api(
                            &owner,
                            ApiChange::Changed,
                            format!("gains field `{rust_field}: {ty}`"),
                        )
                        .literal_break(),
                    );
                }
                (Some(_), None) => self.push(
                    Draft::new(
                        &site.group,
                        location,
                        Kind::FieldRemoved,
                        rules::field_removed(),
                        "field removed",
                    )
                    .api(
                        &owner_old,
                        ApiChange::Changed,
                        format!("loses field `{rust_field}`"),
                    ),
                ),
                (Some(o), Some(n)) => {
                    let shape = FieldShape {
                        old_required: or.contains(name),
                        new_required: nr.contains(name),
                        old_nullable: bool_of(o, "nullable"),
                        new_nullable: bool_of(n, "nullable"),
                        param: false,
                    };
                    let child = Site {
                        field: Some(shape),
                        ..child
                    };
                    self.field(o, n, &child);
                }
                (None, None) => {}
            }
        }
        self.default_impl(old, new, site, &owner);
    }

    /// typify derives `Default` for a struct exactly when no field is
    /// required.
    fn default_impl(&mut self, old: &Value, new: &Value, site: &Site, owner: &str) {
        let derives = |schema: &Value| {
            let required = required_set(schema);
            schema
                .get("properties")
                .and_then(Value::as_object)
                .filter(|p| !p.is_empty())
                .map(|p| p.keys().all(|k| !required.contains(k)))
        };
        let (Some(before), Some(after)) = (derives(old), derives(new)) else {
            return;
        };
        let draft = match (before, after) {
            (true, false) => Draft::new(
                &site.group,
                site.location(),
                Kind::DefaultRemoved,
                rules::default_removed(),
                "a field became required, so the struct no longer derives `Default`",
            )
            .api(owner, ApiChange::Changed, "no longer implements `Default`"),
            (false, true) => Draft::new(
                &site.group,
                site.location(),
                Kind::DefaultAdded,
                rules::default_added(),
                "no field is required any more, so the struct derives `Default`",
            )
            .api(owner, ApiChange::Changed, "now implements `Default`"),
            _ => return,
        };
        self.push(draft);
    }

    fn composition(&mut self, key: &str, old: &Value, new: &Value, site: &Site) {
        let list = |v: &Value| {
            v.get(key)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let (ol, nl) = (list(old), list(new));
        if ol == nl {
            return;
        }
        let refs = |l: &[Value]| -> BTreeSet<String> {
            l.iter()
                .filter_map(|v| ref_name(v).map(str::to_owned))
                .collect()
        };
        let inline = |l: &[Value]| -> Vec<Value> {
            l.iter()
                .filter(|v| ref_name(v).is_none())
                .cloned()
                .collect()
        };
        let location = site.location();
        let ty = site
            .self_type
            .clone()
            .unwrap_or_else(|| self.new.naming.rust_type(new, &site.hint));
        let (or, nr) = (refs(&ol), refs(&nl));
        for added in nr.difference(&or) {
            self.push(
                Draft::new(
                    &site.group,
                    location.clone(),
                    Kind::VariantAdded,
                    rules::variant_changed(),
                    format!("`{key}` member `{added}` added"),
                )
                .api(&ty, ApiChange::Changed, format!("gains member `{added}`")),
            );
        }
        for removed in or.difference(&nr) {
            self.push(
                Draft::new(
                    &site.group,
                    location.clone(),
                    Kind::VariantRemoved,
                    rules::variant_changed(),
                    format!("`{key}` member `{removed}` removed"),
                )
                .api(&ty, ApiChange::Changed, format!("loses member `{removed}`")),
            );
        }
        let (oi, ni) = (inline(&ol), inline(&nl));
        for (i, (o, n)) in oi.iter().zip(ni.iter()).enumerate() {
            let child = Site {
                path: site.child_path(&format!("({key} {})", i + 1)),
                hint: format!("{}Variant{i}", site.hint),
                self_type: None,
                open_enum: false,
                field: None,
                ..site.clone()
            };
            self.node(o, n, &child);
        }
        let describe = |v: &Value, naming: &Naming| naming.rust_type(v, &site.hint);
        for extra in ni.iter().skip(oi.len()) {
            let t = describe(extra, &self.new.naming);
            self.push(
                Draft::new(
                    &site.group,
                    location.clone(),
                    Kind::VariantAdded,
                    rules::variant_changed(),
                    format!("inline `{key}` member ({t}) added"),
                )
                .api(&ty, ApiChange::Changed, format!("gains a `{t}` member")),
            );
        }
        for extra in oi.iter().skip(ni.len()) {
            let t = describe(extra, &self.old.naming);
            self.push(
                Draft::new(
                    &site.group,
                    location.clone(),
                    Kind::VariantRemoved,
                    rules::variant_changed(),
                    format!("inline `{key}` member ({t}) removed"),
                )
                .api(&ty, ApiChange::Changed, format!("loses its `{t}` member")),
            );
        }
    }

    fn constraints(&mut self, old: &Value, new: &Value, site: &Site) {
        for (key, larger_is_stricter) in CONSTRAINTS {
            let (o, n) = (old.get(*key), new.get(*key));
            if o == n {
                continue;
            }
            let tightened = match (o, n, larger_is_stricter) {
                (None, Some(_), _) => true,
                (Some(_), None, _) => false,
                (Some(a), Some(b), Some(up)) => match (a.as_f64(), b.as_f64()) {
                    (Some(a), Some(b)) => (b > a) == *up,
                    // `exclusiveMinimum: true` and other flags: changed, so assume stricter.
                    _ => true,
                },
                // A new pattern or multiple: cannot tell, assume stricter.
                _ => true,
            };
            let message = format!(
                "constraint `{key}` {} ({} → {})",
                if tightened { "tightened" } else { "loosened" },
                o.map(show).unwrap_or_else(|| "none".into()),
                n.map(show).unwrap_or_else(|| "none".into()),
            );
            self.push(
                Draft::new(
                    &site.group,
                    site.location(),
                    Kind::ConstraintChanged,
                    rules::constraint_changed(site.usage, tightened),
                    message,
                )
                .values(o.cloned(), n.cloned()),
            );
        }
    }

    // ---- the document itself ------------------------------------------------

    fn spec_level(&mut self) {
        let group = Group::Spec;
        let (od, nd) = (self.old.doc, self.new.doc);
        let null = Value::Null;
        self.servers(&group, od.get("servers"), nd.get("servers"));
        let global = |d: &Value| d.get("security").map(security_set).unwrap_or_default();
        self.security_change(&group, "security", global(od), global(nd));
        let empty = Map::new();
        let schemes = |d: &'a Value| {
            d.pointer("/components/securitySchemes")
                .and_then(Value::as_object)
        };
        let os = schemes(od).unwrap_or(&empty);
        let ns = schemes(nd).unwrap_or(&empty);
        let names: BTreeSet<&String> = os.keys().chain(ns.keys()).collect();
        for name in names {
            let location = format!("security scheme `{name}`");
            match (os.get(name), ns.get(name)) {
                (None, Some(s)) => self.push(
                    Draft::new(
                        &group,
                        location,
                        Kind::SecuritySchemeAdded,
                        rules::security_scheme_added(),
                        format!("security scheme added ({})", show_scheme(s)),
                    )
                    .values(None, Some(s.clone())),
                ),
                (Some(s), None) => self.push(
                    Draft::new(
                        &group,
                        location,
                        Kind::SecuritySchemeRemoved,
                        rules::security_scheme_changed(),
                        format!("security scheme removed ({})", show_scheme(s)),
                    )
                    .values(Some(s.clone()), None),
                ),
                (Some(o), Some(n)) => {
                    self.docs(&group, &location, o, n, &["description"]);
                    let strip = |v: &Value| {
                        let mut v = v.clone();
                        if let Some(m) = v.as_object_mut() {
                            m.remove("description");
                        }
                        v
                    };
                    if strip(o) != strip(n) {
                        self.push(
                            Draft::new(
                                &group,
                                location,
                                Kind::SecuritySchemeChanged,
                                rules::security_scheme_changed(),
                                format!(
                                    "security scheme changed from {} to {}",
                                    show_scheme(o),
                                    show_scheme(n)
                                ),
                            )
                            .values(Some(strip(o)), Some(strip(n))),
                        );
                    }
                }
                (None, None) => {}
            }
        }
        let oi = od.get("info").unwrap_or(&null);
        let ni = nd.get("info").unwrap_or(&null);
        self.docs(
            &group,
            "info",
            oi,
            ni,
            &[
                "title",
                "description",
                "version",
                "termsOfService",
                "contact",
                "license",
            ],
        );
        if od.get("tags") != nd.get("tags") {
            self.push(
                Draft::new(
                    &group,
                    "tags",
                    Kind::DescriptionChanged,
                    rules::description_changed(),
                    "tag list changed",
                )
                .values(od.get("tags").cloned(), nd.get("tags").cloned()),
            );
        }
        if od.get("openapi") != nd.get("openapi") {
            self.push(
                Draft::new(
                    &group,
                    "openapi",
                    Kind::OtherChanged,
                    rules::other_changed(),
                    "OpenAPI version changed",
                )
                .values(od.get("openapi").cloned(), nd.get("openapi").cloned()),
            );
        }
    }
}

fn servers_by_url(list: Option<&Value>) -> BTreeMap<String, &Value> {
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| str_of(s, "url").map(|u| (u.to_owned(), s)))
        .collect()
}

/// Security requirements as a set of alternatives, each written as its
/// schemes (with scopes) joined by `+`; the empty string is "no
/// authentication".
fn security_set(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .map(|req| {
            let mut parts: Vec<String> = req
                .as_object()
                .into_iter()
                .flatten()
                .map(|(name, scopes)| {
                    let scopes: Vec<String> =
                        scopes.as_array().into_iter().flatten().map(show).collect();
                    if scopes.is_empty() {
                        name.clone()
                    } else {
                        format!("{name}[{}]", scopes.join(","))
                    }
                })
                .collect();
            parts.sort();
            parts.join("+")
        })
        .collect()
}

fn show_security(set: &BTreeSet<String>) -> String {
    if set.is_empty() {
        return "none".into();
    }
    set.iter()
        .map(|s| {
            if s.is_empty() {
                "none".to_owned()
            } else {
                s.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

fn show_scheme(s: &Value) -> String {
    let ty = str_of(s, "type").unwrap_or("?");
    match (str_of(s, "scheme"), str_of(s, "in"), str_of(s, "name")) {
        (Some(scheme), _, _) => format!("{ty} {scheme}"),
        (None, Some(place), Some(name)) => format!("{ty} in {place} `{name}`"),
        _ => ty.to_owned(),
    }
}
