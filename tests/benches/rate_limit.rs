//! The bulk job of issue 17 against the rate-limited fake, for three client
//! settings: the default policy, `RetryPolicy::patient()`, and the pace
//! (`with_pace`). Reports, for each, the wall time over the ideal time (the
//! windows the job needs), the refusals per window and the failed calls.
//!
//! Then a job at half the limit (issue 20): its throughput on a client that
//! met the limit first, over its throughput on a fresh client. A gate that
//! kept a learnt size past its window would send it one call at a time.
//!
//! `cargo bench -p e2e-tests --bench rate_limit` measures (300 calls, 64
//! callers, 100 per 2 s window); under `cargo test` (no `--bench`) it runs
//! once with tiny counts, as a smoke test of the same code.

use fakes::RateLimit;
use fakes::sellercloud::{FakeSellercloud, SellercloudConfig, StoredPurchaseOrder};
use futures::StreamExt;
use sellercloud::{RetryPolicy, UpdatePurchaseOrderTracking};
use std::time::{Duration, Instant};

struct Plan {
    calls: usize,
    callers: usize,
    limit: u32,
    window: Duration,
    /// Rounds of each worker in the half-rate job.
    half_rate_rounds: usize,
}

struct Outcome {
    name: &'static str,
    wall: Duration,
    ideal: Duration,
    windows: Vec<(u32, u32)>,
    failed: usize,
}

/// The rate-limited fake with purchase orders 1 to `pos`, and a client.
async fn start(
    plan: &Plan,
    pos: usize,
    policy: RetryPolicy,
) -> (FakeSellercloud, sellercloud::Client) {
    let mut config =
        SellercloudConfig::default().with_rate_limit(RateLimit::new(plan.limit, plan.window));
    for id in 1..=pos as i32 {
        config = config.with_purchase_order(StoredPurchaseOrder::new(id, false));
    }
    let fake = FakeSellercloud::start(config).await.expect("fake");
    let client = sellercloud::Client::builder()
        .base_url(fake.base_url())
        .username(fake.username())
        .password(fake.password().clone())
        .retry_policy(policy)
        .build()
        .expect("client");
    (fake, client)
}

async fn job(plan: &Plan, name: &'static str, policy: RetryPolicy) -> Outcome {
    let (fake, client) = start(plan, plan.calls, policy).await;
    let started = Instant::now();
    let failed = futures::stream::iter(1..=plan.calls as i32)
        .map(|id| {
            let client = client.clone();
            async move {
                client
                    .purchase_orders()
                    .update_tracking(
                        sellercloud::PurchaseOrderId::new(id),
                        UpdatePurchaseOrderTracking::new().tracking_number("T"),
                    )
                    .await
            }
        })
        .buffer_unordered(plan.callers)
        .filter(|r| std::future::ready(r.is_err()))
        .count()
        .await;
    let wall = started.elapsed();
    // The calls and the one token request, `limit` per window: the job can
    // end no sooner than the start of the last window it needs.
    let requests = plan.calls as u32 + 1;
    let windows_needed = requests.div_ceil(plan.limit);
    let ideal = plan.window * (windows_needed - 1);
    let windows = fake
        .rate_limit_windows()
        .iter()
        .map(|w| (w.accepted, w.refused))
        .collect();
    fake.shutdown().await;
    Outcome {
        name,
        wall,
        ideal: ideal.max(Duration::from_millis(1)),
        windows,
        failed,
    }
}

