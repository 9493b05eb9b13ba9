//! The HTTP machinery both fakes share: the accept loop, per-request recording,
//! fault injection and the replies.
//!
//! The fakes serve HTTP/1.1 with hyper directly rather than through a router
//! framework, because connection-level faults (closing without an answer,
//! cutting a body short) need control below the request/response level, and
//! because the vendors' routes are matched case-insensitively.

use crate::record::{PresentedAuth, RecordedRequest, mask_headers};
use crate::{Fault, FaultBody};
use base64::Engine as _;
use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use http::{HeaderMap, Method, StatusCode};
use http_body_util::{BodyExt, Limited};
use hyper::body::{Body, Frame, SizeHint};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::VecDeque;
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::{JoinHandle, JoinSet};

/// Request bodies above this size are answered with 413.
pub(crate) const MAX_REQUEST_BODY: usize = 1024 * 1024;

/// How many recorded requests a fake keeps by default (the oldest go first).
pub const DEFAULT_MAX_RECORDED: usize = 10_000;

const JSON: &str = "application/json; charset=utf-8";

/// A request with its body read.
pub(crate) struct Request {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

/// A complete answer, before faults may spoil it.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) content_type: Option<&'static str>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) body: Bytes,
}

impl Reply {
    pub(crate) fn empty(status: StatusCode) -> Reply {
        Reply {
            status,
            content_type: None,
            headers: Vec::new(),
            body: Bytes::new(),
        }
    }

    pub(crate) fn json(status: StatusCode, value: &serde_json::Value) -> Reply {
        Reply {
            status,
            content_type: Some(JSON),
            headers: Vec::new(),
            body: Bytes::from(value.to_string()),
        }
    }

    /// The ASP.NET Web API error shape, `{"Message": "..."}`.
    pub(crate) fn message(status: StatusCode, message: impl Into<String>) -> Reply {
        Reply::json(status, &serde_json::json!({ "Message": message.into() }))
    }

    pub(crate) fn with_header(mut self, name: HeaderName, value: &'static str) -> Reply {
        self.headers.push((name, HeaderValue::from_static(value)));
        self
    }

    fn from_fault(status: u16, body: &FaultBody) -> Reply {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        match body {
            FaultBody::Empty => Reply::empty(status),
            FaultBody::Text(text) => Reply {
                status,
                content_type: Some("text/plain; charset=utf-8"),
                headers: Vec::new(),
                body: Bytes::from(text.clone()),
            },
            FaultBody::Json(value) => Reply::json(status, value),
        }
    }

    fn rate_limit(status: u16, reset_after: Duration) -> Reply {
        let reset = utc_after(chrono::Utc::now(), reset_after);
        let body = serde_json::json!({
            "Error": "Too many requests.",
            "RateLimitResetTime": dotnet_utc(reset),
        });
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::TOO_MANY_REQUESTS);
        Reply::json(status, &body)
    }

    fn malformed(mut self) -> Reply {
        self.content_type = Some(JSON);
        self.body = Bytes::from_static(b"{\"Id\": <malformed");
        self
    }

    fn into_response(self, truncate: bool) -> hyper::Response<ReplyBody> {
        let body = if truncate {
            let full = if self.body.is_empty() {
                Bytes::from_static(b"{}")
            } else {
                self.body
            };
            let keep = (full.len() / 2).max(1).min(full.len() - 1);
            ReplyBody::Truncated {
                part: Some(full.slice(..keep)),
                declared: full.len() as u64,
                flushed: false,
            }
        } else if self.body.is_empty() {
            ReplyBody::Full(None)
        } else {
            ReplyBody::Full(Some(self.body))
        };
        let mut response = hyper::Response::new(body);
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        if let Some(content_type) = self.content_type {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
        for (name, value) in self.headers {
            headers.append(name, value);
        }
        response
    }
}

