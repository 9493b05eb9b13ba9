//! The one call pipeline of both clients: every operation of either vendor
//! runs through [`Runtime::invoke`].
//!
//! One call is a loop of attempts (see [`RetryPolicy`] for the bounds).
//! Each attempt:
//!
//! 1. waits while another call of the same client has learnt that the rate
//!    limit is exhausted ([`gate`]);
//! 2. gets a credential from the client's [`Authenticator`]; a failure there
//!    (a token endpoint answering 500, a timeout) sent nothing of the
//!    operation, so it is retried for every operation, creates included;
//! 3. sends the request with exactly that credential;
//! 4. classifies the outcome ([`classify`]): success, retry after a wait,
//!    renew the credential once (a 401) and send again, or fail.
//!
//! Whether a retry is *safe* is the operation's [`Idempotency`]: an
//! idempotent operation is re-sent after any retryable failure; a
//! non-idempotent one (a create) only when the failed attempt certainly was
//! not applied ([`Error::may_have_been_applied`] is false: the connection
//! could not be made, the credential could not be obtained, the rate limiter
//! refused it).
//!
//! Answer bodies are read within the client's `max_response_bytes`; texts
//! kept in errors are scrubbed of the credentials; one span per call and one
//! per attempt are recorded ([`Telemetry`]).

pub mod classify;
pub mod gate;
mod telemetry;

pub use classify::{Answer, Classify, Verdict};
#[doc(hidden)]
pub use telemetry::__tracing;
pub use telemetry::Telemetry;

use crate::auth::{Authenticator, Credential, Refusal};
use crate::body::{ErrorBody, MAX_RAW_ERROR_TEXT, ReadError, read_limited, read_stream_limited};
use crate::error::{Error, Result};
use crate::retry::{Attempt, Idempotency, RetryPolicy};
use crate::secret::redact;
use bytes::Bytes;
use gate::{Admission, RateGate};
use progenitor_client::{ByteStream, Error as PError, ResponseValue};
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::{Duration, Instant};
use tracing::Instrument;

/// What the generated clients' operation methods return.
pub type ApiResult<T> = std::result::Result<ResponseValue<T>, PError<ByteStream>>;

/// An operation as the pipeline needs to know it: its name (in errors and
/// spans) and whether sending it twice is safe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The generated client's method name (`create_purchase_order`).
    pub name: &'static str,
    /// Whether a retry may re-send it after it may have been applied.
    pub idempotency: Idempotency,
    /// Whether its vendor reports server errors as 4xx, so that a 4xx
    /// answer may have been applied (see [`Self::server_errors_as_4xx`]).
    pub server_errors_as_4xx: bool,
}

impl Operation {
    /// An operation that may be sent again (the documented PUTs, GETs, a
    /// token request).
    ///
    /// ```
    /// # use sellercloud_shopctrl_runtime::exports as sellercloud;
    /// use sellercloud::Operation;
    /// const UPDATE: Operation = Operation::idempotent("update_order");
    /// assert_eq!(UPDATE.name, "update_order");
    /// ```
    pub const fn idempotent(name: &'static str) -> Self {
        Operation {
            name,
            idempotency: Idempotency::Idempotent,
            server_errors_as_4xx: false,
        }
    }

    /// An operation that may apply twice if sent twice (a create, adding
    /// items, receiving): never re-sent once it may have reached the server.
    pub const fn not_idempotent(name: &'static str) -> Self {
        Operation {
            name,
            idempotency: Idempotency::NotIdempotent,
            server_errors_as_4xx: false,
        }
    }

    /// The vendor states that this operation reports a server error with a
    /// 4xx status (Sellercloud's add-items: "a server error is reported as
    /// 400"): a 4xx answer does not prove that nothing was applied, so its
    /// error says [`Error::may_have_been_applied`].
    ///
    /// ```
    /// use sellercloud_shopctrl_runtime::call::Operation;
    /// const ADD: Operation = Operation::not_idempotent("add_items").server_errors_as_4xx();
    /// assert!(ADD.server_errors_as_4xx);
    /// ```
    pub const fn server_errors_as_4xx(mut self) -> Self {
        self.server_errors_as_4xx = true;
        self
    }

    /// `error` as this operation's vendor means it: a 4xx answer of an
    /// operation whose server errors come back as 4xx may have been applied.
    fn interpret(&self, error: Error) -> Error {
        match error {
            Error::Api {
                service,
                status,
                message,
                field_errors,
                body,
                may_have_been_applied,
            } => Error::Api {
                may_have_been_applied: may_have_been_applied
                    || (self.server_errors_as_4xx && (400..500).contains(&status)),
                service,
                status,
                message,
                field_errors,
                body,
            },
            other => other,
        }
    }
}

