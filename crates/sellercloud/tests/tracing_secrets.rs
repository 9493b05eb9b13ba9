//! No password or token in tracing output, with every level enabled.
//!
//! Alone in its test binary: tracing caches per-callsite interest globally,
//! and other tests hitting the same callsites on other threads without a
//! subscriber could switch them off for this one.

mod common;

use common::*;
use sellercloud::{CompanyId, OrderId, PurchaseOrderId, UpdateOrder, UpdatePurchaseOrderTracking};
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "tok-Xy7-issued-secret-token";
const TRACKING_PATH: &str = "/rest/api/PurchaseOrders/7/TrackingNumber";

/// Collects everything the subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

#[track_caller]
fn assert_clean(what: &str, text: &str) {
    assert!(
        !text.contains(PASSWORD),
        "{what} shows the password: {text}"
    );
    assert!(!text.contains(TOKEN), "{what} shows the token: {text}");
}

#[tokio::test]
async fn tracing_output_never_shows_secrets() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": TOKEN, "expires_in": 3600})),
        )
        .mount(&server)
        .await;
    // Refuse the token once (renewal path), then fail with an error body.
    Mock::given(method("PUT"))
        .and(path(TRACKING_PATH))
        .respond_with(ResponseTemplate::new(401))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(TRACKING_PATH))
        .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
        .mount(&server)
        .await;

    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_ansi(false)
        .finish();
    // A second tenant whose token endpoint quotes the password back.
    let echoing = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(400).set_body_string(format!("bad password {PASSWORD}")),
        )
        .mount(&echoing)
        .await;
    let (result, auth_error) = {
        let _guard = tracing::subscriber::set_default(subscriber);
        let client = client(&server);
        let r = client
            .purchase_orders()
            .update_tracking(
                PurchaseOrderId::new(7),
                UpdatePurchaseOrderTracking::new().tracking_number("1Z"),
            )
            .await;
        tracing::info!(client = ?client, "done");
        let auth_error = common::client(&echoing)
            .orders()
            .update(
                OrderId::new(3),
                UpdateOrder::new().company_id(CompanyId::new(1)),
            )
            .await;
        (r, auth_error)
    };
    assert!(matches!(
        auth_error,
        Err(sellercloud::Error::Authentication {
            status: Some(400),
            ..
        })
    ));

    let e = result.unwrap_err();
    assert!(
        matches!(e, sellercloud::Error::Api { status: 503, .. }),
        "{e}"
    );
    let logs = captured.text();
    // The span and its fields are there ...
    assert!(logs.contains("sellercloud.call"), "{logs}");
    assert!(
        logs.contains("operation=\"update_purchase_order_tracking_number\""),
        "{logs}"
    );
    assert!(logs.contains("attempt=4 status=503 latency_ms="), "{logs}");
    assert!(logs.contains("bad password [redacted]"), "{logs}");
    // ... and the secrets are not.
    assert_clean("tracing output", &logs);
}
