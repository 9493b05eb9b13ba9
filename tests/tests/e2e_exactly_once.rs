//! `create_exactly_once` against the fake, one test per branch: the answer
//! lost after the create applied, nothing applied, the purchase order late
//! on the list, two identical candidates, and a lookup that fails.

use e2e_tests::support;
use fakes::Fault;
use fakes::sellercloud::{FakeSellercloud, SellercloudConfig, SellercloudRoute};
use quickstart::samples::unit_mode_purchase_order;
use sellercloud::{Error, ExactlyOnce};
use std::time::Duration;

fn options() -> ExactlyOnce {
    ExactlyOnce::new().settle(Duration::from_millis(200))
}

async fn start(config: SellercloudConfig) -> (FakeSellercloud, sellercloud::Client) {
    support::start_sellercloud(config).await.unwrap()
}

fn creates(fake: &FakeSellercloud) -> usize {
    fake.requests_to(SellercloudRoute::CreatePurchaseOrder)
        .len()
}

#[tokio::test]
async fn an_answer_lost_after_the_create_applied_is_recovered() {
    for fault in [Fault::ApplyThenDropAnswer, Fault::apply_then_status(502)] {
        let (fake, client) = start(SellercloudConfig::default()).await;
        fake.inject(SellercloudRoute::CreatePurchaseOrder, fault.clone(), 1);
        let created = client
            .purchase_orders()
            .create_exactly_once_with(
                unit_mode_purchase_order(
                    sellercloud::CompanyId::new(1),
                    sellercloud::VendorId::new(20),
                    "ONCE-1",
                ),
                options(),
            )
            .await
            .unwrap();
        assert!(created.recovered, "{fault:?}");
        assert_eq!(created.sends, 1);
        let stored = fake.purchase_orders();
        assert_eq!(stored.len(), 1, "{fault:?}: exactly one purchase order");
        assert_eq!(stored[0].id, created.id.get());
        assert_eq!(creates(&fake), 1, "{fault:?}: never sent again");
    }
}

#[tokio::test]
async fn a_create_that_did_not_apply_is_sent_once_more() {
    for fault in [Fault::status(503), Fault::DropConnection] {
        let (fake, client) = start(SellercloudConfig::default()).await;
        fake.inject(SellercloudRoute::CreatePurchaseOrder, fault.clone(), 1);
        let created = client
            .purchase_orders()
            .create_exactly_once_with(
                unit_mode_purchase_order(
                    sellercloud::CompanyId::new(1),
                    sellercloud::VendorId::new(20),
                    "ONCE-2",
                ),
                options(),
            )
            .await
            .unwrap();
        assert!(!created.recovered, "{fault:?}");
        assert_eq!(created.sends, 2, "{fault:?}");
        assert_eq!(creates(&fake), 2, "{fault:?}: re-sent once");
        assert_eq!(
            fake.purchase_orders().len(),
            1,
            "{fault:?}: one purchase order"
        );
        // Two looks across the settle time before sending again.
        assert_eq!(
            fake.requests_to(SellercloudRoute::ListPurchaseOrders).len(),
            2,
            "{fault:?}"
        );
    }
}

#[tokio::test]
async fn a_purchase_order_late_on_the_list_is_recovered_not_duplicated() {
    // Visible 300 ms after creation: the first look (after 200 ms) misses
    // it, the second (after 400 ms) finds it.
    let config =
        SellercloudConfig::default().with_list_visibility_delay(Duration::from_millis(300));
    let (fake, client) = start(config).await;
    fake.inject(
        SellercloudRoute::CreatePurchaseOrder,
        Fault::ApplyThenDropAnswer,
        1,
    );
    let created = client
        .purchase_orders()
        .create_exactly_once_with(
            unit_mode_purchase_order(
                sellercloud::CompanyId::new(1),
                sellercloud::VendorId::new(20),
                "ONCE-3",
            ),
            options(),
        )
        .await
        .unwrap();
    assert!(created.recovered);
    assert_eq!(fake.purchase_orders().len(), 1);
    assert_eq!(creates(&fake), 1);
}

