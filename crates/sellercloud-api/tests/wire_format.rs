//! The generated types against the vendor's own sample bodies: every sample
//! reads into its type and writes back to the same JSON (same names, numbers
//! stay numbers, decimals exact, dates unchanged).

use sellercloud_api::enums::{CurrencyCode, DiscountType, OrderSource, OrderSubType, PoType};
use sellercloud_api::types;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::str::FromStr;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Reads `name` as `T`, writes it back, and compares as JSON values:
/// serde_json's `Value` keeps integers and floats apart, so `0` written back
/// as `0.0` or `"0"` would fail. Date-times compare as instants with their
/// offset (`.210Z` is written back as `.21Z`).
fn round_trip<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let text = fixture(name);
    let typed: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let original = canonical_dates(serde_json::from_str(&text).unwrap());
    let written = canonical_dates(serde_json::to_value(&typed).unwrap());
    assert_eq!(written, original, "{name} did not round-trip");
    typed
}

fn canonical_dates(value: Value) -> Value {
    match value {
        Value::String(s) if s.len() >= 19 && s.as_bytes().get(10) == Some(&b'T') => {
            match chrono::DateTime::parse_from_rfc3339(&s) {
                Ok(d) => Value::String(api_runtime::wire::date_time::format(&d)),
                Err(_) => Value::String(s),
            }
        }
        Value::Array(items) => Value::Array(items.into_iter().map(canonical_dates).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, canonical_dates(v)))
                .collect(),
        ),
        other => other,
    }
}

#[test]
fn create_purchase_order_sample_round_trips() {
    let po: types::CreatePurchaseOrderRequest = round_trip("create_purchase_order.json");
    assert_eq!(po.po_type, PoType::PurchaseOrder);
    assert!(po.case_qty_mode);
    assert_eq!(po.products.len(), 1);
    assert_eq!(
        po.products[0].discount_type,
        Some(DiscountType::FixedAmount)
    );
    assert!(po.billing_address.is_some() && po.shipping_address.is_some());
}

#[test]
fn update_purchase_order_items_sample_round_trips() {
    let update: types::PurchaseOrderItemsUpdate = round_trip("update_purchase_order_items.json");
    assert_eq!(update.items.len(), 1);
}

#[test]
fn update_purchase_order_tracking_sample_round_trips() {
    let t: types::PurchaseOrderTrackingUpdate = round_trip("update_purchase_order_tracking.json");
    let shipped = t.shipped_on.expect("ShippedOn");
    assert_eq!(shipped.timestamp_millis(), 1_712_665_578_210);
}

#[test]
fn update_order_sample_round_trips() {
    let o: types::OrderUpdate = round_trip("update_order.json");
    assert_eq!(o.order_source, Some(OrderSource::LocalStore));
    assert_eq!(o.order_sub_type, Some(OrderSubType::None));
    assert_eq!(o.currency_code, Some(CurrencyCode::Usd));
}

#[test]
fn money_is_exact_and_stays_a_number() {
    let text = r#"{"ProductID":"SKU-1","UnitPrice":12.345678901234567890123,"DiscountValue":0.10}"#;
    let p: types::PurchaseOrderProduct = serde_json::from_str(text).unwrap();
    assert_eq!(
        p.unit_price,
        Some(rust_decimal::Decimal::from_str("12.345678901234567890123").unwrap())
    );
    let written = serde_json::to_string(&p).unwrap();
    assert!(
        written.contains(r#""UnitPrice":12.345678901234567890123"#),
        "{written}"
    );
    assert!(written.contains(r#""DiscountValue":0.10"#), "{written}");
}

#[test]
fn token_response_with_dotted_names_and_offsetless_date_parses() {
    let token: types::TokenResponse =
        serde_json::from_str(&fixture("token_response.json")).unwrap();
    assert_eq!(token.token_type.as_deref(), Some("Bearer"));
    assert!(token.access_token.as_deref().is_some_and(|t| !t.is_empty()));
    assert_eq!(token.expires_in, Some(3600.0));
    let issued = token.issued.expect(".issued parsed");
    assert_eq!(
        api_runtime::wire::date_time::format(&issued),
        "2024-05-01T10:00:00Z"
    );
    let expires = token.expires.expect(".expires parsed");
    assert_eq!((expires - issued).num_seconds(), 3600);
}

#[test]
fn created_purchase_order_parses_as_object_and_as_bare_number() {
    fn id(v: &types::CreatedPurchaseOrder) -> i32 {
        match v {
            types::CreatedPurchaseOrder::CreatedEntityId(e) => e.id,
            types::CreatedPurchaseOrder::Int32(n) => *n,
        }
    }
    let object: types::CreatedPurchaseOrder = serde_json::from_str(r#"{"Id": 7}"#).unwrap();
    let bare: types::CreatedPurchaseOrder = serde_json::from_str("7").unwrap();
    assert_eq!((id(&object), id(&bare)), (7, 7));
    assert!(serde_json::from_str::<types::CreatedPurchaseOrder>(r#""seven""#).is_err());
}

#[test]
fn enums_read_names_and_numbers_and_keep_unknown_values() {
    use api_runtime::OpenEnum;
    let by_number: OrderSource = serde_json::from_str("42").unwrap();
    assert_eq!(by_number, OrderSource::Walmart);
    let by_name: OrderSubType = serde_json::from_str(r#""Fulfilled_By_TikTok""#).unwrap();
    assert_eq!(by_name.code(), Some(17));
    let future: OrderSource = serde_json::from_str(r#""Temu""#).unwrap();
    assert!(!future.is_known());
    assert_eq!(serde_json::to_string(&future).unwrap(), r#""Temu""#);
    let future_number: CurrencyCode = serde_json::from_str("999").unwrap();
    assert_eq!(serde_json::to_string(&future_number).unwrap(), "999");
    assert_eq!(
        serde_json::to_string(&CurrencyCode::Eur).unwrap(),
        r#""EUR""#
    );
    assert_eq!(PoType::from_str("CreditMemo").unwrap(), PoType::CreditMemo);
    assert_eq!(DiscountType::Percentage.to_string(), "Percentage");
}
