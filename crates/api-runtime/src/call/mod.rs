//! The one call pipeline of both clients: every operation of either vendor
//! runs through [`Runtime::invoke`] (or [`Runtime::invoke_with`], with
//! per-call [`CallSettings`]).
//!
//! One call is a loop of attempts (see [`RetryPolicy`] for the bounds). Each
//! attempt runs four phases, each a method of its own, in the manner of
//! smithy-rs' orchestrator:
//!
//! 1. **admit** ([`gate`]): wait while the client's rate-limit gate holds
//!    calls (a known reset, a learnt window size, the pace); the time held
//!    is the server's, not the call's, so it does not count against
//!    `max_elapsed`;
//! 2. **authenticate**: a credential from the client's [`Authenticator`]; a
//!    failure there (a token endpoint answering 500, a timeout) sent nothing
//!    of the operation, so it is retried for every operation, creates
//!    included;
//! 3. **transmit**: the request with exactly that credential, within the
//!    call's timeout; the answer's `Date` feeds the [`ServerClock`];
//! 4. **conclude**: read and classify the answer ([`classify`]): success,
//!    retry after a wait, renew the credential once (a 401) and send again,
//!    or fail. A rate-limit refusal of a call the gate sent as a probe goes
//!    back to phase 1 in the same attempt: the gate invited it, so it costs
//!    the call no attempt.
//!
//! Whether a retry is *safe* is the operation's [`Idempotency`]: an
//! idempotent operation is re-sent after any retryable failure; a
//! non-idempotent one (a create) only when the failed attempt certainly was
//! not applied ([`Error::may_have_been_applied`] is false: the connection
//! could not be made, the credential could not be obtained, the rate limiter
//! refused it). The error that ends a call says how many attempts were made
//! and why no more were ([`Error::attempts`]).
//!
//! Answer bodies are read within the client's `max_response_bytes`; texts
//! kept in errors are scrubbed of the credentials; one span per call and one
//! per attempt are recorded ([`Telemetry`]).

pub mod classify;
mod clock;
pub mod gate;
mod operation;
mod settings;
mod telemetry;

pub use classify::{Answer, Classify, Verdict};
pub use clock::ServerClock;
pub use operation::{Operation, RawAnswer, Reply, read_answer};
pub use settings::{CallSettings, NO_SETTINGS};
#[doc(hidden)]
pub use telemetry::__tracing;
pub use telemetry::Telemetry;

use crate::auth::{Authenticator, Credential, Refusal};
use crate::body::{ErrorBody, MAX_RAW_ERROR_TEXT, ReadError};
use crate::error::{Attempts, Error, Result, Stop};
use crate::retry::{Idempotency, RetryPolicy};
use crate::secret::redact;
use gate::{Admission, RateGate};
use progenitor_client::{ByteStream, Error as PError, ResponseValue};
use std::future::Future;
use std::time::{Duration, Instant};
use tracing::Instrument;

/// What the generated clients' operation methods return.
pub type ApiResult<T> = std::result::Result<ResponseValue<T>, PError<ByteStream>>;

/// Whether another attempt can help, and when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Retry {
    /// Final: another attempt would fail the same way.
    No,
    /// Worth another attempt after the policy's backoff.
    AfterBackoff,
    /// Worth another attempt after the wait the server asked for (a rate
    /// limit's reset, a `Retry-After`).
    After(Duration),
}

/// A failed attempt, and whether another one can help.
struct Failed {
    error: Error,
    retry: Retry,
}

impl Failed {
    fn fatal(error: Error) -> Self {
        Failed {
            error,
            retry: Retry::No,
        }
    }
}

/// What one call has done so far, across its attempts.
struct CallState {
    /// The current attempt, 1-based.
    attempt: u32,
    started: tokio::time::Instant,
    /// Time spent in waits the server asked for and in the rate-limit
    /// gate: not the call's own time, so not counted against `max_elapsed`.
    server_waits: Duration,
    /// A credential was renewed in this call (at most once).
    renewed: bool,
    /// The last HTTP status seen, for the call's span.
    status: Option<u16>,
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

    /// The client's estimate of its server's clock, from the `Date` of the
    /// answers so far: the one place to read the server's time
    /// ([`ServerClock::now`]) or measure a time the server named
    /// ([`ServerClock::until`]).
    pub fn server_clock(&self) -> &ServerClock {
        self.gate.clock()
    }

