//! The server's windows as the client sees them, and the size it learns.
//!
//! A window ends at the reset a refusal names. The calls the server took
//! in a refused window, counted by the window they were *admitted* in (so a
//! call answered after the refusal still counts), are the window's size:
//! the next window admits that many, then lets one call at a time probe for
//! more, and only once every other call of the window has been answered (a
//! probe overtaking a call still on its way could be taken in its place and
//! leave that call to be refused). So a window ends with at most one
//! refusal.
//!
//! A learnt size belongs to the window after its refusal and expires with
//! it. Its end is predicted from the window's length; a window that ends
//! without a refusal is followed by one where calls flow freely until the
//! next refusal, so a job that drops under the limit runs at full
//! concurrency again after one window. The length is measured from a
//! window's first call to its reset when the window began at the previous
//! reset (the held calls opened it), else from the refusal to the reset;
//! both can only fall short of the server's (other callers may have opened
//! it earlier), so the longest seen is kept. A window predicted too short
//! lets calls flow early, at the cost of refusals it then learns from; one
//! predicted too long would send calls one probe at a time.
//!
//! After a reset that was already past on the server's clock the next
//! window's size is not known: it admits one probe, and opens once the
//! probe is taken.

use std::time::Duration;
use tokio::time::Instant;

/// The shortest window length learnt: a refusal whose reset is (nearly)
/// now says little about the window's length.
const MIN_LENGTH: Duration = Duration::from_millis(500);

#[derive(Debug, Default)]
pub(super) struct Windows {
    /// Counts the windows: which one a ticket was admitted in.
    pub(super) id: u64,
    /// When the current window ends (a reset, or a predicted end).
    ends: Option<Instant>,
    /// The first admission of the current window.
    started: Option<Instant>,
    /// The current window began at a reset (held calls opened it).
    at_reset: bool,
    /// The length learnt from the last refusal.
    length: Option<Duration>,
    /// Calls the current window admits before probing; `None`: no limit.
    limit: Option<u32>,
    /// The window whose answers taught `limit`: a late answer of it that
    /// was taken raises the limit by one.
    learnt_from: Option<u64>,
    /// The current window's limit is a guess (after a reset already past):
    /// a taken probe lifts it.
    guessed: bool,
    /// The current window was refused.
    refused: bool,
    admitted: u32,
    /// Tickets of this window the server took (answered after the
    /// refusal included).
    accepted: u32,
    /// Tickets of this window out and not yet answered or dropped.
    outstanding: u32,
    /// A call past the limit is out, asking whether there is more.
    probing: bool,
}

/// What admitting a call past the limit needs.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Turn {
    /// Go (as a probe when `true`).
    Go { probe: bool },
    /// Wait for the probe's outcome or the window's other answers, or the
    /// window's end.
    Wait,
}

impl Windows {
    /// Starts the next window when the current one has ended; true when it
    /// did (waiters may be free).
    pub(super) fn roll(&mut self, now: Instant) -> bool {
        let Some(ends) = self.ends.filter(|e| now >= *e) else {
            return false;
        };
        let refused = self.refused;
        let size = self.accepted;
        let from = self.id;
        self.id += 1;
        self.admitted = 0;
        self.accepted = 0;
        self.outstanding = 0;
        self.probing = false;
        self.started = None;
        self.refused = false;
        self.at_reset = refused;
        if refused {
            // The refused window's size holds for the next one, until its
            // predicted end.
            if !self.guessed {
                self.limit = Some(size);
                self.learnt_from = Some(from);
            }
            self.ends = self.length.map(|l| ends.max(now) + l);
        } else {
            self.limit = None;
            self.learnt_from = None;
            self.guessed = false;
            self.ends = None;
        }
        true
    }

    /// Whether a call may go now; `call` is false for a token request,
    /// which never waits for a probe.
    pub(super) fn turn(&self, call: bool) -> Turn {
        let past_limit = call && self.limit.is_some_and(|limit| self.admitted >= limit);
        if !past_limit {
            return Turn::Go { probe: false };
        }
        if self.probing || self.outstanding > 0 {
            Turn::Wait
        } else {
            Turn::Go { probe: true }
        }
    }

    pub(super) fn admit(&mut self, now: Instant, probe: bool) -> u64 {
        self.admitted += 1;
        self.outstanding += 1;
        self.started.get_or_insert(now);
        if probe {
            self.probing = true;
        }
        self.id
    }

    /// A ticket of `window` is done with (answered, or dropped).
    pub(super) fn settle(&mut self, window: u64, probe: bool) {
        if window == self.id {
            self.outstanding = self.outstanding.saturating_sub(1);
            if probe {
                self.probing = false;
            }
        }
    }

    /// A ticket of `window` was taken by the server.
    pub(super) fn accepted(&mut self, window: u64, probe: bool) {
        if window == self.id {
            self.accepted += 1;
            if probe && self.guessed {
                // The window after a doubtful reset is open after all.
                self.limit = None;
                self.guessed = false;
            } else if probe {
                // There was room after all: one more per window.
                self.limit = Some(self.limit.unwrap_or(0).max(self.accepted));
            }
        } else if self.learnt_from == Some(window) {
            // Taken in the window that taught the limit, answered late.
            self.limit = self.limit.map(|l| l + 1);
        }
    }

    /// A ticket of `window` was refused; the server's window ends at
    /// `until`. `past` says the reset named was already past on the
    /// server's clock. Returns false when the refusal is stale (a call of a
    /// window already over, naming a reset already past) and changes
    /// nothing.
    pub(super) fn refused(
        &mut self,
        window: u64,
        now: Instant,
        until: Instant,
        past: bool,
    ) -> bool {
        if past && window != self.id {
            return false;
        }
        let first = !self.refused;
        if first {
            self.refused = true;
            let from = match self.started {
                Some(started) if self.at_reset => started,
                _ => now,
            };
            let length = until.saturating_duration_since(from).max(MIN_LENGTH);
            if !past {
                self.length = Some(self.length.map_or(length, |l| l.max(length)));
            }
        }
        if past {
            // Nothing is known of the next window: one probe first.
            self.guessed = true;
            self.limit = Some(0);
            self.learnt_from = None;
        }
        // The window ends at its reset; refusals naming a later one (calls
        // refused by another process's use of the quota) move it.
        self.ends = Some(match self.ends {
            Some(ends) if !first => ends.max(until),
            _ => until,
        });
        true
    }

    /// The calls the current window admits before probing, once learnt.
    pub(super) fn limit(&self) -> Option<u32> {
        self.limit
    }

    /// When the current window ends, when known or predicted.
    pub(super) fn ends(&self) -> Option<Instant> {
        self.ends
    }
}
