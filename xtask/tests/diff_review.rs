//! The review workflow of `cargo xtask diff`: the checked-in review file
//! (accepted changes with their reason, per-kind severity overrides), the
//! Markdown made for pull-request comments, the JSON fields for tools, and
//! the optional compile check of hand-written code.

mod diff_support;

use diff_support::*;
use std::path::PathBuf;
use std::process::{Command, Output};
use xtask::diff::check::compile_check;
use xtask::diff::review::Review;
use xtask::diff::{Kind, Report, Severity, compare_texts, render};

/// The real spec, and the same with `default: 1` on the optional
/// `PurchaseOrderProduct.WarehouseID`: one breaking change.
fn warehouse_default() -> (String, String) {
    let mut spec = sellercloud();
    let old = serde_json::to_string(&spec).unwrap();
    property(&mut spec, "PurchaseOrderProduct", "WarehouseID")
        .insert("default".into(), serde_json::json!(1));
    (old, serde_json::to_string(&spec).unwrap())
}

fn report_of(old: &str, new: &str) -> Report {
    let spec = compare_texts(
        "openapi/sellercloud.yaml",
        "old",
        Some(old),
        "new",
        Some(new),
    )
    .unwrap();
    Report {
        specs: vec![spec],
        current_version: Some("0.1.0".into()),
        unused_acceptances: Vec::new(),
    }
}

const ACCEPT_WAREHOUSE: &str = "\
accept:
  - kind: default_value_added
    schema: PurchaseOrderProduct
    location: WarehouseID
    reason: The server applies warehouse 1 when none is sent (vendor ticket 1234).
";

#[test]
fn an_accepted_change_is_listed_apart_and_does_not_fail_the_gate() {
    let (old, new) = warehouse_default();
    let mut report = report_of(&old, &new);
    assert!(report.has_breaking(), "breaking before review");
    Review::parse("review.yaml", ACCEPT_WAREHOUSE)
        .unwrap()
        .apply(&mut report);
    assert!(!report.has_breaking(), "accepted: the gate passes");
    let c = report.counts();
    assert_eq!((c.breaking, c.accepted), (0, 1));
    // Accepting a breaking change does not make it compatible.
    assert_eq!(report.bump(), xtask::diff::Bump::Major);
    let change = report.specs[0]
        .changes
        .iter()
        .find(|c| c.kind == Kind::DefaultValueAdded)
        .unwrap();
    assert_eq!(change.severity, Severity::Breaking);
    assert!(
        change
            .accepted
            .as_ref()
            .unwrap()
            .reason
            .contains("ticket 1234")
    );

    let text = render::text(&report);
    let section = text
        .find("Accepted in the review file")
        .expect("an accepted section");
    let line = text.find("WarehouseID: `default: 1` added").expect(&text);
    let reason = text.find("Accepted: The server applies").expect(&text);
    assert!(section < line && line < reason, "{text}");
    assert!(
        !text[..section].contains("WarehouseID"),
        "not in the main listing: {text}"
    );
    assert!(
        text.starts_with(
            "Spec diff: 0 breaking, 0 additive, 0 compatible, 0 description-only, 1 accepted"
        ),
        "{text}"
    );

    let md = render::markdown(&report);
    assert!(
        md.contains("<details><summary>Accepted in the review file (1;"),
        "{md}"
    );
    assert!(
        md.contains("| Severity | Where | Change | Rust API | Wire | Reason |"),
        "{md}"
    );
    assert!(md.contains("vendor ticket 1234"), "{md}");

    let json = render::json_value(&report);
    assert_eq!(json["breaking"], false);
    assert_eq!(json["counts"]["accepted"], 1);
    let changes = json["specs"][0]["changes"].as_array().unwrap();
    let accepted = changes
        .iter()
        .find(|c| c["kind"] == "default_value_added")
        .unwrap();
    assert_eq!(accepted["severity"], "breaking");
    assert!(
        accepted["accepted"]["reason"]
            .as_str()
            .unwrap()
            .contains("1234")
    );
}

#[test]
fn an_acceptance_that_matches_nothing_is_reported() {
    let (old, new) = warehouse_default();
    let mut report = report_of(&old, &new);
    let review = "accept:\n  - {kind: field_removed, schema: PurchaseOrderProduct, reason: gone}\n  - {kind: default_value_added, schema: OrderUpdate, reason: wrong schema}\n";
    Review::parse("r.yaml", review).unwrap().apply(&mut report);
    assert!(report.has_breaking(), "nothing was accepted");
    assert_eq!(
        report.unused_acceptances,
        [
            "field_removed in schema PurchaseOrderProduct",
            "default_value_added in schema OrderUpdate"
        ]
    );
    assert!(render::text(&report).contains("Review file entries that match no change"));
}

