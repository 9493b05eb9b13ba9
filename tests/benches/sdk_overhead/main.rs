//! What the Sellercloud SDK costs over calling the API by hand with reqwest.
//!
//! One process, one loopback server (the suite's raw `e2e_tests::loopback`
//! server with a handler of a few lines, so that the server is as cheap as
//! possible and the client side dominates: [`server`]), two clients
//! ([`clients`]): the ergonomic `sellercloud::Client` and a
//! hand-written `reqwest::Client` call that sends the same bytes (checked
//! at the server before anything is measured). Every figure that compares
//! the two is a ratio of measurements taken interleaved, so that load from
//! other processes hits both sides alike.
//!
//! 1. per-call latency (median, p99) of `update_tracking` (a PUT), and of
//!    `create` with 1,000 products (large body);
//! 2. throughput at 1, 16 and 64 concurrent calls;
//! 3. token requests when 1,000 calls start at once on a cold client
//!    (asserted: exactly 1);
//! 4. building, validating and serializing a create-PO request with 1,000
//!    products (criterion, plus medians for the summary);
//! 5. `xtask generate` and `xtask check` with the built xtask binary.
//!
//! Modes: `cargo bench -p e2e-tests --bench sdk_overhead` is the quick mode
//! (under two minutes of measuring); `SDK_OVERHEAD_FULL=1` measures longer;
//! criterion's `--test` flag runs everything once with tiny counts. Counts
//! (same request bytes, token requests, requests per call, new connections)
//! are asserted; times never are.
//!
//! Other switches: `SDK_OVERHEAD_WORKERS` (Tokio worker threads, default
//! one per CPU), `SDK_OVERHEAD_XTASK` (the xtask binary to time), and
//! `SDK_OVERHEAD_PROFILE` (see [`profile::profile_loop`]) to run one kind of
//! call for a profiler. See BENCHMARKS.md for how to read the output.
//!
//! The modules: [`server`] and [`clients`] (the two sides and what they
//! call), [`measure`] (latency, statistics), [`throughput`] (rounds in
//! pairs on the same caller tasks), [`network`] (items 1 to 3),
//! [`create_po`] (item 4), [`xtask`] (item 5), [`report`] (the summary
//! table), [`profile`] (the profiling loop).

mod clients;
mod create_po;
mod measure;
mod network;
mod profile;
mod report;
mod server;
mod throughput;
mod xtask;

use create_po::{create_po_cost, criterion_create_po};
use criterion::Criterion;
use report::{Report, machine};
use std::hint::black_box;
use std::time::{Duration, Instant};

pub(crate) const PO_ID: i32 = 1001;
pub(crate) const CARRIER: &str = "UPS";
pub(crate) const TRACKING: &str = "1Z999AA10123456784";
pub(crate) const USERNAME: &str = "bench.user@example.com";
pub(crate) const PASSWORD: &str = "bench-password";
/// The one token the server issues: both clients then send the same bytes.
pub(crate) const TOKEN: &str = "bench-token-0123456789abcdef";
/// The `api-version` header the generated client adds to every request.
pub(crate) const API_VERSION: &str = "2024.1.0";
pub(crate) const PRODUCTS: usize = 1_000;
pub(crate) const CONCURRENCY: [usize; 3] = [1, 16, 64];
pub(crate) const COLD_CALLS: usize = 1_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// `--test`, or run without `--bench` (as `cargo test --all-targets`
    /// does): everything once, tiny counts (a smoke run), so the test suite
    /// checks the bench's assertions without spending minutes measuring.
    Smoke,
    /// The default: a few minutes at most on two busy cores.
    Quick,
    /// `SDK_OVERHEAD_FULL=1`: longer runs, steadier figures.
    Full,
}

pub(crate) struct Plan {
    pub(crate) warmup_calls: usize,
    pub(crate) latency_calls: usize,
    pub(crate) large_calls: usize,
    pub(crate) rounds: usize,
    pub(crate) round: Duration,
    pub(crate) xtask_runs: usize,
    pub(crate) micro_runs: usize,
}

impl Mode {
    pub(crate) fn detect() -> Mode {
        // `cargo bench` passes `--bench`; `cargo test` does not.
        let args: Vec<String> = std::env::args().collect();
        if args.iter().any(|a| a == "--test") || !args.iter().any(|a| a == "--bench") {
            Mode::Smoke
        } else if std::env::var_os("SDK_OVERHEAD_FULL").is_some_and(|v| v != "0") {
            Mode::Full
        } else {
            Mode::Quick
        }
    }

