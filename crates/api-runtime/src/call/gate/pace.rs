//! The opt-in pace ([`RetryPolicy::with_pace`](crate::retry::RetryPolicy::with_pace)):
//! at most `calls` admissions in any interval of `per`, so a client that
//! knows the server's limit is never refused at all.
//!
//! A sliding record of the last `calls` admission times rather than the
//! `governor` crate: governor's GCRA lets about `2 * calls - 1` through in
//! an interval that starts with a full bucket (a fixed-window server refuses
//! those), and its async waits run on `futures-timer`, which paused Tokio
//! time in tests does not move.

use std::collections::VecDeque;
use std::time::Duration;
use tokio::time::Instant;

#[derive(Debug)]
pub(super) struct Pace {
    calls: usize,
    per: Duration,
    /// Admission times of the last `calls` requests.
    recent: VecDeque<Instant>,
}

impl Pace {
    pub(super) fn new(calls: u32, per: Duration) -> Self {
        Pace {
            calls: calls.max(1) as usize,
            per,
            recent: VecDeque::new(),
        }
    }

    /// How long a request must wait before it may go, if at all.
    pub(super) fn wait(&mut self, now: Instant) -> Option<Duration> {
        while self
            .recent
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= self.per)
        {
            self.recent.pop_front();
        }
        if self.recent.len() < self.calls {
            return None;
        }
        // The oldest of the last `calls` admissions leaves the interval at
        // front + per; a small margin covers the request's own way to the
        // server, which counts on arrival.
        let front = *self.recent.front()?;
        Some((front + self.per).saturating_duration_since(now) + self.per / 100)
    }

    pub(super) fn admitted(&mut self, now: Instant) {
        self.recent.push_back(now);
    }
}
