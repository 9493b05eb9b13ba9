//! Authentication against a loopback mock: bearer header, token cache,
//! single-flight, renewal, and 401 handling.

mod common;

use common::*;
use futures::future::join_all;
use sellercloud::{Error, OrderId, PurchaseOrderId, RetryPolicy, UpdatePurchaseOrderTracking};
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TRACKING_PATH: &str = "/rest/api/PurchaseOrders/7/TrackingNumber";

fn tracking() -> UpdatePurchaseOrderTracking {
    UpdatePurchaseOrderTracking::new().tracking_number("1Z999")
}

async fn mount_tracking_ok(server: &MockServer) {
    Mock::given(method("PUT"))
        .and(path(TRACKING_PATH))
        .respond_with(ResponseTemplate::new(200))
        .mount(server)
        .await;
}

#[tokio::test]
async fn sends_credentials_then_the_bearer_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(body_json(
            json!({"Username": USERNAME, "Password": PASSWORD}),
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "tok-1", "expires_in": 3600})),
        )
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(TRACKING_PATH))
        .and(header("authorization", "Bearer tok-1"))
        .and(body_json(json!({"TrackingNumber": "1Z999"})))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;

    let client = client(&server);
    client
        .purchase_orders()
        .update_tracking(PurchaseOrderId::new(7), tracking())
        .await
        .unwrap();
    client
        .purchase_orders()
        .update_tracking(PurchaseOrderId::new(7), tracking())
        .await
        .unwrap();

    assert_eq!(
        authorizations(&server, TRACKING_PATH).await,
        ["Bearer tok-1", "Bearer tok-1"]
    );
    // Cached: one token for both calls; and the token request itself carries no token.
    assert_eq!(authorizations(&server, TOKEN_PATH).await, [""]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_on_a_fresh_client_share_one_token_request() {
    let server = MockServer::start().await;
    // A slow token answer makes every call arrive while the request is in flight.
    mount_tokens(&server, json!(3600), Duration::from_millis(300)).await;
    mount_tracking_ok(&server).await;
    let client = client(&server);

    let calls = (0..100).map(|_| {
        let client = client.clone();
        async move {
            client
                .purchase_orders()
                .update_tracking(PurchaseOrderId::new(7), tracking())
                .await
        }
    });
    let results = join_all(calls).await;

    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(count(&server, TOKEN_PATH).await, 1);
    let auth = authorizations(&server, TRACKING_PATH).await;
    assert_eq!(auth.len(), 100);
    assert!(auth.iter().all(|a| a == "Bearer tok-1"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_token_request_is_shared_by_its_waiters() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(503).set_delay(Duration::from_millis(300)))
        .mount(&server)
        .await;
    let client = builder(&server)
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();

    let calls = (0..50).map(|_| {
        let client = client.clone();
        async move {
            client
                .purchase_orders()
                .update_tracking(PurchaseOrderId::new(7), tracking())
                .await
        }
    });
    let results = join_all(calls).await;

    for r in &results {
        let e = r.as_ref().unwrap_err();
        assert!(
            matches!(
                e,
                Error::Authentication {
                    status: Some(503),
                    ..
                }
            ),
            "{e}"
        );
        assert!(e.is_retryable() && !e.may_have_been_applied());
    }
    // No stampede on the rate-limited token endpoint.
    assert_eq!(count(&server, TOKEN_PATH).await, 1);
    assert_eq!(count(&server, TRACKING_PATH).await, 0);
}

#[tokio::test]
async fn the_token_is_renewed_once_due() {
    let server = MockServer::start().await;
    // A 1 s token with a 5 s margin is due for renewal as soon as it arrives.
    mount_tokens(&server, json!(1), Duration::ZERO).await;
    mount_tracking_ok(&server).await;
    let client = builder(&server)
        .token_renewal_margin(Duration::from_secs(5))
        .build()
        .unwrap();

    client
        .purchase_orders()
        .update_tracking(PurchaseOrderId::new(7), tracking())
        .await
        .unwrap();
    client
        .purchase_orders()
        .update_tracking(PurchaseOrderId::new(7), tracking())
        .await
        .unwrap();

    assert_eq!(count(&server, TOKEN_PATH).await, 2);
    assert_eq!(
        authorizations(&server, TRACKING_PATH).await,
        ["Bearer tok-1", "Bearer tok-2"]
    );
}

#[tokio::test]
async fn a_token_without_expires_in_is_cached() {
    let server = MockServer::start().await;
    // No expires_in: 30 minutes are assumed, so the token is reused.
    mount_tokens(&server, serde_json::Value::Null, Duration::ZERO).await;
    mount_tracking_ok(&server).await;
    let client = client(&server);

    client
        .purchase_orders()
        .update_tracking(PurchaseOrderId::new(7), tracking())
        .await
        .unwrap();
    client
        .purchase_orders()
        .update_tracking(PurchaseOrderId::new(7), tracking())
        .await
        .unwrap();

    assert_eq!(count(&server, TOKEN_PATH).await, 1);
}

#[tokio::test]
async fn a_401_renews_the_token_once_and_retries_once() {
    let server = server().await;
    Mock::given(method("PUT"))
        .and(path(TRACKING_PATH))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"Message": "Not Valid Token"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(TRACKING_PATH))
        .and(header("authorization", "Bearer tok-2"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;

    client(&server)
        .purchase_orders()
        .update_tracking(PurchaseOrderId::new(7), tracking())
        .await
        .unwrap();

    assert_eq!(count(&server, TOKEN_PATH).await, 2);
    assert_eq!(
        authorizations(&server, TRACKING_PATH).await,
        ["Bearer tok-1", "Bearer tok-2"]
    );
}

#[tokio::test]
async fn a_second_401_is_an_authentication_error_not_a_loop() {
    let server = server().await;
    Mock::given(method("PUT"))
        .and(path(TRACKING_PATH))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"Message": "Not Valid Token"})),
        )
        .mount(&server)
        .await;

    let e = client(&server)
        .purchase_orders()
        .update_tracking(PurchaseOrderId::new(7), tracking())
        .await
        .unwrap_err();

    assert!(
        matches!(
            e,
            Error::Authentication {
                status: Some(401),
                ..
            }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("Not Valid Token"), "{e}");
    assert!(!e.is_retryable() && !e.may_have_been_applied());
    assert_eq!(count(&server, TOKEN_PATH).await, 2);
    assert_eq!(count(&server, TRACKING_PATH).await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_401s_with_one_token_cause_one_renewal() {
    let server = server().await;
    let client = client(&server);
    // Cache tok-1 first.
    Mock::given(method("PUT"))
        .and(path(TRACKING_PATH))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(200))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    client
        .purchase_orders()
        .update_tracking(PurchaseOrderId::new(7), tracking())
        .await
        .unwrap();
    // Then the server revokes it.
    Mock::given(method("PUT"))
        .and(path(TRACKING_PATH))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(TRACKING_PATH))
        .and(header("authorization", "Bearer tok-2"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;

    let calls = (0..50).map(|_| {
        let client = client.clone();
        async move {
            client
                .purchase_orders()
                .update_tracking(PurchaseOrderId::new(7), tracking())
                .await
        }
    });
    let results = join_all(calls).await;

    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(count(&server, TOKEN_PATH).await, 2);
}

#[tokio::test]
async fn a_401_from_the_token_endpoint_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"Message": "Invalid username or password"})),
        )
        .mount(&server)
        .await;

    let e = client(&server)
        .purchase_orders()
        .update_tracking(PurchaseOrderId::new(7), tracking())
        .await
        .unwrap_err();

    assert!(
        matches!(
            e,
            Error::Authentication {
                status: Some(401),
                ..
            }
        ),
        "{e}"
    );
    assert!(
        e.to_string().contains("Invalid username or password"),
        "{e}"
    );
    assert!(!e.is_retryable() && !e.may_have_been_applied());
    assert_eq!(count(&server, TOKEN_PATH).await, 1);
    assert_eq!(count(&server, TRACKING_PATH).await, 0);
}

