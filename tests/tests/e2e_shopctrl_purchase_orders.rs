//! ShopCtrl purchase orders end to end against the fake: create (and
//! create exactly once when the answer is lost), list what changed, add,
//! read and update rows, update the purchase order, provision with lots and
//! locations, and read products and their stock.

use e2e_tests::support;
use fakes::Fault;
use fakes::shopctrl::{
    FakeShopCtrl, ShopCtrlConfig, ShopCtrlRoute as Route, StoredShopProduct, StoredStock,
};
use futures::TryStreamExt;
use rust_decimal::Decimal;
use shopctrl::{
    CreatePurchaseOrder, CurrencyId, DateTime, Error, ExactlyOnce, NewPurchaseOrderRow, ProductId,
    ProvisionItem, PurchaseOrderFilter, PurchaseOrderId, RowId, ShopGroupId, ShopOwnerId,
    SupplierId, UpdatePurchaseOrder, UpdatePurchaseOrderRow, WarehouseLocationId,
};
use std::time::Duration;

const OWNER: ShopOwnerId = ShopOwnerId::new(1);

fn config() -> ShopCtrlConfig {
    ShopCtrlConfig::default().with_product(StoredShopProduct::new(501, "SKU-501", 3).with_stock(
        StoredStock {
            warehouse_id: 1,
            warehouse_location_id: 1,
            qty_on_hand: Decimal::from(5),
            qty_reserved: Decimal::from(1),
        },
    ))
}

async fn start() -> (FakeShopCtrl, shopctrl::Client) {
    support::start_shopctrl(config()).await.unwrap()
}

fn request(reference: &str) -> CreatePurchaseOrder {
    CreatePurchaseOrder::new(
        OWNER,
        SupplierId::new(7),
        Decimal::ONE,
        Decimal::new(495, 2),
    )
    .our_reference(reference)
    .row(
        NewPurchaseOrderRow::new()
            .product_id(ProductId::new(501))
            .product_code("SKU-501")
            .item_quantity(Decimal::from(3))
            .item_price_ex_vat(Decimal::new(1250, 2))
            .row_total_ex_vat(Decimal::new(3750, 2)),
    )
}

fn quick() -> ExactlyOnce {
    ExactlyOnce::new().settle(Duration::from_millis(100))
}

