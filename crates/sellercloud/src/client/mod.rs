//! [`Client`] and its [`ClientBuilder`]: the Sellercloud settings (the
//! server, the credentials, the token renewal margin) on top of the shared
//! HTTP settings ([`HttpSettings`]).

use crate::auth::{FRESH_TOKEN_REFUSED_HINT, TokenRequest};
use crate::orders::Orders;
use crate::purchase_orders::PurchaseOrders;
use crate::vendor::{Classifier, Telemetry};
use api_runtime::auth::BearerCache;
use api_runtime::call::{ApiResult, CallSettings, Operation, Reply, Runtime, ServerClock};
use api_runtime::hooks::RequestHooks;
use api_runtime::retry::RetryPolicy;
use api_runtime::secret::Secret;
use api_runtime::settings::{Env, HttpSettings, Setting};
use api_runtime::{Error, Result};
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// Environment variable with the full base URL (`https://tt.api.sellercloud.com/rest`).
///
/// ```
/// assert_eq!(sellercloud::ENV_BASE_URL, "SELLERCLOUD_BASE_URL");
/// ```
pub const ENV_BASE_URL: &str = "SELLERCLOUD_BASE_URL";
/// Environment variable with the server id (`tt`), used when
/// [`ENV_BASE_URL`] is not set.
///
/// ```
/// assert_eq!(sellercloud::ENV_SERVER_ID, "SELLERCLOUD_SERVER_ID");
/// ```
pub const ENV_SERVER_ID: &str = "SELLERCLOUD_SERVER_ID";
/// Environment variable with the API user's name.
///
/// ```
/// assert_eq!(sellercloud::ENV_USERNAME, "SELLERCLOUD_USERNAME");
/// ```
pub const ENV_USERNAME: &str = "SELLERCLOUD_USERNAME";
/// Environment variable with the API user's password.
///
/// ```
/// assert_eq!(sellercloud::ENV_PASSWORD, "SELLERCLOUD_PASSWORD");
/// ```
pub const ENV_PASSWORD: &str = "SELLERCLOUD_PASSWORD";

const DEFAULT_USER_AGENT: &str = concat!("sellercloud-rust/", env!("CARGO_PKG_VERSION"));

/// A Sellercloud API client.
///
/// Cheap to clone (clones share one connection pool, one token cache and
/// one rate-limit state); create one per tenant and user, and share it.
///
/// Requests are made through the endpoint handles
/// [`Client::purchase_orders`] and [`Client::orders`]; each validates its
/// request before anything is sent, authenticates with a cached bearer token
/// and retries what is safe to retry (see [`RetryPolicy`]). Any other
/// operation of the generated `sellercloud-api` crate can be called with the
/// same authentication and retries through [`Client::call`].
///
/// ```no_run
/// # async fn demo() -> sellercloud::Result<()> {
/// use sellercloud::{Client, TrackingUpdate};
///
/// let client = Client::builder()
///     .server_id("tt")
///     .username("api.user@example.com")
///     .password("secret")
///     .build()?;
/// client
///     .purchase_orders()
///     .update_tracking(1001, TrackingUpdate::new().tracking_number("1Z999AA10123456784"))
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

type Tokens = Arc<BearerCache<TokenRequest>>;

/// What a [`Client`] shares between its clones.
struct Inner {
    api: sellercloud_api::Client,
    runtime: Runtime<Tokens, Classifier>,
    base_url: Url,
    username: String,
    http: HttpSettings,
}

