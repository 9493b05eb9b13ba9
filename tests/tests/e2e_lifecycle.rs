//! A purchase order's whole life through the public API against the fake:
//! create, read back, list (lazily paged), add items, update them, receive;
//! and the retry rules of the new operations.

use e2e_tests::support;
use fakes::Fault;
use fakes::sellercloud::{
    EnumFormat, SellercloudConfig, SellercloudRoute, StoredPurchaseOrder as FakePo,
};
use futures::{StreamExt, TryStreamExt};
use quickstart::samples::{case_mode_purchase_order, unit_mode_purchase_order};
use sellercloud::{
    AddPurchaseOrderItems, Decimal, ItemUpdate, ItemsByMode, NewItem, PurchaseOrderFilter,
    PurchaseOrderStatus, ReceiveItem, ReceivePurchaseOrder, ReceivingStatus,
};
use std::time::Duration;

#[tokio::test]
async fn create_read_list_add_update_receive() {
    let (fake, client) = support::start_sellercloud(SellercloudConfig::default())
        .await
        .unwrap();
    let pos = client.purchase_orders();
    let po_id = pos
        .create(unit_mode_purchase_order(
            sellercloud::CompanyId::new(1),
            sellercloud::VendorId::new(20),
            "LIFE-1",
        ))
        .await
        .unwrap();

    // get
    let details = pos.get(po_id).await.unwrap();
    let header = details.purchase.expect("the Purchase part");
    assert_eq!(header.po_id, Some(po_id.get()));
    assert_eq!(header.vendor_id, Some(20));
    let statuses = details.statuses.expect("the Statuses part");
    assert_eq!(statuses.receiving_status, Some(ReceivingStatus::None));

    // items: the mode as the server says, as a type
    let ItemsByMode::Units(items) = pos.items(po_id).await.unwrap() else {
        panic!("a unit-mode purchase order");
    };
    assert_eq!(items.items().len(), 1);
    assert_eq!(items.items()[0].wire.product_id.as_deref(), Some("LIFE-1"));
    let first_item = items.items()[0].id;

    // list finds it
    let found: Vec<_> = pos
        .list(PurchaseOrderFilter::new().id(po_id))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, po_id);
    assert_eq!(found[0].wire.vendor_id, Some(20));

    // add items in the mode read back; the same SKU again is a new item
    let added = pos
        .add_items(
            po_id,
            items
                .add()
                .item(NewItem::units("LIFE-1", 2, Decimal::new(300, 2)))
                .item(NewItem::units("LIFE-2", 5, Decimal::new(150, 2))),
        )
        .await
        .unwrap();
    assert_eq!(added, "Successfully saved the purchase items.");
    let after_add = pos.items(po_id).await.unwrap();
    assert_eq!(after_add.items().len(), 3);
    let skus: Vec<_> = after_add
        .items()
        .iter()
        .filter_map(|i| i.wire.product_id.clone())
        .collect();
    assert_eq!(skus, ["LIFE-1", "LIFE-1", "LIFE-2"]);

    // update one item, in the mode read back
    let ItemsByMode::Units(now) = after_add else {
        panic!("still in unit mode");
    };
    pos.update_items(
        po_id,
        now.update()
            .item(ItemUpdate::new(first_item).qty_units_ordered(20)),
    )
    .await
    .unwrap();
    assert_eq!(
        fake.purchase_order(po_id.get())
            .unwrap()
            .item(first_item.get())
            .unwrap()
            .qty_units_ordered,
        Some(20)
    );

    // receive part, then the rest
    pos.receive(
        po_id,
        now.receive()
            .receive_invoice_number("INV-1")
            .item(ReceiveItem::new(first_item).qty_to_receive(5)),
    )
    .await
    .unwrap();
    let statuses = pos.get(po_id).await.unwrap().statuses.unwrap();
    assert_eq!(
        statuses.receiving_status,
        Some(ReceivingStatus::PartiallyReceived)
    );
    let everything = now.items().iter().map(|i| i.id).collect::<Vec<_>>();
    let mut rest =
        ReceivePurchaseOrder::unit_mode().item(ReceiveItem::new(first_item).qty_to_receive(15));
    for id in everything.iter().skip(1) {
        let qty = fake
            .purchase_order(po_id.get())
            .unwrap()
            .item(id.get())
            .unwrap()
            .qty_units_ordered
            .unwrap();
        rest = rest.item(ReceiveItem::new(*id).qty_to_receive(qty));
    }
    pos.receive(po_id, rest).await.unwrap();
    let statuses = pos.get(po_id).await.unwrap().statuses.unwrap();
    assert_eq!(
        statuses.receiving_status,
        Some(ReceivingStatus::FullyReceived)
    );
}

