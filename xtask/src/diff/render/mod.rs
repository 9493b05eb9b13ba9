//! The three output formats of `cargo xtask diff`.
//!
//! Every format lists, per spec: how the Rust effects were found, then
//! operations, then component schemas, then servers and security, then the
//! public API summary; changes the review file accepts, and
//! description-only changes, come last, apart from the rest.

mod json;
mod markdown;
mod text;

pub use json::{check_json, json, json_value};
pub use markdown::markdown;
pub use text::text;

use super::model::{Basis, Change, Group, Report, Severity, SpecReport};
use std::fmt::Write;

const BUMP_RULE: &str = "breaking → major, additive → minor, compatible or docs → patch; \
     before 1.0 a major bump raises the minor number (0.y.z → 0.(y+1).0) and the others raise the patch number";

fn counts_line(c: super::model::Counts) -> String {
    let mut line = format!(
        "{} breaking, {} additive, {} compatible, {} description-only",
        c.breaking, c.additive, c.compatible, c.docs
    );
    if c.accepted > 0 {
        let _ = write!(line, ", {} accepted", c.accepted);
    }
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

fn short_group(group: &Group) -> String {
    match group {
        Group::Operation { id, .. } => format!("Operation {id}"),
        Group::Schema { name, .. } => format!("Schema {name}"),
        Group::Spec => "Document".into(),
    }
}

fn wire_text(change: &Change) -> Option<String> {
    if change.wire.is_empty() {
        return None;
    }
    let parts: Vec<String> = change
        .wire
        .iter()
        .map(|w| format!("{}: {}", w.item, w.detail))
        .collect();
    Some(parts.join("; "))
}

/// Where the Rust effects come from, for the top of a spec's section.
fn basis_line(spec: &SpecReport) -> String {
    match spec.basis {
        Basis::Computed => "Rust effects: computed from the code generated from both specs".into(),
        Basis::Predicted => {
            "Rust effects: predicted by the rules (the generated code could not be compared)".into()
        }
    }
}

/// What a review-file override did to a change, if anything.
fn override_text(change: &Change) -> Option<String> {
    let set = change.overridden?;
    Some(if set == change.severity {
        format!("severity set to {set} by the review file")
    } else {
        format!(
            "the review file sets {set}, kept at {} by the computed effects",
            change.severity
        )
    })
}

/// The changes of the main listing: neither accepted nor description-only.
fn listed(spec: &SpecReport) -> impl Iterator<Item = &Change> {
    spec.changes
        .iter()
        .filter(|c| c.open() && c.severity != Severity::Docs)
}

/// Changes the review file accepts.
fn accepted(spec: &SpecReport) -> Vec<&Change> {
    spec.changes.iter().filter(|c| !c.open()).collect()
}

/// Description-only changes that are not accepted.
fn docs_only(spec: &SpecReport) -> Vec<&Change> {
    spec.changes
        .iter()
        .filter(|c| c.open() && c.severity == Severity::Docs)
        .collect()
}
