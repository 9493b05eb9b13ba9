//! How a call proves who it is: one [`Authenticator`] per client, asked for
//! a [`Credential`] before every attempt and told when the server refused
//! one.
//!
//! - [`BasicAuth`]: HTTP Basic (ShopCtrl). The header never changes; a
//!   refusal is final.
//! - [`BearerCache`]: bearer tokens from a vendor's [`TokenSource`]
//!   (Sellercloud): requested on first use, cached, renewed shortly before
//!   they run out, with one token request in flight however many calls need
//!   one, and one renewal per refused token.
//!
//! The call pipeline ([`crate::call`]) sends each attempt with exactly the
//! credential it obtained ([`crate::hooks::with_authorization`]), so a 401
//! names the token that was really refused.

mod basic;
mod bearer;

pub use basic::BasicAuth;
pub use bearer::{
    BearerCache, DEFAULT_RENEWAL_MARGIN, IssuedToken, TokenSource, token_request_failed,
};

use crate::call::gate::RateGate;
use crate::error::Result;
use reqwest::header::HeaderValue;
use std::fmt;
use std::future::Future;
use std::sync::Arc;

/// What one attempt sends as its `Authorization` header.
#[derive(Clone)]
pub struct Credential {
    header: HeaderValue,
    /// Tells credentials apart without comparing their text (a renewed
    /// token has a higher generation).
    generation: u64,
}

impl Credential {
    /// A credential with a header value (marked sensitive here, so reqwest
    /// and hyper never print it) and its generation.
    pub fn new(mut header: HeaderValue, generation: u64) -> Self {
        header.set_sensitive(true);
        Credential { header, generation }
    }

    /// The `Authorization` header value.
    pub fn header(&self) -> &HeaderValue {
        &self.header
    }

    /// Which credential of the authenticator this is (0 for one that never
    /// changes).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The secret part of the header (after `Bearer ` or `Basic `), for
    /// scrubbing it from anything a server sends back.
    pub fn secret_text(&self) -> &str {
        let text = self.header.to_str().unwrap_or("");
        text.split_once(' ').map_or(text, |(_, secret)| secret)
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("generation", &self.generation)
            .field("header", &"[redacted]")
            .finish()
    }
}

/// What to do after the server refused a credential (401).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// A new credential may help: get one and send once more.
    Renew,
    /// It will not: the call fails with
    /// [`Error::Authentication`](crate::Error::Authentication) carrying `hint`.
    Final {
        /// What the user should check.
        hint: &'static str,
    },
}

/// Supplies the credential of every attempt of a client's calls.
pub trait Authenticator: Send + Sync + 'static {
    /// The credential for the next attempt. A failure here means nothing of
    /// the operation was sent; the pipeline retries it within the policy
    /// when [`Error::is_retryable`](crate::Error::is_retryable) says so.
    /// A request made to get it (a token request) passes `gate` first: the
    /// server counts it towards the rate limit.
    fn credential(&self, gate: &RateGate) -> impl Future<Output = Result<Credential>> + Send;

    /// The server refused `used`. `renewed` tells whether this call already
    /// renewed its credential once.
    fn refused(&self, used: &Credential, renewed: bool) -> Refusal;

    /// Texts that must never be kept from an answer (passwords, encoded
    /// credentials), besides the credential that was sent.
    fn secrets(&self) -> Vec<&str>;
}

/// A shared authenticator (the client's pipeline and its raw `api()` hooks
/// use the same one).
impl<T: Authenticator> Authenticator for Arc<T> {
    fn credential(&self, gate: &RateGate) -> impl Future<Output = Result<Credential>> + Send {
        (**self).credential(gate)
    }

    fn refused(&self, used: &Credential, renewed: bool) -> Refusal {
        (**self).refused(used, renewed)
    }

    fn secrets(&self) -> Vec<&str> {
        (**self).secrets()
    }
}
