//! The three output formats of `cargo xtask diff`.
//!
//! Every format lists, per spec: operations, then component schemas, then
//! servers and security, then the public API summary; description-only
//! changes come last, apart from the rest.

use super::model::{Change, Group, Report, SCHEMA_VERSION, Severity, SpecReport};
use serde_json::{Value, json};
use std::fmt::Write;

const BUMP_RULE: &str = "breaking → major, additive → minor, compatible or docs → patch; \
     before 1.0 a major bump raises the minor number (0.y.z → 0.(y+1).0) and the others raise the patch number";

fn counts_line(c: super::model::Counts) -> String {
    let mut line = format!(
        "{} breaking, {} additive, {} compatible, {} description-only",
        c.breaking, c.additive, c.compatible, c.docs
    );
    if c.literal_breaks > 0 {
        let _ = write!(
            line,
            " ({} {} struct literals of generated types)",
            c.literal_breaks,
            if c.literal_breaks == 1 {
                "addition breaks"
            } else {
                "additions break"
            }
        );
    }
    line
}

fn bump_line(report: &Report) -> String {
    let bump = report.bump();
    match (report.current_version.as_deref(), report.next_version()) {
        (Some(current), Some(next)) if current != next => {
            format!("{} ({current} → {next})", bump.as_str())
        }
        _ => bump.as_str().to_owned(),
    }
}

fn group_heading(group: &Group) -> String {
    match group {
        Group::Operation {
            id,
            method,
            path,
            rust,
        } => format!("Operation {id} ({method} {path}) → {rust}"),
        Group::Schema {
            name,
            rust,
            requests,
            responses,
        } => {
            let mut uses = Vec::new();
            if !requests.is_empty() {
                uses.push(format!("sent by {}", requests.join(", ")));
            }
            if !responses.is_empty() {
                uses.push(format!("returned by {}", responses.join(", ")));
            }
            if uses.is_empty() {
                uses.push("not used by any request or success response".into());
            }
            format!("Schema {name} → {rust} ({})", uses.join("; "))
        }
        Group::Spec => "Servers, security and metadata".into(),
    }
}

/// Consecutive runs of changes with the same group.
fn runs<'a>(changes: impl Iterator<Item = &'a Change>) -> Vec<(&'a Group, Vec<&'a Change>)> {
    let mut out: Vec<(&Group, Vec<&Change>)> = Vec::new();
    for c in changes {
        match out.last_mut() {
            Some((g, list)) if *g == &c.group => list.push(c),
            _ => out.push((&c.group, vec![c])),
        }
    }
    out
}

fn label(severity: Severity) -> &'static str {
    match severity {
        Severity::Breaking => "BREAKING",
        Severity::Additive => "additive",
        Severity::Compatible => "compatible",
        Severity::Docs => "docs",
    }
}

fn what(change: &Change) -> String {
    if change.location.is_empty() {
        change.message.clone()
    } else {
        format!("{}: {}", change.location, change.message)
    }
}

fn api_text(change: &Change) -> Option<String> {
    if change.api.is_empty() {
        return None;
    }
    let parts: Vec<String> = change
        .api
        .iter()
        .map(|api| {
            let mut s = format!("{}: {}", api.item, api.detail);
            if change.literal_break {
                let _ = write!(s, " (struct literals of {} must add it)", api.item);
            }
            s
        })
        .collect();
    Some(parts.join("; "))
}

/// Readable text for a terminal.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Spec diff: {}; suggested bump: {}",
        counts_line(report.counts()),
        bump_line(report)
    );
    for spec in &report.specs {
        out.push('\n');
        text_spec(&mut out, spec);
    }
    let _ = writeln!(out, "\nSemver rule: {BUMP_RULE}.");
    out
}

fn text_spec(out: &mut String, spec: &SpecReport) {
    let crate_name = spec
        .crate_name
        .as_deref()
        .map(|c| format!(" (crate {c})"))
        .unwrap_or_default();
    let _ = writeln!(out, "=== {}{crate_name} ===", spec.file);
    let _ = writeln!(out, "old: {}", spec.old_source);
    let _ = writeln!(out, "new: {}", spec.new_source);
    if spec.changes.is_empty() {
        let _ = writeln!(out, "no changes");
        return;
    }
    let _ = writeln!(
        out,
        "{}; bump: {}",
        counts_line(spec.counts()),
        spec.bump().as_str()
    );
    for (group, changes) in runs(spec.changes.iter().filter(|c| c.severity != Severity::Docs)) {
        let _ = writeln!(out, "\n{}", group_heading(group));
        for c in changes {
            let _ = writeln!(out, "  {:<10}  {}", label(c.severity), what(c));
            if let Some(api) = api_text(c) {
                let _ = writeln!(out, "  {:<10}    Rust: {api}", "");
            }
        }
    }
    let api = spec.api_summary();
    if !(api.added.is_empty() && api.removed.is_empty() && api.changed.is_empty()) {
        let name = spec.crate_name.as_deref().unwrap_or("the generated crate");
        let _ = writeln!(out, "\nPublic API of {name}:");
        for (title, items) in [
            ("added", &api.added),
            ("removed", &api.removed),
            ("changed", &api.changed),
        ] {
            if !items.is_empty() {
                let _ = writeln!(out, "  {title}: {}", items.join(", "));
            }
        }
    }
    let docs: Vec<&Change> = spec
        .changes
        .iter()
        .filter(|c| c.severity == Severity::Docs)
        .collect();
    if !docs.is_empty() {
        let _ = writeln!(out, "\nDescription-only changes:");
        for (group, changes) in runs(docs.into_iter()) {
            let _ = writeln!(out, "  {}", short_group(group));
            for c in changes {
                let _ = writeln!(out, "    {}", what(c));
            }
        }
    }
}

