//! [`Client`] and its [`ClientBuilder`]: the ShopCtrl settings (the server
//! and the API user's credentials) on top of the shared HTTP settings
//! ([`HttpSettings`]).

use crate::purchase_orders::PurchaseOrders;
use crate::vendor::{AUTHENTICATION_HINT, Classifier, Telemetry};
use api_runtime::Result;
use api_runtime::auth::BasicAuth;
use api_runtime::call::{ApiResult, CallSettings, Operation, Reply, Runtime, ServerClock};
use api_runtime::hooks::RequestHooks;
use api_runtime::retry::RetryPolicy;
use api_runtime::secret::Secret;
use api_runtime::settings::{Env, HttpSettings, Setting};
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// Environment variable read by [`Client::from_env`] for the base URL.
pub const ENV_BASE_URL: &str = "SHOPCTRL_BASE_URL";
/// Environment variable read by [`Client::from_env`] for the API user's name.
pub const ENV_USERNAME: &str = "SHOPCTRL_USERNAME";
/// Environment variable read by [`Client::from_env`] for the API user's password.
pub const ENV_PASSWORD: &str = "SHOPCTRL_PASSWORD";

const DEFAULT_USER_AGENT: &str = concat!("shopctrl-rust/", env!("CARGO_PKG_VERSION"));

/// A ShopCtrl API client for one customer's server and one API user.
///
/// Cheap to clone (the clones share one connection pool and one rate-limit
/// state); build it once and keep it. Every call authenticates with HTTP
/// Basic, retries what is safe to retry (see [`RetryPolicy`]), and runs in
/// one `tracing` span named `shopctrl.call`. Any operation of the generated
/// `shopctrl-api` crate can be called the same way through [`Client::call`].
///
/// ```no_run
/// # async fn demo() -> shopctrl::Result<()> {
/// use shopctrl::{Client, Decimal, RowUpdate};
///
/// let client = Client::builder()
///     .base_url("https://shop.example.com:52222")
///     .username("api-user")
///     .password("s3cret")
///     .build()?;
/// client
///     .purchase_orders()
///     .update_row(7, RowUpdate::new(1).item_quantity(Decimal::new(25, 1)))
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// What this handle's calls set over the client's settings
    /// ([`Client::with_settings`]).
    settings: Option<Arc<CallSettings>>,
}

const _: () = api_runtime::assert_shareable::<Client>();

type Credentials = Arc<BasicAuth>;

struct Inner {
    api: shopctrl_api::Client,
    runtime: Runtime<Credentials, Classifier>,
    base_url: Url,
    username: String,
    http: HttpSettings,
}

impl fmt::Debug for Client {
    // The generated client and reqwest's are left out: neither is useful to a
    // reader, and neither should get a chance to print request state.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("username", &self.inner.username)
            .field("password", &"[redacted]")
            .field("http", &self.inner.http)
            .finish()
    }
}

impl Client {
    /// Starts configuring a client; see [`ClientBuilder`].
    ///
    /// ```
    /// let client = shopctrl::Client::builder()
    ///     .base_url("https://shop.example.com:52222")
    ///     .username("api-user")
    ///     .password("s3cret")
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(client.base_url().as_str(), "https://shop.example.com:52222/");
    /// ```
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment: `SHOPCTRL_BASE_URL`,
    /// `SHOPCTRL_USERNAME` and `SHOPCTRL_PASSWORD`, with default timeouts and
    /// retry policy. A missing or bad variable is an
    /// [`Error::Config`](crate::Error::Config) naming the variable (see [`ClientBuilder::from_env`]).
    ///
    /// ```no_run
    /// match shopctrl::Client::from_env() {
    ///     Ok(client) => println!("talking to {}", client.base_url()),
    ///     Err(shopctrl::Error::Config { setting, problem }) => {
    ///         eprintln!("set {setting}: it {problem}");
    ///     }
    ///     Err(e) => eprintln!("{e}"),
    /// }
    /// ```
    pub fn from_env() -> Result<Client> {
        ClientBuilder::from_env()?.build()
    }

