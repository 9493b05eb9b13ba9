//! What one attempt's outcome means: the split between classifying an
//! answer (this module, with a per-vendor [`Classify`] hook) and deciding
//! whether and when to retry ([`RetryPolicy`](crate::retry::RetryPolicy)).
//!
//! The default classification, shared by both vendors:
//!
//! | answer | verdict |
//! |---|---|
//! | 2xx | success |
//! | 401 | renew the credential once (the authenticator decides whether that can help) |
//! | 429 | [`Error::RateLimited`], retried after the server's wait (`RateLimitResetTime` in the body, or `Retry-After`) |
//! | 408, 502, 503, 504 | [`Error::Api`], retried (after `Retry-After` when given) |
//! | anything else | [`Error::Api`], final |
//!
//! A vendor adds what is its own by overriding [`Classify::classify`] and
//! falling back to [`classify_answer`] (Sellercloud: a 409 with its
//! rate-limit body is a rate limit too).

use crate::body::ErrorBody;
use crate::error::{Error, Message};
use crate::retry::is_retryable_status;
use chrono::{DateTime, FixedOffset, Utc};
use reqwest::header::HeaderMap;
use std::sync::Arc;
use std::time::Duration;

/// An answer that is not the operation's documented success.
#[derive(Debug)]
pub struct Answer<'a> {
    /// The service that answered (`"Sellercloud"`).
    pub service: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// The answer's headers.
    pub headers: &'a HeaderMap,
    /// The decoded body, credentials already scrubbed.
    pub body: &'a ErrorBody,
}

/// What an answer means for the call.
#[derive(Debug)]
#[non_exhaustive]
pub enum Verdict {
    /// A success the operation did not document (another 2xx): its body is
    /// handed to the operation.
    Success,
    /// A failure worth another attempt, when re-sending is safe.
    Retry {
        /// The error to report if no further attempt is made.
        error: Error,
        /// The wait the server asked for; `None` uses the policy's backoff.
        wait: Option<Duration>,
    },
    /// The credential was refused: renew it once and send again, if the
    /// authenticator says that can help.
    RenewCredentials,
    /// A final failure.
    Fail(Error),
}

/// A vendor's classification of answers. The provided method is the shared
/// default; override it to add what only one vendor does, and call
/// [`classify_answer`] for the rest.
pub trait Classify: Send + Sync + 'static {
    /// Classifies an answer that is not the documented success.
    fn classify(&self, answer: &Answer<'_>) -> Verdict {
        classify_answer(answer)
    }
}

/// The shared classification (see the module docs).
pub fn classify_answer(answer: &Answer<'_>) -> Verdict {
    let status = answer.status;
    if (200..300).contains(&status) {
        return Verdict::Success;
    }
    if status == 401 {
        return Verdict::RenewCredentials;
    }
    let wait = server_wait(answer.body, answer.headers);
    if status == 429 {
        return Verdict::Retry {
            error: rate_limited(answer),
            wait,
        };
    }
    let error = api_error(answer);
    if is_retryable_status(status) {
        Verdict::Retry { error, wait }
    } else {
        Verdict::Fail(error)
    }
}

/// [`Error::RateLimited`] for `answer`, with the reset time from the body
/// (`RateLimitResetTime`) or from `Retry-After`.
pub fn rate_limited(answer: &Answer<'_>) -> Error {
    Error::RateLimited {
        service: answer.service,
        status: answer.status,
        reset_at: answer
            .body
            .rate_limit_reset
            .or_else(|| retry_after_at(answer.headers)),
        message: answer.body.message.clone(),
        attempts: None,
    }
}

/// [`Error::Api`] for `answer`.
pub fn api_error(answer: &Answer<'_>) -> Error {
    Error::Api {
        service: answer.service,
        status: answer.status,
        message: answer.body.message.clone(),
        field_errors: answer.body.field_errors.clone(),
        body: answer.body.raw.clone(),
        attempts: None,
        may_have_been_applied: answer.status >= 500,
    }
}

/// How long the server asked to wait: a `RateLimitResetTime` in the body
/// (Sellercloud), or a `Retry-After` header in seconds or as an HTTP date.
/// Zero (a reset time already past) counts as not asked.
pub fn server_wait(body: &ErrorBody, headers: &HeaderMap) -> Option<Duration> {
    let wait = match body.rate_limit_reset {
        Some(reset) => crate::retry::wait_until(reset),
        None => retry_after(headers)?,
    };
    Some(wait).filter(|w| !w.is_zero())
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?;
    Some(crate::retry::wait_until(at))
}

/// The server time a `Retry-After` names: its HTTP date, or its seconds
/// after the answer's `Date` (our clock's time when there is none).
pub fn retry_after_at(headers: &HeaderMap) -> Option<DateTime<FixedOffset>> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    let Ok(seconds) = value.parse::<u64>() else {
        return DateTime::parse_from_rfc2822(value).ok();
    };
    let sent_at = headers
        .get(reqwest::header::DATE)
        .and_then(|d| d.to_str().ok())
        .and_then(|d| DateTime::parse_from_rfc2822(d.trim()).ok())
        .map_or_else(Utc::now, |d| d.with_timezone(&Utc));
    let wait = chrono::Duration::try_seconds(i64::try_from(seconds).ok()?)?;
    Some(
        sent_at
            .checked_add_signed(wait)
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
            .fixed_offset(),
    )
}