impl Client {
    /// Starts configuring a client.
    ///
    /// ```
    /// let client = sellercloud::Client::builder()
    ///     .base_url("https://tt.api.sellercloud.com/rest")
    ///     .username("api.user@example.com")
    ///     .password("secret")
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(client.base_url().as_str(), "https://tt.api.sellercloud.com/rest");
    /// ```
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client configured from the environment: [`ENV_BASE_URL`] (or
    /// [`ENV_SERVER_ID`]), [`ENV_USERNAME`] and [`ENV_PASSWORD`]; everything
    /// else has its default. A missing or bad variable is an
    /// [`Error::Config`] naming it (see [`ClientBuilder::from_env`]).
    ///
    /// ```no_run
    /// let client = sellercloud::Client::from_env()?;
    /// # Ok::<(), sellercloud::Error>(())
    /// ```
    pub fn from_env() -> Result<Client> {
        ClientBuilder::from_env()?.build()
    }

    /// Purchase order endpoints: create, update items, update tracking.
    ///
    /// ```no_run
    /// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
    /// use sellercloud::TrackingUpdate;
    /// client.purchase_orders().update_tracking(7, TrackingUpdate::new().shipped_via_carrier("UPS")).await?;
    /// # Ok(()) }
    /// ```
    pub fn purchase_orders(&self) -> PurchaseOrders<'_> {
        PurchaseOrders { client: self }
    }

    /// Order endpoints: update.
    ///
    /// ```no_run
    /// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
    /// use sellercloud::OrderUpdate;
    /// client.orders().update(5001, OrderUpdate::new().disable_inventory_count(true)).await?;
    /// # Ok(()) }
    /// ```
    pub fn orders(&self) -> Orders<'_> {
        Orders { client: self }
    }

    /// Calls any operation of the generated [`sellercloud_api::Client`]
    /// through this client's pipeline: with its cached bearer token (renewed
    /// once on a 401), its retry policy as `operation`'s idempotency allows,
    /// its response bound, error mapping and tracing. The way around the
    /// ergonomic layer: no request builder, no client-side rule.
    ///
    /// `send` makes one request and is called once per attempt.
    ///
    /// ```no_run
    /// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
    /// use sellercloud::{Operation, types};
    ///
    /// // A tracking update sent as raw wire JSON, bypassing TrackingUpdate.
    /// let body: types::PurchaseOrderTrackingUpdate =
    ///     serde_json::from_value(serde_json::json!({"TrackingNumber": ""})).unwrap();
    /// const OP: Operation = Operation::idempotent("update_purchase_order_tracking_number");
    /// client
    ///     .call(OP, |api| api.update_purchase_order_tracking_number(1001, &body))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn call<'a, T, F, Fut>(&'a self, operation: Operation, send: F) -> Result<Reply<T>>
    where
        F: Fn(&'a sellercloud_api::Client) -> Fut,
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
    /// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
    /// use sellercloud::{CallSettings, RetryPolicy};
    /// use std::time::Duration;
    ///
    /// // This read gives up after 2 s and is not retried; the client's other
    /// // calls keep its own timeout and policy.
    /// let quick = client.with_settings(
    ///     CallSettings::new()
    ///         .timeout(Duration::from_secs(2))
    ///         .retry_policy(RetryPolicy::never()),
    /// );
    /// let details = quick.purchase_orders().get(1001).await?;
    /// # let _ = details;
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

    /// The generated low-level client as it is: requests carry the token
    /// cached at the time (if any) and the response bound, but are not
    /// retried and get no new token on a 401. Prefer [`Client::call`].
    pub fn api(&self) -> &sellercloud_api::Client {
        &self.inner.api
    }

    /// The base URL requests go to (no trailing slash).
    ///
    /// ```
    /// let client = sellercloud::Client::builder()
    ///     .server_id("tt").username("u").password("p").build().unwrap();
    /// assert_eq!(client.base_url().as_str(), "https://tt.api.sellercloud.com/rest");
    /// ```
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The user the client authenticates as.
    ///
    /// ```
    /// let client = sellercloud::Client::builder()
    ///     .server_id("tt").username("api.user").password("p").build().unwrap();
    /// assert_eq!(client.username(), "api.user");
    /// ```
    pub fn username(&self) -> &str {
        &self.inner.username
    }

    /// The retry policy calls follow (the client's; a handle from
    /// [`Client::with_settings`] may override it per call).
    pub fn retry_policy(&self) -> &RetryPolicy {
        self.inner.runtime.retry_policy()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("username", &self.inner.username)
            .field("password", &"[redacted]")
            .field("http", &self.inner.http)
            .finish()
    }
}

