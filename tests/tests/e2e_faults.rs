//! Every fault kind the fakes can inject, and the SDK's documented reaction
//! to it:
//!
//! - the idempotent PUTs are retried on what may pass (503, rate limits,
//!   timeouts, dropped connections, lost answers) and converge to the same
//!   state; a 500 is reported, not retried; a 200 whose body is damaged is a
//!   success, since the body is documented as empty or ignorable;
//! - create purchase order is never sent twice once it may have reached the
//!   server: the fake records one create, and the error says whether it may
//!   have been applied. Only a rate-limit refusal, which comes before any
//!   processing, is sent again.
//!
//! Timeouts and backoffs are tiny; no assertion depends on how long
//! anything took.

use e2e_tests::support;
use fakes::Fault;
use fakes::sellercloud::{
    FakeSellercloud, SellercloudConfig, SellercloudRequest, SellercloudRoute, StoredOrder,
};
use fakes::shopctrl::{self as fake_shop, FakeShopCtrl, ShopCtrlConfig};
use quickstart::samples;
use sellercloud::{Error, UpdateOrder};
use std::time::Duration;

const ORDER_ID: i32 = 5001;
/// Short enough to keep the suite fast, long enough for a loaded machine to
/// answer a normal request in time.
const SHORT_TIMEOUT: Duration = Duration::from_secs(1);
/// Far past [`SHORT_TIMEOUT`]: the delayed request is abandoned long before.
const LONG_DELAY: Duration = Duration::from_secs(30);
const SHORT_RESET: Duration = Duration::from_millis(100);

async fn sellercloud() -> (FakeSellercloud, sellercloud::Client) {
    let config = SellercloudConfig::default().with_order(StoredOrder::new(ORDER_ID));
    support::start_sellercloud(config).await.unwrap()
}

fn address_update() -> UpdateOrder {
    UpdateOrder::new()
        .shipping_address(samples::full_order_address("Ada"))
        .billing_address(samples::full_order_address("Charles"))
}

/// Asserts that the order holds what [`address_update`] sends.
fn assert_order_updated(fake: &FakeSellercloud, times: u32) {
    let order = fake.order(ORDER_ID).unwrap();
    assert_eq!(order.update_count, times);
    let first = |a: Option<fakes::sellercloud::StoredAddress>| a.and_then(|a| a.first_name);
    assert_eq!(first(order.shipping_address).as_deref(), Some("Ada"));
    assert_eq!(first(order.billing_address).as_deref(), Some("Charles"));
}

fn faults(requests: &[SellercloudRequest]) -> Vec<Option<Fault>> {
    requests.iter().map(|r| r.fault.clone()).collect()
}

// ---- Sellercloud PUT: retried and converging ----

#[tokio::test]
async fn put_503_is_retried_until_it_passes() {
    let (fake, client) = sellercloud().await;
    fake.inject(SellercloudRoute::UpdateOrder, Fault::status(503), 2);
    client
        .orders()
        .update(sellercloud::OrderId::new(ORDER_ID), address_update())
        .await
        .unwrap();
    let sent = fake.requests_to(SellercloudRoute::UpdateOrder);
    assert_eq!(
        faults(&sent),
        [Some(Fault::status(503)), Some(Fault::status(503)), None]
    );
    assert_order_updated(&fake, 1);
}

#[tokio::test]
async fn put_500_is_reported_without_a_retry() {
    let (fake, client) = sellercloud().await;
    fake.inject(SellercloudRoute::UpdateOrder, Fault::status(500), 1);
    let e = client
        .orders()
        .update(sellercloud::OrderId::new(ORDER_ID), address_update())
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::Api { status: 500, message: Some(m), .. } if m == "An error has occurred."),
        "{e:?}"
    );
    assert_eq!(fake.requests_to(SellercloudRoute::UpdateOrder).len(), 1);
    assert_eq!(fake.order(ORDER_ID).unwrap().update_count, 0);
}

