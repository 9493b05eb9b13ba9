//! The one error type of this crate.

use api_runtime::validate::Violations;
use chrono::{DateTime, FixedOffset};
use std::sync::Arc;

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that can go wrong with a Sellercloud call.
///
/// Errors never contain the password or a token: texts the server sends back
/// about a token request are scrubbed of the credentials before they are kept.
///
/// Two questions matter most when a call fails, and have methods:
/// [`Error::is_retryable`] (would the same request later probably succeed?) and
/// [`Error::may_have_been_applied`] (could the server have carried it out even
/// though no success answer arrived? Decisive before re-sending a create).
///
/// ```
/// use sellercloud::Error;
///
/// fn explain(e: &Error) -> String {
///     match e {
///         Error::Validation(v) => format!("fix the request first: {v}"),
///         Error::Api { status, message: Some(m), .. } => format!("server said {status}: {m}"),
///         e if e.may_have_been_applied() => format!("check before resending: {e}"),
///         e => e.to_string(),
///     }
/// }
/// let e = Error::Config { setting: "base_url", problem: "is empty".into() };
/// assert_eq!(explain(&e), "invalid setting `base_url`: is empty");
/// ```
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request breaks a documented rule; nothing was sent.
    #[error("invalid request, nothing was sent: {0}")]
    Validation(Violations),

    /// The client configuration is unusable; `setting` is the builder method
    /// or environment variable concerned.
    #[error("invalid setting `{setting}`: {problem}")]
    Config {
        /// The setting (`base_url`, `SELLERCLOUD_PASSWORD`, ...).
        setting: &'static str,
        /// What is wrong with it.
        problem: String,
    },

    /// No usable token: the token endpoint refused the credentials or could
    /// not issue a token, or the API refused a freshly issued token.
    #[error("authentication failed{}: {message} ({hint})", fmt_status(*.status))]
    Authentication {
        /// The HTTP status, when there was an answer.
        status: Option<u16>,
        /// What the server said (credentials scrubbed), or what went wrong.
        message: String,
        /// What to check.
        hint: &'static str,
    },

    /// The server answered with an error status.
    #[error("Sellercloud answered {status}: {}{}", message.as_deref().unwrap_or(if body.is_empty() { "(empty body)" } else { body }), fmt_field_errors(field_errors))]
    Api {
        /// HTTP status.
        status: u16,
        /// The server's `Message` (or `Error`/`ExceptionMessage`) when the
        /// body is JSON.
        message: Option<String>,
        /// ASP.NET `ModelState` entries: the server's field name and problems.
        field_errors: Vec<(String, Vec<String>)>,
        /// The body as text (cut at 2 KiB).
        body: String,
    },

    /// Sellercloud's rate limit (10,800 calls per hour per IP) was hit, and
    /// waiting for its reset was not possible within the retry policy.
    #[error("rate limited by Sellercloud (HTTP {status}){}", match reset_at { Some(t) => format!(", calls are accepted again at {t}"), None => String::new() })]
    RateLimited {
        /// 429, or 409 with the rate-limit body.
        status: u16,
        /// `RateLimitResetTime` from the answer, when given.
        reset_at: Option<DateTime<FixedOffset>>,
        /// The server's text (`Too many requests.`).
        message: Option<String>,
    },

    /// No answer within the request timeout.
    #[error("{operation} timed out{}", applied_note(*.may_have_been_applied))]
    Timeout {
        /// The operation (`create_purchase_order`, ...).
        operation: &'static str,
        /// Whether the request had been sent when time ran out.
        may_have_been_applied: bool,
    },

    /// The connection failed.
    #[error("{operation} failed: {source}{}", applied_note(*.may_have_been_applied))]
    Transport {
        /// The operation (`create_purchase_order`, ...).
        operation: &'static str,
        /// Whether the request may have reached the server before the failure.
        may_have_been_applied: bool,
        /// The underlying failure (usually a [`reqwest::Error`]).
        source: Arc<dyn std::error::Error + Send + Sync + 'static>,
    },

    /// The server answered success, but the answer could not be read.
    #[error("{operation} succeeded but its answer could not be read: {problem}")]
    Decode {
        /// The operation (`create_purchase_order`, ...).
        operation: &'static str,
        /// What is wrong with the answer.
        problem: String,
        /// The body as text (cut at 2 KiB); empty when it was too large.
        body: String,
    },
}

fn fmt_status(status: Option<u16>) -> String {
    status.map(|s| format!(" (HTTP {s})")).unwrap_or_default()
}

fn fmt_field_errors(errors: &[(String, Vec<String>)]) -> String {
    errors
        .iter()
        .map(|(field, problems)| format!("; {field}: {}", problems.join(", ")))
        .collect()
}

