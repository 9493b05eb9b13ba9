//! The difference between two public APIs, each with the severity it has on
//! its own: what code written against the old API meets in the new one.
//!
//! Rust API changes (`wire: false`) decide whether users' code still
//! compiles; wire changes (`wire: true`) are what the regenerated code sends
//! and accepts differently without any signature changing.

use super::wire::{FieldWire, MethodWire, Missing};
use super::{Field, Item, PublicApi, Shape, Signature};
use crate::diff::model::{ApiChange, Severity};
use std::collections::BTreeSet;

/// What part of an item a delta is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Member {
    /// The item itself (added, removed, a different kind of item).
    Item,
    /// A struct field, by Rust name.
    Field(String),
    /// An enum variant, by Rust name.
    Variant(String),
    /// A method argument, by Rust name.
    Argument(String),
    /// A method's return type.
    Return,
    /// A derived or implemented trait.
    Trait(String),
    /// How a method treats a status (`200`, `_`).
    Status(String),
}

/// One difference between two public APIs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delta {
    /// The item (`types::X`, `Client::m`).
    pub item: String,
    /// Which part of it.
    pub member: Member,
    /// Added or removed (the item itself), or changed (a part of it).
    pub change: ApiChange,
    /// What, for people: ``field `x`: Option<i32> → i32``.
    pub detail: String,
    /// What it does to users on its own.
    pub severity: Severity,
    /// A struct gains a field: its struct literals must add it.
    pub literal_break: bool,
    /// A wire effect (JSON names, defaults, what is sent, status handling),
    /// not a change of any Rust signature.
    pub wire: bool,
    /// The types the old and new sides name here, for tying a field's type
    /// change to the change of the type it names.
    pub types: Vec<String>,
}

impl Delta {
    fn new(item: &str, member: Member, change: ApiChange, severity: Severity) -> Self {
        Delta {
            item: item.to_owned(),
            member,
            change,
            detail: String::new(),
            severity,
            literal_break: false,
            wire: false,
            types: Vec::new(),
        }
    }

    fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }

    fn wire(mut self) -> Self {
        self.wire = true;
        self
    }

    fn types(mut self, old: &str, new: &str) -> Self {
        self.types = vec![old.to_owned(), new.to_owned()];
        self
    }
}

use ApiChange::{Added, Changed, Removed};
use Severity::{Additive, Breaking, Compatible};

/// Every difference from `old` to `new`, by item path.
pub fn compare(old: &PublicApi, new: &PublicApi) -> Vec<Delta> {
    let mut out = Vec::new();
    let paths: BTreeSet<&String> = old.items.keys().chain(new.items.keys()).collect();
    for path in paths {
        match (old.items.get(path), new.items.get(path)) {
            (Some(o), None) => out.push(
                Delta::new(path, Member::Item, Removed, Breaking)
                    .detail(format!("{} removed", what(path, &o.shape))),
            ),
            (None, Some(n)) => out.push(
                Delta::new(path, Member::Item, Added, Additive)
                    .detail(format!("new {}", what(path, &n.shape))),
            ),
            (Some(o), Some(n)) => item(path, o, n, &mut out),
            (None, None) => {}
        }
    }
    out
}

fn what(path: &str, shape: &Shape) -> &'static str {
    match shape {
        Shape::Fn(s) if s.receiver.is_some() || path.starts_with("Client::") => "method",
        Shape::Struct { .. } | Shape::Enum { .. } | Shape::Alias { .. } => "type",
        other => other.noun(),
    }
}