impl fmt::Display for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Sellercloud client for {} as {}",
            self.inner.base_url, self.inner.username
        )
    }
}

#[derive(Clone, Debug)]
enum Endpoint {
    BaseUrl(String),
    ServerId(String),
}

/// Configures a [`Client`]. Every problem with a value is reported by
/// [`Self::build`] as an [`Error::Config`] naming the setting: the builder
/// method, or the environment variable it was read from.
///
/// Required: the server ([`Self::base_url`] or [`Self::server_id`]),
/// [`Self::username`] and [`Self::password`].
///
/// ```
/// use sellercloud::{Client, RetryPolicy};
/// use std::time::Duration;
///
/// let client = Client::builder()
///     .base_url("https://xx.api.sellercloud.us/rest")
///     .username("api.user@example.com")
///     .password("secret")
///     .connect_timeout(Duration::from_secs(5))
///     .request_timeout(Duration::from_secs(20))
///     .retry_policy(RetryPolicy::default().with_max_attempts(3))
///     .user_agent("my-service/1.0")
///     .build()?;
/// # Ok::<(), sellercloud::Error>(())
/// ```
#[derive(Clone)]
pub struct ClientBuilder {
    http: HttpSettings,
    endpoint: Option<Setting<Endpoint>>,
    username: Option<Setting<String>>,
    password: Option<Setting<Secret>>,
    token_renewal_margin: Option<Duration>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder::new()
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint.as_ref().map(|e| &e.value))
            .field("username", &self.username.as_ref().map(|u| &u.value))
            .field("password", &self.password.as_ref().map(|_| "[redacted]"))
            .field("http", &self.http)
            .field("token_renewal_margin", &self.token_renewal_margin)
            .finish()
    }
}

impl ClientBuilder {
    /// A builder with the defaults: connect timeout 10 s, request timeout
    /// 30 s, [`RetryPolicy::default`], 4 MiB response bound.
    ///
    /// ```
    /// let builder = sellercloud::ClientBuilder::new();
    /// assert!(builder.build().is_err()); // no server, user or password yet
    /// ```
    pub fn new() -> Self {
        ClientBuilder {
            http: HttpSettings::new(DEFAULT_USER_AGENT),
            endpoint: None,
            username: None,
            password: None,
            token_renewal_margin: None,
        }
    }

    /// A builder holding the environment's settings (see
    /// [`Client::from_env`]), to adjust further before [`Self::build`].
    ///
    /// A missing variable (or one that is not UTF-8) fails here, naming it;
    /// a value that is present but unusable fails [`Self::build`], naming
    /// the variable. The ShopCtrl client reads its variables by the same
    /// rules.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// let client = sellercloud::ClientBuilder::from_env()?
    ///     .request_timeout(Duration::from_secs(60))
    ///     .build()?;
    /// # Ok::<(), sellercloud::Error>(())
    /// ```
    pub fn from_env() -> Result<Self> {
        Self::from_vars(&Env::process())
    }

