//! The client, its settings, and where the credentials go.

use crate::error::{Error, Result};
use crate::purchase_orders::PurchaseOrders;
use api_runtime::hooks::{AuthorizationSource, RequestHooks, sensitive_header};
use api_runtime::retry::RetryPolicy;
use api_runtime::secret::Secret;
use base64::Engine as _;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// Environment variable read by [`Client::from_env`] for the base URL.
pub const ENV_BASE_URL: &str = "SHOPCTRL_BASE_URL";
/// Environment variable read by [`Client::from_env`] for the API user's name.
pub const ENV_USERNAME: &str = "SHOPCTRL_USERNAME";
/// Environment variable read by [`Client::from_env`] for the API user's password.
pub const ENV_PASSWORD: &str = "SHOPCTRL_PASSWORD";

const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_USER_AGENT: &str = concat!("shopctrl-rust/", env!("CARGO_PKG_VERSION"));

/// A ShopCtrl API client for one customer's server and one API user.
///
/// Cheap to clone (the clones share one connection pool); build it once and
/// keep it. Every call authenticates with HTTP Basic, retries what is safe
/// to retry (see [`RetryPolicy`]), and runs in one `tracing` span named
/// `shopctrl.call`.
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
}

struct Inner {
    api: shopctrl_api::Client,
    base_url: Url,
    username: String,
    retry_policy: RetryPolicy,
    max_response_bytes: usize,
    /// What a server might send back that must never be kept in an error:
    /// the password and the encoded Basic credentials.
    secrets: [Secret; 2],
}

impl fmt::Debug for Client {
    // The generated client and reqwest's are left out: neither is useful to a
    // reader, and neither should get a chance to print request state.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("username", &self.inner.username)
            .field("password", &"[redacted]")
            .field("retry_policy", &self.inner.retry_policy)
            .field("max_response_bytes", &self.inner.max_response_bytes)
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
    /// [`Error::Config`] naming the variable.
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
        PurchaseOrders::new(self)
    }

    /// The server this client talks to (without `/v1`).
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The API user's name (the password is never readable back).
    pub fn username(&self) -> &str {
        &self.inner.username
    }

    /// The retry policy calls follow.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry_policy
    }

    /// The generated low-level client, with this client's authentication,
    /// connection pool and response-size bound, for operations this crate
    /// does not wrap. Calls made through it are neither validated nor retried.
    pub fn api(&self) -> &shopctrl_api::Client {
        &self.inner.api
    }

    pub(crate) fn max_response_bytes(&self) -> usize {
        self.inner.max_response_bytes
    }

    /// The texts to scrub from anything kept of an answer.
    pub(crate) fn secrets(&self) -> [&str; 2] {
        self.inner.secrets.each_ref().map(Secret::expose)
    }
}

/// A setting's value and the name to blame when it is wrong: the builder
/// method, or the environment variable it was read from.
#[derive(Clone, Debug)]
struct Setting<T> {
    value: T,
    name: &'static str,
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
    base_url: Option<Setting<String>>,
    username: Option<Setting<String>>,
    password: Option<Setting<Secret>>,
    connect_timeout: Duration,
    request_timeout: Duration,
    retry_policy: RetryPolicy,
    user_agent: String,
    max_response_bytes: usize,
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
            base_url: None,
            username: None,
            password: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            retry_policy: RetryPolicy::default(),
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            max_response_bytes: api_runtime::body::DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// A builder holding the environment's settings (see
    /// [`Client::from_env`]), to adjust further before [`Self::build`].
    /// Errors about these settings name the environment variable.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// let client = shopctrl::ClientBuilder::from_env()?
    ///     .request_timeout(Duration::from_secs(60))
    ///     .build()?;
    /// # Ok::<(), shopctrl::Error>(())
    /// ```
    pub fn from_env() -> Result<Self> {
        Self::from_lookup(std::env::var)
    }

    fn from_lookup(
        lookup: impl Fn(&'static str) -> std::result::Result<String, std::env::VarError>,
    ) -> Result<Self> {
        let read = |name: &'static str| -> Result<Setting<String>> {
            match lookup(name) {
                Ok(value) => Ok(Setting { value, name }),
                Err(std::env::VarError::NotPresent) => Err(Error::Config {
                    setting: name,
                    problem: "is not set".into(),
                }),
                Err(std::env::VarError::NotUnicode(_)) => Err(Error::Config {
                    setting: name,
                    problem: "is not valid UTF-8".into(),
                }),
            }
        };
        let mut builder = ClientBuilder::new();
        builder.base_url = Some(read(ENV_BASE_URL)?);
        builder.username = Some(read(ENV_USERNAME)?);
        let password = read(ENV_PASSWORD)?;
        builder.password = Some(Setting {
            value: Secret::new(password.value),
            name: password.name,
        });
        Ok(builder)
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
        self.base_url = Some(Setting {
            value: url.into(),
            name: "base_url",
        });
        self
    }

