//! `cargo xtask diff`: what a spec change does to users of the generated
//! crates, for reviewers who should not have to read YAML or generated code.
//!
//! [`compare`] walks both versions of the spec and records each change with
//! the verdict of [`rules`], the one place that explains changes in the
//! spec's terms. [`generated`] generates the code of both versions in memory
//! and [`api`] reads and compares their public APIs: the ground truth that
//! [`attribute`] ties to the changes, replacing the rules' predictions.
//! [`review`] applies the checked-in review file; [`render`] writes text,
//! Markdown or JSON; [`check`] optionally compiles the ergonomic crates
//! against the new code. The rules and the JSON shape are documented in
//! docs/spec-diff.md.
//!
//! ```
//! use xtask::diff::{Severity, compare_texts};
//! let old = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n\
//!     components: {schemas: {A: {type: object, properties: {x: {type: string}}}}}\n";
//! let new = old.replace("x: {type: string}", "x: {type: integer}");
//! let report = compare_texts("a.yaml", "old", Some(old), "new", Some(&new)).unwrap();
//! assert_eq!(report.changes[0].severity, Severity::Breaking);
//! ```

pub mod api;
pub mod areas;
pub mod attribute;
pub mod check;
pub mod compare;
pub mod generated;
pub mod model;
pub mod render;
pub mod review;
pub mod rules;
pub mod rust;
mod sources;

pub use model::{
    Acceptance, ApiChange, ApiEffect, ApiSummary, Basis, Bump, Change, Counts, Group, Kind, Report,
    RuleView, SCHEMA_VERSION, Severity, SpecReport, WireEffect,
};
pub use sources::{diff_files, diff_git, workspace_version};

use crate::spec::Spec;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit code when `--fail-on breaking` finds a breaking change.
pub const EXIT_BREAKING: u8 = 2;

/// Why a diff could not be made. Its `Display` is one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffError(String);

impl DiffError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
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
    /// Review file with accepted changes and severity overrides (default:
    /// xtask/spec-diff-review.yaml under the root, when it exists).
    #[arg(long, value_name = "FILE")]
    pub review: Option<PathBuf>,
    /// Regenerate into a temporary copy of the workspace and `cargo check`
    /// the ergonomic crates there, naming the hand-written code that breaks.
    #[arg(long)]
    pub compile_check: bool,
    /// Target directory for --compile-check (default: $CARGO_TARGET_DIR, else
    /// target/ under the root). Never the one of a cargo still running.
    #[arg(long, value_name = "DIR", requires = "compile_check")]
    pub check_target_dir: Option<PathBuf>,
}

/// Runs the command: prints the report (or a one-line error) and returns the
/// exit code: 0, 2 with `--fail-on breaking` and a breaking change, 1 on
/// error.
pub fn run(root: &Path, args: &DiffArgs) -> ExitCode {
    match report(root, args) {
        Ok((report, check)) => {
            let mut out = match args.format {
                Format::Text => render::text(&report),
                Format::Markdown => render::markdown(&report),
                Format::Json => render::json(&report),
            };
            if let Some(check) = &check {
                match args.format {
                    Format::Json => {
                        let mut v = render::json_value(&report);
                        v["compile_check"] = render::check_json(check);
                        out = serde_json::to_string_pretty(&v).expect("a JSON value prints") + "\n";
                    }
                    _ => out.push_str(&format!("\n{}", check::render(check))),
                }
            }
            print!("{out}");
            let check_failed = check.as_ref().is_some_and(|c| !c.ok);
            if args.fail_on == Some(FailOn::Breaking) && (report.has_breaking() || check_failed) {
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

/// The report with the review file applied, and the compile check when
/// asked for.
pub fn report(
    root: &Path,
    args: &DiffArgs,
) -> Result<(Report, Option<check::CheckReport>), DiffError> {
    let mut report = match (&args.old, &args.new) {
        (Some(old), Some(new)) => diff_files(root, old, new)?,
        _ => diff_git(root, &args.base)?,
    };
    let review_path = args
        .review
        .clone()
        .or_else(|| Some(root.join(review::DEFAULT_PATH)).filter(|p| p.exists()));
    if let Some(path) = review_path {
        review::Review::load(&path)?.apply(&mut report);
    }
    let check = if args.compile_check {
        let target = args
            .check_target_dir
            .clone()
            .or_else(|| std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from))
            .unwrap_or_else(|| root.join("target"));
        let read = |p: &Path| {
            std::fs::read_to_string(p)
                .map_err(|e| DiffError::new(format!("cannot read {}: {e}", p.display())))
        };
        let new_specs = match &args.new {
            Some(new) => vec![(new.display().to_string(), read(new)?)],
            None => report
                .specs
                .iter()
                .filter_map(|s| Some((s.file.clone(), read(&root.join(&s.file)).ok()?)))
                .collect(),
        };
        let files = check::regenerated(&new_specs);
        Some(check::compile_check(
            root,
            &files,
            check::ERGONOMIC,
            &target,
        )?)
    } else {
        None
    };
    Ok((report, check))
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
    let comparison = compare::compare(&old_spec, &new_spec);
    let old_code = generated::generate(&old_spec, old.is_some());
    let new_code = generated::generate(&new_spec, new.is_some());
    let outcome = attribute::apply(comparison, &old_code, &new_code);
    let areas = areas::summarize(&outcome.changes, &old_spec, &new_spec);
    Ok(SpecReport {
        file: file.to_owned(),
        old_source: old_source.to_owned(),
        new_source: new_source.to_owned(),
        crate_name: crate_for(file),
        changes: outcome.changes,
        basis: outcome.basis,
        notes: outcome.notes,
        areas,
    })
}

/// The generated crate a spec feeds, by its file name.
pub(crate) fn crate_for(file: &str) -> Option<String> {
    let name = Path::new(file).file_name()?;
    crate::TARGETS
        .iter()
        .find(|t| Path::new(t.spec).file_name() == Some(name))
        .and_then(|t| t.output.strip_prefix("crates/"))
        .and_then(|rest| rest.split('/').next())
        .map(str::to_owned)
}
