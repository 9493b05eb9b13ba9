//! Markdown for a pull-request comment.

use super::*;

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

/// Groups with more rows than this are folded into a `<details>` block
/// (open when they hold a breaking change), so that a long diff stays
/// readable as a pull-request comment.
const FOLD_ROWS: usize = 6;

/// Lists longer than this (the public API summary) are folded.
const FOLD_ITEMS: usize = 12;

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
    if !report.unused_acceptances.is_empty() {
        let _ = writeln!(
            out,
            "**Review file entries that match no change** (remove them, or fix what they name):\n"
        );
        for a in &report.unused_acceptances {
            let _ = writeln!(out, "- {}", cell(a));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "<sub>Semver rule: {BUMP_RULE}.</sub>");
    out
}

fn severity_cell(severity: Severity) -> String {
    if severity == Severity::Breaking {
        "**breaking**".to_owned()
    } else {
        severity.as_str().to_owned()
    }
}

/// The Change cell: the message, then what the rules or the review file
/// add to it.
fn change_cell(c: &Change) -> String {
    let mut s = cell(&c.message);
    if let Some(wrong) = &c.rule.wrong {
        let _ = write!(s, "<br>⚠️ rule was wrong: {}", cell(wrong));
    }
    if let Some(o) = override_text(c) {
        let _ = write!(s, "<br>{}", cell(&o));
    }
    s
}

fn table(out: &mut String, changes: &[&Change], with_reason: bool) {
    if with_reason {
        let _ = writeln!(
            out,
            "| Severity | Where | Change | Rust API | Wire | Reason |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|");
    } else {
        let _ = writeln!(out, "| Severity | Where | Change | Rust API | Wire |");
        let _ = writeln!(out, "|---|---|---|---|---|");
    }
    for c in changes {
        let reason = match (&c.accepted, with_reason) {
            (Some(a), true) => format!(" {} |", cell(&a.reason)),
            _ => String::new(),
        };
        let place = if c.location.is_empty() {
            short_group(&c.group)
        } else if with_reason {
            format!("{}: {}", short_group(&c.group), code(&c.location))
        } else {
            code(&c.location)
        };
        let _ = writeln!(
            out,
            "| {} | {place} | {} | {} | {} |{reason}",
            severity_cell(c.severity),
            change_cell(c),
            api_text(c).map(|a| cell(&a)).unwrap_or_default(),
            wire_text(c).map(|w| cell(&w)).unwrap_or_default(),
        );
    }
    out.push('\n');
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
    let _ = writeln!(out, "{}\n", basis_line(spec));
    for note in &spec.notes {
        let _ = writeln!(out, "> {}\n", cell(note));
    }
    let _ = writeln!(
        out,
        "{}; bump: **{}**\n",
        counts_line(spec.counts()),
        spec.bump().as_str()
    );
    markdown_areas(out, spec);
    for (group, changes) in runs(listed(spec)) {
        let heading = cell(&group_heading(group));
        if changes.len() > FOLD_ROWS {
            let breaking = changes
                .iter()
                .filter(|c| c.severity == Severity::Breaking)
                .count();
            let _ = writeln!(
                out,
                "<details{}><summary><b>{heading}</b>: {} changes, {breaking} breaking</summary>\n",
                if breaking > 0 { " open" } else { "" },
                changes.len(),
            );
            table(out, &changes, false);
            let _ = writeln!(out, "</details>\n");
        } else {
            let _ = writeln!(out, "#### {heading}\n");
            table(out, &changes, false);
        }
    }
    let api = spec.api_summary();
    let items = api.added.len() + api.removed.len() + api.changed.len();
    if items > 0 {
        let fold = items > FOLD_ITEMS;
        if fold {
            let _ = writeln!(
                out,
                "<details><summary><b>Public API</b>: {items} items</summary>\n"
            );
        } else {
            let _ = writeln!(out, "**Public API**\n");
        }
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
        if fold {
            let _ = writeln!(out, "</details>\n");
        }
    }
    let accepted = accepted(spec);
    if !accepted.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>Accepted in the review file ({}; not counted above, still in the bump)</summary>\n",
            accepted.len()
        );
        table(out, &accepted, true);
        let _ = writeln!(out, "</details>\n");
    }
    let docs = docs_only(spec);
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

/// The summary by area, before the details: counts per area, the
/// operations named (folded when long).
fn markdown_areas(out: &mut String, spec: &SpecReport) {
    if spec.areas.is_empty() {
        return;
    }
    let _ = writeln!(out, "#### Summary by area\n");
    let _ = writeln!(
        out,
        "| Area | Added | Removed | Changed |\n|---|---|---|---|"
    );
    let list = |ids: &[String]| {
        if ids.is_empty() {
            return "0".to_owned();
        }
        let named: Vec<String> = ids.iter().map(|i| code(i)).collect();
        if ids.len() > FOLD_ITEMS {
            format!("{}", ids.len())
        } else {
            format!("{}: {}", ids.len(), named.join(", "))
        }
    };
    for a in &spec.areas {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            code(&a.area),
            cell(&list(&a.added)),
            cell(&list(&a.removed)),
            cell(&list(&a.changed))
        );
    }
    out.push('\n');
}
