//! The fake Sellercloud's documented behaviour, exercised with plain reqwest.

mod common;

use common::http;
use rust_decimal::Decimal;
use sellercloud_shopctrl_fakes::sellercloud::{
    ClientSettings, CreatedIdShape, EnumValue, FakeSellercloud, PoType, SellercloudConfig,
    SellercloudRoute, ShippingStatus, StoredOrder, StoredPurchaseOrder, StoredPurchaseOrderItem,
    TokenDateFormat,
};
use sellercloud_shopctrl_fakes::{PresentedAuth, REDACTED};
use serde_json::{Value, json};
use std::str::FromStr;
use std::time::Duration;

async fn start(config: SellercloudConfig) -> FakeSellercloud {
    FakeSellercloud::start(config).await.unwrap()
}

async fn token(fake: &FakeSellercloud) -> String {
    let response = http()
        .post(format!("{}/api/token", fake.base_url()))
        .json(&json!({"Username": "fake-user", "Password": "fake-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}

/// Sends `body` with a fresh token; returns status and body text.
async fn call(
    fake: &FakeSellercloud,
    method: reqwest::Method,
    path: &str,
    body: Value,
) -> (u16, String) {
    let token = fake.issue_token();
    let response = http()
        .request(method, format!("{}{path}", fake.base_url()))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

async fn create(fake: &FakeSellercloud, body: Value) -> (u16, String) {
    call(fake, reqwest::Method::POST, "/api/PurchaseOrders", body).await
}

fn message(text: &str) -> String {
    let body: Value = serde_json::from_str(text).unwrap_or_else(|_| panic!("not JSON: {text}"));
    body["Message"].as_str().unwrap().to_owned()
}

fn unit_po() -> Value {
    json!({
        "CompanyID": 1, "VendorID": 2, "POType": "PurchaseOrder", "CaseQtyMode": false,
        "Products": [{"ProductID": "SKU-1", "QtyUnitsOrdered": 5, "UnitPrice": 12.50}]
    })
}

fn case_po() -> Value {
    json!({
        "CompanyID": 1, "VendorID": 2, "POType": 0, "CaseQtyMode": true,
        "Products": [{"ProductID": "SKU-2", "QtyCasesOrdered": 2, "QtyUnitsPerCase": 12, "CasePrice": 100}]
    })
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[tokio::test]
async fn token_has_documented_shape_and_unique_values() {
    let fake = start(SellercloudConfig::default()).await;
    let url = format!("{}/api/token", fake.base_url());
    let creds = json!({"Username": "fake-user", "Password": "fake-password"});
    let first: Value = http()
        .post(&url)
        .json(&creds)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let second: Value = http()
        .post(&url)
        .json(&creds)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(first["token_type"], "Bearer");
    assert_eq!(first["username"], "fake-user");
    assert_eq!(first["expires_in"], 3600);
    for key in [".issued", ".expires"] {
        let text = first[key].as_str().unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(text).is_ok(),
            "{key}: {text}"
        );
    }
    assert_ne!(first["access_token"], second["access_token"]);
    assert_eq!(fake.tokens_issued(), 2);
}

#[tokio::test]
async fn token_lifetime_and_date_format_are_configurable() {
    let mut config = SellercloudConfig::default().with_token_lifetime(Duration::from_millis(1500));
    config.token_date_format = TokenDateFormat::WithoutOffset;
    let fake = start(config).await;
    let body: Value = http()
        .post(format!("{}/api/token", fake.base_url()))
        .json(&json!({"Username": "fake-user", "Password": "fake-password"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["expires_in"], 1.5);
    let issued = body[".issued"].as_str().unwrap();
    assert!(
        chrono::NaiveDateTime::parse_from_str(issued, "%Y-%m-%dT%H:%M:%S").is_ok(),
        "{issued}"
    );
}

#[tokio::test]
async fn an_endless_token_lifetime_does_not_break_the_fake() {
    let fake = start(
        SellercloudConfig::default()
            .with_token_lifetime(Duration::MAX)
            .with_order(StoredOrder::new(1)),
    )
    .await;
    let token = token(&fake).await;
    let r = http()
        .put(format!("{}/api/Orders/1", fake.base_url()))
        .bearer_auth(token)
        .json(&json!({"CustomerId": 9}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn token_rejects_wrong_credentials_and_malformed_bodies() {
    let fake = start(SellercloudConfig::new("u", "p")).await;
    let url = format!("{}/api/token", fake.base_url());
    let wrong = http()
        .post(&url)
        .json(&json!({"Username": "u", "Password": "nope"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    assert!(message(&wrong.text().await.unwrap()).contains("incorrect"));
    for body in ["{\"Username\": \"u\"", "{\"Username\": \"u\"}", "[]", ""] {
        let r = http()
            .post(&url)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{body}");
        assert!(!message(&r.text().await.unwrap()).is_empty());
    }
    let form = http()
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("Username=u&Password=p")
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 415);
    assert_eq!(fake.tokens_issued(), 0);
}

#[tokio::test]
async fn bearer_is_required_valid_and_unexpired() {
    let fake = start(SellercloudConfig::default().with_order(StoredOrder::new(1))).await;
    let url = format!("{}/api/Orders/1", fake.base_url());
    let body = json!({"CustomerId": 9});
    let denied = "Authorization has been denied for this request.";

    let missing = http().put(&url).json(&body).send().await.unwrap();
    assert_eq!(missing.status(), 401);
    assert_eq!(missing.headers()["www-authenticate"], "Bearer");
    assert_eq!(message(&missing.text().await.unwrap()), denied);

    let unknown = http()
        .put(&url)
        .bearer_auth("made-up")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 401);
    assert_eq!(message(&unknown.text().await.unwrap()), denied);

    let token = token(&fake).await;
    let ok = http()
        .put(&url)
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);

    fake.expire_tokens();
    let expired = http()
        .put(&url)
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status(), 401);
    assert_eq!(message(&expired.text().await.unwrap()), denied);
    assert_eq!(fake.order(1).unwrap().update_count, 1);
}

#[tokio::test]
async fn tokens_expire_after_the_configured_lifetime() {
    let fake = start(
        SellercloudConfig::default()
            .with_token_lifetime(Duration::from_millis(200))
            .with_order(StoredOrder::new(1)),
    )
    .await;
    let token = token(&fake).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let r = http()
        .put(format!("{}/api/Orders/1", fake.base_url()))
        .bearer_auth(token)
        .json(&json!({"CustomerId": 9}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn create_stores_both_quantity_modes_with_item_ids() {
    let fake = start(SellercloudConfig::default()).await;
    let (status, body) = create(&fake, unit_po()).await;
    assert_eq!(status, 200, "{body}");
    let first: Value = serde_json::from_str(&body).unwrap();
    let (status, body) = create(&fake, case_po()).await;
    assert_eq!(status, 200, "{body}");
    let second: Value = serde_json::from_str(&body).unwrap();
    let (a, b) = (
        first["Id"].as_i64().unwrap(),
        second["Id"].as_i64().unwrap(),
    );
    assert!(b > a, "IDs increase: {a} then {b}");

    let unit = fake.purchase_order(a as i32).unwrap();
    assert!(!unit.case_qty_mode);
    assert_eq!(unit.po_type, PoType::PurchaseOrder);
    assert_eq!(unit.items.len(), 1);
    assert_eq!(unit.items[0].product_id, "SKU-1");
    assert_eq!(unit.items[0].qty_units_ordered, Some(5));
    assert_eq!(unit.items[0].unit_price, Some(dec("12.50")));
    let case = fake.purchase_order(b as i32).unwrap();
    assert!(case.case_qty_mode);
    assert_eq!(case.items[0].qty_cases_ordered, Some(2));
    assert_eq!(case.items[0].qty_units_per_case, Some(12));
    assert_ne!(case.items[0].id, unit.items[0].id);
    assert_ne!(case.items[0].id as i64, b, "item IDs are not PO IDs");
    assert_eq!(fake.purchase_orders().len(), 2);
}

#[tokio::test]
async fn create_keeps_money_exact_addresses_and_default_warehouse() {
    let fake = start(SellercloudConfig::default()).await;
    let body = json!({
        "companyid": 1, "VendorID": 2, "POType": "creditmemo", "CaseQtyMode": false,
        "DefaultWarehouseID": 7,
        "Products": [
            {"ProductID": "A", "UnitPrice": 0.10, "WarehouseID": 3,
             "DiscountType": "Percentage", "DiscountValue": 100},
            {"ProductID": "B", "DiscountType": 0, "DiscountValue": 2.5}
        ],
        "ShippingAddress": {"Country": "DE", "City": "Berlin"},
        "BillingAddress": null
    });
    let (status, text) = create(&fake, body).await;
    assert_eq!(status, 200, "{text}");
    let po = fake.purchase_orders().pop().unwrap();
    assert_eq!(po.po_type, PoType::CreditMemo);
    assert_eq!(po.items[0].unit_price, Some(dec("0.10")));
    assert_eq!(po.items[0].discount_value, Some(dec("100")));
    assert!(po.items.iter().all(|i| i.warehouse_id == Some(7)));
    let address = po.shipping_address.unwrap();
    assert_eq!(address.country.as_deref(), Some("DE"));
    assert_eq!(address.city.as_deref(), Some("Berlin"));
    assert!(po.billing_address.is_none());
}

#[tokio::test]
async fn create_can_answer_a_bare_number() {
    let config = SellercloudConfig::default()
        .with_created_id_shape(CreatedIdShape::BareNumber)
        .with_first_ids(77, 50_000);
    let fake = start(config).await;
    let (status, text) = create(&fake, unit_po()).await;
    assert_eq!((status, text.as_str()), (200, "77"));
}

/// Each documented create-PO rule answers 400 naming the field.
#[tokio::test]
async fn create_enforces_each_documented_rule() {
    let fake = start(SellercloudConfig::default()).await;
    let with = |base: Value, patch: &dyn Fn(&mut Value)| {
        let mut b = base;
        patch(&mut b);
        b
    };
    let cases: Vec<(Value, &str)> = vec![
        (
            with(unit_po(), &|b| {
                b.as_object_mut().unwrap().remove("CompanyID");
            }),
            "CompanyID: is required",
        ),
        (
            with(unit_po(), &|b| {
                b.as_object_mut().unwrap().remove("VendorID");
            }),
            "VendorID: is required",
        ),
        (
            with(unit_po(), &|b| {
                b.as_object_mut().unwrap().remove("POType");
            }),
            "POType: is required",
        ),
        (
            with(unit_po(), &|b| b["POType"] = json!("Bogus")),
            "POType: is not a valid POType",
        ),
        (
            with(unit_po(), &|b| b["POType"] = json!(9)),
            "POType: is not a valid POType",
        ),
        (
            with(unit_po(), &|b| {
                b.as_object_mut().unwrap().remove("CaseQtyMode");
            }),
            "CaseQtyMode: is required",
        ),
        (
            with(unit_po(), &|b| b["CaseQtyMode"] = json!("yes")),
            "CaseQtyMode: must be true or false",
        ),
        (
            with(unit_po(), &|b| b["CompanyID"] = json!("1")),
            "CompanyID: must be a 32-bit integer",
        ),
        (
            with(unit_po(), &|b| b["Products"] = json!([])),
            "Products: must contain at least one product",
        ),
        (
            with(unit_po(), &|b| {
                b.as_object_mut().unwrap().remove("Products");
            }),
            "Products: is required",
        ),
        (
            with(unit_po(), &|b| b["Products"][0]["ProductID"] = json!("  ")),
            "Products[0].ProductID: must not be blank",
        ),
        (
            with(unit_po(), &|b| {
                b["Products"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("ProductID");
            }),
            "Products[0].ProductID: is required",
        ),
        (
            with(unit_po(), &|b| {
                b["Products"][0]["QtyCasesOrdered"] = json!(1)
            }),
            "Products[0].QtyCasesOrdered: must not be sent when CaseQtyMode is not in case quantity mode",
        ),
        (
            with(unit_po(), &|b| b["Products"][0]["CasePrice"] = json!(1)),
            "Products[0].CasePrice: must not be sent",
        ),
        (
            with(case_po(), &|b| {
                b["Products"][0]["QtyUnitsOrdered"] = json!(1)
            }),
            "Products[0].QtyUnitsOrdered: must not be sent when CaseQtyMode is in case quantity mode",
        ),
        (
            with(case_po(), &|b| b["Products"][0]["UnitPrice"] = json!(1)),
            "Products[0].UnitPrice: must not be sent",
        ),
        (
            with(unit_po(), &|b| {
                b["Products"][0]["QtyUnitsOrdered"] = json!(0)
            }),
            "Products[0].QtyUnitsOrdered: must be greater than 0",
        ),
        (
            with(unit_po(), &|b| b["Products"][0]["UnitPrice"] = json!(-0.01)),
            "Products[0].UnitPrice: must not be negative",
        ),
        (
            with(case_po(), &|b| {
                b["Products"][0]["QtyCasesOrdered"] = json!(-1)
            }),
            "Products[0].QtyCasesOrdered: must be greater than 0",
        ),
        (
            with(case_po(), &|b| {
                b["Products"][0]["QtyUnitsPerCase"] = json!(0)
            }),
            "Products[0].QtyUnitsPerCase: must be greater than 0",
        ),
        (
            with(case_po(), &|b| b["Products"][0]["CasePrice"] = json!(-5)),
            "Products[0].CasePrice: must not be negative",
        ),
        (
            with(unit_po(), &|b| {
                b["Products"][0]["QtyUnitsOrdered"] = json!(1.5)
            }),
            "Products[0].QtyUnitsOrdered: must be a 32-bit integer",
        ),
        (
            with(unit_po(), &|b| b["ShippingAddress"] = json!({"City": "X"})),
            "ShippingAddress.Country: is required",
        ),
        (
            with(unit_po(), &|b| {
                b["BillingAddress"] = json!({"Country": "USA"})
            }),
            "BillingAddress.Country: must be a two-letter country code",
        ),
        (
            with(unit_po(), &|b| b["ExpectedDeliveryDate"] = json!("soon")),
            "ExpectedDeliveryDate: `soon` is not a date-time",
        ),
    ];
    for (body, expected) in cases {
        let (status, text) = create(&fake, body).await;
        assert_eq!(status, 400, "{expected}: {text}");
        let msg = message(&text);
        assert!(msg.contains(expected), "expected `{expected}` in `{msg}`");
    }
    assert!(
        fake.purchase_orders().is_empty(),
        "nothing invalid was stored"
    );
}

#[tokio::test]
async fn create_reports_every_violation_and_model_state() {
    let fake = start(SellercloudConfig::default()).await;
    let mut body = unit_po();
    body["Products"][0]["QtyUnitsOrdered"] = json!(0);
    body["Products"][0]["UnitPrice"] = json!(-1);
    let (status, text) = create(&fake, body).await;
    assert_eq!(status, 400);
    let parsed: Value = serde_json::from_str(&text).unwrap();
    let state = parsed["ModelState"].as_object().unwrap();
    assert!(state.contains_key("Products[0].QtyUnitsOrdered"), "{text}");
    assert!(state.contains_key("Products[0].UnitPrice"), "{text}");
}

#[tokio::test]
async fn client_settings_change_the_rules() {
    let settings = ClientSettings {
        force_expected_delivery_date: true,
        disable_bill_to_address: true,
        enable_multi_discount: true,
        enable_multiple_tracking_numbers: true,
        ..ClientSettings::default()
    };
    let fake = start(SellercloudConfig::default().with_settings(settings)).await;
    let mut body = unit_po();
    body["BillingAddress"] = json!({"Country": "US"});
    body["Products"][0]["DiscountType"] = json!("FixedAmount");
    body["Products"][0]["DiscountValue"] = json!(1);
    let (status, text) = create(&fake, body).await;
    assert_eq!(status, 400);
    let msg = message(&text);
    for part in [
        "ExpectedDeliveryDate: is required",
        "BillingAddress: is only allowed",
        "Multi Discount",
    ] {
        assert!(msg.contains(part), "`{part}` in {msg}");
    }
    fake.seed_purchase_order(StoredPurchaseOrder::new(5, false));
    let (status, text) = call(
        &fake,
        reqwest::Method::PUT,
        "/api/PurchaseOrders/5/TrackingNumber",
        json!({"TrackingNumber": "1Z"}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(message(&text).contains("Multiple Tracking Numbers"));
}

fn seeded_pos() -> SellercloudConfig {
    SellercloudConfig::default()
        .with_purchase_order(
            StoredPurchaseOrder::new(10, false)
                .with_item(StoredPurchaseOrderItem::new(101, "A"))
                .with_item(StoredPurchaseOrderItem::new(102, "B")),
        )
        .with_purchase_order(
            StoredPurchaseOrder::new(20, true).with_item(StoredPurchaseOrderItem::new(201, "C")),
        )
}

#[tokio::test]
async fn update_items_applies_non_null_fields_in_each_mode() {
    let fake = start(seeded_pos()).await;
    let (status, text) = call(
        &fake,
        reqwest::Method::PUT,
        "/api/PurchaseOrders/10/Items",
        json!({"Items": [
            {"ID": 101, "QtyUnitsOrdered": 4, "UnitPrice": 3.30, "ExpectedDeliveryDate": "2021-01-06T12:27:59.154+02:00"},
            {"ID": 102, "QtyUnitsOrdered": null, "UnitPrice": 1}
        ]}),
    )
    .await;
    assert_eq!((status, text.as_str()), (200, ""));
    let po = fake.purchase_order(10).unwrap();
    let a = po.item(101).unwrap();
    assert_eq!(
        (a.qty_units_ordered, a.unit_price),
        (Some(4), Some(dec("3.30")))
    );
    assert_eq!(
        a.expected_delivery_date.unwrap().to_rfc3339(),
        "2021-01-06T12:27:59.154+02:00"
    );
    let b = po.item(102).unwrap();
    assert_eq!((b.qty_units_ordered, b.unit_price), (None, Some(dec("1"))));

    let (status, _) = call(
        &fake,
        reqwest::Method::PUT,
        "/api/PurchaseOrders/20/Items",
        json!({"Items": [{"ID": 201, "QtyCasesOrdered": 3, "QtyUnitsPerCase": 6, "CasePrice": 60}]}),
    )
    .await;
    assert_eq!(status, 200);
    let c = fake.purchase_order(20).unwrap().items[0].clone();
    assert_eq!(
        (c.qty_cases_ordered, c.qty_units_per_case, c.case_price),
        (Some(3), Some(6), Some(dec("60")))
    );
}

#[tokio::test]
async fn update_items_rejects_unknown_po_items_and_mode_mismatches() {
    let fake = start(seeded_pos()).await;
    let put = |path: &'static str, body: Value| {
        let fake = &fake;
        async move { call(fake, reqwest::Method::PUT, path, body).await }
    };
    let (status, text) = put(
        "/api/PurchaseOrders/999/Items",
        json!({"Items": [{"ID": 1, "UnitPrice": 1}]}),
    )
    .await;
    assert_eq!(status, 404);
    assert!(message(&text).contains("999"));

    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "/api/PurchaseOrders/10/Items",
            json!({"Items": [{"ID": 201, "UnitPrice": 1}]}),
            "Items[0].ID: purchase order 10 has no item with ID 201",
        ),
        (
            "/api/PurchaseOrders/10/Items",
            json!({"Items": [{"ID": 101, "CasePrice": 1}]}),
            "Items[0].CasePrice: must not be sent when the purchase order is not in case quantity mode",
        ),
        (
            "/api/PurchaseOrders/20/Items",
            json!({"Items": [{"ID": 201, "QtyUnitsOrdered": 1}]}),
            "Items[0].QtyUnitsOrdered: must not be sent when the purchase order is in case quantity mode",
        ),
        (
            "/api/PurchaseOrders/10/Items",
            json!({"Items": []}),
            "Items: must contain at least one item",
        ),
        (
            "/api/PurchaseOrders/10/Items",
            json!({}),
            "Items: is required",
        ),
        (
            "/api/PurchaseOrders/10/Items",
            json!({"Items": [{"UnitPrice": 1}]}),
            "Items[0].ID: is required",
        ),
    ];
    for (path, body, expected) in cases {
        let (status, text) = put(path, body).await;
        assert_eq!(status, 400, "{expected}: {text}");
        assert!(message(&text).contains(expected), "`{expected}` in {text}");
    }
    // A rejected request changes nothing, even for its valid entries.
    let (status, _) = put(
        "/api/PurchaseOrders/10/Items",
        json!({"Items": [{"ID": 101, "UnitPrice": 9}, {"ID": 999, "UnitPrice": 9}]}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        fake.purchase_order(10)
            .unwrap()
            .item(101)
            .unwrap()
            .unit_price,
        None
    );
    let (status, text) = put(
        "/api/PurchaseOrders/abc/Items",
        json!({"Items": [{"ID": 1}]}),
    )
    .await;
    assert_eq!(status, 400, "{text}");
}

#[tokio::test]
async fn tracking_rules_and_shipping_status() {
    let fake = start(seeded_pos()).await;
    let put = |path: &'static str, body: Value| {
        let fake = &fake;
        async move { call(fake, reqwest::Method::PUT, path, body).await }
    };
    let path = "/api/PurchaseOrders/10/TrackingNumber";
    let before = fake.purchase_order(10).unwrap();
    let (status, text) = put(path, json!({})).await;
    assert_eq!(
        (status, text.as_str()),
        (200, ""),
        "no field: nothing to change"
    );
    let (status, _) = put(path, json!({"ShippedOn": null, "TrackingNumber": null})).await;
    assert_eq!(status, 200);
    assert_eq!(fake.purchase_order(10).unwrap(), before, "nothing changed");

    let (status, text) = put(path, json!({"ShippedOn": "2024-04-09T12:26:18.210Z"})).await;
    assert_eq!(status, 400);
    assert!(message(&text).contains("ShippedOn: can only be changed when the shipping status"));

    let (status, _) = put(path, json!({"ShippedViaCarrier": "UPS"})).await;
    assert_eq!(status, 200);
    assert_eq!(
        fake.purchase_order(10).unwrap().shipping.status,
        ShippingStatus::None
    );

    // A tracking number in the same request does not lift the rule...
    let (status, text) = put(
        path,
        json!({"TrackingNumber": "1Z999", "ShippedOn": "2024-04-09T12:26:18.210Z"}),
    )
    .await;
    assert_eq!(status, 400, "{text}");
    assert_eq!(
        fake.purchase_order(10).unwrap().shipping.tracking_number,
        None
    );
    // ...and setting one does not change the shipping status.
    let (status, _) = put(path, json!({"TrackingNumber": "1Z999"})).await;
    assert_eq!(status, 200);
    let shipping = fake.purchase_order(10).unwrap().shipping;
    assert_eq!(shipping.status, ShippingStatus::None);
    assert_eq!(shipping.tracking_number.as_deref(), Some("1Z999"));
    assert_eq!(shipping.shipped_via_carrier.as_deref(), Some("UPS"));

    fake.modify_purchase_order(10, |po| {
        po.shipping.status = ShippingStatus::PartiallyShipped
    });
    let (status, _) = put(path, json!({"ShippedOn": "2024-04-10T08:00:00Z"})).await;
    assert_eq!(status, 200, "ShippedOn works once the status is not None");
    assert!(
        fake.purchase_order(10)
            .unwrap()
            .shipping
            .shipped_on
            .is_some()
    );
    let (status, _) = put(
        "/api/PurchaseOrders/404/TrackingNumber",
        json!({"TrackingNumber": "x"}),
    )
    .await;
    assert_eq!(status, 404);
}

fn full_address() -> Value {
    json!({
        "FirstName": "Ada", "LastName": "Lovelace", "ZipCode": "10001", "City": "New York",
        "Country": "US", "State": "NY", "AddressLine1": "1 Main St"
    })
}

#[tokio::test]
async fn update_order_stores_fields_enums_and_full_addresses() {
    let fake = start(SellercloudConfig::default().with_order(StoredOrder::new(5001))).await;
    let (status, text) = call(
        &fake,
        reqwest::Method::PUT,
        "/api/Orders/5001",
        json!({
            "CompanyId": 3, "CustomerId": 4, "OrderSource": "Local_Store", "OrderSubType": 2,
            "SalesRep1": 5, "CurrencyCode": "USD", "DisableInventoryCount": true,
            "ShippingAddress": full_address(),
            "BillingAddress": {"FirstName": "B", "LastName": "C", "ZipCode": "1010", "City": "Wien",
                               "Country": "AT", "AddressLine1": "Ring 1"}
        }),
    )
    .await;
    assert_eq!((status, text.as_str()), (200, ""));
    let order = fake.order(5001).unwrap();
    assert_eq!(order.company_id, Some(3));
    assert_eq!(
        order.order_source,
        Some(EnumValue::Name("Local_Store".into()))
    );
    assert_eq!(order.order_sub_type, Some(EnumValue::Code(2)));
    assert_eq!(
        order.currency_code.as_ref().and_then(EnumValue::name),
        Some("USD")
    );
    assert_eq!(order.disable_inventory_count, Some(true));
    assert_eq!(
        order.shipping_address.as_ref().unwrap().state.as_deref(),
        Some("NY")
    );
    assert_eq!(
        order.billing_address.as_ref().unwrap().city.as_deref(),
        Some("Wien")
    );

    // An address is replaced as a whole; other fields are kept.
    let mut replacement = full_address();
    replacement["AddressLine2"] = json!("Apt 2");
    replacement["State"] = json!("CA");
    let (status, _) = call(
        &fake,
        reqwest::Method::PUT,
        "/api/Orders/5001",
        json!({"ShippingAddress": replacement}),
    )
    .await;
    assert_eq!(status, 200);
    let order = fake.order(5001).unwrap();
    assert_eq!(order.company_id, Some(3));
    let address = order.shipping_address.unwrap();
    assert_eq!(address.address_line2.as_deref(), Some("Apt 2"));
    assert_eq!(address.state.as_deref(), Some("CA"));
    assert_eq!(order.update_count, 2);
    assert_eq!(fake.orders().len(), 1);
}

#[tokio::test]
async fn update_order_enforces_full_addresses_and_accepts_empty_updates() {
    let fake = start(SellercloudConfig::default().with_order(StoredOrder::new(1))).await;
    let put = |body: Value| {
        let fake = &fake;
        async move { call(fake, reqwest::Method::PUT, "/api/Orders/1", body).await }
    };
    let (status, text) = put(json!({})).await;
    assert_eq!(
        (status, text.as_str()),
        (200, ""),
        "no field: nothing to change"
    );
    let (status, _) = put(json!({"CompanyId": null, "ShippingAddress": null})).await;
    assert_eq!(status, 200);
    assert_eq!(
        fake.order(1).unwrap(),
        StoredOrder::new(1),
        "nothing changed"
    );

    for (field, expected) in [
        ("FirstName", "ShippingAddress.FirstName: is required"),
        ("LastName", "ShippingAddress.LastName: is required"),
        ("ZipCode", "ShippingAddress.ZipCode: is required"),
        ("City", "ShippingAddress.City: is required"),
        ("AddressLine1", "ShippingAddress.AddressLine1: is required"),
        ("Country", "ShippingAddress.Country: is required"),
        (
            "State",
            "ShippingAddress.State: is required when Country is US or CA",
        ),
    ] {
        let mut address = full_address();
        address.as_object_mut().unwrap().remove(field);
        let (status, text) = put(json!({"ShippingAddress": address})).await;
        assert_eq!(status, 400, "{field}");
        assert!(message(&text).contains(expected), "`{expected}` in {text}");
    }
    let mut address = full_address();
    address["Country"] = json!("CA");
    address["State"] = json!("Ontario");
    let (status, text) = put(json!({"BillingAddress": address})).await;
    assert_eq!(status, 400);
    assert!(message(&text).contains("BillingAddress.State: must be a two-letter"));
    let mut address = full_address();
    address["Country"] = json!("United States");
    let (status, text) = put(json!({"BillingAddress": address})).await;
    assert_eq!(status, 400);
    assert!(message(&text).contains("BillingAddress.Country: must be a two-letter"));
    let (status, text) = put(json!({"OrderSource": true})).await;
    assert_eq!(status, 400, "{text}");
    let mut foreign = full_address();
    foreign["Country"] = json!("GB");
    foreign.as_object_mut().unwrap().remove("State");
    let (status, text) = put(json!({"ShippingAddress": foreign})).await;
    assert_eq!(status, 200, "State is optional outside US/CA: {text}");

    let (status, text) = call(
        &fake,
        reqwest::Method::PUT,
        "/api/Orders/2",
        json!({"CustomerId": 1}),
    )
    .await;
    assert_eq!(status, 404);
    assert!(message(&text).contains("Order 2 was not found"));
    assert_eq!(fake.order(1).unwrap().update_count, 1);
}

#[tokio::test]
async fn routing_is_case_insensitive_and_answers_404_and_405() {
    let fake = start(SellercloudConfig::default().with_order(StoredOrder::new(1))).await;
    let (status, _) = call(
        &fake,
        reqwest::Method::PUT,
        "/API/orders/1/",
        json!({"CustomerId": 1}),
    )
    .await;
    assert_eq!(status, 200);
    let (status, text) = call(&fake, reqwest::Method::GET, "/api/Nope", json!({})).await;
    assert_eq!(status, 404);
    assert!(message(&text).contains("No HTTP resource"));
    let (status, _) = call(&fake, reqwest::Method::DELETE, "/api/Orders/1", json!({})).await;
    assert_eq!(status, 405);
}

#[tokio::test]
async fn requests_are_recorded_with_secrets_masked() {
    let fake =
        start(SellercloudConfig::new("rec-user", "hunter2").with_order(StoredOrder::new(1))).await;
    let token_answer: Value = http()
        .post(format!("{}/api/token", fake.base_url()))
        .header("x-api-key", "key-123")
        .json(&json!({"Username": "rec-user", "Password": "hunter2"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token_answer["access_token"].as_str().unwrap().to_owned();
    let r = http()
        .put(format!("{}/api/Orders/1?trace=1", fake.base_url()))
        .bearer_auth(&token)
        .json(&json!({"CustomerId": 9}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    let all = fake.requests();
    assert_eq!(all.len(), 2);
    let debug = format!("{all:?}");
    for secret in ["hunter2", token.as_str(), "key-123"] {
        assert!(!debug.contains(secret), "{secret} leaked into {debug}");
    }
    let token_request = &fake.requests_to(SellercloudRoute::Token)[0];
    assert_eq!(token_request.method, http::Method::POST);
    assert_eq!(token_request.body_json().unwrap()["Password"], REDACTED);
    assert_eq!(token_request.body_json().unwrap()["Username"], "rec-user");
    assert_eq!(token_request.header("x-api-key"), Some(REDACTED));
    assert_eq!(token_request.auth, PresentedAuth::None);

    let order_request = &fake.requests_to(SellercloudRoute::UpdateOrder)[0];
    assert_eq!(order_request.path, "/rest/api/Orders/1");
    assert_eq!(order_request.query.as_deref(), Some("trace=1"));
    assert_eq!(
        order_request.header("authorization"),
        Some("Bearer [redacted]")
    );
    assert_eq!(
        order_request.auth,
        PresentedAuth::Bearer {
            token_serial: Some(1)
        }
    );
    assert_eq!(order_request.body_text(), r#"{"CustomerId":9}"#);
    assert_eq!(
        order_request.header("content-type"),
        Some("application/json")
    );
    assert!(order_request.seq > token_request.seq);
    assert!(order_request.fault.is_none());

    fake.clear_requests();
    assert!(fake.requests().is_empty());
    fake.set_max_recorded(1);
    for _ in 0..3 {
        call(
            &fake,
            reqwest::Method::PUT,
            "/api/Orders/1",
            json!({"CustomerId": 1}),
        )
        .await;
    }
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn seeding_keeps_generated_ids_clear_of_seeded_ones() {
    let fake = start(SellercloudConfig::default()).await;
    fake.seed_purchase_order(
        StoredPurchaseOrder::new(5000, false).with_item(StoredPurchaseOrderItem::new(70000, "X")),
    );
    let (status, text) = create(&fake, unit_po()).await;
    assert_eq!(status, 200);
    let id = serde_json::from_str::<Value>(&text).unwrap()["Id"]
        .as_i64()
        .unwrap() as i32;
    assert!(id > 5000);
    assert!(fake.purchase_order(id).unwrap().items[0].id > 70000);
}
