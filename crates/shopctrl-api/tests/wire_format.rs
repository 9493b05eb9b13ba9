//! The generated row type against ShopCtrl's documented JSON sample.

use serde_json::Value;
use shopctrl_api::types;

#[test]
fn purchase_order_row_sample_round_trips_with_offsets() {
    let path = format!(
        "{}/tests/fixtures/update_purchase_order_row.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).unwrap();
    let row: types::PurchaseOrderRowUpdate = serde_json::from_str(&text).unwrap();
    let original: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_value(&row).unwrap(), original);
    let written = serde_json::to_string(&row).unwrap();
    // Offsets and the seven fractional digits survive byte for byte.
    assert!(written.contains(r#""ExpectedDeliveryDate":"2026-01-11T16:13:38.5685399+01:00""#));
    assert!(written.contains(r#""ItemQuantity":2.0"#), "{written}");
    let stock = row.stock_items.as_deref().expect("StockItems present");
    assert_eq!(stock.len(), 2);
    assert_eq!(stock[0].quantity, Some(1));
}

#[test]
fn absent_and_empty_stock_items_stay_different() {
    // Absent keeps the stored list, [] clears it: both must survive a round trip.
    let absent: types::PurchaseOrderRowUpdate = serde_json::from_str(r#"{"Id":1}"#).unwrap();
    assert_eq!(serde_json::to_string(&absent).unwrap(), r#"{"Id":1}"#);
    let empty: types::PurchaseOrderRowUpdate =
        serde_json::from_str(r#"{"Id":1,"StockItems":[]}"#).unwrap();
    assert_eq!(
        serde_json::to_string(&empty).unwrap(),
        r#"{"Id":1,"StockItems":[]}"#
    );
}