/// A successful answer: the documented one or another 2xx, which is all a
/// success can be, so the enum is closed and callers may match it whole.
#[derive(Debug)]
pub enum Reply<R> {
    /// The documented success, decoded by the generated client.
    Parsed(R),
    /// Another success status, with its body (read whole within
    /// `max_response_bytes`).
    Other {
        /// The HTTP status.
        status: u16,
        /// The body.
        body: Bytes,
    },
}

impl<R: serde::de::DeserializeOwned> Reply<R> {
    /// The answer as `R`: the decoded documented success, or another
    /// success's body read as JSON `R` (an [`Error::Decode`] naming
    /// `operation` when it is not).
    ///
    /// ```
    /// # use sellercloud_shopctrl_runtime::exports as sellercloud;
    /// use sellercloud::Reply;
    /// let other: Reply<i32> = Reply::Other { status: 201, body: "7".into() };
    /// assert_eq!(other.decode("create").unwrap(), 7);
    /// let bad: Reply<i32> = Reply::Other { status: 201, body: "x".into() };
    /// assert!(bad.decode("create").is_err());
    /// ```
    pub fn decode(self, operation: &'static str) -> Result<R> {
        match self {
            Reply::Parsed(value) => Ok(value),
            Reply::Other { body, .. } => serde_json::from_slice(&body).map_err(|e| {
                classify::decode_error(
                    operation,
                    format!("the answer is not the documented JSON: {e}"),
                    kept_text(&body),
                )
            }),
        }
    }
}

/// An answer the generated client did not decode (an error status, or a
/// status the spec does not list), with its body read within a bound.
#[derive(Debug)]
#[non_exhaustive]
pub struct RawAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The answer's headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body, or why it could not be read.
    pub body: std::result::Result<Bytes, ReadError>,
}

/// Reads the answer out of a generated client's error, within `limit`
/// bytes; any other failure (no answer at all) is given back.
pub async fn read_answer(
    error: PError<ByteStream>,
    limit: usize,
) -> std::result::Result<RawAnswer, PError<ByteStream>> {
    match error {
        PError::ErrorResponse(answer) => {
            let status = answer.status().as_u16();
            let headers = answer.headers().clone();
            let stream = answer.into_inner().into_inner();
            Ok(RawAnswer {
                status,
                headers,
                body: read_stream_limited(stream, limit).await,
            })
        }
        PError::UnexpectedResponse(response) => Ok(RawAnswer {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: read_limited(response, limit).await,
        }),
        other => Err(other),
    }
}

/// A failed attempt, and whether another one can help.
struct Failed {
    error: Error,
    /// `None`: final. `Some(wait)`: worth retrying after the server's wait,
    /// or after the policy's backoff when `wait` is `None`.
    retry: Option<Option<Duration>>,
}

impl Failed {
    fn fatal(error: Error) -> Self {
        Failed { error, retry: None }
    }
}

/// The shared state behind one client and its clones: how it
/// authenticates, how its vendor's answers are classified, its retry
/// policy, response bound, rate-limit gate and telemetry.
pub struct Runtime<A, C> {
    auth: A,
    classifier: C,
    retry: RetryPolicy,
    max_response_bytes: usize,
    gate: RateGate,
    telemetry: &'static dyn Telemetry,
}

