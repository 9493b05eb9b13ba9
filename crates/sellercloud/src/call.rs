//! The one place that runs an operation: authentication, the retry loop,
//! tracing, and turning the generated client's errors into [`Error`].
//!
//! What is retried (within the client's [`RetryPolicy`](crate::RetryPolicy)):
//! failures that may pass ([`Error::is_retryable`]: connection failures,
//! timeouts, 408/429/502/503/504, Sellercloud's rate-limit answer), and only
//! when re-sending is safe: always for the idempotent PUTs, and for create
//! purchase order only when the request certainly was not applied
//! ([`Error::may_have_been_applied`] is false: the connection could not be
//! made, or the rate limiter refused it, which it does before the request
//! is processed).
//!
//! A 401 is different: the cached token was refused. The call drops that
//! token, obtains a new one and sends once more, once per call; a second 401
//! is an [`Error::Authentication`]. This holds for create purchase order too,
//! since the server authenticates before it processes anything.

use crate::auth::Token;
use crate::client::Inner;
use crate::error::{Error, Message, Result};
use api_runtime::body::{ErrorBody, MAX_RAW_ERROR_TEXT, is_body_too_large};
use api_runtime::retry::{Attempt, Idempotency, wait_until};
use bytes::{Bytes, BytesMut};
use futures::{Stream, StreamExt};
use progenitor_client::{ByteStream, Error as PError, ResponseValue};
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Instant;
use tracing::Instrument;
use tracing::field::Empty;

/// Error bodies are small; more than this is not read (the rest is dropped).
const MAX_ERROR_BODY: usize = 64 * 1024;

/// A successful answer.
pub(crate) enum Reply<R> {
    /// The documented success, decoded by the generated client.
    Parsed(R),
    /// Another 2xx status, with its body (bounded).
    OtherSuccess(Bytes),
}

/// Runs one operation: `send` makes one request with the generated client.
pub(crate) async fn execute<R, F, Fut>(
    inner: &Inner,
    operation: &'static str,
    idempotency: Idempotency,
    send: F,
) -> Result<Reply<R>>
where
    F: Fn() -> Fut,
    Fut: Future<Output = std::result::Result<ResponseValue<R>, PError<ByteStream>>>,
{
    // The call span gets its summary (attempts made, last status, total
    // latency) once at the end; each attempt has its own child span, so no
    // field is recorded twice.
    let span = tracing::info_span!(
        "sellercloud.call",
        operation,
        attempt = Empty,
        status = Empty,
        latency_ms = Empty
    );
    // Latency is only measured for a span a subscriber records: reading
    // the clock four times per call was a measurable share of the SDK's
    // per-call cost (BENCHMARKS.md).
    let started = (!span.is_disabled()).then(Instant::now);
    let attempts = AtomicU32::new(0);
    let last_status = AtomicU32::new(0);
    let renewed = AtomicBool::new(false);
    let (attempts_ref, status_ref, renewed_ref, send_ref) =
        (&attempts, &last_status, &renewed, &send);
    let result = api_runtime::retry::run(inner.retry(), move |attempt| {
        let attempt_span = tracing::debug_span!(
            "sellercloud.attempt",
            attempt,
            status = Empty,
            latency_ms = Empty
        );
        let recorder = attempt_span.clone();
        async move {
            attempts_ref.store(attempt, Ordering::Relaxed);
            let attempt_started = (!recorder.is_disabled()).then(Instant::now);
            let outcome = attempt_once(inner, operation, send_ref, renewed_ref).await;
            let status = match &outcome {
                Ok((status, _)) => Some(*status),
                Err(e) => e.status(),
            };
            status_ref.store(status.map_or(0, u32::from), Ordering::Relaxed);
            if let Some(status) = status {
                recorder.record("status", status);
            }
            if let Some(attempt_started) = attempt_started {
                recorder.record("latency_ms", millis(attempt_started));
            }
            match outcome {
                Ok((_, reply)) => Attempt::Done(Ok(reply)),
                Err(error) => {
                    let safe =
                        idempotency == Idempotency::Idempotent || !error.may_have_been_applied();
                    if !(error.is_retryable() && safe) {
                        return Attempt::Done(Err(error));
                    }
                    let wait = match &error {
                        Error::RateLimited {
                            reset_at: Some(reset),
                            ..
                        } => Some(wait_until(*reset)).filter(|w| !w.is_zero()),
                        _ => None,
                    };
                    tracing::info!(
                        wait_ms = wait.map(|w| u64::try_from(w.as_millis()).unwrap_or(u64::MAX)),
                        error = %error,
                        "attempt failed; retrying if the retry policy allows"
                    );
                    Attempt::Retry { error, wait }
                }
            }
        }
        .instrument(attempt_span)
    })
    .instrument(span.clone())
    .await;
    span.record("attempt", attempts.load(Ordering::Relaxed));
    match last_status.load(Ordering::Relaxed) {
        0 => {}
        status => {
            span.record("status", status);
        }
    }
    if let Some(started) = started {
        span.record("latency_ms", millis(started));
    }
    span.in_scope(|| match &result {
        Ok(_) => tracing::debug!("call succeeded"),
        Err(error) => tracing::info!(error = %error, "call failed"),
    });
    result
}

