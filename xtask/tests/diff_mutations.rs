//! Mutation test: single changes applied to the real
//! `openapi/sellercloud.yaml`, each located by schema or operation name (so
//! the test keeps working as the spec grows). For every one, the reported
//! severity is never lower than what the public-API difference of the code
//! generated from both versions implies, and a spec that does not generate
//! is never graded below breaking.

mod diff_support;

use diff_support::*;
use serde_json::{Value, json};
use std::sync::OnceLock;
use xtask::diff::api::delta;
use xtask::diff::generated::{self, Generated};
use xtask::diff::{Kind, Severity, compare_texts};
use xtask::spec::Spec;

/// One kind of single change.
struct Mutation {
    name: &'static str,
    /// Applied to the spec first, on both sides, when the change needs
    /// something to change (a parameter to remove, say).
    base: Option<fn(&mut Value)>,
    /// The change itself.
    apply: fn(&mut Value),
    /// A kind the report must hold: the mutation is seen for what it is.
    kind: Kind,
}

fn push(list: &mut Value, item: Value) {
    list.as_array_mut().expect("a list").push(item);
}

fn remove_from(list: &mut Value, item: &str) {
    let list = list.as_array_mut().expect("a list");
    let before = list.len();
    list.retain(|v| v.as_str() != Some(item));
    assert!(list.len() < before, "{item} was in the list");
}

fn params<'v>(spec: &'v mut Value, op: &str) -> &'v mut Value {
    operation(spec, op)
        .entry("parameters")
        .or_insert_with(|| json!([]))
}

fn verbose_param(spec: &mut Value) {
    push(
        params(spec, "updateOrder"),
        json!({"name": "verbose", "in": "query", "schema": {"type": "boolean"}}),
    );
}

fn ids_param(spec: &mut Value) {
    push(
        params(spec, "updateOrder"),
        json!({"name": "ids", "in": "query", "schema": {"type": "array", "items": {"type": "integer", "format": "int32"}}}),
    );
}

fn line_tag(spec: &mut Value) {
    schema(spec, "PurchaseOrderProduct")
        .get_mut("properties")
        .unwrap()
        .as_object_mut()
        .unwrap()
        .insert(
            "Tag".into(),
            json!({"$ref": "#/components/schemas/LineTag"}),
        );
    spec["components"]["schemas"]["LineTag"] = json!({"type": "string"});
}

fn token_lifetime_bound(spec: &mut Value) {
    property(spec, "TokenResponse", "expires_in").insert("maximum".into(), json!(86400));
}

