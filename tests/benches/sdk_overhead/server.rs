//! The loopback server both clients call: the suite's raw loopback server
//! (`e2e_tests::loopback`) with a handler that knows only what the
//! benchmark sends, so that the server costs next to nothing and the client
//! side dominates; and the comparison of what the two clients sent.

use crate::TOKEN;
use bytes::Bytes;
use e2e_tests::loopback::{LoopbackServer, Reply, Request};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The fixed answers, each sent with a `Date` header (as real servers send
/// it, and as the SDK reads it for the server's clock).
const OK_EMPTY: &str = "HTTP/1.1 200 OK\r\ncontent-length: 0\r\n";
const CREATED: &str = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n";
const CREATED_BODY: &str = "{\"Id\":4242}";
const DENIED: &str =
    "HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: 61\r\n";
const DENIED_BODY: &str = "{\"Message\":\"Authorization has been denied for this request.\"}";

/// The answers of the current second: made once a second, as servers cache
/// their `Date` header, so the handler stays cheap.
struct Dated {
    second: i64,
    ok: Bytes,
    created: Bytes,
    denied: Bytes,
}

impl Dated {
    fn at(now: chrono::DateTime<chrono::Utc>) -> Dated {
        let date = now.format("%a, %d %b %Y %H:%M:%S GMT");
        let answer = |head: &str, body: &str| -> Bytes {
            format!("{head}date: {date}\r\n\r\n{body}").into()
        };
        Dated {
            second: now.timestamp(),
            ok: answer(OK_EMPTY, ""),
            created: answer(CREATED, CREATED_BODY),
            denied: answer(DENIED, DENIED_BODY),
        }
    }
}

fn token_answer() -> Bytes {
    let body = format!(r#"{{"access_token":"{TOKEN}","token_type":"bearer","expires_in":3600}}"#);
    format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into()
}

/// Counters and switches of the handler.
#[derive(Default)]
struct State {
    token_requests: AtomicU64,
    /// How long the token endpoint takes to answer, in milliseconds (the
    /// cold-start test widens the window in which calls pile up).
    token_delay_ms: AtomicU64,
    /// Set: the next request (other than a token request) is kept whole.
    capture: AtomicBool,
    captured: Mutex<Option<Bytes>>,
    dated: Mutex<Option<Dated>>,
}

/// The server: the token endpoint answers a fixed token,
/// `POST /api/PurchaseOrders` `{"Id":4242}`, any other request `200` with
/// an empty body, and a request without a bearer token `401`.
pub(crate) struct Server {
    http: Arc<LoopbackServer>,
    state: Arc<State>,
}

impl Server {
    /// Starts the server on `runtime` (its own threads, or the callers').
    pub(crate) fn start(runtime: &tokio::runtime::Handle) -> Server {
        let state = Arc::new(State::default());
        let handler_state = state.clone();
        let token = token_answer();
        let http = LoopbackServer::builder()
            .runtime(runtime.clone())
            .start(move |request| answer(request, &handler_state, &token))
            .expect("bind a loopback port");
        Server {
            http: Arc::new(http),
            state,
        }
    }

    pub(crate) fn base_url(&self) -> String {
        self.http.url("/rest")
    }

    pub(crate) fn connections(&self) -> u64 {
        self.http.connections()
    }

    /// Reads [`Server::connections`] from anywhere (the caller tasks).
    pub(crate) fn connection_probe(&self) -> Arc<dyn Fn() -> u64 + Send + Sync> {
        let http = self.http.clone();
        Arc::new(move || http.connections())
    }

    /// Requests received, token requests included.
    pub(crate) fn requests(&self) -> u64 {
        self.http.requests()
    }

    pub(crate) fn token_requests(&self) -> u64 {
        self.state.token_requests.load(Ordering::Relaxed)
    }

    pub(crate) fn set_token_delay(&self, delay: Duration) {
        let millis = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
        self.state.token_delay_ms.store(millis, Ordering::Relaxed);
    }

    /// The whole next request `call` makes (other than token requests).
    pub(crate) async fn capture<F: Future<Output = ()>>(&self, call: F) -> Vec<u8> {
        self.state.capture.store(true, Ordering::SeqCst);
        call.await;
        self.state
            .captured
            .lock()
            .unwrap()
            .take()
            .expect("the server saw the request")
            .to_vec()
    }
}

fn answer(request: &Request, state: &State, token: &Bytes) -> Reply {
    let is_post = request.method() == "POST";
    let path = request.target();
    if is_post && path.ends_with("/api/token") {
        state.token_requests.fetch_add(1, Ordering::Relaxed);
        let delay = Duration::from_millis(state.token_delay_ms.load(Ordering::Relaxed));
        return Reply::raw(token.clone()).after(delay);
    }
    if state.capture.swap(false, Ordering::SeqCst) {
        *state.captured.lock().unwrap() = Some(request.bytes().clone());
    }
    let authorized = request
        .header("authorization")
        .is_some_and(|v| v.starts_with("Bearer "));
    let now = chrono::Utc::now();
    let mut dated = state.dated.lock().unwrap();
    let dated = match dated.as_mut() {
        Some(d) if d.second == now.timestamp() => d,
        _ => dated.insert(Dated::at(now)),
    };
    Reply::raw(if !authorized {
        dated.denied.clone()
    } else if is_post && path.ends_with("/api/PurchaseOrders") {
        dated.created.clone()
    } else {
        dated.ok.clone()
    })
}

/// A captured request: its request line, its headers (in wire order, names
/// in lower case, the token masked) and its body.
pub(crate) struct Captured {
    pub(crate) request_line: String,
    pub(crate) headers: Vec<String>,
    pub(crate) body: String,
}

impl Captured {
    pub(crate) fn parse(request: &[u8]) -> Captured {
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
    pub(crate) fn assert_same(raw: &Captured, sdk: &Captured, what: &str) {
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