fn millis(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// One attempt: a token, one request, and on a 401 (once per call) a new
/// token and one more request.
async fn attempt_once<R, F, Fut>(
    inner: &Inner,
    operation: &'static str,
    send: &F,
    renewed: &AtomicBool,
) -> Result<(u16, Reply<R>)>
where
    F: Fn() -> Fut,
    Fut: Future<Output = std::result::Result<ResponseValue<R>, PError<ByteStream>>>,
{
    let mut token = inner.auth().token().await?;
    loop {
        let error = match token.scope(send()).await {
            Ok(answer) => {
                return Ok((answer.status().as_u16(), Reply::Parsed(answer.into_inner())));
            }
            Err(e) => e,
        };
        let (status, (body, read_error)) = match error {
            PError::ErrorResponse(rv) => (
                rv.status().as_u16(),
                read_body(rv.into_inner().into_inner(), MAX_ERROR_BODY).await,
            ),
            PError::UnexpectedResponse(r) => {
                let status = r.status().as_u16();
                // An undocumented success status still carries the answer
                // (the new ID): read it whole, within the client's
                // max_response_bytes (which the request hooks enforce), so
                // that a long body is reported as too large rather than cut
                // at the error-body cap and decoded as if complete.
                let cap = if (200..300).contains(&status) {
                    usize::MAX
                } else {
                    MAX_ERROR_BODY
                };
                (status, read_body(r.bytes_stream(), cap).await)
            }
            other => return Err(failure(operation, other)),
        };
        if (200..300).contains(&status) {
            return match read_error {
                None => Ok((status, Reply::OtherSuccess(body))),
                Some(e) => Err(failure(operation, PError::ResponseBodyError(e))),
            };
        }
        let error = api_error(status, &body, &token);
        if status != 401 {
            return Err(error);
        }
        if renewed.swap(true, Ordering::AcqRel) {
            return Err(Error::Authentication {
                status: Some(401),
                message: error_message(&error),
                hint: "the server refused a freshly issued token; check that the user may use the REST API on this server",
            });
        }
        tracing::info!("token refused (401); renewing it and sending once more");
        inner.auth().invalidate(&token);
        token = inner.auth().token().await?;
    }
}

fn error_message(e: &Error) -> String {
    match e {
        Error::Api {
            message: Some(m), ..
        } => m.clone(),
        Error::Api { body, .. } if !body.is_empty() => body.clone(),
        _ => "the token was not accepted".into(),
    }
}

/// An error answer (status >= 300) as an [`Error`]; the token is scrubbed
/// from anything kept.
fn api_error(status: u16, body: &[u8], token: &Token) -> Error {
    let decoded = ErrorBody::decode(body).redacted(&[token.text()]);
    if status == 429 || (status == 409 && decoded.is_rate_limit()) {
        return Error::RateLimited {
            status,
            reset_at: decoded.rate_limit_reset,
            message: decoded.message,
        };
    }
    Error::Api {
        status,
        message: decoded.message,
        field_errors: decoded.field_errors,
        body: decoded.raw,
    }
}

/// Maps failures that are not an HTTP answer.
fn failure(operation: &'static str, e: PError<ByteStream>) -> Error {
    match e {
        PError::CommunicationError(e) => {
            // Before the connection exists nothing was sent; a request that
            // cannot be built is never sent.
            let sent = !(e.is_connect() || e.is_builder());
            request_error(operation, e, sent)
        }
        PError::ResponseBodyError(e) => {
            if let Some(limit) = is_body_too_large(&e) {
                return Error::Decode {
                    operation,
                    problem: limit.to_string(),
                    body: String::new(),
                };
            }
            request_error(operation, e, true)
        }
        PError::InvalidResponsePayload(body, e) => Error::Decode {
            operation,
            problem: e.to_string(),
            body: String::from_utf8_lossy(&body[..body.len().min(MAX_RAW_ERROR_TEXT)]).into_owned(),
        },
        PError::InvalidUpgrade(e) => request_error(operation, e, true),
        PError::InvalidRequest(m) | PError::Custom(m) => Error::Transport {
            operation,
            may_have_been_applied: false,
            source: Arc::new(Message(m)),
        },
        // Answers are mapped by the caller; reaching here is a bug, reported
        // as a failure that did not send anything.
        PError::ErrorResponse(rv) => Error::Transport {
            operation,
            may_have_been_applied: false,
            source: Arc::new(Message(format!("unhandled answer {}", rv.status()))),
        },
        PError::UnexpectedResponse(r) => Error::Transport {
            operation,
            may_have_been_applied: false,
            source: Arc::new(Message(format!("unhandled answer {}", r.status()))),
        },
    }
}

fn request_error(operation: &'static str, e: reqwest::Error, sent: bool) -> Error {
    if e.is_timeout() {
        Error::Timeout {
            operation,
            may_have_been_applied: sent,
        }
    } else {
        Error::Transport {
            operation,
            may_have_been_applied: sent,
            source: Arc::new(e.without_url()),
        }
    }
}

/// A failed token request that got no answer: nothing of the operation was
/// sent, whatever happened to the token request.
pub(crate) fn transport_error(operation: &'static str, e: PError<ByteStream>) -> Error {
    match failure(operation, e) {
        Error::Timeout { operation, .. } => Error::Timeout {
            operation,
            may_have_been_applied: false,
        },
        Error::Transport {
            operation, source, ..
        } => Error::Transport {
            operation,
            may_have_been_applied: false,
            source,
        },
        Error::Decode { operation, .. } => Error::Authentication {
            status: Some(200),
            message: format!("the {operation} answer could not be read"),
            hint: "check that the base URL is the tenant's REST endpoint",
        },
        other => other,
    }
}

/// Reads up to `cap` bytes of a body; the rest is dropped. A read failure
/// is returned with what was read before it.
pub(crate) async fn read_body<S>(stream: S, cap: usize) -> (Bytes, Option<reqwest::Error>)
where
    S: Stream<Item = reqwest::Result<Bytes>>,
{
    let mut stream = std::pin::pin!(stream);
    let mut out = BytesMut::new();
    while let Some(chunk) = stream.next().await {
        match chunk {
            Ok(chunk) => {
                let room = cap - out.len();
                out.extend_from_slice(&chunk[..chunk.len().min(room)]);
                if out.len() >= cap {
                    break;
                }
            }
            Err(e) => return (out.freeze(), Some(e)),
        }
    }
    (out.freeze(), None)
}

/// Reads an error body for decoding (bounded; read failures keep what came).
pub(crate) async fn read_error_body<S>(stream: S) -> Bytes
where
    S: Stream<Item = reqwest::Result<Bytes>>,
{
    read_body(stream, MAX_ERROR_BODY).await.0
}