#[test]
fn severity_overrides_apply_per_kind_but_not_below_the_computed_api() {
    let (old, new) = warehouse_default();
    // A reworded description as well.
    let mut spec: serde_json::Value = serde_json::from_str(&new).unwrap();
    property(&mut spec, "PurchaseOrderProduct", "ItemNotes")
        .insert("description".into(), serde_json::json!("Reworded."));
    let new = serde_json::to_string(&spec).unwrap();
    let mut report = report_of(&old, &new);
    let review = "severity:\n  description_changed: additive\n  default_value_added: compatible\n";
    Review::parse("r.yaml", review).unwrap().apply(&mut report);
    let changes = &report.specs[0].changes;
    let docs = changes
        .iter()
        .find(|c| c.kind == Kind::DescriptionChanged)
        .unwrap();
    assert_eq!(docs.severity, Severity::Additive, "raised by the override");
    let default = changes
        .iter()
        .find(|c| c.kind == Kind::DefaultValueAdded)
        .unwrap();
    assert_eq!(
        default.severity,
        Severity::Breaking,
        "the computed `Option<i32>` → `i32` keeps it breaking"
    );
    assert_eq!(default.overridden, Some(Severity::Compatible));
    let text = render::text(&report);
    assert!(
        text.contains("the review file sets compatible, kept at breaking by the computed effects"),
        "{text}"
    );
    assert!(
        text.contains("severity set to additive by the review file"),
        "{text}"
    );
}

#[test]
fn a_bad_review_file_is_a_one_line_error() {
    for (text, needle) in [
        (
            "accept:\n  - {kind: no_such_kind, schema: A, reason: r}\n",
            "`no_such_kind` is not a change kind",
        ),
        (
            "accept:\n  - {kind: field_added, schema: A}\n",
            "needs a `reason`",
        ),
        (
            "accept:\n  - {kind: field_added, schema: A, operation: b, reason: r}\n",
            "both an operation and a schema",
        ),
        (
            "severity:\n  field_added: terrible\n",
            "needs one of breaking",
        ),
        ("accepted: []\n", "unknown key `accepted`"),
    ] {
        let err = Review::parse("r.yaml", text).unwrap_err().to_string();
        assert!(err.starts_with("r.yaml: ") && err.contains(needle), "{err}");
        assert_eq!(err.lines().count(), 1);
    }
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("runs the xtask binary")
}

