//! A bulk job against the rate-limited fake: 64 concurrent callers make 300
//! calls on one client, the fake allows 100 per 2 s window (the token
//! request included). Every call succeeds; once the client has met the
//! limit, each window ends with at most one refusal; calls held for a reset
//! reach the server spread out, not at one instant; with the client-side
//! pace on, nothing is refused at all.
//!
//! Real time (the fake is a loopback server), about 5 s per run; the
//! skewed-clock tests about 6 s more.

use e2e_tests::support;
use fakes::RateLimit;
use fakes::sellercloud::{
    FakeSellercloud, SellercloudConfig, SellercloudRoute, StoredPurchaseOrder,
};
use futures::StreamExt;
use sellercloud::{RetryPolicy, UpdatePurchaseOrderTracking};
use std::time::Duration;

const CALLERS: usize = 64;
const CALLS: usize = 300;
const LIMIT: u32 = 100;
const WINDOW: Duration = Duration::from_secs(2);
const SPREAD: Duration = Duration::from_millis(400);

async fn fake() -> FakeSellercloud {
    let mut config = SellercloudConfig::default().with_rate_limit(RateLimit::new(LIMIT, WINDOW));
    for id in 1..=CALLS as i32 {
        config = config.with_purchase_order(StoredPurchaseOrder::new(id, false));
    }
    FakeSellercloud::start(config).await.unwrap()
}

/// One call of the bulk job: when it started, and how it ended.
struct Call {
    id: i32,
    started: tokio::time::Instant,
    result: sellercloud::Result<()>,
}

/// The bulk job: every call a tracking update of its own purchase order.
async fn bulk_job(client: &sellercloud::Client) -> Vec<Call> {
    futures::stream::iter(1..=CALLS as i32)
        .map(|id| {
            let client = client.clone();
            async move {
                let started = tokio::time::Instant::now();
                let result = client
                    .purchase_orders()
                    .update_tracking(
                        sellercloud::PurchaseOrderId::new(id),
                        UpdatePurchaseOrderTracking::new().tracking_number(format!("T-{id}")),
                    )
                    .await;
                Call {
                    id,
                    started,
                    result,
                }
            }
        })
        .buffer_unordered(CALLERS)
        .collect()
        .await
}

