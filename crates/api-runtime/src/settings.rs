//! Client settings both vendors share: the HTTP settings ([`HttpSettings`]),
//! which setting to blame when one is wrong ([`Setting`]), and reading them
//! from the environment ([`Env`]) with the same error rules for both.
//!
//! Each vendor's `ClientBuilder` holds an [`HttpSettings`] and adds only its
//! own settings (Sellercloud: the server and the token renewal margin;
//! ShopCtrl: nothing more than its credentials).

use crate::error::{Error, Result};
use crate::retry::RetryPolicy;
use crate::secret::Secret;
use std::fmt;
use std::time::Duration;

/// Default bound on establishing a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default bound on one request, from sending to the end of the answer.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// A setting's value and the name to blame when it is wrong: the builder
/// method (`base_url`), or the environment variable it was read from
/// (`SHOPCTRL_BASE_URL`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting<T> {
    /// The value as given.
    pub value: T,
    /// The builder method or environment variable.
    pub name: &'static str,
}

impl<T> Setting<T> {
    /// A value set through the builder method `name`.
    pub fn new(value: T, name: &'static str) -> Self {
        Setting { value, name }
    }

    /// [`Error::Config`] about this setting.
    pub fn error(&self, problem: impl Into<String>) -> Error {
        Error::Config {
            setting: self.name,
            problem: problem.into(),
        }
    }

    /// The value, or [`Error::Config`] naming `name` when it was never set.
    pub fn required(setting: Option<Setting<T>>, name: &'static str) -> Result<Setting<T>> {
        setting.ok_or_else(|| Error::Config {
            setting: name,
            problem: "is not set".into(),
        })
    }
}

/// Reads settings from environment variables. Both clients' `from_env`
/// use it, so they fail alike: a variable that is missing or not UTF-8 fails
/// `from_env` at once, naming it; a value that is present but unusable
/// fails `build()`, naming the variable it came from.
pub struct Env<L> {
    lookup: L,
}

impl Env<fn(&str) -> std::result::Result<String, std::env::VarError>> {
    /// The process environment.
    pub fn process() -> Self {
        Env {
            lookup: |name| std::env::var(name),
        }
    }
}

impl<L> Env<L>
where
    L: Fn(&'static str) -> std::result::Result<String, std::env::VarError>,
{
    /// Variables from `lookup` (for tests).
    ///
    /// ```
    /// use sellercloud_shopctrl_runtime::settings::Env;
    /// let env = Env::from_lookup(|name| match name {
    ///     "DEMO_URL" => Ok("https://x.example".to_owned()),
    ///     _ => Err(std::env::VarError::NotPresent),
    /// });
    /// assert_eq!(env.required("DEMO_URL").unwrap().value, "https://x.example");
    /// assert!(env.required("DEMO_USER").is_err());
    /// assert_eq!(env.optional("DEMO_USER").unwrap(), None);
    /// ```
    pub fn from_lookup(lookup: L) -> Self {
        Env { lookup }
    }

    /// The variable's value, `None` when it is not set.
    pub fn optional(&self, name: &'static str) -> Result<Option<Setting<String>>> {
        match (self.lookup)(name) {
            Ok(value) => Ok(Some(Setting { value, name })),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => Err(Error::Config {
                setting: name,
                problem: "is not valid UTF-8".into(),
            }),
        }
    }

    /// The variable's value; [`Error::Config`] naming it when it is not set.
    pub fn required(&self, name: &'static str) -> Result<Setting<String>> {
        Setting::required(self.optional(name)?, name)
    }

    /// A secret variable's value (a password), kept in a [`Secret`].
    pub fn required_secret(&self, name: &'static str) -> Result<Setting<Secret>> {
        let setting = self.required(name)?;
        Ok(Setting {
            value: Secret::new(setting.value),
            name,
        })
    }
}

/// The HTTP settings of a client: timeouts, user agent, response bound,
/// retry policy and proxy. A vendor's `ClientBuilder` forwards its setters
/// here; [`HttpSettings::build_client`] checks them and makes the
/// connection pool.
#[derive(Clone)]
pub struct HttpSettings {
    connect_timeout: Duration,
    request_timeout: Duration,
    user_agent: String,
    max_response_bytes: usize,
    retry_policy: RetryPolicy,
    proxy: Option<Secret>,
    http_client: Option<reqwest::Client>,
}

impl fmt::Debug for HttpSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpSettings")
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("user_agent", &self.user_agent)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("retry_policy", &self.retry_policy)
            // A proxy URL may carry a password.
            .field("proxy", &self.proxy.as_ref().map(|_| "[set]"))
            .field(
                "http_client",
                &self.http_client.as_ref().map(|_| "[the user's]"),
            )
            .finish()
    }
}

