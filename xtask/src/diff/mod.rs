//! `cargo xtask diff`: what a spec change does to users of the generated
//! crates, for reviewers who should not have to read YAML or generated code.
//!
//! [`compare`] walks both versions and records each change; [`rules`] is the
//! one place that classifies them; [`render`] writes text, Markdown or JSON.
//! The rules and the JSON shape are documented in docs/spec-diff.md.
//!
//! ```
//! use xtask::diff::{Severity, compare_texts};
//! let old = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n\
//!     components: {schemas: {A: {type: object, properties: {x: {type: string}}}}}\n";
//! let new = old.replace("x: {type: string}", "x: {type: integer}");
//! let report = compare_texts("a.yaml", "old", Some(old), "new", Some(&new)).unwrap();
//! assert_eq!(report.changes[0].severity, Severity::Breaking);
//! ```

pub mod compare;
pub mod model;
pub mod render;
pub mod rules;
pub mod rust;

pub use model::{
    ApiChange, ApiEffect, ApiSummary, Bump, Change, Counts, Group, Kind, Report, SCHEMA_VERSION,
    Severity, SpecReport,
};

use crate::spec::Spec;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// Exit code when `--fail-on breaking` finds a breaking change.
pub const EXIT_BREAKING: u8 = 2;

/// Why a diff could not be made. Its `Display` is one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffError(String);

impl DiffError {
    fn new(message: impl Into<String>) -> Self {
        // One line, whatever the underlying error wrote.
        let message: String = message.into();
        DiffError(message.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

impl fmt::Display for DiffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DiffError {}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable text for a terminal.
    Text,
    /// Markdown for a pull-request comment.
    Markdown,
    /// JSON for tools (docs/spec-diff.md describes the shape).
    Json,
}

/// What makes the command exit non-zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Exit with code 2 when any change is breaking.
    Breaking,
}

/// Arguments of `cargo xtask diff`.
#[derive(Clone, Debug, clap::Args)]
pub struct DiffArgs {
    /// Git revision to compare openapi/*.yaml of the working tree with.
    #[arg(value_name = "BASE", default_value = "HEAD", conflicts_with_all = ["old", "new"])]
    pub base: String,
    /// Compare two files instead of git revisions: the old spec.
    #[arg(long, value_name = "FILE", requires = "new")]
    pub old: Option<PathBuf>,
    /// The new spec (with --old).
    #[arg(long, value_name = "FILE", requires = "old")]
    pub new: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit with code 2 when a change of this kind is found.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub fail_on: Option<FailOn>,
}

/// Runs the command: prints the report (or a one-line error) and returns the
/// exit code: 0, 2 with `--fail-on breaking` and a breaking change, 1 on
/// error.
pub fn run(root: &Path, args: &DiffArgs) -> ExitCode {
    let report = match (&args.old, &args.new) {
        (Some(old), Some(new)) => diff_files(root, old, new),
        _ => diff_git(root, &args.base),
    };
    match report {
        Ok(report) => {
            let out = match args.format {
                Format::Text => render::text(&report),
                Format::Markdown => render::markdown(&report),
                Format::Json => render::json(&report),
            };
            print!("{out}");
            if args.fail_on == Some(FailOn::Breaking) && report.has_breaking() {
                ExitCode::from(EXIT_BREAKING)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Parses one side of a diff; `None` text is a spec that does not exist on
/// that side (every operation and schema then counts as added or removed).
fn load(source: &str, text: Option<&str>) -> Result<Spec, DiffError> {
    let Some(text) = text else {
        return Ok(Spec {
            file: source.to_owned(),
            text: String::new(),
            value: serde_json::json!({}),
        });
    };
    let spec = Spec::parse(source, text.to_owned()).map_err(|e| DiffError::new(e.to_string()))?;
    if spec.value.get("openapi").is_none() {
        return Err(DiffError::new(format!(
            "{source}: not an OpenAPI document (no `openapi` field at the top level)"
        )));
    }
    Ok(spec)
}

/// Compares two versions of one spec given as text.
pub fn compare_texts(
    file: &str,
    old_source: &str,
    old: Option<&str>,
    new_source: &str,
    new: Option<&str>,
) -> Result<SpecReport, DiffError> {
    let old_spec = load(old_source, old)?;
    let new_spec = load(new_source, new)?;
    Ok(SpecReport {
        file: file.to_owned(),
        old_source: old_source.to_owned(),
        new_source: new_source.to_owned(),
        crate_name: crate_for(file),
        changes: compare::compare(&old_spec, &new_spec),
    })
}

/// The generated crate a spec feeds, by its file name.
fn crate_for(file: &str) -> Option<String> {
    let name = Path::new(file).file_name()?;
    crate::TARGETS
        .iter()
        .find(|t| Path::new(t.spec).file_name() == Some(name))
        .and_then(|t| t.output.strip_prefix("crates/"))
        .and_then(|rest| rest.split('/').next())
        .map(str::to_owned)
}

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
        .filter(|f| f.ends_with(".yaml"))
        .map(str::to_owned)
        .collect();
    let at_base = files.clone();
    if let Ok(entries) = std::fs::read_dir(root.join("openapi")) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".yaml") {
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
    })
}
