//! Both clients run on one call pipeline: what used to differ between them
//! (Retry-After, the error-body bound, scrubbed decode errors, tracing, the
//! escape hatch, token failures) is asserted here the same way for both.

use e2e_tests::support;
use fakes::Fault;
use fakes::sellercloud::{SellercloudConfig, SellercloudRoute as ScRoute, StoredPurchaseOrder};
use fakes::shopctrl::{
    ShopCtrlConfig, ShopCtrlRoute as ShopRoute, StoredPurchaseOrderRows as ShopPurchaseOrder,
    StoredRow,
};
use sellercloud::{Error, Operation, RetryPolicy};
use std::time::Duration;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A policy whose backoff is far too long to retry within `max_elapsed`: a
/// call that is retried anyway was retried on the server's `Retry-After`.
fn backoff_never_fits() -> RetryPolicy {
    RetryPolicy::default()
        .with_initial_backoff(Duration::from_secs(3600))
        .with_max_backoff(Duration::from_secs(3600))
        .with_max_elapsed(Duration::from_secs(1))
}

async fn mock_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path_regex("/api/token$"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"access_token": "tok-1", "expires_in": 3600})),
        )
        .mount(&server)
        .await;
    server
}

fn sellercloud_for(server: &MockServer, policy: RetryPolicy) -> sellercloud::Client {
    sellercloud::Client::builder()
        .base_url(format!("{}/rest", server.uri()))
        .username("user")
        .password("pa55-word")
        .retry_policy(policy)
        .max_response_bytes(256 * 1024)
        .build()
        .unwrap()
}

fn shopctrl_for(server: &MockServer, policy: RetryPolicy) -> shopctrl::Client {
    shopctrl::Client::builder()
        .base_url(server.uri())
        .username("user")
        .password("pa55-word")
        .retry_policy(policy)
        .max_response_bytes(256 * 1024)
        .build()
        .unwrap()
}

async fn call_sellercloud(client: &sellercloud::Client) -> sellercloud::Result<()> {
    client
        .purchase_orders()
        .update_tracking(
            sellercloud::PurchaseOrderId::new(7),
            sellercloud::UpdatePurchaseOrderTracking::new().tracking_number("1Z"),
        )
        .await
}

async fn call_shopctrl(client: &shopctrl::Client) -> shopctrl::Result<()> {
    client
        .purchase_orders()
        .update_row(
            shopctrl::PurchaseOrderId::new(7),
            shopctrl::UpdatePurchaseOrderRow::new(shopctrl::RowId::new(1)).comment("x"),
        )
        .await
}

/// Mounts `first` once, then 200, on the operation's path.
async fn mount_once_then_ok(server: &MockServer, first: ResponseTemplate) {
    Mock::given(method("PUT"))
        .and(path_regex(
            "/(api/PurchaseOrders/7/TrackingNumber|v1/PurchaseOrders/7/Rows)$",
        ))
        .respond_with(first)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("PUT"))
        .and(path_regex(
            "/(api/PurchaseOrders/7/TrackingNumber|v1/PurchaseOrders/7/Rows)$",
        ))
        .respond_with(ResponseTemplate::new(200))
        .with_priority(2)
        .mount(server)
        .await;
}

async fn puts(server: &MockServer) -> usize {
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .filter(|r| r.method.as_str() == "PUT")
        .count()
}

#[tokio::test]
async fn retry_after_is_honoured_by_both_clients() {
    let busy = || ResponseTemplate::new(503).insert_header("Retry-After", "1");

    let server = mock_server().await;
    mount_once_then_ok(&server, busy()).await;
    call_sellercloud(&sellercloud_for(&server, backoff_never_fits()))
        .await
        .unwrap();
    assert_eq!(puts(&server).await, 2);

    let server = mock_server().await;
    mount_once_then_ok(&server, busy()).await;
    call_shopctrl(&shopctrl_for(&server, backoff_never_fits()))
        .await
        .unwrap();
    assert_eq!(puts(&server).await, 2);
}

