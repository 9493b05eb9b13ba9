//! Bearer tokens: fetched on first use, cached, renewed shortly before they
//! run out, and requested by at most one task at a time.
//!
//! A token endpoint is usually rate limited (Sellercloud's counts towards the
//! per-IP limit), so however many calls need a token at once, one request is
//! in flight (single-flight), and callers who waited for a request that
//! failed share its failure instead of each trying again at once (their
//! calls retry it within their retry policy).
//!
//! A call answered 401 reports the credential it used
//! ([`Authenticator::refused`]); only that token is dropped, so a hundred
//! calls failing with the same token cause one renewal, not a hundred.

use super::{Authenticator, Credential, Refusal};
use crate::call::Telemetry;
use crate::call::gate::{Admission, RateGate};
use crate::error::{Error, Result};
use crate::hooks::AuthorizationSource;
use crate::secret::Secret;
use reqwest::header::HeaderValue;
use std::future::Future;
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::time::Instant;

/// Default renewal margin: a token is renewed this long before it runs out,
/// or a tenth of its lifetime when that is shorter (short-lived tokens).
///
/// ```
/// assert_eq!(sellercloud_shopctrl_runtime::auth::DEFAULT_RENEWAL_MARGIN.as_secs(), 60);
/// ```
pub const DEFAULT_RENEWAL_MARGIN: Duration = Duration::from_secs(60);

/// A token as a [`TokenSource`] obtained it.
pub struct IssuedToken {
    /// The token text (sent as `Authorization: Bearer <token>`).
    pub access_token: Secret,
    /// How long it is valid from the moment it was requested.
    pub lifetime: Duration,
    /// The token answer's headers: its `Date` feeds the client's estimate
    /// of the server's clock ([`crate::call::ServerClock`]), so a call whose
    /// own answer is lost is still measured on the server's clock. Empty
    /// when unknown.
    pub headers: reqwest::header::HeaderMap,
}

/// How a vendor obtains a token (Sellercloud: `POST /api/token` with the
/// credentials). Everything else about tokens is [`BearerCache`]'s.
pub trait TokenSource: Send + Sync + 'static {
    /// Requests a new token. Nothing of the call that needs it has been sent
    /// yet, so a failure must say `may_have_been_applied: false`; a failure
    /// worth retrying ([`Error::is_retryable`]) is retried by the call.
    fn fetch(&self) -> impl Future<Output = Result<IssuedToken>> + Send;

    /// Texts to scrub from answers besides the token: the password, and
    /// anything else the token request sends.
    fn secrets(&self) -> Vec<&str>;
}

/// A token request that got no answer (a timeout, a dropped connection) as
/// an [`Error`]: nothing of the call that needed the token was sent, so it
/// says `may_have_been_applied: false`, and it is retryable.
pub fn token_request_failed(e: reqwest::Error) -> Error {
    const OPERATION: &str = "create_token";
    if e.is_timeout() {
        Error::Timeout {
            operation: OPERATION,
            may_have_been_applied: false,
            attempts: None,
        }
    } else {
        Error::Transport {
            operation: OPERATION,
            may_have_been_applied: false,
            source: std::sync::Arc::new(e.without_url()),
            attempts: None,
        }
    }
}

/// A token as the cache hands it out.
#[derive(Clone)]
struct Token {
    credential: Credential,
    renew_at: Instant,
    expires_at: Instant,
}

/// The single-flight token cache of one client, over a vendor's
/// [`TokenSource`].
pub struct BearerCache<S> {
    source: S,
    /// `None`: [`DEFAULT_RENEWAL_MARGIN`] capped at a tenth of the lifetime.
    margin: Option<Duration>,
    /// The hint of the error when the server refuses a token the call has
    /// just obtained (a second 401 in one call).
    refused_fresh_hint: &'static str,
    telemetry: &'static dyn Telemetry,
    current: RwLock<Option<Token>>,
    /// Token requests finished so far (success or failure).
    finished: AtomicU64,
    generations: AtomicU64,
    /// Held while a token request is in flight: the single-flight gate.
    /// Holds the failure of the last request, for those who waited on it.
    flight: tokio::sync::Mutex<Option<Error>>,
}

impl<S> std::fmt::Debug for BearerCache<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BearerCache")
            .field("margin", &self.margin)
            .field("token", &"[redacted]")
            .finish_non_exhaustive()
    }
}

