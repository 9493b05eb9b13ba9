//! Retries, the create-PO no-resend rule, and error mapping, against a
//! loopback mock.

mod common;

use common::*;
use sellercloud::{CompanyId, OrderId, PurchaseOrderId, PurchaseOrderItemId, VendorId};
use sellercloud::{
    CreatePurchaseOrder, Decimal, Error, ItemUpdate, NewPurchaseOrderProduct, PoType, UpdateOrder,
    UpdatePurchaseOrderItems,
};
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const ITEMS_PATH: &str = "/rest/api/PurchaseOrders/12/Items";
const ORDER_PATH: &str = "/rest/api/Orders/55";
const CREATE_PATH: &str = "/rest/api/PurchaseOrders";

fn items() -> UpdatePurchaseOrderItems<sellercloud::UnitMode> {
    UpdatePurchaseOrderItems::unit_mode()
        .item(ItemUpdate::new(PurchaseOrderItemId::new(501)).qty_units_ordered(3))
}

fn new_po() -> CreatePurchaseOrder {
    CreatePurchaseOrder::new()
        .company_id(CompanyId::new(1))
        .vendor_id(VendorId::new(2))
        .po_type(PoType::PurchaseOrder)
        .case_qty_mode(false)
        .product(
            NewPurchaseOrderProduct::new("SKU-1")
                .qty_units_ordered(5)
                .unit_price(Decimal::new(125, 2)),
        )
}

/// Answers `first` once, then 200, with `then_body`.
async fn mount_once_then_ok(
    server: &MockServer,
    method_: &str,
    path_: &str,
    first: ResponseTemplate,
) {
    Mock::given(method(method_))
        .and(path(path_))
        .respond_with(first)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method(method_))
        .and(path(path_))
        .respond_with(ResponseTemplate::new(200))
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_put_is_retried_on_503() {
    let server = server().await;
    mount_once_then_ok(&server, "PUT", ITEMS_PATH, ResponseTemplate::new(503)).await;

    client(&server)
        .purchase_orders()
        .update_items(PurchaseOrderId::new(12), items())
        .await
        .unwrap();

    assert_eq!(count(&server, ITEMS_PATH).await, 2);
}

#[tokio::test]
async fn retries_stop_at_the_policy_bound() {
    let server = server().await;
    Mock::given(method("PUT"))
        .and(path(ORDER_PATH))
        .respond_with(ResponseTemplate::new(502).set_body_string("Bad Gateway"))
        .mount(&server)
        .await;

    let e = client(&server)
        .orders()
        .update(OrderId::new(55), UpdateOrder::new().customer_id(3))
        .await
        .unwrap_err();

    assert!(matches!(e, Error::Api { status: 502, .. }), "{e}");
    assert_eq!(count(&server, ORDER_PATH).await, 4); // fast_retries: 4 attempts
}

/// Answers the rate limit once (reset `ms` ahead), then 200; records when
/// each request arrived and the reset time it announced.
struct RateLimitOnce {
    status: u16,
    ms: i64,
    seen: Arc<Mutex<Vec<chrono::DateTime<chrono::Utc>>>>,
    reset: Arc<Mutex<Option<chrono::DateTime<chrono::FixedOffset>>>>,
}

impl Respond for RateLimitOnce {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut seen = self.seen.lock().unwrap();
        seen.push(chrono::Utc::now());
        if seen.len() > 1 {
            return ResponseTemplate::new(200);
        }
        let (text, parsed) = reset_in(self.ms);
        *self.reset.lock().unwrap() = Some(parsed);
        ResponseTemplate::new(self.status)
            .set_body_json(json!({"Error": "Too many requests.", "RateLimitResetTime": text}))
    }
}

async fn rate_limit_then_ok(status: u16) {
    let server = server().await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let reset = Arc::new(Mutex::new(None));
    Mock::given(method("PUT"))
        .and(path(ITEMS_PATH))
        .respond_with(RateLimitOnce {
            status,
            ms: 300,
            seen: seen.clone(),
            reset: reset.clone(),
        })
        .mount(&server)
        .await;

    client(&server)
        .purchase_orders()
        .update_items(PurchaseOrderId::new(12), items())
        .await
        .unwrap();

    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2, "retried once");
    let reset = reset.lock().unwrap().expect("a reset time was sent");
    // The backoff alone (1-5 ms) would have retried long before the reset.
    assert!(
        seen[1] >= reset,
        "retried at {} before the announced reset {}",
        seen[1],
        reset
    );
}

#[tokio::test]
async fn a_put_waits_for_the_rate_limit_reset_on_429() {
    rate_limit_then_ok(429).await;
}

#[tokio::test]
async fn a_put_waits_for_the_rate_limit_reset_on_409() {
    rate_limit_then_ok(409).await;
}

