//! Retry policy shared by both clients: which failures are retried, how long
//! to wait between attempts, and when to give up.
//!
//! What is *safe* to retry is decided per operation by the caller
//! ([`Idempotency`]); this module only says what is *worth* retrying.

use std::time::Duration;

/// Whether re-sending an operation can change the outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Idempotency {
    /// Sending twice has the effect of sending once (the documented PUTs).
    Idempotent,
    /// A second send may apply twice (create purchase order): never re-sent
    /// once the request may have reached the server.
    NotIdempotent,
}

/// Bounds and pacing of retries.
///
/// The default makes at most 4 attempts, with exponential backoff from 200 ms
/// to 5 s and full jitter, starts no backoff retry later than 30 seconds
/// after the first attempt, and waits at most 60 seconds for a rate limit's
/// reset time.
///
/// Two kinds of wait come before a retry, with separate bounds:
///
/// - **backoff** (the server named no time): bounded by
///   [`Self::with_max_elapsed`], the time spent on the call apart from the
///   waits below;
/// - **a wait the server asked for** (a rate limit's `RateLimitResetTime`,
///   a `Retry-After` header): bounded by [`Self::with_max_rate_limit_wait`]
///   alone, whatever `max_elapsed` says, so a reset 45 s away is waited for
///   with the defaults. A longer one ends the call at once with the error
///   (for a rate limit, [`Error::RateLimited`](crate::Error::RateLimited)
///   with the reset time), since waiting that long inside a call would look
///   like a hang.
///
/// Both count towards [`Self::with_max_attempts`]. Time a call spends held
/// by the client's rate-limit gate (another call met the limit) is a wait
/// the server asked for too: bounded by `max_rate_limit_wait`, not counted
/// against `max_elapsed`, and no attempt. A refusal met by a call the gate
/// sent to probe for room in a window costs it no attempt either.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Duration,
    max_rate_limit_wait: Duration,
    rate_limit_spread: Duration,
    pace: Option<(u32, Duration)>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_elapsed: Duration::from_secs(30),
            max_rate_limit_wait: Duration::from_secs(60),
            rate_limit_spread: Duration::from_millis(250),
            pace: None,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn never() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// For bulk jobs that would rather finish late than fail: waits as long
    /// as the server says for a rate limit's reset (up to an hour and a
    /// minute: Sellercloud's window is an hour), and makes up to 10 attempts.
    /// Everything else as [`RetryPolicy::default`].
    ///
    /// ```
    /// # use sellercloud_shopctrl_runtime::exports as sellercloud;
    /// let p = sellercloud::RetryPolicy::patient();
    /// assert_eq!(p.max_rate_limit_wait().as_secs(), 3660);
    /// ```
    pub fn patient() -> Self {
        RetryPolicy {
            max_attempts: 10,
            max_rate_limit_wait: Duration::from_secs(61 * 60),
            ..RetryPolicy::default()
        }
    }

    /// Paces the client's calls (and their clones', and token requests):
    /// at most `calls` in any interval of `per`, the rest wait their turn.
    /// For a job that must never be refused, set it to the server's limit
    /// (Sellercloud: 10,800 per hour per IP, shared by everything calling
    /// from that IP). Off by default: a fixed window lets bursts through that
    /// a pace would slow. `calls` of 0 is taken as 1.
    ///
    /// ```
    /// # use sellercloud_shopctrl_runtime::exports as sellercloud;
    /// use std::time::Duration;
    /// let p = sellercloud::RetryPolicy::default().with_pace(10_800, Duration::from_secs(3600));
    /// assert_eq!(p.pace(), Some((10_800, Duration::from_secs(3600))));
    /// ```
    pub fn with_pace(mut self, calls: u32, per: Duration) -> Self {
        self.pace = Some((calls.max(1), per));
        self
    }

    /// See [`Self::with_pace`].
    pub fn pace(&self) -> Option<(u32, Duration)> {
        self.pace
    }

    /// Total attempts, the first included (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Backoff before the second attempt; it doubles each attempt up to
    /// [`Self::with_max_backoff`].
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Upper bound of one backoff.
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// No attempt starts after this much time since the first one.
    pub fn with_max_elapsed(mut self, elapsed: Duration) -> Self {
        self.max_elapsed = elapsed;
        self
    }

    /// The longest wait for a rate limit's reset time; a later reset is
    /// reported as a rate-limit error instead of waited for.
    pub fn with_max_rate_limit_wait(mut self, wait: Duration) -> Self {
        self.max_rate_limit_wait = wait;
        self
    }

    /// Calls held back by a rate limit another call of the client learnt go
    /// out spread over this interval after the reset (default 250 ms), so
    /// that they do not all reach the server at one instant.
    pub fn with_rate_limit_spread(mut self, spread: Duration) -> Self {
        self.rate_limit_spread = spread;
        self
    }

    /// See [`Self::with_rate_limit_spread`].
    pub fn rate_limit_spread(&self) -> Duration {
        self.rate_limit_spread
    }

    /// Total attempts allowed.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// See [`Self::with_max_elapsed`].
    pub fn max_elapsed(&self) -> Duration {
        self.max_elapsed
    }

    /// See [`Self::with_max_rate_limit_wait`].
    pub fn max_rate_limit_wait(&self) -> Duration {
        self.max_rate_limit_wait
    }

    /// The wait before attempt `attempt + 1` after `attempt` (1-based) failed:
    /// a random duration between zero and the exponential bound ("full
    /// jitter"), so that many clients failing together do not retry together.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)));
        let bound = exp.min(self.max_backoff);
        bound.mul_f64(fastrand::f64())
    }

    /// Whether another attempt may start after a backoff of `wait`,
    /// `attempt` (1-based) having failed with `elapsed` spent on the call
    /// (not counting waits the server asked for).
    pub fn allows_another(&self, attempt: u32, elapsed: Duration, wait: Duration) -> bool {
        attempt < self.max_attempts && elapsed.saturating_add(wait) < self.max_elapsed
    }

    /// Whether another attempt may start after `wait`, a wait the server
    /// asked for (a rate limit's reset time), `attempt` (1-based) having
    /// failed. Only [`Self::with_max_rate_limit_wait`] bounds it, not
    /// [`Self::with_max_elapsed`].
    pub fn allows_server_wait(&self, attempt: u32, wait: Duration) -> bool {
        attempt < self.max_attempts && wait <= self.max_rate_limit_wait
    }
}

