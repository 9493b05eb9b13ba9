//! Walks two versions of a spec side by side and records every change, with
//! the verdict from [`super::rules`] and its effect on the generated API.

mod document;
mod keywords;
mod operations;
mod parameters;
mod schemas;
mod side;

use super::api::delta::Member;
use super::api::wire::status_pattern;
use super::model::{ApiChange, ApiEffect, Change, Group, Kind, Severity, WireEffect};
use super::rules::{self, Usage, Verdict};
use super::rust::{Naming, argument, field_name, method_name, ref_name, type_name, wrap};
use crate::normalize::normalize;
use crate::postprocess::variant_ident;
use crate::spec::{METHODS, Spec};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

pub use side::open_enums;
use side::{Op, Side, Users};

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
    "default",
    "readOnly",
    "writeOnly",
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

/// What [`compare`] finds.
#[derive(Clone, Debug, Default)]
pub struct Comparison {
    /// Every change from `old` to `new`: operations (by id), then component
    /// schemas (by name), then servers, security and metadata.
    pub changes: Vec<Change>,
    /// Every operation and component schema of either side, as the report
    /// groups them.
    pub groups: Vec<Group>,
}

/// Compares two versions of a spec.
pub fn compare(old: &Spec, new: &Spec) -> Comparison {
    let mut d = Differ {
        old: Side::new(old),
        new: Side::new(new),
        users: BTreeMap::new(),
        out: Vec::new(),
        groups: Vec::new(),
    };
    d.old.collect_users(&mut d.users);
    d.new.collect_users(&mut d.users);
    d.operations();
    d.schemas();
    d.spec_level();
    Comparison {
        changes: d.out,
        groups: d.groups,
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
    /// The same, for tying computed effects to changes here.
    member: Member,
    /// For a response: the status `match` pattern of the generated method.
    status: Option<String>,
    /// How this node's type sits in the subject's type: `{}` for the whole
    /// of it, `Option<Vec<{}>>` for the items of an optional array field,
    /// `&{}` for a request body argument.
    template: String,
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
    groups: Vec<Group>,
}

/// Builds a [`Change`]; `api`, `old`/`new` values and `literal_break` are
/// added with the methods below.
struct Draft(Change);

impl Draft {
    fn new(
        group: &Group,
        location: impl Into<String>,
        kind: Kind,
        verdict: Verdict,
        message: impl Into<String>,
    ) -> Self {
        Draft(Change::predicted(
            group,
            location,
            kind,
            (verdict.severity, verdict.wire),
            message,
        ))
    }

    /// A change of the node at `site` itself.
    fn on(
        site: &Site,
        location: impl Into<String>,
        kind: Kind,
        verdict: Verdict,
        message: impl Into<String>,
    ) -> Self {
        let draft = Draft::new(&site.group, location, kind, verdict, message)
            .anchor(&site.api_item, site.member.clone());
        match &site.status {
            Some(status) => draft.anchor(&site.api_item, Member::Status(status.clone())),
            None => draft,
        }
    }

    fn values(mut self, old: Option<Value>, new: Option<Value>) -> Self {
        self.0.old = old;
        self.0.new = new;
        self
    }

    /// Where in the generated API this change lands, without a predicted
    /// effect there.
    fn anchor(mut self, item: &str, member: Member) -> Self {
        let anchor = (item.to_owned(), member);
        if !self.0.anchors.contains(&anchor) {
            self.0.anchors.push(anchor);
        }
        self
    }

    /// A predicted effect on the generated API.
    fn api(
        mut self,
        item: &str,
        member: Member,
        change: ApiChange,
        detail: impl Into<String>,
    ) -> Self {
        let effect = ApiEffect {
            item: item.to_owned(),
            change,
            detail: detail.into(),
        };
        self.0.api.push(effect.clone());
        self.0.rule.api.push(effect);
        self.anchor(item, member)
    }

    /// A wire effect the rules know the generator does not follow, with the
    /// severity it has.
    fn wire_note(mut self, item: &str, detail: impl Into<String>, severity: Severity) -> Self {
        self.0.wire.push(WireEffect {
            item: item.to_owned(),
            detail: detail.into(),
        });
        self.0.rule.wire = self.0.rule.wire.max(severity);
        self.0.rule.severity = self.0.rule.severity.max(severity);
        self.0.severity = self.0.severity.max(severity);
        self
    }

    /// The predicted effect of a `$ref` member of a composition: typify
    /// makes a `oneOf`/`anyOf` an untagged enum with one variant per member,
    /// named after its type, and a `From` impl for it; an `allOf` merges the
    /// member's fields.
    fn api_member(self, key: &str, ty: &str, member: &str, added: bool, naming: &Naming) -> Self {
        if key == "allOf" {
            let verb = if added { "gains" } else { "loses" };
            return self.api(
                ty,
                Member::Item,
                ApiChange::Changed,
                format!("{verb} member `{member}`"),
            );
        }
        let variant = type_name(member);
        let payload = naming.component_path(member);
        let (verb, implements) = if added {
            ("gains", "now implements")
        } else {
            ("loses", "no longer implements")
        };
        let detail = if added {
            format!("{verb} variant `{variant}({payload})`")
        } else {
            format!("{verb} variant `{variant}`")
        };
        self.api(
            ty,
            Member::Variant(variant.clone()),
            ApiChange::Changed,
            detail,
        )
        .api(
            ty,
            Member::Trait(format!("From<{payload}>")),
            ApiChange::Changed,
            format!("{implements} `From<{payload}>`"),
        )
    }

    fn literal_break(mut self) -> Self {
        self.0.literal_break = true;
        self
    }
}

impl<'a> Differ<'a> {
    pub(super) fn push(&mut self, draft: Draft) {
        self.out.push(draft.0);
    }

    pub(super) fn docs(
        &mut self,
        group: &Group,
        location: &str,
        old: &Value,
        new: &Value,
        keys: &[&str],
    ) {
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
}
