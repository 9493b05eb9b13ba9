//! What the fakes remember about each request they received.

use crate::Fault;
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method};
use std::borrow::Cow;
use std::net::SocketAddr;

/// The text that replaces every secret in recorded requests.
pub const REDACTED: &str = "[redacted]";

/// One request as a fake received it, with its secrets masked.
///
/// Masking: the `Authorization` header keeps its scheme and loses its
/// credentials (`Bearer [redacted]`, `Basic [redacted]`); `Proxy-Authorization`,
/// `Cookie` and any header whose name mentions a token, secret, password or API
/// key becomes `[redacted]`; the `Password` member of a Sellercloud token request
/// body is replaced by `"[redacted]"` (the body is then re-serialized; a token
/// request body that is not a JSON object is replaced as a whole). What the
/// credentials were is summed up in [`RecordedRequest::auth`] instead.
///
/// `R` is the fake's route type (`sellercloud_shopctrl_fakes::sellercloud::SellercloudRoute` or
/// `sellercloud_shopctrl_fakes::shopctrl::ShopCtrlRoute`).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct RecordedRequest<R> {
    /// Arrival order on this fake, from 1.
    pub seq: u64,
    /// When the request's head arrived, on Tokio's clock (so paused-time
    /// tests can measure how requests spread out).
    pub arrived_at: tokio::time::Instant,
    /// The client's address and port.
    pub peer: SocketAddr,
    /// Whether the configured [`RateLimit`](crate::RateLimit) refused it.
    pub rate_limited: bool,
    /// Which TCP connection carried the request (numbered from 1 per fake), to see
    /// reconnections after a dropped connection.
    pub connection: u64,
    /// The HTTP method.
    pub method: Method,
    /// The path as sent, without the query.
    pub path: String,
    /// The query string without `?`, if any.
    pub query: Option<String>,
    /// The documented endpoint the request matched, `None` for other paths.
    pub route: Option<R>,
    /// The headers, with secrets masked as described above.
    pub headers: HeaderMap,
    /// The body bytes (the token request's password masked).
    pub body: Bytes,
    /// What the request presented as credentials.
    pub auth: PresentedAuth,
    /// The scripted fault this request received, if any.
    pub fault: Option<Fault>,
}

impl<R> RecordedRequest<R> {
    /// The first value of a header (by case-insensitive name), if it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// The body parsed as JSON, `None` when it is not JSON.
    ///
    /// Numbers go through `serde_json::Value` here; compare money with the fake's
    /// stored state (exact decimals) or with [`RecordedRequest::body_text`] when
    /// every digit matters.
    pub fn body_json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// The credentials a request carried, described without revealing them.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PresentedAuth {
    /// No `Authorization` header.
    None,
    /// `Authorization: Bearer ...`.
    Bearer {
        /// Which token it was: the serial number (from 1, in order of issue) of a
        /// token the fake issued, `None` when the fake never issued that token.
        /// It does not say whether the token had expired.
        token_serial: Option<u64>,
    },
    /// `Authorization: Basic ...`.
    Basic {
        /// The user name, `None` when the credentials did not decode.
        username: Option<String>,
        /// Whether the user name and password matched the fake's configuration.
        accepted: bool,
    },
    /// Another scheme, or a header that is not text.
    Other,
}

/// Masks header values that carry credentials.
pub(crate) fn mask_headers(headers: &HeaderMap) -> HeaderMap {
    let mut out = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        let lower = name.as_str();
        let masked = if lower == "authorization" || lower == "proxy-authorization" {
            let scheme = value
                .to_str()
                .ok()
                .and_then(|v| v.split_whitespace().next())
                .filter(|s| s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
            match scheme {
                Some(scheme) if value.len() > scheme.len() => {
                    HeaderValue::from_str(&format!("{scheme} {REDACTED}")).ok()
                }
                _ => Some(HeaderValue::from_static(REDACTED)),
            }
        } else if lower == "cookie"
            || ["token", "secret", "password", "passwd", "api-key", "apikey"]
                .iter()
                .any(|s| lower.contains(s))
        {
            Some(HeaderValue::from_static(REDACTED))
        } else {
            Some(value.clone())
        };
        out.append(
            name.clone(),
            masked.unwrap_or(HeaderValue::from_static(REDACTED)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_masked_and_schemes_kept() {
        let mut h = HeaderMap::new();
        h.insert("authorization", HeaderValue::from_static("Bearer abc.def"));
        h.insert("x-api-key", HeaderValue::from_static("k"));
        h.insert("cookie", HeaderValue::from_static("s=1"));
        h.insert("content-type", HeaderValue::from_static("application/json"));
        let m = mask_headers(&h);
        assert_eq!(m["authorization"], "Bearer [redacted]");
        assert_eq!(m["x-api-key"], REDACTED);
        assert_eq!(m["cookie"], REDACTED);
        assert_eq!(m["content-type"], "application/json");
        let mut h = HeaderMap::new();
        h.insert("authorization", HeaderValue::from_static("opaque-secret"));
        assert_eq!(mask_headers(&h)["authorization"], REDACTED);
    }
}
