//! Sequential latency with the two clients alternating call by call,
//! process CPU, and the statistics over samples.

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