#[tokio::test]
async fn a_purchase_order_is_created_listed_updated_and_provisioned() {
    let (fake, client) = start().await;
    let orders = client.purchase_orders();
    let id = orders.create(request("erp-1")).await.unwrap();
    let stored = fake.purchase_order(id.get()).unwrap();
    assert_eq!(stored.our_reference.as_deref(), Some("erp-1"));
    assert_eq!(stored.shipping_costs_ex_vat, Some(Decimal::new(495, 2)));
    assert_eq!(stored.rows.len(), 1);

    // Add a row; its Id comes from reading the rows.
    let expected = DateTime::parse_from_rfc3339("2026-01-11T16:13:38.5685399+01:00").unwrap();
    orders
        .add_row(
            id,
            NewPurchaseOrderRow::new()
                .product_code("SKU-9")
                .item_quantity(Decimal::new(15, 1))
                .expected_delivery_date(expected),
        )
        .await
        .unwrap();
    let rows = orders.rows(id).await.unwrap();
    assert_eq!(rows.len(), 2);
    let added = rows
        .iter()
        .find(|r| r.wire.product_code.as_deref() == Some("SKU-9"))
        .unwrap();
    assert_eq!(added.wire.item_quantity, Some(Decimal::new(15, 1)));
    assert_eq!(
        fake.row(id.get(), added.id.get())
            .unwrap()
            .expected_delivery_date
            .as_deref(),
        Some("2026-01-11T16:13:38.5685399+01:00"),
        "the offset is kept"
    );

    // Update the row and the purchase order.
    orders
        .update_row(id, UpdatePurchaseOrderRow::new(added.id).comment("checked"))
        .await
        .unwrap();
    assert_eq!(
        fake.row(id.get(), added.id.get())
            .unwrap()
            .comment
            .as_deref(),
        Some("checked")
    );
    let update = UpdatePurchaseOrder::new(id, OWNER, SupplierId::new(7))
        .order_code("PO-X")
        .date(expected)
        .order_total_ex_vat(Decimal::new(3750, 2))
        .currency_id(CurrencyId::new(1))
        .exchange_rate(Decimal::ONE)
        .shipping_costs_ex_vat(Decimal::ZERO)
        .our_reference("erp-1b");
    orders.update(update).await.unwrap();
    let stored = fake.purchase_order(id.get()).unwrap();
    assert_eq!(
        (
            stored.order_code.as_deref(),
            stored.our_reference.as_deref()
        ),
        (Some("PO-X"), Some("erp-1b"))
    );

    // Provision the first row: 2 units with a lot at location 4, 1 with a serial at the default.
    let first = rows
        .iter()
        .find(|r| r.wire.product_code.as_deref() == Some("SKU-501"))
        .unwrap();
    let expiry = DateTime::parse_from_rfc3339("2027-03-01T00:00:00+01:00").unwrap();
    orders
        .provision(
            id,
            [
                ProvisionItem::new(first.id, 2)
                    .lot_number("L-1")
                    .expiry_date(expiry)
                    .warehouse_location_id(WarehouseLocationId::new(4)),
                ProvisionItem::new(first.id, 1).serial_number("SN-1"),
            ],
        )
        .await
        .unwrap();
    let delivered = orders.rows(id).await.unwrap();
    let first = delivered.iter().find(|r| r.id == first.id).unwrap();
    assert_eq!(first.wire.item_quantity_delivered, Some(Decimal::from(3)));
    let provisions = fake.purchase_order(id.get()).unwrap().provisions;
    assert_eq!(provisions.len(), 2);
    assert_eq!(
        provisions[0].expiry_date.as_deref(),
        Some("2027-03-01T00:00:00+01:00")
    );
    assert_eq!(
        provisions[1].warehouse_location_id, 1,
        "the default location"
    );

    // The stock moved with it.
    let stock = client
        .products()
        .stock_per_location(ProductId::new(501))
        .await
        .unwrap();
    let at = |l: i32| {
        stock
            .iter()
            .find(|s| s.location == WarehouseLocationId::new(l))
            .unwrap()
    };
    assert_eq!(at(1).wire.qty_on_hand, Some(Decimal::from(6)));
    assert_eq!(at(4).wire.qty_on_hand, Some(Decimal::from(2)));
    assert_eq!(at(1).wire.qty_available, Some(Decimal::from(5)));
}

#[tokio::test]
async fn the_list_answers_what_changed_in_a_period_page_by_page() {
    let (fake, client) = start().await;
    let orders = client.purchase_orders();
    let before = client.server_clock().now() - chrono::Duration::seconds(1);
    let mut ids = Vec::new();
    for n in 0..5 {
        ids.push(orders.create(request(&format!("erp-{n}"))).await.unwrap());
    }
    let filter = PurchaseOrderFilter::new(OWNER)
        .changed_from(before)
        .page_size(2);
    let listed: Vec<_> = orders.list(filter).try_collect().await.unwrap();
    assert_eq!(listed.iter().map(|p| p.id).collect::<Vec<_>>(), ids);
    assert_eq!(
        fake.requests_to(Route::ListPurchaseOrders).len(),
        3,
        "2 + 2 + a short page"
    );
    let later = client.server_clock().now() + chrono::Duration::hours(1);
    let none: Vec<_> = orders
        .list(PurchaseOrderFilter::new(OWNER).changed_from(later))
        .try_collect()
        .await
        .unwrap();
    assert!(none.is_empty());
    let other: Vec<_> = orders
        .list(PurchaseOrderFilter::new(ShopOwnerId::new(2)))
        .try_collect()
        .await
        .unwrap();
    assert!(other.is_empty(), "another shop owner's list");
}

