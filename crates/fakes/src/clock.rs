//! The fake's clock: Tokio's (so tests can run on paused time) mapped onto
//! the wall clock once, at start, so that every time a fake writes (creation
//! dates, rate-limit reset times) agrees with every wait it measures.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeDelta, Utc};
use tokio::time::Instant;

#[derive(Clone, Copy, Debug)]
pub(crate) struct Clock {
    utc_at_start: DateTime<Utc>,
    instant_at_start: Instant,
    /// How far the fake server's clock is ahead of this machine's.
    skew: TimeDelta,
    /// The zone of the times the server writes without an offset.
    zone: FixedOffset,
}

impl Clock {
    pub(crate) fn new(skew: TimeDelta, zone: FixedOffset) -> Clock {
        Clock {
            utc_at_start: Utc::now(),
            instant_at_start: Instant::now(),
            skew,
            zone,
        }
    }

    pub(crate) fn now(&self) -> Instant {
        Instant::now()
    }

    /// The server's UTC time at `instant`, in whole .NET ticks (100 ns), so
    /// that a stored time equals the one written with seven fractional digits.
    pub(crate) fn utc_at(&self, instant: Instant) -> DateTime<Utc> {
        let since_start = instant.saturating_duration_since(self.instant_at_start);
        let time = TimeDelta::from_std(since_start)
            .ok()
            .and_then(|d| self.utc_at_start.checked_add_signed(d))
            .and_then(|t| t.checked_add_signed(self.skew))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        let extra = i64::from(time.timestamp_subsec_nanos() % 100);
        time - TimeDelta::nanoseconds(extra)
    }

    pub(crate) fn utc_now(&self) -> DateTime<Utc> {
        self.utc_at(self.now())
    }

    /// The server's wall-clock time now, as it writes times without offset.
    pub(crate) fn local_now(&self) -> NaiveDateTime {
        self.local(self.utc_now())
    }

    /// A UTC time on the server's wall clock.
    pub(crate) fn local(&self, utc: DateTime<Utc>) -> NaiveDateTime {
        utc.with_timezone(&self.zone).naive_local()
    }

    pub(crate) fn zone(&self) -> FixedOffset {
        self.zone
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test(start_paused = true)]
    async fn paused_time_moves_the_wall_clock_with_skew_and_zone() {
        let zone = FixedOffset::west_opt(5 * 3600).unwrap();
        let clock = Clock::new(TimeDelta::seconds(90), zone);
        let unskewed = Clock::new(TimeDelta::zero(), chrono::Offset::fix(&Utc));
        let start = clock.utc_now();
        tokio::time::sleep(Duration::from_secs(3600)).await;
        assert_eq!(clock.utc_now() - start, TimeDelta::seconds(3600));
        assert_eq!(
            clock.local_now(),
            clock.utc_now().naive_utc() - TimeDelta::hours(5)
        );
        let diff = clock.utc_now() - unskewed.utc_now();
        assert!((diff - TimeDelta::seconds(90)).abs() < TimeDelta::seconds(1));
    }
}
