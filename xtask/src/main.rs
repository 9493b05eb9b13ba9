use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use xtask::generate::{check_all, generate_all};

/// Maintainer tasks for the generated API crates.
#[derive(Parser)]
#[command(name = "cargo xtask")]
struct Cli {
    /// Workspace root (default: the one this xtask belongs to).
    #[arg(long, global = true)]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate crates/*-api/src/generated.rs from openapi/*.yaml.
    Generate,
    /// Validate the specs and fail with a diff when generated code is stale.
    Check,
    /// Review spec changes: what they do to users of the generated crates.
    Diff(xtask::diff::DiffArgs),
}

fn main() -> ExitCode {
    // Usage errors exit 1 like every other error: exit 2 means "breaking
    // changes found" for `diff --fail-on breaking`.
    let cli = Cli::try_parse().unwrap_or_else(|e| {
        let _ = e.print();
        std::process::exit(if e.use_stderr() { 1 } else { 0 })
    });
    let root = cli.root.unwrap_or_else(xtask::workspace_root);
    match cli.command {
        Command::Generate => match generate_all(&root) {
            Ok(written) if written.is_empty() => {
                println!("generated code is up to date");
                ExitCode::SUCCESS
            }
            Ok(written) => {
                for file in written {
                    println!("wrote {file}");
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Diff(args) => xtask::diff::run(&root, &args),
        Command::Check => {
            let failures = check_all(&root);
            if failures.is_empty() {
                println!("specs valid, generated code up to date");
                ExitCode::SUCCESS
            } else {
                for f in failures {
                    eprintln!("error: {f}");
                }
                ExitCode::FAILURE
            }
        }
    }
}