#[tokio::test]
async fn two_identical_candidates_are_an_error_naming_both_and_nothing_is_resent() {
    let (fake, client) = start(SellercloudConfig::default()).await;
    // Someone created an identical purchase order a moment before.
    let theirs = client
        .purchase_orders()
        .create(unit_mode_purchase_order(
            sellercloud::CompanyId::new(1),
            sellercloud::VendorId::new(20),
            "ONCE-4",
        ))
        .await
        .unwrap();
    fake.inject(
        SellercloudRoute::CreatePurchaseOrder,
        Fault::ApplyThenDropAnswer,
        1,
    );
    let e = client
        .purchase_orders()
        .create_exactly_once_with(
            unit_mode_purchase_order(
                sellercloud::CompanyId::new(1),
                sellercloud::VendorId::new(20),
                "ONCE-4",
            ),
            options(),
        )
        .await
        .unwrap_err();
    let Error::Ambiguous { candidates, .. } = &e else {
        panic!("expected Ambiguous, got {e:?}");
    };
    let ours = fake
        .purchase_orders()
        .into_iter()
        .map(|p| p.id)
        .find(|id| *id != theirs.get())
        .unwrap();
    assert_eq!(
        candidates,
        &vec![theirs.get().min(ours), theirs.get().max(ours)]
    );
    assert!(e.may_have_been_applied() && !e.is_retryable());
    assert_eq!(creates(&fake), 2, "nothing sent again");
}

#[tokio::test]
async fn a_marker_in_item_notes_tells_identical_purchase_orders_apart() {
    let (fake, client) = start(SellercloudConfig::default()).await;
    let with_ref = |r: &str| {
        sellercloud::CreatePurchaseOrder::new()
            .company_id(sellercloud::CompanyId::new(1))
            .vendor_id(sellercloud::VendorId::new(20))
            .po_type(sellercloud::PoType::PurchaseOrder)
            .case_qty_mode(false)
            .product(
                sellercloud::NewPurchaseOrderProduct::new("ONCE-5")
                    .qty_units_ordered(1)
                    .item_notes(r),
            )
    };
    client
        .purchase_orders()
        .create(with_ref("job-1"))
        .await
        .unwrap();
    fake.inject(
        SellercloudRoute::CreatePurchaseOrder,
        Fault::ApplyThenDropAnswer,
        1,
    );
    let created = client
        .purchase_orders()
        .create_exactly_once_with(with_ref("job-2"), options())
        .await
        .unwrap();
    assert!(created.recovered);
    assert_eq!(fake.purchase_orders().len(), 2);
}

#[tokio::test]
async fn a_failed_lookup_returns_the_original_error_with_the_cause() {
    let (fake, client) = start(SellercloudConfig::default()).await;
    fake.inject(
        SellercloudRoute::CreatePurchaseOrder,
        Fault::ApplyThenDropAnswer,
        1,
    );
    fake.inject(SellercloudRoute::ListPurchaseOrders, Fault::status(500), 5);
    let e = client
        .purchase_orders()
        .create_exactly_once_with(
            unit_mode_purchase_order(
                sellercloud::CompanyId::new(1),
                sellercloud::VendorId::new(20),
                "ONCE-6",
            ),
            options(),
        )
        .await
        .unwrap_err();
    let Error::Unresolved { error, lookup } = &e else {
        panic!("expected Unresolved, got {e:?}");
    };
    assert!(error.may_have_been_applied(), "{error}");
    assert!(
        matches!(
            error.as_ref(),
            Error::Transport { .. } | Error::Timeout { .. }
        ),
        "{error:?}"
    );
    assert_eq!(lookup.status(), Some(500), "{lookup}");
    assert!(e.may_have_been_applied());
    assert_eq!(creates(&fake), 1, "nothing sent again");
}