impl<S: TokenSource> BearerCache<S> {
    /// A cache that asks `source` for tokens. `margin` replaces the default
    /// renewal margin (a margin at least as long as the lifetime renews the
    /// token on every call); `refused_fresh_hint` is what the user should
    /// check when the server refuses a token it has just issued.
    pub fn new(
        source: S,
        margin: Option<Duration>,
        refused_fresh_hint: &'static str,
        telemetry: &'static dyn Telemetry,
    ) -> Self {
        BearerCache {
            source,
            margin,
            refused_fresh_hint,
            telemetry,
            current: RwLock::new(None),
            finished: AtomicU64::new(0),
            generations: AtomicU64::new(0),
            flight: tokio::sync::Mutex::new(None),
        }
    }

    /// The token source.
    pub fn source(&self) -> &S {
        &self.source
    }

    /// A token to send: the cached one while it is not due for renewal,
    /// otherwise a new one, requested by one caller while the others wait.
    /// The token request passes `gate` (paced, held while a rate limit is
    /// known, counted in the window).
    pub async fn token(&self, gate: &RateGate) -> Result<Credential> {
        if let Some(t) = self.cached().filter(|t| Instant::now() < t.renew_at) {
            return Ok(t.credential);
        }
        let finished_before = self.finished.load(Ordering::Acquire);
        let mut last_failure = match self.flight.try_lock() {
            Ok(guard) => guard,
            Err(_) => {
                // Someone is renewing. A token inside its renewal margin is
                // still valid: use it rather than wait.
                if let Some(t) = self.cached().filter(|t| Instant::now() < t.expires_at) {
                    return Ok(t.credential);
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
                (None, Some(t)) => return Ok(t.credential),
                (Some(e), t) => {
                    return t
                        .filter(|t| Instant::now() < t.expires_at)
                        .map(|t| t.credential)
                        .ok_or_else(|| e.clone());
                }
                // Its token has been refused since: request another.
                (None, None) => {}
            }
        } else if let Some(t) = cached.filter(|t| Instant::now() < t.renew_at) {
            return Ok(t.credential);
        }
        // Boxed: the token request's future (a whole generated request) is
        // large, and every call's future would otherwise carry it.
        let result = Box::pin(self.request(gate)).await;
        self.finished.fetch_add(1, Ordering::AcqRel);
        match result {
            Ok(t) => {
                *self.current.write().unwrap_or_else(|p| p.into_inner()) = Some(t.clone());
                *last_failure = None;
                Ok(t.credential)
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
                        self.telemetry.token_renewal_failed(&e);
                        old.renew_at = now + (old.expires_at - now) / 2;
                        Ok(old.credential.clone())
                    }
                    None => {
                        *last_failure = Some(e.clone());
                        Err(e)
                    }
                }
            }
        }
    }

    /// Drops `used` if it is still the cached token: the server refused it.
    pub fn invalidate(&self, used: &Credential) {
        let mut current = self.current.write().unwrap_or_else(|p| p.into_inner());
        if current
            .as_ref()
            .is_some_and(|c| c.credential.generation() == used.generation())
        {
            self.telemetry.token_refused(used.generation());
            *current = None;
        }
    }

    fn cached(&self) -> Option<Token> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    async fn request(&self, gate: &RateGate) -> Result<Token> {
        let ticket = gate.admit(Admission::Token).await?;
        self.telemetry.token_requested();
        let sent_at = Instant::now();
        let issued = self.source.fetch().await;
        if let Ok(token) = &issued {
            gate.clock()
                .observe(sent_at, Instant::now(), &token.headers);
        }
        match &issued {
            Err(Error::RateLimited {
                reset_at: Some(reset),
                status,
                ..
            }) => ticket.answered(Some((*reset, *status))),
            // Refused, but with no reset to hold for: not taken either.
            Err(Error::RateLimited { reset_at: None, .. }) => ticket.refused_without_reset(),
            Err(Error::Timeout { .. } | Error::Transport { .. }) => drop(ticket),
            _ => ticket.answered(None),
        }
        let issued = issued?;
        let text = issued.access_token.expose().trim();
        let header = (!text.is_empty())
            .then(|| HeaderValue::from_str(&format!("Bearer {text}")).ok())
            .flatten()
            .ok_or_else(|| Error::Authentication {
                service: self.telemetry.service(),
                status: Some(200),
                message: "the token answer has no access token usable as a header value".into(),
                hint: "the token endpoint sent a token that cannot be sent back in a header",
            })?;
        let lifetime = issued.lifetime;
        let margin = self
            .margin
            .unwrap_or_else(|| DEFAULT_RENEWAL_MARGIN.min(lifetime / 10));
        let expires_at = sent_at + lifetime;
        let generation = self.generations.fetch_add(1, Ordering::Relaxed) + 1;
        self.telemetry
            .token_obtained(generation, lifetime.as_secs());
        Ok(Token {
            credential: Credential::new(header, generation),
            renew_at: expires_at.checked_sub(margin).unwrap_or(sent_at),
            expires_at,
        })
    }
}

