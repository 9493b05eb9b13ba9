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
    /// Rebuild openapi/sellercloud.yaml from the vendor's Swagger file and our overlay.
    Import {
        /// Write only the vendor file's conversion (no overlay) to this file,
        /// to read what the vendor file alone says.
        #[arg(long, value_name = "FILE")]
        vendor_only: Option<PathBuf>,
    },
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
        Command::Import { vendor_only } => match run_import(&root, vendor_only) {
            Ok(()) => ExitCode::SUCCESS,
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

fn run_import(root: &std::path::Path, vendor_only: Option<PathBuf>) -> Result<(), String> {
    use xtask::import::{IMPORTS, import_all, swagger2};
    if let Some(out) = vendor_only {
        let import = &IMPORTS[0];
        let text = std::fs::read_to_string(root.join(import.vendor))
            .map_err(|e| format!("{}: {e}", import.vendor))?;
        let v2: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        let overlay = std::fs::read_to_string(root.join(import.overlay))
            .map_err(|e| format!("{}: {e}", import.overlay))?;
        let overlay = serde_yaml_ng::from_str(&overlay).map_err(|e| e.to_string())?;
        let doc = swagger2::convert(&v2, &xtask::import::our_schemas(&overlay))?;
        let yaml = serde_yaml_ng::to_string(&doc).map_err(|e| e.to_string())?;
        return std::fs::write(&out, yaml).map_err(|e| format!("{}: {e}", out.display()));
    }
    let written = import_all(root)?;
    if written.is_empty() {
        println!("imported specs are up to date");
    }
    for file in written {
        println!("wrote {file}");
    }
    Ok(())
}
