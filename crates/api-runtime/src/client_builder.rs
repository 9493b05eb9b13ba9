//! What both vendors' `Client`s and `ClientBuilder`s offer alike, written
//! once: [`client_builder_setters!`](crate::client_builder_setters) gives a
//! builder the credential and HTTP setters,
//! [`vendor_client!`](crate::vendor_client) gives a client `call`,
//! its accessors and a `Debug` that hides the password. Both make inherent
//! methods (no trait to import) whose examples name the vendor crate.

use crate::auth::Authenticator;
use crate::call::{Classify, Runtime, Telemetry};
use crate::error::Result;
use crate::secret::Secret;
use crate::settings::{Env, HttpSettings, Setting};
use url::Url;

/// The settings both vendors' `ClientBuilder`s hold alike: the API user's
/// credentials and the HTTP settings. Each builder adds its own (the
/// server, Sellercloud's token renewal margin).
#[derive(Clone, Debug)]
pub struct CommonSettings {
    /// Connection, timeouts, retries, proxy, your own `reqwest::Client`.
    pub http: HttpSettings,
    /// The API user's name, and where it was set.
    pub username: Option<Setting<String>>,
    /// The API user's password (never printed), and where it was set.
    pub password: Option<Setting<Secret>>,
}

impl CommonSettings {
    /// No credentials yet, the default HTTP settings with `user_agent`.
    pub fn new(user_agent: &str) -> Self {
        CommonSettings {
            http: HttpSettings::new(user_agent),
            username: None,
            password: None,
        }
    }

