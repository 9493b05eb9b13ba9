//! The HTTP settings surface both vendors' `ClientBuilder`s offer, written
//! once: [`client_builder_http_setters!`](crate::client_builder_http_setters)
//! gives a builder that holds an [`HttpSettings`](crate::settings::HttpSettings)
//! its seven setters, as inherent methods (no trait to import) with the
//! vendor crate's name in their examples.

/// Adds the shared HTTP setters (`connect_timeout`, `request_timeout`,
/// `retry_policy`, `user_agent`, `max_response_bytes`, `proxy`,
/// `http_client`) to `$builder`, whose field `$field` is an
/// [`HttpSettings`](crate::settings::HttpSettings). `$krate` names the
/// vendor crate in the examples, `$user_agent` the default `User-Agent`.
/// The crate must re-export [`exports`](crate::exports) at its root.
///
/// ```ignore
/// api_runtime::client_builder_http_setters!(ClientBuilder.http, "sellercloud", "sellercloud-rust/<version>");
/// ```
#[macro_export]
macro_rules! client_builder_http_setters {
    ($builder:ident . $field:ident, $krate:literal, $user_agent:literal) => {
        impl $builder {
            /// Bound on establishing a connection (default 10 s).
            ///
            /// ```
            #[doc = concat!("let b = ", $krate, "::Client::builder().connect_timeout(std::time::Duration::from_secs(3));")]
            /// # let _ = b;
            /// ```
            pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.$field = self.$field.connect_timeout(timeout);
                self
            }

            /// Bound on one attempt, from sending to the end of the answer
            /// (default 30 s). Each retry has its own, within the retry
            /// policy's overall bound.
            ///
            /// ```
            #[doc = concat!("let b = ", $krate, "::Client::builder().request_timeout(std::time::Duration::from_secs(60));")]
            /// # let _ = b;
            /// ```
            pub fn request_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.$field = self.$field.request_timeout(timeout);
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
            #[doc = concat!("let b = ", $krate, "::Client::builder().retry_policy(", $krate, "::RetryPolicy::never());")]
            /// # let _ = b;
            /// ```
            pub fn retry_policy(mut self, policy: $crate::retry::RetryPolicy) -> Self {
                self.$field = self.$field.retry_policy(policy);
                self
            }

            #[doc = concat!("The `User-Agent` header (default `", $user_agent, "`). Naming your integration helps the vendor's support find your requests.")]
            ///
            /// ```
            #[doc = concat!("let b = ", $krate, "::Client::builder().user_agent(\"inventory-sync/2.3\");")]
            /// # let _ = b;
            /// ```
            pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
                self.$field = self.$field.user_agent(user_agent);
                self
            }

            /// Largest response body read into memory, in bytes (default
            /// 4 MiB).
            ///
            /// ```
            #[doc = concat!("let b = ", $krate, "::Client::builder().max_response_bytes(64 * 1024);")]
            /// # let _ = b;
            /// ```
            pub fn max_response_bytes(mut self, limit: usize) -> Self {
                self.$field = self.$field.max_response_bytes(limit);
                self
            }

            /// Sends every request through this proxy (`http://`, `https://`
            /// or `socks5://`; a password in it is kept secret).
            ///
            /// ```
            #[doc = concat!("let b = ", $krate, "::Client::builder().proxy(\"http://proxy.internal:3128\");")]
            /// # let _ = b;
            /// ```
            pub fn proxy(mut self, url: impl Into<String>) -> Self {
                self.$field = self.$field.proxy(url);
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
            #[doc = concat!("use ", $krate, "::reqwest;")]
            /// let mine = reqwest::Client::builder()
            ///     .redirect(reqwest::redirect::Policy::none())
            ///     .timeout(std::time::Duration::from_secs(30))
            ///     .build()
            ///     .unwrap();
            #[doc = concat!("let b = ", $krate, "::Client::builder().http_client(mine);")]
            /// # let _ = b;
            /// ```
            pub fn http_client(mut self, client: $crate::exports::reqwest::Client) -> Self {
                self.$field = self.$field.http_client(client);
                self
            }
        }
    };
}

/// Adds the accessors both vendors' `Client`s offer (`api`, `base_url`,
/// `username`, `retry_policy`) and its `Debug` (the password shown as
/// `[redacted]`) to `$client`, whose field `$inner` holds the `api`
/// (`$api`), `runtime`, `base_url`, `username` and `http` of the client.
///
/// ```ignore
/// api_runtime::client_accessors!(Client.inner, sellercloud_api::Client);
/// ```
#[macro_export]
macro_rules! client_accessors {
    ($client:ident . $inner:ident, $api:ty) => {
        impl $client {
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
