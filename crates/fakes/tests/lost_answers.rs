//! Issue 13, fakes side: a create can be applied while its answer is lost
//! (dropped, or replaced by a proxy's 5xx), it can fail before it is applied,
//! and a created purchase order can join the list only after a delay. Waits
//! run on paused Tokio time (the clients have no timeout of their own, since
//! a pending timer would let paused time jump).

use sellercloud_shopctrl_fakes::sellercloud::{
    FakeSellercloud, SellercloudConfig, SellercloudRoute, StoredPurchaseOrder,
};
use sellercloud_shopctrl_fakes::shopctrl::{self, FakeShopCtrl, ShopCtrlConfig};
use sellercloud_shopctrl_fakes::{Fault, FaultBody};
use serde_json::{Value, json};
use std::time::Duration;

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .tls_certs_only(Vec::new())
        .build()
        .unwrap()
}

fn po_body(sku: &str) -> Value {
    json!({
        "CompanyID": 7, "VendorID": 20, "POType": "PurchaseOrder", "CaseQtyMode": false,
        "Products": [{"ProductID": sku, "QtyUnitsOrdered": 3, "UnitPrice": 1}]
    })
}

async fn create(fake: &FakeSellercloud, sku: &str) -> reqwest::Result<reqwest::Response> {
    http()
        .post(format!("{}/api/PurchaseOrders", fake.base_url()))
        .bearer_auth(fake.issue_token())
        .json(&po_body(sku))
        .send()
        .await
}