/// Statuses worth retrying for an idempotent operation: 408, 429, 502, 503, 504.
///
/// 409 is retried only when its body is Sellercloud's rate-limit answer,
/// which the caller detects from the body.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 502 | 503 | 504)
}

/// What one attempt of a call came to.
#[derive(Debug)]
#[non_exhaustive]
pub enum Attempt<T, E> {
    /// Finished: a success, or an error that retrying cannot fix or that is
    /// not safe to retry.
    Done(Result<T, E>),
    /// Failed in a way worth retrying.
    Retry {
        /// The error to report if no further attempt is made.
        error: E,
        /// How long the server asked to wait (a rate limit's reset time);
        /// `None` uses the policy's backoff.
        wait: Option<Duration>,
    },
}

/// Runs `attempt` (called with the 1-based attempt number) until it is
/// [`Attempt::Done`] or the policy allows no further attempt; then the last
/// error is returned. See [`RetryPolicy`] for how the two kinds of wait are
/// bounded.
pub async fn run<T, E, F, Fut>(policy: &RetryPolicy, mut attempt: F) -> Result<T, E>
where
    F: FnMut(u32) -> Fut,
    Fut: std::future::Future<Output = Attempt<T, E>>,
{
    let started = tokio::time::Instant::now();
    // Time spent waiting for a reset the server named: not the call's own
    // time, so it does not use up `max_elapsed`.
    let mut server_waits = Duration::ZERO;
    let mut number = 1;
    loop {
        match attempt(number).await {
            Attempt::Done(result) => return result,
            Attempt::Retry { error, wait } => {
                let wait = match wait.filter(|w| !w.is_zero()) {
                    Some(wait) => {
                        if !policy.allows_server_wait(number, wait) {
                            return Err(error);
                        }
                        server_waits += wait;
                        wait
                    }
                    None => {
                        let wait = policy.backoff(number);
                        let spent = started.elapsed().saturating_sub(server_waits);
                        if !policy.allows_another(number, spent, wait) {
                            return Err(error);
                        }
                        wait
                    }
                };
                tokio::time::sleep(wait).await;
                number += 1;
            }
        }
    }
}