#[tokio::test]
async fn put_rate_limit_429_and_409_wait_for_the_reset_and_pass() {
    for status in [429, 409] {
        let (fake, client) = sellercloud().await;
        let limit = Fault::RateLimit {
            status,
            reset_after: SHORT_RESET,
        };
        fake.inject(SellercloudRoute::UpdateOrder, limit.clone(), 1);
        client
            .orders()
            .update(sellercloud::OrderId::new(ORDER_ID), address_update())
            .await
            .unwrap_or_else(|e| panic!("{status}: {e}"));
        let sent = fake.requests_to(SellercloudRoute::UpdateOrder);
        assert_eq!(faults(&sent), [Some(limit), None], "{status}");
        assert_order_updated(&fake, 1);
    }
}

#[tokio::test]
async fn rate_limit_resetting_later_than_the_policy_waits_is_reported_with_its_reset_time() {
    for status in [429, 409] {
        let (fake, client) = sellercloud().await;
        let hour = Duration::from_secs(3600);
        fake.inject(
            SellercloudRoute::UpdateOrder,
            Fault::RateLimit {
                status,
                reset_after: hour,
            },
            1,
        );
        let e = client
            .orders()
            .update(sellercloud::OrderId::new(ORDER_ID), address_update())
            .await
            .unwrap_err();
        let Error::RateLimited {
            status: got,
            reset_at: Some(reset_at),
            message,
            ..
        } = &e
        else {
            panic!("expected a rate-limit error with a reset time, got {e:?}");
        };
        assert_eq!(*got, status);
        assert_eq!(message.as_deref(), Some("Too many requests."));
        // The reset time read from the body, about an hour from the answer.
        let ahead = reset_at.to_utc() - chrono::Utc::now();
        assert!(ahead > chrono::Duration::minutes(50), "{reset_at}");
        assert!(e.is_retryable() && !e.may_have_been_applied());
        assert_eq!(fake.requests_to(SellercloudRoute::UpdateOrder).len(), 1);
        assert_eq!(fake.order(ORDER_ID).unwrap().update_count, 0);
    }
}

#[tokio::test]
async fn put_delayed_past_the_request_timeout_is_retried() {
    let (fake, _) = sellercloud().await;
    let client = support::sellercloud_builder(&fake)
        .request_timeout(SHORT_TIMEOUT)
        .build()
        .unwrap();
    fake.inject(SellercloudRoute::UpdateOrder, Fault::Delay(LONG_DELAY), 1);
    client
        .orders()
        .update(sellercloud::OrderId::new(ORDER_ID), address_update())
        .await
        .unwrap();
    let sent = fake.requests_to(SellercloudRoute::UpdateOrder);
    assert_eq!(faults(&sent), [Some(Fault::Delay(LONG_DELAY)), None]);
    // The abandoned request is still waiting (or was dropped): one effect.
    assert_order_updated(&fake, 1);
}

#[tokio::test]
async fn put_delayed_within_the_request_timeout_just_succeeds() {
    let (fake, client) = sellercloud().await;
    let short = Duration::from_millis(20);
    fake.inject(SellercloudRoute::UpdateOrder, Fault::Delay(short), 1);
    client
        .orders()
        .update(sellercloud::OrderId::new(ORDER_ID), address_update())
        .await
        .unwrap();
    let sent = fake.requests_to(SellercloudRoute::UpdateOrder);
    assert_eq!(faults(&sent), [Some(Fault::Delay(short))]);
    assert_order_updated(&fake, 1);
}

#[tokio::test]
async fn put_on_a_dropped_connection_is_retried_on_a_new_one() {
    let (fake, client) = sellercloud().await;
    fake.inject(
        SellercloudRoute::UpdatePurchaseOrderTrackingNumber,
        Fault::DropConnection,
        1,
    );
    let po = client
        .purchase_orders()
        .create(samples::unit_mode_purchase_order(
            sellercloud::CompanyId::new(1),
            sellercloud::VendorId::new(20),
            "SKU-1",
        ))
        .await
        .unwrap();
    client
        .purchase_orders()
        .update_tracking(
            po,
            sellercloud::UpdatePurchaseOrderTracking::new().tracking_number("T-1"),
        )
        .await
        .unwrap();
    let sent = fake.requests_to(SellercloudRoute::UpdatePurchaseOrderTrackingNumber);
    assert_eq!(faults(&sent), [Some(Fault::DropConnection), None]);
    assert_ne!(sent[0].connection, sent[1].connection, "reconnected");
    assert_eq!(
        fake.purchase_order(po.get())
            .unwrap()
            .shipping
            .tracking_number
            .as_deref(),
        Some("T-1")
    );
}

