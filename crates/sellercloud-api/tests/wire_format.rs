//! The generated types against the vendor's own sample bodies: every sample
//! reads into its type and writes back to the same JSON (same names, numbers
//! stay numbers, decimals exact, dates unchanged); answers in both enum
//! styles the vendor's samples show, with fields the Swagger lacks and nulls,
//! read into the same values.

use sellercloud_api::enums::{
    AddressClassification, AddressStatus, CurrencyCode, CustomColumnDataType, DiscountType,
    OrderSource, OrderSubType, PaymentStatus, PoOrderType, PoType, PurchaseOrderPriority,
    PurchaseOrderStatus, ReceivingStatus, ShippingStatus,
};
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

fn dec(text: &str) -> rust_decimal::Decimal {
    rust_decimal::Decimal::from_str(text).unwrap()
}

fn parse<T: DeserializeOwned>(name: &str) -> T {
    serde_json::from_str(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn purchase_order_details_read_the_same_from_numbers_and_from_names() {
    // The newer article sample sends enums as numbers and carries fields the
    // 2022 Swagger lacks (CancelledPOID, TotalWeight as a string, ...); the
    // older one sends names. Both read into the same value.
    let numbers: types::PurchaseOrderDetails = parse("get_purchase_order_numbers.json");
    let names: types::PurchaseOrderDetails = parse("get_purchase_order_names.json");
    assert_eq!(numbers, names);

    let purchase = numbers.purchase.as_ref().expect("Purchase");
    assert_eq!(purchase.po_id, Some(1000));
    assert_eq!(purchase.po_type, Some(PoType::PurchaseOrder));
    assert_eq!(purchase.order_type, Some(PoOrderType::Default));
    assert_eq!(purchase.currency_code, Some(CurrencyCode::Usd));
    assert_eq!(purchase.receiving_status, Some(ReceivingStatus::None));
    assert_eq!(purchase.requested_on, None);
    // Offset-less .NET date-times read as UTC.
    let ordered = purchase.ordered_on.expect("OrderedOn");
    assert_eq!(
        api_runtime::wire::date_time::format(&ordered),
        "2024-05-01T10:00:00Z"
    );

    let statuses = numbers.statuses.as_ref().expect("Statuses");
    assert_eq!(statuses.status, Some(PurchaseOrderStatus::Ordered));
    assert_eq!(statuses.priority, Some(PurchaseOrderPriority::Normal));
    assert_eq!(statuses.shipping_status, Some(ShippingStatus::None));
    assert_eq!(statuses.payment_status, Some(PaymentStatus::NoPayment));
    assert_eq!(statuses.inventory_count, None);

    // Money stays exact, in the answer and written back.
    let money = numbers.vendor_and_invoice.as_ref().unwrap().balance;
    assert_eq!(money, Some(dec("59.9500000000000000001")));
    let totals = numbers.total_info.as_ref().unwrap();
    assert_eq!(totals.grand_total, Some(dec("59.9500000000000000001")));
    assert_eq!(
        totals.sub_total.map(|d| d.to_string()).as_deref(),
        Some("54.00")
    );
    let written = serde_json::to_string(&numbers).unwrap();
    assert!(
        written.contains(r#""GrandTotal":59.9500000000000000001"#),
        "{written}"
    );

    // Custom column values are any JSON value, as the column's type says.
    let columns = numbers.custom_columns.as_deref().unwrap();
    assert_eq!(columns[0].data_type, Some(CustomColumnDataType::String));
    assert_eq!(columns[0].value, Some(serde_json::json!("Spring")));
    assert_eq!(columns[1].value, Some(serde_json::json!(5)));
    assert_eq!(numbers.related_purchase_orders.as_deref(), Some(&[][..]));
    assert_eq!(numbers.related_items, None);
}

#[test]
fn list_answer_reads_both_enum_styles_nulls_and_unknown_fields() {
    let page: types::PurchaseOrderList = parse("list_purchase_orders.json");
    assert_eq!(page.total_results, Some(2));
    let items = page.items.expect("Items");
    let (first, second) = (&items[0], &items[1]);
    assert_eq!(first.id, Some(1000));
    assert_eq!(first.po_type, Some(PoType::PurchaseOrder));
    assert_eq!(
        first.purchase_order_status,
        Some(PurchaseOrderStatus::Ordered)
    );
    assert_eq!(first.payment_status, Some(PaymentStatus::NoPayment));
    assert_eq!(first.receiving_status, Some(ReceivingStatus::None));
    assert_eq!(first.grand_total, Some(dec("59.9500000000000000001")));
    assert_eq!(first.tracking_number, None);
    assert_eq!(first.invoices, None);
    assert_eq!(first.tracking_numbers.as_deref(), Some(&[][..]));
    let line = &first.items.as_deref().unwrap()[0];
    assert_eq!(line.sku.as_deref(), Some("QS-SKU-1"));
    assert_eq!(
        line.unit_price.map(|d| d.to_string()).as_deref(),
        Some("4.50")
    );

    assert_eq!(second.po_type, Some(PoType::CreditMemo));
    assert_eq!(
        second.purchase_order_status,
        Some(PurchaseOrderStatus::Cancelled)
    );
    assert_eq!(second.payment_status, Some(PaymentStatus::PaymentError));
    assert_eq!(
        second.purchase_orders_shipping_status,
        Some(ShippingStatus::FullyShipped)
    );
    assert_eq!(
        second.purchase_orders_priority,
        Some(PurchaseOrderPriority::High)
    );
    assert_eq!(second.company_id, None);
    let created = second.created_on.expect("CreatedOn");
    assert_eq!(
        api_runtime::wire::date_time::format(&created),
        "2024-05-02T08:30:00.5+02:00"
    );
    let address = second.ship_to_address.as_ref().expect("ShipToAddress");
    // The server's own `Unknown` is a known value, apart from values this
    // crate does not know.
    assert_eq!(address.address_status, Some(AddressStatus::NamedUnknown));
    assert_eq!(
        address.address_classification,
        Some(AddressClassification::Commercial)
    );
}

#[test]
fn items_answer_says_the_quantity_mode_and_reads_discount_types() {
    let items: types::PurchaseOrderItems = parse("get_purchase_order_items.json");
    assert_eq!(items.po_case_qty_enabled, Some(false));
    let lines = items.items.expect("Items");
    assert_eq!(lines[0].id, Some(50000));
    assert_eq!(lines[0].discount_type, Some(DiscountType::FixedAmount));
    assert_eq!(lines[0].discount_value, Some(dec("0.10")));
    assert_eq!(lines[0].qty_cases_ordered, None);
    assert_eq!(lines[1].discount_type, Some(DiscountType::Percentage));
    assert_eq!(lines[1].product_name, None);
}

#[test]
fn an_all_null_answer_parses() {
    let details: types::PurchaseOrderDetails = serde_json::from_str(
        r#"{"Purchase":null,"Statuses":null,"VendorAndInvoice":null,"TotalInfo":null,
            "Changes":null,"Metadata":null,"RelatedPurchaseOrders":null,"RelatedItems":null,
            "CustomColumns":null,"ShowProductImageForItems":null,"EnablePoPrSellQuantity":null,
            "NotesCount":null,"IsModified":null}"#,
    )
    .unwrap();
    assert_eq!(details, types::PurchaseOrderDetails::default());
    let items: types::PurchaseOrderItems =
        serde_json::from_str(r#"{"PoCaseQtyEnabled":null,"Items":[{"ID":null,"UnitPrice":null,"DiscountType":null,"ExpectedDeliveryDate":null}]}"#)
            .unwrap();
    assert_eq!(items.items.unwrap()[0], types::PurchaseOrderItem::default());
}

#[test]
fn add_items_text_answer_reads_as_plain_text_or_json_string() {
    use sellercloud_api::text_answer::decode;
    let saved = "Successfully saved the purchase items.";
    assert_eq!(decode(saved.as_bytes()), saved);
    assert_eq!(decode(format!("\"{saved}\"").as_bytes()), saved);
    assert_eq!(decode(b""), "");
    // Text that merely looks like JSON stays as sent; bytes that are not
    // UTF-8 do not fail the call.
    assert_eq!(decode(b"{\"Message\":\"x\"}"), "{\"Message\":\"x\"}");
    assert_eq!(decode(b"saved \xff"), "saved \u{fffd}");
}

#[test]
fn receive_request_needs_item_ids_and_keeps_money_exact() {
    let request: types::ReceivePurchaseOrderRequest = serde_json::from_str(
        r#"{"ShippingCost":0.10,"Items":[{"ID":50000,"CaseQtyToReceive":1,"UnitPrice":12.345678901234567890123,"WeightLbs":1.5}]}"#,
    )
    .unwrap();
    let written = serde_json::to_string(&request).unwrap();
    assert_eq!(
        written,
        r#"{"Items":[{"CaseQtyToReceive":1,"ID":50000,"UnitPrice":12.345678901234567890123,"WeightLbs":1.5}],"ShippingCost":0.10}"#
    );
    let err = serde_json::from_str::<types::ReceivePurchaseOrderRequest>(
        r#"{"Items":[{"QtyToReceive":1}]}"#,
    )
    .unwrap_err();
    assert!(err.to_string().contains("missing field `ID`"), "{err}");
}

#[test]
fn new_items_for_add_items_write_only_what_is_set() {
    let item: types::NewPurchaseOrderItem = serde_json::from_str(
        r#"{"ProductID":"SKU-1","QtyCasesOrdered":2,"QtyUnitsPerCase":6,"CasePrice":30.00}"#,
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&item).unwrap(),
        r#"{"CasePrice":30.00,"ProductID":"SKU-1","QtyCasesOrdered":2,"QtyUnitsPerCase":6}"#
    );
}
