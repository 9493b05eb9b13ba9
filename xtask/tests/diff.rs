//! `cargo xtask diff`: each fixture pair under tests/fixtures/diff/ holds one
//! area of change; the tests assert every change's kind and classification,
//! and the command's output formats and exit codes.

mod diff_support;

use diff_support::{expect, expect_count, fixtures, listing, read};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use xtask::diff::{Bump, Change, Kind, Severity, SpecReport, compare_texts};

fn fixture(case: &str) -> SpecReport {
    let dir = fixtures().join(case);
    let (old, new) = (read(&dir.join("old.yaml")), read(&dir.join("new.yaml")));
    compare_texts(case, "old.yaml", Some(&old), "new.yaml", Some(&new)).unwrap()
}

fn api_details(change: &Change) -> Vec<String> {
    change
        .api
        .iter()
        .map(|a| format!("{}: {}", a.item, a.detail))
        .collect()
}

#[test]
fn operations_added_removed_renamed_moved() {
    let r = fixture("operations");
    let added = expect(
        &r,
        "createThing",
        "",
        Kind::OperationAdded,
        Severity::Additive,
    );
    assert_eq!(api_details(added), ["Client::create_thing: new method"]);
    let removed = expect(
        &r,
        "deleteThing",
        "",
        Kind::OperationRemoved,
        Severity::Breaking,
    );
    assert_eq!(
        api_details(removed),
        ["Client::delete_thing: method removed"]
    );
    let renamed = expect(
        &r,
        "listAllThings",
        "operationId",
        Kind::OperationRenamed,
        Severity::Breaking,
    );
    assert_eq!(
        api_details(renamed),
        [
            "Client::list_things: renamed to `Client::list_all_things`",
            "Client::list_all_things: replaces `Client::list_things`"
        ]
    );
    expect(&r, "moveMe", "", Kind::OperationMoved, Severity::Compatible);
    expect_count(&r, 4);
    let api = r.api_summary();
    assert_eq!(
        api.added,
        ["Client::create_thing", "Client::list_all_things"]
    );
    assert_eq!(api.removed, ["Client::delete_thing", "Client::list_things"]);
    assert_eq!(r.bump(), Bump::Major);
}

#[test]
fn parameters_are_positional_arguments() {
    let r = fixture("parameters");
    let op = "updateThing";
    let t = expect(
        &r,
        op,
        "parameter `X-Trace` (header)",
        Kind::TypeChanged,
        Severity::Breaking,
    );
    assert_eq!(
        api_details(t),
        // The computed API corrects the old prediction (`Option<String>`):
        // progenitor passes string arguments as `&str`.
        ["Client::update_thing: argument `x_trace`: Option<&str> → Option<i64>"]
    );
    let f = expect(
        &r,
        op,
        "parameter `id` (path)",
        Kind::FormatChanged,
        Severity::Breaking,
    );
    assert_eq!(
        api_details(f),
        ["Client::update_thing: argument `id`: i32 → i64"]
    );
    expect(
        &r,
        op,
        "parameter `dryRun` (query)",
        Kind::ParameterRemoved,
        Severity::Breaking,
    );
    let req = expect(
        &r,
        op,
        "parameter `limit` (query)",
        Kind::RequiredAdded,
        Severity::Breaking,
    );
    assert_eq!(
        api_details(req),
        ["Client::update_thing: argument `limit`: Option<i32> → i32"]
    );
    expect(
        &r,
        op,
        "parameter `tenant` (query)",
        Kind::ParameterAdded,
        Severity::Breaking,
    );
    // Optional, but still a new positional argument.
    let verbose = expect(
        &r,
        op,
        "parameter `verbose` (query)",
        Kind::ParameterAdded,
        Severity::Breaking,
    );
    assert_eq!(
        api_details(verbose),
        ["Client::update_thing: gains argument `verbose: Option<bool>`"]
    );
    expect_count(&r, 6);
}