/// A failure that is not an HTTP answer, with whether another attempt can
/// help. `may_have_been_applied` is decided here: before the connection
/// exists nothing was sent, after it anything may have been.
pub(crate) fn transport_failure(operation: &'static str, e: reqwest::Error) -> (Error, bool) {
    if let Some(too_large) = crate::body::is_body_too_large(&e) {
        return (
            decode_error(operation, too_large.to_string(), String::new()),
            false,
        );
    }
    if e.is_builder() {
        // A request that cannot be built is never sent, and never will be.
        return (
            Error::Transport {
                operation,
                may_have_been_applied: false,
                source: Arc::new(e.without_url()),
                attempts: None,
            },
            false,
        );
    }
    let sent = !e.is_connect();
    let error = if e.is_timeout() {
        Error::Timeout {
            operation,
            may_have_been_applied: sent,
            attempts: None,
        }
    } else {
        Error::Transport {
            operation,
            may_have_been_applied: sent,
            source: Arc::new(e.without_url()),
            attempts: None,
        }
    };
    (error, true)
}

/// The longest problem text a decode error keeps: serde's messages quote
/// the offending value, which a hostile server can make as long as the body.
const MAX_PROBLEM_TEXT: usize = 512;

pub(crate) fn decode_error(operation: &'static str, problem: String, body: String) -> Error {
    Error::Decode {
        operation,
        problem: crate::body::truncate_text(problem.as_bytes(), MAX_PROBLEM_TEXT),
        body,
    }
}

/// A failure described in words, raised before anything was sent.
pub(crate) fn not_sent(operation: &'static str, problem: String) -> Error {
    Error::Transport {
        operation,
        may_have_been_applied: false,
        source: Arc::new(Message(problem)),
        attempts: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderValue, RETRY_AFTER};

    #[test]
    fn a_decode_problem_quoting_a_huge_value_is_cut() {
        let problem = format!("invalid type: string \"{}\"", "é".repeat(10_000));
        let error = decode_error("get", problem, String::new());
        let text = error.to_string();
        assert!(text.len() < MAX_PROBLEM_TEXT + 100, "{} bytes", text.len());
        assert!(text.ends_with("..."), "{text}");
    }

    fn classify(status: u16, body: &[u8], headers: &HeaderMap) -> Verdict {
        let body = ErrorBody::decode(body);
        classify_answer(&Answer {
            service: "Test",
            status,
            headers,
            body: &body,
        })
    }

    #[test]
    fn the_shared_table() {
        let none = HeaderMap::new();
        assert!(matches!(classify(204, b"", &none), Verdict::Success));
        assert!(matches!(
            classify(401, b"", &none),
            Verdict::RenewCredentials
        ));
        for status in [408, 502, 503, 504] {
            assert!(
                matches!(
                    classify(status, b"", &none),
                    Verdict::Retry {
                        error: Error::Api { .. },
                        wait: None
                    }
                ),
                "{status}"
            );
        }
        for status in [400, 404, 409, 500] {
            assert!(
                matches!(
                    classify(status, b"", &none),
                    Verdict::Fail(Error::Api { .. })
                ),
                "{status}"
            );
        }
        assert!(matches!(
            classify(429, b"", &none),
            Verdict::Retry {
                error: Error::RateLimited { reset_at: None, .. },
                wait: None
            }
        ));
    }

    #[test]
    fn retry_after_is_honoured_in_seconds_and_as_a_date() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        let Verdict::Retry { wait, error } = classify(503, b"", &headers) else {
            panic!("503 is retried")
        };
        assert_eq!(wait, Some(Duration::from_secs(7)));
        assert!(matches!(error, Error::Api { status: 503, .. }));
        let Verdict::Retry { wait, error } = classify(429, b"", &headers) else {
            panic!("429 is retried")
        };
        assert_eq!(wait, Some(Duration::from_secs(7)));
        let Error::RateLimited {
            reset_at: Some(reset),
            ..
        } = error
        else {
            panic!("429 is a rate limit with its reset time")
        };
        assert!(reset > Utc::now());

        let later = (Utc::now() + chrono::Duration::seconds(30)).to_rfc2822();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&later).unwrap());
        let wait = server_wait(&ErrorBody::default(), &headers).unwrap();
        assert!(
            wait > Duration::from_secs(25) && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(server_wait(&ErrorBody::default(), &headers), None);
    }

    #[test]
    fn a_rate_limit_body_gives_the_wait_until_its_reset() {
        let reset = (Utc::now() + chrono::Duration::seconds(45)).to_rfc3339();
        let body = format!(r#"{{"Error":"Too many requests.","RateLimitResetTime":"{reset}"}}"#);
        let Verdict::Retry {
            wait: Some(wait),
            error,
        } = classify(429, body.as_bytes(), &HeaderMap::new())
        else {
            panic!("a rate limit is retried after its reset")
        };
        assert!(wait > Duration::from_secs(40), "{wait:?}");
        assert_eq!(error.message(), Some("Too many requests."));
    }
}
