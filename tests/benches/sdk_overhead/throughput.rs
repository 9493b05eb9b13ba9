//! Throughput: calls per second, and process CPU per call, of each client
//! at a given number of concurrent callers, from rounds in pairs.
//!
//! A pair is a raw round and an SDK round, back to back, so that a change
//! in machine load hits both alike; which goes first alternates from pair
//! to pair. Both rounds of a pair run on **the same caller tasks**: every
//! task calls with the first client for a round, waits at a barrier until
//! all have, then calls with the second. With fresh tasks per round, the
//! Tokio worker a lone caller runs on was decided by the round's position
//! in the sequence (first and second rounds of a pair on different
//! workers), and at one caller the two workers are not equally fast: see
//! BENCHMARKS.md, "Throughput at one caller".

use crate::Plan;
use crate::clients::Side;
use crate::measure::{median_f64, process_cpu};
use crate::server::Server;
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Barrier;

/// One round of one client.
pub(crate) struct Round {
    /// Calls per wall-clock second.
    pub(crate) cps: f64,
    /// Process CPU per call (client, server and both runtimes), if known.
    pub(crate) cpu_per_call: Option<Duration>,
    /// New connections the server accepted during the round.
    pub(crate) new_connections: u64,
    /// The threads the callers started and ended the round on, and how
    /// often a caller moved between calls, for `SDK_OVERHEAD_ROUNDS=1`.
    pub(crate) threads: String,
}

/// Reads a counter of the server (its connections) at the round marks.
type Probe = Arc<dyn Fn() -> u64 + Send + Sync>;

/// Where each round starts and ends: the time, the process CPU and the
/// server's connections so far.
type Mark = (Instant, Option<Duration>, u64);

/// One round per entry of `sides`, one after the other, on the same
/// `concurrency` caller tasks, each round `length` long.
pub(crate) async fn rounds_on_same_tasks(
    sides: &[Side],
    concurrency: usize,
    length: Duration,
    connections: Probe,
) -> Vec<Round> {
    let sides: Arc<[Side]> = sides.into();
    let barrier = Arc::new(Barrier::new(concurrency));
    let marks: Arc<Mutex<Vec<Mark>>> = Arc::new(Mutex::new(Vec::new()));
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let (sides, barrier, marks) = (sides.clone(), barrier.clone(), marks.clone());
            let connections = connections.clone();
            let track = print_rounds();
            tokio::spawn(async move {
                let mut calls = vec![0u64; sides.len()];
                let mut threads = Vec::with_capacity(sides.len());
                for (round, side) in sides.iter().enumerate() {
                    mark(&barrier, &marks, &connections).await;
                    // Where each caller runs, for SDK_OVERHEAD_ROUNDS=1 (read
                    // only then, so the measured loop is the same otherwise).
                    let start_thread = std::thread::current().id();
                    let mut last = start_thread;
                    let mut moves = 0u32;
                    let deadline = Instant::now() + length;
                    while Instant::now() < deadline {
                        side.call().await;
                        calls[round] += 1;
                        if track {
                            let now = std::thread::current().id();
                            if now != last {
                                moves += 1;
                                last = now;
                            }
                        }
                    }
                    threads.push(format!("{start_thread:?} -> {last:?} ({moves} moves)"));
                }
                mark(&barrier, &marks, &connections).await;
                (calls, threads)
            })
        })
        .collect();
    let mut calls = vec![0u64; sides.len()];
    let mut threads = vec![BTreeSet::new(); sides.len()];
    for task in tasks {
        let (task_calls, task_threads) = task.await.expect("caller task");
        for round in 0..sides.len() {
            calls[round] += task_calls[round];
            threads[round].insert(task_threads[round].clone());
        }
    }
    let marks = marks.lock().unwrap();
    assert_eq!(marks.len(), sides.len() + 1, "a mark per round and the end");
    (0..sides.len())
        .map(|round| {
            let ((start, cpu_start, conn_start), (end, cpu_end, conn_end)) =
                (marks[round], marks[round + 1]);
            let calls = calls[round];
            let cpu = cpu_end.zip(cpu_start).map(|(a, b)| a.saturating_sub(b));
            Round {
                cps: calls as f64 / (end - start).as_secs_f64(),
                cpu_per_call: cpu.map(|c| c / u32::try_from(calls.max(1)).unwrap_or(u32::MAX)),
                new_connections: conn_end - conn_start,
                threads: threads[round].iter().cloned().collect::<Vec<_>>().join(","),
            }
        })
        .collect()
}