    /// The purchase order operations.
    ///
    /// ```no_run
    /// # async fn demo(client: shopctrl::Client) -> shopctrl::Result<()> {
    /// client
    ///     .purchase_orders()
    ///     .update_row(7, shopctrl::RowUpdate::new(1).comment("checked"))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn purchase_orders(&self) -> PurchaseOrders<'_> {
        PurchaseOrders { client: self }
    }

    /// Calls any operation of the generated [`shopctrl_api::Client`] through
    /// this client's pipeline: with its Basic credentials, its retry policy
    /// as `operation`'s idempotency allows, its response bound, error
    /// mapping and tracing. The way around the ergonomic layer: no request
    /// builder, no client-side rule.
    ///
    /// `send` makes one request and is called once per attempt.
    ///
    /// ```no_run
    /// # async fn demo(client: shopctrl::Client) -> shopctrl::Result<()> {
    /// use shopctrl::{Operation, types};
    ///
    /// // A row update sent as raw wire JSON, bypassing RowUpdate.
    /// let row: types::PurchaseOrderRowUpdate =
    ///     serde_json::from_value(serde_json::json!({"Id": 1, "Sequence": 2})).unwrap();
    /// const OP: Operation = Operation::idempotent("update_purchase_order_row");
    /// client.call(OP, |api| api.update_purchase_order_row(7, &row)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn call<'a, T, F, Fut>(&'a self, operation: Operation, send: F) -> Result<Reply<T>>
    where
        F: Fn(&'a shopctrl_api::Client) -> Fut,
        Fut: Future<Output = ApiResult<T>>,
    {
        let api = &self.inner.api;
        let settings = self.settings.as_deref().unwrap_or(&NO_SETTINGS);
        self.inner
            .runtime
            .invoke_with(settings, operation, || send(api))
            .await
    }

    /// This client with `settings` over its own for every call made
    /// through the handle returned: a request timeout, a retry policy, a
    /// longest rate-limit wait for these calls only. Nothing is rebuilt:
    /// the handle shares the client's connection pool, credentials and
    /// rate-limit gate (it is the client, seen with other call settings),
    /// and [`Client::call`] on it takes the same settings.
    ///
    /// ```no_run
    /// # async fn demo(client: shopctrl::Client) -> shopctrl::Result<()> {
    /// use shopctrl::{CallSettings, RetryPolicy};
    /// use std::time::Duration;
    ///
    /// // These reads give up after 2 s and are not retried; the client's
    /// // other calls keep its own timeout and policy.
    /// let quick = client.with_settings(
    ///     CallSettings::new()
    ///         .timeout(Duration::from_secs(2))
    ///         .retry_policy(RetryPolicy::never()),
    /// );
    /// let rows = quick.purchase_orders().rows(7).await?;
    /// # let _ = rows;
    /// # Ok(()) }
    /// ```
    pub fn with_settings(&self, settings: CallSettings) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            settings: Some(Arc::new(settings)),
        }
    }

    /// The client's estimate of its server's clock, from the `Date` headers
    /// of its answers: [`ServerClock::now`] is the server's time now.
    pub fn server_clock(&self) -> &ServerClock {
        self.inner.runtime.server_clock()
    }

    /// The generated low-level client as it is, with this client's Basic
    /// credentials, connection pool and response bound; calls made through
    /// it are not retried and their errors are the generated crate's.
    /// Prefer [`Client::call`].
    pub fn api(&self) -> &shopctrl_api::Client {
        &self.inner.api
    }

    /// The server this client talks to (without `/v1`).
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The API user's name (the password is never readable back).
    pub fn username(&self) -> &str {
        &self.inner.username
    }

    /// The retry policy calls follow (the client's; a handle from
    /// [`Client::with_settings`] may override it per call).
    pub fn retry_policy(&self) -> &RetryPolicy {
        self.inner.runtime.retry_policy()
    }
}

