//! The imported Sellercloud spec: every operation of the vendor's Swagger
//! file reaches the generated crate, behind its area's feature and callable
//! through `Client::call`; the import is deterministic and pinned; the
//! hand-written operations come out as they were written; a changed vendor
//! file shows in `xtask diff`.

use heck::ToSnakeCase;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use xtask::areas::WRAPPED_EXTENSION;
use xtask::import::{IMPORTS, import_text, merge_texts, render};
use xtask::spec::METHODS;
use xtask::workspace_root;

fn read(path: &str) -> String {
    std::fs::read_to_string(workspace_root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn vendor() -> Value {
    serde_json::from_str(&read(IMPORTS[0].vendor)).unwrap()
}

fn merged() -> Value {
    serde_yaml_ng::from_str(&read(IMPORTS[0].output)).unwrap()
}

/// (method, path, operationId) of every operation of a document.
fn operations(doc: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for m in METHODS {
            if let Some(op) = item.get(*m) {
                let id = op["operationId"].as_str().unwrap_or_default().to_owned();
                out.push((m.to_string(), path.clone(), id));
            }
        }
    }
    out
}

/// The client's methods in the checked-in generated file, with the feature
/// each is gated by and its return type as text.
fn generated_methods() -> BTreeMap<String, (Option<String>, String)> {
    let file: syn::File =
        syn::parse_file(&read("crates/sellercloud-api/src/generated.rs")).unwrap();
    let mut out = BTreeMap::new();
    for item in &file.items {
        let syn::Item::Impl(imp) = item else { continue };
        let syn::Type::Path(ty) = &*imp.self_ty else {
            continue;
        };
        if imp.trait_.is_some() || !ty.path.is_ident("Client") {
            continue;
        }
        for member in &imp.items {
            let syn::ImplItem::Fn(f) = member else {
                continue;
            };
            let feature = f.attrs.iter().find_map(|a| {
                if !a.path().is_ident("cfg") {
                    return None;
                }
                let text = quote::quote!(#a).to_string();
                text.split('"').nth(1).map(str::to_owned)
            });
            let output = &f.sig.output;
            let ret = quote::quote!(#output).to_string().replace(' ', "");
            out.insert(f.sig.ident.to_string(), (feature, ret));
        }
    }
    out
}

fn full_features() -> BTreeSet<String> {
    let text = read("crates/sellercloud-api/Cargo.toml");
    let start = text.find("\nfull = [").expect("a `full` feature");
    let end = start + text[start..].find(']').unwrap();
    text[start..end]
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_vendor_operation_is_a_gated_method_callable_through_client_call() {
    let vendor = vendor();
    let merged = merged();
    let by_route: BTreeMap<(String, String), String> = operations(&merged)
        .into_iter()
        .map(|(m, p, id)| ((m, p), id))
        .collect();
    let methods = generated_methods();
    let full = full_features();
    let vendor_ops = operations(&vendor);
    assert_eq!(vendor_ops.len(), 187, "the vendor file's operation count");
    let mut missing = Vec::new();
    for (method, path, vendor_id) in &vendor_ops {
        let Some(id) = by_route.get(&(method.clone(), path.clone())) else {
            missing.push(format!(
                "{vendor_id}: {method} {path} is not in the merged spec"
            ));
            continue;
        };
        let name = id.to_snake_case();
        match methods.get(&name) {
            None => missing.push(format!("{vendor_id}: no method {name}")),
            Some((None, _)) => missing.push(format!("{vendor_id}: {name} has no feature gate")),
            Some((Some(f), _)) if !full.contains(f) => missing.push(format!(
                "{vendor_id}: {name}'s feature {f} is not in `full`"
            )),
            // `Client::call` takes any `Result<ResponseValue<T>, Error<ByteStream>>`.
            Some((_, ret)) if !ret.contains(",Error<ByteStream>") => missing.push(format!(
                "{vendor_id}: {name} returns {ret}, which Client::call does not take"
            )),
            Some(_) => {}
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    // The newer purchase-order pages the Swagger does not have.
    assert!(methods.contains_key("update_purchase_order_tracking_number"));
}

#[test]
fn the_operation_check_can_fail() {
    // The same lookup on a merged spec without one vendor operation misses it.
    let mut merged = merged();
    let paths = merged["paths"].as_object_mut().unwrap();
    paths
        .remove("/api/Vendors")
        .expect("the vendors list is imported");
    let by_route: BTreeSet<(String, String)> = operations(&merged)
        .into_iter()
        .map(|(m, p, _)| (m, p))
        .collect();
    let missing: Vec<_> = operations(&vendor())
        .into_iter()
        .filter(|(m, p, _)| !by_route.contains(&(m.clone(), p.clone())))
        .collect();
    assert!(!missing.is_empty());
}

#[test]
fn the_import_is_deterministic_and_the_checked_in_spec_is_fresh() {
    let root = workspace_root();
    let first = import_text(&root, &IMPORTS[0]).unwrap();
    let second = import_text(&root, &IMPORTS[0]).unwrap();
    assert_eq!(first, second);
    assert!(
        first == read(IMPORTS[0].output),
        "{} is stale: run `cargo xtask import`",
        IMPORTS[0].output
    );
}

#[test]
fn a_vendor_file_that_does_not_match_its_pin_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let import = &IMPORTS[0];
    for file in [import.vendor, import.overlay] {
        let to = dir.path().join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(&to, read(file)).unwrap();
    }
    assert!(import_text(dir.path(), import).is_ok());
    let changed = read(import.vendor).replacen("\"v1\"", "\"v2\"", 1);
    std::fs::write(dir.path().join(import.vendor), changed).unwrap();
    let err = import_text(dir.path(), import).unwrap_err();
    assert!(err.contains("pinned"), "{err}");
}

/// Takes the wrapped mark off an operation.
fn unmark(op: &mut Value) {
    if let Some(op) = op.as_object_mut() {
        op.remove(WRAPPED_EXTENSION);
    }
}

#[test]
fn hand_written_operations_and_schemas_come_out_as_written() {
    // Every operation and schema the overlay adds is in the merged spec
    // exactly as the overlay writes it.
    let overlay: Value = serde_yaml_ng::from_str(&read(IMPORTS[0].overlay)).unwrap();
    let merged = merged();
    let mut checked = 0;
    for action in overlay["actions"].as_array().unwrap() {
        let Some(update) = action.get("update").and_then(Value::as_object) else {
            continue;
        };
        let target = action["target"].as_str().unwrap();
        let base = if let Some(path) = target
            .strip_prefix("$.paths['")
            .and_then(|t| t.strip_suffix("']"))
        {
            &merged["paths"][path]
        } else if target == "$.paths" {
            &merged["paths"]
        } else if target == "$.components.schemas" {
            &merged["components"]["schemas"]
        } else {
            continue;
        };
        for (key, value) in update {
            // The overlay's last section marks the wrapped operations
            // (tests/wrapped.rs); everything else is as written.
            let mut merged = base[key].clone();
            unmark(&mut merged);
            for method in METHODS {
                if let Some(op) = merged.get_mut(*method) {
                    unmark(op);
                }
            }
            assert_eq!(&merged, value, "{target} {key}");
            checked += 1;
        }
    }
    // 10 operations and 55 schemas.
    assert_eq!(checked, 65);
}

#[test]
fn a_changed_vendor_field_shows_in_xtask_diff() {
    let vendor = read(IMPORTS[0].vendor);
    let overlay = read(IMPORTS[0].overlay);
    let old = render(&IMPORTS[0], &merge_texts(&vendor, &overlay).unwrap()).unwrap();
    // One field of one vendor model changes type: a vendor's e-mail address
    // becomes an integer.
    let mut v2: Value = serde_json::from_str(&vendor).unwrap();
    let defs = v2["definitions"].as_object_mut().unwrap();
    let (name, def) = defs
        .iter_mut()
        .find(|(n, _)| n.ends_with("ClientAPI.Vendor.VendorDto"))
        .expect("the vendor model");
    assert_eq!(def["properties"]["Email"]["type"], "string", "{name}");
    def["properties"]["Email"] = serde_json::json!({"type": "integer", "format": "int32"});
    let changed = serde_json::to_string(&v2).unwrap();
    let new = render(&IMPORTS[0], &merge_texts(&changed, &overlay).unwrap()).unwrap();
    let report = xtask::diff::compare_texts(
        "openapi/sellercloud.yaml",
        "old",
        Some(&old),
        "new",
        Some(&new),
    )
    .unwrap();
    let found: Vec<_> = report
        .changes
        .iter()
        .filter(|c| format!("{c:?}").contains("VendorDto") && format!("{c:?}").contains("Email"))
        .collect();
    assert_eq!(found.len(), 1, "{:#?}", report.changes);
    assert_eq!(found[0].severity, xtask::diff::Severity::Breaking);
}

#[test]
fn check_fails_when_the_merged_spec_is_stale() {
    let dir = tempfile::tempdir().unwrap();
    let import = &IMPORTS[0];
    for file in [import.vendor, import.overlay, import.output] {
        let to = dir.path().join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(&to, read(file)).unwrap();
    }
    assert!(xtask::import::check_imports(dir.path()).is_empty());
    // The overlay changes, the merged spec is not re-imported.
    let overlay = read(import.overlay).replacen(
        "Obtaining a bearer token from a user name and password.",
        "Obtaining a token.",
        1,
    );
    std::fs::write(dir.path().join(import.overlay), overlay).unwrap();
    let failures = xtask::import::check_imports(dir.path());
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(failures[0].contains("is stale"), "{}", failures[0]);
    assert!(
        failures[0].contains("+") && failures[0].contains("description: Obtaining a token."),
        "{}",
        failures[0]
    );
}
