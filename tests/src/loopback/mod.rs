//! A raw loopback server for tests and benchmarks that must see, or send,
//! exactly the bytes on the wire: hostile answers, echoed requests, a
//! recording proxy, a server cheap enough that the client side dominates.
//!
//! [`LoopbackServer`] binds `127.0.0.1` on a port the OS picks, accepts
//! connections and either answers each HTTP/1.1 request with the [`Reply`]
//! a handler returns ([`Builder::start`]) or hands each connection to a
//! handler whole ([`Builder::start_tcp`]). It counts connections and
//! requests, and shuts down (listener and every connection) when dropped.
//!
//! It is bounded: a request larger than [`Builder::max_request_bytes`] ends
//! its connection unanswered, each write gives up after
//! [`Builder::write_timeout`], and nothing outlives the server value. It
//! cleans nothing up: a [`Reply::raw`] is written as given, so a test can
//! send a head no HTTP library would produce.
//!
//! ```
//! use e2e_tests::loopback::{LoopbackServer, Reply};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let server = LoopbackServer::start(|request| {
//!     if request.target() == "/teapot" {
//!         Reply::response(418, "text/plain", "short and stout")
//!     } else {
//!         Reply::raw(&b"HTTP/1.1 204 No Content\r\n\r\n"[..])
//!     }
//! })?;
//! let http = reqwest::Client::new();
//! let answer = http.get(server.url("/teapot")).send().await?;
//! assert_eq!(answer.status().as_u16(), 418);
//! assert_eq!(answer.text().await?, "short and stout");
//! let answer = http.put(server.url("/other")).body("x").send().await?;
//! assert_eq!(answer.status().as_u16(), 204);
//! // Keep-alive: two requests, one connection.
//! assert_eq!((server.requests(), server.connections()), (2, 1));
//! # Ok(()) }
//! ```

mod http;

pub use http::{Reply, Request};

use futures::future::BoxFuture;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Handle;
use tokio::task::{JoinHandle, JoinSet};

/// The default of [`Builder::max_request_bytes`]: far above anything the
/// SDK sends (a create with 1,000 products is about 65 KB).
pub const DEFAULT_MAX_REQUEST_BYTES: usize = 8 * 1024 * 1024;

/// The default of [`Builder::write_timeout`].
pub const DEFAULT_WRITE_TIMEOUT: Duration = Duration::from_secs(3);

pub(super) type HttpHandler = dyn Fn(&Request) -> Reply + Send + Sync;
type TcpHandler = dyn Fn(TcpStream) -> BoxFuture<'static, ()> + Send + Sync;

enum Service {
    Http(Arc<HttpHandler>),
    Tcp(Arc<TcpHandler>),
}

#[derive(Default)]
pub(super) struct Counters {
    connections: AtomicU64,
    pub(super) requests: AtomicU64,
    pub(super) largest_reply: AtomicU64,
}

#[derive(Clone, Copy)]
pub(super) struct Limits {
    pub(super) max_request_bytes: usize,
    pub(super) write_timeout: Duration,
}

/// Settings of a [`LoopbackServer`].
#[derive(Clone, Debug)]
pub struct Builder {
    max_request_bytes: usize,
    write_timeout: Duration,
    runtime: Option<Handle>,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            max_request_bytes: DEFAULT_MAX_REQUEST_BYTES,
            write_timeout: DEFAULT_WRITE_TIMEOUT,
            runtime: None,
        }
    }
}

impl Builder {
    /// A request (head and body) past `bytes` ends its connection
    /// unanswered. Default [`DEFAULT_MAX_REQUEST_BYTES`].
    pub fn max_request_bytes(mut self, bytes: usize) -> Self {
        self.max_request_bytes = bytes;
        self
    }

    /// A write the client does not take within `timeout` ends the reply and
    /// the connection. Default [`DEFAULT_WRITE_TIMEOUT`].
    pub fn write_timeout(mut self, timeout: Duration) -> Self {
        self.write_timeout = timeout;
        self
    }

    /// Runs the server on `runtime` instead of the current one (a benchmark
    /// gives it threads of its own, like a server on another machine).
    pub fn runtime(mut self, runtime: Handle) -> Self {
        self.runtime = Some(runtime);
        self
    }