#[tokio::test]
async fn a_reset_beyond_the_wait_bound_is_reported_not_waited_for() {
    let server = server().await;
    Mock::given(method("PUT"))
        .and(path(ITEMS_PATH))
        .respond_with(rate_limited(409, 3_600_000))
        .mount(&server)
        .await;

    let e = client(&server)
        .purchase_orders()
        .update_items(PurchaseOrderId::new(12), items())
        .await
        .unwrap_err();

    match &e {
        Error::RateLimited {
            status: 409,
            reset_at: Some(_),
            message,
            ..
        } => assert_eq!(message.as_deref(), Some("Too many requests.")),
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert!(!e.may_have_been_applied());
    assert_eq!(count(&server, ITEMS_PATH).await, 1);
}

#[tokio::test]
async fn a_409_without_the_rate_limit_body_is_an_api_error() {
    let server = server().await;
    Mock::given(method("PUT"))
        .and(path(ITEMS_PATH))
        .respond_with(ResponseTemplate::new(409).set_body_json(json!({"Message": "PO is locked"})))
        .mount(&server)
        .await;

    let e = client(&server)
        .purchase_orders()
        .update_items(PurchaseOrderId::new(12), items())
        .await
        .unwrap_err();

    assert!(matches!(e, Error::Api { status: 409, .. }), "{e}");
    assert!(e.to_string().contains("PO is locked"));
    assert_eq!(count(&server, ITEMS_PATH).await, 1);
}

#[tokio::test]
async fn the_server_message_surfaces_in_the_error() {
    let server = server().await;
    Mock::given(method("PUT"))
        .and(path(ORDER_PATH))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "Message": "The request is invalid.",
            "ModelState": {"request.ShippingAddress.State": ["State is invalid"]}
        })))
        .mount(&server)
        .await;

    let e = client(&server)
        .orders()
        .update(OrderId::new(55), UpdateOrder::new().customer_id(3))
        .await
        .unwrap_err();

    match &e {
        Error::Api {
            status: 400,
            message,
            field_errors,
            ..
        } => {
            assert_eq!(message.as_deref(), Some("The request is invalid."));
            assert_eq!(
                field_errors,
                &[(
                    "request.ShippingAddress.State".to_owned(),
                    vec!["State is invalid".to_owned()]
                )]
            );
        }
        other => panic!("expected Api, got {other:?}"),
    }
    let text = e.to_string();
    assert!(
        text.contains("The request is invalid.") && text.contains("State is invalid"),
        "{text}"
    );
    assert!(!e.is_retryable() && !e.may_have_been_applied());
    assert_eq!(count(&server, ORDER_PATH).await, 1);
}

#[tokio::test]
async fn a_plain_text_error_body_is_kept() {
    let server = server().await;
    Mock::given(method("PUT"))
        .and(path(ORDER_PATH))
        .respond_with(ResponseTemplate::new(500).set_body_string("Object reference not set"))
        .mount(&server)
        .await;

    let e = client(&server)
        .orders()
        .update(OrderId::new(55), UpdateOrder::new().customer_id(3))
        .await
        .unwrap_err();

    match &e {
        Error::Api {
            status: 500,
            message: None,
            body,
            ..
        } => assert_eq!(body, "Object reference not set"),
        other => panic!("expected Api, got {other:?}"),
    }
    assert!(e.to_string().contains("Object reference not set"));
}

#[tokio::test]
async fn create_returns_the_id_in_either_shape() {
    for (answer, id) in [(json!({"Id": 9001}), 9001), (json!(9002), 9002)] {
        let server = server().await;
        Mock::given(method("POST"))
            .and(path(CREATE_PATH))
            .respond_with(ResponseTemplate::new(200).set_body_json(answer))
            .mount(&server)
            .await;
        assert_eq!(
            client(&server)
                .purchase_orders()
                .create(new_po())
                .await
                .unwrap(),
            PurchaseOrderId::new(id)
        );
    }
}

#[tokio::test]
async fn create_is_not_resent_after_a_500() {
    let server = server().await;
    mount_once_then_ok(
        &server,
        "POST",
        CREATE_PATH,
        ResponseTemplate::new(500).set_body_json(json!({"Message": "An error has occurred."})),
    )
    .await;

    let e = client(&server)
        .purchase_orders()
        .create(new_po())
        .await
        .unwrap_err();

    assert!(matches!(e, Error::Api { status: 500, .. }), "{e}");
    assert!(e.may_have_been_applied());
    assert!(e.to_string().contains("An error has occurred."));
    assert_eq!(count(&server, CREATE_PATH).await, 1);
}

#[tokio::test]
async fn create_is_not_resent_after_a_503_either() {
    let server = server().await;
    mount_once_then_ok(&server, "POST", CREATE_PATH, ResponseTemplate::new(503)).await;

    let e = client(&server)
        .purchase_orders()
        .create(new_po())
        .await
        .unwrap_err();

    assert!(matches!(e, Error::Api { status: 503, .. }), "{e}");
    assert!(e.may_have_been_applied());
    assert_eq!(count(&server, CREATE_PATH).await, 1);
}

