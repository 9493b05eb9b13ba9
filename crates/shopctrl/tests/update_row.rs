//! What `update_row` puts on the wire, checked on a loopback mock server.

mod common;

use base64::Engine as _;
use common::*;
use serde_json::Value;
use shopctrl::{
    DateTime, Decimal, Error, ProductId, PurchaseOrderId, RowId, StockItemUpdate,
    UpdatePurchaseOrderRow,
};
use std::str::FromStr;
use wiremock::{MockServer, ResponseTemplate};

/// The vendor's documented JSON sample for this operation.
const SAMPLE: &str =
    include_str!("../../shopctrl-api/tests/fixtures/update_purchase_order_row.json");

fn decimal(value: &Value) -> Decimal {
    // The number's own text ("2.0"), so the scale survives into the request.
    Decimal::from_str(&value.to_string()).expect("a decimal in the sample")
}

fn int(value: &Value) -> i32 {
    i32::try_from(value.as_i64().expect("an integer in the sample")).unwrap()
}

fn text(value: &Value) -> &str {
    value.as_str().expect("a string in the sample")
}

fn date(value: &Value) -> DateTime<shopctrl::FixedOffset> {
    DateTime::parse_from_rfc3339(text(value)).expect("a date-time in the sample")
}

/// The sample's values, put through the builder.
fn row_from_sample(sample: &Value) -> UpdatePurchaseOrderRow {
    let items = sample["StockItems"].as_array().unwrap().iter().map(|item| {
        StockItemUpdate::new(int(&item["Quantity"]))
            .product_code(text(&item["ProductCode"]))
            .lot_number(text(&item["LotNumber"]))
            .serial_number(text(&item["SerialNumber"]))
            .expiry_date(date(&item["ExpiryDate"]))
    });
    UpdatePurchaseOrderRow::new(RowId::new(int(&sample["Id"])))
        .product_id(ProductId::new(int(&sample["ProductId"])))
        .item_quantity(decimal(&sample["ItemQuantity"]))
        .item_quantity_delivered(decimal(&sample["ItemQuantityDelivered"]))
        .product_code(text(&sample["ProductCode"]))
        .item_price_ex_vat(decimal(&sample["ItemPriceExVat"]))
        .row_total_ex_vat(decimal(&sample["RowTotalExVat"]))
        .comment(text(&sample["Comment"]))
        .sequence(int(&sample["Sequence"]))
        .expected_delivery_date(date(&sample["ExpectedDeliveryDate"]))
        .stock_items(items.collect::<Vec<_>>())
}

#[tokio::test]
async fn sends_basic_credentials_of_the_api_user() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(200)).await;

    client(&server)
        .purchase_orders()
        .update_row(
            PURCHASE_ORDER_ID,
            UpdatePurchaseOrderRow::new(RowId::new(1)),
        )
        .await
        .expect("the update succeeds");

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let header = requests[0]
        .headers
        .get("authorization")
        .expect("an Authorization header")
        .to_str()
        .unwrap();
    let encoded = header.strip_prefix("Basic ").expect("the Basic scheme");
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .expect("valid base64");
    assert_eq!(
        String::from_utf8(decoded).unwrap(),
        format!("{USERNAME}:{PASSWORD}")
    );
}

#[tokio::test]
async fn body_matches_the_documented_sample() {
    let sample: Value = serde_json::from_str(SAMPLE).unwrap();
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(200)).await;

    client(&server)
        .purchase_orders()
        .update_row(PURCHASE_ORDER_ID, row_from_sample(&sample))
        .await
        .expect("the update succeeds");

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), ROWS_PATH);
    assert!(
        request.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body, sample);

    // Offsets and fractional seconds arrive exactly as documented.
    let raw = String::from_utf8(request.body.clone()).unwrap();
    assert!(
        raw.contains(r#""ExpectedDeliveryDate":"2026-01-11T16:13:38.5685399+01:00""#),
        "{raw}"
    );
    assert_eq!(
        raw.matches(r#""ExpiryDate":"2026-01-11T16:13:38.5685399+01:00""#)
            .count(),
        2,
        "{raw}"
    );
}

#[tokio::test]
async fn stock_items_are_left_out_or_cleared_as_asked() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(200)).await;
    let client = client(&server);
    let orders = client.purchase_orders();

    orders
        .update_row(
            PurchaseOrderId::new(7),
            UpdatePurchaseOrderRow::new(RowId::new(1)),
        )
        .await
        .unwrap();
    orders
        .update_row(
            PurchaseOrderId::new(7),
            UpdatePurchaseOrderRow::new(RowId::new(1)).clear_stock_items(),
        )
        .await
        .unwrap();
    orders
        .update_row(
            PurchaseOrderId::new(7),
            UpdatePurchaseOrderRow::new(RowId::new(1)).stock_items(Vec::new()),
        )
        .await
        .unwrap();

    let bodies: Vec<Value> = received(&server)
        .await
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(bodies[0], serde_json::json!({"Id": 1}));
    assert_eq!(bodies[1], serde_json::json!({"Id": 1, "StockItems": []}));
    assert_eq!(bodies[2], serde_json::json!({"Id": 1, "StockItems": []}));
}

#[tokio::test]
async fn an_invalid_row_is_never_sent() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(200)).await;

    // The only vendor-stated rules are the older page's lengths.
    let err = client(&server)
        .purchase_orders()
        .update_row(
            PURCHASE_ORDER_ID,
            UpdatePurchaseOrderRow::new(RowId::new(1))
                .product_code("x".repeat(101))
                .stock_items(vec![StockItemUpdate::new(0)]),
        )
        .await
        .unwrap_err();

    let Error::Validation(violations) = &err else {
        panic!("expected a validation error, got {err:?}");
    };
    assert!(violations.has_field("ProductCode"));
    assert_eq!(violations.len(), 1, "{violations}");
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn a_base_url_given_with_v1_is_not_doubled() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(200)).await;

    let client = builder(&format!("{}/v1/", server.uri())).build().unwrap();
    client
        .purchase_orders()
        .update_row(
            PURCHASE_ORDER_ID,
            UpdatePurchaseOrderRow::new(RowId::new(1)),
        )
        .await
        .unwrap();

    assert_eq!(received(&server).await[0].url.path(), ROWS_PATH);
}