const MUTATIONS: &[Mutation] = &[
    Mutation {
        name: "field added",
        base: None,
        apply: |s| {
            schema(s, "PurchaseOrderProduct")["properties"]["LotNumber"] =
                json!({"type": "string"});
        },
        kind: Kind::FieldAdded,
    },
    Mutation {
        name: "field removed",
        base: None,
        apply: |s| {
            schema(s, "PurchaseOrderProduct")["properties"]
                .as_object_mut()
                .unwrap()
                .remove("ItemNotes")
                .expect("ItemNotes");
        },
        kind: Kind::FieldRemoved,
    },
    Mutation {
        name: "required added",
        base: None,
        apply: |s| {
            push(
                &mut schema(s, "PurchaseOrderProduct")["required"],
                json!("UnitPrice"),
            )
        },
        kind: Kind::RequiredAdded,
    },
    Mutation {
        name: "required removed",
        base: None,
        apply: |s| {
            remove_from(
                &mut schema(s, "CreatePurchaseOrderRequest")["required"],
                "CompanyID",
            )
        },
        kind: Kind::RequiredRemoved,
    },
    Mutation {
        name: "nullable added on a required field",
        base: None,
        apply: |s| {
            property(s, "PurchaseOrderProduct", "ProductID").insert("nullable".into(), json!(true));
        },
        kind: Kind::NullableAdded,
    },
    Mutation {
        name: "nullable removed on an optional field",
        base: None,
        apply: |s| {
            property(s, "PurchaseOrderProduct", "QtyUnitsOrdered").remove("nullable");
        },
        kind: Kind::NullableRemoved,
    },
    Mutation {
        name: "type changed",
        base: None,
        apply: |s| {
            property(s, "PurchaseOrderProduct", "ItemNotes")
                .insert("type".into(), json!("integer"));
        },
        kind: Kind::TypeChanged,
    },
    Mutation {
        name: "format changed",
        base: None,
        apply: |s| {
            property(s, "PurchaseOrderProduct", "WarehouseID")
                .insert("format".into(), json!("int64"));
        },
        kind: Kind::FormatChanged,
    },
    Mutation {
        name: "enum value added",
        base: None,
        apply: |s| {
            let po = schema(s, "PoType");
            push(&mut po["enum"], json!("Dropship"));
            push(&mut po["x-enum-codes"], json!(99));
        },
        kind: Kind::EnumValueAdded,
    },
    Mutation {
        name: "enum value removed",
        base: None,
        apply: |s| {
            let po = schema(s, "PoType");
            po["enum"].as_array_mut().unwrap().pop();
            po["x-enum-codes"].as_array_mut().unwrap().pop();
        },
        kind: Kind::EnumValueRemoved,
    },
    Mutation {
        name: "default added",
        base: None,
        apply: |s| {
            property(s, "PurchaseOrderProduct", "WarehouseID").insert("default".into(), json!(1));
        },
        kind: Kind::DefaultValueAdded,
    },
    Mutation {
        name: "parameter added",
        base: None,
        apply: verbose_param,
        kind: Kind::ParameterAdded,
    },
    Mutation {
        name: "parameter removed",
        base: Some(verbose_param),
        apply: |s| {
            params(s, "updateOrder")
                .as_array_mut()
                .unwrap()
                .retain(|p| p["name"] != "verbose");
        },
        kind: Kind::ParameterRemoved,
    },
    Mutation {
        name: "parameter renamed",
        base: Some(verbose_param),
        apply: |s| {
            for p in params(s, "updateOrder").as_array_mut().unwrap() {
                if p["name"] == "verbose" {
                    p["name"] = json!("detail");
                }
            }
        },
        kind: Kind::ParameterAdded,
    },
    Mutation {
        name: "status added",
        base: None,
        apply: |s| {
            operation(s, "updateOrder")["responses"]["404"] =
                json!({"description": "no such order"});
        },
        kind: Kind::StatusAdded,
    },
    Mutation {
        name: "status removed",
        base: None,
        apply: |s| {
            operation(s, "updateOrder")["responses"]
                .as_object_mut()
                .unwrap()
                .remove("500")
                .expect("500");
        },
        kind: Kind::StatusRemoved,
    },
    Mutation {
        name: "schema became enum",
        base: Some(line_tag),
        apply: |s| {
            s["components"]["schemas"]["LineTag"] =
                json!({"type": "string", "enum": ["Rush", "Normal"], "x-enum-codes": [0, 1]});
        },
        kind: Kind::BecameEnum,
    },
    Mutation {
        name: "enum became a plain schema",
        base: None,
        apply: |s| {
            let po = schema(s, "PoType");
            po.remove("enum");
            po.remove("x-enum-codes");
        },
        kind: Kind::NoLongerEnum,
    },
    Mutation {
        name: "description only",
        base: None,
        apply: |s| {
            property(s, "PurchaseOrderProduct", "ItemNotes")
                .insert("description".into(), json!("Reworded notes."));
        },
        kind: Kind::DescriptionChanged,
    },
    Mutation {
        name: "readOnly added in a request",
        base: None,
        apply: |s| {
            property(s, "PurchaseOrderProduct", "ItemNotes").insert("readOnly".into(), json!(true));
        },
        kind: Kind::ReadOnlyChanged,
    },
    Mutation {
        name: "explode turned off on an array query parameter",
        base: Some(ids_param),
        apply: |s| {
            for p in params(s, "updateOrder").as_array_mut().unwrap() {
                if p["name"] == "ids" {
                    p["explode"] = json!(false);
                }
            }
        },
        kind: Kind::StyleChanged,
    },
    Mutation {
        name: "response constraint loosened",
        base: Some(token_lifetime_bound),
        apply: |s| {
            property(s, "TokenResponse", "expires_in").remove("maximum");
        },
        kind: Kind::ConstraintChanged,
    },
    Mutation {
        name: "request media type changed",
        base: None,
        apply: |s| {
            let content = operation(s, "createPurchaseOrder")["requestBody"]["content"]
                .as_object_mut()
                .unwrap();
            let json = content.remove("application/json").expect("JSON body");
            content.insert("application/x-www-form-urlencoded".into(), json);
        },
        kind: Kind::MediaTypeRemoved,
    },
    Mutation {
        name: "operation removed",
        base: None,
        apply: |s| {
            let paths = s["paths"].as_object_mut().unwrap();
            for item in paths.values_mut() {
                let item = item.as_object_mut().unwrap();
                item.retain(|_, op| op["operationId"] != "updatePurchaseOrderTrackingNumber");
            }
        },
        kind: Kind::OperationRemoved,
    },
];

