//! Rate limits, once per client (and its clones): one refusal per window.
//!
//! Sellercloud allows a fixed number of calls per window (10,800 an hour per
//! IP) and refuses the rest until a reset time it names. Without a shared
//! gate every concurrent call of a bulk job would run into the limit on its
//! own, wait on its own, and all of them would fire at the same instant when
//! the window reopens. The gate combines three policies, each in its own
//! module:
//!
//! - `hold.rs`: after a refusal, every call of the client waits until the
//!   reset, measured on the server's clock ([`ServerClock`]), and the held
//!   calls go out spread over a short jittered interval
//!   ([`RetryPolicy::with_rate_limit_spread`]), not at one instant. A hold
//!   longer than the call's [`RetryPolicy::with_max_rate_limit_wait`] fails
//!   the call at once with [`Error::RateLimited`] and the reset time.
//! - `window.rs`: the window after a refusal admits as many calls as the
//!   server took in the refused one, then one probe at a time; the learnt
//!   size expires with its window, and calls flow freely again after a
//!   window without refusal.
//! - `pace.rs`: optionally ([`RetryPolicy::with_pace`]) at most `calls` in
//!   any interval of `per`, so a client that knows the limit is never
//!   refused at all.
//!
//! Waiters are woken on every change that can free them (a window's end, a
//! refusal, a probe's outcome, the last answer of a window) and never wait
//! longer than their call's `max_rate_limit_wait`.
//!
//! Token requests count too (the server counts them): they are paced and
//! held like calls, and counted in the window, but never wait for a probe.

mod hold;
mod pace;
mod window;

pub use hold::MIN_HOLD;

use crate::call::ServerClock;
use crate::error::{Error, Result};
use crate::retry::RetryPolicy;
use chrono::{DateTime, FixedOffset};
use hold::Hold;
use pace::Pace;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Duration;
use tokio::sync::Notify;
use tokio::time::Instant;
use window::{Turn, Windows};

use super::Telemetry;

/// Rate-limit state shared by a client and its clones.
pub struct RateGate {
    spread: Duration,
    max_wait: Duration,
    service: &'static str,
    telemetry: &'static dyn Telemetry,
    clock: ServerClock,
    state: Mutex<State>,
    /// Wakes calls waiting for a change of the state.
    changed: Notify,
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
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Default)]
struct State {
    hold: Option<Hold>,
    windows: Windows,
    pace: Option<Pace>,
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
    held: Duration,
}

impl Ticket<'_> {
    /// Whether this request goes past the learnt window size, asking the
    /// server whether there is more room: its refusal was invited by the
    /// gate and does not cost the call an attempt.
    pub fn is_probe(&self) -> bool {
        self.probe
    }

    /// How long the gate held the request before admitting it.
    pub fn held(&self) -> Duration {
        self.held
    }

    /// The request was answered: `refused` holds the reset time and status
    /// of a rate-limit refusal, `None` means the server took it.
    pub fn answered(mut self, refused: Option<(DateTime<FixedOffset>, u16)>) {
        self.done = true;
        if self.fast && refused.is_none() && !self.gate.engaged.load(Ordering::Acquire) {
            self.gate.accepted_before.fetch_add(1, Ordering::Relaxed);
            return;
        }
        // A ticket admitted before the gate engaged was never counted out.
        let settle = !self.fast;
        self.gate.answered(self.window, self.probe, settle, refused);
    }

    /// The request was answered with a rate-limit refusal that named no
    /// reset time: it was not taken, and teaches nothing.
    pub fn refused_without_reset(mut self) {
        self.done = true;
        if !self.fast {
            self.gate.settle(self.window, self.probe);
        }
    }
}

