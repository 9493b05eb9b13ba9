//! Both clients trace alike: the same spans (`<vendor>.call` and one
//! `<vendor>.attempt` per attempt) with the same fields. Alone in its test
//! binary, so no other test's calls reach the captured output or the
//! callsites' cached interest.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn mock_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path_regex("/api/token$"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"access_token": "tok-1", "expires_in": 3600})),
        )
        .mount(&server)
        .await;
    // One 503, then 200, on either client's operation.
    let operation = "/(api/PurchaseOrders/7/TrackingNumber|v1/PurchaseOrders/7/Rows)$";
    Mock::given(method("PUT"))
        .and(path_regex(operation))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path_regex(operation))
        .respond_with(ResponseTemplate::new(200))
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

fn policy() -> sellercloud::RetryPolicy {
    sellercloud::RetryPolicy::default().with_initial_backoff(Duration::from_millis(1))
}

/// Captured `tracing` output.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// The closed spans' lines of one call, with the vendor's prefix replaced by
/// `VENDOR` and the latency values by `N`, so the two clients' can be compared.
fn span_shapes(text: &str, prefix: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.contains(" close ") || l.ends_with("close"))
        .filter(|l| l.contains(prefix))
        .map(|l| {
            let l = &l[l.find(prefix).unwrap()..];
            // The name prefix and the target (`sellercloud: close`) are the
            // vendor's own; everything else must match.
            let target = format!(" {}: ", prefix.trim_end_matches('.'));
            let l = l.replace(prefix, "VENDOR").replace(&target, " VENDOR: ");
            let mut shaped = String::new();
            let mut rest = l.as_str();
            while let Some(i) = rest.find("latency_ms=") {
                shaped.push_str(&rest[..i + "latency_ms=".len()]);
                rest = &rest[i + "latency_ms=".len()..];
                rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
                shaped.push('N');
            }
            shaped.push_str(rest);
            shaped
        })
        .collect()
}

#[tokio::test]
async fn both_clients_trace_the_same_spans_and_fields() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .without_time()
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = mock_server().await;
    sellercloud::Client::builder()
        .base_url(format!("{}/rest", server.uri()))
        .username("user")
        .password("pa55-word")
        .retry_policy(policy())
        .build()
        .unwrap()
        .purchase_orders()
        .update_tracking(
            sellercloud::PurchaseOrderId::new(7),
            sellercloud::UpdatePurchaseOrderTracking::new().tracking_number("1Z"),
        )
        .await
        .unwrap();
    let sellercloud_text = String::from_utf8(captured.0.lock().unwrap().split_off(0)).unwrap();

    let server = mock_server().await;
    shopctrl::Client::builder()
        .base_url(server.uri())
        .username("user")
        .password("pa55-word")
        .retry_policy(policy())
        .build()
        .unwrap()
        .purchase_orders()
        .update_row(
            shopctrl::PurchaseOrderId::new(7),
            shopctrl::UpdatePurchaseOrderRow::new(shopctrl::RowId::new(1)).comment("x"),
        )
        .await
        .unwrap();
    let shopctrl_text = String::from_utf8(captured.0.lock().unwrap().split_off(0)).unwrap();

    let sellercloud = span_shapes(&sellercloud_text, "sellercloud.");
    let shopctrl = span_shapes(&shopctrl_text, "shopctrl.");
    // Two attempts (a 503, then 200) and the call, each closed once.
    assert_eq!(sellercloud.len(), 3, "{sellercloud_text}");
    assert_eq!(
        sellercloud
            .iter()
            .filter(|l| !l.contains("VENDORattempt"))
            .count(),
        1,
        "{sellercloud:#?}"
    );
    assert_eq!(
        sellercloud
            .iter()
            .filter(|l| l.contains("VENDORattempt"))
            .count(),
        2
    );
    // The same names and fields, apart from the operation's name.
    let normalise = |lines: Vec<String>| -> Vec<String> {
        lines
            .into_iter()
            .map(|l| {
                l.replace("update_purchase_order_tracking_number", "OP")
                    .replace("update_purchase_order_row", "OP")
            })
            .collect()
    };
    assert_eq!(normalise(sellercloud), normalise(shopctrl));
    for text in [&sellercloud_text, &shopctrl_text] {
        assert!(
            text.contains("status=503") && text.contains("status=200"),
            "{text}"
        );
        assert!(text.contains("attempt=2"), "{text}");
    }
}