#[tokio::test]
async fn a_400_from_the_token_endpoint_is_an_authentication_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(400).set_body_string("bad request"))
        .mount(&server)
        .await;

    let e = client(&server)
        .orders()
        .update(
            OrderId::new(9),
            sellercloud::UpdateOrder::new().customer_id(1),
        )
        .await
        .unwrap_err();

    assert!(
        matches!(
            e,
            Error::Authentication {
                status: Some(400),
                ..
            }
        ),
        "{e}"
    );
    assert_eq!(count(&server, TOKEN_PATH).await, 1);
}

#[tokio::test]
async fn a_token_answer_without_access_token_is_an_authentication_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"token_type": "Bearer", "expires_in": 3600})),
        )
        .mount(&server)
        .await;

    let e = client(&server)
        .purchase_orders()
        .update_tracking(PurchaseOrderId::new(7), tracking())
        .await
        .unwrap_err();

    assert!(matches!(e, Error::Authentication { .. }), "{e}");
    assert!(e.to_string().contains("access_token"), "{e}");
    assert_eq!(count(&server, TRACKING_PATH).await, 0);
}

#[tokio::test]
async fn a_rate_limited_token_request_waits_for_the_reset() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(rate_limited(429, 200))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_tokens(&server, json!(3600), Duration::ZERO).await;
    mount_tracking_ok(&server).await;

    client(&server)
        .purchase_orders()
        .update_tracking(PurchaseOrderId::new(7), tracking())
        .await
        .unwrap();

    assert_eq!(count(&server, TOKEN_PATH).await, 2);
    assert_eq!(count(&server, TRACKING_PATH).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_401_for_an_already_renewed_token_does_not_renew_again() {
    const SLOW_PATH: &str = "/rest/api/PurchaseOrders/8/TrackingNumber";
    let server = server().await;
    let client = client(&server);
    // Both calls will be sent with tok-1; the server refuses it on both
    // paths, but the refusal on the slow path arrives after the fast
    // path's call has already renewed to tok-2.
    for (path_, delay) in [(TRACKING_PATH, 0), (SLOW_PATH, 400)] {
        Mock::given(method("PUT"))
            .and(path(path_))
            .and(header("authorization", "Bearer tok-1"))
            .respond_with(ResponseTemplate::new(401).set_delay(Duration::from_millis(delay)))
            .mount(&server)
            .await;
        Mock::given(method("PUT"))
            .and(path(path_))
            .and(header("authorization", "Bearer tok-2"))
            .respond_with(ResponseTemplate::new(200))
            .mount(&server)
            .await;
    }
    // Cache tok-1.
    Mock::given(method("PUT"))
        .and(path("/rest/api/PurchaseOrders/9/TrackingNumber"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    client
        .purchase_orders()
        .update_tracking(PurchaseOrderId::new(9), tracking())
        .await
        .unwrap();

    let slow = {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .purchase_orders()
                .update_tracking(PurchaseOrderId::new(8), tracking())
                .await
        })
    };
    client
        .purchase_orders()
        .update_tracking(PurchaseOrderId::new(7), tracking())
        .await
        .unwrap();
    slow.await.unwrap().unwrap();

    // tok-1, then one renewal to tok-2; the late 401 about tok-1 reuses tok-2.
    assert_eq!(count(&server, TOKEN_PATH).await, 2);
    assert_eq!(
        authorizations(&server, SLOW_PATH).await,
        ["Bearer tok-1", "Bearer tok-2"]
    );
}

#[tokio::test]
async fn redirects_are_not_followed_with_the_credentials() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(307)
                .insert_header("location", format!("{}/steal", elsewhere.uri()).as_str()),
        )
        .mount(&server)
        .await;

    let e = client(&server)
        .purchase_orders()
        .update_tracking(PurchaseOrderId::new(7), tracking())
        .await
        .unwrap_err();

    assert!(
        matches!(
            e,
            Error::Authentication {
                status: Some(307),
                ..
            }
        ),
        "{e}"
    );
    assert!(elsewhere.received_requests().await.unwrap().is_empty());
}
