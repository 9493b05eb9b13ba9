//! The `quickstart` binary as the README's first command runs it: no
//! configuration is needed, and its exit status says how it went (0: no
//! step failed, 1: a step failed, 2: it could not start).

use fakes::sellercloud::{FakeSellercloud, SellercloudConfig};
use std::process::{Command, Output};

/// The binary with no `SELLERCLOUD_*` / `SHOPCTRL_*` variable inherited from
/// the environment the tests run in, plus `vars`.
fn quickstart(vars: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_quickstart"));
    for name in quickstart::SELLERCLOUD_VARIABLES
        .iter()
        .chain(&quickstart::SHOPCTRL_VARIABLES)
    {
        command.env_remove(name);
    }
    command.env_remove("RUST_LOG");
    command.envs(vars.iter().copied());
    command
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

async fn run(mut command: Command) -> Output {
    tokio::task::spawn_blocking(move || command.output().expect("the binary runs"))
        .await
        .expect("joined")
}

#[tokio::test]
async fn with_no_configuration_it_runs_against_fakes_and_exits_0() {
    let output = run(quickstart(&[])).await;
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        text(&output.stderr)
    );
    assert_eq!(
        stdout.lines().last(),
        Some(
            "summary: 26 steps, 26 succeeded, 0 failed, 0 skipped (Sellercloud: in-process fake; ShopCtrl: in-process fake)"
        ),
        "{stdout}"
    );
}

#[tokio::test]
async fn a_failed_step_exits_1() {
    // A fake in this process plays the real service; it holds no order
    // 4242, so step 6 is answered 404 and the other Sellercloud steps are
    // skipped (no IDs for them).
    let fake = FakeSellercloud::start(SellercloudConfig::new("qs-exit-user", "qs-exit-pass"))
        .await
        .unwrap();
    let base_url = fake.base_url();
    let output = run(quickstart(&[
        ("SELLERCLOUD_BASE_URL", base_url.as_str()),
        ("SELLERCLOUD_USERNAME", "qs-exit-user"),
        ("SELLERCLOUD_PASSWORD", "qs-exit-pass"),
        ("SELLERCLOUD_ORDER_ID", "4242"),
    ]))
    .await;
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert_eq!(output.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("HTTP 404 error"), "{stdout}");
    assert!(
        stderr.contains("quickstart: 1 of 26 steps failed"),
        "{stderr}"
    );
    assert!(!stdout.contains("qs-exit-pass") && !stderr.contains("qs-exit-pass"));
}

#[tokio::test]
async fn a_configuration_problem_exits_2_naming_the_setting() {
    // Any SELLERCLOUD_* variable selects the real service, which then needs
    // its connection settings.
    let output = run(quickstart(&[("SELLERCLOUD_ORDER_ID", "5001")])).await;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("quickstart could not start: "),
        "{stderr}"
    );
    assert!(stderr.contains("SELLERCLOUD_"), "{stderr}");
    assert!(output.stdout.is_empty(), "{}", text(&output.stdout));
}