#[tokio::test]
async fn a_case_mode_purchase_order_reads_back_in_case_mode_with_enum_names() {
    let config = SellercloudConfig::default().with_enum_format(EnumFormat::Names);
    let (_fake, client) = support::start_sellercloud(config).await.unwrap();
    let po_id = client
        .purchase_orders()
        .create(case_mode_purchase_order(
            sellercloud::CompanyId::new(1),
            sellercloud::VendorId::new(20),
            "CASE-1",
        ))
        .await
        .unwrap();
    let items = client.purchase_orders().items(po_id).await.unwrap();
    let ItemsByMode::Cases(items) = items else {
        panic!("a case-mode purchase order, got {items:?}");
    };
    client
        .purchase_orders()
        .add_items(
            po_id,
            items
                .add()
                .item(NewItem::cases("CASE-2", 1, 6, Decimal::from(12))),
        )
        .await
        .unwrap();
    let details = client.purchase_orders().get(po_id).await.unwrap();
    assert_eq!(
        details.statuses.unwrap().status,
        Some(PurchaseOrderStatus::Saved)
    );
}

#[tokio::test]
async fn the_list_pages_lazily_and_counts_its_requests() {
    let mut config = SellercloudConfig::default();
    for id in 1..=7 {
        config = config.with_purchase_order(FakePo::new(id, false));
    }
    let (fake, client) = support::start_sellercloud(config).await.unwrap();
    let filter = PurchaseOrderFilter::new().page_size(3);

    // Taking the first 2 results makes 1 request.
    let first_two: Vec<_> = client
        .purchase_orders()
        .list(filter.clone())
        .take(2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(first_two.len(), 2);
    assert_eq!(
        fake.requests_to(SellercloudRoute::ListPurchaseOrders).len(),
        1
    );

    // All 7 take 3 pages (3 + 3 + 1), stopping at the short page.
    fake.clear_requests();
    let all: Vec<_> = client
        .purchase_orders()
        .list(filter)
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = all.iter().map(|p| p.id.get()).collect();
    assert_eq!(ids, (1..=7).collect::<Vec<_>>());
    let pages = fake.requests_to(SellercloudRoute::ListPurchaseOrders);
    assert_eq!(pages.len(), 3);
    assert!(
        pages[2]
            .query
            .as_deref()
            .unwrap()
            .contains("model.pageNumber=3"),
        "{:?}",
        pages[2].query
    );
}

#[tokio::test]
async fn the_list_sends_the_swaggers_names_as_repeated_keys() {
    let (fake, client) = support::start_sellercloud(SellercloudConfig::default())
        .await
        .unwrap();
    let from = chrono::DateTime::parse_from_rfc3339("2026-01-02T03:04:05+02:00").unwrap();
    let filter = PurchaseOrderFilter::new()
        .id(sellercloud::PurchaseOrderId::new(7))
        .id(sellercloud::PurchaseOrderId::new(8))
        .company_id(sellercloud::CompanyId::new(1))
        .status(PurchaseOrderStatus::Ordered)
        .status(PurchaseOrderStatus::Received)
        .created_from(from)
        .keyword("spring")
        .approved(true)
        .page_size(10);
    let _: Vec<_> = client
        .purchase_orders()
        .list(filter)
        .try_collect()
        .await
        .unwrap();
    let sent = fake.requests_to(SellercloudRoute::ListPurchaseOrders);
    assert_eq!(
        sent[0].query.as_deref(),
        Some(
            "model.approved=1&model.companyIDList=1&model.createDateFrom=2026-01-02T03%3A04%3A05%2B02%3A00\
             &model.keyword=spring&model.pOIds=7&model.pOIds=8&model.pOStatuses=Ordered&model.pOStatuses=Received\
             &model.pageNumber=1&model.pageSize=10"
        )
    );
}

#[tokio::test]
async fn a_server_repeating_a_page_does_not_make_the_list_loop() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/api/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"access_token": "t", "expires_in": 3600})),
        )
        .mount(&server)
        .await;
    // Whatever page is asked for, the same full page, and a total that
    // promises more.
    Mock::given(method("GET"))
        .and(path("/rest/api/PurchaseOrders"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "Items": [{"ID": 1}, {"ID": 2}], "TotalResults": 100
        })))
        .mount(&server)
        .await;
    let client = sellercloud::Client::builder()
        .base_url(format!("{}/rest", server.uri()))
        .username("u")
        .password("p")
        .build()
        .unwrap();
    let all: Vec<_> = client
        .purchase_orders()
        .list(PurchaseOrderFilter::new().page_size(2))
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = all.iter().map(|p| p.id.get()).collect();
    assert_eq!(ids, [1, 2]);
    let lists = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() == "GET")
        .count();
    assert_eq!(lists, 2, "the second page repeated the first: stop there");
}

