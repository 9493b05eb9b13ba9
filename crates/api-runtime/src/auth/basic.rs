//! HTTP Basic: one header, computed once per client.

use super::{Authenticator, Credential, Refusal};
use crate::call::gate::RateGate;
use crate::error::Result;
use crate::hooks::AuthorizationSource;
use crate::secret::Secret;
use base64::Engine as _;
use reqwest::header::HeaderValue;
use std::fmt;

/// HTTP Basic credentials (RFC 7617): `Authorization: Basic
/// base64(username:password)` on every request.
///
/// Basic credentials do not expire, so a 401 is final: sending the same ones
/// again gets the same answer.
///
/// ```
/// use sellercloud_shopctrl_runtime::auth::BasicAuth;
/// let auth = BasicAuth::new("api-user", &"pa55word-xyz".into(), "check the password").unwrap();
/// assert!(!format!("{auth:?}").contains("pa55word"));
/// ```
pub struct BasicAuth {
    credential: Credential,
    /// The password and the encoded pair, to scrub from answers.
    secrets: [Secret; 2],
    hint: &'static str,
}

impl BasicAuth {
    /// Basic credentials for `username` and `password`; `hint` goes into the
    /// error when the server refuses them. `None` only if the encoded pair
    /// were not a valid header value, which base64 rules out.
    pub fn new(username: &str, password: &Secret, hint: &'static str) -> Option<BasicAuth> {
        let encoded = base64::engine::general_purpose::STANDARD
            .encode(format!("{username}:{}", password.expose()).as_bytes());
        let header = HeaderValue::from_str(&format!("Basic {encoded}")).ok()?;
        Some(BasicAuth {
            credential: Credential::new(header, 0),
            secrets: [password.clone(), Secret::new(encoded)],
            hint,
        })
    }

    /// The header value every request carries.
    pub fn header(&self) -> &HeaderValue {
        self.credential.header()
    }
}

impl fmt::Debug for BasicAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BasicAuth")
            .field("header", &"[redacted]")
            .finish()
    }
}

impl Authenticator for BasicAuth {
    async fn credential(&self, _gate: &RateGate) -> Result<Credential> {
        Ok(self.credential.clone())
    }

    fn refused(&self, _used: &Credential, _renewed: bool) -> Refusal {
        Refusal::Final { hint: self.hint }
    }

    fn secrets(&self) -> Vec<&str> {
        self.secrets.iter().map(Secret::expose).collect()
    }
}

impl AuthorizationSource for BasicAuth {
    fn authorization(&self) -> Option<HeaderValue> {
        Some(self.credential.header().clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::telemetry!(struct BasicTelemetry = "basic_test", "Test");

    #[tokio::test]
    async fn the_header_encodes_user_colon_password_and_is_sensitive() {
        let auth = BasicAuth::new("api-user", &Secret::new("pa55word-xyz"), "hint").unwrap();
        let gate = RateGate::new(&crate::retry::RetryPolicy::default(), &BasicTelemetry);
        let credential = auth.credential(&gate).await.unwrap();
        assert!(credential.header().is_sensitive());
        assert_eq!(
            credential.header().to_str().unwrap(),
            "Basic YXBpLXVzZXI6cGE1NXdvcmQteHl6"
        );
        assert_eq!(credential.secret_text(), "YXBpLXVzZXI6cGE1NXdvcmQteHl6");
        assert_eq!(
            auth.secrets(),
            ["pa55word-xyz", "YXBpLXVzZXI6cGE1NXdvcmQteHl6"]
        );
        assert_eq!(
            auth.refused(&credential, false),
            Refusal::Final { hint: "hint" }
        );
        // base64 leaves nothing a header cannot carry, whatever the password.
        assert!(BasicAuth::new("a", &Secret::new("line\nbreak\u{7f}"), "").is_some());
    }
}
