//! The Rust effects of `cargo xtask diff` come from the code generated from
//! both specs, not from predictions: the report's effects equal the
//! public-API difference computed here, for every fixture; the WarehouseID
//! default case the rules once got wrong; and the keywords the diff now
//! covers (defaults, style and explode, readOnly/writeOnly, enums becoming
//! plain and back, response headers, loosened response constraints).

mod diff_support;

use diff_support::*;
use xtask::diff::{Basis, Bump, Change, Kind, Severity, compare_texts};

fn api(c: &Change) -> Vec<String> {
    c.api
        .iter()
        .map(|a| format!("{}: {}", a.item, a.detail))
        .collect()
}

#[test]
fn every_fixture_reports_exactly_the_computed_api_difference() {
    let mut compared = 0;
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let dir = entry.unwrap().path();
        let (old_path, new_path) = (dir.join("old.yaml"), dir.join("new.yaml"));
        if !old_path.exists() || !new_path.exists() {
            continue;
        }
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let (old, new) = (read(&old_path), read(&new_path));
        let report = compare_texts(&name, "old", Some(&old), "new", Some(&new)).unwrap();
        match computed(&old, Some(&new)) {
            Some(deltas) => {
                compared += 1;
                assert_eq!(report.basis, Basis::Computed, "{name}");
                let (api, wire) = computed_keys(&deltas);
                let (reported_api, reported_wire) = reported_keys(&report);
                assert_eq!(
                    reported_api,
                    api,
                    "{name}: the reported Rust changes are not the computed ones\n{}",
                    listing(&report)
                );
                // Wire notes the rules add (an `explode` the generator
                // ignores) come on top of the computed ones.
                assert!(
                    wire.is_subset(&reported_wire),
                    "{name}: computed wire effects missing: {:?}\n{}",
                    wire.difference(&reported_wire).collect::<Vec<_>>(),
                    listing(&report)
                );
                // No change is graded below what its computed effects imply.
                for c in &report.changes {
                    if let Some(floor) = c.api_floor {
                        assert!(c.severity >= floor, "{name}: {}", listing(&report));
                    }
                }
            }
            None => {
                assert_eq!(report.basis, Basis::Predicted, "{name}");
                assert!(!report.notes.is_empty(), "{name}: says why it predicts");
            }
        }
    }
    assert!(
        compared >= 11,
        "only {compared} fixture pairs generate on both sides"
    );
}

#[test]
fn a_default_on_an_optional_field_is_breaking_with_its_wire_effect() {
    let mut spec = sellercloud();
    let old = serde_json::to_string(&spec).unwrap();
    property(&mut spec, "PurchaseOrderProduct", "WarehouseID")
        .insert("default".into(), serde_json::json!(1));
    let new = serde_json::to_string(&spec).unwrap();
    let r = compare_texts(
        "openapi/sellercloud.yaml",
        "old",
        Some(&old),
        "new",
        Some(&new),
    )
    .unwrap();
    let c = expect(
        &r,
        "PurchaseOrderProduct",
        "WarehouseID",
        Kind::DefaultValueAdded,
        Severity::Breaking,
    );
    assert_eq!(c.basis, Basis::Computed);
    assert_eq!(
        api(c),
        ["types::PurchaseOrderProduct: field `warehouse_id`: Option<i32> → i32"]
    );
    let wire: Vec<&str> = c.wire.iter().map(|w| w.detail.as_str()).collect();
    assert!(
        wire.contains(&"`WarehouseID` is now always sent, as 1 when not set (it was left out when it is `None`)"),
        "{wire:?}"
    );
    assert_eq!(c.rule.wrong, None, "the rule now predicts it");
    assert_eq!(r.bump(), Bump::Major);
    let real: Vec<&Change> = r
        .changes
        .iter()
        .filter(|c| c.severity != Severity::Docs)
        .collect();
    assert_eq!(real.len(), 1, "{}", listing(&r));
}

/// typify turns `additionalProperties: false` into `deny_unknown_fields`:
/// the rule does not know it and calls the change compatible, the
/// generated code shows a type that now rejects what it read before.
#[test]
fn the_computed_api_wins_over_a_rule_and_says_the_rule_was_wrong() {
    let old = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/A'}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        x: {type: string}\n";
    let new = old.replace(
        "      properties:\n        x",
        "      additionalProperties: false\n      properties:\n        x",
    );
    let r = compare_texts("a.yaml", "old", Some(old), "new", Some(&new)).unwrap();
    let c = expect(&r, "A", "", Kind::OtherChanged, Severity::Breaking);
    assert_eq!(c.rule.severity, Severity::Compatible);
    let wrong = c
        .rule
        .wrong
        .as_deref()
        .expect("the report says the rule was wrong");
    assert!(
        wrong.starts_with("the rule predicted compatible"),
        "{wrong}"
    );
    assert!(
        c.wire
            .iter()
            .any(|w| w.detail.contains("deny_unknown_fields")),
        "{}",
        listing(&r)
    );
}