    /// The client's rate-limit gate.
    pub fn rate_gate(&self) -> &RateGate {
        &self.gate
    }

    /// Runs `operation` with the client's settings; see
    /// [`Self::invoke_with`].
    pub async fn invoke<R, F, Fut>(&self, operation: Operation, send: F) -> Result<Reply<R>>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = ApiResult<R>>,
    {
        self.invoke_with(&CallSettings::default(), operation, send)
            .await
    }

    /// Runs `operation` with `settings` over the client's: `send` makes one
    /// request with the generated client and is called once per attempt
    /// (and once more after a credential was renewed).
    ///
    /// The loop of attempts: each one runs its phases (see the module
    /// docs); a failure is retried when it is worth it, safe for the
    /// operation, and within the policy. The error that ends the call says
    /// how many attempts were made and why no more were
    /// ([`Error::attempts`]).
    pub async fn invoke_with<R, F, Fut>(
        &self,
        settings: &CallSettings,
        operation: Operation,
        send: F,
    ) -> Result<Reply<R>>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = ApiResult<R>>,
    {
        let policy = settings.policy(&self.retry);
        // The call span gets its summary (attempts made, last status, total
        // latency) once at the end; each attempt has its own child span, so
        // no field is recorded twice.
        let span = self.telemetry.call_span(operation.name);
        // Latency is only measured for a span a subscriber records: reading
        // the clock per call was a measurable share of the SDK's per-call
        // cost (BENCHMARKS.md).
        let started = (!span.is_disabled()).then(Instant::now);
        let mut call = CallState {
            attempt: 1,
            started: tokio::time::Instant::now(),
            server_waits: Duration::ZERO,
            renewed: false,
            status: None,
        };
        let result = async {
            loop {
                let attempt_span = self.telemetry.attempt_span(call.attempt);
                let attempt_started = (!attempt_span.is_disabled()).then(Instant::now);
                let outcome = self
                    .attempt(&mut call, &policy, settings, operation, &send)
                    .instrument(attempt_span.clone())
                    .await;
                if let Some(status) = call.status {
                    attempt_span.record("status", status);
                }
                if let Some(attempt_started) = attempt_started {
                    attempt_span.record("latency_ms", millis(attempt_started));
                }
                let Failed { error, retry } = match outcome {
                    Ok(reply) => return Ok(reply),
                    Err(failed) => failed,
                };
                let wait = match self.next_attempt(&policy, &call, operation, &error, retry) {
                    Ok(wait) => wait,
                    Err(stopped) => {
                        let made = call.attempt;
                        let noted = made > 1 || stopped != Stop::NotRetryable;
                        return Err(if noted {
                            error.with_attempts(Attempts { made, stopped })
                        } else {
                            error
                        });
                    }
                };
                attempt_span.in_scope(|| {
                    let shown = (retry != Retry::AfterBackoff).then(|| duration_ms(wait));
                    self.telemetry.attempt_failed(shown, &error);
                });
                if retry != Retry::AfterBackoff {
                    call.server_waits += wait;
                }
                tokio::time::sleep(wait).await;
                call.attempt += 1;
            }
        }
        .instrument(span.clone())
        .await;
        span.record("attempt", call.attempt);
        if let Some(status) = call.status {
            span.record("status", status);
        }
        if let Some(started) = started {
            span.record("latency_ms", millis(started));
        }
        let result = result.map_err(|e| operation.interpret(e));
        span.in_scope(|| self.telemetry.call_finished(result.as_ref().err()));
        result
    }

    /// The wait before the next attempt after `error`, or why there is none.
    fn next_attempt(
        &self,
        policy: &RetryPolicy,
        call: &CallState,
        operation: Operation,
        error: &Error,
        retry: Retry,
    ) -> std::result::Result<Duration, Stop> {
        let safe =
            operation.idempotency == Idempotency::Idempotent || !error.may_have_been_applied();
        match retry {
            Retry::No => Err(Stop::NotRetryable),
            _ if !safe => Err(Stop::NotSafe),
            Retry::After(wait) if wait > policy.max_rate_limit_wait() => Err(Stop::WaitTooLong),
            _ if call.attempt >= policy.max_attempts() => Err(Stop::MaxAttempts),
            Retry::After(wait) => Ok(wait),
            Retry::AfterBackoff => {
                let wait = policy.backoff(call.attempt);
                let spent = call.started.elapsed().saturating_sub(call.server_waits);
                if policy.allows_another(call.attempt, spent, wait) {
                    Ok(wait)
                } else {
                    Err(Stop::MaxElapsed)
                }
            }
        }
    }

