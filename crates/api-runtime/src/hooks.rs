//! The state every generated client carries (progenitor's "inner type"),
//! and what its hooks do with it.
//!
//! Each generated crate implements `progenitor_client::ClientHooks` for its
//! `Client` by calling [`RequestHooks::prepare`] and [`RequestHooks::execute`];
//! the behaviour itself lives here, once for both vendors.

use reqwest::header::{AUTHORIZATION, HeaderValue};
use std::fmt;
use std::sync::Arc;

tokio::task_local! {
    // The header of the credential one call attempt obtained: the request
    // carries exactly the credential the attempt reports if it is refused.
    static CALL_AUTHORIZATION: HeaderValue;
    // A call's own request timeout (`CallSettings::timeout`), over the
    // client's.
    static CALL_TIMEOUT: std::time::Duration;
}

/// Runs `future` (one request of a generated client) with `timeout` as its
/// request timeout instead of the client's.
pub async fn with_timeout<F: std::future::Future>(
    timeout: std::time::Duration,
    future: F,
) -> F::Output {
    CALL_TIMEOUT.scope(timeout, future).await
}

/// Runs `future` (one request of a generated client) with `header` as its
/// `Authorization` header, whatever the client's [`AuthorizationSource`]
/// says. The call pipeline uses it so that a 401 names the credential that
/// was really sent.
pub async fn with_authorization<F: std::future::Future>(
    header: HeaderValue,
    future: F,
) -> F::Output {
    CALL_AUTHORIZATION.scope(header, future).await
}

/// Supplies the `Authorization` header for a request sent outside the call
/// pipeline (through a vendor client's `api()`), at the moment it is sent.
pub trait AuthorizationSource: Send + Sync + 'static {
    /// The header value, marked sensitive; `None` sends no header.
    fn authorization(&self) -> Option<HeaderValue>;
}

impl AuthorizationSource for HeaderValue {
    fn authorization(&self) -> Option<HeaderValue> {
        Some(self.clone())
    }
}

/// Per-client hook state: where the `Authorization` header comes from, and
/// the bound on response bodies read into memory.
#[derive(Clone)]
pub struct RequestHooks {
    authorization: Option<Arc<dyn AuthorizationSource>>,
    max_response_bytes: usize,
}

impl Default for RequestHooks {
    fn default() -> Self {
        RequestHooks {
            authorization: None,
            max_response_bytes: crate::body::DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

impl fmt::Debug for RequestHooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestHooks")
            .field(
                "authorization",
                &self.authorization.as_ref().map(|_| "[redacted]"),
            )
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

impl RequestHooks {
    /// Sends the header `source` gives with every request.
    pub fn with_authorization(mut self, source: Arc<dyn AuthorizationSource>) -> Self {
        self.authorization = Some(source);
        self
    }

    /// Bounds response bodies to `limit` bytes.
    pub fn with_max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The response body bound in bytes.
    pub fn max_response_bytes(&self) -> usize {
        self.max_response_bytes
    }

    /// Runs before a request is sent: sets `Authorization`, from
    /// [`with_authorization`] when the request is sent inside it, else from
    /// the client's [`AuthorizationSource`]; and the request's timeout when
    /// it is sent inside [`with_timeout`].
    pub fn prepare(&self, request: &mut reqwest::Request) {
        let value = CALL_AUTHORIZATION
            .try_with(HeaderValue::clone)
            .ok()
            .or_else(|| self.authorization.as_ref().and_then(|s| s.authorization()));
        if let Some(value) = value {
            request.headers_mut().insert(AUTHORIZATION, value);
        }
        if let Ok(timeout) = CALL_TIMEOUT.try_with(|t| *t) {
            *request.timeout_mut() = Some(timeout);
        }
    }

    /// Sends a request and bounds its response body.
    pub async fn execute(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
    ) -> reqwest::Result<reqwest::Response> {
        let response = client.execute(request).await?;
        Ok(crate::body::limit_response(
            response,
            self.max_response_bytes,
        ))
    }
}

/// A sensitive `Authorization` header value (reqwest and hyper keep sensitive
/// values out of their `Debug` output).
pub fn sensitive_header(value: &str) -> Option<HeaderValue> {
    let mut v = HeaderValue::from_str(value).ok()?;
    v.set_sensitive(true);
    Some(v)
}
