//! Rate limits, once per client (and its clones): one refusal per window.
//!
//! Sellercloud allows a fixed number of calls per window (10,800 an hour per
//! IP) and refuses the rest until a reset time it names. Without a shared
//! gate every concurrent call of a bulk job would run into the limit on its
//! own, wait on its own, and all of them would fire at the same instant when
//! the window reopens. The gate instead:
//!
//! - **holds** every call of the client while a reset time is known, and
//!   releases them after it spread over a short jittered interval
//!   ([`RetryPolicy::with_rate_limit_spread`]), not at one instant; a reset
//!   further away than [`RetryPolicy::with_max_rate_limit_wait`] fails the
//!   held calls at once with [`Error::RateLimited`] and the reset time;
//! - **learns the window's size**: the calls the server accepted in a window
//!   before its first refusal. In the next windows it admits that many, then
//!   lets one call at a time probe for more, and only once every other call
//!   of the window has been answered: a probe that overtook a call still on
//!   its way could be taken in its place and leave that call, and the next
//!   probe, to be refused. So a window ends with at most one refusal. The
//!   first refusal a client meets cannot be foreseen: calls already on
//!   their way when it arrives are refused too;
//! - optionally **paces** calls ([`RetryPolicy::with_pace`]): at most `calls`
//!   in any interval of `per`, so a client that knows the limit is never
//!   refused at all. Off by default, since it slows bursts that a fixed
//!   window would have let through.
//!
//! Token requests count too (the server counts them): they are paced and
//! held like calls, and counted in the window, but never wait for a probe.

use crate::error::{Error, Result};
use crate::retry::RetryPolicy;
use chrono::{DateTime, FixedOffset};
use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Duration;
use tokio::sync::Notify;
use tokio::time::Instant;

use super::Telemetry;

/// Rate-limit state shared by a client and its clones.
pub struct RateGate {
    spread: Duration,
    max_wait: Duration,
    pace: Option<(u32, Duration)>,
    service: &'static str,
    telemetry: &'static dyn Telemetry,
    state: Mutex<State>,
    /// Wakes calls waiting for a probe's outcome.
    probed: Notify,
    /// Whether the gate does anything yet: until the first refusal (and
    /// without a pace) every call goes straight through, and only the
    /// calls the server took are counted, with one atomic add, for the
    /// window's size the first refusal will tell. Calls are the hot path.
    engaged: AtomicBool,
    /// Calls taken by the server before the gate engaged.
    accepted_before: AtomicU32,
}

impl std::fmt::Debug for RateGate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateGate")
            .field("service", &self.service)
            .field("spread", &self.spread)
            .field("pace", &self.pace)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Default)]
struct State {
    /// Calls wait until this instant (the reset the server named).
    closed: Option<Closed>,
    /// Counts which window a ticket was admitted in.
    window: u64,
    /// Calls the server accepts per window, once learnt.
    limit: Option<u32>,
    /// Calls admitted in this window.
    admitted: u32,
    /// Calls of this window the server answered without refusing them.
    accepted: u32,
    /// A call past the learnt limit is out, asking whether there is more.
    probing: bool,
    /// Tickets of this window admitted and not yet answered or dropped; a
    /// probe waits until there are none.
    outstanding: u32,
    /// Admission times of the last `pace.0` calls.
    recent: VecDeque<Instant>,
}

#[derive(Clone, Copy, Debug)]
struct Closed {
    until: Instant,
    reset_at: DateTime<FixedOffset>,
    /// The status of the refusal (429, or Sellercloud's 409).
    status: u16,
}

/// What a call or a token request is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Admission {
    /// An attempt of a call: may be asked to wait for a probe.
    Call,
    /// A token request inside an attempt that was already admitted.
    Token,
}

/// An admitted request; report its outcome with [`Ticket::answered`].
/// Dropping it unanswered (the call was cancelled, or failed before an
/// answer) frees a probe.
#[derive(Debug)]
pub struct Ticket<'a> {
    gate: &'a RateGate,
    window: u64,
    probe: bool,
    done: bool,
    /// Admitted before the gate engaged, without taking its lock.
    fast: bool,
}