    /// One attempt, in phases: [`Self::admit`] (the rate-limit gate),
    /// [`Self::authenticate`] (a credential), [`Self::transmit`] (one
    /// request), then the answer is read and classified
    /// ([`Self::conclude`]). A refused credential (once per call) and a
    /// refusal the gate's own probing invited go round again within the
    /// same attempt.
    async fn attempt<R, F, Fut>(
        &self,
        call: &mut CallState,
        policy: &RetryPolicy,
        settings: &CallSettings,
        operation: Operation,
        send: &F,
    ) -> std::result::Result<Reply<R>, Failed>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = ApiResult<R>>,
    {
        // The gate holds this attempt at most this long in all.
        let mut gate_budget = policy.max_rate_limit_wait();
        loop {
            let ticket = self
                .gate
                .admit_within(Admission::Call, gate_budget)
                .await
                .map_err(|error| Failed {
                    error,
                    // The gate would hold the call longer than its policy
                    // waits.
                    retry: Retry::After(Duration::MAX),
                })?;
            let held = ticket.held();
            gate_budget = gate_budget.saturating_sub(held);
            call.server_waits += held;
            let credential = self.authenticate(call).await?;
            let sent = self.transmit(settings, operation, send, &credential).await;
            let answer = match sent {
                Transmitted::Parsed(status, reply) => {
                    ticket.answered(None);
                    call.status = Some(status);
                    return Ok(reply);
                }
                Transmitted::Failed(failed) => {
                    call.status = None;
                    return Err(failed);
                }
                Transmitted::Answer(answer) => answer,
            };
            call.status = Some(answer.status);
            match self.conclude(operation, answer, &credential, ticket, call) {
                Concluded::Done(outcome) => return outcome,
                Concluded::Again => {}
            }
        }
    }

    /// Phase 2: a credential. A failure sent nothing of the operation, so it
    /// is retried whenever it is worth it. (A refused token request has
    /// already closed the gate.)
    async fn authenticate(&self, call: &mut CallState) -> std::result::Result<Credential, Failed> {
        self.auth.credential(&self.gate).await.map_err(|error| {
            call.status = error.status();
            let retry = match &error {
                _ if !error.is_retryable() => Retry::No,
                Error::RateLimited {
                    reset_at: Some(reset),
                    ..
                } => Retry::After(self.spread(self.server_clock().until(*reset))),
                _ => Retry::AfterBackoff,
            };
            Failed { error, retry }
        })
    }

    /// Phase 3: one request with exactly `credential`, within the call's
    /// timeout; the answer's `Date` feeds the server's clock.
    async fn transmit<R, F, Fut>(
        &self,
        settings: &CallSettings,
        operation: Operation,
        send: &F,
        credential: &Credential,
    ) -> Transmitted<R>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = ApiResult<R>>,
    {
        let sent_at = tokio::time::Instant::now();
        // The generated request future (reqwest's and the hooks' state) is
        // several kilobytes: boxed once here, the futures around it (the
        // task-local scopes, the timeout, the attempt, the call and their
        // spans) stay small, instead of each copying it whole when it is
        // moved into them (BENCHMARKS.md, "Where the SDK's time goes").
        let request =
            crate::hooks::with_authorization(credential.header().clone(), Box::pin(send()));
        let sent = match settings.get_timeout() {
            Some(timeout) => {
                let request = crate::hooks::with_timeout(timeout, request);
                match tokio::time::timeout(timeout, request).await {
                    Ok(sent) => sent,
                    Err(_) => {
                        return Transmitted::Failed(Failed {
                            error: Error::Timeout {
                                operation: operation.name,
                                may_have_been_applied: true,
                                attempts: None,
                            },
                            retry: Retry::AfterBackoff,
                        });
                    }
                }
            }
            None => request.await,
        };
        let received_at = tokio::time::Instant::now();
        match sent {
            Ok(answer) => {
                self.server_clock()
                    .observe(sent_at, received_at, answer.headers());
                Transmitted::Parsed(answer.status().as_u16(), Reply::Parsed(answer.into_inner()))
            }
            Err(e) => match read_answer(e, self.max_response_bytes).await {
                Ok(answer) => {
                    self.server_clock()
                        .observe(sent_at, received_at, &answer.headers);
                    Transmitted::Answer(answer)
                }
                Err(other) => Transmitted::Failed(self.failure(operation, other, credential)),
            },
        }
    }

