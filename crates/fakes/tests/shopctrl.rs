//! The fake ShopCtrl's documented behaviour, exercised with plain reqwest.

mod common;

use common::http;
use rust_decimal::Decimal;
use sellercloud_shopctrl_fakes::shopctrl::{
    FakeShopCtrl, ShopCtrlConfig, ShopCtrlRoute, StoredPurchaseOrderRows, StoredRow,
    StoredStockItem,
};
use sellercloud_shopctrl_fakes::{PresentedAuth, REDACTED};
use serde_json::{Value, json};
use std::str::FromStr;

fn config() -> ShopCtrlConfig {
    ShopCtrlConfig::new("shop-user", "shop-pass").with_purchase_order(
        StoredPurchaseOrderRows::new(3)
            .with_row(StoredRow {
                stock_items: vec![StoredStockItem {
                    lot_number: Some("OLD".into()),
                    quantity: 1,
                    ..StoredStockItem::default()
                }],
                ..StoredRow::new(31)
            })
            .with_row(StoredRow::new(32)),
    )
}

async fn put(fake: &FakeShopCtrl, po: &str, body: Value) -> (u16, String) {
    let response = http()
        .put(format!("{}/v1/PurchaseOrders/{po}/Rows", fake.base_url()))
        .basic_auth("shop-user", Some("shop-pass"))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

fn model_state(text: &str) -> serde_json::Map<String, Value> {
    let body: Value = serde_json::from_str(text).unwrap_or_else(|_| panic!("not JSON: {text}"));
    assert_eq!(body["Message"], "The request is invalid.", "{text}");
    body["ModelState"].as_object().unwrap().clone()
}

#[tokio::test]
async fn basic_auth_is_checked() {
    let fake = FakeShopCtrl::start(config()).await.unwrap();
    let url = format!("{}/v1/PurchaseOrders/3/Rows", fake.base_url());
    let body = json!({"Id": 31, "Comment": "x"});
    for request in [
        http().put(&url).json(&body),
        http()
            .put(&url)
            .basic_auth("shop-user", Some("wrong"))
            .json(&body),
        http()
            .put(&url)
            .basic_auth("other", Some("shop-pass"))
            .json(&body),
        http().put(&url).bearer_auth("token").json(&body),
        http()
            .put(&url)
            .header("authorization", "Basic !!!")
            .json(&body),
    ] {
        let r = request.send().await.unwrap();
        assert_eq!(r.status(), 401);
        assert_eq!(r.headers()["www-authenticate"], "Basic realm=\"ShopCtrl\"");
        let text = r.text().await.unwrap();
        let parsed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            parsed["Message"],
            "Authorization has been denied for this request."
        );
    }
    assert_eq!(fake.row(3, 31).unwrap().comment, None);
    let (status, _) = put(&fake, "3", body).await;
    assert_eq!(status, 200);
    assert_eq!(fake.row(3, 31).unwrap().comment.as_deref(), Some("x"));
}

#[tokio::test]
async fn update_applies_sent_fields_and_keeps_date_offsets_as_received() {
    let fake = FakeShopCtrl::start(config()).await.unwrap();
    let (status, text) = put(
        &fake,
        "3",
        json!({
            "Id": 32, "ProductId": 1, "ItemQuantity": 2.0, "ItemQuantityDelivered": 3.0,
            "ProductCode": "sample string 4", "ItemPriceExVat": 5.10, "RowTotalExVat": -6.0,
            "Comment": "sample string 7", "Sequence": 1,
            "ExpectedDeliveryDate": "2026-01-11T16:13:38.5685399+01:00",
            "StockItems": [{"ProductCode": "p", "LotNumber": "L1", "SerialNumber": "S1",
                            "ExpiryDate": "2026-01-11T16:13:38.5685399+01:00", "Quantity": 4}]
        }),
    )
    .await;
    assert_eq!((status, text.as_str()), (200, ""));
    let row = fake.row(3, 32).unwrap();
    assert_eq!(row.product_id, Some(1));
    assert_eq!(row.item_quantity, Some(Decimal::from_str("2.0").unwrap()));
    assert_eq!(
        row.item_price_ex_vat,
        Some(Decimal::from_str("5.10").unwrap())
    );
    assert_eq!(
        row.row_total_ex_vat,
        Some(Decimal::from_str("-6.0").unwrap())
    );
    assert_eq!(row.sequence, Some(1));
    assert_eq!(
        row.expected_delivery_date.as_deref(),
        Some("2026-01-11T16:13:38.5685399+01:00")
    );
    assert_eq!(row.stock_items.len(), 1);
    assert_eq!(
        row.stock_items[0].expiry_date.as_deref(),
        Some("2026-01-11T16:13:38.5685399+01:00")
    );
    assert_eq!(row.stock_items[0].quantity, 4);

    // Left out or null keeps the stored value.
    let (status, _) = put(
        &fake,
        "3",
        json!({"Id": 32, "Comment": null, "Sequence": 5}),
    )
    .await;
    assert_eq!(status, 200);
    let row = fake.row(3, 32).unwrap();
    assert_eq!(row.comment.as_deref(), Some("sample string 7"));
    assert_eq!(row.sequence, Some(5));
    assert_eq!(row.update_count, 2);
    assert_eq!(fake.rows(3).unwrap().len(), 2);
    assert!(fake.rows(4).is_none());
}

