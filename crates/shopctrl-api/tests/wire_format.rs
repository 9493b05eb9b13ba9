//! The generated row types against ShopCtrl's documented JSON samples.

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
    // [] clears the stored list; what the server does with an absent list is
    // not documented (see the spec): the two must stay different on the wire.
    let absent: types::PurchaseOrderRowUpdate = serde_json::from_str(r#"{"Id":1}"#).unwrap();
    assert_eq!(serde_json::to_string(&absent).unwrap(), r#"{"Id":1}"#);
    let empty: types::PurchaseOrderRowUpdate =
        serde_json::from_str(r#"{"Id":1,"StockItems":[]}"#).unwrap();
    assert_eq!(
        serde_json::to_string(&empty).unwrap(),
        r#"{"Id":1,"StockItems":[]}"#
    );
}

#[test]
fn rows_answer_reads_nulls_offsets_and_exact_decimals() {
    let path = format!(
        "{}/tests/fixtures/get_purchase_order_rows.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).unwrap();
    let rows: Vec<types::PurchaseOrderRow> = serde_json::from_str(&text).unwrap();
    assert_eq!(rows.len(), 3);
    let first = &rows[0];
    assert_eq!(
        first.product_description.as_deref(),
        Some("sample string 5")
    );
    assert_eq!(
        first.row_total_ex_vat.map(|d| d.to_string()).as_deref(),
        Some("10.0000000000000000001")
    );
    let expected = first.expected_delivery_date.expect("ExpectedDeliveryDate");
    assert_eq!(expected.offset().local_minus_utc(), 3600);
    let stock = first.stock_items.as_deref().expect("StockItems");
    assert_eq!(stock[0].quantity, Some(1));
    assert_eq!(stock[0].serial_number, None);
    // A row of nulls and a row with only its Id read as the same empty row.
    assert_eq!(rows[1].id, Some(2));
    assert_eq!(
        types::PurchaseOrderRow {
            id: None,
            ..rows[1].clone()
        },
        types::PurchaseOrderRow {
            id: None,
            ..rows[2].clone()
        }
    );
    assert_eq!(rows[1].stock_items, None);
    let written = serde_json::to_string(first).unwrap();
    assert!(
        written.contains(r#""ExpectedDeliveryDate":"2021-12-02T20:19:37.419755+01:00""#),
        "{written}"
    );
    assert!(!written.contains("SomeNewerField"), "{written}");
}