    /// Phase 4: what an answer the generated client did not decode means,
    /// reported to the gate.
    fn conclude<R>(
        &self,
        operation: Operation,
        answer: RawAnswer,
        credential: &Credential,
        ticket: gate::Ticket<'_>,
        call: &mut CallState,
    ) -> Concluded<R> {
        let RawAnswer {
            status,
            headers,
            body: read,
        } = answer;
        if (200..300).contains(&status) {
            ticket.answered(None);
            // An undocumented success still carries the answer (a new
            // ID): it must be read whole, so a body past the bound is a
            // decode failure rather than a truncated answer.
            return Concluded::Done(match read {
                Ok(body) => Ok(Reply::Other { status, body }),
                Err(ReadError::TooLarge(too_large)) => Err(Failed::fatal(classify::decode_error(
                    operation.name,
                    too_large.to_string(),
                    String::new(),
                ))),
                Err(ReadError::Transport(e)) => Err(transport_failed(classify::transport_failure(
                    operation.name,
                    e,
                ))),
            });
        }
        let secrets = self.secrets(credential);
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
        let probe = ticket.is_probe();
        match &verdict {
            Verdict::Retry {
                error:
                    Error::RateLimited {
                        reset_at, status, ..
                    },
                ..
            } => match reset_at {
                Some(reset) => ticket.answered(Some((*reset, *status))),
                None => ticket.refused_without_reset(),
            },
            _ => ticket.answered(None),
        }
        let failed = match verdict {
            Verdict::Success => {
                return Concluded::Done(Ok(Reply::Other {
                    status,
                    body: raw.unwrap_or_default(),
                }));
            }
            // The gate sent this call to ask whether the window has more
            // room; the answer is no. That costs the call nothing: back to
            // the gate, which now holds until the reset.
            Verdict::Retry {
                error:
                    Error::RateLimited {
                        reset_at: Some(_), ..
                    },
                ..
            } if probe => return Concluded::Again,
            Verdict::Retry { error, wait } => {
                let retry = match (&error, wait) {
                    // Calls refused together go out again spread, as the
                    // calls the gate held do; the gate holds them until the
                    // reset on the server's clock.
                    (
                        Error::RateLimited {
                            reset_at: Some(reset),
                            ..
                        },
                        _,
                    ) => Retry::After(self.spread(self.server_clock().until(*reset))),
                    (_, Some(wait)) => Retry::After(wait),
                    (_, None) => Retry::AfterBackoff,
                };
                Failed { error, retry }
            }
            Verdict::Fail(error) => Failed::fatal(error),
            Verdict::RenewCredentials => {
                let already = std::mem::replace(&mut call.renewed, true);
                match self.auth.refused(credential, already) {
                    Refusal::Renew if !already => return Concluded::Again,
                    Refusal::Renew => Failed::fatal(self.refused(&body, FRESH_REFUSED_HINT)),
                    Refusal::Final { hint } => Failed::fatal(self.refused(&body, hint)),
                }
            }
        };
        Concluded::Done(Err(failed))
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
            | PError::InvalidUpgrade(e) => transport_failed(classify::transport_failure(name, e)),
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

/// What sending one request came to.
enum Transmitted<R> {
    /// The documented success, decoded, with its status.
    Parsed(u16, Reply<R>),
    /// Another answer, to be read and classified.
    Answer(RawAnswer),
    /// No answer.
    Failed(Failed),
}

/// What an answer means for the attempt.
enum Concluded<R> {
    /// The attempt is over.
    Done(std::result::Result<Reply<R>, Failed>),
    /// Go round again in the same attempt: a renewed credential, or a
    /// probe's refusal.
    Again,
}

/// A transport failure, retried after a backoff when worth it.
fn transport_failed((error, worth_it): (Error, bool)) -> Failed {
    let retry = if worth_it {
        Retry::AfterBackoff
    } else {
        Retry::No
    };
    Failed { error, retry }
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