    /// These settings with the credentials read from the variables
    /// `username` and `password`, both required.
    pub fn with_env_credentials<L>(
        mut self,
        env: &Env<L>,
        username: &'static str,
        password: &'static str,
    ) -> Result<Self>
    where
        L: Fn(&'static str) -> std::result::Result<String, std::env::VarError>,
    {
        self.username = Some(env.required(username)?);
        self.password = Some(env.required_secret(password)?);
        Ok(self)
    }

    /// The HTTP settings and the credentials, both of which must be set;
    /// an empty password is refused here (each vendor checks the user name
    /// by its own rules).
    pub fn into_parts(self) -> Result<(HttpSettings, Setting<String>, Setting<Secret>)> {
        let username = Setting::required(self.username, "username")?;
        let password = Setting::required(self.password, "password")?;
        if password.value.is_empty() {
            return Err(password.error("is empty"));
        }
        Ok((self.http, username, password))
    }
}

/// What a client shares between its clones, alike for both vendors: the
/// generated client `Api`, the call pipeline, where it talks to, as whom,
/// and the settings it was built with.
pub struct ClientCore<Api, A, C> {
    /// The generated low-level client.
    pub api: Api,
    /// The call pipeline (auth, classification, retries, rate limits).
    pub runtime: Runtime<A, C>,
    /// The base URL requests go to.
    pub base_url: Url,
    /// The API user.
    pub username: String,
    /// The settings the client was built with.
    pub http: HttpSettings,
}

impl<Api, A: Authenticator, C: Classify> ClientCore<Api, A, C> {
    /// The core of a client: its pipeline follows `http`'s retry policy and
    /// response bound.
    pub fn new(
        api: Api,
        auth: A,
        classifier: C,
        telemetry: &'static dyn Telemetry,
        base_url: Url,
        username: String,
        http: HttpSettings,
    ) -> Self {
        let runtime = Runtime::new(
            auth,
            classifier,
            http.retry().clone(),
            http.response_bound(),
            telemetry,
        );
        ClientCore {
            api,
            runtime,
            base_url,
            username,
            http,
        }
    }
}

/// Adds the shared setters to `$builder`, whose field `$field` holds its
/// [`CommonSettings`]: the credentials (`username`, `password`) and the HTTP
/// settings (`connect_timeout`, `request_timeout`, `retry_policy`,
/// `user_agent`, `max_response_bytes`, `proxy`, `http_client`); and
/// `from_env`, which calls the builder's own
/// `fn from_vars(env: &Env<_>) -> Result<Self>` with the process
/// environment. The examples name the vendor crate by its package name. The
/// crate must re-export
/// [`exports`](crate::exports) at its root.
///
/// ```ignore
/// api_runtime::client_builder_setters!(ClientBuilder.common);
/// ```
#[macro_export]
macro_rules! client_builder_setters {
    ($builder:ident . $field:ident) => {
        impl ::std::default::Default for $builder {
            fn default() -> Self {
                $builder::new()
            }
        }

        impl $builder {
            /// A builder holding the environment's settings (see
            /// [`Client::from_env`](crate::Client::from_env)), to adjust
            /// further before `build`. A missing variable (or one that is
            /// not UTF-8) fails here, naming it; a value that is present but
            /// unusable fails `build`, naming the variable. Both clients
            /// read their variables by the same rules.
            ///
            /// ```no_run
            /// use std::time::Duration;
            #[doc = concat!("let client = ", env!("CARGO_PKG_NAME"), "::ClientBuilder::from_env()?")]
            ///     .request_timeout(Duration::from_secs(60))
            ///     .build()?;
            #[doc = concat!("# Ok::<(), ", env!("CARGO_PKG_NAME"), "::Error>(())")]
            /// ```
            pub fn from_env() -> $crate::Result<Self> {
                Self::from_vars(&$crate::settings::Env::process())
            }

            /// The API user's name.
            ///
            /// ```
            #[doc = concat!("let b = ", env!("CARGO_PKG_NAME"), "::Client::builder().username(\"api.user@example.com\");")]
            /// # let _ = b;
            /// ```
            pub fn username(mut self, username: impl Into<String>) -> Self {
                self.$field.username = Some($crate::settings::Setting::new(username.into(), "username"));
                self
            }

            /// The API user's password, kept in a [`Secret`](crate::Secret):
            /// it never appears in `Debug` output, errors or traces.
            ///
            /// ```
            #[doc = concat!("let b = ", env!("CARGO_PKG_NAME"), "::Client::builder().password(\"hunter2\");")]
            /// assert!(!format!("{b:?}").contains("hunter2"));
            /// ```
            pub fn password(mut self, password: impl Into<$crate::secret::Secret>) -> Self {
                self.$field.password = Some($crate::settings::Setting::new(password.into(), "password"));
                self
            }

            /// Bound on establishing a connection (default 10 s).
            ///
            /// ```
            #[doc = concat!("let b = ", env!("CARGO_PKG_NAME"), "::Client::builder().connect_timeout(std::time::Duration::from_secs(3));")]
            /// # let _ = b;
            /// ```
            pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.$field.http = self.$field.http.connect_timeout(timeout);
                self
            }

            /// Bound on one attempt, from sending to the end of the answer
            /// (default 30 s). Each retry has its own, within the retry
            /// policy's overall bound.
            ///
            /// ```
            #[doc = concat!("let b = ", env!("CARGO_PKG_NAME"), "::Client::builder().request_timeout(std::time::Duration::from_secs(60));")]
            /// # let _ = b;
            /// ```
            pub fn request_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.$field.http = self.$field.http.request_timeout(timeout);
                self
            }

            /// Which failures are retried and how often (default:
            /// [`RetryPolicy::default`](crate::RetryPolicy::default));
            /// [`RetryPolicy::never`](crate::RetryPolicy::never) turns
            /// retries off. Whatever the policy, a call that is not
            /// idempotent (creating a purchase order) is only re-sent when it
            /// certainly was not applied.
            ///
            /// ```
            #[doc = concat!("let b = ", env!("CARGO_PKG_NAME"), "::Client::builder().retry_policy(", env!("CARGO_PKG_NAME"), "::RetryPolicy::never());")]
            /// # let _ = b;
            /// ```
            pub fn retry_policy(mut self, policy: $crate::retry::RetryPolicy) -> Self {
                self.$field.http = self.$field.http.retry_policy(policy);
                self
            }

            #[doc = concat!("The `User-Agent` header (default `", env!("CARGO_PKG_NAME"), "-rust/<version>`). Naming your integration helps the vendor's support find your requests.")]
            ///
            /// ```
            #[doc = concat!("let b = ", env!("CARGO_PKG_NAME"), "::Client::builder().user_agent(\"inventory-sync/2.3\");")]
            /// # let _ = b;
            /// ```
            pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
                self.$field.http = self.$field.http.user_agent(user_agent);
                self
            }

            /// Largest response body read into memory, in bytes (default
            /// 4 MiB).
            ///
            /// ```
            #[doc = concat!("let b = ", env!("CARGO_PKG_NAME"), "::Client::builder().max_response_bytes(64 * 1024);")]
            /// # let _ = b;
            /// ```
            pub fn max_response_bytes(mut self, limit: usize) -> Self {
                self.$field.http = self.$field.http.max_response_bytes(limit);
                self
            }

