//! What the Sellercloud SDK costs over calling the API by hand with reqwest.
//!
//! One process, one loopback server written here (a minimal HTTP/1.1
//! responder, so that the server is as cheap as possible and the client side
//! dominates), two clients: the ergonomic `sellercloud::Client` and a
//! hand-written `reqwest::Client` call that sends the same bytes (checked
//! at the server before anything is measured). Every figure that compares
//! the two is a ratio of measurements taken interleaved, so that load from
//! other processes hits both sides alike.
//!
//! 1. per-call latency (median, p99) of `update_tracking` (a PUT), and of
//!    `create` with 1,000 products (large body);
//! 2. throughput at 1, 16 and 64 concurrent calls;
//! 3. token requests when 1,000 calls start at once on a cold client
//!    (asserted: exactly 1);
//! 4. building, validating and serializing a create-PO request with 1,000
//!    products (criterion, plus medians for the summary);
//! 5. `xtask generate` and `xtask check` with the built xtask binary.
//!
//! Modes: `cargo bench -p e2e-tests --bench sdk_overhead` is the quick mode
//! (under two minutes of measuring); `SDK_OVERHEAD_FULL=1` measures longer;
//! criterion's `--test` flag runs everything once with tiny counts. Counts
//! (same request bytes, token requests, requests per call, new connections)
//! are asserted; times never are.
//!
//! Other switches: `SDK_OVERHEAD_WORKERS` (Tokio worker threads, default
//! one per CPU), `SDK_OVERHEAD_XTASK` (the xtask binary to time), and
//! `SDK_OVERHEAD_PROFILE` (see [`profile_loop`]) to run one kind of call for
//! a profiler. See BENCHMARKS.md for how to read the output.

use bytes::{Buf, BytesMut};
use criterion::{BatchSize, Criterion};
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue};
use rust_decimal::Decimal;
use sellercloud::{CreatePurchaseOrder, PoType, PurchaseOrderProduct, TrackingUpdate};
use serde::Serialize;
use std::fmt::Write as _;
use std::hint::black_box;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const PO_ID: i32 = 1001;
const CARRIER: &str = "UPS";
const TRACKING: &str = "1Z999AA10123456784";
const USERNAME: &str = "bench.user@example.com";
const PASSWORD: &str = "bench-password";
/// The one token the server issues: both clients then send the same bytes.
const TOKEN: &str = "bench-token-0123456789abcdef";
/// The `api-version` header the generated client adds to every request.
const API_VERSION: &str = "2024.1.0";
const PRODUCTS: usize = 1_000;
const CONCURRENCY: [usize; 3] = [1, 16, 64];
const COLD_CALLS: usize = 1_000;

// ---------------------------------------------------------------------------
// Modes

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// `--test`, or run without `--bench` (as `cargo test --all-targets`
    /// does): everything once, tiny counts (a smoke run), so the test suite
    /// checks the bench's assertions without spending minutes measuring.
    Smoke,
    /// The default: a few minutes at most on two busy cores.
    Quick,
    /// `SDK_OVERHEAD_FULL=1`: longer runs, steadier figures.
    Full,
}

struct Plan {
    warmup_calls: usize,
    latency_calls: usize,
    large_calls: usize,
    rounds: usize,
    round: Duration,
    xtask_runs: usize,
    micro_runs: usize,
}

impl Mode {
    fn detect() -> Mode {
        // `cargo bench` passes `--bench`; `cargo test` does not.
        let args: Vec<String> = std::env::args().collect();
        if args.iter().any(|a| a == "--test") || !args.iter().any(|a| a == "--bench") {
            Mode::Smoke
        } else if std::env::var_os("SDK_OVERHEAD_FULL").is_some_and(|v| v != "0") {
            Mode::Full
        } else {
            Mode::Quick
        }
    }

    fn plan(self) -> Plan {
        match self {
            Mode::Smoke => Plan {
                warmup_calls: 20,
                latency_calls: 200,
                large_calls: 10,
                rounds: 2,
                round: Duration::from_millis(50),
                xtask_runs: 1,
                micro_runs: 3,
            },
            Mode::Quick => Plan {
                warmup_calls: 1_000,
                latency_calls: 10_000,
                large_calls: 300,
                rounds: 25,
                round: Duration::from_millis(200),
                xtask_runs: 3,
                micro_runs: 31,
            },
            Mode::Full => Plan {
                warmup_calls: 3_000,
                latency_calls: 50_000,
                large_calls: 2_000,
                rounds: 75,
                round: Duration::from_millis(300),
                xtask_runs: 7,
                micro_runs: 201,
            },
        }
    }
}

// ---------------------------------------------------------------------------
// The loopback server

/// Counters and switches of the loopback server.
#[derive(Default)]
struct ServerState {
    connections: AtomicU64,
    requests: AtomicU64,
    token_requests: AtomicU64,
    /// How long the token endpoint takes to answer, in milliseconds (the
    /// cold-start test widens the window in which calls pile up).
    token_delay_ms: AtomicU64,
    /// Set: the next request (other than a token request) is kept whole.
    capture: AtomicBool,
    captured: Mutex<Option<Vec<u8>>>,
}

struct Server {
    addr: SocketAddr,
    state: Arc<ServerState>,
}

