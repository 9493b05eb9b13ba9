//! Helpers for tests that run the SDK against the in-process fakes: start a
//! fake and get a client pointed at it with tiny timeouts and backoffs.
//! (Known-good sample requests are the quickstart's, in
//! `quickstart::samples`.)
//!
//! Everything here goes through the public API of the `sellercloud`,
//! `shopctrl` and `fakes` crates, so a test written with these helpers is a
//! test of what users get.
//!
//! ```
//! use e2e_tests::support;
//! use fakes::sellercloud::{StoredOrder, SellercloudRoute, SellercloudConfig};
//! use sellercloud::UpdateOrder;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let config = SellercloudConfig::default().with_order(StoredOrder::new(5001));
//! let (fake, client) = support::start_sellercloud(config).await?;
//! client.orders().update(sellercloud::OrderId::new(5001), UpdateOrder::new().customer_id(77)).await?;
//! assert_eq!(fake.order(5001).and_then(|o| o.customer_id), Some(77));
//! assert_eq!(fake.requests_to(SellercloudRoute::UpdateOrder).len(), 1);
//! # Ok(()) }
//! ```

use fakes::sellercloud::{FakeSellercloud, SellercloudConfig};
use fakes::shopctrl::{FakeShopCtrl, ShopCtrlConfig};
use sellercloud::RetryPolicy;
use std::time::Duration;

/// The request timeout of clients built here: generous, so that a loaded
/// machine does not turn a normal answer into a timeout. Tests about
/// timeouts set a shorter one on the builder.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The connect timeout of clients built here (loopback connects at once).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// A retry policy for tests: up to 4 attempts with 1-5 ms backoff, within
/// 20 s, waiting at most 5 s for a rate limit's reset time.
///
/// ```
/// let policy = e2e_tests::support::fast_retry_policy();
/// assert_eq!(policy.max_attempts(), 4);
/// assert!(policy.backoff(3) <= std::time::Duration::from_millis(5));
/// ```
pub fn fast_retry_policy() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(4)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
        .with_max_elapsed(Duration::from_secs(20))
        .with_max_rate_limit_wait(Duration::from_secs(5))
}

/// A Sellercloud client builder for `fake`: its base URL and credentials,
/// [`fast_retry_policy`], [`REQUEST_TIMEOUT`] and [`CONNECT_TIMEOUT`].
/// Adjust it further before `build()`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use fakes::sellercloud::{FakeSellercloud, SellercloudConfig};
/// let fake = FakeSellercloud::start(SellercloudConfig::default()).await?;
/// let client = e2e_tests::support::sellercloud_builder(&fake)
///     .request_timeout(std::time::Duration::from_millis(300))
///     .build()?;
/// assert_eq!(client.base_url().as_str(), fake.base_url());
/// # Ok(()) }
/// ```
pub fn sellercloud_builder(fake: &FakeSellercloud) -> sellercloud::ClientBuilder {
    sellercloud::Client::builder()
        .base_url(fake.base_url())
        .username(fake.username())
        .password(fake.password().clone())
        .connect_timeout(CONNECT_TIMEOUT)
        .request_timeout(REQUEST_TIMEOUT)
        .retry_policy(fast_retry_policy())
}

/// A Sellercloud client for `fake`, as [`sellercloud_builder`] configures it.
///
/// # Panics
///
/// If the client cannot be built, which for a running fake is a bug.
pub fn sellercloud_client(fake: &FakeSellercloud) -> sellercloud::Client {
    sellercloud_builder(fake)
        .build()
        .expect("a client for a running fake Sellercloud")
}

/// A ShopCtrl client builder for `fake`, configured like
/// [`sellercloud_builder`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use fakes::shopctrl::{FakeShopCtrl, ShopCtrlConfig};
/// let fake = FakeShopCtrl::start(ShopCtrlConfig::default()).await?;
/// let client = e2e_tests::support::shopctrl_builder(&fake).build()?;
/// assert!(fake.base_url().starts_with(client.base_url().as_str().trim_end_matches('/')));
/// # Ok(()) }
/// ```
pub fn shopctrl_builder(fake: &FakeShopCtrl) -> shopctrl::ClientBuilder {
    shopctrl::Client::builder()
        .base_url(fake.base_url())
        .username(fake.username())
        .password(fake.password().clone())
        .connect_timeout(CONNECT_TIMEOUT)
        .request_timeout(REQUEST_TIMEOUT)
        .retry_policy(fast_retry_policy())
}

/// A ShopCtrl client for `fake`, as [`shopctrl_builder`] configures it.
///
/// # Panics
///
/// If the client cannot be built, which for a running fake is a bug.
pub fn shopctrl_client(fake: &FakeShopCtrl) -> shopctrl::Client {
    shopctrl_builder(fake)
        .build()
        .expect("a client for a running fake ShopCtrl")
}

/// Starts a fake Sellercloud with `config` and returns it with a client
/// from [`sellercloud_client`].
///
/// # Errors
///
/// When the fake cannot bind a loopback port.
pub async fn start_sellercloud(
    config: SellercloudConfig,
) -> std::io::Result<(FakeSellercloud, sellercloud::Client)> {
    let fake = FakeSellercloud::start(config).await?;
    let client = sellercloud_client(&fake);
    Ok((fake, client))
}

/// Starts a fake ShopCtrl with `config` and returns it with a client from
/// [`shopctrl_client`].
///
/// # Errors
///
/// When the fake cannot bind a loopback port.
pub async fn start_shopctrl(
    config: ShopCtrlConfig,
) -> std::io::Result<(FakeShopCtrl, shopctrl::Client)> {
    let fake = FakeShopCtrl::start(config).await?;
    let client = shopctrl_client(&fake);
    Ok((fake, client))
}