            /// Sends every request through this proxy (`http://`, `https://`
            /// or `socks5://`; a password in it is kept secret).
            ///
            /// ```
            #[doc = concat!("let b = ", env!("CARGO_PKG_NAME"), "::Client::builder().proxy(\"http://proxy.internal:3128\");")]
            /// # let _ = b;
            /// ```
            pub fn proxy(mut self, url: impl Into<String>) -> Self {
                self.$field.http = self.$field.http.proxy(url);
                self
            }

            /// Sends every request through your own `reqwest::Client` (the
            /// re-exported [`reqwest`](crate::reqwest), so the versions
            /// match): a proxy with its own rules, extra root certificates,
            /// one connection pool shared by many clients.
            ///
            /// Your client's timeouts, user agent, proxy, TLS and redirect
            /// policy then apply instead of this builder's; the base URL's
            /// rules (`https` off loopback), retries, rate limits, the
            /// response bound and secret scrubbing still do. Give yours a
            /// `timeout` (without one, a server that never answers holds the
            /// call for ever) and `redirect::Policy::none()`: the client
            /// built otherwise never follows a redirect, because a 307/308
            /// would re-send the request, credentials included, wherever it
            /// points.
            ///
            /// ```
            #[doc = concat!("use ", env!("CARGO_PKG_NAME"), "::reqwest;")]
            /// let mine = reqwest::Client::builder()
            ///     .redirect(reqwest::redirect::Policy::none())
            ///     .timeout(std::time::Duration::from_secs(30))
            ///     .build()
            ///     .unwrap();
            #[doc = concat!("let b = ", env!("CARGO_PKG_NAME"), "::Client::builder().http_client(mine);")]
            /// # let _ = b;
            /// ```
            pub fn http_client(mut self, client: $crate::exports::reqwest::Client) -> Self {
                self.$field.http = self.$field.http.http_client(client);
                self
            }
        }
    };
}

