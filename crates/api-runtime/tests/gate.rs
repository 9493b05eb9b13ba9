//! The rate-limit gate through the whole pipeline, against an in-memory
//! server with fixed windows, on paused Tokio time: windows that follow
//! time, waiters that always wake, the size learnt with many callers in
//! flight, refusals the gate invited costing no attempt, and resets on a
//! server clock minutes away from ours.

use chrono::{DateTime, TimeDelta, Utc};
use progenitor_client::{Error as PError, ResponseValue};
use sellercloud_shopctrl_runtime::auth::BasicAuth;
use sellercloud_shopctrl_runtime::call::{ApiResult, CallSettings, Classify, Operation, Runtime};
use sellercloud_shopctrl_runtime::retry::RetryPolicy;
use sellercloud_shopctrl_runtime::secret::Secret;
use sellercloud_shopctrl_runtime::{Error, Stop};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

sellercloud_shopctrl_runtime::telemetry!(struct GateTelemetry = "gate_pipeline_test", "Test");

const UPDATE: Operation = Operation::idempotent("update");

/// One window of the server, as it counted it.
#[derive(Clone, Debug, Default)]
struct Window {
    started: Option<Instant>,
    accepted: u32,
    refused: u32,
}

#[derive(Debug, Default)]
struct ServerState {
    windows: Vec<Window>,
    ends: Option<Instant>,
    /// Refuse this many arrivals, whatever the window says, each with a
    /// reset `refuse_for` after its arrival (another process using up the
    /// shared quota).
    refuse_next: u32,
    refuse_for: Duration,
    /// Answer this many arrivals (after any refusals) 503.
    unavailable_next: u32,
}

/// A server allowing `limit` calls per fixed `window` (a window opens with
/// the first call after the previous one ended), answering after
/// `latency` (half on the way there, half back), with its clock `skew`
/// ahead of ours; it sends `Date` and offset-less reset times.
struct Server {
    limit: u32,
    window: Duration,
    latency: Duration,
    skew: TimeDelta,
    utc_at_start: DateTime<Utc>,
    instant_at_start: Instant,
    state: Mutex<ServerState>,
}

impl Server {
    fn new(limit: u32, window: Duration, latency: Duration, skew: TimeDelta) -> Arc<Server> {
        Arc::new(Server {
            limit,
            window,
            latency,
            skew,
            utc_at_start: Utc::now(),
            instant_at_start: Instant::now(),
            state: Mutex::new(ServerState::default()),
        })
    }

    fn utc(&self, at: Instant) -> DateTime<Utc> {
        self.utc_at_start + TimeDelta::from_std(at - self.instant_at_start).unwrap() + self.skew
    }

    fn windows(&self) -> Vec<Window> {
        self.state.lock().unwrap().windows.clone()
    }

    fn refuse_next(&self, calls: u32, reset_after: Duration) {
        let mut state = self.state.lock().unwrap();
        state.refuse_next = calls;
        state.refuse_for = reset_after;
    }

    /// Counts an arrival: `Some(reset)` when refused.
    fn arrive(&self) -> Option<Instant> {
        let now = Instant::now();
        let mut state = self.state.lock().unwrap();
        if state.refuse_next > 0 {
            state.refuse_next -= 1;
            return Some(now + state.refuse_for);
        }
        if state.ends.is_none_or(|e| now >= e) {
            state.ends = Some(now + self.window);
            state.windows.push(Window {
                started: Some(now),
                ..Window::default()
            });
        }
        let ends = state.ends.unwrap();
        let window = state.windows.last_mut().unwrap();
        if window.accepted < self.limit {
            window.accepted += 1;
            None
        } else {
            window.refused += 1;
            Some(ends)
        }
    }

    #[allow(clippy::result_large_err)]
    async fn send(&self) -> ApiResult<()> {
        tokio::time::sleep(self.latency / 2).await;
        let refused = self.arrive();
        let unavailable = refused.is_none() && {
            let mut state = self.state.lock().unwrap();
            let n = state.unavailable_next;
            state.unavailable_next = n.saturating_sub(1);
            n > 0
        };
        tokio::time::sleep(self.latency / 2).await;
        if unavailable {
            let response = http::Response::builder().status(503).body(String::new());
            let response = reqwest::Response::from(response.unwrap());
            return Err(PError::ErrorResponse(ResponseValue::stream(response)));
        }
        let date = self
            .utc(Instant::now())
            .format("%a, %d %b %Y %H:%M:%S GMT")
            .to_string();
        let builder = http::Response::builder().header("Date", date);
        let response = match refused {
            None => builder.status(200).body(String::new()),
            Some(reset) => {
                // Sellercloud's refusal, its time without an offset.
                let reset = self.utc(reset).format("%Y-%m-%dT%H:%M:%S%.6f");
                builder.status(409).body(format!(
                    r#"{{"Error":"Too many requests.","RateLimitResetTime":"{reset}"}}"#
                ))
            }
        };
        let response = reqwest::Response::from(response.unwrap());
        if refused.is_none() {
            Ok(ResponseValue::empty(response))
        } else {
            Err(PError::ErrorResponse(ResponseValue::stream(response)))
        }
    }
}