/// The wait until a rate limit's reset time, from now on *our* clock; zero
/// when it has passed. The pipeline measures server times on the server's
/// clock instead ([`ServerClock::until`](crate::call::ServerClock::until)).
pub fn wait_until(reset: chrono::DateTime<chrono::FixedOffset>) -> Duration {
    (reset.with_timezone(&chrono::Utc) - chrono::Utc::now())
        .to_std()
        .unwrap_or(Duration::ZERO)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_bounded_and_grows() {
        let p = RetryPolicy::default()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(300));
        for attempt in 1..10 {
            let bound =
                Duration::from_millis(100 * 2u64.pow(attempt - 1)).min(Duration::from_millis(300));
            for _ in 0..50 {
                assert!(p.backoff(attempt) <= bound);
            }
        }
    }

    #[test]
    fn attempts_and_elapsed_bound_retries() {
        let p = RetryPolicy::default()
            .with_max_attempts(3)
            .with_max_elapsed(Duration::from_secs(10));
        assert!(p.allows_another(1, Duration::ZERO, Duration::ZERO));
        assert!(p.allows_another(2, Duration::ZERO, Duration::ZERO));
        assert!(!p.allows_another(3, Duration::ZERO, Duration::ZERO));
        assert!(!p.allows_another(1, Duration::from_secs(9), Duration::from_secs(2)));
        assert_eq!(RetryPolicy::never().max_attempts(), 1);
    }

    #[tokio::test]
    async fn run_retries_until_done_and_stops_at_the_bound() {
        let p = RetryPolicy::default()
            .with_max_attempts(3)
            .with_initial_backoff(Duration::from_millis(1));
        let mut seen = Vec::new();
        let r: Result<u32, &str> = run(&p, |n| {
            seen.push(n);
            async move {
                if n < 2 {
                    Attempt::Retry {
                        error: "busy",
                        wait: None,
                    }
                } else {
                    Attempt::Done(Ok(n))
                }
            }
        })
        .await;
        assert_eq!(r, Ok(2));
        assert_eq!(seen, vec![1, 2]);

        let mut calls = 0;
        let r: Result<(), &str> = run(&p, |_| {
            calls += 1;
            async {
                Attempt::Retry {
                    error: "still busy",
                    wait: Some(Duration::from_millis(1)),
                }
            }
        })
        .await;
        assert_eq!((r, calls), (Err("still busy"), 3));
    }

    #[tokio::test]
    async fn run_gives_up_on_waits_past_the_rate_limit_bound() {
        let p = RetryPolicy::default().with_max_rate_limit_wait(Duration::from_secs(1));
        let mut calls = 0;
        let r: Result<(), &str> = run(&p, |_| {
            calls += 1;
            async {
                Attempt::Retry {
                    error: "limited",
                    wait: Some(Duration::from_secs(3600)),
                }
            }
        })
        .await;
        assert_eq!((r, calls), (Err("limited"), 1));
    }

    #[tokio::test(start_paused = true)]
    async fn a_server_wait_past_max_elapsed_but_within_the_rate_limit_bound_is_waited_for() {
        // The defaults: max_elapsed 30 s, max_rate_limit_wait 60 s.
        let p = RetryPolicy::default();
        let started = tokio::time::Instant::now();
        let mut calls = 0;
        let r: Result<u32, &str> = run(&p, |n| {
            calls += 1;
            async move {
                if n == 1 {
                    Attempt::Retry {
                        error: "limited",
                        wait: Some(Duration::from_secs(45)),
                    }
                } else {
                    Attempt::Done(Ok(n))
                }
            }
        })
        .await;
        assert_eq!((r, calls), (Ok(2), 2));
        assert!(started.elapsed() >= Duration::from_secs(45));

        // A further 503 after that long wait still gets its backoff retry:
        // the server's wait is not the call's own time.
        let mut outcomes = vec![
            Attempt::Done(Ok(3)),
            Attempt::Retry {
                error: "busy",
                wait: None,
            },
            Attempt::Retry {
                error: "limited",
                wait: Some(Duration::from_secs(50)),
            },
        ];
        let r: Result<u32, &str> = run(&p, |_| {
            let next = outcomes.pop().unwrap();
            async move { next }
        })
        .await;
        assert_eq!(r, Ok(3));
    }

    #[tokio::test(start_paused = true)]
    async fn a_server_wait_past_the_rate_limit_bound_ends_the_call_at_once() {
        let p = RetryPolicy::default();
        let started = tokio::time::Instant::now();
        let mut calls = 0;
        let r: Result<(), &str> = run(&p, |_| {
            calls += 1;
            async {
                Attempt::Retry {
                    error: "limited",
                    wait: Some(Duration::from_secs(61)),
                }
            }
        })
        .await;
        assert_eq!((r, calls), (Err("limited"), 1));
        assert_eq!(started.elapsed(), Duration::ZERO);
    }

    #[test]
    fn retryable_statuses() {
        for s in [408, 429, 502, 503, 504] {
            assert!(is_retryable_status(s));
        }
        for s in [200, 400, 401, 404, 409, 500] {
            assert!(!is_retryable_status(s));
        }
    }
}