/// Waits until every caller task is here; the last to arrive marks the
/// time: a round starts when every task may call, and ends when the last
/// task's last call is back. A lone caller never waits, so nothing moves
/// it to another thread between the rounds of a pair.
async fn mark(barrier: &Barrier, marks: &Mutex<Vec<Mark>>, connections: &Probe) {
    if barrier.wait().await.is_leader() {
        let mark = (Instant::now(), process_cpu(), connections());
        marks.lock().unwrap().push(mark);
    }
}

/// `SDK_OVERHEAD_ROUNDS=1`: print every pair of rounds, with the threads
/// its callers ran on.
fn print_rounds() -> bool {
    std::env::var_os("SDK_OVERHEAD_ROUNDS").is_some_and(|v| v != "0")
}

/// One round of one client (the profiling loop).
pub(crate) async fn throughput_round(side: &Side, concurrency: usize, length: Duration) -> Round {
    rounds_on_same_tasks(
        std::slice::from_ref(side),
        concurrency,
        length,
        Arc::new(|| 0),
    )
    .await
    .pop()
    .expect("one round")
}

pub(crate) struct Throughput {
    pub(crate) concurrency: usize,
    pub(crate) raw_cps: f64,
    pub(crate) sdk_cps: f64,
    /// Median of the per-pair SDK/raw ratios of calls per second.
    pub(crate) ratio: f64,
    /// Median process CPU per call.
    pub(crate) raw_cpu: Option<Duration>,
    pub(crate) sdk_cpu: Option<Duration>,
    /// Median of the per-pair raw/SDK ratios of CPU per call: calls per
    /// CPU-second, SDK over raw.
    pub(crate) cpu_ratio: Option<f64>,
    pub(crate) raw_new_connections: u64,
    pub(crate) sdk_new_connections: u64,
}

/// `plan.rounds` pairs at `concurrency` (see the module docs); the ratios
/// are medians over the pairs. `SDK_OVERHEAD_ROUNDS=1` prints every pair.
pub(crate) async fn throughput(
    server: &Server,
    raw: &Side,
    sdk: &Side,
    concurrency: usize,
    plan: &Plan,
) -> Throughput {
    let print = print_rounds();
    let connections = server.connection_probe();
    // Warm-up opens the connections this concurrency needs on both clients.
    let both = [raw.clone(), sdk.clone()];
    rounds_on_same_tasks(&both, concurrency, plan.round * 2, connections.clone()).await;
    let (mut raw_cps, mut sdk_cps, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let (mut raw_cpu, mut sdk_cpu, mut cpu_ratios) = (Vec::new(), Vec::new(), Vec::new());
    let (mut raw_new, mut sdk_new) = (0, 0);
    for pair in 0..plan.rounds {
        let raw_first = pair % 2 == 0;
        let order = if raw_first {
            [raw.clone(), sdk.clone()]
        } else {
            [sdk.clone(), raw.clone()]
        };
        let mut rounds =
            rounds_on_same_tasks(&order, concurrency, plan.round, connections.clone()).await;
        let (second, first) = (
            rounds.pop().expect("2 rounds"),
            rounds.pop().expect("2 rounds"),
        );
        let (r, s) = if raw_first {
            (first, second)
        } else {
            (second, first)
        };
        if print {
            println!(
                "  x{concurrency} pair {pair:>2} ({} first): raw {:>6.0}/s on {}, sdk {:>6.0}/s on {}: ratio {:.3}",
                if raw_first { "raw" } else { "sdk" },
                r.cps,
                r.threads,
                s.cps,
                s.threads,
                s.cps / r.cps
            );
        }
        raw_new += r.new_connections;
        sdk_new += s.new_connections;
        raw_cps.push(r.cps);
        sdk_cps.push(s.cps);
        ratios.push(s.cps / r.cps);
        if let (Some(rc), Some(sc)) = (r.cpu_per_call, s.cpu_per_call) {
            raw_cpu.push(rc.as_secs_f64());
            sdk_cpu.push(sc.as_secs_f64());
            cpu_ratios.push(rc.as_secs_f64() / sc.as_secs_f64());
        }
    }
    let median_cpu =
        |v: &mut Vec<f64>| (!v.is_empty()).then(|| Duration::from_secs_f64(median_f64(v)));
    Throughput {
        concurrency,
        raw_cps: median_f64(&mut raw_cps),
        sdk_cps: median_f64(&mut sdk_cps),
        ratio: median_f64(&mut ratios),
        raw_cpu: median_cpu(&mut raw_cpu),
        sdk_cpu: median_cpu(&mut sdk_cpu),
        cpu_ratio: (!cpu_ratios.is_empty()).then(|| median_f64(&mut cpu_ratios)),
        raw_new_connections: raw_new,
        sdk_new_connections: sdk_new,
    }
}