fn item(path: &str, o: &Item, n: &Item, out: &mut Vec<Delta>) {
    match (&o.shape, &n.shape) {
        (
            Shape::Struct {
                fields: of,
                private_fields: op,
                tuple: ot,
            },
            Shape::Struct {
                fields: nf,
                private_fields: np,
                tuple: nt,
            },
        ) => {
            if ot != nt {
                out.push(
                    Delta::new(path, Member::Item, Changed, Breaking).detail(if *nt {
                        "is now a tuple struct"
                    } else {
                        "is no longer a tuple struct"
                    }),
                );
            }
            if op != np {
                let (severity, detail) = if *np {
                    (
                        Breaking,
                        "gains private fields: no struct literal outside the crate",
                    )
                } else {
                    (Additive, "no longer has private fields")
                };
                out.push(Delta::new(path, Member::Item, Changed, severity).detail(detail));
            }
            let literal = !*np && !n.attrs.contains("non_exhaustive");
            fields(path, of, nf, (literal, *nt), out);
        }
        (Shape::Enum { variants: ov }, Shape::Enum { variants: nv }) => {
            let open = n.attrs.contains("non_exhaustive");
            for v in nv {
                match ov.iter().find(|o| o.name == v.name) {
                    None => out.push(
                        Delta::new(
                            path,
                            Member::Variant(v.name.clone()),
                            Changed,
                            if open { Additive } else { Breaking },
                        )
                        .detail(format!("gains variant `{}{}`", v.name, v.payload)),
                    ),
                    Some(o) if o.payload != v.payload => out.push(
                        Delta::new(path, Member::Variant(v.name.clone()), Changed, Breaking)
                            .detail(format!(
                                "variant `{}`: `{}{}` → `{}{}`",
                                v.name, o.name, o.payload, v.name, v.payload
                            ))
                            .types(&o.payload, &v.payload),
                    ),
                    Some(o) if o.rename != v.rename => out.push(
                        Delta::new(path, Member::Variant(v.name.clone()), Changed, Compatible)
                            .detail(format!(
                                "variant `{}` is now read and written as {}",
                                v.name,
                                v.rename.as_deref().unwrap_or(&v.name)
                            ))
                            .wire(),
                    ),
                    Some(_) => {}
                }
            }
            for o in ov.iter().filter(|o| !nv.iter().any(|v| v.name == o.name)) {
                out.push(
                    Delta::new(path, Member::Variant(o.name.clone()), Changed, Breaking)
                        .detail(format!("loses variant `{}`", o.name)),
                );
            }
        }
        (Shape::Fn(os), Shape::Fn(ns)) => signature(path, os, ns, out),
        (Shape::Alias { target: a }, Shape::Alias { target: b })
        | (Shape::Const { ty: a }, Shape::Const { ty: b })
        | (Shape::Reexport { target: a }, Shape::Reexport { target: b }) => {
            if a != b {
                out.push(
                    Delta::new(path, Member::Item, Changed, Breaking)
                        .detail(format!("{a} → {b}"))
                        .types(a, b),
                );
            }
        }
        (Shape::Trait, Shape::Trait) => {}
        (a, b) => out.push(
            Delta::new(path, Member::Item, Changed, Breaking).detail(format!(
                "was a {}, is now a {}",
                a.noun(),
                b.noun()
            )),
        ),
    }
    for t in n.traits.difference(&o.traits) {
        out.push(
            Delta::new(path, Member::Trait(t.clone()), Changed, Additive)
                .detail(format!("now implements `{t}`")),
        );
    }
    for t in o.traits.difference(&n.traits) {
        out.push(
            Delta::new(path, Member::Trait(t.clone()), Changed, Breaking)
                .detail(format!("no longer implements `{t}`")),
        );
    }
    for a in n.attrs.difference(&o.attrs) {
        out.push(attr_delta(path, a, true));
    }
    for a in o.attrs.difference(&n.attrs) {
        out.push(attr_delta(path, a, false));
    }
}

fn attr_delta(path: &str, attr: &str, added: bool) -> Delta {
    let verb = if added { "now" } else { "no longer" };
    match attr {
        // Exhaustive matches and struct literals outside the crate stop
        // compiling when it is added.
        "non_exhaustive" => Delta::new(
            path,
            Member::Item,
            Changed,
            if added { Breaking } else { Additive },
        )
        .detail(format!("is {verb} `#[non_exhaustive]`")),
        a if a.starts_with("repr") => {
            Delta::new(path, Member::Item, Changed, Breaking).detail(format!("is {verb} `#[{a}]`"))
        }
        a => Delta::new(path, Member::Item, Changed, Breaking)
            .detail(format!("is {verb} `#[{a}]`: its JSON changes"))
            .wire(),
    }
}

fn fields(
    path: &str,
    old: &[Field],
    new: &[Field],
    (literal, tuple): (bool, bool),
    out: &mut Vec<Delta>,
) {
    for f in new {
        let member = Member::Field(f.name.clone());
        match old.iter().find(|o| o.name == f.name) {
            None => {
                let mut d = Delta::new(path, member, Changed, Additive)
                    .detail(format!("gains field `{}: {}`", f.name, f.ty));
                d.literal_break = literal;
                out.push(d);
            }
            Some(o) => {
                if o.ty != f.ty {
                    out.push(
                        Delta::new(path, member.clone(), Changed, Breaking)
                            .detail(format!("field `{}`: {} → {}", f.name, o.ty, f.ty))
                            .types(&o.ty, &f.ty),
                    );
                }
                if !tuple {
                    field_wire(path, &f.name, (&o.ty, &o.wire), (&f.ty, &f.wire), out);
                }
            }
        }
    }
    for o in old.iter().filter(|o| !new.iter().any(|f| f.name == o.name)) {
        out.push(
            Delta::new(path, Member::Field(o.name.clone()), Changed, Breaking)
                .detail(format!("loses field `{}`", o.name)),
        );
    }
}

