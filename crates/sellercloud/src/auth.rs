//! The bearer token: fetched on first use, cached, renewed shortly before it
//! runs out, and requested by at most one task at a time.
//!
//! Sellercloud has no refresh token: a new token is obtained by posting the
//! credentials to `POST {base}/api/token` again. That endpoint counts towards
//! the per-IP rate limit, so this cache makes sure that however many calls
//! need a token at once, one request is in flight (single-flight), and that
//! callers who waited for a request that failed share its failure instead of
//! each trying again.
//!
//! A call answered 401 reports the token it used ([`TokenCache::invalidate`]);
//! only that token is dropped, so a hundred calls failing with the same
//! token cause one renewal, not a hundred.

use crate::call::read_error_body;
use crate::error::{Error, Result};
use api_runtime::hooks::{AuthorizationSource, sensitive_header};
use api_runtime::secret::Secret;
use progenitor_client::Error as PError;
use reqwest::header::HeaderValue;
use sellercloud_api::types;
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Lifetime assumed when the token answer has no usable `expires_in`
/// (the field is optional in the vendor's Swagger). The vendor documents 60
/// minutes and shows 1800 s in an example; assuming the shorter one means a
/// token is never kept past its real end because of a missing field.
/// A non-positive or non-numeric `expires_in` is treated as missing.
///
/// ```
/// assert_eq!(sellercloud::DEFAULT_TOKEN_LIFETIME.as_secs(), 30 * 60);
/// ```
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(30 * 60);

/// Default renewal margin: a token is renewed this long before it runs out,
/// or a tenth of its lifetime when that is shorter (short-lived tokens).
/// [`ClientBuilder::token_renewal_margin`](crate::ClientBuilder::token_renewal_margin)
/// replaces it.
///
/// ```
/// assert_eq!(sellercloud::DEFAULT_RENEWAL_MARGIN.as_secs(), 60);
/// ```
pub const DEFAULT_RENEWAL_MARGIN: Duration = Duration::from_secs(60);

// A server-sent lifetime beyond this is treated as this: a token kept for
// days because of a wrong number would only fail later with 401s.
const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

const CREDENTIALS_HINT: &str = "check the username and password (SELLERCLOUD_USERNAME / SELLERCLOUD_PASSWORD) and that the user may use the REST API";
const ENDPOINT_HINT: &str = "check that the base URL is the tenant's REST endpoint, e.g. https://tt.api.sellercloud.com/rest";
const SERVER_HINT: &str = "the token endpoint failed; try again later";

tokio::task_local! {
    // The header of the token a call obtained, for the request hook: the
    // request carries exactly the token the call will report on a 401.
    static CALL_AUTHORIZATION: HeaderValue;
}

/// A token as the cache hands it out.
#[derive(Clone)]
pub(crate) struct Token {
    /// Distinguishes tokens without comparing their text.
    generation: u64,
    header: HeaderValue,
    renew_at: Instant,
    expires_at: Instant,
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("generation", &self.generation)
            .field("value", &"[redacted]")
            .finish()
    }
}

impl Token {
    /// Runs `future` (one request of the generated client) with this token
    /// as its `Authorization` header.
    pub(crate) async fn scope<F: std::future::Future>(&self, future: F) -> F::Output {
        CALL_AUTHORIZATION.scope(self.header.clone(), future).await
    }

    /// The token text, for scrubbing it from texts the server sends back.
    pub(crate) fn text(&self) -> &str {
        self.header
            .to_str()
            .ok()
            .and_then(|h| h.strip_prefix("Bearer "))
            .unwrap_or("")
    }
}

/// The token cache of one [`Client`](crate::Client).
pub(crate) struct TokenCache {
    /// A generated client whose hooks send no `Authorization` header (the
    /// token request must not carry a stale token), sharing the main
    /// client's connection pool.
    api: sellercloud_api::Client,
    username: String,
    password: Secret,
    /// `None`: [`DEFAULT_RENEWAL_MARGIN`] capped at a tenth of the lifetime.
    margin: Option<Duration>,
    current: RwLock<Option<Token>>,
    /// Token requests finished so far (success or failure).
    finished: AtomicU64,
    generations: AtomicU64,
    /// Held while a token request is in flight: the single-flight gate.
    /// Holds the failure of the last request, for those who waited on it.
    flight: tokio::sync::Mutex<Option<Error>>,
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache")
            .field("username", &self.username)
            .field("password", &self.password)
            .field("margin", &self.margin)
            .finish_non_exhaustive()
    }
}

