//! The part of a fake's state that does not depend on the vendor: the
//! credentials it accepts, the recorded requests and the fault scripts.

use crate::Fault;
use crate::clock::Clock;
use crate::rate_limit::Limiter;
use crate::record::RecordedRequest;
use api_runtime::secret::Secret;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

/// How many recorded requests a fake keeps by default (the oldest go first).
pub const DEFAULT_MAX_RECORDED: usize = 10_000;

/// Locks a mutex, ignoring poisoning: a panicking test thread must not turn
/// every later request into a second panic.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

struct Scripted<R> {
    route: R,
    fault: Fault,
    remaining: u32,
}

/// Recording, fault scripts and credentials of one fake.
pub(crate) struct Core<R> {
    pub(crate) clock: Clock,
    pub(crate) username: String,
    pub(crate) password: Secret,
    pub(crate) limiter: Limiter,
    requests: Mutex<VecDeque<RecordedRequest<R>>>,
    max_recorded: AtomicUsize,
    script: Mutex<Vec<Scripted<R>>>,
    injected: AtomicU64,
    seq: AtomicU64,
    connections: AtomicU64,
}

impl<R: Copy + Eq> Core<R> {
    pub(crate) fn new(username: String, password: Secret, clock: Clock) -> Core<R> {
        Core {
            clock,
            username,
            password,
            limiter: Limiter::default(),
            requests: Mutex::new(VecDeque::new()),
            max_recorded: AtomicUsize::new(DEFAULT_MAX_RECORDED),
            script: Mutex::new(Vec::new()),
            injected: AtomicU64::new(0),
            seq: AtomicU64::new(0),
            connections: AtomicU64::new(0),
        }
    }

    /// Whether a user name and password are the configured ones.
    pub(crate) fn credentials_match(&self, username: &str, password: &str) -> bool {
        username == self.username && password == self.password.expose()
    }

    pub(crate) fn next_connection(&self) -> u64 {
        self.connections.fetch_add(1, Ordering::Relaxed) + 1
    }

    pub(crate) fn next_seq(&self) -> u64 {
        self.seq.fetch_add(1, Ordering::Relaxed) + 1
    }

    pub(crate) fn inject(&self, route: R, fault: Fault, times: u32) {
        if times > 0 {
            lock(&self.script).push(Scripted {
                route,
                fault,
                remaining: times,
            });
        }
    }

    pub(crate) fn take_fault(&self, route: R) -> Option<Fault> {
        let mut script = lock(&self.script);
        let index = script.iter().position(|s| s.route == route)?;
        let entry = &mut script[index];
        entry.remaining -= 1;
        let fault = if entry.remaining == 0 {
            script.remove(index).fault
        } else {
            entry.fault.clone()
        };
        self.injected.fetch_add(1, Ordering::Relaxed);
        Some(fault)
    }

    pub(crate) fn pending_faults(&self, route: R) -> u32 {
        lock(&self.script)
            .iter()
            .filter(|s| s.route == route)
            .map(|s| s.remaining)
            .sum()
    }

    pub(crate) fn clear_faults(&self) {
        lock(&self.script).clear();
    }

    pub(crate) fn faults_injected(&self) -> u64 {
        self.injected.load(Ordering::Relaxed)
    }

    pub(crate) fn record(&self, request: RecordedRequest<R>) {
        let max = self.max_recorded.load(Ordering::Relaxed);
        let mut requests = lock(&self.requests);
        if max == 0 {
            return;
        }
        while requests.len() >= max {
            requests.pop_front();
        }
        requests.push_back(request);
    }

    pub(crate) fn requests(&self) -> Vec<RecordedRequest<R>> {
        lock(&self.requests).iter().cloned().collect()
    }

    pub(crate) fn requests_to(&self, route: R) -> Vec<RecordedRequest<R>> {
        lock(&self.requests)
            .iter()
            .filter(|r| r.route == Some(route))
            .cloned()
            .collect()
    }

    pub(crate) fn clear_requests(&self) {
        lock(&self.requests).clear();
    }

    pub(crate) fn set_max_recorded(&self, max: usize) {
        self.max_recorded.store(max, Ordering::Relaxed);
        let mut requests = lock(&self.requests);
        while requests.len() > max {
            requests.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc_clock() -> Clock {
        Clock::new(chrono::TimeDelta::zero(), chrono::Offset::fix(&chrono::Utc))
    }

    #[test]
    fn fault_scripts_run_in_order_and_count() {
        let core: Core<u8> = Core::new("u".into(), Secret::new("p"), utc_clock());
        core.inject(1, Fault::status(503), 2);
        core.inject(1, Fault::DropConnection, 1);
        core.inject(2, Fault::MalformedBody, 0);
        assert_eq!(core.pending_faults(1), 3);
        assert_eq!(core.pending_faults(2), 0);
        assert_eq!(core.take_fault(2), None);
        assert_eq!(core.take_fault(1), Some(Fault::status(503)));
        assert_eq!(core.take_fault(1), Some(Fault::status(503)));
        assert_eq!(core.take_fault(1), Some(Fault::DropConnection));
        assert_eq!(core.take_fault(1), None);
        assert_eq!(core.faults_injected(), 3);
    }
}
