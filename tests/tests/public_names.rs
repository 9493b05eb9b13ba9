//! One name per thing: no two public types a user of one vendor crate can
//! reach share a name. A user of `sellercloud` sees its own types, the
//! generated wire types it re-exports (`types`, `enums`), the runtime's and
//! the fakes'; a request builder, a wire type and a fake's state of the same
//! name (three `StockItem`s) are three things a reader cannot tell apart.
//!
//! Read from the source with `syn`: every `pub` struct, enum, union, trait
//! and type alias, in files and inline modules (tests and `#[doc(hidden)]`
//! items left out), and the kinds `id_types!` declares. A name defined in two
//! places is a clash; the same definition re-exported elsewhere is not.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use syn::{Attribute, Item, Visibility};

/// Where a name is defined: the file and the module path inside it.
type Definitions = BTreeMap<String, Vec<String>>;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn skipped(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        let text = quote_attr(a);
        text.contains("cfg(test)") || text.contains("doc(hidden)") || text.contains("cfg(doctest)")
    })
}

fn quote_attr(a: &Attribute) -> String {
    let meta = &a.meta;
    let text = format!("{}", quote_tokens(meta));
    text.replace(' ', "")
}

fn quote_tokens(meta: &syn::Meta) -> proc_macro2::TokenStream {
    use quote::ToTokens;
    meta.to_token_stream()
}

/// The names `api_runtime::id_types! { /// doc\n Name; ... }` declares.
fn id_type_names(mac: &syn::Macro) -> Vec<String> {
    if mac
        .path
        .segments
        .last()
        .is_none_or(|s| s.ident != "id_types")
    {
        return Vec::new();
    }
    let mut names = Vec::new();
    let mut last_ident = None;
    for tree in mac.tokens.clone() {
        match tree {
            proc_macro2::TokenTree::Ident(i) => last_ident = Some(i.to_string()),
            proc_macro2::TokenTree::Punct(p) if p.as_char() == ';' => {
                names.extend(last_ident.take());
            }
            _ => last_ident = None,
        }
    }
    names
}

/// Collects the public type names of `items` (module path `at` in `file`);
/// `mod x;` is followed to `x.rs` or `x/mod.rs` next to `dir`.
fn collect(items: &[Item], file: &str, at: &str, dir: &Path, out: &mut Definitions) {
    let place = format!("{file} {at}");
    let add =
        |out: &mut Definitions, name: String| out.entry(name).or_default().push(place.clone());
    for item in items {
        match item {
            Item::Struct(i) if is_pub(&i.vis) && !skipped(&i.attrs) => {
                add(out, i.ident.to_string())
            }
            Item::Enum(i) if is_pub(&i.vis) && !skipped(&i.attrs) => add(out, i.ident.to_string()),
            Item::Union(i) if is_pub(&i.vis) && !skipped(&i.attrs) => add(out, i.ident.to_string()),
            Item::Trait(i) if is_pub(&i.vis) && !skipped(&i.attrs) => add(out, i.ident.to_string()),
            Item::Type(i) if is_pub(&i.vis) && !skipped(&i.attrs) => add(out, i.ident.to_string()),
            Item::Macro(m) if !skipped(&m.attrs) => {
                for name in id_type_names(&m.mac) {
                    add(out, name);
                }
            }
            Item::Mod(m) if !skipped(&m.attrs) => {
                let name = m.ident.to_string();
                let path = format!("{at}::{name}");
                match &m.content {
                    Some((_, inner)) => collect(inner, file, &path, &dir.join(&name), out),
                    None => {
                        let (source, child_dir) = [
                            dir.join(format!("{name}.rs")),
                            dir.join(&name).join("mod.rs"),
                        ]
                        .into_iter()
                        .find(|p| p.exists())
                        .map(|p| (p, dir.join(&name)))
                        .unwrap_or_else(|| panic!("no file for `mod {name}` in {}", dir.display()));
                        collect_file(&source, &path, &child_dir, out);
                    }
                }
            }
            _ => {}
        }
    }
}