#[test]
fn request_and_response_fields() {
    let r = fixture("fields");
    // Request-only schema.
    let color = expect(
        &r,
        "ThingUpdate",
        "Color",
        Kind::FieldAdded,
        Severity::Additive,
    );
    assert!(color.literal_break, "a new field breaks struct literals");
    assert_eq!(
        api_details(color),
        ["types::ThingUpdate: gains field `color: Option<String>`"]
    );
    expect(
        &r,
        "ThingUpdate",
        "Owner",
        Kind::FieldAdded,
        Severity::Breaking,
    );
    let legacy = expect(
        &r,
        "ThingUpdate",
        "Legacy",
        Kind::FieldRemoved,
        Severity::Breaking,
    );
    assert_eq!(
        api_details(legacy),
        ["types::ThingUpdate: loses field `legacy`"]
    );
    expect(
        &r,
        "ThingUpdate",
        "Size",
        Kind::RequiredAdded,
        Severity::Breaking,
    );
    let weight = expect(
        &r,
        "ThingUpdate",
        "Weight",
        Kind::RequiredRemoved,
        Severity::Breaking,
    );
    assert_eq!(
        api_details(weight),
        ["types::ThingUpdate: field `weight`: Decimal → Option<Decimal>"]
    );
    // Response-only schema.
    let created = expect(&r, "Thing", "Created", Kind::FieldAdded, Severity::Additive);
    assert!(created.literal_break);
    expect(&r, "Thing", "Etag", Kind::FieldAdded, Severity::Additive);
    let name = expect(
        &r,
        "Thing",
        "Name",
        Kind::RequiredRemoved,
        Severity::Breaking,
    );
    assert_eq!(
        api_details(name),
        ["types::Thing: field `name`: String → Option<String>"]
    );
    let nick = expect(
        &r,
        "Thing",
        "Nick",
        Kind::RequiredAdded,
        Severity::Compatible,
    );
    assert!(
        nick.api.is_empty(),
        "a required nullable field stays Option"
    );
    expect(&r, "Thing", "Note", Kind::RequiredAdded, Severity::Breaking);
    expect(
        &r,
        "Thing",
        "Rank",
        Kind::RequiredRemoved,
        Severity::Compatible,
    );
    // Used both ways: the request side decides a new required field.
    expect(
        &r,
        "Dimensions",
        "Height",
        Kind::FieldAdded,
        Severity::Additive,
    );
    expect(
        &r,
        "Dimensions",
        "Depth",
        Kind::FieldAdded,
        Severity::Breaking,
    );
    let default = expect(
        &r,
        "Dimensions",
        "",
        Kind::DefaultRemoved,
        Severity::Breaking,
    );
    assert_eq!(
        api_details(default),
        ["types::Dimensions: no longer implements `Default`"]
    );
    expect_count(&r, 14);
}

#[test]
fn nullable_changes_follow_the_rust_type() {
    let r = fixture("nullable");
    expect(
        &r,
        "NewThing",
        "A",
        Kind::NullableAdded,
        Severity::Compatible,
    );
    let b = expect(&r, "NewThing", "B", Kind::NullableAdded, Severity::Breaking);
    assert_eq!(
        api_details(b),
        ["types::NewThing: field `b`: String → Option<String>"]
    );
    // A response value that may now be null.
    expect(&r, "Tag", "", Kind::NullableAdded, Severity::Breaking);
    expect(
        &r,
        "Thing",
        "C",
        Kind::NullableRemoved,
        Severity::Compatible,
    );
    expect(&r, "Thing", "D", Kind::NullableRemoved, Severity::Breaking);
    expect_count(&r, 5);
}

#[test]
fn type_and_format_changes() {
    let r = fixture("types");
    let s = "NewThing";
    expect(&r, s, "Code", Kind::TypeChanged, Severity::Breaking);
    let count = expect(&r, s, "Count", Kind::FormatChanged, Severity::Breaking);
    assert_eq!(
        api_details(count),
        ["types::NewThing: field `count`: Option<i32> → Option<i64>"]
    );
    let kind = expect(&r, s, "Kind", Kind::TypeChanged, Severity::Breaking);
    assert_eq!(
        api_details(kind),
        ["types::NewThing: field `kind`: Option<types::KindA> → Option<types::KindB>"]
    );
    expect(&r, s, "Labels[]", Kind::TypeChanged, Severity::Breaking);
    expect(&r, s, "Price", Kind::FormatChanged, Severity::Breaking);
    expect(&r, s, "When", Kind::FormatChanged, Severity::Breaking);
    expect_count(&r, 6);
}

