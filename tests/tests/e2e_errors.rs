//! Every documented error status, end to end: what the fakes answer on their
//! own (400 from their rules, 401, 404) or when told to (500), and the typed
//! error the SDK turns it into, with the server's `Message`.
//!
//! A 400 needs a request the SDK lets through: one whose problem only the
//! server can see (stored state, client settings), or one sent with the
//! generated `-api` crates, which do not validate.

use api_runtime::hooks::{AuthorizationSource, RequestHooks, sensitive_header};
use e2e_tests::support;
use fakes::sellercloud::{ClientSettings, SellercloudConfig, SellercloudRoute, StoredOrder};
use fakes::shopctrl::{self as fake_shop, ShopCtrlConfig};
use fakes::{Fault, PresentedAuth};
use quickstart::samples;
use sellercloud::{
    CaseMode, Error, ItemUpdate, NewPurchaseOrderAddress, UpdateOrder, UpdatePurchaseOrderItems,
    UpdatePurchaseOrderTracking,
};
use std::sync::Arc;

const ORDER_ID: i32 = 5001;

async fn sellercloud_with_unit_po() -> (
    fakes::sellercloud::FakeSellercloud,
    sellercloud::Client,
    i32,
    i32,
) {
    let config = SellercloudConfig::default().with_order(StoredOrder::new(ORDER_ID));
    let (fake, client) = support::start_sellercloud(config).await.unwrap();
    let po = client
        .purchase_orders()
        .create(samples::unit_mode_purchase_order(
            sellercloud::CompanyId::new(1),
            sellercloud::VendorId::new(20),
            "SKU-1",
        ))
        .await
        .unwrap();
    let item = fake.purchase_order(po.get()).unwrap().items[0].id;
    (fake, client, po.get(), item)
}

