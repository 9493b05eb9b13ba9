//! The endpoints of the vendor's newer purchase-order pages, end to end: the
//! `sellercloud` crate against the fake, asserting on what the fake stored.
//! Tracking in both modes of "Enable Multiple Tracking Numbers On PO", and
//! the typed error for the wrong one; the invoice under "Enable Vendor
//! Invoices Workflow".

use e2e_tests::support;
use fakes::sellercloud::{
    ClientSettings, SellercloudConfig, SellercloudRoute, StoredPurchaseOrder,
    StoredPurchaseOrderItem,
};
use sellercloud::{
    AddTrackingNumbers, Decimal, DeletePurchaseOrderItems, DeleteTrackingNumbers, Error,
    NewTrackingNumber, PurchaseOrderId, PurchaseOrderItemId, SetTracking, ShippingStatus,
    TrackingMode, UpdatePurchaseOrderCustomColumn, UpdatePurchaseOrderDetails,
    UpdatePurchaseOrderInvoice, UpdatePurchaseOrderTotals, UpdatePurchaseOrderTracking, VendorId,
};

const PO: i32 = 700;

fn config(settings: ClientSettings) -> SellercloudConfig {
    SellercloudConfig::default()
        .with_settings(settings)
        .with_purchase_order_custom_column("Buyer")
        .with_purchase_order(
            StoredPurchaseOrder::new(PO, false)
                .with_item(StoredPurchaseOrderItem::new(70_001, "SKU-1"))
                .with_item(StoredPurchaseOrderItem::new(70_002, "SKU-2")),
        )
}

fn multiple() -> ClientSettings {
    ClientSettings {
        enable_multiple_tracking_numbers: true,
        ..ClientSettings::default()
    }
}

fn po() -> PurchaseOrderId {
    PurchaseOrderId::new(PO)
}

fn shipped(number: &str) -> NewTrackingNumber {
    NewTrackingNumber::new(
        chrono::DateTime::parse_from_rfc3339("2026-12-01T09:30:00+02:00").unwrap(),
        "UPS",
        number,
        ShippingStatus::PartiallyShipped,
    )
}

#[tokio::test]
async fn general_details_invoice_and_totals_are_stored_exactly() {
    let (fake, client) = support::start_sellercloud(config(ClientSettings::default()))
        .await
        .unwrap();
    let pos = client.purchase_orders();
    let cancel_by = chrono::DateTime::parse_from_rfc3339("2027-01-31T00:00:00-05:00").unwrap();
    pos.update_details(
        po(),
        UpdatePurchaseOrderDetails::new()
            .vendor_id(VendorId::new(44))
            .instructions("Dock 4")
            .cancel_by(cancel_by),
    )
    .await
    .unwrap();
    pos.update_invoice(
        po(),
        UpdatePurchaseOrderInvoice::new().invoice_number("INV-77"),
    )
    .await
    .unwrap();
    pos.update_totals(
        po(),
        UpdatePurchaseOrderTotals::new()
            .tax_total("12.345".parse::<Decimal>().unwrap())
            .shipping_total_third_party(Decimal::ZERO),
    )
    .await
    .unwrap();
    let stored = fake.purchase_order(PO).unwrap();
    assert_eq!(stored.vendor_id, 44);
    assert_eq!(stored.company_id, 1, "a field not sent keeps its value");
    assert_eq!(stored.details.instructions.as_deref(), Some("Dock 4"));
    assert_eq!(stored.details.cancel_by, Some(cancel_by));
    assert_eq!(stored.details.invoice_number.as_deref(), Some("INV-77"));
    assert_eq!(stored.details.tax_total, Some("12.345".parse().unwrap()));
    assert_eq!(
        stored.details.shipping_total_third_party,
        Some(Decimal::ZERO)
    );
    assert_eq!(stored.details.other_total, None);
    // Money went over the wire as an exact JSON number.
    let totals = fake.requests_to(SellercloudRoute::UpdatePurchaseOrderTotals);
    assert!(String::from_utf8_lossy(&totals[0].body).contains("12.345"));
}