/// Sellercloud's 409 with a rate-limit body is a rate limit.
struct Vendor;
impl Classify for Vendor {
    fn classify(
        &self,
        answer: &sellercloud_shopctrl_runtime::call::Answer<'_>,
    ) -> sellercloud_shopctrl_runtime::call::Verdict {
        use sellercloud_shopctrl_runtime::call::{Verdict, classify};
        if answer.body.is_rate_limit() {
            return Verdict::Retry {
                error: classify::rate_limited(answer),
                wait: None,
            };
        }
        classify::classify_answer(answer)
    }
}

fn vendor_runtime(policy: RetryPolicy) -> Arc<Runtime<BasicAuth, Vendor>> {
    let auth = BasicAuth::new("user", &Secret::new("password"), "check").unwrap();
    Arc::new(Runtime::new(auth, Vendor, policy, 4096, &GateTelemetry))
}

/// `calls` calls from `tasks` tasks, each task pausing `pause` between its
/// calls; every result.
async fn job(
    rt: &Arc<Runtime<BasicAuth, Vendor>>,
    server: &Arc<Server>,
    tasks: usize,
    calls: usize,
    pause: Duration,
) -> Vec<sellercloud_shopctrl_runtime::Result<()>> {
    let handles: Vec<_> = (0..tasks)
        .map(|task| {
            let rt = rt.clone();
            let server = server.clone();
            tokio::spawn(async move {
                let mut results = Vec::new();
                for _ in (task..calls).step_by(tasks) {
                    let result = rt.invoke(UPDATE, || server.send()).await.map(|_| ());
                    results.push(result);
                    tokio::time::sleep(pause).await;
                }
                results
            })
        })
        .collect();
    let mut out = Vec::new();
    for h in handles {
        out.extend(h.await.unwrap());
    }
    out
}

/// Done-when: with the default policy, 20 concurrent calls while the
/// server refuses the next 25 with a reset 1 s away all succeed, in 200
/// runs out of 200 (the refusals the gate's probes invite cost no
/// attempt).
#[tokio::test(start_paused = true)]
async fn twenty_calls_through_25_refusals_all_succeed_in_200_runs() {
    for run in 0..200 {
        let server = Server::new(
            u32::MAX,
            Duration::from_secs(3600),
            Duration::from_millis(80),
            TimeDelta::zero(),
        );
        let rt = vendor_runtime(RetryPolicy::default());
        server.refuse_next(25, Duration::from_secs(1));
        let results = job(&rt, &server, 20, 20, Duration::ZERO).await;
        let failed: Vec<_> = results.iter().filter_map(|r| r.as_ref().err()).collect();
        assert!(failed.is_empty(), "run {run}: {failed:?}");
        assert_eq!(server.state.lock().unwrap().refuse_next, 0, "run {run}");
    }
}

/// Done-when: a job over the limit for two windows, then under it for
/// five, runs at full concurrency in the last five (the learnt size
/// expires with its window; no probe serialisation).
#[tokio::test(start_paused = true)]
async fn a_job_back_under_the_limit_runs_at_full_concurrency() {
    const LIMIT: u32 = 40;
    let window = Duration::from_secs(2);
    let server = Server::new(LIMIT, window, Duration::from_millis(300), TimeDelta::zero());
    let rt = vendor_runtime(RetryPolicy::default());
    // Over: 16 tasks back to back, about 53 calls a second against 20.
    let over = job(&rt, &server, 16, 240, Duration::ZERO).await;
    assert!(over.iter().all(Result::is_ok));
    let over_windows = server.windows();
    assert!(over_windows.len() >= 5, "{over_windows:#?}");
    assert!(
        over_windows
            .iter()
            .all(|w| w.accepted == LIMIT || w.refused == 0)
    );
    // Under: 8 tasks, each a call every 1.2 s (about 13 a second, 27 a
    // window): the limit is never reached.
    let started = Instant::now();
    let under = job(&rt, &server, 8, 8 * 16, Duration::from_millis(900)).await;
    let under_took = started.elapsed();
    assert!(under.iter().all(Result::is_ok));
    let windows = server.windows();
    let last_five: Vec<_> = windows
        .iter()
        .filter(|w| w.started.unwrap() >= started + window * 2)
        .take(5)
        .collect();
    assert_eq!(last_five.len(), 5, "{windows:#?}");
    for w in &last_five {
        assert_eq!(w.refused, 0, "{windows:#?}");
        // Every task's calls, two rounds of 8: a gate sending one call at
        // a time (8 calls of 300 ms a round) would fit one round at most.
        assert_eq!(w.accepted, 16, "calls were serialised: {windows:#?}");
    }
    assert_eq!(rt.rate_gate().learnt_limit(), None);
    // The job took the time its rounds take (16 rounds of a 300 ms call and
    // a 900 ms pause), within 5%, plus at most the one window it met the
    // learnt size in.
    let ideal = Duration::from_millis(1200) * 16;
    assert!(under_took <= ideal.mul_f64(1.05) + window, "{under_took:?}");
}