fn missing_text(m: &Missing) -> String {
    match m {
        Missing::Error => "fails to read".into(),
        Missing::None => "reads as `None`".into(),
        Missing::Default(v) => format!("reads as {v}"),
    }
}

/// How a field reads and writes JSON, on both sides. All of it follows the
/// new spec, so none of it breaks users on its own; a reviewer still needs to
/// see it (a default now always sent, a key that is now required).
fn field_wire(
    path: &str,
    name: &str,
    (old_ty, old): (&str, &FieldWire),
    (new_ty, new): (&str, &FieldWire),
    out: &mut Vec<Delta>,
) {
    let member = Member::Field(name.to_owned());
    let push = |out: &mut Vec<Delta>, detail: String| {
        out.push(
            Delta::new(path, member.clone(), Changed, Compatible)
                .detail(detail)
                .wire(),
        );
    };
    if old.json_name != new.json_name {
        push(
            out,
            format!(
                "field `{name}` is now read and written as `{}` (was `{}`)",
                new.json_name, old.json_name
            ),
        );
    }
    let key = &new.json_name;
    match (old.omitted_when(), new.omitted_when()) {
        (Some(when), None) => {
            let value = match new.missing(new_ty) {
                Missing::Default(v) => format!(", as {v} when not set"),
                _ => String::new(),
            };
            push(
                out,
                format!("`{key}` is now always sent{value} (it was left out when {when})"),
            );
        }
        (None, Some(when)) => push(out, format!("`{key}` is now left out when {when}")),
        (Some(a), Some(b)) if a != b => push(
            out,
            format!("`{key}` is now left out when {b} (was: when {a})"),
        ),
        _ => {}
    }
    // With the Rust type changed, what a missing key reads as and which
    // serde adapter applies follow from the type; only a default value is
    // news.
    let same_type = old_ty == new_ty;
    let (om, nm) = (old.missing(old_ty), new.missing(new_ty));
    if om != nm && (same_type || matches!(nm, Missing::Default(_))) {
        push(
            out,
            format!(
                "JSON without `{key}` now {} (it {})",
                missing_text(&nm),
                missing_text(&om)
            ),
        );
    }
    // typify's `deserialize_with = Option::deserialize` on required nullable
    // fields is what "fails to read" above already says.
    let codecs = |w: &FieldWire| {
        w.codecs
            .iter()
            .filter(|c| *c != "deserialize_with = Option::deserialize")
            .chain(&w.flags)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    };
    if same_type && codecs(old) != codecs(new) {
        let show = |s: String| if s.is_empty() { "none".to_owned() } else { s };
        push(
            out,
            format!(
                "`{key}` serde adapters: {} → {}",
                show(codecs(old)),
                show(codecs(new))
            ),
        );
    }
}

/// `Result<ResponseValue<T>, Error<E>>` → `T` when both sides share `E`,
/// as a reviewer thinks of a return type.
fn body_types<'s>(old: &'s str, new: &'s str) -> (&'s str, &'s str) {
    let split = |s: &'s str| -> Option<(&'s str, &'s str)> {
        let rest = s.strip_prefix("Result<ResponseValue<")?;
        let (body, error) = rest.rsplit_once(">, Error<")?;
        Some((body, error))
    };
    match (split(old), split(new)) {
        (Some((ob, oe)), Some((nb, ne))) if oe == ne => (ob, nb),
        _ => (old, new),
    }
}

