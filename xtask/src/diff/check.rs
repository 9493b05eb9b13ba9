//! `--compile-check`: the generated files regenerated from the new specs in
//! a temporary copy of the workspace, and `cargo check` run there on the
//! ergonomic crates, to name the hand-written code a spec change breaks.
//!
//! The copy builds in a target directory of its own choosing: sharing the
//! target directory of a cargo that is still running (a test run, say)
//! would wait forever on its lock.

use super::DiffError;
use crate::generate::generate_target_code;
use crate::spec::Spec;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The crates users call, built on the generated ones.
pub const ERGONOMIC: &[&str] = &["sellercloud", "shopctrl"];

/// One compiler error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    /// File, relative to the workspace root.
    pub file: String,
    /// Line of the primary span.
    pub line: u64,
    /// The error code (`E0560`), when rustc gives one.
    pub code: Option<String>,
    /// rustc's message.
    pub message: String,
    /// Whether the file is one the check regenerated (the generated code
    /// itself does not compile) rather than hand-written code.
    pub generated: bool,
}

/// What the check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckReport {
    /// The packages checked.
    pub packages: Vec<String>,
    /// Whether `cargo check` succeeded.
    pub ok: bool,
    /// Every error, in the order rustc gave them.
    pub errors: Vec<CompileError>,
    /// cargo's own complaint when it failed without compiler errors (a
    /// dependency that cannot be resolved offline, say).
    pub cargo_error: Option<String>,
}

/// The generated files the new specs give: (path relative to the root,
/// code), for each (spec file, new text) that feeds a generated crate
/// (matched by file name, like the report's crate). Specs that do not
/// generate are left out: the report already says they fail.
pub fn regenerated(new_specs: &[(String, String)]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (file, text) in new_specs {
        let name = Path::new(file).file_name();
        let Some(target) = crate::TARGETS
            .iter()
            .find(|t| Path::new(t.spec).file_name() == name)
        else {
            continue;
        };
        let Ok(spec) = Spec::parse(target.spec, text.clone()) else {
            continue;
        };
        if let Ok(code) = generate_target_code(target, &spec) {
            out.push((target.output.to_owned(), code));
        }
    }
    out
}

fn copy_tree(from: &Path, to: &Path, skip: &[PathBuf]) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        if name == ".git" || name == "target" || skip.iter().any(|s| s == &path) {
            continue;
        }
        let dest = to.join(&name);
        if entry.file_type()?.is_dir() {
            copy_tree(&path, &dest, skip)?;
        } else {
            std::fs::copy(&path, &dest)?;
        }
    }
    Ok(())
}

/// Copies the workspace at `root`, writes `files` into the copy and runs
/// `cargo check` on `packages` there, building in `target_dir`.
pub fn compile_check(
    root: &Path,
    files: &[(String, String)],
    packages: &[&str],
    target_dir: &Path,
) -> Result<CheckReport, DiffError> {
    let io = |what: &str, e: std::io::Error| DiffError::new(format!("compile check: {what}: {e}"));
    let temp = tempfile::tempdir().map_err(|e| io("cannot make a temporary directory", e))?;
    let copy = temp.path().join("workspace");
    copy_tree(root, &copy, &[target_dir.to_path_buf()])
        .map_err(|e| io("cannot copy the workspace", e))?;
    for (path, code) in files {
        std::fs::write(copy.join(path), code)
            .map_err(|e| io(&format!("cannot write {path}"), e))?;
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(&copy)
        // The copy has the workspace's Cargo.lock: everything it needs is
        // in the local cache already, and a check must not hang on a
        // network.
        .args(["check", "--offline", "--quiet", "--message-format=json"])
        .env("CARGO_TARGET_DIR", target_dir);
    for p in packages {
        command.args(["-p", p]);
    }
    let output = command.output().map_err(|e| io("cannot run cargo", e))?;
    let mut errors = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if v["reason"] != "compiler-message" || v["message"]["level"] != "error" {
            continue;
        }
        let message = &v["message"];
        let primary = message["spans"]
            .as_array()
            .and_then(|spans| spans.iter().find(|s| s["is_primary"] == true));
        let Some(span) = primary else { continue };
        let file = span["file_name"].as_str().unwrap_or_default().to_owned();
        errors.push(CompileError {
            generated: files.iter().any(|(p, _)| *p == file),
            line: span["line_start"].as_u64().unwrap_or_default(),
            code: message["code"]["code"].as_str().map(str::to_owned),
            message: message["message"].as_str().unwrap_or_default().to_owned(),
            file,
        });
    }
    let ok = output.status.success();
    let cargo_error = (!ok && errors.is_empty()).then(|| {
        String::from_utf8_lossy(&output.stderr)
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(5)
            .collect::<Vec<_>>()
            .join(" ")
    });
    Ok(CheckReport {
        packages: packages.iter().map(|p| p.to_string()).collect(),
        ok,
        errors,
        cargo_error,
    })
}

/// The check as text, for the end of any output format.
pub fn render(check: &CheckReport) -> String {
    let mut out = format!("Compile check of {}: ", check.packages.join(", "));
    if check.ok {
        out.push_str("the hand-written code compiles against the new generated code.\n");
        return out;
    }
    if let Some(e) = &check.cargo_error {
        out.push_str(&format!("cargo failed: {e}\n"));
        return out;
    }
    let hand: Vec<&CompileError> = check.errors.iter().filter(|e| !e.generated).collect();
    out.push_str(&format!(
        "{} error(s) in hand-written code, {} in the generated code itself.\n",
        hand.len(),
        check.errors.len() - hand.len()
    ));
    for e in &check.errors {
        out.push_str(&format!(
            "  {}:{}: {}{}{}\n",
            e.file,
            e.line,
            e.code
                .as_deref()
                .map(|c| format!("[{c}] "))
                .unwrap_or_default(),
            e.message,
            if e.generated { " (generated)" } else { "" }
        ));
    }
    out
}