impl HttpSettings {
    /// The defaults: connect timeout 10 s, request timeout 30 s,
    /// [`RetryPolicy::default`], 4 MiB response bound, `user_agent`, no
    /// proxy beyond what reqwest takes from the environment.
    pub fn new(user_agent: impl Into<String>) -> Self {
        HttpSettings {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            user_agent: user_agent.into(),
            max_response_bytes: crate::body::DEFAULT_MAX_RESPONSE_BYTES,
            retry_policy: RetryPolicy::default(),
            proxy: None,
            http_client: None,
        }
    }

    /// Bound on establishing a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Bound on one request, from sending to the end of the answer; each
    /// retry has its own.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Largest response body read into memory, in bytes.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// How failed calls are retried.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = policy;
        self
    }

    /// Sends every request through this proxy (`http://`, `https://` or
    /// `socks5://` URL, credentials allowed: the URL is kept as a secret).
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(Secret::new(url.into()));
        self
    }

    /// Sends every request through the caller's own `reqwest::Client` (a
    /// proxy with its own rules, extra root certificates, one connection
    /// pool shared by many clients) instead of one built from these
    /// settings.
    ///
    /// What the caller's client then decides, and these settings no longer
    /// do: the connect and request timeouts, the user agent, the proxy, TLS,
    /// and redirects. Give yours a `timeout`: without one, a server that
    /// never answers holds the call for ever. The client built here never
    /// follows a redirect (a 307/308 would re-send the request, credentials
    /// included, wherever it points); reqwest's default follows up to ten,
    /// dropping the
    /// `Authorization` header when the host changes. Build yours with
    /// `.redirect(reqwest::redirect::Policy::none())` to keep that
    /// guarantee. What still applies: the base URL's rules (`https` off
    /// loopback), the retry policy, rate limits, the response bound and
    /// secret scrubbing, which are the call pipeline's, not the connection's.
    ///
    /// ```
    /// use sellercloud_shopctrl_runtime::settings::HttpSettings;
    /// let mine = reqwest::Client::builder()
    ///     .redirect(reqwest::redirect::Policy::none())
    ///     .build()
    ///     .unwrap();
    /// let settings = HttpSettings::new("demo/1").http_client(mine);
    /// assert!(settings.build_client().is_ok());
    /// ```
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The retry policy.
    pub fn retry(&self) -> &RetryPolicy {
        &self.retry_policy
    }

    /// The response body bound.
    pub fn response_bound(&self) -> usize {
        self.max_response_bytes
    }

    /// The connect timeout.
    pub fn connect_timeout_value(&self) -> Duration {
        self.connect_timeout
    }

    /// The request timeout.
    pub fn request_timeout_value(&self) -> Duration {
        self.request_timeout
    }

    /// Checks the settings and creates the connection pool.
    ///
    /// Redirects are never followed: a 307/308 would re-send the request,
    /// credentials included, to wherever it points; a wrong base URL should
    /// fail loudly instead.
    ///
    /// ```
    /// use sellercloud_shopctrl_runtime::settings::HttpSettings;
    /// use std::time::Duration;
    /// assert!(HttpSettings::new("demo/1").build_client().is_ok());
    /// let e = HttpSettings::new("demo/1").request_timeout(Duration::ZERO).build_client().unwrap_err();
    /// assert!(matches!(e, sellercloud_shopctrl_runtime::Error::Config { setting: "request_timeout", .. }));
    /// ```
    pub fn build_client(&self) -> Result<reqwest::Client> {
        for (setting, value) in [
            ("connect_timeout", self.connect_timeout),
            ("request_timeout", self.request_timeout),
        ] {
            if value.is_zero() {
                return Err(config(setting, "must be greater than zero"));
            }
        }
        if self.max_response_bytes == 0 {
            return Err(config("max_response_bytes", "must be greater than zero"));
        }
        if let Some(client) = &self.http_client {
            return Ok(client.clone());
        }
        let user_agent =
            reqwest::header::HeaderValue::from_str(&self.user_agent).map_err(|_| {
                config(
                    "user_agent",
                    "is not a valid header value (use visible ASCII)",
                )
            })?;
        // With `rustls-ring` alone, reqwest is built without a crypto
        // provider and takes the process's default (it panics without one):
        // install ring, unless the application installed one first (its
        // choice wins, so the error is moot).
        #[cfg(all(feature = "rustls-ring", not(feature = "rustls-aws-lc")))]
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.request_timeout)
            .user_agent(user_agent)
            .tcp_keepalive(Duration::from_secs(60))
            .pool_idle_timeout(Duration::from_secs(90))
            .redirect(reqwest::redirect::Policy::none());
        if let Some(proxy) = &self.proxy {
            // The proxy URL may hold a password: reqwest's message could
            // quote it, so only the problem's kind is reported.
            let proxy = reqwest::Proxy::all(proxy.expose())
                .map_err(|_| config("proxy", "is not a usable proxy URL"))?;
            builder = builder.proxy(proxy);
        }
        builder.build().map_err(|e| {
            config(
                "http_client",
                format!("the HTTP client could not be created: {e}"),
            )
        })
    }
}