    pub(crate) fn plan(self) -> Plan {
        match self {
            Mode::Smoke => Plan {
                warmup_calls: 20,
                latency_calls: 200,
                large_calls: 10,
                rounds: 2,
                round: Duration::from_millis(50),
                xtask_runs: 1,
                micro_runs: 3,
            },
            Mode::Quick => Plan {
                warmup_calls: 1_000,
                latency_calls: 10_000,
                large_calls: 300,
                rounds: 25,
                round: Duration::from_millis(200),
                xtask_runs: 3,
                micro_runs: 31,
            },
            Mode::Full => Plan {
                warmup_calls: 3_000,
                latency_calls: 50_000,
                large_calls: 2_000,
                rounds: 75,
                round: Duration::from_millis(300),
                xtask_runs: 7,
                micro_runs: 201,
            },
        }
    }
}

fn main() {
    let mode = Mode::detect();
    let plan = mode.plan();
    let mut report = Report {
        mode,
        rows: Vec::new(),
        notes: Vec::new(),
    };
    let machine = machine();
    println!("sdk_overhead: {mode:?} mode; {machine}");
    report
        .notes
        .push(format!("machine at the start: {machine}"));

    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if let Some(workers) = std::env::var("SDK_OVERHEAD_WORKERS")
        .ok()
        .and_then(|w| w.parse().ok())
    {
        runtime.worker_threads(workers);
    }
    let runtime = runtime.enable_all().build().expect("tokio runtime");
    // The server on threads of its own, like a server on another machine
    // (unless SDK_OVERHEAD_SERVER_THREADS=0: then it shares the clients'
    // runtime).
    let server_threads = std::env::var("SDK_OVERHEAD_SERVER_THREADS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(1usize);
    let server_runtime = (server_threads > 0).then(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(server_threads)
            .thread_name("bench-server")
            .enable_all()
            .build()
            .expect("server runtime")
    });
    let server = server_runtime
        .as_ref()
        .map_or_else(|| runtime.handle().clone(), |r| r.handle().clone());
    if let Ok(side) = std::env::var("SDK_OVERHEAD_PROFILE") {
        if side == "validate" {
            let request = clients::create_request();
            let deadline = Instant::now() + Duration::from_secs(15);
            let mut runs = 0u64;
            while Instant::now() < deadline {
                black_box(request.clone().build().expect("valid"));
                runs += 1;
            }
            println!("{runs} validations (with a clone each)");
        } else {
            runtime.block_on(profile::profile_loop(&side, &server));
        }
        return;
    }
    runtime.block_on(network::network_benchmarks(&plan, &mut report, &server));
    drop(runtime);
    drop(server_runtime);

    // 4. Create-PO request cost.
    let cost = create_po_cost(plan.micro_runs);
    for (what, d) in [
        ("build", cost.build),
        ("validate (build())", cost.validate),
        ("serialize", cost.serialize),
    ] {
        report.row(
            format!("create-PO {PRODUCTS} products: {what}"),
            if what == "serialize" {
                format!("{:.1} µs", measure::us(cost.raw_serialize))
            } else {
                "-".into()
            },
            format!("{:.1} µs", measure::us(d)),
            if what == "serialize" {
                format!("{:.3}", measure::us(d) / measure::us(cost.raw_serialize))
            } else {
                "-".into()
            },
            "(reported)",
        );
    }
    report.notes.push(format!(
        "create-PO body with {PRODUCTS} products: {} bytes of JSON",
        cost.bytes
    ));

    // 5. xtask.
    match xtask::time_xtask(plan.xtask_runs) {
        Ok(t) => {
            report.row(
                format!("xtask generate (median of {})", t.runs),
                "-".into(),
                format!("{:.0} ms", t.generate.as_secs_f64() * 1e3),
                "-".into(),
                "(reported)",
            );
            report.row(
                format!("xtask check (median of {})", t.runs),
                "-".into(),
                format!("{:.0} ms", t.check.as_secs_f64() * 1e3),
                "-".into(),
                "(reported)",
            );
            report
                .notes
                .push(format!("xtask binary: {}", t.binary.display()));
        }
        Err(e) => report.notes.push(format!("xtask not timed: {e}")),
    }

    let mut criterion = Criterion::default().configure_from_args();
    criterion = match mode {
        Mode::Quick => criterion
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3))
            .sample_size(20),
        Mode::Smoke | Mode::Full => criterion,
    };
    criterion_create_po(&mut criterion);
    criterion.final_summary();

    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        let load = load
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        report
            .notes
            .push(format!("load average at the end: {load}"));
    }
    report.print();
}
