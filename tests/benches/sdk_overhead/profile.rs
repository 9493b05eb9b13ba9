//! `SDK_OVERHEAD_PROFILE`: one kind of call in a loop, for a profiler.

use crate::clients::{Raw, Side, sdk_client, sdk_update_tracking};
use crate::measure::us;
use crate::server::Server;
use crate::throughput::{Round, throughput_round};
use std::time::{Duration, Instant};

/// `SDK_OVERHEAD_PROFILE=raw|sdk|both` (and optionally
/// `SDK_OVERHEAD_CONCURRENCY`, default 1): only those calls for 15 seconds,
/// nothing else, for a profiler such as `perf record` to attach to. `both`
/// alternates the two in each task, each polled through its own
/// never-inlined function ([`poll_raw`], [`poll_sdk`]), so that one profile
/// attributes the caller-side CPU of each under the same machine load.
/// (`SDK_OVERHEAD_PROFILE=validate`, handled in `main`, validates the
/// 1,000-product create request in a loop.)
pub(crate) async fn profile_loop(side: &str, server: &tokio::runtime::Handle) {
    let server = Server::start(server);
    let base = server.base_url();
    let (raw, sdk) = (Raw::connect(&base).await, sdk_client(&base));
    let concurrency = std::env::var("SDK_OVERHEAD_CONCURRENCY")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(1);
    let length = Duration::from_secs(15);
    match side {
        "raw" => report_round(throughput_round(&Side::Raw(raw), concurrency, length).await),
        "sdk" => report_round(throughput_round(&Side::Sdk(sdk), concurrency, length).await),
        "both" => {
            let deadline = Instant::now() + length;
            let tasks: Vec<_> = (0..concurrency)
                .map(|_| {
                    let (raw, sdk) = (raw.clone(), sdk.clone());
                    tokio::spawn(async move {
                        let mut calls = 0u64;
                        while Instant::now() < deadline {
                            let mut call = std::pin::pin!(raw.update_tracking());
                            std::future::poll_fn(|cx| poll_raw(call.as_mut(), cx)).await;
                            let mut call = std::pin::pin!(sdk_update_tracking(&sdk));
                            std::future::poll_fn(|cx| poll_sdk(call.as_mut(), cx)).await;
                            calls += 1;
                        }
                        calls
                    })
                })
                .collect();
            let mut calls = 0;
            for task in tasks {
                calls += task.await.expect("caller task");
            }
            println!("{calls} calls of each at concurrency {concurrency}");
        }
        other => panic!("SDK_OVERHEAD_PROFILE is raw, sdk or both, not {other}"),
    }
}

fn report_round(round: Round) {
    println!(
        "{:.0} calls/s, {} per call",
        round.cps,
        round
            .cpu_per_call
            .map_or("CPU unknown".into(), |c| format!("{:.1} µs CPU", us(c)))
    );
}

#[inline(never)]
fn poll_raw<F: Future>(
    call: std::pin::Pin<&mut F>,
    cx: &mut std::task::Context<'_>,
) -> std::task::Poll<F::Output> {
    call.poll(cx)
}

#[inline(never)]
fn poll_sdk<F: Future>(
    call: std::pin::Pin<&mut F>,
    cx: &mut std::task::Context<'_>,
) -> std::task::Poll<F::Output> {
    call.poll(cx)
}
