//! ShopCtrl rows against both update semantics the vendor's documents leave
//! open: the fake merging omitted fields, and the fake overwriting the row
//! with what was sent. Reading rows, a partial update in each mode, and the
//! read-modify-write update that ends the same in both.

use e2e_tests::support;
use fakes::shopctrl::{
    FakeShopCtrl, RowUpdateMode, ShopCtrlConfig, ShopCtrlRoute, StoredPurchaseOrderRows, StoredRow,
    StoredStockItem as FakeStock,
};
use rust_decimal::Decimal;
use shopctrl::{Error, StockItemUpdate, UpdatePurchaseOrderRow};

fn seeded(mode: RowUpdateMode) -> ShopCtrlConfig {
    let row = StoredRow {
        product_id: Some(501),
        item_quantity: Some(Decimal::new(20, 1)),
        product_code: Some("P-501".into()),
        product_name: Some("Widget".into()),
        item_price_ex_vat: Some(Decimal::new(1250, 2)),
        row_total_ex_vat: Some(Decimal::new(2500, 2)),
        comment: Some("keep me".into()),
        sequence: Some(1),
        expected_delivery_date: Some("2026-01-11T16:13:38.5685399+01:00".into()),
        stock_items: vec![FakeStock {
            lot_number: Some("L-1".into()),
            quantity: 2,
            ..FakeStock::default()
        }],
        ..StoredRow::new(11)
    };
    ShopCtrlConfig::default()
        .with_update_mode(mode)
        .with_purchase_order(
            StoredPurchaseOrderRows::new(7)
                .with_row(row)
                .with_row(StoredRow::new(12)),
        )
}

async fn start(mode: RowUpdateMode) -> (FakeShopCtrl, shopctrl::Client) {
    support::start_shopctrl(seeded(mode)).await.unwrap()
}

#[tokio::test]
async fn rows_are_read_back_with_exact_values_and_offsets() {
    let (fake, client) = start(RowUpdateMode::Merge).await;
    let rows = client
        .purchase_orders()
        .rows(shopctrl::PurchaseOrderId::new(7))
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    let row = &rows
        .iter()
        .find(|r| r.id == shopctrl::RowId::new(11))
        .unwrap()
        .wire;
    assert_eq!(row.item_price_ex_vat, Some(Decimal::new(1250, 2)));
    assert_eq!(row.comment.as_deref(), Some("keep me"));
    assert_eq!(
        row.expected_delivery_date
            .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)),
        Some("2026-01-11T16:13:38.568539900+01:00".into())
    );
    assert_eq!(
        row.stock_items.as_ref().unwrap()[0].lot_number.as_deref(),
        Some("L-1")
    );
    assert_eq!(
        fake.requests_to(ShopCtrlRoute::GetPurchaseOrderRows).len(),
        1
    );
    let e = client
        .purchase_orders()
        .rows(shopctrl::PurchaseOrderId::new(99))
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(404), "{e}");
}

#[tokio::test]
async fn a_partial_update_keeps_omitted_fields_when_merged_and_clears_them_when_overwritten() {
    let partial =
        || UpdatePurchaseOrderRow::new(shopctrl::RowId::new(11)).item_quantity(Decimal::from(5));

    let (fake, client) = start(RowUpdateMode::Merge).await;
    client
        .purchase_orders()
        .update_row(shopctrl::PurchaseOrderId::new(7), partial())
        .await
        .unwrap();
    let row = fake.row(7, 11).unwrap();
    assert_eq!(row.item_quantity, Some(Decimal::from(5)));
    assert_eq!(row.comment.as_deref(), Some("keep me"));
    assert_eq!(row.stock_items.len(), 1);

    let (fake, client) = start(RowUpdateMode::Overwrite).await;
    client
        .purchase_orders()
        .update_row(shopctrl::PurchaseOrderId::new(7), partial())
        .await
        .unwrap();
    let row = fake.row(7, 11).unwrap();
    assert_eq!(row.item_quantity, Some(Decimal::from(5)));
    assert_eq!(row.comment, None, "overwritten: omitted means cleared");
    assert_eq!(row.product_code, None);
    assert!(row.stock_items.is_empty());
}

#[tokio::test]
async fn the_read_modify_write_update_stores_the_same_row_in_both_modes() {
    let mut stored = Vec::new();
    for mode in [RowUpdateMode::Merge, RowUpdateMode::Overwrite] {
        let (fake, client) = start(mode).await;
        client
            .purchase_orders()
            .update_row_complete(
                shopctrl::PurchaseOrderId::new(7),
                shopctrl::RowId::new(11),
                |row| {
                    row.item_quantity(Decimal::from(5)).stock_items([
                        StockItemUpdate::new(2).lot_number("L-1"),
                        StockItemUpdate::new(3).lot_number("L-2"),
                    ])
                },
            )
            .await
            .unwrap();
        let mut row = fake.row(7, 11).unwrap();
        row.update_count = 0;
        assert_eq!(row.item_quantity, Some(Decimal::from(5)), "{mode:?}");
        assert_eq!(row.comment.as_deref(), Some("keep me"), "{mode:?}");
        assert_eq!(row.stock_items.len(), 2, "{mode:?}");
        assert_eq!(
            fake.requests_to(ShopCtrlRoute::GetPurchaseOrderRows).len(),
            1
        );
        stored.push(row);
    }
    assert_eq!(stored[0], stored[1], "merge and overwrite end the same");
}

#[tokio::test]
async fn a_row_the_server_does_not_list_is_not_found_and_nothing_is_written() {
    let (fake, client) = start(RowUpdateMode::Overwrite).await;
    let e = client
        .purchase_orders()
        .update_row_complete(
            shopctrl::PurchaseOrderId::new(7),
            shopctrl::RowId::new(99),
            |row| row.comment("x"),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e:?}");
    assert!(!e.may_have_been_applied());
    assert!(
        fake.requests_to(ShopCtrlRoute::UpdatePurchaseOrderRow)
            .is_empty()
    );
}

#[tokio::test]
async fn quantities_of_zero_and_stock_items_without_a_quantity_are_accepted_by_builder_and_fake() {
    let (fake, client) = start(RowUpdateMode::Merge).await;
    client
        .purchase_orders()
        .update_row(
            shopctrl::PurchaseOrderId::new(7),
            UpdatePurchaseOrderRow::new(shopctrl::RowId::new(11))
                .item_quantity(Decimal::ZERO)
                .stock_items([StockItemUpdate::default().lot_number("no-qty")]),
        )
        .await
        .unwrap();
    let row = fake.row(7, 11).unwrap();
    assert_eq!(row.item_quantity, Some(Decimal::ZERO));
    assert_eq!(row.stock_items[0].lot_number.as_deref(), Some("no-qty"));
}
