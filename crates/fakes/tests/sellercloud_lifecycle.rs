//! The fake Sellercloud's read side and the rest of a purchase order's life
//! (issue 12): what a test creates is visible on read, adding items and
//! receiving change the stored state, and every new route can be faulted.

mod common;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, TimeDelta};
use common::http;
use rust_decimal::Decimal;
use sellercloud_shopctrl_fakes::Fault;
use sellercloud_shopctrl_fakes::sellercloud::{
    AddItemsAnswer, EnumFormat, FakeSellercloud, PoStatus, ReceivingStatus, SellercloudConfig,
    SellercloudRoute, StoredPurchaseOrder, StoredPurchaseOrderItem,
};
use serde_json::{Value, json};
use std::str::FromStr;

struct Answer {
    status: u16,
    content_type: String,
    text: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|_| panic!("not JSON: {}", self.text))
    }

    fn message(&self) -> String {
        self.json()["Message"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

async fn send(
    fake: &FakeSellercloud,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> Answer {
    let mut request = http()
        .request(method, format!("{}{path}", fake.base_url()))
        .bearer_auth(fake.issue_token());
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    Answer {
        status: response.status().as_u16(),
        content_type: response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned(),
        text: response.text().await.unwrap(),
    }
}

async fn get(fake: &FakeSellercloud, path: &str) -> Answer {
    send(fake, reqwest::Method::GET, path, None).await
}

async fn post(fake: &FakeSellercloud, path: &str, body: Value) -> Answer {
    send(fake, reqwest::Method::POST, path, Some(body)).await
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// Creates a purchase order; the body is written by hand so that `12.50`
/// arrives with its two decimals (serde_json would send `12.5`).
async fn create(fake: &FakeSellercloud, company: i32, case_mode: bool, sku: &str) -> i32 {
    let product = if case_mode {
        format!(
            r#"{{"ProductID": "{sku}", "QtyCasesOrdered": 2, "QtyUnitsPerCase": 12, "CasePrice": 100}}"#
        )
    } else {
        format!(r#"{{"ProductID": "{sku}", "QtyUnitsOrdered": 5, "UnitPrice": 12.50}}"#)
    };
    let body = format!(
        r#"{{"CompanyID": {company}, "VendorID": 20, "POType": "PurchaseOrder",
            "CaseQtyMode": {case_mode}, "Description": "PO for {sku}", "Products": [{product}]}}"#
    );
    let response = http()
        .post(format!("{}/api/PurchaseOrders", fake.base_url()))
        .bearer_auth(fake.issue_token())
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let answer: Value = response.json().await.unwrap();
    answer["Id"].as_i64().unwrap() as i32
}

fn is_time_without_offset(text: &str) -> bool {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
        && text.split('.').nth(1).is_some_and(|f| f.len() == 7)
}

#[tokio::test]
async fn a_created_purchase_order_reads_back_through_get_items_and_list() {
    let fake = FakeSellercloud::start(SellercloudConfig::default())
        .await
        .unwrap();
    let id = create(&fake, 1, false, "SKU-1").await;
    let stored = fake.purchase_order(id).unwrap();
    assert_eq!(stored.status, PoStatus::Saved);
    assert_eq!(stored.receiving_status, ReceivingStatus::None);
    let created_on = stored.created_on.expect("the create route sets the date");

    let details = get(&fake, &format!("/api/PurchaseOrders/{id}")).await;
    assert_eq!(details.status, 200, "{}", details.text);
    let d = details.json();
    assert_eq!(d["Purchase"]["POId"], id);
    assert_eq!(d["Purchase"]["CompanyId"], 1);
    assert_eq!(d["Purchase"]["VendorId"], 20);
    assert_eq!(d["Purchase"]["POType"], 0);
    assert_eq!(d["Purchase"]["Description"], "PO for SKU-1");
    assert_eq!(d["Purchase"]["ReceivingStatus"], 0);
    assert_eq!(d["Statuses"]["Status"], 0);
    assert_eq!(d["Statuses"]["ShippingStatus"], 0);
    assert_eq!(d["Statuses"]["ReceivingStatus"], 0);
    assert_eq!(d["VendorAndInvoice"]["PaymentStatus"], 10);
    let created_text = d["Changes"]["CreatedOn"].as_str().unwrap();
    assert!(is_time_without_offset(created_text), "{created_text}");
    assert_eq!(
        NaiveDateTime::parse_from_str(created_text, "%Y-%m-%dT%H:%M:%S%.f").unwrap(),
        created_on
    );
    assert!(
        details.text.contains("\"SubTotal\":62.50"),
        "exact money: {}",
        details.text
    );
    assert!(
        details.text.contains("\"GrandTotal\":62.50"),
        "{}",
        details.text
    );

    let items = get(&fake, &format!("/api/PurchaseOrders/{id}/Items")).await;
    assert_eq!(items.status, 200);
    let i = items.json();
    assert_eq!(i["PoCaseQtyEnabled"], false);
    assert_eq!(i["Items"][0]["ID"], stored.items[0].id);
    assert_eq!(i["Items"][0]["ProductID"], "SKU-1");
    assert_eq!(i["Items"][0]["QtyUnitsOrdered"], 5);
    assert!(items.text.contains("\"UnitPrice\":12.50"), "{}", items.text);
    assert_eq!(i["Items"][0]["QtyCasesOrdered"], Value::Null);

    let list = get(&fake, &format!("/api/PurchaseOrders?model.pOIds={id}")).await;
    assert_eq!(list.status, 200, "{}", list.text);
    let l = list.json();
    assert_eq!(l["TotalResults"], 1);
    let entry = &l["Items"][0];
    assert_eq!(entry["ID"], id);
    assert_eq!(entry["CompanyID"], 1);
    assert_eq!(entry["VendorID"], 20);
    assert_eq!(entry["POType"], 0);
    assert_eq!(entry["PurchaseOrderStatus"], 0);
    assert_eq!(entry["ReceivingStatus"], 0);
    assert_eq!(entry["PurchaseTitle"], "PO for SKU-1");
    assert_eq!(entry["CreatedOn"], created_text);
    assert_eq!(entry["Items"][0]["SKU"], "SKU-1");
    assert_eq!(entry["Items"][0]["QtyOrdered"], 5);
    assert_eq!(entry["Items"][0]["QtyReceived"], 0);
}

#[tokio::test]
async fn enums_are_sent_as_numbers_or_names_as_configured() {
    let config = SellercloudConfig::default().with_enum_format(EnumFormat::Names);
    let fake = FakeSellercloud::start(config).await.unwrap();
    let id = create(&fake, 1, true, "CASE-1").await;
    let d = get(&fake, &format!("/api/PurchaseOrders/{id}"))
        .await
        .json();
    assert_eq!(d["Purchase"]["POType"], "PurchaseOrder");
    assert_eq!(d["Purchase"]["CurrencyCode"], "USD");
    assert_eq!(d["Purchase"]["OrderType"], "Default");
    assert_eq!(d["Statuses"]["Status"], "Saved");
    assert_eq!(d["Statuses"]["ReceivingStatus"], "None");
    assert_eq!(d["Statuses"]["PaymentStatus"], "NoPayment");
    let l = get(&fake, "/api/PurchaseOrders").await.json();
    assert_eq!(l["Items"][0]["PurchaseOrderStatus"], "Saved");
    assert_eq!(
        l["Items"][0]["Items"][0]["QtyOrdered"], 24,
        "cases x units per case"
    );
    let i = get(&fake, &format!("/api/PurchaseOrders/{id}/Items"))
        .await
        .json();
    assert_eq!(i["PoCaseQtyEnabled"], true);
    assert_eq!(i["Items"][0]["QtyUnitsPerCase"], 12);
}

fn seeded_on(id: i32, company: i32, created: &str) -> StoredPurchaseOrder {
    StoredPurchaseOrder {
        company_id: company,
        created_on: Some(NaiveDateTime::parse_from_str(created, "%Y-%m-%dT%H:%M:%S").unwrap()),
        ..StoredPurchaseOrder::new(id, false).with_item(StoredPurchaseOrderItem {
            qty_units_ordered: Some(1),
            ..StoredPurchaseOrderItem::new(id * 10, format!("S-{id}"))
        })
    }
}

fn ids(answer: &Answer) -> Vec<i64> {
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.json()["Items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|po| po["ID"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn list_filters_bind_like_asp_net() {
    let config = SellercloudConfig::default()
        .with_purchase_order(seeded_on(1, 1, "2024-01-01T00:00:00"))
        .with_purchase_order(seeded_on(2, 2, "2024-02-01T00:00:00"))
        .with_purchase_order(seeded_on(3, 2, "2024-03-01T00:00:00"))
        .with_purchase_order(StoredPurchaseOrder {
            status: PoStatus::Cancelled,
            ..seeded_on(4, 3, "2024-04-01T00:00:00")
        });
    let fake = FakeSellercloud::start(config).await.unwrap();
    let cases: &[(&str, &[i64])] = &[
        ("", &[1, 2, 3, 4]),
        ("?model.pOIds=1&model.pOIds=3", &[1, 3]),
        ("?pOIDs=1,4", &[1, 4]),
        ("?MODEL.POIDS=2", &[2]),
        ("?model.companyIDList=2", &[2, 3]),
        ("?companyIDList=1&companyIDList=3", &[1, 4]),
        ("?model.pOStatuses=4", &[4]),
        ("?pOStatuses=Cancelled", &[4]),
        ("?pOStatuses=saved&pOStatuses=Received", &[1, 2, 3]),
        ("?pOStatuses=-1", &[1, 2, 3, 4]),
        ("?model.receivedStatuses=None", &[1, 2, 3, 4]),
        ("?receivedStatuses=2", &[]),
        ("?shippingStatuses=FullyShipped", &[]),
        ("?model.createDateFrom=2024-02-01T00:00:00", &[2, 3, 4]),
        ("?createDateTo=2024-02-01", &[1, 2]),
        (
            "?createDateFrom=2024-01-15&createDateTo=2024-03-15&companyIDList=2",
            &[2, 3],
        ),
        ("?keyword=s-3", &[3]),
        (
            "?model.paymentStatus=NoPayment&approved=1&unknown=x",
            &[1, 2, 3, 4],
        ),
    ];
    for (query, expected) in cases {
        let answer = get(&fake, &format!("/api/PurchaseOrders{query}")).await;
        assert_eq!(ids(&answer), *expected, "{query}");
        assert_eq!(answer.json()["TotalResults"], expected.len(), "{query}");
    }

    let bad = get(
        &fake,
        "/api/PurchaseOrders?model.pOIds=abc&receivedStatuses=Nope",
    )
    .await;
    assert_eq!(bad.status, 400);
    let state = bad.json()["ModelState"].clone();
    assert!(
        state["model.pOIds"][0].as_str().unwrap().contains("'abc'"),
        "{state}"
    );
    assert!(state["receivedStatuses"].is_array(), "{state}");
}

#[tokio::test]
async fn date_filters_with_an_offset_are_read_in_the_servers_zone() {
    let zone = FixedOffset::west_opt(5 * 3600).unwrap();
    let config = SellercloudConfig::default()
        .with_server_clock(TimeDelta::zero(), zone)
        .with_purchase_order(seeded_on(1, 1, "2024-05-01T10:00:00"));
    let fake = FakeSellercloud::start(config).await.unwrap();
    let found = get(
        &fake,
        "/api/PurchaseOrders?createDateFrom=2024-05-01T14:30:00Z",
    )
    .await;
    assert_eq!(ids(&found), [1], "14:30Z is 09:30 on the server");
    let later = get(
        &fake,
        "/api/PurchaseOrders?createDateFrom=2024-05-01T15:30:00%2B00:00",
    )
    .await;
    assert_eq!(
        ids(&later),
        Vec::<i64>::new(),
        "15:30Z is 10:30 on the server"
    );
    let naive = get(
        &fake,
        "/api/PurchaseOrders?createDateTo=2024-05-01T10:00:00",
    )
    .await;
    assert_eq!(
        ids(&naive),
        [1],
        "no offset: the server's own time, inclusive"
    );
}

#[tokio::test]
async fn a_created_purchase_order_gets_its_date_from_the_servers_clock_and_zone() {
    let zone = FixedOffset::east_opt(3 * 3600).unwrap();
    let skewed = SellercloudConfig::default().with_server_clock(TimeDelta::hours(-2), zone);
    let fake = FakeSellercloud::start(skewed).await.unwrap();
    let plain = FakeSellercloud::start(SellercloudConfig::default())
        .await
        .unwrap();
    let a = create(&fake, 1, false, "A").await;
    let b = create(&plain, 1, false, "B").await;
    let skewed_on = fake.purchase_order(a).unwrap().created_on.unwrap();
    let plain_on = plain.purchase_order(b).unwrap().created_on.unwrap();
    // Two hours behind, written three hours east of UTC: one hour ahead.
    let diff = skewed_on - plain_on;
    assert!(
        (diff - TimeDelta::hours(1)).abs() < TimeDelta::seconds(5),
        "{skewed_on} vs {plain_on}"
    );
}

#[tokio::test]
async fn the_list_pages_and_caps_the_page_size_at_50() {
    let mut config = SellercloudConfig::default();
    for id in 1..=60 {
        config = config.with_purchase_order(seeded_on(id, 1, "2024-01-01T00:00:00"));
    }
    let fake = FakeSellercloud::start(config).await.unwrap();
    let page = |n: u32, size: u32| {
        let fake = &fake;
        async move {
            get(
                fake,
                &format!("/api/PurchaseOrders?model.pageNumber={n}&model.pageSize={size}"),
            )
            .await
        }
    };
    assert_eq!(ids(&page(1, 25).await), (1..=25).collect::<Vec<_>>());
    assert_eq!(ids(&page(3, 25).await), (51..=60).collect::<Vec<_>>());
    assert!(ids(&page(4, 25).await).is_empty());
    let capped = page(1, 500).await;
    assert_eq!(
        ids(&capped).len(),
        50,
        "If greater value is provided 50 records will be returned"
    );
    assert_eq!(capped.json()["TotalResults"], 60);
    let default = get(&fake, "/api/PurchaseOrders?pageNumber=2").await;
    assert_eq!(
        ids(&default),
        (51..=60).collect::<Vec<_>>(),
        "default page size 50"
    );
}

#[tokio::test]
async fn adding_items_follows_the_purchase_orders_quantity_mode() {
    let fake = FakeSellercloud::start(SellercloudConfig::default())
        .await
        .unwrap();
    let unit = create(&fake, 1, false, "SKU-1").await;
    let case = create(&fake, 1, true, "CASE-1").await;
    let path = |id: i32| format!("/api/PurchaseOrders/{id}/items");

    let added = post(
        &fake,
        &path(unit),
        json!([
            {"ProductID": "SKU-1", "QtyUnitsOrdered": 2, "UnitPrice": 1.10},
            {"ProductID": "SKU-2", "QtyUnitsOrdered": 0, "UnitPrice": 0, "DiscountType": "Percentage", "DiscountValue": 150}
        ]),
    )
    .await;
    assert_eq!(added.status, 200, "{}", added.text);
    assert_eq!(added.text, "Successfully saved the purchase items.");
    assert!(
        added.content_type.starts_with("text/plain"),
        "{}",
        added.content_type
    );
    let po = fake.purchase_order(unit).unwrap();
    assert_eq!(po.items.len(), 3);
    let same_sku: Vec<_> = po
        .items
        .iter()
        .filter(|i| i.product_id == "SKU-1")
        .collect();
    assert_eq!(same_sku.len(), 2, "the same SKU is a new, separate item");
    assert_ne!(same_sku[0].id, same_sku[1].id);
    assert_eq!(same_sku[1].unit_price, Some(dec("1.10")));
    let read = get(&fake, &format!("/api/PurchaseOrders/{unit}/Items"))
        .await
        .json();
    assert_eq!(read["Items"].as_array().unwrap().len(), 3);
    assert_eq!(read["Items"][2]["ProductID"], "SKU-2");

    let added = post(
        &fake,
        &path(case),
        json!([{"ProductID": "CASE-2", "QtyCasesOrdered": 1, "QtyUnitsPerCase": 6, "CasePrice": 30}]),
    )
    .await;
    assert_eq!(added.status, 200, "{}", added.text);
    assert_eq!(fake.purchase_order(case).unwrap().items.len(), 2);

    let cases: Vec<(i32, Value, &str)> = vec![
        (
            unit,
            json!([{"ProductID": "X", "QtyUnitsOrdered": 1}]),
            "model[0].UnitPrice: is required",
        ),
        (
            unit,
            json!([{"ProductID": "X", "QtyUnitsOrdered": 1, "UnitPrice": 1, "CasePrice": 1}]),
            "model[0].CasePrice: must not be sent",
        ),
        (
            case,
            json!([{"ProductID": "X", "QtyCasesOrdered": 1, "CasePrice": 1}]),
            "model[0].QtyUnitsPerCase: is required",
        ),
        (
            case,
            json!([{"ProductID": "X", "QtyCasesOrdered": 1, "QtyUnitsPerCase": 1, "CasePrice": 1, "UnitPrice": 1}]),
            "model[0].UnitPrice: must not be sent",
        ),
        (
            unit,
            json!([{"ProductID": " ", "QtyUnitsOrdered": 1, "UnitPrice": 1}]),
            "model[0].ProductID: must not be blank",
        ),
        (
            unit,
            json!([{"QtyUnitsOrdered": 1, "UnitPrice": 1}]),
            "model[0].ProductID: is required",
        ),
        (unit, json!([]), "model: must contain at least one product"),
        (unit, json!({"ProductID": "X"}), "must be a JSON array"),
    ];
    for (id, body, expected) in cases {
        let answer = post(&fake, &path(id), body).await;
        assert_eq!(answer.status, 400, "{expected}: {}", answer.text);
        assert!(
            answer.message().contains(expected),
            "`{expected}` in {}",
            answer.text
        );
    }
    assert_eq!(
        fake.purchase_order(unit).unwrap().items.len(),
        3,
        "nothing refused was added"
    );
    let missing = post(&fake, &path(999), json!([{"ProductID": "X"}])).await;
    assert_eq!(missing.status, 404);
    assert!(missing.message().contains("999"));
}

#[tokio::test]
async fn adding_items_can_answer_a_json_string() {
    let config = SellercloudConfig::default()
        .with_add_items_answer(AddItemsAnswer::JsonString)
        .with_purchase_order(StoredPurchaseOrder::new(5, false));
    let fake = FakeSellercloud::start(config).await.unwrap();
    let answer = post(
        &fake,
        "/api/PurchaseOrders/5/ITEMS",
        json!([{"ProductID": "A", "QtyUnitsOrdered": 1, "UnitPrice": 1}]),
    )
    .await;
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.json(),
        json!("Successfully saved the purchase items.")
    );
    assert!(answer.content_type.starts_with("application/json"));
}

fn receiving_config() -> SellercloudConfig {
    SellercloudConfig::default()
        .with_purchase_order(
            StoredPurchaseOrder::new(10, false)
                .with_item(StoredPurchaseOrderItem {
                    qty_units_ordered: Some(5),
                    unit_price: Some(dec("2")),
                    warehouse_id: Some(3),
                    ..StoredPurchaseOrderItem::new(101, "A")
                })
                .with_item(StoredPurchaseOrderItem {
                    qty_units_ordered: Some(3),
                    ..StoredPurchaseOrderItem::new(102, "B")
                }),
        )
        .with_purchase_order(StoredPurchaseOrder::new(20, true).with_item(
            StoredPurchaseOrderItem {
                qty_cases_ordered: Some(2),
                qty_units_per_case: Some(12),
                ..StoredPurchaseOrderItem::new(201, "C")
            },
        ))
}

#[tokio::test]
async fn receiving_adds_up_and_moves_the_receiving_status() {
    let fake = FakeSellercloud::start(receiving_config()).await.unwrap();
    let receive = |id: i32, body: Value| {
        let fake = &fake;
        async move { post(fake, &format!("/api/PurchaseOrders/{id}/receive"), body).await }
    };
    let first = receive(
        10,
        json!({"ReceiveInvoiceNumber": "INV-1", "ShippingCost": 4.25,
               "Items": [{"ID": 101, "QtyToReceive": 2}]}),
    )
    .await;
    assert_eq!((first.status, first.text.as_str()), (200, ""));
    let po = fake.purchase_order(10).unwrap();
    assert_eq!(po.item(101).unwrap().qty_received, 2);
    assert_eq!(po.receiving_status, ReceivingStatus::PartiallyReceived);
    assert_eq!(po.status, PoStatus::Saved);
    assert_eq!(
        po.receipts[0].lines[0].warehouse_id,
        Some(3),
        "the item's warehouse by default"
    );
    let d = get(&fake, "/api/PurchaseOrders/10").await.json();
    assert_eq!(d["Statuses"]["ReceivingStatus"], 1);
    assert_eq!(d["VendorAndInvoice"]["InvoiceNumber"], "INV-1");
    assert!(d["Changes"]["ReceivedOn"].is_string());

    // Receiving twice receives twice.
    let second = receive(
        10,
        json!({"Items": [{"ID": 101, "QtyToReceive": 3}, {"ID": 102, "QtyToReceive": 3}]}),
    )
    .await;
    assert_eq!(second.status, 200, "{}", second.text);
    let po = fake.purchase_order(10).unwrap();
    assert_eq!(po.item(101).unwrap().qty_received, 5);
    assert_eq!(po.receiving_status, ReceivingStatus::FullyReceived);
    assert_eq!(po.status, PoStatus::Received);
    assert_eq!(po.receipts.len(), 2);
    let d = get(&fake, "/api/PurchaseOrders/10").await.json();
    assert_eq!(d["Statuses"]["ReceivingStatus"], 2);
    assert_eq!(d["Statuses"]["Status"], 3);
    let listed = get(&fake, "/api/PurchaseOrders?receivedStatuses=FullyReceived").await;
    assert_eq!(ids(&listed), [10]);
    assert_eq!(listed.json()["Items"][0]["Items"][0]["QtyReceived"], 5);

    let case = receive(20, json!({"Items": [{"ID": 201, "CaseQtyToReceive": 1}]})).await;
    assert_eq!(case.status, 200, "{}", case.text);
    let item = fake.purchase_order(20).unwrap().items[0].clone();
    assert_eq!((item.cases_received, item.qty_received), (1, 12));
    assert_eq!(
        fake.purchase_order(20).unwrap().receiving_status,
        ReceivingStatus::PartiallyReceived
    );

    // Adding an item to a fully received purchase order reopens it.
    let added = post(
        &fake,
        "/api/PurchaseOrders/10/items",
        json!([{"ProductID": "D", "QtyUnitsOrdered": 1, "UnitPrice": 1}]),
    )
    .await;
    assert_eq!(added.status, 200);
    assert_eq!(
        fake.purchase_order(10).unwrap().receiving_status,
        ReceivingStatus::PartiallyReceived
    );
}

#[tokio::test]
async fn receiving_rules_refuse_without_effect() {
    let fake = FakeSellercloud::start(receiving_config()).await.unwrap();
    let cases: Vec<(i32, Value, &str)> = vec![
        (
            10,
            json!({"Items": [{"ID": 101, "CaseQtyToReceive": 1}]}),
            "Items[0].CaseQtyToReceive: must not be sent",
        ),
        (
            20,
            json!({"Items": [{"ID": 201, "QtyToReceive": 1}]}),
            "Items[0].QtyToReceive: must not be sent",
        ),
        (
            10,
            json!({"Items": [{"ID": 101, "QtyToReceive": 1}, {"ID": 201, "QtyToReceive": 1}]}),
            "Items[1].ID: purchase order 10 has no item with ID 201",
        ),
        (
            10,
            json!({"Items": [{"QtyToReceive": 1}]}),
            "Items[0].ID: is required",
        ),
        (
            10,
            json!({"Items": []}),
            "Items: must contain at least one item",
        ),
        (10, json!({}), "Items: is required"),
        (
            10,
            json!({"Items": [{"ID": 101, "QtyToReceive": 2147483647}, {"ID": 101, "QtyToReceive": 1}]}),
            "32-bit integer range",
        ),
        (
            10,
            json!({"Items": [{"ID": 101, "UnitPrice": "1"}]}),
            "Items[0].UnitPrice: must be a decimal number",
        ),
    ];
    for (id, body, expected) in cases {
        let answer = post(&fake, &format!("/api/PurchaseOrders/{id}/receive"), body).await;
        assert_eq!(answer.status, 400, "{expected}: {}", answer.text);
        assert!(
            answer.message().contains(expected),
            "`{expected}` in {}",
            answer.text
        );
    }
    let po = fake.purchase_order(10).unwrap();
    assert!(po.receipts.is_empty());
    assert_eq!(
        po.item(101).unwrap().qty_received,
        0,
        "the valid first entry was not applied"
    );
    let missing = post(
        &fake,
        "/api/PurchaseOrders/404/receive",
        json!({"Items": [{"ID": 1}]}),
    )
    .await;
    assert_eq!(missing.status, 404);
}

#[tokio::test]
async fn unknown_ids_answer_404_on_every_read() {
    let fake = FakeSellercloud::start(receiving_config()).await.unwrap();
    for path in [
        "/api/PurchaseOrders/999",
        "/api/PurchaseOrders/999/Items",
        "/api/PurchaseOrders/0",
        "/api/PurchaseOrders/-1/Items",
    ] {
        let answer = get(&fake, path).await;
        assert_eq!(answer.status, 404, "{path}");
        assert!(
            answer.message().contains("was not found"),
            "{}",
            answer.text
        );
    }
    let bad = get(&fake, "/api/PurchaseOrders/abc").await;
    assert_eq!(bad.status, 400);
    let unauthorized = http()
        .get(format!("{}/api/PurchaseOrders", fake.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthorized.status(), 401);
}

#[tokio::test]
async fn faults_work_on_the_new_routes() {
    let fake = FakeSellercloud::start(receiving_config()).await.unwrap();
    fake.inject(SellercloudRoute::ListPurchaseOrders, Fault::status(503), 1);
    fake.inject(SellercloudRoute::GetPurchaseOrder, Fault::status(500), 1);
    fake.inject(
        SellercloudRoute::GetPurchaseOrderItems,
        Fault::MalformedBody,
        1,
    );
    assert_eq!(get(&fake, "/api/PurchaseOrders").await.status, 503);
    assert_eq!(get(&fake, "/api/PurchaseOrders").await.status, 200);
    assert_eq!(get(&fake, "/api/PurchaseOrders/10").await.status, 500);
    let malformed = get(&fake, "/api/PurchaseOrders/10/Items").await;
    assert_eq!(malformed.status, 200);
    assert!(serde_json::from_str::<Value>(&malformed.text).is_err());

    fake.inject(
        SellercloudRoute::AddPurchaseOrderItems,
        Fault::ApplyThenDropAnswer,
        1,
    );
    let token = fake.issue_token();
    let lost = http()
        .post(format!("{}/api/PurchaseOrders/10/items", fake.base_url()))
        .bearer_auth(&token)
        .json(&json!([{"ProductID": "Z", "QtyUnitsOrdered": 1, "UnitPrice": 1}]))
        .send()
        .await;
    assert!(lost.is_err(), "the answer is lost");
    assert_eq!(
        fake.purchase_order(10).unwrap().items.len(),
        3,
        "but the items were added"
    );

    fake.inject(
        SellercloudRoute::ReceivePurchaseOrder,
        Fault::status(503),
        1,
    );
    let refused = post(
        &fake,
        "/api/PurchaseOrders/10/receive",
        json!({"Items": [{"ID": 101, "QtyToReceive": 1}]}),
    )
    .await;
    assert_eq!(refused.status, 503);
    assert!(
        fake.purchase_order(10).unwrap().receipts.is_empty(),
        "nothing received"
    );
    assert_eq!(
        fake.requests_to(SellercloudRoute::ReceivePurchaseOrder)
            .len(),
        1
    );
    assert_eq!(fake.faults_injected(), 5);
}

#[tokio::test]
async fn seeded_purchase_orders_get_a_creation_time_and_keep_a_given_one() {
    let given = NaiveDate::from_ymd_opt(2023, 7, 1)
        .unwrap()
        .and_hms_opt(8, 0, 0)
        .unwrap();
    let fake = FakeSellercloud::start(SellercloudConfig::default())
        .await
        .unwrap();
    fake.seed_purchase_order(StoredPurchaseOrder::new(1, false));
    fake.seed_purchase_order(StoredPurchaseOrder {
        created_on: Some(given),
        ..StoredPurchaseOrder::new(2, false)
    });
    assert!(fake.purchase_order(1).unwrap().created_on.is_some());
    assert_eq!(fake.purchase_order(2).unwrap().created_on, Some(given));
    let l = get(&fake, "/api/PurchaseOrders?model.pOIds=2").await.json();
    assert_eq!(l["Items"][0]["CreatedOn"], "2023-07-01T08:00:00.0000000");
    assert_eq!(
        fake.modify_purchase_order(2, |po| {
            po.status = PoStatus::Completed;
            po.id
        }),
        Some(2)
    );
    let l = get(&fake, "/api/PurchaseOrders?pOStatuses=Completed").await;
    assert_eq!(ids(&l), [2]);
    assert_eq!(fake.modify_purchase_order(3, |_| ()), None);
}

#[tokio::test]
async fn token_times_come_from_the_same_skewed_clock() {
    let issued = |fake: FakeSellercloud| async move {
        let answer: Value = http()
            .post(format!("{}/api/token", fake.base_url()))
            .json(&json!({"Username": "fake-user", "Password": "fake-password"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        chrono::DateTime::parse_from_rfc3339(answer[".issued"].as_str().unwrap()).unwrap()
    };
    let skew = SellercloudConfig::default()
        .with_server_clock(TimeDelta::hours(-2), chrono::Offset::fix(&chrono::Utc));
    let behind = issued(FakeSellercloud::start(skew).await.unwrap()).await;
    let plain = issued(
        FakeSellercloud::start(SellercloudConfig::default())
            .await
            .unwrap(),
    )
    .await;
    let diff = plain - behind;
    assert!(
        (diff - TimeDelta::hours(2)).abs() < TimeDelta::seconds(5),
        "{diff}"
    );
}
