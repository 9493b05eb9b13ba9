//! The state every generated client carries (progenitor's "inner type"),
//! and what its hooks do with it.
//!
//! Each generated crate implements `progenitor_client::ClientHooks` for its
//! `Client` by calling [`RequestHooks::prepare`] and [`RequestHooks::execute`];
//! the behaviour itself lives here, once for both vendors.

use reqwest::header::{AUTHORIZATION, HeaderValue};
use std::fmt;
use std::sync::Arc;

/// Supplies the `Authorization` header for each request, at the moment it is
/// sent (a bearer token that may have been renewed since the last call).
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

    /// Runs before a request is sent: sets `Authorization`.
    pub fn prepare(&self, request: &mut reqwest::Request) {
        if let Some(value) = self.authorization.as_ref().and_then(|s| s.authorization()) {
            request.headers_mut().insert(AUTHORIZATION, value);
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
