//! Every fault kind, observed from the client side with plain reqwest (and raw
//! TCP where reqwest hides the detail), plus its effect on the fake's state.

mod common;

use common::http;
use sellercloud_shopctrl_fakes::sellercloud::{
    FakeSellercloud, SellercloudConfig, SellercloudRoute, StoredOrder,
};
use sellercloud_shopctrl_fakes::shopctrl::{self, FakeShopCtrl, ShopCtrlConfig};
use sellercloud_shopctrl_fakes::{Fault, FaultBody};
use serde_json::{Value, json};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn po_body() -> Value {
    json!({
        "CompanyID": 1, "VendorID": 2, "POType": "PurchaseOrder", "CaseQtyMode": false,
        "Products": [{"ProductID": "SKU-1", "QtyUnitsOrdered": 1, "UnitPrice": 1}]
    })
}

async fn fake() -> FakeSellercloud {
    FakeSellercloud::start(SellercloudConfig::default().with_order(StoredOrder::new(1)))
        .await
        .unwrap()
}

fn create_request(
    client: &reqwest::Client,
    fake: &FakeSellercloud,
    token: &str,
) -> reqwest::RequestBuilder {
    client
        .post(format!("{}/api/PurchaseOrders", fake.base_url()))
        .bearer_auth(token)
        .json(&po_body())
}

#[tokio::test]
async fn status_faults_replace_the_answer_then_service_resumes() {
    let fake = fake().await;
    let token = fake.issue_token();
    let client = http();
    fake.inject(SellercloudRoute::CreatePurchaseOrder, Fault::status(500), 1);
    fake.inject(
        SellercloudRoute::CreatePurchaseOrder,
        Fault::Status {
            status: 503,
            body: FaultBody::Text("Service Unavailable".into()),
        },
        1,
    );
    fake.inject(
        SellercloudRoute::CreatePurchaseOrder,
        Fault::Status {
            status: 502,
            body: FaultBody::Empty,
        },
        1,
    );
    assert_eq!(
        fake.pending_faults(SellercloudRoute::CreatePurchaseOrder),
        3
    );

    let r = create_request(&client, &fake, &token).send().await.unwrap();
    assert_eq!(r.status(), 500);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["Message"], "An error has occurred.");

    let r = create_request(&client, &fake, &token).send().await.unwrap();
    assert_eq!(r.status(), 503);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    assert_eq!(r.text().await.unwrap(), "Service Unavailable");

    let r = create_request(&client, &fake, &token).send().await.unwrap();
    assert_eq!(r.status(), 502);
    assert_eq!(r.text().await.unwrap(), "");

    assert!(
        fake.purchase_orders().is_empty(),
        "replacing faults have no effect"
    );
    let r = create_request(&client, &fake, &token).send().await.unwrap();
    assert_eq!(r.status(), 200, "normal service after the scripted faults");
    assert_eq!(fake.purchase_orders().len(), 1);
    assert_eq!(fake.faults_injected(), 3);
    assert_eq!(
        fake.pending_faults(SellercloudRoute::CreatePurchaseOrder),
        0
    );

    let recorded = fake.requests_to(SellercloudRoute::CreatePurchaseOrder);
    assert_eq!(recorded.len(), 4);
    assert_eq!(recorded[0].fault, Some(Fault::status(500)));
    assert_eq!(recorded[3].fault, None);
}