impl Ticket<'_> {
    /// The request was answered: `refused` holds the reset time and status
    /// of a rate-limit refusal, `None` means the server took it.
    pub fn answered(mut self, refused: Option<(DateTime<FixedOffset>, u16)>) {
        self.done = true;
        if self.fast && refused.is_none() && !self.gate.engaged.load(Ordering::Acquire) {
            self.gate.accepted_before.fetch_add(1, Ordering::Relaxed);
            return;
        }
        self.gate.answered(self.window, self.probe, refused);
    }
}

impl Drop for Ticket<'_> {
    fn drop(&mut self) {
        if !self.done && !self.fast {
            let mut state = self.gate.lock();
            let mut wake = self.gate.settle(&mut state, self.window);
            if self.probe {
                state.probing = false;
                wake = true;
            }
            drop(state);
            if wake {
                self.gate.probed.notify_waiters();
            }
        }
    }
}

impl RateGate {
    /// An open gate for a client with `policy`, naming `telemetry`'s
    /// service in its errors.
    pub fn new(policy: &RetryPolicy, telemetry: &'static dyn Telemetry) -> Self {
        RateGate {
            spread: policy.rate_limit_spread(),
            max_wait: policy.max_rate_limit_wait(),
            pace: policy.pace(),
            service: telemetry.service(),
            telemetry,
            state: Mutex::new(State::default()),
            probed: Notify::new(),
            engaged: AtomicBool::new(policy.pace().is_some()),
            accepted_before: AtomicU32::new(0),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A random share of the spread interval.
    pub fn jitter(&self) -> Duration {
        self.spread.mul_f64(fastrand::f64())
    }

    /// Waits until the request may be sent: not while a reset time is
    /// known, not past the learnt window size unless as the one probe, and
    /// within the pace. Fails at once with [`Error::RateLimited`] when the
    /// reset is further away than the policy allows to wait.
    pub async fn admit(&self, kind: Admission) -> Result<Ticket<'_>> {
        if !self.engaged.load(Ordering::Acquire) {
            return Ok(Ticket {
                gate: self,
                window: 0,
                probe: false,
                done: false,
                fast: true,
            });
        }
        loop {
            let wait = {
                let mut state = self.lock();
                let now = Instant::now();
                match state.closed {
                    Some(closed) if closed.until > now => {
                        let wait = closed.until - now;
                        if wait > self.max_wait {
                            return Err(Error::RateLimited {
                                service: self.service,
                                status: closed.status,
                                reset_at: Some(closed.reset_at),
                                message: Some(
                                    "held back: the rate limit resets later than the retry policy waits"
                                        .into(),
                                ),
                            });
                        }
                        Some(wait + self.jitter())
                    }
                    Some(_) => {
                        // The reset has come: a new window.
                        state.closed = None;
                        state.window += 1;
                        state.admitted = 0;
                        state.accepted = 0;
                        state.probing = false;
                        state.outstanding = 0;
                        None
                    }
                    None => None,
                }
                .or_else(|| self.pace_wait(&mut state, now))
            };
            if let Some(wait) = wait {
                self.telemetry
                    .held_by_rate_limit(u64::try_from(wait.as_millis()).unwrap_or(u64::MAX));
                tokio::time::sleep(wait).await;
                continue;
            }
            let notified = self.probed.notified();
            {
                let mut state = self.lock();
                let past_limit = kind == Admission::Call
                    && state.limit.is_some_and(|limit| state.admitted >= limit);
                if past_limit && (state.probing || state.outstanding > 0) {
                    // Wait for the probe's outcome, or for the window's
                    // other calls to be answered (below, unlocked).
                } else {
                    state.admitted += 1;
                    state.outstanding += 1;
                    if let Some(_pace) = self.pace {
                        state.recent.push_back(Instant::now());
                    }
                    if past_limit {
                        state.probing = true;
                    }
                    return Ok(Ticket {
                        gate: self,
                        window: state.window,
                        probe: past_limit,
                        done: false,
                        fast: false,
                    });
                }
            }
            notified.await;
        }
    }

    /// How long the pace makes this request wait, if at all.
    fn pace_wait(&self, state: &mut State, now: Instant) -> Option<Duration> {
        let (calls, per) = self.pace?;
        while state
            .recent
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= per)
        {
            state.recent.pop_front();
        }
        if state.recent.len() < calls as usize {
            return None;
        }
        // The oldest of the last `calls` admissions leaves the interval at
        // front + per; a small margin covers the request's own way to the
        // server, which counts on arrival.
        let front = *state.recent.front()?;
        Some((front + per).saturating_duration_since(now) + per / 100)
    }

