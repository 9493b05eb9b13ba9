//! The `wrapped` feature: an operation the overlay marks `x-sdk-wrapped`
//! compiles under `wrapped` alone, with the types it uses; an unmarked one
//! does not; and the marks in the checked-in spec are exactly the operations
//! the `sellercloud` crate calls.

use std::collections::{BTreeMap, BTreeSet};
use syn::punctuated::Punctuated;
use xtask::Target;
use xtask::areas::{WRAPPED_EXTENSION, WRAPPED_FEATURE};
use xtask::generate::generate_target_code;
use xtask::spec::Spec;
use xtask::workspace_root;

/// Two areas: `things` (one marked operation, one not) and `gizmos`, which
/// shares `Thing` with the marked operation.
const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /things:
    post:
      operationId: createThing
      tags: [Things]
      x-sdk-wrapped: true
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        '200':
          description: created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
  /widgets:
    get:
      operationId: listWidgets
      tags: [Things]
      responses:
        '200':
          description: the widgets
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Widget'}
  /gizmos:
    get:
      operationId: getGizmo
      tags: [Gizmos]
      responses:
        '200':
          description: a gizmo
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      properties:
        Name: {type: string}
    Widget:
      type: object
      properties:
        Size: {type: integer}
"#;

const TARGET: Target = Target {
    name: "test",
    spec: "test.yaml",
    output: "generated.rs",
    documented: &[],
    default_features: Some(&[WRAPPED_FEATURE]),
};

fn generate(text: &str) -> Result<String, String> {
    let spec = Spec::parse("test.yaml", text.to_owned()).map_err(|e| e.to_string())?;
    generate_target_code(&TARGET, &spec).map_err(|e| e.to_string())
}