impl Server {
    /// Starts the server on `runtime` (its own threads, or the callers').
    fn start(runtime: &tokio::runtime::Handle) -> Server {
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("bind a loopback port");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(ServerState::default());
        let accept_state = state.clone();
        runtime.spawn(async move {
            let listener = TcpListener::from_std(listener).expect("tokio listener");
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    continue;
                };
                let _ = socket.set_nodelay(true);
                accept_state.connections.fetch_add(1, Ordering::Relaxed);
                tokio::spawn(serve_connection(socket, accept_state.clone()));
            }
        });
        Server { addr, state }
    }

    fn base_url(&self) -> String {
        format!("http://{}/rest", self.addr)
    }

    fn connections(&self) -> u64 {
        self.state.connections.load(Ordering::Relaxed)
    }

    fn token_requests(&self) -> u64 {
        self.state.token_requests.load(Ordering::Relaxed)
    }

    /// The whole next request `call` makes (other than token requests).
    async fn capture<F: Future<Output = ()>>(&self, call: F) -> Vec<u8> {
        self.state.capture.store(true, Ordering::SeqCst);
        call.await;
        self.state
            .captured
            .lock()
            .unwrap()
            .take()
            .expect("the server saw the request")
    }
}

const OK_EMPTY: &[u8] = b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n";
const CREATED: &[u8] =
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{\"Id\":4242}";
const DENIED: &[u8] = b"HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: 61\r\n\r\n{\"Message\":\"Authorization has been denied for this request.\"}";

fn token_answer() -> Vec<u8> {
    let body = format!(r#"{{"access_token":"{TOKEN}","token_type":"bearer","expires_in":3600}}"#);
    format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// A keep-alive HTTP/1.1 connection: answers each request as soon as it is
/// complete. Knows only what the benchmark sends (`content-length` bodies).
async fn serve_connection(mut socket: TcpStream, state: Arc<ServerState>) {
    let mut buf = BytesMut::with_capacity(16 * 1024);
    loop {
        while let Some(head_end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = &buf[..head_end];
            let mut content_length = 0usize;
            let mut authorized = false;
            let mut lines = head.split(|b| *b == b'\n');
            let request_line = lines.next().unwrap_or_default();
            for line in lines {
                let Some(colon) = line.iter().position(|b| *b == b':') else {
                    continue;
                };
                let (name, value) = (&line[..colon], line[colon + 1..].trim_ascii());
                if name.eq_ignore_ascii_case(b"content-length") {
                    content_length = std::str::from_utf8(value)
                        .ok()
                        .and_then(|v| v.parse().ok())
                        .expect("a numeric content-length");
                } else if name.eq_ignore_ascii_case(b"authorization") {
                    authorized = value.starts_with(b"Bearer ");
                } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
                    panic!("the benchmark server does not read chunked bodies");
                }
            }
            let total = head_end + 4 + content_length;
            if buf.len() < total {
                break;
            }
            state.requests.fetch_add(1, Ordering::Relaxed);
            let path = request_line
                .split(|b| *b == b' ')
                .nth(1)
                .unwrap_or_default();
            let is_post = request_line.starts_with(b"POST ");
            let answer: std::borrow::Cow<'static, [u8]> =
                if is_post && path.ends_with(b"/api/token") {
                    state.token_requests.fetch_add(1, Ordering::Relaxed);
                    let delay = state.token_delay_ms.load(Ordering::Relaxed);
                    if delay > 0 {
                        tokio::time::sleep(Duration::from_millis(delay)).await;
                    }
                    token_answer().into()
                } else {
                    if state.capture.swap(false, Ordering::SeqCst) {
                        *state.captured.lock().unwrap() = Some(buf[..total].to_vec());
                    }
                    if !authorized {
                        DENIED.into()
                    } else if is_post && path.ends_with(b"/api/PurchaseOrders") {
                        CREATED.into()
                    } else {
                        OK_EMPTY.into()
                    }
                };
            if socket.write_all(&answer).await.is_err() {
                return;
            }
            buf.advance(total);
        }
        buf.reserve(64 * 1024);
        match socket.read_buf(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
    }
}

// ---------------------------------------------------------------------------
// The two clients

/// The hand-written baseline: one `reqwest::Client` configured as the SDK
/// configures its own, a token fetched once, and the documented request.
#[derive(Clone)]
struct Raw {
    http: reqwest::Client,
    base: Arc<str>,
    authorization: HeaderValue,
}

#[derive(Serialize)]
struct RawTracking<'a> {
    #[serde(rename = "ShippedViaCarrier")]
    carrier: &'a str,
    #[serde(rename = "TrackingNumber")]
    number: &'a str,
}

#[derive(Serialize)]
struct RawCreate<'a> {
    #[serde(rename = "CaseQtyMode")]
    case_qty_mode: bool,
    #[serde(rename = "CompanyID")]
    company_id: i32,
    #[serde(rename = "POType")]
    po_type: &'a str,
    #[serde(rename = "Products")]
    products: Vec<RawProduct>,
    #[serde(rename = "VendorID")]
    vendor_id: i32,
}

#[derive(Serialize)]
struct RawProduct {
    #[serde(rename = "ProductID")]
    product_id: String,
    #[serde(rename = "QtyUnitsOrdered")]
    qty_units_ordered: i32,
    #[serde(rename = "UnitPrice", with = "api_runtime::wire::decimal")]
    unit_price: Decimal,
}

#[derive(serde::Deserialize)]
struct RawCreated {
    #[serde(rename = "Id")]
    id: i32,
}

impl Raw {
    async fn connect(base: &str) -> Raw {
        // The SDK's own settings (crates/sellercloud/src/client.rs), so that
        // the comparison is of the code around the request, not of the
        // connection settings.
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .user_agent(format!("sellercloud-rust/{}", env!("CARGO_PKG_VERSION")))
            .tcp_keepalive(Duration::from_secs(60))
            .pool_idle_timeout(Duration::from_secs(90))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("reqwest client");
        #[derive(Serialize)]
        struct Credentials<'a> {
            #[serde(rename = "Username")]
            username: &'a str,
            #[serde(rename = "Password")]
            password: &'a str,
        }
        #[derive(serde::Deserialize)]
        struct TokenAnswer {
            access_token: String,
        }
        let token: TokenAnswer = http
            .post(format!("{base}/api/token"))
            .header("api-version", API_VERSION)
            .json(&Credentials {
                username: USERNAME,
                password: PASSWORD,
            })
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("token request")
            .json()
            .await
            .expect("token answer");
        let mut authorization =
            HeaderValue::from_str(&format!("Bearer {}", token.access_token)).expect("header");
        authorization.set_sensitive(true);
        Raw {
            http,
            base: base.into(),
            authorization,
        }
    }

    async fn update_tracking(&self) {
        let response = self
            .http
            .put(format!(
                "{}/api/PurchaseOrders/{PO_ID}/TrackingNumber",
                self.base
            ))
            .json(&RawTracking {
                carrier: CARRIER,
                number: TRACKING,
            })
            .header("api-version", API_VERSION)
            .header(AUTHORIZATION, self.authorization.clone())
            .send()
            .await
            .expect("raw call");
        assert!(
            response.status().is_success(),
            "raw call: {}",
            response.status()
        );
    }

    async fn create(&self, body: &RawCreate<'_>) -> i32 {
        let created: RawCreated = self
            .http
            .post(format!("{}/api/PurchaseOrders", self.base))
            .header(ACCEPT, "application/json")
            .json(body)
            .header("api-version", API_VERSION)
            .header(AUTHORIZATION, self.authorization.clone())
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("raw create")
            .json()
            .await
            .expect("raw create answer");
        created.id
    }
}