/// Settings of a [`Client`]; start with [`Client::builder`].
///
/// Required: [`base_url`](Self::base_url), [`username`](Self::username) and
/// [`password`](Self::password). Everything else has a default.
/// `Debug` shows the password as `[redacted]`.
///
/// ```
/// use std::time::Duration;
/// use shopctrl::{Client, RetryPolicy};
///
/// let client = Client::builder()
///     .base_url("https://shop.example.com:52222")
///     .username("api-user")
///     .password("s3cret")
///     .connect_timeout(Duration::from_secs(5))
///     .request_timeout(Duration::from_secs(20))
///     .retry_policy(RetryPolicy::default().with_max_attempts(3))
///     .user_agent("my-erp-sync/2.1")
///     .build()?;
/// # Ok::<(), shopctrl::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ClientBuilder {
    http: HttpSettings,
    base_url: Option<Setting<String>>,
    username: Option<Setting<String>>,
    password: Option<Setting<Secret>>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder::new()
    }
}

impl ClientBuilder {
    /// A builder with the defaults: connect timeout 10 s, request timeout
    /// 30 s, [`RetryPolicy::default`], 4 MiB response bound.
    ///
    /// ```
    /// let builder = shopctrl::ClientBuilder::new();
    /// assert!(builder.build().is_err()); // no server, user or password yet
    /// ```
    pub fn new() -> Self {
        ClientBuilder {
            http: HttpSettings::new(DEFAULT_USER_AGENT),
            base_url: None,
            username: None,
            password: None,
        }
    }

    /// A builder holding the environment's settings (see
    /// [`Client::from_env`]), to adjust further before [`Self::build`].
    ///
    /// A missing variable (or one that is not UTF-8) fails here, naming it;
    /// a value that is present but unusable fails [`Self::build`], naming
    /// the variable. The Sellercloud client reads its variables by the same
    /// rules.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// let client = shopctrl::ClientBuilder::from_env()?
    ///     .request_timeout(Duration::from_secs(60))
    ///     .build()?;
    /// # Ok::<(), shopctrl::Error>(())
    /// ```
    pub fn from_env() -> Result<Self> {
        Self::from_vars(&Env::process())
    }

    fn from_vars<L>(env: &Env<L>) -> Result<Self>
    where
        L: Fn(&'static str) -> std::result::Result<String, std::env::VarError>,
    {
        Ok(ClientBuilder {
            base_url: Some(env.required(ENV_BASE_URL)?),
            username: Some(env.required(ENV_USERNAME)?),
            password: Some(env.required_secret(ENV_PASSWORD)?),
            ..ClientBuilder::new()
        })
    }

    /// The customer's API server as ShopCtrl handed it out, for example
    /// `https://shop.example.com:52222` (often port 52222) or
    /// `https://api.demo.shopctrl.com`.
    ///
    /// Give the server without `/v1`: the operations add it. A trailing
    /// `/v1` or `/v1/` is removed, because the vendor documents the API as
    /// living "under /v1/" and that form is easy to copy. Plain `http://` is
    /// refused unless the host is loopback (a local proxy or test server):
    /// HTTP Basic would send the password in clear text.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(Setting::new(url.into(), "base_url"));
        self
    }

