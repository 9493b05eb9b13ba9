//! [`Client`] and its [`ClientBuilder`].

use crate::auth::TokenCache;
use crate::error::{Error, Result};
use crate::orders::Orders;
use crate::purchase_orders::PurchaseOrders;
use api_runtime::hooks::RequestHooks;
use api_runtime::retry::RetryPolicy;
use api_runtime::secret::Secret;
use std::fmt;
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

const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// A Sellercloud API client.
///
/// Cheap to clone (clones share one connection pool and one token cache);
/// create one per tenant and user, and share it.
///
/// Requests are made through the endpoint handles
/// [`Client::purchase_orders`] and [`Client::orders`]; each validates its
/// request before anything is sent, authenticates with a cached bearer token
/// and retries what is safe to retry (see [`RetryPolicy`]).
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
}

/// What a [`Client`] shares between its clones.
pub(crate) struct Inner {
    api: sellercloud_api::Client,
    auth: Arc<TokenCache>,
    retry: RetryPolicy,
    base_url: Url,
    username: String,
    connect_timeout: Duration,
    request_timeout: Duration,
}

impl Inner {
    pub(crate) fn api(&self) -> &sellercloud_api::Client {
        &self.api
    }

    pub(crate) fn auth(&self) -> &TokenCache {
        &self.auth
    }