impl Drop for Ticket<'_> {
    fn drop(&mut self) {
        if !self.done && !self.fast {
            self.gate.settle(self.window, self.probe);
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
            service: telemetry.service(),
            telemetry,
            clock: ServerClock::new(),
            state: Mutex::new(State {
                pace: policy.pace().map(|(calls, per)| Pace::new(calls, per)),
                ..State::default()
            }),
            changed: Notify::new(),
            engaged: AtomicBool::new(policy.pace().is_some()),
            accepted_before: AtomicU32::new(0),
        }
    }

    /// The estimate of the server's clock the gate measures resets on.
    pub fn clock(&self) -> &ServerClock {
        &self.clock
    }

    /// The calls the current window admits before probing, once a refusal
    /// taught it (`None`: calls flow freely).
    pub fn learnt_limit(&self) -> Option<u32> {
        self.lock().windows.limit()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A random share of the spread interval.
    pub fn jitter(&self) -> Duration {
        self.spread.mul_f64(fastrand::f64())
    }

    /// Waits until the request may be sent, with the client's
    /// `max_rate_limit_wait`; see [`Self::admit_within`].
    pub async fn admit(&self, kind: Admission) -> Result<Ticket<'_>> {
        self.admit_within(kind, self.max_wait).await
    }

    /// Waits until the request may be sent: not while a reset time is
    /// known, not past the learnt window size unless as the one probe, and
    /// within the pace. Fails with [`Error::RateLimited`] at once when a
    /// known reset (or the pace) is further away than `max_wait`; a call
    /// that has waited `max_wait` for probes goes without being one.
    pub async fn admit_within(&self, kind: Admission, max_wait: Duration) -> Result<Ticket<'_>> {
        if !self.engaged.load(Ordering::Acquire) {
            return Ok(self.ticket(0, false, true, Duration::ZERO));
        }
        let started = Instant::now();
        let deadline = started + max_wait;
        let mut overdue = false;
        loop {
            // Registered before the state is read, so no change is missed.
            let changed = self.changed.notified();
            let wait = {
                let mut state = self.lock();
                let now = Instant::now();
                if state.windows.roll(now) {
                    state.hold = None;
                    self.changed.notify_waiters();
                }
                match state.hold.filter(|h| h.until > now) {
                    Some(hold) => {
                        if hold.until > deadline {
                            return Err(hold.refused(
                                self.service,
                                "held back: the rate limit resets later than the retry policy waits",
                            ));
                        }
                        // Spread, within the call's bound.
                        let room = deadline - hold.until;
                        Some(hold.until - now + self.jitter().min(room))
                    }
                    None => match state.pace.as_mut().and_then(|p| p.wait(now)) {
                        Some(wait) if now + wait > deadline => {
                            drop(state);
                            return Err(self.waited_too_long());
                        }
                        wait => wait,
                    },
                }
                .map(Err)
                .or_else(|| match state.windows.turn(kind == Admission::Call && !overdue) {
                    Turn::Go { probe } => {
                        let window = state.windows.admit(now, probe);
                        if let Some(pace) = state.pace.as_mut() {
                            pace.admitted(now);
                        }
                        Some(Ok((window, probe)))
                    }
                    // Waiting for a probe: woken by a change, or by the
                    // window's end.
                    Turn::Wait => None,
                })
            };
            match wait {
                Some(Ok((window, probe))) => {
                    return Ok(self.ticket(window, probe, false, started.elapsed()));
                }
                Some(Err(wait)) => {
                    self.telemetry
                        .held_by_rate_limit(u64::try_from(wait.as_millis()).unwrap_or(u64::MAX));
                    tokio::time::sleep(wait).await;
                }
                None => {
                    let ends = self.lock().windows.ends();
                    let wake = ends.map_or(deadline, |e| e.min(deadline));
                    // Woken by a change, or at the window's end.
                    let _ = tokio::time::timeout_at(wake, changed).await;
                    // Probes that keep failing without a reset (timeouts,
                    // dropped connections) hold nobody past their bound:
                    // with no reset known, the call goes.
                    overdue = Instant::now() >= deadline;
                }
            }
        }
    }

    fn ticket(&self, window: u64, probe: bool, fast: bool, held: Duration) -> Ticket<'_> {
        Ticket {
            gate: self,
            window,
            probe,
            done: false,
            fast,
            held,
        }
    }

    fn waited_too_long(&self) -> Error {
        let hold = self.lock().hold;
        Error::RateLimited {
            service: self.service,
            status: hold.map_or(429, |h| h.status),
            reset_at: hold.map(|h| h.reset_at),
            message: Some(
                "held back by the client's rate-limit gate longer than the retry policy waits"
                    .into(),
            ),
            attempts: None,
        }
    }

    /// A ticket of `window` is done with, without teaching anything.
    fn settle(&self, window: u64, probe: bool) {
        self.lock().windows.settle(window, probe);
        self.changed.notify_waiters();
    }

    fn answered(
        &self,
        window: u64,
        probe: bool,
        settle: bool,
        refused: Option<(DateTime<FixedOffset>, u16)>,
    ) {
        let mut state = self.lock();
        if settle {
            state.windows.settle(window, probe);
        }
        match refused {
            None => state.windows.accepted(window, probe),
            Some((reset_at, status)) => self.close(&mut state, window, reset_at, status),
        }
        drop(state);
        self.changed.notify_waiters();
    }

    fn close(&self, state: &mut State, window: u64, reset_at: DateTime<FixedOffset>, status: u16) {
        let now = Instant::now();
        let (until, past) = hold::hold_until(&self.clock, now, reset_at);
        if !self.engaged.swap(true, Ordering::AcqRel) {
            let before = self.accepted_before.swap(0, Ordering::AcqRel);
            for _ in 0..before {
                state.windows.accepted(window, false);
            }
        }
        if !state.windows.refused(window, now, until, past) {
            return;
        }
        if state.hold.is_none_or(|h| h.until < until) {
            state.hold = Some(Hold {
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
        let window = state.windows.id;
        self.close(&mut state, window, reset_at, status);
        drop(state);
        self.changed.notify_waiters();
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
