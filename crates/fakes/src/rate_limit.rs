//! A rate limit as Sellercloud documents one: N calls per window of length W,
//! counted per client address across all routes (`facts.md`: "10,800 calls
//! per hour per IP across all endpoints").

use crate::clock::Clock;
use crate::core::lock;
use chrono::{DateTime, Utc};
use std::collections::VecDeque;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// How many windows [`crate::FakeServer::rate_limit_windows`] keeps (the
/// oldest go first).
const MAX_WINDOWS: usize = 10_000;

/// A rate limit for a fake: at most `calls` requests per `window` from one
/// client address; the requests over it are refused with `status`.
///
/// Windows are fixed: a client's window opens with its first request (or
/// its first after the previous window ended) and lasts `window`. Every
/// request counts, whatever its route (the token route included) and whether
/// or not it would succeed; refused requests do not count toward the limit.
/// Counting happens before any scripted [`Fault`](crate::Fault), so a refused
/// request does not use one up.
///
/// Sellercloud's fake refuses with the vendor's body, `{"Error": "Too many
/// requests.", "RateLimitResetTime": "<end of the window>"}` and no
/// `Retry-After`; ShopCtrl's with `{"Message": "Too many requests."}` and a
/// `Retry-After` header in whole seconds until the window ends.
///
/// ```
/// use sellercloud_shopctrl_fakes::RateLimit;
/// use std::time::Duration;
///
/// // The vendor's documented limit, answered with 409 as some report it.
/// let hourly = RateLimit::new(10_800, Duration::from_secs(3600)).with_status(409);
/// assert_eq!(hourly.status, 409);
/// assert_eq!(RateLimit::new(100, Duration::from_secs(2)).status, 429);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// Requests allowed per window and client.
    pub calls: u32,
    /// The window's length.
    pub window: Duration,
    /// The status of a refusal (429 by default; Sellercloud's has been
    /// reported as 429 and as 409). A number that is not a status is sent as 429.
    pub status: u16,
}

impl RateLimit {
    /// `calls` per `window`, refused with 429.
    pub fn new(calls: u32, window: Duration) -> RateLimit {
        RateLimit {
            calls,
            window,
            status: 429,
        }
    }

    /// The same limit, refused with `status`.
    pub fn with_status(mut self, status: u16) -> RateLimit {
        self.status = status;
        self
    }
}

/// One window of one client, as counted so far.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimitWindow {
    /// The client's address (the peer IP of its connections).
    pub client: IpAddr,
    /// When the window opened, on Tokio's clock.
    pub started: Instant,
    /// When it ends, on Tokio's clock.
    pub ends: Instant,
    /// When it ends on the fake server's wall clock: what a refusal's
    /// `RateLimitResetTime` says.
    pub resets_at: DateTime<Utc>,
    /// Requests accepted in this window.
    pub accepted: u32,
    /// Requests refused in this window.
    pub refused: u32,
}

/// A request the limit refuses.
pub(crate) struct Refusal {
    pub(crate) status: u16,
    pub(crate) resets_at: DateTime<Utc>,
    /// How long until the window ends.
    pub(crate) remaining: Duration,
}

#[derive(Default)]
pub(crate) struct Limiter {
    limit: Mutex<Option<RateLimit>>,
    windows: Mutex<VecDeque<RateLimitWindow>>,
}

impl Limiter {
    pub(crate) fn set(&self, limit: Option<RateLimit>) {
        *lock(&self.limit) = limit;
    }

    pub(crate) fn windows(&self) -> Vec<RateLimitWindow> {
        lock(&self.windows).iter().cloned().collect()
    }

    /// Counts a request from `client` arriving at `now`; `Some` when it is
    /// over the limit.
    pub(crate) fn admit(&self, client: IpAddr, now: Instant, clock: &Clock) -> Option<Refusal> {
        let limit = (*lock(&self.limit))?;
        let mut windows = lock(&self.windows);
        let open = windows
            .iter()
            .rposition(|w| w.client == client)
            .filter(|&i| now < windows[i].ends);
        let index = match open {
            Some(index) => index,
            None => {
                // A window too long to represent never ends.
                let ends = now
                    .checked_add(limit.window)
                    .or_else(|| now.checked_add(Duration::from_secs(86_400 * 365 * 100)))
                    .unwrap_or(now);
                if windows.len() >= MAX_WINDOWS {
                    windows.pop_front();
                }
                windows.push_back(RateLimitWindow {
                    client,
                    started: now,
                    ends,
                    resets_at: clock.utc_at(ends),
                    accepted: 0,
                    refused: 0,
                });
                windows.len() - 1
            }
        };
        let window = &mut windows[index];
        if window.accepted < limit.calls {
            window.accepted += 1;
            return None;
        }
        window.refused += 1;
        Some(Refusal {
            status: limit.status,
            resets_at: window.resets_at,
            remaining: window.ends.saturating_duration_since(now),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Offset, TimeDelta};
    use std::net::Ipv4Addr;

    #[tokio::test(start_paused = true)]
    async fn windows_are_fixed_per_client_and_reset_after_their_length() {
        let clock = Clock::new(TimeDelta::zero(), Utc.fix());
        let limiter = Limiter::default();
        limiter.set(Some(RateLimit::new(2, Duration::from_secs(10))));
        let a = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 1));
        let b = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));
        let start = Instant::now();
        assert!(limiter.admit(a, start, &clock).is_none());
        assert!(limiter.admit(a, start, &clock).is_none());
        let refused = limiter
            .admit(a, start + Duration::from_secs(4), &clock)
            .unwrap();
        assert_eq!(refused.remaining, Duration::from_secs(6));
        assert_eq!(
            refused.resets_at,
            clock.utc_at(start + Duration::from_secs(10))
        );
        assert!(limiter.admit(b, start, &clock).is_none(), "another client");
        assert!(
            limiter
                .admit(a, start + Duration::from_secs(10), &clock)
                .is_none()
        );
        let windows = limiter.windows();
        assert_eq!(windows.len(), 3);
        assert_eq!((windows[0].accepted, windows[0].refused), (2, 1));
        assert_eq!(windows[2].started, start + Duration::from_secs(10));
        limiter.set(None);
        for _ in 0..10 {
            assert!(
                limiter
                    .admit(a, start + Duration::from_secs(11), &clock)
                    .is_none()
            );
        }
        assert_eq!(limiter.windows().len(), 3, "not counted while off");
    }
}