#[test]
fn nullable_components_are_newtypes_the_rule_does_not_predict() {
    let dir = fixtures().join("nullable");
    let (old, new) = (read(&dir.join("old.yaml")), read(&dir.join("new.yaml")));
    let r = compare_texts("nullable", "old", Some(&old), "new", Some(&new)).unwrap();
    let tag = expect(&r, "Tag", "", Kind::NullableAdded, Severity::Breaking);
    assert!(
        api(tag).contains(&"types::Tag: field `0`: String → Option<String>".to_owned()),
        "{:?}",
        api(tag)
    );
    assert!(
        tag.rule.wrong.is_some(),
        "the rule predicted no Rust change"
    );
}

#[test]
fn keywords_the_diff_now_covers() {
    let dir = fixtures().join("keywords");
    let (old, new) = (read(&dir.join("old.yaml")), read(&dir.join("new.yaml")));
    let r = compare_texts("keywords", "old", Some(&old), "new", Some(&new)).unwrap();
    // `explode: false` on an array the generated client still explodes:
    // the spec check refuses it, so the operation no longer generates.
    let ids = expect(
        &r,
        "deleteThings",
        "parameter `ids` (query)",
        Kind::StyleChanged,
        Severity::Breaking,
    );
    assert!(
        ids.wire[0].detail.contains("server expects `ids=a,b`"),
        "{:?}",
        ids.wire
    );
    expect(
        &r,
        "deleteThings",
        "",
        Kind::GenerationFailed,
        Severity::Breaking,
    );
    // A style progenitor does not generate.
    expect(
        &r,
        "listThings",
        "parameter `tags` (query)",
        Kind::StyleChanged,
        Severity::Breaking,
    );
    let fails = expect(
        &r,
        "listThings",
        "",
        Kind::GenerationFailed,
        Severity::Breaking,
    );
    // The spec check refuses the list parameter before progenitor sees it.
    assert!(
        fails.message.contains("style `spaceDelimited`"),
        "{}",
        fails.message
    );
    // Response headers.
    expect(
        &r,
        "createThing",
        "response 200 header `X-Request-Id`",
        Kind::ResponseHeaderRemoved,
        Severity::Breaking,
    );
    expect(
        &r,
        "createThing",
        "response 200 header `X-Rate`",
        Kind::ResponseHeaderChanged,
        Severity::Breaking,
    );
    expect(
        &r,
        "createThing",
        "response 200 header `X-Trace`",
        Kind::ResponseHeaderAdded,
        Severity::Compatible,
    );
    // Plain ↔ enum, with the fields that name them.
    let color = expect(&r, "Color", "", Kind::BecameEnum, Severity::Breaking);
    assert_eq!(
        api(color),
        [
            "types::Color: type removed",
            "enums::Color: new type",
            "types::NewThing: field `color`: Option<types::Color> → Option<enums::Color>"
        ]
    );
    expect(&r, "Mode", "", Kind::NoLongerEnum, Severity::Breaking);
    // Defaults: a new one on an optional field changes its type; a changed
    // one changes only what a missing key reads as (the field is always sent).
    let priority = expect(
        &r,
        "NewThing",
        "Priority",
        Kind::DefaultValueAdded,
        Severity::Breaking,
    );
    assert_eq!(
        api(priority),
        ["types::NewThing: field `priority`: Option<i32> → i32"]
    );
    let level = expect(
        &r,
        "NewThing",
        "Level",
        Kind::DefaultValueChanged,
        Severity::Compatible,
    );
    assert!(
        level.wire[0].detail.contains("now reads as 2"),
        "{:?}",
        level.wire
    );
    // readOnly in a request, writeOnly in a response.
    expect(
        &r,
        "NewThing",
        "Owner",
        Kind::ReadOnlyChanged,
        Severity::Breaking,
    );
    expect(
        &r,
        "Thing",
        "Secret",
        Kind::WriteOnlyChanged,
        Severity::Breaking,
    );
    // A response constraint loosened: values callers never had to handle.
    let score = expect(
        &r,
        "Thing",
        "Score",
        Kind::ConstraintChanged,
        Severity::Breaking,
    );
    assert!(score.message.contains("loosened"), "{}", score.message);
    let real = r
        .changes
        .iter()
        .filter(|c| c.severity != Severity::Docs)
        .count();
    assert_eq!(real, 14, "{}", listing(&r));
}

#[test]
fn a_spec_that_does_not_generate_is_never_graded_compatible() {
    let dir = fixtures().join("fields");
    let old = read(&dir.join("old.yaml"));
    // A second request media type is something progenitor 0.15 cannot take.
    let new = old.replace(
        "          application/json:\n            schema: {$ref: '#/components/schemas/ThingUpdate'}",
        "          application/json:\n            schema: {$ref: '#/components/schemas/ThingUpdate'}\n          application/xml:\n            schema: {$ref: '#/components/schemas/ThingUpdate'}",
    );
    assert_ne!(old, new);
    let r = compare_texts("fields", "old", Some(&old), "new", Some(&new)).unwrap();
    let fails = expect(
        &r,
        "updateThing",
        "",
        Kind::GenerationFailed,
        Severity::Breaking,
    );
    assert!(
        fails
            .message
            .starts_with("generation fails: PUT /things/{id} (updateThing): "),
        "{}",
        fails.message
    );
    assert_eq!(r.bump(), Bump::Major);
}
