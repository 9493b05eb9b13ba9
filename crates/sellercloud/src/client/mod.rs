//! [`Client`] and its [`ClientBuilder`]: the Sellercloud settings (the
//! server, the token renewal margin) on top of the settings both
//! clients share (credentials and HTTP).

use crate::auth::{FRESH_TOKEN_REFUSED_HINT, TokenRequest};
use crate::lookups::Lookups;
use crate::orders::Orders;
use crate::purchase_orders::PurchaseOrders;
use crate::vendor::{Classifier, Telemetry};
use api_runtime::auth::BearerCache;
use api_runtime::client_builder::{ClientCore, CommonSettings};
use api_runtime::hooks::RequestHooks;
use api_runtime::settings::{Env, Setting};
use api_runtime::{Error, Result};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

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

type Tokens = Arc<BearerCache<TokenRequest>>;

api_runtime::vendor_client! {
    #[doc = include_str!("client.md")]
    pub struct Client(inner: ClientCore<sellercloud_api::Client, Tokens, Classifier>);
    call_example: include_str!("call.md"),
}

impl Client {
    /// Purchase order endpoints: create (also exactly once), get, list,
    /// read items, add items, update items, receive, update tracking (see
    /// [`PurchaseOrders`]).
    ///
    /// ```no_run
    /// use sellercloud::PurchaseOrderId;
    /// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
    /// use sellercloud::UpdatePurchaseOrderTracking;
    /// client.purchase_orders().update_tracking(PurchaseOrderId::new(7), UpdatePurchaseOrderTracking::new().shipped_via_carrier("UPS")).await?;
    /// # Ok(()) }
    /// ```
    pub fn purchase_orders(&self) -> PurchaseOrders<'_> {
        PurchaseOrders { client: self }
    }

    /// Order endpoints: update.
    ///
    /// ```no_run
    /// use sellercloud::OrderId;
    /// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
    /// use sellercloud::UpdateOrder;
    /// client.orders().update(OrderId::new(5001), UpdateOrder::new().disable_inventory_count(true)).await?;
    /// # Ok(()) }
    /// ```
    pub fn orders(&self) -> Orders<'_> {
        Orders { client: self }
    }

    /// The look-ups a purchase order sync needs: vendors, companies,
    /// warehouses, payment terms, products by SKU (see [`Lookups`]).
    ///
    /// ```no_run
    /// # async fn demo(client: sellercloud::Client) -> sellercloud::Result<()> {
    /// let terms = client.lookups().payment_terms().await?;
    /// # let _ = terms;
    /// # Ok(()) }
    /// ```
    pub fn lookups(&self) -> Lookups<'_> {
        Lookups { client: self }
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
#[derive(Clone, Debug)]
pub struct ClientBuilder {
    common: CommonSettings,
    endpoint: Option<Setting<Endpoint>>,
    token_renewal_margin: Option<Duration>,
}

api_runtime::client_builder_setters!(ClientBuilder.common);

impl ClientBuilder {
    /// A builder with the defaults: connect timeout 10 s, request timeout
    /// 30 s, [`RetryPolicy::default`](crate::RetryPolicy::default), 4 MiB response bound.
    ///
    /// ```
    /// let builder = sellercloud::ClientBuilder::new();
    /// assert!(builder.build().is_err()); // no server, user or password yet
    /// ```
    pub fn new() -> Self {
        ClientBuilder {
            common: CommonSettings::new(DEFAULT_USER_AGENT),
            endpoint: None,
            token_renewal_margin: None,
        }
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
        let common = CommonSettings::new(DEFAULT_USER_AGENT).with_env_credentials(
            env,
            ENV_USERNAME,
            ENV_PASSWORD,
        )?;
        Ok(ClientBuilder {
            endpoint: Some(endpoint),
            common,
            token_renewal_margin: None,
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
        let (settings, username, password) = self.common.into_parts()?;
        let trimmed = username.value.trim();
        if trimmed.is_empty() {
            return Err(username.error("is empty"));
        }
        let username = trimmed.to_owned();
        let http = settings.build_client()?;
        let base = api_runtime::config::base_url_str(&base_url);
        let bound = settings.response_bound();
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
        let core = ClientCore::new(
            api, tokens, Classifier, &Telemetry, base_url, username, settings,
        );
        Ok(Client::from_core(core))
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