#[tokio::test]
async fn stock_items_are_replaced_when_sent_and_kept_when_absent() {
    let fake = FakeShopCtrl::start(config()).await.unwrap();
    let lots = |fake: &FakeShopCtrl| -> Vec<Option<String>> {
        fake.row(3, 31)
            .unwrap()
            .stock_items
            .into_iter()
            .map(|s| s.lot_number)
            .collect()
    };
    assert_eq!(lots(&fake), vec![Some("OLD".to_owned())]);

    let (status, _) = put(&fake, "3", json!({"Id": 31, "Comment": "keep"})).await;
    assert_eq!(status, 200);
    assert_eq!(lots(&fake), vec![Some("OLD".to_owned())], "absent keeps");

    let (status, _) = put(&fake, "3", json!({"Id": 31, "StockItems": null})).await;
    assert_eq!(status, 200);
    assert_eq!(lots(&fake), vec![Some("OLD".to_owned())], "null keeps");

    let (status, _) = put(
        &fake,
        "3",
        json!({"Id": 31, "StockItems": [{"LotNumber": "A", "Quantity": 1}, {"LotNumber": "B", "Quantity": 2}]}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        lots(&fake),
        vec![Some("A".to_owned()), Some("B".to_owned())],
        "replaced, not merged"
    );

    let (status, _) = put(&fake, "3", json!({"Id": 31, "StockItems": []})).await;
    assert_eq!(status, 200);
    assert!(lots(&fake).is_empty(), "empty clears");
}

#[tokio::test]
async fn each_field_rule_answers_400_with_model_state() {
    let fake = FakeShopCtrl::start(config()).await.unwrap();
    let cases: Vec<(Value, &str, &str)> = vec![
        (json!({"Id": "31"}), "row.Id", "32-bit integer"),
        (
            json!({"Id": 31, "ProductCode": "x".repeat(101)}),
            "row.ProductCode",
            "maximum length of 100",
        ),
        (
            json!({"Id": 31, "ProductName": "y".repeat(501)}),
            "row.ProductName",
            "maximum length of 500",
        ),
        (
            json!({"Id": 31, "ProductId": 1.5}),
            "row.ProductId",
            "32-bit integer",
        ),
        (
            json!({"Id": 31, "ItemPriceExVat": "5"}),
            "row.ItemPriceExVat",
            "decimal number",
        ),
        (
            json!({"Id": 31, "ExpectedDeliveryDate": "tomorrow"}),
            "row.ExpectedDeliveryDate",
            "not a date-time",
        ),
        (
            json!({"Id": 31, "StockItems": [{"Quantity": 1.5}]}),
            "row.StockItems[0].Quantity",
            "32-bit integer",
        ),
        (
            json!({"Id": 31, "StockItems": [{"Quantity": 1, "ExpiryDate": "never"}]}),
            "row.StockItems[0].ExpiryDate",
            "not a date-time",
        ),
        (
            json!({"Id": 31, "StockItems": {"Quantity": 1}}),
            "row.StockItems",
            "must be an array",
        ),
        (json!([1, 2]), "row", "JSON object"),
    ];
    for (body, key, expected) in cases {
        let (status, text) = put(&fake, "3", body).await;
        assert_eq!(status, 400, "{key}: {text}");
        let state = model_state(&text);
        let problems = state
            .get(key)
            .unwrap_or_else(|| panic!("{key} missing in {text}"));
        assert!(
            problems.to_string().contains(expected),
            "`{expected}` in {text}"
        );
    }
    // Exactly at the limits is fine.
    let (status, text) = put(
        &fake,
        "3",
        json!({"Id": 31, "ProductCode": "é".repeat(100), "ProductName": "n".repeat(500), "Sequence": 0, "ItemQuantity": 0}),
    )
    .await;
    assert_eq!(status, 200, "{text}");
    // Several violations are reported together.
    let (status, text) = put(
        &fake,
        "3",
        json!({"Id": 31, "ProductId": 1.5, "Sequence": "x"}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(model_state(&text).len(), 2);
}

#[tokio::test]
async fn malformed_bodies_and_media_types_are_rejected() {
    let fake = FakeShopCtrl::start(config()).await.unwrap();
    let url = format!("{}/v1/PurchaseOrders/3/Rows", fake.base_url());
    let r = http()
        .put(&url)
        .basic_auth("shop-user", Some("shop-pass"))
        .header("content-type", "application/json")
        .body("{\"Id\": 31,")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(model_state(&r.text().await.unwrap()).contains_key("row"));
    let xml = http()
        .put(&url)
        .basic_auth("shop-user", Some("shop-pass"))
        .header("content-type", "application/xml")
        .body("<UpdatePurchaseOrderRow><Id>31</Id></UpdatePurchaseOrderRow>")
        .send()
        .await
        .unwrap();
    assert_eq!(xml.status(), 415);
    let text_json = http()
        .put(&url)
        .basic_auth("shop-user", Some("shop-pass"))
        .header("content-type", "text/json; charset=utf-8")
        .body("{\"Id\": 31, \"Comment\": \"tj\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(text_json.status(), 200);
}

#[tokio::test]
async fn unknown_purchase_orders_and_rows() {
    let fake = FakeShopCtrl::start(config()).await.unwrap();
    let (status, text) = put(&fake, "99", json!({"Id": 31})).await;
    assert_eq!(status, 404);
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["Message"], "Purchase order 99 was not found.");

    let (status, text) = put(&fake, "3", json!({"Id": 99, "Comment": "x"})).await;
    assert_eq!(status, 404, "{text}");
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["Message"], "Row 99 of purchase order 3 was not found.");

    let (status, _) = put(&fake, "x", json!({"Id": 31})).await;
    assert_eq!(status, 400);

    let r = http()
        .delete(format!("{}/v1/PurchaseOrders/3/Rows", fake.base_url()))
        .basic_auth("shop-user", Some("shop-pass"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    let r = http()
        .put(format!("{}/v1/Other", fake.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);

    fake.seed_purchase_order(StoredPurchaseOrderRows::new(99).with_row(StoredRow::new(31)));
    let (status, _) = put(&fake, "99", json!({"Id": 31})).await;
    assert_eq!(status, 200);
    assert_eq!(fake.purchase_orders().len(), 2);
}

#[tokio::test]
async fn requests_are_recorded_with_basic_credentials_masked() {
    let fake = FakeShopCtrl::start(config()).await.unwrap();
    put(&fake, "3", json!({"Id": 31, "Comment": "rec"})).await;
    http()
        .put(format!("{}/v1/PurchaseOrders/3/Rows", fake.base_url()))
        .basic_auth("shop-user", Some("bad-pass"))
        .json(&json!({"Id": 31}))
        .send()
        .await
        .unwrap();
    let requests = fake.requests_to(ShopCtrlRoute::UpdatePurchaseOrderRow);
    assert_eq!(requests.len(), 2);
    let debug = format!("{requests:?}");
    assert!(
        !debug.contains("shop-pass") && !debug.contains("bad-pass"),
        "{debug}"
    );
    // base64("shop-user:shop-pass") must not appear either.
    assert!(!debug.contains("c2hvcC11c2VyOnNob3AtcGFzcw"), "{debug}");
    assert_eq!(
        requests[0].header("authorization"),
        Some(format!("Basic {REDACTED}").as_str())
    );
    assert_eq!(
        requests[0].auth,
        PresentedAuth::Basic {
            username: Some("shop-user".into()),
            accepted: true
        }
    );
    assert_eq!(
        requests[1].auth,
        PresentedAuth::Basic {
            username: Some("shop-user".into()),
            accepted: false
        }
    );
    assert_eq!(requests[0].body_json().unwrap()["Comment"], "rec");
    assert_eq!(requests[0].path, "/v1/PurchaseOrders/3/Rows");
}
