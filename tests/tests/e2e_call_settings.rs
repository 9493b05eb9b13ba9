//! Per-call settings through both clients' public API (issue 24): a handle
//! from `Client::with_settings` gives its calls a timeout or a retry policy
//! of their own, and the client's other calls keep the client's. Endpoint
//! methods and the `Client::call` escape hatch alike; the fakes delay or
//! fail the calls (loopback, real time, about 2 s).

use e2e_tests::support;
use fakes::Fault;
use fakes::sellercloud::{
    FakeSellercloud, SellercloudConfig, SellercloudRoute as Route, StoredPurchaseOrder,
};
use fakes::shopctrl::{
    FakeShopCtrl, ShopCtrlConfig, ShopCtrlRoute as ShopRoute, StoredPurchaseOrderRows, StoredRow,
};
use sellercloud::{CallSettings, Operation, RetryPolicy, UpdatePurchaseOrderTracking};
use std::time::Duration;

#[tokio::test]
async fn a_per_call_timeout_and_policy_hold_for_their_calls_only() {
    let fake = FakeSellercloud::start(
        SellercloudConfig::default().with_purchase_order(StoredPurchaseOrder::new(1, false)),
    )
    .await
    .unwrap();
    let client = support::sellercloud_builder(&fake).build().unwrap();
    let update = |client: sellercloud::Client| async move {
        client
            .purchase_orders()
            .update_tracking(
                sellercloud::PurchaseOrderId::new(1),
                UpdatePurchaseOrderTracking::new().tracking_number("T"),
            )
            .await
    };
    update(client.clone()).await.unwrap(); // the token, outside the test

    // A call with a 200 ms timeout and no retry meets a 1 s delay: it
    // times out; the client's next call meets the same delay and waits.
    let quick = client.with_settings(
        CallSettings::new()
            .timeout(Duration::from_millis(200))
            .retry_policy(RetryPolicy::never()),
    );
    fake.inject(
        Route::UpdatePurchaseOrderTrackingNumber,
        Fault::Delay(Duration::from_secs(1)),
        2,
    );
    let e = update(quick.clone()).await.unwrap_err();
    assert!(matches!(e, sellercloud::Error::Timeout { .. }), "{e}");
    update(client.clone()).await.unwrap();

    // "Never" holds for the handle's calls, the escape hatch included; the
    // client still retries a 503.
    const OP: Operation = Operation::idempotent("get_purchase_order");
    fake.inject(Route::GetPurchaseOrder, Fault::status(503), 1);
    let e = quick
        .call(OP, |api| api.get_purchase_order(1))
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(503), "{e}");
    assert_eq!(e.attempts().unwrap().made, 1, "{e}");
    fake.inject(Route::GetPurchaseOrder, Fault::status(503), 1);
    client
        .call(OP, |api| api.get_purchase_order(1))
        .await
        .unwrap();
}

#[tokio::test]
async fn shopctrl_handles_take_the_same_settings() {
    let fake = FakeShopCtrl::start(
        ShopCtrlConfig::default()
            .with_purchase_order(StoredPurchaseOrderRows::new(7).with_row(StoredRow::new(70))),
    )
    .await
    .unwrap();
    let client = support::shopctrl_builder(&fake).build().unwrap();
    let never = client.with_settings(CallSettings::new().retry_policy(RetryPolicy::never()));
    fake.inject(ShopRoute::GetPurchaseOrderRows, Fault::status(503), 1);
    let e = never
        .purchase_orders()
        .rows(shopctrl::PurchaseOrderId::new(7))
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(503), "{e}");
    fake.inject(ShopRoute::GetPurchaseOrderRows, Fault::status(503), 1);
    assert_eq!(
        client
            .purchase_orders()
            .rows(shopctrl::PurchaseOrderId::new(7))
            .await
            .unwrap()
            .len(),
        1
    );
}