fn sdk_client(base: &str) -> sellercloud::Client {
    sellercloud::Client::builder()
        .base_url(base)
        .username(USERNAME)
        .password(PASSWORD)
        .build()
        .expect("sdk client")
}

async fn sdk_update_tracking(client: &sellercloud::Client) {
    client
        .purchase_orders()
        .update_tracking(
            PO_ID,
            TrackingUpdate::new()
                .shipped_via_carrier(CARRIER)
                .tracking_number(TRACKING),
        )
        .await
        .expect("sdk call");
}

/// Either client, for the loops that run both.
#[derive(Clone)]
enum Side {
    Raw(Raw),
    Sdk(sellercloud::Client),
}

impl Side {
    async fn call(&self) {
        match self {
            Side::Raw(raw) => raw.update_tracking().await,
            Side::Sdk(client) => sdk_update_tracking(client).await,
        }
    }
}

fn product_line(i: usize) -> (String, i32, Decimal) {
    (
        format!("SKU-{i:05}"),
        i32::try_from(i % 48 + 1).unwrap(),
        Decimal::new(199 + i64::try_from(i).unwrap() * 7, 2),
    )
}

fn create_request() -> CreatePurchaseOrder {
    CreatePurchaseOrder::new()
        .company_id(1)
        .vendor_id(20)
        .po_type(PoType::PurchaseOrder)
        .case_qty_mode(false)
        .products((0..PRODUCTS).map(|i| {
            let (sku, qty, price) = product_line(i);
            PurchaseOrderProduct::new(sku)
                .qty_units_ordered(qty)
                .unit_price(price)
        }))
}

fn raw_create_body() -> RawCreate<'static> {
    RawCreate {
        case_qty_mode: false,
        company_id: 1,
        po_type: "PurchaseOrder",
        products: (0..PRODUCTS)
            .map(|i| {
                let (product_id, qty_units_ordered, unit_price) = product_line(i);
                RawProduct {
                    product_id,
                    qty_units_ordered,
                    unit_price,
                }
            })
            .collect(),
        vendor_id: 20,
    }
}

// ---------------------------------------------------------------------------
// Measurements

#[derive(Clone, Copy)]
struct Stats {
    median: Duration,
    p99: Duration,
}

fn stats(samples: &mut [Duration]) -> Stats {
    samples.sort_unstable();
    let at = |q: f64| {
        let i = ((samples.len() as f64 - 1.0) * q).round() as usize;
        samples[i]
    };
    Stats {
        median: at(0.5),
        p99: at(0.99),
    }
}

