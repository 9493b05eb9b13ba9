//! JSON for tools.

use super::*;
use crate::diff::model::SCHEMA_VERSION;
use serde_json::{Value, json};

fn group_json(group: &Group) -> Value {
    match group {
        Group::Operation {
            id,
            method,
            path,
            rust,
        } => json!({
            "kind": "operation", "name": id, "method": method, "path": path, "rust": rust,
        }),
        Group::Schema {
            name,
            rust,
            requests,
            responses,
        } => json!({
            "kind": "schema", "name": name, "rust": rust,
            "requests": requests, "responses": responses,
        }),
        Group::Spec => json!({"kind": "spec", "name": ""}),
    }
}

fn effects_json(effects: &[crate::diff::model::ApiEffect]) -> Value {
    effects
        .iter()
        .map(|a| json!({"item": a.item, "change": a.change.as_str(), "detail": a.detail}))
        .collect()
}

fn change_json(c: &Change) -> Value {
    json!({
        "group": group_json(&c.group),
        "location": c.location,
        "kind": c.kind.as_str(),
        "severity": c.severity.as_str(),
        "breaking": c.severity == Severity::Breaking,
        "message": c.message,
        "old": c.old,
        "new": c.new,
        "api": effects_json(&c.api),
        "basis": c.basis.as_str(),
        "wire": c.wire.iter().map(|w| json!({"item": w.item, "detail": w.detail})).collect::<Vec<_>>(),
        "rule": {
            "severity": c.rule.severity.as_str(),
            "wire_severity": c.rule.wire.as_str(),
            "api": effects_json(&c.rule.api),
            "wrong": c.rule.wrong,
        },
        "overridden": c.overridden.map(Severity::as_str),
        "accepted": c.accepted.as_ref().map(|a| json!({"reason": a.reason})),
        "literal_break": c.literal_break,
    })
}

fn counts_json(c: crate::diff::model::Counts) -> Value {
    json!({
        "breaking": c.breaking,
        "additive": c.additive,
        "compatible": c.compatible,
        "docs": c.docs,
        "literal_breaks": c.literal_breaks,
        "accepted": c.accepted,
    })
}

/// The report as a JSON value (shape version [`SCHEMA_VERSION`]).
pub fn json_value(report: &Report) -> Value {
    let specs: Vec<Value> = report
        .specs
        .iter()
        .map(|s| {
            let api = s.api_summary();
            json!({
                "file": s.file,
                "old_source": s.old_source,
                "new_source": s.new_source,
                "crate": s.crate_name,
                "counts": counts_json(s.counts()),
                "bump": s.bump().as_str(),
                "basis": s.basis.as_str(),
                "notes": s.notes,
                "areas": s.areas.iter().map(|a| json!({
                    "area": a.area,
                    "added": a.added,
                    "removed": a.removed,
                    "changed": a.changed,
                })).collect::<Vec<_>>(),
                "api": {"added": api.added, "removed": api.removed, "changed": api.changed},
                "changes": s.changes.iter().map(change_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "schema_version": SCHEMA_VERSION,
        "counts": counts_json(report.counts()),
        "breaking": report.has_breaking(),
        "bump": report.bump().as_str(),
        "current_version": report.current_version,
        "next_version": report.next_version(),
        "specs": specs,
        "unused_acceptances": report.unused_acceptances,
    })
}

/// The compile check as a JSON value (`compile_check` at the top level).
pub fn check_json(check: &crate::diff::check::CheckReport) -> Value {
    json!({
        "packages": check.packages,
        "ok": check.ok,
        "cargo_error": check.cargo_error,
        "errors": check.errors.iter().map(|e| json!({
            "file": e.file, "line": e.line, "code": e.code,
            "message": e.message, "generated": e.generated,
        })).collect::<Vec<_>>(),
    })
}

/// JSON for tools, pretty-printed, with a trailing newline.
pub fn json(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(&json_value(report)).expect("a JSON value prints");
    s.push('\n');
    s
}
