//! No credential in any `Debug`, `Display`, error text or tracing output.
//!
//! - Every public type that holds a password or token is formatted every
//!   way (`{:?}`, `{:#?}`, `{}`): both clients and their builders, `Secret`,
//!   the request hooks, the fakes' configurations, handles and recorded
//!   requests.
//! - Errors of every kind both clients produce, from real failures: against
//!   the fakes (refused credentials, rate limits, timeouts, dropped
//!   connections, unreadable answers) and against a server that echoes each
//!   request (its `Authorization` header, the token request's password)
//!   back in its error bodies.
//! - The tracing output (TRACE, every span opened and closed) of a full
//!   quickstart walkthrough run against the fakes, plus every endpoint again
//!   through token expiry, retries and refused credentials. The tokens and
//!   `Authorization` values to look for are read off the wire by a
//!   recording proxy between the clients and the fakes.
//!
//! One global subscriber writes into a shared buffer for the whole binary
//! (tracing decides per call site whether anyone listens, so a subscriber
//! scoped to one test could miss events), and each test checks the whole
//! buffer for its secrets at its end.

use e2e_tests::loopback::{LoopbackServer, Reply, Request};
use e2e_tests::support;
use fakes::Fault;
use fakes::sellercloud::{
    FakeSellercloud, SellercloudConfig, SellercloudRoute as ScRoute, StoredOrder,
    StoredPurchaseOrder, StoredPurchaseOrderItem,
};
use fakes::shopctrl::{
    FakeShopCtrl, ShopCtrlConfig, ShopCtrlRoute as ShopRoute,
    StoredPurchaseOrderRows as ShopPurchaseOrder, StoredRow,
};
use rust_decimal::Decimal;
use sellercloud::{
    CreatePurchaseOrder, ItemUpdate, NewPurchaseOrderProduct, PoType, RetryPolicy, UpdateOrder,
    UpdatePurchaseOrderItems, UpdatePurchaseOrderTracking,
};
use shopctrl::UpdatePurchaseOrderRow;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;

// ------------------------------------------------------------ the capture

/// Everything the global subscriber writes.
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

/// Installs the subscriber (once per binary) and returns its buffer.
fn capture() -> &'static Captured {
    static CAPTURE: OnceLock<Captured> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let captured = Captured::default();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(captured.clone())
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(FmtSpan::NEW | FmtSpan::CLOSE)
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("the binary's only subscriber");
        captured
    })
}

/// The texts that must never be shown.
#[derive(Default, Debug)]
struct Secrets(Vec<String>);

impl Secrets {
    fn add(&mut self, secret: impl Into<String>) {
        let secret = secret.into();
        // Short strings would match by accident; every secret here is long.
        assert!(secret.len() >= 8, "too short to search for: {secret:?}");
        if !self.0.contains(&secret) {
            self.0.push(secret);
        }
    }

    #[track_caller]
    fn assert_absent(&self, what: &str, text: &str) {
        for secret in &self.0 {
            assert!(
                !text.contains(secret.as_str()),
                "{what} shows a secret ({secret:?}):\n{}",
                excerpt(text, secret)
            );
        }
    }
}

fn excerpt(text: &str, secret: &str) -> String {
    let at = text.find(secret).unwrap_or(0);
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(200)
        .map_or(0, |(i, _)| i);
    text[start..].chars().take(400 + secret.len()).collect()
}

/// `{:?}`, `{:#?}` and, where there is one, `{}` of a value.
fn formats<T: std::fmt::Debug>(value: &T) -> String {
    format!("{value:?}\n{value:#?}")
}

fn formats_display<T: std::fmt::Debug + std::fmt::Display>(value: &T) -> String {
    format!("{value:?}\n{value:#?}\n{value}")
}

/// Every way an error prints, its sources included.
fn error_text<E: std::error::Error>(e: &E) -> String {
    let mut text = format!("{e:?}\n{e:#?}\n{e}");
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(&format!("\n{s}\n{s:?}"));
        source = s.source();
    }
    text
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(2)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(2))
        .with_max_elapsed(Duration::from_secs(10))
        .with_max_rate_limit_wait(Duration::from_millis(100))
}

// ----------------------------------------------- a proxy that records bytes

/// A loopback TCP proxy in front of a fake that keeps a copy of every byte
/// in both directions, to read the tokens and `Authorization` values that
/// really crossed the wire.
struct Proxy {
    addr: SocketAddr,
    to_server: Arc<Mutex<Vec<u8>>>,
    to_client: Arc<Mutex<Vec<u8>>>,
    _server: LoopbackServer,
}