fn config(setting: &'static str, problem: impl Into<String>) -> Error {
    Error::Config {
        setting,
        problem: problem.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test -p sellercloud-shopctrl-runtime --no-default-features
    /// --features rustls-ring` (CI runs it): without aws-lc, building a
    /// client installs ring, so reqwest has a provider to connect with.
    #[cfg(all(feature = "rustls-ring", not(feature = "rustls-aws-lc")))]
    #[test]
    fn without_aws_lc_the_first_client_installs_ring() {
        HttpSettings::new("ua/1").build_client().unwrap();
        let provider = rustls::crypto::CryptoProvider::get_default().expect("a provider");
        assert!(
            provider
                .cipher_suites
                .iter()
                .any(|suite| suite.suite() == rustls::CipherSuite::TLS13_AES_128_GCM_SHA256)
        );
    }

    fn setting(e: Error) -> &'static str {
        match e {
            Error::Config { setting, .. } => setting,
            other => panic!("not a config error: {other}"),
        }
    }

    #[test]
    fn each_bad_setting_is_named() {
        let s = || HttpSettings::new("ua/1");
        assert_eq!(
            setting(
                s().connect_timeout(Duration::ZERO)
                    .build_client()
                    .unwrap_err()
            ),
            "connect_timeout"
        );
        assert_eq!(
            setting(s().max_response_bytes(0).build_client().unwrap_err()),
            "max_response_bytes"
        );
        assert_eq!(
            setting(s().user_agent("bad\nagent").build_client().unwrap_err()),
            "user_agent"
        );
        let e = s()
            .proxy("http://u:hunter2@[::1")
            .build_client()
            .unwrap_err();
        assert!(!e.to_string().contains("hunter2"), "{e}");
        assert_eq!(setting(e), "proxy");
        assert!(s().proxy("http://127.0.0.1:3128").build_client().is_ok());
        let text = format!("{:?}", s().proxy("http://u:hunter2@proxy.example:3128"));
        assert!(!text.contains("hunter2"), "{text}");
    }

    #[test]
    fn env_names_the_variable() {
        let env = Env::from_lookup(|name| match name {
            "SET" => Ok("v".to_owned()),
            "SECRET" => Ok("hunter2".to_owned()),
            "BAD" => Err(std::env::VarError::NotUnicode("x".into())),
            _ => Err(std::env::VarError::NotPresent),
        });
        assert_eq!(
            env.required("SET").unwrap(),
            Setting {
                value: "v".to_owned(),
                name: "SET"
            }
        );
        assert_eq!(setting(env.required("MISSING").unwrap_err()), "MISSING");
        assert_eq!(setting(env.optional("BAD").unwrap_err()), "BAD");
        let secret = format!("{:?}", env.required_secret("SECRET").unwrap());
        assert!(
            !secret.contains("hunter2") && secret.contains("SECRET"),
            "{secret}"
        );
    }
}