/// What a client recovering a lost create would ask: this company's
/// purchase orders created since `since`.
async fn candidates(fake: &FakeSellercloud, since: &str) -> Value {
    http()
        .get(format!(
            "{}/api/PurchaseOrders?model.companyIDList=7&model.createDateFrom={since}",
            fake.base_url()
        ))
        .bearer_auth(fake.issue_token())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

const LONG_AGO: &str = "2000-01-01T00:00:00";

#[tokio::test]
async fn a_create_applied_with_its_answer_lost_is_on_the_list() {
    let fake = FakeSellercloud::start(SellercloudConfig::default())
        .await
        .unwrap();
    fake.inject(
        SellercloudRoute::CreatePurchaseOrder,
        Fault::ApplyThenDropAnswer,
        1,
    );
    let error = create(&fake, "SKU-LOST").await.unwrap_err();
    assert!(error.status().is_none(), "no answer at all: {error:?}");
    let stored = fake.purchase_orders();
    assert_eq!(stored.len(), 1, "but the purchase order exists");

    let list = candidates(&fake, LONG_AGO).await;
    assert_eq!(list["TotalResults"], 1);
    let found = &list["Items"][0];
    assert_eq!(found["ID"], stored[0].id);
    assert_eq!(found["VendorID"], 20);
    assert_eq!(found["POType"], 0);
    assert_eq!(found["Items"][0]["SKU"], "SKU-LOST");
    assert_eq!(found["Items"][0]["QtyOrdered"], 3);

    // A second, identical create makes two candidates: nothing tells them apart.
    assert_eq!(create(&fake, "SKU-LOST").await.unwrap().status(), 200);
    assert_eq!(candidates(&fake, LONG_AGO).await["TotalResults"], 2);
}

#[tokio::test]
async fn a_proxys_5xx_after_the_apply_is_possible_on_any_route() {
    let fake = FakeSellercloud::start(SellercloudConfig::default())
        .await
        .unwrap();
    fake.inject(
        SellercloudRoute::CreatePurchaseOrder,
        Fault::apply_then_status(502),
        1,
    );
    let answer = create(&fake, "SKU-502").await.unwrap();
    assert_eq!(answer.status(), 502);
    assert_eq!(answer.text().await.unwrap(), "Bad Gateway");
    assert_eq!(fake.purchase_orders().len(), 1, "applied before the 502");
    assert_eq!(
        fake.requests_to(SellercloudRoute::CreatePurchaseOrder)[0].fault,
        Some(Fault::apply_then_status(502))
    );

    let shop = FakeShopCtrl::start(ShopCtrlConfig::demo()).await.unwrap();
    let body = FaultBody::Json(json!({"Message": "upstream timed out"}));
    shop.inject(
        shopctrl::ShopCtrlRoute::UpdatePurchaseOrderRow,
        Fault::ApplyThenStatus { status: 504, body },
        1,
    );
    let answer = http()
        .put(format!("{}/v1/PurchaseOrders/1/Rows", shop.base_url()))
        .basic_auth("fake-user", Some("fake-password"))
        .json(&json!({"Id": 11, "Comment": "applied"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 504);
    assert_eq!(shop.row(1, 11).unwrap().comment.as_deref(), Some("applied"));
}

#[tokio::test]
async fn failures_before_handling_leave_nothing_to_find() {
    let fake = FakeSellercloud::start(SellercloudConfig::default())
        .await
        .unwrap();
    fake.inject(SellercloudRoute::CreatePurchaseOrder, Fault::status(503), 1);
    fake.inject(
        SellercloudRoute::CreatePurchaseOrder,
        Fault::DropConnection,
        1,
    );
    assert_eq!(create(&fake, "SKU-1").await.unwrap().status(), 503);
    assert!(
        create(&fake, "SKU-1").await.is_err(),
        "dropped before an answer"
    );
    assert!(fake.purchase_orders().is_empty());
    assert_eq!(candidates(&fake, LONG_AGO).await["TotalResults"], 0);
    assert_eq!(create(&fake, "SKU-1").await.unwrap().status(), 200);
    assert_eq!(fake.purchase_orders().len(), 1, "the re-sent create, once");

    // A stopped fake refuses connections: nothing is sent at all.
    let url = fake.base_url();
    fake.shutdown().await;
    let refused = http()
        .post(format!("{url}/api/PurchaseOrders"))
        .json(&po_body("SKU-1"))
        .send()
        .await
        .unwrap_err();
    assert!(refused.is_connect(), "{refused:?}");
}

#[tokio::test(start_paused = true)]
async fn a_created_purchase_order_joins_the_list_after_the_configured_delay() {
    let config = SellercloudConfig::default()
        .with_purchase_order(StoredPurchaseOrder {
            company_id: 7,
            ..StoredPurchaseOrder::new(1, false)
        })
        .with_list_visibility_delay(Duration::from_secs(2));
    let fake = FakeSellercloud::start(config).await.unwrap();
    assert!(
        fake.is_listed(1),
        "seeded purchase orders are listed at once"
    );
    fake.inject(
        SellercloudRoute::CreatePurchaseOrder,
        Fault::ApplyThenDropAnswer,
        1,
    );
    assert!(create(&fake, "SKU-LATE").await.is_err());
    let id = fake.purchase_orders().iter().map(|po| po.id).max().unwrap();
    assert_ne!(id, 1);

    let listed_ids = |list: &Value| -> Vec<i64> {
        list["Items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|po| po["ID"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(listed_ids(&candidates(&fake, LONG_AGO).await), [1]);
    assert!(!fake.is_listed(id));
    let by_id = http()
        .get(format!("{}/api/PurchaseOrders/{id}", fake.base_url()))
        .bearer_auth(fake.issue_token())
        .send()
        .await
        .unwrap();
    assert_eq!(by_id.status(), 200, "reading by ID works at once");

    tokio::time::sleep(Duration::from_millis(1999)).await;
    assert_eq!(listed_ids(&candidates(&fake, LONG_AGO).await), [1]);
    tokio::time::sleep(Duration::from_millis(1)).await;
    assert_eq!(
        listed_ids(&candidates(&fake, LONG_AGO).await),
        [1, i64::from(id)]
    );
    assert!(fake.is_listed(id));

    fake.set_list_visibility_delay(Duration::ZERO);
    let answer: Value = create(&fake, "SKU-NOW")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let now_id = answer["Id"].as_i64().unwrap() as i32;
    assert!(fake.is_listed(now_id), "no delay any more");
}