fn signature(path: &str, o: &Signature, n: &Signature, out: &mut Vec<Delta>) {
    if o.is_async != n.is_async || o.receiver != n.receiver {
        out.push(
            Delta::new(path, Member::Item, Changed, Breaking).detail(format!(
                "receiver or `async` changed: {}{} → {}{}",
                if o.is_async { "async " } else { "" },
                o.receiver.as_deref().unwrap_or("no receiver"),
                if n.is_async { "async " } else { "" },
                n.receiver.as_deref().unwrap_or("no receiver"),
            )),
        );
    }
    for (name, ty) in &n.args {
        let member = Member::Argument(name.clone());
        match o.args.iter().find(|(a, _)| a == name) {
            None => out.push(
                Delta::new(path, member, Changed, Breaking)
                    .detail(format!("gains argument `{name}: {ty}`")),
            ),
            Some((_, old_ty)) if old_ty != ty => out.push(
                Delta::new(path, member, Changed, Breaking)
                    .detail(format!("argument `{name}`: {old_ty} → {ty}"))
                    .types(old_ty, ty),
            ),
            Some(_) => {}
        }
    }
    for (name, _) in o
        .args
        .iter()
        .filter(|(a, _)| !n.args.iter().any(|(b, _)| a == b))
    {
        out.push(
            Delta::new(path, Member::Argument(name.clone()), Changed, Breaking)
                .detail(format!("loses argument `{name}`")),
        );
    }
    // Same arguments in another order: positional calls pass them to the
    // wrong parameters (or fail to compile).
    let names = |s: &Signature| s.args.iter().map(|(a, _)| a.clone()).collect::<Vec<_>>();
    let (on, nn) = (names(o), names(n));
    let common = |list: &[String], other: &[String]| {
        list.iter()
            .filter(|a| other.contains(a))
            .cloned()
            .collect::<Vec<_>>()
    };
    if common(&on, &nn) != common(&nn, &on) {
        out.push(
            Delta::new(path, Member::Item, Changed, Breaking).detail(format!(
                "arguments reordered: ({}) → ({})",
                on.join(", "),
                nn.join(", ")
            )),
        );
    }
    if o.ret != n.ret {
        let (a, b) = body_types(&o.ret, &n.ret);
        out.push(
            Delta::new(path, Member::Return, Changed, Breaking)
                .detail(format!("return type: {a} → {b}"))
                .types(a, b),
        );
    }
    if let (Some(ow), Some(nw)) = (&o.wire, &n.wire) {
        method_wire(path, ow, nw, out);
    }
}

fn method_wire(path: &str, o: &MethodWire, n: &MethodWire, out: &mut Vec<Delta>) {
    let push = |out: &mut Vec<Delta>, member: Member, severity: Severity, detail: String| {
        out.push(
            Delta::new(path, member, Changed, severity)
                .detail(detail)
                .wire(),
        );
    };
    if o.http != n.http || o.path != n.path {
        push(
            out,
            Member::Item,
            Compatible,
            format!(
                "now sends {} {} (was {} {})",
                n.http, n.path, o.http, o.path
            ),
        );
    }
    let arg = crate::diff::rust::field_name;
    for (list_old, list_new, what) in [
        (&o.query, &n.query, "query parameter"),
        (&o.headers, &n.headers, "header"),
    ] {
        for name in list_new.iter().filter(|q| !list_old.contains(q)) {
            push(
                out,
                Member::Argument(arg(name)),
                Compatible,
                format!("{what} `{name}` is now sent"),
            );
        }
        for name in list_old.iter().filter(|q| !list_new.contains(q)) {
            push(
                out,
                Member::Argument(arg(name)),
                Compatible,
                format!("{what} `{name}` is no longer sent"),
            );
        }
    }
    if o.body != n.body {
        let detail = match (&o.body, &n.body) {
            (None, Some(b)) => format!("a request body is now sent, as {b}"),
            (Some(b), None) => format!("no request body is sent any more (was {b})"),
            (Some(a), Some(b)) => format!("the request body is now sent as {b} (was {a})"),
            (None, None) => String::new(),
        };
        push(out, Member::Argument("body".into()), Compatible, detail);
    }
    if o.accept != n.accept {
        let show = |b: &Option<String>| b.clone().unwrap_or_else(|| "none".into());
        push(
            out,
            Member::Return,
            Compatible,
            format!(
                "`Accept` is now {} (was {})",
                show(&n.accept),
                show(&o.accept)
            ),
        );
    }
    let statuses: BTreeSet<&String> = o.statuses.keys().chain(n.statuses.keys()).collect();
    let fallback = |m: &MethodWire| m.statuses.get("_").cloned().unwrap_or_default();
    for status in statuses {
        let before = o
            .statuses
            .get(status)
            .cloned()
            .unwrap_or_else(|| fallback(o));
        let after = n
            .statuses
            .get(status)
            .cloned()
            .unwrap_or_else(|| fallback(n));
        if before == after {
            continue;
        }
        // A success that is now an error, or an error answer that now
        // arrives as an unexpected one, is handled differently by callers
        // that worked before.
        let worse = before.starts_with("success") && !after.starts_with("success")
            || before.contains("ErrorResponse") && after.contains("UnexpectedResponse");
        push(
            out,
            Member::Status(status.clone()),
            if worse { Breaking } else { Compatible },
            format!("status {status} now gives {after} (was {before})"),
        );
    }
}

