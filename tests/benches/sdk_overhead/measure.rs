//! What is measured and how: sequential latency with the two clients
//! alternating, throughput rounds in pairs, process CPU, and the statistics
//! over them.

use crate::Plan;
use crate::clients::Side;
use crate::server::Server;
use std::time::{Duration, Instant};

#[derive(Clone, Copy)]
pub(crate) struct Stats {
    pub(crate) median: Duration,
    pub(crate) p99: Duration,
}

pub(crate) fn stats(samples: &mut [Duration]) -> Stats {
    samples.sort_unstable();
    let at = |q: f64| {
        let i = ((samples.len() as f64 - 1.0) * q).round() as usize;
        samples[i]
    };
    Stats {
        median: at(0.5),
        p99: at(0.99),
    }
}

pub(crate) fn median_f64(values: &mut [f64]) -> f64 {
    values.sort_unstable_by(f64::total_cmp);
    values[values.len() / 2]
}

pub(crate) fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// Sequential calls, raw and SDK alternating (and alternating which goes
/// first), each timed on its own.
pub(crate) async fn latency<R, S, FR, FS>(n: usize, raw: R, sdk: S) -> (Stats, Stats)
where
    R: Fn() -> FR,
    S: Fn() -> FS,
    FR: Future<Output = ()>,
    FS: Future<Output = ()>,
{
    let mut raw_samples = Vec::with_capacity(n);
    let mut sdk_samples = Vec::with_capacity(n);
    for i in 0..n {
        for side in [i % 2, 1 - i % 2] {
            let started = Instant::now();
            if side == 0 {
                raw().await;
                raw_samples.push(started.elapsed());
            } else {
                sdk().await;
                sdk_samples.push(started.elapsed());
            }
        }
    }
    (stats(&mut raw_samples), stats(&mut sdk_samples))
}

/// CPU time this process has used so far, summed over its threads (Linux:
/// `/proc/self/task/*/schedstat`, nanosecond resolution); `None` elsewhere.
/// Dividing a round's calls by the CPU it used takes out what other
/// processes on a shared machine take away, which wall-clock rates cannot.
pub(crate) fn process_cpu() -> Option<Duration> {
    let mut total = 0u64;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let path = task.ok()?.path().join("schedstat");
        // A thread may end between listing and reading: skip it.
        let Ok(stat) = std::fs::read_to_string(path) else {
            continue;
        };
        total += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(Duration::from_nanos(total))
}

/// One round: `concurrency` tasks calling back to back for `length`.
pub(crate) struct Round {
    /// Calls per wall-clock second.
    pub(crate) cps: f64,
    /// Process CPU per call (client, server and both runtimes), if known.
    pub(crate) cpu_per_call: Option<Duration>,
}

pub(crate) async fn throughput_round(side: &Side, concurrency: usize, length: Duration) -> Round {
    let cpu_before = process_cpu();
    let started = Instant::now();
    let deadline = started + length;
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let side = side.clone();
            tokio::spawn(async move {
                let mut calls = 0u64;
                while Instant::now() < deadline {
                    side.call().await;
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
    let elapsed = started.elapsed();
    let cpu = process_cpu()
        .zip(cpu_before)
        .map(|(a, b)| a.saturating_sub(b));
    Round {
        cps: calls as f64 / elapsed.as_secs_f64(),
        cpu_per_call: cpu.map(|c| c / u32::try_from(calls.max(1)).unwrap_or(u32::MAX)),
    }
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

/// Rounds of raw and SDK calls in pairs (which goes first alternates), so
/// that a change in machine load affects both halves of a pair alike; the
/// ratios are medians over the pairs.
pub(crate) async fn throughput(
    server: &Server,
    raw: &Side,
    sdk: &Side,
    concurrency: usize,
    plan: &Plan,
) -> Throughput {
    // Warm-up opens the connections this concurrency needs on both clients.
    throughput_round(raw, concurrency, plan.round * 2).await;
    throughput_round(sdk, concurrency, plan.round * 2).await;
    let (mut raw_cps, mut sdk_cps, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let (mut raw_cpu, mut sdk_cpu, mut cpu_ratios) = (Vec::new(), Vec::new(), Vec::new());
    let (mut raw_new, mut sdk_new) = (0, 0);
    for pair in 0..plan.rounds {
        let measure = async |side: &Side, new: &mut u64| {
            let before = server.connections();
            let round = throughput_round(side, concurrency, plan.round).await;
            *new += server.connections() - before;
            round
        };
        let (r, s) = if pair % 2 == 0 {
            let r = measure(raw, &mut raw_new).await;
            (r, measure(sdk, &mut sdk_new).await)
        } else {
            let s = measure(sdk, &mut sdk_new).await;
            (measure(raw, &mut raw_new).await, s)
        };
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
