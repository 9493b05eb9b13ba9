//! Hold until reset: after a refusal naming a reset time, no call of the
//! client is sent before the server's clock reaches it.
//!
//! The reset is measured on the server's clock ([`ServerClock`]), so a
//! client whose clock is minutes ahead or behind waits as long as the
//! server means. A reset that is already past on the server's clock (a
//! stale answer, a clock set between two readings) still holds for
//! [`MIN_HOLD`], and the window after it starts with one probe (see
//! [`super::window`]). A hold longer than the call's
//! `max_rate_limit_wait` is not waited for: the call fails at once with
//! [`Error::RateLimited`] and the reset.

use crate::call::ServerClock;
use crate::error::Error;
use chrono::{DateTime, FixedOffset};
use std::time::Duration;
use tokio::time::Instant;

/// The shortest hold after a refusal whose reset is already past.
pub const MIN_HOLD: Duration = Duration::from_millis(25);

/// Calls wait until `until`: the reset the server named, on our clock.
#[derive(Clone, Copy, Debug)]
pub(super) struct Hold {
    pub(super) until: Instant,
    pub(super) reset_at: DateTime<FixedOffset>,
    /// The status of the refusal (429, or Sellercloud's 409).
    pub(super) status: u16,
}

/// When a refusal's hold ends on our clock, and whether its reset was
/// already past on the server's.
pub(super) fn hold_until(
    clock: &ServerClock,
    now: Instant,
    reset_at: DateTime<FixedOffset>,
) -> (Instant, bool) {
    let wait = clock.until(reset_at);
    if wait.is_zero() {
        (now + MIN_HOLD, true)
    } else {
        (now + wait, false)
    }
}

impl Hold {
    /// The refusal to report when the hold is longer than a call may wait.
    pub(super) fn refused(&self, service: &'static str, message: &str) -> Error {
        Error::RateLimited {
            service,
            status: self.status,
            reset_at: Some(self.reset_at),
            message: Some(message.into()),
            attempts: None,
        }
    }
}