#[tokio::test]
async fn single_mode_sets_tracking_and_refuses_multiple_with_a_typed_error() {
    let (fake, client) = support::start_sellercloud(config(ClientSettings::default()))
        .await
        .unwrap();
    let pos = client.purchase_orders();
    assert_eq!(pos.tracking_mode(po()).await.unwrap(), TrackingMode::Single);
    let update = SetTracking::Single(UpdatePurchaseOrderTracking::new().tracking_number("1Z9"));
    pos.set_tracking(po(), update).await.unwrap();
    assert_eq!(
        fake.purchase_order(PO)
            .unwrap()
            .shipping
            .tracking_number
            .as_deref(),
        Some("1Z9")
    );
    let wrong = SetTracking::Multiple(AddTrackingNumbers::new().tracking_number(shipped("A")));
    let e = pos.set_tracking(po(), wrong).await.unwrap_err();
    match &e {
        Error::ServerSetting {
            setting,
            enabled,
            use_instead,
            ..
        } => {
            assert_eq!(*setting, "Enable Multiple Tracking Numbers On PO");
            assert!(
                !enabled,
                "the multiple endpoint refused: the setting is off"
            );
            assert_eq!(*use_instead, Some("PurchaseOrders::update_tracking"));
        }
        other => panic!("expected ServerSetting, got {other:?}"),
    }
    assert!(e.to_string().contains("is off"), "{e}");
    assert!(!e.may_have_been_applied());
}

#[tokio::test]
async fn multiple_mode_adds_lists_and_deletes_and_refuses_single_with_a_typed_error() {
    let (fake, client) = support::start_sellercloud(config(multiple()))
        .await
        .unwrap();
    let pos = client.purchase_orders();
    assert_eq!(
        pos.tracking_mode(po()).await.unwrap(),
        TrackingMode::Multiple
    );
    let add = AddTrackingNumbers::new()
        .tracking_number(shipped("A-1"))
        .tracking_number(shipped("B-2").other_carrier("Local"));
    pos.set_tracking(po(), SetTracking::Multiple(add))
        .await
        .unwrap();
    let listed = pos.tracking_numbers(po()).await.unwrap();
    let numbers: Vec<_> = listed
        .iter()
        .map(|t| t.tracking_number.clone().unwrap())
        .collect();
    assert_eq!(numbers, ["A-1", "B-2"]);
    let first = listed[0].id.unwrap();
    pos.delete_tracking_numbers(po(), DeleteTrackingNumbers::new().id(first))
        .await
        .unwrap();
    let stored = fake.purchase_order(PO).unwrap();
    assert_eq!(stored.details.tracking_numbers.len(), 1);
    assert_eq!(
        stored.details.tracking_numbers[0].other_carrier.as_deref(),
        Some("Local")
    );
    assert_eq!(
        stored.shipping.status,
        fakes::sellercloud::ShippingStatus::PartiallyShipped
    );

    let e = pos
        .update_tracking(
            po(),
            UpdatePurchaseOrderTracking::new().tracking_number("1Z"),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::ServerSetting {
                enabled: true,
                use_instead: Some("PurchaseOrders::add_tracking_numbers"),
                ..
            }
        ),
        "{e:?}"
    );
    // Deleting an ID the purchase order does not have is the fake's 400, not a setting.
    let e = pos
        .delete_tracking_numbers(po(), DeleteTrackingNumbers::new().id(999))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Api { status: 400, .. }), "{e:?}");
}

