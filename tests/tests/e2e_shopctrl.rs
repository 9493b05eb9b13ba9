//! The ShopCtrl row update, end to end: the public API of the `shopctrl`
//! crate against the fake, asserting on what the fake received and stored.

use e2e_tests::support;
use fakes::PresentedAuth;
use fakes::shopctrl::{
    RowUpdateMode, ShopCtrlConfig, ShopCtrlRoute, StoredPurchaseOrderRows, StoredRow,
    StoredStockItem,
};
use shopctrl::{DateTime, Decimal, StockItemUpdate, UpdatePurchaseOrderRow};

const PO: i32 = 7;
const ROW: i32 = 70;
const DELIVERY: &str = "2026-01-11T16:13:38.5685399+01:00";

fn dec(text: &str) -> Decimal {
    text.parse().expect("a decimal literal")
}

fn old_stock() -> Vec<StoredStockItem> {
    vec![
        StoredStockItem {
            lot_number: Some("OLD-1".into()),
            quantity: 1,
            ..Default::default()
        },
        StoredStockItem {
            serial_number: Some("SN-OLD".into()),
            quantity: 2,
            ..Default::default()
        },
    ]
}

fn config() -> ShopCtrlConfig {
    config_in(RowUpdateMode::Merge)
}

fn config_in(mode: RowUpdateMode) -> ShopCtrlConfig {
    ShopCtrlConfig::default()
        .with_update_mode(mode)
        .with_purchase_order(
            StoredPurchaseOrderRows::new(PO)
                .with_row(StoredRow {
                    product_code: Some("P-OLD".into()),
                    item_quantity: Some(dec("1")),
                    comment: Some("keep me".into()),
                    stock_items: old_stock(),
                    ..StoredRow::new(ROW)
                })
                .with_row(StoredRow::new(71)),
        )
}

/// The same update against a fake that merges omitted fields and one that
/// overwrites the row: everything sent is stored exactly in both; only the
/// field not sent differs, as the two readings of the vendor's page do.
#[tokio::test]
async fn row_update_sends_exact_values_with_basic_auth_and_replaces_stock_items() {
    for mode in [RowUpdateMode::Merge, RowUpdateMode::Overwrite] {
        row_update_in(mode).await;
    }
}