impl Proxy {
    async fn start(upstream: SocketAddr) -> Proxy {
        let to_server = Arc::new(Mutex::new(Vec::new()));
        let to_client = Arc::new(Mutex::new(Vec::new()));
        let (up, down) = (to_server.clone(), to_client.clone());
        let server = LoopbackServer::builder()
            .start_tcp(move |client: TcpStream| {
                let (up, down) = (up.clone(), down.clone());
                async move {
                    let Ok(server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    let (client_read, client_write) = client.into_split();
                    let (server_read, server_write) = server.into_split();
                    tokio::join!(
                        pipe(client_read, server_write, up),
                        pipe(server_read, client_write, down)
                    );
                }
            })
            .expect("loopback");
        Proxy {
            addr: server.addr(),
            to_server,
            to_client,
            _server: server,
        }
    }

    /// Every `access_token` the server sent.
    fn tokens(&self) -> Vec<String> {
        let text = String::from_utf8_lossy(&self.to_client.lock().unwrap()).into_owned();
        let mut out = Vec::new();
        for (at, _) in text.match_indices("\"access_token\"") {
            let rest = text[at + "\"access_token\"".len()..].trim_start();
            let Some(rest) = rest.strip_prefix(':') else {
                continue;
            };
            let Some(rest) = rest.trim_start().strip_prefix('"') else {
                continue;
            };
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].to_owned());
            }
        }
        out
    }

    /// Every `Authorization` header value the clients sent, and its
    /// credential part.
    fn authorization_values(&self) -> Vec<String> {
        let text = String::from_utf8_lossy(&self.to_server.lock().unwrap()).into_owned();
        let mut out = Vec::new();
        for line in text.split("\r\n") {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            if name.eq_ignore_ascii_case("authorization") {
                let value = value.trim().to_owned();
                if let Some((_, credential)) = value.split_once(' ') {
                    out.push(credential.trim().to_owned());
                }
                out.push(value);
            }
        }
        out
    }
}

async fn pipe(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    copy: Arc<Mutex<Vec<u8>>>,
) {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        match from.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                copy.lock().unwrap().extend_from_slice(&buf[..n]);
                if to.write_all(&buf[..n]).await.is_err() {
                    break;
                }
            }
        }
    }
    let _ = to.shutdown().await;
}

// -------------------------------------------- a server that echoes requests

const ECHO_TOKEN: &str = "echo-issued-token-7f3a9c1e55";

/// Answers every request (but a successful token request, when asked to
/// issue one) with `status` and the whole request, head and body, as the
/// body: the worst an error body can do with credentials. One answer per
/// connection.
struct EchoServer {
    addr: SocketAddr,
    _server: LoopbackServer,
}

impl EchoServer {
    async fn start(status: u16, issue_token: bool) -> EchoServer {
        let server =
            LoopbackServer::start(move |request: &Request| echo(request, status, issue_token))
                .expect("loopback");
        EchoServer {
            addr: server.addr(),
            _server: server,
        }
    }
}