    /// Starts answering each request with what `handler` returns for it.
    ///
    /// A request with `Transfer-Encoding` (a body this server does not
    /// read) is answered `501` and its connection closed.
    ///
    /// # Errors
    ///
    /// When no loopback port can be bound.
    ///
    /// # Panics
    ///
    /// Outside a Tokio runtime, unless [`Builder::runtime`] names one.
    pub fn start<H>(self, handler: H) -> io::Result<LoopbackServer>
    where
        H: Fn(&Request) -> Reply + Send + Sync + 'static,
    {
        self.spawn(Service::Http(Arc::new(handler)))
    }

    /// Starts handing each accepted connection to `handler` (with
    /// `TCP_NODELAY` set), e.g. to relay it somewhere else.
    ///
    /// # Errors
    ///
    /// As [`Builder::start`].
    ///
    /// # Panics
    ///
    /// As [`Builder::start`].
    pub fn start_tcp<H, F>(self, handler: H) -> io::Result<LoopbackServer>
    where
        H: Fn(TcpStream) -> F + Send + Sync + 'static,
        F: Future<Output = ()> + Send + 'static,
    {
        self.spawn(Service::Tcp(Arc::new(move |stream| {
            Box::pin(handler(stream)) as BoxFuture<'static, ()>
        })))
    }

    fn spawn(self, service: Service) -> io::Result<LoopbackServer> {
        let runtime = self.runtime.unwrap_or_else(Handle::current);
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        // The listener must register with the reactor of the runtime that
        // polls it.
        let listener = {
            let _context = runtime.enter();
            TcpListener::from_std(listener)?
        };
        let counters = Arc::new(Counters::default());
        let limits = Limits {
            max_request_bytes: self.max_request_bytes,
            write_timeout: self.write_timeout,
        };
        let task = runtime.spawn(accept(listener, service, counters.clone(), limits));
        Ok(LoopbackServer {
            addr,
            counters,
            task,
        })
    }
}

/// A running loopback server; dropping it closes the listener and every
/// connection. See the [module docs](self).
#[derive(Debug)]
pub struct LoopbackServer {
    addr: SocketAddr,
    counters: Arc<Counters>,
    task: JoinHandle<()>,
}

impl std::fmt::Debug for Counters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Counters")
            .field("connections", &self.connections.load(Ordering::Relaxed))
            .field("requests", &self.requests.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl Drop for LoopbackServer {
    fn drop(&mut self) {
        // The accept task owns the listener and the set of connection tasks:
        // aborting it drops all of them.
        self.task.abort();
    }
}

impl LoopbackServer {
    /// Settings other than the defaults.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// Starts a server with the default settings on the current runtime:
    /// [`Builder::start`].
    ///
    /// # Errors
    ///
    /// When no loopback port can be bound.
    ///
    /// # Panics
    ///
    /// Outside a Tokio runtime.
    pub fn start<H>(handler: H) -> io::Result<LoopbackServer>
    where
        H: Fn(&Request) -> Reply + Send + Sync + 'static,
    {
        Builder::default().start(handler)
    }

    /// The address it listens on (`127.0.0.1` and the port the OS chose).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> u64 {
        self.counters.connections.load(Ordering::Relaxed)
    }

    /// Complete requests received so far (handed to the handler).
    pub fn requests(&self) -> u64 {
        self.counters.requests.load(Ordering::Relaxed)
    }

    /// The most bytes the client took of one reply since the start or the
    /// last [`LoopbackServer::reset_largest_reply`]: what a bounded client
    /// let the server write.
    pub fn largest_reply(&self) -> u64 {
        self.counters.largest_reply.load(Ordering::SeqCst)
    }

    /// Starts [`LoopbackServer::largest_reply`] again from 0.
    pub fn reset_largest_reply(&self) {
        self.counters.largest_reply.store(0, Ordering::SeqCst);
    }
}

async fn accept(listener: TcpListener, service: Service, counters: Arc<Counters>, limits: Limits) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else {
                    // Out of file descriptors, say: do not spin on it.
                    tokio::time::sleep(Duration::from_millis(5)).await;
                    continue;
                };
                counters.connections.fetch_add(1, Ordering::Relaxed);
                let _ = stream.set_nodelay(true);
                match &service {
                    Service::Http(handler) => {
                        connections.spawn(http::serve(stream, handler.clone(), counters.clone(), limits));
                    }
                    Service::Tcp(handler) => {
                        connections.spawn(handler(stream));
                    }
                }
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}