#[tokio::test]
async fn put_answers_with_a_damaged_body_are_successes() {
    for fault in [Fault::TruncatedBody, Fault::MalformedBody] {
        let (fake, client) = sellercloud().await;
        fake.inject(SellercloudRoute::UpdateOrder, fault.clone(), 1);
        client
            .orders()
            .update(sellercloud::OrderId::new(ORDER_ID), address_update())
            .await
            .unwrap_or_else(|e| panic!("{fault:?}: {e}"));
        assert_eq!(
            faults(&fake.requests_to(SellercloudRoute::UpdateOrder)),
            [Some(fault)]
        );
        assert_order_updated(&fake, 1);
    }
}

#[tokio::test]
async fn put_whose_answer_is_lost_is_applied_again_to_the_same_state() {
    let (fake, client) = sellercloud().await;
    let po = client
        .purchase_orders()
        .create(samples::unit_mode_purchase_order(
            sellercloud::CompanyId::new(1),
            sellercloud::VendorId::new(20),
            "SKU-1",
        ))
        .await
        .unwrap();
    let item = fake.purchase_order(po.get()).unwrap().items[0].id;
    fake.inject(
        SellercloudRoute::UpdatePurchaseOrderItems,
        Fault::ApplyThenDropAnswer,
        1,
    );
    fake.inject(SellercloudRoute::UpdateOrder, Fault::ApplyThenDropAnswer, 1);

    client
        .purchase_orders()
        .update_items(
            po,
            sellercloud::UpdatePurchaseOrderItems::unit_mode().item(
                sellercloud::ItemUpdate::new(sellercloud::PurchaseOrderItemId::new(item))
                    .qty_units_ordered(40),
            ),
        )
        .await
        .unwrap();
    client
        .orders()
        .update(sellercloud::OrderId::new(ORDER_ID), address_update())
        .await
        .unwrap();

    let items = fake.requests_to(SellercloudRoute::UpdatePurchaseOrderItems);
    assert_eq!(faults(&items), [Some(Fault::ApplyThenDropAnswer), None]);
    assert_eq!(
        fake.purchase_order(po.get()).unwrap().items[0].qty_units_ordered,
        Some(40)
    );
    // Applied twice, with the same result.
    assert_order_updated(&fake, 2);
}

// ---- Sellercloud create: never sent twice once it may have arrived ----

async fn create(client: &sellercloud::Client) -> sellercloud::Result<sellercloud::PurchaseOrderId> {
    client
        .purchase_orders()
        .create(samples::unit_mode_purchase_order(
            sellercloud::CompanyId::new(1),
            sellercloud::VendorId::new(20),
            "SKU-1",
        ))
        .await
}

#[tokio::test]
async fn create_answered_503_is_not_sent_again() {
    let (fake, client) = sellercloud().await;
    fake.inject(SellercloudRoute::CreatePurchaseOrder, Fault::status(503), 1);
    let e = create(&client).await.unwrap_err();
    assert!(matches!(e, Error::Api { status: 503, .. }), "{e:?}");
    // A 5xx may come from a gateway after the server applied the request.
    assert!(e.may_have_been_applied());
    assert_eq!(
        fake.requests_to(SellercloudRoute::CreatePurchaseOrder)
            .len(),
        1
    );
    assert!(fake.purchase_orders().is_empty());
}

#[tokio::test]
async fn create_refused_by_the_rate_limiter_is_sent_again_and_created_once() {
    for status in [429, 409] {
        let (fake, client) = sellercloud().await;
        let limit = Fault::RateLimit {
            status,
            reset_after: SHORT_RESET,
        };
        fake.inject(SellercloudRoute::CreatePurchaseOrder, limit.clone(), 1);
        let id = create(&client)
            .await
            .unwrap_or_else(|e| panic!("{status}: {e}"));
        let sent = fake.requests_to(SellercloudRoute::CreatePurchaseOrder);
        assert_eq!(faults(&sent), [Some(limit), None], "{status}");
        let stored: Vec<i32> = fake.purchase_orders().iter().map(|p| p.id).collect();
        assert_eq!(stored, [id.get()], "{status}");
    }
}