#[tokio::test]
async fn a_lost_create_answer_is_recovered_by_our_reference_with_one_purchase_order_stored() {
    for fault in [Fault::ApplyThenDropAnswer, Fault::apply_then_status(502)] {
        let (fake, client) = start().await;
        fake.inject(Route::CreatePurchaseOrder, fault.clone(), 1);
        let created = client
            .purchase_orders()
            .create_exactly_once(request("erp-lost-1"), quick())
            .await
            .unwrap();
        assert!(created.recovered, "{fault:?}");
        assert_eq!(created.sends, 1, "{fault:?}: never sent again");
        assert_eq!(fake.requests_to(Route::CreatePurchaseOrder).len(), 1);
        let stored = fake.purchase_orders();
        assert_eq!(stored.len(), 1, "{fault:?}: exactly one purchase order");
        assert_eq!(stored[0].id, created.id.get());
        assert_eq!(stored[0].our_reference.as_deref(), Some("erp-lost-1"));
        assert_eq!(
            stored[0].rows[0].comment.as_deref(),
            Some("erp-lost-1"),
            "the marker the rows echo"
        );
    }
}

#[tokio::test]
async fn another_purchase_order_with_the_same_rows_is_not_taken_for_the_lost_one() {
    let (fake, client) = start().await;
    // Someone else's purchase order with the same product and quantity.
    client
        .purchase_orders()
        .create(request("someone-else"))
        .await
        .unwrap();
    fake.inject(Route::CreatePurchaseOrder, Fault::ApplyThenDropAnswer, 1);
    let created = client
        .purchase_orders()
        .create_exactly_once(request("erp-mine"), quick())
        .await
        .unwrap();
    assert!(created.recovered);
    let mine = fake.purchase_order(created.id.get()).unwrap();
    assert_eq!(mine.our_reference.as_deref(), Some("erp-mine"));
    assert_eq!(fake.purchase_orders().len(), 2);
}

#[tokio::test]
async fn a_create_that_failed_before_applying_is_unresolved_not_resent() {
    let (fake, _) = start().await;
    let client = support::shopctrl_builder(&fake)
        .request_timeout(Duration::from_millis(400))
        .build()
        .unwrap();
    fake.inject(Route::CreatePurchaseOrder, Fault::status(503), 1);
    let e = client
        .purchase_orders()
        .create_exactly_once(request("erp-2"), quick())
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Unresolved { .. }), "{e}");
    assert_eq!(fake.requests_to(Route::CreatePurchaseOrder).len(), 1);
    assert!(fake.purchase_orders().is_empty());
}

#[tokio::test]
async fn a_rerun_finds_the_purchase_order_before_sending() {
    let (fake, client) = start().await;
    let since = client.server_clock().now();
    let first = client
        .purchase_orders()
        .create_exactly_once(request("erp-3"), quick())
        .await
        .unwrap();
    assert!(!first.recovered);
    let again = client
        .purchase_orders()
        .create_exactly_once(request("erp-3"), quick().look_first_since(since))
        .await
        .unwrap();
    assert_eq!(
        (again.id, again.sends, again.recovered),
        (first.id, 0, true)
    );
    assert_eq!(fake.purchase_orders().len(), 1);
}

#[tokio::test]
async fn products_are_read_by_id_and_by_code() {
    let (_fake, client) = start().await;
    let by_id = client.products().get(ProductId::new(501)).await.unwrap();
    assert_eq!(by_id.wire.code.as_deref(), Some("SKU-501"));
    assert_eq!(by_id.wire.qty_on_hand, Some(Decimal::from(5)));
    let by_code = client
        .products()
        .by_code(ShopGroupId::new(3), "SKU-501")
        .await
        .unwrap();
    assert_eq!(by_code.id, ProductId::new(501));
    let e = client
        .products()
        .by_code(ShopGroupId::new(4), "SKU-501")
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(404), "{e}");
    let e = client.products().get(ProductId::new(9)).await.unwrap_err();
    assert_eq!(e.status(), Some(404), "{e}");
}