#[tokio::test]
async fn status_faults_come_before_authentication() {
    let fake = fake().await;
    fake.inject(SellercloudRoute::UpdateOrder, Fault::status(503), 1);
    let r = http()
        .put(format!("{}/api/Orders/1", fake.base_url()))
        .json(&json!({"CustomerId": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        503,
        "the front end fails before the token is checked"
    );
}

#[tokio::test]
async fn rate_limit_answers_with_the_vendor_body_and_either_status() {
    let fake = fake().await;
    let token = fake.issue_token();
    let client = http();
    for status in [429u16, 409] {
        fake.inject(
            SellercloudRoute::CreatePurchaseOrder,
            Fault::RateLimit {
                status,
                reset_after: Duration::from_secs(3600),
            },
            1,
        );
        let before = chrono::Utc::now();
        let r = create_request(&client, &fake, &token).send().await.unwrap();
        assert_eq!(r.status().as_u16(), status);
        assert!(
            r.headers().get("retry-after").is_none(),
            "none is documented"
        );
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["Error"], "Too many requests.");
        let reset_text = body["RateLimitResetTime"].as_str().unwrap();
        assert!(reset_text.ends_with('Z'), "{reset_text}");
        let fraction = reset_text.split('.').nth(1).unwrap();
        assert_eq!(
            fraction.len(),
            8,
            "seven digits and Z like the vendor: {reset_text}"
        );
        let reset = chrono::DateTime::parse_from_rfc3339(reset_text).unwrap();
        assert!(reset > before, "{reset_text} lies in the future");
    }
    assert!(fake.purchase_orders().is_empty());

    // The token route can be throttled too.
    fake.inject(
        SellercloudRoute::Token,
        Fault::RateLimit {
            status: 429,
            reset_after: Duration::from_secs(1),
        },
        1,
    );
    let r = client
        .post(format!("{}/api/token", fake.base_url()))
        .json(&json!({"Username": "fake-user", "Password": "fake-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(fake.tokens_issued(), 1, "only the directly issued token");
}

#[tokio::test]
async fn delay_answers_normally_after_waiting() {
    let fake = fake().await;
    let token = fake.issue_token();
    fake.inject(
        SellercloudRoute::CreatePurchaseOrder,
        Fault::Delay(Duration::from_millis(20)),
        1,
    );
    let r = create_request(&http(), &fake, &token).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(fake.purchase_orders().len(), 1);
    assert_eq!(
        fake.requests_to(SellercloudRoute::CreatePurchaseOrder)[0].fault,
        Some(Fault::Delay(Duration::from_millis(20)))
    );
}

#[tokio::test]
async fn a_client_that_gives_up_during_a_delay_sees_a_timeout_and_no_effect() {
    let fake = fake().await;
    let token = fake.issue_token();
    fake.inject(
        SellercloudRoute::CreatePurchaseOrder,
        Fault::Delay(Duration::from_millis(500)),
        1,
    );
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(50))
        .no_proxy()
        .tls_certs_only(Vec::new())
        .build()
        .unwrap();
    let error = create_request(&impatient, &fake, &token)
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    // Wait past the end of the delay: the abandoned request must not have run.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert!(fake.purchase_orders().is_empty());
}

#[tokio::test]
async fn drop_connection_gives_a_connection_error_and_no_effect() {
    let fake = fake().await;
    let token = fake.issue_token();
    let client = http();
    fake.inject(
        SellercloudRoute::CreatePurchaseOrder,
        Fault::DropConnection,
        1,
    );
    let error = create_request(&client, &fake, &token)
        .send()
        .await
        .unwrap_err();
    assert!(error.status().is_none());
    assert!(!error.is_timeout(), "{error:?}");
    assert!(error.is_request(), "closed before an answer: {error:?}");
    assert!(fake.purchase_orders().is_empty());

    let r = create_request(&client, &fake, &token).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let recorded = fake.requests_to(SellercloudRoute::CreatePurchaseOrder);
    assert_eq!(recorded.len(), 2, "the client did not silently resend");
    assert_eq!(recorded[0].fault, Some(Fault::DropConnection));
    assert_ne!(
        recorded[0].connection, recorded[1].connection,
        "a new connection was needed"
    );
}

#[tokio::test]
async fn apply_then_drop_answer_applies_the_effect_and_loses_the_answer() {
    let fake = fake().await;
    let token = fake.issue_token();
    let client = http();
    fake.inject(
        SellercloudRoute::CreatePurchaseOrder,
        Fault::ApplyThenDropAnswer,
        1,
    );
    let error = create_request(&client, &fake, &token)
        .send()
        .await
        .unwrap_err();
    assert!(error.status().is_none() && !error.is_timeout(), "{error:?}");
    assert_eq!(
        fake.purchase_orders().len(),
        1,
        "the purchase order was created"
    );

    fake.inject(SellercloudRoute::UpdateOrder, Fault::ApplyThenDropAnswer, 1);
    let error = client
        .put(format!("{}/api/Orders/1", fake.base_url()))
        .bearer_auth(&token)
        .json(&json!({"CustomerId": 42}))
        .send()
        .await
        .unwrap_err();
    assert!(error.status().is_none(), "{error:?}");
    assert_eq!(fake.order(1).unwrap().customer_id, Some(42));
}

#[tokio::test]
async fn truncated_body_fails_while_reading_and_applies_the_effect() {
    let fake = fake().await;
    let token = fake.issue_token();
    fake.inject(
        SellercloudRoute::CreatePurchaseOrder,
        Fault::TruncatedBody,
        1,
    );
    let r = create_request(&http(), &fake, &token).send().await.unwrap();
    assert_eq!(r.status(), 200, "status and headers arrive");
    let error = r.bytes().await.unwrap_err();
    assert!(
        error.is_decode() || error.is_body(),
        "incomplete body: {error:?}"
    );
    assert_eq!(fake.purchase_orders().len(), 1);
}

/// Reads a whole HTTP/1.1 exchange from a raw socket until the server closes it.
async fn raw_exchange(fake: &FakeSellercloud, request: String) -> (String, Vec<u8>) {
    let mut socket = tokio::net::TcpStream::connect(fake.addr()).await.unwrap();
    socket.write_all(request.as_bytes()).await.unwrap();
    let mut received = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), socket.read_to_end(&mut received))
        .await
        .expect("the fake closes the connection")
        .unwrap();
    let split = received
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head");
    let head = String::from_utf8(received[..split].to_vec()).unwrap();
    (head, received[split + 4..].to_vec())
}

fn raw_request(method: &str, path: &str, token: &str, body: &str) -> String {
    format!(
        "{method} {path} HTTP/1.1\r\nHost: fake\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

fn content_length(head: &str) -> usize {
    head.lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().to_owned())
        })
        .and_then(|v| v.parse().ok())
        .expect("a content-length")
}

