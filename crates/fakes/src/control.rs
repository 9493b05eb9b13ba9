//! The control surface both fakes share: where the fake listens, what it
//! accepts, what it received, which faults it will produce, and stopping it.

use crate::core::Core;
use crate::record::RecordedRequest;
use crate::server::{App, Server};
use crate::{Fault, RateLimit, RateLimitWindow};
use api_runtime::secret::Secret;
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

/// A running fake server, whichever vendor it plays: its address and
/// credentials, its recorded requests and its fault scripts.
///
/// [`FakeSellercloud`](crate::sellercloud::FakeSellercloud) and
/// [`FakeShopCtrl`](crate::shopctrl::FakeShopCtrl) dereference to a
/// `FakeServer` of their [`SellercloudRoute`](crate::sellercloud::SellercloudRoute) type, so
/// `fake.requests()` or `fake.inject(...)` read the same on both, and test
/// helpers that only need this part can take a `&FakeServer<R>` and serve
/// both fakes.
///
/// ```
/// use sellercloud_shopctrl_fakes::{FakeServer, Fault};
/// use sellercloud_shopctrl_fakes::sellercloud::{self, FakeSellercloud, SellercloudConfig};
/// use sellercloud_shopctrl_fakes::shopctrl::{self, FakeShopCtrl, ShopCtrlConfig};
///
/// fn outage<R: Copy + Eq + std::fmt::Debug + Send + Sync + 'static>(fake: &FakeServer<R>, route: R) {
///     fake.inject(route, Fault::status(503), 3);
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let sc = FakeSellercloud::start(SellercloudConfig::default()).await?;
/// let shop = FakeShopCtrl::start(ShopCtrlConfig::default()).await?;
/// outage(&sc, sellercloud::SellercloudRoute::UpdateOrder);
/// outage(&shop, shopctrl::ShopCtrlRoute::UpdatePurchaseOrderRow);
/// assert_eq!(sc.pending_faults(sellercloud::SellercloudRoute::UpdateOrder), 3);
/// assert_eq!(shop.pending_faults(shopctrl::ShopCtrlRoute::UpdatePurchaseOrderRow), 3);
/// # Ok(()) }
/// ```
pub struct FakeServer<R> {
    core: Arc<Core<R>>,
    server: Server,
    base_url: String,
}

impl<R> fmt::Debug for FakeServer<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeServer")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl<R> FakeServer<R> {
    /// The address the fake listens on.
    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// The base URL to configure a client with (`http://127.0.0.1:PORT/rest`
    /// for Sellercloud, `http://127.0.0.1:PORT` for ShopCtrl).
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// The user name the fake accepts.
    pub fn username(&self) -> &str {
        &self.core.username
    }

    /// The password the fake accepts.
    pub fn password(&self) -> &Secret {
        &self.core.password
    }

    /// Stops accepting connections, closes the open ones and waits until the
    /// server task has ended.
    pub async fn shutdown(mut self) {
        self.server.shutdown().await;
    }
}

impl<R: Copy + Eq + fmt::Debug + Send + Sync + 'static> FakeServer<R> {
    /// Binds `addr` and serves `app`; the base URL is `http://{addr}{base_path}`.
    pub(crate) async fn start<A: App<Route = R>>(
        app: Arc<A>,
        core: Arc<Core<R>>,
        addr: SocketAddr,
        base_path: &str,
    ) -> io::Result<FakeServer<R>> {
        let server = Server::start(app, addr).await?;
        let base_url = format!("http://{}{base_path}", server.addr());
        Ok(FakeServer {
            core,
            server,
            base_url,
        })
    }

    /// Every recorded request, oldest first (see [`RecordedRequest`] for what is
    /// masked).
    pub fn requests(&self) -> Vec<RecordedRequest<R>> {
        self.core.requests()
    }

    /// The recorded requests that matched `route`.
    pub fn requests_to(&self, route: R) -> Vec<RecordedRequest<R>> {
        self.core.requests_to(route)
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        self.core.clear_requests();
    }

    /// Keeps at most `max` recorded requests, dropping the oldest (default
    /// [`crate::DEFAULT_MAX_RECORDED`]; 0 stops recording, e.g. for
    /// benchmarks).
    pub fn set_max_recorded(&self, max: usize) {
        self.core.set_max_recorded(max);
    }

    /// Scripts a fault: the next `times` requests to `route` get `fault`, then
    /// normal service resumes. Faults injected for the same route queue up in
    /// the order they were injected.
    ///
    /// ```
    /// use sellercloud_shopctrl_fakes::Fault;
    /// use sellercloud_shopctrl_fakes::sellercloud::{FakeSellercloud, SellercloudRoute, SellercloudConfig};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let fake = FakeSellercloud::start(SellercloudConfig::default()).await?;
    /// fake.inject(SellercloudRoute::CreatePurchaseOrder, Fault::status(503), 2);
    /// fake.inject(SellercloudRoute::CreatePurchaseOrder, Fault::DropConnection, 1);
    /// assert_eq!(fake.pending_faults(SellercloudRoute::CreatePurchaseOrder), 3);
    /// # Ok(()) }
    /// ```
    pub fn inject(&self, route: R, fault: Fault, times: u32) {
        self.core.inject(route, fault, times);
    }

    /// How many scripted faults are still waiting for requests to `route`.
    pub fn pending_faults(&self, route: R) -> u32 {
        self.core.pending_faults(route)
    }

    /// Drops every fault still waiting.
    pub fn clear_faults(&self) {
        self.core.clear_faults();
    }

    /// How many faults have been applied to requests so far.
    pub fn faults_injected(&self) -> u64 {
        self.core.faults_injected()
    }

    /// Turns the rate limit on (with new counts from the next request) or,
    /// with `None`, off. Windows counted so far stay readable.
    pub fn set_rate_limit(&self, limit: Option<RateLimit>) {
        self.core.limiter.set(limit);
    }

    /// Every rate-limit window so far, oldest first, with its accepted and
    /// refused requests (empty while no limit is configured).
    pub fn rate_limit_windows(&self) -> Vec<RateLimitWindow> {
        self.core.limiter.windows()
    }

    /// How many requests the rate limit has refused.
    pub fn rate_limit_refusals(&self) -> u64 {
        self.rate_limit_windows()
            .iter()
            .map(|w| u64::from(w.refused))
            .sum()
    }
}