#[test]
fn open_enum_values() {
    let r = fixture("enums");
    let blue = expect(&r, "Color", "", Kind::EnumValueAdded, Severity::Additive);
    assert_eq!(api_details(blue), ["enums::Color: gains variant `Blue`"]);
    assert!(!blue.literal_break, "open enums are #[non_exhaustive]");
    let square = expect(&r, "Shape", "", Kind::EnumValueRemoved, Severity::Breaking);
    assert_eq!(
        api_details(square),
        ["enums::Shape: loses variant `Square`"]
    );
    expect(&r, "Shape", "", Kind::EnumCodeChanged, Severity::Breaking);
    expect_count(&r, 3);
}

#[test]
fn a_new_value_alone_in_an_open_enum_is_a_minor_bump() {
    let dir = fixtures().join("enums");
    let old = read(&dir.join("old.yaml"));
    let new = old
        .replace("enum: [Red, Green]", "enum: [Red, Green, Blue]")
        .replace("x-enum-codes: [0, 1]\n", "x-enum-codes: [0, 1, 2]\n");
    let r = compare_texts("enums", "a", Some(&old), "b", Some(&new)).unwrap();
    expect(&r, "Color", "", Kind::EnumValueAdded, Severity::Additive);
    expect_count(&r, 1);
    assert_eq!(r.bump(), Bump::Minor);
}

#[test]
fn inline_enums_are_exhaustive() {
    let r = fixture("inline_enum");
    let mode = expect(
        &r,
        "NewThing",
        "Mode",
        Kind::EnumValueAdded,
        Severity::Breaking,
    );
    assert_eq!(
        api_details(mode),
        ["types::NewThingMode: gains variant `Careful`"]
    );
    expect_count(&r, 1);
}

#[test]
fn response_statuses() {
    let r = fixture("statuses");
    expect(
        &r,
        "updateA",
        "response 202",
        Kind::StatusAdded,
        Severity::Compatible,
    );
    expect(
        &r,
        "updateA",
        "response 404",
        Kind::StatusAdded,
        Severity::Compatible,
    );
    expect(
        &r,
        "updateA",
        "response 409",
        Kind::StatusRemoved,
        Severity::Breaking,
    );
    // A second success type is something progenitor cannot generate.
    expect(
        &r,
        "getB",
        "response 201",
        Kind::StatusAdded,
        Severity::Breaking,
    );
    expect(
        &r,
        "getB",
        "response 500",
        Kind::StatusAdded,
        Severity::Compatible,
    );
    // Error bodies are raw, whatever their schema says.
    expect(
        &r,
        "getB",
        "response 400",
        Kind::TypeChanged,
        Severity::Compatible,
    );
    // ... and generating it says so in the generator's words.
    let fails = expect(&r, "getB", "", Kind::GenerationFailed, Severity::Breaking);
    assert!(
        fails.message.contains("GET /b (getB)")
            && fails.message.contains("response_types.len() <= 1"),
        "{}",
        fails.message
    );
    expect_count(&r, 7);
}

#[test]
fn servers_and_security() {
    let r = fixture("servers_security");
    let token = expect(
        &r,
        "createToken",
        "security",
        Kind::SecurityChanged,
        Severity::Breaking,
    );
    assert!(
        token.message.contains("now requires authentication"),
        "{}",
        token.message
    );
    expect(
        &r,
        "listThings",
        "security",
        Kind::SecurityChanged,
        Severity::Compatible,
    );
    expect(
        &r,
        "",
        "server https://eu.example.com/api",
        Kind::ServerAdded,
        Severity::Compatible,
    );
    expect(
        &r,
        "",
        "server https://legacy.example.com/api",
        Kind::ServerRemoved,
        Severity::Breaking,
    );
    let var = expect(
        &r,
        "",
        "server https://{tenant}.example.com/api variable `tenant`",
        Kind::ServerChanged,
        Severity::Compatible,
    );
    assert!(var.message.contains("demo to sandbox"), "{}", var.message);
    expect(
        &r,
        "",
        "security",
        Kind::SecurityChanged,
        Severity::Breaking,
    );
    expect(
        &r,
        "",
        "security scheme `basicAuth`",
        Kind::SecuritySchemeAdded,
        Severity::Compatible,
    );
    expect(
        &r,
        "",
        "security scheme `bearerAuth`",
        Kind::SecuritySchemeChanged,
        Severity::Breaking,
    );
    // getOther inherits the global requirement: reported once, globally.
    assert!(
        r.changes.iter().all(|c| c.group.name() != "getOther"),
        "{}",
        listing(&r)
    );
    expect_count(&r, 8);
}