/// `time + after`, saturating at the latest representable time instead of
/// panicking on an absurd configured duration.
pub(crate) fn utc_after(
    time: chrono::DateTime<chrono::Utc>,
    after: Duration,
) -> chrono::DateTime<chrono::Utc> {
    chrono::Duration::from_std(after)
        .ok()
        .and_then(|d| time.checked_add_signed(d))
        .unwrap_or(chrono::DateTime::<chrono::Utc>::MAX_UTC)
}

/// A UTC time as .NET writes it: seven fractional digits and `Z`
/// (`2022-01-14T09:38:49.9856571Z`). chrono has no `%.7f`, hence by hand.
pub(crate) fn dotnet_utc(time: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Timelike;
    let ticks = time.nanosecond() % 1_000_000_000 / 100;
    format!("{}.{ticks:07}Z", time.format("%Y-%m-%dT%H:%M:%S"))
}

/// The error a request future returns to make hyper close the connection
/// without (the rest of) an answer.
#[derive(Debug)]
pub(crate) struct Abort;

impl fmt::Display for Abort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for Abort {}

/// A response body that is either complete or cut short on purpose.
pub(crate) enum ReplyBody {
    Full(Option<Bytes>),
    Truncated {
        part: Option<Bytes>,
        declared: u64,
        flushed: bool,
    },
}

impl Body for ReplyBody {
    type Data = Bytes;
    type Error = Abort;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Abort>>> {
        match self.get_mut() {
            ReplyBody::Full(body) => Poll::Ready(body.take().map(|b| Ok(Frame::data(b)))),
            ReplyBody::Truncated { part, flushed, .. } => {
                if let Some(part) = part.take() {
                    return Poll::Ready(Some(Ok(Frame::data(part))));
                }
                if !*flushed {
                    // hyper flushes what it has buffered before it polls the body
                    // again; failing only on that next poll makes sure the first
                    // part is on the wire before the connection is torn down.
                    *flushed = true;
                    cx.waker().wake_by_ref();
                    return Poll::Pending;
                }
                Poll::Ready(Some(Err(Abort)))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, ReplyBody::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            ReplyBody::Full(None) => SizeHint::with_exact(0),
            ReplyBody::Full(Some(b)) => SizeHint::with_exact(b.len() as u64),
            ReplyBody::Truncated { declared, .. } => SizeHint::with_exact(*declared),
        }
    }
}

/// What a fake contributes: its routes, its authentication and its handling.
pub(crate) trait App: Send + Sync + 'static {
    type Route: Copy + Eq + fmt::Debug + Send + Sync + 'static;

    fn core(&self) -> &Core<Self::Route>;
    /// The documented endpoint a request addresses, if any.
    fn route(&self, method: &Method, path: &str) -> Option<Self::Route>;
    fn describe_auth(&self, headers: &HeaderMap) -> PresentedAuth;
    /// The body as it may be recorded (secrets removed).
    fn recordable_body(&self, _route: Option<Self::Route>, body: &Bytes) -> Bytes {
        body.clone()
    }
    /// Handles a request completely, applying its effect to the state.
    fn handle(&self, route: Option<Self::Route>, request: &Request) -> Reply;
}

struct Scripted<R> {
    route: R,
    fault: Fault,
    remaining: u32,
}

/// Recording and fault scripts, the part of a fake's state that does not
/// depend on the vendor.
pub(crate) struct Core<R> {
    requests: Mutex<VecDeque<RecordedRequest<R>>>,
    max_recorded: AtomicUsize,
    script: Mutex<Vec<Scripted<R>>>,
    injected: AtomicU64,
    seq: AtomicU64,
    connections: AtomicU64,
}