impl<S: TokenSource> Authenticator for BearerCache<S> {
    async fn credential(&self, gate: &RateGate) -> Result<Credential> {
        self.token(gate).await
    }

    fn refused(&self, used: &Credential, renewed: bool) -> Refusal {
        self.invalidate(used);
        if renewed {
            Refusal::Final {
                hint: self.refused_fresh_hint,
            }
        } else {
            Refusal::Renew
        }
    }

    fn secrets(&self) -> Vec<&str> {
        self.source.secrets()
    }
}

/// For requests sent outside the call pipeline: the cached token, if any.
impl<S: TokenSource> AuthorizationSource for BearerCache<S> {
    fn authorization(&self) -> Option<HeaderValue> {
        self.cached().map(|t| t.credential.header().clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::AtomicU32;

    crate::telemetry!(struct TestTelemetry = "test", "Test");

    struct Counting {
        fetches: AtomicU32,
        lifetime: Duration,
        fail_first: u32,
    }

    impl TokenSource for Arc<Counting> {
        async fn fetch(&self) -> Result<IssuedToken> {
            let n = self.fetches.fetch_add(1, Ordering::SeqCst) + 1;
            tokio::time::sleep(Duration::from_millis(10)).await;
            if n <= self.fail_first {
                return Err(Error::Authentication {
                    service: "Test",
                    status: Some(500),
                    message: "down".into(),
                    hint: "",
                });
            }
            Ok(IssuedToken {
                access_token: Secret::new(format!("tok-{n}")),
                lifetime: self.lifetime,
                headers: Default::default(),
            })
        }

        fn secrets(&self) -> Vec<&str> {
            vec!["password"]
        }
    }

    fn cache(
        lifetime: Duration,
        fail_first: u32,
    ) -> (Arc<Counting>, Arc<BearerCache<Arc<Counting>>>) {
        let source = Arc::new(Counting {
            fetches: AtomicU32::new(0),
            lifetime,
            fail_first,
        });
        let cache = BearerCache::new(source.clone(), None, "fresh", &TestTelemetry);
        (source, Arc::new(cache))
    }

    fn gate() -> &'static RateGate {
        Box::leak(Box::new(RateGate::new(
            &crate::retry::RetryPolicy::default(),
            &TestTelemetry,
        )))
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_callers_share_one_token_request() {
        let (source, cache) = cache(Duration::from_secs(1800), 0);
        let calls = (0..100).map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.token(gate()).await.unwrap() })
        });
        let tokens = futures::future::join_all(calls).await;
        assert_eq!(source.fetches.load(Ordering::SeqCst), 1);
        assert!(
            tokens
                .iter()
                .all(|t| t.as_ref().unwrap().secret_text() == "tok-1")
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_token_is_renewed_once_due_and_a_refusal_renews_once() {
        let (source, cache) = cache(Duration::from_secs(600), 0);
        let first = cache.token(gate()).await.unwrap();
        // The default margin is a tenth of a 600 s lifetime: due at 540 s.
        tokio::time::advance(Duration::from_secs(539)).await;
        assert_eq!(
            cache.token(gate()).await.unwrap().generation(),
            first.generation()
        );
        tokio::time::advance(Duration::from_secs(2)).await;
        let second = cache.token(gate()).await.unwrap();
        assert_eq!(second.secret_text(), "tok-2");
        assert_eq!(cache.refused(&second, false), Refusal::Renew);
        // A refusal of an older token no longer drops the current one.
        let third = cache.token(gate()).await.unwrap();
        cache.invalidate(&second);
        assert_eq!(
            cache.token(gate()).await.unwrap().generation(),
            third.generation()
        );
        assert_eq!(
            cache.refused(&third, true),
            Refusal::Final { hint: "fresh" }
        );
        assert_eq!(source.fetches.load(Ordering::SeqCst), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn waiters_share_a_failure_and_the_next_call_asks_again() {
        let (source, cache) = cache(Duration::from_secs(600), 1);
        let calls = (0..10).map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.token(gate()).await })
        });
        let results = futures::future::join_all(calls).await;
        assert!(results.iter().all(|r| r.as_ref().unwrap().is_err()));
        assert_eq!(source.fetches.load(Ordering::SeqCst), 1);
        assert_eq!(cache.token(gate()).await.unwrap().secret_text(), "tok-2");
    }
}
