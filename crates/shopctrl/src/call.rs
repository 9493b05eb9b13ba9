//! The one place that runs an operation: its tracing span, the retry loop,
//! and the mapping of the generated client's errors into [`Error`].

use crate::client::Client;
use crate::error::{Error, Result};
use api_runtime::body::ErrorBody;
use api_runtime::retry::{Attempt, Idempotency, is_retryable_status};
use api_runtime::secret::redact;
use progenitor_client::{ByteStream, ResponseValue};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use std::time::Instant;
use tracing::Instrument as _;
use tracing::field::Empty;

/// What the generated client's operation methods return.
pub(crate) type ApiResult<T> =
    std::result::Result<ResponseValue<T>, progenitor_client::Error<ByteStream>>;

/// Shown in [`Error::Authentication`]: ShopCtrl's Basic credentials do not
/// expire, so a 401 means they are wrong or were changed.
pub(crate) const AUTHENTICATION_HINT: &str = "check the API user's name and password \
(SHOPCTRL_USERNAME / SHOPCTRL_PASSWORD); the API user's password may have been changed \
in ShopCtrl. Basic credentials do not expire, so retrying with the same ones will not help";

/// Runs a status-only operation (every ShopCtrl operation this crate wraps
/// answers with a status and no body): `send` is called once per attempt.
///
/// The span `shopctrl.call` carries `operation` and, per attempt, `attempt`,
/// `status` and `latency_ms` (as the sellercloud crate's span does). Nothing
/// in it or its events comes from the request headers, so no credential can
/// reach a trace.
pub(crate) async fn run<F, Fut>(
    client: &Client,
    operation: &'static str,
    idempotency: Idempotency,
    mut send: F,
) -> Result<()>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ApiResult<()>>,
{
    let span = tracing::info_span!(
        "shopctrl.call",
        operation,
        attempt = Empty,
        status = Empty,
        latency_ms = Empty,
    );
    let limit = client.max_response_bytes();
    let secrets = client.secrets();
    let secrets = &secrets;
    let span_ref = &span;
    async {
        let result = api_runtime::retry::run(client.retry_policy(), |attempt| {
            span_ref.record("attempt", attempt);
            let sent = send();
            async move {
                let started = Instant::now();
                let outcome = sent.await;
                let status = outcome_status(&outcome).map(|s| s.as_u16());
                let verdict = classify(operation, outcome, idempotency, limit, secrets).await;
                let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
                span_ref.record("latency_ms", latency_ms);
                if let Some(status) = status {
                    span_ref.record("status", status);
                }
                if let Attempt::Retry { error, wait } = &verdict {
                    tracing::info!(
                        attempt,
                        status,
                        latency_ms,
                        wait_ms = wait.map(|w| w.as_millis() as u64),
                        error = %error,
                        "attempt failed; retrying if the retry policy allows"
                    );
                }
                verdict
            }
        })
        .await;
        match &result {
            Ok(()) => tracing::debug!("call succeeded"),
            Err(error) => tracing::info!(error = %error, "call failed"),
        }
        result
    }
    .instrument(span.clone())
    .await
}

fn outcome_status(outcome: &ApiResult<()>) -> Option<StatusCode> {
    match outcome {
        Ok(value) => Some(value.status()),
        Err(e) => e.status(),
    }
}

/// Decides what one attempt came to: done (success or a final error), or
/// worth another attempt.
async fn classify(
    operation: &'static str,
    outcome: ApiResult<()>,
    idempotency: Idempotency,
    limit: usize,
    secrets: &[&str],
) -> Attempt<(), Error> {
    use progenitor_client::Error as E;
    let idempotent = idempotency == Idempotency::Idempotent;
    match outcome {
        Ok(_) => Attempt::Done(Ok(())),
        Err(E::ErrorResponse(value)) => {
            let status = value.status();
            let headers = value.headers().clone();
            let body = read_stream(value.into_inner(), limit).await;
            from_status(status, &headers, body, idempotent, secrets)
        }
        // A status the spec does not list (204, 404, 429, 503, ...).
        Err(E::UnexpectedResponse(response)) => {
            let status = response.status();
            if status.is_success() {
                return Attempt::Done(Ok(()));
            }
            let headers = response.headers().clone();
            let body = BodyRead::from(api_runtime::body::read_limited(response, limit).await);
            from_status(status, &headers, body, idempotent, secrets)
        }
        Err(E::CommunicationError(e)) => from_transport(operation, e, idempotent),
        Err(E::ResponseBodyError(e)) | Err(E::InvalidUpgrade(e)) => {
            Attempt::Done(Err(Error::Decode {
                operation,
                problem: too_large_or(&e),
                body: String::new(),
            }))
        }
        Err(E::InvalidResponsePayload(bytes, e)) => Attempt::Done(Err(Error::Decode {
            operation,
            problem: e.to_string(),
            body: redact(&ErrorBody::decode(&bytes).raw, secrets),
        })),
        // Raised by the generated code before sending (a header it could not
        // build): a problem of the request as a whole.
        Err(E::InvalidRequest(problem)) | Err(E::Custom(problem)) => {
            let mut v = api_runtime::validate::Validator::new();
            v.fail("", problem);
            Attempt::Done(Err(Error::Validation(
                v.finish().expect_err("one violation was recorded"),
            )))
        }
    }
}