/// Locks a mutex, ignoring poisoning: a panicking test thread must not turn
/// every later request into a second panic.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl<R: Copy + Eq> Core<R> {
    pub(crate) fn new() -> Core<R> {
        Core {
            requests: Mutex::new(VecDeque::new()),
            max_recorded: AtomicUsize::new(DEFAULT_MAX_RECORDED),
            script: Mutex::new(Vec::new()),
            injected: AtomicU64::new(0),
            seq: AtomicU64::new(0),
            connections: AtomicU64::new(0),
        }
    }

    pub(crate) fn inject(&self, route: R, fault: Fault, times: u32) {
        if times > 0 {
            lock(&self.script).push(Scripted {
                route,
                fault,
                remaining: times,
            });
        }
    }

    fn take_fault(&self, route: R) -> Option<Fault> {
        let mut script = lock(&self.script);
        let index = script.iter().position(|s| s.route == route)?;
        let entry = &mut script[index];
        entry.remaining -= 1;
        let fault = if entry.remaining == 0 {
            script.remove(index).fault
        } else {
            entry.fault.clone()
        };
        self.injected.fetch_add(1, Ordering::Relaxed);
        Some(fault)
    }

    pub(crate) fn pending_faults(&self, route: R) -> u32 {
        lock(&self.script)
            .iter()
            .filter(|s| s.route == route)
            .map(|s| s.remaining)
            .sum()
    }

    pub(crate) fn clear_faults(&self) {
        lock(&self.script).clear();
    }

    pub(crate) fn faults_injected(&self) -> u64 {
        self.injected.load(Ordering::Relaxed)
    }

    fn record(&self, request: RecordedRequest<R>) {
        let max = self.max_recorded.load(Ordering::Relaxed);
        let mut requests = lock(&self.requests);
        if max == 0 {
            return;
        }
        while requests.len() >= max {
            requests.pop_front();
        }
        requests.push_back(request);
    }

    pub(crate) fn requests(&self) -> Vec<RecordedRequest<R>> {
        lock(&self.requests).iter().cloned().collect()
    }

    pub(crate) fn requests_to(&self, route: R) -> Vec<RecordedRequest<R>> {
        lock(&self.requests)
            .iter()
            .filter(|r| r.route == Some(route))
            .cloned()
            .collect()
    }

    pub(crate) fn clear_requests(&self) {
        lock(&self.requests).clear();
    }

    pub(crate) fn set_max_recorded(&self, max: usize) {
        self.max_recorded.store(max, Ordering::Relaxed);
        let mut requests = lock(&self.requests);
        while requests.len() > max {
            requests.pop_front();
        }
    }
}

/// A running listener; dropping it stops the fake.
pub(crate) struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Server {
    pub(crate) async fn start<A: App>(app: Arc<A>, addr: SocketAddr) -> io::Result<Server> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(accept_loop(app, listener, stopped));
        Ok(Server {
            addr,
            stop: Some(stop),
            task: Some(task),
        })
    }

    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub(crate) async fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Aborting the accept task drops its JoinSet, which aborts every
        // connection task, so no socket outlives the handle.
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

async fn accept_loop<A: App>(
    app: Arc<A>,
    listener: TcpListener,
    mut stopped: oneshot::Receiver<()>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let id = app.core().connections.fetch_add(1, Ordering::Relaxed) + 1;
                    connections.spawn(serve_connection(app.clone(), stream, id));
                }
                // Out of file descriptors and the like: back off instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    connections.shutdown().await;
}