fn policy() -> RetryPolicy {
    RetryPolicy::default().with_rate_limit_spread(SPREAD)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_job_finishes_with_one_refusal_per_window_once_the_limit_is_known() {
    let fake = fake().await;
    let client = support::sellercloud_builder(&fake)
        .retry_policy(policy())
        .build()
        .unwrap();
    let calls = bulk_job(&client).await;
    let failed: Vec<_> = calls
        .iter()
        .filter_map(|c| c.result.as_ref().err())
        .collect();
    assert!(
        failed.is_empty(),
        "{} calls failed: {:?}",
        failed.len(),
        &failed[..failed.len().min(3)]
    );
    for id in 1..=CALLS as i32 {
        assert!(
            fake.purchase_order(id)
                .unwrap()
                .shipping
                .tracking_number
                .is_some()
        );
    }

    let windows = fake.rate_limit_windows();
    assert!(windows.len() >= 3, "{windows:#?}");
    // The first window's limit cannot be foreseen: the calls already on
    // their way when the first refusal comes back are refused too, at most
    // one per caller. From then on the client knows the window's size.
    assert!(windows[0].refused as usize <= CALLERS, "{windows:#?}");
    for w in &windows[1..] {
        assert!(
            w.refused <= 1,
            "a window with {} refusals: {windows:#?}",
            w.refused
        );
    }
    assert!(windows.iter().all(|w| w.accepted <= LIMIT));

    // After the first reset, the held calls (started before it, taken by the
    // server after it) reach the server spread over the client's interval,
    // not in one burst.
    let reset = windows[0].ends;
    let accepted_at = |id: i32| {
        fake.requests_to(SellercloudRoute::UpdatePurchaseOrderTrackingNumber)
            .into_iter()
            .find(|r| !r.rate_limited && r.path.ends_with(&format!("/{id}/TrackingNumber")))
            .map(|r| r.arrived_at)
    };
    let mut held: Vec<_> = calls
        .iter()
        .filter(|c| c.started < reset)
        .filter_map(|c| accepted_at(c.id))
        .filter(|at| *at >= reset)
        .collect();
    held.sort();
    assert!(
        held.len() >= CALLERS / 2,
        "{} calls held over the reset",
        held.len()
    );
    let span = *held.last().unwrap() - *held.first().unwrap();
    assert!(
        span >= SPREAD / 2,
        "the {} held calls arrived within {span:?}",
        held.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_pace_on_nothing_is_refused() {
    let fake = fake().await;
    // 100 per 2 s, less a margin for the token request and clock jitter.
    let client = support::sellercloud_builder(&fake)
        .retry_policy(policy().with_pace(LIMIT - 2, WINDOW))
        .build()
        .unwrap();
    let calls = bulk_job(&client).await;
    assert!(calls.iter().all(|c| c.result.is_ok()));
    assert_eq!(
        fake.rate_limit_refusals(),
        0,
        "{:#?}",
        fake.rate_limit_windows()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_past_the_wait_bound_fails_every_held_call_with_the_reset_time() {
    let config = SellercloudConfig::default()
        .with_rate_limit(RateLimit::new(5, Duration::from_secs(120)))
        .with_purchase_order(StoredPurchaseOrder::new(1, false));
    let fake = FakeSellercloud::start(config).await.unwrap();
    let client = support::sellercloud_builder(&fake)
        .retry_policy(RetryPolicy::default().with_max_rate_limit_wait(Duration::from_secs(60)))
        .build()
        .unwrap();
    let results: Vec<_> = futures::stream::iter(0..20)
        .map(|_| {
            let client = client.clone();
            async move {
                client
                    .purchase_orders()
                    .update_tracking(
                        sellercloud::PurchaseOrderId::new(1),
                        UpdatePurchaseOrderTracking::new().tracking_number("T"),
                    )
                    .await
            }
        })
        .buffer_unordered(4)
        .collect()
        .await;
    let limited = results
        .iter()
        .filter(|r| {
            matches!(
                r,
                Err(sellercloud::Error::RateLimited {
                    reset_at: Some(_),
                    ..
                })
            )
        })
        .count();
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count() + limited,
        20,
        "{results:?}"
    );
    assert!(limited >= 15, "{limited}");
    // Held calls were not sent to be refused one by one.
    assert!(
        fake.rate_limit_refusals() <= 4,
        "{}",
        fake.rate_limit_refusals()
    );
}

/// A fake whose clock runs `skew` from ours, writing reset times without an
/// offset (its UTC), with `limit` calls per `window`.
async fn skewed_fake(skew: chrono::TimeDelta, limit: u32, window: Duration) -> FakeSellercloud {
    let mut config = SellercloudConfig::default()
        .with_rate_limit(RateLimit::new(limit, window).with_status(409))
        .with_server_clock(skew, chrono::FixedOffset::east_opt(0).unwrap())
        .with_offsetless_reset_times();
    for id in 1..=40 {
        config = config.with_purchase_order(StoredPurchaseOrder::new(id, false));
    }
    FakeSellercloud::start(config).await.unwrap()
}

/// A tracking update of purchase order `id`.
async fn update(client: sellercloud::Client, id: i32) -> sellercloud::Result<()> {
    client
        .purchase_orders()
        .update_tracking(
            sellercloud::PurchaseOrderId::new(id),
            UpdatePurchaseOrderTracking::new().tracking_number("T"),
        )
        .await
}

/// The server's clock 10 minutes ahead of ours, then behind: holds follow
/// its clock (a reset is not taken as 10 minutes away, nor as already
/// past), so with two attempts per call every call succeeds and no window
/// after the first sees more than one refusal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn holds_follow_a_server_clock_ten_minutes_off() {
    for minutes in [10, -10] {
        let skew = chrono::TimeDelta::minutes(minutes);
        let fake = skewed_fake(skew, 8, Duration::from_millis(1500)).await;
        let client = support::sellercloud_builder(&fake)
            .retry_policy(RetryPolicy::default().with_max_attempts(2))
            .build()
            .unwrap();
        let job = futures::stream::iter(1..=24)
            .map(|id| update(client.clone(), id))
            .buffer_unordered(6)
            .collect::<Vec<_>>();
        let results = tokio::time::timeout(Duration::from_secs(60), job)
            .await
            .expect("no hold follows our clock");
        let failed: Vec<_> = results.iter().filter_map(|r| r.as_ref().err()).collect();
        assert!(failed.is_empty(), "skew {minutes} min: {failed:?}");
        let windows = fake.rate_limit_windows();
        for w in &windows[1..] {
            assert!(w.refused <= 1, "skew {minutes} min: {windows:#?}");
        }
        let offset = client.server_clock().offset().unwrap();
        assert!(
            (offset - skew).abs() < chrono::TimeDelta::seconds(2),
            "{offset}"
        );
    }
}

/// A window of two minutes on a server clock 10 minutes either way: the
/// call past the limit fails at once (not 10 minutes later, not after
/// attempts burnt on a reset that looks past on our clock) with the reset,
/// which is the server's time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_hold_is_longer_than_max_rate_limit_wait_whatever_the_skew() {
    for minutes in [10, -10] {
        let skew = chrono::TimeDelta::minutes(minutes);
        let fake = skewed_fake(skew, 2, Duration::from_secs(120)).await;
        let client = support::sellercloud_builder(&fake)
            .retry_policy(RetryPolicy::default().with_max_rate_limit_wait(Duration::from_secs(60)))
            .build()
            .unwrap();
        // The token request and one call fill the window.
        update(client.clone(), 1).await.unwrap();
        let started = std::time::Instant::now();
        let e = update(client.clone(), 2).await.unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5), "{e}");
        let sellercloud::Error::RateLimited {
            reset_at: Some(reset),
            ..
        } = &e
        else {
            panic!("{e}")
        };
        let on_server = client.server_clock().now();
        let ahead = reset.with_timezone(&chrono::Utc) - on_server;
        assert!(
            ahead > chrono::TimeDelta::seconds(100) && ahead <= chrono::TimeDelta::seconds(121),
            "skew {minutes} min: reset {reset}, server now {on_server}"
        );
        let attempts = e.attempts().unwrap();
        assert_eq!(attempts.made, 1, "{e}");
        assert_eq!(attempts.stopped, sellercloud::Stop::WaitTooLong, "{e}");
        assert_eq!(
            fake.rate_limit_refusals(),
            1,
            "one refusal, no attempt burnt"
        );
    }
}