impl<A, C> std::fmt::Debug for Runtime<A, C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("service", &self.telemetry.service())
            .field("retry_policy", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

impl<A: Authenticator, C: Classify> Runtime<A, C> {
    /// The pipeline of one client.
    pub fn new(
        auth: A,
        classifier: C,
        retry: RetryPolicy,
        max_response_bytes: usize,
        telemetry: &'static dyn Telemetry,
    ) -> Self {
        Runtime {
            auth,
            classifier,
            gate: RateGate::new(&retry, telemetry),
            retry,
            max_response_bytes,
            telemetry,
        }
    }

    /// The client's authenticator.
    pub fn auth(&self) -> &A {
        &self.auth
    }

    /// The client's retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The largest answer body read into memory, in bytes.
    pub fn max_response_bytes(&self) -> usize {
        self.max_response_bytes
    }

    /// Runs `operation`: `send` makes one request with the generated client
    /// and is called once per attempt (and once more after a credential was
    /// renewed).
    pub async fn invoke<R, F, Fut>(&self, operation: Operation, send: F) -> Result<Reply<R>>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = ApiResult<R>>,
    {
        // The call span gets its summary (attempts made, last status, total
        // latency) once at the end; each attempt has its own child span, so
        // no field is recorded twice.
        let span = self.telemetry.call_span(operation.name);
        // Latency is only measured for a span a subscriber records: reading
        // the clock per call was a measurable share of the SDK's per-call
        // cost (BENCHMARKS.md).
        let started = (!span.is_disabled()).then(Instant::now);
        let attempts = AtomicU32::new(0);
        let last_status = AtomicU32::new(0);
        let renewed = AtomicBool::new(false);
        let (attempts_ref, status_ref, renewed_ref, send_ref) =
            (&attempts, &last_status, &renewed, &send);
        let result = crate::retry::run(&self.retry, move |attempt| {
            let attempt_span = self.telemetry.attempt_span(attempt);
            let recorder = attempt_span.clone();
            async move {
                attempts_ref.store(attempt, Ordering::Relaxed);
                let attempt_started = (!recorder.is_disabled()).then(Instant::now);
                let (status, outcome) = self.attempt(operation, send_ref, renewed_ref).await;
                status_ref.store(status.map_or(0, u32::from), Ordering::Relaxed);
                if let Some(status) = status {
                    recorder.record("status", status);
                }
                if let Some(attempt_started) = attempt_started {
                    recorder.record("latency_ms", millis(attempt_started));
                }
                match outcome {
                    Ok(reply) => Attempt::Done(Ok(reply)),
                    Err(Failed { error, retry }) => {
                        let safe = operation.idempotency == Idempotency::Idempotent
                            || !error.may_have_been_applied();
                        match retry {
                            Some(wait) if safe => {
                                self.telemetry.attempt_failed(wait.map(duration_ms), &error);
                                Attempt::Retry { error, wait }
                            }
                            _ => Attempt::Done(Err(error)),
                        }
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
        let result = result.map_err(|e| operation.interpret(e));
        span.in_scope(|| self.telemetry.call_finished(result.as_ref().err()));
        result
    }

    /// One attempt: the gate, a credential, one request, and on a refused
    /// credential (once per call) a new credential and one more request.
    /// Returns the last HTTP status seen, for the spans.
    async fn attempt<R, F, Fut>(
        &self,
        operation: Operation,
        send: &F,
        renewed: &AtomicBool,
    ) -> (Option<u16>, std::result::Result<Reply<R>, Failed>)
    where
        F: Fn() -> Fut,
        Fut: Future<Output = ApiResult<R>>,
    {
        loop {
            let ticket = match self.gate.admit(Admission::Call).await {
                Ok(ticket) => ticket,
                Err(error) => return (None, Err(Failed::fatal(error))),
            };
            let credential = match self.auth.credential(&self.gate).await {
                Ok(credential) => credential,
                Err(error) => return (error.status(), Err(self.credential_failed(error))),
            };
            let sent = crate::hooks::with_authorization(credential.header().clone(), send()).await;
            let RawAnswer {
                status,
                headers,
                body: read,
            } = match sent {
                Ok(answer) => {
                    ticket.answered(None);
                    return (
                        Some(answer.status().as_u16()),
                        Ok(Reply::Parsed(answer.into_inner())),
                    );
                }
                Err(e) => match read_answer(e, self.max_response_bytes).await {
                    Ok(answer) => answer,
                    Err(other) => {
                        return (None, Err(self.failure(operation, other, &credential)));
                    }
                },
            };
            if (200..300).contains(&status) {
                ticket.answered(None);
                // An undocumented success still carries the answer (a new
                // ID): it must be read whole, so a body past the bound is a
                // decode failure rather than a truncated answer.
                let outcome = match read {
                    Ok(body) => Ok(Reply::Other { status, body }),
                    Err(ReadError::TooLarge(too_large)) => {
                        Err(Failed::fatal(classify::decode_error(
                            operation.name,
                            too_large.to_string(),
                            String::new(),
                        )))
                    }
                    Err(ReadError::Transport(e)) => {
                        let (error, retry) = classify::transport_failure(operation.name, e);
                        Err(Failed {
                            error,
                            retry: retry.then_some(None),
                        })
                    }
                };
                return (Some(status), outcome);
            }
            let secrets = self.secrets(&credential);
            // The status decides; a body that could not be read only loses
            // its text.
            let (body, raw) = match read {
                Ok(bytes) => (ErrorBody::decode_redacted(&bytes, &secrets), Some(bytes)),
                Err(e) => (
                    ErrorBody {
                        raw: format!("(body not read: {e})"),
                        ..ErrorBody::default()
                    },
                    None,
                ),
            };
            let answer = Answer {
                service: self.telemetry.service(),
                status,
                headers: &headers,
                body: &body,
            };
            let verdict = self.classifier.classify(&answer);
            ticket.answered(refusal(&verdict));
            let failed = match verdict {
                Verdict::Success => {
                    return (
                        Some(status),
                        Ok(Reply::Other {
                            status,
                            body: raw.unwrap_or_default(),
                        }),
                    );
                }
                Verdict::Retry { error, wait } => {
                    // Calls refused together go out again spread, as the
                    // calls the gate held do.
                    let wait = match &error {
                        Error::RateLimited { .. } => wait.map(|w| self.spread(w)),
                        _ => wait,
                    };
                    Failed {
                        error,
                        retry: Some(wait),
                    }
                }
                Verdict::Fail(error) => Failed::fatal(error),
                Verdict::RenewCredentials => {
                    let already = renewed.swap(true, Ordering::AcqRel);
                    match self.auth.refused(&credential, already) {
                        Refusal::Renew if !already => continue,
                        Refusal::Renew => Failed::fatal(self.refused(&body, FRESH_REFUSED_HINT)),
                        Refusal::Final { hint } => Failed::fatal(self.refused(&body, hint)),
                    }
                }
            };
            return (Some(status), Err(failed));
        }
    }

    /// A credential could not be obtained: nothing of the operation was
    /// sent, so the failure is retried whenever it is worth it. (A refused
    /// token request has already closed the gate.)
    fn credential_failed(&self, error: Error) -> Failed {
        let wait = match &error {
            Error::RateLimited {
                reset_at: Some(reset),
                ..
            } => Some(self.spread(crate::retry::wait_until(*reset))),
            _ => None,
        };
        let retry = error.is_retryable().then_some(wait);
        Failed { error, retry }
    }

    /// `wait` for a reset, plus a jittered share of the spread that keeps
    /// it within the policy's bound (a reset within the bound stays waited
    /// for, whatever the jitter).
    fn spread(&self, wait: Duration) -> Duration {
        let room = self.retry.max_rate_limit_wait().saturating_sub(wait);
        wait + self.gate.jitter().min(room)
    }

    fn refused(&self, body: &ErrorBody, hint: &'static str) -> Error {
        let service = self.telemetry.service();
        let message = match &body.message {
            Some(m) => m.clone(),
            None if !body.raw.trim().is_empty() => body.raw.clone(),
            None => format!("{service} refused the credentials"),
        };
        Error::Authentication {
            service,
            status: Some(401),
            message,
            hint,
        }
    }

    /// Maps failures that are not an HTTP answer.
    fn failure(
        &self,
        operation: Operation,
        e: PError<ByteStream>,
        credential: &Credential,
    ) -> Failed {
        let name = operation.name;
        match e {
            PError::CommunicationError(e)
            | PError::ResponseBodyError(e)
            | PError::InvalidUpgrade(e) => {
                let (error, retry) = classify::transport_failure(name, e);
                Failed {
                    error,
                    retry: retry.then_some(None),
                }
            }
            PError::InvalidResponsePayload(body, e) => {
                // serde's message may quote the body, which may echo a secret.
                let secrets = self.secrets(credential);
                Failed::fatal(classify::decode_error(
                    name,
                    redact(&e.to_string(), &secrets),
                    crate::body::kept_text_redacted(&body, &secrets),
                ))
            }
            // Raised by the generated code before sending (a header it could
            // not build): nothing was sent, and sending again cannot help.
            PError::InvalidRequest(problem) | PError::Custom(problem) => {
                Failed::fatal(classify::not_sent(name, problem))
            }
            // Answers are mapped by the caller; reaching here is a bug,
            // reported as a failure that did not send anything.
            PError::ErrorResponse(answer) => Failed::fatal(classify::not_sent(
                name,
                format!("unhandled answer {}", answer.status()),
            )),
            PError::UnexpectedResponse(answer) => Failed::fatal(classify::not_sent(
                name,
                format!("unhandled answer {}", answer.status()),
            )),
        }
    }

    fn secrets<'a>(&'a self, credential: &'a Credential) -> Vec<&'a str> {
        let mut secrets = self.auth.secrets();
        secrets.push(credential.secret_text());
        secrets
    }
}

/// A rate-limit refusal's reset time and status, for the gate.
fn refusal(verdict: &Verdict) -> Option<(chrono::DateTime<chrono::FixedOffset>, u16)> {
    match verdict {
        Verdict::Retry {
            error:
                Error::RateLimited {
                    reset_at: Some(reset),
                    status,
                    ..
                },
            ..
        } => Some((*reset, *status)),
        _ => None,
    }
}

/// Used when an authenticator asks for a second renewal in one call, which
/// the pipeline never grants.
const FRESH_REFUSED_HINT: &str = "the server refused a freshly obtained credential";

/// At most [`MAX_RAW_ERROR_TEXT`] bytes of a body, as text.
fn kept_text(body: &[u8]) -> String {
    String::from_utf8_lossy(&body[..body.len().min(MAX_RAW_ERROR_TEXT)]).into_owned()
}

fn millis(since: Instant) -> u64 {
    duration_ms(since.elapsed())
}

fn duration_ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