    /// A ticket of `window` is done with; true when that leaves a probe
    /// free to go.
    fn settle(&self, state: &mut State, window: u64) -> bool {
        if window != state.window || state.outstanding == 0 {
            return false;
        }
        state.outstanding -= 1;
        state.outstanding == 0 && state.limit.is_some_and(|limit| state.admitted >= limit)
    }

    fn answered(&self, window: u64, probe: bool, refused: Option<(DateTime<FixedOffset>, u16)>) {
        let mut state = self.lock();
        let mut wake = self.settle(&mut state, window);
        match refused {
            None => {
                if window == state.window {
                    state.accepted += 1;
                    if probe {
                        // There was room after all: one more per window.
                        state.limit = Some(state.limit.unwrap_or(0).max(state.accepted));
                    }
                }
            }
            Some((reset_at, status)) => self.close(&mut state, window, reset_at, status),
        }
        if probe {
            state.probing = false;
            wake = true;
        }
        drop(state);
        if wake {
            self.probed.notify_waiters();
        }
    }

    fn close(&self, state: &mut State, window: u64, reset_at: DateTime<FixedOffset>, status: u16) {
        let wait = crate::retry::wait_until(reset_at);
        if wait.is_zero() {
            return;
        }
        let until = Instant::now() + wait;
        if !self.engaged.swap(true, Ordering::AcqRel) {
            state.accepted += self.accepted_before.swap(0, Ordering::AcqRel);
        }
        // The first refusal of a window tells its size; later ones (calls
        // that were on their way) only confirm it.
        if state.closed.is_none() && window == state.window {
            state.limit = Some(state.accepted);
        }
        if state.closed.is_none_or(|c| c.until < until) {
            state.closed = Some(Closed {
                until,
                reset_at,
                status,
            });
        }
    }