fn median_f64(values: &mut [f64]) -> f64 {
    values.sort_unstable_by(f64::total_cmp);
    values[values.len() / 2]
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// Sequential calls, raw and SDK alternating (and alternating which goes
/// first), each timed on its own.
async fn latency<R, S, FR, FS>(n: usize, raw: R, sdk: S) -> (Stats, Stats)
where
    R: Fn() -> FR,
    S: Fn() -> FS,
    FR: Future<Output = ()>,
    FS: Future<Output = ()>,
{
    let mut raw_samples = Vec::with_capacity(n);
    let mut sdk_samples = Vec::with_capacity(n);
    for i in 0..n {
        for side in [i % 2, 1 - i % 2] {
            let started = Instant::now();
            if side == 0 {
                raw().await;
                raw_samples.push(started.elapsed());
            } else {
                sdk().await;
                sdk_samples.push(started.elapsed());
            }
        }
    }
    (stats(&mut raw_samples), stats(&mut sdk_samples))
}

/// CPU time this process has used so far, summed over its threads (Linux:
/// `/proc/self/task/*/schedstat`, nanosecond resolution); `None` elsewhere.
/// Dividing a round's calls by the CPU it used takes out what other
/// processes on a shared machine take away, which wall-clock rates cannot.
fn process_cpu() -> Option<Duration> {
    let mut total = 0u64;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let path = task.ok()?.path().join("schedstat");
        // A thread may end between listing and reading: skip it.
        let Ok(stat) = std::fs::read_to_string(path) else {
            continue;
        };
        total += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(Duration::from_nanos(total))
}

/// One round: `concurrency` tasks calling back to back for `length`.
struct Round {
    /// Calls per wall-clock second.
    cps: f64,
    /// Process CPU per call (client, server and both runtimes), if known.
    cpu_per_call: Option<Duration>,
}

async fn throughput_round(side: &Side, concurrency: usize, length: Duration) -> Round {
    let cpu_before = process_cpu();
    let started = Instant::now();
    let deadline = started + length;
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let side = side.clone();
            tokio::spawn(async move {
                let mut calls = 0u64;
                while Instant::now() < deadline {
                    side.call().await;
                    calls += 1;
                }
                calls
            })
        })
        .collect();
    let mut calls = 0;
    for task in tasks {
        calls += task.await.expect("caller task");
    }
    let elapsed = started.elapsed();
    let cpu = process_cpu()
        .zip(cpu_before)
        .map(|(a, b)| a.saturating_sub(b));
    Round {
        cps: calls as f64 / elapsed.as_secs_f64(),
        cpu_per_call: cpu.map(|c| c / u32::try_from(calls.max(1)).unwrap_or(u32::MAX)),
    }
}

struct Throughput {
    concurrency: usize,
    raw_cps: f64,
    sdk_cps: f64,
    /// Median of the per-pair SDK/raw ratios of calls per second.
    ratio: f64,
    /// Median process CPU per call.
    raw_cpu: Option<Duration>,
    sdk_cpu: Option<Duration>,
    /// Median of the per-pair raw/SDK ratios of CPU per call: calls per
    /// CPU-second, SDK over raw.
    cpu_ratio: Option<f64>,
    raw_new_connections: u64,
    sdk_new_connections: u64,
}