/// Done-when: with 64 callers in flight at the first refusal, the window's
/// size is learnt within 10% (calls taken by the server and answered after
/// the refusal count).
#[tokio::test(start_paused = true)]
async fn the_size_learnt_with_64_callers_in_flight_is_within_10_percent() {
    const LIMIT: u32 = 100;
    let server = Server::new(
        LIMIT,
        Duration::from_secs(2),
        Duration::from_millis(300),
        TimeDelta::zero(),
    );
    let rt = vendor_runtime(RetryPolicy::default());
    let results = job(&rt, &server, 64, 400, Duration::ZERO).await;
    assert!(results.iter().all(Result::is_ok));
    let learnt = rt.rate_gate().learnt_limit().expect("a size was learnt");
    assert!(
        (90..=110).contains(&learnt),
        "learnt {learnt} for a window of {LIMIT}: {:#?}",
        server.windows()
    );
    let windows = server.windows();
    for w in &windows[1..] {
        assert!(w.refused <= 1, "{windows:#?}");
    }
}

/// Done-when: the parked-waiter scenario. Limit 3 learnt; three slow calls
/// out and a fourth parked for the probe; the first is refused with a 2 s
/// reset by another process's use of the quota. The parked call wakes and
/// completes.
#[tokio::test(start_paused = true)]
async fn a_parked_call_wakes_when_another_process_closes_the_window() {
    let server = Server::new(
        3,
        Duration::from_secs(4),
        Duration::from_millis(100),
        TimeDelta::zero(),
    );
    let rt = vendor_runtime(RetryPolicy::default().with_rate_limit_spread(Duration::ZERO));
    // Learn 3: four calls, the fourth refused.
    let first = job(&rt, &server, 4, 4, Duration::ZERO).await;
    assert!(first.iter().all(Result::is_ok));
    assert_eq!(rt.rate_gate().learnt_limit(), Some(3));
    // Three slow calls (the server takes its time), and a fourth parked.
    let slow = Server::new(
        u32::MAX,
        Duration::from_secs(3600),
        Duration::from_secs(3),
        TimeDelta::zero(),
    );
    slow.refuse_next(0, Duration::ZERO);
    let calls: Vec<_> = (0..4)
        .map(|_| {
            let rt = rt.clone();
            let slow = slow.clone();
            tokio::spawn(async move { rt.invoke(UPDATE, || slow.send()).await.map(|_| ()) })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(10)).await;
    // Another process uses up the quota: the first slow call's answer
    // (on its way now) will be a refusal with a 2 s reset.
    slow.refuse_next(1, Duration::from_secs(2));
    let started = Instant::now();
    for call in calls {
        tokio::time::timeout(Duration::from_secs(60), call)
            .await
            .expect("no call stays parked")
            .unwrap()
            .unwrap();
    }
    assert!(started.elapsed() < Duration::from_secs(30));
}

/// Done-when: a server clock 10 minutes ahead or behind ours; holds follow
/// the server's clock (no hold of 10 minutes, no attempt burnt on a reset
/// that looks past on ours), and a hold is never longer than the policy's
/// `max_rate_limit_wait`.
#[tokio::test(start_paused = true)]
async fn holds_follow_the_servers_clock_ten_minutes_either_way() {
    for skew in [TimeDelta::minutes(10), TimeDelta::minutes(-10)] {
        let server = Server::new(5, Duration::from_secs(2), Duration::from_millis(50), skew);
        let rt = vendor_runtime(RetryPolicy::default().with_max_attempts(2));
        let started = Instant::now();
        let results = job(&rt, &server, 5, 30, Duration::ZERO).await;
        let failed: Vec<_> = results.iter().filter_map(|r| r.as_ref().err()).collect();
        assert!(failed.is_empty(), "skew {skew}: {failed:?}");
        // 30 calls at 5 per 2 s: 6 windows, and a second or so of slack per
        // window at most, not 10 minutes.
        let elapsed = started.elapsed();
        assert!(
            elapsed < Duration::from_secs(20),
            "skew {skew}: {elapsed:?}"
        );
        let offset = rt.server_clock().offset().unwrap();
        assert!((offset - skew).abs() < TimeDelta::seconds(2), "{offset}");
    }
}

#[tokio::test(start_paused = true)]
async fn no_hold_is_longer_than_max_rate_limit_wait() {
    // A window of an hour, the server's clock 10 minutes behind ours.
    let server = Server::new(
        2,
        Duration::from_secs(3600),
        Duration::from_millis(50),
        TimeDelta::minutes(-10),
    );
    let rt = vendor_runtime(RetryPolicy::default());
    let results = job(&rt, &server, 1, 3, Duration::ZERO).await;
    let started = Instant::now();
    let error = results[2].as_ref().unwrap_err();
    let Error::RateLimited {
        reset_at: Some(reset),
        ..
    } = error
    else {
        panic!("{error}")
    };
    assert!(
        *reset > rt.server_clock().now(),
        "the reset is the server's, ahead"
    );
    assert_eq!(
        error.attempts().unwrap().stopped,
        Stop::WaitTooLong,
        "{error}"
    );
    assert!(error.to_string().contains("after 1 attempt"), "{error}");
    // Held calls fail at once too.
    let e = rt.invoke(UPDATE, || server.send()).await.unwrap_err();
    assert!(matches!(e, Error::RateLimited { .. }), "{e}");
    assert_eq!(started.elapsed(), Duration::ZERO);
    // A call that would rather wait longer may say so, for itself only.
    let patient = CallSettings::new().max_rate_limit_wait(Duration::from_secs(2 * 3600));
    let waited = Instant::now();
    rt.invoke_with(&patient, UPDATE, || server.send())
        .await
        .unwrap();
    assert!(
        waited.elapsed() >= Duration::from_secs(3500),
        "{:?}",
        waited.elapsed()
    );
}

/// Done-when (issue 24): a per-call timeout shorter than the client's
/// times out that call only; a per-call policy of "never" holds for that
/// call only.
#[tokio::test(start_paused = true)]
async fn per_call_settings_hold_for_their_call_only() {
    let rt = vendor_runtime(RetryPolicy::default().with_max_attempts(2));
    let slow = Server::new(
        u32::MAX,
        Duration::from_secs(3600),
        Duration::from_secs(4),
        TimeDelta::zero(),
    );
    let quick = CallSettings::new().timeout(Duration::from_secs(1));
    let e = rt
        .invoke_with(&quick, UPDATE, || slow.send())
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::Timeout {
                may_have_been_applied: true,
                ..
            }
        ),
        "{e}"
    );
    assert_eq!(e.attempts().unwrap().made, 2, "{e}");
    rt.invoke(UPDATE, || slow.send()).await.unwrap();

    let refusing = Server::new(
        u32::MAX,
        Duration::from_secs(3600),
        Duration::from_millis(10),
        TimeDelta::zero(),
    );
    refusing.refuse_next(1, Duration::from_millis(500));
    let never = CallSettings::new().retry_policy(RetryPolicy::never());
    let e = rt
        .invoke_with(&never, UPDATE, || refusing.send())
        .await
        .unwrap_err();
    let attempts = e.attempts().unwrap();
    assert_eq!(
        (attempts.made, attempts.stopped),
        (1, Stop::MaxAttempts),
        "{e}"
    );
    refusing.refuse_next(1, Duration::from_millis(500));
    rt.invoke(UPDATE, || refusing.send()).await.unwrap();
}