#[test]
fn request_bodies_and_media_types() {
    let r = fixture("request_body");
    let a = expect(
        &r,
        "postA",
        "request body",
        Kind::RequestBodyAdded,
        Severity::Breaking,
    );
    assert_eq!(
        api_details(a),
        ["Client::post_a: gains argument `body: &types::Body`"]
    );
    expect(
        &r,
        "postB",
        "request body",
        Kind::RequiredAdded,
        Severity::Breaking,
    );
    // The client sends JSON: XML going away changes nothing for it.
    expect(
        &r,
        "postC",
        "request body",
        Kind::MediaTypeRemoved,
        Severity::Compatible,
    );
    expect(
        &r,
        "postC",
        "request body",
        Kind::MediaTypeAdded,
        Severity::Compatible,
    );
    expect(
        &r,
        "postD",
        "request body",
        Kind::TypeChanged,
        Severity::Breaking,
    );
    expect(
        &r,
        "postE",
        "request body",
        Kind::RequestBodyRemoved,
        Severity::Breaking,
    );
    expect(
        &r,
        "postF",
        "request body",
        Kind::MediaTypeRemoved,
        Severity::Breaking,
    );
    expect(
        &r,
        "postF",
        "request body",
        Kind::MediaTypeAdded,
        Severity::Compatible,
    );
    // Generating the new spec shows what the rules could not: progenitor
    // cannot take a `text/plain` body with a `$ref` schema.
    let fails = expect(&r, "postF", "", Kind::GenerationFailed, Severity::Breaking);
    assert!(
        fails
            .message
            .starts_with("generation fails: POST /f (postF): "),
        "{}",
        fails.message
    );
    // postC has two request media types on both sides, which progenitor
    // never generated: a note, not a change of this diff.
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("postC") && n.contains("either side")),
        "{:?}",
        r.notes
    );
    expect_count(&r, 9);
}

#[test]
fn component_schemas() {
    let r = fixture("schemas");
    expect(&r, "CreatedRef", "", Kind::SchemaAdded, Severity::Additive);
    expect(&r, "Retired", "", Kind::SchemaRemoved, Severity::Breaking);
    expect(&r, "Created", "", Kind::VariantAdded, Severity::Breaking);
    // Constraints only matter where callers send values.
    expect(
        &r,
        "CreatedId",
        "Id",
        Kind::ConstraintChanged,
        Severity::Compatible,
    );
    expect(
        &r,
        "NewThing",
        "Name",
        Kind::ConstraintChanged,
        Severity::Breaking,
    );
    expect(
        &r,
        "NewThing",
        "Quantity",
        Kind::ConstraintChanged,
        Severity::Compatible,
    );
    expect(
        &r,
        "NewThing",
        "Code",
        Kind::Deprecated,
        Severity::Compatible,
    );
    let width = expect(
        &r,
        "NewThing",
        "Box.Width",
        Kind::FieldAdded,
        Severity::Additive,
    );
    assert_eq!(
        api_details(width),
        ["types::NewThingBox: gains field `width: Option<i32>`"]
    );
    expect_count(&r, 8);
}

#[test]
fn description_only_changes_are_docs() {
    let r = fixture("descriptions");
    expect_count(&r, 0);
    assert!(r.changes.len() >= 8, "{}", listing(&r));
    assert!(
        r.changes
            .iter()
            .all(|c| c.kind == Kind::DescriptionChanged && c.severity == Severity::Docs)
    );
    expect(
        &r,
        "updateThing",
        "parameter `id` (path)",
        Kind::DescriptionChanged,
        Severity::Docs,
    );
    let name: Vec<&str> = r
        .changes
        .iter()
        .filter(|c| c.group.name() == "ThingUpdate" && c.location == "Name")
        .map(|c| c.message.as_str())
        .collect();
    assert_eq!(name, ["description changed", "example changed"]);
    assert_eq!(r.bump(), Bump::Patch);
}

