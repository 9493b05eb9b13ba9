//! The server's clock, as estimated from its answers: the one place a time
//! the server names (a rate limit's `RateLimitResetTime`, a `Retry-After`
//! date, a record's creation time) is turned into a wait on ours.
//!
//! Every answer with a `Date` header is a reading: the server's time (to the
//! second) at some moment between sending the request and receiving the
//! answer. So the server's clock minus ours, the *offset*, lies in
//!
//! ```text
//! [Date - received, Date + 1 s - sent]
//! ```
//!
//! (the `Date` is cut to whole seconds). The clock keeps the intersection of
//! the readings it has seen: it narrows with every answer, to well under a
//! second after a few, and starts again from the latest reading when a new
//! one does not fit (the server's clock was set). Readings are skipped when
//! an `Age` header says a cache answered, or when the round trip took longer
//! than 15 minutes (as smithy-rs' clock-skew correction does, PR #4800).
//!
//! Within the bounds, our own clock is the best guess: when they allow an
//! offset of zero (the usual NTP-synced pair), it is taken as zero, with
//! our clock's resolution rather than the header's whole seconds. (Traffic
//! that comes in bursts at one phase of the second, as a rate-limited job's
//! does, would otherwise keep the bounds a second wide.) Otherwise a wait
//! *until* a server time takes the earliest server time the bounds allow,
//! so it is never cut short by the second the `Date` drops: the call
//! arrives after the server's reset, not before.
//!
//! Our own time is Tokio's monotonic clock, mapped onto the wall clock once
//! when the [`ServerClock`] is made, so a wall clock set back or forth
//! between two readings does not move the estimate (and paused Tokio time in
//! tests moves it as a fake server's clock moves). Until the first reading
//! the server's clock is taken to be the wall clock.

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use reqwest::header::{HeaderMap, HeaderValue};
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// Readings from answers slower than this say little about the clock.
const MAX_ROUND_TRIP: Duration = Duration::from_secs(15 * 60);

/// The resolution of an HTTP `Date`: whole seconds.
const DATE_RESOLUTION: TimeDelta = TimeDelta::seconds(1);

/// The estimated clock of one client's server, shared by its clones.
///
/// ```
/// use sellercloud_shopctrl_runtime::call::ServerClock;
/// use reqwest::header::{HeaderMap, HeaderValue, DATE};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let clock = ServerClock::new();
/// let sent = tokio::time::Instant::now();
/// // An answer from a server whose clock is 10 minutes ahead of ours.
/// let server_time = chrono::Utc::now() + chrono::TimeDelta::minutes(10);
/// let mut headers = HeaderMap::new();
/// headers.insert(DATE, HeaderValue::from_str(&server_time.to_rfc2822()).unwrap());
/// clock.observe(sent, tokio::time::Instant::now(), &headers);
/// let offset = clock.offset().unwrap();
/// assert!((offset - chrono::TimeDelta::minutes(10)).abs() <= chrono::TimeDelta::seconds(2));
/// // A reset 30 s ahead on the server's clock is 30 s away, not 10 min 30 s.
/// let wait = clock.until((server_time + chrono::TimeDelta::seconds(30)).fixed_offset());
/// assert!(wait <= std::time::Duration::from_secs(32) && wait >= std::time::Duration::from_secs(28));
/// # }
/// ```
#[derive(Debug)]
pub struct ServerClock {
    /// Our wall-clock time when the clock was made, and Tokio's instant then.
    utc_at_start: DateTime<Utc>,
    instant_at_start: Instant,
    readings: Mutex<Readings>,
}

#[derive(Debug, Default)]
struct Readings {
    /// Bounds of the offset (server minus ours), once read.
    bounds: Option<(TimeDelta, TimeDelta)>,
    /// The last `Date` header and its time, as an offset from
    /// `utc_at_start`: answers within one second carry the same text, so it
    /// is parsed once a second, not once an answer.
    last_date: Option<(HeaderValue, TimeDelta)>,
}