/// The severity the computed differences imply on their own: the worst of
/// them, or `None` when there are none.
pub fn implied(deltas: &[Delta]) -> Option<Severity> {
    deltas.iter().map(|d| d.severity).max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(code: &str) -> PublicApi {
        PublicApi::from_code(code).unwrap()
    }

    fn details(deltas: &[Delta]) -> Vec<String> {
        deltas
            .iter()
            .map(|d| format!("{} {}: {}", d.severity, d.item, d.detail))
            .collect()
    }

    #[test]
    fn an_optional_field_that_gains_a_default_is_breaking() {
        let old = api(r#"pub mod types { pub struct P {
            #[serde(rename = "WarehouseID", skip_serializing_if = "::std::option::Option::is_none")]
            pub warehouse_id: ::std::option::Option<i32>,
        } }"#);
        let new = api(r#"pub mod types { pub struct P {
            #[serde(rename = "WarehouseID", default = "defaults::default_u64::<i32, 1>")]
            pub warehouse_id: i32,
        } }"#);
        let d = compare(&old, &new);
        assert_eq!(
            details(&d),
            [
                "breaking types::P: field `warehouse_id`: Option<i32> → i32",
                "compatible types::P: `WarehouseID` is now always sent, as 1 when not set (it was left out when it is `None`)",
                "compatible types::P: JSON without `WarehouseID` now reads as 1 (it reads as `None`)",
            ]
        );
        assert_eq!(implied(&d), Some(Breaking));
    }

    #[test]
    fn open_enums_gain_variants_and_closed_ones_break() {
        let old = api("pub mod enums { #[non_exhaustive] pub enum A { X } pub enum B { X } }");
        let new =
            api("pub mod enums { #[non_exhaustive] pub enum A { X, Y } pub enum B { X, Y } }");
        assert_eq!(
            details(&compare(&old, &new)),
            [
                "additive enums::A: gains variant `Y`",
                "breaking enums::B: gains variant `Y`",
            ]
        );
    }

    #[test]
    fn methods_compare_arguments_return_types_and_statuses() {
        let old = api(r#"pub struct Client; impl Client {
            pub async fn m<'a>(&'a self, id: i32, x: Option<&'a str>) -> Result<ResponseValue<()>, Error<ByteStream>> {
                let url = format!("{}/things/{}", self.baseurl, id);
                let request = self.client.put(url).query(&progenitor_client::QueryParam::new("x", &x)).build()?;
                match response.status().as_u16() {
                    200u16 => Ok(ResponseValue::empty(response)),
                    409u16 => Err(Error::ErrorResponse(ResponseValue::stream(response))),
                    _ => Err(Error::UnexpectedResponse(response)),
                }
            }
        }"#);
        let new = api(r#"pub struct Client; impl Client {
            pub async fn m<'a>(&'a self, id: i64) -> Result<ResponseValue<types::T>, Error<ByteStream>> {
                let url = format!("{}/things/{}", self.baseurl, id);
                let request = self.client.put(url).build()?;
                match response.status().as_u16() {
                    200u16 => ResponseValue::from_response(response).await,
                    _ => Err(Error::UnexpectedResponse(response)),
                }
            }
        }"#);
        assert_eq!(
            details(&compare(&old, &new)),
            [
                "breaking Client::m: argument `id`: i32 → i64",
                "breaking Client::m: loses argument `x`",
                "breaking Client::m: return type: () → types::T",
                "compatible Client::m: query parameter `x` is no longer sent",
                "compatible Client::m: status 200 now gives success with a typed body (was success with no body)",
                "breaking Client::m: status 409 now gives an `Error::UnexpectedResponse` (was an `Error::ErrorResponse` with the raw body)",
            ]
        );
    }

    #[test]
    fn traits_and_items() {
        let old = api("pub mod types { #[derive(Default, Clone)] pub struct A {} pub struct B; }");
        let new = api(
            "pub mod types { #[derive(Clone)] pub struct A {} pub struct C; impl From<A> for C {} }",
        );
        assert_eq!(
            details(&compare(&old, &new)),
            [
                "breaking types::A: no longer implements `Default`",
                "breaking types::B: type removed",
                "additive types::C: new type",
            ]
        );
    }
}