    fn from_vars<L>(env: &Env<L>) -> Result<Self>
    where
        L: Fn(&'static str) -> std::result::Result<String, std::env::VarError>,
    {
        let endpoint = match (env.optional(ENV_BASE_URL)?, env.optional(ENV_SERVER_ID)?) {
            (Some(_), Some(_)) => {
                return Err(Error::Config {
                    setting: ENV_BASE_URL,
                    problem: format!("both {ENV_BASE_URL} and {ENV_SERVER_ID} are set; set one"),
                });
            }
            (Some(url), None) => Setting {
                value: Endpoint::BaseUrl(url.value),
                name: url.name,
            },
            (None, Some(id)) => Setting {
                value: Endpoint::ServerId(id.value),
                name: id.name,
            },
            (None, None) => {
                return Err(Error::Config {
                    setting: ENV_BASE_URL,
                    problem: format!(
                        "is not set; set {ENV_BASE_URL} (e.g. https://tt.api.sellercloud.com/rest) or {ENV_SERVER_ID} (e.g. tt)"
                    ),
                });
            }
        };
        Ok(ClientBuilder {
            endpoint: Some(endpoint),
            username: Some(env.required(ENV_USERNAME)?),
            password: Some(env.required_secret(ENV_PASSWORD)?),
            ..ClientBuilder::new()
        })
    }

    /// The tenant's REST base URL, e.g. `https://tt.api.sellercloud.com/rest`
    /// or `https://xx.api.sellercloud.us/rest`. `https` is required; plain
    /// `http` only for a loopback host (a local fake). Replaces
    /// [`Self::server_id`].
    ///
    /// ```
    /// let e = sellercloud::Client::builder()
    ///     .base_url("http://tt.api.sellercloud.com/rest")
    ///     .username("u").password("p").build().unwrap_err();
    /// assert!(matches!(e, sellercloud::Error::Config { setting: "base_url", .. }));
    /// ```
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(Setting::new(Endpoint::BaseUrl(url.into()), "base_url"));
        self
    }

    /// Shortcut for the common base URL form: `tt` means
    /// `https://tt.api.sellercloud.com/rest`. Tenants on other hosts (such
    /// as `.api.sellercloud.us`) use [`Self::base_url`]. Replaces
    /// [`Self::base_url`].
    ///
    /// ```
    /// let client = sellercloud::Client::builder()
    ///     .server_id("tt").username("u").password("p").build().unwrap();
    /// assert_eq!(client.base_url().as_str(), "https://tt.api.sellercloud.com/rest");
    /// ```
    pub fn server_id(mut self, id: impl Into<String>) -> Self {
        self.endpoint = Some(Setting::new(Endpoint::ServerId(id.into()), "server_id"));
        self
    }

