//! The HTTP machinery both fakes share: the accept loop, per-request recording,
//! fault injection and the replies.
//!
//! The fakes serve HTTP/1.1 with hyper directly rather than through a router
//! framework, because connection-level faults (closing without an answer,
//! cutting a body short) need control below the request/response level, and
//! because the vendors' routes are matched case-insensitively.

mod reply;
mod request;
mod routing;

pub(crate) use reply::{Abort, Reply, ReplyBody};
pub(crate) use request::{
    DENIED, MAX_REQUEST_BODY, Request, basic_credentials, bearer_token, describe_auth, path_id,
    read_json,
};
#[cfg(test)]
pub(crate) use routing::check_route_table;
pub(crate) use routing::{RouteRow, Routing, Seg, not_routed, resolve, route_method};

use crate::Fault;
use crate::core::Core;
use crate::rate_limit::Refusal;
use crate::record::{PresentedAuth, RecordedRequest, mask_headers};
use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use http_body_util::{BodyExt, Limited};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::{JoinHandle, JoinSet};

/// What a fake contributes: its routes, its authentication and its handling.
pub(crate) trait App: Send + Sync + 'static {
    type Route: Copy + Eq + fmt::Debug + Send + Sync + 'static;

    /// The documented endpoints.
    const ROUTES: &'static [RouteRow<Self::Route>];

    fn core(&self) -> &Core<Self::Route>;
    fn describe_auth(&self, headers: &HeaderMap) -> PresentedAuth;
    /// The body as it may be recorded (secrets removed).
    fn recordable_body(&self, _route: Option<Self::Route>, body: &Bytes) -> Bytes {
        body.clone()
    }
    /// Handles a routed request completely, applying its effect to the state.
    fn handle(&self, route: Self::Route, params: &[String], request: &Request) -> Reply;
    /// The answer to a request over the configured rate limit.
    fn refuse(&self, refusal: &Refusal) -> Reply;
    /// Whether a `RateLimitResetTime` is written with its `Z` (else as the
    /// server's UTC without an offset).
    fn reset_with_offset(&self) -> bool {
        true
    }
}

/// Sellercloud's documented rate-limit answer (`facts.md`): `{"Error":
/// "Too many requests.", "RateLimitResetTime": "2022-01-14T09:38:49.9856571Z"}`,
/// no `Retry-After`. Without `with_offset`, the time is written without
/// its `Z` (the server's UTC, as other Sellercloud times are written).
pub(crate) fn sellercloud_refusal(
    status: u16,
    resets_at: chrono::DateTime<chrono::Utc>,
    with_offset: bool,
) -> Reply {
    let reset = if with_offset {
        dotnet_utc(resets_at)
    } else {
        dotnet_naive(resets_at.naive_utc())
    };
    let body = serde_json::json!({
        "Error": "Too many requests.",
        "RateLimitResetTime": reset,
    });
    Reply::json(
        Reply::status_or(status, StatusCode::TOO_MANY_REQUESTS),
        &body,
    )
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
    format!("{}Z", dotnet_naive(time.naive_utc()))
}

