//! `xtask generate` and `xtask check`, timed with the built binary on a
//! copy of what they read and write.

use crate::measure::stats;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub(crate) struct XtaskTimes {
    pub(crate) binary: PathBuf,
    pub(crate) generate: Duration,
    pub(crate) check: Duration,
    pub(crate) runs: usize,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// The binary `cargo xtask` runs (the dev profile), unless
/// `SDK_OVERHEAD_XTASK` names another one.
fn xtask_binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("SDK_OVERHEAD_XTASK") {
        return Some(PathBuf::from(path));
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    let exe = format!("xtask{}", std::env::consts::EXE_SUFFIX);
    ["debug", "release"]
        .iter()
        .map(|profile| target.join(profile).join(&exe))
        .find(|p| p.is_file())
}

/// A copy of what the xtask reads and writes: openapi/ and the generated
/// files, so that timing it never touches the working tree.
fn xtask_sandbox() -> PathBuf {
    let root = workspace_root();
    let sandbox = std::env::temp_dir().join(format!("sdk-overhead-xtask-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&sandbox);
    std::fs::create_dir_all(sandbox.join("openapi")).expect("sandbox");
    for entry in std::fs::read_dir(root.join("openapi")).expect("openapi/") {
        let entry = entry.expect("openapi/ entry");
        if entry.file_type().is_ok_and(|t| t.is_file()) {
            std::fs::copy(
                entry.path(),
                sandbox.join("openapi").join(entry.file_name()),
            )
            .expect("copy a spec");
        }
    }
    for krate in ["sellercloud-api", "shopctrl-api"] {
        let from = root.join("crates").join(krate).join("src/generated.rs");
        let to = sandbox.join("crates").join(krate).join("src");
        std::fs::create_dir_all(&to).expect("sandbox crate dir");
        std::fs::copy(from, to.join("generated.rs")).expect("copy generated.rs");
    }
    sandbox
}

pub(crate) fn time_xtask(runs: usize) -> Result<XtaskTimes, String> {
    let binary = xtask_binary().ok_or(
        "no built xtask (target/debug/xtask); build it with `cargo build -p xtask` or set SDK_OVERHEAD_XTASK",
    )?;
    let sandbox = xtask_sandbox();
    let run = |command: &str| -> Result<Duration, String> {
        let started = Instant::now();
        let out = std::process::Command::new(&binary)
            .arg("--root")
            .arg(&sandbox)
            .arg(command)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
        let elapsed = started.elapsed();
        if !out.status.success() {
            return Err(format!(
                "`xtask {command}` failed ({}); is {} older than the specs? {}",
                out.status,
                binary.display(),
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .next()
                    .unwrap_or("")
            ));
        }
        Ok(elapsed)
    };
    let result = (|| {
        let (mut generate, mut check) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            generate.push(run("generate")?);
            check.push(run("check")?);
        }
        Ok(XtaskTimes {
            binary: binary.clone(),
            generate: stats(&mut generate).median,
            check: stats(&mut check).median,
            runs,
        })
    })();
    let _ = std::fs::remove_dir_all(&sandbox);
    result
}