/// The unmutated spec, generated once for every mutation without a base.
fn plain() -> &'static (String, Generated) {
    static PLAIN: OnceLock<(String, Generated)> = OnceLock::new();
    PLAIN.get_or_init(|| {
        let text = serde_json::to_string(&sellercloud()).unwrap();
        let generated = generated::generate(&Spec::parse("x", text.clone()).unwrap(), true);
        (text, generated)
    })
}

fn run(m: &Mutation) {
    let mut spec = sellercloud();
    let (old_text, old_code) = match m.base {
        None => plain().clone(),
        Some(base) => {
            base(&mut spec);
            let text = serde_json::to_string(&spec).unwrap();
            let code = generated::generate(&Spec::parse("x", text.clone()).unwrap(), true);
            (text, code)
        }
    };
    let mut new_spec: Value = serde_json::from_str(&old_text).unwrap();
    (m.apply)(&mut new_spec);
    let new_text = serde_json::to_string(&new_spec).unwrap();
    assert_ne!(old_text, new_text, "{}: the mutation applies", m.name);
    let report = compare_texts(
        "openapi/sellercloud.yaml",
        "old",
        Some(&old_text),
        "new",
        Some(&new_text),
    )
    .unwrap();
    assert!(
        report.changes.iter().any(|c| c.kind == m.kind),
        "{}: no {} reported\n{}",
        m.name,
        m.kind,
        listing(&report)
    );
    let new_code = generated::generate(&Spec::parse("x", new_text.clone()).unwrap(), true);
    let reported = report
        .changes
        .iter()
        .map(|c| c.severity)
        .max()
        .unwrap_or(Severity::Docs);
    // What the generated code implies: a new generation failure is
    // breaking; otherwise the worst computed API difference.
    let new_failure = new_code
        .failures
        .iter()
        .any(|f| !old_code.failures.contains(f));
    let implied = if new_failure || new_code.api.is_none() {
        Severity::Breaking
    } else {
        let deltas = computed_from(&old_code, &new_code).expect("both sides generate");
        delta::implied(&deltas).unwrap_or(Severity::Docs)
    };
    assert!(
        reported >= implied,
        "{}: reported {reported}, the generated code implies {implied}\n{}",
        m.name,
        listing(&report)
    );
    // Every computed effect is in the report, under a change at least as
    // severe as the effect itself.
    if let Some(deltas) = computed_from(&old_code, &new_code) {
        for d in deltas.iter().filter(|d| !d.wire) {
            let holder = report.changes.iter().find(|c| {
                c.api
                    .iter()
                    .any(|e| e.item == d.item && e.change == d.change)
                    && c.severity >= d.severity
            });
            assert!(
                holder.is_some(),
                "{}: {}: {} is not reported at {} or worse\n{}",
                m.name,
                d.item,
                d.detail,
                d.severity,
                listing(&report)
            );
        }
    }
}

fn run_share(part: usize, parts: usize) {
    for m in MUTATIONS.iter().skip(part).step_by(parts) {
        run(m);
    }
}

// Two shares run on two test threads, halving the wall time.
#[test]
fn mutations_first_share() {
    run_share(0, 2);
}

#[test]
fn mutations_second_share() {
    run_share(1, 2);
}

#[test]
fn the_mutations_cover_at_least_fifteen_kinds_of_change() {
    let names: std::collections::BTreeSet<&str> = MUTATIONS.iter().map(|m| m.name).collect();
    assert_eq!(names.len(), MUTATIONS.len(), "names are unique");
    assert!(MUTATIONS.len() >= 15);
}

/// The mutations that only reword a description, or add an optional field,
/// are graded as such: the check above is not passed by calling
/// everything breaking.
#[test]
fn gentle_mutations_stay_gentle() {
    for (name, most) in [
        ("description only", Severity::Docs),
        ("field added", Severity::Additive),
        ("enum value added", Severity::Additive),
        ("status added", Severity::Compatible),
    ] {
        let m = MUTATIONS.iter().find(|m| m.name == name).unwrap();
        let mut spec = sellercloud();
        let old = serde_json::to_string(&spec).unwrap();
        (m.apply)(&mut spec);
        let new = serde_json::to_string(&spec).unwrap();
        let r =
            compare_texts("openapi/sellercloud.yaml", "a", Some(&old), "b", Some(&new)).unwrap();
        let worst = r.changes.iter().map(|c| c.severity).max().unwrap();
        assert_eq!(worst, most, "{name}\n{}", listing(&r));
    }
}