#[test]
fn identical_specs_have_no_changes() {
    let text = read(&fixtures().join("fields/new.yaml"));
    let r = compare_texts("same", "a", Some(&text), "b", Some(&text)).unwrap();
    assert!(r.changes.is_empty(), "{}", listing(&r));
    assert_eq!(r.bump(), Bump::None);
}

#[test]
fn a_missing_side_counts_everything_as_added() {
    let text = read(&fixtures().join("operations/new.yaml"));
    let r = compare_texts("x", "none", None, "b", Some(&text)).unwrap();
    expect(
        &r,
        "createThing",
        "",
        Kind::OperationAdded,
        Severity::Additive,
    );
    expect(&r, "getThing", "", Kind::OperationAdded, Severity::Additive);
    assert!(
        r.changes.iter().all(|c| c.severity != Severity::Breaking),
        "{}",
        listing(&r)
    );
}

fn workspace() -> PathBuf {
    xtask::workspace_root()
}

/// The sellercloud spec with `PurchaseOrderProduct.UnitPrice` made required
/// and one description reworded: both edits made in the overlay, and both
/// sides merged with the vendor file as `cargo xtask import` does.
fn edited_sellercloud() -> (String, String) {
    use xtask::import::{IMPORTS, merge_texts, render};
    let import = &IMPORTS[0];
    let vendor = read(&workspace().join(import.vendor));
    let overlay = read(&workspace().join(import.overlay));
    let merged = |overlay: &str| render(import, &merge_texts(&vendor, overlay).unwrap()).unwrap();
    // The first `required: [ProductID]` is PurchaseOrderProduct's.
    let edited = overlay.replacen(
        "        required: [ProductID]\n",
        "        required: [ProductID, UnitPrice]\n",
        1,
    );
    let edited = edited.replacen(
        "description: Notes stored on this PO item.",
        "description: Notes kept on this PO item.",
        1,
    );
    assert_ne!(overlay, edited, "the edit applies");
    (merged(&overlay), merged(&edited))
}

#[test]
fn the_real_spec_optional_to_required() {
    let (old, new) = edited_sellercloud();
    let r = compare_texts(
        "openapi/sellercloud.yaml",
        "old",
        Some(&old),
        "new",
        Some(&new),
    )
    .unwrap();
    assert_eq!(r.crate_name.as_deref(), Some("sellercloud-api"));
    let c = expect(
        &r,
        "PurchaseOrderProduct",
        "UnitPrice",
        Kind::RequiredAdded,
        Severity::Breaking,
    );
    assert_eq!(
        api_details(c),
        ["types::PurchaseOrderProduct: field `unit_price`: Option<Decimal> → Decimal"]
    );
    expect(
        &r,
        "PurchaseOrderProduct",
        "ItemNotes",
        Kind::DescriptionChanged,
        Severity::Docs,
    );
    expect_count(&r, 1);
    assert_eq!(r.bump(), Bump::Major);
    let same = compare_texts("s", "a", Some(&old), "b", Some(&old)).unwrap();
    assert!(same.changes.is_empty(), "{}", listing(&same));
}

// ---- the command -----------------------------------------------------------

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("runs the xtask binary")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn pair(case: &str) -> (String, String) {
    let dir = fixtures().join(case);
    (
        dir.join("old.yaml").display().to_string(),
        dir.join("new.yaml").display().to_string(),
    )
}

#[test]
fn fail_on_breaking_exits_2_only_for_breaking_changes() {
    let (old, new) = pair("fields");
    let plain = xtask(&["diff", "--old", &old, "--new", &new]);
    assert_eq!(plain.status.code(), Some(0), "{}", stderr(&plain));
    let gated = xtask(&[
        "diff",
        "--old",
        &old,
        "--new",
        &new,
        "--fail-on",
        "breaking",
    ]);
    assert_eq!(gated.status.code(), Some(2), "{}", stderr(&gated));
    assert!(
        stdout(&gated).contains("BREAKING"),
        "the report is still printed"
    );

    let (old, new) = pair("descriptions");
    let docs = xtask(&[
        "diff",
        "--old",
        &old,
        "--new",
        &new,
        "--fail-on",
        "breaking",
    ]);
    assert_eq!(docs.status.code(), Some(0), "{}", stderr(&docs));
}