/// Time held by the gate is the server's, not the call's: a call held for
/// 5 s by a refusal another call met still gets its backoff retry with a
/// `max_elapsed` of 2 s.
#[tokio::test(start_paused = true)]
async fn gate_holds_do_not_count_against_max_elapsed() {
    let server = Server::new(
        u32::MAX,
        Duration::from_secs(3600),
        Duration::from_millis(20),
        TimeDelta::zero(),
    );
    let rt = vendor_runtime(
        RetryPolicy::default()
            .with_max_elapsed(Duration::from_secs(2))
            .with_rate_limit_spread(Duration::ZERO),
    );
    // One call, not retried, meets a refusal with a reset 5 s away: the
    // gate closes.
    server.refuse_next(1, Duration::from_secs(5));
    let never = CallSettings::new().retry_policy(RetryPolicy::never());
    let e = rt
        .invoke_with(&never, UPDATE, || server.send())
        .await
        .unwrap_err();
    assert!(matches!(e, Error::RateLimited { .. }), "{e}");
    // The next call is held about 5 s, then answered 503 once: retried.
    server.state.lock().unwrap().unavailable_next = 1;
    let started = Instant::now();
    rt.invoke(UPDATE, || server.send()).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.state.lock().unwrap().unavailable_next, 0);
}