#[test]
fn the_command_reads_the_review_file_and_gates_on_what_is_left() {
    let (old, new) = warehouse_default();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| -> PathBuf {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let (old, new) = (write("old.yaml", &old), write("sellercloud.yaml", &new));
    let review = write("review.yaml", ACCEPT_WAREHOUSE);
    let args = |extra: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = [
            "diff",
            "--old",
            old.to_str().unwrap(),
            "--new",
            new.to_str().unwrap(),
            "--fail-on",
            "breaking",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let run = |extra: &[&str]| {
        let a = args(extra);
        xtask(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    assert_eq!(run(&[]).status.code(), Some(2), "unreviewed: breaking");
    let reviewed = run(&["--review", review.to_str().unwrap(), "--format", "json"]);
    assert_eq!(
        reviewed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&reviewed.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&reviewed.stdout).unwrap();
    assert_eq!(v["counts"]["accepted"], 1);
    let missing = run(&["--review", dir.path().join("none.yaml").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).starts_with("error: cannot read"));
}

#[test]
fn long_groups_fold_in_markdown_and_breaking_ones_stay_open() {
    let mut spec = sellercloud();
    let old = serde_json::to_string(&spec).unwrap();
    let props = xtask_props(&mut spec);
    for i in 0..7 {
        props.insert(format!("Extra{i}"), serde_json::json!({"type": "string"}));
    }
    let new = serde_json::to_string(&spec).unwrap();
    let md = render::markdown(&report_of(&old, &new));
    assert!(
        md.contains("<details><summary><b>Schema PurchaseOrderProduct"),
        "{md}"
    );
    assert!(md.contains(": 7 changes, 0 breaking</summary>"), "{md}");
    // Breaking groups are folded open.
    let mut spec: serde_json::Value = serde_json::from_str(&new).unwrap();
    schema(&mut spec, "PurchaseOrderProduct")
        .get_mut("properties")
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove("ItemNotes");
    let md = render::markdown(&report_of(&old, &serde_json::to_string(&spec).unwrap()));
    assert!(
        md.contains("<details open><summary><b>Schema PurchaseOrderProduct"),
        "{md}"
    );
}

fn xtask_props(spec: &mut serde_json::Value) -> &mut serde_json::Map<String, serde_json::Value> {
    schema(spec, "PurchaseOrderProduct")
        .get_mut("properties")
        .and_then(serde_json::Value::as_object_mut)
        .unwrap()
}

#[test]
fn json_keeps_stable_kind_ids_and_says_where_effects_come_from() {
    let (old, new) = warehouse_default();
    let v = render::json_value(&report_of(&old, &new));
    assert_eq!(v["schema_version"], 1);
    let spec = &v["specs"][0];
    assert_eq!(spec["basis"], "computed");
    let c = &spec["changes"][0];
    assert_eq!(c["kind"], "default_value_added");
    assert_eq!(c["basis"], "computed");
    assert_eq!(c["rule"]["severity"], "breaking");
    assert_eq!(c["rule"]["wrong"], serde_json::Value::Null);
    assert_eq!(c["wire"][0]["item"], "types::PurchaseOrderProduct");
    // The ids are the documented ones, and unique.
    let ids: std::collections::BTreeSet<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(ids.len(), Kind::ALL.len());
    assert!(ids.contains("generation_failed") && ids.contains("api_changed"));
}

// ---- compile check ----------------------------------------------------------

fn compile_fixture() -> PathBuf {
    fixtures().join("compile")
}

fn generated_path() -> &'static str {
    "api/src/generated.rs"
}

#[test]
fn the_compile_check_names_the_hand_written_code_that_breaks() {
    let target = tempfile::tempdir().unwrap();
    let unchanged = read(&compile_fixture().join(generated_path()));
    let ok = compile_check(
        &compile_fixture(),
        &[(generated_path().into(), unchanged)],
        &["app"],
        target.path(),
    )
    .unwrap();
    assert!(ok.ok, "{ok:?}");
    assert!(ok.errors.is_empty());

    let changed = "/// A field became required.\npub struct Thing {\n    pub a: i32,\n    pub b: String,\n}\n";
    let broken = compile_check(
        &compile_fixture(),
        &[(generated_path().into(), changed.into())],
        &["app"],
        target.path(),
    )
    .unwrap();
    assert!(!broken.ok);
    let e = broken.errors.first().expect("an error");
    assert_eq!(e.file, "app/src/lib.rs", "{broken:?}");
    assert_eq!(e.line, 3);
    assert_eq!(e.code.as_deref(), Some("E0063"), "{broken:?}");
    assert!(!e.generated);
    let text = xtask::diff::check::render(&broken);
    assert!(text.contains("1 error(s) in hand-written code"), "{text}");
    assert!(text.contains("app/src/lib.rs:3"), "{text}");
    // The fixture itself is left as it was.
    assert!(read(&compile_fixture().join(generated_path())).contains("pub a: i32,\n}"));
}

#[test]
fn the_compile_check_regenerates_the_generated_crates_of_the_new_specs() {
    let root = xtask::workspace_root();
    let (_, new) = warehouse_default();
    let files = xtask::diff::check::regenerated(&[
        ("/tmp/somewhere/sellercloud.yaml".into(), new.clone()),
        ("openapi/unknown.yaml".into(), new),
    ]);
    assert_eq!(files.len(), 1, "only specs that feed a generated crate");
    assert_eq!(files[0].0, "crates/sellercloud-api/src/generated.rs");
    assert!(
        files[0].1.contains("pub warehouse_id: i32,"),
        "from the new spec"
    );
    let checked_in = read(&root.join(&files[0].0));
    assert!(checked_in.contains("pub warehouse_id: ::std::option::Option<i32>,"));
}

#[test]
fn the_checked_in_review_file_is_valid() {
    let path = xtask::workspace_root().join(xtask::diff::review::DEFAULT_PATH);
    let review = Review::load(&path).unwrap();
    // Every acceptance names a reason (parse refuses one without).
    assert!(review.accept.iter().all(|a| !a.reason.trim().is_empty()));
}