#[tokio::test]
async fn add_items_and_receive_are_sent_once_after_an_unknown_outcome_gets_are_retried() {
    let (fake, client) = support::start_sellercloud(
        SellercloudConfig::default().with_purchase_order(FakePo::new(9, false)),
    )
    .await
    .unwrap();
    let pos = client.purchase_orders();
    let add = || AddPurchaseOrderItems::unit_mode().item(NewItem::units("X", 1, Decimal::ONE));

    fake.inject(
        SellercloudRoute::AddPurchaseOrderItems,
        Fault::status(503),
        1,
    );
    let e = pos
        .add_items(sellercloud::PurchaseOrderId::new(9), add())
        .await
        .unwrap_err();
    assert!(e.may_have_been_applied(), "{e}");
    assert_eq!(
        fake.requests_to(SellercloudRoute::AddPurchaseOrderItems)
            .len(),
        1
    );

    fake.inject(
        SellercloudRoute::AddPurchaseOrderItems,
        Fault::Delay(Duration::from_secs(5)),
        1,
    );
    let short = support::sellercloud_builder(&fake)
        .request_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let e = short
        .purchase_orders()
        .add_items(sellercloud::PurchaseOrderId::new(9), add())
        .await
        .unwrap_err();
    assert!(e.may_have_been_applied(), "{e}");
    assert_eq!(
        fake.requests_to(SellercloudRoute::AddPurchaseOrderItems)
            .len(),
        2
    );

    let receipt = || {
        ReceivePurchaseOrder::unit_mode()
            .item(ReceiveItem::new(sellercloud::PurchaseOrderItemId::new(1)).qty_to_receive(1))
    };
    fake.inject(
        SellercloudRoute::ReceivePurchaseOrder,
        Fault::status(502),
        1,
    );
    let e = pos
        .receive(sellercloud::PurchaseOrderId::new(9), receipt())
        .await
        .unwrap_err();
    assert!(e.may_have_been_applied(), "{e}");
    assert_eq!(
        fake.requests_to(SellercloudRoute::ReceivePurchaseOrder)
            .len(),
        1
    );

    // The GETs are idempotent: retried to success.
    for route in [
        SellercloudRoute::GetPurchaseOrder,
        SellercloudRoute::GetPurchaseOrderItems,
        SellercloudRoute::ListPurchaseOrders,
    ] {
        fake.inject(route, Fault::status(503), 1);
    }
    pos.get(sellercloud::PurchaseOrderId::new(9)).await.unwrap();
    pos.items(sellercloud::PurchaseOrderId::new(9))
        .await
        .unwrap();
    let listed: Vec<_> = pos
        .list(PurchaseOrderFilter::new())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    for route in [
        SellercloudRoute::GetPurchaseOrder,
        SellercloudRoute::GetPurchaseOrderItems,
        SellercloudRoute::ListPurchaseOrders,
    ] {
        assert_eq!(fake.requests_to(route).len(), 2, "{route:?}");
    }
}

#[tokio::test]
async fn unknown_purchase_orders_are_404s() {
    let (_fake, client) = support::start_sellercloud(SellercloudConfig::default())
        .await
        .unwrap();
    let e = client
        .purchase_orders()
        .get(sellercloud::PurchaseOrderId::new(4242))
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(404), "{e}");
    let e = client
        .purchase_orders()
        .items(sellercloud::PurchaseOrderId::new(0))
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(404), "{e}");
}