fn applied_note(applied: bool) -> &'static str {
    if applied {
        " after the request was sent; it may have been applied, check before sending it again"
    } else {
        " before the request was sent; it was not applied"
    }
}

impl Error {
    /// The HTTP status of the answer this error comes from, if any.
    ///
    /// ```
    /// # use sellercloud::Error;
    /// let e = Error::Api { status: 404, message: None, field_errors: vec![], body: String::new() };
    /// assert_eq!(e.status(), Some(404));
    /// ```
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Authentication { status, .. } => *status,
            Error::Api { status, .. } | Error::RateLimited { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether the same request may succeed later without changes: timeouts,
    /// connection failures, rate limits and 408/429/502/503/504 answers.
    ///
    /// The client has already retried these within its
    /// [`RetryPolicy`](crate::RetryPolicy) when that was safe.
    ///
    /// ```
    /// # use sellercloud::Error;
    /// let e = Error::Api { status: 503, message: None, field_errors: vec![], body: String::new() };
    /// assert!(e.is_retryable());
    /// ```
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Validation(_) | Error::Config { .. } | Error::Decode { .. } => false,
            Error::Authentication { status, .. } => {
                status.is_some_and(api_runtime::retry::is_retryable_status)
            }
            Error::Api { status, .. } => api_runtime::retry::is_retryable_status(*status),
            Error::RateLimited { .. } | Error::Timeout { .. } => true,
            Error::Transport { source, .. } => source
                .downcast_ref::<reqwest::Error>()
                .is_none_or(|e| !e.is_builder()),
        }
    }

    /// Whether the server may have carried out the request although no
    /// success answer arrived: after a timeout or a connection failure once
    /// the request was sent, after a 5xx answer (a gateway may have
    /// forwarded it), and when a success answer could not be read.
    ///
    /// False when the request certainly was not applied: it was refused
    /// before sending (validation, configuration, authentication), the
    /// connection could not be made, or the server rejected it (4xx, rate
    /// limit). Check this before sending a create again: a duplicate purchase
    /// order is worse than an error.
    ///
    /// It describes the attempt that ended the call. A create is never
    /// retried after an attempt that may have been applied, so for a create
    /// the answer covers the whole call. The idempotent updates are retried:
    /// an earlier attempt that timed out may have been applied even when the
    /// last one was refused (say, rate limited); sending the same update
    /// again is safe either way.
    ///
    /// ```
    /// # use sellercloud::Error;
    /// let e = Error::Timeout { operation: "create_purchase_order", may_have_been_applied: true };
    /// assert!(e.may_have_been_applied());
    /// ```
    pub fn may_have_been_applied(&self) -> bool {
        match self {
            Error::Validation(_)
            | Error::Config { .. }
            | Error::Authentication { .. }
            | Error::RateLimited { .. } => false,
            Error::Api { status, .. } => *status >= 500,
            Error::Timeout {
                may_have_been_applied,
                ..
            }
            | Error::Transport {
                may_have_been_applied,
                ..
            } => *may_have_been_applied,
            Error::Decode { .. } => true,
        }
    }

    /// The broken rules, when this is a validation error.
    ///
    /// ```
    /// use sellercloud::TrackingUpdate;
    /// let e = TrackingUpdate::new().tracking_number(" ").build().unwrap_err();
    /// assert!(e.violations().unwrap().has_field("TrackingNumber"));
    /// ```
    pub fn violations(&self) -> Option<&Violations> {
        match self {
            Error::Validation(v) => Some(v),
            _ => None,
        }
    }
}

impl From<Violations> for Error {
    fn from(v: Violations) -> Self {
        Error::Validation(v)
    }
}

/// A failure described only in words (for error sources that are not
/// `reqwest` errors).
#[derive(Debug)]
pub(crate) struct Message(pub(crate) String);

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Message {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_actionable() {
        let e = Error::Api {
            status: 400,
            message: Some("The request is invalid.".into()),
            field_errors: vec![("request.Country".into(), vec!["bad".into()])],
            body: "{..}".into(),
        };
        assert_eq!(
            e.to_string(),
            "Sellercloud answered 400: The request is invalid.; request.Country: bad"
        );
        let e = Error::Timeout {
            operation: "create_purchase_order",
            may_have_been_applied: true,
        };
        assert!(e.to_string().contains("may have been applied"));
        assert!(e.is_retryable() && e.may_have_been_applied());
        let e = Error::Authentication {
            status: Some(401),
            message: "bad".into(),
            hint: "check",
        };
        assert_eq!(
            e.to_string(),
            "authentication failed (HTTP 401): bad (check)"
        );
        assert!(!e.is_retryable() && !e.may_have_been_applied());
    }
}