#[tokio::test]
async fn the_invoice_under_the_vendor_invoices_workflow_is_a_typed_error() {
    let settings = ClientSettings {
        enable_vendor_invoices_workflow: true,
        ..ClientSettings::default()
    };
    let (fake, client) = support::start_sellercloud(config(settings)).await.unwrap();
    let e = client
        .purchase_orders()
        .update_invoice(
            po(),
            UpdatePurchaseOrderInvoice::new().invoice_number("INV-1"),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::ServerSetting {
                setting: "Enable Vendor Invoices Workflow",
                enabled: true,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(
        fake.purchase_order(PO).unwrap().details.invoice_number,
        None
    );
}

#[tokio::test]
async fn items_are_deleted_and_custom_columns_read_and_set() {
    let (fake, client) = support::start_sellercloud(config(ClientSettings::default()))
        .await
        .unwrap();
    let pos = client.purchase_orders();
    let text = pos
        .delete_items(
            po(),
            DeletePurchaseOrderItems::new().item(PurchaseOrderItemId::new(70_001)),
        )
        .await
        .unwrap();
    assert_eq!(text, "Items deleted successfully.");
    let items: Vec<_> = fake
        .purchase_order(PO)
        .unwrap()
        .items
        .iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(items, [70_002]);
    let e = pos
        .delete_items(
            po(),
            DeletePurchaseOrderItems::new().item(PurchaseOrderItemId::new(70_001)),
        )
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(400));

    pos.update_custom_column(po(), UpdatePurchaseOrderCustomColumn::new("Buyer", "Dana"))
        .await
        .unwrap();
    let columns = pos.custom_columns(po()).await.unwrap();
    assert_eq!(columns.len(), 1);
    assert_eq!(columns[0].column_name.as_deref(), Some("Buyer"));
    assert_eq!(columns[0].value, Some(serde_json::json!("Dana")));
    // The page's query form reads the same (not wrapped: sent raw).
    let raw = Raw::new(&fake).await;
    let (status, by_query) = raw
        .send(
            reqwest::Method::GET,
            &format!("/api/PurchaseOrders/CustomColumns?id={PO}"),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(by_query, serde_json::to_value(&columns).unwrap());
    let e = pos
        .update_custom_column(
            po(),
            UpdatePurchaseOrderCustomColumn::new("NoSuchColumn", 1),
        )
        .await
        .unwrap_err();
    assert!(!e.field_errors_for("ColumnName").is_empty(), "{e:?}");
    // Nothing is sent when the value is null.
    let before = fake
        .requests_to(SellercloudRoute::UpdatePurchaseOrderCustomColumns)
        .len();
    let e = pos
        .update_custom_column(
            po(),
            UpdatePurchaseOrderCustomColumn::new("Buyer", serde_json::Value::Null),
        )
        .await
        .unwrap_err();
    assert!(e.violations().is_some());
    assert_eq!(
        fake.requests_to(SellercloudRoute::UpdatePurchaseOrderCustomColumns)
            .len(),
        before
    );
}

/// Requests the `sellercloud` crate does not wrap, sent raw with a token
/// of the fake (the e2e crate compiles only the wrapped operations of
/// `sellercloud-api`; a user reaches these with its area's feature and
/// `Client::call`).
struct Raw {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Raw {
    async fn new(fake: &fakes::sellercloud::FakeSellercloud) -> Raw {
        let http = reqwest::Client::new();
        let answer: serde_json::Value = http
            .post(format!("{}/api/token", fake.base_url()))
            .json(&serde_json::json!({"Username": fake.username(), "Password": fake.password().expose()}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Raw {
            http,
            base: fake.base_url(),
            token: answer["access_token"].as_str().unwrap().to_owned(),
        }
    }

    /// The status and the JSON answer (null when empty).
    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer = request.send().await.unwrap();
        let status = answer.status().as_u16();
        let text = answer.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
        )
    }
}

/// Splitting a purchase order and linking an order to one: in the spec
/// (reachable through `Client::call` with the `purchase-orders` and
/// `orders` features), served by the fake from state with their rules.
#[tokio::test]
async fn split_and_link_to_po_are_served_with_their_rules() {
    use serde_json::json;
    let mut config =
        config(ClientSettings::default()).with_order(fakes::sellercloud::StoredOrder::new(5001));
    config.purchase_orders[0].items[0].qty_units_ordered = Some(10);
    let fake = fakes::sellercloud::FakeSellercloud::start(config)
        .await
        .unwrap();
    let raw = Raw::new(&fake).await;
    let split = format!("/api/PurchaseOrders/{PO}/split");

    let (status, answer) = raw
        .send(
            reqwest::Method::POST,
            &split,
            Some(json!({"PoItemsToSplit": [{"ID": 70_001, "QtyToSplit": 4}]})),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    // `{"NewPoID": n}`; the spec's type for it is checked by the property
    // test of every answer (answers_from_spec.rs).
    let new_id = i32::try_from(answer["NewPoID"].as_i64().expect("NewPoID")).unwrap();
    let new_po = fake.purchase_order(new_id).unwrap();
    assert_eq!(new_po.details.split_from, Some(PO));
    assert_eq!(new_po.items[0].qty_units_ordered, Some(4));
    assert_eq!(
        fake.purchase_order(PO).unwrap().items[0].qty_units_ordered,
        Some(6)
    );
    // A case quantity on a purchase order not in case mode: both fields named.
    let (status, answer) = raw
        .send(
            reqwest::Method::POST,
            &split,
            Some(json!({"PoItemsToSplit": [{"ID": 70_001, "CaseQtyToSplit": 1}]})),
        )
        .await;
    assert_eq!(status, 400);
    assert!(
        answer["ModelState"]["PoItemsToSplit[0].CaseQtyToSplit"].is_array(),
        "{answer}"
    );
    assert!(
        answer["ModelState"]["PoItemsToSplit[0].QtyToSplit"].is_array(),
        "{answer}"
    );

    let link = "/api/Orders/5001/LinkToPo";
    let (status, _) = raw
        .send(
            reqwest::Method::POST,
            link,
            Some(json!({"ExistingPo": {"PoID": PO}})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        fake.purchase_order(PO).unwrap().details.linked_orders,
        [5001]
    );
    let (status, answer) = raw.send(reqwest::Method::POST, link, Some(json!({}))).await;
    assert_eq!(status, 400);
    assert!(answer["ModelState"]["NewPo"].is_array(), "{answer}");
    let (status, _) = raw
        .send(
            reqwest::Method::POST,
            "/api/Orders/4242/LinkToPo",
            Some(json!({"NewPo": {"CompanyID": 1, "VendorID": 2}})),
        )
        .await;
    assert_eq!(status, 404);
}