#[track_caller]
fn assert_one_line_error(o: &Output, needle: &str) {
    assert_eq!(
        o.status.code(),
        Some(1),
        "stdout: {}\nstderr: {}",
        stdout(o),
        stderr(o)
    );
    let err = stderr(o);
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    assert!(err.starts_with("error: "), "{err:?}");
    assert!(err.contains(needle), "{err:?} should mention {needle:?}");
    assert!(stdout(o).is_empty(), "no report on error");
}

#[test]
fn bad_input_is_a_one_line_error_with_exit_1() {
    let (_, good) = pair("fields");
    let broken = fixtures().join("broken/broken.yaml").display().to_string();
    let o = xtask(&[
        "diff",
        "--old",
        &broken,
        "--new",
        &good,
        "--fail-on",
        "breaking",
    ]);
    assert_one_line_error(&o, "not valid YAML");
    assert!(stderr(&o).contains("broken.yaml"));

    let not_openapi = fixtures()
        .join("broken/not_openapi.yaml")
        .display()
        .to_string();
    let o = xtask(&["diff", "--old", &good, "--new", &not_openapi]);
    assert_one_line_error(&o, "not an OpenAPI document");

    let missing = fixtures().join("no-such.yaml").display().to_string();
    let o = xtask(&["diff", "--old", &good, "--new", &missing]);
    assert_one_line_error(&o, "cannot read");

    let o = xtask(&["diff", "no-such-revision-anywhere"]);
    assert_one_line_error(
        &o,
        "git revision `no-such-revision-anywhere` does not exist",
    );
}