/// Rounds of raw and SDK calls in pairs (which goes first alternates), so
/// that a change in machine load affects both halves of a pair alike; the
/// ratios are medians over the pairs.
async fn throughput(
    server: &Server,
    raw: &Side,
    sdk: &Side,
    concurrency: usize,
    plan: &Plan,
) -> Throughput {
    // Warm-up opens the connections this concurrency needs on both clients.
    throughput_round(raw, concurrency, plan.round * 2).await;
    throughput_round(sdk, concurrency, plan.round * 2).await;
    let (mut raw_cps, mut sdk_cps, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let (mut raw_cpu, mut sdk_cpu, mut cpu_ratios) = (Vec::new(), Vec::new(), Vec::new());
    let (mut raw_new, mut sdk_new) = (0, 0);
    for pair in 0..plan.rounds {
        let measure = async |side: &Side, new: &mut u64| {
            let before = server.connections();
            let round = throughput_round(side, concurrency, plan.round).await;
            *new += server.connections() - before;
            round
        };
        let (r, s) = if pair % 2 == 0 {
            let r = measure(raw, &mut raw_new).await;
            (r, measure(sdk, &mut sdk_new).await)
        } else {
            let s = measure(sdk, &mut sdk_new).await;
            (measure(raw, &mut raw_new).await, s)
        };
        raw_cps.push(r.cps);
        sdk_cps.push(s.cps);
        ratios.push(s.cps / r.cps);
        if let (Some(rc), Some(sc)) = (r.cpu_per_call, s.cpu_per_call) {
            raw_cpu.push(rc.as_secs_f64());
            sdk_cpu.push(sc.as_secs_f64());
            cpu_ratios.push(rc.as_secs_f64() / sc.as_secs_f64());
        }
    }
    let median_cpu =
        |v: &mut Vec<f64>| (!v.is_empty()).then(|| Duration::from_secs_f64(median_f64(v)));
    Throughput {
        concurrency,
        raw_cps: median_f64(&mut raw_cps),
        sdk_cps: median_f64(&mut sdk_cps),
        ratio: median_f64(&mut ratios),
        raw_cpu: median_cpu(&mut raw_cpu),
        sdk_cpu: median_cpu(&mut sdk_cpu),
        cpu_ratio: (!cpu_ratios.is_empty()).then(|| median_f64(&mut cpu_ratios)),
        raw_new_connections: raw_new,
        sdk_new_connections: sdk_new,
    }
}

/// A captured request: its request line, its headers (in wire order, names
/// in lower case, the token masked) and its body.
struct Captured {
    request_line: String,
    headers: Vec<String>,
    body: String,
}

impl Captured {
    fn parse(request: &[u8]) -> Captured {
        let head_end = request
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a complete head");
        let head = String::from_utf8_lossy(&request[..head_end]);
        let mut lines = head.split("\r\n");
        let request_line = lines.next().unwrap_or_default().to_owned();
        let headers: Vec<String> = lines
            .map(|l| {
                let (name, value) = l.split_once(':').unwrap_or((l, ""));
                let value = value.trim().replace(TOKEN, "<token>");
                format!("{}: {value}", name.to_ascii_lowercase())
            })
            .collect();
        Captured {
            request_line,
            headers,
            body: String::from_utf8_lossy(&request[head_end + 4..]).into_owned(),
        }
    }

    /// Panics, showing where they differ, unless both sent the same request
    /// line, the same headers in the same order and the same body: the
    /// same bytes.
    fn assert_same(raw: &Captured, sdk: &Captured, what: &str) {
        if raw.request_line == sdk.request_line
            && raw.headers == sdk.headers
            && raw.body == sdk.body
        {
            return;
        }
        let at = raw
            .body
            .bytes()
            .zip(sdk.body.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(raw.body.len().min(sdk.body.len()));
        let around = |b: &str| {
            let from = at.saturating_sub(40);
            b.get(from..(at + 40).min(b.len())).unwrap_or("").to_owned()
        };
        panic!(
            "{what}: the baseline must send what the SDK sends\nraw: {}\n  {:?}\n  body ({} bytes) near byte {at}: {}\nsdk: {}\n  {:?}\n  body ({} bytes) near byte {at}: {}",
            raw.request_line,
            raw.headers,
            raw.body.len(),
            around(&raw.body),
            sdk.request_line,
            sdk.headers,
            sdk.body.len(),
            around(&sdk.body),
        );
    }
}

// ---------------------------------------------------------------------------
// xtask

struct XtaskTimes {
    binary: PathBuf,
    generate: Duration,
    check: Duration,
    runs: usize,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// The binary `cargo xtask` runs (the dev profile), unless
/// `SDK_OVERHEAD_XTASK` names another one.
fn xtask_binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("SDK_OVERHEAD_XTASK") {
        return Some(PathBuf::from(path));
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    let exe = format!("xtask{}", std::env::consts::EXE_SUFFIX);
    ["debug", "release"]
        .iter()
        .map(|profile| target.join(profile).join(&exe))
        .find(|p| p.is_file())
}

/// A copy of what the xtask reads and writes: openapi/ and the generated
/// files, so that timing it never touches the working tree.
fn xtask_sandbox() -> PathBuf {
    let root = workspace_root();
    let sandbox = std::env::temp_dir().join(format!("sdk-overhead-xtask-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&sandbox);
    std::fs::create_dir_all(sandbox.join("openapi")).expect("sandbox");
    for entry in std::fs::read_dir(root.join("openapi")).expect("openapi/") {
        let entry = entry.expect("openapi/ entry");
        if entry.file_type().is_ok_and(|t| t.is_file()) {
            std::fs::copy(
                entry.path(),
                sandbox.join("openapi").join(entry.file_name()),
            )
            .expect("copy a spec");
        }
    }
    for krate in ["sellercloud-api", "shopctrl-api"] {
        let from = root.join("crates").join(krate).join("src/generated.rs");
        let to = sandbox.join("crates").join(krate).join("src");
        std::fs::create_dir_all(&to).expect("sandbox crate dir");
        std::fs::copy(from, to.join("generated.rs")).expect("copy generated.rs");
    }
    sandbox
}

fn time_xtask(runs: usize) -> Result<XtaskTimes, String> {
    let binary = xtask_binary().ok_or(
        "no built xtask (target/debug/xtask); build it with `cargo build -p xtask` or set SDK_OVERHEAD_XTASK",
    )?;
    let sandbox = xtask_sandbox();
    let run = |command: &str| -> Result<Duration, String> {
        let started = Instant::now();
        let out = std::process::Command::new(&binary)
            .arg("--root")
            .arg(&sandbox)
            .arg(command)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
        let elapsed = started.elapsed();
        if !out.status.success() {
            return Err(format!(
                "`xtask {command}` failed ({}); is {} older than the specs? {}",
                out.status,
                binary.display(),
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .next()
                    .unwrap_or("")
            ));
        }
        Ok(elapsed)
    };
    let result = (|| {
        let (mut generate, mut check) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            generate.push(run("generate")?);
            check.push(run("check")?);
        }
        Ok(XtaskTimes {
            binary: binary.clone(),
            generate: stats(&mut generate).median,
            check: stats(&mut check).median,
            runs,
        })
    })();
    let _ = std::fs::remove_dir_all(&sandbox);
    result
}

// ---------------------------------------------------------------------------
// Create-PO request cost (criterion, plus medians for the summary)

fn criterion_create_po(c: &mut Criterion) {
    let mut group = c.benchmark_group("create_po_1000_products");
    group.bench_function("build_request", |b| b.iter(|| black_box(create_request())));
    group.bench_function("validate", |b| {
        let request = create_request();
        b.iter_batched(
            || request.clone(),
            |r| black_box(r.build().expect("valid")),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("serialize", |b| {
        let body = create_request().build().expect("valid");
        b.iter(|| black_box(serde_json::to_vec(&body).expect("serializes")))
    });
    group.bench_function("build_validate_serialize", |b| {
        b.iter(|| {
            let body = create_request().build().expect("valid");
            black_box(serde_json::to_vec(&body).expect("serializes"))
        })
    });
    group.bench_function("raw_struct_serialize", |b| {
        let body = raw_create_body();
        b.iter(|| black_box(serde_json::to_vec(&body).expect("serializes")))
    });
    group.finish();
}

struct CreatePoCost {
    build: Duration,
    validate: Duration,
    serialize: Duration,
    raw_serialize: Duration,
    bytes: usize,
}

fn create_po_cost(runs: usize) -> CreatePoCost {
    let (mut build, mut validate, mut serialize, mut raw_serialize) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let raw = raw_create_body();
    let mut bytes = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let request = black_box(create_request());
        build.push(t.elapsed());
        let t = Instant::now();
        let body = black_box(request.build().expect("valid"));
        validate.push(t.elapsed());
        let t = Instant::now();
        bytes = black_box(serde_json::to_vec(&body).expect("serializes")).len();
        serialize.push(t.elapsed());
        let t = Instant::now();
        black_box(serde_json::to_vec(&raw).expect("serializes"));
        raw_serialize.push(t.elapsed());
    }
    CreatePoCost {
        build: stats(&mut build).median,
        validate: stats(&mut validate).median,
        serialize: stats(&mut serialize).median,
        raw_serialize: stats(&mut raw_serialize).median,
        bytes,
    }
}

// ---------------------------------------------------------------------------

struct Report {
    mode: Mode,
    rows: Vec<[String; 5]>,
    notes: Vec<String>,
}

impl Report {
    fn row(&mut self, what: impl Into<String>, raw: String, sdk: String, ratio: String, v: &str) {
        self.rows.push([what.into(), raw, sdk, ratio, v.to_owned()]);
    }

    fn print(&self) {
        let headers = ["measurement", "raw reqwest", "sdk", "sdk/raw", "target"];
        let mut widths = headers.map(str::len);
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        let line = |out: &mut String, cells: [&str; 5]| {
            out.push('|');
            for (cell, w) in cells.iter().zip(widths) {
                let _ = write!(out, " {cell:<w$} |");
            }
            out.push('\n');
        };
        let _ = writeln!(out, "\n== sdk_overhead summary ({:?} mode) ==", self.mode);
        line(&mut out, headers);
        out.push('|');
        for w in widths {
            let _ = write!(out, "{}|", "-".repeat(w + 2));
        }
        out.push('\n');
        for row in &self.rows {
            line(&mut out, row.each_ref().map(String::as_str));
        }
        for note in &self.notes {
            let _ = writeln!(out, "- {note}");
        }
        println!("{out}");
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "MISSED" }
}

async fn network_benchmarks(plan: &Plan, report: &mut Report, server: &tokio::runtime::Handle) {
    let server = Server::start(server);
    let base = server.base_url();
    let raw = Raw::connect(&base).await;
    let sdk = sdk_client(&base);
    println!(
        "size of one call's future: raw {} bytes, sdk {} bytes",
        std::mem::size_of_val(&raw.update_tracking()),
        std::mem::size_of_val(&sdk_update_tracking(&sdk))
    );

    // The same bytes: request line, headers (any order) and body.
    let raw_request = Captured::parse(&server.capture(raw.update_tracking()).await);
    let sdk_request = Captured::parse(&server.capture(sdk_update_tracking(&sdk)).await);
    Captured::assert_same(&raw_request, &sdk_request, "update_tracking");
    report.notes.push(
        "update_tracking: both clients send the same bytes (request line, headers in order, body)"
            .into(),
    );
    println!(
        "both clients send:\n  {}\n  {}\n\n  {}",
        sdk_request.request_line,
        sdk_request.headers.join("\n  "),
        sdk_request.body
    );
    let raw_body = raw_create_body();
    let raw_create = server.capture(async {
        raw.create(&raw_body).await;
    });
    let raw_create = Captured::parse(&raw_create.await);
    let sdk_create = server.capture(async {
        sdk.purchase_orders()
            .create(create_request())
            .await
            .expect("sdk create");
    });
    let sdk_create = Captured::parse(&sdk_create.await);
    Captured::assert_same(&raw_create, &sdk_create, "create");
    report.notes.push(
        "create: both clients send the same bytes (request line, headers in order, body)".into(),
    );

    // 1. Latency, sequential calls on warm clients.
    for _ in 0..plan.warmup_calls {
        raw.update_tracking().await;
        sdk_update_tracking(&sdk).await;
    }
    let connections_before = server.connections();
    let (raw_lat, sdk_lat) = latency(
        plan.latency_calls,
        || raw.update_tracking(),
        || sdk_update_tracking(&sdk),
    )
    .await;
    let new_connections = server.connections() - connections_before;
    assert!(
        new_connections <= 2,
        "sequential calls must reuse their connection; {new_connections} new connections for {} calls",
        2 * plan.latency_calls
    );
    let ratio = us(sdk_lat.median) / us(raw_lat.median);
    report.row(
        format!(
            "update_tracking latency median ({} calls each)",
            plan.latency_calls
        ),
        format!("{:.1} µs", us(raw_lat.median)),
        format!("{:.1} µs", us(sdk_lat.median)),
        format!("{ratio:.3}"),
        if ratio <= 1.05 {
            "<= 1.05: met"
        } else {
            "<= 1.05: MISSED"
        },
    );
    report.row(
        "update_tracking latency p99",
        format!("{:.1} µs", us(raw_lat.p99)),
        format!("{:.1} µs", us(sdk_lat.p99)),
        format!("{:.3}", us(sdk_lat.p99) / us(raw_lat.p99)),
        "(reported)",
    );
    report.notes.push(format!(
        "update_tracking: the SDK adds {:.1} µs to the median call ({:.1} µs at p99)",
        us(sdk_lat.median) - us(raw_lat.median),
        us(sdk_lat.p99) - us(raw_lat.p99)
    ));
    report.notes.push(format!(
        "sequential phase: {new_connections} new connection(s) for {} calls (keep-alive)",
        2 * plan.latency_calls
    ));

    // Large body: create with 1,000 products, each side building its body
    // per call as a caller would (SDK: builder, validation, serialization,
    // send; raw: a serde struct, serialization, send).
    for _ in 0..plan.large_calls.div_ceil(10) {
        raw.create(&raw_create_body()).await;
        sdk.purchase_orders()
            .create(create_request())
            .await
            .unwrap();
    }
    let (raw_big, sdk_big) = latency(
        plan.large_calls,
        || async {
            raw.create(&raw_create_body()).await;
        },
        || async {
            sdk.purchase_orders()
                .create(create_request())
                .await
                .expect("sdk create");
        },
    )
    .await;
    report.row(
        format!(
            "create 1,000 products latency median ({} each)",
            plan.large_calls
        ),
        format!("{:.1} µs", us(raw_big.median)),
        format!("{:.1} µs", us(sdk_big.median)),
        format!("{:.3}", us(sdk_big.median) / us(raw_big.median)),
        "(reported; sdk validates)",
    );

    // 2. Throughput.
    let (raw_side, sdk_side) = (Side::Raw(raw.clone()), Side::Sdk(sdk.clone()));
    for concurrency in CONCURRENCY {
        let t = throughput(&server, &raw_side, &sdk_side, concurrency, plan).await;
        let micros = |d: Option<Duration>| d.map_or("-".into(), |d| format!("{:.1} µs", us(d)));
        println!(
            "throughput x{:<3} raw {:>8.0}/s  sdk {:>8.0}/s  ratio {:.3};  CPU per call raw {} sdk {}, calls per CPU-second ratio {};  new connections raw {} sdk {}",
            t.concurrency,
            t.raw_cps,
            t.sdk_cps,
            t.ratio,
            micros(t.raw_cpu),
            micros(t.sdk_cpu),
            t.cpu_ratio.map_or("-".into(), |r| format!("{r:.3}")),
            t.raw_new_connections,
            t.sdk_new_connections
        );
        let limit = (concurrency * plan.rounds) as u64;
        assert!(
            t.raw_new_connections <= limit && t.sdk_new_connections <= limit,
            "connections must be reused: raw opened {}, sdk {} during the measured rounds at concurrency {concurrency}",
            t.raw_new_connections,
            t.sdk_new_connections
        );
        let target = |ratio: f64| {
            if ratio >= 0.95 {
                ">= 0.95: met"
            } else {
                ">= 0.95: MISSED"
            }
        };
        report.row(
            format!("throughput, {concurrency} concurrent (calls/s)"),
            format!("{:.0}", t.raw_cps),
            format!("{:.0}", t.sdk_cps),
            format!("{:.3}", t.ratio),
            target(t.ratio),
        );
        if let Some(cpu_ratio) = t.cpu_ratio {
            report.row(
                "  same, per CPU-second (CPU per call)",
                micros(t.raw_cpu),
                micros(t.sdk_cpu),
                format!("{cpu_ratio:.3}"),
                target(cpu_ratio),
            );
        }
        report.notes.push(format!(
            "throughput x{concurrency}: new connections during measured rounds: raw {}, sdk {}",
            t.raw_new_connections, t.sdk_new_connections
        ));
    }

    // 3. Cold client, 1,000 calls at once: one token request.
    server.state.token_delay_ms.store(50, Ordering::Relaxed);
    let cold = sdk_client(&base);
    let before = server.token_requests();
    let requests_before = server.state.requests.load(Ordering::Relaxed);
    let started = Instant::now();
    let calls: Vec<_> = (0..COLD_CALLS)
        .map(|_| {
            let client = cold.clone();
            tokio::spawn(async move { sdk_update_tracking(&client).await })
        })
        .collect();
    for call in calls {
        call.await.expect("cold call");
    }
    let cold_elapsed = started.elapsed();
    let token_requests = server.token_requests() - before;
    let requests = server.state.requests.load(Ordering::Relaxed) - requests_before;
    server.state.token_delay_ms.store(0, Ordering::Relaxed);
    println!(
        "cold client: {COLD_CALLS} concurrent calls made {token_requests} token request(s) ({:.0} ms in all)",
        cold_elapsed.as_secs_f64() * 1e3
    );
    assert_eq!(
        token_requests, 1,
        "{COLD_CALLS} calls on a cold client must share one token request"
    );
    assert_eq!(
        requests,
        COLD_CALLS as u64 + 1,
        "one request per call and one token request, nothing sent twice"
    );
    report.row(
        format!("token requests, {COLD_CALLS} calls at once, cold client"),
        "-".into(),
        token_requests.to_string(),
        "-".into(),
        verdict(token_requests == 1),
    );
}

/// `SDK_OVERHEAD_PROFILE=raw|sdk|both` (and optionally
/// `SDK_OVERHEAD_CONCURRENCY`, default 1): only those calls for 15 seconds,
/// nothing else, for a profiler such as `perf record` to attach to. `both`
/// alternates the two in each task, each polled through its own
/// never-inlined function ([`poll_raw`], [`poll_sdk`]), so that one profile
/// attributes the caller-side CPU of each under the same machine load.
/// (`SDK_OVERHEAD_PROFILE=validate`, handled in `main`, validates the
/// 1,000-product create request in a loop.)
async fn profile_loop(side: &str, server: &tokio::runtime::Handle) {
    let server = Server::start(server);
    let base = server.base_url();
    let (raw, sdk) = (Raw::connect(&base).await, sdk_client(&base));
    let concurrency = std::env::var("SDK_OVERHEAD_CONCURRENCY")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(1);
    let length = Duration::from_secs(15);
    match side {
        "raw" => report_round(throughput_round(&Side::Raw(raw), concurrency, length).await),
        "sdk" => report_round(throughput_round(&Side::Sdk(sdk), concurrency, length).await),
        "both" => {
            let deadline = Instant::now() + length;
            let tasks: Vec<_> = (0..concurrency)
                .map(|_| {
                    let (raw, sdk) = (raw.clone(), sdk.clone());
                    tokio::spawn(async move {
                        let mut calls = 0u64;
                        while Instant::now() < deadline {
                            let mut call = std::pin::pin!(raw.update_tracking());
                            std::future::poll_fn(|cx| poll_raw(call.as_mut(), cx)).await;
                            let mut call = std::pin::pin!(sdk_update_tracking(&sdk));
                            std::future::poll_fn(|cx| poll_sdk(call.as_mut(), cx)).await;
                            calls += 1;
                        }
                        calls
                    })
                })
                .collect();
            let mut calls = 0;
            for task in tasks {
                calls += task.await.expect("caller task");
            }
            println!("{calls} calls of each at concurrency {concurrency}");
        }
        other => panic!("SDK_OVERHEAD_PROFILE is raw, sdk or both, not {other}"),
    }
}

fn report_round(round: Round) {
    println!(
        "{:.0} calls/s, {} per call",
        round.cps,
        round
            .cpu_per_call
            .map_or("CPU unknown".into(), |c| format!("{:.1} µs CPU", us(c)))
    );
}

#[inline(never)]
fn poll_raw<F: Future>(
    call: std::pin::Pin<&mut F>,
    cx: &mut std::task::Context<'_>,
) -> std::task::Poll<F::Output> {
    call.poll(cx)
}

#[inline(never)]
fn poll_sdk<F: Future>(
    call: std::pin::Pin<&mut F>,
    cx: &mut std::task::Context<'_>,
) -> std::task::Poll<F::Output> {
    call.poll(cx)
}

/// CPUs, CPU model, load average and rustc, for the record (best effort).
fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let load = std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into());
    let rustc = std::process::Command::new(std::env::var_os("RUSTC").unwrap_or("rustc".into()))
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "rustc unknown".into());
    format!("{cpus} CPU(s), {model}, load average {load}, {rustc}")
}

fn main() {
    let mode = Mode::detect();
    let plan = mode.plan();
    let mut report = Report {
        mode,
        rows: Vec::new(),
        notes: Vec::new(),
    };
    let machine = machine();
    println!("sdk_overhead: {mode:?} mode; {machine}");
    report
        .notes
        .push(format!("machine at the start: {machine}"));

    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if let Some(workers) = std::env::var("SDK_OVERHEAD_WORKERS")
        .ok()
        .and_then(|w| w.parse().ok())
    {
        runtime.worker_threads(workers);
    }
    let runtime = runtime.enable_all().build().expect("tokio runtime");
    // The server on threads of its own, like a server on another machine
    // (unless SDK_OVERHEAD_SERVER_THREADS=0: then it shares the clients'
    // runtime).
    let server_threads = std::env::var("SDK_OVERHEAD_SERVER_THREADS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(1usize);
    let server_runtime = (server_threads > 0).then(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(server_threads)
            .thread_name("bench-server")
            .enable_all()
            .build()
            .expect("server runtime")
    });
    let server = server_runtime
        .as_ref()
        .map_or_else(|| runtime.handle().clone(), |r| r.handle().clone());
    if let Ok(side) = std::env::var("SDK_OVERHEAD_PROFILE") {
        if side == "validate" {
            let request = create_request();
            let deadline = Instant::now() + Duration::from_secs(15);
            let mut runs = 0u64;
            while Instant::now() < deadline {
                black_box(request.clone().build().expect("valid"));
                runs += 1;
            }
            println!("{runs} validations (with a clone each)");
        } else {
            runtime.block_on(profile_loop(&side, &server));
        }
        return;
    }
    runtime.block_on(network_benchmarks(&plan, &mut report, &server));
    drop(runtime);
    drop(server_runtime);

    // 4. Create-PO request cost.
    let cost = create_po_cost(plan.micro_runs);
    for (what, d) in [
        ("build", cost.build),
        ("validate (build())", cost.validate),
        ("serialize", cost.serialize),
    ] {
        report.row(
            format!("create-PO {PRODUCTS} products: {what}"),
            if what == "serialize" {
                format!("{:.1} µs", us(cost.raw_serialize))
            } else {
                "-".into()
            },
            format!("{:.1} µs", us(d)),
            if what == "serialize" {
                format!("{:.3}", us(d) / us(cost.raw_serialize))
            } else {
                "-".into()
            },
            "(reported)",
        );
    }
    report.notes.push(format!(
        "create-PO body with {PRODUCTS} products: {} bytes of JSON",
        cost.bytes
    ));

    // 5. xtask.
    match time_xtask(plan.xtask_runs) {
        Ok(t) => {
            report.row(
                format!("xtask generate (median of {})", t.runs),
                "-".into(),
                format!("{:.0} ms", t.generate.as_secs_f64() * 1e3),
                "-".into(),
                "(reported)",
            );
            report.row(
                format!("xtask check (median of {})", t.runs),
                "-".into(),
                format!("{:.0} ms", t.check.as_secs_f64() * 1e3),
                "-".into(),
                "(reported)",
            );
            report
                .notes
                .push(format!("xtask binary: {}", t.binary.display()));
        }
        Err(e) => report.notes.push(format!("xtask not timed: {e}")),
    }

    let mut criterion = Criterion::default().configure_from_args();
    criterion = match mode {
        Mode::Quick => criterion
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3))
            .sample_size(20),
        Mode::Smoke | Mode::Full => criterion,
    };
    criterion_create_po(&mut criterion);
    criterion.final_summary();

    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        let load = load
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        report
            .notes
            .push(format!("load average at the end: {load}"));
    }
    report.print();
}