#[tokio::test]
async fn invalid_requests_are_refused_before_sending() {
    let (fake, client) = start().await;
    let orders = client.purchase_orders();
    let e = orders.create(request(&"x".repeat(51))).await.unwrap_err();
    assert!(e.violations().unwrap().has_field("OurReference"), "{e}");
    let e = orders
        .update(UpdatePurchaseOrder::new(
            PurchaseOrderId::new(1),
            OWNER,
            SupplierId::new(7),
        ))
        .await
        .unwrap_err();
    assert!(e.violations().unwrap().has_field("Date"), "{e}");
    let e = orders
        .add_row(
            PurchaseOrderId::new(1),
            NewPurchaseOrderRow::new().product_code("x".repeat(101)),
        )
        .await
        .unwrap_err();
    assert!(e.violations().unwrap().has_field("ProductCode"), "{e}");
    assert!(fake.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn provisioning_is_never_resent_after_a_lost_answer() {
    let (fake, client) = start().await;
    let id = client
        .purchase_orders()
        .create(request("erp-4"))
        .await
        .unwrap();
    let row = client.purchase_orders().rows(id).await.unwrap()[0].id;
    fake.inject(Route::ProvisionPurchaseOrder, Fault::ApplyThenDropAnswer, 1);
    let e = client
        .purchase_orders()
        .provision(id, [ProvisionItem::new(row, 2)])
        .await
        .unwrap_err();
    assert!(e.may_have_been_applied(), "{e}");
    assert_eq!(fake.requests_to(Route::ProvisionPurchaseOrder).len(), 1);
    assert_eq!(
        fake.row(id.get(), row.get())
            .unwrap()
            .item_quantity_delivered,
        Some(Decimal::from(2)),
        "applied once"
    );
    // A row not on the purchase order is the server's 404.
    let e = client
        .purchase_orders()
        .provision(id, [ProvisionItem::new(RowId::new(9999), 1)])
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(404), "{e}");
}

#[tokio::test]
async fn changed_since_delivers_each_change_once_and_resumes_from_its_cursor() {
    use futures::StreamExt;
    use shopctrl::{ChangeCursor, ChangeOptions};
    let (_fake, client) = start().await;
    let orders = client.purchase_orders();
    let start_at =
        ChangeCursor::starting_at(client.server_clock().now() - chrono::Duration::seconds(1));
    let mut ids = Vec::new();
    for n in 0..3 {
        ids.push(orders.create(request(&format!("erp-c{n}"))).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(20)).await;
    let options = ChangeOptions::new()
        .settle(Duration::from_millis(10))
        .overlap(Duration::ZERO);
    let follow = || PurchaseOrderFilter::new(OWNER).page_size(2);
    let mut run = orders.changed_since_with(follow(), start_at, options);
    let mut seen = Vec::new();
    while let Some(changed) = run.next().await {
        seen.push(changed.unwrap().record.id);
    }
    assert_eq!(seen, ids, "oldest change first, each once");
    let cursor = run.cursor();

    // One changes after the run: the next run from the stored cursor
    // delivers it alone.
    tokio::time::sleep(Duration::from_millis(20)).await;
    orders
        .add_row(ids[1], NewPurchaseOrderRow::new().product_code("LATE"))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(20)).await;
    let stored = serde_json::to_string(&cursor).unwrap();
    let cursor: ChangeCursor = serde_json::from_str(&stored).unwrap();
    let mut next = orders.changed_since_with(follow(), cursor, options);
    let mut again = Vec::new();
    while let Some(changed) = next.next().await {
        again.push(changed.unwrap().record.id);
    }
    assert_eq!(again, [ids[1]]);
}