/// Whether a `cfg` predicate holds with exactly the features `on`.
fn holds(meta: &syn::Meta, on: &BTreeSet<&str>) -> bool {
    match meta {
        syn::Meta::NameValue(nv) if nv.path.is_ident("feature") => match &nv.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => on.contains(s.value().as_str()),
            other => panic!("unexpected cfg value {}", quote::quote!(#other)),
        },
        syn::Meta::List(list) => {
            let nested = list
                .parse_args_with(Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated)
                .unwrap();
            let mut each = nested.iter().map(|m| holds(m, on));
            if list.path.is_ident("any") {
                each.any(|b| b)
            } else if list.path.is_ident("all") {
                each.all(|b| b)
            } else if list.path.is_ident("not") {
                !each.next().unwrap()
            } else {
                panic!("unexpected cfg {}", quote::quote!(#list))
            }
        }
        other => panic!("unexpected cfg {}", quote::quote!(#other)),
    }
}

fn compiled(attrs: &[syn::Attribute], on: &BTreeSet<&str>) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .all(|a| holds(&a.parse_args::<syn::Meta>().unwrap(), on))
}

/// What a generated file compiles with the features `on`: the client's
/// methods, and the types of its `types` module.
struct Compiled {
    methods: BTreeSet<String>,
    types: BTreeSet<String>,
}

fn compiled_with(file: &syn::File, on: &[&str]) -> Compiled {
    let on: BTreeSet<&str> = on.iter().copied().collect();
    let mut out = Compiled {
        methods: BTreeSet::new(),
        types: BTreeSet::new(),
    };
    for item in &file.items {
        match item {
            syn::Item::Impl(imp) if imp.trait_.is_none() => {
                let syn::Type::Path(ty) = &*imp.self_ty else {
                    continue;
                };
                if !ty.path.is_ident("Client") {
                    continue;
                }
                for member in &imp.items {
                    if let syn::ImplItem::Fn(f) = member
                        && f.sig.asyncness.is_some()
                        && compiled(&f.attrs, &on)
                    {
                        out.methods.insert(f.sig.ident.to_string());
                    }
                }
            }
            syn::Item::Mod(m) if m.ident == "types" => {
                for item in m.content.iter().flat_map(|(_, items)| items) {
                    if let syn::Item::Struct(s) = item
                        && compiled(&s.attrs, &on)
                    {
                        out.types.insert(s.ident.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| n.to_string()).collect()
}

#[test]
fn a_marked_operation_compiles_under_wrapped_alone_and_an_unmarked_one_does_not() {
    let code = generate(SPEC).unwrap();
    let file = syn::parse_file(&code).unwrap();

    let wrapped = compiled_with(&file, &[WRAPPED_FEATURE]);
    assert_eq!(wrapped.methods, set(&["create_thing"]));
    assert_eq!(
        wrapped.types,
        set(&["Thing"]),
        "the marked operation's types follow it"
    );

    // Each area still compiles all of its operations, marked or not.
    let things = compiled_with(&file, &["things"]);
    assert_eq!(things.methods, set(&["create_thing", "list_widgets"]));
    assert_eq!(things.types, set(&["Thing", "Widget"]));
    let gizmos = compiled_with(&file, &["gizmos"]);
    assert_eq!(gizmos.methods, set(&["get_gizmo"]));
    assert_eq!(gizmos.types, set(&["Thing"]));

    let none = compiled_with(&file, &[]);
    assert!(none.methods.is_empty() && none.types.is_empty());
}

#[test]
fn without_the_mark_nothing_compiles_under_wrapped() {
    let code = generate(&SPEC.replace("      x-sdk-wrapped: true\n", "")).unwrap();
    let wrapped = compiled_with(&syn::parse_file(&code).unwrap(), &[WRAPPED_FEATURE]);
    assert!(wrapped.methods.is_empty(), "{:?}", wrapped.methods);
    assert!(wrapped.types.is_empty(), "{:?}", wrapped.types);
}

#[test]
fn the_mark_reaches_no_generated_code_but_the_areas_docs_list_it() {
    let code = generate(SPEC).unwrap();
    assert!(
        !code.contains(WRAPPED_EXTENSION),
        "the generator never sees the mark"
    );
    let docs = code
        .lines()
        .skip_while(|l| !l.contains("The vendor areas"))
        .take_while(|l| !l.contains("pub mod areas"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        docs.contains("| `wrapped` | yes | the 1 operations above |"),
        "{docs}"
    );
    assert!(docs.contains("`create_thing` (POST /things)"), "{docs}");
    assert!(
        docs.contains("| `things` | its wrapped operations |"),
        "{docs}"
    );
    assert!(docs.contains("| `gizmos` |  |"), "{docs}");
}

#[test]
fn a_mark_that_is_not_true_is_refused() {
    let err =
        generate(&SPEC.replace("x-sdk-wrapped: true", "x-sdk-wrapped: yes-please")).unwrap_err();
    assert!(
        err.contains("POST /things (createThing): x-sdk-wrapped is \"yes-please\""),
        "{err}"
    );
}

fn read(path: &str) -> String {
    std::fs::read_to_string(workspace_root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every identifier in the Rust files under `dir`, with a file naming it.
fn idents_under(dir: &std::path::Path, out: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            idents_under(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for word in text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
                out.entry(word.to_owned())
                    .or_insert_with(|| path.display().to_string());
            }
        }
    }
}

#[test]
fn the_marks_are_the_operations_the_sellercloud_crate_calls() {
    let file = syn::parse_file(&read("crates/sellercloud-api/src/generated.rs")).unwrap();
    let all = compiled_with(&file, &["full"]).methods;
    let every_area: Vec<String> = compiled_with_all_areas(&file);
    let every_area: Vec<&str> = every_area.iter().map(String::as_str).collect();
    let every = compiled_with(&file, &every_area).methods;
    assert!(all.is_empty(), "`full` is a Cargo feature list, not a cfg");
    assert_eq!(every.len(), 188, "every operation of the spec");

    let mut idents = BTreeMap::new();
    idents_under(
        &workspace_root().join("crates/sellercloud/src"),
        &mut idents,
    );
    let called: BTreeSet<String> = every
        .iter()
        .filter(|m| idents.contains_key(*m))
        .cloned()
        .collect();
    let wrapped = compiled_with(&file, &[WRAPPED_FEATURE]);
    let unmarked: Vec<_> = called
        .difference(&wrapped.methods)
        .map(|m| format!("{m} (called in {})", idents[m]))
        .collect();
    assert!(
        unmarked.is_empty(),
        "called by the sellercloud crate but not marked in the overlay's \"Operations the \
         sellercloud crate wraps\": {unmarked:?}"
    );
    let stale: Vec<_> = wrapped.methods.difference(&called).collect();
    assert!(
        stale.is_empty(),
        "marked wrapped but not called by the sellercloud crate: {stale:?}"
    );
    assert!(wrapped.methods.contains("create_token"));
    assert!(wrapped.methods.contains("create_purchase_order"));
}

/// The area features the generated file names (every `feature = ".."`).
fn compiled_with_all_areas(file: &syn::File) -> Vec<String> {
    let text = quote::quote!(#file).to_string();
    let mut out = BTreeSet::new();
    for part in text.split("feature = \"").skip(1) {
        if let Some(end) = part.find('"') {
            out.insert(part[..end].to_owned());
        }
    }
    out.remove(WRAPPED_FEATURE);
    out.into_iter().collect()
}

#[test]
fn the_crates_default_to_wrapped() {
    let api = read("crates/sellercloud-api/Cargo.toml");
    assert!(
        api.contains("\ndefault = [\"wrapped\"]\n"),
        "sellercloud-api's default"
    );
    assert!(api.contains("\nwrapped = []\n"));
    let ergonomic = read("crates/sellercloud/Cargo.toml");
    assert!(
        ergonomic.contains(
            "sellercloud-api = { workspace = true, default-features = false, features = [\"wrapped\"] }"
        ),
        "the sellercloud crate compiles only the operations it wraps"
    );
}

#[test]
fn the_marks_are_one_section_at_the_end_of_the_overlay() {
    let overlay = read("openapi/sellercloud.overlay.yaml");
    let header = "  # Operations the sellercloud crate wraps";
    let start = overlay.find(header).expect("the section's heading comment");
    assert_eq!(overlay.matches(header).count(), 1);
    assert!(
        !overlay[..start].contains(WRAPPED_EXTENSION),
        "a mark outside the section"
    );
    // After the heading: comments and one two-line action per operation.
    let mut lines = overlay[start..]
        .lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty());
    let mut marks = 0;
    while let Some(target) = lines.next() {
        assert!(
            target.starts_with("  - target: $.paths['") && {
                let method = target.rsplit("'].").next().unwrap();
                xtask::spec::METHODS.contains(&method)
            },
            "not an operation's target: {target}"
        );
        assert_eq!(
            lines.next(),
            Some("    update: { x-sdk-wrapped: true }"),
            "after {target}"
        );
        marks += 1;
    }
    let anywhere = overlay
        .lines()
        .filter(|l| !l.trim_start().starts_with('#') && l.contains(WRAPPED_EXTENSION))
        .count();
    assert_eq!(marks, anywhere);
}