    /// The user name of the ShopCtrl employee account used as API user.
    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(Setting {
            value: username.into(),
            name: "username",
        });
        self
    }

    /// The API user's password. Held as a [`Secret`]: it never appears in
    /// `Debug` output, errors or traces.
    pub fn password(mut self, password: impl Into<Secret>) -> Self {
        self.password = Some(Setting {
            value: password.into(),
            name: "password",
        });
        self
    }

    /// How long to wait for a connection to be set up (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take in total, connection included
    /// (default 30 s). Retries each get this much again, within the retry
    /// policy's overall bound.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// Which failures are retried and how often; see [`RetryPolicy`]
    /// (default: 4 attempts within 30 s, exponential backoff with full
    /// jitter). [`RetryPolicy::never`] turns retries off.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = policy;
        self
    }

    /// The `User-Agent` header (default `shopctrl-rust/<version>`). Naming
    /// your integration helps ShopCtrl's support find your requests.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The largest response body read into memory, in bytes (default
    /// 4 MiB). The documented answers are a status and at most a short
    /// error body.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
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
        let base = required(self.base_url, "base_url")?;
        let base_url = parse_base_url(&base.value).map_err(|problem| Error::Config {
            setting: base.name,
            problem,
        })?;

        let username = required(self.username, "username")?;
        check_username(&username.value).map_err(|problem| Error::Config {
            setting: username.name,
            problem: problem.into(),
        })?;
        let password = required(self.password, "password")?;
        if password.value.is_empty() {
            return Err(Error::Config {
                setting: password.name,
                problem: "is empty".into(),
            });
        }
        let authorization =
            basic_authorization(&username.value, &password.value).ok_or(Error::Config {
                setting: password.name,
                problem: "cannot be sent in an HTTP header".into(),
            })?;

        positive_duration(self.connect_timeout, "connect_timeout")?;
        positive_duration(self.request_timeout, "request_timeout")?;
        if self.max_response_bytes == 0 {
            return Err(Error::Config {
                setting: "max_response_bytes",
                problem: "must be greater than 0".into(),
            });
        }
        let user_agent =
            reqwest::header::HeaderValue::from_str(&self.user_agent).map_err(|_| {
                Error::Config {
                    setting: "user_agent",
                    problem: "must be visible ASCII text".into(),
                }
            })?;

        let http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.request_timeout)
            .user_agent(user_agent)
            // A PUT that is redirected would be re-sent somewhere the caller
            // did not configure; report the 3xx instead.
            .redirect(reqwest::redirect::Policy::none())
            .tcp_keepalive(Duration::from_secs(60))
            .build()
            .map_err(|e| Error::Config {
                setting: "http_client",
                problem: format!("could not be built: {e}"),
            })?;

        let hooks = RequestHooks::default()
            .with_authorization(authorization)
            .with_max_response_bytes(self.max_response_bytes);
        let api = shopctrl_api::Client::new_with_client(
            api_runtime::config::base_url_str(&base_url),
            http,
            hooks,
        );
        Ok(Client {
            inner: Arc::new(Inner {
                api,
                base_url,
                secrets: [
                    password.value.clone(),
                    Secret::new(encode_credentials(&username.value, &password.value)),
                ],
                username: username.value,
                retry_policy: self.retry_policy,
                max_response_bytes: self.max_response_bytes,
            }),
        })
    }
}

fn required<T>(setting: Option<Setting<T>>, name: &'static str) -> Result<Setting<T>> {
    setting.ok_or(Error::Config {
        setting: name,
        problem: "is required".into(),
    })
}