    /// The user name of the ShopCtrl employee account used as API user.
    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(Setting::new(username.into(), "username"));
        self
    }

    /// The API user's password. Held as a [`Secret`]: it never appears in
    /// `Debug` output, errors or traces.
    pub fn password(mut self, password: impl Into<Secret>) -> Self {
        self.password = Some(Setting::new(password.into(), "password"));
        self
    }

    /// How long to wait for a connection to be set up (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.http = self.http.connect_timeout(timeout);
        self
    }

    /// How long one attempt may take in total, connection included
    /// (default 30 s). Retries each get this much again, within the retry
    /// policy's overall bound.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.http = self.http.request_timeout(timeout);
        self
    }

    /// Which failures are retried and how often; see [`RetryPolicy`]
    /// (default: 4 attempts within 30 s, exponential backoff with full
    /// jitter). [`RetryPolicy::never`] turns retries off.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.http = self.http.retry_policy(policy);
        self
    }

    /// The `User-Agent` header (default `shopctrl-rust/<version>`). Naming
    /// your integration helps ShopCtrl's support find your requests.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.http = self.http.user_agent(user_agent);
        self
    }

    /// The largest response body read into memory, in bytes (default
    /// 4 MiB). The documented answers are a status and at most a short
    /// error body.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.http = self.http.max_response_bytes(limit);
        self
    }

    /// Sends every request through this proxy (`http://`, `https://` or
    /// `socks5://`; a password in it is kept secret).
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.http = self.http.proxy(url);
        self
    }

    /// Sends every request through your own `reqwest::Client` (the
    /// re-exported [`reqwest`](crate::reqwest), so the versions match).
    /// Your client's timeouts, user agent, proxy, TLS and redirect policy
    /// then apply instead of this builder's; the base URL's rules, retries,
    /// rate limits, the response bound and secret scrubbing still do. See
    /// [`HttpSettings::http_client`] for what to set on yours (no
    /// redirects, a timeout).
    ///
    /// ```
    /// let mine = shopctrl::reqwest::Client::builder()
    ///     .redirect(shopctrl::reqwest::redirect::Policy::none())
    ///     .timeout(std::time::Duration::from_secs(30))
    ///     .build()
    ///     .unwrap();
    /// let b = shopctrl::Client::builder().http_client(mine);
    /// # let _ = b;
    /// ```
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = self.http.http_client(client);
        self
    }

    /// Checks the settings and builds the client: one connection pool, and
    /// the Basic `Authorization` header computed once.
    ///
    /// ```
    /// let e = shopctrl::Client::builder()
    ///     .base_url("http://shop.example.com:52222")
    ///     .username("api-user")
    ///     .password("s3cret")
    ///     .build()
    ///     .unwrap_err();
    /// assert!(matches!(e, shopctrl::Error::Config { setting: "base_url", .. }));
    /// ```
    pub fn build(self) -> Result<Client> {
        let base = Setting::required(self.base_url, "base_url")?;
        let base_url = parse_base_url(&base.value).map_err(|problem| base.error(problem))?;
        let username = Setting::required(self.username, "username")?;
        check_username(&username.value).map_err(|problem| username.error(problem))?;
        let password = Setting::required(self.password, "password")?;
        if password.value.is_empty() {
            return Err(password.error("is empty"));
        }
        let credentials = BasicAuth::new(&username.value, &password.value, AUTHENTICATION_HINT)
            .ok_or_else(|| password.error("cannot be sent in an HTTP header"))?;
        let credentials: Credentials = Arc::new(credentials);
        let http = self.http.build_client()?;
        let bound = self.http.response_bound();
        let hooks = RequestHooks::default()
            .with_authorization(credentials.clone())
            .with_max_response_bytes(bound);
        let api = shopctrl_api::Client::new_with_client(
            api_runtime::config::base_url_str(&base_url),
            http,
            hooks,
        );
        let runtime = Runtime::new(
            credentials,
            Classifier,
            self.http.retry().clone(),
            bound,
            &Telemetry,
        );
        Ok(Client {
            settings: None,
            inner: Arc::new(Inner {
                api,
                runtime,
                base_url,
                username: username.value,
                http: self.http,
            }),
        })
    }
}

fn parse_base_url(value: &str) -> std::result::Result<Url, String> {
    let mut url = api_runtime::config::parse_base_url(value)?;
    let path = url.path().trim_end_matches('/');
    if let Some(stem) = path.strip_suffix("/v1") {
        let stem = stem.to_owned();
        url.set_path(&stem);
    }
    Ok(url)
}

/// RFC 7617: the user-id of HTTP Basic cannot contain a colon, since the
/// first colon separates it from the password.
fn check_username(username: &str) -> std::result::Result<(), &'static str> {
    if username.trim().is_empty() {
        Err("is empty")
    } else if username.contains(':') {
        Err("must not contain `:` (HTTP Basic separates user name and password with it)")
    } else if username.chars().any(char::is_control) {
        Err("must not contain control characters")
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests;

/// The settings of a call made through a client without its own.
static NO_SETTINGS: CallSettings = CallSettings::new();
