//! Error answers and retries, on a loopback mock server.

mod common;

use common::*;
use shopctrl::{Error, RowId, UpdatePurchaseOrderRow};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const MODEL_STATE: &str = r#"{
  "Message": "The request is invalid.",
  "ModelState": {
    "row.ItemQuantity": ["The value '-1' is not valid for ItemQuantity."],
    "row.StockItems[0].Quantity": ["Quantity must be at least 1.", "Quantity is required."]
  }
}"#;

async fn update(server: &MockServer) -> shopctrl::Result<()> {
    client(server)
        .purchase_orders()
        .update_row(
            PURCHASE_ORDER_ID,
            UpdatePurchaseOrderRow::new(RowId::new(1)),
        )
        .await
}

#[tokio::test]
async fn model_state_answers_surface_their_field_errors() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(400).set_body_raw(MODEL_STATE, "application/json"),
    )
    .await;

    let err = update(&server).await.unwrap_err();

    let Error::Api {
        status,
        message,
        field_errors,
        body,
        ..
    } = &err
    else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(*status, 400);
    assert_eq!(message.as_deref(), Some("The request is invalid."));
    assert_eq!(field_errors.len(), 2);
    assert!(body.contains("ModelState"));
    assert_eq!(
        err.field_errors_for("ItemQuantity"),
        ["The value '-1' is not valid for ItemQuantity."]
    );
    assert_eq!(
        err.field_errors_for("StockItems[0].Quantity"),
        ["Quantity must be at least 1.", "Quantity is required."]
    );
    let shown = err.to_string();
    assert!(shown.contains("row.ItemQuantity"), "{shown}");
    // A validation answer is final.
    assert_eq!(received(&server).await.len(), 1);
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn a_plain_text_error_body_is_kept() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(500).set_body_string("Something broke"),
    )
    .await;

    let err = update(&server).await.unwrap_err();

    assert!(
        matches!(&err, Error::Api { status: 500, message: None, body, .. } if body == "Something broke"),
        "{err:?}"
    );
    // 500 is not among the retried statuses.
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn service_unavailable_is_retried_until_it_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(ROWS_PATH))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    answer(&server, ResponseTemplate::new(200)).await;

    update(&server).await.expect("the third attempt succeeds");

    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    // Every attempt is the same request.
    assert!(requests.iter().all(|r| r.body == requests[0].body));
}

#[tokio::test]
async fn retries_stop_at_the_policy_bound() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(503).set_body_string("busy")).await;

    let err = update(&server).await.unwrap_err();

    assert!(matches!(err, Error::Api { status: 503, .. }), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(
        received(&server).await.len(),
        tiny_retries().max_attempts() as usize
    );
}

#[tokio::test]
async fn each_retryable_status_is_retried() {
    for status in [408u16, 429, 502, 504] {
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .and(path(ROWS_PATH))
            .respond_with(ResponseTemplate::new(status).insert_header("Retry-After", "0"))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        answer(&server, ResponseTemplate::new(200)).await;

        update(&server)
            .await
            .unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(received(&server).await.len(), 2, "status {status}");
    }
}

#[tokio::test]
async fn a_lasting_rate_limit_is_reported_as_such() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(429).set_body_raw(r#"{"Message":"Slow down."}"#, "application/json"),
    )
    .await;

    let err = update(&server).await.unwrap_err();

    assert!(
        matches!(&err, Error::RateLimited { status: 429, message: Some(m), .. } if m == "Slow down."),
        "{err:?}"
    );
}

#[tokio::test]
async fn unauthorized_is_not_retried_and_hints_at_the_password() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(401).set_body_raw(
            r#"{"Message":"Authorization has been denied for this request."}"#,
            "application/json",
        ),
    )
    .await;

    let err = update(&server).await.unwrap_err();

    let Error::Authentication {
        status,
        message,
        hint,
        ..
    } = &err
    else {
        panic!("expected an authentication error, got {err:?}");
    };
    assert_eq!(*status, Some(401));
    assert_eq!(message, "Authorization has been denied for this request.");
    assert!(hint.contains("password may have been changed"), "{hint}");
    assert!(!err.is_retryable());
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn any_success_status_is_success() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(204)).await;

    update(&server).await.expect("204 is a success");
}

#[tokio::test]
async fn an_oversized_error_body_keeps_the_status() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(400).set_body_string("x".repeat(4096)),
    )
    .await;

    let err = builder(&server.uri())
        .max_response_bytes(1024)
        .build()
        .unwrap()
        .purchase_orders()
        .update_row(
            PURCHASE_ORDER_ID,
            UpdatePurchaseOrderRow::new(RowId::new(1)),
        )
        .await
        .unwrap_err();

    assert!(
        matches!(&err, Error::Api { status: 400, body, .. } if body.contains("exceeds the 1024 byte limit")),
        "{err:?}"
    );
}

#[tokio::test]
async fn timeouts_are_retried_and_reported() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(200).set_delay(Duration::from_secs(3)),
    )
    .await;

    let err = builder(&server.uri())
        .request_timeout(Duration::from_millis(100))
        .retry_policy(tiny_retries().with_max_attempts(2))
        .build()
        .unwrap()
        .purchase_orders()
        .update_row(
            PURCHASE_ORDER_ID,
            UpdatePurchaseOrderRow::new(RowId::new(1)),
        )
        .await
        .unwrap_err();

    assert!(
        matches!(
            err,
            Error::Timeout {
                operation: "update_purchase_order_row",
                may_have_been_applied: true,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(received(&server).await.len(), 2);
}

/// A server that accepts connections and closes them without answering.
#[tokio::test]
async fn dropped_connections_are_retried() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    let server = tokio::spawn(async move {
        // Bounded: never more connections than the policy allows attempts.
        for _ in 0..tiny_retries().max_attempts() {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            counter.fetch_add(1, Ordering::SeqCst);
            drop(socket);
        }
    });

    let err = builder(&format!("http://{address}"))
        .build()
        .unwrap()
        .purchase_orders()
        .update_row(
            PURCHASE_ORDER_ID,
            UpdatePurchaseOrderRow::new(RowId::new(1)),
        )
        .await
        .unwrap_err();

    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.is_retryable());
    server.await.unwrap();
    assert_eq!(
        accepted.load(Ordering::SeqCst),
        tiny_retries().max_attempts() as usize
    );
}