#[tokio::test]
async fn create_timing_out_is_not_sent_again_and_may_have_been_applied() {
    let (fake, _) = sellercloud().await;
    let client = support::sellercloud_builder(&fake)
        .request_timeout(SHORT_TIMEOUT)
        .build()
        .unwrap();
    fake.inject(
        SellercloudRoute::CreatePurchaseOrder,
        Fault::Delay(LONG_DELAY),
        1,
    );
    let e = create(&client).await.unwrap_err();
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
    assert!(e.to_string().contains("may have been applied"), "{e}");
    assert_eq!(
        fake.requests_to(SellercloudRoute::CreatePurchaseOrder)
            .len(),
        1
    );
    assert!(fake.purchase_orders().len() <= 1);
}

#[tokio::test]
async fn create_on_a_dropped_connection_is_not_sent_again() {
    let (fake, client) = sellercloud().await;
    fake.inject(
        SellercloudRoute::CreatePurchaseOrder,
        Fault::DropConnection,
        1,
    );
    let e = create(&client).await.unwrap_err();
    assert!(
        matches!(
            e,
            Error::Transport {
                may_have_been_applied: true,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(
        fake.requests_to(SellercloudRoute::CreatePurchaseOrder)
            .len(),
        1
    );
    // This time the fake had not applied it; the client could not know.
    assert!(fake.purchase_orders().is_empty());
}

#[tokio::test]
async fn create_with_a_damaged_answer_exists_once_and_says_so() {
    for fault in [Fault::TruncatedBody, Fault::MalformedBody] {
        let (fake, client) = sellercloud().await;
        fake.inject(SellercloudRoute::CreatePurchaseOrder, fault.clone(), 1);
        let e = create(&client).await.unwrap_err();
        assert!(e.may_have_been_applied(), "{fault:?}: {e:?}");
        if fault == Fault::MalformedBody {
            assert!(
                matches!(
                    e,
                    Error::Decode {
                        operation: "create_purchase_order",
                        ..
                    }
                ),
                "{e:?}"
            );
        }
        assert_eq!(
            fake.requests_to(SellercloudRoute::CreatePurchaseOrder)
                .len(),
            1,
            "{fault:?}"
        );
        assert_eq!(fake.purchase_orders().len(), 1, "{fault:?}");
    }
}

#[tokio::test]
async fn create_whose_answer_is_lost_exists_once_and_the_error_says_it_may_have_been_applied() {
    let (fake, client) = sellercloud().await;
    fake.inject(
        SellercloudRoute::CreatePurchaseOrder,
        Fault::ApplyThenDropAnswer,
        1,
    );
    let e = create(&client).await.unwrap_err();
    assert!(
        matches!(
            e,
            Error::Transport {
                operation: "create_purchase_order",
                may_have_been_applied: true,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(
        e.to_string().contains("check before sending it again"),
        "{e}"
    );
    assert_eq!(
        fake.requests_to(SellercloudRoute::CreatePurchaseOrder)
            .len(),
        1
    );
    let stored = fake.purchase_orders();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].items[0].product_id, "SKU-1");
}

// ---- ShopCtrl: the row update is idempotent ----

const PO: i32 = 7;
const ROW: i32 = 70;

async fn shopctrl() -> (FakeShopCtrl, shopctrl::Client) {
    let config = ShopCtrlConfig::default().with_purchase_order(
        fake_shop::StoredPurchaseOrderRows::new(PO).with_row(fake_shop::StoredRow::new(ROW)),
    );
    support::start_shopctrl(config).await.unwrap()
}

fn row_update() -> shopctrl::UpdatePurchaseOrderRow {
    shopctrl::UpdatePurchaseOrderRow::new(shopctrl::RowId::new(ROW))
        .comment("after the fault")
        .stock_items(vec![
            shopctrl::StockItemUpdate::new(1).lot_number("L-1"),
            shopctrl::StockItemUpdate::new(2).lot_number("L-2"),
        ])
}

fn assert_row_updated(fake: &FakeShopCtrl, times: u32) {
    let row = fake.row(PO, ROW).unwrap();
    assert_eq!(row.update_count, times);
    assert_eq!(row.comment.as_deref(), Some("after the fault"));
    let lots: Vec<Option<&str>> = row
        .stock_items
        .iter()
        .map(|s| s.lot_number.as_deref())
        .collect();
    // Replaced, not appended to, however often it was applied.
    assert_eq!(lots, [Some("L-1"), Some("L-2")]);
}

fn shop_faults(fake: &FakeShopCtrl) -> Vec<Option<Fault>> {
    fake.requests_to(fake_shop::ShopCtrlRoute::UpdatePurchaseOrderRow)
        .iter()
        .map(|r| r.fault.clone())
        .collect()
}

#[tokio::test]
async fn shopctrl_retries_what_may_pass_and_converges() {
    let cases = [
        (Fault::status(503), 2),
        (
            Fault::RateLimit {
                status: 429,
                reset_after: SHORT_RESET,
            },
            1,
        ),
        (Fault::DropConnection, 1),
    ];
    for (fault, times) in cases {
        let (fake, client) = shopctrl().await;
        fake.inject(
            fake_shop::ShopCtrlRoute::UpdatePurchaseOrderRow,
            fault.clone(),
            times,
        );
        client
            .purchase_orders()
            .update_row(shopctrl::PurchaseOrderId::new(PO), row_update())
            .await
            .unwrap_or_else(|e| panic!("{fault:?}: {e}"));
        let mut expected = vec![Some(fault.clone()); times as usize];
        expected.push(None);
        assert_eq!(shop_faults(&fake), expected, "{fault:?}");
        assert_row_updated(&fake, 1);
    }
}

#[tokio::test]
async fn shopctrl_retries_after_a_timeout_and_a_lost_answer() {
    let (fake, _) = shopctrl().await;
    let client = support::shopctrl_builder(&fake)
        .request_timeout(SHORT_TIMEOUT)
        .build()
        .unwrap();
    fake.inject(
        fake_shop::ShopCtrlRoute::UpdatePurchaseOrderRow,
        Fault::Delay(LONG_DELAY),
        1,
    );
    client
        .purchase_orders()
        .update_row(shopctrl::PurchaseOrderId::new(PO), row_update())
        .await
        .unwrap();
    assert_eq!(shop_faults(&fake), [Some(Fault::Delay(LONG_DELAY)), None]);
    assert_row_updated(&fake, 1);

    let (fake, client) = shopctrl().await;
    fake.inject(
        fake_shop::ShopCtrlRoute::UpdatePurchaseOrderRow,
        Fault::ApplyThenDropAnswer,
        1,
    );
    client
        .purchase_orders()
        .update_row(shopctrl::PurchaseOrderId::new(PO), row_update())
        .await
        .unwrap();
    assert_eq!(shop_faults(&fake), [Some(Fault::ApplyThenDropAnswer), None]);
    assert_row_updated(&fake, 2);
}

#[tokio::test]
async fn shopctrl_ignores_a_damaged_body_of_a_success() {
    for fault in [Fault::TruncatedBody, Fault::MalformedBody] {
        let (fake, client) = shopctrl().await;
        fake.inject(
            fake_shop::ShopCtrlRoute::UpdatePurchaseOrderRow,
            fault.clone(),
            1,
        );
        client
            .purchase_orders()
            .update_row(shopctrl::PurchaseOrderId::new(PO), row_update())
            .await
            .unwrap_or_else(|e| panic!("{fault:?}: {e}"));
        assert_eq!(shop_faults(&fake), [Some(fault)]);
        assert_row_updated(&fake, 1);
    }
}

#[tokio::test]
async fn shopctrl_reports_409_and_500_without_retrying() {
    // ShopCtrl documents no rate limit; its client retries 408, 429, 502,
    // 503 and 504 only.
    let cases = [
        Fault::RateLimit {
            status: 409,
            reset_after: SHORT_RESET,
        },
        Fault::status(500),
    ];
    for fault in cases {
        let (fake, client) = shopctrl().await;
        fake.inject(
            fake_shop::ShopCtrlRoute::UpdatePurchaseOrderRow,
            fault.clone(),
            1,
        );
        let e = client
            .purchase_orders()
            .update_row(shopctrl::PurchaseOrderId::new(PO), row_update())
            .await
            .unwrap_err();
        let expected = if fault == Fault::status(500) {
            500
        } else {
            409
        };
        assert!(
            matches!(e, shopctrl::Error::Api { status, .. } if status == expected),
            "{e:?}"
        );
        assert_eq!(shop_faults(&fake), [Some(fault)]);
        assert_eq!(fake.row(PO, ROW).unwrap().update_count, 0);
    }
}