fn short_group(group: &Group) -> String {
    match group {
        Group::Operation { id, .. } => format!("Operation {id}"),
        Group::Schema { name, .. } => format!("Schema {name}"),
        Group::Spec => "Document".into(),
    }
}

/// Text for a table cell: pipes escaped, one line, and `<`/`>` outside code
/// spans escaped so that `Option<T>` is not read as an HTML tag.
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_code = false;
    for c in s.chars() {
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '|' => out.push_str("\\|"),
            '\n' => out.push(' '),
            '<' if !in_code => out.push_str("&lt;"),
            '>' if !in_code => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

fn code(s: &str) -> String {
    format!("`{}`", s.replace('`', "'"))
}

/// Markdown for a pull-request comment.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let c = report.counts();
    let _ = writeln!(out, "## Spec diff\n");
    let _ = writeln!(
        out,
        "{}{}; suggested bump: **{}**\n",
        if c.breaking > 0 { "⚠️ " } else { "" },
        counts_line(c),
        bump_line(report)
    );
    for spec in &report.specs {
        markdown_spec(&mut out, spec);
    }
    let _ = writeln!(out, "<sub>Semver rule: {BUMP_RULE}.</sub>");
    out
}

fn markdown_spec(out: &mut String, spec: &SpecReport) {
    let crate_name = spec
        .crate_name
        .as_deref()
        .map(|c| format!(" (crate {})", code(c)))
        .unwrap_or_default();
    let _ = writeln!(out, "### {}{crate_name}\n", code(&spec.file));
    let _ = writeln!(
        out,
        "{} → {}\n",
        code(&spec.old_source),
        code(&spec.new_source)
    );
    if spec.changes.is_empty() {
        let _ = writeln!(out, "No changes.\n");
        return;
    }
    let _ = writeln!(
        out,
        "{}; bump: **{}**\n",
        counts_line(spec.counts()),
        spec.bump().as_str()
    );
    for (group, changes) in runs(spec.changes.iter().filter(|c| c.severity != Severity::Docs)) {
        let _ = writeln!(out, "#### {}\n", cell(&group_heading(group)));
        let _ = writeln!(out, "| Severity | Where | Change | Rust API |");
        let _ = writeln!(out, "|---|---|---|---|");
        for c in changes {
            let severity = if c.severity == Severity::Breaking {
                "**breaking**".to_owned()
            } else {
                c.severity.as_str().to_owned()
            };
            let _ = writeln!(
                out,
                "| {severity} | {} | {} | {} |",
                if c.location.is_empty() {
                    String::new()
                } else {
                    code(&c.location)
                },
                cell(&c.message),
                api_text(c).map(|a| cell(&a)).unwrap_or_default()
            );
        }
        out.push('\n');
    }
    let api = spec.api_summary();
    if !(api.added.is_empty() && api.removed.is_empty() && api.changed.is_empty()) {
        let _ = writeln!(out, "**Public API**\n");
        for (title, items) in [
            ("Added", &api.added),
            ("Removed", &api.removed),
            ("Changed", &api.changed),
        ] {
            if !items.is_empty() {
                let list: Vec<String> = items.iter().map(|i| code(i)).collect();
                let _ = writeln!(out, "- {title}: {}", list.join(", "));
            }
        }
        out.push('\n');
    }
    let docs: Vec<&Change> = spec
        .changes
        .iter()
        .filter(|c| c.severity == Severity::Docs)
        .collect();
    if !docs.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>Description-only changes ({})</summary>\n",
            docs.len()
        );
        for (group, changes) in runs(docs.into_iter()) {
            for c in changes {
                let _ = writeln!(out, "- {}: {}", short_group(group), cell(&what(c)));
            }
        }
        let _ = writeln!(out, "\n</details>\n");
    }
}

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
        "api": c.api.iter().map(|a| json!({
            "item": a.item, "change": a.change.as_str(), "detail": a.detail,
        })).collect::<Vec<_>>(),
        "literal_break": c.literal_break,
    })
}

fn counts_json(c: super::model::Counts) -> Value {
    json!({
        "breaking": c.breaking,
        "additive": c.additive,
        "compatible": c.compatible,
        "docs": c.docs,
        "literal_breaks": c.literal_breaks,
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
    })
}

/// JSON for tools, pretty-printed, with a trailing newline.
pub fn json(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(&json_value(report)).expect("a JSON value prints");
    s.push('\n');
    s
}
