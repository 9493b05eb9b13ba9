//! One Cargo feature per vendor area (the operation's first tag, in
//! kebab-case: `PurchaseOrders` → `purchase-orders`), gating the generated
//! methods of that area and the types only they use (as async-stripe gates
//! its request modules). A type used by several areas is compiled when any of
//! them is on.
//!
//! The gates are computed on the generated syntax tree, so they follow what
//! the code uses, not what the spec seems to say: a method needs the types it
//! names; a type needs the types its definition and its impls name.
//!
//! An operation the ergonomic crate wraps carries [`WRAPPED_EXTENSION`] in the
//! spec (set by the overlay); its method compiles under its area's feature or
//! under [`WRAPPED_FEATURE`], so the ergonomic crate compiles what it calls
//! without the rest of those areas.

use heck::{ToKebabCase, ToSnakeCase};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use syn::visit::Visit;

/// The operation extension that marks an operation the ergonomic crate wraps.
pub const WRAPPED_EXTENSION: &str = "x-sdk-wrapped";

/// The feature that compiles every operation marked [`WRAPPED_EXTENSION`].
pub const WRAPPED_FEATURE: &str = "wrapped";

/// The feature of a tag.
pub fn feature_of_tag(tag: &str) -> String {
    tag.to_kebab_case()
}

/// An operation as the gate sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AreaOperation {
    /// The generated method (`purchase_orders_get_all`).
    pub method: String,
    /// HTTP method and path, for the docs.
    pub route: String,
    /// Whether the ergonomic crate wraps it ([`WRAPPED_EXTENSION`]).
    pub wrapped: bool,
}

/// Feature → its operations, from a (normalised) spec. Errors name an
/// operation without a tag, or with a [`WRAPPED_EXTENSION`] that is not `true`.
pub fn areas(spec: &Value) -> Result<BTreeMap<String, Vec<AreaOperation>>, String> {
    let mut out: BTreeMap<String, Vec<AreaOperation>> = BTreeMap::new();
    let mut errors = Vec::new();
    for (path, item) in spec
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for method in crate::spec::METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let id = op
                .get("operationId")
                .and_then(Value::as_str)
                .unwrap_or_default();
            match op.pointer("/tags/0").and_then(Value::as_str) {
                Some(tag) => out
                    .entry(feature_of_tag(tag))
                    .or_default()
                    .push(AreaOperation {
                        method: id.to_snake_case(),
                        route: format!("{} {path}", method.to_uppercase()),
                        wrapped: op.get(WRAPPED_EXTENSION) == Some(&Value::Bool(true)),
                    }),
                None => errors.push(format!(
                    "{} {path} ({id}): no tag, so no feature to gate it",
                    method.to_uppercase()
                )),
            }
            if let Some(mark) = op
                .get(WRAPPED_EXTENSION)
                .filter(|m| **m != Value::Bool(true))
            {
                errors.push(format!(
                    "{} {path} ({id}): {WRAPPED_EXTENSION} is {mark}; write `true` or leave it out",
                    method.to_uppercase()
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors.join("; "))
    }
}

#[derive(Default)]
struct Idents(BTreeSet<String>);

impl<'ast> Visit<'ast> for Idents {
    fn visit_ident(&mut self, i: &'ast syn::Ident) {
        self.0.insert(i.to_string());
    }
}

fn idents_of<T: quote::ToTokens>(node: &T) -> BTreeSet<String> {
    // Walking tokens finds idents in macro bodies and attributes too.
    fn walk(tokens: TokenStream, out: &mut BTreeSet<String>) {
        for t in tokens {
            match t {
                proc_macro2::TokenTree::Ident(i) => {
                    out.insert(i.to_string());
                }
                proc_macro2::TokenTree::Group(g) => walk(g.stream(), out),
                _ => {}
            }
        }
    }
    let mut v = Idents::default();
    walk(node.to_token_stream(), &mut v.0);
    v.0
}

fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        syn::Type::Reference(r) => type_name(&r.elem),
        _ => None,
    }
}

/// The name an item defines, or the type an impl is for.
fn item_owner(item: &syn::Item, known: &BTreeSet<String>) -> Option<String> {
    match item {
        syn::Item::Struct(s) => Some(s.ident.to_string()),
        syn::Item::Enum(e) => Some(e.ident.to_string()),
        syn::Item::Type(t) => Some(t.ident.to_string()),
        syn::Item::Impl(i) => {
            let own = type_name(&i.self_ty).filter(|n| known.contains(n));
            own.or_else(|| {
                // `impl From<Known> for String`: gated with the known type.
                let (_, path, _) = i.trait_.as_ref()?;
                idents_of(path).into_iter().find(|n| known.contains(n))
            })
        }
        _ => None,
    }
}

fn type_modules(file: &mut syn::File) -> Vec<&mut Vec<syn::Item>> {
    file.items
        .iter_mut()
        .filter_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "types" || m.ident == "enums" => {
                m.content.as_mut().map(|(_, items)| items)
            }
            _ => None,
        })
        .collect()
}

