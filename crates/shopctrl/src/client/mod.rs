//! [`Client`] and its [`ClientBuilder`]: the ShopCtrl setting (the server)
//! on top of the settings both clients share (credentials and HTTP).

use crate::products::Products;
use crate::purchase_orders::PurchaseOrders;
use crate::vendor::{AUTHENTICATION_HINT, Classifier, Telemetry};
use api_runtime::Result;
use api_runtime::auth::BasicAuth;
use api_runtime::client_builder::{ClientCore, CommonSettings};
use api_runtime::hooks::RequestHooks;
use api_runtime::settings::{Env, Setting};
use std::sync::Arc;
use url::Url;

/// Environment variable read by [`Client::from_env`] for the base URL.
pub const ENV_BASE_URL: &str = "SHOPCTRL_BASE_URL";
/// Environment variable read by [`Client::from_env`] for the API user's name.
pub const ENV_USERNAME: &str = "SHOPCTRL_USERNAME";
/// Environment variable read by [`Client::from_env`] for the API user's password.
pub const ENV_PASSWORD: &str = "SHOPCTRL_PASSWORD";

const DEFAULT_USER_AGENT: &str = concat!("shopctrl-rust/", env!("CARGO_PKG_VERSION"));

impl Client {
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

    /// The product operations.
    pub fn products(&self) -> Products<'_> {
        Products { client: self }
    }
}

type Credentials = Arc<BasicAuth>;

api_runtime::vendor_client! {
    #[doc = include_str!("client.md")]
    pub struct Client(inner: ClientCore<shopctrl_api::Client, Credentials, Classifier>);
    call_example: include_str!("call.md"),
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
    common: CommonSettings,
    base_url: Option<Setting<String>>,
}

api_runtime::client_builder_setters!(ClientBuilder.common);

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
            common: CommonSettings::new(DEFAULT_USER_AGENT),
            base_url: None,
        }
    }

    fn from_vars<L>(env: &Env<L>) -> Result<Self>
    where
        L: Fn(&'static str) -> std::result::Result<String, std::env::VarError>,
    {
        let base_url = Some(env.required(ENV_BASE_URL)?);
        let common = CommonSettings::new(DEFAULT_USER_AGENT).with_env_credentials(
            env,
            ENV_USERNAME,
            ENV_PASSWORD,
        )?;
        Ok(ClientBuilder { common, base_url })
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
        let (settings, username, password) = self.common.into_parts()?;
        check_username(&username.value).map_err(|problem| username.error(problem))?;
        let credentials = BasicAuth::new(&username.value, &password.value, AUTHENTICATION_HINT)
            .ok_or_else(|| password.error("cannot be sent in an HTTP header"))?;
        let credentials: Credentials = Arc::new(credentials);
        let http = settings.build_client()?;
        let bound = settings.response_bound();
        let hooks = RequestHooks::default()
            .with_authorization(credentials.clone())
            .with_max_response_bytes(bound);
        let api = shopctrl_api::Client::new_with_client(
            api_runtime::config::base_url_str(&base_url),
            http,
            hooks,
        );
        let core = ClientCore::new(
            api,
            credentials,
            Classifier,
            &Telemetry,
            base_url,
            username.value,
            settings,
        );
        Ok(Client::from_core(core))
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