async fn row_update_in(mode: RowUpdateMode) {
    let (fake, client) = support::start_shopctrl(config_in(mode)).await.unwrap();
    let delivery = DateTime::parse_from_rfc3339(DELIVERY).unwrap();
    client
        .purchase_orders()
        .update_row(
            shopctrl::PurchaseOrderId::new(PO),
            UpdatePurchaseOrderRow::new(shopctrl::RowId::new(ROW))
                .product_id(shopctrl::ProductId::new(123))
                .item_quantity(dec("2.50"))
                .item_price_ex_vat(dec("12.345"))
                .row_total_ex_vat(dec("30.8625"))
                .product_code("P-NEW")
                .product_name("Widget, blue")
                .sequence(3)
                .expected_delivery_date(delivery)
                .stock_items(vec![
                    StockItemUpdate::new(4)
                        .product_code("P-NEW")
                        .lot_number("L-42")
                        .serial_number("SN-1")
                        .expiry_date(delivery),
                ]),
        )
        .await
        .unwrap();

    let row = fake.row(PO, ROW).unwrap();
    assert_eq!(row.update_count, 1);
    assert_eq!(row.product_id, Some(123));
    assert_eq!(row.item_quantity, Some(dec("2.50")));
    assert_eq!(row.item_price_ex_vat, Some(dec("12.345")));
    assert_eq!(row.row_total_ex_vat, Some(dec("30.8625")));
    assert_eq!(row.product_code.as_deref(), Some("P-NEW"));
    assert_eq!(row.product_name.as_deref(), Some("Widget, blue"));
    assert_eq!(row.sequence, Some(3));
    match mode {
        RowUpdateMode::Merge => {
            assert_eq!(row.comment.as_deref(), Some("keep me"), "not sent, kept")
        }
        _ => assert_eq!(row.comment, None, "not sent, overwritten"),
    }
    // The text as received: offset and seven fractional digits kept.
    assert_eq!(row.expected_delivery_date.as_deref(), Some(DELIVERY));
    assert_eq!(
        row.stock_items,
        [StoredStockItem {
            product_code: Some("P-NEW".into()),
            lot_number: Some("L-42".into()),
            serial_number: Some("SN-1".into()),
            expiry_date: Some(DELIVERY.into()),
            quantity: 4,
        }],
        "the old list is replaced, not merged"
    );
    assert_eq!(
        fake.row(PO, 71).unwrap().update_count,
        0,
        "other row untouched"
    );

    let sent = fake.requests_to(ShopCtrlRoute::UpdatePurchaseOrderRow);
    assert_eq!(sent.len(), 1);
    let request = &sent[0];
    assert_eq!(request.method, "PUT");
    assert_eq!(request.path, format!("/v1/PurchaseOrders/{PO}/Rows"));
    assert_eq!(request.header("authorization"), Some("Basic [redacted]"));
    assert_eq!(
        request.auth,
        PresentedAuth::Basic {
            username: Some(fake.username().to_owned()),
            accepted: true
        }
    );
    let text = request.body_text();
    assert!(text.contains(r#""ItemQuantity":2.50"#), "{text}");
    assert!(text.contains(r#""RowTotalExVat":30.8625"#), "{text}");
    assert!(!text.contains("Comment"), "{text}");
}

#[tokio::test]
async fn stock_items_are_replaced_kept_or_cleared() {
    let (fake, client) = support::start_shopctrl(config()).await.unwrap();
    let rows = client.purchase_orders();

    // Replace: the complete new list.
    let new_list = vec![
        StockItemUpdate::new(1).lot_number("A"),
        StockItemUpdate::new(2).lot_number("B"),
    ];
    rows.update_row(
        shopctrl::PurchaseOrderId::new(PO),
        UpdatePurchaseOrderRow::new(shopctrl::RowId::new(ROW)).stock_items(new_list),
    )
    .await
    .unwrap();
    let lots = |fake: &fakes::shopctrl::FakeShopCtrl| -> Vec<(Option<String>, i32)> {
        fake.row(PO, ROW)
            .unwrap()
            .stock_items
            .into_iter()
            .map(|s| (s.lot_number, s.quantity))
            .collect()
    };
    assert_eq!(
        lots(&fake),
        [(Some("A".to_owned()), 1), (Some("B".to_owned()), 2)]
    );

    // Keep: StockItems not sent at all.
    rows.update_row(
        shopctrl::PurchaseOrderId::new(PO),
        UpdatePurchaseOrderRow::new(shopctrl::RowId::new(ROW)).comment("only the comment"),
    )
    .await
    .unwrap();
    assert_eq!(
        lots(&fake),
        [(Some("A".to_owned()), 1), (Some("B".to_owned()), 2)]
    );
    assert_eq!(
        fake.row(PO, ROW).unwrap().comment.as_deref(),
        Some("only the comment")
    );

    // Clear, both ways: an explicit empty list is sent.
    rows.update_row(
        shopctrl::PurchaseOrderId::new(PO),
        UpdatePurchaseOrderRow::new(shopctrl::RowId::new(ROW)).clear_stock_items(),
    )
    .await
    .unwrap();
    assert_eq!(lots(&fake), []);
    fake.seed_purchase_order(StoredPurchaseOrderRows::new(PO).with_row(StoredRow {
        stock_items: old_stock(),
        ..StoredRow::new(ROW)
    }));
    rows.update_row(
        shopctrl::PurchaseOrderId::new(PO),
        UpdatePurchaseOrderRow::new(shopctrl::RowId::new(ROW)).stock_items(Vec::new()),
    )
    .await
    .unwrap();
    assert_eq!(lots(&fake), []);

    let bodies: Vec<serde_json::Value> = fake
        .requests_to(ShopCtrlRoute::UpdatePurchaseOrderRow)
        .iter()
        .map(|r| r.body_json().unwrap())
        .collect();
    assert_eq!(bodies.len(), 4);
    assert_eq!(bodies[0]["StockItems"].as_array().map(Vec::len), Some(2));
    assert!(bodies[1].get("StockItems").is_none(), "{}", bodies[1]);
    assert_eq!(bodies[2]["StockItems"], serde_json::json!([]));
    assert_eq!(bodies[3]["StockItems"], serde_json::json!([]));
    for body in &bodies {
        assert_eq!(body["Id"], ROW);
    }
}
