//! Where the two sides come from: two files, or `openapi/*.yaml` at a git
//! revision against the working tree.

use super::{DiffError, Report, SpecReport, compare_texts, crate_for};
use std::path::Path;
use std::process::Command;

/// The workspace version (`[workspace.package]` or `[package]` of
/// `Cargo.toml` under `root`), when there is one.
pub fn workspace_version(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join("Cargo.toml")).ok()?;
    let mut section = "";
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line;
        } else if (section == "[workspace.package]" || section == "[package]")
            && let Some(rest) = line.strip_prefix("version")
            && let Some(value) = rest.trim_start().strip_prefix('=')
        {
            return Some(value.trim().trim_matches('"').to_owned());
        }
    }
    None
}

/// `cargo xtask diff --old FILE --new FILE`.
pub fn diff_files(root: &Path, old: &Path, new: &Path) -> Result<Report, DiffError> {
    let read = |p: &Path| {
        std::fs::read_to_string(p)
            .map_err(|e| DiffError::new(format!("cannot read {}: {e}", p.display())))
    };
    let (old_text, new_text) = (read(old)?, read(new)?);
    let file = new.display().to_string();
    let report = compare_texts(
        &file,
        &old.display().to_string(),
        Some(&old_text),
        &file,
        Some(&new_text),
    )?;
    let report = SpecReport {
        crate_name: crate_for(&file).or_else(|| crate_for(&old.display().to_string())),
        ..report
    };
    Ok(Report {
        specs: vec![report],
        current_version: workspace_version(root),
        unused_acceptances: Vec::new(),
    })
}

fn git(root: &Path, args: &[&str]) -> Result<std::process::Output, DiffError> {
    Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| DiffError::new(format!("cannot run git: {e}")))
}

/// A spec the diff compares: `openapi/*.yaml`, except the overlays our
/// imported specs are made from (their effects show in the spec they make).
fn is_spec_file(name: &str) -> bool {
    name.ends_with(".yaml") && !name.ends_with(".overlay.yaml")
}

/// `cargo xtask diff [BASE]`: every `openapi/*.yaml` at `base` against the
/// working tree under `root`.
pub fn diff_git(root: &Path, base: &str) -> Result<Report, DiffError> {
    let inside = git(root, &["rev-parse", "--git-dir"])?;
    if !inside.status.success() {
        return Err(DiffError::new(format!(
            "{} is not a git repository, so there is no revision `{base}` to compare with (use --old FILE --new FILE)",
            root.display()
        )));
    }
    let resolved = git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{base}^{{commit}}"),
        ],
    )?;
    if !resolved.status.success() {
        return Err(DiffError::new(format!(
            "git revision `{base}` does not exist in {}",
            root.display()
        )));
    }
    let commit = String::from_utf8_lossy(&resolved.stdout).trim().to_owned();
    let listed = git(root, &["ls-tree", "--name-only", &commit, "--", "openapi/"])?;
    if !listed.status.success() {
        return Err(DiffError::new(format!(
            "cannot list openapi/ at `{base}`: {}",
            String::from_utf8_lossy(&listed.stderr)
        )));
    }
    let mut files: std::collections::BTreeSet<String> = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .filter(|f| is_spec_file(f))
        .map(str::to_owned)
        .collect();
    let at_base = files.clone();
    if let Ok(entries) = std::fs::read_dir(root.join("openapi")) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_spec_file(&name) {
                files.insert(format!("openapi/{name}"));
            }
        }
    }
    if files.is_empty() {
        return Err(DiffError::new(format!(
            "no openapi/*.yaml at `{base}` or in the working tree of {}",
            root.display()
        )));
    }
    let mut specs = Vec::new();
    for file in files {
        let old_source = format!("{base}:{file}");
        let old_text = if at_base.contains(&file) {
            let shown = git(root, &["show", &format!("{commit}:{file}")])?;
            if !shown.status.success() {
                return Err(DiffError::new(format!(
                    "cannot read {old_source}: {}",
                    String::from_utf8_lossy(&shown.stderr)
                )));
            }
            Some(
                String::from_utf8(shown.stdout)
                    .map_err(|_| DiffError::new(format!("{old_source}: not UTF-8 text")))?,
            )
        } else {
            None
        };
        let path = root.join(&file);
        let new_text = match std::fs::read_to_string(&path) {
            Ok(t) => Some(t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(DiffError::new(format!("cannot read {file}: {e}"))),
        };
        let new_source = format!("{file} (working tree)");
        specs.push(compare_texts(
            &file,
            &old_source,
            old_text.as_deref(),
            &new_source,
            new_text.as_deref(),
        )?);
    }
    Ok(Report {
        specs,
        current_version: workspace_version(root),
        unused_acceptances: Vec::new(),
    })
}
