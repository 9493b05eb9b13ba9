//! No password or token in `Debug`, `Display`, errors or tracing output.

mod common;

use common::*;
use sellercloud::{
    Client, CompanyId, OrderId, PurchaseOrderId, UpdateOrder, UpdatePurchaseOrderTracking,
};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "tok-Xy7-issued-secret-token";
const TRACKING_PATH: &str = "/rest/api/PurchaseOrders/7/TrackingNumber";

#[track_caller]
fn assert_clean(what: &str, text: &str) {
    assert!(
        !text.contains(PASSWORD),
        "{what} shows the password: {text}"
    );
    assert!(!text.contains(TOKEN), "{what} shows the token: {text}");
}

fn formats<T: std::fmt::Debug + std::fmt::Display>(value: &T) -> String {
    format!("{value:?}\n{value:#?}\n{value}")
}

#[tokio::test]
async fn client_and_configuration_never_show_secrets() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": TOKEN, "expires_in": 3600})),
        )
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(TRACKING_PATH))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;

    let builder = builder(&server);
    assert_clean("ClientBuilder", &format!("{builder:?}\n{builder:#?}"));
    let client = builder.build().unwrap();
    client
        .purchase_orders()
        .update_tracking(
            PurchaseOrderId::new(7),
            UpdatePurchaseOrderTracking::new().tracking_number("1Z"),
        )
        .await
        .unwrap();
    // The token is cached inside the client now.
    assert_clean("Client", &formats(&client));
    assert!(format!("{client:?}").contains(USERNAME));
    assert_eq!(count(&server, TRACKING_PATH).await, 1);
}

#[tokio::test]
async fn errors_never_show_secrets_even_when_the_server_echoes_them() {
    let server = MockServer::start().await;
    // A token endpoint that quotes the credentials back.
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "Message": format!("Invalid password '{PASSWORD}' for {USERNAME}"),
            "ModelState": {"Password": [format!("'{PASSWORD}' is wrong")]}
        })))
        .mount(&server)
        .await;

    let e = client(&server)
        .purchase_orders()
        .update_tracking(
            PurchaseOrderId::new(7),
            UpdatePurchaseOrderTracking::new().tracking_number("1Z"),
        )
        .await
        .unwrap_err();

    assert!(matches!(
        e,
        sellercloud::Error::Authentication {
            status: Some(401),
            ..
        }
    ));
    assert_clean("token error", &formats(&e));
    assert!(e.to_string().contains("Invalid password"), "{e}");
}

#[tokio::test]
async fn api_errors_never_show_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": TOKEN, "expires_in": 3600})),
        )
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/rest/api/Orders/3"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "Message": format!("token {TOKEN} may not change CompanyId"),
            "ModelState": {"request.CompanyId": [format!("denied for {TOKEN}")]}
        })))
        .mount(&server)
        .await;

    let e = client(&server)
        .orders()
        .update(
            OrderId::new(3),
            UpdateOrder::new().company_id(CompanyId::new(2)),
        )
        .await
        .unwrap_err();

    assert!(
        matches!(e, sellercloud::Error::Api { status: 400, .. }),
        "{e}"
    );
    assert_clean("api error", &formats(&e));
    assert!(e.to_string().contains("may not change CompanyId"), "{e}");
}

#[test]
fn configuration_errors_never_show_secrets() {
    let e = Client::builder()
        .base_url("http://example.com/rest")
        .username(USERNAME)
        .password(PASSWORD)
        .build()
        .unwrap_err();
    assert_clean("config error", &formats(&e));
}