async fn serve_connection<A: App>(app: Arc<A>, stream: TcpStream, connection: u64) {
    let _ = stream.set_nodelay(true);
    let service =
        hyper::service::service_fn(move |request| serve_request(app.clone(), connection, request));
    // Errors here are the client going away or an injected fault; either way
    // the connection is over and nobody is waiting for the outcome.
    let _ = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

async fn serve_request<A: App>(
    app: Arc<A>,
    connection: u64,
    request: hyper::Request<hyper::body::Incoming>,
) -> Result<hyper::Response<ReplyBody>, Abort> {
    let (parts, body) = request.into_parts();
    let (body, too_large) = match Limited::new(body, MAX_REQUEST_BODY).collect().await {
        Ok(collected) => (collected.to_bytes(), false),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => (Bytes::new(), true),
        Err(_) => return Err(Abort),
    };
    let request = Request {
        method: parts.method,
        path: parts.uri.path().to_owned(),
        headers: parts.headers,
        body,
    };
    let core = app.core();
    let route = app.route(&request.method, &request.path);
    let fault = match (route, too_large) {
        (Some(route), false) => core.take_fault(route),
        _ => None,
    };
    core.record(RecordedRequest {
        seq: core.seq.fetch_add(1, Ordering::Relaxed) + 1,
        connection,
        method: request.method.clone(),
        path: request.path.clone(),
        query: parts.uri.query().map(str::to_owned),
        route,
        headers: mask_headers(&request.headers),
        body: app.recordable_body(route, &request.body),
        auth: app.describe_auth(&request.headers),
        fault: fault.clone(),
    });
    if too_large {
        let reply = Reply::message(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("The request body is larger than {MAX_REQUEST_BODY} bytes."),
        );
        return Ok(reply.into_response(false));
    }
    let handle = |app: &A| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| app.handle(route, &request)))
            .unwrap_or_else(|_| {
                Reply::message(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "The fake server panicked while handling this request (a bug in the fake).",
                )
            })
    };
    let reply = match fault {
        None => handle(&app),
        Some(Fault::Status { status, body }) => Reply::from_fault(status, &body),
        Some(Fault::RateLimit {
            status,
            reset_after,
        }) => Reply::rate_limit(status, reset_after),
        Some(Fault::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            handle(&app)
        }
        Some(Fault::DropConnection) => return Err(Abort),
        Some(Fault::ApplyThenDropAnswer) => {
            handle(&app);
            return Err(Abort);
        }
        Some(Fault::TruncatedBody) => return Ok(handle(&app).into_response(true)),
        Some(Fault::MalformedBody) => handle(&app).malformed(),
    };
    Ok(reply.into_response(false))
}

/// One segment of a route pattern.
pub(crate) enum Seg {
    /// A fixed segment, matched ASCII case-insensitively as ASP.NET routing does.
    Lit(&'static str),
    /// A path parameter.
    Param,
}

/// Matches `path` against `pattern`; a trailing slash is ignored. Returns the
/// parameter segments in order.
pub(crate) fn match_path<'p>(pattern: &[Seg], path: &'p str) -> Option<Vec<&'p str>> {
    let trimmed = path.strip_suffix('/').unwrap_or(path);
    let mut segments = trimmed.strip_prefix('/')?.split('/');
    let mut params = Vec::new();
    for seg in pattern {
        let actual = segments.next()?;
        match seg {
            Seg::Lit(lit) if lit.eq_ignore_ascii_case(actual) => {}
            Seg::Lit(_) => return None,
            Seg::Param if !actual.is_empty() => params.push(actual),
            Seg::Param => return None,
        }
    }
    segments.next().is_none().then_some(params)
}

/// How a request relates to a fake's route table.
pub(crate) enum Routing<R> {
    Found(R, Vec<String>),
    /// The path exists with other methods.
    MethodNotAllowed,
    NotFound,
}

pub(crate) fn resolve<R: Copy>(
    table: &[(R, Method, &[Seg])],
    method: &Method,
    path: &str,
) -> Routing<R> {
    let mut path_known = false;
    for (route, route_method, pattern) in table {
        if let Some(params) = match_path(pattern, path) {
            if route_method == method {
                return Routing::Found(*route, params.into_iter().map(str::to_owned).collect());
            }
            path_known = true;
        }
    }
    if path_known {
        Routing::MethodNotAllowed
    } else {
        Routing::NotFound
    }
}

/// The answers both vendors' ASP.NET servers give before a handler runs.
pub(crate) fn not_routed<R>(routing: &Routing<R>, request: &Request) -> Reply {
    match routing {
        Routing::MethodNotAllowed => Reply::message(
            StatusCode::METHOD_NOT_ALLOWED,
            format!(
                "The requested resource does not support http method '{}'.",
                request.method
            ),
        ),
        _ => Reply::message(
            StatusCode::NOT_FOUND,
            format!(
                "No HTTP resource was found that matches the request URI '{}'.",
                request.path
            ),
        ),
    }
}