#[tokio::test]
async fn create_is_not_resent_after_a_timeout() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"Id": 1}))
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let client = builder(&server)
        .request_timeout(Duration::from_millis(300))
        .build()
        .unwrap();

    let e = client.purchase_orders().create(new_po()).await.unwrap_err();

    assert!(
        matches!(
            e,
            Error::Timeout {
                operation: "create_purchase_order",
                may_have_been_applied: true,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.may_have_been_applied());
    assert_eq!(count(&server, CREATE_PATH).await, 1);
}

#[tokio::test]
async fn a_put_is_retried_after_a_timeout() {
    let server = server().await;
    mount_once_then_ok(
        &server,
        "PUT",
        ITEMS_PATH,
        ResponseTemplate::new(200).set_delay(Duration::from_secs(3)),
    )
    .await;
    let client = builder(&server)
        .request_timeout(Duration::from_millis(300))
        .build()
        .unwrap();

    client
        .purchase_orders()
        .update_items(PurchaseOrderId::new(12), items())
        .await
        .unwrap();

    assert_eq!(count(&server, ITEMS_PATH).await, 2);
}

#[tokio::test]
async fn create_is_retried_after_a_rate_limit_answer() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(rate_limited(429, 50))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Id": 77})))
        .mount(&server)
        .await;

    assert_eq!(
        client(&server)
            .purchase_orders()
            .create(new_po())
            .await
            .unwrap(),
        PurchaseOrderId::new(77)
    );
    assert_eq!(count(&server, CREATE_PATH).await, 2);
}

#[tokio::test]
async fn create_after_a_401_is_sent_once_more_with_a_new_token() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .and(wiremock::matchers::header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .and(wiremock::matchers::header("authorization", "Bearer tok-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Id": 5})))
        .mount(&server)
        .await;

    assert_eq!(
        client(&server)
            .purchase_orders()
            .create(new_po())
            .await
            .unwrap(),
        PurchaseOrderId::new(5)
    );
    assert_eq!(count(&server, CREATE_PATH).await, 2);
}

#[tokio::test]
async fn an_unreadable_create_answer_is_a_decode_error_that_may_have_been_applied() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>ok</html>"))
        .mount(&server)
        .await;

    let e = client(&server)
        .purchase_orders()
        .create(new_po())
        .await
        .unwrap_err();

    assert!(matches!(e, Error::Decode { .. }), "{e}");
    assert!(e.may_have_been_applied());
    assert_eq!(count(&server, CREATE_PATH).await, 1);
}

#[tokio::test]
async fn an_oversized_answer_is_refused() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(CREATE_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string(format!("{:>9000}", 1)))
        .mount(&server)
        .await;
    let client = builder(&server).max_response_bytes(4096).build().unwrap();

    let e = client.purchase_orders().create(new_po()).await.unwrap_err();

    assert!(matches!(e, Error::Decode { .. }), "{e}");
    assert!(e.to_string().contains("4096 byte limit"), "{e}");
    assert_eq!(count(&server, CREATE_PATH).await, 1);
}

#[tokio::test]
async fn a_connection_failure_before_sending_says_not_applied() {
    // Nothing listens on this port once the listener is dropped.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = sellercloud::Client::builder()
        .base_url(format!("http://127.0.0.1:{port}/rest"))
        .username(USERNAME)
        .password(PASSWORD)
        .retry_policy(fast_retries())
        .build()
        .unwrap();

    let e = client.purchase_orders().create(new_po()).await.unwrap_err();

    assert!(
        matches!(
            e,
            Error::Transport {
                may_have_been_applied: false,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.is_retryable() && !e.may_have_been_applied());
}

#[tokio::test]
async fn invalid_requests_are_refused_before_any_io() {
    let server = server().await;

    let e = client(&server)
        .purchase_orders()
        .create(new_po().product(NewPurchaseOrderProduct::new("SKU-2").qty_cases_ordered(1)))
        .await
        .unwrap_err();
    assert!(
        e.violations()
            .unwrap()
            .has_field("Products[1].QtyCasesOrdered"),
        "{e}"
    );

    // (A path id of 0 is no longer refused: no vendor document says so,
    // and the server answers 404; see e2e_rules.rs.)
    let e = client(&server)
        .purchase_orders()
        .update_items(
            PurchaseOrderId::new(7),
            sellercloud::UpdatePurchaseOrderItems::unit_mode(),
        )
        .await
        .unwrap_err();
    assert!(e.violations().unwrap().has_field("Items"), "{e}");

    // Not even a token was requested.
    assert!(server.received_requests().await.unwrap().is_empty());
}
