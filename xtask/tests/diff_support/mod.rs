//! Shared by the diff tests: the real spec as a value to edit, and the
//! public-API difference computed independently of the report.

#![allow(dead_code)]

use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use xtask::diff::api::delta::{self, Delta};
use xtask::diff::generated::{self, Generated};
use xtask::diff::{Basis, Change, Kind, Severity, SpecReport};
use xtask::spec::Spec;

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff")
}

/// The real Sellercloud spec, parsed, cut to the operations our overlay
/// writes (the ones the ergonomic crate wraps) and the schemas they reach:
/// what the mutation tests change. Generating the whole imported spec for
/// each of their hundreds of mutations would take many minutes.
pub fn sellercloud() -> Value {
    let text = read(&xtask::workspace_root().join("openapi/sellercloud.yaml"));
    let mut spec: Value = serde_yaml_ng::from_str(&text).expect("the spec is YAML");
    let overlay = read(&xtask::workspace_root().join(xtask::import::IMPORTS[0].overlay));
    let overlay: Value = serde_yaml_ng::from_str(&overlay).expect("the overlay is YAML");
    let ours = ours(&overlay);
    let paths = spec["paths"].as_object_mut().unwrap();
    paths.retain(|path, item| {
        let item = item.as_object_mut().unwrap();
        item.retain(|method, _| ours.contains(&(path.clone(), method.clone())));
        !item.is_empty()
    });
    let mut reached = BTreeSet::new();
    let mut todo = Vec::new();
    xtask::import::refs_in(&spec["paths"], &mut todo);
    while let Some(name) = todo.pop() {
        if reached.insert(name.clone()) {
            xtask::import::refs_in(&spec["components"]["schemas"][&name], &mut todo);
        }
    }
    let schemas = spec["components"]["schemas"].as_object_mut().unwrap();
    schemas.retain(|name, _| reached.contains(name));
    spec
}

/// (path, method) of every operation the overlay adds.
fn ours(overlay: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for action in overlay["actions"].as_array().unwrap() {
        let Some(update) = action.get("update").and_then(Value::as_object) else {
            continue;
        };
        let target = action["target"].as_str().unwrap();
        let items: Vec<(String, &Value)> = if let Some(path) = target
            .strip_prefix("$.paths['")
            .and_then(|t| t.strip_suffix("']"))
        {
            vec![(path.to_owned(), &action["update"])]
        } else if target == "$.paths" {
            update.iter().map(|(p, v)| (p.clone(), v)).collect()
        } else {
            continue;
        };
        for (path, item) in items {
            for method in item.as_object().unwrap().keys() {
                out.insert((path.clone(), method.clone()));
            }
        }
    }
    out
}

/// A component schema, by name.
pub fn schema<'v>(spec: &'v mut Value, name: &str) -> &'v mut Map<String, Value> {
    spec.pointer_mut(&format!("/components/schemas/{name}"))
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no component schema {name}"))
}

/// A property of a component schema, by name.
pub fn property<'v>(
    spec: &'v mut Value,
    schema_name: &str,
    prop: &str,
) -> &'v mut Map<String, Value> {
    schema(spec, schema_name)
        .get_mut("properties")
        .and_then(|p| p.get_mut(prop))
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no property {schema_name}.{prop}"))
}

/// An operation, by operationId, wherever its path is.
pub fn operation<'v>(spec: &'v mut Value, id: &str) -> &'v mut Map<String, Value> {
    let paths = spec
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .expect("paths");
    for item in paths.values_mut() {
        for (_, op) in item.as_object_mut().into_iter().flatten() {
            if op.get("operationId").and_then(Value::as_str) == Some(id) {
                return op.as_object_mut().expect("an operation is an object");
            }
        }
    }
    panic!("no operation {id}")
}

/// Both sides generated and compared, the way the report should have
/// done it, but written out here: `None` when a side does not generate.
pub fn computed(old: &str, new: Option<&str>) -> Option<Vec<Delta>> {
    let side = |text: Option<&str>| -> Generated {
        match text {
            Some(t) => generated::generate(&Spec::parse("x", t.to_owned()).unwrap(), true),
            None => generated::generate(&Spec::parse("x", old.to_owned()).unwrap(), false),
        }
    };
    let (o, n) = (side(Some(old)), side(new));
    computed_from(&o, &n)
}

pub fn computed_from(o: &Generated, n: &Generated) -> Option<Vec<Delta>> {
    let (oa, na) = (o.api.as_ref()?, n.api.as_ref()?);
    let mut failed = o.failed_methods();
    failed.extend(n.failed_methods());
    let oa = if o.absent { na.frame() } else { oa.clone() };
    let na = if n.absent { oa.frame() } else { na.clone() };
    Some(delta::compare(
        &oa.without_methods(&failed),
        &na.without_methods(&failed),
    ))
}

/// (item, change, detail) of a Rust effect; item-level additions and
/// removals without the detail, which the report may word as a rename.
pub type Key = (String, String, String);

pub fn key_of(item: &str, change: &str, detail: &str) -> Key {
    let detail = if change == "changed" { detail } else { "" };
    (item.to_owned(), change.to_owned(), detail.to_owned())
}

pub fn computed_keys(deltas: &[Delta]) -> (BTreeSet<Key>, BTreeSet<(String, String)>) {
    let api = deltas
        .iter()
        .filter(|d| !d.wire)
        .map(|d| key_of(&d.item, d.change.as_str(), &d.detail))
        .collect();
    let wire = deltas
        .iter()
        .filter(|d| d.wire)
        .map(|d| (d.item.clone(), d.detail.clone()))
        .collect();
    (api, wire)
}

pub fn reported_keys(report: &SpecReport) -> (BTreeSet<Key>, BTreeSet<(String, String)>) {
    let computed = report.changes.iter().filter(|c| c.basis == Basis::Computed);
    let mut api = BTreeSet::new();
    let mut wire = BTreeSet::new();
    for c in computed {
        for e in &c.api {
            api.insert(key_of(&e.item, e.change.as_str(), &e.detail));
        }
        for w in &c.wire {
            wire.insert((w.item.clone(), w.detail.clone()));
        }
    }
    (api, wire)
}

pub fn listing(report: &SpecReport) -> String {
    report
        .changes
        .iter()
        .map(|c| {
            format!(
                "  [{}] {} | {} | {} | {} | api {:?} | wire {:?}",
                c.severity,
                c.group.name(),
                c.location,
                c.kind,
                c.message,
                c.api.iter().map(|a| &a.detail).collect::<Vec<_>>(),
                c.wire.iter().map(|w| &w.detail).collect::<Vec<_>>()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The one change of `kind` at `group`/`location`, asserting its severity.
#[track_caller]
pub fn expect<'a>(
    report: &'a SpecReport,
    group: &str,
    location: &str,
    kind: Kind,
    severity: Severity,
) -> &'a Change {
    let found: Vec<&Change> = report
        .changes
        .iter()
        .filter(|c| c.group.name() == group && c.location == location && c.kind == kind)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one {kind} at {group} / {location:?}; changes:\n{}",
        listing(report)
    );
    assert_eq!(
        found[0].severity,
        severity,
        "{kind} at {group} / {location:?}; changes:\n{}",
        listing(report)
    );
    found[0]
}

/// Every change that is not description-only has been asserted.
#[track_caller]
pub fn expect_count(report: &SpecReport, n: usize) {
    let real = report
        .changes
        .iter()
        .filter(|c| c.severity != Severity::Docs)
        .count();
    assert_eq!(real, n, "changes:\n{}", listing(report));
}