/// An error answer's body, read up to the client's bound.
enum BodyRead {
    Complete(Vec<u8>),
    TooLarge(String),
    Failed(String),
}

async fn read_stream(stream: ByteStream, limit: usize) -> BodyRead {
    BodyRead::from(api_runtime::body::read_stream_limited(stream.into_inner(), limit).await)
}

impl<B: AsRef<[u8]>> From<std::result::Result<B, api_runtime::body::ReadError>> for BodyRead {
    fn from(read: std::result::Result<B, api_runtime::body::ReadError>) -> Self {
        match read {
            Ok(bytes) => BodyRead::Complete(bytes.as_ref().to_vec()),
            Err(api_runtime::body::ReadError::TooLarge(too_large)) => {
                BodyRead::TooLarge(too_large.to_string())
            }
            Err(api_runtime::body::ReadError::Transport(e)) => BodyRead::Failed(e.to_string()),
        }
    }
}

fn from_status(
    status: StatusCode,
    headers: &HeaderMap,
    body: BodyRead,
    idempotent: bool,
    secrets: &[&str],
) -> Attempt<(), Error> {
    let code = status.as_u16();
    // The status decides; a body that could not be read only loses detail.
    let decoded = match body {
        BodyRead::Complete(bytes) => ErrorBody::decode(&bytes).redacted(secrets),
        BodyRead::TooLarge(problem) | BodyRead::Failed(problem) => ErrorBody {
            raw: format!("(body not read: {problem})"),
            ..ErrorBody::default()
        },
    };
    if code == 401 {
        let message = match decoded.message {
            Some(m) => m,
            None if !decoded.raw.trim().is_empty() => decoded.raw,
            None => "ShopCtrl refused the credentials".to_owned(),
        };
        return Attempt::Done(Err(Error::Authentication {
            status: Some(code),
            message,
            hint: AUTHENTICATION_HINT,
        }));
    }
    let retryable = idempotent && is_retryable_status(code);
    let wait = server_wait(&decoded, headers);
    let error = if code == 429 {
        Error::RateLimited {
            status: code,
            reset_at: decoded.rate_limit_reset,
            message: decoded.message,
        }
    } else {
        Error::Api {
            status: code,
            message: decoded.message,
            field_errors: decoded.field_errors,
            body: decoded.raw,
        }
    };
    if retryable {
        Attempt::Retry { error, wait }
    } else {
        Attempt::Done(Err(error))
    }
}

/// Replaces every occurrence of each non-empty secret in `text`.
/// How long the server asked to wait: a `RateLimitResetTime` in the body, or
/// a `Retry-After` header in seconds (the vendor documents neither for
/// ShopCtrl; both are honoured when present, within the policy's bound).
fn server_wait(body: &ErrorBody, headers: &HeaderMap) -> Option<Duration> {
    if let Some(reset) = body.rate_limit_reset {
        return Some(api_runtime::retry::wait_until(reset));
    }
    headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

fn from_transport(
    operation: &'static str,
    e: reqwest::Error,
    idempotent: bool,
) -> Attempt<(), Error> {
    if let Some(too_large) = api_runtime::body::is_body_too_large(&e) {
        return Attempt::Done(Err(Error::Decode {
            operation,
            problem: too_large.to_string(),
            body: String::new(),
        }));
    }
    if e.is_builder() {
        return Attempt::Done(Err(Error::Transport {
            operation,
            may_have_been_applied: false,
            source: Arc::new(e),
        }));
    }
    // A failed connect never reached the server: safe to retry for any
    // operation. Anything later may have, so only idempotent ones are re-sent.
    let reached_server = !e.is_connect();
    let retry = idempotent || !reached_server;
    let error = if e.is_timeout() {
        Error::Timeout {
            operation,
            may_have_been_applied: reached_server,
        }
    } else {
        Error::Transport {
            operation,
            may_have_been_applied: reached_server,
            source: Arc::new(e),
        }
    };
    if retry {
        Attempt::Retry { error, wait: None }
    } else {
        Attempt::Done(Err(error))
    }
}

fn too_large_or(e: &reqwest::Error) -> String {
    match api_runtime::body::is_body_too_large(e) {
        Some(too_large) => too_large.to_string(),
        None => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echoed_credentials_are_scrubbed_from_every_kept_text() {
        let secrets = ["pa55word-xyz", "YXBpLXVzZXI6cGE1NXdvcmQteHl6"];
        let body = br#"{"Message": "bad Basic YXBpLXVzZXI6cGE1NXdvcmQteHl6",
            "ModelState": {"pa55word-xyz": ["was pa55word-xyz"]}}"#;
        for status in [400u16, 401, 429, 500] {
            let attempt = from_status(
                StatusCode::from_u16(status).unwrap(),
                &HeaderMap::new(),
                BodyRead::Complete(body.to_vec()),
                false,
                &secrets,
            );
            let Attempt::Done(Err(e)) = attempt else {
                panic!("{status}: not a final error");
            };
            let text = format!("{e:?} {e}");
            assert!(text.contains("[redacted]"), "{status}: {text}");
            assert!(
                !text.contains("pa55word") && !text.contains("YXBpLXVzZXI6"),
                "{status}: {text}"
            );
        }
    }
}