#[test]
fn usage_errors_exit_1_not_2() {
    let (old, _) = pair("fields");
    let o = xtask(&["diff", "--old", &old]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = xtask(&["diff", "--format", "yaml"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn text_output_groups_and_keeps_descriptions_at_the_bottom() {
    let (old, new) = edited_sellercloud();
    let dir = tempfile::tempdir().unwrap();
    let new_path = dir.path().join("sellercloud.yaml");
    std::fs::write(&new_path, new).unwrap();
    let old_path = dir.path().join("old.yaml");
    std::fs::write(&old_path, old).unwrap();
    let o = xtask(&[
        "diff",
        "--old",
        old_path.to_str().unwrap(),
        "--new",
        new_path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.starts_with("Spec diff: 1 breaking, 0 additive, 0 compatible, 1 description-only; suggested bump: major"),
        "{text}"
    );
    let schema = text
        .find("Schema PurchaseOrderProduct → types::PurchaseOrderProduct (sent by createPurchaseOrder)")
        .expect(&text);
    let breaking = text
        .find("BREAKING    UnitPrice: now required")
        .expect(&text);
    let rust = text
        .find("Rust: types::PurchaseOrderProduct: field `unit_price`: Option<Decimal> → Decimal")
        .expect(&text);
    let api = text.find("Public API of sellercloud-api:").expect(&text);
    let docs = text.find("Description-only changes:").expect(&text);
    let note = text.find("ItemNotes: description changed").expect(&text);
    assert!(
        schema < breaking && breaking < rust && rust < api && api < docs && docs < note,
        "{text}"
    );
}

#[test]
fn markdown_output_is_a_table_with_escaped_generics() {
    let (old, new) = pair("fields");
    let o = xtask(&["diff", "--old", &old, "--new", &new, "--format", "markdown"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&o);
    assert!(md.starts_with("## Spec diff\n"), "{md}");
    assert!(
        md.contains("| Severity | Where | Change | Rust API |"),
        "{md}"
    );
    assert!(
        md.contains("| **breaking** | `Weight` | no longer required |"),
        "{md}"
    );
    // Outside code spans `<` would start an HTML tag and vanish.
    assert!(md.contains("Decimal → Option&lt;Decimal&gt;"), "{md}");
    // Inside them it must stay as it is.
    assert!(md.contains("gains field `color: Option<String>`"), "{md}");
}

#[test]
fn json_output_has_the_documented_shape() {
    let (old, new) = pair("fields");
    let o = xtask(&["diff", "--old", &old, "--new", &new, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["breaking"], true);
    assert_eq!(v["bump"], "major");
    for key in [
        "breaking",
        "additive",
        "compatible",
        "docs",
        "literal_breaks",
    ] {
        assert!(v["counts"][key].is_u64(), "counts.{key}");
    }
    let spec = &v["specs"][0];
    for key in [
        "file",
        "old_source",
        "new_source",
        "counts",
        "bump",
        "api",
        "changes",
    ] {
        assert!(spec.get(key).is_some(), "specs[].{key}");
    }
    let weight = spec["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["location"] == "Weight")
        .expect("Weight changes");
    assert_eq!(weight["kind"], "required_removed");
    assert_eq!(weight["severity"], "breaking");
    assert_eq!(weight["breaking"], true);
    assert_eq!(weight["group"]["kind"], "schema");
    assert_eq!(weight["group"]["name"], "ThingUpdate");
    assert_eq!(weight["group"]["rust"], "types::ThingUpdate");
    assert_eq!(weight["group"]["requests"][0], "updateThing");
    assert_eq!(weight["old"], true);
    assert_eq!(weight["new"], false);
    assert_eq!(weight["api"][0]["item"], "types::ThingUpdate");
    assert_eq!(weight["api"][0]["change"], "changed");
    assert_eq!(weight["literal_break"], false);
}

// ---- git mode ----------------------------------------------------------------

fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
}

#[test]
fn diff_base_compares_the_working_tree_with_a_revision() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    std::fs::create_dir(root.join("openapi")).unwrap();
    let spec = root.join("openapi/things.yaml");
    std::fs::copy(fixtures().join("fields/old.yaml"), &spec).unwrap();
    git(root, &["init", "-q"]);
    git(root, &["add", "openapi/things.yaml"]);
    git(root, &["commit", "-q", "-m", "first"]);
    let root_arg = root.to_str().unwrap();

    let clean = xtask(&["--root", root_arg, "diff", "--fail-on", "breaking"]);
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));
    assert!(stdout(&clean).contains("no changes"), "{}", stdout(&clean));

    std::fs::copy(fixtures().join("fields/new.yaml"), &spec).unwrap();
    let o = xtask(&["--root", root_arg, "diff", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["specs"][0]["file"], "openapi/things.yaml");
    assert_eq!(v["specs"][0]["old_source"], "HEAD:openapi/things.yaml");
    assert_eq!(v["counts"]["breaking"], 8);
    let gated = xtask(&["--root", root_arg, "diff", "HEAD", "--fail-on", "breaking"]);
    assert_eq!(gated.status.code(), Some(2), "{}", stderr(&gated));

    // After committing, HEAD matches the working tree; HEAD~1 does not.
    git(root, &["commit", "-q", "-am", "second"]);
    let head = xtask(&["--root", root_arg, "diff", "--fail-on", "breaking"]);
    assert_eq!(head.status.code(), Some(0), "{}", stderr(&head));
    let prev = xtask(&[
        "--root",
        root_arg,
        "diff",
        "HEAD~1",
        "--fail-on",
        "breaking",
    ]);
    assert_eq!(prev.status.code(), Some(2), "{}", stderr(&prev));

    // A spec that exists only in the working tree: everything is added.
    std::fs::copy(
        fixtures().join("operations/new.yaml"),
        root.join("openapi/more.yaml"),
    )
    .unwrap();
    let added = xtask(&["--root", root_arg, "diff", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&added.stdout).unwrap();
    let more = v["specs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["file"] == "openapi/more.yaml")
        .expect("the new spec is compared");
    assert_eq!(more["counts"]["additive"], 4);
    assert_eq!(more["counts"]["breaking"], 0);

    let missing = xtask(&["--root", root_arg, "diff", "v9.9.9"]);
    assert_one_line_error(&missing, "git revision `v9.9.9` does not exist");
}

#[test]
fn diff_base_outside_a_git_repository_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    // Keep git from finding a repository above the temporary directory.
    let o = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["--root", dir.path().to_str().unwrap(), "diff"])
        .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
        .output()
        .expect("runs the xtask binary");
    assert_one_line_error(&o, "is not a git repository");
}

// ---- documentation -------------------------------------------------------------

#[test]
fn the_documentation_names_every_change_kind() {
    let doc = read(&workspace().join("docs/spec-diff.md"));
    for kind in Kind::ALL {
        assert!(
            doc.contains(&format!("`{}`", kind.as_str())),
            "docs/spec-diff.md does not document `{kind}`"
        );
    }
    assert!(doc.contains("schema_version"));
}
