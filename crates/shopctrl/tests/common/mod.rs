//! Shared set-up for the mock-server tests: a loopback wiremock server and a
//! client with tiny retry waits, so that the suite stays fast and bounded.
#![allow(dead_code)]

use shopctrl::{Client, ClientBuilder, RetryPolicy};
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const USERNAME: &str = "api-user";
/// Distinctive, so that a leak is easy to spot in any output.
pub const PASSWORD: &str = "Pa55-w0rd-never-print-me";
/// `base64("api-user:Pa55-w0rd-never-print-me")`, the Basic credentials.
pub const ENCODED: &str = "YXBpLXVzZXI6UGE1NS13MHJkLW5ldmVyLXByaW50LW1l";
pub const PURCHASE_ORDER_ID: shopctrl::PurchaseOrderId = shopctrl::PurchaseOrderId::new(7);
pub const ROWS_PATH: &str = "/v1/PurchaseOrders/7/Rows";

/// Three attempts at most, 1 ms initial backoff, 5 s overall.
pub fn tiny_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(2))
        .with_max_elapsed(Duration::from_secs(5))
        .with_max_rate_limit_wait(Duration::from_secs(1))
}

pub fn builder(base_url: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .username(USERNAME)
        .password(PASSWORD)
        .connect_timeout(Duration::from_secs(2))
        .request_timeout(Duration::from_secs(5))
        .retry_policy(tiny_retries())
}

pub fn client(server: &MockServer) -> Client {
    builder(&server.uri()).build().expect("test client")
}

/// Answers every row update with `template`.
pub async fn answer(server: &MockServer, template: ResponseTemplate) {
    Mock::given(method("PUT"))
        .and(path(ROWS_PATH))
        .respond_with(template)
        .mount(server)
        .await;
}

pub async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// Fails the test if `text` shows the password or the Basic credentials.
pub fn assert_no_secret(what: &str, text: &str) {
    assert!(
        !text.contains(PASSWORD),
        "{what} shows the password: {text}"
    );
    assert!(
        !text.contains(ENCODED),
        "{what} shows the Basic credentials: {text}"
    );
}
