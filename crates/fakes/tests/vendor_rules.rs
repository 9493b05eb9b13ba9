//! Issue 14: the fakes enforce only what a vendor document states (or the wire
//! type implies). Each test here fails if a removed rule comes back; the kept
//! rules are covered in `sellercloud.rs` and `shopctrl.rs`. Also ShopCtrl's
//! two update semantics and its rows read.

mod common;

use common::http;
use rust_decimal::Decimal;
use sellercloud_shopctrl_fakes::Fault;
use sellercloud_shopctrl_fakes::sellercloud::{
    DiscountType, FakeSellercloud, SellercloudConfig, StoredOrder,
    StoredPurchaseOrder as ScPurchaseOrder, StoredPurchaseOrderItem,
};
use sellercloud_shopctrl_fakes::shopctrl::{
    FakeShopCtrl, RowUpdateMode, ShopCtrlConfig, ShopCtrlRoute, StoredPurchaseOrderRows, StoredRow,
    StoredStockItem,
};
use serde_json::{Value, json};
use std::str::FromStr;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

async fn sc_call(
    fake: &FakeSellercloud,
    method: reqwest::Method,
    path: &str,
    body: Value,
) -> (u16, String) {
    let response = http()
        .request(method, format!("{}{path}", fake.base_url()))
        .bearer_auth(fake.issue_token())
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

fn sc_seeded() -> SellercloudConfig {
    SellercloudConfig::default()
        .with_order(StoredOrder::new(1))
        .with_purchase_order(
            ScPurchaseOrder::new(10, false).with_item(StoredPurchaseOrderItem::new(101, "A")),
        )
        .with_purchase_order(
            ScPurchaseOrder::new(20, true).with_item(StoredPurchaseOrderItem::new(201, "C")),
        )
}

#[tokio::test]
async fn create_accepts_discounts_no_document_restricts() {
    let fake = FakeSellercloud::start(SellercloudConfig::default())
        .await
        .unwrap();
    let product = |extra: Value| {
        let mut p = json!({"ProductID": "SKU", "QtyUnitsOrdered": 1, "UnitPrice": 1});
        p.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        p
    };
    let products = vec![
        product(json!({"DiscountValue": 5})),
        product(json!({"DiscountType": "FixedAmount"})),
        product(json!({"DiscountType": "FixedAmount", "DiscountValue": -1})),
        product(json!({"DiscountType": "Percentage", "DiscountValue": 150})),
    ];
    let (status, text) = sc_call(
        &fake,
        reqwest::Method::POST,
        "/api/PurchaseOrders",
        json!({"CompanyID": 1, "VendorID": 2, "POType": 0, "CaseQtyMode": false, "Products": products}),
    )
    .await;
    assert_eq!(status, 200, "{text}");
    let items = fake.purchase_orders().pop().unwrap().items;
    assert_eq!(items[0].discount_value, Some(dec("5")));
    assert_eq!(items[0].discount_type, None);
    assert_eq!(items[1].discount_type, Some(DiscountType::FixedAmount));
    assert_eq!(items[2].discount_value, Some(dec("-1")));
    assert_eq!(items[3].discount_value, Some(dec("150")));
}

#[tokio::test]
async fn update_items_accepts_any_quantity_and_price_of_the_right_type() {
    let fake = FakeSellercloud::start(sc_seeded()).await.unwrap();
    let (status, text) = sc_call(
        &fake,
        reqwest::Method::PUT,
        "/api/PurchaseOrders/10/Items",
        json!({"Items": [{"ID": 101, "QtyUnitsOrdered": 0, "UnitPrice": -2}]}),
    )
    .await;
    assert_eq!(status, 200, "{text}");
    let item = fake.purchase_order(10).unwrap().items[0].clone();
    assert_eq!(
        (item.qty_units_ordered, item.unit_price),
        (Some(0), Some(dec("-2")))
    );
    let (status, _) = sc_call(
        &fake,
        reqwest::Method::PUT,
        "/api/PurchaseOrders/20/Items",
        json!({"Items": [{"ID": 201, "QtyCasesOrdered": -1, "QtyUnitsPerCase": 0, "CasePrice": -0.5}]}),
    )
    .await;
    assert_eq!(status, 200);
    // The wire type still holds: a fraction is not an int32.
    let (status, text) = sc_call(
        &fake,
        reqwest::Method::PUT,
        "/api/PurchaseOrders/10/Items",
        json!({"Items": [{"ID": 101, "QtyUnitsOrdered": 0.5}]}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(text.contains("32-bit integer"), "{text}");
}

#[tokio::test]
async fn a_blank_tracking_number_or_carrier_clears_it_and_null_keeps_it() {
    let fake = FakeSellercloud::start(sc_seeded()).await.unwrap();
    let path = "/api/PurchaseOrders/10/TrackingNumber";
    let put = |body: Value| sc_call(&fake, reqwest::Method::PUT, path, body);
    assert_eq!(
        put(json!({"TrackingNumber": "WRONG-1", "ShippedViaCarrier": "UPS"}))
            .await
            .0,
        200
    );
    assert_eq!(put(json!({"TrackingNumber": null})).await.0, 200);
    let shipping = fake.purchase_order(10).unwrap().shipping;
    assert_eq!(
        shipping.tracking_number.as_deref(),
        Some("WRONG-1"),
        "null: no change"
    );
    assert_eq!(
        put(json!({"TrackingNumber": "", "ShippedViaCarrier": "  "}))
            .await
            .0,
        200
    );
    let shipping = fake.purchase_order(10).unwrap().shipping;
    assert_eq!(shipping.tracking_number, None, "cleared");
    assert_eq!(shipping.shipped_via_carrier, None, "cleared");
}

#[tokio::test]
async fn zero_and_negative_path_ids_are_unknown_records() {
    let fake = FakeSellercloud::start(sc_seeded()).await.unwrap();
    for id in ["0", "-1"] {
        for (method, path, body) in [
            (
                reqwest::Method::PUT,
                format!("/api/PurchaseOrders/{id}/Items"),
                json!({"Items": [{"ID": 1}]}),
            ),
            (
                reqwest::Method::PUT,
                format!("/api/PurchaseOrders/{id}/TrackingNumber"),
                json!({}),
            ),
            (
                reqwest::Method::PUT,
                format!("/api/Orders/{id}"),
                json!({"CustomerId": 1}),
            ),
            (
                reqwest::Method::POST,
                format!("/api/PurchaseOrders/{id}/items"),
                json!([{"ProductID": "X"}]),
            ),
            (
                reqwest::Method::POST,
                format!("/api/PurchaseOrders/{id}/receive"),
                json!({"Items": [{"ID": 1}]}),
            ),
        ] {
            let (status, text) = sc_call(&fake, method, &path, body).await;
            assert_eq!(status, 404, "{path}: {text}");
        }
    }
}

async fn shop_put(fake: &FakeShopCtrl, body: Value) -> (u16, String) {
    let response = http()
        .put(format!("{}/v1/PurchaseOrders/3/Rows", fake.base_url()))
        .basic_auth("fake-user", Some("fake-password"))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

async fn shop_rows(fake: &FakeShopCtrl, po: i32) -> (u16, String) {
    let response = http()
        .get(format!("{}/v1/PurchaseOrders/{po}/Rows", fake.base_url()))
        .basic_auth("fake-user", Some("fake-password"))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

fn full_row() -> StoredRow {
    StoredRow {
        product_id: Some(7),
        item_quantity: Some(dec("2.50")),
        item_quantity_delivered: Some(dec("1")),
        product_code: Some("P-1".into()),
        product_name: Some("Widget".into()),
        product_description: Some("A blue widget".into()),
        item_price_ex_vat: Some(dec("4.10")),
        row_total_ex_vat: Some(dec("10.25")),
        comment: Some("keep?".into()),
        sequence: Some(4),
        expected_delivery_date: Some("2026-01-11T16:13:38.5685399+01:00".into()),
        stock_items: vec![StoredStockItem {
            lot_number: Some("OLD".into()),
            quantity: 2,
            ..StoredStockItem::default()
        }],
        ..StoredRow::new(31)
    }
}

fn shop_config(mode: RowUpdateMode) -> ShopCtrlConfig {
    ShopCtrlConfig::default()
        .with_update_mode(mode)
        .with_purchase_order(
            StoredPurchaseOrderRows::new(3)
                .with_row(full_row())
                .with_row(StoredRow::new(32)),
        )
}

#[tokio::test]
async fn shopctrl_accepts_rows_no_document_refuses() {
    let fake = FakeShopCtrl::start(shop_config(RowUpdateMode::Merge))
        .await
        .unwrap();
    let accepted = [
        json!({"Id": 31, "ItemQuantity": 0}),
        json!({"Id": 31, "ItemQuantity": -1, "ItemQuantityDelivered": -0.5}),
        json!({"Id": 31, "Sequence": -1}),
        json!({"Id": 31, "StockItems": [{"Quantity": 0}]}),
        json!({"Id": 31, "StockItems": [{"LotNumber": "no quantity"}]}),
    ];
    for body in accepted {
        let (status, text) = shop_put(&fake, body.clone()).await;
        assert_eq!(status, 200, "{body}: {text}");
    }
    let row = fake.row(3, 31).unwrap();
    assert_eq!(row.item_quantity, Some(dec("-1")));
    assert_eq!(row.sequence, Some(-1));
    assert_eq!(row.stock_items.len(), 1);
    assert_eq!(
        row.stock_items[0].quantity, 0,
        "a missing quantity binds as 0"
    );

    for (body, expected) in [
        (json!({"Id": 0}), "Row 0 of purchase order 3 was not found."),
        (
            json!({"Id": -5}),
            "Row -5 of purchase order 3 was not found.",
        ),
        (
            json!({"Comment": "no id"}),
            "Row 0 of purchase order 3 was not found.",
        ),
    ] {
        let (status, text) = shop_put(&fake, body).await;
        assert_eq!(status, 404, "{text}");
        assert_eq!(
            serde_json::from_str::<Value>(&text).unwrap()["Message"],
            expected
        );
    }
    // Kept: the wire types and the vendor's stated maximum lengths.
    for (body, key) in [
        (
            json!({"Id": 31, "StockItems": [{"Quantity": 1.5}]}),
            "row.StockItems[0].Quantity",
        ),
        (
            json!({"Id": 31, "ProductCode": "x".repeat(101)}),
            "row.ProductCode",
        ),
        (
            json!({"Id": 31, "ProductName": "x".repeat(501)}),
            "row.ProductName",
        ),
        (json!({"Id": 3000000000u64}), "row.Id"),
    ] {
        let (status, text) = shop_put(&fake, body).await;
        assert_eq!(status, 400, "{key}: {text}");
        let parsed: Value = serde_json::from_str(&text).unwrap();
        assert!(parsed["ModelState"].get(key).is_some(), "{key} in {text}");
    }
}

#[tokio::test]
async fn overwrite_mode_replaces_the_row_with_what_was_sent() {
    let fake = FakeShopCtrl::start(shop_config(RowUpdateMode::Overwrite))
        .await
        .unwrap();
    let (status, text) = shop_put(
        &fake,
        json!({"Id": 31, "ItemQuantity": 3, "Comment": "new"}),
    )
    .await;
    assert_eq!(status, 200, "{text}");
    let row = fake.row(3, 31).unwrap();
    assert_eq!(row.item_quantity, Some(dec("3")));
    assert_eq!(row.comment.as_deref(), Some("new"));
    for (name, cleared) in [
        ("ProductId", row.product_id.is_none()),
        (
            "ItemQuantityDelivered",
            row.item_quantity_delivered.is_none(),
        ),
        ("ProductCode", row.product_code.is_none()),
        ("ProductName", row.product_name.is_none()),
        ("ItemPriceExVat", row.item_price_ex_vat.is_none()),
        ("RowTotalExVat", row.row_total_ex_vat.is_none()),
        ("ExpectedDeliveryDate", row.expected_delivery_date.is_none()),
        ("StockItems", row.stock_items.is_empty()),
    ] {
        assert!(cleared, "{name} was left out, so it is cleared");
    }
    assert_eq!(
        row.sequence,
        Some(4),
        "ShopCtrl determines a left-out Sequence"
    );
    assert_eq!(
        row.product_description.as_deref(),
        Some("A blue widget"),
        "not part of the update"
    );
    assert_eq!(row.update_count, 1);

    let (status, _) = shop_put(&fake, json!({"Id": 32})).await;
    assert_eq!(status, 200);
    assert_eq!(
        fake.row(3, 32).unwrap().sequence,
        Some(2),
        "none stored: its position"
    );

    // The same request against a merging fake keeps what was left out.
    let merging = FakeShopCtrl::start(shop_config(RowUpdateMode::Merge))
        .await
        .unwrap();
    shop_put(
        &merging,
        json!({"Id": 31, "ItemQuantity": 3, "Comment": "new"}),
    )
    .await;
    let kept = merging.row(3, 31).unwrap();
    assert_eq!(kept.product_code.as_deref(), Some("P-1"));
    assert_eq!(kept.stock_items.len(), 1);
}

#[tokio::test]
async fn a_complete_row_gives_the_same_result_in_both_modes() {
    let complete = json!({
        "Id": 31, "ProductId": 7, "ItemQuantity": 5, "ItemQuantityDelivered": 1,
        "ProductCode": "P-1", "ProductName": "Widget", "ItemPriceExVat": 4.10,
        "RowTotalExVat": 20.5, "Comment": "c", "Sequence": 4,
        "ExpectedDeliveryDate": "2026-01-11T16:13:38.5685399+01:00",
        "StockItems": [{"LotNumber": "NEW", "Quantity": 5}]
    });
    let mut rows = Vec::new();
    for mode in [RowUpdateMode::Merge, RowUpdateMode::Overwrite] {
        let fake = FakeShopCtrl::start(shop_config(mode)).await.unwrap();
        assert_eq!(shop_put(&fake, complete.clone()).await.0, 200);
        rows.push(fake.row(3, 31).unwrap());
    }
    assert_eq!(rows[0], rows[1]);
}

#[tokio::test]
async fn rows_read_back_with_the_rows_page_fields() {
    let fake = FakeShopCtrl::start(shop_config(RowUpdateMode::Merge))
        .await
        .unwrap();
    let (status, text) = shop_rows(&fake, 3).await;
    assert_eq!(status, 200, "{text}");
    let rows: Value = serde_json::from_str(&text).unwrap();
    let first = &rows[0];
    assert_eq!(first["Id"], 31);
    assert_eq!(first["ProductId"], 7);
    assert_eq!(first["ProductName"], "Widget");
    assert_eq!(first["ProductDescription"], "A blue widget");
    assert_eq!(
        first["ExpectedDeliveryDate"],
        "2026-01-11T16:13:38.5685399+01:00"
    );
    assert_eq!(first["StockItems"][0]["LotNumber"], "OLD");
    assert_eq!(first["StockItems"][0]["Quantity"], 2);
    assert!(text.contains("\"ItemQuantity\":2.50"), "exact: {text}");
    assert!(text.contains("\"ItemPriceExVat\":4.10"), "exact: {text}");
    assert_eq!(rows[1]["Id"], 32);
    assert_eq!(rows[1]["Comment"], Value::Null);
    assert_eq!(rows.as_array().unwrap().len(), 2);

    shop_put(&fake, json!({"Id": 32, "Comment": "seen"})).await;
    let (_, text) = shop_rows(&fake, 3).await;
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap()[1]["Comment"],
        "seen"
    );

    let (status, text) = shop_rows(&fake, 99).await;
    assert_eq!(status, 404);
    assert!(text.contains("Purchase order 99 was not found."));
    fake.inject(ShopCtrlRoute::GetPurchaseOrderRows, Fault::status(503), 1);
    assert_eq!(shop_rows(&fake, 3).await.0, 503);
    assert_eq!(
        fake.requests_to(ShopCtrlRoute::GetPurchaseOrderRows).len(),
        4
    );
    let anonymous = http()
        .get(format!("{}/v1/PurchaseOrders/3/Rows", fake.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}