/// 415 unless the body is declared as JSON (`application/json` or `text/json`).
pub(crate) fn require_json(request: &Request, also: &str) -> Result<(), Reply> {
    let media_type = request
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    match media_type.as_deref() {
        Some("application/json" | "text/json") => Ok(()),
        other => Err(Reply::message(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "The request entity's media type '{}' is not supported for this resource. \
                 Send Content-Type: application/json{also}.",
                other.unwrap_or("")
            ),
        )),
    }
}

/// The 401 message of ASP.NET's `[Authorize]`, which both vendors answer with.
pub(crate) const DENIED: &str = "Authorization has been denied for this request.";

/// The user name of a Basic header; `Some(None)` when it does not decode,
/// `None` when the header is not Basic.
pub(crate) fn basic_username(value: &str) -> Option<Option<String>> {
    let (scheme, credentials) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    Some(
        base64::engine::general_purpose::STANDARD
            .decode(credentials.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| s.split_once(':').map(|(u, _)| u.to_owned())),
    )
}

/// Parses a request body, describing what is wrong with it otherwise.
pub(crate) fn read_json(body: &[u8]) -> Result<crate::json::Json, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err("The request body is required.".to_owned());
    }
    crate::json::Json::parse(body).map_err(|e| format!("The request body is not valid JSON: {e}."))
}

/// Parses an int32 path parameter.
pub(crate) fn path_id(value: &str, name: &str) -> Result<i32, Reply> {
    value.parse::<i32>().map_err(|_| {
        Reply::message(
            StatusCode::BAD_REQUEST,
            format!("The request is invalid: the path parameter '{name}' must be a 32-bit integer, not '{value}'."),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_case_insensitively_with_params() {
        let pattern = [
            Seg::Lit("rest"),
            Seg::Lit("api"),
            Seg::Lit("Orders"),
            Seg::Param,
        ];
        assert_eq!(
            match_path(&pattern, "/rest/api/Orders/12"),
            Some(vec!["12"])
        );
        assert_eq!(
            match_path(&pattern, "/REST/api/orders/12/"),
            Some(vec!["12"])
        );
        assert_eq!(match_path(&pattern, "/rest/api/Orders"), None);
        assert_eq!(match_path(&pattern, "/rest/api/Orders/12/x"), None);
        assert_eq!(match_path(&pattern, "/rest/api/Orders//"), None);
    }

    #[test]
    fn times_are_written_like_dotnet_and_saturate() {
        let t = chrono::DateTime::parse_from_rfc3339("2022-01-14T09:38:49.985657123Z")
            .unwrap()
            .to_utc();
        assert_eq!(dotnet_utc(t), "2022-01-14T09:38:49.9856571Z");
        let whole = chrono::DateTime::parse_from_rfc3339("2022-01-14T09:38:49Z")
            .unwrap()
            .to_utc();
        assert_eq!(dotnet_utc(whole), "2022-01-14T09:38:49.0000000Z");
        assert_eq!(
            utc_after(t, Duration::MAX),
            chrono::DateTime::<chrono::Utc>::MAX_UTC
        );
        assert_eq!(
            dotnet_utc(utc_after(whole, Duration::from_secs(11))),
            "2022-01-14T09:39:00.0000000Z"
        );
    }

    #[test]
    fn fault_scripts_run_in_order_and_count() {
        let core: Core<u8> = Core::new();
        core.inject(1, Fault::status(503), 2);
        core.inject(1, Fault::DropConnection, 1);
        core.inject(2, Fault::MalformedBody, 0);
        assert_eq!(core.pending_faults(1), 3);
        assert_eq!(core.pending_faults(2), 0);
        assert_eq!(core.take_fault(2), None);
        assert_eq!(core.take_fault(1), Some(Fault::status(503)));
        assert_eq!(core.take_fault(1), Some(Fault::status(503)));
        assert_eq!(core.take_fault(1), Some(Fault::DropConnection));
        assert_eq!(core.take_fault(1), None);
        assert_eq!(core.faults_injected(), 3);
    }
}