    /// The API user's name.
    ///
    /// ```
    /// let b = sellercloud::Client::builder().username("api.user@example.com");
    /// # let _ = b;
    /// ```
    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(Setting::new(username.into(), "username"));
        self
    }

    /// The API user's password; kept in a [`Secret`] that never prints.
    ///
    /// ```
    /// let b = sellercloud::Client::builder().password("hunter2");
    /// assert!(!format!("{b:?}").contains("hunter2"));
    /// ```
    pub fn password(mut self, password: impl Into<Secret>) -> Self {
        self.password = Some(Setting::new(password.into(), "password"));
        self
    }

    /// Bound on establishing a connection (default 10 s).
    ///
    /// ```
    /// let b = sellercloud::Client::builder().connect_timeout(std::time::Duration::from_secs(3));
    /// # let _ = b;
    /// ```
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.http = self.http.connect_timeout(timeout);
        self
    }

    /// Bound on one request, from sending to the end of the answer
    /// (default 30 s). Each retry has its own.
    ///
    /// ```
    /// let b = sellercloud::Client::builder().request_timeout(std::time::Duration::from_secs(60));
    /// # let _ = b;
    /// ```
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.http = self.http.request_timeout(timeout);
        self
    }

    /// How failed calls are retried (default: [`RetryPolicy::default`]);
    /// [`RetryPolicy::never`] switches retries off. Whatever the policy,
    /// create purchase order is only re-sent when it certainly was not
    /// applied.
    ///
    /// ```
    /// let b = sellercloud::Client::builder().retry_policy(sellercloud::RetryPolicy::never());
    /// # let _ = b;
    /// ```
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.http = self.http.retry_policy(policy);
        self
    }

    /// The `User-Agent` header (default `sellercloud-rust/<version>`).
    ///
    /// ```
    /// let b = sellercloud::Client::builder().user_agent("inventory-sync/2.3");
    /// # let _ = b;
    /// ```
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.http = self.http.user_agent(user_agent);
        self
    }

    /// Largest response body read into memory, in bytes (default 4 MiB).
    ///
    /// ```
    /// let b = sellercloud::Client::builder().max_response_bytes(64 * 1024);
    /// # let _ = b;
    /// ```
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.http = self.http.max_response_bytes(limit);
        self
    }

    /// Sends every request through this proxy (`http://`, `https://` or
    /// `socks5://`; a password in it is kept secret).
    ///
    /// ```
    /// let b = sellercloud::Client::builder().proxy("http://proxy.internal:3128");
    /// # let _ = b;
    /// ```
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
    /// let mine = sellercloud::reqwest::Client::builder()
    ///     .redirect(sellercloud::reqwest::redirect::Policy::none())
    ///     .timeout(std::time::Duration::from_secs(30))
    ///     .build()
    ///     .unwrap();
    /// let b = sellercloud::Client::builder().http_client(mine);
    /// # let _ = b;
    /// ```
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = self.http.http_client(client);
        self
    }

    /// How long before its end a token is renewed. By default 60 s, or a
    /// tenth of the token's lifetime when that is shorter. A margin at least
    /// as long as the lifetime renews the token on every call.
    ///
    /// ```
    /// let b = sellercloud::Client::builder().token_renewal_margin(std::time::Duration::from_secs(300));
    /// # let _ = b;
    /// ```
    pub fn token_renewal_margin(mut self, margin: Duration) -> Self {
        self.token_renewal_margin = Some(margin);
        self
    }

    /// Checks the settings and creates the client (and its connection pool).
    ///
    /// ```
    /// let e = sellercloud::Client::builder().server_id("tt").username("u").build().unwrap_err();
    /// assert!(matches!(e, sellercloud::Error::Config { setting: "password", .. }));
    /// ```
    pub fn build(self) -> Result<Client> {
        let endpoint = self.endpoint.ok_or_else(|| Error::Config {
            setting: "base_url",
            problem: "is not set; set the base URL or the server id".into(),
        })?;
        let base_url = match &endpoint.value {
            Endpoint::BaseUrl(url) => api_runtime::config::parse_base_url(url),
            Endpoint::ServerId(id) => {
                let id = id.trim();
                check_server_id(id).and_then(|()| {
                    api_runtime::config::parse_base_url(&format!(
                        "https://{id}.api.sellercloud.com/rest"
                    ))
                })
            }
        }
        .map_err(|problem| endpoint.error(problem))?;
        let username = Setting::required(self.username, "username")?;
        let trimmed = username.value.trim();
        if trimmed.is_empty() {
            return Err(username.error("is empty"));
        }
        let username = trimmed.to_owned();
        let password = Setting::required(self.password, "password")?;
        if password.value.is_empty() {
            return Err(password.error("is empty"));
        }
        let http = self.http.build_client()?;
        let base = api_runtime::config::base_url_str(&base_url);
        let bound = self.http.response_bound();
        let plain_hooks = RequestHooks::default().with_max_response_bytes(bound);
        // The token request goes through its own generated client without an
        // authorization source, on the same connection pool.
        let tokens: Tokens = Arc::new(BearerCache::new(
            TokenRequest {
                api: sellercloud_api::Client::new_with_client(
                    base,
                    http.clone(),
                    plain_hooks.clone(),
                ),
                username: username.clone(),
                password: password.value,
                max_response_bytes: bound,
            },
            self.token_renewal_margin,
            FRESH_TOKEN_REFUSED_HINT,
            &Telemetry,
        ));
        let api = sellercloud_api::Client::new_with_client(
            base,
            http,
            plain_hooks.with_authorization(tokens.clone()),
        );
        let runtime = Runtime::new(
            tokens,
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
                username,
                http: self.http,
            }),
        })
    }
}

/// A server id is one DNS label: letters, digits and inner hyphens.
fn check_server_id(id: &str) -> std::result::Result<(), String> {
    let ok = !id.is_empty()
        && id.len() <= 63
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{id}` is not a server id (letters, digits and hyphens, e.g. `tt`); for other hosts set the full base URL"
        ))
    }
}

#[cfg(test)]
mod tests;

/// The settings of a call made through a client without its own.
static NO_SETTINGS: CallSettings = CallSettings::new();
