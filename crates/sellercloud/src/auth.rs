//! How Sellercloud issues a bearer token: `POST {base}/api/token` with the
//! credentials (facts.md: "No refresh token: post the credentials again").
//!
//! Caching, single-flight renewal and the 401 handling are the shared
//! [`BearerCache`](api_runtime::auth::BearerCache)'s; this module only asks
//! for a token and reads the answer.

use api_runtime::Error;
use api_runtime::auth::{IssuedToken, TokenSource, token_request_failed};
use api_runtime::body::ErrorBody;
use api_runtime::call::classify::retry_after_at;
use api_runtime::call::read_answer;
use api_runtime::secret::Secret;
use progenitor_client::Error as PError;
use sellercloud_api::types;
use std::time::Duration;

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

// A server-sent lifetime beyond this is treated as this: a token kept for
// days because of a wrong number would only fail later with 401s.
const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

pub(crate) const SERVICE: &str = "Sellercloud";
const CREDENTIALS_HINT: &str = "check the username and password (SELLERCLOUD_USERNAME / SELLERCLOUD_PASSWORD) and that the user may use the REST API";
const ENDPOINT_HINT: &str = "check that the base URL is the tenant's REST endpoint, e.g. https://tt.api.sellercloud.com/rest";
const SERVER_HINT: &str = "the token endpoint failed; try again later";
/// When the API refuses a token the token endpoint has just issued.
pub(crate) const FRESH_TOKEN_REFUSED_HINT: &str = "the server refused a freshly issued token; check that the user may use the REST API on this server";

/// Sellercloud's token request.
pub(crate) struct TokenRequest {
    /// A generated client whose hooks send no `Authorization` header (the
    /// token request must not carry a stale token), sharing the main
    /// client's connection pool.
    pub(crate) api: sellercloud_api::Client,
    pub(crate) username: String,
    pub(crate) password: Secret,
    pub(crate) max_response_bytes: usize,
}

impl TokenSource for TokenRequest {
    async fn fetch(&self) -> api_runtime::Result<IssuedToken> {
        let body = types::TokenRequest {
            username: self.username.clone(),
            password: self.password.expose().to_owned(),
        };
        let answer = self.api.create_token(&body).await;
        drop(body);
        let (answer, headers) = match answer {
            Ok(answer) => {
                let headers = answer.headers().clone();
                (answer.into_inner(), headers)
            }
            Err(e) => return Err(self.failed(e).await),
        };
        let Some(access_token) = answer.access_token.filter(|t| !t.trim().is_empty()) else {
            return Err(authentication(
                Some(200),
                "the token answer has no access_token".into(),
                ENDPOINT_HINT,
            ));
        };
        Ok(IssuedToken {
            access_token: Secret::new(access_token),
            lifetime: lifetime(answer.expires_in),
            headers,
        })
    }

    /// The password; the user name is not a secret (scrubbing a short one
    /// such as `api` would mangle every message that contains it).
    fn secrets(&self) -> Vec<&str> {
        vec![self.password.expose()]
    }
}

impl TokenRequest {
    /// Maps a failed token request; nothing of the operation was sent yet.
    async fn failed(&self, e: PError<progenitor_client::ByteStream>) -> Error {
        let answer = match read_answer(e, self.max_response_bytes).await {
            Ok(answer) => answer,
            Err(PError::InvalidResponsePayload(..)) => {
                // The serde message may quote the body, which holds the token.
                return authentication(
                    Some(200),
                    "the token answer is not the expected JSON".into(),
                    ENDPOINT_HINT,
                );
            }
            Err(PError::CommunicationError(e) | PError::ResponseBodyError(e)) => {
                return token_request_failed(e);
            }
            Err(other) => {
                return authentication(None, other.to_string(), ENDPOINT_HINT);
            }
        };
        let status = answer.status;
        let decoded = match &answer.body {
            Ok(bytes) => ErrorBody::decode_redacted(bytes, &self.secrets()),
            Err(_) => ErrorBody::default(),
        };
        if decoded.is_rate_limit() || status == 429 {
            return Error::RateLimited {
                service: SERVICE,
                status,
                reset_at: decoded
                    .rate_limit_reset
                    .or_else(|| retry_after_at(&answer.headers)),
                message: decoded.message,
                attempts: None,
            };
        }
        let hint = match status {
            400 | 401 | 403 => CREDENTIALS_HINT,
            300..=399 | 404 | 405 => ENDPOINT_HINT,
            _ => SERVER_HINT,
        };
        let message = decoded.summary();
        let message = if message.is_empty() {
            "no message".to_owned()
        } else {
            message.to_owned()
        };
        authentication(Some(status), message, hint)
    }
}

fn authentication(status: Option<u16>, message: String, hint: &'static str) -> Error {
    Error::Authentication {
        service: SERVICE,
        status,
        message,
        hint,
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
