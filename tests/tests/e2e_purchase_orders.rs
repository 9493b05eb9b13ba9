//! The Sellercloud purchase order and order flow, end to end: the public API
//! of the `sellercloud` crate against the fake, asserting on what the fake
//! received and stored.

use e2e_tests::support;
use fakes::PresentedAuth;
use fakes::sellercloud::{
    CreatedIdShape, DiscountType as StoredDiscountType, PoType as StoredPoType, SellercloudConfig,
    SellercloudRoute, ShippingStatus, StoredAddress, StoredOrder, TokenDateFormat,
};
use quickstart::samples;
use sellercloud::{
    CreatePurchaseOrder, DateTime, Decimal, DiscountType, ItemUpdate, NewPurchaseOrderAddress,
    NewPurchaseOrderProduct, PoType, UpdateOrder, UpdatePurchaseOrderItems,
    UpdatePurchaseOrderTracking,
};

const ORDER_ID: i32 = 5001;

fn dec(text: &str) -> Decimal {
    text.parse().expect("a decimal literal")
}

fn config() -> SellercloudConfig {
    SellercloudConfig::default().with_order(StoredOrder::new(ORDER_ID))
}

fn unit_mode_request() -> CreatePurchaseOrder {
    CreatePurchaseOrder::new()
        .company_id(sellercloud::CompanyId::new(3))
        .vendor_id(sellercloud::VendorId::new(44))
        .po_type(PoType::PurchaseOrder)
        .case_qty_mode(false)
        .default_warehouse_id(sellercloud::WarehouseId::new(7))
        .description("restock")
        .vendor_note("dock 2")
        .payment_term_id(sellercloud::PaymentTermId::new(5))
        .product(
            NewPurchaseOrderProduct::new("SKU-A")
                .qty_units_ordered(12)
                .unit_price(dec("4.50"))
                .discount(DiscountType::Percentage, dec("12.5"))
                .item_notes("fragile"),
        )
        .product(
            NewPurchaseOrderProduct::new("SKU-B")
                .qty_units_ordered(1)
                .unit_price(dec("1234567.891"))
                .warehouse_id(sellercloud::WarehouseId::new(9)),
        )
        .shipping_address(
            NewPurchaseOrderAddress::new("US")
                .city("Brooklyn")
                .state("NY"),
        )
}

fn case_mode_request() -> CreatePurchaseOrder {
    CreatePurchaseOrder::new()
        .company_id(sellercloud::CompanyId::new(3))
        .vendor_id(sellercloud::VendorId::new(44))
        .po_type(PoType::CreditMemo)
        .case_qty_mode(true)
        .product(
            NewPurchaseOrderProduct::new("SKU-C")
                .qty_cases_ordered(2)
                .qty_units_per_case(24)
                .case_price(dec("96.00")),
        )
}