#[tokio::test]
async fn both_clients_bound_error_bodies_by_max_response_bytes() {
    // 100 KiB: past the old 64 KiB error-body cap of one client, within the
    // 256 KiB bound of both; then 300 KiB, past the bound.
    let within = format!(r#"{{"Message":"{}"}}"#, "x".repeat(100 * 1024));
    let past = "y".repeat(300 * 1024);
    for (body, read_whole) in [(within, true), (past, false)] {
        let server = mock_server().await;
        Mock::given(method("PUT"))
            .respond_with(ResponseTemplate::new(400).set_body_string(body.clone()))
            .mount(&server)
            .await;
        let never = RetryPolicy::never();
        let errors = [
            call_sellercloud(&sellercloud_for(&server, never.clone()))
                .await
                .unwrap_err(),
            call_shopctrl(&shopctrl_for(&server, never))
                .await
                .unwrap_err(),
        ];
        for e in errors {
            let Error::Api {
                status: 400,
                message,
                body,
                ..
            } = &e
            else {
                panic!("expected the 400, got {e:?}");
            };
            if read_whole {
                assert_eq!(message.as_deref().map(str::len), Some(100 * 1024), "{e:?}");
            } else {
                assert!(message.is_none(), "{e:?}");
                assert!(body.contains("exceeds the 262144 byte limit"), "{body}");
            }
        }
    }
}

#[tokio::test]
async fn decode_errors_are_scrubbed_of_the_credentials() {
    let server = mock_server().await;
    // A success answer that is not the documented JSON and echoes the
    // password and the token.
    Mock::given(method("POST"))
        .and(path_regex("/api/PurchaseOrders$"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/json")
                .set_body_string(r#"{"Id": "pa55-word tok-1"}"#),
        )
        .mount(&server)
        .await;
    let e = sellercloud_for(&server, RetryPolicy::never())
        .purchase_orders()
        .create(quickstart::samples::unit_mode_purchase_order(
            sellercloud::CompanyId::new(1),
            sellercloud::VendorId::new(2),
            "SKU",
        ))
        .await
        .unwrap_err();
    let text = format!("{e} {e:?}");
    assert!(matches!(e, Error::Decode { .. }), "{text}");
    assert!(
        !text.contains("pa55-word") && !text.contains("tok-1"),
        "{text}"
    );
}

#[tokio::test]
async fn the_escape_hatch_calls_any_operation_with_auth_and_retries() {
    // Sellercloud: a raw tracking update that clears the tracking number,
    // through the generated client, retried after a 503.
    let (fake, client) = support::start_sellercloud(
        SellercloudConfig::default().with_purchase_order(StoredPurchaseOrder::new(7, false)),
    )
    .await
    .unwrap();
    fake.inject(
        ScRoute::UpdatePurchaseOrderTrackingNumber,
        Fault::status(503),
        1,
    );
    let body: sellercloud::types::PurchaseOrderTrackingUpdate =
        serde_json::from_value(serde_json::json!({"ShippedViaCarrier": "UPS"})).unwrap();
    const TRACKING: Operation = Operation::idempotent("update_purchase_order_tracking_number");
    client
        .call(TRACKING, |api| {
            api.update_purchase_order_tracking_number(7, &body)
        })
        .await
        .unwrap();
    let sent = fake.requests_to(ScRoute::UpdatePurchaseOrderTrackingNumber);
    assert_eq!(sent.len(), 2);
    assert!(
        sent.iter()
            .all(|r| r.header("authorization") == Some("Bearer [redacted]"))
    );
    assert_eq!(
        fake.purchase_order(7)
            .unwrap()
            .shipping
            .shipped_via_carrier
            .as_deref(),
        Some("UPS")
    );

    // ShopCtrl: a raw row update, retried after a 503.
    let config = ShopCtrlConfig::default()
        .with_purchase_order(ShopPurchaseOrder::new(7).with_row(StoredRow::new(1)));
    let (fake, client) = support::start_shopctrl(config).await.unwrap();
    fake.inject(ShopRoute::UpdatePurchaseOrderRow, Fault::status(503), 1);
    let row: shopctrl::types::PurchaseOrderRowUpdate =
        serde_json::from_value(serde_json::json!({"Id": 1, "Comment": "raw"})).unwrap();
    const ROW: Operation = Operation::idempotent("update_purchase_order_row");
    client
        .call(ROW, |api| api.update_purchase_order_row(7, &row))
        .await
        .unwrap();
    let sent = fake.requests_to(ShopRoute::UpdatePurchaseOrderRow);
    assert_eq!(sent.len(), 2);
    assert!(
        sent.iter()
            .all(|r| r.header("authorization") == Some("Basic [redacted]"))
    );
    assert_eq!(fake.row(7, 1).unwrap().comment.as_deref(), Some("raw"));
}

#[tokio::test]
async fn a_token_endpoint_answering_500_once_does_not_fail_a_create() {
    let (fake, client) = support::start_sellercloud(SellercloudConfig::default())
        .await
        .unwrap();
    fake.inject(ScRoute::Token, Fault::status(500), 1);
    let id = client
        .purchase_orders()
        .create(quickstart::samples::unit_mode_purchase_order(
            sellercloud::CompanyId::new(1),
            sellercloud::VendorId::new(2),
            "SKU-1",
        ))
        .await
        .unwrap();
    assert_eq!(fake.requests_to(ScRoute::Token).len(), 2);
    assert_eq!(fake.requests_to(ScRoute::CreatePurchaseOrder).len(), 1);
    assert_eq!(fake.purchase_orders().len(), 1);
    assert_eq!(fake.purchase_orders()[0].id, id.get());
}

#[test]
fn every_request_value_has_validate_and_build() {
    use sellercloud::{
        ItemUpdate, UpdateOrder, UpdatePurchaseOrderItems, UpdatePurchaseOrderTracking,
    };
    let create = quickstart::samples::unit_mode_purchase_order(
        sellercloud::CompanyId::new(1),
        sellercloud::VendorId::new(2),
        "SKU-1",
    );
    assert!(create.validate().is_ok() && create.build().is_ok());
    let items = UpdatePurchaseOrderItems::unit_mode()
        .item(ItemUpdate::new(sellercloud::PurchaseOrderItemId::new(1)).qty_units_ordered(2));
    assert!(items.validate().is_ok() && items.build().is_ok());
    let tracking = UpdatePurchaseOrderTracking::new().tracking_number("1Z");
    assert!(tracking.validate().is_ok() && tracking.build().is_ok());
    let order = UpdateOrder::new().customer_id(3);
    assert!(order.validate().is_ok() && order.build().is_ok());
    let row = shopctrl::UpdatePurchaseOrderRow::new(shopctrl::RowId::new(1)).comment("x");
    assert!(row.validate().is_ok() && row.build().is_ok());
}