fn cfg_any(features: &BTreeSet<String>) -> syn::Attribute {
    if let [one] = features.iter().collect::<Vec<_>>()[..] {
        return syn::parse_quote!(#[cfg(feature = #one)]);
    }
    let features = features.iter();
    syn::parse_quote!(#[cfg(any(#(feature = #features),*))])
}

/// Adds the gates to a generated file. Errors name a method of the client
/// that no operation of `areas` accounts for.
pub fn gate(
    file: &mut syn::File,
    areas: &BTreeMap<String, Vec<AreaOperation>>,
) -> Result<(), String> {
    // method → the features that compile it.
    let features_of: BTreeMap<&str, BTreeSet<String>> = areas
        .iter()
        .flat_map(|(f, ops)| {
            ops.iter().map(move |o| {
                let mut features = BTreeSet::from([f.clone()]);
                if o.wrapped {
                    features.insert(WRAPPED_FEATURE.to_owned());
                }
                (o.method.as_str(), features)
            })
        })
        .collect();
    // Every type and what it names.
    let mut known = BTreeSet::new();
    for items in type_modules(file) {
        for item in items.iter() {
            if let Some(name) = item_owner(item, &BTreeSet::new()) {
                known.insert(name);
            }
        }
    }
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for items in type_modules(file) {
        for item in items.iter() {
            if let Some(owner) = item_owner(item, &known) {
                let named: BTreeSet<String> = idents_of(item)
                    .into_iter()
                    .filter(|n| known.contains(n) && *n != owner)
                    .collect();
                deps.entry(owner).or_default().extend(named);
            }
        }
    }
    // Gate the methods; collect which features reach each type.
    let mut reached: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut errors = Vec::new();
    for item in file.items.iter_mut() {
        let syn::Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() || type_name(&imp.self_ty).as_deref() != Some("Client") {
            continue;
        }
        for member in imp.items.iter_mut() {
            let syn::ImplItem::Fn(f) = member else {
                continue;
            };
            let name = f.sig.ident.to_string();
            let Some(features) = features_of.get(name.as_str()) else {
                // progenitor's own constructors and accessors.
                if f.sig.receiver().is_some() && f.sig.asyncness.is_some() {
                    errors.push(format!("method {name}: no operation, so no feature"));
                }
                continue;
            };
            f.attrs.push(cfg_any(features));
            let mut todo: Vec<String> = idents_of(&f.sig)
                .into_iter()
                .chain(idents_of(&f.block))
                .filter(|n| known.contains(n))
                .collect();
            let mut seen = BTreeSet::new();
            while let Some(t) = todo.pop() {
                if !seen.insert(t.clone()) {
                    continue;
                }
                reached
                    .entry(t.clone())
                    .or_default()
                    .extend(features.iter().cloned());
                todo.extend(deps.get(&t).into_iter().flatten().cloned());
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors.join("; "));
    }
    for items in type_modules(file) {
        for item in items.iter_mut() {
            let Some(owner) = item_owner(item, &known) else {
                continue;
            };
            // A type no operation reaches (one the overlay keeps for the
            // ergonomic crates) is always compiled.
            let Some(features) = reached.get(&owner) else {
                continue;
            };
            let attr = cfg_any(features);
            match item {
                syn::Item::Struct(s) => s.attrs.insert(0, attr),
                syn::Item::Enum(e) => e.attrs.insert(0, attr),
                syn::Item::Type(t) => t.attrs.insert(0, attr),
                syn::Item::Impl(i) => i.attrs.insert(0, attr),
                _ => {}
            }
        }
    }
    Ok(())
}

/// The `areas` documentation module: every feature and the operations it
/// enables, generated from the spec so it cannot drift. `defaults` are the
/// crate's default features.
pub fn docs_module(areas: &BTreeMap<String, Vec<AreaOperation>>, defaults: &[&str]) -> TokenStream {
    let mut doc = String::from(
        "The vendor areas: one Cargo feature each, named after the vendor's tag.\n\n\
         A feature compiles its operations' methods on [`Client`](crate::Client) and the \
         types only they use. `full` turns every area on. Whatever is enabled, call an \
         operation through `sellercloud::Client::call` to get its token, retries and rate \
         gate.\n\n",
    );
    let route = |o: &AreaOperation| format!("`{}` ({})", o.method, o.route);
    let wrapped: Vec<String> = areas
        .values()
        .flatten()
        .filter(|o| o.wrapped)
        .map(route)
        .collect();
    doc.push_str(&format!(
        "`{WRAPPED_FEATURE}` compiles the operations the `sellercloud` crate wraps, whatever \
         their area, without the rest of their areas: {}.\n\n\
         | feature | default | operations |\n|---|---|---|\n",
        wrapped.join(", ")
    ));
    let default_of = |feature: &str| defaults.contains(&feature);
    doc.push_str(&format!(
        "| `{WRAPPED_FEATURE}` | {} | the {} operations above |\n",
        if default_of(WRAPPED_FEATURE) {
            "yes"
        } else {
            ""
        },
        wrapped.len()
    ));
    for (feature, ops) in areas {
        let default = if default_of(feature) {
            "yes"
        } else if default_of(WRAPPED_FEATURE) && ops.iter().any(|o| o.wrapped) {
            "its wrapped operations"
        } else {
            ""
        };
        let list: Vec<String> = ops.iter().map(route).collect();
        doc.push_str(&format!(
            "| `{feature}` | {default} | {} |\n",
            list.join(", ")
        ));
    }
    quote! {
        #[doc = #doc]
        pub mod areas {}
    }
}