    pub(crate) fn retry(&self) -> &RetryPolicy {
        &self.retry
    }
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
    /// [`Error::Config`] naming it.
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
        PurchaseOrders::new(self)
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
        Orders::new(self)
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

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("username", &self.inner.username)
            .field("password", &"[redacted]")
            .field("connect_timeout", &self.inner.connect_timeout)
            .field("request_timeout", &self.inner.request_timeout)
            .field("retry_policy", &self.inner.retry)
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

#[derive(Clone)]
enum Endpoint {
    BaseUrl(String),
    ServerId(String),
}

/// Names of the settings in errors: builder methods, or environment variables.
#[derive(Clone, Copy)]
struct SettingNames {
    base_url: &'static str,
    server_id: &'static str,
    username: &'static str,
    password: &'static str,
}

const BUILDER_NAMES: SettingNames = SettingNames {
    base_url: "base_url",
    server_id: "server_id",
    username: "username",
    password: "password",
};

const ENV_NAMES: SettingNames = SettingNames {
    base_url: ENV_BASE_URL,
    server_id: ENV_SERVER_ID,
    username: ENV_USERNAME,
    password: ENV_PASSWORD,
};

/// Configures a [`Client`]. Every problem is reported by [`Self::build`] as
/// an [`Error::Config`] naming the setting.
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
    endpoint: Option<Endpoint>,
    username: Option<String>,
    password: Option<Secret>,
    connect_timeout: Duration,
    request_timeout: Duration,
    retry_policy: RetryPolicy,
    user_agent: Option<String>,
    max_response_bytes: usize,
    token_renewal_margin: Option<Duration>,
    names: SettingNames,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder::new()
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let endpoint = match &self.endpoint {
            Some(Endpoint::BaseUrl(u)) => format!("base_url {u}"),
            Some(Endpoint::ServerId(s)) => format!("server_id {s}"),
            None => "unset".into(),
        };
        f.debug_struct("ClientBuilder")
            .field("endpoint", &endpoint)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "[redacted]"))
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("retry_policy", &self.retry_policy)
            .field("user_agent", &self.user_agent)
            .field("max_response_bytes", &self.max_response_bytes)
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
            endpoint: None,
            username: None,
            password: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            retry_policy: RetryPolicy::default(),
            user_agent: None,
            max_response_bytes: api_runtime::body::DEFAULT_MAX_RESPONSE_BYTES,
            token_renewal_margin: None,
            names: BUILDER_NAMES,
        }
    }

    /// A builder holding the environment's settings (see
    /// [`Client::from_env`]), to adjust further before [`Self::build`].
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// let client = sellercloud::ClientBuilder::from_env()?
    ///     .request_timeout(Duration::from_secs(60))
    ///     .build()?;
    /// # Ok::<(), sellercloud::Error>(())
    /// ```
    pub fn from_env() -> Result<Self> {
        Self::from_lookup(std::env::var)
    }

    fn from_lookup(
        lookup: impl Fn(&'static str) -> std::result::Result<String, std::env::VarError>,
    ) -> Result<Self> {
        let get = |name: &'static str| match lookup(name) {
            Ok(v) => Ok(Some(v)),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => Err(Error::Config {
                setting: name,
                problem: "is not valid UTF-8".into(),
            }),
        };
        let mut builder = ClientBuilder {
            names: ENV_NAMES,
            ..ClientBuilder::new()
        };
        builder.endpoint = match (get(ENV_BASE_URL)?, get(ENV_SERVER_ID)?) {
            (Some(_), Some(_)) => {
                return Err(Error::Config {
                    setting: ENV_BASE_URL,
                    problem: format!("both {ENV_BASE_URL} and {ENV_SERVER_ID} are set; set one"),
                });
            }
            (Some(url), None) => Some(Endpoint::BaseUrl(url)),
            (None, Some(id)) => Some(Endpoint::ServerId(id)),
            (None, None) => {
                return Err(Error::Config {
                    setting: ENV_BASE_URL,
                    problem: format!(
                        "is not set; set {ENV_BASE_URL} (e.g. https://tt.api.sellercloud.com/rest) or {ENV_SERVER_ID} (e.g. tt)"
                    ),
                });
            }
        };
        let required = |name: &'static str| {
            get(name)?.ok_or_else(|| Error::Config {
                setting: name,
                problem: "is not set".into(),
            })
        };
        builder.username = Some(required(ENV_USERNAME)?);
        builder.password = Some(Secret::new(required(ENV_PASSWORD)?));
        Ok(builder)
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
        self.endpoint = Some(Endpoint::BaseUrl(url.into()));
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
        self.endpoint = Some(Endpoint::ServerId(id.into()));
        self
    }

    /// The API user's name.
    ///
    /// ```
    /// let b = sellercloud::Client::builder().username("api.user@example.com");
    /// # let _ = b;
    /// ```
    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(username.into());
        self
    }

    /// The API user's password; kept in a [`Secret`] that never prints.
    ///
    /// ```
    /// let b = sellercloud::Client::builder().password("hunter2");
    /// assert!(!format!("{b:?}").contains("hunter2"));
    /// ```
    pub fn password(mut self, password: impl Into<Secret>) -> Self {
        self.password = Some(password.into());
        self
    }

    /// Bound on establishing a connection (default 10 s).
    ///
    /// ```
    /// let b = sellercloud::Client::builder().connect_timeout(std::time::Duration::from_secs(3));
    /// # let _ = b;
    /// ```
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
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
        self.request_timeout = timeout;
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
        self.retry_policy = policy;
        self
    }

    /// The `User-Agent` header (default `sellercloud-rust/<version>`).
    ///
    /// ```
    /// let b = sellercloud::Client::builder().user_agent("inventory-sync/2.3");
    /// # let _ = b;
    /// ```
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Largest response body read into memory, in bytes (default 4 MiB).
    ///
    /// ```
    /// let b = sellercloud::Client::builder().max_response_bytes(64 * 1024);
    /// # let _ = b;
    /// ```
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
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
        let names = self.names;
        let base_url = match &self.endpoint {
            Some(Endpoint::BaseUrl(url)) => {
                api_runtime::config::parse_base_url(url).map_err(|problem| Error::Config {
                    setting: names.base_url,
                    problem,
                })?
            }
            Some(Endpoint::ServerId(id)) => {
                let id = id.trim();
                check_server_id(id).map_err(|problem| Error::Config {
                    setting: names.server_id,
                    problem,
                })?;
                api_runtime::config::parse_base_url(&format!(
                    "https://{id}.api.sellercloud.com/rest"
                ))
                .map_err(|problem| Error::Config {
                    setting: names.server_id,
                    problem,
                })?
            }
            None => {
                return Err(Error::Config {
                    setting: names.base_url,
                    problem: "is not set; set the base URL or the server id".into(),
                });
            }
        };
        let username = self
            .username
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .ok_or_else(|| Error::Config {
                setting: names.username,
                problem: "is not set or empty".into(),
            })?
            .to_owned();
        let password = self
            .password
            .filter(|p| !p.is_empty())
            .ok_or_else(|| Error::Config {
                setting: names.password,
                problem: "is not set or empty".into(),
            })?;
        for (setting, value) in [
            ("connect_timeout", self.connect_timeout),
            ("request_timeout", self.request_timeout),
        ] {
            if value.is_zero() {
                return Err(Error::Config {
                    setting,
                    problem: "must be greater than zero".into(),
                });
            }
        }
        if self.max_response_bytes == 0 {
            return Err(Error::Config {
                setting: "max_response_bytes",
                problem: "must be greater than zero".into(),
            });
        }
        let user_agent = self
            .user_agent
            .unwrap_or_else(|| format!("sellercloud-rust/{}", env!("CARGO_PKG_VERSION")));
        if reqwest::header::HeaderValue::from_str(&user_agent).is_err() {
            return Err(Error::Config {
                setting: "user_agent",
                problem: "is not a valid header value (use visible ASCII)".into(),
            });
        }
        let http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.request_timeout)
            .user_agent(user_agent)
            .tcp_keepalive(Duration::from_secs(60))
            .pool_idle_timeout(Duration::from_secs(90))
            // A redirect would re-post the credentials (307/308) to wherever
            // it points; a wrong base URL should fail loudly instead.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Config {
                setting: "http_client",
                problem: format!("the HTTP client could not be created: {e}"),
            })?;
        let base = api_runtime::config::base_url_str(&base_url);
        let plain_hooks = RequestHooks::default().with_max_response_bytes(self.max_response_bytes);
        // The token request goes through its own generated client without an
        // authorization source, on the same connection pool.
        let auth = Arc::new(TokenCache::new(
            sellercloud_api::Client::new_with_client(base, http.clone(), plain_hooks.clone()),
            username.clone(),
            password,
            self.token_renewal_margin,
        ));
        let api = sellercloud_api::Client::new_with_client(
            base,
            http,
            plain_hooks.with_authorization(auth.clone()),
        );
        Ok(Client {
            inner: Arc::new(Inner {
                api,
                auth,
                retry: self.retry_policy,
                base_url,
                username,
                connect_timeout: self.connect_timeout,
                request_timeout: self.request_timeout,
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
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(vars: &[(&'static str, &str)]) -> Result<ClientBuilder> {
        let map: HashMap<&str, String> = vars.iter().map(|(k, v)| (*k, v.to_string())).collect();
        ClientBuilder::from_lookup(|name| {
            map.get(name).cloned().ok_or(std::env::VarError::NotPresent)
        })
    }

    fn setting(e: Error) -> &'static str {
        match e {
            Error::Config { setting, .. } => setting,
            other => panic!("not a config error: {other}"),
        }
    }

    #[test]
    fn server_id_shortcut() {
        let c = Client::builder()
            .server_id(" tt ")
            .username("u")
            .password("p")
            .build()
            .unwrap();
        assert_eq!(c.base_url().as_str(), "https://tt.api.sellercloud.com/rest");
        for bad in ["", "t.t", "-tt", "tt/x", "tt:1"] {
            let e = Client::builder()
                .server_id(bad)
                .username("u")
                .password("p")
                .build();
            assert_eq!(setting(e.unwrap_err()), "server_id", "{bad}");
        }
    }

    #[test]
    fn base_url_rules_name_the_setting() {
        let c = Client::builder()
            .base_url("https://xx.api.sellercloud.us/rest/")
            .username("u")
            .password("p")
            .build()
            .unwrap();
        assert_eq!(c.base_url().as_str(), "https://xx.api.sellercloud.us/rest");
        let e = Client::builder()
            .base_url("http://xx.api.sellercloud.us/rest")
            .username("u")
            .password("p")
            .build()
            .unwrap_err();
        assert_eq!(setting(e.clone()), "base_url");
        assert!(e.to_string().contains("plain http"), "{e}");
        assert!(
            Client::builder()
                .base_url("http://127.0.0.1:9/rest")
                .username("u")
                .password("p")
                .build()
                .is_ok()
        );
        assert_eq!(
            setting(
                Client::builder()
                    .username("u")
                    .password("p")
                    .build()
                    .unwrap_err()
            ),
            "base_url"
        );
    }

    #[test]
    fn credentials_and_limits_are_required() {
        let b = || Client::builder().server_id("tt");
        assert_eq!(setting(b().password("p").build().unwrap_err()), "username");
        assert_eq!(
            setting(b().username(" ").password("p").build().unwrap_err()),
            "username"
        );
        assert_eq!(setting(b().username("u").build().unwrap_err()), "password");
        assert_eq!(
            setting(b().username("u").password("").build().unwrap_err()),
            "password"
        );
        assert_eq!(
            setting(
                b().username("u")
                    .password("p")
                    .request_timeout(Duration::ZERO)
                    .build()
                    .unwrap_err()
            ),
            "request_timeout"
        );
        assert_eq!(
            setting(
                b().username("u")
                    .password("p")
                    .max_response_bytes(0)
                    .build()
                    .unwrap_err()
            ),
            "max_response_bytes"
        );
    }

    #[test]
    fn from_env_names_the_variables() {
        let ok = env(&[
            (ENV_SERVER_ID, "tt"),
            (ENV_USERNAME, "u"),
            (ENV_PASSWORD, "p"),
        ])
        .unwrap()
        .build()
        .unwrap();
        assert_eq!(
            ok.base_url().as_str(),
            "https://tt.api.sellercloud.com/rest"
        );
        let ok = env(&[
            (ENV_BASE_URL, "https://xx.api.sellercloud.us/rest"),
            (ENV_USERNAME, "u"),
            (ENV_PASSWORD, "p"),
        ])
        .unwrap()
        .build()
        .unwrap();
        assert_eq!(ok.base_url().host_str(), Some("xx.api.sellercloud.us"));
        assert_eq!(
            setting(env(&[(ENV_USERNAME, "u"), (ENV_PASSWORD, "p")]).unwrap_err()),
            ENV_BASE_URL
        );
        assert_eq!(
            setting(
                env(&[
                    (ENV_SERVER_ID, "tt"),
                    (ENV_BASE_URL, "https://a.b"),
                    (ENV_USERNAME, "u"),
                    (ENV_PASSWORD, "p")
                ])
                .unwrap_err()
            ),
            ENV_BASE_URL
        );
        assert_eq!(
            setting(env(&[(ENV_SERVER_ID, "tt"), (ENV_PASSWORD, "p")]).unwrap_err()),
            ENV_USERNAME
        );
        assert_eq!(
            setting(env(&[(ENV_SERVER_ID, "tt"), (ENV_USERNAME, "u")]).unwrap_err()),
            ENV_PASSWORD
        );
        let bad = env(&[
            (ENV_SERVER_ID, "t t"),
            (ENV_USERNAME, "u"),
            (ENV_PASSWORD, "p"),
        ])
        .unwrap();
        assert_eq!(setting(bad.build().unwrap_err()), ENV_SERVER_ID);
        let bad = env(&[
            (ENV_BASE_URL, "http://example.com"),
            (ENV_USERNAME, "u"),
            (ENV_PASSWORD, "p"),
        ])
        .unwrap();
        assert_eq!(setting(bad.build().unwrap_err()), ENV_BASE_URL);
    }

    #[test]
    fn debug_and_display_hide_the_password() {
        let b = Client::builder()
            .server_id("tt")
            .username("u")
            .password("hunter2-secret");
        let c = b.clone().build().unwrap();
        let text = format!("{b:?} {b:#?} {c:?} {c:#?} {c}");
        assert!(!text.contains("hunter2"), "{text}");
        assert!(text.contains("tt.api.sellercloud.com"));
    }
}