fn positive_duration(value: Duration, setting: &'static str) -> Result<()> {
    if value.is_zero() {
        Err(Error::Config {
            setting,
            problem: "must be greater than zero".into(),
        })
    } else {
        Ok(())
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

/// `Basic base64(username:password)`, computed once per client and marked
/// sensitive so that reqwest and hyper never print it.
fn basic_authorization(username: &str, password: &Secret) -> Option<Arc<dyn AuthorizationSource>> {
    let encoded = encode_credentials(username, password);
    let header = sensitive_header(&format!("Basic {encoded}"))?;
    Some(Arc::new(header))
}

/// `base64(username:password)`, the credential part of the Basic header.
fn encode_credentials(username: &str, password: &Secret) -> String {
    let credentials = format!("{username}:{}", password.expose());
    base64::engine::general_purpose::STANDARD.encode(credentials.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> ClientBuilder {
        Client::builder()
            .base_url("https://shop.example.com:52222")
            .username("api-user")
            .password("pa55word-xyz")
    }

    fn config_setting(result: Result<Client>) -> &'static str {
        match result {
            Err(Error::Config { setting, .. }) => setting,
            other => panic!("expected a configuration error, got {other:?}"),
        }
    }

    #[test]
    fn a_complete_configuration_builds() {
        let client = complete().build().unwrap();
        assert_eq!(
            client.base_url().as_str(),
            "https://shop.example.com:52222/"
        );
        assert_eq!(client.username(), "api-user");
    }

    #[test]
    fn each_bad_setting_is_named() {
        assert_eq!(config_setting(Client::builder().build()), "base_url");
        assert_eq!(
            config_setting(complete().base_url("http://shop.example.com").build()),
            "base_url"
        );
        assert_eq!(
            config_setting(complete().base_url("not a url").build()),
            "base_url"
        );
        assert_eq!(config_setting(complete().username("").build()), "username");
        assert_eq!(
            config_setting(complete().username("a:b").build()),
            "username"
        );
        assert_eq!(config_setting(complete().password("").build()), "password");
        assert_eq!(
            config_setting(complete().connect_timeout(Duration::ZERO).build()),
            "connect_timeout"
        );
        assert_eq!(
            config_setting(complete().request_timeout(Duration::ZERO).build()),
            "request_timeout"
        );
        assert_eq!(
            config_setting(complete().user_agent("bad\nagent").build()),
            "user_agent"
        );
        assert_eq!(
            config_setting(complete().max_response_bytes(0).build()),
            "max_response_bytes"
        );
    }

    fn env<'a>(
        vars: &'a [(&'static str, &'a str)],
    ) -> impl Fn(&'static str) -> std::result::Result<String, std::env::VarError> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
                .ok_or(std::env::VarError::NotPresent)
        }
    }

    #[test]
    fn environment_settings_are_named_by_their_variable() {
        let complete = [
            (ENV_BASE_URL, "https://shop.example.com:52222"),
            (ENV_USERNAME, "api-user"),
            (ENV_PASSWORD, "pa55word-xyz"),
        ];
        let client = ClientBuilder::from_lookup(env(&complete))
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(client.username(), "api-user");

        for missing in [ENV_BASE_URL, ENV_USERNAME, ENV_PASSWORD] {
            let vars: Vec<_> = complete
                .iter()
                .copied()
                .filter(|(n, _)| *n != missing)
                .collect();
            assert_eq!(
                config_setting(
                    ClientBuilder::from_lookup(env(&vars)).and_then(ClientBuilder::build)
                ),
                missing
            );
        }
        let bad = [
            (ENV_BASE_URL, "http://shop.example.com"),
            (ENV_USERNAME, "api:user"),
            (ENV_PASSWORD, ""),
        ];
        for (name, value) in bad {
            let vars: Vec<_> = complete
                .iter()
                .map(|&(n, v)| if n == name { (n, value) } else { (n, v) })
                .collect();
            assert_eq!(
                config_setting(
                    ClientBuilder::from_lookup(env(&vars)).and_then(ClientBuilder::build)
                ),
                name
            );
        }
        // A setting changed after reading the environment is named by its method.
        let e = ClientBuilder::from_lookup(env(&complete))
            .unwrap()
            .base_url("ftp://x")
            .build();
        assert_eq!(config_setting(e), "base_url");
    }

    #[test]
    fn plain_http_is_allowed_for_loopback_only() {
        assert!(
            complete()
                .base_url("http://127.0.0.1:52222")
                .build()
                .is_ok()
        );
        assert!(
            complete()
                .base_url("http://localhost:52222")
                .build()
                .is_ok()
        );
        assert!(
            complete()
                .base_url("http://10.0.0.1:52222")
                .build()
                .is_err()
        );
    }

    #[test]
    fn a_trailing_v1_is_removed_once() {
        for (given, expected) in [
            ("https://h.example:52222/v1", "https://h.example:52222/"),
            ("https://h.example:52222/v1/", "https://h.example:52222/"),
            (
                "https://h.example/shopctrl/v1/",
                "https://h.example/shopctrl",
            ),
            ("https://h.example/v1x", "https://h.example/v1x"),
        ] {
            let client = complete().base_url(given).build().unwrap();
            assert_eq!(client.base_url().as_str(), expected, "{given}");
        }
    }

    #[test]
    fn basic_header_encodes_user_colon_password() {
        let source = basic_authorization("api-user", &Secret::new("pa55word-xyz")).unwrap();
        let header = source.authorization().unwrap();
        assert!(header.is_sensitive());
        assert_eq!(
            header.to_str().unwrap(),
            "Basic YXBpLXVzZXI6cGE1NXdvcmQteHl6"
        );
    }

    #[test]
    fn debug_output_has_no_password() {
        let builder = complete();
        let client = builder.clone().build().unwrap();
        for text in [
            format!("{builder:?}"),
            format!("{client:?}"),
            format!("{client:#?}"),
        ] {
            assert!(!text.contains("pa55word-xyz"), "{text}");
            assert!(!text.contains("YXBpLXVzZXI6cGE1NXdvcmQteHl6"), "{text}");
            assert!(text.contains("api-user"), "{text}");
        }
    }
}