fn echo(request: &Request, status: u16, issue_token: bool) -> Reply {
    let is_token = request.target().contains("/api/token");
    if issue_token && is_token {
        let body = format!(r#"{{"access_token":"{ECHO_TOKEN}","expires_in":3600}}"#);
        return Reply::response(200, "application/json", body).close();
    }
    // Both as plain text and inside the ASP.NET fields clients decode.
    let text = String::from_utf8_lossy(request.bytes()).into_owned();
    let json = serde_json::json!({
        "Message": format!("Rejected: {text}"),
        "ExceptionMessage": text,
        "ModelState": {"request": [text]},
    });
    Reply::response(status, "application/json", json.to_string()).close()
}

// ----------------------------------------------------------------- formats

const SC_PASSWORD: &str = "sc-password-Qx81-never-shown";
const SHOP_PASSWORD: &str = "shop-password-Vb27-never-shown";
const WRONG_PASSWORD: &str = "wrong-password-Kd55-never-shown";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn debug_and_display_never_show_credentials() {
    let captured = capture();
    let mut secrets = Secrets::default();
    secrets.add(SC_PASSWORD);
    secrets.add(SHOP_PASSWORD);
    secrets.add("a-token-in-a-header-Zr4");

    let secret = sellercloud::Secret::new(SC_PASSWORD);
    secrets.assert_absent("Secret", &formats_display(&secret));
    assert_eq!(secret.expose(), SC_PASSWORD, "the secret is there to hide");

    let sc_builder = sellercloud::Client::builder()
        .base_url("https://tt.api.sellercloud.com/rest")
        .username("api-user")
        .password(SC_PASSWORD);
    secrets.assert_absent("sellercloud::ClientBuilder", &formats(&sc_builder));
    let sc_client = sc_builder.build().unwrap();
    secrets.assert_absent("sellercloud::Client", &formats_display(&sc_client));
    secrets.assert_absent(
        "sellercloud endpoint handles",
        &format!("{:?}{:?}", sc_client.purchase_orders(), sc_client.orders()),
    );

    let shop_builder = shopctrl::Client::builder()
        .base_url("https://shop.example.com:52222")
        .username("api-user")
        .password(SHOP_PASSWORD);
    secrets.assert_absent("shopctrl::ClientBuilder", &formats(&shop_builder));
    let shop_client = shop_builder.build().unwrap();
    secrets.assert_absent("shopctrl::Client", &formats(&shop_client));
    secrets.assert_absent(
        "shopctrl handles",
        &format!("{:?}{:?}", shop_client.purchase_orders(), shop_client.api()),
    );

    let header =
        api_runtime::hooks::sensitive_header("Bearer a-token-in-a-header-Zr4").expect("a header");
    let hooks = api_runtime::hooks::RequestHooks::default().with_authorization(Arc::new(header));
    secrets.assert_absent("RequestHooks", &formats(&hooks));

    let sc_config = SellercloudConfig::new("fake-user", SC_PASSWORD);
    let shop_config = ShopCtrlConfig::new("fake-user", SHOP_PASSWORD)
        .with_purchase_order(ShopPurchaseOrder::new(3).with_row(StoredRow::new(31)));
    secrets.assert_absent("SellercloudConfig", &formats(&sc_config));
    secrets.assert_absent("ShopCtrlConfig", &formats(&shop_config));

    // The fakes, and what they record of requests that carry credentials.
    let sc_fake = FakeSellercloud::start(sc_config.with_order(StoredOrder::new(5001)))
        .await
        .unwrap();
    let shop_fake = FakeShopCtrl::start(shop_config).await.unwrap();
    secrets.assert_absent("FakeSellercloud", &formats(&sc_fake));
    secrets.assert_absent("FakeShopCtrl", &formats(&shop_fake));
    secrets.assert_absent("fake passwords", &formats_display(sc_fake.password()));
    let sc = support::sellercloud_builder(&sc_fake).build().unwrap();
    let shop = support::shopctrl_builder(&shop_fake).build().unwrap();
    sc.orders()
        .update(
            sellercloud::OrderId::new(5001),
            UpdateOrder::new().customer_id(9),
        )
        .await
        .unwrap();
    shop.purchase_orders()
        .update_row(
            shopctrl::PurchaseOrderId::new(3),
            UpdatePurchaseOrderRow::new(shopctrl::RowId::new(31)).comment("x"),
        )
        .await
        .unwrap();
    let issued = sc_fake.issue_token();
    secrets.add(issued.clone());
    let sc_requests = sc_fake.requests();
    let shop_requests = shop_fake.requests();
    assert!(sc_requests.len() >= 2 && !shop_requests.is_empty());
    secrets.assert_absent("recorded Sellercloud requests", &formats(&sc_requests));
    secrets.assert_absent("recorded ShopCtrl requests", &formats(&shop_requests));
    for r in &sc_requests {
        secrets.assert_absent("a recorded body", &r.body_text());
    }
    // The token request's password really was in the request: the fake
    // masked it, it did not just never see it.
    let token_request = sc_fake.requests_to(ScRoute::Token);
    assert!(token_request[0].body_text().contains(fakes::REDACTED));

    secrets.assert_absent("tracing output", &captured.text());
}

// ------------------------------------------------------------------- errors

/// The Sellercloud operations, one call each, in a fixed order.
async fn every_sellercloud_call(client: &sellercloud::Client) -> Vec<sellercloud::Result<()>> {
    vec![
        client
            .purchase_orders()
            .create(
                CreatePurchaseOrder::new()
                    .company_id(sellercloud::CompanyId::new(1))
                    .vendor_id(sellercloud::VendorId::new(2))
                    .po_type(PoType::PurchaseOrder)
                    .case_qty_mode(false)
                    .description("redaction")
                    .product(
                        NewPurchaseOrderProduct::new("RED-1")
                            .qty_units_ordered(2)
                            .unit_price(Decimal::new(150, 2)),
                    ),
            )
            .await
            .map(|_| ()),
        client
            .purchase_orders()
            .update_items(
                sellercloud::PurchaseOrderId::new(900),
                UpdatePurchaseOrderItems::unit_mode().item(
                    ItemUpdate::new(sellercloud::PurchaseOrderItemId::new(90001))
                        .qty_units_ordered(3),
                ),
            )
            .await,
        client
            .purchase_orders()
            .update_items(
                sellercloud::PurchaseOrderId::new(901),
                UpdatePurchaseOrderItems::case_mode().item(
                    ItemUpdate::new(sellercloud::PurchaseOrderItemId::new(90101))
                        .qty_cases_ordered(3),
                ),
            )
            .await,
        client
            .purchase_orders()
            .update_tracking(
                sellercloud::PurchaseOrderId::new(900),
                UpdatePurchaseOrderTracking::new()
                    .shipped_via_carrier("UPS")
                    .tracking_number("1Z999"),
            )
            .await,
        client
            .orders()
            .update(
                sellercloud::OrderId::new(5001),
                UpdateOrder::new().customer_id(77),
            )
            .await,
    ]
}

fn sellercloud_seeded(password: &str) -> SellercloudConfig {
    SellercloudConfig::new("red-user", password)
        .with_order(StoredOrder::new(5001))
        .with_purchase_order(StoredPurchaseOrder::new(900, false).with_item(
            StoredPurchaseOrderItem {
                qty_units_ordered: Some(1),
                ..StoredPurchaseOrderItem::new(90001, "RED-U")
            },
        ))
        .with_purchase_order(StoredPurchaseOrder::new(901, true).with_item(
            StoredPurchaseOrderItem {
                qty_cases_ordered: Some(1),
                ..StoredPurchaseOrderItem::new(90101, "RED-C")
            },
        ))
}

fn sellercloud_variant(e: &sellercloud::Error) -> &'static str {
    use sellercloud::Error as E;
    match e {
        E::Validation(_) => "Validation",
        E::Config { .. } => "Config",
        E::Authentication { .. } => "Authentication",
        E::Api { .. } => "Api",
        E::RateLimited { .. } => "RateLimited",
        E::Timeout { .. } => "Timeout",
        E::Transport { .. } => "Transport",
        E::Decode { .. } => "Decode",
        _ => "other",
    }
}

