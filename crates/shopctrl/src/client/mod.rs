//! [`Client`] and its [`ClientBuilder`]: the ShopCtrl settings (the server
//! and the API user's credentials) on top of the shared HTTP settings
//! ([`HttpSettings`]).

use crate::purchase_orders::PurchaseOrders;
use crate::vendor::{AUTHENTICATION_HINT, Classifier, Telemetry};
use api_runtime::Result;
use api_runtime::auth::BasicAuth;
use api_runtime::call::{ApiResult, Operation, Reply, Runtime};
use api_runtime::hooks::RequestHooks;
use api_runtime::secret::Secret;
use api_runtime::settings::{Env, HttpSettings, Setting};
use std::future::Future;
use std::sync::Arc;
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
/// Basic, retries what is safe to retry (see [`RetryPolicy`](crate::RetryPolicy)), and runs in
/// one `tracing` span named `shopctrl.call`. Any operation of the generated
/// `shopctrl-api` crate can be called the same way through [`Client::call`].
///
/// ```no_run
/// use shopctrl::{PurchaseOrderId, RowId};
/// # async fn demo() -> shopctrl::Result<()> {
/// use shopctrl::{Client, Decimal, UpdatePurchaseOrderRow};
///
/// let client = Client::builder()
///     .base_url("https://shop.example.com:52222")
///     .username("api-user")
///     .password("s3cret")
///     .build()?;
/// client
///     .purchase_orders()
///     .update_row(PurchaseOrderId::new(7), UpdatePurchaseOrderRow::new(RowId::new(1)).item_quantity(Decimal::new(25, 1)))
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

const _: () = api_runtime::assert_shareable::<Client>();

api_runtime::client_accessors!(Client.inner, shopctrl_api::Client);

type Credentials = Arc<BasicAuth>;

struct Inner {
    api: shopctrl_api::Client,
    runtime: Runtime<Credentials, Classifier>,
    base_url: Url,
    username: String,
    http: HttpSettings,
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
    /// use shopctrl::{PurchaseOrderId, RowId};
    /// # async fn demo(client: shopctrl::Client) -> shopctrl::Result<()> {
    /// client
    ///     .purchase_orders()
    ///     .update_row(PurchaseOrderId::new(7), shopctrl::UpdatePurchaseOrderRow::new(RowId::new(1)).comment("checked"))
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
    /// // A row update sent as raw wire JSON, bypassing UpdatePurchaseOrderRow.
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
        self.inner.runtime.invoke(operation, || send(api)).await
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

api_runtime::client_builder_http_setters!(
    ClientBuilder.http,
    "shopctrl",
    "shopctrl-rust/<version>"
);

impl ClientBuilder {
    /// A builder with the defaults: connect timeout 10 s, request timeout
    /// 30 s, [`RetryPolicy::default`](crate::RetryPolicy::default), 4 MiB response bound.
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