impl TokenCache {
    pub(crate) fn new(
        api: sellercloud_api::Client,
        username: String,
        password: Secret,
        margin: Option<Duration>,
    ) -> Self {
        TokenCache {
            api,
            username,
            password,
            margin,
            current: RwLock::new(None),
            finished: AtomicU64::new(0),
            generations: AtomicU64::new(0),
            flight: tokio::sync::Mutex::new(None),
        }
    }

    /// A token to send: the cached one while it is not due for renewal,
    /// otherwise a new one, requested by one caller while the others wait.
    pub(crate) async fn token(&self) -> Result<Token> {
        if let Some(t) = self.cached().filter(|t| Instant::now() < t.renew_at) {
            return Ok(t);
        }
        let finished_before = self.finished.load(Ordering::Acquire);
        let mut last_failure = match self.flight.try_lock() {
            Ok(guard) => guard,
            Err(_) => {
                // Someone is renewing. A token inside its renewal margin is
                // still valid: use it rather than wait.
                if let Some(t) = self.cached().filter(|t| Instant::now() < t.expires_at) {
                    return Ok(t);
                }
                self.flight.lock().await
            }
        };
        let cached = self.cached();
        if self.finished.load(Ordering::Acquire) != finished_before {
            // A request finished while this caller waited: share its outcome
            // (even a token already due again, for very short lifetimes)
            // instead of sending another request.
            match (last_failure.as_ref(), cached) {
                (None, Some(t)) => return Ok(t),
                (Some(e), t) => {
                    return t
                        .filter(|t| Instant::now() < t.expires_at)
                        .ok_or_else(|| e.clone());
                }
                // Its token has been refused since: request another.
                (None, None) => {}
            }
        } else if let Some(t) = cached.filter(|t| Instant::now() < t.renew_at) {
            return Ok(t);
        }
        let result = self.request().await;
        self.finished.fetch_add(1, Ordering::AcqRel);
        match result {
            Ok(t) => {
                *self.current.write().unwrap_or_else(|p| p.into_inner()) = Some(t.clone());
                *last_failure = None;
                Ok(t)
            }
            Err(e) => {
                *last_failure = None;
                let mut current = self.current.write().unwrap_or_else(|p| p.into_inner());
                let now = Instant::now();
                match current.as_mut().filter(|t| now < t.expires_at) {
                    // Renewing early failed but the old token is still valid:
                    // keep using it, and try again halfway to its end rather
                    // than on every call (the token endpoint is rate limited).
                    Some(old) => {
                        tracing::warn!(error = %e, "token renewal failed; the current token is still valid");
                        old.renew_at = now + (old.expires_at - now) / 2;
                        Ok(old.clone())
                    }
                    None => {
                        *last_failure = Some(e.clone());
                        Err(e)
                    }
                }
            }
        }
    }

    /// Drops `token` if it is still the cached one: the server refused it.
    pub(crate) fn invalidate(&self, token: &Token) {
        let mut current = self.current.write().unwrap_or_else(|p| p.into_inner());
        if current
            .as_ref()
            .is_some_and(|c| c.generation == token.generation)
        {
            tracing::debug!(
                generation = token.generation,
                "token refused by the server; renewing"
            );
            *current = None;
        }
    }