fn shopctrl_variant(e: &shopctrl::Error) -> &'static str {
    use shopctrl::Error as E;
    match e {
        E::Validation(_) => "Validation",
        E::Config { .. } => "Config",
        E::Authentication { .. } => "Authentication",
        E::Api { .. } => "Api",
        E::RateLimited { .. } => "RateLimited",
        E::Timeout { .. } => "Timeout",
        E::Transport { .. } => "Transport",
        E::Decode { .. } => "Decode",
        _ => "other",
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sellercloud_errors_of_every_kind_never_show_credentials() {
    let captured = capture();
    let mut secrets = Secrets::default();
    secrets.add(SC_PASSWORD);
    secrets.add(WRONG_PASSWORD);
    secrets.add(ECHO_TOKEN);
    let mut errors: Vec<sellercloud::Error> = Vec::new();

    // Validation, and configuration problems that involve the password.
    errors.push(CreatePurchaseOrder::new().build().unwrap_err());
    for url in [
        format!("http://api-user:{SC_PASSWORD}@tt.example.com/rest"),
        format!("https://api-user:{SC_PASSWORD}@tt.example.com/rest"),
    ] {
        let e = sellercloud::Client::builder()
            .base_url(url)
            .username("api-user")
            .password(SC_PASSWORD)
            .build()
            .unwrap_err();
        errors.push(e);
    }

    let fake = FakeSellercloud::start(sellercloud_seeded(SC_PASSWORD))
        .await
        .unwrap();
    let client = |password: &str| {
        support::sellercloud_builder(&fake)
            .password(password)
            .request_timeout(Duration::from_millis(300))
            .retry_policy(fast_retries())
            .build()
            .unwrap()
    };
    // Refused credentials.
    errors.extend(
        every_sellercloud_call(&client(WRONG_PASSWORD))
            .await
            .into_iter()
            .filter_map(Result::err),
    );
    // One fault per kind, on every operation's route.
    let routes = [
        ScRoute::CreatePurchaseOrder,
        ScRoute::UpdatePurchaseOrderItems,
        ScRoute::UpdatePurchaseOrderTrackingNumber,
        ScRoute::UpdateOrder,
    ];
    for fault in [
        Fault::RateLimit {
            status: 429,
            reset_after: Duration::from_secs(3600),
        },
        Fault::RateLimit {
            status: 409,
            reset_after: Duration::from_secs(3600),
        },
        Fault::Delay(Duration::from_millis(600)),
        Fault::DropConnection,
        Fault::MalformedBody,
        Fault::TruncatedBody,
        Fault::status(500),
    ] {
        // A fresh client per fault: a client that learnt a rate limit's
        // reset holds its later calls until then.
        let good = client(SC_PASSWORD);
        for route in routes {
            fake.inject(route, fault.clone(), 3);
        }
        // The update-items route is called twice per round.
        fake.inject(ScRoute::UpdatePurchaseOrderItems, fault.clone(), 3);
        errors.extend(
            every_sellercloud_call(&good)
                .await
                .into_iter()
                .filter_map(Result::err),
        );
        fake.clear_faults();
    }
    fake.inject(ScRoute::Token, Fault::status(503), 10);
    fake.expire_tokens();
    errors.extend(
        every_sellercloud_call(&client(SC_PASSWORD))
            .await
            .into_iter()
            .filter_map(Result::err),
    );
    fake.clear_faults();

    // A server that echoes each request into its error bodies: the token
    // request (with the password) and the calls (with the token).
    for (status, issue_token) in [
        (400, false),
        (401, false),
        (500, false),
        (400, true),
        (401, true),
        (500, true),
        (503, true),
    ] {
        let echo = EchoServer::start(status, issue_token).await;
        let client = sellercloud::Client::builder()
            .base_url(format!("http://{}/rest", echo.addr))
            .username("red-user")
            .password(SC_PASSWORD)
            .retry_policy(fast_retries())
            .build()
            .unwrap();
        errors.extend(
            every_sellercloud_call(&client)
                .await
                .into_iter()
                .filter_map(Result::err),
        );
    }

    let mut kinds: Vec<&str> = errors.iter().map(sellercloud_variant).collect();
    kinds.sort_unstable();
    kinds.dedup();
    assert_eq!(
        kinds,
        [
            "Api",
            "Authentication",
            "Config",
            "Decode",
            "RateLimited",
            "Timeout",
            "Transport",
            "Validation"
        ],
        "every kind of error was produced"
    );
    for e in &errors {
        secrets.assert_absent(
            &format!("sellercloud::Error::{}", sellercloud_variant(e)),
            &error_text(e),
        );
    }
    secrets.assert_absent("tracing output", &captured.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shopctrl_errors_of_every_kind_never_show_credentials() {
    let captured = capture();
    let mut secrets = Secrets::default();
    secrets.add(SHOP_PASSWORD);
    secrets.add(WRONG_PASSWORD);
    let mut errors: Vec<shopctrl::Error> = Vec::new();

    errors.push(
        UpdatePurchaseOrderRow::new(shopctrl::RowId::new(1))
            .product_code("x".repeat(101))
            .validate()
            .unwrap_err(),
    );
    for url in [
        format!("http://api-user:{SHOP_PASSWORD}@shop.example.com:52222"),
        format!("https://api-user:{SHOP_PASSWORD}@shop.example.com:52222"),
    ] {
        let e = shopctrl::Client::builder()
            .base_url(url)
            .username("api-user")
            .password(SHOP_PASSWORD)
            .build()
            .unwrap_err();
        errors.push(e);
    }

    let fake = FakeShopCtrl::start(
        ShopCtrlConfig::new("red-user", SHOP_PASSWORD)
            .with_purchase_order(ShopPurchaseOrder::new(3).with_row(StoredRow::new(31))),
    )
    .await
    .unwrap();
    let client = |password: &str| {
        support::shopctrl_builder(&fake)
            .password(password)
            .request_timeout(Duration::from_millis(300))
            .retry_policy(fast_retries())
            .build()
            .unwrap()
    };
    let row =
        || UpdatePurchaseOrderRow::new(shopctrl::RowId::new(31)).item_quantity(Decimal::new(25, 1));
    errors.extend(
        client(WRONG_PASSWORD)
            .purchase_orders()
            .update_row(shopctrl::PurchaseOrderId::new(3), row())
            .await
            .err(),
    );
    for fault in [
        Fault::RateLimit {
            status: 429,
            reset_after: Duration::from_secs(3600),
        },
        Fault::Delay(Duration::from_millis(600)),
        Fault::DropConnection,
        Fault::status(500),
        Fault::status(503),
    ] {
        // A fresh client per fault: a client that learnt a rate limit's
        // reset holds its later calls until then.
        let good = client(SHOP_PASSWORD);
        fake.inject(ShopRoute::UpdatePurchaseOrderRow, fault, 3);
        errors.extend(
            good.purchase_orders()
                .update_row(shopctrl::PurchaseOrderId::new(3), row())
                .await
                .err(),
        );
        fake.clear_faults();
    }
    // A server that echoes each request, its Authorization header
    // included, into its error bodies.
    for status in [400, 401, 500] {
        let echo = EchoServer::start(status, false).await;
        let client = shopctrl::Client::builder()
            .base_url(format!("http://{}", echo.addr))
            .username("red-user")
            .password(SHOP_PASSWORD)
            .retry_policy(fast_retries())
            .build()
            .unwrap();
        errors.extend(
            client
                .purchase_orders()
                .update_row(shopctrl::PurchaseOrderId::new(3), row())
                .await
                .err(),
        );
    }
    // The Basic value these credentials make, read off the wire rather
    // than computed.
    let proxy = Proxy::start(fake.addr()).await;
    let via_proxy = shopctrl::Client::builder()
        .base_url(format!("http://{}", proxy.addr))
        .username("red-user")
        .password(SHOP_PASSWORD)
        .build()
        .unwrap();
    via_proxy
        .purchase_orders()
        .update_row(shopctrl::PurchaseOrderId::new(3), row())
        .await
        .unwrap();
    let sent = proxy.authorization_values();
    assert!(
        sent.iter().any(|v| v.starts_with("Basic ")),
        "no Basic header seen: {sent:?}"
    );
    for value in sent {
        secrets.add(value);
    }

    let mut kinds: Vec<&str> = errors.iter().map(shopctrl_variant).collect();
    kinds.sort_unstable();
    kinds.dedup();
    // `Decode` needs a success body the client reads; the row update has
    // none (a 200 is a status only), so it cannot occur here.
    assert_eq!(
        kinds,
        [
            "Api",
            "Authentication",
            "Config",
            "RateLimited",
            "Timeout",
            "Transport",
            "Validation"
        ],
        "every kind of error was produced"
    );
    for e in &errors {
        secrets.assert_absent(
            &format!("shopctrl::Error::{}", shopctrl_variant(e)),
            &error_text(e),
        );
    }
    secrets.assert_absent("tracing output", &captured.text());
}

// ------------------------------------------------------------------ tracing

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tracing_of_a_quickstart_run_never_shows_credentials() {
    let captured = capture();
    let sc_fake = FakeSellercloud::start(SellercloudConfig::new("qs-user", SC_PASSWORD))
        .await
        .unwrap();
    let shop_fake = FakeShopCtrl::start(ShopCtrlConfig::new("qs-user", SHOP_PASSWORD))
        .await
        .unwrap();
    let sc_proxy = Proxy::start(sc_fake.addr()).await;
    let shop_proxy = Proxy::start(shop_fake.addr()).await;
    let sc = support::sellercloud_builder(&sc_fake)
        .base_url(format!("http://{}/rest", sc_proxy.addr))
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let shop = support::shopctrl_builder(&shop_fake)
        .base_url(format!("http://{}", shop_proxy.addr))
        .retry_policy(fast_retries())
        .build()
        .unwrap();

    let mut out = Vec::new();
    let report = quickstart::run_with(
        quickstart::SellercloudTarget::Fake {
            fake: &sc_fake,
            client: sc.clone(),
        },
        quickstart::ShopCtrlTarget::Fake {
            fake: &shop_fake,
            client: shop.clone(),
        },
        &mut out,
    )
    .await
    .expect("the quickstart runs");
    assert!(report.is_success(), "{}", String::from_utf8_lossy(&out));

    // Every endpoint again, through what the happy path does not show: a
    // token expiring (a second token, a 401 answered by renewal), retried
    // faults, rate limits, and refused credentials.
    sc_fake.seed_purchase_order(StoredPurchaseOrder::new(900, false).with_item(
        StoredPurchaseOrderItem {
            qty_units_ordered: Some(1),
            ..StoredPurchaseOrderItem::new(90001, "RED-U")
        },
    ));
    sc_fake.seed_purchase_order(StoredPurchaseOrder::new(901, true).with_item(
        StoredPurchaseOrderItem {
            qty_cases_ordered: Some(1),
            ..StoredPurchaseOrderItem::new(90101, "RED-C")
        },
    ));
    sc_fake.seed_order(StoredOrder::new(5001));
    shop_fake.seed_purchase_order(ShopPurchaseOrder::new(3).with_row(StoredRow::new(31)));
    sc_fake.expire_tokens();
    sc_fake.inject(ScRoute::UpdateOrder, Fault::status(503), 1);
    sc_fake.inject(
        ScRoute::UpdatePurchaseOrderItems,
        Fault::RateLimit {
            status: 429,
            reset_after: Duration::from_millis(5),
        },
        1,
    );
    sc_fake.inject(
        ScRoute::UpdatePurchaseOrderTrackingNumber,
        Fault::DropConnection,
        1,
    );
    for result in every_sellercloud_call(&sc).await {
        result.expect("retried to success");
    }
    shop_fake.inject(ShopRoute::UpdatePurchaseOrderRow, Fault::status(503), 1);
    shop.purchase_orders()
        .update_row(
            shopctrl::PurchaseOrderId::new(3),
            UpdatePurchaseOrderRow::new(shopctrl::RowId::new(31)).comment("again"),
        )
        .await
        .expect("retried to success");
    let wrong = support::shopctrl_builder(&shop_fake)
        .base_url(format!("http://{}", shop_proxy.addr))
        .password(WRONG_PASSWORD)
        .build()
        .unwrap();
    assert!(
        wrong
            .purchase_orders()
            .update_row(
                shopctrl::PurchaseOrderId::new(3),
                UpdatePurchaseOrderRow::new(shopctrl::RowId::new(31))
            )
            .await
            .is_err()
    );

    let mut secrets = Secrets::default();
    secrets.add(SC_PASSWORD);
    secrets.add(SHOP_PASSWORD);
    secrets.add(WRONG_PASSWORD);
    let tokens = sc_proxy.tokens();
    assert!(
        tokens.len() >= 2,
        "a token before and after the expiry: {}",
        tokens.len()
    );
    let sent = [
        sc_proxy.authorization_values(),
        shop_proxy.authorization_values(),
    ]
    .concat();
    assert!(sent.iter().any(|v| v.starts_with("Bearer ")));
    assert!(sent.iter().any(|v| v.starts_with("Basic ")));
    for value in tokens.into_iter().chain(sent) {
        secrets.add(value);
    }

    let text = captured.text();
    // The capture saw the calls, at every level, with their fields: a
    // subscriber that caught nothing would pass the check below trivially.
    for expected in [
        "sellercloud.call",
        "sellercloud.attempt",
        "shopctrl.call",
        "operation=\"create_purchase_order\"",
        "operation=\"update_purchase_order_row\"",
        "status=503",
        "TRACE",
        "DEBUG",
    ] {
        assert!(text.contains(expected), "the capture lacks {expected}");
    }
    secrets.assert_absent("tracing output", &text);
    secrets.assert_absent("walkthrough output", &String::from_utf8_lossy(&out));
}

// ------------------------------------------- secrets across the 2 KiB cut

/// A password with a quote and a backslash, so its JSON form differs.
const CUT_PASSWORD: &str = r#"cut-pw"Qx\81-nEver-shOwn"#;
const CUT_TOKEN: &str = "Tk9vQ2cZr7xWm4Lp0Jd5";

/// Where the secret straddles the 2 KiB cut of error bodies.
#[derive(Clone, Copy, Debug)]
enum Straddling {
    Raw,
    JsonEscaped,
    Base64,
}

fn json_escaped(secret: &str) -> String {
    let quoted = serde_json::to_string(secret).unwrap();
    quoted[1..quoted.len() - 1].to_owned()
}

fn base64_of(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// An error body holding `secret` plainly, JSON-escaped and Base64-encoded
/// (alone and as a Basic pair), the `straddling` form across byte 2048.
fn body_across_the_cut(secret: &str, straddling: Straddling) -> String {
    let forms = [
        secret.to_owned(),
        json_escaped(secret),
        base64_of(&format!("red-user:{secret}")),
        base64_of(secret),
    ];
    let first = match straddling {
        Straddling::Raw => 0,
        Straddling::JsonEscaped => 1,
        Straddling::Base64 => 2,
    };
    let filler = "f".repeat(api_runtime::body::MAX_RAW_ERROR_TEXT - forms[first].len() / 2);
    let mut body = format!("{filler}{}", forms[first]);
    for (i, form) in forms.iter().enumerate() {
        if i != first {
            body.push_str(&format!(" | {form}"));
        }
    }
    body
}

/// Answers every call with `status` and the body across the cut, plain
/// text or inside an ASP.NET `Message`; a token request with a token, or
/// (`token_fails`) with a proxy's plain-text 502 page echoing the password.
fn cut_echo(
    request: &Request,
    status: u16,
    json: bool,
    token_fails: bool,
    straddling: Straddling,
) -> Reply {
    let body = body_across_the_cut(CUT_PASSWORD, straddling);
    if request.target().contains("/api/token") {
        if token_fails {
            return Reply::response(502, "text/plain", body).close();
        }
        let token = format!(r#"{{"access_token":"{CUT_TOKEN}","expires_in":3600}}"#);
        return Reply::response(200, "application/json", token).close();
    }
    if json {
        let json = serde_json::json!({"Message": body, "ExceptionMessage": body});
        Reply::response(status, "application/json", json.to_string()).close()
    } else {
        Reply::response(status, "text/plain", body).close()
    }
}

/// Every fragment of `secret` long enough to give it away: each 6-character
/// run of it and of its JSON form, and the middle of its Base64 form at
/// each alignment.
fn fragments(secret: &str) -> Vec<String> {
    let mut out = Vec::new();
    for form in [secret.to_owned(), json_escaped(secret)] {
        let chars: Vec<char> = form.chars().collect();
        out.extend(chars.windows(6).map(|w| w.iter().collect::<String>()));
    }
    for lead in ["", "a", "ab"] {
        let encoded = base64_of(&format!("{lead}{secret}"));
        out.push(encoded[4..encoded.len() - 4].to_owned());
    }
    out
}

#[track_caller]
fn assert_no_fragment(what: &str, text: &str, secret: &str) {
    for fragment in fragments(secret) {
        assert!(
            !text.contains(&fragment),
            "{what} shows a fragment of a secret ({fragment:?}):\n{}",
            excerpt(text, &fragment)
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_across_the_cut_escaped_or_encoded_never_survive() {
    let captured = capture();
    let mut texts = Vec::new();
    for straddling in [Straddling::Raw, Straddling::JsonEscaped, Straddling::Base64] {
        for (status, json, token_fails) in [
            (400, false, false),
            (500, true, false),
            (502, false, true),
            (401, true, false),
        ] {
            let server = LoopbackServer::start(move |r: &Request| {
                cut_echo(r, status, json, token_fails, straddling)
            })
            .expect("loopback");
            let sellercloud = sellercloud::Client::builder()
                .base_url(format!("http://{}/rest", server.addr()))
                .username("red-user")
                .password(CUT_PASSWORD)
                .retry_policy(fast_retries())
                .build()
                .unwrap();
            let errors: Vec<_> = every_sellercloud_call(&sellercloud)
                .await
                .into_iter()
                .filter_map(Result::err)
                .collect();
            assert!(!errors.is_empty(), "{straddling:?} {status}");
            texts.extend(errors.iter().map(|e| {
                (
                    format!("sellercloud {straddling:?} {status}"),
                    error_text(e),
                )
            }));
            let shopctrl = shopctrl::Client::builder()
                .base_url(format!("http://{}", server.addr()))
                .username("red-user")
                .password(CUT_PASSWORD)
                .retry_policy(fast_retries())
                .build()
                .unwrap();
            let e = shopctrl
                .purchase_orders()
                .update_row(
                    shopctrl::PurchaseOrderId::new(3),
                    UpdatePurchaseOrderRow::new(shopctrl::RowId::new(31)).comment("cut"),
                )
                .await
                .unwrap_err();
            texts.push((format!("shopctrl {straddling:?} {status}"), error_text(&e)));
        }
    }
    // The bodies really were cut with the secret on the cut: the kept text
    // ends where the cut is, and the user name is shown, not scrubbed.
    assert!(texts.iter().any(|(_, t)| t.contains("...")));
    assert!(texts.iter().any(|(_, t)| t.contains("[redacted]")));
    for (what, text) in &texts {
        assert_no_fragment(what, text, CUT_PASSWORD);
        assert_no_fragment(what, text, CUT_TOKEN);
    }
    assert_no_fragment("tracing output", &captured.text(), CUT_PASSWORD);
    assert_no_fragment("tracing output", &captured.text(), CUT_TOKEN);
}
