//! Shared helpers of the wiremock tests: a mock Sellercloud tenant on
//! loopback whose token endpoint issues `tok-1`, `tok-2`, ... in order.
#![allow(dead_code)]

use sellercloud::{Client, ClientBuilder, RetryPolicy};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const USERNAME: &str = "api.user@example.com";
pub const PASSWORD: &str = "pw-Zq8-correct-horse";
pub const TOKEN_PATH: &str = "/rest/api/token";

/// Issues `tok-1`, `tok-2`, ... with the given `expires_in`.
pub struct TokenSequence {
    issued: Arc<AtomicUsize>,
    expires_in: serde_json::Value,
    delay: Duration,
}

impl Respond for TokenSequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        let mut body = json!({
            "access_token": format!("tok-{n}"),
            "token_type": "Bearer",
            "username": USERNAME,
            ".issued": "2024-05-01T10:00:00",
        });
        if !self.expires_in.is_null() {
            body["expires_in"] = self.expires_in.clone();
        }
        ResponseTemplate::new(200)
            .set_body_json(body)
            .set_delay(self.delay)
    }
}

/// Mounts the token endpoint; `expires_in` null leaves the field out.
pub async fn mount_tokens(server: &MockServer, expires_in: serde_json::Value, delay: Duration) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(TokenSequence {
            issued: Arc::new(AtomicUsize::new(0)),
            expires_in,
            delay,
        })
        .mount(server)
        .await;
}

/// A server with a token endpoint issuing hour-long tokens.
pub async fn server() -> MockServer {
    let server = MockServer::start().await;
    mount_tokens(&server, json!(3600), Duration::ZERO).await;
    server
}

/// Retries fast enough for tests: 4 attempts, 1 ms initial backoff.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(4)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
        .with_max_elapsed(Duration::from_secs(10))
        .with_max_rate_limit_wait(Duration::from_secs(5))
}

pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(format!("{}/rest", server.uri()))
        .username(USERNAME)
        .password(PASSWORD)
        .request_timeout(Duration::from_secs(10))
        .retry_policy(fast_retries())
}

pub fn client(server: &MockServer) -> Client {
    builder(server).build().expect("client")
}

/// Requests the server received on `path_` (any method).
pub async fn count(server: &MockServer, path_: &str) -> usize {
    server
        .received_requests()
        .await
        .expect("recording is on")
        .iter()
        .filter(|r| r.url.path() == path_)
        .count()
}

/// The `Authorization` headers of the requests on `path_`, in order.
pub async fn authorizations(server: &MockServer, path_: &str) -> Vec<String> {
    server
        .received_requests()
        .await
        .expect("recording is on")
        .iter()
        .filter(|r| r.url.path() == path_)
        .map(|r| {
            r.headers
                .get("authorization")
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default()
        })
        .collect()
}

/// A rate-limit reset time `ms` milliseconds ahead, written like the
/// vendor's example (seven fractional digits, UTC), and its parsed value.
pub fn reset_in(ms: i64) -> (String, chrono::DateTime<chrono::FixedOffset>) {
    let at = chrono::Utc::now() + chrono::Duration::milliseconds(ms);
    let text = format!(
        "{}.{:07}Z",
        at.format("%Y-%m-%dT%H:%M:%S"),
        at.timestamp_subsec_nanos() / 100
    );
    let parsed = chrono::DateTime::parse_from_rfc3339(&text).expect("valid reset time");
    (text, parsed)
}

/// The Sellercloud rate-limit answer with `status`, resetting `ms` ahead.
pub fn rate_limited(status: u16, ms: i64) -> ResponseTemplate {
    let (reset, _) = reset_in(ms);
    ResponseTemplate::new(status)
        .set_body_json(json!({"Error": "Too many requests.", "RateLimitResetTime": reset}))
}