/// Calls per second of a job at about half the limit: `workers` tasks, each
/// a call then a pause, for `rounds` rounds. With `refused_first`, a burst
/// over the limit runs first, and the job starts once its reset has passed.
async fn half_rate(plan: &Plan, refused_first: bool) -> f64 {
    let workers = 10usize;
    let rounds = plan.half_rate_rounds;
    let calls = workers * rounds;
    let burst = if refused_first {
        plan.limit as usize + 20
    } else {
        0
    };
    let (fake, client) = start(plan, calls + burst, RetryPolicy::default()).await;
    let update = |client: sellercloud::Client, id: i32| async move {
        client
            .purchase_orders()
            .update_tracking(
                sellercloud::PurchaseOrderId::new(id),
                UpdatePurchaseOrderTracking::new().tracking_number("T"),
            )
            .await
            .expect("call");
    };
    if refused_first {
        futures::stream::iter(1..=burst as i32)
            .map(|id| update(client.clone(), id))
            .buffer_unordered(plan.callers)
            .collect::<Vec<()>>()
            .await;
        assert!(fake.rate_limit_refusals() > 0, "the burst met the limit");
        tokio::time::sleep(plan.window).await;
    }
    // Each worker's round: a call, then a pause that makes the job's rate
    // about half the limit.
    let pause = plan
        .window
        .mul_f64(workers as f64 / (plan.limit as f64 / 2.0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..workers)
        .map(|w| {
            let client = client.clone();
            tokio::spawn(async move {
                for r in 0..rounds {
                    let id = (burst + w * rounds + r + 1) as i32;
                    update(client.clone(), id).await;
                    tokio::time::sleep(pause).await;
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("worker");
    }
    let rate = calls as f64 / started.elapsed().as_secs_f64();
    fake.shutdown().await;
    rate
}

fn main() {
    let measuring = std::env::args().any(|a| a == "--bench");
    let plan = if measuring {
        Plan {
            calls: 300,
            callers: 64,
            limit: 100,
            window: Duration::from_secs(2),
            half_rate_rounds: 12,
        }
    } else {
        Plan {
            calls: 30,
            callers: 8,
            limit: 10,
            window: Duration::from_millis(300),
            half_rate_rounds: 2,
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let pace_calls = plan.limit - 2;
    let outcomes = runtime.block_on(async {
        vec![
            job(&plan, "default", RetryPolicy::default()).await,
            job(&plan, "patient", RetryPolicy::patient()).await,
            job(
                &plan,
                "pace",
                RetryPolicy::default().with_pace(pace_calls, plan.window),
            )
            .await,
        ]
    });
    let half: Vec<(f64, f64)> = runtime.block_on(async {
        let mut runs = Vec::new();
        for _ in 0..if measuring { 5 } else { 1 } {
            runs.push((half_rate(&plan, true).await, half_rate(&plan, false).await));
        }
        runs
    });
    println!(
        "rate_limit: {} calls, {} callers, {} per {:?} window",
        plan.calls, plan.callers, plan.limit, plan.window
    );
    println!("| settings | wall / ideal | wall | refusals per window | failed calls |");
    println!("|---|---|---|---|---|");
    for o in &outcomes {
        let refusals: Vec<String> = o.windows.iter().map(|(_, r)| r.to_string()).collect();
        println!(
            "| {} | {:.3} | {:.2} s | {} | {} |",
            o.name,
            o.wall.as_secs_f64() / o.ideal.as_secs_f64(),
            o.wall.as_secs_f64(),
            refusals.join(", "),
            o.failed
        );
        // What holds whatever the machine: nothing failed, windows after
        // the first end with at most one refusal, the pace with none.
        assert_eq!(o.failed, 0, "{}: calls failed", o.name);
        assert!(
            o.windows.iter().skip(1).all(|(_, r)| *r <= 1),
            "{}: {:?}",
            o.name,
            o.windows
        );
        if o.name == "pace" {
            assert!(
                o.windows.iter().all(|(_, r)| *r == 0),
                "pace: {:?}",
                o.windows
            );
        }
    }
    let mut ratios: Vec<f64> = half.iter().map(|(after, fresh)| after / fresh).collect();
    ratios.sort_by(f64::total_cmp);
    let median = ratios[ratios.len() / 2];
    println!(
        "half the limit after a refusal: throughput / fresh client's, median of {}: {median:.3} (runs: {})",
        ratios.len(),
        ratios
            .iter()
            .map(|r| format!("{r:.3}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    // Under the limit, a client that met it once must not be slower.
    assert!(
        median > 0.9,
        "half-rate throughput after a refusal: {median:.3}"
    );
}