#[tokio::test]
async fn truncated_body_sends_part_of_the_declared_length_on_the_wire() {
    let fake = fake().await;
    let token = fake.issue_token();
    fake.inject(
        SellercloudRoute::CreatePurchaseOrder,
        Fault::TruncatedBody,
        1,
    );
    let body = po_body().to_string();
    let (head, received) = raw_exchange(
        &fake,
        raw_request("POST", "/rest/api/PurchaseOrders", &token, &body),
    )
    .await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let declared = content_length(&head);
    assert!(!received.is_empty(), "part of the body was sent");
    assert!(
        received.len() < declared,
        "{} of {declared} bytes",
        received.len()
    );
    assert!(b"{\"Id\":".starts_with(&received[..received.len().min(6)]));

    // A PUT's empty answer is cut too: `{}` declared, one byte sent.
    fake.inject(SellercloudRoute::UpdateOrder, Fault::TruncatedBody, 1);
    let (head, received) = raw_exchange(
        &fake,
        raw_request("PUT", "/rest/api/Orders/1", &token, "{\"CustomerId\":3}"),
    )
    .await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert_eq!(
        (content_length(&head), received.as_slice()),
        (2, b"{".as_slice())
    );
    assert_eq!(fake.order(1).unwrap().customer_id, Some(3));
}

#[tokio::test]
async fn drop_connection_sends_no_byte_on_the_wire() {
    let fake = fake().await;
    let token = fake.issue_token();
    fake.inject(SellercloudRoute::UpdateOrder, Fault::DropConnection, 1);
    let mut socket = tokio::net::TcpStream::connect(fake.addr()).await.unwrap();
    socket
        .write_all(
            raw_request("PUT", "/rest/api/Orders/1", &token, "{\"CustomerId\":3}").as_bytes(),
        )
        .await
        .unwrap();
    let mut received = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), socket.read_to_end(&mut received))
        .await
        .expect("the fake closes the connection");
    // A reset instead of an orderly close is just as good: nothing was answered.
    assert!(
        received.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&received)
    );
    drop(read);
    assert_eq!(fake.order(1).unwrap().customer_id, None);
}

