//! Readable text for a terminal.

use super::*;

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
    if !report.unused_acceptances.is_empty() {
        let _ = writeln!(
            out,
            "\nReview file entries that match no change (remove them, or fix what they name):"
        );
        for a in &report.unused_acceptances {
            let _ = writeln!(out, "  {a}");
        }
    }
    let _ = writeln!(out, "\nSemver rule: {BUMP_RULE}.");
    out
}

fn change_lines(out: &mut String, c: &Change, indent: &str) {
    let _ = writeln!(out, "{indent}{:<10}  {}", label(c.severity), what(c));
    let pad = format!("{indent}{:<10}    ", "");
    if let Some(api) = api_text(c) {
        let _ = writeln!(out, "{pad}Rust: {api}");
    }
    if let Some(wire) = wire_text(c) {
        let _ = writeln!(out, "{pad}Wire: {wire}");
    }
    if let Some(wrong) = &c.rule.wrong {
        let _ = writeln!(out, "{pad}Rule was wrong: {wrong}");
    }
    if let Some(o) = override_text(c) {
        let _ = writeln!(out, "{pad}Note: {o}");
    }
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
    let _ = writeln!(out, "{}", basis_line(spec));
    for note in &spec.notes {
        let _ = writeln!(out, "note: {note}");
    }
    let _ = writeln!(
        out,
        "{}; bump: {}",
        counts_line(spec.counts()),
        spec.bump().as_str()
    );
    if !spec.areas.is_empty() {
        let _ = writeln!(out, "by area (operations added / removed / changed):");
        for a in &spec.areas {
            let _ = writeln!(
                out,
                "  {}: {} / {} / {}",
                a.area,
                a.added.len(),
                a.removed.len(),
                a.changed.len()
            );
        }
    }
    for (group, changes) in runs(listed(spec)) {
        let _ = writeln!(out, "\n{}", group_heading(group));
        for c in changes {
            change_lines(out, c, "  ");
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
    let accepted = accepted(spec);
    if !accepted.is_empty() {
        let _ = writeln!(
            out,
            "\nAccepted in the review file (not counted above; still in the bump):"
        );
        for c in accepted {
            let _ = writeln!(out, "  {}", short_group(&c.group));
            change_lines(out, c, "    ");
            if let Some(a) = &c.accepted {
                let _ = writeln!(out, "    {:<10}    Accepted: {}", "", a.reason);
            }
        }
    }
    let docs = docs_only(spec);
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