#[tokio::test]
async fn create_in_unit_mode_stores_every_field_exactly() {
    let (fake, client) = support::start_sellercloud(config()).await.unwrap();
    let id = client
        .purchase_orders()
        .create(unit_mode_request())
        .await
        .unwrap();

    let po = fake
        .purchase_order(id.get())
        .expect("the fake stored the purchase order");
    assert_eq!((po.company_id, po.vendor_id), (3, 44));
    assert_eq!(po.po_type, StoredPoType::PurchaseOrder);
    assert!(!po.case_qty_mode);
    assert_eq!(po.description.as_deref(), Some("restock"));
    assert_eq!(po.vendor_note.as_deref(), Some("dock 2"));
    assert_eq!(po.payment_term_id, Some(5));
    assert_eq!(po.items.len(), 2);
    let (a, b) = (&po.items[0], &po.items[1]);
    assert_eq!(a.product_id, "SKU-A");
    assert_eq!(a.qty_units_ordered, Some(12));
    assert_eq!(a.unit_price, Some(dec("4.50")));
    assert_eq!(a.discount_type, Some(StoredDiscountType::Percentage));
    assert_eq!(a.discount_value, Some(dec("12.5")));
    assert_eq!(a.item_notes.as_deref(), Some("fragile"));
    assert_eq!((a.qty_cases_ordered, a.case_price), (None, None));
    assert_eq!(b.unit_price, Some(dec("1234567.891")));
    // DefaultWarehouseID overrides the line's own, as the vendor documents.
    assert_eq!((a.warehouse_id, b.warehouse_id), (Some(7), Some(7)));
    let shipping = po.shipping_address.expect("a shipping address");
    assert_eq!(shipping.country.as_deref(), Some("US"));
    assert_eq!(shipping.city.as_deref(), Some("Brooklyn"));
    assert_eq!(po.billing_address, None);

    let creates = fake.requests_to(SellercloudRoute::CreatePurchaseOrder);
    assert_eq!(creates.len(), 1);
    let sent = &creates[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.path, "/rest/api/PurchaseOrders");
    assert!(
        sent.header("content-type")
            .is_some_and(|v| v.starts_with("application/json")),
        "{:?}",
        sent.headers
    );
    assert_eq!(sent.header("authorization"), Some("Bearer [redacted]"));
    assert_eq!(
        sent.auth,
        PresentedAuth::Bearer {
            token_serial: Some(1)
        }
    );
    // Money goes out as exact JSON numbers, digits as given.
    let text = sent.body_text();
    assert!(text.contains(r#""UnitPrice":4.50"#), "{text}");
    assert!(text.contains(r#""UnitPrice":1234567.891"#), "{text}");
    assert!(text.contains(r#""POType":"PurchaseOrder""#), "{text}");
    let json = sent.body_json().unwrap();
    assert_eq!(json["CaseQtyMode"], false);
    assert!(json["Products"][0].get("QtyCasesOrdered").is_none());
    assert_eq!(fake.tokens_issued(), 1);
}

#[tokio::test]
async fn create_in_case_mode_stores_case_quantities_only() {
    let (fake, client) = support::start_sellercloud(config()).await.unwrap();
    let id = client
        .purchase_orders()
        .create(case_mode_request())
        .await
        .unwrap();
    let po = fake.purchase_order(id.get()).unwrap();
    assert!(po.case_qty_mode);
    assert_eq!(po.po_type, StoredPoType::CreditMemo);
    let item = &po.items[0];
    assert_eq!(item.qty_cases_ordered, Some(2));
    assert_eq!(item.qty_units_per_case, Some(24));
    assert_eq!(item.case_price, Some(dec("96.00")));
    assert_eq!((item.qty_units_ordered, item.unit_price), (None, None));
    let body = fake.requests_to(SellercloudRoute::CreatePurchaseOrder)[0]
        .body_json()
        .unwrap();
    assert_eq!(body["CaseQtyMode"], true);
    assert!(body["Products"][0].get("UnitPrice").is_none());
}

#[tokio::test]
async fn created_ids_are_the_fakes_and_both_answer_shapes_are_read() {
    for shape in [CreatedIdShape::Object, CreatedIdShape::BareNumber] {
        let mut config = config();
        config.created_id_shape = shape;
        config.first_purchase_order_id = 7000;
        let (fake, client) = support::start_sellercloud(config).await.unwrap();
        let first = client
            .purchase_orders()
            .create(unit_mode_request())
            .await
            .unwrap();
        let second = client
            .purchase_orders()
            .create(case_mode_request())
            .await
            .unwrap();
        assert_eq!((first.get(), second.get()), (7000, 7001), "{shape:?}");
        let ids: Vec<i32> = fake.purchase_orders().iter().map(|p| p.id).collect();
        assert_eq!(ids, [7000, 7001], "{shape:?}");
    }
}

#[tokio::test]
async fn update_items_in_unit_mode_changes_only_what_is_sent() {
    let (fake, client) = support::start_sellercloud(config()).await.unwrap();
    let po_id = client
        .purchase_orders()
        .create(unit_mode_request())
        .await
        .unwrap();
    let items = fake.purchase_order(po_id.get()).unwrap().items;
    let (a, b) = (items[0].id, items[1].id);
    let delivery = DateTime::parse_from_rfc3339("2026-03-02T09:30:00+02:00").unwrap();

    client
        .purchase_orders()
        .update_items(
            po_id,
            UpdatePurchaseOrderItems::unit_mode()
                .item(
                    ItemUpdate::new(sellercloud::PurchaseOrderItemId::new(a)).qty_units_ordered(30),
                )
                .item(
                    ItemUpdate::new(sellercloud::PurchaseOrderItemId::new(b))
                        .unit_price(dec("0.99"))
                        .expected_delivery_date(delivery),
                ),
        )
        .await
        .unwrap();

    let po = fake.purchase_order(po_id.get()).unwrap();
    let (a_now, b_now) = (po.item(a).unwrap(), po.item(b).unwrap());
    assert_eq!(a_now.qty_units_ordered, Some(30));
    assert_eq!(a_now.unit_price, Some(dec("4.50")), "price kept");
    assert_eq!(b_now.qty_units_ordered, Some(1), "quantity kept");
    assert_eq!(b_now.unit_price, Some(dec("0.99")));
    let stored = b_now.expected_delivery_date.unwrap();
    assert_eq!(stored, delivery);
    assert_eq!(stored.offset(), delivery.offset(), "offset kept");

    let sent = fake.requests_to(SellercloudRoute::UpdatePurchaseOrderItems);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method, "PUT");
    assert_eq!(
        sent[0].path,
        format!("/rest/api/PurchaseOrders/{po_id}/Items")
    );
    let body = sent[0].body_json().unwrap();
    assert_eq!(body["Items"][0]["ID"], a);
    assert!(body["Items"][0].get("UnitPrice").is_none());
    assert_eq!(
        body["Items"][1]["ExpectedDeliveryDate"],
        "2026-03-02T09:30:00+02:00"
    );
}

#[tokio::test]
async fn update_items_in_case_mode_changes_case_fields() {
    let (fake, client) = support::start_sellercloud(config()).await.unwrap();
    let po_id = client
        .purchase_orders()
        .create(case_mode_request())
        .await
        .unwrap();
    let item = fake.purchase_order(po_id.get()).unwrap().items[0].id;
    client
        .purchase_orders()
        .update_items(
            po_id,
            UpdatePurchaseOrderItems::case_mode().item(
                ItemUpdate::new(sellercloud::PurchaseOrderItemId::new(item))
                    .qty_cases_ordered(5)
                    .qty_units_per_case(12)
                    .case_price(dec("48.25")),
            ),
        )
        .await
        .unwrap();
    let stored = fake.purchase_order(po_id.get()).unwrap().items[0].clone();
    assert_eq!(stored.qty_cases_ordered, Some(5));
    assert_eq!(stored.qty_units_per_case, Some(12));
    assert_eq!(stored.case_price, Some(dec("48.25")));
    assert_eq!(stored.qty_units_ordered, None);
    let text = fake.requests_to(SellercloudRoute::UpdatePurchaseOrderItems)[0]
        .body_text()
        .into_owned();
    assert!(text.contains(r#""CasePrice":48.25"#), "{text}");
}

#[tokio::test]
async fn tracking_is_set_and_shipped_on_keeps_its_offset() {
    let (fake, client) = support::start_sellercloud(config()).await.unwrap();
    let po_id = client
        .purchase_orders()
        .create(unit_mode_request())
        .await
        .unwrap();

    // The carrier alone leaves the purchase order unshipped.
    client
        .purchase_orders()
        .update_tracking(
            po_id,
            UpdatePurchaseOrderTracking::new().shipped_via_carrier("UPS"),
        )
        .await
        .unwrap();
    let shipping = fake.purchase_order(po_id.get()).unwrap().shipping;
    assert_eq!(shipping.status, ShippingStatus::None);
    assert_eq!(shipping.shipped_via_carrier.as_deref(), Some("UPS"));

    // Document 004: ShippedOn "You can only update this value if the PO
    // Shipping status is not “None”" - the fake refuses it, tracking number
    // or not, and changes nothing.
    let shipped_on = DateTime::parse_from_rfc3339("2025-06-01T08:15:00-05:00").unwrap();
    let refused = client
        .purchase_orders()
        .update_tracking(
            po_id,
            UpdatePurchaseOrderTracking::new()
                .tracking_number("1Z999AA10123456784")
                .shipped_on(shipped_on),
        )
        .await
        .unwrap_err();
    assert_eq!(refused.status(), Some(400), "{refused}");
    assert_eq!(
        fake.purchase_order(po_id.get())
            .unwrap()
            .shipping
            .tracking_number,
        None
    );

    // Once the purchase order has shipped (the vendor's own state), it is taken.
    fake.modify_purchase_order(po_id.get(), |po| {
        po.shipping.status = ShippingStatus::PartiallyShipped
    });
    client
        .purchase_orders()
        .update_tracking(
            po_id,
            UpdatePurchaseOrderTracking::new()
                .tracking_number("1Z999AA10123456784")
                .shipped_on(shipped_on),
        )
        .await
        .unwrap();
    let shipping = fake.purchase_order(po_id.get()).unwrap().shipping;
    assert_eq!(
        shipping.status,
        ShippingStatus::PartiallyShipped,
        "tracking sets no status"
    );
    assert_eq!(
        shipping.tracking_number.as_deref(),
        Some("1Z999AA10123456784")
    );
    assert_eq!(shipping.shipped_via_carrier.as_deref(), Some("UPS"), "kept");
    let stored = shipping.shipped_on.unwrap();
    assert_eq!(stored, shipped_on);
    assert_eq!(stored.offset(), shipped_on.offset());

    let sent = fake.requests_to(SellercloudRoute::UpdatePurchaseOrderTrackingNumber);
    assert_eq!(sent.len(), 3);
    assert_eq!(
        sent[2].path,
        format!("/rest/api/PurchaseOrders/{po_id}/TrackingNumber")
    );
    let body = sent[2].body_json().unwrap();
    assert_eq!(body["ShippedOn"], "2025-06-01T08:15:00-05:00");
    assert!(body.get("ShippedViaCarrier").is_none());
}

fn stored_address(first: &str, line1: &str) -> StoredAddress {
    StoredAddress {
        first_name: Some(first.into()),
        last_name: Some("Lovelace".into()),
        middle_name: Some("K".into()),
        zip_code: Some("62701".into()),
        city: Some("Springfield".into()),
        country: Some("US".into()),
        business: Some("Analytical Engines Ltd".into()),
        address_line1: Some(line1.into()),
        address_line2: Some("Suite 4".into()),
        fax: Some("+1 555 0101".into()),
        region: None,
        state: Some("IL".into()),
        phone: Some("+1 555 0100".into()),
    }
}

#[tokio::test]
async fn order_update_replaces_both_addresses_completely() {
    let (fake, client) = support::start_sellercloud(config()).await.unwrap();
    fake.seed_order(StoredOrder {
        customer_id: Some(9),
        billing_address: Some(StoredAddress {
            region: Some("old region".into()),
            ..stored_address("Old", "Old street")
        }),
        ..StoredOrder::new(ORDER_ID)
    });
    client
        .orders()
        .update(
            sellercloud::OrderId::new(ORDER_ID),
            UpdateOrder::new()
                .shipping_address(samples::full_order_address("Ada"))
                .billing_address(
                    samples::full_order_address("Charles").address_line1("1 Engine Way"),
                ),
        )
        .await
        .unwrap();

    let order = fake.order(ORDER_ID).unwrap();
    assert_eq!(order.update_count, 1);
    assert_eq!(
        order.shipping_address,
        Some(stored_address("Ada", "12 Babbage Road"))
    );
    // Replaced as a whole: the old region is gone.
    assert_eq!(
        order.billing_address,
        Some(stored_address("Charles", "1 Engine Way"))
    );
    assert_eq!(order.customer_id, Some(9), "fields not sent are kept");

    let sent = fake.requests_to(SellercloudRoute::UpdateOrder);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].path, format!("/rest/api/Orders/{ORDER_ID}"));
    let body = sent[0].body_json().unwrap();
    assert_eq!(body["ShippingAddress"]["State"], "IL");
    assert!(body.get("CompanyId").is_none());
}

#[tokio::test]
async fn the_whole_flow_uses_one_token_and_reaches_every_endpoint_once() {
    let mut config = config();
    // Old-style token answers must not matter to the flow.
    config.token_date_format = TokenDateFormat::Rfc1123;
    let (fake, client) = support::start_sellercloud(config).await.unwrap();
    let orders = client.purchase_orders();
    let unit = orders.create(unit_mode_request()).await.unwrap();
    let case = orders.create(case_mode_request()).await.unwrap();
    let unit_item = fake.purchase_order(unit.get()).unwrap().items[0].id;
    let case_item = fake.purchase_order(case.get()).unwrap().items[0].id;
    orders
        .update_items(
            unit,
            UpdatePurchaseOrderItems::unit_mode().item(
                ItemUpdate::new(sellercloud::PurchaseOrderItemId::new(unit_item))
                    .qty_units_ordered(2),
            ),
        )
        .await
        .unwrap();
    orders
        .update_items(
            case,
            UpdatePurchaseOrderItems::case_mode().item(
                ItemUpdate::new(sellercloud::PurchaseOrderItemId::new(case_item))
                    .qty_cases_ordered(9),
            ),
        )
        .await
        .unwrap();
    orders
        .update_tracking(
            unit,
            UpdatePurchaseOrderTracking::new().tracking_number("TRK-1"),
        )
        .await
        .unwrap();
    client
        .orders()
        .update(
            sellercloud::OrderId::new(ORDER_ID),
            UpdateOrder::new()
                .shipping_address(samples::full_order_address("Ada"))
                .billing_address(samples::full_order_address("Ada")),
        )
        .await
        .unwrap();

    let routes: Vec<Option<SellercloudRoute>> = fake.requests().iter().map(|r| r.route).collect();
    assert_eq!(
        routes,
        [
            Some(SellercloudRoute::Token),
            Some(SellercloudRoute::CreatePurchaseOrder),
            Some(SellercloudRoute::CreatePurchaseOrder),
            Some(SellercloudRoute::UpdatePurchaseOrderItems),
            Some(SellercloudRoute::UpdatePurchaseOrderItems),
            Some(SellercloudRoute::UpdatePurchaseOrderTrackingNumber),
            Some(SellercloudRoute::UpdateOrder),
        ]
    );
    assert_eq!(fake.tokens_issued(), 1);
    for request in fake.requests().iter().skip(1) {
        assert_eq!(
            request.auth,
            PresentedAuth::Bearer {
                token_serial: Some(1)
            },
            "{}",
            request.path
        );
        assert_eq!(request.fault, None);
    }
    // The token request carries the credentials, the password masked.
    let token_body = fake.requests_to(SellercloudRoute::Token)[0]
        .body_json()
        .unwrap();
    assert_eq!(token_body["Username"], fake.username());
    assert_eq!(token_body["Password"], fakes::REDACTED);

    let unit_po = fake.purchase_order(unit.get()).unwrap();
    assert_eq!(unit_po.items[0].qty_units_ordered, Some(2));
    assert_eq!(unit_po.shipping.tracking_number.as_deref(), Some("TRK-1"));
    assert_eq!(
        fake.purchase_order(case.get()).unwrap().items[0].qty_cases_ordered,
        Some(9)
    );
    assert_eq!(fake.order(ORDER_ID).unwrap().update_count, 1);
}