#[tokio::test]
async fn malformed_body_keeps_status_and_applies_the_effect() {
    let fake = fake().await;
    let token = fake.issue_token();
    let client = http();
    fake.inject(
        SellercloudRoute::CreatePurchaseOrder,
        Fault::MalformedBody,
        1,
    );
    let r = create_request(&client, &fake, &token).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");
    assert_eq!(fake.purchase_orders().len(), 1);

    fake.inject(SellercloudRoute::UpdateOrder, Fault::MalformedBody, 1);
    let r = client
        .put(format!("{}/api/Orders/1", fake.base_url()))
        .bearer_auth(&token)
        .json(&json!({"CustomerId": 5}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(serde_json::from_str::<Value>(&r.text().await.unwrap()).is_err());
    assert_eq!(fake.order(1).unwrap().customer_id, Some(5));
}

#[tokio::test]
async fn a_dropped_connection_does_not_affect_other_connections() {
    let fake = fake().await;
    let token = fake.issue_token();
    let steady = http();
    let order = |client: &reqwest::Client, id: i32| {
        client
            .put(format!("{}/api/Orders/1", fake.base_url()))
            .bearer_auth(&token)
            .json(&json!({"CustomerId": id}))
            .send()
    };
    assert_eq!(order(&steady, 1).await.unwrap().status(), 200);

    // Another client's request is dropped while `steady` keeps its connection open.
    fake.inject(SellercloudRoute::UpdateOrder, Fault::DropConnection, 1);
    assert!(order(&http(), 2).await.is_err());
    assert_eq!(order(&steady, 3).await.unwrap().status(), 200);

    let recorded = fake.requests_to(SellercloudRoute::UpdateOrder);
    assert_eq!(recorded.len(), 3);
    assert_eq!(
        recorded[0].connection, recorded[2].connection,
        "the steady connection survived"
    );
    assert_ne!(recorded[1].connection, recorded[0].connection);
    assert_eq!(fake.order(1).unwrap().customer_id, Some(3));
}

#[tokio::test]
async fn faults_stay_on_their_route_and_can_be_cleared() {
    let fake = fake().await;
    let token = fake.issue_token();
    fake.inject(
        SellercloudRoute::UpdatePurchaseOrderItems,
        Fault::status(500),
        5,
    );
    let r = create_request(&http(), &fake, &token).send().await.unwrap();
    assert_eq!(r.status(), 200, "another route is not affected");
    assert_eq!(
        fake.pending_faults(SellercloudRoute::UpdatePurchaseOrderItems),
        5
    );
    fake.clear_faults();
    assert_eq!(
        fake.pending_faults(SellercloudRoute::UpdatePurchaseOrderItems),
        0
    );
    assert_eq!(fake.faults_injected(), 0);
}

#[tokio::test]
async fn shopctrl_faults_work_the_same_way() {
    let fake = FakeShopCtrl::start(ShopCtrlConfig::demo()).await.unwrap();
    let route = shopctrl::ShopCtrlRoute::UpdatePurchaseOrderRow;
    fake.inject(route, Fault::status(503), 1);
    fake.inject(route, Fault::DropConnection, 1);
    fake.inject(route, Fault::ApplyThenDropAnswer, 1);
    let client = http();
    let send = |quantity: i32| {
        client
            .put(format!("{}/v1/PurchaseOrders/1/Rows", fake.base_url()))
            .basic_auth("fake-user", Some("fake-password"))
            .json(&json!({"Id": 11, "ItemQuantity": quantity}))
            .send()
    };
    assert_eq!(send(1).await.unwrap().status(), 503);
    assert!(send(2).await.is_err());
    assert_eq!(
        fake.row(1, 11).unwrap().item_quantity,
        Some(2.into()),
        "unchanged demo value"
    );
    assert!(send(3).await.is_err());
    assert_eq!(
        fake.row(1, 11).unwrap().item_quantity,
        Some(3.into()),
        "applied, answer lost"
    );
    assert_eq!(send(4).await.unwrap().status(), 200);
    assert_eq!(fake.faults_injected(), 3);
    assert_eq!(fake.requests_to(route).len(), 4);
}

#[tokio::test]
async fn shutdown_closes_the_port() {
    let fake = fake().await;
    let addr = fake.addr();
    fake.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());

    let dropped = FakeShopCtrl::start(ShopCtrlConfig::default())
        .await
        .unwrap();
    let url = format!("{}/v1/PurchaseOrders/1/Rows", dropped.base_url());
    drop(dropped);
    tokio::task::yield_now().await;
    assert!(http().put(url).json(&json!({})).send().await.is_err());
}
