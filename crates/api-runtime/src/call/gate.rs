//! One refusal per window: a rate limit one call learns holds back the other
//! calls of the same client (and its clones) until the reset time, instead
//! of each being sent and refused on its own; when the window reopens, the
//! held calls go out spread over a short jittered interval
//! ([`RetryPolicy::with_rate_limit_spread`]), not at one instant.

use crate::error::{Error, Result};
use crate::retry::RetryPolicy;
use chrono::{DateTime, FixedOffset};
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

use super::Telemetry;

/// The rate-limit state shared by a client and its clones.
#[derive(Debug)]
pub struct RateGate {
    spread: Duration,
    closed: Mutex<Option<Closed>>,
}

#[derive(Clone, Copy, Debug)]
struct Closed {
    until: Instant,
    reset_at: DateTime<FixedOffset>,
}

impl RateGate {
    /// An open gate; held calls are released over `spread`.
    pub fn new(spread: Duration) -> Self {
        RateGate {
            spread,
            closed: Mutex::new(None),
        }
    }

    /// Holds calls until `reset_at`, a rate limit's reset time.
    pub fn close_until(&self, reset_at: DateTime<FixedOffset>) {
        let wait = crate::retry::wait_until(reset_at);
        if wait.is_zero() {
            return;
        }
        let until = Instant::now() + wait;
        let mut closed = self.closed.lock().unwrap_or_else(|p| p.into_inner());
        if closed.is_none_or(|c| c.until < until) {
            *closed = Some(Closed { until, reset_at });
        }
    }

    /// Waits while the gate is closed (plus a jittered share of the spread),
    /// or fails at once with [`Error::RateLimited`] when the reset is further
    /// away than the policy's `max_rate_limit_wait`.
    pub async fn pass(&self, telemetry: &dyn Telemetry, policy: &RetryPolicy) -> Result<()> {
        let closed = {
            let mut closed = self.closed.lock().unwrap_or_else(|p| p.into_inner());
            match *closed {
                Some(c) if c.until > Instant::now() => c,
                _ => {
                    *closed = None;
                    return Ok(());
                }
            }
        };
        let wait = closed.until.saturating_duration_since(Instant::now());
        if wait > policy.max_rate_limit_wait() {
            return Err(Error::RateLimited {
                service: telemetry.service(),
                status: 429,
                reset_at: Some(closed.reset_at),
                message: Some(
                    "held back: another call of this client was refused until the reset".into(),
                ),
            });
        }
        let jitter = self.spread.mul_f64(fastrand::f64());
        let wait = wait + jitter;
        telemetry.held_by_rate_limit(u64::try_from(wait.as_millis()).unwrap_or(u64::MAX));
        tokio::time::sleep(wait).await;
        Ok(())
    }
}
