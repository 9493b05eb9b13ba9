//! The quickstart: calls every endpoint of the SDK once and prints what it
//! sends and what comes back.
//!
//! ```text
//! cargo run -p quickstart
//! ```
//!
//! With no configuration it starts fake Sellercloud and ShopCtrl servers
//! in-process. Set `SELLERCLOUD_*` or `SHOPCTRL_*` variables to talk to a
//! real service instead (see the `quickstart` library's docs and the
//! README's Quickstart section). `RUST_LOG=debug` adds the SDK's tracing output on
//! stderr.
//!
//! Exits with 0 when no step failed, 1 when one did, 2 when the quickstart
//! could not start (a configuration problem, named in the message).

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    // Only on request: the quickstart's own lines are the point, and tracing
    // would interleave with them.
    if std::env::var_os("RUST_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_writer(std::io::stderr)
            .init();
    }
    let mut out = std::io::stdout();
    match quickstart::run(&mut out).await {
        Ok(report) if report.is_success() => ExitCode::SUCCESS,
        Ok(report) => {
            eprintln!(
                "quickstart: {} of {} steps failed",
                report.failed(),
                report.steps.len()
            );
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("quickstart could not start: {e}");
            ExitCode::from(2)
        }
    }
}