    /// Holds calls until `reset_at`, a rate limit's reset time learnt
    /// outside a ticket (a refused token request).
    pub fn close_until(&self, reset_at: DateTime<FixedOffset>, status: u16) {
        let mut state = self.lock();
        let window = state.window;
        self.close(&mut state, window, reset_at, status);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    crate::telemetry!(struct GateTelemetry = "gate_test", "Test");

    fn gate(policy: RetryPolicy) -> RateGate {
        RateGate::new(&policy, &GateTelemetry)
    }

    fn reset_in(seconds: i64) -> DateTime<FixedOffset> {
        (Utc::now() + chrono::Duration::seconds(seconds)).fixed_offset()
    }

    #[tokio::test(start_paused = true)]
    async fn a_refusal_holds_later_calls_until_the_reset_and_teaches_the_window_size() {
        let g = gate(RetryPolicy::default());
        for _ in 0..3 {
            g.admit(Admission::Call).await.unwrap().answered(None);
        }
        let started = Instant::now();
        g.admit(Admission::Call)
            .await
            .unwrap()
            .answered(Some((reset_in(10), 429)));
        // Held until the reset, then admitted.
        let t = g.admit(Admission::Call).await.unwrap();
        assert!(started.elapsed() >= Duration::from_secs(9));
        assert!(!t.probe);
        t.answered(None);
        // The window's size was learnt: 3 calls, then one probe at a time.
        g.admit(Admission::Call).await.unwrap().answered(None);
        g.admit(Admission::Call).await.unwrap().answered(None);
        let probe = g.admit(Admission::Call).await.unwrap();
        assert!(probe.probe);
        // While the probe is out, the next call waits for its outcome.
        let waiting = g.admit(Admission::Call);
        tokio::pin!(waiting);
        assert!(
            tokio::time::timeout(Duration::from_millis(10), &mut waiting)
                .await
                .is_err()
        );
        // A token request is never held for the probe.
        g.admit(Admission::Token).await.unwrap().answered(None);
        probe.answered(None);
        let next = waiting.await.unwrap();
        assert!(
            next.probe,
            "the window took one more: the next call probes again"
        );
        next.answered(Some((reset_in(10), 429)));
    }

    /// A probe that overtook a call still on its way could be taken in the
    /// call's place; the call, and the next probe, would then be refused:
    /// two refusals in one window (seen in tests/tests/e2e_rate_limit.rs).
    #[tokio::test(start_paused = true)]
    async fn a_probe_waits_until_the_windows_other_calls_are_answered() {
        let g = gate(RetryPolicy::default().with_rate_limit_spread(Duration::ZERO));
        for _ in 0..2 {
            g.admit(Admission::Call).await.unwrap().answered(None);
        }
        g.admit(Admission::Call)
            .await
            .unwrap()
            .answered(Some((reset_in(10), 429)));
        // The next window: the learnt two go out at once and stay out.
        let first = g.admit(Admission::Call).await.unwrap();
        let second = g.admit(Admission::Call).await.unwrap();
        assert!(!first.probe && !second.probe);
        let probe = g.admit(Admission::Call);
        tokio::pin!(probe);
        let out_for_10ms = Duration::from_millis(10);
        assert!(
            tokio::time::timeout(out_for_10ms, &mut probe)
                .await
                .is_err(),
            "no probe while two calls are out"
        );
        first.answered(None);
        assert!(
            tokio::time::timeout(out_for_10ms, &mut probe)
                .await
                .is_err(),
            "no probe while one call is out"
        );
        // A call that ends without an answer (cancelled) frees it too.
        drop(second);
        let probe = probe.await.unwrap();
        assert!(probe.probe);
        probe.answered(Some((reset_in(10), 429)));
    }

    #[tokio::test(start_paused = true)]
    async fn a_reset_past_the_wait_bound_fails_held_calls_at_once() {
        let g = gate(RetryPolicy::default());
        g.admit(Admission::Call)
            .await
            .unwrap()
            .answered(Some((reset_in(120), 409)));
        let started = Instant::now();
        let e = g.admit(Admission::Call).await.unwrap_err();
        assert!(
            matches!(
                e,
                Error::RateLimited {
                    status: 409,
                    reset_at: Some(_),
                    ..
                }
            ),
            "{e}"
        );
        assert_eq!(started.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn held_calls_are_released_spread_over_the_interval() {
        let spread = Duration::from_secs(2);
        let g = std::sync::Arc::new(gate(RetryPolicy::default().with_rate_limit_spread(spread)));
        g.admit(Admission::Call)
            .await
            .unwrap()
            .answered(Some((reset_in(5), 429)));
        let started = Instant::now();
        let calls = (0..50).map(|_| {
            let g = g.clone();
            tokio::spawn(async move {
                let t = g.admit(Admission::Call).await.unwrap();
                let at = started.elapsed();
                drop(t);
                at
            })
        });
        let mut times: Vec<Duration> = futures::future::join_all(calls)
            .await
            .into_iter()
            .map(|r| r.unwrap())
            .collect();
        times.sort();
        let span = times[times.len() - 1] - times[0];
        assert!(span >= spread / 2, "released within {span:?}");
        assert!(times[0] >= Duration::from_secs(4));
    }

    #[tokio::test(start_paused = true)]
    async fn the_pace_admits_at_most_n_calls_in_any_interval() {
        let per = Duration::from_secs(10);
        let g = gate(RetryPolicy::default().with_pace(5, per));
        let started = Instant::now();
        let mut times = Vec::new();
        for _ in 0..12 {
            g.admit(Admission::Call).await.unwrap().answered(None);
            times.push(started.elapsed());
        }
        for window in times.windows(6) {
            assert!(window[5] - window[0] >= per, "{times:?}");
        }
        assert!(
            times[4] < Duration::from_secs(1),
            "the first five go at once: {times:?}"
        );
    }
}