/// Declares a vendor's `Client` (cheap to clone: an `Arc` of its
/// [`ClientCore`]) with what both vendors' clients offer alike: `builder`,
/// `from_env`, `call` (the way around the ergonomic layer; `call_example` is
/// its example, a fenced code block), the accessors `api`,
/// `base_url`, `username`, `retry_policy`, and a `Debug` that shows the
/// password as `[redacted]`. The vendor crate writes `ClientBuilder::new`,
/// `ClientBuilder::build`, `ClientBuilder::from_vars` and the endpoint
/// handles; the examples name the crate by its package name.
///
/// ```ignore
/// api_runtime::vendor_client! {
///     #[doc = include_str!("client.md")]
///     pub struct Client(inner: ClientCore<sellercloud_api::Client, Tokens, Classifier>);
///     call_example: include_str!("call.md"),
/// }
/// ```
#[macro_export]
macro_rules! vendor_client {
    (
        $(#[$meta:meta])*
        pub struct $client:ident($inner:ident: ClientCore<$api:ty, $auth:ty, $classifier:ty>);
        call_example: $call_example:expr $(,)?
    ) => {
        $crate::vendor_client!(@declare
            $(#[$meta])* $client, $inner, ClientBuilder,
            $crate::client_builder::ClientCore<$api, $auth, $classifier>,
            $api, $call_example
        );
    };
    (@declare
        $(#[$meta:meta])* $client:ident, $inner:ident, $builder:ident, $core:ty, $api:ty,
        $call_example:expr
    ) => {
        $(#[$meta])*
        #[derive(Clone)]
        pub struct $client {
            $inner: ::std::sync::Arc<$core>,
            /// What this handle's calls set over the client's settings
            /// (`with_settings`).
            settings: ::std::option::Option<::std::sync::Arc<$crate::call::CallSettings>>,
        }

        const _: () = $crate::assert_shareable::<$client>();

        impl $client {
            /// Starts configuring a client (the same as `ClientBuilder::new()`).
            ///
            /// ```
            #[doc = concat!("let builder = ", env!("CARGO_PKG_NAME"), "::Client::builder();")]
            /// assert!(builder.build().is_err()); // no server, user or password yet
            /// ```
            pub fn builder() -> $builder {
                $builder::new()
            }

            /// A client configured from the environment (see
            /// `ClientBuilder::from_env` for the variables); everything else
            /// has its default. A missing or bad variable is an
            /// `Error::Config` naming it.
            ///
            /// ```no_run
            #[doc = concat!("let client = ", env!("CARGO_PKG_NAME"), "::Client::from_env()?;")]
            #[doc = concat!("# Ok::<(), ", env!("CARGO_PKG_NAME"), "::Error>(())")]
            /// ```
            pub fn from_env() -> $crate::Result<$client> {
                $builder::from_env()?.build()
            }

            fn from_core(core: $core) -> Self {
                $client {
                    $inner: ::std::sync::Arc::new(core),
                    settings: None,
                }
            }

            /// This client with `settings` over its own for every call made
            /// through the handle returned (endpoint methods and `call`
            /// alike): a request timeout, a retry policy, a longest
            /// rate-limit wait for these calls only. Nothing is rebuilt: the
            /// handle shares the client's connection pool, credentials and
            /// rate-limit gate.
            ///
            /// ```no_run
            #[doc = concat!("use ", env!("CARGO_PKG_NAME"), "::{CallSettings, RetryPolicy};")]
            /// use std::time::Duration;
            #[doc = concat!("# fn demo(client: ", env!("CARGO_PKG_NAME"), "::Client) {")]
            /// // Calls through `quick` give up after 2 s and are not retried;
            /// // the client's other calls keep its own timeout and policy.
            /// let quick = client.with_settings(
            ///     CallSettings::new()
            ///         .timeout(Duration::from_secs(2))
            ///         .retry_policy(RetryPolicy::never()),
            /// );
            /// # let _ = quick.purchase_orders();
            /// # }
            /// ```
            pub fn with_settings(&self, settings: $crate::call::CallSettings) -> $client {
                $client {
                    $inner: ::std::sync::Arc::clone(&self.$inner),
                    settings: Some(::std::sync::Arc::new(settings)),
                }
            }

            /// The client's estimate of its server's clock, from the `Date`
            /// headers of its answers: `now()` is the server's time now.
            pub fn server_clock(&self) -> &$crate::call::ServerClock {
                self.$inner.runtime.server_clock()
            }

            /// How long one attempt waits for its answer.
            #[allow(dead_code)]
            pub(crate) fn request_timeout(&self) -> ::std::time::Duration {
                self.$inner.http.request_timeout_value()
            }

            /// A create of `operation` made exactly once, on this client's
            /// server clock and timeout, as `options` say.
            #[allow(dead_code)]
            pub(crate) fn exactly_once<'o>(
                &'o self,
                operation: &'static str,
                options: &'o $crate::exactly_once::ExactlyOnce,
            ) -> $crate::exactly_once::CreateAttempt<'o> {
                $crate::exactly_once::CreateAttempt::new(
                    operation,
                    self.server_clock(),
                    self.request_timeout(),
                    options,
                )
            }

            #[doc = concat!("Calls any operation of the generated `", stringify!($api), "` through this client's pipeline: with its credentials (a bearer token is renewed once on a 401), its retry policy as `operation`'s idempotency allows, its response bound, error mapping and tracing. The way around the ergonomic layer: no request builder, no client-side rule, and the wire's plain integers for IDs.")]
            ///
            /// `send` makes one request and is called once per attempt.
            ///
            #[doc = $call_example]
            pub async fn call<'a, T, F, Fut>(
                &'a self,
                operation: $crate::call::Operation,
                send: F,
            ) -> $crate::Result<$crate::call::Reply<T>>
            where
                F: Fn(&'a $api) -> Fut,
                Fut: ::std::future::Future<Output = $crate::call::ApiResult<T>>,
            {
                let api = &self.$inner.api;
                let settings = self
                    .settings
                    .as_deref()
                    .unwrap_or(&$crate::call::NO_SETTINGS);
                self.$inner
                    .runtime
                    .invoke_with(settings, operation, || send(api))
                    .await
            }

            #[doc = concat!("The generated low-level client (`", stringify!($api), "`) as it is: requests carry this client's credentials (the token cached at the time, if any) and its response bound, but are not retried, get no new credential on a 401, and fail with the generated crate's errors. Prefer [`Client::call`](crate::Client::call).")]
            pub fn api(&self) -> &$api {
                &self.$inner.api
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &$crate::__private::url::Url {
                &self.$inner.base_url
            }

            /// The API user the client authenticates as (the password is
            /// never readable back).
            pub fn username(&self) -> &str {
                &self.$inner.username
            }

            /// The retry policy calls follow.
            pub fn retry_policy(&self) -> &$crate::retry::RetryPolicy {
                self.$inner.runtime.retry_policy()
            }
        }

        impl ::std::fmt::Debug for $client {
            // The generated client and reqwest's are left out: neither is
            // useful to a reader, and neither should get a chance to print
            // request state.
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(stringify!($client))
                    .field("base_url", &self.$inner.base_url.as_str())
                    .field("username", &self.$inner.username)
                    .field("password", &"[redacted]")
                    .field("http", &self.$inner.http)
                    .finish()
            }
        }
    };
}