/// A time without offset as .NET writes it (`2022-01-14T09:38:49.9856571`).
pub(crate) fn dotnet_naive(time: chrono::NaiveDateTime) -> String {
    use chrono::Timelike;
    let ticks = time.nanosecond() % 1_000_000_000 / 100;
    format!("{}.{ticks:07}", time.format("%Y-%m-%dT%H:%M:%S"))
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
                Ok((stream, peer)) => {
                    let id = app.core().next_connection();
                    connections.spawn(serve_connection(app.clone(), stream, peer, id));
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

async fn serve_connection<A: App>(
    app: Arc<A>,
    stream: TcpStream,
    peer: SocketAddr,
    connection: u64,
) {
    let _ = stream.set_nodelay(true);
    let service = hyper::service::service_fn(move |request| {
        serve_request(app.clone(), peer, connection, request)
    });
    // Errors here are the client going away or an injected fault; either way
    // the connection is over and nobody is waiting for the outcome.
    let _ = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

/// Serves one request; every answer carries a `Date` on the fake's clock
/// (skewed as configured), as the vendors' servers send one.
async fn serve_request<A: App>(
    app: Arc<A>,
    peer: SocketAddr,
    connection: u64,
    request: hyper::Request<hyper::body::Incoming>,
) -> Result<hyper::Response<ReplyBody>, Abort> {
    let mut response = answer_request(app.clone(), peer, connection, request).await?;
    let date = http_date(app.core().clock.utc_now());
    if let Ok(value) = http::HeaderValue::from_str(&date) {
        response.headers_mut().insert(http::header::DATE, value);
    }
    Ok(response)
}

/// An HTTP `Date` (IMF-fixdate, whole seconds).
pub(crate) fn http_date(time: chrono::DateTime<chrono::Utc>) -> String {
    time.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

async fn answer_request<A: App>(
    app: Arc<A>,
    peer: SocketAddr,
    connection: u64,
    request: hyper::Request<hyper::body::Incoming>,
) -> Result<hyper::Response<ReplyBody>, Abort> {
    let core = app.core();
    let arrived_at = core.clock.now();
    let (parts, body) = request.into_parts();
    let (body, too_large) = match Limited::new(body, MAX_REQUEST_BODY).collect().await {
        Ok(collected) => (collected.to_bytes(), false),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => (Bytes::new(), true),
        Err(_) => return Err(Abort),
    };
    let request = Request {
        method: parts.method,
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body,
    };
    let routing = resolve(A::ROUTES, &request.method, &request.path);
    let route = routing.route();
    // The rate limiter stands in front of everything, as the vendor's does.
    let refusal = core.limiter.admit(peer.ip(), arrived_at, &core.clock);
    let fault = match (route, too_large, &refusal) {
        (Some(route), false, None) => core.take_fault(route),
        _ => None,
    };
    core.record(RecordedRequest {
        seq: core.next_seq(),
        arrived_at,
        peer,
        rate_limited: refusal.is_some(),
        connection,
        method: request.method.clone(),
        path: request.path.clone(),
        query: request.query.clone(),
        route,
        headers: mask_headers(&request.headers),
        body: app.recordable_body(route, &request.body),
        auth: app.describe_auth(&request.headers),
        fault: fault.clone(),
    });
    if let Some(refusal) = refusal {
        return Ok(app.refuse(&refusal).into_response(false));
    }
    if too_large {
        let reply = Reply::message(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("The request body is larger than {MAX_REQUEST_BODY} bytes."),
        );
        return Ok(reply.into_response(false));
    }
    let handle = |app: &A| handled(app, &routing, &request);
    let reply = match fault {
        None => handle(&app),
        Some(Fault::Status { status, body }) => Reply::from_fault(status, &body),
        Some(Fault::RateLimit {
            status,
            reset_after,
        }) => sellercloud_refusal(
            status,
            utc_after(core.clock.utc_now(), reset_after),
            app.reset_with_offset(),
        ),
        Some(Fault::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            handle(&app)
        }
        Some(Fault::DropConnection) => return Err(Abort),
        Some(Fault::ApplyThenDropAnswer) => {
            handle(&app);
            return Err(Abort);
        }
        Some(Fault::ApplyThenStatus { status, body }) => {
            handle(&app);
            Reply::from_fault(status, &body)
        }
        Some(Fault::CommitLater {
            after,
            status,
            body,
        }) => {
            // The answer goes now; the effect lands `after` later, as when a
            // proxy gives up on a server that is still working.
            let app = app.clone();
            tokio::spawn(async move {
                tokio::time::sleep(after).await;
                handled(&*app, &routing, &request);
            });
            Reply::from_fault(status, &body)
        }
        Some(Fault::TruncatedBody) => return Ok(handle(&app).into_response(true)),
        Some(Fault::MalformedBody) => handle(&app).malformed(),
    };
    Ok(reply.into_response(false))
}

/// The app's answer to a routed request; a panic in a handler is a 500.
fn handled<A: App>(app: &A, routing: &Routing<A::Route>, request: &Request) -> Reply {
    let Routing::Found(route, params) = routing else {
        return not_routed(routing, request);
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        app.handle(*route, params, request)
    }))
    .unwrap_or_else(|_| {
        Reply::message(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The fake server panicked while handling this request (a bug in the fake).",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_like_dotnet_and_saturate() {
        let t = chrono::DateTime::parse_from_rfc3339("2022-01-14T09:38:49.985657123Z")
            .unwrap()
            .to_utc();
        assert_eq!(dotnet_utc(t), "2022-01-14T09:38:49.9856571Z");
        assert_eq!(dotnet_naive(t.naive_utc()), "2022-01-14T09:38:49.9856571");
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
}
