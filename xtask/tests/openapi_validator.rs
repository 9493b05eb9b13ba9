//! Both specs pass an independent OpenAPI 3.0 validator: the Python
//! `openapi-spec-validator` package (scripts/test.sh installs it when missing).

use std::process::Command;
use xtask::{TARGETS, workspace_root};

#[test]
fn specs_pass_openapi_spec_validator() {
    for target in TARGETS {
        let path = workspace_root().join(target.spec);
        let out = Command::new("python3")
            .args(["-m", "openapi_spec_validator"])
            .arg(&path)
            .output()
            .expect("python3 is needed to run openapi-spec-validator");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("No module named openapi_spec_validator"),
            "openapi-spec-validator is not installed: run `python3 -m pip install openapi-spec-validator` (scripts/test.sh does)"
        );
        assert!(
            out.status.success() && stdout.contains("OK"),
            "{} failed validation:\n{stdout}\n{stderr}",
            target.spec
        );
    }
}

#[test]
fn the_validator_rejects_a_broken_spec() {
    // Proves the check above can fail: an operation without `responses`.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(workspace_root().join(TARGETS[1].spec)).unwrap();
    assert!(text.contains("      responses:"));
    let broken = text.replacen("      responses:", "      responsez:", 1);
    let path = dir.path().join("broken.yaml");
    std::fs::write(&path, broken).unwrap();
    let out = Command::new("python3")
        .args(["-m", "openapi_spec_validator"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(!out.status.success() || !String::from_utf8_lossy(&out.stdout).contains("OK"));
}