impl Default for ServerClock {
    fn default() -> Self {
        ServerClock::new()
    }
}

impl ServerClock {
    /// A clock with no reading yet: the server's time is taken to be ours.
    pub fn new() -> Self {
        ServerClock {
            utc_at_start: Utc::now(),
            instant_at_start: Instant::now(),
            readings: Mutex::default(),
        }
    }

    /// Our wall-clock time at `instant`, on the monotonic clock.
    fn ours(&self, instant: Instant) -> DateTime<Utc> {
        let since = instant.saturating_duration_since(self.instant_at_start);
        TimeDelta::from_std(since)
            .ok()
            .and_then(|d| self.utc_at_start.checked_add_signed(d))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    /// Our time at `instant`, from when the clock was made.
    fn since_start(&self, instant: Instant) -> TimeDelta {
        TimeDelta::from_std(instant.saturating_duration_since(self.instant_at_start))
            .unwrap_or(TimeDelta::MAX)
    }

    fn bounds(&self) -> Option<(TimeDelta, TimeDelta)> {
        self.lock().bounds
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Readings> {
        self.readings.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Records the `Date` of an answer to a request sent at `sent` and
    /// answered at `received`. Answers without a usable `Date`, answered by
    /// a cache (`Age`) or after a very long round trip are ignored.
    pub fn observe(&self, sent: Instant, received: Instant, headers: &HeaderMap) {
        if headers.contains_key(reqwest::header::AGE)
            || received.saturating_duration_since(sent) > MAX_ROUND_TRIP
        {
            return;
        }
        let Some(header) = headers.get(reqwest::header::DATE) else {
            return;
        };
        let mut readings = self.lock();
        let date = match &readings.last_date {
            Some((last, date)) if last == header => *date,
            _ => {
                let Some(date) = header
                    .to_str()
                    .ok()
                    .and_then(|v| DateTime::parse_from_rfc2822(v.trim()).ok())
                else {
                    return;
                };
                let date = date.with_timezone(&Utc) - self.utc_at_start;
                readings.last_date = Some((header.clone(), date));
                date
            }
        };
        let low = date - self.since_start(received);
        let high = date + DATE_RESOLUTION - self.since_start(sent);
        readings.bounds = Some(match readings.bounds {
            Some((lo, hi)) if low <= hi && lo <= high => (lo.max(low), hi.min(high)),
            // The first reading, or the server's clock was set.
            _ => (low, high),
        });
    }

    /// The estimated offset of the server's clock from ours (positive: the
    /// server's is ahead), once an answer carried a `Date`.
    pub fn offset(&self) -> Option<TimeDelta> {
        self.bounds().map(|(lo, hi)| {
            if lo <= TimeDelta::zero() && TimeDelta::zero() <= hi {
                TimeDelta::zero()
            } else {
                lo + (hi - lo) / 2
            }
        })
    }

    /// The server's time now, as estimated (our wall clock until an answer
    /// carried a `Date`).
    pub fn now(&self) -> DateTime<Utc> {
        match self.offset() {
            Some(offset) => self.ours(Instant::now()) + offset,
            None => Utc::now(),
        }
    }

    /// How long until the server's clock reads `time`; zero when it already
    /// has (a time written without an offset is the server's UTC). Measured
    /// against the earliest server time the readings allow, so the wait is
    /// never short.
    pub fn until(&self, time: DateTime<FixedOffset>) -> Duration {
        let server_now = match self.bounds() {
            Some((lo, hi)) if lo <= TimeDelta::zero() && TimeDelta::zero() <= hi => {
                self.ours(Instant::now())
            }
            Some((lo, _)) => self.ours(Instant::now()) + lo,
            None => Utc::now(),
        };
        (time.with_timezone(&Utc) - server_now)
            .to_std()
            .unwrap_or(Duration::ZERO)
    }

    /// The server time `wait` from now (for a `Retry-After` in seconds).
    pub fn after(&self, wait: Duration) -> DateTime<FixedOffset> {
        let wait = TimeDelta::from_std(wait).unwrap_or(TimeDelta::MAX);
        self.now()
            .checked_add_signed(wait)
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
            .fixed_offset()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::SubsecRound;
    use reqwest::header::{AGE, DATE, HeaderValue};

    fn date(time: DateTime<Utc>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        let text = time.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
        headers.insert(DATE, HeaderValue::from_str(&text).unwrap());
        headers
    }

    #[tokio::test(start_paused = true)]
    async fn readings_narrow_the_offset_and_a_set_clock_starts_again() {
        let clock = ServerClock::new();
        assert_eq!(clock.offset(), None);
        let ahead = TimeDelta::seconds(600);
        // Readings at different fractions of a second narrow the bounds.
        for step in 0..20 {
            let sent = Instant::now();
            tokio::time::advance(Duration::from_millis(30)).await;
            let server = clock.ours(Instant::now()) + ahead;
            clock.observe(sent, Instant::now(), &date(server));
            tokio::time::advance(Duration::from_millis(170 + step * 7)).await;
        }
        let (lo, hi) = clock.bounds().unwrap();
        assert!(hi - lo <= TimeDelta::milliseconds(300), "{lo} .. {hi}");
        assert!(lo <= ahead && ahead <= hi, "{lo} .. {hi}");
        // The server's clock is set back 20 minutes: the next reading wins.
        let behind = TimeDelta::seconds(-600);
        let sent = Instant::now();
        clock.observe(sent, sent, &date(clock.ours(sent) + behind));
        let offset = clock.offset().unwrap();
        assert!((offset - behind).abs() <= TimeDelta::seconds(1), "{offset}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_wait_until_a_server_time_follows_the_servers_clock_and_is_never_short() {
        let clock = ServerClock::new();
        let behind = TimeDelta::seconds(-600);
        let now = Instant::now();
        let server_now = clock.ours(now) + behind;
        clock.observe(now, now, &date(server_now));
        // A reset 2 s ahead on the server's clock, 10 minutes behind ours.
        let reset = (server_now + TimeDelta::seconds(2)).fixed_offset();
        let wait = clock.until(reset);
        assert!(
            wait >= Duration::from_secs(2) && wait <= Duration::from_secs(3),
            "{wait:?}"
        );
        assert_eq!(
            clock.until((server_now - TimeDelta::seconds(5)).fixed_offset()),
            Duration::ZERO
        );
    }

    #[tokio::test(start_paused = true)]
    async fn answers_repeating_a_date_still_narrow_the_bounds() {
        let clock = ServerClock::new();
        let start = Instant::now();
        let server = clock.ours(start).trunc_subsecs(0);
        let headers = date(server);
        clock.observe(start, start, &headers);
        let (lo, hi) = clock.bounds().unwrap();
        // 400 ms later the same text (the same server second) comes back:
        // it is that second's reading again, taken later on our clock.
        tokio::time::advance(Duration::from_millis(400)).await;
        let later = Instant::now();
        clock.observe(later, later, &headers);
        let expected_hi = server + DATE_RESOLUTION - clock.ours(later);
        assert_eq!(clock.bounds(), Some((lo, hi.min(expected_hi))));
        assert!(expected_hi < hi);
    }

    #[tokio::test(start_paused = true)]
    async fn cached_and_slow_answers_are_not_readings() {
        let clock = ServerClock::new();
        let now = Instant::now();
        let mut headers = date(clock.ours(now) + TimeDelta::hours(3));
        headers.insert(AGE, HeaderValue::from_static("30"));
        clock.observe(now, now, &headers);
        assert_eq!(clock.offset(), None);
        headers.remove(AGE);
        clock.observe(now, now + Duration::from_secs(16 * 60), &headers);
        assert_eq!(clock.offset(), None);
        let mut garbage = HeaderMap::new();
        garbage.insert(DATE, HeaderValue::from_static("yesterday"));
        clock.observe(now, now, &garbage);
        assert_eq!(clock.offset(), None);
    }
}