/// The parts of an [`Error::Api`].
fn api(e: &Error) -> (u16, &str, &[(String, Vec<String>)]) {
    match e {
        Error::Api {
            status,
            message,
            field_errors,
            ..
        } => (*status, message.as_deref().unwrap_or(""), field_errors),
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

fn has_field(errors: &[(String, Vec<String>)], field: &str) -> bool {
    errors
        .iter()
        .any(|(f, problems)| f == field && !problems.is_empty())
}

#[tokio::test]
async fn sellercloud_400_case_fields_on_a_unit_mode_purchase_order() {
    // The SDK cannot know the stored purchase order's mode; the server can.
    let (fake, client, po, item) = sellercloud_with_unit_po().await;
    let before = fake.purchase_order(po).unwrap();
    let e = client
        .purchase_orders()
        .update_items(
            sellercloud::PurchaseOrderId::new(po),
            UpdatePurchaseOrderItems::<CaseMode>::case_mode().item(
                ItemUpdate::new(sellercloud::PurchaseOrderItemId::new(item)).qty_cases_ordered(2),
            ),
        )
        .await
        .unwrap_err();
    let (status, message, fields) = api(&e);
    assert_eq!(status, 400);
    assert!(message.starts_with("The request is invalid."), "{message}");
    assert!(message.contains("Items[0].QtyCasesOrdered"), "{message}");
    assert!(has_field(fields, "Items[0].QtyCasesOrdered"), "{fields:?}");
    assert!(!e.is_retryable() && !e.may_have_been_applied());
    assert_eq!(fake.purchase_order(po).unwrap(), before, "nothing applied");
    assert_eq!(
        fake.requests_to(SellercloudRoute::UpdatePurchaseOrderItems)
            .len(),
        1,
        "not retried"
    );
}

#[tokio::test]
async fn sellercloud_400_unknown_item_id_and_early_shipped_on() {
    let (fake, client, po, _item) = sellercloud_with_unit_po().await;
    let e = client
        .purchase_orders()
        .update_items(
            sellercloud::PurchaseOrderId::new(po),
            UpdatePurchaseOrderItems::unit_mode().item(
                ItemUpdate::new(sellercloud::PurchaseOrderItemId::new(777)).qty_units_ordered(1),
            ),
        )
        .await
        .unwrap_err();
    let (status, message, fields) = api(&e);
    assert_eq!(status, 400);
    assert!(message.contains("no item with ID 777"), "{message}");
    assert!(has_field(fields, "Items[0].ID"), "{fields:?}");

    // ShippedOn needs a shipping status other than None first.
    let e = client
        .purchase_orders()
        .update_tracking(
            sellercloud::PurchaseOrderId::new(po),
            UpdatePurchaseOrderTracking::new().shipped_on(sellercloud::Utc::now()),
        )
        .await
        .unwrap_err();
    let (status, message, fields) = api(&e);
    assert_eq!(status, 400);
    assert!(message.contains("ShippedOn"), "{message}");
    assert!(has_field(fields, "ShippedOn"), "{fields:?}");
    assert_eq!(fake.purchase_order(po).unwrap().shipping.shipped_on, None);
}

#[tokio::test]
async fn sellercloud_400_from_client_settings_on_create_is_not_applied() {
    let config = SellercloudConfig::default().with_settings(ClientSettings {
        force_expected_delivery_date: true,
        disable_bill_to_address: true,
        ..ClientSettings::default()
    });
    let (fake, client) = support::start_sellercloud(config).await.unwrap();
    let e = client
        .purchase_orders()
        .create(
            samples::unit_mode_purchase_order(
                sellercloud::CompanyId::new(1),
                sellercloud::VendorId::new(20),
                "SKU-1",
            )
            .billing_address(NewPurchaseOrderAddress::new("US")),
        )
        .await
        .unwrap_err();
    let (status, message, fields) = api(&e);
    assert_eq!(status, 400);
    assert!(message.contains("ExpectedDeliveryDate"), "{message}");
    assert!(has_field(fields, "ExpectedDeliveryDate"), "{fields:?}");
    assert!(has_field(fields, "BillingAddress"), "{fields:?}");
    assert!(!e.may_have_been_applied(), "a 400 is a refusal");
    assert!(fake.purchase_orders().is_empty());
    assert_eq!(
        fake.requests_to(SellercloudRoute::CreatePurchaseOrder)
            .len(),
        1
    );
}

#[tokio::test]
async fn sellercloud_400_from_the_fakes_own_rules_through_the_api_crate() {
    let fake = fakes::sellercloud::FakeSellercloud::start(SellercloudConfig::default())
        .await
        .unwrap();
    // The SDK refuses a zero quantity before sending anything...
    let client = support::sellercloud_client(&fake);
    let zero = sellercloud::CreatePurchaseOrder::new()
        .company_id(sellercloud::CompanyId::new(1))
        .vendor_id(sellercloud::VendorId::new(2))
        .po_type(sellercloud::PoType::PurchaseOrder)
        .case_qty_mode(false)
        .product(sellercloud::NewPurchaseOrderProduct::new("SKU-1").qty_units_ordered(0));
    let e = client.purchase_orders().create(zero).await.unwrap_err();
    assert!(
        e.violations()
            .unwrap()
            .has_field("Products[0].QtyUnitsOrdered")
    );
    assert!(fake.requests().is_empty(), "nothing was sent");

    // ...so the fake's own rule is checked with the generated client.
    let bearer = sensitive_header(&format!("Bearer {}", fake.issue_token())).unwrap();
    let bearer: Arc<dyn AuthorizationSource> = Arc::new(bearer);
    let raw = sellercloud_api::Client::new_with_client(
        &fake.base_url(),
        reqwest::Client::new(),
        RequestHooks::default().with_authorization(bearer),
    );
    let body: sellercloud_api::types::CreatePurchaseOrderRequest =
        serde_json::from_value(serde_json::json!({
            "CompanyID": 1, "VendorID": 2, "POType": "PurchaseOrder", "CaseQtyMode": false,
            "Products": [{"ProductID": "SKU-1", "QtyUnitsOrdered": 0, "UnitPrice": -1}]
        }))
        .unwrap();
    let response = match raw.create_purchase_order(&body).await {
        Err(sellercloud_api::Error::UnexpectedResponse(response)) => response,
        other => panic!("expected a 400 answer, got {other:?}"),
    };
    assert_eq!(response.status().as_u16(), 400);
    let answer: serde_json::Value = response.json().await.unwrap();
    let message = answer["Message"].as_str().unwrap();
    assert!(
        message.contains("Products[0].QtyUnitsOrdered: must be greater than 0"),
        "{message}"
    );
    assert!(
        message.contains("Products[0].UnitPrice: must not be negative"),
        "{message}"
    );
    assert!(answer["ModelState"]["Products[0].QtyUnitsOrdered"].is_array());
    assert!(fake.purchase_orders().is_empty());
}

#[tokio::test]
async fn sellercloud_401_wrong_password_sends_nothing_else() {
    let config = SellercloudConfig::new("api-tester@example.com", "the-right-password")
        .with_order(StoredOrder::new(ORDER_ID));
    let fake = fakes::sellercloud::FakeSellercloud::start(config)
        .await
        .unwrap();
    let client = support::sellercloud_builder(&fake)
        .password("a-wrong-password")
        .build()
        .unwrap();
    let e = client
        .orders()
        .update(
            sellercloud::OrderId::new(ORDER_ID),
            UpdateOrder::new().customer_id(1),
        )
        .await
        .unwrap_err();
    let Error::Authentication {
        status, message, ..
    } = &e
    else {
        panic!("expected Error::Authentication, got {e:?}");
    };
    assert_eq!(*status, Some(401));
    assert_eq!(message, "The user name or password is incorrect.");
    assert!(!e.is_retryable() && !e.may_have_been_applied());
    let text = format!("{e} {e:?}");
    assert!(!text.contains("a-wrong-password"), "{text}");

    assert_eq!(
        fake.requests_to(SellercloudRoute::Token).len(),
        1,
        "not retried"
    );
    assert!(fake.requests_to(SellercloudRoute::UpdateOrder).is_empty());
    assert_eq!(fake.tokens_issued(), 0);
    assert_eq!(fake.order(ORDER_ID).unwrap().update_count, 0);
}

#[tokio::test]
async fn sellercloud_404_unknown_ids_are_not_retried() {
    let (fake, client, _po, _item) = sellercloud_with_unit_po().await;
    let e = client
        .purchase_orders()
        .update_items(
            sellercloud::PurchaseOrderId::new(424_242),
            UpdatePurchaseOrderItems::unit_mode().item(
                ItemUpdate::new(sellercloud::PurchaseOrderItemId::new(1)).qty_units_ordered(1),
            ),
        )
        .await
        .unwrap_err();
    let (status, message, _) = api(&e);
    assert_eq!(
        (status, message),
        (404, "Purchase order 424242 was not found.")
    );
    assert!(!e.is_retryable());

    let e = client
        .purchase_orders()
        .update_tracking(
            sellercloud::PurchaseOrderId::new(424_243),
            UpdatePurchaseOrderTracking::new().tracking_number("T"),
        )
        .await
        .unwrap_err();
    assert_eq!(api(&e).1, "Purchase order 424243 was not found.");

    let e = client
        .orders()
        .update(
            sellercloud::OrderId::new(999),
            UpdateOrder::new().customer_id(1),
        )
        .await
        .unwrap_err();
    let (status, message, _) = api(&e);
    assert_eq!((status, message), (404, "Order 999 was not found."));

    assert_eq!(
        fake.requests_to(SellercloudRoute::UpdatePurchaseOrderItems)
            .len(),
        1
    );
    assert_eq!(
        fake.requests_to(SellercloudRoute::UpdatePurchaseOrderTrackingNumber)
            .len(),
        1
    );
    assert_eq!(fake.requests_to(SellercloudRoute::UpdateOrder).len(), 1);
}

#[tokio::test]
async fn sellercloud_500_is_reported_with_its_message_and_not_retried() {
    let (fake, client, _po, _item) = sellercloud_with_unit_po().await;
    fake.inject(SellercloudRoute::UpdateOrder, Fault::status(500), 1);
    let e = client
        .orders()
        .update(
            sellercloud::OrderId::new(ORDER_ID),
            UpdateOrder::new().customer_id(8),
        )
        .await
        .unwrap_err();
    let (status, message, _) = api(&e);
    assert_eq!((status, message), (500, "An error has occurred."));
    assert!(!e.is_retryable(), "500 is not in the retried statuses");
    assert!(
        e.may_have_been_applied(),
        "a 5xx may follow a partial effect"
    );
    assert_eq!(fake.requests_to(SellercloudRoute::UpdateOrder).len(), 1);
    assert_eq!(fake.order(ORDER_ID).unwrap().customer_id, None);

    fake.inject(SellercloudRoute::CreatePurchaseOrder, Fault::status(500), 1);
    let e = client
        .purchase_orders()
        .create(samples::case_mode_purchase_order(
            sellercloud::CompanyId::new(1),
            sellercloud::VendorId::new(20),
            "SKU-2",
        ))
        .await
        .unwrap_err();
    assert_eq!(api(&e).0, 500);
    assert!(e.may_have_been_applied());
    assert_eq!(
        fake.requests_to(SellercloudRoute::CreatePurchaseOrder)
            .len(),
        2,
        "one per create"
    );
    assert_eq!(
        fake.purchase_orders().len(),
        1,
        "only the first purchase order"
    );
}

fn shopctrl_config() -> ShopCtrlConfig {
    ShopCtrlConfig::new("shop-api", "shop-right-password").with_purchase_order(
        fake_shop::StoredPurchaseOrderRows::new(7).with_row(fake_shop::StoredRow::new(70)),
    )
}

fn shop_api(e: &shopctrl::Error) -> (u16, &str) {
    match e {
        shopctrl::Error::Api {
            status, message, ..
        } => (*status, message.as_deref().unwrap_or("")),
        other => panic!("expected shopctrl::Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn shopctrl_404_unknown_row_has_the_servers_message() {
    // An unknown row is a record the server does not have (404), not a
    // broken rule: the builder no longer refuses ids, and the fake answers
    // as for any unknown record.
    let (fake, client) = support::start_shopctrl(shopctrl_config()).await.unwrap();
    let e = client
        .purchase_orders()
        .update_row(
            shopctrl::PurchaseOrderId::new(7),
            shopctrl::UpdatePurchaseOrderRow::new(shopctrl::RowId::new(99)).comment("x"),
        )
        .await
        .unwrap_err();
    assert_eq!(
        shop_api(&e),
        (404, "Row 99 of purchase order 7 was not found.")
    );
    assert!(!e.is_retryable());
    assert_eq!(
        fake.requests_to(fake_shop::ShopCtrlRoute::UpdatePurchaseOrderRow)
            .len(),
        1
    );
}

#[tokio::test]
async fn shopctrl_400_from_the_fakes_own_rules_through_the_api_crate() {
    let (fake, client) = support::start_shopctrl(shopctrl_config()).await.unwrap();
    let body: shopctrl::types::PurchaseOrderRowUpdate = serde_json::from_value(serde_json::json!({
        "Id": 70, "ProductCode": "x".repeat(101), "ProductName": "y".repeat(501)
    }))
    .unwrap();
    // Client::api is the generated client with the same credentials, no checks.
    let response = match client.api().update_purchase_order_row(7, &body).await {
        Err(shopctrl_api::Error::ErrorResponse(response)) => response,
        Err(shopctrl_api::Error::UnexpectedResponse(response)) => {
            panic!("400 is documented, got an unexpected {}", response.status())
        }
        other => panic!("expected a 400 answer, got {other:?}"),
    };
    assert_eq!(response.status().as_u16(), 400);
    let mut bytes = Vec::new();
    let mut stream = response.into_inner().into_inner();
    while let Some(chunk) = futures::StreamExt::next(&mut stream).await {
        bytes.extend_from_slice(&chunk.unwrap());
    }
    let answer: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(answer["Message"], "The request is invalid.");
    assert!(
        answer["ModelState"]["row.ProductCode"].is_array(),
        "{answer}"
    );
    assert!(
        answer["ModelState"]["row.ProductName"].is_array(),
        "{answer}"
    );
    assert_eq!(fake.row(7, 70).unwrap().update_count, 0);

    // The SDK itself refuses the same row before sending it.
    let e = client
        .purchase_orders()
        .update_row(
            shopctrl::PurchaseOrderId::new(7),
            shopctrl::UpdatePurchaseOrderRow::new(shopctrl::RowId::new(70))
                .product_code("x".repeat(101)),
        )
        .await
        .unwrap_err();
    assert!(e.violations().unwrap().has_field("ProductCode"));
    assert_eq!(
        fake.requests().len(),
        1,
        "only the raw request reached the fake"
    );
}

#[tokio::test]
async fn shopctrl_401_wrong_password_is_an_authentication_error() {
    let fake = fake_shop::FakeShopCtrl::start(shopctrl_config())
        .await
        .unwrap();
    let client = support::shopctrl_builder(&fake)
        .password("shop-wrong-password")
        .build()
        .unwrap();
    let e = client
        .purchase_orders()
        .update_row(
            shopctrl::PurchaseOrderId::new(7),
            shopctrl::UpdatePurchaseOrderRow::new(shopctrl::RowId::new(70)).comment("x"),
        )
        .await
        .unwrap_err();
    let shopctrl::Error::Authentication {
        status, message, ..
    } = &e
    else {
        panic!("expected an authentication error, got {e:?}");
    };
    assert_eq!(*status, Some(401));
    assert_eq!(message, "Authorization has been denied for this request.");
    assert!(!format!("{e} {e:?}").contains("shop-wrong-password"));
    let sent = fake.requests();
    assert_eq!(sent.len(), 1, "not retried");
    assert_eq!(
        sent[0].auth,
        PresentedAuth::Basic {
            username: Some("shop-api".into()),
            accepted: false
        }
    );
    assert_eq!(fake.row(7, 70).unwrap().update_count, 0);
}

#[tokio::test]
async fn shopctrl_404_unknown_purchase_order_and_500_injected() {
    let (fake, client) = support::start_shopctrl(shopctrl_config()).await.unwrap();
    let e = client
        .purchase_orders()
        .update_row(
            shopctrl::PurchaseOrderId::new(8),
            shopctrl::UpdatePurchaseOrderRow::new(shopctrl::RowId::new(70)).comment("x"),
        )
        .await
        .unwrap_err();
    assert_eq!(shop_api(&e), (404, "Purchase order 8 was not found."));
    assert!(!e.is_retryable());

    fake.inject(
        fake_shop::ShopCtrlRoute::UpdatePurchaseOrderRow,
        Fault::status(500),
        1,
    );
    let e = client
        .purchase_orders()
        .update_row(
            shopctrl::PurchaseOrderId::new(7),
            shopctrl::UpdatePurchaseOrderRow::new(shopctrl::RowId::new(70)).comment("x"),
        )
        .await
        .unwrap_err();
    assert_eq!(shop_api(&e), (500, "An error has occurred."));
    assert!(!e.is_retryable() && e.may_have_been_applied());
    assert_eq!(fake.requests().len(), 2, "neither was retried");
    assert_eq!(fake.row(7, 70).unwrap().update_count, 0);
}

/// Sellercloud's add-items reports a server error as 400 (lifecycle-facts.md),
/// so its 400 may have saved the items; other operations' 400 did not apply.
#[tokio::test]
async fn a_400_of_add_items_may_have_applied_other_400s_did_not() {
    use sellercloud::{AddPurchaseOrderItems, Decimal, NewItem};
    let (fake, client, po, item) = sellercloud_with_unit_po().await;
    fake.inject(
        SellercloudRoute::AddPurchaseOrderItems,
        Fault::status(400),
        1,
    );
    let e = client
        .purchase_orders()
        .add_items(
            sellercloud::PurchaseOrderId::new(po),
            AddPurchaseOrderItems::unit_mode().item(NewItem::units("SKU-2", 1, Decimal::ONE)),
        )
        .await
        .unwrap_err();
    assert_eq!(api(&e).0, 400);
    assert!(e.may_have_been_applied() && !e.is_retryable(), "{e:?}");
    assert_eq!(
        fake.requests_to(SellercloudRoute::AddPurchaseOrderItems)
            .len(),
        1,
        "not re-sent"
    );

    fake.inject(
        SellercloudRoute::UpdatePurchaseOrderItems,
        Fault::status(400),
        1,
    );
    let e = client
        .purchase_orders()
        .update_items(
            sellercloud::PurchaseOrderId::new(po),
            UpdatePurchaseOrderItems::unit_mode().item(
                ItemUpdate::new(sellercloud::PurchaseOrderItemId::new(item)).qty_units_ordered(2),
            ),
        )
        .await
        .unwrap_err();
    assert_eq!(api(&e).0, 400);
    assert!(!e.may_have_been_applied(), "{e:?}");
}