fn collect_file(path: &Path, at: &str, dir: &Path, out: &mut Definitions) {
    let text = std::fs::read_to_string(path).unwrap();
    let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let shown = path
        .strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string();
    collect(&file.items, &shown, at, dir, out);
}

/// A crate's public type names, from `src/lib.rs`.
fn crate_names(dir: &str) -> Definitions {
    let src = root().join(dir).join("src");
    let mut out = Definitions::new();
    collect_file(&src.join("lib.rs"), "crate", &src, &mut out);
    out
}

/// The names a generated crate's users reach through the vendor crate: its
/// `types` and `enums` modules.
fn wire_names(dir: &str) -> Definitions {
    crate_names(dir)
        .into_iter()
        .filter_map(|(name, places)| {
            let places: Vec<_> = places
                .into_iter()
                .filter(|p| {
                    p.contains("crate::generated::types") || p.contains("crate::generated::enums")
                })
                .collect();
            (!places.is_empty()).then_some((name, places))
        })
        .collect()
}

fn merge(parts: &[&Definitions]) -> Definitions {
    let mut all = Definitions::new();
    for part in parts {
        for (name, places) in part.iter() {
            all.entry(name.clone())
                .or_default()
                .extend(places.iter().cloned());
        }
    }
    all
}

/// Every name defined in more than one place.
fn clashes(all: &Definitions) -> Vec<String> {
    all.iter()
        .filter(|(_, places)| places.len() > 1)
        .map(|(name, places)| format!("{name}: {}", places.join(" | ")))
        .collect()
}

#[test]
fn no_two_public_types_a_user_reaches_share_a_name() {
    let runtime = crate_names("crates/api-runtime");
    let fakes = crate_names("crates/fakes");
    let sellercloud = crate_names("crates/sellercloud");
    let shopctrl = crate_names("crates/shopctrl");
    let sellercloud_wire = wire_names("crates/sellercloud-api");
    let shopctrl_wire = wire_names("crates/shopctrl-api");
    // The surfaces are read, not empty: the test would pass on nothing.
    for (names, expected) in [
        (&sellercloud, "ItemsByMode"),
        (&sellercloud, "PurchaseOrderItemId"),
        (&sellercloud_wire, "PurchaseOrderItems"),
        (&shopctrl, "StockItemUpdate"),
        (&shopctrl_wire, "StockItem"),
        (&fakes, "StoredStockItem"),
        (&runtime, "RetryPolicy"),
    ] {
        assert!(names.contains_key(expected), "{expected} not found");
    }
    for (vendor, surface) in [
        (
            "sellercloud",
            merge(&[&sellercloud, &sellercloud_wire, &runtime, &fakes]),
        ),
        (
            "shopctrl",
            merge(&[&shopctrl, &shopctrl_wire, &runtime, &fakes]),
        ),
    ] {
        let found = clashes(&surface);
        assert!(
            found.is_empty(),
            "public types of the {vendor} surface sharing a name:\n{}",
            found.join("\n")
        );
    }
}

#[test]
fn a_name_defined_twice_is_a_clash() {
    let dir = Path::new("/nonexistent");
    let mut defs = Definitions::new();
    let builder: syn::File = syn::parse_quote! {
        pub struct StockItem;
        pub(crate) struct Hidden;
        #[cfg(test)]
        pub struct OnlyInTests;
        api_runtime::id_types! {
            /// A row.
            RowId;
        }
    };
    collect(&builder.items, "builder.rs", "crate", dir, &mut defs);
    let wire: syn::File = syn::parse_quote! {
        pub mod types {
            pub struct StockItem { pub quantity: i32 }
            pub struct RowId;
        }
    };
    collect(&wire.items, "generated.rs", "crate", dir, &mut defs);
    let found = clashes(&defs);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with("RowId: ") && found[1].starts_with("StockItem: "),
        "{found:?}"
    );
    assert!(!defs.contains_key("Hidden") && !defs.contains_key("OnlyInTests"));
}
