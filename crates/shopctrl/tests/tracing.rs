//! One span per call, with the documented fields, and no secret in any
//! trace output. The only test in its binary: it installs the global
//! subscriber (which also forwards `log` records, as reqwest writes those).

mod common;

use common::*;
use shopctrl::{RowId, UpdatePurchaseOrderRow};
use std::io::Write;
use std::sync::{Arc, Mutex};
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::util::SubscriberInitExt as _;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[tokio::test]
async fn calls_are_traced_without_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish()
        .init();

    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(ROWS_PATH))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(ROWS_PATH))
        .respond_with(ResponseTemplate::new(200))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(ROWS_PATH))
        .respond_with(ResponseTemplate::new(401))
        .with_priority(3)
        .mount(&server)
        .await;
    let client = client(&server);

    client
        .purchase_orders()
        .update_row(
            PURCHASE_ORDER_ID,
            UpdatePurchaseOrderRow::new(RowId::new(1)),
        )
        .await
        .expect("the retry succeeds");
    client
        .purchase_orders()
        .update_row(
            PURCHASE_ORDER_ID,
            UpdatePurchaseOrderRow::new(RowId::new(1)),
        )
        .await
        .expect_err("the credentials are refused");

    let text = captured.text();
    assert_no_secret("trace output", &text);
    assert!(
        !text.to_ascii_lowercase().contains("authorization:"),
        "trace output shows an Authorization header: {text}"
    );

    // One span per call: two calls, two closed spans, whatever the attempts
    // (each attempt closes its own child span, `shopctrl.attempt`).
    let closed: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.contains("shopctrl.call") && l.contains("close") && !l.contains("shopctrl.attempt")
        })
        .collect();
    assert_eq!(closed.len(), 2, "{text}");
    assert!(
        closed[0].contains("operation=\"update_purchase_order_row\""),
        "{text}"
    );
    assert!(closed[0].contains("attempt=2"), "{text}");
    assert!(closed[0].contains("status=200"), "{text}");
    assert!(closed[0].contains("latency_ms="), "{text}");
    assert!(closed[1].contains("attempt=1"), "{text}");
    assert!(closed[1].contains("status=401"), "{text}");
    // The retry was reported inside the first call's span.
    assert!(
        text.lines()
            .any(|l| l.contains("retrying") && l.contains("shopctrl.call") && l.contains("503")),
        "{text}"
    );
}