    fn cached(&self) -> Option<Token> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    async fn request(&self) -> Result<Token> {
        tracing::debug!("requesting a bearer token");
        let body = types::TokenRequest {
            username: self.username.clone(),
            password: self.password.expose().to_owned(),
        };
        let sent_at = Instant::now();
        let answer = self.api.create_token(&body).await;
        drop(body);
        let answer = match answer {
            Ok(answer) => answer.into_inner(),
            Err(e) => return Err(self.token_error(e).await),
        };
        let Some(access_token) = answer.access_token.filter(|t| !t.trim().is_empty()) else {
            return Err(Error::Authentication {
                status: Some(200),
                message: "the token answer has no access_token".into(),
                hint: ENDPOINT_HINT,
            });
        };
        let Some(header) = sensitive_header(&format!("Bearer {}", access_token.trim())) else {
            return Err(Error::Authentication {
                status: Some(200),
                message: "the access_token is not usable as a header value".into(),
                hint: ENDPOINT_HINT,
            });
        };
        let lifetime = lifetime(answer.expires_in);
        let margin = self
            .margin
            .unwrap_or_else(|| DEFAULT_RENEWAL_MARGIN.min(lifetime / 10));
        let expires_at = sent_at + lifetime;
        let generation = self.generations.fetch_add(1, Ordering::Relaxed) + 1;
        tracing::debug!(
            generation,
            lifetime_s = lifetime.as_secs(),
            "bearer token obtained"
        );
        Ok(Token {
            generation,
            header,
            renew_at: expires_at.checked_sub(margin).unwrap_or(sent_at),
            expires_at,
        })
    }

    /// Maps a failed token request; nothing of the operation was sent yet.
    async fn token_error(&self, e: PError<progenitor_client::ByteStream>) -> Error {
        const OP: &str = "create_token";
        let secrets = [self.password.expose(), self.username.as_str()];
        let (status, body) = match e {
            PError::ErrorResponse(rv) => {
                let status = rv.status().as_u16();
                (status, read_error_body(rv.into_inner().into_inner()).await)
            }
            PError::UnexpectedResponse(r) => {
                let status = r.status().as_u16();
                (status, read_error_body(r.bytes_stream()).await)
            }
            PError::InvalidResponsePayload(..) => {
                // The serde message may quote the body, which holds the token.
                return Error::Authentication {
                    status: Some(200),
                    message: "the token answer is not the expected JSON".into(),
                    hint: ENDPOINT_HINT,
                };
            }
            other => return crate::call::transport_error(OP, other),
        };
        let decoded = api_runtime::body::ErrorBody::decode(&body).redacted(&secrets);
        let message = decoded.summary().to_owned();
        if decoded.is_rate_limit() || status == 429 {
            return Error::RateLimited {
                status,
                reset_at: decoded.rate_limit_reset,
                message: decoded.message,
            };
        }
        let hint = match status {
            400 | 401 | 403 => CREDENTIALS_HINT,
            300..=399 | 404 | 405 => ENDPOINT_HINT,
            _ => SERVER_HINT,
        };
        Error::Authentication {
            status: Some(status),
            message: if message.is_empty() {
                "no message".into()
            } else {
                message
            },
            hint,
        }
    }
}

impl AuthorizationSource for TokenCache {
    fn authorization(&self) -> Option<HeaderValue> {
        CALL_AUTHORIZATION
            .try_with(HeaderValue::clone)
            .ok()
            .or_else(|| self.cached().map(|t| t.header))
    }
}

/// The token lifetime from `expires_in`; see [`DEFAULT_TOKEN_LIFETIME`].
fn lifetime(expires_in: Option<f64>) -> Duration {
    match expires_in {
        Some(s) if s.is_finite() && s > 0.0 => {
            Duration::from_secs_f64(s.min(MAX_TOKEN_LIFETIME.as_secs_f64()))
        }
        _ => DEFAULT_TOKEN_LIFETIME,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetime_defaults_and_bounds() {
        assert_eq!(lifetime(None), DEFAULT_TOKEN_LIFETIME);
        assert_eq!(lifetime(Some(f64::NAN)), DEFAULT_TOKEN_LIFETIME);
        assert_eq!(lifetime(Some(-5.0)), DEFAULT_TOKEN_LIFETIME);
        assert_eq!(lifetime(Some(1800.0)), Duration::from_secs(1800));
        assert_eq!(lifetime(Some(1e12)), MAX_TOKEN_LIFETIME);
    }
}
